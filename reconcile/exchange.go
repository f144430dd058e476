package reconcile

import (
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Pairing a debit and a credit line (realised exchange differences):
//
//   - They letter in a reconciliation currency: the currency both lines are
//     kept in; the foreign one when one line is in the company currency; the
//     company currency for two different foreign currencies.
//   - Each side is valued in it at its own rate: a foreign line at the rate
//     it was booked at; a company-currency line facing a foreign one at the
//     rate of the foreign line when that is a payment or statement line and
//     the company line is not (the payment's booked rate: an exact payment
//     closes the invoice with no exchange difference), otherwise at the
//     market rate of its own date; an agreed rate replaces both.
//   - As much is matched as both have open. Each side's company residual
//     drops by its own value of what was matched: all of it for a side
//     consumed to zero, otherwise what was matched at the side's own rate,
//     so that its open residual stays at that rate. The partial records the
//     smaller drop; the side that drops more gets an exchange line for the
//     difference, lettered into the group, so that the outcome never
//     depends on the order lines are lettered in.
//   - Two values within half a minor unit of each other count as equal, so
//     that rounding alone never makes an exchange line of 0.01; at one
//     rate for both sides, a side consumed to zero gives its value to the
//     other whatever the rounding; a foreign line consumed to zero that
//     keeps less than its rate makes of what it has left (its partials'
//     drops rounded one by one) gives that rounding back on the account
//     its own exchange lines went to, not as the opposite difference; one
//     that keeps more books it there too, beside its own exchange lines,
//     and the line facing it takes its own difference whole.
//   - A company-currency line's open amount in a foreign currency is also
//     seen as one conversion sees it (its whole balance converted, less
//     what it gave converted): equal to what the foreign line has open,
//     the two settle, with no cent left on either.
//   - Dust: a line whose company residual is zero while units of its own
//     currency remain (or the reverse), lettered with a line in another
//     currency, is cleared by a line that carries only what remains.

// rate turns an amount of the reconciliation currency into one side's
// company value: exactly when that currency is the company's, at a line's
// own booked rate (num company over den currency), or at a quoted rate
// (1 company = quote units: a market or agreed rate).
type rate struct {
	num, den currency.Amount
	quote    currency.Rate
}

// lineRate is the rate a foreign line was booked at (zero for a line worth
// nothing in the company currency); exact for a line without a currency
// amount, which letters in the company currency.
func lineRate(it *item) rate {
	if it.line.AmountCurrency.IsZero() {
		return rate{}
	}
	return rate{num: it.line.Balance.Abs(), den: it.line.AmountCurrency.Abs()}
}

// same reports whether r and o are one rate: the same booked ratio or the
// same quote. Values at the company currency's own (exact) rate are not.
func (r rate) same(o rate) bool {
	switch {
	case r.num.IsSet():
		return o.num.IsSet() && r.num.Equal(o.num) && r.den.Equal(o.den)
	case !r.quote.IsZero():
		return !o.quote.IsZero() && r.quote.Equal(o.quote)
	}
	return false
}

// value is the company value of a, rounded once.
func (r rate) value(a currency.Amount, company currency.Currency, rounding currency.Rounding) (currency.Amount, error) {
	switch {
	case r.num.IsSet():
		return fits(currency.MulDiv(a, r.num, r.den, company, rounding))
	case !r.quote.IsZero():
		return fits(r.quote.ToCompany(a, company, rounding))
	}
	return a, nil
}

// in is a company amount expressed in cur at this rate, rounded once.
func (r rate) in(company currency.Amount, cur currency.Currency, rounding currency.Rounding) (currency.Amount, error) {
	switch {
	case r.num.IsSet():
		return fits(currency.MulDiv(company, r.den, r.num, cur, rounding))
	case !r.quote.IsZero():
		return fits(r.quote.FromCompany(company, cur, rounding))
	}
	return company, nil
}

// fits returns a value computed at a rate — the caller's agreed rate, a
// rate of the book — if a line can carry it, ErrAmount otherwise. Every
// amount the lettering sums is then bounded as the book's own are, and its
// sums cannot overflow.
func fits(a currency.Amount, err error) (currency.Amount, error) {
	switch {
	case errors.Is(err, currency.ErrTooLarge):
		return currency.Amount{}, fmt.Errorf("%w: at the rate used, a value has too many digits: check the rate: %w", ErrAmount, err)
	case err != nil:
		return currency.Amount{}, err
	case !journal.AmountFits(a):
		return currency.Amount{}, fmt.Errorf("%w: at the rate used, a value of %s is more than an entry holds: check the rate", ErrAmount, a)
	}
	return a, nil
}

// near reports whether v is within half a minor unit of a's exact company
// value at this rate.
func (r rate) near(a, v currency.Amount) (bool, error) {
	switch {
	case r.num.IsSet():
		return currency.WithinHalfUnit(a, r.num, r.den, v)
	case !r.quote.IsZero():
		return r.quote.WithinHalfUnit(a, v)
	}
	return a.Equal(v), nil
}

// agreedRate is the rate a bank applied between a payment's currency and
// the invoices' (1 company = rate foreign): it values the company-currency
// side of a pairing in that foreign currency.
type agreedRate struct {
	foreign currency.Currency
	rate    currency.Rate
}

// valuation is one side of a pairing in the reconciliation currency.
type valuation struct {
	it   *item
	open currency.Amount // what the side has open in the reconciliation currency, positive
	rate rate            // its company value of one unit of it
	// keepOwn says the side gives up none of its own currency: it faces a
	// line of its currency that carries only a balance (an adjustment of
	// value), which pays no foreign amount.
	keepOwn bool
}

// lineCurrency is the currency a line is kept in.
func (it *item) lineCurrency() currency.Currency { return it.line.AmountCurrency.Currency() }

// lettersIn is the currency a line letters in: its own, or the company
// currency for a line that carries only a balance.
func (it *item) lettersIn(company currency.Currency) currency.Currency {
	if it.line.AmountCurrency.IsZero() && !it.line.Balance.IsZero() {
		return company
	}
	return it.lineCurrency()
}

// companyOnly reports whether a line carries only a balance.
func (it *item) companyOnly(company currency.Currency) bool {
	return it.lettersIn(company) != it.lineCurrency()
}

// reconciliationCurrency is the shared currency of two lines, the foreign
// one when the other line is in the company currency, and the company
// currency for two different foreign currencies.
func reconciliationCurrency(d, c *item, company currency.Currency) currency.Currency {
	dc, cc := d.lettersIn(company), c.lettersIn(company)
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

// isPayment reports whether an entry is money that moved: a payment or a
// bank statement line.
func isPayment(e *journal.Entry) bool {
	return e.Type == journal.TypePayment || e.Type == journal.TypeStatementLine
}

// bankClearing reports whether it and other are a bank statement line and
// a payment it clears, off the receivable and payable accounts (a
// statement line there is money paid or received anew, valued at its own
// date like any company-currency receipt), other kept in a foreign
// currency at a rate of its own.
func (w *work) bankClearing(it, other *item) (bool, error) {
	a, b := it.entry.Type, other.entry.Type
	if !(a == journal.TypeStatementLine && b == journal.TypePayment || a == journal.TypePayment && b == journal.TypeStatementLine) ||
		other.line.AmountCurrency.IsZero() || other.line.Balance.IsZero() {
		return false, nil
	}
	acc, err := w.t.Account(it.line.Account)
	if err != nil {
		return false, err
	}
	return !acc.Kind.NeedsPartner(), nil
}

// valuation values it, lettered with other, in cur.
func (w *work) valuation(it, other *item, cur currency.Currency, agreed *agreedRate) (valuation, error) {
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	v := valuation{it: it}
	var err error
	switch lc := it.lettersIn(company); {
	case cur == company: // exact in the company currency
		v.open = it.residual.Balance.Abs()
	case lc == cur: // a foreign line in its own currency
		v.open, v.rate = it.residual.AmountCurrency.Abs(), lineRate(it)
	default: // a company line valued in the foreign currency
		if v.rate, err = w.companyLineRate(it, other, cur, agreed); err != nil {
			return valuation{}, err
		}
		v.open, err = v.rate.in(it.residual.Balance.Abs(), cur, rounding)
	}
	return v, err
}

// companyLineRate is the rate a company-currency line is valued at against
// a foreign line in cur.
func (w *work) companyLineRate(it, other *item, cur currency.Currency, agreed *agreedRate) (rate, error) {
	switch {
	case agreed != nil && agreed.foreign == cur:
		return rate{quote: agreed.rate}, nil
	case isPayment(other.entry) && !isPayment(it.entry) && !other.line.AmountCurrency.IsZero() && !other.line.Balance.IsZero():
		return lineRate(other), nil
	}
	if clearing, err := w.bankClearing(it, other); err != nil {
		return rate{}, err
	} else if clearing {
		// A statement line and the payment it clears are the same money,
		// not a new conversion: valuing the company-currency one at the
		// market rate of its own date would make up an exchange difference
		// (and leave part of one open) out of the day's quote, when the
		// only difference is between what the payment was booked at and
		// what the bank credited: a company-currency line facing a foreign
		// payment or statement line is valued at that line's own booked
		// rate.
		return lineRate(other), nil
	}
	r, _, err := w.t.Rate(cur, it.entry.Date)
	if err != nil {
		return rate{}, fmt.Errorf("valuing %s in %s: %w", it.entry.Name(), cur.Code(), err)
	}
	return rate{quote: r}, nil
}

// drop is how far a side moves when m of it is matched.
type drop struct {
	full  bool            // consumed to zero in the reconciliation currency
	own   currency.Amount // in the line's own currency
	value currency.Amount // in the company currency
	// facing: consumed at one quote keeping a cent of rounding from
	// partials at another rate, its exchange line on the account of the
	// difference facing it (keepsFacing).
	facing bool
}

// consume computes a side's drop when m (in the reconciliation currency) is
// matched: everything it has when m is all it has open; otherwise m in its
// own currency and m at its rate in the company currency.
func (w *work) consume(v *valuation, m currency.Amount) (drop, error) {
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	it := v.it
	resBal, resCur := it.residual.Balance.Abs(), it.residual.AmountCurrency.Abs()
	if v.keepOwn {
		dr := drop{full: mustCmp(m, v.open) == 0, own: currency.Zero(it.lineCurrency()), value: m}
		if dr.full {
			dr.value = resBal
		}
		return dr, nil
	}
	if mustCmp(m, v.open) == 0 {
		return drop{full: true, own: resCur, value: resBal}, nil
	}
	var dr drop
	var err error
	switch lc := it.lettersIn(company); {
	case m.Currency() == company && lc == company:
		return drop{own: m, value: m}, nil
	case m.Currency() == company: // a foreign line lettered in the company currency
		dr.value = m
		if dr.own, err = currency.MulDiv(m, it.line.AmountCurrency.Abs(), it.line.Balance.Abs(), lc, rounding); err != nil {
			return drop{}, err
		}
		if mustCmp(dr.own, resCur) > 0 {
			dr.own = resCur
		}
		return dr, nil
	case lc == company: // a company line valued in a foreign currency
		dr.value, err = v.rate.value(m, company, rounding)
		dr.own = dr.value
	default: // a foreign line in its own currency
		dr.own = m
		dr.value, err = v.rate.value(m, company, rounding)
	}
	if err != nil {
		return drop{}, err
	}
	// Rounded once per allocation, so that a line lettered with several
	// others drops by the same total whatever their order, and a partial
	// detached and lettered again drops by what it dropped the first time.
	if mustCmp(dr.value, resBal) > 0 {
		dr.value = resBal
	}
	return dr, nil
}

// settleDrops chooses the partial's company amount from the two drops and
// says how much each side must still drop through an exchange line. The
// amount is the smaller drop, except that a side consumed to zero facing a
// side whose own value of m is within half a minor unit of it gives its
// value to both: rounding alone makes no exchange line. A side consumed to
// zero always drops by all it has.
func (w *work) settleDrops(m currency.Amount, vd, vc *valuation, sd, sc *drop) (amount, exD, exC currency.Amount, err error) {
	amount = minAmount(sd.value, sc.value)
	single := vd.rate.same(vc.rate)
	for _, x := range []struct {
		full, part *drop
		fv, pv     *valuation
	}{{sd, sc, vd, vc}, {sc, sd, vc, vd}} {
		if !x.full.full || x.part.full || mustCmp(x.full.value, x.part.value) == 0 {
			continue
		}
		if single {
			if x.full.facing, err = w.keepsFacing(m, x.fv, x.full, x.part); err != nil || x.full.facing {
				continue
			}
		}
		// At one rate for both sides the two drops are one value rounded
		// two ways: what the consumed side is worth is what the other
		// gives, never an exchange difference.
		near := single
		if !near {
			if near, err = x.pv.rate.near(m, x.full.value); err != nil {
				return amount, amount, amount, err
			}
		}
		if near && mustCmp(x.full.value, x.pv.it.residual.Balance.Abs()) <= 0 {
			amount = x.full.value
			x.part.value = amount
		}
	}
	if amount, err = w.keepRounding(amount, vd, vc, sd, sc); err != nil {
		return amount, amount, amount, err
	}
	rest := func(v *valuation, dr *drop) (currency.Amount, error) {
		if !dr.full {
			// A side consumed in part takes an exchange line only when its
			// own value of m strays from the amount by more than rounding.
			if near, err := v.rate.near(m, amount); err != nil || near {
				return currency.Zero(amount.Currency()), err
			}
		}
		return mustSub(dr.value, amount), nil
	}
	if exD, err = rest(vd, sd); err != nil {
		return amount, exD, exC, err
	}
	exC, err = rest(vc, sc)
	return amount, exD, exC, err
}

// keepsFacing reports whether a side consumed to zero at one quote keeps
// more than what it gives is worth at that quote by more than rounding
// (part, the other side's drop, is that worth), the cent or so its earlier
// partials at another rate left it (a credit note of another date, offset
// at the invoice's own ratio, each drop rounded on its own), and the
// group has booked a difference facing it, at least as large. Given to
// the other side, that cent would move to the other side's pairings (a
// payment's share of the invoice worth a cent more than at its rate, its
// next invoice's difference a cent larger), in one lettering order only.
// It stays on the consumed side, on the account of the difference facing
// it, which it reduces (roundingAccount).
func (w *work) keepsFacing(m currency.Amount, fv *valuation, full, part *drop) (bool, error) {
	kept := mustSub(full.value, part.value)
	if kept.Sign() <= 0 || fv.rate.quote.IsZero() {
		return false, nil
	}
	if near, err := fv.rate.near(m, full.value); err != nil || near {
		return false, err
	}
	account, held, err := w.facingExchange(fv.it)
	if err != nil || account == "" {
		return false, err
	}
	return mustCmp(held, kept) >= 0, nil
}

// keepRounding is the partial's amount when a foreign line consumed to
// zero keeps more than its rate makes of what it gives (its partials'
// drops, rounded one by one, left it a cent or so) and faces a side that
// drops more still: the consumed side's value at its rate, the rounding
// staying on the consumed side as an exchange line on the account its own
// exchange lines already went to. Given to the other side, that rounding
// would shrink the other side's difference (a gain a cent short beside a
// loss a cent short), by how much depending on which pairing consumes
// the line last. A line without exchange lines of its own keeps the
// amount: rounding alone makes no exchange line.
func (w *work) keepRounding(amount currency.Amount, vd, vc *valuation, sd, sc *drop) (currency.Amount, error) {
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	for _, x := range []struct {
		full, part *drop
		fv         *valuation
	}{{sd, sc, vd}, {sc, sd, vc}} {
		it := x.fv.it
		if !x.full.full || !amount.Equal(x.full.value) || mustCmp(x.part.value, amount) <= 0 ||
			it.lettersIn(company) == company || x.fv.open.Currency() != it.lineCurrency() || !x.fv.open.Equal(x.full.own) {
			continue
		}
		worth, err := x.fv.rate.value(x.full.own, company, rounding)
		if err != nil {
			return amount, err
		}
		kept := mustSub(x.full.value, worth)
		if kept.Sign() <= 0 {
			continue
		}
		_, held, rounded, err := w.ownExchange(it)
		if err != nil {
			return amount, err
		}
		// Each rounded drop left at most half a minor unit: more than
		// that is no rounding, and goes with the pairing's difference.
		if held.Sign() > 0 && mustCmp(mustAdd(kept, kept), currency.FromMinor(company, int64(rounded))) <= 0 {
			return worth, nil
		}
	}
	return amount, nil
}

// pair matches a debit and a credit item: as much as both have open in
// their reconciliation currency (at most left, when set). It records the
// partial and what it implies (cash basis, exchange lines, dust) and
// returns the amount matched in the reconciliation currency and whether
// each side is done.
func (w *work) pair(d, c *item, left currency.Amount, agreed *agreedRate) (m currency.Amount, dDone, cDone bool, err error) {
	vd, vc, err := w.valuations(d, c, agreed)
	if err != nil {
		return m, false, false, err
	}
	cur := vd.open.Currency()
	if left.IsSet() && left.Currency() != cur {
		return m, false, false, fmt.Errorf("%w: the limit is in %s, these lines letter in %s", ErrAmount, left.Currency(), cur)
	}
	// A side with nothing left in the reconciliation currency but something
	// on its line (cents worth nothing there) is dust: cleared on its own,
	// on the date the two lines meet, as a partial between them would be.
	if vd.open.IsZero() || vc.open.IsZero() {
		at := laterDate(d.entry.Date, c.entry.Date)
		for _, v := range []*valuation{&vd, &vc} {
			if v.open.IsZero() && !v.it.residual.IsZero() {
				q, err := w.clearDust(journal.NoID, v.it, at)
				if err != nil {
					return m, false, false, err
				}
				if err := w.cashBasis(q, nil); err != nil { // dust that settles a document completes its tax
					return m, false, false, err
				}
			}
		}
		return currency.Zero(cur), d.residual.IsZero(), c.residual.IsZero(), nil
	}
	m = minAmount(vd.open, vc.open)
	if left.IsSet() {
		m = minAmount(m, left)
	}
	sd, err := w.consume(&vd, m)
	if err != nil {
		return m, false, false, err
	}
	sc, err := w.consume(&vc, m)
	if err != nil {
		return m, false, false, err
	}
	amount, exD, exC, err := w.settleDrops(m, &vd, &vc, &sd, &sc)
	if err != nil {
		return m, false, false, err
	}
	if err := w.record(&vd, &vc, &sd, &sc, amount, exD, exC); err != nil {
		return m, false, false, err
	}
	return m, sd.full || d.residual.IsZero(), sc.full || c.residual.IsZero(), nil
}

// valuations values both sides of a pairing in their reconciliation
// currency. A side worth nothing in a foreign reconciliation currency (a
// company amount smaller than its minor unit) makes them letter in the
// company currency.
func (w *work) valuations(d, c *item, agreed *agreedRate) (vd, vc valuation, err error) {
	company := w.t.Book().Currency()
	// A line that carries only a balance in the other line's own foreign
	// currency letters with it in the company currency, taking none of its
	// foreign amount.
	for _, x := range [][2]*item{{d, c}, {c, d}} {
		if x[0].companyOnly(company) && x[0].lineCurrency() == x[1].lineCurrency() && !x[1].companyOnly(company) {
			vd = valuation{it: d, open: d.residual.Balance.Abs()}
			vc = valuation{it: c, open: c.residual.Balance.Abs()}
			vd.keepOwn, vc.keepOwn = d == x[1], c == x[1]
			return vd, vc, nil
		}
	}
	cur := reconciliationCurrency(d, c, company)
	if vd, err = w.valuation(d, c, cur, agreed); err != nil {
		return vd, vc, err
	}
	if vc, err = w.valuation(c, d, cur, agreed); err != nil {
		return vd, vc, err
	}
	if (vd.open.IsZero() || vc.open.IsZero()) && cur != company {
		vd = valuation{it: d, open: d.residual.Balance.Abs()}
		vc = valuation{it: c, open: c.residual.Balance.Abs()}
		return vd, vc, nil
	}
	if err := w.sameRate(&vd, &vc, cur); err != nil {
		return vd, vc, err
	}
	if err := w.oneQuote(&vd, &vc, cur); err != nil {
		return vd, vc, err
	}
	// A company-currency line facing a foreign line whose open amount is
	// worth, at the company line's rate, exactly what the company line has
	// left settles with it: the company line's open amount in the foreign
	// currency is a rounded conversion of a rounded residual, which must
	// not leave a cent on either side (or on one side in one lettering
	// order only).
	for _, x := range [][2]*valuation{{&vd, &vc}, {&vc, &vd}} {
		v, o := x[0], x[1]
		if cur == company || v.it.lettersIn(company) != company || o.it.lettersIn(company) != cur || v.open.Equal(o.open) {
			continue
		}
		worth, err := v.rate.value(o.open, company, w.t.Book().Rounding())
		if err != nil {
			return vd, vc, err
		}
		if worth.Equal(v.it.residual.Balance.Abs()) {
			v.open = o.open
			continue
		}
		// Nor must it leave a cent its earlier partials' drops, each
		// rounded in the company currency, left: the line's whole balance
		// converted, less the very amounts of cur the lines it was
		// lettered with gave up, is what it has open in cur (a euro
		// receipt worth two dollar invoices at its date's rate pays the
		// second after the first to the cent, in either order).
		// A partial whose company amount is not its amount of cur at this
		// rate (made at another rate, an agreed one, or beside an exchange
		// line; not a cent of rounding given at one quote) makes that
		// figure a guess, never taken: it could close an invoice still owed
		// in part and book the debt as a loss.
		if open, atRate, err := w.openAfterGiven(v, cur); err != nil {
			return vd, vc, err
		} else if open.IsSet() && atRate {
			v.open = open
			continue
		}
		// Without those amounts, its whole balance converted less what it
		// has given up converted is what it has open as one conversion
		// sees it.
		if open, err := v.cumulativeOpen(cur, w.t.Book().Rounding()); err != nil {
			return vd, vc, err
		} else if open.Equal(o.open) {
			v.open = o.open
		}
	}
	return vd, vc, nil
}

// cumulativeOpen is what a company-currency line has open in cur at its
// valuation's rate, converted cumulatively: its whole balance converted,
// less what it has given up converted.
func (v *valuation) cumulativeOpen(cur currency.Currency, rounding currency.Rounding) (currency.Amount, error) {
	whole := v.it.line.Balance.Abs()
	all, err := v.rate.in(whole, cur, rounding)
	if err != nil {
		return currency.Amount{}, err
	}
	given, err := v.rate.in(mustSub(whole, v.it.residual.Balance.Abs()), cur, rounding)
	if err != nil {
		return currency.Amount{}, err
	}
	return mustSub(all, given), nil
}

// openAfterGiven is what a company-currency line has open in cur at its
// valuation's rate: its whole balance converted, less the amounts of cur
// the lines it was lettered with gave up against it; atRate says the
// line's drop by each partial (its company amount and the exchange lines
// it made on the line) is that partial's amount of cur at this rate, or
// strays from it only by the rounding a pairing at this one quote gives
// (oneQuoteRounding).
// Unset (the caller falls back on its residual converted) when the line
// has no partials, when one of them is with a line of another foreign
// currency (no amount in cur), or when nothing would be left.
func (w *work) openAfterGiven(v *valuation, cur currency.Currency) (open currency.Amount, atRate bool, err error) {
	partials, err := w.t.LivePartials(v.it.ref)
	if err != nil || len(partials) == 0 {
		return currency.Amount{}, false, err
	}
	all, err := v.rate.in(v.it.line.Balance.Abs(), cur, w.t.Book().Rounding())
	if err != nil {
		return currency.Amount{}, false, err
	}
	// An exchange line adds to its origin partial's drop. Few: a slice.
	type extra struct {
		origin journal.ID
		amount currency.Amount
	}
	var extras []extra
	for _, q := range partials {
		if q.Kind != journal.KindExchange {
			continue
		}
		other := q.Debit
		if other == v.it.ref {
			other = q.Credit
		}
		e, err := w.t.Entry(other.Entry)
		if err != nil {
			return currency.Amount{}, false, err
		}
		extras = append(extras, extra{e.Origin, q.Amount})
	}
	atRate = true
	for _, q := range partials {
		if q.Kind == journal.KindExchange {
			continue
		}
		gave := q.CreditAmountCurrency
		if q.Credit == v.it.ref {
			gave = q.DebitAmountCurrency
		}
		if gave.Currency() != cur || mustCmp(gave.Abs(), all) >= 0 {
			return currency.Amount{}, false, nil
		}
		dropped := q.Amount
		for _, x := range extras {
			if x.origin == q.ID {
				dropped = mustAdd(dropped, x.amount)
			}
		}
		near, err := v.rate.near(gave.Abs(), dropped)
		if err == nil && !near {
			near, err = w.oneQuoteRounding(v, q.Other(v.it.ref), gave.Abs(), dropped)
		}
		if err != nil {
			return currency.Amount{}, false, err
		}
		atRate = atRate && near
		all = mustSub(all, gave.Abs())
	}
	return all, atRate, nil
}

// oneQuoteRounding reports whether a company-currency line's partial with
// the foreign line other, which gave it gave, dropped it by dropped only
// because the two were lettered at one quote, the valuation's: other was
// booked at that quote, and dropped is its value of gave but for a minor
// unit at most. At one quote a side consumed to zero gives its company
// residual whole, its partials' drops rounded one by one, so a euro
// receipt can pay a cent more or less than its quote makes of the dollars
// it took; what it has open in dollars is still its whole balance
// converted less those dollars, not its residual converted, which would
// leave the next invoice a cent short (or over) in one lettering order
// only.
func (w *work) oneQuoteRounding(v *valuation, other journal.LineRef, gave, dropped currency.Amount) (bool, error) {
	if v.rate.quote.IsZero() {
		return false, nil
	}
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	worth, err := v.rate.value(gave, company, rounding)
	if err != nil {
		return false, err
	}
	if mustCmp(mustSub(worth, dropped).Abs(), currency.FromMinor(company, 1)) > 0 {
		return false, nil
	}
	e, err := w.sharedEntry(other.Entry)
	if err != nil {
		return false, err
	}
	l := &e.Lines[other.Index]
	return l.AmountCurrency.Currency() == gave.Currency() && convertedExactly(l, v.rate.quote, company, rounding), nil
}

// sameRate values a foreign line at the quoted rate its company-currency
// counterpart is valued at when the foreign line was booked at that very
// rate (its balance is its currency amount converted at it). Its booked
// ratio, balance over currency amount, only approximates that rate (the
// balance is rounded): a company amount taken to the foreign currency at
// the rate and back at the ratio can come back a cent off, an exchange
// difference on a day the rate did not change, posted or not depending on
// the order the lines are lettered in.
func (w *work) sameRate(vd, vc *valuation, cur currency.Currency) error {
	company := w.t.Book().Currency()
	if cur == company {
		return nil
	}
	for _, x := range [][2]*valuation{{vd, vc}, {vc, vd}} {
		v, o := x[0], x[1]
		if v.rate.quote.IsZero() || v.it.lettersIn(company) != company || o.it.lettersIn(company) != cur || !o.rate.num.IsSet() {
			continue
		}
		booked, err := w.bookedAt(o.it, v.rate.quote)
		if err != nil {
			return err
		}
		if booked {
			o.rate = v.rate
		}
	}
	return nil
}

// oneQuote values two foreign lines of one currency at the quote both were
// converted at, when their entries were converted at one quote: the rate
// of both their dates, or, when the rate of a line's date does not convert
// it (a rate loaded or corrected for that date after posting), a quote
// their posted amounts both admit (inferQuote), never a rate stored after
// them. Each line's booked ratio, balance over currency
// amount, only approximates that quote: both lines' balances are rounded,
// and a line of an entry of several lines takes the entry's rounding
// difference. Valued at two such ratios, one amount matched comes out a
// cent apart on the two sides — an exchange line at one rate, and a gain
// beside a loss when a later pairing gives it back, or not, depending on
// the order the lines are lettered in. At the quote, a payment's share of
// an invoice is worth the payment's own company amount, and what the
// lines' balances do not sum to is the only difference left.
func (w *work) oneQuote(vd, vc *valuation, cur currency.Currency) error {
	if cur == w.t.Book().Currency() || !vd.rate.num.IsSet() || !vc.rate.num.IsSet() || vd.rate.same(vc.rate) {
		return nil
	}
	qd, fd, err := w.convertedAt(vd.it, cur)
	if err != nil {
		return err
	}
	qc, fc, err := w.convertedAt(vc.it, cur)
	if err != nil {
		return err
	}
	var q currency.Rate
	switch {
	case fd && fc && qd.Equal(qc):
		q = qd
	case fd && fc:
		// The rates of their dates convert each line, and differ: two
		// quotes, an exchange difference between them.
		return nil
	default:
		// A line its date's rate does not convert: the rate stored for
		// that date since, or a company amount the caller gave.
		q = w.inferQuote(vd, vc, cur, qd, qc)
	}
	if !q.IsZero() {
		vd.rate, vc.rate = rate{quote: q}, rate{quote: q}
	}
	return nil
}

// convertedAt is the rate of the date of a foreign line's entry (zero
// when there is none) and whether the entry was converted at it
// (quoteFits).
func (w *work) convertedAt(it *item, cur currency.Currency) (currency.Rate, bool, error) {
	q, _, err := w.t.Rate(cur, it.entry.Date)
	if errors.Is(err, ledger.ErrNoRate) {
		return currency.Rate{}, false, nil
	}
	if err != nil {
		return currency.Rate{}, false, err
	}
	return q, w.quoteFits(it, cur, q), nil
}

// quoteFits reports whether a foreign line's entry was converted at quote
// q: the line's balance is its currency amount converted at q, or every
// other line of the entry in that currency is and the line took the
// conversion's rounding difference (at most a minor unit per line). A
// company amount given by the caller (what the bank credited) that no
// such quote explains is the line's own rate.
func (w *work) quoteFits(it *item, cur currency.Currency, q currency.Rate) bool {
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	// A conversion the rate cannot make (a value past what an entry
	// holds: a rate mistyped after posting) says the line was not
	// converted at it, and must not stop its lettering.
	conv, ok := convertsTo(q, it.line.AmountCurrency.Abs(), company, rounding)
	if !ok {
		return false
	}
	if conv.Equal(it.line.Balance.Abs()) {
		return true
	}
	n := 0
	for i := range it.entry.Lines {
		l := &it.entry.Lines[i]
		if i == it.ref.Index || l.AmountCurrency.IsZero() || l.AmountCurrency.Currency() != cur {
			continue
		}
		n++
		if !convertedExactly(l, q, company, rounding) {
			return false
		}
	}
	return n > 0 && mustCmp(mustSub(conv, it.line.Balance.Abs()).Abs(), currency.FromMinor(company, int64(n+1))) <= 0
}

// convertedExactly reports whether line l's balance is its currency
// amount converted at q (a conversion q cannot make says it is not).
func convertedExactly(l *journal.Line, q currency.Rate, company currency.Currency, rounding currency.Rounding) bool {
	v, ok := convertsTo(q, l.AmountCurrency.Abs(), company, rounding)
	return ok && v.Equal(l.Balance.Abs())
}

// convertsTo is a converted at q into company, and whether q can convert
// it into an amount an entry holds.
func convertsTo(q currency.Rate, a currency.Amount, company currency.Currency, rounding currency.Rounding) (currency.Amount, bool) {
	v, err := q.ToCompany(a, company, rounding)
	if err != nil || !journal.AmountFits(v) {
		return currency.Amount{}, false
	}
	return v, true
}

// bookedAt reports whether a foreign line was booked at quote: its balance
// is its currency amount converted at it.
func (w *work) bookedAt(it *item, quote currency.Rate) (bool, error) {
	booked, err := fits(quote.ToCompany(it.line.AmountCurrency.Abs(), w.t.Book().Currency(), w.t.Book().Rounding()))
	if err != nil {
		return false, err
	}
	return booked.Equal(it.line.Balance.Abs()), nil
}

// matchDate is the date of a partial between d and c: the later of their
// entries' dates, the day the two lines meet, moved out of the closed
// years (afterClosing).
func (w *work) matchDate(d, c *item) (journal.Date, error) {
	return w.afterClosing(laterDate(d.entry.Date, c.entry.Date))
}

// afterClosing is date, or the day after the last closed fiscal year when
// date falls in it: the date of a partial or match made now. A closed
// year's books are definitive: its FEC shows what was lettered at its end
// and its opening entries carried the rest as open, so what is lettered
// after the closing is lettered in the open year, whatever its lines'
// dates. A lock date of an open year keeps the lines' date: it never
// blocks lettering.
func (w *work) afterClosing(date journal.Date) (journal.Date, error) {
	locks, err := w.t.LockDates()
	if err != nil {
		return date, err
	}
	if !locks.Closed.IsZero() && !date.After(locks.Closed) {
		date = locks.Closed.AddDays(1)
	}
	return date, nil
}

// record writes a pairing: the partial of amount with each side's own
// drop, the cash-basis entries it makes due, the exchange lines of the
// sides that drop more than amount, and the dust a side is left with.
func (w *work) record(vd, vc *valuation, sd, sc *drop, amount, exD, exC currency.Amount) error {
	company := w.t.Book().Currency()
	d, c := vd.it, vc.it
	for _, x := range []struct {
		it *item
		dr *drop
	}{{d, sd}, {c, sc}} {
		switch {
		case x.it.lineCurrency() == company:
			x.dr.own = amount // a company line moves alike in both columns
		case x.it.companyOnly(company):
			x.dr.own = currency.Zero(x.it.lineCurrency()) // it has no currency amount to give
		}
	}
	date, err := w.matchDate(d, c)
	if err != nil {
		return err
	}
	p, err := w.putPartial(journal.Partial{Debit: d.ref, Credit: c.ref, Amount: amount,
		DebitAmountCurrency: sd.own, CreditAmountCurrency: sc.own, Date: date,
		Kind: w.partialKind(d, c), Operation: w.op})
	if err != nil {
		return err
	}
	w.res.Partials = append(w.res.Partials, p)
	if err := w.refresh(d, c); err != nil {
		return err
	}
	var rates paidAt
	rates.set(d.ref, w.paymentRate(vc, sd, amount, exC))
	rates.set(c.ref, w.paymentRate(vd, sc, amount, exD))
	if p.Kind == journal.KindCreditNote && d.lineCurrency() == c.lineCurrency() && d.lineCurrency() != company && !vd.rate.same(vc.rate) {
		// A credit note settles its invoice at one rate for both: the
		// later document's, the day the two offset each other (both
		// converted at one quote, that quote already).
		later := d
		if c.entry.Date.After(d.entry.Date) {
			later = c
		}
		rates.set(d.ref, lineRate(later))
		rates.set(c.ref, lineRate(later))
	}
	// A call a side, not a loop over a list of both: the list's amounts
	// reach the heap, and the escape analysis moved the pairing's
	// valuations and drops there with them, four allocations a pairing.
	if err := w.exchangeRest(&p, vd, sd, exD, vc, sc); err != nil {
		return err
	}
	if err := w.exchangeRest(&p, vc, sc, exC, vd, sd); err != nil {
		return err
	}
	if d.lettersIn(company) != c.lettersIn(company) { // within one currency a remainder is due, never dust
		for _, it := range []*item{d, c} {
			if !it.companyOnly(company) && it.residual.Balance.IsZero() != it.residual.AmountCurrency.IsZero() {
				if _, err := w.clearDust(p.ID, it, p.Date); err != nil {
					return err
				}
			}
		}
	} else if sameForeignValueLines(d, c, company) {
		// Two lines of one foreign currency that carry only a balance owe
		// nothing in that currency: what one keeps after the other is
		// consumed is a value difference, cleared as dust is (Odoo clears
		// it the same way), not an amount still due.
		for _, it := range []*item{d, c} {
			if !it.residual.Balance.IsZero() {
				if _, err := w.clearDust(p.ID, it, p.Date); err != nil {
					return err
				}
			}
		}
	}
	// Last, once its exchange and dust lines are lettered: the payment's
	// share of cash-basis VAT is the completing one when, with them, it
	// settles the document.
	return w.cashBasis(p, &rates)
}

// exchangeRest posts the exchange line of side v, paired by partial p
// (v dropped by dr), for rest, the company amount it drops by beyond p's
// (nothing when rest is not positive or the side is settled): against the
// account roundingAccount names for the other side, whose valuation is
// other and which gave up gave, else the usual one.
func (w *work) exchangeRest(p *journal.Partial, v *valuation, dr *drop, rest currency.Amount, other *valuation, gave *drop) error {
	it := v.it
	if rest.Sign() <= 0 || it.residual.Balance.IsZero() {
		return nil
	}
	rest = minAmount(rest, it.residual.Balance.Abs())
	account, err := w.roundingAccount(v, dr, other, gave, rest)
	if err != nil {
		return err
	}
	if account == "" {
		_, err = w.adjust(p.ID, it, rest, currency.Zero(it.lineCurrency()), false, p.Date)
	} else {
		_, err = w.adjustTo(p.ID, it, rest, currency.Zero(it.lineCurrency()), false, p.Date, account)
	}
	return err
}

// roundingAccount is the account the exchange difference rest of the side
// facing o goes to, when a pairing consumed o to zero (o gave up gave) and
// all of rest is the rounding o carried from its earlier partials: the
// account o's own exchange lines went to; "" otherwise (the usual account
// of the side's exchange line). o's company residual drops by what each
// partial is worth at o's rate, rounded on its own, so that a partial
// undone and made again drops o by the same amount; after several, o can
// keep less than its rate makes of its remaining currency amount, and
// consumed, give a counterpart worth that very rate a cent less than it
// is worth. That cent is rounding o's exchange lines already count: on
// their account it reduces them, where on the other it would make a gain
// and a loss of one rounding, and one that depends on the order the lines
// are lettered in. Only what o's exchange lines hold is taken back.
//
// When both sides are consumed at one quote, the cent can also be the
// rounding difference of o's entry, which o's line took: it is no
// difference between the two sides (their rate is one), but of the group,
// whose difference the side's own earlier pairings already booked on the
// lines they met (a payment's partial on an invoice of a later rate):
// the cent goes to the account of those exchange lines, which it reduces,
// where on the usual account it would be a gain beside a loss, in one
// lettering order only.
func (w *work) roundingAccount(v *valuation, dr *drop, o *valuation, gave *drop, rest currency.Amount) (string, error) {
	if dr.facing {
		account, _, err := w.facingExchange(v.it)
		return account, err
	}
	if account, err := w.carriedRounding(v, dr, o, gave, rest); account != "" || err != nil {
		return account, err
	}
	return w.keptFacing(v, dr, o, rest)
}

// keptFacing is the account of the difference facing v (facingExchange)
// when v, consumed at one quote with o, keeps more than what it gives is
// worth at that quote by more than rounding, and rest is no more than
// that: the cent its earlier partials at another rate, or its limited
// ones, each rounded on its own, left it (a credit note offset in two
// parts at the invoice's ratio drops it a cent less than offset at once).
// On that account the cent reduces the group's difference, as it does
// when the lines are lettered at once; on the usual one it would be a
// loss beside a gain. When what v met booked no such difference of at
// least the cent, and the cent is its entry's rounding, the account is
// that of o's own exchange lines, the group's difference booked so far,
// when they hold at least the cent. "" otherwise.
func (w *work) keptFacing(v *valuation, dr *drop, o *valuation, rest currency.Amount) (string, error) {
	if !dr.full || v.rate.quote.IsZero() || !o.rate.same(v.rate) || !dr.own.IsSet() || dr.own.Currency() != v.it.lineCurrency() {
		return "", nil
	}
	if near, err := v.rate.near(dr.own, dr.value); err != nil || near {
		return "", err
	}
	worth, err := v.rate.value(dr.own, w.t.Book().Currency(), w.t.Book().Rounding())
	if err != nil {
		return "", err
	}
	if mustCmp(rest, mustSub(dr.value, worth)) > 0 {
		return "", nil
	}
	account, held, err := w.facingExchange(v.it)
	if err != nil {
		return "", err
	}
	if account != "" && mustCmp(held, rest) >= 0 {
		return account, nil
	}
	// What v met booked less than the cent (or nothing), but o did: the
	// group's difference so far is o's own exchange lines (a receipt that
	// paid an invoice of another date before this one of its own quote),
	// which v's cent, on the opposite side, reduces.
	account, held, _, err = w.ownExchange(o.it)
	if err != nil || mustCmp(held, rest) < 0 {
		return "", err
	}
	return account, nil
}

// carriedRounding is roundingAccount's account for the rounding o carried
// from its earlier partials, or for its entry's rounding at one quote.
func (w *work) carriedRounding(v *valuation, dr *drop, o *valuation, gave *drop, rest currency.Amount) (string, error) {
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	it := o.it
	if !gave.full || it.lettersIn(company) == company || o.open.Currency() != it.lineCurrency() || !o.open.Equal(gave.own) {
		return "", nil
	}
	worth, err := o.rate.value(gave.own, company, rounding)
	if err != nil {
		return "", err
	}
	// A difference larger than that rounding is one of the pairing's
	// rates, booked whole as such.
	if drift := mustSub(worth, gave.value); drift.Sign() <= 0 || mustCmp(rest, drift) > 0 {
		return "", nil
	}
	account, held, _, err := w.ownExchange(it)
	if err != nil {
		return "", err
	}
	if mustCmp(held, rest) >= 0 {
		return account, nil
	}
	if !dr.full || o.rate.quote.IsZero() || !o.rate.same(v.rate) {
		return "", nil
	}
	account, held, err = w.facingExchange(v.it)
	if err != nil || account == "" || mustCmp(held, rest) < 0 {
		return "", err
	}
	return account, nil
}

// facingExchange is the account of the exchange lines the live partials of
// it made on the lines it was lettered with (each on the side that dropped
// more) and what they hold on it, counted on those lines' side: the
// group's difference already booked facing it. "" when there are none or
// they went to two accounts (a gain and a loss: no one difference to
// reduce).
func (w *work) facingExchange(it *item) (account string, held currency.Amount, err error) {
	held = currency.Zero(w.t.Book().Currency())
	partials, err := w.t.LivePartials(it.ref)
	if err != nil {
		return "", held, err
	}
	for _, q := range partials {
		if q.Kind == journal.KindExchange {
			continue
		}
		other := q.Debit
		if other == it.ref {
			other = q.Credit
		}
		facing, err := w.t.LivePartials(other)
		if err != nil {
			return "", held, err
		}
		for _, x := range facing {
			if x.Kind != journal.KindExchange {
				continue
			}
			gen := x.Debit
			if gen == other {
				gen = x.Credit
			}
			e, err := w.t.Entry(gen.Entry)
			if err != nil {
				return "", held, err
			}
			if e.Type != journal.TypeExchangeDifference || e.Origin != q.ID {
				continue
			}
			for i := range e.Lines {
				l := &e.Lines[i]
				if i == gen.Index || l.Balance.IsZero() {
					continue
				}
				if account != "" && l.Account != account {
					return "", held, nil
				}
				account = l.Account
				held = mustAdd(held, signed(l.Balance, -lineSign(it.line)))
			}
		}
	}
	return account, held, nil
}

// ownExchange is the account a line's own exchange lines go to (a debit
// line's losses, a credit line's gains), what its live ones hold on it,
// and how many of its live partials are not exchange lines: each dropped
// the line by a value rounded on its own.
func (w *work) ownExchange(it *item) (account string, held currency.Amount, rounded int, err error) {
	account = w.r.cfg.ExchangeLoss
	if lineSign(it.line) < 0 {
		account = w.r.cfg.ExchangeGain
	}
	held = currency.Zero(w.t.Book().Currency())
	partials, err := w.t.LivePartials(it.ref)
	if err != nil {
		return "", held, 0, err
	}
	for _, q := range partials {
		if q.Kind != journal.KindExchange {
			rounded++
			continue
		}
		other := q.Debit
		if other == it.ref {
			other = q.Credit
		}
		e, err := w.t.Entry(other.Entry)
		if err != nil {
			return "", held, 0, err
		}
		if e.Type != journal.TypeExchangeDifference {
			continue
		}
		for _, l := range e.Lines {
			if l.Account == account {
				held = mustAdd(held, signed(l.Balance, lineSign(it.line)))
			}
		}
	}
	return account, held, rounded, nil
}

// sameForeignValueLines reports whether d and c are both lines of one
// foreign currency that carry only a balance (no amount in it).
func sameForeignValueLines(d, c *item, company currency.Currency) bool {
	return d.companyOnly(company) && c.companyOnly(company) && d.lineCurrency() == c.lineCurrency()
}

// paidAt gives, for each side of a partial, the rate at which the other
// side paid it: the rate cash basis books a foreign document's VAT at. A
// partial has two sides: two pairs, where a map cost an allocation a
// partial.
type paidAt struct {
	n     int
	refs  [2]journal.LineRef
	rates [2]rate
}

// set records the rate of side ref.
func (p *paidAt) set(ref journal.LineRef, r rate) {
	for i := range p.n {
		if p.refs[i] == ref {
			p.rates[i] = r
			return
		}
	}
	p.refs[p.n], p.rates[p.n] = ref, r // a third side is a bug: it panics
	p.n++
}

// of returns the rate of side ref; false when none was set, or p is nil.
func (p *paidAt) of(ref journal.LineRef) (rate, bool) {
	if p != nil {
		for i := range p.n {
			if p.refs[i] == ref {
				return p.rates[i], true
			}
		}
	}
	return rate{}, false
}

// paymentRate is the rate at which side v paid the other side of a
// partial, per unit of the other side's own currency (its drop dr): v's own
// rate when they letter in the other side's currency, else v's company
// drop over what the other side gave up.
func (w *work) paymentRate(v *valuation, other *drop, amount, exchange currency.Amount) rate {
	if v.it.lineCurrency() == other.own.Currency() || v.rate.num.IsSet() || !v.rate.quote.IsZero() {
		return v.rate
	}
	if other.own.IsZero() {
		return rate{}
	}
	return rate{num: mustAdd(amount, exchange), den: other.own}
}

// refresh reads the items' residuals again.
func (w *work) refresh(items ...*item) error {
	for _, it := range items {
		r, err := w.t.Residual(it.ref)
		if err != nil {
			return err
		}
		it.residual = r
	}
	return nil
}

// adjust takes bal (company) and cur (the side's own currency) off a side's
// residual with an exchange-journal entry: a line on the side's account
// lettered to it, against the exchange loss account (the side loses what a
// debit gives up) or gain account; dust says it clears what remains of a
// side worth nothing in the other currency (labelled currency rounding). origin is the partial that caused it,
// so that undoing that partial reverses it; NoID makes the adjusting
// partial its own origin. The entry is dated at the later of the side and
// at, the origin partial's date or, without one, the date of the pairing
// that called for it (the first open date when locked).
func (w *work) adjust(origin journal.ID, side *item, bal, cur currency.Amount, dust bool, at journal.Date) (journal.Partial, error) {
	counter := w.r.cfg.ExchangeLoss
	if lineSign(side.line) < 0 {
		counter = w.r.cfg.ExchangeGain
	}
	return w.adjustTo(origin, side, bal, cur, dust, at, counter)
}

// adjustTo is adjust against the account counter.
func (w *work) adjustTo(origin journal.ID, side *item, bal, cur currency.Amount, dust bool, at journal.Date, counter string) (journal.Partial, error) {
	company := w.t.Book().Currency()
	lc := side.lineCurrency()
	if lc == company {
		cur = bal // a company line moves alike in both columns
	}
	sign := lineSign(side.line)
	take := func(a currency.Amount) currency.Amount { return signed(a, -sign) } // off the side
	label := w.r.cfg.Labels.ExchangeDifference
	if dust {
		label = w.r.cfg.Labels.CurrencyRounding
	}
	date := laterDate(side.entry.Date, at)
	pid := w.wr.NewPartialID()
	if origin == journal.NoID {
		origin = pid
	}
	// Its reference is the number of the document adjusted, as a
	// cash-basis entry's or a discount's is: an auditor reading the FEC
	// sees what the difference belongs to (PieceRef), not only a letter.
	e := journal.Entry{Journal: w.r.cfg.ExchangeJournal, Date: date, Type: journal.TypeExchangeDifference,
		Currency: entryCurrency(lc, company), Ref: side.entry.Name(), Label: label + " " + side.entry.Name(), Origin: origin,
		Lines: []journal.Line{
			{Account: side.line.Account, Partner: side.line.Partner, Label: label, Balance: take(bal), AmountCurrency: take(cur)},
			{Account: counter, Label: label, Balance: take(bal).Neg(), AmountCurrency: take(cur).Neg()},
		}}
	return w.postGenerated(pid, side, e, bal, cur)
}

// clearDust clears what remains of a side that is worth nothing in the
// other currency: its whole residual, by an adjusting line dated as adjust
// dates it.
func (w *work) clearDust(origin journal.ID, side *item, at journal.Date) (journal.Partial, error) {
	return w.adjust(origin, side, side.residual.Balance.Abs(), side.residual.AmountCurrency.Abs(), true, at)
}

// postGenerated posts an entry caused by a partial (dated at the first
// open date on or after e.Date, and on or after the PostAndLetter step's
// NotBefore) and letters its first line with side by an
// exchange partial of id pid taking bal / cur off the side. It posts no
// cash-basis VAT: the partial that caused the entry does, once its exchange
// lines are lettered.
func (w *work) postGenerated(pid journal.ID, side *item, e journal.Entry, bal, cur currency.Amount) (journal.Partial, error) {
	locks, err := w.t.LockDates()
	if err != nil {
		return journal.Partial{}, err
	}
	e.Date = locks.FirstOpenDate(laterDate(e.Date, w.step.notBefore), false)
	posted, _, err := w.wr.PostGenerated(e)
	if err != nil {
		return journal.Partial{}, fmt.Errorf("posting the %s of %s: %w", e.Type, side.entry.Name(), err)
	}
	w.res.Entries = append(w.res.Entries, posted)
	gen, err := w.load(posted.LineRef(0))
	if err != nil {
		return journal.Partial{}, err
	}
	d, c := side, gen
	if lineSign(gen.line) > 0 {
		d, c = gen, side
	}
	own := func(it *item) currency.Amount {
		if it == gen {
			return gen.line.AmountCurrency.Abs()
		}
		return cur
	}
	q, err := w.putPartial(journal.Partial{ID: pid, Debit: d.ref, Credit: c.ref, Amount: bal,
		DebitAmountCurrency: own(d), CreditAmountCurrency: own(c), Date: laterDate(side.entry.Date, posted.Date),
		Kind: journal.KindExchange, Operation: w.op})
	if err != nil {
		return journal.Partial{}, err
	}
	w.res.Partials = append(w.res.Partials, q)
	return q, w.refresh(side)
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

func signed(a currency.Amount, sign int) currency.Amount {
	if sign < 0 {
		return a.Neg()
	}
	return a
}
