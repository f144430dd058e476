package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An entry moves money when it is a statement line, a payment with a line
// naming no partner, or a misc entry with a line on a bank, cash or
// outstanding account; a bill (every line a partner's), a misc entry
// putting a debt back on a customer or writing it off, and an invoice do
// not.
func TestMovesMoney(t *testing.T) {
	b := testBook(t, stores[0].Open(t))
	for _, c := range []struct {
		name string
		e    journal.Entry
		want bool
	}{
		{"statement line", journal.Entry{Type: journal.TypeStatementLine}, true},
		{"payment", journal.Entry{Type: journal.TypePayment, Lines: []journal.Line{{Account: "512000"}, {Account: "411000", Partner: "C1"}}}, true},
		{"bill", journal.Entry{Type: journal.TypePayment, Lines: []journal.Line{{Account: "413000", Partner: "C1"}, {Account: "411000", Partner: "C1"}}}, false},
		{"misc to the bank", journal.Entry{Type: journal.TypeMisc, Lines: []journal.Line{{Account: "512000"}, {Account: "413000", Partner: "C1"}}}, true},
		{"misc to outstanding receipts", journal.Entry{Type: journal.TypeMisc, Lines: []journal.Line{{Account: "512100"}, {Account: "413000", Partner: "C1"}}}, true},
		{"misc returning a bill", journal.Entry{Type: journal.TypeMisc, Lines: []journal.Line{{Account: "411000", Partner: "C1"}, {Account: "413000", Partner: "C1"}}}, false},
		{"misc writing a debt off", journal.Entry{Type: journal.TypeMisc, Lines: []journal.Line{{Account: "654000"}, {Account: "413000", Partner: "C1"}}}, false},
		{"invoice", journal.Entry{Type: journal.TypeInvoice, Lines: []journal.Line{{Account: "706000"}, {Account: "411000", Partner: "C1"}}}, false},
	} {
		require.NoError(t, b.View(ctx, func(tx *Tx) error {
			got, err := tx.MovesMoney(&c.e)
			require.NoError(t, err, c.name)
			assert.Equal(t, c.want, got, c.name)
			return nil
		}))
	}
	err := b.View(ctx, func(tx *Tx) error {
		_, err := tx.MovesMoney(&journal.Entry{Type: journal.TypeMisc, Lines: []journal.Line{{Account: "999999"}}})
		return err
	})
	assert.ErrorIs(t, err, ErrUnknownAccount)
}
