package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A BadDebt step writes the rest of an invoice off as WriteOffBadDebt
// does, its match taking the step's code, and unlettering the invoice
// reverses it; an Impairment step posts what Impair posts, which a later
// Impair for the same closing replaces.
func TestHrev204PostAndLetterBadDebtAndImpairmentSteps(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev195Pair(1, "300.00")
		pay.Lines[0].Balance, pay.Lines[1].Balance = e("100.00"), e("-100.00")
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Code: "AAC"},
			{BadDebt: &reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)}, Code: "AAC"},
			{Impairment: &reconcile.Impairment{Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("0.00")}}}},
		}})
		require.NoError(t, err)
		require.Len(t, out.Entries, 1, "the bad debt; no impairment to take back")
		assert.Equal(t, []int{3}, out.EntrySteps)
		assert.Equal(t, journal.TypeWriteOff, out.Entries[0].Type)
		assert.NotEqual(t, journal.NoID, out.Entries[0].Origin, "generated, as WriteOffBadDebt posts it")
		assert.Equal(t, "200.00", f.balance(t, "654000"))
		c, prov, err := f.rec.Code(ctx, inv.LineRef(0))
		require.NoError(t, err)
		assert.False(t, prov)
		assert.Equal(t, "AAC", c)
		f.check(t)

		_, err = f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.balance(t, "654000"), "unlettering reverses the bad debt")
		assert.Equal(t, "200.00", f.balance(t, "411000"), "the customer owes what it owed before")
		f.check(t)

		out, err = f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Impairment: &reconcile.Impairment{Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("150.00")}}}}}})
		require.NoError(t, err)
		require.Len(t, out.Entries, 1)
		assert.Equal(t, []int{0}, out.EntrySteps)
		assert.Equal(t, "-150.00", f.balance(t, "491000"))
		// Impair for the same closing replaces it: a charge of 100,00 in
		// all, no reprise.
		_, err = f.rec.Impair(ctx, reconcile.Impairment{Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("100.00")}}})
		require.NoError(t, err)
		assert.Equal(t, "-100.00", f.balance(t, "491000"))
		assert.Equal(t, "100.00", f.balance(t, "681740"))
		assert.Equal(t, "0.00", f.balance(t, "781740"))
		f.check(t)
	})
}

// A step must be one thing, and take only the options it may.
func TestHrev204PostAndLetterStepRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, _ := hrev195Pair(1, "300.00")
		bd := &reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)}
		im := &reconcile.Impairment{Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("1.00")}}}
		for name, step := range map[string]reconcile.PostLetterStep{
			"entry and bad debt":     {Entry: &inv, BadDebt: bd},
			"bad debt and impair":    {BadDebt: bd, Impairment: im},
			"code on an impairment":  {Impairment: im, Code: "AAA"},
			"not before on bad debt": {BadDebt: bd, NotBefore: d(6, 1)},
		} {
			_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{step}})
			assert.ErrorIs(t, err, reconcile.ErrStep, name)
		}
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{BadDebt: &reconcile.BadDebt{Invoice: inv.ID}}}})
		assert.ErrorIs(t, err, journal.ErrNoDate)
		assert.Equal(t, 0, f.hrev182Count(t), "nothing written")
	})
}
