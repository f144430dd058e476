package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review 26: the book of review 25 (VAT at 20 %, 5,5 %, on payment,
// deductible, with its cash-basis entries) exported to hledger and
// imported into an empty book reads the same VAT report: the tax: tags
// bring back each line's tax and its role.
func TestReview26HledgerRoundTripVATReport(t *testing.T) {
	t.Parallel()
	src := review25Book(t)
	out := must(t, src, "", "export", "hledger", "--year", "2026").stdout
	if p, err := exec.LookPath("hledger"); err == nil {
		file := filepath.Join(t.TempDir(), "book.journal")
		require.NoError(t, os.WriteFile(file, []byte(out), 0o644))
		b, err := exec.Command(p, "-f", file, "bal").CombinedOutput()
		require.NoError(t, err, "hledger bal: %s", b)
	}
	dst := t.TempDir()
	must(t, dst, "", "init", "--year", "2026,2027")
	r := runAt(t, dst, r25Now, out, "import", "hledger", "-")
	require.Equal(t, 0, r.code, "%s%s", r.stdout, r.stderr)
	want := must(t, src, "", "report", "vat", "--year", "2026").stdout
	got := must(t, dst, "", "report", "vat", "--year", "2026").stdout
	assert.Equal(t, want, got)
}
