package reconcile_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func h133SupplierNote(t *testing.T, f *fixture, p string, date journal.Date, ttc, ref string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "AC", Date: date, Type: journal.TypeCreditNote, Ref: ref, Lines: []journal.Line{
		{Account: "401000", Partner: p, Balance: e(ttc)},
		{Account: "607000", Balance: e(ttc).Neg()},
	}})
}

func h133Refund(t *testing.T, f *fixture, p string, date journal.Date, amt, ref string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "BQO", Date: date, Type: journal.TypePayment, Ref: ref, Lines: []journal.Line{
		{Account: "512000", Balance: e(amt)},
		{Account: "401000", Partner: p, Balance: e(amt).Neg()},
	}})
}

func h133Net(t *testing.T, f *fixture, p string) string {
	t.Helper()
	items, err := f.book.OpenItems(ctx, "401000", p)
	require.NoError(t, err)
	net := currency.Zero(eur)
	for _, it := range items {
		net, err = net.Add(it.Residual.Balance)
		require.NoError(t, err)
	}
	return net.Plain()
}

// Pin: a 550,00 USD payment on account booked 500,00 EUR is set off
// against a 1 000,00 EUR bill at its booked rate: the run pays 500,00, no
// exchange difference, S2 owes nothing after.
func TestHrev133RunForeignOnAccountAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		usd := currency.MustLookup("USD")
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		bill := rrBill(t, f, "S2", d(3, 1), d(3, 20), "1000.00", "F-1")
		pay := f.post(t, journal.Entry{Journal: "BQO", Date: d(3, 5), Type: journal.TypePayment, Currency: usd, Ref: "VIR USD S2", Lines: []journal.Line{
			{Account: "401000", Partner: "S2", Balance: e("500.00"), AmountCurrency: currency.MustParse(usd, "550.00")},
			{Account: "512000", Balance: e("-500.00"), AmountCurrency: currency.MustParse(usd, "-550.00")},
		}})
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "500.00", run.Payments[0].Amount.Plain())
		assert.Equal(t, []journal.ID{bill.ID}, run.Payments[0].Bills)
		assert.Equal(t, []journal.ID{pay.ID}, run.Payments[0].OnAccount)
		for _, x := range run.Result.Entries {
			assert.NotEqual(t, journal.TypeExchangeDifference, x.Type, "no exchange difference at the booked rate: %s", x.Name())
		}
		assert.Equal(t, "0.00", h133Net(t, f, "S2"))
		f.check(t)
	})
}

// Was failing, fixed: S2 has credit note AV-1 (50,00, 1 March), a 100,00 payment on account ACPT (5 March) it refunded by REMB (100,00, 10 March), and bill F-1 (300,00): the run pays 250,00 (right) but letters the refund with the credit note first and reports/remits the refunded payment ACPT as set off (OnAccount [ACPT], CreditNotes [], remittance naming ACPT), where the refund refunds the payment on account and the credit note AV-1 is what was set off.
func TestHrev133RunRefundGoesWithPaymentAheadNotCreditNote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		note := h133SupplierNote(t, f, "S2", d(3, 1), "50.00", "AV-1")
		bill := rrBill(t, f, "S2", d(3, 2), d(3, 20), "300.00", "F-1")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("100.00"), Ref: "ACPT"})
		require.NoError(t, err)
		h133Refund(t, f, "S2", d(3, 10), "100.00", "REMB")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		p := run.Payments[0]
		assert.Equal(t, "250.00", p.Amount.Plain())
		assert.Equal(t, []journal.ID{bill.ID}, p.Bills)
		assert.Equal(t, []journal.ID{note.ID}, p.CreditNotes, "the credit note is what is set off")
		assert.Empty(t, p.OnAccount, "the payment on account was refunded")
		ct, err := bank.CreditTransfers(ctx, f.book, run, "Atelier")
		require.NoError(t, err)
		require.Len(t, ct.Payments, 1)
		assert.False(t, strings.Contains(ct.Payments[0].Remittance, "ACPT"), "remittance %q names the refunded payment", ct.Payments[0].Remittance)
		assert.Equal(t, "0.00", h133Net(t, f, "S2"))
		f.check(t)
	})
}

// Pin: a refund (150,00) larger than the payment ahead (100,00): the
// payment is gone, F-1 (300,00) is paid in full, nothing on account named.
func TestHrev133RunRefundLargerThanPaymentAhead(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrBill(t, f, "S2", d(3, 2), d(3, 20), "300.00", "F-1")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("100.00"), Ref: "ACPT"})
		require.NoError(t, err)
		h133Refund(t, f, "S2", d(3, 10), "150.00", "REMB")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "300.00", run.Payments[0].Amount.Plain())
		assert.Empty(t, run.Payments[0].OnAccount)
		assert.Empty(t, run.Payments[0].CreditNotes)
		assert.Equal(t, "-50.00", h133Net(t, f, "S2"), "the 50,00 sent beyond the payment ahead stays on S2's account")
		f.check(t)
	})
}

// Pin: a supplier with only a credit note (100,00) it refunded (100,00):
// F-1 (300,00) is paid in full, no credit note named.
func TestHrev133RunRefundOfCreditNote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		h133SupplierNote(t, f, "S2", d(3, 1), "100.00", "AV-1")
		rrBill(t, f, "S2", d(3, 2), d(3, 20), "300.00", "F-1")
		h133Refund(t, f, "S2", d(3, 10), "100.00", "REMB")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "300.00", run.Payments[0].Amount.Plain())
		assert.Empty(t, run.Payments[0].CreditNotes)
		assert.Equal(t, "0.00", h133Net(t, f, "S2"))
		f.check(t)
	})
}

// Pin: a refund of 40,00 of a 100,00 payment ahead: 60,00 set off, F-1
// (300,00) paid 240,00, the payment named on account.
func TestHrev133RunPartialRefund(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrBill(t, f, "S2", d(3, 2), d(3, 20), "300.00", "F-1")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("100.00"), Ref: "ACPT"})
		require.NoError(t, err)
		h133Refund(t, f, "S2", d(3, 10), "40.00", "REMB")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "240.00", run.Payments[0].Amount.Plain())
		assert.Equal(t, []journal.ID{res.Entries[0].ID}, run.Payments[0].OnAccount)
		assert.Equal(t, "0.00", h133Net(t, f, "S2"))
		f.check(t)
	})
}

// Was failing, fixed: S2 has a 550,00 USD bill G-1 and the 550,00 USD transfer that paid it (booked 500,00 EUR, not yet lettered), and a 300,00 EUR bill F-1 due: the run counts the USD payment against F-1 and refuses with "nothing to pay by 2026-03-31" (G-1 would stay owing 550,00 USD), where an accountant expects the USD payment kept for the USD bill it pays exactly and F-1 paid 300,00.
func TestHrev133RunForeignPaymentKeptForItsForeignBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		usd := currency.MustLookup("USD")
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		f.post(t, journal.Entry{Journal: "AC", Date: d(3, 1), Type: journal.TypeInvoice, Currency: usd, Ref: "G-1", Lines: []journal.Line{
			{Account: "401000", Partner: "S2", Balance: e("-500.00"), AmountCurrency: currency.MustParse(usd, "-550.00"), DueDate: d(3, 20)},
			{Account: "607000", Balance: e("500.00"), AmountCurrency: currency.MustParse(usd, "550.00")},
		}})
		rrBill(t, f, "S2", d(3, 2), d(3, 20), "300.00", "F-1")
		f.post(t, journal.Entry{Journal: "BQO", Date: d(3, 5), Type: journal.TypePayment, Currency: usd, Ref: "VIR USD G-1", Lines: []journal.Line{
			{Account: "401000", Partner: "S2", Balance: e("500.00"), AmountCurrency: currency.MustParse(usd, "550.00")},
			{Account: "512000", Balance: e("-500.00"), AmountCurrency: currency.MustParse(usd, "-550.00")},
		}})
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		paid := "0.00"
		for _, p := range run.Payments {
			if p.Partner == "S2" {
				paid = p.Amount.Plain()
			}
		}
		assert.Equal(t, "300.00", paid, "F-1 paid; the USD transfer is G-1's")
	})
}
