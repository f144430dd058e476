//go:build unix

package ledger_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used (user and system, all
// threads), or -1 where it cannot tell.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
