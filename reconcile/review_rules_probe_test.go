package reconcile_test

// Review of automatic lettering under non-default rules: probes that found
// nothing wrong (passing). Each runs AutoLetter with the rules, asserts no
// proposal failed and Check passes, then unletters every line and asserts
// every residual is back to what it was, Check passing again.

import (
	"errors"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func rrResiduals(t *testing.T, f *fixture, refs []journal.LineRef) map[journal.LineRef]ledger.Residual {
	t.Helper()
	out := map[journal.LineRef]ledger.Residual{}
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		for _, l := range refs {
			r, err := tx.Residual(l)
			if err != nil {
				return err
			}
			out[l] = r
		}
		return nil
	}))
	return out
}

// rrUnletterAll unletters the group of every line of refs and asserts
// their residuals are those of before, and Check passes.
func rrUnletterAll(t *testing.T, f *fixture, refs []journal.LineRef, before map[journal.LineRef]ledger.Residual) {
	t.Helper()
	for _, l := range refs {
		if _, err := f.rec.Unletter(ctx, journal.NoID, l); err != nil && !errors.Is(err, reconcile.ErrNotLettered) {
			require.NoError(t, err)
		}
	}
	after := rrResiduals(t, f, refs)
	for _, l := range refs {
		assert.True(t, before[l].Balance.Equal(after[l].Balance) && before[l].AmountCurrency.Equal(after[l].AmountCurrency),
			"%v: %v before, %v after unlettering", l, before[l], after[l])
	}
	f.check(t)
}

// rrRoundTrip runs AutoLetter with rules on scope (no failure, Check),
// then rrUnletterAll. It returns the proposals made first and the summary.
func rrRoundTrip(t *testing.T, f *fixture, scope reconcile.Scope, rules reconcile.Rules, refs []journal.LineRef) (reconcile.Proposals, reconcile.AutoSummary) {
	t.Helper()
	before := rrResiduals(t, f, refs)
	out := propose(t, f, scope, rules)
	sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: scope, Rules: rules})
	require.NoError(t, err)
	assert.Zero(t, sum.FailedCount, "failed: %+v", sum.Failed)
	assert.Equal(t, len(out.Proposals), sum.Applied)
	f.check(t)
	rrUnletterAll(t, f, refs, before)
	return out, sum
}

// Write-offs in a foreign currency (USD tolerance configured, lines at
// two rates) and of an overpayment (WriteOffOverpayment): both proposed
// by the tolerance rule, applied, unlettered back exactly.
func TestReviewRulesProbeWriteOffsRoundTrip(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		r, err := reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("0.05"), u("0.05")}})
		require.NoError(t, err)
		f.rec = r
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(1, 5), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", DueDate: d(2, 5), AmountCurrency: u("100.00"), Balance: e("83.33")},
			{Account: "706000", AmountCurrency: u("-100.00"), Balance: e("-83.33")}}})
		pay := f.post(t, journal.Entry{Journal: "BQ", Date: d(2, 1), Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
			{Account: "512000", AmountCurrency: u("99.97"), Balance: e("79.98")},
			{Account: "411000", Partner: "C1", AmountCurrency: u("-99.97"), Balance: e("-79.98")}}})
		inv2 := f.invoice(t, "C2", d(1, 5), "100.00")
		pay2 := f.pay(t, "C2", d(2, 1), "100.03", "", "")
		refs := []journal.LineRef{line0(inv), pay.LineRef(1), line0(inv2), line0(pay2)}
		out, _ := rrRoundTrip(t, f, customers, reconcile.Rules{WriteOffOverpayment: true}, refs)
		require.Len(t, out.Proposals, 2)
		assert.True(t, out.Proposals[0].WriteOff.Equal(u("0.03")), out.Proposals[0].Reason)
		assert.True(t, out.Proposals[1].WriteOff.Equal(e("0.03")), out.Proposals[1].Reason)
	})
}

// Oldest first with the amount rules off, on a customer (an invoice paid
// in part by two receipts and a credit note) and a supplier (a supplier
// credit note and a payment for two bills).
func TestReviewRulesProbeOldestFirstCustomersAndSuppliers(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 5), "100.00")
		i2 := f.invoice(t, "C1", d(1, 10), "50.00")
		cn := f.creditNote(t, "C1", d(1, 12), "20.00")
		p1 := f.pay(t, "C1", d(2, 1), "60.00", "", "")
		p2 := f.pay(t, "C1", d(2, 2), "30.00", "", "")
		b1 := f.bill(t, "S1", d(1, 5), "300.00")
		b2 := f.bill(t, "S1", d(1, 6), "200.00")
		scn := f.post(t, journal.Entry{Journal: "AC", Date: d(1, 7), Type: journal.TypeCreditNote, Lines: []journal.Line{
			{Account: "401000", Partner: "S1", Balance: e("50.00")},
			{Account: "607000", Balance: e("-50.00")}}})
		sp, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(2, 1), Method: reconcile.MethodTransfer, Amount: e("400.00")})
		require.NoError(t, err)
		refs := []journal.LineRef{line0(i1), line0(i2), line0(cn), line0(p1), line0(p2), line0(b1), line0(b2), line0(scn)}
		for i, l := range sp.Entries[0].Lines {
			if l.Account == "401000" {
				refs = append(refs, sp.Entries[0].LineRef(i))
			}
		}
		rules := reconcile.Rules{OldestFirst: true, NoExactAmount: true, NoCombination: true}
		out, _ := rrRoundTrip(t, f, reconcile.Scope{Accounts: []string{"401000", "411000"}}, rules, refs)
		require.Len(t, out.Proposals, 2)
		for _, pr := range out.Proposals {
			assert.Equal(t, reconcile.RuleOldestFirst, pr.Rule)
		}
	})
}

// Oldest first on 471000, lettered across partners, with lines of C2, C3
// and none: no partial pairs two partners' lines.
func TestReviewRulesProbeOldestFirstAcrossPartners(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		partner := map[journal.LineRef]string{}
		in := func(p string, date journal.Date, amt string) journal.LineRef {
			x := f.post(t, journal.Entry{Journal: "BQ", Date: date, Type: journal.TypePayment, Lines: []journal.Line{
				{Account: "512000", Balance: e(amt)},
				{Account: "471000", Partner: p, Balance: e(amt).Neg()}}})
			partner[x.LineRef(1)] = p
			return x.LineRef(1)
		}
		out := func(p string, date journal.Date, amt string) journal.LineRef {
			x := f.post(t, journal.Entry{Journal: "OD", Date: date, Type: journal.TypeMisc, Lines: []journal.Line{
				{Account: "471000", Partner: p, Balance: e(amt)},
				{Account: "411000", Partner: "C1", Balance: e(amt).Neg()}}})
			partner[x.LineRef(0)] = p
			return x.LineRef(0)
		}
		refs := []journal.LineRef{in("", d(1, 4), "80.00"), in("C2", d(1, 5), "500.00"), in("C3", d(1, 6), "300.00"),
			out("", d(1, 20), "50.00"), out("C2", d(1, 25), "200.00"), out("C3", d(1, 26), "310.00"), out("", d(1, 27), "100.00")}
		props, _ := rrRoundTrip(t, f, reconcile.Scope{Accounts: []string{"471000"}}, reconcile.Rules{OldestFirst: true}, refs)
		require.NotEmpty(t, props.Proposals)
		for _, pr := range props.Proposals {
			for _, pp := range pr.Partials {
				a, b := partner[pp.Debit], partner[pp.Credit]
				assert.True(t, a == "" || b == "" || a == b, "%s pairs %s with %s", pr.Reason, a, b)
			}
		}
	})
}

// Combination sizes and bounds: twelve invoices of 10,00 € and a receipt
// of 120,00 €. Size 11 finds nothing, 12 finds them; 13 and negative
// windows or limits are refused; a work limit of 1 is reported; a huge
// date window works.
func TestReviewRulesProbeCombinationBounds(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		var refs []journal.LineRef
		for i := 0; i < 12; i++ {
			refs = append(refs, line0(f.invoice(t, "C1", d(1, 1+i), "10.00")))
		}
		p := f.pay(t, "C1", d(2, 1), "120.00", "", "")
		refs = append(refs, line0(p))
		assert.Empty(t, propose(t, f, customers, reconcile.Rules{CombinationSize: 11}).Proposals)
		assert.Len(t, propose(t, f, customers, reconcile.Rules{CombinationSize: 12}).Proposals, 1)
		assert.Len(t, propose(t, f, customers, reconcile.Rules{CombinationSize: 12, DateWindow: 1 << 62}).Proposals, 1)
		// The search stops at the work limit, but the twelve invoices and
		// the receipt are C1's open items and sum to zero: lettered all
		// the same (the combination rule's zero-balance pass needs no
		// search). This case asserted no proposal before that pass.
		limited := propose(t, f, customers, reconcile.Rules{CombinationSize: 12, WorkLimit: 1})
		assert.NotZero(t, limited.WorkLimitReached)
		require.Len(t, limited.Proposals, 1)
		assert.Contains(t, limited.Proposals[0].Reason, "sum to zero")
		// A thirteenth invoice: the search stopped, nothing sums to zero,
		// the limit is reported.
		f.invoice(t, "C1", d(1, 20), "10.00")
		limited = propose(t, f, customers, reconcile.Rules{CombinationSize: 12, WorkLimit: 1})
		assert.Empty(t, limited.Proposals)
		assert.NotZero(t, limited.WorkLimitReached)
		assert.Contains(t, unmatchedOf(limited, line0(p)), "work limit")
		for _, r := range []reconcile.Rules{{CombinationSize: 13}, {CombinationSize: -1}, {DateWindow: -1}, {WorkLimit: -1}} {
			_, err := f.rec.Propose(ctx, customers, r)
			assert.ErrorIs(t, err, reconcile.ErrRules, "%+v", r)
		}
		rrRoundTrip(t, f, customers, reconcile.Rules{CombinationSize: 12}, refs)
	})
}

// A USD invoice paid in two USD receipts at another rate: oldest first
// letters the first in part (an exchange line keeps the open part at the
// invoice's rate), the next run letters the second by exact amount, the
// invoice ends paid; unlettering restores every residual.
func TestReviewRulesProbeForeignPartialOldestFirst(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(1, 5), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", DueDate: d(2, 5), AmountCurrency: u("100.00"), Balance: e("83.33")},
			{Account: "706000", AmountCurrency: u("-100.00"), Balance: e("-83.33")}}})
		payu := func(date journal.Date, a, b string) journal.Entry {
			return f.post(t, journal.Entry{Journal: "BQ", Date: date, Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
				{Account: "512000", AmountCurrency: u(a), Balance: e(b)},
				{Account: "411000", Partner: "C1", AmountCurrency: u(a).Neg(), Balance: e(b).Neg()}}})
		}
		p1 := payu(d(2, 1), "60.00", "48.00")
		refs := []journal.LineRef{line0(inv), p1.LineRef(1)}
		before := rrResiduals(t, f, refs)
		rules := reconcile.Rules{OldestFirst: true}
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers, Rules: rules})
		require.NoError(t, err)
		require.Equal(t, 1, sum.ByRule[reconcile.RuleOldestFirst])
		f.check(t)
		p2 := payu(d(2, 10), "40.00", "33.00")
		refs = append(refs, p2.LineRef(1))
		before[p2.LineRef(1)] = rrResiduals(t, f, refs[2:])[p2.LineRef(1)]
		sum, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers, Rules: rules})
		require.NoError(t, err)
		require.Zero(t, sum.FailedCount)
		require.Equal(t, 1, sum.ByRule[reconcile.RuleExactAmount])
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)
		rrUnletterAll(t, f, refs, before)
	})
}
