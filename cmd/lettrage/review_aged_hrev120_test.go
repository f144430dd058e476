package main_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// hrev120CLIBook posts through the command the review's receivables:
// C01 an invoice of 1 000.00 in three instalments (300.00 due 3 March,
// 300.00 due 2 April, 400.00 due 15 July) partly paid 450.00 on 14 April,
// a credit note of 80.00 on 10 May, an unallocated receipt of 200.00 on
// 20 June, an invoice of 500.00 due 31 March paid on 5 July; C02 a credit
// balance of 150.00; C03 a USD invoice of 1 200.00 USD (1 000.00 EUR)
// due 31 March paid 480.00 EUR at 1.25 (600.00 USD) on 15 April.
func hrev120CLIBook(t *testing.T) string {
	t.Helper()
	dir := newBook(t)
	post := func(stdin string) {
		r := run(t, dir, stdin, "post", "-")
		require.Equal(t, 0, r.code, r.stderr)
	}
	for _, args := range [][]string{{"rate", "set", "USD", "2026-01-01", "1.20"}, {"rate", "set", "USD", "2026-04-01", "1.25"}} {
		r := run(t, dir, "", args...)
		require.Equal(t, 0, r.code, r.stderr)
	}
	post(`{"journal":"VT","date":"2026-02-01","type":"invoice","ref":"FA-1","lines":[
{"account":"411000","partner":"C01","debit":"300.00","due":"2026-03-03"},
{"account":"411000","partner":"C01","debit":"300.00","due":"2026-04-02"},
{"account":"411000","partner":"C01","debit":"400.00","due":"2026-07-15"},
{"account":"706000","credit":"1000.00"}]}`)
	post(`{"journal":"VT","date":"2026-05-10","type":"credit_note","ref":"AV-1","lines":[
{"account":"411000","partner":"C01","credit":"80.00"},{"account":"706000","debit":"80.00"}]}`)
	post(`{"journal":"VT","date":"2026-03-01","type":"invoice","ref":"FA-2","lines":[
{"account":"411000","partner":"C01","debit":"500.00","due":"2026-03-31"},{"account":"706000","credit":"500.00"}]}`)
	post(`{"journal":"VT","date":"2026-06-01","type":"invoice","ref":"FA-3","lines":[
{"account":"411000","partner":"C02","debit":"100.00","due":"2026-07-01"},{"account":"706000","credit":"100.00"}]}`)
	post(`{"journal":"VT","date":"2026-03-01","type":"invoice","ref":"FA-4","currency":"USD","lines":[
{"account":"411000","partner":"C03","amount_currency":"1200.00","due":"2026-03-31"},{"account":"706000","amount_currency":"-1200.00"}]}`)
	for _, args := range [][]string{
		{"pay", "VT/2026/00001", "--amount", "450.00", "--date", "2026-04-14"},
		{"pay", "--partner", "C01", "--direction", "in", "--amount", "200.00", "--date", "2026-06-20"},
		{"pay", "VT/2026/00003", "--date", "2026-07-05"},
		{"pay", "VT/2026/00004", "--amount", "250.00", "--date", "2026-06-05"},
		{"pay", "VT/2026/00005", "--amount", "480.00", "--rate", "1.25", "--date", "2026-04-15"},
	} {
		r := run(t, dir, "", args...)
		require.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
	}
	return dir
}

// passes. The balance âgée at 30 June by hand: C01 not due 400.00 (third
// instalment), 1-30 -200.00 (receipt of 20 June), 31-60 -80.00 (credit
// note, 51 days), 61-90 150.00 (second instalment, 89 days), > 90 500.00
// (FA-2, 91 days: its receipt is dated 5 July); C02 -150.00 (25 days);
// C03 600.00 USD in > 90, 500.00 EUR in the account's total of 1 120.00.
// The statements as they stand (31 December) agree: C01 550.00 due less
// 280.00 unallocated, C03 500.00 (600.00 USD).
func TestHrev120CLIAgedAndStatement(t *testing.T) {
	t.Parallel()
	dir := hrev120CLIBook(t)
	r := run(t, dir, "", "report", "aged", "--at", "2026-06-30", "--account", "411000", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	require.Equal(t, "Row,Account,Partner,Name,not due,1-30,31-60,61-90,> 90,Total,Currency\n"+
		"detail,411000,C01,C01,400.00,-200.00,-80.00,150.00,500.00,770.00,\n"+
		"detail,411000,C02,C02,0.00,-150.00,0.00,0.00,0.00,-150.00,\n"+
		"detail,411000,C03,C03,0.00,0.00,0.00,0.00,600.00,600.00,USD\n"+
		"total,411000,,Total Clients,400.00,-350.00,-80.00,150.00,1000.00,1120.00,\n", r.stdout)
	for _, c := range []struct{ p, due, unalloc, balance string }{
		{"C01", "550,00", "-280,00", "270,00"}, {"C03", "500,00", "0,00", "500,00"}} {
		r = run(t, dir, "", "report", "statement", c.p)
		require.Equal(t, 0, r.code, r.stderr)
		out := strings.ReplaceAll(r.stdout, "\u202f", " ")
		require.Regexp(t, `(?m)^Due +`+c.due+` *$`, out)
		require.Regexp(t, `(?m)^Unallocated +`+c.unalloc+` *$`, out)
		require.Regexp(t, `(?m)^Balance +`+c.balance+` *$`, out)
	}
}
