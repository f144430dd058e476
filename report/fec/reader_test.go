package fec_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report/fec"
)

func TestReaderRowErrors(t *testing.T) {
	ok := line("VT", "1", "20260101", "411000", "100,00", "0,00")
	tests := []struct {
		name string
		line string
		want error
	}{
		{"17 fields", ok[:strings.LastIndexByte(ok, '\t')], fec.ErrFieldCount},
		{"31 February", strings.Replace(ok, "20260101", "20260231", 1), fec.ErrDate},
		{"thousands separator", strings.Replace(ok, "100,00", "1 100,00", 1), fec.ErrAmount},
		{"tenth of a cent", strings.Replace(ok, "100,00", "100,001", 1), fec.ErrAmount},
		{"NUL byte", strings.Replace(ok, "Libellé", "Lib\x00", 1), fec.ErrBinary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd := fec.NewReader(strings.NewReader(header+"\n"+tt.line+"\n"), 0)
			require.True(t, rd.Next())
			require.True(t, rd.Next())
			_, err := rd.Row()
			assert.ErrorIs(t, err, tt.want)
		})
	}
}

func TestReaderRowUnknownCurrency(t *testing.T) {
	l := strings.TrimSuffix(line("VT", "1", "20260101", "411000", "100,00", "0,00"), "\t\t") + "\t12,345\tXBT"
	rd := fec.NewReader(strings.NewReader(header+"\n"+l), 0)
	require.True(t, rd.Next())
	require.True(t, rd.Next())
	row, err := rd.Row()
	require.NoError(t, err)
	assert.Equal(t, "XBT", row.Idevise())
	assert.Equal(t, "12.345", row.Montantdevise.Plain())
	assert.False(t, rd.Next(), "the last line needs no line break")
}

func TestReaderLongLineSkipped(t *testing.T) {
	data := header + "\n" + strings.Repeat("x", 100) + "\nVT\n"
	rd := fec.NewReader(strings.NewReader(data), 16)
	require.True(t, rd.Next())
	_, err := rd.Fields()
	assert.ErrorIs(t, err, fec.ErrLineTooLong, "the header is longer than 16 bytes too")
	require.True(t, rd.Next())
	_, err = rd.Fields()
	assert.ErrorIs(t, err, fec.ErrLineTooLong)
	require.True(t, rd.Next())
	f, err := rd.Fields()
	require.NoError(t, err)
	assert.Equal(t, []string{"VT"}, f)
	assert.Equal(t, 3, rd.Line())
	assert.False(t, rd.Next())
}

// A zero Montantdevise with no Idevise, as several programs write on lines
// in euros, reads as no currency amount, as Validate reads it; a non-zero
// amount without its currency stays an error.
func TestReaderZeroDeviseWithoutCurrency(t *testing.T) {
	for _, zero := range []string{"0", "0,00", "0.00", "-0,00"} {
		l := strings.TrimSuffix(line("VT", "1", "20260101", "411000", "100,00", "0,00"), "\t\t") + "\t" + zero + "\t"
		rd := fec.NewReader(strings.NewReader(header+"\n"+l), 0)
		require.True(t, rd.Next())
		require.True(t, rd.Next())
		row, err := rd.Row()
		require.NoError(t, err, zero)
		assert.False(t, row.Montantdevise.IsSet(), zero)
		assert.Equal(t, "", row.Idevise(), zero)
	}
	l := strings.TrimSuffix(line("VT", "1", "20260101", "411000", "100,00", "0,00"), "\t\t") + "\t12,00\t"
	rd := fec.NewReader(strings.NewReader(header+"\n"+l), 0)
	require.True(t, rd.Next())
	require.True(t, rd.Next())
	_, err := rd.Row()
	assert.ErrorIs(t, err, fec.ErrAmount)
}
