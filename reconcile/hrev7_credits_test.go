package reconcile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// hrev7 probes customer and supplier credits to the cent: overpayments,
// credits used on later invoices, refunds, credit notes larger than their
// invoice or spread over two, automatic lettering between a credit note
// and a payment; aged balance and partner statement after every step.

// hrev7Doc renders a document's state as "state residual/total".
func (f *fixture) hrev7Doc(t *testing.T, x journal.Entry) string {
	t.Helper()
	s := f.state(t, x)
	return fmt.Sprintf("%s %s/%s", s.State, s.Residual.Decimal(), s.Total.Decimal())
}

// hrev7Stmt renders C's statement on acct: due, unallocated, and each
// item's signed residual.
func (f *fixture) hrev7Stmt(t *testing.T, acct, p string) string {
	t.Helper()
	st, err := f.rec.Statement(ctx, acct, p)
	require.NoError(t, err)
	var b strings.Builder
	fmt.Fprintf(&b, "due %s unalloc %s open[", st.Due.Decimal(), st.Unallocated.Decimal())
	for _, it := range st.Open {
		fmt.Fprintf(&b, " %s", it.Residual.Decimal())
	}
	b.WriteString(" ] credits[")
	for _, it := range st.Credits {
		fmt.Fprintf(&b, " %s", it.Residual.Decimal())
	}
	b.WriteString(" ]")
	return b.String()
}

// hrev7Aged renders the partner's aged total (company) at date on acct, and
// how many items.
func (f *fixture) hrev7Aged(t *testing.T, acct, p string, at journal.Date) string {
	t.Helper()
	ab, err := f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{acct}, Partners: []string{p}, At: at})
	require.NoError(t, err)
	var b strings.Builder
	for _, r := range ab.Rows {
		fmt.Fprintf(&b, "%s/%s %s items=%d;", r.Account, r.Partner, r.CompanyTotal.Decimal(), r.Items)
	}
	if len(ab.Rows) == 0 {
		b.WriteString("empty")
	}
	return b.String()
}

func (f *fixture) hrev7Code(t *testing.T, ref journal.LineRef) string {
	t.Helper()
	c, prov, err := f.rec.Code(ctx, ref)
	require.NoError(t, err)
	if prov {
		return "prov:" + c
	}
	return c
}

// TestHrev7ProbeOverpaymentCarriedAndRefunded: invoice 100, receipt 150
// naming it → invoice paid (Odoo: amount_residual 0, paid), 50 outstanding
// credit; invoice 30 paid from the credit; the 20 left refunded → one
// match AAA over the four lines. Statement and aged balance follow each
// step, signed (credits negative on a receivable).
func TestHrev7ProbeOverpaymentCarriedAndRefunded(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "100.00")
		r := f.receive(t, "BQD", "C1", d(3, 5), "150.00", a)
		f.check(t)
		require.Equal(t, "paid 0.00/100.00", f.hrev7Doc(t, a))
		require.Equal(t, "-50.00", f.residual(t, r.LineRef(0)).Decimal().String())
		codeA := f.hrev7Code(t, a.LineRef(0))
		require.True(t, strings.HasPrefix(codeA, "prov:"), codeA) // open group: provisional code
		require.Equal(t, codeA, f.hrev7Code(t, r.LineRef(0)))
		require.Equal(t, "due 0.00 unalloc 50.00 open[ ] credits[ -50.00 ]", f.hrev7Stmt(t, "411000", "C1"))
		require.Equal(t, "411000/C1 -50.00 items=1;", f.hrev7Aged(t, "411000", "C1", d(3, 5)))
		require.Equal(t, "411000/C1 100.00 items=1;", f.hrev7Aged(t, "411000", "C1", d(3, 4)))

		b := f.invoice(t, "C1", d(3, 10), "30.00")
		oc, err := f.rec.OutstandingCredits(ctx, b.ID)
		require.NoError(t, err)
		require.Len(t, oc, 1)
		require.Equal(t, r.LineRef(0), oc[0].Ref)
		require.Equal(t, "-50.00", oc[0].Residual.Decimal().String())
		res, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: b.ID, Credit: r.LineRef(0)})
		require.NoError(t, err)
		require.Len(t, res.Partials, 1)
		require.Empty(t, res.Matches)
		f.check(t)
		require.Equal(t, "paid 0.00/30.00", f.hrev7Doc(t, b))
		require.Equal(t, "due 0.00 unalloc 20.00 open[ ] credits[ -20.00 ]", f.hrev7Stmt(t, "411000", "C1"))
		require.Equal(t, "411000/C1 -20.00 items=1;", f.hrev7Aged(t, "411000", "C1", d(3, 10)))
		// A settled document lists no credits.
		oc, err = f.rec.OutstandingCredits(ctx, b.ID)
		require.NoError(t, err)
		require.Empty(t, oc)

		ref, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 15), Amount: e("20.00"), Invoices: []journal.ID{r.ID}})
		require.NoError(t, err)
		f.check(t)
		rf := ref.Entries[0]
		require.Equal(t, "411000", rf.Lines[0].Account)
		require.Equal(t, "20.00", rf.Lines[0].Balance.Decimal().String())
		require.Len(t, ref.Matches, 1)
		for _, x := range []journal.Entry{a, b, r, rf} {
			require.Equal(t, "AAA", f.hrev7Code(t, x.LineRef(0)))
		}
		require.Equal(t, "due 0.00 unalloc 0.00 open[ ] credits[ ]", f.hrev7Stmt(t, "411000", "C1"))
		require.Equal(t, "empty", f.hrev7Aged(t, "411000", "C1", d(3, 15)))
		require.Equal(t, "411000/C1 -20.00 items=1;", f.hrev7Aged(t, "411000", "C1", d(3, 12))) // before the refund
	})
}

// TestHrev7ProbeCreditUsedThenDetached: a 50 credit used on an invoice of
// 80 (BQ, outstanding receipts) → 80 partial 30; the first invoice, paid
// by an uncleared receipt, in_payment; detaching the second invoice
// restores the 50 credit exactly and the store checks.
func TestHrev7ProbeCreditUsedThenDetached(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "100.00")
		r := f.receive(t, "BQ", "C1", d(3, 5), "150.00", a)
		b := f.invoice(t, "C1", d(3, 10), "80.00")
		stmt0 := f.hrev7Stmt(t, "411000", "C1")
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: b.ID, Credit: r.LineRef(0)})
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, "in_payment 0.00/100.00", f.hrev7Doc(t, a))
		require.Equal(t, "partial 30.00/80.00", f.hrev7Doc(t, b))
		require.Equal(t, "0.00", f.residual(t, r.LineRef(0)).Decimal().String())
		require.Equal(t, "due 30.00 unalloc 0.00 open[ 30.00 ] credits[ ]", f.hrev7Stmt(t, "411000", "C1"))
		require.Equal(t, "411000/C1 30.00 items=1;", f.hrev7Aged(t, "411000", "C1", d(3, 10)))
		_, err = f.rec.Detach(ctx, journal.NoID, b.LineRef(0))
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, stmt0, f.hrev7Stmt(t, "411000", "C1"))
		require.Equal(t, "not_paid 80.00/80.00", f.hrev7Doc(t, b))
		require.Equal(t, "411000/C1 30.00 items=2;", f.hrev7Aged(t, "411000", "C1", d(3, 10)))
	})
}

// TestHrev7ProbeUseCreditChosenAmount: using 20 of a 50 credit on an 80
// invoice leaves 60 due and 30 to use; asking for more than the credit
// holds is refused and writes nothing.
func TestHrev7ProbeUseCreditChosenAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "100.00")
		r := f.receive(t, "BQD", "C1", d(3, 5), "150.00", a)
		b := f.invoice(t, "C1", d(3, 10), "80.00")
		snap := f.snapshot(t)
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: b.ID, Credit: r.LineRef(0), Amount: e("50.01")})
		require.ErrorIs(t, err, reconcile.ErrOverAllocation)
		f.unchanged(t, snap)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: b.ID, Credit: r.LineRef(0), Amount: e("20.00")})
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, "partial 60.00/80.00", f.hrev7Doc(t, b))
		require.Equal(t, "due 60.00 unalloc 30.00 open[ 60.00 ] credits[ -30.00 ]", f.hrev7Stmt(t, "411000", "C1"))
	})
}

// TestHrev7ProbeCreditNoteLargerThanInvoice: invoice 100, credit note 150
// → invoice reversed (Odoo: out_invoice settled by out_refund only), credit
// note partial 50; a refund of 50.01 is refused and writes nothing; the
// refund of 50 through BQ leaves the credit note in_payment and matches AAA.
func TestHrev7ProbeCreditNoteLargerThanInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i := f.invoice(t, "C2", d(4, 1), "100.00")
		cn := f.creditNote(t, "C2", d(4, 2), "150.00")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{i.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, "reversed 0.00/100.00", f.hrev7Doc(t, i))
		require.Equal(t, "partial 50.00/150.00", f.hrev7Doc(t, cn))
		require.Equal(t, "due 0.00 unalloc 50.00 open[ ] credits[ -50.00 ]", f.hrev7Stmt(t, "411000", "C2"))
		require.Equal(t, "411000/C2 -50.00 items=1;", f.hrev7Aged(t, "411000", "C2", d(4, 2)))
		snap := f.snapshot(t)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C2", Journal: "BQD",
			Date: d(4, 5), Amount: e("50.01"), Invoices: []journal.ID{cn.ID}})
		require.ErrorIs(t, err, reconcile.ErrOverAllocation)
		f.unchanged(t, snap)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C2", Journal: "BQ",
			Date: d(4, 5), Amount: e("50.00"), Invoices: []journal.ID{cn.ID}})
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, "reversed 0.00/100.00", f.hrev7Doc(t, i))
		require.Equal(t, "in_payment 0.00/150.00", f.hrev7Doc(t, cn))
		require.Equal(t, "AAA", f.hrev7Code(t, i.LineRef(0)))
		require.Equal(t, "empty", f.hrev7Aged(t, "411000", "C2", d(4, 5)))
	})
}

// TestHrev7ProbeCreditNoteOverTwoInvoices: credit note 100 on invoices 60
// and 70 (passed out of order) → the earlier due date first: 60 reversed,
// 70 partial 30, credit note paid (Odoo: an out_refund settled by invoices
// is paid); a receipt of 30 completes AAA; unlettering the code restores
// every residual.
func TestHrev7ProbeCreditNoteOverTwoInvoices(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C3", d(5, 1), "60.00")
		i2 := f.invoice(t, "C3", d(5, 2), "70.00")
		cn := f.creditNote(t, "C3", d(5, 3), "100.00")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{cn.LineRef(0), i2.LineRef(0), i1.LineRef(0)}})
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, "reversed 0.00/60.00", f.hrev7Doc(t, i1))
		require.Equal(t, "partial 30.00/70.00", f.hrev7Doc(t, i2))
		require.Equal(t, "paid 0.00/100.00", f.hrev7Doc(t, cn))
		require.Equal(t, "due 30.00 unalloc 0.00 open[ 30.00 ] credits[ ]", f.hrev7Stmt(t, "411000", "C3"))
		rc := f.receive(t, "BQD", "C3", d(5, 10), "30.00", i2)
		f.check(t)
		require.Equal(t, "paid 0.00/70.00", f.hrev7Doc(t, i2))
		for _, x := range []journal.Entry{i1, i2, cn, rc} {
			require.Equal(t, "AAA", f.hrev7Code(t, x.LineRef(0)))
		}
		_, err = f.rec.UnletterCode(ctx, journal.NoID, "411000", "C3", "AAA")
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, "due 130.00 unalloc 130.00 open[ 60.00 70.00 ] credits[ -100.00 -30.00 ]", f.hrev7Stmt(t, "411000", "C3"))
		require.Equal(t, "411000/C3 0.00 items=4;", f.hrev7Aged(t, "411000", "C3", d(5, 10)))
		// The retired code is never reused.
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{cn.LineRef(0), rc.LineRef(0), i1.LineRef(0), i2.LineRef(0)}})
		require.NoError(t, err)
		require.Equal(t, "AAB", f.hrev7Code(t, i1.LineRef(0)))
		f.check(t)
	})
}

// TestHrev7ProbeAutoCreditNoteOrPayment: an invoice of 100 faced by a
// credit note and a payment of 100 each is ambiguous for the amount rule
// (nothing lettered, both named); once the payment names the invoice the
// reference rule takes the payment and leaves the credit note open.
func TestHrev7ProbeAutoCreditNoteOrPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i := f.invoice(t, "C1", d(3, 1), "100.00")
		cn := f.creditNote(t, "C1", d(3, 2), "100.00")
		f.pay(t, "C1", d(3, 3), "100.00", "", "VIR C1")
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Zero(t, sum.Applied)
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Unmatched, 2)
		require.Contains(t, out.Unmatched[0].Reason, "ambiguous")

		i2 := f.invoice(t, "C2", d(3, 1), "100.00")
		cn2 := f.creditNote(t, "C2", d(3, 2), "100.00")
		p2 := f.pay(t, "C2", d(3, 3), "100.00", i2.Name(), "VIR C2")
		sum, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C2"}}})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
		f.check(t)
		require.Equal(t, "in_payment 0.00/100.00", f.hrev7Doc(t, i2))
		require.Equal(t, "not_paid 100.00/100.00", f.hrev7Doc(t, cn2))
		require.Equal(t, "AAA", f.hrev7Code(t, p2.LineRef(0)))
		_ = i
		_ = cn
	})
}

// TestHrev7ProbeSupplierCredit: the payable mirror: bill 100 paid 150 →
// 50 owed to us (statement credit +50, aged +50 on the debit side); 20 of
// it used on a bill of 80; the supplier refunds the 30 left (Inbound
// naming the payment, Cr 401000).
func TestHrev7ProbeSupplierCredit(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		bl := f.bill(t, "S1", d(5, 1), "100.00")
		sp, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQD",
			Date: d(5, 5), Amount: e("150.00"), Invoices: []journal.ID{bl.ID}})
		require.NoError(t, err)
		f.check(t)
		pay := sp.Entries[0]
		require.Equal(t, "paid 0.00/100.00", f.hrev7Doc(t, bl))
		require.Equal(t, "due 0.00 unalloc 50.00 open[ ] credits[ 50.00 ]", f.hrev7Stmt(t, "401000", "S1"))
		require.Equal(t, "401000/S1 50.00 items=1;", f.hrev7Aged(t, "401000", "S1", d(5, 5)))
		bl2 := f.bill(t, "S1", d(5, 10), "80.00")
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: bl2.ID, Credit: pay.LineRef(0), Amount: e("20.00")})
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, "partial 60.00/80.00", f.hrev7Doc(t, bl2))
		require.Equal(t, "due 60.00 unalloc 30.00 open[ -60.00 ] credits[ 30.00 ]", f.hrev7Stmt(t, "401000", "S1"))
		require.Equal(t, "401000/S1 -30.00 items=2;", f.hrev7Aged(t, "401000", "S1", d(5, 10)))
		srf, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "S1", Journal: "BQD",
			Date: d(5, 12), Amount: e("30.00"), Invoices: []journal.ID{pay.ID}})
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, "401000", srf.Entries[0].Lines[0].Account)
		require.Equal(t, "-30.00", srf.Entries[0].Lines[0].Balance.Decimal().String())
		require.Equal(t, "due 60.00 unalloc 0.00 open[ -60.00 ] credits[ ]", f.hrev7Stmt(t, "401000", "S1"))
		require.Equal(t, "401000/S1 -60.00 items=1;", f.hrev7Aged(t, "401000", "S1", d(5, 12)))
	})
}

// TestHrev7ProbeCreditFromUnclearedReceipt: an invoice paid in full from
// the credit of a receipt still on 512100 is in_payment, like the invoice
// the receipt named (Odoo: the payment is not yet matched with the bank);
// once a statement line clears the receipt both are paid.
func TestHrev7ProbeCreditFromUnclearedReceipt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "100.00")
		r := f.receive(t, "BQ", "C1", d(3, 5), "150.00", a)
		b := f.invoice(t, "C1", d(3, 10), "50.00")
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: b.ID, Credit: r.LineRef(0)})
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, "in_payment 0.00/100.00", f.hrev7Doc(t, a))
		require.Equal(t, "in_payment 0.00/50.00", f.hrev7Doc(t, b))
		require.Equal(t, "AAA", f.hrev7Code(t, b.LineRef(0)))
		sl, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 12), Amount: e("150.00")})
		require.NoError(t, err)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{sl.Entries[0].LineRef(0), r.LineRef(1)}})
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, "paid 0.00/100.00", f.hrev7Doc(t, a))
		require.Equal(t, "paid 0.00/50.00", f.hrev7Doc(t, b))
	})
}
