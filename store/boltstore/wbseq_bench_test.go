package boltstore_test

import (
	"encoding/binary"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
)

// BenchmarkWBFrameThenPlainCommit alternates a commit of deferred writes
// only (a frame of the write-behind file, as a lettering call) and one of
// a plain bucket (a bbolt commit, as a posting), the commit that stores
// the sequence the frames reached: it reports the bytes bbolt writes a
// plain commit (bbolt's TxStats.Write) and the allocations of the pair.
func BenchmarkWBFrameThenPlainCommit(b *testing.B) {
	db, err := boltstore.Open(filepath.Join(b.TempDir(), "b.db"), boltstore.Options{NoSync: true, WriteBehind: true, WriteBehindMax: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.HintDeferred([]byte("w"))
	put := func(bucket string, i int) {
		k := binary.BigEndian.AppendUint64(nil, uint64(i))
		if err := db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte(bucket), k, k) }); err != nil {
			b.Fatal(err)
		}
	}
	put("w", -1)
	put("plain", -1)
	before := db.Bolt().Stats().TxStats
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		put("w", i)
		put("plain", i)
	}
	b.StopTimer()
	after := db.Bolt().Stats().TxStats
	b.ReportMetric(float64(after.GetWrite()-before.GetWrite())/float64(b.N), "page-writes/plain-commit")
}
