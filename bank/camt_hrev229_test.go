package bank_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// A camt.053.001.02 file as a French bank sends it: two statements (two
// accounts), a batch of two credit transfers, a fee known only by its
// AddtlNtryInf, a reversal, a pending entry, a USD transfer with charges.
const hrev229Camt02 = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>BNPAFRPP-20260401-0001</MsgId><CreDtTm>2026-04-01T06:12:45</CreDtTm></GrpHdr>
    <Stmt>
      <Id>20260331-001</Id>
      <ElctrncSeqNb>63</ElctrncSeqNb>
      <CreDtTm>2026-04-01T06:12:45</CreDtTm>
      <FrToDt><FrDtTm>2026-03-01T00:00:00</FrDtTm><ToDtTm>2026-03-31T23:59:59</ToDtTm></FrToDt>
      <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>MA SOCIETE SAS</Nm></Ownr></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">10000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-02-28</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">9512.10</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLAV</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">9912.10</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
      <TxsSummry><TtlNtries><NbOfNtries>4</NbOfNtries></TtlNtries></TxsSummry>
      <Ntry>
        <Amt Ccy="EUR">1450.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-02</Dt></BookgDt><ValDt><Dt>2026-03-03</Dt></ValDt>
        <AcctSvcrRef>0302ESCT000123</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn><Prtry><Cd>05</Cd><Issr>CFONB</Issr></Prtry></BkTxCd>
        <NtryDtls>
          <Btch><NbOfTxs>2</NbOfTxs></Btch>
          <TxDtls>
            <Refs><EndToEndId>E2E-CLIENT-A-001</EndToEndId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">1000.00</Amt></TxAmt></AmtDtls>
            <RltdPties><Dbtr><Nm>CLIENT ALPHA SARL</Nm></Dbtr><DbtrAcct><Id><IBAN>FR1420041010050500013M02606</IBAN></Id></DbtrAcct>
              <Cdtr><Nm>MA SOCIETE SAS</Nm></Cdtr><CdtrAcct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></CdtrAcct></RltdPties>
            <RmtInf><Ustrd>FACTURE F-2026-001</Ustrd></RmtInf>
          </TxDtls>
          <TxDtls>
            <Refs><EndToEndId>E2E-CLIENT-B-77</EndToEndId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">450.00</Amt></TxAmt></AmtDtls>
            <RltdPties><Dbtr><Nm>CLIENT BETA SA</Nm></Dbtr><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct></RltdPties>
            <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>
          </TxDtls>
        </NtryDtls>
        <AddtlNtryInf>VIR SEPA RECU /LOT 2</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">12.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-05</Dt></BookgDt><ValDt><Dt>2026-03-05</Dt></ValDt>
        <AcctSvcrRef>0305FEES000009</AcctSvcrRef>
        <BkTxCd><Domn><Cd>ACMT</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>CHRG</SubFmlyCd></Fmly></Domn></BkTxCd>
        <AddtlNtryInf>COMMISSION TENUE DE COMPTE MARS</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-09</Dt></BookgDt><ValDt><Dt>2026-03-03</Dt></ValDt>
        <AcctSvcrRef>0309RVSL000001</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>E2E-CLIENT-A-001</EndToEndId></Refs>
          <AmtDtls><TxAmt><Amt Ccy="EUR">1000.00</Amt></TxAmt></AmtDtls>
          <RltdPties><Dbtr><Nm>CLIENT ALPHA SARL</Nm></Dbtr><DbtrAcct><Id><IBAN>FR1420041010050500013M02606</IBAN></Id></DbtrAcct>
            <Cdtr><Nm>MA SOCIETE SAS</Nm></Cdtr><CdtrAcct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></CdtrAcct></RltdPties>
          <RmtInf><Ustrd>FACTURE F-2026-001</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
        <AddtlNtryInf>ANNULATION VIR SEPA RECU</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">400.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts>
        <BookgDt><Dt>2026-03-31</Dt></BookgDt><ValDt><Dt>2026-04-01</Dt></ValDt>
        <AcctSvcrRef>0331PEND000001</AcctSvcrRef>
        <AddtlNtryInf>REMISE CHEQUES EN COURS</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">925.40</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-20</Dt></BookgDt><ValDt><Dt>2026-03-20</Dt></ValDt>
        <AcctSvcrRef>0320XBCT000004</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>XBCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <Chrgs><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Tp><Cd>COMT</Cd></Tp></Chrgs>
        <NtryDtls><TxDtls>
          <Refs><InstrId>PAY-0042</InstrId><EndToEndId>PAY-0042</EndToEndId></Refs>
          <AmtDtls>
            <InstdAmt><Amt Ccy="USD">1000.00</Amt></InstdAmt>
            <TxAmt><Amt Ccy="EUR">920.40</Amt><CcyXchg><SrcCcy>USD</SrcCcy><TrgtCcy>EUR</TrgtCcy><UnitCcy>USD</UnitCcy><XchgRate>0.9204</XchgRate></CcyXchg></TxAmt>
          </AmtDtls>
          <RltdPties><Cdtr><Nm>ACME SUPPLY INC</Nm></Cdtr><CdtrAcct><Id><Othr><Id>000123456789</Id></Othr></Id></CdtrAcct></RltdPties>
          <RmtInf><Ustrd>INV 2026-88</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
        <AddtlNtryInf>VIR INTERNATIONAL EMIS USD</AddtlNtryInf>
      </Ntry>
    </Stmt>
    <Stmt>
      <Id>20260331-002</Id>
      <CreDtTm>2026-04-01T06:12:45</CreDtTm>
      <FrToDt><FrDtTm>2026-03-01T00:00:00</FrDtTm><ToDtTm>2026-03-31T23:59:59</ToDtTm></FrToDt>
      <Acct><Id><IBAN>FR1420041010050500013M02606</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">250.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2026-02-28</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">250.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
      <TxsSummry><TtlNtries><NbOfNtries>0</NbOfNtries></TtlNtries></TxsSummry>
    </Stmt>
  </BkToCstmrStmt>
</Document>`

func TestHrev229Camt02RealFile(t *testing.T) {
	ss, err := bank.ReadCamt053(strings.NewReader(hrev229Camt02), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 2)
	s := ss[0]
	require.Equal(t, "FR7630006000011234567890189", string(s.Account))
	require.Equal(t, "20260331-001", s.ID)
	require.Equal(t, "10000.00", s.Opening.Plain())
	require.Equal(t, "9512.10", s.Closing.Plain())
	require.Equal(t, "2026-02-28", s.OpeningDate.String())
	require.Equal(t, "2026-03-31", s.ClosingDate.String())
	require.Len(t, s.Entries, 4, "the pending entry is left out")

	b := s.Entries[0]
	require.Equal(t, "0302ESCT000123", b.Ref)
	require.Equal(t, "1450.00", b.Amount.Plain())
	require.Equal(t, "2026-03-02", b.BookingDate.String())
	require.Equal(t, "2026-03-03", b.ValueDate.String())
	require.Equal(t, "PMNT/RCDT/ESCT", b.BankCode)
	require.Equal(t, "VIR SEPA RECU /LOT 2", b.Label)
	require.False(t, b.Reversal)
	require.Len(t, b.Transactions, 2)
	require.Equal(t, "1000.00", b.Transactions[0].Amount.Plain())
	require.Equal(t, "E2E-CLIENT-A-001", b.Transactions[0].EndToEndID)
	require.Equal(t, "CLIENT ALPHA SARL", b.Transactions[0].Counterparty)
	require.Equal(t, "FR1420041010050500013M02606", string(b.Transactions[0].CounterpartyIBAN))
	require.Equal(t, "FACTURE F-2026-001", b.Transactions[0].Remittance)
	require.Equal(t, "450.00", b.Transactions[1].Amount.Plain())
	require.Equal(t, "CLIENT BETA SA", b.Transactions[1].Counterparty)
	require.Equal(t, "DE89370400440532013000", string(b.Transactions[1].CounterpartyIBAN))
	require.Equal(t, "RF18539007547034", b.Transactions[1].CreditorRef)

	fee := s.Entries[1]
	require.Equal(t, "-12.50", fee.Amount.Plain())
	require.Equal(t, "COMMISSION TENUE DE COMPTE MARS", fee.Label)
	require.Empty(t, fee.Transactions)

	rv := s.Entries[2]
	require.True(t, rv.Reversal)
	require.Equal(t, "-1000.00", rv.Amount.Plain())
	require.Equal(t, "2026-03-09", rv.BookingDate.String())
	require.Equal(t, "2026-03-03", rv.ValueDate.String())
	require.Equal(t, "CLIENT ALPHA SARL", rv.Transactions[0].Counterparty)
	require.Equal(t, "E2E-CLIENT-A-001", rv.Transactions[0].EndToEndID)

	fx := s.Entries[3]
	require.Equal(t, "-925.40", fx.Amount.Plain())
	require.Equal(t, "5.00", fx.Charges.Plain())
	require.Equal(t, "-920.40", fx.Transactions[0].Amount.Plain())
	require.Equal(t, "ACME SUPPLY INC", fx.Transactions[0].Counterparty)
	require.Equal(t, "INV 2026-88", fx.Transactions[0].Remittance)

	e := ss[1]
	require.Equal(t, "FR1420041010050500013M02606", string(e.Account))
	require.Equal(t, "-250.00", e.Opening.Plain())
	require.Equal(t, "-250.00", e.Closing.Plain())
	require.Empty(t, e.Entries)
}

// The closing balance does not agree with the entries: refused, typed,
// naming the statement; nothing is yielded for it.
func TestHrev229Camt02BalancesDisagree(t *testing.T) {
	bad := strings.Replace(hrev229Camt02, "<Amt Ccy=\"EUR\">9512.10</Amt>", "<Amt Ccy=\"EUR\">9521.10</Amt>", 1)
	_, err := bank.ReadCamt053(strings.NewReader(bad), bank.ReadOptions{})
	require.ErrorIs(t, err, reconcile.ErrStatement)
	require.Contains(t, err.Error(), "20260331-001")
	require.Contains(t, err.Error(), "9.00")
}

// A camt.053.001.08 file with a prefixed namespace.
const hrev229Camt08 = `<?xml version="1.0" encoding="UTF-8"?>
<ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
 <ns2:BkToCstmrStmt>
  <ns2:GrpHdr><ns2:MsgId>SOGEFRPP2026040100001</ns2:MsgId><ns2:CreDtTm>2026-04-01T05:00:00+02:00</ns2:CreDtTm></ns2:GrpHdr>
  <ns2:Stmt>
   <ns2:Id>STMT-08-0331</ns2:Id>
   <ns2:FrToDt><ns2:FrDtTm>2026-03-01T00:00:00+01:00</ns2:FrDtTm><ns2:ToDtTm>2026-03-31T23:59:59+02:00</ns2:ToDtTm></ns2:FrToDt>
   <ns2:Acct><ns2:Id><ns2:IBAN>FR7630006000011234567890189</ns2:IBAN></ns2:Id><ns2:Ccy>EUR</ns2:Ccy></ns2:Acct>
   <ns2:Bal><ns2:Tp><ns2:CdOrPrtry><ns2:Cd>OPBD</ns2:Cd></ns2:CdOrPrtry></ns2:Tp><ns2:Amt Ccy="EUR">2000.00</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd><ns2:Dt><ns2:Dt>2026-03-01</ns2:Dt></ns2:Dt></ns2:Bal>
   <ns2:Bal><ns2:Tp><ns2:CdOrPrtry><ns2:Cd>CLBD</ns2:Cd></ns2:CdOrPrtry></ns2:Tp><ns2:Amt Ccy="EUR">2681.50</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd><ns2:Dt><ns2:Dt>2026-03-31</ns2:Dt></ns2:Dt></ns2:Bal>
   <ns2:Ntry>
    <ns2:NtryRef>N1</ns2:NtryRef>
    <ns2:Amt Ccy="EUR">700.00</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>
    <ns2:Sts><ns2:Cd>BOOK</ns2:Cd></ns2:Sts>
    <ns2:BookgDt><ns2:Dt>2026-03-10</ns2:Dt></ns2:BookgDt><ns2:ValDt><ns2:Dt>2026-03-10</ns2:Dt></ns2:ValDt>
    <ns2:AcctSvcrRef>SG-0310-1</ns2:AcctSvcrRef>
    <ns2:BkTxCd><ns2:Domn><ns2:Cd>PMNT</ns2:Cd><ns2:Fmly><ns2:Cd>RCDT</ns2:Cd><ns2:SubFmlyCd>ESCT</ns2:SubFmlyCd></ns2:Fmly></ns2:Domn></ns2:BkTxCd>
    <ns2:NtryDtls>
     <ns2:Btch><ns2:MsgId>MSG-NET-1</ns2:MsgId><ns2:NbOfTxs>2</ns2:NbOfTxs><ns2:TtlAmt Ccy="EUR">700.00</ns2:TtlAmt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd></ns2:Btch>
     <ns2:TxDtls>
      <ns2:Refs><ns2:EndToEndId>NET-IN-1</ns2:EndToEndId></ns2:Refs>
      <ns2:Amt Ccy="EUR">1000.00</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>
      <ns2:RltdPties>
       <ns2:Dbtr><ns2:Pty><ns2:Nm>CLIENT GAMMA</ns2:Nm></ns2:Pty></ns2:Dbtr><ns2:DbtrAcct><ns2:Id><ns2:IBAN>FR1420041010050500013M02606</ns2:IBAN></ns2:Id></ns2:DbtrAcct>
       <ns2:Cdtr><ns2:Pty><ns2:Nm>MA SOCIETE SAS</ns2:Nm></ns2:Pty></ns2:Cdtr>
      </ns2:RltdPties>
      <ns2:RmtInf><ns2:Ustrd>F-2026-010</ns2:Ustrd></ns2:RmtInf>
     </ns2:TxDtls>
     <ns2:TxDtls>
      <ns2:Refs><ns2:EndToEndId>NET-OUT-1</ns2:EndToEndId></ns2:Refs>
      <ns2:Amt Ccy="EUR">300.00</ns2:Amt><ns2:CdtDbtInd>DBIT</ns2:CdtDbtInd>
      <ns2:RltdPties>
       <ns2:Dbtr><ns2:Pty><ns2:Nm>MA SOCIETE SAS</ns2:Nm></ns2:Pty></ns2:Dbtr>
       <ns2:Cdtr><ns2:Pty><ns2:Nm>FOURNISSEUR DELTA</ns2:Nm></ns2:Pty></ns2:Cdtr><ns2:CdtrAcct><ns2:Id><ns2:IBAN>DE89370400440532013000</ns2:IBAN></ns2:Id></ns2:CdtrAcct>
      </ns2:RltdPties>
      <ns2:RmtInf><ns2:Ustrd>AVOIR FD-55</ns2:Ustrd></ns2:RmtInf>
     </ns2:TxDtls>
    </ns2:NtryDtls>
   </ns2:Ntry>
   <ns2:Ntry>
    <ns2:Amt Ccy="EUR">1006.00</ns2:Amt><ns2:CdtDbtInd>DBIT</ns2:CdtDbtInd>
    <ns2:Sts><ns2:Cd>BOOK</ns2:Cd></ns2:Sts>
    <ns2:BookgDt><ns2:Dt>2026-03-12</ns2:Dt></ns2:BookgDt><ns2:ValDt><ns2:Dt>2026-03-12</ns2:Dt></ns2:ValDt>
    <ns2:AcctSvcrRef>SG-0312-1</ns2:AcctSvcrRef>
    <ns2:Chrgs>
     <ns2:TtlChrgsAndTaxAmt Ccy="EUR">6.00</ns2:TtlChrgsAndTaxAmt>
     <ns2:Rcrd><ns2:Amt Ccy="EUR">5.00</ns2:Amt><ns2:CdtDbtInd>DBIT</ns2:CdtDbtInd><ns2:ChrgInclInd>true</ns2:ChrgInclInd><ns2:Tax><ns2:Amt Ccy="EUR">1.00</ns2:Amt></ns2:Tax></ns2:Rcrd>
     <ns2:Rcrd><ns2:Amt Ccy="EUR">15.00</ns2:Amt><ns2:CdtDbtInd>DBIT</ns2:CdtDbtInd><ns2:ChrgInclInd>false</ns2:ChrgInclInd></ns2:Rcrd>
    </ns2:Chrgs>
    <ns2:NtryDtls><ns2:TxDtls>
     <ns2:Refs><ns2:EndToEndId>PAY-0099</ns2:EndToEndId></ns2:Refs>
     <ns2:Amt Ccy="EUR">1000.00</ns2:Amt><ns2:CdtDbtInd>DBIT</ns2:CdtDbtInd>
     <ns2:AmtDtls>
      <ns2:InstdAmt><ns2:Amt Ccy="USD">1086.95</ns2:Amt><ns2:CcyXchg><ns2:SrcCcy>EUR</ns2:SrcCcy><ns2:TrgtCcy>USD</ns2:TrgtCcy><ns2:XchgRate>1.08695</ns2:XchgRate></ns2:CcyXchg></ns2:InstdAmt>
      <ns2:TxAmt><ns2:Amt Ccy="EUR">1000.00</ns2:Amt></ns2:TxAmt>
     </ns2:AmtDtls>
     <ns2:RltdPties><ns2:Cdtr><ns2:Pty><ns2:Nm>WIDGETS LLC</ns2:Nm></ns2:Pty></ns2:Cdtr></ns2:RltdPties>
     <ns2:RmtInf><ns2:Strd><ns2:CdtrRefInf><ns2:Tp><ns2:CdOrPrtry><ns2:Cd>SCOR</ns2:Cd></ns2:CdOrPrtry></ns2:Tp><ns2:Ref>RF18539007547034</ns2:Ref></ns2:CdtrRefInf></ns2:Strd></ns2:RmtInf>
    </ns2:TxDtls></ns2:NtryDtls>
   </ns2:Ntry>
   <ns2:Ntry>
    <ns2:Amt Ccy="EUR">999.00</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>
    <ns2:Sts><ns2:Cd>PDNG</ns2:Cd></ns2:Sts>
    <ns2:BookgDt><ns2:Dt>2026-03-31</ns2:Dt></ns2:BookgDt>
    <ns2:AddtlNtryInf>EN ATTENTE</ns2:AddtlNtryInf>
   </ns2:Ntry>
   <ns2:Ntry>
    <ns2:Amt Ccy="EUR">987.50</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd><ns2:RvslInd>true</ns2:RvslInd>
    <ns2:Sts><ns2:Cd>BOOK</ns2:Cd></ns2:Sts>
    <ns2:BookgDt><ns2:DtTm>2026-03-18T10:00:00+01:00</ns2:DtTm></ns2:BookgDt><ns2:ValDt><ns2:Dt>2026-03-17</ns2:Dt></ns2:ValDt>
    <ns2:AcctSvcrRef>SG-0318-R</ns2:AcctSvcrRef>
    <ns2:NtryDtls><ns2:TxDtls>
     <ns2:Refs><ns2:EndToEndId>PAY-0077</ns2:EndToEndId></ns2:Refs>
     <ns2:Amt Ccy="EUR">987.50</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>
     <ns2:RltdPties>
      <ns2:Dbtr><ns2:Pty><ns2:Nm>MA SOCIETE SAS</ns2:Nm></ns2:Pty></ns2:Dbtr><ns2:DbtrAcct><ns2:Id><ns2:IBAN>FR7630006000011234567890189</ns2:IBAN></ns2:Id></ns2:DbtrAcct>
      <ns2:Cdtr><ns2:Pty><ns2:Nm>FOURNISSEUR EPSILON</ns2:Nm></ns2:Pty></ns2:Cdtr><ns2:CdtrAcct><ns2:Id><ns2:IBAN>DE89370400440532013000</ns2:IBAN></ns2:Id></ns2:CdtrAcct>
     </ns2:RltdPties>
     <ns2:RmtInf><ns2:Ustrd>FACT FE-12</ns2:Ustrd></ns2:RmtInf>
     <ns2:RtrInf><ns2:Rsn><ns2:Cd>AC04</ns2:Cd></ns2:Rsn><ns2:AddtlInf>COMPTE CLOTURE</ns2:AddtlInf></ns2:RtrInf>
    </ns2:TxDtls></ns2:NtryDtls>
   </ns2:Ntry>
  </ns2:Stmt>
 </ns2:BkToCstmrStmt>
</ns2:Document>`

func TestHrev229Camt08RealFile(t *testing.T) {
	ss, err := bank.ReadCamt053(strings.NewReader(hrev229Camt08), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 1)
	s := ss[0]
	require.Equal(t, "2000.00", s.Opening.Plain())
	require.Equal(t, "2681.50", s.Closing.Plain())
	require.Len(t, s.Entries, 3)

	net := s.Entries[0]
	require.Equal(t, "SG-0310-1", net.Ref)
	require.Equal(t, "700.00", net.Amount.Plain())
	require.Equal(t, "MSG-NET-1", net.Batch.MsgID)
	require.Equal(t, 2, net.Batch.Count)
	require.Equal(t, "1000.00", net.Transactions[0].Amount.Plain())
	require.Equal(t, "CLIENT GAMMA", net.Transactions[0].Counterparty)
	require.Equal(t, "-300.00", net.Transactions[1].Amount.Plain())
	require.Equal(t, "AVOIR FD-55", net.Transactions[1].Remittance)

	fx := s.Entries[1]
	require.Equal(t, "-1006.00", fx.Amount.Plain())
	require.Equal(t, "6.00", fx.Charges.Plain(), "the advised 15.00 (ChrgInclInd false) is not taken")
	require.Equal(t, "-1000.00", fx.Transactions[0].Amount.Plain())
	require.Equal(t, "WIDGETS LLC", fx.Transactions[0].Counterparty)
	require.Equal(t, "RF18539007547034", fx.Transactions[0].CreditorRef)

	rv := s.Entries[2]
	require.True(t, rv.Reversal)
	require.Equal(t, "987.50", rv.Amount.Plain())
	require.Equal(t, "2026-03-18", rv.BookingDate.String())
	require.Equal(t, "2026-03-17", rv.ValueDate.String())
	require.Equal(t, "FOURNISSEUR EPSILON", rv.Transactions[0].Counterparty)
	require.Equal(t, "DE89370400440532013000", string(rv.Transactions[0].CounterpartyIBAN))
	require.Equal(t, "FACT FE-12", rv.Transactions[0].Remittance)
}

// Was failing, fixed: in a batch netting a credit and a debit (TxDtls CdtDbtInd DBIT inside a CRDT entry), the debit's counterparty is read from the entry's direction: expected "FOURNISSEUR DELTA" (the creditor of money out), got the account holder "MA SOCIETE SAS" (the debtor)
func TestHrev229Camt08NettedBatchDebitCounterparty(t *testing.T) {
	ss, err := bank.ReadCamt053(strings.NewReader(hrev229Camt08), bank.ReadOptions{})
	require.NoError(t, err)
	tx := ss[0].Entries[0].Transactions[1]
	require.Equal(t, "FOURNISSEUR DELTA", tx.Counterparty)
	require.Equal(t, "DE89370400440532013000", string(tx.CounterpartyIBAN))
}

// Balances that do not agree with the entries in a prefixed .08 file:
// refused with reconcile.ErrStatement; with the good file imported, the
// bad one writes nothing.
func TestHrev229Camt08ImportRefusedWritesNothing(t *testing.T) {
	for _, be := range storetest.Backends {
		t.Run(be.Name, func(t *testing.T) {
			_, r := bookWithBankAccount(t, be)
			bad := strings.Replace(hrev229Camt08, `2681.50`, `2680.50`, 1)
			_, err := bank.ReadCamt053(strings.NewReader(bad), bank.ReadOptions{})
			require.ErrorIs(t, err, reconcile.ErrStatement)
			require.Contains(t, err.Error(), "STMT-08-0331")

			ss, err := bank.ReadCamt053(strings.NewReader(hrev229Camt08), bank.ReadOptions{})
			require.NoError(t, err)
			s := ss[0]
			s.Closing = s.Closing.Neg()
			_, err = r.ImportStatement(ctx, s)
			require.True(t, errors.Is(err, reconcile.ErrStatement), "%v", err)
			kept, err := r.Statements(ctx, "BNP")
			require.NoError(t, err)
			require.Empty(t, kept)

			got, err := r.ImportStatement(ctx, ss[0])
			require.NoError(t, err)
			require.True(t, got.New)
			require.Equal(t, 3, got.Entries)
		})
	}
}

// Was failing, fixed: a batch whose transactions of mixed signs net to the opposite of the entry (CRDT 700.00 booked, TxDtls DBIT 1000.00 + CRDT 300.00 = -700.00) is accepted: expected ErrFormat (the godoc: transactions sum to the entry's amount), got no error
func TestHrev229CamtMixedBatchNetsToOppositeRefused(t *testing.T) {
	bad := strings.Replace(hrev229Camt08, `<ns2:Amt Ccy="EUR">1000.00</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>`, `<ns2:Amt Ccy="EUR">1000.00</ns2:Amt><ns2:CdtDbtInd>DBIT</ns2:CdtDbtInd>`, 1)
	bad = strings.Replace(bad, `<ns2:Amt Ccy="EUR">300.00</ns2:Amt><ns2:CdtDbtInd>DBIT</ns2:CdtDbtInd>`, `<ns2:Amt Ccy="EUR">300.00</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>`, 1)
	require.NotEqual(t, hrev229Camt08, bad)
	_, err := bank.ReadCamt053(strings.NewReader(bad), bank.ReadOptions{})
	require.ErrorIs(t, err, bank.ErrFormat)
}
