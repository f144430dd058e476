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

// Invoice 0.62 (V10E base 0.06 tax 0.01, V20E base 0.46 tax 0.09, both due
// on payment); receipt 0.51 lettered; credit note 0.09 (V10E base 0.08
// tax 0.01) lettered; the receipt detached, lettered again, detached
// again; the 0.53 left written off to 658000. What settled the invoice is
// the credit note (0.09 of 0.62) and the write-off (0.53): the VAT due on
// the invoice is round(tax × 0.09 / 0.62) — V10E 0.00, V20E 0.01 — the
// rest of its tax goes with the loss, whatever the receipt did on the way.
// The credit note's share (0.02 of V20E) was made due while the receipt
// was lettered; the write-off that completes the invoice gives back the
// cent too many.
func TestHrev233CashBasisWriteOffAfterDetachedReceipt(t *testing.T) {
	t.Parallel()
	for _, s := range stores[:2] { // memstore, boltstore
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s.Open(t))
			var err error
			f.rec, err = reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("3.00")}})
			require.NoError(t, err)
			day := journal.MustDate(2026, 1, 10)
			doc := func(kind journal.InvoiceKind, bases []int64, taxes []tax.Tax) journal.Entry {
				inv := journal.Invoice{Kind: kind, Journal: "VT", Date: day, Partner: "C1", PartnerAccount: "411000"}
				for i, x := range taxes {
					inv.Lines = append(inv.Lines, journal.InvoiceLine{UnitPrice: currency.FromMinor(eur, bases[i]), Taxes: []tax.Tax{x}, Account: "706000"})
				}
				x, err := inv.Entry()
				require.NoError(t, err)
				return f.post(t, x)
			}
			inv := doc(journal.CustomerInvoice, []int64{6, 46}, []tax.Tax{h85VATPay10, h85VATPay})
			require.Equal(t, int64(62), signedMinor(inv.Lines[0].Balance))
			cn := doc(journal.CustomerCreditNote, []int64{8}, []tax.Tax{h85VATPay10})
			require.Equal(t, int64(-9), signedMinor(cn.Lines[0].Balance))

			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: day,
				Amount: e("0.51"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}})
			require.NoError(t, err)
			pay := journal.LineRef{Entry: res.Entries[0].ID}
			_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
			require.NoError(t, err)
			_, err = f.rec.Detach(ctx, journal.NoID, pay)
			require.NoError(t, err)
			_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay}})
			require.NoError(t, err)
			_, err = f.rec.Detach(ctx, journal.NoID, pay)
			require.NoError(t, err)
			_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0)}, WriteOff: true})
			require.NoError(t, err)
			require.NoError(t, f.book.Check(ctx))
			assert.Zero(t, signedMinor(residualOf(t, f, inv.LineRef(0)).Balance))

			// What the invoice's cash-basis entries moved, per tax, in
			// cents, credits positive.
			trans, final := map[string]int64{}, map[string]int64{}
			for pe, err := range f.book.Entries(ctx, ledger.EntryFilter{}) {
				require.NoError(t, err)
				if pe.Entry.Type != journal.TypeCashBasis || pe.Entry.Document != inv.ID {
					continue
				}
				for _, l := range pe.Entry.Lines {
					if l.TaxRole != tax.RoleTax || len(l.Taxes) == 0 {
						continue
					}
					switch l.Account {
					case "445740":
						trans[l.Taxes[0].ID] -= signedMinor(l.Balance)
					case "445710":
						final[l.Taxes[0].ID] -= signedMinor(l.Balance)
					}
				}
			}
			assert.Equal(t, map[string]int64{"V10E": -1, "V20E": -9}, trans, "445740 cleared of the invoice's whole tax")
			assert.Equal(t, int64(0), final["V10E"], "V10E due: round(0.01 × 0.09 / 0.62) = 0.00")
			assert.Equal(t, int64(1), final["V20E"], "V20E due: round(0.09 × 0.09 / 0.62) = 0.01")

			balance := func(account string) int64 {
				b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: account})
				require.NoError(t, err)
				return signedMinor(b.Balance)
			}
			assert.Zero(t, balance("445740"), "445740 ends at zero")
			// The invoice's 0.01 of V20E less the credit note's 0.01 of
			// V10E: nothing was received, nothing is due.
			assert.Zero(t, balance("445710"))
			// 0.53 written off, less the tax that went with it (0.01 +
			// 0.08): 0.44.
			assert.Equal(t, int64(44), balance("658000"))

			rep, err := f.rec.VATReport(ctx, journal.MustDate(2026, 1, 1), journal.MustDate(2026, 1, 31))
			require.NoError(t, err)
			got := map[string][2]int64{}
			for _, l := range rep.Lines {
				got[l.TaxID] = [2]int64{signedMinor(l.Base), signedMinor(l.Tax)}
			}
			// The invoice's bases round(base × 0.09 / 0.62) — V10E 0.01,
			// V20E 0.07 — and taxes, less the credit note's whole 0.08 and
			// 0.01 of V10E.
			assert.Equal(t, map[string][2]int64{"V10E": {1 - 8, 0 - 1}, "V20E": {7, 1}}, got)
		})
	}
}
