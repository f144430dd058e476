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

var hrev190E20 = tax.Tax{ID: "E20", Name: "TVA 20 % enc.", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
	FinalAccount: "445710", TransitionAccount: "445740"}

var hrev190X0 = tax.Tax{ID: "X0", Name: "Exonéré", Rate: tax.MustParsePercent("0"), Exigibility: tax.OnInvoice,
	FinalAccount: "445710"}

// hrev190Inv posts a customer invoice from (price, tax, account) triples.
func (f *fixture) hrev190Inv(t *testing.T, p string, date journal.Date, terms journal.PaymentTerms, lines ...any) journal.Entry {
	t.Helper()
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: date, Partner: p, PartnerAccount: "411000", Terms: terms}
	for i := 0; i < len(lines); i += 3 {
		inv.Lines = append(inv.Lines, journal.InvoiceLine{UnitPrice: lines[i].(currency.Amount),
			Taxes: []tax.Tax{lines[i+1].(tax.Tax)}, Account: lines[i+2].(string)})
	}
	x, err := inv.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

func (f *fixture) hrev190Bal(t *testing.T, accounts ...string) string {
	t.Helper()
	var out []string
	for _, a := range accounts {
		out = append(out, a+" "+f.balance(t, a))
	}
	return strings.Join(out, ", ")
}

// Goods on debits (1 000,00 D20 on 707000) and services on receipts (500,00
// E20 on 706000): 1 800,00 TTC, 700,00 received. By hand: E20 made due by
// the receipt 100 × 700 / 1 800 = 38,89 (61,11 waiting); lost 1 100,00;
// D20 recovered 1 100 × 200 / 1 800 = 122,22; loss 977,78 split 1 000 :
// 600 = 611,11 (D20 base) and 366,67; the cash-basis entry takes the 61,11
// waiting back out of 445740 against 654000: 654000 = 916,67 = 1 100 ×
// 1 500 / 1 800.
func TestHrev190BadDebtMixedInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev190Inv(t, "C1", d(3, 1), journal.PaymentTerms{}, e("1000.00"), hrev182VAT20, "707000", e("500.00"), hrev190E20, "706000")
		f.receive(t, "BQD", "C1", d(4, 10), "700.00", inv)
		assert.Equal(t, "445740 -61.11, 445710 -238.89", f.hrev190Bal(t, "445740", "445710"))
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Entries, 2)
		assert.Equal(t, "411000 -1100.00, 654000 611.11, 654000 366.67, 445710 122.22", hrev182Lines(res.Entries[0]))
		assert.Equal(t, "445740 61.11, 654000 -61.11", hrev182Lines(res.Entries[1]))
		assert.Equal(t, "411000 0.00, 445740 0.00, 445710 -116.67, 654000 916.67", f.hrev190Bal(t, "411000", "445740", "445710", "654000"))
		assert.Equal(t, "445710 D20 -611.11 -122.22; collected -122.22 deductible 0.00", f.hrev182VAT(t, d(6, 1), d(6, 30)))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		rep, err := f.rec.VATReport(ctx, d(1, 1), d(12, 31))
		require.NoError(t, err)
		assert.Equal(t, "116.67", rep.Collected.Plain())
	})
}

// A discount line (negative base, 709000) and a 0 % exempt line.
// 1 000 − 100 at 20 % + 200 exempt: TTC 1 280,00; 1 280 lost whole: D20
// 180,00 back, loss 900,00 (D20 bases) and 200,00 (X0 base).
func TestHrev190BadDebtDiscountLineAndExempt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev190Inv(t, "C1", d(3, 1), journal.PaymentTerms{}, e("1000.00"), hrev182VAT20, "707000",
			e("-100.00"), hrev182VAT20, "709000", e("200.00"), hrev190X0, "706000")
		t.Logf("invoice: %s", hrev182Lines(inv))
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		f.check(t)
		t.Logf("bad debt: %s", hrev182Lines(res.Entries[0]))
		assert.Equal(t, "411000 0.00, 445710 0.00, 654000 1100.00", f.hrev190Bal(t, "411000", "445710", "654000"))
		rep, err := f.rec.VATReport(ctx, d(6, 1), d(6, 30))
		require.NoError(t, err)
		assert.Equal(t, "-180.00", rep.Collected.Plain())
		bases := map[string]string{}
		for _, l := range rep.Lines {
			bases[l.TaxID] = l.Base.Plain()
		}
		assert.Equal(t, map[string]string{"D20": "-900.00", "X0": "-200.00"}, bases)
	})
}

// Three instalments of 400,00 (1 000 + 200 D20), the first paid: the bad
// debt takes the two open ones (−400,00 each), 654000 666,67, 445710
// 133,33. Detaching the third instalment's line undoes the whole entry.
func TestHrev190BadDebtInstalments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("400.00"), DueDate: d(4, 1)},
			{Account: "411000", Partner: "C1", Balance: e("400.00"), DueDate: d(5, 1)},
			{Account: "411000", Partner: "C1", Balance: e("400.00"), DueDate: d(6, 1)},
			{Account: "707000", Balance: e("-1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{hrev182VAT20}},
			{Account: "445710", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{hrev182VAT20}},
		}}
		inv := f.post(t, x)
		pay := f.post(t, journal.Entry{Journal: "BQD", Date: d(4, 1), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "512000", Balance: e("400.00")}, {Account: "411000", Partner: "C1", Balance: e("-400.00")}}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}})
		require.NoError(t, err)
		before := f.hrev190Bal(t, "411000", "445710", "654000")
		vat := f.hrev182VAT(t, d(1, 1), d(12, 31))
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "411000 -400.00, 411000 -400.00, 654000 666.67, 445710 133.33", hrev182Lines(res.Entries[0]))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "445710 D20 333.33 66.67; collected 66.67 deductible 0.00", f.hrev182VAT(t, d(1, 1), d(12, 31)))

		_, err = f.rec.Detach(ctx, journal.NoID, inv.LineRef(2))
		require.NoError(t, err)
		f.check(t)
		st := f.state(t, inv)
		assert.Equal(t, reconcile.Partial, st.State)
		assert.Equal(t, "800.00", st.Residual.Plain())
		assert.Equal(t, "400.00", f.residual(t, inv.LineRef(1)).Plain())
		assert.Equal(t, "400.00", f.residual(t, inv.LineRef(2)).Plain())
		assert.Equal(t, before, f.hrev190Bal(t, "411000", "445710", "654000"))
		assert.Equal(t, vat, f.hrev182VAT(t, d(1, 1), d(12, 31)))
		// again
		_, err = f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 20)})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "411000 0.00, 445710 -66.67, 654000 666.67", f.hrev190Bal(t, "411000", "445710", "654000"))
	})
}

// A cash-basis invoice settled 1 199,96 + 0,04 written off within the
// tolerance, on a book whose WriteOffLoss is the bad-debt account: by hand
// the receipt makes 199,99 due, the write-off's 0,01 share goes with the
// loss; the same as with the default 658000.
func TestHrev190OrdinaryWriteOffSameAccount(t *testing.T) {
	t.Parallel()
	for _, same := range []bool{false, true} {
		t.Run(fmt.Sprint("same=", same), func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				rec := f.rec
				loss := "658000"
				if same {
					var err error
					rec, err = reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("0.05")},
						WriteOffLoss: "654000", BadDebtLoss: "654000"})
					require.NoError(t, err)
					loss = "654000"
				}
				inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
				pay := f.post(t, journal.Entry{Journal: "BQD", Date: d(4, 1), Type: journal.TypePayment, Lines: []journal.Line{
					{Account: "512000", Balance: e("1199.96")}, {Account: "411000", Partner: "C1", Balance: e("-1199.96")}}})
				res, err := rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, WriteOff: true})
				require.NoError(t, err)
				f.check(t)
				var got []string
				for _, x := range res.Entries {
					got = append(got, string(x.Type)+": "+hrev182Lines(x))
				}
				t.Logf("%s", strings.Join(got, " | "))
				assert.Equal(t, "445740 0.00, 445710 -199.99, "+loss+" 0.03", f.hrev190Bal(t, "445740", "445710", loss))
				assert.Equal(t, "445710 E20 999.97 199.99; collected 199.99 deductible 0.00", f.hrev182VAT(t, d(1, 1), d(12, 31)))
			})
		})
	}
}

// Two instalments of 600,00 on a cash-basis invoice (1 000 + 200 E20):
// the first settled by 599,96 and 0,04 written off to 658000, the second
// lost. By hand: 99,99 due by the receipt, 0,01 with the 658000 write-off,
// 100,00 with the bad debt; 445740 0; 654000 500,00; 658000 0,03.
func TestHrev190WriteOffAndBadDebtSameInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("600.00"), DueDate: d(4, 1)},
			{Account: "411000", Partner: "C1", Balance: e("600.00"), DueDate: d(5, 1)},
			{Account: "706000", Balance: e("-1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{hrev190E20}},
			{Account: "445740", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{hrev190E20}},
		}}
		inv := f.post(t, x)
		pay := f.post(t, journal.Entry{Journal: "BQD", Date: d(4, 1), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "512000", Balance: e("599.96")}, {Account: "411000", Partner: "C1", Balance: e("-599.96")}}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, WriteOff: true})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "445740 -100.00, 445710 -99.99, 658000 0.03", f.hrev190Bal(t, "445740", "445710", "658000"))
		aprVAT := f.hrev182VAT(t, d(4, 1), d(4, 30))
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		f.check(t)
		for _, x := range res.Entries {
			t.Logf("%s: %s", x.Type, hrev182Lines(x))
		}
		assert.Equal(t, "411000 0.00, 445740 0.00, 445710 -99.99, 654000 500.00, 658000 0.03",
			f.hrev190Bal(t, "411000", "445740", "445710", "654000", "658000"))
		assert.Equal(t, aprVAT, f.hrev182VAT(t, d(4, 1), d(4, 30)))
		assert.Equal(t, "445710 E20 499.97 99.99; collected 99.99 deductible 0.00", f.hrev182VAT(t, d(1, 1), d(12, 31)))
	})
}

// A credit note of 240,00 lettered with a 1 200,00 cash-basis invoice, the
// rest (960,00) lost: the credit note's VAT and the invoice's cancel out;
// 160,00 waiting goes back with the loss. 445740 0, 445710 0, 654000 800.
func TestHrev190BadDebtAfterCreditNote(t *testing.T) {
	t.Parallel()
	for _, cash := range []bool{false, true} {
		t.Run(fmt.Sprint("cash=", cash), func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				vat := hrev182VAT20
				if cash {
					vat = hrev190E20
				}
				inv := f.hrev190Inv(t, "C1", d(3, 1), journal.PaymentTerms{}, e("1000.00"), vat, "706000")
				cn, err := journal.Invoice{Kind: journal.CustomerCreditNote, Journal: "VT", Date: d(3, 10), Partner: "C1", PartnerAccount: "411000",
					Lines: []journal.InvoiceLine{{UnitPrice: e("200.00"), Taxes: []tax.Tax{vat}, Account: "706000"}}}.Entry()
				require.NoError(t, err)
				note := f.post(t, cn)
				_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), note.LineRef(0)}})
				require.NoError(t, err)
				res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
				require.NoError(t, err)
				f.check(t)
				t.Logf("%s", hrev182Lines(res.Entries[0]))
				assert.Equal(t, "411000 0.00, 445740 0.00, 445710 0.00, 654000 800.00",
					f.hrev190Bal(t, "411000", "445740", "445710", "654000"))
				rep, err := f.rec.VATReport(ctx, d(1, 1), d(12, 31))
				require.NoError(t, err)
				assert.Equal(t, "0.00", rep.Collected.Plain())
			})
		})
	}
}

// An invoice offering a 2 % early-payment discount: the whole residual is
// lost, not the discounted amount.
func TestHrev190BadDebtDiscountOffered(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev190Inv(t, "C1", d(3, 1), journal.PaymentTerms{Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 10}},
			e("1000.00"), hrev182VAT20, "707000")
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(3, 5)})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "411000 -1200.00, 654000 1000.00, 445710 200.00", hrev182Lines(res.Entries[0]))
	})
}

// A payment arriving after the bad debt: the invoice is paid, the money
// cannot be lettered with it.
func TestHrev190PaymentAfterBadDebt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
		_, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		pay := f.post(t, journal.Entry{Journal: "BQD", Date: d(7, 1), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "512000", Balance: e("300.00")}, {Account: "411000", Partner: "C1", Balance: e("-300.00")}}})
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}})
		t.Logf("lettering a later payment with the lost invoice: %v", err)
		assert.Error(t, err)
		f.check(t)
		assert.Equal(t, "300.00", f.residual(t, pay.LineRef(1)).Neg().Plain())
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(7, 2),
			Method: reconcile.MethodTransfer, Amount: e("100.00"), Invoices: []journal.ID{inv.ID}})
		t.Logf("RegisterPayment naming the lost invoice: %v", err)
		assert.Error(t, err)
		f.check(t)
	})
}

var _ = ledger.EntryFilter{}
