package reconcile_test

// Review h-rev8: lettering across a year end, to the cent. DESIGN §4
// (fiscal years, closing), §5 (dates of generated entries, lock dates),
// §13 (FEC EcritureLet/DateLet: only for matches dated on or before the
// year end; closing is a definitive lock).

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var yearEnd26 = journal.MustDate(2026, time.December, 31)

// hr8FEC writes and validates the FEC of label and returns its 411000
// rows as "Journal Num PieceRef Debit Credit Let DateLet".
func hr8FEC(t *testing.T, f *fixture, label string) (rows []string, raw string) {
	t.Helper()
	var buf bytes.Buffer
	sum, err := report.WriteFEC(ctx, f.book, label, &buf, report.FECOptions{})
	require.NoError(t, err)
	rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: sum.Year.Start, YearEnd: sum.Year.End})
	require.NoError(t, err)
	for _, x := range rep.Findings {
		// Entries back-dated in posting order (a reversal moved to the
		// first open date) draw a date-order warning: by design, noted.
		if x.Code != fec.CodeDateOrder {
			assert.Fail(t, "the FEC validates", "%s: %v", label, x)
		}
	}
	for i, l := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
		if i == 0 {
			continue
		}
		c := strings.Split(l, "\t")
		require.Len(t, c, 18)
		if c[4] != "411000" {
			continue
		}
		rows = append(rows, strings.Join([]string{c[0], c[2], c[8], c[11], c[12], c[13], c[14]}, " "))
	}
	return rows, buf.String()
}

// hr8Aged returns C1's aged company total on 411000 at a date.
func hr8Aged(t *testing.T, f *fixture, at journal.Date) string {
	t.Helper()
	a, err := f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"411000"}, Partners: []string{"C1"}, At: at})
	require.NoError(t, err)
	return a.CompanyTotal.Plain()
}

func hr8Close(t *testing.T, f *fixture) {
	t.Helper()
	*f.now = time.Date(2027, time.January, 20, 10, 0, 0, 0, time.UTC)
	_, _, err := f.rec.CloseFiscalYear(ctx, "2026", "alice")
	require.NoError(t, err)
	f.check(t)
}

// An invoice of December 2026 paid in January 2027 and lettered then:
// the aged balance at 31/12/2026 shows it open, at 31/01/2027 not; the
// 2026 FEC carries no letter (the match is of 2027); the 2027 FEC carries
// the invoice in its detailed opening with the letter, tying with the
// receipt. Closing 2026 first changes none of it.
func TestHrev8ProbeInvoicePaidNextYear(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(12, 10), "1234.56")
		f.check(t)
		hr8Close(t, f)
		fec26Before, _ := hr8FEC(t, f, "2026")
		pay := f.receive(t, "BQD", "C1", d27(1, 15), "1234.56", inv)
		f.check(t)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "1234.56", hr8Aged(t, f, yearEnd26))
		assert.Equal(t, "0.00", hr8Aged(t, f, d27(1, 31)))
		fec26, _ := hr8FEC(t, f, "2026")
		assert.Equal(t, fec26Before, fec26, "the 2026 FEC does not change")
		for _, r := range fec26 {
			assert.NotContains(t, r, "AAA", "no letter of 2027 in the 2026 FEC")
		}
		fec27, _ := hr8FEC(t, f, "2027")
		t.Logf("2027: %q", fec27)
		var let []string
		for _, r := range fec27 {
			if strings.Contains(r, " AAA 20270115") {
				let = append(let, r)
			}
		}
		assert.Len(t, let, 2, "opening invoice and receipt both lettered AAA on 15/01/2027: %q", fec27)
		_ = pay
	})
}

// A partial payment in 2026, the rest in 2027: at 31/12/2026 the
// invoice's residual is what the 2026 receipt left; after the 2027
// receipt nothing is open; the 2026 FEC exports no (provisional) letter;
// the 2027 FEC opens the invoice at its residual, lettered AAA with the
// 2027 receipt, and AAA ties to zero inside the 2027 file.
func TestHrev8ProbePartialAcrossYearEnd(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(12, 1), "1000.01")
		f.receive(t, "BQD", "C1", d(12, 20), "400.00", inv)
		f.check(t)
		assert.Equal(t, "600.01", hr8Aged(t, f, yearEnd26))
		hr8Close(t, f)
		f.receive(t, "BQD", "C1", d27(1, 15), "600.01", inv)
		f.check(t)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "600.01", hr8Aged(t, f, yearEnd26))
		assert.Equal(t, "0.00", hr8Aged(t, f, d27(1, 15)))
		fec26, _ := hr8FEC(t, f, "2026")
		for _, r := range fec26 {
			assert.NotContains(t, r, "AAA", "no letter in 2026: %q", r)
		}
		fec27, _ := hr8FEC(t, f, "2027")
		t.Logf("2027: %q", fec27)
		sum := currency.Zero(eur)
		n := 0
		for _, r := range fec27 {
			c := strings.Fields(r)
			if len(c) >= 7 && c[5] == "AAA" {
				n++
				dr := currency.MustParse(eur, strings.ReplaceAll(c[3], ",", "."))
				cr := currency.MustParse(eur, strings.ReplaceAll(c[4], ",", "."))
				sum, _ = sum.Add(dr)
				sum, _ = sum.Sub(cr)
			}
		}
		assert.Equal(t, 2, n, "opening residual and 2027 receipt lettered")
		assert.Equal(t, "0.00", sum.Plain(), "AAA ties up inside the 2027 FEC")
	})
}

// Two lines of 2026 (invoice and receipt on account, exact amounts), left
// unlettered at the closing of 2026 and lettered in 2027.
//
// Expected: closing is a definitive lock (DESIGN §13) and the project
// holds that a closed year's FEC reads byte for byte as at its closing
// (review30's sameClosedYear): the 2026 FEC re-exported after the 2027
// lettering is the one filed. Observed: the match is dated 20/12/2026
// (its latest partial's date, the later line date, in the closed year), so
// the re-exported 2026 FEC gains EcritureLet AAA / DateLet 20261220 on
// both lines (the aged balance at 31/12/2026 likewise loses the two
// items, net 0.00): the closed year's legal export changes after its
// closing, and a DateLet says the lines were lettered in 2026 when they
// were lettered in 2027.
// It matters because the FEC handed over at an audit must be the one
// produced at closing; the same lettering with a 0.01 write-off (which
// moves to 01/01/2027) leaves the 2026 FEC unchanged, so the outcome
// depends on whether the amounts happened to be exact.
// Was skipped as an open question, now passes: the lettering is dated the
// day after the closing, and a closed year's FEC shows its lettering as at
// the closing.
func TestHrev8LetteringClosedYearLinesChangesClosedFEC(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(12, 10), "500.00")
		pay := f.receive(t, "BQD", "C1", d(12, 20), "500.00")
		hr8Close(t, f)
		before, rawBefore := hr8FEC(t, f, "2026")
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(0)}})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Matches, 1)
		t.Logf("match date %s", res.Matches[0].Date)
		after, rawAfter := hr8FEC(t, f, "2026")
		assert.Equal(t, before, after, "the closed year's FEC changed after its closing:\n%s", fecDiff(rawBefore, rawAfter))
	})
}

// Unlettering in 2027 a match made entirely in 2026 (invoice 10/12, receipt
// 20/12, lettered AAA in 2026) once 2026 is closed.
//
// Expected (DESIGN §5: a lock date never blocks unlettering; §13: a closed
// year is definitive, and the project's sameClosedYear says its FEC must
// not change): either the unlettering is refused, or it leaves the 2026
// FEC as filed. Observed: it is accepted and the re-exported 2026 FEC
// loses EcritureLet AAA / DateLet on both lines (the match's tombstone
// is not dated, so the closed year's export follows today's state).
// Was skipped as an open question, now passes: a closed year's FEC keeps
// the matches undone since its closing.
func TestHrev8UnletterClosedYearMatchChangesClosedFEC(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(12, 10), "500.00")
		f.receive(t, "BQD", "C1", d(12, 20), "500.00", inv)
		hr8Close(t, f)
		before, rawBefore := hr8FEC(t, f, "2026")
		require.Contains(t, strings.Join(before, "\n"), "AAA 20261220")
		_, err := f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		if err != nil {
			t.Logf("unletter refused: %v", err)
			f.check(t)
			return
		}
		f.check(t)
		after, rawAfter := hr8FEC(t, f, "2026")
		assert.Equal(t, before, after, "the closed year's FEC changed:\n%s", fecDiff(rawBefore, rawAfter))
	})
}

// A USD invoice of 10/12/2026 at 1.20 (1 000.00 EUR), paid 1 200.00 USD
// on 15/01/2027 at 1.25 (960.00 EUR): the exchange loss 40.00 is dated
// 15/01/2027 (the partial's date), in 2027; 656000 is 0 at 31/12/2026.
// Same with 2026 closed. Aged at 31/12/2026: 1 000.00 EUR open.
func TestHrev8ProbeFXPaidNextYear(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d27(1, 1), currency.MustParseRate("1.25")))
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(12, 10), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1000.00"), AmountCurrency: currency.MustParse(usd, "1200.00")},
			{Account: "706000", Balance: e("-1000.00"), AmountCurrency: currency.MustParse(usd, "-1200.00")},
		}})
		hr8Close(t, f)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d27(1, 15), Method: reconcile.MethodTransfer, Amount: currency.MustParse(usd, "1200.00"), Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
		f.check(t)
		for _, x := range res.Entries {
			t.Logf("%s %s %s", x.Journal, x.Date, x.Type)
			assert.Equal(t, "2027", x.FiscalYear)
		}
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "1000.00", hr8Aged(t, f, yearEnd26))
		assert.Equal(t, "0.00", hr8Aged(t, f, d27(1, 31)))
		b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "656000", At: d27(12, 31)})
		require.NoError(t, err)
		assert.Equal(t, "40.00", b.Balance.Plain())
		b, err = f.book.Balance(ctx, ledger.BalanceQuery{Account: "656000", At: yearEnd26})
		require.NoError(t, err)
		assert.Equal(t, "0.00", b.Balance.Plain())
		fec27, _ := hr8FEC(t, f, "2027")
		t.Logf("%q", fec27)
	})
}

// hr8LetSum sums Debit − Credit of the 411000 FEC rows lettered code.
func hr8LetSum(t *testing.T, rows []string, code string) (string, int) {
	t.Helper()
	sum := currency.Zero(eur)
	n := 0
	for _, r := range rows {
		c := strings.Fields(r)
		if len(c) >= 7 && c[5] == code {
			n++
			dr := currency.MustParse(eur, strings.ReplaceAll(c[3], ",", "."))
			cr := currency.MustParse(eur, strings.ReplaceAll(c[4], ",", "."))
			sum, _ = sum.Add(dr)
			sum, _ = sum.Sub(cr)
		}
	}
	return sum.Plain(), n
}

// A receipt of 2026 for 500.00 lettered with invoice A (300.00, 2026) in
// 2026, the 200.00 left lettered with invoice B of 2027 in 2027: at
// 31/12/2026 C1 shows −200.00; the group matches in 2027 (AAA on A, the
// receipt and B); the 2026 FEC carries no letter; the 2027 FEC carries
// the receipt's −200.00 in its opening, lettered AAA, tying to zero with B.
func TestHrev8ProbeAdvanceSpansYearEnd(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(12, 1), "300.00")
		r := f.receive(t, "BQD", "C1", d(12, 20), "500.00", a)
		f.check(t)
		assert.Equal(t, "-200.00", hr8Aged(t, f, yearEnd26))
		hr8Close(t, f)
		b := f.invoice(t, "C1", d27(1, 5), "200.00")
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{r.LineRef(0), b.LineRef(0)}})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Matches, 1)
		assert.Equal(t, d27(1, 5), res.Matches[0].Date)
		assert.Len(t, res.Matches[0].Lines, 3)
		assert.Equal(t, "-200.00", hr8Aged(t, f, yearEnd26))
		assert.Equal(t, "0.00", hr8Aged(t, f, d27(1, 5)))
		fec26, _ := hr8FEC(t, f, "2026")
		for _, x := range fec26 {
			assert.NotContains(t, x, "AAA")
		}
		fec27, _ := hr8FEC(t, f, "2027")
		t.Logf("%q", fec27)
		sum, n := hr8LetSum(t, fec27, "AAA")
		assert.Equal(t, 2, n)
		assert.Equal(t, "0.00", sum)
	})
}

// USD invoice 1 200.00 at 1.20 (1 000.00 EUR) of 10/12/2026 and USD
// receipt 1 200.00 at 1.25 (960.00 EUR) of 20/12/2026 on account; 2026
// is locked (general lock 31/12/2026, not closed) and they are lettered
// in 2027: the exchange loss 40.00 moves to 01/01/2027 (DESIGN §5); at
// 31/12/2026 C1 owes 40.00 EUR and 0.00 USD (the account's balance then);
// the 2026 FEC has no letter (the match is dated 01/01/2027); the 2027
// FEC opens the invoice at 40,00 lettered AAA with the exchange line.
func TestHrev8ProbeFXLetteredAfterLock(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(12, 15), currency.MustParseRate("1.25")))
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(12, 10), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1000.00"), AmountCurrency: currency.MustParse(usd, "1200.00")},
			{Account: "706000", Balance: e("-1000.00"), AmountCurrency: currency.MustParse(usd, "-1200.00")},
		}})
		pres, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(12, 20), Method: reconcile.MethodTransfer, Amount: currency.MustParse(usd, "1200.00")})
		require.NoError(t, err)
		pay := pres.Entries[0]
		*f.now = time.Date(2027, time.January, 20, 10, 0, 0, 0, time.UTC)
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, yearEnd26, "year end"))
		var payLine journal.LineRef
		for i, l := range pay.Lines {
			if l.Account == "411000" {
				payLine = pay.LineRef(i)
			}
		}
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), payLine}})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Entries, 1)
		assert.Equal(t, d27(1, 1), res.Entries[0].Date)
		require.Len(t, res.Matches, 1)
		assert.Equal(t, d27(1, 1), res.Matches[0].Date)
		ag, err := f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"411000"}, Partners: []string{"C1"}, At: yearEnd26})
		require.NoError(t, err)
		require.Len(t, ag.Rows, 1)
		assert.Equal(t, "40.00", ag.Rows[0].CompanyTotal.Plain())
		assert.Equal(t, "0.00", ag.Rows[0].Total.Plain())
		bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "411000", At: yearEnd26})
		require.NoError(t, err)
		assert.Equal(t, "40.00", bal.Balance.Plain())
		fec26, _ := hr8FEC(t, f, "2026")
		for _, x := range fec26 {
			assert.NotContains(t, x, "AAA")
		}
		hr8Close(t, f)
		fec27, _ := hr8FEC(t, f, "2027")
		t.Logf("%q", fec27)
		sum, n := hr8LetSum(t, fec27, "AAA")
		assert.Equal(t, 2, n)
		assert.Equal(t, "0.00", sum)
	})
}

// USD invoice 1 000.01 at 1.10 (909.10 EUR) of 01/12/2026; 333.33 USD
// received on 20/12/2026 at 1.20 (277.78 EUR): loss 25.25 on 20/12/2026,
// the invoice's open 666.68 USD kept at its own rate (606.07 EUR), which
// the aged balance at 31/12/2026 shows; 2026 closed; 666.68 USD received
// on 15/01/2027 at 1.30 (512.83 EUR): loss 93.24 on 15/01/2027. 656000:
// 25.25 at 31/12/2026, 118.49 in all (909.10 − 277.78 − 512.83), to the
// cent; the invoice paid; AAA ties in the 2027 FEC.
func TestHrev8ProbeFXPartialAcrossYearEndCents(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(12, 15), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d27(1, 1), currency.MustParseRate("1.30")))
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(12, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: u("1000.01")},
			{Account: "706000", AmountCurrency: u("-1000.01")},
		}})
		require.Equal(t, "909.10", inv.Lines[0].Balance.Plain())
		pay := func(at journal.Date, amt string) reconcile.Result {
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
				Date: at, Method: reconcile.MethodTransfer, Amount: u(amt), Invoices: []journal.ID{inv.ID}})
			require.NoError(t, err)
			f.check(t)
			return res
		}
		bal := func(acct string, at journal.Date) string {
			b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: acct, At: at})
			require.NoError(t, err)
			return b.Balance.Plain()
		}
		pay(d(12, 20), "333.33")
		assert.Equal(t, "25.25", bal("656000", yearEnd26))
		ag, err := f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"411000"}, Partners: []string{"C1"}, At: yearEnd26})
		require.NoError(t, err)
		require.Len(t, ag.Rows, 1)
		assert.Equal(t, "666.68", ag.Rows[0].Total.Plain())
		assert.Equal(t, "606.07", ag.Rows[0].CompanyTotal.Plain())
		hr8Close(t, f)
		pay(d27(1, 15), "666.68")
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "25.25", bal("656000", yearEnd26))
		assert.Equal(t, "118.49", bal("656000", d27(12, 31)))
		assert.Equal(t, "0.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, "606.07", hr8Aged(t, f, yearEnd26))
		fec27, _ := hr8FEC(t, f, "2027")
		t.Logf("%q", fec27)
		sum, _ := hr8LetSum(t, fec27, "AAA")
		assert.Equal(t, "0.00", sum)
	})
}

// hr8Codes returns the letter codes of 411000 FEC rows.
func hr8Codes(rows []string) map[string]bool {
	out := map[string]bool{}
	for _, r := range rows {
		if c := strings.Fields(r); len(c) >= 7 {
			out[c[5]] = true
		}
	}
	return out
}

// The USD scenario above, then the 2026 receipt detached in 2027 (2026
// closed): its exchange entry of 20/12/2026 is reversed on 01/01/2027 and
// lettered with it; the aged balance at 31/12/2026 still sums to 411000's
// balance then (606.07); every letter code of the 2027 FEC ties to zero
// inside the file; the invoice is partly paid (333.33 USD open).
func TestHrev8ProbeDetachClosedYearFXPartial(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(12, 15), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d27(1, 1), currency.MustParseRate("1.30")))
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(12, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: u("1000.01")},
			{Account: "706000", AmountCurrency: u("-1000.01")},
		}})
		pay := func(at journal.Date, amt string) journal.Entry {
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
				Date: at, Method: reconcile.MethodTransfer, Amount: u(amt), Invoices: []journal.ID{inv.ID}})
			require.NoError(t, err)
			f.check(t)
			return res.Entries[0]
		}
		p1 := pay(d(12, 20), "333.33")
		hr8Close(t, f)
		pay(d27(1, 15), "666.68")
		var l1 journal.LineRef
		for i, l := range p1.Lines {
			if l.Account == "411000" {
				l1 = p1.LineRef(i)
			}
		}
		res, err := f.rec.Detach(ctx, journal.NoID, l1)
		require.NoError(t, err)
		f.check(t)
		for _, x := range res.Entries {
			t.Logf("%s %s %s", x.Name(), x.Date, x.Type)
			assert.Equal(t, d27(1, 1), x.Date)
		}
		st := f.state(t, inv)
		assert.Equal(t, reconcile.Partial, st.State)
		assert.Equal(t, "606.07", hr8Aged(t, f, yearEnd26))
		fec27, _ := hr8FEC(t, f, "2027")
		t.Logf("%q", fec27)
		for code := range hr8Codes(fec27) {
			sum, _ := hr8LetSum(t, fec27, code)
			assert.Equal(t, "0.00", sum, "letter %s ties in the 2027 FEC", code)
		}
	})
}

// USD invoice 1 200.00 at 1.20 (1 000.00 EUR) of 10/12/2026, revalued at
// 31/12/2026 at 1.25 (960.00: 40.00 to 476000), 2026 closed, paid 1 200.00
// USD on 15/01/2027 at 1.30 (923.08 EUR): the realised loss is measured
// from the invoice's own rate (76.92), not from the revalued value; the
// aged balance at 31/12/2026 shows 960.00 (411000's balance then, the
// revaluation included); 411000 is 0 in all; every letter of the 2026
// and 2027 FECs ties to zero inside its file.
func TestHrev8ProbeRevaluedThenPaidNextYear(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d27(1, 1), currency.MustParseRate("1.30")))
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(12, 10), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: u("1200.00")},
			{Account: "706000", AmountCurrency: u("-1200.00")},
		}})
		_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: yearEnd26, Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.25")}})
		require.NoError(t, err)
		f.check(t)
		hr8Close(t, f)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d27(1, 15), Method: reconcile.MethodTransfer, Amount: u("1200.00"), Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
		f.check(t)
		bal := func(acct string, at journal.Date) string {
			b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: acct, At: at})
			require.NoError(t, err)
			return b.Balance.Plain()
		}
		assert.Equal(t, "76.92", bal("656000", d27(12, 31)))
		assert.Equal(t, "0.00", bal("411000", d27(12, 31)))
		assert.Equal(t, "0.00", bal("476000", d27(12, 31)))
		assert.Equal(t, "40.00", bal("476000", yearEnd26))
		assert.Equal(t, "960.00", hr8Aged(t, f, yearEnd26))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		for _, y := range []string{"2026", "2027"} {
			rows, _ := hr8FEC(t, f, y)
			t.Logf("%s %q", y, rows)
			for code := range hr8Codes(rows) {
				sum, _ := hr8LetSum(t, rows, code)
				assert.Equal(t, "0.00", sum, "%s: letter %s ties", y, code)
			}
		}
	})
}
