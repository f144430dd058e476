package reconcile_test

// Probes of 8062abd that pass: an entry whose reversal is lettered
// elsewhere, then paid through Apply, leaves a book that passes Check,
// with the expected taxes and states.

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

func (f *fixture) review2Balance(t *testing.T, acct string) string {
	t.Helper()
	b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: acct})
	require.NoError(t, err)
	return b.Balance.Plain()
}

func review2CashBasisInvoice(t *testing.T, f *fixture, p string, date journal.Date, ht string) journal.Entry {
	t.Helper()
	vat := tax.Tax{ID: "E20", Name: "TVA 20", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
		FinalAccount: "445710", TransitionAccount: "445740"}
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: date, Partner: p, PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{{UnitPrice: e(ht), Taxes: []tax.Tax{vat}, Account: "706000"}}}
	x, err := inv.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

// Cash-basis X reversed, its reversal lettered with cash-basis Y, then X
// paid by AutoLetter: Y's tax became due when the reversal settled it, X's
// never does (it went back with its reversal), the transition account
// ends at zero and 445710 holds the one sale's 200.00.
func TestReviewToday2ProbeCashBasisReversalLetteredElsewhere(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := review2CashBasisInvoice(t, f, "C1", d(3, 1), "1000.00")
		rev, err := f.book.Reverse(ctx, x.ID, ledger.ReverseOptions{Date: d(3, 5)})
		require.NoError(t, err)
		y := review2CashBasisInvoice(t, f, "C1", d(3, 6), "1000.00")
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{rev.Entry.LineRef(0), line0(y)}})
		require.NoError(t, err)
		f.pay(t, "C1", d(3, 20), "1200.00", x.Name(), "VIR "+x.Name())
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
		require.Equal(t, reconcile.InPayment, f.state(t, x).State)
		require.Equal(t, "-200.00", f.review2Balance(t, "445710"))
		require.Equal(t, "0.00", f.review2Balance(t, "445740"))
		require.Equal(t, "-1000.00", f.review2Balance(t, "706000"))
		f.check(t)
	})
}

// A receipt reversed by Book.Reverse whose reversal was lettered with a
// credit note: the receipt names the invoice, Apply letters them, Check
// passes.
func TestReviewToday2ProbeReversedReceiptLetteredElsewhere(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		p := f.pay(t, "C1", d(3, 10), "100.00", inv.Name(), "VIR "+inv.Name())
		rev, err := f.book.Reverse(ctx, p.ID, ledger.ReverseOptions{Date: d(3, 15)})
		require.NoError(t, err)
		cn := f.creditNote(t, "C1", d(3, 16), "100.00")
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{rev.Entry.LineRef(0), line0(cn)}})
		require.NoError(t, err)
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Zero(t, sum.FailedCount)
		require.True(t, f.residual(t, line0(inv)).IsZero())
		f.check(t)
	})
}

// Instalments: the reversal's first line lettered with Y, its second with
// X's first instalment; X's 60.00 left is proposed with a receipt of 40.00
// naming X and applied (the reversal has nothing open).
func TestReviewToday2ProbeInstalmentsReversalSplit(t *testing.T) {
	t.Parallel()
	type part = struct {
		due    journal.Date
		amount string
	}
	onStores(t, func(t *testing.T, f *fixture) {
		x := f.instalments(t, "C1", d(3, 1), part{d(3, 31), "60.00"}, part{d(4, 30), "40.00"})
		rev, err := f.book.Reverse(ctx, x.ID, ledger.ReverseOptions{Date: d(3, 5)})
		require.NoError(t, err)
		y := f.invoice(t, "C1", d(3, 6), "60.00")
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{rev.Entry.LineRef(0), line0(y)}})
		require.NoError(t, err)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{rev.Entry.LineRef(1), x.LineRef(0)}})
		require.NoError(t, err)
		f.pay(t, "C1", d(3, 20), "40.00", x.Name(), "VIR "+x.Name())
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Zero(t, sum.FailedCount)
		require.Equal(t, "20.00", f.state(t, x).Residual.Plain())
		f.check(t)
	})
}

// A reversal partly lettered with another invoice is still open: Apply
// still refuses a receipt with the cancelled entry, and the proposer
// letters what is left of the reversal with it instead.
func TestReviewToday2ProbePartlyLetteredReversal(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := f.invoice(t, "C1", d(3, 1), "100.00")
		rev, err := f.book.Reverse(ctx, x.ID, ledger.ReverseOptions{Date: d(3, 5)})
		require.NoError(t, err)
		y := f.invoice(t, "C1", d(3, 6), "60.00")
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{rev.Entry.LineRef(0), line0(y)}})
		require.NoError(t, err)
		pay := f.pay(t, "C1", d(3, 20), "100.00", x.Name(), "VIR "+x.Name())
		applied, err := f.rec.Apply(ctx, journal.NoID, []reconcile.Proposal{{Account: "411000", Lines: []journal.LineRef{line0(pay), line0(x)},
			Seen: []ledger.Residual{{Balance: e("-100.00"), AmountCurrency: e("-100.00")}, {Balance: e("100.00"), AmountCurrency: e("100.00")}}}})
		require.NoError(t, err)
		require.ErrorIs(t, applied.Outcomes[0].Err, reconcile.ErrStale)
		out := propose(t, f, customers, reconcile.Rules{})
		pr := proposalWith(out, line0(x))
		require.NotNil(t, pr)
		require.Contains(t, pr.Lines, rev.Entry.LineRef(0))
		f.check(t)
	})
}
