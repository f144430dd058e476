package ledger

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// The walk of the log: each entry once, in posting order, against the
// indexes it must have.

// logTally is what the walk of the log keeps: a few numbers, a count per
// journal and fiscal year, a hash per journal.
type logTally struct {
	seq      uint64     // the last sequence number seen
	idTop    journal.ID // the greatest entry id seen
	entries  uint64
	total    currency.Amount
	overflow bool
	numbers  map[string]*numberTally // number counter name → tally
	chains   *journalChains
	aggs     *aggSet // the lines' sums, while there are few (sumLines)
}

// numberTally counts the entries of one journal in one fiscal year.
type numberTally struct {
	name    string // "VT 2026", for problems
	counter uint64 // the stored counter
	count   uint64
	beyond  bool // a number beyond the counter was reported
}

func newLogTally(company currency.Currency) logTally {
	return logTally{total: currency.Zero(company), numbers: map[string]*numberTally{}, chains: newJournalChains(nil),
		aggs: newAggSet(company)}
}

// scratch is reused from entry to entry.
type scratch struct {
	puts         []put
	aggs         *aggSet
	reconcilable []bool
	open         []bool // per line of the entry: reconcilable with a residual
	pair         []byte // a key-value pair to hash
	agg          []byte // an aggregate's value (appendAggValue)
	counter      []byte // a letter-code counter's key
}

func (c *checker) walkLog() error {
	if _, err := c.logReader(); err != nil {
		return err
	}
	return c.t.st.Scan(bLog, nil, nil, false, func(k, v []byte) error {
		if err := c.ctx.Err(); err != nil {
			return err
		}
		return c.logRecord(k, v)
	})
}

// logRecord checks one log record. It returns an error only when the store
// fails.
func (c *checker) logRecord(k, v []byte) error {
	c.log.entries++
	c.scratch.open = c.scratch.open[:0]
	where := fmt.Sprintf("log record %x", k)
	if len(k) != 8 {
		c.add(2, where, "is not keyed by a sequence number")
		return nil
	}
	seq := u64From(k)
	if seq != c.log.seq+1 {
		c.add(2, where, "sequence number %d follows %d: a gap or a record out of place", seq, c.log.seq)
	}
	c.log.seq = seq
	id, raw, err := c.logs.open(k, v)
	if err != nil {
		c.add(1, where, "%v", err)
		return nil
	}
	if bytes.Compare(id[:], c.log.idTop[:]) > 0 {
		c.log.idTop = id
	}
	rec, err := decodeLogRecord(raw)
	if err != nil {
		c.add(1, where, "does not decode: %v", err)
		return nil
	}
	if ve := c.log.chains.link(id, raw, &rec); ve != nil {
		c.add(3, "entry "+journal.FormatNumber(rec.Journal, rec.FiscalYear, rec.Number)+" "+id.String(), "%s", ve.Reason)
	}
	e, err := rec.entry(c.t)
	if err != nil {
		c.add(1, where, "does not decode: %v", err)
		return nil
	}
	where = "entry " + e.Name()
	if id != e.ID || e.Seq != seq {
		c.add(2, where, "logged under another id or sequence number")
	}
	if err := e.Validate(c.company); err != nil {
		c.add(1, where, "%v", err)
	}
	for i, l := range rec.Lines {
		el := e.Lines[i]
		ac := l.AmountCurrency
		if ac == "" && rec.Currency == "" {
			ac = l.Balance // stored once (lineRec.amounts)
		}
		if l.Balance != el.Balance.Plain() || ac != el.AmountCurrency.Plain() {
			c.add(1, where, "line %d amounts are not canonical", i)
		}
		if !c.log.overflow {
			sum, err := c.log.total.Add(el.Balance)
			c.log.total, c.log.overflow = sum, err != nil
			if err != nil {
				c.add(2, "book", "the sum of all lines overflows at %s line %d", e.Name(), i)
			}
		}
	}
	c.sumLines(&e)
	c.closedYear(&e)
	if _, err := c.t.Journal(e.Journal); errors.Is(err, ErrUnknownJournal) {
		c.add(2, where, "its journal %q does not exist", e.Journal)
	} else if err != nil {
		return err
	}
	fy, err := c.t.FiscalYear(e.Date)
	if errors.Is(err, ErrNoFiscalYear) || err == nil && fy.Label != e.FiscalYear {
		c.add(4, where, "fiscal year %q does not match its date %s", e.FiscalYear, e.Date)
		return c.entryRefs(&e)
	} else if err != nil {
		return err
	}
	if err := c.number(&e, fy); err != nil {
		return err
	}
	ok, err := c.lineRefs(&e)
	if err != nil {
		return err
	}
	if ok {
		// An entry whose indexes cannot be computed expects none: its keys
		// show as strays, which the index pass names.
		if err := c.entryIndexes(&e, fy); err != nil {
			return err
		}
		if err := c.lineResiduals(&e); err != nil {
			return err
		}
		if err := c.cashBasisDocument(&e); err != nil {
			return err
		}
	}
	return c.entryRefs(&e)
}

// number tallies the entry's number in its journal and fiscal year.
func (c *checker) number(e *journal.Entry, fy FiscalYear) error {
	name := numberCounter(e.Journal, fy)
	n := c.log.numbers[name]
	if n == nil {
		ctr, err := c.t.counter(name)
		if err != nil {
			return err
		}
		n = &numberTally{name: e.Journal + " " + fy.Label, counter: ctr}
		c.log.numbers[name] = n
	}
	n.count++
	if (e.Number < 1 || uint64(e.Number) > n.counter) && !n.beyond {
		n.beyond = true
		c.add(4, "entry "+e.Name(), "number %d is outside 1..%d, the counter of %s", e.Number, n.counter, n.name)
	}
	return nil
}

// lineRefs checks that every line's account and partner exist and notes
// which lines are reconcilable. It reports false when an account is
// unknown: the entry's indexes cannot be computed.
func (c *checker) lineRefs(e *journal.Entry) (bool, error) {
	c.scratch.reconcilable = c.scratch.reconcilable[:0]
	ok := true
	for i := range e.Lines {
		l := &e.Lines[i]
		a, err := c.account(l.Account)
		if err != nil {
			return false, err
		}
		if a == nil {
			c.add(2, "entry "+e.Name(), "line %d: account %q does not exist", i, l.Account)
			ok = false
		}
		if l.Partner != "" {
			if _, found, err := c.get(bPartner, []byte(l.Partner)); err != nil {
				return false, err
			} else if !found {
				c.add(2, "entry "+e.Name(), "line %d: partner %q does not exist", i, l.Partner)
			}
		}
		c.scratch.reconcilable = append(c.scratch.reconcilable, a != nil && a.Reconcilable)
	}
	return ok, nil
}

// entryIndexes looks up every index key the entry must have — id, number,
// origin, lines by account and by partner — and compares the values with
// what the entry gives. Open items depend on the lettering: lineResiduals
// checks them.
func (c *checker) entryIndexes(e *journal.Entry, fy FiscalYear) error {
	puts, err := indexPuts(c.scratch.puts[:0], e, fy.Start, c.scratch.reconcilable, c.scratch.aggs, nil)
	c.scratch.aggs.reset()
	c.scratch.puts = puts
	if err != nil {
		c.add(2, "entry "+e.Name(), "%v", err)
		return nil
	}
	for _, p := range puts {
		if bytes.Equal(p.b, ixOpen) {
			continue
		}
		v, found, err := c.expect(p.b, p.k, p.v)
		switch {
		case err != nil:
			return err
		case !found:
			c.add(2, "entry "+e.Name(), "the %s has no key for it (%x)", indexName(p.b), p.k)
		case !bytes.Equal(v, p.v):
			if err := c.wrongIndexValue(e, p, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// wrongIndexValue reports an index key of entry e whose value is not the
// one e gives.
func (c *checker) wrongIndexValue(e *journal.Entry, p put, got []byte) error {
	where := "entry " + e.Name()
	switch string(p.b) {
	case string(ixNumber):
		other, found, err := c.entryAt(got)
		if err != nil {
			return err
		}
		if found && other.Journal == e.Journal && other.FiscalYear == e.FiscalYear && other.Number == e.Number {
			c.add(4, where, "number %d is also held by entry %s (duplicate)", e.Number, other.ID)
		} else {
			c.add(2, where, "the number index gives its number to %x", got)
		}
	default:
		c.add(2, where, "the %s holds %x for it, the log gives %x", indexName(p.b), got, p.v)
	}
	return nil
}

// indexName names an index bucket for a person.
func indexName(b []byte) string {
	switch string(b) {
	case string(bEntry):
		return "id index"
	case string(bEntryRun):
		return "id index run"
	case string(ixNumber):
		return "number index"
	case string(ixLines):
		return "line index"
	case string(ixPLines):
		return "partner line index"
	case string(ixOrigin):
		return "origin index"
	case string(ixDocument):
		return "document index"
	case string(ixOpen):
		return "open-items index"
	case string(ixLine):
		return "line-state index"
	case string(ixCode):
		return "letter-code index"
	case string(bReversed):
		return "reversal index"
	case string(ixAgg), string(ixAggDay):
		return "aggregate index"
	case string(ixAggYears):
		return "aggregate years index"
	}
	return string(b) + " index"
}

// lineResiduals checks each reconcilable line of e: its stored residual
// (its balance minus its live partials, never past zero), and the
// open-items index (open exactly when the residual is not zero).
func (c *checker) lineResiduals(e *journal.Entry) error {
	c.scratch.open = c.scratch.open[:0]
	for i := range e.Lines {
		if !c.scratch.reconcilable[i] {
			c.scratch.open = append(c.scratch.open, false)
			continue
		}
		r, err := c.lineResidual(e, i)
		if err != nil {
			return err
		}
		open := !r.IsZero()
		c.scratch.open = append(c.scratch.open, open)
		l := &e.Lines[i]
		k := openKey(l.Account, l.Partner, e.Date, e.Seq, i)
		var found bool
		var v []byte
		switch {
		case open:
			// The book writes no value: in lookup mode one read back
			// explains why the index's digest differs (in digest mode v
			// is the nil expected, at no cost).
			v, found, err = c.expect(ixOpen, k, nil)
		case c.lookup:
			// The digest of the index shows a key that should not be
			// there: only a lookup needs to look.
			_, found, err = c.get(ixOpen, k)
		}
		if err != nil {
			return err
		}
		if found != open {
			c.add(5, fmt.Sprintf("line %s of %s", e.LineRef(i), e.Name()), "the open-items index says open=%v for residual %s / %s",
				found, r.Balance, r.AmountCurrency)
		} else if open && len(v) != 0 {
			c.add(5, fmt.Sprintf("line %s of %s", e.LineRef(i), e.Name()), "the open-items index holds %q for it, where the book writes no value",
				v)
		}
	}
	return nil
}

// lineResidual checks the stored state of reconcilable line i of e, if
// any: its residual against its balance and the live partials it lists,
// each of which must be live and touch the line, and its match, which must
// be live and hold the line. It returns the residual (the line's own
// amounts when none is stored).
func (c *checker) lineResidual(e *journal.Entry, i int) (Residual, error) {
	l := &e.Lines[i]
	ref := e.LineRef(i)
	where := func() string { return fmt.Sprintf("line %s of %s", ref, e.Name()) }
	full := Residual{Balance: l.Balance, AmountCurrency: l.AmountCurrency}
	k := lineStateKey(e, i)
	v, stored, err := c.get(ixLine, k)
	if err != nil || !stored {
		return full, err
	}
	c.counted(ixLine, k, v)
	st, err := readLineState(v, c.company, l.AmountCurrency.Currency())
	if err != nil {
		c.add(5, where(), "the stored residual does not decode: %v", err)
		return full, nil
	}
	r := st.residual
	if r.Balance.Sign()*l.Balance.Sign() < 0 || r.AmountCurrency.Sign()*l.AmountCurrency.Sign() < 0 ||
		l.Balance.IsZero() && !r.Balance.IsZero() || l.AmountCurrency.IsZero() && !r.AmountCurrency.IsZero() {
		c.add(5, where(), "residual %s / %s has flipped sign", r.Balance, r.AmountCurrency)
	}
	want, err := c.residualFromPartials(where, ref, full, st.live)
	if err != nil {
		return r, err
	}
	if want != nil && (!r.Balance.Equal(want.Balance) || !r.AmountCurrency.Equal(want.AmountCurrency)) {
		c.add(5, where(), "stored residual %s / %s, balance minus live partials gives %s / %s",
			r.Balance, r.AmountCurrency, want.Balance, want.AmountCurrency)
	}
	return r, c.lineMatch(where, ref, st.match)
}

// lineMatch checks the match a line's state holds it in, if any: a live
// match that holds the line.
func (c *checker) lineMatch(where func() string, ref journal.LineRef, id journal.ID) error {
	if id == journal.NoID {
		return nil
	}
	m, found, err := c.match(id[:])
	switch {
	case err != nil:
		return err
	case !found:
		c.add(7, where(), "the line-state index holds it in match %s, which does not exist", id)
	case !m.Live():
		c.add(7, where(), "the line-state index holds it in match %s, which is undone", id)
	case !holds(m.Lines, ref):
		c.add(7, where(), "the line-state index holds it in match %s, which does not hold it", id)
	}
	return nil
}

// residualFromPartials returns a line's amounts minus the live partials its
// state lists, or nil when one is not a live partial of the line (each
// named) or cannot be read (reported by the partial pass).
func (c *checker) residualFromPartials(where func() string, ref journal.LineRef, full Residual, live []journal.ID) (*Residual, error) {
	r := full
	ok := true
	for _, id := range live {
		p, found, err := c.partial(id[:])
		if err != nil {
			return nil, err
		}
		var b, cur currency.Amount
		switch {
		case !found:
			c.add(5, where(), "the line-state index lists partial %s, which does not exist", id)
			ok = false
			continue
		case !p.Live():
			c.add(5, where(), "the line-state index lists partial %s, which is undone", id)
			ok = false
			continue
		case ref == p.Debit:
			b, cur = p.Amount, p.DebitAmountCurrency
		case ref == p.Credit:
			b, cur = p.Amount.Neg(), p.CreditAmountCurrency.Neg()
		default:
			c.add(5, where(), "the line-state index lists partial %s, which does not touch it", id)
			ok = false
			continue
		}
		nb, err1 := r.Balance.Sub(b)
		nc, err2 := r.AmountCurrency.Sub(cur)
		if err1 != nil || err2 != nil {
			ok = false // the partial pass reports the currencies
			continue
		}
		r = Residual{Balance: nb, AmountCurrency: nc}
	}
	if !ok {
		return nil, nil
	}
	return &r, nil
}

// entryRefs checks what entry e says of other records: the entry it
// reverses and the origin it was generated by.
func (c *checker) entryRefs(e *journal.Entry) error {
	where := "entry " + e.Name()
	if e.IsReversal() {
		v, found, err := c.expect(bReversed, e.ReversalOf[:], e.ID[:])
		switch {
		case err != nil:
			return err
		case !found:
			c.add(3, where, "the reversal index does not link its original to it")
		case !bytes.Equal(v, e.ID[:]):
			c.add(3, where, "the reversal index links its original to %x", v)
		}
		orig, found, err := c.entry(e.ReversalOf)
		switch {
		case err != nil:
			return err
		case !found:
			c.add(3, where, "reverses missing entry %s", e.ReversalOf)
		case orig.IsReversal():
			c.add(3, where, "reverses a reversal")
		case orig.Seq >= e.Seq:
			c.add(3, where, "reverses %s, posted after it", orig.Name())
		case !mirrors(&orig, e):
			c.add(3, where, "does not mirror %s", orig.Name())
		}
		return nil
	}
	if e.Origin == journal.NoID {
		return nil
	}
	p, found, err := c.partial(e.Origin[:])
	if err != nil {
		return err
	}
	if !found {
		if _, op, err := c.get(bOp, e.Origin[:]); err != nil {
			return err
		} else if !op {
			c.add(8, where, "its origin %s is neither a partial nor an operation", e.Origin)
		}
		return nil
	}
	if p.Live() {
		return nil
	}
	if _, reversed, err := c.get(bReversed, e.ID[:]); err != nil {
		return err
	} else if !reversed {
		c.add(8, where, "its partial was undone but it is not reversed")
	}
	for i, open := range c.scratch.open {
		if open && i < len(e.Lines) {
			c.add(8, where, "its partial was undone but line %d is still open: letter it with its reversal", i)
		}
	}
	return nil
}

// get reads a key: its value and whether it is there. A key the store
// refuses (empty, too long) is not there. The error is the store's.
func (c *checker) get(bucket, key []byte) ([]byte, bool, error) {
	if string(bucket) == string(ixNumber) {
		seq, found, err := c.t.numberSeqOf(key)
		if errors.Is(err, ErrFormat) {
			return nil, false, nil // the index pass reports the run
		}
		if !found {
			return nil, false, err
		}
		return seqKey(seq), true, err
	}
	if string(bucket) == string(bEntry) && len(key) == len(journal.NoID) {
		v, err := c.t.indexedSeq(journal.ID(key))
		if errors.Is(err, ErrFormat) {
			return nil, false, nil // the index pass reports the run
		}
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrBadKey) {
			return nil, false, nil
		}
		return v, err == nil, err
	}
	if isLineIndex(bucket) {
		found, err := c.t.hasLine(bucket, key)
		if errors.Is(err, ErrFormat) {
			return nil, false, nil // the index pass reports the block
		}
		return nil, found, err
	}
	v, err := c.t.st.Get(bucket, key)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrBadKey) {
		return nil, false, nil
	}
	return v, err == nil, err
}

// cachedEntry is a decoded entry kept for the lookups of the lettering
// passes, which read the same invoices and payments again and again.
type cachedEntry struct {
	e     journal.Entry
	found bool
}

// entry returns the entry of id through the id index and the log, and
// whether it is there (an entry that does not decode is not).
func (c *checker) entry(id journal.ID) (journal.Entry, bool, error) {
	if ce, ok := c.entries[id]; ok {
		return ce.e, ce.found, nil
	}
	e, found, err := c.readEntry(id)
	if err != nil {
		return e, false, err
	}
	if len(c.entries) >= checkCacheMax {
		clear(c.entries)
	}
	c.entries[id] = &cachedEntry{e: e, found: found}
	return e, found, nil
}

func (c *checker) readEntry(id journal.ID) (journal.Entry, bool, error) {
	seq, found, err := c.get(bEntry, id[:])
	if err != nil || !found {
		return journal.Entry{}, false, err
	}
	return c.logged(seq, &id)
}

// entryAt returns the entry logged under sequence seq.
func (c *checker) entryAt(seq []byte) (journal.Entry, bool, error) { return c.logged(seq, nil) }

// logged returns the entry logged under sequence seq, and false when there
// is none, it does not decode or it is not entry want (when want is set).
func (c *checker) logged(seq []byte, want *journal.ID) (journal.Entry, bool, error) {
	v, found, err := c.get(bLog, seq)
	if err != nil || !found {
		return journal.Entry{}, false, err
	}
	logs, err := c.logReader()
	if err != nil {
		return journal.Entry{}, false, err
	}
	rid, raw, err := logs.open(seq, v)
	if err != nil || want != nil && rid != *want {
		return journal.Entry{}, false, nil
	}
	rec, err := decodeLogRecord(raw)
	if err != nil {
		return journal.Entry{}, false, nil
	}
	e, err := rec.entry(c.t)
	return e, err == nil, nil
}

// line returns the entry holding a line, and whether the line exists.
func (c *checker) line(ref journal.LineRef) (journal.Entry, bool, error) {
	e, found, err := c.entry(ref.Entry)
	if err != nil || !found || ref.Index < 0 || ref.Index >= len(e.Lines) {
		return e, false, err
	}
	return e, true, nil
}

// partial reads a partial by id; one that does not decode is not found.
func (c *checker) partial(id []byte) (journal.Partial, bool, error) {
	if len(id) == len(journal.NoID) && inLettering(journal.ID(id)) {
		_, ps, err := letteringOf(c.t.st, journal.ID(id))
		if errors.Is(err, ErrNotFound) || errors.Is(err, ErrFormat) || err == nil && int(id[15]) >= len(ps) {
			return journal.Partial{}, false, nil // the lettering pass names a record that does not read
		} else if err != nil {
			return journal.Partial{}, false, err
		}
		p, err := c.t.decodePartial(id, ps[id[15]])
		return p, err == nil, nil
	}
	v, found, err := c.get(bPartial, id)
	if err != nil || !found {
		return journal.Partial{}, false, err
	}
	p, err := c.t.decodePartial(id, v)
	return p, err == nil, nil
}

// account returns an account, nil when it does not exist or does not
// decode.
func (c *checker) account(code string) (*Account, error) {
	if a, ok := c.accounts[code]; ok {
		return a, nil
	}
	v, found, err := c.get(bAccount, []byte(code))
	if err != nil {
		return nil, err
	}
	var a *Account
	if found {
		if acc, err := c.t.decodeAccount(v); err == nil {
			a = &acc
		}
	}
	if len(c.accounts) >= checkCacheMax {
		clear(c.accounts)
	}
	c.accounts[code] = a
	return a, nil
}

// residual returns a reconcilable line's residual: stored, or its amounts.
func (c *checker) residual(e *journal.Entry, i int) (Residual, error) {
	st, found, err := c.lineState(e, i)
	if err != nil || !found {
		return Residual{Balance: e.Lines[i].Balance, AmountCurrency: e.Lines[i].AmountCurrency}, err
	}
	return st.residual, nil
}

// lineState reads the stored state of line i of e; false when none is
// stored or it does not decode (the residual pass names it).
func (c *checker) lineState(e *journal.Entry, i int) (lineState, bool, error) {
	v, found, err := c.get(ixLine, lineStateKey(e, i))
	if err != nil || !found {
		return lineState{}, false, err
	}
	st, err := readLineState(v, c.company, e.Lines[i].AmountCurrency.Currency())
	return st, err == nil, nil
}

// logReader returns the reader of the log's values, its dictionary read
// from the store on first use: one that cannot be read is a problem, and
// the compressed records it leaves unreadable are reported one by one.
func (c *checker) logReader() (*logReader, error) {
	if c.logs != nil {
		return c.logs, nil
	}
	logs, err := storedLogReader(c.t.ct.Tx)
	if err != nil && !errors.Is(err, ErrFormat) {
		return nil, err
	} else if err != nil {
		c.add(1, "log", "%v", err)
	}
	c.logs = logs
	return logs, nil
}
