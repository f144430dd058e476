package fec_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report/fec"
)

var header = strings.Join(fec.Header[:], "\t")

// line builds a valid tab line of journal jc, number num, date, account
// and amounts, the other columns filled in.
func line(jc, num, date, account, debit, credit string) string {
	return strings.Join([]string{jc, "Journal " + jc, num, date, account, "Compte", "", "", "P" + num,
		date, "Libellé", debit, credit, "", "", date, "", ""}, "\t")
}

// entry is a balanced two-line entry of 100,00.
func entry(jc, num, date string) string {
	return line(jc, num, date, "411000", "100,00", "0,00") + "\n" + line(jc, num, date, "706000", "0,00", "100,00") + "\n"
}

func validate(t *testing.T, data string, opts fec.Options) fec.Report {
	t.Helper()
	rep, err := fec.Validate(strings.NewReader(data), opts)
	require.NoError(t, err)
	return rep
}

func codes(rep fec.Report) []fec.Code {
	var cs []fec.Code
	for _, f := range rep.Findings {
		cs = append(cs, f.Code)
	}
	return cs
}

func TestValidateCases(t *testing.T) {
	h := header + "\n"
	tests := []struct {
		name string
		data string
		want []fec.Code // every finding, in order
	}{
		{"gap of two", h + entry("VT", "VT/2026/00041", "20260301") + entry("VT", "VT/2026/00044", "20260302"), []fec.Code{fec.CodeNumberGap}},
		{"gap per journal only", h + entry("VT", "VT1", "20260301") + entry("AC", "AC7", "20260301") + entry("VT", "VT2", "20260302"), nil},
		{"new prefix starts a sequence", h + entry("VT", "VT/2025/00099", "20260101") + entry("VT", "VT/2026/00001", "20260102"), nil},
		{"numbers without digits", h + entry("OD", "ABC", "20260101") + entry("OD", "ABD", "20260102"), nil},
		{"number goes back", h + entry("VT", "VT3", "20260301") + entry("VT", "VT4", "20260301") + entry("VT", "VT2", "20260302"), []fec.Code{fec.CodeNumberOrder}},
		{"dates go back", h + entry("VT", "VT1", "20260302") + entry("VT", "VT2", "20260301"), []fec.Code{fec.CodeDateOrder}},
		{"header case", strings.Replace(h, "Montantdevise", "MontantDevise", 1) + entry("VT", "1", "20260101"), []fec.Code{fec.CodeHeaderCase}},
		{"decimal point once", h + strings.ReplaceAll(entry("VT", "1", "20260101")+entry("VT", "2", "20260101"), "100,00", "100.00"), []fec.Code{fec.CodeDecimalMark}},
		{"more than cents", h + strings.ReplaceAll(entry("VT", "1", "20260101"), "100,00", "100,001"), []fec.Code{fec.CodeCents, fec.CodeCents}},
		{"trailing zeros are cents", h + strings.ReplaceAll(entry("VT", "1", "20260101"), "100,00", "100,000"), nil},
		{"zero line", h + entry("VT", "1", "20260101") + line("VT", "1", "20260101", "411000", "0,00", "0,00") + "\n", []fec.Code{fec.CodeZeroLine}},
		{"empty amounts read as zero", h + strings.ReplaceAll(entry("VT", "1", "20260101"), "\t0,00\t", "\t\t"), nil},
		{"byte order mark", "\ufeff" + h + entry("VT", "1", "20260101"), nil},
		{"CRLF", strings.ReplaceAll(h+entry("VT", "1", "20260101"), "\n", "\r\n"), nil},
		{"ISO 8859-15 text", h + strings.ReplaceAll(entry("VT", "1", "20260101"), "Libellé", "Libell\xe9"), []fec.Code{fec.CodeEncoding}},
		{"header only", h, []fec.Code{fec.CodeNoRows}},
		{"header without separator", "JournalCode JournalLib\n", []fec.Code{fec.CodeNoHeader, fec.CodeNoRows}},
		{"22 columns", header + "\tDateRglt\tModeRglt\tNatOp\tIdClient\n", []fec.Code{
			fec.CodeFieldCount, fec.CodeHeaderName, fec.CodeHeaderName, fec.CodeHeaderName, fec.CodeHeaderName, fec.CodeNoRows}},
		{"split entry", h + entry("VT", "1", "20260101") + entry("VT", "2", "20260101") + entry("VT", "1", "20260101"), []fec.Code{fec.CodeNotContiguous}},
		{"trailing sign is not an amount", h + strings.Replace(entry("VT", "1", "20260101"), "100,00", "100,00-", 1), []fec.Code{fec.CodeAmount}},
		{"exponent is not an amount", h + strings.Replace(entry("VT", "1", "20260101"), "100,00", "1E2", 1), []fec.Code{fec.CodeAmount}},
		{"date with dashes", h + strings.Replace(entry("VT", "1", "20260101"), "\t20260101\t", "\t2026-01-01\t", 1), []fec.Code{fec.CodeDate}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := validate(t, tt.data, fec.Options{})
			assert.Equal(t, tt.want, codes(rep), "%v", rep.Findings)
		})
	}
}

func TestValidateGlobalNumbering(t *testing.T) {
	data := header + "\n" + entry("VT", "1", "20260101") + entry("AC", "2", "20260101") + entry("VT", "3", "20260102")
	assert.Equal(t, []fec.Code{fec.CodeNumberGap}, codes(validate(t, data, fec.Options{})))
	assert.Empty(t, codes(validate(t, data, fec.Options{GlobalNumbering: true})))
}

func TestValidateFiscalYear(t *testing.T) {
	data := header + "\n" + entry("VT", "1", "20251231") + entry("VT", "2", "20260101") + entry("VT", "3", "20270101")
	rep := validate(t, data, fec.Options{YearStart: date(1, 1), YearEnd: date(12, 31)})
	want := []fec.Code{fec.CodeOutsideYear, fec.CodeOutsideYear, fec.CodeOutsideYear, fec.CodeOutsideYear}
	assert.Equal(t, want, codes(rep))
	assert.Equal(t, []int{2, 3, 6, 7}, []int{rep.Findings[0].Line, rep.Findings[1].Line, rep.Findings[2].Line, rep.Findings[3].Line})
	assert.Equal(t, "EcritureDate", rep.Findings[0].Column)
}

func TestValidateLineTooLong(t *testing.T) {
	long := line("VT", "1", "20260101", "411000", "100,00", "0,00") + strings.Repeat("x", 5000)
	data := header + "\n" + long + "\n" + line("VT", "1", "20260101", "706000", "0,00", "100,00") + "\n" + entry("VT", "2", "20260101")
	rep := validate(t, data, fec.Options{LineBytesMax: 1000})
	assert.Equal(t, []fec.Code{fec.CodeLineTooLong}, codes(rep), "the entry with the skipped line is not called unbalanced")
	assert.Equal(t, 2, rep.Findings[0].Line)
	assert.Equal(t, 4, rep.Lines)
}

func TestValidateBinary(t *testing.T) {
	junk := bytes.Repeat([]byte{0, 1, 2, 0xff, 0xfe, '\n', 0x7f}, 10_000)
	rep, err := fec.Validate(bytes.NewReader(junk), fec.Options{})
	require.NoError(t, err)
	assert.False(t, rep.OK())
	assert.Equal(t, fec.CodeBinary, rep.Findings[0].Code)
	assert.LessOrEqual(t, len(rep.Findings), fec.FindingsMaxDefault)
	assert.Equal(t, rep.Errors+rep.Warnings, len(rep.Findings)+rep.Dropped)
}

func TestValidateFindingsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(header + "\n")
	for i := 0; i < 100; i++ {
		b.WriteString("bad line\n")
	}
	rep := validate(t, b.String(), fec.Options{FindingsMax: 10})
	assert.Len(t, rep.Findings, 10)
	assert.Equal(t, 100, rep.Errors)
	assert.Equal(t, 90, rep.Dropped)
	assert.False(t, rep.OK())
}

type failReader struct{ n int }

func (r *failReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, errors.New("disk gone")
	}
	r.n--
	return copy(p, header+"\n"), nil
}

func TestValidateIOError(t *testing.T) {
	rep, err := fec.Validate(&failReader{n: 1}, fec.Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "disk gone")
	assert.NotErrorIs(t, err, io.EOF)
	assert.Equal(t, fec.Tab, rep.Separator)
}

func TestFindingString(t *testing.T) {
	f := fec.Finding{Line: 12, Column: "EcritureDate", Code: fec.CodeDate, Severity: fec.Error, Message: `"20260231" is not an AAAAMMJJ date`}
	assert.Equal(t, `line 12, EcritureDate: error date: "20260231" is not an AAAAMMJJ date`, f.String())
}
