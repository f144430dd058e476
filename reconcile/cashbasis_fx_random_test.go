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
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// TestRandomizedForeignCashBasis pays dollar invoices with VAT on payment
// (one or two rates) in random parts: in dollars, in euros at the market
// rate or at a rate agreed with the bank, the last cents sometimes written
// off, payments sometimes detached. After every step the transition account
// has moved neither more than the invoice's tax nor the wrong way, in
// euros and in dollars; once the invoice is settled — whatever settled it,
// an exchange line or a write-off included — it is at zero in both
// currencies; unlettering restores it exactly. Replay with -seed.
func TestRandomizedForeignCashBasis(t *testing.T) {
	t.Parallel()
	seed := testSeed(t)
	rounds := max(1, *modelSteps/20) // 7 rounds by default; -steps 500 for 25
	usd := currency.MustLookup("USD")
	rates := []string{"20", "10", "5.5", "0"}
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s.Open(t))
			var err error
			f.rec, err = reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("0.05"), currency.MustParse(usd, "0.05")}})
			require.NoError(t, err)
			r := rand.New(rand.NewPCG(seed, 19))
			for day := 1; day <= 365; day++ {
				rate := currency.MustParseRate(fmt.Sprintf("1.%04d", r.IntN(4000)))
				require.NoError(t, f.book.SetRate(ctx, usd, journal.MustDate(2026, 1, 1).AddDays(day-1), rate))
			}
			for round := 0; round < rounds; round++ {
				foreignCashBasisRound(t, f, r, usd, rates, round)
			}
		})
	}
}

func foreignCashBasisRound(t *testing.T, f *fixture, r *rand.Rand, usd currency.Currency, rates []string, round int) {
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("round %d: %s", round, fmt.Sprintf(format, args...))
	}
	day := func() journal.Date { return journal.MustDate(2026, 1, 1).AddDays(r.IntN(365)) }
	partner := modelPartners[round%len(modelPartners)]
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: day(), Partner: partner, PartnerAccount: "411000"}
	for l := 0; l < 1+r.IntN(2); l++ {
		rate := rates[r.IntN(len(rates))]
		vat := tax.Tax{ID: "E" + rate, Name: "TVA " + rate, Rate: tax.MustParsePercent(rate), Exigibility: tax.OnPayment,
			FinalAccount: "445710", TransitionAccount: "445740"}
		base := currency.FromMinor(usd, 1+r.Int64N([]int64{100, 10_000, 1_000_000}[r.IntN(3)]))
		inv.Lines = append(inv.Lines, journal.InvoiceLine{UnitPrice: base, Taxes: []tax.Tax{vat}, Account: "706000"})
	}
	x, err := inv.Entry()
	require.NoError(t, err)
	doc := f.post(t, x)
	var taxCompany, taxUSD int64
	for _, l := range doc.Lines {
		if l.Account == "445740" {
			taxCompany += signedMinor(l.Balance)
			taxUSD += signedMinor(l.AmountCurrency)
		}
	}
	transition := func() (int64, int64) {
		b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "445740", Currency: usd})
		require.NoError(t, err)
		return signedMinor(b.Balance), signedMinor(b.AmountCurrency)
	}
	base0, base0USD := transition()
	base0 -= taxCompany
	base0USD -= taxUSD
	var pays []journal.Entry
	for step := 0; ; step++ {
		res := residualOf(t, f, doc.LineRef(0))
		if res.IsZero() {
			break
		}
		if step > 40 {
			fail("invoice still open after 40 steps: %s / %s", res.Balance, res.AmountCurrency)
		}
		owed := minorOf(res.AmountCurrency)
		pay := reconcile.Payment{Direction: reconcile.Inbound, Partner: partner, Journal: "BQD", Date: day(),
			Method: reconcile.MethodTransfer, Invoices: []journal.ID{doc.ID}}
		switch n := r.IntN(6); {
		case len(pays) > 0 && n == 0: // detach a payment
			k := r.IntN(len(pays))
			if residualOf(t, f, pays[k].LineRef(0)).IsZero() {
				if _, err := f.rec.Detach(ctx, journal.NoID, pays[k].LineRef(0)); err != nil {
					fail("detach: %v", err)
				}
			}
			continue
		case owed > 10 && n == 1: // the rest but a few cents, the rest written off
			short, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: partner, Journal: "BQD",
				Date: day(), Method: reconcile.MethodTransfer, Amount: currency.FromMinor(usd, owed-1-r.Int64N(4))})
			if err != nil {
				fail("short payment: %v", err)
			}
			if _, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{doc.LineRef(0), short.Entries[0].LineRef(0)},
				WriteOff: true}); err != nil {
				fail("letter with a write-off: %v", err)
			}
			pays = append(pays, short.Entries[0])
			continue
		case owed == 0 || n == 2: // the rest in dollars (or the company cents in euros)
			if owed == 0 {
				pay.Amount = res.Balance.Abs()
			}
		case n == 3 && owed > 1: // part in dollars
			pay.Amount = currency.FromMinor(usd, 1+r.Int64N(owed-1))
		default: // part in euros, at the market rate or at an agreed one
			pay.Amount = currency.FromMinor(eur, 1+r.Int64N(max(1, minorOf(res.Balance)*7/10)))
			if n == 5 {
				market, _, err := f.book.Rate(ctx, usd, pay.Date)
				require.NoError(t, err)
				var rate apd.Decimal
				_, err = apd.BaseContext.WithPrecision(20).Mul(&rate, market.Decimal(), apd.New(int64(95+r.IntN(11)), -2))
				require.NoError(t, err)
				if pay.AgreedRate, err = currency.RateFromDecimal(&rate); err != nil {
					fail("agreed rate: %v", err)
				}
			}
		}
		out, err := f.rec.RegisterPayment(ctx, pay)
		if err != nil {
			fail("pay %s: %v", pay.Amount, err)
		}
		pays = append(pays, out.Entries[0])
		got, gotUSD := transition()
		got, gotUSD = got-base0, gotUSD-base0USD
		if got > 0 || got < taxCompany || gotUSD > 0 || gotUSD < taxUSD {
			fail("445740 at %d / %d cents for a tax of %d / %d: moved too much or the wrong way", got, gotUSD, taxCompany, taxUSD)
		}
	}
	if got, gotUSD := transition(); got != base0 || gotUSD != base0USD {
		fail("settled invoice leaves 445740 at %d / %d cents", got-base0, gotUSD-base0USD)
	}
	if _, err := f.rec.Unletter(ctx, journal.NoID, doc.LineRef(0)); err != nil {
		fail("unletter: %v", err)
	}
	if got, gotUSD := transition(); got-base0 != taxCompany || gotUSD-base0USD != taxUSD {
		fail("after unlettering 445740 is %d / %d, the invoice booked %d / %d", got-base0, gotUSD-base0USD, taxCompany, taxUSD)
	}
	// Settle it again with one payment of what it owes, so later rounds
	// start from a settled book.
	res := residualOf(t, f, doc.LineRef(0))
	pay := reconcile.Payment{Direction: reconcile.Inbound, Partner: partner, Journal: "BQD", Date: day(),
		Method: reconcile.MethodTransfer, Invoices: []journal.ID{doc.ID}}
	if res.AmountCurrency.IsZero() {
		pay.Amount = res.Balance.Abs()
	}
	if _, err := f.rec.RegisterPayment(ctx, pay); err != nil {
		fail("pay it all again: %v", err)
	}
	if got, gotUSD := transition(); got != base0 || gotUSD != base0USD {
		fail("paid again, 445740 is at %d / %d cents", got-base0, gotUSD-base0USD)
	}
}
