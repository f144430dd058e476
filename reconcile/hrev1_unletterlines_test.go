package reconcile_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev1FXGroup letters a USD invoice with a USD receipt at another rate:
// the lettering posts an exchange difference, whose 411000 line is in the
// invoice's group. It returns the invoice and that generated line.
func hrev1FXGroup(t *testing.T, f *fixture) (inv journal.Entry, gen journal.LineRef) {
	t.Helper()
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
	require.NoError(t, f.book.SetRate(ctx, usd, d(3, 10), currency.MustParseRate("1.25")))
	inv = f.foreignSale(t, "C1", d(3, 1), usd, "1200.00")
	a := currency.MustParse(usd, "1200.00")
	pay := f.post(t, journal.Entry{Journal: "BQD", Date: d(3, 12), Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
		{Account: "512000", AmountCurrency: a}, {Account: "411000", Partner: "C1", AmountCurrency: a.Neg()}}})
	res := rvsLetter(t, f, line0(inv), pay.LineRef(1))
	for _, x := range res.Entries {
		for i, l := range x.Lines {
			if l.Account == "411000" {
				return inv, x.LineRef(i)
			}
		}
	}
	t.Fatalf("the lettering posted no exchange difference on 411000: %+v", res.Entries)
	return
}

// hrev1WriteOffGroup letters an invoice of 100.00 with a receipt of
// 99.98, writing off 0.02: the write-off entry's 411000 line is in the
// group. It returns the invoice and that generated line.
func hrev1WriteOffGroup(t *testing.T, f *fixture) (inv journal.Entry, gen journal.LineRef) {
	t.Helper()
	inv = f.invoice(t, "C1", d(3, 1), "100.00")
	pay := f.receive(t, "BQD", "C1", d(3, 5), "99.98")
	res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(inv), line0(pay)}, WriteOff: true})
	require.NoError(t, err)
	for _, x := range res.Entries {
		for i, l := range x.Lines {
			if l.Account == "411000" {
				return inv, x.LineRef(i)
			}
		}
	}
	t.Fatalf("the lettering posted no write-off on 411000: %+v", res.Entries)
	return
}

// TestHRev1UnletterLinesGeneratedLineEitherOrder names, in one call, an
// invoice's line and the 411000 line of the entry its lettering posted
// (an exchange difference; a write-off): one group. UnletterLines says a
// line whose group an earlier line's took with it "is done, not an
// error", so both orders must undo the group once.
// Expected: both orders succeed, the invoice not paid again, Check passes.
// Observed: generated line first succeeds; invoice line first fails with
// ErrReversalPair ("an entry lettered with its own reversal stays
// lettered: CHG/2026/00002 and its reversal"): undoing the group reverses
// the generated entry and letters it with its reversal, so the generated
// line has live partials again when its turn comes (the loop only skips
// lines without live partials) and unletterGroup refuses a reversal
// pair. The order a caller (or 'lettrage unletter A B') names the lines
// in decides whether the délettrage works.
func TestHRev1UnletterLinesGeneratedLineEitherOrder(t *testing.T) {
	t.Parallel()
	for _, setup := range []struct {
		name string
		make func(*testing.T, *fixture) (journal.Entry, journal.LineRef)
	}{{"exchange difference", hrev1FXGroup}, {"write-off", hrev1WriteOffGroup}} {
		for _, genFirst := range []bool{true, false} {
			name := setup.name + "/invoice first"
			if genFirst {
				name = setup.name + "/generated line first"
			}
			t.Run(name, func(t *testing.T) {
				onStores(t, func(t *testing.T, f *fixture) {
					inv, gen := setup.make(t, f)
					lines := []journal.LineRef{line0(inv), gen}
					if genFirst {
						lines = []journal.LineRef{gen, line0(inv)}
					}
					before := f.snapshot(t)
					_, err := f.rec.UnletterLines(ctx, journal.ID(uuid.New()), lines)
					if !assert.NoError(t, err) {
						f.unchanged(t, before)
						return
					}
					assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
					f.check(t)
				})
			})
		}
	}
}

// TestHRev1ProbeUnletterLinesLockDate: two groups, the second with an
// exchange difference dated before the general lock date: UnletterLines
// either undoes both (reversals dated after the lock) with Check passing,
// or refuses and writes nothing — never the first group alone.
func TestHRev1ProbeUnletterLinesLockDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C2", d(3, 1), "100.00")
		f.receive(t, "BQD", "C2", d(3, 5), "100.00", a)
		inv, _ := hrev1FXGroup(t, f)
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(3, 31), "march filed"))
		before := f.snapshot(t)
		_, err := f.rec.UnletterLines(ctx, journal.ID(uuid.New()), []journal.LineRef{line0(a), line0(inv)})
		if err != nil {
			f.unchanged(t, before)
			rvsState(t, f, a, reconcile.Paid, "0.00")
		} else {
			rvsState(t, f, a, reconcile.NotPaid, "100.00")
			assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		}
		t.Logf("UnletterLines after the lock: %v", err)
		f.check(t)
	})
}

// TestHRev1ProbeUnletterLinesIdempotency: the same op id with the same
// lines replays (nothing written); with other lines, or the same lines in
// another order, it is ErrIdempotencyConflict (the request is fingerprinted
// as given) and writes nothing.
func TestHRev1ProbeUnletterLinesIdempotency(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "100.00")
		b := f.invoice(t, "C2", d(3, 1), "200.00")
		f.receive(t, "BQD", "C1", d(3, 5), "100.00", a)
		f.receive(t, "BQD", "C2", d(3, 5), "200.00", b)
		c := f.invoice(t, "C3", d(3, 1), "50.00")
		f.receive(t, "BQD", "C3", d(3, 5), "50.00", c)
		op := journal.ID(uuid.New())
		_, err := f.rec.UnletterLines(ctx, op, []journal.LineRef{line0(a), line0(b)})
		require.NoError(t, err)
		before := f.snapshot(t)
		res, err := f.rec.UnletterLines(ctx, op, []journal.LineRef{line0(a), line0(b)})
		require.NoError(t, err)
		assert.True(t, res.Replay)
		f.unchanged(t, before)
		_, err = f.rec.UnletterLines(ctx, op, []journal.LineRef{line0(a), line0(c)})
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		_, err = f.rec.Unletter(ctx, op, line0(c))
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		rvsState(t, f, c, reconcile.Paid, "0.00")
		f.check(t)
	})
}
