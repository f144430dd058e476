package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// discountInvoice posts a customer invoice of ht at 20 % VAT on invoice
// (445710), on terms of 30 days with 2 % off within 10 days: 1 000.00 HT
// is 1 200.00 due, or 1 176.00 until ten days after date.
func (f *fixture) discountInvoice(t testing.TB, p string, date journal.Date, ht string) journal.Entry {
	t.Helper()
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: date, Partner: p, PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: e(ht), Taxes: []tax.Tax{epdVAT("20")}, Account: "706000"}},
		Terms: epdTerms("2", 10)}
	x, err := inv.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

func TestAutoDiscountByReference(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		require.NotNil(t, inv.DiscountOffer)
		require.True(t, inv.DiscountOffer.Amount.Equal(e("24.00")))
		require.Equal(t, d(3, 11), inv.DiscountOffer.Until)
		p := f.pay(t, "C1", d(3, 11), "1176.00", inv.Name(), "VIR C1")

		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleReference, pr.Rule)
		require.Equal(t, reconcile.ExactReference, pr.Confidence)
		require.True(t, pr.Discount.Equal(e("24.00")))
		require.False(t, pr.WriteOff.IsSet())
		require.Equal(t, fmt.Sprintf("payment %s reference %q = invoice number %s; 1\u202f176,00\u00a0€ paid on 1\u202f200,00\u00a0€ owed, "+
			"early-payment discount of 24,00\u00a0€ offered until 11/03/2026 taken", p.Name(), inv.Name(), inv.Name()), pr.Reason)
		require.Equal(t, []reconcile.PlannedPartial{
			{Debit: line0(inv), Amount: e("24.00"), Discount: true},
			{Debit: line0(inv), Credit: line0(p), Amount: e("1176.00")},
		}, pr.Partials)

		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		o := applied.Outcomes[0]
		require.NoError(t, o.Err)
		// The discount entry: Dr 665000 20.00 / Dr 445710 4.00 / Cr 411000 24.00,
		// a rectifying document of the invoice, dated at the payment.
		var disc *journal.Entry
		for i := range o.Entries {
			if o.Entries[i].Type == journal.TypeDiscount {
				disc = &o.Entries[i]
			}
		}
		require.NotNil(t, disc)
		require.Equal(t, inv.ID, disc.Document)
		require.Equal(t, d(3, 11), disc.Date)
		got := map[string]string{}
		for _, l := range disc.Lines {
			got[l.Account] = l.Balance.Plain()
		}
		require.Equal(t, map[string]string{"411000": "-24.00", "665000": "20.00", "445710": "4.00"}, got)
		// The planned partials are those recorded, in order.
		require.Len(t, o.Partials, 2)
		require.Equal(t, journal.KindDiscount, o.Partials[0].Kind)
		require.True(t, o.Partials[0].Amount.Equal(e("24.00")))
		require.True(t, o.Partials[1].Amount.Equal(e("1176.00")))
		require.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		require.True(t, f.residual(t, line0(inv)).IsZero())
		require.True(t, f.residual(t, line0(p)).IsZero())
		f.check(t)

		// Unlettering reverses the discount: the invoice owes 1 200.00 again.
		_, err = f.rec.Unletter(ctx, journal.NoID, line0(inv))
		require.NoError(t, err)
		require.True(t, f.residual(t, line0(inv)).Equal(e("1200.00")))
		require.True(t, f.residual(t, line0(p)).Equal(e("-1176.00")))
		f.check(t)
		// And lettering it again proposes the same.
		again := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, again.Proposals, 1)
		require.True(t, again.Proposals[0].Discount.Equal(e("24.00")))
	})
}

func TestAutoDiscountByExactAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		f.invoice(t, "C1", d(3, 2), "500.00")
		p := f.pay(t, "C1", d(3, 9), "1176.00", "", "VIR C1")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleExactAmount, pr.Rule)
		require.Equal(t, reconcile.ExactAmount, pr.Confidence)
		require.True(t, pr.Discount.Equal(e("24.00")))
		require.Equal(t, []journal.LineRef{line0(p), line0(inv)}, pr.Lines)
		require.Contains(t, pr.Reason, "less its early-payment discount, the only one within 120 days")

		// Switched off, the rule proposes nothing for it.
		off := propose(t, f, customers, reconcile.Rules{NoDiscount: true})
		require.Empty(t, off.Proposals)

		res, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 1, res.Applied)
		require.Equal(t, 1, res.Entries) // the discount; VAT on invoice has no cash-basis entry
		require.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		f.check(t)
	})
}

func TestAutoDiscountNotTaken(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		rules reconcile.Rules
		setup func(t *testing.T, f *fixture) (want string)
	}{
		{"switched off", reconcile.Rules{NoDiscount: true}, func(t *testing.T, f *fixture) string {
			inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
			f.pay(t, "C1", d(3, 9), "1176.00", inv.Name(), "")
			return "24,00\u00a0€ stays due"
		}},
		{"after the last day", reconcile.Rules{}, func(t *testing.T, f *fixture) string {
			inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
			f.pay(t, "C1", d(3, 12), "1176.00", inv.Name(), "")
			return "24,00\u00a0€ stays due"
		}},
		{"not the first payment", reconcile.Rules{}, func(t *testing.T, f *fixture) string {
			inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
			f.receive(t, "BQ", "C1", d(3, 2), "100.00", inv)
			f.pay(t, "C1", d(3, 5), "1076.00", inv.Name(), "")
			return "24,00\u00a0€ stays due"
		}},
		{"two instalments", reconcile.Rules{}, func(t *testing.T, f *fixture) string {
			inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
				Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: e("1000.00"), Taxes: []tax.Tax{epdVAT("20")}, Account: "706000"}},
				Terms: journal.PaymentTerms{Instalments: []journal.Instalment{
					{Percent: tax.MustParsePercent("50"), Due: journal.DueRule{Kind: journal.NetDays, Days: 30}},
					{Percent: tax.MustParsePercent("50"), Due: journal.DueRule{Kind: journal.NetDays, Days: 60}}},
					Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 10}}}
			x, err := inv.Entry()
			require.NoError(t, err)
			posted := f.post(t, x)
			f.pay(t, "C1", d(3, 5), "1176.00", posted.Name(), "")
			return "24,00\u00a0€ stays due"
		}},
		{"a credit note does not take it", reconcile.Rules{}, func(t *testing.T, f *fixture) string {
			inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
			f.post(t, journal.Entry{Journal: "VT", Date: d(3, 3), Type: journal.TypeCreditNote, Ref: inv.Name(), Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("-1176.00")},
				{Account: "706000", Balance: e("1176.00")},
			}})
			return "24,00\u00a0€ stays due"
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				want := c.setup(t, f)
				out := propose(t, f, customers, c.rules)
				require.Len(t, out.Proposals, 1)
				require.False(t, out.Proposals[0].Discount.IsSet(), out.Proposals[0].Reason)
				require.Contains(t, out.Proposals[0].Reason, want)
			})
		})
	}
}

func TestAutoDiscountAmbiguityAndPrecedence(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		// Two invoices asking 1 176.00 with their discount: no proposal.
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		b := f.discountInvoice(t, "C1", d(3, 2), "1000.00")
		p := f.pay(t, "C1", d(3, 5), "1176.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Empty(t, out.Proposals)
		require.Len(t, out.Unmatched, 1)
		require.Equal(t, line0(p), out.Unmatched[0].Line)
		require.Equal(t, fmt.Sprintf("ambiguous: 2 invoices ask 1\u202f176,00\u00a0€ with their early-payment discount within 120 days (%s, %s)",
			a.Name(), b.Name()), out.Unmatched[0].Reason)

		// An invoice of exactly the amount is the likelier match.
		c := f.invoice(t, "C2", d(3, 1), "1176.00")
		f.discountInvoice(t, "C2", d(3, 1), "1000.00")
		q := f.pay(t, "C2", d(3, 5), "1176.00", "", "")
		out = propose(t, f, reconcile.Scope{Partners: []string{"C2"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, []journal.LineRef{line0(q), line0(c)}, out.Proposals[0].Lines)
		require.False(t, out.Proposals[0].Discount.IsSet())

		// Two payments that may pay one invoice, one in full and one with
		// the discount: a person decides.
		g := f.discountInvoice(t, "C3", d(3, 1), "1000.00")
		f.pay(t, "C3", d(3, 5), "1176.00", "", "")
		f.pay(t, "C3", d(3, 6), "1200.00", "", "")
		f.invoice(t, "C3", d(3, 1), "1200.00")
		out = propose(t, f, reconcile.Scope{Partners: []string{"C3"}}, reconcile.Rules{})
		for _, pr := range out.Proposals {
			require.False(t, pr.Discount.IsSet(), pr.Reason)
		}
		found := false
		for _, u := range out.Unmatched {
			if u.Residual.Abs().Equal(e("1176.00")) {
				found = true
				require.Contains(t, u.Reason, "ambiguous")
				require.Contains(t, u.Reason, g.Name())
			}
		}
		require.True(t, found, "%+v", out.Unmatched)
	})
}

// A proposal whose discount its caller edited is refused alone, nothing
// of it written; the others apply.
func TestAutoDiscountApplyRefusesAnEditedProposal(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		pay := f.pay(t, "C1", d(3, 5), "1176.00", inv.Name(), "")
		i2 := f.invoice(t, "C2", d(3, 1), "300.00")
		f.pay(t, "C2", d(3, 5), "300.00", i2.Name(), "")
		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 2)
		edits := []func(p *reconcile.Proposal){
			func(p *reconcile.Proposal) { p.Discount = e("25.00") },
			func(p *reconcile.Proposal) { p.WriteOff = e("0.01") },
			func(p *reconcile.Proposal) { p.Lines, p.Seen = p.Lines[:1], p.Seen[:1] },
		}
		for i, edit := range edits {
			ps := []reconcile.Proposal{out.Proposals[0], out.Proposals[1]}
			ps[0].Lines, ps[0].Seen = append([]journal.LineRef(nil), ps[0].Lines...), append(ps[0].Seen[:0:0], ps[0].Seen...)
			edit(&ps[0])
			if i < len(edits)-1 {
				ps = ps[:1] // the last applies the other proposal beside
			}
			applied, err := f.rec.Apply(ctx, journal.NoID, ps)
			require.NoError(t, err)
			require.ErrorIs(t, applied.Outcomes[0].Err, reconcile.ErrDiscount, "edit %d", i)
			require.Empty(t, applied.Outcomes[0].Entries)
			require.True(t, f.residual(t, line0(inv)).Equal(e("1200.00")), "edit %d", i)
			require.True(t, f.residual(t, line0(pay)).Equal(e("-1176.00")), "edit %d", i)
			if len(ps) == 2 {
				require.NoError(t, applied.Outcomes[1].Err)
			}
		}
		require.True(t, f.residual(t, line0(inv)).Equal(e("1200.00")))
		f.check(t)
	})
}

// The supplier side: a bill paid early takes the discount obtained,
// Dr 401000 / Cr 765000 + Cr deductible VAT.
func TestAutoDiscountSupplierBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		vat := tax.Tax{ID: "D20", Name: "TVA déductible 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445660"}
		bill := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d(3, 1), Ref: "FA-77", Partner: "S1", PartnerAccount: "401000",
			Lines: []journal.InvoiceLine{{Label: "Fournitures", UnitPrice: e("500.00"), Taxes: []tax.Tax{vat}, Account: "607000"}},
			Terms: epdTerms("2", 10)}
		x, err := bill.Entry()
		require.NoError(t, err)
		require.True(t, x.DiscountOffer.Amount.Equal(e("12.00")))
		posted := f.post(t, x)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: e("588.00"), Ref: "FA-77"})
		require.NoError(t, err)
		out := propose(t, f, reconcile.Scope{Partners: []string{"S1"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.True(t, pr.Discount.Equal(e("12.00")), pr.Reason)
		require.Equal(t, []reconcile.PlannedPartial{
			{Credit: line0(posted), Amount: e("12.00"), Discount: true},
			{Debit: line0(res.Entries[0]), Credit: line0(posted), Amount: e("588.00")},
		}, pr.Partials)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		got := map[string]string{}
		for _, x := range applied.Outcomes[0].Entries {
			if x.Type == journal.TypeDiscount {
				for _, l := range x.Lines {
					got[l.Account] = l.Balance.Plain()
				}
			}
		}
		require.Equal(t, map[string]string{"401000": "12.00", "765000": "-10.00", "445660": "-2.00"}, got)
		require.True(t, f.residual(t, line0(posted)).IsZero())
		f.check(t)
	})
}

// A payment naming several invoices takes the discount of each it pays in
// time, when it pays exactly what they owe less those discounts; an
// invoice that offers none is paid in full beside them.
func TestAutoDiscountsOfSeveralNamedInvoices(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00") // 1 200.00, 24.00 off until 3/11
		b := f.invoice(t, "C1", d(3, 2), "500.00")
		c := f.discountInvoice(t, "C1", d(3, 3), "250.00") // 300.00, 6.00 off until 3/13
		p := f.pay(t, "C1", d(3, 10), "1970.00", a.Name()+" "+b.Name()+" "+c.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleReference, pr.Rule)
		require.True(t, pr.Discount.Equal(e("30.00")), pr.Reason)
		require.Contains(t, pr.Reason, "1\u202f970,00\u00a0€ paid on 2\u202f000,00\u00a0€ owed, early-payment discounts taken: 24,00\u00a0€ on "+
			a.Name()+" (until 11/03/2026), 6,00\u00a0€ on "+c.Name()+" (until 13/03/2026)")
		require.Equal(t, []reconcile.PlannedPartial{
			{Debit: line0(a), Amount: e("24.00"), Discount: true},
			{Debit: line0(c), Amount: e("6.00"), Discount: true},
			{Debit: line0(a), Credit: line0(p), Amount: e("1176.00")},
			{Debit: line0(b), Credit: line0(p), Amount: e("500.00")},
			{Debit: line0(c), Credit: line0(p), Amount: e("294.00")},
		}, pr.Partials)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		o := applied.Outcomes[0]
		require.NoError(t, o.Err)
		require.Len(t, o.Partials, 5)
		docs := 0
		for _, x := range o.Entries {
			if x.Type == journal.TypeDiscount {
				docs++
				require.Contains(t, []journal.ID{a.ID, c.ID}, x.Document)
			}
		}
		require.Equal(t, 2, docs)
		for _, x := range []journal.Entry{a, b, c, p} {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		f.check(t)

		// Edited: a discount partial moved to the invoice that offers none,
		// or one dropped while the total stays, is refused alone.
		_, err = f.rec.Unletter(ctx, journal.NoID, line0(a))
		require.NoError(t, err)
		out = propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		for i, edit := range []func(p *reconcile.Proposal){
			func(p *reconcile.Proposal) { p.Partials[1].Debit = line0(b) },
			func(p *reconcile.Proposal) { p.Partials = p.Partials[1:] },
			func(p *reconcile.Proposal) { p.Partials[0].Debit = p.Lines[0] },
		} {
			pr := out.Proposals[0]
			pr.Partials = append([]reconcile.PlannedPartial(nil), pr.Partials...)
			edit(&pr)
			applied, err := f.rec.Apply(ctx, journal.NoID, []reconcile.Proposal{pr})
			require.NoError(t, err)
			require.ErrorIs(t, applied.Outcomes[0].Err, reconcile.ErrDiscount, "edit %d", i)
		}
		require.True(t, f.residual(t, line0(a)).Equal(e("1200.00")))
		f.check(t)
	})
}

// A payment of several invoices, each less the discount it offers, that
// names none: the combination rule finds them with their discounts.
func TestAutoDiscountByCombination(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00") // 1 200.00, 24.00 until 3/11
		b := f.invoice(t, "C1", d(3, 2), "500.00")
		c := f.discountInvoice(t, "C1", d(3, 3), "250.00") // 300.00, 6.00 until 3/13
		f.invoice(t, "C1", d(3, 4), "80.00")
		p := f.pay(t, "C1", d(3, 10), "1970.00", "", "VIREMENT C1")
		before := hrev17Balances(t, f)
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleCombination, pr.Rule)
		require.Equal(t, []journal.LineRef{line0(p), line0(a), line0(b), line0(c)}, pr.Lines)
		require.True(t, pr.Discount.Equal(e("30.00")), pr.Reason)
		require.Contains(t, pr.Reason, a.Name()+" 1\u202f176,00\u00a0€ (1\u202f200,00\u00a0€ less 24,00\u00a0€ until 11/03/2026)")
		require.Contains(t, pr.Reason, "2\u202f000,00\u00a0€ owed, 30,00\u00a0€ of discounts taken")
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.Len(t, applied.Outcomes[0].Entries, 2, "a discount entry per invoice")
		for _, x := range []journal.Entry{a, b, c, p} {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		f.check(t)
		_, err = f.rec.Unletter(ctx, journal.NoID, line0(p))
		require.NoError(t, err)
		require.Equal(t, before, hrev17Balances(t, f))
		f.check(t)
	})
}

func TestAutoDiscountByCombinationNotTaken(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.discountInvoice(t, "C1", d(3, 1), "1000.00") // 1 200.00, 24.00 until 3/11
		f.discountInvoice(t, "C1", d(3, 3), "250.00")  // 300.00, 6.00 until 3/13
		f.pay(t, "C1", d(3, 12), "1470.00", "", "VIREMENT C1")
		for _, rules := range []reconcile.Rules{{}, {NoDiscount: true}} {
			out := propose(t, f, customers, rules)
			for _, pr := range out.Proposals {
				require.False(t, pr.Discount.IsSet(), "the first offer ended on 3/11: %s", pr.Reason)
			}
		}
		f.discountInvoice(t, "C2", d(3, 1), "1000.00")
		f.discountInvoice(t, "C2", d(3, 3), "250.00")
		f.pay(t, "C2", d(3, 10), "1470.00", "", "VIREMENT C2")
		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C2"}}, reconcile.Rules{NoDiscount: true})
		require.Empty(t, out.Proposals, "discounts turned off")
	})
}
