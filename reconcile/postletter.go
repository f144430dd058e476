package reconcile

import (
	"context"
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/journal"
)

// PostLetterStep is one step of PostAndLetter: an entry to post, or
// lines to letter together (Letter), never both.
type PostLetterStep struct {
	Entry  *journal.Entry    `json:",omitempty"`
	Letter []journal.LineRef `json:",omitempty"`
}

// PostLetterRequest asks PostAndLetter to post entries and letter their
// lines, in the order of Steps, in one operation: the lettering of a book
// moved from another program or from an export, where the lines lettered
// together are known.
type PostLetterRequest struct {
	// Operation is the caller's id for the operation (see Request).
	Operation journal.ID
	Steps     []PostLetterStep
	// Check, when set, is called once every step is done with what the
	// operation did (Entries holds the entries the lettering posted:
	// exchange differences, cash-basis VAT…): an error from it writes
	// nothing and is returned as is.
	Check func(done *PostLetterResult) error `json:"-"`
}

// PostLetterResult is what PostAndLetter did.
type PostLetterResult struct {
	Result
	// Posted are the steps' entries as stored, in step order; Replayed
	// says, for each, that the book held it already and nothing was
	// written.
	Posted   []journal.Entry
	Replayed []bool
	// Lettered counts the Letter steps that lettered, Skipped those whose
	// lines were lettered together already.
	Lettered, Skipped int
	// SkippedSteps are the indexes in Steps of the skipped Letter steps.
	SkippedSteps []int
	// EntrySteps is, for each of Result.Entries (the entries the lettering
	// posted), the index in Steps of the Letter step that posted it: what
	// lets a caller tell which lines an exchange difference or a
	// cash-basis entry came from.
	EntrySteps []int
}

// PostAndLetter posts the entries of req.Steps and letters the lines its
// Letter steps name, in step order, in one operation: everything is
// written or nothing. An entry is posted as ledger.Tx.Post posts it (an
// entry the book holds with the same content is a replay). A Letter step
// letters as Reconcile does in its default order; one whose lines are all
// lettered together already (in one match, or one open group) is skipped,
// so that the same request made again letters nothing twice.
//
// It returns the errors of ledger.Tx.Post and of Reconcile, each in a
// *StepError naming the step it comes from, and Check's error.
func (r *Reconciler) PostAndLetter(ctx context.Context, req PostLetterRequest) (PostLetterResult, error) {
	var out PostLetterResult
	res, err := r.operation(ctx, req.Operation, "post_and_letter", req, func(w *work) error {
		out = PostLetterResult{} // a retried transaction starts over
		for i, s := range req.Steps {
			if (s.Entry == nil) == (len(s.Letter) == 0) {
				panic("reconcile: a PostLetterStep has an entry or lines to letter, not both or neither")
			}
			if s.Entry != nil {
				e, replay, err := w.t.Post(*s.Entry)
				if err != nil {
					return &StepError{Step: i, Err: fmt.Errorf("posting %s: %w", s.Entry.Ref, err)}
				}
				out.Posted, out.Replayed = append(out.Posted, e), append(out.Replayed, replay)
				continue
			}
			done, err := w.letteredTogether(s.Letter)
			if err != nil {
				return &StepError{Step: i, Err: err}
			}
			if done {
				out.Skipped++
				out.SkippedSteps = append(out.SkippedSteps, i)
				continue
			}
			items, err := w.items(s.Letter)
			if err != nil {
				return &StepError{Step: i, Err: err}
			}
			before := len(w.res.Entries)
			if err := w.letter(items, letterOptions{}); err != nil {
				return &StepError{Step: i, Err: err}
			}
			for range w.res.Entries[before:] {
				out.EntrySteps = append(out.EntrySteps, i)
			}
			out.Lettered++
		}
		if req.Check != nil {
			out.Result = w.res
			return req.Check(&out)
		}
		return nil
	})
	out.Result = res
	if err != nil {
		return PostLetterResult{}, err
	}
	if len(out.EntrySteps) != len(out.Entries) && !res.Replay {
		panic(fmt.Sprintf("reconcile: PostAndLetter attributed %d of the %d entries its lettering posted to a step", len(out.EntrySteps), len(out.Entries)))
	}
	return out, nil
}

// letteredTogether reports whether lines are all in one match, or all in
// one open group.
func (w *work) letteredTogether(lines []journal.LineRef) (bool, error) {
	g, err := w.groupOf(lines[0])
	if errors.Is(err, ErrNotPosted) {
		return false, nil // Reconcile says which line
	} else if err != nil {
		return false, err
	}
	if len(g.partials) == 0 {
		return false, nil
	}
	in := make(map[journal.LineRef]bool, len(g.lines))
	for _, l := range g.lines {
		in[l] = true
	}
	for _, l := range lines[1:] {
		if !in[l] {
			return false, nil
		}
	}
	return true, nil
}
