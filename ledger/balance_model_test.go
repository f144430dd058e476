package ledger_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// TestRandomizedBalancesAgainstLines posts random entries over three
// fiscal years, in random date order (later years first as often as not,
// so that a series' first year moves back), in euros and in dollars, some
// by batches large enough to lag, some reversed; then it asks the balance
// of every account, for all partners and for each, in all currencies, in
// euros and in dollars, at the first, the fifteenth to seventeenth and the
// last day of every month from before the first year to after the last,
// and with no date, and compares each with the sum of the posted lines.
// The trial balance, the partners of an account and Check agree too. It
// runs on both stores.
func TestRandomizedBalancesAgainstLines(t *testing.T) {
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("replay with: go test ./ledger -run TestRandomizedBalancesAgainstLines -seed %d", seed)
	for name, st := range openStores(t) {
		t.Run(name, func(t *testing.T) { runBalanceModel(t, st, seed) })
	}
}

// postedLine is a line as the book posted it, with its entry's date.
type postedLine struct {
	date    journal.Date
	account string
	partner string
	balance int64 // company currency, minor units
	cur     string
	amount  int64 // in cur, minor units
}

var (
	balanceAccounts = []string{"411000", "512000", "706000", "445710"}
	balancePartners = []string{"C1", "C2", "C3", "C4"}
)

func runBalanceModel(t *testing.T, st store.Store, seed uint64) {
	ctx := context.Background()
	eur, usd := currency.MustLookup("EUR"), currency.MustLookup("USD")
	r := rand.New(rand.NewPCG(seed, 7))
	b, err := ledger.Create(ctx, st, ledger.Options{Currency: eur})
	require.NoError(t, err)
	for y := 2025; y <= 2027; y++ {
		require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(y)))
	}
	require.NoError(t, b.InstallFrenchChart(ctx))
	for _, p := range balancePartners {
		require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: p}))
	}
	require.NoError(t, b.SetRate(ctx, usd, journal.MustDate(2025, 1, 1), currency.MustParseRate("1.25")))
	var lines []postedLine
	record := func(x journal.Entry) {
		for _, l := range x.Lines {
			bal, _ := l.Balance.MinorUnits()
			amt, _ := l.AmountCurrency.MinorUnits()
			lines = append(lines, postedLine{x.Date, l.Account, l.Partner, bal, l.AmountCurrency.Currency().Code(), amt})
		}
	}
	var posted []journal.ID
	// entry is a sale to a partner paid in part the same day, or a
	// payment alone, in euros or dollars.
	entry := func() journal.Entry {
		date := journal.MustDate(2025+r.IntN(3), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		if r.IntN(8) == 0 { // month ends, where days and months meet
			date = nextMonth(date).AddDays(-1)
		}
		p := balancePartners[r.IntN(len(balancePartners))]
		cur := eur
		if r.IntN(3) == 0 {
			cur = usd
		}
		amount := func(minor int64) currency.Amount { return currency.FromMinor(cur, minor) }
		ttc := int64(100 + r.IntN(100000))
		if r.IntN(2) == 0 {
			return journal.Entry{Journal: "BQD", Date: date, Type: journal.TypePayment, Currency: cur, Lines: []journal.Line{
				{Account: "512000", AmountCurrency: amount(ttc)},
				{Account: "411000", Partner: p, AmountCurrency: amount(-ttc)},
			}}
		}
		vat := ttc / 6
		return journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Currency: cur, Lines: []journal.Line{
			{Account: "411000", Partner: p, AmountCurrency: amount(ttc)},
			{Account: "706000", AmountCurrency: amount(-(ttc - vat))},
			{Account: "445710", AmountCurrency: amount(-vat)},
		}}
	}
	for step := 0; step < 60; step++ {
		switch op := r.IntN(10); {
		case op < 5:
			res, err := b.Post(ctx, entry())
			require.NoError(t, err, "seed %d", seed)
			record(res.Entry)
			posted = append(posted, res.Entry.ID)
		case op < 8:
			n := 1 + r.IntN(20)
			if r.IntN(4) == 0 {
				n = ledger.IndexLagMax + r.IntN(64) // lags
			}
			in := make([]journal.Entry, n)
			for i := range in {
				in[i] = entry()
			}
			res, err := b.PostBatch(ctx, in, ledger.BatchOptions{})
			require.NoError(t, err, "seed %d", seed)
			for _, x := range res {
				require.NoError(t, x.Err, "seed %d", seed)
				record(x.Entry)
				posted = append(posted, x.Entry.ID)
			}
		case len(posted) > 0:
			i := r.IntN(len(posted))
			res, err := b.Reverse(ctx, posted[i], ledger.ReverseOptions{})
			require.NoError(t, err, "seed %d", seed)
			record(res.Entry)
			posted = slices.Delete(posted, i, i+1)
		}
	}

	var dates []journal.Date
	for m := journal.MustDate(2024, 12, 1); m.Before(journal.MustDate(2028, 2, 1)); m = nextMonth(m) {
		end := nextMonth(m).AddDays(-1)
		dates = append(dates, m, m.AddDays(14), m.AddDays(15), m.AddDays(16), end)
	}
	dates = append(dates, journal.Date{})
	// want sums the posted lines of (account, partner, currency) up to at.
	want := func(account, partner string, cur currency.Currency, at journal.Date) (debit, credit, amount int64) {
		for _, l := range lines {
			if l.account != account || partner != "" && l.partner != partner || !cur.IsZero() && l.cur != cur.Code() ||
				!at.IsZero() && at.Before(l.date) {
				continue
			}
			if l.balance > 0 {
				debit += l.balance
			} else {
				credit -= l.balance
			}
			amount += l.amount
		}
		return debit, credit, amount
	}
	for _, at := range dates {
		for _, a := range balanceAccounts {
			for _, p := range append([]string{""}, balancePartners...) {
				if p != "" && a != "411000" {
					continue
				}
				for _, cur := range []currency.Currency{{}, eur, usd} {
					q := ledger.BalanceQuery{Account: a, Partner: p, Currency: cur, At: at}
					got, err := b.Balance(ctx, q)
					require.NoError(t, err)
					d, c, amt := want(a, p, cur, at)
					where := fmt.Sprintf("seed %d: balance of %s partner %q currency %q at %s", seed, a, p, cur.Code(), at)
					require.Equal(t, d, cents(got.Debit), where)
					require.Equal(t, c, cents(got.Credit), where)
					if !cur.IsZero() {
						require.Equal(t, amt, cents(got.AmountCurrency), where)
					}
				}
			}
		}
		if at.IsZero() || at.Year() < 2025 || at.Year() > 2027 {
			continue
		}
		tb, err := b.TrialBalance(ctx, at)
		require.NoError(t, err)
		rows := map[string]int64{}
		for _, row := range tb.Rows {
			rows[row.Account] = cents(row.Balance)
		}
		for _, a := range balanceAccounts {
			d, c, _ := want(a, "", currency.Currency{}, at)
			if a == "706000" { // income: the year to date
				pd, pc, _ := want(a, "", currency.Currency{}, journal.MustDate(at.Year(), 1, 1).AddDays(-1))
				d, c = d-pd, c-pc
			}
			require.Equal(t, d-c, rows[a], "seed %d: trial balance of %s at %s", seed, a, at)
		}
	}

	var partners []string
	for p, err := range b.AccountPartners(ctx, "411000") {
		require.NoError(t, err)
		partners = append(partners, p)
	}
	var withLines []string
	for _, l := range lines {
		if l.partner != "" && !slices.Contains(withLines, l.partner) {
			withLines = append(withLines, l.partner)
		}
	}
	slices.Sort(withLines)
	require.Equal(t, withLines, partners, "seed %d", seed)
	for p, err := range b.AccountPartners(ctx, "706000") {
		require.NoError(t, err)
		t.Fatalf("seed %d: 706000 has no partner lines, listed %q", seed, p)
	}
	require.NoError(t, b.Check(ctx), "seed %d", seed)
}

// nextMonth returns the first day of the month after d's.
func nextMonth(d journal.Date) journal.Date {
	if d.Month() == 12 {
		return journal.MustDate(d.Year()+1, 1, 1)
	}
	return journal.MustDate(d.Year(), d.Month()+1, 1)
}
