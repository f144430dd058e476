package reconcile_test

// Review hrev62: the VAT side read as a French CA3 return for a month.
// Tests marked "Was failing, fixed" failed on the code they were written
// against; the one marked "Skipped" is a design question.

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev62Doc posts a customer invoice or credit note built by journal.Invoice
// for partner p, one line per price/tax pair on 706000.
func hrev62Doc(t *testing.T, f *fixture, kind journal.InvoiceKind, date journal.Date, p string, lines ...journal.InvoiceLine) journal.Entry {
	t.Helper()
	x, err := journal.Invoice{Kind: kind, Journal: "VT", Date: date, Partner: p, PartnerAccount: "411000", Label: "Prestation",
		Lines: lines}.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

func hrev62Line(price string, x tax.Tax) journal.InvoiceLine {
	return journal.InvoiceLine{Label: "Prestation", UnitPrice: e(price), Taxes: []tax.Tax{x}, Account: "706000"}
}

// Was failing, fixed: a credit note of 60.00 TTC (50.00 + 10.00 VAT 20 % on payment) refunded in May takes 10.00 back off 445710
// (the VAT report reads −10.00), so its e-reporting row should read collected −60.00 / VAT −10.00, and a credit note
// of 120.00 lettered in February with its 1 200.00 invoice should give rows of +20.00 and −20.00 (net 0.00, as
// 445710); instead CashBasisPayments takes the VAT's absolute value: +60.00 / +10.00 in May, and +20.00 / +20.00
// (40.00 of VAT "became due") in February.
func TestHrev62CashBasisPaymentsCreditNoteSign(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		v20 := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnPayment)
		inv := hrev62Doc(t, f, journal.CustomerInvoice, d(1, 20), "C1", hrev62Line("1000.00", v20))
		cn := hrev62Doc(t, f, journal.CustomerCreditNote, d(2, 10), "C1", hrev62Line("100.00", v20))
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)

		cn2 := hrev62Doc(t, f, journal.CustomerCreditNote, d(4, 10), "C2", hrev62Line("50.00", v20))
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C2", Journal: "BQ",
			Date: d(5, 3), Method: reconcile.MethodTransfer, Invoices: []journal.ID{cn2.ID}})
		require.NoError(t, err)

		for _, m := range []struct {
			from, to      journal.Date
			vat           string
			rowsCollected []string
		}{
			{d(2, 1), d(2, 28), "0.00", []string{"120.00", "-120.00"}},
			{d(5, 1), d(5, 31), "-10.00", []string{"-60.00"}},
		} {
			rep, err := f.rec.VATReport(ctx, m.from, m.to)
			require.NoError(t, err)
			require.Equal(t, m.vat, rep.Collected.Plain())
			rows, err := f.rec.CashBasisPayments(ctx, m.from, m.to)
			require.NoError(t, err)
			sum := currency.Zero(eur)
			var collected []string
			for _, r := range rows {
				sum, _ = sum.Add(r.VAT)
				collected = append(collected, r.Collected.Plain())
			}
			assert.Equal(t, m.vat, sum.Plain(), "Σ VAT of the rows from %s", m.from)
			assert.ElementsMatch(t, m.rowsCollected, collected, "collected from %s", m.from)
		}
	})
}

// Was failing, fixed: one tax id whose rate changed (19,6 % → 20 %, as on 1 January 2014), an invoice of 1 000.00 at each rate
// on payment, both paid in February: a CA3 reports each rate on its own line — 19,6 % base 1 000.00 VAT 196.00 and
// 20 % base 1 000.00 VAT 200.00 —; instead VATReport keys rows by (account, tax id) and prints one 19,6 % line of
// base 2 000.00 and VAT 396.00.
func TestHrev62VATReportKeepsTheRatesOfOneTaxIDApart(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		old := tax.Tax{ID: "TVA-NORMALE", Name: "TVA normale", Rate: tax.MustParsePercent("19.6"), Exigibility: tax.OnPayment,
			FinalAccount: tax.AccountVATCollected, TransitionAccount: tax.AccountVATCollectedOnPayment}
		now := old
		now.Rate = tax.MustParsePercent("20")
		a := hrev62Doc(t, f, journal.CustomerInvoice, d(1, 5), "C1", hrev62Line("1000.00", old))
		b := hrev62Doc(t, f, journal.CustomerInvoice, d(2, 5), "C2", hrev62Line("1000.00", now))
		f.receive(t, "BQ", "C1", d(2, 10), "", a)
		f.receive(t, "BQ", "C2", d(2, 11), "", b)

		rep, err := f.rec.VATReport(ctx, d(2, 1), d(2, 28))
		require.NoError(t, err)
		var got []string
		for _, l := range rep.Lines {
			got = append(got, l.TaxID+" "+l.Rate.String()+" "+l.Base.Plain()+" "+l.Tax.Plain())
		}
		assert.Equal(t, []string{"TVA-NORMALE 19.6 1000.00 196.00", "TVA-NORMALE 20 1000.00 200.00"}, got)
		assert.Equal(t, "396.00", rep.Collected.Plain())
	})
}

// Skipped (a design question): an unpaid invoice on payment of 1 000.00 at 20 % + 1 000.00 at 5,5 % (2 255.00) and, in June, a credit
// note of 105.50 on the 5,5 % item lettered with it: no money came in, so no VAT on receipts is due in June (0.00);
// instead the credit note "pays" the invoice pro rata over both rates and June's report reads 20 % base 46.78 VAT
// 9.36 and 5,5 % base −53.22 VAT −2.93, a net 6.43 declared with nothing received.
func TestHrev62CreditNoteOnOneRateMakesNoVATDueOnAnUnpaidInvoice(t *testing.T) {
	t.Parallel()
	t.Skip("by design: a credit note's partial on a cash-basis invoice makes its share of each tax due, " +
		"prorated like a payment's (as in Odoo); the invoice's whole life nets to the right tax. " +
		"Allocating a credit note by rate is a change of that rule, left open")
	onStores(t, func(t *testing.T, f *fixture) {
		v20 := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnPayment)
		v55 := tax.MustFrenchVAT(tax.Reduced, tax.Sales, tax.OnPayment)
		inv := hrev62Doc(t, f, journal.CustomerInvoice, d(5, 4), "C3", hrev62Line("1000.00", v20), hrev62Line("1000.00", v55))
		cn := hrev62Doc(t, f, journal.CustomerCreditNote, d(6, 10), "C3", hrev62Line("100.00", v55))
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)

		rep, err := f.rec.VATReport(ctx, d(6, 1), d(6, 30))
		require.NoError(t, err)
		for _, l := range rep.Lines {
			assert.Equal(t, "0.00", l.Tax.Plain(), "%s", l.TaxID)
		}
		assert.Equal(t, "0.00", rep.Collected.Plain())
	})
}
