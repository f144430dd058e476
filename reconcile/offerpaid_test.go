package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// discountsIn returns the discount entries among es.
func discountsIn(es []journal.Entry) []journal.Entry {
	var out []journal.Entry
	for _, x := range es {
		if x.Type == journal.TypeDiscount {
			out = append(out, x)
		}
	}
	return out
}

// A payment of exactly what an invoice owes less the discount it offers,
// in time, takes the discount without being told; any other amount, a
// late payment or NoDiscount pays what it pays.
func TestRegisterPaymentTakesTheOfferPaid(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		pay := func(inv journal.Entry, date journal.Date, amount string, no bool) reconcile.Result {
			t.Helper()
			p := reconcile.Payment{Direction: reconcile.Inbound, Partner: inv.Lines[0].Partner, Journal: "BQ", Date: date,
				Invoices: []journal.ID{inv.ID}, NoDiscount: no}
			if amount != "" {
				p.Amount = e(amount)
			}
			res, err := f.rec.RegisterPayment(ctx, p)
			require.NoError(t, err)
			return res
		}
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00") // 1 200.00, 24.00 off until 3/11
		prev, err := f.rec.PreviewPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 11), Amount: e("1176.00"), Invoices: []journal.ID{a.ID}})
		require.NoError(t, err)
		require.Len(t, discountsIn(prev.Entries), 1, "the preview shows the discount")
		res := pay(a, d(3, 11), "1176.00", false)
		ds := discountsIn(res.Entries)
		require.Len(t, ds, 1)
		require.Equal(t, a.ID, ds[0].Document)
		require.True(t, ds[0].Lines[0].Balance.Equal(e("-24.00")))
		require.True(t, f.residual(t, line0(a)).IsZero())

		late := f.discountInvoice(t, "C2", d(3, 1), "1000.00")
		require.Empty(t, discountsIn(pay(late, d(3, 12), "1176.00", false).Entries), "the offer ended on 3/11")
		require.True(t, f.residual(t, line0(late)).Equal(e("24.00")))

		refused := f.discountInvoice(t, "C3", d(3, 1), "1000.00")
		require.Empty(t, discountsIn(pay(refused, d(3, 5), "1176.00", true).Entries))
		require.True(t, f.residual(t, line0(refused)).Equal(e("24.00")))

		other := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		require.Empty(t, discountsIn(pay(other, d(3, 5), "1175.00", false).Entries), "another amount")
		full := f.discountInvoice(t, "C2", d(3, 1), "1000.00")
		require.Empty(t, discountsIn(pay(full, d(3, 5), "", false).Entries), "an unset amount pays in full")
		require.True(t, f.residual(t, line0(full)).IsZero())
		f.check(t)

		x := f.discountInvoice(t, "C3", d(3, 1), "1000.00")
		before := hrev17Balances(t, f)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C3", Journal: "BQ", Date: d(3, 5),
			Amount: e("1176.00"), Invoices: []journal.ID{x.ID}, EarlyDiscount: true, NoDiscount: true})
		require.ErrorIs(t, err, reconcile.ErrDiscount)
		require.Equal(t, before, hrev17Balances(t, f), "nothing written")
	})
}

// A payment of two invoices less a credit note and the first invoice's
// offer takes that offer.
func TestRegisterPaymentTakesTheOfferWithASetOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00") // 1 200.00, 24.00 off
		b := f.invoice(t, "C1", d(3, 2), "300.00")
		cn := f.creditNote(t, "C1", d(3, 3), "100.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 10),
			Amount: e("1376.00"), Invoices: []journal.ID{a.ID, b.ID, cn.ID}})
		require.NoError(t, err)
		require.Len(t, discountsIn(res.Entries), 1)
		for _, x := range []journal.Entry{a, b, cn, res.Entries[0]} {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		f.check(t)
	})
}

// A statement line posted by hand takes the offer it pays in time, unless
// NoDiscount.
func TestStatementLineTakesTheOfferPaid(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 10), Amount: e("1176.00"),
			Partner: "C1", Invoices: []journal.ID{a.ID}})
		require.NoError(t, err)
		require.Len(t, discountsIn(res.Entries), 1)
		require.True(t, f.residual(t, line0(a)).IsZero())
		b := f.discountInvoice(t, "C2", d(3, 1), "1000.00")
		res, err = f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 10), Amount: e("1176.00"),
			Partner: "C2", Invoices: []journal.ID{b.ID}, NoDiscount: true})
		require.NoError(t, err)
		require.Empty(t, discountsIn(res.Entries))
		require.True(t, f.residual(t, line0(b)).Equal(e("24.00")))
		f.check(t)
	})
}

// An imported entry proposed without the discount (the rules turned it
// off) is posted without it, though it pays the discounted amount.
func TestImportedEntryWithoutDiscountStaysSo(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		inv := f.discountInvoice(t, "K1", d(3, 1), "1000.00")
		props := b.imports(t, d(3, 10), reconcile.Rules{NoDiscount: true},
			rvEntry{amount: "1176.00", iban: rvK1IBAN, remittance: inv.Name()})
		require.Len(t, props, 1)
		require.False(t, props[0].Target.EarlyDiscount)
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		require.Empty(t, discountsIn(outs[0].Entries))
		require.True(t, f.residual(t, line0(inv)).Equal(e("24.00")))
		f.check(t)
	})
}

// A partner's statement shows the discount an invoice still offers, and
// stops showing it once something is lettered on the invoice.
func TestStatementShowsTheOffer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		b := f.discountInvoice(t, "C1", d(3, 2), "500.00")
		f.invoice(t, "C1", d(3, 3), "100.00")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 5), Amount: e("100.00"), Invoices: []journal.ID{b.ID}})
		require.NoError(t, err)
		st, err := f.rec.Statement(ctx, "411000", "C1")
		require.NoError(t, err)
		require.Len(t, st.Open, 3)
		offers := map[journal.ID]*journal.DiscountOffer{}
		for _, it := range st.Open {
			offers[it.Ref.Entry] = it.DiscountOffer
		}
		require.NotNil(t, offers[a.ID])
		require.True(t, offers[a.ID].Amount.Equal(e("24.00")))
		require.Equal(t, d(3, 11), offers[a.ID].Until)
		require.Nil(t, offers[b.ID], "paid in part: no discount any more")
	})
}
