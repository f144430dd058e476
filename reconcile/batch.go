package reconcile

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Batch is a group of payments one bank line settles: a cheque deposit
// (remise de chèques) of customer receipts, a supplier payment run, or a
// direct debit collection run.
type Batch struct {
	ID       string       // "REM-…" for a deposit, the run's ID ("RUN-…", "COL-…") for a run
	Kind     string       // "cheque_deposit", "payment_run" or "direct_debit"
	Journal  string       // the bank journal the payments go through
	Date     journal.Date // the date of the deposit or the run
	Payments []journal.ID // the payment entries the batch groups
	// Total is what the bank line of the batch shows, signed: > 0 for a
	// deposit or a collection (money in), < 0 for a payment run. A deposit's is in its cheques'
	// currency (a slip holds cheques of one currency); a run's in the
	// company currency, the only one it pays.
	Total currency.Amount
	// Debtor is the name a payment run's transfer file carries
	// (RunRequest.Debtor); "" for a deposit or a run made without one.
	Debtor string `json:",omitempty"`
	// DebtorAddress is the company's address a payment run's file
	// carries (RunRequest.DebtorAddress); zero when none was given.
	DebtorAddress ledger.Address `json:",omitzero"`
	// Accounts are, for a payment run, the bank account each supplier is
	// paid to, as the run checked it (by partner code); for a collection
	// run, the account and mandate each customer is debited under; none
	// for a deposit, or a run recorded before runs kept them.
	Accounts map[string]ledger.BankAccount `json:",omitempty"`
	// Creditor is the company's name a collection run's file carries
	// (CollectionRequest.Creditor); empty otherwise.
	Creditor string `json:",omitempty"`
	// CreditorID is the company's SEPA creditor identifier a collection
	// run's file carries (CollectionRequest.CreditorID); empty otherwise.
	CreditorID ident.CreditorID `json:",omitempty"`
	// LeftOut are the customers a collection run did not collect, and
	// why; none otherwise.
	LeftOut []LeftOut `json:",omitempty"`
	// Amended are, for a collection run, the customers whose mandate
	// moved to another account since it was last collected under, with
	// the account (IBAN and BIC) it debited before: the run's file tells
	// their banks (Collection.AmendedFrom); none otherwise.
	Amended map[string]ledger.BankAccount `json:",omitempty"`
}

// Batch kinds.
const (
	BatchChequeDeposit = "cheque_deposit" // customer cheques remitted together (DepositCheques)
	BatchPaymentRun    = "payment_run"    // a supplier payment run (RunPayments)
	BatchCollection    = "direct_debit"   // a SEPA direct debit collection run (RunCollections)
)

var batchesSpace = uuid.MustParse("0b5e7f0e-2f7a-5c1d-8a3b-4d6e9f1a2b3c")

func batchesOf(journalCode string) journal.ID {
	return uuid.NewSHA1(batchesSpace, []byte(journalCode))
}

// Deposit asks DepositCheques to group customer cheques.
type Deposit struct {
	Operation journal.ID   // the caller's id for retries; NoID: a fresh one
	Journal   string       // the bank journal the cheques were received through
	Date      journal.Date // the date of the deposit slip
	// Payments are registered receipts waiting on the journal's
	// outstanding receipts account, none already in a deposit.
	Payments []journal.ID
}

// DepositCheques records a cheque deposit: the receipts handed to the bank
// together, which one statement line of their total clears (matching
// proposes it). It writes no entry: the receipts already wait on the
// outstanding receipts account. It returns journal.ErrNoDate without a
// date, ErrJournal for a journal without an outstanding receipts account,
// ErrNotDocument without receipts or for an entry that is not a
// cheque received on that journal or one in another currency than the
// first (a slip holds cheques of one currency), journal.ErrDate for one
// received after the deposit's date, ErrCleared for one already cleared or in another
// deposit, ErrNotPosted for a receipt the book does not hold,
// ErrDuplicateLine for one named twice, ledger.ErrUnknownJournal,
// ErrTooManyLines, or ErrIdempotencyConflict.
func (r *Reconciler) DepositCheques(ctx context.Context, d Deposit) (Batch, error) {
	if d.Operation == journal.NoID {
		d.Operation = journal.NewID()
	}
	b := Batch{ID: batchID("REM", d.Operation), Kind: BatchChequeDeposit, Journal: d.Journal, Date: d.Date,
		Payments: slices.Clone(d.Payments)}
	_, err := r.operation(ctx, d.Operation, "cheque-deposit", d, func(w *work) error {
		if d.Date.IsZero() {
			return fmt.Errorf("%w: a deposit needs its date (Deposit.Date)", journal.ErrNoDate)
		}
		if len(d.Payments) == 0 {
			return fmt.Errorf("%w: a deposit needs receipts", ErrNotDocument)
		}
		if len(d.Payments) > RequestLinesMax {
			return fmt.Errorf("%w: %d cheques, at most %d per deposit", ErrTooManyLines, len(d.Payments), RequestLinesMax)
		}
		j, err := w.t.Journal(d.Journal)
		if err != nil {
			return err
		}
		if j.OutstandingReceipts == "" {
			return fmt.Errorf("%w: journal %s has no outstanding receipts account", ErrJournal, d.Journal)
		}
		existing, err := batches(w.t, d.Journal)
		if err != nil {
			return err
		}
		inBatch := map[journal.ID]string{}
		for _, x := range existing {
			for _, p := range x.Payments {
				inBatch[p] = x.ID
			}
		}
		var total currency.Amount // in the cheques' currency: the first one's
		seen := map[journal.ID]bool{}
		for _, id := range d.Payments {
			e, err := w.entry(id)
			if err != nil {
				return fmt.Errorf("%w: receipt %s", ErrNotPosted, id)
			}
			if seen[id] {
				return fmt.Errorf("%w: %s", ErrDuplicateLine, e.Name())
			}
			seen[id] = true
			if e.Type != journal.TypePayment || e.Journal != d.Journal {
				return fmt.Errorf("%w: %s is not a cheque received through %s", ErrNotDocument, e.Name(), d.Journal)
			}
			if e.Date.After(d.Date) {
				return fmt.Errorf("%w: %s was received on %s, after the deposit of %s", journal.ErrDate, e.Name(),
					e.Date.French(), d.Date.French())
			}
			if method, err := paymentMethod(w.t, id); err != nil {
				return err
			} else if method != MethodCheque.String() {
				return fmt.Errorf("%w: %s was received by %s, not by cheque", ErrNotDocument, e.Name(), method)
			}
			line := -1
			for i, l := range e.Lines {
				if l.Account == j.OutstandingReceipts && l.Balance.Sign() > 0 {
					line = i
				}
			}
			if line < 0 {
				return fmt.Errorf("%w: %s is not a receipt waiting on %s", ErrNotDocument, e.Name(), j.OutstandingReceipts)
			}
			if other := inBatch[id]; other != "" {
				return fmt.Errorf("%w: %s is already in deposit %s", ErrCleared, e.Name(), other)
			}
			res, err := w.t.Residual(e.LineRef(line))
			if err != nil {
				return err
			}
			if !res.Balance.Equal(e.Lines[line].Balance) {
				return fmt.Errorf("%w: %s is already cleared", ErrCleared, e.Name())
			}
			amount := e.Lines[line].AmountCurrency
			if !total.IsSet() {
				total = currency.Zero(amount.Currency())
			}
			if amount.Currency() != total.Currency() {
				return fmt.Errorf("%w: %s is a cheque in %s, the deposit's first in %s: a slip holds cheques of one currency",
					ErrNotDocument, e.Name(), amount.Currency().Code(), total.Currency().Code())
			}
			total = mustAdd(total, amount)
		}
		b.Total = total
		data, err := json.Marshal(b)
		if err != nil {
			return err
		}
		return booktx.Of(w.t).AppendEvent(batchesOf(d.Journal), b.Kind, data)
	})
	if err != nil {
		return Batch{}, err
	}
	if !b.Total.IsSet() { // a replay: read it back
		all, err := r.Batches(ctx, d.Journal)
		if err != nil {
			return Batch{}, err
		}
		for _, x := range all {
			if x.ID == b.ID {
				return x, nil
			}
		}
	}
	return b, nil
}

// PaymentCheque returns the cheque details a payment was registered with,
// and false for a payment without them.
func (r *Reconciler) PaymentCheque(ctx context.Context, payment journal.ID) (Cheque, bool, error) {
	var out Cheque
	found := false
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		m, err := paymentMetaOf(t, payment)
		if m.Cheque != nil {
			out, found = *m.Cheque, true
		}
		return err
	})
	return out, found, err
}

// paymentMethod is the method a registered payment was made by, from its
// event log ("" for a payment posted otherwise).
func paymentMethod(t *ledger.Tx, id journal.ID) (string, error) {
	m, err := paymentMetaOf(t, id)
	return m.Method, err
}

// paymentMetaOf reads what a registered payment's event log keeps.
func paymentMetaOf(t *ledger.Tx, id journal.ID) (paymentMeta, error) {
	events, err := t.Events(id)
	if err != nil {
		return paymentMeta{}, err
	}
	for _, ev := range events {
		if ev.Kind == eventPayment {
			var m paymentMeta
			if err := json.Unmarshal(ev.Data, &m); err != nil {
				return paymentMeta{}, fmt.Errorf("%w: payment %s's event: %v", ledger.ErrFormat, id, err)
			}
			return m, nil
		}
	}
	return paymentMeta{}, nil
}

// Batches returns the cheque deposits, payment runs and collection runs
// of a bank journal, oldest first. A run is listed as its file written now
// sends it (bank.CreditTransfers, bank.DirectDebits): a payment of the run cancelled
// (reversed) since is left out of its Payments and of its Total, which
// the bank's line of the run then shows. A run all of whose payments were
// cancelled stays listed, with no payments and a zero Total: there is
// nothing left to send, and writing its file is refused. It returns
// ledger.ErrUnknownJournal for a journal the book does not have, as
// Statements does.
func (r *Reconciler) Batches(ctx context.Context, journalCode string) ([]Batch, error) {
	var out []Batch
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		if _, err := t.Journal(journalCode); err != nil {
			return err
		}
		var err error
		if out, err = batches(t, journalCode); err != nil {
			return err
		}
		for i, b := range out {
			if b.Kind == BatchPaymentRun || b.Kind == BatchCollection {
				if out[i], err = runAsSent(t, b); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return out, err
}

func batches(t *ledger.Tx, journalCode string) ([]Batch, error) {
	events, err := t.Events(batchesOf(journalCode))
	if err != nil {
		return nil, err
	}
	var out []Batch
	for _, ev := range events {
		var b Batch
		if err := json.Unmarshal(ev.Data, &b); err != nil {
			return nil, fmt.Errorf("%w: batch %d of %s: %v", ledger.ErrFormat, ev.Seq, journalCode, err)
		}
		out = append(out, b)
	}
	return out, nil
}

// WaitingCheque is a customer cheque registered on a bank journal and not
// deposited yet: what a deposit slip lists.
type WaitingCheque struct {
	Payment journal.Entry   // the receipt registered (RegisterPayment, MethodCheque)
	Partner string          // the customer who gave it
	Amount  currency.Amount // the cheque's amount, positive, in its own currency (what the slip shows)
	// Cheque is its number and bank as registered; zero when none was.
	Cheque Cheque
}

// ChequesWaiting returns the cheques received through a bank journal that
// wait on its outstanding receipts account, in no deposit and not cleared
// by a statement line, oldest first (by date, then as posted): the
// cheques a deposit (DepositCheques) may take. It returns
// ledger.ErrUnknownJournal for a journal the book does not have and
// ErrJournal for one without an outstanding receipts account.
func (r *Reconciler) ChequesWaiting(ctx context.Context, journalCode string) ([]WaitingCheque, error) {
	var out []WaitingCheque
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		j, err := t.Journal(journalCode)
		if err != nil {
			return err
		}
		if j.OutstandingReceipts == "" {
			return fmt.Errorf("%w: journal %s has no outstanding receipts account", ErrJournal, journalCode)
		}
		existing, err := batches(t, journalCode)
		if err != nil {
			return err
		}
		deposited := map[journal.ID]bool{}
		for _, b := range existing {
			if b.Kind == BatchChequeDeposit {
				for _, p := range b.Payments {
					deposited[p] = true
				}
			}
		}
		items, err := t.OpenItems(j.OutstandingReceipts, "")
		if err != nil {
			return err
		}
		for _, it := range items {
			// Only a receipt left whole: one a statement line cleared in
			// part is not a cheque to hand in.
			if it.Journal != journalCode || it.Type != journal.TypePayment || it.Balance.Sign() <= 0 ||
				!it.Residual.Balance.Equal(it.Balance) || deposited[it.Ref.Entry] {
				continue
			}
			m, err := paymentMetaOf(t, it.Ref.Entry)
			if err != nil {
				return err
			}
			if m.Method != MethodCheque.String() {
				continue
			}
			e, err := t.Entry(it.Ref.Entry)
			if err != nil {
				return err
			}
			c := WaitingCheque{Payment: e, Partner: it.Partner, Amount: it.Amount}
			if m.Cheque != nil {
				c.Cheque = *m.Cheque
			}
			if c.Partner == "" {
				c.Partner = firstPartnerOf(e)
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b WaitingCheque) int {
		if c := a.Payment.Date.Compare(b.Payment.Date); c != 0 {
			return c
		}
		return cmp.Compare(a.Payment.Seq, b.Payment.Seq)
	})
	return out, nil
}

// firstPartnerOf is the partner of e's first line that has one.
func firstPartnerOf(e journal.Entry) string {
	for _, l := range e.Lines {
		if l.Partner != "" {
			return l.Partner
		}
	}
	return ""
}

// PaymentMethodOf returns how a payment registered through the lettering
// layer (RegisterPayment, a run, a scheduled payment) was made, and its
// cheque's number and bank when it was made by cheque with them (nil
// otherwise); 0 for an entry posted otherwise. It reads in t, so that a
// document built in one transaction reads everything there.
func PaymentMethodOf(t *ledger.Tx, payment journal.ID) (Method, *Cheque, error) {
	m, err := paymentMetaOf(t, payment)
	if err != nil {
		return 0, nil, err
	}
	return methodNamed(m.Method), m.Cheque, nil
}

// DepositOf returns the cheque deposit that operation op recorded on a
// journal (DepositCheques), and false when it recorded none: a caller that
// lost the Batch (a slip to print again) finds it by the operation's id.
func (r *Reconciler) DepositOf(ctx context.Context, journalCode string, op journal.ID) (Batch, bool, error) {
	all, err := r.Batches(ctx, journalCode)
	if err != nil {
		return Batch{}, false, err
	}
	id := batchID("REM", op)
	for _, b := range all {
		if b.ID == id && b.Kind == BatchChequeDeposit {
			return b, true, nil
		}
	}
	return Batch{}, false, nil
}
