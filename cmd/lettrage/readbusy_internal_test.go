package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
)

// laggingBook is a book three invoices of which a program using the
// library posted and left to be indexed (ledger.Book.Post leaves the
// indexes of its last entries behind): a read-only open cannot read it.
func laggingBook(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "book.db")
	var out, errb bytes.Buffer
	require.Equal(t, exitOK, runMain(ctx, []string{"--book", path, "init", "--year", "2026"}, strings.NewReader(""), &out, &errb), errb.String())
	require.Equal(t, exitOK, runMain(ctx, []string{"--book", path, "partner", "add", "C01"}, strings.NewReader(""), &out, &errb), errb.String())
	st, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	b, err := ledger.Open(ctx, st, ledger.Options{})
	require.NoError(t, err)
	eur, err := currency.Lookup("EUR")
	require.NoError(t, err)
	for i := range 3 {
		_, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 2), Type: journal.TypeInvoice,
			Lines: []journal.Line{
				{Account: "411000", Partner: "C01", Balance: currency.FromMinor(eur, 12000+int64(i))},
				{Account: "706000", Balance: currency.FromMinor(eur, -10000)},
				{Account: "445710", Balance: currency.FromMinor(eur, -2000-int64(i))},
			}})
		require.NoError(t, err)
	}
	require.NoError(t, st.Close())
	o, err := (&app{ctx: ctx, bookPath: path}).openReadable()
	if err == nil {
		o.close()
	}
	require.ErrorIs(t, err, store.ErrReadOnly, "precondition: the last entries lag behind their indexes")
	return path
}

// noticeWriter is a standard error that says when something was first
// written to it.
type noticeWriter struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	once    sync.Once
	written chan struct{}
}

func newNoticeWriter() *noticeWriter { return &noticeWriter{written: make(chan struct{})} }

func (w *noticeWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	defer w.once.Do(func() { close(w.written) })
	return w.buf.Write(p)
}

func (w *noticeWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// TestReadBookLaggingBookInUseGivesUp: a report on a book that needs
// indexing, which another process holds read-only all along (the book is
// opened twice in this process, as two processes would): the report
// gives up once its wait is over (none here), saying the book is in use
// and needs indexing and what to do, and writes nothing. Once the other
// process closed the book, the report indexes it and reads.
func TestReadBookLaggingBookInUseGivesUp(t *testing.T) {
	t.Parallel()
	path := laggingBook(t)
	holder, err := boltstore.Open(path, boltstore.Options{ReadOnly: true})
	require.NoError(t, err)
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	stderr := newNoticeWriter()
	a := &app{ctx: context.Background(), stdout: &bytes.Buffer{}, stderr: stderr, bookPath: path, wait: 0}
	read := false
	err = a.readBook(func(*ledger.Book) error { read = true; return nil })
	require.Error(t, err)
	assert.ErrorIs(t, err, boltstore.ErrLocked)
	assert.Contains(t, err.Error(), path+" needs indexing")
	assert.Contains(t, err.Error(), "in use by another process")
	assert.Contains(t, err.Error(), "run this command again once")
	assert.False(t, read, "the book was not read")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after, "nothing written")

	require.NoError(t, holder.Close())
	err = a.readBook(func(*ledger.Book) error { read = true; return nil })
	require.NoError(t, err)
	assert.True(t, read)
	o, err := a.openReadable()
	require.NoError(t, err, "the book is left indexed")
	require.NoError(t, o.close())
}

// TestReadBookLaggingBookWaitsForTheOther: a report on a book that needs
// indexing, which another process holds read-only when the report
// starts: the report says on standard error that it waits; the other
// process then closes the book, and the report indexes the book and
// reads every entry.
func TestReadBookLaggingBookWaitsForTheOther(t *testing.T) {
	t.Parallel()
	path := laggingBook(t)
	holder, err := boltstore.Open(path, boltstore.Options{ReadOnly: true})
	require.NoError(t, err)

	stderr := newNoticeWriter()
	a := &app{ctx: context.Background(), stdout: &bytes.Buffer{}, stderr: stderr, bookPath: path, wait: time.Minute}
	var entries int
	done := make(chan error, 1)
	go func() {
		done <- a.readBook(func(b *ledger.Book) error {
			for _, err := range b.Entries(a.ctx, ledger.EntryFilter{}) {
				if err != nil {
					return err
				}
				entries++
			}
			return nil
		})
	}()
	select {
	case <-stderr.written:
	case err := <-done:
		holder.Close()
		t.Fatalf("the report ended without waiting for the other process: %v", err)
	}
	assert.Contains(t, stderr.String(), "needs indexing")
	assert.Contains(t, stderr.String(), "waiting")
	require.NoError(t, holder.Close())
	require.NoError(t, <-done)
	assert.Equal(t, 3, entries, "every entry read")
}
