package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev84Fixture is a memstore fixture whose reconciler writes off up to 20.00.
func hrev84Fixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, stores[0].Open(t))
	r, err := reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("20.00")}})
	require.NoError(t, err)
	f.rec = r
	return f
}

// hrev84CollectShort posts a BQD statement line paying amount on entry
// bill for C1, the rest written off.
func hrev84CollectShort(t *testing.T, f *fixture, bill journal.Entry, date journal.Date, amount string) reconcile.Result {
	t.Helper()
	res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: date, Amount: e(amount),
		Partner: "C1", Invoices: []journal.ID{bill.ID}, Ref: "REMISE LCR", WriteOff: true})
	require.NoError(t, err)
	return res
}

// A renewed LCR collected short, its rest written off: VAT due on the
// 1 194.00 collected only, 199.00 (CGI art. 269-2-c), as for the bill not
// renewed (TestHrev82BillCollectedShortWrittenOff).
func TestHrev84RenewedBillCollectedShortWrittenOff(t *testing.T) {
	t.Parallel()
	f := hrev84Fixture(t)
	inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
	old := f.drawLCR(t, "LCR-R1", inv)
	renewed, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(4, 25),
		DueDate: d(5, 31), Invoices: []journal.ID{old.ID}, Ref: "LCR-R2"})
	require.NoError(t, err)
	hrev84CollectShort(t, f, renewed.Entries[0], d(5, 31), "1194.00")
	f.check(t)
	assert.Equal(t, "0.00", f.balance(t, "445740"))
	assert.Equal(t, "-199.00", f.balance(t, "445710"))
	assert.Equal(t, "5.00", f.balance(t, "658000"))
	may, err := f.rec.VATReport(ctx, d(5, 1), d(5, 31))
	require.NoError(t, err)
	assert.Equal(t, "199.00", may.Collected.Plain())
}

// One LCR for two invoices of 1 200.00 each, collected 2 388.00, 12.00
// written off: each invoice owes 199.00 (CGI art. 269-2-c).
func TestHrev84BillTwoInvoicesCollectedShortWrittenOff(t *testing.T) {
	t.Parallel()
	f := hrev84Fixture(t)
	a := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
	b := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 2), "1000.00")
	bill := f.drawLCR(t, "LCR-T1", a, b)
	hrev84CollectShort(t, f, bill, d(4, 30), "2388.00")
	f.check(t)
	assert.Equal(t, "0.00", f.balance(t, "445740"))
	assert.Equal(t, "-398.00", f.balance(t, "445710"))
	assert.Equal(t, "10.00", f.balance(t, "658000"))
	april, err := f.rec.VATReport(ctx, d(4, 1), d(4, 30))
	require.NoError(t, err)
	assert.Equal(t, "398.00", april.Collected.Plain())
}

// The short collection detached, then collected again short: back to
// waiting, then 199.00 again.
func TestHrev84BillCollectedShortDetachReletter(t *testing.T) {
	t.Parallel()
	f := hrev84Fixture(t)
	inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
	bill := f.drawLCR(t, "LCR-D1", inv)
	res := hrev84CollectShort(t, f, bill, d(4, 30), "1194.00")
	_, err := f.rec.Detach(ctx, journal.NoID, res.Entries[0].LineRef(0))
	require.NoError(t, err)
	f.check(t)
	assert.Equal(t, "-200.00", f.balance(t, "445740"))
	assert.Equal(t, "0.00", f.balance(t, "445710"))
	assert.Equal(t, "0.00", f.balance(t, "658000"))
	hrev84CollectShort(t, f, bill, d(5, 2), "1194.00")
	f.check(t)
	assert.Equal(t, "0.00", f.balance(t, "445740"))
	assert.Equal(t, "-199.00", f.balance(t, "445710"))
	assert.Equal(t, "5.00", f.balance(t, "658000"))
}

// A bill returned unpaid, its debt put back on 411000 then paid 1 194.00,
// 6.00 written off: VAT on 1 194.00, 199.00.
func TestHrev84BillReturnedThenPaidShortWrittenOff(t *testing.T) {
	t.Parallel()
	f := hrev84Fixture(t)
	inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
	bill := f.drawLCR(t, "LCR-U1", inv)
	back := f.post(t, journal.Entry{Journal: "OD", Date: d(5, 2), Label: "LCR impayée", Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("1200.00")},
		{Account: "413000", Partner: "C1", Balance: e("-1200.00")},
	}})
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{bill.LineRef(1), back.LineRef(1)}})
	require.NoError(t, err)
	hrev84CollectShort(t, f, back, d(5, 20), "1194.00")
	f.check(t)
	assert.Equal(t, "0.00", f.balance(t, "445740"))
	assert.Equal(t, "-199.00", f.balance(t, "445710"))
	assert.Equal(t, "5.00", f.balance(t, "658000"))
}

// A discounted LCR returned unpaid, the debt put back then paid short and
// written off: 199.00.
func TestHrev84DiscountedReturnedPaidShortWrittenOff(t *testing.T) {
	t.Parallel()
	f := hrev84Fixture(t)
	f.discountAccounts(t)
	inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
	bill := f.drawLCR(t, "LCR-DR1", inv)
	disc := f.discount(t, bill)
	back := f.post(t, journal.Entry{Journal: "OD", Date: d(5, 2), Label: "LCR escomptée impayée", Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("1200.00")},
		{Account: "511400", Balance: e("-1200.00")},
	}})
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{disc.LineRef(0), back.LineRef(1)}})
	require.NoError(t, err)
	hrev84CollectShort(t, f, back, d(5, 20), "1194.00")
	f.check(t)
	assert.Equal(t, "0.00", f.balance(t, "445740"))
	assert.Equal(t, "-199.00", f.balance(t, "445710"))
	assert.Equal(t, "5.00", f.balance(t, "658000"))
}

// A BOR paid 1 194.00 by the bank, 6.00 written off to 758000: deductible
// on what was paid, 199.00 (CGI art. 271-I-2).
func TestHrev84BORPaidShortWrittenOff(t *testing.T) {
	t.Parallel()
	f := hrev84Fixture(t)
	inv := f.cashBasisDoc(t, journal.SupplierBill, "S1", d(3, 1), "1000.00")
	drawn, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Outbound, Partner: "S1", Journal: "OD", Date: d(3, 10),
		DueDate: d(4, 15), Invoices: []journal.ID{inv.ID}, Ref: "BOR-W1", Bank: "BQD"})
	require.NoError(t, err)
	_, err = f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(4, 15), Amount: e("-1194.00"),
		Partner: "S1", Invoices: []journal.ID{drawn.Entries[0].ID}, WriteOff: true})
	require.NoError(t, err)
	f.check(t)
	assert.Equal(t, "0.00", f.balance(t, "445640"))
	assert.Equal(t, "199.00", f.balance(t, "445660"))
	assert.Equal(t, "-5.00", f.balance(t, "758000"))
}

// An LCR collected 1 194.00, its 6.00 left open on 413000 and written off
// a week later by lettering the bill alone: VAT on 1 194.00, 199.00.
func TestHrev84BillRestWrittenOffLater(t *testing.T) {
	t.Parallel()
	f := hrev84Fixture(t)
	inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
	bill := f.drawLCR(t, "LCR-L1", inv)
	f.collect(t, bill, d(4, 30), "1194.00")
	assert.Equal(t, "-199.00", f.balance(t, "445710"))
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{bill.LineRef(1)}, WriteOff: true})
	require.NoError(t, err)
	f.check(t)
	assert.Equal(t, "0.00", f.balance(t, "445740"))
	assert.Equal(t, "-199.00", f.balance(t, "445710"))
	assert.Equal(t, "5.00", f.balance(t, "658000"))
	// Unlettering the whole match takes everything back.
	_, err = f.rec.Unletter(ctx, journal.NoID, bill.LineRef(1))
	require.NoError(t, err)
	f.check(t)
	assert.Equal(t, "-200.00", f.balance(t, "445740"))
	assert.Equal(t, "0.00", f.balance(t, "445710"))
	assert.Equal(t, "0.00", f.balance(t, "658000"))
}

// An invoice paid 200.00 in cash, the rest (1 000.00) drawn on an LCR
// collected 994.00, 6.00 written off: VAT on 1 194.00 received, 199.00.
func TestHrev84InvoicePartlyPaidThenBillShort(t *testing.T) {
	t.Parallel()
	f := hrev84Fixture(t)
	inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
	f.receive(t, "BQD", "C1", d(3, 5), "200.00", inv)
	bill := f.drawLCR(t, "LCR-P1", inv)
	require.Equal(t, "-1000.00", bill.Lines[1].Balance.Neg().Plain())
	hrev84CollectShort(t, f, bill, d(4, 30), "994.00")
	f.check(t)
	assert.Equal(t, "0.00", f.balance(t, "445740"))
	assert.Equal(t, "-199.00", f.balance(t, "445710"))
	assert.Equal(t, "5.00", f.balance(t, "658000"))
}

// An LCR collected in two statement lines, 600.00 then 594.00 with 6.00
// written off: 100.00 then 99.00.
func TestHrev84BillTwoCollectionsLastShort(t *testing.T) {
	t.Parallel()
	f := hrev84Fixture(t)
	inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
	bill := f.drawLCR(t, "LCR-2C", inv)
	f.collect(t, bill, d(4, 30), "600.00")
	assert.Equal(t, "-100.00", f.balance(t, "445710"))
	last := hrev84CollectShort(t, f, bill, d(5, 2), "594.00")
	f.check(t)
	assert.Equal(t, "0.00", f.balance(t, "445740"))
	assert.Equal(t, "-199.00", f.balance(t, "445710"))
	assert.Equal(t, "5.00", f.balance(t, "658000"))
	_, err := f.rec.Detach(ctx, journal.NoID, last.Entries[0].LineRef(0))
	require.NoError(t, err)
	f.check(t)
	assert.Equal(t, "-100.00", f.balance(t, "445740"))
	assert.Equal(t, "-100.00", f.balance(t, "445710"))
	assert.Equal(t, "0.00", f.balance(t, "658000"))
}
