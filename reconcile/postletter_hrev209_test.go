package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A Letter step with WriteOff writes off what its lines leave open, past
// any tolerance (none is configured), dated no earlier than NotBefore and
// generated as Reconcile's write-off; unlettering reverses it.
func TestHrev209PostAndLetterWriteOffStep(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev195Pair(1, "300.00")
		pay.Lines[0].Balance, pay.Lines[1].Balance = e("299.97"), e("-299.97")
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Code: "AAA", WriteOff: true, NotBefore: d(3, 20)},
		}})
		require.NoError(t, err)
		require.Len(t, out.Entries, 1)
		assert.Equal(t, []int{2}, out.EntrySteps)
		wo := out.Entries[0]
		assert.Equal(t, journal.TypeWriteOff, wo.Type)
		assert.NotEqual(t, journal.NoID, wo.Origin, "generated, as Reconcile's write-off")
		assert.Equal(t, d(3, 20), wo.Date, "no earlier than NotBefore")
		assert.Equal(t, "0.03", f.balance(t, "658000"))
		assert.Equal(t, "0.00", f.balance(t, "411000"), "the match is settled")
		f.check(t)

		_, err = f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.balance(t, "658000"), "unlettering reverses the write-off")
		f.check(t)
	})
}

// A Letter step with EarlyDiscount posts the discount on the invoice as a
// payment taking it does, then letters the payment with what remains;
// unlettering reverses the discount.
func TestHrev209PostAndLetterDiscountStep(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev195Pair(1, "300.00")
		pay.Lines[0].Balance, pay.Lines[1].Balance = e("294.00"), e("-294.00")
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Code: "AAA",
				EarlyDiscount: &reconcile.StepDiscount{Invoice: inv.LineRef(0), Amount: e("6.00"), Date: d(3, 11)}},
		}})
		require.NoError(t, err)
		require.Len(t, out.Entries, 1)
		assert.Equal(t, journal.TypeDiscount, out.Entries[0].Type)
		assert.Equal(t, inv.ID, out.Entries[0].Document)
		assert.Equal(t, "6.00", f.balance(t, "665000"))
		c, prov, err := f.rec.Code(ctx, pay.LineRef(1))
		require.NoError(t, err)
		assert.False(t, prov)
		assert.Equal(t, "AAA", c)
		f.check(t)

		_, err = f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.balance(t, "665000"), "unlettering reverses the discount")
		f.check(t)
	})
}

// WriteOff and EarlyDiscount are for a step that letters, a discount on
// one of its lines: refused with ErrStep otherwise, nothing written.
func TestHrev209PostAndLetterStepOptionsRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev195Pair(1, "300.00")
		disc := &reconcile.StepDiscount{Invoice: inv.LineRef(0), Amount: e("6.00"), Date: d(3, 11)}
		bd := &reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)}
		for name, step := range map[string]reconcile.PostLetterStep{
			"write-off on an entry":       {Entry: &inv, WriteOff: true},
			"write-off on a bad debt":     {BadDebt: bd, WriteOff: true},
			"discount on an entry":        {Entry: &pay, EarlyDiscount: disc},
			"discount on a line not here": {Letter: []journal.LineRef{pay.LineRef(1)}, EarlyDiscount: disc},
		} {
			_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{step}})
			assert.ErrorIs(t, err, reconcile.ErrStep, name)
		}
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, EarlyDiscount: &reconcile.StepDiscount{Invoice: inv.LineRef(0), Amount: e("6.00")}}}})
		assert.ErrorIs(t, err, journal.ErrNoDate)
		_, err = f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, EarlyDiscount: &reconcile.StepDiscount{Invoice: inv.LineRef(0), Amount: e("300.00"), Date: d(3, 11)}}}})
		assert.ErrorIs(t, err, reconcile.ErrDiscount, "a discount of the whole invoice")
		assert.Equal(t, 0, f.hrev182Count(t), "nothing written")
	})
}
