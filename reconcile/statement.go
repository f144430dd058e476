package reconcile

import (
	"context"
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// StatementLine is a bank statement line (relevé bancaire) to post.
type StatementLine struct {
	Operation journal.ID   // the caller's id for retries; NoID: a fresh one
	Journal   string       // a bank journal with its bank account
	Date      journal.Date // the booking date on the statement (accounting date)
	// Amount is signed: > 0 money received, < 0 money paid out; in the
	// company currency or, on a foreign bank account, in its currency.
	Amount currency.Amount
	// CompanyAmount, when set, is what a foreign amount is worth in the
	// company currency (signed like Amount): it wins over the rate.
	CompanyAmount currency.Amount
	// AgreedRate is Payment.AgreedRate for the invoices a statement line
	// pays directly.
	AgreedRate currency.Rate
	// Label is the entry's text, the bank's label; empty takes the
	// reconciler's label.
	Label string
	// Ref is the bank's reference of the line, kept as the entry's Ref.
	Ref string
	// Partner, when set, makes the line pay that partner's documents
	// directly: its counterpart goes on the receivable (receipt) or payable
	// (payout) account, lettered with Invoices in order.
	Partner string
	// Invoices are the partner's documents the line pays, in order; they
	// need Partner. Documents on the line's own side among them — a
	// customer's credit notes beside the invoices a receipt pays — are set
	// off against the others, as Payment.Invoices says.
	Invoices []journal.ID
	// Account is the counterpart when no partner is given; empty means the
	// journal's outstanding receipts or payments account. Use the suspense
	// account (Config.Suspense, 471000) for receipts nobody can name yet.
	// With a partner it is the partner account to use (a customer's refund
	// on receivables) instead of the direction's; with invoices it must be
	// theirs (ErrAccount), and empty takes it.
	Account string
	// WriteOff, with Invoices, writes off what the line and the invoices
	// leave open between them, within the write-off tolerance (ErrTolerance
	// beyond it): a customer who paid a few cents short or over.
	WriteOff bool
	// EarlyDiscount, with one invoice, closes it with an early-payment
	// discount for what the line leaves unpaid, as Payment.EarlyDiscount
	// does: the first payment only, in the invoice's currency. It is taken
	// as asked; ProposeImported proposes it only for an entry booked by the
	// invoice's offer's last day, of exactly what it owes less the offer.
	//
	// Without it, a line that pays exactly what the invoices owe less the
	// discounts they offer in time takes them, as Payment.EarlyDiscount
	// says; NoDiscount pays them without.
	EarlyDiscount bool `json:",omitempty"`
	// NoDiscount pays the invoices without the discounts they offer, even
	// when the line pays what they owe less those.
	NoDiscount bool `json:",omitempty"`

	from []ident.IBAN // the accounts the bank shows the money came from or went to (imported entries)
	// offer holds EarlyDiscount to the invoices' offers (imported
	// entries): each invoice paid in time takes exactly its own, on a
	// first payment (takesOffers).
	offer bool
}

// PostStatementLine posts a statement line: its first line is the
// counterpart (outstanding account, partner account or the account given),
// its second the bank. With a partner and invoices it letters them. It
// returns ErrAmount, ErrJournal, ledger posting errors, the errors of
// RegisterPayment's lettering, a *journal.TextError for a ref or label
// journal.CheckText refuses, or ErrIdempotencyConflict.
func (r *Reconciler) PostStatementLine(ctx context.Context, s StatementLine) (Result, error) {
	return r.operation(ctx, s.Operation, "statement-line", s, func(w *work) error {
		_, err := w.postStatementLine(s)
		return err
	})
}

// postStatementLine is PostStatementLine inside an operation; it returns
// the entry posted.
func (w *work) postStatementLine(s StatementLine) (journal.Entry, error) {
	if err := checkTexts("statement line", s.Ref, s.Label); err != nil {
		return journal.Entry{}, err
	}
	company := w.t.Book().Currency()
	switch {
	case !s.Amount.IsSet() || s.Amount.IsZero():
		return journal.Entry{}, fmt.Errorf("%w: statement amount %s must be non-zero", ErrAmount, s.Amount)
	case s.CompanyAmount.IsSet() && (s.Amount.Currency() == company || s.CompanyAmount.Currency() != company ||
		s.CompanyAmount.Sign() != s.Amount.Sign()):
		return journal.Entry{}, fmt.Errorf("%w: company amount %s of a %s statement line", ErrAmount, s.CompanyAmount, s.Amount.Currency())
	}
	j, err := w.t.Journal(s.Journal)
	if err != nil {
		return journal.Entry{}, err
	}
	if j.Kind != ledger.JournalBank || j.BankAccount == "" {
		return journal.Entry{}, fmt.Errorf("%w: %s", ErrJournal, s.Journal)
	}
	dir := Inbound
	if s.Amount.Sign() < 0 {
		dir = Outbound
	}
	counter := s.Account
	var docs, setOff []*item
	switch {
	case s.Partner != "":
		counter = w.r.cfg.Receivable
		if dir == Outbound {
			counter = w.r.cfg.Payable
		}
		if s.Account != "" {
			a, err := w.t.Account(s.Account)
			if err != nil {
				return journal.Entry{}, err
			}
			if !a.Kind.NeedsPartner() {
				return journal.Entry{}, fmt.Errorf("%w: %s is not a receivable or payable account", ErrAccount, s.Account)
			}
			counter = s.Account
		}
		if docs, setOff, err = w.namedDocuments(s.Invoices, s.Partner, dir, true); err != nil {
			return journal.Entry{}, err
		}
		if len(docs) > 0 {
			// The documents' account, where they are lettered; one the
			// caller named must be it, not quietly replaced.
			if s.Account != "" && s.Account != docs[0].line.Account {
				return journal.Entry{}, fmt.Errorf("%w: the line names account %s, its documents are on %s", ErrAccount,
					s.Account, docs[0].line.Account)
			}
			counter = docs[0].line.Account
		}
	case len(s.Invoices) > 0:
		return journal.Entry{}, fmt.Errorf("%w: invoices need the statement line's partner", ErrPartner)
	case counter == "":
		counter = j.OutstandingReceipts
		if dir == Outbound {
			counter = j.OutstandingPayments
		}
		if counter == "" {
			counter = w.r.cfg.Suspense
		}
	}
	label := s.Label
	if label == "" {
		label = w.r.cfg.Labels.StatementLine
	}
	e := journal.Entry{Journal: s.Journal, Date: s.Date, Type: journal.TypeStatementLine, Ref: s.Ref, Label: label,
		Currency: entryCurrency(s.Amount.Currency(), company),
		Lines: []journal.Line{
			{Account: counter, Partner: s.Partner, Label: label, AmountCurrency: s.Amount.Neg(), Balance: s.CompanyAmount.Neg()},
			{Account: j.BankAccount, Label: label, AmountCurrency: s.Amount, Balance: s.CompanyAmount},
		}}
	if err := w.checkPayableHere(docs, s.Journal, s.from); err != nil {
		return journal.Entry{}, err
	}
	if s.WriteOff && len(docs) == 0 {
		return journal.Entry{}, fmt.Errorf("%w: a write-off needs the invoices the line pays", ErrNotDocument)
	}
	if n := len(s.Invoices) - len(documentsOf(setOff)); s.EarlyDiscount && (n != 1 && !s.offer || n == 0 || s.WriteOff) {
		return journal.Entry{}, fmt.Errorf("%w: a discount needs the one invoice the line pays, and no write-off", ErrDiscount)
	}
	var takers []*item
	var offers []currency.Amount
	switch {
	case s.EarlyDiscount && s.NoDiscount:
		return journal.Entry{}, fmt.Errorf("%w: a discount asked and refused", ErrDiscount)
	case s.offer:
		if takers, offers, err = w.takesOffers(docs, setOff, s.Amount.Abs(), s.Date); err != nil {
			return journal.Entry{}, err
		}
	case !s.EarlyDiscount && !s.NoDiscount && len(docs) > 0 && !s.WriteOff:
		if takers, offers, err = w.offersPaid(docs, setOff, s.Amount.Abs(), s.Date); err != nil {
			return journal.Entry{}, err
		}
	}
	agreed, err := agreedRateFor(s.AgreedRate, s.Amount.Currency(), slices.Concat(docs, setOff), company)
	if err != nil {
		return journal.Entry{}, err
	}
	if len(setOff) > 0 {
		// What is set off must leave something for the line to pay.
		if _, err := w.netOwedIn(docs, setOff, s.Amount.Currency(), s.Date, agreed, rate{}); err != nil {
			return journal.Entry{}, err
		}
	}
	posted, _, err := w.wr.PostGenerated(e)
	if err != nil {
		return journal.Entry{}, err
	}
	w.res.Entries = append(w.res.Entries, posted)
	if len(docs) == 0 {
		return posted, nil
	}
	line, err := w.load(posted.LineRef(0))
	if err != nil {
		return journal.Entry{}, err
	}
	switch {
	case len(takers) > 0:
		for k, d := range takers {
			if err := w.earlyDiscount(d, s.Date, offers[k]); err != nil {
				return journal.Entry{}, err
			}
		}
	case s.EarlyDiscount:
		if err := w.discountFor(docs, setOff, s.Amount.Abs(), s.Date); err != nil {
			return journal.Entry{}, err
		}
	}
	return posted, w.letter(slices.Concat(setOff, []*item{line}, docs), letterOptions{keepOrder: true, agreed: agreed, writeOff: s.WriteOff})
}

// Clearing letters a posted statement line with the payments it clears: a
// single payment, or a batch across partners (cheque deposit, SEPA batch).
type Clearing struct {
	Operation journal.ID   // the caller's id for retries; NoID: a fresh one
	Statement journal.ID   // a posted statement line
	Payments  []journal.ID // payments whose line sits on the same outstanding account
	// BankFees posts a remaining difference to Config.BankFees (627000) so
	// the group closes; otherwise the difference stays open. Fees are a
	// cost: a statement line more favourable than its payments (the bank
	// received more, or paid out less) is refused with ErrNotFee.
	BankFees bool
	// Difference, when set, is the account a remaining difference is
	// posted to instead, whatever its sign: an exchange loss or gain
	// account (666000, 766000) for what the bank's conversion of a foreign
	// receipt lost or gained against the rate it was booked at. It must be
	// an account of the chart that is not lettered (ErrAccount).
	Difference string
}

// Clear letters a statement line's counterpart with the payments' lines on
// the same outstanding account; their invoices move from InPayment to
// Paid. It returns ErrNotPosted, ErrNotDocument (not a statement line or
// payment, or no payment named), ErrDuplicateLine (a payment named twice),
// ErrMatched (a payment lettered already, or reversed), ErrCleared (the
// statement line has nothing left to clear),
// ErrAccount (a payment is not on the statement line's account), ErrNotFee
// (BankFees on a difference in the book's favour) or
// ErrIdempotencyConflict.
func (r *Reconciler) Clear(ctx context.Context, c Clearing) (Result, error) {
	return r.operation(ctx, c.Operation, "clear", c, func(w *work) error { return w.clear(c) })
}

// clear is Clear inside an operation.
func (w *work) clear(c Clearing) error {
	st, err := w.entry(c.Statement)
	if err != nil {
		return fmt.Errorf("%w: statement line %s", ErrNotPosted, c.Statement)
	}
	if st.Type != journal.TypeStatementLine {
		return fmt.Errorf("%w: %s is a %s, not a statement line", ErrNotDocument, st.Name(), st.Type)
	}
	line, err := w.load(st.LineRef(0))
	if err != nil {
		return err
	}
	if _, in, err := w.t.MatchOf(line.ref); err != nil {
		return err
	} else if in || line.settled() {
		return fmt.Errorf("%w: %s", ErrCleared, st.Name())
	}
	if len(c.Payments) == 0 {
		// Nothing to clear against: a fee or a difference would write
		// the whole line off (a receipt of 500,00 as bank fees).
		return fmt.Errorf("%w: clearing %s names no payment", ErrNotDocument, st.Name())
	}
	refs := []journal.LineRef{line.ref}
	for _, id := range c.Payments {
		pay, err := w.entry(id)
		if err != nil {
			return fmt.Errorf("%w: payment %s", ErrNotPosted, id)
		}
		if pay.Type != journal.TypePayment {
			return fmt.Errorf("%w: %s is a %s, not a payment", ErrNotDocument, pay.Name(), pay.Type)
		}
		found := false
		for i := range pay.Lines {
			if pay.Lines[i].Account == line.line.Account {
				refs, found = append(refs, pay.LineRef(i)), true
				break
			}
		}
		if !found {
			return fmt.Errorf("%w: %s has no line on %s", ErrAccount, pay.Name(), line.line.Account)
		}
	}
	items, err := w.items(refs)
	if err != nil {
		return err
	}
	o := letterOptions{}
	switch {
	case c.Difference != "":
		a, err := w.t.Account(c.Difference)
		if err != nil {
			return fmt.Errorf("%w: difference account %s: %w", ErrAccount, c.Difference, err)
		}
		if a.Reconcilable {
			return fmt.Errorf("%w: difference account %s is lettered: post the difference to an expense, income or exchange account", ErrAccount, a.Code)
		}
		o.settleTo = a.Code
	case c.BankFees:
		o.settleTo, o.feesOnly = w.r.cfg.BankFees, true
	}
	return w.letter(items, o)
}
