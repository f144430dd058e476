package main_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Pins: partner add and journal add refuse a wrong identifier with exit
// code 2, an error naming the flag and what is wrong, and write nothing:
// the partner list and the journal list are as before.
func TestHrev275CLIRefusesBadIdentifiers(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	before := run(t, dir, "", "partner", "list")
	require.Equal(t, 0, before.code, before.stderr)
	journals := run(t, dir, "", "journal", "list")
	require.Equal(t, 0, journals.code, journals.stderr)
	for _, c := range []struct {
		args []string
		flag string
	}{
		{[]string{"partner", "add", "S01", "--siren", "732829321"}, "--siren"},
		{[]string{"partner", "add", "S01", "--iban", "FR7630006000011234567890188"}, "--iban"},
		{[]string{"partner", "add", "S01", "--iban", "HN88CABF0000000000025000546"}, "--iban"},
		{[]string{"partner", "add", "S01", "--iban", "FR7630006000011234567890189", "--bic", "BNPAEUPP"}, "--bic"},
		{[]string{"journal", "add", "BQ9", "--kind", "bank", "--iban", "FR76 3000 6000 0112 3456 7890 18"}, "--iban"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, 2, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.flag, c.args)
		assert.Contains(t, strings.ToLower(r.stderr), "invalid", c.args)
	}
	after := run(t, dir, "", "partner", "list")
	assert.Equal(t, before.stdout, after.stdout)
	after = run(t, dir, "", "journal", "list")
	assert.Equal(t, journals.stdout, after.stdout)
}

// Was failing, fixed: the command-line tool cannot record a partner's SIRET nor its VAT
// number: "partner add C09 --siret '732 829 320 00074' --vat
// FR44732829320" exits 2 ("flag provided but not defined: -siret"), where
// it should add the partner with siret 73282932000074 and vat
// FR44732829320 (exit 0). DESIGN §12 makes both part of the partner's
// master data (Partner.SIRET, Partner.VAT, shown by partner list --json),
// and an intra-EU invoice must carry the customer's VAT number (CGI art.
// 242 nonies A, I-3°; Directive 2006/112/EC art. 226 (4)): an accountant
// who keeps the book with the tool has no way to enter it.
func TestHrev275CLIPartnerSIRETAndVAT(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "--json", "partner", "add", "C09", "--siren", "732 829 320",
		"--siret", "732 829 320 00074", "--vat", "FR44732829320")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"siret": "73282932000074"`)
	assert.Contains(t, r.stdout, `"vat": "FR44732829320"`)
	// A SIRET of another SIREN is refused, naming it.
	r = run(t, dir, "", "partner", "add", "C10", "--siren", "732829320", "--siret", "30326504500011")
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "SIRET")
}
