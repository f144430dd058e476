package main_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// export xlsx gives every amount column the number format "#,##0.00"
// ("shown with two decimals"), amount_currency included, whatever its
// currency's minor units. A Tunisian dinar (three decimals) amount of
// 1 234,567 TND is shown 1,234.57: another amount than the book's, and
// two different amounts (…,561 and …,565) show alike. The cell's raw
// value is exact; what the user reads (and prints) is not.
//
// Expected: the amount_currency cell shows 1,234.567 (the currency's
// digits), as export csv writes "1234.567".
// Observed: "1,234.57".
func TestHrev4ExportXLSXThreeDecimalCurrencyShown(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	csv := "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency\n" +
		"2026-03-02;VT;FA-1;Export TN;411000;C01;370,37;;TND;1234,567\n" +
		"2026-03-02;VT;FA-1;Export TN;706000;;;370,37;TND;-1234,567\n"
	r := run(t, dir, csv, "import", "entries", "-")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "export", "csv", "--year", "2026")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, ";TND;1234.567;")
	r = run(t, dir, "", "export", "xlsx", "--year", "2026", "-o", "tnd.xlsx")
	require.Equal(t, 0, r.code, r.stderr)
	f, _ := hrev4XLSXRows(t, filepath.Join(dir, "tnd.xlsx"))
	shown, err := f.GetCellValue("Écritures", "N3")
	require.NoError(t, err)
	assert.Equal(t, "1,234.567", shown, "the amount as the book holds it")
}
