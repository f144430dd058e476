package reconcile_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// TestRandomizedOrderIndependence letters the same lines in two books in
// two random orders, one pair at a time, and in a third book all at once:
// one line (a receipt in euros or dollars, or a dollar invoice) against
// several smaller lines on the other side, in dollars and euros at random
// rates. Whatever the order, every line ends with the same residual in both
// currencies and the exchange accounts with the same total. Replay with
// -seed.
func TestRandomizedOrderIndependence(t *testing.T) {
	t.Parallel()
	seed := testSeed(t)
	rounds := max(1, *modelSteps/20) // 7 rounds by default; -steps 500 for 25
	usd := currency.MustLookup("USD")
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			books := []*fixture{newFixture(t, s.Open(t)), newFixture(t, s.Open(t)), newFixture(t, s.Open(t))}
			r := rand.New(rand.NewPCG(seed, 17))
			for day := 1; day <= 365; day++ {
				date := journal.MustDate(2026, 1, 1).AddDays(day - 1)
				rate := currency.MustParseRate(fmt.Sprintf("1.%04d", r.IntN(4000))) // 1.0000 to 1.3999 USD per euro
				for _, f := range books {
					require.NoError(t, f.book.SetRate(ctx, usd, date, rate))
				}
			}
			for round := 0; round < rounds; round++ {
				orderRound(t, books, r, usd, round)
			}
		})
	}
}

// orderLine is a line to post in every book.
type orderLine struct {
	typ     journal.EntryType
	date    journal.Date
	amount  currency.Amount // positive; the type says the side
	foreign bool
	refs    []journal.LineRef // per book
}

func orderRound(t *testing.T, books []*fixture, r *rand.Rand, usd currency.Currency, round int) {
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("round %d: %s", round, fmt.Sprintf(format, args...))
	}
	partner := modelPartners[round%len(modelPartners)]
	day := func() journal.Date { return journal.MustDate(2026, 1, 1).AddDays(r.IntN(365)) }
	amount := func(c currency.Currency, lo, hi int64) currency.Amount {
		return currency.FromMinor(c, lo+r.Int64N(hi-lo))
	}
	// The big line: a receipt (credit) or an invoice (debit), in euros or
	// dollars; the small ones on the other side, in dollars or euros, that
	// it more than covers in value.
	bigDebit := r.IntN(2) == 0
	bigCur := []currency.Currency{eur, usd}[r.IntN(2)]
	big := orderLine{date: day(), foreign: bigCur == usd, amount: amount(bigCur, 500_00, 5000_00)}
	big.typ = journal.TypePayment
	if bigDebit {
		big.typ = journal.TypeInvoice
	}
	lines := []*orderLine{&big}
	n := 2 + r.IntN(3)
	budget := minorOf(big.amount) * 6 / 10 / int64(n) // in big's units, roughly
	for i := 0; i < n; i++ {
		c := []currency.Currency{eur, usd}[r.IntN(2)]
		l := &orderLine{date: day(), foreign: c == usd, amount: currency.FromMinor(c, 1+r.Int64N(max(2, budget)))}
		l.typ = journal.TypeInvoice
		if bigDebit {
			l.typ = journal.TypePayment
		}
		lines = append(lines, l)
	}
	for _, l := range lines {
		debit := l.typ == journal.TypeInvoice
		for _, f := range books {
			a := l.amount
			if !debit {
				a = a.Neg()
			}
			x := journal.Entry{Journal: "VT", Date: l.date, Type: l.typ, Lines: []journal.Line{
				{Account: "411000", Partner: partner, AmountCurrency: a},
				{Account: "706000", AmountCurrency: a.Neg()},
			}}
			if l.typ == journal.TypePayment {
				x.Journal, x.Lines[1].Account = "BQD", "512000"
			}
			if l.foreign {
				x.Currency = usd
			}
			e := f.post(t, x)
			l.refs = append(l.refs, e.LineRef(0))
		}
	}
	// Book 0 and 1 letter the big line with each small one in two orders;
	// book 2 letters them all at once.
	orders := [][]int{r.Perm(n), r.Perm(n)}
	fx0 := make([]int64, len(books))
	for b, f := range books {
		fx0[b] = exchangeBalance(t, f)
	}
	for b := 0; b < 2; b++ {
		for _, k := range orders[b] {
			small := lines[1+k]
			if _, err := books[b].rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{big.refs[b], small.refs[b]}}); err != nil {
				fail("book %d: letter the big line with small line %d: %v", b, k, err)
			}
		}
	}
	all := []journal.LineRef{big.refs[2]}
	for _, l := range lines[1:] {
		all = append(all, l.refs[2])
	}
	if _, err := books[2].rec.Reconcile(ctx, reconcile.Request{Lines: all}); err != nil {
		fail("book 2: letter all at once: %v", err)
	}
	for i, l := range lines {
		want := residualOf(t, books[0], l.refs[0])
		for b := 1; b < len(books); b++ {
			got := residualOf(t, books[b], l.refs[b])
			if !got.Balance.Equal(want.Balance) || !got.AmountCurrency.Equal(want.AmountCurrency) {
				fail("line %d (%s %s of %s): residual %s / %s in book %d, %s / %s in book 0 (orders %v, %v)", i, l.typ, l.amount,
					l.date, got.Balance, got.AmountCurrency, b, want.Balance, want.AmountCurrency, orders[0], orders[1])
			}
		}
	}
	want := exchangeBalance(t, books[0]) - fx0[0]
	for b := 1; b < len(books); b++ {
		if got := exchangeBalance(t, books[b]) - fx0[b]; got != want {
			fail("exchange accounts moved %d cents in book %d, %d in book 0 (orders %v, %v)", got, b, want, orders[0], orders[1])
		}
	}
}
