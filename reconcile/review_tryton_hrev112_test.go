package reconcile_test

// Review h-rev112: more of Tryton's published scenario tests
// (tryton/tryton, modules/*/tests/scenario_*.rst) ported to lettrage, for
// the scenarios review_tryton_test.go and review_tryton_hrev70_test.go do
// not cover. Company currency EUR, second currency USD; French chart.

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// account/tests/scenario_move_cancel.rst: a move Cr revenue 42 / Dr
// receivable 32 for "Customer" (30 in the second currency) / Dr
// receivable 10 for "Party", cancelled by reversal: both receivable lines
// end reconciled with their mirror in the cancelling move, which carries
// the description given ("Reversal"); revenue and receivable show 42 on
// each side.
//
// Here: the move is one USD entry (one currency per entry, DESIGN §2)
// with company amounts given; reconcile.Reverse posts the extourne with
// the label given and letters each receivable line with its mirror
// (DESIGN §4 "cancelling … letter the original with its reversal"): each
// partner's line gets its partner's first code, AAA, 706000 and 411000
// end at 0.00.
func TestHrev112MoveCancelTwoPartners(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		mv := f.post(t, journal.Entry{Journal: "OD", Date: d(3, 1), Type: journal.TypeMisc, Currency: usd, Lines: []journal.Line{
			{Account: "706000", Balance: e("-42.00"), AmountCurrency: u("-40.00")},
			{Account: "411000", Partner: "C1", Balance: e("32.00"), AmountCurrency: u("30.00")},
			{Account: "411000", Partner: "C2", Balance: e("10.00"), AmountCurrency: u("10.00")},
		}})
		res, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: mv.ID, Label: "Reversal"})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		rv := res.Entries[0]
		assert.Equal(t, "Reversal", rv.Label)
		assert.Equal(t, mv.ID, rv.ReversalOf)
		for i := 1; i <= 2; i++ {
			code, prov, err := f.rec.Code(ctx, mv.LineRef(i))
			require.NoError(t, err)
			assert.Equal(t, "AAA", code, "line %d", i)
			assert.False(t, prov, "line %d", i)
			r := residualOf(t, f, mv.LineRef(i))
			assert.True(t, r.Balance.IsZero() && r.AmountCurrency.IsZero(), "line %d: %v", i, r)
		}
		assert.Equal(t, "0.00", f.balance(t, "706000"))
		assert.Equal(t, "0.00", f.balance(t, "411000"))
		f.check(t)
	})
}

// account_invoice/tests/scenario_invoice_supplier.rst: a supplier invoice
// of 5 × 20.00 taxed 10 % and 1 × 10.00 untaxed: untaxed 110.00, tax
// 10.00, total 120.00; payable credit 120.00, expense debit 110.00, tax
// debit 10.00, the invoice base code 100.00 and tax code 10.00. Its credit
// note mirrors it (−110.00, −10.00, −120.00). A posted supplier invoice of
// 20.00 + 2.00 cancelled: cancelled, reconciled.
//
// Here: the bill is built by journal.Invoice (SupplierBill) with the 10 %
// tax on the first line only; the VAT report for 445660 shows base 100.00
// (the untaxed line is no base) and tax 10.00; the supplier credit note
// built from the same lines mirrors the amounts; a bill of 22.00 cancelled
// with reconcile.Reverse reads reversed with nothing due and its payable
// line is lettered (DESIGN §5 payment state "reversed").
func TestHrev112SupplierInvoiceMixedTaxes(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		s := scenarioLines(t, f)
		vat := hrev70Tax(false, false)
		lines := []journal.InvoiceLine{
			{Label: "product", Quantity: journal.MustQuantity("5"), UnitPrice: e("20.00"), Taxes: []tax.Tax{vat}, Account: "607000"},
			{Label: "Test", Quantity: journal.MustQuantity("1"), UnitPrice: e("10.00"), Account: "607000"},
		}
		hrev70Post(t, s, "F", journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d(3, 1), Partner: "S1",
			PartnerAccount: "401000", Ref: "FAC001", Lines: lines})
		hrev70Run(t, s, "line F.0 401000 -120.00", "balance 401000 -120.00", "balance 607000 110.00", "balance 445660 10.00",
			"vat 2026-03-01 2026-03-31 445660 100.00 10.00")
		hrev70Post(t, s, "CN", journal.Invoice{Kind: journal.SupplierCreditNote, Journal: "AC", Date: d(3, 2), Partner: "S1",
			PartnerAccount: "401000", Lines: lines})
		hrev70Run(t, s, "line CN.0 401000 120.00", "balance 401000 0.00", "balance 607000 0.00", "balance 445660 0.00",
			"vat 2026-03-01 2026-03-31 445660 0.00 0.00")
		g := hrev70Post(t, s, "G", journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d(3, 3), Partner: "S1",
			PartnerAccount: "401000", Lines: []journal.InvoiceLine{{Label: "product", Quantity: journal.MustQuantity("1"),
				UnitPrice: e("20.00"), Taxes: []tax.Tax{vat}, Account: "607000"}}})
		hrev70Run(t, s, "line G.0 401000 -22.00")
		_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: g.ID})
		require.NoError(t, err)
		hrev70Run(t, s, "state G reversed 0.00", "code G AAA")
		f.check(t)
	})
}

// account_payment/tests/scenario_account_payment_invoice.rst: an invoice
// of 100.00; a payment of 20.00 on its line: amount to pay 80.00; the
// payment failed: amount to pay 100.00 again.
//
// Here the payment is registered (RegisterPayment naming the invoice,
// through the bank journal with an outstanding receipts account) and
// failed with CancelPayment (DESIGN §4: unletter, reverse, letter the
// payment with its reversal): the invoice is not_paid with 100.00 due,
// 411000 back at 100.00, the outstanding account at 0.00.
func TestHrev112PaymentFailed(t *testing.T) {
	t.Parallel()
	trytonScenario(t, "invoice A C1 2026-03-01 100.00",
		"pay P C1 BQ 2026-03-02 20.00 A", "state A partial 80.00",
		"cancel P", "state A not_paid 100.00", "residual A 100.00",
		"balance 411000 100.00", "balance 512100 0.00")
}

// account_invoice/tests/scenario_invoice.rst, "Credit invoice" on an
// invoice already partly paid (with_refund is not allowed then, only a
// credit note of the whole invoice): an invoice of 240.00 paid 120.00, a
// credit note of 240.00. The invoice's 120.00 left is settled by the
// credit note, which keeps 120.00 as the customer's credit.
//
// Here: the credit note is used on the invoice (UseCredit, DESIGN §5
// "Credit notes … are outstanding items in exactly the same way"): the
// invoice is paid (a payment among its counterparts, so not reversed),
// the credit note partial with 120.00 left (reste à utiliser), 411000 at
// −120.00. Cancelling the payment afterwards gives the credit note's
// 120.00 back to nothing: the invoice is partial again with 120.00 due.
func TestHrev112CreditPartlyPaidInvoice(t *testing.T) {
	t.Parallel()
	trytonScenario(t, "invoice A C1 2026-03-01 240.00",
		"pay P C1 BQD 2026-03-05 120.00 A", "state A partial 120.00",
		"creditnote CN C1 2026-03-06 240.00",
		"use A CN", "state A paid 0.00", "state CN partial 120.00", "unallocated C1 120.00",
		"balance 411000 -120.00", "code A open",
		"cancel P", "state A partial 120.00", "state CN partial 120.00", "balance 411000 0.00")
}

// account/tests/scenario_move_cancel.rst presupposes a move with no
// reconciled line (Tryton refuses to cancel one, "unreconcile first").
// Here an invoice paid in part cannot be reversed (ledger.ErrLettered,
// DESIGN §4) and nothing is written; after Detach it can, and reads
// reversed.
func TestHrev112CancelLetteredMoveRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		s := scenarioLines(t, f, "invoice A C1 2026-03-01 100.00", "pay P C1 BQD 2026-03-05 30.00 A")
		before := f.snapshot(t)
		_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: s.doc("A").ID})
		require.ErrorIs(t, err, ledger.ErrLettered)
		f.unchanged(t, before)
		hrev70Run(t, s, "detach P")
		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Entry: s.doc("A").ID})
		require.NoError(t, err)
		hrev70Run(t, s, "state A reversed 0.00", "residual P -30.00", "unallocated C1 30.00", "balance 411000 -30.00")
	})
}

// account/tests/scenario_close_fiscalyear.rst: a move Cr revenue 42 / Dr
// receivable 21 (a child account) / Dr receivable 21 for one customer,
// the non-deferral balanced to a P&L account, the year renewed and closed:
// the receivable still shows 42.00 (and the child 21.00) after closing.
//
// DESIGN §4/§13: closing is a lock, no closing entry; P&L accounts restart
// each year and the year's result shows on 120 until allocated. Here the
// two receivable lines are on 411000 and 411100 for C1; after closing
// 2026 the trial balance of 2027-01-01 shows 411000 at 21.00, 411100 at
// 21.00, 706000 nothing (restarted) and 120000 at −42.00, total zero; a
// posting dated in 2026 is refused (ledger.ErrYearClosed) and writes
// nothing.
func TestHrev112CloseFiscalYearKeepsReceivable(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		if _, err := f.book.Account(ctx, "411100"); err != nil {
			require.NoError(t, f.book.AddAccount(ctx, ledger.AccountOfCode("411100", "Clients - sous-compte")))
		}
		f.post(t, journal.Entry{Journal: "VT", Date: d(1, 1), Type: journal.TypeMisc, Lines: []journal.Line{
			{Account: "706000", Balance: e("-42.00")},
			{Account: "411100", Partner: "C1", Balance: e("21.00")},
			{Account: "411000", Partner: "C1", Balance: e("21.00")},
		}})
		*f.now = time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)
		_, _, err := f.rec.CloseFiscalYear(ctx, "2026", "tester")
		require.NoError(t, err)
		tb, err := f.book.TrialBalance(ctx, journal.MustDate(2027, 1, 1))
		require.NoError(t, err)
		got := map[string]string{}
		for _, r := range tb.Rows {
			got[r.Account] = r.Balance.Plain()
		}
		assert.Equal(t, "21.00", got["411000"])
		assert.Equal(t, "21.00", got["411100"])
		assert.Equal(t, "-42.00", got["120000"])
		if v, ok := got["706000"]; ok {
			assert.Equal(t, "0.00", v)
		}
		assert.True(t, tb.Total.Balance.IsZero())
		before := f.snapshot(t)
		_, err = f.book.Post(ctx, journal.Entry{Journal: "OD", Date: d(12, 31), Type: journal.TypeMisc, Lines: []journal.Line{
			{Account: "706000", Balance: e("-1.00")}, {Account: "411000", Partner: "C1", Balance: e("1.00")}}})
		require.ErrorIs(t, err, ledger.ErrYearClosed)
		f.unchanged(t, before)
	})
}
