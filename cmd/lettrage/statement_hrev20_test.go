package main_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A USD invoice (960.00 EUR, 1 200.00 USD) offering 24.00 USD: the
// statement's amounts are in euros, the offer too, at the invoice's rate
// (19,20), beside its last day; an offer ended before the book's today
// (31/12/2026 in these tests) is not shown.
func TestHrev20StatementForeignOfferCurrency(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev17Write(t, dir, "usd.csv", hrev17Head+
		"2026-12-22;VT;FA1;invoice;Export;411000;C01;960.00;;USD;1200.00;24.00;2026-12-31\n"+
		"2026-12-22;VT;FA1;invoice;Export;706000;;;960.00;USD;-1200.00;;\n"+
		"2026-12-20;VT;FA2;invoice;Ended;411000;C01;100.00;;;;2.00;2026-12-30\n"+
		"2026-12-20;VT;FA2;invoice;Ended;706000;;;100.00;;;;\n")
	r := run(t, dir, "", "import", "entries", "usd.csv")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "report", "statement", "C01")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "960,00         960,00        19,20 31/12/2026", r.stdout)
	require.NotContains(t, r.stdout, "30/12/2026", "an ended offer:\n%s", r.stdout)
	r = run(t, dir, "", "report", "statement", "C01", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, ",960.00,960.00,19.20,2026-12-31,", r.stdout)
}

// A supplier's statement shows the bill's offer.
func TestHrev20StatementSupplierOffer(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "partner", "add", "S01")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "post", "--journal", "AC", "--date", "2026-12-21", "--type", "invoice", "--ref", "FA-1", "--label", "Achat",
		"--line", "401000:S01=-1200.00", "--line", "607000=1000.00", "--line", "445660=200.00",
		"--discount", "24.00", "--discount-until", "2026-12-31")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "report", "statement", "S01", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, ",-1200.00,-1200.00,24.00,2026-12-31,", r.stdout)
}

// In --csv the amounts are machine-readable ("-1200.00"); the offer's
// amount is too, not French "24,00" beside them.
func TestHrev20StatementCSVOfferDecimal(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-12-21", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00", "--line", "445710=-200.00",
		"--discount", "24.00", "--discount-until", "2026-12-31")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "report", "statement", "C01", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, ",1200.00,1200.00,24.00,2026-12-31,", r.stdout)
	require.NotContains(t, r.stdout, "24,00", "the offer in French decimals among dot amounts:\n%s", r.stdout)
}
