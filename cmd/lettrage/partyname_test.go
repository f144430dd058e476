package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// The CFONB 120 sample carries the payer's name only ("DUPONT SARL"), no
// IBAN: import --match knows the partner by its name, unless --iban-only.
func TestImportMatchByCounterpartyName(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		flags []string
		state string
	}{
		{nil, `VT/2026/00001\s+DUPONT\s+paid\s`},
		{[]string{"--iban-only"}, `VT/2026/00001\s+DUPONT\s+not_paid\s`},
	} {
		dir := t.TempDir()
		src, err := os.ReadFile(filepath.Join("..", "..", "bank", "testdata", "cfonb120.txt"))
		require.NoError(t, err)
		end := bytes.Index(src, []byte("\n07"))
		src = src[:end+1+bytes.IndexByte(src[end+1:], '\n')+1]
		require.NoError(t, os.WriteFile(filepath.Join(dir, "cfonb120.txt"), src, 0o644))
		for _, args := range [][]string{
			{"init", "--year", "2026"},
			{"journal", "add", "BNP", "--kind", "bank", "--name", "BNP Paribas", "--iban", "FR7630006000011234567890189"},
			{"partner", "add", "DUPONT", "--name", "Dupont SARL"},
			{"post", "--journal", "VT", "--date", "2026-02-20", "--type", "invoice", "--line", "411000:DUPONT=1200", "--line", "706000=-1200"},
			append([]string{"import", "cfonb", "cfonb120.txt", "--match"}, c.flags...),
		} {
			r := run(t, dir, "", args...)
			require.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
		}
		r := run(t, dir, "", "state", "VT/2026/00001")
		require.Equal(t, 0, r.code, r.stderr)
		require.Regexp(t, c.state, r.stdout, c.flags)
	}
}
