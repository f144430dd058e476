package main_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
)

// hrev5Invoice is the i-th invoice of C01 in the sales journal, 120 EUR
// and i cents.
func hrev5Invoice(i int) journal.Entry {
	eur, err := currency.Lookup("EUR")
	if err != nil {
		panic(err)
	}
	return journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 2), Type: journal.TypeInvoice,
		Lines: []journal.Line{
			{Account: "411000", Partner: "C01", Balance: currency.FromMinor(eur, 12000+int64(i))},
			{Account: "706000", Balance: currency.FromMinor(eur, -10000)},
			{Account: "445710", Balance: currency.FromMinor(eur, -2000-int64(i))},
		}}
}

// hrev5ReadOnlyReads opens path read-only as the CLI's readers do and
// reports what a first read says: nil when the book is readable without
// a write.
func hrev5ReadOnlyReads(t *testing.T, path string) error {
	t.Helper()
	ctx := context.Background()
	st, err := boltstore.Open(path, boltstore.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	b, err := ledger.Open(ctx, st, ledger.Options{})
	if err != nil {
		return err
	}
	_, err = b.LockDates(ctx)
	return err
}

// TestHrev5ProbeReportOnLaggingBook: a program using the library posts
// without indexing its last entries (Post leaves them lagging, to be
// indexed by the next read or Book.Index) and closes the book. 'lettrage
// report trial' on it cannot read it read-only (the indexing is a
// write): readBook opens it for writing once, then reads.
// Expected: exit 0, the trial balance shows what was posted, and the
// book is left indexed: a read-only open then reads without a write.
// Observed: as expected.
func TestHrev5ProbeReportOnLaggingBook(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	path := filepath.Join(dir, "book.db")
	ctx := context.Background()
	st, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	b, err := ledger.Open(ctx, st, ledger.Options{})
	require.NoError(t, err)
	for i := range 3 {
		_, err := b.Post(ctx, hrev5Invoice(i))
		require.NoError(t, err)
	}
	require.NoError(t, st.Close())
	require.ErrorIs(t, hrev5ReadOnlyReads(t, path), store.ErrReadOnly, "precondition: the last entries lag")

	r := run(t, dir, "", "report", "trial")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "411000")
	assert.Contains(t, r.stdout, "360,03", "the three invoices: 120.00+120.01+120.02")
	assert.NoError(t, hrev5ReadOnlyReads(t, path), "the report left the book indexed")

	r = run(t, dir, "", "verify")
	assert.Equal(t, 0, r.code, r.stderr)
}

// hrev5CrashCopy copies the book file and its write-behind file while
// the process that wrote them still has them open, as a crash leaves
// them: every Update returned, nothing closed.
func hrev5CrashCopy(t *testing.T, from, to string) {
	t.Helper()
	for _, suffix := range []string{"", boltstore.WBFileSuffix} {
		data, err := os.ReadFile(from + suffix)
		if suffix != "" && os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(to+suffix, data, 0o600))
	}
}

// TestHrev5ProbeReportAfterWriteBehindCrash: a program opens the book
// with boltstore.Options{WriteBehind: true}, posts and indexes (the
// indexes go to the write-behind log), posts once more without indexing,
// and crashes (the files are copied while open). 'lettrage report trial'
// on the copy finds both a pending log (ErrPendingLog) and a lag.
// Expected: exit 0 with every entry in the report, and the book then
// readable read-only: no log pending, no lag.
// Observed: as expected.
func TestHrev5ProbeReportAfterWriteBehindCrash(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	path := filepath.Join(dir, "book.db")
	ctx := context.Background()
	st, err := boltstore.Open(path, boltstore.Options{WriteBehind: true})
	require.NoError(t, err)
	defer st.Close()
	b, err := ledger.Open(ctx, st, ledger.Options{})
	require.NoError(t, err)
	for i := range 3 {
		_, err := b.Post(ctx, hrev5Invoice(i))
		require.NoError(t, err)
	}
	require.NoError(t, b.Index(ctx))
	_, err = b.Post(ctx, hrev5Invoice(3))
	require.NoError(t, err)

	crash := t.TempDir()
	cp := filepath.Join(crash, "book.db")
	hrev5CrashCopy(t, path, cp)
	_, err = os.Stat(cp + boltstore.WBFileSuffix)
	require.NoError(t, err, "precondition: a write-behind file beside the book")
	_, err = boltstore.Open(cp, boltstore.Options{ReadOnly: true})
	require.ErrorIs(t, err, boltstore.ErrPendingLog, "precondition: the log holds commits")

	r := run(t, crash, "", "report", "trial")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "480,06", "the four invoices: 120.00+120.01+120.02+120.03")
	assert.NoError(t, hrev5ReadOnlyReads(t, cp), "no log pending and no lag after the report")
	r = run(t, crash, "", "report", "lettering")
	assert.Equal(t, 0, r.code, r.stderr)
	r = run(t, crash, "", "verify")
	assert.Equal(t, 0, r.code, r.stderr)
}

// hrev5BigBook is a book of 1 500 invoices, whose CSV export is far more
// than a pipe holds.
func hrev5BigBook(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	r := run(t, dir, "", "init", "--year", "2026")
	require.Equal(t, 0, r.code, r.stderr)
	codes := []string{"partner", "add"}
	for i := 1; i <= partners; i++ {
		codes = append(codes, fmt.Sprintf("C%02d", i))
	}
	r = run(t, dir, "", codes...)
	require.Equal(t, 0, r.code, r.stderr)
	csv, _ := entriesCSV(1500, 0)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "entries.csv"), []byte(csv), 0o644))
	r = run(t, dir, "", "import", "entries", "entries.csv")
	require.Equal(t, 0, r.code, r.stderr)
	return dir
}

// hrev5Blocked starts 'lettrage args' in dir with its standard output
// on a pipe nobody reads past the first line: once that line is read,
// the command is inside its read of the book, and it stays there, the
// book open, until drain reads the rest.
func hrev5Blocked(t *testing.T, dir string, args ...string) (drain func() (string, int)) {
	t.Helper()
	pr, pw, err := os.Pipe()
	require.NoError(t, err)
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LETTRAGE_BOOK=book.db", "LETTRAGE_NOW=2026-12-31T18:00:00Z")
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = pw, &errb
	require.NoError(t, cmd.Start())
	pw.Close()
	br := bufio.NewReader(pr)
	first, err := br.ReadString('\n')
	require.NoError(t, err, "the command's first line: %s", errb.String())
	var once sync.Once
	var out string
	code := -1
	drain = func() (string, int) {
		once.Do(func() {
			rest, _ := io.ReadAll(br)
			pr.Close()
			err := cmd.Wait()
			code = 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			}
			out = first + string(rest)
			if code != 0 {
				out += errb.String()
			}
		})
		return out, code
	}
	t.Cleanup(func() { drain() })
	return drain
}

// TestHrev5ProbeTwoCLIReadersAndAWriter: two 'export csv' run at once,
// each stopped inside its read of the book (its output pipe is full). A
// third reader runs beside them; a writer waits its second (--wait 0) and gives up.
// Expected: the third reader exits 0; the writer exits 1 saying the book
// is locked by another process, and writes nothing; both exports then
// finish with every line, and the writer runs once they are gone.
// Observed: as expected; the writer says "boltstore: file is locked by
// another process: book.db".
func TestHrev5ProbeTwoCLIReadersAndAWriter(t *testing.T) {
	t.Parallel()
	dir := hrev5BigBook(t)
	path := filepath.Join(dir, "book.db")
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	drain1 := hrev5Blocked(t, dir, "export", "csv", "--year", "2026")
	drain2 := hrev5Blocked(t, dir, "export", "csv", "--year", "2026")
	r := run(t, dir, "", "report", "trial")
	assert.Equal(t, 0, r.code, "a third reader beside two: %s", r.stderr)
	r = run(t, dir, "", "--wait", "0", "partner", "add", "C50")
	assert.Equal(t, 1, r.code, "a writer beside two readers")
	assert.Contains(t, r.stderr, "locked by another process")
	t.Logf("the writer's message: %q", r.stderr)
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after, "nothing written")

	for _, drain := range []func() (string, int){drain1, drain2} {
		out, code := drain()
		assert.Equal(t, 0, code, out)
		assert.Equal(t, 1+3*1500, strings.Count(out, "\n"), "a header and every line")
	}
	r = run(t, dir, "", "partner", "add", "C50")
	assert.Equal(t, 0, r.code, r.stderr)
}

// hrev5Damage changes the book file under dir through the store, as a
// bug or a disk would, below the ledger.
func hrev5Damage(t *testing.T, dir string, fn func(tx store.Tx) error) {
	t.Helper()
	st, err := boltstore.Open(filepath.Join(dir, "book.db"), boltstore.Options{})
	require.NoError(t, err)
	require.NoError(t, st.Update(context.Background(), fn))
	require.NoError(t, st.Close())
}

// hrev5Verify runs 'lettrage verify' on a damaged book and checks what
// cmd/lettrage/doc.go and verify's help promise: exit 1, the problems
// listed on standard error, and, verify being a command that only reads
// (opened read-only), not a byte of the book written.
func hrev5Verify(t *testing.T, dir string) result {
	t.Helper()
	path := filepath.Join(dir, "book.db")
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	r := run(t, dir, "", "verify")
	t.Logf("verify: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	assert.Equal(t, 1, r.code, "a damaged book")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(before, after), "verify wrote into the damaged book")
	return r
}

// hrev5VerifiedBook is a book with three invoices posted and indexed by
// the command, verified clean.
func hrev5VerifiedBook(t *testing.T) string {
	t.Helper()
	dir := newBook(t)
	for _, ref := range []string{"FA-1", "FA-2", "FA-3"} {
		r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", ref,
			"--line", "411000:C01=120", "--line", "706000=-100", "--line", "445710=-20")
		require.Equal(t, 0, r.code, r.stderr)
	}
	r := run(t, dir, "", "verify")
	require.Equal(t, 0, r.code, "precondition: a sound book: %s", r.stderr)
	return dir
}

// TestHrev5ProbeVerifyDamagedIndex: an index key of a line is gone.
// Expected: verify exits 1, lists the problem under "check:", says
// "invariants: N problems", writes nothing.
// Observed: as expected.
func TestHrev5ProbeVerifyDamagedIndex(t *testing.T) {
	t.Parallel()
	dir := hrev5VerifiedBook(t)
	hrev5Damage(t, dir, func(tx store.Tx) error {
		var first []byte
		err := tx.Scan([]byte("ix.lines"), nil, nil, false, func(k, _ []byte) error {
			first = append([]byte(nil), k...)
			return errors.New("stop")
		})
		require.NotNil(t, first, "precondition: lines indexed (%v)", err)
		return tx.Delete([]byte("ix.lines"), first)
	})
	r := hrev5Verify(t, dir)
	assert.Contains(t, r.stderr, "check: ")
	assert.Contains(t, r.stdout, "problems")
}

// TestHrev5ProbeVerifyDamagedLagCounter: the book's lag counter (how
// many of the last entries are not indexed yet) says 1 on a book whose
// entries are all indexed. verify's read-only read finds a lag, readBook
// opens the book for writing to index it, and the catch-up refuses the
// counter before writing.
// Expected: exit 1, an error naming the lag counter, the book unchanged.
// Observed: as expected ("ledger: stored data fails an integrity check:
// the lag counter says 1 entries lag behind their indexes, but
// VT/2026/00003 is indexed"); verify prints no "invariants:" summary in
// that case, as before books were opened read-only.
func TestHrev5ProbeVerifyDamagedLagCounter(t *testing.T) {
	t.Parallel()
	dir := hrev5VerifiedBook(t)
	hrev5Damage(t, dir, func(tx store.Tx) error {
		v := make([]byte, 8)
		v[7] = 1
		return tx.Put([]byte("ctr"), []byte("lag"), v)
	})
	r := hrev5Verify(t, dir)
	assert.Contains(t, r.stderr, "lag counter")
}
