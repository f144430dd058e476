package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// TestConfigCacheFollowsChanges: a Book keeps the accounts and partners
// its transactions read, and never serves one changed since — by another
// handle of the same store (another process), by itself, or earlier in
// the same transaction; a partner it serves is the caller's copy. On
// every backend.
func TestConfigCacheFollowsChanges(t *testing.T) {
	for _, be := range stores {
		t.Run(be.Name, func(t *testing.T) {
			st := be.Open(t)
			a := testBook(t, st)
			b, err := Open(ctx, st, Options{Currency: eur, Clock: fixedClock()})
			require.NoError(t, err)

			mustPost(t, a, sale("C1", d(1, 2), "120.00")) // a reads 411000, 706000, 445710 and C1
			require.NoError(t, b.SetAccountActive(ctx, "706000", false))
			_, err = a.Post(ctx, sale("C1", d(1, 3), "120.00"))
			require.ErrorIs(t, err, ErrInactiveAccount, "a served 706000 as it was before b deactivated it")
			require.NoError(t, b.SetAccountActive(ctx, "706000", true))
			mustPost(t, a, sale("C1", d(1, 4), "120.00"))

			p, err := a.Partner(ctx, "C1")
			require.NoError(t, err)
			p.Name = "Renamed by b"
			require.NoError(t, b.UpdatePartner(ctx, p))
			got, err := a.Partner(ctx, "C1")
			require.NoError(t, err)
			require.Equal(t, "Renamed by b", got.Name, "a served C1 as it was before b renamed it")

			// The caller's copy: changing it changes nothing kept.
			got.BankAccounts = append(got.BankAccounts, BankAccount{})
			got.Name = "changed by the caller"
			again, err := a.Partner(ctx, "C1")
			require.NoError(t, err)
			require.Equal(t, "Renamed by b", again.Name)
			require.Len(t, again.BankAccounts, len(p.BankAccounts))

			// In one transaction: an account deactivated there is refused
			// there, though the cache holds it active.
			require.NoError(t, a.Update(ctx, func(tx *Tx) error {
				if _, err := tx.Account("706000"); err != nil {
					return err
				}
				delete(tx.accounts, "706000")
				if err := tx.st.Put(bActive, []byte("706000"), activeFlag(false)); err != nil {
					return err
				}
				acc, err := tx.Account("706000")
				require.NoError(t, err)
				require.False(t, acc.Active, "the transaction's own change not seen")
				_, _, err = tx.Post(sale("C1", d(1, 5), "120.00"))
				require.ErrorIs(t, err, ErrInactiveAccount)
				return nil
			}))
			acc, err := b.Account(ctx, "706000")
			require.NoError(t, err)
			require.False(t, acc.Active)
			x := sale("C1", d(1, 6), "120.00")
			x.ID = journal.NewID()
			_, err = a.Post(ctx, x)
			require.ErrorIs(t, err, ErrInactiveAccount)
			require.NoError(t, a.Check(ctx))
		})
	}
}
