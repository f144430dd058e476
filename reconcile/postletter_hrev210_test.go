package reconcile_test

import (
	"errors"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A BadDebt step asking for a code another match of the account and
// partner took already: the bad debt's match takes the next code, the
// other match keeps its own.
func TestHrev210BadDebtStepCodeTaken(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv1, pay1 := hrev195Pair(1, "100.00")
		inv2, _ := hrev195Pair(2, "300.00")
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv1}, {Entry: &pay1}, {Entry: &inv2},
			{Letter: []journal.LineRef{inv1.LineRef(0), pay1.LineRef(1)}, Code: "AAA"},
			{BadDebt: &reconcile.BadDebt{Invoice: inv2.ID, Date: d(6, 15)}, Code: "AAA"},
		}})
		require.NoError(t, err)
		code := func(ref journal.LineRef) string {
			c, prov, err := f.rec.Code(ctx, ref)
			require.NoError(t, err)
			assert.False(t, prov)
			return c
		}
		assert.Equal(t, "AAA", code(inv1.LineRef(0)))
		assert.Equal(t, "AAA", code(pay1.LineRef(1)))
		assert.Equal(t, "AAB", code(inv2.LineRef(0)))
		assert.Equal(t, "300.00", f.balance(t, "654000"))
		f.check(t)
	})
}

// A request whose BadDebt step writes off, then a later step fails (a
// second bad debt of the same invoice, a Check refusing, an unbalanced
// entry): nothing written, the error names the failing step.
func TestHrev210BadDebtStepThenFailure(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, _ := hrev195Pair(1, "300.00")
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{{Entry: &inv}}})
		require.NoError(t, err)
		n := f.hrev182Count(t)
		snap := f.snapshot(t)
		bad := journal.Entry{ID: journal.NewID(), Journal: "OD", Date: d(6, 20), Type: journal.TypeMisc, Lines: []journal.Line{
			{Account: "512000", Balance: e("10.00")}, {Account: "706000", Balance: e("-9.00")}}}
		boom := errors.New("refused by Check")
		for name, req := range map[string]reconcile.PostLetterRequest{
			"bad debt twice": {Steps: []reconcile.PostLetterStep{
				{BadDebt: &reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)}},
				{BadDebt: &reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 16)}}}},
			"unbalanced entry after": {Steps: []reconcile.PostLetterStep{
				{BadDebt: &reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)}},
				{Entry: &bad}}},
			"check refuses": {Steps: []reconcile.PostLetterStep{
				{BadDebt: &reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)}}},
				Check: func(*reconcile.PostLetterResult) error { return boom }},
		} {
			_, err := f.rec.PostAndLetter(ctx, req)
			require.Error(t, err, name)
			if name == "check refuses" {
				assert.ErrorIs(t, err, boom)
			} else {
				var se *reconcile.StepError
				require.ErrorAs(t, err, &se, name)
				assert.Equal(t, 1, se.Step, name)
			}
			assert.Equal(t, n, f.hrev182Count(t), "%s: nothing written", name)
			assert.Equal(t, snap, f.snapshot(t), "%s: nothing written", name)
			assert.Equal(t, "0.00", f.balance(t, "654000"), name)
			f.check(t)
		}
		// The same request made again with its operation id: nothing more.
		op := journal.NewID()
		req := reconcile.PostLetterRequest{Operation: op, Steps: []reconcile.PostLetterStep{
			{BadDebt: &reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)}}}}
		_, err = f.rec.PostAndLetter(ctx, req)
		require.NoError(t, err)
		_, err = f.rec.PostAndLetter(ctx, req)
		require.NoError(t, err)
		assert.Equal(t, "300.00", f.balance(t, "654000"), "written off once")
		assert.Equal(t, "0.00", f.balance(t, "411000"))
		f.check(t)
	})
}
