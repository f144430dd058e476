package bank_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
)

// hrev179Entry is a camt.053 entry debited 916,40 (a transfer of 910,40)
// whose transaction states chrgs.
func hrev179Entry(chrgs string) string {
	return `
 <Ntry>
  <Amt Ccy="EUR">916.40</Amt><CdtDbtInd>DBIT</CdtDbtInd>{STS}
  <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>OUT-179</AcctSvcrRef>
  <NtryDtls><TxDtls><Refs><EndToEndId>LTR-PAY-1</EndToEndId></Refs>
   <Amt Ccy="EUR">910.40</Amt><CdtDbtInd>DBIT</CdtDbtInd>
   <Chrgs>` + chrgs + `</Chrgs></TxDtls></NtryDtls>
 </Ntry>`
}

// Which of a Chrgs's total and its records counts: the total when it is
// in the account's currency and every record agrees with it (a debit
// included in the amount, in that currency, its tax too), else the
// records that count, each with its tax in the account's currency.
func TestHrev179CamtChargesTotalOrRecords(t *testing.T) {
	for _, c := range []struct{ name, chrgs, want string }{
		{"total with the tax the records do not itemise",
			`<TtlChrgsAndTaxAmt Ccy="EUR">6.00</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd>`, "6.00"},
		{"records with tax, no total",
			`<Rcrd><Amt Ccy="EUR">5.00</Amt><Tax><Amt Ccy="EUR">1.00</Amt></Tax></Rcrd>`, "6.00"},
		{"total in another currency: the records",
			`<TtlChrgsAndTaxAmt Ccy="USD">6.60</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy="EUR">5.00</Amt><Tax><Amt Ccy="EUR">1.00</Amt></Tax></Rcrd>`, "6.00"},
		{"a record only advised: the records included",
			`<TtlChrgsAndTaxAmt Ccy="EUR">8.00</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy="EUR">6.00</Amt></Rcrd><Rcrd><Amt Ccy="EUR">2.00</Amt><ChrgInclInd>false</ChrgInclInd></Rcrd>`, "6.00"},
		{"a record in another currency: the records in the account's",
			`<TtlChrgsAndTaxAmt Ccy="EUR">9.00</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy="EUR">6.00</Amt></Rcrd><Rcrd><Amt Ccy="USD">3.30</Amt></Rcrd>`, "6.00"},
		{"the tax in another currency: the charge alone",
			`<TtlChrgsAndTaxAmt Ccy="EUR">6.00</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy="EUR">6.00</Amt><Tax><Amt Ccy="USD">1.10</Amt></Tax></Rcrd>`, "6.00"},
		{"a refund: the records, debits less credits",
			`<TtlChrgsAndTaxAmt Ccy="EUR">8.00</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy="EUR">7.00</Amt><Tax><Amt Ccy="EUR">1.00</Amt></Tax></Rcrd><Rcrd><Amt Ccy="EUR">2.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Rcrd>`, "6.00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := hrev177Read(t, hrev177Doc("08", "83.60", hrev179Entry(c.chrgs)))
			require.NoError(t, err)
			require.Len(t, s.Entries, 1)
			assert.Equal(t, c.want, plainOr(s.Entries[0], 0))
			assert.Equal(t, c.want, plainOr(s.Entries[0], -1))
		})
	}
}

// .001.02: a Chrgs with its tax and no total counts both.
func TestHrev179CamtChargesTaxV02NoTotal(t *testing.T) {
	s, err := hrev177Read(t, hrev177Doc("02", "83.60", `
 <Ntry>
  <Amt Ccy="EUR">916.40</Amt><CdtDbtInd>DBIT</CdtDbtInd>{STS}
  <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>OUT-179</AcctSvcrRef>
  <Chrgs><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Tax><Rate>20</Rate><Amt Ccy="EUR">1.00</Amt></Tax></Chrgs>
 </Ntry>`))
	require.NoError(t, err)
	require.Len(t, s.Entries, 1)
	assert.Equal(t, "6.00", plainOr(s.Entries[0], -1))
}

// Every part of a charge is read, whether it counts or not: a tax, a
// total, a currency code that cannot be read are ErrFormat with the line.
func TestHrev179CamtChargesUnreadable(t *testing.T) {
	for _, c := range []struct{ name, chrgs string }{
		{"tax of an advised charge", `<Rcrd><Amt Ccy="EUR">5.00</Amt><ChrgInclInd>false</ChrgInclInd><Tax><Amt Ccy="EUR">x</Amt></Tax></Rcrd>`},
		{"tax in another currency", `<Rcrd><Amt Ccy="EUR">5.00</Amt><Tax><Amt Ccy="USD">-1.00</Amt></Tax></Rcrd>`},
		{"total in another currency", `<TtlChrgsAndTaxAmt Ccy="USD">abc</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy="EUR">6.00</Amt></Rcrd>`},
		// A malformed code; a well-formed code the library does not know
		// (XYZ, FRF) is another currency, not counted, and no reason to
		// refuse the statement.
		{"currency code", `<Rcrd><Amt Ccy="EU">5.00</Amt></Rcrd>`},
		{"ChrgInclInd in another currency", `<Rcrd><Amt Ccy="USD">5.00</Amt><ChrgInclInd>oui</ChrgInclInd></Rcrd>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := hrev177Read(t, hrev177Doc("08", "83.60", hrev179Entry(c.chrgs)))
			require.ErrorIs(t, err, bank.ErrFormat)
			assert.Contains(t, err.Error(), "charges")
			assert.Contains(t, err.Error(), "line ")
		})
	}
}
