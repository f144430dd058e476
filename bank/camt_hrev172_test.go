package bank_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev172Camt02 is a camt.053.001.02 statement whose entries state the
// bank's charges as .001.02 does (each Chrgs one charge): on the entry
// (a transfer of 910,40 debited 915,40), on the transaction (a receipt
// of 1 000,00 credited 995,00, no indicators), and in another currency
// than the account's.
const hrev172Camt02 = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt>
<GrpHdr><MsgId>M172</MsgId><CreDtTm>2026-04-01T06:00:00</CreDtTm></GrpHdr>
<Stmt>
 <Id>S172-02</Id>
 <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
 <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
 <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1179.60</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
 <Ntry>
  <Amt Ccy="EUR">915.40</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
  <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>OUT-1</AcctSvcrRef>
  <Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">5.00</TtlChrgsAndTaxAmt><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Tp><Cd>COMM</Cd></Tp></Chrgs>
  <NtryDtls><TxDtls><Refs><EndToEndId>LTR-PAY-1</EndToEndId></Refs>
   <AmtDtls><TxAmt><Amt Ccy="EUR">910.40</Amt></TxAmt></AmtDtls>
   <RltdPties><Cdtr><Nm>Delta Tools</Nm></Cdtr></RltdPties></TxDtls></NtryDtls>
 </Ntry>
 <Ntry>
  <Amt Ccy="EUR">995.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
  <BookgDt><Dt>2026-03-06</Dt></BookgDt><AcctSvcrRef>IN-1</AcctSvcrRef>
  <NtryDtls><TxDtls><Refs><EndToEndId>CLI-1</EndToEndId></Refs>
   <AmtDtls><InstdAmt><Amt Ccy="EUR">1000.00</Amt></InstdAmt><TxAmt><Amt Ccy="EUR">995.00</Amt></TxAmt></AmtDtls>
   <Chrgs><Amt Ccy="EUR">5.00</Amt><Tp><Cd>COMM</Cd></Tp></Chrgs>
   <RltdPties><Dbtr><Nm>Alpha</Nm></Dbtr></RltdPties></TxDtls></NtryDtls>
 </Ntry>
 <Ntry>
  <Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
  <BookgDt><Dt>2026-03-07</Dt></BookgDt><AcctSvcrRef>IN-2</AcctSvcrRef>
  <Chrgs><Amt Ccy="USD">3.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></Chrgs>
 </Ntry>
</Stmt>
</BkToCstmrStmt>
</Document>
`

// hrev172Camt08 is a camt.053.001.08 statement whose entries state the
// bank's charges as records (Rcrd) and their total, on the entry and on
// the transaction: included (ChrgInclInd true or absent), only advised
// (false), in another currency, and a total without records.
const hrev172Camt08 = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
<BkToCstmrStmt>
<GrpHdr><MsgId>M172</MsgId><CreDtTm>2026-04-01T06:00:00+02:00</CreDtTm></GrpHdr>
<Stmt>
 <Id>S172-08</Id>
 <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
 <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
 <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1109.60</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
 <Ntry>
  <Amt Ccy="EUR">915.40</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
  <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>OUT-1</AcctSvcrRef>
  <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>XBCT</SubFmlyCd></Fmly></Domn></BkTxCd>
  <Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">5.00</TtlChrgsAndTaxAmt>
   <Rcrd><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>true</ChrgInclInd><Tp><Cd>COMM</Cd></Tp></Rcrd></Chrgs>
  <NtryDtls><TxDtls><Refs><EndToEndId>LTR-PAY-1</EndToEndId></Refs>
   <Amt Ccy="EUR">910.40</Amt><CdtDbtInd>DBIT</CdtDbtInd>
   <RltdPties><Cdtr><Pty><Nm>Delta Tools</Nm></Pty></Cdtr></RltdPties></TxDtls></NtryDtls>
 </Ntry>
 <Ntry>
  <Amt Ccy="EUR">995.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
  <BookgDt><Dt>2026-03-06</Dt></BookgDt><AcctSvcrRef>IN-1</AcctSvcrRef>
  <NtryDtls><TxDtls><Refs><EndToEndId>CLI-1</EndToEndId></Refs>
   <Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
   <Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">16.00</TtlChrgsAndTaxAmt>
    <Rcrd><Amt Ccy="EUR">3.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd>
    <Rcrd><Amt Ccy="EUR">2.00</Amt><ChrgInclInd>true</ChrgInclInd></Rcrd>
    <Rcrd><Amt Ccy="EUR">7.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>false</ChrgInclInd></Rcrd>
    <Rcrd><Amt Ccy="USD">4.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>true</ChrgInclInd></Rcrd></Chrgs>
   <RltdPties><Dbtr><Pty><Nm>Alpha</Nm></Pty></Dbtr></RltdPties></TxDtls></NtryDtls>
 </Ntry>
 <Ntry>
  <Amt Ccy="EUR">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
  <BookgDt><Dt>2026-03-07</Dt></BookgDt><AcctSvcrRef>IN-2</AcctSvcrRef>
  <Chrgs><Rcrd><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>false</ChrgInclInd></Rcrd></Chrgs>
 </Ntry>
 <Ntry>
  <Amt Ccy="EUR">20.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
  <BookgDt><Dt>2026-03-08</Dt></BookgDt><AcctSvcrRef>OUT-2</AcctSvcrRef>
  <Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">1.50</TtlChrgsAndTaxAmt></Chrgs>
 </Ntry>
</Stmt>
</BkToCstmrStmt>
</Document>
`

func hrev172Read(t *testing.T, file string) reconcile.BankStatement {
	t.Helper()
	ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 1)
	return ss[0]
}

// plainOr is an amount as written, "unset" for none.
func plainOr(e reconcile.BankEntry, tx int) string {
	a := e.Charges
	if tx >= 0 {
		a = e.Transactions[tx].Charges
	}
	if !a.IsSet() {
		return "unset"
	}
	return a.Plain()
}

func TestHrev172CamtChargesV02(t *testing.T) {
	s := hrev172Read(t, hrev172Camt02)
	require.Len(t, s.Entries, 3)
	out, in, usd := s.Entries[0], s.Entries[1], s.Entries[2]

	assert.Equal(t, "-915.40", out.Amount.Plain())
	assert.Equal(t, "5.00", plainOr(out, -1), "the entry's Chrgs, a debit: charges taken")
	assert.Equal(t, "EUR", out.Charges.Currency().Code())
	assert.Equal(t, "-910.40", out.Transactions[0].Amount.Plain())
	assert.Equal(t, "unset", plainOr(out, 0))

	assert.Equal(t, "995.00", in.Amount.Plain())
	assert.Equal(t, "5.00", plainOr(in, 0), "no indicator: a debit, included")
	assert.Equal(t, "5.00", plainOr(in, -1), "the transactions' charges total the entry's")

	assert.Equal(t, "unset", plainOr(usd, -1), "charges in another currency are not read")
}

func TestHrev172CamtChargesV08(t *testing.T) {
	s := hrev172Read(t, hrev172Camt08)
	require.Len(t, s.Entries, 4)
	out, in, advised, total := s.Entries[0], s.Entries[1], s.Entries[2], s.Entries[3]

	assert.Equal(t, "-915.40", out.Amount.Plain())
	assert.Equal(t, "5.00", plainOr(out, -1))

	assert.Equal(t, "995.00", in.Amount.Plain())
	assert.Equal(t, "5.00", plainOr(in, 0), "3.00 + 2.00 included; 7.00 only advised, 4.00 USD not read")
	assert.Equal(t, "5.00", plainOr(in, -1))

	assert.Equal(t, "unset", plainOr(advised, -1), "ChrgInclInd false: not taken out of the amount")
	assert.Equal(t, "1.50", plainOr(total, -1), "a total without records")
}

// Statements with charges read hold together (Check).
func TestHrev172CamtChargesCheck(t *testing.T) {
	for _, file := range []string{hrev172Camt02, hrev172Camt08} {
		s := hrev172Read(t, file)
		require.NoError(t, s.Check())
	}
}

// lineOf is the line of the file where the n-th (from 1) occurrence of
// what starts.
func lineOf(file, what string, n int) int {
	at := 0
	for ; n > 0; n-- {
		k := strings.Index(file[at:], what)
		if k < 0 {
			return -1
		}
		at += k + len(what)
	}
	return strings.Count(file[:at], "\n") + 1
}

// A charges amount that is negative or not a decimal, or an indicator
// that is no boolean, is refused with the line of its entry; nothing is
// yielded.
func TestHrev172CamtChargesBad(t *testing.T) {
	for _, c := range []struct{ name, file, old, new string }{
		{"v08 negative", hrev172Camt08, `<Rcrd><Amt Ccy="EUR">5.00</Amt>`, `<Rcrd><Amt Ccy="EUR">-5.00</Amt>`},
		{"v08 malformed", hrev172Camt08, `<Rcrd><Amt Ccy="EUR">5.00</Amt>`, `<Rcrd><Amt Ccy="EUR">5,00</Amt>`},
		{"v08 indicator", hrev172Camt08, `<ChrgInclInd>true</ChrgInclInd><Tp>`, `<ChrgInclInd>yes</ChrgInclInd><Tp>`},
		{"v02 negative", hrev172Camt02, `<Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Tp>`, `<Amt Ccy="EUR">-5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Tp>`},
		{"v02 malformed", hrev172Camt02, `<Amt Ccy="EUR">5.00</Amt><Tp>`, `<Amt Ccy="EUR">5.0.0</Amt><Tp>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Contains(t, c.file, c.old)
			bad := strings.Replace(c.file, c.old, c.new, 1)
			k := strings.Index(bad, c.new)
			entry := strings.Count(bad[:k], "<Ntry>") // the entry holding it
			var got []reconcile.BankStatement
			var err error
			for s, e := range bank.Camt053(strings.NewReader(bad), bank.ReadOptions{}) {
				if e != nil {
					err = e
					break
				}
				got = append(got, s)
			}
			require.ErrorIs(t, err, bank.ErrFormat)
			assert.Empty(t, got)
			assert.Contains(t, err.Error(), fmt.Sprintf("line %d:", lineOf(bad, "<Ntry>", entry)))
			assert.Contains(t, err.Error(), "charges")
		})
	}
}
