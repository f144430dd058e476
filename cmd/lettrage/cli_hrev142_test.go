package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review h-rev142: the newest flags and checks of the command line.

// hrev142Book is hrev134Book (FA-1 of C01, 120,00 on 02/03) with FA-2 of
// C01, 240,00 on 01/06, paid in full on 01/09, FA-3 of C02, 60,00 on
// 20/11, 50,00 paid on FA-1 on 01/04, and the credit note AV-1 of C01,
// 24,00 on 01/10.
func hrev142Book(t *testing.T) string {
	t.Helper()
	dir := hrev134Book(t)
	for _, args := range [][]string{
		{"post", "--journal", "VT", "--date", "2026-06-01", "--type", "invoice", "--ref", "FA-2",
			"--line", "411000:C01=240", "--line", "707000=-200", "--line", "445710=-40"},
		{"post", "--journal", "VT", "--date", "2026-11-20", "--type", "invoice", "--ref", "FA-3",
			"--line", "411000:C02=60", "--line", "707000=-50", "--line", "445710=-10"},
		{"pay", "VT/2026/00001", "--amount", "50", "--date", "2026-04-01"},
		{"pay", "VT/2026/00002", "--date", "2026-09-01"},
		{"post", "--journal", "VT", "--date", "2026-10-01", "--type", "credit_note", "--ref", "AV-1",
			"--line", "411000:C01=-24", "--line", "707000=20", "--line", "445710=4"},
	} {
		r := run(t, dir, "", args...)
		require.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
	}
	return dir
}

// Pin: --buckets 15,30,60 heads the columns not due, 1-15, 16-30, 31-60,
// > 60 in text and CSV, and the buckets sum to 411000's balance (70 + 60
// - 24 = 106,00 at 31/12); a bound beyond every age and a bound of 1 and
// "15, 30" with a space are taken.
func TestHrev142AgedBuckets(t *testing.T) {
	t.Parallel()
	dir := hrev142Book(t)
	r := run(t, dir, "", "report", "aged", "--buckets", "15,30,60", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Row,Account,Partner,Name,not due,1-15,16-30,31-60,> 60,Total,Currency\n")
	assert.Contains(t, r.stdout, "total,411000,,Total Clients,0.00,0.00,0.00,60.00,46.00,106.00,\n")
	r = run(t, dir, "", "report", "aged", "--buckets", "15, 30", "--by-document-date", "--at", "2026-07-01", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "total,411000,,Total Clients,0.00,0.00,240.00,70.00,310.00,\n")
	r = run(t, dir, "", "report", "aged", "--buckets", "1000", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "total,411000,,Total Clients,0.00,106.00,0.00,106.00,\n")
	r = run(t, dir, "", "report", "aged", "--buckets", "1", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, ",not due,1-1,> 1,Total,")
}

// Was failing, fixed: 'report aged --buckets 30,15' and '--buckets 0' exit 1 with "reconcile: age bucket bounds must be positive and ascending: [30 15]", not naming --buckets, while '--buckets abc' is a usage error (exit 2, "--buckets: ... give rising numbers such as 30,60,90"); expected exit 2 and a message naming --buckets.
func TestHrev142AgedBucketsNotRising(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	for _, b := range []string{"30,15", "0", "15,15", "-5"} {
		r := run(t, dir, "", "report", "aged", "--buckets", b)
		assert.Equal(t, 2, r.code, "--buckets %s: %s", b, r.stderr)
		assert.Contains(t, r.stderr, "--buckets", b)
	}
}

// Pin: 'report statement C01 --at 2026-07-01' shows FA-1's residual then
// (70,00) and FA-2 unpaid then (240,00), not AV-1 of 01/10, and says the
// date in its title; before any entry it is empty with zero totals.
func TestHrev142StatementAt(t *testing.T) {
	t.Parallel()
	dir := hrev142Book(t)
	r := run(t, dir, "", "report", "statement", "C01", "--at", "2026-07-01", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "detail,VT/2026/00001:0,invoice,2026-03-02,,FA-1,120.00,70.00,")
	assert.Contains(t, r.stdout, "detail,VT/2026/00002:0,invoice,2026-06-01,,FA-2,240.00,240.00,")
	assert.NotContains(t, r.stdout, "AV-1")
	assert.Contains(t, r.stdout, "grand total,Balance,,,,,,310.00,")
	r = run(t, dir, "", "report", "statement", "C01", "--at", "2026-07-01")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Statement of C01 on 411000 at 01/07/2026")
	r = run(t, dir, "", "report", "statement", "C01", "--at", "2026-07-01", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"title":"Statement of C01 on 411000 at 01/07/2026"`)
	assert.NotContains(t, r.stdout, "AV-1")
	r = run(t, dir, "", "report", "statement", "C01", "--at", "2026-01-01", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "detail,")
	assert.Contains(t, r.stdout, "grand total,Balance,,,,,,0.00,")
}

// Was failing, fixed: 'lettrage --book other.db post ... --book book.db' gives --book twice (before and after the command) and posts into book.db with exit 0, while '--book a.db --book b.db' on one side is refused as given twice; expected exit 2 naming --book and book.db unchanged.
func TestHrev142GlobalFlagTwiceAcrossCommand(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	before := hrev134Bytes(t, dir)
	r := run(t, dir, "", "--book", "other.db", "post", "--journal", "OD", "--date", "2026-04-01",
		"--line", "627000=10", "--line", "512000=-10", "--book", "book.db")
	assert.Equal(t, 2, r.code, r.stdout)
	assert.Contains(t, r.stderr, "book")
	assert.True(t, bytes.Equal(before, hrev134Bytes(t, dir)), "posted into the second --book")
}

// Pin: flags that gather values still repeat; a one-value flag given twice
// is refused on report, statement and partner add; --help lists the flags.
func TestHrev142RepeatableFlags(t *testing.T) {
	t.Parallel()
	dir := hrev142Book(t)
	for _, args := range [][]string{
		{"report", "aged", "--partner", "C01", "--partner", "C02", "--account", "411000", "--account", "401000"},
		{"report", "journals", "--journal", "VT", "--journal", "OD"},
		{"auto", "--all", "--dry-run", "--tolerance", "0.05", "--tolerance", "0.10 USD"},
		{"partner", "add", "S9", "--iban", "DE89370400440532013000", "--iban", "FR1420041010050500013M02606"},
	} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
	}
	d := t.TempDir()
	r := run(t, d, "", "init", "--year", "2026", "--year", "2027")
	assert.Equal(t, 0, r.code, r.stderr)
	d = t.TempDir()
	r = run(t, d, "", "init", "--start", "2026-07-01", "--months", "6", "--start", "2027-01-01", "--months", "12")
	assert.Equal(t, 0, r.code, r.stderr)
	for _, args := range [][]string{
		{"report", "aged", "--at", "2026-07-01", "--at", "2026-08-01"},
		{"report", "statement", "C01", "--at", "2026-07-01", "--at", "2026-08-01"},
		{"report", "statement", "C01", "--account", "411000", "--account", "401000"},
		{"report", "aged", "--xlsx", "a.xlsx", "--xlsx", "b.xlsx"},
	} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 2, r.code, "%v", args)
		assert.Contains(t, r.stderr, "more than once", args)
	}
	_, err := os.Stat(filepath.Join(dir, "a.xlsx"))
	assert.True(t, os.IsNotExist(err))
	r = run(t, dir, "", "report", "aged", "--help")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "  --buckets DAYS       the last DAYS past due")
	assert.Contains(t, r.stdout, "  --partner PARTNER    a PARTNER to list (repeatable; default: every one)")
}

// Pin: an invoice of two customer lines with a discount is refused by
// flags, JSON and import, saying what to do, and nothing is written; one
// line with a discount posts.
func TestHrev142DiscountSeveralLines(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	before := hrev134Bytes(t, dir)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-9",
		"--line", "411000:C01=60", "--line", "411000:C01=60", "--line", "707000=-100", "--line", "445710=-20",
		"--discount", "2", "--discount-until", "2026-03-12")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "post it without the discount, or with one such line")
	js := `{"journal":"VT","date":"2026-03-02","type":"invoice","ref":"FA-9","lines":[{"account":"411000","partner":"C01","debit":"60.00","due":"2026-03-02"},{"account":"411000","partner":"C01","debit":"60.00","due":"2026-04-02"},{"account":"707000","credit":"100.00"},{"account":"445710","credit":"20.00"}],"discount":{"amount":"2.00","until":"2026-03-12"}}`
	r = run(t, dir, js, "post", "-")
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "post it without the discount")
	csv := "date;journal;ref;label;account;partner;debit;credit;type;due;discount;discount_until\n" +
		"2026-03-02;VT;FA-9;x;411000;C01;60;;invoice;2026-03-02;2;2026-03-12\n" +
		"2026-03-02;VT;FA-9;x;411000;C01;60;;invoice;2026-04-02;;\n" +
		"2026-03-02;VT;FA-9;x;707000;;;100;invoice;;;\n2026-03-02;VT;FA-9;x;445710;;;20;invoice;;;\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "e.csv"), []byte(csv), 0o644))
	r = run(t, dir, "", "import", "entries", "e.csv")
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "nothing imported")
	assert.True(t, bytes.Equal(before, hrev134Bytes(t, dir)))
	r = run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-7",
		"--line", "411000:C01=120", "--line", "707000=-100", "--line", "445710=-20", "--discount", "2", "--discount-until", "2026-03-12")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "early-payment discount 2,00 until 12/03/2026")
}

// Was failing, fixed: an invoice with one customer line (411000:C01 120,00) whose revenue line also names the partner (707000:C01, which the book accepts) is refused its discount by 'post' flags and 'import entries', saying it "has 2 customer or supplier lines (instalments)"; expected it to post with the 2,00 offer, as the same invoice without the partner on 707000 does.
func TestHrev142DiscountPartnerOnRevenueLine(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-8",
		"--line", "411000:C01=120", "--line", "707000:C01=-100", "--line", "445710=-20",
		"--discount", "2", "--discount-until", "2026-03-12")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "early-payment discount 2,00 until 12/03/2026")
	csv := "date;journal;ref;label;account;partner;debit;credit;type;due;discount;discount_until\n" +
		"2026-03-05;VT;FA-6;x;411000;C02;120;;invoice;2026-03-05;2;2026-03-15\n" +
		"2026-03-05;VT;FA-6;x;707000;C02;;100;invoice;;;\n2026-03-05;VT;FA-6;x;445710;;;20;invoice;;;\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "e.csv"), []byte(csv), 0o644))
	r = run(t, dir, "", "import", "entries", "e.csv")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.False(t, strings.Contains(r.stderr, "2 customer or supplier lines"), r.stderr)
}
