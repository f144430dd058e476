package reconcile_test

// Review of automatic early-payment discounts: who may take one, which
// rule proposes it, and what Apply accepts.

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

func hrev15NoDiscount(t *testing.T, out reconcile.Proposals) {
	t.Helper()
	for _, p := range out.Proposals {
		require.False(t, p.Discount.IsSet(), "%v: %s", p.Lines, p.Reason)
	}
}

// A cancelled invoice (reversed, its reversal lettered with another
// document) is due again and takes a payment (TestAutoCancelledInvoice…),
// but it has nothing left to discount: Apply's earlyDiscount refuses a
// reversed invoice (ErrDiscount). Automatic lettering must not propose
// what Apply always refuses: either no discount is proposed, or the run
// applies what it proposes.
func TestHrev15ReversedInvoiceNoDiscountProposed(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		rev, err := f.book.Reverse(ctx, x.ID, ledger.ReverseOptions{Date: d(3, 2)})
		require.NoError(t, err)
		y := f.invoice(t, "C1", d(3, 3), "1200.00")
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{rev.Entry.LineRef(0), line0(y)}})
		require.NoError(t, err)
		f.pay(t, "C1", d(3, 5), "1176.00", x.Name(), "VIR "+x.Name())

		out := propose(t, f, customers, reconcile.Rules{})
		for _, p := range out.Proposals {
			t.Logf("proposal %v discount=%v: %s", p.Lines, p.Discount, p.Reason)
		}
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Zero(t, sum.FailedCount, "AutoLetter proposed a discount Apply refuses: %+v", sum.Failed)
		hrev15NoDiscount(t, out)
		f.check(t)
	})
}

// An invoice reversed with its reversal still open goes with its reversal;
// a payment naming it takes no discount.
func TestHrev15ReversedOpenNoDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		_, err := f.book.Reverse(ctx, x.ID, ledger.ReverseOptions{Date: d(3, 2)})
		require.NoError(t, err)
		f.pay(t, "C1", d(3, 5), "1176.00", x.Name(), "")
		hrev15NoDiscount(t, propose(t, f, customers, reconcile.Rules{}))
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Zero(t, sum.FailedCount, "%+v", sum.Failed)
		f.check(t)
	})
}

// An invoice partly settled by a credit note has had something lettered:
// no discount, by reference or by amount.
func TestHrev15CreditedInvoiceNoDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		cn := f.creditNote(t, "C1", d(3, 2), "200.00")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(inv), line0(cn)}})
		require.NoError(t, err)
		f.pay(t, "C1", d(3, 5), "976.00", inv.Name(), "")
		inv2 := f.discountInvoice(t, "C2", d(3, 1), "1000.00")
		cn2 := f.creditNote(t, "C2", d(3, 2), "200.00")
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(inv2), line0(cn2)}})
		require.NoError(t, err)
		f.pay(t, "C2", d(3, 5), "976.00", "", "")
		hrev15NoDiscount(t, propose(t, f, customers, reconcile.Rules{}))
	})
}

// A bank statement line paying straight to the receivable is a payment:
// it takes the discount (by amount), and Apply posts it at its date.
func TestHrev15StatementLineTakesDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		st := f.post(t, journal.Entry{Journal: "BQD", Date: d(3, 10), Type: journal.TypeStatementLine, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("-1176.00")},
			{Account: "512000", Balance: e("1176.00")}}})
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		require.True(t, out.Proposals[0].Discount.Equal(e("24.00")))
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.True(t, f.residual(t, line0(inv)).IsZero())
		require.True(t, f.residual(t, line0(st)).IsZero())
		f.check(t)
	})
}

// A payment in the company currency of a USD invoice takes no discount
// (the offer is in USD).
func TestHrev15OtherCurrencyPaymentNoDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.00")))
		x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: currency.MustParse(usd, "1000.00"), Taxes: []tax.Tax{epdVAT("20")}, Account: "706000"}},
			Terms: epdTerms("2", 10)}.Entry()
		require.NoError(t, err)
		f.post(t, x)
		f.pay(t, "C1", d(3, 5), "1176.00", "", "")
		hrev15NoDiscount(t, propose(t, f, customers, reconcile.Rules{}))
	})
}

// A payment the exact-amount rule found ambiguous is not given a
// discount by the second pass.
func TestHrev15AmbiguousPaymentNoDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "1176.00")
		f.invoice(t, "C1", d(3, 2), "1176.00")
		f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		p := f.pay(t, "C1", d(3, 5), "1176.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		hrev15NoDiscount(t, out)
		require.Empty(t, out.Proposals)
		require.Len(t, out.Unmatched, 1)
		require.Equal(t, line0(p), out.Unmatched[0].Line)
		require.Contains(t, out.Unmatched[0].Reason, "ambiguous")
	})
}

// Two payments that could each take the one invoice's discount: a person
// decides; with oldest-first on, no discount either, and nothing later in
// the rules takes the invoice line twice.
func TestHrev15TwoPaymentsOneDiscount(t *testing.T) {
	t.Parallel()
	for _, rules := range []reconcile.Rules{{}, {OldestFirst: true}} {
		t.Run(fmt.Sprintf("oldest=%v", rules.OldestFirst), func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
				f.pay(t, "C1", d(3, 5), "1176.00", "", "")
				f.pay(t, "C1", d(3, 6), "1176.00", "", "")
				out := propose(t, f, customers, rules)
				hrev15NoDiscount(t, out)
				seen := map[journal.LineRef]int{}
				for _, p := range out.Proposals {
					for _, l := range p.Lines {
						seen[l]++
						require.Equal(t, 1, seen[l], "line %v in two proposals", l)
					}
				}
				applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
				require.NoError(t, err)
				require.Zero(t, applied.Failed())
				_ = inv
				f.check(t)
			})
		})
	}
}

// One payment and two invoices it could pay with a discount, of which one
// is named: the reference wins.
func TestHrev15ReferenceBeatsAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		b := f.discountInvoice(t, "C1", d(3, 2), "1000.00")
		p := f.pay(t, "C1", d(3, 5), "1176.00", b.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, []journal.LineRef{line0(p), line0(b)}, out.Proposals[0].Lines)
		require.True(t, out.Proposals[0].Discount.Equal(e("24.00")))
	})
}

// hrev15Apply applies ps and asserts the first was refused with want and
// wrote nothing.
func hrev15Refused(t *testing.T, f *fixture, ps []reconcile.Proposal, want error) {
	t.Helper()
	before := f.snapshot(t)
	applied, err := f.rec.Apply(ctx, journal.NoID, ps)
	require.NoError(t, err)
	require.ErrorIs(t, applied.Outcomes[0].Err, want)
	require.Empty(t, applied.Outcomes[0].Entries)
	_ = before // Apply records the operation id even when every proposal fails
	f.check(t)
}

// A proposal edited to take a discount on the credit of a credit note,
// not a payment, is refused: only a payment takes an early-payment
// discount (discountOf refuses it; Apply must too).
func TestHrev15ApplyRefusesCreditNoteTakingDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		cn := f.creditNote(t, "C1", d(3, 3), "1176.00")
		p := reconcile.Proposal{Account: "411000", Partner: "C1", Currency: eur, Lines: []journal.LineRef{line0(cn), line0(inv)},
			Seen:     []ledger.Residual{{Balance: e("-1176.00"), AmountCurrency: e("-1176.00")}, {Balance: e("1200.00"), AmountCurrency: e("1200.00")}},
			Discount: e("24.00"), Rule: reconcile.RuleReference}
		applied, err := f.rec.Apply(ctx, journal.NoID, []reconcile.Proposal{p})
		require.NoError(t, err)
		require.ErrorIs(t, applied.Outcomes[0].Err, reconcile.ErrDiscount,
			"a credit note took the invoice's early-payment discount; state %v", f.state(t, inv).State)
		require.True(t, f.residual(t, line0(inv)).Equal(e("1200.00")))
		f.check(t)
	})
}

// Edited proposals: lines swapped, two invoices, a second invoice line:
// refused alone, nothing written, the invoice still owes all.
func TestHrev15ApplyRefusesEdits(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		pay := f.pay(t, "C1", d(3, 5), "1176.00", inv.Name(), "")
		other := f.invoice(t, "C1", d(3, 1), "1176.00")
		out := propose(t, f, reconcile.Scope{Partners: []string{"C1"}}, reconcile.Rules{})
		var pr reconcile.Proposal
		for _, p := range out.Proposals {
			if p.Discount.IsSet() {
				pr = p
			}
		}
		require.True(t, pr.Discount.IsSet(), "%+v", out)
		swapped := pr
		swapped.Lines = []journal.LineRef{pr.Lines[1], pr.Lines[0]}
		swapped.Seen = []ledger.Residual{pr.Seen[1], pr.Seen[0]}
		hrev15Refused(t, f, []reconcile.Proposal{swapped}, reconcile.ErrDiscount)
		// Two debits: the other invoice in the payment's place.
		twoInv := pr
		twoInv.Lines = []journal.LineRef{line0(other), line0(inv)}
		twoInv.Seen = []ledger.Residual{{Balance: e("1176.00"), AmountCurrency: e("1176.00")}, pr.Seen[1]}
		applied, err := f.rec.Apply(ctx, journal.NoID, []reconcile.Proposal{twoInv})
		require.NoError(t, err)
		require.Error(t, applied.Outcomes[0].Err)
		require.Empty(t, applied.Outcomes[0].Entries)
		require.True(t, f.residual(t, line0(inv)).Equal(e("1200.00")))
		require.True(t, f.residual(t, line0(pay)).Equal(e("-1176.00")))
		require.True(t, f.residual(t, line0(other)).Equal(e("1176.00")))
		f.check(t)
		// Stale: the invoice lettered meanwhile.
		cn := f.creditNote(t, "C1", d(3, 6), "10.00")
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(inv), line0(cn)}})
		require.NoError(t, err)
		hrev15Refused(t, f, []reconcile.Proposal{pr}, reconcile.ErrStale)
	})
}

// Replay: Apply again under the same operation id replays, writes nothing,
// and returns the same outcomes.
func TestHrev15ApplyReplay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		f.pay(t, "C1", d(3, 5), "1176.00", inv.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		op := journal.NewID()
		first, err := f.rec.Apply(ctx, op, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, first.Outcomes[0].Err)
		before := f.snapshot(t)
		again, err := f.rec.Apply(ctx, op, out.Proposals)
		require.NoError(t, err)
		require.True(t, again.Replay)
		f.unchanged(t, before)
		require.Equal(t, len(first.Outcomes[0].Entries), len(again.Outcomes[0].Entries))
		for i := range first.Outcomes[0].Entries {
			require.Equal(t, first.Outcomes[0].Entries[i].ID, again.Outcomes[0].Entries[i].ID)
		}
		// The same id with the discount edited away is another request.
		edited := append([]reconcile.Proposal(nil), out.Proposals...)
		edited[0].Discount = currency.Amount{}
		_, err = f.rec.Apply(ctx, op, edited)
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		f.check(t)
	})
}

// Instalments: an invoice of two instalments offering a discount gets
// none automatically; a proposal edited to take it on the first
// instalment is refused too (only the first payment, 0 < paid < total:
// paying one instalment less the whole invoice's discount is not it).
func TestHrev15ApplyRefusesDiscountOnAnInstalment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: e("1000.00"), Taxes: []tax.Tax{epdVAT("20")}, Account: "706000"}},
			Terms: journal.PaymentTerms{Instalments: []journal.Instalment{
				{Percent: tax.MustParsePercent("50"), Due: journal.DueRule{Kind: journal.NetDays, Days: 30}},
				{Percent: tax.MustParsePercent("50"), Due: journal.DueRule{Kind: journal.NetDays, Days: 60}}},
				Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 10}}}.Entry()
		require.NoError(t, err)
		require.NotNil(t, x.DiscountOffer)
		inv := f.post(t, x)
		pay := f.pay(t, "C1", d(3, 5), "576.00", "", "")
		p := reconcile.Proposal{Account: "411000", Partner: "C1", Currency: eur, Lines: []journal.LineRef{line0(pay), inv.LineRef(0)},
			Seen:     []ledger.Residual{{Balance: e("-576.00"), AmountCurrency: e("-576.00")}, {Balance: e("600.00"), AmountCurrency: e("600.00")}},
			Discount: e("24.00"), Rule: reconcile.RuleExactAmount}
		applied, err := f.rec.Apply(ctx, journal.NoID, []reconcile.Proposal{p})
		require.NoError(t, err)
		require.ErrorIs(t, applied.Outcomes[0].Err, reconcile.ErrDiscount, "an instalment took the whole invoice's discount")
		f.check(t)
	})
}

// A good discount proposal beside one refused after writing (two debits
// lettered): the chunk is redone without the refused one; the discount is
// posted once, numbers stay 1..n, Check passes.
func TestHrev15ApplyDiscountBesideAFailure(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		f.pay(t, "C1", d(3, 5), "1176.00", inv.Name(), "")
		inv2 := f.discountInvoice(t, "C2", d(3, 1), "1000.00")
		other := f.invoice(t, "C2", d(3, 1), "1176.00")
		out := propose(t, f, reconcile.Scope{Partners: []string{"C1"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		bad := reconcile.Proposal{Account: "411000", Partner: "C2", Currency: eur, Lines: []journal.LineRef{line0(other), line0(inv2)},
			Seen:     []ledger.Residual{{Balance: e("1176.00"), AmountCurrency: e("1176.00")}, {Balance: e("1200.00"), AmountCurrency: e("1200.00")}},
			Discount: e("24.00"), Rule: reconcile.RuleExactAmount}
		applied, err := f.rec.Apply(ctx, journal.NoID, []reconcile.Proposal{out.Proposals[0], bad, out.Proposals[0]})
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.Error(t, applied.Outcomes[1].Err)
		require.Error(t, applied.Outcomes[2].Err) // the same lines again
		require.Len(t, applied.Outcomes[0].Entries, 1)
		require.True(t, f.residual(t, line0(inv)).IsZero())
		require.True(t, f.residual(t, line0(inv2)).Equal(e("1200.00")))
		disc, err := f.book.EntryByNumber(ctx, applied.Outcomes[0].Entries[0].Name())
		require.NoError(t, err)
		require.Equal(t, journal.TypeDiscount, disc.Type)
		require.Equal(t, "VT/2026/00004", disc.Name(), "numbers stay 1..n")
		f.check(t)
	})
}

// A scope that leaves out the second payment that may pay the invoice
// still holds the first (a narrower run letters nothing the whole book's
// would not).
func TestHrev15ScopeLeavesOutARival(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		f.pay(t, "C1", d(3, 5), "1176.00", "", "")
		f.pay(t, "C1", d(3, 9), "1200.00", "", "")
		whole := propose(t, f, customers, reconcile.Rules{})
		narrow := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, To: d(3, 6)}, reconcile.Rules{})
		for _, out := range []reconcile.Proposals{whole, narrow} {
			for _, p := range out.Proposals {
				require.False(t, p.Discount.IsSet(), "%s", p.Reason)
			}
		}
	})
}
