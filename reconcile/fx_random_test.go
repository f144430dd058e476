package reconcile_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/cockroachdb/apd/v3"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// TestRandomizedExchange letters foreign invoices (USD, JPY, KWD) with
// payments in the same currency, in euros (sometimes at an agreed rate) and
// in another foreign currency, at random rates, until each invoice is paid
// (sometimes the last cents written off in the invoice's currency), and
// checks that every group then has zero residual in both currencies, that
// the exchange entries sum to the group's company-currency difference,
// that detaching a generated exchange line undoes its partial with it, and
// that unlettering restores every residual and the exchange accounts
// exactly. Replay with -seed.
func TestRandomizedExchange(t *testing.T) {
	t.Parallel()
	seed := testSeed(t)
	rounds := max(1, *modelSteps/20) // 7 rounds by default; -steps 500 for 25
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s.Open(t))
			r := rand.New(rand.NewPCG(seed, 11))
			curs := []currency.Currency{currency.MustLookup("USD"), currency.MustLookup("JPY"), currency.MustLookup("KWD")}
			var err error
			f.rec, err = reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("0.05"),
				currency.MustParse(curs[0], "0.05"), currency.MustParse(curs[1], "5"), currency.MustParse(curs[2], "0.050")}})
			require.NoError(t, err)
			for day := 1; day <= 365; day++ { // a random rate every day, within ±20 % of a base
				date := journal.MustDate(2026, 1, 1).AddDays(day - 1)
				for i, c := range curs {
					base := []int64{120, 16000, 33}[i] // 1.20, 160.00, 0.330 with 2 decimals
					rate := currency.FromMinor(currency.MustLookup("EUR"), base*(80+r.Int64N(41))/100)
					require.NoError(t, f.book.SetRate(ctx, c, date, currency.MustParseRate(rate.Plain())))
				}
			}
			for round := 0; round < rounds; round++ {
				exchangeRound(t, f, r, curs, round)
			}
		})
	}
}

func exchangeRound(t *testing.T, f *fixture, r *rand.Rand, curs []currency.Currency, round int) {
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("round %d: %s", round, fmt.Sprintf(format, args...))
	}
	partner := modelPartners[round%len(modelPartners)]
	x := curs[r.IntN(len(curs))]
	day := func() journal.Date { return journal.MustDate(2026, 1, 1).AddDays(r.IntN(365)) }
	total := currency.FromMinor(x, 1000+r.Int64N(1_000_000))
	inv := f.post(t, journal.Entry{Journal: "VT", Date: day(), Type: journal.TypeInvoice, Currency: x, Lines: []journal.Line{
		{Account: "411000", Partner: partner, AmountCurrency: total},
		{Account: "706000", AmountCurrency: total.Neg()},
	}})
	fx0 := exchangeBalance(t, f)
	group := []journal.Entry{inv}
	agreed := false
	for k := 0; ; k++ {
		res := residualOf(t, f, inv.LineRef(0))
		if res.AmountCurrency.IsZero() && res.Balance.IsZero() {
			break
		}
		if k > 6 {
			fail("invoice %s still open after %d payments: %s / %s", inv.Name(), k, res.Balance, res.AmountCurrency)
		}
		pay := reconcile.Payment{Direction: reconcile.Inbound, Partner: partner, Journal: "BQD", Date: day(),
			Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}}
		if k > 0 && k < 3 && r.IntN(4) == 0 && minorOf(res.AmountCurrency) > 20 { // the rest but a few units, written off
			short := currency.FromMinor(x, minorOf(res.AmountCurrency)-1-r.Int64N(5))
			out, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: partner, Journal: "BQD",
				Date: day(), Method: reconcile.MethodTransfer, Amount: short})
			if err != nil {
				fail("short payment of %s: %v", short, err)
			}
			if _, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), out.Entries[0].LineRef(0)},
				WriteOff: true}); err != nil {
				fail("letter %s with a write-off of the rest: %v", short, err)
			}
			group = append(group, out.Entries[0])
			continue
		}
		switch n := r.IntN(5); {
		case k >= 3 || n == 0 || res.AmountCurrency.IsZero(): // the rest, in the invoice's currency (or cents in euros)
			if res.AmountCurrency.IsZero() {
				pay.Amount = res.Balance.Abs()
			}
		case n == 1: // part of it in the invoice's currency
			pay.Amount = currency.FromMinor(x, 1+r.Int64N(max(1, minorOf(res.AmountCurrency)-1)))
		case n == 2 || n == 4: // part of it in euros, sometimes at a rate agreed with the bank
			pay.Amount = currency.FromMinor(eur, 1+r.Int64N(max(1, minorOf(res.Balance)/2)))
			if n == 4 {
				market, _, err := f.book.Rate(ctx, x, pay.Date)
				require.NoError(t, err)
				var rate apd.Decimal // the market rate, 5 % either way
				_, err = apd.BaseContext.WithPrecision(20).Mul(&rate, market.Decimal(), apd.New(int64(95+r.IntN(11)), -2))
				require.NoError(t, err)
				pay.AgreedRate, err = currency.RateFromDecimal(&rate)
				require.NoError(t, err)
				agreed = true
			}
		default: // part of it in another foreign currency
			y := curs[(indexOf(curs, x)+1+r.IntN(len(curs)-1))%len(curs)]
			rate, _, err := f.book.Rate(ctx, y, pay.Date)
			require.NoError(t, err)
			half, err := rate.FromCompany(currency.FromMinor(eur, max(1, minorOf(res.Balance)/2)), y, currency.HalfAwayFromZero)
			require.NoError(t, err)
			if !half.IsZero() {
				pay.Amount = half
			}
		}
		out, err := f.rec.RegisterPayment(ctx, pay)
		if err != nil {
			fail("payment %d of %s in %s: %v", k, inv.Name(), pay.Amount, err)
		}
		group = append(group, out.Entries[0])
	}
	// Detaching a generated exchange line undoes the partial behind it: no
	// line of the group is left open by itself, and lettering the group again
	// closes it.
	if r.IntN(3) == 0 && !agreed { // an agreed rate belongs to its payment: lettered again, the lines would not close
		if gen, ok := exchangeLineOf(t, f, inv); ok {
			if _, err := f.rec.Detach(ctx, journal.NoID, gen); err != nil {
				fail("detach exchange line %s: %v", gen, err)
			}
			if res := residualOf(t, f, gen); !res.IsZero() {
				fail("a detached exchange line is left open: %s / %s", res.Balance, res.AmountCurrency)
			}
			// Lettered again in one go, the same lines close again (a
			// write-off of the match was reversed with it: it comes back).
			var refs []journal.LineRef
			for _, e := range group {
				if !residualOf(t, f, e.LineRef(0)).IsZero() {
					refs = append(refs, e.LineRef(0))
				}
			}
			if _, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: refs, WriteOff: true}); err != nil {
				fail("letter again after detaching an exchange line: %v", err)
			}
		}
	}
	// Paid: every line of the group at zero in both currencies, and the
	// exchange entries make up the group's company-currency difference.
	var diff int64
	for _, e := range group {
		if res := residualOf(t, f, e.LineRef(0)); !res.IsZero() {
			fail("%s still has %s / %s", e.Name(), res.Balance, res.AmountCurrency)
		}
		diff += signedMinor(e.Lines[0].Balance)
	}
	if got := exchangeBalance(t, f) - fx0; got != diff {
		fail("exchange entries sum to %d cents, the group's difference is %d", got, diff)
	}
	// Unlettering restores the posted residuals and the exchange accounts.
	if _, err := f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0)); err != nil {
		fail("unletter %s: %v", inv.Name(), err)
	}
	for _, e := range group {
		res := residualOf(t, f, e.LineRef(0))
		if !res.Balance.Equal(e.Lines[0].Balance) || !res.AmountCurrency.Equal(e.Lines[0].AmountCurrency) {
			fail("after unlettering %s has %s / %s, posted %s / %s", e.Name(), res.Balance, res.AmountCurrency,
				e.Lines[0].Balance, e.Lines[0].AmountCurrency)
		}
	}
	if got := exchangeBalance(t, f); got != fx0 {
		fail("exchange accounts at %d after unlettering, %d before", got, fx0)
	}
	// Letter the group again in one go, so later rounds see a busy book.
	var refs []journal.LineRef
	for _, e := range group {
		refs = append(refs, e.LineRef(0))
	}
	if _, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: refs}); err != nil {
		fail("letter %s again: %v", inv.Name(), err)
	}
}

// exchangeLineOf returns a live exchange line lettered to an invoice.
func exchangeLineOf(t *testing.T, f *fixture, inv journal.Entry) (journal.LineRef, bool) {
	var out journal.LineRef
	found := false
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		ps, err := tx.LivePartials(inv.LineRef(0))
		if err != nil {
			return err
		}
		for _, p := range ps {
			other := p.Credit
			if other == inv.LineRef(0) {
				other = p.Debit
			}
			e, err := tx.Entry(other.Entry)
			if err != nil {
				return err
			}
			if e.Type == journal.TypeExchangeDifference && e.ReversalOf == journal.NoID {
				out, found = other, true
			}
		}
		return nil
	}))
	return out, found
}

func residualOf(t *testing.T, f *fixture, ref journal.LineRef) ledger.Residual {
	var out ledger.Residual
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		var err error
		out, err = tx.Residual(ref)
		return err
	}))
	return out
}

// exchangeBalance is the balance of 656000 + 756000, and of the write-off
// accounts 658000 + 758000, in cents: what lettering added to the result.
func exchangeBalance(t *testing.T, f *fixture) int64 {
	var sum int64
	for _, a := range []string{"656000", "756000", "658000", "758000"} {
		b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: a})
		require.NoError(t, err)
		sum += signedMinor(b.Balance)
	}
	return sum
}

func minorOf(a currency.Amount) int64 { n, _ := a.Abs().MinorUnits(); return n }

func signedMinor(a currency.Amount) int64 { n, _ := a.MinorUnits(); return n }

func indexOf(curs []currency.Currency, c currency.Currency) int {
	for i, x := range curs {
		if x == c {
			return i
		}
	}
	return -1
}
