package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/boltstore"
)

// TestHrev14IndexedMeanwhileReadsWithoutWaitingOut: a report on a book
// that needs indexing, which another process holds read-only, waits. The
// other process (a report) then indexes the book and reads it, holding it
// shared. indexForReading promises to read "as soon as it no longer needs
// indexing, whoever indexed it" — two reports read together.
//
// Expected: the waiting report reads within a second or two of the book
// being indexed, while the other still holds it shared.
// Observed before the fix: withBook → openBolt(false) looped for the
// command's whole --wait asking for the book alone (which a reader holding
// it shared never gives), so the report only tried the read-only open once
// --wait was over (20 s here; 30 s by default). Fixed: within
// indexForReading, openBolt tries once and the loop waits.
func TestHrev14IndexedMeanwhileReadsWithoutWaitingOut(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := laggingBook(t)
	r1, err := boltstore.Open(path, boltstore.Options{ReadOnly: true})
	require.NoError(t, err)

	stderr := newNoticeWriter()
	a := &app{ctx: ctx, stdout: &bytes.Buffer{}, stderr: stderr, bookPath: path, wait: 20 * time.Second}
	done := make(chan error, 1)
	entries := 0
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
		r1.Close()
		t.Fatalf("precondition: the report did not wait: %v", err)
	}
	// The other process indexes the book, then reads it (shared).
	require.NoError(t, r1.Close())
	w, err := boltstore.Open(path, boltstore.Options{Timeout: 5 * time.Second})
	require.NoError(t, err)
	b, err := ledger.Open(ctx, w, ledger.Options{})
	require.NoError(t, err)
	require.NoError(t, b.Index(ctx))
	require.NoError(t, w.Close())
	r2, err := boltstore.Open(path, boltstore.Options{ReadOnly: true, Timeout: 5 * time.Second})
	require.NoError(t, err)
	defer r2.Close()
	indexed := time.Now()

	select {
	case err := <-done:
		require.NoError(t, err)
		assert.Equal(t, 3, entries)
	case <-time.After(6 * time.Second):
		waited := time.Since(indexed).Round(time.Second)
		r2.Close()
		err := <-done
		t.Fatalf("expected: the report reads the indexed book alongside the other reader within a few seconds; observed: still waiting %s after the book was indexed (it read only once the other reader closed it, err=%v)",
			waited, err)
	}
}

// TestHrev14WaitFlagOverridesMalformedEnv: a malformed LETTRAGE_WAIT
// should not stop a command that says --wait itself, nor 'lettrage help'
// (LETTRAGE_NOW, the other environment setting with a flag, is read only
// when needed, and --clock overrides it).
//
// Expected: exit 0 in both cases.
// Observed before the fix: exit 2 ("lettrage: LETTRAGE_WAIT: \"bad\" is
// not a duration"): runMain parsed the variable before any flag and before
// knowing the command. Fixed: it is read when a book is opened, unless
// --wait was given.
func TestHrev14WaitFlagOverridesMalformedEnv(t *testing.T) {
	path := waitBook(t)
	t.Setenv("LETTRAGE_WAIT", "bad")
	for _, args := range [][]string{
		{"--book", path, "--wait", "2s", "partner", "list"},
		{"help"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			code := runMain(context.Background(), args, strings.NewReader(""), &out, &errb)
			assert.Equal(t, exitOK, code, "expected exit 0; observed stderr: %s", errb.String())
		})
	}
}

// TestHrev14LaggingHeldAllAlongBounded: a report on a book that needs
// indexing, held read-only by another process all along, with --wait 2s:
// it gives up within the wait (plus the last tries), tells the wait once,
// and its error says "gave up" and "needs indexing" once each.
// Expected and observed (a probe): all of that.
func TestHrev14LaggingHeldAllAlongBounded(t *testing.T) {
	t.Parallel()
	path := laggingBook(t)
	holder, err := boltstore.Open(path, boltstore.Options{ReadOnly: true})
	require.NoError(t, err)
	defer holder.Close()
	stderr := newNoticeWriter()
	a := &app{ctx: context.Background(), stdout: &bytes.Buffer{}, stderr: stderr, bookPath: path, wait: 2 * time.Second}
	start := time.Now()
	err = a.readBook(func(*ledger.Book) error { t.Fatal("read a book that needs indexing"); return nil })
	elapsed := time.Since(start)
	require.ErrorIs(t, err, boltstore.ErrLocked)
	assert.Less(t, elapsed, 5*time.Second)
	assert.Equal(t, 1, strings.Count(err.Error(), "gave up"), err.Error())
	assert.Equal(t, 1, strings.Count(err.Error(), "needs indexing"), err.Error())
	assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), stderr.String())
	assert.Contains(t, stderr.String(), "needs indexing")
}
