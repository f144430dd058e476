package reconcile

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// The rules statement matching applies to an imported entry, in the order
// of automatic lettering: references first, then amounts, then what the
// counterparty's account tells. Each rule fills the proposal and reports
// whether it decided; the first that decides wins.

// dueOf is an open item's due date, its date when it has none.
func dueOf(it ledger.OpenItem) journal.Date {
	if it.DueDate.IsZero() {
		return it.Date
	}
	return it.DueDate
}

// propose matches one imported entry.
func (m *importMatcher) propose(e ImportedEntry) ImportedProposal {
	p := m.proposeOne(e)
	m.seen = append(m.seen, p)
	return p
}

func (m *importMatcher) proposeOne(e ImportedEntry) ImportedProposal {
	m.chargesTaken = false
	p := m.proposeByRules(e)
	// Charges the bank states that no clearing took: the accountant
	// reads what the bank said.
	if c := e.Charges; c.Sign() > 0 && c.Currency() == e.Amount.Currency() && !m.chargesTaken {
		before := mustAdd(e.Amount, c).Abs()
		note := fmt.Sprintf("the bank states charges of %s taken out of the line (%s before them)", c.French(), before.French())
		if r := strings.TrimRight(p.Reason, "; "); r != "" {
			note = r + "; " + note
		}
		p.Reason = note
	}
	return p
}

func (m *importMatcher) proposeByRules(e ImportedEntry) ImportedProposal {
	p := ImportedProposal{ImportedEntry: e}
	if m.ruleList == nil {
		m.ruleList = m.rulesInOrder()
	}
	for _, rule := range m.ruleList {
		if rule(&p) {
			return p
		}
	}
	if m.booked {
		p.Reason += "no payment booked on the journal matches it: post it to the suspense account (" + m.r.cfg.Suspense + ") or register it"
	} else if m.rules.NoReference {
		p.Reason += "nothing matches it by amount, and the reference rule is off: post it to the suspense account (" + m.r.cfg.Suspense + ") or letter it by hand"
	} else {
		p.Reason += "nothing names it: post it to the suspense account (" + m.r.cfg.Suspense + ") or letter it by hand"
	}
	return p
}

// rulesInOrder is the matcher's rules, in the order they are tried: bound
// once a matcher, not for every entry.
func (m *importMatcher) rulesInOrder() []func(*ImportedProposal) bool {
	rules := make([]func(*ImportedProposal) bool, 0, 14)
	if !m.rules.NoReference {
		rules = append(rules, m.byReturn, m.byEndToEnd)
	}
	// What the bank's own ids name first: a return, our payment named by
	// its end-to-end id, whatever account it went to.
	rules = append(rules, m.betweenOwnAccounts)
	// A rule that clears payments is tried first on an entry whose bank
	// states the charges it took, as those payments come to (charged).
	if !m.rules.NoReference {
		rules = append(rules, m.charged(m.byPaymentRef), m.byPaymentRef)
	}
	if !m.rules.NoExactAmount {
		rules = append(rules, m.charged(m.byBatch), m.byBatch, m.charged(m.byTransactions), m.byTransactions)
	}
	if !m.rules.NoReference {
		rules = append(rules, m.byDepositedCheque, m.charged(m.byNamedPayment), m.byNamedDocuments)
	}
	if !m.rules.NoExactAmount {
		rules = append(rules, m.byBill, m.byBooked, m.charged(m.byPartnerWaiting))
	}
	rules = append(rules, m.byCounterparty, m.byCounterpartyName)
	if !m.rules.NoExactAmount {
		rules = append(rules, m.charged(m.byLoneWaiting), m.byLoneWaiting)
	}
	return append(rules, m.byTextName)
}

// statedCharges returns the charges the bank states it took out of an
// entry (BankEntry.Charges) and what the payments it shows then come to:
// its amount with them put back (a debit of −915,40 with 5,00 of
// charges shows −910,40 of payments, a credit of 995,00 shows 1 000,00).
// ok is false when it states none, charges in another currency or of
// more than a debit moved, or on a journal that books payments straight
// to the bank, where no difference is posted.
func (m *importMatcher) statedCharges(e ImportedEntry) (charges, gross currency.Amount, ok bool) {
	c := e.Charges
	if m.booked || c.Sign() <= 0 || c.Currency() != e.Amount.Currency() {
		return currency.Amount{}, currency.Amount{}, false
	}
	gross = mustAdd(e.Amount, c)
	if gross.Sign() != e.Amount.Sign() {
		return currency.Amount{}, currency.Amount{}, false
	}
	return c, gross, true
}

// chargesReason says that the bank's charges c go to the bank fees
// account.
func (m *importMatcher) chargesReason(c currency.Amount) string {
	return fmt.Sprintf("bank charges %s stated by the bank, to bank fees (%s)", c.French(), m.r.cfg.BankFees)
}

// charged tries rule on an entry whose bank states the charges it took
// (statedCharges) as the payments it shows come to, the charges put
// back: a clearing of payments it finds is the entry's, the charges
// posted to the bank fees account, whatever the write-off tolerance —
// the bank states them. Whatever else the rule finds so is dropped: the
// rule then runs on the entry as booked.
func (m *importMatcher) charged(rule func(*ImportedProposal) bool) func(*ImportedProposal) bool {
	return func(p *ImportedProposal) bool {
		c, gross, ok := m.statedCharges(p.ImportedEntry)
		if !ok {
			return false
		}
		q := ImportedProposal{ImportedEntry: p.ImportedEntry}
		q.Amount = gross
		decided := rule(&q)
		if m.err != nil {
			return true // decided: ProposeImported returns it
		}
		if !decided || !q.Matched || len(q.Target.Payments) == 0 || len(q.Target.Invoices) > 0 {
			for _, id := range slices.Concat(q.Target.Payments, q.Target.Booked, q.Target.Invoices) {
				delete(m.taken, id)
			}
			return false
		}
		p.Target, p.Matched, p.Confidence = q.Target, true, q.Confidence
		p.Target.BankFees = true
		p.Reason = q.Reason + "; " + m.chargesReason(c)
		m.chargesTaken = true
		return true
	}
}

// byNamedPayment: the entry names a document lettered with a payment of
// its amount waiting on the outstanding account, the first step of
// byNamedDocuments (byNamedPaid) alone. Tried only with the charges the
// bank states put back (charged).
func (m *importMatcher) byNamedPayment(p *ImportedProposal) bool {
	if _, _, ok := m.severalPayers(p.ImportedEntry); ok {
		return false // byCounterparty says whose
	}
	return m.byNamedPaid(p, entryTexts(p.ImportedEntry))
}

// byPartnerWaiting: the entry comes from one partner, known by its
// account or its name, whose payment waiting of the entry's amount the
// bank shows. Tried only with the charges the bank states put back
// (charged): for the entry as booked, the partner's own rules
// (fromPartner) try it in their order.
func (m *importMatcher) byPartnerWaiting(p *ImportedProposal) bool {
	if _, _, ok := m.severalPayers(p.ImportedEntry); ok {
		return false
	}
	whose := m.counterpartyPartners(p.ImportedEntry)
	if len(whose) != 1 {
		return false
	}
	return m.clearWaiting(p, whose[0], "", false, fmt.Sprintf("the counterparty is %s; its", whose[0]), "")
}

// betweenOwnAccounts: an entry whose every transaction comes from or goes
// to another of the company's own accounts (the IBAN of one of its other
// bank journals) is a transfer between them, no partner's money: no rule
// after the bank's own ids (a return, an end-to-end id naming our payment)
// may take it for a customer's receipt or a supplier's payment of its
// amount. It is left for the internal transfer account, where the other
// side's line letters it. A conversion inside an account held in several
// currencies is one too: its counterparty is the account's own IBAN, and
// its other side is on the journal of the other currency.
func (m *importMatcher) betweenOwnAccounts(p *ImportedProposal) bool {
	if len(p.Transactions) == 0 || len(m.own) == 0 {
		return false
	}
	var journals []string
	for _, tx := range p.Transactions {
		js := m.ownJournals(tx)
		if len(js) == 0 {
			return false
		}
		// Money to another account of the company held in several
		// currencies most likely lands in the journal of the money's
		// own currency; a conversion has none of it but the others.
		if in := slices.DeleteFunc(slices.Clone(js), func(j ownJournal) bool { return j.currency != p.Amount.Currency() }); len(in) > 0 {
			js = in
		}
		for _, j := range js {
			if !slices.Contains(journals, j.code) {
				journals = append(journals, j.code)
			}
		}
	}
	to := "the internal transfer account"
	if m.transfer != "" {
		to += " (" + m.transfer + ")"
	}
	p.Reason = fmt.Sprintf("a transfer between the company's own accounts (journal %s): post it to %s and letter it with the other side", andList(journals), to)
	return true
}

// endToEnd returns the waiting payments a transaction's end-to-end id
// may name: those not taken yet, in the entry's currency cur, and no
// receipt when the money comes from another of the company's accounts (a
// customer's memo our own transfer's id happens to spell says nothing of
// it). Those whose reference is the id as written, when there are any,
// taken or not: an id we sent comes back as sent. Else those whose
// reference is the id normalized, as every reference is compared (case,
// spaces and separators aside). A placeholder (NOTPROVIDED) names
// nothing.
func (m *importMatcher) endToEnd(tx BankTransaction, cur currency.Currency) []waitingPayment {
	k := normalizeRef(tx.EndToEndID)
	if noEndToEnd(k) {
		return nil
	}
	own := len(m.ownJournals(tx)) > 0
	usable := func(ws []waitingPayment) []waitingPayment {
		var out []waitingPayment
		for _, w := range ws {
			if !m.taken[w.id] && w.amount.Currency() == cur && !(own && w.amount.Sign() > 0) {
				out = append(out, w)
			}
		}
		return out
	}
	if ws := m.byExact[tx.EndToEndID]; len(ws) > 0 {
		return usable(ws) // a second line of an id taken names no twin
	}
	return usable(m.byRef[k])
}

// ownJournal is a bank journal of the company's own account and the
// currency its bank account is fixed to (none when not fixed).
type ownJournal struct {
	code     string
	currency currency.Currency
}

// ownJournals returns the company's other bank journals whose IBAN the
// transaction comes from or goes to, none when none. This journal is
// none of them (its own IBAN alone is a return, a bank's error), but
// the other journals of its IBAN are: an account held in several
// currencies has a journal per currency, and a conversion between them
// names the account's own IBAN.
func (m *importMatcher) ownJournals(tx BankTransaction) []ownJournal {
	if len(m.own) == 0 {
		return nil
	}
	raw := string(tx.CounterpartyIBAN)
	js := m.own[raw]
	if js == nil && !canonicalText(raw) { // spaces, small letters: read it
		if iban, err := ident.ParseIBAN(raw); err == nil {
			js = m.own[string(iban)]
		}
	}
	if i := slices.IndexFunc(js, func(j ownJournal) bool { return j.code == m.journal }); i >= 0 {
		return slices.Delete(slices.Clone(js), i, i+1)
	}
	return js
}

// canonicalText reports whether s is written as an IBAN is stored:
// capital letters and digits only.
func canonicalText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// clear proposes that the entry is the company's payments pays, waiting
// for the bank: cleared on the outstanding account, or recorded as them
// on a journal that books payments straight to the bank.
func (m *importMatcher) clear(p *ImportedProposal, pays []journal.ID, conf Confidence, reason string) bool {
	for _, id := range pays {
		m.taken[id] = true
	}
	p.Matched, p.Confidence, p.Reason = true, conf, reason
	if m.booked {
		p.Target = ImportedTarget{Booked: pays}
	} else {
		p.Target = ImportedTarget{Payments: pays}
	}
	return true
}

// pay proposes that the entry pays documents of a partner, in order.
func (m *importMatcher) pay(p *ImportedProposal, partner string, docs []*docRef, conf Confidence, reason string) bool {
	inv := make([]journal.ID, len(docs))
	for i, d := range docs {
		m.taken[d.id] = true
		inv[i] = d.id
	}
	p.Target, p.Matched, p.Confidence, p.Reason = ImportedTarget{Partner: partner, Invoices: inv}, true, conf, reason
	return true
}

// byEndToEnd: the end-to-end ids of the entry's transactions are our own
// payments' references, together of its amount, or of it and the bank's
// fees: the charges the bank states it took (BankEntry.Charges), else,
// when it states none or they do not make the difference, a difference
// of at most 5 % of it, the same way, both to the bank fees account. A
// receipt is not named so by a transfer from another of the company's
// accounts: a customer's memo that our own transfer's id happens to spell
// says nothing of it (betweenOwnAccounts takes the transfer). An
// entry they name whose amount is neither is still those payments' and no
// one else's: it is left unmatched for the accountant to check, never
// taken by a later rule for another payment of the partner.
func (m *importMatcher) byEndToEnd(p *ImportedProposal) bool {
	e := p.ImportedEntry
	var pays []journal.ID
	var ids, numbers []string
	sum := currency.Zero(e.Amount.Currency())
	for _, tx := range e.Transactions {
		ws := m.endToEnd(tx, sum.Currency())
		if len(ws) == 0 {
			if named := m.byExact[tx.EndToEndID]; len(named) > 0 && !slices.ContainsFunc(named, func(w waitingPayment) bool { return !m.taken[w.id] }) {
				// The id we sent, of a payment another line cleared: still
				// that payment's, no other's (the same transfer shown twice?).
				p.Reason = fmt.Sprintf("end-to-end id %s = our payment %s's reference, which another line already clears: check with the bank, then post the line by hand",
					tx.EndToEndID, named[0].number)
				return true
			}
		}
		if len(ws) != 1 || slices.Contains(pays, ws[0].id) {
			return false
		}
		pays, ids, sum = append(pays, ws[0].id), append(ids, tx.EndToEndID), mustAdd(sum, ws[0].amount)
		numbers = append(numbers, ws[0].number)
	}
	if len(pays) == 0 {
		return false
	}
	reason := fmt.Sprintf("end-to-end id %s = our payment's reference", strings.Join(ids, ", "))
	if sum.Equal(e.Amount) {
		return m.clear(p, pays, ExactReference, reason)
	}
	// The charges the bank states make the difference, whatever its size.
	if c, gross, ok := m.statedCharges(e); ok && sum.Equal(gross) {
		m.clear(p, pays, ExactReference, reason+"; "+m.chargesReason(c))
		p.Target.BankFees, m.chargesTaken = true, true
		return true
	}
	// Fees only take: less received than the payments, or more paid out.
	// A line in the book's favour is no fee. Charges the bank states
	// that do not make the difference leave it to the fees within 5 %, as
	// when it states none: the payments' ids name them all the same.
	diff := mustSub(sum, e.Amount).Abs()
	if m.booked || sum.Sign() != e.Amount.Sign() || mustCmp(e.Amount, sum) > 0 ||
		mustCmp(diff, currency.FromMinor(sum.Currency(), minorOf(sum.Abs())/20)) > 0 {
		p.Reason += fmt.Sprintf("%s: %s of %s, the bank shows %s (%s apart): check the amount with the bank, then post the line by hand",
			reason, strings.Join(numbers, ", "), sum.French(), e.Amount.French(), diff.French())
		return true
	}
	m.clear(p, pays, WithinTolerance, fmt.Sprintf("%s; %s difference to bank fees (%s)", reason, diff.French(), m.r.cfg.BankFees))
	p.Target.BankFees = true
	return true
}

// byPaymentRef: a word of the entry's texts is the reference registered
// with payments waiting for the bank (the customer's memo, "A1B2C3"), of
// the counterparty's partner when its account or name is known: all the
// payments of that reference summing to the entry, one partner's, or the
// oldest of exactly its amount (of one partner when several have one),
// are what the bank shows.
func (m *importMatcher) byPaymentRef(p *ImportedProposal) bool {
	if len(m.byRefKey) == 0 {
		return false
	}
	e := p.ImportedEntry
	whose, transfers := m.counterpartyPartners(e), fromAccount(e)
	var tokens []refToken
	for _, text := range entryTexts(e) {
		tokens = refTokens(text, tokens[:0])
		for _, tok := range tokens {
			var ws []journal.ID
			var numbers, payers []string
			sum := currency.Zero(e.Amount.Currency())
			var one waitingPayment          // the oldest of exactly the entry's amount
			onePayer, oneAlike := "", false // oneAlike: payments of the amount of several partners
			for _, w := range m.byRefKey[tok.text] {
				if m.taken[w.id] || m.batched[w.id] || w.amount.Currency() != sum.Currency() || w.amount.Sign() != e.Amount.Sign() ||
					transfers && !m.byTransfer(w) {
					continue
				}
				payer := m.payerOf(w)
				if len(whose) > 0 && !slices.Contains(whose, payer) {
					continue
				}
				ws, numbers, sum = append(ws, w.id), append(numbers, w.number), mustAdd(sum, w.amount)
				if !slices.Contains(payers, payer) {
					payers = append(payers, payer)
				}
				if w.amount.Equal(e.Amount) {
					if one.id == journal.NoID {
						one, onePayer = w, payer
					} else {
						oneAlike = oneAlike || onePayer != payer
					}
				}
			}
			// One payer's: a memo is unique only for the customer who
			// wrote it.
			switch {
			case len(ws) > 0 && sum.Equal(e.Amount) && len(payers) == 1:
				what := "payment " + numbers[0]
				if len(ws) > 1 {
					what = "payments " + strings.Join(numbers, " + ")
				}
				return m.clear(p, ws, ExactReference, fmt.Sprintf("%q is the reference of %s waiting of %s", tok.text, what, e.Amount.French()))
			case one.id != journal.NoID && !oneAlike:
				return m.clear(p, []journal.ID{one.id}, ExactReference, fmt.Sprintf("%q is the reference of payment %s waiting of %s", tok.text,
					one.number, e.Amount.French()))
			}
		}
	}
	return false
}

// entryTexts are the texts of an entry that may name what it pays: its
// transactions' remittances and creditor references, and its label.
func entryTexts(e ImportedEntry) []string {
	var texts []string
	for _, tx := range e.Transactions {
		texts = append(texts, tx.Remittance, tx.CreditorRef)
	}
	return append(texts, e.Label)
}

// byBatch: the entry is the total of one cheque deposit or payment run.
// An entry from the account of partners none of whose payments is in the
// batch is not it (a customer's transfer of the total of a deposit of
// others' cheques), nor is one from a partner's known account a deposit
// of cheques, which come from no account (a customer's transfer of the
// total of a deposit holding its cheque).
//
// An entry whose bank identifies the batch (BankEntry.Batch) as one of
// the journal's runs or deposits is that batch's, or none's: it clears
// it when the amounts agree with the batch as it clears (a run without
// the payments cancelled since it was booked: runAsSent), even beside
// another batch of the same total; a run some of whose payments other
// lines cleared, when it is what the others come to (runRest). When they
// differ or the batch cannot be cleared, a run's line is left for the
// accountant with the reason (a
// bank that rejected a transfer books less, one that executed the file
// before a payment was cancelled books more; a line that names its
// transfers by end-to-end id was cleared by byEndToEnd before), and a
// deposit's to the other rules (a bank crediting its cheques one by one);
// neither is matched to another batch by amount. An identification naming
// no batch of the journal (another software's file) is as none.
func (m *importMatcher) byBatch(p *ImportedProposal) bool {
	if named, id, ok := m.namedBatch(p.ImportedEntry); ok {
		if inf := p.Batch.PmtInfID; named != nil && named.Kind == BatchCollection && inf != named.ID && isPmtInfOf(inf, named.ID) {
			// A bank books a collection file one line per block as
			// often as one for the whole file.
			block, err := m.collectionBlock(*named, inf)
			if err != nil {
				m.err = err // decided: ProposeImported returns it
				return true
			}
			if len(block) > 0 && m.sumWaiting(block).Equal(p.Amount) { // Equal compares the currencies too
				return m.clear(p, block, ExactReference, fmt.Sprintf("block %s of direct debit collection %s: its %d collections",
					inf, named.ID, len(block)))
			}
		}
		// The batch as it clears (m.batches: a run without the payments
		// cancelled since, runAsSent), not as recorded.
		i := slices.IndexFunc(m.batches, func(x Batch) bool { return named != nil && x.ID == named.ID })
		if i < 0 || !m.batches[i].Total.Equal(p.Amount) || slices.ContainsFunc(m.batches[i].Payments, func(id journal.ID) bool { return m.taken[id] }) {
			if named != nil && named.Kind == BatchPaymentRun {
				// The bank names the run: its money is the run's
				// payments', no other payment's of the amount. Those
				// other lines have not cleared yet may be all it shows.
				sent, err := runAsSent(m.t, *named)
				if err != nil {
					m.err = err // decided: ProposeImported returns it
					return true
				}
				if rest := m.runRest(sent, p.Amount); len(rest) > 0 {
					return m.clear(p, rest, ExactReference, fmt.Sprintf("batch %s = payment run %s: its %d payments other lines have not cleared",
						id, named.ID, len(rest)))
				}
				p.Reason += m.runNotAsShown(*named, sent, id, p.Amount)
				return true
			}
			return false
		}
		b := &m.batches[i]
		return m.clear(p, slices.Clone(b.Payments), ExactReference, fmt.Sprintf("batch %s = %s %s of %d payments", id, batchKind(b.Kind), b.ID, len(b.Payments)))
	}
	var found []Batch
	var whose []string
	known, whoseRead := false, false // known: from a partner's known account
	for _, b := range m.batches {
		free := !slices.ContainsFunc(b.Payments, func(id journal.ID) bool { return m.taken[id] })
		if !free || !b.Total.Equal(p.Amount) {
			continue
		}
		if !whoseRead {
			whose, known, whoseRead = m.counterpartyPartners(p.ImportedEntry), len(m.ibanPartners(p.ImportedEntry)) > 0, true
		}
		if len(whose) > 0 && (b.Kind != BatchPaymentRun && known ||
			!slices.ContainsFunc(b.Payments, func(id journal.ID) bool { return slices.Contains(whose, m.partnerOf(id)) })) {
			continue
		}
		found = append(found, b)
	}
	if len(found) != 1 {
		return false
	}
	b := found[0]
	return m.clear(p, slices.Clone(b.Payments), ExactAmount, fmt.Sprintf("amount %s = %s %s of %d payments", p.Amount.French(), batchKind(b.Kind), b.ID, len(b.Payments)))
}

// byDepositedCheque: one cheque of a deposit, which some banks credit
// on its own rather than the slip's total: a credit of exactly the
// amount of a cheque waiting in one of the journal's deposits dated on
// or before it, whose number (as registered, or the payment's reference)
// a word of the entry's texts gives ("CHQ 1234567"). The cheque alone clears; the deposit's others wait for
// their own lines. The number is needed: a line of the amount alone may
// be anyone's money.
func (m *importMatcher) byDepositedCheque(p *ImportedProposal) bool {
	e := p.ImportedEntry
	if e.Amount.Sign() <= 0 {
		return false
	}
	var words []string // read once a cheque of the amount waits
	var found []depositedCheque
	deposited, err := m.depositedCheques()
	if err != nil {
		m.err = err // decided: ProposeImported returns it
		return true
	}
	for _, c := range deposited {
		if m.taken[c.pay.id] || c.date.After(e.BookingDate) || !c.pay.amount.Equal(e.Amount) {
			continue
		}
		if words == nil {
			words = []string{}
			for _, t := range entryTexts(e) {
				for _, w := range textWords(t) {
					words = append(words, chequeNumberKey(w))
				}
			}
		}
		if slices.Contains(words, chequeNumberKey(c.number)) {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		return false
	}
	c := found[0]
	return m.clear(p, []journal.ID{c.pay.id}, ExactReference, fmt.Sprintf("cheque %s (%s, %s) of deposit %s, credited on its own",
		c.number, c.pay.number, p.Amount.French(), c.deposit))
}

// depositedCheque is a cheque waiting in one of the journal's deposits,
// with the number it is known by.
type depositedCheque struct {
	pay     waitingPayment
	deposit string       // the deposit's id
	date    journal.Date // the deposit's date
	number  string       // as registered, or the payment's reference that holds it
}

// depositedCheques returns the cheques waiting in the journal's deposits
// that have a number, read once a matcher, or the error reading a
// payment's event log.
func (m *importMatcher) depositedCheques() ([]depositedCheque, error) {
	if m.deposited != nil {
		return m.deposited, nil
	}
	deposited := []depositedCheque{}
	waiting := make(map[journal.ID]waitingPayment, len(m.waiting))
	for _, w := range m.waiting {
		waiting[w.id] = w
	}
	for _, b := range m.known {
		if b.Kind != BatchChequeDeposit {
			continue
		}
		for _, id := range b.Payments {
			w, ok := waiting[id]
			if !ok {
				continue
			}
			n := w.ref
			meta, err := paymentMetaOf(m.t, id)
			if err != nil {
				return nil, err
			}
			if meta.Cheque != nil && meta.Cheque.Number != "" {
				n = meta.Cheque.Number
			}
			if len(textWords(n)) > 0 {
				deposited = append(deposited, depositedCheque{w, b.ID, b.Date, n})
			}
		}
	}
	m.deposited = deposited
	return deposited, nil
}

// byTransactions: an entry of several transactions, each showing one of
// the company's payments waiting for the bank — transfers made one by
// one that the bank booked as one amount, not a run or a deposit the
// book knows (byBatch). Each transaction finds its own payment: of its
// amount, made from or to the partner its account or name is when it
// gives one (a transfer, not a cheque), the only such payment; and the
// transactions add up to the entry. Then the entry clears them all.
func (m *importMatcher) byTransactions(p *ImportedProposal) bool {
	txs := p.Transactions
	if len(txs) < 2 {
		return false
	}
	amounts, ok := transactionAmounts(p.Amount, txs)
	if !ok {
		return false
	}
	sum := currency.Zero(p.Amount.Currency())
	var pays []journal.ID
	var named []string
	for i, tx := range txs {
		one := ImportedEntry{Journal: p.Journal, Statement: p.Statement,
			BankEntry: BankEntry{Amount: amounts[i], BookingDate: p.BookingDate, Transactions: []BankTransaction{tx}}}
		// Money from or to another of the company's accounts is no
		// partner's payment, whatever its amount: only an end-to-end id
		// names one so (byEndToEnd).
		if len(m.ownJournals(tx)) > 0 {
			return false
		}
		cands := slices.DeleteFunc(m.lone(one), func(w waitingPayment) bool { return slices.Contains(pays, w.id) })
		// counterpartyPartners, by the transaction's own party: nameOf,
		// not nameParties, which remembers the entry's by its reference.
		whose := m.ibanPartners(one)
		if len(whose) == 0 {
			_, whose, _, _ = m.nameOf(one)
		}
		if len(whose) > 0 {
			cands = slices.DeleteFunc(cands, func(w waitingPayment) bool { return !m.transferOf(w, whose, "", false) })
		}
		if len(cands) != 1 {
			return false
		}
		pays = append(pays, cands[0].id)
		named = append(named, fmt.Sprintf("%s (%s)", cands[0].number, amounts[i].Abs().French()))
		sum = mustAdd(sum, amounts[i])
	}
	if !sum.Equal(p.Amount) {
		return false
	}
	return m.clear(p, pays, ExactAmount, fmt.Sprintf("its %d transactions are the payments %s the bank had not shown",
		len(txs), strings.Join(named, " + ")))
}

// transactionAmounts returns what each of an entry's transactions comes
// to for an entry of amount: its amount as the bank gives it, or, when
// those do not sum to amount but do with the charges the bank states for
// each put back, that amount and its charges — a transaction booked net
// of its charges (TxAmt 597,00 of a transfer of 600,00, 3,00 taken), read
// with the charges the entry states put back (charged). ok is false when
// a transaction has no amount in the entry's currency, or neither way
// sums to amount.
func transactionAmounts(amount currency.Amount, txs []BankTransaction) (amounts []currency.Amount, ok bool) {
	cur := amount.Currency()
	booked, gross := currency.Zero(cur), currency.Zero(cur)
	withCharges := make([]currency.Amount, 0, len(txs))
	for _, tx := range txs {
		if !tx.Amount.IsSet() || tx.Amount.Currency() != cur {
			return nil, false
		}
		amounts = append(amounts, tx.Amount)
		g := tx.Amount
		if c := tx.Charges; c.Sign() > 0 && c.Currency() == cur {
			g = mustAdd(tx.Amount, c)
		}
		if g.Sign() != tx.Amount.Sign() {
			g = tx.Amount // charges of more than it moved: not its own
		}
		withCharges = append(withCharges, g)
		booked, gross = mustAdd(booked, tx.Amount), mustAdd(gross, g)
	}
	switch {
	case booked.Equal(amount):
		return amounts, true
	case gross.Equal(amount):
		return withCharges, true
	}
	return nil, false
}

// collectionBlock returns the collections of block pmtInf of collection
// run b as its file sends them (runAsSent): the file has a block per sequence type, numbered from 1 in the order
// recurrent, then one-off, leaving out an empty one. The engine imports
// no file format: this repeats how package bank (pain008Of) builds them
// and must follow it if it changes. Nil when pmtInf names no block of it
// or another line took one of the block's collections.
func (m *importMatcher) collectionBlock(b Batch, pmtInf string) ([]journal.ID, error) {
	k, err := strconv.Atoi(pmtInf[strings.LastIndexByte(pmtInf, '-')+1:])
	if err != nil {
		return nil, nil
	}
	sent, err := runAsSent(m.t, b)
	if err != nil {
		return nil, err
	}
	var recurrent, oneOff []journal.ID
	for _, id := range sent.Payments {
		if a, ok := b.Accounts[m.partnerOf(id)]; ok && a.Mandate.OneOff {
			oneOff = append(oneOff, id)
		} else {
			recurrent = append(recurrent, id)
		}
	}
	var blocks [][]journal.ID
	for _, ids := range [][]journal.ID{recurrent, oneOff} {
		if len(ids) > 0 {
			blocks = append(blocks, ids)
		}
	}
	if k < 1 || k > len(blocks) || slices.ContainsFunc(blocks[k-1], func(id journal.ID) bool { return m.taken[id] }) {
		return nil, nil
	}
	return blocks[k-1], nil
}

// sumWaiting is what the waiting payments ids come to; zero in no
// currency when one of them does not wait or their currencies differ.
func (m *importMatcher) sumWaiting(ids []journal.ID) currency.Amount {
	var sum currency.Amount
	for n, id := range ids {
		i := slices.IndexFunc(m.waiting, func(w waitingPayment) bool { return w.id == id })
		if i < 0 {
			return currency.Amount{}
		}
		if n == 0 {
			sum = currency.Zero(m.waiting[i].amount.Currency())
		}
		if m.waiting[i].amount.Currency() != sum.Currency() {
			return currency.Amount{}
		}
		sum = mustAdd(sum, m.waiting[i].amount)
	}
	return sum
}

// runRest returns the payments of a run as it clears (sent, runAsSent)
// that still wait and no other line of the statement clears, when some of
// its payments are cleared already and the rest sum to amount: a bank
// line of what the run's transfers not shown apart come to. Nil otherwise.
func (m *importMatcher) runRest(sent Batch, amount currency.Amount) []journal.ID {
	var rest []journal.ID
	sum := currency.Zero(amount.Currency())
	for _, id := range sent.Payments {
		if m.taken[id] {
			continue
		}
		i := slices.IndexFunc(m.waiting, func(w waitingPayment) bool { return w.id == id })
		if i < 0 {
			continue
		}
		if m.waiting[i].amount.Currency() != sum.Currency() {
			return nil
		}
		rest, sum = append(rest, id), mustAdd(sum, m.waiting[i].amount)
	}
	if len(rest) == 0 || len(rest) == len(sent.Payments) || !sum.Equal(amount) {
		return nil
	}
	return rest
}

// runNotAsShown is the reason a bank line naming payment run b (by id)
// with amount does not clear it, sent being the run as it clears
// (runAsSent): what the run sends now, the payments cancelled since it was
// booked (which the bank may have paid all the same: the file sent before
// the cancellation), those other lines cleared, or a credit where the
// run's line is a debit.
func (m *importMatcher) runNotAsShown(b, sent Batch, id string, amount currency.Amount) string {
	var cancelled, cleared []string
	for _, pay := range b.Payments {
		e, err := m.t.Entry(pay)
		if err != nil {
			m.err = err
			return ""
		}
		switch {
		case !slices.Contains(sent.Payments, pay):
			cancelled = append(cancelled, e.Name())
		case m.taken[pay] || !m.isWaiting(pay):
			cleared = append(cleared, e.Name())
		}
	}
	run := "payment run " + b.ID
	if id != b.ID {
		run = "batch " + id + " = " + run
	}
	since := ""
	if len(cancelled) > 0 {
		since = fmt.Sprintf(" (%s cancelled since: the bank may have paid it all the same)", andList(cancelled))
	}
	var what string
	switch {
	case amount.Sign() > 0 && sent.Total.Sign() < 0:
		what = fmt.Sprintf("and this line is a credit of %s (money sent back? a return names its transfer)", amount.French())
	case len(cleared) > 0:
		what = fmt.Sprintf("of which %s already cleared by other lines, and the rest is not %s", andList(cleared), amount.Abs().French())
	default:
		what = "not " + amount.Abs().French()
	}
	return fmt.Sprintf("%s, %s as sent%s, %s: check with the bank, then post the line by hand", run, sent.Total.Abs().French(), since, what)
}

// batchKind names a batch kind in a reason.
func batchKind(kind string) string {
	switch kind {
	case BatchPaymentRun:
		return "payment run"
	case BatchCollection:
		return "direct debit collection"
	}
	return "cheque deposit"
}

// namedBatch returns the batch of the journal an entry's batch
// identification names, with the id that names it, and whether it names
// one: its message id is the batch's ID (a run's ID is its pain.001
// MsgId), or its payment information id is one of a run's PmtInfIds. It
// names one but returns none (nil) when its two ids name two batches.
func (m *importMatcher) namedBatch(e ImportedEntry) (*Batch, string, bool) {
	id := e.Batch
	if !id.Named() {
		return nil, "", false
	}
	var named *Batch
	var by string
	for i := range m.known {
		b := &m.known[i]
		var this string
		switch {
		case id.MsgID != "" && id.MsgID == b.ID:
			this = id.MsgID
		case (b.Kind == BatchPaymentRun || b.Kind == BatchCollection) && isPmtInfOf(id.PmtInfID, b.ID):
			this = id.PmtInfID
		default:
			continue
		}
		if named != nil && named.ID != b.ID {
			return nil, "", true // MsgId and PmtInfId name two batches: neither is sure
		}
		named, by = b, this
	}
	return named, by, named != nil
}

// pmtInfIDMax is the length of a pain.001 PmtInfId (Max35Text).
const pmtInfIDMax = 35

// isPmtInfOf reports whether pmtInf is the id of a payment information
// block of the SEPA file of the run msgID. The engine imports no file
// format: this repeats how package bank (pain001Of) builds them — the
// run's MsgId cut to leave room for a suffix "-<k>", the block's rank
// from 1 — and must follow it if it changes. A PmtInfId equal to the
// MsgId (as other software writes for a file of one block) is the run's
// too.
func isPmtInfOf(pmtInf, msgID string) bool {
	if pmtInf == "" || msgID == "" {
		return false
	}
	if pmtInf == msgID {
		return true
	}
	dash := strings.LastIndexByte(pmtInf, '-')
	if dash < 0 {
		return false
	}
	k, suffix := pmtInf[dash+1:], pmtInf[dash:]
	if k == "" || k[0] == '0' || strings.Trim(k, "0123456789") != "" {
		return false
	}
	return pmtInf[:dash] == msgID[:min(len(msgID), pmtInfIDMax-len(suffix))]
}

// byNamedDocuments: the remittance, creditor reference or label names
// open documents of one partner, on the side the money settles.
func (m *importMatcher) byNamedDocuments(p *ImportedProposal) bool {
	e := p.ImportedEntry
	if _, _, ok := m.severalPayers(e); ok {
		return false // byCounterparty says whose
	}
	texts := entryTexts(e)
	// A document named that a payment of the line's amount, waiting on
	// the outstanding account, is lettered with (in full or in part): the
	// bank shows that payment, not a second one.
	if m.byNamedPaid(p, texts) {
		return true
	}
	// The documents the entry settles, and the credit notes of its own side
	// it names beside them ("FA-1 less AV-2"), set off against them. A word
	// naming a document that settles and one that does not (a credit
	// note's reference is often the invoice it credits) names the first.
	var named, notes []*docRef
	var other *docRef   // a document of another partner it names beside them
	var spent []*docRef // documents it names that earlier entries of the run leave nothing of
	var tokens []refToken
	namedByDigits := map[*docRef]bool{}
	var whose []string // the partners the counterparty is, read when a word names by digits
	whoseRead := false
	for ti, text := range texts {
		// What a text's words must owe when they name by digits alone: the
		// amount of the transaction the text is of (a collection of
		// several customers' debits), the entry's for its label.
		owed := e.Amount
		if len(e.Transactions) > 1 && ti < 2*len(e.Transactions) {
			if a := e.Transactions[ti/2].Amount; a.IsSet() && a.Currency() == owed.Currency() {
				owed = a
			}
		}
		tokens = refTokens(text, tokens[:0])
		for _, tok := range tokens {
			var settling, noted *docRef
			n, k := 0, 0
			ds, digits := m.docs[tok.text], false
			if len(ds) == 0 {
				// A word naming no document as written names the one
				// document the money settles whose number or reference
				// has its digits ("2026-00197" for VT/2026/00197; the bill
				// HA/2026/00197 a receipt does not settle), of the
				// partners holding the counterparty's IBAN when some do.
				// A credit note of those digits is a rival: "moins avoir
				// 2026-00002" names no invoice VT/2026/00002.
				if !tok.digits || m.rules.NoReferenceDigits || m.isJournal(refLead(tok.text)) {
					continue
				}
				dk, _ := digitsOf(tok.text)
				if !whoseRead {
					whose, whoseRead = m.counterpartyPartners(e), true
				}
				for _, d := range m.digits[dk] {
					if len(whose) > 0 && !slices.Contains(whose, d.partner) {
						continue
					}
					if settles(e.Amount, d) {
						settling, n = d, n+1
					} else if d.note != "" {
						n++ // a rival
					}
				}
				if n != 1 || settling == nil {
					continue
				}
				// The digits must be the number's alone in the book, paid
				// or not: "2026-00002" names neither VT/2026/00002 nor
				// VE/2026/00002 when both journals reached 2. Without one
				// partner known, the amount must be what it owes (within
				// the write-off tolerance): digits alone name no one's
				// document else (a payer's own order number).
				if nd, _ := digitsOf(settling.number); nd == dk && m.digitsShared(settling.number, settling.journal, settling.date) {
					continue
				}
				if len(whose) != 1 && (settling.residual.Currency() != owed.Currency() ||
					!m.writable(mustSub(settling.residual.Abs(), owed.Abs()).Abs())) {
					continue
				}
				ds, digits = []*docRef{settling}, true
				n = 0
			}
			for _, d := range ds {
				if d.key != tok.text && !digits {
					// Named by its reference (a supplier's invoice number, a
					// customer's order), which is unique only for its
					// partner: not when the money is another's.
					if !whoseRead {
						whose, whoseRead = m.counterpartyPartners(e), true
					}
					if len(whose) > 0 && !slices.Contains(whose, d.partner) {
						continue
					}
				}
				switch {
				case settles(e.Amount, d):
					settling, n = d, n+1
				case d.note == tok.text && d.residual.Sign() != 0:
					noted, k = d, k+1
				}
			}
			d, into := settling, &named
			if n != 1 {
				if n > 1 || k != 1 {
					continue
				}
				d, into = noted, &notes
			}
			if m.taken[d.id] && !m.partly[d.id] {
				if into == &named && !slices.Contains(spent, d) {
					spent = append(spent, d)
				}
				continue
			}
			if slices.Contains(*into, d) {
				continue
			}
			if first := slices.Concat(named, notes); len(first) > 0 && (d.partner != first[0].partner || d.account != first[0].account) {
				// One lettering: one partner, one account. A document of
				// another partner that the money settles, named beside the
				// first (a collection of two customers' direct debits,
				// each transaction naming its invoice), makes the entry
				// several partners' money: paying the first with all of it
				// would leave the other's invoice open and the first
				// overpaid.
				if into == &named && d.partner != first[0].partner {
					other = d
				}
				continue
			}
			*into = append(*into, d)
			if digits {
				namedByDigits[d] = true
			}
		}
	}
	if other != nil && len(named) > 0 && len(e.Transactions) > 1 {
		p.Reason = fmt.Sprintf("it names %s of %s and %s of %s: the money of several partners, to post by hand; ",
			named[0].number, named[0].partner, other.number, other.partner)
		return false
	}
	if len(named) == 0 {
		// It names only documents earlier entries of the run leave nothing
		// of: paid again, or its text wrong, it is no payment of another
		// document by its amount. Their partner's, to letter.
		if len(spent) == 0 || slices.ContainsFunc(spent, func(d *docRef) bool { return d.partner != spent[0].partner || d.account != spent[0].account }) {
			return false
		}
		partner, account := spent[0].partner, spent[0].account
		if !whoseRead {
			whose = m.counterpartyPartners(e)
		}
		if len(whose) > 0 && !slices.Contains(whose, partner) {
			return false // another's money, whatever it names: the other rules say whose
		}
		reason := fmt.Sprintf("names %s of %s, which an earlier line pays in full", numbersOf(spent, ", "), partner)
		// The partner's payment of the amount on account, waiting for the
		// bank (or booked to it): the bank shows that payment.
		if m.clearWaiting(p, partner, account, true, reason+"; its", ": the bank shows it") {
			return true
		}
		p.Target, p.Matched, p.Confidence = ImportedTarget{Partner: partner, Account: account}, true, ExactReference
		p.Reason = reason + ": posted to its account, to letter"
		return true
	}
	numbers := make([]string, 0, len(named)+len(notes))
	owed := currency.Zero(e.Amount.Currency())
	for _, d := range named {
		numbers = append(numbers, d.number)
		if d.residual.Currency() == owed.Currency() {
			owed = mustAdd(owed, d.residual.Abs())
		}
	}
	credited := currency.Zero(e.Amount.Currency())
	for _, d := range notes {
		numbers = append(numbers, d.number)
		if d.residual.Currency() == owed.Currency() {
			credited = mustAdd(credited, d.residual.Abs())
		}
	}
	// A set-off in one currency only, the entry's: what a note in another
	// covers of the invoices is the lettering's to value.
	foreign := func(d *docRef) bool { return d.residual.Currency() != e.Amount.Currency() }
	if len(notes) > 0 && (mustCmp(credited, owed) >= 0 || slices.ContainsFunc(slices.Concat(named, notes), foreign)) {
		notes, numbers, credited = nil, numbers[:len(named)], currency.Zero(credited.Currency()) // nothing left to pay: the invoices alone
	}
	reason := fmt.Sprintf("names %s of %s", strings.Join(numbers, ", "), named[0].partner)
	var byDigits []*docRef
	for _, d := range named {
		if namedByDigits[d] {
			byDigits = append(byDigits, d)
		}
	}
	switch len(byDigits) {
	case 0:
	case 1:
		reason += fmt.Sprintf(" (%s by its digits)", byDigits[0].number)
	default:
		reason += fmt.Sprintf(" (%s by their digits)", numbersOf(byDigits, ", "))
	}
	// The partner's payment of the amount registered on account (lettered
	// with nothing), waiting for the bank: the bank shows that payment
	// (paying the documents with the money would count it twice, the
	// payment left waiting). One lettered with another document is that
	// document's.
	if m.clearWaiting(p, named[0].partner, named[0].account, true, reason+", whose", ": the bank shows it") {
		return true
	}
	m.pay(p, named[0].partner, slices.Concat(named, notes), ExactReference, reason)
	for _, d := range named {
		delete(m.partly, d.id) // paid on now; in part again below
	}
	if len(notes) > 0 {
		p.Reason += fmt.Sprintf("; %s credited by %s set off", credited.French(), numbersOf(notes, ", "))
		owed = mustSub(owed, credited)
	}
	// Each invoice named that offers a discount in time takes it, when the
	// entry pays exactly what they owe less those.
	inCurrency := !slices.ContainsFunc(slices.Concat(named, notes), func(d *docRef) bool { return d.residual.Currency() != e.Amount.Currency() })
	if !m.rules.NoDiscount && inCurrency {
		taken := currency.Zero(owed.Currency())
		var what []string
		for _, d := range named {
			if o, ok := m.offerFor(d, owed.Currency(), e.BookingDate); ok {
				taken = mustAdd(taken, o.Amount)
				what = append(what, fmt.Sprintf("%s on %s (until %s)", o.Amount.French(), d.number, o.Until.French()))
			}
		}
		if len(what) > 0 && mustSub(owed, taken).Equal(e.Amount.Abs()) {
			p.Target.EarlyDiscount = true
			p.Reason += fmt.Sprintf("; %s paid on %s owed, early-payment discount of %s taken", e.Amount.Abs().French(),
				owed.French(), strings.Join(what, ", "))
			return true
		}
	}
	for _, d := range slices.Concat(named, notes) {
		if d.residual.Currency() != e.Amount.Currency() {
			return true // what a foreign document owes in the line's money is the lettering's to say, at its rate
		}
	}
	// A few cents off what they owe, within the tolerance: written off
	// when short, and when over only if the rules say so.
	switch diff := mustSub(owed, e.Amount.Abs()).Abs(); {
	case diff.IsZero():
	case m.writable(diff) && m.rules.writesOff(e.Amount.Abs(), owed):
		p.Target.WriteOff = true
		p.Reason += fmt.Sprintf("; %s difference written off", diff.French())
	case mustCmp(e.Amount.Abs(), owed) > 0 && owed.Currency() == e.Amount.Currency():
		p.Reason += fmt.Sprintf("; %s overpaid stays as an outstanding credit", diff.French())
	}
	// What the entry leaves of the documents it names, paid in part and
	// not written off: a later entry naming one pays on, what is left of
	// it (an instalment, then the balance). The credit notes are set off
	// first, then the money pays the documents in the order named.
	if !p.Target.WriteOff && mustCmp(e.Amount.Abs(), owed) < 0 {
		avail := mustAdd(e.Amount.Abs(), credited)
		for _, d := range named {
			res := d.residual.Abs()
			take := res
			if mustCmp(avail, res) < 0 {
				take = avail
			}
			avail = mustSub(avail, take)
			if left := mustSub(res, take); left.Sign() > 0 {
				if d.residual.Sign() < 0 {
					left = left.Neg()
				}
				d.residual, d.untouched, m.partly[d.id] = left, false, true
				m.took[len(m.seen)] = append(m.took[len(m.seen)], tookPart{d, take})
			}
		}
	}
	return true
}

// byNamedPaid: the entry's texts name a document already lettered with a
// payment waiting on an outstanding account (the invoice is in payment),
// of the entry's amount: the bank shows that payment.
func (m *importMatcher) byNamedPaid(p *ImportedProposal, texts []string) bool {
	if len(m.paidBy) == 0 {
		return false
	}
	// A supplier's reference is unique only for that supplier: the line's
	// counterparty, when its account is a partner's, says whose.
	whose := m.counterpartyPartners(p.ImportedEntry)
	var tokens []refToken
	for _, text := range texts {
		tokens = refTokens(text, tokens[:0])
		for _, tok := range tokens {
			var hits []waitingPayment
			mixed := false // the same reference of two partners' documents: nothing named for certain
			paid := m.paidBy[tok.text]
			if len(paid) == 0 && tok.digits && !m.rules.NoReferenceDigits && !m.isJournal(refLead(tok.text)) {
				// Or by its digits alone, as an open document is named
				// (digits the number shares with another journal's name
				// nothing).
				dk, _ := digitsOf(tok.text)
				paid = slices.DeleteFunc(slices.Clone(m.paidByDigits[dk]), func(w waitingPayment) bool {
					nd, _ := digitsOf(w.docNumber)
					return nd == dk && m.digitsShared(w.docNumber, w.docJournal, w.docDate)
				})
			}
			for _, w := range paid {
				if !m.taken[w.id] && w.amount.Equal(p.Amount) && (len(whose) == 0 || slices.Contains(whose, w.partner)) {
					hits = append(hits, w)
					mixed = mixed || w.partner != hits[0].partner
				}
			}
			if len(hits) == 0 || mixed || slices.ContainsFunc(hits, func(w waitingPayment) bool { return w.doc != hits[0].doc }) && len(m.paidBy[tok.text]) == 0 {
				continue // digits two documents share: neither
			}
			// Several payments of one partner, of one amount, lettered with
			// the document named: whichever the bank shows, the books end
			// the same. The oldest is cleared (open items come in date
			// order), the next line naming the document clears the next.
			alike := ""
			if len(hits) > 1 {
				alike = fmt.Sprintf(", the oldest of %d alike", len(hits))
			}
			return m.clear(p, []journal.ID{hits[0].id}, ExactReference, fmt.Sprintf("names %s, lettered with payment %s waiting of %s%s",
				hits[0].doc, hits[0].number, p.Amount.French(), alike))
		}
	}
	return false
}

// writable reports whether a difference may be written off.
func (m *importMatcher) writable(diff currency.Amount) bool {
	n, ok := diff.MinorUnits()
	return ok && n <= m.rules.tolerance(&m.r.cfg, diff.Currency())
}

// byBill: a bill of exchange at its maturity, of the entry's amount,
// payable at this bank.
func (m *importMatcher) byBill(p *ImportedProposal) bool {
	e := p.ImportedEntry
	var bills []billRef
	for _, b := range m.bills {
		if days := e.BookingDate.DaysSince(b.due); !m.taken[b.id] && b.amount.Equal(e.Amount) && days >= -5 && days <= 10 && m.settledBy(b, e) {
			bills = append(bills, b)
		}
	}
	if len(bills) != 1 {
		return false
	}
	b := bills[0]
	m.taken[b.id] = true
	p.Target, p.Matched, p.Confidence = ImportedTarget{Partner: b.partner, Invoices: []journal.ID{b.id}}, true, ExactAmount
	p.Reason = fmt.Sprintf("bill %s of %s due %s, %s", b.number, b.partner, b.due.Time().Format("02/01/2006"), e.Amount.Abs().French())
	return true
}

// byBooked: on a journal that books payments straight to the bank
// account, the one payment already booked of that amount is what the
// entry shows.
func (m *importMatcher) byBooked(p *ImportedProposal) bool {
	if same := m.lone(p.ImportedEntry); m.booked && len(same) == 1 {
		// An entry from a partner's account shows a transfer of that
		// partner's: not another's payment, nor a cheque, a card or cash.
		if whose := m.counterpartyPartners(p.ImportedEntry); len(whose) > 0 && !m.transferOf(same[0], whose, "", false) {
			return false
		}
		return m.clear(p, []journal.ID{same[0].id}, ExactAmount,
			fmt.Sprintf("%s is the only payment booked of %s the bank had not shown", same[0].number, p.Amount.French()))
	}
	return false
}

// byLoneWaiting: the one payment waiting of that amount (a transfer or
// direct debit for an entry from someone's account).
func (m *importMatcher) byLoneWaiting(p *ImportedProposal) bool {
	same := m.lone(p.ImportedEntry)
	if len(same) == 1 {
		return m.clear(p, []journal.ID{same[0].id}, ExactAmount, fmt.Sprintf("%s is the only payment waiting of %s", same[0].number, p.Amount.French()))
	}
	if len(same) > 1 {
		p.Reason += fmt.Sprintf("ambiguous: %d payments waiting of %s; ", len(same), p.Amount.French())
	}
	return false
}

// byCounterparty: the counterparty's IBAN is a partner's. The one of
// them with one open document of that amount within the date window on
// the side the money settles is paid; one partner alone is matched by
// forPartner; several sharing the IBAN with no such document are
// ambiguous.
func (m *importMatcher) byCounterparty(p *ImportedProposal) bool {
	e := p.ImportedEntry
	if who, byName, ok := m.severalPayers(e); ok {
		if byName {
			p.Reason += fmt.Sprintf("its transactions come from several payers, %s; ", who)
		} else {
			p.Reason += fmt.Sprintf("its transactions come from the accounts of %s; ", who)
		}
		return false
	}
	for _, tx := range e.Transactions {
		iban := tx.CounterpartyIBAN
		if canonical, err := ident.ParseIBAN(string(iban)); err == nil {
			iban = canonical // as partners hold it
		}
		partners := m.ibans[string(iban)]
		if iban == "" || len(partners) == 0 {
			continue
		}
		type hit struct {
			partner string
			doc     *docRef
		}
		var hits []hit
		for _, partner := range partners {
			for _, d := range m.byParty[partner] {
				if !m.rules.NoExactAmount && m.open(d, e.Amount) && d.residual.Abs().Equal(e.Amount.Abs()) && m.inWindow(d, e) {
					hits = append(hits, hit{partner, d})
				}
			}
		}
		switch {
		case len(partners) == 1:
			return m.fromPartner(p, partners[0], fmt.Sprintf("IBAN %s is %s's", iban.Paper(), partners[0]))
		case len(hits) == 1:
			return m.pay(p, hits[0].partner, []*docRef{hits[0].doc}, ExactAmount, fmt.Sprintf("IBAN %s is %s's; %s is its only open document of %s",
				iban.Paper(), hits[0].partner, hits[0].doc.number, e.Amount.Abs().French()))
		}
		p.Reason = fmt.Sprintf("ambiguous: IBAN %s is the account of %s; ", iban.Paper(), strings.Join(partners, ", "))
	}
	return false
}

// byCounterpartyName: the counterparty's name, as the bank gives it, is
// one partner's (partyName.key: "SARL DUPONT & FILS" is "Dupont et Fils"), and
// it is what identifies the entry (nameParties: no partner holds its
// IBAN, nor is it the company's own, and it has one counterparty) — a
// transfer from an account the book does not know yet, a CFONB 120
// statement that carries the name only. A name as long as a bank's field
// (mayBeCut) may be one the bank cut: the partners whose names it
// begins, word by word, the last maybe cut ("SARL DUPONT ET FILS
// MENUISERIE GENE" is "Dupont et Fils Menuiserie Générale SARL"), are as
// much its own as one whose whole name it is; one alone is it. The
// partner is then matched as one known by its IBAN is: its one open
// document of the amount within the date window, else forPartner. Two
// partners of one name are ambiguous. Rules.NoCounterpartyNames turns it
// off.
func (m *importMatcher) byCounterpartyName(p *ImportedProposal) bool {
	e := p.ImportedEntry
	name, partners, cut := m.nameParties(e)
	is := "is the name of"
	if cut {
		is = "begins the name of"
	}
	switch {
	case len(partners) > 1:
		p.Reason += fmt.Sprintf("ambiguous: %q %s %s; ", name, is, strings.Join(partners, ", "))
		return false
	case len(partners) == 0:
		return false
	case cut:
		return m.fromPartner(p, partners[0], fmt.Sprintf("%q begins %s's name, cut by the bank", name, partners[0]))
	}
	return m.fromPartner(p, partners[0], fmt.Sprintf("%q is %s's name", name, partners[0]))
}

// byTextName, the last rule: an entry whose bank gives no counterparty's
// name, from an account no partner holds, names its partner in its texts
// (remittanceName). A name written in a text is weaker evidence than an
// account or a name the bank gives: it pays only that partner's waiting
// payment of the amount, or its one open document of the amount within
// the date window; nothing else is proposed on a name alone. It comes
// after every rule that reads a reference, an amount or a waiting payment.
// Two partners named are ambiguous. Rules.NoCounterpartyNames turns it off.
func (m *importMatcher) byTextName(p *ImportedProposal) bool {
	named := m.remittanceName(p.ImportedEntry)
	if len(named) == 1 && named[0].mention {
		p.Reason += fmt.Sprintf("the text's %q may begin a longer name than %s's; ", named[0].written, named[0].code)
		return false
	}
	switch {
	case len(named) > 1:
		var says []string
		for _, n := range named {
			says = append(says, fmt.Sprintf("%q names %s", n.written, n.code))
		}
		p.Reason += "ambiguous: in the text " + strings.Join(says, ", ") + "; "
		return false
	case len(named) == 0:
		return false
	}
	e, partner := p.ImportedEntry, named[0].code
	whose := fmt.Sprintf("the text's %q is %s's name", named[0].written, partner)
	if m.clearWaiting(p, partner, "", false, whose+"; its", "") {
		return true
	}
	var hits []*docRef
	if !m.rules.NoExactAmount {
		for _, d := range m.byParty[partner] {
			if m.open(d, e.Amount) && d.residual.Abs().Equal(e.Amount.Abs()) && m.inWindow(d, e) {
				hits = append(hits, d)
			}
		}
	}
	if len(hits) != 1 {
		p.Reason += fmt.Sprintf("%s, with %d open documents of %s: a name in a text pays only one; ", whose, len(hits), e.Amount.Abs().French())
		return false
	}
	return m.pay(p, partner, hits, ExactAmount, fmt.Sprintf("%s; %s is its only open document of %s", whose, hits[0].number,
		e.Amount.Abs().French()))
}

// clearWaiting clears the partner's payment waiting for the bank of the
// entry's amount (waitingOfPartner: on account, lettered with nothing
// when onAccount), when the exact-amount rule is on and there is one: the
// bank shows it. The reason is lead, "payment BQ/… waits of 500,00 €",
// then tail.
func (m *importMatcher) clearWaiting(p *ImportedProposal, partner, account string, onAccount bool, lead, tail string) bool {
	if m.rules.NoExactAmount {
		return false
	}
	w, ok := m.waitingOfPartner(p.Amount, partner, account, onAccount)
	if !ok {
		return false
	}
	return m.clear(p, []journal.ID{w.id}, ExactAmount, fmt.Sprintf("%s payment %s waits of %s%s", lead, w.number, p.Amount.French(), tail))
}

// fromPartner matches an entry known to come from partner (whose says
// how): the partner's payment waiting of that amount, which the bank
// shows (paying an invoice with the money instead would leave that
// payment waiting for ever); else its one open document of the amount
// within the date window; several: the partner's account, to letter;
// none: forPartner's rules.
func (m *importMatcher) fromPartner(p *ImportedProposal, partner, whose string) bool {
	e := p.ImportedEntry
	if m.clearWaiting(p, partner, "", false, whose+"; its", "") {
		return true
	}
	var hits []*docRef
	for _, d := range m.byParty[partner] {
		if !m.rules.NoExactAmount && m.open(d, e.Amount) && d.residual.Abs().Equal(e.Amount.Abs()) && m.inWindow(d, e) {
			hits = append(hits, d)
		}
	}
	switch len(hits) {
	case 0:
		return m.forPartner(p, partner, whose)
	case 1:
		return m.pay(p, partner, hits, ExactAmount, fmt.Sprintf("%s; %s is its only open document of %s", whose, hits[0].number,
			e.Amount.Abs().French()))
	}
	p.Target, p.Matched, p.Confidence = ImportedTarget{Partner: partner, Account: m.partnerAccount(partner)}, true, ExactAmount
	p.Reason = fmt.Sprintf("%s; %d open documents of %s: posted to its account, to letter", whose, len(hits), e.Amount.Abs().French())
	return true
}

// open reports whether a document is still free to propose and settled
// by money of amount's sign and currency.
func (m *importMatcher) open(d *docRef, amount currency.Amount) bool {
	return !m.taken[d.id] && settles(amount, d) && d.residual.Currency() == amount.Currency()
}

// inWindow reports whether a document is dated within the rules' date
// window of the entry's booking date.
func (m *importMatcher) inWindow(d *docRef, e ImportedEntry) bool {
	days := e.BookingDate.DaysSince(d.date)
	return days <= m.rules.window() && -days <= m.rules.window()
}

// forPartner matches an entry from the one partner its counterparty's
// account belongs to, or whose name it has (whose says which), with no
// single document of its amount, by the rules
// of automatic lettering in their order: its payment waiting of that
// amount; a combination of its documents within the date window; oldest
// due first when the rules allow; before them, one invoice asking the
// amount with its early-payment discount; one document, or a combination, within
// the tolerance; else its account. Documents are taken on one account: the
// direction's (receivables for money in) when the partner has some there.
func (m *importMatcher) forPartner(p *ImportedProposal, partner, whose string) bool {
	e := p.ImportedEntry
	docs := m.partnerDocs(partner, e.Amount)
	var recent []*docRef // within the date window, for the amount rules
	for _, d := range docs {
		if m.inWindow(d, e) {
			recent = append(recent, d)
		}
	}
	amount := e.Amount.Abs()
	if m.clearWaiting(p, partner, "", false, whose+"; its", "") {
		return true
	}
	// A document of exactly the amount is the exact-amount rule's, which
	// is off here (it takes a single one before this): no combination or
	// write-off takes the money in its place.
	var exact []*docRef
	for _, d := range recent {
		if d.residual.Abs().Equal(amount) {
			exact = append(exact, d)
		}
	}
	if len(exact) > 0 {
		p.Target, p.Matched, p.Confidence = ImportedTarget{Partner: partner, Account: m.partnerAccount(partner)}, true, ExactAmount
		p.Reason = fmt.Sprintf("%s; %s of exactly %s, but the exact-amount rule is off: posted to its account, to letter", whose,
			numbersOf(exact, ", "), amount.French())
		return true
	}
	// One invoice asking the amount with its early-payment discount, in
	// time: the exact-amount rule's second pass, as automatic lettering's.
	if !m.rules.NoExactAmount && !m.rules.NoDiscount {
		var disc []*docRef
		for _, d := range recent {
			if _, ok := m.discount(d, e.Amount, e.BookingDate); ok {
				disc = append(disc, d)
			}
		}
		switch {
		case len(disc) == 1:
			d, o := disc[0], disc[0].offer
			m.pay(p, partner, disc, ExactAmount, fmt.Sprintf("%s; %s is its only open document asking %s with its early-payment discount: "+
				"%s owed, discount of %s offered until %s taken", whose, d.number, amount.French(), d.residual.Abs().French(),
				o.Amount.French(), o.Until.French()))
			p.Target.EarlyDiscount = true
			return true
		case len(disc) > 1:
			p.Target, p.Matched, p.Confidence = ImportedTarget{Partner: partner, Account: m.partnerAccount(partner)}, true, ExactAmount
			p.Reason = fmt.Sprintf("%s; ambiguous: %s ask %s with their early-payment discount: posted to its account, to letter", whose,
				numbersOf(disc, ", "), amount.French())
			return true
		}
	}
	limited := false
	if !m.rules.NoCombination && m.rules.combination() >= 2 {
		pick, stopped := m.combination(recent, amount, 0)
		limited = limited || stopped
		if pick != nil {
			return m.pay(p, partner, pick, Combination, fmt.Sprintf("%s; %s sum to %s", whose, numbersOf(pick, " + "), amount.French()))
		}
	}
	if m.rules.OldestFirst && len(docs) > 0 {
		return m.oldestFirst(p, partner, docs, whose)
	}
	if !m.rules.NoTolerance {
		if m.withinTolerance(p, partner, recent, whose, &limited) {
			return true
		}
	}
	p.Target, p.Matched, p.Confidence = ImportedTarget{Partner: partner, Account: m.partnerAccount(partner)}, true, ExactAmount
	p.Reason = fmt.Sprintf("%s; no open document or combination of %s: posted to its account, to letter", whose, amount.French())
	if limited {
		p.Reason += fmt.Sprintf(" (the combination search stopped after %d candidate sets: the work limit)", m.rules.workLimit())
	}
	return true
}

// partnerDocs returns a partner's documents the entry's money settles,
// free to propose, on one account — the direction's when it has some —,
// in due order: a lettering never spans receivables and payables.
func (m *importMatcher) partnerDocs(partner string, amount currency.Amount) []*docRef {
	preferred := m.r.cfg.Receivable
	if amount.Sign() < 0 {
		preferred = m.r.cfg.Payable
	}
	var docs []*docRef
	account := ""
	for _, d := range m.byParty[partner] {
		if !m.open(d, amount) {
			continue
		}
		if account == "" || (d.account == preferred && account != preferred) {
			if account != d.account {
				docs = docs[:0]
			}
			account = d.account
		}
		if d.account == account {
			docs = append(docs, d)
		}
	}
	slices.SortStableFunc(docs, func(a, b *docRef) int { return cmp.Compare(a.due.Key(), b.due.Key()) })
	return docs
}

// withinTolerance proposes one document, else a combination, of a few
// cents more or less than the entry, the difference written off.
func (m *importMatcher) withinTolerance(p *ImportedProposal, partner string, docs []*docRef, whose string, limited *bool) bool {
	amount := p.Amount.Abs()
	tol := m.rules.tolerance(&m.r.cfg, amount.Currency())
	if tol <= 0 {
		return false
	}
	var near []*docRef
	for _, d := range docs {
		if diff := mustSub(d.residual.Abs(), amount).Abs(); !diff.IsZero() && m.writable(diff) {
			near = append(near, d)
		}
	}
	pick := near
	if len(near) == 1 {
		// Another line of the statements within the tolerance of that
		// document makes it a person's choice which settles it, and what
		// is written off.
		if rival, ok := m.toleranceRival(p.ImportedEntry, partner, near[0], tol); ok {
			p.Target, p.Matched, p.Confidence = ImportedTarget{Partner: partner, Account: m.partnerAccount(partner)}, true, WithinTolerance
			p.Reason = fmt.Sprintf("%s; ambiguous: the line of %s of %s is within %s of %s too: posted to its account, to letter", whose,
				rival.BookingDate, rival.Amount.French(), currency.FrenchMinor(amount.Currency(), tol), near[0].number)
			return true
		}
	}
	if len(near) != 1 {
		pick = nil
		if !m.rules.NoCombination && m.rules.combination() >= 2 {
			var stopped bool
			pick, stopped = m.combination(docs, amount, tol)
			*limited = *limited || stopped
		}
	}
	if pick == nil {
		return false
	}
	owed := currency.Zero(amount.Currency())
	for _, d := range pick {
		owed = mustAdd(owed, d.residual.Abs())
	}
	diff := mustSub(owed, amount).Abs()
	if !m.rules.writesOff(amount, owed) {
		m.pay(p, partner, pick, WithinTolerance, fmt.Sprintf("%s; %s owe %s, %s overpaid stays as an outstanding credit", whose,
			numbersOf(pick, " + "), owed.French(), diff.French()))
		return true
	}
	m.pay(p, partner, pick, WithinTolerance, fmt.Sprintf("%s; %s owe %s, %s difference written off", whose, numbersOf(pick, " + "),
		owed.French(), diff.French()))
	p.Target.WriteOff = !diff.IsZero()
	return true
}

// toleranceRival returns another imported entry, from an account of
// partner, within tol minor units of document d.
func (m *importMatcher) toleranceRival(e ImportedEntry, partner string, d *docRef, tol int64) (ImportedEntry, bool) {
	owed, ok := d.residual.Abs().MinorUnits()
	if !ok {
		return ImportedEntry{}, false
	}
	for _, o := range m.entries {
		if o.Statement == e.Statement && o.Ref == e.Ref {
			continue // e itself: a statement's references are unique (ImportStatement refuses twice the same)
		}
		if o.Amount.Currency() != e.Amount.Currency() || o.Amount.Sign() != e.Amount.Sign() {
			continue
		}
		n, ok := o.Amount.Abs().MinorUnits()
		if !ok || abs64(n-owed) > tol || !m.inWindow(d, o) || m.namesOther(o, d) {
			continue // no rival: too far, or settled by another thing it names
		}
		for _, iban := range counterparties(o) {
			if slices.Contains(m.ibans[string(iban)], partner) {
				return o, true
			}
		}
	}
	return ImportedEntry{}, false
}

// namesOther reports whether an imported entry's texts name, for certain,
// something other than document d that the reference rules settle it
// with: an open document its money settles, a payment of its amount in
// payment of a named document, or, by end-to-end id, a payment waiting.
// Naming d itself makes it d's likelier match, a rival all the more.
func (m *importMatcher) namesOther(e ImportedEntry, d *docRef) bool {
	texts := []string{e.Label}
	for _, tx := range e.Transactions {
		if len(m.endToEnd(tx, e.Amount.Currency())) == 1 { // one that byEndToEnd takes
			return true
		}
		texts = append(texts, tx.Remittance, tx.CreditorRef)
	}
	var tokens []refToken
	for _, text := range texts {
		tokens = refTokens(text, tokens[:0])
		for _, tok := range tokens {
			if ds := m.docs[tok.text]; len(ds) == 1 && ds[0] != d && settles(e.Amount, ds[0]) && ds[0].residual.Currency() == e.Amount.Currency() {
				return true
			}
			for _, w := range m.paidBy[tok.text] {
				if w.amount.Equal(e.Amount) {
					return true
				}
			}
		}
	}
	return false
}

func numbersOf(docs []*docRef, sep string) string {
	numbers := make([]string, len(docs))
	for i, d := range docs {
		numbers[i] = d.number
	}
	return strings.Join(numbers, sep)
}

// combination returns documents, in due order, whose residuals sum to
// amount give or take tol minor units, the earliest due first, within the
// rules' size and work limit, and whether the work limit stopped the
// search.
func (m *importMatcher) combination(docs []*docRef, amount currency.Amount, tol int64) ([]*docRef, bool) {
	target, ok := amount.MinorUnits()
	if !ok || len(docs) < 2 {
		return nil, false
	}
	cands := make([]*cand, 0, len(docs))
	for _, d := range docs {
		n, ok := d.residual.Abs().MinorUnits()
		if !ok {
			return nil, false
		}
		cands = append(cands, &cand{amt: n, due: d.due})
	}
	pick, limited := combine(cands, target-tol, target+tol, 2, m.rules.combination(), m.rules.workLimit(), -1)
	if pick == nil {
		return nil, limited
	}
	out := make([]*docRef, len(pick))
	for i, k := range pick {
		out[i] = docs[k]
	}
	return out, limited
}

// oldestFirst pays a partner's documents in due order until the entry's
// amount is spent: the last one partly, or what is left over unallocated
// on its account.
func (m *importMatcher) oldestFirst(p *ImportedProposal, partner string, docs []*docRef, whose string) bool {
	left := p.Amount.Abs()
	var pay []*docRef
	for _, d := range docs {
		if left.Sign() <= 0 {
			break
		}
		pay = append(pay, d)
		left = mustSub(left, d.residual.Abs())
	}
	numbers := make([]string, len(pay))
	for i, d := range pay {
		numbers[i] = d.number
	}
	reason := fmt.Sprintf("%s; oldest due first: %s", whose, strings.Join(numbers, ", "))
	if left.Sign() < 0 {
		reason += fmt.Sprintf(" (%s left on the last)", left.Neg().French())
	} else if left.Sign() > 0 {
		reason += fmt.Sprintf(" (%s unallocated)", left.French())
	}
	return m.pay(p, partner, pay, OldestFirst, reason)
}
