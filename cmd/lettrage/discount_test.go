package main_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// An invoice posted with an early-payment discount offer shows it, and
// auto takes it for a payment of what is owed less it, made in time,
// unless --no-discount; a half offer, or a bad one, is refused with
// nothing written.
func TestPostDiscountAndAuto(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-01", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00", "--line", "445710=-200.00",
		"--discount", "24.00", "--discount-until", "2026-03-11")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "early-payment discount 24,00 until 2026-03-11")
	r = run(t, dir, `{"journal":"VT","date":"2026-03-02","type":"invoice","ref":"FA-2",
		"lines":[{"account":"411000","partner":"C02","debit":"600.00"},{"account":"706000","credit":"500.00"},{"account":"445710","credit":"100.00"}],
		"discount":{"amount":"12.00","until":"2026-03-12"}}`, "post", "-", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var out struct {
		Discount struct{ Amount, Until string } `json:"discount"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	require.Equal(t, "12.00", out.Discount.Amount)
	require.Equal(t, "2026-03-12", out.Discount.Until)

	for _, bad := range [][]string{
		{"--discount", "24.00"},
		{"--discount-until", "2026-03-11"},
		{"--discount", "1200.00", "--discount-until", "2026-03-11"},
		{"--discount", "24.00", "--discount-until", "2026-02-01"},
		{"--discount", "douze", "--discount-until", "2026-03-11"},
	} {
		args := append([]string{"post", "--journal", "VT", "--date", "2026-03-01", "--type", "invoice",
			"--line", "411000:C01=1200.00", "--line", "706000=-1200.00"}, bad...)
		r := run(t, dir, "", args...)
		require.NotEqual(t, 0, r.code, "%v: %s", bad, r.stdout)
		require.Contains(t, r.stderr, "discount", bad)
	}

	// Paid 1 176.00 on the 10th: the discount; 588.00 on the 13th, a day
	// late: none.
	for _, p := range [][]string{
		{"post", "--journal", "BQD", "--date", "2026-03-10", "--type", "payment", "--ref", "FA-1", "--line", "512000=1176.00", "--line", "411000:C01=-1176.00"},
		{"post", "--journal", "BQD", "--date", "2026-03-13", "--type", "payment", "--line", "512000=588.00", "--line", "411000:C02=-588.00"},
	} {
		r := run(t, dir, "", p...)
		require.Equal(t, 0, r.code, r.stderr)
	}
	r = run(t, dir, "", "auto", "--account", "411000", "--no-discount", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var sum struct {
		Applied int `json:"applied"`
		Entries int `json:"entries"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &sum))
	require.Equal(t, 1, sum.Applied) // FA-1 by reference, 24.00 left due
	require.Equal(t, 0, sum.Entries)
	r = run(t, dir, "", "unletter", "VT/2026/00001")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "auto", "--account", "411000", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &sum))
	require.Equal(t, 1, sum.Applied)
	require.Equal(t, 1, sum.Entries) // the discount
	r = run(t, dir, "", "state", "VT/2026/00001", "VT/2026/00002")
	require.Equal(t, 0, r.code, r.stderr)
	require.Regexp(t, `VT/2026/00001\s+C01\s+paid\s`, r.stdout)
	require.Regexp(t, `VT/2026/00002\s+C02\s+not_paid\s`, r.stdout)
	r = run(t, dir, "", "verify")
	require.Equal(t, 0, r.code, r.stderr)
}
