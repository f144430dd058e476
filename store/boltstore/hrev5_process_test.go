package boltstore_test

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev5Holder starts a copy of this test binary that opens path (for
// writing, with WriteBehind and one more commit, or read-only when
// readOnly), says "ready" once it holds the file, and holds it until
// release is called, which waits for it to close the file and end.
func hrev5Holder(t *testing.T, path string, readOnly bool) (release func() string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHrev5ProbeOtherProcessHolds$", "-test.count=1")
	cmd.Env = append(os.Environ(), "HREV5_HOLD="+path, fmt.Sprintf("HREV5_HOLD_RO=%v", readOnly))
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	br := bufio.NewReader(stdout)
	line, err := br.ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "ready\n", line)
	done := false
	release = func() string {
		if done {
			return ""
		}
		done = true
		stdin.Close()
		rest, _ := io.ReadAll(br)
		require.NoError(t, cmd.Wait(), "%s", rest)
		return string(rest)
	}
	t.Cleanup(func() { release() })
	return release
}

// hrev5HoldChild is the holding process.
func hrev5HoldChild(t *testing.T, path string) {
	ro := os.Getenv("HREV5_HOLD_RO") == "true"
	db, err := boltstore.Open(path, boltstore.Options{ReadOnly: ro, WriteBehind: true, Timeout: 5 * time.Second})
	require.NoError(t, err)
	if !ro {
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			return tx.Put(bucket, key(100000), []byte("from the other process"))
		}))
	}
	fmt.Println("ready")
	io.ReadAll(os.Stdin)
	require.NoError(t, db.Close())
	fmt.Println("closed")
}

// TestHrev5ProbeOtherProcessHolds: another process has the file open
// for writing: a read-only open gives up with ErrLocked, writing
// nothing; once that process closed the file, a read-only open reads its
// commit. Another process has it open read-only: a second read-only open
// shares it, a writer gives up with ErrLocked.
// Expected and observed: so.
func TestHrev5ProbeOtherProcessHolds(t *testing.T) {
	if p := os.Getenv("HREV5_HOLD"); p != "" {
		hrev5HoldChild(t, p)
		return
	}
	path := filled(t, 300)

	release := hrev5Holder(t, path, false)
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	_, err = boltstore.Open(path, readOnly)
	assert.ErrorIs(t, err, boltstore.ErrLocked, "a writer in another process")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after, "the refused reader wrote nothing")
	assert.Contains(t, release(), "closed\n")
	db, err := boltstore.Open(path, readOnly)
	require.NoError(t, err)
	n, err := readAll(db)
	require.NoError(t, err)
	assert.Equal(t, 301, n, "the other process's commit")
	require.NoError(t, db.Close())

	release = hrev5Holder(t, path, true)
	db, err = boltstore.Open(path, readOnly)
	require.NoError(t, err, "readers in two processes")
	n, err = readAll(db)
	require.NoError(t, err)
	assert.Equal(t, 301, n)
	require.NoError(t, db.Close())
	_, err = boltstore.Open(path, boltstore.Options{Timeout: 50 * time.Millisecond})
	assert.ErrorIs(t, err, boltstore.ErrLocked, "a writer while another process reads")
	assert.Contains(t, release(), "closed\n")
}
