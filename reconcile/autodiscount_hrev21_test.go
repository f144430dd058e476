package reconcile_test

// Review h-rev21: the discounted combination pass (byDiscountedCombinations)
// and credit notes named beside invoices (byReferenceFrom).

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// An invoice of exactly the payment's amount, but outside the date window,
// is no rival: rule 2 cannot letter it, and the combination rule at full
// residuals ignores it (2 400.00 = 1 200.00 + 1 200.00 is proposed). The
// discounted pass must ignore it too: 2 352.00 = 1 176.00 + 1 176.00.
func TestHrev21DiscountedExactRivalOutsideWindow(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rules := reconcile.Rules{DateWindow: 30}
		f.invoice(t, "C1", d(1, 5), "2352.00") // 64 days before the payment
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		b := f.discountInvoice(t, "C1", d(3, 2), "1000.00")
		p := f.pay(t, "C1", d(3, 10), "2352.00", "", "VIREMENT C1")
		out := propose(t, f, customers, rules)
		require.Len(t, out.Proposals, 1, "the old invoice of 2 352.00 is out of the window, yet: %+v", out.Unmatched)
		require.Equal(t, []journal.LineRef{line0(p), line0(a), line0(b)}, out.Proposals[0].Lines)
		require.True(t, out.Proposals[0].Discount.Equal(e("48.00")), out.Proposals[0].Reason)
	})
}

// Control: the same at full residuals is proposed.
func TestHrev21FullExactRivalOutsideWindow(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rules := reconcile.Rules{DateWindow: 30}
		f.invoice(t, "C1", d(1, 5), "2400.00")
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		b := f.discountInvoice(t, "C1", d(3, 2), "1000.00")
		p := f.pay(t, "C1", d(3, 20), "2400.00", "", "VIREMENT C1")
		out := propose(t, f, customers, rules)
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		require.Equal(t, []journal.LineRef{line0(p), line0(a), line0(b)}, out.Proposals[0].Lines)
	})
}

// Deterministic, and the same with oldest-first on: the discounted
// combination runs before oldest-first allocates.
func TestHrev21DiscountedCombinationOldestFirstDeterministic(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		b := f.discountInvoice(t, "C1", d(3, 2), "250.00")
		f.invoice(t, "C1", d(3, 3), "50.00")
		p := f.pay(t, "C1", d(3, 10), "1470.00", "", "VIR")
		q := f.pay(t, "C1", d(3, 11), "20.00", "", "VIR")
		first := propose(t, f, customers, reconcile.Rules{OldestFirst: true})
		for i := 0; i < 3; i++ {
			again := propose(t, f, customers, reconcile.Rules{OldestFirst: true})
			require.Equal(t, first, again)
		}
		var found bool
		for _, pr := range first.Proposals {
			if pr.Lines[0] == line0(p) {
				found = true
				require.Equal(t, []journal.LineRef{line0(p), line0(a), line0(b)}, pr.Lines, pr.Reason)
				require.True(t, pr.Discount.Equal(e("30.00")), pr.Reason)
			}
		}
		require.True(t, found, "%+v %+v", first.Proposals, first.Unmatched)
		applied, err := f.rec.Apply(ctx, journal.NoID, first.Proposals)
		require.NoError(t, err)
		for _, o := range applied.Outcomes {
			require.NoError(t, o.Err)
		}
		f.check(t)
		_ = q
	})
}

// Two payments each naming its own invoice and one shared credit note:
// each payment pays the invoice it names. p2 names FA-2 only; lettering
// it with FA-1 (pairing order) leaves FA-2, which it paid in full, open.
func TestHrev21SharedNoteEachPaymentPaysItsInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "1000.00")
		b := f.invoice(t, "C1", d(3, 2), "500.00")
		cn := f.creditNote(t, "C1", d(3, 3), "200.00")
		p1 := f.pay(t, "C1", d(3, 10), "300.00", a.Name()+" "+cn.Name(), "") // part of FA-1 less the note
		p2 := f.pay(t, "C1", d(3, 11), "500.00", b.Name()+" "+cn.Name(), "") // FA-2 in full
		out := propose(t, f, customers, reconcile.Rules{})
		for _, pr := range out.Proposals {
			for _, pp := range pr.Partials {
				require.False(t, pp.Debit == line0(a) && pp.Credit == line0(p2),
					"%s pays %s, which it does not name, while %s it names stays open: %s; %+v", p2.Name(), a.Name(), b.Name(), pr.Reason, pr.Partials)
			}
		}
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		for _, o := range applied.Outcomes {
			require.NoError(t, o.Err)
		}
		f.check(t)
		require.True(t, f.residual(t, line0(b)).IsZero(), "FA-2 paid in full by %s", p2.Name())
		// The credit note, named by both, reduces neither: which it
		// reduces is not said. FA-1 keeps what p1 leaves of it.
		require.Equal(t, "700.00", f.residual(t, line0(a)).Plain())
		require.Equal(t, "-200.00", f.residual(t, line0(cn)).Plain())
		_ = p1
	})
}

// A credit note that leaves nothing to pay is dropped with its hits; the
// two payments it alone joined must not be lettered together across
// their invoices.
func TestHrev21DroppedNoteStillJoinsPayments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "1000.00")
		b := f.invoice(t, "C1", d(3, 2), "500.00")
		cn := f.creditNote(t, "C1", d(3, 3), "5000.00")
		p1 := f.pay(t, "C1", d(3, 10), "100.00", a.Name()+" "+cn.Name(), "")
		p2 := f.pay(t, "C1", d(3, 11), "400.00", b.Name()+" "+cn.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		for _, pr := range out.Proposals {
			require.NotContains(t, pr.Lines, line0(cn), pr.Reason)
			for _, pp := range pr.Partials {
				require.False(t, pp.Debit == line0(a) && pp.Credit == line0(p2),
					"%s pays %s, which it does not name: %s; %+v", p2.Name(), a.Name(), pr.Reason, pr.Partials)
			}
		}
		_ = p1
	})
}

// A credit note that names another invoice (its reference) and a payment
// naming an invoice and that note: whatever is proposed, Apply takes it
// as proposed, each line once.
func TestHrev21NoteNamingAnotherInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "1200.00")
		c := f.invoice(t, "C1", d(3, 2), "300.00")
		cn := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 3), Type: journal.TypeCreditNote, Ref: c.Name(), Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("-200.00")},
			{Account: "706000", Balance: e("200.00")},
		}})
		p := f.pay(t, "C1", d(3, 10), "1000.00", a.Name()+" "+cn.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		seen := map[journal.LineRef]bool{}
		for _, pr := range out.Proposals {
			require.Equal(t, len(pr.Lines), len(pr.Seen))
			for _, l := range pr.Lines {
				require.False(t, seen[l], "%v in two proposals", l)
				seen[l] = true
			}
		}
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		for _, o := range applied.Outcomes {
			require.NoError(t, o.Err)
		}
		f.check(t)
		// the payment named FA-1 and the note: FA-1 closed
		require.True(t, f.residual(t, line0(a)).IsZero(), "%+v", out.Proposals)
		_ = p
	})
}
