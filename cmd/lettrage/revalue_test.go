package main_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A year end with a customer owing dollars and dollars in the bank:
// 'revalue' posts the écart de conversion (reversed on 01/01) and the
// bank's exchange gain in one run; run again, it posts nothing.
func TestRevalueYearEnd(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	step := func(stdin string, args ...string) result {
		t.Helper()
		r := run(t, dir, stdin, args...)
		require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
		return r
	}
	step("", "year", "add")
	step("", "account", "add", "512400", "--name", "Banque USD", "--kind", "bank", "--currency", "usd")
	assert.Contains(t, step("", "account", "list").stdout, "Banque USD [USD]")
	// C01 owes 1 000,00 USD booked 800,00 €; the bank holds 1 500,00 USD
	// booked 1 216,67 €.
	step(`{"journal":"VT","date":"2026-11-02","type":"invoice","ref":"FA-USD","currency":"USD","lines":[
		{"account":"411000","partner":"C01","debit":"800.00","amount_currency":"1000.00"},
		{"account":"706000","credit":"800.00","amount_currency":"-1000.00"}]}`, "post", "-")
	step(`{"journal":"OD","date":"2026-03-10","currency":"USD","lines":[
		{"account":"512400","debit":"1216.67","amount_currency":"1500.00"},
		{"account":"580000","credit":"1216.67","amount_currency":"-1500.00"}]}`, "post", "-")

	r := step("", "revalue", "--date", "2026-12-31", "--rate", "USD=1,10", "--json")
	var out struct {
		Date    string `json:"date"`
		Entries []struct {
			Number string `json:"number"`
			Date   string `json:"date"`
			Type   string `json:"type"`
			Lines  []struct {
				Account string `json:"account"`
				Balance string `json:"balance"`
			} `json:"lines"`
		} `json:"entries"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	var got []string
	for _, e := range out.Entries {
		for _, l := range e.Lines {
			got = append(got, e.Number+" "+e.Date+" "+e.Type+" "+l.Account+" "+l.Balance)
		}
	}
	// 1 000,00 USD at 1,10 = 909,09 €: 109,09 of unrealised gain;
	// 1 500,00 USD at 1,10 = 1 363,64 €: 146,97 gained on the bank.
	assert.Equal(t, []string{
		"OD/2026/00002 2026-12-31 revaluation 411000 109.09", "OD/2026/00002 2026-12-31 revaluation 477000 -109.09",
		"OD/2027/00001 2027-01-01 revaluation 411000 -109.09", "OD/2027/00001 2027-01-01 revaluation 477000 109.09",
		"OD/2026/00003 2026-12-31 exchange_difference 512400 146.97", "OD/2026/00003 2026-12-31 exchange_difference 766000 -146.97",
	}, got)

	again := step("", "revalue", "--date", "2026-12-31", "--rate", "usd=1.10")
	assert.Contains(t, again.stdout, "Nothing to revalue on 31/12/2026")
	step("", "verify")
}

func TestRevalueBadInput(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"revalue"}, 2, "--date is required"},
		{[]string{"revalue", "--date", "2026-13-01"}, 2, "--date"},
		{[]string{"revalue", "--date", "2026-12-31", "--rate", "USD"}, 2, "CODE=RATE"},
		{[]string{"revalue", "--date", "2026-12-31", "--rate", "USD=abc"}, 2, "--rate"},
		{[]string{"revalue", "--date", "2026-12-31", "--rate", "USD=1.1", "--rate", "USD=1.2"}, 2, "twice"},
		{[]string{"revalue", "--date", "2026-12-31", "--rate", "EUR=1"}, 1, "company currency"},
		{[]string{"revalue", "--date", "2026-12-31", "extra"}, 2, ""},
		{[]string{"account", "add", "512900", "--kind", "bank", "--currency", "XYZ"}, 2, "--currency"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s%s", c.args, r.stdout, r.stderr)
		assert.Contains(t, r.stderr, c.want, c.args)
	}
	r := run(t, dir, "", "revalue", "--date", "2026-12-31")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Nothing to revalue")
}
