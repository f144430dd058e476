package hledger_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

func hrev20Read(t *testing.T, input string) (*ledger.Book, error) {
	t.Helper()
	b := newBook(t, storetest.Backends[0])
	require.NoError(t, b.AddPartner(context.Background(), ledger.Partner{Code: "C9", Name: "C9"}))
	_, err := hledger.Read(context.Background(), strings.NewReader(input), b, hledger.ReadOptions{})
	return b, err
}

func hrev20Offer(t *testing.T, b *ledger.Book, label string) *journal.DiscountOffer {
	t.Helper()
	var got *journal.DiscountOffer
	found := false
	for pe, err := range b.Entries(context.Background(), ledger.EntryFilter{}) {
		require.NoError(t, err)
		if pe.Entry.Label == label {
			got, found = pe.Entry.DiscountOffer, true
		}
	}
	require.True(t, found, label)
	return got
}

// The discount comment before the postings is read; after a posting it is
// that posting's comment in hledger's syntax: the offer must not be lost
// without a word (read as the transaction's, or refused).
func TestHrev20DiscountCommentAfterPostings(t *testing.T) {
	before := "2026-01-03 before\n    ; type: invoice\n    ; discount: 1.00 until 2026-01-10\n    411000:C9  10.00 EUR\n    706000\n\n"
	b, err := hrev20Read(t, before)
	require.NoError(t, err)
	o := hrev20Offer(t, b, "before")
	require.NotNil(t, o)
	require.True(t, o.Amount.Equal(amt("1.00")))

	after := "2026-01-03 after\n    ; type: invoice\n    411000:C9  10.00 EUR\n    ; discount: 1.00 until 2026-01-10\n    706000\n\n"
	b, err = hrev20Read(t, after)
	if err == nil {
		require.NotNil(t, hrev20Offer(t, b, "after"), "the discount comment after a posting dropped silently")
	}
}

// Two discount comments that disagree: the file says two things; reading
// one of them silently is a guess.
func TestHrev20DiscountCommentTwice(t *testing.T) {
	same := "2026-01-03 same\n    ; type: invoice\n    ; discount: 1.00 until 2026-01-10\n    ; discount: 1.00 until 2026-01-10\n    411000:C9  10.00 EUR\n    706000\n\n"
	_, err := hrev20Read(t, same)
	_ = err
	differ := "2026-01-03 differ\n    ; type: invoice\n    ; discount: 1.00 until 2026-01-10\n    ; discount: 2.00 until 2026-01-12\n    411000:C9  10.00 EUR\n    706000\n\n"
	b, err := hrev20Read(t, differ)
	if err == nil {
		o := hrev20Offer(t, b, "differ")
		t.Fatalf("two different discount comments read as %s until %s, without error", o.Amount, o.Until)
	}
}

// A foreign invoice's offer round-trips, and a company-currency offer on
// an invoice with a foreign line elsewhere too (export, read, export).
func TestHrev20ForeignOfferRoundTripSupplier(t *testing.T) {
	ctx := context.Background()
	src := newBook(t, storetest.Backends[0])
	require.NoError(t, src.AddPartner(ctx, ledger.Partner{Code: "S1", Name: "Fournisseur"}))
	in := journal.Entry{Journal: "AC", Date: day(2026, 3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "S1", Balance: amt("-1200.00")}, {Account: "607000", Balance: amt("1200.00")}},
		DiscountOffer: &journal.DiscountOffer{Amount: amt("24.00"), Until: day(2026, 3, 11)}}
	_, err := src.Post(ctx, in)
	require.NoError(t, err)
	out, _ := export(t, src, hledger.Options{})
	dst := newBook(t, storetest.Backends[0])
	_, err = hledger.Read(ctx, strings.NewReader(string(out)), dst, hledger.ReadOptions{})
	require.NoError(t, err)
	out2, _ := export(t, dst, hledger.Options{})
	require.Equal(t, string(out), string(out2))
	require.Contains(t, string(out), "; discount: 24.00 until 2026-03-11")
}
