package boltstore_test

import (
	"encoding/binary"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newestMeta returns the transaction id and freelist page of the newer
// meta page of the file at path (both are valid in these tests).
func newestMeta(t *testing.T, path string) (txid, freelist uint64) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	pageSize := int(binary.NativeEndian.Uint32(b[16+8:]))
	for page := 0; page < 2; page++ {
		m := b[page*pageSize+16:]
		if id := binary.NativeEndian.Uint64(m[48:]); id >= txid {
			txid, freelist = id, binary.NativeEndian.Uint64(m[32:])
		}
	}
	return txid, freelist
}

const noFreelist = ^uint64(0)

// TestFreelistStoredAtClose: commits leave bbolt's freelist out, Close
// stores it in one more commit, and a DB that committed nothing closes
// without writing.
func TestFreelistStoredAtClose(t *testing.T) {
	path := filledUnclosed(t, 300)
	_, fl := newestMeta(t, path)
	assert.Equal(t, noFreelist, fl, "a commit stored the freelist")

	db, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put(bucket, key(1), []byte("x")) }))
	txid, fl := newestMeta(t, path)
	assert.Equal(t, noFreelist, fl)
	require.NoError(t, db.Close())
	closed, fl := newestMeta(t, path)
	assert.Equal(t, txid+1, closed, "Close commits once")
	assert.NotEqual(t, noFreelist, fl, "Close stores the freelist")
	require.NoError(t, db.Close(), "a second Close")
	again, _ := newestMeta(t, path)
	assert.Equal(t, closed, again, "a second Close writes nothing")

	db, err = boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	n, err := readAll(db)
	require.NoError(t, err)
	assert.Equal(t, 300, n)
	require.NoError(t, db.Close())
	after, _ := newestMeta(t, path)
	assert.Equal(t, closed, after, "a DB that only read closes without a commit")
}

// TestFreelistRebuiltAfterCrash: a file whose last commit stored no
// freelist opens with the free pages it had, and commits on it reuse them
// without overwriting a page in use (VerifyStructure after many).
func TestFreelistRebuiltAfterCrash(t *testing.T) {
	path := filledUnclosed(t, 6000)
	db, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	for i := 0; i < 6000; i += 3 { // frees pages
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Delete(bucket, key(i)) }))
	}
	free := db.Bolt().Stats().FreePageN + db.Bolt().Stats().PendingPageN
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	crashed := path + ".crashed"
	require.NoError(t, os.WriteFile(crashed, data, 0o600))

	db, err = boltstore.Open(crashed, boltstore.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	assert.Equal(t, free, db.Bolt().Stats().FreePageN, "the free pages rebuilt")
	require.NoError(t, db.Close())
	_, fl := newestMeta(t, crashed)
	assert.NotEqual(t, noFreelist, fl, "Close stores the list rebuilt, even with no commit")
	db, err = boltstore.Open(crashed, boltstore.Options{})
	require.NoError(t, err)
	for i := 1; i < 6000; i += 7 {
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put(bucket, key(i), make([]byte, 300)) }))
	}
	require.NoError(t, db.VerifyStructure(ctx))
	want := 0
	for i := 0; i < 6000; i++ {
		if i%3 != 0 || i%7 == 1 {
			want++
		}
	}
	n, err := readAll(db)
	require.NoError(t, err)
	assert.Equal(t, want, n)
}

// TestDamagedPageWithoutFreelist: bbolt rebuilds a freelist the last
// commit left out by walking every page in a goroutine of its own, where
// a damaged page crashes the process; Open verifies the pages first and
// returns an error matching store.ErrCorrupt.
func TestDamagedPageWithoutFreelist(t *testing.T) {
	src := filledUnclosed(t, 3000)
	pageSize, _, _, leaves := fileInfo(t, src)
	require.Greater(t, len(leaves), 10)
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	for _, damage := range []struct {
		name  string
		bytes []byte
	}{{"zeroed page", make([]byte, pageSize)}, {"another page id", binary.NativeEndian.AppendUint64(nil, 3)}} {
		path := src + "." + damage.name
		d := append([]byte(nil), data...)
		copy(d[leaves[len(leaves)/2]*pageSize:], damage.bytes)
		require.NoError(t, os.WriteFile(path, d, 0o600))
		_, err := boltstore.Open(path, boltstore.Options{})
		require.ErrorIs(t, err, store.ErrCorrupt, damage.name)
	}
}

// TestSmallCommitWritesNoFreelist: a one-key commit on a file with
// thousands of free pages writes no more bytes than on a file with few,
// where bbolt would write the whole list (8 bytes a free page) at each.
// bbolt's TxStats count the list as one write however many pages it
// spans: the bytes are what the process passed to write (Linux).
func TestSmallCommitWritesNoFreelist(t *testing.T) {
	if _, err := os.ReadFile("/proc/self/io"); err != nil {
		t.Skip("the bytes a process writes are read from /proc/self/io (Linux)")
	}
	write := func(path string) int64 {
		db, err := boltstore.Open(path, boltstore.Options{NoSync: true})
		require.NoError(t, err)
		defer db.Close()
		w0 := writtenBytes(t)
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put(bucket, key(1), []byte("x")) }))
		return writtenBytes(t) - w0
	}
	few := filled(t, 300)
	many := filled(t, 60_000)
	db, err := boltstore.Open(many, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
		for i := 2; i < 60_000; i++ {
			if err := tx.Delete(bucket, key(i)); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return nil })) // the pages freed become free
	require.Greater(t, db.Bolt().Stats().FreePageN, 1500)
	require.NoError(t, db.Close())
	// The file with few free pages has more keys, so its commit may
	// dirty a branch page more.
	assert.LessOrEqual(t, write(many), write(few))
}

// writtenBytes is what this process passed to write so far (wchar).
func writtenBytes(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/io")
	require.NoError(t, err)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "wchar: "); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			require.NoError(t, err)
			return n
		}
	}
	t.Fatal("no wchar in /proc/self/io")
	return 0
}

// TestUpdateWritingNothingLeavesTheFile: an Update that writes nothing — it
// only read, or its function returned nil after refusing its input — is
// not committed: the file keeps its bytes, and Close has no freelist to
// store (a refused command of the CLI rewrote it).
func TestUpdateWritingNothingLeavesTheFile(t *testing.T) {
	path := filledUnclosed(t, 50)
	db, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	require.NoError(t, db.Close())
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	for _, wb := range []bool{false, true} {
		db, err = boltstore.Open(path, boltstore.Options{WriteBehind: wb})
		require.NoError(t, err)
		db.HintDeferred(bucket)
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			_, err := tx.Get(bucket, key(1))
			return err
		}))
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			return tx.Delete([]byte("no such bucket"), key(1))
		}))
		require.NoError(t, db.Close())
		after, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.True(t, string(before) == string(after), "write-behind %v: the file changed", wb)
	}

	// A write is committed as before.
	db, err = boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	txid, _ := newestMeta(t, path)
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Delete(bucket, key(1)) }))
	next, _ := newestMeta(t, path)
	assert.Equal(t, txid+1, next)
	require.NoError(t, db.Close())
}
