package reconcile

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// PostLetterStep is one step of PostAndLetter: an entry to post, lines
// to letter together (Letter), a bad debt to write off (BadDebt), a debt
// to move to doubtful customers (Doubtful) or impairments to bring to an
// estimate (Impairment), one of them.
type PostLetterStep struct {
	Entry  *journal.Entry    `json:",omitempty"` // posted as ledger.Tx.Post posts it
	Letter []journal.LineRef `json:",omitempty"` // lettered together
	// BadDebt is written off as WriteOffBadDebt writes it off (its
	// Operation is not used): its entry is lettered with the invoice and
	// unlettering the invoice reverses it. Code, when given, is the letter
	// code the invoice's match is to take, as for a Letter step.
	BadDebt *BadDebt `json:",omitempty"`
	// Doubtful is moved to doubtful customers as MoveToDoubtful moves it
	// (its Operation is not used): its entry is lettered with the invoice
	// and unlettering the invoice reverses it. Code, when given, is the
	// letter code the invoice's match is to take, as for a Letter step.
	Doubtful *DoubtfulMove `json:",omitempty"`
	// DoubtfulEntry, on a Doubtful step, is the id its entry is to take
	// (NoID: a fresh one): the id it has in the book it comes from, which
	// lets later Letter steps name its lines. An id the book holds
	// already is refused (ledger.ErrIdempotencyConflict, or ErrSettled
	// for the invoice moved already).
	DoubtfulEntry journal.ID `json:",omitzero"`
	// Impairment is brought to its estimates as Impair brings it (its
	// Operation is not used): a later Impair for the same closing, or a
	// later Impairment step of the same request, replaces what this step
	// posted.
	Impairment *Impairment `json:",omitempty"`
	// Code, on a Letter step, is the letter code its match is to take
	// (the code its lines had in the book they come from): given when the
	// lines' account and partner have never given it, the codes before it
	// then being passed over; otherwise, or when Code is empty, the match
	// takes the next code as usual. Codes of several steps may come in any
	// order. A step with a Code that leaves its lines open (they are part
	// of a match whose other lines come later), or whose lines are all on
	// one side (nothing to letter them with yet), keeps the code on them:
	// KeptLines finds them, for a later step to letter its lines with
	// them. On a Letter step Code may also be a letter code in lower case
	// (aaa, aaab…), the code of a group lettered in part in the book its
	// lines come from: no match takes it, and the step keeps it on its
	// lines, for KeptOpenGroup to tell that group from the book's own.
	Code string `json:",omitempty"`
	// NotBefore, on a Letter step, dates the entries its lettering posts
	// (exchange differences, cash-basis VAT) no earlier than it, as if the
	// book were locked before it: a lettering the book it comes from
	// dated past a lock date.
	NotBefore journal.Date `json:",omitzero"`
	// WriteOff, on a Letter step, writes off what its lines leave open
	// once paired, as Reconcile's write-off does (on the write-off loss or
	// gain account, lettered in the match, reversed when it is undone),
	// whatever the tolerance: the lines say what the book they come from
	// wrote off.
	WriteOff bool `json:",omitempty"`
	// WriteOffDate, with WriteOff, dates the write-off no earlier than it
	// (the date the book it comes from gave it); NotBefore when zero.
	WriteOffDate journal.Date `json:",omitzero"`
	// EarlyDiscount, on a Letter step, is an early-payment discount taken
	// on one of its lines before they are lettered, as a payment taking it
	// posts it (with its VAT share, lettered in the match, reversed when
	// it is undone).
	EarlyDiscount *StepDiscount `json:",omitempty"`
}

// StepDiscount is the early-payment discount a Letter step takes.
type StepDiscount struct {
	Invoice journal.LineRef // the invoice's line, one of the step's lines
	Amount  currency.Amount // the discount, in the line's currency
	Date    journal.Date    // the payment's date, which dates the discount
}

// PostLetterRequest asks PostAndLetter to post entries and letter their
// lines, in the order of Steps, in one operation: the lettering of a book
// moved from another program or from an export, where the lines lettered
// together are known.
type PostLetterRequest struct {
	// Operation is the caller's id for the operation (see Request).
	Operation journal.ID
	Steps     []PostLetterStep // done in order
	// Check, when set, is called once every step is done with what the
	// operation did (Entries holds the entries the lettering posted:
	// exchange differences, cash-basis VAT…): an error from it writes
	// nothing and is returned as is.
	Check func(done *PostLetterResult) error `json:"-"`
	// AllowDuplicateRef posts the steps' supplier bills and supplier
	// credit notes even when their supplier already used their reference
	// (ledger.ErrDuplicateReference): a supplier that really numbered two
	// documents alike.
	AllowDuplicateRef bool `json:",omitempty"`
}

// PostLetterResult is what PostAndLetter did.
type PostLetterResult struct {
	Result // the operation's partials, matches and posted entries
	// Posted are the steps' entries as stored, in step order; Replayed
	// says, for each, that the book held it already and nothing was
	// written.
	Posted   []journal.Entry // the steps' entries as stored
	Replayed []bool          // for each, whether the book held it already
	// Lettered counts the Letter steps that lettered, Skipped those whose
	// lines were lettered together already.
	Lettered, Skipped int
	// SkippedSteps are the indexes in Steps of the skipped Letter steps.
	SkippedSteps []int
	// KeptSteps are the indexes in Steps of the Letter steps with a Code
	// whose lines were all on one side: nothing lettered, the code kept
	// on them (counted neither in Lettered nor in Skipped).
	KeptSteps []int
	// EntrySteps is, for each of Result.Entries (the entries the lettering
	// posted), the index in Steps of the Letter, BadDebt, Doubtful or
	// Impairment step that posted it: what lets a caller tell which lines
	// an exchange difference or a cash-basis entry came from.
	EntrySteps []int
}

// PostAndLetter posts the entries of req.Steps and letters the lines its
// Letter steps name, in step order, in one operation: everything is
// written or nothing. An entry is posted as ledger.Tx.Post posts it (an
// entry the book holds with the same content is a replay). A Letter step
// letters as Reconcile does in its default order; one whose lines are all
// lettered together already (in one match, or one open group) is skipped,
// so that the same request made again letters nothing twice. A Letter
// step with WriteOff or EarlyDiscount writes off what its lines leave
// open, or takes the discount first, as Reconcile's write-off and a
// payment taking the discount do: the entries are the lettering's. A
// revaluation entry a step posts is taken as holding what the request
// letters, as a book exported with its closing holds both: it does not
// refuse the request's letterings dated on or before it (ErrRevalued),
// though it refuses later ones as Revalue's do.
//
// A BadDebt, Doubtful or Impairment step does what WriteOffBadDebt,
// MoveToDoubtful or Impair does,
// as part of the operation: the entries it posts are the lettering's
// (Entries, EntrySteps), generated as those operations post them, so
// that the book treats them as it treats theirs.
//
// It returns the errors of ledger.Tx.Post, Reconcile, WriteOffBadDebt and
// Impair, each in a *StepError naming the step it comes from (and those
// of MoveToDoubtful),
// ErrLetterCode (in a *StepError) for a Code that is not a letter code,
// ErrStep (in a *StepError) for a step that is not one entry, one set of
// lines to letter, one bad debt, one move or one impairment, or that gives a
// WriteOff or EarlyDiscount without lines to letter (or a discount on a
// line it does not letter), ErrDiscount (in a *StepError) for a discount
// the invoice may not take, and Check's error.
// Nothing is written on error.
func (r *Reconciler) PostAndLetter(ctx context.Context, req PostLetterRequest) (PostLetterResult, error) {
	for i, s := range req.Steps {
		if _, ok := letterCodeNumber(s.Code); s.Code != "" && !ok && (len(s.Letter) == 0 || !openCode(s.Code)) {
			return PostLetterResult{}, &StepError{Step: i, Err: fmt.Errorf("%w: %q", ErrLetterCode, s.Code)}
		}
		if err := s.check(); err != nil {
			return PostLetterResult{}, &StepError{Step: i, Err: err}
		}
	}
	var out PostLetterResult
	res, err := r.operation(ctx, req.Operation, "post_and_letter", req, func(w *work) error {
		out = PostLetterResult{} // a retried transaction starts over
		if req.AllowDuplicateRef {
			w.t.AllowDuplicateRefs()
		}
		for i, s := range req.Steps {
			if s.Entry != nil {
				e, replay, err := w.t.Post(*s.Entry)
				if err != nil {
					return &StepError{Step: i, Err: fmt.Errorf("posting %s: %w", s.Entry.Ref, err)}
				}
				out.Posted, out.Replayed = append(out.Posted, e), append(out.Replayed, replay)
				if e.Type == journal.TypeRevaluation && !replay {
					w.stepRevaluations = append(w.stepRevaluations, e.ID)
				}
				continue
			}
			if s.BadDebt != nil || s.Doubtful != nil || s.Impairment != nil {
				if err := w.postLetterOperation(i, s, &out); err != nil {
					return &StepError{Step: i, Err: err}
				}
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
			if (s.WriteOff || s.EarlyDiscount != nil) && oneSided(items) {
				return &StepError{Step: i, Err: fmt.Errorf("%w: a write-off or a discount needs lines on both sides to letter together", ErrStep)}
			}
			if s.Code != "" && oneSided(items) {
				if err := w.keepCode(s.Letter, s.Code); err != nil {
					return &StepError{Step: i, Err: err}
				}
				out.KeptSteps = append(out.KeptSteps, i)
				continue
			}
			before := len(w.res.Entries)
			w.step = stepOptions{notBefore: s.NotBefore, writeOff: s.WriteOff, writeOffDate: cmp.Or(s.WriteOffDate, s.NotBefore)}
			if openCode(s.Code) {
				// Kept whatever the lettering does: a line it settles is
				// in no open group, where the code serves.
				if err := w.keepCode(s.Letter, s.Code); err != nil {
					return &StepError{Step: i, Err: err}
				}
			} else if s.Code != "" {
				w.step.code = codeWanted{code: s.Code, account: items[0].line.Account, partner: items[0].line.Partner}
			}
			err = w.stepDiscount(items, s.EarlyDiscount, s.WriteOff)
			if err == nil {
				err = w.letter(items, letterOptions{writeOff: s.WriteOff})
			}
			open := w.step.code.code != "" // no match took the code
			w.step = stepOptions{}
			if err != nil {
				return &StepError{Step: i, Err: err}
			}
			if open {
				if err := w.keepCode(s.Letter, s.Code); err != nil {
					return &StepError{Step: i, Err: err}
				}
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

// check refuses a step that is not one entry, one set of lines to
// letter, one bad debt or one impairment, and a Code or NotBefore on a
// step that does not take it.
func (s *PostLetterStep) check() error {
	n := 0
	for _, given := range []bool{s.Entry != nil, len(s.Letter) > 0, s.BadDebt != nil, s.Doubtful != nil, s.Impairment != nil} {
		if given {
			n++
		}
	}
	if n != 1 {
		return fmt.Errorf("%w: give it an Entry, lines to Letter, a BadDebt, a Doubtful move or an Impairment: one of them", ErrStep)
	}
	switch {
	case s.Doubtful == nil && s.DoubtfulEntry != journal.NoID:
		return fmt.Errorf("%w: DoubtfulEntry is for a step that moves a debt to doubtful customers", ErrStep)
	case s.Doubtful != nil && s.Doubtful.Date.IsZero():
		return fmt.Errorf("%w: moving a debt to doubtful customers needs its date (Doubtful.Date)", journal.ErrNoDate)
	case s.Doubtful != nil:
		return journal.CheckText("doubtful debt label", s.Doubtful.Label)
	case (s.Entry != nil || s.Impairment != nil) && s.Code != "":
		return fmt.Errorf("%w: Code is for a step that letters, writes off a bad debt or moves one to doubtful customers", ErrStep)
	case len(s.Letter) == 0 && !s.NotBefore.IsZero():
		return fmt.Errorf("%w: NotBefore is for a step that letters", ErrStep)
	case len(s.Letter) == 0 && (s.WriteOff || s.EarlyDiscount != nil):
		return fmt.Errorf("%w: WriteOff and EarlyDiscount are for a step that letters", ErrStep)
	case s.EarlyDiscount != nil && !slices.Contains(s.Letter, s.EarlyDiscount.Invoice):
		return fmt.Errorf("%w: the discount's invoice line %s is not one of the step's lines: name it in Letter", ErrStep, s.EarlyDiscount.Invoice)
	case s.EarlyDiscount != nil && s.EarlyDiscount.Date.IsZero():
		return fmt.Errorf("%w: an early-payment discount needs the payment's date (EarlyDiscount.Date)", journal.ErrNoDate)
	case s.EarlyDiscount != nil && !s.EarlyDiscount.Amount.IsSet():
		return fmt.Errorf("%w: give the discount's amount (EarlyDiscount.Amount)", ErrDiscount)
	case s.BadDebt != nil && s.BadDebt.Date.IsZero():
		return fmt.Errorf("%w: a bad debt needs the date of the loss (BadDebt.Date)", journal.ErrNoDate)
	case s.BadDebt != nil:
		return journal.CheckText("bad debt label", s.BadDebt.Label)
	case s.Impairment != nil && s.Impairment.Date.IsZero():
		return fmt.Errorf("%w: an impairment needs its closing date (Impairment.Date)", journal.ErrNoDate)
	case s.Impairment != nil && len(s.Impairment.Debts) == 0:
		return fmt.Errorf("%w: name the doubtful customers and the impairment each needs (Impairment.Debts)", ErrAmount)
	}
	return nil
}

// postLetterOperation does step i, a bad debt, a move to doubtful
// customers or an impairment, as WriteOffBadDebt, MoveToDoubtful or
// Impair does it, and counts the entries it posts as the step's.
func (w *work) postLetterOperation(i int, s PostLetterStep, out *PostLetterResult) error {
	before := len(w.res.Entries)
	var err error
	if s.BadDebt != nil || s.Doubtful != nil {
		var invoice journal.ID
		if s.BadDebt != nil {
			invoice = s.BadDebt.Invoice
		} else {
			invoice = s.Doubtful.Invoice
		}
		w.step = stepOptions{}
		if s.Code != "" {
			if doc, err := w.document(invoice); err == nil && len(doc.lines) > 0 {
				w.step.code = codeWanted{code: s.Code, account: doc.lines[0].line.Account, partner: doc.lines[0].line.Partner}
			} // else the operation says what is wrong with the invoice
		}
		if s.BadDebt != nil {
			err = w.writeOffBadDebt(*s.BadDebt)
		} else {
			err = w.moveToDoubtful(*s.Doubtful, s.DoubtfulEntry)
		}
		w.step = stepOptions{}
	} else {
		err = w.impairAll(*s.Impairment)
	}
	if err != nil {
		return err
	}
	for range w.res.Entries[before:] {
		out.EntrySteps = append(out.EntrySteps, i)
	}
	return nil
}

// stepDiscount posts the early-payment discount d of a Letter step, if
// any, on its invoice's item among items, as a payment taking it does. A
// discount closes what it is taken on: the lines, in one currency, must
// leave open exactly the discount, unless the step writes off the rest
// (writeOff).
func (w *work) stepDiscount(items []*item, d *StepDiscount, writeOff bool) error {
	if d == nil {
		return nil
	}
	i := slices.IndexFunc(items, func(it *item) bool { return it.ref == d.Invoice })
	if i < 0 {
		panic("reconcile: a step's discount on a line check let through: " + d.Invoice.String())
	}
	cur := items[i].lineCurrency()
	if d.Amount.Currency() != cur {
		return fmt.Errorf("%w: a discount in %s on %s, kept in %s", ErrDiscount, d.Amount.Currency(), d.Invoice, cur)
	}
	if !writeOff && !slices.ContainsFunc(items, func(it *item) bool { return it.lineCurrency() != cur }) {
		left := currency.Zero(cur)
		for _, it := range items {
			left = mustAdd(left, it.residual.AmountCurrency)
		}
		want := d.Amount
		if items[i].residual.AmountCurrency.Sign() < 0 {
			want = want.Neg()
		}
		if !left.Equal(want) {
			return fmt.Errorf("%w: the lines leave %s open, not the discount of %s: a discount closes the invoice with its payment",
				ErrDiscount, left.Abs().French(), d.Amount.French())
		}
	}
	return w.earlyDiscount(items[i], d.Date, d.Amount)
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

// stepOptions are what a PostLetterStep asks of the lettering of its
// lines.
type stepOptions struct {
	code      codeWanted
	notBefore journal.Date
	// writeOff says the step writes off what its lines leave open,
	// whatever the tolerance; writeOffDate dates that write-off no
	// earlier than it.
	writeOff     bool
	writeOffDate journal.Date
}

// codeWanted is the code a step's match on account and partner is to
// take, "" for none.
type codeWanted struct{ code, account, partner string }

// oneSided reports whether items leave nothing to letter together: what
// remains of each is on one side (debit or credit). A line settled
// already is for the lettering to refuse (ErrSettled): false.
func oneSided(items []*item) bool {
	debit, credit := false, false
	for _, it := range items {
		if it.residual.IsZero() {
			return false
		}
		r := it.residual.Balance
		if r.IsZero() {
			r = it.residual.AmountCurrency
		}
		debit, credit = debit || r.Sign() > 0, credit || r.Sign() < 0
	}
	return !debit || !credit
}

// keptCodeCounter names the counter holding the number of the letter
// code a PostAndLetter step kept on a line it left open (0: none).
func keptCodeCounter(line journal.LineRef) string {
	return "lettercode-kept\x00" + line.String()
}

// keptOpenCodeCounter names the counter holding the number of the
// lower-case code (an open group's, openCode) a PostAndLetter step kept
// on a line (0: none).
func keptOpenCodeCounter(line journal.LineRef) string {
	return "lettercode-kept-open\x00" + line.String()
}

// openCode reports whether code is a letter code in lower case: that of a
// group lettered in part in the book the lines come from.
func openCode(code string) bool {
	_, ok := letterCodeNumber(strings.ToUpper(code))
	return ok && code == strings.ToLower(code)
}

// keepCode keeps code on lines, those that keep none yet: a line keeps
// the first code a step gave it (counters never go back). The code is not
// taken from the counter: as a code passed over, it stays free for the
// step that completes the match to ask (another lettering meanwhile may
// take it, and the later step then gets the next code). A lower-case code
// (openCode) is kept apart, where KeptLines does not look.
func (w *work) keepCode(lines []journal.LineRef, code string) error {
	counter := keptCodeCounter
	if openCode(code) {
		counter, code = keptOpenCodeCounter, strings.ToUpper(code)
	}
	n, _ := letterCodeNumber(code)
	for _, l := range lines {
		name := counter(l)
		at, err := w.t.Counter(name)
		if err != nil {
			return err
		}
		if at == 0 {
			if err := w.wr.AdvanceCounter(name, n); err != nil {
				return err
			}
		}
	}
	return nil
}

// KeptLines returns the open lines of account and partner (an open item
// each, not in a match) that a PostAndLetter step gave code and left
// open, in the order of OpenItems: the part of a match posted so far,
// whose other lines a later step letters with them by naming them and the
// same Code. A line lettered in part since with a line that does not keep
// the code (by hand, say) is no longer the code's, nor are the lines
// lettered with it; the lines of the entries a lettering posted
// (exchange differences) do not count. It returns ErrLetterCode for a
// code that is not one.
func (r *Reconciler) KeptLines(ctx context.Context, account, partner, code string) ([]journal.LineRef, error) {
	n, ok := letterCodeNumber(code)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrLetterCode, code)
	}
	var lines []journal.LineRef
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		open, err := t.OpenItems(account, partner)
		if err != nil {
			return err
		}
		w := &work{r: r, t: t}
		for _, it := range open {
			if it.Partner != partner {
				continue
			}
			at, err := t.Counter(keptCodeCounter(it.Ref))
			if err != nil {
				return err
			}
			if at != n {
				continue
			}
			if mine, err := w.keptGroup(it.Ref, n); err != nil {
				return err
			} else if mine {
				lines = append(lines, it.Ref)
			}
		}
		return nil
	})
	return lines, err
}

// KeptOpenLines returns the open lines of account and partner, in the
// order of OpenItems, that a PostAndLetter step kept code on, a letter
// code in lower case (an open group's), and that nothing is lettered with
// yet: the first lines of a group whose other lines a later step letters
// with them (a debt moved to doubtful customers, received there later).
// It returns ErrLetterCode for a code that is not a lower-case letter
// code.
func (r *Reconciler) KeptOpenLines(ctx context.Context, account, partner, code string) ([]journal.LineRef, error) {
	if !openCode(code) {
		return nil, fmt.Errorf("%w: %q is not the code of an open group (aaa, aaab…)", ErrLetterCode, code)
	}
	n, _ := letterCodeNumber(strings.ToUpper(code))
	var lines []journal.LineRef
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		lines = lines[:0] // a retried view starts over
		open, err := t.OpenItems(account, partner)
		if err != nil {
			return err
		}
		for _, it := range open {
			if it.Partner != partner {
				continue
			}
			if at, err := t.Counter(keptOpenCodeCounter(it.Ref)); err != nil {
				return err
			} else if at != n {
				continue
			}
			if ps, err := t.LivePartials(it.Ref); err != nil {
				return err
			} else if len(ps) == 0 {
				lines = append(lines, it.Ref)
			}
		}
		return nil
	})
	return lines, err
}

// keptGroup reports whether the open group of line, a line keeping code
// number n, is the code's: each of its lines keeps n, or is of an entry a
// lettering posted.
func (w *work) keptGroup(line journal.LineRef, n uint64) (bool, error) {
	g, err := w.groupOf(line)
	if err != nil {
		return false, err
	}
	for _, l := range g.lines {
		at, err := w.t.Counter(keptCodeCounter(l))
		if err != nil {
			return false, err
		}
		if at == n {
			continue
		}
		e, err := w.sharedEntry(l.Entry)
		if err != nil {
			return false, err
		}
		if e.Origin == journal.NoID {
			return false, nil
		}
	}
	return true, nil
}

// KeptOpenGroup reports whether line is in an open group (lettered in
// part, not in a match) each of whose lines a PostAndLetter step kept a
// code on, upper or lower case, the lines of the entries a lettering
// posted (exchange differences) aside: a group lettered by PostAndLetter
// steps alone, not one the book lettered otherwise (by hand, say). It
// returns false for a line in no open group, and ErrNotPosted for a line
// the book does not hold.
func (r *Reconciler) KeptOpenGroup(ctx context.Context, line journal.LineRef) (bool, error) {
	var kept bool
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		kept = false // a retried view starts over
		w := &work{r: r, t: t}
		if _, err := w.load(line); err != nil {
			return err
		}
		if _, in, err := t.MatchOf(line); err != nil || in {
			return err
		}
		g, err := w.groupOf(line)
		if err != nil || len(g.partials) == 0 {
			return err
		}
		for _, l := range g.lines {
			at, err := t.Counter(keptCodeCounter(l))
			if err != nil {
				return err
			}
			if at == 0 {
				if at, err = t.Counter(keptOpenCodeCounter(l)); err != nil {
					return err
				}
			}
			if at != 0 {
				continue
			}
			e, err := w.sharedEntry(l.Entry)
			if err != nil {
				return err
			}
			if e.Origin == journal.NoID {
				return nil
			}
		}
		kept = true
		return nil
	})
	return kept, err
}
