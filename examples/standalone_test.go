// Package examples_test checks that every example stands alone: its main.go
// copied into a new module that requires github.com/lettrage/lettrage
// builds, so a reader can start from any one of them.
package examples_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStandalone copies each example's main.go, alone, into a directory of
// a temporary module that requires this one (replaced by the working tree)
// and builds them all there with one go command, sharing the module and
// build caches. -short skips it.
func TestStandalone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every example in a module of its own")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	tmp := t.TempDir()
	mod := "module example.com/standalone\n\ngo 1.26.0\n\n" +
		"require github.com/lettrage/lettrage v0.0.0\n\n" +
		"replace github.com/lettrage/lettrage => " + root + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(tmp, "go.mod"), []byte(mod), 0o644))
	// The same dependencies as this module: its checksums serve.
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(tmp, "go.sum"), sum, 0o644))

	dirs, err := os.ReadDir(".")
	require.NoError(t, err)
	var names []string
	for _, d := range dirs {
		src, err := os.ReadFile(filepath.Join(d.Name(), "main.go"))
		if !d.IsDir() || os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		require.NoError(t, os.Mkdir(filepath.Join(tmp, d.Name()), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(tmp, d.Name(), "main.go"), src, 0o644))
		names = append(names, d.Name())
	}
	require.GreaterOrEqual(t, len(names), 7, "examples found: %v", names)

	cmd := exec.Command(gobin, "build", "./...")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "building %v on their own:\n%s", names, out)
}
