package reconcile_test

import "testing"

// Review 28: exchange partials now count in what was paid of a document
// (engine and Check). A foreign-currency cash-basis invoice settled by two
// company-currency receipts at other rates (the completing one letters an
// exchange line on it), then either receipt detached: the book stays
// consistent (Check, invariant 9) and the document owes what is left in
// its own currency.
func TestReview28ForeignInvoiceTwoCompanyReceiptsDetachFirst(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-10 1.25
		rate USD 2026-04-10 1.10
		sale A C1 2026-03-01 1000.00@20e cur=USD
		pay P1 C1 BQD 2026-03-10 480.00 A
		state A partial 500.00 cur=600.00
		pay P2 C1 BQD 2026-04-10 545.45 A
		state A paid 0.00 cur=0.00
		balance 445740 0.00
		detach P1`)
}

func TestReview28ForeignInvoiceTwoCompanyReceiptsDetachSecond(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-10 1.25
		rate USD 2026-04-10 1.10
		sale A C1 2026-03-01 1000.00@20e cur=USD
		pay P1 C1 BQD 2026-03-10 480.00 A
		pay P2 C1 BQD 2026-04-10 545.45 A
		state A paid 0.00 cur=0.00
		detach P2
		state A partial 500.00 cur=600.00`)
}

// A company-currency invoice paid by two foreign receipts at agreed rates
// (each leaving an exchange line on it), then the first detached.
func TestReview28CompanyInvoiceTwoForeignReceiptsDetachFirst(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.25
		sale A C1 2026-03-01 1000.00@20e
		pay P1 C1 BQD 2026-03-10 600.00 A cur=USD agreed=1.20
		state A partial 700.00
		pay P2 C1 BQD 2026-04-10 840.00 A cur=USD agreed=1.20
		state A paid 0.00
		balance 445740 0.00
		detach P1
		state A partial 500.00
		balance 445740 -83.33`)
}
