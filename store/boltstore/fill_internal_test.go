package boltstore

import (
	"context"
	"encoding/binary"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/store"
)

// A transaction that only deletes from a bucket packs and merges its pages
// at the book's fill, as one that puts does, not at bbolt's default for a
// bucket handle (a half): a hinted bucket at AppendFillPercent, the others
// at Options.FillPercent. Deleting from an open-items index alone wrote
// more pages than deleting and putting.
func TestDeleteOnlyTransactionFill(t *testing.T) {
	ctx := context.Background()
	for _, fill := range []float64{DefaultFillPercent, 0.9} { // float ok: a page fill ratio
		db, err := Open(filepath.Join(t.TempDir(), "f.db"), Options{NoSync: true, FillPercent: fill})
		require.NoError(t, err)
		db.HintAppend([]byte("log"))
		k := func(i int) []byte { return binary.BigEndian.AppendUint64(nil, uint64(i)) }
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			for i := range 1000 {
				for _, b := range []string{"log", "other"} {
					if err := tx.Put([]byte(b), k(i), make([]byte, 40)); err != nil {
						return err
					}
				}
			}
			return nil
		}))
		require.NoError(t, db.Update(ctx, func(st store.Tx) error {
			for _, b := range []string{"log", "other"} {
				if err := st.Delete([]byte(b), k(500)); err != nil {
					return err
				}
			}
			tx := st.(*tx)
			require.Equal(t, AppendFillPercent, tx.seekers["log"].b.FillPercent, "fill %v: the hinted bucket", fill)
			require.Equal(t, fill, tx.seekers["other"].b.FillPercent, "fill %v: another bucket", fill)
			return nil
		}))
		require.NoError(t, db.Close())
	}
}
