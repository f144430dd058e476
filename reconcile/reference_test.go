package reconcile

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// refTokens, by the text a payment carries: the keys it may name a
// document by, creditor-reference bodies marked "rf:".
func TestRefTokens(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Règlement facture n°VT/2026/00002", []string{"RÈGLEMENT", "FACTURE", "N°VT202600002", "VT202600002", "RÈGLEMENTFACTUREN°VT202600002"}},
		{"nºVT/2026/00002", []string{"NºVT202600002", "VT202600002"}},
		{"FACT VT–2026—00002", []string{"FACT", "VT202600002", "FACTVT202600002"}},
		{"VIR SEPA RF18 5390 0754 7034 CLIENT C1", []string{"VIR", "SEPA", "rf:539007547034", "CLIENT", "VIRSEPARF18539007547034CLIENTC1"}},
		// wrong check digits: the groups are words, no body is read
		{"VIR RF19 5390 0754 7034", []string{"VIR", "RF19", "5390", "0754", "7034", "VIRRF19539007547034"}},
		{"rf18 5390 0754 7034", []string{"rf:539007547034"}},
		// a decimal comma is no separator: "450" is not read from an amount
		{"#450,00 EUR", []string{"#450,00", "450,00", "EUR", "#450,00EUR"}},
	} {
		var got []string
		for _, tok := range refTokens(c.text, nil) {
			if tok.rf {
				got = append(got, "rf:"+tok.text)
			} else {
				got = append(got, tok.text)
			}
		}
		assert.Equal(t, c.want, got, c.text)
	}
}
