package ledger

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/boltstore"
)

// h155Sales returns n sales to partner C9 on account 706900.
func h155Sales(n int) []journal.Entry {
	out := make([]journal.Entry, n)
	for i := range out {
		x := sale("C9", d(3, 1+i%28), "120.00")
		x.Lines[1].Account = "706900"
		out[i] = x
	}
	return out
}

func h155Add(tx *Tx) error {
	if err := tx.AddAccount(NewAccount("706900", "Ventes diverses", KindIncome)); err != nil {
		return err
	}
	return tx.AddPartners(Partner{Code: "C9", Name: "Client neuf"})
}

// Accounts and partners added by Before and used by the entries of the
// same batch, small and large enough for the pipeline: posted, balances
// right, Check and Verify pass, the next batch sees them.
func TestHrev155BeforeUsedInSameBatch(t *testing.T) {
	for _, n := range []int{3, IndexLagMax + 20} {
		for _, s := range stores {
			t.Run(s.Name, func(t *testing.T) {
				st := s.Open(t)
				b := testBook(t, st)
				_, err := b.Account(ctx, "706000") // warm the config cache
				require.NoError(t, err)
				res, err := b.PostBatch(ctx, h155Sales(n), BatchOptions{AllOrNothing: true, Before: h155Add})
				require.NoError(t, err)
				for i := range res {
					require.NoError(t, res[i].Err, i)
				}
				bal, err := b.Balance(ctx, BalanceQuery{Account: "706900"})
				require.NoError(t, err)
				want := currency.MustParse(eur, "-100.00")
				for i := 1; i < n; i++ {
					want, _ = want.Add(e("-100.00"))
				}
				assert.Equal(t, want.Plain(), bal.Balance.Plain())
				_, err = b.Balance(ctx, BalanceQuery{Account: "411000", Partner: "C9"})
				require.NoError(t, err)
				require.NoError(t, b.Check(ctx))
				require.NoError(t, b.Verify(ctx))
				// A second batch uses them without Before.
				res, err = b.PostBatch(ctx, h155Sales(2), BatchOptions{AllOrNothing: true})
				require.NoError(t, err)
				require.NoError(t, res[0].Err)
				// Adding again through Before is a duplicate, and aborts.
				res, err = b.PostBatch(ctx, h155Sales(1), BatchOptions{Before: h155Add})
				require.ErrorIs(t, err, ErrDuplicate)
				assert.ErrorIs(t, res[0].Err, ErrBatchAborted)
				require.NoError(t, b.Check(ctx))
				require.NoError(t, b.Verify(ctx))
			})
		}
	}
}

// A batch refused (AllOrNothing, last entry unbalanced), small and
// pipelined, leaves no account and no partner for later reads, with the
// config cache warm before; the store is unchanged; the chain checks.
func TestHrev155BeforeRefusedLeavesNothing(t *testing.T) {
	for _, n := range []int{2, IndexLagMax + 20} {
		for _, s := range stores {
			t.Run(s.Name, func(t *testing.T) {
				st := s.Open(t)
				b := testBook(t, st)
				_, err := b.Account(ctx, "706000")
				require.NoError(t, err)
				_, err = b.Partner(ctx, "C1")
				require.NoError(t, err)
				in := h155Sales(n)
				in[n-1].Lines[2].Balance = e("-9.99")
				before := dump(t, st)
				res, err := b.PostBatch(ctx, in, BatchOptions{AllOrNothing: true, Before: func(tx *Tx) error {
					if err := h155Add(tx); err != nil {
						return err
					}
					// Inside the transaction, what Before added reads back.
					a, err := tx.Account("706900")
					if err != nil {
						return err
					}
					if a.Kind != KindIncome {
						return errors.New("wrong kind")
					}
					_, err = tx.Partner("C9")
					return err
				}})
				require.NoError(t, err)
				assert.ErrorIs(t, res[0].Err, ErrBatchAborted)
				assert.Error(t, res[n-1].Err)
				assert.Equal(t, before, dump(t, st))
				_, err = b.Account(ctx, "706900")
				assert.ErrorIs(t, err, ErrUnknownAccount)
				_, err = b.Partner(ctx, "C9")
				assert.ErrorIs(t, err, ErrUnknownPartner)
				err = b.Update(ctx, func(tx *Tx) error {
					if _, err := tx.Account("706900"); !errors.Is(err, ErrUnknownAccount) {
						return errors.New("account visible on a fresh Tx")
					}
					if _, err := tx.Partner("C9"); !errors.Is(err, ErrUnknownPartner) {
						return errors.New("partner visible on a fresh Tx")
					}
					return nil
				})
				require.NoError(t, err)
				_, err = b.Post(ctx, h155Sales(1)[0])
				assert.ErrorIs(t, err, ErrUnknownAccount)
				require.NoError(t, b.Check(ctx))
				require.NoError(t, b.Verify(ctx))
				// Then the same added for good.
				res, err = b.PostBatch(ctx, h155Sales(n), BatchOptions{AllOrNothing: true, Before: h155Add})
				require.NoError(t, err)
				require.NoError(t, res[0].Err)
				require.NoError(t, b.Check(ctx))
				require.NoError(t, b.Verify(ctx))
			})
		}
	}
}

// On boltstore (with and without write-behind), a refused batch leaves
// nothing after Close and reopen; an accepted one keeps everything.
func TestHrev155BeforeBoltReopen(t *testing.T) {
	for _, wb := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "book.db")
		opts := boltstore.Options{NoSync: true, WriteBehind: wb, WriteBehindMax: 64}
		st, err := boltstore.Open(path, opts)
		require.NoError(t, err)
		b := testBook(t, st)
		in := h155Sales(IndexLagMax + 3)
		in[1].Lines[2].Balance = e("-9.99")
		res, err := b.PostBatch(ctx, in, BatchOptions{AllOrNothing: true, Before: h155Add})
		require.NoError(t, err)
		assert.ErrorIs(t, res[0].Err, ErrBatchAborted)
		res, err = b.PostBatch(ctx, h155Sales(4), BatchOptions{AllOrNothing: true, Before: func(tx *Tx) error {
			return tx.AddPartners(Partner{Code: "C8", Name: "Huit"})
		}})
		require.NoError(t, err)
		assert.ErrorIs(t, res[0].Err, ErrUnknownAccount)
		require.NoError(t, st.Close())

		st, err = boltstore.Open(path, opts)
		require.NoError(t, err)
		b, err = Open(ctx, st, Options{Clock: fixedClock(), Strict: true})
		require.NoError(t, err)
		_, err = b.Account(ctx, "706900")
		assert.ErrorIs(t, err, ErrUnknownAccount)
		_, err = b.Partner(ctx, "C9")
		assert.ErrorIs(t, err, ErrUnknownPartner)
		_, err = b.Partner(ctx, "C8")
		assert.ErrorIs(t, err, ErrUnknownPartner)
		require.NoError(t, b.Check(ctx))
		require.NoError(t, b.Verify(ctx))
		res, err = b.PostBatch(ctx, h155Sales(IndexLagMax+3), BatchOptions{AllOrNothing: true, Before: h155Add})
		require.NoError(t, err)
		require.NoError(t, res[0].Err)
		require.NoError(t, st.Close())

		st, err = boltstore.Open(path, opts)
		require.NoError(t, err)
		b, err = Open(ctx, st, Options{Clock: fixedClock(), Strict: true})
		require.NoError(t, err)
		a, err := b.Account(ctx, "706900")
		require.NoError(t, err)
		assert.Equal(t, KindIncome, a.Kind)
		bal, err := b.Balance(ctx, BalanceQuery{Account: "706900"})
		require.NoError(t, err)
		assert.Equal(t, "-25900.00", bal.Balance.Plain())
		require.NoError(t, b.Check(ctx))
		require.NoError(t, b.Verify(ctx))
		require.NoError(t, st.Close())
	}
}

// A partner added twice in one Before, or one the book has, is
// ErrDuplicate naming it; nothing is written.
func TestHrev155BeforePartnerTwice(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			before := dump(t, st)
			for _, ps := range [][]Partner{{{Code: "C9", Name: "A"}, {Code: "C9", Name: "B"}}, {{Code: "C9", Name: "A"}, {Code: "C1", Name: "B"}}} {
				_, err := b.PostBatch(ctx, []journal.Entry{sale("C1", d(3, 1), "12.00")}, BatchOptions{Before: func(tx *Tx) error { return tx.AddPartners(ps...) }})
				require.ErrorIs(t, err, ErrDuplicate)
				assert.Contains(t, err.Error(), "partner "+ps[1].Code)
				assert.Equal(t, before, dump(t, st))
			}
			// Two calls in one Before: the second sees the first.
			_, err := b.PostBatch(ctx, nil, BatchOptions{Before: func(tx *Tx) error {
				if err := tx.AddPartners(Partner{Code: "C9", Name: "A"}); err != nil {
					return err
				}
				return tx.AddPartners(Partner{Code: "C9", Name: "A"})
			}})
			require.ErrorIs(t, err, ErrDuplicate)
			assert.Equal(t, before, dump(t, st))
			_, err = b.Partner(ctx, "C9")
			assert.ErrorIs(t, err, ErrUnknownPartner)
		})
	}
}

// An auxiliary account added by Before with KindOther takes its class's
// kind and is used by the same batch; a fixed-currency account needs a
// unit the book records.
func TestHrev155BeforeAuxiliaryAndUnit(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b, err := Create(ctx, st, Options{Currency: eur, Clock: fixedClock(), Strict: true, AuxiliaryCodes: true})
			require.NoError(t, err)
			require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2026)))
			require.NoError(t, b.InstallFrenchChart(ctx))
			pts, err := currency.NewUnit("PTS", 0)
			require.NoError(t, err)
			inv := journal.Entry{Journal: "VT", Date: d(3, 2), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411MARTIN", Partner: "MARTIN", Balance: e("120.00")},
				{Account: "706000", Balance: e("-120.00")},
			}}
			before := dump(t, st)
			_, err = b.PostBatch(ctx, []journal.Entry{inv}, BatchOptions{Before: func(tx *Tx) error {
				if err := tx.AddPartners(Partner{Code: "MARTIN", Name: "Martin"}); err != nil {
					return err
				}
				if err := tx.AddAccount(Account{Code: "411MARTIN", Name: "Martin", Active: true}); err != nil {
					return err
				}
				return tx.AddAccount(Account{Code: "512PTS", Name: "Points", Kind: KindBank, Active: true, Currency: pts})
			}})
			require.ErrorIs(t, err, ErrUnit)
			assert.Equal(t, before, dump(t, st))
			err = nil
			_, err = b.PostBatch(ctx, []journal.Entry{inv}, BatchOptions{Before: func(tx *Tx) error {
				return tx.AddAccount(Account{Code: "411martin", Name: "Martin", Active: true})
			}})
			require.ErrorIs(t, err, ErrAccountCode)

			require.NoError(t, b.AddUnit(ctx, pts))
			res, err := b.PostBatch(ctx, []journal.Entry{inv}, BatchOptions{AllOrNothing: true, Before: func(tx *Tx) error {
				if err := tx.AddPartners(Partner{Code: "MARTIN", Name: "Martin"}); err != nil {
					return err
				}
				if err := tx.AddAccount(Account{Code: "411MARTIN", Name: "Martin", Active: true}); err != nil {
					return err
				}
				return tx.AddAccount(Account{Code: "512PTS", Name: "Points", Kind: KindBank, Active: true, Currency: pts})
			}})
			require.NoError(t, err)
			require.NoError(t, res[0].Err)
			a, err := b.Account(ctx, "411MARTIN")
			require.NoError(t, err)
			assert.Equal(t, KindReceivable, a.Kind)
			assert.True(t, a.Reconcilable)
			a, err = b.Account(ctx, "512PTS")
			require.NoError(t, err)
			assert.Equal(t, "PTS", a.Currency.Code())
			bal, err := b.Balance(ctx, BalanceQuery{Account: "411MARTIN", Partner: "MARTIN"})
			require.NoError(t, err)
			assert.Equal(t, "120.00", bal.Balance.Plain())
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// Two PostBatch calls at once, each adding 706900 in Before: one posts,
// the other gets ErrDuplicate (or both are consistent); the book checks.
func TestHrev155BeforeConcurrent(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			const k = 4
			errs := make([]error, k)
			var wg sync.WaitGroup
			for i := 0; i < k; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					n := 3
					if i%2 == 1 {
						n = IndexLagMax + 1
					}
					in := h155Sales(n)
					for j := range in {
						in[j].Lines[0].Partner = "C1"
					}
					res, err := b.PostBatch(ctx, in, BatchOptions{AllOrNothing: true, Before: func(tx *Tx) error {
						return tx.AddAccount(NewAccount("706900", "Ventes diverses", KindIncome))
					}})
					if err == nil {
						for _, r := range res {
							if r.Err != nil {
								err = r.Err
								break
							}
						}
					}
					errs[i] = err
				}(i)
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				if err == nil {
					ok++
				} else {
					assert.ErrorIs(t, err, ErrDuplicate)
				}
			}
			assert.Equal(t, 1, ok)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// Tx.AddAccount and Tx.AddPartners in a read-only View: refused, nothing
// written, the book checks.
func TestHrev155AddInView(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			before := dump(t, st)
			err := b.View(ctx, func(tx *Tx) error { return tx.AddAccount(NewAccount("706900", "Ventes diverses", KindIncome)) })
			assert.Error(t, err)
			err = b.View(ctx, func(tx *Tx) error { return tx.AddPartners(Partner{Code: "C9", Name: "Neuf"}) })
			assert.Error(t, err)
			assert.Equal(t, before, dump(t, st))
			_, err = b.Account(ctx, "706900")
			assert.ErrorIs(t, err, ErrUnknownAccount)
			_, err = b.Partner(ctx, "C9")
			assert.ErrorIs(t, err, ErrUnknownPartner)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// Without AllOrNothing, Before's writes commit with the valid entries
// even when one is refused; with every entry refused they commit too.
func TestHrev155BeforeNotAllOrNothing(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			in := h155Sales(2)
			in[1].Lines[2].Balance = e("-9.99")
			res, err := b.PostBatch(ctx, in, BatchOptions{Before: h155Add})
			require.NoError(t, err)
			require.NoError(t, res[0].Err)
			assert.Error(t, res[1].Err)
			bal, err := b.Balance(ctx, BalanceQuery{Account: "706900"})
			require.NoError(t, err)
			assert.Equal(t, "-100.00", bal.Balance.Plain())
			res, err = b.PostBatch(ctx, in[1:], BatchOptions{Before: func(tx *Tx) error {
				return tx.AddPartners(Partner{Code: "C8", Name: "Huit"})
			}})
			require.NoError(t, err)
			assert.Error(t, res[0].Err)
			_, err = b.Partner(ctx, "C8")
			assert.NoError(t, err)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}
