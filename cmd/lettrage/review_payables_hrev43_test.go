package main_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review hrev43: a French accountant's supplier month (March 2026) with
// the command only: bills at 20 % and 5,5 %, services with VAT on payment
// (445640 → 445660), a supplier credit note, part payments, an escompte
// obtenu, a small difference written off, a bill in USD, the bank
// statement clearing the payments, then the month's reports.

// hrev43Step runs one step of a scenario and requires it to succeed.
func hrev43Step(t *testing.T, dir string, args ...string) result {
	t.Helper()
	r := run(t, dir, "", args...)
	require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
	return r
}

// hrev43Post posts one entry given as JSON and requires it to succeed.
func hrev43Post(t *testing.T, dir, entry string) {
	t.Helper()
	r := run(t, dir, entry, "post", "-")
	require.Equal(t, 0, r.code, "%s: %s%s", entry, r.stdout, r.stderr)
}

// hrev43Book makes a book of 2026 with the supplier codes given, each on
// 30 days' terms.
func hrev43Book(t *testing.T, suppliers ...string) string {
	t.Helper()
	dir := t.TempDir()
	hrev43Step(t, dir, "init", "--year", "2026")
	for _, s := range suppliers {
		hrev43Step(t, dir, "partner", "add", s, "--terms", "30")
	}
	return dir
}

// hrev43Row is the first line of s holding every one of words.
func hrev43Row(s string, words ...string) string {
	for _, line := range strings.Split(s, "\n") {
		ok := true
		for _, w := range words {
			ok = ok && strings.Contains(line, w)
		}
		if ok {
			return line
		}
	}
	return ""
}

// hrev43USDBill is US Supplies' bill US-4411 of 1 000,00 USD booked at
// 1 EUR = 1,10 USD (909,09 EUR) on 02/03/2026: AC/2026/00001.
const hrev43USDBill = `{"journal":"AC","date":"2026-03-02","type":"invoice","ref":"US-4411","label":"US Supplies US-4411","currency":"USD",
 "lines":[{"account":"401000","partner":"F600","credit":"909.09","amount_currency":"-1000.00"},
          {"account":"607000","debit":"909.09","amount_currency":"1000.00"}]}`

// hrev43USDPayment is the bank's transfer of 1 000,00 USD to US Supplies,
// 892,86 EUR debited (1 EUR = 1,12 USD) on 26/03/2026, amount in USD
// given.
const hrev43USDPayment = `{"journal":"BQD","date":"2026-03-26","type":"payment","ref":"VIR-US-4411","label":"Règlement US-4411","currency":"USD",
 "lines":[{"account":"401000","partner":"F600","debit":"%[1]s","amount_currency":"%[2]s"},
          {"account":"512000","credit":"%[1]s","amount_currency":"-%[2]s"}]}`

// Was failing, fixed: Papeterie Roux's bill PR-7 of 600,00 TTC (20/02/2026) is paid
// 599,97 on 20/03/2026; the accountant letters the bill writing off the
// 0,03 left ('letter AC/2026/00001 --write-off --tolerance 0.05', or
// '--partner F500 --account 401000 --write-off'). The écart de règlement
// Dr 401000 0,03 / Cr 758000 0,03 is dated 20/02/2026 — the bill's date,
// a month before the payment that left the difference — instead of
// 20/03/2026 (DESIGN §5: a write-off is dated at its partial's date, the
// later of the lines': the match holds the payment of 20/03; 'auto
// --tolerance' and 'letter BILL PAYMENT --write-off' do date it 20/03).
// So February's books show a 758000 gain of 0,03 and the aged payables
// at 28/02 show F500 owing 599,97 instead of 600,00, before any payment
// (principe d'indépendance des exercices/périodes, PCG art. 513-3;
// balance âgée at a date, DESIGN §11).
func TestHrev43WriteOffDatedBeforeThePayment(t *testing.T) {
	t.Parallel()
	for _, letter := range [][]string{
		{"letter", "AC/2026/00001", "--write-off", "--tolerance", "0.05"},
		{"letter", "--partner", "F500", "--account", "401000", "--write-off", "--tolerance", "0.05"},
	} {
		dir := hrev43Book(t, "F500")
		hrev43Step(t, dir, "post", "--journal", "AC", "--date", "2026-02-20", "--type", "invoice", "--ref", "PR-7", "--label", "Roux PR-7",
			"--line", "401000:F500=-600", "--line", "606400=500", "--line", "445660=100")
		r := hrev43Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-03-20", "--amount", "599.97", "AC/2026/00001")
		require.Contains(t, r.stdout, "0,03 still due", r.stdout)
		hrev43Step(t, dir, letter...)
		r = hrev43Step(t, dir, "report", "journals", "--journal", "OD")
		row := hrev43Row(r.stdout, "OD/2026/00001", "758000")
		require.NotEmpty(t, row, r.stdout)
		assert.Contains(t, row, "20/03/2026", "%v: the write-off is dated with the payment that left it: %s", letter, row)
		r = hrev43Step(t, dir, "report", "aged", "--at", "2026-02-28")
		assert.Contains(t, hrev43Row(r.stdout, "401000", "F500"), "-600,00", "%v: nothing was paid on 28/02:\n%s", letter, r.stdout)
	}
}

// Was failing, fixed: the lettering list of 401000 prints US Supplies' bill US-4411 as
// "Total 1 000,00 … settled 1 000,00" and its exchange difference as
// "settled 0,00" in the same columns as the euro bills, with no currency:
// the bill is 909,09 EUR in the ledger, the trial balance and 'state',
// and the 16,23 EUR gain on 756000 shows as 0,00. A list that adds up
// euros and dollars unmarked is misleading (the accountant ticks it
// against the grand livre); each amount must say its currency (USD) or
// be the company amount (909,09 / 892,86 / 16,23), as the aged balance
// marks its USD lines.
func TestHrev43LetteringListForeignBillWithoutCurrency(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "F600")
	hrev43Post(t, dir, hrev43USDBill)
	hrev43Post(t, dir, fmt.Sprintf(hrev43USDPayment, "892.86", "1000.00"))
	hrev43Step(t, dir, "letter", "AC/2026/00001", "BQD/2026/00001")
	r := hrev43Step(t, dir, "report", "journals", "--journal", "CHG")
	require.Contains(t, hrev43Row(r.stdout, "756000"), "16,23", "FX gain: 1 000 USD at 1,10 − at 1,12:\n%s", r.stdout)
	r = hrev43Step(t, dir, "report", "lettering", "--account", "401000", "--csv")
	row := hrev43Row(r.stdout, "AC/2026/00001", "BQD/2026/00001")
	require.NotEmpty(t, row, r.stdout)
	if !strings.Contains(row, "909.09") {
		assert.Contains(t, row, "USD", "1000.00 of what? the bill is 909.09 EUR in the ledger: %s", row)
	}
	r = hrev43Step(t, dir, "report", "lettering", "--account", "401000")
	row = hrev43Row(r.stdout, "AC/2026/00001", "CHG/2026/00001")
	require.NotEmpty(t, row, r.stdout)
	if !strings.Contains(row, "16,23") {
		assert.Contains(t, row, "USD", "the exchange difference of 16,23 EUR reads as 0,00: %s", row)
	}
}

// Was failing, fixed: 'state' of US Supplies' bill US-4411 (1 000,00 USD) after a
// first transfer of 400,00 USD prints "total 909,09 due 545,45" — euro
// figures with no currency, while the supplier's reminder, the aged
// balance ("-600,00 USD") and the lettering list speak of 600,00 USD
// still due. DESIGN §5: what is due is decided and read in the
// document's own currency; the accountant expects "600,00 USD" due (and
// the total 1 000,00 USD), at least marked with its currency.
func TestHrev43StateOfForeignBillInEuros(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "F600")
	hrev43Post(t, dir, hrev43USDBill)
	hrev43Post(t, dir, fmt.Sprintf(hrev43USDPayment, "357.14", "400.00"))
	hrev43Step(t, dir, "letter", "AC/2026/00001", "BQD/2026/00001")
	r := hrev43Step(t, dir, "report", "aged", "--at", "2026-03-31")
	require.Contains(t, hrev43Row(r.stdout, "F600"), "-600,00", r.stdout)
	r = hrev43Step(t, dir, "state", "AC/2026/00001")
	assert.Contains(t, r.stdout, "partial", r.stdout)
	assert.Contains(t, r.stdout, "600,00", "600,00 USD still due to US Supplies: %s", r.stdout)
	assert.Contains(t, r.stdout, "USD", r.stdout)
}

// Was failing, fixed: no command records an exchange rate ('lettrage help' lists none,
// 'pay' has no --rate or --currency), so a bill in USD cannot be paid
// with the command: 'pay --amount 892.86 AC/2026/00001' (what the bank
// debited in euros) fails with "valuing BQD/2026/00001 in USD: ledger: no
// exchange rate on or before the date" — naming BQD/2026/00001, an entry
// that was never posted, with a library prefix and no way out; 'import
// camt053 --match' and 'letter' fail the same way. The accountant
// expects to pay the 1 000,00 USD bill and see the exchange gain on
// 756000 (DESIGN §5, example 11: a company-currency payment of a foreign
// invoice; §2: "rates on a date").
func TestHrev43ForeignBillCannotBePaid(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "F600")
	hrev43Post(t, dir, hrev43USDBill)
	r := run(t, dir, "", "pay", "--journal", "BQD", "--date", "2026-03-26", "--amount", "892.86", "AC/2026/00001")
	if r.code != 0 {
		assert.NotContains(t, r.stderr, "BQD/2026/00001", "an entry never posted: %s", r.stderr)
		assert.NotContains(t, r.stderr, "ledger:", "a library prefix: %s", r.stderr)
	}
	h := hrev43Step(t, dir, "help")
	ph := hrev43Step(t, dir, "help", "pay")
	assert.True(t, strings.Contains(h.stdout, "rate") || strings.Contains(ph.stdout, "rate"),
		"no way to give the USD rate of 26/03/2026:\n%s%s", h.stdout, ph.stdout)
}

// Was failing, fixed: Grossiste Martin's credit note AV-1 of 1 500,00 is set off
// against its bill FF-1 of 1 200,00; the supplier refunds the 300,00
// left. 'pay AC/2026/00002' (help: "--direction … default from the
// invoices") refuses: "reconcile: entry is not a document with a
// receivable or payable line: AC/2026/00002 is on the outbound payment's
// own side" — the direction is taken from the account (401000 → out),
// not from the document (a supplier credit note, a debit on 401000, is
// paid in). The accountant expects the refund booked Dr 512000 300,00 /
// Cr 401000 300,00 and the credit note paid, as '--direction in' does.
func TestHrev43SupplierCreditNoteRefundDirection(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "F100")
	hrev43Step(t, dir, "post", "--journal", "AC", "--date", "2026-03-03", "--type", "invoice", "--ref", "FF-1",
		"--line", "401000:F100=-1200", "--line", "607000=1000", "--line", "445660=200")
	hrev43Step(t, dir, "post", "--journal", "AC", "--date", "2026-03-05", "--type", "credit_note", "--ref", "AV-1",
		"--line", "401000:F100=1500", "--line", "607000=-1250", "--line", "445660=-250")
	hrev43Step(t, dir, "letter", "AC/2026/00001", "AC/2026/00002")
	r := run(t, dir, "", "pay", "--journal", "BQD", "--date", "2026-03-28", "AC/2026/00002")
	require.Equal(t, 0, r.code, "the supplier's refund of its credit note: %s", r.stderr)
	r = hrev43Step(t, dir, "report", "journals", "--journal", "BQD")
	assert.Contains(t, hrev43Row(r.stdout, "512000"), "300,00", r.stdout)
	r = hrev43Step(t, dir, "state", "AC/2026/00002")
	assert.Contains(t, r.stdout, " paid ", r.stdout)
}

// Was failing, changed: 'pay AC/2026/00001 AC/2026/00002' for a bill of
// 1 200,00 and a credit note of 1 500,00 was refused with "reconcile:
// amount must be positive … (Reconcile)". Now that pay's direction
// follows what the documents named add up to (the supplier owes 300,00),
// the same command books the supplier's refund of the 300,00 left —
// Dr 512000 300,00 / Cr 401000 300,00, all three lettered — which is
// what the refusal told the accountant to do in two steps.
func TestHrev43PayCreditNoteOverBillMessage(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "F100")
	hrev43Step(t, dir, "post", "--journal", "AC", "--date", "2026-03-03", "--type", "invoice", "--ref", "FF-1",
		"--line", "401000:F100=-1200", "--line", "607000=1000", "--line", "445660=200")
	hrev43Step(t, dir, "post", "--journal", "AC", "--date", "2026-03-05", "--type", "credit_note", "--ref", "AV-1",
		"--line", "401000:F100=1500", "--line", "607000=-1250", "--line", "445660=-250")
	r := hrev43Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-03-12", "AC/2026/00001", "AC/2026/00002")
	assert.Contains(t, r.stdout, "letter AAA", r.stdout)
	r = hrev43Step(t, dir, "report", "trial", "--at", "2026-03-31", "--csv")
	assert.True(t, strings.HasSuffix(hrev43Row(r.stdout, "512000"), ",300.00"), "the refund received: %s", r.stdout)
	assert.True(t, strings.HasSuffix(hrev43Row(r.stdout, "401000"), ",0.00"), "nothing owed either way: %s", r.stdout)
	r = hrev43Step(t, dir, "state", "AC/2026/00002")
	assert.Contains(t, r.stdout, " paid ", r.stdout)
}

// Was failing, fixed: the text VAT report, read by the accountant filling the CA3,
// prints its "Due on" and "Side" columns as program identifiers —
// "on_invoice", "on_payment", "deductible" — where French VAT speaks of
// TVA exigible sur les débits / sur les encaissements, déductible,
// collectée (CGI art. 269, 271): the same fault as the "statement_l…"
// wording hrev42 had fixed in the partner statement.
func TestHrev43VATReportInternalWords(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "F100", "F300")
	hrev43Post(t, dir, `{"journal":"AC","date":"2026-03-03","type":"invoice","ref":"FF-101","lines":[
		{"account":"401000","partner":"F100","credit":"1200.00"},
		{"account":"607000","debit":"1000.00","tax":"TVA20-DED"},{"account":"445660","debit":"200.00","tax":"TVA20-DED"}]}`)
	hrev43Post(t, dir, `{"journal":"AC","date":"2026-03-06","type":"invoice","ref":"CC-12","lines":[
		{"account":"401000","partner":"F300","credit":"2400.00"},
		{"account":"622600","debit":"2000.00","tax":"TVA20-DED-ENC"},{"account":"445640","debit":"400.00","tax":"TVA20-DED-ENC"}]}`)
	hrev43Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-03-14", "--amount", "1000", "AC/2026/00002")
	r := hrev43Step(t, dir, "report", "vat", "--from", "2026-03-01", "--to", "2026-03-31")
	require.Contains(t, r.stdout, "166,67", "VAT on payment: 400 × 1 000 / 2 400:\n%s", r.stdout)
	assert.NotContains(t, r.stdout, "on_invoice", r.stdout)
	assert.NotContains(t, r.stdout, "on_payment", r.stdout)
}

// Passes: the escompte obtenu on a services bill with VAT on payment
// (2 400,00 TTC, 400,00 on 445640, discount 48,00 until 20/03) paid
// 2 352,00 on 15/03: discount entry Dr 401000 48,00 / Cr 765000 40,00 /
// Cr 445640 8,00 (the VAT share regularised, CGI art. 272-1 and 271), the
// payment's cash-basis entry moves 392,00 (not 400,00) to 445660; 445640
// ends at 0,00, the month's deductible VAT is 392,00.
func TestHrev43EscompteOnCashBasisBill(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "F300")
	hrev43Post(t, dir, `{"journal":"AC","date":"2026-03-06","type":"invoice","ref":"CC-12","lines":[
		{"account":"401000","partner":"F300","credit":"2400.00"},
		{"account":"622600","debit":"2000.00","tax":"TVA20-DED-ENC"},{"account":"445640","debit":"400.00","tax":"TVA20-DED-ENC"}],
		"discount":{"amount":"48.00","until":"2026-03-20"}}`)
	r := hrev43Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-03-15", "--amount", "2352", "AC/2026/00001")
	require.Contains(t, r.stdout, "early-payment discount of 48,00", r.stdout)
	r = hrev43Step(t, dir, "report", "journals", "--journal", "AC", "--journal", "TVA", "--from", "2026-03-15")
	assert.Contains(t, hrev43Row(r.stdout, "AC/2026/00002", "765000"), "40,00", r.stdout)
	assert.Contains(t, hrev43Row(r.stdout, "AC/2026/00002", "445640"), "8,00", r.stdout)
	assert.Contains(t, hrev43Row(r.stdout, "TVA/2026/00001", "445660"), "392,00", r.stdout)
	r = hrev43Step(t, dir, "report", "trial", "--at", "2026-03-31", "--csv")
	assert.True(t, strings.HasSuffix(hrev43Row(r.stdout, "445640"), ",0.00"), r.stdout)
	hrev43Step(t, dir, "verify")
}

// Passes: a supplier credit note on a services bill with VAT on payment
// (2 400,00 with 400,00 on 445640; credit note 240,00 with 40,00), set off
// and the rest paid 2 160,00: 445640 ends at 0,00 and the deductible VAT
// of the month is 360,00 on a base of 1 800,00.
func TestHrev43CreditNoteOnCashBasisBill(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "F300")
	hrev43Post(t, dir, `{"journal":"AC","date":"2026-03-06","type":"invoice","ref":"CC-12","lines":[
		{"account":"401000","partner":"F300","credit":"2400.00"},
		{"account":"622600","debit":"2000.00","tax":"TVA20-DED-ENC"},{"account":"445640","debit":"400.00","tax":"TVA20-DED-ENC"}]}`)
	hrev43Post(t, dir, `{"journal":"AC","date":"2026-03-10","type":"credit_note","ref":"AV-12","lines":[
		{"account":"401000","partner":"F300","debit":"240.00"},
		{"account":"622600","credit":"200.00","tax":"TVA20-DED-ENC"},{"account":"445640","credit":"40.00","tax":"TVA20-DED-ENC"}]}`)
	r := hrev43Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-03-20", "AC/2026/00001", "AC/2026/00002")
	require.Contains(t, r.stdout, "1 credit note set off", r.stdout)
	r = hrev43Step(t, dir, "report", "journals", "--journal", "BQD")
	assert.Contains(t, hrev43Row(r.stdout, "512000"), "2\u202f160,00", r.stdout)
	r = hrev43Step(t, dir, "report", "vat", "--from", "2026-03-01", "--to", "2026-03-31", "--csv")
	assert.Contains(t, hrev43Row(r.stdout, "TVA20-DED-ENC"), "1800.00,360.00", r.stdout)
	r = hrev43Step(t, dir, "report", "trial", "--at", "2026-03-31", "--csv")
	assert.True(t, strings.HasSuffix(hrev43Row(r.stdout, "445640"), ",0.00"), r.stdout)
}

// Passes: an escompte of 32,44 on a bill at two rates (1 000,00 + 200,00
// at 20 %, 400,00 + 22,00 at 5,5 %) splits its VAT by the bill's taxes:
// 4,00 at 20 % and 0,44 at 5,5 % off 445660, 28,00 on 765000; the VAT
// report keeps each rate's base and tax (980,00 / 196,00; 392,00 / 21,56).
func TestHrev43EscompteTwoRates(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "F100")
	hrev43Post(t, dir, `{"journal":"AC","date":"2026-03-02","type":"invoice","ref":"MX-1","lines":[
		{"account":"401000","partner":"F100","credit":"1622.00"},
		{"account":"607000","debit":"1000.00","tax":"TVA20-DED"},{"account":"445660","debit":"200.00","tax":"TVA20-DED"},
		{"account":"607000","debit":"400.00","tax":"TVA5.5-DED"},{"account":"445660","debit":"22.00","tax":"TVA5.5-DED"}],
		"discount":{"amount":"32.44","until":"2026-03-12"}}`)
	hrev43Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-03-10", "--amount", "1589.56", "AC/2026/00001")
	r := hrev43Step(t, dir, "report", "vat", "--from", "2026-03-01", "--to", "2026-03-31", "--csv")
	assert.Contains(t, hrev43Row(r.stdout, "TVA20-DED"), "980.00,196.00", r.stdout)
	assert.Contains(t, hrev43Row(r.stdout, "TVA5.5-DED"), "392.00,21.56", r.stdout)
	r = hrev43Step(t, dir, "report", "trial", "--at", "2026-03-31", "--csv")
	assert.True(t, strings.HasSuffix(hrev43Row(r.stdout, "765000"), ",-28.00"), r.stdout)
}
