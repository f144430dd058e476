package reconcile_test

// Review h-rev176: advances (acomptes) on 419100/409100 as outstanding
// items (commit 86a0e7f).

import (
	"errors"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev176Adv posts an advance on account (419100 for a customer, 409100
// for a supplier) of amount for p, received or paid on date through bank
// account bank (512000 straight, 512100/512200 outstanding).
func hrev176Adv(t *testing.T, f *fixture, account, p string, date journal.Date, amount, bank string) journal.Entry {
	t.Helper()
	a := e(amount)
	if account == "419100" {
		a = a.Neg()
	}
	return f.post(t, journal.Entry{Journal: "BQD", Date: date, Type: journal.TypePayment, Lines: []journal.Line{
		{Account: account, Partner: p, Balance: a}, {Account: bank, Balance: a.Neg()}}})
}

// hrev176Open is the open items of an account for a partner: "number residual".
func hrev176Open(t *testing.T, f *fixture, account, partner string) []string {
	t.Helper()
	items, err := f.book.OpenItems(ctx, account, partner)
	require.NoError(t, err)
	var out []string
	for _, it := range items {
		out = append(out, it.Number+" "+it.Residual.Balance.Plain())
	}
	return out
}

// hrev176Transfers lists the live (not reversed) advance transfers:
// entries of type misc with an origin, not reversals.
func hrev176Transfers(t *testing.T, f *fixture, ids ...journal.ID) int {
	t.Helper()
	n := 0
	for _, id := range ids {
		if !hrev171Reversed(t, f, id) {
			n++
		}
	}
	return n
}

// DESIGN §5: in_payment when "some paying entry's liquidity line sits on
// an outstanding account and is not yet cleared"; the transfer counts as
// the advance paying (state.go), so an invoice settled by an advance whose
// money still waits on 512100 is in payment, as it is when the same
// money is a payment on account on 411000.
func TestHrev176InvoiceSettledByUnclearedAdvanceIsInPayment(t *testing.T) {
	t.Parallel()
	// Was failing, fixed: invoice settled by a 419100 advance still waiting on 512100 (outstanding receipts): expected in_payment (as with the same advance on 411000), got paid
	onStores(t, func(t *testing.T, f *fixture) {
		// The same money on 411000, for comparison: in_payment.
		onAcc := f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 10), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "411000", Partner: "C2", Balance: e("-500.00")}, {Account: "512100", Balance: e("500.00")}}})
		inv2 := f.invoice(t, "C2", d(4, 15), "500.00")
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv2.ID, Credit: line0(onAcc)})
		require.NoError(t, err)
		require.Equal(t, reconcile.InPayment, f.state(t, inv2).State, "a payment on account not yet cleared")

		adv := hrev176Adv(t, f, "419100", "C1", d(3, 10), "500.00", "512100")
		inv := f.invoice(t, "C1", d(4, 15), "500.00")
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.state(t, inv).Residual.Plain())
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State, "the advance's money still waits on 512100")
		f.check(t)
	})
}

// An advance received straight to the bank (BQD, 512000) settling the
// invoice in full: paid; in part: partial. The figures: statement of
// 411000 and 419100, aged balance, OutstandingCredits after partial use.
func TestHrev176AdvancePartlyUsedFigures(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := hrev176Adv(t, f, "419100", "C1", d(3, 10), "600.00", "512000")
		inv := f.invoice(t, "C1", d(4, 15), "400.00")
		inv2 := f.invoice(t, "C1", d(4, 20), "1000.00")
		res, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		assert.Equal(t, []string{"419100 C1 400.00", "411000 C1 -400.00"}, hrev171Lines(res.Entries[0]))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv2).State)
		assert.Equal(t, "-200.00", f.residual(t, line0(adv)).Plain())

		credits, err := f.rec.OutstandingCredits(ctx, inv2.ID)
		require.NoError(t, err)
		require.Len(t, credits, 1)
		assert.Equal(t, line0(adv), credits[0].Ref)
		assert.Equal(t, "-200.00", credits[0].Residual.Plain())
		assert.Equal(t, "-600.00", credits[0].Amount.Plain())
		credits, err = f.rec.OutstandingCredits(ctx, inv.ID)
		require.NoError(t, err)
		assert.Empty(t, credits, "a settled invoice lists nothing")

		st, err := f.rec.Statement(ctx, "419100", "C1")
		require.NoError(t, err)
		assert.Equal(t, "200.00", st.Unallocated.Plain())
		st, err = f.rec.Statement(ctx, "411000", "C1")
		require.NoError(t, err)
		assert.Equal(t, "1000.00", st.Due.Plain())

		for _, c := range []struct {
			at       journal.Date
			acc, tot string
		}{{d(3, 31), "411000", ""}, {d(3, 31), "419100", "-600.00"}, {d(4, 30), "411000", "1000.00"}, {d(4, 30), "419100", "-200.00"}} {
			ab, err := f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{c.acc}, At: c.at})
			require.NoError(t, err)
			got := ""
			for _, r := range ab.Rows {
				if r.Partner == "C1" {
					got = r.Total.Plain()
				}
			}
			assert.Equal(t, c.tot, got, "%s at %s", c.acc, c.at)
		}
		assert.Equal(t, "-200.00", hrev68Bal(t, f, "419100", "C1", journal.Date{}))
		assert.Equal(t, "1000.00", hrev68Bal(t, f, "411000", "C1", journal.Date{}))

		// The rest on the second invoice: partial.
		res2, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv2.ID, Credit: line0(adv)})
		require.NoError(t, err)
		assert.Equal(t, []string{"419100 C1 200.00", "411000 C1 -200.00"}, hrev171Lines(res2.Entries[0]))
		assert.Equal(t, reconcile.Partial, f.state(t, inv2).State)
		assert.Equal(t, "800.00", f.state(t, inv2).Residual.Plain())
		assert.Empty(t, hrev176Open(t, f, "419100", "C1"))
		code, prov, err := f.rec.Code(ctx, line0(adv))
		require.NoError(t, err)
		assert.False(t, prov, "the advance's group on 419100 is a match")
		assert.NotEmpty(t, code)
		f.check(t)

		// Detaching the advance reverses both transfers exactly once.
		_, err = f.rec.Detach(ctx, journal.NoID, line0(adv))
		require.NoError(t, err)
		assert.Equal(t, 0, hrev176Transfers(t, f, res.Entries[0].ID, res2.Entries[0].ID))
		assert.Equal(t, "-600.00", f.residual(t, line0(adv)).Plain())
		assert.Equal(t, "400.00", f.residual(t, line0(inv)).Plain())
		assert.Equal(t, "1000.00", f.residual(t, line0(inv2)).Plain())
		assert.Equal(t, []string{adv.Name() + " -600.00"}, hrev176Open(t, f, "419100", "C1"))
		assert.Equal(t, "1400.00", hrev68Bal(t, f, "411000", "C1", journal.Date{}))
		f.check(t)
	})
}

// A match holding a real payment: invoice 1 000.00, the advance's 600.00,
// a receipt of 400.00. UnletterCode on 411000 reverses the transfer once,
// leaves the receipt and the advance open; relettering works; replay of
// UseCredit with its operation id writes nothing twice.
func TestHrev176UnletterCodeWithPaymentAndRelettering(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := hrev176Adv(t, f, "419100", "C1", d(3, 10), "600.00", "512000")
		inv := f.invoice(t, "C1", d(4, 15), "1000.00")
		op := journal.NewID()
		res, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Operation: op, Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		tr := res.Entries[0]
		again, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Operation: op, Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		assert.True(t, again.Replay)
		require.Len(t, again.Entries, 1)
		assert.Equal(t, tr.ID, again.Entries[0].ID)
		assert.Equal(t, "400.00", f.residual(t, line0(inv)).Plain())

		pay := f.receive(t, "BQD", "C1", d(5, 2), "400.00", inv)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		code, prov, err := f.rec.Code(ctx, line0(inv))
		require.NoError(t, err)
		require.False(t, prov)
		f.check(t)

		_, err = f.rec.UnletterCode(ctx, journal.NoID, "411000", "C1", code)
		require.NoError(t, err)
		assert.True(t, hrev171Reversed(t, f, tr.ID))
		assert.Equal(t, "1000.00", f.residual(t, line0(inv)).Plain())
		assert.Equal(t, "-400.00", f.residual(t, line0(pay)).Plain())
		assert.Equal(t, "-600.00", f.residual(t, line0(adv)).Plain())
		assert.ElementsMatch(t, []string{inv.Name() + " 1000.00", pay.Name() + " -400.00"}, hrev176Open(t, f, "411000", "C1"))
		assert.Equal(t, []string{adv.Name() + " -600.00"}, hrev176Open(t, f, "419100", "C1"))
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		f.check(t)

		// Relettered: the advance again, then the receipt.
		res, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		assert.Equal(t, []string{"419100 C1 600.00", "411000 C1 -600.00"}, hrev171Lines(res.Entries[0]))
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(pay)})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)
		// Detaching the receipt leaves the advance's transfer.
		_, err = f.rec.Detach(ctx, journal.NoID, line0(pay))
		require.NoError(t, err)
		assert.False(t, hrev171Reversed(t, f, res.Entries[0].ID))
		assert.Equal(t, "400.00", f.residual(t, line0(inv)).Plain())
		assert.Equal(t, reconcile.Partial, f.state(t, inv).State)
		f.check(t)
		// Unlettering the advance's match on 419100.
		_, err = f.rec.Unletter(ctx, journal.NoID, line0(adv))
		require.NoError(t, err)
		assert.True(t, hrev171Reversed(t, f, res.Entries[0].ID))
		assert.Equal(t, "1000.00", f.residual(t, line0(inv)).Plain())
		assert.Equal(t, "600.00", hrev68Bal(t, f, "411000", "C1", journal.Date{}))
		assert.Equal(t, "0.00", hrev176Sum(t, f))
		f.check(t)
	})
}

// hrev176Sum is the balance of 411000 + 419100 for C1: what C1 owes net.
func hrev176Sum(t *testing.T, f *fixture) string {
	t.Helper()
	a := currency.MustParse(eur, hrev68Bal(t, f, "411000", "C1", journal.Date{}))
	b := currency.MustParse(eur, hrev68Bal(t, f, "419100", "C1", journal.Date{}))
	s, err := a.Add(b)
	require.NoError(t, err)
	return s.Plain()
}

// Cash-basis VAT: an advance of 1 200.00 received on 419100 on 10/03,
// a services invoice 1 000.00 + 200.00 VAT on payment of 15/04, the
// advance used: the VAT falls due with the use (15/04, 200.00 on
// 445710); CashBasisRow.Paid promises "the settling entry's accounting
// date, when the money came in: an advance received before its invoice
// was paid before its VAT fell due" — 10/03, the receipt.
func TestHrev176CashBasisOfAdvanceOn419(t *testing.T) {
	t.Parallel()
	// Was failing, fixed: CashBasisPayments row of an invoice settled by a 419100 advance received 2026-03-10: expected Paid 2026-03-10 and Payment the bank receipt, got Paid 2026-04-15 and the OD transfer
	onStores(t, func(t *testing.T, f *fixture) {
		adv := hrev176Adv(t, f, "419100", "C1", d(3, 10), "1200.00", "512000")
		inv := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocNormal, "C1", d(4, 15), "1000.00", "706000")
		assert.Equal(t, [2]string{"-200.00", "0.00"}, hrev68VAT(t, f))
		res, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, [2]string{"0.00", "-200.00"}, hrev68VAT(t, f), "VAT due once, when the advance is used")
		f.check(t)
		rows, err := f.rec.CashBasisPayments(ctx, journal.Date{}, journal.Date{})
		require.NoError(t, err)
		require.Len(t, rows, 1)
		assert.Equal(t, d(4, 15), rows[0].Date)
		assert.Equal(t, "1200.00", rows[0].Collected.Plain())
		assert.Equal(t, "200.00", rows[0].VAT.Plain())
		assert.Equal(t, d(3, 10), rows[0].Paid, "the money came in on 10/03")
		assert.Equal(t, adv.Name(), rows[0].Payment, "the receipt, not the transfer %s", res.Entries[0].Name())

		// Unlettered: the VAT goes back to 445740, once.
		_, err = f.rec.Unletter(ctx, journal.NoID, line0(inv))
		require.NoError(t, err)
		assert.Equal(t, [2]string{"-200.00", "0.00"}, hrev68VAT(t, f))
		f.check(t)
	})
}

// A USD advance (1 200.00 USD at 1.25: 960.00 EUR) on a USD invoice
// (1 200.00 USD at 1.20: 1 000.00 EUR): the transfer moves 960.00 EUR /
// 1 200.00 USD, the invoice keeps 40.00 EUR, cleared by an exchange loss
// on 656000; unlettering reverses both. A EUR advance on a USD invoice is
// refused (ErrAmount), writing nothing.
func TestHrev176ForeignAdvances(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		adv := f.post(t, journal.Entry{Journal: "BQD", Date: d(3, 10), Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
			{Account: "419100", Partner: "C1", Balance: e("-960.00"), AmountCurrency: u("-1200.00")},
			{Account: "512000", Balance: e("960.00"), AmountCurrency: u("1200.00")}}})
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(4, 15), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1000.00"), AmountCurrency: u("1200.00")},
			{Account: "706000", Balance: e("-1000.00"), AmountCurrency: u("-1200.00")}}})
		eurAdv := hrev176Adv(t, f, "419100", "C1", d(3, 11), "300.00", "512000")
		credits, err := f.rec.OutstandingCredits(ctx, inv.ID)
		require.NoError(t, err)
		require.Len(t, credits, 1, "only the USD advance")
		assert.Equal(t, line0(adv), credits[0].Ref)

		before := f.snapshot(t)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(eurAdv)})
		assert.ErrorIs(t, err, reconcile.ErrAmount)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv), Amount: e("100.00")})
		assert.ErrorIs(t, err, reconcile.ErrAmount, "an amount in EUR for a USD advance")
		f.unchanged(t, before)

		res, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		var tr journal.Entry
		lossOn656 := "0.00"
		for _, x := range res.Entries {
			if x.Type == journal.TypeMisc {
				tr = x
			}
			for _, l := range x.Lines {
				if l.Account == "656000" {
					lossOn656 = l.Balance.Plain()
				}
			}
		}
		require.NotEqual(t, journal.NoID, tr.ID)
		assert.Equal(t, []string{"419100 C1 960.00", "411000 C1 -960.00"}, hrev171Lines(tr))
		assert.Equal(t, "1200.00", tr.Lines[0].AmountCurrency.Plain())
		assert.Equal(t, "40.00", lossOn656)
		assert.Equal(t, "40.00", hrev68Bal(t, f, "656000", "", journal.Date{}))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "0.00", hrev68Bal(t, f, "411000", "C1", journal.Date{}))
		f.check(t)

		_, err = f.rec.Unletter(ctx, journal.NoID, line0(adv))
		require.NoError(t, err)
		assert.True(t, hrev171Reversed(t, f, tr.ID))
		assert.Equal(t, "0.00", hrev68Bal(t, f, "656000", "", journal.Date{}))
		assert.Equal(t, "1000.00", f.residual(t, line0(inv)).Plain())
		assert.Equal(t, "-960.00", f.residual(t, line0(adv)).Plain())
		f.check(t)

		// A part in USD: 500.00 USD of the advance, at its rate 400.00 EUR.
		res, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv), Amount: u("500.00")})
		require.NoError(t, err)
		assert.Equal(t, []string{"419100 C1 400.00", "411000 C1 -400.00"}, hrev171Lines(res.Entries[0]))
		assert.Equal(t, "-560.00", f.residual(t, line0(adv)).Plain())
		st := f.state(t, inv)
		assert.Equal(t, reconcile.Partial, st.State)
		assert.Equal(t, "700.00", st.ResidualCurrency.Plain())
		f.check(t)
	})
}

// Bad input, each refused with its typed error, writing nothing: another
// partner's advance, an advance used already, a bank line, a receivable
// line of another customer's, an amount beyond minor units.
func TestHrev176BadInput(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv2 := hrev176Adv(t, f, "419100", "C2", d(3, 10), "100.00", "512000")
		adv := hrev176Adv(t, f, "419100", "C1", d(3, 10), "100.00", "512000")
		inv := f.invoice(t, "C1", d(4, 15), "1000.00")
		inv3 := f.invoice(t, "C1", d(4, 16), "50.00")
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv3.ID, Credit: line0(adv)})
		require.NoError(t, err)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv3.ID, Credit: line0(adv)})
		assert.ErrorIs(t, err, reconcile.ErrSettled, "the invoice owes nothing")
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv), Amount: e("50.00")})
		require.NoError(t, err, "the 50.00 left")
		before := f.snapshot(t)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		assert.Error(t, err, "an advance used already")
		assert.True(t, isAny(err, reconcile.ErrSettled, reconcile.ErrMatched), "typed: %v", err)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv2)})
		assert.ErrorIs(t, err, reconcile.ErrPartner, "C2's advance on C1's invoice")
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: adv2.LineRef(1)})
		assert.Error(t, err, "a bank line is no advance")
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv2), Amount: currency.MustParse(eur, "0.00")})
		assert.Error(t, err)
		f.unchanged(t, before)
		f.check(t)
	})
}

func isAny(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

// Refunds: more than what is left of a partly used advance is refused;
// what is left is refunded (Dr 419100 / Cr bank), the advance settled.
func TestHrev176RefundPartlyUsedAdvance(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := hrev176Adv(t, f, "419100", "C1", d(3, 10), "600.00", "512000")
		inv := f.invoice(t, "C1", d(4, 15), "400.00")
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		before := f.snapshot(t)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C1", Journal: "BQD",
			Date: d(5, 2), Amount: e("200.01"), Invoices: []journal.ID{adv.ID}})
		assert.ErrorIs(t, err, reconcile.ErrOverAllocation)
		f.unchanged(t, before)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C1", Journal: "BQD",
			Date: d(5, 2), Invoices: []journal.ID{adv.ID}})
		require.NoError(t, err)
		assert.Equal(t, []string{"419100 C1 200.00", "512000  -200.00"}, hrev171Lines(res.Entries[0]))
		assert.Empty(t, hrev176Open(t, f, "419100", "C1"))
		assert.Equal(t, "0.00", hrev68Bal(t, f, "419100", "C1", journal.Date{}))
		f.check(t)
		// Unlettering the invoice reverses the transfer: 400.00 open on
		// the advance again, the refund still lettered.
		_, err = f.rec.Detach(ctx, journal.NoID, line0(inv))
		require.NoError(t, err)
		assert.Equal(t, "-400.00", f.residual(t, line0(adv)).Plain())
		assert.Equal(t, "-400.00", hrev68Bal(t, f, "419100", "C1", journal.Date{}))
		f.check(t)
	})
}

// A payment run with two advances of S2 (360.00 on 02/03, 100.00 on
// 10/03) and one dated after the run (50.00 on 20/03), bills of 200.00
// and 500.00: the two first are set off (460.00), the later one left, and
// 240.00 paid; the SEPA file carries 240.00. A retry of the run returns
// it. Cancelling the run's payment leaves the advances set off; cancelling
// an advance itself reverses its transfer.
func TestHrev176RunTwoAdvancesOneLater(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		a1 := hrev176Adv(t, f, "409100", "S2", d(3, 2), "360.00", "512000")
		a2 := hrev176Adv(t, f, "409100", "S2", d(3, 10), "100.00", "512000")
		late := hrev176Adv(t, f, "409100", "S2", d(3, 20), "50.00", "512000")
		b1 := rrBill(t, f, "S2", d(3, 5), d(3, 20), "200.00", "F-S2-1")
		b2 := rrBill(t, f, "S2", d(3, 6), d(3, 25), "500.00", "F-S2-2")
		op := journal.NewID()
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: op, Journal: "BQO", Date: d(3, 15), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		rp := run.Payments[0]
		assert.Equal(t, "240.00", rp.Amount.Plain())
		assert.ElementsMatch(t, []journal.ID{a1.ID, a2.ID}, rp.OnAccount)
		assert.ElementsMatch(t, []journal.ID{b1.ID, b2.ID}, rp.Bills)
		assert.Equal(t, "50.00", hrev68Bal(t, f, "409100", "S2", journal.Date{}), "the advance of 20/03 waits")
		assert.Equal(t, "50.00", f.residual(t, line0(late)).Plain())
		assert.True(t, f.residual(t, line0(b1)).IsZero())
		assert.True(t, f.residual(t, line0(b2)).IsZero())
		assert.Equal(t, "0.00", hrev68Bal(t, f, "401000", "S2", journal.Date{}))
		var transfers []journal.ID
		var lines []string
		for _, x := range run.Result.Entries {
			if x.Type == journal.TypeMisc {
				transfers = append(transfers, x.ID)
				lines = append(lines, x.Date.String()+" "+strings.Join(hrev171Lines(x), ", "))
			}
		}
		// One transfer per advance, at the later of its date and the
		// bills' it settles.
		assert.Equal(t, []string{"2026-03-06 409100 S2 -360.00, 401000 S2 360.00", "2026-03-10 409100 S2 -100.00, 401000 S2 100.00"}, lines)
		xml, err := rrFile(t, f, run)
		require.NoError(t, err)
		assert.Contains(t, xml, "<CtrlSum>240.00</CtrlSum>")
		assert.Contains(t, xml, `<InstdAmt Ccy="EUR">240.00</InstdAmt>`)
		f.check(t)

		again, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: op, Journal: "BQO", Date: d(3, 15), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, again.Payments, 1)
		assert.Equal(t, rp.Payment.ID, again.Payments[0].Payment.ID)
		assert.ElementsMatch(t, rp.OnAccount, again.Payments[0].OnAccount)
		assert.Equal(t, "50.00", hrev68Bal(t, f, "409100", "S2", journal.Date{}))

		_, err = f.rec.CancelPayment(ctx, journal.NoID, rp.Payment.ID)
		require.NoError(t, err)
		assert.Equal(t, 2, hrev176Transfers(t, f, transfers...), "the advances stay set off")
		assert.Equal(t, "-240.00", hrev68Bal(t, f, "401000", "S2", journal.Date{}))
		assert.Equal(t, "50.00", hrev68Bal(t, f, "409100", "S2", journal.Date{}))
		f.check(t)

		// Cancelling the first advance (a payment) reverses its transfers.
		_, err = f.rec.CancelPayment(ctx, journal.NoID, a1.ID)
		require.NoError(t, err)
		assert.Equal(t, 1, hrev176Transfers(t, f, transfers...), "a2's transfer only")
		assert.Equal(t, "-600.00", hrev68Bal(t, f, "401000", "S2", journal.Date{}))
		assert.Equal(t, "50.00", hrev68Bal(t, f, "409100", "S2", journal.Date{}))
		f.check(t)
	})
}

// An advance larger than the bills: the supplier is not paid, its bills
// are settled by the advance, the rest waits on 409100.
func TestHrev176RunAdvanceLargerThanBills(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrSupplier(t, f, "S3", "Fournisseur S3", "", ledger.Address{})
		adv := hrev176Adv(t, f, "409100", "S2", d(3, 2), "1000.00", "512000")
		b1 := rrBill(t, f, "S2", d(3, 5), d(3, 20), "200.00", "F-S2-1")
		b3 := rrBill(t, f, "S3", d(3, 5), d(3, 20), "300.00", "F-S3-1")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 15), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "S3", run.Payments[0].Partner)
		assert.Equal(t, "300.00", run.Payments[0].Amount.Plain())
		assert.True(t, f.residual(t, line0(b1)).IsZero())
		assert.True(t, f.residual(t, line0(b3)).IsZero())
		assert.Equal(t, "800.00", f.residual(t, line0(adv)).Plain())
		assert.Equal(t, reconcile.Paid, f.state(t, b1).State)
		xml, err := rrFile(t, f, run)
		require.NoError(t, err)
		assert.Contains(t, xml, "<CtrlSum>300.00</CtrlSum>")
		f.check(t)
	})
}

// Cancelling a used customer advance (CancelPayment of its receipt)
// reverses the transfer, reopens the invoice and reverses the advance.
func TestHrev176CancelUsedCustomerAdvance(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := hrev176Adv(t, f, "419100", "C1", d(3, 10), "600.00", "512000")
		inv := f.invoice(t, "C1", d(4, 15), "1000.00")
		res, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		_, err = f.rec.CancelPayment(ctx, journal.NoID, adv.ID)
		require.NoError(t, err)
		assert.True(t, hrev171Reversed(t, f, res.Entries[0].ID))
		assert.True(t, hrev171Reversed(t, f, adv.ID))
		assert.Equal(t, "1000.00", f.residual(t, line0(inv)).Plain())
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		assert.Equal(t, "0.00", hrev68Bal(t, f, "419100", "C1", journal.Date{}))
		assert.Empty(t, hrev176Open(t, f, "419100", "C1"))
		f.check(t)
	})
}

// journal.Invoice now names the partner on a 408100 base line (a bill
// regularising an accrual, an invoice not received booked at year end
// without a partner): the book still takes it, and lettering it with the
// accrual's line (no partner, a general account) still works.
func TestHrev176AccrualLineNamesPartnerStillLetters(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		acc := f.post(t, journal.Entry{Journal: "OD", Date: d(1, 2), Type: journal.TypeMisc, Lines: []journal.Line{
			{Account: "408100", Balance: e("-100.00")}, {Account: "607000", Balance: e("100.00")}}})
		x, err := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d(1, 20), Partner: "S1", PartnerAccount: "401000",
			Lines: []journal.InvoiceLine{{Label: "FNP soldée", UnitPrice: e("100.00"), Account: "408100"}}}.Entry()
		require.NoError(t, err)
		bill := f.post(t, x)
		ref := hrev137Ref(t, bill, "408100")
		assert.Equal(t, "S1", bill.Lines[ref.Index].Partner)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(acc), ref}})
		require.NoError(t, err)
		assert.Empty(t, hrev176Open(t, f, "408100", ""))
		f.check(t)
	})
}
