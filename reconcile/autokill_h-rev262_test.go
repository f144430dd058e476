package reconcile_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const hrev262AutoEnv = "LETTRAGE_HREV262_AUTOKILL_BOOK"

var hrev262AutoOp = uuid.NewSHA1(uuid.NameSpaceOID, []byte("h-rev262 autoletter run"))

// hrev262OpenAuto opens a book of hrev262BuildAuto with write-behind, its
// log applied every few dozen writes (compactions inside the run).
func hrev262OpenAuto(t testing.TB, path string) (*boltstore.DB, *ledger.Book, *reconcile.Reconciler) {
	t.Helper()
	st, err := boltstore.Open(path, boltstore.Options{Timeout: 10 * time.Second, WriteBehind: true, WriteBehindMax: 60})
	require.NoError(t, err)
	require.True(t, st.Durable())
	b, err := ledger.Open(ctx, st, ledger.Options{})
	require.NoError(t, err)
	r, err := reconcile.New(ctx, b, reconcile.Config{Tolerance: []currency.Amount{e("0.05")}})
	require.NoError(t, err)
	return st, b, r
}

// hrev262BuildAuto writes a book of three customers, each with 10 invoices
// and 10 payments of the same amounts (and two paying two invoices at
// once), none lettered; it returns the invoices.
func hrev262BuildAuto(t *testing.T, path string) []journal.Entry {
	st, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	f := newFixture(t, st)
	var invs []journal.Entry
	for i, p := range []string{"C1", "C2", "C3"} {
		for k := range 10 {
			amount := fmt.Sprintf("%d.%02d", 100+7*k+i, k)
			invs = append(invs, f.invoice(t, p, d(1, 2+k), amount))
			f.pay(t, p, d(2, 2+k), amount, "", "")
		}
		invs = append(invs, f.invoice(t, p, d(3, 2), "7.00"), f.invoice(t, p, d(3, 3), "8.00"))
		f.pay(t, p, d(3, 20), "15.00", "", "")
	}
	require.NoError(t, st.Close())
	return invs
}

func hrev262Summary(s reconcile.AutoSummary) string {
	s.Replay = false
	b, _ := json.Marshal(s)
	return string(b)
}

// Pins: a SIGKILL anywhere in an AutoLetter run (its proposer running
// ahead, a chunk's apply, a write-behind frame or a compaction) neither
// loses nor doubles what the run did. AutoRequest.Operation's contract: "calling
// again with the same id and request after an interruption goes on from
// there and reports the whole run; once complete, the same id returns the
// run's summary (Replay set)". So after kills at random instants, chunks
// of 2, the book must pass Check and Verify, the run finished by the same
// id must report exactly the summary of an uninterrupted run on a copy of
// the same book, every invoice must be in the same state, and a further
// call must replay (DESIGN §3 durability, §9 "a test kills a writer
// process… finds every acknowledged write and a clean Check").
//
// Not parallel: it sets the chunk size, a process-wide setting.
func TestHrev262AutoLetterKilledResumesExactly(t *testing.T) {
	if os.Getenv(hrev262AutoEnv) != "" {
		t.Skip("child")
	}
	dir := t.TempDir()
	pristine := filepath.Join(dir, "pristine.db")
	invs := hrev262BuildAuto(t, pristine)
	data, err := os.ReadFile(pristine)
	require.NoError(t, err)
	refPath, crashPath := filepath.Join(dir, "ref.db"), filepath.Join(dir, "crash.db")
	require.NoError(t, os.WriteFile(refPath, data, 0o600))
	require.NoError(t, os.WriteFile(crashPath, data, 0o600))

	reconcile.SetAutoChunk(t, 2)
	st, b, r := hrev262OpenAuto(t, refPath)
	want, err := r.AutoLetter(ctx, reconcile.AutoRequest{Operation: hrev262AutoOp, Scope: customers})
	require.NoError(t, err)
	require.Greater(t, want.Applied, 15, "%+v", want)
	wantStates := map[journal.ID]string{}
	for _, inv := range invs {
		s, err := r.State(ctx, inv.ID)
		require.NoError(t, err)
		wantStates[inv.ID] = fmt.Sprintf("%v %s", s.State, s.Residual)
	}
	require.NoError(t, b.Check(ctx))
	require.NoError(t, st.Close())

	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rnd := rand.New(rand.NewPCG(seed, 262))
	kills, finished := 0, false
	for attempt := 0; attempt < 8 && !finished; attempt++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHrev262AutoLetterKilledChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), hrev262AutoEnv+"="+crashPath)
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		lines := bufio.NewScanner(out)
		stopAfter := rnd.IntN(6)
		for n := 0; n < stopAfter && lines.Scan(); n++ {
			if strings.HasPrefix(lines.Text(), "done") {
				finished = true
			}
		}
		if !finished && attempt < 6 {
			time.Sleep(time.Duration(rnd.IntN(4000)) * time.Microsecond)
			_ = cmd.Process.Signal(syscall.SIGKILL)
			kills++
		}
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), "done") {
				finished = true
			}
		}
		_ = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && !ws.Signaled() && ws.ExitStatus() != 0 {
			t.Fatalf("seed %d: the child failed on its own:\n%s", seed, stderr.String())
		}
	}
	t.Logf("seed %d: %d kills", seed, kills)

	st, b, r = hrev262OpenAuto(t, crashPath)
	defer st.Close()
	require.NoError(t, b.Check(ctx), "seed %d: after the kills", seed)
	require.NoError(t, b.Verify(ctx), "seed %d", seed)
	got, err := r.AutoLetter(ctx, reconcile.AutoRequest{Operation: hrev262AutoOp, Scope: customers})
	require.NoError(t, err, "seed %d", seed)
	assert.Equal(t, hrev262Summary(want), hrev262Summary(got), "seed %d: the run resumed across kills reports another summary", seed)
	for _, inv := range invs {
		s, err := r.State(ctx, inv.ID)
		require.NoError(t, err)
		assert.Equal(t, wantStates[inv.ID], fmt.Sprintf("%v %s", s.State, s.Residual), "seed %d: invoice %s", seed, inv.Number)
	}
	again, err := r.AutoLetter(ctx, reconcile.AutoRequest{Operation: hrev262AutoOp, Scope: customers})
	require.NoError(t, err)
	assert.True(t, again.Replay, "seed %d: a complete run replays", seed)
	require.NoError(t, b.Check(ctx))
}

// TestHrev262AutoLetterKilledChild runs (or resumes) the AutoLetter run of
// TestHrev262AutoLetterKilledResumesExactly until it is killed, printing a
// line per chunk committed.
func TestHrev262AutoLetterKilledChild(t *testing.T) {
	path := os.Getenv(hrev262AutoEnv)
	if path == "" {
		t.Skip("only run by TestHrev262AutoLetterKilledResumesExactly")
	}
	reconcile.SetAutoChunk(t, 2)
	st, _, r := hrev262OpenAuto(t, path)
	sum, err := r.AutoLetter(ctx, reconcile.AutoRequest{Operation: hrev262AutoOp, Scope: customers,
		Progress: func(s reconcile.AutoSummary) { fmt.Printf("chunk %d\n", s.Applied) }})
	require.NoError(t, err)
	fmt.Printf("done %s\n", hrev262Summary(sum))
	require.NoError(t, st.Close())
}
