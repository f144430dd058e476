package reconcile

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Item is an open line of a partner: a document still due or an
// outstanding credit.
type Item struct {
	Ref     journal.LineRef   // the entry's id and the line's index
	Number  string            // "VT/2026/00042"
	Type    journal.EntryType // the entry's type: invoice, credit note, payment…
	DocKind journal.DocKind   // normal, cancellation or penalty, for an invoice or credit note
	Date    journal.Date      // the entry's accounting date
	DueDate journal.Date      // the line's due date; zero if none
	Label   string            // the line's label, else its entry's
	// Reference is the entry's reference: the document's own number
	// ("FA-210"), the payer's reference of a payment.
	Reference string
	Amount    currency.Amount // the line's balance, signed
	Residual  currency.Amount // what remains, signed
	// AmountCurrency and ResidualCurrency are the same in the document's
	// own currency (equal to the above for a company-currency document).
	AmountCurrency currency.Amount
	// ResidualCurrency is the reste dû in the document's own currency,
	// signed like AmountCurrency.
	ResidualCurrency currency.Amount
	// DiscountOffer is the early-payment discount (escompte) the invoice
	// offers a first payment, in its own currency, until the offer's last
	// day; nil when it offers none, or may no longer take one (an invoice
	// of several instalments, reversed, or with something lettered on it
	// already). Whether the last day has passed is the caller's to compare
	// with its date (Until): a statement has none.
	DiscountOffer *journal.DiscountOffer
}

// PartnerStatement is where a partner stands on one account.
type PartnerStatement struct {
	Partner string // partner code
	Account string // the receivable or payable account
	// Due is the reste dû: what the partner still owes on a receivable
	// account, what we still owe on a payable one, in the company currency.
	Due currency.Amount
	// Unallocated is the reste à utiliser: payments, credit notes, advances
	// and overpayments not yet lettered, in the company currency.
	Unallocated currency.Amount
	Open        []Item // documents still due, by due date
	Credits     []Item // outstanding credits (customer) or debits (supplier)
	// At is the date the statement is as at: the day given to
	// StatementAt; for Statement, today on the book's clock, or the last
	// date of the partner's lines on the account when later.
	At journal.Date
}

// Statement returns a partner's open items on a receivable or payable
// account as they stand in the book: the reste dû, the reste à utiliser,
// and both lists. At is today on the book's clock, or the last date of
// the partner's lines on the account when one is later (a transfer
// registered ahead of its date is counted, and the statement is as at
// its date). It returns ErrNotReconcilable, ledger.ErrUnknownAccount, or
// ledger.ErrUnknownPartner for a partner the book does not know (rather
// than the empty statement of a partner who owes nothing).
func (r *Reconciler) Statement(ctx context.Context, account, partner string) (PartnerStatement, error) {
	return r.statementAt(ctx, account, partner, journal.Date{})
}

// StatementAt is Statement as the partner stood at the end of date at:
// the documents and credits dated on or before it with what remained of
// them then (partials dated on or before at), as a statement sent on that
// date showed them. It returns Statement's errors, and journal.ErrNoDate
// for a zero date.
func (r *Reconciler) StatementAt(ctx context.Context, account, partner string, at journal.Date) (PartnerStatement, error) {
	if at.IsZero() {
		return PartnerStatement{}, journal.ErrNoDate
	}
	return r.statementAt(ctx, account, partner, at)
}

// statementAt is StatementAt, or Statement for a zero at.
func (r *Reconciler) statementAt(ctx context.Context, account, partner string, at journal.Date) (PartnerStatement, error) {
	var out PartnerStatement
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		if partner != "" {
			if _, err := t.Partner(partner); err != nil {
				return err
			}
		}
		var err error
		if out, err = statement(t, account, partner, at); err != nil {
			return err
		}
		if at.IsZero() {
			out.At, err = asItStands(t, account, partner)
		}
		return err
	})
	return out, err
}

// asItStands is the date a statement of everything posted is as at:
// today on the book's clock, or the last date of the partner's lines on
// the account when later (a transfer registered ahead of its date):
// nothing it counts is dated after it.
func asItStands(t *ledger.Tx, account, partner string) (journal.Date, error) {
	at := journal.DateOf(t.Book().Now())
	later, err := t.Lines(ledger.LineFilter{Account: account, Partner: partner, From: at.AddDays(1)})
	if err != nil {
		return journal.Date{}, err
	}
	for _, l := range later {
		if l.Date.After(at) {
			at = l.Date
		}
	}
	return at, nil
}

// statement is a partner's statement as it stands now, or at the end of
// at when it is not zero.
func statement(t *ledger.Tx, account, partner string, at journal.Date) (PartnerStatement, error) {
	a, err := t.Account(account)
	if err != nil {
		return PartnerStatement{}, err
	}
	company := t.Book().Currency()
	st := PartnerStatement{Partner: partner, Account: account, Due: currency.Zero(company), Unallocated: currency.Zero(company), At: at}
	var open []ledger.OpenItem
	if at.IsZero() {
		open, err = t.OpenItems(account, partner)
	} else {
		open, err = t.OpenItemsAt(account, partner, at)
	}
	if err != nil {
		return PartnerStatement{}, err
	}
	payable := a.Kind == ledger.KindPayable || a.Kind == ledger.KindSupplierAdvance
	for _, o := range open {
		e, err := t.Entry(o.Ref.Entry)
		if err != nil {
			return PartnerStatement{}, err
		}
		it := Item{Ref: o.Ref, Number: o.Number, Type: e.Type, DocKind: e.DocKind, Date: o.Date, DueDate: o.DueDate,
			Label: cmp.Or(o.Label, e.Label), Reference: e.Ref, Amount: o.Balance, Residual: o.Residual.Balance,
			AmountCurrency: o.Amount, ResidualCurrency: o.Residual.AmountCurrency}
		if e.DiscountOffer != nil && o.Residual.AmountCurrency.Equal(o.Amount) {
			ok, err := offersDiscountAt(t, &e, account, at)
			if err != nil {
				return PartnerStatement{}, err
			}
			if ok {
				offer := *e.DiscountOffer
				it.DiscountOffer = &offer
			}
		}
		// The side a line was posted on, never what remains of it, says
		// whether it is due or a credit: a SEK invoice still owing 0.01 SEK
		// (worth 0.00 EUR) is due.
		due := lineSign(&e.Lines[o.Ref.Index]) > 0
		if payable {
			due = !due
		}
		if due {
			st.Open = append(st.Open, it)
			st.Due = mustAdd(st.Due, it.Residual.Abs())
		} else {
			st.Credits = append(st.Credits, it)
			st.Unallocated = mustAdd(st.Unallocated, it.Residual.Abs())
		}
	}
	sortItems(st.Open)
	sortItems(st.Credits)
	return st, nil
}

// sortItems orders items by lettering's key (see lettingOrder): due date
// (or date), then signed amount; OpenItems gave them in posting order,
// which breaks ties. It is a listing order: a lettering over several
// currencies pairs each currency first (see Reconcile).
func sortItems(items []Item) {
	key := func(it *Item) journal.Date {
		if !it.DueDate.IsZero() {
			return it.DueDate
		}
		return it.Date
	}
	// An item's signed amount in the currency it letters in: its own, or
	// the company currency for a line carrying only a balance.
	own := func(it *Item) currency.Amount {
		if it.AmountCurrency.IsZero() && !it.Amount.IsZero() {
			return it.Amount
		}
		return it.AmountCurrency
	}
	slices.SortStableFunc(items, func(a, b Item) int {
		if c := cmp.Compare(key(&a).Key(), key(&b).Key()); c != 0 {
			return c
		}
		// compareSignedAmounts' rule: by currency, then signed amount in it.
		oa, ob := own(&a), own(&b)
		if oa.Currency() != ob.Currency() {
			return cmp.Compare(oa.Currency().Code(), ob.Currency().Code())
		}
		return mustCmp(oa, ob)
	})
}

// OutstandingCredits returns the partner's outstanding items that could
// settle a document (the "crédits en circulation" banner of an invoice):
// the open lines on the document's account on the opposite side, then the
// partner's open advances (acomptes) in the document's currency on the
// advances accounts its account faces — customer advance (419100) for a
// receivable, supplier advance (409100) for a payable —, none for a
// settled document. An advance is money received or paid: the base of a
// deposit invoice on 419100 is deducted by the final invoice, not listed.
// It returns ErrNotPosted or ErrNotDocument.
func (r *Reconciler) OutstandingCredits(ctx context.Context, document journal.ID) ([]Item, error) {
	var out []Item
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		w := &work{r: r, t: t}
		line, err := w.documentLine(document)
		if errors.Is(err, ErrSettled) {
			return nil // a settled document lists no credits: nothing is due on it
		} else if err != nil {
			return err
		}
		st, err := statement(t, line.line.Account, line.line.Partner, journal.Date{})
		if err != nil {
			return err
		}
		side := lineSign(line.line)
		for _, list := range [][]Item{st.Credits, st.Open} {
			for _, it := range list {
				if lineSign(&journal.Line{Balance: it.Amount, AmountCurrency: it.AmountCurrency}) != side {
					out = append(out, it)
				}
			}
		}
		a, err := t.Account(line.line.Account)
		if err != nil {
			return err
		}
		advances, err := openAdvances(t, a.Kind, line.line.Partner, side, line.lettersIn(t.Book().Currency()))
		out = append(out, advances...)
		return err
	})
	return out, err
}

// documentLine returns a document's first open receivable or payable line.
func (w *work) documentLine(id journal.ID) (*item, error) {
	doc, err := w.document(id)
	if err != nil {
		return nil, err
	}
	if open := doc.open(); len(open) > 0 {
		return open[0], nil
	}
	return nil, fmt.Errorf("%w: %s", ErrSettled, doc.name())
}

// UseCredit letters an outstanding item with a document, in full or for a
// chosen amount.
type UseCredit struct {
	Operation journal.ID      // the caller's id for retries; NoID: a fresh one
	Document  journal.ID      // the invoice (or bill) to settle
	Credit    journal.LineRef // the outstanding item to use
	// Amount, when set, is how much of the credit to use, in the currency
	// the two letter in (Request.Limit): the credit's, except a
	// company-currency credit used on a foreign document, whose amount is
	// in the document's currency (187.50 USD of a euro credit note, not
	// 150.00 EUR: ErrAmount). Unset uses as much as both can take.
	Amount currency.Amount
}

// UseCredit settles a document with an outstanding item of its partner
// (an overpayment carried to the next invoice, say).
//
// The item may be an advance (acompte) on a customer or supplier advances
// account, as OutstandingCredits lists it: a transfer entry, in the
// write-off journal and dated at the later of the advance's and the
// document's dates (the first open date when that is locked), moves what
// is used onto the document's account (Dr 419100 / Cr 411000 for a
// customer, Dr 401000 / Cr 409100 for a supplier); its first line is
// lettered with the advance, its second with the document. Unlettering
// either reverses the transfer. Advance and document must be in one
// currency.
//
// A customer invoice whose debt MoveToDoubtful moved is settled on the
// moving entry's lines on the doubtful customers' account, with a credit
// on that account (a credit note posted there).
//
// It returns ErrSettled for a document that owes nothing or an advance used
// already, or for a credit on another account than the one a moved debt
// went to, ErrNotDocument when none of its open lines faces the credit on
// its account (or the account its advances account faces), or for a line
// on an advances account that is no advance (a deposit invoice's), ErrAmount
// for an advance in another currency than the document, and the errors of
// Reconcile.
func (r *Reconciler) UseCredit(ctx context.Context, u UseCredit) (Result, error) {
	return r.operation(ctx, u.Operation, "use-credit", u, func(w *work) error {
		doc, err := w.document(u.Document)
		if err != nil {
			return err
		}
		credit, err := w.load(u.Credit)
		if err != nil {
			return err
		}
		open := doc.open()
		if len(open) == 0 {
			// A debt moved to doubtful customers is settled where it went.
			moved, err := w.doubtfulOpen(doc)
			if err != nil {
				return err
			}
			if open = moved; len(open) == 0 {
				return fmt.Errorf("%w: %s owes nothing", ErrSettled, doc.name())
			}
			if at := open[0].line.Account; credit.line.Account != at {
				return fmt.Errorf("%w: %s owes nothing on %s: %s moved its debt to %s, where a credit on %s cannot settle it; post the credit note on %s (its partner account) and use it there, or unletter %s first",
					ErrSettled, doc.name(), credit.line.Account, open[0].entry.Name(), at, credit.line.Account, at, doc.name())
			}
		}
		if a, err := w.t.Account(credit.line.Account); err != nil {
			return err
		} else if _, ok := partnerKind(a.Kind); ok {
			if _, in, err := w.t.MatchOf(credit.ref); err != nil {
				return err
			} else if in {
				return fmt.Errorf("%w: %s", ErrMatched, credit)
			}
			facing, err := w.advanceFacing(doc, credit)
			if err != nil {
				return err
			}
			return w.useAdvance(credit, facing, u.Amount)
		}
		refs := []journal.LineRef{u.Credit}
		for _, it := range open {
			if it.line.Account == credit.line.Account && lineSign(it.line) != lineSign(credit.line) {
				refs = append(refs, it.ref)
			}
		}
		if len(refs) == 1 {
			return fmt.Errorf("%w: %s has no open line on %s facing the credit", ErrNotDocument, doc.name(), credit.line.Account)
		}
		items, err := w.items(refs)
		if err != nil {
			return err
		}
		return w.letter(items, letterOptions{limit: u.Amount})
	})
}
