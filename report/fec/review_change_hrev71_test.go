package fec_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report/fec"
)

// Was failing, fixed: Expected: a Montantdevise that is no number at all ("-", ",",
// "+-", "0,0,0") is ErrAmount, as it was before the change and as any
// other malformed amount of the file is: only a zero amount with no
// Idevise reads as no currency amount (the godoc: "a zero amount with no
// code"). Observed: Row returns no error and an unset Montantdevise:
// parseDevise now skips the amount whenever noDevise says so, and
// noDevise (Validate's test for "empty or zero") takes any string of 0 , .
// + - characters, so garbage in the column is silently read as nothing.
func TestHrev71ReaderMalformedDeviseWithoutCurrency(t *testing.T) {
	for _, bad := range []string{"-", ",", "+-", "0,0,0", "00-"} {
		l := strings.TrimSuffix(line("VT", "1", "20260101", "411000", "100,00", "0,00"), "\t\t") + "\t" + bad + "\t"
		rd := fec.NewReader(strings.NewReader(header+"\n"+l), 0)
		require.True(t, rd.Next())
		require.True(t, rd.Next())
		_, err := rd.Row()
		assert.ErrorIs(t, err, fec.ErrAmount, "Montantdevise %q", bad)
	}
}
