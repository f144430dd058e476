package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A collection run dated Easter Monday and a payment run dated Christmas
// Day are booked as asked, and the tool says the banks will move the money
// on the next TARGET business day; a run dated a business day says nothing
// of it.
func TestCollectAndRunOnTARGETHoliday(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	ok(t, dir, "journal", "add", "BNP", "--kind", "bank", "--iban", "FR7630006000011234567890189", "--outstanding", "--name", "BNP Paribas")
	ok(t, dir, "partner", "mandate", "C01", "--iban", "FR1420041010050500013M02606", "--reference", "RUM-C01", "--signed", "2026-01-15")
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1", "--due", "2026-04-01",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20")
	r := ok(t, dir, "collect", "--journal", "BNP", "--date", "2026-04-06", "--creditor-id", "FR72ZZZ123456", "--company", "Ma Société SAS", "-o", "prlv.xml")
	assert.Contains(t, r.stderr, "the collection date 06/04/2026 is no TARGET business day (Easter Monday): the debtors' banks debit on 07/04/2026")
	assert.Contains(t, r.stdout, "1 200,00 EUR")

	ok(t, dir, "partner", "add", "S1", "--name", "Moulins de France", "--iban", "DE89370400440532013000")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-02", "--type", "invoice", "--ref", "FF-77", "--due", "2026-04-01",
		"--line", "401000:S1=-1200.00", "--line", "607000=1000.00@TVA20-DED", "--line", "445660=200.00@TVA20-DED")
	r = ok(t, dir, "run", "--journal", "BNP", "--date", "2026-12-25", "--company", "Ma Société SAS", "-o", "v.xml")
	assert.Contains(t, r.stderr, "the execution date 25/12/2026 is no TARGET business day (Christmas Day): the bank executes the transfers on 28/12/2026")
	assert.Contains(t, r.stdout, "1 supplier, 1 200,00 EUR")

	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-03", "--type", "invoice", "--ref", "FF-78", "--due", "2026-04-01",
		"--line", "401000:S1=-120.00", "--line", "607000=100.00@TVA20-DED", "--line", "445660=20.00@TVA20-DED")
	r = ok(t, dir, "run", "--journal", "BNP", "--date", "2026-12-29", "--company", "Ma Société SAS", "-o", "w.xml")
	assert.NotContains(t, r.stderr, "TARGET", "a business day")
}
