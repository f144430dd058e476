package main_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A customer's advance of 600,00 on 419100 and a credit note of 100,00,
// listed on its 1 000,00 invoice and used: 200,00 of the advance, then
// the credit note, then the rest of the advance.
func TestCreditListAndUse(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	step := func(args ...string) result {
		t.Helper()
		r := run(t, dir, "", args...)
		require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
		return r
	}
	step("post", "--journal", "BQD", "--date", "2026-03-10", "--type", "payment", "--ref", "ACOMPTE",
		"--line", "419100:C01=-600.00", "--line", "512000=600.00")
	step("post", "--journal", "VT", "--date", "2026-04-15", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=1000.00", "--line", "706000=-1000.00")
	step("post", "--journal", "VT", "--date", "2026-04-20", "--type", "credit_note", "--ref", "AV-1",
		"--line", "411000:C01=-100.00", "--line", "706000=100.00")

	var listed []struct {
		Line, Type, Account, Residual string
	}
	r := step("credit", "list", "VT/2026/00001", "--json")
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &listed), r.stdout)
	require.Len(t, listed, 2)
	assert.Equal(t, "VT/2026/00002:0 credit_note 411000 100.00", listed[0].Line+" "+listed[0].Type+" "+listed[0].Account+" "+listed[0].Residual)
	assert.Equal(t, "BQD/2026/00001:0 payment 419100 600.00", listed[1].Line+" "+listed[1].Type+" "+listed[1].Account+" "+listed[1].Residual)

	r = step("credit", "use", "VT/2026/00001", "BQD/2026/00001", "--amount", "200,00")
	assert.Contains(t, r.stdout, "OD/2026/00001 15/04/2026 misc")
	assert.Regexp(t, `VT/2026/00001\s+C01\s+partial\s+total\s+1.000,00\s+due\s+800,00`, r.stdout)
	r = step("credit", "use", "VT/2026/00001", "VT/2026/00002", "--json")
	var used struct {
		State struct{ State, Residual string } `json:"state"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &used), r.stdout)
	assert.Equal(t, "partial 700.00", used.State.State+" "+used.State.Residual)
	r = step("credit", "use", "VT/2026/00001", "BQD/2026/00001:0")
	assert.Regexp(t, `VT/2026/00001\s+C01\s+partial\s+total\s+1.000,00\s+due\s+300,00`, r.stdout)
	assert.Contains(t, step("credit", "list", "VT/2026/00001").stdout, "nothing outstanding")
	step("verify")
}

func TestCreditBadInput(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-04-15", "--type", "invoice",
		"--line", "411000:C01=1000.00", "--line", "706000=-1000.00")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "post", "--journal", "BQD", "--date", "2026-03-10", "--type", "payment",
		"--line", "419100:C01=-600.00", "--line", "512000=600.00")
	require.Equal(t, 0, r.code, r.stderr)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"credit", "list"}, 2, ""},
		{[]string{"credit", "use", "VT/2026/00001"}, 2, ""},
		{[]string{"credit", "list", "VT/2026/00099"}, 1, "no entry of that number"},
		{[]string{"credit", "use", "VT/2026/00001", "BQD/2026/00001", "--amount", "1e3"}, 2, "--amount"},
		{[]string{"credit", "use", "VT/2026/00001", "BQD/2026/00001", "--amount", "600.01"}, 1, "600.01"},
		{[]string{"credit", "use", "VT/2026/00001", "BQD/2026/00001:7"}, 1, "no line"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s%s", c.args, r.stdout, r.stderr)
		assert.Contains(t, r.stderr, c.want, c.args)
	}
	r = run(t, dir, "", "state", "VT/2026/00001")
	assert.Contains(t, r.stdout, "not_paid", "nothing was written")
}

// A euro credit note used for part of a dollar invoice: --amount is in
// dollars, the currency the two letter in.
func TestCreditUseEuroCreditOnDollarInvoice(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	step := func(stdin string, args ...string) result {
		t.Helper()
		r := run(t, dir, stdin, args...)
		require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
		return r
	}
	step("", "rate", "set", "USD", "2026-01-01", "1.25")
	step(`{"journal":"VT","date":"2026-04-15","type":"invoice","ref":"FA-USD","currency":"USD","lines":[
		{"account":"411000","partner":"C01","debit":"800.00","amount_currency":"1000.00"},
		{"account":"706000","credit":"800.00","amount_currency":"-1000.00"}]}`, "post", "-")
	step("", "post", "--journal", "VT", "--date", "2026-04-20", "--type", "credit_note", "--ref", "AV-1",
		"--line", "411000:C01=-200.00", "--line", "706000=200.00")
	r := step("", "credit", "use", "VT/2026/00001", "VT/2026/00002", "--amount", "125.00", "--json")
	var used struct {
		State struct{ State, Residual, Currency string } `json:"state"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &used), r.stdout)
	assert.Equal(t, "partial 875.00 USD", used.State.State+" "+used.State.Residual+" "+used.State.Currency)
	step("", "verify")
}
