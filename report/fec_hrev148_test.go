package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hrev148FEC(t *testing.T, book *ledger.Book, year string, sep fec.Separator) (report.FECSummary, []byte, [][]string) {
	t.Helper()
	var buf bytes.Buffer
	sum, err := report.WriteFEC(ctx, book, year, &buf, report.FECOptions{Separator: sep})
	require.NoError(t, err)
	var rows [][]string
	for i, l := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		f := strings.Split(strings.TrimSuffix(l, "\r"), string(rune(sep)))
		require.Len(t, f, 18, "line %d: %q", i+1, l)
		rows = append(rows, f)
	}
	return sum, buf.Bytes(), rows
}

// The 2026 FEC: header, totals, numbering, foreign columns, letters; the
// validator accepts it, tab or pipe.
func TestHrev148FEC2026(t *testing.T) {
	book := hrev148Book(t)
	for _, sep := range []fec.Separator{fec.Tab, fec.Pipe} {
		sum, raw, rows := hrev148FEC(t, book, "2026", sep)
		assert.Equal(t, fec.Header[:], rows[0])
		assert.Equal(t, "5183.64", sum.Debit.Plain())
		assert.Equal(t, "5183.64", sum.Credit.Plain())
		assert.Equal(t, 10, sum.Entries)
		assert.Equal(t, 23, sum.Lines)
		assert.Equal(t, 24, len(rows))

		// EcritureNum: one entry's lines together, one journal and date each, never met again.
		seen := map[string]bool{}
		prev := ""
		var order []string
		for _, r := range rows[1:] {
			if r[2] != prev {
				require.False(t, seen[r[2]], "EcritureNum %s split", r[2])
				seen[r[2]] = true
				order = append(order, r[2])
				prev = r[2]
			}
			assert.True(t, strings.HasPrefix(r[2], r[0]+"/"), r[2])
			assert.Len(t, r[3], 8)
			assert.Len(t, r[15], 8)
			assert.NotContains(t, r[11], ".")
			assert.NotContains(t, r[12], ".")
			// Foreign columns only on the USD lines.
			if r[2] == "VT/2026/00002" || r[2] == "BQ/2026/00002" {
				assert.Equal(t, "USD", r[17], "%v", r)
			} else {
				assert.Equal(t, "", r[16], "%v", r)
				assert.Equal(t, "", r[17], "%v", r)
			}
			if r[10] != "" && strings.HasPrefix(r[10], "Facture \"sp") {
				want := `Facture "spéciale"; réf|A 'été'`
				if sep == fec.Pipe {
					want = `Facture "spéciale"; réf A 'été'` // the separator replaced
				}
				assert.Equal(t, want, r[10])
			}
		}
		assert.Equal(t, []string{"AN/2026/00001", "VT/2026/00001", "VT/2026/00002", "AC/2026/00001", "BQ/2026/00001",
			"BQ/2026/00002", "CHG/2026/00001", "BQ/2026/00003", "OD/2026/00001", "OD/2026/00002"}, order)

		rep, err := fec.Validate(bytes.NewReader(raw), fec.Options{YearStart: date(2026, 1, 1), YearEnd: date(2026, 12, 31), FileName: fec.FileName("732829320", date(2026, 12, 31))})
		require.NoError(t, err)
		assert.True(t, rep.OK(), "%v", rep.Findings)
		assert.Empty(t, rep.Findings)
		assert.Equal(t, "5183.64", rep.Debit().Text('f'))
		assert.Equal(t, "5183.64", rep.Credit().Text('f'))

		// One amount changed: refused as unbalanced.
		s := string(raw)
		sp := string(rune(sep))
		bad := strings.Replace(s, sp+"Farine"+sp+"300,00"+sp+"0,00"+sp, sp+"Farine"+sp+"300,01"+sp+"0,00"+sp, 1)
		require.NotEqual(t, s, bad)
		rep, err = fec.Validate(strings.NewReader(bad), fec.Options{})
		require.NoError(t, err)
		assert.False(t, rep.OK())
		assert.True(t, rep.Has(fec.CodeUnbalanced), "%v", rep.Findings)
	}
}

// The 2025 FEC: the invoice lettered on 15/01/2026 has no letter in 2025;
// the 2026 FEC's opening carries it with its letter.
func TestHrev148FEC2025LettersAfterYearEnd(t *testing.T) {
	book := hrev148Book(t)
	sum, raw, rows := hrev148FEC(t, book, "2025", fec.Pipe)
	assert.Equal(t, "1200.00", sum.Debit.Plain())
	require.Len(t, rows, 4)
	assert.Equal(t, []string{"VT", "Ventes", "VT/2025/00001", "20251231", "411000", "Clients", "C1", `Dupont; "Frères" SARL`,
		"VT/2025/00001", "20251231", "Facture F25-31", "1200,00", "0,00", "", "", "20260101", "", ""}, rows[1])
	rep, err := fec.Validate(bytes.NewReader(raw), fec.Options{YearStart: date(2025, 1, 1), YearEnd: date(2025, 12, 31)})
	require.NoError(t, err)
	assert.True(t, rep.OK(), "%v", rep.Findings)
	_, _, rows = hrev148FEC(t, book, "2026", fec.Pipe)
	assert.Equal(t, []string{"AN", "A nouveaux", "AN/2026/00001", "20260101", "411000", "Clients", "C1", `Dupont; "Frères" SARL`,
		"VT/2025/00001", "20251231", "Facture F25-31", "1200,00", "0,00", "AAA", "20260115", "20260101", "", ""}, rows[2])
}

// An entry posted late in the evening of 31 March (UTC) was recorded on
// 1 April in Paris: ValidDate 20260401.
func TestHrev148FECValidDateParis(t *testing.T) {
	now := time.Date(2026, 3, 31, 22, 30, 0, 0, time.UTC)
	book := must(ledger.Create(ctx, memstoreNew(), ledger.Options{Currency: eur, Clock: func() time.Time { return now }}))
	check(book.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	check(book.InstallFrenchChart(ctx))
	must(book.Post(ctx, journal.Entry{Journal: "OD", Date: date(2026, 3, 31), Label: "Frais", Lines: []journal.Line{
		{Account: "627000", Balance: e("50.00")}, {Account: "512000", Balance: e("-50.00")}}}))
	_, _, rows := hrev148FEC(t, book, "2026", fec.Tab)
	require.Len(t, rows, 3)
	assert.Equal(t, "20260331", rows[1][3])
	assert.Equal(t, "20260401", rows[1][15])
}

func memstoreNew() store.Store { return memstore.New() }
