package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review of LineItem.EntryLabel and ReversalOf: every listing (by account,
// by partner, by partner and account) gives each line its entry's label
// and reversal, a reversal and a foreign entry included; the reflection
// decoder reads the same logLines as the hand-written one.
func TestReviewLineItemEntryFields(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			unlabelled := mustPost(t, f.b, journal.Entry{Journal: "OD", Date: d(3, 8), Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("5.00")}, {Account: "512000", Balance: e("-5.00")}}})
			rev2, err := f.b.Reverse(ctx, unlabelled.ID, ReverseOptions{Label: "Annulation"})
			require.NoError(t, err)
			want := map[journal.ID]journal.Entry{}
			for _, x := range []journal.Entry{f.inv, f.pay, f.inv2, f.p2, f.inv3, f.p3, f.mistake, f.rev, f.usdInv, f.gen, unlabelled, rev2.Entry} {
				want[x.ID] = x
			}
			seen := 0
			for _, lf := range []LineFilter{{Account: "411000"}, {Account: "512000"}, {Partner: "C1"}, {Partner: "C2"}, {Partner: "C2", Account: "411000"}, {Account: "706000"}} {
				for it, err := range f.b.Lines(ctx, lf) {
					require.NoError(t, err)
					x, ok := want[it.Ref.Entry]
					require.True(t, ok, "%+v", it)
					assert.Equal(t, x.Label, it.EntryLabel, "%v %s", lf, x.Name())
					assert.Equal(t, x.ReversalOf, it.ReversalOf, "%v %s", lf, x.Name())
					seen++
				}
			}
			assert.Greater(t, seen, 20)
			require.NoError(t, f.b.View(ctx, func(tx *Tx) error {
				for _, x := range want {
					_, raw, err := tx.logRaw(seqKey(x.Seq))
					require.NoError(t, err)
					var fast, slow logLines
					require.True(t, readLogLines(raw[logHeader:], &fast))
					require.NoError(t, decode(raw[logHeader:], &slow))
					assert.Equal(t, fast, slow, x.Name())
				}
				return nil
			}))
		})
	}
}
