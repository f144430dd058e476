package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// C02 impaired four times at one closing (1 000,00, 400,00, none, then
// 300,00): each 'impair' is posted anew as one, the moved book has the
// same trial balance and exports the same file, without a warning, and
// a fifth 'impair' at that closing does in it what it does in the source.
func TestHrev211ImpairmentFourTimesSameClosing(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev192Write(t, dir, "in.csv", hrev204Source)
	hrev183Step(t, dir, "import", "entries", "in.csv")
	for _, amount := range []string{"1000", "400", "0", "300"} {
		hrev183Step(t, dir, "impair", "--date", "2026-12-31", "C02="+amount)
	}
	trial := hrev183Step(t, dir, "report", "trial", "--csv")
	hrev183Step(t, dir, "export", "csv", "-o", "year.csv")
	hrev192Fresh(t, dir, "b2.db")
	r := run(t, dir, "", "import", "entries", "year.csv", "--book", "b2.db")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.NotContains(t, r.stdout+r.stderr, "warning")
	hrev183Step(t, dir, "verify", "--book", "b2.db")
	assert.Equal(t, trial, hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db"))
	hrev183Step(t, dir, "export", "csv", "-o", "re.csv", "--book", "b2.db")
	assert.Equal(t, hrev210Read(t, dir, "year.csv"), hrev210Read(t, dir, "re.csv"), "the re-export")
	hrev183Step(t, dir, "import", "entries", "year.csv", "--book", "b2.db")
	assert.Equal(t, trial, hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db"), "nothing more")
	for _, book := range []string{"book.db", "b2.db"} {
		hrev183Step(t, dir, "impair", "--date", "2026-12-31", "C02=200", "--book", book)
	}
	want := hrev183Step(t, dir, "report", "trial", "--csv")
	assert.Contains(t, want, "491000,Dépréciations des comptes de clients,1700.00,1900.00,-200.00")
	assert.Equal(t, want, hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db"))
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}
