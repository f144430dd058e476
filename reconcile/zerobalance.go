package reconcile

import (
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/currency"
)

// byZeroBalance is the combination rule's last pass: a partner's open
// items of one currency that the earlier rules left, several payments and
// several documents no one-to-many combination pairs (invoices of 100 and
// 50 paid by receipts of 80 and 70), are lettered together when they sum
// to zero, as Odoo's "zero balance" and Tryton's automatic reconciliation
// do: however they pair, every one ends settled, so no policy chooses
// (oldest first, Rules.OldestFirst, is one when they do not). Each side
// is paired in due order. Not when:
//   - they are one payment and one document, or, the exact-amount rule
//     off, a payment and a document of one amount are among them: the
//     exact-amount rule's, as its date window and its ties say;
//   - they are more than Rules.CombinationSize items and a payment (a
//     combination's lines at most), or a payment and a document among
//     them are further apart than Rules.DateWindow: the bounds the caller
//     sets the combinations;
//   - an earlier proposal leaves part of a line of theirs open (a
//     payment naming an invoice it pays in part): they would not be the
//     partner's balance, and which of them pays the rest is a policy's
//     choice;
//   - a payment's text names documents it could not be lettered with: it
//     pays those or nothing.
//
// Only a partner's account (receivables, payables): on an account
// lettered across partners the lines of no one partner are one balance.
func (g *groupRun) byZeroBalance() {
	if g.partner == "" {
		return
	}
	var curs []currency.Currency
	for _, p := range g.payers {
		if !p.taken && !slices.Contains(curs, p.cur) {
			curs = append(curs, p.cur)
		}
	}
	for _, cur := range curs {
		ps, ts := ofCurrency(open(g.payers), cur), ofCurrency(open(g.targets), cur)
		n := len(ps) + len(ts)
		if len(ps) == 0 || len(ts) == 0 || n < 3 || n > g.p.rules.combination()+1 || g.partlyOpen[cur] ||
			slices.ContainsFunc(ps, func(p *cand) bool { return g.named[p] != nil }) {
			continue
		}
		if slices.ContainsFunc(ps, func(p *cand) bool { return slices.ContainsFunc(ts, func(t *cand) bool { return !g.within(p, t) }) }) {
			continue // the date window bounds who may pay whom, as for a combination
		}
		if g.p.rules.NoExactAmount && slices.ContainsFunc(ps, func(p *cand) bool { return len(exactOf(p, ts)) > 0 }) {
			continue // a document of a payment's amount is the exact-amount rule's, which is off
		}
		if paid, owed := minorSum(ps), minorSum(ts); paid != owed || paid == 0 {
			continue
		}
		g.propose(ps, ts, RuleCombination, Combination, fmt.Sprintf("the open items of %s in %s sum to zero: %s pay %s",
			g.partner, cur.Code(), sumText(ps), dueText(ts)), false)
	}
}
