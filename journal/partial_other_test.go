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

func TestIsDocument(t *testing.T) {
	for typ := journal.EntryType(0); typ.Valid(); typ++ {
		e := journal.Entry{Type: typ}
		assert.Equal(t, typ == journal.TypeInvoice || typ == journal.TypeCreditNote, e.IsDocument(), typ.String())
	}
}
