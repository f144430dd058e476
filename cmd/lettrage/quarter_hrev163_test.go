package main_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review h-rev163: an expert-comptable audits the first quarter 2026 of a
// small company kept with the command-line tool. It sells goods (VAT on
// debits, TVA20 on 445710) and services (VAT on receipts, TVA20-ENC and
// TVA10-ENC on 445740 until paid), exports goods to a US customer
// invoiced in USD, buys goods from a supplier who grants an escompte.
//
// The quarter, every amount computed by hand:
//
//	VT/1 10/01 CLI1 (terms 30): goods 1 000,00 + TVA20 200,00, services
//	     500,00 + TVA20-ENC 100,00 = 1 800,00 TTC, due 09/02.
//	VT/2 15/01 CLI2: services 2 000,00 + TVA10-ENC 200,00 = 2 200,00.
//	VT/3 20/01 USCO: goods exported 1 200,00 USD at 1,20 = 1 000,00 EUR.
//	VT/4 31/01 CLI2: goods 100,00 + TVA20 20,00 = 120,00 (left unpaid).
//	AC/1 25/01 FOU1: goods 1 000,00 + TVA20-DED 200,00 = 1 200,00,
//	     escompte 24,00 until 10/02.
//	VT/5 05/02 CLI2 credit note AV-1: services 500,00 + TVA10-ENC 50,00
//	     = 550,00, lettered with VT/2: VT/2's cash-basis share
//	     200 x 550/2200 = 50,00 moves 445740 -> 445710, and AV-1's own
//	     50,00 moves back: net TVA10-ENC of February 0,00.
//	BQD/1 10/02 CLI1 pays 900,00 on VT/1: share 100 x 900/1800 = 50,00
//	     (base 500 x 900/1800 = 250,00).
//	BQD/2 08/02 FOU1 paid 1 176,00 = 1 200 - 24: escompte AC/2
//	     Dr 401000 24,00 / Cr 765000 20,00 / Cr 445660 4,00.
//	BQD/3 20/02 USCO pays 960,00 EUR at the bank's 1,25 (= 1 200 USD):
//	     FX loss 1 000 - 960 = 40,00 on 656000 (DESIGN §5: 656/756 for
//	     trade receivables since 2017).
//	BQD/4 05/03 CLI2 pays 1 000,00 on VT/2: cumulative
//	     round(200 x 1550/2200) = 140,91 - 50,00 = 90,91 (= 1000/1,1 x 0,1);
//	     base round(2000 x 1550/2200) = 1 409,09 - 500,00 = 909,09.
//	BQD/5 25/03 CLI2 pays 649,98: round(200 x 2199,98/2200) = 200,00
//	     - 140,91 = 59,09; base 1 999,98 - 1 409,09 = 590,89; the 0,02
//	     left is written off (tolerance 0,05) to 658000, no VAT left.
//	VT/6 20/03 CLI1: services 400,00 + TVA20-ENC 80,00 = 480,00, due
//	     19/04, open at the quarter's end.
//	BNP camt.053 of March: 900,00 from CLI1 on 16/03 naming FA-1 (VT/1
//	     paid; cash basis 100 - 50 = 50,00, base 250,00), bank fees
//	     12,00 posted to 627000.
//
// VAT due: January TVA20 200 + 20 = 220,00 (base 1 100,00), deductible
// 200,00, net 20,00; February TVA20-ENC 50,00, deductible -4,00 (the
// escompte), net 54,00; March TVA10-ENC 90,91 + 59,09 = 150,00 (base
// 909,09 + 590,89 = 1 499,98), TVA20-ENC 50,00, net 200,00.

// hrev163March is BNP's camt.053 of March.
const hrev163March = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>BNP-053-20260331</MsgId><CreDtTm>2026-04-01T04:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>BNP-2026-03</Id>
      <ElctrncSeqNb>3</ElctrncSeqNb>
      <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">888.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
      <Ntry>
        <Amt Ccy="EUR">900.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-16</Dt></BookgDt><ValDt><Dt>2026-03-16</Dt></ValDt>
        <AcctSvcrRef>B0316-1</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs><EndToEndId>DUP-0316</EndToEndId></Refs><Amt Ccy="EUR">900.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
          <RltdPties><Dbtr><Pty><Nm>DUPONT SARL</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>FR1420041010050500013M02606</IBAN></Id></DbtrAcct></RltdPties>
          <RmtInf><Ustrd>SOLDE FA-1</Ustrd></RmtInf></TxDtls></NtryDtls>
        <AddtlNtryInf>VIR SEPA DUPONT SARL</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">12.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-31</Dt></BookgDt><ValDt><Dt>2026-03-31</Dt></ValDt>
        <AcctSvcrRef>B0331-1</AcctSvcrRef>
        <BkTxCd><Domn><Cd>ACMT</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>CHRG</SubFmlyCd></Fmly></Domn></BkTxCd>
        <AddtlNtryInf>FRAIS TENUE DE COMPTE</AddtlNtryInf>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
`

// hrev163Quarter builds the quarter described above.
func hrev163Quarter(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"init", "--year", "2026"},
		{"journal", "add", "BNP", "--kind", "bank", "--iban", "FR7630006000011234567890189", "--name", "BNP"},
		{"partner", "add", "CLI1", "--name", "Dupont SARL", "--terms", "30", "--iban", "FR1420041010050500013M02606"},
		{"partner", "add", "CLI2", "--name", "Martin SA"},
		{"partner", "add", "USCO", "--name", "US Corp"},
		{"partner", "add", "FOU1", "--name", "Fournil"},
		{"rate", "set", "USD", "2026-01-01", "1.20"},
		{"rate", "set", "USD", "2026-02-15", "1.25"},
		{"post", "--journal", "VT", "--date", "2026-01-10", "--type", "invoice", "--ref", "FA-1",
			"--line", "411000:CLI1=1800.00", "--line", "707000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20",
			"--line", "706000=-500.00@TVA20-ENC", "--line", "445740=-100.00@TVA20-ENC"},
		{"post", "--journal", "VT", "--date", "2026-01-15", "--type", "invoice", "--ref", "FA-2",
			"--line", "411000:CLI2=2200.00", "--line", "706000=-2000.00@TVA10-ENC", "--line", "445740=-200.00@TVA10-ENC"},
	} {
		ok(t, dir, args...)
	}
	r := run(t, dir, `{"journal":"VT","date":"2026-01-20","type":"invoice","ref":"FA-3","currency":"USD","lines":[
		{"account":"411000","partner":"USCO","amount_currency":"1200.00"},
		{"account":"707000","amount_currency":"-1200.00","tax":"EXPORT"}]}`, "post", "-")
	require.Equal(t, 0, r.code, r.stderr)
	for _, args := range [][]string{
		{"post", "--journal", "VT", "--date", "2026-01-31", "--type", "invoice", "--ref", "FA-4",
			"--line", "411000:CLI2=120.00", "--line", "707000=-100.00@TVA20", "--line", "445710=-20.00@TVA20"},
		{"post", "--journal", "AC", "--date", "2026-01-25", "--type", "invoice", "--ref", "F-FOU-77",
			"--discount", "24.00", "--discount-until", "2026-02-10",
			"--line", "401000:FOU1=-1200.00", "--line", "607000=1000.00@TVA20-DED", "--line", "445660=200.00@TVA20-DED"},
		{"post", "--journal", "VT", "--date", "2026-02-05", "--type", "credit_note", "--ref", "AV-1",
			"--line", "411000:CLI2=-550.00", "--line", "706000=500.00@TVA10-ENC", "--line", "445740=50.00@TVA10-ENC"},
		{"letter", "VT/2026/00002", "VT/2026/00005"},
		{"pay", "VT/2026/00001", "--amount", "900.00", "--date", "2026-02-10"},
		{"pay", "AC/2026/00001", "--amount", "1176.00", "--date", "2026-02-08"},
		{"pay", "VT/2026/00003", "--amount", "960.00", "--rate", "1.25", "--date", "2026-02-20"},
		{"pay", "VT/2026/00002", "--amount", "1000.00", "--date", "2026-03-05"},
		{"pay", "VT/2026/00002", "--amount", "649.98", "--date", "2026-03-25"},
		{"letter", "VT/2026/00002", "--write-off", "--tolerance", "0.05"},
		{"post", "--journal", "VT", "--date", "2026-03-20", "--type", "invoice", "--ref", "FA-5",
			"--line", "411000:CLI1=480.00", "--line", "706000=-400.00@TVA20-ENC", "--line", "445740=-80.00@TVA20-ENC"},
	} {
		ok(t, dir, args...)
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "mars.xml"), []byte(hrev163March), 0o644))
	r = ok(t, dir, "import", "camt053", "--match", "mars.xml")
	require.Contains(t, r.stdout, "names VT/2026/00001 of CLI1")
	ok(t, dir, "statement", "post", "BNP", "BNP-2026-03", "B0331-1", "--account", "627000")
	return dir
}

// hrev163Row asserts that out has a line matching the fields given, in
// order, separated by blanks.
func hrev163Row(t *testing.T, out string, fields ...string) {
	t.Helper()
	q := make([]string, len(fields))
	for i, f := range fields {
		q[i] = regexp.QuoteMeta(f)
	}
	assert.Regexp(t, `(?m)^ *`+strings.Join(q, ` +`)+` *$`, out)
}

// TestHrev163QuarterEntries: the entries the lettering posted — cash-basis
// VAT pro rata of each receipt, the supplier's escompte, the FX loss, the
// write-off — at the amounts computed by hand, each journal balanced, the
// book verified.
func TestHrev163QuarterEntries(t *testing.T) {
	t.Parallel()
	dir := hrev163Quarter(t)
	out := ok(t, dir, "report", "journals").stdout
	for _, row := range [][]string{
		{"AC", "AC/2026/00002", "08/02/2026", "401000", "FOU1", "Escompte AC/2026/00001", "24,00"},
		{"AC", "AC/2026/00002", "08/02/2026", "765000", "Escompte AC/2026/00001", "20,00"},
		{"CHG", "CHG/2026/00001", "20/02/2026", "411000", "USCO", "Différence de change", "40,00"},
		{"CHG", "CHG/2026/00001", "20/02/2026", "656000", "Différence de change", "40,00"},
		{"OD", "OD/2026/00001", "25/03/2026", "658000", "Écart de règlement", "0,02"},
		{"TVA", "TVA/2026/00003", "10/02/2026", "445710", "TVA 20 % sur encaissements", "50,00"},
		{"TVA", "TVA/2026/00004", "05/03/2026", "445710", "TVA 10 % sur encaissements", "90,91"},
		{"TVA", "TVA/2026/00004", "05/03/2026", "706000", "Base TVA 10 % sur encaissements", "909,09"},
		{"TVA", "TVA/2026/00005", "25/03/2026", "445710", "TVA 10 % sur encaissements", "59,09"},
		{"TVA", "TVA/2026/00005", "25/03/2026", "706000", "Base TVA 10 % sur encaissements", "590,89"},
		{"TVA", "TVA/2026/00006", "16/03/2026", "445710", "TVA 20 % sur encaissements", "50,00"},
		{"BNP", "BNP/2026/00001", "16/03/2026", "411000", "CLI1", "VIR SEPA DUPONT SARL", "900,00"},
		{"BNP", "BNP/2026/00002", "31/03/2026", "627000", "FRAIS TENUE DE COMPTE", "12,00"},
	} {
		hrev163Row(t, out, row...)
	}
	assert.Regexp(t, `(?m)^AC +Escompte AC/2026/00001 TVA 20 %… +4,00$|445660 +Escompte AC/2026/00001 TVA 20 %… +4,00`, out)
	for _, tot := range []string{
		"Total AC Achats                      1 224,00     1 224,00",
		"Total BQD Banque (direct)            4 685,98     4 685,98",
		"Total CHG Différences de change         40,00        40,00",
		"Total OD Opérations diverses             0,02         0,02",
		"Total TVA TVA sur encaissements      3 349,98     3 349,98",
		"Total BNP BNP                          912,00       912,00",
	} {
		assert.Contains(t, out, tot)
	}
	st := ok(t, dir, "state", "VT/2026/00001", "VT/2026/00002", "VT/2026/00003", "VT/2026/00004", "VT/2026/00006", "AC/2026/00001").stdout
	hrev163Row(t, st, "VT/2026/00001", "CLI1", "paid", "total", "1 800,00", "due", "0,00", "AAA")
	hrev163Row(t, st, "VT/2026/00002", "CLI2", "paid", "total", "2 200,00", "due", "0,00", "AAA")
	hrev163Row(t, st, "VT/2026/00003", "USCO", "paid", "total", "1 200,00 USD", "due", "0,00 USD", "AAA")
	hrev163Row(t, st, "VT/2026/00004", "CLI2", "not_paid", "total", "120,00", "due", "120,00")
	hrev163Row(t, st, "VT/2026/00006", "CLI1", "not_paid", "total", "480,00", "due", "480,00")
	hrev163Row(t, st, "AC/2026/00001", "FOU1", "paid", "total", "1 200,00", "due", "0,00", "AAA")
	assert.Contains(t, ok(t, dir, "verify").stdout, "invariants: ok")
}

// TestHrev163QuarterVATByMonth: the VAT return of each month — goods at
// invoicing, services only for what was received that month, pro rata of
// each receipt, the escompte reducing the deductible VAT.
func TestHrev163QuarterVATByMonth(t *testing.T) {
	t.Parallel()
	dir := hrev163Quarter(t)
	jan := ok(t, dir, "report", "vat", "--from", "2026-01-01", "--to", "2026-01-31").stdout
	hrev163Row(t, jan, "445660", "TVA20-DED", "TVA 20 % déductible", "20", "invoice", "deductible", "1 000,00", "200,00")
	hrev163Row(t, jan, "445710", "TVA20", "TVA 20 %", "20", "invoice", "collected", "1 100,00", "220,00")
	hrev163Row(t, jan, "445710", "EXPORT", "Export hors UE", "0", "invoice", "collected", "1 000,00", "0,00")
	assert.NotContains(t, jan, "-ENC")
	hrev163Row(t, jan, "Net due", "20,00")

	feb := ok(t, dir, "report", "vat", "--from", "2026-02-01", "--to", "2026-02-28").stdout
	hrev163Row(t, feb, "445660", "TVA20-DED", "TVA 20 % déductible", "20", "invoice", "deductible", "-20,00", "-4,00")
	hrev163Row(t, feb, "445710", "TVA20-ENC", "TVA 20 % sur encaissements", "20", "payment", "collected", "250,00", "50,00")
	hrev163Row(t, feb, "445710", "TVA10-ENC", "TVA 10 % sur encaissements", "10", "payment", "collected", "0,00", "0,00")
	hrev163Row(t, feb, "Net due", "54,00")

	mar := ok(t, dir, "report", "vat", "--from", "2026-03-01", "--to", "2026-03-31").stdout
	hrev163Row(t, mar, "445710", "TVA10-ENC", "TVA 10 % sur encaissements", "10", "payment", "collected", "1 499,98", "150,00")
	hrev163Row(t, mar, "445710", "TVA20-ENC", "TVA 20 % sur encaissements", "20", "payment", "collected", "250,00", "50,00")
	hrev163Row(t, mar, "Net due", "200,00")
	// VT/6 (80,00 on receipts) is not paid: nothing of it is due.
	assert.NotContains(t, mar, "80,00")

	q := ok(t, dir, "report", "vat", "--from", "2026-01-01", "--to", "2026-03-31").stdout
	hrev163Row(t, q, "Collected", "470,00")
	hrev163Row(t, q, "Deductible", "196,00")
	hrev163Row(t, q, "Net due", "274,00")
}

// TestHrev163QuarterBalances: the balance générale at the quarter's end
// and the trial balance at 28/02, every account checked by hand; 445740
// holds exactly the VAT of the unpaid VT/6, 80,00.
func TestHrev163QuarterBalances(t *testing.T) {
	t.Parallel()
	dir := hrev163Quarter(t)
	bal := ok(t, dir, "report", "balance").stdout
	for _, row := range [][]string{
		// 1 200 bill; 24 escompte + 1 176 paid.
		{"401000", "Fournisseurs", "0,00", "1 200,00", "1 200,00", "0,00"},
		// 1 800 + 2 200 + 1 000 + 120 + 480; 550 + 900 + 960 + 40 + 1 000 + 649,98 + 0,02 + 900.
		{"411000", "Clients", "0,00", "5 600,00", "5 000,00", "600,00", "600,00"},
		{"445660", "TVA déductible sur autr…", "0,00", "200,00", "4,00", "196,00", "196,00"},
		// 200 + 20 + 50 + 50 + 90,91 + 59,09 + 50; 50 (AV-1's share).
		{"445710", "TVA collectée", "0,00", "50,00", "520,00", "-470,00", "470,00"},
		{"445740", "TVA collectée sur encai…", "0,00", "350,00", "430,00", "-80,00", "80,00"},
		{"512000", "Banque", "0,00", "4 409,98", "1 188,00", "3 221,98", "3 221,98"},
		{"656000", "Pertes de change sur cr…", "0,00", "40,00", "0,00", "40,00", "40,00"},
		{"658000", "Charges diverses de ges…", "0,00", "0,02", "0,00", "0,02", "0,02"},
		{"707000", "Ventes de marchandises", "0,00", "0,00", "2 100,00", "-2 100,00", "2 100,00"},
		{"765000", "Escomptes obtenus", "0,00", "0,00", "20,00", "-20,00", "20,00"},
		{"Total", "0,00", "16 361,98", "16 361,98", "0,00", "5 070,00", "5 070,00"},
	} {
		hrev163Row(t, bal, row...)
	}
	// 706000: 500 + 2 000 - 500 + 400 = 2 400,00 net.
	assert.Regexp(t, `(?m)^706000 .* -2 400,00 +2 400,00$`, bal)

	tr := ok(t, dir, "report", "trial", "--at", "2026-02-28").stdout
	for _, row := range [][]string{
		{"411000", "Clients", "5 120,00", "2 450,00", "2 670,00"},
		{"445710", "TVA collectée", "50,00", "320,00", "-270,00"},
		{"445740", "TVA collectée sur encaissements (en att…", "150,00", "350,00", "-200,00"},
		{"512000", "Banque", "1 860,00", "1 176,00", "684,00"},
		{"Total", "11 370,00", "11 370,00", "0,00"},
	} {
		hrev163Row(t, tr, row...)
	}
}

// TestHrev163QuarterLedgerAgedStatements: the general ledger of 411000 by
// partner with running balances and letters, the aged balance at the
// quarter's end and at 28/02, and the partners' statements.
func TestHrev163QuarterLedgerAgedStatements(t *testing.T) {
	t.Parallel()
	dir := hrev163Quarter(t)
	gl := ok(t, dir, "report", "ledger", "--account", "411000", "--by-partner").stdout
	for _, row := range [][]string{
		{"411000", "CLI1", "16/03/2026", "BNP/2026/00001", "VIR SEPA DUPONT SARL", "900,00", "0,00", "AAA"},
		{"411000", "CLI2", "05/02/2026", "VT/2026/00005", "550,00", "1 770,00", "AAA"},
		{"411000", "CLI2", "25/03/2026", "OD/2026/00001", "Écart de règlement VT/2026/00002", "0,02", "120,00", "AAA"},
		{"411000", "USCO", "20/02/2026", "CHG/2026/00001", "Différence de change", "40,00", "0,00", "AAA"},
		{"411000", "Total 411000 Clients", "5 600,00", "5 000,00", "600,00"},
	} {
		hrev163Row(t, gl, row...)
	}
	gl = ok(t, dir, "report", "ledger", "--account", "445740", "--from", "2026-03-01", "--to", "2026-03-31").stdout
	hrev163Row(t, gl, "445740", "01/03/2026", "Opening balance", "-200,00")
	hrev163Row(t, gl, "445740", "Total 445740 TVA collectée sur…", "200,00", "80,00", "-80,00")

	aged := ok(t, dir, "report", "aged", "--at", "2026-03-31").stdout
	hrev163Row(t, aged, "411000", "CLI1", "Dupont SARL", "480,00", "0,00", "0,00", "0,00", "0,00", "480,00")
	// FA-4 of 31/01 has no terms: 59 days past due at 31/03.
	hrev163Row(t, aged, "411000", "CLI2", "Martin SA", "0,00", "0,00", "120,00", "0,00", "0,00", "120,00")
	hrev163Row(t, aged, "411000", "Total Clients", "480,00", "0,00", "120,00", "0,00", "0,00", "600,00")
	assert.NotContains(t, aged, "FOU1")
	aged = ok(t, dir, "report", "aged", "--at", "2026-02-28").stdout
	// VT/1's 900,00 is 19 days past its 09/02 due date; VT/2 less AV-1 is
	// 1 650,00, 44 days past; VT/4 28 days.
	hrev163Row(t, aged, "411000", "CLI1", "Dupont SARL", "0,00", "900,00", "0,00", "0,00", "0,00", "900,00")
	hrev163Row(t, aged, "411000", "CLI2", "Martin SA", "0,00", "120,00", "1 650,00", "0,00", "0,00", "1 770,00")
	hrev163Row(t, aged, "411000", "Total Clients", "0,00", "1 020,00", "1 650,00", "0,00", "0,00", "2 670,00")

	s := ok(t, dir, "report", "statement", "CLI2", "--at", "2026-02-28").stdout
	hrev163Row(t, s, "VT/2026/00002:0", "invoice", "15/01/2026", "FA-2", "2 200,00", "1 650,00", "1 650,00")
	hrev163Row(t, s, "Balance", "1 770,00")
	s = ok(t, dir, "report", "statement", "USCO", "--at", "2026-02-15").stdout
	hrev163Row(t, s, "VT/2026/00003:0", "invoice", "20/01/2026", "FA-3", "1 000,00", "1 000,00", "USD", "1 200,00", "1 000,00")
	s = ok(t, dir, "report", "statement", "FOU1", "--at", "2026-01-31").stdout
	hrev163Row(t, s, "AC/2026/00001:0", "invoice", "25/01/2026", "F-FOU-77", "-1 200,00", "-1 200,00", "24,00", "10/02/2026", "-1 200,00")
	s = ok(t, dir, "report", "statement", "CLI1").stdout
	hrev163Row(t, s, "VT/2026/00006:0", "invoice", "20/03/2026", "19/04/2026", "FA-5", "480,00", "480,00", "480,00")
	hrev163Row(t, s, "Balance", "480,00")
}

// TestHrev163QuarterFEC: the FEC of 2026 — 18 columns, AAAAMMJJ dates,
// decimal comma, CompAux only on 401/411, EcritureLet/DateLet on the
// lettered lines with the match's date, the USD lines with their
// currency amount — and the validator finds no error.
func TestHrev163QuarterFEC(t *testing.T) {
	t.Parallel()
	dir := hrev163Quarter(t)
	ok(t, dir, "export", "fec", "--year", "2026", "--siren", "732829320")
	b, err := os.ReadFile(filepath.Join(dir, "732829320FEC20261231.txt"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimRight(string(b), "\r\n"), "\n")
	require.Equal(t, "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise", strings.TrimRight(lines[0], "\r"))
	assert.Len(t, lines, 68) // header + 67 lines
	for i, l := range lines {
		f := strings.Split(strings.TrimRight(l, "\r"), "\t")
		require.Len(t, f, 18, "line %d", i+1)
		if i == 0 {
			continue
		}
		assert.Regexp(t, `^2026\d{4}$`, f[3], "EcritureDate line %d", i+1)
		assert.Regexp(t, `^\d+,\d{2}$`, f[11], "Debit line %d", i+1)
		assert.Regexp(t, `^\d+,\d{2}$`, f[12], "Credit line %d", i+1)
		aux := f[4] == "411000" || f[4] == "401000"
		assert.Equal(t, aux, f[6] != "", "CompAuxNum line %d: %s", i+1, l)
		assert.Equal(t, f[13] != "", f[14] != "", "EcritureLet/DateLet line %d", i+1)
	}
	text := string(b)
	for _, want := range []string{
		"VT\tVentes\tVT/2026/00001\t20260110\t411000\tClients\tCLI1\tDupont SARL\tFA-1\t20260110\tVT/2026/00001\t1800,00\t0,00\tAAA\t20260316\t",
		"VT\tVentes\tVT/2026/00002\t20260115\t411000\tClients\tCLI2\tMartin SA\tFA-2\t20260115\tVT/2026/00002\t2200,00\t0,00\tAAA\t20260325\t",
		"VT\tVentes\tVT/2026/00003\t20260120\t411000\tClients\tUSCO\tUS Corp\tFA-3\t20260120\tVT/2026/00003\t1000,00\t0,00\tAAA\t20260220\t20261231\t1200,00\tUSD",
		"VT\tVentes\tVT/2026/00004\t20260131\t411000\tClients\tCLI2\tMartin SA\tFA-4\t20260131\tVT/2026/00004\t120,00\t0,00\t\t\t",
		"AC\tAchats\tAC/2026/00002\t20260208\t401000\tFournisseurs\tFOU1\tFournil\tAC/2026/00001\t20260208\tEscompte AC/2026/00001\t24,00\t0,00\tAAA\t20260208\t",
		"AC\tAchats\tAC/2026/00002\t20260208\t445660\t",
		"CHG\tDifférences de change\tCHG/2026/00001\t20260220\t656000\t",
		"OD\tOpérations diverses\tOD/2026/00001\t20260325\t411000\tClients\tCLI2\tMartin SA\tOD/2026/00001\t20260325\tÉcart de règlement VT/2026/00002\t0,00\t0,02\tAAA\t20260325\t",
		"TVA\tTVA sur encaissements\tTVA/2026/00004\t20260305\t445710\tTVA collectée\t\t\tVT/2026/00002\t20260305\tTVA 10 % sur encaissements\t0,00\t90,91\t\t\t",
		"BNP\tBNP\tBNP/2026/00001\t20260316\t411000\tClients\tCLI1\tDupont SARL\tB0316-1\t20260316\tVIR SEPA DUPONT SARL\t0,00\t900,00\tAAA\t20260316\t",
	} {
		assert.Contains(t, text, want)
	}
	r := ok(t, dir, "validate-fec", "732829320FEC20261231.txt")
	assert.Contains(t, r.stdout, "debit 16 361,98, credit 16 361,98: 0 errors")
}

// TestHrev163UnletterAfterVATReturn: February's VAT return is filed (tax
// lock 28/02); délettrage of CLI2's AAA reverses the four cash-basis
// entries and the write-off: the two dated 05/02 move to 01/03, the
// others keep their dates; March's TVA10-ENC falls to 0,00 and 445740
// holds VT/2's 200,00 less AV-1's 50,00 again (plus VT/6's 80,00); the
// lettering done again takes a new code and March's VAT comes back.
func TestHrev163UnletterAfterVATReturn(t *testing.T) {
	t.Parallel()
	dir := hrev163Quarter(t)
	ok(t, dir, "lock", "--tax", "2026-02-28")
	r := ok(t, dir, "unletter", "--code", "AAA", "--partner", "CLI2")
	assert.Contains(t, r.stdout, "4 partials undone")
	out := ok(t, dir, "report", "journals", "--from", "2026-03-01").stdout
	hrev163Row(t, out, "TVA", "TVA/2026/00007", "01/03/2026", "445710", "Extourne de TVA/2026/00001 - TV…", "50,00")
	hrev163Row(t, out, "TVA", "TVA/2026/00008", "01/03/2026", "445710", "Extourne de TVA/2026/00002 - TV…", "50,00")
	hrev163Row(t, out, "TVA", "TVA/2026/00009", "05/03/2026", "445710", "Extourne de TVA/2026/00004 - TV…", "90,91")
	hrev163Row(t, out, "TVA", "TVA/2026/00010", "25/03/2026", "445710", "Extourne de TVA/2026/00005 - TV…", "59,09")
	assert.Regexp(t, `(?m)^OD +OD/2026/00002 +25/03/2026 +658000 .* 0,02$`, out)
	mar := ok(t, dir, "report", "vat", "--from", "2026-03-01", "--to", "2026-03-31").stdout
	hrev163Row(t, mar, "445710", "TVA10-ENC", "TVA 10 % sur encaissements", "10", "payment", "collected", "0,00", "0,00")
	hrev163Row(t, mar, "Net due", "50,00")
	feb := ok(t, dir, "report", "vat", "--from", "2026-02-01", "--to", "2026-02-28").stdout
	hrev163Row(t, feb, "Net due", "54,00")
	hrev163Row(t, ok(t, dir, "report", "balance").stdout, "445740", "TVA collectée sur encai…", "0,00", "400,00", "630,00", "-230,00", "230,00")
	hrev163Row(t, ok(t, dir, "state", "VT/2026/00002").stdout, "VT/2026/00002", "CLI2", "not_paid", "total", "2 200,00", "due", "2 200,00")
	r = ok(t, dir, "letter", "VT/2026/00002", "VT/2026/00005", "BQD/2026/00004", "BQD/2026/00005")
	assert.NotContains(t, r.stdout, "AAA")
	r = ok(t, dir, "letter", "VT/2026/00002", "--write-off", "--tolerance", "0.05")
	// The write-off and its reversal, lettered together, took AAB: the
	// new match takes the next code, AAC; AAA is never reused.
	assert.Contains(t, r.stdout, "Letter AAC on 411000 CLI2")
	gl := ok(t, dir, "report", "ledger", "--account", "411000", "--by-partner").stdout
	assert.Regexp(t, `(?m)^411000 +CLI2 +25/03/2026 OD/2026/00002 .* 0,02 .* AAB$`, gl)
	mar = ok(t, dir, "report", "vat", "--from", "2026-03-01", "--to", "2026-03-31").stdout
	hrev163Row(t, mar, "445710", "TVA10-ENC", "TVA 10 % sur encaissements", "10", "payment", "collected", "1 499,98", "150,00")
	assert.Contains(t, ok(t, dir, "verify").stdout, "invariants: ok")
}

// TestHrev163ForeignServicesOnReceipts: services invoiced 1 000,00 USD +
// TVA20-ENC 200,00 USD at 1,20 (833,33 + 166,67 = 1 000,00 EUR). Half
// paid 480,00 EUR at 1,25 (600 USD): 445740 cleared at the invoice's
// company amounts, round(166,67 / 2) = 83,34; 445710 takes 100 USD / 1,25
// = 80,00 (CGI: the rate of the day VAT becomes due), 3,34 gain on
// 756000; the receivable's share 500,00 against 480,00 gives a 20,00
// loss. The rest 521,74 EUR at 1,15: 83,33 cleared, 86,96 due, 3,63 loss;
// receivable gain 21,74. 445740 ends at 0,00.
func TestHrev163ForeignServicesOnReceipts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"init", "--year", "2026"}, {"partner", "add", "USC"},
		{"rate", "set", "USD", "2026-01-01", "1.20"}, {"rate", "set", "USD", "2026-02-15", "1.25"}, {"rate", "set", "USD", "2026-03-01", "1.15"},
	} {
		ok(t, dir, args...)
	}
	r := run(t, dir, `{"journal":"VT","date":"2026-01-20","type":"invoice","ref":"FA-3","currency":"USD","lines":[
		{"account":"411000","partner":"USC","amount_currency":"1200.00"},
		{"account":"706000","amount_currency":"-1000.00","tax":"TVA20-ENC"},
		{"account":"445740","amount_currency":"-200.00","tax":"TVA20-ENC"}]}`, "post", "-")
	require.Equal(t, 0, r.code, r.stderr)
	ok(t, dir, "pay", "VT/2026/00001", "--amount", "480.00", "--date", "2026-02-20")
	ok(t, dir, "pay", "VT/2026/00001", "--date", "2026-03-10")
	out := ok(t, dir, "report", "journals").stdout
	hrev163Row(t, out, "TVA", "TVA/2026/00001", "20/02/2026", "445740", "TVA 20 % sur encaissements", "83,34")
	hrev163Row(t, out, "TVA", "TVA/2026/00001", "20/02/2026", "445710", "TVA 20 % sur encaissements", "80,00")
	hrev163Row(t, out, "TVA", "TVA/2026/00001", "20/02/2026", "756000", "Différence de change TVA 20 % s…", "3,34")
	hrev163Row(t, out, "CHG", "CHG/2026/00001", "20/02/2026", "656000", "Différence de change", "20,00")
	hrev163Row(t, out, "BQD", "BQD/2026/00002", "10/03/2026", "512000", "Règlement USC FA-3", "521,74")
	hrev163Row(t, out, "TVA", "TVA/2026/00002", "10/03/2026", "445710", "TVA 20 % sur encaissements", "86,96")
	hrev163Row(t, out, "TVA", "TVA/2026/00002", "10/03/2026", "656000", "Différence de change TVA 20 % s…", "3,63")
	hrev163Row(t, out, "CHG", "CHG/2026/00002", "10/03/2026", "411000", "USC", "Différence de change", "21,74")
	hrev163Row(t, ok(t, dir, "report", "vat", "--from", "2026-02-01", "--to", "2026-02-28").stdout,
		"445710", "TVA20-ENC", "TVA 20 % sur encaissements", "20", "payment", "collected", "400,00", "80,00")
	hrev163Row(t, ok(t, dir, "report", "vat", "--from", "2026-03-01", "--to", "2026-03-31").stdout,
		"445710", "TVA20-ENC", "TVA 20 % sur encaissements", "20", "payment", "collected", "434,78", "86,96")
	bal := ok(t, dir, "report", "balance").stdout
	hrev163Row(t, bal, "445740", "TVA collectée sur encai…", "0,00", "166,67", "166,67", "0,00")
	hrev163Row(t, bal, "445710", "TVA collectée", "0,00", "0,00", "166,96", "-166,96", "166,96")
	hrev163Row(t, bal, "411000", "Clients", "0,00", "1 021,74", "1 021,74", "0,00")
}

// TestHrev163MixedInvoiceEscompte: goods 1 000,00 + TVA20 200,00 and
// services 500,00 + TVA20-ENC 100,00, escompte 36,00 (2 %): VAT share
// 36 x 300/1800 = 6,00 prorated 4,00 on 445710 (on debits) and 2,00 on
// 445740; HT 20,00 + 10,00 on 665000. The receipt of 1 764,00 moves
// 100 - 2 = 98,00 (base 490,00) to 445710. VAT due: 196,00 + 98,00.
func TestHrev163MixedInvoiceEscompte(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ok(t, dir, "init", "--year", "2026")
	ok(t, dir, "partner", "add", "C1")
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-01-10", "--type", "invoice", "--ref", "FA-1",
		"--discount", "36.00", "--discount-until", "2026-01-20",
		"--line", "411000:C1=1800.00", "--line", "707000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20",
		"--line", "706000=-500.00@TVA20-ENC", "--line", "445740=-100.00@TVA20-ENC")
	r := ok(t, dir, "pay", "VT/2026/00001", "--amount", "1764.00", "--date", "2026-01-18")
	assert.Contains(t, r.stdout, "early-payment discount of 36,00 taken on VT/2026/00001 (VT/2026/00002)")
	out := ok(t, dir, "report", "journals").stdout
	hrev163Row(t, out, "VT", "VT/2026/00002", "18/01/2026", "411000", "C1", "Escompte VT/2026/00001", "36,00")
	hrev163Row(t, out, "VT", "VT/2026/00002", "18/01/2026", "665000", "Escompte VT/2026/00001", "20,00")
	hrev163Row(t, out, "VT", "VT/2026/00002", "18/01/2026", "445710", "Escompte VT/2026/00001 TVA 20 %", "4,00")
	hrev163Row(t, out, "VT", "VT/2026/00002", "18/01/2026", "665000", "Escompte VT/2026/00001", "10,00")
	hrev163Row(t, out, "VT", "VT/2026/00002", "18/01/2026", "445740", "Escompte VT/2026/00001 TVA 20 %…", "2,00")
	hrev163Row(t, out, "TVA", "TVA/2026/00001", "18/01/2026", "445710", "TVA 20 % sur encaissements", "98,00")
	vat := ok(t, dir, "report", "vat", "--from", "2026-01-01", "--to", "2026-01-31").stdout
	hrev163Row(t, vat, "445710", "TVA20", "TVA 20 %", "20", "invoice", "collected", "980,00", "196,00")
	hrev163Row(t, vat, "445710", "TVA20-ENC", "TVA 20 % sur encaissements", "20", "payment", "collected", "490,00", "98,00")
	hrev163Row(t, vat, "Net due", "294,00")
	hrev163Row(t, ok(t, dir, "report", "balance").stdout, "445740", "TVA collectée sur encai…", "0,00", "100,00", "100,00", "0,00")
}
