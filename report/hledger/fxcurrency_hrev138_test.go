package hledger_test

import (
	"bytes"
	"context"
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

// Shrunk from TestHrev138RandomRoundTrips (cmd/lettrage): DESIGN §6 ex. 5,
// an invoice of 1 200.00 USD at 1.20 (1 000.00 EUR) paid 1 200.00 USD at
// 1.25 (960.00 EUR), FX entry CHG/2026/00001 Dr 656000 40.00 / Cr 411000
// C1 40.00 in USD (0.00 USD). Exported to hledger and read back, the FX
// entry comes back in EUR.
//
// Was failing, fixed: an exchange-difference entry of a USD match (lines of 40.00 EUR and 0.00 USD) comes back from an hledger round trip as a EUR entry, so C1's 411000 balance in USD is 0.00 EUR in the source book (1 000.00 − 960.00 − 40.00) but 40.00 EUR in the read-back book, and the EUR part −40.00 instead of 0.00; the entry's currency and its 0.00 USD amount must survive ("a book read back from an export has the same entries and balances").
func TestHrev138HledgerFXEntryKeepsItsCurrency(t *testing.T) {
	ctx := context.Background()
	src := newBook(t, storetest.Backends[0])
	require.NoError(t, src.SetRate(ctx, usd, day(2026, 1, 1), currency.MustParseRate("1.20")))
	require.NoError(t, src.SetRate(ctx, usd, day(2026, 3, 1), currency.MustParseRate("1.25")))
	require.NoError(t, src.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Acme Inc."}))
	r, err := reconcile.New(ctx, src, reconcile.Config{})
	require.NoError(t, err)
	inv, err := src.Post(ctx, journal.Entry{Journal: "VT", Date: day(2026, 2, 2), Type: journal.TypeInvoice, Ref: "FA-1",
		Label: "Invoice FA-1", Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: currency.MustParse(usd, "1200.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-1200.00")}}})
	require.NoError(t, err)
	res, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
		Date: day(2026, 3, 10), Amount: currency.MustParse(usd, "1200.00"), Invoices: []journal.ID{inv.Entry.ID}})
	require.NoError(t, err)
	require.Len(t, res.Entries, 2, "the receipt and its FX entry")
	fx := res.Entries[1]
	require.Equal(t, "CHG", fx.Journal)
	require.Equal(t, usd, fx.Currency)

	var buf bytes.Buffer
	_, err = hledger.Write(ctx, src, &buf, hledger.Options{})
	require.NoError(t, err)
	dst := newBook(t, storetest.Backends[0])
	_, err = hledger.Read(ctx, bytes.NewReader(buf.Bytes()), dst, hledger.ReadOptions{})
	require.NoError(t, err, buf.String())

	bal := func(b *ledger.Book, c currency.Currency) string {
		x, err := b.Balance(ctx, ledger.BalanceQuery{Account: "411000", Partner: "C1", Currency: c})
		require.NoError(t, err)
		return x.Balance.Plain()
	}
	require.Equal(t, "0.00", bal(src, usd), "source: C1's USD position on 411000 in EUR")
	require.Equal(t, "0.00", bal(src, eur))
	assert.Equal(t, "0.00", bal(dst, usd), "read back: C1's USD position on 411000 in EUR")
	assert.Equal(t, "0.00", bal(dst, eur), "read back: C1's EUR position on 411000")

	var back journal.Entry
	require.NoError(t, dst.View(ctx, func(tx *ledger.Tx) error {
		e, err := tx.Entry(fx.ID)
		back = e
		return err
	}))
	assert.Equal(t, "USD", back.Currency.Code(), "%s read back:\n%s", fx.Name(), buf.String())
}
