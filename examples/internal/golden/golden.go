// Package golden runs an example program into a buffer and compares its
// output with testdata/NAME.golden; UPDATE_GOLDEN=1 rewrites the file.
package golden

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Check runs run on a fresh book file in t.TempDir() and compares what it
// printed with testdata/name.golden.
func Check(t *testing.T, name string, run func(ctx context.Context, path string, out io.Writer) error) {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), filepath.Join(t.TempDir(), "book.db"), &out))
	file := filepath.Join("testdata", name+".golden")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(file, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, string(want), out.String())
}
