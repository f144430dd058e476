package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A purchase from another EU country, its VAT self-assessed: the due side
// on 445200 is a tax line of TVA20-DED though 445200 is not the tax's
// account. The CSV export says so in tax_role, and the VAT report of the
// imported book is the exported book's (the VAT due vanished from it when
// the role was derived from the account).
func TestCSVRoundTripReverseCharge(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "partner", "add", "S1")
	require.Equal(t, 0, r.code, r.stderr)
	e := `{"journal":"AC","date":"2026-04-03","type":"invoice","ref":"UE-1","label":"Achat intracommunautaire",
		"lines":[{"account":"401000","partner":"S1","credit":"1000.00"},
		{"account":"607000","debit":"1000.00","tax":"TVA20-DED"},
		{"account":"445660","debit":"200.00","tax":"TVA20-DED"},
		{"account":"445200","credit":"200.00","tax":"TVA20-DED","tax_role":"tax"}]}`
	r = run(t, dir, e, "post", "-")
	require.Equal(t, 0, r.code, r.stderr)
	vat := []string{"report", "vat", "--from", "2026-04-01", "--to", "2026-04-30", "--csv"}
	want := run(t, dir, "", vat...)
	require.Equal(t, 0, want.code, want.stderr)
	r = run(t, dir, "", "export", "csv", "-o", "out.csv")
	require.Equal(t, 0, r.code, r.stderr)
	out, err := os.ReadFile(filepath.Join(dir, "out.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(out), ";445200;;;;200.00;;;TVA20-DED;tax;;;")   // the entry_label column follows
	assert.Contains(t, string(out), ";607000;;;1000.00;;;;TVA20-DED;base;;;") // the entry_label column follows

	r = run(t, dir, "", "init", "--year", "2026", "--book", "copy.db")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "partner", "add", "--book", "copy.db", "S1")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "import", "entries", "out.csv", "--book", "copy.db")
	require.Equal(t, 0, r.code, r.stderr)
	got := run(t, dir, "", append(vat, "--book", "copy.db")...)
	require.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, want.stdout, got.stdout)
}

// A file imported again with taxes added is refused, not posted twice:
// an imported entry's id is made of its content but for its taxes. The
// refusal says what to do, and nothing is written.
func TestCSVImportAgainWithTaxesRefused(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	plain := "date;journal;ref;label;account;partner;debit;credit\n" +
		"2026-03-02;VT;FA1;Vente;411000;C01;120.00;\n" +
		"2026-03-02;VT;FA1;Vente;706000;;;100.00\n" +
		"2026-03-02;VT;FA1;Vente;445710;;;20.00\n"
	taxed := "date;journal;ref;label;account;partner;debit;credit;tax\n" +
		"2026-03-02;VT;FA1;Vente;411000;C01;120.00;;\n" +
		"2026-03-02;VT;FA1;Vente;706000;;;100.00;TVA20\n" +
		"2026-03-02;VT;FA1;Vente;445710;;;20.00;TVA20\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "plain.csv"), []byte(plain), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "taxed.csv"), []byte(taxed), 0o600))
	r := run(t, dir, "", "import", "entries", "plain.csv")
	require.Equal(t, 0, r.code, r.stderr)
	before, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)

	r = run(t, dir, "", "import", "entries", "taxed.csv")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "lines 2-4 (entry VT FA1)")
	assert.Contains(t, r.stderr, "imported before with other taxes")
	assert.Contains(t, r.stderr, "entry VT/2026/00001: this entry was imported before")
	assert.Contains(t, r.stderr, "lettrage reverse")
	after, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	assert.Equal(t, before, after, "nothing written")

	r = run(t, dir, "", "import", "entries", "plain.csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "1 already in the book")
}
