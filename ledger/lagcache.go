package ledger

import (
	"sync"

	"github.com/lettrage/lettrage/journal"
)

// lagCache keeps the index writes of the entries this Book's batches
// posted and left lagging behind their indexes — computed by each batch's
// encoder on its second core while the batch posted — so that the
// catch-up applies them instead of decoding those entries again and
// indexing them on the transaction's goroutine. A batch's writes are used
// only when every entry it left lagging is still lagging, its id at its
// sequence in the log: a cache out of date (another process indexed the
// lag, a batch rolled back) costs a decode, never a wrong index. It holds
// at most batchIndexLag entries behind the newest.
type lagCache struct {
	mu   sync.Mutex
	runs []*lagRun
	per  int // index writes a line in the last run added, in 1/1024ths: to size the next run
}

// lagRun is what one committed batch left lagging: its entries' sequences
// and ids, in posting order, their index writes (indexPuts: keys and
// values of their own, never handed to a store yet) and their aggregate
// movements.
type lagRun struct {
	seqs  []uint64
	ids   []journal.ID
	puts  []put
	aggs  *aggSet
	lines int // the batch's lines
}

// add keeps the run of a committed batch.
func (c *lagCache) add(r *lagRun) {
	if r == nil || len(r.seqs) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if r.lines > 0 {
		c.per = len(r.puts) * 1024 / r.lines
	}
	c.runs = append(c.runs, r)
	newest := r.seqs[len(r.seqs)-1]
	keep := c.runs[:0]
	for _, x := range c.runs {
		if x.seqs[len(x.seqs)-1]+batchIndexLag > newest { // a run further behind was indexed by the batch that reached the limit
			keep = append(keep, x)
		}
	}
	clear(c.runs[len(keep):])
	c.runs = keep
}

// take returns the runs whose every entry is among the lagging ones, at
// its sequence (lagSpan.lagging), and
// forgets every run: they are being indexed (if that transaction rolls
// back, the next catch-up decodes them).
func (c *lagCache) take(lagging *lagSpan) []*lagRun {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*lagRun
	for _, r := range c.runs {
		ok := true
		for i, seq := range r.seqs {
			if !lagging.lagging(seq, r.ids[i]) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	clear(c.runs)
	c.runs = c.runs[:0]
	return out
}

// putsPerLine is how many index writes a line the last run kept took, in
// 1/1024ths; 0 before the first.
func (c *lagCache) putsPerLine() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.per
}

// empty reports whether no run is kept.
func (c *lagCache) empty() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.runs) == 0
}

// clear forgets every run: a batch indexed them all.
func (c *lagCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.runs)
	c.runs = c.runs[:0]
}
