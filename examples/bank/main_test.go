package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBank runs the example and compares its output with
// testdata/bank.golden (UPDATE_GOLDEN=1 go test ./examples/bank rewrites
// it); the files it writes are there.
func TestBank(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), dir, &out))
	for _, f := range []string{"virements.xml", "prelevements.xml", "remise.pdf", "bordereau-virements.pdf", "recu-martin.pdf", "releve-dupont.pdf"} {
		_, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err, f)
	}
	golden := filepath.Join("testdata", "bank.golden")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), out.String())
}
