package main_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Probe: export xlsx shows a zero-decimal currency (JPY) amount_currency
// with no decimals, and a three-decimal one (TND) with three.
// Expected: "12,345" and "1,234.567". Observed: as expected.
func TestHrev6ProbeExportXLSXZeroDecimalCurrency(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	csv := "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency\n" +
		"2026-03-02;VT;FA-1;Export JP;411000;C01;80,00;;JPY;12345\n" +
		"2026-03-02;VT;FA-1;Export JP;706000;;;80,00;JPY;-12345\n" +
		"2026-03-03;VT;FA-2;Export TN;411000;C02;370,37;;TND;1234,567\n" +
		"2026-03-03;VT;FA-2;Export TN;706000;;;370,37;TND;-1234,567\n"
	r := run(t, dir, csv, "import", "entries", "-")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "export", "xlsx", "--year", "2026", "-o", "x.xlsx")
	require.Equal(t, 0, r.code, r.stderr)
	f, _ := hrev4XLSXRows(t, filepath.Join(dir, "x.xlsx"))
	for cell, want := range map[string]string{"N3": "12,345", "N4": "-12,345", "N5": "1,234.567", "K3": "80.00"} {
		got, err := f.GetCellValue("Écritures", cell)
		require.NoError(t, err)
		assert.Equal(t, want, got, cell)
	}
}

// Probe: 'help' drops every spelling the flag package takes for help,
// "-h=false" included (the flag package answers ErrHelp to it as well:
// h is not a defined flag), and keeps "-" and "--".
// Expected: each prints post's usage, exit 0. Observed: as expected.
func TestHrev6ProbeHelpFalse(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for _, args := range [][]string{
		{"post", "-h=false"},
		{"help", "post", "-h=false"},
		{"help", "--help=0", "post"},
		{"help", "-json", "post"},
	} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stdout, "Usage: lettrage post", "%v", args)
	}
}

// Probe: export csv and xlsx with --from only, --to only, and both.
// Expected: the entries of the period each gives, the same count in csv
// and xlsx. Observed: as expected.
func TestHrev6ProbeExportPeriodFlags(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	var csv strings.Builder
	csv.WriteString("date;journal;ref;label;account;partner;debit;credit\n")
	for _, d := range []string{"2026-01-15", "2026-03-02", "2026-06-30", "2026-11-20"} {
		csv.WriteString(d + ";OD;Z-" + d + ";Virement;580000;;10,00;\n")
		csv.WriteString(d + ";OD;Z-" + d + ";Virement;512000;;;10,00\n")
	}
	r := run(t, dir, csv.String(), "import", "entries", "-")
	require.Equal(t, 0, r.code, r.stderr)
	for _, c := range []struct {
		flags []string
		n     string
	}{
		{[]string{"--from", "2026-03-02"}, "3 entries"},
		{[]string{"--to", "2026-03-02"}, "2 entries"},
		{[]string{"--from", "2026-03-03", "--to", "2026-06-30"}, "1 entries"},
		{nil, "4 entries"},
	} {
		args := append([]string{"export", "xlsx", "-o", "p.xlsx"}, c.flags...)
		r := run(t, dir, "", args...)
		require.Equal(t, 0, r.code, "%v: %s", c.flags, r.stderr)
		if c.n == "1 entries" {
			assert.Contains(t, r.stdout, ": 1 entr", "%v", c.flags)
		} else {
			assert.Contains(t, r.stdout, c.n, "%v", c.flags)
		}
		r = run(t, dir, "", append([]string{"export", "csv"}, c.flags...)...)
		require.Equal(t, 0, r.code, "%v: %s", c.flags, r.stderr)
		recs := strings.Split(strings.TrimSpace(r.stdout), "\n")
		want := map[string]int{"3 entries": 6, "2 entries": 4, "1 entries": 2, "4 entries": 8}[c.n]
		assert.Len(t, recs, 1+want, "%v", c.flags)
	}
}
