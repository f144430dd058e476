package reconcile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev177Camt is a camt.053.001.08 file of BQO: a payment run sent as one
// batch (its PmtInfId), 1 000,00 + 250,00 debited 1 252,00 with 1,00 of
// charges on each transaction; a customer's receipt of 1 000,00 credited
// 995,00 naming the invoice, 5,00 of COMM at transaction level.
func hrev177Camt(runID, invoice string) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
<BkToCstmrStmt>
<GrpHdr><MsgId>M177</MsgId><CreDtTm>2026-04-01T06:00:00+02:00</CreDtTm></GrpHdr>
<Stmt>
 <Id>S177-RUN</Id>
 <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
 <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-19</Dt></Dt></Bal>
 <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">257.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2026-03-20</Dt></Dt></Bal>
 <Ntry>
  <Amt Ccy="EUR">1252.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
  <BookgDt><Dt>2026-03-20</Dt></BookgDt><AcctSvcrRef>RUN-LINE</AcctSvcrRef>
  <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
  <NtryDtls><Btch><PmtInfId>%s</PmtInfId><NbOfTxs>2</NbOfTxs></Btch>
   <TxDtls><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
    <Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">1.00</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>true</ChrgInclInd><Tp><Cd>COMM</Cd></Tp></Rcrd></Chrgs></TxDtls>
   <TxDtls><Amt Ccy="EUR">250.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
    <Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">1.00</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>true</ChrgInclInd><Tp><Cd>COMM</Cd></Tp></Rcrd></Chrgs></TxDtls>
  </NtryDtls>
 </Ntry>
 <Ntry>
  <Amt Ccy="EUR">995.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
  <BookgDt><Dt>2026-03-20</Dt></BookgDt><AcctSvcrRef>IN-LINE</AcctSvcrRef>
  <NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
   <Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
   <Chrgs><Rcrd><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>true</ChrgInclInd><Tp><Cd>COMM</Cd></Tp></Rcrd></Chrgs>
   <RmtInf><Ustrd>FACTURE %s</Ustrd></RmtInf></TxDtls></NtryDtls>
 </Ntry>
</Stmt>
</BkToCstmrStmt>
</Document>
`, runID, invoice)
}

// A real-looking camt.053.001.08 with charges at transaction level: the
// run's batch is cleared with its 2,00 of charges, the customer's receipt
// with its 5,00, both to 627000; the bills and the invoice are paid; the
// same file imported again writes nothing.
func TestHrev177CamtRunAndReceiptWithCharges(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "F1", "Fournitures SA", "", ledger.Address{})
		rrSupplier(t, f, "F2", "Durand SARL", "DE89370400440532013000", ledger.Address{})
		b1 := rrBill(t, f, "F1", d(3, 1), d(3, 10), "1000.00", "FA-101")
		b2 := rrBill(t, f, "F2", d(3, 1), d(3, 10), "250.00", "D-56")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 2)
		inv := f.invoice(t, "C1", d(3, 1), "1000.00")
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQO", Date: d(3, 19),
			Method: reconcile.MethodTransfer, Amount: e("1000.00"), Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)

		file := hrev177Camt(run.ID, inv.Name())
		ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
		require.NoError(t, err)
		require.Len(t, ss, 1)
		require.Equal(t, "2.00", ss[0].Entries[0].Charges.Plain())
		require.Equal(t, "5.00", ss[0].Entries[1].Charges.Plain())
		imp, err := f.rec.ImportStatement(ctx, ss[0])
		require.NoError(t, err)
		require.True(t, imp.New)

		props, err := f.rec.ProposeImported(ctx, "BQO", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, props, 2)
		for _, p := range props {
			require.True(t, p.Matched, rvDescribe(p))
			assert.True(t, p.Target.BankFees, rvDescribe(p))
		}
		assert.Len(t, props[0].Target.Payments, 2)
		assert.Contains(t, props[0].Reason, "bank charges 2,00\u00a0€ stated by the bank")
		assert.Contains(t, props[1].Reason, "bank charges 5,00\u00a0€ stated by the bank")
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		for _, o := range outs {
			require.NoError(t, o.Err)
		}
		assert.Equal(t, "7.00", f.balance(t, "627000"))
		assert.Equal(t, "-257.00", f.balance(t, "512000"))
		assert.Equal(t, "0.00", f.balance(t, "512100"))
		assert.Equal(t, "0.00", f.balance(t, "512200"))
		for _, doc := range []journal.Entry{b1, b2, inv} {
			assert.Equal(t, reconcile.Paid, f.state(t, doc).State, doc.Name())
		}
		f.check(t)

		// The same file again: nothing written.
		before := f.snapshot(t)
		ss2, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
		require.NoError(t, err)
		imp, err = f.rec.ImportStatement(ctx, ss2[0])
		require.NoError(t, err)
		assert.False(t, imp.New)
		f.unchanged(t, before)
		open, err := f.rec.OpenImported(ctx, "BQO")
		require.NoError(t, err)
		assert.Empty(t, open)
	})
}

// hrev177Camt02Two is a camt.053.001.02 file of BNP with one entry of two
// customers' transfers booked as one amount (no batch the book knows),
// each with its charges stated as the .001.02 example of h-rev172 does:
// InstdAmt the amount sent, TxAmt what was booked, Chrgs the difference
// (600,00 credited 597,00 from K1; 400,00 credited 397,00 from K2; the
// entry 994,00).
const hrev177Camt02Two = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt>
<GrpHdr><MsgId>M177B</MsgId><CreDtTm>2026-04-01T06:00:00</CreDtTm></GrpHdr>
<Stmt>
 <Id>S177-TWO</Id>
 <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
 <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-04</Dt></Dt></Bal>
 <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">994.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-05</Dt></Dt></Bal>
 <Ntry>
  <Amt Ccy="EUR">994.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
  <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>IN-TWO</AcctSvcrRef>
  <NtryDtls>
   <TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
    <AmtDtls><InstdAmt><Amt Ccy="EUR">600.00</Amt></InstdAmt><TxAmt><Amt Ccy="EUR">597.00</Amt></TxAmt></AmtDtls>
    <Chrgs><Amt Ccy="EUR">3.00</Amt><Tp><Cd>COMM</Cd></Tp></Chrgs>
    <RltdPties><Dbtr><Nm>Client K1</Nm></Dbtr><DbtrAcct><Id><IBAN>BE68539007547034</IBAN></Id></DbtrAcct></RltdPties></TxDtls>
   <TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
    <AmtDtls><InstdAmt><Amt Ccy="EUR">400.00</Amt></InstdAmt><TxAmt><Amt Ccy="EUR">397.00</Amt></TxAmt></AmtDtls>
    <Chrgs><Amt Ccy="EUR">3.00</Amt><Tp><Cd>COMM</Cd></Tp></Chrgs>
    <RltdPties><Dbtr><Nm>Client K2</Nm></Dbtr><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct></RltdPties></TxDtls>
  </NtryDtls>
 </Ntry>
</Stmt>
</BkToCstmrStmt>
</Document>
`

// Was failing, fixed: an entry of two customers' transfers (600,00 and 400,00 waiting) credited 994,00 with 3,00 + 3,00 of charges stated per transaction (TxAmt 597,00 and 397,00 booked, as a .001.02 file gives them): expected both payments cleared and 6,00 to 627000, got unmatched — byTransactions compares the transactions' booked amounts (994,00) with the entry plus charges (1 000,00)
func TestHrev177CamtTransactionsWithCharges(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		i1 := f.invoice(t, "K1", d(3, 1), "600.00")
		i2 := f.invoice(t, "K2", d(3, 1), "400.00")
		r1 := b.receiveRef(t, "K1", d(3, 2), "600.00", "", i1)
		r2 := b.receiveRef(t, "K2", d(3, 2), "400.00", "", i2)
		ss, err := bank.ReadCamt053(strings.NewReader(hrev177Camt02Two), bank.ReadOptions{})
		require.NoError(t, err)
		require.Len(t, ss, 1)
		en := ss[0].Entries[0]
		require.Equal(t, "6.00", en.Charges.Plain())
		require.Equal(t, "597.00", en.Transactions[0].Amount.Plain())
		require.Equal(t, "3.00", en.Transactions[0].Charges.Plain())
		_, err = f.rec.ImportStatement(ctx, ss[0])
		require.NoError(t, err)

		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 1)
		p := props[0]
		require.True(t, p.Matched, rvDescribe(p))
		assert.ElementsMatch(t, []journal.ID{r1.ID, r2.ID}, p.Target.Payments, rvDescribe(p))
		assert.True(t, p.Target.BankFees)
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		assert.Equal(t, "6.00", f.balance(t, "627000"))
		assert.Equal(t, "0.00", f.balance(t, "512100"))
		f.check(t)
	})
}

// The same entry with the transactions' amounts as sent (600,00 and
// 400,00, a .001.08 TxDtls/Amt) clears both payments, 6,00 to 627000.
func TestHrev177TransactionsGrossWithCharges(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		i1 := f.invoice(t, "K1", d(3, 1), "600.00")
		i2 := f.invoice(t, "K2", d(3, 1), "400.00")
		r1 := b.receiveRef(t, "K1", d(3, 2), "600.00", "", i1)
		r2 := b.receiveRef(t, "K2", d(3, 2), "400.00", "", i2)
		s := hrev172Statement(b, d(3, 5), hrev172Line{"994.00", "6.00",
			reconcile.BankTransaction{Amount: e("600.00"), Charges: e("3.00"), CounterpartyIBAN: rvK1IBAN}})
		s.Entries[0].Transactions = append(s.Entries[0].Transactions,
			reconcile.BankTransaction{Amount: e("400.00"), Charges: e("3.00"), CounterpartyIBAN: rvK2IBAN})
		hrev172Import(t, b, s)
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 1)
		require.True(t, props[0].Matched, rvDescribe(props[0]))
		assert.ElementsMatch(t, []journal.ID{r1.ID, r2.ID}, props[0].Target.Payments)
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		assert.Equal(t, "6.00", f.balance(t, "627000"))
		assert.Equal(t, "0.00", f.balance(t, "512100"))
		assert.Equal(t, reconcile.Paid, f.state(t, i1).State)
		f.check(t)
	})
}

// Was failing, fixed: regression: a transfer of 910,40 debited 916,40, the bank stating 5,00 of commission + 1,00 of VAT (Rcrd Amt 5.00, Tax Amt 1.00, TtlChrgsAndTaxAmt 6.00): expected the payment cleared with 6,00 to 627000 (as f3a32b9 did by its 5 % fees rule), got the line unmatched, reason "charges of 5,00 (911,40 before them)": the reader drops the Tax and stated charges block the fees rule
func TestHrev177CamtChargesWithTaxMatching(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		pay := hrev172Pay(t, b, "910.40", "LTR-PAY-1")
		file := `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
<BkToCstmrStmt>
<GrpHdr><MsgId>M177T</MsgId><CreDtTm>2026-04-01T06:00:00+02:00</CreDtTm></GrpHdr>
<Stmt>
 <Id>S177-TAX</Id>
 <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
 <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-04</Dt></Dt></Bal>
 <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">916.40</Amt><CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2026-03-05</Dt></Dt></Bal>
 <Ntry>
  <Amt Ccy="EUR">916.40</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
  <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>OUT-TAX</AcctSvcrRef>
  <NtryDtls><TxDtls><Refs><EndToEndId>LTR-PAY-1</EndToEndId></Refs>
   <Amt Ccy="EUR">910.40</Amt><CdtDbtInd>DBIT</CdtDbtInd>
   <Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">6.00</TtlChrgsAndTaxAmt>
    <Rcrd><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>true</ChrgInclInd><Tp><Cd>COMM</Cd></Tp>
     <Tax><Id>TVA</Id><Rate>20</Rate><Amt Ccy="EUR">1.00</Amt></Tax></Rcrd></Chrgs>
   <RltdPties><Cdtr><Pty><Nm>Delta Tools</Nm></Pty></Cdtr></RltdPties></TxDtls></NtryDtls>
 </Ntry>
</Stmt>
</BkToCstmrStmt>
</Document>
`
		ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
		require.NoError(t, err)
		_, err = f.rec.ImportStatement(ctx, ss[0])
		require.NoError(t, err)
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 1)
		p := props[0]
		assert.True(t, p.Matched, rvDescribe(p))
		assert.Equal(t, []journal.ID{pay.ID}, p.Target.Payments, rvDescribe(p))
		assert.True(t, p.Target.BankFees)
	})
}
