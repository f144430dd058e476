package report_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
)

// hrev97USDInvoice posts a 1 000 USD invoice of 1 June 2026 (800,00 €).
func hrev97USDInvoice(t *testing.T, x *rv20, ref string) journal.Entry {
	return x.post(t, journal.Entry{Journal: "VT", Date: fecDay(2026, 6, 1), Type: journal.TypeInvoice, Ref: ref, Label: "Invoice " + ref,
		Currency: x.usd, Lines: []journal.Line{{Account: "411000", Partner: "U1", AmountCurrency: currency.MustParse(x.usd, "1000.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(x.usd, "-1000.00")}}})
}

func hrev97Close(t *testing.T, x *rv20, years ...string) {
	t.Helper()
	for _, y := range years {
		_, _, err := x.b.CloseFiscalYear(context.Background(), y, "Expert")
		require.NoError(t, err)
	}
}

// A dollar invoice part-paid in 2026 (400 of 1 000 USD): the closed 2027
// FEC carries 600 USD and stays as filed when the partial is undone.
func TestHrev97ClosedFECForeignPartialUndone(t *testing.T) {
	x := rv20Book(t, storetest.Backends[0])
	inv := hrev97USDInvoice(t, x, "FA-U1")
	x.receive(t, "U1", fecDay(2026, 12, 10), currency.MustParse(x.usd, "400.00"), inv)
	x.sale(t, "C1", fecDay(2027, 6, 1), "F27-02", "200.00")
	hrev97Close(t, x, "2026", "2027")
	b26, b27 := hrev76FEC(t, x, "2026"), hrev76FEC(t, x, "2027")
	require.Contains(t, b27, "600,00|USD")
	_, err := x.r.Unletter(context.Background(), journal.NoID, hrev76Line(t, inv))
	require.NoError(t, err)
	assert.Equal(t, b26, hrev76FEC(t, x, "2026"))
	assert.Equal(t, b27, hrev76FEC(t, x, "2027"))
	x.fecOf(t, "2028")
}

// A dollar invoice paid in full in 2026 at another rate (exchange gain
// 200,00 €): the 2026 and 2027 files stay as filed when the match is
// undone after both closings.
func TestHrev97ClosedFECExchangeDifferenceUndone(t *testing.T) {
	x := rv20Book(t, storetest.Backends[0])
	inv := hrev97USDInvoice(t, x, "FA-U2")
	res := x.receive(t, "U1", fecDay(2026, 12, 10), currency.MustParse(x.usd, "1000.00"), inv)
	require.NotEmpty(t, res.Matches)
	x.sale(t, "C1", fecDay(2027, 6, 1), "F27-02", "200.00")
	hrev97Close(t, x, "2026", "2027")
	b26, b27 := hrev76FEC(t, x, "2026"), hrev76FEC(t, x, "2027")
	_, err := x.r.Unletter(context.Background(), journal.NoID, hrev76Line(t, inv))
	require.NoError(t, err)
	assert.Equal(t, b26, hrev76FEC(t, x, "2026"))
	assert.Equal(t, b27, hrev76FEC(t, x, "2027"))
	x.fecOf(t, "2028")
}

// Three consecutive closed years: an invoice part-paid in 2026 whose
// partial is undone after the 2028 closing; the 2027 and 2028 files stay
// as filed (600,00 carried).
func TestHrev97ClosedFECThreeClosedYears(t *testing.T) {
	x := rv20Book(t, storetest.Backends[0])
	ctx := context.Background()
	require.NoError(t, x.b.AddFiscalYear(ctx, ledger.CalendarYear(2029)))
	inv := x.sale(t, "C1", fecDay(2026, 11, 10), "F26-97", "1000.00")
	x.receive(t, "C1", fecDay(2026, 11, 20), fecAmt("400.00"), inv)
	x.sale(t, "C2", fecDay(2027, 6, 1), "F27-02", "200.00")
	x.sale(t, "C2", fecDay(2028, 6, 1), "F28-02", "200.00")
	hrev97Close(t, x, "2026", "2027", "2028")
	b27, b28 := hrev76FEC(t, x, "2027"), hrev76FEC(t, x, "2028")
	require.Contains(t, b28, "|F26-97|20261110|")
	_, err := x.r.Unletter(ctx, journal.NoID, hrev76Line(t, inv))
	require.NoError(t, err)
	assert.Equal(t, b27, hrev76FEC(t, x, "2027"))
	assert.Equal(t, b28, hrev76FEC(t, x, "2028"))
	assert.Contains(t, hrev76FEC(t, x, "2029"), "|F26-97|20261110|Facture F26-97|1000,00|")
}

// An invoice and a credit note of 2026 set off in part (credit note
// 400,00 against invoice 1 000,00), undone after the closings: the
// closed 2027 file stays as filed (invoice 600,00, no credit note).
func TestHrev97ClosedFECCreditNoteSetOffUndone(t *testing.T) {
	x := rv20Book(t, storetest.Backends[0])
	inv := x.sale(t, "C1", fecDay(2026, 11, 10), "F26-98", "1000.00")
	av := x.sale(t, "C1", fecDay(2026, 11, 15), "AV26-1", "-400.00")
	x.letter(t, hrev76Line(t, inv), hrev76Line(t, av))
	x.sale(t, "C2", fecDay(2027, 6, 1), "F27-02", "200.00")
	hrev97Close(t, x, "2026", "2027")
	b27 := hrev76FEC(t, x, "2027")
	require.Contains(t, b27, "600,00")
	_, err := x.r.Unletter(context.Background(), journal.NoID, hrev76Line(t, inv))
	require.NoError(t, err)
	assert.Equal(t, b27, hrev76FEC(t, x, "2027"))
}

// An invoice of 1 000,00 settled in 2026 by a receipt of 999,97 and a
// write-off of 0,03: undone after the 2026 and 2027 closings, both files
// stay as filed.
func TestHrev97ClosedFECWriteOffUndone(t *testing.T) {
	x := rv20Book(t, storetest.Backends[0])
	ctx := context.Background()
	r, err := reconcile.New(ctx, x.b, reconcile.Config{Tolerance: []currency.Amount{fecAmt("0.05")}})
	require.NoError(t, err)
	x.r = r
	inv := x.sale(t, "C1", fecDay(2026, 11, 10), "F26-99", "1000.00")
	rec := x.receive(t, "C1", fecDay(2026, 12, 2), fecAmt("999.97"))
	res, err := x.r.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{hrev76Line(t, inv), hrev76Line(t, rec.Entries[0])}, WriteOff: true})
	require.NoError(t, err)
	require.Len(t, res.Matches, 1)
	x.sale(t, "C2", fecDay(2027, 6, 1), "F27-02", "200.00")
	hrev97Close(t, x, "2026", "2027")
	b26, b27 := hrev76FEC(t, x, "2026"), hrev76FEC(t, x, "2027")
	_, err = x.r.Unletter(ctx, journal.NoID, hrev76Line(t, inv))
	require.NoError(t, err)
	assert.Equal(t, b26, hrev76FEC(t, x, "2026"))
	assert.Equal(t, b27, hrev76FEC(t, x, "2027"))
	x.fecOf(t, "2028")
}
