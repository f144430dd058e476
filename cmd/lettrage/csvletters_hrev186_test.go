package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev186Tamper rewrites the VAT lines (445740, 445710) of entry num in
// an export: 100.00 becomes 99.99, the entry still balanced.
func hrev186Tamper(t *testing.T, csv, num string) string {
	t.Helper()
	lines := strings.Split(csv, "\n")
	n := 0
	for i, l := range lines {
		if strings.HasPrefix(l, num+";") && (strings.Contains(l, ";445740;") || strings.Contains(l, ";445710;")) {
			lines[i] = strings.Replace(l, ";100.00;", ";99.99;", 1)
			n++
		}
	}
	require.Equal(t, 2, n, "the VAT lines of %s", num)
	return strings.Join(lines, "\n")
}

// A letter code whose lettering would not post the file's generated
// entries again is left unlettered, with a warning naming it and why
// (text and --json), its cash-basis entries left out: lettering it later
// posts them once, as the book computes them (imported as written, they
// would then be made due twice). The other codes are lettered.
func TestHrev186ImportLeavesUnletteredWhatDoesNotLetterAgain(t *testing.T) {
	t.Parallel()
	dir := hrev183Built(t)
	exported, err := os.ReadFile(filepath.Join(dir, "out.csv"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.csv"), []byte(hrev186Tamper(t, string(exported), "TVA/2026/00001")), 0o644))
	fresh := func(book string) {
		hrev183Step(t, dir, "init", "--year", "2026", "--book", book)
		hrev183Step(t, dir, "partner", "add", "C01", "C02", "C03", "--book", book)
	}

	fresh("b2.db")
	out := hrev183Step(t, dir, "import", "entries", "bad.csv", "--book", "b2.db")
	assert.Contains(t, out, "warning: lettering AAA again would post a cash-basis entry of 100,00 on 2026-03-10, "+
		"the file has a cash-basis entry of 99,99 on 2026-03-10: left unlettered, its generated entries left out (2 cash-basis or exchange entries): "+
		"letter the lines of AAA ('lettrage letter', or 'lettrage auto'), which posts them once")
	assert.Equal(t, 1, strings.Count(out, "warning:"), out)
	hrev183Step(t, dir, "verify", "--book", "b2.db")
	hrev183Step(t, dir, "export", "csv", "-o", "b2.csv", "--book", "b2.db")
	again, err := os.ReadFile(filepath.Join(dir, "b2.csv"))
	require.NoError(t, err)
	assert.NotContains(t, string(again), "TVA sur encaissements VT/2026/00001", "AAA's cash-basis entries left out")
	assert.Contains(t, string(again), "Reglement FA-1;411000;C01;;;600.00;;;;;;;Reglement FA-1;;;\n", "AAA unlettered")
	assert.Contains(t, string(again), "Reglement FA-3;411000;C03;;;950.00;USD;-1000.00;;;;;Reglement FA-3;AAA;2026-04-15;\n", "the other codes lettered")

	// Importing the file again posts and letters nothing new.
	trial := hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db")
	out = hrev183Step(t, dir, "import", "entries", "bad.csv", "--book", "b2.db")
	assert.Contains(t, out, "0 posted")
	assert.Equal(t, trial, hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db"))

	// Lettered by 'auto', the book is the source's.
	hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	assert.Equal(t, hrev183Reports(t, dir), hrev183Reports(t, dir, "--book", "b2.db"), "after auto --all")
	hrev183Step(t, dir, "verify", "--book", "b2.db")

	fresh("b4.db")
	var sum struct {
		Letters    int `json:"letters"`
		Unlettered []struct {
			Codes  []string `json:"codes"`
			Reason string   `json:"reason"`
		} `json:"unlettered"`
	}
	require.NoError(t, json.Unmarshal([]byte(hrev183Step(t, dir, "--json", "import", "entries", "bad.csv", "--book", "b4.db")), &sum))
	require.Len(t, sum.Unlettered, 1)
	assert.Equal(t, []string{"AAA"}, sum.Unlettered[0].Codes)
	assert.Contains(t, sum.Unlettered[0].Reason, "the file has a cash-basis entry of 99,99 on 2026-03-10")
	assert.Equal(t, 2, sum.Letters, "FA-2's open group and FA-3's match")
}

// The import stays all or nothing when a code is left unlettered: an
// entry the book refuses writes nothing.
func TestHrev186ImportUnletteredAllOrNothing(t *testing.T) {
	t.Parallel()
	dir := hrev183Built(t)
	exported, err := os.ReadFile(filepath.Join(dir, "out.csv"))
	require.NoError(t, err)
	bad := hrev186Tamper(t, string(exported), "TVA/2026/00001")
	bad = strings.Replace(bad, ";Reglement FA-3;512000;", ";Reglement FA-3;512999;", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.csv"), []byte(bad), 0o644))
	hrev183Step(t, dir, "init", "--year", "2026", "--book", "b2.db")
	hrev183Step(t, dir, "partner", "add", "C01", "C02", "C03", "--book", "b2.db")
	before := hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db")
	r := run(t, dir, "", "import", "entries", "bad.csv", "--book", "b2.db")
	assert.Equal(t, 1, r.code, r.stdout)
	assert.Contains(t, r.stderr, "nothing imported")
	assert.Equal(t, before, hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db"))
}

// Open groups get the file's own codes, in order of first appearance:
// the same export from two books with the same entries.
func TestHrev186OpenGroupCodes(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	in := "date;journal;ref;label;account;partner;debit;credit\n" +
		"2026-03-02;VT;FA-1;Facture FA-1;411000;C01;100,00;\n" +
		"2026-03-02;VT;FA-1;Facture FA-1;706000;;;100,00\n" +
		"2026-03-03;VT;FA-2;Facture FA-2;411000;C02;200,00;\n" +
		"2026-03-03;VT;FA-2;Facture FA-2;706000;;;200,00\n" +
		"2026-03-10;BQD;VIR-2;Reglement FA-2;512000;;50,00;\n" +
		"2026-03-10;BQD;VIR-2;Reglement FA-2;411000;C02;;50,00\n" +
		"2026-03-11;BQD;VIR-1;Reglement FA-1;512000;;40,00;\n" +
		"2026-03-11;BQD;VIR-1;Reglement FA-1;411000;C01;;40,00\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "in.csv"), []byte(in), 0o644))
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "letter", "BQD/2026/00002", "VT/2026/00001")
	hrev183Step(t, dir, "letter", "BQD/2026/00001", "VT/2026/00002")
	out := hrev183Step(t, dir, "export", "csv")
	assert.Contains(t, out, "Facture FA-1;aaaa;;\n")
	assert.Contains(t, out, "Facture FA-2;aaab;;\n")
	assert.Contains(t, out, "Reglement FA-2;aaab;;\n")
	assert.Contains(t, out, "Reglement FA-1;aaaa;;\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "out.csv"), []byte(out), 0o644))
	hrev183Step(t, dir, "init", "--year", "2026", "--book", "b2.db")
	hrev183Step(t, dir, "partner", "add", "C01", "C02", "C03", "--book", "b2.db")
	hrev183Step(t, dir, "import", "entries", "out.csv", "--book", "b2.db")
	assert.Equal(t, out, hrev183Step(t, dir, "export", "csv", "--book", "b2.db"))
}
