package ledger

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawPut writes a record behind the book's back: no chain record, so the
// configuration chain's head stays as it was.
func rawPut(t *testing.T, st store.Store, bucket, key, value []byte) {
	t.Helper()
	require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
		return tx.Put(bucket, bytes.Clone(key), bytes.Clone(value))
	}))
}

func rawGet(t *testing.T, st store.Store, bucket, key []byte) []byte {
	t.Helper()
	var v []byte
	require.NoError(t, st.View(ctx, func(tx store.Tx) error {
		got, err := tx.Get(bucket, key)
		v = bytes.Clone(got)
		return err
	}))
	return v
}

// TestReview3CacheOutlivesRepairedRecord: an active flag altered outside
// the book, read once, then put back as its chain recorded it, leaves the
// configuration chain's head as it was; the Check that finds the store
// sound again also makes the Book forget what it kept, so that it refuses
// user entries on the account the store says is inactive. (Found by
// review: the Book went on serving the altered flag.)
func TestReview3CacheOutlivesRepairedRecord(t *testing.T) {
	for _, be := range stores {
		t.Run(be.Name, func(t *testing.T) {
			st := be.Open(t)
			a := testBook(t, st)
			a.strict = false // the damage below would fail the strict Check of every write
			require.NoError(t, a.SetAccountActive(ctx, "706000", false))

			rawPut(t, st, bActive, []byte("706000"), activeFlag(true)) // damage
			acc, err := a.Account(ctx, "706000")
			require.NoError(t, err)
			require.True(t, acc.Active, "the damaged flag, as stored")
			rawPut(t, st, bActive, []byte("706000"), activeFlag(false)) // repaired
			require.NoError(t, a.Check(ctx), "the store is sound again")

			fresh, err := Open(ctx, st, Options{Currency: eur, Clock: fixedClock()})
			require.NoError(t, err)
			_, err = fresh.Post(ctx, sale("C1", d(1, 2), "120.00"))
			require.ErrorIs(t, err, ErrInactiveAccount, "a fresh handle refuses the inactive account")

			acc, err = a.Account(ctx, "706000")
			require.NoError(t, err)
			assert.False(t, acc.Active, "a still serves the damaged flag the store no longer holds")
			_, err = a.Post(ctx, sale("C1", d(1, 2), "120.00"))
			assert.ErrorIs(t, err, ErrInactiveAccount, "a posted a user entry to an inactive account")
		})
	}
}

// TestReview3CacheKeyedByRecordCode: the Book keeps an account under the
// code it read, not the one its record holds: one damaged record (445710
// holding an inactive 706000) must not stand for an account that was
// never touched. (Found by review: it did, even after the repair.)
func TestReview3CacheKeyedByRecordCode(t *testing.T) {
	for _, be := range stores {
		t.Run(be.Name, func(t *testing.T) {
			st := be.Open(t)
			a := testBook(t, st)
			a.strict = false
			orig := rawGet(t, st, bAccount, []byte("445710"))
			bad := encode(accountRec{Code: "706000", Name: "Damaged", Kind: uint8(KindIncome), Active: false})
			rawPut(t, st, bAccount, []byte("445710"), bad) // damage to 445710 only
			_, err := a.Account(ctx, "445710")
			require.NoError(t, err)
			rawPut(t, st, bAccount, []byte("445710"), orig) // repaired
			require.NoError(t, a.Check(ctx), "the store is sound again")

			acc, err := a.Account(ctx, "706000")
			require.NoError(t, err)
			assert.True(t, acc.Active, "706000, never altered, served as the damaged 445710 record")
			assert.NotEqual(t, "Damaged", acc.Name)
			_, err = a.Post(ctx, sale("C1", d(1, 2), "120.00"))
			assert.NoError(t, err, "a sale refused on an account whose record was never touched")
		})
	}
}

// TestReview3CacheBoundStartsAfresh: past configCacheMax the cache starts
// afresh, so that whatever filled it first (a Partners scan of a large
// book, say) does not keep out the accounts every post reads until the
// head moves.
func TestReview3CacheBoundStartsAfresh(t *testing.T) {
	var c configCache
	h := []byte("head")
	for i := 0; i < configCacheMax; i++ {
		c.keepPartner(7, h, strconv.Itoa(i), Partner{Code: "P"})
	}
	c.keepAccount(7, h, "411000", NewAccount("411000", "Clients", KindReceivable))
	_, ok := c.account(7, h, "411000")
	assert.True(t, ok, "past configCacheMax the cache neither starts afresh nor keeps the new record")
}

// TestReview3CacheFollowsEveryConfigChange: coverage — one handle reads
// fiscal years, journals, partners' bank accounts and accounts (filling
// its cache), another changes each, and the first sees every change; a
// transaction that reads, writes an account's flag and rolls back leaves
// the cache as the store is.
func TestReview3CacheFollowsEveryConfigChange(t *testing.T) {
	for _, be := range stores {
		t.Run(be.Name, func(t *testing.T) {
			st := be.Open(t)
			a := testBook(t, st)
			b, err := Open(ctx, st, Options{Currency: eur, Clock: fixedClock()})
			require.NoError(t, err)
			mustPost(t, a, sale("C1", d(1, 2), "120.00"))
			years, err := a.FiscalYears(ctx)
			require.NoError(t, err)
			require.Len(t, years, 2)
			years[0].Label = "changed by the caller"

			require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2028)))
			got, err := a.FiscalYears(ctx)
			require.NoError(t, err)
			require.Len(t, got, 3, "a served the years as before b added one")
			assert.Equal(t, "2026", got[0].Label)

			require.NoError(t, b.AddJournal(ctx, Journal{Code: "VT2", Name: "Ventes 2", Kind: JournalSale}))
			x := sale("C1", d(1, 3), "120.00")
			x.Journal = "VT2"
			mustPost(t, a, x)

			const iban = "FR7630006000011234567890189"
			p, err := a.Partner(ctx, "C2")
			require.NoError(t, err)
			p.BankAccounts = append(p.BankAccounts, BankAccount{IBAN: iban})
			require.NoError(t, b.UpdatePartner(ctx, p))
			require.NoError(t, a.View(ctx, func(tx *Tx) error {
				ps, err := tx.PartnersByIBAN(iban)
				require.NoError(t, err)
				require.Len(t, ps, 1)
				assert.Equal(t, "C2", ps[0].Code)
				return nil
			}))

			// A transaction that deactivates 706000 and rolls back.
			errBack := assert.AnError
			err = a.Update(ctx, func(tx *Tx) error {
				if _, err := tx.Account("706000"); err != nil {
					return err
				}
				if err := tx.st.Put(bActive, []byte("706000"), activeFlag(false)); err != nil {
					return err
				}
				acc, err := tx.Account("445710") // read after the write: not kept
				require.NoError(t, err)
				require.True(t, acc.Active)
				return errBack
			})
			require.ErrorIs(t, err, errBack)
			mustPost(t, a, sale("C1", d(1, 4), "120.00"))

			require.NoError(t, b.SetAccountActive(ctx, "445710", false))
			_, err = a.Post(ctx, sale("C1", d(1, 5), "120.00"))
			require.ErrorIs(t, err, ErrInactiveAccount)
			require.NoError(t, a.Check(ctx))
		})
	}
}
