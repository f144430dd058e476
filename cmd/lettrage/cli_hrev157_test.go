package main_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pdfText is the text of a PDF by pdftotext -layout, spaces squeezed.
func hrev157PDFText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	require.NoError(t, err)
	s := strings.ReplaceAll(string(out), "\u202f", " ")
	s = strings.ReplaceAll(s, "\u00a0", " ")
	return regexp.MustCompile(` {2,}`).ReplaceAllString(s, "  ")
}

// Was failing, fixed: 'journal add OD3 --outstanding' on a general journal is accepted (exit 0, the journal stored with uses_outstanding true and 512100/512200) while --iban on a general journal is refused; expected a refusal (exit 1 or 2) that writes nothing.
func TestHrev157JournalOutstandingNeedsBankJournal(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	before := snapshot(t, dir)
	r := run(t, dir, "", "journal", "add", "OD3", "--outstanding")
	assert.NotEqual(t, 0, r.code, "a general journal has no outstanding accounts: %s", r.stdout)
	assert.True(t, bytes.Equal(before, snapshot(t, dir)), "a refused journal add wrote to the book")
	// Its sibling: --iban on a general journal is refused.
	r = run(t, dir, "", "journal", "add", "OD2", "--iban", "FR7630006000011234567890189")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "only a bank journal has an IBAN")
}

// Was failing, fixed: 'year add --json' (and 'init --json') print the fiscal years with Go field names {"Start","End","Label"} while 'year list --json' prints {"label","start","end"}; expected the same snake_case keys: label "2027", start "2027-01-01", end "2027-12-31".
func TestHrev157YearAddJSONKeys(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := ok(t, dir, "--json", "year", "add")
	var added map[string][]map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &added), r.stdout)
	require.Len(t, added["fiscal_years"], 1, r.stdout)
	assert.Equal(t, map[string]any{"label": "2027", "start": "2027-01-01", "end": "2027-12-31"}, added["fiscal_years"][0])

	r = ok(t, dir, "--json", "year", "list")
	var listed map[string][]map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &listed), r.stdout)
	require.Len(t, listed["fiscal_years"], 2)
	assert.Equal(t, map[string]any{"label": "2027", "start": "2027-01-01", "end": "2027-12-31"}, listed["fiscal_years"][1])
}

// The deposit slip lists each cheque (drawer, bank, number, amount) and
// the total: 1 200,00 + 100,00 (a part payment by cheque) = 1 300,00.
func TestHrev157DepositSlipText(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20")
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-03", "--type", "invoice", "--ref", "FA-2",
		"--line", "411000:C02=240.00", "--line", "706000=-200.00@TVA20", "--line", "445710=-40.00@TVA20")
	ok(t, dir, "pay", "VT/2026/00001", "--journal", "BQ", "--cheque", "1234567", "--cheque-bank", "Crédit Agricole", "--date", "2026-03-10")
	r := ok(t, dir, "pay", "VT/2026/00002", "--journal", "BQ", "--cheque", "7654321", "--cheque-bank", "LCL", "--date", "2026-03-11", "--amount", "100.00")
	assert.Contains(t, r.stdout, "140,00 still due")

	r = ok(t, dir, "deposit", "list")
	assert.Contains(t, r.stdout, "2 cheques waiting to be deposited on BQ: 1 300,00 EUR")

	// A named cheque received after the deposit's date is refused, writing nothing.
	before := snapshot(t, dir)
	r = run(t, dir, "", "deposit", "add", "--date", "2026-03-10", "BQ/2026/00002")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "after the deposit of 10/03/2026")
	assert.True(t, bytes.Equal(before, snapshot(t, dir)))

	const id = "0190a4a0-0000-7000-8000-000000000157"
	r = ok(t, dir, "deposit", "add", "--all", "--date", "2026-03-12", "--slip", "s.pdf", "--company", "Ma Société SAS", "--id", id)
	assert.Regexp(t, `Deposit REM-[0-9a-f]{16} on BQ, 12/03/2026: 2 cheques, 1 300,00 EUR`, r.stdout)
	txt := hrev157PDFText(t, filepath.Join(dir, "s.pdf"))
	assert.Contains(t, txt, "Bordereau de remise de chèques")
	assert.Contains(t, txt, "Date : 12/03/2026")
	assert.Contains(t, txt, "C01  Crédit Agricole  1234567  1 200,00 €")
	assert.Contains(t, txt, "C02  LCL  7654321  100,00 €")
	assert.Contains(t, txt, "2 chèques  1 300,00 €")

	// Replayed with its id: the same deposit, nothing written twice.
	r = ok(t, dir, "deposit", "add", "--all", "--date", "2026-03-12", "--id", id)
	assert.Contains(t, r.stdout, "replayed")
	r = ok(t, dir, "deposit", "list")
	assert.Contains(t, r.stdout, "0 cheques waiting")
}

// A run sets the supplier's credit note off its bill: 1 200,00 - 120,00
// = 1 080,00 in the pain.001 (CtrlSum, InstdAmt), the run's output and
// the transfer slip, which names both references.
func TestHrev157RunCreditNoteSetOff(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	ok(t, dir, "journal", "add", "BNP", "--kind", "bank", "--iban", "FR7630006000011234567890189", "--outstanding", "--name", "BNP Paribas")
	ok(t, dir, "partner", "add", "S1", "--name", "Moulins de France", "--iban", "DE89370400440532013000")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-02", "--type", "invoice", "--ref", "FF-77", "--due", "2026-04-01",
		"--line", "401000:S1=-1200.00", "--line", "607000=1000.00@TVA20-DED", "--line", "445660=200.00@TVA20-DED")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-04", "--type", "credit_note", "--ref", "AV-1", "--due", "2026-04-01",
		"--line", "401000:S1=120.00", "--line", "607000=-100.00@TVA20-DED", "--line", "445660=-20.00@TVA20-DED")
	r := ok(t, dir, "run", "--journal", "BNP", "--date", "2026-04-10", "--company", "Ma Société SAS", "-o", "v.xml", "--slip", "v.pdf")
	assert.Contains(t, r.stdout, "1 supplier, 1 080,00 EUR")
	assert.Regexp(t, `S1 +Moulins de France +BNP/2026/00001 +1 080,00  RUN-[0-9a-f]{16}-1  AC/2026/00001 AC/2026/00002`, r.stdout)
	x, err := os.ReadFile(filepath.Join(dir, "v.xml"))
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(string(x), "<CtrlSum>1080.00</CtrlSum>"))
	assert.Contains(t, string(x), `<InstdAmt Ccy="EUR">1080.00</InstdAmt>`)
	txt := hrev157PDFText(t, filepath.Join(dir, "v.pdf"))
	assert.Contains(t, txt, "Compte débité  FR76 3000 6000 0112 3456 7890 189")
	assert.Contains(t, txt, "Moulins de France  DE89 3704 0044 0532 0130 00  FF-77 AV-1  10/04/2026  1 080,00 €")
	assert.Contains(t, txt, "1 virement  1 080,00 €")
	r = ok(t, dir, "state", "AC/2026/00001", "AC/2026/00002")
	assert.Regexp(t, `AC/2026/00001 +S1 +in_payment total +1 200,00  due +0,00  AAA`, r.stdout)
	assert.Regexp(t, `AC/2026/00002 +S1 +paid +total +120,00  due +0,00  AAA`, r.stdout)
}

// close refuses while an earlier year is open or suspense 471000 has a
// balance at the year's end, writing nothing; then closes, says so again
// to the same person, refuses another, and no entry goes on or before the
// year's end.
func TestHrev157CloseRefusalsAndLock(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ok(t, dir, "init", "--year", "2024,2025,2026")
	ok(t, dir, "partner", "add", "C01")
	ok(t, dir, "post", "--journal", "BQ", "--date", "2025-03-05", "--line", "512000=50.00", "--line", "471000=-50.00")

	before := snapshot(t, dir)
	r := run(t, dir, "", "close", "--year", "2025", "--by", "alice")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "2024 must be closed before 2025")
	r = run(t, dir, "", "close", "--by", "alice")
	assert.Equal(t, 2, r.code)
	r = run(t, dir, "", "close", "--year", "2026", "--by", "alice")
	assert.Equal(t, 1, r.code, "2026 has not ended on 31/12/2026: %s", r.stderr)
	assert.True(t, bytes.Equal(before, snapshot(t, dir)))

	ok(t, dir, "close", "--year", "2024", "--by", "alice")
	before = snapshot(t, dir)
	r = run(t, dir, "", "close", "--year", "2025", "--by", "alice")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "471000 -50.00")
	assert.True(t, bytes.Equal(before, snapshot(t, dir)))

	ok(t, dir, "post", "--journal", "BQ", "--date", "2025-03-06", "--line", "471000=50.00", "--line", "411000:C01=-50.00")
	r = ok(t, dir, "close", "--year", "2025", "--by", "alice")
	assert.Contains(t, r.stdout, "Fiscal year 2025 (to 31/12/2025) closed by alice on 31/12/2026 18:00 UTC")
	before = snapshot(t, dir)
	r = ok(t, dir, "--json", "close", "--year", "2025", "--by", "alice")
	var c struct {
		Year, End, By string
		Replay        bool
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &c), r.stdout)
	assert.Equal(t, "2025", c.Year)
	assert.Equal(t, "2025-12-31", c.End)
	assert.True(t, c.Replay)
	r = run(t, dir, "", "close", "--year", "2025", "--by", "bob")
	assert.Equal(t, 1, r.code)
	r = run(t, dir, "", "post", "--journal", "BQ", "--date", "2025-12-31", "--line", "512000=1.00", "--line", "471000=-1.00")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "closed fiscal year")
	assert.True(t, bytes.Equal(before, snapshot(t, dir)))

	r = ok(t, dir, "--json", "year", "list")
	var ys struct {
		FiscalYears []struct{ Label, Closed string } `json:"fiscal_years"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &ys), r.stdout)
	require.Len(t, ys.FiscalYears, 3)
	assert.Equal(t, "2026-12-31", ys.FiscalYears[1].Closed)
	assert.Equal(t, "", ys.FiscalYears[2].Closed)
}
