package bank_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
)

// hrev193Tx is a transaction with its amounts given as raw elements.
func hrev193Tx(id, amounts string) string {
	return `<TxDtls><Refs><EndToEndId>` + id + `</EndToEndId></Refs>` + amounts +
		`<RltdPties><Dbtr><Pty><Nm>Client ` + id + `</Nm></Pty></Dbtr></RltdPties></TxDtls>`
}

// Two USD transfers credited in euros: Amt in USD, AmtDtls/TxAmt in EUR
// summing to the entry: read, each with its euro amount.
func TestHrev193CamtBatchForeignTransactions(t *testing.T) {
	txs := hrev193Tx("A", `<Amt Ccy="USD">550.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><AmtDtls><InstdAmt><Amt Ccy="USD">550.00</Amt></InstdAmt><TxAmt><Amt Ccy="EUR">500.00</Amt></TxAmt></AmtDtls>`) +
		hrev193Tx("B", `<Amt Ccy="USD">330.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><AmtDtls><InstdAmt><Amt Ccy="USD">330.00</Amt></InstdAmt><TxAmt><Amt Ccy="EUR">300.00</Amt></TxAmt></AmtDtls>`)
	s, err := hrev177Read(t, hrev184Batch("800.00", "1800.00", "", txs))
	require.NoError(t, err)
	require.Len(t, s.Entries[0].Transactions, 2)
	assert.Equal(t, "500.00", s.Entries[0].Transactions[0].Amount.Plain())
	assert.Equal(t, "300.00", s.Entries[0].Transactions[1].Amount.Plain())

	// The euro amounts not adding up: refused.
	bad := hrev193Tx("A", `<Amt Ccy="USD">550.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><AmtDtls><TxAmt><Amt Ccy="EUR">500.00</Amt></TxAmt></AmtDtls>`) +
		hrev193Tx("B", `<Amt Ccy="USD">330.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><AmtDtls><TxAmt><Amt Ccy="EUR">200.00</Amt></TxAmt></AmtDtls>`)
	_, err = hrev177Read(t, hrev184Batch("800.00", "1800.00", "", bad))
	require.ErrorIs(t, err, bank.ErrFormat)

	// A mix: one transaction gives only USD: unchecked, read.
	mix := hrev193Tx("A", `<Amt Ccy="USD">550.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>`) + hrev184Tx("B", "123.00", "")
	s, err = hrev177Read(t, hrev184Batch("800.00", "1800.00", "", mix))
	require.NoError(t, err)
	assert.False(t, s.Entries[0].Transactions[0].Amount.IsSet())
}

// An outgoing batch debited 905,00: 600,00 + 300,00 of transfers and
// 5,00 of charges at entry level: read; a zero transaction in a batch
// leaves it as read.
func TestHrev193CamtDebitBatchWithCharges(t *testing.T) {
	file := hrev177Doc("08", "95.00", `
 <Ntry>
  <Amt Ccy="EUR">905.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>{STS}
  <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>OUT-1</AcctSvcrRef>
  `+hrev184Charges("5.00")+`
  <NtryDtls>`+
		hrev193Tx("A", `<Amt Ccy="EUR">600.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>`)+
		hrev193Tx("B", `<Amt Ccy="EUR">300.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>`)+`</NtryDtls>
 </Ntry>`)
	s, err := hrev177Read(t, file)
	require.NoError(t, err)
	assert.Equal(t, "-905.00", s.Entries[0].Amount.Plain())
	assert.Equal(t, "5.00", s.Entries[0].Charges.Plain())

	s, err = hrev177Read(t, hrev184Batch("400.00", "1400.00", "",
		hrev184Tx("A", "400.00", "")+hrev184Tx("B", "0.00", "")))
	require.NoError(t, err)
	require.Len(t, s.Entries[0].Transactions, 2)
}

// A reversal (RvslInd) of an outgoing batch: credited 77,00, its
// transactions still marked as the debits they reverse: read, a reversal.
func TestHrev193CamtReversalBatch(t *testing.T) {
	file := hrev177Doc("08", "1077.00", `
 <Ntry>
  <Amt Ccy="EUR">77.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>true</RvslInd>{STS}
  <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>RVSL-1</AcctSvcrRef>
  <NtryDtls>`+
		hrev193Tx("A", `<Amt Ccy="EUR">50.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>`)+
		hrev193Tx("B", `<Amt Ccy="EUR">27.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>`)+`</NtryDtls>
 </Ntry>`)
	s, err := hrev177Read(t, file)
	require.NoError(t, err)
	assert.True(t, s.Entries[0].Reversal)
	assert.Equal(t, "77.00", s.Entries[0].Amount.Plain())
}

// camt.053.001.02: amounts in AmtDtls/TxAmt only, no indicator, each
// transaction with its .02 Chrgs; net of them they sum to the entry.
func TestHrev193CamtBatchV02(t *testing.T) {
	ch := func(a string) string {
		return `<Chrgs><Amt Ccy="EUR">` + a + `</Amt><CdtDbtInd>DBIT</CdtDbtInd></Chrgs>`
	}
	file := hrev177Doc("02", "1995.00", `
 <Ntry>
  <Amt Ccy="EUR">995.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>{STS}
  <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>B02</AcctSvcrRef>
  <NtryDtls>`+
		hrev193Tx("A", `<AmtDtls><TxAmt><Amt Ccy="EUR">600.00</Amt></TxAmt></AmtDtls>`+ch("3.00"))+
		hrev193Tx("B", `<AmtDtls><TxAmt><Amt Ccy="EUR">400.00</Amt></TxAmt></AmtDtls>`+ch("2.00"))+`</NtryDtls>
 </Ntry>`)
	s, err := hrev177Read(t, file)
	require.NoError(t, err)
	assert.Equal(t, "5.00", s.Entries[0].Charges.Plain())

	// A batch with no reference: the error names it "-" and the amounts.
	_, err = hrev177Read(t, hrev177Doc("08", "1400.00", `
 <Ntry>
  <Amt Ccy="EUR">400.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>{STS}
  <BookgDt><Dt>2026-03-05</Dt></BookgDt>
  <NtryDtls>`+hrev184Tx("A", "100.00", "")+hrev184Tx("B", "200.00", "")+`</NtryDtls>
 </Ntry>`))
	require.ErrorIs(t, err, bank.ErrFormat)
	assert.Contains(t, err.Error(), "300.00")
	assert.Contains(t, err.Error(), "line ")
}
