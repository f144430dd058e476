package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review 149: a small French company's March 2026 run with the command
// only, every figure recomputed by hand.

const hrev149Now = "2026-03-31T18:00:00Z"

const hrev149IBAN = "FR7630001007941234567890185"

// hrev149 runs a step at the month's end and requires its exit code.
func hrev149(t *testing.T, dir string, code int, args ...string) result {
	t.Helper()
	r := runAt(t, dir, hrev149Now, "", args...)
	require.Equal(t, code, r.code, "%v:\n%s%s", args, r.stdout, r.stderr)
	// Thousands are separated by a narrow no-break space: compare with
	// plain ones.
	r.stdout = strings.ReplaceAll(r.stdout, "\u202f", " ")
	return r
}

// hrev149Refused runs a step that must be refused with code and checks
// the book is byte-identical afterwards.
func hrev149Refused(t *testing.T, dir string, code int, args ...string) result {
	t.Helper()
	before, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	r := hrev149(t, dir, code, args...)
	after, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	require.True(t, string(before) == string(after), "%v changed the book", args)
	return r
}

// hrev149Book: partners, the BNP journal on outstanding accounts, four
// sales (two with VAT due on payment), a customer credit note, two
// supplier bills and a supplier credit note.
func hrev149Book(t *testing.T) string {
	dir := t.TempDir()
	hrev149(t, dir, 0, "init", "--year", "2026")
	hrev149(t, dir, 0, "partner", "add", "C001", "--name", "Dupont SARL", "--iban", "FR7630006000011234567890189", "--terms", "30")
	hrev149(t, dir, 0, "partner", "add", "C002", "--name", "Martin & Fils", "--method", "cheque", "--terms", "30")
	hrev149(t, dir, 0, "partner", "add", "C003", "--name", "Bernard SA", "--method", "cheque", "--terms", "30")
	hrev149(t, dir, 0, "partner", "add", "S001", "--name", "Fournitures Lyon", "--iban", "FR7630004000031234567890143", "--terms", "30")
	hrev149(t, dir, 0, "partner", "add", "S002", "--name", "Électricité Ouest", "--iban", "DE89370400440532013000", "--terms", "15")
	hrev149(t, dir, 0, "journal", "add", "BNP", "--kind", "bank", "--iban", hrev149IBAN, "--outstanding", "--name", "BNP")
	for _, p := range [][]string{
		{"--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1", "--line", "411000:C001=1200.00", "--line", "706000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20"},
		{"--journal", "VT", "--date", "2026-03-05", "--type", "invoice", "--ref", "FA-2", "--line", "411000:C002=600.00", "--line", "706000=-500.00@TVA20-ENC", "--line", "445740=-100.00@TVA20-ENC"},
		{"--journal", "VT", "--date", "2026-03-06", "--type", "invoice", "--ref", "FA-3", "--line", "411000:C001=360.00", "--line", "706000=-300.00@TVA20-ENC", "--line", "445740=-60.00@TVA20-ENC"},
		{"--journal", "VT", "--date", "2026-03-10", "--type", "credit_note", "--ref", "AV-1", "--line", "411000:C001=-120.00", "--line", "706000=100.00@TVA20", "--line", "445710=20.00@TVA20"},
		{"--journal", "VT", "--date", "2026-03-11", "--type", "invoice", "--ref", "FA-4", "--line", "411000:C003=240.00", "--line", "706000=-200.00@TVA20", "--line", "445710=-40.00@TVA20"},
		{"--journal", "AC", "--date", "2026-03-03", "--type", "invoice", "--ref", "F-S1-77", "--line", "401000:S001=-2400.00", "--line", "607000=2000.00@TVA20-DED", "--line", "445660=400.00@TVA20-DED"},
		{"--journal", "AC", "--date", "2026-03-08", "--type", "invoice", "--ref", "EDF-3", "--line", "401000:S002=-240.00", "--line", "606100=200.00@TVA20-DED", "--line", "445660=40.00@TVA20-DED"},
		{"--journal", "AC", "--date", "2026-03-12", "--type", "credit_note", "--ref", "AVS-1", "--line", "401000:S001=240.00", "--line", "607000=-200.00@TVA20-DED", "--line", "445660=-40.00@TVA20-DED"},
	} {
		hrev149(t, dir, 0, append([]string{"post"}, p...)...)
	}
	return dir
}

// hrev149Statement is BNP's March statement: the cheque deposit (800,00),
// C001's transfer of FA-1 less AV-1 (1 080,00), the run (2 400,00 in
// one batch), the bank's fee (12,50) and 100,00 nobody can name yet.
// Opening 0, closing 0 + 800 + 1080 - 2400 - 12.50 + 100 = -432.50.
func hrev149Statement(run string) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>BNP-053-20260331</MsgId><CreDtTm>2026-03-31T04:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>BNP-2026-03</Id>
      <CreDtTm>2026-03-31T04:00:00</CreDtTm>
      <Acct><Id><IBAN>%[2]s</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">432.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
      <Ntry>
        <NtryRef>L1</NtryRef>
        <Amt Ccy="EUR">800.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-18</Dt></BookgDt><ValDt><Dt>2026-03-19</Dt></ValDt>
        <AcctSvcrRef>A1</AcctSvcrRef>
        <NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch></NtryDtls>
        <AddtlNtryInf>REMISE CHEQUES 2 CHQ</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <NtryRef>L2</NtryRef>
        <Amt Ccy="EUR">1080.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-20</Dt></BookgDt><ValDt><Dt>2026-03-20</Dt></ValDt>
        <AcctSvcrRef>A2</AcctSvcrRef>
        <NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy="EUR">1080.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
          <RltdPties><Dbtr><Nm>DUPONT SARL</Nm></Dbtr><DbtrAcct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></DbtrAcct></RltdPties>
          <RmtInf><Ustrd>FA-1 MOINS AV-1</Ustrd></RmtInf></TxDtls></NtryDtls>
        <AddtlNtryInf>VIR SEPA RECU DUPONT SARL</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <NtryRef>L3</NtryRef>
        <Amt Ccy="EUR">2400.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-26</Dt></BookgDt><ValDt><Dt>2026-03-26</Dt></ValDt>
        <AcctSvcrRef>A3</AcctSvcrRef>
        <NtryDtls>
          <Btch><MsgId>%[1]s</MsgId><PmtInfId>%[1]s-1</PmtInfId><NbOfTxs>2</NbOfTxs><TtlAmt Ccy="EUR">2400.00</TtlAmt><CdtDbtInd>DBIT</CdtDbtInd></Btch>
          <TxDtls><Refs><MsgId>%[1]s</MsgId><PmtInfId>%[1]s-1</PmtInfId><EndToEndId>%[1]s-1</EndToEndId></Refs><Amt Ccy="EUR">2160.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></TxDtls>
          <TxDtls><Refs><MsgId>%[1]s</MsgId><PmtInfId>%[1]s-1</PmtInfId><EndToEndId>%[1]s-2</EndToEndId></Refs><Amt Ccy="EUR">240.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></TxDtls>
        </NtryDtls>
        <AddtlNtryInf>VIR SEPA EMIS 2 OPERATIONS</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <NtryRef>L4</NtryRef>
        <Amt Ccy="EUR">12.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-28</Dt></BookgDt>
        <AcctSvcrRef>A4</AcctSvcrRef>
        <AddtlNtryInf>FRAIS TENUE DE COMPTE</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <NtryRef>L5</NtryRef>
        <Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-29</Dt></BookgDt>
        <AcctSvcrRef>A5</AcctSvcrRef>
        <AddtlNtryInf>VIR RECU INCONNU</AddtlNtryInf>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
`, run, hrev149IBAN)
}

// hrev149Month plays the month up to the lock and returns the book's
// directory.
func hrev149Month(t *testing.T) string {
	dir := hrev149Book(t)

	// Cheques: C002 pays FA-2 (600,00, VAT due on payment), C003 200,00 of FA-4.
	r := hrev149(t, dir, 0, "pay", "--journal", "BNP", "--date", "2026-03-15", "--cheque", "1234567", "--cheque-bank", "CIC", "VT/2026/00002")
	assert.Contains(t, r.stdout, "Payment BNP/2026/00001, TVA/2026/00001 posted: 1 invoice paid in full, letter AAA")
	assert.Contains(t, r.stdout, "VT/2026/00002    C002     in_payment total       600,00  due         0,00  AAA")
	// More than a credit note owes: refused, nothing written.
	hrev149Refused(t, dir, 1, "pay", "--journal", "BNP", "--date", "2026-03-16", "--cheque", "7654321", "--amount", "200.00", "VT/2026/00004")
	r = hrev149(t, dir, 0, "pay", "--journal", "BNP", "--date", "2026-03-16", "--cheque", "7654321", "--cheque-bank", "LCL", "--amount", "200.00", "VT/2026/00005")
	assert.Contains(t, r.stdout, "1 invoice paid in part, 40,00 still due")

	r = hrev149(t, dir, 0, "deposit", "list", "--journal", "BNP", "--json")
	var cheques []map[string]string
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &cheques))
	require.Len(t, cheques, 2)
	assert.Equal(t, "600.00", cheques[0]["amount"])
	assert.Equal(t, "200.00", cheques[1]["amount"])
	r = hrev149(t, dir, 0, "deposit", "add", "--journal", "BNP", "--date", "2026-03-17", "--all")
	assert.Regexp(t, `Deposit REM-[0-9a-f]{16} on BNP, 17/03/2026: 2 cheques, 800,00 EUR`, r.stdout)

	// The supplier run: S001 2 400,00 less its 240,00 credit note, S002 240,00.
	r = hrev149(t, dir, 0, "run", "--journal", "BNP", "--date", "2026-03-31", "--due-by", "2026-04-05",
		"--company", "Ma Société SAS", "--o", "virements.xml", "--id", "11111111-1111-4111-8111-111111111111")
	m := regexp.MustCompile(`Payment run (RUN-[0-9a-f]{16}) on BNP, executed 31/03/2026: 2 suppliers, 2 400,00 EUR`).FindStringSubmatch(r.stdout)
	require.NotNil(t, m, r.stdout)
	run := m[1]
	xml, err := os.ReadFile(filepath.Join(dir, "virements.xml"))
	require.NoError(t, err)
	assert.Contains(t, string(xml), "<CtrlSum>2400.00</CtrlSum>")
	assert.Contains(t, string(xml), `<InstdAmt Ccy="EUR">2160.00</InstdAmt>`)
	assert.Contains(t, string(xml), "<Nm>Electricite Ouest</Nm>")
	assert.Contains(t, string(xml), "<Nm>Ma Societe SAS</Nm>")
	if _, err := exec.LookPath("xmllint"); err == nil {
		out, err := exec.Command("xmllint", "--noout", "--schema", "/work/shared/formats/iso20022/pain.001.001.09.xsd", filepath.Join(dir, "virements.xml")).CombinedOutput()
		assert.NoError(t, err, "%s", out)
	}
	// Replayed with its id: the book is not touched, the file is identical.
	hrev149Refused(t, dir, 0, "run", "--journal", "BNP", "--date", "2026-03-31", "--due-by", "2026-04-05",
		"--company", "Ma Société SAS", "--o", "virements2.xml", "--id", "11111111-1111-4111-8111-111111111111")
	xml2, err := os.ReadFile(filepath.Join(dir, "virements2.xml"))
	require.NoError(t, err)
	assert.Equal(t, string(xml), string(xml2))

	// The statement.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "st.xml"), []byte(hrev149Statement(run)), 0o644))
	r = hrev149(t, dir, 0, "import", "camt053", "--match", "st.xml")
	assert.Contains(t, r.stdout, "3 statement lines matched")
	assert.Contains(t, r.stdout, "left to post: BNP BNP-2026-03 A4  28/03/2026  -12,50  FRAIS TENUE DE COMPTE")
	assert.Contains(t, r.stdout, "left to post: BNP BNP-2026-03 A5  29/03/2026  100,00  VIR RECU INCONNU")
	// Imported again: left alone.
	hrev149(t, dir, 0, "import", "camt053", "st.xml")
	r = hrev149(t, dir, 0, "state", "VT/2026/00001", "VT/2026/00002", "VT/2026/00004", "AC/2026/00001", "AC/2026/00002", "AC/2026/00003")
	assert.Regexp(t, `VT/2026/00001    C001     partial    total     1 200,00  due       120,00  [a-z]{4}\n`, r.stdout)
	assert.Contains(t, r.stdout, "VT/2026/00002    C002     paid       total       600,00  due         0,00  AAA\n")
	assert.Contains(t, r.stdout, "VT/2026/00004    C001     not_paid   total       120,00  due       120,00")
	assert.Contains(t, r.stdout, "AC/2026/00001    S001     paid       total     2 400,00  due         0,00  AAA\n")
	assert.Contains(t, r.stdout, "AC/2026/00002    S002     paid       total       240,00  due         0,00  AAA\n")
	assert.Contains(t, r.stdout, "AC/2026/00003    S001     paid       total       240,00  due         0,00  AAA\n")

	// Auto-lettering sets AV-1 off against what FA-1 still owes.
	r = hrev149(t, dir, 0, "auto", "--all", "--dry-run", "--json")
	var dry struct {
		Proposals int  `json:"proposals"`
		Applied   int  `json:"applied"`
		DryRun    bool `json:"dry_run"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &dry))
	assert.Equal(t, 1, dry.Proposals)
	assert.Equal(t, 0, dry.Applied)
	assert.True(t, dry.DryRun)
	r = hrev149(t, dir, 0, "auto", "--all")
	assert.Contains(t, r.stdout, "1 proposal, 1 applied: 2 lines lettered, 1 partial, 1 match, 0 entries posted")
	r = hrev149(t, dir, 0, "state", "VT/2026/00001", "VT/2026/00004")
	assert.Contains(t, r.stdout, "VT/2026/00001    C001     paid       total     1 200,00  due         0,00  AAA")
	assert.Contains(t, r.stdout, "VT/2026/00004    C001     paid       total       120,00  due         0,00  AAA")

	// Lines left: the fee to 627000, the unknown money to suspense, then
	// to C001 as an instalment on FA-3.
	r = hrev149(t, dir, 0, "statement", "post", "BNP", "BNP-2026-03", "A4", "--account", "627000")
	assert.Contains(t, r.stdout, "Posted BNP/2026/00008: statement line BNP-2026-03 A4 to 627000")
	r = hrev149(t, dir, 0, "statement", "post", "BNP", "BNP-2026-03", "A5")
	assert.Contains(t, r.stdout, "Posted BNP/2026/00009: statement line BNP-2026-03 A5 to 471000")
	assert.Equal(t, "[]", strings.TrimSpace(hrev149(t, dir, 0, "statement", "open", "--json").stdout))
	hrev149(t, dir, 0, "post", "--journal", "OD", "--date", "2026-03-30", "--ref", "SUSP-1", "--label", "Virement Dupont acompte FA-3",
		"--line", "471000=100.00", "--line", "411000:C001=-100.00")
	hrev149Refused(t, dir, 1, "letter", "BNP/2026/00009:1", "OD/2026/00001:0") // the bank line is not reconcilable
	r = hrev149(t, dir, 0, "letter", "BNP/2026/00009:0", "OD/2026/00001:0")
	assert.Contains(t, r.stdout, "Letter AAA on 471000")

	// 100,00 on FA-3 (360,00 with 60,00 VAT due on payment): 16,67 of VAT
	// and 83,33 of base become due; undone, they are reversed; lettered
	// again, posted again.
	r = hrev149(t, dir, 0, "letter", "VT/2026/00003", "OD/2026/00001:1")
	assert.Contains(t, r.stdout, "Entries posted: TVA/2026/00002")
	r = hrev149(t, dir, 0, "unletter", "VT/2026/00003")
	assert.Contains(t, r.stdout, "Entries posted: TVA/2026/00003")
	assert.Contains(t, hrev149(t, dir, 0, "state", "VT/2026/00003").stdout, "VT/2026/00003    C001     not_paid   total       360,00  due       360,00")
	r = hrev149(t, dir, 0, "letter", "VT/2026/00003", "OD/2026/00001:1", "--json")
	var lettered struct {
		Entries  []string `json:"entries"`
		Partials int      `json:"partials"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &lettered))
	assert.Equal(t, []string{"TVA/2026/00004"}, lettered.Entries)
	assert.Equal(t, 1, lettered.Partials)

	assert.Equal(t, "22 entries; invariants: ok; hash chains: ok\n", hrev149(t, dir, 0, "verify").stdout)

	// The month is reviewed.
	hrev149(t, dir, 0, "lock", "--period", "2026-03-31", "--reason", "mars revu")
	hrev149Refused(t, dir, 1, "post", "--journal", "OD", "--date", "2026-03-31", "--line", "471000=1.00", "--line", "627000=-1.00")
	hrev149Refused(t, dir, 1, "pay", "--journal", "BNP", "--date", "2026-03-31", "VT/2026/00005")
	hrev149Refused(t, dir, 2, "post", "--bogus")
	hrev149Refused(t, dir, 2, "lock", "--period", "2026-04-31")
	return dir
}

// Pin: the month as a whole, and every report recomputed by hand.
func TestHrev149Month(t *testing.T) {
	dir := hrev149Month(t)

	// Trial balance at 31/03: 411000 300,00 (C001 1 560 - 120 - 1 080 - 100
	// = 260, C003 40); 401000 0; 706000 -1 900,00; 445710 -200 + 20 - 40 -
	// 100 - 16,67 = -336,67; 445740 -160 + 116,67 = -43,33; 445660 400,00;
	// 607000 1 800,00; 606100 200,00; 627000 12,50; 512000 -432,50 (the
	// statement's closing); 512100, 512200, 471000 at zero.
	r := hrev149(t, dir, 0, "report", "trial", "--at", "2026-03-31", "--json")
	var table struct {
		Rows []struct {
			Kind  string `json:"kind"`
			Cells []any  `json:"cells"`
		} `json:"rows"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &table))
	got := map[string]string{}
	for _, row := range table.Rows {
		if row.Kind == "detail" {
			got[row.Cells[0].(string)] = fmt.Sprint(row.Cells[len(row.Cells)-1])
		}
	}
	want := map[string]string{
		"401000": "0.00", "411000": "300.00", "445660": "400.00", "445710": "-336.67", "445740": "-43.33",
		"471000": "0.00", "512000": "-432.50", "512100": "0.00", "512200": "0.00", "606100": "200.00",
		"607000": "1800.00", "627000": "12.50", "706000": "-1900.00",
	}
	assert.Equal(t, want, got)
	text := hrev149(t, dir, 0, "report", "trial", "--at", "2026-03-31").stdout
	assert.Contains(t, text, "512000   Banque                                           1 980,00         2 412,50          -432,50")
	assert.Contains(t, text, "         Total                                           13 992,50        13 992,50             0,00")

	// VAT of March: 1 100,00 / 220,00 on invoices (FA-1, FA-4 less AV-1),
	// 583,33 / 116,67 on payments (FA-2 whole, 100/360 of FA-3), 400,00
	// deductible: a credit of 63,33.
	text = hrev149(t, dir, 0, "report", "vat", "--from", "2026-03-01", "--to", "2026-03-31").stdout
	assert.Contains(t, text, "445660   TVA20-DED      TVA 20 % déductible              20     invoice    deductible         2 000,00           400,00")
	assert.Contains(t, text, "445710   TVA20          TVA 20 %                         20     invoice    collected          1 100,00           220,00")
	assert.Contains(t, text, "445710   TVA20-ENC      TVA 20 % sur encaissements       20     payment    collected            583,33           116,67")
	assert.Contains(t, text, "Net credit                                                                                63,33")
	fr := hrev149(t, dir, 0, "report", "vat", "--from", "2026-03-01", "--to", "2026-03-31", "--csv", "--french").stdout
	assert.Contains(t, fr, "detail;445710;TVA20-ENC;TVA 20 % sur encaissements;20;payment;collected;583,33;116,67\n")
	assert.Contains(t, fr, "total;;;Net credit;;;;;63,33\n")

	// Aged balance: C001's 260,00 on FA-3 (due 05/04) and C003's 40,00 on
	// FA-4 (due 10/04), not due.
	text = hrev149(t, dir, 0, "report", "aged", "--at", "2026-03-31").stdout
	assert.Contains(t, text, "411000   C001       Dupont SARL                         260,00          0,00          0,00          0,00          0,00        260,00")
	assert.Contains(t, text, "411000              Total Clients                       300,00          0,00          0,00          0,00          0,00        300,00")
	assert.NotContains(t, text, "401000")
	assert.Equal(t, "Row,Account,Partner,Name,not due,1-30,31-60,61-90,> 90,Total,Currency\n"+
		"detail,411000,C001,Dupont SARL,260.00,0.00,0.00,0.00,0.00,260.00,\n"+
		"detail,411000,C003,Bernard SA,40.00,0.00,0.00,0.00,0.00,40.00,\n"+
		"total,411000,,Total Clients,300.00,0.00,0.00,0.00,0.00,300.00,\n",
		hrev149(t, dir, 0, "report", "aged", "--at", "2026-03-31", "--csv").stdout)
	assert.Contains(t, hrev149(t, dir, 0, "report", "aged", "--at", "2026-03-31", "--csv", "--french").stdout,
		"detail;411000;C001;Dupont SARL;260,00;0,00;0,00;0,00;0,00;260,00;\n")
	var aged []struct {
		CompanyTotal string `json:"company_total"`
	}
	require.NoError(t, json.Unmarshal([]byte(hrev149(t, dir, 0, "report", "aged", "--at", "2026-03-31", "--json").stdout), &aged))
	require.Len(t, aged, 1)
	assert.Equal(t, "300.00", aged[0].CompanyTotal)

	// C001's statement before its transfer: FA-1 less AV-1 (lettered on
	// the 10th), FA-3 whole.
	text = hrev149(t, dir, 0, "report", "statement", "C001", "--at", "2026-03-19").stdout
	assert.Contains(t, text, "VT/2026/00001:0  invoice      02/03/2026 01/04/2026 FA-1                           1 200,00       1 080,00")
	assert.Contains(t, text, "Balance                                                                                           1 440,00")
	text = hrev149(t, dir, 0, "report", "statement", "C001").stdout
	assert.Contains(t, text, "VT/2026/00003:0  invoice      06/03/2026 05/04/2026 FA-3                             360,00         260,00")

	// Ledger of 512000: the statement line by line, ending at -432,50.
	fr = hrev149(t, dir, 0, "report", "ledger", "--account", "512000", "--to", "2026-03-31", "--csv", "--french").stdout
	assert.Contains(t, fr, "detail;512000;;26/03/2026;BNP/2026/00007;VIR SEPA EMIS 2 OPERATIONS;;2400,00;-520,00;\n")
	assert.Contains(t, fr, "total;512000;;;;Total 512000 Banque;1980,00;2412,50;-432,50;\n")

	// Balance générale and journal centralisateur.
	text = hrev149(t, dir, 0, "report", "balance", "--from", "2026-03-01", "--to", "2026-03-31").stdout
	assert.Contains(t, text, "                Total                            0,00    13 992,50    13 992,50         0,00       2 712,50       2 712,50")
	text = hrev149(t, dir, 0, "report", "journals", "--central", "--to", "2026-03-31").stdout
	assert.Contains(t, text, "BNP     BNP                        03/2026       7 592,50       7 592,50")
	assert.Contains(t, text, "        Grand total                             13 992,50      13 992,50")

	// FEC: valid, no error; hledger agrees with the trial balance.
	r = hrev149(t, dir, 0, "export", "fec", "--year", "2026", "--siren", "732829320", "--dir", ".")
	assert.Contains(t, r.stdout, "732829320FEC20261231.txt: fiscal year 2026, 22 entries, 60 lines, debit 13 992,50\u00a0€, credit 13 992,50\u00a0€")
	r = hrev149(t, dir, 0, "validate-fec", "732829320FEC20261231.txt")
	assert.Contains(t, r.stdout, "0 errors")
	hrev149(t, dir, 0, "export", "hledger", "--o", "book.journal")
	if _, err := exec.LookPath("hledger"); err == nil {
		out, err := exec.Command("hledger", "-f", filepath.Join(dir, "book.journal"), "balance", "-B", "-e", "2026-04-01").CombinedOutput()
		require.NoError(t, err, "%s", out)
		s := string(out)
		for _, l := range []string{"260.00 EUR  411000:C001", "40.00 EUR  411000:C003", "-336.67 EUR  445710", "-43.33 EUR  445740", "-432.50 EUR  512000", "-1900.00 EUR  706000"} {
			assert.Contains(t, s, l)
		}
	}
}

// Was failing, fixed: a bank journal whose bank account is its own outstanding receipts account (512100) is accepted with --outstanding: expected exit 1 and the book unchanged, got exit 0 and, later, a statement line posted 512100 against 512100
func TestHrev149OutstandingJournalOnItsOutstandingAccount(t *testing.T) {
	dir := t.TempDir()
	hrev149(t, dir, 0, "init", "--year", "2026")
	r := hrev149Refused(t, dir, 1, "journal", "add", "BN2", "--kind", "bank", "--bank-account", "512100", "--outstanding", "--iban", hrev149IBAN)
	assert.Contains(t, r.stderr, "512100")
}
