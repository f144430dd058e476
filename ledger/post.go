package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/tax"
)

// Post validates and posts one entry inside the transaction. It returns the
// stored entry and whether it is a replay: an entry with the same id and the
// same caller input was already posted, and nothing was written. Every check
// runs before the first write, so an error leaves the transaction as it
// was. Like Book.Post it refuses an entry whose Origin or Document is set
// (ErrOrigin): only the book and the lettering layer post generated
// entries.
//
// Errors: a *journal.ValidationError (listing every problem: the journal
// package's and ErrUnknownAccount, ErrInactiveAccount, ErrPartnerRequired,
// ErrUnknownPartner, ErrAccountCurrency, ErrNoRate, ErrTaxWithoutBase
// wrapped in *journal.LineError, and ErrDocumentDirection), ErrUnknownJournal, ErrNoFiscalYear, ErrLocked,
// ErrYearClosed (which matches ErrLocked too), ErrIdempotencyConflict, ErrBookFull, ErrOrigin,
// ErrDuplicateReference (a *DuplicateReferenceError: a supplier bill or
// credit note repeating its supplier's reference, see AllowDuplicateRefs), and for reversals
// ErrNotFound, ErrReverseReversal, ErrAlreadyReversed, ErrLettered,
// ErrNotMirror, ErrReversalDate.
func (t *Tx) Post(in journal.Entry) (journal.Entry, bool, error) {
	if in.Origin != journal.NoID || in.Document != journal.NoID {
		return journal.Entry{}, false, fmt.Errorf("%w: origin %s, document %s", ErrOrigin, in.Origin, in.Document)
	}
	return t.postGenerated(in)
}

// postGenerated is Post for the entries the book and the lettering layer
// generate: it takes an Origin and a Document.
func (t *Tx) postGenerated(in journal.Entry) (journal.Entry, bool, error) {
	var r PostResult
	err := t.post(in, &r)
	return r.Entry, r.Replay, err
}

// post is Post, its outcome in *r. In a batch's pipeline, an entry that
// passes its checks is only numbered and queued: *r is set when its writes
// are applied (see pipeline.go).
func (t *Tx) post(in journal.Entry, r *PostResult) error { return t.postAs(in, nil, r) }

// postAs is post for an entry the book built from a caller's request
// (a reversal): fp is the fingerprint of that request, which is what a
// retry must match, not of the entry, which holds what the book decided
// (a date moved past the lock date). fp nil means in is the caller's input.
func (t *Tx) postAs(in journal.Entry, fp []byte, r *PostResult) error {
	// The input in one form for what the book reads the same, so that a
	// retry spelling out what the first call left implied is a retry.
	given, ownInput := in, fp == nil
	canonicalInput(&in, t.b.company)
	// An id the book makes now cannot be in the book: no lookup.
	fresh := in.ID == journal.NoID
	if fresh {
		in.ID = journal.NewID()
	}
	// The log put reads the greatest-id counter too, and refuses it when
	// damaged: read it now, so that a refusal comes before prepare moves
	// the numbering counters (an error leaves the transaction as it was).
	if err := t.ct.readIDTop(); err != nil {
		return err
	}
	if t.pipe != nil && (in.ReversalOf != journal.NoID || !fresh && t.pipe.inFlight(in.ID)) {
		// These checks read earlier entries: they must be in the store.
		if err := t.pipe.drain(); err != nil {
			return err
		}
	}
	// A caller's id above every id logged is new: its fingerprint is left to
	// the batch's encoder, on the other core.
	above, err := fresh, error(nil)
	if !fresh {
		above, err = t.ct.aboveIDTop(in.ID)
		if err != nil {
			return err
		}
	}
	if !above {
		if fp == nil {
			fp = fingerprint(&in)
		}
		stored, found, err := t.entryRec(in.ID)
		if err != nil {
			return err
		}
		if found {
			// An entry posted by a version of the book that kept the
			// input as given is a retry of that input too.
			if !bytes.Equal(stored.Input, fp) && (!ownInput || !bytes.Equal(stored.Input, fingerprint(&given))) {
				return fmt.Errorf("%w: entry %s", ErrIdempotencyConflict, in.ID)
			}
			e, err := stored.entry(t)
			*r = PostResult{Entry: e, Replay: true}
			return err
		}
	}
	e, fy, err := t.prepare(&in)
	if err != nil {
		return err
	}
	if err := t.checkSupplierRef(&e); err != nil {
		return err
	}
	// A damaged journal head is refused before the entry is numbered, so
	// that the refusal leaves the numbering as it was (a replay, which
	// writes nothing, is not refused). The journal is known by now.
	if _, err := t.head(e.Journal); err != nil {
		return err
	}
	if t.pipe != nil && e.ReversalOf == journal.NoID {
		if err := t.pipe.post(&in, &e, fy, fp, !fresh, r); err != nil {
			return err
		}
		return t.supplierPosted(&e)
	}
	if fp == nil {
		fp = fingerprint(&in)
	}
	if err := t.write(&e, fy, fp); err != nil {
		return err
	}
	*r = PostResult{Entry: e}
	return t.supplierPosted(&e)
}

// canonicalInput writes in in the one form of what the book reads the
// same: the company's currency named is none named, and in a
// company-currency entry a line's currency amount is its balance, given
// or not (only the balance is kept; the other taken for it when it alone
// is given). It never writes to the caller's lines: they are copied
// first.
func canonicalInput(in *journal.Entry, company currency.Currency) {
	if in.Currency == company {
		in.Currency = currency.Currency{}
	}
	if !in.Currency.IsZero() {
		return
	}
	copied := false
	for i := range in.Lines {
		l := in.Lines[i]
		if !l.AmountCurrency.IsSet() || l.AmountCurrency.Currency() != company ||
			l.Balance.IsSet() && (l.Balance.Currency() != company || !l.Balance.Equal(l.AmountCurrency)) {
			continue
		}
		if !copied {
			in.Lines, copied = slices.Clone(in.Lines), true
		}
		in.Lines[i].Balance, in.Lines[i].AmountCurrency = l.AmountCurrency, currency.Amount{}
	}
}

// fingerprintSize is how much of a SHA-256 an entry keeps of its caller's
// input: 128 bits tell a retry from another request under the same id
// (the hash chain, not the fingerprint, is what detects tampering).
const fingerprintSize = 16

// fingerprint is the SHA-256 of the caller's canonical input, cut to
// fingerprintSize: the entry as given, book-assigned fields cleared,
// omitted amounts kept distinct from zero ones. It must hold nothing the
// book assigns or fills in (numbers, dates moved past a lock, defaults): a
// retry compares it with the first call's, whatever the book decided in
// between.
func fingerprint(in *journal.Entry) []byte {
	c := *in
	c.FiscalYear, c.Number, c.Seq, c.Hash = "", 0, 0, [32]byte{}
	c.PostedAt = time.Time{}
	buf := recordBuffers.Get().(*[]byte)
	defer recordBuffers.Put(buf)
	*buf = appendEntry((*buf)[:0], &c, nil, false)
	h := sha256.Sum256(*buf)
	return h[:fingerprintSize]
}

func (t *Tx) entryRec(id journal.ID) (entryRec, bool, error) {
	v, found, err := t.entryRaw(id)
	if err != nil || !found {
		return entryRec{}, false, err
	}
	r, err := decodeLogRecord(v)
	if err != nil {
		return entryRec{}, false, err
	}
	return r, true, nil
}

// entryRaw returns the stored record of entry id, valid until the
// transaction reads another (logRawTemp): through the id index, or for an
// entry still lagging behind its indexes, from the tail of the log.
func (t *Tx) entryRaw(id journal.ID) ([]byte, bool, error) {
	if above, err := t.ct.aboveIDTop(id); err != nil || above {
		return nil, false, err
	}
	seq, err := t.entrySeq(id)
	if errors.Is(err, store.ErrNotFound) {
		return t.laggingRaw(id)
	} else if err != nil {
		return nil, false, err
	}
	rid, rec, err := t.logRawTemp(seq)
	if err != nil {
		return nil, false, fmt.Errorf("entry %s: %w", id, err)
	}
	if rid != id {
		return nil, false, fmt.Errorf("%w: entry %s indexed at %x, where the log holds %s", ErrFormat, id, seq, rid)
	}
	return rec, true, nil
}

// entrySeq returns the log key the entry index holds for id, or
// store.ErrNotFound. Ids the book makes, and most callers' (UUIDv7),
// ascend: an id above the greatest the index holds is not in it, and is
// known so without a lookup (a batch of new entries checks a thousand ids
// against one key).
func (t *Tx) entrySeq(id journal.ID) ([]byte, error) {
	if err := t.flushEntryIDs(); err != nil {
		return nil, err
	}
	top, err := t.ct.entryTopKey()
	if err != nil {
		return nil, err
	}
	if top == nil || bytes.Compare(id[:], top) > 0 {
		return nil, store.ErrNotFound
	}
	return t.indexedSeq(id)
}

// logEntry returns the entry logged under seq.
func (t *Tx) logEntry(seq uint64) (journal.Entry, error) {
	var r entryRec
	if err := t.logRecord(seq, &r, 0); err != nil {
		return journal.Entry{}, err
	}
	return r.entryWith(t.b.company, t.currencyOf)
}

// logRecord reads the record logged under seq into r, in place: r is to
// be turned into an entry (entryInto) before the transaction's next read
// of the log. only is cborReader.only.
func (t *Tx) logRecord(seq uint64, r *entryRec, only int) error {
	// The key, a lookup's, in the transaction's scratch buffer.
	t.seqKeyBuf = binary.BigEndian.AppendUint64(t.seqKeyBuf[:0], seq)
	_, raw, err := t.logRawTemp(t.seqKeyBuf)
	if err != nil {
		return err
	}
	return readLogRecord(raw, r, &t.lineRecs, &t.names, only)
}

// logRaw returns the id and hashed record logged under a sequence key
// (splitLogRecord), a compressed one decompressed into a fresh buffer.
func (t *Tx) logRaw(seq []byte) (journal.ID, []byte, error) {
	v, err := t.logValue(seq)
	if err != nil {
		return journal.NoID, nil, err
	}
	return t.ct.openLog(seq, v, nil)
}

// logRawTemp is logRaw for a caller that keeps nothing of the record: a
// compressed one is decompressed into the transaction's buffer, valid
// until the next call (a report reads a record for each line).
func (t *Tx) logRawTemp(seq []byte) (journal.ID, []byte, error) {
	v, err := t.logValue(seq)
	if err != nil {
		return journal.NoID, nil, err
	}
	id, raw, err := t.ct.openLog(seq, v, t.logBuf)
	if err == nil && packed(v) {
		t.logBuf = raw[:0] // ours, never the store's
	}
	return id, raw, err
}

// logValue returns the log value stored under a sequence key.
func (t *Tx) logValue(seq []byte) ([]byte, error) {
	v, err := t.st.Get(bLog, seq)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%w: no log record at sequence %x", ErrFormat, seq)
	}
	return v, err
}

// A log value is the entry's chain hash, then its record, plain or
// compressed (logdict.go): the hash beside the record it covers. Readers
// see the hashed record, hash then plain record (splitLogRecord). The
// entry's id is read from the record's first bytes without decoding it
// (recordID).
const logHeader = sha256.Size

// recordIDPrefix is how every record's encoding starts after its map
// header: key 0, the format version, key 1, a byte string of 16. The
// encoding is deterministic (keys in order), so the id sits at bytes 5 to
// 21.
var recordIDPrefix = []byte{0x00, formatVersion, 0x01, 0x50}

// recordID returns the id of an encoded entry record: from its first bytes
// when they have the layout every record written by this version has, by
// decoding otherwise.
func recordID(rec []byte) (journal.ID, error) {
	if len(rec) >= 21 && rec[0]&0xe0 == 0xa0 && bytes.Equal(rec[1:5], recordIDPrefix) {
		return journal.ID(rec[5:21]), nil
	}
	var r struct {
		ID []byte `cbor:"1,keyasint"`
	}
	if err := decode(rec, &r); err != nil {
		return journal.NoID, err
	}
	return idFrom(r.ID)
}

// decodeLogRecord decodes a hashed record, its Hash set from the stored
// hash.
func decodeLogRecord(raw []byte) (entryRec, error) {
	var r entryRec
	if len(raw) <= sha256.Size {
		return r, fmt.Errorf("%w: entry record of %d bytes", ErrFormat, len(raw))
	}
	if !readEntryRec(raw[sha256.Size:], &r, false, nil) {
		return decodeLogRecordSlow(raw)
	}
	r.Hash = bytes.Clone(raw[:sha256.Size])
	return r, nil
}

// decodeLogEntry decodes a hashed record into its entry. The record's
// byte strings (ids, hash, input fingerprint) and amounts are read in
// place, not copied: the entry copies what it keeps of them, and nothing
// else outlives the call (three allocations a record, when auto-lettering
// reads a record for each open item). lines, when set, lends the record
// its lines (a transaction's buffer, reused by its next call).
func decodeLogEntry(raw []byte, company currency.Currency, resolve func(string) (currency.Currency, error), lines *[]lineRec) (journal.Entry, error) {
	var r entryRec
	if err := readLogRecord(raw, &r, lines, nil, 0); err != nil {
		return journal.Entry{}, err
	}
	return r.entryWith(company, resolve)
}

// readLogRecord reads a hashed record into r as decodeLogEntry does, to
// be turned into an entry before raw changes: through the fast reader
// (names, when set, its name table; only, cborReader.only), or by
// reflection, every line then, when the fast reader refuses it.
func readLogRecord(raw []byte, r *entryRec, lines *[]lineRec, names *nameTable, only int) error {
	if len(raw) <= sha256.Size {
		return fmt.Errorf("%w: entry record of %d bytes", ErrFormat, len(raw))
	}
	rd := cborReader{b: raw[sha256.Size:], view: true, lines: lines, names: names, only: only}
	if !rd.entryRec(r) {
		slow, err := decodeLogRecordSlow(raw)
		if err != nil {
			return err
		}
		*r = slow
		return nil
	}
	r.Hash = raw[:sha256.Size:sha256.Size]
	return nil
}

// decodeLogRecordSlow is decodeLogRecord of a record the fast reader does
// not take, through the general decoder. Apart, so that the record the
// fast path reads stays off the heap: the general decoder's argument
// escapes, and every record decoded would pay for it.
func decodeLogRecordSlow(raw []byte) (entryRec, error) {
	var r entryRec
	if err := decode(raw[sha256.Size:], &r); err != nil {
		return r, err
	}
	r.Hash = bytes.Clone(raw[:sha256.Size])
	return r, nil
}

// recordIntact reports whether a hashed record still matches its hash,
// chained to prev, the hash of its journal's entry before it (chainHash).
func recordIntact(d hash.Hash, prev, raw []byte) bool {
	h := chainHash(d, prev, raw[sha256.Size:])
	return bytes.Equal(h[:], raw[:sha256.Size])
}

// Entry returns a posted entry by id, or ErrNotFound.
func (t *Tx) Entry(id journal.ID) (journal.Entry, error) {
	e, err := t.entryShared(id)
	if err != nil {
		return journal.Entry{}, err
	}
	return e.Clone(), nil
}

// entryShared returns a posted entry, decoded once per transaction. The
// caller must not modify it.
func (t *Tx) entryShared(id journal.ID) (*journal.Entry, error) {
	if e, ok := t.decoded[id]; ok {
		return e, nil
	}
	r, found, err := t.entryRec(id)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("%w: entry %s", ErrNotFound, id)
	}
	e, err := r.entry(t)
	if err != nil {
		return nil, err
	}
	t.keepDecoded(&e)
	return &e, nil
}

// keepEntry keeps e, a posted entry read in an earlier transaction of the
// book, as if this one had decoded it (see booktx.KeepEntry), unless it
// holds that entry already.
func (t *Tx) keepEntry(e *journal.Entry) {
	if _, ok := t.decoded[e.ID]; !ok {
		t.keepDecoded(e)
	}
}

// keepDecoded remembers a decoded entry for the rest of the transaction.
func (t *Tx) keepDecoded(e *journal.Entry) {
	if t.decoded == nil {
		t.decoded = make(map[journal.ID]*journal.Entry, 64)
	} else if len(t.decoded) >= decodedMax {
		clear(t.decoded) // keeps the map's room; the entries handed out stay valid
	}
	t.decoded[e.ID] = e
}

// BookEntriesMax is the most entries a book holds: 10^12, a million entries
// a day for 2 700 years. With journal.EntryLinesMax lines per entry and
// journal.AmountMinorUnitsMax minor units per line amount, it bounds every
// total the book keeps — a balance or aggregate per account, partner,
// currency and period, the sum of all lines, a residual, a batch's
// movements —, since each sums some of at most 10^12 × 10^4 lines of less
// than 10^18 minor units: less than 10^34 minor units, which fit in
// currency.AmountDigitsMax (34) digits. An amount the book accepted can
// therefore never make a total it keeps unreadable. It is below 2^48 too,
// the sequences a line's position in the index keys holds (appendLinePos).
// Posting past it returns ErrBookFull.
const BookEntriesMax = 1_000_000_000_000

// The bound above, checked by the compiler: a constant out of range does
// not convert.
const (
	_ = uint(currency.AmountDigitsMax - 34)
	_ = uint64(1e34 - 1 - BookEntriesMax*journal.EntryLinesMax*journal.AmountMinorUnitsMax)
)

// prepare checks the input against the book and resolves its amounts. It
// writes nothing.
func (t *Tx) prepare(in *journal.Entry) (journal.Entry, FiscalYear, error) {
	if seq, err := t.counter(ctrSeq); err != nil {
		return journal.Entry{}, FiscalYear{}, err
	} else if seq >= BookEntriesMax {
		return journal.Entry{}, FiscalYear{}, ErrBookFull
	}
	e := t.slab.clone(in)
	e.FiscalYear, e.Number, e.Seq, e.Hash = "", 0, 0, [32]byte{}
	e.PostedAt = time.Time{}
	if e.Currency == t.b.company {
		e.Currency = currency.Currency{} // one form for "company currency"
	}
	if len(e.Lines) > journal.EntryLinesMax {
		return e, FiscalYear{}, &journal.ValidationError{Problems: []error{journal.ErrTooManyLines}}
	}
	if !e.Currency.IsZero() {
		if ok, err := t.knows(e.Currency); err != nil {
			return e, FiscalYear{}, err
		} else if !ok {
			return e, FiscalYear{}, &journal.ValidationError{Problems: []error{
				fmt.Errorf("%w: %s (%d decimals)", ErrUnit, e.Currency, e.Currency.Digits())}}
		}
	}
	if e.Journal != "" {
		if _, err := t.Journal(e.Journal); err != nil {
			return e, FiscalYear{}, err
		}
	}
	var fy FiscalYear
	if !e.Date.IsZero() {
		var err error
		if fy, err = t.FiscalYear(e.Date); err != nil {
			return e, FiscalYear{}, err
		}
	}
	generated := e.Origin != journal.NoID || e.ReversalOf != journal.NoID
	problems, touchesTax, err := t.resolveLines(&e, generated)
	if err != nil {
		return e, FiscalYear{}, err
	}
	if verr := e.Validate(t.b.company); verr != nil {
		var ve *journal.ValidationError
		if errors.As(verr, &ve) {
			problems = append(problems, rootCauses(problems, ve.Problems)...)
		}
	}
	if !generated {
		problems = append(problems, taxesWithoutBase(&e)...)
	}
	if len(problems) > 0 {
		return e, FiscalYear{}, &journal.ValidationError{Problems: problems}
	}
	locks, err := t.LockDates()
	if err != nil {
		return e, FiscalYear{}, err
	}
	if err := locks.Refusal(e.Date, touchesTax); err != nil {
		return e, FiscalYear{}, err
	}
	if e.ReversalOf != journal.NoID {
		if err := t.checkReversal(&e); err != nil {
			return e, FiscalYear{}, err
		}
	}
	return e, fy, nil
}

// taxesWithoutBase refuses each tax line of an entry with base lines
// whose tax none of them carries (ErrTaxWithoutBase), as Odoo ties a
// tax line to its tax and the base lines to theirs: a VAT return reports
// a tax with its base. An entry without base lines (a VAT adjustment, a
// settlement) is not checked. Taxes are told apart by their id and rate,
// as the VAT report keys them: a tax line under the base's id at another
// rate is another tax.
func taxesWithoutBase(e *journal.Entry) []error {
	var based []tax.Tax
	for _, l := range e.Lines {
		if l.TaxRole == tax.RoleBase {
			based = append(based, l.Taxes...)
		}
	}
	if len(based) == 0 {
		return nil
	}
	carried := func(t tax.Tax) bool {
		return slices.ContainsFunc(based, func(b tax.Tax) bool { return b.ID == t.ID && b.Rate.Equal(t.Rate) })
	}
	var out []error
	for i, l := range e.Lines {
		if l.TaxRole != tax.RoleTax || len(l.Taxes) != 1 || carried(l.Taxes[0]) {
			continue
		}
		var names []string
		for _, b := range based {
			if n := b.ID + " " + b.Rate.String() + " %"; !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		out = append(out, &journal.LineError{Index: i, Err: fmt.Errorf("%w: %s %s %% on %s, while the base lines carry %s: tag the line with their tax",
			ErrTaxWithoutBase, l.Taxes[0].ID, l.Taxes[0].Rate, l.Account, strings.Join(names, ", "))})
	}
	return out
}

// rootCauses returns the problems Validate found, less those of lines the
// book already reported: a line whose rate is missing has no balance, and
// "amount in the wrong currency" would only repeat that.
func rootCauses(reported, found []error) []error {
	seen := map[int]bool{}
	for _, p := range reported {
		var le *journal.LineError
		if errors.As(p, &le) {
			seen[le.Index] = true
		}
	}
	out := found[:0:0]
	for _, p := range found {
		var le *journal.LineError
		if errors.As(p, &le) && seen[le.Index] {
			continue
		}
		out = append(out, p)
	}
	return out
}

// resolveLines checks each line's account and partner and fills the
// amounts the input omitted: a missing currency amount equals the balance in
// a company-currency entry and is zero (a balance-only line) in a foreign
// one; a missing balance is the currency amount, or its conversion at the
// rate of the entry's date.
func (t *Tx) resolveLines(e *journal.Entry, generated bool) (problems []error, touchesTax bool, err error) {
	company := t.b.company
	cur := e.Currency
	if cur.IsZero() {
		cur = company
	}
	var rate *currency.Rate
	var converted []int
	// The lines on the customers' and suppliers' accounts of an invoice or
	// a credit note, for its direction (checkDirection).
	var partnerLines [4]partnerLine
	sides := partnerLines[:0]
	document := e.IsDocument() && e.ReversalOf == journal.NoID
	for i := range e.Lines {
		l := &e.Lines[i]
		lineErr := func(err error) { problems = append(problems, &journal.LineError{Index: i, Err: err}) }
		if l.Account != "" {
			a, err := t.Account(l.Account)
			switch {
			case errors.Is(err, ErrUnknownAccount):
				lineErr(err)
			case err != nil:
				return nil, false, err
			default:
				touchesTax = touchesTax || lineTouchesTax(a, l)
				if !a.Active && !generated {
					lineErr(fmt.Errorf("%w: %s", ErrInactiveAccount, a.Code))
				}
				if a.Kind.NeedsPartner() && l.Partner == "" {
					lineErr(fmt.Errorf("%w: %s", ErrPartnerRequired, a.Code))
				}
				if document && (a.Kind == KindReceivable || a.Kind == KindPayable) {
					sides = append(sides, partnerLine{i, a.Kind})
					if cur != company && l.Balance.IsSet() && !l.Balance.IsZero() && (!l.AmountCurrency.IsSet() || l.AmountCurrency.IsZero()) {
						lineErr(fmt.Errorf("%w: %s owes %s and no %s", ErrDocumentAmount, a.Code, l.Balance, cur))
					}
				}
				if !a.Currency.IsZero() && a.Currency != cur {
					lineErr(fmt.Errorf("%w: %s is in %s, the line in %s", ErrAccountCurrency, a.Code, a.Currency, cur))
				}
			}
		}
		if l.Partner != "" {
			if _, err := t.Partner(l.Partner); errors.Is(err, ErrUnknownPartner) {
				lineErr(err)
			} else if err != nil {
				return nil, false, err
			}
		}
		switch {
		case !l.Balance.IsSet() && !l.AmountCurrency.IsSet():
			lineErr(journal.ErrNoAmount)
		case !l.AmountCurrency.IsSet() && cur == company:
			l.AmountCurrency = l.Balance
		case !l.AmountCurrency.IsSet():
			l.AmountCurrency = currency.Zero(cur)
		case !l.Balance.IsSet() && cur == company:
			l.Balance = l.AmountCurrency
		case !l.Balance.IsSet():
			if l.AmountCurrency.Currency() != cur {
				continue // Validate reports the wrong currency
			}
			if rate == nil {
				r, _, err := t.Rate(cur, e.Date)
				if errors.Is(err, ErrNoRate) {
					lineErr(err)
					continue
				} else if err != nil {
					return nil, false, err
				}
				rate = &r
			}
			b, err := rate.ToCompany(l.AmountCurrency, company, t.b.rounding)
			if err != nil {
				lineErr(err)
				continue
			}
			l.Balance = b
			converted = append(converted, i)
		}
	}
	if len(problems) == 0 && len(converted) > 0 {
		if err := t.absorbRounding(e, converted); err != nil {
			return nil, false, err
		}
	}
	if len(problems) == 0 && len(sides) > 0 {
		if err := checkDirection(e, sides); err != nil {
			problems = append(problems, err)
		}
	}
	return problems, touchesTax, nil
}

// partnerLine is a line of a document on a receivable or payable account.
type partnerLine struct {
	index int
	kind  AccountKind
}

// checkDirection refuses an invoice or a credit note that runs the wrong
// way (DocumentTypeOf): a credit note debiting 411000 is an invoice in all
// but name, and the engine reads a document's type to say whose money it
// is: its VAT's sign, whether a run may pay it, what a payment settles.
// Reversals run the other way by definition and are not checked.
func checkDirection(e *journal.Entry, sides []partnerLine) error {
	receivable, payable, ok := partnerSums(func(yield func(*journal.Line, AccountKind) bool) {
		for _, s := range sides {
			if !yield(&e.Lines[s.index], s.kind) {
				return
			}
		}
	})
	if !ok {
		return nil // Validate reports the amounts
	}
	for _, side := range [...]struct {
		kind  AccountKind
		sum   currency.Amount
		party string
	}{{KindReceivable, receivable, "its customer"}, {KindPayable, payable, "its supplier"}} {
		if side.sum.Sign() == 0 || sideType(side.kind, side.sum) == e.Type {
			continue
		}
		what, way := "an invoice", "debits"
		if e.Type == journal.TypeCreditNote {
			what = "a credit note"
		}
		if (side.kind == KindPayable) != (e.Type == journal.TypeCreditNote) {
			way = "credits"
		}
		return fmt.Errorf("%w: %s %s %s; this one does the opposite (%s): post it as the other type",
			ErrDocumentDirection, what, way, side.party, side.sum)
	}
	return nil
}

// DocumentTypeOf returns the type a document with these lines has, the
// one the book checks it against: an invoice debits its customer and
// credits its supplier, a credit note the other way. The lines on
// receivable accounts decide, else those on payable accounts; kindOf gives
// an account's kind. ok is false when neither adds up to anything, or a
// line has no balance.
func DocumentTypeOf(lines []journal.Line, kindOf func(account string) AccountKind) (typ journal.EntryType, ok bool) {
	receivable, payable, ok := partnerSums(func(yield func(*journal.Line, AccountKind) bool) {
		for i := range lines {
			if !yield(&lines[i], kindOf(lines[i].Account)) {
				return
			}
		}
	})
	switch {
	case !ok:
		return 0, false
	case receivable.Sign() != 0:
		return sideType(KindReceivable, receivable), true
	case payable.Sign() != 0:
		return sideType(KindPayable, payable), true
	}
	return 0, false
}

// partnerSums adds up the balances of the lines on receivable and on
// payable accounts among those lines gives with their accounts' kinds
// (zero sums when there are none); ok is false for a line without a
// balance or sums out of range.
func partnerSums(lines iter.Seq2[*journal.Line, AccountKind]) (receivable, payable currency.Amount, ok bool) {
	for l, kind := range lines {
		sum := &receivable
		switch kind {
		case KindReceivable:
		case KindPayable:
			sum = &payable
		default:
			continue
		}
		if !l.Balance.IsSet() {
			return receivable, payable, false
		}
		if !sum.IsSet() {
			*sum = l.Balance
			continue
		}
		next, err := sum.Add(l.Balance)
		if err != nil {
			return receivable, payable, false
		}
		*sum = next
	}
	return receivable, payable, true
}

// sideType is the type of document a non-zero sum on a receivable or a
// payable account makes: a debit to a customer or a credit from a
// supplier is an invoice, the other way a credit note.
func sideType(kind AccountKind, sum currency.Amount) journal.EntryType {
	if (sum.Sign() > 0) == (kind == KindReceivable) {
		return journal.TypeInvoice
	}
	return journal.TypeCreditNote
}

// absorbRounding gives the conversion's rounding difference to the last
// converted receivable/payable line, or to the largest converted line, when
// the entry balances in its own currency. A difference larger than one
// minor unit per converted line is not rounding: it is left for Validate
// to report as unbalanced.
func (t *Tx) absorbRounding(e *journal.Entry, converted []int) error {
	company := t.b.company
	sumBal, sumCur := currency.Zero(company), currency.Zero(e.Lines[0].AmountCurrency.Currency())
	for i := range e.Lines {
		var err error
		if sumBal, err = sumBal.Add(e.Lines[i].Balance); err != nil {
			return nil // mixed currencies: Validate reports them
		}
		if sumCur, err = sumCur.Add(e.Lines[i].AmountCurrency); err != nil {
			return nil
		}
	}
	if sumBal.IsZero() || !sumCur.IsZero() {
		return nil
	}
	if limit := currency.FromMinor(company, int64(len(converted))); cmp(sumBal.Abs(), limit) > 0 {
		return nil
	}
	target := -1
	for _, i := range converted {
		if a, err := t.Account(e.Lines[i].Account); err == nil && a.Kind.NeedsPartner() {
			target = i
		}
	}
	if target < 0 {
		for _, i := range converted {
			if target < 0 || cmp(e.Lines[i].Balance.Abs(), e.Lines[target].Balance.Abs()) > 0 {
				target = i
			}
		}
	}
	adjusted, err := e.Lines[target].Balance.Sub(sumBal)
	if err != nil {
		return err
	}
	if adjusted.Sign()*e.Lines[target].AmountCurrency.Sign() < 0 {
		return nil // would flip the line: leave it to Validate
	}
	e.Lines[target].Balance = adjusted
	return nil
}

// checkReversal enforces the reversal rules: the original exists, is not a
// reversal, is not reversed yet, has no live partials, and e mirrors it.
func (t *Tx) checkReversal(e *journal.Entry) error {
	orig, err := t.Entry(e.ReversalOf)
	if errors.Is(err, ErrNotFound) {
		what := "is not in the book"
		if e.ReversalOf == e.ID {
			what = "is the entry itself"
		}
		return fmt.Errorf("%w: the entry it reverses (ReversalOf %s) %s", ErrNotFound, e.ReversalOf, what)
	}
	if err != nil {
		return err
	}
	if orig.IsReversal() {
		return fmt.Errorf("%w: %s reverses %s", ErrReverseReversal, orig.Name(), orig.ReversalOf)
	}
	if _, err := t.st.Get(bReversed, orig.ID[:]); err == nil {
		return fmt.Errorf("%w: %s", ErrAlreadyReversed, orig.Name())
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if lettered, err := t.hasLivePartials(&orig); err != nil {
		return err
	} else if lettered {
		return fmt.Errorf("%w: %s", ErrLettered, orig.Name())
	}
	// An entry a live partial generated (an exchange difference, a
	// cash-basis share) goes with it: undo that partial, which reverses it.
	if orig.Origin != journal.NoID {
		if p, err := t.Partial(orig.Origin); err == nil && p.Live() {
			return fmt.Errorf("%w: %s was generated by a live lettering; undo that instead", ErrLettered, orig.Name())
		} else if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	if !mirrors(&orig, e) {
		return fmt.Errorf("%w: %s", ErrNotMirror, orig.Name())
	}
	if e.Date.Before(orig.Date) {
		return fmt.Errorf("%w: %s is dated %s, its reversal %s", ErrReversalDate, orig.Name(), orig.Date, e.Date)
	}
	return nil
}

// mirrors reports whether rev is orig reversed: what the engine reads of
// an entry — type, document kind, origin, and each line's account,
// partner, due date and tax snapshot — as in orig, with every amount
// negated. Only the text (label, reference) and the date may differ: a
// hand-built reversal is then as good as Reverse's and cannot carry a type,
// an origin or a tax snapshot its original never had.
func mirrors(orig, rev *journal.Entry) bool {
	if orig.Journal != rev.Journal || len(orig.Lines) != len(rev.Lines) || orig.Currency != rev.Currency ||
		orig.Type != rev.Type || orig.DocKind != rev.DocKind || orig.Origin != rev.Origin || orig.Document != rev.Document {
		return false
	}
	for i := range orig.Lines {
		o, r := &orig.Lines[i], &rev.Lines[i]
		if o.Account != r.Account || o.Partner != r.Partner || o.DueDate != r.DueDate ||
			o.TaxRole != r.TaxRole || !slices.EqualFunc(o.Taxes, r.Taxes, tax.Tax.Equal) ||
			!o.Balance.Neg().Equal(r.Balance) || !o.AmountCurrency.Neg().Equal(r.AmountCurrency) {
			return false
		}
	}
	return true
}

// hasLivePartials reports whether a line of e has a live partial.
func (t *Tx) hasLivePartials(e *journal.Entry) (bool, error) {
	for i := range e.Lines {
		st, _, err := t.storedLineState(e, i)
		if err != nil {
			return false, err
		}
		if len(st.live) > 0 {
			return true, nil
		}
	}
	return false, nil
}

// write assigns the number, sequence, timestamp and hash of a prepared
// entry and appends it to the log: its record under its sequence number,
// and its journal's new chain head. Its indexes follow at once in an indexing
// transaction, or later from the log (see index.go).
func (t *Tx) write(e *journal.Entry, fy FiscalYear, fp []byte) error {
	pk, err := t.logPacker() // before the entry is numbered: an error leaves the numbering as it was
	if err != nil {
		return err
	}
	if err := t.number(e, fy); err != nil {
		return err
	}
	prev, err := t.head(e.Journal)
	if err != nil {
		return err
	}
	v, err := logValueOf(e, fp, pk, t.recBuf)
	if err != nil {
		return err
	}
	t.recBuf = nil
	if !v.shared() {
		t.recBuf = v.rec
	}
	var hash []byte
	t.puts, hash = logPuts(t.puts[:0], e, v, prev)
	if err := t.applyLog(e, t.puts); err != nil {
		return err
	}
	t.heads[e.Journal] = hash
	return t.logged(e)
}

// number assigns e its sequence, its number in its journal and fiscal year,
// and its posting time.
func (t *Tx) number(e *journal.Entry, fy FiscalYear) error {
	seq, err := t.next(ctrSeq)
	if err != nil {
		return err
	}
	if seq > BookEntriesMax {
		// prepare refused it already; asserted again here, where every
		// posting path passes, since the index keys hold no sequence past
		// it (linePosSeqMax).
		return ErrBookFull
	}
	n, err := t.next(t.numberName(e.Journal, fy))
	if err != nil {
		return err
	}
	e.FiscalYear, e.Number, e.Seq, e.PostedAt = fy.Label, int64(n), seq, t.b.clock().UTC()
	return nil
}

// head returns the hash of the last entry of journal j, nil for none: the
// chain head stored, or the one this transaction moved it to (written once,
// by flush).
func (t *Tx) head(j string) ([]byte, error) {
	if h, ok := t.heads[j]; ok {
		return h, nil
	}
	h, err := t.st.Get(ixHead, []byte(j))
	if errors.Is(err, store.ErrNotFound) {
		// The journal's first entry, unless it has entries and lost its
		// head: chained to nothing, the next entry would fork the chain.
		n, err := t.storedEntries(j)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, fmt.Errorf("%w: journal %s has %d entries and no head hash", ErrFormat, j, n)
		}
		return nil, nil
	}
	if err == nil && len(h) != sha256.Size {
		// The next hash would cover it: refuse rather than chain onto it.
		return nil, fmt.Errorf("%w: the head of journal %s is %d bytes, not a hash", ErrFormat, j, len(h))
	}
	return h, err
}

// storedEntries is how many entries journal j had when the transaction
// began, as its stored numbering counters tell (written with its head, by
// flush).
func (t *Tx) storedEntries(j string) (uint64, error) {
	years, err := t.FiscalYears()
	if err != nil {
		return 0, err
	}
	var n uint64
	for _, y := range years {
		v, err := t.st.Get(bCounter, []byte(numberCounter(j, y)))
		switch {
		case errors.Is(err, store.ErrNotFound):
			continue
		case err != nil:
			return 0, err
		case len(v) != 8:
			return 0, fmt.Errorf("%w: counter of %d bytes", ErrFormat, len(v))
		}
		n += binary.BigEndian.Uint64(v)
	}
	return n, nil
}

// index writes the indexes of a logged entry (see indexPuts).
func (t *Tx) index(e *journal.Entry) error {
	fy, err := t.FiscalYear(e.Date)
	if err != nil {
		return err
	}
	reconcilable, err := t.reconcilable(nil, e)
	if err != nil {
		return err
	}
	if t.puts, err = indexPuts(t.puts[:0], e, fy.Start, reconcilable, t.aggs, nil); err != nil {
		return err
	}
	return t.applyIndex(t.puts)
}

// reconcilable appends to dst, for each line of e, whether its account is
// reconcilable.
func (t *Tx) reconcilable(dst []bool, e *journal.Entry) ([]bool, error) {
	for i := range e.Lines {
		a, err := t.Account(e.Lines[i].Account)
		if err != nil {
			return nil, err
		}
		dst = append(dst, a.Reconcilable)
	}
	return dst, nil
}

// cmp compares two amounts the book knows share a currency; a mismatch is a
// bug, not an input error.
func cmp(a, b currency.Amount) int {
	c, err := a.Cmp(b)
	if err != nil {
		panic(fmt.Sprintf("ledger: %v", err))
	}
	return c
}
