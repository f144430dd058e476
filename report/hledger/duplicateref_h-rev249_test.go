package hledger_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

// Was failing, fixed (ReadOptions.AllowDuplicateRef, lettrage import
// hledger --allow-duplicate-ref): a book holding two bills of one supplier under one reference —
// posted with the override (BatchOptions.AllowDuplicateRef, 'lettrage post
// --allow-duplicate-ref'), as the supplier really numbered them alike —
// cannot be migrated through its own hledger export: Read posts the
// second bill without the override and the book refuses it
// (ErrDuplicateReference, "supplier S1 already has a bill under reference
// D-77"), and neither hledger.ReadOptions nor 'lettrage import hledger'
// has a way to allow it. Expected: the export reads back (the package doc:
// "Read … for a migration … a book read back from an export has the same
// entries and balances"), as 'import entries' takes --allow-duplicate-ref.
func TestHrev249HledgerReadsBackAllowedDuplicateRef(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storetest.Backends[0]
	src := newBook(t, s)
	require.NoError(t, src.AddPartner(ctx, ledger.Partner{Code: "S1", Name: "Papeterie Durand"}))
	bill := func(on journal.Date, ttc, ht, tva string) journal.Entry {
		return journal.Entry{Journal: "AC", Date: on, Type: journal.TypeInvoice, Ref: "D-77", Label: "Papier",
			Lines: []journal.Line{{Account: "401000", Partner: "S1", Balance: amt(ttc).Neg()},
				{Account: "607000", Balance: amt(ht)}, {Account: "445660", Balance: amt(tva)}}}
	}
	_, err := src.Post(ctx, bill(day(2026, 4, 3), "120.00", "100.00", "20.00"))
	require.NoError(t, err)
	res, err := src.PostBatch(ctx, []journal.Entry{bill(day(2026, 9, 3), "60.00", "50.00", "10.00")}, ledger.BatchOptions{AllowDuplicateRef: true})
	require.NoError(t, err)
	require.NoError(t, res[0].Err)

	out, wsum := export(t, src, hledger.Options{})
	dst := newBook(t, s)
	_, err = hledger.Read(ctx, bytes.NewReader(out), dst, hledger.ReadOptions{})
	require.ErrorIs(t, err, ledger.ErrDuplicateReference, "without the override, the second bill is refused")
	sum, err := hledger.Read(ctx, bytes.NewReader(out), dst, hledger.ReadOptions{AllowDuplicateRef: true})
	require.NoError(t, err, "the book's own export reads back")
	assert.Equal(t, wsum.Entries, sum.Posted)
}
