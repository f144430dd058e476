package ledger

import (
	"bytes"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review of book format 9: log damage that the record no longer storing
// its previous hash could let through.
func TestReviewFormat9Tamper(t *testing.T) {
	swap := func(t *testing.T, f fixture, a, b uint64) {
		f.raw(t, func(tx store.Tx) error {
			va, err := tx.Get(bLog, seqKey(a))
			require.NoError(t, err)
			vb, err := tx.Get(bLog, seqKey(b))
			require.NoError(t, err)
			va, vb = bytes.Clone(va), bytes.Clone(vb)
			require.NoError(t, tx.Put(bLog, seqKey(a), vb))
			return tx.Put(bLog, seqKey(b), va)
		})
	}
	for _, c := range []struct {
		name   string
		damage func(t *testing.T, f fixture)
	}{
		{"swap two entries of one journal", func(t *testing.T, f fixture) { swap(t, f, f.inv.Seq, f.inv2.Seq) }},
		// Not new in format 9: Verify never compared a record's Seq with its
		// key, and each journal's chain is intact; Check finds it.
		{"swap two entries of two journals", func(t *testing.T, f fixture) { swap(t, f, f.usdInv.Seq, f.gen.Seq) }},
		{"delete an entry inside its journal", func(t *testing.T, f fixture) { f.del(t, bLog, seqKey(f.inv2.Seq)) }},
		{"delete a journal's last entry", func(t *testing.T, f fixture) { f.del(t, bLog, seqKey(f.usdInv.Seq)) }},
		{"move a journal's first entry to another", func(t *testing.T, f fixture) {
			f.rechain(t, f.inv.ID, func(r *entryRec) { r.Journal = "OD" }, true, nil)
		}},
		{"head set to 32 zero bytes", func(t *testing.T, f fixture) { f.put(t, ixHead, []byte("VT"), make([]byte, 32)) }},
	} {
		for _, s := range stores {
			t.Run(c.name+"/"+s.Name, func(t *testing.T) {
				f := newFixture(t, s)
				c.damage(t, f)
				assert.Error(t, f.b.Verify(ctx), "Verify")
				assert.Error(t, f.b.Check(ctx), "Check")
			})
		}
	}
}
