package reconcile

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// AutoRequest asks AutoLetter to propose and apply in one call.
type AutoRequest struct {
	// Operation is the caller's id: a retry with the same id and request
	// returns the first summary (Replay) once the run is complete, and
	// finishes a run that was interrupted; NoID gets a fresh one.
	Operation journal.ID
	Scope     Scope
	Rules     Rules
	// Progress, when set, is called after each chunk is committed with the
	// summary so far.
	Progress func(AutoSummary) `json:"-"`
}

// AutoFailure is a proposal AutoLetter could not apply.
type AutoFailure struct {
	Proposal Proposal
	Err      string
}

// AutoSummary is what AutoLetter did.
type AutoSummary struct {
	Operation journal.ID
	Replay    bool
	Proposals int          // proposals made
	Applied   int          // proposals applied
	ByRule    map[Rule]int // applied proposals per rule
	Lines     int          // lines lettered
	Partials  int
	Matches   int
	Entries   int // write-off and exchange entries posted
	// Unmatched are the settling lines left open, with why (the first
	// UnmatchedKept of them; UnmatchedCount counts them all).
	Unmatched        []Unmatched
	UnmatchedCount   int
	WorkLimitReached int
	Failed           []AutoFailure
}

// UnmatchedKept is how many unmatched lines an AutoSummary lists.
const UnmatchedKept = 1000

// AutoChunk is how many proposals AutoLetter makes before applying them:
// it walks the scope partner by partner and commits every AutoChunk
// proposals, so memory is bounded by a chunk and the largest partner.
const AutoChunk = 5000

// AutoLetter proposes and applies in one call, partner by partner, a
// chunk at a time (see AutoChunk). Proposals that fail (a line lettered
// meanwhile) are reported in the summary and do not stop the others. The
// whole run is one operation: when interrupted, calling again with the
// same id letters what is still open; once complete, the same id returns
// the recorded summary.
//
// It returns ErrScope, ErrRules, ErrIdempotencyConflict, or an error when
// the book cannot be read or written.
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
	body, err := json.Marshal(struct {
		Scope Scope
		Rules Rules
	}{req.Scope, req.Rules})
	if err != nil {
		return AutoSummary{}, fmt.Errorf("reconcile: encoding the request: %w", err)
	}
	fp := append([]byte("autoletter\x00"), body...)
	var sum AutoSummary
	var done bool
	err = r.book.View(ctx, func(t *ledger.Tx) error {
		stored, result, found, err := t.Operation(op)
		if err != nil || !found {
			return err
		}
		if string(stored) != string(fp) {
			return fmt.Errorf("%w: operation %s", ErrIdempotencyConflict, op)
		}
		done = true
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
	var c cursor
	for !c.done {
		var props Proposals
		var next cursor
		if err := r.propose(ctx, req.Scope, req.Rules, c, AutoChunk, &props, &next); err != nil {
			return AutoSummary{}, err
		}
		c = next
		sum.Proposals += len(props.Proposals)
		sum.WorkLimitReached += props.WorkLimitReached
		sum.UnmatchedCount += len(props.Unmatched)
		for _, u := range props.Unmatched {
			if len(sum.Unmatched) < UnmatchedKept {
				sum.Unmatched = append(sum.Unmatched, u)
			}
		}
		if len(props.Proposals) == 0 {
			continue
		}
		// A chunk's id comes from its content: after an interruption the
		// lines it lettered are no longer proposed, so a retry never meets
		// a chunk it applied under another content.
		recs := make([]proposalRec, len(props.Proposals))
		for i, p := range props.Proposals {
			recs[i] = proposalRec{Account: p.Account, Lines: p.Lines, Seen: p.Seen, WriteOff: p.WriteOff.IsSet()}
		}
		digest, err := json.Marshal(recs)
		if err != nil {
			return AutoSummary{}, err
		}
		applied, err := r.Apply(ctx, derivedID(op, "auto/"+sha(digest)), props.Proposals)
		if err != nil {
			return AutoSummary{}, err
		}
		for i, o := range applied.Outcomes {
			p := &props.Proposals[i]
			if o.Err != nil {
				sum.Failed = append(sum.Failed, AutoFailure{Proposal: *p, Err: o.Err.Error()})
				continue
			}
			sum.Applied++
			sum.ByRule[p.Rule]++
			sum.Lines += len(p.Lines)
			sum.Partials += len(o.Partials)
			sum.Matches += len(o.Matches)
			sum.Entries += len(o.Entries)
		}
		if req.Progress != nil {
			req.Progress(sum)
		}
	}
	result, err := json.Marshal(sum)
	if err != nil {
		return AutoSummary{}, err
	}
	err = r.book.Update(ctx, func(t *ledger.Tx) error {
		stored, _, found, err := t.Operation(op)
		if err != nil {
			return err
		}
		if found {
			if string(stored) != string(fp) {
				return fmt.Errorf("%w: operation %s", ErrIdempotencyConflict, op)
			}
			return nil // a concurrent run with the same id finished first
		}
		if err := freshOperation(t, op); err != nil {
			return err
		}
		return booktx.Of(t).RecordOperation(op, fp, result)
	})
	if err != nil {
		return AutoSummary{}, err
	}
	return sum, nil
}
