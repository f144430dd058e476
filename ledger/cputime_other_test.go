//go:build !unix

package ledger_test

import "time"

// cpuTime cannot tell the CPU time here.
func cpuTime() time.Duration { return -1 }
