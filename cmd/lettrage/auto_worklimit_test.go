package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAutoReportsTheWorkLimit gives C01 forty invoices no set of which
// sums to its receipt of 99,03: the combination search stops at the
// --work-limit, and auto says so in its summary and in JSON, where
// before only the unmatched line's reason did. A bad --combination-size
// or --work-limit is a usage error.
func TestAutoReportsTheWorkLimit(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	var csv strings.Builder
	csv.WriteString("date;journal;ref;label;account;partner;debit;credit\n")
	for i := 0; i < 40; i++ {
		amt := fmt.Sprintf("%d,02", 10+i)
		fmt.Fprintf(&csv, "2026-01-%02d;VT;FA-%d;Facture FA-%d;411000;C01;%s;\n", 1+i%28, i, i, amt)
		fmt.Fprintf(&csv, "2026-01-%02d;VT;FA-%d;Facture FA-%d;706000;;;%s\n", 1+i%28, i, i, amt)
	}
	csv.WriteString("2026-02-01;BQD;VIR-1;Virement C01;512000;;99,03;\n")
	csv.WriteString("2026-02-01;BQD;VIR-1;Virement C01;411000;C01;;99,03\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "e.csv"), []byte(csv.String()), 0o644))
	r := run(t, dir, "", "import", "entries", "e.csv")
	require.Equal(t, 0, r.code, r.stderr)

	r = run(t, dir, "", "auto", "--partner", "C01", "--work-limit", "500", "--dry-run")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "1 payment: the combination search stopped at the work limit (their reasons say so): raise --work-limit, or letter them by hand")
	assert.Contains(t, r.stdout, "combination search stopped after 500 candidate sets (the work limit)")

	r = run(t, dir, "", "auto", "--partner", "C01", "--work-limit", "500", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var out struct {
		Applied          int `json:"applied"`
		WorkLimitReached int `json:"work_limit_reached"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Equal(t, 0, out.Applied)
	assert.Equal(t, 1, out.WorkLimitReached)

	for _, bad := range [][]string{{"--combination-size", "0"}, {"--combination-size", "13"}, {"--work-limit", "-1"}} {
		r = run(t, dir, "", append([]string{"auto", "--partner", "C01"}, bad...)...)
		assert.Equal(t, 2, r.code, "%v: %s", bad, r.stderr)
		assert.Contains(t, r.stderr, bad[0])
	}
}
