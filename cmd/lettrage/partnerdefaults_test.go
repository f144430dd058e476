package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An invoice posted without --due is due after the partner's payment
// terms; --due still wins, and a partner without terms is due at once.
func TestPostInvoiceTakesPartnerTerms(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "partner", "add", "C09", "--terms", "30", "--method", "cheque")
	require.Equal(t, 0, r.code, r.stderr)
	post := func(partner string, extra ...string) result {
		args := append([]string{"--json", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice",
			"--line", "411000:" + partner + "=120,00", "--line", "706000=-100,00", "--line", "445710=-20,00"}, extra...)
		r := run(t, dir, "", args...)
		require.Equal(t, 0, r.code, r.stderr)
		return r
	}
	assert.Contains(t, post("C09").stdout, `"due": "2026-04-01"`)
	assert.Contains(t, post("C09", "--due", "2026-03-15").stdout, `"due": "2026-03-15"`)
	assert.NotContains(t, post("C01").stdout, `"due"`)

	// pay without --method: the partner's (a cheque), the library's default.
	r = run(t, dir, "", "pay", "VT/2026/00001", "--date", "2026-03-20")
	require.Equal(t, 0, r.code, r.stderr)
}

// Terms "45 jours fin de mois": 10 March + 45 days = 24 April, due on 30
// April; "fin de mois" alone is due at the end of the invoice's month. The
// partner's JSON says so.
func TestPostInvoiceTakesPartnerTermsEndOfMonth(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "--json", "partner", "add", "C45", "--terms", "45", "--end-of-month")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"payment_term_end_of_month": true`)
	r = run(t, dir, "", "partner", "add", "CFM", "--end-of-month")
	require.Equal(t, 0, r.code, r.stderr)
	post := func(partner string) result {
		r := run(t, dir, "", "--json", "post", "--journal", "VT", "--date", "2026-03-10", "--type", "invoice",
			"--line", "411000:"+partner+"=120,00", "--line", "706000=-100,00", "--line", "445710=-20,00")
		require.Equal(t, 0, r.code, r.stderr)
		return r
	}
	assert.Contains(t, post("C45").stdout, `"due": "2026-04-30"`)
	assert.Contains(t, post("CFM").stdout, `"due": "2026-03-31"`)
}

// Terms "45 jours fin de mois le 10" (--day-of-month): an invoice posted
// on 10 March (24 April, end of month 30 April) is due on 10 May, one
// imported dated 10 January (24 February, 28 February) on 10 March. A day
// out of range is a usage error that writes nothing.
func TestPartnerDayOfMonthTerms(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	before := hrev134Bytes(t, dir)
	for _, day := range []string{"-1", "32"} {
		r := run(t, dir, "", "partner", "add", "C4510", "--terms", "45", "--end-of-month", "--day-of-month", day)
		assert.Equal(t, 2, r.code, day)
		assert.Contains(t, r.stderr, "--day-of-month: "+day+"; give a day of the month, 1 to 31")
	}
	require.Equal(t, before, hrev134Bytes(t, dir))
	r := run(t, dir, "", "--json", "partner", "add", "C4510", "--terms", "45", "--end-of-month", "--day-of-month", "10")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"payment_term_day_of_month": 10`)
	r = run(t, dir, "", "--json", "post", "--journal", "VT", "--date", "2026-03-10", "--type", "invoice",
		"--line", "411000:C4510=120,00", "--line", "706000=-100,00", "--line", "445710=-20,00")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"due": "2026-05-10"`)
	csv := "date;journal;ref;label;account;partner;debit;credit\n" +
		"2026-01-10;VT;FA-1;Facture FA-1;411000;C4510;120,00;\n" +
		"2026-01-10;VT;FA-1;Facture FA-1;706000;;;100,00\n" +
		"2026-01-10;VT;FA-1;Facture FA-1;445710;;;20,00\n"
	r = run(t, dir, csv, "import", "entries", "-")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "--json", "export", "csv", "--year", "2026")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, ";2026-01-10;VT;FA-1;invoice;Facture FA-1;411000;C4510;2026-03-10;120.00;", "the imported invoice is due on 10 March")
}
