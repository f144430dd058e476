package ledger

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// forget drops what the transaction kept of the lines it only read, and
// makes it read again even those it wrote: their states, waiting for
// flush, are then read where they wait, as from the store. A test's way
// to read a transaction's lines without its caches.
func (k *keptLines) forget() {
	k.dropRead()
	for i := range k.lines {
		k.lines[i].has = 0
	}
}

// keptLines against a plain map, through adds, lookups of lines just
// used and long unused, writes, drops of the lines only read past
// keptLinesMax, flushes and resets: the recent lines it looks at first
// never hand out another line's state.
func TestKeptLinesRecentAgainstMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 5))
	var k keptLines
	model := map[journal.LineRef]Residual{} // what each kept line holds
	written := map[journal.LineRef]bool{}
	refs := make([]journal.LineRef, 3*keptLinesMax)
	for i := range refs {
		refs[i] = journal.LineRef{Entry: journal.NewID(), Index: i % 3}
	}
	amount := func(n int) Residual {
		return Residual{Balance: currency.FromMinor(currency.MustLookup("EUR"), int64(n))}
	}
	drops := 0
	for step := range 60_000 {
		ref := refs[rng.IntN(len(refs))]
		if rng.IntN(4) > 0 { // mostly the lines just used, as a lettering does
			ref = refs[(step/7)%len(refs)]
		}
		switch op := rng.IntN(100); {
		case op < 50:
			l := k.get(ref)
			want, ok := model[ref]
			if l == nil {
				require.False(t, ok && written[ref], "step %d: a written line was dropped", step)
				continue
			}
			require.True(t, ok, "step %d: %v kept but never added", step, ref)
			require.Equal(t, ref, l.ref, "step %d", step)
			require.True(t, want.Balance.Equal(l.residual.Balance), "step %d: %v holds %s, want %s", step, ref, l.residual.Balance, want.Balance)
		case op < 90:
			l := k.add(ref)
			r := amount(step)
			l.residual = r
			model[ref] = r
			if rng.IntN(3) == 0 {
				k.write(l)
				written[ref] = true
			}
		case op < 99:
			k.flushed()
			clear(written)
		}
		if step == 40_000 {
			k.reset()
			clear(model)
			clear(written)
		}
		if l := len(k.lines); l < len(model) { // lines only read were dropped
			drops++
			for ref := range model {
				if k.get(ref) == nil && !written[ref] {
					delete(model, ref)
				}
			}
		}
	}
	require.Positive(t, drops, "the lines only read were never dropped")
}
