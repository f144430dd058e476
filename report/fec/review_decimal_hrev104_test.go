package fec_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report/fec"
)

// Was failing, fixed: a FEC whose amounts have a decimal point ("12.34") is validated as
// compliant (rep.OK(), one CodeDecimalMark warning). doc.go justifies it:
// "Validate accepts a decimal point too, as the administration's tool
// does" — but the administration's tool refuses it since 2019: Test Compta
// Demat, DGFiP/Test-Compta-Demat src/testeur/trt_txt.pl ("RB 2019
// Interdiction du point en entree pour les formats numeriques": a numeric
// field holding "." is an "E" finding, "un format numérique avec un
// separateur , au lieu de . est attendu", counted in nb_errs, so the FEC
// is reported non-compliant), and A47 A-1 LPF wants the comma as the
// decimal separator. Expected: an error-severity finding, rep.OK() false.
func TestHrev104ValidateDecimalPointIsError(t *testing.T) {
	data := strings.Join(fec.Header[:], "|") + "\n" +
		"OD|Operations diverses|OD1|20240331|411000|Clients|C1|Smith|-|20240331|Ecart|12.34|0.00|||20240331||\n" +
		"OD|Operations diverses|OD1|20240331|766000|Gains|||-|20240331|Ecart|0.00|12.34|||20240331||\n"
	rep, err := fec.Validate(strings.NewReader(data), fec.Options{})
	require.NoError(t, err)
	require.True(t, rep.Has(fec.CodeDecimalMark), "%v", rep.Findings)
	for _, f := range rep.Findings {
		if f.Code == fec.CodeDecimalMark {
			assert.Equal(t, fec.Error, f.Severity, "%v", f)
		}
	}
	assert.False(t, rep.OK(), "%v", rep.Findings)
}
