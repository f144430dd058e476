package ledger

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
)

// BatchOptions.Before adds what a batch's entries need in the batch's own
// transaction: posted, the account and partner are there; with
// AllOrNothing, an entry refused takes them back, and an error of Before
// aborts the batch; nothing is written either way.
func TestPostBatchBefore(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			add := func(tx *Tx) error {
				if err := tx.AddAccount(NewAccount("706900", "Ventes diverses", KindIncome)); err != nil {
					return err
				}
				return tx.AddPartners(Partner{Code: "C9", Name: "Client neuf"})
			}
			good := sale("C9", d(3, 1), "120.00")
			good.Lines[1].Account = "706900"
			bad := sale("C9", d(3, 2), "60.00")
			bad.Lines[2].Balance = e("-9.99") // unbalanced

			before := dump(t, st)
			res, err := b.PostBatch(ctx, []journal.Entry{good, bad}, BatchOptions{AllOrNothing: true, Before: add})
			require.NoError(t, err)
			assert.ErrorIs(t, res[0].Err, ErrBatchAborted)
			assert.Error(t, res[1].Err)
			assert.Equal(t, before, dump(t, st), "a refused batch left its account and partner")

			stop := errors.New("no")
			res, err = b.PostBatch(ctx, []journal.Entry{good}, BatchOptions{Before: func(*Tx) error { return stop }})
			require.ErrorIs(t, err, stop)
			assert.ErrorIs(t, res[0].Err, ErrBatchAborted)
			assert.Equal(t, before, dump(t, st))

			res, err = b.PostBatch(ctx, []journal.Entry{good}, BatchOptions{AllOrNothing: true, Before: add})
			require.NoError(t, err)
			require.NoError(t, res[0].Err)
			a, err := b.Account(ctx, "706900")
			require.NoError(t, err)
			assert.Equal(t, KindIncome, a.Kind)
			p, err := b.Partner(ctx, "C9")
			require.NoError(t, err)
			assert.Equal(t, "Client neuf", p.Name)
			require.NoError(t, b.Check(ctx))
		})
	}
}
