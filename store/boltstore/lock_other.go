//go:build windows || plan9 || solaris || aix || android

package boltstore

import (
	"os"
	"time"
)

// lock does nothing where bbolt does not lock with flock: Open checks the
// file before bbolt locks it, and a writer in another process could then be
// caught halfway through a commit (a false ErrCorrupt; retry the Open).
func lock(f *os.File, timeout time.Duration, exclusive bool) error { return nil }
