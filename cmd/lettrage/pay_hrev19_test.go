package main_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// pay --amount of the discounted amount, in time: the first line names the
// payment alone (the discount entry is no payment) and says the discount
// taken, as an accountant would ("escompte"/"discount"): "paid in full"
// alone hides that 24,00 were given away.
func TestHrev19PayOutputSaysDiscount(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-01", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00", "--line", "445710=-200.00",
		"--discount", "24.00", "--discount-until", "2026-03-11")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "pay", "--date", "2026-03-10", "--amount", "1176", "VT/2026/00001")
	require.Equal(t, 0, r.code, r.stderr)
	t.Log(r.stdout)
	first, _, _ := strings.Cut(r.stdout, "\n")
	require.True(t, strings.HasPrefix(first, "Payment BQD/2026/00001 posted:"), first)
	require.Contains(t, strings.ToLower(first), "discount", first)
}
