package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// DoubtfulMove asks MoveToDoubtful to move what a customer still owes on
// an invoice to the doubtful customers' account (clients douteux ou
// litigieux).
type DoubtfulMove struct {
	Operation journal.ID   // the caller's id for retries; NoID: a fresh one
	Invoice   journal.ID   // the customer invoice
	Date      journal.Date // the date the debt became doubtful: not before the invoice, in an open period
	Journal   string       // "" means Config.WriteOffJournal ("OD")
	// Label is the entry's label (the reason: a dispute, a collective
	// procedure opened); "" means Labels.Doubtful and the invoice's number.
	Label string
}

// MoveToDoubtful moves what remains due on a customer invoice from its
// receivable account to Config.DoubtfulReceivable (French chart: 416000,
// clients douteux ou litigieux), as the French chart has it done when a
// debt becomes doubtful: a dispute, a collective procedure opened. Impair
// then impairs it (it bounds a customer's impairment by what it owes on
// every receivable account, 416000 with them), and WriteOffBadDebt of the
// invoice writes it off from there when it proves lost.
//
// One misc entry, dated Date in Journal, its reference the invoice's
// number, takes each open receivable line of the invoice off (Cr 411000
// its residual, lettered with it) and puts the same on the doubtful
// account (Dr 416000), with the line's partner, due date (the invoice's
// date for a line without one), and for a foreign invoice its currency
// amount, at its book value: no exchange difference. The aged balance
// shows the debt on 416000 with its age; a dunning run on the receivable
// account no longer claims it, and LatePenalties no longer counts
// penalties on the invoice (a debt in dispute or in a collective
// procedure is claimed there, not reminded of). Moving a debt is no
// payment: the invoice's VAT due on payment stays waiting until money
// received on 416000 (a payment lettered with the entry's line there, or
// registered by RegisterPayment naming the entry) makes it due. The
// invoice's state reads its debt where it went: not paid, partial, or
// paid once what is on 416000 is paid or written off.
//
// Unlettering the invoice reverses the entry, and with it everything
// lettered with its lines on 416000 (the payments received there are left
// open, a bad debt written off from there is reversed): the invoice owes
// on its receivable account what it owed before the move.
//
// It returns journal.ErrNoDate without a date; a *journal.TextError for a
// label journal.CheckText refuses; ErrNotPosted for an unknown invoice;
// ErrNotDocument for an entry that is not a customer invoice, or for a
// cancelled (reversed) invoice; ErrSettled for an invoice that owes
// nothing on its receivable account (one already moved among them);
// journal.ErrDate for a date before the invoice's, or before the latest
// payment or credit note lettered with it; ledger.ErrYearClosed or
// ledger.ErrLocked for a date in a closed year or on or before a lock
// date; ErrConfig when Config.DoubtfulReceivable is not a reconcilable
// receivable account of the book; ErrRevalued for a foreign invoice moved
// on or before a closing that revalued it (see Revalue); or
// ErrIdempotencyConflict. Nothing is written then.
func (r *Reconciler) MoveToDoubtful(ctx context.Context, m DoubtfulMove) (Result, error) {
	if m.Date.IsZero() {
		return Result{}, fmt.Errorf("%w: moving a debt to doubtful customers needs its date (DoubtfulMove.Date)", journal.ErrNoDate)
	}
	if err := journal.CheckText("doubtful debt label", m.Label); err != nil {
		return Result{}, err
	}
	return r.operation(ctx, m.Operation, "doubtful", m, func(w *work) error { return w.moveToDoubtful(m, journal.NoID) })
}

// moveToDoubtful is MoveToDoubtful inside its operation; its entry takes
// the id id (NoID: a fresh one).
func (w *work) moveToDoubtful(m DoubtfulMove, id journal.ID) error {
	code := w.r.cfg.DoubtfulReceivable
	if a, err := w.t.Account(code); errors.Is(err, ledger.ErrUnknownAccount) {
		return fmt.Errorf("%w: the doubtful customers' account %s: %v", ErrConfig, code, err)
	} else if err != nil {
		return err
	} else if a.Kind != ledger.KindReceivable || !a.Reconcilable {
		return fmt.Errorf("%w: the doubtful customers' account %s is not a reconcilable receivable account: make it one, or name another in Config.DoubtfulReceivable",
			ErrConfig, code)
	}
	doc, open, err := w.badDebtDocument(BadDebt{Invoice: m.Invoice, Date: m.Date}, false)
	if err != nil {
		return err
	}
	inv := doc.entry
	if slices.ContainsFunc(doc.lines, func(it *item) bool { return it.line.Account == code }) {
		return fmt.Errorf("%w: %s is booked on %s already", ErrSettled, inv.Name(), code)
	}
	locks, err := w.t.LockDates()
	if err != nil {
		return err
	}
	if err := locks.Refusal(m.Date, false); err != nil {
		return fmt.Errorf("moving %s to doubtful customers: %w", inv.Name(), err)
	}
	label := m.Label
	if label == "" {
		label = clip(w.r.cfg.Labels.Doubtful+" "+inv.Name(), journal.TextMax)
	}
	company := w.t.Book().Currency()
	lines := make([]journal.Line, 0, 2*len(open))
	for _, it := range open { // the debit first, line for line
		// A line without a due date was due on the invoice's date: the
		// debt keeps its age on the doubtful account.
		l := journal.Line{Account: code, Partner: it.line.Partner, Label: label, DueDate: it.sortDate(),
			Balance: it.residual.Balance, AmountCurrency: it.residual.AmountCurrency}
		if doc.cur() == company {
			l.AmountCurrency = l.Balance
		}
		lines = append(lines, l)
	}
	for i := range open {
		l := lines[i]
		l.Account, l.Balance, l.AmountCurrency = open[i].line.Account, l.Balance.Neg(), l.AmountCurrency.Neg()
		lines = append(lines, l)
	}
	jrnl := m.Journal
	if jrnl == "" {
		jrnl = w.r.cfg.WriteOffJournal
	}
	pids := make([]journal.ID, len(open))
	for i := range pids {
		pids[i] = w.wr.NewPartialID()
	}
	e := journal.Entry{ID: id, Journal: jrnl, Date: m.Date, Type: journal.TypeMisc, Ref: inv.Name(),
		Currency: entryCurrency(doc.cur(), company), Label: label, Origin: pids[0], Document: inv.ID, Lines: lines}
	posted, replay, err := w.wr.PostGenerated(e)
	if err == nil && replay {
		// Its partials would be put twice: an id the book holds is taken.
		err = fmt.Errorf("%w: entry id %s is the book's %s", ErrIdempotencyConflict, id, posted.Name())
	}
	if err != nil {
		return fmt.Errorf("moving %s to doubtful customers: %w", inv.Name(), err)
	}
	w.res.Entries = append(w.res.Entries, posted)
	refs := make([]journal.LineRef, len(open))
	for i, it := range open {
		// A bill partial: the entry takes the debt over and pays nothing
		// yet, as a bill of exchange does; what pays its line on the
		// doubtful account pays the invoice, VAT on receipts included.
		ac := posted.Lines[len(open)+i].AmountCurrency.Abs()
		p, err := w.putPartial(journal.Partial{ID: pids[i], Debit: it.ref, Credit: posted.LineRef(len(open) + i),
			Amount: it.residual.Balance.Abs(), DebitAmountCurrency: ac, CreditAmountCurrency: ac,
			Date: m.Date, Kind: journal.KindBill, Operation: w.op})
		if err != nil {
			return err
		}
		w.res.Partials = append(w.res.Partials, p)
		refs[i] = it.ref
	}
	return w.settle(refs...)
}

// isDoubtfulMove reports whether e is an entry MoveToDoubtful posted: a
// misc entry it generated for an invoice (no other generated misc entry
// names a document). It is told by its shape, not by
// Config.DoubtfulReceivable: a reconciler configured with another
// account reads the moves made with the first one.
func isDoubtfulMove(e *journal.Entry) bool {
	return e.Type == journal.TypeMisc && e.Origin != journal.NoID && e.Document != journal.NoID &&
		e.ReversalOf == journal.NoID
}

// doubtfulLines returns the lines on the doubtful customers' account of
// the entry that moved doc's debt there (MoveToDoubtful) and stands, with
// their residuals, in entry order; none when no such entry holds it. The
// account is the one the move was made with, whatever the reconciler's
// configuration says now.
func (w *work) doubtfulLines(doc *document) ([]*item, error) {
	var out []*item
	var seen []journal.ID
	for _, it := range doc.lines {
		ps, err := w.t.LivePartials(it.ref)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			other := p.Other(it.ref)
			if p.Kind != journal.KindBill || slices.Contains(seen, other.Entry) {
				continue
			}
			e, err := w.sharedEntry(other.Entry)
			if err != nil {
				return nil, err
			}
			if !isDoubtfulMove(e) || e.Document != doc.entry.ID {
				continue
			}
			seen = append(seen, e.ID)
			for i := range e.Lines {
				// The lines the debt went to, on the invoice's side: on
				// the doubtful account the move was made with.
				if lineSign(&e.Lines[i]) != doc.side() {
					continue
				}
				x, err := w.load(e.LineRef(i))
				if err != nil {
					return nil, err
				}
				out = append(out, x)
			}
		}
	}
	return out, nil
}

// doubtfulOpen returns the lines of doubtfulLines that still owe
// something: where a payment, a credit or a write-off of doc's moved debt
// goes.
func (w *work) doubtfulOpen(doc *document) ([]*item, error) {
	lines, err := w.doubtfulLines(doc)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(lines, (*item).settled), nil
}
