package reconcile_test

// Review h-rev22: settleNotes (credit notes named beside invoices).

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// hrev22Apply checks each line is in one proposal at most, Lines/Seen
// agree, and Apply takes every proposal; then the book checks.
func hrev22Apply(t *testing.T, f *fixture, out reconcile.Proposals) {
	t.Helper()
	seen := map[journal.LineRef]bool{}
	for _, pr := range out.Proposals {
		require.Equal(t, len(pr.Lines), len(pr.Seen), pr.Reason)
		in := map[journal.LineRef]bool{}
		for _, l := range pr.Lines {
			require.False(t, seen[l], "%v in two proposals", l)
			seen[l] = true
			in[l] = true
		}
		for _, pp := range pr.Partials {
			if pp.Debit != (journal.LineRef{}) && pp.Credit != (journal.LineRef{}) && !pr.WriteOff.IsSet() && !pr.Discount.IsSet() {
				require.True(t, in[pp.Debit] && in[pp.Credit], "partial outside Lines: %+v", pp)
			}
		}
	}
	for _, u := range out.Unmatched {
		require.False(t, seen[u.Line], "%v both proposed and unmatched (%s)", u.Line, u.Reason)
	}
	applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
	require.NoError(t, err)
	for _, o := range applied.Outcomes {
		require.NoError(t, o.Err)
	}
	f.check(t)
}

// hrev22Refund posts a refund to customer p: a debit on 411000.
func (f *fixture) hrev22Refund(t testing.TB, p string, date journal.Date, amount, ref string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "BQ", Date: date, Ref: ref, Lines: []journal.Line{
		{Account: "411000", Partner: p, Balance: e(amount)},
		{Account: "512000", Balance: e(amount).Neg()},
	}})
}

func hrev22Find(out reconcile.Proposals, l journal.LineRef) *reconcile.Proposal {
	for i, pr := range out.Proposals {
		for _, x := range pr.Lines {
			if x == l {
				return &out.Proposals[i]
			}
		}
	}
	return nil
}

func hrev22Reason(out reconcile.Proposals, l journal.LineRef) string {
	for _, u := range out.Unmatched {
		if u.Line == l {
			return u.Reason
		}
	}
	return ""
}

// A refund names the credit note it pays back; two payments also name the
// note beside their invoices, so neither sets it off. The refund's own
// reference still says what it pays back: it is lettered with the note.
// (Another credit note of 200.00 makes the amount rule no help.)
func TestHrev22RefundNamesNoteTwoPaymentsName(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "1000.00")
		b := f.invoice(t, "C1", d(3, 2), "500.00")
		cn := f.creditNote(t, "C1", d(3, 3), "200.00")
		f.creditNote(t, "C1", d(3, 4), "200.00")
		p1 := f.pay(t, "C1", d(3, 10), "800.00", a.Name()+" "+cn.Name(), "")
		p2 := f.pay(t, "C1", d(3, 11), "300.00", b.Name()+" "+cn.Name(), "")
		r := f.hrev22Refund(t, "C1", d(3, 12), "200.00", "remboursement "+cn.Name())
		out := propose(t, f, customers, reconcile.Rules{})
		pr := hrev22Find(out, line0(cn))
		require.NotNil(t, pr, "refund %s names %s: unmatched %+v", r.Name(), cn.Name(), out.Unmatched)
		require.Contains(t, pr.Lines, line0(r), pr.Reason)
		hrev22Apply(t, f, out)
		_, _ = p1, p2
	})
}

// Control: one payment names the note; the refund names another note.
func TestHrev22RefundNamesNoteControl(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.creditNote(t, "C1", d(3, 4), "200.00")
		cn := f.creditNote(t, "C1", d(3, 3), "200.00")
		r := f.hrev22Refund(t, "C1", d(3, 12), "200.00", "remboursement "+cn.Name())
		out := propose(t, f, customers, reconcile.Rules{})
		pr := hrev22Find(out, line0(cn))
		require.NotNil(t, pr, "%+v", out.Unmatched)
		require.Contains(t, pr.Lines, line0(r))
		hrev22Apply(t, f, out)
	})
}

// Two credit notes named by one payment beside one invoice: both set off.
func TestHrev22TwoNotesOnePayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "1000.00")
		n1 := f.creditNote(t, "C1", d(3, 3), "100.00")
		n2 := f.creditNote(t, "C1", d(3, 4), "200.00")
		p := f.pay(t, "C1", d(3, 10), "700.00", a.Name()+" less "+n1.Name()+" and "+n2.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		require.ElementsMatch(t, []journal.LineRef{line0(p), line0(a), line0(n1), line0(n2)}, out.Proposals[0].Lines)
		hrev22Apply(t, f, out)
		hrev18Zero(t, f, line0(a), line0(n1), line0(n2), line0(p))
	})
}

// A payment naming FA-1, a note, and FA-2: one lettering, all closed.
func TestHrev22InvoiceNoteInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "1000.00")
		b := f.invoice(t, "C1", d(3, 2), "500.00")
		n := f.creditNote(t, "C1", d(3, 3), "200.00")
		p := f.pay(t, "C1", d(3, 10), "1300.00", a.Name()+" "+n.Name()+" "+b.Name(), "")
		first := propose(t, f, customers, reconcile.Rules{})
		for i := 0; i < 3; i++ {
			require.Equal(t, first, propose(t, f, customers, reconcile.Rules{}))
		}
		require.Len(t, first.Proposals, 1, "%+v", first.Unmatched)
		hrev22Apply(t, f, first)
		hrev18Zero(t, f, line0(a), line0(b), line0(n), line0(p))
	})
}

// A note whose reference names an invoice no payment names, and no payment
// names the note: lettered with that invoice by its own reference.
func TestHrev22NoteOwnReferenceNoPaymentNamesIt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "1000.00")
		c := f.invoice(t, "C1", d(3, 2), "300.00")
		cn := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 3), Type: journal.TypeCreditNote, Ref: c.Name(), Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("-300.00")},
			{Account: "706000", Balance: e("300.00")},
		}})
		p := f.pay(t, "C1", d(3, 10), "1000.00", a.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		pr := hrev22Find(out, line0(cn))
		require.NotNil(t, pr, "%+v", out.Unmatched)
		require.Equal(t, []journal.LineRef{line0(cn), line0(c)}, pr.Lines, pr.Reason)
		hrev22Apply(t, f, out)
		hrev18Zero(t, f, line0(a), line0(c), line0(cn), line0(p))
	})
}

// A note named by one payment, whose own reference names the invoice
// another payment names: the note is the first payment's set-off, the
// second payment pays its invoice alone.
func TestHrev22NoteOwnRefNamesOtherPaymentsInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "1000.00")
		c := f.invoice(t, "C1", d(3, 2), "300.00")
		cn := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 3), Type: journal.TypeCreditNote, Ref: c.Name(), Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("-200.00")},
			{Account: "706000", Balance: e("200.00")},
		}})
		p1 := f.pay(t, "C1", d(3, 10), "800.00", a.Name()+" moins "+cn.Name(), "")
		p2 := f.pay(t, "C1", d(3, 11), "300.00", c.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 2, "%+v", out.Unmatched)
		hrev22Apply(t, f, out)
		hrev18Zero(t, f, line0(a), line0(c), line0(cn), line0(p1), line0(p2))
	})
}

// Two payments name a note whose own reference names the first one's
// invoice: whatever is proposed, each line once, Apply takes it.
func TestHrev22SharedNoteOwnRef(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "1000.00")
		b := f.invoice(t, "C1", d(3, 2), "500.00")
		cn := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 3), Type: journal.TypeCreditNote, Ref: a.Name(), Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("-200.00")},
			{Account: "706000", Balance: e("200.00")},
		}})
		f.pay(t, "C1", d(3, 10), "800.00", a.Name()+" "+cn.Name(), "")
		f.pay(t, "C1", d(3, 11), "300.00", b.Name()+" "+cn.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		if r := hrev22Reason(out, line0(cn)); r != "" {
			require.Contains(t, r, "named by 2 payments")
		}
		hrev22Apply(t, f, out)
	})
}

// Supplier side: a payment out names a bill and a supplier credit note.
func TestHrev22SupplierSetOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := f.bill(t, "S1", d(3, 1), "1000.00")
		n := f.supplierCreditNote(t, "S1", d(3, 3), "200.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: e("800.00"), Ref: b.Name() + " - " + n.Name()})
		require.NoError(t, err)
		out := propose(t, f, reconcile.Scope{Accounts: []string{"401000"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		hrev22Apply(t, f, out)
		hrev18Zero(t, f, line0(b), line0(n), line0(res.Entries[0]))
	})
}

// Supplier side, two payments out name one supplier credit note.
func TestHrev22SupplierSharedNote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b1 := f.bill(t, "S1", d(3, 1), "1000.00")
		b2 := f.bill(t, "S1", d(3, 2), "500.00")
		n := f.supplierCreditNote(t, "S1", d(3, 3), "200.00")
		for _, x := range []struct{ amt, ref string }{{"800.00", b1.Name() + " " + n.Name()}, {"500.00", b2.Name() + " " + n.Name()}} {
			_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
				Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: e(x.amt), Ref: x.ref})
			require.NoError(t, err)
		}
		out := propose(t, f, reconcile.Scope{Accounts: []string{"401000"}}, reconcile.Rules{})
		require.Contains(t, hrev22Reason(out, line0(n)), "named by 2 payments", "%+v", out)
		hrev22Apply(t, f, out)
		require.True(t, f.residual(t, line0(b2)).IsZero())
		require.Equal(t, "-200.00", f.residual(t, line0(b1)).Plain())
	})
}

// Early-payment discount with a set-off, then Unletter restores the
// trial balance.
func TestHrev22DiscountSetOffUnletter(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00") // 1200, 1176 until 3/11
		n := f.creditNote(t, "C1", d(3, 3), "120.00")
		p := f.pay(t, "C1", d(3, 10), "1056.00", a.Name()+" "+n.Name(), "")
		before := hrev17Balances(t, f)
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		require.True(t, out.Proposals[0].Discount.Equal(e("24.00")), out.Proposals[0].Reason)
		hrev22Apply(t, f, out)
		hrev18Zero(t, f, line0(a), line0(n), line0(p))
		_, err := f.rec.Unletter(ctx, journal.NoID, line0(p))
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, before, hrev17Balances(t, f))
		require.Equal(t, "1200.00", f.residual(t, line0(a)).Plain())
		require.Equal(t, "-120.00", f.residual(t, line0(n)).Plain())
	})
}

// Reason text of a note two payments name lists both payments.
func TestHrev22ReasonText(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "1000.00")
		b := f.invoice(t, "C1", d(3, 2), "500.00")
		c := f.invoice(t, "C1", d(3, 3), "700.00")
		cn := f.creditNote(t, "C1", d(3, 3), "200.00")
		p1 := f.pay(t, "C1", d(3, 10), "800.00", a.Name()+" "+cn.Name(), "")
		p2 := f.pay(t, "C1", d(3, 11), "300.00", b.Name()+" "+cn.Name(), "")
		p3 := f.pay(t, "C1", d(3, 12), "500.00", c.Name()+" "+cn.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		r := hrev22Reason(out, line0(cn))
		require.Contains(t, r, "named by 3 payments", "%+v", out)
		for _, p := range []journal.Entry{p1, p2, p3} {
			require.Contains(t, r, p.Name())
		}
		hrev22Apply(t, f, out)
	})
}
