package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review hrev127: a small French company's month of purchases (March
// 2026) through the command line: supplier bills at 20 %, services at
// 20 % with VAT on payment (445640 → 445660), a 5,5 % bill, a bill
// offering an escompte, a supplier credit note, a part payment, a SEPA
// payment run (pain.001), the March camt.053 statement showing the
// transfers (one returned by the bank), then the reports.

const (
	hrev127Now     = "2026-03-31T18:00:00Z"
	hrev127Company = "FR7630004000010001234567830"
	hrev127IBANF1  = "FR7630004000010000000000136"
	hrev127IBANF2  = "FR7630004000010000000000233"
	hrev127IBANF3  = "FR7630004000010000000000330"
	hrev127IBANF4  = "FR7630004000010000000000427"
	hrev127RunID   = "01900000-0000-7000-8000-000000000127"
)

// hrev127Step runs one step on 31/03/2026 and requires it to succeed.
func hrev127Step(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	r := hrev127Run(t, dir, stdin, args...)
	require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
	return r
}

// hrev127Run runs the command on 31/03/2026, its output's thousands
// separators (narrow no-break spaces) written as spaces.
func hrev127Run(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	r := runAt(t, dir, hrev127Now, stdin, args...)
	r.stdout = strings.ReplaceAll(r.stdout, "\u202f", " ")
	r.stderr = strings.ReplaceAll(r.stderr, "\u202f", " ")
	return r
}

// hrev127Row is the first line of s holding every one of words.
func hrev127Row(s string, words ...string) string {
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

// hrev127Book makes the book: bank journal BNP (outstanding accounts,
// the company's IBAN) and suppliers F001-F004 with their IBANs.
func hrev127Book(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	hrev127Step(t, dir, "", "init", "--year", "2026")
	hrev127Step(t, dir, "", "journal", "add", "BNP", "--kind", "bank", "--iban", hrev127Company, "--outstanding", "--name", "BNP Paribas")
	hrev127Step(t, dir, "", "partner", "add", "F001", "--name", "Métaux & Cie", "--terms", "30", "--iban", hrev127IBANF1)
	hrev127Step(t, dir, "", "partner", "add", "F002", "--name", "Conseil Dupré", "--terms", "30", "--iban", hrev127IBANF2)
	hrev127Step(t, dir, "", "partner", "add", "F003", "--name", "Épicerie Bio", "--terms", "15", "--iban", hrev127IBANF3)
	hrev127Step(t, dir, "", "partner", "add", "F004", "--name", "Emballages Léon", "--terms", "30", "--iban", hrev127IBANF4)
	return dir
}

// hrev127Month posts March's purchases and pays them:
//
//	AC/2026/00001 02/03 FF-101 F001 1 200,00 (1 000,00 + 200,00 TVA20-DED)
//	AC/2026/00002 05/03 CD-2026-07 F002 2 400,00 (2 000,00 + 400,00 TVA20-DED-ENC)
//	AC/2026/00003 06/03 EB-555 F003 316,50 (300,00 + 16,50 TVA5.5-DED)
//	AC/2026/00004 09/03 EL-88 F004 1 200,00, escompte 24,00 until 19/03
//	AC/2026/00005 12/03 AV-12 F001 credit note 120,00 (100,00 + 20,00)
//	BNP/2026/00001 15/03 1 000,00 to F002 on CD-2026-07 (cash basis 166,67)
//	BQD/2026/00001 16/03 316,50 to F003 on EB-555
//	run on 18/03, bills due by 10/04: F001 1 080,00, F002 1 400,00,
//	F004 1 176,00 (escompte 24,00 = 20,00 HT + 4,00 VAT): 3 656,00
func hrev127Month(t *testing.T, dir string) string {
	t.Helper()
	hrev127Step(t, dir, "", "post", "--journal", "AC", "--date", "2026-03-02", "--type", "invoice", "--ref", "FF-101", "--label", "Métaux FF-101",
		"--line", "401000:F001=-1200.00", "--line", "607000=1000.00@TVA20-DED", "--line", "445660=200.00@TVA20-DED")
	hrev127Step(t, dir, "", "post", "--journal", "AC", "--date", "2026-03-05", "--type", "invoice", "--ref", "CD-2026-07", "--label", "Conseil Dupré mars",
		"--line", "401000:F002=-2400.00", "--line", "622600=2000.00@TVA20-DED-ENC", "--line", "445640=400.00@TVA20-DED-ENC")
	hrev127Step(t, dir, "", "post", "--journal", "AC", "--date", "2026-03-06", "--type", "invoice", "--ref", "EB-555", "--label", "Epicerie EB-555",
		"--line", "401000:F003=-316.50", "--line", "607000=300.00@TVA5.5-DED", "--line", "445660=16.50@TVA5.5-DED")
	hrev127Step(t, dir, "", "post", "--journal", "AC", "--date", "2026-03-09", "--type", "invoice", "--ref", "EL-88", "--label", "Emballages EL-88",
		"--discount", "24.00", "--discount-until", "2026-03-19",
		"--line", "401000:F004=-1200.00", "--line", "602000=1000.00@TVA20-DED", "--line", "445660=200.00@TVA20-DED")
	hrev127Step(t, dir, "", "post", "--journal", "AC", "--date", "2026-03-12", "--type", "credit_note", "--ref", "AV-12", "--label", "Métaux avoir AV-12",
		"--line", "401000:F001=120.00", "--line", "607000=-100.00@TVA20-DED", "--line", "445660=-20.00@TVA20-DED")
	hrev127Step(t, dir, "", "pay", "--journal", "BNP", "--date", "2026-03-15", "--amount", "1000.00", "--ref", "VIR-CD-1", "AC/2026/00002")
	hrev127Step(t, dir, "", "pay", "--journal", "BQD", "--date", "2026-03-16", "AC/2026/00003")
	r := hrev127Step(t, dir, "", "run", "--journal", "BNP", "--date", "2026-03-18", "--due-by", "2026-04-10",
		"--company", "Atelier Martin SARL", "--o", "virements.xml", "--id", hrev127RunID)
	require.Contains(t, r.stdout, "3 656,00", r.stdout)
	// The run's id, RUN-<16 hex>, is the transfers' end-to-end ids' stem.
	i := strings.Index(r.stdout, "RUN-")
	require.GreaterOrEqual(t, i, 0, r.stdout)
	return r.stdout[i : i+len("RUN-")+16]
}

// hrev127Statement is the March camt.053 of the company's BNP account:
// opening 10 000,00; M1 16/03 -1 000,00 (VIR-CD-1), M2 18/03 -m2 (end-to-
// end id RUN-…-1), M3 18/03 -1 400,00 (RUN-…-2), M4 18/03 -1 176,00
// (RUN-…-3), M5 20/03 +1 400,00 returning M3 (AC04 compte clos).
func hrev127Statement(run, m2, closing string) string {
	s := `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MSG-2026-03</MsgId><CreDtTm>2026-04-01T06:00:00+02:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT-2026-03</Id>
      <ElctrncSeqNb>3</ElctrncSeqNb>
      <Acct><Id><IBAN>FR7630004000010001234567830</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">10000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-02-28</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">CLOSING</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
      <Ntry>
        <Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-16</Dt></BookgDt><ValDt><Dt>2026-03-16</Dt></ValDt><AcctSvcrRef>M1</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
          <RltdPties><Cdtr><Pty><Nm>Conseil Dupre</Nm></Pty></Cdtr><CdtrAcct><Id><IBAN>FR7630004000010000000000233</IBAN></Id></CdtrAcct></RltdPties>
          <RmtInf><Ustrd>VIR-CD-1 CD-2026-07</Ustrd></RmtInf></TxDtls></NtryDtls>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">M2AMOUNT</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-18</Dt></BookgDt><ValDt><Dt>2026-03-18</Dt></ValDt><AcctSvcrRef>M2</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs><EndToEndId>RUNID-1</EndToEndId></Refs><Amt Ccy="EUR">M2AMOUNT</Amt><CdtDbtInd>DBIT</CdtDbtInd>
          <RltdPties><Cdtr><Pty><Nm>Metaux + Cie</Nm></Pty></Cdtr><CdtrAcct><Id><IBAN>FR7630004000010000000000136</IBAN></Id></CdtrAcct></RltdPties>
          <RmtInf><Ustrd>FF-101 AV-12</Ustrd></RmtInf></TxDtls></NtryDtls>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">1400.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-18</Dt></BookgDt><ValDt><Dt>2026-03-18</Dt></ValDt><AcctSvcrRef>M3</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs><EndToEndId>RUNID-2</EndToEndId></Refs><Amt Ccy="EUR">1400.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
          <RltdPties><Cdtr><Pty><Nm>Conseil Dupre</Nm></Pty></Cdtr><CdtrAcct><Id><IBAN>FR7630004000010000000000233</IBAN></Id></CdtrAcct></RltdPties>
          <RmtInf><Ustrd>CD-2026-07</Ustrd></RmtInf></TxDtls></NtryDtls>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">1176.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-18</Dt></BookgDt><ValDt><Dt>2026-03-18</Dt></ValDt><AcctSvcrRef>M4</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs><EndToEndId>RUNID-3</EndToEndId></Refs><Amt Ccy="EUR">1176.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
          <RltdPties><Cdtr><Pty><Nm>Emballages Leon</Nm></Pty></Cdtr><CdtrAcct><Id><IBAN>FR7630004000010000000000427</IBAN></Id></CdtrAcct></RltdPties>
          <RmtInf><Ustrd>EL-88</Ustrd></RmtInf></TxDtls></NtryDtls>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">1400.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-20</Dt></BookgDt><ValDt><Dt>2026-03-20</Dt></ValDt><AcctSvcrRef>M5</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>RRTN</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs><EndToEndId>RUNID-2</EndToEndId></Refs><Amt Ccy="EUR">1400.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
          <RltdPties><Cdtr><Pty><Nm>Conseil Dupre</Nm></Pty></Cdtr><CdtrAcct><Id><IBAN>FR7630004000010000000000233</IBAN></Id></CdtrAcct></RltdPties>
          <RtrInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>COMPTE CLOS</AddtlInf></RtrInf></TxDtls></NtryDtls>
        <AddtlNtryInf>RETOUR VIREMENT CONSEIL DUPRE</AddtlNtryInf>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
`
	return strings.NewReplacer("RUNID", run, "M2AMOUNT", m2, "CLOSING", closing).Replace(s)
}

func hrev127Write(t *testing.T, dir, name, content string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
}

// A pin: the month end to end, every figure checked by hand.
// pain.001: 3 transfers, CtrlSum 3656.00, 1080.00 / 1400.00 / 1176.00 to
// the suppliers' IBANs, remittance "FF-101 AV-12", "CD-2026-07", "EL-88".
// Escompte AC/2026/00006: Dr 401000 24,00 / Cr 765000 20,00 / Cr 445660
// 4,00. Cash basis: 166,67 on 15/03, 233,33 on 18/03 (400,00 − 166,67),
// reversed on the return. Statement: M1 clears BNP/2026/00001, M2-M4 the
// run's payments, M5 returns M3 so CD-2026-07 owes 1 400,00 again.
// Trial at 31/03: 401000 -1 400,00, 445640 233,33, 445660 559,17
// (200 + 16,50 + 200 − 20 − 4 + 166,67), 512000 -3 572,50 (−1 000 −
// 1 080 − 1 400 − 1 176 + 1 400 − 316,50), 512200 0,00, 765000 -20,00.
// VAT of March: TVA20-DED base 1 880,00 tax 376,00, TVA5.5-DED 300,00 /
// 16,50, TVA20-DED-ENC 833,33 / 166,67; deductible 559,17.
func TestHrev127PurchasesMonthPin(t *testing.T) {
	t.Parallel()
	dir := hrev127Book(t)
	run := hrev127Month(t, dir)
	pain, err := os.ReadFile(filepath.Join(dir, "virements.xml"))
	require.NoError(t, err)
	p := string(pain)
	assert.Equal(t, 2, strings.Count(p, "<NbOfTxs>3</NbOfTxs>"), p)
	assert.Equal(t, 2, strings.Count(p, "<CtrlSum>3656.00</CtrlSum>"), p)
	for _, want := range []string{
		`<InstdAmt Ccy="EUR">1080.00</InstdAmt>`, `<InstdAmt Ccy="EUR">1400.00</InstdAmt>`, `<InstdAmt Ccy="EUR">1176.00</InstdAmt>`,
		"<IBAN>" + hrev127IBANF1 + "</IBAN>", "<IBAN>" + hrev127IBANF2 + "</IBAN>", "<IBAN>" + hrev127IBANF4 + "</IBAN>",
		"<IBAN>" + hrev127Company + "</IBAN>", "<Ustrd>FF-101 AV-12</Ustrd>", "<Ustrd>CD-2026-07</Ustrd>", "<Ustrd>EL-88</Ustrd>",
		"<Nm>Metaux + Cie</Nm>", "<EndToEndId>" + run + "-1</EndToEndId>", "<Dt>2026-03-18</Dt>",
	} {
		assert.Contains(t, p, want)
	}
	assert.NotContains(t, p, hrev127IBANF3, "F003 was paid by hand")
	r := hrev127Step(t, dir, "", "report", "journals", "--journal", "AC", "--from", "2026-03-18")
	assert.Contains(t, hrev127Row(r.stdout, "AC/2026/00006", "765000"), "20,00", r.stdout)
	assert.Contains(t, hrev127Row(r.stdout, "AC/2026/00006", "445660"), "4,00", r.stdout)
	assert.Contains(t, hrev127Row(r.stdout, "AC/2026/00006", "401000", "F004"), "24,00", r.stdout)

	hrev127Write(t, dir, "mars.xml", hrev127Statement(run, "1080.00", "6744.00"))
	r = hrev127Step(t, dir, "", "import", "camt053", "--match", "mars.xml")
	assert.Contains(t, r.stdout, "5 statement lines matched", r.stdout)
	r = hrev127Step(t, dir, "", "state", "AC/2026/00001", "AC/2026/00002", "AC/2026/00003", "AC/2026/00004")
	assert.Contains(t, hrev127Row(r.stdout, "AC/2026/00001"), "paid", r.stdout)
	assert.Contains(t, hrev127Row(r.stdout, "AC/2026/00002", "partial"), "1 400,00", r.stdout)
	assert.Contains(t, hrev127Row(r.stdout, "AC/2026/00004", "paid"), "0,00", r.stdout)

	r = hrev127Step(t, dir, "", "report", "trial", "--at", "2026-03-31")
	for acct, bal := range map[string]string{"401000": "-1 400,00", "445640": "233,33", "445660": "559,17", "512000": "-3 572,50", "512200": "0,00", "765000": "-20,00"} {
		assert.True(t, strings.HasSuffix(strings.TrimSpace(hrev127Row(r.stdout, acct)), " "+bal), "%s: %s\n%s", acct, bal, r.stdout)
	}
	r = hrev127Step(t, dir, "", "report", "vat", "--from", "2026-03-01", "--to", "2026-03-31")
	assert.Contains(t, hrev127Row(r.stdout, "TVA20-DED "), "1 880,00", r.stdout)
	assert.Contains(t, hrev127Row(r.stdout, "TVA20-DED "), "376,00", r.stdout)
	assert.Contains(t, hrev127Row(r.stdout, "TVA20-DED-ENC"), "166,67", r.stdout)
	assert.Contains(t, hrev127Row(r.stdout, "Deductible"), "559,17", r.stdout)

	r = hrev127Step(t, dir, "", "report", "aged", "--at", "2026-03-10")
	assert.True(t, strings.HasSuffix(strings.TrimSpace(hrev127Row(r.stdout, "Total Fournisseurs")), "-5 116,50"), r.stdout)
	r = hrev127Step(t, dir, "", "report", "aged", "--at", "2026-03-31")
	assert.Contains(t, hrev127Row(r.stdout, "401000", "F002"), "-1 400,00", r.stdout)
	assert.Empty(t, hrev127Row(r.stdout, "401000", "F001"), r.stdout)

	hrev127Step(t, dir, "", "export", "fec", "--year", "2026", "--siren", "732829320", "--dir", dir)
	r = hrev127Step(t, dir, "", "validate-fec", filepath.Join(dir, "732829320FEC20261231.txt"))
	assert.Contains(t, r.stdout, "debit 20 089,00, credit 20 089,00: 0 errors", r.stdout)
}

// Was failing, fixed: after F001's bill FF-101 (1 200,00) was paid by hand with a transfer registered on account ('pay --partner F001 --amount 1200 --direction out'; the supplier's statement shows due 1 200,00, unallocated 1 200,00, balance 0,00), 'lettrage run' pays FF-101 a second time (1 200,00 in the pain.001), leaving F001 owing us 1 200,00; the accountant expects the run to set the unallocated payment off against the bill as it does a credit note (DESIGN §5: advances and overpayments are outstanding items in exactly the same way) and pay nothing to F001.
func TestHrev127RunPaysBillAlreadyPaidOnAccount(t *testing.T) {
	t.Parallel()
	dir := hrev127Book(t)
	hrev127Step(t, dir, "", "post", "--journal", "AC", "--date", "2026-03-02", "--type", "invoice", "--ref", "FF-101",
		"--line", "401000:F001=-1200.00", "--line", "607000=1000.00@TVA20-DED", "--line", "445660=200.00@TVA20-DED")
	hrev127Step(t, dir, "", "pay", "--journal", "BNP", "--date", "2026-03-20", "--partner", "F001", "--amount", "1200.00", "--direction", "out", "--ref", "VIR MANUEL")
	r := hrev127Step(t, dir, "", "report", "statement", "F001")
	require.True(t, strings.HasSuffix(strings.TrimSpace(hrev127Row(r.stdout, "Balance")), " 0,00"), r.stdout)

	r = hrev127Run(t, dir, "", "run", "--journal", "BNP", "--date", "2026-03-31", "--due-by", "2026-04-10",
		"--company", "Atelier Martin SARL", "--o", "v.xml")
	assert.NotContains(t, r.stdout, "1 200,00 EUR", "F001's bill is already paid: %s%s", r.stdout, r.stderr)
	if b, err := os.ReadFile(filepath.Join(dir, "v.xml")); err == nil {
		assert.NotContains(t, string(b), "1200.00", "the pain.001 pays FF-101 again")
	}
	r = hrev127Step(t, dir, "", "report", "trial", "--at", "2026-03-31")
	assert.True(t, strings.HasSuffix(strings.TrimSpace(hrev127Row(r.stdout, "401000")), " 0,00"), "F001 owes nothing and is owed nothing:\n%s", r.stdout)
}

// Was failing, fixed: the statement shows the run's transfer to F001 (end-to-end id RUN-…-1, our payment BNP/2026/00002 of 1 080,00) debited 1 008,00 (an amount keyed wrong); 'import camt053 --match' ignores the end-to-end id and books the line as a second payment to F001 (Dr 401000 F001 1 008,00 / Cr 512000), so F001's statement shows 1 008,00 unallocated, 401000 F001 a debit of 1 008,00 and 512200 keeps the 1 080,00 uncleared; the accountant expects a line naming our own payment never to be booked as another payment to the supplier: cleared against BNP/2026/00002 with the 72,00 difference shown, or left in 'statement open' for review.
func TestHrev127StatementWrongAmountBookedAsSecondPayment(t *testing.T) {
	t.Parallel()
	dir := hrev127Book(t)
	run := hrev127Month(t, dir)
	hrev127Write(t, dir, "mars.xml", hrev127Statement(run, "1008.00", "6816.00"))
	r := hrev127Step(t, dir, "", "import", "camt053", "--match", "mars.xml")
	m2 := hrev127Row(r.stdout, "M2")
	r = hrev127Step(t, dir, "", "report", "statement", "F001")
	assert.True(t, strings.HasSuffix(strings.TrimSpace(hrev127Row(r.stdout, "Unallocated")), " 0,00"),
		"the 1 008,00 line is our payment RUN-…-1, not a new payment to F001 (%s):\n%s", m2, r.stdout)
	r = hrev127Step(t, dir, "", "report", "trial", "--at", "2026-03-31")
	row := hrev127Row(r.stdout, "401000")
	assert.True(t, strings.HasSuffix(strings.TrimSpace(row), " -1 400,00"), "401000 is what F002 owes, nothing more: %s", row)
}
