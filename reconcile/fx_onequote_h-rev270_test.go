package reconcile_test

import "testing"

// Was failing, fixed: which quote two foreign lines were "converted at" was
// read from today's rate table, not from what was posted. Every document below was
// posted on 03-16 when the latest CHF rate was the 03-13 one, 0.9255336
// (invoice/bill 1 339.63 CHF = 1 447.41 EUR; receipts/payments 677.08 =
// 731.56, 92.63 = 100.08, 569.92 = 615.77: the set sums to zero in both
// currencies). The 03-16 rate is loaded the next morning (0.93, the
// daily import's lag), or the 03-16 rate is corrected (SetRate: "a later
// call for the same date replaces the rate for entries posted afterwards;
// posted entries keep their amounts"). Lettered afterwards, convertedAt
// no longer recognises the entries as converted at one quote and values
// each line at its booked ratio: 656000 +0.01 beside 756000 −0.01 where
// the same lettering before the rate arrived posts nothing — and a match
// made with nothing on the exchange accounts, undone and made again,
// posts a loss and a gain. Expected in every case: 656000 = 756000 =
// 0.00. Rule: DESIGN §5 (at one rate nothing on the exchange accounts;
// "the outcome never depends on the order lines are lettered in"; an
// unlettering restores residuals exactly, so lettering again must post
// what the first lettering posted), ledger.SetRate (posted entries keep
// their amounts: their lettering must not depend on a rate stored
// after them). The quote an entry was converted at is a fact of the
// posting; PCG 420-5/656/756: an exchange difference arises from two
// rates, and these documents were booked at one. Also: the rate of the
// entries' own date corrected (posted at 03-16's 0.9255336, corrected to
// 0.93); and the invoice of 03-13, the receipts of 03-16, both at the
// 03-13 rate, a 03-14 rate added afterwards (the receipts' date now
// reads 0.93, the invoice's still its rate, which converts them all).
func TestHrev270OneQuoteRateChangedAfterPosting(t *testing.T) {
	t.Parallel()
	cust := []string{"rate CHF 2026-03-13 0.9255336",
		"invoice I C1 2026-03-16 1339.63 cur=CHF", "residual I 1447.41 cur=1339.63",
		"pay R1 C1 BQD 2026-03-16 677.08 cur=CHF", "pay R2 C1 BQD 2026-03-16 92.63 cur=CHF",
		"pay R3 C1 BQD 2026-03-16 569.92 cur=CHF",
		"residual R1 -731.56 cur=-677.08", "residual R2 -100.08 cur=-92.63", "residual R3 -615.77 cur=-569.92"}
	sup := []string{"rate CHF 2026-03-13 0.9255336",
		"bill B S1 2026-03-16 1339.63 cur=CHF", "residual B -1447.41 cur=-1339.63",
		"paysupplier P1 S1 BQD 2026-03-16 677.08 cur=CHF", "paysupplier P2 S1 BQD 2026-03-16 92.63 cur=CHF",
		"paysupplier P3 S1 BQD 2026-03-16 569.92 cur=CHF"}
	sameDay := append([]string{"rate CHF 2026-03-16 0.9255336"}, cust[1:]...)
	between := append([]string{}, cust...)
	between[1] = "invoice I C1 2026-03-13 1339.63 cur=CHF"
	none := []string{"balance 656000 0.00", "balance 756000 0.00"}
	for _, tc := range []struct {
		name  string
		setup []string
		steps []string
	}{
		{"customer, day's rate loaded later", cust, []string{"rate CHF 2026-03-16 0.93",
			"letter I R3", "letter R1 I", "letter I R2", "residual I 0.00 cur=0.00"}},
		{"customer, unlettered and lettered again after the day's rate", cust, []string{
			"letter I R3", "letter R1 I", "letter I R2", "residual I 0.00 cur=0.00", "balance 656000 0.00", "balance 756000 0.00",
			"unletter I", "rate CHF 2026-03-16 0.93", "letter I R3", "letter R1 I", "letter I R2", "residual I 0.00 cur=0.00"}},
		{"customer, a partial before the rate, the rest after", cust, []string{
			"letter I R3", "rate CHF 2026-03-16 0.93", "letter R1 I", "letter I R2", "residual I 0.00 cur=0.00"}},
		{"customer, the 03-13 rate corrected", cust, []string{"rate CHF 2026-03-13 0.93",
			"letter I R3", "letter R1 I", "letter I R2", "residual I 0.00 cur=0.00"}},
		{"customer, the day's own rate corrected", sameDay, []string{"letter I R2", "rate CHF 2026-03-16 0.93",
			"letter R1 I", "letter I R3", "residual I 0.00 cur=0.00"}},
		{"customer, a rate between the entries' dates added", between, []string{"letter I R1", "rate CHF 2026-03-14 0.93",
			"letter I R3", "letter R2 I", "residual I 0.00 cur=0.00", "balance 656000 0.00", "balance 756000 0.00",
			"unletter I", "letter I R2 R3 R1", "residual I 0.00 cur=0.00"}},
		{"supplier, day's rate loaded later", sup, []string{"rate CHF 2026-03-16 0.93",
			"letter B P1", "letter B P2", "letter B P3", "residual B 0.00 cur=0.00"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fxScenario(t, append(append(append([]string{}, tc.setup...), tc.steps...), none...)...)
		})
	}
}

// Was failing, fixed: openAfterGiven's guess, taken "when it is what the other side
// has open", closes an invoice the receipt does not pay. Rate 1 EUR =
// 1.25 USD. Customer: invoices A 500.00 USD (400.00 EUR) and B 750.00
// USD (600.00 EUR); a euro receipt R of 1 000.00 on 03-10. A is lettered
// with R at the rate the bank applied (agreed=1.2): A takes 416.67 EUR
// (gain 16.67), R has 583.33 EUR left. Lettered with B at the market rate
// (1.25), 583.33 EUR is worth 729.16 USD: B keeps 20.84 USD (16.67 EUR)
// open, nothing more on the exchange accounts. Actual: the guess "R's
// 1 000.00 converted (1 250.00 USD) less the 500.00 USD A gave up" =
// 750.00 USD, equal to B's open amount, is taken: B is closed and its
// 20.84 USD still owed become a 16.67 loss on 656000 (supplier: the bill
// B closed the same way though 20.84 USD are still due). The commit before
// (6473eea) left B 20.84 USD open. Rule: DESIGN §5 (a company-currency
// line facing a foreign one is valued at the market rate of its own
// date; an agreed rate replaces it "for that valuation" only); a debt
// the customer still owes is not an exchange loss (PCG 656 records
// differences of rate, not unpaid amounts; CGI art. 272: an unpaid
// receivable is written off only when proven irrecoverable).
func TestHrev270OpenAfterGivenGuessClosesAnUnpaidInvoice(t *testing.T) {
	t.Parallel()
	t.Run("customer", func(t *testing.T) {
		t.Parallel()
		fxScenario(t, "rate USD 2026-03-01 1.25",
			"invoice A C1 2026-03-01 500.00 cur=USD", "residual A 400.00 cur=500.00",
			"invoice B C1 2026-03-01 750.00 cur=USD", "residual B 600.00 cur=750.00",
			"pay R C1 BQD 2026-03-10 1000.00",
			"letter A R agreed=1.2", "residual R -583.33", "residual A 0.00 cur=0.00", "balance 756000 -16.67",
			"letter B R", "residual R 0.00", "residual B 16.67 cur=20.84", "balance 656000 0.00", "balance 756000 -16.67")
	})
	t.Run("supplier", func(t *testing.T) {
		t.Parallel()
		fxScenario(t, "rate USD 2026-03-01 1.25",
			"bill A S1 2026-03-01 500.00 cur=USD", "residual A -400.00 cur=-500.00",
			"bill B S1 2026-03-01 750.00 cur=USD", "residual B -600.00 cur=-750.00",
			"paysupplier P S1 BQD 2026-03-10 1000.00",
			"letter A P agreed=1.2", "residual P 583.33", "residual A 0.00 cur=0.00", "balance 656000 16.67",
			"letter B P", "residual P 0.00", "residual B -16.67 cur=-20.84", "balance 656000 16.67", "balance 756000 0.00")
	})
}

// Was failing, fixed: lettering two posted dollar lines fails because of a rate stored
// after them. Invoice I 1 000 000 000.00 USD and receipt R 333 333 333.33
// USD, both of 03-02, booked at the 03-01 rate 1.1 (909 090 909.09 and
// 303 030 303.03 EUR). A wrong rate is then stored for 03-02 (0.00000001,
// a mistyped import). Lettering I with R needs no rate (both lines carry
// their euros): R pays 333 333 333.33 USD of I, I keeps 666 666 666.67 USD
// / 606 060 606.06 EUR, nothing on the exchange accounts — what the
// commit before (6473eea) did. Actual: convertedAt converts I's dollars
// at the stored rate to test whether I "was converted at it" and returns
// ErrAmount ("a value of 100000000000000000.00 EUR is more than an entry
// holds: check the rate"): the lettering is refused. A conversion that
// does not fit only says the line was not converted at that quote.
// Rule: ledger.SetRate ("posted entries keep their amounts"); DESIGN §5
// (a foreign match values each side at its own rate; the market rate is
// used only for a company-currency line facing a foreign one).
func TestHrev270OneQuoteWrongRateBlocksLettering(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.1",
		"invoice I C1 2026-03-02 1000000000.00 cur=USD", "residual I 909090909.09 cur=1000000000.00",
		"pay R C1 BQD 2026-03-02 333333333.33 cur=USD", "residual R -303030303.03 cur=-333333333.33",
		"rate USD 2026-03-02 0.00000001",
		"letter I R", "residual I 606060606.06 cur=666666666.67", "balance 656000 0.00", "balance 756000 0.00")
}

// Was failing, fixed (shrunk from TestHrev254RandomOrderSplit, survey seed 91205, one
// failing seed of 600 surveyed from 5000 and 91000): yen, three rates
// (1 EUR = 154.561 JPY on 03-02, 160.508 on 03-16, 152.913 on 04-01).
// Invoices I1 121 032 JPY of 03-16 (754.06 EUR) and I2 206 413 of 03-02
// (1 335.48); credit note CN 111 of 04-01 (0.73); receipts P1 200 120 of
// 03-16 (1 246.79), P2 92 631 and P3 34 583 of 03-02 (599.32, 223.75).
// By hand, each document booked minus settled: I2 is settled by P2 and P3
// at its own quote (599.32 + 223.75) and by 79 199 JPY of P1 worth P1's
// 493.43 (79 199 / 160.508): 1 335.48 − 1 316.50 = 18.98 loss; I1 by
// CN (0.73, the credit note's rate) and 120 921 JPY of P1 worth 753.36:
// 754.06 − 754.09 = 0.03 gain; P1's two shares sum to its 1 246.79.
// Lettered all at once: 656000 18.98, 756000 −0.03 (right). Lettered
// pair by pair (I2 P2, I2 P3, I1 CN, I1 P1, I2 P1): 18.99 and −0.04 — a
// cent of loss beside a cent of gain that is no exchange difference.
// Why: I1 with CN first drops I1 by 111 JPY at I1's ratio (0.69; CN's
// 0.73 leaves a 0.04 gain on CN); I1 then has 753.37 for 120 921 JPY,
// worth 753.36 at the 03-16 quote it shares with P1 (its booked 754.06
// is 754.0559 rounded up, its CN share 0.6916 rounded down). At one quote
// the consumed side's residual was given whole to the other: P1's share
// of I1 became 753.37, its share of I2 493.42, I2's loss 18.99 and I1's
// gain 0.04. Now a side consumed at one quote that keeps more than rounding
// beyond what it gives is worth, when the group booked a difference facing
// it, keeps that cent on the account of that difference (I1's 0.01 on
// 756000 against CN's 0.04): P1's shares are worth what they are at its
// rate, as at once.
// Rule: DESIGN §5 "the outcome never depends on the order lines are
// lettered in"; one figure per document, booked minus settled.
func TestHrev270YenCreditNoteOrderMovesACent(t *testing.T) {
	t.Parallel()
	setup := []string{"rate JPY 2026-03-02 154.561", "rate JPY 2026-03-16 160.508", "rate JPY 2026-04-01 152.913",
		"tolerance 5 cur=JPY",
		"invoice I1 C1 2026-03-16 121032 cur=JPY", "invoice I2 C1 2026-03-02 206413 cur=JPY",
		"creditnote CN C1 2026-04-01 111 cur=JPY",
		"pay P1 C1 BQD 2026-03-16 200120 cur=JPY", "pay P2 C1 BQD 2026-03-02 92631 cur=JPY",
		"pay P3 C1 BQD 2026-03-02 34583 cur=JPY",
		"residual I1 754.06 cur=121032", "residual I2 1335.48 cur=206413", "residual CN -0.73 cur=-111",
		"residual P1 -1246.79 cur=-200120", "residual P2 -599.32 cur=-92631", "residual P3 -223.75 cur=-34583"}
	end := []string{"residual I1 0.00 cur=0", "residual I2 0.00 cur=0", "balance 656000 18.98", "balance 756000 -0.03"}
	for _, tc := range []struct {
		name    string
		letters []string
	}{
		{"all at once", []string{"letter I1 I2 CN P1 P2 P3"}},
		{"pair by pair", []string{"letter I2 P2", "letter I2 P3", "letter I1 CN", "letter I1 P1", "letter I2 P1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fxScenario(t, append(append(append([]string{}, setup...), tc.letters...), end...)...)
		})
	}
}

// Pins: cash-basis VAT at one quote with a credit note and a write-off.
// Rate 1 EUR = 0.8728145 GBP throughout. Invoice 1 000.05 + VAT 200.01
// on payment (1 145.78 + 229.16 = 1 374.94 EUR, its conversion 1 374.93),
// credit note 100.01 + 20.00 (114.58 + 22.91 = 137.49, its conversion
// 137.50), receipt 1 080.02 GBP (1 237.40), 0.03 GBP written off
// (0.03 EUR on 658000). The lines' two cents are the only exchange
// difference (656000 0.02, nothing on 756000), the VAT due is the
// invoice's less the credit note's (445710 −206.25), the transition
// account ends at zero — in any order, and unlettered and lettered again.
func TestHrev270CashBasisOneQuoteCreditNoteWriteOff(t *testing.T) {
	t.Parallel()
	setup := []string{"rate GBP 2026-03-02 0.8728145", "tolerance 0.05 cur=GBP",
		"sale I C1 2026-03-02 1000.05@20e cur=GBP", "salecredit N C1 2026-03-02 100.01@20e cur=GBP",
		"pay R C1 BQD 2026-03-16 1080.02 cur=GBP",
		"residual I 1374.94 cur=1200.06", "residual N -137.49 cur=-120.01", "residual R -1237.40 cur=-1080.02"}
	end := []string{"residual I 0.00 cur=0.00", "balance 656000 0.02", "balance 756000 0.00",
		"balance 658000 0.03", "balance 445740 0.00", "balance 445710 -206.25"}
	for _, tc := range []struct {
		name    string
		letters []string
	}{
		{"at once", []string{"letter I N R writeoff=1"}},
		{"unlettered and again", []string{"letter I R", "letter I N writeoff=1", "unletter I", "letter N I", "letter R I writeoff=1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fxScenario(t, append(append(append([]string{}, setup...), tc.letters...), end...)...)
		})
	}
}

// Pins: a euro receipt lettered with invoices in two foreign currencies at
// one rate per currency (1 EUR = 1.0873 USD, 0.8728145 GBP): A 1 234.57
// USD (1 135.45 EUR), G 987.65 GBP (1 131.57), A2 333.33 USD (306.57),
// receipt 2 500.00 EUR. At once, invoice by invoice, in parts, and
// unlettered then lettered in another order: nothing on 656000/756000,
// 73.59 EUR still owed (2 573.59 − 2 500.00).
func TestHrev270EuroReceiptTwoCurrenciesOneRate(t *testing.T) {
	t.Parallel()
	setup := []string{"rate GBP 2026-03-02 0.8728145", "rate USD 2026-03-02 1.0873",
		"invoice A C1 2026-03-02 1234.57 cur=USD", "invoice G C1 2026-03-02 987.65 cur=GBP", "invoice A2 C1 2026-03-02 333.33 cur=USD",
		"residual A 1135.45 cur=1234.57", "residual G 1131.57 cur=987.65", "residual A2 306.57 cur=333.33",
		"pay R C1 BQD 2026-03-16 2500.00"}
	end := []string{"residual R 0.00", "balance 411000 73.59", "balance 656000 0.00", "balance 756000 0.00"}
	for _, tc := range []struct {
		name    string
		letters []string
	}{
		{"in parts", []string{"letter A R limit=100.01 cur=USD", "letter G R limit=10.01 cur=GBP", "letter A2 R", "letter A R", "letter G R"}},
		{"unlettered and again", []string{"letter A R", "letter G R", "letter A2 R", "unletter R", "letter G R", "letter A2 R", "letter A R"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fxScenario(t, append(append(append([]string{}, setup...), tc.letters...), end...)...)
		})
	}
}

// Pins (shrunk from TestHrev254RandomOrderSplit -hrevstrict, seed 1143):
// a credit note offset in two parts keeps the invoice's cent on the
// difference it booked. Yen, 1 EUR = 164.292 JPY on 03-02, 162.321 on
// 03-16, 158.539 on 04-01. Invoice I1 89 785 JPY of 03-02 (546.50 EUR),
// credit note CN 2 953 of 04-01 (18.63), receipts P1 62 919 of 03-02
// (382.97) and P2 23 913 of 03-16 (147.32). At once: P1 pays 382.97 at
// I1's quote, P2 145.55 (gain 1.77), CN 17.98 at I1's ratio (gain 0.65):
// 756000 −2.42, nothing on 656000. CN offset in two parts (2 100 and
// 853 JPY) drops I1 by 12.78 + 5.19, a cent less than 17.98 at once;
// I1 then meets P1 at their one quote keeping 235.97 for 38 767 JPY worth
// 235.96. That cent is I1's rounding, not a loss: it reduces the gain
// booked facing I1 (756000 −2.42), where it was a loss of 0.01 beside
// a gain of 2.43. Rule: DESIGN §5 (at one rate nothing on the exchange
// accounts; the outcome never depends on the order lines are lettered
// in).
func TestHrev272YenCreditNoteInPartsKeepsTheCent(t *testing.T) {
	t.Parallel()
	setup := []string{"rate JPY 2026-03-02 164.292", "rate JPY 2026-03-16 162.321", "rate JPY 2026-04-01 158.539",
		"tolerance 5 cur=JPY", "invoice I1 C1 2026-03-02 89785 cur=JPY", "creditnote CN C1 2026-04-01 2953 cur=JPY",
		"pay P1 C1 BQD 2026-03-02 62919 cur=JPY", "pay P2 C1 BQD 2026-03-16 23913 cur=JPY",
		"residual I1 546.50 cur=89785", "residual CN -18.63 cur=-2953", "residual P1 -382.97 cur=-62919", "residual P2 -147.32 cur=-23913"}
	end := []string{"residual I1 0.00 cur=0", "balance 656000 0.00", "balance 756000 -2.42"}
	for _, tc := range []struct {
		name    string
		letters []string
	}{
		{"at once", []string{"letter I1 CN P1 P2"}},
		{"in parts", []string{"letter I1 P2", "letter I1 CN limit=2100 cur=JPY", "letter I1 CN", "letter I1 P1 limit=24152 cur=JPY", "letter I1 P1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fxScenario(t, append(append(append([]string{}, setup...), tc.letters...), end...)...)
		})
	}
}
