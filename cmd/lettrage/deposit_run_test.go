package main_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ok runs the command and requires it to succeed.
func ok(t *testing.T, dir string, args ...string) result {
	t.Helper()
	r := run(t, dir, "", args...)
	require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
	r.stdout = strings.ReplaceAll(r.stdout, "\u202f", " ") // thousands, as typed in the assertions
	return r
}

// snapshot is the book file's bytes: a refused command leaves them as
// they were.
func snapshot(t *testing.T, dir string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	return b
}

// Two customers pay by cheque; the cheques wait on the outstanding
// receipts account until they are deposited together, and the deposit
// slip lists them with their numbers and banks. A cheque is deposited
// once; a transfer is no cheque; nothing is written by a refused deposit.
func TestDepositCheques(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20")
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-03", "--type", "invoice", "--ref", "FA-2",
		"--line", "411000:C02=240.00", "--line", "706000=-200.00@TVA20", "--line", "445710=-40.00@TVA20")
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-03", "--type", "invoice", "--ref", "FA-3",
		"--line", "411000:C03=120.00", "--line", "706000=-100.00@TVA20", "--line", "445710=-20.00@TVA20")
	ok(t, dir, "pay", "VT/2026/00001", "--journal", "BQ", "--cheque", "1234567", "--cheque-bank", "Crédit Agricole", "--date", "2026-03-10")
	ok(t, dir, "pay", "VT/2026/00002", "--journal", "BQ", "--cheque", "7654321", "--date", "2026-03-14")
	ok(t, dir, "pay", "VT/2026/00003", "--journal", "BQ", "--method", "transfer", "--date", "2026-03-11")

	r := ok(t, dir, "deposit", "list")
	assert.Contains(t, r.stdout, "2 cheques waiting to be deposited on BQ: 1 440,00 EUR")
	assert.Regexp(t, `BQ/2026/00001 +10/03/2026 +C01 +1234567 +Crédit Agricole +1 200,00`, r.stdout)
	assert.NotContains(t, r.stdout, "BQ/2026/00003", "a transfer is not a cheque")

	// Bad input: usage errors, then refusals that write nothing.
	before := snapshot(t, dir)
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"deposit", "add", "--date", "2026-03-15"}, 2, "or --all"},
		{[]string{"deposit", "add", "--all", "BQ/2026/00001"}, 2, "not both"},
		{[]string{"deposit", "add", "--all", "--slip", "x.pdf"}, 2, "--slip needs --company"},
		{[]string{"deposit", "add", "--date", "2026-03-15", "BQ/2026/00003"}, 1, "not by cheque"},
		{[]string{"deposit", "add", "--date", "2026-03-15", "BQ/2026/00001", "BQ/2026/00001"}, 1, "BQ/2026/00001"},
		{[]string{"deposit", "add", "--date", "2026-03-15", "BQ/2026/00099"}, 1, "no entry of that number"},
		{[]string{"deposit", "add", "--all", "--date", "2026-03-09"}, 1, "no cheque received through BQ by 09/03/2026"},
		{[]string{"deposit", "list", "--journal", "VT"}, 1, "VT"},
		{[]string{"pay", "VT/2026/00001", "--cheque-bank", "LCL"}, 2, "--cheque-bank goes with --cheque"},
		{[]string{"pay", "VT/2026/00001", "--cheque", "1", "--method", "transfer"}, 2, "not by cheque"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.says, c.args)
	}
	assert.True(t, bytes.Equal(before, snapshot(t, dir)), "a refused command wrote to the book")

	// --all takes the cheques received by the deposit's date.
	r = ok(t, dir, "deposit", "add", "--all", "--date", "2026-03-12", "--slip", "remise.pdf", "--company", "Ma Société SAS")
	assert.Regexp(t, `Deposit REM-[0-9a-f]{16} on BQ, 12/03/2026: 1 cheque, 1 200,00 EUR`, r.stdout)
	assert.Contains(t, r.stdout, "Deposit slip remise.pdf written")
	pdf, err := os.ReadFile(filepath.Join(dir, "remise.pdf"))
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))

	r = run(t, dir, "", "deposit", "add", "--date", "2026-03-15", "BQ/2026/00001")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "already in deposit REM-")

	r = ok(t, dir, "--json", "deposit", "list")
	var waiting []struct{ Payment, Number, Amount string }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &waiting), r.stdout)
	require.Len(t, waiting, 1)
	assert.Equal(t, "BQ/2026/00002", waiting[0].Payment)
	assert.Equal(t, "7654321", waiting[0].Number)
	assert.Equal(t, "240.00", waiting[0].Amount)

	r = ok(t, dir, "--json", "deposit", "add", "BQ/2026/00002", "--date", "2026-03-16")
	var dep struct {
		ID, Total string
		Cheques   []struct{ Payment string }
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &dep), r.stdout)
	assert.Equal(t, "240.00", dep.Total)
	assert.Len(t, dep.Cheques, 1)
	r = ok(t, dir, "deposit", "list")
	assert.Contains(t, r.stdout, "0 cheques waiting")
}

// A supplier payment run from the command line: the bills due by the
// date paid, one payment per supplier booked and lettered, and the SEPA
// file written; the same --id again writes the same file and pays
// nothing twice. A journal without an IBAN, a missing company name and a
// supplier without a bank account are refused before anything is
// written.
func TestPaymentRunCommand(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	ok(t, dir, "journal", "add", "BNP", "--kind", "bank", "--iban", "FR7630006000011234567890189", "--outstanding", "--name", "BNP Paribas")
	ok(t, dir, "partner", "add", "S1", "--name", "Moulins de France", "--iban", "DE89370400440532013000")
	ok(t, dir, "partner", "add", "S2", "--name", "Papeterie Dupont", "--iban", "FR1420041010050500013M02606")
	ok(t, dir, "partner", "add", "S3", "--name", "Sans Banque")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-02", "--type", "invoice", "--ref", "FF-77", "--due", "2026-04-01",
		"--line", "401000:S1=-1200.00", "--line", "607000=1000.00@TVA20-DED", "--line", "445660=200.00@TVA20-DED")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-05", "--type", "invoice", "--ref", "P-12", "--due", "2026-04-05",
		"--line", "401000:S2=-360.00", "--line", "606400=300.00@TVA20-DED", "--line", "445660=60.00@TVA20-DED")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-05", "--type", "invoice", "--ref", "X-1", "--due", "2026-05-05",
		"--line", "401000:S3=-50.00", "--line", "606400=50.00")

	before := snapshot(t, dir)
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"run", "--journal", "BNP", "--date", "2026-04-10"}, 2, "--company is required"},
		{[]string{"run", "--journal", "BNP", "--date", "2026-04-10", "--company", "北京"}, 2, "no Latin letter or digit"},
		{[]string{"run", "--date", "2026-04-10", "--company", "X"}, 2, "--journal is required"},
		{[]string{"run", "--journal", "BQ", "--date", "2026-04-10", "--company", "X"}, 1, "needs the company's IBAN"},
		{[]string{"run", "--journal", "BNP", "--date", "2026-06-10", "--company", "X"}, 1, "supplier S3 has no bank account"},
		{[]string{"run", "--journal", "BNP", "--date", "2026-03-10", "--company", "X"}, 1, "no bill due by 2026-03-10"},
		{[]string{"run", "--journal", "BNP", "--date", "2026-04-10", "--due-by", "10/04", "--company", "X"}, 2, "--due-by"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.says, c.args)
	}
	assert.True(t, bytes.Equal(before, snapshot(t, dir)), "a refused run wrote to the book")
	_, err := os.Stat(filepath.Join(dir, "RUN-CHECK.xml"))
	assert.True(t, os.IsNotExist(err))

	const id = "0190a4a0-0000-7000-8000-000000000001"
	r := ok(t, dir, "run", "--journal", "BNP", "--date", "2026-04-10", "--company", "Ma Société SAS", "-o", "vir.xml", "--slip", "vir.pdf", "--id", id)
	assert.Regexp(t, `Payment run (RUN-[0-9a-f]{16}) on BNP, executed 10/04/2026: 2 suppliers, 1 560,00 EUR`, r.stdout)
	assert.Regexp(t, `S1 +Moulins de France +BNP/2026/00001 +1 200,00  RUN-[0-9a-f]{16}-1  AC/2026/00001`, r.stdout)
	assert.Contains(t, r.stdout, "SEPA credit transfer file vir.xml written")
	assert.Contains(t, r.stderr, "the execution date 10/04/2026 is past (today 31/12/2026)", "a file a bank would refuse is said so")
	xml, err := os.ReadFile(filepath.Join(dir, "vir.xml"))
	require.NoError(t, err)
	for _, want := range []string{"pain.001.001.09", "<NbOfTxs>2</NbOfTxs>", "<CtrlSum>1560.00</CtrlSum>", "<Nm>Ma Societe SAS</Nm>",
		"<IBAN>FR7630006000011234567890189</IBAN>", "<IBAN>DE89370400440532013000</IBAN>", "<Ustrd>FF-77</Ustrd>", "<Dt>2026-04-10</Dt>"} {
		assert.Contains(t, string(xml), want)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "vir.pdf"))
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))

	// The bills are paid, waiting on the outstanding payments account.
	r = ok(t, dir, "state", "AC/2026/00001")
	assert.Contains(t, r.stdout, "in_payment")

	// The same run again: replayed, the same file, nothing paid twice.
	r = ok(t, dir, "run", "--journal", "BNP", "--date", "2026-04-10", "--company", "Ma Société SAS", "-o", "again.xml", "--id", id)
	assert.Contains(t, r.stdout, "already booked: replayed")
	again, err := os.ReadFile(filepath.Join(dir, "again.xml"))
	require.NoError(t, err)
	assert.Equal(t, string(xml), string(again))
	r = ok(t, dir, "report", "journals", "--csv")
	assert.Equal(t, 4, strings.Count(r.stdout, "detail,BNP,BNP/2026/0000"), "two payments of two lines\n%s", r.stdout)
	assert.NotContains(t, r.stdout, "BNP/2026/00003")

	// JSON names every payment and the file.
	r = ok(t, dir, "--json", "run", "--journal", "BNP", "--date", "2026-04-10", "--company", "Ma Société SAS", "-o", "again.xml", "--id", id)
	var out struct {
		ID, Total, File string
		Replay          bool
		Payments        []struct {
			Partner, Amount string
			EndToEndID      string `json:"end_to_end_id"`
			Bills           []string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Equal(t, "1560.00", out.Total)
	assert.True(t, out.Replay)
	require.Len(t, out.Payments, 2)
	assert.Equal(t, []string{"AC/2026/00002"}, out.Payments[1].Bills)
	assert.Equal(t, out.ID+"-2", out.Payments[1].EndToEndID)
}
