package reconcile

import (
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// share is what one side of a pairing gives up (DESIGN §5, exchange
// difference): own is the amount consumed in the line's own currency,
// value its company value at the line's own rate (rounded), full whether
// the side is consumed to zero in the reconciliation currency. A side
// valued through a rate keeps it as num/den (company over reconciliation
// currency) so that values compare exactly, with half a minor unit of
// tolerance.
type share struct {
	it       *item
	own      currency.Amount
	value    currency.Amount
	full     bool
	num, den currency.Amount // unset when value is exact
}

// lineCurrency is the currency a line is kept in.
func (it *item) lineCurrency() currency.Currency { return it.line.AmountCurrency.Currency() }

// reconciliationCurrency is the shared currency of two lines, the foreign
// one when the other line is in the company currency, and the company
// currency for two different foreign currencies.
func reconciliationCurrency(d, c *item, company currency.Currency) currency.Currency {
	dc, cc := d.lineCurrency(), c.lineCurrency()
	switch {
	case dc == cc:
		return dc
	case dc == company:
		return cc
	case cc == company:
		return dc
	}
	return company
}

// open returns what remains of an item in cur, positive: its currency
// residual when it is kept in cur, its company residual when cur is the
// company currency, and for a company-currency line facing a foreign one
// its residual at the market rate of its own date (DESIGN example 11).
func (w *work) open(it *item, cur currency.Currency) (currency.Amount, error) {
	company := w.t.Book().Currency()
	switch {
	case it.lineCurrency() == cur:
		return it.residual.AmountCurrency.Abs(), nil
	case cur == company:
		return it.residual.Balance.Abs(), nil
	}
	rate, _, err := w.t.Rate(cur, it.entry.Date)
	if err != nil {
		return currency.Amount{}, fmt.Errorf("valuing %s in %s: %w", it.entry.Name(), cur.Code(), err)
	}
	return rate.FromCompany(it.residual.Balance.Abs(), cur, w.t.Book().Rounding())
}

// consume computes a side's share when m (in the reconciliation currency)
// of its open amount is matched: all it has when m is all it has open,
// otherwise m at the side's own rate (a foreign line's own rate; the market
// rate of its date for a company-currency line facing a foreign one).
func (w *work) consume(it *item, m, open currency.Amount) (share, error) {
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	resBal, resCur := it.residual.Balance.Abs(), it.residual.AmountCurrency.Abs()
	s := share{it: it, full: mustCmp(m, open) == 0}
	if s.full {
		s.own, s.value = resCur, resBal
		return s, nil
	}
	var err error
	switch lc := it.lineCurrency(); {
	case m.Currency() == company && lc == company:
		s.own, s.value = m, m
		return s, nil
	case m.Currency() == company: // a foreign line lettered in the company currency
		s.value = m
		s.own, err = currency.MulDiv(m, it.line.AmountCurrency.Abs(), it.line.Balance.Abs(), lc, rounding)
	case lc == company: // a company line valued in a foreign currency
		s.num, s.den = resBal, open
		s.value, err = currency.MulDiv(m, resBal, open, company, rounding)
		s.own = s.value
	default: // a foreign line in the reconciliation currency
		s.own = m
		s.num, s.den = it.line.Balance.Abs(), it.line.AmountCurrency.Abs()
		s.value, err = currency.MulDiv(m, s.num, s.den, company, rounding)
	}
	if err != nil {
		return share{}, err
	}
	if mustCmp(s.own, resCur) > 0 {
		s.own = resCur
	}
	if mustCmp(s.value, resBal) > 0 {
		s.value = resBal
	}
	return s, nil
}

// equalValues reports whether two shares of m are worth the same, within
// half a minor unit when one is valued through a rate.
func equalValues(m currency.Amount, a, b share) (bool, error) {
	switch {
	case a.num.IsSet() && !b.num.IsSet():
		return currency.WithinHalfUnit(m, a.num, a.den, b.value)
	case b.num.IsSet() && !a.num.IsSet():
		return currency.WithinHalfUnit(m, b.num, b.den, a.value)
	}
	return a.value.Equal(b.value), nil
}

// pair matches a debit and a credit item: as much as both have open in
// their reconciliation currency (at most left, when set). The partial's
// company amount is the smaller of the two sides' values, or the value of
// the side consumed to zero when both are equal within half a minor unit.
// A side consumed to zero gets an exchange line for its company rest; a
// side consumed in part gets one when its open residual strays more than
// half a minor unit from its own rate. It returns the amount matched in the
// reconciliation currency and whether each side is done.
func (w *work) pair(d, c *item, left currency.Amount) (m currency.Amount, dDone, cDone bool, err error) {
	company := w.t.Book().Currency()
	cur := reconciliationCurrency(d, c, company)
	od, err := w.open(d, cur)
	if err != nil {
		return m, false, false, err
	}
	oc, err := w.open(c, cur)
	if err != nil {
		return m, false, false, err
	}
	if od.IsZero() || oc.IsZero() { // only company cents left on a side: settle in company currency
		cur = company
		od, oc = d.residual.Balance.Abs(), c.residual.Balance.Abs()
	}
	m = minAmount(od, oc)
	if left.IsSet() {
		if left.Currency() != cur {
			return m, false, false, fmt.Errorf("%w: the limit is in %s, these lines letter in %s", ErrAmount, left.Currency(), cur)
		}
		m = minAmount(m, left)
	}
	sd, err := w.consume(d, m, od)
	if err != nil {
		return m, false, false, err
	}
	sc, err := w.consume(c, m, oc)
	if err != nil {
		return m, false, false, err
	}
	amount := minAmount(sd.value, sc.value)
	if same, err := equalValues(m, sd, sc); err != nil {
		return m, false, false, err
	} else if same {
		switch {
		case sd.full:
			amount = minAmount(sd.value, c.residual.Balance.Abs())
		case sc.full:
			amount = minAmount(sc.value, d.residual.Balance.Abs())
		}
	}
	for _, s := range []*share{&sd, &sc} {
		if s.it.lineCurrency() == company {
			s.own = amount // a company line moves alike in both columns
		}
	}
	p, err := w.t.PutPartial(journal.Partial{ID: journal.NewID(), Debit: d.ref, Credit: c.ref, Amount: amount,
		DebitAmountCurrency: sd.own, CreditAmountCurrency: sc.own, Date: laterDate(d.entry.Date, c.entry.Date),
		Kind: partialKind(d, c), Operation: w.op})
	if err != nil {
		return m, false, false, err
	}
	w.res.Partials = append(w.res.Partials, p)
	if err := w.cashBasis(p); err != nil {
		return m, false, false, err
	}
	for _, s := range []*share{&sd, &sc} {
		if s.it.residual, err = w.t.Residual(s.it.ref); err != nil {
			return m, false, false, err
		}
		rest, err := w.exchangeRest(s)
		if err != nil {
			return m, false, false, err
		}
		if !rest.IsZero() {
			if err := w.exchange(p, s.it, rest); err != nil {
				return m, false, false, err
			}
		}
	}
	return m, sd.full || d.residual.IsZero(), sc.full || c.residual.IsZero(), nil
}

// exchangeRest is the company amount (positive) an exchange line must take
// off a side after its partial: all its company residual when it was
// consumed to zero in the reconciliation currency; for a foreign line
// consumed in part, what exceeds its remaining currency amount at its own
// rate, when that is more than half a minor unit. A residual short of its
// own rate is left for the side's final allocation to settle.
func (w *work) exchangeRest(s *share) (currency.Amount, error) {
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	resBal, resCur := s.it.residual.Balance.Abs(), s.it.residual.AmountCurrency.Abs()
	if s.full || resCur.IsZero() {
		return resBal, nil
	}
	if s.it.lineCurrency() == company {
		return currency.Zero(company), nil
	}
	num, den := s.it.line.Balance.Abs(), s.it.line.AmountCurrency.Abs()
	if ok, err := currency.WithinHalfUnit(resCur, num, den, resBal); err != nil || ok {
		return currency.Zero(company), err
	}
	expected, err := currency.MulDiv(resCur, num, den, company, rounding)
	if err != nil {
		return currency.Amount{}, err
	}
	rest := mustSub(resBal, expected)
	if rest.Sign() < 0 {
		return currency.Zero(company), nil
	}
	return rest, nil
}

// exchange posts the exchange difference of one side of partial p: a line
// on the side's account (no currency amount when the side is foreign)
// taking leftover off its company residual, lettered to it, against the
// exchange loss or gain account. The entry is dated at the partial's date
// (the first open date when locked) in the exchange journal; its Origin is
// p, so undoing p reverses it.
func (w *work) exchange(p journal.Partial, side *item, leftover currency.Amount) error {
	company := w.t.Book().Currency()
	signed := leftover // the side's open company amount, signed like the side
	if lineSign(side.line) < 0 {
		signed = leftover.Neg()
	}
	counter := w.r.cfg.ExchangeLoss
	if signed.Sign() < 0 {
		counter = w.r.cfg.ExchangeGain
	}
	cur := side.lineCurrency()
	inCur := func(balance currency.Amount) currency.Amount {
		if cur == company {
			return balance
		}
		return currency.Zero(cur)
	}
	return w.postGenerated(p, side, journal.Entry{Journal: w.r.cfg.ExchangeJournal, Date: p.Date,
		Type: journal.TypeExchangeDifference, Currency: entryCurrency(cur, company), Label: "Exchange difference " + side.entry.Name(),
		Lines: []journal.Line{
			{Account: side.line.Account, Partner: side.line.Partner, Label: "Exchange difference", Balance: signed.Neg(), AmountCurrency: inCur(signed.Neg())},
			{Account: counter, Label: "Exchange difference", Balance: signed, AmountCurrency: inCur(signed)},
		}})
}

// postGenerated posts an entry caused by partial p (dated at the first open
// date on or after e.Date) and letters its first line with side.
func (w *work) postGenerated(p journal.Partial, side *item, e journal.Entry) error {
	locks, err := w.t.LockDates()
	if err != nil {
		return err
	}
	e.Date, e.Origin = locks.FirstOpenDate(e.Date, false), p.ID
	posted, _, err := w.t.Post(e)
	if err != nil {
		return fmt.Errorf("posting the %s: %w", e.Type, err)
	}
	w.res.Entries = append(w.res.Entries, posted)
	gen, err := w.load(posted.LineRef(0))
	if err != nil {
		return err
	}
	d, c := side, gen
	if lineSign(gen.line) > 0 {
		d, c = gen, side
	}
	bal, cur := gen.line.Balance.Abs(), gen.line.AmountCurrency.Abs()
	own := func(it *item) currency.Amount {
		if it == gen {
			return cur
		}
		if it.lineCurrency() == w.t.Book().Currency() {
			return bal
		}
		return cur
	}
	q, err := w.t.PutPartial(journal.Partial{Debit: d.ref, Credit: c.ref, Amount: bal,
		DebitAmountCurrency: own(d), CreditAmountCurrency: own(c), Date: laterDate(side.entry.Date, posted.Date),
		Kind: journal.KindExchange, Operation: w.op})
	if err != nil {
		return err
	}
	w.res.Partials = append(w.res.Partials, q)
	side.residual, err = w.t.Residual(side.ref)
	return err
}

// entryCurrency is the transaction currency of an entry kept in cur: zero
// (the company currency) or the foreign currency.
func entryCurrency(cur, company currency.Currency) currency.Currency {
	if cur == company {
		return currency.Currency{}
	}
	return cur
}

// lineSign is the side of a line: its balance sign, or its currency sign
// for a line that carries only a currency amount.
func lineSign(l *journal.Line) int {
	if s := l.Balance.Sign(); s != 0 {
		return s
	}
	return l.AmountCurrency.Sign()
}
