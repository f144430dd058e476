package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review hrev113: a French accountant runs a small company's year end
// with the command only: a year of sales and purchases (20 %, 10 %,
// 5,5 %, a bill in USD, a credit note), receipts and payments lettered by
// hand and automatically, an escompte, a write-off, the closing, the
// à-nouveaux of the next year lettered by its first payments, the FEC of
// both years, the balances, the grand livre, the balance âgée and the VAT
// report. The figures of that run add up (result 3 533,00 = 6 358,12 of
// revenue − 2 825,12 of expenses; the 2027 opening is the 2026 closing of
// classes 1–5 with the result on 120000); the tests below are what did
// not.

// hrev113Now is the day the accountant works on the year 2026's books.
const hrev113Now = "2027-01-20T10:00:00Z"

// hrev113Do runs one step at hrev113Now and requires it to succeed.
func hrev113Do(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	r := runAt(t, dir, hrev113Now, stdin, args...)
	require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
	return r
}

// hrev113Book makes a book of 2026 and 2027 with a customer C001 and the
// supplier F600 (US Supplies), on 30 days' terms.
func hrev113Book(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	hrev113Do(t, dir, "", "init", "--year", "2026,2027")
	hrev113Do(t, dir, "", "partner", "add", "C001", "--name", "Boulangerie Martin", "--terms", "30")
	hrev113Do(t, dir, "", "partner", "add", "F600", "--name", "US Supplies", "--terms", "30")
	return dir
}

// Was failing, fixed: a French book keeps its à-nouveaux in a journal coded "AN" — the
// code every French package uses, and the one an accountant creates to
// post the first year's opening balance sheet taken over from the
// previous software ('journal add AN', then 'post --journal AN --type
// opening'). From then on 'lettrage export fec' refuses every year: "the
// opening journal AN is a journal of the book: choose another code", and
// the command has no flag to choose one (report.FECOptions.OpeningJournal
// is never set by cmd/lettrage/exports.go). The company cannot produce
// its FEC at all, which art. L47 A-I LPF requires on demand (penalty of
// art. 1729 D CGI); DESIGN §13/§14 promise 'export fec' for every book.
// Expected: the file is written (the book's AN entries, or a computed
// opening under a code the book does not use) and validates.
func TestHrev113FECRefusedWhenTheBookHasAnANJournal(t *testing.T) {
	t.Parallel()
	dir := hrev113Book(t)
	hrev113Do(t, dir, "", "journal", "add", "AN", "--name", "A nouveaux")
	hrev113Do(t, dir, "", "post", "--journal", "AN", "--date", "2026-01-01", "--type", "opening", "--ref", "AN-2026",
		"--label", "Reprise des soldes", "--line", "512000=5000", "--line", "101000=-5000")
	hrev113Do(t, dir, "", "post", "--journal", "VT", "--date", "2026-02-10", "--type", "invoice", "--ref", "FA-101",
		"--line", "411000:C001=1200", "--line", "707000=-1000@TVA20", "--line", "445710=-200@TVA20")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "out"), 0o755))

	r := runAt(t, dir, hrev113Now, "", "export", "fec", "--year", "2026", "--siren", "732829320", "--dir", "out")
	assert.Equal(t, 0, r.code, "the FEC of 2026 cannot be written: %s", r.stderr)
	_, err := os.Stat(filepath.Join(dir, "out", "732829320FEC20261231.txt"))
	assert.NoError(t, err, "no FEC written")
}

// Was failing, fixed: the first year's à-nouveaux, posted as an entry of type opening
// dated the year's first day (the balance sheet taken over from the
// previous software; journal.TypeOpening "opening balances
// (à-nouveaux)"), come after the sales entry posted before them in the
// FEC of that year: the file lists VT/2026/00001 first, RAN/2026/00001
// second. BOI-CF-IOR-60-40-20 (format du FEC): for each fiscal year the
// first entries of the file are the balances carried from the previous
// year (à-nouveaux); DESIGN §13: "opening balances first". Expected: the
// RAN opening entry's two lines are the file's first rows (rows 2 and
// 3), before VT/2026/00001.
func TestHrev113FirstYearOpeningEntryNotFirstInFEC(t *testing.T) {
	t.Parallel()
	dir := hrev113Book(t)
	hrev113Do(t, dir, "", "journal", "add", "RAN", "--name", "Reprise des a nouveaux")
	hrev113Do(t, dir, "", "post", "--journal", "VT", "--date", "2026-01-05", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C001=120", "--line", "707000=-100@TVA20", "--line", "445710=-20@TVA20")
	hrev113Do(t, dir, "", "post", "--journal", "RAN", "--date", "2026-01-01", "--type", "opening", "--ref", "AN-2026",
		"--label", "Reprise des soldes", "--line", "512000=5000", "--line", "101000=-5000")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "out"), 0o755))
	hrev113Do(t, dir, "", "export", "fec", "--year", "2026", "--siren", "732829320", "--dir", "out")
	r := hrev113Do(t, dir, "", "validate-fec", "out/732829320FEC20261231.txt")
	assert.Contains(t, r.stdout, "0 errors")

	body, err := os.ReadFile(filepath.Join(dir, "out", "732829320FEC20261231.txt"))
	require.NoError(t, err)
	rows := strings.Split(strings.TrimSpace(string(body)), "\n")
	require.Len(t, rows, 6, string(body))
	for _, row := range rows[1:3] {
		assert.True(t, strings.HasPrefix(row, "RAN\t"), "the à-nouveaux first: %s", row)
	}
}

// Was failing, fixed: at the year end the command offers no revaluation of the open
// USD bill (PCG art. 420-5: 500,00 USD still owed to US Supplies, booked
// 454,54 EUR, worth 476,19 EUR at the closing rate 1,05: écart de
// conversion actif 21,65), so the accountant posts it by hand, as 'post
// --help' lists the type: 'post --type revaluation' Dr 476000 21,65 /
// Cr 401000 F600 21,65 on 31/12/2026, to reverse on 01/01/2027 (PCG art.
// 420-5, DESIGN §5 "reversed on the next day"). The post is accepted,
// but 'reverse OD/2026/00001 --date 2027-01-01' is then refused: "is a
// revaluation entry the lettering posted; unletter its match to reverse
// it" — there is no match (the lettering posted nothing), 'unletter'
// says the line is not lettered, and 'letter' finds no debit to letter
// it with. The 21,65 stays for ever as an open payable of US Supplies in
// the balance âgée and the à-nouveaux of every later year, and the book
// cannot be corrected (DESIGN §4: corrections are reversals). Expected:
// either 'post' refuses the types only the lettering posts (revaluation,
// exchange_difference, cash_basis, write_off, discount; nothing written),
// or 'reverse' reverses the hand-posted entry and letters the 401000 line
// with its reversal.
func TestHrev113HandPostedRevaluationCannotBeReversed(t *testing.T) {
	t.Parallel()
	dir := hrev113Book(t)
	hrev113Do(t, dir, "", "rate", "set", "USD", "2026-10-01", "1.10")
	hrev113Do(t, dir, `{"journal":"AC","date":"2026-10-01","type":"invoice","ref":"US-1","label":"US Supplies US-1","currency":"USD",
	 "lines":[{"account":"401000","partner":"F600","credit":"909.09","amount_currency":"-1000.00"},
	          {"account":"607000","debit":"909.09","amount_currency":"1000.00"}]}`, "post", "-")
	before := hrev113Do(t, dir, "", "export", "csv").stdout

	r := runAt(t, dir, hrev113Now, "", "post", "--journal", "OD", "--date", "2026-12-31", "--type", "revaluation",
		"--ref", "REEVAL-2026", "--label", "Ecart de conversion US-1", "--line", "476000=21.65", "--line", "401000:F600=-21.65")
	if r.code != 0 {
		// Refused: then nothing may have been written.
		assert.Equal(t, before, hrev113Do(t, dir, "", "export", "csv").stdout, "a refused post writes nothing")
		return
	}
	r = runAt(t, dir, hrev113Now, "", "reverse", "OD/2026/00001", "--date", "2027-01-01")
	assert.Equal(t, 0, r.code, "the hand-posted revaluation cannot be reversed: %s", r.stderr)
	aged := hrev113Do(t, dir, "", "report", "aged", "--at", "2027-01-02", "--account", "401000").stdout
	assert.Empty(t, amountsOfRow(aged, "F600", "-21,65"), "the revaluation stays an open payable:\n%s", aged)
}

// amountsOfRow returns the lines of out holding every one of words.
func amountsOfRow(out string, words ...string) []string {
	var rows []string
	for _, l := range strings.Split(out, "\n") {
		ok := true
		for _, w := range words {
			ok = ok && strings.Contains(l, w)
		}
		if ok {
			rows = append(rows, l)
		}
	}
	return rows
}

// The opening journal named on the command line is the FEC's; one the
// book uses is refused, named.
func TestHrev113FECOpeningJournalFlag(t *testing.T) {
	t.Parallel()
	dir := hrev113Book(t)
	hrev113Do(t, dir, "", "journal", "add", "AN", "--name", "A nouveaux")
	hrev113Do(t, dir, "", "post", "--journal", "VT", "--date", "2027-02-10", "--type", "invoice", "--ref", "FA-101",
		"--line", "411000:C001=1200", "--line", "707000=-1000@TVA20", "--line", "445710=-200@TVA20")
	hrev113Do(t, dir, "", "post", "--journal", "VT", "--date", "2026-02-10", "--type", "invoice", "--ref", "FA-100",
		"--line", "411000:C001=1200", "--line", "707000=-1000@TVA20", "--line", "445710=-200@TVA20")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "out"), 0o755))
	hrev113Do(t, dir, "", "export", "fec", "--year", "2027", "--siren", "732829320", "--dir", "out", "--opening-journal", "ANO")
	body, err := os.ReadFile(filepath.Join(dir, "out", "732829320FEC20271231.txt"))
	require.NoError(t, err)
	rows := strings.Split(strings.TrimSpace(string(body)), "\n")
	assert.True(t, strings.HasPrefix(rows[1], "ANO\t"), rows[1])
	hrev113Do(t, dir, "", "export", "fec", "--year", "2027", "--siren", "732829320", "--dir", "out")
	body, err = os.ReadFile(filepath.Join(dir, "out", "732829320FEC20271231.txt"))
	require.NoError(t, err)
	rows = strings.Split(strings.TrimSpace(string(body)), "\n")
	assert.True(t, strings.HasPrefix(rows[1], "RAN\t"), "the book has AN: the opening goes to RAN: %s", rows[1])
	r := runAt(t, dir, hrev113Now, "", "export", "fec", "--year", "2027", "--dir", "out", "--opening-journal", "AN")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "AN is a journal of the book")
}
