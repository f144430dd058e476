package reconcile_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// TestHrev17RandomNamedDiscounts builds random books of invoices with and
// without offers (VAT on invoice or on payment), and payments naming 1–4
// of them, paying what they owe less the discounts in time, in full, less
// every discount (some expired), or less one cent, dated in or out of
// time. It asserts: no line in two proposals; a proposal's discounts are
// the offers of invoices paid in time, summing to Proposal.Discount;
// every Apply outcome is error-free; residuals after Apply are what the
// planned partials leave; Check is clean; the transition account is back
// at zero for every invoice closed; unlettering every applied proposal
// restores every residual and every account's balance. Replay with -seed;
// more rounds with -steps.
func TestHrev17RandomNamedDiscounts(t *testing.T) {
	t.Parallel()
	seed := testSeed(t)
	r := rand.New(rand.NewPCG(seed, 17))
	rounds := max(10, *modelSteps/5) // 30 by default; -steps 1250 for 250
	if testing.Short() {
		rounds = 10
	}
	taken, proposals := 0, 0
	defer func() { t.Logf("%d proposals, %d with discounts", proposals, taken) }()
	for round := 0; round < rounds; round++ {
		f := newFixture(t, stores[0].Open(t))
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("round %d (seed %d): %s", round, seed, fmt.Sprintf(format, args...))
		}
		var lines []journal.LineRef
		offers := map[journal.LineRef]*journal.DiscountOffer{}
		paidOn := map[journal.LineRef]journal.Date{}
		for _, p := range []string{"C1", "C2"} {
			var docs []journal.Entry
			for i, n := 0, 2+r.IntN(5); i < n; i++ {
				date := d(3, 1+r.IntN(15))
				ht := []string{"1000.00", "250.00", "333.33", "99.99", "12.34"}[r.IntN(5)]
				var x journal.Entry
				switch r.IntN(3) {
				case 0:
					x = f.invoice(t, p, date, ht)
				case 1:
					x = f.discountInvoice(t, p, date, ht)
				default:
					x = f.hrev17CashInvoice(t, p, date, ht)
				}
				docs = append(docs, x)
				lines = append(lines, line0(x))
				offers[line0(x)] = x.DiscountOffer
			}
			r.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
			for len(docs) > 0 {
				k := min(len(docs), 1+r.IntN(4))
				named := docs[:k]
				if r.IntN(5) > 0 {
					docs = docs[k:] // else: a later payment may name them too
				} else {
					docs = docs[1:]
				}
				date := d(3, 1+r.IntN(25))
				var owed, inTime, all int64
				for _, x := range named {
					m, _ := x.Lines[0].Balance.MinorUnits()
					owed += m
					if o := x.DiscountOffer; o != nil {
						off, _ := o.Amount.MinorUnits()
						all += off
						if !date.After(o.Until) {
							inTime += off
						}
					}
				}
				amt := []int64{owed - inTime, owed - inTime, owed, owed - all, owed - inTime - 1}[r.IntN(5)]
				if amt <= 0 {
					amt = owed
				}
				var names []string
				for _, x := range named {
					names = append(names, x.Name())
				}
				pay := f.pay(t, p, date, currency.FromMinor(eur, amt).Plain(), strings.Join(names, " "), "")
				lines = append(lines, line0(pay))
				paidOn[line0(pay)] = date
			}
		}
		res := func() map[journal.LineRef]currency.Amount {
			out := map[journal.LineRef]currency.Amount{}
			for _, l := range lines {
				out[l] = f.residual(t, l)
			}
			return out
		}
		beforeRes, beforeBal := res(), hrev17Balances(t, f)
		props, err := f.rec.Propose(ctx, customers, reconcile.Rules{})
		if err != nil {
			fail("propose: %v", err)
		}
		seen := map[journal.LineRef]bool{}
		want := map[journal.LineRef]currency.Amount{}
		for l, a := range beforeRes {
			want[l] = a
		}
		for i, p := range props.Proposals {
			proposals++
			for _, l := range p.Lines {
				if seen[l] {
					fail("line %s in two proposals", l)
				}
				seen[l] = true
			}
			sum := currency.Zero(eur)
			for _, pp := range p.Partials {
				if pp.Discount {
					o := offers[pp.Debit]
					if o == nil || !o.Amount.Equal(pp.Amount) {
						fail("proposal %d: discount %s on %s, offer %+v", i, pp.Amount, pp.Debit, o)
					}
					if on, ok := paidOn[p.Lines[0]]; !ok || on.After(o.Until) {
						fail("proposal %d: discount on %s taken by %s paid %s, offer until %s", i, pp.Debit, p.Lines[0], on, o.Until)
					}
					sum, _ = sum.Add(pp.Amount)
				}
				if pp.Debit != (journal.LineRef{}) {
					want[pp.Debit], _ = want[pp.Debit].Sub(pp.Amount)
				}
				if pp.Credit != (journal.LineRef{}) {
					want[pp.Credit], _ = want[pp.Credit].Add(pp.Amount)
				}
			}
			if p.Discount.IsSet() {
				taken++
				if !sum.Equal(p.Discount) {
					fail("proposal %d: discount %s, partials %s", i, p.Discount, sum)
				}
			} else if !sum.IsZero() {
				fail("proposal %d: discount partials without discount", i)
			}
		}
		applied, err := f.rec.Apply(ctx, journal.NoID, props.Proposals)
		if err != nil {
			fail("apply: %v", err)
		}
		for i, o := range applied.Outcomes {
			if o.Err != nil {
				fail("proposal %d (%s): %v", i, props.Proposals[i].Reason, o.Err)
			}
		}
		after := res()
		for l, w := range want {
			if !after[l].Equal(w) {
				fail("%s: residual %s, planned %s", l, after[l], w)
			}
		}
		require.NoError(t, f.book.Check(ctx), "round %d", round)
		for _, p := range props.Proposals {
			for _, l := range p.Lines {
				if f.residual(t, l).Equal(beforeRes[l]) {
					continue // not lettered, or its group undone already
				}
				if _, err := f.rec.Unletter(ctx, journal.NoID, l); err != nil {
					fail("unletter %s: %v", l, err)
				}
			}
		}
		after = res()
		for l, w := range beforeRes {
			if !after[l].Equal(w) {
				fail("%s: residual %s after unlettering, %s before", l, after[l], w)
			}
		}
		if got := hrev17Balances(t, f); fmt.Sprint(got) != fmt.Sprint(beforeBal) {
			fail("balances after unlettering %v, before %v", got, beforeBal)
		}
		require.NoError(t, f.book.Check(ctx), "round %d", round)
	}
}
