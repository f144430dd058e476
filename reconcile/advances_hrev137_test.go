package reconcile_test

// Review h-rev137: advances and down payments (acomptes), customer and
// supplier side.

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev137Inv builds and posts a customer or supplier document.
func hrev137Inv(t *testing.T, f *fixture, kind journal.InvoiceKind, p string, date journal.Date, ref string, lines ...journal.InvoiceLine) journal.Entry {
	t.Helper()
	acct, j := "411000", "VT"
	if kind == journal.SupplierBill || kind == journal.SupplierCreditNote {
		acct, j = "401000", "AC"
	}
	x, err := journal.Invoice{Kind: kind, Journal: j, Date: date, Partner: p, PartnerAccount: acct, Ref: ref, Lines: lines}.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

func hrev137Line(acct string, ht currency.Amount, tx tax.Tax, label string) journal.InvoiceLine {
	return journal.InvoiceLine{Label: label, UnitPrice: ht, Taxes: []tax.Tax{tx}, Account: acct}
}

// hrev137Ref finds the line of x on account acct.
func hrev137Ref(t *testing.T, x journal.Entry, acct string) journal.LineRef {
	t.Helper()
	for i, l := range x.Lines {
		if l.Account == acct && l.TaxRole != tax.RoleTax {
			return x.LineRef(i)
		}
	}
	t.Fatalf("%s has no line on %s", x.Name(), acct)
	return journal.LineRef{}
}

// A 30 % deposit invoice for services (VAT on payment, CGI 269-2-c: due
// when received) paid in March, the final invoice deducting it in April,
// the balance paid in May: VAT 60.00 due in March, 140.00 in May; 419100
// letters the deposit with its deduction; unlettering 419100 restores both
// lines; Check passes.
func TestHrev137ServicesDepositInvoiceFlow(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		dep := hrev137Inv(t, f, journal.CustomerInvoice, "C1", d(3, 1), "FA-ACPT", hrev137Line("419100", e("300.00"), billSalesVAT, "Acompte 30 %"))
		assert.Equal(t, "360.00", dep.Lines[0].Balance.Plain())
		f.receive(t, "BQD", "C1", d(3, 10), "", dep)
		assert.Equal(t, reconcile.Paid, f.state(t, dep).State)
		assert.Equal(t, [2]string{"0.00", "-60.00"}, hrev68VAT(t, f), "VAT on the services acompte due at receipt")

		fin := hrev137Inv(t, f, journal.CustomerInvoice, "C1", d(4, 15), "FA-FIN",
			hrev137Line("706000", e("1000.00"), billSalesVAT, "Prestation"),
			hrev137Line("419100", e("-300.00"), billSalesVAT, "Acompte déduit"))
		assert.Equal(t, "840.00", fin.Lines[0].Balance.Plain())
		assert.Equal(t, [2]string{"-140.00", "-60.00"}, hrev68VAT(t, f))

		half := f.receive(t, "BQD", "C1", d(5, 10), "420.00", fin)
		assert.Equal(t, [2]string{"-70.00", "-130.00"}, hrev68VAT(t, f))
		f.receive(t, "BQD", "C1", d(5, 20), "", fin)
		assert.Equal(t, reconcile.Paid, f.state(t, fin).State)
		assert.Equal(t, [2]string{"0.00", "-200.00"}, hrev68VAT(t, f))

		for _, m := range []struct {
			from, to   journal.Date
			base, vatv string
		}{{d(3, 1), d(3, 31), "300.00", "60.00"}, {d(5, 1), d(5, 31), "700.00", "140.00"}} {
			rep, err := f.rec.VATReport(ctx, m.from, m.to)
			require.NoError(t, err)
			require.Len(t, rep.Lines, 1, m.from.String())
			assert.Equal(t, m.base+" "+m.vatv, rep.Lines[0].Base.Plain()+" "+rep.Lines[0].Tax.Plain(), m.from.String())
		}
		rep, err := f.rec.VATReport(ctx, d(4, 1), d(4, 30))
		require.NoError(t, err)
		assert.Empty(t, rep.Lines, "nothing collected in April")

		// 419100: the deposit's credit and the deduction's debit.
		depL, finL := hrev137Ref(t, dep, "419100"), hrev137Ref(t, fin, "419100")
		assert.ElementsMatch(t, []string{dep.Name() + " -300.00", fin.Name() + " 300.00"}, hrev71Open(t, f, "419100"))
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{depL, finL}})
		require.NoError(t, err)
		assert.Empty(t, hrev71Open(t, f, "419100"))
		code, prov, err := f.rec.Code(ctx, depL)
		require.NoError(t, err)
		assert.False(t, prov)
		assert.NotEmpty(t, code)
		f.check(t)

		_, err = f.rec.Unletter(ctx, journal.NoID, depL)
		require.NoError(t, err)
		assert.ElementsMatch(t, []string{dep.Name() + " -300.00", fin.Name() + " 300.00"}, hrev71Open(t, f, "419100"))
		assert.Equal(t, [2]string{"0.00", "-200.00"}, hrev68VAT(t, f), "unlettering 419100 moves no VAT")

		// Detach the half payment: only its 70.00 share goes back.
		_, err = f.rec.Detach(ctx, journal.NoID, line0(half))
		require.NoError(t, err)
		assert.Equal(t, [2]string{"-70.00", "-130.00"}, hrev68VAT(t, f))
		assert.Equal(t, "420.00", f.state(t, fin).Residual.Plain())
		f.check(t)
	})
}

// An advance of 1 200.00 USD received on account at 1.25 (960.00 EUR)
// before a services invoice of 1 000.00 USD + 200.00 USD VAT on payment
// booked at 1.20 (1 000.00 EUR, VAT 166.67 EUR on 445740), applied to it:
// the invoice keeps 40.00 EUR → Dr 656000 40.00 / Cr 411000 40.00; the
// VAT leaves 445740 at 166.67 and reaches 445710 at the payment's rate,
// 160.00; 445740 ends at 0.00. Unlettering restores both residuals and
// the VAT accounts.
func TestHrev137ForeignAdvanceAppliedAtAnotherRate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.25")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(4, 1), currency.MustParseRate("1.20")))
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 10), Amount: u("1200.00"), Method: reconcile.MethodTransfer})
		require.NoError(t, err)
		adv := res.Entries[0]
		assert.Equal(t, "-960.00", adv.Lines[0].Balance.Plain())
		inv := hrev137Inv(t, f, journal.CustomerInvoice, "C1", d(4, 15), "FA-USD", hrev137Line("706000", u("1000.00"), billSalesVAT, "Prestation"))
		assert.Equal(t, "1000.00", inv.Lines[0].Balance.Plain())
		assert.Equal(t, [2]string{"-166.67", "0.00"}, hrev68VAT(t, f))

		st, err := f.rec.Statement(ctx, "411000", "C1")
		require.NoError(t, err)
		assert.Equal(t, "960.00", st.Unallocated.Plain())
		assert.Equal(t, "1000.00", st.Due.Plain())

		used, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.True(t, f.residual(t, line0(inv)).IsZero())
		assert.True(t, f.residual(t, line0(adv)).IsZero())
		assert.Equal(t, [2]string{"0.00", "-160.00"}, hrev68VAT(t, f))
		assert.Equal(t, "0.00", hrev68Bal(t, f, "411000", "C1", journal.Date{}))
		fx := map[string]string{}
		for _, x := range used.Entries {
			if x.Type == journal.TypeCashBasis {
				assert.Equal(t, d(4, 15), x.Date)
			}
		}
		for _, a := range []string{"656000", "756000", "706000", "512100", "512000"} {
			fx[a] = hrev68Bal(t, f, a, "", journal.Date{})
		}
		// Bank 960.00 = revenue 833.33 + VAT 160.00 − net exchange loss 33.33.
		loss, _ := currency.MustParse(eur, fx["656000"]).Add(currency.MustParse(eur, fx["756000"]))
		assert.Equal(t, "33.33", loss.Plain(), "net exchange result: −40.00 on the receivable, +6.67 on the VAT (%v)", fx)
		f.check(t)

		code, prov, err := f.rec.Code(ctx, line0(inv))
		require.NoError(t, err)
		require.False(t, prov)
		_, err = f.rec.UnletterCode(ctx, journal.NoID, "411000", "C1", code)
		require.NoError(t, err)
		assert.Equal(t, "1000.00", f.residual(t, line0(inv)).Plain())
		assert.Equal(t, "-960.00", f.residual(t, line0(adv)).Plain())
		assert.Equal(t, [2]string{"-166.67", "0.00"}, hrev68VAT(t, f))
		for _, a := range []string{"656000", "756000"} {
			assert.Equal(t, "0.00", hrev68Bal(t, f, a, "", journal.Date{}), a)
		}
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		f.check(t)
	})
}

// An advance of 1 500.00 received on account, larger than the 1 200.00
// services invoice it is applied to: the invoice is paid, its VAT 200.00
// due; 300.00 stays a reste à utiliser; refunded by a transfer naming the
// receipt, the customer's statement is empty and the refund is lettered.
func TestHrev137AdvanceLargerThanInvoiceThenRefund(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := f.receive(t, "BQD", "C1", d(3, 10), "1500.00")
		inv := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocNormal, "C1", d(4, 15), "1000.00", "706000")
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "-300.00", f.residual(t, line0(adv)).Plain())
		assert.Equal(t, [2]string{"0.00", "-200.00"}, hrev68VAT(t, f))
		st, err := f.rec.Statement(ctx, "411000", "C1")
		require.NoError(t, err)
		assert.Equal(t, "0.00", st.Due.Plain())
		assert.Equal(t, "300.00", st.Unallocated.Plain())

		ag, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(4, 30), Accounts: []string{"411000"}})
		require.NoError(t, err)
		require.Len(t, ag.Rows, 1)
		assert.Equal(t, "-300.00", ag.Rows[0].CompanyTotal.Plain())

		ref, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C1", Journal: "BQD",
			Date: d(5, 2), Method: reconcile.MethodTransfer, Invoices: []journal.ID{adv.ID}})
		require.NoError(t, err)
		assert.Equal(t, "300.00", ref.Entries[0].Lines[0].Balance.Plain())
		assert.True(t, f.residual(t, line0(adv)).IsZero())
		st, err = f.rec.Statement(ctx, "411000", "C1")
		require.NoError(t, err)
		assert.Empty(t, st.Open)
		assert.Empty(t, st.Credits)
		assert.Equal(t, "0.00", hrev68Bal(t, f, "411000", "C1", journal.Date{}))
		assert.Equal(t, [2]string{"0.00", "-200.00"}, hrev68VAT(t, f), "a refund of the unused part moves no VAT")
		f.check(t)
	})
}

// Supplier side: an advance of 360.00 paid on account before the bill of
// 1 200.00 arrives; the payment run pays the bill net of the advance,
// 840.00, and lists the advance as set off.
func TestHrev137SupplierAdvanceNettedByTheRun(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO",
			Date: d(3, 2), Amount: e("360.00"), Method: reconcile.MethodTransfer, Ref: "ACOMPTE CDE 12"})
		require.NoError(t, err)
		adv := res.Entries[0]
		bill := rrBill(t, f, "S2", d(3, 5), d(3, 20), "1200.00", "F-S2-1")
		st, err := f.rec.Statement(ctx, "401000", "S2")
		require.NoError(t, err)
		assert.Equal(t, "1200.00", st.Due.Plain())
		assert.Equal(t, "360.00", st.Unallocated.Plain())
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 15), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "840.00", run.Payments[0].Amount.Plain())
		assert.Equal(t, []journal.ID{adv.ID}, run.Payments[0].OnAccount)
		assert.Equal(t, reconcile.InPayment, f.state(t, bill).State)
		f.check(t)
	})
}

// Supplier side with a deposit bill on 409100 (goods, VAT on invoice):
// deposit bill 300.00 HT + 60.00 paid, final bill 1 000.00 HT less the
// deposit, 840.00 TTC, paid by the run; 409100 and 401000 end at zero and
// 445660 at the whole 200.00 deductible.
func TestHrev137SupplierDepositBillFlow(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		vat := tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnInvoice)
		dep := hrev137Inv(t, f, journal.SupplierBill, "S2", d(3, 1), "F-ACPT", hrev137Line("409100", e("300.00"), vat, "Acompte"))
		assert.Equal(t, "-360.00", dep.Lines[0].Balance.Plain())
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO",
			Date: d(3, 2), Method: reconcile.MethodTransfer, Invoices: []journal.ID{dep.ID}})
		require.NoError(t, err)
		fin := hrev137Inv(t, f, journal.SupplierBill, "S2", d(3, 20), "F-FIN",
			hrev137Line("607000", e("1000.00"), vat, "Marchandises"),
			hrev137Line("409100", e("-300.00"), vat, "Acompte déduit"))
		assert.Equal(t, "-840.00", fin.Lines[0].Balance.Plain())
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(4, 30)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "840.00", run.Payments[0].Amount.Plain())
		for acct, want := range map[string]string{"401000": "0.00", "409100": "0.00", "445660": "200.00", "607000": "1000.00"} {
			assert.Equal(t, want, hrev68Bal(t, f, acct, "", journal.Date{}), acct)
		}
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{hrev137Ref(t, dep, "409100"), hrev137Ref(t, fin, "409100")}})
		require.NoError(t, err)
		assert.Empty(t, hrev71Open(t, f, "409100"))
		f.check(t)
	})
}
