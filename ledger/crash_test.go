package ledger_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	crashEnv   = "LETTRAGE_CRASH_BOOK"
	crashWBEnv = "LETTRAGE_CRASH_WRITEBEHIND" // set: the child opens the file with boltstore's write-behind
)

// TestCrashRecovery runs a child process that posts entries durably and
// acknowledges each on stdout, kills it with SIGKILL at random moments,
// reopens the file and finds every acknowledged entry and a clean Check.
// Every other child runs with boltstore's write-behind and a log applied
// every few hundred writes (a kill may land in a compaction), and the
// file is opened at the end without it (the log is replayed and applied).
func TestCrashRecovery(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("child")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 7))
	var acked []string
	const kills = 20
	for k := 0; k < kills; k++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		if k%2 == 1 {
			cmd.Env = append(cmd.Env, crashWBEnv+"=1")
		}
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		cmd.Stderr = os.Stderr
		require.NoError(t, cmd.Start())
		lines := bufio.NewScanner(out)
		// Kill after a random number of acknowledgements (0 kills during
		// start-up or the first commit).
		stopAfter := r.IntN(40)
		n := 0
		for n <= stopAfter && lines.Scan() {
			if id, ok := strings.CutPrefix(lines.Text(), "ack "); ok {
				acked = append(acked, id)
				n++
			}
		}
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		for lines.Scan() { // acknowledgements printed before the kill landed
			if id, ok := strings.CutPrefix(lines.Text(), "ack "); ok {
				acked = append(acked, id)
			}
		}
		_ = cmd.Wait()
	}
	require.NotEmpty(t, acked)

	st, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	defer st.Close()
	b, err := ledger.Open(context.Background(), st, ledger.Options{})
	require.NoError(t, err)
	for _, s := range acked {
		id, err := journal.ParseID(s)
		require.NoError(t, err)
		_, err = b.Entry(context.Background(), id)
		assert.NoError(t, err, "acknowledged entry %s lost", s)
	}
	require.NoError(t, b.Check(context.Background()))
	require.NoError(t, b.Verify(context.Background()))
	t.Logf("%d kills, %d acknowledged entries all found", kills, len(acked))
}

// TestCrashChild is the child of TestCrashRecovery.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("only run by TestCrashRecovery")
	}
	ctx := context.Background()
	st, err := boltstore.Open(path, boltstore.Options{Timeout: 10 * time.Second,
		WriteBehind: os.Getenv(crashWBEnv) != "", WriteBehindMax: 300})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Durable() {
		t.Fatal("the crash test needs durable commits")
	}
	eur := currency.MustLookup("EUR")
	b, err := ledger.Open(ctx, st, ledger.Options{})
	if errors.Is(err, ledger.ErrNotABook) {
		b, err = ledger.Create(ctx, st, ledger.Options{Currency: eur})
	}
	if err != nil {
		t.Fatal(err)
	}
	// A kill may land between any two set-up steps: each is atomic, so
	// redo the ones that did not commit.
	if err := b.AddFiscalYear(ctx, ledger.CalendarYear(2026)); err != nil && !errors.Is(err, ledger.ErrFiscalYear) {
		t.Fatal(err)
	}
	if err := b.InstallFrenchChart(ctx); err != nil && !errors.Is(err, ledger.ErrDuplicate) {
		t.Fatal(err)
	}
	if err := b.AddPartner(ctx, ledger.Partner{Code: "C1"}); err != nil && !errors.Is(err, ledger.ErrDuplicate) {
		t.Fatal(err)
	}
	for i := 0; i < 10_000; i++ {
		res, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 5, 1+i%28), Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: currency.FromMinor(eur, int64(100+i))},
			{Account: "706000", Balance: currency.FromMinor(eur, -int64(100+i))},
		}})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("ack %s\n", res.Entry.ID)
	}
}
