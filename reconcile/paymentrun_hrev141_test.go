package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func h141Paid(run reconcile.PaymentRun) map[string]string {
	out := map[string]string{}
	for _, p := range run.Payments {
		out[p.Partner] = p.Amount.Plain() + "/" + p.Discount.Plain()
	}
	return out
}

// Was failing, fixed: S2 has a 300,00 bill due, a 600,00 bill not due offering 12,00 off, and a 1 000,00 credit note; with EarlyForDiscount the note covers the 300,00 and leaves 700,00, yet the run pays S2 588,00 cash (the godoc says credit notes are set off against its bills first and suppliers they cover are skipped): an accountant expects S2 paid nothing and 100,00 left owed back by S2.
func TestHrev141EarlyBillPaidCashWhileCreditNoteCoversIt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrSupplier(t, f, "S3", "Fournisseur S3", "", ledger.Address{})
		rrBill(t, f, "S2", d(3, 1), d(3, 20), "300.00", "F-DUE")
		discountBill(t, f, "S2", d(3, 5), "500.00", "F-EARLY") // 600, due 4/04, 12 off until 3/15
		h133SupplierNote(t, f, "S2", d(3, 2), "1000.00", "AV-1")
		rrBill(t, f, "S3", d(3, 1), d(3, 20), "100.00", "F-S3")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), EarlyForDiscount: true})
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"S3": "100.00/0.00"}, h141Paid(run))
		f.check(t)
	})
}

// Was failing, fixed: S2 has only a 600,00 bill not due offering 12,00 off and a 1 000,00 payment on account; with EarlyForDiscount the run pays S2 588,00 more cash instead of setting the 1 000,00 off (the godoc: payments on account are set off against its bills first, suppliers they cover skipped): S2 is expected paid nothing, 400,00 left on account.
func TestHrev141EarlyBillPaidCashWhilePaymentOnAccountCoversIt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrSupplier(t, f, "S3", "Fournisseur S3", "", ledger.Address{})
		discountBill(t, f, "S2", d(3, 5), "500.00", "F-EARLY")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 6),
			Method: reconcile.MethodTransfer, Amount: e("1000.00"), Ref: "ACPT"})
		require.NoError(t, err)
		rrBill(t, f, "S3", d(3, 1), d(3, 20), "100.00", "F-S3")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), EarlyForDiscount: true})
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"S3": "100.00/0.00"}, h141Paid(run))
		f.check(t)
	})
}

// Was failing, fixed: two bills due the same day, 300,00 (no discount) and 600,00 (12,00 off until 3/11), and a 300,00 credit note: the run sets the note off against the 600,00 bill (largest first), which then loses its discount, and pays 600,00; setting it off against the 300,00 bill pays 588,00 with the discount, as the godoc's "a bill paid by its discount's last day is paid less its discount" promises.
func TestHrev141CreditNoteSetOffCostsTheDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrBill(t, f, "S2", d(3, 1), d(3, 31), "300.00", "F-A")
		discountBill(t, f, "S2", d(3, 1), "500.00", "F-B") // 600, due 3/31, 12 off until 3/11
		h133SupplierNote(t, f, "S2", d(3, 2), "300.00", "AV-1")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31)})
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"S2": "588.00/12.00"}, h141Paid(run))
		f.check(t)
	})
}

// Pin: cash-basis bill 1 200,00 (200,00 VAT on 445640), cash-basis credit
// note 120,00 (20,00 VAT): the run sets the note off and pays 1 080,00;
// 445640 ends at 0, 445660 at 180,00, the file's CtrlSum 1080.00.
func TestHrev141CashBasisCreditNoteAndPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		f.cashBasisDoc(t, journal.SupplierBill, "S2", d(3, 1), "1000.00")
		note := journal.Invoice{Kind: journal.SupplierCreditNote, Journal: "AC", Date: d(3, 2), Partner: "S2", PartnerAccount: "401000",
			Lines: []journal.InvoiceLine{{UnitPrice: e("100.00"), Taxes: []tax.Tax{billPurchaseVAT}, Account: "607000"}}}
		x, err := note.Entry()
		require.NoError(t, err)
		f.post(t, x)
		require.Equal(t, "180.00", f.balance(t, "445640"))
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(4, 30)})
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"S2": "1080.00/0.00"}, h141Paid(run))
		assert.Equal(t, "0.00", f.balance(t, "445640"))
		assert.Equal(t, "180.00", f.balance(t, "445660"))
		ctrl, amts := hrev16Sums(t, f, run)
		for _, c := range ctrl {
			assert.Equal(t, "1080.00", c)
		}
		assert.Equal(t, []string{"1080.00"}, amts)
		f.check(t)
	})
}

// Pin: a payment on account of 1 500,00 against a bill of 1 200,00 due
// 3/20 and one of 500,00 due 4/20: the first run (DueBy 3/31) covers the
// first bill and pays S2 nothing; the second (DueBy 4/30) sets the 300,00
// left off against the second and pays 200,00; nothing twice.
func TestHrev141TwoRunsWithPaymentOnAccount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrSupplier(t, f, "S3", "Fournisseur S3", "", ledger.Address{})
		rrBill(t, f, "S2", d(3, 1), d(3, 20), "1200.00", "F-1")
		rrBill(t, f, "S2", d(3, 2), d(4, 20), "500.00", "F-2")
		rrBill(t, f, "S3", d(3, 1), d(3, 20), "100.00", "F-S3")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("1500.00"), Ref: "ACPT"})
		require.NoError(t, err)
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"S3": "100.00/0.00"}, h141Paid(run))
		assert.Equal(t, "-200.00", h133Net(t, f, "S2"))
		run, err = f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(4, 15), DueBy: d(4, 30)})
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"S2": "200.00/0.00"}, h141Paid(run))
		assert.Equal(t, "0.00", h133Net(t, f, "S2"))
		_, err = f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(4, 16), DueBy: d(4, 30)})
		assert.ErrorIs(t, err, reconcile.ErrRun)
		f.check(t)
	})
}

// Pin: a 200,00 payment ahead refunded in full leaves the 600,00 bill
// untouched: the run pays it 588,00 less its 12,00 discount.
func TestHrev141RefundedPaymentAheadKeepsDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		discountBill(t, f, "S2", d(3, 1), "500.00", "F-B")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("200.00"), Ref: "ACPT"})
		require.NoError(t, err)
		h133Refund(t, f, "S2", d(3, 8), "200.00", "REMB")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31)})
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"S2": "588.00/12.00"}, h141Paid(run))
		assert.Empty(t, run.Payments[0].OnAccount)
		assert.Equal(t, "0.00", h133Net(t, f, "S2"))
		f.check(t)
	})
}

// Pin: a 1 000,00 bill in two instalments (500,00 due 3/11 and 3/21) and
// 300,00 paid on account: a run on 3/15 sets the 300,00 off against the
// first instalment and pays 200,00; the second instalment (500,00) waits.
func TestHrev141InstalmentLaterAndPaymentOnAccount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		bill := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d(3, 1), Ref: "F-2", Partner: "S2", PartnerAccount: "401000",
			Lines: []journal.InvoiceLine{{Label: "x", UnitPrice: e("1000.00"), Account: "607000"}},
			Terms: journal.PaymentTerms{Instalments: []journal.Instalment{
				{Percent: tax.MustParsePercent("50"), Due: journal.DueRule{Kind: journal.NetDays, Days: 10}},
				{Percent: tax.MustParsePercent("50"), Due: journal.DueRule{Kind: journal.NetDays, Days: 20}}}}}
		x, err := bill.Entry()
		require.NoError(t, err)
		f.post(t, x)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("300.00"), Ref: "ACPT"})
		require.NoError(t, err)
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 15), DueBy: d(3, 15)})
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"S2": "200.00/0.00"}, h141Paid(run))
		assert.Equal(t, "-500.00", h133Net(t, f, "S2"))
		f.check(t)
	})
}
