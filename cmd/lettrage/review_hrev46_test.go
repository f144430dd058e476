package main_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review hrev46 of 54ad9d6: pay's direction (owedSign), pay --rate and
// its missing-rate message, rate show, the lettering list's kind words,
// pay's summary of a refund and of an opening entry.

// hrev46CSVRow is the CSV row of s whose cells hold every one of words,
// split into its cells.
func hrev46CSVRow(s string, words ...string) []string {
	if row := hrev43Row(s, words...); row != "" {
		return strings.Split(row, ",")
	}
	return nil
}

// Was failing, fixed: a customer's invoice of 1 000,00 paid 900,00, then a credit note
// of 300,00: the company owes the customer 200,00 (100,00 due less 300,00
// credited). 'pay VT/2026/00001 VT/2026/00002' with no --direction should
// refund the 200,00 out (the help: "out for ... a customer's credit note
// refunded"; 'pay --direction out' does exactly that). It is refused
// instead ("300.00 EUR set off against 100.00 EUR owed leaves nothing to
// pay"): owedSign adds up the documents' totals (1 000 − 300 = +700, in),
// not what they still owe (100 − 300 = −200, out), so a part-paid
// document named beside a credit note sends the money the wrong way. The
// same with the credit note named first.
func TestHrev46PayDirectionFromTotalsNotResiduals(t *testing.T) {
	t.Parallel()
	for _, order := range [][]string{{"VT/2026/00001", "VT/2026/00002"}, {"VT/2026/00002", "VT/2026/00001"}} {
		dir := hrev43Book(t, "C1")
		hrev43Step(t, dir, "post", "--journal", "VT", "--date", "2026-02-01", "--type", "invoice", "--ref", "F1",
			"--line", "411000:C1=1000", "--line", "706000=-1000")
		hrev43Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-02-10", "--amount", "900", "VT/2026/00001")
		hrev43Step(t, dir, "post", "--journal", "VT", "--date", "2026-02-15", "--type", "credit_note", "--ref", "A1",
			"--line", "411000:C1=-300", "--line", "706000=300")
		r := run(t, dir, "", append([]string{"pay", "--journal", "BQD", "--date", "2026-03-01"}, order...)...)
		if !assert.Equal(t, 0, r.code, "%v: the 200,00 the company owes is refunded out: %s%s", order, r.stdout, r.stderr) {
			continue
		}
		r = hrev43Step(t, dir, "report", "journals", "--journal", "BQD")
		assert.Contains(t, hrev43Row(r.stdout, "BQD/2026/00002", "512000"), "200,00", r.stdout)
	}
}

// Was failing, fixed: the error pay prints for a dollar bill with no USD rate in the
// book says "record it with 'lettrage rate set USD …', or give the bank's
// with --rate". Following the second advice, 'pay --rate 1.12
// AC/2026/00001' (no --amount) is refused too, with "an agreed rate
// values company-currency lines in a foreign currency: these lines need
// both": without --amount the payment is in the bill's currency, and an
// agreed rate then has no company side. Expected: the advice works (pay
// the bill's 1 000,00 USD at 1,12, 892,86 EUR, its exchange difference
// booked), or the message says --amount is needed too.
func TestHrev46PayRateAdviceRefusedWithoutAmount(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "F600")
	hrev43Post(t, dir, hrev43USDBill)
	r := run(t, dir, "", "pay", "--journal", "BQD", "--date", "2026-03-26", "AC/2026/00001")
	require.Equal(t, 1, r.code, r.stdout)
	require.Contains(t, r.stderr, "with --rate")
	r = run(t, dir, "", "pay", "--journal", "BQD", "--date", "2026-03-26", "--rate", "1.12", "AC/2026/00001")
	if r.code == 0 {
		assert.Contains(t, r.stdout, "1 invoice paid in full", r.stdout)
		return
	}
	// Fixed this way: the advice names --amount with --rate, and --rate
	// alone is a usage error saying so.
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, "--amount", "refused, the message should at least say what else is needed")
}

// Was failing, fixed: a customer overpays invoice VT/2026/00001 (120,00 for 100,00)
// and the 20,00 is refunded ('pay BQD/2026/00001', out). The lettering
// list (--csv) shows the refund BQD/2026/00002 with Kind "invoice":
// invoiceKindWord turns the DocKind of any entry into "invoice", so a
// payment lettered with a payment reads as an invoice. Expected a word
// that is not "invoice" for a payment (a refund/payment), as the commit
// set out to print "kind words" a person says.
func TestHrev46LetteringListCallsARefundAnInvoice(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "C1")
	hrev43Step(t, dir, "post", "--journal", "VT", "--date", "2026-02-01", "--type", "invoice", "--ref", "F1",
		"--line", "411000:C1=100", "--line", "706000=-100")
	hrev43Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-02-10", "--amount", "120", "VT/2026/00001")
	r := hrev43Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-02-20", "BQD/2026/00001")
	require.Contains(t, r.stdout, "Letter", r.stdout)
	r = hrev43Step(t, dir, "report", "lettering", "--csv")
	row := hrev46CSVRow(r.stdout, "BQD/2026/00002")
	require.Len(t, row, 12, r.stdout)
	assert.NotEqual(t, "invoice", row[4], "a refund is no invoice: %s", r.stdout)
}

// Was failing, fixed: a supplier's credit note of 240,00 refunded alone by the
// supplier ('pay AC/2026/00001', in — new in this commit) is reported as
// "1 invoice paid in full" in pay's summary (text), though nothing
// invoiced was paid: the credit note was refunded. The summary counts
// every document named as an "invoice". Expected the credit note named as
// such ("1 credit note refunded" or at least "credit note").
func TestHrev46PaySummaryCallsARefundedCreditNoteAnInvoice(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "F1")
	hrev43Step(t, dir, "post", "--journal", "AC", "--date", "2026-02-15", "--type", "credit_note", "--ref", "FA1",
		"--line", "401000:F1=240", "--line", "607000=-200", "--line", "445660=-40")
	r := hrev43Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-03-01", "AC/2026/00001")
	first := strings.SplitN(r.stdout, "\n", 2)[0]
	assert.NotContains(t, first, "invoice", "a credit note refunded: %s", first)
	assert.Contains(t, first, "credit note", first)
}

// Was failing, fixed: a supplier's bills in GBP (AC/2026/00001) and USD
// (AC/2026/00002) paid in euros, with a USD rate recorded ('rate set USD
// 2026-03-01 1.10') and none for GBP. pay says "the book has no USD rate
// on 26/03/2026: record it with 'lettrage rate set USD 2026-03-26 RATE'"
// — the rate it lacks is GBP's; 'rate show USD --at 2026-03-26' prints
// one. The message names the last foreign invoice's currency, not the
// currency whose rate is missing. Expected: "no GBP rate".
func TestHrev46PayNoRateNamesTheWrongCurrency(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "F600")
	hrev43Post(t, dir, `{"journal":"AC","date":"2026-03-02","type":"invoice","ref":"GB-1","currency":"GBP",
 "lines":[{"account":"401000","partner":"F600","credit":"120.00","amount_currency":"-100.00"},
          {"account":"607000","debit":"120.00","amount_currency":"100.00"}]}`)
	hrev43Post(t, dir, `{"journal":"AC","date":"2026-03-02","type":"invoice","ref":"US-1","currency":"USD",
 "lines":[{"account":"401000","partner":"F600","credit":"90.91","amount_currency":"-100.00"},
          {"account":"607000","debit":"90.91","amount_currency":"100.00"}]}`)
	hrev43Step(t, dir, "rate", "set", "USD", "2026-03-01", "1.10")
	hrev43Step(t, dir, "rate", "show", "USD", "--at", "2026-03-26")
	r := run(t, dir, "", "pay", "--journal", "BQD", "--date", "2026-03-26", "--amount", "210", "AC/2026/00001", "AC/2026/00002")
	require.Equal(t, 1, r.code, r.stdout)
	assert.NotContains(t, r.stderr, "no USD rate", "the book has a USD rate on 26/03/2026")
	assert.Contains(t, r.stderr, "no GBP rate", r.stderr)
}

// Was failing, fixed: the opening entry (à-nouveaux) OD/2026/00001 carries customer
// C1's 1 000,00 owed and supplier F1's 5 000,00 owing. 'pay --partner C1
// OD/2026/00001' — C1 paying its opening balance — is refused with
// "OD/2026/00001 belongs to F1, not C1": owedSign adds up the partner
// lines of every partner of the entry (1 000 − 5 000 < 0), so the receipt
// is taken for a payment out to a supplier. Before 54ad9d6 (direction from
// the first partner line) this receipt was booked and lettered. Expected:
// the direction from --partner's own lines: C1's 1 000,00 received, in.
func TestHrev46PayDirectionCountsOtherPartnersLines(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "C1", "F1")
	hrev43Step(t, dir, "post", "--journal", "OD", "--date", "2026-01-01", "--type", "opening", "--label", "A nouveaux",
		"--line", "411000:C1=1000", "--line", "401000:F1=-5000", "--line", "101000=4000")
	r := run(t, dir, "", "pay", "--journal", "BQD", "--date", "2026-02-10", "--partner", "C1", "OD/2026/00001")
	require.Equal(t, 0, r.code, "C1 pays its opening balance: %s%s", r.stdout, r.stderr)
	r = hrev43Step(t, dir, "report", "journals", "--journal", "BQD")
	assert.Contains(t, hrev43Row(r.stdout, "BQD/2026/00001", "411000", "C1"), "1\u202f000,00", r.stdout)
}

// Was failing, fixed: 'rate show EUR' in a euro book answers "no exchange rate on or
// before the date: EUR on 2026-12-31" (exit 1), as if a rate were missing
// and could be recorded — while 'rate set EUR …' is refused because EUR is
// the company currency. Expected: the company currency's rate is 1 (or
// the command says EUR is the company currency), not a missing rate.
func TestHrev46RateShowCompanyCurrencySaysNoRate(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t)
	r := run(t, dir, "", "rate", "set", "EUR", "2026-03-01", "1")
	require.Contains(t, r.stderr, "company currency")
	r = run(t, dir, "", "rate", "show", "EUR", "--at", "2026-03-26")
	assert.NotContains(t, r.stderr, "no exchange rate", "EUR is the company currency: %s", r.stderr)
	assert.True(t, r.code == 0 && strings.Contains(r.stdout, "1 EUR = 1 EUR") || strings.Contains(r.stderr, "company currency"),
		"%d: %s%s", r.code, r.stdout, r.stderr)
}

// Was failing, fixed: the same opening entry, supplier F1 paid its 5 000,00 ('pay
// --partner F1 OD/2026/00001', out — accepted since 54ad9d6). The payment
// is lettered AAA with F1's line, yet pay reports "nothing lettered; 1
// opening set off" and a state line "OD/2026/00001 C1 partial total
// 6 000,00 due 1 000,00": partnerSign and stateOf read the entry's first
// partner line (C1's debit, the payment's side), not --partner's.
// Expected: F1's 5 000,00 paid in full, letter AAA, no set-off.
func TestHrev46PaySummaryOfAnotherPartnersLine(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "C1", "F1")
	hrev43Step(t, dir, "post", "--journal", "OD", "--date", "2026-01-01", "--type", "opening", "--label", "A nouveaux",
		"--line", "411000:C1=1000", "--line", "401000:F1=-5000", "--line", "101000=4000")
	r := hrev43Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-02-11", "--partner", "F1", "OD/2026/00001")
	require.Contains(t, r.stdout, "Letter AAA on 401000 F1", r.stdout)
	first := strings.SplitN(r.stdout, "\n", 2)[0]
	assert.NotContains(t, first, "nothing lettered", first)
	assert.NotContains(t, first, "set off", first)
	assert.Contains(t, hrev43Row(r.stdout, "OD/2026/00001", "total"), "F1", "the state of F1's line: %s", r.stdout)
}
