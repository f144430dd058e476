package bank_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
)

// hrev184Batch is a credit entry BATCH-1 of amount on 05/03, with charges
// (a Chrgs element, or "") and transactions (TxDtls elements), the closing
// balance 1 000,00 + amount.
func hrev184Batch(amount, closing, charges, txs string) string {
	return hrev177Doc("08", closing, `
 <Ntry>
  <Amt Ccy="EUR">`+amount+`</Amt><CdtDbtInd>CRDT</CdtDbtInd>{STS}
  <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>BATCH-1</AcctSvcrRef>
  `+charges+`
  <NtryDtls>`+txs+`</NtryDtls>
 </Ntry>`)
}

// hrev184Tx is a credit transaction of amount ("" for none) with charges
// (a Chrgs element, or "").
func hrev184Tx(id, amount, charges string) string {
	amt := ""
	if amount != "" {
		amt = `<Amt Ccy="EUR">` + amount + `</Amt><CdtDbtInd>CRDT</CdtDbtInd>`
	}
	return `<TxDtls><Refs><EndToEndId>` + id + `</EndToEndId></Refs>` + amt + charges +
		`<RltdPties><Dbtr><Pty><Nm>Client ` + id + `</Nm></Pty></Dbtr></RltdPties></TxDtls>`
}

func hrev184Charges(amount string) string {
	return `<Chrgs><Rcrd><Amt Ccy="EUR">` + amount + `</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>true</ChrgInclInd></Rcrd></Chrgs>`
}

// A batch whose transactions state 100,00 + 200,00 + 50,00 = 350,00 for an
// entry of 400,00 is refused, the error naming the entry, its line and the
// two amounts.
func TestHrev184CamtBatchNotAddingUpIsRefused(t *testing.T) {
	file := hrev184Batch("400.00", "1400.00", "",
		hrev184Tx("A", "100.00", "")+hrev184Tx("B", "200.00", "")+hrev184Tx("C", "50.00", ""))
	_, err := hrev177Read(t, file)
	require.ErrorIs(t, err, bank.ErrFormat)
	for _, want := range []string{"BATCH-1", "line ", "350.00", "400.00"} {
		assert.Contains(t, err.Error(), want)
	}
}

// Booked gross, the charges taken at entry level: 600,00 + 400,00 less
// 5,00 of charges is the 995,00 credited; with 600,00 + 300,00 it is not.
func TestHrev184CamtBatchGrossWithEntryCharges(t *testing.T) {
	s, err := hrev177Read(t, hrev184Batch("995.00", "1995.00", hrev184Charges("5.00"),
		hrev184Tx("A", "600.00", "")+hrev184Tx("B", "400.00", "")))
	require.NoError(t, err)
	require.Len(t, s.Entries, 1)
	assert.Equal(t, "5.00", s.Entries[0].Charges.Plain())
	require.Len(t, s.Entries[0].Transactions, 2)

	_, err = hrev177Read(t, hrev184Batch("995.00", "1995.00", hrev184Charges("5.00"),
		hrev184Tx("A", "600.00", "")+hrev184Tx("B", "300.00", "")))
	require.ErrorIs(t, err, bank.ErrFormat)
	for _, want := range []string{"BATCH-1", "900.00", "995.00", "5.00"} {
		assert.Contains(t, err.Error(), want)
	}
}

// Charges stated per transaction: amounts net of them sum to the entry,
// amounts gross sum to it with the charges put back; both are read.
func TestHrev184CamtBatchTransactionCharges(t *testing.T) {
	for name, txs := range map[string]string{
		"net":   hrev184Tx("A", "597.00", hrev184Charges("3.00")) + hrev184Tx("B", "398.00", hrev184Charges("2.00")),
		"gross": hrev184Tx("A", "600.00", hrev184Charges("3.00")) + hrev184Tx("B", "400.00", hrev184Charges("2.00")),
	} {
		s, err := hrev177Read(t, hrev184Batch("995.00", "1995.00", "", txs))
		require.NoError(t, err, name)
		assert.Equal(t, "5.00", s.Entries[0].Charges.Plain(), name)
	}
}

// A transaction without an amount (the bank gives only some) leaves the
// batch unchecked: it is read as before.
func TestHrev184CamtBatchSomeAmountsMissing(t *testing.T) {
	s, err := hrev177Read(t, hrev184Batch("400.00", "1400.00", "",
		hrev184Tx("A", "100.00", "")+hrev184Tx("B", "", "")))
	require.NoError(t, err)
	require.Len(t, s.Entries[0].Transactions, 2)
	assert.False(t, s.Entries[0].Transactions[1].Amount.IsSet())
}

// A bank marking every transaction of a debit as a credit (as PostFinance
// does) books amounts that still add up: read.
func TestHrev184CamtBatchSignTurned(t *testing.T) {
	file := hrev177Doc("08", "923.00", `
 <Ntry>
  <Amt Ccy="EUR">77.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>{STS}
  <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>BATCH-2</AcctSvcrRef>
  <NtryDtls>`+hrev184Tx("A", "50.00", "")+hrev184Tx("B", "27.00", "")+`</NtryDtls>
 </Ntry>`)
	s, err := hrev177Read(t, file)
	require.NoError(t, err)
	assert.Equal(t, "-77.00", s.Entries[0].Amount.Plain())
}
