package journal_test

// Review 24: Invoice.Entry against Invoice.Totals on the random invoices
// of review24_props_test.go, for the four kinds of document.

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// The entry of every invoice of positive TTC, as each of the four kinds,
// under both roundings: balances; its partner lines add up to the TTC on
// the partner's side (debit for a customer invoice and a supplier credit
// note, credit otherwise); it has one base line per invoice line of
// non-zero base, in order, of that base on the other side, carrying the
// line's taxes as a snapshot; one tax line per tax of non-zero amount, of
// that amount, on its final account, carrying that one tax; for each
// tax, its base lines add up to the base Totals states. PASSES.
func TestReview24EntryAgreesWithTotals(t *testing.T) {
	kinds := []journal.InvoiceKind{journal.CustomerInvoice, journal.CustomerCreditNote, journal.SupplierBill, journal.SupplierCreditNote}
	rv24Each(t, 2408, 200, false, rv24BothModes, func(t *testing.T, c rv24Inv) {
		tot, err := c.inv.Totals()
		require.NoError(t, err)
		if tot.TTC.Sign() <= 0 {
			return
		}
		d := rv24Describe(c.inv, c.qs)
		for _, k := range kinds {
			inv := c.inv
			inv.Kind, inv.Journal, inv.Date, inv.Partner, inv.PartnerAccount, inv.Label = k, "VT", journal.MustDate(2026, 3, 1), "C1", "411000", "Facture"
			e, err := inv.Entry()
			require.NoError(t, err, "kind %d: %s", k, d)
			sign := int64(1) // the partner side
			if k == journal.CustomerCreditNote || k == journal.SupplierBill {
				sign = -1
			}
			var sum, partner int64
			var bases, taxes []journal.Line
			for _, l := range e.Lines {
				n := rv24Minor(t, l.AmountCurrency)
				sum += n
				switch {
				case l.Account == "411000":
					partner += n
				case l.TaxRole == tax.RoleTax:
					taxes = append(taxes, l)
				default:
					bases = append(bases, l)
				}
			}
			assert.Zero(t, sum, "kind %d balances: %s", k, d)
			assert.Equal(t, sign*rv24Minor(t, tot.TTC), partner, "kind %d partner = TTC: %s", k, d)
			j := 0
			for i, l := range c.inv.Lines {
				if tot.Bases[i].IsZero() {
					continue
				}
				if !assert.Less(t, j, len(bases), "kind %d: base line of line %d: %s", k, i+1, d) {
					break
				}
				bl := bases[j]
				j++
				assert.Equal(t, -sign*rv24Minor(t, tot.Bases[i]), rv24Minor(t, bl.AmountCurrency), "kind %d line %d base: %s", k, i+1, d)
				assert.Equal(t, l.Account, bl.Account)
				assert.True(t, slices.EqualFunc(l.Taxes, bl.Taxes, tax.Tax.Equal), "kind %d line %d taxes snapshot", k, i+1)
				if len(l.Taxes) > 0 {
					assert.Equal(t, tax.RoleBase, bl.TaxRole)
				}
			}
			assert.Equal(t, j, len(bases), "kind %d: no other base line: %s", k, d)
			var want []journal.Line
			for _, tt := range tot.Taxes {
				if !tt.Amount.IsZero() {
					want = append(want, journal.Line{Account: tt.Tax.FinalAccount, AmountCurrency: tt.Amount})
				}
				var b int64
				for _, bl := range bases {
					if slices.ContainsFunc(bl.Taxes, func(x tax.Tax) bool { return x.ID == tt.Tax.ID }) {
						b += rv24Minor(t, bl.AmountCurrency)
					}
				}
				assert.Equal(t, -sign*rv24Minor(t, tt.Base), b, "kind %d: base lines of %s = its base: %s", k, tt.Tax.ID, d)
			}
			if assert.Equal(t, len(want), len(taxes), "kind %d: tax lines: %s", k, d) {
				for i, tl := range taxes {
					assert.Equal(t, want[i].Account, tl.Account)
					assert.Equal(t, -sign*rv24Minor(t, want[i].AmountCurrency), rv24Minor(t, tl.AmountCurrency), "kind %d tax line %d: %s", k, i+1, d)
					assert.Len(t, tl.Taxes, 1)
				}
			}
		}
	})
}

// A price-included invoice and its credit note keyed in as a
// CustomerCreditNote of the same (positive) lines book mirror entries:
// every line's amount negated, line for line. PASSES.
func TestReview24EntryCreditNoteMirrorsInvoice(t *testing.T) {
	eur := currency.MustLookup("EUR")
	lines := []journal.InvoiceLine{
		{Label: "a", UnitPrice: currency.MustParse(eur, "52.50"), Taxes: []tax.Tax{rv24Tax("T12i", "12", true)}, Account: "707000"},
		{Label: "b", UnitPrice: currency.MustParse(eur, "100.00"), Taxes: []tax.Tax{rv24I10, rv24Tax("I10b", "10", true)}, Account: "707000"},
		{Label: "c", UnitPrice: currency.MustParse(eur, "2300.00"), Taxes: []tax.Tax{rv24Tax("T15x", "15", false), rv24I55}, Account: "707000"},
		{Label: "d", UnitPrice: currency.MustParse(eur, "-20.00"), Taxes: []tax.Tax{rv24I55}, Account: "707000"},
	}
	mk := func(k journal.InvoiceKind) journal.Entry {
		e, err := journal.Invoice{Kind: k, Journal: "VT", Date: journal.MustDate(2026, 3, 1), Partner: "C1",
			PartnerAccount: "411000", Label: "F", Lines: lines}.Entry()
		require.NoError(t, err)
		return e
	}
	inv, cn := mk(journal.CustomerInvoice), mk(journal.CustomerCreditNote)
	require.Len(t, cn.Lines, len(inv.Lines))
	for i := range inv.Lines {
		assert.Equal(t, inv.Lines[i].AmountCurrency.Neg().Plain(), cn.Lines[i].AmountCurrency.Plain(), "line %d", i)
		assert.Equal(t, inv.Lines[i].Account, cn.Lines[i].Account)
	}
}
