package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var hrev213Ded20 = tax.Tax{ID: "DED20", Name: "TVA déd. 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnInvoice,
	FinalAccount: "445660"}

// hrev213Doc builds (does not post) an invoice of ht + 20 % VAT of tax x.
func hrev213Doc(t *testing.T, kind journal.InvoiceKind, p, acct string, date journal.Date, ht string, x tax.Tax) journal.Entry {
	t.Helper()
	j, line := "VT", "706000"
	if kind == journal.SupplierBill {
		j, line = "AC", "607000"
	}
	inv, err := journal.Invoice{Kind: kind, Journal: j, Date: date, Partner: p, PartnerAccount: acct,
		Lines: []journal.InvoiceLine{{UnitPrice: e(ht), Taxes: []tax.Tax{x}, Account: line}}}.Entry()
	require.NoError(t, err)
	inv.ID = journal.NewID()
	return inv
}

// hrev213Pay builds a payment of amount (company currency) on acct for p:
// a receipt for a customer (411000), a payment out for a supplier.
func hrev213Pay(p, acct string, date journal.Date, amount string) journal.Entry {
	a := e(amount)
	if acct == "401000" {
		a = a.Neg()
	}
	return journal.Entry{ID: journal.NewID(), Journal: "BQD", Date: date, Type: journal.TypePayment, Lines: []journal.Line{
		{Account: "512000", Balance: a}, {Account: acct, Partner: p, Balance: a.Neg()}}}
}

// A WriteOff step writes off 1 000,00 with no tolerance: the godoc says
// "whatever the tolerance". Pinned as documented (an accountant would
// expect a bound; DESIGN asks for a configured tolerance only of Reconcile).
func TestHrev213WriteOffLargeDifferencePin(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev195Pair(1, "1200.00")
		pay.Lines[0].Balance, pay.Lines[1].Balance = e("200.00"), e("-200.00")
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, WriteOff: true}}})
		require.NoError(t, err)
		require.Len(t, out.Entries, 1)
		assert.Equal(t, "1000.00", f.balance(t, "658000"))
		f.check(t)
	})
}

// A WriteOff step on lines of two partners is refused (ErrPartner),
// nothing written.
func TestHrev213WriteOffTwoPartnersRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, _ := hrev195Pair(1, "300.00")
		pay := hrev213Pay("C2", "411000", d(3, 11), "299.97")
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, WriteOff: true}}})
		assert.ErrorIs(t, err, reconcile.ErrPartner)
		assert.Equal(t, 0, f.hrev182Count(t))
	})
}

// Was failing, fixed: a WriteOff step naming one invoice line alone (nothing to pair) writes the whole 300.00 TTC off to 658000: expected an error (ErrNothingToLetter/ErrStep), got 658000 at 300.00
func TestHrev213WriteOffLoneInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, _ := hrev195Pair(1, "300.00")
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Letter: []journal.LineRef{inv.LineRef(0)}, WriteOff: true}}})
		assert.Error(t, err)
		assert.Equal(t, "0.00", f.balance(t, "658000"))
	})
}

// Was failing, fixed: a one-sided Letter step with a Code and an EarlyDiscount keeps the code and silently drops the discount: expected an error (ErrStep) or the discount posted, got no error and 665000 at 0.00
func TestHrev213DiscountOnKeptStepDropped(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, _ := hrev195Pair(1, "300.00")
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv},
			{Letter: []journal.LineRef{inv.LineRef(0)}, Code: "AAA",
				EarlyDiscount: &reconcile.StepDiscount{Invoice: inv.LineRef(0), Amount: e("6.00"), Date: d(3, 11)}}}})
		if err == nil {
			assert.Equal(t, "6.00", f.balance(t, "665000"), "the discount the step asks for (kept steps %v)", out.KeptSteps)
		}
	})
}

// Was failing, fixed: a one-sided Letter step with a Code and WriteOff keeps the code and silently writes nothing off: expected an error (ErrStep) or a write-off, got no error and 658000 at 0.00
func TestHrev213WriteOffOnKeptStepDropped(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, _ := hrev195Pair(1, "300.00")
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv},
			{Letter: []journal.LineRef{inv.LineRef(0)}, Code: "AAA", WriteOff: true}}})
		assert.Error(t, err, "a write-off asked of lines on one side, with a code")
	})
}

// Was failing, fixed: an EarlyDiscount step whose payment does not settle the rest (1 200,00 invoice, 24,00 discount, 1 000,00 paid) is accepted and leaves the invoice open at 176.00 with a discount taken; DESIGN §5 says the discount closes the invoice: expected ErrDiscount, got no error
func TestHrev213DiscountPaymentShort(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := hrev213Doc(t, journal.CustomerInvoice, "C1", "411000", d(3, 1), "1000.00", hrev182VAT20)
		pay := hrev213Pay("C1", "411000", d(3, 10), "1000.00")
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)},
				EarlyDiscount: &reconcile.StepDiscount{Invoice: inv.LineRef(0), Amount: e("24.00"), Date: d(3, 10)}}}})
		assert.ErrorIs(t, err, reconcile.ErrDiscount)
		if err == nil {
			assert.Equal(t, "176.00", f.balance(t, "411000"), "what got: the invoice still open after its discount")
		}
	})
}

// Was failing, fixed: an EarlyDiscount step whose payment pays the whole invoice (1 200,00 paid, 24,00 discount) is accepted: the discount leaves an overpayment of 24.00 on 411000; expected ErrDiscount, got no error
func TestHrev213DiscountOnFullPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := hrev213Doc(t, journal.CustomerInvoice, "C1", "411000", d(3, 1), "1000.00", hrev182VAT20)
		pay := hrev213Pay("C1", "411000", d(3, 10), "1200.00")
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)},
				EarlyDiscount: &reconcile.StepDiscount{Invoice: inv.LineRef(0), Amount: e("24.00"), Date: d(3, 10)}}}})
		assert.ErrorIs(t, err, reconcile.ErrDiscount)
		if err == nil {
			assert.Equal(t, "-24.00", f.balance(t, "411000"), "what got: a credit of 24.00 left")
		}
	})
}

// A discount on a supplier bill with VAT on invoice (DESIGN §6.9): Dr
// 401000 24,00 / Cr 765000 20,00 / Cr 445660 4,00; the bill matched.
func TestHrev213DiscountSupplierBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		bill := hrev213Doc(t, journal.SupplierBill, "S1", "401000", d(3, 1), "1000.00", hrev213Ded20)
		pay := hrev213Pay("S1", "401000", d(3, 10), "1176.00")
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &bill}, {Entry: &pay},
			{Letter: []journal.LineRef{bill.LineRef(0), pay.LineRef(1)}, Code: "AAA",
				EarlyDiscount: &reconcile.StepDiscount{Invoice: bill.LineRef(0), Amount: e("24.00"), Date: d(3, 10)}}}})
		require.NoError(t, err)
		require.Len(t, out.Entries, 1)
		assert.Equal(t, "401000 24.00, 765000 -20.00, 445660 -4.00", hrev182Lines(out.Entries[0]))
		assert.Equal(t, "0.00", f.balance(t, "401000"))
		assert.Equal(t, "196.00", f.balance(t, "445660"))
		assert.Equal(t, "AAA", f.code(t, pay.LineRef(1)))
		f.check(t)
		_, err = f.rec.Unletter(ctx, journal.NoID, bill.LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, "200.00", f.balance(t, "445660"))
		assert.Equal(t, "0.00", f.balance(t, "765000"))
		f.check(t)
	})
}

// A discount on a cash-basis invoice (DESIGN §6.10): 196,00 moves to
// 445710, the discount takes 4,00 off 445740, which ends at zero.
func TestHrev213DiscountCashBasis(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := hrev213Doc(t, journal.CustomerInvoice, "C1", "411000", d(3, 1), "1000.00", vatOnPayment)
		pay := hrev213Pay("C1", "411000", d(3, 10), "1176.00")
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)},
				EarlyDiscount: &reconcile.StepDiscount{Invoice: inv.LineRef(0), Amount: e("24.00"), Date: d(3, 10)}}}})
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, "-196.00", f.balance(t, "445710"))
		assert.Equal(t, "20.00", f.balance(t, "665000"))
		f.check(t)
		_, err = f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		f.check(t)
	})
}

// A supplier bill of 600,00 paid 599,97: the 0,03 left owed to the
// supplier is written off as a gain on 758000, dated NotBefore.
func TestHrev213WriteOffSupplierGain(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		bill := hrev213Doc(t, journal.SupplierBill, "S1", "401000", d(3, 1), "500.00", hrev213Ded20)
		pay := hrev213Pay("S1", "401000", d(3, 10), "599.97")
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &bill}, {Entry: &pay},
			{Letter: []journal.LineRef{bill.LineRef(0), pay.LineRef(1)}, WriteOff: true, NotBefore: d(3, 15)}}})
		require.NoError(t, err)
		require.Len(t, out.Entries, 1)
		assert.Equal(t, "401000 0.03, 758000 -0.03", hrev182Lines(out.Entries[0]))
		assert.Equal(t, d(3, 15), out.Entries[0].Date)
		f.check(t)
	})
}

// NotBefore in a locked period: the write-off moves to the first open date.
func TestHrev213WriteOffNotBeforeLocked(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev195Pair(1, "300.00")
		pay.Lines[0].Balance, pay.Lines[1].Balance = e("299.97"), e("-299.97")
		_, err := f.book.Post(ctx, inv)
		require.NoError(t, err)
		_, err = f.book.Post(ctx, pay)
		require.NoError(t, err)
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(3, 31), "mars clos"))
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, WriteOff: true, NotBefore: d(3, 20)}}})
		require.NoError(t, err)
		require.Len(t, out.Entries, 1)
		assert.Equal(t, d(4, 1), out.Entries[0].Date)
		f.check(t)
	})
}

// The same request with the same operation id is a replay: nothing twice.
func TestHrev213ReplayDiscountAndWriteOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := hrev213Doc(t, journal.CustomerInvoice, "C1", "411000", d(3, 1), "1000.00", vatOnPayment)
		pay := hrev213Pay("C1", "411000", d(3, 10), "1176.00")
		inv2, pay2 := hrev195Pair(2, "300.00")
		pay2.Lines[0].Balance, pay2.Lines[1].Balance = e("299.97"), e("-299.97")
		op := journal.NewID()
		req := reconcile.PostLetterRequest{Operation: op, Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay}, {Entry: &inv2}, {Entry: &pay2},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)},
				EarlyDiscount: &reconcile.StepDiscount{Invoice: inv.LineRef(0), Amount: e("24.00"), Date: d(3, 10)}},
			{Letter: []journal.LineRef{inv2.LineRef(0), pay2.LineRef(1)}, WriteOff: true}}}
		_, err := f.rec.PostAndLetter(ctx, req)
		require.NoError(t, err)
		n := f.hrev182Count(t)
		_, err = f.rec.PostAndLetter(ctx, req)
		require.NoError(t, err)
		assert.Equal(t, n, f.hrev182Count(t))
		// Without the id: the steps are skipped, the entries replayed.
		req.Operation = journal.NoID
		_, err = f.rec.PostAndLetter(ctx, req)
		require.NoError(t, err)
		assert.Equal(t, n, f.hrev182Count(t))
		assert.Equal(t, "20.00", f.balance(t, "665000"))
		assert.Equal(t, "0.03", f.balance(t, "658000"))
		f.check(t)
	})
}

// A foreign invoice (1 200,00 USD at 1.20) paid 1 199,00 USD at 1.25,
// the 1,00 USD written off: Check holds, 411000 ends at zero, unlettering
// restores it.
func TestHrev213WriteOffForeign(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 10), currency.MustParseRate("1.25")))
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		inv := journal.Entry{ID: journal.NewID(), Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: u("1200.00")}, {Account: "706000", AmountCurrency: u("-1200.00")}}}
		pay := journal.Entry{ID: journal.NewID(), Journal: "BQD", Date: d(3, 10), Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
			{Account: "512000", AmountCurrency: u("1199.00")}, {Account: "411000", Partner: "C1", AmountCurrency: u("-1199.00")}}}
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, WriteOff: true}}})
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.balance(t, "411000"))
		assert.Equal(t, "0.80", f.balance(t, "658000"), "1.00 USD at 1.25")
		assert.Equal(t, "40.00", f.balance(t, "656000"), "1 000,00 − 959,20 − 0,80")
		var kinds []journal.EntryType
		for _, x := range out.Entries {
			kinds = append(kinds, x.Type)
		}
		t.Log(kinds)
		f.check(t)
		_, err = f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, "40.80", f.balance(t, "411000"))
		assert.Equal(t, "0.00", f.balance(t, "658000"))
		assert.Equal(t, "0.00", f.balance(t, "656000"))
		f.check(t)
	})
}

// A discount step lettering two invoices and one payment, the discount
// on the first: it takes 24,00 off it, the payment settles both.
func TestHrev213DiscountWithOtherInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := hrev213Doc(t, journal.CustomerInvoice, "C1", "411000", d(3, 1), "1000.00", hrev182VAT20)
		inv2, _ := hrev195Pair(2, "300.00")
		pay := hrev213Pay("C1", "411000", d(3, 10), "1476.00")
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &inv2}, {Entry: &pay},
			{Letter: []journal.LineRef{inv.LineRef(0), inv2.LineRef(0), pay.LineRef(1)},
				EarlyDiscount: &reconcile.StepDiscount{Invoice: inv.LineRef(0), Amount: e("24.00"), Date: d(3, 10)}}}})
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.balance(t, "411000"))
		assert.Equal(t, "-196.00", f.balance(t, "445710"))
		f.check(t)
	})
}
