package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rlCredit posts a supplier credit note (avoir) of ttc on 401000.
func rlCredit(t *testing.T, f *fixture, p string, date journal.Date, ttc, ref string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "AC", Date: date, Type: journal.TypeCreditNote, Ref: ref, Lines: []journal.Line{
		{Account: "401000", Partner: p, Balance: e(ttc)},
		{Account: "607000", Balance: e(ttc).Neg()},
	}})
}

// Probe (passes): a credit note smaller than the first bill due is set
// off against it, the payment letters what is left, oldest due first;
// a partially paid bill is paid for its rest; the book checks and the
// file validates (xmllint).
func TestReviewLateProbeRunCreditPartialAndPartlyPaid(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur", "", ledger.Address{})
		a := rrBill(t, f, "S2", d(2, 1), d(3, 1), "100.00", "FA-A")
		b := rrBill(t, f, "S2", d(2, 2), d(3, 10), "200.00", "FA-B")
		rlCredit(t, f, "S2", d(2, 5), "40.00", "AV-1")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(2, 20),
			Method: reconcile.MethodTransfer, Amount: e("50.00"), Invoices: []journal.ID{b.ID}})
		require.NoError(t, err)
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 12), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "210.00", run.Payments[0].Amount.Plain())
		assert.Equal(t, []journal.ID{a.ID, b.ID}, run.Payments[0].Bills)
		assert.Equal(t, "0.00", f.residual(t, a.LineRef(0)).Plain())
		assert.Equal(t, "0.00", f.residual(t, b.LineRef(0)).Plain())
		f.check(t)
		_, err = rrFile(t, f, run)
		require.NoError(t, err)
	})
}

// Probe (passes): a credit note larger than one bill spans two (the first
// bill's line is at zero residual but not in a full match when the
// payment is lettered): the payment pays the rest of the second.
func TestReviewLateProbeRunCreditSpansTwoBills(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur", "", ledger.Address{})
		a := rrBill(t, f, "S2", d(2, 1), d(3, 1), "100.00", "FA-A")
		b := rrBill(t, f, "S2", d(2, 2), d(3, 10), "200.00", "FA-B")
		rlCredit(t, f, "S2", d(2, 5), "150.00", "AV-1")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 12), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "150.00", run.Payments[0].Amount.Plain())
		// Changed when a run's bills came to include those its credit
		// notes settle: FA-A, covered by AV-1, is named beside FA-B.
		assert.ElementsMatch(t, []journal.ID{a.ID, b.ID}, run.Payments[0].Bills)
		assert.Len(t, run.Payments[0].CreditNotes, 1)
		assert.Equal(t, "0.00", f.residual(t, a.LineRef(0)).Plain())
		assert.Equal(t, "0.00", f.residual(t, b.LineRef(0)).Plain())
		f.check(t)
		_, err = rrFile(t, f, run)
		require.NoError(t, err)
	})
}

// Probe (passes): several suppliers, instalments one due and one not,
// Partners given in another order and twice on retry: the same run; the
// April instalment waits; the book checks; the file validates.
func TestReviewLateProbeRunSeveralSuppliersRetry(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur Deux", "", ledger.Address{})
		rrSupplier(t, f, "S3", "Fournisseur Trois", "DE89370400440532013000", ledger.Address{Town: "Köln", Country: "DE"})
		b1 := f.post(t, journal.Entry{Journal: "AC", Date: d(2, 1), Type: journal.TypeInvoice, Ref: "B1", Lines: []journal.Line{
			{Account: "401000", Partner: "S2", Balance: e("-500.00"), DueDate: d(3, 5)},
			{Account: "401000", Partner: "S2", Balance: e("-500.00"), DueDate: d(4, 30)},
			{Account: "607000", Balance: e("1000.00")}}})
		b2 := rrBill(t, f, "S3", d(2, 10), d(3, 20), "300.00", "B2")
		op := journal.NewID()
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: op, Journal: "BQO", Date: d(3, 6), DueBy: d(3, 31), Partners: []string{"S3", "S2"}})
		require.NoError(t, err)
		require.Len(t, run.Payments, 2)
		assert.Equal(t, "-500.00", f.residual(t, b1.LineRef(1)).Plain())
		assert.Equal(t, "0.00", f.residual(t, b1.LineRef(0)).Plain())
		assert.Equal(t, "0.00", f.residual(t, b2.LineRef(0)).Plain())
		f.check(t)
		first, err := rrFile(t, f, run)
		require.NoError(t, err)
		again, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: op, Journal: "BQO", Date: d(3, 6), DueBy: d(3, 31), Partners: []string{"S2", "S3", "S2"}})
		require.NoError(t, err)
		assert.Equal(t, run.ID, again.ID)
		second, err := rrFile(t, f, again)
		require.NoError(t, err)
		assert.Equal(t, first, second)
	})
}

// Probe (passes): a transfer scheduled with a euro amount for a USD bill
// goes out with the run in euros; the file validates.
func TestReviewLateProbeRunScheduledEuroForForeignBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "American Supplier", "", ledger.Address{})
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.2")))
		bill := f.post(t, journal.Entry{Journal: "AC", Date: d(2, 10), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "401000", Partner: "S2", DueDate: d(3, 1), AmountCurrency: currency.MustParse(usd, "-240.00"), Balance: e("-200.00")},
			{Account: "607000", AmountCurrency: currency.MustParse(usd, "240.00"), Balance: e("200.00")}}})
		require.NoError(t, f.rec.Schedule(ctx, journal.NewID(), reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 10),
			Method: reconcile.MethodTransfer, Amount: e("200.00"), Invoices: []journal.ID{bill.ID}}))
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 12), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, eur, run.Payments[0].Amount.Currency())
		f.check(t)
		_, err = rrFile(t, f, run)
		require.NoError(t, err)
	})
}
