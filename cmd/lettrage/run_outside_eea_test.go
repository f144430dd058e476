package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A run paying a supplier in Switzerland needs its bank's BIC and the
// company's address, which the file then carries; without the address it
// is refused and writes nothing.
func TestPaymentRunOutsideEEA(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	ok(t, dir, "journal", "add", "BNP", "--kind", "bank", "--iban", "FR7630006000011234567890189", "--outstanding", "--name", "BNP Paribas")
	ok(t, dir, "partner", "add", "CH1", "--name", "Uhren AG", "--iban", "CH9300762011623852957", "--bic", "UBSWCHZH80A")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-02", "--type", "invoice", "--ref", "CH-7", "--due", "2026-04-01",
		"--line", "401000:CH1=-900.00", "--line", "607000=900.00")
	before := snapshot(t, dir)
	r := run(t, dir, "", "run", "--journal", "BNP", "--date", "2026-04-10", "--company", "Atelier")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "outside the EEA")
	r = run(t, dir, "", "run", "--journal", "BNP", "--date", "2026-04-10", "--company", "Atelier", "--company-town", "Paris")
	assert.Equal(t, 2, r.code, r.stderr)
	assert.True(t, bytes.Equal(before, snapshot(t, dir)), "a refused run wrote to the book")
	ok(t, dir, "run", "--journal", "BNP", "--date", "2026-04-10", "--company", "Atelier", "--company-town", "Paris", "--company-country", "fr", "-o", "vir.xml")
	xml, err := os.ReadFile(filepath.Join(dir, "vir.xml"))
	require.NoError(t, err)
	for _, want := range []string{"<TwnNm>Paris</TwnNm>", "<Ctry>FR</Ctry>", "<BICFI>UBSWCHZH80A</BICFI>"} {
		assert.Contains(t, string(xml), want)
	}
}
