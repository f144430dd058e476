package ledger

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"sync/atomic"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// Check verifies every stored-state invariant over the whole book and
// returns a *CheckError listing the problems found, or nil:
//
//  1. every entry decodes, balances and has canonical amounts;
//  2. all lines sum to zero; every index holds exactly the keys and values
//     the log gives — the id, number and origin indexes, the lines by
//     account and by partner (their values too), the reversal links — and
//     the year, month and day aggregates are the sums of the lines, and
//     the first and last year stored for each account, partner and
//     currency are those of its lines; the configuration records are well
//     formed;
//  3. every entry's hash verifies and chains in its journal; every
//     reversal mirrors its original; no entry dated on or before a closed
//     fiscal year's end was posted after its closing, and the closings
//     are 1..n, of the first n fiscal years; the configuration and lettering
//     chains verify, and every current configuration record, partial,
//     match, operation record, event and counter of the layer above is the
//     one its chain last recorded;
//  4. entry numbers per journal and fiscal year are 1..n and their counters
//     say n; the posting sequence is 1..n;
//  5. every reconcilable line's stored residual is its balance minus its
//     live partials, with the balance's sign or zero; the open-items and
//     live-partial indexes agree;
//  6. every partial links a debit and a credit line of one reconcilable
//     account (and one partner on receivable/payable accounts), in those
//     lines' currencies, and names recorded operations; tombstones are
//     consistent;
//  7. every live match's lines are at zero residual and indexed as matched,
//     its partials are live, and every match holds its code;
//  8. every generated entry points to an existing partial or operation, and
//     is reversed once that partial is undone;
//  9. for a document with taxes due on payment, the live cash-basis and
//     discount entries that name it have moved from its transition
//     accounts neither more than its tax nor the wrong way, and once it is
//     settled (whatever settled it), exactly its tax, in its currency and
//     in the company currency.
//
// Check reads one consistent snapshot in a single read transaction: a walk
// over several transactions could see a write land between two chunks and
// report a problem that is not there. On bbolt a long read transaction
// delays a writer that must grow the file; run Check when the book is
// quiet.
//
// Memory does not grow with the book. Check walks the log once, one entry
// at a time, and recomputes every index key and value the entry must have.
// It compares each index as a whole: the walk adds every expected key and
// value to a digest of that index — a sum of hashes keyed by a random seed
// drawn for each Check, so that damage cannot be made to cancel out without
// knowing it — and one sequential read of the index sums what it holds;
// equal counts and digests prove the index holds exactly what the records
// give. Only when an index differs does Check walk again, looking each key
// up (from the log to the index) and each stray key's entry up in the log
// (from the index to the log), to name every missing key, wrong value and
// stray key. Aggregates are summed in memory from the entries the walk
// decodes while there are at most a few thousand of them; beyond, they are
// recomputed from the line indexes, once those are proved equal to the
// log: in key order each account's (and each partner's) lines come by
// date, so a day's, a month's and a year's sums are complete when the date
// moves on. Partials, matches, operation records and events are walked
// bucket by bucket with lookups into the log and the indexes; the
// configuration and lettering records are read beside their chains, a few
// hundred at a time.
//
// What Check holds at once, then: one entry; the sums of one account (or
// partner) for one day, month and year, per currency, or at most a few
// thousand aggregates; a count per journal and fiscal year and a hash per
// journal; at most 1 024 decoded entries and as many accounts; at most
// CheckProblemsMax problems (the rest are counted in CheckError.Omitted).
// That is a few megabytes whatever the number of entries, lines and
// lettering records.
//
// On a store that can verify its own structure (store.Verifier, which
// boltstore is), Check first has it do so, and returns its error, which
// matches store.ErrCorrupt, before reading the book.
func (b *Book) Check(ctx context.Context) error {
	// What this Book kept of the configuration and of the supplier
	// documents is read again afterwards: a record repaired outside the
	// book leaves the chain's head, and the log's end, as they were.
	b.config.clear()
	if b.supplier != nil {
		b.supplier.clear()
	}
	// The store's own structure first: a damaged page can hide records
	// from lookups while scans still see them.
	if v, ok := b.st.(store.Verifier); ok {
		if err := v.VerifyStructure(ctx); err != nil {
			return err
		}
	}
	var problems []Problem
	omitted := 0
	err := b.view(ctx, func(t *Tx) error {
		c, err := runCheck(ctx, t, false)
		if err == nil && c.suspect {
			// An index differs from what the records give: walk again,
			// looking every key up, to name each difference.
			checkLookupRuns.Add(1)
			c, err = runCheck(ctx, t, true)
		}
		if err != nil {
			return err
		}
		problems, omitted = c.problems, c.omitted
		return nil
	})
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return &CheckError{Problems: problems, Omitted: omitted}
	}
	return nil
}

// checkLookupRuns counts the Checks that found an index differing from its
// digest: tests assert a sound book never does.
var checkLookupRuns atomic.Int64

// runCheck runs every step of Check over t, comparing the indexes by
// digest, or with lookup set, key by key.
func runCheck(ctx context.Context, t *Tx, lookup bool) (*checker, error) {
	// Check reads what is stored, not what this Book kept of it: a record
	// changed outside the book leaves the configuration chain's head as
	// it was.
	t.noConfigCache = true
	c := newChecker(ctx, t, lookup)
	for _, step := range c.steps() {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// CheckProblemsMax is the most problems a CheckError lists: a book damaged
// throughout would otherwise fill memory with them.
const CheckProblemsMax = 1000

// checkCacheMax bounds each of Check's caches (decoded entries, accounts):
// a cache that reaches it starts again empty.
const checkCacheMax = 1024

// checker is the state of one Check.
type checker struct {
	ctx      context.Context
	t        *Tx
	company  currency.Currency
	problems []Problem
	omitted  int

	// lookup makes the passes look every expected index key up; otherwise
	// they add it to its index's digest, and suspect says some index did
	// not match its digest.
	lookup  bool
	suspect bool
	seeds   [2]maphash.Seed

	log      logTally
	keys     map[string]*keyTally // index bucket → what the records expect of it
	entries  map[journal.ID]*cachedEntry
	accounts map[string]*Account // nil: unknown account
	// codeCounters caches the letter-code counters read, by key.
	codeCounters map[string]uint64
	closed       []Closing // the closings that decode, in order
	scratch      scratch
	logs         *logReader // reads the log's values (logReader)
}

func newChecker(ctx context.Context, t *Tx, lookup bool) *checker {
	c := &checker{ctx: ctx, t: t, company: t.b.company, keys: map[string]*keyTally{},
		entries: map[journal.ID]*cachedEntry{}, accounts: map[string]*Account{}, codeCounters: map[string]uint64{},
		lookup: lookup, seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
	c.log = newLogTally(c.company)
	c.scratch.aggs = newAggSet(c.company)
	return c
}

// steps are Check's passes, in order. Each reports what it finds with add
// and returns an error only when the store fails (or ctx is done). A new
// check of the book — an invariant of the lettering layer, say — is one
// more step at the end, reading through c.t and reporting with c.add; the
// log, lettering and index passes before it have already proved the
// records and indexes it reads.
func (c *checker) steps() []func() error {
	return []func() error{
		c.configuration, // fiscal years, accounts, partners, journals, rates, locks, closings, counters
		c.walkLog,       // entries, journal chains, and each entry's index keys and values
		c.numbering,     // numbers 1..n per journal and year; the posting sequence
		c.partials,      // partials against their lines; live-partial index
		c.matches,       // matches against their lines; matched and code indexes
		c.operations,    // operation records
		c.events,        // event logs
		c.strayKeys,     // no index key that no record explains
		c.aggregates,    // year, month and day sums from the proved line indexes
		c.recordChains,  // configuration and lettering records against their chains
	}
}

// add records a problem, up to CheckProblemsMax.
func (c *checker) add(inv int, where, format string, args ...any) {
	if len(c.problems) == CheckProblemsMax {
		c.omitted++
		return
	}
	c.problems = append(c.problems, Problem{Invariant: inv, Where: where, What: fmt.Sprintf(format, args...)})
}

// keyTally is what the records expect of one index bucket: how many keys,
// and their digest; in lookup mode, how many of them the index lacked.
// Stored residuals, which the records do not all imply, count with the
// values the walk read (counted). The index holds stray keys exactly when
// it holds more than expected − missing.
type keyTally struct {
	expected, missing uint64
	sum               pairSum
}

// pairSum is the digest of a set of key-value pairs: a sum of keyed hashes,
// so the same pairs give the same digest in any order.
type pairSum [2]uint64

func (c *checker) tally(bucket []byte) *keyTally {
	k := c.keys[string(bucket)]
	if k == nil {
		k = &keyTally{}
		c.keys[string(bucket)] = k
	}
	return k
}

// sum adds the pair (key, value) to d.
func (c *checker) sum(d *pairSum, key, value []byte) {
	b := c.scratch.pair[:0]
	b = binary.AppendUvarint(b, uint64(len(key)))
	b = append(append(b, key...), value...)
	c.scratch.pair = b
	d[0] += maphash.Bytes(c.seeds[0], b)
	d[1] += maphash.Bytes(c.seeds[1], b)
}

// counted notes a key the walk found in bucket by reading it, with its
// value, where no record says it must be there (a line's stored residual):
// the index pass counts it among the keys explained.
func (c *checker) counted(bucket, key, value []byte) {
	k := c.tally(bucket)
	k.expected++
	if !c.lookup {
		c.sum(&k.sum, key, value)
	}
}

// expect notes that bucket must hold key with value want. In lookup mode it
// reads the key and returns what the bucket holds; otherwise it adds the
// pair to the bucket's digest, which the index pass compares, and returns
// want as found.
func (c *checker) expect(bucket, key, want []byte) ([]byte, bool, error) {
	k := c.tally(bucket)
	k.expected++
	if !c.lookup {
		c.sum(&k.sum, key, want)
		return want, true, nil
	}
	v, found, err := c.get(bucket, key)
	if err == nil && !found {
		k.missing++
	}
	return v, found, err
}
