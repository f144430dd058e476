package boltstore_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
)

// Pins: the write-behind file cut at each byte of its last frame's head
// (and a sample of its body) (a crash
// in that frame's write, before its commit returned) opens at the state
// before that commit; the torn remains are cut off, so a commit made on
// the reopened book, then a crash, reopens with exactly that commit and
// never the torn frame's (DESIGN §9 durability). A bbolt commit between
// frame 1 and the torn frame records the sequence the frames reached
// (2): the torn frame, written after it, is still a crash's, not a
// write-behind file older than the book file.
func TestHrev262TornLastFrameEveryByte(t *testing.T) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"})    // record 0 in bbolt, the file created
	b.update([3]string{"w1", "b", "2"})    // frame 1
	b.update([3]string{"plain", "p", "x"}) // bbolt only: records sequence 2
	before := r28ModelDump(b.model, wbFileBuckets)
	after := map[string]map[string][]byte{"w1": {"a": []byte("1"), "b": []byte("2"), "after": []byte("y")}, "plain": {"p": []byte("x")}}
	afterDump := r28ModelDump(after, wbFileBuckets)
	wb0, err := os.ReadFile(b.path + boltstore.WBFileSuffix)
	require.NoError(t, err)
	b.update([3]string{"w2", "torn", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
	boltData, err := os.ReadFile(b.path)
	require.NoError(t, err)
	wb, err := os.ReadFile(b.path + boltstore.WBFileSuffix)
	require.NoError(t, err)
	require.Greater(t, len(wb), len(wb0))
	// Every byte of the frame's fixed part, then a sample of its body.
	dir := t.TempDir()
	var cuts []int
	for c := len(wb0); c < len(wb); c++ {
		if o := c - len(wb0); o <= 30 && o%3 == 0 || o%151 == 0 || c == len(wb)-1 {
			cuts = append(cuts, c)
		}
	}
	for _, cut := range cuts {
		msg := fmt.Sprintf("cut at %d of %d", cut, len(wb))
		p := placeSparse(t, dir, boltData, wb[:cut])
		db, err := boltstore.Open(p, boltstore.Options{NoSync: true, WriteBehind: true})
		require.NoError(t, err, msg)
		db.HintDeferred([]byte("w1"), []byte("w2"))
		require.Equal(t, before, r28Dump(t, db, wbFileBuckets), msg)
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("w1"), []byte("after"), []byte("y")) }), msg)
		// A crash now: the files as they are, no Close.
		bolt2, err := os.ReadFile(p)
		require.NoError(t, err)
		wb2, err := os.ReadFile(p + boltstore.WBFileSuffix)
		require.NoError(t, err)
		db.Close()
		q := placeSparse(t, dir, bolt2, wb2)
		db2, err := boltstore.Open(q, boltstore.Options{NoSync: true, WriteBehind: true})
		require.NoError(t, err, msg)
		require.Equal(t, afterDump, r28Dump(t, db2, wbFileBuckets), msg)
		require.NoError(t, db2.VerifyStructure(ctx), msg)
		db2.Close()
	}
}

// placeSparse is walPlace in dir, each time under a new name, for a book
// file that ends in zeros (bbolt grows its file ahead of its pages, here
// to 16 MB for a few pages): only what precedes them is written, the rest
// left a hole of the same length, so that a case copies kilobytes, not
// megabytes.
func placeSparse(t *testing.T, dir string, bolt, wb []byte) string {
	t.Helper()
	f, err := os.CreateTemp(dir, "placed-*.db")
	require.NoError(t, err)
	// Whole pages of zeros off the end (bytes.Equal compares a page at
	// a time; trimming byte by byte took longer than the copy).
	var zeros [4096]byte
	end := len(bolt)
	for end >= len(zeros) && bytes.Equal(bolt[end-len(zeros):end], zeros[:]) {
		end -= len(zeros)
	}
	_, err = f.Write(bolt[:end])
	require.NoError(t, err)
	require.NoError(t, f.Truncate(int64(len(bolt))))
	require.NoError(t, f.Close())
	p := f.Name()
	require.NoError(t, os.WriteFile(p+boltstore.WBFileSuffix, wb, 0o600))
	return filepath.Clean(p)
}
