package reconcile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hrev190LinesFX(x journal.Entry) string {
	var out []string
	for _, l := range x.Lines {
		out = append(out, l.Account+" "+l.Balance.Plain()+" ("+l.AmountCurrency.String()+")")
	}
	return strings.Join(out, ", ")
}

// A USD invoice of 1 000,00 + 200,00 VAT at 1 EUR = 1,10 USD (1 090,91
// EUR: 909,09 + 181,82), 600,00 USD received at 1,20 (500,00 EUR, 45,46
// exchange loss). The rest, 600,00 USD, lost at book value 545,45 EUR:
// VAT share 600 × 200 / 1 200 = 100,00 USD = 545,45 × 181,82 / 1 090,91 =
// 90,91 EUR, loss 454,54 EUR (500,00 USD); on receipts, the same 90,91
// EUR leave 445740, no exchange line.
//
// Was failing, fixed: VAT on debits: the shares are computed with the invoice's totals swapped (EUR lost over the USD total, USD lost over the EUR total): 445710 82.64 EUR (110.00 USD) and 654000 462.81 instead of 90.91 (100.00 USD) and 454.54; the VAT report's June tax is -82.64 instead of -90.91
func TestHrev190BadDebtForeignVAT(t *testing.T) {
	t.Parallel()
	hrev190ForeignVAT(t, false)
}

// The same on receipts: right (pin).
func TestHrev190BadDebtForeignCashBasis(t *testing.T) { hrev190ForeignVAT(t, true) }

func hrev190ForeignVAT(t *testing.T, cash bool) {
	{
		t.Run(fmt.Sprint("cash=", cash), func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				usd := currency.MustLookup("USD")
				require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
				require.NoError(t, f.book.SetRate(ctx, usd, d(4, 1), currency.MustParseRate("1.20")))
				vat := hrev182VAT20
				if cash {
					vat = hrev190E20
				}
				x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
					Lines: []journal.InvoiceLine{{UnitPrice: currency.MustParse(usd, "1000.00"), Taxes: []tax.Tax{vat}, Account: "707000"}}}.Entry()
				require.NoError(t, err)
				inv := f.post(t, x)
				t.Logf("invoice: %s", hrev190LinesFX(inv))
				pay, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(4, 10),
					Method: reconcile.MethodTransfer, Amount: currency.MustParse(usd, "600.00"), Invoices: []journal.ID{inv.ID}})
				require.NoError(t, err)
				for _, x := range pay.Entries {
					t.Logf("pay %s: %s", x.Type, hrev190LinesFX(x))
				}
				april := f.hrev182VAT(t, d(4, 1), d(4, 30))
				march := f.hrev182VAT(t, d(3, 1), d(3, 31))
				res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
				require.NoError(t, err)
				f.check(t)
				for _, x := range res.Entries {
					t.Logf("bad debt %s: %s", x.Type, hrev190LinesFX(x))
				}
				assert.Equal(t, april, f.hrev182VAT(t, d(4, 1), d(4, 30)))
				assert.Equal(t, march, f.hrev182VAT(t, d(3, 1), d(3, 31)))
				if !cash {
					require.Len(t, res.Entries, 1)
					assert.Equal(t, "411000 -545.45, 654000 454.54, 445710 90.91", hrev182Lines(res.Entries[0]))
					assert.Equal(t, "-600.00 USD, 500.00 USD, 100.00 USD", res.Entries[0].Lines[0].AmountCurrency.String()+", "+res.Entries[0].Lines[1].AmountCurrency.String()+", "+res.Entries[0].Lines[2].AmountCurrency.String())
					assert.Equal(t, "445710 D20 -454.54 -90.91; collected -90.91 deductible 0.00", f.hrev182VAT(t, d(6, 1), d(6, 30)))
				} else {
					require.Len(t, res.Entries, 2)
					assert.Equal(t, "411000 -545.45, 654000 545.45", hrev182Lines(res.Entries[0]))
					assert.Equal(t, "445740 90.91, 654000 -90.91", hrev182Lines(res.Entries[1]))
					assert.Equal(t, "collected 0.00 deductible 0.00", f.hrev182VAT(t, d(6, 1), d(6, 30)))
					assert.Equal(t, "0.00", f.balance(t, "445740"))
				}
				assert.Equal(t, "0.00", f.balance(t, "411000"))
				assert.Equal(t, "454.54", f.balance(t, "654000"))
			})
		})
	}
}

// Cash basis, unpaid, lost whole in June: VATReport and CashBasisPayments
// of March..May unchanged; June shows nothing due; unlettering by code
// restores all; writing off again gives the same.
func TestHrev190CashBasisUnletterCode(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		f.receive(t, "BQD", "C1", d(4, 10), "300.00", inv)
		early := f.hrev182VAT(t, d(1, 1), d(5, 31))
		rows, err := f.rec.CashBasisPayments(ctx, d(1, 1), d(5, 31))
		require.NoError(t, err)
		earlyRows := fmt.Sprint(len(rows))
		for _, r := range rows {
			earlyRows += " " + r.Collected.Plain() + "/" + r.VAT.Plain()
		}
		bal := f.hrev190Bal(t, "411000", "445710", "445740", "654000", "706000")
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "411000 0.00, 445710 -50.00, 445740 0.00, 654000 750.00, 706000 -1000.00",
			f.hrev190Bal(t, "411000", "445710", "445740", "654000", "706000"))
		assert.Equal(t, early, f.hrev182VAT(t, d(1, 1), d(5, 31)))
		rows, err = f.rec.CashBasisPayments(ctx, d(1, 1), d(5, 31))
		require.NoError(t, err)
		got := fmt.Sprint(len(rows))
		for _, r := range rows {
			got += " " + r.Collected.Plain() + "/" + r.VAT.Plain()
		}
		assert.Equal(t, earlyRows, got)
		assert.Equal(t, "collected 0.00 deductible 0.00", f.hrev182VAT(t, d(6, 1), d(6, 30)))
		var letter string
		require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
			m, ok, err := tx.MatchOf(res.Entries[0].LineRef(0))
			if ok {
				letter = m.Code
			}
			return err
		}))
		require.NotEmpty(t, letter)
		_, err = f.rec.UnletterCode(ctx, journal.NoID, "411000", "C1", letter)
		require.NoError(t, err)
		f.check(t)
		// The code groups the invoice, the receipt and the bad-debt line:
		// all three come apart, the receipt's cash-basis entry with them.
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		assert.Equal(t, "411000 900.00, 445710 0.00, 445740 -200.00, 654000 0.00, 706000 -1000.00",
			f.hrev190Bal(t, "411000", "445710", "445740", "654000", "706000"))
		assert.Equal(t, "collected 0.00 deductible 0.00", f.hrev182VAT(t, d(6, 1), d(6, 30)))
		_ = bal
		// Lost again, the receipt left open: 1 200,00 lost, all 200,00 of
		// VAT waiting goes back, 654000 1 000,00.
		_, err = f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 20)})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "411000 -300.00, 445710 0.00, 445740 0.00, 654000 1000.00, 706000 -1000.00",
			f.hrev190Bal(t, "411000", "445710", "445740", "654000", "706000"))
	})
}
