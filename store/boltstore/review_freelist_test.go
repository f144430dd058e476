package boltstore_test

// Review of 7555fd1 and 1bb2036 (commits leave bbolt's freelist out, Close
// stores it, Open verifies a file without one before bbolt walks it).
//
// Tests named ...Crashes/...Hangs/...Lost FAIL on the reviewed code; the
// others pass and record what was checked. Scenarios that may kill the
// process run in a child process (the test binary re-executed with
// reviewChildEnv naming the test).

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

const reviewChildEnv = "REVIEW_FL_CHILD"

// reviewChildOK is printed by a child scenario that ran to its end.
const reviewChildOK = "REVIEW-FL-CHILD-OK"

// inReviewChild reports whether this process is the child running t.
func inReviewChild(t *testing.T) bool { return os.Getenv(reviewChildEnv) == t.Name() }

// runReviewChild re-executes the test binary for t alone, as a child, and
// fails t unless the child exits 0 after printing reviewChildOK.
func runReviewChild(t *testing.T) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), reviewChildEnv+"="+t.Name())
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte(reviewChildOK)) {
		t.Errorf("the child process did not finish its scenario (exit: %v); its output begins:\n%s", err, head(string(out), 40))
	}
}

// head returns the first n lines of s.
func head(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// model is what the store must hold: key to value, of bucket b.
type model map[string][]byte

func (m model) clone() model {
	c := model{}
	for k, v := range m {
		c[k] = v
	}
	return c
}

// checkModel compares the whole bucket with m, by a scan and by lookups.
func checkModel(t *testing.T, db *boltstore.DB, m model, what string) {
	t.Helper()
	got := model{}
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		if err := tx.Scan(bucket, nil, nil, false, func(k, v []byte) error {
			got[string(k)] = append([]byte(nil), v...)
			return nil
		}); err != nil {
			return err
		}
		for k, v := range m {
			g, err := tx.Get(bucket, []byte(k))
			if err != nil {
				return fmt.Errorf("get %x: %w", k, err)
			}
			if !bytes.Equal(g, v) {
				return fmt.Errorf("get %x: %d bytes, want %d", k, len(g), len(v))
			}
		}
		return nil
	}), what)
	require.Equal(t, len(m), len(got), "%s: number of keys", what)
	for k, v := range m {
		require.True(t, bytes.Equal(v, got[k]), "%s: key %x differs", what, k)
	}
}

// randomCommit puts and deletes random keys of bucket b (some values of a
// page or more, which the store keeps alone) in one Update, and applies
// the same to m.
func randomCommit(t *testing.T, db *boltstore.DB, r *rand.Rand, m model) {
	t.Helper()
	next := m.clone()
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
		for range 1 + r.Intn(60) {
			k := key(r.Intn(3000))
			if r.Intn(3) == 0 {
				if err := tx.Delete(bucket, k); err != nil {
					return err
				}
				delete(next, string(k))
				continue
			}
			n := 1 + r.Intn(300)
			if r.Intn(25) == 0 {
				n = 4096 + r.Intn(9000)
			}
			v := bytes.Repeat([]byte{byte(r.Intn(256))}, n)
			if err := tx.Put(bucket, k, v); err != nil {
				return err
			}
			next[string(k)] = v
		}
		return nil
	}))
	for k := range m {
		delete(m, k)
	}
	for k, v := range next {
		m[k] = v
	}
}

// TestReviewFLCrashCopiesStayWhole (passes): a copy of the file taken
// after each commit (what SIGKILL leaves: no Close, the last commit stored
// no freelist) opens, verifies, holds exactly the acknowledged state, and
// takes many commits of puts and deletes (reusing the rebuilt free pages)
// without damage: VerifyStructure and a full read against a model, then
// Close (which stores the freelist) and a reopen. With NoSync and without.
func TestReviewFLCrashCopiesStayWhole(t *testing.T) {
	for _, noSync := range []bool{true, false} {
		t.Run(fmt.Sprintf("NoSync=%v", noSync), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "live.db")
			db, err := boltstore.Open(path, boltstore.Options{NoSync: noSync})
			require.NoError(t, err)
			defer db.Close()
			r := rand.New(rand.NewSource(7))
			m := model{}
			commits := 60
			if !noSync {
				commits = 25
			}
			for i := range commits {
				randomCommit(t, db, r, m)
				if i%5 != 4 {
					continue
				}
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				crashed := filepath.Join(dir, fmt.Sprintf("crash-%d.db", i))
				require.NoError(t, os.WriteFile(crashed, data, 0o600))
				c, err := boltstore.Open(crashed, boltstore.Options{NoSync: noSync})
				require.NoError(t, err, "copy after commit %d", i)
				require.NoError(t, c.VerifyStructure(ctx))
				checkModel(t, c, m, fmt.Sprintf("copy after commit %d", i))
				cm := m.clone()
				cr := rand.New(rand.NewSource(int64(i)))
				for j := range 40 {
					randomCommit(t, c, cr, cm)
					if j%10 == 9 {
						require.NoError(t, c.VerifyStructure(ctx), "copy %d, commit %d on it", i, j)
					}
				}
				checkModel(t, c, cm, fmt.Sprintf("copy %d after its own commits", i))
				require.NoError(t, c.Close())
				c, err = boltstore.Open(crashed, boltstore.Options{})
				require.NoError(t, err)
				checkModel(t, c, cm, fmt.Sprintf("copy %d reopened", i))
				require.NoError(t, c.Close())
			}
			require.NoError(t, db.Close())
			db, err = boltstore.Open(path, boltstore.Options{})
			require.NoError(t, err)
			checkModel(t, db, m, "live file reopened")
		})
	}
}

// openCommitted returns a DB open on a file of 3000 keys whose last commit
// stored no freelist, and the page size.
func openCommitted(t *testing.T) (*boltstore.DB, string, int) {
	t.Helper()
	path := filled(t, 3000)
	db, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put(bucket, key(5), []byte("x")) }))
	return db, path, db.Bolt().Info().PageSize
}

// bucketPages returns the root page of bucket b in the DB's current
// transaction, read from the file: a branch page, and its children.
func bucketPages(t *testing.T, db *boltstore.DB, path string, ps int) (root uint64, children []uint64) {
	t.Helper()
	require.NoError(t, db.Bolt().View(func(tx *bolt.Tx) error {
		root = uint64(tx.Bucket(bucket).Root())
		return nil
	}))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	p := data[int(root)*ps:]
	require.Equal(t, uint16(0x01), binary.NativeEndian.Uint16(p[8:]), "the bucket's root is a branch")
	for i := range int(binary.NativeEndian.Uint16(p[10:])) {
		children = append(children, binary.NativeEndian.Uint64(p[16+16*i+8:]))
	}
	return root, children
}

// errCaller is what the caller's function panics with.
var errCaller = errors.New("the caller's own panic")

// updatePanicking runs an Update whose function panics on its own, and
// returns what the panic that reached the caller carried.
func updatePanicking(db *boltstore.DB) (r any) {
	defer func() { r = recover() }()
	_ = db.Update(ctx, func(tx store.Tx) error { panic(errCaller) })
	return nil
}

// TestReviewFLCallerPanicDamagedPageCrashes (FAILS): an Update whose
// function panics makes bbolt roll back "physically" (db.Update's deferred
// tx.rollback), which, now that the meta stores no freelist, rebuilds it
// with db.freepages(): a walk of every page in a goroutine of bbolt's own,
// with no recover and no SetPanicOnFault. Expected: with a page damaged
// after Open (or with NoVerify), the caller's panic reaches the caller, as
// TestCallerPanics and the package doc promise (damaged pages give
// errors matching store.ErrCorrupt, never a crash), and reads go on.
// Before the change the rollback read the stored freelist page. What
// happens: the process dies in bbolt's goroutine ("assertion failed:
// Page expected to be..." from Page.FastCheck on the damaged child).
func TestReviewFLCallerPanicDamagedPageCrashes(t *testing.T) {
	if !inReviewChild(t) {
		runReviewChild(t)
		return
	}
	db, path, ps := openCommitted(t)
	_, children := bucketPages(t, db, path, ps)
	// A leaf the caller's function never reads is zeroed on disk (bbolt's
	// map is shared: it sees it).
	patch(t, path, int64(children[len(children)-1])*int64(ps), make([]byte, ps))
	r := updatePanicking(db)
	assert.Equal(t, errCaller, r, "the caller's panic reaches it unchanged")
	fmt.Println(reviewChildOK)
}

// TestReviewFLCallerPanicOutOfOrderKeyHangs (FAILS): as above, with
// damage bbolt's walk reports as an error instead of asserting on (a
// leaf's last key out of order). Expected: the caller's panic reaches the
// caller, and Close returns. What happens: freepages panics in the
// Update's goroutine with "freepages: failed to get all reachable pages",
// which replaces the caller's panic, and tx.close never runs: bbolt's
// writer lock stays held, so Close blocks forever (seen most runs). In
// some runs the walking goroutine, still going over the read transaction
// freepages closed, dies of a nil pointer (tx.db) and kills the process.
func TestReviewFLCallerPanicOutOfOrderKeyHangs(t *testing.T) {
	if !inReviewChild(t) {
		runReviewChild(t)
		return
	}
	db, path, ps := openCommitted(t)
	_, children := bucketPages(t, db, path, ps)
	leaf := int64(children[len(children)-1]) * int64(ps)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	p := data[leaf:]
	last := int(binary.NativeEndian.Uint16(p[10:])) - 1
	el := 16 + 16*last
	pos, ksize := int(binary.NativeEndian.Uint32(p[el+4:])), int(binary.NativeEndian.Uint32(p[el+8:]))
	patch(t, path, leaf+int64(el+pos), make([]byte, ksize)) // key 0, below the keys before it
	r := updatePanicking(db)
	assert.Equal(t, errCaller, r, "the caller's panic reaches it unchanged")
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Error("Close still blocked after 5 s: bbolt's writer lock was never released")
	}
	fmt.Println(reviewChildOK)
}

// TestReviewFLCallerPanicNoDamage (passes): without damage the physical
// rollback's walk rebuilds the list; the panic reaches the caller, and
// later commits, VerifyStructure and a reopen find everything.
func TestReviewFLCallerPanicNoDamage(t *testing.T) {
	db, path, _ := openCommitted(t)
	defer db.Close()
	m := model{}
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		return tx.Scan(bucket, nil, nil, false, func(k, v []byte) error {
			m[string(k)] = append([]byte(nil), v...)
			return nil
		})
	}))
	require.Equal(t, errCaller, updatePanicking(db))
	r := rand.New(rand.NewSource(3))
	for range 50 {
		randomCommit(t, db, r, m)
	}
	require.NoError(t, db.VerifyStructure(ctx))
	checkModel(t, db, m, "after the panic")
	require.NoError(t, db.Close())
	db, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	checkModel(t, db, m, "reopened")
}

// TestReviewFLDamageWithoutFreelistRefused (passes): a file whose last
// commit stored no freelist, damaged in a page of its tree, is refused
// with store.ErrCorrupt by Open, in a child process so that a crash in
// bbolt's rebuild goroutine would show as a failure, not kill the tests.
func TestReviewFLDamageWithoutFreelistRefused(t *testing.T) {
	if !inReviewChild(t) {
		runReviewChild(t)
		return
	}
	src := filledUnclosed(t, 3000)
	db, err := boltstore.Open(src, boltstore.Options{NoVerify: true})
	require.NoError(t, err)
	ps := db.Bolt().Info().PageSize
	root, children := bucketPages(t, db, src, ps)
	var pgid uint64
	require.NoError(t, db.Bolt().View(func(tx *bolt.Tx) error { pgid = uint64(tx.Size()) / uint64(ps); return nil }))
	// Closing would store the freelist: copy first.
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	_, fl := newestMeta(t, src)
	require.NotEqual(t, noFreelist, fl)
	fl = 0
	// A page not reached: the freelist page Close wrote holds no tree page,
	// so make a freelist-like page out of one of the unreached pages.
	for id := pgid - 1; id > 2; id-- {
		if id != root && !contains(children, id) {
			fl = id
			break
		}
	}
	leafOff := int(children[len(children)/2]) * ps
	rootOff := int(root) * ps
	u64 := func(v uint64) []byte { return binary.NativeEndian.AppendUint64(nil, v) }
	u16 := func(v uint16) []byte { return binary.NativeEndian.AppendUint16(nil, v) }
	for _, c := range []struct {
		name string
		off  int
		b    []byte
	}{
		{"zeroed leaf", leafOff, make([]byte, ps)},
		{"zeroed branch", rootOff, make([]byte, ps)},
		{"garbled leaf", leafOff + 16, bytes.Repeat([]byte{0xA5}, ps-16)},
		{"garbled branch elements", rootOff + 16, bytes.Repeat([]byte{0x5A}, 64)},
		{"branch child past the high-water mark", rootOff + 16 + 8, u64(pgid + 3)},
		{"branch child far past the file", rootOff + 16 + 8, u64(1 << 30)},
		{"branch child a meta page", rootOff + 16 + 8, u64(1)},
		{"leaf flags a freelist", leafOff + 8, u16(0x10)},
		{"leaf count huge", leafOff + 10, u16(0xFFFF)},
		{"leaf overflow huge", leafOff + 12, binary.NativeEndian.AppendUint32(nil, 1<<31)},
		{"leaf overflow past the mark", leafOff + 12, binary.NativeEndian.AppendUint32(nil, uint32(pgid))},
		{"branch key size huge", rootOff + 16 + 4, binary.NativeEndian.AppendUint32(nil, 1<<30)},
	} {
		path := filepath.Join(t.TempDir(), "d.db")
		d := append([]byte(nil), data...)
		copy(d[c.off:], c.b)
		require.NoError(t, os.WriteFile(path, d, 0o600))
		db, err := boltstore.Open(path, boltstore.Options{})
		if err == nil {
			db.Close()
		}
		assert.ErrorIs(t, err, store.ErrCorrupt, c.name)
		fmt.Printf("%s: %v\n", c.name, err)
	}
	// A branch child pointing to a page laid out as a freelist page.
	if fl != 0 {
		path := filepath.Join(t.TempDir(), "fl.db")
		d := append([]byte(nil), data...)
		page := d[int(fl)*ps : int(fl+1)*ps]
		clear(page)
		binary.NativeEndian.PutUint64(page, fl)
		binary.NativeEndian.PutUint16(page[8:], 0x10)
		binary.NativeEndian.PutUint64(d[rootOff+16+8:], fl)
		require.NoError(t, os.WriteFile(path, d, 0o600))
		_, err := boltstore.Open(path, boltstore.Options{})
		assert.ErrorIs(t, err, store.ErrCorrupt, "branch to a freelist page")
	}
	fmt.Println(reviewChildOK)
}

func contains(ids []uint64, id uint64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// TestReviewFLNoVerifyDamageWithoutFreelist (documents; passes): with
// Options.NoVerify, a damaged file without a stored freelist is handed to
// bbolt's rebuild walk unchecked. The child reports what Open did; a crash
// is logged, not failed (NoVerify is documented for a file verified since
// its last write).
func TestReviewFLNoVerifyDamageWithoutFreelist(t *testing.T) {
	if !inReviewChild(t) {
		cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), reviewChildEnv+"="+t.Name())
		out, err := cmd.CombinedOutput()
		t.Logf("NoVerify on a damaged file without freelist: child exit %v; output:\n%s", err, head(string(out), 12))
		return
	}
	src := filledUnclosed(t, 3000)
	_, _, _, leaves := fileInfo(t, src)
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	ps := int(binary.NativeEndian.Uint32(data[16+8:]))
	copy(data[leaves[len(leaves)/2]*ps:], make([]byte, ps))
	path := filepath.Join(t.TempDir(), "nv.db")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	db, err := boltstore.Open(path, boltstore.Options{NoVerify: true})
	fmt.Printf("Open with NoVerify: %v\n", err)
	if err == nil {
		db.Close()
	}
	fmt.Println(reviewChildOK)
}

// TestReviewFLFailedCommitKeepsBookWhole (passes): a commit that fails
// (here the file may not grow: RLIMIT_FSIZE, as a full disk) makes bbolt
// roll back physically and rebuild the freelist by walking the file; the
// DB then goes on committing without handing out a page in use. In a
// child process (the limit is per process).
func TestReviewFLFailedCommitKeepsBookWhole(t *testing.T) {
	if !inReviewChild(t) {
		runReviewChild(t)
		return
	}
	db, path, _ := openCommitted(t)
	defer db.Close()
	m := model{}
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		return tx.Scan(bucket, nil, nil, false, func(k, v []byte) error {
			m[string(k)] = append([]byte(nil), v...)
			return nil
		})
	}))
	r := rand.New(rand.NewSource(11))
	for range 20 {
		randomCommit(t, db, r, m)
	}
	fi, err := os.Stat(path)
	require.NoError(t, err)
	var old syscall.Rlimit
	require.NoError(t, syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old))
	lim := syscall.Rlimit{Cur: uint64(fi.Size()), Max: old.Max}
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim))
	err = db.Update(ctx, func(tx store.Tx) error {
		for i := range 40 {
			if err := tx.Put(bucket, key(10_000+i), bytes.Repeat([]byte{1}, 1<<20)); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old))
	require.Error(t, err, "the commit could not grow the file")
	fmt.Printf("failed commit: %v\n", err)
	checkModel(t, db, m, "after the failed commit")
	for range 60 {
		randomCommit(t, db, r, m)
	}
	require.NoError(t, db.VerifyStructure(ctx))
	checkModel(t, db, m, "after commits following the failed one")
	require.NoError(t, db.Close())
	db, err = boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	checkModel(t, db, m, "reopened")
	require.NoError(t, db.VerifyStructure(ctx))
	fmt.Println(reviewChildOK)
}

// TestReviewFLCloseCases (passes): Close twice; Close while Updates run
// in other goroutines (the Updates after it get store.ErrClosed, none is
// lost); Close after a failed Update; Close of a NoSync DB; all leave a
// file that opens with every acknowledged commit.
func TestReviewFLCloseCases(t *testing.T) {
	t.Run("twice and after a failed Update", func(t *testing.T) {
		path := filledUnclosed(t, 300)
		db, err := boltstore.Open(path, boltstore.Options{})
		require.NoError(t, err)
		require.Error(t, db.Update(ctx, func(tx store.Tx) error { return errors.New("no") }))
		cctx, cancel := context.WithCancel(ctx)
		require.Error(t, db.Update(cctx, func(tx store.Tx) error {
			cancel()
			return tx.Put(bucket, key(1), []byte("lost"))
		}))
		require.NoError(t, db.Close())
		require.NoError(t, db.Close())
		_, fl := newestMeta(t, path)
		assert.NotEqual(t, noFreelist, fl)
		db, err = boltstore.Open(path, boltstore.Options{})
		require.NoError(t, err)
		n, err := readAll(db)
		require.NoError(t, err)
		assert.Equal(t, 300, n)
		require.NoError(t, db.Close())
	})
	t.Run("concurrent with Updates", func(t *testing.T) {
		for round := range 20 {
			path := filepath.Join(t.TempDir(), "c.db")
			db, err := boltstore.Open(path, boltstore.Options{NoSync: round%2 == 0})
			require.NoError(t, err)
			var mu sync.Mutex
			acked := map[int]bool{}
			var wg sync.WaitGroup
			for w := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; ; i++ {
						k := w*100_000 + i
						err := db.Update(ctx, func(tx store.Tx) error { return tx.Put(bucket, key(k), make([]byte, 50)) })
						if err != nil {
							assert.ErrorIs(t, err, store.ErrClosed)
							return
						}
						mu.Lock()
						acked[k] = true
						mu.Unlock()
					}
				}()
			}
			time.Sleep(time.Duration(5+round) * time.Millisecond)
			require.NoError(t, db.Close())
			wg.Wait()
			db, err = boltstore.Open(path, boltstore.Options{})
			require.NoError(t, err, "round %d", round)
			n, err := readAll(db)
			require.NoError(t, err)
			assert.Equal(t, len(acked), n, "round %d: every acknowledged commit, no more", round)
			require.NoError(t, db.Close())
		}
	})
}

// TestReviewFLBackupWithoutFreelist (passes): a backup of a DB whose last
// commit stored no freelist opens (its metas store none either), verifies,
// holds the data, and takes commits.
func TestReviewFLBackupWithoutFreelist(t *testing.T) {
	db, _, _ := openCommitted(t)
	defer db.Close()
	r := rand.New(rand.NewSource(5))
	m := model{}
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		return tx.Scan(bucket, nil, nil, false, func(k, v []byte) error {
			m[string(k)] = append([]byte(nil), v...)
			return nil
		})
	}))
	for range 10 {
		randomCommit(t, db, r, m)
	}
	var buf bytes.Buffer
	_, err := db.Backup(ctx, &buf)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "backup.db")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
	_, fl := newestMeta(t, path)
	assert.Equal(t, noFreelist, fl, "the backup's meta stores no freelist")
	b, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	checkModel(t, b, m, "backup")
	for range 30 {
		randomCommit(t, b, r, m)
	}
	require.NoError(t, b.VerifyStructure(ctx))
	checkModel(t, b, m, "backup after commits")
	require.NoError(t, b.Close())
}

// TestReviewFLVerifyBesideWriters (passes): VerifyStructure running while
// writers commit (freeing and reusing pages, no freelist stored) never
// reports damage.
func TestReviewFLVerifyBesideWriters(t *testing.T) {
	db, _, _ := openCommitted(t)
	defer db.Close()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r := rand.New(rand.NewSource(9))
		m := model{}
		for {
			select {
			case <-stop:
				return
			default:
			}
			randomCommit(t, db, r, m)
		}
	}()
	for range 40 {
		require.NoError(t, db.VerifyStructure(ctx))
	}
	close(stop)
	wg.Wait()
}

// TestReviewFLInlineBucketHoldingBucketLost (FAILS): the walker and
// bbolt's freelist rebuild (db.freepages) disagree on which pages are in
// use. bbolt never writes an inline bucket holding a bucket (inlineable()
// refuses one), and its rebuild does not look inside inline buckets
// (recursivelyCheckBucket returns at RootPage() == 0); the walker accepts
// one and walks the bucket it holds. A file without a stored freelist,
// altered so that bucket b is inline and holds the bucket of a large
// value, passes Open's verification, reads correctly, and bbolt counts
// the large value's pages as free. Expected: Open refuses the file
// (store.ErrCorrupt), or the value survives later commits. What happens:
// Open succeeds, the next commits reuse the value's pages, and the value
// (an acknowledged entry) is overwritten: VerifyStructure then fails, or
// Get returns other bytes. With a stored freelist this alteration was
// harmless (the list did not name the pages).
func TestReviewFLInlineBucketHoldingBucketLost(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "s.db")
	db, err := boltstore.Open(src, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	k := []byte("k")
	large := bytes.Repeat([]byte{0xC3}, 5000)
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put(bucket, k, large) }))
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("c"), key(1), []byte("x")) }))
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Delete([]byte("c"), key(1)) }))
	ps := db.Bolt().Info().PageSize
	var rootPage, valueRoot uint64
	require.NoError(t, db.Bolt().View(func(tx *bolt.Tx) error {
		valueRoot = uint64(tx.Bucket(bucket).Bucket(k).Root())
		return nil
	}))
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	// The newer meta's root: the root bucket's leaf page.
	var txid uint64
	for page := 0; page < 2; page++ {
		m := data[page*ps+16:]
		if id := binary.NativeEndian.Uint64(m[48:]); id >= txid {
			txid, rootPage = id, binary.NativeEndian.Uint64(m[16:])
			require.Equal(t, noFreelist, binary.NativeEndian.Uint64(m[32:]))
		}
	}
	require.NotZero(t, valueRoot)
	u16, u32, u64 := binary.NativeEndian.AppendUint16, binary.NativeEndian.AppendUint32, binary.NativeEndian.AppendUint64
	// Bucket b, inline: header {root 0, sequence 0}, then a leaf page of
	// one element, key k, a bucket whose header names the large value's
	// bucket root.
	var inline []byte
	inline = u64(u64(inline, 0), 0)
	inline = u32(u16(u16(u64(inline, 0), 0x02), 1), 0)
	inline = u32(u32(u32(u32(inline, 1), 16), uint32(len(k))), 16)
	inline = append(inline, k...)
	inline = u64(u64(inline, valueRoot), 0)
	// The root bucket's leaf: one element, b, a bucket holding inline.
	var root []byte
	root = u32(u16(u16(u64(root, rootPage), 0x02), 1), 0)
	root = u32(u32(u32(u32(root, 1), 16), uint32(len(bucket))), uint32(len(inline)))
	root = append(root, bucket...)
	root = append(root, inline...)
	page := data[int(rootPage)*ps : int(rootPage+1)*ps]
	clear(page)
	copy(page, root)
	path := filepath.Join(dir, "forged.db")
	require.NoError(t, os.WriteFile(path, data, 0o600))

	db, err = boltstore.Open(path, boltstore.Options{})
	if errors.Is(err, store.ErrCorrupt) {
		return // refused: fine
	}
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bucket, k)
		require.NoError(t, err)
		require.Equal(t, large, v, "the forged file reads as the original")
		return nil
	}))
	for i := range 20 {
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			return tx.Put([]byte("c"), key(i), bytes.Repeat([]byte{0x11}, 1500))
		}))
	}
	assert.NoError(t, db.VerifyStructure(ctx), "pages in use were handed out again")
	err = db.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bucket, k)
		if err != nil {
			return err
		}
		if !bytes.Equal(large, v) {
			return fmt.Errorf("the large value of key %q now reads %d bytes starting %x", k, len(v), v[:min(8, len(v))])
		}
		return nil
	})
	assert.NoError(t, err, "an acknowledged value was overwritten")
}
