package fec_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report/fec"
)

func sensHeaderHrev84() string {
	return strings.Replace(strings.Join(fec.Header[:], "|"), "Debit|Credit", "Montant|Sens", 1)
}

// Was failing, fixed: a zero Montantdevise written the Odoo way (" 000000000000000,00",
// a space in the sign position) with no Idevise is a CodeDevisePair error,
// while "0,00" is read as no currency amount (check.go noDevise: "a zero
// amount counts as empty") and Reader.Row reads the same line with no
// Montantdevise: noDevise does not skip the spaces parseAmount now trims
// (commit 070e3cf, doc.go "Spaces around an amount are no part of it").
// Want no error, as for "0,00".
func TestHrev84ValidateSpacedZeroMontantdevise(t *testing.T) {
	h := strings.Join(fec.Header[:], "|")
	data := h + "\n" +
		"VT|Ventes|1|20240315|706000|Prestations|||F1|20240315|Conseil|0,00| 000000000000500,00|||20240315| 000000000000000,00|\n" +
		"VT|Ventes|1|20240315|411000|Clients|C1|Durand|F1|20240315|Conseil| 000000000000500,00|0,00|||20240315| 000000000000000,00|\n"
	rep, err := fec.Validate(strings.NewReader(data), fec.Options{})
	require.NoError(t, err)
	assert.Zero(t, rep.Errors, "findings: %v", rep.Findings)
	rd := fec.NewReader(strings.NewReader(data), 0)
	require.True(t, rd.Next())
	require.True(t, rd.Next())
	r, err := rd.Row()
	require.NoError(t, err)
	assert.False(t, r.Montantdevise.IsSet(), "Reader reads no currency amount")
}

// Was failing, fixed: a bad Sens is reported with Column "Credit", a column the file does
// not have; Finding.Column is "a header name" (finding.go). Want "Sens"
// (and "Montant" for a negative Montant, not "Debit").
func TestHrev84ValidateSensFindingColumn(t *testing.T) {
	data := sensHeaderHrev84() + "\n" +
		"VT|Ventes|1|20240315|706000|Prestations|||F1|20240315|Conseil|500,00|X|||20240315||\n" +
		"VT|Ventes|1|20240315|411000|Clients|C1|Durand|F1|20240315|Conseil|-500,00|D|||20240315||\n"
	rep, err := fec.Validate(strings.NewReader(data), fec.Options{})
	require.NoError(t, err)
	var cols []string
	for _, f := range rep.Findings {
		if f.Code == fec.CodeAmount || f.Code == fec.CodeNegative {
			cols = append(cols, string(f.Code)+"@"+f.Column)
		}
	}
	assert.Equal(t, []string{"amount@Sens", "negative@Montant"}, cols, "findings: %v", rep.Findings)
}

// Was failing, fixed: Validate and Reader disagree on an amount of spaces only: Validate
// reads it as zero (check.go amount: blank is zero, "as the
// administration's tool reads it") and reports no error, Reader.Row refuses
// the line with ErrAmount; since 070e3cf spaces around an amount are no
// part of it (doc.go), so "   " is an empty amount, the unset Amount
// (parseAmountOf: "empty text is the unset Amount").
func TestHrev84ReaderBlankAmount(t *testing.T) {
	h := strings.Join(fec.Header[:], "|")
	data := h + "\n" +
		"VT|Ventes|1|20240315|706000|Prestations|||F1|20240315|Conseil|   |500,00|||20240315||\n" +
		"VT|Ventes|1|20240315|411000|Clients|C1|Durand|F1|20240315|Conseil|500,00|   |||20240315||\n"
	rep, err := fec.Validate(strings.NewReader(data), fec.Options{})
	require.NoError(t, err)
	require.Zero(t, rep.Errors, "findings: %v", rep.Findings)
	rd := fec.NewReader(strings.NewReader(data), 0)
	require.True(t, rd.Next())
	for rd.Next() {
		_, err := rd.Row()
		assert.NoError(t, err, "line %d", rd.Line())
	}
}

// The Sens form in lower case with spaces, Sens +1/-1, and the Odoo
// spaced amounts, read alike by Validate and Reader.
func TestHrev84SensVariants(t *testing.T) {
	data := strings.Replace(sensHeaderHrev84(), "Montant|Sens", "montant| SENS ", 1) + "\n" +
		"VT|Ventes|1|20240315|706000|Prestations|||F1|20240315|Conseil| 000000000000500,00| c |||20240315||\n" +
		"VT|Ventes|1|20240315|411000|Clients|C1|Durand|F1|20240315|Conseil|300,00|+1|||20240315||\n" +
		"VT|Ventes|1|20240315|411000|Clients|C1|Durand|F1|20240315|Conseil|200,00|d|||20240315||\n"
	rep, err := fec.Validate(strings.NewReader(data), fec.Options{})
	require.NoError(t, err)
	assert.Zero(t, rep.Errors, "findings: %v", rep.Findings)
	assert.Equal(t, "500.00", rep.Debit().Text('f'))
	assert.Equal(t, "500.00", rep.Credit().Text('f'))
	rd := fec.NewReader(strings.NewReader(data), 0)
	require.True(t, rd.Next())
	var got []string
	for rd.Next() {
		r, err := rd.Row()
		require.NoError(t, err)
		got = append(got, r.Debit.Plain()+"/"+r.Credit.Plain())
	}
	assert.Equal(t, []string{"0/500.00", "300.00/0", "200.00/0"}, got)
}
