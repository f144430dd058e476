package ledger

import (
	"context"
	"runtime"
	"sync"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// groupCommit batches concurrent single posts into one transaction, so that
// n writers pay for one fsync instead of n. There is no timer and no size
// tuned to a writer count: the first writer to find no commit running leads;
// it commits everything queued, then hands leadership to the first writer
// that queued meanwhile, if any. A lone writer commits at once.
type groupCommit struct {
	mu      sync.Mutex
	queue   []*pending
	leading bool
	// crowded says the last group had company: more than one writer in
	// it, or writers queued behind it. Only then does the next leader
	// yield before it takes the queue (see commitQueued); a writer handed
	// leadership always does, since it was queued behind a group.
	crowded bool
}

type pending struct {
	ctx  context.Context
	e    journal.Entry
	res  PostResult
	err  error
	done chan struct{}
	lead chan struct{} // signalled when this writer must lead the next group
}

func (g *groupCommit) post(ctx context.Context, b *Book, e journal.Entry) (PostResult, error) {
	if err := ctx.Err(); err != nil {
		return PostResult{Err: err}, err
	}
	p := &pending{ctx: ctx, e: e, done: make(chan struct{}), lead: make(chan struct{}, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, p)
	leader, crowded := !g.leading, g.crowded
	g.leading = true
	g.mu.Unlock()
	if !leader {
		// A queued writer always waits for its outcome, even if ctx is
		// cancelled meanwhile: leadership may be handed to it, and then
		// writers were queued behind the last group.
		select {
		case <-p.done:
		case <-p.lead:
			g.commitQueued(b, true)
		}
	} else {
		g.commitQueued(b, crowded)
	}
	<-p.done
	if p.err != nil {
		return PostResult{Err: p.err}, p.err
	}
	if p.res.Err != nil {
		return p.res, p.res.Err
	}
	return p.res, b.afterWrite(ctx)
}

// commitQueued commits the queue as one group, then passes leadership on.
// crowded says the last group had company (groupCommit.crowded).
func (g *groupCommit) commitQueued(b *Book, crowded bool) {
	// Let the writers the last commit released run first: they queue again
	// at once, and join this group instead of waiting a whole commit for
	// the next one. No count or delay is tuned: one yield of the scheduler.
	// A lone writer, posting one entry after another, has no one to wait
	// for: its yield woke an idle thread for nothing, a seventh of a post's
	// CPU on a store in memory.
	if crowded {
		runtime.Gosched()
	}
	g.mu.Lock()
	group := g.queue
	g.queue = nil
	g.mu.Unlock()

	commitGroup(b, group)

	g.mu.Lock()
	g.crowded = len(group) > 1 || len(g.queue) > 0
	if len(g.queue) > 0 {
		g.queue[0].lead <- struct{}{}
	} else {
		g.leading = false
	}
	g.mu.Unlock()
}

func commitGroup(b *Book, group []*pending) {
	live := group[:0:0]
	for _, p := range group {
		if err := p.ctx.Err(); err != nil {
			p.err = err // cancelled before its group started: not posted
			close(p.done)
			continue
		}
		live = append(live, p)
	}
	if len(live) == 0 {
		return
	}
	in := make([]journal.Entry, len(live))
	for i, p := range live {
		in[i] = p.e
	}
	results := make([]PostResult, len(live))
	// The group outlives any one writer's context: a writer that joined it
	// gets its outcome, whatever happens to the others.
	err := b.st.Update(context.Background(), func(st store.Tx) error {
		t := newTx(b, st)
		b.scratch.lend(t)
		defer b.scratch.reclaim(t)
		clear(results)
		if _, err := postAll(t, in, results); err != nil {
			return err
		}
		return t.flush()
	})
	for i, p := range live {
		if err != nil {
			p.err = err
		} else {
			p.res = results[i]
		}
		close(p.done)
	}
}
