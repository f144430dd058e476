// Package reconcile letters the lines of a ledger.Book (French lettrage):
// it registers payments, lists outstanding items, matches invoices, credit
// notes and payments partially or fully under letter codes, clears bank
// statement lines, writes off small differences, derives payment states,
// and undoes any of it exactly.
//
// # Basics
//
//	r, _ := reconcile.New(ctx, book, reconcile.Config{
//		Tolerance: []currency.Amount{currency.MustParse(eur, "0.05")}})
//	res, err := r.RegisterPayment(ctx, reconcile.Payment{
//		Operation: opID, Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
//		Date: paidOn, Amount: amount, Method: reconcile.MethodCheque,
//		Invoices: []journal.ID{invoice.ID}})
//	st, _ := r.State(ctx, invoice.ID) // partial, in_payment, paid…
//	_, err = r.Detach(ctx, undoID, res.Entries[0].LineRef(0))
//
// Reconcile pairs debit and credit residuals of lines of one account (and
// one partner on receivable and payable accounts), in due-date order, each
// pair a Partial dated at its later line. When a connected group reaches
// zero it becomes a Match named by the next letter code of its (account,
// partner): AAA … ZZZ, AAAA …, from a counter, never reused (PostAndLetter
// may ask for a code never given, as a book moved from another keeps
// its codes: the counter then moves past it). Lines of a
// closed fiscal year lettered after its closing are lettered the day after
// it: the closed year's files show its lettering as it stood at its
// closing (a match of the closed year unlettered later still shows in its
// FEC), and its opening entries carried the lines as open. A lock date of
// an open year never blocks or moves lettering. An open group
// shows ProvisionalCode instead.
//
// Every operation is one atomic book transaction and carries an operation
// id: a retry with the same id and request returns the first Result
// (Replay), another request under the same id fails with
// ErrIdempotencyConflict. Refused requests return a typed error and write
// nothing.
//
// Everything about a document — an invoice, a credit note, a payment — is
// decided on its receivable or payable lines in its own currency: what it
// owes, whether it is settled (a SEK invoice still owing 0.01 SEK is not,
// even when the cent is worth 0.00 EUR), which side it is on. States,
// statements, payments, write-offs, discounts, cash basis and the reports
// share that one notion.
//
// Foreign-currency lines letter with realised exchange differences per
// partial: each side is valued in the reconciliation currency at its own
// rate — a company-currency invoice at the booked rate of the payment that
// pays it, or at a rate agreed with the bank (Payment.AgreedRate) — and a
// side that drops more than the other gets an exchange line, so that the
// outcome does not depend on the order lines are lettered in: every
// balance, the exchange result as one figure (loss less gain). Lettered
// in parts with cash-basis VAT, the VAT due is the tax of what was paid
// rounded once, the same in every order; the share lettered second takes
// the first's rounding, and a cent of that result may show as a gain in
// one order and as less of a loss in another. Cents worth
// nothing in the other currency (dust) are cleared by a line of their own.
// Revalue revalues the foreign items open at a closing date, as they stood
// then; while the revaluation stands, a lettering or unlettering dated on
// or before that date that would change them is refused (ErrRevalued):
// take it back first (Revaluation.Undo). Amounts may be in units of account that are not ISO currencies
// (currency.NewUnit, ledger.Book.AddUnit). Cash-basis VAT (TVA sur
// encaissements) follows every payment, credit note, clearing or write-off
// of an invoice with on-payment taxes: cumulative shares move from the
// transition to the final account, at the rate the payment paid at, and
// once the invoice is settled — whatever settled it, an exchange line
// included — the transition account is at zero for it in both currencies.
// A write-off to the loss or gain account is no money received or paid:
// the tax share it clears goes with the loss or gain, not to the final
// account, and its base is not reported (VAT on payments is due on what
// was received): once it settles the invoice, the final account holds for
// it round(tax × (total − written off) / total), even when a payment
// detached on the way left another share a cent high. WriteOffBadDebt writes off a customer's debt as lost
// (654000): the VAT on debits of the lost part comes back off 445710, and
// the VAT on receipts waiting for it goes with the loss, none of it due.
// MoveToDoubtful moves a doubtful debt to 416000 first (no payment
// either: its tax waits for the money received there), and
// WriteOffBadDebt of the invoice then writes it off from there; a
// transfer of a debt between receivable accounts posted by hand is no
// payment for automatic lettering either.
// A bill of exchange is no payment: the invoices it takes over owe their
// tax when the bill is collected, in proportion to what the bank paid of
// it. A bill returned unpaid (its debt put back on the customer's
// account), renewed (lettered with a new bill) or discounted (moved to a
// lettered bills-discounted account with no partner, 5114) makes nothing
// due; the money that pays the debt where it went does: the transfer
// paying the debt put back, the new bill's collection, the bank's
// confirmation at maturity clearing 5114 (Dr 519 / Cr 5114).
// Payment.EarlyDiscount takes an escompte on the first payment
// (PreviewPayment shows it first). A customer's credit note is refunded by
// an outbound payment naming it (a supplier's, by an inbound one); named
// beside the invoices a receipt pays ("FA-1 less AV-2"), it is set off
// against them and the receipt pays the rest (Payment.Invoices), as for
// a statement line.
// VATReport, CashBasisPayments, LetteringList, Summary and Statement are
// the reports; they show each document in its own currency with the
// company amount beside it.
//
// Undoing is append-only: Detach and Unletter tombstone partials and
// matches with the operation that undid them, reverse exactly the entries
// those partials generated (a write-off, say) at their own date, letter
// each with its reversal, and retire the letter code. CancelPayment
// unletters, reverses and letters a payment with its reversal.
//
// # Automatic lettering
//
// Propose finds letterings by itself and writes nothing; Apply letters a
// set of proposals; AutoLetter does both in one call, a chunk at a time:
//
//	props, _ := r.Propose(ctx, reconcile.Scope{Accounts: []string{"411000"}}, reconcile.Rules{})
//	for _, p := range props.Proposals {
//		fmt.Println(p.Rule, p.Confidence, p.Reason)
//		// reference exact_reference payment BQ/2026/00012 reference "VT/2026/00031"
//		//   = invoice number VT/2026/00031; amount 1 200,00 € equal
//	}
//	applied, _ := r.Apply(ctx, opID, props.Proposals) // one outcome per proposal
//
// The rules run in order, each on what the earlier ones left: the
// payment's reference or label names a document's number or reference
// (also as an ISO 11649 creditor reference, see CreditorReference),
// compared in upper case without spaces, dashes or slashes, or by its
// digits alone when they are those of one invoice or credit note only
// ("Facture 2026-00197" names VT/2026/00197; Rules.NoReferenceDigits
// turns it off), or a refund's
// names the credit note it pays back (a credit note the payment names
// beside the invoices it pays is lettered with them first, and the
// payment pays the rest; a payment naming, as written, only an invoice
// nothing is owed on any more — paid by other payments, or cancelled — is
// left unmatched with that reason, for no other rule to spend); one
// payment and one document of the same amount, each the other's only
// candidate within a date window (two candidates: no proposal, and the
// payment is listed unmatched as "ambiguous"); a combination of up to six
// documents summing exactly to a payment (net of open credit notes, which
// count towards the six, when the documents alone do not), or of payments
// summing to a document, found by a search bounded by a work limit that is
// reported when reached, and last a partner's open items of one currency
// that sum to zero, several payments and several documents (up to seven
// lines, within the date window), lettered together; oldest due first, a
// policy the caller turns on; and a
// difference within the write-off tolerance, proposed with its write-off
// when the payment pays less (what a payment pays over stays on it as an
// outstanding credit unless Rules.WriteOffOverpayment), and a document's
// remainder within it, once its payments are lettered, written off alone.
// A payment of what an invoice owes less the early-payment discount the
// invoice offers (journal.Entry.DiscountOffer, set from its payment
// terms), dated by the offer's last day, is lettered with it by reference
// (a payment naming several invoices takes the discount of each it pays
// in time), when the only such invoice by amount, or with others by
// combination (each invoice offering one in time counted less it), and
// Apply posts the discount
// as the rectifying entry Payment.EarlyDiscount makes (Proposal.Discount;
// Rules.NoDiscount turns it off). Only a first payment takes it, on an
// invoice of one instalment: an invoice owing exactly the payment is the
// likelier match and wins.
// Receivable and payable accounts are lettered per partner; outstanding,
// suspense and transfer accounts across partners. The same book gives the
// same proposals in the same order, and a line is in one proposal at most.
// Apply re-reads every proposal and refuses one whose lines changed since
// (ErrStale) without stopping the others.
//
// Aged gives the aged balance (balance âgée) at any date, exact for past
// dates; Partners walks the partners with open items one at a time, with
// their proposals, for a screen that letters partner by partner.
//
// Dunning lists the customers with invoices overdue at a date, the
// reminder level (relance, up to the mise en demeure) each invoice — each
// instalment — has reached, what is owed per currency net of credits, and
// the letter due now, at the customer's level; RecordReminder records a
// reminder sent on the lines it claims, so that a run the same day
// proposes nothing new. Neither posts the late-payment penalties or the
// recovery indemnity.
//
// # Banking
//
// A bank journal holds its IBAN (ledger.Journal.IBAN). ImportStatement
// keeps a bank statement (read by package bank from camt.053 or CFONB 120)
// unposted, once, its balances following the previous statement's;
// ProposeImported proposes what each entry pays or clears — our payments
// by end-to-end id (less the bank's fees), a cheque deposit or payment run
// by its total (a run the bank names by its SEPA file's MsgId or PmtInfId,
// BankEntry.Batch, by that name and its total), a bill of exchange at maturity, documents named in the
// remittance or creditor reference (also by their digits, as above), the
// partner by the counterparty's IBAN or, when no partner holds it, by its
// name, or by a partner's name of two words or more written in the
// entry's texts when the bank gives no name (Rules.NoCounterpartyNames),
// the one waiting payment of that
// amount; the payments an entry shows with the charges its bank states
// put back (BankEntry.Charges), those charges to bank fees — and
// ApplyImported or PostImported posts it, lettered; what nothing names goes to the
// suspense account. CloseFiscalYear closes a year as the ledger does, but
// not while an imported entry booked in it is still unposted.
// RunPayments registers a supplier payment run for a
// SEPA file; DepositCheques groups customer cheques; DrawBill moves
// invoices onto a bill of exchange (LCR, BOR); Schedule keeps a payment
// to execute on its date.
//
// # Caveats
//
// The entries the Reconciler generates are labelled in French by default
// ("Règlement C1", "Écart de règlement", "Différence de change", "TVA sur
// encaissements"); Config.Labels changes them (EnglishLabels). Reversals
// take the book's label (ledger.Options.Labels).
//
// Payment states are derived when read, from the lettering of each
// payment's own lines, so changing a journal's settings later does not
// rewrite history. The Reconciler keeps no state of its own: several may
// share a book. An entry lettered with its own reversal stays lettered
// (ErrReversalPair). An early-payment discount on an invoice with
// instalments is taken on its last instalment. An invoice's offer
// (journal.Entry.DiscountOffer) is taken where a payment comes in time
// for it: by automatic lettering, by bank statement matching, and by
// supplier payment runs, which pay such bills less their discount. An agreed rate is part of
// the request that carried it: lettering the same lines again later values
// them at market or booked rates. A rate is a decimal: an agreement such as
// 1 150.00 EUR for 370.00 USD, whose rate does not end, is best booked as
// the payment's company amount.
package reconcile
