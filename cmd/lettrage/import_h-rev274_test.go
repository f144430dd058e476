package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// hrev274Camt is a camt.053.001.08 statement of March 2026 with one
// entry: 50,00 received from Boulangerie Lefèvre for invoice
// VT/2026/00099, told only in the transaction's details (RltdPties,
// RmtInf) — the entry has no AddtlNtryInf, which the schema leaves
// optional and many banks leave out.
const hrev274Camt = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-04-01T06:00:00+02:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><CreDtTm>2026-04-01T06:00:00+02:00</CreDtTm>
<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-02-28</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">150.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
<Ntry><NtryRef>E1</NtryRef><Amt Ccy="EUR">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2026-03-10</Dt></BookgDt><ValDt><Dt>2026-03-10</Dt></ValDt>
<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
<RltdPties><Dbtr><Pty><Nm>Boulangerie Lefevre</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>BE68539007547034</IBAN></Id></DbtrAcct></RltdPties>
<RmtInf><Ustrd>Facture VT/2026/00099</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>
`

// Was failing, fixed: a statement line left unmatched is listed — by 'import camt053
// --match' ("left to post: …") and by 'statement open', text and --json —
// as "BNP S1 E1  10/03/2026  50,00": journal, statement, reference, date,
// amount and the entry's own label (AddtlNtryInf), here none. Who paid
// (Boulangerie Lefevre, BE68 5390 0754 7034) and for what (Facture
// VT/2026/00099) — which the file gives, the reader reads
// (BankTransaction.Counterparty, Remittance) and the book stores — are
// shown nowhere, so the accountant who must post the line ('statement
// post … --account', DESIGN §12: lines left unmatched posted explicitly)
// cannot tell what it is without opening the XML. Expected: the
// counterparty and the remittance on the listed line and in its JSON, as
// Odoo's bank reconciliation shows each statement line's partner and
// payment reference (label). Actual: neither, in any output.
func TestHrev274StatementOpenShowsWhoAndWhy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "march.xml"), []byte(hrev274Camt), 0o644))
	for _, args := range [][]string{
		{"init", "--year", "2026"},
		{"journal", "add", "BNP", "--kind", "bank", "--iban", "FR7630006000011234567890189"},
	} {
		r := run(t, dir, "", args...)
		require.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
	}
	imp := run(t, dir, "", "import", "camt053", "march.xml", "--match")
	require.Equal(t, 0, imp.code, imp.stderr)
	open := run(t, dir, "", "statement", "open")
	require.Equal(t, 0, open.code, open.stderr)
	js := run(t, dir, "", "statement", "open", "--json")
	require.Equal(t, 0, js.code, js.stderr)
	for name, out := range map[string]string{"import --match": imp.stdout, "statement open": open.stdout, "statement open --json": js.stdout} {
		require.Contains(t, out, "Boulangerie Lefevre", "%s names who paid:\n%s", name, out)
		require.Contains(t, out, "VT/2026/00099", "%s says what for:\n%s", name, out)
	}
}
