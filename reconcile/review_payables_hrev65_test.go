package reconcile_test

// Review hrev65: one month of a small services company's payables read by
// a French expert-comptable: services bills with VAT deductible on payment
// (445640 → 445660), goods bills with VAT on debits, a supplier credit note,
// partial payments, an overpayment refunded, an escompte obtenu, a USD
// supplier, a payment run, the aged balance, and délettrage of each.

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

var (
	// Services bought: VAT deductible on payment (TVA sur les encaissements).
	hrev65Services = tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnPayment)
	// Goods bought: VAT deductible on the invoice (TVA sur les débits).
	hrev65Goods = tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnInvoice)
)

// hrev65Doc posts a supplier bill or credit note built by journal.Invoice:
// one line of price HT with tax x on account, payable due on due (none when zero).
func hrev65Doc(t *testing.T, f *fixture, kind journal.InvoiceKind, date, due journal.Date, p, price string, x tax.Tax, account string) journal.Entry {
	t.Helper()
	en, err := journal.Invoice{Kind: kind, Journal: "AC", Date: date, Partner: p, PartnerAccount: "401000", Label: "Achat " + p,
		Lines: []journal.InvoiceLine{{Label: "Achat", UnitPrice: e(price), Taxes: []tax.Tax{x}, Account: account}}}.Entry()
	require.NoError(t, err)
	if !due.IsZero() {
		for i := range en.Lines {
			if en.Lines[i].Account == "401000" {
				en.Lines[i].DueDate = due
			}
		}
	}
	return f.post(t, en)
}

// hrev65Pay registers a supplier payment (Outbound) or a supplier's refund (Inbound).
func hrev65Pay(t *testing.T, f *fixture, dir reconcile.Direction, j string, date journal.Date, amount string, discount bool, docs ...journal.Entry) reconcile.Result {
	t.Helper()
	p := reconcile.Payment{Direction: dir, Partner: "S1", Journal: j, Date: date, Method: reconcile.MethodTransfer, EarlyDiscount: discount}
	if amount != "" {
		p.Amount = e(amount)
	}
	for _, x := range docs {
		p.Invoices = append(p.Invoices, x.ID)
	}
	res, err := f.rec.RegisterPayment(ctx, p)
	require.NoError(t, err)
	return res
}

// hrev65Lines renders the lines of the entries of type typ in es as
// "account amount" strings.
func hrev65Lines(es []journal.Entry, typ journal.EntryType) []string {
	var out []string
	for _, x := range es {
		if x.Type != typ {
			continue
		}
		for _, l := range x.Lines {
			out = append(out, l.Account+" "+l.Balance.Plain())
		}
	}
	return out
}

// Passes: bill 1 000.00 HT + 200.00 VAT on payment (445640), avoir 100.00 HT
// + 20.00 lettered partially (residual 1 080.00, 20.00 moved on each side
// so 445660 is unchanged net), paid 500.00 then 580.00: cumulative shares
// 103.33 − 20.00 = 83.33, then 200.00 − 103.33 = 96.67; 445640 ends at
// 0.00, 445660 at 180.00 (= 200 × 1 080 / 1 200, CGI art. 269-2-c and 271);
// unlettering the code restores 445640 200.00 − 20.00 (the avoir's
// own) = 180.00, 445660 0.00 and every residual.
func TestHrev65CashBasisBillCreditNoteAndPartialPayments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		bill := hrev65Doc(t, f, journal.SupplierBill, d(3, 2), journal.Date{}, "S1", "1000.00", hrev65Services, "622600")
		cn := hrev65Doc(t, f, journal.SupplierCreditNote, d(3, 5), journal.Date{}, "S1", "100.00", hrev65Services, "622600")
		require.Equal(t, "180.00", f.balance(t, "445640"))

		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{bill.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		assert.Equal(t, "-1080.00", f.residual(t, bill.LineRef(0)).Plain())
		assert.Equal(t, "0.00", f.balance(t, "445660"))
		assert.Equal(t, reconcile.Partial, f.state(t, bill).State)

		r1 := hrev65Pay(t, f, reconcile.Outbound, "BQD", d(3, 10), "500.00", false, bill)
		assert.Equal(t, []string{"445640 -83.33", "445660 83.33", "622600 -416.67", "622600 416.67"}, hrev65Lines(r1.Entries, journal.TypeCashBasis))
		r2 := hrev65Pay(t, f, reconcile.Outbound, "BQD", d(3, 20), "580.00", false, bill)
		assert.Equal(t, []string{"445640 -96.67", "445660 96.67", "622600 -483.33", "622600 483.33"}, hrev65Lines(r2.Entries, journal.TypeCashBasis))
		assert.Equal(t, "0.00", f.balance(t, "445640"))
		assert.Equal(t, "180.00", f.balance(t, "445660"))
		assert.Equal(t, reconcile.Paid, f.state(t, bill).State)
		rep, err := f.rec.VATReport(ctx, d(3, 1), d(3, 31))
		require.NoError(t, err)
		assert.Equal(t, "180.00", rep.Deductible.Plain())
		f.check(t)

		code, provisional, err := f.rec.Code(ctx, bill.LineRef(0))
		require.NoError(t, err)
		require.False(t, provisional)
		_, err = f.rec.UnletterCode(ctx, journal.NoID, "401000", "S1", code)
		require.NoError(t, err)
		assert.Equal(t, "180.00", f.balance(t, "445640"))
		assert.Equal(t, "0.00", f.balance(t, "445660"))
		assert.Equal(t, "-1200.00", f.residual(t, bill.LineRef(0)).Plain())
		assert.Equal(t, "120.00", f.residual(t, cn.LineRef(0)).Plain())
		assert.Equal(t, "500.00", f.residual(t, r1.Entries[0].LineRef(0)).Plain())
		assert.Equal(t, "580.00", f.residual(t, r2.Entries[0].LineRef(0)).Plain())
		assert.Equal(t, reconcile.NotPaid, f.state(t, bill).State)
		f.check(t)
	})
}

// Passes: escompte obtenu of 2 % on a services bill (1 200.00 TTC, VAT on
// payment): Dr 401000 24.00 / Cr 765000 20.00 / Cr 445640 4.00, and the
// payment makes 196.00 deductible (445640 ends at 0.00), as DESIGN §5 and
// example 10 mirrored; detaching the payment reverses both generated
// entries at their own date and restores 445640 200.00, 445660 0.00,
// 765000 0.00 and the bill's residual.
func TestHrev65EscompteObtenuOnCashBasisBillAndDetach(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		bill := hrev65Doc(t, f, journal.SupplierBill, d(3, 2), journal.Date{}, "S1", "1000.00", hrev65Services, "622600")
		res := hrev65Pay(t, f, reconcile.Outbound, "BQD", d(3, 10), "1176.00", true, bill)
		assert.Equal(t, []string{"401000 24.00", "765000 -20.00", "445640 -4.00"}, hrev65Lines(res.Entries, journal.TypeDiscount))
		assert.Equal(t, []string{"445640 -196.00", "445660 196.00", "622600 -980.00", "622600 980.00"}, hrev65Lines(res.Entries, journal.TypeCashBasis))
		assert.Equal(t, "0.00", f.balance(t, "445640"))
		assert.Equal(t, "196.00", f.balance(t, "445660"))
		assert.Equal(t, reconcile.Paid, f.state(t, bill).State)

		un, err := f.rec.Detach(ctx, journal.NoID, res.Entries[0].LineRef(0))
		require.NoError(t, err)
		require.Len(t, un.Entries, 2)
		for _, x := range un.Entries {
			assert.Equal(t, d(3, 10), x.Date, "a reversal is dated at its original's date")
			assert.NotEqual(t, journal.NoID, x.ReversalOf)
		}
		assert.Equal(t, "200.00", f.balance(t, "445640"))
		assert.Equal(t, "0.00", f.balance(t, "445660"))
		assert.Equal(t, "0.00", f.balance(t, "765000"))
		assert.Equal(t, "-1200.00", f.residual(t, bill.LineRef(0)).Plain())
		assert.Equal(t, "1176.00", f.residual(t, res.Entries[0].LineRef(0)).Plain())
		f.check(t)
	})
}

// Passes: a goods bill (600.00 TTC, VAT on debits) paid 700.00 leaves an
// outstanding debit of 100.00 on the supplier; the supplier's refund
// (Inbound naming the overpaid payment) is Dr 512000 / Cr 401000 100.00 and
// closes the group; detaching the refund reopens exactly 100.00.
func TestHrev65OverpaymentRefundedBySupplier(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		bill := hrev65Doc(t, f, journal.SupplierBill, d(3, 4), journal.Date{}, "S1", "500.00", hrev65Goods, "607000")
		over := hrev65Pay(t, f, reconcile.Outbound, "BQD", d(3, 12), "700.00", false, bill).Entries[0]
		assert.Equal(t, "100.00", f.residual(t, over.LineRef(0)).Plain())
		refund := hrev65Pay(t, f, reconcile.Inbound, "BQD", d(3, 28), "", false, over)
		require.Len(t, refund.Entries, 1)
		assert.Equal(t, []string{"401000 -100.00", "512000 100.00"}, hrev65Lines(refund.Entries, journal.TypePayment))
		assert.Len(t, refund.Matches, 1)
		assert.Equal(t, "0.00", f.balance(t, "401000"))
		_, err := f.rec.Detach(ctx, journal.NoID, refund.Entries[0].LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, "100.00", f.residual(t, over.LineRef(0)).Plain())
		assert.Equal(t, "0.00", f.residual(t, bill.LineRef(0)).Plain())
		f.check(t)
	})
}

// Passes: a USD supplier (1 000.00 USD at 1.10 = 909.09 EUR) in a book set
// to post FX on 666000/766000: 900.00 EUR paid when 1 EUR = 1.05 USD is
// worth 945.00 USD, covering 859.09 EUR of the bill: loss Dr 666000 40.91 /
// Cr 401000 40.91, the bill keeps 55.00 USD / 50.00 EUR; a 500.00 USD bill
// of 454.55 EUR paid at 1.20 (416.67 EUR) gains 37.88 on 766000. The aged
// balance at the 21st has 555.00 USD / 504.55 EUR open.
func TestHrev65ForeignSupplierExchangeOn666And766(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rec, err := reconcile.New(ctx, f.book, reconcile.Config{ExchangeLoss: "666000", ExchangeGain: "766000"})
		require.NoError(t, err)
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.10")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 20), currency.MustParseRate("1.05")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 25), currency.MustParseRate("1.20")))
		mk := func(date journal.Date, amt string) journal.Entry {
			en, err := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: date, Partner: "S1", PartnerAccount: "401000",
				Label: "Licence", Lines: []journal.InvoiceLine{{Label: "Licence", UnitPrice: currency.MustParse(usd, amt), Account: "622600"}}}.Entry()
			require.NoError(t, err)
			return f.post(t, en)
		}
		b1 := mk(d(3, 3), "1000.00")
		res, err := rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQD", Date: d(3, 20),
			Amount: e("900.00"), Invoices: []journal.ID{b1.ID}, Method: reconcile.MethodTransfer})
		require.NoError(t, err)
		assert.Equal(t, []string{"401000 -40.91", "666000 40.91"}, hrev65Lines(res.Entries, journal.TypeExchangeDifference))
		assert.Equal(t, "-50.00", f.residual(t, b1.LineRef(0)).Plain())
		b2 := mk(d(3, 4), "500.00")
		res, err = rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQD", Date: d(3, 26),
			Invoices: []journal.ID{b2.ID}, Method: reconcile.MethodTransfer})
		require.NoError(t, err)
		assert.Equal(t, []string{"401000 37.88", "766000 -37.88"}, hrev65Lines(res.Entries, journal.TypeExchangeDifference))
		ag, err := rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"401000"}, At: d(3, 21)})
		require.NoError(t, err)
		require.Len(t, ag.Rows, 1)
		assert.Equal(t, "-555.00", ag.Rows[0].Total.Plain())
		assert.Equal(t, "-504.55", ag.Rows[0].CompanyTotal.Plain())
		f.check(t)
	})
}

// Passes: a payment run on the 28th, due by the 31st: supplier S2 has a
// services bill of 1 200.00 due the 15th, a goods bill of 600.00 due the
// 25th, one of 360.00 due 30 April and an open avoir of 120.00. The avoir
// is netted against the oldest bill, one transfer pays 1 680.00 through
// 512200, the April bill waits; 445660 holds 180.00 + 100.00 (goods) +
// 60.00 (April goods) = 340.00 and 445640 0.00. The aged balance at month
// end shows 360.00 not due; at the 10th, before any payment, 2 040.00.
func TestHrev65PaymentRunNetsCreditNoteAndAgedBalance(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur Deux", "", ledger.Address{})
		a := hrev65Doc(t, f, journal.SupplierBill, d(3, 2), d(3, 15), "S2", "1000.00", hrev65Services, "622600")
		b := hrev65Doc(t, f, journal.SupplierBill, d(3, 3), d(3, 25), "S2", "500.00", hrev65Goods, "607000")
		hrev65Doc(t, f, journal.SupplierBill, d(3, 4), d(4, 30), "S2", "300.00", hrev65Goods, "607000")
		cn := hrev65Doc(t, f, journal.SupplierCreditNote, d(3, 6), journal.Date{}, "S2", "100.00", hrev65Services, "622600")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 28), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		rp := run.Payments[0]
		assert.Equal(t, "1680.00", rp.Amount.Plain())
		assert.ElementsMatch(t, []journal.ID{a.ID, b.ID}, rp.Bills)
		assert.Equal(t, []journal.ID{cn.ID}, rp.CreditNotes)
		assert.Equal(t, "0.00", f.balance(t, "445640"))
		assert.Equal(t, "340.00", f.balance(t, "445660"))
		assert.Equal(t, "-1680.00", f.balance(t, "512200"))
		assert.Equal(t, reconcile.InPayment, f.state(t, a).State)
		for _, c := range []struct {
			at    journal.Date
			total string
		}{{d(3, 31), "-360.00"}, {d(3, 10), "-2040.00"}} {
			ag, err := f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"401000"}, At: c.at})
			require.NoError(t, err)
			require.Len(t, ag.Rows, 1)
			assert.Equal(t, c.total, ag.Rows[0].Company[0].Plain(), "not due at %s", c.at)
			assert.Equal(t, c.total, ag.CompanyTotal.Plain())
			bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "401000", At: c.at})
			require.NoError(t, err)
			assert.Equal(t, bal.Balance.Plain(), ag.CompanyTotal.Plain(), "aged = balance of 401000 at %s", c.at)
		}
		f.check(t)
	})
}

// Was failing, fixed (a paid bill has no row; its VAT is deductible): CashBasisRow's godoc says the rows are "the payment data France's
// e-reporting asks of service providers: when it was collected, how much,
// and the VAT that became due", and hrev62 pinned that Σ rows' VAT equals
// VATReport.Collected. In a month where a customer pays a services invoice
// (1 000.00 + 200.00 collected on receipt) and the company pays a services
// supplier (1 000.00 + 200.00 deductible on payment):
// Expected: one row, the customer's, Σ VAT 200.00 = VATReport.Collected
// (a purchase is no collection; e-reporting of payments, CGI art. 290 A,
// covers the supplier's own sales only — the buyer reports nothing).
// Observed: two rows, the supplier bill AC/2026/00001 listed as "collected"
// 1 200.00 with VAT +200.00, indistinguishable from a sale (Σ VAT 400.00):
// deductible VAT is reported as collected.
func TestHrev65CashBasisPaymentsListsSupplierBillsAsCollected(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		sales := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnPayment)
		x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 2), Partner: "C1", PartnerAccount: "411000",
			Label: "Conseil", Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: e("1000.00"), Taxes: []tax.Tax{sales}, Account: "706000"}}}.Entry()
		require.NoError(t, err)
		inv := f.post(t, x)
		f.receive(t, "BQD", "C1", d(3, 15), "", inv)
		bill := hrev65Doc(t, f, journal.SupplierBill, d(3, 3), journal.Date{}, "S1", "1000.00", hrev65Services, "622600")
		hrev65Pay(t, f, reconcile.Outbound, "BQD", d(3, 16), "", false, bill)

		rep, err := f.rec.VATReport(ctx, d(3, 1), d(3, 31))
		require.NoError(t, err)
		require.Equal(t, "200.00", rep.Collected.Plain())
		require.Equal(t, "200.00", rep.Deductible.Plain())
		rows, err := f.rec.CashBasisPayments(ctx, d(3, 1), d(3, 31))
		require.NoError(t, err)
		sum := currency.Zero(eur)
		var invoices []string
		for _, r := range rows {
			sum, _ = sum.Add(r.VAT)
			invoices = append(invoices, r.Invoice)
		}
		assert.Equal(t, []string{inv.Name()}, invoices, "only sales are collected")
		assert.Equal(t, rep.Collected.Plain(), sum.Plain(), "Σ VAT of the rows = VAT collected on receipts")
	})
}

// Was failing, fixed (the preview reads the operation id as
// RegisterPayment does): PreviewPayment's godoc: "computes what RegisterPayment would
// post ... and writes nothing ... It returns the errors of
// RegisterPayment". A supplier payment of 600.00 is registered under an
// operation id; the clerk previews a corrected 700.00 under the same id.
// Expected: ErrIdempotencyConflict, as RegisterPayment returns for it
// (and, for the same content, a Replay showing nothing new to post).
// Observed: no error, and a preview of a second payment (Replay false, a
// payment and its cash-basis entry), while RegisterPayment with that id
// refuses: the preview shows a disbursement that will never be booked, and
// for the same content one that would be a double payment.
func TestHrev65PreviewPaymentIgnoresTheOperationID(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		bill := hrev65Doc(t, f, journal.SupplierBill, d(3, 2), journal.Date{}, "S1", "1000.00", hrev65Services, "622600")
		p := reconcile.Payment{Operation: journal.NewID(), Direction: reconcile.Outbound, Partner: "S1", Journal: "BQD", Date: d(3, 10),
			Amount: e("600.00"), Invoices: []journal.ID{bill.ID}, Method: reconcile.MethodTransfer}
		_, err := f.rec.RegisterPayment(ctx, p)
		require.NoError(t, err)
		changed := p
		changed.Amount = e("700.00")
		_, err = f.rec.RegisterPayment(ctx, changed)
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)

		_, err = f.rec.PreviewPayment(ctx, changed)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict, "the preview of a conflicting retry")
		same, err := f.rec.PreviewPayment(ctx, p)
		if assert.NoError(t, err) {
			assert.True(t, same.Replay || len(same.Entries) == 0, "the preview of a retry posts no second payment")
		}
	})
}
