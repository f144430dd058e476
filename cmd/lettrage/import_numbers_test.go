package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An import of several journals' entries names the numbers each journal
// posted: "VT/2026/00001 to AC/2026/00001" named neither the second sale
// nor the bank entry.
func TestImportNamesNumbersPerJournal(t *testing.T) {
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	must(t, dir, "", "partner", "add", "C001", "F001")
	csv := "2026-03-02;VT;FA-1;Facture;411000;C001;1200.00;\n2026-03-02;VT;FA-1;Facture;706000;;;1200.00\n" +
		"2026-03-03;VT;FA-2;Facture;411000;C001;600.00;\n2026-03-03;VT;FA-2;Facture;706000;;;600.00\n" +
		"2026-03-10;BQ;RG-1;FA-1;512000;;1200.00;\n2026-03-10;BQ;RG-1;FA-1;411000;C001;;1200.00\n" +
		"2026-03-05;AC;F-9;Facture fournisseur;607000;;500.00;\n2026-03-05;AC;F-9;Facture fournisseur;401000;F001;;500.00\n"
	path := filepath.Join(dir, "entries.csv")
	require.NoError(t, os.WriteFile(path, []byte(csv), 0o600))
	r := must(t, dir, "", "import", "entries", path)
	assert.Contains(t, r.stdout, "4 entries read, 4 posted (VT/2026/00001 to VT/2026/00002, BQ/2026/00001, AC/2026/00001)")

	dir = t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	must(t, dir, "", "partner", "add", "C001", "F001")
	r = must(t, dir, "", "--json", "import", "entries", path)
	var out struct {
		Posted  int      `json:"posted"`
		First   string   `json:"first"`
		Last    string   `json:"last"`
		Numbers []string `json:"numbers"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Equal(t, 4, out.Posted)
	assert.Equal(t, "VT/2026/00001", out.First)
	assert.Equal(t, "AC/2026/00001", out.Last)
	assert.Equal(t, []string{"VT/2026/00001 to VT/2026/00002", "BQ/2026/00001", "AC/2026/00001"}, out.Numbers)
}
