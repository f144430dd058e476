package reconcile_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// hrev19CashBasisOffer posts a customer invoice of ht + 20 % VAT due on
// payment (445740), 2 % off within 10 days.
func hrev19CashBasisOffer(t *testing.T, f *fixture, p string, date journal.Date, ht string) journal.Entry {
	t.Helper()
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: date, Partner: p, PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: e(ht), Taxes: []tax.Tax{billSalesVAT}, Account: "706000"}},
		Terms: epdTerms("2", 10)}
	x, err := inv.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

// A supplier bill paid 588.00 on 600.00 by its offer's last day takes the
// discount obtained: Dr 401000 12 / Cr 765000 10 + Cr 445660 2 (§6 ex. 9).
func TestHrev19SupplierBillTakesOffer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := discountBill(t, f, "S1", d(3, 1), "500.00", "F-1")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ", Date: d(3, 11),
			Amount: e("588.00"), Invoices: []journal.ID{b.ID}})
		require.NoError(t, err)
		require.Len(t, discountsIn(res.Entries), 1)
		require.True(t, f.residual(t, line0(b)).IsZero())
		tb := hrev17Balances(t, f)
		require.Equal(t, "-10.00", tb["765000"])
		require.Equal(t, "", tb["401000"])
		f.check(t)
	})
}

// The same by a statement line paid out (negative amount).
func TestHrev19StatementLineSupplierTakesOffer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := discountBill(t, f, "S1", d(3, 1), "500.00", "F-1")
		res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 11), Amount: e("-588.00"),
			Partner: "S1", Invoices: []journal.ID{b.ID}})
		require.NoError(t, err)
		require.Len(t, discountsIn(res.Entries), 1)
		require.True(t, f.residual(t, line0(b)).IsZero())
		require.Equal(t, "-10.00", hrev17Balances(t, f)["765000"])
		f.check(t)
	})
}

// Cash-basis VAT: 445740 ends at 0, 445710 holds 196.00 (§6 ex. 10).
func TestHrev19CashBasisEndToEnd(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := hrev19CashBasisOffer(t, f, "C1", d(3, 1), "1000.00")
		require.NotNil(t, inv.DiscountOffer)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 5),
			Amount: e("1176.00"), Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
		require.Len(t, discountsIn(res.Entries), 1)
		tb := hrev17Balances(t, f)
		require.Equal(t, "", tb["445740"])
		require.Equal(t, "-196.00", tb["445710"])
		require.Equal(t, "20.00", tb["665000"])
		require.Equal(t, "", tb["411000"])
		f.check(t)
	})
}

// A USD invoice with a USD offer paid in USD takes it; one paid in EUR,
// whatever the figure, does not.
func TestHrev19ForeignOffer(t *testing.T) {
	t.Parallel()
	usd := currency.MustLookup("USD")
	u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 4), currency.MustParseRate("1.25")))
		mk := func(p string) journal.Entry {
			inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: p, PartnerAccount: "411000",
				Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: u("1000.00"), Taxes: []tax.Tax{epdVAT("20")}, Account: "706000"}},
				Terms: epdTerms("2", 10)}
			x, err := inv.Entry()
			require.NoError(t, err)
			return f.post(t, x)
		}
		a := mk("C1")
		require.True(t, a.DiscountOffer.Amount.Equal(u("24.00")))
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 5),
			Amount: u("1176.00"), Invoices: []journal.ID{a.ID}})
		require.NoError(t, err)
		require.Len(t, discountsIn(res.Entries), 1)
		hrev18Zero(t, f, line0(a), line0(res.Entries[0]))
		f.check(t)

		b := mk("C2")
		res, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C2", Journal: "BQ", Date: d(3, 5),
			Amount: e("1176.00"), Invoices: []journal.ID{b.ID}})
		if err == nil {
			require.Empty(t, discountsIn(res.Entries), "a EUR payment of a USD invoice takes no USD offer")
		}
		f.check(t)
	})
}

// Three invoices: one offering in time, one whose offer ended, one without
// an offer. Paying what they owe less the one offer in time takes it, and
// settles all three.
func TestHrev19SeveralSomeExpired(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00") // 1200, 24 until 3/11
		b := f.discountInvoice(t, "C1", d(2, 1), "500.00")  // 600, 12 until 2/11: ended
		c := f.invoice(t, "C1", d(3, 2), "300.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 10),
			Amount: e("2076.00"), Invoices: []journal.ID{b.ID, a.ID, c.ID}})
		require.NoError(t, err)
		ds := discountsIn(res.Entries)
		require.Len(t, ds, 1)
		require.Equal(t, a.ID, ds[0].Document)
		hrev18Zero(t, f, line0(a), line0(b), line0(c), line0(res.Entries[0]))
		f.check(t)
	})
}

// An invoice already partly paid takes no discount on its second payment
// (first payment only, §5), whatever the amount.
func TestHrev19PartlyPaidNoDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 3),
			Amount: e("100.00"), Invoices: []journal.ID{a.ID}})
		require.NoError(t, err)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 5),
			Amount: e("1076.00"), Invoices: []journal.ID{a.ID}})
		require.NoError(t, err)
		require.Empty(t, discountsIn(res.Entries))
		require.True(t, f.residual(t, line0(a)).Equal(e("24.00")))
		f.check(t)
	})
}

// An invoice of two instalments offering a discount: the offer is on the
// whole invoice, an instalment not all of it — no discount.
func TestHrev19InstalmentsNoDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		res0, err := f.book.Post(ctx, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice,
			DiscountOffer: &journal.DiscountOffer{Amount: e("24.00"), Until: d(3, 11)}, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("600.00"), DueDate: d(3, 31)},
				{Account: "411000", Partner: "C1", Balance: e("600.00"), DueDate: d(4, 30)},
				{Account: "706000", Balance: e("-1200.00")},
			}})
		if err != nil {
			t.Skipf("the ledger refuses an offer on instalments: %v", err)
		}
		a := res0.Entry
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 5),
			Amount: e("1176.00"), Invoices: []journal.ID{a.ID}})
		require.NoError(t, err)
		require.Empty(t, discountsIn(res.Entries))
		f.check(t)
	})
}

// CancelPayment undoes the discount the payment took: the books are back
// where they were, the invoice owes 1 200.00 again.
func TestHrev19CancelUndoesDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		before := hrev17Balances(t, f)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 5),
			Amount: e("1176.00"), Invoices: []journal.ID{a.ID}})
		require.NoError(t, err)
		require.Len(t, discountsIn(res.Entries), 1)
		_, err = f.rec.CancelPayment(ctx, journal.NoID, res.Entries[0].ID)
		require.NoError(t, err)
		require.Equal(t, before, hrev17Balances(t, f))
		require.True(t, f.residual(t, line0(a)).Equal(e("1200.00")))
		f.check(t)
		// And it may be paid again, taking the discount anew.
		res, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 6),
			Amount: e("1176.00"), Invoices: []journal.ID{a.ID}})
		require.NoError(t, err)
		require.Len(t, discountsIn(res.Entries), 1)
		require.True(t, f.residual(t, line0(a)).IsZero())
		f.check(t)
	})
}

// A refund to a customer naming a credit note and an invoice offering a
// discount set off against it never takes the invoice's discount.
func TestHrev19RefundNeverDiscounts(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cn := f.creditNote(t, "C1", d(3, 1), "1500.00")
		a := f.discountInvoice(t, "C1", d(3, 2), "1000.00")
		for _, amt := range []string{"324.00", "276.00"} {
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C1", Journal: "BQ", Date: d(3, 5),
				Amount: e(amt), Invoices: []journal.ID{cn.ID, a.ID}})
			if err == nil {
				require.Empty(t, discountsIn(res.Entries), amt)
				_, err = f.rec.CancelPayment(ctx, journal.NoID, res.Entries[0].ID)
				require.NoError(t, err)
			}
		}
		f.check(t)
	})
}

// A statement line with WriteOff never takes a discount by itself.
func TestHrev19WriteOffLineNoAutoDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 5), Amount: e("1176.00"),
			Partner: "C1", Invoices: []journal.ID{a.ID}, WriteOff: true})
		if err == nil {
			require.Empty(t, discountsIn(res.Entries))
		}
		f.check(t)
	})
}

// EarlyDiscount and NoDiscount together on a statement line: ErrDiscount,
// nothing written.
func TestHrev19StatementLineBothRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		before := hrev17Balances(t, f)
		_, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 5), Amount: e("1176.00"),
			Partner: "C1", Invoices: []journal.ID{a.ID}, EarlyDiscount: true, NoDiscount: true})
		require.ErrorIs(t, err, reconcile.ErrDiscount)
		require.Equal(t, before, hrev17Balances(t, f))
	})
}

// PreviewPayment and RegisterPayment agree on several invoices with offers.
func TestHrev19PreviewAgrees(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		b := f.discountInvoice(t, "C1", d(3, 2), "500.00")
		p := reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 10),
			Amount: e("1764.00"), Invoices: []journal.ID{a.ID, b.ID}}
		before := hrev17Balances(t, f)
		prev, err := f.rec.PreviewPayment(ctx, p)
		require.NoError(t, err)
		require.Equal(t, before, hrev17Balances(t, f))
		res, err := f.rec.RegisterPayment(ctx, p)
		require.NoError(t, err)
		require.Len(t, discountsIn(prev.Entries), 2)
		require.Len(t, discountsIn(res.Entries), 2)
		require.Equal(t, len(prev.Entries), len(res.Entries))
		require.Equal(t, len(prev.Partials), len(res.Partials))
		hrev18Zero(t, f, line0(a), line0(b), line0(res.Entries[0]))
		f.check(t)
	})
}

// An old-style request (no NoDiscount) fingerprints as before, and replays.
func TestHrev19ReplayOldStyle(t *testing.T) {
	t.Parallel()
	body, err := json.Marshal(reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 5), Amount: e("1.00")})
	require.NoError(t, err)
	require.False(t, strings.Contains(string(body), "NoDiscount"), string(body))
	body, err = json.Marshal(reconcile.StatementLine{Journal: "BQ", Date: d(3, 5), Amount: e("1.00")})
	require.NoError(t, err)
	require.False(t, strings.Contains(string(body), "NoDiscount"), string(body))
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		p := reconcile.Payment{Operation: journal.NewID(), Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 5),
			Amount: e("1176.00"), Invoices: []journal.ID{a.ID}}
		r1, err := f.rec.RegisterPayment(ctx, p)
		require.NoError(t, err)
		r2, err := f.rec.RegisterPayment(ctx, p)
		require.NoError(t, err)
		require.True(t, r2.Replay)
		require.Equal(t, len(r1.Entries), len(r2.Entries))
		p.NoDiscount = true
		_, err = f.rec.RegisterPayment(ctx, p)
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.check(t)
	})
}

// A scheduled payment of the discounted amount takes the discount when
// executed in time; one scheduled with NoDiscount does not.
func TestHrev19ScheduledPayments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		b := f.discountInvoice(t, "C2", d(3, 1), "1000.00")
		ida, idb := journal.NewID(), journal.NewID()
		require.NoError(t, f.rec.Schedule(ctx, ida, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 8),
			Amount: e("1176.00"), Invoices: []journal.ID{a.ID}}))
		require.NoError(t, f.rec.Schedule(ctx, idb, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C2", Journal: "BQ", Date: d(3, 8),
			Amount: e("1176.00"), Invoices: []journal.ID{b.ID}, NoDiscount: true}))
		ra, err := f.rec.ExecuteScheduled(ctx, ida, d(3, 9))
		require.NoError(t, err)
		require.Len(t, discountsIn(ra.Entries), 1)
		rb, err := f.rec.ExecuteScheduled(ctx, idb, d(3, 9))
		require.NoError(t, err)
		require.Empty(t, discountsIn(rb.Entries))
		require.True(t, f.residual(t, line0(b)).Equal(e("24.00")))
		f.check(t)
	})
}
