package reconcile_test

// Review h-rev71 of 866dff6 and d3a35c0: the neutral base pair of a
// cash-basis entry lettered with itself, partialKind's same-entry rule,
// cancellation invoices, CashBasisPayments dated by the payment, scheduled
// cheques.

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev71Open lists the open items of an account: "number residual".
func hrev71Open(t testing.TB, f *fixture, account string) []string {
	t.Helper()
	items, err := f.book.OpenItems(ctx, account, "")
	require.NoError(t, err)
	var out []string
	for _, it := range items {
		out = append(out, it.Number+" "+it.Residual.Balance.Plain())
	}
	return out
}

// hrev71Kinds lists the kinds of the live partials of a line.
func hrev71Kinds(t testing.TB, f *fixture, ref journal.LineRef) []journal.PartialKind {
	t.Helper()
	var out []journal.PartialKind
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		ps, err := tx.LivePartials(ref)
		for _, p := range ps {
			out = append(out, p.Kind)
		}
		return err
	}))
	return out
}

// Was failing, fixed: Expected: two lines of one OD a user letters (411000 C1 +100.00
// due 31/03 and -100.00, the due date moved by an OD) form an ordinary
// partial (not KindReversal) and Unletter undoes it like any lettering.
// Observed: partialKind now gives KindReversal to any two lines of one
// entry, so the user's partial is taken for an entry lettered with its own
// reversal: Unletter returns ErrReversalPair ("… and its reversal stays
// lettered") and the lettering can never be undone. The same-entry rule
// was meant for the cash-basis base pair only (letterBasePairs) but
// partialKind applies it to every lettering (with 73090b7's letter.go the
// test passes).
func TestHrev71UserLettersTwoLinesOfOneOD(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		od := f.post(t, journal.Entry{Journal: "OD", Date: d(3, 1), Type: journal.TypeMisc, Label: "Report d'échéance", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("100.00"), DueDate: d(4, 30)},
			{Account: "411000", Partner: "C1", Balance: e("-100.00")},
		}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{od.LineRef(0), od.LineRef(1)}})
		require.NoError(t, err)
		assert.NotContains(t, hrev71Kinds(t, f, od.LineRef(0)), journal.KindReversal, "a user's lettering is no reversal pair")
		f.check(t)
		_, err = f.rec.Unletter(ctx, journal.NoID, od.LineRef(0))
		require.NoError(t, err, "a user's lettering can be undone")
		assert.Len(t, hrev71Open(t, f, "411000"), 2)
		f.check(t)
	})
}

// Was failing, fixed: Expected: a customer receipt entry with two 411000 lines of C1
// (a cheque of 100.00 paying 150.00 and netting a 50.00 refund owed to
// the customer) lettered, in the order the user gave (KeepOrder), with the
// invoice and the credit note it settles can be unlettered.
// Observed: KeepOrder pairs the receipt's two lines with each other; the
// same-entry rule makes that partial KindReversal, and Unletter of the
// group returns ErrReversalPair. Before the change it was a payment
// partial and the group unlettered.
func TestHrev71PaymentWithTwoPartnerLinesUnlettered(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "150.00")
		cn := f.creditNote(t, "C1", d(3, 2), "50.00")
		pay := f.post(t, journal.Entry{Journal: "BQD", Date: d(3, 10), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "512000", Balance: e("100.00")},
			{Account: "411000", Partner: "C1", Balance: e("-150.00")},
			{Account: "411000", Partner: "C1", Balance: e("50.00")},
		}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{pay.LineRef(1), pay.LineRef(2), inv.LineRef(0), cn.LineRef(0)},
			KeepOrder: true})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)
		_, err = f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		f.check(t)
	})
}

// Was failing, fixed: Expected: Detach of the 419100 base line of the cash-basis entry
// a deposit invoice's receipt generated (lettered now, by letterBasePairs)
// undoes the partial that generated it, as Detach's godoc says of any
// generated line ("A line of a generated entry … is detached by undoing
// the partial that generated it, like any other detach").
// Observed: ErrReversalPair "TVA/2026/00001 and its reversal": the pair's
// own partial is KindReversal and undo refuses any start partial of that
// kind, though the entry has no reversal; the error names one that does
// not exist.
func TestHrev71DetachTheBaseLineOfTheCashBasisEntry(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		dep := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocNormal, "C1", d(2, 1), "300.00", "419100")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(2, 10), Invoices: []journal.ID{dep.ID}})
		require.NoError(t, err)
		cb := cashBasisEntries(res.Entries)
		require.Len(t, cb, 1)
		base := -1
		for i, l := range cb[0].Lines {
			if l.Account == "419100" && l.TaxRole == tax.RoleBase {
				base = i
			}
		}
		require.GreaterOrEqual(t, base, 0)
		_, err = f.rec.Detach(ctx, journal.NoID, cb[0].LineRef(base))
		require.NoError(t, err)
		assert.Equal(t, reconcile.NotPaid, f.state(t, dep).State)
		assert.Equal(t, [2]string{"-60.00", "0.00"}, hrev68VAT(t, f))
		f.check(t)
	})
}

// Passes: the receipt detached after the period of the cash-basis entry
// is locked: the entry is reversed on the first open day, the pair and its
// reversal are lettered, 445740 is back at -60.00 and Check passes.
func TestHrev71BasePairDetachedInALockedPeriod(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		dep := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocNormal, "C1", d(2, 1), "300.00", "419100")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(2, 10), Invoices: []journal.ID{dep.ID}})
		require.NoError(t, err)
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(2, 28), "February closed"))
		_, err = f.rec.Detach(ctx, journal.NoID, res.Entries[0].LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, []string{dep.Name() + " -300.00"}, hrev71Open(t, f, "419100"))
		assert.Equal(t, [2]string{"-60.00", "0.00"}, hrev68VAT(t, f))
		f.check(t)
	})
}

// Passes: a deposit invoice settled by an LCR: collecting the bill makes
// the VAT due; the base pair is lettered, and returning the collection
// (detach) undoes it; Check passes at each step.
func TestHrev71BasePairWithABillOfExchange(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		dep := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocNormal, "C1", d(3, 1), "1000.00", "419100")
		bill := f.drawLCR(t, "LCR-DEP1", dep)
		assert.Equal(t, []string{dep.Name() + " -1000.00"}, hrev71Open(t, f, "419100"))
		res := f.collect(t, bill, d(4, 30), "1200.00")
		require.Len(t, cashBasisEntries(res.Entries), 1)
		assert.Equal(t, []string{dep.Name() + " -1000.00"}, hrev71Open(t, f, "419100"))
		assert.Equal(t, [2]string{"0.00", "-200.00"}, hrev68VAT(t, f))
		f.check(t)
		_, err := f.rec.Detach(ctx, journal.NoID, res.Entries[0].LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, []string{dep.Name() + " -1000.00"}, hrev71Open(t, f, "419100"))
		assert.Equal(t, [2]string{"-200.00", "0.00"}, hrev68VAT(t, f))
		f.check(t)
	})
}

// Passes: an early-payment discount (escompte) on a deposit invoice: the
// base pairs of the cash-basis entry are lettered; unlettering the code
// undoes the discount and the pair; Check passes.
func TestHrev71BasePairWithAnEarlyDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		dep := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocNormal, "C1", d(2, 1), "1000.00", "419100")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(2, 5), Amount: e("1176.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{dep.ID}, EarlyDiscount: true})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, dep).State)
		assert.Equal(t, []string{dep.Name() + " -1000.00"}, hrev71Open(t, f, "419100"))
		assert.Equal(t, "0.00", hrev68VAT(t, f)[0])
		f.check(t)
		_, err = f.rec.Unletter(ctx, journal.NoID, dep.LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, []string{dep.Name() + " -1000.00"}, hrev71Open(t, f, "419100"))
		assert.Equal(t, [2]string{"-200.00", "0.00"}, hrev68VAT(t, f))
		f.check(t)
	})
}

// Passes: a deposit invoice in USD on 419100 paid at another rate: the
// base pair (at the payment's rate) is lettered and nothing generated
// stays open on 419100; detached, Check passes.
func TestHrev71BasePairForeignDeposit(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.25")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.10")))
		inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(2, 1), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{Label: "Acompte", UnitPrice: currency.MustParse(usd, "300.00"), Taxes: []tax.Tax{billSalesVAT}, Account: "419100"}}}
		x, err := inv.Entry()
		require.NoError(t, err)
		dep := f.post(t, x)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 10), Amount: currency.MustParse(usd, "360.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{dep.ID}})
		require.NoError(t, err)
		assert.Len(t, hrev71Open(t, f, "419100"), 1)
		f.check(t)
		_, err = f.rec.Detach(ctx, journal.NoID, res.Entries[0].LineRef(0))
		require.NoError(t, err)
		assert.Len(t, hrev71Open(t, f, "419100"), 1)
		f.check(t)
	})
}

// Was failing, fixed: Expected: the row of the reversal a detached receipt posts is
// dated by that reversal (01/03, the first open day after February was
// locked): the VAT taken back is regularised when the receipt is undone,
// in March, as the reversal entry and 445710 say, and as the row was
// dated before the change. Observed: paidRow now dates every row by the
// paying entry of the cash-basis entry's origin, so the reversal's row is
// dated 10/02, the receipt's date: CashBasisPayments(01/03, 31/03) lists
// a row dated in February that the February report did not have, and
// the row's date no longer says when its VAT moved.
func TestHrev71CashBasisRowOfADetachedReceipt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocNormal, "C1", d(2, 1), "100.00", "706000")
		pay := f.receive(t, "BQD", "C1", d(2, 10), "", inv)
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(2, 28), "February closed"))
		_, err := f.rec.Detach(ctx, journal.NoID, pay.LineRef(0))
		require.NoError(t, err)
		rows, err := f.rec.CashBasisPayments(ctx, d(3, 1), d(3, 31))
		require.NoError(t, err)
		require.Len(t, rows, 1, "%+v", rows)
		assert.Equal(t, "-20.00", rows[0].VAT.Plain())
		assert.Equal(t, "2026-03-01", rows[0].Date.String(), "the reversal's date")
	})
}

// Was failing, fixed: Expected: CashBasisPayments(from, to) gives rows dated within
// [from, to] (the rows are sorted and read by Date; CashBasisRow.Date is
// "the settling entry's accounting date"). Observed: the entries are still
// chosen by the cash-basis entry's date (15/04, when the advance of 10/03
// was applied to the invoice) while the row is now dated by the advance:
// the April report holds a row dated 2026-03-10, and the March report
// (01/03–31/03) has no row for money collected on 10/03. A period's rows
// and their dates disagree.
func TestHrev71CashBasisRowOutsideItsPeriod(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := f.receive(t, "BQD", "C1", d(3, 10), "120.00")
		inv := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocNormal, "C1", d(4, 15), "100.00", "706000")
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		rows, err := f.rec.CashBasisPayments(ctx, d(4, 1), d(4, 30))
		require.NoError(t, err)
		for _, r := range rows {
			assert.False(t, r.Date.Before(d(4, 1)) || d(4, 30).Before(r.Date), "row %+v dated outside 01/04–30/04", r)
		}
	})
}

// Passes: an ordinary invoice and its credit note keep their states
// (invoice reversed, credit note paid); a cancellation invoice paid by a
// receipt is paid; a credit note settled partly by its cancellation
// invoice and partly by a refund is paid, the cancellation invoice too.
func TestHrev71StatesAroundCancellationInvoices(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocNormal, "C1", d(2, 1), "100.00", "706000")
		cn := hrev68Doc(t, f, journal.CustomerCreditNote, journal.DocNormal, "C1", d(2, 2), "100.00", "706000")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Reversed, f.state(t, inv).State)
		assert.Equal(t, reconcile.Paid, f.state(t, cn).State)

		ca := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocCancellation, "C2", d(2, 3), "100.00", "706000")
		f.receive(t, "BQD", "C2", d(2, 10), "", ca)
		assert.Equal(t, reconcile.Paid, f.state(t, ca).State)

		cn3 := hrev68Doc(t, f, journal.CustomerCreditNote, journal.DocNormal, "C3", d(2, 4), "100.00", "706000")
		ca3 := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocCancellation, "C3", d(2, 5), "50.00", "706000")
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{cn3.LineRef(0), ca3.LineRef(0)}})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Partial, f.state(t, cn3).State)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C3", Journal: "BQD",
			Date: d(2, 12), Invoices: []journal.ID{cn3.ID}, Method: reconcile.MethodTransfer})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, cn3).State)
		assert.Equal(t, reconcile.Paid, f.state(t, ca3).State)
		f.check(t)
	})
}

// hrev71Cheque is a cheque payment of 40.00 on 2 April.
func hrev71Cheque(dir reconcile.Direction, p, number, bank string) reconcile.Payment {
	return reconcile.Payment{Direction: dir, Partner: p, Journal: "BQ", Date: d(4, 2), Amount: e("40.00"),
		Method: reconcile.MethodCheque, Cheque: &reconcile.Cheque{Number: number, Bank: bank}}
}

// Passes: a scheduled cheque executes (its own scheduling does not refuse
// it), and its number is then taken; an inbound cheque is the customer's:
// two customers' cheques of one number, or one customer's on two banks,
// are scheduled side by side; a retry of an executed scheduling changes
// nothing.
func TestHrev71ScheduledChequesExecuted(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		out := journal.NewID()
		require.NoError(t, f.rec.Schedule(ctx, out, hrev71Cheque(reconcile.Outbound, "S1", "7000001", "")))
		_, err := f.rec.ExecuteScheduled(ctx, out, d(4, 2))
		require.NoError(t, err, "a scheduled cheque does not refuse itself")
		require.NoError(t, f.rec.Schedule(ctx, out, hrev71Cheque(reconcile.Outbound, "S1", "7000001", "")), "a retry")
		err = f.rec.Schedule(ctx, journal.NewID(), hrev71Cheque(reconcile.Outbound, "S1", "7000001", ""))
		assert.ErrorIs(t, err, reconcile.ErrDuplicateCheque)

		c1, c2, c1b := journal.NewID(), journal.NewID(), journal.NewID()
		require.NoError(t, f.rec.Schedule(ctx, c1, hrev71Cheque(reconcile.Inbound, "C1", "555", "LCL")))
		require.NoError(t, f.rec.Schedule(ctx, c2, hrev71Cheque(reconcile.Inbound, "C2", "555", "LCL")))
		require.NoError(t, f.rec.Schedule(ctx, c1b, hrev71Cheque(reconcile.Inbound, "C1", "555", "BNP")))
		before := f.snapshot(t)
		err = f.rec.Schedule(ctx, journal.NewID(), hrev71Cheque(reconcile.Inbound, "C1", "0555", "lcl"))
		assert.ErrorIs(t, err, reconcile.ErrDuplicateCheque)
		f.unchanged(t, before)
		for _, id := range []journal.ID{c1, c2, c1b} {
			_, err := f.rec.ExecuteScheduled(ctx, id, d(4, 2))
			require.NoError(t, err)
		}
		f.check(t)
	})
}

// Was failing, fixed: Expected: once cheque n° 7000002 drawn on BQ is scheduled (still
// to execute), registering another payment with that cheque is refused
// (ErrDuplicateCheque), writing nothing: the Schedule godoc says a number
// "scheduled by another payment still to execute" is taken, because the
// run that executes the scheduled one would fail. Observed: RegisterPayment
// checks only registered cheques and accepts it; the scheduled payment then
// fails at execution with ErrDuplicateCheque, the failure the change meant
// to move to the moment the number is entered.
func TestHrev71RegisterAChequeScheduledAlready(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		id := journal.NewID()
		require.NoError(t, f.rec.Schedule(ctx, id, hrev71Cheque(reconcile.Outbound, "S1", "7000002", "")))
		before := f.snapshot(t)
		_, err := f.rec.RegisterPayment(ctx, hrev71Cheque(reconcile.Outbound, "S1", "7000002", ""))
		assert.ErrorIs(t, err, reconcile.ErrDuplicateCheque)
		f.unchanged(t, before)
		_, err = f.rec.ExecuteScheduled(ctx, id, d(4, 2))
		assert.NoError(t, err, "the scheduled cheque still executes")
	})
}
