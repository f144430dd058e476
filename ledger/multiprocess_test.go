package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Several processes post on one book at once.
const (
	mpProcesses     = 3
	mpWriters       = 2  // goroutines per process, each posting alone
	mpPostsPerWrite = 15 // single posts per goroutine
	mpBatch         = 10 // entries of one batch per process
)

// TestSeveralProcessesOneBook starts mpProcesses copies of this test binary
// that open one book on PostgreSQL and post into the same journal at once,
// single posts from several goroutines and a batch each. Every entry must
// come out numbered 1..n without a gap or a duplicate, and Check must find
// nothing: the Book keeps no numbering counter, chain head or lag across
// transactions that another process could change behind its back.
func TestSeveralProcessesOneBook(t *testing.T) {
	if os.Getenv("LETTRAGE_MP_SCHEMA") != "" {
		mpChild(t)
		return
	}
	st := storetest.OpenPostgres(t, pgstore.Options{})
	bk := benchBook(t, st)
	addPartners(t, bk, mpProcesses)

	cmds := make([]*exec.Cmd, mpProcesses)
	outs := make([][]byte, mpProcesses)
	var wg sync.WaitGroup
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^TestSeveralProcessesOneBook$", "-test.count=1")
		cmds[i].Env = append(os.Environ(), "LETTRAGE_MP_SCHEMA="+st.Schema(), "LETTRAGE_MP_ID="+strconv.Itoa(i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], _ = cmds[i].CombinedOutput()
		}()
	}
	wg.Wait()
	for i, c := range cmds {
		require.True(t, c.ProcessState.Success(), "process %d:\n%s", i, outs[i])
	}

	ctx := context.Background()
	want := mpProcesses * (mpWriters*mpPostsPerWrite + mpBatch)
	seen := map[int64]int{}
	for pe, err := range bk.Entries(ctx, ledger.EntryFilter{Journal: "VT"}) {
		require.NoError(t, err)
		seen[pe.Entry.Number]++
	}
	require.Len(t, seen, want, "one number per entry")
	for n := int64(1); n <= int64(want); n++ {
		assert.Equal(t, 1, seen[n], "entry number %d", n)
	}
	require.NoError(t, bk.Check(ctx))
	require.NoError(t, bk.Verify(ctx))
}

// mpChild is one of the processes: it opens the book and posts.
func mpChild(t *testing.T) {
	ctx := context.Background()
	id, _ := strconv.Atoi(os.Getenv("LETTRAGE_MP_ID"))
	st, err := pgstore.Open(ctx, storetest.PostgresDSN(t), pgstore.Options{Schema: os.Getenv("LETTRAGE_MP_SCHEMA"), MaxConns: 4})
	require.NoError(t, err)
	defer st.Close()
	bk, err := ledger.Open(ctx, st, ledger.Options{})
	require.NoError(t, err)
	partner := fmt.Sprintf("C%06d", id)
	var wg sync.WaitGroup
	for w := range mpWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range mpPostsPerWrite {
				e := benchEntry(id*1000+w*100+i, partner)
				e.ID = journal.NewID()
				err := mpRetry(func() error {
					_, err := bk.Post(ctx, e)
					return err
				})
				assert.NoError(t, err)
			}
		}()
	}
	batch := make([]journal.Entry, mpBatch)
	for i := range batch {
		batch[i] = benchEntry(id*1000+900+i, partner)
		batch[i].ID = journal.NewID() // a retry replays what committed
	}
	var res []ledger.PostResult
	err = mpRetry(func() (err error) {
		res, err = bk.PostBatch(ctx, batch, ledger.BatchOptions{})
		return err
	})
	require.NoError(t, err)
	for _, r := range res {
		assert.NoError(t, r.Err)
	}
	wg.Wait()
}

// mpRetry runs an operation whose entries carry their ids again, as an
// application does, when the store gave up on conflicts with the other
// processes or lost its connection: the same ids replay what committed.
func mpRetry(op func() error) error {
	var err error
	for range 5 {
		if err = op(); !errors.Is(err, pgstore.ErrConflict) && !errors.Is(err, pgstore.ErrConnLost) &&
			!errors.Is(err, pgstore.ErrCommitUnknown) {
			return err
		}
	}
	return err
}
