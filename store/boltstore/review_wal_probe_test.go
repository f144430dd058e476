package boltstore_test

// Probes of the write-behind file that pass on the branch: kept as
// regression tests (see review_wal_test.go for the failing ones).

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
)

func walGetInt(tx store.Tx, bucket, key string) (int, error) {
	v, err := tx.Get([]byte(bucket), []byte(key))
	if err == store.ErrNotFound {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(string(v))
}

// TestReviewWALProbeIsolation: Views running beside file-logged commits,
// mixed commits, writes through, Compact and Backup see one commit's
// state (w1/x == w2/y, plain/z <= x, every Update acknowledged before the
// View began), and a long View keeps its snapshot.
func TestReviewWALProbeIsolation(t *testing.T) {
	defer boltstore.SetWBBulk(30)()
	path := filepath.Join(t.TempDir(), "iso.db")
	db := openWB(t, path, 200, []byte("w1"), []byte("w2"), []byte("w3"))
	defer db.Close()
	var acked atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	fail := func(err error) {
		select {
		case errs <- err:
		default:
		}
	}
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				min := int(acked.Load())
				err := db.View(ctx, func(tx store.Tx) error {
					x, err := walGetInt(tx, "w1", "x")
					if err != nil {
						return err
					}
					y, err := walGetInt(tx, "w2", "y")
					if err != nil {
						return err
					}
					z, err := walGetInt(tx, "plain", "z")
					if err != nil {
						return err
					}
					n := 0
					if err := tx.Scan([]byte("w3"), nil, nil, false, func(k, v []byte) error { n++; return nil }); err != nil {
						return err
					}
					if x != y || z > x || x < min {
						return fmt.Errorf("inconsistent view: x=%d y=%d z=%d acked=%d", x, y, z, min)
					}
					// Still the same snapshot after more commits.
					for i := 0; i < 3; i++ {
						x2, _ := walGetInt(tx, "w1", "x")
						y2, _ := walGetInt(tx, "w2", "y")
						if x2 != x || y2 != y {
							return fmt.Errorf("snapshot moved: x=%d->%d y=%d->%d", x, x2, y, y2)
						}
					}
					return nil
				})
				if err != nil {
					fail(err)
					return
				}
			}
		}()
	}
	for i := 1; i <= 400; i++ {
		var err error
		switch {
		case i%37 == 0:
			err = db.Compact(ctx)
		case i%53 == 0:
			var buf bytes.Buffer
			_, err = db.Backup(ctx, &buf)
		}
		require.NoError(t, err)
		err = db.Update(ctx, func(tx store.Tx) error {
			v := []byte(strconv.Itoa(i))
			if err := tx.Put([]byte("w1"), []byte("x"), v); err != nil {
				return err
			}
			if err := tx.Put([]byte("w2"), []byte("y"), v); err != nil {
				return err
			}
			if i%5 == 0 {
				if err := tx.Put([]byte("plain"), []byte("z"), v); err != nil {
					return err
				}
			}
			if i%41 == 0 { // a write through
				for k := 0; k < 35; k++ {
					if err := tx.Put([]byte("w3"), []byte(fmt.Sprintf("k%02d", k)), v); err != nil {
						return err
					}
				}
			}
			return nil
		})
		require.NoError(t, err)
		acked.Store(int64(i))
	}
	close(stop)
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
	require.NoError(t, db.VerifyStructure(ctx))
}

// TestReviewWALProbeBackupAndVerifyBesideWriters: Backup and
// VerifyStructure run while writers commit (file-logged, mixed, through);
// each backup holds at least every commit acknowledged before it began
// and a state some commit produced; VerifyStructure passes.
func TestReviewWALProbeBackupAndVerifyBesideWriters(t *testing.T) {
	defer boltstore.SetWBBulk(30)()
	path := filepath.Join(t.TempDir(), "bv.db")
	db := openWB(t, path, 150, []byte("w1"), []byte("w2"))
	defer db.Close()
	var acked atomic.Int64
	done := make(chan struct{})
	werr := make(chan error, 1)
	go func() {
		defer close(done)
		for i := 1; i <= 300; i++ {
			err := db.Update(ctx, func(tx store.Tx) error {
				v := []byte(strconv.Itoa(i))
				if err := tx.Put([]byte("w1"), []byte("x"), v); err != nil {
					return err
				}
				if err := tx.Put([]byte("w2"), []byte("y"), v); err != nil {
					return err
				}
				if i%4 == 0 {
					return tx.Put([]byte("plain"), []byte("z"), v)
				}
				if i%29 == 0 {
					for k := 0; k < 35; k++ {
						if err := tx.Put([]byte("w2"), []byte(fmt.Sprintf("k%02d", k)), v); err != nil {
							return err
						}
					}
				}
				return nil
			})
			if err != nil {
				werr <- err
				return
			}
			acked.Store(int64(i))
		}
	}()
	dir := t.TempDir()
	for n := 0; ; n++ {
		select {
		case <-done:
			select {
			case err := <-werr:
				t.Fatal(err)
			default:
			}
			return
		default:
		}
		min := int(acked.Load())
		var buf bytes.Buffer
		_, err := db.Backup(ctx, &buf)
		require.NoError(t, err)
		require.NoError(t, db.VerifyStructure(ctx))
		p := filepath.Join(dir, fmt.Sprintf("b%d.db", n))
		require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o600))
		c, err := boltstore.Open(p, boltstore.Options{NoSync: true})
		require.NoError(t, err)
		require.NoError(t, c.View(ctx, func(tx store.Tx) error {
			x, _ := walGetInt(tx, "w1", "x")
			y, _ := walGetInt(tx, "w2", "y")
			require.Equal(t, x, y)
			require.GreaterOrEqual(t, x, min)
			return nil
		}))
		require.NoError(t, c.Close())
	}
}

// TestReviewWALProbeCloseTwiceNoFile: Close removes the file, a second
// Close is harmless, a reopen without write-behind of a crash copy holds
// the model, and SizeOnDisk counts the file.
func TestReviewWALProbeCloseTwiceNoFile(t *testing.T) {
	b := openWBFileBook(t, 1000)
	for i := 0; i < 10; i++ {
		b.update([3]string{"w1", fmt.Sprint("k", i), fmt.Sprint(i)})
		if i%3 == 0 {
			b.update([3]string{"plain", fmt.Sprint("p", i), "x"}, [3]string{"w2", fmt.Sprint("k", i), "y"})
		}
	}
	cp := b.crashCopy()
	// Reopen without write-behind, then with: the model, no file left.
	b.requireHolds(cp, boltstore.Options{NoSync: true}, "without write-behind")
	require.False(t, fileExists(cp+boltstore.WBFileSuffix))
	b.requireHolds(cp, boltstore.Options{NoSync: true, WriteBehind: true}, "then with")
	require.NoError(t, b.db.Close())
	require.False(t, fileExists(b.path+boltstore.WBFileSuffix))
	err := b.db.Close()
	require.True(t, err == nil || err == store.ErrClosed, "%v", err)
	b.db = openWB(t, b.path, 1000, []byte("w1"), []byte("w2"))
	require.Equal(t, r28ModelDump(b.model, wbFileBuckets), r28Dump(t, b.db, wbFileBuckets))
}

// TestReviewWALProbeFileSizeLimit: an append that fails part way
// (RLIMIT_FSIZE: a short write, then EFBIG) returns an error, leaves the
// DB writable (the file was cut back), and a copy of the book holds
// exactly the acknowledged commits. Run in a child process: the limit is
// the process's.
func TestReviewWALProbeFileSizeLimit(t *testing.T) {
	if dir := os.Getenv("REVIEW_WAL_FSIZE_CHILD"); dir != "" {
		walFileSizeChild(t, dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestReviewWALProbeFileSizeLimit$", "-test.count=1")
	cmd.Env = append(os.Environ(), "REVIEW_WAL_FSIZE_CHILD="+dir)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	model, err := os.ReadFile(filepath.Join(dir, "model"))
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), "CHILD-DONE")
	for _, wb := range []bool{true, false} {
		p := filepath.Join(t.TempDir(), "copy.db")
		r28CrashCopy(t, filepath.Join(dir, "book.db"), p)
		db, err := boltstore.Open(p, boltstore.Options{NoSync: true, WriteBehind: wb})
		require.NoError(t, err)
		require.Equal(t, string(model), r28Dump(t, db, wbFileBuckets))
		require.NoError(t, db.Close())
	}
}

func walFileSizeChild(t *testing.T, dir string) {
	path := filepath.Join(dir, "book.db")
	db, err := boltstore.Open(path, boltstore.Options{WriteBehind: true, WriteBehindMax: 100000})
	require.NoError(t, err)
	db.HintDeferred([]byte("w1"), []byte("w2"))
	model := map[string]map[string][]byte{"w1": {}}
	rnd := func(n, seed int) []byte {
		b := make([]byte, n)
		x := uint32(seed*2654435761 + 1)
		for i := range b {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			b[i] = byte(x)
		}
		return b
	}
	put := func(k string, v []byte) error {
		return db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("w1"), []byte(k), v) })
	}
	bsize := func() int64 { fi, err := os.Stat(path); require.NoError(t, err); return fi.Size() }
	wsize := func() int64 {
		fi, err := os.Stat(path + boltstore.WBFileSuffix)
		require.NoError(t, err)
		return fi.Size()
	}
	for i := 0; i == 0 || wsize() < bsize()+1000; i++ {
		v := rnd(3000, i)
		require.NoError(t, put(fmt.Sprint("k", i), v))
		model["w1"][fmt.Sprint("k", i)] = v
	}
	lim := uint64(wsize() + 1500)
	var old syscall.Rlimit
	require.NoError(t, syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old))
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: lim, Max: old.Max}))
	before := wsize()
	err = put("big", rnd(5000, 999))
	require.Error(t, err, "the append runs past the limit")
	require.Equal(t, before, wsize(), "cut back to its whole frames")
	small := []byte("small")
	require.NoError(t, put("after", small), "the DB still takes writes")
	model["w1"]["after"] = small
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "model"), []byte(r28ModelDump(model, wbFileBuckets)), 0o600))
	fmt.Println("CHILD-DONE")
	os.Exit(0) // a process ending without Close
}

// TestReviewWALProbeVerifySeesFileDamage: damage written into the open
// book's write-behind file (a middle frame flipped; the last frame's
// sector zeroed) is reported by VerifyStructure; the healthy book passes.
func TestReviewWALProbeVerifySeesFileDamage(t *testing.T) {
	for _, c := range []string{"middle", "last"} {
		t.Run(c, func(t *testing.T) {
			b := openWBFileBook(t, 1000)
			b.update([3]string{"w1", "a", "1"})
			for i := 0; i < 4; i++ {
				b.update([3]string{"w1", fmt.Sprint("k", i), string(bytes.Repeat([]byte{'a' + byte(i)}, 700))})
			}
			require.NoError(t, b.db.VerifyStructure(ctx))
			wbPath := b.path + boltstore.WBFileSuffix
			data, err := os.ReadFile(wbPath)
			require.NoError(t, err)
			offs := walFrameOffsets(t, data)
			f, err := os.OpenFile(wbPath, os.O_RDWR, 0)
			require.NoError(t, err)
			if c == "middle" {
				_, err = f.WriteAt([]byte{data[offs[1]+20] ^ 0x20}, int64(offs[1]+20))
			} else {
				last := offs[len(offs)-1]
				_, err = f.WriteAt(make([]byte, len(data)-last), int64(last))
			}
			require.NoError(t, err)
			require.NoError(t, f.Close())
			require.ErrorIs(t, b.db.VerifyStructure(ctx), store.ErrCorrupt)
		})
	}
}
