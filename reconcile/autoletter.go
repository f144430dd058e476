package reconcile

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// AutoRequest asks AutoLetter to propose and apply in one call.
type AutoRequest struct {
	// Operation is the caller's id: a retry with the same id and request
	// returns the first summary (Replay) once the run is complete, and
	// finishes a run that was interrupted; NoID gets a fresh one.
	Operation journal.ID
	// Scope is which accounts and partners to letter.
	Scope Scope
	// Rules switch and tune the rules; the zero value runs the defaults.
	Rules Rules
	// Progress, when set, is called after each chunk is committed with the
	// summary so far.
	Progress func(AutoSummary) `json:"-"`
	// Lettered, when set, is called with each proposal applied, in order,
	// once its chunk is committed: its lines, its rule and its reason, for
	// a caller that shows what was lettered and why. It is not called for
	// a run replayed (AutoSummary.Replay), nor for a chunk another run
	// with the same id applied meanwhile.
	Lettered func(Proposal) `json:"-"`
}

// AutoFailure is a proposal AutoLetter could not apply.
type AutoFailure struct {
	// Proposal is the proposal as it was made.
	Proposal Proposal
	// Err is why it was not applied, as the error's text.
	Err string
}

// AutoSummary is what AutoLetter did.
type AutoSummary struct {
	// Operation is the run's id, the caller's or the one made.
	Operation journal.ID
	// Replay is true when the run had already completed under this id:
	// nothing was written again.
	Replay    bool
	Proposals int          // proposals made
	Applied   int          // proposals applied
	ByRule    map[Rule]int // applied proposals per rule
	Lines     int          // lines lettered
	Partials  int          // partials recorded
	Matches   int          // matches completed, each under a new letter code
	Entries   int          // write-off, discount, exchange and cash-basis entries posted
	// Unmatched are the settling lines left open, with why (the first
	// UnmatchedKept of them; UnmatchedCount counts them all).
	Unmatched        []Unmatched
	UnmatchedCount   int // settling lines left open, Unmatched kept or not
	WorkLimitReached int // payments a combination search stopped at Rules.WorkLimit for (see Proposals)
	// Failed are the proposals not applied, with why (the first
	// FailedKept; FailedCount counts them all).
	Failed []AutoFailure
	// FailedCount counts the proposals not applied, Failed kept or not.
	FailedCount int
}

// FailedKept is how many failed proposals an AutoSummary lists.
const FailedKept = 1000

// add adds what a chunk did to the summary.
func (s *AutoSummary) add(d *AutoSummary) {
	s.Proposals += d.Proposals
	s.Applied += d.Applied
	for r, n := range d.ByRule {
		s.ByRule[r] += n
	}
	s.Lines += d.Lines
	s.Partials += d.Partials
	s.Matches += d.Matches
	s.Entries += d.Entries
	s.UnmatchedCount += d.UnmatchedCount
	s.Unmatched = append(s.Unmatched, d.Unmatched[:min(len(d.Unmatched), UnmatchedKept-len(s.Unmatched))]...)
	s.WorkLimitReached += d.WorkLimitReached
	s.FailedCount += d.FailedCount
	s.Failed = append(s.Failed, d.Failed[:min(len(d.Failed), FailedKept-len(s.Failed))]...)
}

// autoProgress is kept with each chunk AutoLetter applies: what it did and
// where the walk goes on.
type autoProgress struct {
	Done   AutoSummary `json:"d"`
	Cursor cursorRec   `json:"c"`
}

// cursorRec is a cursor as stored.
type cursorRec struct {
	Account int    `json:"a"`
	Partner string `json:"p,omitempty"`
	Started bool   `json:"s,omitempty"`
	Done    bool   `json:"d,omitempty"`
}

func cursorRecOf(c cursor) cursorRec {
	return cursorRec{Account: c.account, Partner: c.partner, Started: c.started, Done: c.done}
}

func (c cursorRec) cursor() cursor {
	return cursor{account: c.Account, partner: c.Partner, started: c.Started, done: c.Done}
}

// autoChunkDone reads the progress kept with chunk id when it was applied.
func (r *Reconciler) autoChunkDone(ctx context.Context, id journal.ID, fp []byte) (autoProgress, bool, error) {
	var p autoProgress
	found := false
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		stored, result, ok, err := t.Operation(id)
		if err != nil || !ok {
			return err
		}
		if string(stored) != string(fp) {
			return fmt.Errorf("%w: operation %s was used for another request", ErrIdempotencyConflict, id)
		}
		var rec chunkRec
		if err := json.Unmarshal(result, &rec); err != nil {
			return fmt.Errorf("reconcile: stored result of %s: %w", id, err)
		}
		found = true
		return json.Unmarshal(rec.Extra, &p)
	})
	if p.Done.ByRule == nil {
		p.Done.ByRule = map[Rule]int{}
	}
	return p, found, err
}

// UnmatchedKept is how many unmatched lines an AutoSummary lists.
const UnmatchedKept = 1000

// AutoChunk is how many proposals AutoLetter makes before applying them:
// it walks the scope partner by partner and commits every AutoChunk
// proposals, so memory is bounded by a chunk and the largest partner.
const AutoChunk = 5000

// autoChunk is AutoChunk, lowered by tests that interrupt a run between
// chunks.
var autoChunk = AutoChunk

// AutoLetter proposes and applies in one call, partner by partner, a
// chunk at a time (see AutoChunk). Proposals that fail (a line lettered
// meanwhile) are reported in the summary and do not stop the others. The
// whole run is one operation: each chunk is committed with what it did and
// where the walk stopped, so that calling again with the same id and
// request after an interruption goes on from there and reports the whole
// run; once complete, the same id returns the run's summary (Replay set)
// and writes nothing, and another request, or another operation, under it
// is refused. The next chunk is proposed while
// one is applied, on the other core; it is proposed again when the chunk
// posted entries (write-offs, exchange differences), which may add lines
// to it.
//
// It returns ErrScope (for a partner the book does not know, wrapping
// ledger.ErrUnknownPartner), ErrRules or ErrIdempotencyConflict, writing
// nothing then; or an error when the book cannot be read or written, or
// the context ends, after the chunks committed so far: calling again
// with the same id goes on from there.
func (r *Reconciler) AutoLetter(ctx context.Context, req AutoRequest) (AutoSummary, error) {
	if err := req.Scope.validate(); err != nil {
		return AutoSummary{}, err
	}
	if err := req.Rules.validate(&r.cfg); err != nil {
		return AutoSummary{}, err
	}
	op := req.Operation
	if op == journal.NoID {
		op = journal.NewID()
	}
	// A retry names the same partners and accounts, maybe in another
	// order (built from a map, say): the walk reads them as a set, and so
	// does the fingerprint.
	body, err := json.Marshal(struct {
		Scope Scope
		Rules Rules
	}{req.Scope.canonical(), req.Rules})
	if err != nil {
		return AutoSummary{}, fmt.Errorf("reconcile: encoding the request: %w", err)
	}
	// The request's digest, not its text, is the fingerprint: it is
	// stored with the operation and with each of its chunks.
	fp := []byte("autoletter\x00" + sha(body))
	var sum AutoSummary
	var done bool
	err = r.book.View(ctx, func(t *ledger.Tx) error {
		stored, result, found, err := t.Operation(op)
		if err != nil {
			return err
		}
		if !found {
			return freshOperation(t, op) // refused before a chunk is written
		}
		if string(stored) != string(fp) {
			return fmt.Errorf("%w: operation %s", ErrIdempotencyConflict, op)
		}
		if string(result) == claimResult {
			return nil // claimed by a run: its chunks say what it did
		}
		done = true // a summary recorded whole (books lettered before runs were claimed)
		return json.Unmarshal(result, &sum)
	})
	if err != nil {
		return AutoSummary{}, err
	}
	if done {
		sum.Replay = true
		return sum, nil
	}
	sum = AutoSummary{Operation: op, ByRule: map[Rule]int{}}
	// Chunk n is recorded under an id derived from op with what it did and
	// where the walk stopped: a run interrupted and called again reads the
	// chunks done, adds them up, and goes on from the last one's cursor;
	// a run complete is read back the same way. The first chunk's commit
	// claims op itself (each chunk's checks it), so that no other
	// operation takes the id of a run begun.
	whole := &claim{op: op, fp: fp}
	applied := false // a chunk applied by this call, not read back
	var c cursor
	// The next chunk is proposed while this one is applied, reading the
	// book as it was before this chunk's commit or after: its groups are
	// not this chunk's, so what it proposes is what it would propose after
	// the commit — unless the chunk posted entries (a write-off, an
	// exchange difference), which may add lines to a later group: it is
	// then proposed again.
	var spec *ahead
	defer func() { spec.discard() }()
	var bufs chunkBufs // the outcomes are counted, then let go
	for n := 0; !c.done; n++ {
		id := derivedID(op, fmt.Sprintf("auto/%d", n))
		chunkFP := fmt.Appendf(append([]byte(nil), fp...), "\x00%d", n)
		progress, found, err := r.autoChunkDone(ctx, id, chunkFP)
		if err != nil {
			return AutoSummary{}, err
		}
		if found {
			spec = spec.discard()
			sum.add(&progress.Done)
			c = progress.Cursor.cursor()
			continue
		}
		var props Proposals
		var next cursor
		a := spec.take(c)
		spec = nil
		if a != nil {
			props, next = a.props, a.next
		} else if err := r.propose(ctx, req.Scope, req.Rules, c, autoChunk, true, &props, &next); err != nil {
			return AutoSummary{}, err
		}
		if !next.done && len(props.Proposals) > 0 {
			spec = r.proposeAhead(ctx, req.Scope, req.Rules, next)
		}
		base := func() AutoSummary {
			return AutoSummary{ByRule: map[Rule]int{}, Proposals: len(props.Proposals), WorkLimitReached: props.WorkLimitReached,
				UnmatchedCount: len(props.Unmatched), Unmatched: props.Unmatched[:min(len(props.Unmatched), UnmatchedKept)]}
		}
		done := base()
		var lettered []int // the proposals applied, of the last attempt
		// Counted from the outcomes inside the chunk's transaction (once
		// per attempt: a proposal failing after it wrote reruns the
		// chunk), and kept with it. A chunk is recorded even with no
		// proposals: another run with the same id may have applied it
		// meanwhile (its lines lettered, nothing is left to propose), and
		// only its record says what that run did.
		count := func(outs []Outcome) (json.RawMessage, error) {
			done = base()
			lettered = lettered[:0]
			for i, o := range outs {
				p := &props.Proposals[i]
				if o.Err != nil {
					done.FailedCount++
					if len(done.Failed) < FailedKept {
						failed := *p
						failed.entries = nil // the caller's copy holds no entries
						done.Failed = append(done.Failed, AutoFailure{Proposal: failed, Err: o.Err.Error()})
					}
					continue
				}
				done.Applied++
				lettered = append(lettered, i)
				done.ByRule[p.Rule]++
				done.Lines += len(p.Lines)
				done.Partials += len(o.Partials)
				done.Matches += len(o.Matches)
				done.Entries += len(o.Entries)
			}
			return json.Marshal(autoProgress{Done: done, Cursor: cursorRecOf(next)})
		}
		if r.beforeAutoApply != nil {
			r.beforeAutoApply(n)
		}
		_, kept, replay, err := r.applyChunk(ctx, id, chunkFP, props.Proposals, true, whole, count, nil, &bufs)
		if err != nil {
			return AutoSummary{}, err
		}
		applied = applied || !replay
		if !replay && req.Lettered != nil {
			for _, i := range lettered {
				p := props.Proposals[i]
				p.entries = nil // the caller's copy holds no entries
				req.Lettered(p)
			}
		}
		if replay { // applied meanwhile by a run with the same id
			var p autoProgress
			if err := json.Unmarshal(kept, &p); err != nil {
				return AutoSummary{}, fmt.Errorf("reconcile: progress of %s: %w", id, err)
			}
			done, next = p.Done, p.Cursor.cursor()
		}
		if done.Entries > 0 {
			spec = spec.discard()
		}
		sum.add(&done)
		c = next
		if req.Progress != nil {
			req.Progress(sum)
		}
	}
	sum.Replay = !applied
	return sum, nil
}

// ahead is a chunk's proposals computed in the background, from a cursor.
type ahead struct {
	from   cursor
	cancel context.CancelFunc
	ready  chan struct{}
	props  Proposals
	next   cursor
	err    error
	// panicked is what proposing panicked with (a bug), raised again on
	// the caller's goroutine, where it can be seen, instead of killing the
	// process from this one.
	panicked any
}

// proposeAhead starts proposing the chunk that begins at from.
func (r *Reconciler) proposeAhead(ctx context.Context, scope Scope, rules Rules, from cursor) *ahead {
	ctx, cancel := context.WithCancel(ctx)
	a := &ahead{from: from, cancel: cancel, ready: make(chan struct{})}
	go func() {
		defer close(a.ready)
		defer func() { a.panicked = recover() }()
		a.err = r.propose(ctx, scope, rules, from, autoChunk, true, &a.props, &a.next)
	}()
	return a
}

// take waits for the proposals and returns them when they are the chunk
// at c and were computed without error; nil otherwise (the caller
// proposes again). Either way a is used up.
func (a *ahead) take(c cursor) *ahead {
	if a == nil {
		return nil
	}
	if a.from != c {
		return a.discard()
	}
	a.wait()
	if a.err != nil {
		return nil
	}
	return a
}

// discard stops the proposals and waits for them to end; it returns nil,
// for the caller's variable.
func (a *ahead) discard() *ahead {
	if a != nil {
		a.cancel()
		a.wait()
	}
	return nil
}

// wait waits for the proposals to end and raises what they panicked with.
func (a *ahead) wait() {
	<-a.ready
	a.cancel()
	if a.panicked != nil {
		panic(a.panicked)
	}
}
