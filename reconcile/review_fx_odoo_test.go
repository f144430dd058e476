package reconcile_test

// Review of realised exchange differences and multi-currency lettering
// (exchange.go, letter.go, unletter.go, statement.go) against DESIGN.md §5,
// §6 examples 5, 6 and 11, §7 and §10, and against the published cases of
// Odoo's addons/account/tests/test_account_move_reconcile.py. Odoo's
// "company USD, foreign rate 3 in 2016 and 2 in 2017" becomes here
// "company EUR, USD at 3 in 2026 and 2 in 2027" (the fixture has those
// years); Odoo's _create_line_for_reconciliation is f.miscLine or a
// scenario document with eur= (its company amount given). Each test says
// what is expected, where that comes from, and what the code does. Tests
// marked "passes (checked)" are cases checked and found right, kept as
// regression tests.

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fxScenario runs scenario commands on every store.
func fxScenario(t *testing.T, lines ...string) {
	onStores(t, func(t *testing.T, f *fixture) { scenarioLines(t, f, lines...) })
}

// Odoo test_full_reconcile_bunch_lines, "All batches": fifteen lines of one
// partner on 411000 lettered in one call — a batch in the company currency
// (+1 000, −300, −400, −500, +200 EUR), a batch in USD (+1 200/3 600 and
// +120/360 USD of 2026, −240/480, −720/1 440, −1 020/2 040 USD of 2027)
// and a batch of USD debits (+1 200/3 600, +780/2 340) against GBP
// credits (−240/960, −720/2 880, −1 020/4 080 GBP).
//
// Expected: Odoo asserts a full reconcile, every line at 0 in both
// amounts (its _optimize_reconciliation_plan splits a multi-currency plan
// by currency and reconciles each currency's lines among themselves
// first). DESIGN §5: the group becomes a Match when its residuals all
// reach zero, and "the outcome never depends on the order lines are
// lettered in": lettering the three batches one call each gives three
// matches and a 660.00 gain (TestReviewFXOdooBunchLinesPerBatch), the only
// real exchange difference (the USD credits are worth 1 980.00 EUR, the
// USD debits 1 320.00); lettering them in one call must not give less.
//
// Was: the code paired the sorted union greedily across currencies (the
// EUR invoice A1 valued in USD at the market rate against the USD credit
// note B2 booked at 2), leaving L1 with 110.00 EUR / 330.00 USD open and
// a 770.00 gain. Now Reconcile's default order pairs each currency's lines
// among themselves first (EUR, then USD, then GBP), then what is left
// across currencies: full matches and the 660.00 gain. The EUR batch is a
// connected group of its own (its lines meet no other currency's), so it
// takes its own code (AAA) and the USD/GBP lines, connected through the
// USD debits, take AAB — one code per connected group, as when each batch
// is lettered alone.
func TestReviewFXOdooBunchLinesAllBatches(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-01-01 3", "rate USD 2027-01-01 2", "rate GBP 2026-01-01 6", "rate GBP 2027-01-01 4",
		"invoice A1 C1 2026-01-01 1000.00", "creditnote A2 C1 2026-01-01 300.00", "creditnote A3 C1 2026-01-01 400.00",
		"creditnote A4 C1 2026-01-01 500.00", "invoice A5 C1 2026-01-01 200.00",
		"invoice B1 C1 2026-01-01 3600.00 cur=USD eur=1200.00", "creditnote B2 C1 2027-01-01 480.00 cur=USD eur=240.00",
		"creditnote B3 C1 2027-01-01 1440.00 cur=USD eur=720.00", "creditnote B4 C1 2027-01-01 2040.00 cur=USD eur=1020.00",
		"invoice B5 C1 2026-01-01 360.00 cur=USD eur=120.00",
		"invoice L1 C1 2026-01-01 3600.00 cur=USD eur=1200.00", "invoice L2 C1 2026-01-01 2340.00 cur=USD eur=780.00",
		"creditnote L3 C1 2027-01-01 960.00 cur=GBP eur=240.00", "creditnote L4 C1 2027-01-01 2880.00 cur=GBP eur=720.00",
		"creditnote L5 C1 2027-01-01 4080.00 cur=GBP eur=1020.00",
		"letter A1 A2 A3 A4 A5 B1 B2 B3 B4 B5 L1 L2 L3 L4 L5",
		"residual L1 0.00 cur=0.00", "residual L2 0.00 cur=0.00", "residual B1 0.00 cur=0.00", "residual B4 0.00 cur=0.00",
		"residual L5 0.00 cur=0.00", "residual A1 0.00", "residual A4 0.00", "code L1 AAB", "code A1 AAA", "code B1 AAB", "code L5 AAB",
		"balance 756000 -660.00", "balance 656000 0.00")
}

// Odoo test_full_reconcile_bunch_lines, the batch in foreign currency and
// the batch of two foreign currencies, each lettered alone: a full match
// each, the USD batch with a 660.00 gain (credits 1 980.00 EUR for 3 960
// USD, debits 1 320.00), the USD/GBP batch (lettered in EUR, §5) with
// none. Passes (checked).
func TestReviewFXOdooBunchLinesPerBatch(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-01-01 3", "rate USD 2027-01-01 2", "rate GBP 2026-01-01 6", "rate GBP 2027-01-01 4",
		"invoice B1 C1 2026-01-01 3600.00 cur=USD eur=1200.00", "creditnote B2 C1 2027-01-01 480.00 cur=USD eur=240.00",
		"creditnote B3 C1 2027-01-01 1440.00 cur=USD eur=720.00", "creditnote B4 C1 2027-01-01 2040.00 cur=USD eur=1020.00",
		"invoice B5 C1 2026-01-01 360.00 cur=USD eur=120.00",
		"letter B1 B2 B3 B4 B5", "code B1 AAA", "code B4 AAA", "residual B1 0.00 cur=0.00", "residual B4 0.00 cur=0.00",
		"balance 756000 -660.00", "balance 656000 0.00",
		"invoice L1 C2 2026-01-01 3600.00 cur=USD eur=1200.00", "invoice L2 C2 2026-01-01 2340.00 cur=USD eur=780.00",
		"creditnote L3 C2 2027-01-01 960.00 cur=GBP eur=240.00", "creditnote L4 C2 2027-01-01 2880.00 cur=GBP eur=720.00",
		"creditnote L5 C2 2027-01-01 4080.00 cur=GBP eur=1020.00",
		"letter L1 L2 L3 L4 L5", "entries 0", "code L1 AAA", "code L5 AAA",
		"residual L1 0.00 cur=0.00", "residual L2 0.00 cur=0.00", "residual L5 0.00 cur=0.00")
}

// Odoo test_reconcile_lines_multiple_in_foreign_currency: +120 USD, +120
// USD and −240 USD booked at 1/3 or 1/2 (40.00 or 60.00 EUR per 120 USD),
// the eight combinations, lettered in one call: always a full match.
// Passes (checked).
func TestReviewFXOdooMultipleInForeignCurrency(t *testing.T) {
	t.Parallel()
	for _, a := range []string{"40.00", "60.00"} {
		for _, b := range []string{"40.00", "60.00"} {
			for _, c := range []string{"80.00", "120.00"} {
				t.Run(a+"+"+b+"-"+c, func(t *testing.T) {
					fxScenario(t, "rate USD 2026-01-01 2",
						"invoice L1 C1 2026-01-01 120.00 cur=USD eur="+a, "invoice L2 C1 2026-01-01 120.00 cur=USD eur="+b,
						"creditnote L3 C1 2026-01-01 240.00 cur=USD eur="+c,
						"letter L1 L2 L3", "code L1 AAA", "code L2 AAA", "code L3 AAA", "residual L3 0.00 cur=0.00")
				})
			}
		}
	}
}

// Odoo test_reconcile_lines_corner_case_2_zero_amount_currency_same_foreign_currency:
// L1 −0.01 EUR / 0.00 USD (2027), L2 +0.02 EUR / 0.00 USD (2026), both
// USD lines. Odoo: partial 0.01, then an exchange entry dated 2027-01-01
// (Cr 411 0.01 / Dr expense 0.01, 0 USD) clears L2 and the two lines are
// fully reconciled.
//
// Expected the same from DESIGN §5 "Dust: when one side's company residual
// is zero but foreign minor units remain (or the reverse), a line carrying
// only … the balance clears it, in the exchange journal, and the group
// matches", and §5 "'Completes' means zero in the document's own
// currency": L2 has nothing left in USD.
//
// The code letters the two lines in the company currency (they carry only
// a balance) and clears dust only between lines of different currencies
// (record: "within one currency a remainder is due, never dust"): L2
// keeps 0.01 EUR with 0.00 USD and the group stays open.
func TestReviewFXOdooZeroAmountCurrencySameForeignCurrency(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		scenarioLines(t, f, "rate USD 2026-01-01 3", "rate USD 2027-01-01 2")
		l1 := f.miscLine(t, journal.MustDate(2027, 1, 1), e("-0.01"), currency.Zero(usd))
		l2 := f.miscLine(t, journal.MustDate(2026, 1, 1), e("0.02"), currency.Zero(usd))
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{l1.LineRef(0), l2.LineRef(0)}})
		require.NoError(t, err)
		r := residualOf(t, f, l2.LineRef(0))
		assert.Equal(t, "0.00", r.Balance.Plain(), "L2 has 0.00 USD left: its 0.01 EUR is an exchange difference")
		assert.Equal(t, "0.00", residualOf(t, f, l1.LineRef(0)).Balance.Plain())
		assert.NotEmpty(t, f.code(t, l2.LineRef(0)), "both lines at zero in USD: a match")
		assert.Equal(t, "0.01", f.balance(t, "656000"))
		f.check(t)
	})
}

// Odoo test_reconcile_lines_corner_case_3_zero_balance_one_foreign_currency:
// L1 −0.01 EUR (2027), L2 0.00 EUR / +0.03 USD (2026). Odoo: full
// reconcile (an exchange entry of 0.01 on L1, a currency-only entry
// clearing L2's last cent). Here: a full match, both lines at zero in both
// amounts. Passes (checked).
func TestReviewFXOdooZeroBalanceOneForeignCurrency(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-01-01 3", "rate USD 2027-01-01 2",
		"creditnote L1 C1 2027-01-01 0.01", "invoice L2 C1 2026-01-01 0.03 cur=USD eur=0.00",
		"letter L1 L2", "residual L1 0.00", "residual L2 0.00 cur=0.00", "code L1 AAA", "code L2 AAA")
}

// Odoo test_reconcile_lines_corner_case_4_zero_amount_currency_multiple_currencies:
// L1 −0.01 EUR / 0.00 GBP (2027), L2 +0.01 EUR / +0.03 USD (2026): Odoo
// letters them in the company currency (partial 0.01, L2 giving 0.03
// USD), no exchange entry, full reconcile. Here L1 is valued in USD, L2
// gives 0.02 and a currency-only line clears its last 0.01 USD: one more
// entry than Odoo, same outcome (full match, both at zero). Passes
// (checked).
func TestReviewFXOdooZeroAmountCurrencyMultipleCurrencies(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd, gbp := currency.MustLookup("USD"), currency.MustLookup("GBP")
		scenarioLines(t, f, "rate USD 2026-01-01 3", "rate USD 2027-01-01 2", "rate GBP 2026-01-01 6", "rate GBP 2027-01-01 4")
		l1 := f.miscLine(t, journal.MustDate(2027, 1, 1), e("-0.01"), currency.Zero(gbp))
		l2 := f.miscLine(t, journal.MustDate(2026, 1, 1), e("0.01"), currency.MustParse(usd, "0.03"))
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{l1.LineRef(0), l2.LineRef(0)}})
		require.NoError(t, err)
		for _, l := range []journal.LineRef{l1.LineRef(0), l2.LineRef(0)} {
			r := residualOf(t, f, l)
			assert.True(t, r.Balance.IsZero() && r.AmountCurrency.IsZero(), "%v: %v", l, r)
		}
		assert.NotEmpty(t, f.code(t, l2.LineRef(0)))
		assert.Equal(t, "0.00", f.balance(t, "656000"))
		assert.Equal(t, "0.00", f.balance(t, "756000"))
	})
}

// Odoo test_reconcile_rounding_issue: an invoice of 26.45 in a currency at
// 1/1.5289 (here CAD at 0.654065: 40.44 EUR) paid by 100.00 in the company
// currency: the invoice is paid; the rest is the customer's credit.
// Passes (checked).
func TestReviewFXOdooRoundingIssue(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate CAD 2026-01-01 0.654065", "invoice A C1 2026-01-01 26.45 cur=CAD",
		"pay R C1 BQD 2026-01-02 100.00 A", "state A paid 0.00 cur=0.00", "residual A 0.00 cur=0.00")
}

// DESIGN §6 example 6, then detaching the FIRST receipt (the design text
// detaches the second). Expected (§5 Unlettering, §5 Dates of generated
// entries, §7.10): only R1's 20.00 loss entry is reversed, at its own date
// 2026-03-10; R2's 21.74 gain stays; the invoice is back to 500.00 EUR /
// 600.00 USD (1 000.00 − R2's 500.00 partial), R1 to −480.00 / −600.00.
// Passes (checked).
func TestReviewFXDesign6DetachFirstReceipt(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.20", "rate USD 2026-03-10 1.25", "rate USD 2026-03-20 1.15",
		"invoice A C1 2026-03-01 1200.00 cur=USD",
		"pay R1 C1 BQD 2026-03-10 600.00 cur=USD A", "pay R2 C1 BQD 2026-03-20 600.00 cur=USD A",
		"detach R1 name=U", "entries 1", "line U.0 411000 20.00 cur=0.00 date=2026-03-10",
		"balance 656000 0.00", "balance 756000 -21.74",
		"residual A 500.00 cur=600.00", "residual R1 -480.00 cur=-600.00", "residual R2 0.00 cur=0.00",
		"state A partial 500.00 cur=600.00",
		// Lettering R1 again gives the same 20.00 loss.
		"letter A R1", "balance 656000 20.00", "state A paid 0.00", "residual R1 0.00 cur=0.00")
}

// DESIGN §6 example 6, the whole group unlettered (délettrage): both
// exchange entries reversed, each at its own date (20.00 on 2026-03-10,
// 21.74 on 2026-03-20), 656000 and 756000 back to zero, every residual
// restored in both currencies. Passes (checked).
func TestReviewFXDesign6UnletterGroup(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.20", "rate USD 2026-03-10 1.25", "rate USD 2026-03-20 1.15",
		"invoice A C1 2026-03-01 1200.00 cur=USD",
		"pay R1 C1 BQD 2026-03-10 600.00 cur=USD A", "pay R2 C1 BQD 2026-03-20 600.00 cur=USD A",
		"unletter A name=U", "entries 2",
		"line U.0 411000 20.00 cur=0.00 date=2026-03-10", "line U+1.0 411000 -21.74 cur=0.00 date=2026-03-20",
		"balance 656000 0.00", "balance 756000 0.00",
		"residual A 1000.00 cur=1200.00", "residual R1 -480.00 cur=-600.00", "residual R2 -521.74 cur=-600.00",
		"state A not_paid 1000.00 cur=1200.00", "code A -")
}

// DESIGN §6 example 6 with both receipts registered unallocated and
// lettered with the invoice in one call, in another order: the same 20.00
// loss and 21.74 gain (§5 "the outcome never depends on the order lines
// are lettered in"). Passes (checked).
func TestReviewFXDesign6OneCall(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.20", "rate USD 2026-03-10 1.25", "rate USD 2026-03-20 1.15",
		"invoice A C1 2026-03-01 1200.00 cur=USD",
		"pay R1 C1 BQD 2026-03-10 600.00 cur=USD", "pay R2 C1 BQD 2026-03-20 600.00 cur=USD",
		"letter R2 A R1", "entries 2", "balance 656000 20.00", "balance 756000 -21.74", "code A AAA")
}

// DESIGN §6 example 11 in two parts: 480.00 EUR on 2026-03-10 (rate 1.25:
// 600.00 USD) pays half the 1 200.00 USD invoice, whose share is 500.00:
// 20.00 loss on the invoice; then 575.00 EUR on 2026-03-20 (rate 1.15:
// 661.25 USD) completes it: the receipt gives 600 USD at 1.15 = 521.74,
// the partial is 500.00, 21.74 gain on the receipt, which keeps 53.26 EUR.
// Detaching the first receipt reverses only the 20.00 at 2026-03-10 and
// gives the invoice back 500.00 / 600.00. Passes (checked).
func TestReviewFXDesign11CompanyReceiptsInPart(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.20", "rate USD 2026-03-10 1.25", "rate USD 2026-03-20 1.15",
		"invoice A C1 2026-03-01 1200.00 cur=USD",
		"pay R1 C1 BQD 2026-03-10 480.00 A", "residual A 500.00 cur=600.00", "balance 656000 20.00", "residual R1 0.00",
		"pay R2 C1 BQD 2026-03-20 575.00 A", "residual A 0.00 cur=0.00", "balance 756000 -21.74", "residual R2 -53.26",
		"detach R1 name=U", "entries 1", "line U.0 411000 20.00 date=2026-03-10",
		"residual A 500.00 cur=600.00", "residual R1 -480.00", "balance 656000 0.00", "balance 756000 -21.74")
}

// Cancelling a foreign receipt of example 6 (§4: unletter, reverse, letter
// with its reversal): only its own 20.00 exchange entry is reversed, no
// new exchange difference between the receipt and its reversal (same
// rate), the invoice back to 500.00 / 600.00. Passes (checked).
func TestReviewFXCancelForeignReceipt(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.20", "rate USD 2026-03-10 1.25", "rate USD 2026-03-20 1.15",
		"invoice A C1 2026-03-01 1200.00 cur=USD",
		"pay R1 C1 BQD 2026-03-10 600.00 cur=USD A", "pay R2 C1 BQD 2026-03-20 600.00 cur=USD A",
		"cancel R1", "entries 2", "balance 656000 0.00", "balance 756000 -21.74",
		"residual A 500.00 cur=600.00", "residual R1 0.00 cur=0.00", "state A partial 500.00 cur=600.00")
}

// A 0-decimal currency paid in the company currency (§10 "Test with
// currencies of 0, 2 and 3 decimals"): 10 000 JPY at 160.5 is 62.31 EUR;
// 62.31 EUR the same day is worth 10 001 JPY rounded, and pays it with no
// exchange entry; 62.11 EUR at 161 (10 000 JPY rounded) pays another.
// Passes (checked).
func TestReviewFXZeroDecimalsCompanyReceipt(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate JPY 2026-03-01 160.5",
		"invoice A C1 2026-03-01 10000 cur=JPY", "line A.0 411000 62.31 cur=10000",
		"pay R C1 BQD 2026-03-01 62.31 A", "entries 1", "state A paid 0.00 cur=0",
		"invoice B C2 2026-03-01 10000 cur=JPY", "rate JPY 2026-03-05 161",
		"pay R2 C2 BQD 2026-03-05 62.11 B", "state B paid 0.00 cur=0", "balance 656000 0.20")
}

// A USD invoice settled only by a USD credit note booked at another rate:
// the 40.00 exchange line is generated, not a payment, so the invoice is
// "reversed" (§5 payment state, Odoo's rule). Passes (checked).
func TestReviewFXCreditNoteAtAnotherRateIsReversed(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.20", "rate USD 2026-03-10 1.25",
		"invoice A C1 2026-03-01 1200.00 cur=USD", "creditnote N C1 2026-03-10 1200.00 cur=USD",
		"letter A N name=X", "entries 1", "line X.0 411000 -40.00 cur=0.00 date=2026-03-10",
		"state A reversed 0.00")
}

// Bank clearing of a foreign receipt by a statement line in the company
// currency: the invoice of 1 200.00 USD (1 000.00 EUR) is paid 1 200.00
// USD through BQ on 2026-03-10 (rate 1.25: 960.00 EUR on 512100); the bank
// credits 950.00 EUR on 2026-03-20 (market rate 1.30). The only exchange
// difference the clearing can add is 10.00 EUR (960.00 booked, 950.00
// received), to the receipt's own 40.00 (1 000.00 invoiced).
//
// Expected: DESIGN §5 values a company-currency line facing a foreign
// line "at the payment's own booked rate when the foreign line is a
// payment or statement line": 950.00 EUR at 1 200/960 is 1 187.50 USD, so
// the statement line is consumed to zero with no exchange entry and the
// receipt's 512100 line keeps 10.00 EUR / 12.50 USD, a difference "left
// open or posted" (§5 Bank clearing). Odoo's bank reconciliation would
// rather close both with a 10.00 exchange loss. Either way the statement
// line is cleared and 656000 ends at 40.00 or 50.00.
//
// The code values the statement line at the market rate of its own date
// (companyLineRate skips the payment's rate when the company line is
// itself a payment or statement line): 950.00 EUR is 1 235.00 USD, the
// receipt is consumed to zero with a partial of 923.08, an exchange loss
// of 36.92 is posted on 512100/656000 (76.92 in all), and the statement line keeps
// −26.92 EUR open on 512100 — 26.92 of loss that did not happen.
func TestReviewFXCompanyStatementLineClearsForeignReceipt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		s := scenarioLines(t, f, "rate USD 2026-03-01 1.20", "rate USD 2026-03-10 1.25", "rate USD 2026-03-20 1.30",
			"invoice A C1 2026-03-01 1200.00 cur=USD",
			"pay R C1 BQ 2026-03-10 1200.00 cur=USD A", "state A in_payment 0.00",
			"statement S BQ 2026-03-20 950.00")
		_, err := f.rec.Clear(ctx, reconcile.Clearing{Statement: s.doc("S").ID, Payments: []journal.ID{s.doc("R").ID}})
		require.NoError(t, err)
		st := s.doc("S")
		assert.Equal(t, "0.00", residualOf(t, f, st.LineRef(0)).Balance.Plain(), "the statement line is the money: cleared in full")
		// 40.00 of the receipt (1 000.00 invoiced, 960.00 received), and at
		// most 10.00 of the clearing (960.00 booked, 950.00 credited).
		assert.Contains(t, []string{"40.00", "50.00"}, f.balance(t, "656000"), "960.00 booked, 950.00 received")
		assert.Equal(t, "0.00", f.balance(t, "756000"))
		f.check(t)
	})
}

// The mirror case: a receipt of 1 000.00 EUR through BQ on 2026-03-10
// (market rate 1.25) cleared by a statement line of 1 300.00 USD booked at
// 1 000.00 EUR on 2026-03-20. Both are 1 000.00 EUR: no exchange
// difference can arise.
//
// Expected: DESIGN §5, a company-currency line facing a foreign statement
// line is valued at that line's own booked rate (1 300/1 000): the receipt
// is worth 1 300.00 USD, both lines are consumed to zero, no entry is
// generated, 656000 and 756000 stay at zero.
//
// The code valued the receipt at the market rate of its own date (1.25:
// 1 250.00 USD) because it is itself a payment: a partial of 961.54, an
// exchange loss of 38.46 on the receipt, and the statement line left with
// −38.46 EUR / −50.00 USD open.
func TestReviewFXForeignStatementLineClearsCompanyReceipt(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.20", "rate USD 2026-03-10 1.25", "rate USD 2026-03-20 1.30",
		"invoice A C1 2026-03-01 1000.00", "pay R C1 BQ 2026-03-10 1000.00 A",
		"statement S BQ 2026-03-20 1300.00 cur=USD eur=1000.00", "clear S R name=X", "entries 0",
		"residual S 0.00 cur=0.00", "residual R.1 0.00", "state A paid 0.00",
		"balance 656000 0.00", "balance 756000 0.00")
}
