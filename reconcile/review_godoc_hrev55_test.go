package reconcile_test

// Review h-rev55: the exported godoc of reconcile's payments, runs,
// deposits, statement lines and lettering read as a contract. Every test
// here failed on the code it was written against and says how it was
// fixed.

// h-rev55: the godoc of payments, statement lines and clearing read as a
// contract. Each test here fails on the code reviewed: it quotes the claim
// it holds the code to.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev55Receipt posts an unidentified receipt of 500.00 on BQ, waiting on
// the outstanding receipts account 512100.
func hrev55Receipt(t *testing.T, f *fixture) journal.Entry {
	t.Helper()
	res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 5), Amount: e("500.00")})
	require.NoError(t, err)
	return res.Entries[0]
}

// Was failing, fixed: Clear "letters a statement line's counterpart with the payments'
// lines on the same outstanding account"; Clearing.BankFees "posts a
// remaining difference to Config.BankFees (627000) so the group closes".
// Naming no payment at all, Clear with BankFees writes the whole 500.00
// receipt off to 627000 (a credit on bank fees) and reports success: a
// customer's money vanishes into negative bank charges. The code is wrong:
// a clearing with no payment should be refused (ErrNotDocument), writing
// nothing.
func TestHrev55ClearBankFeesWithoutPayments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		st := hrev55Receipt(t, f)
		before := f.snapshot(t)
		_, err := f.rec.Clear(ctx, reconcile.Clearing{Statement: st.ID, BankFees: true})
		b, berr := f.book.Balance(ctx, ledger.BalanceQuery{Account: "627000"})
		require.NoError(t, berr)
		assert.True(t, b.Balance.IsZero(), "a receipt cleared against no payment is no bank fee: 627000 is %s", b.Balance)
		require.Error(t, err, "a clearing names the payments it clears (ErrNotDocument, say)")
		f.unchanged(t, before)
	})
}

// Was failing, fixed: Clearing.Difference "is the account a remaining difference is
// posted to instead ... for what the bank's conversion of a foreign
// receipt lost or gained against the rate it was booked at". With no
// payment named, the whole 500.00 receipt is posted to 766000 as an
// exchange gain. The code is wrong: there is no payment, so no difference.
func TestHrev55ClearDifferenceWithoutPayments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		st := hrev55Receipt(t, f)
		before := f.snapshot(t)
		_, err := f.rec.Clear(ctx, reconcile.Clearing{Statement: st.ID, Difference: "766000"})
		b, berr := f.book.Balance(ctx, ledger.BalanceQuery{Account: "766000"})
		require.NoError(t, berr)
		assert.True(t, b.Balance.IsZero(), "a receipt cleared against no payment is no exchange gain: 766000 is %s", b.Balance)
		require.Error(t, err, "a clearing names the payments it clears (ErrNotDocument, say)")
		f.unchanged(t, before)
	})
}
