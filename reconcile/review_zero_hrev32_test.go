package reconcile_test

// Review h-rev32: the zero-balance pass of the combination rule
// (zerobalance.go byZeroBalance).

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// hrev32Base posts C1's invoices of 100,00 € and 50,00 € and receipts of
// 80,00 € and 70,00 €: a zero-balance set.
func (f *fixture) hrev32Base(t *testing.T, p string) (a, b, x, y journal.Entry) {
	a = f.invoice(t, p, d(1, 5), "100.00")
	b = f.invoice(t, p, d(1, 6), "50.00")
	x = f.pay(t, p, d(2, 1), "80.00", "", "")
	y = f.pay(t, p, d(2, 2), "70.00", "", "")
	return
}

func hrev32ApplyAll(t *testing.T, f *fixture, out reconcile.Proposals) reconcile.Applied {
	t.Helper()
	applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
	require.NoError(t, err)
	for _, o := range applied.Outcomes {
		require.NoError(t, o.Err)
	}
	f.check(t)
	return applied
}

func (f *fixture) hrev32USD(t *testing.T, p string, typ journal.EntryType, date journal.Date, dollars, euros string) journal.Entry {
	usd := currency.MustLookup("USD")
	u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
	other := "706000"
	if typ == journal.TypePayment {
		other = "512000"
	}
	return f.post(t, journal.Entry{Journal: map[bool]string{true: "BQ", false: "VT"}[typ == journal.TypePayment], Date: date, Type: typ, Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: p, DueDate: date.AddDays(30), AmountCurrency: u(dollars), Balance: e(euros)},
		{Account: other, AmountCurrency: u(dollars).Neg(), Balance: e(euros).Neg()}}})
}

// passes: a zero-balance set in $US (invoices of 100 and 50 $US booked
// 90 and 45 €, receipts of 80 and 70 $US booked 70 and 66 €) is proposed
// in $US, and applied with its exchange difference: every line at zero in
// both currencies, the book checks.
func TestReviewZeroHrev32ForeignCurrencyApplies(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.hrev32USD(t, "C1", journal.TypeInvoice, d(1, 5), "100.00", "90.00")
		b := f.hrev32USD(t, "C1", journal.TypeInvoice, d(1, 6), "50.00", "45.00")
		x := f.hrev32USD(t, "C1", journal.TypePayment, d(2, 1), "-80.00", "-70.00")
		y := f.hrev32USD(t, "C1", journal.TypePayment, d(2, 2), "-70.00", "-66.00")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, reconcile.RuleCombination, out.Proposals[0].Rule)
		require.Equal(t, currency.MustLookup("USD"), out.Proposals[0].Currency)
		require.Equal(t, []journal.LineRef{line0(x), line0(y), line0(a), line0(b)}, out.Proposals[0].Lines)
		hrev32ApplyAll(t, f, out)
		f.hrev31Settled(t, line0(a), line0(b), line0(x), line0(y))
	})
}

// passes: a set with a cash-basis invoice (600,00 € TTC, 100,00 € VAT due
// on payment) and a cash-basis credit note (120,00 €, 20,00 € VAT) beside
// an invoice of 100,00 € and receipts of 300,00 € and 280,00 €: applied,
// all settle, the transition account is cleared and 80,00 € of VAT is due.
func TestReviewZeroHrev32CashBasis(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(1, 5), "500.00")
		b := f.invoice(t, "C1", d(1, 6), "100.00")
		n := f.cashBasisInvoice(t, journal.CustomerCreditNote, "C1", d(1, 7), "100.00")
		x := f.pay(t, "C1", d(2, 1), "300.00", "", "")
		y := f.pay(t, "C1", d(2, 2), "280.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, reconcile.RuleCombination, out.Proposals[0].Rule)
		hrev32ApplyAll(t, f, out)
		f.hrev31Settled(t, line0(a), line0(b), line0(n), line0(x), line0(y))
		require.Equal(t, "0.00", f.balance(t, "445740"))
		require.Equal(t, "-80.00", f.balance(t, "445710"))
	})
}

// passes: the caller's bounds and the scope hold: no zero-balance
// proposal with NoCombination, CombinationSize 1 or 2 (4 lines), a 10-day
// window, a scope ending before the last receipt, or a payment naming an
// invoice in $US (which the reference rule cannot letter it with).
func TestReviewZeroHrev32Bounds(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev32Base(t, "C1")
		for _, c := range []struct {
			s reconcile.Scope
			r reconcile.Rules
		}{{customers, reconcile.Rules{NoCombination: true}}, {customers, reconcile.Rules{CombinationSize: 1}},
			{customers, reconcile.Rules{CombinationSize: 2}}, {customers, reconcile.Rules{DateWindow: 10}},
			{reconcile.Scope{Accounts: []string{"411000"}, To: d(2, 1)}, reconcile.Rules{}}} {
			require.Empty(t, propose(t, f, c.s, c.r).Proposals, "%+v", c)
		}
		require.Len(t, propose(t, f, customers, reconcile.Rules{}).Proposals, 1)
		xu := f.hrev32USD(t, "C2", journal.TypeInvoice, d(1, 3), "80.00", "70.00")
		f.invoice(t, "C2", d(1, 5), "100.00")
		f.invoice(t, "C2", d(1, 6), "50.00")
		p := f.pay(t, "C2", d(2, 1), "80.00", xu.Name(), "")
		f.pay(t, "C2", d(2, 2), "70.00", "", "")
		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C2"}}, reconcile.Rules{})
		require.Empty(t, out.Proposals)
		require.Contains(t, unmatchedOf(out, line0(p)), "names invoice")
	})
}

// Was failing, fixed: C1 owes A 100,00 €, B 60,00 € and C 40,00 €; receipt P of 60,00 €
// names A (the reference rule letters it, "40,00 € stays due"), receipts
// Q 70,00 € and R 30,00 € name nothing. After P, C1's open items do not
// sum to zero (A's 40,00 € is left), and Q + R pay A's rest and B just as
// well as B and C: which invoice stays open is a policy's choice (oldest
// first, opt-in), not "however they pair, every one ends settled". Yet the
// zero-balance pass, which does not see A's rest (taken in this run),
// proposes Q, R, B and C with the reason "the open items of C1 in EUR sum
// to zero" — false once applied (A keeps 40,00 € due) — and the result
// hangs on how the proposals are applied: applying P's proposal first and
// proposing again letters nothing for Q and R. Expected: no zero-balance
// proposal while an earlier proposal of the run leaves an item of the
// group open (as the whole book's run does after P is applied).
func TestReviewZeroHrev32ReferenceLeavesAnItemOpen(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 2), "100.00")
		b := f.invoice(t, "C1", d(1, 5), "60.00")
		c := f.invoice(t, "C1", d(1, 6), "40.00")
		p := f.pay(t, "C1", d(1, 20), "60.00", a.Name(), "")
		q := f.pay(t, "C1", d(2, 1), "70.00", "", "")
		r := f.pay(t, "C1", d(2, 2), "30.00", "", "")
		// Step by step: P's reference proposal applied, then proposed again.
		out := propose(t, f, customers, reconcile.Rules{})
		require.Equal(t, reconcile.RuleReference, out.Proposals[0].Rule)
		require.Equal(t, []journal.LineRef{line0(p), line0(a)}, out.Proposals[0].Lines)
		steps := out.Proposals[:1]
		applied, err := f.rec.Apply(ctx, journal.NoID, steps)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		again := propose(t, f, customers, reconcile.Rules{})
		require.Nil(t, proposalWith(again, line0(q)), "step by step, Q and R are left: C1's open items do not sum to zero")
		// In one run, the zero-balance pass letters them with B and C.
		var reasons []string
		for _, pr := range out.Proposals {
			reasons = append(reasons, pr.Reason)
		}
		require.Len(t, reasons, 1, "one run letters Q and R with B and C while A keeps 40,00 € due")
		_, _, _ = b, c, r
	})
}

// Two receipts and two invoices, all of 100,00 €: a tie for the
// exact-amount rule, and the four sum to zero. With the rules on, the
// zero-balance pass letters the four (however they pair, all settle);
// with the exact-amount rule off, a receipt of an invoice's amount is
// that rule's and the pass leaves them.
func TestReviewZeroHrev32TiesAndExactAmountOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 5), "100.00")
		b := f.invoice(t, "C1", d(1, 6), "100.00")
		p := f.pay(t, "C1", d(2, 1), "100.00", "", "")
		q := f.pay(t, "C1", d(2, 2), "100.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{NoExactAmount: true})
		require.Nil(t, proposalWith(out, line0(p)), "the exact-amount rule is off")
		out = propose(t, f, customers, reconcile.Rules{})
		pr := proposalWith(out, line0(p))
		require.NotNil(t, pr, "%q", unmatchedOf(out, line0(p)))
		require.ElementsMatch(t, []journal.LineRef{line0(p), line0(q), line0(a), line0(b)}, pr.Lines)
		require.Contains(t, pr.Reason, "sum to zero")
	})
}
