package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An invoice debits its customer and credits its supplier; a credit note
// runs the other way. A document posted the wrong way for its type is
// refused with ErrDocumentDirection and nothing is written; each right way
// posts, and so does the reversal of each (which runs the other way by
// definition).
func TestDocumentRunsTheWayOfItsType(t *testing.T) {
	doc := func(typ journal.EntryType, account, partner, amount string) journal.Entry {
		other := "706000"
		if account == "401000" {
			other = "607000"
		}
		return journal.Entry{Journal: "VT", Date: d(3, 1), Type: typ, Lines: []journal.Line{
			{Account: account, Partner: partner, Balance: e(amount)},
			{Account: other, Balance: e(amount).Neg()},
		}}
	}
	cases := []struct {
		name  string
		entry journal.Entry
		ok    bool
	}{
		{"customer invoice", doc(journal.TypeInvoice, "411000", "C1", "120.00"), true},
		{"customer credit note", doc(journal.TypeCreditNote, "411000", "C1", "-120.00"), true},
		{"supplier bill", doc(journal.TypeInvoice, "401000", "S1", "-120.00"), true},
		{"supplier credit note", doc(journal.TypeCreditNote, "401000", "S1", "120.00"), true},
		{"customer credit note debiting 411", doc(journal.TypeCreditNote, "411000", "C1", "120.00"), false},
		{"customer invoice crediting 411", doc(journal.TypeInvoice, "411000", "C1", "-120.00"), false},
		{"supplier bill debiting 401", doc(journal.TypeInvoice, "401000", "S1", "120.00"), false},
		{"supplier credit note crediting 401", doc(journal.TypeCreditNote, "401000", "S1", "-120.00"), false},
		{"a payment either way", doc(journal.TypePayment, "411000", "C1", "120.00"), true},
	}
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			for _, c := range cases {
				before := dump(t, st)
				r, err := b.Post(ctx, c.entry)
				if !c.ok {
					require.ErrorIs(t, err, ErrDocumentDirection, c.name)
					var ve *journal.ValidationError
					require.ErrorAs(t, err, &ve, c.name)
					assert.Equal(t, before, dump(t, st), "%s: a refused entry writes nothing", c.name)
					continue
				}
				require.NoError(t, err, c.name)
				_, err = b.Reverse(ctx, r.Entry.ID, ReverseOptions{})
				require.NoError(t, err, "%s: its reversal runs the other way and posts", c.name)
			}
		})
	}
}

// Instalments add up: an invoice with two receivable lines debits its
// customer by their sum.
func TestDocumentDirectionSumsInstalments(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			_, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("60.00"), DueDate: d(4, 1)},
				{Account: "411000", Partner: "C1", Balance: e("60.00"), DueDate: d(5, 1)},
				{Account: "706000", Balance: e("-120.00")},
			}})
			require.NoError(t, err)
		})
	}
}
