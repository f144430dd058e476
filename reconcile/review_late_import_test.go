package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Two suppliers whose invoices carry the same number (their own numbering:
// F1's and F2's bills both have Ref "F2026-001", 100.00). F1's bill is in
// payment (a transfer of 100.00 waits on 512200); F2's is open. The bank
// line: -100.00 to F2's IBAN, remittance "Facture F2026-001".
//
// Expected (as before b851b57): the line pays F2's open bill, which its
// remittance names and its counterparty IBAN is F2's; F1's payment stays
// waiting.
// Observed: notePaid now indexes waiting payments by their documents'
// Ref, and byNamedPaid runs first and checks neither the counterparty nor
// the partner: the line clears F1's payment ("names F2026001, lettered with
// payment BNP/2026/00001 waiting"). F1's payment is marked cleared by a
// transfer that went to F2, and F2's bill stays open. A document's Ref is
// the partner's number, not unique across partners, unlike its Name.
func TestReviewLateImportSharedSupplierRefClearsAnotherSupplierPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "F1", Name: "Fournisseur Un", BankAccounts: []ledger.BankAccount{{IBAN: "NL91ABNA0417164300"}}}))
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "F2", Name: "Fournisseur Deux", BankAccounts: []ledger.BankAccount{{IBAN: "IT60X0542811101000000123456"}}}))
		b1 := rrBill(t, f, "F1", d(3, 1), d(3, 31), "100.00", "F2026-001")
		b2 := rrBill(t, f, "F2", d(3, 2), d(3, 31), "100.00", "F2026-001")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "F1", Journal: "BNP", Date: d(3, 10),
			Method: reconcile.MethodTransfer, Invoices: []journal.ID{b1.ID}})
		require.NoError(t, err)
		pay := res.Entries[0]
		props := b.imports(t, d(3, 12), reconcile.Rules{}, rvEntry{amount: "-100.00", iban: "IT60X0542811101000000123456", remittance: "Facture F2026-001"})
		require.Len(t, props, 1)
		assert.NotContains(t, props[0].Target.Payments, pay.ID, rvDescribe(props[0]))
		assert.Equal(t, []journal.ID{b2.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
	})
}

// Invoice V1 of K1 owes 100.00. One statement, two lines from K1's IBAN:
// A +100.03 naming nothing, then B +99.98 whose remittance names V1.
//
// Expected: B pays V1 by reference (what it names); A is not lettered with
// V1 — at most it is "ambiguous" (B is within the tolerance of V1 too).
// Before b851b57 B was a rival and A was posted to K1's account; B then
// paid V1 by reference.
// Observed: namesSomething(B) is true (B names V1), so B is no rival for
// the tolerance rule: A, processed first, takes V1 ("owe 100,00 €, 0,03 €
// overpaid"), and B, whose document is now taken, is posted to K1's
// account "no open document … of 99,98 €". namesSomething excludes a line
// whatever it names — here the very document in question.
func TestReviewLateImportRivalNamingTheDocumentLosesIt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "100.00")
		props := b.imports(t, d(3, 12), reconcile.Rules{}, rvEntry{amount: "100.03", iban: rvK1IBAN}, rvEntry{amount: "99.98", iban: rvK1IBAN, remittance: v1.Name()})
		require.Len(t, props, 2)
		assert.NotContains(t, props[0].Target.Invoices, v1.ID, rvDescribe(props[0]))
		assert.Equal(t, []journal.ID{v1.ID}, props[1].Target.Invoices, rvDescribe(props[1]))
	})
}

// Invoice V1 of K1 owes 100.00; K1 also has an open credit note CN of
// 30.00. Two lines from K1's IBAN: A +100.03 naming nothing, B +99.98
// naming CN (a receipt cannot settle a credit note: byNamedDocuments skips
// it, `settles` is false).
//
// Expected: B is a rival for V1 (no reference settles it), so A is not
// lettered with V1 (ambiguous, left to a person), as before b851b57.
// Observed: namesSomething counts any token naming a document, whether or
// not that document can take the line: B is no rival, A takes V1 with
// 0.03 overpaid, B goes to K1's account.
func TestReviewLateImportRivalNamingACreditNoteStillARival(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "100.00")
		cn := f.creditNote(t, "K1", d(3, 2), "30.00")
		props := b.imports(t, d(3, 12), reconcile.Rules{}, rvEntry{amount: "100.03", iban: rvK1IBAN}, rvEntry{amount: "99.98", iban: rvK1IBAN, remittance: cn.Name()})
		require.Len(t, props, 2)
		assert.NotContains(t, props[0].Target.Invoices, v1.ID, rvDescribe(props[0]))
	})
}
