package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// TestMatchRefusesALineTwice: the book itself refuses a match naming one
// line twice, whatever its caller checked before.
func TestMatchRefusesALineTwice(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			ref := journal.LineRef{Entry: journal.NewID(), Index: 0}
			err := b.Update(ctx, func(tx *Tx) error {
				_, err := putMatchCounted(tx, journal.Match{Code: "AAA", Account: "411000", Partner: "C1",
					Lines: []journal.LineRef{ref, {Entry: ref.Entry, Index: 1}, ref}, Date: d(3, 1)})
				return err
			})
			require.ErrorIs(t, err, ErrMatch)
			require.ErrorContains(t, err, "twice")
		})
	}
}
