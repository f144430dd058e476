package reconcile_test

// Review 30: lettering across a closed fiscal year. 2026 is closed
// (CloseFiscalYear) with documents of 2026 still open; they are paid,
// written off, discounted, unlettered in 2027. DESIGN §4 (closing is a
// definitive lock), §5 (dates of generated entries: at the partial's date,
// moved to the first open date when locked; a reversal at its original's
// date, moved likewise), §13 (year end, FEC). After every step Check runs
// (the scenario runner), and a hook compares the closed year with what it
// was at closing: its trial balance at 31 December, its opening rows for
// 2027 and its FEC, byte for byte.

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/stretchr/testify/require"
)

// closedYear is what 2026 looked like when it was closed.
type closedYear struct {
	tb, opening, fec string
	items            string // 411000's open items at 31/12/2026
}

func (y *closedYear) read(t *testing.T, s *scenario) closedYear {
	t.Helper()
	tb, err := s.f.book.TrialBalance(ctx, journal.MustDate(2026, time.December, 31))
	require.NoError(t, err)
	var b strings.Builder
	for _, r := range tb.Rows {
		fmt.Fprintf(&b, "%s %s %s %s\n", r.Account, r.Debit.Plain(), r.Credit.Plain(), r.Balance.Plain())
	}
	rows, err := s.f.book.Opening(ctx, "2027")
	require.NoError(t, err)
	var o strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&o, "%s %s %s\n", r.Account, r.Partner, r.Balance.Plain())
	}
	var buf bytes.Buffer
	_, err = report.WriteFEC(ctx, s.f.book, "2026", &buf, report.FECOptions{})
	require.NoError(t, err)
	rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: journal.MustDate(2026, time.January, 1),
		YearEnd: journal.MustDate(2026, time.December, 31)})
	require.NoError(t, err)
	require.Empty(t, rep.Findings, "the 2026 FEC validates")
	items, err := s.f.book.OpenItemsAt(ctx, "411000", "", journal.MustDate(2026, time.December, 31))
	require.NoError(t, err)
	var it strings.Builder
	for _, x := range items {
		e := s.entry(x.Ref.Entry)
		fmt.Fprintf(&it, "%s %s %s\n", e.Name(), x.Partner, x.Residual.Balance.Plain())
	}
	return closedYear{tb: b.String(), opening: o.String(), fec: buf.String(), items: it.String()}
}

// close2026 moves the clock to 20 January 2027, closes 2026 through the
// Reconciler and keeps what the year looked like.
func close2026(y *closedYear) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) {
		t.Helper()
		*s.f.now = time.Date(2027, time.January, 20, 10, 0, 0, 0, time.UTC)
		_, _, err := s.f.rec.CloseFiscalYear(ctx, "2026", "alice")
		require.NoError(t, err)
		*y = y.read(t, s)
		require.NoError(t, s.f.book.Check(ctx))
	}
}

// sameClosedYear asserts the closed year reads as it did at closing.
func sameClosedYear(y *closedYear, when string) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) {
		t.Helper()
		now := y.read(t, s)
		require.Equal(t, y.tb, now.tb, "%s: the trial balance of 2026 at 31 December changed", when)
		require.Equal(t, y.opening, now.opening, "%s: the opening of 2027 changed", when)
		require.Equal(t, "", fecDiff(y.fec, now.fec), "%s: the FEC of 2026 changed after its closing", when)
		require.NoError(t, s.f.book.Check(ctx))
	}
}

// taxLock2027 / generalLock2027 set lock dates inside 2027.
func generalLock(day string) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) {
		require.NoError(t, s.f.book.SetLockDate(ctx, ledger.LockGeneral, date(t, day), "review30"))
	}
}

// pnl asserts the sum of balances of accounts, cumulative, and in 2026.
func pnl(want2026, wantAll string, accounts ...string) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) {
		t.Helper()
		sum := func(at journal.Date) string {
			total := e("0.00")
			for _, a := range accounts {
				b, err := s.f.book.Balance(ctx, ledger.BalanceQuery{Account: a, At: at})
				require.NoError(t, err)
				total, _ = total.Add(b.Balance)
			}
			return total.Plain()
		}
		require.Equal(t, want2026, sum(journal.MustDate(2026, time.December, 31)), "%v at 31/12/2026", accounts)
		require.Equal(t, wantAll, sum(journal.Date{}), "%v, all dates", accounts)
	}
}

// Scenario 1, EUR, cash-basis: invoice of 10/11/2026, 1 000.00 + VAT 20 %
// on payment (Dr 411000 1 200.00 / Cr 706000 1 000.00 / Cr 445740
// 200.00), open at 31/12/2026; 2026 closed. Receipt of 1 200.00 on
// 15/01/2027: the cash-basis entry moves 200.00 from 445740 to 445710 on
// 15/01/2027 (DESIGN §5: dated at the partial's date, the later of the two
// lines' dates; CGI art. 269-2-c: VAT on services is due when the price is
// received), January 2027's VAT report shows base 1 000.00 / VAT 200.00,
// 2026's report nothing, the invoice is paid. Detaching the receipt
// reverses the cash-basis entry at its own date, 15/01/2027. 2026 is
// unchanged throughout.
func TestReview30CashBasisInvoicePaidAfterClosing(t *testing.T) {
	t.Parallel()
	var y closedYear
	reviewCaba(t, eur, `sale A C1 2026-11-10 1000.00@20e
		line A.0 411000 1200.00`,
		close2026(&y),
		`pay P C1 BQD 2027-01-15 1200.00 A
		state A paid 0.00
		code A AAA
		entries 2
		line P+1.0 445740 200.00 date=2027-01-15
		balance 445740 0.00
		balance 445710 -200.00
		balance 445740 -200.00 at=2026-12-31
		vat 2027-01-01 2027-01-31 445710 1000.00 200.00
		vat 2026-01-01 2026-12-31 445710 0.00 0.00`,
		sameClosedYear(&y, "after the payment"),
		`detach P name=U
		entries 1
		line U.0 445740 -200.00 date=2027-01-15
		state A not_paid 1200.00
		balance 445740 -200.00
		vat 2027-01-01 2027-01-31 445710 0.00 0.00`,
		sameClosedYear(&y, "after the detach"))
}

// Scenario 1, USD, cash-basis, with the year-end revaluation: invoice of
// 10/11/2026, 1 000.00 USD + 20 % on payment = 1 200.00 USD at 1 EUR =
// 1.20 USD: 1 000.00 EUR (833.33 + 166.67). Revalued at 31/12/2026 at
// 1.25: Dr 476000 40.00 / Cr 411000 40.00, reversed 01/01/2027 (PCG art.
// 420-7: écart de conversion actif). 2026 closed. Receipt of 1 200.00 USD
// on 15/01/2027 at 1.25 = 960.00 EUR: the receivable's FX difference
// 1 000.00 − 960.00 = 40.00 loss (DESIGN example 5, at the historical
// rate, not the revalued one); the cash-basis entry clears 445740 at the
// invoice's 166.67 and credits 445710 with 200 USD at 1.25 = 160.00, the
// 6.67 difference a gain (DESIGN §5 "the final account takes the
// payment's rate, and the difference is an exchange difference"): net FX
// 33.33 loss on 656000/756000, all in 2027; January 2027's VAT report
// base 800.00 (1 000 USD at 1.25) / VAT 160.00. Detaching the receipt
// reverses everything at 15/01/2027: FX back to 0.00.
func TestReview30ForeignCashBasisInvoicePaidAfterClosing(t *testing.T) {
	t.Parallel()
	var y closedYear
	reviewCaba(t, eur, `rate USD 2026-01-01 1.20
		rate USD 2027-01-01 1.25
		sale A C1 2026-11-10 1000.00@20e cur=USD
		line A.0 411000 1000.00
		revalue 2026-12-31 USD=1.25
		balance 476000 40.00 at=2026-12-31
		balance 476000 0.00`,
		close2026(&y),
		`pay P C1 BQD 2027-01-15 1200.00 A cur=USD
		state A paid 0.00 cur=0.00
		balance 445740 0.00
		balance 445710 -160.00
		balance 411000 0.00
		vat 2027-01-01 2027-01-31 445710 800.00 160.00
		vat 2026-01-01 2026-12-31 445710 0.00 0.00`,
		pnl("0.00", "33.33", "656000", "756000"),
		sameClosedYear(&y, "after the payment"),
		`detach P name=U
		state A not_paid 1000.00 cur=1200.00
		balance 445740 -166.67
		balance 445710 0.00
		vat 2027-01-01 2027-01-31 445710 0.00 0.00`,
		pnl("0.00", "0.00", "656000", "756000"),
		sameClosedYear(&y, "after the detach"))
}

// Scenario 2, EUR, cash-basis: invoice 1 200.00 (1 000.00 + 20 % on
// payment) of 10/11/2026, receipt of 600.00 on 10/12/2026 (cash-basis
// 100.00 that day, DESIGN example 7's rule), 2026 closed, receipt of
// 600.00 on 15/01/2027 (cash-basis 100.00 that day, match AAA). Detaching
// the 2026 receipt in 2027 reverses its cash-basis entry, whose own date
// (10/12/2026) is closed: it moves to 01/01/2027 (DESIGN §5: "a reversal
// at its original's date; … moves to the first open date when that date
// is locked"). December 2026's VAT report keeps 500.00 / 100.00;
// January 2027 nets to 0.00 (−500/−100 reversal, +500/+100 second
// receipt); 445740 holds −100.00 again (the invoice is half paid). The
// 2026 trial balance, opening and FEC are untouched.
func TestReview30UnletterPartialOfClosedYearCashBasis(t *testing.T) {
	t.Parallel()
	var y closedYear
	reviewCaba(t, eur, `sale A C1 2026-11-10 1000.00@20e
		pay P1 C1 BQD 2026-12-10 600.00 A
		line P1+1.0 445740 100.00 date=2026-12-10
		vat 2026-12-01 2026-12-31 445710 500.00 100.00`,
		close2026(&y),
		`pay P2 C1 BQD 2027-01-15 600.00 A
		line P2+1.0 445740 100.00 date=2027-01-15
		state A paid 0.00
		code A AAA`,
		sameClosedYear(&y, "after the second receipt"),
		`detach P1 name=U
		entries 1
		line U.0 445740 -100.00 date=2027-01-01
		state A partial 600.00
		code A open
		balance 445740 -100.00
		balance 445710 -100.00
		vat 2026-12-01 2026-12-31 445710 500.00 100.00
		vat 2027-01-01 2027-01-31 445710 0.00 0.00`,
		sameClosedYear(&y, "after detaching the 2026 receipt"),
		`unletter A name=V
		entries 1
		line V.0 445740 -100.00 date=2027-01-15
		state A not_paid 1200.00
		balance 445740 -200.00`,
		sameClosedYear(&y, "after unlettering the rest"))
}

// Scenario 2, USD: DESIGN example 6 across the year end. Invoice 1 200.00
// USD at 1.20 (1 000.00 EUR) of 01/11/2026; receipt 600.00 USD at 1.25
// (480.00 EUR) on 10/12/2026: partial 480.00, FX Dr 656000 20.00 / Cr
// 411000 20.00 on 10/12/2026. 2026 closed. Receipt 600.00 USD at 1.15
// (521.74 EUR) on 15/01/2027: partial 500.00, FX gain 21.74 on 15/01/2027.
// Detaching the 2026 receipt reverses its 20.00 FX entry on 01/01/2027
// (its own date is closed), only that one (DESIGN example 6: detaching a
// receipt reverses its own FX entry): the invoice keeps 600.00 USD /
// 500.00 EUR; 656000 nets to 0.00 over both years but keeps 20.00 at
// 31/12/2026; 756000 keeps −21.74.
func TestReview30UnletterPartialOfClosedYearForeign(t *testing.T) {
	t.Parallel()
	var y closedYear
	reviewCaba(t, eur, `rate USD 2026-01-01 1.20
		rate USD 2026-12-01 1.25
		invoice A C1 2026-11-01 1200.00 cur=USD
		pay P1 C1 BQD 2026-12-10 600.00 A cur=USD
		state A partial 500.00 cur=600.00
		balance 656000 20.00`,
		close2026(&y),
		`rate USD 2027-01-01 1.15
		pay P2 C1 BQD 2027-01-15 600.00 A cur=USD
		state A paid 0.00 cur=0.00
		balance 756000 -21.74`,
		sameClosedYear(&y, "after the second receipt"),
		`detach P1 name=U
		entries 1
		line U.0 411000 20.00 date=2027-01-01
		line U.1 656000 -20.00
		state A partial 500.00 cur=600.00
		balance 656000 0.00
		balance 656000 20.00 at=2026-12-31
		balance 756000 -21.74`,
		sameClosedYear(&y, "after detaching the 2026 receipt"))
}

// Scenario 3, escompte in 2027 on a cash-basis invoice of 2026: 1 000.00
// + 20 % on payment (1 200.00) of 10/11/2026; 2026 closed; receipt of
// 1 176.00 on 15/01/2027 with a 2 % discount (DESIGN example 10): discount
// entry Dr 665000 20.00 / Dr 445740 4.00 / Cr 411000 24.00 and cash-basis
// entry 196.00 445740 → 445710, both 15/01/2027; 445740 ends at 0.00;
// January 2027's report base 980.00 / VAT 196.00 (the discount lowers the
// base, CGI art. 267-II-1°: escomptes are not in the taxable amount).
// Then a write-off: invoice 12.00 (10.00 + 20 % on payment) of 10/11/2026,
// receipt 11.98 on 16/01/2027, lettered with write-off 0.02 on 658000
// (DESIGN example 8): entries dated 16/01/2027, the invoice paid.
func TestReview30EscompteAndWriteOffAfterClosing(t *testing.T) {
	t.Parallel()
	var y closedYear
	reviewCaba(t, eur, `sale A C1 2026-11-10 1000.00@20e
		sale W C3 2026-11-10 10.00@20e`,
		close2026(&y),
		`pay Q C1 BQD 2027-01-15 1176.00 A discount=1
		state A paid 0.00
		line Q+1.0 411000 -24.00 date=2027-01-15
		line Q+2.0 445740 196.00 date=2027-01-15
		balance 665000 20.00
		balance 445710 -196.00
		vat 2027-01-01 2027-01-31 445710 980.00 196.00`,
		sameClosedYear(&y, "after the escompte"),
		`pay S C3 BQD 2027-01-16 11.98
		letter W S writeoff=1 name=X
		entries 2
		line X.0 445740 2.00 date=2027-01-16
		line X+1.0 411000 -0.02 date=2027-01-16
		state W paid 0.00
		balance 445740 0.00
		balance 658000 0.02
		vat 2027-01-01 2027-01-31 445710 989.98 198.00`,
		// Changed: the 0.02 written off was not received, so its base is
		// not reported (9.98 of W's 10.00) and no cash-basis entry moves
		// it; the receipt's share had made the 2.00 of VAT due already.
		sameClosedYear(&y, "after the write-off"),
		`detach Q name=U
		state A not_paid 1200.00
		balance 445740 -200.00
		balance 665000 0.00
		vat 2027-01-01 2027-01-31 445710 9.98 2.00`,
		sameClosedYear(&y, "after detaching the escompte's receipt"))
}

// Scenario 3, a write-off of two lines of 2026 lettered after the closing
// (close_test does it without tax): invoice 12.00 (10.00 + 20 % on
// payment) of 10/11/2026, receipt 11.98 of 20/12/2026, lettered with a
// write-off in 2027. The partial's date, 20/12/2026, is closed: the
// write-off (0.02, no tax) and the cash-basis entries move to 01/01/2027
// (DESIGN §5), so January 2027's report carries base 9.98 / VAT 2.00 (the
// 0.02 written off was not received: changed from 10.00, which reported
// its base).
func TestReview30WriteOffOfClosedYearLines(t *testing.T) {
	t.Parallel()
	var y closedYear
	reviewCaba(t, eur, `sale W C3 2026-11-10 10.00@20e
		pay S C3 BQD 2026-12-20 11.98`,
		close2026(&y),
		`letter W S writeoff=1 name=X
		entries 2
		line X.0 445740 2.00 date=2027-01-01
		line X+1.0 411000 -0.02 date=2027-01-01
		state W paid 0.00
		balance 445740 0.00
		vat 2027-01-01 2027-01-31 445710 9.98 2.00
		vat 2026-12-01 2026-12-31 445710 0.00 0.00`,
		sameClosedYear(&y, "after the write-off"))
}

// Scenario 4, lock dates inside 2027: 2026 closed, general lock
// 31/01/2027, tax lock 31/03/2027. A receipt of 15/02/2027 on a
// cash-basis invoice of 2026 posts on its date, its cash-basis entry on
// 01/04/2027 (the tax lock; DESIGN §5); Q1 2027's VAT report is empty.
// Detaching a 2026 receipt (cash-basis 100.00 of 10/12/2026) reverses its
// cash-basis entry on 01/04/2027 too (the latest of the closing, the
// general and the tax lock). Lettering a USD invoice and a USD receipt of
// 2026 makes an FX entry (no tax) dated 01/02/2027 (the general lock).
// An escompte of 20/02/2027 posts its discount entry (it moves VAT) on
// 01/04/2027.
func TestReview30LockDatesInsideNextYear(t *testing.T) {
	t.Parallel()
	var y closedYear
	reviewCaba(t, eur, `rate USD 2026-01-01 1.20
		rate USD 2026-12-01 1.25
		sale A C1 2026-11-10 1000.00@20e
		sale B C2 2026-11-10 1000.00@20e
		pay P1 C2 BQD 2026-12-10 600.00 B
		line P1+1.0 445740 100.00 date=2026-12-10
		invoice X C3 2026-11-10 1200.00 cur=USD
		pay P3 C3 BQD 2026-12-10 1200.00 cur=USD
		sale D S1 2026-11-10 1000.00@20e`,
		close2026(&y),
		generalLock("2027-01-31"),
		taxLock("2027-03-31"),
		sameClosedYear(&y, "after the lock dates"),
		`pay P C1 BQD 2027-02-15 1200.00 A
		line P.0 411000 -1200.00 date=2027-02-15
		line P+1.0 445740 200.00 date=2027-04-01
		state A paid 0.00
		vat 2027-01-01 2027-03-31 445710 0.00 0.00
		vat 2027-04-01 2027-04-30 445710 1000.00 200.00
		detach P1 name=U
		entries 1
		line U.0 445740 -100.00 date=2027-04-01
		vat 2027-04-01 2027-04-30 445710 500.00 100.00
		letter X P3 name=F
		entries 1
		line F.0 411000 -40.00 date=2027-02-01
		state X paid 0.00 cur=0.00
		pay Q S1 BQD 2027-02-20 1176.00 D discount=1
		line Q.0 411000 -1176.00 date=2027-02-20
		line Q+1.0 411000 -24.00 date=2027-04-01
		line Q+2.0 445740 196.00 date=2027-04-01
		state D paid 0.00
		vat 2027-01-01 2027-03-31 445710 0.00 0.00
		vat 2027-04-01 2027-04-30 445710 1480.00 296.00`,
		sameClosedYear(&y, "after lettering under the 2027 locks"))
}

// fecDiff lists the FEC lines that differ (at closing → now), "" when none.
func fecDiff(before, after string) string {
	b, a := strings.Split(before, "\n"), strings.Split(after, "\n")
	var out []string
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, z string
		if i < len(b) {
			x = b[i]
		}
		if i < len(a) {
			z = a[i]
		}
		if x != z {
			out = append(out, fmt.Sprintf("line %d: at closing %q, now %q", i, x, z))
		}
	}
	return strings.Join(out, "\n")
}
