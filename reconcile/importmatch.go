package reconcile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
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
	Statement string     `json:"s"`
	Ref       string     `json:"r"`
	Entry     journal.ID `json:"e"`
}

// ImportedTarget says what an imported statement entry pays or clears
// when it is posted; set one of the three, or nothing to post it to the
// journal's outstanding account.
type ImportedTarget struct {
	// Partner and Invoices: the entry pays these documents of the partner
	// (or, without invoices, is an unallocated payment on its account).
	Partner  string
	Invoices []journal.ID
	// Payments are the company's payments (or a cheque deposit's
	// receipts) on the journal's outstanding account the entry clears;
	// their documents move from in_payment to paid. BankFees posts what
	// differs to the bank fees account.
	Payments []journal.ID
	BankFees bool
	// Account is a counterpart account: the suspense account (471000) for
	// money nobody can name yet, bank fees, interest.
	Account string
}

// ImportedEntry is an imported statement entry and the statement it came
// in.
type ImportedEntry struct {
	Journal, Statement string
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
	stored, err := storedStatements(t, journalCode)
	if err != nil {
		return nil, err
	}
	var out []ImportedEntry
	for _, st := range stored {
		for _, e := range st.s.Entries {
			if _, done := posted[st.s.ID+"\x00"+e.Ref]; !done {
				out = append(out, ImportedEntry{Journal: journalCode, Statement: st.s.ID, BankEntry: e})
			}
		}
	}
	return out, nil
}

// postedImported maps "statement\x00ref" to the entry each posted
// imported entry became.
func postedImported(t *ledger.Tx, journalCode string) (map[string]journal.ID, error) {
	events, err := t.Events(statementsOf(journalCode))
	if err != nil {
		return nil, err
	}
	out := map[string]journal.ID{}
	for _, ev := range events {
		if ev.Kind != postedEvent {
			continue
		}
		var p postedRec
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, fmt.Errorf("%w: posted statement entry %d of %s: %v", ledger.ErrFormat, ev.Seq, journalCode, err)
		}
		out[p.Statement+"\x00"+p.Ref] = p.Entry
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
// entry that was not imported, ErrPosted for one already posted, and the
// errors of PostStatementLine and Clear.
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
	if len(to.Payments) > 0 && (to.Partner != "" || to.Account != "") || to.Partner != "" && to.Account != "" {
		return fmt.Errorf("%w: post an entry to documents, payments or an account, not several", ErrNotDocument)
	}
	label := e.Label
	if label == "" && len(e.Transactions) > 0 {
		label = firstNonEmpty(e.Transactions[0].Remittance, e.Transactions[0].Counterparty)
	}
	line := StatementLine{Journal: e.Journal, Date: e.BookingDate, Amount: e.Amount, Label: clip(label, journal.TextMax-8),
		Ref: e.Ref, Partner: to.Partner, Invoices: to.Invoices, Account: to.Account}
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
	ImportedEntry
	Target     ImportedTarget
	Matched    bool
	Confidence Confidence
	Reason     string
}

// ProposeImported proposes, for each imported entry of a bank journal not
// posted yet, what it pays or clears, writing nothing. In order: the
// end-to-end ids of its transactions are the references of the company's
// payments waiting on the journal's outstanding account (a transfer we
// sent, a batch), to clear; its amount is the total of one cheque deposit
// or payment run, to clear; its remittance, creditor reference or label
// names open documents of one partner, to pay; its counterparty's IBAN is
// a partner's, whose one open document of that amount it pays (or, with
// none, it is that partner's unallocated payment); its amount is that of
// the one payment waiting on the outstanding account, to clear. What stays
// unmatched can be posted to the suspense account (Config.Suspense).
func (r *Reconciler) ProposeImported(ctx context.Context, journalCode string) ([]ImportedProposal, error) {
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
		m, err := r.newImportMatcher(t, j)
		if err != nil {
			return err
		}
		for _, e := range open {
			p, err := m.propose(e)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// importMatcher holds the open items an import is matched against.
type importMatcher struct {
	r        *Reconciler
	t        *ledger.Tx
	payments map[string][]journal.ID // reference of a payment waiting on an outstanding account → payments
	waiting  []waitingPayment        // payments waiting on the outstanding accounts, in posting order
	batches  []Batch                 // deposits and runs whose payments all wait
	docs     map[string][]docRef     // normalized number or reference → open documents
	taken    map[journal.ID]bool     // documents and payments already proposed
}

// waitingPayment is a payment whose line on an outstanding account is
// open: amount is what the bank line clearing it shows (> 0 a receipt).
type waitingPayment struct {
	id     journal.ID
	number string
	amount currency.Amount
}

type docRef struct {
	id      journal.ID
	number  string
	partner string
	account string
	amount  currency.Amount // residual of the document's open lines, own currency, positive
}

func (r *Reconciler) newImportMatcher(t *ledger.Tx, j ledger.Journal) (*importMatcher, error) {
	m := &importMatcher{r: r, t: t, payments: map[string][]journal.ID{}, docs: map[string][]docRef{}, taken: map[journal.ID]bool{}}
	for _, acct := range []string{j.OutstandingReceipts, j.OutstandingPayments} {
		if acct == "" {
			continue
		}
		items, err := t.OpenItems(acct, "")
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if it.Type != journal.TypePayment {
				continue
			}
			if it.EntryRef != "" {
				m.payments[it.EntryRef] = append(m.payments[it.EntryRef], it.Ref.Entry)
			}
			if it.Residual.AmountCurrency.Equal(it.Amount) {
				m.waiting = append(m.waiting, waitingPayment{id: it.Ref.Entry, number: it.Number, amount: it.Amount})
			}
		}
	}
	all, err := batches(t, j.Code)
	if err != nil {
		return nil, err
	}
	for _, b := range all {
		open := len(b.Payments) > 0
		for _, id := range b.Payments {
			if !m.isWaiting(id) {
				open = false
			}
		}
		if open {
			m.batches = append(m.batches, b)
		}
	}
	for _, acct := range []string{r.cfg.Receivable, r.cfg.Payable} {
		byDoc := map[journal.ID]*docRef{}
		var order []journal.ID
		err := t.EachOpenGroup(acct, "", func(_ string, items []ledger.OpenItem) (bool, error) {
			for _, it := range items {
				if it.Type != journal.TypeInvoice && it.Type != journal.TypeCreditNote {
					continue
				}
				res := it.Residual.AmountCurrency.Abs()
				d := byDoc[it.Ref.Entry]
				if d == nil {
					d = &docRef{id: it.Ref.Entry, number: it.Number, partner: it.Partner, account: acct, amount: res}
					byDoc[it.Ref.Entry] = d
					order = append(order, it.Ref.Entry)
					for _, k := range []string{normalizeRef(it.Number), normalizeRef(it.EntryRef)} {
						if len(k) >= 3 && strings.ContainsAny(k, "0123456789") {
							m.docs[k] = append(m.docs[k], docRef{id: it.Ref.Entry})
						}
					}
					continue
				}
				if res.Currency() == d.amount.Currency() {
					d.amount = mustAdd(d.amount, res)
				}
			}
			return true, nil
		})
		if err != nil {
			return nil, err
		}
		for k, refs := range m.docs {
			for i := range refs {
				if d, ok := byDoc[refs[i].id]; ok {
					m.docs[k][i] = *d
				}
			}
		}
	}
	return m, nil
}

func (m *importMatcher) isWaiting(id journal.ID) bool {
	for _, w := range m.waiting {
		if w.id == id {
			return true
		}
	}
	return false
}

// propose matches one imported entry.
func (m *importMatcher) propose(e ImportedEntry) (ImportedProposal, error) {
	p := ImportedProposal{ImportedEntry: e}
	// 1. Our own payments, by end-to-end id.
	var pays []journal.ID
	var ids []string
	for _, tx := range e.Transactions {
		ps := m.payments[tx.EndToEndID]
		if tx.EndToEndID == "" || len(ps) != 1 || m.taken[ps[0]] {
			pays = nil
			break
		}
		pays, ids = append(pays, ps[0]), append(ids, tx.EndToEndID)
	}
	if len(pays) > 0 {
		for _, id := range pays {
			m.taken[id] = true
		}
		p.Target, p.Matched, p.Confidence = ImportedTarget{Payments: pays}, true, ExactReference
		p.Reason = fmt.Sprintf("end-to-end id %s = our payment's reference", strings.Join(ids, ", "))
		return p, nil
	}
	// 2. A deposit or a run of exactly the entry's amount.
	var batch []Batch
	for _, b := range m.batches {
		free := true
		for _, id := range b.Payments {
			free = free && !m.taken[id]
		}
		if free && b.Total.Equal(e.Amount) {
			batch = append(batch, b)
		}
	}
	if len(batch) == 1 {
		b := batch[0]
		for _, id := range b.Payments {
			m.taken[id] = true
		}
		p.Target, p.Matched, p.Confidence = ImportedTarget{Payments: slices.Clone(b.Payments)}, true, ExactAmount
		kind := "cheque deposit"
		if b.Kind == BatchPaymentRun {
			kind = "payment run"
		}
		p.Reason = fmt.Sprintf("amount %s = %s %s of %d payments", e.Amount.French(), kind, b.ID, len(b.Payments))
		return p, nil
	}
	// 3. Documents named in the remittance, creditor reference or label.
	var texts []string
	for _, tx := range e.Transactions {
		texts = append(texts, tx.Remittance, tx.CreditorRef)
	}
	texts = append(texts, e.Label)
	var named []docRef
	var tokens []refToken
	for _, text := range texts {
		tokens = refTokens(text, tokens[:0])
		for _, tok := range tokens {
			ds := m.docs[tok.text]
			if len(ds) != 1 || m.taken[ds[0].id] || containsDoc(named, ds[0].id) {
				continue
			}
			if len(named) > 0 && ds[0].partner != named[0].partner {
				continue
			}
			named = append(named, ds[0])
		}
	}
	if len(named) > 0 {
		var inv []journal.ID
		var numbers []string
		for _, d := range named {
			m.taken[d.id] = true
			inv, numbers = append(inv, d.id), append(numbers, d.number)
		}
		p.Target, p.Matched, p.Confidence = ImportedTarget{Partner: named[0].partner, Invoices: inv}, true, ExactReference
		p.Reason = fmt.Sprintf("names %s of %s", strings.Join(numbers, ", "), named[0].partner)
		return p, nil
	}
	// 4. The counterparty's IBAN is a partner's.
	for _, tx := range e.Transactions {
		if tx.CounterpartyIBAN == "" {
			continue
		}
		partner, found, err := m.t.PartnerByIBAN(tx.CounterpartyIBAN)
		if err != nil {
			return p, err
		}
		if !found {
			continue
		}
		var same []docRef
		for _, ds := range m.docs {
			for _, d := range ds {
				if d.partner == partner.Code && !m.taken[d.id] && d.amount.Equal(e.Amount.Abs()) && !containsDoc(same, d.id) {
					same = append(same, d)
				}
			}
		}
		p.Matched, p.Confidence = true, ExactAmount
		if len(same) == 1 {
			m.taken[same[0].id] = true
			p.Target = ImportedTarget{Partner: partner.Code, Invoices: []journal.ID{same[0].id}}
			p.Reason = fmt.Sprintf("IBAN %s is %s's; %s is its only open document of %s", tx.CounterpartyIBAN.Paper(), partner.Code,
				same[0].number, e.Amount.Abs().French())
		} else {
			p.Target = ImportedTarget{Partner: partner.Code}
			p.Reason = fmt.Sprintf("IBAN %s is %s's; %d open documents of %s: posted to its account, to letter", tx.CounterpartyIBAN.Paper(),
				partner.Code, len(same), e.Amount.Abs().French())
		}
		return p, nil
	}
	// 5. The one payment waiting of that amount.
	var same []waitingPayment
	for _, w := range m.waiting {
		if !m.taken[w.id] && w.amount.Equal(e.Amount) {
			same = append(same, w)
		}
	}
	if len(same) == 1 {
		m.taken[same[0].id] = true
		p.Target, p.Matched, p.Confidence = ImportedTarget{Payments: []journal.ID{same[0].id}}, true, ExactAmount
		p.Reason = fmt.Sprintf("%s is the only payment waiting of %s", same[0].number, e.Amount.French())
		return p, nil
	}
	p.Reason = "nothing names it: post it to the suspense account (" + m.r.cfg.Suspense + ") or letter it by hand"
	if len(same) > 1 {
		p.Reason = fmt.Sprintf("ambiguous: %d payments waiting of %s; ", len(same), e.Amount.French()) + p.Reason
	}
	return p, nil
}

func containsDoc(ds []docRef, id journal.ID) bool {
	for _, d := range ds {
		if d.id == id {
			return true
		}
	}
	return false
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
			len(reqs), nil, nil, setup, func(w *work, i int) (bool, error) {
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
