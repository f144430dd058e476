package boltstore_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev5OpenRO opens path read-only, turning a panic into a test failure
// with its message, and closes what opened.
func hrev5OpenRO(t *testing.T, path string, opts boltstore.Options) (n int, err error) {
	t.Helper()
	assert.NotPanics(t, func() {
		var db *boltstore.DB
		db, err = boltstore.Open(path, opts)
		if err != nil {
			return
		}
		defer db.Close()
		n, err = readAll(db)
	})
	return n, err
}

// TestHrev5ProbeReadOnlyTruncated: a file cut short, closed cleanly or
// left by a process that ended without Close (no freelist stored), is
// refused read-only as it is for writing: store.ErrCorrupt, no crash,
// not a byte written. Cut at the end of what its last commit uses, it
// opens and holds every key.
// Expected and observed: so.
func TestHrev5ProbeReadOnlyTruncated(t *testing.T) {
	for name, src := range map[string]string{"closed": filled(t, 3000), "unclosed": filledUnclosed(t, 3000)} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(src)
			require.NoError(t, err)
			pageSize, _, used, _ := fileInfo(t, src)
			path := filepath.Join(t.TempDir(), "t.db")
			for _, size := range []int64{used / 2, used - int64(pageSize), used - 1, int64(pageSize) + 10, int64(2 * pageSize), 50} {
				require.NoError(t, os.WriteFile(path, data[:size], 0o600))
				_, err := hrev5OpenRO(t, path, readOnly)
				assert.ErrorIs(t, err, store.ErrCorrupt, "cut to %d of %d bytes", size, used)
				after, rerr := os.ReadFile(path)
				require.NoError(t, rerr)
				assert.Len(t, after, int(size), "nothing written")
			}
			require.NoError(t, os.WriteFile(path, data[:used], 0o600))
			n, err := hrev5OpenRO(t, path, readOnly)
			require.NoError(t, err, "cut at the end of its used part")
			assert.Equal(t, 3000, n)
		})
	}
}

// TestHrev5ProbeReadOnlyTornMeta: the newest meta page torn (its checksum
// fails) is refused read-only with ErrDamagedMeta; with AcceptRollback
// too, read-only opens the older transaction (for a closed file, the
// commit before Close's, which stored only the freelist; for an unclosed
// one, without its last 100 keys) and writes nothing (the
// rollback is only made for good by a writer's next commit). A zeroed
// data page is refused with store.ErrCorrupt.
// Expected and observed: so.
func TestHrev5ProbeReadOnlyTornMeta(t *testing.T) {
	for name, src := range map[string]string{"closed": filled(t, 3000), "unclosed": filledUnclosed(t, 3000)} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(src)
			require.NoError(t, err)
			ne := binary.NativeEndian
			pageSize := int(ne.Uint32(data[16+8:]))
			tx0, tx1 := ne.Uint64(data[16+48:]), ne.Uint64(data[pageSize+16+48:])
			newest := 0
			if tx1 > tx0 {
				newest = pageSize
			}
			torn := append([]byte(nil), data...)
			torn[newest+16+56] ^= 0xff
			path := filepath.Join(t.TempDir(), "t.db")
			require.NoError(t, os.WriteFile(path, torn, 0o600))
			_, err = hrev5OpenRO(t, path, readOnly)
			assert.ErrorIs(t, err, boltstore.ErrDamagedMeta)

			opts := readOnly
			opts.AcceptRollback = true
			n, err := hrev5OpenRO(t, path, opts)
			assert.NoError(t, err, "AcceptRollback opens the older transaction")
			want := map[string]int{"closed": 3000, "unclosed": 2900}[name] // Close's last commit stores only the freelist
			assert.Equal(t, want, n, "the older transaction's keys")
			after, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, torn, after, "nothing written")

			_, _, _, leaves := fileInfo(t, src)
			require.NotEmpty(t, leaves)
			zeroed := append([]byte(nil), data...)
			clear(zeroed[leaves[len(leaves)/2]*pageSize:][:pageSize])
			require.NoError(t, os.WriteFile(path, zeroed, 0o600))
			_, err = hrev5OpenRO(t, path, readOnly)
			assert.ErrorIs(t, err, store.ErrCorrupt)
		})
	}
}
