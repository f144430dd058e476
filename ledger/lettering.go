package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// Residual is what remains to letter on a reconcilable line: its balance
// minus its live partials, in the company currency and in the line's own
// currency. It moves toward zero and never changes sign.
type Residual struct {
	Balance        currency.Amount // company currency, with the sign of the line's Balance or zero
	AmountCurrency currency.Amount // the line's own currency, with the sign of its AmountCurrency or zero
}

// IsZero reports whether nothing remains in either currency.
func (r Residual) IsZero() bool { return r.Balance.IsZero() && r.AmountCurrency.IsZero() }

// Residual returns the residual of a posted line of a reconcilable account,
// ErrNotFound for an unknown line, ErrNotReconcilable otherwise.
func (t *Tx) Residual(ref journal.LineRef) (Residual, error) { return t.residualFor(ref, nil, true) }

// residualOf is Residual for line i of an entry the caller has read.
func (t *Tx) residualOf(e *journal.Entry, i int) (Residual, error) { return t.readResidual(e, i, true) }

// readResidual is residualOf; keep says whether to keep what it read from
// the store for the rest of the transaction (a scan of open items reads
// each line once: nothing to keep). The store holds what is kept, so a
// read that bypasses it reads the same.
func (t *Tx) readResidual(e *journal.Entry, i int, keep bool) (Residual, error) {
	return t.residualFor(e.LineRef(i), e, keep)
}

// residualFor reads the residual of line ref, whose entry is e when the
// caller has read it (nil: read when needed), keeping it when keep.
func (t *Tx) residualFor(ref journal.LineRef, e *journal.Entry, keep bool) (Residual, error) {
	l := t.kept.get(ref)
	if l != nil && l.has&keptResidual != 0 {
		return l.residual, nil
	}
	if e == nil {
		read, err := t.sharedLine(ref)
		if err != nil {
			return Residual{}, err
		}
		e = read
	}
	st, stored, key, err := t.lineStateOf(e, ref.Index, l, keep)
	if err != nil {
		return Residual{}, err
	}
	r := st.residual
	if !stored {
		if r, err = t.lineResidual(e, ref.Index); err != nil {
			return Residual{}, err
		}
	}
	if keep {
		if l == nil { // nothing added since the get: l is still valid
			l = t.kept.add(ref)
		}
		l.residual, l.key = r, key
		if stored {
			// The line's live partials and match come with its residual.
			l.live, l.match = st.live, st.match
		} else {
			// Never lettered: no partial, and no match either (keptLine).
			l.live = nil
			if l.has&keptMatch == 0 {
				l.match = journal.NoID
			}
		}
		l.has = keptAll
	}
	return r, nil
}

// storedLineState reads the state stored for line i of e, and false when
// none is: a line no partial has touched. A state the transaction wrote
// is read where it waits for flush.
func (t *Tx) storedLineState(e *journal.Entry, i int) (lineState, bool, error) {
	st, stored, _, err := t.lineStateOf(e, i, t.kept.get(e.LineRef(i)), false)
	return st, stored, err
}

// lineStateOf is storedLineState given what the transaction keeps of the
// line (l, nil for nothing), with the line's state key when keepKey (nil
// otherwise: the key of a lookup that keeps nothing is built in the
// transaction's scratch buffer, a store keeping only the keys it is
// given to put).
func (t *Tx) lineStateOf(e *journal.Entry, i int, l *keptLine, keepKey bool) (lineState, bool, []byte, error) {
	var k []byte
	if l != nil {
		if l.written {
			return lineState{residual: l.residual, match: l.match, live: l.live}, true, l.key, nil
		}
		k = l.key
	}
	kept := k
	switch {
	case k != nil:
	case keepKey:
		k = lineStateKey(e, i)
		kept = k
	default:
		t.stateKey = appendLineStateKey(t.stateKey[:0], e, i)
		k = t.stateKey
	}
	v, err := t.st.Get(ixLine, k)
	if errors.Is(err, store.ErrNotFound) {
		return lineState{}, false, kept, nil
	} else if err != nil {
		return lineState{}, false, nil, err
	}
	st, err := readLineState(v, t.b.company, e.Lines[i].AmountCurrency.Currency())
	return st, err == nil, kept, err
}

// keptLineState is line i of e's state as the transaction keeps it when
// it keeps the line's live partials and match (residualFor and
// putLineState keep them with the residual, and only putLineState writes
// a state), else as stored: the residual the caller just read is not read
// and decoded a second time to be replaced.
func (t *Tx) keptLineState(e *journal.Entry, i int) (lineState, error) {
	if k := t.kept.get(e.LineRef(i)); k != nil && k.has == keptAll {
		return lineState{residual: k.residual, match: k.match, live: k.live}, nil
	}
	st, _, err := t.storedLineState(e, i)
	return st, err
}

// putLineState writes the state of line i of e, stored at flush, and
// keeps it for the rest of the transaction.
func (t *Tx) putLineState(e *journal.Entry, i int, st *lineState) error {
	l := t.kept.add(e.LineRef(i))
	if l.key == nil {
		l.key = lineStateKey(e, i)
	}
	l.residual, l.live, l.match, l.has = st.residual, st.live, st.match, keptAll
	t.kept.write(l)
	return nil
}

// flushLineStates encodes and stores the line states the transaction
// wrote, in key order: a partner's lines sit side by side in ixLine, and
// the puts of a lettering then walk its leaves once, left to right. The
// values are written end to end in one buffer, a slice of it each: the
// store keeps them until the commit, and when the buffer grows
// (lineStateRoom is a hint) the slices handed out keep the old array,
// which nothing writes again. The keys are the lines' own, never written
// again either.
func (t *Tx) flushLineStates() error {
	if t.kept.written == 0 {
		return nil
	}
	written := make([]*keptLine, 0, t.kept.written)
	size := 0
	for i := range t.kept.lines {
		if l := &t.kept.lines[i]; l.written {
			written = append(written, l)
			size += lineStateRoom(&lineState{match: l.match, live: l.live})
		}
	}
	slices.SortFunc(written, func(a, b *keptLine) int { return bytes.Compare(a.key, b.key) })
	buf := make([]byte, 0, size)
	for _, l := range written {
		vv := len(buf)
		buf = appendLineState(buf, &lineState{residual: l.residual, match: l.match, live: l.live})
		if err := t.st.Put(ixLine, l.key, buf[vv:len(buf):len(buf)]); err != nil {
			return err
		}
	}
	t.kept.flushed()
	return nil
}

// lineResidual is the residual of a line no partial has touched: its own
// amounts, if its account is reconcilable.
func (t *Tx) lineResidual(e *journal.Entry, i int) (Residual, error) {
	l := &e.Lines[i]
	a, err := t.Account(l.Account)
	if err != nil {
		return Residual{}, err
	}
	if !a.Reconcilable {
		return Residual{}, fmt.Errorf("%w: line %s", ErrNotReconcilable, e.LineRef(i))
	}
	return Residual{Balance: l.Balance, AmountCurrency: l.AmountCurrency}, nil
}

// line returns the entry of a posted line, shared with the transaction's
// decoded entries: the caller must not modify it.
func (t *Tx) line(ref journal.LineRef) (journal.Entry, error) {
	e, err := t.sharedLine(ref)
	if err != nil {
		return journal.Entry{}, err
	}
	return *e, nil // shares the lines: read only
}

// sharedLine is line without the copy of the entry (some 260 bytes, four
// to six times a lettering on its paths): the entry is the transaction's
// own, which the caller must not modify.
func (t *Tx) sharedLine(ref journal.LineRef) (*journal.Entry, error) {
	e, err := t.entryShared(ref.Entry)
	if err != nil {
		return nil, err
	}
	if ref.Index < 0 || ref.Index >= len(e.Lines) {
		return nil, fmt.Errorf("%w: line %s", ErrNotFound, ref)
	}
	return e, nil
}

// putPartial records a new live partial and lowers both lines' residuals.
// It checks what the ledger can know without lettering policy: both lines
// posted, on the same reconcilable account, one debit and one credit, the
// same partner on receivable/payable accounts, positive amounts in the right
// currencies, and residuals that do not change sign (ErrPartial,
// ErrNotReconcilable, ErrNotFound). ID, CreatedAt are filled when zero;
// an ID given is one the transaction claimed (newLetterID).
func (t *Tx) putPartial(p journal.Partial) (journal.Partial, error) {
	// An id made here is new: no record can hold it.
	fresh := p.ID == journal.NoID || t.claims(p.ID)
	grouped := false
	if p.ID == journal.NoID {
		id, in, err := t.letteringPartialID()
		if err != nil {
			return journal.Partial{}, err
		}
		if grouped = in; !in {
			id = journal.NewID()
		}
		p.ID = id
	} else if inLettering(p.ID) {
		return journal.Partial{}, fmt.Errorf("%w: partial id %s is a lettering record's; give no id or one NewPartialID made", ErrPartial, p.ID)
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = t.b.clock().UTC()
	}
	p.UndoneBy, p.UndoneAt = journal.NoID, time.Time{}
	if !fresh {
		t.getKey = p.ID
		if _, err := t.st.Get(bPartial, t.getKey[:]); err == nil {
			return journal.Partial{}, fmt.Errorf("%w: partial %s exists", ErrPartial, p.ID)
		} else if !errors.Is(err, store.ErrNotFound) {
			return journal.Partial{}, err
		}
	}
	deb, err := t.sharedLine(p.Debit)
	if err != nil {
		return journal.Partial{}, err
	}
	cred, err := t.sharedLine(p.Credit)
	if err != nil {
		return journal.Partial{}, err
	}
	dl, cl := &deb.Lines[p.Debit.Index], &cred.Lines[p.Credit.Index]
	if err := t.checkPartialLines(&p, dl, cl); err != nil {
		return journal.Partial{}, err
	}
	dres, err := t.residualOf(deb, p.Debit.Index)
	if err != nil {
		return journal.Partial{}, err
	}
	cres, err := t.residualOf(cred, p.Credit.Index)
	if err != nil {
		return journal.Partial{}, err
	}
	newD, err := shrink(dres, p.Amount, p.DebitAmountCurrency)
	if err != nil {
		return journal.Partial{}, fmt.Errorf("%w: debit line %s: %v", ErrPartial, p.Debit, err)
	}
	newC, err := shrink(cres, p.Amount.Neg(), p.CreditAmountCurrency.Neg())
	if err != nil {
		return journal.Partial{}, fmt.Errorf("%w: credit line %s: %v", ErrPartial, p.Credit, err)
	}
	id := p.ID // not p: the closure would move the whole partial to the heap
	add := func(ids []journal.ID) []journal.ID {
		i, _ := slices.BinarySearchFunc(ids, id, compareIDs)
		return slices.Insert(slices.Clip(ids), i, id)
	}
	if err := t.setResidual(p.Debit, deb, newD, add); err != nil {
		return journal.Partial{}, err
	}
	if err := t.setResidual(p.Credit, cred, newC, add); err != nil {
		return journal.Partial{}, err
	}
	if grouped {
		t.group.parts = append(t.group.parts, p)
		t.keepPartial(p)
		return p, nil
	}
	key, value := letterRecord(p.ID, partialValueRoom)
	if err := t.ct.putChained(bPartial, key, appendPartialValue(value, &p, t.b.company), fresh); err != nil {
		return journal.Partial{}, err
	}
	delete(t.claimed, p.ID) // used: another put under it is refused
	t.keepPartial(p)
	return p, nil
}

func compareIDs(a, b journal.ID) int { return bytes.Compare(a[:], b[:]) }

// letterRecord returns the key of a partial's or a match's record (its
// id) and the start of its value: the chain pointer's chainPtrSize zero
// bytes, which putChained fills, with room for room bytes more. Both come
// from one allocation, which the store keeps until the commit; the key is
// capped, so that an append to it cannot reach the value.
func letterRecord(id journal.ID, room int) (key, value []byte) {
	buf := make([]byte, len(id)+chainPtrSize, len(id)+chainPtrSize+room)
	copy(buf, id[:])
	return buf[:len(id):len(id)], buf[len(id):]
}

// newLetterID makes a new id for a partial or a match the transaction
// will put under it: one a generated entry names (its Origin) before the
// partial exists. The put takes it as new, as an id it makes itself. A
// record of either kind is never written under an id the book did not
// make: one deleted outside its chain, whose pointer went with it, cannot
// be written again (chainTx.intact).
func (t *Tx) newLetterID() journal.ID {
	id := journal.NewID()
	t.claimID(id)
	return id
}

// claimID declares id made by this transaction for a partial or a match.
func (t *Tx) claimID(id journal.ID) {
	if t.claimed == nil {
		t.claimed = map[journal.ID]struct{}{}
	}
	t.claimed[id] = struct{}{}
}

// claims reports whether id was claimed and not used yet: a put takes it
// (deletes it) only once it has written its record, so that a put refused
// before leaves it to the next.
func (t *Tx) claims(id journal.ID) bool {
	_, ok := t.claimed[id]
	return ok
}

// keepLive remembers the ids of a line's live partials, in id order, for
// the rest of the transaction.
func (t *Tx) keepLive(ref journal.LineRef, ids []journal.ID) {
	k := t.kept.add(ref)
	k.live = ids
	k.has |= keptLive
}

func (t *Tx) checkPartialLines(p *journal.Partial, dl, cl *journal.Line) error {
	a, err := t.Account(dl.Account)
	if err != nil {
		return err
	}
	switch {
	case !a.Reconcilable:
		return fmt.Errorf("%w: %s", ErrNotReconcilable, a.Code)
	case dl.Account != cl.Account:
		return fmt.Errorf("%w: lines on %s and %s", ErrPartial, dl.Account, cl.Account)
	case a.Kind.NeedsPartner() && dl.Partner != cl.Partner:
		return fmt.Errorf("%w: partners %s and %s on %s", ErrPartial, dl.Partner, cl.Partner, a.Code)
	case !dl.IsDebit() || cl.IsDebit():
		return fmt.Errorf("%w: needs a debit line and a credit line", ErrPartial)
	case !p.Kind.Valid():
		return fmt.Errorf("%w: kind %d", ErrPartial, p.Kind)
	case p.Date.IsZero():
		return fmt.Errorf("%w: no date", ErrPartial)
	}
	for _, x := range []struct {
		a    currency.Amount
		want currency.Currency
	}{{p.Amount, t.b.company}, {p.DebitAmountCurrency, dl.AmountCurrency.Currency()}, {p.CreditAmountCurrency, cl.AmountCurrency.Currency()}} {
		if x.a.Currency() != x.want || x.a.Sign() < 0 {
			return fmt.Errorf("%w: amount %s must be a non-negative %s amount", ErrPartial, x.a, x.want)
		}
	}
	if p.Amount.IsZero() && p.DebitAmountCurrency.IsZero() && p.CreditAmountCurrency.IsZero() {
		return fmt.Errorf("%w: allocates nothing", ErrPartial)
	}
	if side, cur := companyAmountApart(p, dl, cl, t.b.company); side != "" {
		return fmt.Errorf("%w: on the %s line, in %s, the amount in its currency is its company amount: %s, not %s", ErrPartial, side, t.b.company, p.Amount, cur)
	}
	return nil
}

// companyAmountApart names the side ("debit" or "credit") of a partial
// whose line is in the company currency while the partial's amount in it
// differs from its company amount, and that amount; "" when there is none.
// Such a line's residual in its currency and in the company currency are
// one amount: a partial taking two would split it into two residuals.
func companyAmountApart(p *journal.Partial, dl, cl *journal.Line, company currency.Currency) (string, currency.Amount) {
	if dl.AmountCurrency.Currency() == company && !p.DebitAmountCurrency.Equal(p.Amount) {
		return "debit", p.DebitAmountCurrency
	}
	if cl.AmountCurrency.Currency() == company && !p.CreditAmountCurrency.Equal(p.Amount) {
		return "credit", p.CreditAmountCurrency
	}
	return "", currency.Amount{}
}

// shrink moves a residual toward zero by (bal, cur), refusing a sign flip.
func shrink(r Residual, bal, cur currency.Amount) (Residual, error) {
	nb, err := r.Balance.Sub(bal)
	if err != nil {
		return Residual{}, err
	}
	nc, err := r.AmountCurrency.Sub(cur)
	if err != nil {
		return Residual{}, err
	}
	if nb.Sign()*r.Balance.Sign() < 0 || nc.Sign()*r.AmountCurrency.Sign() < 0 ||
		r.Balance.IsZero() && !nb.IsZero() || r.AmountCurrency.IsZero() && !nc.IsZero() {
		return Residual{}, fmt.Errorf("allocating %s / %s exceeds the residual %s / %s", bal.Abs(), cur.Abs(), r.Balance, r.AmountCurrency)
	}
	return Residual{Balance: nb, AmountCurrency: nc}, nil
}

// grow undoes shrink: the residual moves back toward the line's amounts
// and may neither pass them nor take the other sign.
func grow(r Residual, l *journal.Line, bal, cur currency.Amount) (Residual, error) {
	nb, err := r.Balance.Add(bal)
	if err != nil {
		return Residual{}, err
	}
	nc, err := r.AmountCurrency.Add(cur)
	if err != nil {
		return Residual{}, err
	}
	within := func(n, full currency.Amount) bool {
		if n.IsZero() {
			return true
		}
		c, err := n.Abs().Cmp(full.Abs())
		return err == nil && n.Sign() == full.Sign() && c <= 0
	}
	if !within(nb, l.Balance) || !within(nc, l.AmountCurrency) {
		return Residual{}, fmt.Errorf("restoring %s / %s to the residual %s / %s passes the line's %s / %s",
			bal, cur, r.Balance, r.AmountCurrency, l.Balance, l.AmountCurrency)
	}
	return Residual{Balance: nb, AmountCurrency: nc}, nil
}

// setResidual stores the new residual of line ref of e and its live
// partials as live changes them (one key, lineStateKey), and files the
// line in or out of the open items.
//
// A line open before and after stays filed as it was: a partial that
// leaves an invoice part paid, or an undo that leaves it still part
// paid, writes nothing there. "Open before" is the residual kept or
// stored for the line, nonzero; a line no partial touched is kept with
// its own amounts, and its entry was filed when it was indexed, which
// every lettering transaction does before it runs (Book.Update) and a
// post inside it does at once. A residual not known (zero, for a line
// whose kept state was dropped and that has none stored) files the line
// again, as every change did before.
func (t *Tx) setResidual(ref journal.LineRef, e *journal.Entry, r Residual, live func([]journal.ID) []journal.ID) error {
	st, err := t.keptLineState(e, ref.Index)
	if err != nil {
		return err
	}
	wasOpen := !st.residual.IsZero()
	st.residual, st.live = r, live(st.live)
	if err := t.putLineState(e, ref.Index, &st); err != nil {
		return err
	}
	open := !r.IsZero()
	if open && wasOpen {
		return nil
	}
	l := &e.Lines[ref.Index]
	k := openKey(l.Account, l.Partner, e.Date, e.Seq, ref.Index)
	if !open {
		return t.st.Delete(ixOpen, k)
	}
	return t.st.Put(ixOpen, k, nil)
}

// undoPartial tombstones a live partial with the operation that undid it
// and restores both residuals exactly. It returns ErrNotFound or ErrUndone.
func (t *Tx) undoPartial(id, operation journal.ID) (journal.Partial, error) {
	p, err := t.Partial(id)
	if err != nil {
		return journal.Partial{}, err
	}
	if !p.Live() {
		return journal.Partial{}, fmt.Errorf("%w: partial %s", ErrUndone, id)
	}
	for _, side := range []struct {
		ref      journal.LineRef
		bal, cur currency.Amount
	}{{p.Debit, p.Amount, p.DebitAmountCurrency}, {p.Credit, p.Amount.Neg(), p.CreditAmountCurrency.Neg()}} {
		e, err := t.line(side.ref)
		if err != nil {
			return journal.Partial{}, err
		}
		r, err := t.residualOf(&e, side.ref.Index)
		if err != nil {
			return journal.Partial{}, err
		}
		if r, err = grow(r, &e.Lines[side.ref.Index], side.bal, side.cur); err != nil {
			return journal.Partial{}, fmt.Errorf("%w: undoing %s: %v", ErrPartial, id, err)
		}
		drop := func(ids []journal.ID) []journal.ID {
			return slices.DeleteFunc(slices.Clone(ids), func(id journal.ID) bool { return id == p.ID })
		}
		if err := t.setResidual(side.ref, &e, r, drop); err != nil {
			return journal.Partial{}, err
		}
	}
	p.UndoneBy, p.UndoneAt = operation, t.b.clock().UTC()
	if _, ok := t.groupPartial(p.ID); ok { // not written yet: it stays pending, undone
		t.group.parts[p.ID[15]] = p
		t.keepPartial(p)
		return p, nil
	}
	if inLettering(p.ID) {
		if err := t.rewriteLettering(nil, &p); err != nil {
			t.partials.drop(p.ID)
			return p, err
		}
		t.keepPartial(p)
		return p, nil
	}
	if err := t.st.Put(bPartial, p.ID[:], appendPartialValue(nil, &p, t.b.company)); err != nil {
		t.partials.drop(p.ID)
		return p, err
	}
	t.keepPartial(p)
	return p, nil
}

// keepPartial remembers a partial just written for the rest of the
// transaction, as Partial would decode it from its record: its times to
// the nanosecond in UTC (appendPartialValue, timeFrom); its other fields read
// back as written.
func (t *Tx) keepPartial(p journal.Partial) {
	p.CreatedAt, p.UndoneAt = timeFrom(unixNano(p.CreatedAt)), timeFrom(unixNano(p.UndoneAt))
	t.partials.put(p)
}

// Partial returns a partial, live or undone, or ErrNotFound.
func (t *Tx) Partial(id journal.ID) (journal.Partial, error) {
	if p, ok := t.groupPartial(id); ok {
		return p, nil
	}
	if p, ok := t.partials.get(id); ok {
		return p, nil
	}
	p, err := t.storedPartial(id)
	if err != nil {
		return journal.Partial{}, err
	}
	t.keepPartial(p)
	return p, nil
}

// EachPartial calls fn with every partial of the book, live or undone
// (Partial.Live), in no particular order, until fn returns an error, which
// it returns: what a line owed at an instant (a fiscal year's closing)
// counts the partials created by then and not undone by then. It reads
// what earlier transactions recorded: in a write transaction, partials
// recorded or undone by that transaction are not seen as such.
func (t *Tx) EachPartial(fn func(journal.Partial) error) error {
	err := t.st.Scan(bPartial, nil, nil, false, func(k, v []byte) error {
		p, err := t.decodePartial(k, v)
		if err != nil {
			return err
		}
		return fn(p)
	})
	if err != nil {
		return err
	}
	return eachLettering(t.st, func(base journal.ID, _ []byte, ps [][]byte) error {
		for i, v := range ps {
			id := base
			id[15] = byte(i)
			p, err := t.decodePartial(id[:], v)
			if err != nil {
				return err
			}
			if err := fn(p); err != nil {
				return err
			}
		}
		return nil
	})
}

// storedPartial reads and decodes a partial's record, in its lettering
// record or in a record of its own: the id says which.
func (t *Tx) storedPartial(id journal.ID) (journal.Partial, error) {
	if inLettering(id) {
		return t.letteredPartial(id)
	}
	v, err := t.st.Get(bPartial, id[:])
	if errors.Is(err, store.ErrNotFound) {
		return journal.Partial{}, fmt.Errorf("%w: partial %s", ErrNotFound, id)
	} else if err != nil {
		return journal.Partial{}, err
	}
	return t.decodePartial(id[:], v)
}

// LivePartials returns the live partials of a line, in id order;
// ErrNotFound for a line that is not posted.
func (t *Tx) LivePartials(ref journal.LineRef) ([]journal.Partial, error) {
	e, err := t.line(ref)
	if err != nil {
		return nil, err
	}
	return t.livePartialsOf(&e, ref.Index)
}

// AppendLivePartialIDs appends to dst the ids of the live partials of a
// line, in id order, and returns the extended slice; ErrNotFound for a
// line that is not posted. A walk through a lettering group that reads
// each partial once (Partial) needs no copy of the partials every line
// shares.
func (t *Tx) AppendLivePartialIDs(dst []journal.ID, ref journal.LineRef) ([]journal.ID, error) {
	e, err := t.entryShared(ref.Entry)
	if err != nil {
		return dst, err
	}
	if ref.Index < 0 || ref.Index >= len(e.Lines) {
		return dst, fmt.Errorf("%w: line %s", ErrNotFound, ref)
	}
	ids, err := t.liveIDsOf(e, ref.Index)
	return append(dst, ids...), err
}

// liveIDsOf returns the ids of the live partials of line i of e, as the
// transaction keeps them: the caller must not modify them.
func (t *Tx) liveIDsOf(e *journal.Entry, i int) ([]journal.ID, error) {
	ref := e.LineRef(i)
	if k := t.kept.get(ref); k != nil && k.has&keptLive != 0 {
		return k.live, nil
	}
	st, _, err := t.storedLineState(e, i)
	if err != nil {
		return nil, err
	}
	t.keepLive(ref, st.live)
	return st.live, nil
}

// livePartialsOf is LivePartials of line i of e, an entry already read.
func (t *Tx) livePartialsOf(e *journal.Entry, i int) ([]journal.Partial, error) {
	ids, err := t.liveIDsOf(e, i)
	if err != nil {
		return nil, err
	}
	out := make([]journal.Partial, 0, len(ids))
	for _, id := range ids {
		p, err := t.Partial(id)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
