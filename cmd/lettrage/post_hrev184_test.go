package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lettrage post - refuses a sale whose 445710 line is tagged with the 10 %
// VAT while its base is tagged 20 %, saying which line and which tax, and
// posts nothing; tagged 20 % it posts.
func TestHrev184PostTaxLineOfAnotherTax(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "partner", "add", "C1")
	require.Equal(t, 0, r.code, r.stderr)
	sale := func(vat string) string {
		return `{"journal":"VT","date":"2026-04-03","type":"invoice","ref":"F-1",
		"lines":[{"account":"411000","partner":"C1","debit":"1200.00"},
		{"account":"706000","credit":"1000.00","tax":"TVA20"},
		{"account":"445710","credit":"200.00","tax":"` + vat + `","tax_role":"tax"}]}`
	}
	r = run(t, dir, sale("TVA10"), "post", "-")
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "line 3")
	assert.Contains(t, r.stderr, "TVA10")
	r = run(t, dir, "", "report", "journals", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "VT/2026", "a refused entry posts nothing")

	r = run(t, dir, sale("TVA20"), "post", "-")
	require.Equal(t, 0, r.code, r.stderr)
}
