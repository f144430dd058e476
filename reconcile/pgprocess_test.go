package reconcile_test

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Several processes on one PostgreSQL book, each running the crash test's
// script (crashRound: a batch with an invoice, two payments lettered with
// it, unlettering and lettering again) in several goroutines, each
// goroutine a stream with its own seed, so its own entry and operation
// ids. The customers are shared: every stream competes for the same
// letter-code counters and the same journals' numbering.
const (
	pgmpProcesses = 3
	pgmpStreams   = 2 // goroutines per process
	pgmpRounds    = 6 // rounds of the script per stream
)

// The child's environment.
const (
	pgmpSchemaEnv = "LETTRAGE_RECONCILE_PGMP_SCHEMA"
	pgmpSeedsEnv  = "LETTRAGE_RECONCILE_PGMP_SEEDS" // the streams' seeds, comma-separated
	pgmpRoundsEnv = "LETTRAGE_RECONCILE_PGMP_ROUNDS"
	pgmpAcksEnv   = "LETTRAGE_RECONCILE_PGMP_ACKS" // the file acknowledgements are logged to
	pgmpRetryEnv  = "LETTRAGE_RECONCILE_PGMP_RETRY"
	pgmpAppEnv    = "PGAPPNAME" // pgx reads it: the sessions pg_terminate_backend picks
)

// pgmpAck is one acknowledged write: the child logged it, synced, before
// printing it.
type pgmpAck struct {
	seed         uint64
	round, slot  int
	replay       bool
	result, line string
}

func parsePgmpAck(line string) (pgmpAck, bool) {
	var a pgmpAck
	var replay int
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "ack" {
		return a, false
	}
	if _, err := fmt.Sscanf(strings.Join(f[1:5], " "), "%d %d %d %d", &a.seed, &a.round, &a.slot, &replay); err != nil {
		return a, false
	}
	a.replay = replay == 1
	if len(f) > 5 {
		a.result = f[5]
	}
	a.line = line
	return a, true
}

// pgmpBook is the parent's side: a book on PostgreSQL set up for the
// script, and its children.
type pgmpBook struct {
	st      *pgstore.DB
	b       *ledger.Book
	r       *reconcile.Reconciler
	dir     string
	app     string // the children's application_name
	started int
}

func newPgmpBook(t *testing.T) *pgmpBook {
	st := storetest.OpenPostgres(t, pgstore.Options{})
	b, r, err := crashSetUp(ctx, st)
	require.NoError(t, err)
	return &pgmpBook{st: st, b: b, r: r, dir: t.TempDir(), app: "lettrage_" + st.Schema()}
}

func pgmpSeeds(base uint64, process int) []uint64 {
	seeds := make([]uint64, pgmpStreams)
	for w := range seeds {
		seeds[w] = base + uint64(process*pgmpStreams+w)
	}
	return seeds
}

// start runs a child on seeds; its acknowledgements go to the returned
// file, and each printed one to onAck as it comes.
func (m *pgmpBook) start(t *testing.T, seeds []uint64, retry bool, onAck func()) (*exec.Cmd, string, chan []string) {
	acks := fmt.Sprintf("%s/acks.%d", m.dir, m.started)
	m.started++
	var list []string
	for _, s := range seeds {
		list = append(list, strconv.FormatUint(s, 10))
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPostgresLetteringChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), pgmpSchemaEnv+"="+m.st.Schema(), pgmpSeedsEnv+"="+strings.Join(list, ","),
		pgmpRoundsEnv+"="+strconv.Itoa(pgmpRounds), pgmpAcksEnv+"="+acks, pgmpAppEnv+"="+m.app)
	if retry {
		cmd.Env = append(cmd.Env, pgmpRetryEnv+"=1")
	}
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	said := make(chan []string, 1)
	go func() {
		var lines []string
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if strings.HasPrefix(sc.Text(), "ack ") && onAck != nil {
				onAck()
			}
		}
		said <- lines
	}()
	return cmd, acks, said
}

// readAcks returns the acknowledgements a child logged.
func readAcks(t *testing.T, path string) []pgmpAck {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	require.NoError(t, err)
	var acks []pgmpAck
	for _, line := range strings.Split(string(data), "\n") {
		if a, ok := parsePgmpAck(line); ok {
			acks = append(acks, a)
		}
	}
	return acks
}

// finish checks the book after the children: nothing half-written (Check,
// Verify), then runs every stream's script from its first round, as a
// retry would: every acknowledged write must replay with the result first
// acknowledged, the rest (a killed child's unfinished rounds) is written
// now. Then every round of every stream must be in the book exactly once,
// each journal numbered 1..n without a gap, and Check and Verify clean.
func (m *pgmpBook) finish(t *testing.T, seeds []uint64, acks []pgmpAck) {
	require.NoError(t, m.b.Check(ctx), "after the children")
	require.NoError(t, m.b.Verify(ctx))
	type key struct {
		seed        uint64
		round, slot int
	}
	first := map[key]pgmpAck{}
	for _, a := range acks {
		k := key{a.seed, a.round, a.slot}
		if f, ok := first[k]; ok {
			assert.True(t, a.replay, "%q acknowledged before as %q: it must replay", a.line, f.line)
			assert.Equal(t, f.result, a.result, "%q: a replay returns the first result", a.line)
			continue
		}
		first[k] = a
	}
	for _, seed := range seeds {
		for k := range pgmpRounds {
			require.NoError(t, crashRound(ctx, m.b, m.r, seed, k, func(slot int, replay bool, result string) {
				if a, ok := first[key{seed, k, slot}]; ok {
					assert.True(t, replay, "%q: acknowledged, then written again", a.line)
					assert.Equal(t, a.result, result, "%q: a replay returns the acknowledged result", a.line)
				}
			}))
		}
	}
	crashCheckRounds(t, m.b, m.r, seeds, pgmpRounds-1)
	for _, j := range []string{"VT", "BQD", "OD"} {
		seen := map[int64]int{}
		for pe, err := range m.b.Entries(ctx, ledger.EntryFilter{Journal: j}) {
			require.NoError(t, err)
			seen[pe.Entry.Number]++
		}
		require.NotEmpty(t, seen, "journal %s", j)
		for n := int64(1); n <= int64(len(seen)); n++ {
			assert.Equal(t, 1, seen[n], "journal %s, number %d once", j, n)
		}
	}
	require.NoError(t, m.b.Check(ctx))
	require.NoError(t, m.b.Verify(ctx))
}

// TestPostgresSeveralProcessesLettering starts pgmpProcesses children on
// one book, each posting invoices, registering payments
// (reconcile.RegisterPayment) lettered with them, unlettering and
// lettering again from pgmpStreams goroutines, every write with a
// caller-chosen id. Afterwards each journal is numbered without a gap,
// every acknowledged operation is in the book once and replays with the
// same result, and Check and Verify are clean.
func TestPostgresSeveralProcessesLettering(t *testing.T) {
	t.Parallel()
	m := newPgmpBook(t)
	base := uint64(time.Now().UnixNano())
	var seeds []uint64
	var cmds []*exec.Cmd
	var files []string
	var saids []chan []string
	for p := range pgmpProcesses {
		s := pgmpSeeds(base, p)
		seeds = append(seeds, s...)
		cmd, acks, said := m.start(t, s, false, nil)
		cmds, files, saids = append(cmds, cmd), append(files, acks), append(saids, said)
	}
	var acks []pgmpAck
	for i, cmd := range cmds {
		said := <-saids[i]
		require.NoError(t, cmd.Wait(), "process %d:\n%s", i, strings.Join(said, "\n"))
		got := readAcks(t, files[i])
		require.Len(t, got, pgmpStreams*pgmpAcksPerStream(), "process %d's acknowledgements", i)
		acks = append(acks, got...)
	}
	m.finish(t, seeds, acks)
}

// TestPostgresKillWriter runs the children of
// TestPostgresSeveralProcessesLettering and kills one of them with SIGKILL
// at a random moment, twice, each time after a random number of its
// acknowledged writes and a random instant into the next one; the other
// children go on. The killed child logs each acknowledgement to a file,
// synced, before printing it. After the kill nothing is half-written
// (Check), the next run of the killed child replays what it had
// acknowledged, and the final pass finds every acknowledged write once and
// replays it.
func TestPostgresKillWriter(t *testing.T) {
	t.Parallel()
	m := newPgmpBook(t)
	base := uint64(time.Now().UnixNano())
	rnd := rand.New(rand.NewPCG(base, 17))
	t.Logf("seed %d", base)
	var seeds []uint64
	var others []*exec.Cmd
	var files []string
	var saids []chan []string
	for p := 1; p < pgmpProcesses; p++ {
		s := pgmpSeeds(base, p)
		seeds = append(seeds, s...)
		cmd, acks, said := m.start(t, s, false, nil)
		others, files, saids = append(others, cmd), append(files, acks), append(saids, said)
	}
	victim := pgmpSeeds(base, 0)
	seeds = append(seeds, victim...)
	var acks []pgmpAck
	for kill := range 2 {
		stopAfter := int64(1 + rnd.IntN(pgmpStreams*pgmpRounds*3))
		var n atomic.Int64
		reached := make(chan struct{})
		cmd, file, said := m.start(t, victim, false, func() {
			if n.Add(1) == stopAfter {
				close(reached)
			}
		})
		select {
		case <-reached:
		case <-time.After(time.Minute):
			t.Fatalf("kill %d: the child did not acknowledge %d writes in a minute", kill, stopAfter)
		}
		time.Sleep(time.Duration(rnd.IntN(20_000)) * time.Microsecond)
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		lines := <-said
		_ = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && !ws.Signaled() && ws.ExitStatus() != 0 {
			t.Fatalf("the child failed before it was killed:\n%s", strings.Join(lines, "\n"))
		}
		got := readAcks(t, file)
		printed := 0
		for _, l := range lines {
			if _, ok := parsePgmpAck(l); ok {
				printed++
			}
		}
		assert.GreaterOrEqual(t, len(got), printed, "every printed acknowledgement was logged first")
		t.Logf("kill %d after %d acknowledgements (%d logged)", kill, stopAfter, len(got))
		acks = append(acks, got...)
		require.NoError(t, m.b.Check(ctx), "after kill %d: nothing half-written", kill)
	}
	for i, cmd := range others {
		said := <-saids[i]
		require.NoError(t, cmd.Wait(), "process %d:\n%s", i+1, strings.Join(said, "\n"))
		acks = append(acks, readAcks(t, files[i])...)
	}
	m.finish(t, seeds, acks)
}

// TestPostgresConnectionsDropped runs the children of
// TestPostgresSeveralProcessesLettering while the parent ends their
// sessions from the server side, again and again, with
// pg_terminate_backend (the children's sessions only: they carry their own
// application_name, so that other tests sharing the database keep
// theirs). A child seeing an error matching pgstore.ErrConnLost or
// pgstore.ErrCommitUnknown runs the round again with the same ids, as
// store/pgstore's documentation tells an application to; any other error
// fails it. The book must end as if nothing happened. The parent sweeps up
// to pgmpSweepsMax times, every 20 to 150 ms.
func TestPostgresConnectionsDropped(t *testing.T) {
	t.Parallel()
	m := newPgmpBook(t)
	base := uint64(time.Now().UnixNano())
	rnd := rand.New(rand.NewPCG(base, 19))
	var seeds []uint64
	var cmds []*exec.Cmd
	var files []string
	var saids []chan []string
	for p := range pgmpProcesses {
		s := pgmpSeeds(base, p)
		seeds = append(seeds, s...)
		cmd, acks, said := m.start(t, s, true, nil)
		cmds, files, saids = append(cmds, cmd), append(files, acks), append(saids, said)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	terminated := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for sweeps := 0; sweeps < pgmpSweepsMax; {
			select {
			case <-stop:
				return
			case <-time.After(time.Duration(20+rnd.IntN(130)) * time.Millisecond):
			}
			var n int
			err := m.st.Pool().QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
				WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`, m.app).Scan(&n)
			if err != nil {
				t.Errorf("terminating the children's sessions: %v", err)
				return
			}
			terminated += n
			if n > 0 {
				sweeps++
			}
		}
	}()
	var acks []pgmpAck
	lost := map[string]int{}
	for i, cmd := range cmds {
		said := <-saids[i]
		require.NoError(t, cmd.Wait(), "process %d:\n%s", i, strings.Join(said, "\n"))
		for _, l := range said {
			if f := strings.Fields(l); len(f) > 1 && f[0] == "retry" {
				lost[f[1]]++
			}
		}
		acks = append(acks, readAcks(t, files[i])...)
	}
	close(stop)
	wg.Wait()
	t.Logf("%d sessions terminated; rounds retried after: %v", terminated, lost)
	require.NotZero(t, terminated, "no session terminated")
	require.NotEmpty(t, lost, "no writer saw its connection lost")
	m.finish(t, seeds, acks)
}

// pgmpSweepsMax bounds the rounds of pg_terminate_backend of
// TestPostgresConnectionsDropped: a loaded machine runs the children
// slower, and a round killed before it ends runs again, so that unbounded
// sweeps every few tens of milliseconds would let the test take minutes.
const pgmpSweepsMax = 30

// TestPostgresLetteringChild is the child of the tests above: it opens the
// book and runs the script of each seed it is given in a goroutine.
func TestPostgresLetteringChild(t *testing.T) {
	t.Parallel()
	schema := os.Getenv(pgmpSchemaEnv)
	if schema == "" {
		t.Skip("only run by the several-processes tests")
	}
	retry := os.Getenv(pgmpRetryEnv) == "1"
	rounds, err := strconv.Atoi(os.Getenv(pgmpRoundsEnv))
	require.NoError(t, err)
	var seeds []uint64
	for _, s := range strings.Split(os.Getenv(pgmpSeedsEnv), ",") {
		seed, err := strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
		seeds = append(seeds, seed)
	}
	log, err := os.OpenFile(os.Getenv(pgmpAcksEnv), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	require.NoError(t, err)
	defer log.Close()
	var mu sync.Mutex // one line at a time in the log and on stdout
	say := func(line string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Println(line)
	}
	ack := func(line string) {
		mu.Lock()
		defer mu.Unlock()
		if _, err := log.WriteString(line + "\n"); err != nil {
			panic(err)
		}
		if err := log.Sync(); err != nil { // logged before printed: a printed acknowledgement survives a kill
			panic(err)
		}
		fmt.Println(line)
	}
	// again reports whether err is one the application retries with the
	// same ids: a lost connection (when told to expect them), or an Update
	// that ran out of attempts against the other writers.
	again := func(what string, err error) bool {
		switch {
		case retry && errors.Is(err, pgstore.ErrConnLost):
			say("retry connlost " + what)
		case retry && errors.Is(err, pgstore.ErrCommitUnknown):
			say("retry commitunknown " + what)
		case errors.Is(err, pgstore.ErrConflict):
			say("retry conflict " + what)
		default:
			return false
		}
		return true
	}

	var st *pgstore.DB
	var b *ledger.Book
	var r *reconcile.Reconciler
	for {
		err = nil
		if st == nil {
			st, err = pgstore.Open(ctx, storetest.PostgresDSN(t), pgstore.Options{Schema: schema, MaxConns: 4})
		}
		if err == nil {
			b, err = ledger.Open(ctx, st, ledger.Options{})
		}
		if err == nil {
			r, err = reconcile.New(ctx, b, reconcile.Config{})
		}
		if err == nil {
			break
		}
		require.True(t, again("open", err), "opening the book: %v", err)
	}
	defer st.Close()

	var wg sync.WaitGroup
	for _, seed := range seeds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < rounds; {
				err := crashRound(ctx, b, r, seed, k, func(slot int, replay bool, result string) {
					n := 0
					if replay {
						n = 1
					}
					ack(fmt.Sprintf("ack %d %d %d %d %s", seed, k, slot, n, result))
				})
				switch {
				case err == nil:
					k++
				case again(fmt.Sprintf("seed %d round %d: %v", seed, k, err), err):
				default:
					t.Errorf("seed %d round %d: %v", seed, k, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// pgmpAcksPerStream is how many writes a stream acknowledges when it runs
// its script once: a batch and two payments a round, an unlettering and
// a lettering every other round.
func pgmpAcksPerStream() int {
	n := 0
	for k := range pgmpRounds {
		n += slotsPerRound - 2
		if k%2 == 1 {
			n += 2
		}
	}
	return n
}
