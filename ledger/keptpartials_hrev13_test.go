package ledger

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
)

// keptPartials: a put replaces, a drop forgets (a later put under the
// same id is read back, not the dropped one), a put past partialsMax
// drops the others but keeps itself, and a reset (reclaim between
// transactions) leaves nothing readable.
func TestHrev13KeptPartials(t *testing.T) {
	var k keptPartials
	mk := func(i int, kind journal.PartialKind) journal.Partial {
		var id journal.ID
		id[0], id[1], id[2] = byte(i>>16), byte(i>>8), byte(i)
		return journal.Partial{ID: id, Kind: kind, Date: journal.MustDate(2026, 1, 1+i%28)}
	}
	_, ok := k.get(mk(1, 0).ID)
	require.False(t, ok)
	k.put(mk(1, 1))
	k.put(mk(1, 2))
	p, ok := k.get(mk(1, 0).ID)
	require.True(t, ok)
	require.Equal(t, journal.PartialKind(2), p.Kind)
	k.drop(mk(1, 0).ID)
	_, ok = k.get(mk(1, 0).ID)
	require.False(t, ok, "dropped")
	k.put(mk(1, 3))
	p, ok = k.get(mk(1, 0).ID)
	require.True(t, ok)
	require.Equal(t, journal.PartialKind(3), p.Kind)
	for i := 2; i <= partialsMax+5; i++ {
		k.put(mk(i, 1))
		p, ok := k.get(mk(i, 0).ID)
		require.True(t, ok, "just put %d", i)
		require.Equal(t, mk(i, 1), p)
	}
	for i := partialsMax - 10; i <= partialsMax+5; i++ {
		if p, ok := k.get(mk(i, 0).ID); ok {
			require.Equal(t, mk(i, 1), p, "%d kept as put", i)
		}
	}
	k.reset()
	for i := 1; i <= partialsMax+5; i++ {
		_, ok := k.get(mk(i, 0).ID)
		require.False(t, ok, "%d after reset", i)
	}
	k.put(mk(7, 2))
	p, ok = k.get(mk(7, 0).ID)
	require.True(t, ok)
	require.Equal(t, mk(7, 2), p)
}
