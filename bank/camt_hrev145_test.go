package bank_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// hrev145Camt is a camt.053.001.08 file of two statements of two accounts
// (a EUR and a USD one), with a batch, a reversal, charges, a transfer in
// another currency and an entry with no optional element.
const hrev145Camt = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
<BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-04-01T06:00:00+02:00</CreDtTm></GrpHdr>
<Stmt>
 <Id>S-EUR-03</Id>
 <FrToDt><FrDtTm>2026-03-01T00:00:00+01:00</FrDtTm><ToDtTm>2026-03-31T23:59:59+02:00</ToDtTm></FrToDt>
 <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
 <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
 <Bal><Tp><CdOrPrtry><Cd>CLAV</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">99999.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
 <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1520.55</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
 <Ntry>
  <NtryRef>N1</NtryRef>
  <Amt Ccy="EUR">1500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
  <BookgDt><Dt>2026-03-03</Dt></BookgDt><ValDt><Dt>2026-03-04</Dt></ValDt>
  <AcctSvcrRef>B1</AcctSvcrRef>
  <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCHQ</Cd><SubFmlyCd>BCHQ</SubFmlyCd></Fmly></Domn></BkTxCd>
  <NtryDtls>
   <Btch><MsgId>REM-7</MsgId><NbOfTxs>3</NbOfTxs><TtlAmt Ccy="EUR">1500.00</TtlAmt><CdtDbtInd>CRDT</CdtDbtInd></Btch>
   <TxDtls><Refs><ChqNb>1000001</ChqNb></Refs><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
    <RltdPties><Dbtr><Pty><Nm>Durand</Nm></Pty></Dbtr></RltdPties></TxDtls>
   <TxDtls><Refs><ChqNb>1000002</ChqNb></Refs><Amt Ccy="EUR">300.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></TxDtls>
   <TxDtls><Refs><ChqNb>1000003</ChqNb></Refs><Amt Ccy="EUR">200.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></TxDtls>
  </NtryDtls>
 </Ntry>
 <Ntry>
  <Amt Ccy="EUR">300.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts><Cd>BOOK</Cd></Sts>
  <BookgDt><Dt>2026-03-10</Dt></BookgDt><ValDt><Dt>2026-03-04</Dt></ValDt>
  <AcctSvcrRef>B2</AcctSvcrRef>
  <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCHQ</Cd><SubFmlyCd>UPCQ</SubFmlyCd></Fmly></Domn></BkTxCd>
  <AddtlNtryInf>CHQ IMPAYE 1000002</AddtlNtryInf>
 </Ntry>
 <Ntry>
  <Amt Ccy="EUR">915.45</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
  <BookgDt><Dt>2026-03-15</Dt></BookgDt><ValDt><Dt>2026-03-16</Dt></ValDt>
  <AcctSvcrRef>B3</AcctSvcrRef>
  <Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">4.55</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy="EUR">4.55</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>true</ChrgInclInd></Rcrd></Chrgs>
  <NtryDtls><TxDtls>
   <Refs><EndToEndId>US-INV-9</EndToEndId></Refs>
   <Amt Ccy="USD">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
   <AmtDtls>
    <InstdAmt><Amt Ccy="USD">1000.00</Amt></InstdAmt>
    <TxAmt><Amt Ccy="EUR">920.00</Amt><CcyXchg><SrcCcy>USD</SrcCcy><TrgtCcy>EUR</TrgtCcy><XchgRate>0.92</XchgRate></CcyXchg></TxAmt>
   </AmtDtls>
   <RltdPties><Dbtr><Nm>ACME Inc.</Nm></Dbtr><DbtrAcct><Id><Othr><Id>123456789</Id></Othr></Id></DbtrAcct></RltdPties>
   <RmtInf><Ustrd>INV 2026-0042</Ustrd></RmtInf>
  </TxDtls></NtryDtls>
 </Ntry>
 <Ntry>
  <Amt Ccy="EUR">0.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
  <BookgDt><Dt>2026-03-20</Dt></BookgDt>
 </Ntry>
 <Ntry>
  <Amt Ccy="EUR">50.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts>
  <BookgDt><Dt>2026-03-20</Dt></BookgDt>
 </Ntry>
 <Ntry>
  <Amt Ccy="EUR">494.90</Amt><CdtDbtInd>DBIT</CdtDbtInd>
  <ValDt><Dt>2026-03-31</Dt></ValDt>
 </Ntry>
</Stmt>
<Stmt>
 <Id>S-USD-03</Id>
 <Acct><Id><IBAN>FR7630004000031234567890143</IBAN></Id></Acct>
 <Bal><Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">10.5</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-02-28</Dt></Dt></Bal>
 <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">0</Amt><CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
 <Ntry>
  <Amt Ccy="USD">10.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
  <BookgDt><Dt>2026-03-31</Dt></BookgDt>
 </Ntry>
</Stmt>
</BkToCstmrStmt>
</Document>
`

func TestHrev145CamtSeveralStatements(t *testing.T) {
	ss, err := bank.ReadCamt053(strings.NewReader(hrev145Camt), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 2)
	eur, usd := ss[0], ss[1]
	require.Equal(t, "S-EUR-03", eur.ID)
	require.Equal(t, "FR7630006000011234567890189", string(eur.Account))
	require.Equal(t, "-100.00", eur.Opening.Plain())
	require.Equal(t, "1520.55", eur.Closing.Plain())
	require.Equal(t, "2026-03-01", eur.OpeningDate.String())
	require.Equal(t, "2026-03-31", eur.ClosingDate.String())
	require.Len(t, eur.Entries, 4)

	batch := eur.Entries[0]
	require.Equal(t, "B1", batch.Ref)
	require.Equal(t, "1500.00", batch.Amount.Plain())
	require.Equal(t, "2026-03-03", batch.BookingDate.String())
	require.Equal(t, "2026-03-04", batch.ValueDate.String())
	require.False(t, batch.Reversal)
	require.Equal(t, "PMNT/RCHQ/BCHQ", batch.BankCode)
	require.Equal(t, reconcile.BankBatch{MsgID: "REM-7", Count: 3}, batch.Batch)
	require.Len(t, batch.Transactions, 3)
	require.Equal(t, "1000.00", batch.Transactions[0].Amount.Plain())
	require.Equal(t, "300.00", batch.Transactions[1].Amount.Plain())
	require.Equal(t, "200.00", batch.Transactions[2].Amount.Plain())
	require.Equal(t, "Durand", batch.Transactions[0].Counterparty)
	require.Equal(t, "CHQ 1000002", batch.Transactions[1].Remittance)

	rev := eur.Entries[1]
	require.Equal(t, "B2", rev.Ref)
	require.True(t, rev.Reversal)
	require.Equal(t, "-300.00", rev.Amount.Plain())
	require.Equal(t, "2026-03-10", rev.BookingDate.String())
	require.Equal(t, "2026-03-04", rev.ValueDate.String())
	require.Equal(t, "CHQ IMPAYE 1000002", rev.Label)
	require.Empty(t, rev.Transactions)

	fx := eur.Entries[2]
	require.Equal(t, "915.45", fx.Amount.Plain(), "the entry's amount, charges deducted")
	require.Len(t, fx.Transactions, 1)
	require.Equal(t, "920.00", fx.Transactions[0].Amount.Plain(), "the amount in the account's currency, not the instructed USD")
	require.Equal(t, currency.MustLookup("EUR"), fx.Transactions[0].Amount.Currency())
	require.Equal(t, "ACME Inc.", fx.Transactions[0].Counterparty)
	require.Empty(t, string(fx.Transactions[0].CounterpartyIBAN))
	require.Equal(t, "US-INV-9", fx.Transactions[0].EndToEndID)

	bare := eur.Entries[3]
	require.Equal(t, "S-EUR-03#4", bare.Ref)
	require.Equal(t, "-494.90", bare.Amount.Plain())
	require.Equal(t, "2026-03-31", bare.BookingDate.String(), "the value date stands in for the booking date")

	require.Equal(t, "S-USD-03", usd.ID)
	require.Equal(t, "USD", usd.Currency.Code())
	require.Equal(t, "10.50", usd.Opening.Plain())
	require.Equal(t, "0.00", usd.Closing.Plain())
	require.Equal(t, "-10.50", usd.Entries[0].Amount.Plain())
	require.Equal(t, journal.MustDate(2026, 3, 31), usd.Entries[0].BookingDate)
}

// A balance that does not add up is refused with the difference.
func TestHrev145CamtBalancesRefused(t *testing.T) {
	bad := strings.Replace(hrev145Camt, `<Amt Ccy="EUR">1520.55</Amt>`, `<Amt Ccy="EUR">1520.56</Amt>`, 1)
	_, err := bank.ReadCamt053(strings.NewReader(bad), bank.ReadOptions{})
	require.ErrorIs(t, err, reconcile.ErrStatement)
	require.Contains(t, err.Error(), "0.01")
}

// Importing the file twice: the second time writes nothing.
func TestHrev145CamtImportTwice(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	ss, err := bank.ReadCamt053(strings.NewReader(hrev145Camt), bank.ReadOptions{})
	require.NoError(t, err)
	got, err := r.ImportStatements(ctx, ss[:1])
	require.NoError(t, err)
	require.True(t, got[0].New)
	require.Equal(t, 4, got[0].Entries)
	again, err := r.ImportStatements(ctx, ss[:1])
	require.NoError(t, err)
	require.False(t, again[0].New)
	open, err := r.OpenImported(ctx, "BNP")
	require.NoError(t, err)
	require.Len(t, open, 4)
	require.NoError(t, b.Check(ctx))
}
