// Review 32 (3ac546c): these tests PASS on 3ac546c; they pin properties of
// book format 10 worth keeping (no failing case was found in the time given).

package ledger

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// review32Line is a model line: partner p on 411000 on date, its balance in
// EUR and its USD amount (zero for an EUR line).
type review32Line struct {
	p    string
	date journal.Date
	bal  currency.Amount
	usd  currency.Amount
}

func review32Entries(rng *rand.Rand, n int) ([]journal.Entry, []review32Line) {
	var out []journal.Entry
	var model []review32Line
	for i := 0; i < n; i++ {
		p := []string{"C1", "C2"}[rng.Intn(2)]
		dt := journal.MustDate(2026, time.Month(1+rng.Intn(12)), 1+rng.Intn(28))
		if rng.Intn(3) == 0 {
			dt = journal.MustDate(2026, dt.Month(), 28+rng.Intn(4)%(daysIn(dt.Month())-27))
		}
		amt := fmt.Sprintf("%d.%02d", 1+rng.Intn(900), rng.Intn(100))
		if rng.Intn(2) == 0 {
			x := sale(p, dt, amt)
			out = append(out, x)
			model = append(model, review32Line{p, dt, x.Lines[0].Balance, currency.Zero(usd)})
		} else if rng.Intn(2) == 0 {
			x := receipt(p, dt, amt)
			out = append(out, x)
			model = append(model, review32Line{p, dt, e(amt).Neg(), currency.Zero(usd)})
		} else {
			a := u(amt)
			x := journal.Entry{Journal: "VT", Date: dt, Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
				{Account: "411000", Partner: p, AmountCurrency: a},
				{Account: "706000", AmountCurrency: a.Neg()},
			}}
			out = append(out, x)
			model = append(model, review32Line{p, dt, currency.Amount{}, a})
		}
	}
	return out, model
}

func daysIn(m time.Month) int {
	return time.Date(2026, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// review32Check compares Balance for every partner, currency and day of
// 2026 with the model, reading each posted entry's balances back (the USD
// lines' EUR balance is set by the book).
func review32Check(t *testing.T, bal func(q BalanceQuery) (Balance, error), model []review32Line) {
	t.Helper()
	for _, p := range []string{"C1", "C2"} {
		for m := time.January; m <= time.December; m++ {
			for day := 1; day <= daysIn(m); day++ {
				at := journal.MustDate(2026, m, day)
				wantAll, wantEUR, wantUSD := e("0"), e("0"), u("0")
				for _, l := range model {
					if l.p != p || l.date.Key() > at.Key() {
						continue
					}
					var err error
					wantAll, err = wantAll.Add(l.bal)
					require.NoError(t, err)
					if l.usd.IsZero() {
						wantEUR, err = wantEUR.Add(l.bal)
					} else {
						wantUSD, err = wantUSD.Add(l.usd)
					}
					require.NoError(t, err)
				}
				got, err := bal(BalanceQuery{Account: "411000", Partner: p, At: at})
				require.NoError(t, err)
				require.Truef(t, got.Balance.Equal(wantAll), "%s at %s all currencies: got %s want %s", p, at, got.Balance, wantAll)
				got, err = bal(BalanceQuery{Account: "411000", Partner: p, At: at, Currency: usd})
				require.NoError(t, err)
				require.Truef(t, got.AmountCurrency.Equal(wantUSD), "%s at %s USD: got %s want %s", p, at, got.AmountCurrency, wantUSD)
				got, err = bal(BalanceQuery{Account: "411000", Partner: p, At: at, Currency: eur})
				require.NoError(t, err)
				require.Truef(t, got.Balance.Equal(wantEUR), "%s at %s EUR: got %s want %s", p, at, got.Balance, wantEUR)
			}
		}
	}
}

// fillBal fills in the EUR balance of the model's USD lines from the posted
// entries (the book converts them).
func review32Fill(posted []journal.Entry, model []review32Line) {
	for i := range model {
		model[i].bal = review32PartnerLine(posted[i])
	}
}

func TestReview32PartnerBalanceModel(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			rng := rand.New(rand.NewSource(32))
			xs, model := review32Entries(rng, 120)
			posted := make([]journal.Entry, len(xs))
			for i, x := range xs {
				posted[i] = mustPost(t, b, x)
			}
			review32Fill(posted, model)
			review32Check(t, func(q BalanceQuery) (Balance, error) { return b.Balance(ctx, q) }, model)
			require.NoError(t, b.Check(ctx))
		})
	}
}

func TestReview32PartnerBalanceBatchLagging(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			rng := rand.New(rand.NewSource(33))
			xs, model := review32Entries(rng, IndexLagMax*3+7)
			res, err := b.PostBatch(ctx, xs, BatchOptions{})
			require.NoError(t, err)
			posted := make([]journal.Entry, len(res))
			for i := range res {
				require.NoError(t, res[i].Err)
				posted[i] = res[i].Entry
			}
			review32Fill(posted, model)
			// More lines, posted singly, then read inside the same Update.
			ys, more := review32Entries(rng, 20)
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				for i, y := range ys {
					p, _, err := tx.Post(y)
					if err != nil {
						return err
					}
					more[i].bal = review32PartnerLine(p)
				}
				all := append(append([]review32Line(nil), model...), more...)
				review32Check(t, tx.Balance, all)
				return nil
			}))
			model = append(model, more...)
			review32Check(t, func(q BalanceQuery) (Balance, error) { return b.Balance(ctx, q) }, model)
			require.NoError(t, b.Check(ctx))
		})
	}
}

// review32PartnerLine returns the balance of the entry's 411000 line.
func review32PartnerLine(x journal.Entry) currency.Amount {
	for _, l := range x.Lines {
		if l.Account == "411000" {
			return l.Balance
		}
	}
	panic("no 411000 line")
}
