package main_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// partner mandate --move moves a mandate to another account of its
// customer, added when new; the next collection's file tells the bank
// (SMNDA: another bank), the one after does not. A move refused writes
// nothing.
func TestHrev216PartnerMandateMove(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	const first, second = "FR1420041010050500013M02606", "DE89370400440532013000"
	ok(t, dir, "journal", "add", "BNP", "--kind", "bank", "--iban", "FR7630006000011234567890189", "--outstanding", "--name", "BNP Paribas")
	ok(t, dir, "partner", "mandate", "C01", "--iban", first, "--reference", "RUM-C01", "--signed", "2026-01-15")
	ok(t, dir, "partner", "mandate", "C02", "--iban", "NL91ABNA0417164300", "--reference", "RUM-C02", "--signed", "2026-01-15")
	collect := func(day string) (string, string) {
		t.Helper()
		ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-"+day, "--type", "invoice", "--due", "2026-04-"+day,
			"--line", "411000:C01=100.00", "--line", "706000=-100.00")
		file := filepath.Join(dir, "prlv"+day+".xml")
		r := ok(t, dir, "--json", "collect", "--journal", "BNP", "--date", "2026-04-"+day, "--partner", "C01", "--creditor-id", "FR72ZZZ123456",
			"--company", "Ma Société SAS", "-o", file)
		var out struct {
			Collections []struct {
				AmendedFrom string `json:"amended_from"`
			} `json:"collections"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
		require.Len(t, out.Collections, 1)
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		return out.Collections[0].AmendedFrom, string(data)
	}
	from, file := collect("10")
	assert.Empty(t, from)
	assert.NotContains(t, file, "AmdmntInd")

	before := snapshot(t, dir)
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"partner", "mandate", "C01", "--move", "--reference", "RUM-C01"}, 2, "give --reference and --iban"},
		{[]string{"partner", "mandate", "C01", "--move", "--reference", "RUM-C01", "--iban", second, "--signed", "2026-03-01"}, 2, "not --signed"},
		{[]string{"partner", "mandate", "C01", "--move", "--reference", "RUM-C01", "--iban", "DE89370400440532013001"}, 2, "--iban"},
		{[]string{"partner", "mandate", "C01", "--move", "--reference", "RUM-C02", "--iban", second}, 1, "partner C01 has no mandate RUM-C02"},
		{[]string{"partner", "mandate", "C01", "--move", "--reference", "RUM-C01", "--iban", first}, 1, "is on account"},
		// A reference another customer has is still refused.
		{[]string{"partner", "mandate", "C02", "--iban", second, "--reference", "rum-c01", "--signed", "2026-01-15"}, 1, "partner C01"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.says, c.args)
	}
	assert.True(t, bytes.Equal(before, snapshot(t, dir)), "a refused command wrote to the book")

	r := ok(t, dir, "partner", "mandate", "C01", "--move", "--reference", "rum-c01", "--iban", strings.ToLower(second), "--bic", "COBADEFFXXX")
	assert.Contains(t, r.stdout, "Mandate RUM-C01 of C01 moved from FR14 2004 1010 0505 0001 3M02 606 to DE89 3704 0044 0532 0130 00")
	r = ok(t, dir, "--json", "partner", "list")
	assert.Contains(t, r.stdout, `"original_iban": "`+first+`"`)

	from, file = collect("11")
	assert.Equal(t, first, from)
	assert.Contains(t, file, "<AmdmntInd>true</AmdmntInd>")
	assert.Contains(t, file, "<Id>SMNDA</Id>")
	from, file = collect("12")
	assert.Empty(t, from)
	assert.NotContains(t, file, "AmdmntInd")
}
