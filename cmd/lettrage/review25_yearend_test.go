package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The month-end figures agree across reports: the balance générale, the
// balance auxiliaire, the grand livre, the balance âgée, the partner's
// statement and the VAT report say the same thing about 411000 and the
// VAT accounts, in text and in JSON.
func TestReview25ReportsAgree(t *testing.T) {
	t.Parallel()
	dir := review25Book(t)

	bal := must(t, dir, "", "report", "balance", "--year", "2026").stdout
	// Opening, debit, credit, closing, debit balance.
	assert.Equal(t, []string{"0,00", "2 371,00", "2 071,00", "300,00", "300,00"}, amountsOf(bal, "411000"), bal)
	assert.Equal(t, "-321,00", amountsOf(bal, "445710")[3], bal)
	assert.Equal(t, "80,00", amountsOf(bal, "445660")[3], bal)
	assert.Equal(t, "-50,00", amountsOf(bal, "445740")[3], bal)
	assert.Equal(t, "1 590,00", amountsOf(bal, "512000")[3], bal)
	assert.Equal(t, []string{"0,00", "6 302,00", "6 302,00", "0,00", "2 371,00", "2 371,00"}, amountsOf(bal, "Total", "0,00"), bal)

	aux := must(t, dir, "", "report", "aux", "--year", "2026").stdout
	assert.Equal(t, "300,00", amountsOf(aux, "411000", "C001")[3], aux)
	assert.Equal(t, "0,00", amountsOf(aux, "411000", "C002")[3], aux)
	assert.Equal(t, "300,00", amountsOf(aux, "411000", "Total")[3], aux)
	assert.Equal(t, "0,00", amountsOf(aux, "401000", "Total")[3], aux)

	ledger := must(t, dir, "", "report", "ledger", "--year", "2026", "--account", "411000", "--by-partner").stdout
	assert.Equal(t, "300,00", amountsOf(ledger, "411000", "Total", "411000", "Clients")[2], ledger)

	aged := must(t, dir, "", "report", "aged", "--at", "2026-12-31").stdout
	assert.Equal(t, "300,00", last(amountsOf(aged, "411000", "C001")), aged)
	assert.Equal(t, "300,00", last(amountsOf(aged, "411000", "Total")), aged)
	assert.Empty(t, amountsOf(aged, "411000", "C002"), "C002 owes nothing\n%s", aged)

	st := must(t, dir, "", "report", "statement", "C001").stdout
	assert.Equal(t, "300,00", last(amountsOf(st, "Balance")), st)

	vat := must(t, dir, "", "report", "vat", "--year", "2026").stdout
	assert.Equal(t, "321,00", last(amountsOf(vat, "Collected")), "VAT collected = 445710's credit balance\n%s", vat)
	assert.Equal(t, "80,00", last(amountsOf(vat, "Deductible")), "VAT deductible = 445660's debit balance\n%s", vat)
	assert.Equal(t, []string{"1 300,00", "260,00"}, amountsOf(vat, "445710", "TVA20"), vat)
	assert.Equal(t, []string{"200,00", "11,00"}, amountsOf(vat, "445710", "TVA5.5"), vat)
	assert.Equal(t, []string{"250,00", "50,00"}, amountsOf(vat, "445710", "TVA20-ENC"), vat)

	// JSON carries the same figures.
	var tbl struct {
		Rows []struct {
			Kind  string `json:"kind"`
			Cells []any  `json:"cells"`
		} `json:"rows"`
	}
	js := must(t, dir, "", "report", "balance", "--year", "2026", "--json").stdout
	require.NoError(t, json.Unmarshal([]byte(js), &tbl), js)
	got := map[string]any{}
	for _, r := range tbl.Rows {
		if r.Kind == "detail" {
			got[r.Cells[0].(string)] = r.Cells[6]
		}
		if r.Kind == "grand total" {
			got["total debit"] = r.Cells[4]
		}
	}
	assert.Equal(t, map[string]any{"401000": "0.00", "411000": "300.00", "445660": "80.00", "445710": "-321.00", "445740": "-50.00",
		"512000": "1590.00", "601000": "400.00", "658000": "1.00", "706000": "-500.00", "707000": "-1500.00", "total debit": "6302.00"}, got)
	var agedJSON []struct {
		CompanyTotal string `json:"company_total"`
	}
	js = must(t, dir, "", "report", "aged", "--at", "2026-12-31", "--json").stdout
	require.NoError(t, json.Unmarshal([]byte(js), &agedJSON), js)
	require.NotEmpty(t, agedJSON)
	assert.Equal(t, "300.00", agedJSON[len(agedJSON)-1].CompanyTotal, js)

	r := runAt(t, dir, r25Now, "", "verify")
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)
}

// The FEC of 2026 validates and its totals are the balance's; the year
// is closed; entries into it are refused and write nothing; 2027 opens on
// the à-nouveaux (411000 per open item, the result on 120000) and its FEC
// validates too, with the à-nouveaux first.
func TestReview25YearEnd(t *testing.T) {
	t.Parallel()
	dir := review25Book(t)
	require.NoError(t, os.Mkdir(filepath.Join(dir, "out"), 0o755))

	r := must(t, dir, "", "export", "fec", "--year", "2026", "--siren", "732829320", "--dir", "out", "--json")
	var fec struct{ Debit, Credit string }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &fec), r.stdout)
	assert.Equal(t, "6302.00", fec.Debit, "the FEC's debits are the balance's")
	assert.Equal(t, "6302.00", fec.Credit)
	r = must(t, dir, "", "validate-fec", "out/732829320FEC20261231.txt")
	assert.Contains(t, r.stdout, "0 errors, 0 warnings")

	// Not before the accountant has looked: closing is for good.
	r = runAt(t, dir, "2026-12-31T12:00:00Z", "", "close", "--year", "2026", "--by", "alice")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "not ended")
	r = must(t, dir, "", "close", "--year", "2026", "--by", "alice")
	assert.Contains(t, r.stdout, "Fiscal year 2026 (to 31/12/2026) closed by alice")

	before := must(t, dir, "", "export", "csv", "--year", "2026").stdout
	for _, bad := range [][]string{
		{"post", "--journal", "OD", "--date", "2026-12-20", "--ref", "OD-9", "--line", "627000=10", "--line", "512000=-10"},
		{"pay", "VT/2026/00003", "--date", "2026-12-30", "--journal", "BNP"},
	} {
		r = runAt(t, dir, r25Now, "", bad...)
		assert.Equal(t, 1, r.code, "%v: %s", bad, r.stdout)
		assert.Contains(t, r.stderr, "closed", "%v", bad)
		assert.Empty(t, r.stdout, "%v", bad)
	}
	assert.Equal(t, before, must(t, dir, "", "export", "csv", "--year", "2026").stdout, "nothing written into the closed year")

	bal := must(t, dir, "", "report", "balance", "--year", "2027").stdout
	assert.Equal(t, "300,00", amountsOf(bal, "411000")[0], bal)
	assert.Equal(t, "-1 599,00", amountsOf(bal, "120000")[0], "the profit of 2026\n%s", bal)
	assert.Equal(t, "1 590,00", amountsOf(bal, "512000")[0], bal)
	assert.Empty(t, amountsOf(bal, "707000"), "P&L accounts restart\n%s", bal)

	// The rest of FA-3 paid in 2027: its cash-basis VAT is due in 2027.
	must(t, dir, "", "pay", "VT/2026/00003", "--date", "2027-01-12", "--journal", "BNP")
	vat := must(t, dir, "", "report", "vat", "--year", "2027").stdout
	assert.Equal(t, []string{"250,00", "50,00"}, amountsOf(vat, "445710", "TVA20-ENC"), vat)

	must(t, dir, "", "export", "fec", "--year", "2027", "--siren", "732829320", "--dir", "out")
	r = must(t, dir, "", "validate-fec", "out/732829320FEC20271231.txt")
	assert.Contains(t, r.stdout, "0 errors, 0 warnings")
	body, err := os.ReadFile(filepath.Join(dir, "out", "732829320FEC20271231.txt"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(body)), "\n")
	require.Greater(t, len(lines), 2)
	assert.True(t, strings.HasPrefix(lines[1], "AN\t"), "the à-nouveaux first: %s", lines[1])
	var fa3 string
	for _, l := range lines {
		if f := strings.Split(l, "\t"); f[0] == "AN" && f[4] == "411000" {
			fa3 = l
		}
	}
	f := strings.Split(fa3, "\t")
	require.Len(t, f, 18, fa3)
	assert.Equal(t, []string{"C001", "FA-3", "300,00", "0,00", "20270112"}, []string{f[6], f[8], f[11], f[12], f[14]},
		"FA-3's opening line, lettered in 2027")
}
