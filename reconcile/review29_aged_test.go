package reconcile_test

// Review 29: reports read at a past date — aged balance, partner statement
// and lettering list against the book's balance at that date.

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// r29Rows renders the aged rows of one partner on one account at day:
// "CUR: own/company …" per row.
func r29Rows(t *testing.T, s *scenario, day, account, partner string) []string {
	t.Helper()
	a, err := s.f.rec.Aged(ctx, reconcile.AgedQuery{At: date(t, day), Accounts: []string{account}})
	require.NoError(t, err)
	var out []string
	for _, r := range a.Rows {
		if r.Account != account || r.Partner != partner {
			continue
		}
		x := r.Currency.Code() + ":"
		for i := range r.Amounts {
			x += " " + r.Amounts[i].Plain() + "/" + r.Company[i].Plain()
		}
		out = append(out, x)
	}
	return out
}

// r29Aged asserts the rows of partner on account at day.
func r29Aged(day, account, partner string, want ...string) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) {
		t.Helper()
		require.Equal(t, want, r29Rows(t, s, day, account, partner), "aged %s %s at %s", account, partner, day)
	}
}

// r29Agrees asserts that, at day, the aged balance's company buckets sum,
// per partner and overall, to the account's balance at day (DESIGN §11).
func r29Agrees(day, account string, partners ...string) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) {
		t.Helper()
		a, err := s.f.rec.Aged(ctx, reconcile.AgedQuery{At: date(t, day), Accounts: []string{account}})
		require.NoError(t, err)
		for _, p := range append([]string{""}, partners...) {
			rvAgedAgrees(t, s.f, a, account, p)
		}
	}
}

// r29CurrencyAgrees asserts that, at day, the aged rows in foreign currency
// cur sum (own and company columns) to the account's balance in cur.
func r29CurrencyAgrees(day, account, partner, cur string) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) {
		t.Helper()
		c := s.currency(cur)
		a, err := s.f.rec.Aged(ctx, reconcile.AgedQuery{At: date(t, day), Accounts: []string{account}})
		require.NoError(t, err)
		own, company := currency.Zero(c), currency.Zero(s.f.book.Currency())
		for _, r := range a.Rows {
			if r.Partner == partner && r.Currency == c {
				own, _ = own.Add(r.Total)
				company, _ = company.Add(r.CompanyTotal)
			}
		}
		b, err := s.f.book.Balance(ctx, ledger.BalanceQuery{Account: account, Partner: partner, Currency: c, At: date(t, day)})
		require.NoError(t, err)
		require.Equal(t, b.AmountCurrency.Plain()+"/"+b.Balance.Plain(), own.Plain()+"/"+company.Plain(),
			"%s %s in %s at %s: aged row (own/company) vs book balance in %s", account, partner, cur, day, cur)
	}
}

// r29LetteringAgrees asserts that, for each named document, its total less
// what the lettering list shows settled by payments dated on or before day
// is its residual at day, the aged balance's item amount.
func r29LetteringAgrees(day, account, partner string, docs ...string) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) {
		t.Helper()
		at := date(t, day)
		rows, err := s.f.rec.LetteringList(ctx, reconcile.LetteringFilter{Account: account, Partner: partner, PaymentTo: at})
		require.NoError(t, err)
		items, err := s.f.book.OpenItemsAt(ctx, account, partner, at)
		require.NoError(t, err)
		for _, name := range docs {
			e := s.doc(name)
			ref := journal.LineRef{Entry: e.ID, Index: 0}
			l := e.Lines[0]
			left, leftOwn := l.Balance, l.AmountCurrency
			if leftOwn.IsZero() {
				leftOwn = l.Balance
			}
			for _, r := range rows {
				if r.InvoiceID != e.ID {
					continue
				}
				set, setOwn := r.SettledCompany.Abs(), r.Settled.Abs()
				if l.Balance.Sign() < 0 {
					set, setOwn = set.Neg(), setOwn.Neg()
				}
				left, _ = left.Sub(set)
				leftOwn, _ = leftOwn.Sub(setOwn)
			}
			want, wantOwn := "0.00", "0.00"
			for _, it := range items {
				if it.Ref == ref {
					want, wantOwn = it.Residual.Balance.Plain(), it.Residual.AmountCurrency.Plain()
				}
			}
			require.Equal(t, want+"/"+wantOwn, left.Plain()+"/"+leftOwn.Plain(),
				"%s at %s: residual at the date (aged) vs total less the lettering list's rows paid by then", name, day)
		}
	}
}

// r29StatementAgrees asserts that today's partner statement lists the
// items the aged balance counts at day (a day after every entry), with the
// same residuals.
func r29StatementAgrees(day, account, partner string) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) {
		t.Helper()
		st, err := s.f.rec.Statement(ctx, account, partner)
		require.NoError(t, err)
		var got []string
		for _, it := range append(append([]reconcile.Item(nil), st.Open...), st.Credits...) {
			got = append(got, fmt.Sprintf("%s %s/%s", it.Number, it.Residual.Plain(), it.ResidualCurrency.Plain()))
		}
		items, err := s.f.book.OpenItemsAt(ctx, account, partner, date(t, day))
		require.NoError(t, err)
		var want []string
		sum := currency.Zero(s.f.book.Currency())
		for _, it := range items {
			want = append(want, fmt.Sprintf("%s %s/%s", it.Number, it.Residual.Balance.Plain(), it.Residual.AmountCurrency.Plain()))
			sum, _ = sum.Add(it.Residual.Balance)
		}
		require.ElementsMatch(t, want, got, "statement of %s vs open items at %s", partner, day)
		a, err := s.f.rec.Aged(ctx, reconcile.AgedQuery{At: date(t, day), Accounts: []string{account}, Partners: []string{partner}})
		require.NoError(t, err)
		net, _ := st.Due.Sub(st.Unallocated)
		if account == "401000" {
			net = net.Neg()
		}
		require.Equal(t, a.CompanyTotal.Plain(), net.Plain(), "statement due − unallocated vs aged total")
		require.Equal(t, a.CompanyTotal.Plain(), sum.Plain())
	}
}

// Company currency: partial payments, a payment dated after D, a payment
// lettered after it was received, a write-off, a reversal dated after D.
// D = 31 March 2026.
func TestReview29AgedPastDateCompanyCurrency(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `
invoice A C1 2026-01-10 300.00 due=2026-02-09
pay P1 C1 BQD 2026-02-20 100.00 A
invoice B C1 2026-02-01 200.00 due=2026-03-03
pay P2 C1 BQD 2026-04-15 200.00 B
pay P3 C1 BQD 2026-03-10 50.00
invoice W C2 2026-02-01 100.00 due=2026-03-03
pay Q C2 BQD 2026-03-20 99.98
letter W Q writeoff=1 name=WO
invoice R C3 2026-03-01 80.00 due=2026-03-31
`,
		// R reversed on 10 April.
		func(t *testing.T, s *scenario) {
			res, err := s.f.rec.Reverse(ctx, reconcile.Reversal{Entry: s.doc("R").ID, Date: date(t, "2026-04-10")})
			require.NoError(t, err)
			s.docs["REV"] = res.Entries[0]
		},
		// P3 (received 10 March) lettered with A in April: the partial is
		// dated 10 March, so at 31 March A owes 150.00.
		`letter A P3`,
		// At 31 March: A 300 − 100 − 50 = 150.00, due 9 February → 50 days
		// late (31-60); B 200.00 (P2 is dated 15 April), due 3 March → 28
		// days (1-30). W settled on 20 March (payment + write-off). R 80.00
		// due that day (not due): reversed only on 10 April.
		r29Aged("2026-03-31", "411000", "C1", "EUR: 0.00/0.00 200.00/200.00 150.00/150.00 0.00/0.00 0.00/0.00"),
		r29Aged("2026-03-31", "411000", "C2"),
		r29Aged("2026-03-31", "411000", "C3", "EUR: 80.00/80.00 0.00/0.00 0.00/0.00 0.00/0.00 0.00/0.00"),
		// On 15 March W is still owed in full (12 days late), Q not yet received.
		r29Aged("2026-03-15", "411000", "C2", "EUR: 0.00/0.00 100.00/100.00 0.00/0.00 0.00/0.00 0.00/0.00"),
		// On 5 March: A 200.00 (P3 not yet received) 24 days late, B
		// 200.00 2 days late: 400.00 in 1-30.
		r29Aged("2026-03-05", "411000", "C1", "EUR: 0.00/0.00 400.00/400.00 0.00/0.00 0.00/0.00 0.00/0.00"),
		r29Agrees("2026-03-05", "411000", "C1", "C2", "C3"),
		r29Agrees("2026-03-15", "411000", "C1", "C2", "C3"),
		r29Agrees("2026-03-31", "411000", "C1", "C2", "C3"),
		r29Agrees("2026-04-10", "411000", "C1", "C2", "C3"),
		r29Agrees("2026-04-30", "411000", "C1", "C2", "C3"),
		r29LetteringAgrees("2026-03-05", "411000", "C1", "A", "B"),
		r29LetteringAgrees("2026-03-31", "411000", "C1", "A", "B"),
		r29LetteringAgrees("2026-03-15", "411000", "C2", "W"),
		r29LetteringAgrees("2026-03-31", "411000", "C2", "W"),
		r29LetteringAgrees("2026-03-31", "411000", "C3", "R"),
		r29StatementAgrees("2026-12-31", "411000", "C1"),
		r29StatementAgrees("2026-12-31", "411000", "C2"),
		r29StatementAgrees("2026-12-31", "411000", "C3"),
	)
}

// DESIGN example 6 (realised FX, partial then full), then the second
// receipt detached in April after a lock at 31 March: its 21.74 exchange
// entry is reversed on 1 April (first open date). Aged at past dates.
func TestReview29AgedPastDateForeignDetachAfterLock(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `
rate USD 2026-01-10 1.20
rate USD 2026-02-15 1.25
rate USD 2026-03-20 1.15
invoice A C1 2026-01-10 1200.00 cur=USD due=2026-02-09
pay R1 C1 BQD 2026-02-15 600.00 cur=USD A
line R1+1.0 411000 -20.00 cur=0.00
pay R2 C1 BQD 2026-03-20 600.00 cur=USD A
line R2+1.0 411000 21.74 cur=0.00 date=2026-03-20
state A paid 0.00
`,
		// 28 February: 600.00 USD / 500.00 EUR left, due 9 Feb → 19 days late.
		r29Aged("2026-02-28", "411000", "C1", "USD: 0.00/0.00 600.00/500.00 0.00/0.00 0.00/0.00 0.00/0.00"),
		r29Agrees("2026-02-28", "411000", "C1"),
		r29Aged("2026-03-31", "411000", "C1"),
		r29Agrees("2026-03-31", "411000", "C1"),
		r29LetteringAgrees("2026-02-28", "411000", "C1", "A"),
		r29CurrencyAgrees("2026-02-28", "411000", "C1", "USD"),
		`
lock 2026-03-31
detach R2 name=U
line U.0 411000 -21.74 date=2026-04-01
residual A 500.00 cur=600.00
residual R2 -521.74 cur=-600.00
`,
		// 25 March, after the detach: A 600/500 44 days late (31-60); R2
		// −600/−521.74 5 days old (1-30); the 21.74 exchange line dated 20
		// March is open until its reversal of 1 April (company only).
		// Sum 0.00 = 1000 − 480 − 20 − 521.74 + 21.74.
		// The exchange line is in USD for nothing but its euros: it counts
		// in the USD row (it sat in a EUR row of its own, and the USD row
		// disagreed with the book's USD balance).
		r29Aged("2026-03-25", "411000", "C1",
			"USD: 0.00/0.00 -600.00/-500.00 600.00/500.00 0.00/0.00 0.00/0.00"),
		r29Agrees("2026-03-25", "411000", "C1"),
		r29Agrees("2026-04-05", "411000", "C1"),
		r29Agrees("2026-02-28", "411000", "C1"),
		r29LetteringAgrees("2026-03-25", "411000", "C1", "A"),
		r29StatementAgrees("2026-12-31", "411000", "C1"),
		r29CurrencyAgrees("2026-03-25", "411000", "C1", "USD"),
	)
}

// Year-end revaluation of a part-paid USD invoice, paid in the next year;
// then the payment detached.
//
// A 1 200.00 USD at 1.20 = 1 000.00 EUR on 1 Nov 2026, due 1 Dec.
// R1 600.00 USD on 10 Dec at 1.25 = 480.00 EUR: exchange loss 20.00.
// At 31 Dec A owes 600 USD / 500.00 EUR; closing rate 1.25 → 480.00:
// revaluation −20.00 dated 31 Dec, reversed 1 Jan 2027.
// R2 600.00 USD on 20 Jan 2027 at 1.30 = 461.54: exchange loss 38.46.
func TestReview29RevaluationThenPaymentNextYear(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `
rate USD 2026-11-01 1.20
rate USD 2026-12-10 1.25
rate USD 2026-12-31 1.25
rate USD 2027-01-20 1.30
invoice A C1 2026-11-01 1200.00 cur=USD due=2026-12-01
pay R1 C1 BQD 2026-12-10 600.00 cur=USD A
line R1+1.0 411000 -20.00 cur=0.00
revalue 2026-12-31 name=RV
line RV.0 411000 -20.00 cur=0.00 date=2026-12-31
line RV+1.0 411000 20.00 date=2027-01-01
balance 411000 480.00 at=2026-12-31
balance 411000 500.00 at=2027-01-10
pay R2 C1 BQD 2027-01-20 600.00 cur=USD A
line R2.0 411000 -461.54 cur=-600.00
line R2+1.0 411000 -38.46 cur=0.00 date=2027-01-20
state A paid 0.00
balance 411000 480.00 at=2026-12-31
balance 411000 0.00 at=2027-01-31
`,
		// 31 Dec: A 600/500, 30 days late (1-30); the revaluation line
		// −20.00 open that day (reversed and lettered on 1 Jan) counts with
		// the item it revalues (1-30). Buckets sum to 480.00.
		r29Agrees("2026-12-31", "411000", "C1"),
		r29Agrees("2027-01-10", "411000", "C1"),
		r29Agrees("2027-01-31", "411000", "C1"),
		r29Aged("2027-01-10", "411000", "C1", "USD: 0.00/0.00 0.00/0.00 600.00/500.00 0.00/0.00 0.00/0.00"),
		r29Aged("2027-01-31", "411000", "C1"),
		r29LetteringAgrees("2026-12-31", "411000", "C1", "A"),
		r29LetteringAgrees("2027-01-10", "411000", "C1", "A"),
		`
detach R2 name=U
line U.0 411000 38.46 date=2027-01-20
residual A 500.00 cur=600.00
residual R2 -461.54 cur=-600.00
balance 411000 480.00 at=2026-12-31
balance 411000 500.00 at=2027-01-10
balance 411000 38.46 at=2027-01-31
`,
		r29Agrees("2026-12-31", "411000", "C1"),
		r29Agrees("2027-01-10", "411000", "C1"),
		r29Agrees("2027-01-31", "411000", "C1"),
		// 31 Jan: A 600/500 61 days late (61-90), R2 −600/−461.54 11 days.
		r29Aged("2027-01-31", "411000", "C1", "USD: 0.00/0.00 -600.00/-461.54 0.00/0.00 600.00/500.00 0.00/0.00"),
		r29StatementAgrees("2027-12-31", "411000", "C1"),
		// The per-currency column at 31 Dec against the book's USD balance.
		// The revaluation line counts in the USD row, in the bucket of the
		// item it revalues: 600.00 USD worth 480.00 at the closing rate.
		r29Aged("2026-12-31", "411000", "C1",
			"USD: 0.00/0.00 600.00/480.00 0.00/0.00 0.00/0.00 0.00/0.00"),
		r29CurrencyAgrees("2026-12-31", "411000", "C1", "USD"),
	)
}

// Escompte, a foreign write-off and a cheque deposit cleared after D.
func TestReview29AgedPastDateDiscountWriteOffClearing(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `
sale A C1 2026-03-01 1000.00@20e
pay R C1 BQD 2026-04-10 1176.00 A discount=1
state A paid 0.00
rate USD 2026-03-01 1.25
tolerance 0.05 cur=USD
invoice U C2 2026-03-01 100.00 cur=USD due=2026-03-31
pay Q C2 BQD 2026-04-12 99.98 cur=USD
letter U Q writeoff=1 name=WO
state U paid 0.00
invoice B C3 2026-03-01 100.00 due=2026-03-31
invoice C C2 2026-03-01 250.00 due=2026-03-31
pay P1 C3 BQ 2026-03-05 100.00 B
pay P2 C2 BQ 2026-03-06 250.00 C
statement S BQ 2026-04-08 350.00
clear S P1 P2
`,
		// 31 March: A 1 200.00 not paid (due date none: aged from 1 March,
		// 30 days: 1-30); U 100.00 USD / 80.00 EUR due that day.
		r29Aged("2026-03-31", "411000", "C1", "EUR: 0.00/0.00 1200.00/1200.00 0.00/0.00 0.00/0.00 0.00/0.00"),
		r29Aged("2026-03-31", "411000", "C2", "USD: 100.00/80.00 0.00/0.00 0.00/0.00 0.00/0.00 0.00/0.00"),
		r29Aged("2026-04-30", "411000", "C1"),
		r29Aged("2026-04-30", "411000", "C2"),
		r29Agrees("2026-03-31", "411000", "C1", "C2", "C3"),
		r29Agrees("2026-04-10", "411000", "C1", "C2", "C3"),
		r29Agrees("2026-04-12", "411000", "C1", "C2", "C3"),
		r29LetteringAgrees("2026-03-31", "411000", "C1", "A"),
		r29LetteringAgrees("2026-04-10", "411000", "C1", "A"),
		r29LetteringAgrees("2026-03-31", "411000", "C2", "U"),
		r29LetteringAgrees("2026-04-12", "411000", "C2", "U"),
		r29CurrencyAgrees("2026-03-31", "411000", "C2", "USD"),
		// The outstanding-receipts account at 31 March holds the two
		// receipts (cleared on 8 April): 350.00 to clear.
		func(t *testing.T, s *scenario) {
			acct := s.entry(s.doc("P1").ID).Lines[1].Account
			for _, day := range []string{"2026-03-05", "2026-03-31", "2026-04-08"} {
				a, err := s.f.rec.Aged(ctx, reconcile.AgedQuery{At: date(t, day), Accounts: []string{acct}})
				require.NoError(t, err)
				rvAgedAgrees(t, s.f, a, acct, "")
			}
			a, err := s.f.rec.Aged(ctx, reconcile.AgedQuery{At: date(t, "2026-03-31"), Accounts: []string{acct}})
			require.NoError(t, err)
			require.Equal(t, "350.00", a.CompanyTotal.Plain(), "%s at 31 March", acct)
		},
	)
}
