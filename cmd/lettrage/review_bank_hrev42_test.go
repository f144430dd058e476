package main_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review hrev42: a French accountant's month-end bank reconciliation of
// March 2026 on BNP (IBAN FR76 3000 6000 0112 3456 7890 189), with the
// command only: customer receipts naming their invoices, a supplier
// payment run booked by the bank as one batch, bank fees, a bounced
// cheque, money nobody can name.

const hrev42IBAN = "FR7630006000011234567890189"

// hrev42Step runs one step of a scenario and requires it to succeed.
func hrev42Step(t *testing.T, dir string, args ...string) result {
	t.Helper()
	r := run(t, dir, "", args...)
	require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
	return r
}

// hrev42Camt writes a camt.053.001.08 statement RLV-2026-03 of BNP's
// account into dir/name, from its closing balance and its <Ntry> blocks;
// it opens at 0,00 on 01/03/2026.
func hrev42Camt(t *testing.T, dir, name, closing string, entries ...string) {
	t.Helper()
	ind := "CRDT"
	if strings.HasPrefix(closing, "-") {
		ind, closing = "DBIT", closing[1:]
	}
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MSG-2026-03</MsgId><CreDtTm>2026-04-01T06:00:00+02:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>RLV-2026-03</Id>
      <ElctrncSeqNb>3</ElctrncSeqNb>
      <Acct><Id><IBAN>` + hrev42IBAN + `</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + closing + `</Amt><CdtDbtInd>` + ind + `</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
` + strings.Join(entries, "\n") + `
    </Stmt>
  </BkToCstmrStmt>
</Document>
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(doc), 0o644))
}

// hrev42Batch is the bank's one entry L4 of 1 200,00 for the supplier
// run of 20/03: 480,00 to Moulins de France (FF-77) and 720,00 to
// Emballages Dupuis (FF-88), each with the creditor's IBAN.
const hrev42Batch = `      <Ntry>
        <Amt Ccy="EUR">1200.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-20</Dt></BookgDt><AcctSvcrRef>L4</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <Btch><NbOfTxs>2</NbOfTxs><TtlAmt Ccy="EUR">1200.00</TtlAmt><CdtDbtInd>DBIT</CdtDbtInd></Btch>
          <TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy="EUR">480.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
            <RltdPties><Cdtr><Pty><Nm>Moulins de France</Nm></Pty></Cdtr><CdtrAcct><Id><IBAN>FR1420041010050500013M02606</IBAN></Id></CdtrAcct></RltdPties>
            <RmtInf><Ustrd>FF-77</Ustrd></RmtInf></TxDtls>
          <TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy="EUR">720.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
            <RltdPties><Cdtr><Pty><Nm>Emballages Dupuis</Nm></Pty></Cdtr><CdtrAcct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></CdtrAcct></RltdPties>
            <RmtInf><Ustrd>FF-88</Ustrd></RmtInf></TxDtls>
        </NtryDtls>
        <AddtlNtryInf>VIR SEPA EMIS REMISE 2 OPERATIONS</AddtlNtryInf>
      </Ntry>`

// hrev42Fees is the bank's fees of March, L5: 29,40 out.
const hrev42Fees = `      <Ntry>
        <Amt Ccy="EUR">29.40</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-31</Dt></BookgDt><AcctSvcrRef>L5</AcctSvcrRef>
        <BkTxCd><Domn><Cd>ACMT</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>CHRG</SubFmlyCd></Fmly></Domn></BkTxCd>
        <AddtlNtryInf>FRAIS TENUE DE COMPTE MARS</AddtlNtryInf>
      </Ntry>`

// hrev42Cheque is a cheque of 360,00 from Epicerie Durand for FA-103
// deposited (L3), then returned unpaid by the bank (L6, a reversal).
const hrev42Cheque = `      <Ntry>
        <Amt Ccy="EUR">360.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-17</Dt></BookgDt><AcctSvcrRef>L3</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCHQ</Cd><SubFmlyCd>BCHQ</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs><ChqNb>4455667</ChqNb></Refs><Amt Ccy="EUR">360.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
          <RltdPties><Dbtr><Pty><Nm>Epicerie Durand</Nm></Pty></Dbtr></RltdPties>
          <RmtInf><Ustrd>CHQ 4455667 FA-103</Ustrd></RmtInf></TxDtls></NtryDtls>
        <AddtlNtryInf>REMISE CHEQUE 4455667</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">360.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-24</Dt></BookgDt><AcctSvcrRef>L6</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCHQ</Cd><SubFmlyCd>UPCQ</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs><ChqNb>4455667</ChqNb></Refs><Amt Ccy="EUR">360.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
          <RltdPties><Dbtr><Pty><Nm>Epicerie Durand</Nm></Pty></Dbtr></RltdPties>
          <RmtInf><Ustrd>CHQ 4455667 FA-103</Ustrd></RmtInf></TxDtls></NtryDtls>
        <AddtlNtryInf>CHQ IMPAYE 4455667 SANS PROVISION</AddtlNtryInf>
      </Ntry>`

// hrev42Book makes a book with the bank journal BNP (with --outstanding
// when outstanding), two suppliers with their IBANs and their bills
// AC/2026/00001 FF-77 F001 480,00 and AC/2026/00002 FF-88 F002 720,00,
// and the customer C003 Epicerie Durand with its invoice VT/2026/00001
// FA-103 of 360,00.
func hrev42Book(t *testing.T, outstanding bool) string {
	t.Helper()
	dir := t.TempDir()
	hrev42Step(t, dir, "init", "--year", "2026")
	bnp := []string{"journal", "add", "BNP", "--kind", "bank", "--name", "BNP Paribas", "--iban", hrev42IBAN}
	if outstanding {
		bnp = append(bnp, "--outstanding")
	}
	hrev42Step(t, dir, bnp...)
	hrev42Step(t, dir, "partner", "add", "F001", "--name", "Moulins de France", "--iban", "FR1420041010050500013M02606", "--terms", "30")
	hrev42Step(t, dir, "partner", "add", "F002", "--name", "Emballages Dupuis", "--iban", "NL91ABNA0417164300", "--terms", "30")
	hrev42Step(t, dir, "partner", "add", "C003", "--name", "Epicerie Durand", "--method", "cheque")
	hrev42Step(t, dir, "post", "--journal", "AC", "--date", "2026-03-05", "--type", "invoice", "--ref", "FF-77", "--label", "Facture Moulins FF-77",
		"--line", "401000:F001=-480", "--line", "607000=400", "--line", "445660=80")
	hrev42Step(t, dir, "post", "--journal", "AC", "--date", "2026-03-06", "--type", "invoice", "--ref", "FF-88", "--label", "Facture Dupuis FF-88",
		"--line", "401000:F002=-720", "--line", "607000=600", "--line", "445660=120")
	hrev42Step(t, dir, "post", "--journal", "VT", "--date", "2026-03-04", "--type", "invoice", "--ref", "FA-103", "--label", "Facture FA-103",
		"--line", "411000:C003=360", "--line", "706000=-300", "--line", "445710=-60")
	return dir
}

// hrev42PayRun pays both supplier bills from BNP on 19/03: the supplier
// run (the command has no payment-run command, so one pay per bill).
func hrev42PayRun(t *testing.T, dir string) {
	t.Helper()
	for _, bill := range []string{"AC/2026/00001", "AC/2026/00002"} {
		hrev42Step(t, dir, "pay", "--journal", "BNP", "--method", "sepa_transfer", "--date", "2026-03-19", bill)
	}
}

// Was failing, fixed: the bank booked the supplier run as one entry L4 of 1 200,00
// whose two details are exactly the two payments already in 512000 (480,00
// to F001's IBAN for FF-77, 720,00 to F002's for FF-88): 'import --match'
// should point L4 against them, as it does for a single transfer, so that
// nothing is left to post — instead L4 is "left to post", and the only ways
// out the command offers are wrong: posting it to 471000 books the run a
// second time (512000 off the statement by 1 200,00), leaving it open
// forbids closing the year.
func TestHrev42BatchOfDirectPaymentsLeftToPost(t *testing.T) {
	t.Parallel()
	dir := hrev42Book(t, false)
	hrev42PayRun(t, dir)
	hrev42Camt(t, dir, "march.xml", "-1200.00", hrev42Batch)
	r := hrev42Step(t, dir, "import", "camt053", "march.xml", "--match")
	assert.Contains(t, r.stdout, "1 statement line matched", r.stdout)
	assert.NotContains(t, r.stdout, "left to post", r.stdout)
	assert.Empty(t, mustOpen(t, dir), "L4 is the run already booked in 512000")
}

// Was failing, fixed: with an --outstanding bank journal the run's two payments wait on
// 512200 (1 200,00 credit) for the statement line that clears them; the
// bank's batch entry L4 of exactly 1 200,00, detailing the same two
// creditor IBANs and amounts, should clear them (DESIGN §12: "one bank
// line with the batch total clears the batch"), leaving 512200 at 0,00 —
// instead nothing is matched and 512200 keeps the run forever.
func TestHrev42BatchDoesNotClearOutstandingPayments(t *testing.T) {
	t.Parallel()
	dir := hrev42Book(t, true)
	hrev42PayRun(t, dir)
	hrev42Camt(t, dir, "march.xml", "-1200.00", hrev42Batch)
	r := hrev42Step(t, dir, "import", "camt053", "march.xml", "--match")
	assert.Contains(t, r.stdout, "1 statement line matched", r.stdout)
	assert.Empty(t, mustOpen(t, dir))
	r = hrev42Step(t, dir, "report", "trial", "--csv")
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.Contains(line, "512200") {
			assert.True(t, strings.HasSuffix(line, ",0.00"), "512200 cleared by the statement: %s", line)
		}
	}
	r = hrev42Step(t, dir, "report", "ledger", "--account", "512000")
	assert.Contains(t, r.stdout, "-1\u202f200,00", "512000 is the statement's closing balance")
}

// Was failing, fixed: an accountant who tries to post the run's batch line against the
// bank account gets "reconcile: lines are on different accounts: the
// counterpart of a bank line is not the bank account 512000": a library
// prefix and no word of what to do (point it against the payments, or post
// it to 471000 or the account it belongs on) — an error should say how to
// get out.
func TestHrev42StatementPostBankAccountErrorSaysWhatToDo(t *testing.T) {
	t.Parallel()
	dir := hrev42Book(t, false)
	// The batch line is matched with the two payments since; the bank
	// fees line, left to post, is the one posted against 512000 here.
	hrev42Camt(t, dir, "march.xml", "-29.40", hrev42Fees)
	hrev42Step(t, dir, "import", "camt053", "march.xml", "--match")
	r := run(t, dir, "", "statement", "post", "BNP", "RLV-2026-03", "L5", "--account", "512000")
	require.Equal(t, 1, r.code, r.stdout)
	assert.NotContains(t, r.stderr, "reconcile:", "an internal package name")
	assert.Contains(t, r.stderr, "471000", "the way out: %s", r.stderr)
}

// Was failing, fixed: text output is read by a French accountant: the lines left to
// post after 'import --match', and 'statement open', should date the bank
// fees 31/03/2026 as every report does — they print 2026-03-31.
func TestHrev42LeftToPostFrenchDates(t *testing.T) {
	t.Parallel()
	dir := hrev42Book(t, false)
	hrev42Camt(t, dir, "march.xml", "-29.40", hrev42Fees)
	r := hrev42Step(t, dir, "import", "camt053", "march.xml", "--match")
	assert.Contains(t, r.stdout, "31/03/2026", r.stdout)
	assert.NotContains(t, r.stdout, "2026-03-31", r.stdout)
	r = hrev42Step(t, dir, "statement", "open")
	assert.Contains(t, r.stdout, "31/03/2026", r.stdout)
	assert.NotContains(t, r.stdout, "2026-03-31", r.stdout)
}

// Was failing, fixed: the bank returns Epicerie Durand's cheque 4455667 unpaid (a
// reversal of the deposit L3 that paid FA-103); 'import --match' books the
// return on 411000 C003, but FA-103 stays lettered with the bounced cheque
// and 'state' still says "paid": an accountant expects the invoice open
// again (not_paid, 360,00 due, its own due date) to chase the customer, the
// deposit and its return lettered together — instead the invoice reads
// paid and the debt is an anonymous bank line.
func TestHrev42UnpaidChequeLeavesInvoicePaid(t *testing.T) {
	t.Parallel()
	dir := hrev42Book(t, false)
	hrev42Camt(t, dir, "march.xml", "0.00", hrev42Cheque)
	r := hrev42Step(t, dir, "import", "camt053", "march.xml", "--match")
	require.Contains(t, r.stdout, "2 statement lines matched", r.stdout)
	r = hrev42Step(t, dir, "report", "ledger", "--account", "411000")
	require.Contains(t, r.stdout, "CHQ IMPAYE", "the return is on the customer's account")
	r = hrev42Step(t, dir, "state", "VT/2026/00001")
	assert.NotContains(t, r.stdout, " paid ", "the cheque that paid FA-103 bounced: %s", r.stdout)
	assert.Contains(t, r.stdout, "due       360,00", r.stdout)
}

// Was failing, fixed: the customer statement (relevé de compte) of C003 after the
// cheque came back unpaid shows the open item's type as "statement_l…", an
// internal identifier cut in half; an accountant expects French or at
// least plain wording ("impayé", "bank line") — and the header should name
// the customer ("Epicerie Durand"), not only its code.
func TestHrev42PartnerStatementWording(t *testing.T) {
	t.Parallel()
	dir := hrev42Book(t, false)
	hrev42Camt(t, dir, "march.xml", "0.00", hrev42Cheque)
	hrev42Step(t, dir, "import", "camt053", "march.xml", "--match")
	r := hrev42Step(t, dir, "report", "statement", "C003")
	assert.NotContains(t, r.stdout, "statement_l", r.stdout)
	assert.NotContains(t, r.stdout, "_", "no internal identifiers: %s", r.stdout)
	first, _, _ := strings.Cut(r.stdout, "\n")
	assert.Contains(t, first, "Epicerie Durand", "the statement names the customer: %q", first)
}

// Was failing, fixed: a supplier payment registered with 'pay' was labelled "Règlement
// F001": the partner's code and no document. In the bank journal, the
// 512000 ledger and the FEC's EcritureLib an accountant (and the tax
// auditor) must see what the payment settled — the bill's reference FF-77
// and the supplier's name, Moulins de France.
func TestHrev42PaymentLabelNamesBillAndSupplier(t *testing.T) {
	t.Parallel()
	dir := hrev42Book(t, false)
	hrev42Step(t, dir, "pay", "--journal", "BNP", "--method", "sepa_transfer", "--date", "2026-03-19", "AC/2026/00001")
	r := hrev42Step(t, dir, "report", "ledger", "--account", "512000", "--csv")
	var row string
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.Contains(line, "BNP/2026/00001") {
			row = line
		}
	}
	require.NotEmpty(t, row, r.stdout)
	assert.Contains(t, row, "FF-77", "the bill paid: %s", row)
	assert.Contains(t, row, "Moulins de France", "the supplier paid: %s", row)
	assert.NotContains(t, row, fmt.Sprintf("Règlement %s,", "F001"), row)
}
