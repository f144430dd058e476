package journal

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// newV7 lays an id out as uuid.NewV7 does: the clock's milliseconds, the
// fraction of the millisecond in 256-nanosecond steps, version 7, variant
// 10; and when the clock stalls or steps back, the time part goes on from
// the last id, so that ids still increase.
func TestNewV7Layout(t *testing.T) {
	var r bufferedRandom
	at := time.Date(2026, 12, 5, 10, 30, 0, 123_456_789, time.UTC)
	var id ID
	r.newV7(&id, at.UnixNano())
	require.Equal(t, uuid.Version(7), id.Version())
	require.Equal(t, uuid.RFC4122, id.Variant())
	sec, nsec := id.Time().UnixTime()
	require.Equal(t, at.Truncate(time.Millisecond), time.Unix(sec, nsec).UTC())
	frac := int64(id[6]&0x0f)<<8 | int64(id[7])
	require.Equal(t, int64(456_789>>8), frac, "the millisecond's fraction")

	prev := id
	for i, nano := range []int64{at.UnixNano(), at.UnixNano(), at.UnixNano() - int64(time.Second), at.UnixNano() + 1} {
		var next ID
		r.newV7(&next, nano)
		require.Equal(t, 1, bytes.Compare(next[:6+2], prev[:6+2]), "call %d: time part %x after %x", i, next[:8], prev[:8])
		require.Equal(t, uuid.Version(7), next.Version())
		require.Equal(t, uuid.RFC4122, next.Variant())
		prev = next
	}
	// A fraction at its top carries into the milliseconds.
	r.last = at.UnixMilli()<<12 | 0xfff
	r.newV7(&id, at.UnixNano())
	sec, nsec = id.Time().UnixTime()
	require.Equal(t, at.Truncate(time.Millisecond).Add(time.Millisecond), time.Unix(sec, nsec).UTC())
	require.Equal(t, byte(0x70), id[6])
	require.Equal(t, byte(0), id[7])
}

// NewID allocates nothing.
func TestNewIDAllocs(t *testing.T) {
	require.Zero(t, testing.AllocsPerRun(1000, func() { _ = NewID() }))
}
