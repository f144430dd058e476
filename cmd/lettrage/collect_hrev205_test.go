package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Refused collections write neither the book nor a file.
func TestHrev205CollectRefusedWritesNothing(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	ok(t, dir, "journal", "add", "BNP", "--kind", "bank", "--iban", "FR7630006000011234567890189", "--outstanding", "--name", "BNP")
	ok(t, dir, "partner", "mandate", "C01", "--iban", "FR1420041010050500013M02606", "--reference", "RUM-C01", "--signed", "2026-01-15")
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1", "--due", "2026-04-01",
		"--line", "411000:C01=1200.00", "--line", "706000=-1200.00")
	before := snapshot(t, dir)
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"collect", "--journal", "BNP", "--date", "2026-04-10", "--company", "X", "--creditor-id", "FR72123456ZZZ", "-o", "x.xml"}, 2, "--creditor-id"},
		{[]string{"collect", "--journal", "BNP", "--date", "2026-04-10", "--company", "X", "--creditor-id", "FR72ZZZ123456", "--partner", "C99", "-o", "x.xml"}, 1, "C99"},
		{[]string{"collect", "--journal", "BNP", "--date", "2026-04-10", "--company", "東京", "--creditor-id", "FR72ZZZ123456", "-o", "x.xml"}, 2, "--company"},
		{[]string{"collect", "--journal", "NOPE", "--date", "2026-04-10", "--company", "X", "--creditor-id", "FR72ZZZ123456", "-o", "x.xml"}, 1, "NOPE"},
		{[]string{"partner", "mandate", "C02", "--iban", "FR7630006000011234567890188", "--reference", "RUM-C02", "--signed", "2026-01-15"}, 2, "--iban"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.says, c.args)
		_, err := os.Stat(filepath.Join(dir, "x.xml"))
		assert.True(t, os.IsNotExist(err), "%v wrote the file", c.args)
	}
	assert.True(t, bytes.Equal(before, snapshot(t, dir)), "a refused command wrote to the book")
	r := ok(t, dir, "collect", "--journal", "BNP", "--date", "2026-04-10", "--company", "Café Zoé", "--creditor-id", "FR72ZZZ123456", "-o", "x.xml")
	assert.Contains(t, r.stdout, "1 200,00 EUR")
	x, err := os.ReadFile(filepath.Join(dir, "x.xml"))
	assert.NoError(t, err)
	assert.Contains(t, string(x), "<Nm>Cafe Zoe</Nm>")
	assert.Contains(t, string(x), "<CtrlSum>1200.00</CtrlSum>")
	assert.Contains(t, r.stderr, "past") // LETTRAGE_NOW is 2026-12-31
}
