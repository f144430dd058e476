package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev168RunBook: a run paying S1 (1200.00, BNP/2026/00001) and S2
// (360.00, BNP/2026/00002), then S2's payment unlettered and reversed.
func hrev168RunBook(t *testing.T, cancel string) (string, string) {
	t.Helper()
	dir := newBook(t)
	ok(t, dir, "journal", "add", "BNP", "--kind", "bank", "--iban", "FR7630006000011234567890189", "--outstanding", "--name", "BNP Paribas")
	ok(t, dir, "partner", "add", "S1", "--name", "Moulins de France", "--iban", "DE89370400440532013000")
	ok(t, dir, "partner", "add", "S2", "--name", "Papeterie Dupont", "--iban", "FR1420041010050500013M02606")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-02", "--type", "invoice", "--ref", "FF-77", "--due", "2026-04-01",
		"--line", "401000:S1=-1200.00", "--line", "607000=1000.00@TVA20-DED", "--line", "445660=200.00@TVA20-DED")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-05", "--type", "invoice", "--ref", "P-12", "--due", "2026-04-05",
		"--line", "401000:S2=-360.00", "--line", "606400=300.00@TVA20-DED", "--line", "445660=60.00@TVA20-DED")
	const id = "0190a4a0-0000-7000-8000-0000000000a8"
	ok(t, dir, "run", "--journal", "BNP", "--date", "2026-04-10", "--company", "Ma Société SAS", "-o", "vir.xml", "--id", id)
	ok(t, dir, "unletter", cancel)
	ok(t, dir, "reverse", cancel)
	return dir, id
}

// A run's payment reversed since (S2's, the last of the run): `run --id`
// writes the file again without it, and must print the run it wrote.
func TestHrev168CLIRunReplayAfterLastPaymentReversed(t *testing.T) {
	// Was failing, fixed: run --id after the run's last payment was reversed: expected exit 0 with the file (NbOfTxs 1, CtrlSum 1200.00) and output naming S1 only; got a crash (ct.Payments[i] indexed by run.Payments' index in cmd/lettrage/run.go)
	t.Parallel()
	dir, id := hrev168RunBook(t, "BNP/2026/00002")
	r := run(t, dir, "", "run", "--journal", "BNP", "--date", "2026-04-10", "--company", "Ma Société SAS", "-o", "again.xml", "--id", id)
	t.Logf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	require.Equal(t, 0, r.code)
	assert.NotContains(t, r.stderr, "panic")
	xml, err := os.ReadFile(filepath.Join(dir, "again.xml"))
	require.NoError(t, err)
	assert.Contains(t, string(xml), "<NbOfTxs>1</NbOfTxs>")
	assert.Contains(t, string(xml), "<CtrlSum>1200.00</CtrlSum>")
	assert.NotContains(t, string(xml), "P-12")
}

// The first of the run's payments reversed (S1's): the names printed
// against each payment must be its own supplier's, and the total what the
// file carries.
func TestHrev168CLIRunReplayAfterFirstPaymentReversed(t *testing.T) {
	// Was failing, fixed: run --id after the run's first payment (S1) was reversed: expected exit 0 listing S2 alone, total 360.00 as the file; got panic "index out of range [1] with length 1", exit 2 (cmd/lettrage/run.go cmdRun indexes ct.Payments by run.Payments' index)
	t.Parallel()
	dir, id := hrev168RunBook(t, "BNP/2026/00001")
	r := run(t, dir, "", "--json", "run", "--journal", "BNP", "--date", "2026-04-10", "--company", "Ma Société SAS", "-o", "again.xml", "--id", id)
	t.Logf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	require.Equal(t, 0, r.code)
	xml, err := os.ReadFile(filepath.Join(dir, "again.xml"))
	require.NoError(t, err)
	assert.Contains(t, string(xml), "<CtrlSum>360.00</CtrlSum>")
	var out struct {
		Total    string
		Payments []struct{ Partner, Name, Amount string }
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	for _, p := range out.Payments {
		if p.Partner == "S1" {
			assert.NotEqual(t, "Papeterie Dupont", p.Name, "S1 printed under S2's name")
		}
	}
	assert.Equal(t, "360.00", out.Total, "the total printed is not the file's")
	require.Len(t, out.Payments, 1)
	assert.Equal(t, "S2", out.Payments[0].Partner)
}

// Every payment of the run reversed: `run --id` refuses to write a file of
// no transfer, and must not send the user round in a loop.
func TestHrev168CLIRunReplayAllReversed(t *testing.T) {
	// Was failing, fixed: run --id after every payment of the run was reversed: expected a refusal that says the run's payments were all cancelled, with no advice to run the same command again; got "…; write its file again with --id <same id>", the command just run (cmd/lettrage/run.go cmdRun wraps every CreditTransfers error so)
	t.Parallel()
	dir, id := hrev168RunBook(t, "BNP/2026/00002")
	ok(t, dir, "unletter", "BNP/2026/00001")
	ok(t, dir, "reverse", "BNP/2026/00001")
	r := run(t, dir, "", "run", "--journal", "BNP", "--date", "2026-04-10", "--company", "Ma Société SAS", "-o", "again.xml", "--id", id)
	t.Logf("exit %d\nstderr: %s", r.code, r.stderr)
	require.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "cancelled")
	assert.NotContains(t, r.stderr, "write its file again with --id "+id, "the advice is the command that just failed")
}

// Pin: the same entries imported again post nothing and name no numbers.
func TestHrev168ImportEntriesReplayNamesNoNumbers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	must(t, dir, "", "partner", "add", "C001")
	csv := "2026-03-02;VT;FA-1;Facture;411000;C001;1200.00;\n2026-03-02;VT;FA-1;Facture;706000;;;1200.00\n" +
		"2026-03-10;BQ;RG-1;FA-1;512000;;1200.00;\n2026-03-10;BQ;RG-1;FA-1;411000;C001;;1200.00\n" +
		"2026-03-03;VT;FA-2;Facture;411000;C001;600.00;\n2026-03-03;VT;FA-2;Facture;706000;;;600.00\n"
	path := filepath.Join(dir, "entries.csv")
	require.NoError(t, os.WriteFile(path, []byte(csv), 0o600))
	r := must(t, dir, "", "import", "entries", path)
	assert.Contains(t, r.stdout, "3 entries read, 3 posted (VT/2026/00001 to VT/2026/00002, BQ/2026/00001)")
	r = must(t, dir, "", "--json", "import", "entries", path)
	var out struct {
		Posted   int      `json:"posted"`
		Numbers  []string `json:"numbers"`
		Replayed int      `json:"replayed"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Equal(t, 0, out.Posted)
	assert.Empty(t, out.Numbers, r.stdout)
}
