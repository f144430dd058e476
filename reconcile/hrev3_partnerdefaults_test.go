package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev3Supplier adds a supplier with a bank account and a usual payment
// method.
func hrev3Supplier(t *testing.T, f *fixture, code, method string) {
	t.Helper()
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: code, Name: "Fournisseur " + code, PaymentMethod: method,
		BankAccounts: []ledger.BankAccount{{IBAN: ident.IBAN("NL91ABNA0417164300")}}}))
}

// A payment scheduled with no method, for a supplier whose usual method
// is a transfer, is a payment "scheduled by transfer": a payment run on its
// journal executes it (RunPayments' contract: "Payments scheduled by
// transfer on the journal up to DueBy are executed in the run").
//
// Expected: the run executes the scheduled payment (the bill is
// in_payment, the scheduled payment is executed).
// Observed: the run filters scheduled payments on p.Method ==
// MethodTransfer/MethodSEPATransfer as stored (0), so it skips it; and
// since the supplier "has a payment scheduled", its bill is left to that
// payment too: the run finds nothing to pay (ErrRun "no bill due") and
// the supplier is not paid.
func TestHrev3RunExecutesScheduledPaymentWithPartnerTransfer(t *testing.T) {
	t.Parallel()
	for _, method := range []string{"transfer", "sepa_transfer"} {
		t.Run(method, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				rrJournal(t, f)
				hrev3Supplier(t, f, "S7", method)
				b := rrBill(t, f, "S7", d(2, 1), d(3, 1), "100.00", "FA-7")
				id := journal.NewID()
				require.NoError(t, f.rec.Schedule(ctx, id, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S7", Journal: "BQO",
					Date: d(3, 10), Amount: e("100.00"), Invoices: []journal.ID{b.ID}}))
				run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 15), DueBy: d(3, 31)})
				require.NoError(t, err, "the run should execute the payment scheduled by the supplier's usual transfer")
				assert.NotEmpty(t, run.Result.Entries)
				left, err := f.rec.ScheduledPayments(ctx, journal.Date{})
				require.NoError(t, err)
				assert.Empty(t, left, "the scheduled payment should be executed by the run")
				assert.NotEqual(t, reconcile.NotPaid, f.state(t, b).State)
			})
		})
	}
}

// Schedule accepts a payment with no method because the partner has a
// usual one; the payment is kept as given (Method 0) and the method is
// looked up again only when it is executed.
//
// Expected: a payment Schedule accepted executes on its date with the
// method it was accepted with (cheque), whatever the partner's master
// data became since (the method was a precondition of scheduling, it
// should be fixed then, or at least the payment should still execute).
// Observed: the partner's method cleared after scheduling, ExecuteScheduled
// fails with ErrDirection "no payment method"; changed to transfer, the
// payment is executed and logged as a transfer although it was scheduled
// as a cheque (the listing showed Method 0, so nobody could tell).
func TestHrev3ScheduledMethodFixedWhenScheduled(t *testing.T) {
	t.Parallel()
	for _, later := range []string{"", "transfer"} {
		t.Run("then "+later, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K9", Name: "Par chèque", PaymentMethod: "cheque"}))
				v := f.invoice(t, "K9", d(3, 1), "100.00")
				id := journal.NewID()
				require.NoError(t, f.rec.Schedule(ctx, id, reconcile.Payment{Direction: reconcile.Inbound, Partner: "K9", Journal: "BQ",
					Date: d(3, 20), Amount: e("100.00"), Invoices: []journal.ID{v.ID}}))
				list, err := f.rec.ScheduledPayments(ctx, journal.Date{})
				require.NoError(t, err)
				require.Len(t, list, 1)
				assert.Equal(t, reconcile.MethodCheque, list[0].Payment.Method, "the scheduled payment's method, as accepted")

				require.NoError(t, f.book.UpdatePartner(ctx, ledger.Partner{Code: "K9", Name: "Par chèque", PaymentMethod: later}))
				_, err = f.rec.ExecuteScheduled(ctx, id, d(3, 20))
				require.NoError(t, err, "a payment Schedule accepted should execute")
				sum, err := f.rec.Summary(ctx, v.ID)
				require.NoError(t, err)
				require.Len(t, sum.Payments, 1)
				assert.Equal(t, "Chèque", sum.Payments[0].Label, "scheduled as a cheque")
			})
		})
	}
}

// Probe (passes): a payment naming no method, of a partner the book does
// not know, gets ledger.ErrUnknownPartner as with a method (Tx.Partner
// returns ErrUnknownPartner, which registerPayment passes on), not
// ErrDirection "no payment method".
func TestHrev3ProbeUnknownPartnerWithoutMethod(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		before := f.snapshot(t)
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "NOBODY", Journal: "BQ",
			Date: d(3, 10), Amount: e("10.00"), Method: reconcile.MethodTransfer})
		require.ErrorIs(t, err, ledger.ErrUnknownPartner, "with a method")
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "NOBODY", Journal: "BQ",
			Date: d(3, 10), Amount: e("10.00")})
		assert.ErrorIs(t, err, ledger.ErrUnknownPartner, "without a method: %v", err)
		f.unchanged(t, before)
	})
}

// Probes that pass.

// A retry of a payment that named no method replays it, even after the
// partner's usual method changed (the fingerprint is the request as
// given), and the payment keeps the method it was made by.
func TestHrev3ProbeMethodZeroReplayAfterPartnerChange(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K9", Name: "Par chèque", PaymentMethod: "cheque"}))
		v := f.invoice(t, "K9", d(3, 1), "100.00")
		p := reconcile.Payment{Operation: journal.NewID(), Direction: reconcile.Inbound, Partner: "K9", Journal: "BQ",
			Date: d(3, 10), Amount: e("100.00"), Invoices: []journal.ID{v.ID}}
		first, err := f.rec.RegisterPayment(ctx, p)
		require.NoError(t, err)
		require.NoError(t, f.book.UpdatePartner(ctx, ledger.Partner{Code: "K9", Name: "Par chèque", PaymentMethod: ""}))
		again, err := f.rec.RegisterPayment(ctx, p)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, first.Entries[0].ID, again.Entries[0].ID)
		sum, err := f.rec.Summary(ctx, v.ID)
		require.NoError(t, err)
		assert.Equal(t, "Chèque", sum.Payments[0].Label)
		f.check(t)
	})
}

// Out-of-range methods are refused, with or without a partner method;
// cheque details go with a cheque the partner's method makes it; an
// outbound payment takes the supplier's method.
func TestHrev3ProbeMethodEdges(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K9", Name: "Par chèque", PaymentMethod: "cheque"}))
		before := f.snapshot(t)
		for _, m := range []reconcile.Method{8, 200, 255} {
			_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "K9", Journal: "BQ",
				Date: d(3, 10), Amount: e("10.00"), Method: m})
			require.ErrorIs(t, err, reconcile.ErrDirection, "method %d", m)
			require.ErrorIs(t, f.rec.Schedule(ctx, journal.NewID(), reconcile.Payment{Direction: reconcile.Inbound, Partner: "K9",
				Journal: "BQ", Date: d(3, 10), Method: m}), reconcile.ErrDirection)
		}
		f.unchanged(t, before)
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "K9", Journal: "BQ",
			Date: d(3, 10), Amount: e("10.00"), Cheque: &reconcile.Cheque{Number: "1234567"}})
		require.NoError(t, err)
		hrev3Supplier(t, f, "S7", "card")
		bill := rrBill(t, f, "S7", d(2, 1), d(3, 1), "50.00", "FA-7")
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S7", Journal: "BQ",
			Date: d(3, 10), Invoices: []journal.ID{bill.ID}})
		require.NoError(t, err)
		sum, err := f.rec.Summary(ctx, bill.ID)
		require.NoError(t, err)
		require.Len(t, sum.Payments, 1)
		assert.Equal(t, "Carte bancaire", sum.Payments[0].Label)
		f.check(t)
	})
}
