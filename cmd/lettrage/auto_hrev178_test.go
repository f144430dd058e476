package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// lettrage auto --dry-run shows why a receipt naming an invoice already
// paid is left, and letters nothing; the real run leaves it too.
func TestHrev178AutoDryRunShowsPaidInvoiceReason(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	hrev130Must(t, dir, "", "init", "--year", "2026")
	hrev130Must(t, dir, "", "partner", "add", "C01")
	inv := func(date, ref string) {
		hrev130Must(t, dir, "", "post", "--journal", "VT", "--date", date, "--type", "invoice", "--ref", ref, "--due", "2026-04-30",
			"--line", "411000:C01=100.00", "--line", "707000=-100.00")
	}
	inv("2026-03-01", "FA-1")
	inv("2026-03-02", "FA-2")
	pay := func(date, ref string) {
		hrev130Must(t, dir, "", "pay", "--partner", "C01", "--direction", "in", "--amount", "100.00", "--date", date, "--ref", ref)
	}
	pay("2026-03-05", "FA-1")
	hrev130Must(t, dir, "", "auto", "--all")
	pay("2026-03-20", "FA-1")
	r := hrev130Must(t, dir, "", "auto", "--all", "--dry-run")
	assert.Contains(t, r.stdout+r.stderr, "VT/2026/00001, already paid: a duplicate payment or a mistake")
	r = hrev130Must(t, dir, "", "--json", "auto", "--all")
	assert.Contains(t, r.stdout, "already paid")
	r = hrev130Must(t, dir, "", "report", "aux")
	assert.Contains(t, r.stdout, "100")
}
