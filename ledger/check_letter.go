package ledger

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/internal/lettercode"
	"github.com/lettrage/lettrage/journal"
)

// The lettering passes: partials, matches, operation records and events,
// each against the log, the indexes and one another.

// partials checks every partial, live or undone, against its two lines,
// its operations and the live-partial and residual indexes.
func (c *checker) partials() error {
	err := c.t.st.Scan(bPartial, nil, nil, false, func(k, v []byte) error {
		if err := c.ctx.Err(); err != nil {
			return err
		}
		if len(k) == len(journal.NoID) && inLettering(journal.ID(k)) {
			c.add(6, describeRecord(bPartial, k), "has a lettering record's id but a record of its own")
		}
		return c.checkPartial(k, v)
	})
	if err != nil {
		return err
	}
	return c.letterings(true, func(base journal.ID, _ []byte, ps [][]byte) error {
		for i, v := range ps {
			id := base
			id[15] = byte(i)
			if err := c.checkPartial(id[:], v); err != nil {
				return err
			}
		}
		return nil
	})
}

// letterings calls fn with each lettering record's base id, match value
// (empty when it has none) and partial values; when name is set, it names
// the records that are not keyed by a lettering's id or do not split.
func (c *checker) letterings(name bool, fn func(base journal.ID, match []byte, partials [][]byte) error) error {
	return c.t.st.Scan(bLettering, nil, nil, false, func(k, v []byte) error {
		if err := c.ctx.Err(); err != nil {
			return err
		}
		where := describeRecord(bLettering, k)
		if len(k) != len(journal.NoID) || !inLettering(journal.ID(k)) || k[15] != 0 {
			if name {
				c.add(6, where, "is not keyed by a lettering's id")
			}
			return nil
		}
		mv, ps, err := splitLettering(v)
		if err != nil {
			if name {
				c.add(6, where, "does not read: %v", err)
			}
			return nil
		}
		return fn(journal.ID(k), mv, ps)
	})
}

func (c *checker) checkPartial(k, v []byte) error {
	where := fmt.Sprintf("partial %x", k)
	p, err := c.t.decodePartial(k, v)
	if err != nil {
		c.add(6, where, "does not decode: %v", err)
		return nil
	}
	where = "partial " + p.ID.String()
	d, dok, err := c.line(p.Debit)
	if err != nil {
		return err
	}
	cr, cok, err := c.line(p.Credit)
	if err != nil {
		return err
	}
	if !dok || !cok {
		c.add(6, where, "links a line that is not posted (%s, %s)", p.Debit, p.Credit)
		return nil
	}
	dl, cl := &d.Lines[p.Debit.Index], &cr.Lines[p.Credit.Index]
	if err := c.partialLines(where, &p, dl, cl); err != nil {
		return err
	}
	if err := c.tombstone(where, 6, p.CreatedAt, p.UndoneBy, p.UndoneAt); err != nil {
		return err
	}
	if err := c.operationsOf(where, 6, p.Operation, p.UndoneBy); err != nil {
		return err
	}
	for _, side := range []struct {
		ref journal.LineRef
		e   *journal.Entry
	}{{p.Debit, &d}, {p.Credit, &cr}} {
		ref := side.ref
		// putPartial and undoPartial store both lines' states.
		st, found, err := c.lineState(side.e, ref.Index)
		if err != nil {
			return err
		} else if !found {
			c.add(5, where, "line %s has no stored residual", ref)
			continue
		}
		if _, listed := slices.BinarySearchFunc(st.live, p.ID, compareIDs); p.Live() && !listed {
			c.add(5, where, "the live-partial index does not list it on line %s", ref)
		}
	}
	return nil
}

// partialLines checks what a partial says against its lines.
func (c *checker) partialLines(where string, p *journal.Partial, dl, cl *journal.Line) error {
	a, err := c.account(dl.Account)
	if err != nil {
		return err
	}
	switch {
	case a == nil || !a.Reconcilable:
		c.add(6, where, "links lines of %s, which is not a reconcilable account", dl.Account)
	case dl.Account != cl.Account:
		c.add(6, where, "links lines of accounts %s and %s", dl.Account, cl.Account)
	case a.Kind.NeedsPartner() && dl.Partner != cl.Partner:
		c.add(6, where, "links partners %s and %s on %s", dl.Partner, cl.Partner, dl.Account)
	}
	if !dl.IsDebit() || cl.IsDebit() {
		c.add(6, where, "does not link a debit line to a credit line")
	}
	if !p.Kind.Valid() || p.Date.IsZero() {
		c.add(6, where, "has kind %d and date %s", p.Kind, p.Date)
	}
	for _, x := range []struct {
		a    currency.Amount
		want currency.Currency
		side string
	}{{p.Amount, c.company, "company"}, {p.DebitAmountCurrency, dl.AmountCurrency.Currency(), "debit line's"},
		{p.CreditAmountCurrency, cl.AmountCurrency.Currency(), "credit line's"}} {
		if x.a.Currency() != x.want || x.a.Sign() < 0 {
			c.add(6, where, "its %s amount %s is not a non-negative %s amount", x.side, x.a, x.want)
		}
	}
	if p.Amount.IsZero() && p.DebitAmountCurrency.IsZero() && p.CreditAmountCurrency.IsZero() {
		c.add(6, where, "allocates nothing")
	}
	if side, cur := companyAmountApart(p, dl, cl, c.company); side != "" {
		c.add(6, where, "on the %s line, in %s, allocates %s in its currency but %s in the company currency", side, c.company, cur, p.Amount)
	}
	return nil
}

// tombstone checks that a record is live or undone with both the operation
// and the time, undone no earlier than made.
func (c *checker) tombstone(where string, inv int, created time.Time, undoneBy journal.ID, undoneAt time.Time) error {
	switch {
	case (undoneBy == journal.NoID) != undoneAt.IsZero():
		c.add(inv, where, "its tombstone is incomplete (undone by %s at %s)", undoneBy, undoneAt)
	case !undoneAt.IsZero() && undoneAt.Before(created):
		c.add(inv, where, "was undone at %s, before it was made at %s", undoneAt, created)
	}
	return nil
}

// operationsOf checks that the operations a record names are recorded.
func (c *checker) operationsOf(where string, inv int, ops ...journal.ID) error {
	for _, op := range ops {
		if op == journal.NoID {
			continue
		}
		if _, found, err := c.get(bOp, op[:]); err != nil {
			return err
		} else if !found {
			c.add(inv, where, "names operation %s, which is not recorded", op)
		}
	}
	return nil
}

// match reads a match by id; one that does not decode is not found.
func (c *checker) match(id []byte) (journal.Match, bool, error) {
	if len(id) == len(journal.NoID) && inLettering(journal.ID(id)) {
		if id[15] != letteringMatchPlace {
			return journal.Match{}, false, nil
		}
		mv, _, err := letteringOf(c.t.st, journal.ID(id))
		if errors.Is(err, ErrNotFound) || errors.Is(err, ErrFormat) || err == nil && len(mv) == 0 {
			return journal.Match{}, false, nil // the lettering pass names a record that does not read
		} else if err != nil {
			return journal.Match{}, false, err
		}
		m, err := decodeMatch(id, mv)
		return m, err == nil, nil
	}
	v, found, err := c.get(bMatch, id)
	if err != nil || !found {
		return journal.Match{}, false, err
	}
	m, err := decodeMatch(id, v)
	return m, err == nil, nil
}

// matches checks every match, live or undone: its code is reserved for it;
// its lines are posted on its account (and partner); a live match's lines
// are at zero residual and indexed as matched, and its partials are live
// and between its lines.
func (c *checker) matches() error {
	err := c.t.st.Scan(bMatch, nil, nil, false, func(k, v []byte) error {
		if err := c.ctx.Err(); err != nil {
			return err
		}
		if len(k) == len(journal.NoID) && inLettering(journal.ID(k)) {
			c.add(7, describeRecord(bMatch, k), "has a lettering record's id but a record of its own")
		}
		return c.checkMatch(k, v)
	})
	if err != nil {
		return err
	}
	return c.letterings(false, func(base journal.ID, mv []byte, ps [][]byte) error {
		if len(mv) == 0 {
			return nil // partials that no match named exactly
		}
		id := base
		id[15] = letteringMatchPlace
		if err := c.checkMatch(id[:], mv); err != nil {
			return err
		}
		m, err := decodeMatch(id[:], mv)
		if err != nil {
			return nil // checkMatch named it
		}
		c.matchHoldsItsLettering(&m, base, len(ps))
		return nil
	})
}

// matchHoldsItsLettering checks that the match of a lettering record names
// exactly the n partials the record holds, each once.
func (c *checker) matchHoldsItsLettering(m *journal.Match, base journal.ID, n int) {
	where := fmt.Sprintf("lettering %s: match %s on %s %s", base, m.Code, m.Account, m.Partner)
	named := make([]bool, n)
	for _, pid := range m.Partials {
		if letteringBase(pid) != base || int(pid[15]) >= n || named[pid[15]] {
			c.add(7, where, "names partial %s, which the lettering does not hold (or names it twice)", pid)
			continue
		}
		named[pid[15]] = true
	}
	for i, ok := range named {
		if !ok {
			id := base
			id[15] = byte(i)
			c.add(7, where, "does not name partial %s, which the lettering holds", id)
		}
	}
}

func (c *checker) checkMatch(k, v []byte) error {
	where := fmt.Sprintf("match %x", k)
	m, err := decodeMatch(k, v)
	if err != nil {
		c.add(7, where, "does not decode: %v", err)
		return nil
	}
	where = fmt.Sprintf("match %s on %s %s", m.Code, m.Account, m.Partner)
	if m.Code == "" || len(m.Lines) == 0 {
		c.add(7, where, "has no code or no lines")
	}
	id, found, err := c.expect(ixCode, codeKey(m.Account, m.Partner, m.Code), m.ID[:])
	switch {
	case err != nil:
		return err
	case !found:
		c.add(7, where, "its code is not reserved")
	case !bytes.Equal(id, m.ID[:]):
		c.add(7, where, "its code is reserved for match %x (duplicate code?)", id)
	}
	if err := c.codeCounter(where, &m); err != nil {
		return err
	}
	if err := c.tombstone(where, 7, m.CreatedAt, m.UndoneBy, m.UndoneAt); err != nil {
		return err
	}
	if err := c.operationsOf(where, 7, m.Operation, m.UndoneBy); err != nil {
		return err
	}
	// Codes run per partner on receivable and payable accounts, per
	// account elsewhere: a match keyed under another partner than its
	// lines' hides a code of theirs from the uniqueness of its key.
	a, err := c.account(m.Account)
	if err != nil {
		return err
	}
	needsPartner := a != nil && a.Kind.NeedsPartner()
	if !needsPartner && m.Partner != "" {
		c.add(7, where, "names a partner on an account whose codes run per account")
	}
	for _, ref := range m.Lines {
		e, found, err := c.line(ref)
		if err != nil {
			return err
		}
		if !found {
			c.add(7, where, "holds line %s, which is not posted", ref)
			continue
		}
		l := &e.Lines[ref.Index]
		if l.Account != m.Account || needsPartner && l.Partner != m.Partner {
			c.add(7, where, "holds line %s of %s %s", ref, l.Account, l.Partner)
		}
		if !m.Live() {
			continue
		}
		st, found, err := c.lineState(&e, ref.Index)
		if err != nil {
			return err
		}
		if r := st.residual; found && !r.IsZero() {
			c.add(7, where, "line %s has residual %s / %s", ref, r.Balance, r.AmountCurrency)
		} else if !found {
			c.add(7, where, "line %s has residual %s / %s", ref, l.Balance, l.AmountCurrency)
		}
		if !found || st.match != m.ID {
			c.add(7, where, "line %s is not indexed as matched by it", ref)
		}
	}
	if !m.Live() {
		return nil
	}
	for _, pid := range m.Partials {
		p, found, err := c.partial(pid[:])
		switch {
		case err != nil:
			return err
		case !found:
			c.add(7, where, "names partial %s, which does not exist", pid)
		case !p.Live():
			c.add(7, where, "is live and names partial %s, which is undone", pid)
		case !holds(m.Lines, p.Debit) || !holds(m.Lines, p.Credit):
			c.add(7, where, "names partial %s, which links lines outside it", pid)
		}
	}
	return nil
}

// codeCounter checks that the letter-code counter of a match's account
// and partner is at or past its code, live or retired: a counter behind
// would give the code again. A code no counter gives (one brought from
// another system) is not the counter's to cover.
func (c *checker) codeCounter(where string, m *journal.Match) error {
	n, ok := lettercode.Number(m.Code)
	if !ok {
		return nil
	}
	name := c.scratch.counter[:0]
	name = append(name, ctrUser...)
	name = lettercode.AppendCounter(name, m.Account, m.Partner)
	c.scratch.counter = name
	at, cached := c.codeCounters[string(name)]
	if !cached {
		v, found, err := c.get(bCounter, name)
		switch {
		case err != nil:
			return err
		case found && len(v) == 8:
			at = binary.BigEndian.Uint64(v)
		case found:
			return nil // the counters pass names it
		}
		if len(c.codeCounters) == checkCacheMax {
			clear(c.codeCounters)
		}
		c.codeCounters[string(name)] = at
	}
	if at < n {
		c.add(7, where, "its code is ahead of the letter-code counter of %s %s, at %d: the counter would give it again", m.Account, m.Partner, at)
	}
	return nil
}

func holds(refs []journal.LineRef, ref journal.LineRef) bool {
	for _, r := range refs {
		if r == ref {
			return true
		}
	}
	return false
}

// operations checks every operation record decodes with a fingerprint.
func (c *checker) operations() error {
	return c.t.st.Scan(bOp, nil, nil, false, func(k, v []byte) error {
		where := func() string { return fmt.Sprintf("operation record %x", k) }
		var r opRec
		switch err := decode(v, &r); {
		case len(k) != 16:
			c.add(2, where(), "is not keyed by an operation id")
		case err != nil:
			c.add(2, where(), "does not decode: %v", err)
		case len(r.Fingerprint) == 0 || r.At == 0:
			c.add(2, where(), "has no fingerprint or no time")
		}
		return nil
	})
}

// events checks every event log: numbered 1..n per subject, each event
// decoding with a kind.
func (c *checker) events() error {
	var subject []byte
	var last uint64
	return c.t.st.Scan(bEvent, nil, nil, false, func(k, v []byte) error {
		if len(k) != 24 {
			c.add(2, fmt.Sprintf("event %x", k), "is not keyed by a subject and a number")
			return nil
		}
		where := func() string { return describeRecord(bEvent, k) }
		n := binary.BigEndian.Uint64(k[16:])
		if !bytes.Equal(k[:16], subject) {
			subject, last = append(subject[:0], k[:16]...), 0
		}
		if n != last+1 {
			c.add(2, where(), "follows event %d: the log of %x has a gap", last, k[:16])
		}
		last = n
		var r eventRec
		if err := decode(v, &r); err != nil {
			c.add(2, where(), "does not decode: %v", err)
		} else if r.Kind == "" {
			c.add(2, where(), "has no kind")
		}
		return nil
	})
}
