package fec_test

// Review h-rev74 of 52a98d2: parseDevise refuses a malformed Montantdevise
// even without Idevise.

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report/fec"
)

// hrev74Row reads the one line whose Montantdevise and Idevise are amount
// and code.
func hrev74Row(t *testing.T, amount, code string) (fec.Row, error) {
	t.Helper()
	l := strings.TrimSuffix(line("VT", "1", "20260101", "411000", "100,00", "0,00"), "\t\t") + "\t" + amount + "\t" + code
	rd := fec.NewReader(strings.NewReader(header+"\n"+l), 0)
	require.True(t, rd.Next())
	require.True(t, rd.Next())
	return rd.Row()
}

// Passes: a zero Montantdevise with no Idevise ("0", "+0,00", "-0.0") is
// no currency amount.
func TestHrev74ReaderZeroDeviseWithoutCurrency(t *testing.T) {
	for _, z := range []string{"0", "+0,00", "-0.0", "0,00"} {
		r, err := hrev74Row(t, z, "")
		require.NoError(t, err, "Montantdevise %q", z)
		assert.True(t, r.Montantdevise.IsZero(), "Montantdevise %q", z)
	}
}

// Was failing, fixed: Expected: an empty Montantdevise with an Idevise of spaces, or a
// Montantdevise of spaces with no Idevise, reads as no currency amount (as
// before the change: both are blank columns, which Validate accepts too:
// noDevise(" ") and blank(" ")). Observed: ErrAmount: parseDevise now
// parses the amount unless both columns are exactly "", and "" or " " is
// no number, so a FEC whose blank columns hold a space (fixed-width
// exports pad them) is refused line after line though it validates.
func TestHrev74ReaderBlankDeviseColumns(t *testing.T) {
	for _, c := range [][2]string{{"", " "}, {" ", ""}, {"  ", "   "}, {"", "   "}} {
		l1 := strings.TrimSuffix(line("VT", "1", "20260101", "411000", "100,00", "0,00"), "\t\t") + "\t" + c[0] + "\t" + c[1]
		l2 := line("VT", "1", "20260101", "706000", "0,00", "100,00")
		assert.Empty(t, validate(t, header+"\n"+l1+"\n"+l2+"\n", fec.Options{}).Findings, "Validate accepts it")
		r, err := hrev74Row(t, c[0], c[1])
		if assert.NoError(t, err, "Montantdevise %q Idevise %q", c[0], c[1]) {
			assert.True(t, r.Montantdevise.IsZero())
		}
	}
}

// Passes: a non-zero Montantdevise without an Idevise is refused with
// ErrAmount (no currency to read it in).
func TestHrev74ReaderDeviseWithoutCurrencyRefused(t *testing.T) {
	for _, c := range [][2]string{{"12,50", ""}, {"12,50", " "}, {"-0,01", ""}} {
		_, err := hrev74Row(t, c[0], c[1])
		assert.ErrorIs(t, err, fec.ErrAmount, "Montantdevise %q Idevise %q", c[0], c[1])
	}
}

// Passes: Validate and the Reader agree on a malformed Montantdevise
// ("0,0,0", "-", "+-" with no Idevise): an amount finding of Validate,
// ErrAmount of the Reader.
func TestHrev74ValidateMalformedDeviseLikeTheReader(t *testing.T) {
	for _, bad := range []string{"0,0,0", "-", "+-"} {
		l1 := strings.TrimSuffix(line("VT", "1", "20260101", "411000", "100,00", "0,00"), "\t\t") + "\t" + bad + "\t"
		l2 := line("VT", "1", "20260101", "706000", "0,00", "100,00")
		_, err := hrev74Row(t, bad, "")
		require.ErrorIs(t, err, fec.ErrAmount)
		rep := validate(t, header+"\n"+l1+"\n"+l2+"\n", fec.Options{})
		assert.NotEmpty(t, rep.Findings, "Montantdevise %q: the Reader refuses it", bad)
	}
}
