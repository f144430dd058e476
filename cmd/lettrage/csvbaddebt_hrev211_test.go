package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev211Own is the target book's own invoice to C02, 2 400,00 as FA-2.
const hrev211Own = "date;journal;ref;label;account;partner;debit;credit;tax\n" +
	"2026-02-05;VT;FX-9;Facture FX-9;411000;C02;2400,00;;\n" +
	"2026-02-05;VT;FX-9;Facture FX-9;706000;;;2000,00;TVA20\n" +
	"2026-02-05;VT;FX-9;Facture FX-9;445710;;;400,00;TVA20\n"

// FA-2 paid 400,00 in March (the March file exported then: an open
// group) and its rest written off as a bad debt in June, the June file
// naming it by its number in the source. Imported in order into a book
// whose own FX-9 of C02 (numbered as FA-2 in the source) has the same
// 2 000,00 open: the bad debt is written off anew on FA-2, the one
// invoice of the group the March file's import lettered, never on FX-9;
// imported again, nothing more.
func TestHrev211BadDebtOfEarlierFileOpenGroup(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev192Write(t, dir, "in.csv", hrev204Source)
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "pay", "VT/2026/00002", "--amount", "400", "--date", "2026-03-20")
	hrev183Step(t, dir, "export", "csv", "--from", "2026-03-01", "--to", "2026-03-31", "-o", "mar.csv")
	hrev183Step(t, dir, "baddebt", "VT/2026/00002", "--date", "2026-06-15")
	hrev183Step(t, dir, "export", "csv", "--from", "2026-06-01", "--to", "2026-06-30", "-o", "jun.csv")
	require.Contains(t, hrev210Read(t, dir, "jun.csv"), ";VT/2026/00002;write_off;")
	trial := hrev183Step(t, dir, "report", "trial", "--csv")

	hrev192Fresh(t, dir, "b2.db")
	hrev192Write(t, dir, "own.csv", hrev211Own)
	hrev183Step(t, dir, "import", "entries", "own.csv", "--book", "b2.db")
	hrev183Step(t, dir, "pay", "VT/2026/00001", "--amount", "400", "--date", "2026-02-10", "--book", "b2.db")
	for _, f := range []string{"mar.csv", "jun.csv"} {
		r := run(t, dir, "", "import", "entries", f, "--book", "b2.db")
		require.Equal(t, 0, r.code, "%s: %s%s", f, r.stdout, r.stderr)
		assert.NotContains(t, r.stdout+r.stderr, "warning", f)
		hrev183Step(t, dir, "verify", "--book", "b2.db")
	}
	st := hrev183Step(t, dir, "state", "VT/2026/00003", "--book", "b2.db")
	assert.Contains(t, st, "AAA", "FA-2 written off: %s", st)
	fx := hrev183Step(t, dir, "state", "VT/2026/00001", "--book", "b2.db")
	assert.Contains(t, fx, "partial", fx)
	assert.Contains(t, fx, "2\u202f000,00", "FX-9 untouched: %s", fx)
	got := hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db")
	assert.Equal(t, hrev207Row(trial, "654000"), hrev207Row(got, "654000"), "written off once")

	for _, f := range []string{"jun.csv", "mar.csv", "jun.csv"} {
		hrev183Step(t, dir, "import", "entries", f, "--book", "b2.db")
	}
	assert.Equal(t, got, hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db"), "nothing more")
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}
