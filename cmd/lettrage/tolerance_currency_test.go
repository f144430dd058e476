package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --tolerance takes a currency: a USD invoice paid 0,03 USD short is
// written off with --tolerance "0.05 USD", not with a tolerance in euros,
// which bounds only euro differences. A currency given twice is refused.
func TestLetterToleranceInAnotherCurrency(t *testing.T) {
	t.Parallel()
	dir := hrev47Book(t, false, "C800")
	hrev43Step(t, dir, "rate", "set", "USD", "2026-03-10", "1.08")
	hrev43Post(t, dir, `{"journal":"VT","date":"2026-03-10","type":"invoice","ref":"FA-209","currency":"USD",
 "lines":[{"account":"411000","partner":"C800","debit":"1000.00","amount_currency":"1080.00"},
          {"account":"707000","credit":"1000.00","amount_currency":"-1080.00"}]}`)
	hrev43Post(t, dir, `{"journal":"BNP","date":"2026-03-20","type":"payment","currency":"USD",
 "lines":[{"account":"411000","partner":"C800","credit":"999.97","amount_currency":"-1079.97"},
          {"account":"512000","debit":"999.97","amount_currency":"1079.97"}]}`)
	r := run(t, dir, "", "letter", "--partner", "C800", "--write-off", "--tolerance", "0,05")
	assert.NotEqual(t, 0, r.code, "a tolerance in euros bounds no USD difference: %s", r.stdout)
	r = run(t, dir, "", "letter", "--partner", "C800", "--write-off", "--tolerance", "0,05", "--tolerance", "0.01 EUR")
	assert.Equal(t, 2, r.code, "EUR given twice: %s%s", r.stdout, r.stderr)
	r = run(t, dir, "", "letter", "--partner", "C800", "--write-off", "--tolerance", "0,05", "--tolerance", "0.05 USD")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	r = hrev43Step(t, dir, "state", "VT/2026/00001")
	assert.Contains(t, r.stdout, "paid", r.stdout)
}
