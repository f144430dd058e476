package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const hrev140Entry = `{"journal":"OD","date":"2026-04-01","lines":[{"account":"627000","debit":"10.00"},{"account":"512000","credit":"10.00"}]}`

// Pin: 'post -' takes one JSON entry followed by spaces and newlines, and
// refuses a second object with the book unchanged.
func TestHrev140PostStdinTrailing(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	r := run(t, dir, hrev140Entry+" \n\n\t \r\n", "post", "-")
	require.Equal(t, 0, r.code, r.stderr)
	before := hrev134Bytes(t, dir)
	r = run(t, dir, hrev140Entry+"\n"+hrev140Entry+"\n", "post", "-")
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "one entry")
	assert.True(t, bytes.Equal(before, hrev134Bytes(t, dir)))
}

// Pin: 'import entries' of a header alone or of blank lines says nothing
// was imported, or refuses; it writes nothing.
func TestHrev140ImportEntriesHeaderOnly(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	for name, body := range map[string]string{
		"header.csv": "date;journal;ref;label;account;partner;debit;credit\n",
		"blank.csv":  "\n\n   \n",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
		before := hrev134Bytes(t, dir)
		r := run(t, dir, "", "import", "entries", name)
		t.Logf("%s: code %d\nstdout: %s\nstderr: %s", name, r.code, r.stdout, r.stderr)
		assert.True(t, bytes.Equal(before, hrev134Bytes(t, dir)), name)
		if r.code == 0 {
			assert.Regexp(t, `(?i)\b(0|no|nothing)\b`, r.stdout, name)
		}
	}
}
