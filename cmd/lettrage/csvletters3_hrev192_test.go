package main_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// export xlsx carries letter, letter_date and generated as export csv
// does.
func TestHrev192XLSXCarriesLetterColumns(t *testing.T) {
	dir := hrev192Mixed(t)
	hrev183Step(t, dir, "export", "xlsx", "-o", "e.xlsx")
	f, err := excelize.OpenFile(dir + "/e.xlsx")
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("Écritures", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	hdr := rows[1]
	col := func(name string) int {
		for i, h := range hdr {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, hdr)
		return -1
	}
	l, ld, g := col("letter"), col("letter_date"), col("generated")
	var disc []string
	for _, r := range rows[2:] {
		if len(r) > g && r[1] == "VT/2026/00012" {
			disc = r
			break
		}
	}
	require.NotNil(t, disc, "the discount entry")
	assert.Equal(t, "AAA", disc[l])
	assert.Equal(t, "yes", disc[g])
	shown, err := f.GetCellValue("Écritures", fmt.Sprintf("%c%d", 'A'+ld, 3))
	require.NoError(t, err)
	assert.Equal(t, "15/03/2026", shown, "FA-1's letter date, a date cell")
}

// Cost: a file of 3 000 lettered entries imports in comparable time
// with and without its letter column (logged, not asserted).
func TestHrev192LetteredImportCost(t *testing.T) {
	const n = 1500
	code := func(k int) string {
		return string([]byte{byte('A' + k/676%26), byte('A' + k/26%26), byte('A' + k%26)})
	}
	var with, without strings.Builder
	hdr := "date;journal;ref;label;account;partner;debit;credit;letter\n"
	with.WriteString(hdr)
	without.WriteString(hdr)
	for k := 0; k < n; k++ {
		d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, k*200/n).Format("2006-01-02")
		p := fmt.Sprintf("C%02d", 1+k%3)
		c := code(k / 3)
		for _, b := range []*strings.Builder{&with, &without} {
			cc := c
			if b == &without {
				cc = ""
			}
			fmt.Fprintf(b, "%s;VT;FA-%d;F;411000;%s;%d,00;;%s\n%s;VT;FA-%d;F;706000;;;%d,00;\n", d, k, p, 100+k, cc, d, k, 100+k)
		}
	}
	for k := 0; k < n; k++ {
		d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 30+k*200/n).Format("2006-01-02")
		p := fmt.Sprintf("C%02d", 1+k%3)
		c := code(k / 3)
		for _, b := range []*strings.Builder{&with, &without} {
			cc := c
			if b == &without {
				cc = ""
			}
			fmt.Fprintf(b, "%s;BQD;VIR-%d;R;512000;;%d,00;;\n%s;BQD;VIR-%d;R;411000;%s;;%d,00;%s\n", d, k, 100+k, d, k, p, 100+k, cc)
		}
	}
	dir := newBook(t)
	hrev192Write(t, dir, "with.csv", with.String())
	hrev192Write(t, dir, "without.csv", without.String())
	hrev192Fresh(t, dir, "b2.db")
	t0 := time.Now()
	hrev183Step(t, dir, "import", "entries", "without.csv")
	plain := time.Since(t0)
	t0 = time.Now()
	out := hrev183Step(t, dir, "import", "entries", "with.csv", "--book", "b2.db")
	lettered := time.Since(t0)
	t.Logf("import of %d entries: without letters %v, with %d letter codes %v (%.1fx)", 2*n, plain, n, lettered, float64(lettered)/float64(plain))
	assert.Contains(t, out, fmt.Sprintf("%d letter codes lettered", n))
}
