package ledger

import (
	"bytes"
	"context"
	"fmt"
	"sort"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// Check verifies every stored-state invariant of DESIGN §7 over the whole
// book and returns a *CheckError listing every problem found, or nil:
//
//  1. every entry balances and its amounts are canonical;
//  2. all lines sum to zero; the indexes and year, month and day aggregates agree with the
//     entries;
//  3. every entry's hash verifies and chains; every reversal mirrors its
//     original;
//  4. entry numbers per journal and fiscal year are 1..n;
//  5. every reconcilable line's residual is its balance minus its live
//     partials, with the balance's sign or zero;
//  6. every partial links a debit and a credit line of one account (and one
//     partner on receivable/payable accounts);
//  7. every live match's lines are at zero residual and its code is unique;
//  8. every generated entry points to an existing partial or operation, and
//     is reversed once that partial is undone.
//
// On a store that can verify its own structure (store.Verifier, which
// boltstore is), Check first has it do so, and returns its error, which
// matches store.ErrCorrupt, before reading the book.
//
// Check reads one consistent snapshot in a single read transaction: a
// chunked walk over several transactions could see a write land between
// chunks and report a false problem. On bbolt a long read transaction delays
// a writer that must grow the file; run Check when the book is quiet.
func (b *Book) Check(ctx context.Context) error {
	// The store's own structure first: a damaged page can hide records
	// from lookups while scans still see them.
	if v, ok := b.st.(store.Verifier); ok {
		if err := v.VerifyStructure(ctx); err != nil {
			return err
		}
	}
	var problems []Problem
	err := b.view(ctx, func(t *Tx) error {
		c := &checker{t: t, company: b.company, aggs: newAggSet(b.company),
			numbers: map[string][]int64{}, residuals: map[string]Residual{}, lines: map[string]lineInfo{}}
		if err := c.run(ctx); err != nil {
			return err
		}
		problems = c.problems
		return nil
	})
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return &CheckError{Problems: problems}
	}
	return nil
}

type lineInfo struct {
	account, partner string
	debit            bool
	date             journal.Date
	seq              uint64
}

type checker struct {
	t        *Tx
	company  currency.Currency
	problems []Problem

	total     currency.Amount
	count     uint64
	aggs      *aggSet
	numbers   map[string][]int64 // number counter name → numbers seen
	residuals map[string]Residual
	lines     map[string]lineInfo // refKey → reconcilable line
	entries   map[journal.ID]journal.Entry
}

func (c *checker) add(inv int, where, format string, args ...any) {
	c.problems = append(c.problems, Problem{Invariant: inv, Where: where, What: fmt.Sprintf(format, args...)})
}

func (c *checker) run(ctx context.Context) error {
	c.total = currency.Zero(c.company)
	c.entries = map[journal.ID]journal.Entry{}
	if err := c.t.st.Scan(bLog, nil, nil, false, func(k, v []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		c.entry(k, v)
		return nil
	}); err != nil {
		return err
	}
	if !c.total.IsZero() {
		c.add(2, "book", "lines sum to %s, not zero", c.total)
	}
	steps := []func() error{c.reversals, c.numbering, c.aggregates, c.indexes, c.chains, c.partials, c.matches, c.generated}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (c *checker) entry(k, v []byte) {
	where := fmt.Sprintf("log record %x", k)
	id, raw, err := splitLogRecord(v)
	if err != nil {
		c.add(1, where, "%v", err)
		return
	}
	rec, err := decodeLogRecord(raw)
	if err != nil {
		c.add(1, where, "does not decode: %v", err)
		return
	}
	e, err := rec.entry(c.t.b)
	if err != nil {
		c.add(1, where, "does not decode: %v", err)
		return
	}
	where = "entry " + e.Name()
	if id != e.ID || !bytes.Equal(k, seqKey(e.Seq)) {
		c.add(2, where, "logged under another id or sequence number")
	}
	if err := e.Validate(c.company); err != nil {
		c.add(1, where, "%v", err)
	}
	for i, l := range rec.Lines {
		el := e.Lines[i]
		if l.Balance != el.Balance.Plain() || l.AmountCurrency != el.AmountCurrency.Plain() {
			c.add(1, where, "line %d amounts are not canonical", i)
		}
	}
	if !recordIntact(raw) {
		c.add(3, where, "content does not match its hash")
	}
	c.count++
	c.entries[e.ID] = e
	fy, err := c.t.FiscalYear(e.Date)
	if err != nil || fy.Label != e.FiscalYear {
		c.add(4, where, "fiscal year %q does not match its date %s", e.FiscalYear, e.Date)
	} else {
		name := numberCounter(e.Journal, fy)
		c.numbers[name] = append(c.numbers[name], e.Number)
	}
	for i := range e.Lines {
		c.line(&e, i)
	}
}

func (c *checker) line(e *journal.Entry, i int) {
	l := &e.Lines[i]
	if sum, err := c.total.Add(l.Balance); err == nil {
		c.total = sum
	} else {
		c.add(2, fmt.Sprintf("entry %s line %d", e.ID, i), "the book-wide sum of balances fails: %v", err)
	}
	if err := c.aggs.addLine(l, e.Date, aggLevels[:]...); err != nil {
		c.add(1, fmt.Sprintf("entry %s line %d", e.ID, i), "%v", err)
	}
	a, err := c.t.Account(l.Account)
	if err != nil {
		c.add(2, "entry "+e.Name(), "line %d: %v", i, err)
		return
	}
	if a.Reconcilable {
		k := string(refKey(e.LineRef(i)))
		c.residuals[k] = Residual{Balance: l.Balance, AmountCurrency: l.AmountCurrency}
		c.lines[k] = lineInfo{account: l.Account, partner: l.Partner, debit: l.IsDebit(), date: e.Date, seq: e.Seq}
	}
}

func (c *checker) reversals() error {
	for _, e := range c.entries {
		if !e.IsReversal() {
			continue
		}
		where := "entry " + e.Name()
		orig, ok := c.entries[e.ReversalOf]
		switch {
		case !ok:
			c.add(3, where, "reverses missing entry %s", e.ReversalOf)
		case orig.IsReversal():
			c.add(3, where, "reverses a reversal")
		case !mirrors(&orig, &e):
			c.add(3, where, "does not mirror %s", orig.Name())
		}
		if v, err := c.t.st.Get(bReversed, e.ReversalOf[:]); err != nil || !bytes.Equal(v, e.ID[:]) {
			c.add(3, where, "the reversal index does not point to it")
		}
	}
	return nil
}

func (c *checker) numbering() error {
	for name, nums := range c.numbers {
		sort.Slice(nums, func(i, j int) bool { return nums[i] < nums[j] })
		for i, n := range nums {
			if n != int64(i+1) {
				c.add(4, fmt.Sprintf("numbering %q", name[4:]), "number %d found where %d was expected (gap or duplicate)", n, i+1)
				break
			}
		}
		if ctr, err := c.t.counter(name); err != nil {
			return err
		} else if ctr != uint64(len(nums)) {
			c.add(4, fmt.Sprintf("numbering %q", name[4:]), "counter is %d for %d entries", ctr, len(nums))
		}
	}
	if ctr, err := c.t.counter(ctrSeq); err != nil {
		return err
	} else if ctr != c.count {
		c.add(2, "posting sequence", "counter is %d for %d entries", ctr, c.count)
	}
	return nil
}

func (c *checker) aggregates() error {
	seen := 0
	check := func(k, v []byte) {
		seen++
		where := fmt.Sprintf("aggregate %q", k)
		want, ok := c.aggs.m[string(k)]
		if !ok {
			c.add(2, where, "no line contributes to it")
			return
		}
		cur, err := c.t.b.aggCurrency(k)
		if err != nil {
			c.add(2, where, "%v", err)
			return
		}
		got, err := decodeAgg(v, c.company, cur)
		if err != nil || !got.debit.Equal(want.debit) || !got.credit.Equal(want.credit) ||
			want.amountCurrency.IsSet() && !got.amountCurrency.Equal(want.amountCurrency) {
			c.add(2, where, "stored %s/%s, lines give %s/%s", got.debit, got.credit, want.debit, want.credit)
		}
	}
	err := c.t.st.Scan(ixAgg, nil, nil, false, func(k, v []byte) error {
		if _, _, _, level, _, err := splitAggKey(k); err != nil || level == aggDay {
			c.add(2, fmt.Sprintf("aggregate %q", k), "not a year or month aggregate")
			return nil
		}
		check(k, v)
		return nil
	})
	if err != nil {
		return err
	}
	err = c.t.st.Scan(ixAggDay, nil, nil, false, func(k, v []byte) error {
		ak, err := aggKeyOfDay(k)
		if err != nil {
			c.add(2, fmt.Sprintf("day aggregate %q", k), "%v", err)
			return nil
		}
		check(ak, v)
		return nil
	})
	if seen != len(c.aggs.m) {
		c.add(2, "aggregates", "%d stored for %d expected", seen, len(c.aggs.m))
	}
	return err
}

// indexes checks that each index has exactly one key per entry or line.
func (c *checker) indexes() error {
	want := map[string]int{string(bEntry): len(c.entries), string(ixNumber): len(c.entries)}
	lines, plines, generated := 0, 0, 0
	for _, e := range c.entries {
		if e.Origin != journal.NoID {
			generated++
			if _, err := c.t.st.Get(ixOrigin, originKey(e.Origin, e.ID)); err != nil {
				c.add(2, "entry "+e.Name(), "the origin index does not list it")
			}
		}
		for _, l := range e.Lines {
			lines++
			if l.Partner != "" {
				plines++
			}
		}
		if v, err := c.t.st.Get(bEntry, e.ID[:]); err != nil || !bytes.Equal(v, seqKey(e.Seq)) {
			c.add(2, "entry "+e.Name(), "the id index does not point to its log record")
		}
	}
	want[string(ixLines)], want[string(ixPLines)], want[string(ixOrigin)] = lines, plines, generated
	for _, ix := range [][]byte{bEntry, ixNumber, ixLines, ixPLines, ixOrigin} {
		n := 0
		if err := c.t.st.Scan(ix, nil, nil, false, func(k, v []byte) error { n++; return nil }); err != nil {
			return err
		}
		if n != want[string(ix)] {
			c.add(2, "index "+string(ix), "%d keys for %d expected", n, want[string(ix)])
		}
	}
	return nil
}

func (c *checker) chains() error {
	return c.t.verifyChains(func(ve *VerifyError) error {
		c.add(3, "journal "+ve.Journal, "%s", ve.Error())
		return nil
	})
}

func (c *checker) partials() error {
	live := map[string]bool{}
	err := c.t.st.Scan(bPartial, nil, nil, false, func(k, v []byte) error {
		where := fmt.Sprintf("partial %x", k)
		var rec partialRec
		if err := decode(v, &rec); err != nil {
			c.add(6, where, "does not decode: %v", err)
			return nil
		}
		p, err := rec.partial(c.t.b)
		if err != nil {
			c.add(6, where, "does not decode: %v", err)
			return nil
		}
		d, dok := c.lines[string(refKey(p.Debit))]
		cr, cok := c.lines[string(refKey(p.Credit))]
		switch {
		case !dok || !cok:
			c.add(6, where, "links a line that is not a posted reconcilable line")
			return nil
		case d.account != cr.account:
			c.add(6, where, "links lines of accounts %s and %s", d.account, cr.account)
		case !d.debit || cr.debit:
			c.add(6, where, "does not link a debit line to a credit line")
		}
		if a, err := c.t.Account(d.account); err == nil && a.Kind.NeedsPartner() && d.partner != cr.partner {
			c.add(6, where, "links partners %s and %s on %s", d.partner, cr.partner, d.account)
		}
		if !p.Live() {
			return nil
		}
		for _, side := range []struct {
			ref      journal.LineRef
			bal, cur currency.Amount
		}{{p.Debit, p.Amount, p.DebitAmountCurrency}, {p.Credit, p.Amount.Neg(), p.CreditAmountCurrency.Neg()}} {
			k := string(refKey(side.ref))
			r := c.residuals[k]
			nb, err1 := r.Balance.Sub(side.bal)
			nc, err2 := r.AmountCurrency.Sub(side.cur)
			if err1 != nil || err2 != nil {
				c.add(6, where, "amounts in the wrong currency")
				continue
			}
			c.residuals[k] = Residual{Balance: nb, AmountCurrency: nc}
			live[string(livePartialKey(side.ref, p.ID))] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	n := 0
	if err := c.t.st.Scan(ixLivePart, nil, nil, false, func(k, v []byte) error {
		n++
		if !live[string(k)] {
			c.add(5, fmt.Sprintf("live-partial index %x", k), "names a partial that is not live")
		}
		return nil
	}); err != nil {
		return err
	}
	if n != len(live) {
		c.add(5, "live-partial index", "%d keys for %d live partial sides", n, len(live))
	}
	return c.residualIndex()
}

// residualIndex compares the computed residuals with the stored ones and
// the open-items index.
func (c *checker) residualIndex() error {
	for k, want := range c.residuals {
		ref, _ := refFrom([]byte(k))
		info := c.lines[k]
		where := "line " + ref.String()
		e := c.entries[ref.Entry]
		bal := e.Lines[ref.Index]
		if want.Balance.Sign()*bal.Balance.Sign() < 0 || want.AmountCurrency.Sign()*bal.AmountCurrency.Sign() < 0 ||
			bal.Balance.IsZero() && !want.Balance.IsZero() || bal.AmountCurrency.IsZero() && !want.AmountCurrency.IsZero() {
			c.add(5, where, "residual %s / %s has flipped sign", want.Balance, want.AmountCurrency)
		}
		got, err := c.t.residualOf(&e, ref.Index)
		if err != nil || !got.Balance.Equal(want.Balance) || !got.AmountCurrency.Equal(want.AmountCurrency) {
			c.add(5, where, "stored residual %s / %s, balance minus live partials gives %s / %s",
				got.Balance, got.AmountCurrency, want.Balance, want.AmountCurrency)
		}
		_, err = c.t.st.Get(ixOpen, openKey(info.account, info.partner, info.date, info.seq, ref.Index))
		if open := err == nil; open == want.IsZero() {
			c.add(5, where, "open-items index says open=%v for residual %s / %s", open, want.Balance, want.AmountCurrency)
		}
	}
	// Only lines a partial touched have a stored residual; there must be
	// none for another line.
	return c.t.st.Scan(ixResidual, nil, nil, false, func(k, v []byte) error {
		if _, ok := c.residuals[string(k)]; !ok {
			c.add(5, "residual index", "a residual is stored for %x, not a reconcilable line", k)
		}
		return nil
	})
}

func (c *checker) matches() error {
	return c.t.st.Scan(bMatch, nil, nil, false, func(k, v []byte) error {
		where := fmt.Sprintf("match %x", k)
		var rec matchRec
		if err := decode(v, &rec); err != nil {
			c.add(7, where, "does not decode: %v", err)
			return nil
		}
		m, err := rec.match()
		if err != nil {
			c.add(7, where, "does not decode: %v", err)
			return nil
		}
		where = fmt.Sprintf("match %s on %s %s", m.Code, m.Account, m.Partner)
		if id, err := c.t.st.Get(ixCode, codeKey(m.Account, m.Partner, m.Code)); err != nil || !bytes.Equal(id, m.ID[:]) {
			c.add(7, where, "its code is not reserved for it (duplicate code?)")
		}
		if !m.Live() {
			return nil
		}
		for _, ref := range m.Lines {
			if r, ok := c.residuals[string(refKey(ref))]; !ok || !r.IsZero() {
				c.add(7, where, "line %s has residual %s", ref, r.Balance)
			}
			if id, err := c.t.st.Get(ixMatched, refKey(ref)); err != nil || !bytes.Equal(id, m.ID[:]) {
				c.add(7, where, "line %s is not indexed as matched", ref)
			}
		}
		return nil
	})
}

func (c *checker) generated() error {
	for _, e := range c.entries {
		if e.Origin == journal.NoID || e.IsReversal() {
			continue
		}
		where := "entry " + e.Name()
		p, err := c.t.Partial(e.Origin)
		if err == nil {
			if !p.Live() {
				if _, err := c.t.st.Get(bReversed, e.ID[:]); err != nil {
					c.add(8, where, "its partial was undone but it is not reversed")
				}
				for i := range e.Lines {
					if r, ok := c.residuals[string(refKey(e.LineRef(i)))]; ok && !r.IsZero() {
						c.add(8, where, "its partial was undone but line %d is still open (%s): letter it with its reversal", i, r.Balance)
					}
				}
			}
			continue
		}
		if _, _, found, err := c.t.Operation(e.Origin); err != nil && err != store.ErrNotFound {
			return err
		} else if !found {
			c.add(8, where, "its origin %s is neither a partial nor an operation", e.Origin)
		}
	}
	return nil
}
