package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev137Adv419 posts a customer advance of amount received on 10/03 on
// 419100 (kind customer advance, "Clients - avances et acomptes reçus")
// for C1.
func hrev137Adv419(t *testing.T, f *fixture, amount string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "BQD", Date: d(3, 10), Type: journal.TypePayment, Lines: []journal.Line{
		{Account: "419100", Partner: "C1", Balance: e(amount).Neg()}, {Account: "512000", Balance: e(amount)}}})
}

// Was failing, fixed: C1's advance of 600.00 on 419100 is a reste à utiliser by Statement(419100, C1) (DESIGN §5: advances are outstanding items like credit notes, listed on every later open invoice of that partner and usable there), yet OutstandingCredits of C1's 1 000.00 invoice lists nothing and UseCredit refuses it (ErrNotDocument "no open line on 419100"); expected it listed and applied: invoice residual 400.00, 419100 C1 at 0.00.
func TestHrev137Advance419UsableOnTheInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := hrev137Adv419(t, f, "600.00")
		st, err := f.rec.Statement(ctx, "419100", "C1")
		require.NoError(t, err)
		assert.Equal(t, "600.00", st.Unallocated.Plain(), "the library calls it C1's reste à utiliser")
		inv := f.invoice(t, "C1", d(4, 15), "1000.00")
		credits, err := f.rec.OutstandingCredits(ctx, inv.ID)
		require.NoError(t, err)
		var listed []string
		for _, c := range credits {
			listed = append(listed, c.Number+" "+c.Residual.Plain())
		}
		assert.Equal(t, []string{adv.Name() + " -600.00"}, listed, "the advance listed on the invoice")
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		assert.Equal(t, "400.00", f.state(t, inv).Residual.Plain())
		assert.Equal(t, "0.00", hrev68Bal(t, f, "419100", "C1", journal.Date{}))
		f.check(t)
	})
}

// Was failing, fixed: refunding C1's unused advance of 600.00 held on 419100 by a transfer naming it is refused (ErrNotDocument "has no receivable or payable line"), so the library offers no way to pay back an acompte on the advances account; expected Dr 419100 C1 600.00 / Cr bank 600.00 lettered with the advance, 419100 C1 at 0.00.
func TestHrev137Advance419Refund(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := hrev137Adv419(t, f, "600.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C1", Journal: "BQD",
			Date: d(5, 2), Method: reconcile.MethodTransfer, Invoices: []journal.ID{adv.ID}})
		require.NoError(t, err)
		require.NotEmpty(t, res.Entries)
		assert.True(t, f.residual(t, line0(adv)).IsZero())
		assert.Equal(t, "0.00", hrev68Bal(t, f, "419100", "C1", journal.Date{}))
		f.check(t)
	})
}

// Was failing, fixed: S2 was paid an advance of 360.00 on 409100 (Dr 409100 S2 / Cr bank, a payment not yet set against a bill) before its 1 200.00 bill; RunPayments, whose godoc says a supplier's payments not yet set against a bill are set off first, pays the full 1 200.00, so the supplier gets 1 560.00 for a 1 200.00 bill; expected 840.00 paid (or the advance at least named).
func TestHrev137SupplierAdvance409IgnoredByTheRun(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		adv := f.post(t, journal.Entry{Journal: "BQD", Date: d(3, 2), Type: journal.TypePayment, Ref: "ACOMPTE CDE 12", Lines: []journal.Line{
			{Account: "409100", Partner: "S2", Balance: e("360.00")}, {Account: "512000", Balance: e("-360.00")}}})
		st, err := f.rec.Statement(ctx, "409100", "S2")
		require.NoError(t, err)
		assert.Equal(t, "360.00", st.Unallocated.Plain(), "the library's own statement: 360.00 to use")
		rrBill(t, f, "S2", d(3, 5), d(3, 20), "1200.00", "F-S2-1")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 15), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "840.00", run.Payments[0].Amount.Plain(), "the bill net of the advance paid")
		assert.Equal(t, []journal.ID{adv.ID}, run.Payments[0].OnAccount)
	})
}

// Was failing, fixed: a deposit invoice (facture d'acompte) of C1 built by journal.Invoice puts its 300.00 base on 419100 without C1 as partner, so once paid C1's down payment is nobody's: Statement(419100, C1) shows 0.00 to use and the aged balance of 419100 for C1 has no row (it sits under partner ""), against Aged's godoc "a customer advance on 419100 names its customer"; expected C1's -300.00 on 419100 in both.
func TestHrev137DepositInvoiceAdvanceNamesItsCustomer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		dep := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocNormal, "C1", d(3, 1), "300.00", "419100")
		f.receive(t, "BQD", "C1", d(3, 10), "", dep)
		st, err := f.rec.Statement(ctx, "419100", "C1")
		require.NoError(t, err)
		assert.Equal(t, "300.00", st.Unallocated.Plain())
		ag, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31), Accounts: []string{"419100"}})
		require.NoError(t, err)
		var rows []string
		for _, r := range ag.Rows {
			rows = append(rows, r.Account+" "+r.Partner+" "+r.CompanyTotal.Plain())
		}
		assert.Equal(t, []string{"419100 C1 -300.00"}, rows)
	})
}
