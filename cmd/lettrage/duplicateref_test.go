package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDuplicateSupplierRef enters one supplier bill by 'post' then in
// CSV files: a file repeating it (in other case and spacing) is refused
// whole, naming the bill posted first and the flag, and writes nothing;
// so is a file holding two bills alike; the flag imports it; the same
// file imported again is a replay, not a duplicate; 'post' refuses and
// takes the flag alike.
func TestDuplicateSupplierRef(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "partner", "add", "F01", "F02")
	require.Equal(t, 0, r.code, r.stderr)
	post := []string{"post", "--journal", "AC", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-77",
		"--line", "401000:F01=-120.00", "--line", "607000=120.00"}
	r = run(t, dir, "", post...)
	require.Equal(t, 0, r.code, r.stderr)

	const header = "date;journal;ref;label;account;partner;debit;credit\n"
	files := map[string]string{
		"again.csv": header +
			"2026-03-05;AC; fa-77;Facture FA-77;401000;F01;;120,00\n2026-03-05;AC; fa-77;Facture FA-77;607000;;120,00;\n" +
			"2026-03-05;AC;FA-78;Facture FA-78;401000;F01;;60,00\n2026-03-05;AC;FA-78;Facture FA-78;607000;;60,00;\n" +
			"2026-03-05;AC;FA-77;Facture FA-77 (F02);401000;F02;;60,00\n2026-03-05;AC;FA-77;Facture FA-77 (F02);607000;;60,00;\n",
		// Two entries (the entry column) under one reference.
		"twice.csv": "entry;" + header +
			"1;2026-03-06;AC;FA-90;Facture;401000;F01;;10,00\n1;2026-03-06;AC;FA-90;Facture;607000;;10,00;\n" +
			"2;2026-03-07;AC;FA-90;Facture;401000;F01;;11,00\n2;2026-03-07;AC;FA-90;Facture;607000;;11,00;\n",
	}
	for name, body := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	for _, c := range []struct{ file, names string }{{"again.csv", "AC/2026/00001"}, {"twice.csv", "FA-90"}} {
		before := hrev134Bytes(t, dir)
		r = run(t, dir, "", "import", "entries", c.file)
		assert.Equal(t, 1, r.code, c.file)
		assert.Contains(t, r.stderr, c.names, c.file)
		assert.Contains(t, r.stderr, "already has a bill under reference", c.file)
		assert.Contains(t, r.stderr, "--allow-duplicate-ref", c.file)
		assert.Contains(t, r.stderr, "nothing imported", c.file)
		assert.Equal(t, before, hrev134Bytes(t, dir), "%s: a refused import writes nothing", c.file)
	}

	r = run(t, dir, "", "import", "entries", "--allow-duplicate-ref", "again.csv")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "import", "entries", "again.csv")
	assert.Equal(t, 0, r.code, "the same file again is a replay: %s", r.stderr)

	before := hrev134Bytes(t, dir)
	r = run(t, dir, "", post[:len(post)-4]...)
	assert.Equal(t, 2, r.code, "no line is bad input")
	post[4] = "2026-04-01" // another bill, the same reference
	r = run(t, dir, "", post...)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "AC/2026/00001")
	assert.Contains(t, r.stderr, "--allow-duplicate-ref")
	assert.Equal(t, before, hrev134Bytes(t, dir), "a refused post writes nothing")
	r = run(t, dir, "", append(post, "--allow-duplicate-ref")...)
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "AC/2026/")
}
