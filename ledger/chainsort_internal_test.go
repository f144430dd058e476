package ledger

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSortWritesAsSortingThem pins sortWrites, which sorts the writes'
// places, to sorting the writes themselves by bucket and key: the same
// packed chain record, write for write, whatever the order they came in,
// with keys written twice and one list's room reused for the next.
// Randomized; the seed is logged.
func TestSortWritesAsSortingThem(t *testing.T) {
	t.Parallel()
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rnd := rand.New(rand.NewPCG(seed, 2))
	buckets := [][]byte{bLettering, []byte("ctr"), []byte("op"), []byte("letters")}
	var p chainPending
	for run := 0; run < 50; run++ {
		n := rnd.IntN(3000)
		if run%10 == 0 {
			n = rnd.IntN(4)
		}
		for i := 0; i < n; i++ {
			key := make([]byte, 1+rnd.IntN(16))
			for k := range key {
				key[k] = byte(rnd.IntN(4)) // short keys of few letters: some written twice
			}
			p.writes = append(p.writes, chainWrite{Bucket: buckets[rnd.IntN(len(buckets))], Key: key,
				Hash: []byte{byte(i), byte(i >> 8)}, PrevSeq: uint64(i)})
		}
		want := slices.Clone(p.writes)
		slices.SortFunc(want, func(a, b chainWrite) int {
			if c := bytes.Compare(a.Bucket, b.Bucket); c != 0 {
				return c
			}
			return bytes.Compare(a.Key, b.Key)
		})
		p.sortWrites()
		require.Equal(t, packWrites(want), packWrites(p.writes), "run %d", run)
		p.reset()
	}
}
