package reconcile_test

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A cash-basis invoice partly paid, the rest lost; then the payment is
// detached (it bounced): the bad debt that completed the match is
// reversed with it, and the book is back to the invoice alone: 1 200,00
// owed, 200,00 waiting on 445740, nothing on 654000 or 445710.
func TestHrev202CashBasisBadDebtThenPaymentDetached(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		pay := f.receive(t, "BQD", "C1", d(4, 10), "480.00", inv)
		_, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		assert.Equal(t, "445740 0.00, 445710 -80.00, 654000 600.00", f.hrev190Bal(t, "445740", "445710", "654000"))
		ref := pay.LineRef(-1)
		for i, l := range pay.Lines {
			if l.Account == "411000" {
				ref = pay.LineRef(i)
			}
		}
		_, err = f.rec.Detach(ctx, journal.NoID, ref)
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		assert.Equal(t, "445740 -200.00, 445710 0.00, 654000 0.00", f.hrev190Bal(t, "445740", "445710", "654000"))
		assert.Equal(t, "1200.00", f.residual(t, inv.LineRef(0)).Plain())
		// Written off again: the whole 1 200,00, no VAT due.
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(7, 15)})
		require.NoError(t, err)
		assert.Equal(t, "411000 -1200.00, 654000 1200.00", hrev182Lines(res.Entries[0]))
		f.check(t)
	})
}

// Was failing, fixed: an invoice part credited (credit note 300,00) and the rest (900,00) written off as lost reads Reversed (cancelled), not Paid as WriteOffBadDebt's godoc promises ("its state is Paid")
//
// A cash-basis invoice (1 000,00 + 200,00 VAT on receipts), a credit note
// of 250,00 + 50,00 lettered with it, the rest (900,00) lost. The amounts
// are right (nothing of the VAT becomes due, 445740 ends at zero, 654000
// at 750,00, the HT of what is lost); the state is not: three quarters of
// the invoice were lost, not cancelled.
func TestHrev202BadDebtAfterCreditNoteState(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		cn := f.cashBasisInvoice(t, journal.CustomerCreditNote, "C1", d(3, 20), "250.00")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Partial, f.state(t, inv).State)
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		assert.Equal(t, "2026-06-15 411000/C1 -900.00, 654000 900.00; 2026-06-15 445740 150.00, 654000 -150.00", hrev202Lines(res))
		f.check(t)
		assert.Equal(t, "445740 0.00, 445710 0.00, 654000 750.00, 706000 -750.00", f.hrev190Bal(t, "445740", "445710", "654000", "706000"))
		assert.Equal(t, "445710 E20 0.00 0.00; collected 0.00 deductible 0.00", f.hrev182VAT(t, d(1, 1), d(12, 31)))
		st := f.state(t, inv)
		assert.Equal(t, "0.00", st.Residual.Plain())
		assert.Equal(t, reconcile.Paid.String(), st.State.String(), "the debt was lost, the invoice is not cancelled")
	})
}

// Was failing, fixed: invoice 1 200,00 (VAT on debits) credited 240,00, 960,00 lost: state Reversed, expected Paid (WriteOffBadDebt godoc)
//
// The same with VAT on debits.
func TestHrev202BadDebtAfterCreditNoteStateOnDebits(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
		cn, err := journal.Invoice{Kind: journal.CustomerCreditNote, Journal: "VT", Date: d(3, 10), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{UnitPrice: e("200.00"), Taxes: []tax.Tax{hrev182VAT20}, Account: "707000"}}}.Entry()
		require.NoError(t, err)
		note := f.post(t, cn)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), note.LineRef(0)}})
		require.NoError(t, err)
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		assert.Equal(t, "2026-06-15 411000/C1 -960.00, 654000 800.00, 445710 160.00", hrev202Lines(res))
		f.check(t)
		assert.Equal(t, reconcile.Paid.String(), f.state(t, inv).State.String())
	})
}

// A bad debt of 2026 on a cash-basis invoice partly paid, the year closed,
// then unlettered in 2027 (the liquidator pays after all): the bad-debt
// entry and its cash-basis entry are reversed in 2027, the first open
// date; the whole match is undone (the payment too): 1 200,00 owed on the
// invoice, 480,00 received open, 200,00 waiting on 445740, nothing on
// 654000 or 445710.
func TestHrev202BadDebtUnletteredAfterClosing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		f.receive(t, "BQD", "C1", d(4, 10), "480.00", inv)
		_, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		*f.now = time.Date(2027, time.February, 15, 9, 0, 0, 0, time.UTC)
		_, _, err = f.rec.CloseFiscalYear(ctx, "2026", "alice")
		require.NoError(t, err)
		res, err := f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		for _, x := range res.Entries {
			assert.Equal(t, "2027", x.FiscalYear, "%s", x.Name())
		}
		f.check(t)
		assert.Equal(t, "411000 720.00, 445740 -200.00, 445710 0.00, 654000 0.00", f.hrev190Bal(t, "411000", "445740", "445710", "654000"))
		assert.Equal(t, "1200.00", f.residual(t, inv.LineRef(0)).Plain())
	})
}
