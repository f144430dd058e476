package reconcile_test

// Review of automatic lettering under non-default rules: reasons given
// for a payment left open. Failing tests.

import (
	"testing"

	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
)

// A payment left open under non-default rules is reported with the
// catch-all reason "no document names it, has its amount or sums to it"
// although a document of its amount, or documents summing to it, are open
// for the same partner and were only left aside because the caller turned
// a rule off or narrowed it.
//
// Expected (Unmatched.Reason: "why no rule placed it, in a sentence" a
// person can check against the documents; DESIGN §11 "a sentence a person
// can check"; the code's own standard in outsideWindow and heldOfAmount:
// "a reason claiming no document has its amount would be false"): the
// reason does not claim what the book contradicts — it names the rule
// that is off, or the window, or the document(s) of that amount.
//
// Observed, in every case below: "no document names it, has its amount or
// sums to it".
//   - NoExactAmount+NoCombination+NoTolerance: invoice VT/1 is exactly
//     100,00 € (and VT/2 + VT/3 sum to it).
//   - CombinationSize 1 (combinations off) + NoTolerance: VT/2 + VT/3 sum
//     exactly to the 300,00 € receipt.
//   - DateWindow 30: VT/1 + VT/2 sum exactly to the receipt but are dated
//     more than 30 days before it (the window is reported for a single
//     document of the amount, not for a combination).
func TestReviewRulesReasonDeniesWhatTheBookShows(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		docs  []string // amounts of C1's invoices dated 5, 6, 7 January
		paid  string   // C1's receipt of 1 March, naming nothing
		rules reconcile.Rules
	}{
		{"exact amount, combination and tolerance off", []string{"100.00", "60.00", "40.00"}, "100.00",
			reconcile.Rules{NoExactAmount: true, NoCombination: true, NoTolerance: true}},
		{"combination size 1, tolerance off", []string{"100.00", "200.00"}, "300.00",
			reconcile.Rules{CombinationSize: 1, NoTolerance: true}},
		{"combination outside a 30-day window", []string{"100.00", "200.00"}, "300.00",
			reconcile.Rules{DateWindow: 30}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				for i, a := range c.docs {
					f.invoice(t, "C1", d(1, 5+i), a)
				}
				p := f.pay(t, "C1", d(3, 1), c.paid, "", "VIR")
				out := propose(t, f, customers, c.rules)
				assert.Nil(t, proposalWith(out, line0(p)))
				why := unmatchedOf(out, line0(p))
				assert.NotEqual(t, "no document names it, has its amount or sums to it", why,
					"C1 has documents of the receipt's amount or summing to it, left aside by the rules %+v", c.rules)
			})
		})
	}
}
