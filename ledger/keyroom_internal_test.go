package ledger

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
)

// TestKeyRoomKeys: the keys a keyRoom builds are the bytes the allocating
// builders make, each in memory of its own: filling one to its room, or
// past it, never reaches the next, and a block, once full, is not handed
// out again.
func TestKeyRoomKeys(t *testing.T) {
	date := journal.MustDate(2026, 3, 31)
	id := journal.NewID()
	var r keyRoom
	var keys [][]byte
	for i := 0; i < 3*keyRoomBlock/40; i++ { // several blocks
		seq := uint64(1000 + i)
		built := []struct{ room, alone []byte }{
			{r.seqKey(seq), seqKey(seq)},
			{r.numberKey("VT", date, int64(i)), numberKey("VT", date, int64(i))},
			{r.lineKey("411000", date, seq, i%3), lineKey("411000", date, seq, i%3)},
			{r.partnerLineKey("C000001", "411000", date, seq, i%3), partnerLineKey("C000001", "411000", date, seq, i%3)},
			{r.openKey("411000", "C000001", date, seq, i%3), openKey("411000", "C000001", date, seq, i%3)},
			{r.id(&id), ownedID(&id)},
		}
		for _, b := range built {
			require.Equal(t, b.alone, b.room)
			require.Equal(t, len(b.room), cap(b.room), "a key has no room past its length")
			keys = append(keys, b.room)
		}
	}
	want := make([][]byte, len(keys))
	for i, k := range keys {
		want[i] = append([]byte(nil), k...)
	}
	// An append to a key moves it rather than write over its neighbour.
	grown := append(keys[0], 0xff)
	grown[0] = ^grown[0]
	assert.Equal(t, want, keys, "every key as built")
	alone := (*keyRoom)(nil).take(3)
	assert.Equal(t, 0, len(alone), "a nil room allocates the key alone")
	assert.Equal(t, 3, cap(alone))
}

// TestKeyRoomLargeKey: a key larger than a block gets a block of its own.
func TestKeyRoomLargeKey(t *testing.T) {
	var r keyRoom
	small := append(r.take(4), 1, 2, 3, 4)
	big := r.take(keyRoomBlock + 1)
	require.Equal(t, keyRoomBlock+1, cap(big))
	big = append(big, make([]byte, keyRoomBlock+1)...)
	assert.Equal(t, []byte{1, 2, 3, 4}, small)
	assert.Len(t, big, keyRoomBlock+1)
}
