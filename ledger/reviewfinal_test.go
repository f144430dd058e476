package ledger

import (
	"errors"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of the final review of the integrity fixes (commit 8d05f2c and
// the one after). The ones named ...Defect fail on that commit and say
// why; the others pass and confirm a fix holds.

// TestReviewFinalActiveFlagBeforeItsAccount proves that an active
// flag written by a chain record before its account exists is adopted,
// unseen, by the account added later: one well-formed chain record
// (appendChainRecord, the attacker of review 13) puts acctact "628100" =
// 0, which the book never writes (SetAccountActive needs the account).
// Check names it ("names no account") only until the owner calls
// AddAccount(628100, Active: true); from then on the account reads
// inactive, refuses entries (ErrInactiveAccount), and Check, Verify and
// Verify(WithAnchor(seal)) all pass. AddAccount must refuse to build on
// a flag it did not write, or Check/Verify must name a flag written
// before its account.
func TestReviewFinalActiveFlagBeforeItsAccount(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.strict = false
			seal, err := b.Seal(ctx)
			require.NoError(t, err)
			appendChainRecord(t, st, func(ct *chainTx) error { return ct.Put(bActive, []byte("628100"), activeFlag(false)) })
			require.Error(t, b.Check(ctx), "a flag that names no account")

			err = b.AddAccount(ctx, Account{Code: "628100", Name: "Nouveau compte", Kind: KindOther, Active: true})
			t.Logf("AddAccount over the planted flag: %v", err)
			a, aerr := b.Account(ctx, "628100")
			t.Logf("the account reads active=%v (%v)", a.Active, aerr)
			_, perr := b.Post(ctx, journal.Entry{Journal: "OD", Date: d(3, 2), Lines: []journal.Line{
				{Account: "628100", Balance: e("10.00")}, {Account: "512000", Balance: e("-10.00")}}})
			t.Logf("a post on it: %v", perr)
			checkErr, verifyErr := b.Check(ctx), b.Verify(ctx, WithAnchor(seal))
			require.True(t, err != nil || checkErr != nil || verifyErr != nil || a.Active,
				"an account added active reads inactive, from a flag a chain record wrote before it, and Check and Verify pass")
		})
	}
}

// TestReviewFinalActiveFlagTamperedThroughTheChain: a chain record that
// writes a flag other than 0 or 1, or one for no account, is named by
// Check without a panic (reads return ErrIntegrity); one that deletes a
// flag is named by Verify.
func TestReviewFinalActiveFlagTamperedThroughTheChain(t *testing.T) {
	for _, s := range stores {
		for _, tc := range []struct {
			name   string
			tamper func(ct *chainTx) error
		}{
			{"flag 2", func(ct *chainTx) error { return ct.Put(bActive, []byte("706000"), []byte{2}) }},
			{"flag of two bytes", func(ct *chainTx) error { return ct.Put(bActive, []byte("706000"), []byte{1, 0}) }},
			{"flag of no account", func(ct *chainTx) error { return ct.Put(bActive, []byte("999998"), []byte{1}) }},
			{"flag deleted", func(ct *chainTx) error { return ct.Delete(bActive, []byte("706000")) }},
		} {
			t.Run(s.Name+"/"+tc.name, func(t *testing.T) {
				st := s.Open(t)
				b := testBook(t, st)
				b.strict = false
				require.NoError(t, b.SetAccountActive(ctx, "706000", false))
				require.NoError(t, b.SetAccountActive(ctx, "706000", true))
				require.NoError(t, b.Check(ctx))
				appendChainRecord(t, st, tc.tamper)
				require.NotPanics(t, func() {
					_, err := b.Post(ctx, sale("C1", d(3, 2), "12.00"))
					t.Logf("a post on the account: %v", err)
					_, err = b.Accounts(ctx)
					t.Logf("Accounts: %v", err)
				})
				checkErr, verifyErr := b.Check(ctx), b.Verify(ctx)
				t.Logf("Check: %v; Verify: %v", checkErr, verifyErr)
				require.True(t, checkErr != nil || verifyErr != nil)
			})
		}
	}
}

// TestReviewFinalActiveFlagRawEditRefusedByTheNextWrite: an active flag
// changed or deleted in the store, outside the chain, is not laundered
// by the next SetAccountActive (ErrIntegrity), and Verify names it.
func TestReviewFinalActiveFlagRawEditRefusedByTheNextWrite(t *testing.T) {
	for _, s := range stores {
		for _, tc := range []struct {
			name string
			edit func(tx store.Tx) error
		}{
			{"changed", func(tx store.Tx) error { return tx.Put(bActive, []byte("706000"), []byte{0}) }},
			{"deleted", func(tx store.Tx) error { return tx.Delete(bActive, []byte("706000")) }},
		} {
			t.Run(s.Name+"/"+tc.name, func(t *testing.T) {
				st := s.Open(t)
				b := testBook(t, st)
				b.strict = false
				require.NoError(t, b.SetAccountActive(ctx, "706000", true))
				require.NoError(t, st.Update(ctx, tc.edit))
				err := b.SetAccountActive(ctx, "706000", true)
				require.ErrorIs(t, err, ErrIntegrity)
				var ve *VerifyError
				verr := b.Verify(ctx)
				require.Error(t, verr)
				assert.True(t, errors.As(verr, &ve), "typed: %v", verr)
			})
		}
	}
}

// TestReviewFinalActiveFlagReadsEverywhere: the flag SetAccountActive
// writes is what every read sees — Account, Accounts, a post — in the
// transaction after it, on every backend, and Check and Verify pass.
func TestReviewFinalActiveFlagReadsEverywhere(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			require.NoError(t, b.Update(ctx, func(tx *Tx) error { _, err := tx.Account("706000"); return err }))
			require.NoError(t, b.SetAccountActive(ctx, "706000", false))
			all, err := b.Accounts(ctx)
			require.NoError(t, err)
			for _, a := range all {
				if a.Code == "706000" {
					assert.False(t, a.Active)
				}
			}
			_, err = b.Post(ctx, sale("C1", d(3, 2), "12.00"))
			require.ErrorIs(t, err, ErrInactiveAccount)
			require.NoError(t, b.SetAccountActive(ctx, "706000", true))
			require.NoError(t, b.SetAccountActive(ctx, "706000", true))
			_, err = b.Post(ctx, sale("C1", d(3, 2), "12.00"))
			require.NoError(t, err)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}
