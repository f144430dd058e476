package reconcile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// The aged balance of 401000 at 3/31 before any run: every item a credit
// (what we owe), by due date; the S14 instalment due 4/15 and S16's bill
// due 4/30 not due; the dunning lists no supplier.
func TestHrev230AgedPayables(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev230Ledger(t, f)
		ag, err := f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"401000"}, At: d(3, 31)})
		require.NoError(t, err)
		got := map[string]string{}
		for _, r := range ag.Rows {
			var parts []string
			for _, a := range r.Company {
				parts = append(parts, a.Plain())
			}
			got[r.Partner] = strings.Join(parts, " ") + " = " + r.CompanyTotal.Plain()
		}
		// Buckets: not due, 1-30, 31-60, 61-90, 91-120, >120 (default).
		require.Equal(t, len(reconcile.AgeBoundsDefault)+2, len(ag.Buckets))
		z := strings.Repeat(" 0.00", len(ag.Buckets)-2)
		require.Equal(t, map[string]string{
			"S10": "-600.00" + strings.Repeat(" 0.00", len(ag.Buckets)-1) + " = -600.00",
			"S11": "0.00 -800.00" + z + " = -800.00",
			"S12": "0.00 -1000.00" + z + " = -1000.00",
			"S13": "0.00 -300.00" + z + " = -300.00",
			"S14": "-500.00 -500.00" + z + " = -1000.00",
			"S15": "0.00 -600.00" + z + " = -600.00", // bill 700.00 less its credit note 100.00, both 1-30 days
			"S16": "-250.00" + strings.Repeat(" 0.00", len(ag.Buckets)-1) + " = -250.00",
		}, got)
		require.Equal(t, "-4550.00", ag.CompanyTotal.Plain())

		dn, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(4, 30)})
		require.NoError(t, err)
		for _, r := range dn.Rows {
			require.False(t, strings.HasPrefix(fmt.Sprint(r.Partner), "S"), "dunning lists supplier %v", r.Partner)
		}
	})
}

// A dunning run on the payable account must not list suppliers as
// customers owing us.
func TestHrev230DunningRefusesPayables(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev230Ledger(t, f)
		dn, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(4, 30), Partners: []string{"S13"}})
		if err == nil {
			require.Empty(t, dn.Rows, "a supplier we owe 300.00 is listed for a reminder")
		}
	})
}

// A second run at 4/30 pays what came due since (S14's second
// instalment, S16's bill) and nothing of the first run again.
func TestHrev230SecondRunPaysOnlyWhatIsLeft(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := hrev230Ledger(t, f)
		ps := []string{"S10", "S11", "S12", "S14", "S15", "S16"}
		_, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), Partners: ps})
		require.NoError(t, err)
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(4, 30), DueBy: d(4, 30), Partners: ps})
		require.NoError(t, err)
		got := map[string]string{}
		for _, p := range run.Payments {
			got[p.Partner] = p.Amount.Plain()
		}
		require.Equal(t, map[string]string{"S14": "500.00", "S16": "250.00"}, got)
		require.Equal(t, reconcile.InPayment, f.state(t, b.inst).State)
		require.Equal(t, "-300.00", f.balance(t, "401000"))
		f.check(t)
	})
}

// A supplier whose credit note (300.00) exceeds its only due bill
// (200.00): nothing to pay; the run sets nothing off it pays no one, or
// letters the bill with the note, leaving 100.00 owed by the supplier —
// never a negative transfer.
func TestHrev230CreditNoteExceedsBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S20", "Fournisseur S20", "", ledger.Address{})
		rrSupplier(t, f, "S21", "Fournisseur S21", "", ledger.Address{})
		bill := rrBill(t, f, "S20", d(3, 1), d(3, 15), "200.00", "B-20")
		f.post(t, journal.Entry{Journal: "AC", Date: d(3, 2), Type: journal.TypeCreditNote, Ref: "AV-20", Lines: []journal.Line{
			{Account: "401000", Partner: "S20", Balance: e("300.00")},
			{Account: "607000", Balance: e("-300.00")},
		}})
		rrBill(t, f, "S21", d(3, 1), d(3, 15), "100.00", "B-21")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 20), DueBy: d(3, 31)})
		require.NoError(t, err)
		for _, p := range run.Payments {
			require.Equal(t, 1, p.Amount.Sign(), p.Partner)
		}
		require.Equal(t, "100.00", f.balance(t, "401000"), "S20 owes us 100.00, S21 paid 100.00")
		require.NotEqual(t, reconcile.InPayment, f.state(t, bill).State, "no transfer to S20")
		xml, err := rrFile(t, f, run)
		require.NoError(t, err)
		require.NotContains(t, xml, "B-20</Ustrd>")
		f.check(t)
	})
}

// A bill in USD: 1 200.00 USD at 1.20 (1 000.00 EUR), paid by hand
// 1 200.00 USD worth 960.00 EUR: we owe 40.00 EUR less, a realised gain
// on a trade payable: Dr 401000 40.00 / Cr 756000 40.00 (DESIGN §5).
func TestHrev230USDBillGain(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 20), currency.MustParseRate("1.25")))
		rrJournal(t, f)
		rrSupplier(t, f, "S30", "US Supplier", "", ledger.Address{})
		bill := f.post(t, journal.Entry{Journal: "AC", Date: d(3, 1), Type: journal.TypeInvoice, Ref: "US-1", Currency: usd, Lines: []journal.Line{
			{Account: "401000", Partner: "S30", AmountCurrency: currency.MustParse(usd, "-1200.00"), DueDate: d(3, 31)},
			{Account: "607000", AmountCurrency: currency.MustParse(usd, "1200.00")},
		}})
		require.Equal(t, "-1000.00", f.balance(t, "401000"))
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S30", Journal: "BQO", Date: d(3, 20),
			Method: reconcile.MethodTransfer, Amount: currency.MustParse(usd, "1200.00"), Invoices: []journal.ID{bill.ID}})
		require.NoError(t, err)
		_ = res
		require.Equal(t, "0.00", f.balance(t, "401000"))
		require.Equal(t, "-40.00", f.balance(t, "756000"))
		require.Equal(t, "0.00", f.balance(t, "766000"))
		require.Equal(t, "-960.00", f.balance(t, "512200"))
		require.Equal(t, reconcile.InPayment, f.state(t, bill).State)
		// Not in a EUR run.
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 31), DueBy: d(3, 31)})
		if err == nil {
			require.Empty(t, run.Payments)
		}
		f.check(t)
	})
}
