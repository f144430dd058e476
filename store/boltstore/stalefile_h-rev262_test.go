package boltstore_test

import (
	"errors"
	"os"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a write-behind file older than its book file (restored from a
// backup taken a moment earlier, or copied before the book file) is
// replayed as if whole. Here frame 2 (w1/c) is written, then a plain-only
// commit (plain/p) goes to bbolt; the book file is copied after it, the
// write-behind file before frame 2. Open opens it: w1/c is gone while
// plain/p, committed after it, is there — a state no commit produced
// (expected: an error matching store.ErrCorrupt, as for the mirror case
// TestReviewWALStaleBoltBesideNewerFile, which the frames' base txid now
// refuses; actual: nil error, the acknowledged w1/c silently dropped).
// The package doc promises Open "refuses a book whose file is … of
// another state of the book … and any gap in the records"; DESIGN §9:
// every acknowledged write is found after a reopen. The plain commit ran
// after frame 2 was synced, so it could record the sequence the log had
// reached (wbSeq), which Open would then find missing: it now does, and
// Open refuses the file, naming it and the records expected and found.
func TestHrev262OlderWBFileBesideNewerBookRefused(t *testing.T) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"}) // generation G, record 0 in bbolt's log
	b.update([3]string{"w1", "b", "2"}) // frame 1
	oldWB, err := os.ReadFile(b.path + boltstore.WBFileSuffix)
	require.NoError(t, err)
	oldState := r28ModelDump(b.model, wbFileBuckets)
	b.update([3]string{"w1", "c", "3"})    // frame 2, acknowledged
	b.update([3]string{"plain", "p", "x"}) // bbolt only, after frame 2
	newState := r28ModelDump(b.model, wbFileBuckets)
	newBolt, err := os.ReadFile(b.path)
	require.NoError(t, err)

	p := walPlace(t, newBolt, oldWB)
	db, err := boltstore.Open(p, boltstore.Options{NoSync: true, WriteBehind: true})
	if err == nil {
		got := r28Dump(t, db, wbFileBuckets)
		db.Close()
		require.Contains(t, []string{oldState, newState}, got,
			"a book file newer than its write-behind file opened without error, in a state no commit produced")
	}
	require.True(t, errors.Is(err, store.ErrCorrupt), "%v", err)
	require.ErrorContains(t, err, p+boltstore.WBFileSuffix)
	require.ErrorContains(t, err, "committed after record 2, the records end at record 1")
	require.ErrorContains(t, err, "restore both from one backup")
}
