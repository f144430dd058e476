package main_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/boltstore"
)

// hrev3SetPartner replaces a partner's master data in the book file,
// between two runs of the command (as a program using the library, or a
// later 'partner' command, would).
func hrev3SetPartner(t *testing.T, dir string, p ledger.Partner) {
	t.Helper()
	ctx := context.Background()
	st, err := boltstore.Open(filepath.Join(dir, "book.db"), boltstore.Options{})
	require.NoError(t, err)
	b, err := ledger.Open(ctx, st, ledger.Options{})
	require.NoError(t, err)
	require.NoError(t, b.UpdatePartner(ctx, p))
	require.NoError(t, st.Close())
}

// pay --id makes the command safe to run again ("the same command run
// again with it is replayed, not done twice"). Without --method, the
// command now sends the library Method 0 when the partner has a usual
// method, and MethodTransfer when it has none: the operation's
// fingerprint depends on the partner's master data at the time of the run.
//
// Expected: the same command with the same --id run again is a replay
// (exit 0, nothing posted twice), whatever the partner's usual method
// became in between.
// Observed: exit 1, "ledger: id already used with other content: operation
// 0b6f…" (ErrIdempotencyConflict):
// the first run sent Method 0 (the partner paid by cheque), the retry
// MethodTransfer (the method was cleared), or the reverse; a script that
// retries after a lost terminal gets an error instead of its result.
func TestHrev3PayRetryAfterPartnerMethodChanged(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, first, later string }{
		{"cheque then none", "cheque", ""},
		{"none then cheque", "", "cheque"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := newBook(t)
			r := run(t, dir, "", "partner", "add", "K9", "--method", c.first)
			require.Equal(t, 0, r.code, r.stderr)
			r = run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice",
				"--line", "411000:K9=120", "--line", "706000=-100", "--line", "445710=-20")
			require.Equal(t, 0, r.code, r.stderr)
			pay := []string{"pay", "--id", "0b6f3c1e-9d1a-4c55-8f0e-3f2a1b7c9d10", "--date", "2026-03-20", "VT/2026/00001"}
			r = run(t, dir, "", pay...)
			require.Equal(t, 0, r.code, r.stderr)
			hrev3SetPartner(t, dir, ledger.Partner{Code: "K9", Name: "K9", PaymentMethod: c.later})
			r = run(t, dir, "", pay...)
			assert.Equal(t, 0, r.code, "the same pay --id run again is a replay: %s", r.stderr)
		})
	}
}

// partnerDue looks the partner of each line up and skips an unknown one
// ("Post names the unknown partner"), testing errors.Is(err,
// ledger.ErrNotFound); but Book.Partner returns ledger.ErrUnknownPartner,
// which is not ErrNotFound, so partnerDue returns the bare lookup error
// before Post sees the entry.
//
// Expected: an invoice naming an unknown partner is refused as any entry
// is, naming the entry's line ("journal: invalid entry: line 2: ledger:
// unknown partner: \"XX\"", as --type misc says).
// Observed: "lettrage: ledger: unknown partner: \"XX\"": the line is no
// longer named, and the error is no longer an invalid entry (a caller
// matching on the message, or a user with several partner lines, loses
// which line is wrong).
func TestHrev3PostInvoiceUnknownPartnerNamesLine(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	post := func(typ string) result {
		return run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", typ,
			"--line", "706000=-120", "--line", "411000:XX=120")
	}
	misc := post("misc")
	require.NotEqual(t, 0, misc.code)
	require.Contains(t, misc.stderr, "invalid entry: line 2: ledger: unknown partner")
	inv := post("invoice")
	assert.Equal(t, misc.code, inv.code)
	assert.Contains(t, inv.stderr, "invalid entry: line 2", "the invoice's refusal names its line as the misc entry's does")
}

// An invoice imported from CSV (no due column) is the same document as
// one posted with 'post' without --due; the commit gives the latter the
// partner's payment terms (date + PaymentTermDays) but not the former.
//
// Expected: both are due on 2026-04-01 (2026-03-02 + 30 days), as 'post'
// documents for "an invoice's default", so the aged balance and a payment
// run's DueBy treat them alike.
// Observed: the imported invoice is due on its date (no due date); only
// 'post' applies the partner's terms.
// (A fix has to keep the import idempotent: the entry's id is derived from
// its lines, due dates included, so the default must not change the id
// when the partner's terms change between two imports of one file.)
func TestHrev3ImportedInvoiceTakesPartnerTerms(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "partner", "add", "K9", "--terms", "30")
	require.Equal(t, 0, r.code, r.stderr)
	csv := "date;journal;ref;label;account;partner;debit;credit\n" +
		"2026-03-02;VT;FA-1;Facture FA-1;411000;K9;120,00;\n" +
		"2026-03-02;VT;FA-1;Facture FA-1;706000;;;100,00\n" +
		"2026-03-02;VT;FA-1;Facture FA-1;445710;;;20,00\n"
	r = run(t, dir, csv, "import", "entries", "-")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "--json", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-2",
		"--line", "411000:K9=120,00", "--line", "706000=-100,00", "--line", "445710=-20,00")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, `"due": "2026-04-01"`, "post applies the terms")
	r = run(t, dir, "", "--json", "export", "csv", "--year", "2026")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 2, countSubstr(r.stdout, "2026-04-01"), "both invoices due after the partner's 30 days:\n%s", r.stdout)
}

func countSubstr(s, sub string) int {
	n := 0
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			n++
		}
	}
	return n
}

// Global flags are "on every command" (the general usage), and 'lettrage
// post --help --json' prints post's usage; 'lettrage help post' is
// documented as the same as 'lettrage post --help'.
//
// Expected: 'lettrage help post --json' and 'lettrage help --json post'
// print post's usage, exit 0, as 'lettrage --json help post' does.
// Observed: exit 2, "help: post has no command \"--json\"" (the new
// leaf check) and "help: unknown command \"--json\"".
func TestHrev3HelpWithGlobalFlags(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for _, args := range [][]string{
		{"--json", "help", "post"},
		{"post", "--help", "--json"},
		{"help", "post", "--json"},
		{"help", "--json", "post"},
		{"help", "report", "aged", "--book", "book.db"},
	} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stdout, "Usage: lettrage ", "%v", args)
	}
}

// Probes that pass: the due date from the partner's terms across a month
// end, a year end into a year the book has no fiscal year for, the
// longest term (366 days from 31 December), a supplier bill (type invoice
// on the purchase journal), a JSON line lacking "due" next to one with
// it, and an explicit --due that wins.
func TestHrev3ProbePostDueFromTerms(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for _, p := range [][]string{{"K9", "30"}, {"T1", "366"}} {
		r := run(t, dir, "", "partner", "add", p[0], "--terms", p[1])
		require.Equal(t, 0, r.code, r.stderr)
	}
	for _, c := range []struct {
		name, date, journal, partnerLine, other, due string
	}{
		{"month end", "2026-01-31", "VT", "411000:K9=120", "706000=-120", "2026-03-02"},
		{"year end", "2026-12-15", "VT", "411000:K9=120", "706000=-120", "2027-01-14"},
		{"366 days", "2026-12-31", "VT", "411000:T1=120", "706000=-120", "2028-01-01"},
		{"supplier bill", "2026-03-02", "AC", "401000:K9=-120", "607000=120", "2026-04-01"},
	} {
		r := run(t, dir, "", "--json", "post", "--journal", c.journal, "--date", c.date, "--type", "invoice",
			"--line", c.partnerLine, "--line", c.other)
		require.Equal(t, 0, r.code, "%s: %s", c.name, r.stderr)
		assert.Contains(t, r.stdout, `"due": "`+c.due+`"`, c.name)
	}
	in := `{"journal":"VT","date":"2026-03-02","type":"invoice","lines":[` +
		`{"account":"411000","partner":"K9","debit":"60","due":"2026-03-10"},` +
		`{"account":"411000","partner":"K9","debit":"60"},{"account":"706000","credit":"120"}]}`
	r := run(t, dir, in, "--json", "post", "-")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"due": "2026-03-10"`)
	assert.Contains(t, r.stdout, `"due": "2026-04-01"`)
}
