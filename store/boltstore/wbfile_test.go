package boltstore_test

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
)

var wbFileSeed = flag.Uint64("wbfileseed", 0, "TestWBFileCrashCopies: replay this seed only")

// wbFileBook is a write-behind book and the model of what it holds.
type wbFileBook struct {
	t     *testing.T
	path  string
	db    *boltstore.DB
	model map[string]map[string][]byte
}

var wbFileBuckets = []string{"plain", "w1", "w2"}

func openWBFileBook(t *testing.T, max int) *wbFileBook {
	path := filepath.Join(t.TempDir(), "book.db")
	b := &wbFileBook{t: t, path: path, db: openWB(t, path, max, []byte("w1"), []byte("w2")), model: map[string]map[string][]byte{}}
	t.Cleanup(func() { b.db.Close() })
	return b
}

// update runs one Update of puts (deletes when v is nil) and mirrors it
// in the model.
func (b *wbFileBook) update(writes ...[3]string) {
	b.t.Helper()
	require.NoError(b.t, b.db.Update(ctx, func(tx store.Tx) error {
		for _, w := range writes {
			var err error
			if w[2] == "" {
				err = tx.Delete([]byte(w[0]), []byte(w[1]))
			} else {
				err = tx.Put([]byte(w[0]), []byte(w[1]), []byte(w[2]))
			}
			if err != nil {
				return err
			}
		}
		return nil
	}))
	for _, w := range writes {
		if b.model[w[0]] == nil {
			b.model[w[0]] = map[string][]byte{}
		}
		if w[2] == "" {
			delete(b.model[w[0]], w[1])
		} else {
			b.model[w[0]][w[1]] = []byte(w[2])
		}
	}
}

// crashCopy copies the book as a process ending now leaves it.
func (b *wbFileBook) crashCopy() string {
	cp := filepath.Join(b.t.TempDir(), "crash.db")
	r28CrashCopy(b.t, b.path, cp)
	return cp
}

// requireHolds opens path and checks it holds the model.
func (b *wbFileBook) requireHolds(path string, opts boltstore.Options, msg string) {
	b.t.Helper()
	c, err := boltstore.Open(path, opts)
	require.NoError(b.t, err, msg)
	defer c.Close()
	require.Equal(b.t, r28ModelDump(b.model, wbFileBuckets), r28Dump(b.t, c, wbFileBuckets), msg)
	require.NoError(b.t, c.VerifyStructure(ctx), msg)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestWBFileSmallCommitsGoToTheFile: after the commit that creates it, a
// commit of deferred writes only appends to the write-behind file and
// leaves the bbolt file as it was; one that also writes another bucket
// commits its record to bbolt. Close compacts and removes the file.
func TestWBFileSmallCommitsGoToTheFile(t *testing.T) {
	b := openWBFileBook(t, 1000)
	wbPath := b.path + boltstore.WBFileSuffix
	require.False(t, fileExists(wbPath), "no file before the first record")
	b.update([3]string{"w1", "a", "1"})
	require.True(t, fileExists(wbPath), "the first record's commit creates the file")
	before, err := os.ReadFile(b.path)
	require.NoError(t, err)
	fi0, err := os.Stat(wbPath)
	require.NoError(t, err)
	b.update([3]string{"w1", "b", "2"}, [3]string{"w2", "a", ""})
	after, err := os.ReadFile(b.path)
	require.NoError(t, err)
	require.Equal(t, before, after, "a commit of deferred writes only leaves the bbolt file untouched")
	fi1, err := os.Stat(wbPath)
	require.NoError(t, err)
	require.Greater(t, fi1.Size(), fi0.Size())
	size, err := b.db.SizeOnDisk()
	require.NoError(t, err)
	require.Equal(t, int64(len(after))+fi1.Size(), size, "SizeOnDisk counts both files")

	b.update([3]string{"plain", "p", "x"}, [3]string{"w2", "c", "3"}) // mixed: its record in bbolt
	after2, err := os.ReadFile(b.path)
	require.NoError(t, err)
	require.NotEqual(t, after, after2)
	b.update([3]string{"w1", "d", "4"})
	b.requireHolds(b.crashCopy(), boltstore.Options{NoSync: true, WriteBehind: true}, "crash copy, records in both")
	b.requireHolds(b.crashCopy(), boltstore.Options{NoSync: true}, "crash copy opened without write-behind")

	require.NoError(t, b.db.Close())
	require.False(t, fileExists(wbPath), "Close removes the file")
	b.db = openWB(t, b.path, 1000, []byte("w1"), []byte("w2"))
	require.Equal(t, r28ModelDump(b.model, wbFileBuckets), r28Dump(t, b.db, wbFileBuckets))
}

// TestWBFileTornTail: a frame a crash cut short, or whose blocks the disk
// did not write, is a commit that never returned: Open cuts it off and
// the book holds the commits before it. A frame damaged once whole, or a
// damaged frame that good ones follow, is refused.
func TestWBFileTornTail(t *testing.T) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"}) // creates the file
	b.update([3]string{"w1", "b", "2"})
	noise := make([]byte, 3000) // a record deflate leaves over two sectors long
	r := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte('!' + r.IntN(90))
	}
	b.update([3]string{"w2", "c", string(noise)})
	cp := b.crashCopy()
	data, err := os.ReadFile(cp + boltstore.WBFileSuffix)
	require.NoError(t, err)
	// The last frame's offset: walk the frames.
	offs := walFrameOffsets(t, data)
	require.Len(t, offs, 2)
	last := offs[1]
	require.Greater(t, len(data)-last, 1536)
	model := b.model
	b.model = map[string]map[string][]byte{"w1": {"a": []byte("1"), "b": []byte("2")}}
	write := func(name string, d []byte) string {
		p := filepath.Join(t.TempDir(), name+".db")
		raw, err := os.ReadFile(cp)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(p, raw, 0o600))
		require.NoError(t, os.WriteFile(p+boltstore.WBFileSuffix, d, 0o600))
		return p
	}
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"cut in its head", data[:last+5]},
		{"cut at a sector", data[:last+1024]},
		{"cut in its record", data[:len(data)-100]},
		{"a sector never written", func() []byte {
			d := bytes.Clone(data)
			clear(d[(last+1024)&^511 : (last+1024)&^511+512])
			return d
		}()},
		{"zeros where its head was", func() []byte {
			d := bytes.Clone(data)
			clear(d[last:])
			return d
		}()},
	} {
		p := write(c.name, c.data)
		b.requireHolds(p, boltstore.Options{NoSync: true, WriteBehind: true}, c.name)
		// Opened, the file was cut back to its whole frames: a commit
		// now appends after them, and the next Open reads them all.
		db := openWB(t, p, 1000, []byte("w1"), []byte("w2"))
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("w1"), []byte("z"), []byte("9")) }))
		require.NoError(t, db.Close())
		b.model["w1"]["z"] = []byte("9")
		b.requireHolds(p, boltstore.Options{NoSync: true}, c.name+", then a commit")
		delete(b.model["w1"], "z")
	}
	b.model = model
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"a byte of the last frame flipped", func() []byte {
			d := bytes.Clone(data)
			d[len(d)-10] ^= 0x40
			return d
		}()},
		{"a byte of the first frame flipped", func() []byte {
			d := bytes.Clone(data)
			d[offs[0]+20] ^= 0x40
			return d
		}()},
		{"the first frame zeroed, the second whole", func() []byte {
			d := bytes.Clone(data)
			clear(d[offs[0]:last])
			return d
		}()},
		{"a header damaged", func() []byte {
			d := bytes.Clone(data)
			d[10] ^= 1
			return d
		}()},
	} {
		p := write(c.name, c.data)
		_, err := boltstore.Open(p, boltstore.Options{NoSync: true, WriteBehind: true})
		require.ErrorIs(t, err, store.ErrCorrupt, c.name)
	}
}

// TestWBFileBelongsToItsBook: a write-behind file of a generation the
// book does not hold (left by a compaction that crashed before removing
// it, or beside a backup restored in the book's place) holds nothing the
// book lacks: Open removes it. A book whose file is lost while the log
// bucket holds later records is refused (a gap in the records).
func TestWBFileBelongsToItsBook(t *testing.T) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"})
	b.update([3]string{"w1", "b", "2"})
	var buf bytes.Buffer
	_, err := b.db.Backup(ctx, &buf)
	require.NoError(t, err)
	backupModel := r28ModelDump(b.model, wbFileBuckets)
	b.update([3]string{"w1", "c", "3"}) // a new file, of a new generation
	b.update([3]string{"w1", "d", "4"})
	cp := b.crashCopy()
	// The backup restored in the book's place, the newer file beside it.
	require.NoError(t, os.WriteFile(cp, buf.Bytes(), 0o600))
	db, err := boltstore.Open(cp, boltstore.Options{NoSync: true, WriteBehind: true})
	require.NoError(t, err)
	require.Equal(t, backupModel, r28Dump(t, db, wbFileBuckets), "the backup's state, not the newer file's")
	require.False(t, fileExists(cp+boltstore.WBFileSuffix), "the foreign file is removed")
	require.NoError(t, db.Close())

	// The file lost: refused, unless the caller accepts going on without
	// its commits (AcceptRollback), which leaves the bbolt file's.
	cp = b.crashCopy()
	require.NoError(t, os.Remove(cp+boltstore.WBFileSuffix))
	_, err = boltstore.Open(cp, boltstore.Options{NoSync: true, WriteBehind: true})
	require.ErrorIs(t, err, store.ErrCorrupt)
	require.ErrorContains(t, err, "missing")
	db, err = boltstore.Open(cp, boltstore.Options{NoSync: true, WriteBehind: true, AcceptRollback: true})
	require.NoError(t, err)
	require.Equal(t, "w1 61 1 31\nw1 62 1 32\nw1 63 1 33\n", r28Dump(t, db, wbFileBuckets),
		"a and b compacted by the backup, c's record in bbolt (the file's creation), not d's frame")
	require.NoError(t, db.Close())
	// The same with a mixed commit's record after the frames (a gap).
	b.update([3]string{"plain", "p", "x"}, [3]string{"w2", "e", "5"})
	cp = b.crashCopy()
	require.NoError(t, os.Remove(cp+boltstore.WBFileSuffix))
	_, err = boltstore.Open(cp, boltstore.Options{NoSync: true, WriteBehind: true})
	require.ErrorIs(t, err, store.ErrCorrupt)
	require.ErrorContains(t, err, "missing")

	// A compaction that crashed before removing the file: the file's
	// generation is gone from the book, which holds its records.
	b.update([3]string{"w1", "f", "6"})
	cp = b.crashCopy()
	stale, err := os.ReadFile(cp + boltstore.WBFileSuffix)
	require.NoError(t, err)
	require.NoError(t, b.db.Compact(ctx))
	require.False(t, fileExists(b.path+boltstore.WBFileSuffix), "Compact removes the file")
	cp = b.crashCopy()
	require.NoError(t, os.WriteFile(cp+boltstore.WBFileSuffix, stale, 0o600))
	b.requireHolds(cp, boltstore.Options{NoSync: true, WriteBehind: true}, "a stale file beside a compacted book")
	require.False(t, fileExists(cp+boltstore.WBFileSuffix))
}

// TestWBFileCrashCopies runs random Updates (deferred writes only, mixed,
// large enough to write through), compactions, reopenings and backups;
// after each step, a copy of the book as a process ending then leaves it
// must open (with and without write-behind) holding exactly the model.
// Replay a failure with -wbfileseed.
func TestWBFileCrashCopies(t *testing.T) {
	seeds := []uint64{1, 2}
	if *wbFileSeed != 0 {
		seeds = []uint64{*wbFileSeed}
	}
	defer boltstore.SetWBBulk(40)()
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			b := openWBFileBook(t, 60+rng.IntN(200))
			for step := 0; step < 80; step++ {
				var writes [][3]string
				switch r := rng.IntN(20); {
				case r < 12: // deferred only
					for i := rng.IntN(5) + 1; i > 0; i-- {
						writes = append(writes, wbFileWrite(rng, wbFileBuckets[1+rng.IntN(2)]))
					}
				case r < 16: // mixed
					writes = append(writes, wbFileWrite(rng, "plain"), wbFileWrite(rng, "w1"))
				case r < 17: // written through
					for i := 0; i < 45; i++ {
						writes = append(writes, wbFileWrite(rng, "w2"))
					}
				case r < 18:
					require.NoError(t, b.db.Compact(ctx))
				case r < 19:
					var buf bytes.Buffer
					_, err := b.db.Backup(ctx, &buf)
					require.NoError(t, err)
					p := filepath.Join(t.TempDir(), "backup.db")
					require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o600))
					b.requireHolds(p, boltstore.Options{NoSync: true}, fmt.Sprintf("backup at step %d", step))
				default:
					require.NoError(t, b.db.Close())
					b.db = openWB(t, b.path, 60+rng.IntN(200), []byte("w1"), []byte("w2"))
				}
				if len(writes) > 0 {
					b.update(writes...)
				}
				opts := boltstore.Options{NoSync: true, WriteBehind: rng.IntN(2) == 0}
				b.requireHolds(b.crashCopy(), opts, fmt.Sprintf("crash copy at step %d", step))
			}
			require.NoError(t, b.db.VerifyStructure(ctx))
		})
	}
}

func wbFileWrite(rng *rand.Rand, bucket string) [3]string {
	k := fmt.Sprintf("k%02d", rng.IntN(30))
	if rng.IntN(4) == 0 {
		return [3]string{bucket, k, ""}
	}
	return [3]string{bucket, k, fmt.Sprintf("v%d", rng.Uint32())}
}

// TestWBFileCreatedBeforeItsCommit: a new write-behind file is created and
// synced before the commit that stores its generation. A crash between
// the two (here: the commit fails before writing anything) leaves a file
// holding no frame, of a generation the book does not store, naming the
// one it does as the one it replaces: Open takes it for that and opens;
// a stale file of another state would be refused.
func TestWBFileCreatedBeforeItsCommit(t *testing.T) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"}) // stores generation G2, creates its file
	b.update([3]string{"w1", "b", "2"}) // a frame
	cp := b.crashCopy()
	require.NoError(t, os.Remove(cp+boltstore.WBFileSuffix))
	// The file lost: AcceptRollback goes on without it (w1/b with it).
	db, err := boltstore.Open(cp, boltstore.Options{NoSync: true, WriteBehind: true, AcceptRollback: true})
	require.NoError(t, err)
	db.HintDeferred([]byte("w1"))
	boltstore.ReviewWAL3FailNextDataWrite(db)
	err = db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("w1"), []byte("c"), []byte("3")) })
	require.Error(t, err, "the commit storing the new generation fails before writing")
	require.True(t, fileExists(cp+boltstore.WBFileSuffix), "its file was created first")
	crash := filepath.Join(t.TempDir(), "crash.db")
	r28CrashCopy(t, cp, crash)
	b.model = map[string]map[string][]byte{"w1": {"a": []byte("1")}}
	b.requireHolds(crash, boltstore.Options{NoSync: true, WriteBehind: true}, "the new file, never committed to")
	// The DB goes on: the failed commit wrote nothing.
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("w1"), []byte("c"), []byte("3")) }))
	b.model["w1"]["c"] = []byte("3")
	crash = filepath.Join(t.TempDir(), "crash2.db")
	r28CrashCopy(t, cp, crash)
	b.requireHolds(crash, boltstore.Options{NoSync: true, WriteBehind: true}, "after the next commit")
	require.NoError(t, db.Close())
}
