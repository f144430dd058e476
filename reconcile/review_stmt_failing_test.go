package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// A customer pays 40 € of a 100 € invoice; the payment P (40 €) is
// registered, lettered with the invoice (partial, residual 60 €) and waits
// on 512100. The statement line of 40 € names the invoice.
//
// Expected (DESIGN §11 rule 1: a reference names "an invoice number or a
// payment"; 61ed23e: "a line naming an invoice in payment clears its
// waiting payment"; Odoo's invoice matching takes the outstanding payment
// line of the exact amount among the candidates the memo names): the line
// clears P; the invoice keeps 60 € due; nothing is counted twice.
//
// Observed: byNamedPaid runs only when no OPEN document is named; the
// partly paid invoice is open, so the line is proposed to pay it again
// ("names VT/2026/00001 of K1"). Applied, the customer has paid 80 € of
// the invoice (40 € twice) while the bank moved 40 €, and P stays on
// 512100 for ever.
func TestReviewStmtPartlyPaidInvoiceNamedClearsItsPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "100.00")
		p := b.receiveRef(t, "K1", d(3, 10), "40.00", "", v1)
		require.Equal(t, reconcile.Partial, f.state(t, v1).State)
		props := b.imports(t, d(3, 12), reconcile.Rules{}, rvEntry{amount: "40.00", iban: rvK1IBAN, remittance: "Acompte " + v1.Name()})
		require.Len(t, props, 1)
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{p.ID}}, props[0].Target,
			"the line shows %s, lettered with %s and waiting of 40 €: %s", p.Name(), v1.Name(), rvDescribe(props[0]))
	})
}

// A supplier bill carries the supplier's own invoice number as its
// reference (FA-2026-117); our transfer P of 250 € is registered and
// lettered with the bill (in payment) and waits on 512200. The bank line
// of -250 € carries the remittance we sent: the supplier's number.
//
// Expected (61ed23e: a line naming a document in payment clears its
// waiting payment; the documents the reference rule looks for are
// indexed by number AND external reference in newImportMatcher.doc — an
// open bill is found by "FA-2026-117"): the line clears P.
//
// Observed: notePaid indexes the lettered documents by d.Name() only, so
// the supplier's reference clears nothing; the line falls to the amount
// rules (here: the one payment waiting of -250 €, ExactAmount) or, with a
// second outgoing payment of 250 € waiting, is left unmatched
// ("ambiguous: 2 payments waiting").
func TestReviewStmtSupplierReferenceClearsWaitingPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		bill := f.post(t, journal.Entry{Journal: "AC", Date: d(3, 1), Type: journal.TypeInvoice, Ref: "FA-2026-117", Lines: []journal.Line{
			{Account: "401000", Partner: "S1", Balance: e("-250.00")},
			{Account: "607000", Balance: e("250.00")},
		}})
		other := f.bill(t, "S1", d(3, 2), "250.00")
		pay := func(x journal.Entry) journal.Entry {
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNP", Date: d(3, 10),
				Method: reconcile.MethodTransfer, Amount: e("250.00"), Invoices: []journal.ID{x.ID}})
			require.NoError(t, err)
			return res.Entries[0]
		}
		p := pay(bill)
		pay(other)
		require.Equal(t, reconcile.InPayment, f.state(t, bill).State)
		props := b.imports(t, d(3, 12), reconcile.Rules{}, rvEntry{amount: "-250.00", remittance: "FA-2026-117"})
		require.Len(t, props, 1)
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{p.ID}}, props[0].Target,
			"the line names FA-2026-117, the bill %s paid by %s: %s", bill.Name(), p.Name(), rvDescribe(props[0]))
	})
}

// K1 owes V1 100.00 € and V2 99.96 €. Line A (99.96 €, K1's IBAN) names
// V2 in its remittance; line B (100.04 €, K1's IBAN, no remittance) is
// within the 0.05 € tolerance of V1 only (0.08 € off V2).
//
// Expected (DESIGN §11: "each rule only on what the previous left" — the
// tolerance rule runs after the reference rule; automatic lettering's
// rival check counts only payers not taken, c787286): A pays V2 by
// reference and is no rival for V1; B pays V1 (0.04 € overpaid or
// written off). Statement order must not matter.
//
// Observed: in either order, toleranceRival counts A (a line the
// reference rule settles with another document — already taken when A
// comes first) as a rival of V1: B is posted to K1's account "ambiguous:
// the line of 2026-03-12 of 99,96 € is within 0,05 € of VT/2026/00001
// too", and V1 stays open. toleranceRival looks at every open imported
// entry, matched or not.
func TestReviewStmtToleranceRivalMatchedByReferenceDoesNotBlock(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "100.00")
		v2 := f.invoice(t, "K1", d(3, 2), "99.96")
		props := b.imports(t, d(3, 12), reconcile.Rules{},
			rvEntry{amount: "100.04", iban: rvK1IBAN},
			rvEntry{amount: "99.96", iban: rvK1IBAN, remittance: "Facture " + v2.Name()})
		require.Len(t, props, 2)
		assert.Equal(t, []journal.ID{v2.ID}, props[1].Target.Invoices, rvDescribe(props[1]))
		assert.Equal(t, []journal.ID{v1.ID}, props[0].Target.Invoices,
			"the other line pays %s by reference; %s is within tolerance of this line only: %s", v2.Name(), v1.Name(), rvDescribe(props[0]))

		// The reference line first.
		w1 := f.invoice(t, "K2", d(3, 1), "100.00")
		w2 := f.invoice(t, "K2", d(3, 2), "99.96")
		props = b.imports(t, d(3, 13), reconcile.Rules{},
			rvEntry{amount: "99.96", iban: rvK2IBAN, remittance: "Facture " + w2.Name()},
			rvEntry{amount: "100.04", iban: rvK2IBAN})
		require.Len(t, props, 4)
		assert.Equal(t, []journal.ID{w2.ID}, props[2].Target.Invoices, rvDescribe(props[2]))
		assert.Equal(t, []journal.ID{w1.ID}, props[3].Target.Invoices,
			"the line before pays %s by reference: %s", w2.Name(), rvDescribe(props[3]))
	})
}

// K1 owes V1 100.00 € (dated 1 March). Line A (99.98 €, K1's IBAN) comes on
// 12 March; line B (99.99 €, K1's IBAN) on 15 November, in a later
// statement still open — 259 days after V1, outside the 120-day date
// window of the amount rules.
//
// Expected (DESIGN §11 rule 2's date window, which forPartner applies to
// the tolerance rule's candidates; automatic lettering's rival check
// requires g.within(q, t)): B cannot settle V1 by tolerance, so it is no
// rival: A pays V1 with a 0.02 € write-off.
//
// Observed: toleranceRival checks no date window; B blocks A ("ambiguous:
// the line of 2026-11-15 …"), and B itself goes to K1's account: nobody
// pays V1.
func TestReviewStmtToleranceRivalOutsideDateWindow(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "100.00")
		_, err := f.rec.ImportStatement(ctx, b.statement(d(3, 12), rvEntry{amount: "99.98", iban: rvK1IBAN}))
		require.NoError(t, err)
		b.bal = e("99.98")
		props := b.imports(t, d(11, 15), reconcile.Rules{}, rvEntry{amount: "99.99", iban: rvK1IBAN})
		require.Len(t, props, 2)
		assert.Equal(t, []journal.ID{v1.ID}, props[0].Target.Invoices,
			"the November line is outside the date window of %s: %s / %s", v1.Name(), rvDescribe(props[0]), rvDescribe(props[1]))
	})
}
