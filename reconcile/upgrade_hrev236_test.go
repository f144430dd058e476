package reconcile_test

// Review h-rev236: a format-12 book built by the format-12 code (a73ec82,
// testdata/hrev236/gen_hrev236.go.txt) opened by this code: upgraded in
// place, read as the old code read it, and lettered, unlettered and
// auto-lettered at the reconcile level.

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// hrev236Dir is where the format-12 book, its ids and its golden state
// are: HREV236_BOOKS when set, else testdata/hrev236.
func hrev236Dir() string {
	if d := os.Getenv("HREV236_BOOKS"); d != "" {
		return d
	}
	return filepath.Join("testdata", "hrev236")
}

// hrev236Book copies the format-12 book into a directory of the test's
// own and returns its path; the test skips when the book is absent.
func hrev236Book(t *testing.T) string {
	t.Helper()
	dir := hrev236Dir()
	var src io.Reader
	if f, err := os.Open(filepath.Join(dir, "book.db")); err == nil {
		defer f.Close()
		src = f
	} else if f, err := os.Open(filepath.Join(dir, "book.db.gz")); err == nil {
		defer f.Close()
		z, err := gzip.NewReader(f)
		require.NoError(t, err)
		src = z
	} else {
		t.Skipf("no format-12 book in %s (made by gen_hrev236.go.txt at a73ec82)", dir)
	}
	path := filepath.Join(t.TempDir(), "book.db")
	out, err := os.Create(path)
	require.NoError(t, err)
	_, err = io.Copy(out, src)
	require.NoError(t, err)
	require.NoError(t, out.Close())
	return path
}

// hrev236Ids reads ids.txt: the entries, partials and matches the old code
// made, and the old letterings by kind (a line of each).
type hrev236IDs struct {
	entries, partials, matches []journal.ID
	old                        map[string]journal.LineRef
	replayOp, autoOp           journal.ID
	replayDate                 journal.Date
}

func hrev236ReadIDs(t *testing.T) hrev236IDs {
	t.Helper()
	ids := hrev236IDs{old: map[string]journal.LineRef{}}
	sc := bufio.NewScanner(bytes.NewReader(hrev236File(t, "ids.txt")))
	for sc.Scan() {
		w := strings.Fields(sc.Text())
		switch w[0] {
		case "replay":
			id, err := journal.ParseID(w[1])
			require.NoError(t, err)
			ids.replayOp = id
			d, err := journal.ParseDate(w[2])
			require.NoError(t, err)
			ids.replayDate = d
		case "auto":
			id, err := journal.ParseID(w[1])
			require.NoError(t, err)
			ids.autoOp = id
		case "old":
			id, err := journal.ParseID(w[2])
			require.NoError(t, err)
			i, err := strconv.Atoi(w[3])
			require.NoError(t, err)
			ids.old[w[1]] = journal.LineRef{Entry: id, Index: i}
		default:
			id, err := journal.ParseID(w[1])
			require.NoError(t, err)
			switch w[0] {
			case "entry":
				ids.entries = append(ids.entries, id)
			case "partial":
				ids.partials = append(ids.partials, id)
			case "match":
				ids.matches = append(ids.matches, id)
			}
		}
	}
	require.NoError(t, sc.Err())
	return ids
}

func hrev236Golden(t *testing.T) string {
	t.Helper()
	return string(hrev236File(t, "golden.txt"))
}

// hrev236File reads a file of the book's directory, or its gzipped form
// (name.gz), as the repository keeps it.
func hrev236File(t *testing.T, name string) []byte {
	t.Helper()
	path := filepath.Join(hrev236Dir(), name)
	if v, err := os.ReadFile(path); err == nil {
		return v
	}
	f, err := os.Open(path + ".gz")
	require.NoError(t, err)
	defer f.Close()
	z, err := gzip.NewReader(f)
	require.NoError(t, err)
	v, err := io.ReadAll(z)
	require.NoError(t, err)
	return v
}

// hrev236Open opens the book at path as the generator's reconciler did.
func hrev236Open(t *testing.T, path string, readOnly bool) (*boltstore.DB, *ledger.Book, *reconcile.Reconciler) {
	t.Helper()
	st, err := boltstore.Open(path, boltstore.Options{ReadOnly: readOnly})
	require.NoError(t, err)
	now := time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	b, err := ledger.Open(ctx, st, ledger.Options{Clock: clock})
	require.NoError(t, err)
	r, err := reconcile.New(ctx, b, reconcile.Config{Tolerance: []currency.Amount{e("0.05")}})
	require.NoError(t, err)
	return st, b, r
}

// hrev236Read renders what the golden file holds, read by this code.
func hrev236Read(t *testing.T, b *ledger.Book, r *reconcile.Reconciler, ids hrev236IDs) string {
	t.Helper()
	var out strings.Builder
	require.NoError(t, b.View(ctx, func(tx *ledger.Tx) error {
		for _, id := range ids.partials {
			p, err := tx.Partial(id)
			if err != nil {
				return err
			}
			out.WriteString(hrev236Partial(p) + "\n")
		}
		for _, id := range ids.matches {
			m, err := tx.Match(id)
			if err != nil {
				return err
			}
			out.WriteString(hrev236Match(m) + "\n")
		}
		return nil
	}))
	out.WriteString(hrev236State(t, b, r))
	out.WriteString(hrev236Residuals(t, b, ids.entries))
	return out.String()
}

// hrev236Clean runs Check and Verify.
func hrev236Clean(t *testing.T, b *ledger.Book, step string) {
	t.Helper()
	require.NoError(t, b.Check(ctx), "Check after %s", step)
	require.NoError(t, b.Verify(ctx), "Verify after %s", step)
}

// hrev236Meta reads the raw meta bucket of a bbolt book.
func hrev236Meta(t *testing.T, st *boltstore.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, st.Bolt().View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
			if string(name) != "meta" {
				return nil
			}
			return bk.ForEach(func(k, v []byte) error { out[string(k)] = string(v); return nil })
		})
	}))
	return out
}

func hrev236Count(t *testing.T, st *boltstore.DB, bucket string) int {
	t.Helper()
	n := 0
	require.NoError(t, st.Bolt().View(func(tx *bolt.Tx) error {
		if bk := tx.Bucket([]byte(bucket)); bk != nil {
			n = bk.Stats().KeyN
		}
		return nil
	}))
	return n
}

func hrev236Sum(t *testing.T, path string) [32]byte {
	t.Helper()
	v, err := os.ReadFile(path)
	require.NoError(t, err)
	return sha256.Sum256(v)
}

// Pins: a format-12 book the old code wrote, opened read-only by this
// code, is read as the old code read it (every partial and match by id,
// balances, open items, residuals, the aged balance) and its file is left
// as it was: no upgrade (DESIGN, book format 13: "a format-12 book opened
// read-only is read as format 12").
func TestHrev236OldBookReadOnly(t *testing.T) {
	t.Parallel()
	path := hrev236Book(t)
	ids, golden := hrev236ReadIDs(t), hrev236Golden(t)
	before := hrev236Sum(t, path)
	st, b, r := hrev236Open(t, path, true)
	require.Equal(t, golden, hrev236Read(t, b, r, ids))
	require.NoError(t, b.Check(ctx))
	require.NoError(t, st.Close())
	require.Equal(t, before, hrev236Sum(t, path), "a read-only open wrote to the book")
}

// Pins: the same book opened for writing is upgraded (an upgrade record
// beside the meta record), Check and Verify are clean, and it still reads
// as the old code read it, before and after a reopen.
func TestHrev236OldBookUpgraded(t *testing.T) {
	t.Parallel()
	path := hrev236Book(t)
	ids, golden := hrev236ReadIDs(t), hrev236Golden(t)
	st, b, r := hrev236Open(t, path, false)
	meta := hrev236Meta(t, st)
	require.Len(t, meta, 2, "meta and upgrade records")
	hrev236Clean(t, b, "the upgrade")
	require.Equal(t, golden, hrev236Read(t, b, r, ids))
	require.NoError(t, st.Close())
	st, b, r = hrev236Open(t, path, false)
	require.Equal(t, meta, hrev236Meta(t, st), "a second open rewrote the meta bucket")
	require.Equal(t, golden, hrev236Read(t, b, r, ids))
	require.NoError(t, st.Close())
}

// hrev236Relines returns the lines of the partials a lettering undid that
// are not lines of the entries it generated (write-offs, exchange
// differences, cash-basis VAT): what a user letters again.
func hrev236Relines(res reconcile.Result, generated map[journal.ID]bool) []journal.LineRef {
	var lines []journal.LineRef
	seen := map[journal.LineRef]bool{}
	for _, p := range res.UndonePartial {
		for _, l := range []journal.LineRef{p.Debit, p.Credit} {
			if !seen[l] && !generated[l.Entry] {
				seen[l] = true
				lines = append(lines, l)
			}
		}
	}
	return lines
}

// Pins: on the upgraded book, each kind of old lettering (full, partial,
// write-off, cash-basis VAT part payment, exchange difference) is
// unlettered and lettered again by this code; AutoLetter then letters the
// rest, and unlettering every lettering it made gives back the state the
// old code reported; Check and Verify clean after each step.
func TestHrev236OldBookLetterAgainAndAuto(t *testing.T) {
	t.Parallel()
	path := hrev236Book(t)
	ids, golden := hrev236ReadIDs(t), hrev236Golden(t)
	st, b, r := hrev236Open(t, path, false)
	defer st.Close()
	goldenState := golden[strings.Index(golden, "balance "):]
	state := func() string {
		return hrev236State(t, b, r) + hrev236Residuals(t, b, ids.entries)
	}
	require.Equal(t, goldenState, state())
	generated := map[journal.ID]bool{}
	ents := map[journal.ID]bool{}
	for _, id := range ids.entries {
		ents[id] = true
	}
	for _, kind := range []string{"full", "partial", "writeoff", "cashbasis", "fx"} {
		line := ids.old[kind]
		un, err := r.Unletter(ctx, journal.NoID, line)
		require.NoError(t, err, kind)
		require.NotEmpty(t, un.UndonePartial, kind)
		hrev236Clean(t, b, "unlettering the old "+kind+" lettering")
		for _, p := range un.UndonePartial { // read back by id: rewritten where it was
			require.NoError(t, b.View(ctx, func(tx *ledger.Tx) error {
				got, err := tx.Partial(p.ID)
				require.False(t, got.Live(), "%s: undone partial %s still live", kind, p.ID)
				return err
			}), kind)
		}
		// The entries the old lettering generated (write-off, exchange
		// difference, cash-basis VAT) are not lettered again by hand.
		for _, p := range un.UndonePartial {
			for _, l := range []journal.LineRef{p.Debit, p.Credit} {
				x, err := b.Entry(ctx, l.Entry)
				require.NoError(t, err)
				if x.Origin != journal.NoID || !ents[l.Entry] && x.Journal != "BQD" && x.Journal != "VT" {
					generated[l.Entry] = true
				}
			}
		}
		for _, x := range un.Entries {
			generated[x.ID] = true
		}
		lines := hrev236Relines(un, generated)
		_, err = r.Reconcile(ctx, reconcile.Request{Lines: lines, WriteOff: kind == "writeoff"})
		require.NoError(t, err, "%s: lettering %v again", kind, lines)
		hrev236Clean(t, b, "lettering the old "+kind+" lettering again")
	}
	require.Equal(t, goldenState, state(), "the old letterings unlettered and lettered again")
	require.Greater(t, hrev236Count(t, st, "letter"), 0, "letterings made after the upgrade are lettering records")

	var done []reconcile.Proposal
	sum, err := r.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{All: true}, Lettered: func(p reconcile.Proposal) { done = append(done, p) }})
	require.NoError(t, err)
	require.NotEmpty(t, done, "AutoLetter letters the payments left open")
	require.Zero(t, sum.FailedCount, "%v", sum.Failed)
	t.Logf("AutoLetter: %d applied, %d entries", sum.Applied, sum.Entries)
	hrev236Clean(t, b, "AutoLetter")
	require.NotEqual(t, goldenState, state())
	for _, p := range done {
		_, err := r.Unletter(ctx, journal.NoID, p.Lines[0])
		if errors.Is(err, reconcile.ErrNotLettered) {
			continue
		}
		require.NoError(t, err, "unlettering %v", p.Lines)
	}
	hrev236Clean(t, b, "unlettering what AutoLetter did")
	require.Equal(t, goldenState, state(), "unlettering every lettering AutoLetter made gives back the state before it")
}

var _ = bytes.Equal

// Pins: a Seal the format-12 code took still anchors the upgraded book:
// the upgrade only appends to the configuration chain.
func TestHrev236SealOfFormat12AnchorsUpgradedBook(t *testing.T) {
	t.Parallel()
	path := hrev236Book(t)
	sj, err := os.ReadFile(filepath.Join(hrev236Dir(), "seal.json"))
	require.NoError(t, err)
	var seal ledger.Seal
	require.NoError(t, json.Unmarshal(sj, &seal))
	st, b, _ := hrev236Open(t, path, false)
	defer st.Close()
	require.NoError(t, b.Verify(ctx, ledger.WithAnchor(seal)))
}

// Pins: an operation the format-12 code applied is replayed by this code
// with the same id (Result.Replay, the same partials and matches), and an
// AutoLetter run the format-12 code left after its first chunk is resumed
// with its id and completes.
func TestHrev236OldOperationsReplayedAndResumed(t *testing.T) {
	t.Parallel()
	path := hrev236Book(t)
	ids := hrev236ReadIDs(t)
	st, b, r := hrev236Open(t, path, false)
	defer st.Close()
	inv, err := b.Entry(ctx, ids.old["full"].Entry)
	require.NoError(t, err)
	res, err := r.RegisterPayment(ctx, reconcile.Payment{Operation: ids.replayOp, Direction: reconcile.Inbound, Partner: inv.Lines[0].Partner,
		Journal: "BQD", Date: ids.replayDate, Method: reconcile.MethodTransfer, Amount: inv.Lines[0].Balance, Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	require.True(t, res.Replay)
	require.Len(t, res.Partials, 1)
	require.Len(t, res.Matches, 1)
	sum, err := r.AutoLetter(ctx, reconcile.AutoRequest{Operation: ids.autoOp, Scope: reconcile.Scope{Accounts: []string{"401000"}}})
	require.NoError(t, err)
	require.Zero(t, sum.FailedCount)
	require.NotZero(t, sum.Applied)
	hrev236Clean(t, b, "resuming the old AutoLetter run")
	again, err := r.AutoLetter(ctx, reconcile.AutoRequest{Operation: ids.autoOp, Scope: reconcile.Scope{Accounts: []string{"401000"}}})
	require.NoError(t, err)
	require.True(t, again.Replay)
}

// hrev236FailingUpdate is a store whose Update runs its function, then
// fails as a crash in the commit would: nothing it wrote is kept.
type hrev236FailingUpdate struct{ *boltstore.DB }

var errHrev236Crash = errors.New("crash before the commit")

func (s hrev236FailingUpdate) Update(c context.Context, fn func(store.Tx) error) error {
	err := s.DB.Update(c, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errHrev236Crash
	})
	return err
}

// Pins: an upgrade that does not commit (a crash inside its transaction)
// fails Open, leaves the book as the format-12 code wrote it, and the next
// Open upgrades it.
func TestHrev236UpgradeInterrupted(t *testing.T) {
	t.Parallel()
	path := hrev236Book(t)
	ids, golden := hrev236ReadIDs(t), hrev236Golden(t)
	before := hrev236Sum(t, path)
	st, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	_, err = ledger.Open(ctx, hrev236FailingUpdate{st}, ledger.Options{})
	require.ErrorIs(t, err, errHrev236Crash)
	require.Len(t, hrev236Meta(t, st), 1, "no upgrade record")
	require.NoError(t, st.Close())
	_ = before
	st, b, r := hrev236Open(t, path, false)
	defer st.Close()
	require.Len(t, hrev236Meta(t, st), 2)
	hrev236Clean(t, b, "the upgrade after an interrupted one")
	require.Equal(t, golden, hrev236Read(t, b, r, ids))
}
