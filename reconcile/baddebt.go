package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/tax"
)

// BadDebt asks WriteOffBadDebt to write off what a customer still owes on
// an invoice as lost (créance irrécouvrable).
type BadDebt struct {
	Operation journal.ID   // the caller's id for retries; NoID: a fresh one
	Invoice   journal.ID   // the customer invoice
	Date      journal.Date // the date of the loss: not before the invoice, in an open period
	Journal   string       // "" means Config.WriteOffJournal ("OD")
	// Label is the entry's label (the reason, say); "" means
	// Labels.BadDebt and the invoice's number.
	Label string
}

// WriteOffBadDebt writes off what remains due on a customer invoice as a
// debt definitively lost (a liquidation closed for want of assets, a debt
// certified irrecoverable), and recovers the VAT of the lost part (CGI
// art. 272-1). The invoice is then settled: its state is Paid.
//
// One entry of type write-off, dated Date in Journal, takes each open
// receivable line of the invoice off (Cr 411000 its residual), lettered
// with it, and splits what is lost as the invoice splits its total: the
// share of each tax due on invoice back on the account the invoice booked
// it to (Dr 445710, carrying the tax, so that the VAT report lowers the
// tax and base of the entry's period), each share rounded, and the rest
// on Config.BadDebtLoss (Dr 654000, carrying the bases of those taxes). A
// tax due on payment (TVA sur encaissements) on the lost part was never
// due: its share goes with the loss, and the cash-basis entry the
// lettering makes takes it out of the transition account (Dr 445740 /
// Cr 654000), none of it to the final account. What was paid before is
// untouched. A foreign-currency invoice is written off at its book value
// in the company currency: no exchange difference.
//
// Unlettering the invoice reverses the entry and its cash-basis entry,
// and the invoice owes what it owed before.
//
// An invoice whose debt MoveToDoubtful moved to the doubtful customers'
// account is written off from there, by the same call naming the
// invoice: the entry takes the residuals of the lines on that account
// off (Cr 416000, lettered with them) and splits the loss and the VAT as
// for a debt on the receivable account; what was paid there since the
// move counts as paid. Unlettering those lines reverses it and the debt
// waits on 416000 again (unlettering the invoice reverses the move too).
//
// It returns journal.ErrNoDate without a date; a *journal.TextError for a
// label journal.CheckText refuses; ErrNotPosted for an unknown invoice;
// ErrNotDocument for an entry that is not a customer invoice (a credit
// note, a payment, a supplier's bill: a bad debt is a receivable; the
// entry that moved a debt to doubtful customers: name its invoice) or for
// a cancelled (reversed) invoice; ErrSettled for an invoice that owes
// nothing (one whose debt a transfer posted by hand moved to 416000
// among them: the message names it); journal.ErrDate for a date before the invoice's, or before the
// latest payment or credit note lettered with it (the message names it);
// ledger.ErrYearClosed or ledger.ErrLocked for a date in a closed year or
// on or before a lock date (the tax lock date too, as the entry moves tax);
// ErrConfig when Config.BadDebtLoss is not in the book; ErrRevalued for a
// foreign invoice written off on or before a closing that revalued it
// (see Revalue); or ErrIdempotencyConflict. Nothing is written then.
func (r *Reconciler) WriteOffBadDebt(ctx context.Context, b BadDebt) (Result, error) {
	if b.Date.IsZero() {
		return Result{}, fmt.Errorf("%w: a bad debt needs the date of the loss (BadDebt.Date)", journal.ErrNoDate)
	}
	if err := journal.CheckText("bad debt label", b.Label); err != nil {
		return Result{}, err
	}
	return r.operation(ctx, b.Operation, "bad-debt", b, func(w *work) error { return w.writeOffBadDebt(b) })
}

// writeOffBadDebt is WriteOffBadDebt inside its operation.
func (w *work) writeOffBadDebt(b BadDebt) error {
	if _, err := w.t.Account(w.r.cfg.BadDebtLoss); errors.Is(err, ledger.ErrUnknownAccount) {
		return fmt.Errorf("%w: the bad-debt loss account %s: %v", ErrConfig, w.r.cfg.BadDebtLoss, err)
	} else if err != nil {
		return err
	}
	doc, open, err := w.badDebtDocument(b, true)
	if err != nil {
		return err
	}
	inv := doc.entry
	touchesTax := slices.ContainsFunc(inv.Lines, func(l journal.Line) bool { return l.TaxRole == tax.RoleTax })
	locks, err := w.t.LockDates()
	if err != nil {
		return err
	}
	if err := locks.Refusal(b.Date, touchesTax); err != nil {
		return fmt.Errorf("writing off %s as lost: %w", inv.Name(), err)
	}
	label := b.Label
	if label == "" {
		label = clip(w.r.cfg.Labels.BadDebt+" "+inv.Name(), journal.TextMax)
	}
	lines, err := w.badDebtLines(doc, open, label)
	if err != nil {
		return err
	}
	company := w.t.Book().Currency()
	jrnl := b.Journal
	if jrnl == "" {
		jrnl = w.r.cfg.WriteOffJournal
	}
	pids := make([]journal.ID, len(open))
	for i := range pids {
		pids[i] = w.wr.NewPartialID()
	}
	e := journal.Entry{Journal: jrnl, Date: b.Date, Type: journal.TypeWriteOff, Ref: inv.Name(),
		Currency: entryCurrency(doc.cur(), company), Label: label, Origin: pids[0], Lines: lines}
	posted, _, err := w.wr.PostGenerated(e)
	if err != nil {
		return fmt.Errorf("posting the bad debt of %s: %w", inv.Name(), err)
	}
	w.res.Entries = append(w.res.Entries, posted)
	refs := make([]journal.LineRef, len(open))
	for i, it := range open {
		if err := w.letterWriteOff(it, posted.LineRef(i), pids[i], b.Date); err != nil {
			return err
		}
		refs[i] = it.ref
	}
	return w.settle(refs...)
}

// badDebtDocument reads the invoice a bad debt names and the lines what
// it still owes is on: its open receivable lines, or when those are
// settled and moved is true, the open lines on the doubtful customers'
// account of the entry that moved its debt there (MoveToDoubtful). It
// refuses what is no open customer invoice, or a date before it or before
// the latest lettering of those lines.
func (w *work) badDebtDocument(b BadDebt, moved bool) (*document, []*item, error) {
	doc, open, err := w.badDebtInvoice(b, moved)
	if err != nil {
		return nil, nil, err
	}
	inv := doc.entry
	if b.Date.Before(inv.Date) {
		return nil, nil, fmt.Errorf("%w: %s is dated %s, before the invoice (%s)", journal.ErrDate, inv.Name(), b.Date, inv.Date)
	}
	// What is written off or moved is what remains after the payments
	// lettered with the invoice (and, once moved, with its debt on the
	// doubtful account): dated before one of them, it would precede a
	// payment it assumes.
	last := journal.Date{}
	for _, it := range slices.Concat(doc.lines, open) {
		ps, err := w.t.LivePartials(it.ref)
		if err != nil {
			return nil, nil, err
		}
		for _, p := range ps {
			if p.Date.After(last) {
				last = p.Date
			}
		}
	}
	if b.Date.Before(last) {
		return nil, nil, fmt.Errorf("%w: %s is dated %s, before the lettering of %s of %s: date it on or after %s, or unletter what came later",
			journal.ErrDate, inv.Name(), b.Date, last, inv.Name(), last)
	}
	return doc, open, nil
}

// badDebtInvoice is badDebtDocument but for the dates.
func (w *work) badDebtInvoice(b BadDebt, moved bool) (*document, []*item, error) {
	doc, err := w.document(b.Invoice)
	if err != nil {
		return nil, nil, err
	}
	inv := doc.entry
	if inv.Type != journal.TypeInvoice || inv.ReversalOf != journal.NoID {
		return nil, nil, fmt.Errorf("%w: %s is a %s, not a customer invoice: only an invoice's debt is written off as lost or moved to doubtful customers",
			ErrNotDocument, inv.Name(), inv.Type)
	}
	for _, it := range doc.lines {
		a, err := w.t.Account(it.line.Account)
		if err != nil {
			return nil, nil, err
		}
		if a.Kind != ledger.KindReceivable || lineSign(it.line) < 0 {
			return nil, nil, fmt.Errorf("%w: %s is a supplier's bill (%s on %s): only a customer's debt is written off as lost or moved to doubtful customers; settle a bill with a payment or a credit note",
				ErrNotDocument, inv.Name(), it, a.Code)
		}
	}
	if _, reversed, err := w.t.ReversedBy(inv.ID); err != nil {
		return nil, nil, err
	} else if reversed {
		return nil, nil, fmt.Errorf("%w: %s is cancelled (reversed): nothing is owed on it", ErrNotDocument, inv.Name())
	}
	if open := doc.open(); len(open) > 0 {
		return doc, open, nil
	}
	if moved {
		open, err := w.doubtfulOpen(doc)
		if err != nil {
			return nil, nil, err
		}
		if len(open) > 0 {
			return doc, open, nil
		}
		if by, err := w.movedByHand(doc); err != nil {
			return nil, nil, err
		} else if by != "" {
			return nil, nil, fmt.Errorf("%w: %s owes nothing on its receivable account: %s moved its debt to %s by hand; unletter the invoice, reverse %s and move the debt with MoveToDoubtful ('lettrage doubtful') to write it off from there",
				ErrSettled, inv.Name(), by, w.r.cfg.DoubtfulReceivable, by)
		}
	}
	return nil, nil, fmt.Errorf("%w: %s owes nothing on its receivable account: unletter it first to take back what a payment settled (or moved elsewhere)",
		ErrSettled, inv.Name())
}

// movedByHand returns the number of an entry posted by hand, lettered
// with doc, that has a line on the doubtful customers' account: a
// transfer of its debt there that WriteOffBadDebt does not follow; ""
// when none is.
func (w *work) movedByHand(doc *document) (string, error) {
	for _, it := range doc.lines {
		ps, err := w.t.LivePartials(it.ref)
		if err != nil {
			return "", err
		}
		for _, p := range ps {
			e, err := w.sharedEntry(p.Other(it.ref).Entry)
			if err != nil {
				return "", err
			}
			if e.Origin == journal.NoID && !e.IsDocument() &&
				slices.ContainsFunc(e.Lines, func(l journal.Line) bool { return l.Account == w.r.cfg.DoubtfulReceivable }) {
				return e.Name(), nil
			}
		}
	}
	return "", nil
}

// badDebtShare is one line of a bad-debt entry before it is rounded: what
// it mirrors of the invoice (its account, tax role and taxes), and its
// weights, the invoice's lines it mirrors summed, in the company currency
// and in the invoice's.
type badDebtShare struct {
	line            journal.Line
	weight, weightC currency.Amount
}

// badDebtLines returns the lines of the bad-debt entry of doc: one per
// open receivable line taking its residual off, in their order, then the
// loss on the bad-debt account (a line per set of on-invoice taxes its
// bases carry) and the share of each tax due on invoice on its account.
// The tax shares are each rounded; the loss lines take the rest, split by
// largest remainder, so that the entry balances to the cent.
func (w *work) badDebtLines(doc *document, open []*item, label string) ([]journal.Line, error) {
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	cur := doc.cur()
	lost, lostC := currency.Zero(company), currency.Zero(cur) // positive: an invoice is a debit
	lines := make([]journal.Line, 0, len(open)+4)
	for _, it := range open {
		l := journal.Line{Account: it.line.Account, Partner: it.line.Partner, Label: label,
			Balance: it.residual.Balance.Neg(), AmountCurrency: it.residual.AmountCurrency.Neg()}
		if cur == company {
			l.AmountCurrency = l.Balance
		}
		lost, lostC = mustAdd(lost, it.residual.Balance), mustAdd(lostC, l.AmountCurrency.Neg())
		lines = append(lines, l)
	}
	taxes, losses, err := w.badDebtShares(doc, label)
	if err != nil {
		return nil, err
	}
	totalC, total := doc.total() // in the invoice's currency, in the company's
	restC, rest := lostC, lost
	var taxLines []journal.Line
	for _, s := range taxes {
		l := s.line
		if l.Balance, err = currency.MulDiv(lost, s.weight, total, company, rounding); err != nil {
			return nil, err
		}
		if l.AmountCurrency, err = currency.MulDiv(lostC, s.weightC, totalC, cur, rounding); err != nil {
			return nil, err
		}
		rest, restC = mustSub(rest, l.Balance), mustSub(restC, l.AmountCurrency)
		taxLines = append(taxLines, l)
	}
	if len(losses) == 0 { // an invoice of tax alone: the loss takes what rounding leaves
		losses = []badDebtShare{{line: journal.Line{Account: w.r.cfg.BadDebtLoss, Label: label},
			weight: currency.Zero(company), weightC: currency.Zero(cur)}}
	}
	parts, err := prorateOr(rest, losses, func(s badDebtShare) currency.Amount { return s.weight })
	if err != nil {
		return nil, err
	}
	partsC, err := prorateOr(restC, losses, func(s badDebtShare) currency.Amount { return s.weightC })
	if err != nil {
		return nil, err
	}
	for k, s := range losses {
		l := s.line
		l.Balance, l.AmountCurrency = parts[k], partsC[k]
		lines = append(lines, l)
	}
	lines = append(lines, taxLines...)
	return slices.DeleteFunc(lines, func(l journal.Line) bool { return l.Balance.IsZero() && l.AmountCurrency.IsZero() }), nil
}

// prorateOr splits amount over shares by the weight of each, or puts it
// all on the first share when their weights sum to zero.
func prorateOr(amount currency.Amount, shares []badDebtShare, weight func(badDebtShare) currency.Amount) ([]currency.Amount, error) {
	weights := make([]currency.Amount, len(shares))
	sum := currency.Zero(amount.Currency())
	for k, s := range shares {
		weights[k] = weight(s)
		if weights[k].Currency() != amount.Currency() {
			weights[k] = currency.Zero(amount.Currency()) // a line kept only in the company currency
		}
		sum = mustAdd(sum, weights[k])
	}
	if sum.IsZero() {
		out := make([]currency.Amount, len(shares))
		for k := range out {
			out[k] = currency.Zero(amount.Currency())
		}
		out[0] = amount
		return out, nil
	}
	return currency.Prorate(amount, weights)
}

// badDebtShares reads the invoice's other lines than its receivable ones
// as the shares of a bad debt: a tax line of a tax due on invoice, or a
// line on a tax or transition account posted without its tax, is a tax
// share on its account; every other line goes to the loss, its base kept
// for the taxes due on invoice it carries (a tax due on payment on the
// lost part was never due: its line and bases go to the loss without it).
// Weights are the lines' amounts, the other way.
func (w *work) badDebtShares(doc *document, label string) (taxes, losses []badDebtShare, err error) {
	partner := map[int]bool{}
	for _, it := range doc.lines {
		partner[it.ref.Index] = true
	}
	add := func(to []badDebtShare, l journal.Line, src *journal.Line) []badDebtShare {
		k := slices.IndexFunc(to, func(s badDebtShare) bool {
			return s.line.Account == l.Account && s.line.TaxRole == l.TaxRole && taxIDs(s.line.Taxes) == taxIDs(l.Taxes)
		})
		if k < 0 {
			to = append(to, badDebtShare{line: l, weight: currency.Zero(src.Balance.Currency()), weightC: currency.Zero(doc.cur())})
			k = len(to) - 1
		}
		to[k].weight = mustAdd(to[k].weight, src.Balance.Neg())
		if c := src.AmountCurrency; c.Currency() == doc.cur() {
			to[k].weightC = mustAdd(to[k].weightC, c.Neg())
		}
		return to
	}
	for i := range doc.entry.Lines {
		src := &doc.entry.Lines[i]
		if partner[i] {
			continue
		}
		if src.TaxRole == tax.RoleTax && len(src.Taxes) == 1 && src.Taxes[0].Exigibility != tax.OnPayment {
			taxes = add(taxes, journal.Line{Account: src.Account, Label: label, TaxRole: tax.RoleTax, Taxes: src.Taxes}, src)
			continue
		}
		if len(src.Taxes) == 0 {
			// A VAT line posted without its tax (an invoice typed or
			// imported by hand): on a tax account it was due on the
			// invoice and is recovered there; on a transition account it
			// waits for a payment no cash-basis entry will move, and
			// leaves it here.
			a, err := w.t.Account(src.Account)
			if err != nil {
				return nil, nil, err
			}
			if a.Kind == ledger.KindTax || a.Kind == ledger.KindTaxTransition {
				taxes = add(taxes, journal.Line{Account: src.Account, Label: label}, src)
				continue
			}
		}
		l := journal.Line{Account: w.r.cfg.BadDebtLoss, Label: label}
		if src.TaxRole == tax.RoleBase {
			for _, t := range src.Taxes {
				if t.Exigibility != tax.OnPayment {
					l.Taxes = append(l.Taxes, t)
				}
			}
			if len(l.Taxes) > 0 {
				l.TaxRole = tax.RoleBase
			}
		}
		losses = add(losses, l, src)
	}
	return taxes, losses, nil
}

// taxIDs is a key of a list of taxes: their ids in order.
func taxIDs(ts []tax.Tax) string {
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = t.ID
	}
	return strings.Join(ids, "\x00")
}

// isBadDebtLoss reports whether e is the entry WriteOffBadDebt posts: a
// write-off with a line on the bad-debt loss account.
func isBadDebtLoss(e *journal.Entry, cfg *Config) bool {
	return e.Type == journal.TypeWriteOff &&
		slices.ContainsFunc(e.Lines, func(l journal.Line) bool { return l.Account == cfg.BadDebtLoss })
}
