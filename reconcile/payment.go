package reconcile

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Direction says who pays whom.
type Direction uint8

const (
	// Inbound is money received (encaissement): a customer receipt, Dr
	// outstanding receipts or bank / Cr receivable; or a supplier's refund
	// of a credit note, Dr bank / Cr payable.
	Inbound Direction = iota + 1
	// Outbound is money paid out (décaissement): a supplier payment, Dr
	// payable / Cr outstanding payments or bank; or a refund of a
	// customer's credit note, Dr receivable / Cr bank.
	Outbound
)

// String returns "inbound" or "outbound", or Direction(n) for an unknown value.
func (d Direction) String() string {
	switch d {
	case Inbound:
		return "inbound"
	case Outbound:
		return "outbound"
	}
	return fmt.Sprintf("Direction(%d)", uint8(d))
}

// Method is how a payment was made.
type Method uint8

const (
	MethodTransfer     Method = iota + 1 // virement
	MethodCash                           // espèces
	MethodCheque                         // chèque
	MethodCard                           // carte bancaire
	MethodSEPATransfer                   // virement SEPA
	MethodSEPADebit                      // prélèvement SEPA
	MethodLCR                            // LCR / BOR (lettre de change relevé, billet à ordre relevé)
	methodEnd
)

var methodNames = [...]string{"", "transfer", "cash", "cheque", "card", "sepa_transfer", "sepa_debit", "lcr_bor"}

// defaultMethod is the method of a payment that names none: the
// partner's usual one, else a transfer.
func defaultMethod(p ledger.Partner) Method {
	if m := methodNamed(p.PaymentMethod); m != 0 {
		return m
	}
	return MethodTransfer
}

// methodNamed is the method of a name String gives, 0 for none.
func methodNamed(name string) Method {
	for m, n := range methodNames {
		if n == name && n != "" {
			return Method(m)
		}
	}
	return 0
}

// String returns the method's name as printed and stored ("cheque", "sepa_transfer"…), or Method(n) for an unknown value.
func (m Method) String() string {
	if m == 0 || m >= methodEnd {
		return fmt.Sprintf("Method(%d)", uint8(m))
	}
	return methodNames[m]
}

// Payment is a customer receipt or a supplier payment to register.
type Payment struct {
	Operation journal.ID   // the caller's id for retries; NoID: a fresh one
	Direction Direction    // Inbound for money received, Outbound for money paid out
	Partner   string       // the customer or supplier paying or paid
	Journal   string       // a bank or cash journal
	Date      journal.Date // the date the customer paid (accounting date)
	// Amount is positive, in the company currency or a foreign one; unset
	// means the residual of Invoices (in their currency when they share
	// one). A foreign amount is converted at the rate of Date unless
	// CompanyAmount is given.
	Amount currency.Amount
	// CompanyAmount, when set, is what a foreign payment is worth in the
	// company currency (the bank's own conversion): it wins over the rate.
	CompanyAmount currency.Amount
	// AgreedRate, when set, is the rate the bank applied between the
	// payment's currency and the invoices' (1 unit of the company currency
	// = AgreedRate units of the foreign one, the payment's or the
	// invoices'): it values the company-currency side when the payment is
	// lettered, and is the rate the payment pays cash-basis VAT at. The
	// payment itself is still booked at CompanyAmount or the rate of Date.
	AgreedRate currency.Rate
	// Method is how the money moved: transfer, cheque, card…. Zero takes
	// the partner's usual one (ledger.Partner.PaymentMethod), else a
	// transfer, the most common. It is kept with the payment and printed
	// on receipts and summaries.
	Method Method
	// Ref is the payment's external reference, kept as the entry's Ref;
	// automatic lettering looks in it for a document's number.
	Ref string
	// Label is the entry's text; empty takes the reconciler's label
	// ("Règlement C1").
	Label string
	// Invoices, when given, are the documents the payment settles, lettered
	// with it in this order (each by due date): invoices for a receipt or
	// a supplier payment, credit notes — or a receipt the customer overpaid
	// — for a refund (money paid out to a customer, or received from a
	// supplier). What is left of a receipt or payment is an outstanding
	// credit (customer) or debit (supplier); a refund may not exceed what
	// the credit notes owe. A payment naming nothing books the partner's
	// side on the receivable account when money comes in and on the
	// payable account when it goes out: a refund to a customer names what
	// it refunds, so that it lands on the customer's account.
	//
	// Documents on the payment's own side may be named beside those it
	// settles, to be set off against them: a customer's credit note named
	// with the invoices a receipt pays ("FA-1 less AV-2"), a supplier's
	// credit note with the bills a payment pays, an invoice with the credit
	// notes a refund pays back. They are lettered with the documents first,
	// and the payment pays what is left; an unset Amount is what the
	// documents owe less what those set off owe, and must be positive
	// (ErrAmount). A document of the payment's side named alone is
	// ErrNotDocument.
	//
	// An advance (acompte) held on a customer or supplier advances account
	// (419100, 409100) may be named alone, to refund it: money paid out to
	// the customer (Dr 419100 / Cr bank), or received from the supplier,
	// lettered with the advance, at most what is left of it.
	Invoices []journal.ID
	// Cheque, for a payment by cheque, is its number and drawee bank;
	// nil when they are not known (a number left empty: the payment's Ref
	// stands for it on the deposit slip). A number is paid once: the same
	// number again (leading zeros, spaces and case aside) from the same
	// customer, or drawn again on the same journal, is refused unless its
	// bank differs or its payment was cancelled or returned unpaid
	// (ErrDuplicateCheque).
	Cheque *Cheque
	// EarlyDiscount closes the one invoice named (first, before any credit
	// notes set off against it) with an early-payment discount (escompte) for
	// what the payment and those credit notes leave unpaid: the first
	// payment only, 0 < Amount < what is left to pay, in its currency.
	// It is taken as asked, whatever the invoice offers
	// (journal.Entry.DiscountOffer): a discount granted after the offer's
	// last day, or on an invoice posted without one, is the caller's
	// decision. Automatic lettering takes only what an invoice offers,
	// exactly and in time.
	//
	// Without it, a payment of Amount, dated by the offers' last days,
	// that pays exactly what the invoices named owe less the discounts
	// they offer (journal.Entry.DiscountOffer) — each invoice of one
	// instalment with nothing lettered on it yet — takes those discounts,
	// as a customer paying early means it; any other amount pays what it
	// pays. An unset Amount is what the invoices owe, in full.
	EarlyDiscount bool
	// NoDiscount pays the invoices named at Amount without taking the
	// discounts they offer, even when Amount is what they owe less those.
	NoDiscount bool `json:",omitempty"`
}

// RegisterPayment posts a payment and letters it with the invoices it
// names. The entry goes through the journal's outstanding receipts or
// payments account when the journal uses them, straight to its bank account
// otherwise. Its first line is the partner's, its second the liquidity
// line. The method is kept in the payment's event log. A customer invoice
// whose debt MoveToDoubtful moved is paid where the debt went: the
// payment is lettered with the moving entry's lines on the doubtful
// customers' account, as when that entry is named.
//
// It returns ErrDirection, ErrAmount (also for an agreed rate that has no
// foreign side to apply to), ErrDiscount (an EarlyDiscount without one
// invoice and an amount, paid in another currency than the invoice's
// — the discount is a share of the invoice in its own currency — or that
// leaves nothing to discount), ErrJournal (a journal that is not a bank or
// cash journal with the account the payment needs), ledger.ErrUnknownJournal
// (a journal the book does not have), ErrNotPosted, ErrNotDocument,
// ErrDuplicateLine (a document named twice), ErrPartner, ErrAccount
// (documents on two receivable or payable accounts), ErrDuplicateCheque,
// ErrMatched, ErrSettled, ErrOverAllocation (a refund larger than what its
// credit notes owe), ledger.ErrUnknownPartner (a partner the book does not
// have), other ledger posting errors (no fiscal year, a closed period…),
// ErrTooManyLines for more than RequestLinesMax invoices, a
// *journal.TextError for a ref or label journal.CheckText refuses,
// ErrRevalued for a payment dated on or before a closing that revalued a
// foreign invoice it settles (see Revalue), or ErrIdempotencyConflict.
func (r *Reconciler) RegisterPayment(ctx context.Context, p Payment) (Result, error) {
	return r.operation(ctx, p.Operation, "payment", p, func(w *work) error { return w.registerPayment(p) })
}

func (w *work) registerPayment(p Payment) error {
	if p.Method == 0 {
		// The partner's usual method, when the caller names none; an
		// unknown partner is refused below, by the ledger.
		pt, err := w.t.Partner(p.Partner)
		if err != nil && !errors.Is(err, ledger.ErrNotFound) && !errors.Is(err, ledger.ErrUnknownPartner) {
			return err
		}
		p.Method = defaultMethod(pt)
	}
	if p.Direction != Inbound && p.Direction != Outbound || p.Method >= methodEnd {
		return fmt.Errorf("%w: %v, %v", ErrDirection, p.Direction, p.Method)
	}
	if err := checkTexts("payment", p.Ref, p.Label); err != nil {
		return err
	}
	if c := p.Cheque; c != nil {
		if p.Method != MethodCheque {
			return fmt.Errorf("%w: cheque details on a %v payment", ErrDirection, p.Method)
		}
		if err := checkTexts("cheque", c.Number, c.Bank); err != nil {
			return err
		}
	}
	j, err := w.t.Journal(p.Journal)
	if err != nil {
		return err
	}
	liquidity, err := liquidityAccount(j, p.Direction)
	if err != nil {
		return err
	}
	if len(p.Invoices) > RequestLinesMax {
		return fmt.Errorf("%w: %d invoices, at most %d: register one payment per batch", ErrTooManyLines, len(p.Invoices), RequestLinesMax)
	}
	if p.EarlyDiscount {
		if len(p.Invoices) == 0 || !p.Amount.IsSet() {
			return fmt.Errorf("%w: a discount needs one invoice and the amount paid", ErrDiscount)
		}
		if e, err := w.entry(p.Invoices[0]); err == nil && e.Type != journal.TypeInvoice {
			return fmt.Errorf("%w: %s is a %s", ErrDiscount, e.Name(), e.Type)
		}
	}
	docs, setOff, err := w.namedDocuments(p.Invoices, p.Partner, p.Direction, true)
	if err != nil {
		return err
	}
	if p.EarlyDiscount && len(p.Invoices)-len(documentsOf(setOff)) != 1 {
		return fmt.Errorf("%w: a discount needs one invoice and the amount paid (%d invoices named)", ErrDiscount,
			len(p.Invoices)-len(documentsOf(setOff)))
	}
	company := w.t.Book().Currency()
	amount := p.Amount
	payCur := amount.Currency()
	if !amount.IsSet() {
		payCur = docsCurrency(slices.Concat(docs, setOff), company)
	}
	agreed, err := agreedRateFor(p.AgreedRate, payCur, slices.Concat(docs, setOff), company)
	if err != nil {
		return err
	}
	if !amount.IsSet() && len(docs) > 0 || len(setOff) > 0 {
		// What is set off must leave something to pay, whatever is paid.
		owed, err := w.netOwedIn(docs, setOff, payCur, p.Date, agreed, rate{})
		if err != nil {
			return err
		}
		if !amount.IsSet() {
			amount = owed
		}
	}
	switch {
	case !amount.IsSet() || amount.Sign() <= 0:
		return fmt.Errorf("%w: payment amount %s", ErrAmount, amount)
	case p.CompanyAmount.IsSet() && (amount.Currency() == company || p.CompanyAmount.Currency() != company || p.CompanyAmount.Sign() <= 0):
		return fmt.Errorf("%w: company amount %s of a %s payment", ErrAmount, p.CompanyAmount, amount.Currency())
	}
	if err := w.refundWithin(docs, setOff, amount, p, agreed); err != nil {
		return err
	}
	if p.EarlyDiscount && p.NoDiscount {
		return fmt.Errorf("%w: a discount asked and refused", ErrDiscount)
	}
	var takers []*item
	var offers []currency.Amount
	if !p.EarlyDiscount && !p.NoDiscount && p.Amount.IsSet() && len(docs) > 0 {
		if takers, offers, err = w.offersPaid(docs, setOff, amount, p.Date); err != nil {
			return err
		}
	}
	account := w.r.cfg.Receivable
	if p.Direction == Outbound {
		account = w.r.cfg.Payable
	}
	if len(docs) > 0 {
		account = docs[0].line.Account
	}
	label := p.Label
	if label == "" {
		if label, err = w.paymentLabel(p.Partner, docs); err != nil {
			return err
		}
	}
	cur, value := amount, p.CompanyAmount // the partner line: credit for a receipt, debit for a payment
	if p.Direction == Inbound {
		cur, value = cur.Neg(), value.Neg()
	}
	e := journal.Entry{Journal: p.Journal, Date: p.Date, Type: journal.TypePayment, Ref: p.Ref, Label: label,
		Currency: entryCurrency(amount.Currency(), company),
		Lines: []journal.Line{
			{Account: account, Partner: p.Partner, Label: label, AmountCurrency: cur, Balance: value},
			{Account: liquidity, Label: label, AmountCurrency: cur.Neg(), Balance: value.Neg()},
		}}
	posted, _, err := w.wr.PostGenerated(e)
	if err != nil {
		return err
	}
	w.res.Entries = append(w.res.Entries, posted)
	meta, _ := json.Marshal(paymentMeta{Method: p.Method.String(), Direction: p.Direction.String(), Cheque: p.Cheque})
	if err := w.wr.AppendEvent(posted.ID, eventPayment, meta); err != nil {
		return err
	}
	if err := w.recordCheque(&p, posted.ID); err != nil {
		return err
	}
	if len(docs) == 0 {
		return nil
	}
	if p.EarlyDiscount {
		if err := w.discountFor(docs, setOff, amount, p.Date); err != nil {
			return err
		}
	}
	for k, d := range takers {
		if err := w.earlyDiscount(d, p.Date, offers[k]); err != nil {
			return err
		}
	}
	pay, err := w.load(posted.LineRef(0))
	if err != nil {
		return err
	}
	// What is set off first, then the payment: each pays the documents in
	// order.
	return w.letter(slices.Concat(setOff, []*item{pay}, docs), letterOptions{keepOrder: true, agreed: agreed})
}

// documentsOf returns the documents lines belong to, each once, in order.
func documentsOf(lines []*item) []journal.ID {
	var ids []journal.ID
	for _, l := range lines {
		if !slices.Contains(ids, l.entry.ID) {
			ids = append(ids, l.entry.ID)
		}
	}
	return ids
}

// netOwedIn is what documents owe, in cur, less what the documents set off
// against them owe (owedIn for both): what a payment of them pays. It
// refuses set-offs that leave nothing to pay, and set-offs in another
// currency than the documents: lettering values a credit note against a
// document of another currency at the rate of its own date, not the
// payment's, and what it leaves to pay is then not what a payment of the
// net would pay.
func (w *work) netOwedIn(docs, setOff []*item, cur currency.Currency, date journal.Date, agreed *agreedRate, booked rate) (currency.Amount, error) {
	if len(setOff) > 0 {
		company := w.t.Book().Currency()
		in := docs[0].lettersIn(company)
		for _, d := range slices.Concat(docs, setOff) {
			if c := d.lettersIn(company); c != in {
				return currency.Amount{}, fmt.Errorf("%w: %s is in %s, %s in %s: a set-off needs one currency; letter them together (Reconcile), then pay what is left",
					ErrAmount, docs[0], in, d, c)
			}
		}
	}
	owed, err := w.owedIn(docs, cur, date, agreed, booked)
	if err != nil || len(setOff) == 0 {
		return owed, err
	}
	off, err := w.owedIn(setOff, cur, date, agreed, booked)
	if err != nil {
		return currency.Amount{}, err
	}
	if mustCmp(off, owed) >= 0 {
		return currency.Amount{}, fmt.Errorf("%w: %s set off against %s owed leaves nothing to pay: letter them together (Reconcile)", ErrAmount, off, owed)
	}
	return mustSub(owed, off), nil
}

const eventPayment = "payment"

// agreedRateFor checks an agreed rate given with a payment or statement
// line of currency paid lettered with docs: it applies between the company
// currency and one foreign currency, the payment's or the documents'.
func agreedRateFor(r currency.Rate, paid currency.Currency, docs []*item, company currency.Currency) (*agreedRate, error) {
	if r.IsZero() {
		return nil, nil
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%w: an agreed rate values documents, and none is named", ErrAmount)
	}
	curs := []currency.Currency{paid}
	for _, d := range docs {
		curs = append(curs, d.lettersIn(company))
	}
	return agreedRateOf(r, curs, company)
}

// agreedRateOf checks an agreed rate for lines kept in curs: there must be
// the company currency and exactly one foreign currency among them, since
// the rate values the company-currency lines in that foreign currency.
func agreedRateOf(r currency.Rate, curs []currency.Currency, company currency.Currency) (*agreedRate, error) {
	if r.Decimal().Sign() <= 0 {
		return nil, fmt.Errorf("%w: agreed rate %s must be positive", ErrAmount, r)
	}
	var foreign currency.Currency
	hasCompany := false
	for _, c := range curs {
		switch {
		case c == company:
			hasCompany = true
		case foreign.IsZero():
			foreign = c
		case c != foreign:
			return nil, fmt.Errorf("%w: an agreed rate applies between the company currency and one other; here %s and %s", ErrAmount, foreign, c)
		}
	}
	if !hasCompany || foreign.IsZero() {
		return nil, fmt.Errorf("%w: an agreed rate values company-currency lines in a foreign currency: these lines need both", ErrAmount)
	}
	return &agreedRate{foreign: foreign, rate: r}, nil
}

// refundWithin refuses a refund larger than what the credit notes and
// overpaid receipts it names owe, in the refund's currency at the rates
// lettering will value them at.
func (w *work) refundWithin(docs, setOff []*item, amount currency.Amount, p Payment, agreed *agreedRate) error {
	// A refund names what it pays back: credit notes, or receipts the
	// customer overpaid (payments the supplier overpaid), alike. A
	// receipt naming a refund left open (a debit on the customer's
	// account) is no refund: it pays that debit.
	overpaid := func(d *item) bool {
		a, err := w.t.Account(d.line.Account)
		if err != nil {
			return false
		}
		if p.Direction == Outbound && a.Kind == ledger.KindCustomerAdvance || p.Direction == Inbound && a.Kind == ledger.KindSupplierAdvance {
			return true // an advance paid back
		}
		return d.entry.Type == journal.TypePayment && (p.Direction == Outbound && a.Kind == ledger.KindReceivable ||
			p.Direction == Inbound && a.Kind == ledger.KindPayable)
	}
	if !slices.ContainsFunc(docs, func(d *item) bool { return d.entry.Type == journal.TypeCreditNote || overpaid(d) }) {
		return nil
	}
	booked := rate{}
	if p.CompanyAmount.IsSet() {
		booked = rate{num: p.CompanyAmount, den: amount}
	}
	owed, err := w.netOwedIn(docs, setOff, amount.Currency(), p.Date, agreed, booked)
	if err != nil {
		return err
	}
	if mustCmp(amount, owed) > 0 {
		return fmt.Errorf("%w: a refund of %s for %s owed", ErrOverAllocation, amount, owed)
	}
	return nil
}

// docsCurrency is the currency documents are owed in: theirs when they
// share one, the company currency otherwise.
func docsCurrency(docs []*item, company currency.Currency) currency.Currency {
	if len(docs) == 0 {
		return company
	}
	cur := docs[0].lettersIn(company)
	for _, d := range docs {
		if d.lettersIn(company) != cur {
			return company
		}
	}
	return cur
}

// owedIn is what the open lines of documents owe, in cur, on date, at the
// rates lettering values them at against money in cur: a document in cur
// at its own residual; a foreign document against company money at the
// agreed rate or the market rate of date; a company document against
// foreign money at the rate that money is booked at (booked, or the market
// rate of date when unset) or the agreed rate; and a document in another
// foreign currency through its company residual.
func (w *work) owedIn(docs []*item, cur currency.Currency, date journal.Date, agreed *agreedRate, booked rate) (currency.Amount, error) {
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	quote := func(c currency.Currency) (rate, error) {
		if agreed != nil && agreed.foreign == c {
			return rate{quote: agreed.rate}, nil
		}
		r, _, err := w.t.Rate(c, date)
		return rate{quote: r}, err
	}
	sum := currency.Zero(cur)
	for _, d := range docs {
		dc := d.lettersIn(company)
		var v currency.Amount
		var err error
		switch {
		case dc == cur && cur == company:
			v = d.residual.Balance.Abs()
		case dc == cur:
			v = d.residual.AmountCurrency.Abs()
		case cur == company: // company money for a foreign document
			var r rate
			if r, err = quote(dc); err == nil {
				v, err = r.value(d.residual.AmountCurrency.Abs(), company, rounding)
			}
		default: // foreign money for a company document, or one in another currency
			r := booked
			if !r.num.IsSet() {
				r, err = quote(cur)
			}
			if err == nil {
				v, err = r.in(d.residual.Balance.Abs(), cur, rounding)
			}
		}
		if err != nil {
			return currency.Amount{}, err
		}
		sum = mustAdd(sum, v)
	}
	return sum, nil
}

// discountFor posts the early-payment discount of the one invoice a payment
// of paid settles: what the invoice owes less paid and less what the
// documents set off against it owe, in its currency.
func (w *work) discountFor(docs, setOff []*item, paid currency.Amount, date journal.Date) error {
	owed := currency.Zero(docs[0].lineCurrency())
	for _, d := range docs {
		if d.lineCurrency() != paid.Currency() {
			return fmt.Errorf("%w: paid in %s, invoiced in %s", ErrDiscount, paid.Currency(), d.lineCurrency())
		}
		owed = mustAdd(owed, d.residual.AmountCurrency.Abs())
	}
	for _, n := range setOff {
		if n.lineCurrency() != paid.Currency() {
			return fmt.Errorf("%w: paid in %s, %s in %s", ErrDiscount, paid.Currency(), n, n.lineCurrency())
		}
		paid = mustAdd(paid, n.residual.AmountCurrency.Abs())
	}
	if mustCmp(paid, owed) >= 0 {
		return fmt.Errorf("%w: %s paid on %s owed leaves nothing to discount", ErrDiscount, paid, owed)
	}
	// The discount closes the invoice's last instalments first; a one-line
	// invoice, the usual case, has just the one.
	return w.earlyDiscount(docs[len(docs)-1], date, mustSub(owed, paid))
}

type paymentMeta struct {
	Method    string  `json:"method"`
	Direction string  `json:"direction"`
	Cheque    *Cheque `json:"cheque,omitempty"`
}

// Cheque is what a cheque payment carries: its number and the bank it is
// drawn on, printed on the deposit slip.
type Cheque struct {
	Number string `json:"number,omitempty"` // the cheque's number
	Bank   string `json:"bank,omitempty"`   // the bank it is drawn on
}

// liquidityAccount is where a payment's money goes: the journal's
// outstanding account when it uses them, its bank account otherwise.
func liquidityAccount(j ledger.Journal, d Direction) (string, error) {
	if j.Kind != ledger.JournalBank && j.Kind != ledger.JournalCash {
		return "", fmt.Errorf("%w: %s", ErrJournal, j.Code)
	}
	acct := j.BankAccount
	if j.UsesOutstanding {
		acct = j.OutstandingReceipts
		if d == Outbound {
			acct = j.OutstandingPayments
		}
	}
	if acct == "" {
		return "", fmt.Errorf("%w: %s has no account for %v payments", ErrJournal, j.Code, d)
	}
	return acct, nil
}

// documentLines returns the open partner lines of the documents a payment
// settles, documents in the given order and each document's lines by due
// date: the lines of partner on the side opposite the payment's own partner
// line — a customer invoice or a supplier credit note for money received,
// a supplier bill or a customer credit note for money paid out.
func (w *work) documentLines(ids []journal.ID, partner string, dir Direction) ([]*item, error) {
	docs, _, err := w.namedDocuments(ids, partner, dir, false)
	return docs, err
}

// namedDocuments is documentLines for a payment that may set documents of
// its own side off against those it settles (net): a customer's credit
// note named beside the invoices a receipt pays, which then pays what they
// owe less the credit note — "FA-1 less AV-2" — as the credit note named
// in a supplier payment. It returns the lines settled, then those set off
// (a document, invoice or credit note, all of whose partner lines are on
// the payment's side). Without net, such a document is refused as before.
func (w *work) namedDocuments(ids []journal.ID, partner string, dir Direction, net bool) ([]*item, []*item, error) {
	side := 1 // money received settles debit documents
	if dir == Outbound {
		side = -1
	}
	var out, setOff []*item
	seen := map[journal.ID]bool{}
	for _, id := range ids {
		if seen[id] {
			return nil, nil, fmt.Errorf("%w: document %s named twice", ErrDuplicateLine, id)
		}
		seen[id] = true
		doc, err := w.document(id)
		if errors.Is(err, ErrNotDocument) && net {
			// An advance (acompte) named for its refund: its line on the
			// advances account is what the money settles.
			if adv, ok, aerr := w.advanceDocument(id); aerr != nil {
				return nil, nil, aerr
			} else if ok {
				doc, err = adv, nil
			}
		}
		if err != nil {
			return nil, nil, err
		}
		// A document with no line the payment settles is set off, when
		// allowed: its lines are on the payment's own side.
		own := net && doc.entry.IsDocument() && !slices.ContainsFunc(doc.lines, func(it *item) bool { return lineSign(it.line) == side })
		want := side
		if own {
			want = -side
		}
		// A line in a match is settled and stays out; only a document
		// whose every line is matched is refused as lettered: the first
		// instalment of an invoice, paid on its own, is a match of its
		// own while the later ones are still due.
		var lines, open []*item
		matched := 0
		for _, it := range doc.lines {
			if lineSign(it.line) != want {
				continue
			}
			if it.line.Partner != partner {
				return nil, nil, fmt.Errorf("%w: %s belongs to %s, not %s", ErrPartner, doc.name(), it.line.Partner, partner)
			}
			lines = append(lines, it)
			if _, in, err := w.t.MatchOf(it.ref); err != nil {
				return nil, nil, err
			} else if in {
				matched++
			} else if !it.settled() {
				open = append(open, it)
			}
		}
		if len(open) == 0 && !own && len(lines) > 0 {
			// A debt moved to doubtful customers is paid where it went: on
			// the moving entry's lines there.
			moved, err := w.doubtfulOpen(doc)
			if err != nil {
				return nil, nil, err
			}
			if len(moved) > 0 {
				lines, open, matched = moved, moved, 0
			}
		}
		switch {
		case len(lines) == 0:
			return nil, nil, fmt.Errorf("%w: %s has no line an %v payment settles", ErrNotDocument, doc.name(), dir)
		case matched == len(lines):
			return nil, nil, fmt.Errorf("%w: %s is fully lettered", ErrMatched, doc.name())
		case len(open) == 0:
			return nil, nil, fmt.Errorf("%w: %s", ErrSettled, doc.name())
		}
		// A document cancelled by a reversal (Book.Reverse), or the
		// reversal itself, goes with the other, not with a payment, while
		// that one is open and not named with it, as automatic lettering
		// holds.
		if by, err := cancelledBy(w.t, doc.entry, open[0].line.Account, open[0].line.Partner, func(id journal.ID) bool { return slices.Contains(ids, id) }); err != nil {
			return nil, nil, err
		} else if by != journal.NoID {
			other := by.String()
			if x, err := w.entry(by); err == nil {
				other = x.Name()
			}
			return nil, nil, fmt.Errorf("%w: %s and %s cancel each other and %s is open: letter them together, or name both",
				ErrNotDocument, doc.name(), other, other)
		}
		// One payment line letters them all: they must share its account
		// (a receivable on 411000 and a bill of exchange on 413000 are two
		// payments), refused here as Reconcile refuses it, before anything
		// is posted.
		first := open[0]
		if len(out) > 0 {
			first = out[0]
		} else if len(setOff) > 0 {
			first = setOff[0]
		}
		for _, it := range open {
			if it.line.Account != first.line.Account {
				return nil, nil, fmt.Errorf("%w: %s on %s and %s on %s", ErrAccount, first.entry.Name(), first.line.Account, doc.name(), it.line.Account)
			}
		}
		lettingOrder(open)
		if own {
			setOff = append(setOff, open...)
		} else {
			out = append(out, open...)
		}
	}
	if len(setOff) > 0 && len(out) == 0 {
		return nil, nil, fmt.Errorf("%w: %s is on the %v payment's own side: it is set off against documents the payment pays, and none is named",
			ErrNotDocument, setOff[0].entry.Name(), dir)
	}
	return out, setOff, nil
}

// CancelPayment cancels a payment or statement line: it undoes every
// partial of its lines (with the generated entries they hang on), reverses
// it at its date (or the first open date) and letters it with its
// reversal. It returns ErrNotPosted, ErrNotDocument for an entry that is
// not a payment or statement line, ledger.ErrAlreadyReversed,
// ledger.ErrReverseReversal, ErrRevalued for a payment lettered on or
// before a closing that revalued its foreign lines (see Revalue), or
// ErrIdempotencyConflict.
func (r *Reconciler) CancelPayment(ctx context.Context, op, payment journal.ID) (Result, error) {
	return r.operation(ctx, op, "cancel-payment", detachRequest{Line: journal.LineRef{Entry: payment}}, func(w *work) error {
		e, err := w.entry(payment)
		if err != nil {
			return fmt.Errorf("%w: payment %s", ErrNotPosted, payment)
		}
		if e.Type != journal.TypePayment && e.Type != journal.TypeStatementLine {
			return fmt.Errorf("%w: %s is a %s", ErrNotDocument, e.Name(), e.Type)
		}
		if e.ReversalOf != journal.NoID {
			return fmt.Errorf("%w: %s", ledger.ErrReverseReversal, e.Name())
		}
		if _, reversed, err := w.t.ReversedBy(payment); err != nil {
			return err
		} else if reversed {
			return fmt.Errorf("%w: %s", ledger.ErrAlreadyReversed, e.Name())
		}
		var ps []journal.Partial
		for i := range e.Lines {
			lp, err := w.t.LivePartials(e.LineRef(i))
			if err != nil && !isNotReconcilable(err) {
				return err
			}
			ps = append(ps, lp...)
		}
		if len(ps) > 0 {
			if err := w.undo(ps); err != nil {
				return err
			}
		}
		return w.reverseAndLetter(payment, journal.Date{})
	})
}

// paymentLabel is the label of a payment given none: Labels.Payment, the
// partner's name (its code when it has none) and the documents it pays by
// their own references (their numbers when they have none), "Règlement
// Moulins de France FF-77": what the bank journal, the ledgers and the
// FEC's EcritureLib show of what was paid, and to whom.
func (w *work) paymentLabel(partner string, docs []*item) (string, error) {
	pt, err := w.t.Partner(partner)
	if err != nil {
		return "", err
	}
	words := []string{w.r.cfg.Labels.Payment, cmp.Or(strings.TrimSpace(pt.Name), partner)}
	for _, d := range docs {
		ref := cmp.Or(strings.TrimSpace(d.entry.Ref), d.entry.Name())
		if !slices.Contains(words, ref) {
			words = append(words, ref)
		}
	}
	return clip(strings.Join(words, " "), journal.TextMax-8), nil
}

// checkTexts refuses the ref or label of a payment or statement line that
// a book would refuse, before anything is computed.
func checkTexts(what, ref, label string) error {
	if err := journal.CheckText(what+" ref", ref); err != nil {
		return err
	}
	return journal.CheckText(what+" label", label)
}
