package reconcile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Reconciler letters the lines of a ledger.Book: payments, credit notes,
// bank statement lines, write-offs, and their undoing. It is safe for
// concurrent use: every operation is one atomic book transaction.
type Reconciler struct {
	book *ledger.Book
	cfg  Config
	// beforeAutoApply, when set, runs in AutoLetter between a chunk's
	// proposals being ready and their application, with the chunk's
	// number: a test commits another writer's change there, the one
	// moment the refusal of a stale proposal inside a run can be shown
	// for certain. Nil outside tests.
	beforeAutoApply func(chunk int)
}

// New returns a Reconciler on book. It returns ErrConfig for a nil book or
// when cfg names an account or journal the book does not have, and the
// store's error when reading them fails.
func New(ctx context.Context, book *ledger.Book, cfg Config) (*Reconciler, error) {
	if book == nil {
		return nil, fmt.Errorf("%w: no book", ErrConfig)
	}
	cfg.defaults()
	cfg.Tolerance = append(cfg.Tolerance[:0:0], cfg.Tolerance...)
	if err := cfg.validate(ctx, book); err != nil {
		return nil, err
	}
	return &Reconciler{book: book, cfg: cfg}, nil
}

// Book returns the book the Reconciler letters.
func (r *Reconciler) Book() *ledger.Book { return r.book }

// Result is what an operation wrote: the entries it posted (payments,
// statement lines, write-offs, reversals), the partials and matches it
// created and those it tombstoned. Replay is true when the operation id had
// already been applied with the same request: nothing was written again and
// the stored outcome is returned.
type Result struct {
	Operation     journal.ID        // the operation's id, the caller's or the one made
	Replay        bool              // true when the id had already been applied: nothing written again
	Entries       []journal.Entry   // entries posted, as stored: payments, statement lines, write-offs, reversals…
	Partials      []journal.Partial // partials recorded
	Matches       []journal.Match   // matches completed, each with its new letter code
	UndonePartial []journal.Partial // partials tombstoned by the operation
	UndoneMatches []journal.Match   // matches undone, their codes retired
}

// resultRec is how a Result is kept with its operation id: ids only, the
// records themselves are read back on replay.
type resultRec struct {
	Entries       idList `json:"e,omitempty"`
	Partials      idList `json:"p,omitempty"`
	Matches       idList `json:"m,omitempty"`
	UndonePartial idList `json:"up,omitempty"`
	UndoneMatches idList `json:"um,omitempty"`
}

// idList is a list of ids kept in JSON as one base64 string of their bytes
// end to end: 22 characters an id where an array of 16 numbers took 40 to
// 60, in a record written with every lettering operation.
type idList []journal.ID

// MarshalJSON implements json.Marshaler.
func (l idList) MarshalJSON() ([]byte, error) {
	raw := make([]byte, 0, len(l)*len(journal.ID{}))
	for _, id := range l {
		raw = append(raw, id[:]...)
	}
	return json.Marshal(raw)
}

// UnmarshalJSON implements json.Unmarshaler; a string whose bytes are not
// a whole number of ids is refused (ledger.ErrFormat).
func (l *idList) UnmarshalJSON(b []byte) error {
	var raw []byte
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	n := len(journal.ID{})
	if len(raw)%n != 0 {
		return fmt.Errorf("%w: id list of %d bytes", ledger.ErrFormat, len(raw))
	}
	*l = make(idList, 0, len(raw)/n)
	for i := 0; i < len(raw); i += n {
		*l = append(*l, journal.ID(raw[i:i+n]))
	}
	return nil
}

func (res *Result) rec() resultRec {
	var r resultRec
	for _, e := range res.Entries {
		r.Entries = append(r.Entries, e.ID)
	}
	for _, p := range res.Partials {
		r.Partials = append(r.Partials, p.ID)
	}
	for _, m := range res.Matches {
		r.Matches = append(r.Matches, m.ID)
	}
	for _, p := range res.UndonePartial {
		r.UndonePartial = append(r.UndonePartial, p.ID)
	}
	for _, m := range res.UndoneMatches {
		r.UndoneMatches = append(r.UndoneMatches, m.ID)
	}
	return r
}

// load reads back the records of a stored result.
func (rec *resultRec) load(t *ledger.Tx, op journal.ID) (Result, error) {
	res := Result{Operation: op, Replay: true}
	err := errors.Join(
		readAll(rec.Entries, t.Entry, &res.Entries),
		readAll(rec.Partials, t.Partial, &res.Partials),
		readAll(rec.UndonePartial, t.Partial, &res.UndonePartial),
		readAll(rec.Matches, t.Match, &res.Matches),
		readAll(rec.UndoneMatches, t.Match, &res.UndoneMatches))
	return res, err
}

// readAll appends the records of ids, read with get, to out.
func readAll[T any](ids []journal.ID, get func(journal.ID) (T, error), out *[]T) error {
	for _, id := range ids {
		v, err := get(id)
		if err != nil {
			return err
		}
		*out = append(*out, v)
	}
	return nil
}

// operation runs fn as one idempotent operation: kind and request make its
// fingerprint. An operation id already recorded with the same fingerprint
// returns the stored result flagged Replay; with another, it returns
// ErrIdempotencyConflict. op NoID gets a fresh id (no retry protection).
func (r *Reconciler) operation(ctx context.Context, op journal.ID, kind string, request any,
	fn func(w *work) error) (Result, error) {
	return r.runOperation(ctx, op, kind, request, fn, false)
}

// runOperation is operation; a preview runs fn as the operation would,
// under its id, and rolls it back: a used id with the same request
// previews the stored result (a replay), with another request it is
// refused as the operation would be.
func (r *Reconciler) runOperation(ctx context.Context, op journal.ID, kind string, request any,
	fn func(w *work) error, preview bool) (Result, error) {
	if op == journal.NoID {
		op = journal.NewID()
	}
	body, err := json.Marshal(request)
	if err != nil {
		return Result{}, fmt.Errorf("reconcile: encoding the request: %w", err)
	}
	fp := []byte(kind + "\x00" + sha(body)) // a digest: stored with the operation
	var res Result
	err = r.book.Update(ctx, func(t *ledger.Tx) error {
		stored, out, found, err := t.Operation(op)
		if err != nil {
			return err
		}
		if found {
			if string(stored) != string(fp) {
				return fmt.Errorf("%w: operation %s", ErrIdempotencyConflict, op)
			}
			var rec resultRec
			if err := json.Unmarshal(out, &rec); err != nil {
				return fmt.Errorf("reconcile: stored result of %s: %w", op, err)
			}
			res, err = rec.load(t, op)
			return err
		}
		if err := freshOperation(t, op); err != nil {
			return err
		}
		w := &work{r: r, t: t, wr: booktx.Of(t), op: op, res: Result{Operation: op}}
		if err := fn(w); err != nil {
			return err
		}
		res = w.res
		if preview {
			return errPreview
		}
		out, err = json.Marshal(res.rec())
		if err != nil {
			return err
		}
		return booktx.Of(t).RecordOperation(op, fp, out)
	})
	if preview && errors.Is(err, errPreview) {
		return res, nil
	}
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// freshOperation refuses an operation id that is a partial's or a
// match's: entries generated by an operation name it as their Origin, as
// those generated by a partial name the partial, and one id must not name
// both.
func freshOperation(t *ledger.Tx, op journal.ID) error {
	if _, err := t.Partial(op); err == nil {
		return fmt.Errorf("%w: operation %s is the id of a partial; give each operation a new id", ErrIdempotencyConflict, op)
	} else if !errors.Is(err, ledger.ErrNotFound) {
		return err
	}
	if _, err := t.Match(op); err == nil {
		return fmt.Errorf("%w: operation %s is the id of a match; give each operation a new id", ErrIdempotencyConflict, op)
	} else if !errors.Is(err, ledger.ErrNotFound) {
		return err
	}
	return nil
}

// errPreview rolls back a previewed operation.
var errPreview = errors.New("reconcile: preview")

// PreviewPayment computes what RegisterPayment would post — the payment,
// its exchange, cash-basis and early-payment discount entries, partials and
// matches — and writes nothing: the caller can show the discount, edit the
// amount or drop the discount, then register (Result.Entries carry
// provisional numbers). It returns the errors of RegisterPayment, and
// reads p.Operation as it does: an id already used for this payment
// previews what it posted (Result.Replay), for another content it is
// ErrIdempotencyConflict.
func (r *Reconciler) PreviewPayment(ctx context.Context, p Payment) (Result, error) {
	return r.runOperation(ctx, p.Operation, "payment", p, func(w *work) error { return w.registerPayment(p) }, true)
}

// work is the state of one operation inside its transaction.
type work struct {
	r   *Reconciler
	t   *ledger.Tx
	wr  booktx.Writer // the writes only the lettering layer makes; nil in a read
	op  journal.ID
	res Result
	// code is the letter-code counter's name last used (codeCounterOf).
	code counterName
	// step is what the PostAndLetter step being lettered asks.
	step stepOptions
	// executing is the scheduled payment being executed, NoID otherwise:
	// its cheque is its own, not another payment's (chequeFree).
	executing journal.ID
	// revalued are the revaluations read for checkRevalued.
	revalued map[revaluedKey][]revaluationAt
	// stepRevaluations are the revaluation entries PostAndLetter's steps
	// posted: they hold what the request letters (checkRevalued).
	stepRevaluations []journal.ID
	// itemSlab and itemPtrs are the items of the proposal being applied
	// (proposalItems), kept for the next.
	itemSlab []item
	itemPtrs []*item
	// liveIDs is groupOf's room for a line's live partials' ids, which
	// it copies into the group it returns.
	liveIDs []journal.ID
}

// entry reads a posted entry as the transaction keeps it decoded, without
// a copy: posted entries never change, and one operation reads the same
// ones many times. Callers must not modify the returned entry's lines.
func (w *work) entry(id journal.ID) (journal.Entry, error) {
	e, err := w.sharedEntry(id)
	if err != nil {
		return journal.Entry{}, err
	}
	return *e, nil
}

// sharedEntry is entry without the copy, for the items of a lettering:
// the caller must not modify the entry.
func (w *work) sharedEntry(id journal.ID) (*journal.Entry, error) { return booktx.Entry(w.t, id) }
