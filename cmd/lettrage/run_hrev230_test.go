package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// `lettrage run` on a purchases ledger: S1's bill (FF-77, 1 200.00, due
// 4/01) is paid; S2's (due 5/15) is not due; S3 has no IBAN but nothing
// due: it does not stop the run. Then a bill of S3 due: the run is
// refused (exit 1), nothing written, the error naming S3.
func TestHrev230CLIRunDueOnly(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	ok(t, dir, "journal", "add", "BNP", "--kind", "bank", "--iban", "FR7630006000011234567890189", "--outstanding", "--name", "BNP Paribas")
	ok(t, dir, "partner", "add", "S1", "--name", "Moulins de France", "--iban", "DE89370400440532013000")
	ok(t, dir, "partner", "add", "S2", "--name", "Papeterie Dupont", "--iban", "FR1420041010050500013M02606")
	ok(t, dir, "partner", "add", "S3", "--name", "Sans RIB SARL")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-02", "--type", "invoice", "--ref", "FF-77", "--due", "2026-04-01",
		"--line", "401000:S1=-1200.00", "--line", "607000=1000.00@TVA20-DED", "--line", "445660=200.00@TVA20-DED")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-05", "--type", "invoice", "--ref", "P-12", "--due", "2026-05-15",
		"--line", "401000:S2=-360.00", "--line", "606400=300.00@TVA20-DED", "--line", "445660=60.00@TVA20-DED")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-05", "--type", "invoice", "--ref", "NR-1", "--due", "2026-04-20",
		"--line", "401000:S3=-120.00", "--line", "606400=120.00")

	r := run(t, dir, "", "run", "--journal", "BNP", "--date", "2026-04-10", "--company", "Ma Société SAS", "-o", "vir.xml")
	require.Equal(t, 0, r.code, r.stderr)
	xml, err := os.ReadFile(filepath.Join(dir, "vir.xml"))
	require.NoError(t, err)
	x := strings.Join(strings.Fields(string(xml)), "")
	require.Contains(t, x, "<NbOfTxs>1</NbOfTxs>")
	require.Contains(t, x, "<CtrlSum>1200.00</CtrlSum>")
	require.Contains(t, x, "<ReqdExctnDt><Dt>2026-04-10</Dt></ReqdExctnDt>")
	require.Contains(t, x, "<Ustrd>FF-77</Ustrd>")
	require.NotContains(t, x, "P-12")
	require.NotContains(t, x, "NR-1")

	ok(t, dir, "post", "--journal", "AC", "--date", "2026-04-01", "--type", "invoice", "--ref", "NR-2", "--due", "2026-04-05",
		"--line", "401000:S3=-80.00", "--line", "606400=80.00")
	r = run(t, dir, "", "run", "--journal", "BNP", "--date", "2026-04-10", "--due-by", "2026-05-31", "--company", "Ma Société SAS", "-o", "vir2.xml")
	require.Equal(t, 1, r.code, r.stdout)
	require.Contains(t, r.stderr, "S3")
	_, err = os.Stat(filepath.Join(dir, "vir2.xml"))
	require.True(t, os.IsNotExist(err), "a file was written for a refused run")
	ok(t, dir, "verify")
}
