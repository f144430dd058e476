package boltstore_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// r22Entry is one write of a hand-made write-behind record.
type r22Entry struct {
	k, v []byte
	del  bool
}

// r22Record encodes a plain (not deflated) record holding one bucket's
// entries, in the order given (the format of wbCommit: name, count, then
// per entry shared-prefix length, suffix, kind, value), sealed with its
// checksum: a record whose bytes are whole but hold what no commit wrote.
func r22Record(bucket []byte, es []r22Entry) []byte {
	return boltstore.SealRecord(r22WriteSet(bucket, es))
}

func r22WriteSet(bucket []byte, es []r22Entry) []byte {
	var rec []byte
	rec = binary.AppendUvarint(rec, uint64(len(bucket)))
	rec = append(rec, bucket...)
	rec = binary.AppendUvarint(rec, uint64(len(es)))
	var prev []byte
	for _, e := range es {
		shared := 0
		for shared < len(prev) && shared < len(e.k) && prev[shared] == e.k[shared] {
			shared++
		}
		prev = e.k
		rec = binary.AppendUvarint(rec, uint64(shared))
		rec = binary.AppendUvarint(rec, uint64(len(e.k)-shared))
		rec = append(rec, e.k[shared:]...)
		if e.del {
			rec = append(rec, 0)
		} else {
			rec = append(rec, 1)
			rec = binary.AppendUvarint(rec, uint64(len(e.v)))
			rec = append(rec, e.v...)
		}
	}
	return rec
}

// r22FileWithLog creates a boltstore file holding "plain"/"base"="1" and
// then, written with bbolt directly, the log records given (keys 0, 1...).
func r22FileWithLog(t *testing.T, recs ...[]byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "raw.db")
	db, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
		return tx.Put([]byte("plain"), []byte("base"), []byte("1"))
	}))
	require.NoError(t, db.Close())
	bdb, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, bdb.Update(func(btx *bolt.Tx) error {
		lb, err := btx.CreateBucketIfNotExists(boltstore.WBLogBucket())
		if err != nil {
			return err
		}
		for i, rec := range recs {
			if err := lb.Put(binary.BigEndian.AppendUint64(nil, uint64(i)), rec); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(t, bdb.Close())
	return path
}

// r22OpenOutcome opens path and says what happened: "ok", "corrupt: ...",
// "error: ..." (not matching store.ErrCorrupt), "panic: ...". When Open
// succeeds it also closes the DB, and a failing Close is "close error".
func r22OpenOutcome(path string, wb bool) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = fmt.Sprint("panic: ", r)
		}
	}()
	db, err := boltstore.Open(path, boltstore.Options{NoSync: true, WriteBehind: wb})
	switch {
	case err == nil:
	case errors.Is(err, store.ErrCorrupt):
		return "corrupt: " + err.Error()
	default:
		return "error: " + err.Error()
	}
	if err := db.Close(); err != nil {
		return "ok, then close error: " + err.Error()
	}
	return "ok"
}

// TestR22DamagedRecordStructure: a log record whose bytes parse but hold
// what no commit could have written (an empty key, an empty bucket name,
// keys out of order, the same key twice) is damage: Open must refuse it
// with an error matching store.ErrCorrupt, with or without the option,
// rather than open and fail later (at Close's compaction, or in bbolt), or
// serve reads that contradict each other.
func TestR22DamagedRecordStructure(t *testing.T) {
	cases := []struct {
		name string
		rec  []byte
	}{
		{"empty key", r22Record([]byte("w1"), []r22Entry{{k: []byte{}, v: []byte("x")}})},
		{"empty bucket name", r22Record([]byte{}, []r22Entry{{k: []byte("a"), v: []byte("x")}})},
		{"keys out of order", r22Record([]byte("w1"), []r22Entry{{k: []byte("b"), v: []byte("1")}, {k: []byte("a"), v: []byte("2")}})},
		{"same key twice", r22Record([]byte("w1"), []r22Entry{{k: []byte("a"), v: []byte("1")}, {k: []byte("a"), v: []byte("2")}})},
		{"key over KeyMax", r22Record([]byte("w1"), []r22Entry{{k: bytes.Repeat([]byte("k"), store.KeyMax+1), v: []byte("1")}})},
	}
	for _, c := range cases {
		for _, wb := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/wb=%v", c.name, wb), func(t *testing.T) {
				path := r22FileWithLog(t, c.rec)
				out := r22OpenOutcome(path, wb)
				require.Regexp(t, "^corrupt: ", out, "a damaged record must be refused at Open with store.ErrCorrupt")
			})
		}
	}
}

// TestR22UnsortedRecordReadsDisagree shows what a record with keys out of
// order does once opened with the option: Scan lists a key that Get says
// is not there.
func TestR22UnsortedRecordReadsDisagree(t *testing.T) {
	rec := r22Record([]byte("w1"), []r22Entry{{k: []byte("b"), v: []byte("1")}, {k: []byte("a"), v: []byte("2")}})
	path := r22FileWithLog(t, rec)
	db, err := boltstore.Open(path, boltstore.Options{NoSync: true, WriteBehind: true})
	if err != nil {
		require.ErrorIs(t, err, store.ErrCorrupt)
		return
	}
	defer db.Close()
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		var scanned []string
		require.NoError(t, tx.Scan([]byte("w1"), nil, nil, false, func(k, v []byte) error {
			scanned = append(scanned, string(k))
			return nil
		}))
		for _, k := range scanned {
			_, err := tx.Get([]byte("w1"), []byte(k))
			require.NoError(t, err, "Scan gave %q (all: %q), Get does not find it", k, scanned)
		}
		return nil
	}))
}

// TestR22DamagedRecordFlips flips each byte of a real plain record (made
// by a write-behind commit, copied by Backup) and opens the copy with the
// option: each flip must be refused with store.ErrCorrupt (the record's
// checksum); never a panic, an error of another kind, or a store opened
// with other data.
func TestR22DamagedRecordFlips(t *testing.T) {
	live := openWB(t, filepath.Join(t.TempDir(), "live.db"), 1000, []byte("w1"))
	require.NoError(t, live.Update(ctx, func(tx store.Tx) error {
		for _, k := range []string{"ab", "abc", "b"} {
			if err := tx.Put([]byte("w1"), []byte(k), []byte("val-"+k)); err != nil {
				return err
			}
		}
		return tx.Delete([]byte("w1"), []byte("c"))
	}))
	// The file as a process ending now leaves it: the first record is in
	// the log bucket (the commit that creates the write-behind file). A
	// backup would hold no record: it compacts first.
	base := filepath.Join(t.TempDir(), "base.db")
	r28CrashCopy(t, live.Bolt().Path(), base) // with its write-behind file, of no frame
	require.NoError(t, live.Close())
	// Read the record.
	bdb, err := bolt.Open(base, 0o600, nil)
	require.NoError(t, err)
	var rec []byte
	var key []byte
	require.NoError(t, bdb.View(func(btx *bolt.Tx) error {
		lb := btx.Bucket(boltstore.WBLogBucket())
		require.NotNil(t, lb)
		k, v := lb.Cursor().First()
		key, rec = bytes.Clone(k), bytes.Clone(v)
		return nil
	}))
	require.NoError(t, bdb.Close())
	require.NotEmpty(t, rec)
	require.Equal(t, byte(0), rec[0], "a short record is plain")
	want := r22Contents(t, base)
	require.Equal(t, "ab=val-ab,abc=val-abc,b=val-b,", want)
	counts := map[string]int{}
	var bad []string
	for i := 0; i < len(rec); i++ {
		for _, wb := range []bool{true, false} {
			dam := bytes.Clone(rec)
			dam[i] ^= 0xff
			path := filepath.Join(t.TempDir(), fmt.Sprintf("f%d.db", i))
			r28CrashCopy(t, base, path)
			bdb, err := bolt.Open(path, 0o600, nil)
			require.NoError(t, err)
			require.NoError(t, bdb.Update(func(btx *bolt.Tx) error { return btx.Bucket(boltstore.WBLogBucket()).Put(key, dam) }))
			require.NoError(t, bdb.Close())
			out := r22OpenOutcome(path, wb)
			if out == "ok" {
				// Reopened (Close compacted): compare what w1 holds.
				got := r22Contents(t, path)
				if got != want {
					out = "silent: " + got
					if r22Keys(got) != r22Keys(want) {
						out = "lost: " + got
					}
				}
			}
			kind := out
			if j := bytes.IndexByte([]byte(out), ':'); j >= 0 {
				kind = out[:j]
			}
			counts[kind]++
			if kind != "corrupt" {
				bad = append(bad, fmt.Sprintf("byte %d (of %d, %q) flipped, wb=%v: %q", i, len(rec), rec, wb, out))
			}
		}
	}
	t.Logf("outcomes: %v", counts)
	require.Empty(t, bad, "flips neither refused as corrupt nor opened with the same keys")
}

// TestR22LogForMissingBucket: the log holds writes (puts and deletes) for
// a bucket the trees do not hold (removed with bbolt directly): replay
// serves them, and compaction creates the bucket.
func TestR22LogForMissingBucket(t *testing.T) {
	rec := r22Record([]byte("gone"), []r22Entry{{k: []byte("a"), v: []byte("1")}, {k: []byte("b"), del: true}})
	for _, wb := range []bool{false, true} {
		path := r22FileWithLog(t, rec)
		db, err := boltstore.Open(path, boltstore.Options{NoSync: true, WriteBehind: wb})
		require.NoError(t, err)
		check := func(db *boltstore.DB) {
			require.NoError(t, db.View(ctx, func(tx store.Tx) error {
				v, err := tx.Get([]byte("gone"), []byte("a"))
				require.NoError(t, err)
				require.Equal(t, "1", string(v))
				_, err = tx.Get([]byte("gone"), []byte("b"))
				require.ErrorIs(t, err, store.ErrNotFound)
				return nil
			}))
		}
		check(db)
		require.NoError(t, db.Close())
		db, err = boltstore.Open(path, boltstore.Options{NoSync: true})
		require.NoError(t, err)
		check(db)
		require.NoError(t, db.Close())
	}
}

// TestR22UserBucketNamedLog: "wb.log" is a bucket name like any other to
// the store contract (any 1..KeyMax bytes). A store that never uses
// write-behind must reopen a file holding such a bucket, and keep its
// data.
func TestR22UserBucketNamedLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "u.db")
	db, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
		return tx.Put([]byte("wb.log"), []byte("user-key"), []byte("user-value"))
	}))
	require.NoError(t, db.Close())
	db, err = boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err, "reopening a file with a user bucket named wb.log")
	defer db.Close()
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get([]byte("wb.log"), []byte("user-key"))
		require.NoError(t, err)
		require.Equal(t, "user-value", string(v))
		return nil
	}))
}

// TestR22UserBucketNamedLogCompacted: with the option, a user's bucket
// named "wb.log" (not deferred) loses its data at the first compaction.
func TestR22UserBucketNamedLogCompacted(t *testing.T) {
	db := openWB(t, filepath.Join(t.TempDir(), "u.db"), 1000, []byte("w1"))
	defer db.Close()
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
		return tx.Put([]byte("wb.log"), []byte("user-key"), []byte("user-value"))
	}))
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
		return tx.Put([]byte("w1"), []byte("k"), []byte("v"))
	}))
	require.NoError(t, db.Compact(ctx))
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get([]byte("wb.log"), []byte("user-key"))
		require.NoError(t, err, "the user's key in bucket wb.log after Compact")
		require.Equal(t, "user-value", string(v))
		return nil
	}))
}

// r22Contents opens path (no option: the log is applied) and lists w1.
func r22Contents(t *testing.T, path string) string {
	t.Helper()
	cp := filepath.Join(t.TempDir(), "contents.db") // leave the file given as it is
	r28CrashCopy(t, path, cp)
	path = cp
	db, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	defer db.Close()
	var out bytes.Buffer
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		return tx.Scan([]byte("w1"), nil, nil, false, func(k, v []byte) error {
			fmt.Fprintf(&out, "%s=%s,", k, v)
			return nil
		})
	}))
	return out.String()
}

// r22Keys keeps the keys of a r22Contents listing.
func r22Keys(s string) string {
	var out []byte
	for _, kv := range bytes.Split([]byte(s), []byte(",")) {
		if i := bytes.IndexByte(kv, '='); i >= 0 {
			out = append(append(out, kv[:i]...), ',')
		}
	}
	return string(out)
}
