package main_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Review h-rev54: cheque deposits, payment runs and post --line @TAX from
// the command line. Every test here fails on the code it was written
// against.

// Was failing, fixed: 'deposit add --id ID PAYMENT' where ID made a deposit of other
// cheques (three, not the one named) is "same id, other content": refused
// as an idempotency conflict, as the library's DepositCheques refuses it
// and as the command refuses a payment the deposit does not hold.
// Instead it exits 0 and prints "recorded before: replayed" with the
// three-cheque deposit, so the accountant believes BNP/2026/00001 alone
// went to the bank.
func TestHrev54DepositReplayOtherCheques(t *testing.T) {
	t.Parallel()
	dir := hrev52Book(t, true)
	hrev52Deposit(t, dir) // BNP/2026/00001–00003 under hrev52DepOp
	before := snapshot(t, dir)
	r := run(t, dir, "", "deposit", "add", "--journal", "BNP", "--date", "2026-05-25", "--id", hrev52DepOp, "BNP/2026/00001")
	assert.NotEqual(t, 0, r.code, "a deposit of one cheque under the id of a three-cheque deposit was taken for a replay: %s", r.stdout)
	assert.True(t, bytes.Equal(before, snapshot(t, dir)))
}

// Was failing, fixed: a run that sets a supplier's credit note off against one of its
// bills names both, as CHANGELOG says ("a run's transfer names the credit
// notes set off beside the bills", RunPayment.CreditNotes). When the
// credit note MF-AV12 (240,00, AC/2026/00002) covers the older bill
// MF-5400 (240,00) whole, the run letters them but its output (and
// RunPayment.CreditNotes, and the remittance) names only MF-5501: the
// set-off is nowhere, and the supplier still chases MF-5400.
func TestHrev54RunNamesCreditNoteCoveringAWholeBill(t *testing.T) {
	t.Parallel()
	dir := hrev52Book(t, false)
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-05-01", "--type", "invoice", "--ref", "MF-5400", "--due", "2026-05-20",
		"--line", "401000:F01=-240.00", "--line", "607000=200.00@TVA20-DED", "--line", "445660=40.00@TVA20-DED")
	r := ok(t, dir, "run", "--journal", "BNP", "--date", "2026-05-29", "--due-by", "2026-05-31", "--company", hrev52Company,
		"--partner", "F01", "-o", "vir.xml", "--json")
	s := ok(t, dir, "state", "AC/2026/00002")
	assert.Contains(t, s.stdout, "AAA", "the run lettered the credit note") // precondition, holds today
	assert.Contains(t, r.stdout, "AC/2026/00002", "the run does not name the credit note it set off:\n%s", r.stdout)
	assert.Contains(t, r.stdout, "AC/2026/00005", "the run does not name the bill the credit note settled:\n%s", r.stdout)
}

// Was failing, fixed: post refuses a tax role on an account that is no tax account
// (706000=-1000.00@TVA20:tax), as it now refuses a base role on a tax
// account: the sale's 1 000,00 is then neither a base nor a tax, and
// 'report vat' declares 200,00 of TVA20 on a base of 0,00. It is posted.
func TestHrev54PostTaxRoleOnRevenueAccount(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	ok(t, dir, "partner", "add", "C1")
	before := snapshot(t, dir)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-04-03", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C1=1200.00", "--line", "706000=-1000.00@TVA20:tax", "--line", "445710=-200.00@TVA20")
	assert.NotEqual(t, 0, r.code, "a tax role on the revenue account 706000 was posted: %s", r.stdout)
	assert.True(t, bytes.Equal(before, snapshot(t, dir)), "a refused post wrote to the book")
}
