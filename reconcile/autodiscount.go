package reconcile

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
)

// Early-payment discounts in automatic lettering. An invoice posted with
// a discount offer (journal.Entry.DiscountOffer) and paid early for what it
// owes less that discount is closed by the discount, as a person would:
// the payment is lettered with the invoice, and the discount posted as the
// rectifying entry a manual early payment makes (Payment.EarlyDiscount).
// Only a first payment takes it: an invoice with one partner line on the
// account, nothing lettered on it yet, paid in its own currency on or
// before the offer's last day, and exactly at the discounted amount. As
// Odoo, which offers the discount only on terms of one instalment, a
// second instalment's invoice is left to the other rules.

// discountOf returns the discount, in minor units of t's currency, that
// payment p takes off document t, or 0 when p may not take one.
func (g *groupRun) discountOf(p, t *cand) int64 {
	o := t.it.DiscountOffer
	// A credit note reduces what is owed; only a payment takes a discount.
	// Whether the invoice may give it is offerOpen's to say.
	if g.p.rules.NoDiscount || o == nil || p.it.Type == journal.TypeInvoice || p.it.Type == journal.TypeCreditNote ||
		o.Amount.Currency() != t.cur || p.cur != t.cur || p.it.Date.After(o.Until) {
		return 0
	}
	off, ok := o.Amount.MinorUnits()
	if !ok || off <= 0 || off >= t.amt || !g.offerOpen(t) {
		return 0
	}
	return off
}

// offerOpen reports whether invoice line t may take its invoice's
// discount: its residual is all of its amount, and its invoice may take it
// (offersDiscount).
func (g *groupRun) offerOpen(t *cand) bool {
	if m, ok := t.it.Amount.MinorUnits(); !ok || abs64(m) != t.amt || !t.it.Amount.Equal(t.it.Residual.AmountCurrency) {
		return false
	}
	id := t.it.Ref.Entry
	if v, ok := g.oneLine[id]; ok {
		return v
	}
	e := booktx.OpenEntry(t.it)
	if e == nil {
		var err error
		// A read error leaves the invoice to the other rules; Apply,
		// which reads it again, reports the book's error.
		if e, err = booktx.Entry(g.p.t, id); err != nil {
			return false
		}
	}
	ok, err := offersDiscount(g.p.t, e, g.account.Code)
	ok = ok && err == nil // as for a read error above
	if g.oneLine == nil {
		g.oneLine = map[journal.ID]bool{}
	}
	g.oneLine[id] = ok
	return ok
}

// discountsOf returns the discounts payment p takes off the documents it
// names, one a target (0 for one that offers none it may take), when p
// and the credit notes it names beside them (credited, in minor units)
// pay exactly what they owe less those discounts; nil when they pay
// anything else, or take none. Each invoice paid in time takes its own.
func (g *groupRun) discountsOf(p *cand, targets []*cand, credited int64) []int64 {
	var offs []int64
	var owed, taken int64
	for k, t := range targets {
		if t.cur != p.cur || t.debit != targets[0].debit || t.debit == p.debit {
			return nil
		}
		if off := g.discountOf(p, t); off > 0 {
			if offs == nil {
				offs = make([]int64, len(targets))
			}
			offs[k] = off
			taken = satAdd(taken, off)
		}
		owed = satAdd(owed, t.amt)
	}
	if offs == nil || satAdd(satAdd(p.amt, credited), taken) != owed || owed == math.MaxInt64 {
		return nil
	}
	return offs
}

// paidText says what pays: the payment's amount, and the credit notes'
// (credited, in minor units) when it names some beside what it pays.
func paidText(why []byte, p *cand, credited int64) []byte {
	why = fmt.Appendf(why, "%s paid", currency.FrenchMinor(p.cur, p.amt))
	if credited > 0 {
		why = fmt.Appendf(why, " and %s credited", currency.FrenchMinor(p.cur, credited))
	}
	return why
}

// discountsReason says why a payment takes the discounts of the documents
// it names: appended to the reference rule's reason.
func discountsReason(why []byte, p *cand, targets []*cand, offs []int64, credited int64) []byte {
	if len(targets) == 1 {
		return discountReason(why, p, targets[0], offs[0], credited)
	}
	var owed, taken int64
	for k, t := range targets {
		owed, taken = owed+t.amt, taken+offs[k]
	}
	why = fmt.Appendf(paidText(why, p, credited), " on %s owed, early-payment discounts taken: ", currency.FrenchMinor(p.cur, owed))
	n := 0
	for k, t := range targets {
		if offs[k] == 0 {
			continue
		}
		if n > 0 {
			why = append(why, ", "...)
		}
		n++
		why = fmt.Appendf(why, "%s on %s (until %s)", currency.FrenchMinor(t.cur, offs[k]), t.it.Number, t.it.DiscountOffer.Until.French())
	}
	return why
}

// discountReason says why a payment takes a discount: appended to a
// rule's reason.
func discountReason(why []byte, p, t *cand, off, credited int64) []byte {
	return fmt.Appendf(paidText(why, p, credited), " on %s owed, early-payment discount of %s offered until %s taken",
		currency.FrenchMinor(t.cur, t.amt), currency.FrenchMinor(t.cur, off), t.it.DiscountOffer.Until.French())
}

// byDiscount is the exact amount rule's second pass: a payment left open
// that pays exactly one invoice less the discount it offers, when that
// invoice is the only one it may pay so and the payment the only one that
// may pay it (at its full amount or discounted). It runs after the exact
// amounts: an item of the payment's exact amount is the likelier match.
func (g *groupRun) byDiscount() {
	if g.p.rules.NoDiscount {
		return
	}
	type key struct {
		cur currency.Currency
		amt int64
	}
	// The offer's amount and the invoice's state do not depend on the
	// payment: index the invoices that offer one by what they ask then.
	// Most partners have no invoice offering a discount: nothing to index.
	offered := func(t *cand) bool { return t.it.DiscountOffer != nil }
	if !slices.ContainsFunc(g.targets, offered) {
		return
	}
	var byDiscounted map[key][]*cand
	for _, t := range g.targets {
		if t.taken || t.it.DiscountOffer == nil {
			continue
		}
		off, ok := t.it.DiscountOffer.Amount.MinorUnits()
		if !ok || off <= 0 || off >= t.amt {
			continue
		}
		if byDiscounted == nil {
			byDiscounted = map[key][]*cand{}
		}
		k := key{t.cur, t.amt - off}
		byDiscounted[k] = append(byDiscounted[k], t)
	}
	if byDiscounted == nil {
		return
	}
	for _, p := range g.payers {
		if p.taken || g.ambiguous[p] {
			continue
		}
		var cs []*cand
		for _, t := range byDiscounted[key{p.cur, p.amt}] {
			if !t.taken && g.within(p, t) && g.mayLetter(p, t) && g.discountOf(p, t) > 0 {
				cs = append(cs, t)
			}
		}
		if len(cs) == 0 {
			continue
		}
		slices.SortFunc(cs, candOrder)
		amount := currency.FrenchMinor(p.cur, p.amt)
		if len(cs) > 1 {
			g.holdAmbiguous(p, fmt.Sprintf("ambiguous: %d invoices ask %s with their early-payment discount within %d days (%s)",
				len(cs), amount, g.p.rules.window(), numbers(cs)))
			continue
		}
		t := cs[0]
		// Rivals: every payment that may pay t, discounted or in full.
		var rivals []*cand
		for _, q := range g.payers {
			if !q.taken && g.within(q, t) && g.mayLetter(q, t) && (q.amt == t.amt || q.amt == t.amt-g.discountOf(q, t)) {
				rivals = append(rivals, q)
			}
		}
		if len(rivals) > 1 {
			slices.SortFunc(rivals, candOrder)
			g.holdAmbiguous(p, fmt.Sprintf("ambiguous: %s may pay invoice %s, in full or with its early-payment discount (%s)",
				countText(rivals), t.it.Number, numbers(rivals)))
			continue
		}
		off := g.discountOf(p, t)
		why := fmt.Appendf(nil, "%s %s %s = invoice %s %s less its early-payment discount, the only one within %d days; ",
			typeWord(p.it.Type), p.it.Number, amount, t.it.Number, currency.FrenchMinor(t.cur, t.amt), g.p.rules.window())
		g.proposeWith([]*cand{p}, []*cand{t}, RuleExactAmount, ExactAmount, string(discountReason(why, p, t, off, 0)), false, []int64{off})
	}
}

// byDiscountedCombinations runs byDiscountedCombination for each payment
// rule 3 left open, once every payment had its combination at full
// residuals: a set of invoices one payment pays in full is the likelier
// match, and another payment of them less their discounts does not take
// it first. A payment with an open document of exactly its amount is the
// exact-amount rule's, as for rule 3; one whose search at full residuals
// the work limit stopped is left as it is.
func (g *groupRun) byDiscountedCombinations() {
	if g.p.rules.NoDiscount {
		return
	}
	size, limit := g.p.rules.combination(), g.p.rules.workLimit()
	for _, o := range g.payers {
		if o.taken || g.ambiguous[o] || g.unsearched[o] || g.exactTarget(o) {
			continue
		}
		if proposed, limited := g.byDiscountedCombination(o, g.targets, size, limit); !proposed && limited {
			g.limitReached(o)
			g.note(o, fmt.Sprintf("combination search with early-payment discounts stopped after %d candidate sets (the work limit): "+
				"raise Rules.WorkLimit or letter by hand", limit))
		}
	}
}

// exactTarget reports whether an open document o may be lettered with
// has exactly o's amount: the exact-amount rule's to letter, or to leave.
func (g *groupRun) exactTarget(o *cand) bool {
	return slices.ContainsFunc(g.targets, func(m *cand) bool {
		return !m.taken && m.amt == o.amt && m.cur == o.cur && g.within(o, m) && g.mayLetter(o, m)
	})
}

// byDiscountedCombination is rule 3 for invoices paid early, each less
// its early-payment discount: two or more open documents (at most size)
// summing exactly to payment o when each invoice o may take a discount on
// counts for what it owes less that discount — a customer paying several
// invoices early in one transfer, taking each escompte, as Odoo's
// matching of a bank line with invoices does. Every invoice of the set
// offering a discount o may take takes it, and one at least does. It has
// a work limit of its own; it reports whether it proposed, and whether
// the limit stopped it.
func (g *groupRun) byDiscountedCombination(o *cand, many []*cand, size, limit int) (proposed, limited bool) {
	if o.amt > combinationSumMax {
		return false, false
	}
	// Most payments have no invoice offering a discount in reach: nothing
	// to search again. discountOf says whether o is a payment that may
	// take one, from whom.
	if !slices.ContainsFunc(many, func(m *cand) bool { return !m.taken && g.discountOf(o, m) > 0 }) {
		return false, false
	}
	var shadows, origs []*cand
	var offs []int64
	offered := false
	for _, m := range many {
		if m.taken || g.ambiguous[m] || m.cur != o.cur || !g.within(o, m) || !g.mayLetter(o, m) {
			continue
		}
		off := g.discountOf(o, m)
		if m.amt-off > o.amt {
			continue
		}
		s := *m // what it asks of o
		s.amt = m.amt - off
		shadows, origs, offs = append(shadows, &s), append(origs, m), append(offs, off)
		offered = offered || off > 0
	}
	if !offered || len(shadows) < 2 {
		return false, false
	}
	work := 0
	pick, limited := newCombination(shadows, &work, limit).find(o.amt, o.amt, 2, size, -1)
	set, taken := make([]*cand, 0, len(pick)), make([]int64, 0, len(pick))
	n := 0
	for _, k := range pick {
		set, taken = append(set, origs[k]), append(taken, offs[k])
		if offs[k] > 0 {
			n++
		}
	}
	if n == 0 {
		return false, limited // none discounted: the search at full residuals' to find
	}
	var owed int64
	parts := make([]string, 0, len(set))
	for k, t := range set {
		owed += t.amt
		if k == 5 {
			parts = append(parts, fmt.Sprintf("%d more", len(set)-5))
			continue
		}
		if k > 5 {
			continue
		}
		part := fmt.Sprintf("%s %s", t.it.Number, currency.FrenchMinor(t.cur, t.amt-taken[k]))
		if taken[k] > 0 {
			part += fmt.Sprintf(" (%s less %s until %s)", currency.FrenchMinor(t.cur, t.amt), currency.FrenchMinor(t.cur, taken[k]),
				t.it.DiscountOffer.Until.French())
		}
		parts = append(parts, part)
	}
	reason := fmt.Sprintf("%s %s %s = %s, the earliest-due combination of %d that sums exactly with the early-payment discounts offered; "+
		"%s owed, %s of discounts taken", typeWord(o.it.Type), o.it.Number, currency.FrenchMinor(o.cur, o.amt), strings.Join(parts, " + "),
		len(set), currency.FrenchMinor(o.cur, owed), currency.FrenchMinor(o.cur, owed-o.amt))
	g.proposeWith([]*cand{o}, set, RuleCombination, Combination, reason, false, taken)
	return true, limited
}
