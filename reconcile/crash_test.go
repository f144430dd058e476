package reconcile_test

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var crashKills = flag.Int("crash.kills", 4, "SIGKILLs of the lettering crash test (100 or more for a real run)")

// The child's environment: the book's path, the script's seed, and the
// round to start from.
const (
	crashBookEnv  = "LETTRAGE_RECONCILE_CRASH_BOOK"
	crashWBEnv    = "LETTRAGE_RECONCILE_CRASH_WRITEBEHIND" // set: the child opens the book with boltstore's write-behind
	crashSeedEnv  = "LETTRAGE_RECONCILE_CRASH_SEED"
	crashStartEnv = "LETTRAGE_RECONCILE_CRASH_FROM"
)

// Crash script. Round k of the script posts a batch (invoice k and filler
// entries, a large batch every crashBigEvery rounds so that the pipeline
// runs), registers two payments lettered with the invoice, and every other
// round unletters it and letters the three lines again. Every write has a
// fixed id derived from (seed, k, slot) — entry ids for the batch,
// operation ids for the rest — so a round may run again from its start:
// what committed replays, what did not is written now. A round ends with
// its invoice paid.
const (
	crashBigEvery  = 10
	crashBigFiller = ledger.IndexLagMax + 4
	crashRoundsMax = 100_000 // a child never gets that far: it is killed first
)

// Slots of a round: each is one acknowledged write.
const (
	slotBatch = iota
	slotPay1
	slotPay2
	slotUnletter
	slotReletter
	slotsPerRound
)

var crashPartners = [...]string{"C1", "C2", "C3"}

func crashID(seed uint64, k, slot, i int) journal.ID {
	return uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "lettrage-crash/%d/%d/%d/%d", seed, k, slot, i))
}

func crashDate(k int) journal.Date { return journal.MustDate(2026, 1, 1).AddDays(k % 300) }

func crashInvoiceAmount(k int) currency.Amount { return currency.FromMinor(eur, int64(10_000+k)) }

func crashFillers(k int) int {
	if k%crashBigEvery == crashBigEvery-1 {
		return crashBigFiller
	}
	return 2
}

// crashRound runs round k, calling ack after each write with whether it
// was a replay and what it wrote (crashDigest: a replay must return the
// same). It stops at the first error.
func crashRound(ctx context.Context, b *ledger.Book, r *reconcile.Reconciler, seed uint64, k int,
	ack func(slot int, replay bool, result string)) error {
	date, p := crashDate(k), crashPartners[k%len(crashPartners)]
	inv := journal.Entry{ID: crashID(seed, k, slotBatch, 0), Journal: "VT", Date: date, Type: journal.TypeInvoice,
		Lines: []journal.Line{
			{Account: "411000", Partner: p, Balance: crashInvoiceAmount(k)},
			{Account: "706000", Balance: crashInvoiceAmount(k).Neg()},
		}}
	batch := []journal.Entry{inv}
	for i := 1; i <= crashFillers(k); i++ {
		fee := currency.FromMinor(eur, int64(1+i%7))
		batch = append(batch, journal.Entry{ID: crashID(seed, k, slotBatch, i), Journal: "OD", Date: date,
			Lines: []journal.Line{{Account: "627000", Balance: fee}, {Account: "512000", Balance: fee.Neg()}}})
	}
	res, err := b.PostBatch(ctx, batch, ledger.BatchOptions{AllOrNothing: true})
	if err != nil {
		return err
	}
	replay := true
	var posted []journal.Entry
	for i := range res {
		if res[i].Err != nil {
			return fmt.Errorf("round %d, batch entry %d: %w", k, i, res[i].Err)
		}
		replay = replay && res[i].Replay
		posted = append(posted, res[i].Entry)
	}
	ack(slotBatch, replay, crashDigest(reconcile.Result{Entries: posted}))

	first := currency.FromMinor(eur, 4_000)
	rest, _ := crashInvoiceAmount(k).Sub(first)
	var pays [2]journal.Entry
	for i, amount := range []currency.Amount{first, rest} {
		slot := slotPay1 + i
		pr, err := r.RegisterPayment(ctx, reconcile.Payment{Operation: crashID(seed, k, slot, 0),
			Direction: reconcile.Inbound, Partner: p, Journal: "BQD", Date: date, Amount: amount,
			Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}})
		if err != nil {
			return fmt.Errorf("round %d, payment %d: %w", k, i+1, err)
		}
		pays[i] = pr.Entries[0]
		ack(slot, pr.Replay, crashDigest(pr))
	}
	if k%2 == 0 {
		return nil
	}
	ur, err := r.Unletter(ctx, crashID(seed, k, slotUnletter, 0), inv.LineRef(0))
	if err != nil {
		return fmt.Errorf("round %d, unletter: %w", k, err)
	}
	ack(slotUnletter, ur.Replay, crashDigest(ur))
	lr, err := r.Reconcile(ctx, reconcile.Request{Operation: crashID(seed, k, slotReletter, 0),
		Lines: []journal.LineRef{inv.LineRef(0), pays[0].LineRef(0), pays[1].LineRef(0)}})
	if err != nil {
		return fmt.Errorf("round %d, letter again: %w", k, err)
	}
	ack(slotReletter, lr.Replay, crashDigest(lr))
	return nil
}

// crashDigest names what an operation wrote, as the book assigned it: the
// entries' ids and numbers, the partials', matches' and undone records'
// ids, the matches' letter codes. It holds no space.
func crashDigest(res reconcile.Result) string {
	var s strings.Builder
	for _, x := range res.Entries {
		fmt.Fprintf(&s, "e%s/%d", x.ID, x.Number)
	}
	for _, x := range res.Partials {
		fmt.Fprintf(&s, "p%s", x.ID)
	}
	for _, x := range res.Matches {
		fmt.Fprintf(&s, "m%s/%s", x.ID, x.Code)
	}
	for _, x := range res.UndonePartial {
		fmt.Fprintf(&s, "u%s", x.ID)
	}
	for _, x := range res.UndoneMatches {
		fmt.Fprintf(&s, "v%s", x.ID)
	}
	return s.String()
}

// crashOpen opens the book at path, creating and configuring what a kill
// left undone (see crashSetUp).
func crashOpen(ctx context.Context, path string, writeBehind bool) (*boltstore.DB, *ledger.Book, *reconcile.Reconciler, error) {
	st, err := boltstore.Open(path, boltstore.Options{Timeout: 10 * time.Second, WriteBehind: writeBehind, WriteBehindMax: 500})
	if err != nil {
		return nil, nil, nil, err
	}
	if !st.Durable() {
		st.Close()
		return nil, nil, nil, errors.New("the crash test needs durable commits")
	}
	b, r, err := crashSetUp(ctx, st)
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	return st, b, r, nil
}

// crashSetUp opens the book on st, creating and configuring what a kill
// left undone: every set-up step is atomic and redone when missing.
func crashSetUp(ctx context.Context, st store.Store) (*ledger.Book, *reconcile.Reconciler, error) {
	b, err := ledger.Open(ctx, st, ledger.Options{})
	if errors.Is(err, ledger.ErrNotABook) {
		b, err = ledger.Create(ctx, st, ledger.Options{Currency: eur})
	}
	if err != nil {
		return nil, nil, err
	}
	if err := b.AddFiscalYear(ctx, ledger.CalendarYear(2026)); err != nil && !errors.Is(err, ledger.ErrFiscalYear) {
		return nil, nil, err
	}
	if err := b.InstallFrenchChart(ctx); err != nil && !errors.Is(err, ledger.ErrDuplicate) {
		return nil, nil, err
	}
	for _, p := range crashPartners {
		if err := b.AddPartner(ctx, ledger.Partner{Code: p}); err != nil && !errors.Is(err, ledger.ErrDuplicate) {
			return nil, nil, err
		}
	}
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	if err != nil {
		return nil, nil, err
	}
	return b, r, nil
}

// TestCrashLettering runs a child process that posts batches, registers
// payments, letters and unletters durably, printing each acknowledged
// write before going on; it kills the child with SIGKILL at random moments
// and starts the next one on the round of the last acknowledged write (or
// the one before, whose writes must all replay). At the end it reopens the
// book and finds every acknowledged write exactly once: a retry of each
// replays and writes nothing, every invoice of every round is paid by
// exactly its two payments, no entry is missing or doubled; Check and
// Verify pass (crashFinish). Every other child runs with boltstore's
// write-behind, its log applied every few hundred writes.
//
// -crash.kills sets the number of kills: a few by default, 100 or more
// for a real run.
func TestCrashLettering(t *testing.T) {
	t.Parallel()
	if os.Getenv(crashBookEnv) != "" {
		t.Skip("child")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rnd := rand.New(rand.NewPCG(seed, 13))
	acked := map[[2]int]bool{} // (round, slot) acknowledged
	from, last := 0, -1        // the round the next child starts on; the last round begun
	replays := 0
	for kill := 0; kill < *crashKills; kill++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashLetteringChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashBookEnv+"="+path, crashSeedEnv+"="+strconv.FormatUint(seed, 10),
			crashStartEnv+"="+strconv.Itoa(from))
		if kill%2 == 1 {
			cmd.Env = append(cmd.Env, crashWBEnv+"=1")
		}
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		cmd.Stderr = os.Stderr
		require.NoError(t, cmd.Start())
		lines := bufio.NewScanner(out)
		var said []string // the child's other output, shown if it fails on its own
		read := func() bool {
			if !lines.Scan() {
				return false
			}
			var k, slot, replay int
			if _, err := fmt.Sscanf(lines.Text(), "ack %d %d %d", &k, &slot, &replay); err != nil {
				said = append(said, lines.Text())
				return true
			}
			key := [2]int{k, slot}
			if acked[key] {
				assert.Equal(t, 1, replay, "round %d slot %d was acknowledged before: it must replay, not write again", k, slot)
				replays++
			}
			acked[key] = true
			last = max(last, k)
			return true
		}
		// Kill after a random number of acknowledgements (0: during start-up
		// or the first write), then a random instant into the next write.
		stopAfter := rnd.IntN(24)
		for n := 0; n < stopAfter && read(); n++ {
		}
		time.Sleep(time.Duration(rnd.IntN(3000)) * time.Microsecond)
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		for read() { // acknowledgements printed before the kill landed
		}
		_ = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && !ws.Signaled() && ws.ExitStatus() != 0 {
			t.Fatalf("the child failed before it was killed:\n%s", strings.Join(said, "\n"))
		}
		from = max(last, 0)
		if from > 0 && rnd.IntN(3) == 0 {
			from-- // a whole acknowledged round again: every write must replay
		}
	}
	require.NotEmpty(t, acked, "no write acknowledged: raise -crash.kills")

	ctx := context.Background()
	st, b, r, err := crashOpen(ctx, path, false) // a log left by a killed child is applied
	require.NoError(t, err)
	defer st.Close()
	unacked := crashFinish(t, b, r, seed, acked, last)
	t.Logf("%d kills, %d rounds, %d acknowledged writes all found once, %d replayed by a later child; "+
		"committed but not acknowledged at the last kill (round, slot): %v",
		*crashKills, last+2, len(acked), replays, unacked)
}

// crashFinish completes the script after the last kill, as the next child
// would, and checks the book; last is the latest round with an
// acknowledged write (-1 for none). It returns the writes, as (round,
// slot), that the last kill left committed but unacknowledged.
//
// The last kill landed in round last, or in round last+1 once every write
// of round last was acknowledged: a kill between a write's commit and its
// acknowledgement leaves that write in the book unacknowledged — round
// last+1's batch, an unpaid invoice, when the kill came right after it
// committed. So both rounds are completed: every acknowledged write
// replays, every other one is written now or replays, and rounds 0 to
// last+1 must then each be in the book exactly once. Nothing of a later
// round can be there: a child begins a round only after acknowledging
// every write of the one before.
func crashFinish(t *testing.T, b *ledger.Book, r *reconcile.Reconciler, seed uint64, acked map[[2]int]bool, last int) (unacked [][2]int) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, b.Check(ctx), "after the last kill")
	require.NoError(t, b.Verify(ctx))
	for k := 0; k <= last+1; k++ {
		require.NoError(t, crashRound(ctx, b, r, seed, k, func(slot int, replay bool, _ string) {
			switch {
			case acked[[2]int{k, slot}]:
				assert.True(t, replay, "round %d slot %d acknowledged, then written again", k, slot)
			case replay:
				unacked = append(unacked, [2]int{k, slot})
			}
		}))
	}
	crashCheckRounds(t, b, r, []uint64{seed}, last+1)
	require.NoError(t, b.Check(ctx))
	require.NoError(t, b.Verify(ctx))
	return unacked
}

// TestCrashLetteringKillPoints puts the book in the state a kill leaves
// at chosen points of the script — after a write committed, its
// acknowledgement out or not — and runs the crash test's final pass on it:
// the pass must complete the round in flight, wherever the kill landed. A
// kill right after a round's batch committed, before its acknowledgement,
// once left that batch's invoice unpaid, outside the rounds checked, and
// the crash test failed though the book was right.
func TestCrashLetteringKillPoints(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			for _, tc := range []struct {
				name        string
				round, slot int  // the last write committed before the kill
				ackOut      bool // whether its acknowledgement got out
			}{
				{"batch of the first round committed, not acknowledged", 0, slotBatch, false},
				{"batch of round 3 committed, not acknowledged", 3, slotBatch, false},
				{"large batch of round 9 committed, not acknowledged", crashBigEvery - 1, slotBatch, false},
				{"batch of round 3 acknowledged", 3, slotBatch, true},
				{"first payment of round 3 committed, not acknowledged", 3, slotPay1, false},
				{"unlettering of round 3 committed, not acknowledged", 3, slotUnletter, false},
				{"round 3 ends, its last write not acknowledged", 3, slotReletter, false},
				{"round 4 ends, acknowledged", 4, slotPay2, true},
			} {
				t.Run(tc.name, func(t *testing.T) {
					const seed = 7
					b, r, err := crashSetUp(ctx, s.Open(t))
					require.NoError(t, err)
					acked, last := map[[2]int]bool{}, -1
					run, kill := context.WithCancel(ctx)
					defer kill()
					for k := 0; k <= tc.round; k++ {
						err := crashRound(run, b, r, seed, k, func(slot int, replay bool, _ string) {
							if run.Err() != nil {
								return
							}
							require.False(t, replay, "round %d slot %d: a first run writes", k, slot)
							if k == tc.round && slot == tc.slot {
								kill() // the process dies here: later writes never start
								if !tc.ackOut {
									return
								}
							}
							acked[[2]int{k, slot}] = true
							last = max(last, k)
						})
						if err != nil {
							// The write after the kill point never starts.
							require.ErrorIs(t, err, context.Canceled, "round %d", k)
						}
					}
					require.Error(t, run.Err(), "the kill point was never reached")

					var want [][2]int
					if !tc.ackOut {
						want = [][2]int{{tc.round, tc.slot}}
					}
					assert.Equal(t, want, crashFinish(t, b, r, seed, acked, last), "writes committed but not acknowledged")
				})
			}
		})
	}
}

// crashCheckRounds asserts that rounds 0..last of the script of every
// seed are in the book exactly once: each invoice paid, and on 411000
// exactly one invoice line and two payment lines per round, summing to
// zero per partner; the filler entries all there.
func crashCheckRounds(t *testing.T, b *ledger.Book, r *reconcile.Reconciler, seeds []uint64, last int) {
	ctx := context.Background()
	wantInvoices, wantPays, wantFees := 0, 0, 0
	for _, seed := range seeds {
		for k := 0; k <= last; k++ {
			st, err := r.State(ctx, crashID(seed, k, slotBatch, 0))
			require.NoError(t, err, "seed %d round %d", seed, k)
			assert.Equal(t, reconcile.Paid, st.State, "seed %d round %d", seed, k)
			assert.True(t, st.Residual.IsZero(), "seed %d round %d", seed, k)
			wantInvoices++
			wantPays += 2
			wantFees += crashFillers(k)
		}
	}
	invoices, pays := 0, 0
	sums := map[string]currency.Amount{}
	for item, err := range b.Lines(ctx, ledger.LineFilter{Account: "411000"}) {
		require.NoError(t, err)
		switch item.Journal {
		case "VT":
			invoices++
		case "BQD":
			pays++
		}
		sum, ok := sums[item.Line.Partner]
		if !ok {
			sum = currency.Zero(eur)
		}
		sums[item.Line.Partner], err = sum.Add(item.Line.Balance)
		require.NoError(t, err)
	}
	assert.Equal(t, wantInvoices, invoices, "invoices on 411000")
	assert.Equal(t, wantPays, pays, "payments on 411000: none lost, none doubled")
	for p, sum := range sums {
		assert.True(t, sum.IsZero(), "411000 %s sums to %s", p, sum)
	}
	fees := 0
	for item, err := range b.Lines(ctx, ledger.LineFilter{Account: "627000"}) {
		require.NoError(t, err)
		if item.Journal == "OD" {
			fees++
		}
	}
	assert.Equal(t, wantFees, fees, "filler entries")
}

// TestCrashLetteringChild is the child of TestCrashLettering: it runs the
// script from the round it is given until it is killed.
func TestCrashLetteringChild(t *testing.T) {
	t.Parallel()
	path := os.Getenv(crashBookEnv)
	if path == "" {
		t.Skip("only run by TestCrashLettering")
	}
	seed, err := strconv.ParseUint(os.Getenv(crashSeedEnv), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	from, err := strconv.Atoi(os.Getenv(crashStartEnv))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, b, r, err := crashOpen(ctx, path, os.Getenv(crashWBEnv) != "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for k := from; k < crashRoundsMax; k++ {
		err := crashRound(ctx, b, r, seed, k, func(slot int, replay bool, _ string) {
			n := 0
			if replay {
				n = 1
			}
			fmt.Printf("ack %d %d %d\n", k, slot, n)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
