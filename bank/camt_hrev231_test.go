package bank_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: in a netted batch where the credit transaction omits its optional TxDtls/CdtDbtInd (only the debit states DBIT), the debit's counterparty is read by the entry's direction: expected "FOURNISSEUR DELTA", got the account holder "MA SOCIETE SAS" (camt053.go buildEntry/mixedDirections needs both indicators stated)
func TestHrev231NettedBatchOneIndicatorMissing(t *testing.T) {
	in := strings.Replace(hrev229Camt08, `<ns2:Amt Ccy="EUR">1000.00</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>`, `<ns2:Amt Ccy="EUR">1000.00</ns2:Amt>`, 1)
	require.NotEqual(t, hrev229Camt08, in)
	ss, err := bank.ReadCamt053(strings.NewReader(in), bank.ReadOptions{})
	require.NoError(t, err)
	net := ss[0].Entries[0]
	require.Len(t, net.Transactions, 2)
	assert.Equal(t, "1000.00", net.Transactions[0].Amount.Plain())
	assert.Equal(t, "-300.00", net.Transactions[1].Amount.Plain())
	assert.Equal(t, "CLIENT GAMMA", net.Transactions[0].Counterparty)
	assert.Equal(t, "FOURNISSEUR DELTA", net.Transactions[1].Counterparty)
}

// Was failing, fixed: a netted batch (CRDT 1000.00, DBIT 300.00) with a third transaction of 200.00 stating no CdtDbtInd, in a CRDT entry of 900.00: the third is read as money out (mixed batch: in = CdtDbtInd == "CRDT"), so the batch sums to 500.00 and the file is refused; expected +200.00, counterparty CLIENT OMEGA, file read
func TestHrev231NettedBatchThirdWithoutIndicator(t *testing.T) {
	third := `<ns2:TxDtls>
      <ns2:Refs><ns2:EndToEndId>NET-IN-2</ns2:EndToEndId></ns2:Refs>
      <ns2:Amt Ccy="EUR">200.00</ns2:Amt>
      <ns2:RltdPties>
       <ns2:Dbtr><ns2:Pty><ns2:Nm>CLIENT OMEGA</ns2:Nm></ns2:Pty></ns2:Dbtr>
       <ns2:Cdtr><ns2:Pty><ns2:Nm>MA SOCIETE SAS</ns2:Nm></ns2:Pty></ns2:Cdtr>
      </ns2:RltdPties>
     </ns2:TxDtls>
    </ns2:NtryDtls>`
	in := strings.Replace(hrev229Camt08, `</ns2:NtryDtls>`, third, 1)
	in = strings.Replace(in, `<ns2:Amt Ccy="EUR">700.00</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>`, `<ns2:Amt Ccy="EUR">900.00</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>`, 1)
	in = strings.Replace(in, `<ns2:NbOfTxs>2</ns2:NbOfTxs><ns2:TtlAmt Ccy="EUR">700.00</ns2:TtlAmt>`, `<ns2:NbOfTxs>3</ns2:NbOfTxs><ns2:TtlAmt Ccy="EUR">900.00</ns2:TtlAmt>`, 1)
	in = strings.Replace(in, `2681.50`, `2881.50`, 1)
	ss, err := bank.ReadCamt053(strings.NewReader(in), bank.ReadOptions{})
	require.NoError(t, err)
	net := ss[0].Entries[0]
	require.Equal(t, "900.00", net.Amount.Plain())
	require.Len(t, net.Transactions, 3)
	assert.Equal(t, "200.00", net.Transactions[2].Amount.Plain())
	assert.Equal(t, "CLIENT OMEGA", net.Transactions[2].Counterparty)
	assert.Equal(t, "FOURNISSEUR DELTA", net.Transactions[1].Counterparty)
}
