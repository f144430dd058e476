package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A line posted with --line carries its tax after @, as the JSON's "tax"
// (and "tax_role"): the VAT report of a purchase posted from flags is the
// one of the same purchase posted from JSON, not "lines without a tax".
func TestPostLineCarriesItsTax(t *testing.T) {
	t.Parallel()
	vat := []string{"report", "vat", "--from", "2026-04-01", "--to", "2026-04-30", "--csv"}
	post := func(dir string, stdin string, args ...string) string {
		r := run(t, dir, "", "partner", "add", "S1")
		require.Equal(t, 0, r.code, r.stderr)
		r = run(t, dir, stdin, append([]string{"post"}, args...)...)
		require.Equal(t, 0, r.code, r.stderr)
		r = run(t, dir, "", vat...)
		require.Equal(t, 0, r.code, r.stderr)
		return r.stdout
	}
	fromJSON := post(newBook(t), `{"journal":"AC","date":"2026-04-03","type":"invoice","ref":"UE-1",
		"lines":[{"account":"401000","partner":"S1","credit":"1000.00"},
		{"account":"607000","debit":"1000.00","tax":"TVA20-DED"},
		{"account":"445660","debit":"200.00","tax":"TVA20-DED"},
		{"account":"445200","credit":"200.00","tax":"TVA20-DED","tax_role":"tax"}]}`, "-")
	fromFlags := post(newBook(t), "", "--journal", "AC", "--date", "2026-04-03", "--type", "invoice", "--ref", "UE-1",
		"--line", "401000:S1=-1000.00", "--line", "607000=1000.00@TVA20-DED",
		"--line", "445660=200.00@TVA20-DED", "--line", "445200=-200.00@TVA20-DED:tax")
	assert.Equal(t, fromJSON, fromFlags)
	assert.Contains(t, fromFlags, "TVA20-DED")
	assert.NotContains(t, fromFlags, "lines without a tax")

	dir := newBook(t)
	for _, c := range []struct{ line, says string }{
		{"607000=1000.00@", "a tax id after @"},
		{"607000=1000.00@TVA99", "TVA99"},
		{"607000=1000.00@TVA20:total", `"total": base or tax`},
	} {
		r := run(t, dir, "", "post", "--journal", "AC", "--date", "2026-04-03", "--line", c.line, "--line", "401000=-1000.00")
		assert.Equal(t, 2, r.code, c.line)
		assert.Contains(t, r.stderr, c.says, c.line)
	}
	r := run(t, dir, "", "report", "journals", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "AC/2026", "a refused line posts nothing")
}

// A tax on a customer's line, or as a base on another tax's account, is
// refused by post and is a bad line of an entries file: either would
// count a wrong base in the VAT report. Nothing is imported without
// --skip-bad; with it, the other entries are.
func TestImportRefusesTaxWhereItMeansNothing(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	csv := "date;journal;ref;label;account;partner;debit;credit;tax\n" +
		"2026-03-02;VT;FA1;Vente;411000;C01;120.00;;TVA20\n" +
		"2026-03-02;VT;FA1;Vente;706000;;;100.00;TVA20\n" +
		"2026-03-02;VT;FA1;Vente;445710;;;20.00;TVA20\n" +
		"2026-03-03;VT;FA2;Vente;411000;C02;120.00;;\n" +
		"2026-03-03;VT;FA2;Vente;706000;;;100.00;TVA20\n" +
		"2026-03-03;VT;FA2;Vente;445710;;;20.00;TVA20\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "e.csv"), []byte(csv), 0o644))
	r := run(t, dir, "", "import", "entries", "e.csv")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "line 2")
	assert.Contains(t, r.stderr, "411000 is a receivable account: its line carries no tax")
	assert.Contains(t, r.stderr, "nothing imported")
	r = run(t, dir, "", "import", "entries", "e.csv", "--skip-bad")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "report", "journals", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "VT/2026/00001")
	assert.NotContains(t, r.stdout, "VT/2026/00002", "the entry with the bad line is left out")
}
