package ledger

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// The index pass: after the walks from the records to the indexes, every
// index must hold no key they did not look up.

// numbering checks, after the walk of the log, that each journal's numbers
// in each fiscal year are 1..n with its counter at n, that the posting
// sequence is 1..n, and that every journal's head is its last entry's hash.
//
// The walk proved every number within 1..counter, and the number index
// proved them distinct (a second entry with a number finds the key taken
// by the first): count = counter then leaves no gap.
func (c *checker) numbering() error {
	for _, n := range c.log.numbers {
		if n.count != n.counter {
			c.add(4, "numbering "+n.name, "counter is %d for %d entries", n.counter, n.count)
		}
	}
	prefix := []byte("num\x00")
	err := c.t.st.Scan(bCounter, prefix, prefixEnd(prefix), false, func(k, v []byte) error {
		if _, seen := c.log.numbers[string(k)]; !seen && (len(v) != 8 || binary.BigEndian.Uint64(v) != 0) {
			c.add(4, fmt.Sprintf("numbering counter %q", k[len(prefix):]), "is %x for no entry", v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if ctr, err := c.t.counter(ctrSeq); err != nil {
		return err
	} else if ctr != c.log.seq || ctr != c.log.entries {
		c.add(2, "posting sequence", "counter is %d for %d entries, the last numbered %d", ctr, c.log.entries, c.log.seq)
	}
	// A book that keeps the greatest id in the log must keep it exactly: a
	// lower one would let an id already posted pass for new.
	if v, err := c.t.st.Get(bCounter, []byte(ctrIDTop)); err == nil && len(v) == len(journal.NoID) && journal.ID(v) != c.log.idTop {
		c.add(2, "entry ids", "the greatest id in the log is %s, its counter says %s", c.log.idTop, journal.ID(v))
	} else if errors.Is(err, store.ErrNotFound) {
		c.add(2, "entry ids", "the counter of the greatest id in the log is missing")
	} else if err != nil {
		return err
	}
	if !c.log.overflow && !c.log.total.IsZero() {
		c.add(2, "book", "lines sum to %s, not zero", c.log.total)
	}
	return c.log.chains.heads(c.t.st, func(ve *VerifyError) error {
		c.add(3, "journal "+ve.Journal, "%s", ve.Reason)
		return nil
	})
}

// strayIndex is an index whose every key a record must explain.
type strayIndex struct {
	bucket []byte
	inv    int
	// explain returns why key k (value v) is not one a record gives, or ""
	// when it is.
	explain func(k, v []byte) (string, error)
	// invOf, when set, gives the invariant of a stray key instead of inv.
	invOf func(k []byte) int
}

// strayKeys counts the keys of each index and, when one holds more than the
// records explained, names each key no record explains.
func (c *checker) strayKeys() error {
	for _, ix := range []strayIndex{
		{bEntry, 2, c.explainEntryID, nil},
		{ixNumber, 2, c.explainNumber, nil},
		{ixLines, 2, c.explainLineKey(ixLines), nil},
		{ixPLines, 2, c.explainLineKey(ixPLines), nil},
		{ixOrigin, 2, c.explainByID(ixOrigin), nil},
		{ixDocument, 2, c.explainByID(ixDocument), nil},
		{bReversed, 3, c.explainReversed, nil},
		{ixLine, 5, c.explainLineState, nil},
		{ixOpen, 5, c.explainOpen, nil},
		{ixCode, 7, c.explainCode, nil},
	} {
		if err := c.strays(ix); err != nil {
			return err
		}
	}
	return nil
}

func (c *checker) strays(ix strayIndex) error {
	k := c.tally(ix.bucket)
	var n uint64
	var sum pairSum
	err := c.scanIndex(ix.bucket, true, func(key, v []byte) error {
		n++
		if !c.lookup {
			c.sum(&sum, key, v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !c.lookup {
		if n != k.expected || sum != k.sum {
			c.suspect = true
		}
		return nil
	}
	if n <= k.expected-k.missing {
		return nil
	}
	return c.scanIndex(ix.bucket, false, func(key, v []byte) error {
		if err := c.ctx.Err(); err != nil {
			return err
		}
		why, err := ix.explain(key, v)
		if err != nil {
			return err
		}
		if why != "" {
			inv := ix.inv
			if ix.invOf != nil {
				inv = ix.invOf(key)
			}
			c.add(inv, fmt.Sprintf("%s key %x", indexName(ix.bucket), key), "stray key: %s", why)
		}
		return nil
	})
}

// scanIndex calls fn with every key of an index and its value. A line
// index is read by logical key (its blocks expanded, each line with an
// empty value), the number index too (each number with its sequence), and
// when first is set their blocks are checked: each must decode, and its
// keys must sort before the next stored key, or a lookup would not find
// them. A damaged block is reported in lookup mode and
// makes the digest pass suspect otherwise.
func (c *checker) scanIndex(bucket []byte, first bool, fn func(k, v []byte) error) error {
	expand := func(k, v []byte, fn func(lk, v []byte) error) error {
		return expandLineBlock(k, v, func(lk []byte) error { return fn(lk, nil) })
	}
	switch {
	case string(bucket) == string(bEntry):
		// Ids stored alone, then the runs, each id with its sequence.
		if err := c.t.st.Scan(bEntry, nil, nil, false, fn); err != nil {
			return err
		}
		bucket = bEntryRun
		expand = func(k, v []byte, fn func(lk, v []byte) error) error {
			return expandEntryRun(k, v, func(id []byte, seq uint64) error { return fn(id, seqKey(seq)) })
		}
	case string(bucket) == string(ixNumber):
		expand = func(k, v []byte, fn func(lk, v []byte) error) error {
			return expandNumberRun(k, v, func(lk []byte, seq uint64) error { return fn(lk, seqKey(seq)) })
		}
	case !isLineIndex(bucket):
		return c.t.st.Scan(bucket, nil, nil, false, fn)
	}
	var last []byte
	started := false
	damaged := func(k []byte, format string, args ...any) {
		if !first {
			return
		}
		if !c.lookup {
			c.suspect = true
			return
		}
		c.add(2, fmt.Sprintf("%s key %x", indexName(bucket), k), format, args...)
	}
	return c.t.st.Scan(bucket, nil, nil, false, func(k, v []byte) error {
		if started && bytes.Compare(last, k) >= 0 {
			damaged(k, "the block before it holds keys up to %x, past this key", last)
		}
		err := expand(k, v, func(lk, lv []byte) error {
			started, last = true, append(last[:0], lk...)
			return fn(lk, lv)
		})
		if errors.Is(err, ErrFormat) {
			damaged(k, "its block does not decode: %v", err)
			return nil
		}
		return err
	})
}

// explainByEntry reports whether entry e gives key k with value v in
// bucket.
func (c *checker) explainByEntry(bucket, k, v []byte, e *journal.Entry) (string, error) {
	fy, err := c.t.FiscalYear(e.Date)
	if err != nil {
		return "its entry " + e.Name() + " has no fiscal year", nil
	}
	c.scratch.reconcilable = c.scratch.reconcilable[:0]
	for i := range e.Lines {
		a, err := c.account(e.Lines[i].Account)
		if err != nil || a == nil {
			return "its entry " + e.Name() + " has an unknown account", err
		}
		c.scratch.reconcilable = append(c.scratch.reconcilable, a.Reconcilable)
	}
	puts, err := indexPuts(c.scratch.puts[:0], e, fy.Start, c.scratch.reconcilable, c.scratch.aggs, nil)
	c.scratch.aggs.reset()
	c.scratch.puts = puts
	if err != nil {
		return err.Error(), nil
	}
	for _, p := range puts {
		if bytes.Equal(p.b, bucket) && bytes.Equal(p.k, k) {
			if bytes.Equal(p.v, v) {
				return "", nil
			}
			return "its value is not the one " + e.Name() + " gives", nil
		}
	}
	return "entry " + e.Name() + " gives no such key", nil
}

func (c *checker) explainEntryID(k, v []byte) (string, error) {
	if len(k) != 16 || len(v) != 8 {
		return "malformed", nil
	}
	e, found, err := c.entryAt(v)
	if err != nil || !found {
		return fmt.Sprintf("the log has no entry at sequence %x", v), err
	}
	if e.ID != journal.ID(k) {
		return fmt.Sprintf("the log holds entry %s at sequence %x", e.ID, v), nil
	}
	return "", nil
}

func (c *checker) explainNumber(k, v []byte) (string, error) {
	e, found, err := c.entryAt(v)
	if err != nil || !found {
		return fmt.Sprintf("the log has no entry at sequence %x", v), err
	}
	return c.explainByEntry(ixNumber, k, v, &e)
}

// explainLineKey returns the explanation of a key of a line index (bucket
// ixLines or ixPLines): both end with the line's date, posting sequence and
// index.
func (c *checker) explainLineKey(bucket []byte) func(k, v []byte) (string, error) {
	return func(k, v []byte) (string, error) {
		if len(k) < lineKeyTail {
			return "malformed", nil
		}
		seq, _ := linePos(k[len(k)-linePosSize:])
		e, found, err := c.entryAt(seqKey(seq))
		if err != nil || !found {
			return fmt.Sprintf("the log has no entry at sequence %d", seq), err
		}
		return c.explainByEntry(bucket, k, v, &e)
	}
}

// explainByID explains a key of an index keyed by an id (an origin, a
// document) then the entry that names it.
func (c *checker) explainByID(bucket []byte) func(k, v []byte) (string, error) {
	return func(k, v []byte) (string, error) {
		if len(k) != 32 {
			return "malformed", nil
		}
		e, found, err := c.entry(journal.ID(k[16:]))
		if err != nil || !found {
			return fmt.Sprintf("it names entry %x, which is not posted", k[16:]), err
		}
		return c.explainByEntry(bucket, k, v, &e)
	}
}

func (c *checker) explainReversed(k, v []byte) (string, error) {
	if len(k) != 16 || len(v) != 16 {
		return "malformed", nil
	}
	rev, found, err := c.entry(journal.ID(v))
	if err != nil || !found {
		return fmt.Sprintf("its reversal %x is not posted", v), err
	}
	if rev.ReversalOf != journal.ID(k) {
		return fmt.Sprintf("%s does not reverse %x", rev.Name(), k), nil
	}
	return "", nil
}

// explainLineState explains a key of the line-state index: it must name
// a line of a reconcilable account, under that line's account and
// partner. What its value says is checked with the line (lineResidual).
func (c *checker) explainLineState(k, v []byte) (string, error) {
	e, idx, why, err := c.stateLine(k)
	if e == nil {
		return why, err
	}
	a, err := c.account(e.Lines[idx].Account)
	if err != nil || a == nil || !a.Reconcilable {
		return fmt.Sprintf("line %s is not on a reconcilable account", e.LineRef(idx)), err
	}
	return "", nil
}

// stateLine returns the line a line state key names (lineStateKey), or
// why the key names none: no such line in the log, or a line whose account
// and partner are not the key's.
func (c *checker) stateLine(k []byte) (*journal.Entry, int, string, error) {
	seq, idx, ok := lineStateAt(k)
	if !ok {
		return nil, 0, "malformed", nil
	}
	e, found, err := c.entryAt(seqKey(seq))
	if err != nil || !found || idx >= len(e.Lines) {
		return nil, 0, fmt.Sprintf("the log has no line %d at sequence %d", idx, seq), err
	}
	if !bytes.Equal(k, lineStateKey(&e, idx)) {
		l := &e.Lines[idx]
		return nil, 0, fmt.Sprintf("line %s:%d is on %s %s", e.Name(), idx, l.Account, l.Partner), nil
	}
	return &e, idx, "", nil
}

func (c *checker) explainOpen(k, v []byte) (string, error) {
	seq, idx, ok := openKeyPos(k)
	if !ok {
		return "malformed", nil
	}
	e, found, err := c.entryAt(seqKey(seq))
	if err != nil || !found || idx >= len(e.Lines) {
		return fmt.Sprintf("the log has no line %d at sequence %d", idx, seq), err
	}
	l := &e.Lines[idx]
	if !bytes.Equal(k, openKey(l.Account, l.Partner, e.Date, e.Seq, idx)) {
		return fmt.Sprintf("line %s:%d is on %s %s on %s", e.Name(), idx, l.Account, l.Partner, e.Date), nil
	}
	a, err := c.account(l.Account)
	if err != nil || a == nil || !a.Reconcilable {
		return fmt.Sprintf("line %s:%d is not on a reconcilable account", e.Name(), idx), err
	}
	r, err := c.residual(&e, idx)
	if err != nil {
		return "", err
	}
	if r.IsZero() {
		return fmt.Sprintf("line %s:%d is at zero residual", e.Name(), idx), nil
	}
	return "", nil
}

func (c *checker) explainCode(k, v []byte) (string, error) {
	if len(v) != 16 {
		return "malformed", nil
	}
	m, found, err := c.match(v)
	switch {
	case err != nil:
		return "", err
	case !found:
		parts := bytes.SplitN(k, []byte{0}, 3)
		if len(parts) != 3 {
			return "malformed", nil
		}
		return fmt.Sprintf("code %s on %s %s is reserved for match %x, which does not exist", parts[2], parts[0], parts[1], v), nil
	case !bytes.Equal(k, codeKey(m.Account, m.Partner, m.Code)):
		return fmt.Sprintf("match %s holds code %s on %s %s", m.ID, m.Code, m.Account, m.Partner), nil
	}
	return "", nil
}
