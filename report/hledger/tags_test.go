package hledger_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

// Texts holding words Read takes for its tags ("type:", "due:", "tax:")
// come back as they were: the export escapes their colon.
func TestRoundTripTagWords(t *testing.T) {
	ctx := context.Background()
	src := newBook(t, storetest.Backends[0])
	in := journal.Entry{Journal: "OD", Date: day(2026, 5, 5), Ref: "FA-1, type: avoir", Label: "ref: x",
		Lines: []journal.Line{{Account: "627000", Balance: amt("1.00"), Label: "tax: 5"},
			{Account: "512000", Balance: amt("-1.00"), Label: "Note, due: demain, tax-role: tax"}}}
	_, err := src.Post(ctx, in)
	require.NoError(t, err)
	out, _ := export(t, src, hledger.Options{})
	dst := newBook(t, storetest.Backends[0])
	_, err = hledger.Read(ctx, bytes.NewReader(out), dst, hledger.ReadOptions{})
	require.NoError(t, err, "%s", out)
	e, err := dst.EntryByNumber(ctx, "OD/2026/00001")
	require.NoError(t, err)
	assert.Equal(t, in.Ref, e.Ref)
	assert.Equal(t, in.Label, e.Label)
	for i := range in.Lines {
		assert.Equal(t, in.Lines[i].Label, e.Lines[i].Label)
		assert.Empty(t, e.Lines[i].Taxes)
		assert.True(t, e.Lines[i].DueDate.IsZero())
	}
}

// A posting's own comment is its label up to its first tag; tags after it
// are read; a reference keeps its commas.
func TestReadSameLineTags(t *testing.T) {
	ctx := context.Background()
	j := "2026-03-02 Facture  ; ref: FA-1, FA-2\n" +
		"    411000:C1  120.00 EUR  ; Acompte, due:2026-04-01\n" +
		"    706000  -100.00 EUR  ; Vente ; tax: TVA20\n" +
		"    445710  -20.00 EUR  ; tax: TVA20, tax-role: tax\n"
	b := newBook(t, storetest.Backends[0])
	_, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
	require.NoError(t, err)
	e, err := b.EntryByNumber(ctx, "OD/2026/00001")
	require.NoError(t, err)
	assert.Equal(t, "FA-1, FA-2", e.Ref)
	labels := map[string]string{}
	for _, l := range e.Lines {
		labels[l.Account] = l.Label
		switch l.Account {
		case "411000":
			assert.Equal(t, day(2026, 4, 1), l.DueDate)
		default:
			if assert.Len(t, l.Taxes, 1, l.Account) {
				assert.Equal(t, "TVA20", l.Taxes[0].ID)
			}
		}
	}
	assert.Equal(t, map[string]string{"411000": "Acompte", "706000": "Vente", "445710": ""}, labels)
}
