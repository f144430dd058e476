package hledger_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An invoice's early-payment discount offer is written as a "discount:"
// comment, in the invoice's currency, and read back into the offer; hledger
// reads the file as before.
func TestDiscountOfferRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := newBook(t, storetest.Backends[0])
	require.NoError(t, src.SetRate(ctx, usd, day(2026, 1, 1), currency.MustParseRate("1.25")))
	require.NoError(t, src.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Boulangerie Martin"}))
	u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
	for _, in := range []journal.Entry{
		{Journal: "VT", Date: day(2026, 3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: amt("1200.00")}, {Account: "706000", Balance: amt("-1200.00")}},
			DiscountOffer: &journal.DiscountOffer{Amount: amt("24.00"), Until: day(2026, 3, 11)}},
		{Journal: "VT", Date: day(2026, 3, 2), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: u("250.00"), Balance: amt("200.00")},
			{Account: "706000", AmountCurrency: u("-250.00"), Balance: amt("-200.00")}},
			DiscountOffer: &journal.DiscountOffer{Amount: u("5.00"), Until: day(2026, 3, 12)}},
	} {
		_, err := src.Post(ctx, in)
		require.NoError(t, err)
	}
	out, _ := export(t, src, hledger.Options{})
	assert.Contains(t, string(out), "    ; discount: 24.00 until 2026-03-11\n")
	assert.Contains(t, string(out), "    ; discount: 5.00 until 2026-03-12\n")
	if _, err := exec.LookPath("hledger"); err == nil {
		file := filepath.Join(t.TempDir(), "offers.journal")
		require.NoError(t, os.WriteFile(file, out, 0o644))
		got := hledgerBalances(t, file, "-e", "2027-01-01")
		assert.Equal(t, "1400.00 EUR", got["411000:C1"], "%v", got)
	}
	dst := newBook(t, storetest.Backends[0])
	_, err := hledger.Read(ctx, bytes.NewReader(out), dst, hledger.ReadOptions{})
	require.NoError(t, err)
	for n, want := range map[string]journal.DiscountOffer{
		"VT/2026/00001": {Amount: amt("24.00"), Until: day(2026, 3, 11)},
		"VT/2026/00002": {Amount: u("5.00"), Until: day(2026, 3, 12)},
	} {
		e, err := dst.EntryByNumber(ctx, n)
		require.NoError(t, err)
		require.NotNil(t, e.DiscountOffer, n)
		assert.True(t, e.DiscountOffer.Amount.Equal(want.Amount), "%s: %s", n, e.DiscountOffer.Amount)
		assert.Equal(t, want.Until, e.DiscountOffer.Until, n)
	}
	out2, _ := export(t, dst, hledger.Options{})
	assert.Equal(t, string(out), string(out2))
}

func TestDiscountOfferBadInput(t *testing.T) {
	const ok = "2026-01-02 ok\n    627000  1.00 EUR\n    512000  -1.00 EUR\n\n"
	for name, c := range map[string]struct {
		input string
		err   error
	}{
		"no until":         {ok + "2026-01-03 x\n    ; type: invoice\n    ; discount: 1.00\n    411000:C9  10.00 EUR\n    706000\n", hledger.ErrSyntax},
		"bad amount":       {ok + "2026-01-03 x\n    ; type: invoice\n    ; discount: 1,00 EUR until 2026-01-10\n    411000:C9  10.00 EUR\n    706000\n", hledger.ErrSyntax},
		"bad date":         {ok + "2026-01-03 x\n    ; type: invoice\n    ; discount: 1.00 until 2026-13-10\n    411000:C9  10.00 EUR\n    706000\n", hledger.ErrSyntax},
		"on a payment":     {ok + "2026-01-03 x\n    ; type: payment\n    ; discount: 1.00 until 2026-01-10\n    411000:C9  -10.00 EUR\n    512000\n", journal.ErrDiscountOffer},
		"after a posting":  {ok + "2026-01-03 x\n    ; type: invoice\n    411000:C9  10.00 EUR\n    ; discount: 1.00 until 2026-01-10\n    706000\n", hledger.ErrSyntax},
		"twice":            {ok + "2026-01-03 x\n    ; type: invoice\n    ; discount: 1.00 until 2026-01-10\n    ; discount: 2.00 until 2026-01-10\n    411000:C9  10.00 EUR\n    706000\n", hledger.ErrSyntax},
		"as large as owed": {ok + "2026-01-03 x\n    ; type: invoice\n    ; discount: 10.00 until 2026-01-10\n    411000:C9  10.00 EUR\n    706000\n", journal.ErrDiscountOffer},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			b := newBook(t, storetest.Backends[0])
			_, err := hledger.Read(ctx, strings.NewReader(c.input), b, hledger.ReadOptions{})
			require.ErrorIs(t, err, c.err)
			assert.Contains(t, err.Error(), "line ")
			last, err := b.LastSeq(ctx)
			require.NoError(t, err)
			assert.Zero(t, last, "nothing posted")
		})
	}
}
