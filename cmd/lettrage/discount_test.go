package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
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
	require.Contains(t, r.stdout, "early-payment discount 24,00 until 11/03/2026")
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

// The CSV format carries an invoice's discount offer: imported, exported on
// its partner line and imported again into another book; bad or differing
// offers are refused by their line, nothing imported; the file imported
// again with another offer is refused, the message says what to do.
func TestCSVDiscountOffer(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	write := func(name, body string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600))
	}
	const head = "date;journal;ref;label;account;partner;debit;credit;discount;discount_until\n"
	write("offer.csv", head+
		"2026-03-02;VT;FA1;Vente;411000;C01;1200.00;;24,00;12/03/2026\n"+
		"2026-03-02;VT;FA1;Vente;706000;;;1000.00;;\n"+
		"2026-03-02;VT;FA1;Vente;445710;;;200.00;;\n")
	for name, body := range map[string]string{
		"half.csv":   head + "2026-03-02;VT;FA2;Vente;411000;C01;120.00;;2.40;\n2026-03-02;VT;FA2;Vente;706000;;;120.00;;\n",
		"bad.csv":    head + "2026-03-02;VT;FA2;Vente;411000;C01;120.00;;deux;2026-03-12\n2026-03-02;VT;FA2;Vente;706000;;;120.00;;\n",
		"differ.csv": head + "2026-03-02;VT;FA2;Vente;411000;C01;120.00;;2.40;2026-03-12\n2026-03-02;VT;FA2;Vente;706000;;;120.00;2.40;2026-03-13\n",
		"whole.csv":  head + "2026-03-02;VT;FA2;Vente;411000;C01;120.00;;120.00;2026-03-12\n2026-03-02;VT;FA2;Vente;706000;;;120.00;;\n",
	} {
		write(name, body)
		before, err := os.ReadFile(filepath.Join(dir, "book.db"))
		require.NoError(t, err)
		r := run(t, dir, "", "import", "entries", name)
		require.Equal(t, 1, r.code, "%s: %s", name, r.stdout)
		require.Contains(t, r.stderr, "discount", name)
		after, err := os.ReadFile(filepath.Join(dir, "book.db"))
		require.NoError(t, err)
		require.Equal(t, before, after, "%s: nothing written", name)
	}

	r := run(t, dir, "", "import", "entries", "offer.csv")
	require.Equal(t, 0, r.code, r.stderr)
	write("other.csv", head+
		"2026-03-02;VT;FA1;Vente;411000;C01;1200.00;;12,00;12/03/2026\n"+
		"2026-03-02;VT;FA1;Vente;706000;;;1000.00;;\n"+
		"2026-03-02;VT;FA1;Vente;445710;;;200.00;;\n")
	r = run(t, dir, "", "import", "entries", "other.csv")
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stderr, "another discount offer")
	r = run(t, dir, "", "import", "entries", "offer.csv")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "1 already in the book")

	r = run(t, dir, "", "export", "csv", "-o", "out.csv")
	require.Equal(t, 0, r.code, r.stderr)
	out, err := os.ReadFile(filepath.Join(dir, "out.csv"))
	require.NoError(t, err)
	require.Contains(t, string(out), ";411000;C01;;1200.00;;;;;;24.00;2026-03-12;") // the entry_label column follows
	require.Contains(t, string(out), ";706000;;;;1000.00;;;;;;;")                   // the entry_label column follows
	r = run(t, dir, "", "init", "--year", "2026", "--book", "copy.db")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "partner", "add", "C01", "--book", "copy.db")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "import", "entries", "out.csv", "--book", "copy.db")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "export", "csv", "--book", "copy.db")
	require.Equal(t, 0, r.code, r.stderr)
	require.Equal(t, string(out), r.stdout)
}

// pay --amount of what an invoice owes less its offer, in time, takes the
// discount; --no-discount pays it in part.
func TestPayTakesTheOffer(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for _, ref := range []string{"FA-1", "FA-2"} {
		r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-01", "--type", "invoice", "--ref", ref,
			"--line", "411000:C01=1200.00", "--line", "706000=-1000.00", "--line", "445710=-200.00",
			"--discount", "24.00", "--discount-until", "2026-03-11")
		require.Equal(t, 0, r.code, r.stderr)
	}
	r := run(t, dir, "", "pay", "--date", "2026-03-10", "--amount", "1176", "VT/2026/00001")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "1 invoice paid in full")
	r = run(t, dir, "", "pay", "--date", "2026-03-10", "--amount", "1176", "--no-discount", "VT/2026/00002")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "1 invoice paid in part, 24,00 still due")
}

// The partner statement says what an invoice still offers (the book's
// today is 31/12/2026 in these tests).
func TestStatementShowsTheOffer(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-12-21", "--type", "invoice", "--ref", "FA-1", "--label", "Conseil",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00", "--line", "445710=-200.00",
		"--discount", "24.00", "--discount-until", "2026-12-31")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "report", "statement", "C01")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "24,00 31/12/2026")
}
