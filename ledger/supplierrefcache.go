package ledger

import (
	"hash/maphash"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/lettrage/lettrage/journal"
)

// supplierCache keeps where the committed supplier documents are, for the
// reference check of the transactions after the one that read them: without
// it, each transaction would read again the whole history of each supplier
// it posts for, and a stream of batches over the same suppliers would cost
// the square of their bills.
//
// It holds, by the hash of (supplier, type, normalised reference), the
// sequence of each supplier document read, and a high-water mark high:
// every supplier document of a supplier in read with a sequence up to
// high is in it, and so is every one of any supplier with a sequence in
// (floor, high], the entries it scanned from the log. The log is append
// only and a Book never sees its store replaced, so a transaction whose
// log ends at L ≥ high reads the entries high+1..L — this process's
// earlier posts and other processes' alike — to bring it to L. What a
// transaction posts itself reaches the cache only so, once committed: a
// rolled-back transaction leaves nothing in it.
//
// A hash names no document: a hit is read from the log and compared
// before anything is refused, so two keys of one hash cost a read, never
// a wrong refusal. A document costs the cache about 40 bytes (a map slot
// of two words); past supplierCacheMax it starts afresh.
type supplierCache struct {
	mu    sync.Mutex
	seed  maphash.Seed
	gen   uint64 // counts the times it started afresh: a transaction's reads merge into the generation they were made in only
	ok    bool   // floor and high are set: a transaction has scanned the lag
	floor uint64 // the indexes covered the log up to floor when the lag was scanned
	high  uint64
	read  map[string]bool     // the suppliers read through the partner line index
	one   map[uint64]uint64   // hash → the sequence of the document under it
	more  map[uint64][]uint64 // hash → the sequences after the first, rarely any
	n     int
	// private: a transaction's own, read by it alone and never bounded
	// (supplierFallback).
	private bool
}

// supplierCacheMax bounds the documents a cache holds; past it, it starts
// afresh (some 40 MB).
const supplierCacheMax = 1 << 20

// newSupplierCache returns an empty cache: the Book's, or a transaction's
// own when it cannot use the Book's (see Tx.supplierCache).
func newSupplierCache() *supplierCache {
	return &supplierCache{seed: maphash.MakeSeed()}
}

// restart empties the cache. c.mu is held.
func (c *supplierCache) restart() {
	c.gen++
	c.ok, c.floor, c.high, c.n = false, 0, 0, 0
	c.read, c.one, c.more = nil, nil, nil
}

// clear forgets everything kept: Check calls it, so that a log or an
// index repaired outside the book is read again.
func (c *supplierCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.restart()
}

// hash is the key of a supplier's document of a type under a reference,
// normalised as normalRef does, without making the normalised string: a
// stream of batches hashes each of its documents twice.
func (c *supplierCache) hash(partner string, typ journal.EntryType, ref string) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	h.WriteString(partner)
	h.WriteByte(0)
	h.WriteByte(byte(typ))
	h.WriteByte(0)
	wrote, space := false, false
	var buf [utf8.UTFMax]byte
	if !isASCII(ref) {
		// Compared as normalRef has it, folding included (the loop's
		// folding of it changes nothing): composition around the folded
		// letters is not done rune by rune.
		ref = normalRef(ref)
	}
	for _, r := range ref {
		if unicode.IsSpace(r) {
			space = wrote
			continue
		}
		if space {
			h.WriteByte(' ')
			space = false
		}
		h.Write(utf8.AppendRune(buf[:0], foldRune(r)))
		wrote = true
	}
	return h.Sum64()
}

// found is a document a transaction read: its key and sequence.
type found struct {
	h   uint64
	seq uint64
}

// add keeps docs. c.mu is held. It reports false, having started
// afresh, when they would fill the cache.
func (c *supplierCache) add(docs []found) bool {
	if c.n+len(docs) > supplierCacheMax && !c.private {
		c.restart()
		return false
	}
	for _, d := range docs {
		s, ok := c.one[d.h]
		switch {
		case !ok:
			c.one[d.h] = d.seq
		case s == d.seq || slices.Contains(c.more[d.h], d.seq):
			continue // read twice: by the lag scan and by its supplier's index
		default:
			c.more[d.h] = append(c.more[d.h], d.seq)
		}
		c.n++
	}
	return true
}

// seqs appends to dst the sequences kept under h up to last, or reports
// false when the cache is no longer of generation gen.
func (c *supplierCache) seqs(dst []uint64, h, last, gen uint64) ([]uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return dst, false
	}
	if s, ok := c.one[h]; ok && s <= last {
		dst = append(dst, s)
	}
	for _, s := range c.more[h] {
		if s <= last {
			dst = append(dst, s)
		}
	}
	return dst, true
}
