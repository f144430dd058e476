package ledger

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// Tx is a book transaction, handed to the function given to Book.Update or
// Book.View. Through it a caller reads the book and posts and reverses
// entries, all in one atomic commit; the lettering layer of this module
// also writes its records through it. A Tx is valid only while that
// function runs, on its goroutine.
type Tx struct {
	b  *Book
	st store.Tx // ct: every write goes through it
	ct *chainTx // records chained writes for flush (chain.go)

	// Read caches: configuration read once per transaction.
	accounts map[string]Account
	partners map[string]Partner
	journals map[string]Journal
	years    []FiscalYear
	locks    *LockDates
	closings []Closing

	// Write-back state, flushed once when the function returns: a batch of
	// a thousand entries bumps the sequence counter and a day's aggregate
	// once, not a thousand times.
	counters map[string]uint64
	numNames map[numberSeries]string // counter names number has built (numberName)
	aggs     *aggSet
	heads    map[string][]byte     // journal → hash of its last entry
	puts     []put                 // reused by each post for the puts it applies
	lines    []put                 // line index keys not yet written in blocks (lineindex.go)
	numbers  []put                 // number index keys not yet written in runs (numberindex.go)
	ids      []pendingID           // id index writes not yet written in runs (entryindex.go)
	sorted   []put                 // index writes a catch-up collects, applied sorted (applySorted)
	groups   *putGroups            // orders lines and sorted by group (lineindex.go)
	collect  bool                  // a catch-up is collecting its index writes in sorted
	batch    bool                  // a PostBatch: its indexes may lag BatchIndexLagMax entries
	lagIDs   map[journal.ID]uint64 // lagging ids → sequence, past lagScanMax lagging entries (laggingByMap)
	pipe     *pipeline             // a large batch's, while it posts
	stash    *lagRun               // the index writes a lagging batch's pipeline made, for the catch-up (lagCache)
	slab     lineSlab              // the copies prepare makes: a batch's share arrays
	pack     *logPacker            // makes the stored form of the records it logs (logdict.go)
	recBuf   []byte                // a single post's record, reused when stored compressed
	logBuf   []byte                // a compressed record read, decompressed (logRawTemp)
	getKey   journal.ID            // an id key a Get reads under, reused: a store keeps no Get's key

	// dupRefsAllowed lets supplier documents repeat a reference
	// (AllowDuplicateRefs); supplierRefs are the supplier documents this
	// transaction read or posted, for that check (supplierref.go).
	dupRefsAllowed bool
	supplierRefs   *supplierRefs
	refNext        checkedDoc // the entry checked last, until posted

	// userCounter is the last counter of the layer above nextCounter
	// bumped, with its name in counters: a run of letterings bumps one
	// partner's letter codes one after another, and the name made for
	// each was an allocation.
	userCounter struct{ name, key string }

	// indexing is set once the lag is indexed: entries posted from then on
	// are indexed as they are posted. lagged holds the entries this
	// transaction logged without indexing them (see index.go).
	indexing bool
	lagged   map[journal.ID]*journal.Entry

	seqChecked bool // the posting-sequence counter was compared with the log
	// seqBase is the log's end before the transaction's first post
	// (seqBased): the entries up to it are committed.
	seqBase  uint64
	seqBased bool

	// The configuration chain's head, read once (cfgRead) for the Book's
	// configuration cache (configcache.go).
	cfgSeq        uint64
	cfgHash       []byte
	cfgRead       bool
	noConfigCache bool // Check's: every read from the store

	// decoded keeps the entries read in this transaction, decoded once:
	// posted entries never change, and a lettering reads the same lines
	// several times (to validate, to lower residuals, to match).
	decoded map[journal.ID]*journal.Entry

	// openEntries makes the open items read carry their entry
	// (booktx.KeepOpenEntries).
	openEntries bool
	// claimed are the ids this transaction made for partials it will put
	// under them (newLetterID): new, as an id putPartial makes is.
	claimed map[journal.ID]struct{}

	// stateKey is the scratch buffer of line-state lookups that keep no
	// key: a store keeps the keys and values given to Put until the
	// commit, never a Get's.
	stateKey []byte
	// seqKeyBuf is the scratch buffer of the log lookups of logEntry, and
	// lineRecs the lines of the record it decodes.
	seqKeyBuf []byte
	lineRecs  []lineRec
	// names are the codes the records it decodes repeat, and itemLines
	// the lines of an open item's entry read without keeping it
	// (openItem).
	names     nameTable
	itemLines []journal.Line

	// kept keeps the lettering state of the lines this transaction read
	// or wrote (keptLine).
	kept keptLines

	// partials keeps the partials this transaction read or wrote, as
	// Partial decodes them: a lettering walks the group of the partials it
	// has just written. Every write of one (putPartial, undoPartial) keeps
	// it here too.
	partials keptPartials

	// group is the lettering the layer above opened (beginLettering),
	// written with its match, at the next one or at flush.
	group letterGroup
}

// decodedMax bounds the entries a transaction keeps decoded.
const decodedMax = 8192

// partialsMax bounds the partials a transaction keeps.
const partialsMax = 8192

func newTx(b *Book, st store.Tx) *Tx {
	ct := &chainTx{Tx: st, books: &b.dict}
	return &Tx{b: b, st: ct, ct: ct, accounts: map[string]Account{}, journals: map[string]Journal{},
		counters: map[string]uint64{}, aggs: newAggSet(b.company), heads: map[string][]byte{},
		groups: &putGroups{}}
}

// txScratch holds the arrays a writing transaction collects its index
// writes in (Tx.lines, numbers, sorted), which its Book lends from one
// transaction to the next: a catch-up collects a hundred thousand writes,
// and arrays grown afresh in every transaction were a fifth of what a
// batch allocated. Only the put headers are reused, never the keys and
// values they pointed to, which belong to the store until the commit (see
// put): an array is kept cleared, its elements past its length zero (the
// flushes clear what they wrote before truncating).
//
// It lends the read caches too (Tx.decoded, kept, partials) and the chain
// writes' lists (chainTx.pending), cleared: a lettering of thousands of
// lines grew each of them from nothing in every transaction, a tenth of
// what automatic lettering's apply allocated.
type txScratch struct {
	mu                     sync.Mutex
	lines, numbers, sorted []put
	groups                 *putGroups
	caches                 *txCaches
	pending                *[len(chainKinds)]chainPending
}

// txCaches are a transaction's read caches, as txScratch keeps them.
type txCaches struct {
	decoded  map[journal.ID]*journal.Entry
	kept     keptLines
	partials keptPartials
}

// scratchPutsMax is the longest array a Book keeps between transactions:
// room for the line keys of a catch-up of BatchIndexLagMax entries of up
// to four lines (two keys a line), 18 MiB. A longer one, grown by a huge
// batch, is left to the garbage collector; one too short for a full
// catch-up was grown afresh in every one of them (a tenth of a batch's
// time on the benchmark stream).
const scratchPutsMax = 8 * BatchIndexLagMax

// lend hands t the arrays the last transaction gave back, if no other
// transaction holds them.
func (s *txScratch) lend(t *Tx) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t.lines, t.numbers, t.sorted = s.lines[:0], s.numbers[:0], s.sorted[:0]
	s.lines, s.numbers, s.sorted = nil, nil, nil
	if s.groups != nil {
		t.groups, s.groups = s.groups, nil
	}
	if c := s.caches; c != nil {
		t.decoded, t.kept, t.partials = c.decoded, c.kept, c.partials
		s.caches = nil
	}
	if s.pending != nil {
		t.ct.pending, s.pending = *s.pending, nil
	}
}

// reclaim takes back t's arrays, cleared, once its transaction function
// returned, whether it wrote them or failed halfway.
func (s *txScratch) reclaim(t *Tx) {
	keep := func(p []put) []put {
		clear(p)
		if cap(p) > scratchPutsMax {
			return nil
		}
		return p[:0]
	}
	// Of two transactions that ran at once, the one that grew its arrays
	// the most is kept.
	larger := func(kept *[]put, p []put) {
		if cap(p) >= cap(*kept) {
			*kept = p
		}
	}
	lines, numbers, sorted := keep(t.lines), keep(t.numbers), keep(t.sorted)
	t.lines, t.numbers, t.sorted = nil, nil, nil
	groups := t.groups
	t.groups = &putGroups{}
	// Cleared, they keep their room; what they held goes: the entries
	// handed out stay valid.
	c := &txCaches{decoded: t.decoded, kept: t.kept, partials: t.partials}
	clear(c.decoded)
	c.kept.reset()
	c.partials.reset()
	t.decoded, t.kept, t.partials = nil, keptLines{}, keptPartials{}
	pending := new([len(chainKinds)]chainPending)
	for i := range t.ct.pending {
		t.ct.pending[i].reset() // what a failed transaction noted
		pending[i], t.ct.pending[i] = t.ct.pending[i], chainPending{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groups = groups
	s.caches = c
	s.pending = pending
	larger(&s.lines, lines)
	larger(&s.numbers, numbers)
	larger(&s.sorted, sorted)
}

// Book returns the transaction's book.
func (t *Tx) Book() *Book { return t.b }

// The years a book's clock may give: stored as Unix nanoseconds, a time
// fits between 1678 and 2262.
const (
	clockYearMin = 1678
	clockYearMax = 2261
)

// Counter names. Numbering counters are "num", journal, fiscal-year start.
const (
	ctrSeq  = "seq"
	ctrLock = "lock"
	ctrUser = "user\x00" // prefix of the layer above's counters
	// ctrIDTop holds, instead of a count, the greatest entry id in the log
	// (16 bytes): an id above it is new without a lookup (chainTx.aboveIDTop).
	ctrIDTop = "idtop"
)

func numberCounter(j string, fy FiscalYear) string {
	return string(u32(str([]byte("num\x00"), j), fy.Start.Key()))
}

// numberSeries is a journal's numbering in a fiscal year, named by its
// start.
type numberSeries struct {
	journal string
	start   journal.Date
}

// numberName is numberCounter, built once a transaction for each series:
// a batch numbers a thousand entries in a few series, and building the
// name for each cost three allocations an entry.
func (t *Tx) numberName(j string, fy FiscalYear) string {
	s := numberSeries{j, fy.Start}
	if name, ok := t.numNames[s]; ok {
		return name
	}
	if t.numNames == nil {
		t.numNames = map[numberSeries]string{}
	}
	name := numberCounter(j, fy)
	t.numNames[s] = name
	return name
}

func (t *Tx) counter(name string) (uint64, error) {
	if n, ok := t.counters[name]; ok {
		return n, nil
	}
	v, err := t.st.Get(bCounter, []byte(name))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return 0, nil
	case err != nil:
		return 0, err
	case len(v) != 8:
		return 0, fmt.Errorf("%w: counter of %d bytes", ErrFormat, len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// checkSeq verifies that the posting-sequence counter n is the log's last
// sequence number.
func (t *Tx) checkSeq(n uint64) error {
	last, _, err := t.ct.logEnd()
	if err != nil {
		return err
	}
	if last != n {
		return fmt.Errorf("%w: the posting sequence counter says %d, the log ends at %d", ErrIntegrity, n, last)
	}
	return nil
}

// logEnd returns the posting-sequence counter, the log's last sequence
// number, for the reads that trust it: handing out the next log key, and
// finding the lagging entries. A counter behind the log (lowered, or
// deleted) would make a post write over an acknowledged entry: it is
// compared with the log's last key once per transaction.
func (t *Tx) logEnd() (uint64, error) {
	n, err := t.counter(ctrSeq)
	if err != nil || t.seqChecked {
		return n, err
	}
	if err := t.checkSeq(n); err != nil {
		return 0, err
	}
	t.seqChecked = true
	return n, nil
}

// next returns the counter's next value, from 1.
func (t *Tx) next(name string) (uint64, error) {
	var n uint64
	var err error
	if name == ctrSeq {
		n, err = t.logEnd()
	} else {
		n, err = t.counter(name)
	}
	if err != nil {
		return 0, err
	}
	if name == ctrSeq && !t.seqBased {
		t.seqBase, t.seqBased = n, true
	}
	n++
	t.counters[name] = n
	return n, nil
}

// nextCounter increments the named counter of the layer above (a letter
// code sequence, say) and returns its new value, from 1. Counters never go
// back: a value handed out is never handed out again.
func (t *Tx) nextCounter(name string) (uint64, error) {
	if c := &t.userCounter; c.key == "" || c.name != name {
		c.name, c.key = name, ctrUser+name
	}
	return t.next(t.userCounter.key)
}

// advanceCounter sets the named counter of the layer above to n, above
// its value (counters never go back; it panics otherwise).
func (t *Tx) advanceCounter(name string, n uint64) error {
	at, err := t.counter(ctrUser + name)
	if err != nil {
		return err
	}
	if n <= at {
		panic(fmt.Sprintf("ledger: counter %q advanced to %d from %d", name, n, at))
	}
	t.counters[ctrUser+name] = n
	return nil
}

// Counter returns the named counter's current value (0 if never bumped).
func (t *Tx) Counter(name string) (uint64, error) { return t.counter(ctrUser + name) }

// flush writes the counters and aggregates accumulated by the transaction,
// then appends what it wrote of the configuration and the lettering records
// to their chains (chain.go): last, since counters are chained too.
func (t *Tx) flush() error {
	// Times are stored as Unix nanoseconds: a clock the book cannot store
	// would be read back as another time.
	if now := t.b.clock(); now.Year() < clockYearMin || now.Year() > clockYearMax {
		return fmt.Errorf("%w: %s", ErrClock, now)
	}
	if err := t.catchUpIfFar(); err != nil {
		return err
	}
	if err := t.closeLettering(); err != nil {
		return err
	}
	if err := t.flushLineStates(); err != nil {
		return err
	}
	if err := t.flushLines(); err != nil {
		return err
	}
	if err := t.flushNumbers(); err != nil {
		return err
	}
	if err := t.flushEntryIDs(); err != nil {
		return err
	}
	for j, h := range t.heads {
		if err := t.st.Put(ixHead, []byte(j), h); err != nil {
			return err
		}
	}
	for name, n := range t.counters {
		if err := t.st.Put(bCounter, []byte(name), binary.BigEndian.AppendUint64(nil, n)); err != nil {
			return err
		}
	}
	if err := t.flushAggs(); err != nil {
		return err
	}
	if err := t.ct.flushIDTop(); err != nil {
		return err
	}
	clear(t.counters)
	clear(t.heads)
	return t.ct.appendChains()
}

// flushAggs adds the aggregate movements the transaction accumulated to
// the stored aggregates. flush calls it once at the end; the reads of
// aggregates call it first, so that a transaction reads what it posted and
// what it indexed (a catch-up adds the lag's movements).
func (t *Tx) flushAggs() error {
	if len(t.aggs.m) == 0 {
		return nil
	}
	if err := t.aggs.rollUp(); err != nil {
		return err
	}
	type stored struct {
		b, k []byte
		d    *aggDelta
		cur  currency.Currency
		// series is the (account, partner, currency) of a year aggregate
		// (aggYearsKey), nil at the other levels, and year its year: a new
		// year aggregate may widen its series' years (noteAggYears).
		series []byte
		year   uint32
	}
	aggs := make([]stored, 0, len(t.aggs.m))
	for k, d := range t.aggs.m {
		b, sk, code, err := aggStored([]byte(k))
		if err != nil {
			return err
		}
		cur, err := t.aggCurrencyOf(code)
		if err != nil {
			return err
		}
		a := stored{b: b, k: sk, d: d, cur: cur}
		if k[len(k)-5] == aggYear {
			a.series, a.year = []byte(k[:len(k)-5]), binary.BigEndian.Uint32([]byte(k[len(k)-4:]))
		}
		aggs = append(aggs, a)
	}
	// bbolt writes sorted keys along one path instead of hopping between
	// pages.
	slices.SortFunc(aggs, func(a, b stored) int {
		if c := bytes.Compare(a.b, b.b); c != 0 {
			return c
		}
		return bytes.Compare(a.k, b.k)
	})
	var newYears []int // of aggs: new year aggregates
	for i, a := range aggs {
		old, found, err := t.storedAgg(a.b, a.k, a.cur)
		if err != nil {
			return err
		}
		if !found && a.series != nil {
			newYears = append(newYears, i)
		}
		sum, err := old.plus(a.d)
		if err != nil {
			return err
		}
		if err := t.st.Put(a.b, a.k, appendAggValue(nil, &sum)); err != nil {
			return err
		}
	}
	for _, i := range newYears {
		if err := t.noteAggYears(aggs[i].series, aggs[i].year); err != nil {
			return err
		}
	}
	t.aggs.reset()
	return nil
}

// readAgg reads a stored aggregate, zero when there is none.
func (t *Tx) readAgg(bucket, k []byte, cur currency.Currency) (aggDelta, error) {
	out, _, err := t.storedAgg(bucket, k, cur)
	return out, err
}

// storedAgg reads a stored aggregate and whether there is one, zero when
// there is none.
func (t *Tx) storedAgg(bucket, k []byte, cur currency.Currency) (aggDelta, bool, error) {
	out := aggDelta{debit: currency.Zero(t.b.company), credit: currency.Zero(t.b.company)}
	if !cur.IsZero() {
		out.amountCurrency = currency.Zero(cur)
	}
	v, err := t.st.Get(bucket, k)
	if errors.Is(err, store.ErrNotFound) {
		return out, false, nil
	} else if err != nil {
		return out, false, err
	}
	out, err = decodeAgg(v, t.b.company, cur)
	return out, true, err
}
