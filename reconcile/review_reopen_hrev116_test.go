package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// One cheque of 360,00 registered against two invoices of C1 (200,00 and
// 160,00) and deposited alone (slip 0000042); S1's "REMISE CHEQUES
// 0000042" clears it. In S2 the cheque comes back unpaid (L6) and is
// presented again naming both invoices (L8).
func TestHrev116ReturnOfOneChequeSlipThatPaidTwoInvoices(t *testing.T) {
	t.Parallel()
	f := hrev97Fix(t)
	a := f.invoice(t, "C1", d(3, 2), "200.00")
	b := f.invoice(t, "C1", d(3, 4), "160.00")
	hrev48Deposit(t, f, d(3, 11), hrev48Cheque(t, f, "C1", "4455667", d(3, 10), "", a, b))
	dep := reconcile.BankEntry{Ref: "L3", BookingDate: d(3, 17), Amount: e("360.00"), Label: "REMISE CHEQUES 0000042"}
	retApply(t, f, journal.NoID, retImport(t, f, retStatement(t, "S1", "0.00", dep)))
	require.Equal(t, reconcile.Paid, f.state(t, a).State)
	require.Equal(t, reconcile.Paid, f.state(t, b).State)
	again := retDeposit(a.Name()+" "+b.Name(), "360.00")
	again.Ref, again.BookingDate = "L8", d(3, 26)
	props := retImport(t, f, retStatement(t, "S2", "360.00", retUnpaid("360.00"), again))
	ret := hrev48Find(t, props, "L6")
	require.NotNil(t, ret.Target.Returns, rvDescribe(ret))
	assert.Contains(t, ret.Reason, "owed again", rvDescribe(ret))
	l8 := hrev48Find(t, props, "L8")
	assert.ElementsMatch(t, []journal.ID{a.ID, b.ID}, l8.Target.Invoices, rvDescribe(l8))
	retApply(t, f, journal.NoID, props)
	assert.Equal(t, reconcile.Paid, f.state(t, a).State)
	assert.Equal(t, reconcile.Paid, f.state(t, b).State)
	f.check(t)
}

// On a bank journal without outstanding accounts two cheques of C1
// registered against two invoices (200,00 and 160,00) are shown by one S1
// entry of 360,00 (recorded as Booked, both payments, by PostImported). In S2 the whole
// 360,00 comes back (L6) and is presented again naming both (L8).
func TestHrev116ReturnOfABookedEntryOfTwoPayments(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BQO", Name: "Banque", Kind: ledger.JournalBank, BankAccount: "512000",
		IBAN: "FR7630006000011234567890189"}))
	a := f.invoice(t, "C1", d(3, 2), "200.00")
	b := f.invoice(t, "C1", d(3, 4), "160.00")
	var paid []journal.ID
	for _, x := range []struct {
		inv journal.Entry
		ref string
	}{{a, "4455667"}, {b, "4455668"}} {
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQO", Date: d(3, 16),
			Method: reconcile.MethodCheque, Ref: x.ref, Invoices: []journal.ID{x.inv.ID}})
		require.NoError(t, err)
		paid = append(paid, res.Entries[0].ID)
	}
	_, err := f.rec.ImportStatement(ctx, retStatement(t, "S1", "0.00", retDeposit(a.Name()+" "+b.Name(), "360.00")))
	require.NoError(t, err)
	_, err = f.rec.PostImported(ctx, journal.NoID, "BQO", "S1", "L3", reconcile.ImportedTarget{Booked: paid})
	require.NoError(t, err, "the entry shows both payments")
	require.Equal(t, reconcile.Paid, f.state(t, a).State)
	again := retDeposit(a.Name()+" "+b.Name(), "360.00")
	again.Ref, again.BookingDate = "L8", d(3, 26)
	props := retImport(t, f, retStatement(t, "S2", "360.00", retUnpaid("360.00"), again))
	ret := hrev48Find(t, props, "L6")
	require.NotNil(t, ret.Target.Returns, rvDescribe(ret))
	l8 := hrev48Find(t, props, "L8")
	assert.ElementsMatch(t, []journal.ID{a.ID, b.ID}, l8.Target.Invoices, rvDescribe(l8))
	retApply(t, f, journal.NoID, props)
	assert.Equal(t, reconcile.Paid, f.state(t, a).State)
	assert.Equal(t, reconcile.Paid, f.state(t, b).State)
	f.check(t)
}

// S1 carries two cheques, of C1 (L3, 360,00 for A) and of C2 (L4, 360,00
// for B); both come back in S2 (L6, L7, each naming its cheque) and are
// presented again (L8, L9).
func TestHrev116TwoReturnsInOneStatement(t *testing.T) {
	t.Parallel()
	f := hrev97Fix(t)
	a := f.invoice(t, "C1", d(3, 2), "360.00")
	b := f.invoice(t, "C2", d(3, 4), "360.00")
	retApply(t, f, journal.NoID, retImport(t, f, retStatement(t, "S1", "0.00",
		hrev97Cheque("L3", "4455667", d(3, 17), a.Name(), "360.00"), hrev97Cheque("L4", "2222222", d(3, 17), b.Name(), "360.00"))))
	require.Equal(t, reconcile.Paid, f.state(t, a).State)
	require.Equal(t, reconcile.Paid, f.state(t, b).State)
	props := retImport(t, f, retStatement(t, "S2", "720.00",
		hrev48Unpaid("L6", "4455667", d(3, 24), "360.00"), hrev48Unpaid("L7", "2222222", d(3, 24), "360.00"),
		hrev97Cheque("L8", "4455667", d(3, 26), a.Name(), "360.00"), hrev97Cheque("L9", "2222222", d(3, 26), b.Name(), "360.00")))
	l6, l7 := hrev48Find(t, props, "L6"), hrev48Find(t, props, "L7")
	require.NotNil(t, l6.Target.Returns, rvDescribe(l6))
	require.NotNil(t, l7.Target.Returns, rvDescribe(l7))
	assert.Equal(t, "L3", l6.Target.Returns.Ref, rvDescribe(l6))
	assert.Equal(t, "L4", l7.Target.Returns.Ref, rvDescribe(l7))
	assert.Equal(t, []journal.ID{a.ID}, hrev48Find(t, props, "L8").Target.Invoices, rvDescribe(hrev48Find(t, props, "L8")))
	assert.Equal(t, []journal.ID{b.ID}, hrev48Find(t, props, "L9").Target.Invoices, rvDescribe(hrev48Find(t, props, "L9")))
	retApply(t, f, journal.NoID, props)
	assert.Equal(t, reconcile.Paid, f.state(t, a).State)
	assert.Equal(t, reconcile.Paid, f.state(t, b).State)
	f.check(t)
}
