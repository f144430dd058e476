package boltstore_test

import (
	"os"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
)

// olderWBFileBook builds, after a compaction (sequences go on across
// generations), a book whose write-behind file holds frames when its
// process ends (a crash); the book is opened again from those files and
// a bbolt-only commit made. It returns that book file, closed as a crash
// leaves it, a write-behind file copied before the frames, the state
// with every commit and the state the older file would give (the frames'
// commits missing, the later bbolt commit there).
func olderWBFileBook(t *testing.T) (newBolt, newWB, oldWB []byte, full, torn string) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"}) // record 0, generation G
	require.NoError(t, b.db.Compact(ctx))
	b.update([3]string{"w1", "b", "2"}) // record 1, in bbolt: generation G2
	var err error
	oldWB, err = os.ReadFile(b.path + boltstore.WBFileSuffix)
	require.NoError(t, err)
	b.update([3]string{"w2", "c", "3"}) // frame 2
	b.update([3]string{"w1", "d", "4"}) // frame 3
	cp := b.crashCopy()
	// Opened again, the frames replayed: the first bbolt commit must
	// record the sequence they reached though this DB wrote none of them.
	db, err := boltstore.Open(cp, boltstore.Options{NoSync: true, WriteBehind: true})
	require.NoError(t, err)
	db.HintDeferred([]byte("w1"), []byte("w2"))
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("plain"), []byte("p"), []byte("x")) }))
	newBolt, err = os.ReadFile(cp)
	require.NoError(t, err)
	newWB, err = os.ReadFile(cp + boltstore.WBFileSuffix)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	m := map[string]map[string][]byte{"w1": {"a": []byte("1"), "b": []byte("2"), "d": []byte("4")}, "w2": {"c": []byte("3")}, "plain": {"p": []byte("x")}}
	full = r28ModelDump(m, wbFileBuckets)
	delete(m, "w2")
	delete(m["w1"], "d")
	return newBolt, newWB, oldWB, full, r28ModelDump(m, wbFileBuckets)
}

// Pins: a write-behind file older than its book file is refused even when
// the frames it lacks were replayed at an Open and the bbolt commit after
// them was the reopened DB's (the sequence it stores is the frames', not
// only its own commits'), sequences going on across a compaction; the
// error names the file and the records expected and found. The two files
// of one moment open with every commit.
func TestWBSeqOlderFileRefusedAfterReopen(t *testing.T) {
	t.Parallel()
	newBolt, newWB, oldWB, full, _ := olderWBFileBook(t)
	p := walPlace(t, newBolt, oldWB)
	_, err := boltstore.Open(p, boltstore.Options{NoSync: true, WriteBehind: true})
	require.ErrorIs(t, err, store.ErrCorrupt)
	require.ErrorContains(t, err, p+boltstore.WBFileSuffix+": the book file was committed after record 3, the records end at record 1")

	p = walPlace(t, newBolt, newWB)
	db, err := boltstore.Open(p, boltstore.Options{NoSync: true, WriteBehind: true})
	require.NoError(t, err)
	defer db.Close()
	require.Equal(t, full, r28Dump(t, db, wbFileBuckets))
	require.NoError(t, db.VerifyStructure(ctx))
}

// Pins: Options.AcceptRollback opens a book whose write-behind file is
// older than its book file without the commits missing (the later bbolt
// commit kept), and applies the log at once, so that the book then opens
// without the option, in the same state; a book whose file is whole
// opens with every commit.
func TestWBSeqOlderFileAcceptRollback(t *testing.T) {
	t.Parallel()
	newBolt, _, oldWB, _, torn := olderWBFileBook(t)
	p := walPlace(t, newBolt, oldWB)
	db, err := boltstore.Open(p, boltstore.Options{NoSync: true, WriteBehind: true, AcceptRollback: true})
	require.NoError(t, err)
	require.Equal(t, torn, r28Dump(t, db, wbFileBuckets))
	require.False(t, fileExists(p+boltstore.WBFileSuffix), "the log applied, the file removed")
	require.NoError(t, db.VerifyStructure(ctx))
	bolt2, err := os.ReadFile(p) // as a crash leaves it: no Close
	require.NoError(t, err)
	db.Close()
	q := walPlace(t, bolt2, nil)
	db, err = boltstore.Open(q, boltstore.Options{NoSync: true, WriteBehind: true})
	require.NoError(t, err)
	require.Equal(t, torn, r28Dump(t, db, wbFileBuckets))
	db.Close()
}

// Pins: a book file written before the sequence was stored (none beside
// its generation) opens with the write-behind file it finds, unchecked,
// as before: the check is no format change.
func TestWBSeqAbsentOpensUnchecked(t *testing.T) {
	t.Parallel()
	newBolt, _, oldWB, _, torn := olderWBFileBook(t)
	p := walPlace(t, newBolt, oldWB)
	require.NoError(t, boltstore.WBDropSequence(p))
	db, err := boltstore.Open(p, boltstore.Options{NoSync: true, WriteBehind: true})
	require.NoError(t, err)
	defer db.Close()
	require.Equal(t, torn, r28Dump(t, db, wbFileBuckets))
}
