package ledger

import (
	"sync"

	"github.com/lettrage/lettrage/journal"
)

// lagCache keeps the entries this Book's batches posted and left lagging
// behind their indexes, so that the catch-up indexes them from memory
// instead of decoding their records again (about a sixth of a batch's
// time on the benchmark stream). An entry is used only when the log holds
// its id at its sequence: a cache out of date (another process indexed the
// lag, a batch rolled back) costs a decode, never a wrong index. It holds
// copies, never the caller's results, and at most batchIndexLag entries
// behind the newest: an entry further behind was indexed by the batch that
// reached the limit.
type lagCache struct {
	mu     sync.Mutex
	m      map[uint64]*journal.Entry
	newest uint64
}

// add keeps copies of the entries a committed batch posted.
func (c *lagCache) add(results []PostResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[uint64]*journal.Entry{}
	}
	n := 0
	for i := range results {
		n += len(results[i].Entry.Lines)
	}
	slab := newLineSlab(n)
	for i := range results {
		r := &results[i]
		if r.Err != nil || r.Replay || r.Entry.Seq == 0 {
			continue
		}
		e := slab.clone(&r.Entry)
		c.m[e.Seq] = &e
		c.newest = max(c.newest, e.Seq)
	}
	if uint64(len(c.m)) > batchIndexLag {
		for seq := range c.m {
			if seq+batchIndexLag <= c.newest {
				delete(c.m, seq)
			}
		}
	}
}

// take returns the entry kept for sequence seq when its id is id, and
// forgets it: it is being indexed (if that transaction rolls back, the
// next catch-up decodes it). Any catch-up of this Book so drains what it
// used, whichever call made it.
func (c *lagCache) take(seq uint64, id journal.ID) (journal.Entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[seq]
	if !ok || e.ID != id {
		return journal.Entry{}, false
	}
	delete(c.m, seq)
	return *e, true
}

// clear forgets every entry: a batch indexed them all.
func (c *lagCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
}
