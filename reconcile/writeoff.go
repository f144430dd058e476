package reconcile

import (
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// writeOff posts what remains open among items after pairing: per
// currency the open items are kept in, and per match they will make, one
// entry in that currency with a line per open item on its account (and
// partner), lettered to it by a write-off partial, and the total on the
// write-off loss account (a remaining debit) or gain account (a remaining
// credit), or on settleTo when given (bank fees; feesOnly refuses a
// remaining credit there). A write-off needs the currency's total within
// the tolerance configured for it (unless a PostAndLetter step says what
// to write off), on one side, for each match; a
// settlement to an account does not. A foreign item is written off at the rate of the write-off's date
// and what remains of its company residual is an exchange difference —
// unless the item was booked at that very rate, when all its company
// residual is written off (the rate never moved: the rest is rounding). The
// entry is dated at the latest date of its match's lines in the lettering
// or of the partials already on its open items (no earlier than a
// PostAndLetter step asks), moved to the first open date when that is
// locked; its Origin is its first partial, so that
// undoing that partial reverses it.
func (w *work) writeOff(items []*item, settleTo string, feesOnly bool) error {
	company := w.t.Book().Currency()
	var curs []currency.Currency
	groups := map[currency.Currency][]*item{}
	for _, it := range items {
		if it.residual.IsZero() {
			continue
		}
		cur := it.lettersIn(company)
		if groups[cur] == nil {
			curs = append(curs, cur)
		}
		groups[cur] = append(groups[cur], it)
	}
	locks, err := w.t.LockDates()
	if err != nil {
		return err
	}
	for _, cur := range curs {
		if err := w.checkWriteOff(groups[cur], cur, settleTo, feesOnly); err != nil {
			return err
		}
		parts, err := w.writeOffParts(items, groups[cur])
		if err != nil {
			return err
		}
		if settleTo == "" && !w.step.writeOff {
			// The tolerance bounds each write-off, the difference one
			// match leaves: two invoices each paid 0,03 short are two
			// small differences, not one of 0,06.
			for _, part := range parts {
				if err := w.checkTolerance(part.open, cur); err != nil {
					return err
				}
			}
		}
		for _, part := range parts {
			at, err := w.writeOffDate(part.all, part.open)
			if err != nil {
				return err
			}
			at = laterDate(at, w.step.writeOffDate)
			if err := w.writeOffGroup(part.open, cur, locks.FirstOpenDate(at, false), settleTo); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeOffPart is what one write-off entry closes: the open items of one
// connected group, with the lettering's items in that group.
type writeOffPart struct{ all, open []*item }

// writeOffParts splits the open items of one currency by the group each
// is in once paired, the match it will make: a write-off belongs to its
// match, and undoing that match reverses it, so one entry must not close
// two matches (two invoices paid short by two receipts, their cents
// written off in one call, are two matches and two write-offs).
func (w *work) writeOffParts(items, open []*item) ([]writeOffPart, error) {
	var parts []writeOffPart
	placed := make(map[journal.LineRef]bool, len(open))
	for _, it := range open {
		if placed[it.ref] {
			continue
		}
		g, err := w.groupOf(it.ref)
		if err != nil {
			return nil, err
		}
		in := make(map[journal.LineRef]bool, len(g.lines))
		for _, ref := range g.lines {
			in[ref] = true
		}
		var part writeOffPart
		for _, x := range items {
			if in[x.ref] {
				part.all = append(part.all, x)
			}
		}
		for _, x := range open {
			if in[x.ref] {
				part.open, placed[x.ref] = append(part.open, x), true
			}
		}
		parts = append(parts, part)
	}
	return parts, nil
}

// writeOffDate is the date of a write-off closing open among all (the
// lettering's lines in its match): the latest of their lines' dates and of
// the partials already on the open ones — what is written off is what the
// payments lettered with a line left, so the write-off comes with the
// latest of them, not before (a bill of February part-paid in March is
// written off in March).
func (w *work) writeOffDate(all, open []*item) (journal.Date, error) {
	var date journal.Date
	for _, it := range all {
		date = laterDate(date, it.entry.Date)
	}
	for _, it := range open {
		ps, err := w.t.LivePartials(it.ref)
		if err != nil {
			return date, err
		}
		for _, p := range ps {
			date = laterDate(date, p.Date)
		}
	}
	return date, nil
}

// residualIn is an open item's residual in cur, signed: its balance for
// the company currency, its currency amount for another.
func residualIn(it *item, cur, company currency.Currency) currency.Amount {
	if cur == company {
		return it.residual.Balance
	}
	return it.residual.AmountCurrency
}

// checkWriteOff refuses to write off the open items kept in cur (all of
// the lettering's, whatever entries they are then split into) when a limit
// left them open both ways, or when a bank's line is in the book's favour
// and only fees may be booked. The tolerance is each match's
// (checkTolerance).
func (w *work) checkWriteOff(open []*item, cur currency.Currency, settleTo string, feesOnly bool) error {
	company := w.t.Book().Currency()
	total := currency.Zero(cur)
	debits, credits := false, false
	for _, it := range open {
		r := residualIn(it, cur, company)
		total = mustAdd(total, r)
		debits, credits = debits || r.Sign() > 0, credits || r.Sign() < 0
	}
	if debits && credits && settleTo == "" {
		// Pairing leaves one side open, unless a Limit stopped it: what
		// it left on both sides is owed both ways, not a difference to
		// write off (40,00 on an invoice and 40,03 on its receipt are no
		// 0,03 of loss).
		return fmt.Errorf("%w: debits and credits are left open in %s (a limit stopped the pairing); letter without a write-off, or without the limit",
			ErrTolerance, cur.Code())
	}
	if feesOnly && total.Sign() < 0 {
		// A credit left on the outstanding account: the bank moved more
		// to us (or less from us) than the payments say. Booked to the
		// fees account it would lower the fees by money nobody charged.
		return fmt.Errorf("%w: the bank's line is %s more favourable than the payments; post it with a difference account (an income or exchange account) or leave it open", ErrNotFee, total.Abs())
	}
	return nil
}

// checkTolerance refuses a write-off of open, the items one match leaves
// open in cur, beyond the tolerance configured for cur.
func (w *work) checkTolerance(open []*item, cur currency.Currency) error {
	company := w.t.Book().Currency()
	total := currency.Zero(cur)
	for _, it := range open {
		total = mustAdd(total, residualIn(it, cur, company))
	}
	if tol := w.r.cfg.tolerance(cur); mustCmp(total.Abs(), tol) > 0 {
		return fmt.Errorf("%w: %s open, tolerance %s", ErrTolerance, total.Abs(), tol)
	}
	return nil
}

// writeOffGroup writes off the open items kept in cur in one entry dated
// date (checkWriteOff has checked them).
func (w *work) writeOffGroup(open []*item, cur currency.Currency, date journal.Date, settleTo string) error {
	company := w.t.Book().Currency()
	total := currency.Zero(cur)
	for _, it := range open {
		total = mustAdd(total, residualIn(it, cur, company))
	}
	account, label := settleTo, w.r.cfg.Labels.BankFees
	if settleTo == "" {
		account, label = w.r.cfg.WriteOffLoss, w.r.cfg.Labels.WriteOff
		if total.Sign() < 0 {
			account = w.r.cfg.WriteOffGain
		}
	}
	lines, err := w.writeOffLines(open, cur, date, label)
	if err != nil {
		return err
	}
	sum, sumCur := currency.Zero(company), currency.Zero(cur)
	for _, l := range lines {
		sum, sumCur = mustAdd(sum, l.Balance), mustAdd(sumCur, l.AmountCurrency)
	}
	lines = append(lines, journal.Line{Account: account, Label: label, Balance: sum.Neg(), AmountCurrency: sumCur.Neg()})
	pids := make([]journal.ID, len(open))
	for i := range pids {
		pids[i] = w.wr.NewPartialID()
	}
	e := journal.Entry{Journal: w.r.cfg.WriteOffJournal, Date: date, Type: journal.TypeWriteOff,
		Currency: entryCurrency(cur, company), Label: label, Origin: pids[0], Lines: lines}
	posted, _, err := w.wr.PostGenerated(e)
	if err != nil {
		return fmt.Errorf("posting the %s: %w", label, err)
	}
	w.res.Entries = append(w.res.Entries, posted)
	for i, it := range open {
		if err := w.letterWriteOff(it, posted.LineRef(i), pids[i], date); err != nil {
			return err
		}
	}
	return nil
}

// writeOffLines returns a line per open item taking its residual off, in
// cur: a company-currency item's whole residual; a foreign item's currency
// residual at the rate of date (its own rate when the book has none).
func (w *work) writeOffLines(open []*item, cur currency.Currency, date journal.Date, label string) ([]journal.Line, error) {
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	var market *currency.Rate
	if cur != company {
		r, _, err := w.t.Rate(cur, date)
		switch {
		case err == nil:
			market = &r
		case !errors.Is(err, ledger.ErrNoRate):
			return nil, err
		}
	}
	lines := make([]journal.Line, 0, len(open)+1)
	for _, it := range open {
		l := journal.Line{Account: it.line.Account, Partner: it.line.Partner, Label: label + " " + it.entry.Name(),
			Balance: it.residual.Balance.Neg(), AmountCurrency: it.residual.AmountCurrency.Neg()}
		switch {
		case cur == company:
			l.AmountCurrency = l.Balance // a line kept only in company currency, written off in it
		default:
			r := lineRate(it)
			if market != nil {
				r = rate{quote: *market}
				// Booked at the very rate of the write-off's date, the
				// item's company residual is its currency residual at
				// that rate but for rounding: all of it is written off,
				// none of it is a difference of exchange.
				if booked, err := w.bookedAt(it, *market); err != nil {
					return nil, err
				} else if booked {
					lines = append(lines, l)
					continue
				}
			}
			v, err := r.value(it.residual.AmountCurrency.Abs(), company, rounding)
			if err != nil {
				return nil, err
			}
			l.Balance = signed(v, -lineSign(it.line))
		}
		lines = append(lines, l)
	}
	return lines, nil
}

// letterWriteOff letters an open item with its write-off line by partial
// pid, posts the cash-basis share it makes due, and clears what remains of
// the item's company residual as an exchange difference.
func (w *work) letterWriteOff(it *item, ref journal.LineRef, pid journal.ID, date journal.Date) error {
	wo, err := w.load(ref)
	if err != nil {
		return err
	}
	d, c := it, wo
	if lineSign(it.line) < 0 {
		d, c = wo, it
	}
	own := func(x *item) currency.Amount {
		if x.lineCurrency() != wo.lineCurrency() {
			return currency.Zero(x.lineCurrency()) // a line kept only in company currency
		}
		return wo.line.AmountCurrency.Abs()
	}
	// The write-off line is valued at its date's rate, the item at its own:
	// the partial takes the smaller, and what is left on either is an
	// exchange difference.
	amount := minAmount(wo.line.Balance.Abs(), it.residual.Balance.Abs())
	p, err := w.putPartial(journal.Partial{ID: pid, Debit: d.ref, Credit: c.ref, Amount: amount,
		DebitAmountCurrency: own(d), CreditAmountCurrency: own(c), Date: laterDate(it.entry.Date, date),
		Kind: journal.KindWriteOff, Operation: w.op})
	if err != nil {
		return err
	}
	w.res.Partials = append(w.res.Partials, p)
	if err := w.refresh(it, wo); err != nil {
		return err
	}
	for _, x := range []*item{it, wo} {
		if rest := x.residual.Balance.Abs(); !rest.IsZero() {
			if _, err := w.adjust(pid, x, rest, currency.Zero(x.lineCurrency()), false, p.Date); err != nil {
				return err
			}
		}
	}
	var paid paidAt
	paid.set(it.ref, lineRate(wo))
	return w.cashBasis(p, &paid)
}

func laterDate(a, b journal.Date) journal.Date {
	if b.After(a) {
		return b
	}
	return a
}
