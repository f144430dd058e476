package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// acks collects what the writers of TestBackupWhileWriting were told is
// committed.
type acks struct {
	mu       sync.Mutex
	entries  []journal.ID
	lettered []journal.LineRef // receivable lines a payment lettered in full
}

func (a *acks) add(ids []journal.ID, lettered ...journal.LineRef) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.entries = append(a.entries, ids...)
	a.lettered = append(a.lettered, lettered...)
}

func (a *acks) snapshot() (entries []journal.ID, lettered []journal.LineRef) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]journal.ID(nil), a.entries...), append([]journal.LineRef(nil), a.lettered...)
}

// TestBackupWhileWriting backs a bbolt book up while goroutines post
// single entries, post batches large enough for the pipeline, and register
// and letter payments; it opens the copy, checks and verifies it, and finds
// every entry and lettering acknowledged before the backup started.
func TestBackupWhileWriting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := boltstore.Open(filepath.Join(dir, "live.db"), boltstore.Options{NoSync: true})
	require.NoError(t, err)
	defer st.Close()
	bk := benchBook(t, st)
	addPartners(t, bk, 10)
	rec, err := reconcile.New(ctx, bk, reconcile.Config{})
	require.NoError(t, err)

	var done acks
	stop := make(chan struct{})
	var wg sync.WaitGroup
	writer := func(name string, step func(i int) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := step(i); err != nil {
					t.Errorf("%s: %v", name, err)
					return
				}
			}
		}()
	}
	for w := 0; w < 2; w++ {
		writer("post", func(i int) error {
			res, err := bk.Post(ctx, benchEntry(i, fmt.Sprintf("C%06d", w)))
			if err == nil {
				done.add([]journal.ID{res.Entry.ID})
			}
			return err
		})
	}
	writer("batch", func(i int) error {
		batch := make([]journal.Entry, ledger.IndexLagMax+44)
		for j := range batch {
			batch[j] = benchEntry(i*len(batch)+j, fmt.Sprintf("C%06d", 2+j%4))
		}
		res, err := bk.PostBatch(ctx, batch, ledger.BatchOptions{AllOrNothing: true})
		if err == nil {
			ids := make([]journal.ID, len(res))
			for j, r := range res {
				ids[j] = r.Entry.ID
			}
			done.add(ids)
		}
		return err
	})
	writer("pay", func(i int) error {
		partner := fmt.Sprintf("C%06d", 6+i%4)
		inv, err := bk.Post(ctx, benchEntry(i, partner))
		if err != nil {
			return err
		}
		res, err := rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: partner, Journal: "BQD",
			Date: inv.Entry.Date, Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.Entry.ID}})
		if err == nil {
			done.add([]journal.ID{inv.Entry.ID, res.Entries[0].ID}, journal.LineRef{Entry: inv.Entry.ID, Index: 0})
		}
		return err
	})
	for {
		if entries, lettered := done.snapshot(); len(entries) >= 1500 && len(lettered) >= 30 {
			break
		}
		if t.Failed() {
			close(stop)
			wg.Wait()
			t.FailNow()
		}
		time.Sleep(time.Millisecond)
	}

	entries, lettered := done.snapshot()
	// The anchor a program keeps outside the file, taken while the
	// writers run: the copy must hold at least everything it seals.
	seal, err := bk.Seal(ctx)
	require.NoError(t, err)
	path := filepath.Join(dir, "copy.db")
	f, err := os.Create(path)
	require.NoError(t, err)
	n, err := bk.Backup(ctx, f)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	close(stop)
	wg.Wait()
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, fi.Size(), n)

	cst, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	defer cst.Close()
	cp, err := ledger.Open(ctx, cst, ledger.Options{})
	require.NoError(t, err)
	require.NoError(t, cp.Check(ctx))
	require.NoError(t, cp.Verify(ctx))
	require.NoError(t, cp.Verify(ctx, ledger.WithAnchor(seal)), "the copy carries every chain the seal anchors")
	for _, id := range entries {
		_, err := cp.Entry(ctx, id)
		require.NoError(t, err, "entry %s acknowledged before the backup", id)
	}
	require.NoError(t, cp.View(ctx, func(tx *ledger.Tx) error {
		for _, ref := range lettered {
			r, err := tx.Residual(ref)
			if err != nil {
				return err
			}
			assert.True(t, r.IsZero(), "invoice %s lettered before the backup is open in the copy", ref.Entry)
		}
		return nil
	}))
	t.Logf("%d entries and %d letterings acknowledged before the backup, all in its %d bytes", len(entries), len(lettered), n)
}

func TestBackupUnsupported(t *testing.T) {
	bk := benchBook(t, memstore.New())
	_, err := bk.Backup(context.Background(), &errWriter{})
	assert.ErrorIs(t, err, errors.ErrUnsupported)
}

type errWriter struct{}

func (errWriter) Write(p []byte) (int, error) { return 0, errors.New("not written") }
