package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// A cheque of 360,00 registered against the invoice and deposited alone
// (slip 0000042); S1's entry "REMISE CHEQUES 0000042" clears the receipt.
// In S2 the cheque comes back unpaid (L6) and is presented again naming
// the invoice (L8). The return is of the whole S1 entry, whose money went
// through the outstanding receipts account to the registered receipt.
// Was failing, fixed: reopen reads the partner lines of the statement line itself
// (512000/512100, none), not of the receipt it cleared (paidLines, as
// postReturn does): the invoice stays paid to the matcher, L8 is not
// proposed for it and, applied, the invoice is left NotPaid although the
// bank collected the second presentation. Expected: L8 pays the invoice,
// Paid — reopen's godoc ("makes the documents that money c ... paid owed
// again ... the cheque presented again"), as for a cheque of a deposit of
// two (TestHrev48SecondPresentationAfterAReturnOfAnEarlierStatement).
func TestHrev110ReopenedByReturnOfOneChequeSlipOfEarlierStatement(t *testing.T) {
	t.Parallel()
	f := hrev97Fix(t)
	inv := f.invoice(t, "C1", d(3, 4), "360.00")
	hrev48Deposit(t, f, d(3, 11), hrev48Cheque(t, f, "C1", "4455667", d(3, 10), "", inv))
	dep := reconcile.BankEntry{Ref: "L3", BookingDate: d(3, 17), Amount: e("360.00"), Label: "REMISE CHEQUES 0000042"}
	retApply(t, f, journal.NoID, retImport(t, f, retStatement(t, "S1", "0.00", dep)))
	require.Equal(t, reconcile.Paid, f.state(t, inv).State)
	again := retDeposit(inv.Name(), "360.00")
	again.Ref, again.BookingDate, again.Label = "L8", d(3, 26), "REMISE CHEQUE 4455667 2EME PRESENTATION"
	props := retImport(t, f, retStatement(t, "S2", "360.00", retUnpaid("360.00"), again))
	ret := hrev48Find(t, props, "L6")
	require.NotNil(t, ret.Target.Returns, rvDescribe(ret))
	assert.Contains(t, ret.Reason, inv.Name()+" owed again", rvDescribe(ret))
	l8 := hrev48Find(t, props, "L8")
	assert.Equal(t, []journal.ID{inv.ID}, l8.Target.Invoices, rvDescribe(l8))
	retApply(t, f, journal.NoID, props)
	assert.Equal(t, reconcile.Paid, f.state(t, inv).State, "the second presentation was paid")
	f.check(t)
}

// hrev110Hand posts S1's cheque L3 of 360,00 (naming nothing) to C1's
// account, then letters it by hand with inv, as a user does after the
// import.
func hrev110Hand(t *testing.T, f *fixture, inv journal.Entry, writeOff bool) {
	t.Helper()
	dep := retDeposit("CLIENT", "360.00")
	_, err := f.rec.ImportStatement(ctx, retStatement(t, "S1", "0.00", dep))
	require.NoError(t, err)
	_, err = f.rec.PostImported(ctx, journal.NoID, "BQO", "S1", "L3", reconcile.ImportedTarget{Partner: "C1"})
	require.NoError(t, err)
	line := statementLineOf(t, f, "L3")
	var ref journal.LineRef
	for i, l := range line.Lines {
		if l.Account == "411000" {
			ref = line.LineRef(i)
		}
	}
	_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), ref}, WriteOff: writeOff})
	require.NoError(t, err)
	require.Equal(t, reconcile.Paid, f.state(t, inv).State)
}

// A cheque posted from S1 on C1's account, lettered by hand with the
// invoice afterwards (with the 0,03 left written off when the invoice is
// of 360,03), comes back in S2 and is presented again naming the invoice
// (L8). The return undoes the hand lettering (and its write-off): the
// invoice owes 360,00 (360,03) again, which L8 pays (with the 0,03
// written off again, within the fixture's 0,05 tolerance).
func TestHrev110ReopenedAfterHandLettering(t *testing.T) {
	t.Parallel()
	for _, ttc := range []string{"360.00", "360.03"} {
		t.Run(ttc, func(t *testing.T) {
			f := hrev97Fix(t)
			inv := f.invoice(t, "C1", d(3, 4), ttc)
			hrev110Hand(t, f, inv, ttc != "360.00")
			again := retDeposit(inv.Name(), "360.00")
			again.Ref, again.BookingDate = "L8", d(3, 26)
			props := retImport(t, f, retStatement(t, "S2", "360.00", retUnpaid("360.00"), again))
			ret := hrev48Find(t, props, "L6")
			require.NotNil(t, ret.Target.Returns, rvDescribe(ret))
			l8 := hrev48Find(t, props, "L8")
			assert.Equal(t, []journal.ID{inv.ID}, l8.Target.Invoices, rvDescribe(l8))
			assert.Equal(t, ttc != "360.00", l8.Target.WriteOff, rvDescribe(l8))
			retApply(t, f, journal.NoID, props)
			assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
			f.check(t)
		})
	}
}

// An invoice of 1 200,00 offering 24,00 off until 11/03 is paid on 04/03
// by a cheque of 1 176,00 from S1, the discount taken. The cheque comes
// back unpaid on 06/03 and is presented again on 09/03, still within the
// offer, in S2. The return undoes the payment with its discount entry
// (what goes with the partials), so the invoice is as it was: untouched,
// 1 200,00 owed, the offer open. The second presentation is the same
// payment as the first: proposed with the discount, the invoice Paid.
// Was failing, fixed: owedAgain marks the reopened invoice untouched=false, so
// offerFor refuses the offer: L8 is proposed without EarlyDiscount and,
// applied, leaves 24,00 open on the invoice (Partial). Expected
// EarlyDiscount true and the invoice Paid, as the first presentation was
// (DESIGN "early-payment discounts": an invoice with nothing lettered
// within the offer's date takes it; reopen's godoc: the reopened
// documents "are named and paid as the documents left open are").
func TestHrev110ReopenedInvoiceKeepsItsDiscountOffer(t *testing.T) {
	t.Parallel()
	f := hrev97Fix(t)
	inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
	require.NotNil(t, inv.DiscountOffer)
	first := retImport(t, f, retStatement(t, "S1", "0.00", hrev97Cheque("L3", "4455667", d(3, 4), inv.Name(), "1176.00")))
	require.True(t, first[0].Target.EarlyDiscount, rvDescribe(first[0]))
	retApply(t, f, journal.NoID, first)
	require.Equal(t, reconcile.Paid, f.state(t, inv).State)
	again := hrev97Cheque("L8", "4455667", d(3, 9), inv.Name(), "1176.00")
	props := retImport(t, f, retStatement(t, "S2", "1176.00", hrev48Unpaid("L6", "4455667", d(3, 6), "1176.00"), again))
	require.NotNil(t, hrev48Find(t, props, "L6").Target.Returns, rvDescribe(hrev48Find(t, props, "L6")))
	l8 := hrev48Find(t, props, "L8")
	require.Equal(t, []journal.ID{inv.ID}, l8.Target.Invoices, rvDescribe(l8))
	assert.True(t, l8.Target.EarlyDiscount, rvDescribe(l8))
	retApply(t, f, journal.NoID, props)
	assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
	f.check(t)
}

// The same three lines in one statement: the first presentation takes
// the discount, the return gives it back, the second presentation takes
// it again.
func TestHrev110DiscountPresentedAgainInOneStatement(t *testing.T) {
	t.Parallel()
	f := hrev97Fix(t)
	inv := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
	props := retImport(t, f, retStatement(t, "S1", "0.00", hrev97Cheque("L3", "4455667", d(3, 4), inv.Name(), "1176.00"),
		hrev48Unpaid("L6", "4455667", d(3, 6), "1176.00"), hrev97Cheque("L8", "4455667", d(3, 9), inv.Name(), "1176.00")))
	require.True(t, hrev48Find(t, props, "L3").Target.EarlyDiscount, rvDescribe(hrev48Find(t, props, "L3")))
	require.NotNil(t, hrev48Find(t, props, "L6").Target.Returns, rvDescribe(hrev48Find(t, props, "L6")))
	l8 := hrev48Find(t, props, "L8")
	require.Equal(t, []journal.ID{inv.ID}, l8.Target.Invoices, rvDescribe(l8))
	assert.True(t, l8.Target.EarlyDiscount, rvDescribe(l8))
	retApply(t, f, journal.NoID, props)
	assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
	f.check(t)
}

// On a bank journal that books payments straight to the bank account (no
// outstanding accounts), a cheque of 360,00 registered against the
// invoice is shown by S1's entry (recorded as Booked). In S2 it comes back
// unpaid (L6) and is presented again naming the invoice (L8).
// Was failing, fixed: the returnable of a Booked entry has neither a payment (one
// payment only) nor a posted entry (the record's Entry is NoID), so
// reopen returns at once: the invoice stays paid to the matcher, L8 is
// not proposed for it and the invoice ends NotPaid although the bank
// collected the second presentation. Expected: L8 pays it, Paid (reopen's
// godoc; the same flow on an outstanding-account journal with a deposit
// of two cheques passes, TestHrev48SecondPresentationAfterAReturnOfAnEarlierStatement).
func TestHrev110ReopenedByReturnOfABookedPayment(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BQO", Name: "Banque", Kind: ledger.JournalBank, BankAccount: "512000",
		IBAN: "FR7630006000011234567890189"}))
	inv := f.invoice(t, "C1", d(3, 4), "360.00")
	_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQO", Date: d(3, 16),
		Method: reconcile.MethodCheque, Ref: "4455667", Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	first := retImport(t, f, retStatement(t, "S1", "0.00", retDeposit(inv.Name(), "360.00")))
	require.NotEmpty(t, first[0].Target.Booked, rvDescribe(first[0]))
	retApply(t, f, journal.NoID, first)
	require.Equal(t, reconcile.Paid, f.state(t, inv).State)
	again := retDeposit(inv.Name(), "360.00")
	again.Ref, again.BookingDate = "L8", d(3, 26)
	props := retImport(t, f, retStatement(t, "S2", "360.00", retUnpaid("360.00"), again))
	ret := hrev48Find(t, props, "L6")
	require.NotNil(t, ret.Target.Returns, rvDescribe(ret))
	l8 := hrev48Find(t, props, "L8")
	assert.Equal(t, []journal.ID{inv.ID}, l8.Target.Invoices, rvDescribe(l8))
	retApply(t, f, journal.NoID, props)
	assert.Equal(t, reconcile.Paid, f.state(t, inv).State, "the second presentation was paid")
	f.check(t)
}

// Across three statements: S1's cheque pays the invoice, S2 returns it,
// S3 presents it again (L8), the bank returns it a second time (L9) and
// it is presented a third time (L10). L9 returns L8 (L3 was returned
// already), the invoice is owed again and L10 pays it.
func TestHrev110ReturnedTwiceAcrossThreeStatements(t *testing.T) {
	t.Parallel()
	f := hrev97Fix(t)
	inv := f.invoice(t, "C1", d(3, 4), "360.00")
	retApply(t, f, journal.NoID, retImport(t, f, retStatement(t, "S1", "0.00", retDeposit(inv.Name(), "360.00"))))
	props := retImport(t, f, retStatement(t, "S2", "360.00", retUnpaid("360.00")))
	require.NotNil(t, props[0].Target.Returns, rvDescribe(props[0]))
	retApply(t, f, journal.NoID, props)
	require.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
	l8 := hrev97Cheque("L8", "4455667", d(4, 2), inv.Name(), "360.00")
	l9 := hrev48Unpaid("L9", "4455667", d(4, 8), "360.00")
	l10 := hrev97Cheque("L10", "4455667", d(4, 15), inv.Name(), "360.00")
	props = retImport(t, f, retStatement(t, "S3", "0.00", l8, l9, l10))
	p8, p9, p10 := hrev48Find(t, props, "L8"), hrev48Find(t, props, "L9"), hrev48Find(t, props, "L10")
	require.Equal(t, []journal.ID{inv.ID}, p8.Target.Invoices, rvDescribe(p8))
	require.NotNil(t, p9.Target.Returns, rvDescribe(p9))
	assert.Equal(t, reconcile.ImportedRef{Statement: "S3", Ref: "L8"}, *p9.Target.Returns)
	assert.Equal(t, []journal.ID{inv.ID}, p10.Target.Invoices, rvDescribe(p10))
	retApply(t, f, journal.NoID, props)
	assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
	f.check(t)
}
