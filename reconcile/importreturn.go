package reconcile

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// ImportedRef names an imported statement entry: the statement it came
// in and the bank's reference of the entry in it.
type ImportedRef struct {
	// Statement is the ID of the statement the entry came in.
	Statement string
	// Ref is the bank's reference of the entry in that statement
	// (BankEntry.Ref).
	Ref string
	// Payment, for an entry that cleared or showed several payments (a
	// deposit of cheques, a collection of direct debits), is the one of
	// them a return takes back; NoID for the whole entry.
	Payment journal.ID `json:",omitzero"`
}

func (r ImportedRef) key() string {
	if r.Payment == journal.NoID {
		return r.Statement + "\x00" + r.Ref
	}
	return r.Statement + "\x00" + r.Ref + "\x00" + r.Payment.String()
}

// returnCodes are the ISO 20022 sub-families of bank transaction codes
// that book a payment coming back: an unpaid cheque, a direct debit
// returned or refused, a transfer returned, a payment cancelled, an
// automated clearing return.
var returnCodes = []string{"UPCQ", "UPDD", "RRTN", "RPCR", "ARET"}

// isReturn reports whether the bank booked an entry as the return of an
// earlier one: flagged as a reversal, or coded as a return.
func isReturn(e BankEntry) bool {
	if e.Reversal {
		return true
	}
	_, sub, ok := strings.Cut(e.BankCode, "/")
	if !ok {
		return false
	}
	if i := strings.LastIndexByte(sub, '/'); i >= 0 {
		sub = sub[i+1:]
	}
	return slices.Contains(returnCodes, strings.ToUpper(sub))
}

// noEndToEnd reports whether a normalized end-to-end id names nothing:
// empty, or the placeholder a bank writes for none (NOTPROVIDED, NONREF,
// NONE), as the statement readers read them.
func noEndToEnd(k string) bool {
	switch k {
	case "", "NOTPROVIDED", "NONREF", "NONE":
		return true
	}
	return false
}

// returnKeys are what ties a return to the entry it returns: the
// transactions' end-to-end ids (e2e), else the words of the entry's texts
// that hold a digit and are long enough to name one thing (a cheque
// number, an invoice number), normalized (words). Amounts written in the
// texts are no such word: the amounts already agree.
func returnKeys(e BankEntry) (e2e, words []string) {
	for _, tx := range e.Transactions {
		if id := normalizeRef(tx.EndToEndID); !noEndToEnd(id) {
			e2e = append(e2e, id)
		}
	}
	texts := []string{e.Label}
	for _, tx := range e.Transactions {
		texts = append(texts, tx.Remittance, tx.CreditorRef)
	}
	for _, t := range texts {
		words = append(words, textWords(t)...)
	}
	slices.Sort(e2e)
	slices.Sort(words)
	return slices.Compact(e2e), slices.Compact(words)
}

// textWords are the words of a text that may name one thing: holding a
// digit, five characters at least once normalized, not an amount.
func textWords(t string) []string {
	var out []string
	for _, w := range strings.Fields(t) {
		if isAmountWord(w) {
			continue
		}
		w = normalizeRef(w)
		if len(w) >= 5 && strings.ContainsAny(w, "0123456789") {
			out = append(out, w)
		}
	}
	return out
}

// isAmountWord reports whether a word of a bank text is an amount: digits
// with a decimal comma or point and two decimals ("360,00", "1.200,00").
func isAmountWord(w string) bool {
	if len(w) < 4 || (w[len(w)-3] != ',' && w[len(w)-3] != '.') {
		return false
	}
	return strings.Trim(w, "0123456789.,'") == ""
}

// namesSame reports whether a return (of keys re2e and rwords, as
// returnKeys gives them) and earlier money name the same:
// their end-to-end ids when both give some (a direct debit's, a
// transfer's: its own, whatever else their texts share, such as the
// creditor's identifier), else a word of their texts.
func namesSame(re2e, rwords []string, c returnable) bool {
	if len(re2e) > 0 && len(c.e2e) > 0 {
		return sharesKey(re2e, c.e2e)
	}
	return sharesKey(rwords, c.words)
}

// sharesKey reports whether two sorted key lists have one in common.
func sharesKey(a, b []string) bool {
	for _, k := range a {
		if _, ok := slices.BinarySearch(b, k); ok {
			return true
		}
	}
	return false
}

// returnable is money of the journal a return may take back: an entry
// posted by an earlier import or matched earlier in this one, or one of
// the payments such an entry cleared or showed several of (a cheque of a
// deposit, a direct debit of a collection).
type returnable struct {
	ImportedEntry
	partner string
	seen    int // its index in importMatcher.seen when matched in this run, -1 when posted before
	// payment, for one payment of several, is that payment, amount what
	// it brought and e2e and words what names it; else NoID, and the
	// entry's amount and texts.
	payment    journal.ID
	amount     currency.Amount
	e2e, words []string
	// posted, for a whole entry posted by an earlier import, is the entry
	// posted; NoID otherwise. booked are the payments such an entry was
	// recorded as showing (ImportedTarget.Booked), with no entry posted.
	posted journal.ID
	booked []journal.ID
}

// newReturnable is the whole entry e, matched or posted as the payments
// ids (those it cleared or showed; none when it paid documents itself, of
// partner): one returnable for the entry when they are one partner's, and
// one for each payment when there are several.
func (m *importMatcher) newReturnable(e ImportedEntry, partner string, seen int, ids []journal.ID) []returnable {
	var out []returnable
	if partner == "" {
		partner = m.onePartner(ids)
	}
	subs := m.paymentReturnables(e, seen, ids)
	if partner != "" {
		e2e, words := returnKeys(e.BankEntry)
		if len(ids) == 1 && len(subs) == 1 {
			// A deposit of one cheque: the cheque's number names the
			// entry as well as the bank's label does.
			words = append(words, subs[0].words...)
			slices.Sort(words)
			words = slices.Compact(words)
		}
		out = append(out, returnable{e, partner, seen, journal.NoID, e.Amount, e2e, words, journal.NoID, nil})
	}
	if len(ids) < 2 {
		return out
	}
	return append(out, subs...)
}

// paymentReturnables are the payments ids of entry e, each as money a
// return may take back alone: its amount, its reference (an end-to-end
// id), the words of its reference, label and cheque number.
func (m *importMatcher) paymentReturnables(e ImportedEntry, seen int, ids []journal.ID) []returnable {
	var out []returnable
	for _, id := range ids {
		pay, err := m.t.Entry(id)
		if err != nil {
			continue
		}
		who := m.partnerOf(id)
		amount := currency.Zero(e.Amount.Currency())
		for _, l := range pay.Lines {
			if l.Partner == who && who != "" {
				if a, err := amount.Sub(l.AmountCurrency); err == nil {
					amount = a
				}
			}
		}
		if who == "" || amount.IsZero() {
			continue
		}
		var e2e, words []string
		if ref := normalizeRef(pay.Ref); ref != "" {
			e2e = append(e2e, ref)
		}
		texts := []string{pay.Ref, pay.Label}
		if meta, err := paymentMetaOf(m.t, id); err == nil && meta.Cheque != nil {
			texts = append(texts, meta.Cheque.Number)
		}
		for _, t := range texts {
			words = append(words, textWords(t)...)
		}
		slices.Sort(words)
		out = append(out, returnable{e, who, seen, id, amount, e2e, slices.Compact(words), journal.NoID, nil})
	}
	return out
}

// key names the returnable as ImportedRef.key does.
func (c returnable) key() string {
	return ImportedRef{Statement: c.Statement, Ref: c.Ref, Payment: c.payment}.key()
}

// returnables lists the money of the journal a return may take back:
// entries imported and posted to a partner (paying documents, or clearing
// or shown as payments), then those matched so far in this run. The
// posted ones are read once, at the first return.
func (m *importMatcher) returnables() ([]returnable, error) {
	if m.posted == nil {
		m.posted = []returnable{}
		posted, err := postedImported(m.t, m.journal)
		if err != nil {
			return nil, err
		}
		index, err := statementIndex(m.t, m.journal)
		if err != nil {
			return nil, err
		}
		for _, rec := range posted {
			if rec.Returns != "" {
				m.returned[rec.Returns] = true
			}
		}
		for _, x := range index {
			st, err := storedStatement(m.t, m.journal, x.ID)
			if err != nil {
				return nil, err
			}
			for _, e := range st.s.Entries {
				rec, ok := posted[st.s.ID+"\x00"+e.Ref]
				if !ok {
					continue
				}
				partner, ids := "", rec.Booked
				if len(ids) == 0 {
					lines, err := paidLines(m.t, rec.Entry)
					if err != nil {
						continue
					}
					for _, l := range lines {
						if l.ref.Entry != rec.Entry && !slices.Contains(ids, l.ref.Entry) {
							ids = append(ids, l.ref.Entry)
						}
					}
					if len(ids) == 0 && len(lines) > 0 && !slices.ContainsFunc(lines, func(l paidLine) bool { return l.line.Partner != lines[0].line.Partner }) {
						partner = lines[0].line.Partner
					}
				}
				rs := m.newReturnable(ImportedEntry{Journal: m.journal, Statement: st.s.ID, BankEntry: e}, partner, -1, ids)
				for i := range rs {
					if rs[i].payment == journal.NoID {
						rs[i].posted, rs[i].booked = rec.Entry, rec.Booked
					}
				}
				m.posted = append(m.posted, rs...)
			}
		}
	}
	out := slices.Clone(m.posted)
	for i, p := range m.seen {
		if !p.Matched || p.Target.Returns != nil {
			continue
		}
		out = append(out, m.newReturnable(p.ImportedEntry, p.Target.Partner, i, slices.Concat(p.Target.Payments, p.Target.Booked))...)
	}
	return out, nil
}

// onePartner is the partner of payments ids when they are all one's, ""
// otherwise.
func (m *importMatcher) onePartner(ids []journal.ID) string {
	partner := ""
	for _, id := range ids {
		p := m.partnerOf(id)
		if p == "" || partner != "" && p != partner {
			return ""
		}
		partner = p
	}
	return partner
}

// byReturn: the bank books the entry as the return of an earlier one (a
// cheque returned unpaid, a direct debit refused, a transfer sent back):
// the one entry of the journal, posted or matched before it, of the
// opposite amount, booked on or before it, that a text or an end-to-end
// id of it names too. Posting it takes that money back off what it paid.
func (m *importMatcher) byReturn(p *ImportedProposal) bool {
	e := p.ImportedEntry
	if !isReturn(e.BankEntry) {
		return false
	}
	// A return the book cannot tie to the money it takes back is matched
	// to nothing else: another rule would take it for a payment of its own
	// (our transfer to a supplier of the same amount).
	unknown := func(why string) bool {
		p.Reason = "the bank returns an earlier entry, " + why + ": post it with the entry it returns named (PostImported with ImportedTarget.Returns), or to the suspense account (" + m.r.cfg.Suspense + ")"
		return true
	}
	re2e, rwords := returnKeys(e.BankEntry)
	if len(re2e) == 0 && len(rwords) == 0 {
		return unknown("and names nothing that tells which")
	}
	all, err := m.returnables()
	if err != nil {
		return unknown(fmt.Sprintf("and the entries it may return cannot be read (%v)", err))
	}
	var found []returnable
	for _, c := range all {
		if c.Journal != e.Journal || !c.amount.Equal(e.Amount.Neg()) || c.BookingDate.After(e.BookingDate) ||
			m.returned[c.key()] || m.returned[ImportedRef{Statement: c.Statement, Ref: c.Ref}.key()] ||
			c.payment == journal.NoID && m.partReturned(c) || !namesSame(re2e, rwords, c) {
			continue
		}
		found = append(found, c)
	}
	switch len(found) {
	case 0:
		return unknown("and none of the journal's of its amount names what it names")
	case 1:
	default:
		refs := make([]string, len(found))
		for i, c := range found {
			refs[i] = c.Ref
		}
		return unknown(fmt.Sprintf("one of the entries %s, ambiguous", strings.Join(refs, ", ")))
	}
	c := found[0]
	ref := ImportedRef{Statement: c.Statement, Ref: c.Ref, Payment: c.payment}
	m.returned[ref.key()] = true
	if c.seen >= 0 && c.payment == journal.NoID {
		// The documents the returned entry paid in full in this run are
		// open again for the entries after the return (the cheque
		// presented again); those it paid in part keep what it left.
		for _, id := range m.seen[c.seen].Target.Invoices {
			if !m.partly[id] {
				delete(m.taken, id)
			}
		}
		// Those it paid in part get back what it took.
		for _, t := range m.took[c.seen] {
			res := mustAdd(t.doc.residual.Abs(), t.amount)
			if t.doc.residual.Sign() < 0 {
				res = res.Neg()
			}
			t.doc.residual = res
		}
	}
	// What is owed again: the documents the returned money paid.
	var docs []journal.ID
	switch {
	case c.seen < 0:
		docs = m.reopen(c)
	case c.payment != journal.NoID:
		docs = m.lettered(c.payment)
	default:
		docs = m.seen[c.seen].Target.Invoices
	}
	p.Target = ImportedTarget{Partner: c.partner, Returns: &ref}
	p.Matched, p.Confidence = true, ExactReference
	again := ""
	if names := m.numbers(docs); names != "" {
		again = ", " + names + " owed again"
	}
	// Dates and amounts as the other reasons print them: 02/03/2026,
	// 40,00 €.
	booked := c.BookingDate.Time().Format("02/01/2006")
	p.Reason = fmt.Sprintf("returns entry %s of statement %s (%s, %s): the money it brought is taken back off what it paid%s",
		c.Ref, c.Statement, booked, c.Amount.Abs().French(), again)
	if c.payment != journal.NoID {
		name := c.payment.String()
		if pay, err := m.t.Entry(c.payment); err == nil {
			name = pay.Name()
		}
		p.Reason = fmt.Sprintf("returns payment %s of %s, one of those entry %s of statement %s (%s, %s) cleared: the money it brought is taken back off what it paid%s",
			name, c.amount.French(), c.Ref, c.Statement, booked, c.Amount.Abs().French(), again)
	}
	return true
}

// lettered returns the entries lettered with the partner lines of entry
// id by live partials (the documents a payment paid); none when they
// cannot be read, as a reason's detail.
func (m *importMatcher) lettered(id journal.ID) []journal.ID {
	e, err := m.t.Entry(id)
	if err != nil {
		return nil
	}
	lines, err := partnerLines(m.t, e, nil)
	if err != nil {
		return nil
	}
	var out []journal.ID
	for _, l := range lines {
		ps, err := m.t.LivePartials(l.ref)
		if err != nil {
			return nil
		}
		for _, p := range ps {
			other := p.Debit.Entry
			if other == id {
				other = p.Credit.Entry
			}
			if !slices.Contains(out, other) {
				out = append(out, other)
			}
		}
	}
	return out
}

// reopen makes the documents that money c, posted before this run, paid
// owed again, for the entries after its return (the cheque presented
// again): by what posting the return will undo gives back to each — the
// partials of the money's lines and what goes with them (a write-off of
// the rest, an exchange difference) — so that they are named and paid as
// the documents left open are. What cannot be read is left as it is: the
// documents stay paid to the matcher, as before the return. It returns
// the documents owed again.
func (m *importMatcher) reopen(c returnable) (docs []journal.ID) {
	// The money's lines on the partner's account, as postReturn will take
	// them back: the payment's, the payments the entry was recorded as
	// showing, or what the entry posted paid (itself, or the receipts it
	// cleared through an outstanding account).
	var lines []paidLine
	var err error
	switch {
	case c.payment != journal.NoID:
		lines, err = m.paymentLines(lines, c.payment)
	case len(c.booked) > 0:
		for _, id := range c.booked {
			if lines, err = m.paymentLines(lines, id); err != nil {
				break
			}
		}
	case c.posted != journal.NoID:
		lines, err = paidLines(m.t, c.posted)
	}
	if err != nil || len(lines) == 0 {
		return nil
	}
	money := map[journal.ID]bool{c.posted: c.posted != journal.NoID}
	for _, l := range lines {
		money[l.ref.Entry] = true
	}
	var start []journal.Partial
	for _, l := range lines {
		ps, err := m.t.LivePartials(l.ref)
		if err != nil {
			return nil
		}
		start = append(start, ps...)
	}
	u := newUndoSet()
	if err := (&work{r: m.r, t: m.t}).collectUndo(u, start); err != nil {
		return nil
	}
	undone := make(map[journal.ID]bool, len(u.partials))
	for _, p := range u.partials {
		undone[p.ID] = true
	}
	for _, p := range u.partials {
		for _, side := range [2]struct {
			ref journal.LineRef
			own currency.Amount
		}{{p.Debit, p.DebitAmountCurrency}, {p.Credit, p.CreditAmountCurrency}} {
			if money[side.ref.Entry] || u.isGenerated[side.ref.Entry] {
				continue // the money's own line, or a line the undo reverses
			}
			if m.owedAgain(side.ref, side.own, undone) && !slices.Contains(docs, side.ref.Entry) {
				docs = append(docs, side.ref.Entry)
			}
		}
	}
	return docs
}

// allUndone reports whether every live partial of line ref is one of
// undone.
func (m *importMatcher) allUndone(ref journal.LineRef, undone map[journal.ID]bool) bool {
	ps, err := m.t.LivePartials(ref)
	if err != nil {
		return false
	}
	for _, p := range ps {
		if !undone[p.ID] {
			return false
		}
	}
	return true
}

// paymentLines appends the lines of payment id on a receivable or
// payable account to lines.
func (m *importMatcher) paymentLines(lines []paidLine, id journal.ID) ([]paidLine, error) {
	e, err := m.t.Entry(id)
	if err != nil {
		return nil, err
	}
	return partnerLines(m.t, e, lines)
}

// owedAgain gives back own, what an undone partial had taken off document
// line ref, to the document's due, and reports whether it did (ref is a
// document's line); undone are the partials the return undoes.
func (m *importMatcher) owedAgain(ref journal.LineRef, own currency.Amount, undone map[journal.ID]bool) bool {
	doc, err := m.t.Entry(ref.Entry)
	if err != nil || ref.Index < 0 || ref.Index >= len(doc.Lines) {
		return false
	}
	dl := doc.Lines[ref.Index]
	if doc.Type != journal.TypeInvoice && doc.Type != journal.TypeCreditNote || doc.ReversalOf != journal.NoID || dl.Partner == "" {
		return false
	}
	cur := dl.AmountCurrency.Currency()
	if !own.IsSet() || own.Currency() != cur {
		return false // a line kept only in company currency against another's: left paid
	}
	back := own.Abs()
	if dl.AmountCurrency.Sign() < 0 {
		back = back.Neg()
	}
	// The document as the matcher holds it, or, when it was settled at
	// the run's start, indexed now with this line.
	d := m.doc(dl.Account, ledger.OpenItem{Ref: ref, Number: doc.Name(), Type: doc.Type, EntryRef: doc.Ref,
		Journal: doc.Journal, Date: doc.Date, DueDate: dl.DueDate, Partner: dl.Partner,
		Residual: ledger.Residual{AmountCurrency: currency.Zero(cur)}, DiscountOffer: doc.DiscountOffer})
	if d.lines == 0 {
		d.lines++
	}
	if d.residual.Currency() != cur {
		return false
	}
	// Untouched again when the return undoes all that is lettered on it
	// and no earlier line of the run paid it: it offers its discount
	// again, as the first presentation took it.
	d.residual, d.untouched = mustAdd(d.residual, back), !m.taken[d.id] && !m.partly[d.id] && d.lines == 1 && m.allUndone(ref, undone)
	if m.taken[d.id] {
		// An earlier line of the run paid what it owed: it owes again
		// what the return gives back.
		delete(m.taken, d.id)
		m.partly[d.id] = true
	}
	return true
}

// numbers are the entries' numbers, ", "-separated; "" for none.
func (m *importMatcher) numbers(ids []journal.ID) string {
	var out []string
	for _, id := range ids {
		if e, err := m.t.Entry(id); err == nil {
			out = append(out, e.Name())
		}
	}
	return strings.Join(out, ", ")
}

// partReturned reports whether a payment of entry c was returned alone:
// the whole entry can then not come back.
func (m *importMatcher) partReturned(c returnable) bool {
	prefix := ImportedRef{Statement: c.Statement, Ref: c.Ref}.key() + "\x00"
	for k := range m.returned {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// tookPart is what an entry matched in a run took of a document it paid
// in part: a return of the entry gives it back.
type tookPart struct {
	doc    *docRef
	amount currency.Amount // positive
}

// paidLine is a receivable or payable line an imported entry's money
// was posted to.
type paidLine struct {
	ref  journal.LineRef
	line journal.Line
}

// paidLines returns the partner lines the money of statement line id
// went to: its own line on a partner account, or, when it cleared
// payments waiting on an outstanding account, those payments' lines on
// one.
func paidLines(t *ledger.Tx, id journal.ID) ([]paidLine, error) {
	e, err := t.Entry(id)
	if err != nil {
		return nil, err
	}
	out, err := partnerLines(t, e, nil)
	if err != nil || len(out) > 0 {
		return out, err
	}
	j, err := t.Journal(e.Journal)
	if err != nil {
		return nil, err
	}
	for i, l := range e.Lines {
		if l.Account == j.BankAccount || l.Account != j.OutstandingReceipts && l.Account != j.OutstandingPayments {
			continue
		}
		ps, err := t.LivePartials(e.LineRef(i))
		if err != nil && !isNotReconcilable(err) {
			return nil, err
		}
		for _, p := range ps {
			other := p.Debit
			if other.Entry == id {
				other = p.Credit
			}
			pay, err := t.Entry(other.Entry)
			if err != nil {
				return nil, err
			}
			if out, err = partnerLines(t, pay, out); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// partnerLines appends e's lines on a receivable or payable account (one
// that needs a partner) to out.
func partnerLines(t *ledger.Tx, e journal.Entry, out []paidLine) ([]paidLine, error) {
	for i, l := range e.Lines {
		a, err := t.Account(l.Account)
		if err != nil {
			return nil, err
		}
		if l.Partner != "" && a.Kind.NeedsPartner() {
			out = append(out, paidLine{e.LineRef(i), l})
		}
	}
	return out, nil
}

// postReturn posts imported entry e, the bank's return of entry to.Returns:
// a statement line on the account of the partner the returned money was
// posted to, whose line is then lettered with that money once the
// partials that letter it with documents are undone (with the entries
// they generated), so that the documents are owed again.
func (w *work) postReturn(e *ImportedEntry, to ImportedTarget) error {
	if len(to.Invoices) > 0 || len(to.Payments) > 0 || len(to.Booked) > 0 || to.Account != "" || to.WriteOff || to.EarlyDiscount || to.BankFees {
		return fmt.Errorf("%w: a return takes back the entry it returns, and pays or clears nothing else", ErrNotDocument)
	}
	if to.Partner == "" {
		return fmt.Errorf("%w: a return names the partner whose money it takes back", ErrPartner)
	}
	posted, err := postedImported(w.t, e.Journal)
	if err != nil {
		return err
	}
	whole := ImportedRef{Statement: to.Returns.Statement, Ref: to.Returns.Ref}.key()
	rec, ok := posted[whole]
	if !ok {
		return fmt.Errorf("%w: entry %s of statement %s, which entry %s returns, is not posted on %s: post it first",
			ErrNotFound, to.Returns.Ref, to.Returns.Statement, e.Ref, e.Journal)
	}
	for _, other := range posted {
		if other.Returns == to.Returns.key() || other.Returns == whole ||
			to.Returns.Payment == journal.NoID && strings.HasPrefix(other.Returns, whole+"\x00") {
			return fmt.Errorf("%w: entry %s of statement %s was returned by entry %s of statement %s already",
				ErrPosted, to.Returns.Ref, to.Returns.Statement, other.Ref, other.Statement)
		}
	}
	// Money comes back after it came: the entry returned is dated on or
	// before its return.
	for _, id := range append([]journal.ID{rec.Entry}, rec.Booked...) {
		if id == journal.NoID {
			continue
		}
		x, err := w.t.Entry(id)
		if err != nil {
			return err
		}
		if x.Date.After(e.BookingDate) {
			return fmt.Errorf("%w: entry %s of %s cannot return entry %s of statement %s, posted on %s, after it",
				journal.ErrDate, e.Ref, e.BookingDate, to.Returns.Ref, to.Returns.Statement, x.Date)
		}
	}
	var lines []paidLine
	if len(rec.Booked) > 0 {
		for _, id := range rec.Booked {
			pay, err := w.t.Entry(id)
			if err != nil {
				return err
			}
			if lines, err = partnerLines(w.t, pay, lines); err != nil {
				return err
			}
		}
	} else if lines, err = paidLines(w.t, rec.Entry); err != nil {
		return err
	}
	if id := to.Returns.Payment; id != journal.NoID {
		lines = slices.DeleteFunc(lines, func(l paidLine) bool { return l.ref.Entry != id })
		if len(lines) == 0 {
			return fmt.Errorf("%w: payment %s is not one entry %s of statement %s cleared or showed", ErrNotFound, id, to.Returns.Ref, to.Returns.Statement)
		}
	}
	// What the returned money brought to the partner's account, in the
	// bank's currency when its lines are in it (a foreign cheque comes
	// back at another rate: the difference is an exchange one, not a
	// reason to refuse), else in the company currency.
	cur := e.Amount.Currency()
	for _, l := range lines {
		if l.line.AmountCurrency.Currency() != cur {
			cur = w.t.Book().Currency()
		}
	}
	sum := currency.Zero(cur)
	for _, l := range lines {
		if l.line.Partner != to.Partner || l.line.Account != lines[0].line.Account {
			return fmt.Errorf("%w: entry %s of statement %s was posted to %s on %s, not to partner %s alone",
				ErrPartner, to.Returns.Ref, to.Returns.Statement, l.line.Partner, l.line.Account, to.Partner)
		}
		amount := l.line.Balance
		if cur != w.t.Book().Currency() || l.line.AmountCurrency.Currency() == cur {
			amount = l.line.AmountCurrency
		}
		if sum, err = sum.Add(amount); err != nil {
			return err
		}
	}
	if len(lines) == 0 {
		return fmt.Errorf("%w: entry %s of statement %s paid no partner's account: reverse what it was posted as instead",
			ErrNotDocument, to.Returns.Ref, to.Returns.Statement)
	}
	line := StatementLine{Journal: e.Journal, Date: e.BookingDate, Amount: e.Amount, Ref: e.Ref,
		Label: clip(importedLabel(e), journal.TextMax-8), Partner: to.Partner, Account: lines[0].line.Account,
		NoDiscount: true, from: counterparties(*e)}
	ret, err := w.postStatementLine(line)
	if err != nil {
		return err
	}
	// The return gives back, on the partner's account, exactly what the
	// returned money put there.
	retAmount := ret.Lines[0].Balance
	if cur == ret.Lines[0].AmountCurrency.Currency() {
		retAmount = ret.Lines[0].AmountCurrency
	}
	if back, err := retAmount.Add(sum); err != nil {
		return err
	} else if !back.IsZero() {
		return fmt.Errorf("entry %s returns %s, but entry %s of statement %s brought %s to %s's account (%w)",
			e.Ref, e.Amount, to.Returns.Ref, to.Returns.Statement, sum.Neg(), to.Partner, ErrAmount)
	}
	var ps []journal.Partial
	for _, l := range lines {
		lp, err := w.t.LivePartials(l.ref)
		if err != nil && !isNotReconcilable(err) {
			return err
		}
		ps = append(ps, lp...)
	}
	if len(ps) > 0 {
		if err := w.undoAt(ps, e.BookingDate); err != nil {
			return err
		}
	}
	items := make([]*item, 0, len(lines)+1)
	for _, l := range append(lines, paidLine{ref: ret.LineRef(0)}) {
		it, err := w.load(l.ref)
		if err != nil {
			return err
		}
		items = append(items, it)
	}
	if err := w.letter(items, letterOptions{keepOrder: true}); err != nil {
		return fmt.Errorf("lettering the return %s with the money it returns: %w", ret.Name(), err)
	}
	data, err := json.Marshal(postedRec{Statement: e.Statement, Ref: e.Ref, Entry: ret.ID, Returns: to.Returns.key()})
	if err != nil {
		return err
	}
	return booktx.Of(w.t).AppendEvent(statementsOf(e.Journal), postedEvent, data)
}

// importedLabel is the text an imported entry is posted with: the bank's
// label, else its first transaction's remittance or counterparty.
func importedLabel(e *ImportedEntry) string {
	if e.Label == "" && len(e.Transactions) > 0 {
		return firstNonEmpty(e.Transactions[0].Remittance, e.Transactions[0].Counterparty)
	}
	return e.Label
}
