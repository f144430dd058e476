package reconcile_test

// Review h-rev17: a payment naming several invoices takes each one's
// early-payment discount (discountsOf, proposeWith, discounted), compared
// with what manual payments (Payment.EarlyDiscount) post invoice by
// invoice.

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// hrev17CashInvoice posts a customer invoice of ht at 20 % VAT due on
// payment (445740 → 445710), 2 % off within 10 days.
func (f *fixture) hrev17CashInvoice(t testing.TB, p string, date journal.Date, ht string) journal.Entry {
	t.Helper()
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: date, Partner: p, PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: e(ht), Taxes: []tax.Tax{billSalesVAT}, Account: "706000"}},
		Terms: epdTerms("2", 10)}
	x, err := inv.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

// hrev17Balances is every account's balance at the end of 2026 (company
// currency), zero rows left out.
func hrev17Balances(t testing.TB, f *fixture) map[string]string {
	t.Helper()
	tb, err := f.book.TrialBalance(ctx, d(12, 31))
	require.NoError(t, err)
	out := map[string]string{}
	for _, r := range tb.Rows {
		if !r.Balance.IsZero() {
			out[r.Account] = r.Balance.Plain()
		}
	}
	return out
}

// hrev17Book posts the same book in any fixture: A and C cash-basis with
// offers in time, B without offer, D an offer expired, E an offer in time
// on invoice VAT. Paid on 3/10: A 1176, B 500, C 294, D 1200, E 588.
func hrev17Book(t testing.TB, f *fixture) []journal.Entry {
	a := f.hrev17CashInvoice(t, "C1", d(3, 1), "1000.00") // 1 200.00, 24.00 until 3/11
	b := f.invoice(t, "C1", d(3, 2), "500.00")
	c := f.hrev17CashInvoice(t, "C1", d(3, 3), "250.00")  // 300.00, 6.00 until 3/13
	dd := f.discountInvoice(t, "C1", d(2, 20), "1000.00") // 1 200.00, 24.00 until 3/2: expired
	ee := f.discountInvoice(t, "C1", d(3, 4), "500.00")   // 600.00, 12.00 until 3/14
	return []journal.Entry{a, b, c, dd, ee}
}

func hrev17Names(docs ...journal.Entry) string {
	var s []string
	for _, x := range docs {
		s = append(s, x.Name())
	}
	return strings.Join(s, " ")
}

// The payment naming five invoices takes the discounts of A, C and E only;
// the book then equals one where each invoice was paid by hand with
// Payment{EarlyDiscount} (the transition account at exactly zero);
// unlettering restores every balance and residual; proposing again gives
// the same proposal.
func TestHrev17SeveralNamedMatchManualPayments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		docs := hrev17Book(t, f)
		p := f.pay(t, "C1", d(3, 10), "3758.00", hrev17Names(docs...), "VIR C1")
		before := hrev17Balances(t, f)
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.True(t, pr.Discount.Equal(e("42.00")), "%s %s", pr.Discount, pr.Reason)
		var discounted []journal.LineRef
		for _, pp := range pr.Partials {
			if pp.Discount {
				discounted = append(discounted, pp.Debit)
			}
		}
		require.Equal(t, []journal.LineRef{line0(docs[0]), line0(docs[2]), line0(docs[4])}, discounted)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		for _, x := range append(docs, p) {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		f.check(t)
		auto := hrev17Balances(t, f)
		require.Equal(t, "", auto["445740"], "the transition account ends at zero: %v", auto)

		// By hand, in another book.
		g := newFixture(t, stores[0].Open(t))
		hdocs := hrev17Book(t, g)
		for i, amt := range []string{"1176.00", "500.00", "294.00", "1200.00", "588.00"} {
			_, err := g.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
				Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: e(amt), Invoices: []journal.ID{hdocs[i].ID},
				EarlyDiscount: i == 0 || i == 2 || i == 4})
			require.NoError(t, err, i)
		}
		g.check(t)
		require.Equal(t, hrev17Balances(t, g), auto)

		// Unlettered: every balance as before, every residual whole.
		res, err := f.rec.Unletter(ctx, journal.NoID, line0(p))
		require.NoError(t, err)
		require.NotEmpty(t, res.Entries)
		require.Equal(t, before, hrev17Balances(t, f))
		for i, want := range []string{"1200.00", "500.00", "300.00", "1200.00", "600.00"} {
			require.True(t, f.residual(t, line0(docs[i])).Equal(e(want)), docs[i].Name())
		}
		require.True(t, f.residual(t, line0(p)).Equal(e("-3758.00")))
		f.check(t)
		again := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, again.Proposals, 1)
		require.Equal(t, pr.Partials, again.Proposals[0].Partials)
		require.True(t, again.Proposals[0].Discount.Equal(e("42.00")))
	})
}

// The same invoice named twice takes its discount once.
func TestHrev17SameInvoiceNamedTwice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		b := f.discountInvoice(t, "C1", d(3, 2), "500.00")
		f.pay(t, "C1", d(3, 10), "1764.00", a.Name()+" "+b.Name()+" "+a.Name(), a.Name())
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.True(t, out.Proposals[0].Discount.Equal(e("36.00")), out.Proposals[0].Reason)
		n := 0
		for _, pp := range out.Proposals[0].Partials {
			if pp.Discount {
				n++
			}
		}
		require.Equal(t, 2, n)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.True(t, f.residual(t, line0(a)).IsZero())
		require.True(t, f.residual(t, line0(b)).IsZero())
		f.check(t)
	})
}

// A credit note among the named documents ("FA less AV"): the payment
// and the credit note pay the invoice together, and the invoice's
// discount is taken, as Odoo's register payment counts the credit note at
// its residual and takes the discount on what is left. Nothing is
// discounted on the credit note; Apply does what Propose planned; Check is
// clean; unlettering restores the balances.
func TestHrev17CreditNoteAmongNamed(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00") // 1 200.00, 24.00 off
		cn := f.creditNote(t, "C1", d(3, 2), "100.00")
		p := f.pay(t, "C1", d(3, 10), "1076.00", a.Name()+" "+cn.Name(), "")
		before := hrev17Balances(t, f)
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.Empty(t, out.Unmatched)
		pr := out.Proposals[0]
		require.Equal(t, []journal.LineRef{line0(cn), line0(p), line0(a)}, pr.Lines, "the credit note first")
		require.True(t, pr.Discount.Equal(e("24.00")), pr.Reason)
		require.Contains(t, pr.Reason, "1\u202f076,00\u00a0€ paid and 100,00\u00a0€ credited on 1\u202f200,00\u00a0€ owed")
		for _, pp := range pr.Partials {
			if pp.Discount {
				require.Equal(t, line0(a), pp.Debit, "no discount on the credit note")
			}
		}
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		for _, x := range applied.Outcomes[0].Entries {
			require.NotEqual(t, cn.ID, x.Document)
		}
		f.check(t)
		for _, l := range []journal.LineRef{line0(a), line0(cn), line0(p)} {
			require.True(t, f.residual(t, l).IsZero(), "%v", l)
		}
		_, err = f.rec.Unletter(ctx, journal.NoID, line0(p))
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, before, hrev17Balances(t, f))
		require.True(t, f.residual(t, line0(a)).Equal(e("1200.00")))
	})
}

// A payment without partner on a clearing account lettered across
// partners names two partners' invoices booked there. A discount is
// posted against an invoice's receivable or payable line, and these have
// none: no discount is proposed (Apply would refuse it), the payment is
// lettered for what it pays, Check is clean, unlettering restores it.
func TestHrev17ClearingAccountTwoPartners(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := ledger.NewAccount("467100", "Compte de compensation", ledger.KindOther)
		a.Reconcilable = true
		require.NoError(t, f.book.AddAccount(ctx, a))
		inv := func(p, ref string, day int, ttc, off string) journal.Entry {
			return f.post(t, journal.Entry{Journal: "VT", Date: d(3, day), Type: journal.TypeInvoice, Ref: ref,
				DiscountOffer: &journal.DiscountOffer{Amount: e(off), Until: d(3, day+10)}, Lines: []journal.Line{
					{Account: "467100", Partner: p, Balance: e(ttc)},
					{Account: "706000", Balance: e(ttc).Neg()},
				}})
		}
		i1 := inv("C1", "F-ONE", 1, "1000.00", "20.00")
		i2 := inv("C2", "F-TWO", 2, "500.00", "10.00")
		p := f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 5), Type: journal.TypePayment, Ref: hrev17Names(i1, i2), Lines: []journal.Line{
			{Account: "512000", Balance: e("1470.00")},
			{Account: "467100", Balance: e("-1470.00")},
		}})
		before := hrev17Balances(t, f)
		out := propose(t, f, reconcile.Scope{Accounts: []string{"467100"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		require.False(t, out.Proposals[0].Discount.IsSet(), out.Proposals[0].Reason)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.Empty(t, applied.Outcomes[0].Entries)
		require.True(t, f.residual(t, p.LineRef(1)).IsZero())
		f.check(t)
		_, err = f.rec.Unletter(ctx, journal.NoID, p.LineRef(1))
		require.NoError(t, err)
		require.Equal(t, before, hrev17Balances(t, f))
		require.True(t, f.residual(t, line0(i1)).Equal(e("1000.00")))
		require.True(t, f.residual(t, line0(i2)).Equal(e("500.00")))
		f.check(t)
	})
}

// A USD payment names two USD invoices with offers: both discounts taken at
// the invoices' rate, 411000 ends at zero in USD and EUR; the discount and
// VAT accounts equal those manual payments post.
func TestHrev17ForeignSeveralNamed(t *testing.T) {
	t.Parallel()
	usd := currency.MustLookup("USD")
	u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
	book := func(t *testing.T, f *fixture) []journal.Entry {
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 8), currency.MustParseRate("1.25")))
		var docs []journal.Entry
		for i, ht := range []string{"1000.00", "333.33"} {
			inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1+i), Partner: "C3", PartnerAccount: "411000",
				Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: u(ht), Taxes: []tax.Tax{billSalesVAT}, Account: "706000"}},
				Terms: epdTerms("2", 10)}
			x, err := inv.Entry()
			require.NoError(t, err)
			docs = append(docs, f.post(t, x))
		}
		return docs
	}
	onStores(t, func(t *testing.T, f *fixture) {
		docs := book(t, f)
		owed, off := u("0.00"), u("0.00")
		for _, x := range docs {
			owed, _ = owed.Add(x.Lines[0].AmountCurrency)
			off, _ = off.Add(x.DiscountOffer.Amount)
		}
		paid, _ := owed.Sub(off)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C3", Journal: "BQ",
			Date: d(3, 9), Method: reconcile.MethodTransfer, Amount: paid, Ref: hrev17Names(docs...)})
		require.NoError(t, err)
		p := res.Entries[0]
		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C3"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		require.True(t, out.Proposals[0].Discount.Equal(off), out.Proposals[0].Reason)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		for _, x := range append(docs, p) {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		f.check(t)
		auto := hrev17Balances(t, f)
		require.Equal(t, "", auto["411000"])
		require.Equal(t, "", auto["445740"])

		g := newFixture(t, stores[0].Open(t))
		hdocs := book(t, g)
		for _, x := range hdocs {
			amt, _ := x.Lines[0].AmountCurrency.Sub(x.DiscountOffer.Amount)
			_, err := g.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C3", Journal: "BQ",
				Date: d(3, 9), Method: reconcile.MethodTransfer, Amount: amt, Invoices: []journal.ID{x.ID}, EarlyDiscount: true})
			require.NoError(t, err)
		}
		manual := hrev17Balances(t, g)
		for _, acct := range []string{"411000", "445740", "445710", "665000", "706000"} {
			require.Equal(t, manual[acct], auto[acct], acct)
		}
	})
}

// Invoices of amounts near journal.AmountMinorUnitsMax: two with offers
// paid by one payment take both; ten whose sum overflows an int64 take
// none, and nothing panics.
func TestHrev17NearOverflow(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		big := func(p string, day int, minor int64, off int64) journal.Entry {
			a := currency.FromMinor(eur, minor)
			return f.post(t, journal.Entry{Journal: "VT", Date: d(3, day), Type: journal.TypeInvoice,
				DiscountOffer: &journal.DiscountOffer{Amount: currency.FromMinor(eur, off), Until: d(3, day+10)}, Lines: []journal.Line{
					{Account: "411000", Partner: p, Balance: a},
					{Account: "706000", Balance: a.Neg()},
				}})
		}
		const half = 450_000_000_000_000_000
		a := big("C1", 1, half, 9_000_000_000_000_000)
		b := big("C1", 2, half, 1)
		p := f.pay(t, "C1", d(3, 5), currency.FromMinor(eur, 2*half-9_000_000_000_000_001).Plain(), a.Name()+" "+b.Name(), "")
		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C1"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.True(t, out.Proposals[0].Discount.Equal(currency.FromMinor(eur, 9_000_000_000_000_001)), out.Proposals[0].Reason)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.True(t, f.residual(t, line0(p)).IsZero())
		f.check(t)

		var names []string
		for i := 0; i < 10; i++ {
			x := big("C2", 1+i, journal.AmountMinorUnitsMax, 1000)
			names = append(names, x.Name())
		}
		f.pay(t, "C2", d(3, 12), currency.FromMinor(eur, journal.AmountMinorUnitsMax-1000).Plain(), strings.Join(names, " "), "")
		out = propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C2"}}, reconcile.Rules{})
		for _, pr := range out.Proposals {
			require.False(t, pr.Discount.IsSet(), pr.Reason)
		}
		applied, err = f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		for _, o := range applied.Outcomes {
			require.NoError(t, o.Err)
		}
		f.check(t)
	})
}

// hrev17Three posts A (24.00 off), B (none) and C (6.00 off) and a payment
// of 1 970.00 naming them, and proposes it.
func hrev17Three(t *testing.T, f *fixture) (docs []journal.Entry, p journal.Entry, pr reconcile.Proposal) {
	a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
	b := f.invoice(t, "C1", d(3, 2), "500.00")
	c := f.discountInvoice(t, "C1", d(3, 3), "250.00")
	p = f.pay(t, "C1", d(3, 10), "1970.00", hrev17Names(a, b, c), "")
	out := propose(t, f, customers, reconcile.Rules{})
	require.Len(t, out.Proposals, 1)
	return []journal.Entry{a, b, c}, p, out.Proposals[0]
}

func hrev17Clone(pr reconcile.Proposal) reconcile.Proposal {
	pr.Lines = append([]journal.LineRef(nil), pr.Lines...)
	pr.Seen = append([]ledger.Residual(nil), pr.Seen...)
	pr.Partials = append([]reconcile.PlannedPartial(nil), pr.Partials...)
	return pr
}

// Hand-edited proposals are refused alone, nothing written, with a typed
// error; the book stays checkable and the untouched proposal applies.
func TestHrev17ApplyRefusesEditedDiscounts(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		docs, p, pr := hrev17Three(t, f)
		require.Equal(t, []reconcile.PlannedPartial{
			{Debit: line0(docs[0]), Amount: e("24.00"), Discount: true},
			{Debit: line0(docs[2]), Amount: e("6.00"), Discount: true},
			{Debit: line0(docs[0]), Credit: line0(p), Amount: e("1176.00")},
			{Debit: line0(docs[1]), Credit: line0(p), Amount: e("500.00")},
			{Debit: line0(docs[2]), Credit: line0(p), Amount: e("294.00")},
		}, pr.Partials)
		edits := map[string]func(p *reconcile.Proposal){
			"amounts moved, same sum": func(p *reconcile.Proposal) {
				p.Partials[0].Amount, p.Partials[1].Amount = e("25.00"), e("5.00")
			},
			"a discount partial duplicated": func(p *reconcile.Proposal) {
				p.Partials = append(p.Partials, p.Partials[0])
				p.Discount = e("54.00")
			},
			"a discount partial duplicated, total kept": func(p *reconcile.Proposal) {
				p.Partials = append(p.Partials, p.Partials[0])
			},
			"a discount partial on the payment": func(p *reconcile.Proposal) {
				p.Partials[1].Debit, p.Partials[1].Credit = journal.LineRef{}, p.Lines[0]
			},
			"the proposal's discount off its partials": func(p *reconcile.Proposal) { p.Discount = e("29.99") },
			"discount cleared, partials kept": func(p *reconcile.Proposal) {
				p.Discount = currency.Amount{}
			},
			"discount partials dropped, discount kept": func(p *reconcile.Proposal) {
				p.Partials = p.Partials[2:]
			},
			"an invoice first": func(p *reconcile.Proposal) {
				p.Lines[0], p.Lines[1] = p.Lines[1], p.Lines[0]
				p.Seen[0], p.Seen[1] = p.Seen[1], p.Seen[0]
			},
			"the invoice without offer dropped": func(p *reconcile.Proposal) {
				p.Lines = append(p.Lines[:2:2], p.Lines[3])
				p.Seen = append(p.Seen[:2:2], p.Seen[3])
			},
		}
		var names []string
		for n := range edits {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			ed := hrev17Clone(pr)
			edits[n](&ed)
			bal := hrev17Balances(t, f)
			applied, err := f.rec.Apply(ctx, journal.NoID, []reconcile.Proposal{ed})
			require.NoError(t, err, n)
			o := applied.Outcomes[0]
			if !errors.Is(o.Err, reconcile.ErrDiscount) && !errors.Is(o.Err, reconcile.ErrStale) {
				t.Errorf("%s: applied (err %v), want ErrDiscount; residuals A %s B %s C %s P %s", n, o.Err,
					f.residual(t, line0(docs[0])), f.residual(t, line0(docs[1])), f.residual(t, line0(docs[2])), f.residual(t, line0(p)))
				_, err := f.rec.Unletter(ctx, journal.NoID, line0(p))
				require.NoError(t, err)
				continue
			}
			require.Empty(t, o.Entries, n)
			require.Equal(t, bal, hrev17Balances(t, f), n)
			for i, want := range []string{"1200.00", "500.00", "300.00"} {
				require.True(t, f.residual(t, line0(docs[i])).Equal(e(want)), n)
			}
			f.check(t)
		}
		// Partials in another order: the same lettering.
		ed := hrev17Clone(pr)
		for i, j := 0, len(ed.Partials)-1; i < j; i, j = i+1, j-1 {
			ed.Partials[i], ed.Partials[j] = ed.Partials[j], ed.Partials[i]
		}
		applied, err := f.rec.Apply(ctx, journal.NoID, []reconcile.Proposal{ed, pr})
		require.NoError(t, err)
		if applied.Outcomes[0].Err == nil {
			require.ErrorIs(t, applied.Outcomes[1].Err, reconcile.ErrStale)
		} else {
			require.NoError(t, applied.Outcomes[1].Err)
		}
		for _, x := range append(docs, p) {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		f.check(t)
	})
}

// Stale: one of the invoices lettered since — refused alone, nothing
// written; the other proposal applies. Replay with the same id writes
// nothing; AutoLetter equals Propose + Apply.
func TestHrev17ApplyStaleReplayAuto(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		docs, p, pr := hrev17Three(t, f)
		i2 := f.invoice(t, "C2", d(3, 1), "300.00")
		f.pay(t, "C2", d(3, 5), "300.00", i2.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 2)
		f.receive(t, "BQ", "C1", d(3, 9), "100.00", docs[1]) // B partly paid since
		snapA := hrev17Balances(t, f)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.ErrorIs(t, applied.Outcomes[0].Err, reconcile.ErrStale)
		require.Empty(t, applied.Outcomes[0].Entries)
		require.NoError(t, applied.Outcomes[1].Err)
		require.True(t, f.residual(t, line0(docs[0])).Equal(e("1200.00")))
		require.True(t, f.residual(t, line0(p)).Equal(e("-1970.00")))
		require.Equal(t, snapA, hrev17Balances(t, f), "the stale proposal posted no discount")
		f.check(t)
		_ = pr

		// Replay.
		g := newFixture(t, stores[0].Open(t))
		_, _, gp := hrev17Three(t, g)
		op := journal.NewID()
		first, err := g.rec.Apply(ctx, op, []reconcile.Proposal{gp})
		require.NoError(t, err)
		require.NoError(t, first.Outcomes[0].Err)
		bal := hrev17Balances(t, g)
		snap := g.snapshot(t)
		again, err := g.rec.Apply(ctx, op, []reconcile.Proposal{gp})
		require.NoError(t, err)
		require.True(t, again.Replay)
		require.NoError(t, again.Outcomes[0].Err)
		require.Equal(t, len(first.Outcomes[0].Entries), len(again.Outcomes[0].Entries))
		g.unchanged(t, snap)
		require.Equal(t, bal, hrev17Balances(t, g))
		g.check(t)

		// AutoLetter, in a third book.
		h := newFixture(t, stores[0].Open(t))
		hdocs, hp, _ := hrev17Three(t, h)
		sum, err := h.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
		require.Equal(t, 2, sum.Entries) // two discount entries
		require.Equal(t, bal, hrev17Balances(t, h))
		for _, x := range append(hdocs, hp) {
			require.True(t, h.residual(t, line0(x)).IsZero(), x.Name())
		}
		h.check(t)
	})
}

// Supplier side: a payment naming three bills takes the two discounts
// obtained, and equals manual payments.
func TestHrev17SupplierSeveralNamed(t *testing.T) {
	t.Parallel()
	bill := func(t *testing.T, f *fixture, day int, ref, ht string, terms bool) journal.Entry {
		b := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d(3, day), Ref: ref, Partner: "S1", PartnerAccount: "401000",
			Lines: []journal.InvoiceLine{{Label: "Fournitures", UnitPrice: e(ht), Taxes: []tax.Tax{billPurchaseVAT}, Account: "607000"}}}
		if terms {
			b.Terms = epdTerms("2", 10)
		}
		x, err := b.Entry()
		require.NoError(t, err)
		return f.post(t, x)
	}
	onStores(t, func(t *testing.T, f *fixture) {
		a := bill(t, f, 1, "FA-1", "1000.00", true) // 1 200.00, 24.00
		b := bill(t, f, 2, "FA-2", "100.00", false) // 120.00
		c := bill(t, f, 3, "FA-3", "500.00", true)  // 600.00, 12.00
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: e("1884.00"), Ref: "FA-1 FA-2 FA-3"})
		require.NoError(t, err)
		out := propose(t, f, reconcile.Scope{Partners: []string{"S1"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.True(t, out.Proposals[0].Discount.Equal(e("36.00")), out.Proposals[0].Reason)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		f.check(t)
		auto := hrev17Balances(t, f)
		require.Equal(t, "", auto["445640"])
		require.Equal(t, "", auto["401000"])

		g := newFixture(t, stores[0].Open(t))
		ga, gb, gc := bill(t, g, 1, "FA-1", "1000.00", true), bill(t, g, 2, "FA-2", "100.00", false), bill(t, g, 3, "FA-3", "500.00", true)
		for _, x := range []struct {
			e    journal.Entry
			amt  string
			disc bool
		}{{ga, "1176.00", true}, {gb, "120.00", false}, {gc, "588.00", true}} {
			_, err := g.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
				Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: e(x.amt), Invoices: []journal.ID{x.e.ID}, EarlyDiscount: x.disc})
			require.NoError(t, err)
		}
		require.Equal(t, hrev17Balances(t, g), auto)
		_, _ = a, b
		_ = c
	})
}

// The same with one invoice on the clearing account, named or found by
// its discounted amount: Propose and Apply must agree.
func TestHrev17ClearingAccountOneInvoice(t *testing.T) {
	t.Parallel()
	for _, named := range []bool{true, false} {
		t.Run(fmt.Sprint("named=", named), func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				a := ledger.NewAccount("467100", "Compte de compensation", ledger.KindOther)
				a.Reconcilable = true
				require.NoError(t, f.book.AddAccount(ctx, a))
				inv := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice,
					DiscountOffer: &journal.DiscountOffer{Amount: e("20.00"), Until: d(3, 11)}, Lines: []journal.Line{
						{Account: "467100", Partner: "C1", Balance: e("1000.00")},
						{Account: "706000", Balance: e("-1000.00")},
					}})
				ref := ""
				if named {
					ref = inv.Name()
				}
				f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 5), Type: journal.TypePayment, Ref: ref, Lines: []journal.Line{
					{Account: "512000", Balance: e("980.00")},
					{Account: "467100", Partner: "C1", Balance: e("-980.00")},
				}})
				out := propose(t, f, reconcile.Scope{Accounts: []string{"467100"}}, reconcile.Rules{})
				applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
				require.NoError(t, err)
				for i, o := range applied.Outcomes {
					require.NoError(t, o.Err, "Propose proposed what Apply refuses: %s", out.Proposals[i].Reason)
				}
				f.check(t)
			})
		})
	}
}
