package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestClosing runs the example and compares its output with
// testdata/closing.golden (UPDATE_GOLDEN=1 go test ./examples/closing
// rewrites it), and its FEC with testdata/732829320FEC20261231.txt.
func TestClosing(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), dir, &out))
	for name, got := range map[string][]byte{"closing.golden": out.Bytes(), "732829320FEC20261231.txt": read(t, filepath.Join(dir, "732829320FEC20261231.txt"))} {
		golden := filepath.Join("testdata", name)
		if os.Getenv("UPDATE_GOLDEN") != "" {
			require.NoError(t, os.MkdirAll("testdata", 0o755))
			require.NoError(t, os.WriteFile(golden, got, 0o644))
		}
		require.Equal(t, string(read(t, golden)), string(got), name)
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}
