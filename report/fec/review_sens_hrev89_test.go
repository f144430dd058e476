package fec_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report/fec"
)

// Was failing, fixed: in the Montant/Sens form, a finding about the amount of a credit
// line (Sens C or -1) names the Sens column: Montant "-500,00" with Sens
// C is reported as `Sens "-500,00" is negative` with Column "Sens", and a
// Montant "500.001" with Sens -1 as `Sens "500.001" has more than two
// decimals`; checkAmounts moves the Montant into the Credit slot and
// v.name(colCredit) is "Sens". The amount at fault is in Montant
// whichever its direction. Expected: Column "Montant" and the message
// naming Montant, as for a debit line; source: finding.go (Column is the
// header name of the column at fault), TestHrev84ValidateSensFindingColumn
// ("negative@Montant" on a D line), A47 A-1 LPF (Montant and Sens are
// two columns, the amount in the first).
func TestHrev89ValidateSensCreditAmountFindingColumn(t *testing.T) {
	h := strings.Replace(strings.Join(fec.Header[:], "|"), "Debit|Credit", "Montant|Sens", 1)
	data := h + "\n" +
		"VT|Ventes|1|20240315|706000|Prestations|||F1|20240315|Conseil|-500,00|C|||20240315||\n" +
		"VT|Ventes|1|20240315|411000|Clients|C1|Durand|F1|20240315|Conseil|500,00|D|||20240315||\n" +
		"VT|Ventes|2|20240316|706000|Prestations|||F2|20240316|Conseil|500,001|-1|||20240316||\n" +
		"VT|Ventes|2|20240316|411000|Clients|C1|Durand|F2|20240316|Conseil|500,001|+1|||20240316||\n"
	rep, err := fec.Validate(strings.NewReader(data), fec.Options{})
	require.NoError(t, err)
	var got []string
	for _, f := range rep.Findings {
		if f.Code == fec.CodeNegative || f.Code == fec.CodeCents {
			got = append(got, string(f.Code)+"@"+f.Column)
			assert.NotContains(t, f.Message, "Sens", "line %d: %s", f.Line, f.Message)
		}
	}
	assert.Equal(t, []string{"negative@Montant", "cents@Montant", "cents@Montant"}, got, "findings: %v", rep.Findings)
}
