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
// partner): AAA … ZZZ, AAAA …, from a counter, never reused. An open group
// shows ProvisionalCode instead.
//
// Every operation is one atomic book transaction and carries an operation
// id: a retry with the same id and request returns the first Result
// (Replay), another request under the same id fails with
// ErrIdempotencyConflict. Refused requests return a typed error and write
// nothing.
//
// Foreign-currency lines letter with realised exchange differences per
// partial; Revalue revalues open foreign items at a closing rate. Cash-basis
// VAT (TVA sur encaissements) follows every payment, credit note, clearing
// or write-off of an invoice with on-payment taxes: cumulative shares move
// from the transition to the final account, so the transition account ends
// at zero. Payment.EarlyDiscount takes an escompte on the first payment
// (PreviewPayment shows it first). VATReport, CashBasisPayments,
// LetteringList, Summary and Statement are the reports.
//
// Undoing is append-only: Detach and Unletter tombstone partials and
// matches with the operation that undid them, reverse exactly the entries
// those partials generated (a write-off, say) at their own date, letter
// each with its reversal, and retire the letter code. CancelPayment
// unletters, reverses and letters a payment with its reversal.
//
// # Caveats
//
// Payment states are derived when read, from the lettering of each
// payment's own lines, so changing a journal's settings later does not
// rewrite history. The Reconciler keeps no state of its own: several may
// share a book. An entry lettered with its own reversal stays lettered
// (ErrReversalPair). An early-payment discount on an invoice with
// instalments is taken on its last instalment.
package reconcile
