package main_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Mandates recorded from the command line, refused when malformed or
// taken; a collection run collecting the customers with one, the others
// listed, its pain.008 file written; the same --id again collects nothing
// twice. Bad input is a usage error (2) or a refusal (1) that writes
// nothing.
func TestHrev201CollectCommand(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	ok(t, dir, "journal", "add", "BNP", "--kind", "bank", "--iban", "FR7630006000011234567890189", "--outstanding", "--name", "BNP Paribas")
	ok(t, dir, "partner", "add", "C04", "--name", "Müller GmbH", "--iban", "DE89370400440532013000")
	r := ok(t, dir, "partner", "mandate", "C01", "--iban", "FR1420041010050500013M02606", "--reference", "RUM-C01", "--signed", "2026-01-15")
	assert.Contains(t, r.stdout, "Mandate RUM-C01 (recurrent, signed 15/01/2026) recorded for C01 on FR14 2004 1010 0505 0001 3M02 606")
	r = ok(t, dir, "--json", "partner", "mandate", "C04", "--iban", "DE89370400440532013000", "--reference", "RUM-C04", "--signed", "2026-02-01", "--one-off")
	var pv struct {
		BankAccounts []struct {
			IBAN    string
			Mandate struct {
				Reference, Signed string
				OneOff            bool `json:"one_off"`
			}
		} `json:"bank_accounts"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &pv), r.stdout)
	require.Len(t, pv.BankAccounts, 1, "the account it had carries the mandate")
	assert.Equal(t, "RUM-C04", pv.BankAccounts[0].Mandate.Reference)
	assert.True(t, pv.BankAccounts[0].Mandate.OneOff)

	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1", "--due", "2026-04-01",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20")
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-03", "--type", "credit_note", "--ref", "AV-1",
		"--line", "411000:C01=-120.00", "--line", "706000=100.00@TVA20", "--line", "445710=20.00@TVA20")
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-05", "--type", "invoice", "--ref", "FA-2", "--due", "2026-04-05",
		"--line", "411000:C04=360.00", "--line", "706000=-300.00@TVA20", "--line", "445710=-60.00@TVA20")
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-05", "--type", "invoice", "--ref", "FA-3", "--due", "2026-04-05",
		"--line", "411000:C02=50.00", "--line", "706000=-50.00")

	before := snapshot(t, dir)
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"partner", "mandate", "C02", "--iban", "NL91ABNA0417164300", "--reference", "RUM C02", "--signed", "2026-01-15"}, 2, "--reference"},
		{[]string{"partner", "mandate", "C02", "--iban", "NL91ABNA0417164300", "--reference", "RUM-C02"}, 2, "--signed are required"},
		{[]string{"partner", "mandate", "C02", "--iban", "NL91ABNA0417164300", "--reference", "RUM-C02", "--signed", "15/01"}, 2, "--signed"},
		{[]string{"partner", "mandate", "C02", "--iban", "NL91ABNA0417164300", "--reference", "rum-c01", "--signed", "2026-01-15"}, 1, "partner C01"},
		{[]string{"partner", "mandate", "C09", "--iban", "NL91ABNA0417164300", "--reference", "RUM-C09", "--signed", "2026-01-15"}, 1, "unknown partner"},
		{[]string{"collect", "--journal", "BNP", "--date", "2026-04-10", "--company", "X"}, 2, "--creditor-id is required"},
		{[]string{"collect", "--journal", "BNP", "--date", "2026-04-10", "--company", "X", "--creditor-id", "FR73ZZZ123456"}, 2, "wrong check digits"},
		{[]string{"collect", "--journal", "BNP", "--date", "2026-04-10", "--creditor-id", "FR72ZZZ123456"}, 2, "--company is required"},
		{[]string{"collect", "--date", "2026-04-10", "--company", "X", "--creditor-id", "FR72ZZZ123456"}, 2, "--journal is required"},
		{[]string{"collect", "--journal", "BQ", "--date", "2026-04-10", "--company", "X", "--creditor-id", "FR72ZZZ123456"}, 1, "needs its IBAN"},
		{[]string{"collect", "--journal", "BNP", "--date", "2026-03-10", "--company", "X", "--creditor-id", "FR72ZZZ123456"}, 1, "no invoice due by 2026-03-10"},
		{[]string{"collect", "--journal", "BNP", "--date", "2026-04-10", "--partner", "C02", "--company", "X", "--creditor-id", "FR72ZZZ123456"}, 1, "no direct debit mandate"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.says, c.args)
	}
	assert.True(t, bytes.Equal(before, snapshot(t, dir)), "a refused command wrote to the book")

	const id = "0190a4a0-0000-7000-8000-000000000201"
	r = ok(t, dir, "collect", "--journal", "BNP", "--date", "2026-04-10", "--creditor-id", "fr72 zzz 123456", "--company", "Ma Société SAS",
		"-o", "prlv.xml", "--id", id)
	assert.Regexp(t, `Collection run (COL-[0-9a-f]{16}) on BNP, collected 10/04/2026: 2 customers, 1 440,00 EUR`, r.stdout)
	assert.Regexp(t, `C01 .* 1 080,00  COL-[0-9a-f]{16}-1  RCUR RUM-C01  VT/2026/00001  less VT/2026/00002`, r.stdout)
	assert.Regexp(t, `C04 +Müller GmbH .* 360,00  COL-[0-9a-f]{16}-2  OOFF RUM-C04  VT/2026/00003`, r.stdout)
	assert.Contains(t, r.stdout, "left out: C02, no direct debit mandate")
	assert.Contains(t, r.stdout, "SEPA direct debit file prlv.xml written")
	xml, err := os.ReadFile(filepath.Join(dir, "prlv.xml"))
	require.NoError(t, err)
	for _, want := range []string{"pain.008.001.02", "<NbOfTxs>2</NbOfTxs>", "<CtrlSum>1440.00</CtrlSum>", "<Nm>Ma Societe SAS</Nm>",
		"<Id>FR72ZZZ123456</Id>", "<SeqTp>RCUR</SeqTp>", "<SeqTp>OOFF</SeqTp>", "<MndtId>RUM-C01</MndtId>",
		"<ReqdColltnDt>2026-04-10</ReqdColltnDt>", "<Ustrd>FA-1 AV-1</Ustrd>"} {
		assert.Contains(t, string(xml), want)
	}
	r = ok(t, dir, "state", "VT/2026/00001")
	assert.Contains(t, r.stdout, "in_payment")

	// The same run again: replayed, the same file, nothing collected twice.
	r = ok(t, dir, "--json", "collect", "--journal", "BNP", "--date", "2026-04-10", "--creditor-id", "FR72ZZZ123456", "--company", "Ma Société SAS",
		"-o", "again.xml", "--id", id)
	var o struct {
		Replay      bool
		Total       string
		Collections []struct{ Sequence string }
		LeftOut     []struct{ Partner string } `json:"left_out"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &o), r.stdout)
	assert.True(t, o.Replay)
	assert.Equal(t, "1440.00", o.Total)
	assert.Len(t, o.Collections, 2)
	assert.Len(t, o.LeftOut, 1)
	again, err := os.ReadFile(filepath.Join(dir, "again.xml"))
	require.NoError(t, err)
	assert.Equal(t, string(xml), string(again))

	// A new run: C04's one-off mandate was used.
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-04-11", "--type", "invoice", "--ref", "FA-4", "--due", "2026-04-20",
		"--line", "411000:C04=10.00", "--line", "706000=-10.00")
	r = run(t, dir, "", "collect", "--journal", "BNP", "--date", "2026-04-25", "--partner", "C04", "--company", "X", "--creditor-id", "FR72ZZZ123456")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "one-off mandate RUM-C04 already collected")
}
