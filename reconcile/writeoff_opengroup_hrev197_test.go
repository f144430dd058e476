package reconcile_test

// Review h-rev197: a write-off made in an open group (it closed one
// invoice while a credit note it shares with another invoice keeps the
// group open) belongs to the line it closed, not to the match a later
// payment of the other invoice completes. Detaching that payment undoes
// what the payment did, no more (DESIGN §5 Unlettering: "residuals are
// restored exactly"; §7 invariant 10): the written-off invoice stays at
// zero. Found by TestHrev95ThreeYearsClosedTwice, seed
// 1796614434777789276, step 35 (a supplier's bill written off 0.03 in a
// group its credit note shares with a bill of 2026, whose payment then
// completed the match).

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev197OpenGroupWriteOff posts invoices A 100.00 and B 50.00 and a
// credit note 90.00 lettered 70.00 on A and 20.00 on B; A is paid 29.98
// and its 0.02 written off while B (30.00 due) keeps the group open.
func hrev197OpenGroupWriteOff(t *testing.T, f *fixture) (a, b, cn, pa journal.Entry) {
	t.Helper()
	a = f.invoice(t, "C1", d(3, 1), "100.00")
	b = f.invoice(t, "C1", d(3, 2), "50.00")
	cn = f.creditNote(t, "C1", d(3, 5), "90.00")
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(cn), line0(a)}, Limit: e("70.00")})
	require.NoError(t, err)
	_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(cn), line0(b)}})
	require.NoError(t, err)
	pa = f.receive(t, "BQD", "C1", d(3, 10), "29.98", a)
	res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(a)}, WriteOff: true})
	require.NoError(t, err)
	require.Empty(t, res.Matches, "B keeps the group open")
	require.Equal(t, "0.00", f.residual(t, line0(a)).Plain())
	require.Equal(t, "30.00", f.residual(t, line0(b)).Plain())
	f.check(t)
	return a, b, cn, pa
}

// Was failing, fixed: B's receipt completes the match; detaching it
// reversed A's write-off too and left A at 0.02.
func TestHrev197DetachPaymentKeepsOpenGroupWriteOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a, b, cn, pa := hrev197OpenGroupWriteOff(t, f)
		pb := f.receive(t, "BQD", "C1", d(3, 12), "30.00", b)
		require.Equal(t, "0.00", f.residual(t, line0(b)).Plain())
		code, prov, err := f.rec.Code(ctx, line0(a))
		require.NoError(t, err)
		require.False(t, prov, "B's receipt completes the match")
		require.NotEmpty(t, code)

		res, err := f.rec.Detach(ctx, journal.NoID, line0(pb))
		require.NoError(t, err)
		f.check(t)
		assert.Empty(t, res.Entries, "no entry of B's receipt to reverse: the write-off is A's")
		assert.Len(t, res.UndonePartial, 1, "only B's receipt is taken off")
		assert.Len(t, res.UndoneMatches, 1, "the match is undone")
		assert.Equal(t, "0.00", f.residual(t, line0(a)).Plain(), "A stays written off")
		assert.Equal(t, "30.00", f.residual(t, line0(b)).Plain())
		assert.Equal(t, "0.00", f.residual(t, line0(cn)).Plain())
		assert.Equal(t, "0.00", f.residual(t, line0(pa)).Plain())
		assert.Equal(t, "-30.00", f.residual(t, line0(pb)).Plain())
		_, prov, err = f.rec.Code(ctx, line0(a))
		require.NoError(t, err)
		assert.True(t, prov, "an open group again")

		// Paying B again completes the match, as before.
		f.receive(t, "BQD", "C1", d(3, 13), "30.00", b)
		_, prov, err = f.rec.Code(ctx, line0(a))
		require.NoError(t, err)
		assert.False(t, prov)
		f.check(t)
	})
}

// Pins (pass before and after the fix): detaching A's receipt, the line
// the write-off closed, reverses the write-off with it (Detach's godoc:
// the write-offs of the lines the undone partials touched); so does
// unlettering the whole match.
func TestHrev197DetachWrittenOffLineReversesWriteOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a, b, _, pa := hrev197OpenGroupWriteOff(t, f)
		pb := f.receive(t, "BQD", "C1", d(3, 12), "30.00", b)
		res, err := f.rec.Detach(ctx, journal.NoID, line0(pa))
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Entries, 1, "the write-off is reversed")
		assert.Equal(t, journal.TypeWriteOff, res.Entries[0].Type)
		assert.Equal(t, "30.00", f.residual(t, line0(a)).Plain())
		assert.Equal(t, "0.00", f.residual(t, line0(b)).Plain())
		assert.Equal(t, "0.00", f.residual(t, line0(pb)).Plain())
	})
}

func TestHrev197UnletterMatchReversesOpenGroupWriteOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a, b, cn, pa := hrev197OpenGroupWriteOff(t, f)
		pb := f.receive(t, "BQD", "C1", d(3, 12), "30.00", b)
		res, err := f.rec.Unletter(ctx, journal.NoID, line0(pb))
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Entries, 1, "the write-off is reversed")
		assert.Equal(t, "100.00", f.residual(t, line0(a)).Plain())
		assert.Equal(t, "50.00", f.residual(t, line0(b)).Plain())
		assert.Equal(t, "-90.00", f.residual(t, line0(cn)).Plain())
		assert.Equal(t, "-29.98", f.residual(t, line0(pa)).Plain())
		assert.Equal(t, "-30.00", f.residual(t, line0(pb)).Plain())
	})
}
