package reconcile_test

import "testing"

// Odoo 14.0 test_inv_refund_foreign_payment_writeoff_domestic3
// (TestHrev238OdooWriteOffDomestic3 letters it in one call) in other
// orders, its supplier mirror, and the same documents with the receipt at
// another rate. 1 EUR = 1.1106 USD on 07-01: an invoice of 658.00 USD
// (592.47), a credit note of 225.00 USD (202.59), a receipt of 372.10 EUR
// (413.25 USD at the rate) and a 17.78 EUR credit note (19.75 USD). The
// invoice's booked ratio 592.47 / 658.00 is the rate rounded: 413.25 USD
// at it is 372.09, at the rate 372.10.
//
// Pins, on one book:
//   - C1, the receipt first (letter I1 P, then the rest): the receipt
//     takes 372.10 off the invoice, nothing reaches 656000 or 756000;
//   - C2, the receipt last: the same;
//   - S1, the supplier mirror (bill, supplier credit notes, payment), the
//     payment first: the same;
//   - C3, the receipt and the 17.78 on 07-15 at 1.0950: a real change of
//     rate, the invoice's 5.55 gain (389.88 EUR owed for 433.00 USD,
//     395.43 received) posted to 756000 as before the one-rate fix.
func TestHrev241SameRateAnyOrder(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"rate USD 2026-07-01 1.1106", "rate USD 2026-07-15 1.0950",
		// C1: the receipt first.
		"invoice I1a C1 2026-07-01 658.00 cur=USD", "creditnote I2a C1 2026-07-01 225.00 cur=USD",
		"pay Pa C1 BQD 2026-07-01 372.10", "creditnote Wa C1 2026-07-01 17.78",
		"letter I1a Pa", "residual I1a 220.37 cur=244.75", "residual Pa 0.00",
		"balance 656000 0.00", "balance 756000 0.00",
		"letter I1a I2a Wa",
		"residual I1a 0.00 cur=0.00", "residual I2a 0.00 cur=0.00", "residual Wa 0.00",
		"code I1a AAA", "code Pa AAA", "code Wa AAA", "balance 656000 0.00", "balance 756000 0.00",
		// C2: the receipt last.
		"invoice I1b C2 2026-07-01 658.00 cur=USD", "creditnote I2b C2 2026-07-01 225.00 cur=USD",
		"pay Pb C2 BQD 2026-07-01 372.10", "creditnote Wb C2 2026-07-01 17.78",
		"letter I1b I2b Wb", "residual I1b 372.10 cur=413.25",
		"letter I1b Pb",
		"residual I1b 0.00 cur=0.00", "residual Pb 0.00", "residual Wb 0.00",
		"code I1b AAA", "code Pb AAA", "balance 656000 0.00", "balance 756000 0.00",
		// S1: the supplier mirror, the payment first.
		"bill I1s S1 2026-07-01 658.00 cur=USD", "residual I1s -592.47 cur=-658.00",
		"billcredit I2s S1 2026-07-01 225.00 cur=USD", "residual I2s 202.59 cur=225.00",
		"paysupplier Ps S1 BQD 2026-07-01 372.10", "billcredit Ws S1 2026-07-01 17.78",
		"letter I1s Ps", "residual I1s -220.37 cur=-244.75", "balance 656000 0.00", "balance 756000 0.00",
		"letter I1s I2s Ws",
		"residual I1s 0.00 cur=0.00", "residual I2s 0.00 cur=0.00", "residual Ps 0.00", "residual Ws 0.00",
		"code I1s AAA", "code Ps AAA", "code Ws AAA", "balance 656000 0.00", "balance 756000 0.00",
		// C3: the receipt and the 17.78 two weeks later, at another rate.
		"invoice I1c C3 2026-07-01 658.00 cur=USD", "creditnote I2c C3 2026-07-01 225.00 cur=USD",
		"pay Pc C3 BQD 2026-07-15 377.65", "creditnote Wc C3 2026-07-15 17.78",
		"letter I1c I2c Pc Wc",
		"residual I1c 0.00 cur=0.00", "residual I2c 0.00 cur=0.00", "residual Pc 0.00", "residual Wc 0.00",
		"code I1c AAA", "code Pc AAA", "balance 656000 0.00", "balance 756000 -5.55",
		"balance 411000 0.00", "balance 401000 0.00")
}
