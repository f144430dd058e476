package boltstore_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// r28Dump renders every key of the buckets named.
func r28Dump(t *testing.T, db *boltstore.DB, buckets []string) string {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		for _, b := range buckets {
			err := tx.Scan([]byte(b), nil, nil, false, func(k, v []byte) error {
				fmt.Fprintf(&out, "%s %x %d %x\n", b, k, len(v), v[:min(len(v), 8)])
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	}))
	return out.String()
}

// r28ModelDump renders the model the same way.
func r28ModelDump(m map[string]map[string][]byte, buckets []string) string {
	var out bytes.Buffer
	for _, b := range buckets {
		keys := make([]string, 0, len(m[b]))
		for k := range m[b] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := m[b][k]
			fmt.Fprintf(&out, "%s %x %d %x\n", b, k, len(v), v[:min(len(v), 8)])
		}
	}
	return out.String()
}

// r28CrashCopy copies the book at path to cp as a process ending now
// leaves it: the file and its write-behind file, if any.
func r28CrashCopy(t *testing.T, path, cp string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(cp, data, 0o600))
	if data, err = os.ReadFile(path + boltstore.WBFileSuffix); err == nil {
		require.NoError(t, os.WriteFile(cp+boltstore.WBFileSuffix, data, 0o600))
	}
}

// TestReview28EveryWriteKindCommitted: since an Update that wrote nothing
// to bbolt is rolled back, every kind of write must still set the flag:
// small and large values (a large one stored alone), replacing one kind
// with the other, deleting either, a nil value, a new bucket, writes to a
// deferred bucket (write-behind log), a deletion in the overlay only, and
// Compact. After each Update, the file as a process that ended right then
// leaves it (no Close) opens with everything the Update wrote, and so does
// the file after Close.
func TestReview28EveryWriteKindCommitted(t *testing.T) {
	buckets := []string{"small", "large", "def", "fresh"}
	for _, wb := range []bool{false, true} {
		t.Run(fmt.Sprintf("writebehind=%v", wb), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "w.db")
			db, err := boltstore.Open(path, boltstore.Options{NoSync: true, WriteBehind: wb, WriteBehindMax: 1000})
			require.NoError(t, err)
			db.HintDeferred([]byte("def"))
			model := map[string]map[string][]byte{}
			set := func(b, k string, v []byte) {
				if model[b] == nil {
					model[b] = map[string][]byte{}
				}
				if v == nil {
					v = []byte{}
				}
				model[b][k] = v
			}
			del := func(b, k string) { delete(model[b], k) }
			big := func(c byte) []byte { return bytes.Repeat([]byte{c}, 3*os.Getpagesize()) }
			step := 0
			do := func(name string, fn func(tx store.Tx) error, after func()) {
				t.Helper()
				step++
				require.NoError(t, db.Update(ctx, fn), name)
				after()
				assert.Equal(t, r28ModelDump(model, buckets), r28Dump(t, db, buckets), "%s: live", name)
				cp := filepath.Join(dir, fmt.Sprintf("crash%d.db", step))
				r28CrashCopy(t, path, cp)
				c, err := boltstore.Open(cp, boltstore.Options{NoSync: true})
				require.NoError(t, err, name)
				assert.Equal(t, r28ModelDump(model, buckets), r28Dump(t, c, buckets), "%s: the file as left by a process ending now", name)
				require.NoError(t, c.Close())
			}
			do("small put", func(tx store.Tx) error { return tx.Put([]byte("small"), []byte("a"), []byte("1")) }, func() { set("small", "a", []byte("1")) })
			do("large put", func(tx store.Tx) error { return tx.Put([]byte("large"), []byte("L"), big(1)) }, func() { set("large", "L", big(1)) })
			do("large replaced by small", func(tx store.Tx) error { return tx.Put([]byte("large"), []byte("L"), []byte("s")) }, func() { set("large", "L", []byte("s")) })
			do("small replaced by large", func(tx store.Tx) error { return tx.Put([]byte("large"), []byte("L"), big(2)) }, func() { set("large", "L", big(2)) })
			do("large deleted", func(tx store.Tx) error { return tx.Delete([]byte("large"), []byte("L")) }, func() { del("large", "L") })
			do("small deleted", func(tx store.Tx) error { return tx.Delete([]byte("small"), []byte("a")) }, func() { del("small", "a") })
			do("nil value in a new bucket", func(tx store.Tx) error { return tx.Put([]byte("fresh"), []byte("n"), nil) }, func() { set("fresh", "n", nil) })
			do("deferred put", func(tx store.Tx) error { return tx.Put([]byte("def"), []byte("d1"), []byte("v1")) }, func() { set("def", "d1", []byte("v1")) })
			do("deferred large put", func(tx store.Tx) error { return tx.Put([]byte("def"), []byte("d2"), big(3)) }, func() { set("def", "d2", big(3)) })
			do("deferred delete", func(tx store.Tx) error { return tx.Delete([]byte("def"), []byte("d1")) }, func() { del("def", "d1") })
			do("deferred delete of a missing key", func(tx store.Tx) error { return tx.Delete([]byte("def"), []byte("zz")) }, func() {})
			do("read then write", func(tx store.Tx) error {
				if _, err := tx.Get([]byte("def"), []byte("d2")); err != nil {
					return err
				}
				return tx.Put([]byte("small"), []byte("b"), []byte("2"))
			}, func() { set("small", "b", []byte("2")) })
			require.NoError(t, db.Compact(ctx))
			assert.Equal(t, r28ModelDump(model, buckets), r28Dump(t, db, buckets), "after Compact")
			cp := filepath.Join(dir, "compacted.db")
			r28CrashCopy(t, path, cp)
			c, err := boltstore.Open(cp, boltstore.Options{NoSync: true})
			require.NoError(t, err)
			assert.Equal(t, r28ModelDump(model, buckets), r28Dump(t, c, buckets), "the file after Compact")
			require.NoError(t, c.Close())
			do("delete of the deferred key after Compact", func(tx store.Tx) error { return tx.Delete([]byte("def"), []byte("d2")) }, func() { del("def", "d2") })
			require.NoError(t, db.Close())
			db, err = boltstore.Open(path, boltstore.Options{NoSync: true})
			require.NoError(t, err)
			assert.Equal(t, r28ModelDump(model, buckets), r28Dump(t, db, buckets), "after Close and Open")
			require.NoError(t, db.Close())
		})
	}
}
