package fec_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/report/fec"
)

var (
	eur = currency.MustLookup("EUR")
	usd = currency.MustLookup("USD")
	jpy = currency.MustLookup("JPY")
)

var gold, _ = currency.NewUnit("GOLD", 3)

func date(m time.Month, d int) journal.Date { return journal.MustDate(2026, m, d) }

// sampleRows is an invoice in USD lettered with its payment, and a
// purchase in JPY whose texts hold separators and line breaks.
func sampleRows() []fec.Row {
	inv := fec.Row{JournalCode: "VT", JournalLib: "Ventes", EcritureNum: "VT/2026/00001",
		EcritureDate: date(3, 15), PieceRef: "F1", PieceDate: date(3, 15),
		EcritureLib: "Facture 1", ValidDate: date(3, 16)}
	c1 := inv
	c1.CompteNum, c1.CompteLib, c1.CompAuxNum, c1.CompAuxLib = "411000", "Clients", "C001", "Smith Ltd"
	c1.Debit, c1.Montantdevise = currency.MustParse(eur, "1012.50"), currency.MustParse(usd, "1100")
	c1.EcritureLet, c1.DateLet = "AA", date(4, 10)
	c2 := inv
	c2.CompteNum, c2.CompteLib = "706000", "Prestations"
	c2.Credit, c2.Montantdevise = currency.MustParse(eur, "1012.50"), currency.MustParse(usd, "-1100")
	pay := fec.Row{JournalCode: "BQ", JournalLib: "Banque", EcritureNum: "BQ1",
		EcritureDate: date(4, 10), PieceRef: "VIR 1", PieceDate: date(4, 10),
		EcritureLib: "Règlement\tSmith|Ltd\r\nmerci", ValidDate: date(4, 10)}
	p1 := pay
	p1.CompteNum, p1.CompteLib, p1.Debit = "512000", "Banque", currency.MustParse(eur, "1012.50")
	p2 := pay
	p2.CompteNum, p2.CompteLib, p2.CompAuxNum, p2.CompAuxLib = "411000", "Clients", "C001", "Smith Ltd"
	p2.Credit, p2.EcritureLet, p2.DateLet = currency.MustParse(eur, "1012.50"), "AA", date(4, 10)
	buy := fec.Row{JournalCode: "AC", JournalLib: "Achats", EcritureNum: "AC-7",
		EcritureDate: date(5, 2), PieceRef: "JP-9", PieceDate: date(4, 30),
		EcritureLib: "Composants", ValidDate: date(5, 2)}
	b1 := buy
	b1.CompteNum, b1.CompteLib = "601000", "Achats"
	b1.Debit, b1.Montantdevise = currency.MustParse(eur, "61"), currency.MustParse(jpy, "10000")
	b2 := buy
	b2.CompteNum, b2.CompteLib, b2.CompAuxNum, b2.CompAuxLib = "401000", "Fournisseurs", "F9", "Kabushiki"
	b2.Credit, b2.Montantdevise = currency.MustParse(eur, "61"), currency.MustParse(jpy, "-10000")
	return []fec.Row{c1, c2, p1, p2, b1, b2}
}

func writeRows(t *testing.T, sep fec.Separator, rows []fec.Row) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := fec.NewWriter(&buf, sep)
	for _, r := range rows {
		require.NoError(t, w.Write(r))
	}
	require.NoError(t, w.Flush())
	assert.Equal(t, len(rows), w.Rows())
	return buf.Bytes()
}

// TestRoundTrip writes rows, validates the file (no finding at all) and
// reads the rows back, texts with their separators and breaks made spaces.
func TestRoundTrip(t *testing.T) {
	for _, sep := range []fec.Separator{fec.Tab, fec.Pipe} {
		t.Run(sep.String(), func(t *testing.T) {
			rows := sampleRows()
			data := writeRows(t, sep, rows)
			rep, err := fec.Validate(bytes.NewReader(data), fec.Options{YearStart: date(1, 1), YearEnd: date(12, 31)})
			require.NoError(t, err)
			assert.Empty(t, rep.Findings)
			assert.Equal(t, 6, rep.Lines)
			assert.Equal(t, 3, rep.Entries)
			assert.Equal(t, sep, rep.Separator)

			rd := fec.NewReader(bytes.NewReader(data), 0)
			require.True(t, rd.Next())
			_, err = rd.Row()
			assert.ErrorIs(t, err, fec.ErrHeaderLine)
			for i, want := range rows {
				require.True(t, rd.Next())
				got, err := rd.Row()
				require.NoError(t, err, "line %d", rd.Line())
				if i == 2 || i == 3 {
					want.EcritureLib = "Règlement Smith Ltd  merci"
					if sep == fec.Tab {
						want.EcritureLib = "Règlement Smith|Ltd  merci"
					}
				}
				assertRowEqual(t, want, got)
			}
			assert.False(t, rd.Next())
			assert.NoError(t, rd.Err())
		})
	}
}

func assertRowEqual(t *testing.T, want, got fec.Row) {
	t.Helper()
	for _, a := range []struct{ w, g currency.Amount }{
		{want.Debit, got.Debit}, {want.Credit, got.Credit}, {want.Montantdevise, got.Montantdevise},
	} {
		if a.w.IsSet() || a.g.IsSet() {
			assert.True(t, a.w.Equal(a.g) || (a.w.IsZero() && a.g.IsZero()), "%s vs %s", a.w, a.g)
		}
	}
	want.Debit, want.Credit, want.Montantdevise = currency.Amount{}, currency.Amount{}, currency.Amount{}
	got.Debit, got.Credit, got.Montantdevise = currency.Amount{}, currency.Amount{}, currency.Amount{}
	assert.Equal(t, want, got)
}

func TestWriterFormat(t *testing.T) {
	data := string(writeRows(t, fec.Pipe, sampleRows()[4:5]))
	lines := strings.Split(data, "\n")
	require.Len(t, lines, 3) // header, row, "" after the last LF
	assert.Equal(t, strings.Join(fec.Header[:], "|"), lines[0])
	assert.Equal(t, "AC|Achats|AC-7|20260502|601000|Achats|||JP-9|20260430|Composants|61,00|0,00|||20260502|10000|JPY", lines[1])
}

func TestWriterEmpty(t *testing.T) {
	data := writeRows(t, fec.Tab, nil)
	assert.Equal(t, strings.Join(fec.Header[:], "\t")+"\n", string(data))
	rep, err := fec.Validate(bytes.NewReader(data), fec.Options{})
	require.NoError(t, err)
	assert.True(t, rep.OK())
	assert.True(t, rep.Has(fec.CodeNoRows))
}

func TestWriterRejects(t *testing.T) {
	tests := []struct {
		name   string
		change func(*fec.Row)
		want   error
	}{
		{"empty JournalLib", func(r *fec.Row) { r.JournalLib = " " }, fec.ErrRequired},
		{"no ValidDate", func(r *fec.Row) { r.ValidDate = journal.Date{} }, fec.ErrRequired},
		{"JournalCode of separators", func(r *fec.Row) { r.JournalCode = "\t|\n" }, fec.ErrRequired},
		{"Montantdevise in a unit", func(r *fec.Row) { r.Montantdevise = currency.MustParse(gold, "1") }, fec.ErrCurrency},
		{"class 9 account", func(r *fec.Row) { r.CompteNum = "906" }, fec.ErrAccount},
		{"two-digit account", func(r *fec.Row) { r.CompteNum = "41" }, fec.ErrAccount},
		{"debit in USD", func(r *fec.Row) { r.Debit = currency.MustParse(usd, "1") }, fec.ErrCurrency},
		{"negative debit", func(r *fec.Row) { r.Debit = currency.MustParse(eur, "-1") }, fec.ErrNegative},
		{"both sides", func(r *fec.Row) { r.Credit = currency.MustParse(eur, "1") }, fec.ErrBothSides},
		{"aux without label", func(r *fec.Row) { r.CompAuxLib = "" }, fec.ErrPair},
		{"letter without date", func(r *fec.Row) { r.DateLet = journal.Date{} }, fec.ErrPair},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := sampleRows()[0]
			tt.change(&row)
			var buf bytes.Buffer
			w := fec.NewWriter(&buf, fec.Tab)
			err := w.Write(row)
			assert.ErrorIs(t, err, tt.want)
			assert.Zero(t, w.Rows())
			assert.Zero(t, buf.Len(), "nothing written")
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriterIOError(t *testing.T) {
	w := fec.NewWriter(failWriter{}, fec.Tab)
	require.NoError(t, w.Write(sampleRows()[0])) // buffered
	err := w.Flush()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "disk full")
	assert.Equal(t, err, w.Write(sampleRows()[1]), "the error sticks")
}

func TestNewWriterPanicsOnSeparator(t *testing.T) {
	assert.Panics(t, func() { fec.NewWriter(&bytes.Buffer{}, fec.Separator(';')) })
}

func TestFileName(t *testing.T) {
	assert.Equal(t, "123456782FEC20261231", fec.FileName("123456782", date(12, 31)))
	assert.Panics(t, func() { fec.FileName("123456782", journal.Date{}) })
}

func TestCheckSIREN(t *testing.T) {
	assert.NoError(t, fec.CheckSIREN("123456782"))
	assert.NoError(t, fec.CheckSIREN("732829320"))
	for _, s := range []string{"", "123456789", "12345678", "1234567820", "12345678a"} {
		assert.ErrorIs(t, fec.CheckSIREN(s), fec.ErrSIREN, s)
	}
}
