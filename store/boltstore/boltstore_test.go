package boltstore_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

var ctx = context.Background()

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		db, err := boltstore.Open(filepath.Join(t.TempDir(), "s.db"), boltstore.Options{})
		require.NoError(t, err)
		return db
	})
}

func TestDurableByDefault(t *testing.T) {
	db, err := boltstore.Open(filepath.Join(t.TempDir(), "s.db"), boltstore.Options{})
	require.NoError(t, err)
	defer db.Close()
	assert.True(t, db.Durable())
	n, err := db.SizeOnDisk()
	require.NoError(t, err)
	assert.Positive(t, n)
}

// TestOpenCreatesWhole proves a new file is created whole: no temporary
// file is left beside it, and it opens again.
func TestOpenCreatesWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.db")
	db, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	require.NoError(t, db.Close())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "only the database is left")
	assert.Equal(t, "new.db", entries[0].Name())
	db, err = boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	require.NoError(t, db.Close())
}

func TestInvalidFiles(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "foreign.db")
	require.NoError(t, os.WriteFile(foreign, []byte("this is a spreadsheet, not a book\n"), 0o600))
	_, err := boltstore.Open(foreign, boltstore.Options{})
	assert.ErrorIs(t, err, boltstore.ErrInvalidFile)
	assert.NotErrorIs(t, err, store.ErrCorrupt)

	big := make([]byte, 64<<10)
	for i := range big {
		big[i] = byte(i * 7)
	}
	garbage := filepath.Join(dir, "garbage.db")
	require.NoError(t, os.WriteFile(garbage, big, 0o600))
	_, err = boltstore.Open(garbage, boltstore.Options{})
	assert.ErrorIs(t, err, boltstore.ErrInvalidFile)

	good := filepath.Join(dir, "good.db")
	db, err := boltstore.Open(good, boltstore.Options{})
	require.NoError(t, err)
	require.NoError(t, db.Close())
	require.NoError(t, os.Truncate(good, 100))
	_, err = boltstore.Open(good, boltstore.Options{})
	assert.ErrorIs(t, err, store.ErrCorrupt)
	assert.ErrorContains(t, err, "truncated")

	dir2 := filepath.Join(dir, "a-directory")
	require.NoError(t, os.Mkdir(dir2, 0o700))
	_, err = boltstore.Open(dir2, boltstore.Options{})
	assert.Error(t, err)
}

// TestEmptyFileRefused: a 0-byte file is a truncated database, not a new
// one; Open leaves it as it is.
func TestEmptyFileRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	require.NoError(t, os.WriteFile(path, nil, 0o600))
	_, err := boltstore.Open(path, boltstore.Options{})
	assert.ErrorIs(t, err, store.ErrCorrupt)
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Zero(t, fi.Size(), "Open must not initialise an existing file")
}

func TestLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	defer db.Close()
	_, err = boltstore.Open(path, boltstore.Options{Timeout: 50 * time.Millisecond})
	assert.ErrorIs(t, err, boltstore.ErrLocked)
}

var bucket = []byte("b")

func key(i int) []byte { return binary.BigEndian.AppendUint64(nil, uint64(i)) }

// filled returns a closed file holding keys 0 to n-1 of bucket b, 100-byte
// values, written in commits of 100 keys, and its page size.
func filled(t *testing.T, n int) string {
	t.Helper()
	path, db := fill(t, n)
	require.NoError(t, db.Close())
	return path
}

// fill creates a file with n keys, 100 per commit, and leaves it open.
func fill(t *testing.T, n int) (string, *boltstore.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "f.db")
	db, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	for i := 0; i < n; i += 100 {
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			for j := i; j < min(i+100, n); j++ {
				if err := tx.Put(bucket, key(j), bytes.Repeat([]byte{byte(j)}, 100)); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	return path, db
}

// filledUnclosed is filled without Close: a copy of the file taken after
// the last commit, as a process that ended then would leave it (its last
// commit stored no freelist).
func filledUnclosed(t *testing.T, n int) string {
	t.Helper()
	path, db := fill(t, n)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	copyPath := filepath.Join(filepath.Dir(path), "crashed.db")
	require.NoError(t, os.WriteFile(copyPath, data, 0o600))
	return copyPath
}

// fileInfo reads what the test needs of a bbolt file through bbolt: the
// page size, the transaction and its size in bytes, and the leaf pages of
// bucket b.
func fileInfo(t *testing.T, path string) (pageSize int, txid int, used int64, leaves []int) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, PreLoadFreelist: true})
	require.NoError(t, err)
	defer db.Close()
	pageSize = db.Info().PageSize
	require.NoError(t, db.View(func(tx *bolt.Tx) error {
		txid, used = tx.ID(), tx.Size()
		walk := func(id int) {
			p, err := tx.Page(id)
			require.NoError(t, err)
			if p.Type == "leaf" {
				leaves = append(leaves, id)
			}
		}
		root := int(tx.Bucket(bucket).Root())
		require.NotZero(t, root, "the bucket is not inline")
		for id := 2; id < int(used)/pageSize; id++ {
			if id != root {
				walk(id)
			}
		}
		return nil
	}))
	return pageSize, txid, used, leaves
}

// patch writes b at off in the file.
func patch(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	require.NoError(t, err)
	_, err = f.WriteAt(b, off)
	require.NoError(t, err)
	require.NoError(t, f.Close())
}

func readAll(db *boltstore.DB) (n int, err error) {
	err = db.View(ctx, func(tx store.Tx) error {
		return tx.Scan(bucket, nil, nil, false, func(k, v []byte) error {
			n++
			return nil
		})
	})
	return n, err
}

// TestTruncated: a file cut inside its used part is refused before bbolt
// maps it (it used to die of SIGBUS); cut at the end of its used part it
// loses nothing.
func TestTruncated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	src := filled(t, 3000)
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	pageSize, _, used, _ := fileInfo(t, src)
	for _, size := range []int64{used / 2, used - int64(pageSize), used - 1, int64(pageSize) + 10, 50} {
		require.NoError(t, os.WriteFile(path, data[:size], 0o600))
		_, err := boltstore.Open(path, boltstore.Options{})
		assert.ErrorIs(t, err, store.ErrCorrupt, "cut at %d of %d", size, used)
		assert.ErrorContains(t, err, "truncated", "cut at %d", size)
	}
	require.NoError(t, os.WriteFile(path, data[:used], 0o600))
	db, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	defer db.Close()
	n, err := readAll(db)
	require.NoError(t, err)
	assert.Equal(t, 3000, n)
}

// metaOff is the offset of a meta page's transaction id (page header 16
// bytes, then magic, version, page size, flags, root, freelist, pgid).
func metaOff(pageSize, page int) int64 { return int64(page*pageSize + 16 + 48) }

// TestDamagedNewestMeta: one damaged byte in the newest meta page made
// bbolt open the previous transaction without a word, losing the last
// commit. Open names the page and the transaction; AcceptRollback opens
// the older state on purpose.
func TestDamagedNewestMeta(t *testing.T) {
	// A file whose process ended without Close: its last commit holds the
	// last 100 keys and no freelist.
	path := filledUnclosed(t, 300)
	pageSize, txid, _, _ := fileInfo(t, path)
	newest := txid % 2
	patch(t, path, metaOff(pageSize, newest)-20, []byte{0xAB}) // inside the root field

	_, err := boltstore.Open(path, boltstore.Options{})
	require.ErrorIs(t, err, store.ErrCorrupt)
	require.ErrorIs(t, err, boltstore.ErrDamagedMeta)
	assert.ErrorContains(t, err, "meta page "+strconv.Itoa(newest))
	assert.ErrorContains(t, err, "transaction "+strconv.Itoa(txid)+", the last committed, which would be lost")

	db, err := boltstore.Open(path, boltstore.Options{AcceptRollback: true})
	require.NoError(t, err)
	n, err := readAll(db)
	require.NoError(t, err)
	assert.Equal(t, 200, n, "the older state lacks the last commit's 100 keys")
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put(bucket, key(1), []byte("x")) }))
	require.NoError(t, db.Close())
	db, err = boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err, "the next commit wrote over the damaged page")
	require.NoError(t, db.VerifyStructure(ctx))
	require.NoError(t, db.Close())
}

// TestDamagedNewestMetaAfterClose: Close's last commit stores the freelist
// and nothing else, so losing it loses no key; the older state, which
// stored no freelist, opens once its pages are verified.
func TestDamagedNewestMetaAfterClose(t *testing.T) {
	path := filled(t, 300)
	pageSize, txid, _, _ := fileInfo(t, path)
	patch(t, path, metaOff(pageSize, txid%2)-20, []byte{0xAB})
	_, err := boltstore.Open(path, boltstore.Options{})
	require.ErrorIs(t, err, boltstore.ErrDamagedMeta)
	db, err := boltstore.Open(path, boltstore.Options{AcceptRollback: true})
	require.NoError(t, err)
	n, err := readAll(db)
	require.NoError(t, err)
	assert.Equal(t, 300, n, "the commit lost held the freelist only")
	require.NoError(t, db.VerifyStructure(ctx))
	require.NoError(t, db.Close())
}

func TestDamagedOlderMeta(t *testing.T) {
	path := filled(t, 300)
	pageSize, txid, _, _ := fileInfo(t, path)
	older := 1 - txid%2
	patch(t, path, metaOff(pageSize, older)+8, []byte{0x01}) // the checksum
	_, err := boltstore.Open(path, boltstore.Options{})
	require.ErrorIs(t, err, boltstore.ErrDamagedMeta)
	assert.ErrorContains(t, err, "no commit is lost")

	patch(t, path, metaOff(pageSize, 1-older)+8, []byte{0x01})
	_, err = boltstore.Open(path, boltstore.Options{AcceptRollback: true})
	require.ErrorIs(t, err, store.ErrCorrupt)
	assert.ErrorContains(t, err, "both meta pages are damaged")
}

// TestDamagedPages: garbled or zeroed pages make bbolt panic or fault in
// the middle of a read; every kind comes back as an error matching
// store.ErrCorrupt, and a write transaction that met one stops every later
// write.
func TestDamagedPages(t *testing.T) {
	src := filled(t, 3000)
	pageSize, _, _, leaves := fileInfo(t, src)
	require.Greater(t, len(leaves), 10)
	garble := make([]byte, pageSize)
	for i := range garble {
		garble[i] = byte(i*31 + 7)
	}
	hugeValue := make([]byte, 16) // a leaf element: flags, pos, ksize, vsize
	binary.NativeEndian.PutUint32(hugeValue[4:], 16)
	binary.NativeEndian.PutUint32(hugeValue[8:], 8)
	binary.NativeEndian.PutUint32(hugeValue[12:], 0x7fff_ffff)
	for _, tc := range []struct {
		name  string
		off   int
		bytes []byte
	}{
		{"zeroed page", 0, make([]byte, pageSize)},
		{"garbled page", 0, garble},
		{"garbled header flags", 8, []byte{0x7f}},
		{"page claims another id", 0, []byte{0xff, 0xff}},
		{"value past the end of the file", 16, hugeValue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "d.db")
			data, err := os.ReadFile(src)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(path, data, 0o600))
			patch(t, path, int64(leaves[len(leaves)/2]*pageSize+tc.off), tc.bytes)

			_, err = boltstore.Open(path, boltstore.Options{})
			require.ErrorIs(t, err, store.ErrCorrupt, "Open verifies the file by default")
			// Past the verification at open, reads of the damaged page
			// still fail cleanly.
			db, err := boltstore.Open(path, boltstore.Options{NoVerify: true})
			require.NoError(t, err)
			defer db.Close()
			assert.ErrorIs(t, db.VerifyStructure(ctx), store.ErrCorrupt)
			err = db.View(ctx, func(tx store.Tx) error {
				return tx.Scan(bucket, nil, nil, false, func(k, v []byte) error {
					_ = bytes.Clone(v) // reads every value
					return nil
				})
			})
			require.ErrorIs(t, err, store.ErrCorrupt)

			err = db.Update(ctx, func(tx store.Tx) error {
				for i := 0; i < 3000; i += 7 {
					if err := tx.Put(bucket, key(i), []byte("new")); err != nil {
						return err
					}
				}
				return nil
			})
			if tc.name == "value past the end of the file" {
				// bbolt moves a value without reading it: the write goes
				// through and the damage stays for Check to find.
				return
			}
			require.ErrorIs(t, err, store.ErrCorrupt)
			err = db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("other"), key(1), nil) })
			assert.ErrorIs(t, err, store.ErrCorrupt, "no write after a write met damage")
			assert.NoError(t, db.View(ctx, func(tx store.Tx) error {
				_, err := tx.Get([]byte("other"), key(1))
				assert.ErrorIs(t, err, store.ErrNotFound)
				return nil
			}), "reads go on")
		})
	}
}

// TestCallerPanics: a panic in the caller's function is not damage: it
// goes up untouched, a nil dereference included.
func TestCallerPanics(t *testing.T) {
	db, err := boltstore.Open(filepath.Join(t.TempDir(), "p.db"), boltstore.Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put(bucket, key(1), []byte("v")) }))
	assert.PanicsWithValue(t, "mine", func() {
		_ = db.View(ctx, func(tx store.Tx) error { panic("mine") })
	})
	assert.PanicsWithValue(t, "in scan", func() {
		_ = db.Update(ctx, func(tx store.Tx) error {
			return tx.Scan(bucket, nil, nil, false, func(k, v []byte) error { panic("in scan") })
		})
	})
	assert.Panics(t, func() {
		_ = db.View(ctx, func(tx store.Tx) error {
			var p *struct{ x int }
			return errors.New(string(rune(p.x)))
		})
	})
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put(bucket, key(2), []byte("v")) }),
		"a caller's panic does not stop later writes")
}

// TestHintAppend: keys in ascending order fill the pages of a hinted bucket
// full, those of another one half.
func TestHintAppend(t *testing.T) {
	db, err := boltstore.Open(filepath.Join(t.TempDir(), "h.db"), boltstore.Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()
	db.HintAppend([]byte("log"))
	for i := 0; i < 5000; i += 100 {
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			for j := i; j < i+100; j++ {
				for _, b := range []string{"log", "other"} {
					if err := tx.Put([]byte(b), key(j), make([]byte, 50)); err != nil {
						return err
					}
				}
			}
			return nil
		}))
	}
	fill := func(b string) float64 { // float ok: a ratio for the test
		var s bolt.BucketStats
		require.NoError(t, db.Bolt().View(func(tx *bolt.Tx) error { s = tx.Bucket([]byte(b)).Stats(); return nil }))
		return float64(s.LeafInuse) / float64(s.LeafAlloc)
	}
	assert.Greater(t, fill("log"), 0.9)
	assert.Less(t, fill("other"), boltstore.DefaultFillPercent+0.1)
}

// TestBackup runs the backup conformance suite: a copy taken while a
// writer commits opens with Open and holds every acknowledged commit.
func TestBackup(t *testing.T) {
	storetest.RunBackup(t, func(t *testing.T) store.Store {
		db, err := boltstore.Open(filepath.Join(t.TempDir(), "live.db"), boltstore.Options{NoSync: true})
		require.NoError(t, err)
		return db
	}, func(t *testing.T, copy []byte) store.Store {
		path := filepath.Join(t.TempDir(), "copy.db")
		require.NoError(t, os.WriteFile(path, copy, 0o600))
		db, err := boltstore.Open(path, boltstore.Options{})
		require.NoError(t, err)
		return db
	})
}

// TestVerifyStructure: a healthy file after puts, overwrites and deletes
// in many commits, with a writer going on meanwhile, verifies; a branch
// key raised past the first two keys of its child hides the second from
// lookups while scans still see it, and only the structure check finds it.
func TestVerifyStructure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	db, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	for round := 0; round < 30; round++ {
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			for i := 0; i < 200; i++ {
				k := key((round*7919 + i*104729) % 5000)
				var err error
				if i%5 == 0 {
					err = tx.Delete(bucket, k)
				} else {
					err = tx.Put(bucket, k, bytes.Repeat([]byte{byte(i)}, 10+i%300))
				}
				if err != nil {
					return err
				}
			}
			return tx.Put([]byte("small"), key(round), []byte("inline"))
		}))
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := db.Update(ctx, func(tx store.Tx) error { return tx.Put(bucket, key(10_000+i), []byte("w")) }); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for i := 0; i < 5; i++ {
		assert.NoError(t, db.VerifyStructure(ctx))
	}
	close(stop)
	<-done
	require.NoError(t, db.Close())

	path = filled(t, 3000)
	pageSize, _, _, _ := fileInfo(t, path)
	var root int
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	require.NoError(t, err)
	require.NoError(t, bdb.View(func(tx *bolt.Tx) error { root = int(tx.Bucket(bucket).Root()); return nil }))
	require.NoError(t, bdb.Close())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	el := root*pageSize + 16 + 16 // the branch's second element: pos, ksize, child
	require.Equal(t, uint16(0x01), binary.NativeEndian.Uint16(data[root*pageSize+8:]), "the bucket's root is a branch")
	k := el + int(binary.NativeEndian.Uint32(data[el:]))
	// The lookup of the child's first key lands past the end of the leaf
	// before and steps on to it; the second is lost.
	hidden := int(binary.BigEndian.Uint64(data[k:k+8])) + 1
	copy(data[k:k+8], key(hidden+1))
	require.NoError(t, os.WriteFile(path, data, 0o600))

	_, err = boltstore.Open(path, boltstore.Options{})
	require.ErrorIs(t, err, store.ErrCorrupt, "Open verifies the file by default")
	db, err = boltstore.Open(path, boltstore.Options{NoVerify: true})
	require.NoError(t, err)
	defer db.Close()
	n, err := readAll(db)
	require.NoError(t, err)
	assert.Equal(t, 3000, n, "a scan sees every key")
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		_, err := tx.Get(bucket, key(hidden))
		assert.ErrorIs(t, err, store.ErrNotFound, "a lookup misses key %d", hidden)
		return nil
	}))
	err = db.VerifyStructure(ctx)
	assert.ErrorIs(t, err, store.ErrCorrupt)
	assert.ErrorContains(t, err, "the key of the branch that leads here")
}
