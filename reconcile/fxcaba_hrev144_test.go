package reconcile_test

// Review h-rev144: lettering in foreign currency with cash-basis VAT (TVA
// sur encaissements), credit notes, early-payment discounts and
// write-offs (DESIGN §5, §6 examples 6, 7, 10, 11, §7 invariants 5, 8–10).
// Company currency EUR; FX on 656000/756000 (DESIGN §5). Every amount the
// engine posts is recomputed by hand in the comments; Check runs after
// every scenario command (reviewCaba), on memstore and boltstore.

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
	"github.com/stretchr/testify/require"
)

// hrev144Snap renders what must come back exactly after unlettering: the
// balance of every account (company currency, and per transaction
// currency), the customers' balances and statements, the residual of
// every reconcilable line of the named documents in both currencies, and
// the VAT report of each month from March to May (lines netting to zero
// left out).
func hrev144Snap(t *testing.T, s *scenario, docs ...string) string {
	t.Helper()
	f := s.f
	var b strings.Builder
	accounts, err := f.book.Accounts(ctx)
	require.NoError(t, err)
	reconcilable := map[string]bool{}
	for _, a := range accounts {
		reconcilable[a.Code] = a.Reconcilable
		bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: a.Code})
		require.NoError(t, err)
		if !bal.Balance.IsZero() {
			fmt.Fprintf(&b, "balance %s %s\n", a.Code, bal.Balance.Plain())
		}
		for _, c := range []string{"USD", "GBP", "EUR"} {
			bc, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: a.Code, Currency: currency.MustLookup(c)})
			require.NoError(t, err)
			if !bc.Balance.IsZero() || bc.AmountCurrency.IsSet() && !bc.AmountCurrency.IsZero() {
				fmt.Fprintf(&b, "balance %s %s %s (%s)\n", a.Code, c, bc.AmountCurrency.Plain(), bc.Balance.Plain())
			}
		}
	}
	for _, p := range []string{"C1", "C2"} {
		bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "411000", Partner: p})
		require.NoError(t, err)
		st, err := f.rec.Statement(ctx, "411000", p)
		require.NoError(t, err)
		fmt.Fprintf(&b, "partner %s balance %s due %s unallocated %s\n", p, bal.Balance.Plain(), st.Due.Plain(), st.Unallocated.Plain())
	}
	for _, name := range docs {
		e := s.entry(s.doc(name).ID)
		for i, l := range e.Lines {
			if !reconcilable[l.Account] {
				continue
			}
			var r ledger.Residual
			require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
				var err error
				r, err = tx.Residual(e.LineRef(i))
				return err
			}))
			fmt.Fprintf(&b, "residual %s.%d %s (%s)\n", name, i, r.AmountCurrency.Plain(), r.Balance.Plain())
		}
	}
	for m := time.March; m <= time.May; m++ {
		from := d(m, 1)
		rep, err := f.rec.VATReport(ctx, from, from.AddMonths(1).AddDays(-1))
		require.NoError(t, err)
		var rows []string
		for _, l := range rep.Lines {
			if !l.Base.IsZero() || !l.Tax.IsZero() {
				rows = append(rows, fmt.Sprintf("vat %s %s %s base %s tax %s", m, l.Account, l.TaxID, l.Base.Plain(), l.Tax.Plain()))
			}
		}
		for _, u := range rep.Untaxed {
			if !u.Movement.IsZero() {
				rows = append(rows, fmt.Sprintf("vat %s untaxed %s %s", m, u.Account, u.Movement.Plain()))
			}
		}
		sort.Strings(rows)
		for _, r := range rows {
			b.WriteString(r + "\n")
		}
		fmt.Fprintf(&b, "vat %s collected %s deductible %s\n", m, rep.Collected.Plain(), rep.Deductible.Plain())
	}
	return b.String()
}

// hrev144Save keeps a snapshot in *into.
func hrev144Save(into *string, docs ...string) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) { *into = hrev144Snap(t, s, docs...) }
}

// hrev144Same asserts the book is as snapshotted.
func hrev144Same(before *string, docs ...string) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) {
		t.Helper()
		require.NotEmpty(t, *before)
		require.Equal(t, *before, hrev144Snap(t, s, docs...), "the book after unlettering differs from the book before lettering")
	}
}

// hrev144Entries asserts the entries the last operation posted, each as
// "TYPE: ACCOUNT BALANCE/CURRENCY-AMOUNT, …" in line order (a line without
// a currency amount of its own shows /-).
func hrev144Entries(want ...string) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) {
		t.Helper()
		var got []string
		for _, e := range s.last.Entries {
			var ls []string
			for _, l := range e.Lines {
				cur := "-"
				if l.AmountCurrency.IsSet() && l.AmountCurrency.Currency() != eur {
					cur = l.AmountCurrency.Plain() + l.AmountCurrency.Currency().Code()
				}
				ls = append(ls, fmt.Sprintf("%s %s/%s", l.Account, l.Balance.Plain(), cur))
			}
			got = append(got, fmt.Sprintf("%s %s: %s", e.Type, e.Date, strings.Join(ls, ", ")))
		}
		require.Equal(t, strings.Join(want, "\n"), strings.Join(got, "\n"))
	}
}

// A 1 200.00 USD invoice (1 000.00 + VAT 20 % on payment, at 1.20: HT
// 833.33, VAT 166.67, TTC 1 000.00 EUR) paid in three thirds of 400.00 USD
// at 1.25, 1.15 and 1.10, each lettered apart.
//
// P1 (320.00 EUR): the invoice's 400.00 USD is worth 333.33 → partial
// 320.00, exchange loss 13.33 on the invoice. Cash basis: round(200 ×
// 400/1 200) = 66.67 USD; transition round(166.67 × 1/3) = 55.56 EUR;
// final: the VAT of what was paid at what the receipt gave, rounded once,
// round(200 × 320.00 / 1 200) = round(53.3333) = 53.33; gain 2.23; base
// 333.33 USD → 266.66. (Was 53.34 / 2.22: the share rounded to 66.67 USD,
// then converted, 66.67 / 1.25 = 53.336, rounded twice.)
// P2 (347.83 EUR): partial 333.33, the receipt keeps 14.50 → gain.
// Cash basis 133.33 − 66.67 = 66.66 USD; transition 111.11 − 55.56 =
// 55.55; final: P2 gave 333.33 + the 14.50 the receipt keeps = 347.83,
// round(200 × (320.00 + 347.83) / 1 200) = round(111.305) = 111.31, less
// the 53.33 booked, 57.98; loss 2.43; base 333.34 → 289.86. (Was
// 66.66 / 1.15 = 57.97 / 2.42, rounded twice: Σ 111.31 either way here.)
// P3 (363.64 EUR): the invoice keeps 333.34 for 400.00 USD worth 333.33
// at its rate (its two drops rounded down): the partial is 333.33, P3's
// own gain 30.31, and the invoice's rounding cent goes to 656000 beside
// its loss 13.33, as lettering P3, P2 then P1 books it (loss 13.34, gains
// 30.31 and 14.50). Was: partial 333.34 and gain 30.30, a cent that moved
// between 656000 and 756000 with the order. Cash basis
// 200.00 − 133.33 = 66.67 USD; transition 166.67 − 111.11 = 55.56; final:
// P3 gave 333.33 + 30.31 = 363.64, round(200 × 1 031.47 / 1 200) =
// round(171.9117) = 171.91, less 111.31, 60.60; loss 5.04; base 333.33 →
// 303.03. (Was 66.67 / 1.10 = 60.61 / 5.05, Σ 171.92: three roundings.)
// Σ: 200.00 USD and 166.67 EUR off 445740, exactly; 445710 −171.91, the
// VAT of the three receipts' 1 031.47 EUR rounded once.
// Then the receipts are detached in another order (P2, P1, P3): the book
// is exactly as before lettering.
func TestHrev144UsdThirdsThreeRatesUnletterOtherOrder(t *testing.T) {
	t.Parallel()
	var before string
	docs := []string{"A", "P1", "P2", "P3"}
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-10 1.25
		rate USD 2026-03-20 1.15
		rate USD 2026-04-10 1.10
		sale A C1 2026-03-01 1000.00@20e cur=USD
		pay P1 C1 BQD 2026-03-10 400.00 cur=USD
		pay P2 C1 BQD 2026-03-20 400.00 cur=USD
		pay P3 C1 BQD 2026-04-10 400.00 cur=USD
		line A.0 411000 1000.00 cur=1200.00
		line A.2 445740 -166.67 cur=-200.00
		line P1.0 411000 -320.00 cur=-400.00
		line P2.0 411000 -347.83 cur=-400.00
		line P3.0 411000 -363.64 cur=-400.00`, hrev144Save(&before, docs...), `
		letter A P1`, hrev144Entries(
		"exchange_difference 2026-03-10: 411000 -13.33/0.00USD, 656000 13.33/0.00USD",
		"cash_basis 2026-03-10: 445740 55.56/66.67USD, 445710 -53.33/-66.67USD, 756000 -2.23/0.00USD, 706000 266.66/333.33USD, 706000 -266.66/-333.33USD"), `
		residual A 666.67 cur=800.00
		state A partial 666.67 cur=800.00
		letter A P2`, hrev144Entries(
		"exchange_difference 2026-03-20: 411000 14.50/0.00USD, 756000 -14.50/0.00USD",
		"cash_basis 2026-03-20: 445740 55.55/66.66USD, 445710 -57.98/-66.66USD, 656000 2.43/0.00USD, 706000 289.86/333.34USD, 706000 -289.86/-333.34USD"), `
		residual A 333.34 cur=400.00
		letter A P3`, hrev144Entries(
		"exchange_difference 2026-04-10: 411000 -0.01/0.00USD, 656000 0.01/0.00USD",
		"exchange_difference 2026-04-10: 411000 30.31/0.00USD, 756000 -30.31/0.00USD",
		"cash_basis 2026-04-10: 445740 55.56/66.67USD, 445710 -60.60/-66.67USD, 656000 5.04/0.00USD, 706000 303.03/333.33USD, 706000 -303.03/-333.33USD"), `
		state A paid 0.00 cur=0.00
		code A AAA
		balance 445740 0.00
		balance 445710 -171.91
		balance 656000 20.81
		balance 756000 -47.04
		balance 411000 0.00
		vat 2026-03-01 2026-03-31 445710 556.52 111.31
		vat 2026-04-01 2026-04-30 445710 303.03 60.60
		detach P2
		residual A 333.33 cur=400.00
		state A partial 333.33 cur=400.00
		code A open
		balance 445740 -55.55
		balance 445710 -113.93
		vat 2026-03-01 2026-03-31 445710 266.66 53.33
		detach P1
		residual A 666.66 cur=800.00
		detach P3
		state A not_paid 1000.00 cur=1200.00
		balance 445740 -166.67
		balance 445710 0.00`, hrev144Same(&before, docs...))
}

// The same thirds, detached P2 then relettered: the completing share is
// what the two live shares leave, 200.00 − 133.34 = 66.66 USD and
// 166.67 − 111.12 = 55.55 EUR; the final account, whatever the order,
// round(200 × 1 031.47 / 1 200) = 171.91 in all, less the 53.33 + 60.60
// P1 and P3 booked: 57.98, loss 2.43 (was 66.66 / 1.15 = 57.97 / 2.42,
// and 171.92 in all, a figure that depended on the order); 445740 ends
// at exactly zero in both currencies.
func TestHrev144UsdThirdsDetachMiddleReletter(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-10 1.25
		rate USD 2026-03-20 1.15
		rate USD 2026-04-10 1.10
		sale A C1 2026-03-01 1000.00@20e cur=USD
		pay P1 C1 BQD 2026-03-10 400.00 A cur=USD
		pay P2 C1 BQD 2026-03-20 400.00 A cur=USD
		pay P3 C1 BQD 2026-04-10 400.00 A cur=USD
		detach P2
		letter A P2`, hrev144Entries(
		"exchange_difference 2026-03-20: 411000 14.50/0.00USD, 756000 -14.50/0.00USD",
		"cash_basis 2026-03-20: 445740 55.55/66.66USD, 445710 -57.98/-66.66USD, 656000 2.43/0.00USD, 706000 289.86/333.34USD, 706000 -289.86/-333.34USD"),
		hrev144Zero("445740", "USD"), `
		state A paid 0.00 cur=0.00
		balance 445740 0.00
		balance 445710 -171.91`)
}

// hrev144Zero asserts an account is at zero in a currency, both amounts.
func hrev144Zero(account, cur string) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) {
		t.Helper()
		b, err := s.f.book.Balance(ctx, ledger.BalanceQuery{Account: account, Currency: currency.MustLookup(cur)})
		require.NoError(t, err)
		require.Equal(t, "0.00", b.AmountCurrency.Plain(), "%s in %s", account, cur)
		require.Equal(t, "0.00", b.Balance.Plain(), "%s in %s (company)", account, cur)
	}
}

// A GBP invoice of 120.00 GBP (100.00 + 20 % on payment at 0.87: HT
// 114.94, VAT 22.99, TTC 137.93 EUR) paid by three euro receipts each
// worth 40.00 GBP at the rate of its day: 50.00 at 0.80, 44.44 at 0.90
// (39.996), 53.33 at 0.75 (39.9975).
// The final account takes what the transition account gave plus the
// VAT's part (20/120) of the exchange difference realised so far, rounded
// on its own.
// P1: the invoice's 40.00 GBP is worth 45.98, the receipt 50.00: partial
// 45.98, the receipt keeps 4.02 → gain. Cash basis 6.67 GBP, transition
// round(22.99/3) = 7.66, final 7.66 + 4.02/6 = 7.66 + 0.67 = 8.33 (the
// VAT of 40.00 GBP paid at 50.00/40.00 is 8.3333), loss 0.67, base 33.33
// GBP → 41.66. (Was 8.34 / 0.68: 6.67 GBP rounded, then converted.)
// P2: partial 44.44, exchange 1.54 on the invoice (45.98 − 44.44). Cash
// basis 6.66 GBP, transition 15.33 − 7.66 = 7.67, final 15.33 +
// round((4.02 − 1.54)/6 = 0.4133) − 8.33 = 7.41 (8.3333 + 7.4067 =
// 15.74 in all), gain 0.26, base 33.34 → 37.04. (Was 6.66 × 44.44/40 =
// 7.40 / 0.27.)
// P3: partial 45.97, the receipt keeps 7.36. Cash basis 6.67 GBP,
// transition 22.99 − 15.33 = 7.66, final 22.99 + (2.48 + 7.36)/6 − 15.74
// = 24.63 − 15.74 = 8.89, loss 1.23, base 33.33 → 44.44. Σ 20.00 GBP and
// 22.99 EUR exactly.
// Unlettered P3, P1, P2: the book is as before.
func TestHrev144GbpThirdsPaidInEuros(t *testing.T) {
	t.Parallel()
	var before string
	docs := []string{"G", "P1", "P2", "P3"}
	reviewCaba(t, eur, `rate GBP 2026-03-01 0.87
		rate GBP 2026-03-10 0.80
		rate GBP 2026-03-20 0.90
		rate GBP 2026-04-10 0.75
		sale G C2 2026-03-01 100.00@20e cur=GBP
		pay P1 C2 BQD 2026-03-10 50.00
		pay P2 C2 BQD 2026-03-20 44.44
		pay P3 C2 BQD 2026-04-10 53.33
		line G.0 411000 137.93 cur=120.00
		line G.2 445740 -22.99 cur=-20.00`, hrev144Save(&before, docs...), `
		letter G P1`, hrev144Entries(
		"exchange_difference 2026-03-10: 411000 4.02/-, 756000 -4.02/-",
		"cash_basis 2026-03-10: 445740 7.66/6.67GBP, 445710 -8.33/-6.67GBP, 656000 0.67/0.00GBP, 706000 41.66/33.33GBP, 706000 -41.66/-33.33GBP"), `
		letter G P2`, hrev144Entries(
		"exchange_difference 2026-03-20: 411000 -1.54/0.00GBP, 656000 1.54/0.00GBP",
		"cash_basis 2026-03-20: 445740 7.67/6.66GBP, 445710 -7.41/-6.66GBP, 756000 -0.26/0.00GBP, 706000 37.04/33.34GBP, 706000 -37.04/-33.34GBP"), `
		letter G P3`, hrev144Entries(
		"exchange_difference 2026-04-10: 411000 7.36/-, 756000 -7.36/-",
		"cash_basis 2026-04-10: 445740 7.66/6.67GBP, 445710 -8.89/-6.67GBP, 656000 1.23/0.00GBP, 706000 44.44/33.33GBP, 706000 -44.44/-33.33GBP"),
		hrev144Zero("445740", "GBP"), `
		state G paid 0.00 cur=0.00
		balance 445710 -24.63
		vat 2026-03-01 2026-03-31 445710 78.70 15.74
		vat 2026-04-01 2026-04-30 445710 44.44 8.89
		detach P3
		detach P1
		detach P2`, hrev144Same(&before, docs...))
}

// A USD invoice A (1 200.00 USD at 1.20 = 1 000.00 EUR, VAT 200.00 USD /
// 166.67 EUR on payment), settled by:
//   - a USD credit note N of 300.00 USD (250.00 + 50.00 VAT on payment) at
//     1.25 = 240.00 EUR: A's 300.00 USD is worth 250.00 → partial 240.00,
//     exchange loss 10.00 on A. A's cash basis: 50.00 USD, transition
//     round(166.67 × 300/1 200) = 41.67, final at N's rate 40.00, gain
//     1.67, base 250.00 USD → 200.00. N's own cash basis sends its 50.00 USD
//     (40.00 EUR) back from 445710 to 445740 at its own amounts;
//   - a euro receipt P1 of 400.00 EUR on 2026-03-10 (1.25: worth 500.00
//     USD of A, i.e. 416.67 EUR) → partial 400.00, loss 16.67 on A. Cash
//     basis round(200 × 800/1 200) − 50.00 = 83.33 USD, transition
//     111.11 − 41.67 = 69.44; final: the live partials' allocations of
//     the tax at their rates, summed exactly and rounded once, less the
//     same without P1: 200 × 300/1 200 × 0.8 = 40.00 (N) + 200 × 500/1 200
//     / 1.25 = 66.6667 (P1) → 106.67, less 40.00 = 66.67, gain 2.77; base
//     416.67 USD → 333.34. (Was 83.33 × 400/500 = 66.664 → 66.66, gain
//     2.78: P1's share rounded in USD first, then converted — two
//     roundings; the tax of 500.00 USD of A paid at 1.25 is 66.6667.)
//   - a USD receipt P2 of 399.90 USD at 1.10 (363.55 EUR): A's share
//     399.90/1.20 = 333.25 → partial 333.25, the receipt keeps 30.30 →
//     gain. Cash basis round(200 × 1 199.90/1 200) − 133.33 = 66.65 USD,
//     transition round(166.67 × 1 199.90/1 200) − 111.11 = 55.55, final
//     106.6667 + 200 × 399.90/1 200 × 363.55/399.90 = 167.2583 → 167.26,
//     less 106.67 = 60.59 (was 66.65 × 363.55/399.90 = 60.59 too), loss
//     5.04, base 333.25 → 302.96;
//   - the 0.10 USD left (0.08 EUR) written off (tolerance 0.10 USD) at
//     1.10: 0.09 EUR on 658000, exchange 0.01; its VAT 0.02 USD (0.01 EUR
//     of transition) goes to 658000 at 0.02, loss 0.01.
//
// Unlettered in another order (P1, N, P2): the book is as before.
func TestHrev144UsdCreditNoteEuroReceiptWriteOff(t *testing.T) {
	t.Parallel()
	var before string
	docs := []string{"A", "N", "P1", "P2"}
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-05 1.25
		rate USD 2026-04-10 1.10
		tolerance 0.10 cur=USD
		sale A C1 2026-03-01 1000.00@20e cur=USD
		salecredit N C1 2026-03-05 250.00@20e cur=USD
		pay P1 C1 BQD 2026-03-10 400.00
		pay P2 C1 BQD 2026-04-10 399.90 cur=USD
		line N.0 411000 -240.00 cur=-300.00
		line P2.0 411000 -363.55 cur=-399.90`, hrev144Save(&before, docs...), `
		letter A N`, hrev144Entries(
		"exchange_difference 2026-03-05: 411000 -10.00/0.00USD, 656000 10.00/0.00USD",
		"cash_basis 2026-03-05: 445740 41.67/50.00USD, 445710 -40.00/-50.00USD, 756000 -1.67/0.00USD, 706000 200.00/250.00USD, 706000 -200.00/-250.00USD",
		"cash_basis 2026-03-05: 445740 -40.00/-50.00USD, 445710 40.00/50.00USD, 706000 -200.00/-250.00USD, 706000 200.00/250.00USD"), `
		state A partial 750.00 cur=900.00
		letter A P1`, hrev144Entries(
		"exchange_difference 2026-03-10: 411000 -16.67/0.00USD, 656000 16.67/0.00USD",
		"cash_basis 2026-03-10: 445740 69.44/83.33USD, 445710 -66.67/-83.33USD, 756000 -2.77/0.00USD, 706000 333.34/416.67USD, 706000 -333.34/-416.67USD"), `
		state A partial 333.33 cur=400.00
		letter A P2`, hrev144Entries(
		"exchange_difference 2026-04-10: 411000 30.30/0.00USD, 756000 -30.30/0.00USD",
		"cash_basis 2026-04-10: 445740 55.55/66.65USD, 445710 -60.59/-66.65USD, 656000 5.04/0.00USD, 706000 302.96/333.25USD, 706000 -302.96/-333.25USD"), `
		residual A 0.08 cur=0.10
		letter A writeoff=1`, hrev144Entries(
		"write_off 2026-04-10: 411000 -0.09/-0.10USD, 658000 0.09/0.10USD",
		"exchange_difference 2026-04-10: 411000 0.01/0.00USD, 756000 -0.01/0.00USD",
		"cash_basis 2026-04-10: 445740 0.01/0.02USD, 658000 -0.02/-0.02USD, 656000 0.01/0.00USD"),
		hrev144Zero("445740", "USD"), `
		state A paid 0.00 cur=0.00
		state N paid 0.00 cur=0.00
		balance 445710 -127.26
		balance 656000 31.72
		balance 756000 -34.75
		balance 658000 0.07
		vat 2026-03-01 2026-03-31 445710 333.34 66.67
		vat 2026-04-01 2026-04-30 445710 302.96 60.59
		detach P1
		state A partial 416.75 cur=500.10
		balance 445740 -69.45
		balance 658000 0.00
		detach N
		state A partial 666.75 cur=800.10
		detach P2`, hrev144Same(&before, docs...))
}

// A GBP invoice G (600.00 GBP at 0.85: HT 588.24, VAT 117.65 on payment,
// TTC 705.89 EUR), a GBP credit note M of 60.00 GBP (50.00 + 10.00) at
// 0.80 = 75.00 EUR, and a receipt of 529.20 GBP at 0.90 (588.00 EUR)
// naming G then M with an early-payment discount: 540.00 − 529.20 = 10.80
// GBP (9.00 HT + 1.80 VAT).
// The discount's VAT is computed first (DESIGN §5), at G's amounts:
// 665000 9.00 GBP → 10.59, 445740 1.80 GBP → round(117.65 × 10.80/600) =
// 2.12; 411000 −12.71.
// M against G: G's 60.00 GBP is worth 70.59 → partial 70.59; M keeps 4.41
// → gain. G's cash basis 10.00 GBP, transition round(117.65 × 70.80/600)
// − 2.12 = 11.76, final at M's rate 12.50, loss 0.74, base 50.00 GBP →
// 62.50.
// Receipt: the completing cash-basis share, 100.00 − 10.00 − 1.80 = 88.20
// GBP; transition 117.65 − 13.88 = 103.77; final 88.20 × 588/529.20 =
// 98.00; gain 5.77; base 441.00 GBP → 490.00. G's leftover 705.89 −
// 70.59 − 12.71 − 588.00 = 34.59 → exchange loss.
// Then detached in another order (the receipt, then M): nothing is left of
// the discount, the exchange or the cash basis.
func TestHrev144GbpCreditNoteAndDiscount(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate GBP 2026-03-01 0.85
		rate GBP 2026-03-05 0.80
		rate GBP 2026-03-15 0.90
		sale G C2 2026-03-01 500.00@20e cur=GBP
		salecredit M C2 2026-03-05 50.00@20e cur=GBP
		line G.0 411000 705.89 cur=600.00
		line M.0 411000 -75.00 cur=-60.00
		pay P C2 BQD 2026-03-15 529.20 G M cur=GBP discount=1`, hrev144Entries(
		"payment 2026-03-15: 411000 -588.00/-529.20GBP, 512000 588.00/529.20GBP",
		"discount 2026-03-15: 411000 -12.71/-10.80GBP, 665000 10.59/9.00GBP, 445740 2.12/1.80GBP",
		"exchange_difference 2026-03-05: 411000 4.41/0.00GBP, 756000 -4.41/0.00GBP",
		"cash_basis 2026-03-05: 445740 11.76/10.00GBP, 445710 -12.50/-10.00GBP, 656000 0.74/0.00GBP, 706000 62.50/50.00GBP, 706000 -62.50/-50.00GBP",
		"cash_basis 2026-03-05: 445740 -12.50/-10.00GBP, 445710 12.50/10.00GBP, 706000 -62.50/-50.00GBP, 706000 62.50/50.00GBP",
		"exchange_difference 2026-03-15: 411000 -34.59/0.00GBP, 656000 34.59/0.00GBP",
		"cash_basis 2026-03-15: 445740 103.77/88.20GBP, 445710 -98.00/-88.20GBP, 756000 -5.77/0.00GBP, 706000 490.00/441.00GBP, 706000 -490.00/-441.00GBP"),
		hrev144Zero("445740", "GBP"), `
		state G paid 0.00 cur=0.00
		balance 445710 -98.00
		balance 665000 10.59
		vat 2026-03-01 2026-03-31 445710 490.00 98.00
		detach P
		state G partial 635.30 cur=540.00
		balance 665000 0.00
		detach M
		state G not_paid 705.89 cur=600.00
		residual M -75.00 cur=-60.00
		residual P -588.00 cur=-529.20
		balance 411000 42.89
		balance 445740 -105.15
		balance 445710 0.00
		balance 656000 0.00
		balance 756000 0.00
		balance 665000 0.00
		balance 706000 -525.74
		vat 2026-03-01 2026-03-31 445710 0.00 0.00`)
}

// The GBP receipt with its discount and set-off, retried with the same
// operation id: a replay that posts nothing more (DESIGN §4 idempotency).
func TestHrev144GbpDiscountReplay(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate GBP 2026-03-01 0.85
		rate GBP 2026-03-05 0.80
		rate GBP 2026-03-15 0.90
		sale G C2 2026-03-01 500.00@20e cur=GBP
		salecredit M C2 2026-03-05 50.00@20e cur=GBP
		pay P C2 BQD 2026-03-15 529.20 G M cur=GBP discount=1 op=X
		pay Q C2 BQD 2026-03-15 529.20 G M cur=GBP discount=1 op=X
		replay
		entries 7
		state G paid 0.00 cur=0.00
		balance 445740 0.00
		balance 445710 -98.00
		balance 512000 588.00
		balance 665000 10.59`)
}
