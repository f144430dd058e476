package reconcile

import (
	"github.com/cockroachdb/apd/v3"

	"github.com/lettrage/lettrage/currency"
)

// Which quote two foreign lines were converted at is read from what was
// posted, never from the rate table alone: the table is keyed by date and
// a later rate for a date (loaded late, or corrected) replaces the one the
// entries were posted at. A line's currency amount A and company balance
// B admit every quote q for which A/q rounds to B: an interval. Two lines
// whose intervals meet could have been converted at one quote, and are
// valued at one quote of the meeting: the table's rate for either date
// when it converts both (what the posting used, as long as the table
// still holds it), otherwise the decimal of fewest digits in it. That
// choice depends on the two lines' posted figures only, so every pairing
// of the same two lines takes the same quote whatever the order; and at
// one quote a side consumed to zero gives its own balance to the other
// (settleDrops), so two pairings of one line at two quotes of its
// interval drop it by the other lines' own balances, never by a share
// rounded two ways.

// quoteSpan is a closed interval of quotes, lo = loNum/loDen up to
// hi = hiNum/hiDen, or unbounded above when hiDen is zero. Its bounds are
// those of the rounding's half-open intervals closed: a quote it holds is
// checked against the exact rule (quoteFits) before it is used.
type quoteSpan struct {
	loNum, loDen, hiNum, hiDen apd.Decimal
}

// lineSpan is the interval of quotes at which a converts into b within
// slack minor units of the company currency (0: exactly).
func lineSpan(a, b currency.Amount, slack int64, rounding currency.Rounding) quoteSpan {
	unit := currency.FromMinor(b.Currency(), 1).Decimal()
	var below, above apd.Decimal // how far below and above b a/q may lie, in units
	switch rounding {
	case currency.TowardZero:
		below.SetInt64(slack)
		above.SetInt64(slack + 1)
	case currency.AwayFromZero:
		below.SetInt64(slack + 1)
		above.SetInt64(slack)
	default:
		below.SetFinite(10*slack+5, -1)
		above.SetFinite(10*slack+5, -1)
	}
	var s quoteSpan
	bd := b.Decimal()
	mustDec(exact.Mul(&below, &below, unit))
	mustDec(exact.Mul(&above, &above, unit))
	// q = a / x, x from b−below to b+above: the larger x the smaller q.
	s.loNum.Set(a.Decimal())
	mustDec(exact.Add(&s.loDen, bd, &above))
	if mustDec(exact.Sub(&s.hiDen, bd, &below)); s.hiDen.Sign() <= 0 {
		s.hiDen.SetInt64(0)
	} else {
		s.hiNum.Set(a.Decimal())
	}
	return s
}

// meet narrows s to its intersection with o and reports whether it is not
// empty.
func (s *quoteSpan) meet(o *quoteSpan) bool {
	if fracCmp(&o.loNum, &o.loDen, &s.loNum, &s.loDen) > 0 {
		s.loNum.Set(&o.loNum)
		s.loDen.Set(&o.loDen)
	}
	if !o.hiDen.IsZero() && (s.hiDen.IsZero() || fracCmp(&o.hiNum, &o.hiDen, &s.hiNum, &s.hiDen) < 0) {
		s.hiNum.Set(&o.hiNum)
		s.hiDen.Set(&o.hiDen)
	}
	return s.hiDen.IsZero() || fracCmp(&s.loNum, &s.loDen, &s.hiNum, &s.hiDen) <= 0
}

// holds reports whether d lies in s.
func (s *quoteSpan) holds(d *apd.Decimal) bool {
	one := apd.New(1, 0)
	if fracCmp(d, one, &s.loNum, &s.loDen) < 0 {
		return false
	}
	return s.hiDen.IsZero() || fracCmp(d, one, &s.hiNum, &s.hiDen) <= 0
}

// fracCmp compares a/b with c/d, all positive: a·d with c·b, exactly.
func fracCmp(a, b, c, d *apd.Decimal) int {
	var l, r apd.Decimal
	mustDec(exact.Mul(&l, a, d))
	mustDec(exact.Mul(&r, c, b))
	return l.Cmp(&r)
}

// exact multiplies, adds and subtracts without rounding: amounts have at
// most AmountDigitsMax digits, so their products fit.
var exact = func() *apd.Context {
	c := apd.BaseContext
	c.Traps |= apd.Inexact
	return &c
}()

func mustDec(_ apd.Condition, err error) {
	if err != nil {
		panic("reconcile: " + err.Error())
	}
}

// shortestQuote calls try with the decimals of s of one significant digit,
// then two, and so on, each the smallest of its length above s's lower
// bound, until try accepts one: the decimal of fewest digits in s that
// converts what try checks, the same for the same s.
func (s *quoteSpan) shortestQuote(try func(currency.Rate) bool) (currency.Rate, bool) {
	var prev apd.Decimal
	for p := uint32(1); p <= currency.AmountDigitsMax; p++ {
		ctx := apd.BaseContext.WithPrecision(p)
		ctx.Rounding = apd.RoundCeiling
		var c apd.Decimal
		if _, err := ctx.Quo(&c, &s.loNum, &s.loDen); err != nil {
			return currency.Rate{}, false
		}
		if fracCmp(&c, apd.New(1, 0), &s.loNum, &s.loDen) == 0 {
			// The bound itself may be a point no quote converts to
			// (a half-open end): the next decimal of this length.
			mustDec(exact.Add(&c, &c, apd.New(1, c.Exponent)))
		}
		c.Reduce(&c)
		if !s.holds(&c) || c.Cmp(&prev) == 0 {
			prev.Set(&c)
			continue
		}
		prev.Set(&c)
		q, err := currency.RateFromDecimal(&c)
		if err != nil {
			return currency.Rate{}, false
		}
		if try(q) {
			return q, true
		}
	}
	return currency.Rate{}, false
}

// quoteSpans are the intervals of quotes a foreign line's entry may have
// been converted at (quoteFits): the line's own exact interval; and, when
// other lines of the entry are in cur, the quotes converting all of them
// exactly while the line took the rounding difference. The first of the
// two also converting every other line, when there is one, comes first.
func (w *work) quoteSpans(it *item, cur currency.Currency) []quoteSpan {
	rounding := w.t.Book().Rounding()
	own := lineSpan(it.line.AmountCurrency.Abs(), it.line.Balance.Abs(), 0, rounding)
	others, n := own, int64(0)
	var all quoteSpan
	for i := range it.entry.Lines {
		l := &it.entry.Lines[i]
		if i == it.ref.Index || l.AmountCurrency.IsZero() || l.AmountCurrency.Currency() != cur {
			continue
		}
		n++
		ls := lineSpan(l.AmountCurrency.Abs(), l.Balance.Abs(), 0, rounding)
		if n == 1 {
			others = ls
		} else if !others.meet(&ls) {
			return []quoteSpan{own}
		}
	}
	if n == 0 {
		return []quoteSpan{own}
	}
	taker := lineSpan(it.line.AmountCurrency.Abs(), it.line.Balance.Abs(), n+1, rounding)
	spans := make([]quoteSpan, 0, 3)
	if all = others; all.meet(&own) {
		spans = append(spans, all)
	}
	spans = append(spans, own)
	if taker.meet(&others) {
		spans = append(spans, taker)
	}
	return spans
}

// inferQuote is the one quote two foreign lines of cur were converted at
// according to what was posted: preferred, the table's rate for either
// line's date (qd, qc, zero when none) when it converts both; otherwise
// the decimal of fewest digits converting both. Zero when no quote
// converts both.
func (w *work) inferQuote(vd, vc *valuation, cur currency.Currency, qd, qc currency.Rate) currency.Rate {
	both := func(q currency.Rate) bool {
		return !q.IsZero() && w.quoteFits(vd.it, cur, q) && w.quoteFits(vc.it, cur, q)
	}
	for _, q := range []currency.Rate{qd, qc} {
		if both(q) {
			return q
		}
	}
	ds, cs := w.quoteSpans(vd.it, cur), w.quoteSpans(vc.it, cur)
	for i := range ds {
		for j := range cs {
			s := ds[i]
			if !s.meet(&cs[j]) {
				continue
			}
			if q, ok := s.shortestQuote(both); ok {
				return q
			}
		}
	}
	return currency.Rate{}
}
