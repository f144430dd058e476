package hledger_test

import (
	"bytes"
	"context"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

// §13: "hledger balance on the export agrees with the trial balance to
// the cent". At the end of 2027 the trial balance shows the 2026 profit
// on 120000 and the income statement of 2027 only; hledger's balance of
// the export up to the same day shows 120000 at nothing and 706000 with
// both years' sales: the export writes no year-end (retain earnings)
// transaction, so no hledger balance of it is the trial balance.
func TestReview16bHledgerBalanceIsTrialBalance(t *testing.T) {
	hledgerPath(t)
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			b := smallBook(t, s)
			out, _ := export(t, b, hledger.Options{})
			file := filepath.Join(t.TempDir(), "book.journal")
			require.NoError(t, os.WriteFile(file, out, 0o644))
			got := hledgerBalances(t, file, "-e", "2028-01-01")
			tb, err := b.TrialBalance(ctx, day(2027, 12, 31))
			require.NoError(t, err)
			for _, r := range tb.Rows {
				if r.Account == "411000" || r.Account == "401000" || r.Balance.IsZero() {
					continue // per partner subaccounts in hledger; checked by TestHledgerAgrees
				}
				assert.Equal(t, r.Balance.String(), got[r.Account], "account %s at 31/12/2027: trial balance vs hledger balance -B -e 2028-01-01", r.Account)
			}
		})
	}
}

// A book with an entry in a unit of account (ledger.Book.AddUnit) exports
// "commodity 1000.000 GOLD" and "120.000 GOLD @@ 40.00 EUR"; reading that
// export into a new book fails (ErrCommodity) although the directive says
// all a unit needs (code, decimals): export → import into a new book does
// not give the same trial balance.
func TestReview16bRoundTripUnitOfAccount(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			src := newBook(t, s)
			gold, err := currency.NewUnit("GOLD", 3)
			require.NoError(t, err)
			require.NoError(t, src.AddUnit(ctx, gold))
			require.NoError(t, src.SetRate(ctx, gold, day(2026, 1, 1), currency.MustParseRate("3")))
			require.NoError(t, src.AddPartner(ctx, ledger.Partner{Code: "C3", Name: "Acme Inc."}))
			_, err = src.Post(ctx, journal.Entry{Journal: "VT", Date: day(2026, 9, 1), Currency: gold, Label: "Or",
				Lines: []journal.Line{{Account: "411000", Partner: "C3", AmountCurrency: currency.MustParse(gold, "120.000")},
					{Account: "706000", AmountCurrency: currency.MustParse(gold, "-120.000")}}})
			require.NoError(t, err)
			out, _ := export(t, src, hledger.Options{})
			dst := newBook(t, s)
			_, err = hledger.Read(ctx, bytes.NewReader(out), dst, hledger.ReadOptions{})
			require.NoError(t, err, "reading the export into a new book:\n%s", out)
			at := day(2026, 12, 31)
			assert.Equal(t, trial(t, src, at), trial(t, dst, at))
		})
	}
}

// A hand-kept journal with a default commodity directive ("D 1000.00
// USD"): hledger reads its bare numbers as dollars, Read skips D as a
// directive that changes nothing and posts them as euros. Like alias and
// apply, D changes what other lines mean: Read must honour it or refuse
// the file, never post 12.34 EUR where hledger says 12.34 USD.
func TestReview16bReadDefaultCommodity(t *testing.T) {
	ctx := context.Background()
	in := "D 1000.00 USD\n\n2026-05-05 Frais\n    627000  12.34\n    512000\n"
	if _, err := exec.LookPath("hledger"); err == nil {
		file := filepath.Join(t.TempDir(), "d.journal")
		require.NoError(t, os.WriteFile(file, []byte(in), 0o644))
		out, err := exec.Command("hledger", "-f", file, "balance", "--flat", "--no-total", "-O", "csv").Output()
		require.NoError(t, err)
		require.Contains(t, string(out), "12.34 USD", "hledger reads the bare number as dollars")
	}
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b := newBook(t, s)
			require.NoError(t, b.SetRate(ctx, usd, day(2026, 1, 1), currency.MustParseRate("1.25")))
			_, err := hledger.Read(ctx, strings.NewReader(in), b, hledger.ReadOptions{})
			if err != nil {
				return // refusing the file is fine
			}
			bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: "627000", At: day(2026, 12, 31)})
			require.NoError(t, err)
			assert.NotEqual(t, "12.34 EUR", bal.Balance.String(), "Read posted hledger's 12.34 USD as 12.34 EUR")
		})
	}
}

// A hand-kept journal with a posting date ("; date: 2026-07-01" on a
// posting): hledger moves that posting to July (its balance at 1 June has
// 512000 at -12 and 627000 at nothing), Read ignores the tag and posts the
// whole entry on 5 May. The book has one date an entry, so Read must
// refuse the posting date (as it refuses virtual postings), never post
// balances hledger does not show. The export escapes "date:" for this
// very reason.
func TestReview16bReadPostingDate(t *testing.T) {
	ctx := context.Background()
	in := "2026-05-05 a\n    627000  12 EUR  ; date: 2026-07-01\n    512000  -12 EUR\n"
	if _, err := exec.LookPath("hledger"); err == nil {
		file := filepath.Join(t.TempDir(), "pd.journal")
		require.NoError(t, os.WriteFile(file, []byte(in), 0o644))
		got := hledgerBalances(t, file, "-e", "2026-06-01")
		require.Equal(t, map[string]string{"512000": "-12 EUR"}, got, "hledger: 627000 moves to July")
	}
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b := newBook(t, s)
			_, err := hledger.Read(ctx, strings.NewReader(in), b, hledger.ReadOptions{})
			if err != nil {
				return // refusing the posting date is fine
			}
			bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: "627000", At: day(2026, 5, 31)})
			require.NoError(t, err)
			assert.True(t, bal.Balance.IsZero(), "627000 at 31/05/2026: the book says %s, hledger nothing", bal.Balance)
		})
	}
}
