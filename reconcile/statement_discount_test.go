package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// A statement entry naming an invoice, booked by the invoice's discount's
// last day and of what it owes less the discount, is proposed with the
// discount and posted with it; a day late, or with the rule off, it pays
// part of the invoice. Posted by hand, StatementLine.EarlyDiscount does the
// same, and refuses a line without one invoice.
func TestStatementEntryTakesDiscount(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name     string
		on       journal.Date
		rules    reconcile.Rules
		discount bool
	}{
		{"in time", d(3, 11), reconcile.Rules{}, true},
		{"a day late", d(3, 12), reconcile.Rules{}, false},
		{"rule off", d(3, 11), reconcile.Rules{NoDiscount: true}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newRvBank(t, f)
				inv := f.discountInvoice(t, "K1", d(3, 1), "1000.00")
				props := b.imports(t, c.on, c.rules, rvEntry{amount: "1176.00", iban: rvK1IBAN, remittance: "Facture " + inv.Name()})
				require.Len(t, props, 1)
				p := props[0]
				require.True(t, p.Matched)
				require.Equal(t, c.discount, p.Target.EarlyDiscount, p.Reason)
				if c.discount {
					require.Contains(t, p.Reason, "early-payment discount of 24,00\u00a0€ on "+inv.Name()+" (until 11/03/2026) taken")
				}
				outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
				require.NoError(t, err)
				require.NoError(t, outs[0].Err)
				if c.discount {
					require.True(t, f.residual(t, line0(inv)).IsZero())
					require.Equal(t, reconcile.Paid, f.state(t, inv).State)
					n := 0
					for _, x := range outs[0].Entries {
						if x.Type == journal.TypeDiscount {
							n++
							require.Equal(t, inv.ID, x.Document)
						}
					}
					require.Equal(t, 1, n)
				} else {
					require.True(t, f.residual(t, line0(inv)).Equal(e("24.00")))
				}
				f.check(t)
			})
		})
	}
}

func TestStatementLineEarlyDiscountByHand(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		newRvBank(t, f)
		inv := f.discountInvoice(t, "K1", d(3, 1), "1000.00")
		other := f.invoice(t, "K1", d(3, 1), "50.00")
		for i, bad := range []reconcile.StatementLine{
			{Journal: "BNP", Date: d(3, 9), Amount: e("1176.00"), Partner: "K1", EarlyDiscount: true},
			{Journal: "BNP", Date: d(3, 9), Amount: e("1226.00"), Partner: "K1", Invoices: []journal.ID{inv.ID, other.ID}, EarlyDiscount: true},
			{Journal: "BNP", Date: d(3, 9), Amount: e("1176.00"), Partner: "K1", Invoices: []journal.ID{inv.ID}, EarlyDiscount: true, WriteOff: true},
			{Journal: "BNP", Date: d(3, 9), Amount: e("1200.00"), Partner: "K1", Invoices: []journal.ID{inv.ID}, EarlyDiscount: true},
		} {
			before := f.snapshot(t)
			_, err := f.rec.PostStatementLine(ctx, bad)
			require.ErrorIs(t, err, reconcile.ErrDiscount, fmt.Sprint(i))
			f.unchanged(t, before)
		}
		res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BNP", Date: d(3, 9), Amount: e("1176.00"), Partner: "K1",
			Invoices: []journal.ID{inv.ID}, EarlyDiscount: true})
		require.NoError(t, err)
		require.Len(t, res.Entries, 2)
		require.True(t, f.residual(t, line0(inv)).IsZero())
		f.check(t)
	})
}

// An entry from a customer known by its IBAN, naming nothing, of what one
// of its invoices owes less its discount, in time, takes the discount;
// two such invoices are ambiguous and the money goes to the customer's
// account, to letter.
func TestStatementEntryByIBANTakesDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		inv := f.discountInvoice(t, "K1", d(3, 1), "1000.00")
		f.discountInvoice(t, "K2", d(3, 1), "1000.00")
		f.discountInvoice(t, "K2", d(3, 2), "1000.00")
		props := b.imports(t, d(3, 10), reconcile.Rules{},
			rvEntry{amount: "1176.00", iban: rvK1IBAN, remittance: "VIREMENT"},
			rvEntry{amount: "1176.00", iban: rvK2IBAN, remittance: "VIREMENT"})
		require.Len(t, props, 2)
		require.True(t, props[0].Target.EarlyDiscount, props[0].Reason)
		require.Equal(t, []journal.ID{inv.ID}, props[0].Target.Invoices)
		require.Contains(t, props[0].Reason, "discount of 24,00\u00a0€ offered until 11/03/2026 taken")
		require.False(t, props[1].Target.EarlyDiscount, props[1].Reason)
		require.Empty(t, props[1].Target.Invoices)
		require.Contains(t, props[1].Reason, "ambiguous")
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		for _, o := range outs {
			require.NoError(t, o.Err)
		}
		require.True(t, f.residual(t, line0(inv)).IsZero())
		f.check(t)
	})
}

// A statement entry naming several invoices takes the discount of each one
// it pays in time, when it pays what they owe less those; an invoice
// without offer is paid in full beside them.
func TestStatementEntryNamingSeveralTakesTheirDiscounts(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		a := f.discountInvoice(t, "K1", d(3, 1), "1000.00") // 1 200.00, 24.00 until 3/11
		c := f.invoice(t, "K1", d(3, 2), "50.00")
		g := f.discountInvoice(t, "K1", d(3, 3), "250.00") // 300.00, 6.00 until 3/13
		props := b.imports(t, d(3, 11), reconcile.Rules{},
			rvEntry{amount: "1520.00", iban: rvK1IBAN, remittance: "Factures " + a.Name() + " " + c.Name() + " " + g.Name()})
		require.Len(t, props, 1)
		p := props[0]
		require.True(t, p.Target.EarlyDiscount, p.Reason)
		require.Contains(t, p.Reason, "1\u202f520,00\u00a0€ paid on 1\u202f550,00\u00a0€ owed, early-payment discount of 24,00\u00a0€ on "+
			a.Name()+" (until 11/03/2026), 6,00\u00a0€ on "+g.Name()+" (until 13/03/2026) taken")
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		docs := map[journal.ID]bool{}
		for _, x := range outs[0].Entries {
			if x.Type == journal.TypeDiscount {
				docs[x.Document] = true
			}
		}
		require.Equal(t, map[journal.ID]bool{a.ID: true, g.ID: true}, docs)
		for _, x := range []journal.Entry{a, c, g} {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		f.check(t)

		// A day later the first offer has ended: the same amount pays the
		// three in part, no discount taken.
		a2 := f.discountInvoice(t, "K2", d(3, 1), "1000.00")
		g2 := f.discountInvoice(t, "K2", d(3, 3), "250.00")
		props = b.imports(t, d(3, 12), reconcile.Rules{},
			rvEntry{amount: "1470.00", iban: rvK2IBAN, remittance: a2.Name() + " " + g2.Name()})
		require.Len(t, props, 1)
		require.False(t, props[0].Target.EarlyDiscount, props[0].Reason)
	})
}
