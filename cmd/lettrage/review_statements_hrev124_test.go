package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review h-rev124: bank statements through the command line, end to end,
// as a French bookkeeper gets them: camt.053 and CFONB 120 files of
// several accounts (one in USD), matched against invoices, a cheque
// deposit and a SEPA run, a returned direct debit, lines left to 471000.

const (
	hrev124BNP = "FR7630004000031234567890143" // CFONB 30004 00003 12345678901
	hrev124SG  = "FR7630003000701234567890197" // CFONB 30003 00070 12345678901
	hrev124USD = "FR7630004000039876543210127" // CFONB 30004 00003 98765432101, in USD
)

// hrev124Step runs one step and requires it to succeed.
func hrev124Step(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	r := run(t, dir, stdin, args...)
	require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
	return r
}

// hrev124Book builds the March 2026 book: bank journals BNP (512000,
// outstanding accounts), SG (512010) and BUSD (512020, a USD account);
// invoices VT/1 FA-1 C001 1 200,00, VT/2 FA-2 C002 600,00, VT/3 FA-3
// C002 240,00, VT/4 FA-4 C001 360,00, VT/5 FA-5 C001 480,00, VT/6 USA-2
// C003 2 200,00 USD (2 000,00 EUR at 1,10); bills HA/1 FF-77 S001 480,00
// and HA/2 FF-88 S002 720,00; FA-3 and FA-4 paid by cheque on BNP and
// deposited together (600,00), the two bills paid by a SEPA run on
// 20/03 (1 200,00).
func hrev124Book(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	steps := [][]string{
		{"init", "--year", "2026"},
		{"account", "add", "512010", "--kind", "bank", "--name", "SG"},
		{"account", "add", "512020", "--kind", "bank", "--name", "BNP USD"},
		{"journal", "add", "BNP", "--kind", "bank", "--name", "BNP", "--iban", hrev124BNP, "--outstanding"},
		{"journal", "add", "SG", "--kind", "bank", "--name", "SG", "--iban", hrev124SG, "--bank-account", "512010"},
		{"journal", "add", "BUSD", "--kind", "bank", "--name", "BNP USD", "--iban", hrev124USD, "--bank-account", "512020"},
		{"journal", "add", "HA", "--kind", "purchase", "--name", "Achats"},
		{"partner", "add", "C001", "--name", "Boulangerie Martin", "--iban", "FR7030002005500000157845Z02"},
		{"partner", "add", "C002", "--name", "Epicerie Durand"},
		{"partner", "add", "C003", "--name", "ACME INC"},
		{"partner", "add", "S001", "--name", "Moulins de France", "--iban", "FR1420041010050500013M02606"},
		{"partner", "add", "S002", "--name", "Emballages Dupuis", "--iban", "NL91ABNA0417164300"},
		{"rate", "set", "USD", "2026-03-01", "1.10"},
	}
	for _, s := range steps {
		hrev124Step(t, dir, "", s...)
	}
	for _, inv := range [][]string{
		{"2026-03-02", "FA-1", "C001", "1200.00", "1000.00", "200.00"},
		{"2026-03-03", "FA-2", "C002", "600.00", "500.00", "100.00"},
		{"2026-03-04", "FA-3", "C002", "240.00", "200.00", "40.00"},
		{"2026-03-04", "FA-4", "C001", "360.00", "300.00", "60.00"},
		{"2026-03-05", "FA-5", "C001", "480.00", "400.00", "80.00"},
	} {
		hrev124Step(t, dir, "", "post", "--journal", "VT", "--date", inv[0], "--type", "invoice", "--ref", inv[1],
			"--line", "411000:"+inv[2]+"="+inv[3], "--line", "706000=-"+inv[4]+"@TVA20", "--line", "445710=-"+inv[5]+"@TVA20")
	}
	hrev124Step(t, dir, `{"journal":"VT","date":"2026-03-06","type":"invoice","ref":"USA-2","currency":"USD","lines":[{"account":"411000","partner":"C003","amount_currency":"2200.00"},{"account":"706000","amount_currency":"-2200.00","tax":"EXPORT"}]}`, "post", "-")
	hrev124Step(t, dir, "", "post", "--journal", "HA", "--date", "2026-03-06", "--type", "invoice", "--ref", "FF-77", "--due", "2026-03-20",
		"--line", "401000:S001=-480.00", "--line", "601000=400.00@TVA20-DED", "--line", "445660=80.00@TVA20-DED")
	hrev124Step(t, dir, "", "post", "--journal", "HA", "--date", "2026-03-06", "--type", "invoice", "--ref", "FF-88", "--due", "2026-03-20",
		"--line", "401000:S002=-720.00", "--line", "601000=600.00@TVA20-DED", "--line", "445660=120.00@TVA20-DED")
	hrev124Step(t, dir, "", "pay", "VT/2026/00003", "--cheque", "1234567", "--cheque-bank", "CIC", "--journal", "BNP", "--date", "2026-03-10")
	hrev124Step(t, dir, "", "pay", "VT/2026/00004", "--cheque", "7654321", "--cheque-bank", "LCL", "--journal", "BNP", "--date", "2026-03-10")
	hrev124Step(t, dir, "", "deposit", "add", "--all", "--journal", "BNP", "--date", "2026-03-12")
	hrev124Step(t, dir, "", "run", "--journal", "BNP", "--date", "2026-03-20", "--company", "Ma Societe SAS", "-o", "run.xml")
	return dir
}

// hrev124Write writes content into dir/name.
func hrev124Write(t *testing.T, dir, name, content string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
}

// hrev124Closing returns the closing balance of account on the balance
// report's CSV ("1177.66"), "" when the account has no line.
func hrev124Closing(t *testing.T, dir, account string) string {
	t.Helper()
	r := hrev124Step(t, dir, "", "report", "balance", "--csv")
	for _, l := range strings.Split(r.stdout, "\n") {
		f := strings.Split(l, ",")
		if len(f) > 7 && f[0] == "detail" && f[1] == account {
			return f[7]
		}
	}
	return ""
}

// hrev124March is a CFONB 120 file of March 2026 of the three accounts:
// BNP 0,00 → 1 177,66 (10/03 1 200,00 from Boulangerie Martin naming
// FA-1 with 05 NPY/LIB/RCN records; 13/03 the cheque deposit 600,00;
// 15/03 the direct debit of FA-5 480,00 (RCN E2E-PRLV-FA5-0001); 20/03
// the SEPA run 1 200,00 out; 22/03 590,00 from "M DURAND PIERRE"
// "REGLEMENT"; 25/03 the direct debit returned unpaid, 480,00 out with
// a rejection code and the same RCN; 31/03 fees 12,34), SG 0,00 → 5,00
// (interest) and BUSD 0,00 → 2 200,00 USD (ACME INC naming USA-2).
const hrev124March = "0130004    00003EUR2 12345678901  280226                                                  0000000000000{                \r\n" +
	"0430004000100003EUR2 1234567890105100326  100326VIR SEPA RECU                    0000001  0000000012000{                \r\n" +
	"0530004000100003EUR2 1234567890105100326     NPYBOULANGERIE MARTIN                                                      \r\n" +
	"0530004000100003EUR2 1234567890105100326     LIBFACTURE FA-1                                                            \r\n" +
	"0530004000100003EUR2 1234567890105100326     RCNE2E-MARTIN-1                                                            \r\n" +
	"0430004000100003EUR2 1234567890101130326  130326REMISE CHEQUES                   0000002  0000000006000{                \r\n" +
	"0430004000100003EUR2 1234567890106150326  150326PRLV SEPA BOULANGERIE MARTIN     0000003  0000000004800{                \r\n" +
	"0530004000100003EUR2 1234567890106150326     NPYBOULANGERIE MARTIN                                                      \r\n" +
	"0530004000100003EUR2 1234567890106150326     LIBFA-5                                                                    \r\n" +
	"0530004000100003EUR2 1234567890106150326     RCNE2E-PRLV-FA5-0001                                                       \r\n" +
	"0430004000100003EUR2 1234567890106200326  200326VIR SEPA EMIS REMISE             0000004  0000000012000}                \r\n" +
	"0530004000100003EUR2 1234567890106200326     LIBREMISE 2 VIREMENTS                                                      \r\n" +
	"0430004000100003EUR2 1234567890105220326  220326VIR RECU                         0000005  0000000005900{                \r\n" +
	"0530004000100003EUR2 1234567890105220326     NPYM DURAND PIERRE                                                         \r\n" +
	"0530004000100003EUR2 1234567890105220326     LIBREGLEMENT                                                               \r\n" +
	"0430004000100003EUR2 12345678901B125032601250326IMPAYE PRLV BOULANGERIE MARTIN   0000006  0000000004800}                \r\n" +
	"0530004000100003EUR2 12345678901B1250326     NPYBOULANGERIE MARTIN                                                      \r\n" +
	"0530004000100003EUR2 12345678901B1250326     LIBFA-5                                                                    \r\n" +
	"0530004000100003EUR2 12345678901B1250326     RCNE2E-PRLV-FA5-0001                                                       \r\n" +
	"0430004000100003EUR2 1234567890113310326  310326FRAIS                            0000007  0000000000123M                \r\n" +
	"0730004    00003EUR2 12345678901  310326                                                  0000000011776F                \r\n" +
	"0130003    00070EUR2 12345678901  280226                                                  0000000000000{                \r\n" +
	"0430003000100070EUR2 1234567890113310326  310326INTERETS CREDITEURS              0000001  0000000000050{                \r\n" +
	"0730003    00070EUR2 12345678901  310326                                                  0000000000050{                \r\n" +
	"0130004    00003USD2 98765432101  280226                                                  0000000000000{                \r\n" +
	"0430004000100003USD2 9876543210105100326  100326VIR RECU ACME                    0000001  0000000022000{                \r\n" +
	"0530004000100003USD2 9876543210105100326     NPYACME INC                                                                \r\n" +
	"0530004000100003USD2 9876543210105100326     LIBINVOICE USA-2                                                           \r\n" +
	"0730004    00003USD2 98765432101  310326                                                  0000000022000{                \r\n"

// Passes: the CFONB file of three accounts is imported into their three
// journals and matched (FA-1 by its number, the deposit and the run by
// their totals, FA-5 and its return by the end-to-end id, USA-2 by its
// number in USD); the lines left go to 627000, 768000 and 471000, and the
// 471000 money is lettered later with FA-2. Each bank account's balance
// is its statement's closing balance, the same file imported again posts
// nothing twice, and the book verifies clean.
func TestHrev124CFONBMonthEndToEnd(t *testing.T) {
	t.Parallel()
	dir := hrev124Book(t)
	hrev124Write(t, dir, "march.txt", hrev124March)
	r := hrev124Step(t, dir, "", "import", "cfonb", "march.txt", "--match")
	assert.Contains(t, r.stdout, "6 statement lines matched", r.stdout)
	var bnp string
	for _, l := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(l); len(f) > 3 && f[0] == "left" && f[3] == "BNP" {
			bnp = f[4]
		}
	}
	require.NotEmpty(t, bnp, r.stdout)
	hrev124Step(t, dir, "", "statement", "post", "BNP", bnp, "2026-03-22/0000005")
	hrev124Step(t, dir, "", "statement", "post", "BNP", bnp, "2026-03-31/0000007", "--account", "627000")
	r = hrev124Step(t, dir, "", "statement", "open", "SG", "--json")
	sg := strings.Split(strings.Split(r.stdout, `"statement": "`)[1], `"`)[0]
	hrev124Step(t, dir, "", "statement", "post", "SG", sg, "2026-03-31/0000001", "--account", "768000")

	assert.Equal(t, "1177.66", hrev124Closing(t, dir, "512000"))
	assert.Equal(t, "5.00", hrev124Closing(t, dir, "512010"))
	assert.Equal(t, "2000.00", hrev124Closing(t, dir, "512020")) // 2 200,00 USD at 1,10
	assert.Equal(t, "0.00", hrev124Closing(t, dir, "512100"))
	assert.Equal(t, "0.00", hrev124Closing(t, dir, "512200"))
	assert.Equal(t, "1080.00", hrev124Closing(t, dir, "411000")) // FA-2 600,00 + FA-5 480,00 owed again
	r = hrev124Step(t, dir, "", "state", "VT/2026/00001", "VT/2026/00002", "VT/2026/00003", "VT/2026/00004", "VT/2026/00005",
		"VT/2026/00006", "HA/2026/00001", "HA/2026/00002")
	for doc, state := range map[string]string{"VT/2026/00001": "paid", "VT/2026/00002": "not_paid", "VT/2026/00003": "paid",
		"VT/2026/00004": "paid", "VT/2026/00005": "not_paid", "VT/2026/00006": "paid", "HA/2026/00001": "paid", "HA/2026/00002": "paid"} {
		assert.Regexp(t, doc+` +C?S?\d+ +`+state+` `, r.stdout)
	}

	// The 590,00 in suspense was Epicerie Durand's: moved to its account and lettered.
	hrev124Step(t, dir, "", "post", "--journal", "OD", "--date", "2026-04-02", "--ref", "SUSP-1",
		"--line", "471000=590.00", "--line", "411000:C002=-590.00")
	hrev124Step(t, dir, "", "letter", "BNP/2026/00010:0", "OD/2026/00001:0")
	hrev124Step(t, dir, "", "letter", "VT/2026/00002", "OD/2026/00001")
	assert.Equal(t, "0.00", hrev124Closing(t, dir, "471000"))
	r = hrev124Step(t, dir, "", "state", "VT/2026/00002")
	assert.Contains(t, r.stdout, "partial")

	r = hrev124Step(t, dir, "", "import", "cfonb", "march.txt", "--match")
	assert.Equal(t, 3, strings.Count(r.stdout, "already imported"), r.stdout)
	assert.Contains(t, r.stdout, "0 statement lines matched")
	assert.Equal(t, "1177.66", hrev124Closing(t, dir, "512000"))
	r = hrev124Step(t, dir, "", "verify")
	assert.Contains(t, r.stdout, "invariants: ok")
}

// hrev124DirectDebits is a camt.053 statement of BNP: one entry of
// 1 800,00 on 16/03, the bank's credit of a SEPA direct debit
// collection of two transactions: 1 200,00 from Boulangerie Martin
// (its IBAN, "FACTURE FA-1") and 600,00 from Epicerie Durand
// ("FACTURE FA-2").
const hrev124DirectDebits = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-04-01T06:00:00+02:00</CreDtTm></GrpHdr>
<Stmt><Id>BNP-DD</Id><CreDtTm>2026-04-01T06:00:00+02:00</CreDtTm>
<Acct><Id><IBAN>` + hrev124BNP + `</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-02-28</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1800.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">1800.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-16</Dt></BookgDt><AcctSvcrRef>DD1</AcctSvcrRef>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RDDT</Cd><SubFmlyCd>ESDD</SubFmlyCd></Fmly></Domn></BkTxCd>
<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>
<TxDtls><Refs><EndToEndId>DD-FA1-0001</EndToEndId></Refs><Amt Ccy="EUR">1200.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<RltdPties><Dbtr><Pty><Nm>BOULANGERIE MARTIN</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>FR7030002005500000157845Z02</IBAN></Id></DbtrAcct></RltdPties>
<RmtInf><Ustrd>FACTURE FA-1</Ustrd></RmtInf></TxDtls>
<TxDtls><Refs><EndToEndId>DD-FA2-0001</EndToEndId></Refs><Amt Ccy="EUR">600.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<RltdPties><Dbtr><Pty><Nm>EPICERIE DURAND</Nm></Pty></Dbtr></RltdPties>
<RmtInf><Ustrd>FACTURE FA-2</Ustrd></RmtInf></TxDtls>
</NtryDtls><AddtlNtryInf>REMISE PRLV SEPA 2 OPERATIONS</AddtlNtryInf></Ntry>
</Stmt></BkToCstmrStmt></Document>
`

// Was failing, fixed: a bank entry of 1 800,00 batching two customers' direct debits
// (1 200,00 from Boulangerie Martin naming FA-1 with its IBAN, 600,00
// from Epicerie Durand naming FA-2) is matched whole to C001: FA-1 paid
// and "600,00 € overpaid stays as an outstanding credit" on C001, while
// FA-2 of C002 stays not_paid (C001's account -120,00 instead of 480,00,
// C002 owing 600,00 it paid). Epicerie Durand's money must not become
// Boulangerie Martin's credit: either each transaction pays the invoice
// it names (FA-1 and FA-2 paid, C001 480,00 = FA-5, C002 0,00 … its
// cheque FA-3 aside) or the entry is left to post. Without C001's IBAN the
// same entry is left unmatched. DESIGN §12 (batch details read, partner
// by the counterparty's IBAN — each transaction's), §11 rule 1 (a
// payment naming several invoices letters them), §5 (same partner on
// receivables).
func TestHrev124BatchOfTwoCustomersCreditedToOne(t *testing.T) {
	t.Parallel()
	dir := hrev124Book(t)
	hrev124Write(t, dir, "dd.xml", hrev124DirectDebits)
	r := hrev124Step(t, dir, "", "import", "camt053", "dd.xml", "--match")
	assert.NotContains(t, r.stdout, "overpaid stays as an outstanding credit", r.stdout)
	open := hrev124Step(t, dir, "", "statement", "open").stdout
	if !strings.Contains(open, "DD1") {
		// Matched: each customer's money pays its own invoice.
		st := hrev124Step(t, dir, "", "state", "VT/2026/00001", "VT/2026/00002").stdout
		assert.Regexp(t, `VT/2026/00002 +C002 +paid`, st)
	}
	aux := hrev124Step(t, dir, "", "report", "aux", "--csv").stdout
	assert.NotContains(t, aux, "detail,411000,C001,Boulangerie Martin,0.00,2040.00,2160.00,-120.00", aux)
}

// Was failing, fixed: 'statement open' (text and --json) gives a USD statement line's
// amount with no currency in a euro book: "50,00" and "amount": "50.00",
// read as 50,00 € though the line is 50,00 USD (45,45 € at 1,10); 'state' shows
// "2 200,00 USD" and "currency": "USD" for a USD document. Expected: the
// line's currency given (text "50,00 USD", JSON "currency": "USD").
// DESIGN §14 (--json output), §2 (an amount carries its currency).
func TestHrev124OpenLineOfUSDAccountShowsCurrency(t *testing.T) {
	t.Parallel()
	dir := hrev124Book(t)
	hrev124Write(t, dir, "usd.xml", `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>M2</MsgId><CreDtTm>2026-04-01T06:00:00+02:00</CreDtTm></GrpHdr>
<Stmt><Id>USD-03</Id><Acct><Id><IBAN>`+hrev124USD+`</IBAN></Id><Ccy>USD</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-02-28</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
<Ntry><Amt Ccy="USD">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-10</Dt></BookgDt><AcctSvcrRef>U0</AcctSvcrRef>
<AddtlNtryInf>INTEREST</AddtlNtryInf></Ntry>
</Stmt></BkToCstmrStmt></Document>
`)
	hrev124Step(t, dir, "", "import", "camt053", "usd.xml")
	r := hrev124Step(t, dir, "", "statement", "open", "BUSD")
	assert.Regexp(t, `50,00\s*(USD|\$)`, r.stdout)
	r = hrev124Step(t, dir, "", "statement", "open", "BUSD", "--json")
	assert.Contains(t, r.stdout, `"USD"`, r.stdout)
}

// Was failing, fixed: a statement whose opening (2 400,00) is not the previous
// statement's closing (2 450,00) is refused, nothing imported, but the
// error gives the two balances only, not the difference (-50,00) that
// DESIGN §12 says it is refused with ("opening + Σ lines = closing and
// opening = previous closing of that account, else refused with the
// difference"); the other check of the same sentence gives it
// ("(-50.00 apart)").
func TestHrev124ChainRefusalGivesDifference(t *testing.T) {
	t.Parallel()
	dir := hrev124Book(t)
	stmt := func(id, opening, closing, amount, ref string) string {
		return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>` + id + `</MsgId><CreDtTm>2026-05-01T06:00:00+02:00</CreDtTm></GrpHdr>
<Stmt><Id>` + id + `</Id><Acct><Id><IBAN>` + hrev124SG + `</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + opening + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-02-28</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + closing + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-04-30</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">` + amount + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-10</Dt></BookgDt><AcctSvcrRef>` + ref + `</AcctSvcrRef></Ntry>
</Stmt></BkToCstmrStmt></Document>
`
	}
	hrev124Write(t, dir, "m.xml", stmt("SG-03", "0.00", "2450.00", "2450.00", "S1"))
	hrev124Write(t, dir, "a.xml", stmt("SG-04", "2400.00", "2500.00", "100.00", "S2"))
	hrev124Step(t, dir, "", "import", "camt053", "m.xml")
	r := run(t, dir, "", "import", "camt053", "a.xml")
	require.Equal(t, 1, r.code, r.stdout)
	assert.Contains(t, r.stderr, "nothing imported")
	assert.Regexp(t, `[^0-9]50[.,]00`, r.stderr)
	open := hrev124Step(t, dir, "", "statement", "open", "SG").stdout
	assert.NotContains(t, open, "S2")
}
