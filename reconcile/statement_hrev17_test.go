package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// An imported statement entry posted with ImportedTarget.EarlyDiscount
// takes exactly its invoice's offer: a target edited by hand to take a
// discount the invoice does not offer that way is refused with
// ErrDiscount, nothing posted, the entry still open; the offer taken
// exactly on a cash-basis invoice leaves 445740 at zero.
func TestHrev17ImportedEarlyDiscountExactOffer(t *testing.T) {
	t.Parallel()
	type bad struct {
		name   string
		on     journal.Date
		amount string
		target func(f *fixture) reconcile.ImportedTarget
	}
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		inv := f.discountInvoice(t, "K1", d(3, 1), "1000.00") // 1 200.00, 24.00 until 3/11
		other := f.discountInvoice(t, "K1", d(3, 2), "500.00")
		plain := f.invoice(t, "K1", d(3, 1), "1200.00")
		cn := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 2), Type: journal.TypeCreditNote, Lines: []journal.Line{
			{Account: "411000", Partner: "K1", Balance: e("-100.00")},
			{Account: "706000", Balance: e("100.00")},
		}})
		one := func(x journal.Entry) func(f *fixture) reconcile.ImportedTarget {
			return func(f *fixture) reconcile.ImportedTarget {
				return reconcile.ImportedTarget{Partner: "K1", Invoices: []journal.ID{x.ID}, EarlyDiscount: true}
			}
		}
		for _, c := range []bad{
			{"more than owed less the offer", d(3, 10), "1180.00", one(inv)},
			{"less than owed less the offer", d(3, 10), "1170.00", one(inv)},
			{"after the last day", d(3, 12), "1176.00", one(inv)},
			{"an invoice without offer", d(3, 10), "1176.00", one(plain)},
			{"a credit note", d(3, 10), "-90.00", one(cn)},
			// Both offer 2 % in time: 1 800.00 − 36.00 = 1 764.00 would take
			// both; anything else is refused.
			{"two invoices", d(3, 10), "1770.00", func(f *fixture) reconcile.ImportedTarget {
				return reconcile.ImportedTarget{Partner: "K1", Invoices: []journal.ID{inv.ID, other.ID}, EarlyDiscount: true}
			}},
			{"with a write-off", d(3, 10), "1176.00", func(f *fixture) reconcile.ImportedTarget {
				return reconcile.ImportedTarget{Partner: "K1", Invoices: []journal.ID{inv.ID}, EarlyDiscount: true, WriteOff: true}
			}},
		} {
			props := b.imports(t, c.on, reconcile.Rules{}, rvEntry{amount: c.amount, iban: rvK1IBAN, remittance: "VIREMENT"})
			p := props[len(props)-1]
			p.Target = c.target(f)
			bal := hrev17Balances(t, f)
			outs, err := f.rec.ApplyImported(ctx, journal.NoID, []reconcile.ImportedProposal{p})
			require.NoError(t, err, c.name)
			require.ErrorIs(t, outs[0].Err, reconcile.ErrDiscount, c.name)
			require.Empty(t, outs[0].Entries, c.name)
			require.Equal(t, bal, hrev17Balances(t, f), c.name)
			require.True(t, f.residual(t, line0(inv)).Equal(e("1200.00")), c.name)
			f.check(t)
			// Post it elsewhere, so that the next statement's proposals do not
			// repeat it.
			p.Target = reconcile.ImportedTarget{Account: "471000"}
			outs, err = f.rec.ApplyImported(ctx, journal.NoID, []reconcile.ImportedProposal{p})
			require.NoError(t, err)
			require.NoError(t, outs[0].Err, c.name)
		}

		// Exactly the offer, on a cash-basis invoice.
		cash := f.hrev17CashInvoice(t, "K2", d(3, 5), "1000.00")
		props := b.imports(t, d(3, 15), reconcile.Rules{}, rvEntry{amount: "1176.00", iban: rvK2IBAN, remittance: "Facture " + cash.Name()})
		p := props[len(props)-1]
		require.True(t, p.Target.EarlyDiscount, rvDescribe(p))
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, []reconcile.ImportedProposal{p})
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		require.True(t, f.residual(t, line0(cash)).IsZero())
		require.Equal(t, "", hrev17Balances(t, f)["445740"])
		f.check(t)
	})
}
