package main_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hrev181Step(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	r := run(t, dir, stdin, args...)
	require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
	return r
}

// A supplier's advance on 409100 used on its bill: the transfer is
// Dr 401000 / Cr 409100; unlettering the bill reverses it.
func TestHrev181SupplierAdvance(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev181Step(t, dir, "", "post", "--journal", "BQ", "--date", "2026-03-10", "--type", "payment", "--ref", "ACPT",
		"--line", "409100:C01=500.00", "--line", "512000=-500.00")
	hrev181Step(t, dir, "", "post", "--journal", "AC", "--date", "2026-04-15", "--type", "invoice", "--ref", "FF-1",
		"--line", "401000:C01=-1200.00", "--line", "607000=1200.00")
	var listed []map[string]string
	r := hrev181Step(t, dir, "", "credit", "list", "AC/2026/00001", "--json")
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &listed), r.stdout)
	require.Len(t, listed, 1)
	assert.Equal(t, map[string]string{"line": "BQ/2026/00001:0", "type": "payment", "account": "409100",
		"date": "2026-03-10", "ref": "ACPT", "residual": "500.00"}, listed[0])

	r = hrev181Step(t, dir, "", "credit", "use", "AC/2026/00001", "BQ/2026/00001", "--amount", "300,00", "--json")
	var used struct {
		Entries []struct {
			Number, Date string
			Lines        []struct{ Account, Partner, Balance string }
		}
		State struct{ State, Total, Residual string }
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &used), r.stdout)
	require.Len(t, used.Entries, 1)
	e := used.Entries[0]
	assert.Equal(t, "OD/2026/00001 2026-04-15", e.Number+" "+e.Date)
	require.Len(t, e.Lines, 2)
	assert.Equal(t, "409100 C01 -300.00", e.Lines[0].Account+" "+e.Lines[0].Partner+" "+e.Lines[0].Balance)
	assert.Equal(t, "401000 C01 300.00", e.Lines[1].Account+" "+e.Lines[1].Partner+" "+e.Lines[1].Balance)
	assert.Equal(t, "partial 1200.00 900.00", used.State.State+" "+used.State.Total+" "+used.State.Residual)
	assert.Contains(t, hrev181Step(t, dir, "", "credit", "list", "AC/2026/00001").stdout, "200,00")

	r = hrev181Step(t, dir, "", "credit", "use", "AC/2026/00001", "BQ/2026/00001")
	assert.Regexp(t, `AC/2026/00001\s+C01\s+partial\s+total\s+1.200,00\s+due\s+700,00`, r.stdout)
	r = hrev181Step(t, dir, "", "unletter", "AC/2026/00001")
	assert.Contains(t, r.stdout, "OD/2026/00003 OD/2026/00004")
	assert.Contains(t, hrev181Step(t, dir, "", "state", "AC/2026/00001").stdout, "not_paid")
	r = hrev181Step(t, dir, "", "report", "trial", "--at", "2026-12-31")
	assert.Regexp(t, `409100 .*\s500,00\n`, r.stdout)
	assert.Regexp(t, `401000 .*\s-1.200,00\n`, r.stdout)
	assert.Contains(t, hrev181Step(t, dir, "", "credit", "list", "AC/2026/00001").stdout, "500,00")
	hrev181Step(t, dir, "", "verify")
}

// Refusals: another partner's credit note or advance, an invoice as the
// credit, a paid invoice, a bad --amount; nothing written.
func TestHrev181CreditRefusals(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev181Step(t, dir, "", "post", "--journal", "VT", "--date", "2026-04-15", "--type", "invoice",
		"--line", "411000:C01=1000.00", "--line", "706000=-1000.00")
	hrev181Step(t, dir, "", "post", "--journal", "VT", "--date", "2026-04-20", "--type", "credit_note",
		"--line", "411000:C02=-100.00", "--line", "706000=100.00")
	hrev181Step(t, dir, "", "post", "--journal", "VT", "--date", "2026-04-21", "--type", "invoice",
		"--line", "411000:C01=300.00", "--line", "706000=-300.00")
	hrev181Step(t, dir, "", "post", "--journal", "BQ", "--date", "2026-03-10", "--type", "payment",
		"--line", "419100:C02=-600.00", "--line", "512000=600.00")
	hrev181Step(t, dir, "", "post", "--journal", "BQ", "--date", "2026-05-10", "--type", "payment",
		"--line", "411000:C01=-300.00", "--line", "512000=300.00")
	hrev181Step(t, dir, "", "letter", "VT/2026/00003", "BQ/2026/00002")
	hrev181Step(t, dir, "", "post", "--journal", "VT", "--date", "2026-04-22", "--type", "credit_note",
		"--line", "411000:C01=-50.00", "--line", "706000=50.00")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"credit", "use", "VT/2026/00001", "VT/2026/00002"}, 1, "different partners"},
		{[]string{"credit", "use", "VT/2026/00001", "BQ/2026/00001"}, 1, "different partners"},
		{[]string{"credit", "use", "VT/2026/00001", "VT/2026/00003"}, 1, "facing"},
		{[]string{"credit", "use", "VT/2026/00001", "VT/2026/00001"}, 1, "facing"},
		{[]string{"credit", "use", "VT/2026/00003", "VT/2026/00004"}, 1, "owes nothing"},
		{[]string{"credit", "use", "VT/2026/00001", "VT/2026/00004", "--amount", "1.000,00"}, 2, "--amount"},
		{[]string{"credit", "use", "VT/2026/00001", "VT/2026/00004", "--amount", "10,005"}, 2, "--amount"},
		{[]string{"credit", "use", "VT/2026/00001", "VT/2026/00004", "--amount", "0"}, 2, "positive"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s%s", c.args, r.stdout, r.stderr)
		assert.Contains(t, r.stderr, c.want, c.args)
	}
	assert.Contains(t, hrev181Step(t, dir, "", "state", "VT/2026/00001").stdout, "not_paid")
	assert.Contains(t, hrev181Step(t, dir, "", "verify").stdout, "6 entries")
}

// A USD invoice, a USD credit note used for 110,00 USD, then a second one
// at another rate: the exchange difference to 756000, reversed by unletter.
func TestHrev181CreditUSD(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev181Step(t, dir, `{"journal":"VT","date":"2026-04-15","type":"invoice","ref":"FA-US","currency":"USD","lines":[{"account":"411000","partner":"C01","debit":"1000.00","amount_currency":"1100.00"},{"account":"706000","credit":"1000.00","amount_currency":"-1100.00"}]}`, "post", "-")
	hrev181Step(t, dir, `{"journal":"VT","date":"2026-05-15","type":"credit_note","ref":"AV-US","currency":"USD","lines":[{"account":"411000","partner":"C01","credit":"200.00","amount_currency":"-220.00"},{"account":"706000","debit":"200.00","amount_currency":"220.00"}]}`, "post", "-")
	var listed []map[string]string
	r := hrev181Step(t, dir, "", "credit", "list", "VT/2026/00001", "--json")
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &listed), r.stdout)
	require.Len(t, listed, 1)
	assert.Equal(t, "220.00 USD", listed[0]["residual"]+" "+listed[0]["currency"])

	r = hrev181Step(t, dir, "", "credit", "use", "VT/2026/00001", "VT/2026/00002", "--amount", "110,00", "--json")
	var used struct {
		State map[string]any `json:"state"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &used), r.stdout)
	assert.Equal(t, "partial 990.00 USD 900.00", used.State["state"].(string)+" "+used.State["residual"].(string)+" "+
		used.State["currency"].(string)+" "+used.State["company_residual"].(string))
	assert.Contains(t, hrev181Step(t, dir, "", "credit", "list", "VT/2026/00001").stdout, "110,00 USD")

	hrev181Step(t, dir, `{"journal":"VT","date":"2026-06-15","type":"credit_note","ref":"AV-US2","currency":"USD","lines":[{"account":"411000","partner":"C01","credit":"950.00","amount_currency":"-990.00"},{"account":"706000","debit":"950.00","amount_currency":"990.00"}]}`, "post", "-")
	r = run(t, dir, "", "credit", "use", "VT/2026/00001", "VT/2026/00003", "--amount", "1000")
	assert.Equal(t, 1, r.code, r.stderr)
	r = hrev181Step(t, dir, "", "credit", "use", "VT/2026/00001", "VT/2026/00003")
	assert.Regexp(t, `CHG/2026/00001 15/06/2026 exchange_difference`, r.stdout)
	assert.Regexp(t, `411000\s+C01\s+50,00`, r.stdout)
	assert.Regexp(t, `756000\s+-50,00`, r.stdout)
	assert.Regexp(t, `VT/2026/00001\s+C01\s+\S+\s+total\s+1.100,00 USD\s+due\s+0,00 USD`, r.stdout)
	r = hrev181Step(t, dir, "", "unletter", "VT/2026/00003")
	assert.Contains(t, r.stdout, "CHG/2026/00002")
	assert.Regexp(t, `VT/2026/00001\s+C01\s+not_paid\s+total\s+1.100,00 USD\s+due\s+1.100,00 USD`,
		hrev181Step(t, dir, "", "state", "VT/2026/00001").stdout)
	assert.Regexp(t, `411000 .*\s-150,00\n`, hrev181Step(t, dir, "", "report", "trial", "--at", "2026-12-31").stdout)
	hrev181Step(t, dir, "", "verify")
}

func TestHrev181CreditUseHelp(t *testing.T) {
	t.Parallel()
	r := run(t, t.TempDir(), "", "credit", "use", "--help")
	assert.Equal(t, 0, r.code)
	out := r.stdout + r.stderr
	for _, s := range []string{"NUMBER LINE", "--amount", "419100", "409100", "credit list"} {
		assert.Contains(t, out, s)
	}
}

// Revalue: an unknown journal writes nothing; a loss with its provision;
// a second run at a corrected rate posts the difference; a USD bank
// account refuses a euro line and is revalued to 666000/766000.
func TestHrev181Revalue(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	hrev181Step(t, dir, "", "init", "--year", "2026,2027")
	hrev181Step(t, dir, "", "partner", "add", "C01")
	hrev181Step(t, dir, `{"journal":"VT","date":"2026-04-15","type":"invoice","ref":"FA-US","currency":"USD","lines":[{"account":"411000","partner":"C01","debit":"1000.00","amount_currency":"1100.00"},{"account":"706000","credit":"1000.00","amount_currency":"-1100.00"}]}`, "post", "-")
	r := run(t, dir, "", "revalue", "--date", "2026-12-31", "--rate", "USD=1.25", "--journal", "XX")
	assert.Equal(t, 1, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, `unknown journal: "XX"`)
	assert.Contains(t, hrev181Step(t, dir, "", "verify").stdout, "1 entries")

	r = hrev181Step(t, dir, "", "revalue", "--date", "2026-12-31", "--rate", "USD=1,25", "--provision")
	assert.Regexp(t, `411000\s+C01\s+-120,00`, r.stdout)
	assert.Regexp(t, `681500\s+120,00`, r.stdout)
	assert.Contains(t, r.stdout, "OD/2027/00001 01/01/2027")
	r = hrev181Step(t, dir, "", "revalue", "--date", "2026-12-31", "--rate", "USD=1.20", "--provision")
	assert.Regexp(t, `411000\s+C01\s+36,67`, r.stdout)
	assert.Regexp(t, `681500\s+83,33`, r.stdout)
	r = hrev181Step(t, dir, "", "revalue", "--date", "2026-12-31", "--rate", "USD=1.20", "--provision", "--json")
	assert.JSONEq(t, `{"date":"2026-12-31","entries":[]}`, r.stdout)
	r = hrev181Step(t, dir, "", "report", "trial", "--at", "2026-12-31")
	assert.Regexp(t, `151500 .*\s-83,33\n`, r.stdout)
	assert.Regexp(t, `411000 .*\s916,67\n`, r.stdout)
	assert.Regexp(t, `476000 .*\s83,33\n`, r.stdout)
	assert.Regexp(t, `Total\s+1.480,00\s+1.480,00\s+0,00`, r.stdout)

	hrev181Step(t, dir, "", "account", "add", "512400", "--kind", "bank", "--currency", "USD")
	r = run(t, dir, "", "post", "--journal", "BQ", "--date", "2026-05-10", "--type", "misc",
		"--line", "512400=100.00", "--line", "512000=-100.00")
	assert.Equal(t, 1, r.code, r.stdout)
	assert.Contains(t, r.stderr, "512400 is in USD")
	hrev181Step(t, dir, `{"journal":"BQ","date":"2026-05-11","type":"misc","currency":"USD","lines":[{"account":"512400","debit":"1000.00","amount_currency":"1100.00"},{"account":"512000","credit":"1000.00","amount_currency":"-1100.00"}]}`, "post", "-")
	r = hrev181Step(t, dir, "", "revalue", "--date", "2026-12-31", "--rate", "USD=1.20", "--provision")
	assert.Regexp(t, `666000\s+83,33`, r.stdout)
	assert.Regexp(t, `512400\s+-83,33`, r.stdout)
	r = hrev181Step(t, dir, "", "revalue", "--date", "2026-12-31", "--rate", "USD=1.10", "--provision")
	assert.Regexp(t, `766000\s+-83,33`, r.stdout)
	r = hrev181Step(t, dir, "", "report", "trial", "--at", "2026-12-31")
	assert.Regexp(t, `151500 .*\s0,00\n`, r.stdout)
	assert.Regexp(t, `411000 .*\s1.000,00\n`, r.stdout)
	assert.Regexp(t, `512400 .*\s1.000,00\n`, r.stdout)
	hrev181Step(t, dir, "", "verify")
}
