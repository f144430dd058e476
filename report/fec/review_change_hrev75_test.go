package fec_test

// Review h-rev75 of f2a8cdf: blank Montantdevise and Idevise columns.

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lettrage/lettrage/report/fec"
)

// Passes: blank columns of spaces are no currency amount, and so is an
// amount of spaces with a code (changed after h-rev104: Odoo writes the
// currency of an exchange line beside an empty amount; it was ErrAmount);
// a code of spaces with an amount is ErrAmount.
func TestHrev75ReaderBlankDeviseColumns(t *testing.T) {
	for _, c := range [][2]string{{"  ", ""}, {"", "  "}, {"  ", "  "}, {"0,00", "  "}, {"  ", "USD"}} {
		r, err := hrev74Row(t, c[0], c[1])
		if assert.NoError(t, err, "%q %q", c[0], c[1]) {
			assert.True(t, r.Montantdevise.IsZero())
		}
	}
	for _, c := range [][2]string{{"12,50", "  "}} {
		_, err := hrev74Row(t, c[0], c[1])
		assert.ErrorIs(t, err, fec.ErrAmount, "%q %q", c[0], c[1])
	}
}
