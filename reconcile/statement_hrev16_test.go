package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// hrev16Instalments posts a customer invoice of 1 000.00 HT + 20 % in two
// instalments (10 and 20 days), 2 % off within 15 days.
func hrev16Instalments(t *testing.T, f *fixture, p string, date journal.Date) journal.Entry {
	t.Helper()
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: date, Partner: p, PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: e("1000.00"), Taxes: []tax.Tax{epdVAT("20")}, Account: "706000"}},
		Terms: journal.PaymentTerms{Instalments: []journal.Instalment{
			{Percent: tax.MustParsePercent("50"), Due: journal.DueRule{Kind: journal.NetDays, Days: 10}},
			{Percent: tax.MustParsePercent("50"), Due: journal.DueRule{Kind: journal.NetDays, Days: 20}}},
			Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 15}}}
	x, err := inv.Entry()
	require.NoError(t, err)
	require.NotNil(t, x.DiscountOffer)
	return f.post(t, x)
}

func hrev16Outcomes(t *testing.T, f *fixture, props []reconcile.ImportedProposal) []reconcile.Outcome {
	t.Helper()
	outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
	require.NoError(t, err)
	return outs
}

// The IBAN path: a customer with an invoice of exactly the amount and
// another asking it with its discount: the exact one wins, no discount.
func TestHrev16StatementIBANFullAmountWins(t *testing.T) {
	t.Parallel()
	for _, order := range []string{"full first", "discounted first"} {
		t.Run(order, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newRvBank(t, f)
				var full, disc journal.Entry
				if order == "full first" {
					full = f.invoice(t, "K1", d(3, 1), "1176.00")
					disc = f.discountInvoice(t, "K1", d(3, 2), "1000.00")
				} else {
					disc = f.discountInvoice(t, "K1", d(3, 1), "1000.00")
					full = f.invoice(t, "K1", d(3, 2), "1176.00")
				}
				props := b.imports(t, d(3, 10), reconcile.Rules{}, rvEntry{amount: "1176.00", iban: rvK1IBAN, remittance: "VIREMENT"})
				require.Len(t, props, 1)
				require.False(t, props[0].Target.EarlyDiscount, rvDescribe(props[0]))
				require.Equal(t, []journal.ID{full.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
				outs := hrev16Outcomes(t, f, props)
				require.NoError(t, outs[0].Err)
				require.Equal(t, reconcile.Paid, f.state(t, full).State)
				require.Equal(t, reconcile.NotPaid, f.state(t, disc).State)
				f.check(t)
			})
		})
	}
}

// An invoice of two instalments offers its discount on the whole: an
// entry naming it, or from its customer by IBAN, of the total less the
// offer takes no discount.
func TestHrev16StatementInstalmentsNoDiscount(t *testing.T) {
	t.Parallel()
	for _, rem := range []string{"named", "by IBAN"} {
		t.Run(rem, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newRvBank(t, f)
				inv := hrev16Instalments(t, f, "K1", d(3, 1))
				remittance := "VIREMENT"
				if rem == "named" {
					remittance = "Facture " + inv.Name()
				}
				props := b.imports(t, d(3, 10), reconcile.Rules{}, rvEntry{amount: "1176.00", iban: rvK1IBAN, remittance: remittance})
				require.Len(t, props, 1)
				require.False(t, props[0].Target.EarlyDiscount, rvDescribe(props[0]))
				outs := hrev16Outcomes(t, f, props)
				for _, o := range outs {
					require.NoError(t, o.Err)
					for _, x := range o.Entries {
						require.NotEqual(t, journal.TypeDiscount, x.Type)
					}
				}
				f.check(t)
			})
		})
	}
}

// An invoice cancelled by a ledger reversal left open beside it is not
// proposed with a discount.
func TestHrev16StatementHalfReversedInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		inv := f.discountInvoice(t, "K1", d(3, 1), "1000.00")
		_, err := f.book.Reverse(ctx, inv.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		for _, rem := range []string{"Facture " + inv.Name(), "VIREMENT"} {
			props := b.imports(t, d(3, 10), reconcile.Rules{}, rvEntry{amount: "1176.00", iban: rvK1IBAN, remittance: rem})
			p := props[len(props)-1]
			require.False(t, p.Target.EarlyDiscount, rvDescribe(p))
			require.NotContains(t, p.Target.Invoices, inv.ID, rvDescribe(p))
		}
		f.check(t)
	})
}

// An invoice a credit note was set off against is no longer untouched: an
// entry naming it, of what it owes less the offer, takes no discount.
func TestHrev16StatementCreditNoteSetOffNoDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		inv := f.discountInvoice(t, "K1", d(3, 1), "1000.00")
		cn := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 2), Type: journal.TypeCreditNote, Lines: []journal.Line{
			{Account: "411000", Partner: "K1", Balance: e("-100.00")},
			{Account: "706000", Balance: e("100.00")},
		}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(inv), line0(cn)}})
		require.NoError(t, err)
		props := b.imports(t, d(3, 10), reconcile.Rules{}, rvEntry{amount: "1076.00", iban: rvK1IBAN, remittance: "Facture " + inv.Name()})
		require.False(t, props[0].Target.EarlyDiscount, rvDescribe(props[0]))
		f.check(t)
	})
}

// A proposal taking a discount goes stale when the invoice is touched
// before it is applied: applying must not post a discount other than the
// one proposed (the offer's 24.00), nor on an invoice no longer untouched.
func TestHrev16StatementStaleDiscountProposal(t *testing.T) {
	t.Parallel()
	for _, c := range []string{"payment", "credit note"} {
		t.Run(c, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newRvBank(t, f)
				inv := f.discountInvoice(t, "K1", d(3, 1), "1000.00")
				props := b.imports(t, d(3, 10), reconcile.Rules{}, rvEntry{amount: "1176.00", iban: rvK1IBAN, remittance: "Facture " + inv.Name()})
				require.True(t, props[0].Target.EarlyDiscount, rvDescribe(props[0]))
				// Touched in between: 10.00 paid or credited.
				if c == "payment" {
					f.receive(t, "BNP", "K1", d(3, 9), "10.00", inv)
				} else {
					cn := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 2), Type: journal.TypeCreditNote, Lines: []journal.Line{
						{Account: "411000", Partner: "K1", Balance: e("-10.00")},
						{Account: "706000", Balance: e("10.00")},
					}})
					_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(inv), line0(cn)}})
					require.NoError(t, err)
				}
				outs := hrev16Outcomes(t, f, props)
				for _, x := range outs[0].Entries {
					if x.Type == journal.TypeDiscount {
						require.Equal(t, "-24.00", x.Lines[0].Balance.Plain(), "a discount of %s posted on a stale proposal of 24.00", x.Lines[0].Balance.Neg().Plain())
					}
				}
				require.Error(t, outs[0].Err, "the invoice was touched since the proposal")
				f.check(t)
			})
		})
	}
}

// ApplyImported retried with the same operation replays: nothing written.
func TestHrev16StatementApplyReplay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		inv := f.discountInvoice(t, "K1", d(3, 1), "1000.00")
		props := b.imports(t, d(3, 11), reconcile.Rules{}, rvEntry{amount: "1176.00", iban: rvK1IBAN, remittance: "Facture " + inv.Name()})
		require.True(t, props[0].Target.EarlyDiscount)
		op := journal.NewID()
		first, err := f.rec.ApplyImported(ctx, op, props)
		require.NoError(t, err)
		require.NoError(t, first[0].Err)
		before := f.snapshot(t)
		again, err := f.rec.ApplyImported(ctx, op, props)
		require.NoError(t, err)
		require.NoError(t, again[0].Err)
		f.unchanged(t, before)
		require.Equal(t, len(first[0].Entries), len(again[0].Entries))
		require.Equal(t, reconcile.Paid, f.state(t, inv).State)
		// A second apply under a new id: the entry is posted already, no
		// second discount.
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		if err == nil {
			require.Error(t, outs[0].Err)
			require.Empty(t, outs[0].Entries)
		}
		require.True(t, f.residual(t, line0(inv)).IsZero())
		f.check(t)
	})
}

// StatementLine.EarlyDiscount refuses bad input with a typed error and
// writes nothing.
func TestHrev16StatementLineEarlyDiscountBadInput(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		newRvBank(t, f)
		inv := f.discountInvoice(t, "K1", d(3, 1), "1000.00")
		paid := f.discountInvoice(t, "K1", d(3, 1), "500.00")
		f.receive(t, "BNP", "K1", d(3, 2), "100.00", paid)
		rev := f.discountInvoice(t, "K1", d(3, 1), "300.00")
		_, err := f.book.Reverse(ctx, rev.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "S9", Name: "Fournisseur S9"}))
		scn := f.post(t, journal.Entry{Journal: "AC", Date: d(3, 2), Type: journal.TypeCreditNote, Ref: "AV-9", Lines: []journal.Line{
			{Account: "401000", Partner: "S9", Balance: e("100.00")},
			{Account: "607000", Balance: e("-100.00")},
		}})
		usd := currency.MustLookup("USD")
		for i, bad := range []reconcile.StatementLine{
			{Journal: "BNP", Date: d(3, 9), Amount: e("1300.00"), Partner: "K1", Invoices: []journal.ID{inv.ID}, EarlyDiscount: true},
			{Journal: "BNP", Date: d(3, 9), Amount: e("1200.00"), Partner: "K1", Invoices: []journal.ID{inv.ID}, EarlyDiscount: true},
			{Journal: "BNP", Date: d(3, 9), Amount: e("480.00"), Partner: "K1", Invoices: []journal.ID{paid.ID}, EarlyDiscount: true},
			{Journal: "BNP", Date: d(3, 9), Amount: e("350.00"), Partner: "K1", Invoices: []journal.ID{rev.ID}, EarlyDiscount: true},
			{Journal: "BNP", Date: d(3, 9), Amount: e("90.00"), Partner: "S9", Invoices: []journal.ID{scn.ID}, EarlyDiscount: true},
			{Journal: "BNP", Date: d(3, 9), Amount: currency.MustParse(usd, "1176.00"), CompanyAmount: e("1000.00"), Partner: "K1",
				Invoices: []journal.ID{inv.ID}, EarlyDiscount: true},
		} {
			before := f.snapshot(t)
			_, err := f.rec.PostStatementLine(ctx, bad)
			require.Error(t, err, fmt.Sprint(i))
			t.Logf("%d: %v", i, err)
			f.unchanged(t, before)
		}
		f.check(t)
	})
}

// Money out naming a supplier bill, by its offer's last day, of what it
// owes less the offer: the discount obtained is posted, supplier side.
func TestHrev16StatementSupplierBillDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		bill := discountBill(t, f, "S2", d(3, 1), "500.00", "FAC-77881")
		props := b.imports(t, d(3, 11), reconcile.Rules{}, rvEntry{amount: "-588.00", iban: "NL91ABNA0417164300", remittance: "FAC-77881"})
		require.True(t, props[0].Target.EarlyDiscount, rvDescribe(props[0]))
		outs := hrev16Outcomes(t, f, props)
		require.NoError(t, outs[0].Err)
		require.Equal(t, map[string]string{"401000": "12.00", "765000": "-10.00", "445660": "-2.00"}, hrev16Discounts(reconcile.Result{Entries: outs[0].Entries})[bill.ID])
		require.Equal(t, reconcile.Paid, f.state(t, bill).State)
		f.check(t)
	})
}
