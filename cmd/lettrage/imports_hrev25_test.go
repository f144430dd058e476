package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// Was failing, fixed. `import camt|cfonb --iban-only` and `--exact-references`
// without --match are silently ignored. Their help says "with --match:
// …", and the CLI's other flags that go with another one are usage
// errors, exit 2 ("--french goes with --csv", "--decimal-comma with --sep
// ','"; see TestReviewLastOutputFlagConflictsAreUsageErrors). A user who
// types `lettrage import cfonb FILE --iban-only` to be careful gets the
// statement imported, no line matched, exit 0 and no word that the flag
// did nothing (and the statement, now imported, is matched only by
// importing the file again with --match). Right: a usage error (exit 2)
// naming --match, before anything is imported.
func TestHrev25ImportMatchFlagsWithoutMatch(t *testing.T) {
	t.Parallel()
	for _, flag := range []string{"--iban-only", "--exact-references"} {
		dir := t.TempDir()
		src, err := os.ReadFile(filepath.Join("..", "..", "bank", "testdata", "cfonb120.txt"))
		require.NoError(t, err)
		end := bytes.Index(src, []byte("\n07")) // the first statement alone, as TestImportMatchByCounterpartyName
		src = src[:end+1+bytes.IndexByte(src[end+1:], '\n')+1]
		require.NoError(t, os.WriteFile(filepath.Join(dir, "cfonb120.txt"), src, 0o644))
		for _, args := range [][]string{
			{"init", "--year", "2026"},
			{"journal", "add", "BNP", "--kind", "bank", "--name", "BNP Paribas", "--iban", "FR7630006000011234567890189"},
		} {
			r := run(t, dir, "", args...)
			require.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
		}
		r := run(t, dir, "", "import", "cfonb", "cfonb120.txt", flag)
		require.Equal(t, 2, r.code, "%s without --match: exit %d, stdout %q, stderr %q", flag, r.code, r.stdout, r.stderr)
		require.Contains(t, r.stderr, "--match")
	}
}
