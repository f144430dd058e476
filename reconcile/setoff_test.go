package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// Credit notes set off against the invoices a payment pays: a customer
// who pays "FA-1 less AV-2" names both, and pays the difference.

// supplierCreditNote posts a supplier credit note (avoir fournisseur) of
// ttc on 607000: a debit on 401000.
func (f *fixture) supplierCreditNote(t testing.TB, p string, date journal.Date, ttc string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "AC", Date: date, Type: journal.TypeCreditNote, Lines: []journal.Line{
		{Account: "401000", Partner: p, Balance: e(ttc)},
		{Account: "607000", Balance: e(ttc).Neg()},
	}})
}

// cashBasisNote posts a customer credit note of ht + 20 % VAT due on
// payment (445740 until it is settled).
func (f *fixture) cashBasisNote(t testing.TB, p string, date journal.Date, ht string) journal.Entry {
	t.Helper()
	inv := journal.Invoice{Kind: journal.CustomerCreditNote, Journal: "VT", Date: date, Partner: p, PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{{UnitPrice: e(ht), Taxes: []tax.Tax{billSalesVAT}, Account: "706000"}}}
	x, err := inv.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

func TestRegisterPaymentSetsOffACreditNote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "1200.00")
		cn := f.creditNote(t, "C1", d(3, 2), "200.00")
		before := hrev17Balances(t, f)
		// The amount unset: what the invoice owes less the credit note.
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 10), Invoices: []journal.ID{inv.ID, cn.ID}})
		require.NoError(t, err)
		pay := res.Entries[0]
		require.True(t, pay.Lines[0].Balance.Equal(e("-1000.00")), "%s", pay.Lines[0].Balance)
		for _, x := range []journal.Entry{inv, cn, pay} {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		require.Len(t, res.Matches, 1, "one match: the invoice, the credit note and the payment")
		f.check(t)
		_, err = f.rec.CancelPayment(ctx, journal.NoID, pay.ID)
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, before, hrev17Balances(t, f))
	})
}

func TestRegisterPaymentSetsOffInPart(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "1200.00")
		cn := f.creditNote(t, "C1", d(3, 2), "200.00")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 10), Amount: e("900.00"), Invoices: []journal.ID{inv.ID, cn.ID}})
		require.NoError(t, err)
		require.True(t, f.residual(t, line0(cn)).IsZero(), "the credit note is used first")
		require.True(t, f.residual(t, line0(inv)).Equal(e("100.00")), "%s", f.residual(t, line0(inv)))
		f.check(t)
	})
}

// A supplier payment sets off the supplier's credit note against the bill.
func TestRegisterPaymentSetsOffASupplierCreditNote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := f.bill(t, "S1", d(3, 1), "500.00")
		cn := f.supplierCreditNote(t, "S1", d(3, 2), "100.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(3, 10), Invoices: []journal.ID{b.ID, cn.ID}})
		require.NoError(t, err)
		require.True(t, res.Entries[0].Lines[0].Balance.Equal(e("400.00")), "%s", res.Entries[0].Lines[0].Balance)
		require.True(t, f.residual(t, line0(b)).IsZero())
		require.True(t, f.residual(t, line0(cn)).IsZero())
		f.check(t)
	})
}

// A refund of a credit note sets off an invoice the customer still owes:
// it pays back the difference, and no more.
func TestRefundSetsOffAnInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cn := f.creditNote(t, "C1", d(3, 1), "500.00")
		inv := f.invoice(t, "C1", d(3, 2), "200.00")
		before := hrev17Balances(t, f)
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 10), Amount: e("350.00"), Invoices: []journal.ID{cn.ID, inv.ID}})
		require.ErrorIs(t, err, reconcile.ErrOverAllocation)
		require.Equal(t, before, hrev17Balances(t, f), "nothing written")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 10), Invoices: []journal.ID{cn.ID, inv.ID}})
		require.NoError(t, err)
		require.True(t, res.Entries[0].Lines[0].Balance.Equal(e("300.00")), "%s", res.Entries[0].Lines[0].Balance)
		require.True(t, f.residual(t, line0(cn)).IsZero())
		require.True(t, f.residual(t, line0(inv)).IsZero())
		f.check(t)
	})
}

func TestRegisterPaymentSetOffRefusals(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "300.00")
		cn := f.creditNote(t, "C1", d(3, 2), "300.00")
		other := f.creditNote(t, "C2", d(3, 2), "50.00")
		before := hrev17Balances(t, f)
		for name, c := range map[string]struct {
			p    reconcile.Payment
			want error
		}{
			"a credit note alone": {reconcile.Payment{Invoices: []journal.ID{cn.ID}}, reconcile.ErrNotDocument},
			"a credit note as large as the invoice": {reconcile.Payment{Invoices: []journal.ID{inv.ID, cn.ID}},
				reconcile.ErrAmount},
			"as large, with an amount": {reconcile.Payment{Amount: e("10.00"), Invoices: []journal.ID{inv.ID, cn.ID}},
				reconcile.ErrAmount},
			"another partner's credit note": {reconcile.Payment{Invoices: []journal.ID{inv.ID, other.ID}}, reconcile.ErrPartner},
			"named twice":                   {reconcile.Payment{Invoices: []journal.ID{inv.ID, cn.ID, cn.ID}}, reconcile.ErrDuplicateLine},
		} {
			p := c.p
			p.Direction, p.Partner, p.Journal, p.Date = reconcile.Inbound, "C1", "BQ", d(3, 10)
			_, err := f.rec.RegisterPayment(ctx, p)
			require.ErrorIs(t, err, c.want, name)
			require.Equal(t, before, hrev17Balances(t, f), "%s: nothing written", name)
		}
		f.check(t)
	})
}

// A discount taken by hand on an invoice a credit note is set off against:
// the discount is what the payment and the credit note leave unpaid.
func TestRegisterPaymentSetOffWithEarlyDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00") // 1 200.00, 24.00 off until 3/11
		cn := f.creditNote(t, "C1", d(3, 2), "100.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 10), Amount: e("1076.00"), EarlyDiscount: true, Invoices: []journal.ID{inv.ID, cn.ID}})
		require.NoError(t, err)
		var discount *journal.Entry
		for i := range res.Entries {
			if res.Entries[i].Type == journal.TypeDiscount {
				discount = &res.Entries[i]
			}
		}
		require.NotNil(t, discount)
		require.Equal(t, inv.ID, discount.Document)
		require.True(t, discount.Lines[0].Balance.Equal(e("-24.00")), "%s", discount.Lines[0].Balance)
		for _, x := range []journal.Entry{inv, cn, res.Entries[0]} {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		f.check(t)

		// Two invoices with the credit note: a hand discount needs one.
		i2 := f.discountInvoice(t, "C2", d(3, 1), "1000.00")
		i3 := f.invoice(t, "C2", d(3, 1), "100.00")
		c2 := f.creditNote(t, "C2", d(3, 2), "100.00")
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C2", Journal: "BQ",
			Date: d(3, 10), Amount: e("1176.00"), EarlyDiscount: true, Invoices: []journal.ID{i2.ID, i3.ID, c2.ID}})
		require.ErrorIs(t, err, reconcile.ErrDiscount)
	})
}

// Cash-basis VAT on both: the credit note's VAT and the payment's share
// leave 445740 at zero once all is settled.
func TestRegisterPaymentSetOffCashBasis(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00") // 1 200.00
		cn := f.cashBasisNote(t, "C1", d(3, 2), "250.00")                           // 300.00
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 10), Invoices: []journal.ID{inv.ID, cn.ID}})
		require.NoError(t, err)
		bal := hrev17Balances(t, f)
		require.Empty(t, bal["445740"], "%v", bal)
		require.Equal(t, "-150.00", bal["445710"], "%v", bal)
		f.check(t)
	})
}

// A statement line naming an invoice and a credit note of the customer
// pays the difference; imported, the entry naming both is proposed so.
func TestStatementSetsOffACreditNote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "1200.00")
		cn := f.creditNote(t, "C1", d(3, 2), "200.00")
		res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 10), Amount: e("1000.00"),
			Partner: "C1", Invoices: []journal.ID{inv.ID, cn.ID}})
		require.NoError(t, err)
		for _, x := range []journal.Entry{inv, cn, res.Entries[0]} {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		f.check(t)
	})
}

func TestImportedEntryNamingACreditNote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		inv := f.discountInvoice(t, "K1", d(3, 1), "1000.00") // 1 200.00, 24.00 until 3/11
		cn := f.creditNote(t, "K1", d(3, 2), "100.00")
		props := b.imports(t, d(3, 10), reconcile.Rules{},
			rvEntry{amount: "1076.00", iban: rvK1IBAN, remittance: "Facture " + inv.Name() + " moins avoir " + cn.Name()})
		require.Len(t, props, 1)
		p := props[0]
		require.Equal(t, []journal.ID{inv.ID, cn.ID}, p.Target.Invoices, p.Reason)
		require.True(t, p.Target.EarlyDiscount, p.Reason)
		require.Contains(t, p.Reason, "100,00\u00a0€ credited by "+cn.Name()+" set off")
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		for _, x := range []journal.Entry{inv, cn} {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		f.check(t)
	})
}

// A credit note whose reference is the invoice it credits: a statement
// entry naming the invoice names it, not both.
func TestImportedEntryNamingAnInvoiceACreditNoteRefers(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		inv := f.invoice(t, "K1", d(3, 1), "1200.00")
		f.post(t, journal.Entry{Journal: "VT", Date: d(3, 2), Type: journal.TypeCreditNote, Ref: inv.Name(), Lines: []journal.Line{
			{Account: "411000", Partner: "K1", Balance: e("-200.00")},
			{Account: "706000", Balance: e("200.00")},
		}})
		props := b.imports(t, d(3, 10), reconcile.Rules{},
			rvEntry{amount: "1200.00", iban: rvK1IBAN, remittance: inv.Name()})
		require.Len(t, props, 1)
		require.Equal(t, []journal.ID{inv.ID}, props[0].Target.Invoices, props[0].Reason)
	})
}

// Automatic lettering: a payment naming an invoice and a credit note.
func TestAutoReferenceSetsOffANamedCreditNote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "1200.00")
		cn := f.creditNote(t, "C1", d(3, 2), "200.00")
		p := f.pay(t, "C1", d(3, 10), "1000.00", inv.Name()+" - "+cn.Name(), "")
		// Another customer pays part of the difference.
		inv2 := f.invoice(t, "C2", d(3, 1), "1200.00")
		cn2 := f.creditNote(t, "C2", d(3, 2), "200.00")
		p2 := f.pay(t, "C2", d(3, 10), "600.00", "", "Facture "+inv2.Name()+" avoir "+cn2.Name())
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 2)
		require.Empty(t, out.Unmatched)
		pr := out.Proposals[0]
		require.Equal(t, []journal.LineRef{line0(cn), line0(p), line0(inv)}, pr.Lines)
		require.Equal(t, reconcile.ExactReference, pr.Confidence)
		require.Contains(t, pr.Reason, "= credit note number "+cn.Name())
		require.Contains(t, pr.Reason, "1\u202f000,00\u00a0€ paid and 200,00\u00a0€ credited = 1\u202f200,00\u00a0€ owed")
		require.Equal(t, []reconcile.PlannedPartial{
			{Debit: line0(inv), Credit: line0(cn), Amount: e("200.00")},
			{Debit: line0(inv), Credit: line0(p), Amount: e("1000.00")},
		}, pr.Partials)
		require.Contains(t, out.Proposals[1].Reason, "600,00\u00a0€ paid and 200,00\u00a0€ credited of 1\u202f200,00\u00a0€, 400,00\u00a0€ stays due")
		before := hrev17Balances(t, f)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		for _, o := range applied.Outcomes {
			require.NoError(t, o.Err)
		}
		for _, x := range []journal.Entry{inv, cn, p, cn2, p2} {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		require.True(t, f.residual(t, line0(inv2)).Equal(e("400.00")))
		f.check(t)
		_, err = f.rec.Unletter(ctx, journal.NoID, line0(p))
		require.NoError(t, err)
		require.Equal(t, before, hrev17Balances(t, f))
		require.True(t, f.residual(t, line0(cn)).Equal(e("-200.00")))
		f.check(t)
	})
}

// A supplier payment naming a bill and the supplier's credit note.
func TestAutoReferenceSetsOffASupplierCreditNote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := f.bill(t, "S1", d(3, 1), "500.00")
		cn := f.supplierCreditNote(t, "S1", d(3, 2), "100.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(3, 10), Amount: e("400.00"), Ref: b.Name() + " " + cn.Name()})
		require.NoError(t, err)
		out := propose(t, f, reconcile.Scope{Accounts: []string{"401000"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		require.Equal(t, []journal.LineRef{line0(cn), line0(res.Entries[0]), line0(b)}, out.Proposals[0].Lines)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.True(t, f.residual(t, line0(b)).IsZero())
		f.check(t)
	})
}

// What the reference rule does not set off: a credit note named alone
// (the payment pays nothing by reference), or in another currency. A
// credit note whose reference is the invoice it credits names that
// invoice itself: a payment naming the invoice is no ambiguity, and the
// three are lettered together.
func TestAutoReferenceSetOffLimits(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "1200.00")
		cn := f.creditNote(t, "C1", d(3, 2), "200.00")
		f.pay(t, "C1", d(3, 10), "50.00", cn.Name(), "")
		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C1"}}, reconcile.Rules{})
		require.Empty(t, out.Proposals)

		i2 := f.invoice(t, "C2", d(3, 1), "1200.00")
		c2 := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 2), Type: journal.TypeCreditNote, Ref: i2.Name(), Lines: []journal.Line{
			{Account: "411000", Partner: "C2", Balance: e("-200.00")},
			{Account: "706000", Balance: e("200.00")},
		}})
		p2 := f.pay(t, "C2", d(3, 10), "1000.00", i2.Name(), "")
		out = propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C2"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.ElementsMatch(t, []journal.LineRef{line0(c2), line0(p2), line0(i2)}, out.Proposals[0].Lines, out.Proposals[0].Reason)
		require.Contains(t, out.Proposals[0].Reason, "amount 1\u202f200,00\u00a0€ equal")

		i3 := f.invoice(t, "C3", d(3, 1), "1200.00")
		usd := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 2), Type: journal.TypeCreditNote, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C3", AmountCurrency: u("-220.00"), Balance: e("-200.00")},
			{Account: "706000", AmountCurrency: u("220.00"), Balance: e("200.00")},
		}})
		p3 := f.pay(t, "C3", d(3, 10), "1000.00", i3.Name()+" "+usd.Name(), "")
		out = propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C3"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, []journal.LineRef{line0(p3), line0(i3)}, out.Proposals[0].Lines, out.Proposals[0].Reason)
	})
}
