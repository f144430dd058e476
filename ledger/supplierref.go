package ledger

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/lettrage/lettrage/journal"
)

// A supplier's reference is the number the supplier gave its bill or
// credit note (journal.Entry.Ref). The same bill keyed twice — from two
// files, or by hand and by an import — carries the same reference, and
// would be paid twice: Post refuses a supplier document whose supplier
// already has a live one of the same type under the same reference
// (ErrDuplicateReference), as Odoo refuses a duplicated vendor reference.
//
// What counts:
//   - a supplier document is an invoice or a credit note a caller posts,
//     not a reversal nor a generated entry, with a partner on a payable
//     line; its suppliers are those partners;
//   - the references compare with their surrounding spaces left out,
//     their inner runs of spaces as one, and case folded: "fa 2026-001 "
//     is "FA 2026-001"; separators and leading zeros count, as they may
//     make another number; what a copy from a PDF or a spreadsheet adds
//     or changes unseen does not count: invisible characters (a soft
//     hyphen, a zero-width space, a byte-order mark) are left out, and
//     a character is taken in its compatibility form (Unicode NFKC: a
//     no-break space is a space, "ﬁ" is "fi", a full-width "２" is "2",
//     "é" typed as "e" and an accent is "é");
//   - a bill and a credit note never clash, nor two suppliers; an empty
//     reference clashes with nothing;
//   - a reversed document no longer counts: a bill cancelled by its
//     reversal may be entered again;
//   - the dates do not count: the same bill keyed once at its own date and
//     once at the date it arrived is the case to catch.
//
// Cost: the Book keeps where its committed supplier documents are, some
// 40 bytes each (starting afresh past a million), shared by its
// transactions. A transaction reads only what that leaves out: the
// entries logged since the Book last looked — its own earlier posts and
// other processes' alike — and, the first time a supplier is met, that
// supplier's entries through the partner line index (the first
// transaction of a Book also reads the entries lagging behind the
// indexes). A stream of batches over the same suppliers so costs each
// bill one more read of its log record; Check empties what the Book kept.

// supplierRefs is what a transaction knows of the supplier documents:
// those it posted itself, and where to find the committed ones.
type supplierRefs struct {
	own      map[uint64][]ownDoc // the documents it posted, by supplierCache.hash
	cache    *supplierCache      // the Book's, or the transaction's own (supplierFallback)
	gen      uint64              // the cache's generation the transaction brought up to last
	last     uint64              // the log's end when the transaction began: what it may read
	synced   bool                // the cache was brought up to last
	partners map[string]bool     // the suppliers the transaction found read in the cache
	seqs     []uint64            // a lookup's, reused
}

// supplierDoc is what a refusal names of a supplier document.
type supplierDoc struct {
	id     journal.ID
	number string
	date   journal.Date
	ref    string
}

// ownDoc is a supplier document the transaction posted, under one of its
// suppliers.
type ownDoc struct {
	id         journal.ID
	partner    string
	typ        journal.EntryType
	ref        string // as given
	journal    string
	fiscalYear string
	number     int64
	date       journal.Date
}

// normalRef is a reference as the check compares it: without its
// invisible characters (visibleRune), in Unicode compatibility
// composition (NFKC), without its surrounding spaces, each inner run of
// spaces one space, each letter folded to one case as strings.EqualFold
// folds it (foldRune), and composed again: a letter folded may compose
// with an accent after it ("İ" folds to "i", and "i" with an acute accent
// is "í"), and a reference compared once must compare equal to itself.
// "" for a reference of spaces only. So a reference copied from a PDF
// with a soft hyphen, a ligature, a full-width digit or a decomposed
// accent is the reference typed by hand; the invisible characters go
// first, as one left in would keep an accent from composing with its
// letter. A reference of ASCII only, the usual one, is never copied
// more than its spaces and case need.
func normalRef(ref string) string {
	ascii := isASCII(ref)
	if !ascii {
		ref = norm.NFKC.String(strings.Map(visibleRune, ref))
	}
	ref = strings.Map(foldRune, strings.Join(strings.FieldsFunc(ref, unicode.IsSpace), " "))
	if !ascii {
		ref = norm.NFKC.String(ref)
	}
	return ref
}

// isASCII reports whether s is ASCII only.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// visibleRune is r, or -1 for a format character (Unicode category Cf:
// a soft hyphen, a zero-width space or joiner, a byte-order mark, a
// direction mark), which a reader does not see and a copy may carry.
func visibleRune(r rune) rune {
	if r >= utf8.RuneSelf && unicode.Is(unicode.Cf, r) {
		return -1
	}
	return r
}

// foldRune is the rune that stands for r's case: the lower case of its
// upper case, which is one rune for every spelling strings.EqualFold
// takes as one ("é" and "É", "ß" and "ẞ", "k" and the Kelvin sign, "ι",
// "Ι" and the iota subscript). Not the least rune of r's case orbit
// (unicode.SimpleFold): for "Ι" that is the combining iota subscript,
// which Unicode composition would then merge with the letter before it,
// so that a reference, once compared, would no longer compare equal to
// itself.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(unicode.ToUpper(r))
}

// DuplicateReferenceError is ErrDuplicateReference with the document
// already posted under the reference: errors.Is(err,
// ErrDuplicateReference) holds, errors.As gives the details.
type DuplicateReferenceError struct {
	Supplier       string            // the partner code
	Type           journal.EntryType // journal.TypeInvoice or journal.TypeCreditNote
	Ref            string            // the refused entry's reference, as given
	Existing       journal.ID        // the document already posted
	ExistingNumber string            // its number, "AC/2026/00012"
	ExistingDate   journal.Date      // its accounting date
	ExistingRef    string            // its reference, as it was given
}

// Error names the supplier, the reference and the document posted first.
func (e *DuplicateReferenceError) Error() string {
	what := "a bill"
	if e.Type == journal.TypeCreditNote {
		what = "a credit note"
	}
	return fmt.Sprintf("ledger: supplier %s already has %s under reference %q: %s of %s (reference %q); check it is not the same document, or allow the duplicate",
		e.Supplier, what, e.Ref, e.ExistingNumber, e.ExistingDate, e.ExistingRef)
}

// Is reports whether target is ErrDuplicateReference.
func (e *DuplicateReferenceError) Is(target error) bool { return target == ErrDuplicateReference }

// AllowDuplicateRefs lets the entries this transaction posts from now on
// repeat a supplier's reference (ErrDuplicateReference): for a supplier
// that really numbered two documents alike. BatchOptions.AllowDuplicateRef
// is the same for a batch.
func (t *Tx) AllowDuplicateRefs() { t.dupRefsAllowed = true }

// suppliersOf returns the partners on the payable lines of an entry a
// caller posts that is an invoice or a credit note with a reference, and
// the reference normalised; none for any other entry.
func (t *Tx) suppliersOf(e *journal.Entry) (partners []string, ref string, err error) {
	if !callerDocument(e.Type, e.ReversalOf != journal.NoID, e.Origin != journal.NoID || e.Document != journal.NoID) {
		return nil, "", nil
	}
	if ref = normalRef(e.Ref); ref == "" {
		return nil, "", nil
	}
	for i := range e.Lines {
		p := e.Lines[i].Partner
		if p == "" || slices.Contains(partners, p) {
			continue
		}
		a, err := t.Account(e.Lines[i].Account)
		if err != nil {
			return nil, "", err
		}
		if a.Kind == KindPayable {
			partners = append(partners, p)
		}
	}
	return partners, ref, nil
}

// checkSupplierRef refuses e, checked and about to be posted, when it
// repeats a live supplier document's reference (ErrDuplicateReference).
// It reads, never writes.
func (t *Tx) checkSupplierRef(e *journal.Entry) error {
	if t.dupRefsAllowed {
		return nil
	}
	partners, ref, err := t.suppliersOf(e)
	t.refNext = checkedDoc{partners: partners, ref: ref, ok: err == nil}
	if err != nil || len(partners) == 0 {
		return err
	}
	s, err := t.supplierRefsRead(partners)
	if err != nil {
		return err
	}
	for _, p := range partners {
		for _, d := range s.own[s.cache.hash(p, e.Type, ref)] {
			if d.partner != p || d.typ != e.Type || normalRef(d.ref) != ref {
				continue // another key of the same hash
			}
			sd := supplierDoc{id: d.id, number: journal.FormatNumber(d.journal, d.fiscalYear, d.number), date: d.date, ref: d.ref}
			if err := t.supplierClash(e, p, sd); err != nil {
				return err
			}
		}
		var ok bool
		for attempt := 0; ; attempt++ {
			if s.seqs, ok = s.cache.seqs(s.seqs[:0], s.cache.hash(p, e.Type, ref), s.last, s.gen); ok {
				break
			}
			// Started afresh since the transaction read it: read again.
			if err := t.supplierFallback(attempt); err != nil {
				return err
			}
			if err := t.readSuppliers(partners); err != nil {
				return err
			}
		}
		for _, seq := range s.seqs {
			d, match, err := t.supplierDocAt(seq, p, e.Type, ref)
			if err != nil {
				return err
			}
			if match {
				if err := t.supplierClash(e, p, d); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// supplierClash returns the refusal of e for supplier p when d, under
// the same reference, is another document and not reversed.
func (t *Tx) supplierClash(e *journal.Entry, p string, d supplierDoc) error {
	if d.id == e.ID {
		return nil
	}
	if _, reversed, err := t.ReversedBy(d.id); err != nil || reversed {
		return err
	}
	return &DuplicateReferenceError{Supplier: p, Type: e.Type, Ref: e.Ref,
		Existing: d.id, ExistingNumber: d.number, ExistingDate: d.date, ExistingRef: d.ref}
}

// supplierPosted records e, just posted (numbered), among the
// transaction's supplier documents, so that a later entry of the
// transaction repeating its reference is refused. The Book's cache learns
// of e once committed, when a later transaction reads the log's tail.
func (t *Tx) supplierPosted(e *journal.Entry) error {
	if t.dupRefsAllowed {
		return nil // nothing is checked from now on
	}
	partners, ref, err := t.refNext.partners, t.refNext.ref, error(nil)
	if !t.refNext.ok {
		partners, ref, err = t.suppliersOf(e)
	}
	t.refNext = checkedDoc{}
	if err != nil || len(partners) == 0 {
		return err
	}
	s, err := t.supplierRefsOf()
	if err != nil {
		return err
	}
	for _, p := range partners {
		h := s.cache.hash(p, e.Type, ref)
		s.own[h] = append(s.own[h], ownDoc{id: e.ID, partner: p, typ: e.Type, ref: e.Ref,
			journal: e.Journal, fiscalYear: e.FiscalYear, number: e.Number, date: e.Date})
	}
	return nil
}

// checkedDoc is what checkSupplierRef found of the entry it checked, for
// supplierPosted once the entry is posted: ok when set.
type checkedDoc struct {
	partners []string
	ref      string
	ok       bool
}

// supplierRefsOf returns the transaction's supplierRefs, made the first
// time: before its first post, so that last is the log's end as committed.
func (t *Tx) supplierRefsOf() (*supplierRefs, error) {
	if t.supplierRefs != nil {
		return t.supplierRefs, nil
	}
	last := t.seqBase
	if !t.seqBased {
		var err error
		if last, err = t.logEnd(); err != nil {
			return nil, err
		}
	}
	c := t.b.supplier
	if c == nil {
		c = newSupplierCache()
	}
	t.supplierRefs = &supplierRefs{own: map[uint64][]ownDoc{}, cache: c, last: last, partners: map[string]bool{}}
	return t.supplierRefs, nil
}

// supplierFallback gives the transaction a cache of its own, when the
// Book's started afresh or was moved by another transaction under its
// reads: slower, as every transaction was before the Book kept one, and
// right. A transaction's own cache never starts afresh; attempt, the
// times it fell back already, says so.
func (t *Tx) supplierFallback(attempt int) error {
	if attempt > 0 {
		return fmt.Errorf("%w: the supplier reference cache of a transaction started afresh", ErrIntegrity)
	}
	s := t.supplierRefs
	s.cache, s.synced, s.partners = newSupplierCache(), false, map[string]bool{}
	s.cache.private = true
	return nil
}

// supplierRefsRead returns the transaction's supplier documents, the
// cache brought up to the transaction's start and holding partners'.
func (t *Tx) supplierRefsRead(partners []string) (*supplierRefs, error) {
	s, err := t.supplierRefsOf()
	if err != nil {
		return nil, err
	}
	return s, t.readSuppliers(partners)
}

// readSuppliers brings the cache up to the transaction's start, and
// makes it hold partners' documents.
func (t *Tx) readSuppliers(partners []string) error {
	s := t.supplierRefs
	for attempt := 0; ; attempt++ {
		done, err := t.syncSuppliers()
		if err != nil {
			return err
		}
		for _, p := range partners {
			if !done || s.partners[p] {
				continue
			}
			if done, err = t.readSupplier(p); err != nil {
				return err
			}
			s.partners[p] = done
		}
		if done {
			return nil
		}
		if err := t.supplierFallback(attempt); err != nil {
			return err
		}
	}
}

// syncSuppliers brings the cache up to the log's end as the transaction
// began, once: the first time, by reading the entries lagging behind the
// indexes (which are in no supplier's line index yet), then by reading
// the entries logged since it was last brought up. It reports false when
// another transaction started the cache afresh meanwhile.
func (t *Tx) syncSuppliers() (bool, error) {
	s := t.supplierRefs
	if s.synced {
		return true, nil
	}
	c := s.cache
	c.mu.Lock()
	gen, ok, high := c.gen, c.ok, c.high
	c.mu.Unlock()
	var docs []found
	var floor uint64
	var r entryRec
	take := func(seq uint64, rec []byte) error {
		if seq > s.last {
			return nil // the transaction's own: in s.own
		}
		if err := readLogRecord(rec, &r, &t.lineRecs, nil, 0); err != nil {
			return err
		}
		var err error
		docs, err = t.supplierFound(docs, c, seq, &r, "")
		return err
	}
	switch {
	case !ok:
		f, err := t.indexFloor()
		if err != nil {
			return false, err
		}
		floor = min(f, s.last)
		if err := t.scanLag(func(seq uint64, _ journal.ID, rec []byte) error { return take(seq, rec) }); err != nil {
			return false, err
		}
	case high < s.last:
		if err := t.scanLog(high+1, s.last, take); err != nil {
			return false, err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return false, nil
	}
	if !ok {
		// A new generation: a transaction that read the cache empty too
		// reads it again rather than take these as its own.
		c.gen++
		c.ok, c.floor, c.high = true, floor, s.last
		c.read, c.one, c.more = map[string]bool{}, map[uint64]uint64{}, map[uint64][]uint64{}
	}
	if !c.add(docs) {
		return false, nil
	}
	c.high = max(c.high, s.last)
	s.gen, s.synced = c.gen, true
	return true, nil
}

// indexFloor is the last sequence the indexes cover, as the transaction
// sees them.
func (t *Tx) indexFloor() (uint64, error) {
	lag, err := t.lag()
	if err != nil {
		return 0, err
	}
	last, err := t.logTail()
	if err != nil {
		return 0, err
	}
	if lag > last {
		return 0, fmt.Errorf("%w: %d entries lag behind a log of %d", ErrFormat, lag, last)
	}
	return last - lag, nil
}

// scanLog calls fn with the sequence and record of each entry logged
// from first to last. The record is valid only during the call.
func (t *Tx) scanLog(first, last uint64, fn func(seq uint64, rec []byte) error) error {
	logs, err := t.ct.logReader()
	if err != nil {
		return err
	}
	return t.st.Scan(bLog, seqKey(first), seqKey(last+1), false, func(k, v []byte) error {
		if len(k) != 8 {
			return fmt.Errorf("%w: log key %x", ErrFormat, k)
		}
		_, rec, err := logs.open(k, v)
		if err != nil {
			return err
		}
		return fn(u64From(k), rec)
	})
}

// readSupplier makes the cache hold partner's documents, read through
// the partner line index: those of its lines on payable accounts, each
// entry once. It reports false when the cache started afresh meanwhile,
// or cannot take them.
func (t *Tx) readSupplier(partner string) (bool, error) {
	s := t.supplierRefs
	c := s.cache
	c.mu.Lock()
	gen, read, floor := c.gen, c.read[partner], c.floor
	c.mu.Unlock()
	if gen != s.gen {
		return false, nil
	}
	if read {
		return true, nil
	}
	// The cache holds every supplier's documents past floor only: the
	// index must cover the rest. It covers less after a transaction that
	// indexed the lag rolled back, or an index rebuilt.
	if f, err := t.indexFloor(); err != nil {
		return false, err
	} else if f < floor {
		c.mu.Lock()
		if c.gen == gen {
			c.restart()
		}
		c.mu.Unlock()
		return false, nil
	}
	from := str(nil, partner)
	var last uint64
	var r entryRec
	var docs []found
	err := t.scanLines(ixPLines, from, prefixEnd(from), func(k []byte) error {
		_, seq, _, err := lineKeyPos(k)
		if err != nil {
			return err
		}
		if seq == last || seq > s.last {
			return nil // another line of the entry just read, or the transaction's own
		}
		last = seq
		account, _, _ := strings.Cut(string(k[len(from):]), "\x00")
		if a, err := t.Account(account); err != nil {
			return err
		} else if a.Kind != KindPayable {
			return nil
		}
		if err := t.logRecord(seq, &r, 0); err != nil {
			return err
		}
		docs, err = t.supplierFound(docs, c, seq, &r, partner)
		return err
	})
	if err != nil {
		return false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || !c.add(docs) {
		return false, nil
	}
	c.read[strings.Clone(partner)] = true
	return true, nil
}

// supplierFound appends to docs the logged entry r, at seq, when it is a
// supplier document with a reference: for partner only, or for every
// supplier on its payable lines when partner is "".
func (t *Tx) supplierFound(docs []found, c *supplierCache, seq uint64, r *entryRec, partner string) ([]found, error) {
	err := t.supplierRecord(r, partner, func(p string, typ journal.EntryType, ref string) {
		docs = append(docs, found{h: c.hash(p, typ, ref), seq: seq})
	})
	return docs, err
}

// supplierDocAt returns the entry logged at seq when it is a supplier
// document of partner, of type typ, under the normalised reference ref:
// a hash the cache keeps names no document for sure.
func (t *Tx) supplierDocAt(seq uint64, partner string, typ journal.EntryType, ref string) (supplierDoc, bool, error) {
	var r entryRec
	if err := t.logRecord(seq, &r, 0); err != nil {
		return supplierDoc{}, false, err
	}
	match := false
	err := t.supplierRecord(&r, partner, func(_ string, rt journal.EntryType, rref string) {
		match = match || rt == typ && normalRef(rref) == ref
	})
	if err != nil || !match {
		return supplierDoc{}, false, err
	}
	id, err := idFrom(r.ID)
	if err != nil {
		return supplierDoc{}, false, err
	}
	d := supplierDoc{id: id, number: journal.FormatNumber(r.Journal, r.FiscalYear, r.Number), ref: strings.Clone(r.Ref)}
	if d.date, err = journal.DateFromKey(r.Date); err != nil {
		return supplierDoc{}, false, fmt.Errorf("%w: entry %s: %v", ErrFormat, id, err)
	}
	return d, true, nil
}

// supplierRecord calls fn for the logged entry r when it is a supplier
// document with a reference, once for each supplier on its payable lines
// (partner only, when set), with its type and reference as given.
func (t *Tx) supplierRecord(r *entryRec, partner string, fn func(p string, typ journal.EntryType, ref string)) error {
	typ := journal.EntryType(r.Type)
	if !callerDocument(typ, len(r.ReversalOf) > 0, len(r.Origin) > 0 || len(r.Document) > 0) {
		return nil
	}
	if strings.IndexFunc(r.Ref, notSpace) < 0 {
		return nil // no reference
	}
	for i := range r.Lines {
		p := r.Lines[i].Partner
		if p == "" || partner != "" && p != partner {
			continue
		}
		a, err := t.Account(r.Lines[i].Account)
		if errors.Is(err, ErrUnknownAccount) {
			return fmt.Errorf("%w: entry %x on unknown account %s", ErrFormat, r.ID, r.Lines[i].Account)
		} else if err != nil {
			return err
		}
		if a.Kind == KindPayable {
			fn(p, typ, r.Ref)
		}
	}
	return nil
}

func notSpace(r rune) bool { return !unicode.IsSpace(r) }

// callerDocument reports whether an entry of type typ is one the check
// compares: an invoice or a credit note a caller posts, neither a reversal
// nor an entry generated from another (an Origin or a Document).
func callerDocument(typ journal.EntryType, reversal, generated bool) bool {
	return (typ == journal.TypeInvoice || typ == journal.TypeCreditNote) && !reversal && !generated
}
