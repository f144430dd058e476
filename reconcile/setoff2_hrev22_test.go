package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// One receipt entry, its 800.00 on two receivable lines (a bank line
// split), its reference "FA-1 less AV-1": one payment names the note, so
// it is its set-off, and FA-1 closes.
func TestHrev22OneEntryTwoLinesNamesNote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "1000.00")
		cn := f.creditNote(t, "C1", d(3, 3), "200.00")
		p := f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 10), Type: journal.TypePayment, Ref: a.Name() + " moins " + cn.Name(), Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("-500.00")},
			{Account: "411000", Partner: "C1", Balance: e("-300.00")},
			{Account: "512000", Balance: e("800.00")},
		}})
		out := propose(t, f, customers, reconcile.Rules{})
		why := hrev22Reason(out, line0(cn))
		hrev22Apply(t, f, out)
		require.Equal(t, "0.00", f.residual(t, line0(a)).Plain(), "note not set off: %q", why)
		require.Empty(t, why, "one payment names %s", cn.Name())
		hrev18Zero(t, f, line0(a), line0(cn), p.LineRef(0), p.LineRef(1))
	})
}

// Two payments name FA-1; one of them names the note too: one lettering,
// the note set off, FA-1 closed.
func TestHrev22TwoPaymentsOneInvoiceOneNote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "1000.00")
		cn := f.creditNote(t, "C1", d(3, 3), "200.00")
		p1 := f.pay(t, "C1", d(3, 10), "500.00", a.Name()+" "+cn.Name(), "")
		p2 := f.pay(t, "C1", d(3, 11), "300.00", a.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		hrev22Apply(t, f, out)
		hrev18Zero(t, f, line0(a), line0(cn), line0(p1), line0(p2))
	})
}

// A note two payments name, of exactly an unrelated invoice's amount:
// whatever rule letters it, each line once and Apply takes it.
func TestHrev22SharedNoteThenAmountRule(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "1000.00")
		b := f.invoice(t, "C1", d(3, 2), "500.00")
		f.invoice(t, "C1", d(3, 2), "200.00")
		cn := f.creditNote(t, "C1", d(3, 3), "200.00")
		f.pay(t, "C1", d(3, 10), "800.00", a.Name()+" "+cn.Name(), "")
		f.pay(t, "C1", d(3, 11), "300.00", b.Name()+" "+cn.Name(), "")
		first := propose(t, f, customers, reconcile.Rules{})
		for i := 0; i < 3; i++ {
			require.Equal(t, first, propose(t, f, customers, reconcile.Rules{}))
		}
		hrev22Apply(t, f, first)
	})
}

// Scheduled payment asking its discount, executed by a run that pays in
// full: the discount it asked is still taken, and the run reports it.
func TestHrev22RunNoDiscountScheduledEarlyDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		b := discountBill(t, f, "S2", d(3, 1), "500.00", "F-S2")
		require.NoError(t, f.rec.Schedule(ctx, journal.NewID(), reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 9),
			Method: reconcile.MethodSEPATransfer, Amount: e("588.00"), Invoices: []journal.ID{b.ID}, EarlyDiscount: true}))
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), NoDiscount: true})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		require.Equal(t, "588.00", run.Payments[0].Amount.Plain())
		require.Equal(t, "12.00", run.Payments[0].Discount.Plain())
		require.True(t, f.residual(t, line0(b)).IsZero())
		f.check(t)
	})
}

// Schedule refuses both flags and keeps nothing.
func TestHrev22ScheduleBothFlagsKeepsNothing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		b := discountBill(t, f, "S2", d(3, 1), "500.00", "F-S2")
		err := f.rec.Schedule(ctx, journal.NewID(), reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 9),
			Method: reconcile.MethodSEPATransfer, Invoices: []journal.ID{b.ID}, EarlyDiscount: true, NoDiscount: true})
		require.ErrorIs(t, err, reconcile.ErrDiscount)
		sp, err := f.rec.ScheduledPayments(ctx, journal.Date{})
		require.NoError(t, err)
		require.Empty(t, sp)
	})
}

// EarlyForDiscount with NoDiscount: bills not due are not paid.
func TestHrev22RunEarlyForDiscountAndNoDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S4", "Fournisseur S4", "", ledger.Address{})
		b4 := discountBill(t, f, "S4", d(3, 2), "250.00", "F-S4") // due 4/01
		_, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), NoDiscount: true, EarlyForDiscount: true})
		require.ErrorIs(t, err, reconcile.ErrRun)
		require.Equal(t, "-300.00", f.residual(t, line0(b4)).Plain())
	})
}

// Schedule refuses both flags at once because the run would fail on it
// (TestHrev19ScheduleRefusesBothFlags). A discount asked without the
// amount paid is refused by RegisterPayment just as statically
// (ErrDiscount: "a discount needs one invoice and the amount paid"):
// Schedule keeps it, and the payment run executing it fails whole — S3's
// bill, due and unrelated, is not paid.
func TestHrev22ScheduleEarlyDiscountWithoutAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrSupplier(t, f, "S3", "Fournisseur S3", "", ledger.Address{})
		b := discountBill(t, f, "S2", d(3, 1), "500.00", "F-S2")
		rrBill(t, f, "S3", d(3, 1), d(3, 20), "100.00", "F-S3")
		err := f.rec.Schedule(ctx, journal.NewID(), reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 9),
			Method: reconcile.MethodSEPATransfer, Invoices: []journal.ID{b.ID}, EarlyDiscount: true})
		if err == nil {
			_, rerr := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31)})
			require.NoError(t, rerr, "Schedule kept a payment RegisterPayment refuses; the whole run fails on it")
		}
		require.ErrorIs(t, err, reconcile.ErrDiscount)
	})
}
