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
	"github.com/stretchr/testify/require"
)

// TestReview2BalancesGapYears: a book of fourteen fiscal years whose
// movements fall in a few years with gaps between them, posted later years
// first then backdated, in euros, dollars and a unit of account, partners
// whose codes are prefixes of each other (one with dollar lines only),
// single posts, lagging batches and reversals; every balance, the trial
// balance, Opening and AccountPartners against the lines.
func TestReview2BalancesGapYears(t *testing.T) {
	for name, st := range openStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			eur, usd := currency.MustLookup("EUR"), currency.MustLookup("USD")
			pts, err := currency.NewUnit("PTS9", 0)
			require.NoError(t, err)
			r := rand.New(rand.NewPCG(11, 12))
			b, err := ledger.Create(ctx, st, ledger.Options{Currency: eur})
			require.NoError(t, err)
			for y := 2014; y <= 2027; y++ {
				require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(y)))
			}
			require.NoError(t, b.InstallFrenchChart(ctx))
			require.NoError(t, b.AddUnit(ctx, pts))
			partners := []string{"C", "C1", "C10", "C1A", "C2"}
			for _, p := range partners {
				require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: p}))
			}
			require.NoError(t, b.SetRate(ctx, usd, journal.MustDate(2014, 1, 1), currency.MustParseRate("1.25")))
			require.NoError(t, b.SetRate(ctx, pts, journal.MustDate(2014, 1, 1), currency.MustParseRate("0.5")))
			var lines []postedLine
			record := func(x journal.Entry) {
				for _, l := range x.Lines {
					bal, _ := l.Balance.MinorUnits()
					amt, _ := l.AmountCurrency.MinorUnits()
					lines = append(lines, postedLine{x.Date, l.Account, l.Partner, bal, l.AmountCurrency.Currency().Code(), amt})
				}
			}
			entry := func(year int) journal.Entry {
				date := journal.MustDate(year, time.Month(1+r.IntN(12)), 1+r.IntN(28))
				p := partners[r.IntN(len(partners))]
				cur := []currency.Currency{eur, usd, pts}[r.IntN(3)]
				if p == "C10" {
					cur = usd // a partner with dollar lines only
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
			var posted []journal.ID
			for _, year := range []int{2024, 2026, 2019, 2015, 2021} {
				for i := 0; i < 3; i++ {
					res, err := b.Post(ctx, entry(year))
					require.NoError(t, err)
					record(res.Entry)
					posted = append(posted, res.Entry.ID)
				}
				in := make([]journal.Entry, ledger.IndexLagMax+7)
				for i := range in {
					in[i] = entry(year)
				}
				res, err := b.PostBatch(ctx, in, ledger.BatchOptions{})
				require.NoError(t, err)
				for _, x := range res {
					require.NoError(t, x.Err)
					record(x.Entry)
					posted = append(posted, x.Entry.ID)
				}
				i := r.IntN(len(posted))
				rev, err := b.Reverse(ctx, posted[i], ledger.ReverseOptions{})
				require.NoError(t, err)
				record(rev.Entry)
				posted = slices.Delete(posted, i, i+1)
			}

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
			var dates []journal.Date
			for y := 2013; y <= 2028; y++ {
				for _, md := range [][2]int{{1, 1}, {3, 16}, {6, 30}, {7, 1}, {7, 17}, {12, 31}} {
					dates = append(dates, journal.MustDate(y, time.Month(md[0]), md[1]))
				}
			}
			dates = append(dates, journal.Date{})
			for _, at := range dates {
				for _, a := range balanceAccounts {
					for _, p := range append([]string{""}, partners...) {
						if p != "" && a != "411000" {
							continue
						}
						for _, cur := range []currency.Currency{{}, eur, usd, pts} {
							got, err := b.Balance(ctx, ledger.BalanceQuery{Account: a, Partner: p, Currency: cur, At: at})
							require.NoError(t, err)
							d, c, amt := want(a, p, cur, at)
							where := fmt.Sprintf("balance of %s partner %q currency %q at %s", a, p, cur.Code(), at)
							require.Equal(t, d, cents(got.Debit), where)
							require.Equal(t, c, cents(got.Credit), where)
							if !cur.IsZero() {
								require.Equal(t, amt, cents(got.AmountCurrency), where)
							}
						}
					}
				}
				if at.IsZero() || at.Year() < 2014 || at.Year() > 2027 {
					continue
				}
				tb, err := b.TrialBalance(ctx, at)
				require.NoError(t, err)
				require.True(t, tb.Total.Balance.IsZero(), "trial balance at %s sums to %s", at, tb.Total.Balance)
				rows := map[string]int64{}
				for _, row := range tb.Rows {
					rows[row.Account] += cents(row.Balance)
				}
				for _, a := range balanceAccounts {
					d, c, _ := want(a, "", currency.Currency{}, at)
					if a == "706000" {
						pd, pc, _ := want(a, "", currency.Currency{}, journal.MustDate(at.Year(), 1, 1).AddDays(-1))
						d, c = d-pd, c-pc
					}
					require.Equal(t, d-c, rows[a], "trial balance of %s at %s", a, at)
				}
				// The earlier result: every income line before the year.
				pd, pc, _ := want("706000", "", currency.Currency{}, journal.MustDate(at.Year(), 1, 1).AddDays(-1))
				var earlier int64
				for _, row := range tb.Rows {
					if row.Account != "" && row.Account[0] == '1' || row.Account == "" {
						earlier += cents(row.Balance)
					}
				}
				require.Equal(t, pd-pc, earlier, "earlier result at %s", at)
			}
			for y := 2014; y <= 2027; y++ {
				rows, err := b.Opening(ctx, fmt.Sprint(y))
				require.NoError(t, err)
				at := journal.MustDate(y, 1, 1).AddDays(-1)
				got := map[string]int64{}
				var total int64
				for _, row := range rows {
					got[row.Account+"/"+row.Partner] += cents(row.Balance)
					total += cents(row.Balance)
				}
				require.Zero(t, total, "opening %d", y)
				for _, p := range partners {
					d, c, _ := want("411000", p, currency.Currency{}, at)
					require.Equal(t, d-c, got["411000/"+p], "opening %d of 411000 %s", y, p)
				}
				for _, a := range []string{"512000", "445710"} {
					d, c, _ := want(a, "", currency.Currency{}, at)
					require.Equal(t, d-c, got[a+"/"], "opening %d of %s", y, a)
				}
			}
			var got []string
			for p, err := range b.AccountPartners(ctx, "411000") {
				require.NoError(t, err)
				got = append(got, p)
			}
			var wantP []string
			for _, l := range lines {
				if l.partner != "" && !slices.Contains(wantP, l.partner) {
					wantP = append(wantP, l.partner)
				}
			}
			slices.Sort(wantP)
			require.Equal(t, wantP, got)
			require.NoError(t, b.Check(ctx))
		})
	}
}
