package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAmountsArePlainDecimals gives amounts on the command line that are
// no plain decimals (an exponent, NaN, an infinity, hexadecimal): each is
// refused as a usage error (exit 2) saying what to write, and nothing is
// written. Plain decimals, with a point or a comma, signed or spaced, are
// read.
func TestAmountsArePlainDecimals(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=120", "--line", "707000=-100", "--line", "445710=-20")
	require.Equal(t, 0, r.code, r.stderr)
	before := run(t, dir, "", "export", "csv", "--year", "2026")
	require.Equal(t, 0, before.code, before.stderr)

	for _, amount := range []string{"1e3", "1E3", "1e-2", "12.5e1", "NaN", "nan", "Inf", "-Infinity", "+inf", "0x10", "0x1p3", "1_000", "12..5", "1.2.3", "", "-", "."} {
		for _, c := range []struct {
			name string
			args []string
		}{
			{"post --line", []string{"post", "--journal", "OD", "--date", "2026-03-03", "--line", "627000=" + amount, "--line", "512000=-1000"}},
			{"pay --amount", []string{"pay", "--amount", amount, "--date", "2026-03-10", "VT/2026/00001"}},
			{"letter --tolerance", []string{"letter", "--partner", "C01", "--tolerance", amount}},
			{"auto --tolerance", []string{"auto", "--all", "--tolerance", amount}},
		} {
			if amount == "" && c.name != "post --line" {
				continue // an empty flag means the flag's default
			}
			t.Run(c.name+" "+amount, func(t *testing.T) {
				r := run(t, dir, "", c.args...)
				assert.Equal(t, 2, r.code, "%s\n%s", r.stdout, r.stderr)
				assert.Contains(t, r.stderr, "plain decimal")
				assert.Empty(t, r.stdout)
			})
		}
	}
	after := run(t, dir, "", "export", "csv", "--year", "2026")
	assert.Equal(t, before.stdout, after.stdout, "nothing written")

	for i, c := range []struct{ debit, credit string }{
		{"10", "-10"}, {"10.5", "-10.5"}, {"10,50", "-10,50"}, {"+10", "-10"}, {"1 000,00", "-1000"},
		{"0.5", "-0.5"}, {"5.", "-5"}, {".5", "-.5"},
	} {
		t.Run("accepted "+c.debit, func(t *testing.T) {
			r := run(t, dir, "", "post", "--journal", "OD", "--date", "2026-03-03", "--ref", "OK-"+string(rune('A'+i)),
				"--line", "627000="+c.debit, "--line", "512000="+c.credit)
			assert.Equal(t, 0, r.code, r.stderr)
		})
	}
}
