package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a file with a letter column (a lettered period file, the usual
// way books move) repeating a supplier bill already posted is refused,
// but its message does not name --allow-duplicate-ref, while the same
// file without the letter column does ("if the supplier really reused
// the number, import with --allow-duplicate-ref"). The CHANGELOG says the
// refusals of 'lettrage post' and 'lettrage import entries' "name the
// first bill and the flag", and 'import entries --help' says so too; the
// lettered path (importLettered → PostAndLetter) returns the step's error
// without the hint (imports.go importLettered).
func TestHrev249DuplicateRefLetteredImportNamesFlag(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "partner", "add", "F01")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "post", "--journal", "AC", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-77",
		"--line", "401000:F01=-120.00", "--line", "607000=120.00")
	require.Equal(t, 0, r.code, r.stderr)
	body := "date;journal;ref;label;account;partner;debit;credit;letter\n" +
		"2026-03-05;AC;FA-77;Facture FA-77;401000;F01;;120,00;AAA\n2026-03-05;AC;FA-77;Facture FA-77;607000;;120,00;;\n" +
		"2026-03-20;BQD;VIR-1;Paiement FA-77;401000;F01;120,00;;AAA\n2026-03-20;BQD;VIR-1;Paiement FA-77;512000;;;120,00;\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lettered.csv"), []byte(body), 0o644))
	r = run(t, dir, "", "import", "entries", "lettered.csv")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "already has a bill under reference")
	assert.Contains(t, r.stderr, "nothing imported")
	assert.Contains(t, r.stderr, "--allow-duplicate-ref")
	r = run(t, dir, "", "import", "entries", "--allow-duplicate-ref", "lettered.csv")
	assert.Equal(t, 0, r.code, r.stderr)
}
