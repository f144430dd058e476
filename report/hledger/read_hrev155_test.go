package hledger_test

// Review h-rev155: accounts and partners added in the first batch's
// transaction (BatchOptions.Before).

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/storetest"
)

var h155Buckets = []string{"meta", "fy", "lock", "close", "acct", "acctact", "partner", "pdata", "jrnl", "rate", "log", "entry",
	"entry.run", "ctr", "partial", "match", "op", "rev", "event", "unit", "ix.num", "ix.lines", "ix.plines", "ix.agg", "ix.aggday",
	"ix.aggyrs", "ix.line", "ix.open", "ix.code", "ix.head", "ix.origin", "ix.doc", "chain.cfg", "chain.let", "ix.chained"}

func h155Dump(t *testing.T, st store.Store) string {
	t.Helper()
	var b strings.Builder
	require.NoError(t, st.View(context.Background(), func(tx store.Tx) error {
		b.Reset()
		for _, bk := range h155Buckets {
			if err := tx.Scan([]byte(bk), nil, nil, false, func(k, v []byte) error {
				fmt.Fprintf(&b, "%s %x %x\n", bk, k, v)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	}))
	return b.String()
}

// h155Book is newBook on a store the test keeps, with an entry whose id
// a file will reuse with other content.
func h155Book(t *testing.T, s storetest.Backend) (*ledger.Book, store.Store) {
	t.Helper()
	st := s.Open(t)
	b, err := ledger.Create(context.Background(), st, ledger.Options{Currency: eur})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(context.Background(), ledger.CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(context.Background()))
	return b, st
}

const h155ID = "7b0c3f4e-1d2a-4b5c-8e9f-0a1b2c3d4e5f"

// A file refused in its first batch (an id used in the file twice with
// other content) leaves the store byte-identical, on every backend; the
// summary adds nothing. Fixed, the file posts and counts its accounts and
// partners once; read again, it replays and adds none.
func TestHrev155RefusedFirstBatchByteIdentical(t *testing.T) {
	ctx := context.Background()
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, st := h155Book(t, s)
			bad := "account 411000:C9  ; name: Client Neuf\n\n" +
				"2026-03-10 Vente  ; id: " + h155ID + "\n    411000:C9  120.00 EUR\n    706900  -120.00 EUR\n" +
				"2026-03-11 Achat\n    607000  10.00 EUR\n    401000:S9  -10.00 EUR\n" +
				"2026-03-12 Vente  ; id: " + h155ID + "\n    411000:C9  130.00 EUR\n    706900  -130.00 EUR\n"
			before := h155Dump(t, st)
			sum, err := hledger.Read(ctx, strings.NewReader(bad), b, hledger.ReadOptions{})
			require.ErrorIs(t, err, ledger.ErrIdempotencyConflict)
			var le *hledger.LineError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, 9, le.Line)
			assert.Equal(t, 0, sum.AccountsAdded)
			assert.Equal(t, 0, sum.PartnersAdded)
			assert.Equal(t, 0, sum.Posted)
			assert.Equal(t, before, h155Dump(t, st))
			_, err = b.Account(ctx, "706900")
			assert.ErrorIs(t, err, ledger.ErrUnknownAccount)
			_, err = b.Partner(ctx, "C9")
			assert.ErrorIs(t, err, ledger.ErrUnknownPartner)

			good := strings.Replace(bad, "2026-03-12 Vente  ; id: "+h155ID, "2026-03-12 Vente", 1)
			sum, err = hledger.Read(ctx, strings.NewReader(good), b, hledger.ReadOptions{})
			require.NoError(t, err)
			assert.Equal(t, 3, sum.Posted)
			assert.Equal(t, 1, sum.AccountsAdded)
			assert.Equal(t, 2, sum.PartnersAdded)
			p, err := b.Partner(ctx, "C9")
			require.NoError(t, err)
			assert.Equal(t, "Client Neuf", p.Name)
			mid := h155Dump(t, st)
			sum, err = hledger.Read(ctx, strings.NewReader(good), b, hledger.ReadOptions{})
			require.NoError(t, err)
			assert.Equal(t, 3, sum.Replayed)
			assert.Equal(t, 0, sum.Posted)
			assert.Equal(t, 0, sum.AccountsAdded)
			assert.Equal(t, 0, sum.PartnersAdded)
			assert.Equal(t, mid, h155Dump(t, st), "a replay wrote")
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// A file of three batches of one transaction refused in its second: the
// first batch stays with the accounts and partners (counted), the error
// names the line; the fixed file replays the first and posts the rest,
// adding the second batch's new partner... which the first batch added.
func TestHrev155RefusedSecondBatch(t *testing.T) {
	ctx := context.Background()
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, _ := h155Book(t, s)
			bad := "2026-03-10 Vente  ; id: " + h155ID + "\n    411000:C9  120.00 EUR\n    706900  -120.00 EUR\n" +
				"2026-03-11 Vente  ; id: " + h155ID + "\n    411000:C8  130.00 EUR\n    706800  -130.00 EUR\n" +
				"2026-03-12 Achat\n    607000  10.00 EUR\n    401000:S9  -10.00 EUR\n"
			sum, err := hledger.Read(ctx, strings.NewReader(bad), b, hledger.ReadOptions{BatchEntries: 1})
			require.ErrorIs(t, err, ledger.ErrIdempotencyConflict)
			var le *hledger.LineError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, 4, le.Line)
			assert.Equal(t, 1, sum.Posted)
			assert.Equal(t, 2, sum.AccountsAdded)
			assert.Equal(t, 3, sum.PartnersAdded)
			for _, a := range []string{"706900", "706800"} {
				_, err = b.Account(ctx, a)
				assert.NoError(t, err, a)
			}
			require.NoError(t, b.Check(ctx))

			good := strings.Replace(bad, "2026-03-11 Vente  ; id: "+h155ID, "2026-03-11 Vente", 1)
			sum, err = hledger.Read(ctx, strings.NewReader(good), b, hledger.ReadOptions{BatchEntries: 1})
			require.NoError(t, err)
			assert.Equal(t, 1, sum.Replayed)
			assert.Equal(t, 2, sum.Posted)
			assert.Equal(t, 0, sum.AccountsAdded)
			assert.Equal(t, 0, sum.PartnersAdded)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// A file whose first batch replays entirely and whose second brings a new
// account and partner: added (with the first batch), counted once.
func TestHrev155NewAccountAfterReplayedBatch(t *testing.T) {
	ctx := context.Background()
	b, _ := h155Book(t, storetest.Backends[0])
	one := "2026-03-10 Vente\n    411000:C9  120.00 EUR\n    706000  -120.00 EUR\n"
	_, err := hledger.Read(ctx, strings.NewReader(one), b, hledger.ReadOptions{BatchEntries: 1})
	require.NoError(t, err)
	two := one + "2026-03-11 Vente\n    411000:C8  130.00 EUR\n    706800  -130.00 EUR\n"
	sum, err := hledger.Read(ctx, strings.NewReader(two), b, hledger.ReadOptions{BatchEntries: 1})
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Replayed)
	assert.Equal(t, 1, sum.Posted)
	assert.Equal(t, 1, sum.AccountsAdded)
	assert.Equal(t, 1, sum.PartnersAdded)
	require.NoError(t, b.Check(ctx))
}

// In a book with auxiliary codes, a file naming 411MARTIN (a customer's
// own account) and its partner adds both in the first batch; refused,
// neither.
func TestHrev155AuxiliaryCodes(t *testing.T) {
	ctx := context.Background()
	st := storetest.Backends[0].Open(t)
	b, err := ledger.Create(ctx, st, ledger.Options{Currency: eur, AuxiliaryCodes: true})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	bad := "2026-03-10 Vente  ; id: " + h155ID + "\n    411MARTIN:MARTIN  120.00 EUR\n    706000  -120.00 EUR\n" +
		"2026-03-12 Vente  ; id: " + h155ID + "\n    411MARTIN:MARTIN  130.00 EUR\n    706000  -130.00 EUR\n"
	before := h155Dump(t, st)
	_, err = hledger.Read(ctx, strings.NewReader(bad), b, hledger.ReadOptions{})
	require.ErrorIs(t, err, ledger.ErrIdempotencyConflict)
	assert.Equal(t, before, h155Dump(t, st))
	good := strings.Replace(bad, "2026-03-12 Vente  ; id: "+h155ID, "2026-03-12 Vente", 1)
	sum, err := hledger.Read(ctx, strings.NewReader(good), b, hledger.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1, sum.AccountsAdded)
	assert.Equal(t, 1, sum.PartnersAdded)
	a, err := b.Account(ctx, "411MARTIN")
	require.NoError(t, err)
	assert.Equal(t, ledger.KindReceivable, a.Kind)
	bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: "411MARTIN", Partner: "MARTIN"})
	require.NoError(t, err)
	assert.Equal(t, "250.00", bal.Balance.Plain())
	require.NoError(t, b.Check(ctx))
}
