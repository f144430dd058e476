package reconcile_test

// Review h-rev75 of f2a8cdf: the cash-basis base pair lettered as a
// reversal pair, its lines detached or unlettered by undoing what made it,
// LetteringList rows for it.

import (
	"errors"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev75Reversal returns the reversal of entry id.
func hrev75Reversal(t testing.TB, f *fixture, es []journal.Entry, id journal.ID) journal.Entry {
	t.Helper()
	for _, x := range es {
		if x.ReversalOf == id {
			return x
		}
	}
	t.Fatalf("no reversal of %s", id)
	return journal.Entry{}
}

// Passes: UnletterCode of the pair's own code on 419100 undoes the receipt
// (deposit open, VAT back to 445740); the pair's reversal lines and the
// pair itself then refuse Detach/Unletter with ErrReversalPair writing
// nothing; Propose on 419100 proposes nothing; Check passes.
func TestHrev75UnletterCodeOfThePair(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		dep, cb, base := hrev74Deposit(t, f)
		code, provisional, err := f.rec.Code(ctx, cb.LineRef(base))
		require.NoError(t, err)
		require.False(t, provisional)
		res, err := f.rec.UnletterCode(ctx, journal.NoID, "419100", cb.Lines[base].Partner, code)
		require.NoError(t, err)
		assert.Equal(t, []string{dep.Name() + " -300.00"}, hrev71Open(t, f, "419100"))
		assert.Equal(t, [2]string{"-60.00", "0.00"}, hrev68VAT(t, f))
		assert.Equal(t, reconcile.NotPaid, f.state(t, dep).State)
		f.check(t)
		rev := hrev75Reversal(t, f, res.Entries, cb.ID)
		before := f.snapshot(t)
		_, err = f.rec.Detach(ctx, journal.NoID, rev.LineRef(base))
		assert.ErrorIs(t, err, reconcile.ErrReversalPair)
		_, err = f.rec.Unletter(ctx, journal.NoID, rev.LineRef(base-1))
		assert.ErrorIs(t, err, reconcile.ErrReversalPair)
		_, err = f.rec.Detach(ctx, journal.NoID, cb.LineRef(base))
		assert.ErrorIs(t, err, reconcile.ErrReversalPair)
		f.unchanged(t, before)
		pr, err := f.rec.Propose(ctx, reconcile.Scope{Accounts: []string{"419100"}}, reconcile.Rules{})
		require.NoError(t, err)
		assert.Empty(t, pr.Proposals)
	})
}

// Passes: UnletterLines naming both pair lines and the deposit, in either
// order, undoes the receipt once; Check passes.
func TestHrev75UnletterLinesPairAndDeposit(t *testing.T) {
	t.Parallel()
	for _, order := range []string{"pair first", "deposit first"} {
		t.Run(order, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				dep, cb, base := hrev74Deposit(t, f)
				lines := []journal.LineRef{cb.LineRef(base), cb.LineRef(base - 1), dep.LineRef(0)}
				if order == "deposit first" {
					lines = []journal.LineRef{dep.LineRef(0), cb.LineRef(base), cb.LineRef(base - 1)}
				}
				_, err := f.rec.UnletterLines(ctx, journal.NoID, lines)
				require.NoError(t, err)
				assert.Equal(t, []string{dep.Name() + " -300.00"}, hrev71Open(t, f, "419100"))
				assert.Equal(t, [2]string{"-60.00", "0.00"}, hrev68VAT(t, f))
				f.check(t)
			})
		})
	}
}

// Passes: unlettering a second receipt's pair undoes that receipt only
// (partly paid, half the VAT back); the lettering list still reads.
func TestHrev75SecondPaymentPair(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		dep, _, base := hrev74Deposit(t, f)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(2, 20), Method: reconcile.MethodTransfer, Invoices: []journal.ID{dep.ID}})
		require.NoError(t, err)
		cb2 := cashBasisEntries(res.Entries)
		require.Len(t, cb2, 1)
		_, err = f.rec.Unletter(ctx, journal.NoID, cb2[0].LineRef(base))
		require.NoError(t, err)
		st := f.state(t, dep)
		assert.Equal(t, reconcile.Partial, st.State)
		assert.Equal(t, [2]string{"-30.00", "-30.00"}, hrev68VAT(t, f))
		f.check(t)
		rows, err := f.rec.LetteringList(ctx, reconcile.LetteringFilter{Account: "419100"})
		require.NoError(t, err)
		assert.Len(t, rows, 3, "two pairs, one reversed")
	})
}

// Passes: cancelling a paid deposit is refused with ledger.ErrLettered
// writing nothing; Check passes.
func TestHrev75ReverseDepositAfterPaid(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		dep, _, _ := hrev74Deposit(t, f)
		before := f.snapshot(t)
		_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: dep.ID})
		if err != nil {
			assert.True(t, errors.Is(err, ledger.ErrLettered), "%v", err)
			f.unchanged(t, before)
		}
		f.check(t)
	})
}
