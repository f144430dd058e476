package ledger

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
)

// The offer survives closing and reopening a boltstore book (plain and
// write-behind), and open items at a past date carry it.
func TestHrev15OfferSurvivesReopen(t *testing.T) {
	for _, wb := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "book.db")
		opts := boltstore.Options{NoSync: true, WriteBehind: wb, WriteBehindMax: 64}
		st, err := boltstore.Open(path, opts)
		require.NoError(t, err)
		b := testBook(t, st)
		x := offering("C1", d(3, 1), "1200.00", "24.00", 10)
		posted := mustPost(t, b, x)
		res, err := b.PostBatch(ctx, []journal.Entry{offering("C2", d(3, 2), "600.00", "12.00", 5)}, BatchOptions{})
		require.NoError(t, err)
		require.NoError(t, res[0].Err)
		// a foreign one
		fx := journal.Entry{Journal: "VT", Date: d(3, 3), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: currency.MustParse(usd, "120.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-120.00")}},
			DiscountOffer: &journal.DiscountOffer{Amount: currency.MustParse(usd, "2.40"), Until: d(3, 13)}}
		fxPosted := mustPost(t, b, fx)
		require.NoError(t, st.Close())

		st, err = boltstore.Open(path, opts)
		require.NoError(t, err)
		b, err = Open(ctx, st, Options{Currency: eur, Clock: fixedClock(), Strict: true})
		require.NoError(t, err)
		for _, want := range []journal.Entry{posted, res[0].Entry, fxPosted} {
			got, err := b.Entry(ctx, want.ID)
			require.NoError(t, err)
			require.Equal(t, want.DiscountOffer, got.DiscountOffer, "wb=%v", wb)
		}
		items, err := b.OpenItemsAt(ctx, "411000", "C1", d(3, 5))
		require.NoError(t, err)
		require.Len(t, items, 2)
		for _, it := range items {
			require.NotNil(t, it.DiscountOffer, "%s", it.Number)
		}
		require.True(t, items[1].DiscountOffer.Amount.Equal(currency.MustParse(usd, "2.40")))
		require.NoError(t, b.Check(ctx))
		require.NoError(t, b.Verify(ctx))
		require.NoError(t, st.Close())
	}
}

// A damaged offer in a record is ErrFormat, never a panic nor a silently
// different offer.
func TestHrev15DamagedOfferIsErrFormat(t *testing.T) {
	x := offering("C1", d(3, 1), "1200.00", "24.00", 10)
	x.ID = journal.NewID()
	x.Seq, x.Number, x.FiscalYear = 1, 1, "2026"
	for i := range x.Lines {
		x.Lines[i].AmountCurrency = x.Lines[i].Balance
	}
	enc := appendEntry(nil, &x, nil, false)
	raw := append(make([]byte, sha256.Size), enc...)
	r, err := decodeLogRecord(raw)
	require.NoError(t, err)
	got, err := r.entryWith(eur, func(string) (currency.Currency, error) { return eur, nil })
	require.NoError(t, err)
	require.Equal(t, x.DiscountOffer, got.DiscountOffer)

	for _, c := range []struct {
		name     string
		from, to []byte
	}{
		{"not a number", []byte("24.00"), []byte("2x.00")},
		{"too precise", []byte("\x6524.00"), []byte("\x6624.001")},
		{"empty", []byte("\x6524.00"), []byte("\x60")},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, 1, bytes.Count(enc, c.from), "the record holds the offer once")
			bad := bytes.Replace(enc, c.from, c.to, 1)
			raw := append(make([]byte, sha256.Size), bad...)
			var err error
			require.NotPanics(t, func() {
				var r entryRec
				r, err = decodeLogRecord(raw)
				if err == nil {
					_, err = r.entryWith(eur, func(string) (currency.Currency, error) { return eur, nil })
				}
			})
			require.Error(t, err)
			require.True(t, errors.Is(err, ErrFormat), "%v", err)
		})
	}
	// The date alone, without the amount.
	r2 := r
	r2.Discount = ""
	_, err = r2.entryWith(eur, func(string) (currency.Currency, error) { return eur, nil })
	require.ErrorIs(t, err, ErrFormat)
}

// A negative or zero offer in a record is damage too (the book never
// posts one: journal.ErrDiscountOffer), yet the reader takes it as an
// offer. Low severity: the hash covers the record, so Check/Verify find
// the damage; a plain read does not.
func TestHrev15NonPositiveOfferReadBack(t *testing.T) {
	x := offering("C1", d(3, 1), "1200.00", "24.00", 10)
	x.ID = journal.NewID()
	x.Seq, x.Number, x.FiscalYear = 1, 1, "2026"
	for i := range x.Lines {
		x.Lines[i].AmountCurrency = x.Lines[i].Balance
	}
	r, err := decodeLogRecord(append(make([]byte, sha256.Size), appendEntry(nil, &x, nil, false)...))
	require.NoError(t, err)
	for _, a := range []string{"-24.00", "0.00"} {
		r3 := r
		r3.Discount = a
		_, err = r3.entryWith(eur, func(string) (currency.Currency, error) { return eur, nil })
		require.ErrorIs(t, err, ErrFormat, "offer %s read back", a)
	}
}
