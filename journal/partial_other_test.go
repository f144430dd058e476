package journal_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
)

func TestPartialOther(t *testing.T) {
	d := journal.LineRef{Entry: journal.NewID(), Index: 0}
	c := journal.LineRef{Entry: journal.NewID(), Index: 2}
	p := journal.Partial{Debit: d, Credit: c}
	assert.Equal(t, c, p.Other(d))
	assert.Equal(t, d, p.Other(c))
}

func TestMovesMoney(t *testing.T) {
	for _, c := range []struct {
		name string
		e    journal.Entry
		want bool
	}{
		{"statement line", journal.Entry{Type: journal.TypeStatementLine}, true},
		{"payment to the bank", journal.Entry{Type: journal.TypePayment, Lines: []journal.Line{{Account: "512000"}, {Account: "411000", Partner: "C1"}}}, true},
		{"bill of exchange", journal.Entry{Type: journal.TypePayment, Lines: []journal.Line{{Account: "413000", Partner: "C1"}, {Account: "411000", Partner: "C1"}}}, false},
		{"invoice", journal.Entry{Type: journal.TypeInvoice, Lines: []journal.Line{{Account: "706000"}, {Account: "411000", Partner: "C1"}}}, false},
	} {
		assert.Equal(t, c.want, c.e.MovesMoney(), c.name)
		assert.Equal(t, c.e.Type == journal.TypeInvoice, c.e.IsDocument(), c.name)
	}
}
