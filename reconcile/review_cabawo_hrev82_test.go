package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Several partial payments then a write-off to 658000: VAT on the
// 66.66 received only, 20 × 66.66 / 120 = 11.11 on 55.55 (CGI art. 269-2-c).
func TestHrev82CabaSeveralPaymentsThenWriteOff(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `tolerance 60.00
		sale A C1 2026-03-01 100.00@20e
		pay P1 C1 BQD 2026-03-10 33.33 A
		pay P2 C1 BQD 2026-03-11 33.33 A
		balance 445710 -11.11
		letter A writeoff=1
		state A paid 0.00
		balance 445740 0.00
		balance 445710 -11.11
		balance 658000 44.45
		vat 2026-03-01 2026-03-31 445710 55.55 11.11`)
}

// Mixed rates, 700.00 of 1 750.00 received, the rest written off: each
// tax due on what was received only.
func TestHrev82CabaMixedRatesWriteOff(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `tolerance 1100.00
		sale A C1 2026-03-01 1000.00@20e 500.00@10e
		pay P C1 BQD 2026-03-10 700.00 A
		letter A writeoff=1
		state A paid 0.00
		balance 445740 0.00
		vat 2026-03-01 2026-03-31 445710 400.00 80.00 tax=V20E
		vat 2026-03-01 2026-03-31 445710 200.00 20.00 tax=V10E`)
}

// Detaching the payment takes its write-off with it (DESIGN §5: a
// write-off belongs to its match); relettering gives the same figures.
func TestHrev82CabaWriteOffDetachReletter(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `tolerance 6.00
		sale A C1 2026-03-01 100.00@20e
		pay P C1 BQD 2026-03-10 114.00 A
		letter A writeoff=1
		balance 445710 -19.00
		detach P
		balance 445710 0.00
		balance 445740 -20.00
		balance 658000 0.00
		vat 2026-03-01 2026-03-31 445710 0.00 0.00
		pay Q C1 BQD 2026-03-20 114.00 A
		letter A writeoff=1
		balance 445710 -19.00
		balance 445740 0.00
		vat 2026-03-01 2026-03-31 445710 95.00 19.00`)
}

// A credit note, then 54.00 received and 6.00 written off: VAT on 54.00.
func TestHrev82CabaCreditNoteThenWriteOff(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `tolerance 6.00
		sale A C1 2026-03-01 100.00@20e
		salecredit N C1 2026-03-02 50.00@20e
		letter A N
		pay P C1 BQD 2026-03-10 54.00 A
		letter A writeoff=1
		state A paid 0.00
		balance 445740 0.00
		balance 445710 -9.00
		balance 658000 5.00
		vat 2026-03-01 2026-03-31 445710 45.00 9.00`)
}

// A supplier bill paid 114.00 of 120.00, 6.00 written off to 758000:
// deductible on what was paid, 19.00 (CGI art. 271-I-2).
func TestHrev82CabaPurchaseWriteOff(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `tolerance 6.00
		purchase B S1 2026-03-01 100.00@20e
		paysupplier P S1 BQD 2026-03-10 114.00 B
		letter B writeoff=1
		state B paid 0.00
		balance 445640 0.00
		balance 445660 19.00
		balance 758000 -5.00
		vat 2026-03-01 2026-03-31 445660 95.00 19.00`)
}

// Was failing, fixed: an LCR (bill of exchange) that took over a cash-basis invoice of
// 1 000.00 + 200.00 VAT on payment is collected for 1 194.00, the 6.00
// short written off to 658000 on the bank line: the invoice's cash-basis
// entry moves all 200.00 to 445710 (and 658000 takes 6.00), because the
// write-off partial sits on the bill, not on the invoice, so writtenOffBy
// never sees it (cashBasisOn on an upstream document) and billCollection
// counts a write-off as collected. VAT on payments is due on what is
// received (CGI art. 269-2-c; a bill is paid when collected,
// BOI-TVA-BASE-20-20-10): 1 194 × 200 / 1 200 = 199.00 on 445710, 1.00
// going with the loss (658000 5.00), April's report 199.00 — as the same
// shortfall written off on the invoice itself gives (commit d2a5d9d).
func TestHrev82BillCollectedShortWrittenOff(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	r, err := reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("10.00")}})
	require.NoError(t, err)
	f.rec = r
	inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
	drawn, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
		DueDate: d(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-1"})
	require.NoError(t, err)
	bill := drawn.Entries[0]
	_, err = f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(4, 30), Amount: e("1194.00"),
		Partner: "C1", Invoices: []journal.ID{bill.ID}, Ref: "REMISE LCR", WriteOff: true})
	require.NoError(t, err)
	f.check(t)
	assert.Equal(t, "0.00", f.residual(t, bill.LineRef(0)).Plain())
	assert.Equal(t, "5.00", f.balance(t, "658000"))
	assert.Equal(t, "0.00", f.balance(t, "445740"))
	assert.Equal(t, "-199.00", f.balance(t, "445710"))
	april, err := f.rec.VATReport(ctx, d(4, 1), d(4, 30))
	require.NoError(t, err)
	assert.Equal(t, "199.00", april.Collected.Plain())
}

// A statement line with its write-off, then detached.
func TestHrev82CabaStatementWriteOffDetach(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `tolerance 6.00
		sale A C1 2026-03-01 100.00@20e
		statement S BQD 2026-03-10 114.00 partner=C1 writeoff=1 A
		state A paid 0.00
		balance 445740 0.00
		balance 445710 -19.00
		balance 658000 5.00
		vat 2026-03-01 2026-03-31 445710 95.00 19.00
		detach S
		balance 445740 -20.00
		balance 445710 0.00
		balance 658000 0.00
		vat 2026-03-01 2026-03-31 445710 0.00 0.00`)
}

// A USD invoice paid at two rates then written off: each receipt's VAT
// at its own rate, 445740 at zero.
func TestHrev82CabaUSDTwoRatesWriteOff(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `tolerance 10.00 cur=USD
		rate USD 2026-03-01 1.20
		rate USD 2026-03-10 1.25
		rate USD 2026-04-10 1.15
		sale A C1 2026-03-01 100.00@20e cur=USD
		pay P1 C1 BQD 2026-03-10 60.00 A cur=USD
		pay P2 C1 BQD 2026-04-10 54.00 A cur=USD
		letter A writeoff=1
		state A paid 0.00
		balance 445740 0.00
		vat 2026-03-01 2026-03-31 445710 40.00 8.00
		vat 2026-04-01 2026-04-30 445710 39.13 7.83`)
}
