package reconcile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Bill is a bill of exchange to draw: a customer's LCR (lettre de change
// relevé, an effet à recevoir) or the company's BOR to a supplier (billet
// à ordre relevé, an effet à payer).
type Bill struct {
	// Operation is the caller's id for retries; NoID gets a fresh one.
	Operation journal.ID
	// Direction is Inbound for a customer's bill (money the bank collects
	// at maturity), Outbound for a bill to a supplier (money it pays).
	Direction Direction
	// Partner is the customer or supplier whose invoices the bill pays.
	Partner string
	Journal string       // the journal of the bill's entry ("OD")
	Date    journal.Date // when the bill is drawn (accepted)
	DueDate journal.Date // maturity: when the bank settles it
	// Invoices are the documents the bill pays, lettered with it in this
	// order; the bill's amount is what they owe.
	Invoices []journal.ID
	// Ref is the bill's number.
	Ref string
	// IBAN is the account the bill is domiciled at, the one debited at
	// maturity: for an LCR the customer's (empty takes the partner's
	// first); for a BOR the company's, the IBAN of Bank (empty takes it).
	IBAN ident.IBAN
	// Bank is the company's bank journal whose statement line settles the
	// bill at maturity: for a BOR the account it is domiciled at (required,
	// or found from IBAN); for an LCR the bank it is remitted to for
	// collection ("" lets any bank journal's line settle it).
	Bank string
}

// billDomiciliation is stored with a bill's entry, so that statement
// matching settles the bill only from where it is payable.
type billDomiciliation struct {
	Bank string     `json:"bank,omitempty"` // the bank journal that settles it
	IBAN ident.IBAN `json:"iban,omitempty"` // the account debited at maturity
}

// billEvent is the kind of the event that records a bill's domiciliation.
const billEvent = "bill"

// domiciliation checks and completes where a bill is payable: an LCR at
// the customer's account, remitted to Bank if named; a BOR at the
// company's account of Bank.
func (w *work) domiciliation(b Bill, partner ledger.Partner) (billDomiciliation, error) {
	d := billDomiciliation{Bank: b.Bank}
	if b.IBAN != "" {
		iban, err := ident.ParseIBAN(string(b.IBAN))
		if err != nil {
			return d, err
		}
		d.IBAN = iban
	}
	if b.Direction == Outbound && d.Bank == "" && d.IBAN != "" {
		j, err := w.companyJournalOf(d.IBAN)
		if err != nil {
			return d, err
		}
		d.Bank = j.Code
	}
	if b.Direction == Outbound && d.Bank == "" {
		return d, fmt.Errorf("%w: a BOR is domiciled at one of the company's accounts: name its bank journal", ErrConfig)
	}
	if d.Bank != "" {
		j, err := w.t.Journal(d.Bank)
		if err != nil {
			return d, err
		}
		if j.Kind != ledger.JournalBank {
			return d, fmt.Errorf("%w: bills are settled by a bank journal, %s is a %v journal", ErrConfig, j.Code, j.Kind)
		}
		if b.Direction == Outbound {
			if d.IBAN != "" && j.IBAN != "" && d.IBAN != j.IBAN {
				return d, fmt.Errorf("%w: the BOR names %s, journal %s holds %s", ErrConfig, d.IBAN.Paper(), j.Code, j.IBAN.Paper())
			}
			d.IBAN = j.IBAN
		}
	}
	if b.Direction == Inbound && d.IBAN == "" && len(partner.BankAccounts) > 0 {
		d.IBAN = partner.BankAccounts[0].IBAN
	}
	if b.Direction == Inbound && d.IBAN != "" {
		if j, ok, err := w.t.JournalByIBAN(d.IBAN); err != nil {
			return d, err
		} else if ok {
			return d, fmt.Errorf("%w: an LCR is domiciled at the customer's account; %s is the company's (journal %s)", ErrConfig, d.IBAN.Paper(), j.Code)
		}
	}
	return d, nil
}

// companyJournalOf is the bank journal of the company's account iban in
// the company currency, the one a bill (in that currency) is settled by:
// an account held in several currencies has a journal for each.
func (w *work) companyJournalOf(iban ident.IBAN) (ledger.Journal, error) {
	js, err := w.t.JournalsByIBAN(iban)
	if err != nil {
		return ledger.Journal{}, err
	}
	if len(js) == 0 {
		return ledger.Journal{}, fmt.Errorf("%w: a BOR is domiciled at one of the company's accounts; %s is no bank journal's", ErrConfig, iban.Paper())
	}
	company := w.t.Book().Currency()
	for _, j := range js {
		if j.BankAccount == "" {
			return j, nil
		}
		a, err := w.t.Account(j.BankAccount)
		if err != nil {
			return ledger.Journal{}, err
		}
		if a.Currency.IsZero() || a.Currency == company {
			return j, nil
		}
	}
	return ledger.Journal{}, fmt.Errorf("%w: a BOR is in %s and no journal of %s is (%s): name the bank journal", ErrConfig, company.Code(), iban.Paper(), journalList(js))
}

// foreignBankAccount says in what currency other than the company's the
// bank account of journal j is kept ("" when in the company's or fixed to
// none), and, for a message, which journal of the same IBAN is kept in the
// company's: a SEPA file is in euros, and the bank books its euros on the
// euro balance of an account held in several currencies, the statement of
// that journal, never on the dollar one.
func (w *work) foreignBankAccount(j ledger.Journal) (string, string, error) {
	if j.BankAccount == "" {
		return "", "", nil
	}
	a, err := w.t.Account(j.BankAccount)
	if err != nil {
		return "", "", err
	}
	company := w.t.Book().Currency()
	if a.Currency.IsZero() || a.Currency == company {
		return "", "", nil
	}
	hint := ""
	if j.IBAN != "" {
		if home, err := w.companyJournalOf(j.IBAN); err == nil {
			hint = fmt.Sprintf(": run it from journal %s, the account's %s journal", home.Code, company.Code())
		} else if !errors.Is(err, ErrConfig) {
			return "", "", err
		}
	}
	return a.Currency.Code(), hint, nil
}

// journalList lists the codes of js for a message.
func journalList(js []ledger.Journal) string {
	codes := make([]string, len(js))
	for i, j := range js {
		codes[i] = j.Code
	}
	return strings.Join(codes, ", ")
}

// payableFrom checks that a bank line of journal journalCode, whose money
// came from (or went to) the accounts from, can settle a bill payable at
// dom of partner: from its bank when it names one; a customer's bill
// (inbound) not from another account than the one it is domiciled at,
// nor from an account another partner holds (holders). A supplier's bill
// is paid to the supplier, whose account the line shows: only the bank
// counts.
func payableFrom(dom billDomiciliation, partner string, inbound bool, journalCode string, from []ident.IBAN,
	holders func(ident.IBAN) []string) error {
	if dom.Bank != "" && dom.Bank != journalCode {
		return fmt.Errorf("%w: at %s, not from a line of %s", ErrDomiciled, dom.Bank, journalCode)
	}
	if !inbound {
		return nil
	}
	for _, iban := range from {
		if dom.IBAN != "" && iban != dom.IBAN {
			return fmt.Errorf("%w: from %s, not from %s", ErrDomiciled, dom.IBAN.Paper(), iban.Paper())
		}
		if hs := holders(iban); len(hs) > 0 && !slices.Contains(hs, partner) {
			return fmt.Errorf("%w: %s is %s's account, not %s's", ErrDomiciled, iban.Paper(), strings.Join(hs, ", "), partner)
		}
	}
	return nil
}

// checkPayableHere refuses a bank line of journal journalCode, from the
// accounts from, that would settle a bill of exchange among docs where it
// is not payable (payableFrom).
func (w *work) checkPayableHere(docs []*item, journalCode string, from []ident.IBAN) error {
	for _, it := range docs {
		inbound := it.line.Account == w.r.cfg.BillsReceivable
		if !inbound && it.line.Account != w.r.cfg.BillsPayable {
			continue
		}
		dom, err := billDomiciliationOf(w.t, it.entry.ID)
		if err != nil {
			return err
		}
		holders := map[ident.IBAN][]string{}
		for _, iban := range from {
			ps, err := w.t.PartnersByIBAN(iban)
			if err != nil {
				return err
			}
			for _, p := range ps {
				holders[iban] = append(holders[iban], p.Code)
			}
		}
		err = payableFrom(dom, it.line.Partner, inbound, journalCode, from, func(iban ident.IBAN) []string { return holders[iban] })
		if err != nil {
			return fmt.Errorf("bill %s: %w", it.entry.Name(), err)
		}
	}
	return nil
}

// billDomiciliationOf reads where a bill is payable; a bill drawn
// before domiciliations were recorded is payable anywhere.
func billDomiciliationOf(t *ledger.Tx, bill journal.ID) (billDomiciliation, error) {
	events, err := t.Events(bill)
	if err != nil {
		return billDomiciliation{}, err
	}
	for _, ev := range events {
		if ev.Kind == billEvent {
			var d billDomiciliation
			if err := json.Unmarshal(ev.Data, &d); err != nil {
				return d, fmt.Errorf("%w: bill %s: %v", ledger.ErrFormat, bill, err)
			}
			return d, nil
		}
	}
	return billDomiciliation{}, nil
}

// DrawBill moves what invoices owe onto a bill of exchange: a customer's
// invoices from the receivable account to bills receivable (413000), a
// supplier's from payables to bills payable (403000), lettered with the
// invoices. The bill's line carries its maturity as its due date and its
// label names the bank account, so that the bank line at maturity, which
// statement matching proposes by amount and date, settles it. The
// invoices' cash-basis VAT is not due yet: handing over a bill pays
// nothing; collecting it at maturity makes their tax due. Naming a bill
// among Invoices renews it: the new bill takes its debt over, and its
// own collection makes the tax due. It returns
// ErrDirection, ErrConfig when the chart has no bills account or the
// bill's bank is not a bank journal (a BOR must name one, by Bank or by
// its IBAN),
// ErrNotDocument, ErrPartner, ErrSettled (documents that owe nothing),
// ErrAmount (no maturity, or one before the bill's date), the ident errors
// of a bad IBAN, posting errors, or ErrIdempotencyConflict.
func (r *Reconciler) DrawBill(ctx context.Context, b Bill) (Result, error) {
	return r.operation(ctx, b.Operation, "draw-bill", b, func(w *work) error {
		if b.Direction != Inbound && b.Direction != Outbound {
			return fmt.Errorf("%w: %v", ErrDirection, b.Direction)
		}
		if b.Date.IsZero() || b.DueDate.IsZero() || b.DueDate.Before(b.Date) {
			return fmt.Errorf("%w: a bill needs its date and a maturity on or after it", ErrAmount)
		}
		if err := checkTexts("bill", b.Ref, ""); err != nil {
			return err
		}
		billAccount := w.r.cfg.BillsReceivable
		if b.Direction == Outbound {
			billAccount = w.r.cfg.BillsPayable
		}
		if _, err := w.t.Account(billAccount); err != nil {
			return fmt.Errorf("%w: bills account %s: %v", ErrConfig, billAccount, err)
		}
		partner, err := w.t.Partner(b.Partner)
		if err != nil {
			return err
		}
		dom, err := w.domiciliation(b, partner)
		if err != nil {
			return err
		}
		iban := dom.IBAN
		// The invoices are settled as a payment would settle them.
		docs, err := w.documentLines(b.Invoices, b.Partner, b.Direction)
		if err != nil {
			return err
		}
		if len(docs) == 0 {
			return fmt.Errorf("%w: a bill pays invoices", ErrNotDocument)
		}
		company := w.t.Book().Currency()
		total := currency.Zero(company)
		for _, it := range docs {
			if it.lineCurrency() != company {
				return fmt.Errorf("%w: %s is in %s: bills are drawn in %s", ErrAmount, it, it.lineCurrency(), company)
			}
			total = mustAdd(total, it.residual.Balance.Abs())
		}
		if total.IsZero() {
			return fmt.Errorf("%w: the invoices owe nothing", ErrSettled)
		}
		kind := "LCR"
		if b.Direction == Outbound {
			kind = "BOR"
		}
		label := fmt.Sprintf("%s %s échéance %s", kind, b.Ref, b.DueDate.Time().Format("02/01/2006"))
		if iban != "" {
			label += " " + iban.Paper()
		}
		from := docs[0].line.Account
		bill, settle := total, total.Neg() // inbound: debit the bill, credit the receivable
		if b.Direction == Outbound {
			bill, settle = total.Neg(), total
		}
		e := journal.Entry{Journal: b.Journal, Date: b.Date, Type: journal.TypePayment, Ref: b.Ref, Label: label,
			Lines: []journal.Line{
				{Account: from, Partner: b.Partner, Label: label, Balance: settle},
				{Account: billAccount, Partner: b.Partner, Label: label, DueDate: b.DueDate, Balance: bill},
			}}
		posted, _, err := w.wr.PostGenerated(e)
		if err != nil {
			return err
		}
		w.res.Entries = append(w.res.Entries, posted)
		data, err := json.Marshal(dom)
		if err != nil {
			return err
		}
		if err := booktx.Of(w.t).AppendEvent(posted.ID, billEvent, data); err != nil {
			return err
		}
		line, err := w.load(posted.LineRef(0))
		if err != nil {
			return err
		}
		return w.letter(append([]*item{line}, docs...), letterOptions{keepOrder: true})
	})
}

// billsAccount reports whether code is the bills receivable or payable
// account.
func (c *Config) billsAccount(code string) bool {
	return code == c.BillsReceivable || code == c.BillsPayable
}

// isBill reports whether e is a bill of exchange as DrawBill posts it: a
// payment that moves a partner's debt onto a bills account, every line
// the partner's (a payment of a bill has a bank line, with no partner).
func (w *work) isBill(e *journal.Entry) bool {
	if e.Type != journal.TypePayment {
		return false
	}
	bills := false
	for i := range e.Lines {
		if e.Lines[i].Partner == "" {
			return false
		}
		bills = bills || w.r.cfg.billsAccount(e.Lines[i].Account)
	}
	return bills
}

// The debt a bill of exchange takes over may move on before anyone pays
// it: a bill returned unpaid puts it back on the customer's account, a
// bill renewed hands it to a new bill, a bill discounted moves it to the
// bills-discounted account (5114, lettered, no partner) where the bank
// holds it until maturity. Each move is an entry lettered with the line
// the debt leaves; its lines on the other side, on lettered accounts,
// carry the debt on (its forward lines). The debt is collected as far as
// what settles its last lines is money: a payment or a bank statement
// line (a bill, all of whose lines are a partner's, is none), a small
// difference written off or an exchange difference closed with them, a
// credit note or a discount; or, off the partners' accounts, anything
// that clears the line without moving the debt on (the bank confirming
// at maturity a discounted bill it was not returned). A misc entry that
// moves the debt nowhere on a partner's account (a loss) and a reversal
// collect nothing. Discounting, returning or renewing a bill is no
// collection: the VAT it carries stays waiting until money reaches it.

// collection is how much of a debt carried on by an entry's forward lines
// was collected, in the company currency.
type collection struct {
	collected, total currency.Amount
	// lost is the part of collected that was written off to the loss or
	// gain account: settled, but no money came in for it.
	lost currency.Amount
	last journal.Date // the latest collection's date
	by   journal.ID   // the entry whose money came last
}

// lostShare is what of amount, a part of the debt c follows, was written
// off rather than collected.
func (c collection) lostShare(amount currency.Amount, rounding currency.Rounding) (currency.Amount, error) {
	if !c.lost.IsSet() || c.lost.IsZero() || c.total.IsZero() {
		return currency.Zero(amount.Currency()), nil
	}
	return currency.MulDiv(amount, c.lost, c.total, amount.Currency(), rounding)
}

// full reports whether the whole debt was collected.
func (c collection) full() bool { return c.collected.Equal(c.total) }

// forwardLines returns the lines of e that carry on the debt its line via
// takes: its other lines on lettered accounts, on the other side, of the
// same partner or of none (a slip discounting the bills of several
// customers carries each on to one bills-discounted line; an opening entry
// does not hand a customer's debt to another partner).
func (w *work) forwardLines(e *journal.Entry, via int) ([]int, error) {
	s := e.Lines[via].Balance.Sign()
	var out []int
	for i := range e.Lines {
		if i == via || s == 0 || e.Lines[i].Balance.Sign() != -s || !debtPartners(&e.Lines[via], &e.Lines[i]) {
			continue
		}
		a, err := w.t.Account(e.Lines[i].Account)
		if err != nil {
			return nil, err
		}
		if a.Reconcilable {
			out = append(out, i)
		}
	}
	return out, nil
}

// debtPartners reports whether two lines of an entry may pass a debt on
// to each other: they name the same partner, or one names none.
func debtPartners(a, b *journal.Line) bool {
	return a.Partner == "" || b.Partner == "" || a.Partner == b.Partner
}

// movesDebt reports whether partial q, lettering a line with a line of
// entry other, hands the debt on to other: a bill or a misc entry taking
// it over, not money.
func (w *work) movesDebt(q journal.Partial, other *journal.Entry) (bool, error) {
	if q.Kind != journal.KindBill && q.Kind != journal.KindPayment || other.IsDocument() {
		return false, nil
	}
	money, err := w.t.MovesMoney(other)
	return !money, err
}

// carried reads how much of the debt that line via of e takes was
// collected, following it along the entries that move it on. Partial
// without is read as not there (NoID: none). An entry met twice on one
// path collects nothing the second time.
func (w *work) carried(e *journal.Entry, via int, without journal.ID, path map[journal.ID]bool) (collection, error) {
	company := w.t.Book().Currency()
	c := collection{collected: currency.Zero(company), total: currency.Zero(company), lost: currency.Zero(company)}
	if path[e.ID] {
		return c, nil
	}
	path[e.ID] = true
	defer delete(path, e.ID)
	fwd, err := w.forwardLines(e, via)
	if err != nil {
		return c, err
	}
	for _, i := range fwd {
		ref := e.LineRef(i)
		c.total = mustAdd(c.total, e.Lines[i].Balance.Abs())
		a, err := w.t.Account(e.Lines[i].Account)
		if err != nil {
			return c, err
		}
		ps, err := w.t.LivePartials(ref)
		if err != nil {
			return c, err
		}
		for _, q := range ps {
			if q.ID == without || q.Kind == journal.KindReversal {
				continue
			}
			other := q.Other(ref)
			oe, err := w.entry(other.Entry)
			if err != nil {
				return c, err
			}
			money, err := w.t.MovesMoney(&oe)
			if err != nil {
				return c, err
			}
			debt, err := w.movesDebt(q, &oe)
			if err != nil {
				return c, err
			}
			if debt {
				next, err := w.forwardLines(&oe, other.Index)
				if err != nil {
					return c, err
				}
				debt = len(next) > 0
			}
			got := collection{collected: q.Amount, last: q.Date, by: oe.ID, lost: currency.Zero(company)}
			switch {
			case q.Kind == journal.KindWriteOff:
				if w.writeOffAccount(&oe) != "" {
					got.lost = q.Amount
				}
			case money || q.Kind == journal.KindClearing || q.Kind == journal.KindExchange ||
				q.Kind == journal.KindCreditNote || q.Kind == journal.KindDiscount:
			case debt && path[oe.ID]:
				continue // met before on this path: it collects nothing the second time
			case debt:
				sub, err := w.carried(&oe, other.Index, without, path)
				if err != nil {
					return c, err
				}
				if got.collected, err = sub.share(q.Amount, w.t.Book().Rounding()); err != nil {
					return c, err
				}
				if got.lost, err = sub.lostShare(q.Amount, w.t.Book().Rounding()); err != nil {
					return c, err
				}
				got.last, got.by = sub.last, sub.by
			case a.Kind.NeedsPartner():
				continue // the debt went nowhere: nothing paid it
			}
			if got.collected.IsZero() {
				continue
			}
			c.collected, c.lost = mustAdd(c.collected, got.collected), mustAdd(c.lost, got.lost)
			if c.by == journal.NoID || got.last.After(c.last) {
				c.last, c.by = got.last, got.by
			}
		}
	}
	return c, nil
}

// share is what of amount, a part of the debt c follows, was collected:
// in proportion, all of it once c is collected in full.
func (c collection) share(amount currency.Amount, rounding currency.Rounding) (currency.Amount, error) {
	if c.full() || c.total.IsZero() {
		return amount, nil // nothing to collect: money already
	}
	return currency.MulDiv(amount, c.collected, c.total, amount.Currency(), rounding)
}

// billCollection reads how much of the debt a bill took over from line
// ref of a document (through the bill's line at) was collected.
func (w *work) billCollection(at journal.LineRef, without journal.ID) (collection, error) {
	e, err := w.entry(at.Entry)
	if err != nil {
		return collection{}, err
	}
	return w.carried(&e, at.Index, without, map[journal.ID]bool{})
}

// upstreamDocuments returns the lines, on documents or on entries
// between, whose debt reached line ref through bills and the entries that
// moved it on: what pays ref pays them. Partial without is read as not
// there.
func (w *work) upstreamDocuments(ref journal.LineRef, without journal.ID) ([]journal.LineRef, error) {
	// A document, or money, is where a debt starts or ends: nothing came
	// to it from upstream (the walk below would stop at once, having made
	// its set and closure for most partials' two sides).
	if e, err := w.sharedEntry(ref.Entry); err != nil {
		return nil, err
	} else if e.IsDocument() {
		return nil, nil
	} else if money, err := w.t.MovesMoney(e); err != nil || money {
		return nil, err
	}
	var out []journal.LineRef
	seen := map[journal.ID]bool{}
	var walk func(ref journal.LineRef) error
	walk = func(ref journal.LineRef) error {
		e, err := w.entry(ref.Entry)
		if err != nil {
			return err
		}
		if seen[e.ID] || e.IsDocument() {
			return nil
		}
		if money, err := w.t.MovesMoney(&e); err != nil || money {
			return err
		}
		seen[e.ID] = true
		// The lines the debt came in by are those it would leave by, seen
		// from ref: on the other side, of its partner or none.
		back, err := w.forwardLines(&e, ref.Index)
		if err != nil {
			return err
		}
		for _, i := range back {
			ps, err := w.t.LivePartials(e.LineRef(i))
			if err != nil {
				return err
			}
			for _, q := range ps {
				other := q.Other(e.LineRef(i))
				oe, err := w.entry(other.Entry)
				if err != nil {
					return err
				}
				if q.ID == without || q.Kind != journal.KindBill && q.Kind != journal.KindPayment {
					continue
				}
				if money, err := w.t.MovesMoney(&oe); err != nil {
					return err
				} else if money {
					continue
				}
				out = append(out, other)
				if err := walk(other); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return out, walk(ref)
}

// collectionsOn returns the live partials past partial p along the debt
// it moves (toward the money) that made cash-basis VAT due on a document
// before it (toward the invoice): taking p away, the debt no longer
// reaches them, so those collections go with p.
func (w *work) collectionsOn(p journal.Partial) ([]journal.Partial, error) {
	var out []journal.Partial
	for _, x := range [][2]journal.LineRef{{p.Debit, p.Credit}, {p.Credit, p.Debit}} {
		before, after := x[0], x[1]
		ae, err := w.entry(after.Entry)
		if err != nil {
			return nil, err
		}
		if ae.IsDocument() {
			continue
		}
		if money, err := w.t.MovesMoney(&ae); err != nil {
			return nil, err
		} else if money {
			continue
		}
		docs, err := w.upstreamDocuments(before, p.ID)
		if err != nil {
			return nil, err
		}
		docs = append(docs, before)
		var past []journal.Partial
		if err := w.downstream(&ae, after.Index, map[journal.ID]bool{}, &past); err != nil {
			return nil, err
		}
		for _, q := range past {
			for _, d := range docs {
				if due, err := w.madeDueOn(q, d.Entry); err != nil {
					return nil, err
				} else if due {
					out = append(out, q)
					break
				}
			}
		}
	}
	return out, nil
}

// downstream adds to out the live partials on the forward lines of e
// (the debt its line via takes) and on the lines the debt moves on to.
func (w *work) downstream(e *journal.Entry, via int, seen map[journal.ID]bool, out *[]journal.Partial) error {
	if seen[e.ID] {
		return nil
	}
	seen[e.ID] = true
	fwd, err := w.forwardLines(e, via)
	if err != nil {
		return err
	}
	for _, i := range fwd {
		ps, err := w.t.LivePartials(e.LineRef(i))
		if err != nil {
			return err
		}
		for _, q := range ps {
			*out = append(*out, q)
			other := q.Other(e.LineRef(i))
			oe, err := w.entry(other.Entry)
			if err != nil {
				return err
			}
			if debt, err := w.movesDebt(q, &oe); err != nil {
				return err
			} else if debt {
				if err := w.downstream(&oe, other.Index, seen, out); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// madeDueOn reports whether partial q generated a live cash-basis entry
// on document doc.
func (w *work) madeDueOn(q journal.Partial, doc journal.ID) (bool, error) {
	ids, err := w.t.Generated(q.ID)
	if err != nil {
		return false, err
	}
	for _, id := range ids {
		g, err := w.entry(id)
		if err != nil {
			return false, err
		}
		if g.Type != journal.TypeCashBasis || g.Document != doc || g.ReversalOf != journal.NoID {
			continue
		}
		if _, reversed, err := w.t.ReversedBy(id); err != nil {
			return false, err
		} else if !reversed {
			return true, nil
		}
	}
	return false, nil
}
