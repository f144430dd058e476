package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/boltstore"
)

// waitBook is an indexed book with one partner, ready to be read.
func waitBook(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.db")
	var out, errb bytes.Buffer
	ctx := context.Background()
	require.Equal(t, exitOK, runMain(ctx, []string{"--book", path, "init", "--year", "2026"}, strings.NewReader(""), &out, &errb), errb.String())
	require.Equal(t, exitOK, runMain(ctx, []string{"--book", path, "partner", "add", "C01"}, strings.NewReader(""), &out, &errb), errb.String())
	return path
}

// TestReadBookWaitsForAWriter: a report started while another process
// writes the book (holds it for writing) says on standard error that it
// waits, and reads the book once the writer is done.
func TestReadBookWaitsForAWriter(t *testing.T) {
	t.Parallel()
	path := waitBook(t)
	writer, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)

	stderr := newNoticeWriter()
	a := &app{ctx: context.Background(), stdout: &bytes.Buffer{}, stderr: stderr, bookPath: path, wait: time.Minute}
	done := make(chan error, 1)
	var partner ledger.Partner
	go func() {
		done <- a.readBook(func(b *ledger.Book) error {
			var err error
			partner, err = b.Partner(a.ctx, "C01")
			return err
		})
	}()
	select {
	case <-stderr.written:
	case err := <-done:
		writer.Close()
		t.Fatalf("the report ended without waiting for the writer: %v", err)
	}
	assert.Contains(t, stderr.String(), path+" is in use by another process")
	assert.Contains(t, stderr.String(), "waiting for it (at most 1m0s)")
	require.NoError(t, writer.Close())
	require.NoError(t, <-done)
	assert.Equal(t, "C01", partner.Code)
	assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "the wait is told once")
}

// TestWithBookWaitsForAReader: a command that writes, started while a
// report reads the book, waits for the report to finish, then writes.
func TestWithBookWaitsForAReader(t *testing.T) {
	t.Parallel()
	path := waitBook(t)
	reader, err := boltstore.Open(path, boltstore.Options{ReadOnly: true})
	require.NoError(t, err)

	stderr := newNoticeWriter()
	a := &app{ctx: context.Background(), stdout: &bytes.Buffer{}, stderr: stderr, bookPath: path, wait: time.Minute}
	done := make(chan error, 1)
	go func() {
		done <- a.withBook(func(b *ledger.Book) error {
			return b.AddPartner(a.ctx, ledger.Partner{Code: "C02", Name: "C02"})
		})
	}()
	select {
	case <-stderr.written:
	case err := <-done:
		reader.Close()
		t.Fatalf("the writer ended without waiting for the reader: %v", err)
	}
	require.NoError(t, reader.Close())
	require.NoError(t, <-done)
}

// TestWaitGivesUp: with no wait left, a command gives up after one try
// saying what to do, with an error matching boltstore.ErrLocked, and
// writes nothing; a cancelled command stops waiting with the context's
// error.
func TestWaitGivesUp(t *testing.T) {
	t.Parallel()
	path := waitBook(t)
	writer, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	defer writer.Close()

	a := &app{ctx: context.Background(), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, bookPath: path, wait: 0}
	start := time.Now()
	err = a.readBook(func(*ledger.Book) error { t.Fatal("read a book a writer holds"); return nil })
	require.ErrorIs(t, err, boltstore.ErrLocked)
	assert.Contains(t, err.Error(), "gave up after 0s")
	assert.Contains(t, err.Error(), "give --wait a longer time")
	assert.Less(t, time.Since(start), 5*time.Second)

	ctx, cancel := context.WithCancel(context.Background())
	a = &app{ctx: ctx, stdout: &bytes.Buffer{}, stderr: newNoticeWriter(), bookPath: path, wait: time.Hour}
	go func() { <-a.stderr.(*noticeWriter).written; cancel() }()
	err = a.withBook(func(*ledger.Book) error { t.Fatal("wrote a book a writer holds"); return nil })
	require.ErrorIs(t, err, context.Canceled)
}

// TestWaitFlag: --wait and LETTRAGE_WAIT take a duration of zero or more;
// a malformed --wait is a usage error, a malformed LETTRAGE_WAIT an error
// of the commands that open a book.
func TestWaitFlag(t *testing.T) {
	path := waitBook(t)
	for _, tc := range []struct {
		args []string
		env  string
		code int
		msg  string
	}{
		{args: []string{"--wait", "2s", "partner", "list"}, code: exitOK},
		{args: []string{"partner", "list", "--wait=0"}, code: exitOK},
		{args: []string{"--wait", "-1s", "partner", "list"}, code: exitUsage, msg: "negative"},
		{args: []string{"--wait", "soon", "partner", "list"}, code: exitUsage, msg: "not a duration"},
		{args: []string{"partner", "list"}, env: "10", code: exitError, msg: "LETTRAGE_WAIT: \"10\" is not a duration"},
		{args: []string{"partner", "list"}, env: "1m", code: exitOK},
	} {
		t.Run(strings.Join(tc.args, " ")+" "+tc.env, func(t *testing.T) {
			t.Setenv("LETTRAGE_WAIT", tc.env)
			var out, errb bytes.Buffer
			code := runMain(context.Background(), append([]string{"--book", path}, tc.args...), strings.NewReader(""), &out, &errb)
			assert.Equal(t, tc.code, code, errb.String())
			assert.Contains(t, errb.String(), tc.msg)
		})
	}
}
