package main

import (
	"math"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/require"
)

// The command sets the collector's pace and limit only where GOGC and
// GOMEMLIMIT do not.
func TestTuneGC(t *testing.T) {
	pct, lim := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		debug.SetGCPercent(pct)
		debug.SetMemoryLimit(lim)
	})

	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	tuneGC()
	require.Equal(t, gcPercent, debug.SetGCPercent(100))
	require.Equal(t, int64(gcMemoryLimit), debug.SetMemoryLimit(math.MaxInt64))

	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetMemoryLimit(1 << 30)
	tuneGC()
	require.Equal(t, gcPercent, debug.SetGCPercent(100))
	require.Equal(t, int64(1<<30), debug.SetMemoryLimit(math.MaxInt64), "GOMEMLIMIT set: left alone")

	// GOGC=off, or any GOGC, with no limit: the collector is the user's.
	for _, gogc := range []string{"off", "150"} {
		t.Setenv("GOGC", gogc)
		t.Setenv("GOMEMLIMIT", "")
		debug.SetGCPercent(-1)
		tuneGC()
		require.Equal(t, -1, debug.SetGCPercent(100), "GOGC=%s: left alone", gogc)
		require.Equal(t, int64(math.MaxInt64), debug.SetMemoryLimit(math.MaxInt64), "GOGC=%s: no limit imposed", gogc)
	}
}
