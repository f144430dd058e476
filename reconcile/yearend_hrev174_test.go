package reconcile_test

// Review h-rev174: the second fiscal year of a French company, as an
// expert-comptable reviews it: 2026 with sales, purchases, partial
// payments, a USD invoice open at the year end and a cash-basis invoice
// partly paid; the closing of 2026, the opening of 2027, and lettering,
// unlettering, reports and the FEC in 2027.

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/stretchr/testify/require"
)

// hrev174Year2026 is the year 2026 of the book:
//
//	A  C1 10/03 sale 1000.00 + 200.00 VAT on debits, paid 01/04 in full (P1)
//	B  C1 15/10 sale 2000.00 + 400.00, 1000.00 received 20/11 (P2): 1400.00 open
//	S  C2 05/11 services 1000.00 + 200.00 on payment, 600.00 received 10/12 (P3)
//	T  C2 01/06 services 500.00 + 100.00 on payment, paid 01/07 in full (P8)
//	U  C3 01/12 1000.00 USD at 1.10 = 909.09 EUR, open; closing rate 1.25
//	F  S1 20/11 bill 600.00 (607000), open
const hrev174Year2026 = `
	sale A C1 2026-03-10 1000.00@20
	pay P1 C1 BQD 2026-04-01 1200.00 A
	sale T C2 2026-06-01 500.00@20e
	pay P8 C2 BQD 2026-07-01 600.00 T
	sale B C1 2026-10-15 2000.00@20
	pay P2 C1 BQD 2026-11-20 1000.00 B
	sale S C2 2026-11-05 1000.00@20e
	pay P3 C2 BQD 2026-12-10 600.00 S
	rate USD 2026-12-01 1.10
	invoice U C3 2026-12-01 1000.00 cur=USD
	bill F S1 2026-11-20 600.00
	state A paid 0.00
	state B partial 1400.00
	state S partial 600.00
	state T paid 0.00
	state U not_paid 909.09
	vat 2026-01-01 2026-12-31 445710 4000.00 800.00
	vat 2026-12-01 2026-12-31 445710 500.00 100.00
	balance 445740 -100.00
	revalue 2026-12-31 USD=1.25 name=R
	balance 476000 109.09 at=2026-12-31
	balance 476000 0.00 at=2027-01-01
	balance 411000 2800.00 at=2026-12-31
`

func hrev174Run(t *testing.T, steps ...any) *scenario {
	t.Helper()
	f := newFixture(t, stores[0].Open(t))
	s := &scenario{t: t, f: f, docs: map[string]journal.Entry{}, ops: map[string]journal.ID{}, units: map[string]currency.Currency{},
		tol: []currency.Amount{e("0.05")}}
	for _, step := range steps {
		switch x := step.(type) {
		case string:
			s.run(t.Name(), strings.NewReader(x))
		case func(*testing.T, *scenario):
			x(t, s)
		}
	}
	return s
}

// hrev174Close closes 2026 on 20/01/2027.
func hrev174Close(t *testing.T, s *scenario) {
	*s.f.now = time.Date(2027, time.January, 20, 10, 0, 0, 0, time.UTC)
	_, replay, err := s.f.rec.CloseFiscalYear(ctx, "2026", "expert")
	require.NoError(t, err)
	require.False(t, replay)
	s.f.check(t)
}

func hrev174Opening(t *testing.T, s *scenario) []string {
	rows, err := s.f.book.Opening(ctx, "2027")
	require.NoError(t, err)
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s %s %s", r.Account, r.Partner, r.Balance.Plain()))
	}
	return out
}

func hrev174FEC(t *testing.T, s *scenario, label string) (string, fec.Report, report.FECSummary) {
	var buf bytes.Buffer
	sum, err := report.WriteFEC(ctx, s.f.book, label, &buf, report.FECOptions{})
	require.NoError(t, err)
	rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: sum.Year.Start, YearEnd: sum.Year.End})
	require.NoError(t, err)
	return buf.String(), rep, sum
}

// The balances 2027 opens with: balance-sheet accounts carried, the 2026
// profit (5 409.09 of sales − 600.00 of purchases) on 120000, receivables
// per partner at their 31/12/2026 book value (C3: 909.09 − 109.09 of
// revaluation), and neither 706000 nor 607000.
func TestHrev174OpeningOf2027(t *testing.T) {
	t.Parallel()
	s := hrev174Run(t, hrev174Year2026, hrev174Close)
	require.Equal(t, []string{
		"120000  -4809.09",
		"401000 S1 -600.00",
		"411000 C1 1400.00",
		"411000 C2 600.00",
		"411000 C3 800.00",
		"445710  -800.00",
		"445740  -100.00",
		"476000  109.09",
		"512000  3400.00",
	}, hrev174Opening(t, s))
	// The revaluation is reversed on 01/01/2027 and lettered with it.
	r1 := s.entry(s.doc("R+1").ID)
	require.Equal(t, journal.MustDate(2027, 1, 1), r1.Date)
	require.Equal(t, "OD/2027/00001", r1.Name())
}

// Lettering in 2027 payments with 2026 invoices, through the original
// lines: B partial then paid, the cash-basis S's 2027 receipt making its
// VAT due in February 2027 (100.00 on 500.00), 2026's report unchanged;
// U paid 1 000.00 USD at 1.20 = 833.33: a realised loss of 75.76 against
// its historical 909.09 (the revaluation reversed), on 656000.
func TestHrev174LetteringIn2027(t *testing.T) {
	t.Parallel()
	hrev174Run(t, hrev174Year2026, hrev174Close, hrev174Year2027, `
	vat 2027-02-01 2027-02-28 445710 500.00 100.00
	vat 2027-01-01 2027-01-31 445710 0.00 0.00
	vat 2026-01-01 2026-12-31 445710 4000.00 800.00
	vat 2026-12-01 2026-12-31 445710 500.00 100.00
	line P7+1 411000 -75.76 date=2027-02-01
	balance 476000 0.00
	balance 445710 -900.00
	balance 512000 6233.33
	`)
}

// Unlettering in 2027 matches made in 2026 (closed): T's cash-basis entry of
// 01/07/2026 is reversed on 01/01/2027, the first open date, and the
// VAT report of January 2027 shows it (−100.00 on −500.00); relettered,
// the new cash-basis entry is dated 01/01/2027 too. The FEC of 2026, filed,
// does not change.
func TestHrev174UnletterIn2027(t *testing.T) {
	t.Parallel()
	var fec26 string
	s := hrev174Run(t, hrev174Year2026, func(t *testing.T, s *scenario) {
		fec26, _, _ = hrev174FEC(t, s, "2026")
	}, hrev174Close, hrev174Year2027, `
	unletter T name=UT
	state T not_paid 600.00
	line UT 445740 -100.00 date=2027-01-01
	vat 2027-01-01 2027-01-31 445710 -500.00 -100.00
	vat 2026-01-01 2026-12-31 445710 4000.00 800.00
	vat 2026-07-01 2026-07-31 445710 500.00 100.00
	letter T P8 name=LT
	state T paid 0.00
	line LT 445740 100.00 date=2027-01-01
	vat 2027-01-01 2027-01-31 445710 0.00 0.00
	unletter A
	state A not_paid 1200.00
	letter A P1
	state A paid 0.00
	`)
	after, _, _ := hrev174FEC(t, s, "2026")
	require.Equal(t, fec26, after, "the FEC of the closed 2026 changed")
	require.Equal(t, []string{
		"120000  -4809.09", "401000 S1 -600.00", "411000 C1 1400.00", "411000 C2 600.00", "411000 C3 800.00",
		"445710  -800.00", "445740  -100.00", "476000  109.09", "512000  3400.00",
	}, hrev174Opening(t, s))
}

// The aged balance at 31/12/2026 and at 31/01/2027 (due dates are the
// invoice dates): B 1 400.00 at 77 days, S 600.00 at 56, U 1 000.00 USD
// at 30; on 31/01/2027, B 1 000.00 at 108 days, S 600.00 at 87, U at 61,
// its revaluation reversed and lettered.
func TestHrev174Aged(t *testing.T) {
	t.Parallel()
	hrev174Run(t, hrev174Year2026, `
	aged 2026-12-31 C1 0.00 0.00 0.00 1400.00 0.00
	aged 2026-12-31 C2 0.00 0.00 600.00 0.00 0.00
	aged 2026-12-31 C3 0.00 1000.00 0.00 0.00 0.00
	aged 2026-12-31 S1 0.00 0.00 -600.00 0.00 0.00 account=401000
	`, hrev174Close, `
	pay P4 C1 BQD 2027-01-15 400.00 B
	aged 2027-01-31 C1 0.00 0.00 0.00 0.00 1000.00
	aged 2027-01-31 C2 0.00 0.00 0.00 600.00 0.00
	aged 2027-01-31 C3 0.00 0.00 0.00 1000.00 0.00
	aged 2026-12-31 C1 0.00 0.00 0.00 1400.00 0.00
	`)
}

// hrev174FECSums parses a FEC: the debit − credit of each account, the
// journal codes and EcritureNum of its first rows.
func hrev174FECSums(t *testing.T, txt string) (map[string]currency.Amount, [][]string) {
	sums := map[string]currency.Amount{}
	var rows [][]string
	for i, l := range strings.Split(strings.TrimRight(txt, "\n"), "\n") {
		if i == 0 {
			continue
		}
		c := strings.Split(l, "\t")
		require.Len(t, c, 18)
		rows = append(rows, c)
		dr := e(strings.ReplaceAll(c[11], ",", "."))
		cr := e(strings.ReplaceAll(c[12], ",", "."))
		x, ok := sums[c[4]]
		if !ok {
			x = currency.Zero(eur)
		}
		x, _ = x.Add(dr)
		x, _ = x.Sub(cr)
		sums[c[4]] = x
	}
	return sums, rows
}

// The FEC of 2027: the à-nouveaux first (journal AN, AN/2027/00001, dated
// 01/01/2027, receivables item by item with their piece and date), the
// validator finds no error, and each account's net in the file is its
// closing balance in the balance générale of 2027; the grand livre of
// 411000 opens at 2 800.00 and closes at 0.00.
func TestHrev174FEC2027AgreesWithBalances(t *testing.T) {
	t.Parallel()
	s := hrev174Run(t, hrev174Year2026, hrev174Close, hrev174Year2027)
	txt, rep, sum := hrev174FEC(t, s, "2027")
	require.Zero(t, rep.Errors, "%v", rep.Findings)
	require.Equal(t, "10036.36", sum.Debit.Plain())
	require.Equal(t, "10036.36", sum.Credit.Plain())
	sums, rows := hrev174FECSums(t, txt)
	var an []string
	for _, c := range rows[:10] {
		require.Equal(t, "AN", c[0])
		require.Equal(t, "AN/2027/00001", c[2])
		require.Equal(t, "20270101", c[3])
		an = append(an, strings.Join([]string{c[4], c[6], c[8], c[9], c[11], c[12]}, " "))
	}
	require.Equal(t, []string{
		"120000  AN/2027/00001 20270101 0,00 4809,09",
		"401000 S1 AC/2026/00001 20261120 0,00 600,00",
		"411000 C1 VT/2026/00003 20261015 1400,00 0,00",
		"411000 C2 VT/2026/00004 20261105 600,00 0,00",
		"411000 C3 VT/2026/00005 20261201 909,09 0,00",
		"411000 C3 OD/2026/00001 20261231 0,00 109,09",
		"445710  AN/2027/00001 20270101 0,00 800,00",
		"445740  AN/2027/00001 20270101 0,00 100,00",
		"476000  AN/2027/00001 20270101 109,09 0,00",
		"512000  AN/2027/00001 20270101 3400,00 0,00",
	}, an)
	require.NotEqual(t, "AN", rows[10][0])
	year := report.Period{From: journal.MustDate(2027, 1, 1), To: journal.MustDate(2027, 12, 31)}
	gb, err := report.ReadGeneralBalance(ctx, s.f.book, report.BalanceQuery{Period: year})
	require.NoError(t, err)
	seen := 0
	for _, r := range gb.Rows {
		if r.Kind != report.RowDetail || r.Account == "" {
			continue
		}
		seen++
		got, ok := sums[r.Account]
		if !ok {
			got = currency.Zero(eur)
		}
		require.Equal(t, r.Closing.Plain(), got.Plain(), "account %s", r.Account)
	}
	require.Equal(t, len(sums), seen)
	require.Equal(t, "-4809.09", sums["120000"].Plain())
	require.Equal(t, "75.76", sums["656000"].Plain())
	gl, err := report.ReadGeneralLedger(ctx, s.f.book, report.LedgerQuery{Period: year, Accounts: []string{"411000"}})
	require.NoError(t, err)
	var open, end string
	for _, r := range gl.Rows {
		switch r.Kind {
		case report.RowOpening:
			open = r.Balance.Plain()
		case report.RowTotal:
			end = r.Balance.Plain()
		}
	}
	require.Equal(t, "2800.00", open)
	require.Equal(t, "0.00", end)
	// Trial balance at 31/01/2027: income restarts (nothing on 706000 in
	// January), the 2026 profit on 120000.
	tb, err := s.f.book.TrialBalance(ctx, journal.MustDate(2027, 1, 31))
	require.NoError(t, err)
	got := map[string]string{}
	for _, r := range tb.Rows {
		got[r.Account] = r.Balance.Plain()
	}
	require.Equal(t, "-4809.09", got["120000"])
	require.Empty(t, got["706000"])
	require.Empty(t, got["607000"])
}

// Bad input around the closing.
func TestHrev174ClosingBadInput(t *testing.T) {
	t.Parallel()
	s := hrev174Run(t, hrev174Year2026)
	f := s.f
	// Before the year's end by the clock.
	_, _, err := f.rec.CloseFiscalYear(ctx, "2026", "expert")
	require.ErrorIs(t, err, ledger.ErrYearNotEnded)
	hrev174Close(t, s)
	before := f.snapshot(t)
	// Closing twice: the same person replays, another is refused.
	c, replay, err := f.rec.CloseFiscalYear(ctx, "2026", "expert")
	require.NoError(t, err)
	require.True(t, replay)
	require.Equal(t, "2026", c.Year.Label)
	_, _, err = f.rec.CloseFiscalYear(ctx, "2026", "other")
	require.ErrorIs(t, err, ledger.ErrAlreadyClosed)
	_, _, err = f.rec.CloseFiscalYear(ctx, "2027", "expert")
	require.ErrorIs(t, err, ledger.ErrYearNotEnded)
	_, _, err = f.rec.CloseFiscalYear(ctx, "2030", "expert")
	require.ErrorIs(t, err, ledger.ErrNoFiscalYear)
	// Posting into the closed year.
	_, err = f.book.Post(ctx, journal.Entry{Journal: "OD", Date: journal.MustDate(2026, 12, 31),
		Lines: []journal.Line{{Account: "627000", Balance: e("10.00")}, {Account: "512000", Balance: e("-10.00")}}})
	require.ErrorIs(t, err, ledger.ErrYearClosed)
	require.ErrorIs(t, err, ledger.ErrLocked)
	// No reopening: the lock date cannot move back.
	err = f.book.SetLockDate(ctx, ledger.LockGeneral, journal.MustDate(2026, 6, 30), "reopen")
	require.ErrorIs(t, err, ledger.ErrYearClosed)
	// Revaluing the closed year again.
	_, err = f.rec.Revalue(ctx, reconcile.Revaluation{Date: journal.MustDate(2026, 12, 31), Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.30")}})
	require.ErrorIs(t, err, ledger.ErrYearClosed)
	// Years out of order: a gap, an overlap, before the first.
	require.ErrorIs(t, f.book.AddFiscalYear(ctx, ledger.CalendarYear(2029)), ledger.ErrFiscalYear)
	require.ErrorIs(t, f.book.AddFiscalYear(ctx, ledger.CalendarYear(2027)), ledger.ErrFiscalYear)
	require.ErrorIs(t, f.book.AddFiscalYear(ctx, ledger.CalendarYear(2025)), ledger.ErrFiscalYear)
	f.unchanged(t, before)
	// A 2026 entry reversed now is dated 01/01/2027; asked in 2026, refused.
	_, err = f.book.Reverse(ctx, s.doc("F").ID, ledger.ReverseOptions{Date: journal.MustDate(2026, 12, 31)})
	require.ErrorIs(t, err, ledger.ErrYearClosed)
	res, err := f.book.Reverse(ctx, s.doc("F").ID, ledger.ReverseOptions{})
	require.NoError(t, err)
	require.Equal(t, journal.MustDate(2027, 1, 1), res.Entry.Date)
	require.Equal(t, "AC/2027/00001", res.Entry.Name())
	require.NoError(t, f.book.AddFiscalYear(ctx, ledger.CalendarYear(2028)))
	f.check(t)
}

// hrev174Year2027 letters in 2027 what 2026 left open: B partly then in
// full, S's remainder (cash-basis VAT due in 2027), U in USD.
const hrev174Year2027 = `
	pay P4 C1 BQD 2027-01-15 400.00 B
	state B partial 1000.00
	residual B 1000.00
	pay P5 C1 BQD 2027-02-10 1000.00 B
	state B paid 0.00
	pay P6 C2 BQD 2027-02-15 600.00 S
	state S paid 0.00
	balance 445740 0.00
	rate USD 2027-02-01 1.20
	pay P7 C3 BQD 2027-02-01 1000.00 U cur=USD
	state U paid 0.00
	balance 656000 75.76
	balance 756000 0.00
	balance 411000 0.00
`
