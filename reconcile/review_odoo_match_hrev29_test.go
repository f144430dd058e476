package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// Odoo's bank statement matching tests
// (addons/account/tests/test_reconciliation_matching_rules.py, and the
// invoice matching rule of account_reconcile_model.py with
// _retrieve_partner) ported to ProposeImported.

const (
	h29S3IBAN = "GB82WEST12345698765432"
)

// h29BillRef posts a supplier bill of ttc whose Ref is the supplier's own
// invoice number.
func h29BillRef(t *testing.T, f *fixture, p string, date journal.Date, ttc, ref string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "AC", Date: date, Type: journal.TypeInvoice, Ref: ref, Lines: []journal.Line{
		{Account: "401000", Partner: p, Balance: e(ttc).Neg(), DueDate: date.AddDays(30)},
		{Account: "607000", Balance: e(ttc)},
	}})
}

// h29InvoiceRef posts a customer invoice of ttc with a reference.
func h29InvoiceRef(t *testing.T, f *fixture, p string, date journal.Date, ttc, ref string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Ref: ref, Lines: []journal.Line{
		{Account: "411000", Partner: p, Balance: e(ttc), DueDate: date.AddDays(30)},
		{Account: "706000", Balance: e(ttc).Neg()},
	}})
}

// passes: Odoo test_matching_fields (bank_line_1: payment_ref
// "invoice 2019-0001", the invoice number without its prefix, a slash as a
// dash): the partner's two invoices of the amount, the entry names one by
// its digits and pays it.
func TestH29OdooInvoiceNumberInPaymentRef(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		f.invoice(t, "K1", d(3, 1), "100.00")
		i2 := f.invoice(t, "K1", d(3, 2), "100.00")
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "100.00", iban: rvK1IBAN, remittance: "invoice " + digitsOf(i2)})
		require.Len(t, props, 1)
		require.True(t, props[0].Matched, rvDescribe(props[0]))
		require.Equal(t, "K1", props[0].Target.Partner)
		require.Equal(t, []journal.ID{i2.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		require.Equal(t, reconcile.ExactReference, props[0].Confidence)
	})
}

// passes: Odoo test_matching_fields_match_text_location_no_partner (no
// partner on the line, its text the invoice's payment reference, the
// invoice number): an entry from an account nobody holds naming the
// invoice as written pays it.
func TestH29OdooInvoiceNamedNoPartner(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		f.invoice(t, "K1", d(3, 1), "100.00")
		i2 := f.invoice(t, "K1", d(3, 2), "100.00")
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "100.00", remittance: i2.Name()})
		require.Len(t, props, 1)
		require.True(t, props[0].Matched, rvDescribe(props[0]))
		require.Equal(t, []journal.ID{i2.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
	})
}

// passes: Odoo test_zero_payment_tolerance_auto_reconcile (payment_ref
// "123456" the invoice's payment reference, 1 010 paid on 1 000, both
// directions): the named invoice is paid, the 10 overpaid stays as the
// partner's credit (no write-off, as Odoo's tolerance covers
// underpayments only).
func TestH29OdooOverpaymentNamingInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "S3", Name: "Fournisseur S3",
			BankAccounts: []ledger.BankAccount{{IBAN: ident.IBAN(h29S3IBAN)}}}))
		inv := h29InvoiceRef(t, f, "K1", d(1, 1), "1000.00", "123456")
		bill := h29BillRef(t, f, "S3", d(1, 1), "1000.00", "654321")
		props := b.imports(t, d(1, 20), reconcile.Rules{},
			rvEntry{amount: "1010.00", iban: rvK1IBAN, remittance: "123456"},
			rvEntry{amount: "-1010.00", iban: h29S3IBAN, remittance: "654321"})
		require.Len(t, props, 2)
		for i, want := range []journal.Entry{inv, bill} {
			require.True(t, props[i].Matched, rvDescribe(props[i]))
			require.Equal(t, []journal.ID{want.ID}, props[i].Target.Invoices, rvDescribe(props[i]))
			require.False(t, props[i].Target.WriteOff, rvDescribe(props[i]))
		}
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		for _, o := range outs {
			require.NoError(t, o.Err)
		}
		require.True(t, f.residual(t, line0(inv)).IsZero())
		require.True(t, f.residual(t, line0(bill)).IsZero())
		f.check(t)
	})
}

// passes: Odoo test_larger_invoice_auto_reconcile (40 received naming an
// invoice of 100): the invoice is paid in part, 60 stays due.
func TestH29OdooPartialNamingInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		inv := f.invoice(t, "K1", d(3, 1), "100.00")
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "40.00", iban: rvK1IBAN, remittance: inv.Name()})
		require.Len(t, props, 1)
		require.Equal(t, []journal.ID{inv.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		require.False(t, props[0].Target.WriteOff)
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		require.True(t, f.residual(t, line0(inv)).Equal(e("60.00")))
		f.check(t)
	})
}

// passes: Odoo test_no_amount_check_exact_match (the partner's 100, 200
// and 300, a line of 300): the one document of exactly the amount, not
// the combination 100 + 200.
func TestH29OdooExactAmountBeforeCombination(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		f.invoice(t, "K1", d(3, 1), "100.00")
		f.invoice(t, "K1", d(3, 2), "200.00")
		i3 := f.invoice(t, "K1", d(3, 3), "300.00")
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "300.00", iban: rvK1IBAN, remittance: "xxxxx"})
		require.Len(t, props, 1)
		require.Equal(t, []journal.ID{i3.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		require.Equal(t, reconcile.ExactAmount, props[0].Confidence)
	})
}

// Was failing, fixed: Odoo test_payment_similar_communications (two payments of 500
// registered with the memo "a1b2c3", one with "d1e2f3"; a bank line of
// 1 000 of that partner with payment_ref "a1b2c3" matches the two). In
// lettrage the line, from the customer's known IBAN, naming the memo of
// its two payments waiting on 512100, is proposed as a new unallocated
// receipt of 1 000 on the customer's account: applied, the customer is
// credited 2 000 for 1 000 received and the two receipts wait on 512100
// for ever. Expected: the line clears the two payments it names.
func TestH29OdooPaymentSimilarCommunications(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		p1 := b.receiveRef(t, "K1", d(3, 5), "500.00", "A1B2C3")
		p2 := b.receiveRef(t, "K1", d(3, 6), "500.00", "A1B2C3")
		b.receiveRef(t, "K1", d(3, 7), "500.00", "D1E2F3")
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "1000.00", iban: rvK1IBAN, remittance: "a1b2c3"})
		require.Len(t, props, 1)
		pr := props[0]
		require.Empty(t, pr.Target.Partner, "posted to K1's account as a new receipt while its payments of the memo wait: %s", rvDescribe(pr))
		require.ElementsMatch(t, []journal.ID{p1.ID, p2.ID}, pr.Target.Payments, rvDescribe(pr))
	})
}

// Was failing, fixed: Odoo's invoice matching restricts candidates to the partner
// _retrieve_partner found by the bank account (account_reconcile_model.py
// _get_invoice_matching_amls_domain: partner_id = the line's partner;
// test_matching_fields: cash_line_1 of partner_2 pays partner_2's bill).
// In lettrage a transfer to supplier S3's IBAN whose remittance is S3's
// own invoice number "INV-1001" pays supplier S2's bill that bears the
// same supplier reference: the money sent to S3 settles S2's debt (S2
// shows paid, S3's bill stays due). A supplier's reference is unique only
// for that supplier (byNamedPaid and the digits rule already read the
// counterparty for this). Expected: S3's bill of the amount, by its IBAN.
func TestH29OdooSupplierRefOfAnotherSupplier(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "S2", Name: "Fournisseur S2"}))
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "S3", Name: "Fournisseur S3",
			BankAccounts: []ledger.BankAccount{{IBAN: ident.IBAN(h29S3IBAN)}}}))
		other := h29BillRef(t, f, "S2", d(3, 1), "300.00", "INV-1001")
		own := f.bill(t, "S3", d(3, 2), "300.00") // S3's bill, entered without its reference
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "-300.00", iban: h29S3IBAN, remittance: "Facture INV-1001"})
		require.Len(t, props, 1)
		pr := props[0]
		require.NotEqual(t, "S2", pr.Target.Partner, "money sent to S3's account pays S2's bill %s: %s", other.Name(), rvDescribe(pr))
		require.Equal(t, "S3", pr.Target.Partner, rvDescribe(pr))
		require.Equal(t, []journal.ID{own.ID}, pr.Target.Invoices, rvDescribe(pr))
	})
}

// Was failing, fixed: Odoo test_matching_fields (bank_line_1: the communication names
// the invoice, which the invoice matching rule takes first; a batch is
// matched by its name, not by an amount that happens to be its total). In
// lettrage a transfer from customer K1's IBAN naming K1's invoice, of the
// amount of a cheque deposit of K2's cheque, clears that deposit
// (byBatch runs before the reference rule and does not look at where the
// money came from): K1's invoice stays due, K2's cheque is taken as
// collected by K1's money, and the deposit's own line finds nothing.
// Expected: the transfer pays the K1 invoice it names.
func TestH29OdooNamedInvoiceBeforeChequeDeposit(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		f.invoice(t, "K1", d(3, 1), "500.00")
		inv := f.invoice(t, "K1", d(3, 2), "500.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "K2", Journal: "BNP", Date: d(3, 5),
			Method: reconcile.MethodCheque, Amount: e("500.00")})
		require.NoError(t, err)
		_, err = f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BNP", Date: d(3, 6), Payments: []journal.ID{res.Entries[0].ID}})
		require.NoError(t, err)
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "500.00", iban: rvK1IBAN, remittance: "Facture " + inv.Name()})
		require.Len(t, props, 1)
		pr := props[0]
		require.Empty(t, pr.Target.Payments, "K1's transfer clears K2's cheque deposit: %s", rvDescribe(pr))
		require.Equal(t, "K1", pr.Target.Partner, rvDescribe(pr))
		require.Equal(t, []journal.ID{inv.ID}, pr.Target.Invoices, rvDescribe(pr))
	})
}

// Was failing, fixed: Odoo test_larger_invoice_auto_reconcile (a line paying part of
// the invoice its communication names is matched with it), twice: an
// instalment and the balance of one invoice, on one statement. Each Odoo
// statement line is matched on its own text. In lettrage the first line
// takes the invoice and the second, naming the same invoice, is proposed
// with the customer's other invoice of its amount, which it does not name
// (ExactAmount): applied, that other invoice shows paid while the one the
// customer paid stays 500 due. Expected: the second line pays (the rest
// of) the invoice it names, or at least not another one.
func TestH29OdooTwoPartsNamingOneInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		a := f.invoice(t, "K1", d(3, 1), "1000.00")
		other := f.invoice(t, "K1", d(3, 2), "500.00")
		props := b.imports(t, d(3, 20), reconcile.Rules{},
			rvEntry{amount: "500.00", iban: rvK1IBAN, remittance: "Acompte " + a.Name()},
			rvEntry{amount: "500.00", iban: rvK1IBAN, remittance: "Solde " + a.Name()})
		require.Len(t, props, 2)
		require.Equal(t, []journal.ID{a.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		require.NotContains(t, props[1].Target.Invoices, other.ID, "the balance of %s pays %s: %s", a.Name(), other.Name(), rvDescribe(props[1]))
		require.Equal(t, []journal.ID{a.ID}, props[1].Target.Invoices, rvDescribe(props[1]))
	})
}

// An invoice named by three entries: an instalment, the balance, and a
// third that finds nothing left of it. The third is not proposed with
// the invoice (it would be paid one time too many), nor with another
// invoice of its amount it does not name.
func TestH29ThreePartsNamingOneInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		a := f.invoice(t, "K1", d(3, 1), "1000.00")
		other := f.invoice(t, "K1", d(3, 2), "400.00")
		props := b.imports(t, d(3, 20), reconcile.Rules{},
			rvEntry{amount: "600.00", iban: rvK1IBAN, remittance: "Acompte " + a.Name()},
			rvEntry{amount: "400.00", iban: rvK1IBAN, remittance: "Solde " + a.Name()},
			rvEntry{amount: "400.00", iban: rvK1IBAN, remittance: "Encore " + a.Name()})
		require.Len(t, props, 3)
		require.Equal(t, []journal.ID{a.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		require.Equal(t, []journal.ID{a.ID}, props[1].Target.Invoices, rvDescribe(props[1]))
		require.NotContains(t, props[2].Target.Invoices, a.ID, rvDescribe(props[2]))
		require.NotContains(t, props[2].Target.Invoices, other.ID, rvDescribe(props[2]))
		_, err := f.rec.ApplyImported(ctx, journal.NoID, props[:2])
		require.NoError(t, err)
		require.True(t, f.residual(t, line0(a)).IsZero())
		f.check(t)
	})
}
