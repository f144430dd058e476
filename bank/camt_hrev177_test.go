package bank_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev177Doc wraps entries in a camt.053 document of version v (02 or
// 08) for account FR76…0189, opening 1 000,00 and closing closing.
func hrev177Doc(v, closing, entries string) string {
	sts := `<Sts><Cd>BOOK</Cd></Sts>`
	if v == "02" {
		sts = `<Sts>BOOK</Sts>`
	}
	entries = strings.ReplaceAll(entries, "{STS}", sts)
	return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.` + v + `">
<BkToCstmrStmt>
<GrpHdr><MsgId>M177</MsgId><CreDtTm>2026-04-01T06:00:00</CreDtTm></GrpHdr>
<Stmt>
 <Id>S177-` + v + `</Id>
 <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
 <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
 <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + closing + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
` + entries + `
</Stmt>
</BkToCstmrStmt>
</Document>
`
}

func hrev177Read(t *testing.T, file string) (reconcile.BankStatement, error) {
	t.Helper()
	ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
	if err != nil {
		return reconcile.BankStatement{}, err
	}
	require.Len(t, ss, 1)
	return ss[0], nil
}

// Was failing, fixed: charges with VAT on them (.001.08: Rcrd Amt 5.00 + Tax Amt 1.00, TtlChrgsAndTaxAmt 6.00, entry 916.40 for a transfer of 910.40): the bank took 6.00, expected Charges "6.00", got "5.00" (the Tax of the record is dropped, the total ignored)
func TestHrev177CamtChargesWithTaxV08(t *testing.T) {
	file := hrev177Doc("08", "83.60", `
 <Ntry>
  <Amt Ccy="EUR">916.40</Amt><CdtDbtInd>DBIT</CdtDbtInd>{STS}
  <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>OUT-TAX</AcctSvcrRef>
  <NtryDtls><TxDtls><Refs><EndToEndId>LTR-PAY-1</EndToEndId></Refs>
   <Amt Ccy="EUR">910.40</Amt><CdtDbtInd>DBIT</CdtDbtInd>
   <Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">6.00</TtlChrgsAndTaxAmt>
    <Rcrd><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>true</ChrgInclInd><Tp><Cd>COMM</Cd></Tp>
     <Tax><Id>TVA</Id><Rate>20</Rate><Amt Ccy="EUR">1.00</Amt></Tax></Rcrd></Chrgs>
   <RltdPties><Cdtr><Pty><Nm>Delta Tools</Nm></Pty></Cdtr></RltdPties></TxDtls></NtryDtls>
 </Ntry>`)
	s, err := hrev177Read(t, file)
	require.NoError(t, err)
	require.Len(t, s.Entries, 1)
	en := s.Entries[0]
	assert.Equal(t, "-916.40", en.Amount.Plain())
	assert.Equal(t, "6.00", plainOr(en, 0), "5,00 of commission and 1,00 of VAT on it, both taken out of the amount")
	assert.Equal(t, "6.00", plainOr(en, -1))
}

// Was failing, fixed: charges with VAT on them (.001.02: Chrgs TtlChrgsAndTaxAmt 6.00, Amt 5.00, Tax Amt 1.00, entry 916.40 for 910.40): expected Charges "6.00", got "5.00"
func TestHrev177CamtChargesWithTaxV02(t *testing.T) {
	file := hrev177Doc("02", "83.60", `
 <Ntry>
  <Amt Ccy="EUR">916.40</Amt><CdtDbtInd>DBIT</CdtDbtInd>{STS}
  <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>OUT-TAX</AcctSvcrRef>
  <Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">6.00</TtlChrgsAndTaxAmt><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Tp><Cd>COMM</Cd></Tp>
   <Tax><Id>TVA</Id><Rate>20</Rate><Amt Ccy="EUR">1.00</Amt></Tax></Chrgs>
  <NtryDtls><TxDtls><Refs><EndToEndId>LTR-PAY-1</EndToEndId></Refs>
   <AmtDtls><TxAmt><Amt Ccy="EUR">910.40</Amt></TxAmt></AmtDtls>
   <RltdPties><Cdtr><Nm>Delta Tools</Nm></Cdtr></RltdPties></TxDtls></NtryDtls>
 </Ntry>`)
	s, err := hrev177Read(t, file)
	require.NoError(t, err)
	require.Len(t, s.Entries, 1)
	assert.Equal(t, "-916.40", s.Entries[0].Amount.Plain())
	assert.Equal(t, "6.00", plainOr(s.Entries[0], -1))
}

// Entry-level and transaction-level charges both given: the entry's own
// (2,00) are its charges, not added to its transactions' (1,00 + 1,00);
// a batch entry stating charges only on its transactions totals them.
func TestHrev177CamtChargesEntryAndTransactions(t *testing.T) {
	file := hrev177Doc("08", "1087.00", `
 <Ntry>
  <Amt Ccy="EUR">502.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>{STS}
  <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>BATCH-1</AcctSvcrRef>
  <Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">2.00</TtlChrgsAndTaxAmt></Chrgs>
  <NtryDtls><Btch><PmtInfId>RUN-1</PmtInfId><NbOfTxs>2</NbOfTxs></Btch>
   <TxDtls><Refs><EndToEndId>P-1</EndToEndId></Refs><Amt Ccy="EUR">200.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
    <Chrgs><Rcrd><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd></Chrgs></TxDtls>
   <TxDtls><Refs><EndToEndId>P-2</EndToEndId></Refs><Amt Ccy="EUR">300.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
    <Chrgs><Rcrd><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd></Chrgs></TxDtls>
  </NtryDtls>
 </Ntry>
 <Ntry>
  <Amt Ccy="EUR">411.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>{STS}
  <BookgDt><Dt>2026-03-06</Dt></BookgDt><AcctSvcrRef>BATCH-2</AcctSvcrRef>
  <NtryDtls><Btch><PmtInfId>RUN-2</PmtInfId><NbOfTxs>2</NbOfTxs></Btch>
   <TxDtls><Refs><EndToEndId>P-3</EndToEndId></Refs><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
    <Chrgs><Rcrd><Amt Ccy="EUR">0.50</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd></Chrgs></TxDtls>
   <TxDtls><Refs><EndToEndId>P-4</EndToEndId></Refs><Amt Ccy="EUR">310.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
    <Chrgs><Rcrd><Amt Ccy="EUR">0.50</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd></Chrgs></TxDtls>
  </NtryDtls>
 </Ntry>
 <Ntry>
  <Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>{STS}
  <BookgDt><Dt>2026-03-07</Dt></BookgDt><AcctSvcrRef>IN-1</AcctSvcrRef>
 </Ntry>`)
	s, err := hrev177Read(t, file)
	require.NoError(t, err)
	require.Len(t, s.Entries, 3)
	assert.Equal(t, "2.00", plainOr(s.Entries[0], -1), "the entry's own, not 2,00 + 1,00 + 1,00")
	assert.Equal(t, "1.00", plainOr(s.Entries[0], 0))
	assert.Equal(t, "1.00", plainOr(s.Entries[0], 1))
	assert.Equal(t, "1.00", plainOr(s.Entries[1], -1), "0,50 + 0,50")
	assert.Equal(t, "unset", plainOr(s.Entries[2], -1), "no Chrgs: unset")
	require.NoError(t, s.Check())
}

// Was failing, fixed: a charges record that cannot be read (amount "abc", indicator "XXXX") is accepted when it is in another currency or only advised (ChrgInclInd false): the godoc promises an error for an amount or indicator that cannot be read; expected ErrFormat, got nil
func TestHrev177CamtChargesUnreadableSkipped(t *testing.T) {
	for _, c := range []struct{ name, rcrd string }{
		{"amount in another currency", `<Rcrd><Amt Ccy="USD">abc</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd>`},
		{"negative, advised", `<Rcrd><Amt Ccy="EUR">-5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>false</ChrgInclInd></Rcrd>`},
		{"indicator, advised", `<Rcrd><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>XXXX</CdtDbtInd><ChrgInclInd>false</ChrgInclInd></Rcrd>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := hrev177Doc("08", "1050.00", `
 <Ntry>
  <Amt Ccy="EUR">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>{STS}
  <BookgDt><Dt>2026-03-07</Dt></BookgDt><AcctSvcrRef>IN-2</AcctSvcrRef>
  <Chrgs>`+c.rcrd+`</Chrgs>
 </Ntry>`)
			_, err := hrev177Read(t, file)
			require.ErrorIs(t, err, bank.ErrFormat)
			assert.Contains(t, err.Error(), "charges")
		})
	}
}

// Bad charges in the account's currency are refused with the line of the
// entry: ChrgInclInd not a boolean, a negative amount.
func TestHrev177CamtChargesBadInput(t *testing.T) {
	for _, c := range []struct{ name, rcrd string }{
		{"ChrgInclInd", `<Rcrd><Amt Ccy="EUR">5.00</Amt><ChrgInclInd>oui</ChrgInclInd></Rcrd>`},
		{"negative", `<Rcrd><Amt Ccy="EUR">-5.00</Amt></Rcrd>`},
		{"total negative", `<TtlChrgsAndTaxAmt Ccy="EUR">-5.00</TtlChrgsAndTaxAmt>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := hrev177Doc("08", "1050.00", `
 <Ntry>
  <Amt Ccy="EUR">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>{STS}
  <BookgDt><Dt>2026-03-07</Dt></BookgDt><AcctSvcrRef>IN-2</AcctSvcrRef>
  <Chrgs>`+c.rcrd+`</Chrgs>
 </Ntry>`)
			_, err := hrev177Read(t, file)
			require.ErrorIs(t, err, bank.ErrFormat)
			assert.Contains(t, err.Error(), "charges")
			assert.Contains(t, err.Error(), "line ")
		})
	}
}
