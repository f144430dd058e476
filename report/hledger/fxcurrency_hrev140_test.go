package hledger_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

// h140FX books an invoice of inv (in c) at rate1, paid in full at rate2:
// an exchange-difference entry; it returns the book, the FX entry and the
// hledger export.
func h140FX(t *testing.T, c currency.Currency, rate1, rate2, inv string) (*ledger.Book, journal.Entry, []byte) {
	t.Helper()
	ctx := context.Background()
	src := newBook(t, storetest.Backends[0])
	require.NoError(t, src.SetRate(ctx, c, day(2026, 1, 1), currency.MustParseRate(rate1)))
	require.NoError(t, src.SetRate(ctx, c, day(2026, 3, 1), currency.MustParseRate(rate2)))
	require.NoError(t, src.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Acme Inc."}))
	r, err := reconcile.New(ctx, src, reconcile.Config{})
	require.NoError(t, err)
	in, err := src.Post(ctx, journal.Entry{Journal: "VT", Date: day(2026, 2, 2), Type: journal.TypeInvoice, Ref: "FA-1",
		Label: "Invoice FA-1", Currency: c, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: currency.MustParse(c, inv)},
			{Account: "706000", AmountCurrency: currency.MustParse(c, "-"+inv)}}})
	require.NoError(t, err)
	res, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
		Date: day(2026, 3, 10), Amount: currency.MustParse(c, inv), Invoices: []journal.ID{in.Entry.ID}})
	require.NoError(t, err)
	require.Len(t, res.Entries, 2, "the receipt and its FX entry")
	fx := res.Entries[1]
	require.Equal(t, c, fx.Currency)
	var buf bytes.Buffer
	_, err = hledger.Write(ctx, src, &buf, hledger.Options{})
	require.NoError(t, err)
	return src, fx, buf.Bytes()
}

func h140RoundTrip(t *testing.T, c currency.Currency, rate1, rate2, inv string) {
	ctx := context.Background()
	src, fx, out := h140FX(t, c, rate1, rate2, inv)
	dst := newBook(t, storetest.Backends[0])
	_, err := hledger.Read(ctx, bytes.NewReader(out), dst, hledger.ReadOptions{})
	require.NoError(t, err, string(out))
	for _, b := range []*ledger.Book{src, dst} {
		for _, cur := range []currency.Currency{c, eur} {
			x, err := b.Balance(ctx, ledger.BalanceQuery{Account: "411000", Partner: "C1", Currency: cur})
			require.NoError(t, err)
			assert.Equal(t, "0.00", x.Balance.Plain(), "411000 C1 in %s:\n%s", cur, out)
		}
	}
	var back journal.Entry
	require.NoError(t, dst.View(ctx, func(tx *ledger.Tx) error {
		e, err := tx.Entry(fx.ID)
		back = e
		return err
	}))
	assert.Equal(t, c.Code(), back.Currency.Code())
	require.Equal(t, len(fx.Lines), len(back.Lines))
	for i := range fx.Lines {
		assert.Equal(t, fx.Lines[i].Balance.Plain(), back.Lines[i].Balance.Plain())
		assert.Equal(t, fx.Lines[i].AmountCurrency.String(), back.Lines[i].AmountCurrency.String())
	}
	if _, err := exec.LookPath("hledger"); err == nil {
		path := filepath.Join(t.TempDir(), "book.journal")
		require.NoError(t, os.WriteFile(path, out, 0o644))
		got, err := exec.Command("hledger", "-f", path, "bal", "-B", "--no-total", "-N").CombinedOutput()
		require.NoError(t, err, "hledger rejects the export:\n%s\n%s", got, out)
		got, err = exec.Command("hledger", "-f", path, "bal", "-B").CombinedOutput()
		require.NoError(t, err, "%s", got)
		lines := strings.Split(strings.TrimSpace(string(got)), "\n")
		assert.Equal(t, "0", strings.TrimSpace(lines[len(lines)-1]), "hledger bal -B total:\n%s", got)
	}
}

func TestHrev140HledgerFXRoundTripUSD(t *testing.T) {
	h140RoundTrip(t, usd, "1.20", "1.25", "1200.00")
}

func TestHrev140HledgerFXRoundTripJPY(t *testing.T) {
	h140RoundTrip(t, currency.MustLookup("JPY"), "160", "170", "170000")
}

// A "currency: EUR" tag (the company's) on a EUR transaction reads as a
// EUR entry; a "currency: USD" tag on postings in GBP is refused.
func TestHrev140HledgerCurrencyTagOddCases(t *testing.T) {
	ctx := context.Background()
	const eurTxn = "2026-01-10 (OD) Frais\n    ; currency: EUR\n    6270:Frais       12.00 EUR\n    5120:Banque     -12.00 EUR\n"
	b := newBook(t, storetest.Backends[0])
	_, err := hledger.Read(ctx, strings.NewReader(eurTxn), b, hledger.ReadOptions{Journal: "OD"})
	if err == nil {
		var got []journal.Entry
		for pe, err := range b.Entries(ctx, ledger.EntryFilter{}) {
			require.NoError(t, err)
			got = append(got, pe.Entry)
		}
		require.Len(t, got, 1)
		assert.True(t, got[0].Currency.IsZero() || got[0].Currency == eur, "got %s", got[0].Currency)
	}
	const gbpTxn = "2026-01-10 (OD) Frais\n    ; currency: USD\n    6270:Frais       10.00 GBP @@ 12.00 EUR\n    5120:Banque     -12.00 EUR\n"
	b2 := newBook(t, storetest.Backends[0])
	_, err = hledger.Read(ctx, strings.NewReader(gbpTxn), b2, hledger.ReadOptions{Journal: "OD"})
	assert.Error(t, err)
}
