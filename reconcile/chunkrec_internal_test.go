package reconcile

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
)

// TestChunkRecAsEncodingJSON pins appendChunkRec to what encoding/json
// writes for the same chunkRec, byte for byte: a chunk recorded by one
// build is replayed by the other, and a book's operation records stay the
// same. Lists empty and not, ids of every length modulo three (base64's
// padding), errors with characters the encoder escapes, extras not compact.
// Randomized; the seed is logged.
func TestChunkRecAsEncodingJSON(t *testing.T) {
	t.Parallel()
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rnd := rand.New(rand.NewPCG(seed, 1))
	ids := func(n int) []journal.ID {
		out := make([]journal.ID, n)
		for i := range out {
			for k := range out[i] {
				out[i][k] = byte(rnd.UintN(256))
			}
		}
		return out
	}
	errs := []string{"", "", "", "reconcile: stale: VT/1 has 10.00 EUR left", `a <b> & "c" \ é` + "\x01\u2028\xff"}
	extras := []json.RawMessage{nil, {}, json.RawMessage(`{"d":{"a":1},"c":{"k":"x<y"}}`), json.RawMessage("{ \"a\" :\n [1, 2] }")}
	for run := 0; run < 300; run++ {
		var res Result
		for _, id := range ids(rnd.IntN(4)) {
			res.Entries = append(res.Entries, journal.Entry{ID: id})
		}
		for _, id := range ids(rnd.IntN(8)) {
			res.Partials = append(res.Partials, journal.Partial{ID: id})
		}
		for _, id := range ids(rnd.IntN(5)) {
			res.Matches = append(res.Matches, journal.Match{ID: id})
		}
		for _, id := range ids(rnd.IntN(3)) {
			res.UndonePartial = append(res.UndonePartial, journal.Partial{ID: id})
		}
		for _, id := range ids(rnd.IntN(3)) {
			res.UndoneMatches = append(res.UndoneMatches, journal.Match{ID: id})
		}
		var orecs []outcomeRec
		if n := rnd.IntN(6); n > 0 || rnd.IntN(2) == 0 {
			orecs = make([]outcomeRec, n)
			for i := range orecs {
				orecs[i] = outcomeRec{Entries: rnd.IntN(3), Partials: rnd.IntN(300), Matches: rnd.IntN(2), Err: errs[rnd.IntN(len(errs))]}
			}
		}
		extra := extras[rnd.IntN(len(extras))]
		want, err := json.Marshal(chunkRec{resultRec: res.rec(), Outcomes: orecs, Extra: extra})
		require.NoError(t, err)
		got, err := appendChunkRec(nil, &res, orecs, extra)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "run %d", run)
	}
}
