package reconcile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// ErrPosted is returned when an imported statement entry is already
// posted, or is not among the journal's imported entries (ErrNotFound).
var ErrPosted = errors.New("reconcile: statement entry already posted")

// postedEvent records that an imported entry was posted, and as what.
const postedEvent = "bank_entry_posted"

type postedRec struct {
	Statement string       `json:"s"`
	Ref       string       `json:"r"`
	Entry     journal.ID   `json:"e,omitempty"` // the statement line posted
	Booked    []journal.ID `json:"b,omitempty"` // or the payments it showed, already booked
	Returns   string       `json:"x,omitempty"` // the entry it returns (ImportedRef.key)
}

// ImportedTarget says what an imported statement entry pays or clears
// when it is posted; set one of the three, or nothing to post it to the
// journal's outstanding account.
type ImportedTarget struct {
	// Partner and Invoices: the entry pays these documents of the partner
	// (or, without invoices, is an unallocated payment on its account).
	Partner string
	// Invoices are the partner's documents the entry pays, in order; empty
	// makes it an unallocated payment. Credit notes among them are set off
	// against the others, as StatementLine.Invoices says.
	Invoices []journal.ID
	// Payments are the company's payments (or a cheque deposit's
	// receipts) on the journal's outstanding account the entry clears;
	// their documents move from in_payment to paid. BankFees posts what
	// differs to the bank fees account.
	Payments []journal.ID
	// BankFees posts what differs between the entry and Payments to the bank
	// fees account; it is refused (ErrNotDocument) without Payments.
	BankFees bool
	// Account is a counterpart account: the suspense account (471000) for
	// money nobody can name yet, bank fees, interest; with Partner, the
	// partner account the money goes on (receivables for a customer's
	// refund) instead of the direction's.
	Account string
	// Booked, on a journal that books payments straight to the bank
	// account, are the payments already posted that the entry shows: it is
	// recorded as them, and nothing is posted again.
	Booked []journal.ID
	// WriteOff, with Partner and Invoices, writes off what differs between
	// the entry and what the invoices owe, within the write-off tolerance.
	WriteOff bool
	// EarlyDiscount, with Partner and Invoices, closes each invoice that
	// offers an early-payment discount, booked by its last day with nothing
	// lettered on it yet, with that discount: the entry must pay exactly
	// what the invoices owe less those discounts (ErrDiscount otherwise, as
	// when an invoice changed since ProposeImported proposed it). Another
	// difference is a write-off's, or StatementLine.EarlyDiscount's by hand.
	EarlyDiscount bool `json:",omitempty"`
	// Returns, with Partner, is for an entry the bank booked as the return
	// of an earlier one (a cheque returned unpaid, a direct debit refused,
	// a transfer sent back): that entry, imported on the same journal and
	// posted to the partner (or before this one in the same call). The
	// return is posted to the partner's account the returned money went
	// to, the money is unlettered from the documents it paid (with the
	// entries that lettering generated, cash-basis VAT, a write-off), so
	// they are owed again with their own due dates, and the money is
	// lettered with its return. ImportedRef.Payment names one payment of
	// several the entry cleared or showed (one cheque of a deposit): only
	// it is taken back.
	Returns *ImportedRef `json:",omitempty"`
}

// ImportedEntry is an imported statement entry and the statement it came
// in.
type ImportedEntry struct {
	// Journal and Statement are the bank journal and the ID of the statement
	// the entry came in.
	Journal, Statement string
	// BankEntry is the entry as the bank sent it.
	BankEntry
}

// OpenImported returns the imported entries of a bank journal not posted
// yet, in statement order.
func (r *Reconciler) OpenImported(ctx context.Context, journalCode string) ([]ImportedEntry, error) {
	var out []ImportedEntry
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		var err error
		out, err = openImported(t, journalCode)
		return err
	})
	return out, err
}

func openImported(t *ledger.Tx, journalCode string) ([]ImportedEntry, error) {
	if _, err := t.Journal(journalCode); err != nil {
		return nil, err
	}
	posted, err := postedImported(t, journalCode)
	if err != nil {
		return nil, err
	}
	index, err := statementIndex(t, journalCode)
	if err != nil {
		return nil, err
	}
	done := map[string]int{}
	for k := range posted {
		id, _, _ := strings.Cut(k, "\x00")
		done[id]++
	}
	var out []ImportedEntry
	for _, x := range index {
		if done[x.ID] >= x.Entries {
			continue // every entry posted: its content is not read
		}
		st, err := storedStatement(t, journalCode, x.ID)
		if err != nil {
			return nil, err
		}
		for _, e := range st.s.Entries {
			if _, ok := posted[st.s.ID+"\x00"+e.Ref]; !ok {
				out = append(out, ImportedEntry{Journal: journalCode, Statement: st.s.ID, BankEntry: e})
			}
		}
	}
	return out, nil
}

// postedImported maps "statement\x00ref" to what each imported entry was
// posted as, the latest posting winning. A posting since reversed (its
// statement line, or a payment it was recorded as, cancelled) leaves the
// entry open again, to post anew.
func postedImported(t *ledger.Tx, journalCode string) (map[string]postedRec, error) {
	events, err := t.Events(statementsOf(journalCode))
	if err != nil {
		return nil, err
	}
	out := map[string]postedRec{}
	for _, ev := range events {
		if ev.Kind != postedEvent {
			continue
		}
		var p postedRec
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, fmt.Errorf("%w: posted statement entry %d of %s: %v", ledger.ErrFormat, ev.Seq, journalCode, err)
		}
		out[p.Statement+"\x00"+p.Ref] = p
	}
	for k, p := range out {
		for _, id := range append([]journal.ID{p.Entry}, p.Booked...) {
			if id == journal.NoID {
				continue
			}
			if _, reversed, err := t.ReversedBy(id); err != nil {
				return nil, err
			} else if reversed {
				delete(out, k)
				break
			}
		}
	}
	return out, nil
}

type postImportedRequest struct {
	Journal, Statement, Ref string
	Target                  ImportedTarget
}

// PostImported posts an imported statement entry as a statement line of
// its journal, dated at its booking date, with the counterpart the target
// says, and records it posted: paying documents letters them, clearing
// payments letters the outstanding account. It returns ErrNotFound for an
// entry that was not imported, ErrPosted for one already posted, the
// errors of PostStatementLine and Clear, ErrNotDocument for a target
// that sets several of its kinds or BankFees without Payments, and for Booked payments
// ErrNotDocument (not a payment of the journal the bank has not shown
// yet), ErrMatched (a cancelled one), ErrAccount or ErrAmount.
func (r *Reconciler) PostImported(ctx context.Context, op journal.ID, journalCode, statement, ref string, to ImportedTarget) (Result, error) {
	req := postImportedRequest{Journal: journalCode, Statement: statement, Ref: ref, Target: to}
	return r.operation(ctx, op, "post-imported", req, func(w *work) error { return w.postImported(req) })
}

func (w *work) postImported(req postImportedRequest) error {
	open, err := openImported(w.t, req.Journal)
	if err != nil {
		return err
	}
	var e *ImportedEntry
	for i := range open {
		if open[i].Statement == req.Statement && open[i].Ref == req.Ref {
			e = &open[i]
		}
	}
	if e == nil {
		posted, err := postedImported(w.t, req.Journal)
		if err != nil {
			return err
		}
		if _, done := posted[req.Statement+"\x00"+req.Ref]; done {
			return fmt.Errorf("%w: entry %s of statement %s", ErrPosted, req.Ref, req.Statement)
		}
		return fmt.Errorf("%w: no entry %s in an imported statement %s of %s", ErrNotFound, req.Ref, req.Statement, req.Journal)
	}
	return w.postEntry(e, req.Target)
}

// postEntry posts an imported entry not posted yet and records it posted.
func (w *work) postEntry(e *ImportedEntry, to ImportedTarget) error {
	set := 0
	for _, b := range []bool{to.Partner != "", len(to.Payments) > 0, to.Account != "" && to.Partner == "", len(to.Booked) > 0} {
		if b {
			set++
		}
	}
	if set > 1 {
		return fmt.Errorf("%w: post an entry to documents, payments, an account or booked payments, not several", ErrNotDocument)
	}
	if to.BankFees && len(to.Payments) == 0 {
		// The fees are what a clearing leaves; an entry paying documents
		// settles its difference by WriteOff, within the tolerance.
		return fmt.Errorf("%w: BankFees posts what differs between the entry and the Payments it clears, and no payment is named: "+
			"for an entry that pays invoices, use WriteOff (within the write-off tolerance), or post the bank's fee as a line of its own", ErrNotDocument)
	}
	if len(to.Booked) > 0 {
		return w.recordBooked(e, to.Booked)
	}
	if to.Returns != nil {
		return w.postReturn(e, to)
	}
	j, err := w.t.Journal(e.Journal)
	if err != nil {
		return err
	}
	if to.Account == j.BankAccount {
		return fmt.Errorf("%w: the counterpart of a bank line is not the bank account %s: post it to the suspense account (471000) "+
			"until you know what it is, or to the account it belongs on", ErrAccount, j.BankAccount)
	}
	line := StatementLine{Journal: e.Journal, Date: e.BookingDate, Amount: e.Amount, Label: clip(importedLabel(e), journal.TextMax-8),
		Ref: e.Ref, Partner: to.Partner, Invoices: to.Invoices, Account: to.Account, WriteOff: to.WriteOff,
		EarlyDiscount: to.EarlyDiscount, offer: to.EarlyDiscount, NoDiscount: !to.EarlyDiscount, from: counterparties(*e)}
	posted, err := w.postStatementLine(line)
	if err != nil {
		return err
	}
	if len(to.Payments) > 0 {
		if err := w.clear(Clearing{Statement: posted.ID, Payments: to.Payments, BankFees: to.BankFees}); err != nil {
			return err
		}
	}
	data, err := json.Marshal(postedRec{Statement: e.Statement, Ref: e.Ref, Entry: posted.ID})
	if err != nil {
		return err
	}
	return booktx.Of(w.t).AppendEvent(statementsOf(e.Journal), postedEvent, data)
}

// recordBooked records an imported entry as payments already posted on
// its journal's bank account: the entry's amount must be what their bank
// lines add up to, and none may be recorded for another entry.
func (w *work) recordBooked(e *ImportedEntry, ids []journal.ID) error {
	j, err := w.t.Journal(e.Journal)
	if err != nil {
		return err
	}
	shown, err := bookedShown(w.t, e.Journal)
	if err != nil {
		return err
	}
	sum := currency.Zero(e.Amount.Currency())
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			return fmt.Errorf("%w: payment %s named twice", ErrDuplicateLine, id)
		}
		p, err := w.entry(id)
		if err != nil {
			return fmt.Errorf("%w: payment %s", ErrNotPosted, id)
		}
		if p.Type != journal.TypePayment || p.Journal != e.Journal || shown[id] {
			return fmt.Errorf("%w: %s is not a payment of %s the bank has not shown yet", ErrNotDocument, p.Name(), e.Journal)
		}
		// A cancelled payment moved no money: the record would be dropped
		// as soon as read (postedImported), the entry open again.
		if _, reversed, err := w.t.ReversedBy(id); err != nil {
			return err
		} else if reversed {
			return fmt.Errorf("%w: %s was cancelled: the bank cannot show it", ErrMatched, p.Name())
		}
		found := false
		for _, l := range p.Lines {
			if l.Account == j.BankAccount && l.AmountCurrency.Currency() == sum.Currency() {
				sum, found = mustAdd(sum, l.AmountCurrency), true
			}
		}
		if !found {
			return fmt.Errorf("%w: %s has no line on %s", ErrAccount, p.Name(), j.BankAccount)
		}
	}
	if !sum.Equal(e.Amount) {
		return fmt.Errorf("%w: the payments add up to %s, the entry is %s", ErrAmount, sum, e.Amount)
	}
	data, err := json.Marshal(postedRec{Statement: e.Statement, Ref: e.Ref, Booked: ids})
	if err != nil {
		return err
	}
	return booktx.Of(w.t).AppendEvent(statementsOf(e.Journal), postedEvent, data)
}

// bookedShown is the set of booked payments imported entries were
// recorded as: the bank has shown them.
func bookedShown(t *ledger.Tx, journalCode string) (map[journal.ID]bool, error) {
	posted, err := postedImported(t, journalCode)
	shown := map[journal.ID]bool{}
	for _, p := range posted {
		for _, id := range p.Booked {
			shown[id] = true
		}
	}
	return shown, err
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// ImportedProposal is how matching would post one imported entry, and
// why; an entry nothing matched has an empty Target and says so.
type ImportedProposal struct {
	// ImportedEntry is the entry the proposal is for.
	ImportedEntry
	// Target is what the entry would pay or clear; empty posts it to the
	// outstanding account.
	Target ImportedTarget
	// Matched is true when a rule found what the entry pays or clears.
	Matched bool
	// Confidence is how sure the match is; zero when nothing matched.
	Confidence Confidence
	// Reason says why, in a sentence a person can check, or why nothing
	// matched.
	Reason string
}

// ProposeImported proposes, for each imported entry of a bank journal not
// posted yet, what it pays or clears, writing nothing, by the rules of
// automatic lettering (Rules{} for the defaults; each rule can be turned
// off). An entry whose every transaction comes from or goes to another of
// the company's own accounts (the IBAN of one of its other bank journals)
// is a transfer between them: unless it is a return or its end-to-end id
// names our payment (the first two rules), it is left unmatched for the
// internal transfer account (580000), never taken for a partner's
// payment. In order:
//   - returns (with the references): an entry the bank books as the return
//     of an earlier one (flagged as a reversal, or coded as an unpaid
//     cheque, a returned direct debit or transfer) is the return of the
//     one entry of the journal, posted to a partner or matched earlier in
//     the same statements — or of the one payment among several such an
//     entry cleared (a cheque of a deposit, named by its number or
//     reference) — of the opposite amount, booked on or before
//     it, that names the same money: the same end-to-end id when both
//     give one, else a word of their texts holding a digit (a cheque
//     number, an invoice number; not an amount); see
//     ImportedTarget.Returns; two such entries are ambiguous, and neither
//     is proposed. Documents a return takes back are open to the entries
//     after it (the cheque presented again);
//   - references: the end-to-end ids of its transactions are the
//     references of the company's payments waiting on the journal's
//     outstanding account (a transfer we sent, a batch), to clear, the
//     charges the bank states taken off, else (none stated, or not the
//     difference) its fees within 5 %; a word of its texts is the
//     reference registered with waiting payments (the customer's memo),
//     of the counterparty's partner when known: those summing to the
//     entry, or the oldest of its amount, to clear; a cheque of one of the
//     journal's deposits that the bank credits on its own, of its amount
//     and named by its number, to clear alone; its remittance,
//     creditor reference or label names open documents of one partner, to
//     pay (a document's own reference, a supplier's invoice number, names
//     it only when the money is not known to be another partner's; one
//     an earlier entry paid in part, alone or with others, the rest of it;
//     one earlier entries leave nothing of, nothing else: the partner's
//     payment of the amount waiting on account, else its account, to
//     letter), or a
//     document already lettered with a payment of the entry's amount
//     waiting on the outstanding account, to clear that payment; a
//     cancelled document (its reversal open) or payment is never proposed;
//   - exact amounts: the total of one cheque deposit or payment run (not
//     for an entry from the account of partners none of whose payments it
//     holds, nor a deposit for one from a partner's known account); the
//     company's payments made one by one that the bank booked as one
//     entry of several transactions, each transaction showing the one
//     payment waiting of its amount (to the partner its IBAN or name is,
//     when it gives one) and the transactions adding up to the entry; a
//     bill of exchange at its maturity, payable at this bank; on a journal
//     that books payments straight to the bank, the one payment booked of
//     that amount;
//   - the counterparty's IBAN is a partner's: its one open document of
//     that amount within the date window, else its payment waiting of that
//     amount, else a combination of its documents within the window
//     (earliest due first, bounded by the work limit, said when reached),
//     else with Rules.OldestFirst its documents oldest due first, else one
//     document or a combination within the write-off tolerance (the
//     difference written off; not when another line of the partner is
//     within the tolerance of that document too), else the partner's
//     unallocated payment on its account; documents of one account only,
//     the direction's first; with the exact-amount rule off, an open
//     document of exactly the entry's amount sends it to the partner's
//     account rather than to a combination or a write-off;
//   - the one payment of that amount waiting on the outstanding account.
//
// An entry whose bank states the charges it took out of it
// (BankEntry.Charges: −915,40 for a transfer of 910,40 and 5,00 of
// charges) is tried first, by each rule that clears payments, as the
// payments it shows come to: its amount with the charges put back (and
// each transaction's, when the bank gives the transactions' amounts net
// of their own charges). The payments so found are cleared and the
// charges posted to the bank fees account (Config.BankFees), the tax on
// them included, whatever the write-off tolerance, and the reason says
// so; charges that make it no payment's leave the entry to
// the rules as booked, and the reason says what the bank stated.
//
// What stays unmatched can be posted to the suspense account
// (Config.Suspense). It returns ErrRules for rules out of range,
// ledger.ErrUnknownJournal for a journal the book does not have, or the
// error of a store read that failed.
func (r *Reconciler) ProposeImported(ctx context.Context, journalCode string, rules Rules) ([]ImportedProposal, error) {
	if err := rules.validate(&r.cfg); err != nil {
		return nil, err
	}
	var out []ImportedProposal
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		j, err := t.Journal(journalCode)
		if err != nil {
			return err
		}
		open, err := openImported(t, journalCode)
		if err != nil || len(open) == 0 {
			return err
		}
		m, err := r.newImportMatcher(t, j, open, rules)
		if err != nil {
			return err
		}
		for _, e := range open {
			out = append(out, m.propose(e))
			if m.err != nil {
				return m.err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// importMatcher holds what an import is matched against, read once.
type importMatcher struct {
	r        *Reconciler
	t        *ledger.Tx
	rules    Rules                          // which rules match, and their limits
	journal  string                         // the bank journal whose statements are matched
	booked   bool                           // the journal posts payments straight to the bank account
	waiting  []waitingPayment               // payments the bank has not shown yet, in posting order
	byRef    map[string][]waitingPayment    // the same by normalized reference, as an end-to-end id names them (endToEnd)
	byExact  map[string][]waitingPayment    // the same by reference as written: an id that comes back as sent
	batches  []Batch                        // deposits and runs whose payments all wait
	known    []Batch                        // every deposit and run of the journal: an entry may name one that cannot clear
	docs     map[string][]*docRef           // normalized number or reference → open documents
	digits   map[string][]*docRef           // the digits of those (Rules.NoReferenceDigits) → open documents
	byParty  map[string][]*docRef           // partner → its open documents
	ibans    map[string][]string            // IBAN → partners holding it
	names    map[string][]namedParty        // partyName.key of a partner's name → partners of that name
	ordered  []namedParty                   // partners by their names' words in order (namedParty.text): names a bank cut
	own      map[string][]ownJournal        // the IBANs of the book's bank journals, the company's own accounts: their journals, one per currency of an account held in several
	transfer string                         // the first internal transfer account of the chart (580000), "" when none
	ruleList []func(*ImportedProposal) bool // the rules in order, bound once a matcher (rulesInOrder)
	// journals are the book's journal codes (refKey): a word starting
	// with one names a document of that journal as written, or nothing.
	journals map[string]ledger.Journal
	bills    []billRef           // bills of exchange waiting for their maturity
	batched  map[journal.ID]bool // payments in a deposit or run: they come back together
	taken    map[journal.ID]bool // documents and payments already proposed
	// partly are the documents an earlier entry named paid in part (alone,
	// with others, less credit notes): a later one naming them pays on
	// (their residual is what is left).
	partly map[journal.ID]bool
	// byRefKey are the payments waiting by their reference's refKey (the
	// memo registered with them): a line naming it shows them.
	byRefKey map[string][]waitingPayment
	entries  []ImportedEntry // the imported entries matched, in statement order
	// paidBy maps the normalized number of a document lettered with a
	// payment waiting on an outstanding account to that payment: a bank
	// line naming the document clears it.
	paidBy map[string][]waitingPayment
	// paidByDigits is paidBy by the digits of the document's number or
	// reference (Rules.NoReferenceDigits).
	paidByDigits map[string][]waitingPayment
	// seen are the proposals made so far, in statement order; posted the
	// imported entries posted to a partner by earlier imports, read at the
	// first return (nil until then); returned those a return was
	// proposed for (ImportedRef.key).
	seen     []ImportedProposal
	posted   []returnable
	returned map[string]bool
	// took are, by index in seen, what each proposal took of the
	// documents it paid in part.
	took map[int][]tookPart
	// deposited are the cheques waiting in the journal's deposits
	// (depositedCheques), nil until first asked for.
	deposited []depositedCheque
	// err is the first store read a rule could not make: the rule
	// decides with it, and ProposeImported returns it.
	err error
	// chargesTaken is set when the entry being proposed clears payments
	// with the charges its bank states (statedCharges).
	chargesTaken bool
	// named is nameParties' answer for the last entry it was asked of:
	// the rules ask it up to three times an entry.
	named struct {
		journal, statement, ref string
		name                    string
		codes                   []string
		cut, ok                 bool
		// given: a transaction gives a counterparty's name that may
		// name a partner (hasCounterpartyName), read with the names.
		given bool
	}
}

// severalPayers says, when an entry groups the transfers of several
// payers, whose: two of its transactions' counterparty IBANs that are not
// one partner's, or, when some transaction gives no IBAN, two payers
// told apart by name ("BOULANGERIE MARTIN" with its IBAN, "EPICERIE
// DURAND" without). A transaction without a name is known by the names of
// the partners holding its IBAN. Such an entry is no one partner's: each
// would be paid with the others' money. byName says the names told them
// apart, not their accounts.
func (m *importMatcher) severalPayers(e ImportedEntry) (who string, byName, ok bool) {
	ibans := counterparties(e)
	if len(e.Transactions) > 1 && len(ibans) < len(e.Transactions) {
		// Every payer told apart, named once in the transactions' order.
		var names []string
		var keysOf [][]string
		for _, tx := range e.Transactions {
			name, keys := m.payerKeys(tx)
			if len(keys) == 0 {
				continue
			}
			if !slices.ContainsFunc(keysOf, func(seen []string) bool {
				return slices.ContainsFunc(keys, func(k string) bool { return slices.Contains(seen, k) })
			}) {
				names, keysOf = append(names, name), append(keysOf, keys)
			}
		}
		if len(names) > 1 {
			return andList(names), true, true
		}
	}
	whoOf := func(iban ident.IBAN, ps []string) string {
		if len(ps) == 0 {
			return iban.Paper()
		}
		return strings.Join(ps, ", ")
	}
	if len(ibans) == 0 {
		return "", false, false
	}
	first := m.ibans[string(ibans[0])]
	several := false
	var names []string
	for i, iban := range ibans {
		ps := m.ibans[string(iban)]
		if i > 0 && iban != ibans[0] && (len(first) == 0 || !slices.Equal(first, ps)) {
			several = true
		}
		if n := whoOf(iban, ps); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if several {
		return andList(names), false, true
	}
	return "", false, false
}

// andList joins names as a sentence does: "A", "A and B", "A, B and C".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// payerKeys returns how a transaction names its payer, and the keys of
// that name as a bank may spell it (partySpellings): its counterparty's
// name, or, without one, the names of the partners holding its IBAN.
// None when it gives neither.
func (m *importMatcher) payerKeys(tx BankTransaction) (string, []string) {
	var keys []string
	add := func(name string) {
		for _, n := range partySpellings(name) {
			k := n.key()
			if k == "" {
				k = strings.ToUpper(strings.TrimSpace(name))
			}
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	if name := strings.TrimSpace(tx.Counterparty); name != "" {
		add(name)
		return name, keys
	}
	iban, err := ident.ParseIBAN(string(tx.CounterpartyIBAN))
	if err != nil {
		return "", nil
	}
	holders := m.ibans[string(iban)]
	for _, code := range holders {
		if p, err := m.t.Partner(code); err == nil && p.Name != "" {
			add(p.Name)
		}
	}
	return strings.Join(holders, ", "), keys
}

// ibanPartners returns the partners holding the IBANs of an entry's
// counterparties.
func (m *importMatcher) ibanPartners(e ImportedEntry) []string {
	var whose []string
	for _, iban := range counterparties(e) {
		whose = append(whose, m.ibans[string(iban)]...)
	}
	return whose
}

// counterpartyPartners returns the partners holding the IBANs of an
// entry's counterparties, or, when none does, the partners of the
// counterparty's name (nameParties).
func (m *importMatcher) counterpartyPartners(e ImportedEntry) []string {
	whose := m.ibanPartners(e)
	if len(whose) == 0 {
		_, whose, _ = m.nameParties(e)
	}
	return whose
}

// waitingPayment is a payment the bank has not shown yet: its line on an
// outstanding account is open, or (on a journal without outstanding
// accounts) no imported entry was posted as it. amount is what the bank
// line shows (> 0 a receipt).
// runAsSent is a payment run as its file written now sends it: without
// the payments cancelled (reversed) since it was booked, which
// bank.CreditTransfers leaves out, and of the total of the others, what
// the bank's line of the run then shows.
func runAsSent(t *ledger.Tx, b Batch) (Batch, error) {
	var kept []journal.ID
	total := b.Total
	for _, id := range b.Payments {
		_, reversed, err := t.ReversedBy(id)
		if err != nil {
			return Batch{}, err
		}
		if !reversed {
			kept = append(kept, id)
			continue
		}
		e, err := t.Entry(id)
		if err != nil {
			return Batch{}, err
		}
		total = mustAdd(total, e.Lines[0].Balance) // the run counted -Lines[0].Balance (RunPayments)
	}
	b.Payments, b.Total = kept, total
	return b, nil
}

type waitingPayment struct {
	id      journal.ID
	number  string
	ref     string
	amount  currency.Amount
	partner string // the partner its documents are of ("" when not known)
	doc     string // in paidBy: the document it is lettered with, as its number or reference was written
	// docNumber, docJournal and docDate: that document's number, journal
	// and date (paidByDigits).
	docNumber, docJournal string
	docDate               journal.Date
}

// billRef is a bill of exchange not settled yet: amount is what the bank
// line at maturity shows (> 0 a customer's bill collected).
type billRef struct {
	id      journal.ID
	number  string
	partner string
	due     journal.Date
	amount  currency.Amount
	payable billDomiciliation // where it is payable: only there does a line settle it
}

// settledBy reports whether an entry of the statement of bank journal
// journalCode can be the bill's settlement (see payableFrom).
func (m *importMatcher) settledBy(b billRef, e ImportedEntry) bool {
	return payableFrom(b.payable, b.partner, b.amount.Sign() > 0, m.journal, counterparties(e), func(iban ident.IBAN) []string {
		return m.ibans[string(iban)]
	}) == nil
}

// counterparties returns the accounts an imported entry's money came from
// or went to, as partners hold them.
func counterparties(e ImportedEntry) []ident.IBAN {
	var out []ident.IBAN
	for _, tx := range e.Transactions {
		if iban, err := ident.ParseIBAN(string(tx.CounterpartyIBAN)); err == nil {
			out = append(out, iban)
		}
	}
	return out
}

// docRef is an open document: residual is what its open lines still owe,
// signed as the lines (> 0 an invoice on receivables, a supplier's credit
// note on payables).
type docRef struct {
	account  string
	id       journal.ID
	number   string
	key      string // the number's refKey: a word naming it as written names it by its number, not its reference
	journal  string // its journal's code
	partner  string
	date     journal.Date // the document's date
	due      journal.Date // its earliest open due date (its date without one)
	residual currency.Amount
	// offer is the early-payment discount an invoice offers; lines counts
	// its open lines, untouched says none has anything lettered.
	offer     *journal.DiscountOffer
	lines     int
	untouched bool
	// note is a credit note's number key: a line naming it beside the
	// invoices it pays sets it off against them.
	note string
}

func (r *Reconciler) newImportMatcher(t *ledger.Tx, j ledger.Journal, open []ImportedEntry, rules Rules) (*importMatcher, error) {
	m := &importMatcher{r: r, t: t, rules: rules, journal: j.Code, booked: !j.UsesOutstanding, byRef: map[string][]waitingPayment{}, byExact: map[string][]waitingPayment{}, docs: map[string][]*docRef{},
		digits: map[string][]*docRef{}, batched: map[journal.ID]bool{},
		byParty: map[string][]*docRef{}, ibans: map[string][]string{}, names: map[string][]namedParty{}, own: map[string][]ownJournal{}, journals: map[string]ledger.Journal{}, taken: map[journal.ID]bool{}, partly: map[journal.ID]bool{}, byRefKey: map[string][]waitingPayment{}, entries: open, returned: map[string]bool{}, took: map[int][]tookPart{}}
	if err := m.readWaiting(j, open); err != nil {
		return nil, err
	}
	for _, w := range m.waiting {
		if k := normalizeRef(w.ref); k != "" {
			m.byRef[k] = append(m.byRef[k], w)
			m.byExact[w.ref] = append(m.byExact[w.ref], w)
		}
		if k, _ := refKey(w.ref); len(k) >= 3 && strings.ContainsAny(k, "0123456789") {
			m.byRefKey[k] = append(m.byRefKey[k], w)
		}
	}
	all, err := batches(t, j.Code)
	if err != nil {
		return nil, err
	}
	m.known = all
	for _, b := range all {
		for _, id := range b.Payments {
			m.batched[id] = true
		}
		if b.Kind == BatchPaymentRun || b.Kind == BatchCollection {
			if b, err = runAsSent(t, b); err != nil {
				return nil, err
			}
		}
		whole := len(b.Payments) > 0
		for _, id := range b.Payments {
			whole = whole && m.isWaiting(id)
		}
		if whole {
			m.batches = append(m.batches, b)
		}
	}
	for _, acct := range []string{r.cfg.Receivable, r.cfg.Payable} {
		err := t.EachOpenGroup(acct, "", func(_ string, items []ledger.OpenItem) (bool, error) {
			// A document whose reversal is open is cancelled: no debt a
			// bank line pays (the two are lettered together), and neither
			// is the reversal. One whose reversal went with another
			// document is due again.
			var cancelled map[journal.ID]bool
			for _, it := range items {
				if it.ReversalOf != journal.NoID {
					if cancelled == nil {
						cancelled = map[journal.ID]bool{}
					}
					cancelled[it.ReversalOf] = true
				}
			}
			var d *docRef
			for _, it := range items {
				if it.Type != journal.TypeInvoice && it.Type != journal.TypeCreditNote || it.ReversalOf != journal.NoID || cancelled[it.Ref.Entry] {
					continue
				}
				if d == nil || d.id != it.Ref.Entry {
					d = m.doc(acct, it)
				}
				if due := dueOf(it); due.Before(d.due) {
					d.due = due
				}
				if it.Residual.AmountCurrency.Currency() == d.residual.Currency() {
					d.residual = mustAdd(d.residual, it.Residual.AmountCurrency)
				}
				d.lines++
				d.untouched = d.untouched && it.Residual.AmountCurrency.Equal(it.Amount)
			}
			return true, nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, acct := range []string{r.cfg.BillsReceivable, r.cfg.BillsPayable} {
		if _, err := t.Account(acct); err != nil {
			continue // a chart without bills of exchange
		}
		items, err := t.OpenItems(acct, "")
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if it.Type == journal.TypePayment && !it.DueDate.IsZero() {
				dom, err := billDomiciliationOf(t, it.Ref.Entry)
				if err != nil {
					return nil, err
				}
				m.bills = append(m.bills, billRef{id: it.Ref.Entry, number: it.Number, partner: it.Partner, due: it.DueDate,
					amount: it.Residual.AmountCurrency, payable: dom})
			}
		}
	}
	partners, err := t.Partners()
	if err != nil {
		return nil, err
	}
	for _, p := range partners {
		for _, a := range p.BankAccounts {
			m.ibans[string(a.IBAN)] = append(m.ibans[string(a.IBAN)], p.Code)
		}
		if rules.NoCounterpartyNames {
			continue
		}
		for _, n := range partySpellings(p.Name) {
			k := n.key()
			if k == "" {
				continue
			}
			np := namedParty{code: p.Code, kind: n.kind, text: n.text()}
			if !slices.ContainsFunc(m.names[k], func(o namedParty) bool { return o.code == p.Code }) {
				m.names[k] = append(m.names[k], np)
			}
			m.ordered = append(m.ordered, np)
		}
	}
	slices.SortFunc(m.ordered, func(a, b namedParty) int { return strings.Compare(a.text, b.text) })
	accounts, err := t.Accounts()
	if err != nil {
		return nil, err
	}
	fixed := map[string]currency.Currency{} // bank account → the currency it is fixed to
	for _, a := range accounts {
		if a.Kind == ledger.KindInternalTransfer && a.Active && m.transfer == "" {
			m.transfer = a.Code
		}
		if !a.Currency.IsZero() {
			fixed[a.Code] = a.Currency
		}
	}
	journals, err := t.Journals()
	if err != nil {
		return nil, err
	}
	for _, j := range journals {
		if j.IBAN != "" {
			m.own[string(j.IBAN)] = append(m.own[string(j.IBAN)], ownJournal{code: j.Code, currency: fixed[j.BankAccount]})
		}
		k, _ := refKey(j.Code)
		m.journals[k] = j
	}
	return m, nil
}

// digitsShared is the package's digitsShared over the matcher's book.
func (m *importMatcher) digitsShared(number, journalCode string, date journal.Date) bool {
	return digitsShared(m.t, m.journals, number, journalCode, date)
}

// isJournal reports whether code (a key's leading letters) is one of the
// book's journals: a word starting with one names a document of that
// journal as written, or nothing.
func (m *importMatcher) isJournal(code string) bool {
	_, ok := m.journals[code]
	return ok
}

// namedParty is a partner as its name identifies it.
type namedParty struct {
	code string
	kind partyKind
	text string // the words of one of its spellings (partySpellings), in order
}

// nameParties returns the counterparty name of an entry and the partners
// of that name, when the name is what identifies it: no transaction's
// IBAN is a partner's or one of the company's own (an internal transfer
// names no partner), and its transactions name one party (an entry
// grouping several payers is no one partner's). Several partners are
// ambiguous; none, nothing known. A name as long as a bank's field
// (mayBeCut) may be one the bank cut: the partners whose names it begins
// (partyName.cutOf) are returned too, and cut is true when there are
// some beside those whose whole name it is.
func (m *importMatcher) nameParties(e ImportedEntry) (name string, codes []string, cut bool) {
	if m.rules.NoCounterpartyNames {
		return "", nil, false
	}
	n := &m.named
	if n.ok && n.journal == e.Journal && n.statement == e.Statement && n.ref == e.Ref {
		return n.name, n.codes, n.cut
	}
	var given bool
	name, codes, cut, given = m.nameOf(e)
	n.journal, n.statement, n.ref, n.name, n.codes, n.cut, n.given, n.ok = e.Journal, e.Statement, e.Ref, name, codes, cut, given, true
	return name, codes, cut
}

// hasCounterpartyName reports whether a transaction of e gives a
// counterparty's name that may name a partner, as nameParties read it
// (false when no name is read: Rules.NoCounterpartyNames, or an account a
// partner holds or the company's own); without one, a name is looked for
// in its texts (remittanceName).
func (m *importMatcher) hasCounterpartyName(e ImportedEntry) bool {
	m.nameParties(e)
	return m.named.given
}

// remittanceNameMin and remittanceNameMax bound the names remittanceName
// looks for: two to six words. A name of one word ("Orange", "Martin") is
// too often a word of the text, or another's name, to name its partner
// there.
const remittanceNameMin, remittanceNameMax = 2, 6

// textName is a run of a text's words that is a partner's whole name.
type textName struct {
	written string // the run as read ("HADDOCK ARCHIBALD")
	code    string // the partner's
	// mention is a name followed by a word that may go on it ("JEAN
	// DUPONT ET FILS"): it names nobody for sure, but makes a text that
	// names another ambiguous.
	mention bool
}

// remittanceName finds the partners an entry names in its texts (its
// label and remittances) when nothing else says whose it is — no
// counterparty's name, no IBAN of a partner's or of the company's —, as
// Odoo finds "Archibald Haddock" in "1234//HADDOCK-Archibald": a run of
// the text's words that is the whole of one partner's name, its words in
// any order (partyName.key), read as names are (legal forms and titles
// left out). A text is read in the parts its slashes separate
// ("/DE … /MOTIF …"), and a run must stand alone in its part: at its
// start or after a word of the bank's (VIR, DE, MOTIF…), a payment's
// reason, a month or digits, and at its end or before one — so that
// "DUPONT JEAN" is not read in "DUPONT JEAN LUC" or in a name the bank cut
// ("DUPONT JEAN P"), nor in "DUPONT JEAN-PIERRE". A run followed by a word
// that may go on a name ("JEAN DUPONT ET FILS") is only a mention
// (textName.mention). A title just before the run makes it a person's,
// never a company's; a legal form next to it, a company's. Only names of
// two words or more are looked for. It returns each partner named once,
// with the first run that names it.
func (m *importMatcher) remittanceName(e ImportedEntry) []textName {
	if m.rules.NoCounterpartyNames || m.hasCounterpartyName(e) {
		return nil
	}
	for _, iban := range counterparties(e) {
		if len(m.own[string(iban)]) > 0 || len(m.ibans[string(iban)]) > 0 {
			return nil
		}
	}
	texts := []string{e.Label}
	for _, tx := range e.Transactions {
		texts = append(texts, tx.Remittance)
	}
	var out []textName
	for _, text := range texts {
		for _, part := range strings.Split(text, "/") {
			words, starts, before, after := nameCompounds(part)
			for size := remittanceNameMin; size <= remittanceNameMax; size++ {
				for i := 0; i+size <= len(words); i++ {
					end := i + size
					if !starts[i] || end < len(words) && !starts[end] {
						continue // a run cuts no compound: "DUPONT JEAN" is not in "DUPONT JEAN-PIERRE"
					}
					if i > 0 && !nameBoundary(words[i-1]) {
						continue // the end of a longer name
					}
					// Words that may go on a name ("JEAN DUPONT ET FILS",
					// "JEAN DUPONT DE SOUSA") make it another's, but still
					// mention this one: the text is then ambiguous.
					mention := end < len(words) && textNameLinks[words[end]]
					if end < len(words) && !mention && !nameBoundary(words[end]) {
						continue // part of a longer name: "DUPONT JEAN" in "DUPONT JEAN LUC"
					}
					kind := before[i]
					if kind == partyUnsaid {
						kind = after[end-1]
					}
					run := partyName{words: words[i:end]}
					for _, p := range m.names[run.key()] {
						if sameParty(p.kind, kind) && !slices.ContainsFunc(out, func(t textName) bool { return t.code == p.code }) {
							out = append(out, textName{written: run.text(), code: p.code, mention: mention})
						}
					}
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b textName) int { return strings.Compare(a.code, b.code) })
	return out
}

// nameBoundary reports whether a word of a text may stand next to a name
// without being part of it: a word with digits (a reference, a date) or
// one of the words banks and payers write around names.
func nameBoundary(w string) bool {
	return strings.ContainsAny(w, "0123456789") || textNameBoundaries[w] || textNameLinks[w]
}

// textNameBoundaries are the words French banks and payers write around a
// name in a transfer's texts, upper case as names are read: the bank's,
// the reasons of a payment, the months.
var textNameBoundaries = wordSet(`PAR POUR VIR VIREMENT SEPA RECU RECUS EMIS INST INSTANTANE RE PRLV
	PRELEVEMENT PAIEMENT REGLEMENT REGLT FACTURE FACTURES FACT FAC FA MOTIF REF REFERENCE CHEQUE CHQ REMISE CB CARTE
	ORDRE DONNEUR BENEF BENEFICIAIRE LOYER LOYERS ACOMPTE SOLDE AVOIR NOTE REMBOURSEMENT RBT HONORAIRES COTISATION
	COTISATIONS ANNUELLE MENSUELLE ABONNEMENT SALAIRE COMMANDE CDE DEVIS FRAIS AVANCE PRESTATION PRESTATIONS
	ECHEANCE MENSUALITE TRIMESTRE JANVIER FEVRIER MARS AVRIL MAI JUIN JUILLET AOUT SEPTEMBRE OCTOBRE NOVEMBRE
	DECEMBRE`)

// textNameLinks are the words that may go on a name ("ET FILS", "DE
// SOUSA", "DU GARD"): before a name they stand apart from it ("/DE JEAN
// DUPONT"), after it they may make it a longer one.
var textNameLinks = wordSet(`DE DU DES D A AU AUX ET OU LA LE LES`)

// nameCompounds returns the words of a text as names are read
// (parsePartyName), and for each whether it starts a compound: the words
// of "JEAN-PIERRE" or "D'ARTAGNAN", written without a space or other
// separator between them, are one compound, which a name is all of or
// none of. Slashes, dots, commas and the like separate compounds as
// spaces do ("1234//HADDOCK-ARCHIBALD" is 1234, then HADDOCK-ARCHIBALD).
// kinds gives, for each word, the kind a title or legal form written just
// before it says (a title before "DUPONT JEAN" makes a person of the name
// that starts there), and after tells the kind of one written just after.
func nameCompounds(text string) (words []string, starts []bool, before, after []partyKind) {
	chunks := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\'' && r != '’' && r != '&' && r != '+'
	})
	pending := partyUnsaid
	for _, c := range chunks {
		n := parsePartyName(c)
		if len(n.words) == 0 {
			// A title or a legal form alone: it qualifies the name next to it.
			if n.kind != partyUnsaid {
				if len(after) > 0 && after[len(after)-1] == partyUnsaid {
					after[len(after)-1] = n.kind
				}
				pending = n.kind
			}
			continue
		}
		for k, w := range n.words {
			words, starts = append(words, w), append(starts, k == 0)
			kind := partyUnsaid
			if k == 0 {
				kind = pending
			}
			before, after = append(before, kind), append(after, partyUnsaid)
		}
		pending = partyUnsaid
	}
	return words, starts, before, after
}

// nameOf is nameParties, not remembered.
func (m *importMatcher) nameOf(e ImportedEntry) (name string, codes []string, cut, given bool) {
	for _, iban := range counterparties(e) {
		if len(m.own[string(iban)]) > 0 || len(m.ibans[string(iban)]) > 0 {
			return "", nil, false, false
		}
	}
	var spellings []partyName
	key := ""
	for _, tx := range e.Transactions {
		ns := partySpellings(tx.Counterparty)
		switch k := ns[0].key(); {
		case k == "":
		case key == "":
			name, key, spellings = tx.Counterparty, k, ns
		case k != key || !sameParty(ns[0].kind, spellings[0].kind):
			return "", nil, false, true // several counterparties
		}
	}
	given = key != ""
	for _, n := range spellings {
		for _, p := range m.names[n.key()] {
			if sameParty(p.kind, n.kind) && !slices.Contains(codes, p.code) {
				codes = append(codes, p.code)
			}
		}
	}
	if !mayBeCut(name) {
		return name, codes, false, given
	}
	// A name of a field's length may be one the bank cut: the partners
	// whose names it begins are as much its own as one whose whole name
	// it is (a field's "DUPONT SA" may be "Dupont SA" or "Dupont
	// Saint-Malo" cut).
	whole := len(codes)
	for _, n := range cutReadings(spellings) {
		if !n.mayCut() {
			continue
		}
		// The names it begins (partyName.cutOf, its mayCut already
		// checked) follow one another in m.ordered: their words in order
		// begin with its own.
		text := n.text()
		i, _ := slices.BinarySearchFunc(m.ordered, text, func(p namedParty, t string) int { return strings.Compare(p.text, t) })
		for _, p := range m.ordered[i:] {
			if !strings.HasPrefix(p.text, text) {
				break
			}
			if sameParty(p.kind, n.kind) && !slices.Contains(codes, p.code) {
				codes = append(codes, p.code)
			}
		}
	}
	if len(codes) == whole {
		return name, codes, false, given // its whole name, or none
	}
	slices.Sort(codes)
	return name, codes, true, given
}

// doc returns the document of an open item, indexed the first time.
func (m *importMatcher) doc(acct string, it ledger.OpenItem) *docRef {
	for _, d := range m.byParty[it.Partner] {
		if d.id == it.Ref.Entry {
			return d
		}
	}
	numberKey, _ := refKey(it.Number)
	d := &docRef{account: acct, id: it.Ref.Entry, number: it.Number, key: numberKey, journal: it.Journal, partner: it.Partner, date: it.Date, due: dueOf(it),
		residual: currency.Zero(it.Residual.AmountCurrency.Currency()), untouched: true}
	if it.Type == journal.TypeInvoice && it.ReversalOf == journal.NoID {
		d.offer = it.DiscountOffer
	}
	m.byParty[it.Partner] = append(m.byParty[it.Partner], d)
	number := numberKey
	ref, _ := refKey(it.EntryRef)
	if it.Type == journal.TypeCreditNote && it.ReversalOf == journal.NoID {
		d.note = number
	}
	for _, k := range []string{number, ref} {
		if len(k) >= 3 && strings.ContainsAny(k, "0123456789") && !slices.Contains(m.docs[k], d) {
			m.docs[k] = append(m.docs[k], d)
		}
	}
	for _, text := range []string{it.Number, it.EntryRef} {
		if dk, ok := digitsOf(text); ok && !m.rules.NoReferenceDigits && !slices.Contains(m.digits[dk], d) {
			m.digits[dk] = append(m.digits[dk], d)
		}
	}
	return d
}

// readWaiting finds the payments the bank has not shown yet: on the
// outstanding accounts, or, on a journal that books payments straight to
// the bank account, its payments around the statements' dates that no
// imported entry was posted as.
func (m *importMatcher) readWaiting(j ledger.Journal, open []ImportedEntry) error {
	if !m.booked {
		for _, acct := range []string{j.OutstandingReceipts, j.OutstandingPayments} {
			if acct == "" {
				continue
			}
			items, err := m.t.OpenItems(acct, "")
			if err != nil {
				return err
			}
			for _, it := range items {
				// A payment of this journal: another bank's shares the
				// outstanding accounts but not this statement.
				if it.Type != journal.TypePayment || it.Journal != j.Code || !it.Residual.AmountCurrency.Equal(it.Amount) {
					continue
				}
				// A cancelled payment, and its reversal, are no movement
				// the bank shows.
				if it.ReversalOf != journal.NoID {
					continue
				}
				if _, reversed, err := m.t.ReversedBy(it.Ref.Entry); err != nil {
					return err
				} else if reversed {
					continue
				}
				w := waitingPayment{id: it.Ref.Entry, number: it.Number, ref: it.EntryRef, amount: it.Amount}
				m.waiting = append(m.waiting, w)
				if err := m.notePaid(w); err != nil {
					return err
				}
			}
		}
		return nil
	}
	shown, err := bookedShown(m.t, j.Code)
	if err != nil {
		return err
	}
	from, to := open[0].BookingDate, open[0].BookingDate
	for _, e := range open {
		if e.BookingDate.Before(from) {
			from = e.BookingDate
		}
		if e.BookingDate.After(to) {
			to = e.BookingDate
		}
	}
	lines, err := m.t.Lines(ledger.LineFilter{Account: j.BankAccount, From: from.AddDays(-60), To: to.AddDays(10)})
	if err != nil {
		return err
	}
	for _, l := range lines {
		if l.Journal != j.Code || shown[l.Ref.Entry] {
			continue
		}
		e, err := m.t.Entry(l.Ref.Entry)
		if err != nil {
			return err
		}
		if e.Type != journal.TypePayment || e.IsReversal() {
			continue // a cancelled payment's reversal is no movement the bank shows
		}
		if _, reversed, err := m.t.ReversedBy(e.ID); err != nil {
			return err
		} else if reversed {
			continue
		}
		m.waiting = append(m.waiting, waitingPayment{id: e.ID, number: e.Name(), ref: e.Ref, amount: l.Line.AmountCurrency})
	}
	return nil
}

// notePaid indexes the documents a waiting payment is lettered with by
// their numbers (see paidBy).
func (m *importMatcher) notePaid(w waitingPayment) error {
	e, err := m.t.Entry(w.id)
	if err != nil {
		return err
	}
	for i, l := range e.Lines {
		if l.Account != m.r.cfg.Receivable && l.Account != m.r.cfg.Payable {
			continue
		}
		ps, err := m.t.LivePartials(e.LineRef(i))
		if err != nil {
			return err
		}
		for _, p := range ps {
			other := p.Debit
			if other.Entry == w.id {
				other = p.Credit
			}
			d, err := m.t.Entry(other.Entry)
			if err != nil {
				return err
			}
			w.partner = e.Lines[i].Partner
			// By number and by reference, as an open document is found.
			for _, text := range []string{d.Name(), d.Ref} {
				k, _ := refKey(text)
				if len(k) < 3 || !strings.ContainsAny(k, "0123456789") || slices.ContainsFunc(m.paidBy[k], func(x waitingPayment) bool { return x.id == w.id }) {
					continue
				}
				if m.paidBy == nil {
					m.paidBy = map[string][]waitingPayment{}
				}
				w.doc = text // as written: the number, or the supplier's reference
				w.docNumber, w.docJournal, w.docDate = d.Name(), d.Journal, d.Date
				m.paidBy[k] = append(m.paidBy[k], w)
				if dk, ok := digitsOf(text); ok && (d.Type == journal.TypeInvoice || d.Type == journal.TypeCreditNote) &&
					!slices.ContainsFunc(m.paidByDigits[dk], func(x waitingPayment) bool { return x.id == w.id }) {
					if m.paidByDigits == nil {
						m.paidByDigits = map[string][]waitingPayment{}
					}
					m.paidByDigits[dk] = append(m.paidByDigits[dk], w)
				}
			}
		}
	}
	return nil
}

// waitingOf returns the payments waiting, not yet proposed, of an amount.
func (m *importMatcher) waitingOf(a currency.Amount) []waitingPayment {
	var out []waitingPayment
	for _, w := range m.waiting {
		if !m.taken[w.id] && !m.batched[w.id] && w.amount.Equal(a) {
			out = append(out, w)
		}
	}
	return out
}

func minorOf(a currency.Amount) int64 {
	n, _ := a.MinorUnits()
	return n
}

// waitingOfPartner returns the partner's payment waiting for the bank,
// not yet proposed, of an amount, that a line known to come from the
// partner (by its account, its name or the documents it names) shows:
// the oldest, and only one made from the partner's account — a transfer
// or a direct debit, not a cheque, a card or cash, which reach the bank
// otherwise. account, when set, is the receivable or payable account the
// payment must be on; onAccount takes only a payment lettered with no
// document (a line naming a document is not the payment of another).
func (m *importMatcher) waitingOfPartner(a currency.Amount, partner, account string, onAccount bool) (waitingPayment, bool) {
	for _, w := range m.waitingOf(a) {
		// Several of one partner and amount: whichever the bank shows, the
		// books end the same; the oldest (waiting is in posting order).
		if m.transferOf(w, []string{partner}, account, onAccount) {
			return w, true
		}
	}
	return waitingPayment{}, false
}

// transferOf reports whether payment w is a transfer or direct debit of
// one of partners (not a cheque, a card or cash, which reach the bank
// otherwise than from the partner's account), on account when account is
// set (receivable or payable), lettered with nothing when onAccount.
func (m *importMatcher) transferOf(w waitingPayment, partners []string, account string, onAccount bool) bool {
	e, err := m.t.Entry(w.id)
	if err != nil {
		return false
	}
	line := slices.IndexFunc(e.Lines, func(l journal.Line) bool {
		return slices.Contains(partners, l.Partner) && (l.Account == m.r.cfg.Receivable || l.Account == m.r.cfg.Payable) &&
			(account == "" || l.Account == account)
	})
	if line < 0 {
		return false
	}
	if onAccount {
		if ps, err := m.t.LivePartials(e.LineRef(line)); err != nil || len(ps) > 0 {
			return false
		}
	}
	return m.byTransfer(w)
}

// byTransfer reports whether payment w is a transfer or direct debit (or
// posted without saying how): what a bank line from someone's account
// shows, which a cheque, a card or cash payment is not.
func (m *importMatcher) byTransfer(w waitingPayment) bool {
	switch method, _ := paymentMethod(m.t, w.id); method {
	case "", MethodTransfer.String(), MethodSEPATransfer.String(), MethodSEPADebit.String():
		return true
	}
	return false
}

// payerOf returns the partner of payment w's receivable or payable line
// ("" for none).
func (m *importMatcher) payerOf(w waitingPayment) string {
	if w.partner != "" {
		return w.partner
	}
	return m.partnerOf(w.id)
}

// partnerOf returns the partner of payment id's receivable or payable
// line ("" for none, or when the entry cannot be read).
func (m *importMatcher) partnerOf(id journal.ID) string {
	e, err := m.t.Entry(id)
	if err != nil {
		return ""
	}
	for _, l := range e.Lines {
		if l.Partner != "" && (l.Account == m.r.cfg.Receivable || l.Account == m.r.cfg.Payable) {
			return l.Partner
		}
	}
	return ""
}

// fromAccount reports whether an entry comes from someone's account: one
// of its transactions names a counterparty or its IBAN. It shows a
// transfer or a direct debit, never a cheque, card or cash payment.
func fromAccount(e ImportedEntry) bool {
	return slices.ContainsFunc(e.Transactions, func(tx BankTransaction) bool {
		return tx.CounterpartyIBAN != "" || strings.TrimSpace(tx.Counterparty) != ""
	})
}

// lone returns the payments waiting of an entry's amount that may be the
// one it shows: all, or only transfers for an entry from an account.
func (m *importMatcher) lone(e ImportedEntry) []waitingPayment {
	same := m.waitingOf(e.Amount)
	if fromAccount(e) {
		same = slices.DeleteFunc(same, func(w waitingPayment) bool { return !m.byTransfer(w) })
	}
	return same
}

// partnerAccount is where a partner's unallocated money goes: the account
// its open documents are on when they are all on one (a customer's refund
// on receivables), else the direction's default ("").
func (m *importMatcher) partnerAccount(partner string) string {
	account := ""
	for _, d := range m.byParty[partner] {
		switch {
		case account == "":
			account = d.account
		case account != d.account:
			return ""
		}
	}
	return account
}

func (m *importMatcher) isWaiting(id journal.ID) bool {
	return slices.ContainsFunc(m.waiting, func(w waitingPayment) bool { return w.id == id })
}

// discount returns the early-payment discount an entry of amount, booked
// on date, takes off document d alone: its offer (offerFor), when amount
// is exactly what it owes less it.
func (m *importMatcher) discount(d *docRef, amount currency.Amount, date journal.Date) (*journal.DiscountOffer, bool) {
	o, ok := m.offerFor(d, amount.Currency(), date)
	if !ok || !mustSub(d.residual.Abs(), o.Amount).Equal(amount.Abs()) {
		return nil, false
	}
	return o, true
}

// offerFor returns the early-payment discount document d offers a payment
// in cur booked on date: when d is an invoice of one partner line on its
// account, nothing lettered on it, in cur, whose offer runs to date.
func (m *importMatcher) offerFor(d *docRef, cur currency.Currency, date journal.Date) (*journal.DiscountOffer, bool) {
	o := d.offer
	if o == nil || d.lines != 1 || !d.untouched || date.After(o.Until) || o.Amount.Currency() != cur || d.residual.Currency() != cur {
		return nil, false
	}
	e, err := m.t.Entry(d.id)
	if err != nil {
		return nil, false // the apply reads it again, and says what is wrong
	}
	ok, err := offersDiscount(m.t, &e, d.account)
	return o, ok && err == nil
}

// settles reports whether money in (> 0) or out settles a document: money
// in pays what is owed to us (a positive residual), money out what we owe.
func settles(amount currency.Amount, d *docRef) bool {
	return d.residual.Sign() != 0 && d.residual.Sign() == amount.Sign()
}

// ApplyImported posts the matched proposals (see PostImported), each its
// own atomic unit, ApplyChunk at a time per transaction under ids derived
// from op: one that fails (a document paid meanwhile) is reported and does
// not stop the others; calling again with the same op and proposals
// replays what was done. Unmatched proposals are skipped (a nil outcome).
func (r *Reconciler) ApplyImported(ctx context.Context, op journal.ID, proposals []ImportedProposal) ([]Outcome, error) {
	if op == journal.NoID {
		op = journal.NewID()
	}
	var matched []int
	for i, p := range proposals {
		if p.Matched {
			matched = append(matched, i)
		}
	}
	out := make([]Outcome, len(proposals))
	all := make([]postImportedRequest, len(matched))
	for i, m := range matched {
		p := proposals[m]
		all[i] = postImportedRequest{Journal: p.Journal, Statement: p.Statement, Ref: p.Ref, Target: p.Target}
	}
	body, err := json.Marshal(all)
	if err != nil {
		return nil, err
	}
	// op stands for the whole set, claimed in each chunk's transaction:
	// the same id with other proposals is refused before anything is
	// written.
	whole := &claim{op: op, fp: []byte("post-imported\x00" + sha(body))}
	for k := 0; k < len(matched); k += ApplyChunk {
		idx := matched[k:min(k+ApplyChunk, len(matched))]
		reqs := make([]postImportedRequest, len(idx))
		for i, m := range idx {
			p := proposals[m]
			reqs[i] = postImportedRequest{Journal: p.Journal, Statement: p.Statement, Ref: p.Ref, Target: p.Target}
		}
		body, err := json.Marshal(reqs)
		if err != nil {
			return nil, err
		}
		var open map[string]map[string]*ImportedEntry // journal → statement\x00ref → entry not posted
		setup := func(w *work) error {
			open = map[string]map[string]*ImportedEntry{}
			return nil
		}
		outs, _, _, err := r.applyEach(ctx, derivedID(op, fmt.Sprintf("imported/%d", k/ApplyChunk)), append([]byte("post-imported\x00"), body...),
			len(reqs), whole, nil, setup, nil, nil, func(w *work, i int) (bool, error) {
				req := reqs[i]
				byRef, ok := open[req.Journal]
				if !ok {
					entries, err := openImported(w.t, req.Journal)
					if err != nil {
						return false, err
					}
					byRef = make(map[string]*ImportedEntry, len(entries))
					for j := range entries {
						byRef[entries[j].Statement+"\x00"+entries[j].Ref] = &entries[j]
					}
					open[req.Journal] = byRef
				}
				e := byRef[req.Statement+"\x00"+req.Ref]
				if e == nil {
					return false, fmt.Errorf("%w: entry %s of statement %s is posted or was not imported", ErrPosted, req.Ref, req.Statement)
				}
				if err := w.postEntry(e, req.Target); err != nil {
					return true, err
				}
				delete(byRef, req.Statement+"\x00"+req.Ref)
				return true, nil
			})
		if err != nil {
			return nil, err
		}
		for i, m := range idx {
			out[m] = outs[i]
		}
	}
	return out, nil
}
