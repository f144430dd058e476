//go:build !windows && !plan9 && !solaris && !aix && !android

package boltstore

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// lockRetry is how long lock waits between two attempts, bbolt's own pace.
const lockRetry = 50 * time.Millisecond

// lock takes the advisory lock bbolt takes on the file, exclusive for a
// writer, shared for a reader (Options.ReadOnly), waiting at most timeout
// for another process to release it. Open checks the file under it, so
// that a writer in another process cannot be caught halfway through a meta
// page; bbolt then takes the same lock on the same open file, which
// succeeds at once.
func lock(f *os.File, timeout time.Duration, exclusive bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	start := time.Now()
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if err == nil {
			return nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return fmt.Errorf("boltstore: lock %s: %w", f.Name(), err)
		}
		if time.Since(start) > timeout-lockRetry {
			return fmt.Errorf("%w: %s", ErrLocked, f.Name())
		}
		time.Sleep(lockRetry)
	}
}
