package reconcile_test

import (
	"regexp"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// hrev16CashBill posts a supplier bill of ht at 20 % deductible VAT on
// payment (transition 445640), 30 days, 2 % off within 10 days.
func hrev16CashBill(t *testing.T, f *fixture, p string, date journal.Date, ht, ref string) journal.Entry {
	t.Helper()
	bill := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: date, Ref: ref, Partner: p, PartnerAccount: "401000",
		Lines: []journal.InvoiceLine{{Label: "Fournitures", UnitPrice: e(ht), Taxes: []tax.Tax{billPurchaseVAT}, Account: "607000"}},
		Terms: epdTerms("2", 10)}
	x, err := bill.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

var hrev16CtrlSum = regexp.MustCompile(`<CtrlSum>([0-9.]+)</CtrlSum>`)
var hrev16InstdAmt = regexp.MustCompile(`<InstdAmt Ccy="EUR">([0-9.]+)</InstdAmt>`)

func hrev16Sums(t *testing.T, f *fixture, run reconcile.PaymentRun) (ctrl []string, amts []string) {
	t.Helper()
	xml, err := rrFile(t, f, run)
	require.NoError(t, err)
	for _, m := range hrev16CtrlSum.FindAllStringSubmatch(xml, -1) {
		ctrl = append(ctrl, m[1])
	}
	for _, m := range hrev16InstdAmt.FindAllStringSubmatch(xml, -1) {
		amts = append(amts, m[1])
	}
	return ctrl, amts
}

func hrev16Discounts(res reconcile.Result) map[journal.ID]map[string]string {
	out := map[journal.ID]map[string]string{}
	for _, x := range res.Entries {
		if x.Type != journal.TypeDiscount {
			continue
		}
		lines := map[string]string{}
		for _, l := range x.Lines {
			lines[l.Account] = l.Balance.Plain()
		}
		out[x.Document] = lines
	}
	return out
}

// Cash-basis deductible VAT: the discount lowers the VAT waiting on the
// transition account 445640; the run's payment, once the bank statement
// clears the batch, moves what remains (98.00) to 445660, and 445640 ends
// at zero. The SEPA file carries 588.00.
func TestHrev16RunCashBasisDiscountThenStatement(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		bill := hrev16CashBill(t, f, "S2", d(3, 1), "500.00", "F-CB")
		require.Equal(t, "100.00", f.balance(t, "445640"))
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BNP", Date: d(3, 10), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		require.Equal(t, "588.00", run.Payments[0].Amount.Plain())
		require.Equal(t, "12.00", run.Payments[0].Discount.Plain())
		require.Equal(t, map[journal.ID]map[string]string{bill.ID: {"401000": "12.00", "765000": "-10.00", "445640": "-2.00"}},
			hrev16Discounts(run.Result))
		ctrl, amts := hrev16Sums(t, f, run)
		for _, c := range ctrl {
			require.Equal(t, "588.00", c)
		}
		require.Equal(t, []string{"588.00"}, amts)
		f.check(t)

		props := b.imports(t, d(3, 12), reconcile.Rules{}, rvEntry{amount: "-588.00", iban: "NL91ABNA0417164300", remittance: "VIREMENT"})
		require.Len(t, props, 1)
		require.True(t, props[0].Matched, rvDescribe(props[0]))
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		require.Equal(t, reconcile.Paid, f.state(t, bill).State)
		require.Equal(t, "0.00", f.balance(t, "445640"))
		require.Equal(t, "98.00", f.balance(t, "445660"))
		require.Equal(t, "0.00", f.balance(t, "512200"))
		require.Equal(t, "0.00", f.balance(t, "401000"))
		f.check(t)
	})
}

// A supplier with four bills: due with a discount (600, 12 off), due
// without (300), not due with a discount still offered (300, 6 off), not
// due without (99). The batch and the file carry what is paid.
func TestHrev16RunMixedSupplier(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name              string
		early, noDiscount bool
		amount, discount  string
		bills             int
	}{
		{"due only", false, false, "888.00", "12.00", 2},
		{"early for discount", true, false, "1182.00", "18.00", 3},
		{"early with no discount", true, true, "900.00", "0.00", 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newRvBank(t, f)
				rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
				a := discountBill(t, f, "S2", d(3, 1), "500.00", "F-A") // due 3/31, offer to 3/11
				bb := rrBill(t, f, "S2", d(3, 1), d(3, 20), "300.00", "F-B")
				cc := discountBill(t, f, "S2", d(3, 5), "250.00", "F-C") // due 4/04, offer to 3/15
				dd := rrBill(t, f, "S2", d(3, 1), d(4, 30), "99.00", "F-D")
				run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BNP", Date: d(3, 10), DueBy: d(3, 31),
					EarlyForDiscount: c.early, NoDiscount: c.noDiscount})
				require.NoError(t, err)
				require.Len(t, run.Payments, 1)
				p := run.Payments[0]
				require.Equal(t, c.amount, p.Amount.Plain())
				require.Equal(t, c.discount, p.Discount.Plain())
				require.Len(t, p.Bills, c.bills)
				require.NotContains(t, p.Bills, dd.ID)
				require.Contains(t, p.Bills, a.ID)
				require.Contains(t, p.Bills, bb.ID)
				if c.early && !c.noDiscount {
					require.Contains(t, p.Bills, cc.ID)
				} else {
					require.NotContains(t, p.Bills, cc.ID)
					require.Equal(t, reconcile.NotPaid, f.state(t, cc).State)
				}
				ctrl, amts := hrev16Sums(t, f, run)
				for _, x := range ctrl {
					require.Equal(t, c.amount, x)
				}
				require.Equal(t, []string{c.amount}, amts)
				f.check(t)
				// The statement line of the run's total clears the batch.
				props := b.imports(t, d(3, 12), reconcile.Rules{}, rvEntry{amount: "-" + c.amount, remittance: "VIREMENTS"})
				require.Len(t, props, 1)
				require.Equal(t, []journal.ID{p.Payment.ID}, props[0].Target.Payments, rvDescribe(props[0]))
				outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
				require.NoError(t, err)
				require.NoError(t, outs[0].Err)
				for _, id := range p.Bills {
					st, err := f.rec.State(ctx, id)
					require.NoError(t, err)
					require.Equal(t, reconcile.Paid, st.State)
				}
				require.Equal(t, reconcile.NotPaid, f.state(t, dd).State)
				f.check(t)
			})
		})
	}
}

// A supplier whose only bill is early for its discount, with an open
// credit note: the run must not fail (nothing due to set the credit note
// off against), and pays the bill less its discount or sets the credit
// note off against it.
func TestHrev16RunCreditNoteWithOnlyEarlyBills(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		discountBill(t, f, "S2", d(3, 5), "250.00", "F-C") // 300, due 4/04, offer 6 to 3/15
		f.post(t, journal.Entry{Journal: "AC", Date: d(3, 2), Type: journal.TypeCreditNote, Ref: "AV-1", Lines: []journal.Line{
			{Account: "401000", Partner: "S2", Balance: e("50.00")},
			{Account: "607000", Balance: e("-50.00")},
		}})
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), EarlyForDiscount: true})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		f.check(t)
	})
}

// A supplier with a credit note, a due bill offering a discount and a due
// bill without: the credit note is set off against the due bills; the
// run pays the rest; the file and batch agree; Check holds.
func TestHrev16RunCreditNoteAndDiscounts(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrBill(t, f, "S2", d(2, 20), d(3, 5), "100.00", "F-OLD")
		a := discountBill(t, f, "S2", d(3, 1), "500.00", "F-A")
		cc := discountBill(t, f, "S2", d(3, 5), "250.00", "F-C")
		f.post(t, journal.Entry{Journal: "AC", Date: d(3, 2), Type: journal.TypeCreditNote, Ref: "AV-1", Lines: []journal.Line{
			{Account: "401000", Partner: "S2", Balance: e("100.00")},
			{Account: "607000", Balance: e("-100.00")},
		}})
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), EarlyForDiscount: true})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		p := run.Payments[0]
		// The credit note settles the oldest due bill (F-OLD, 100.00):
		// F-A keeps its discount (588.00), F-C too (294.00).
		require.Equal(t, "882.00", p.Amount.Plain(), "discounts %s", p.Discount.Plain())
		require.Equal(t, "18.00", p.Discount.Plain())
		// Changed when a run's bills came to include those its credit
		// notes settle (F-OLD, by AV-1), so the supplier reads them.
		require.Len(t, p.Bills, 3)
		require.Subset(t, p.Bills, []journal.ID{a.ID, cc.ID})
		require.Len(t, p.CreditNotes, 1)
		ctrl, amts := hrev16Sums(t, f, run)
		for _, x := range ctrl {
			require.Equal(t, "882.00", x)
		}
		require.Equal(t, []string{"882.00"}, amts)
		f.check(t)
	})
}

// A bill partly paid before is paid in full (what is left), no discount.
func TestHrev16RunPartlyPaidBefore(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		a := discountBill(t, f, "S2", d(3, 1), "500.00", "F-A")
		c := discountBill(t, f, "S2", d(3, 5), "250.00", "F-C") // not due, partly paid: waits
		for _, x := range []journal.Entry{a, c} {
			_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 6),
				Method: reconcile.MethodTransfer, Amount: e("100.00"), Invoices: []journal.ID{x.ID}})
			require.NoError(t, err)
		}
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), EarlyForDiscount: true})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		require.Equal(t, "500.00", run.Payments[0].Amount.Plain())
		require.True(t, run.Payments[0].Discount.IsZero())
		require.Equal(t, []journal.ID{a.ID}, run.Payments[0].Bills)
		require.Empty(t, hrev16Discounts(run.Result))
		f.check(t)
	})
}

// A bill reversed by the ledger alone (its reversal open beside it) must
// not make the run fail, and is not discounted.
func TestHrev16RunHalfReversedBillNoDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrSupplier(t, f, "S3", "Fournisseur S3", "", ledger.Address{})
		a := discountBill(t, f, "S2", d(3, 1), "500.00", "F-A")
		_, err := f.book.Reverse(ctx, a.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		discountBill(t, f, "S2", d(3, 5), "250.00", "F-C") // early, discounted
		rrBill(t, f, "S3", d(3, 1), d(3, 20), "300.00", "F-S3")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), EarlyForDiscount: true})
		require.NoError(t, err)
		_, has := hrev16Discounts(run.Result)[a.ID]
		require.False(t, has)
		for _, p := range run.Payments {
			t.Logf("%s %s disc %s bills %d", p.Partner, p.Amount.Plain(), p.Discount.Plain(), len(p.Bills))
		}
		f.check(t)
	})
}

// Pre-existing (not of this change): a bill cancelled by a ledger
// reversal left open beside it is still paid by a run, in full, where
// statement matching and automatic lettering never propose a cancelled
// document.
func TestHrev16RunHalfReversedBillNotPaid(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrSupplier(t, f, "S3", "Fournisseur S3", "", ledger.Address{})
		a := discountBill(t, f, "S2", d(3, 1), "500.00", "F-A")
		_, err := f.book.Reverse(ctx, a.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		rrBill(t, f, "S3", d(3, 1), d(3, 20), "300.00", "F-S3")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31)})
		require.NoError(t, err)
		for _, p := range run.Payments {
			require.NotContains(t, p.Bills, a.ID, "%s paid %s", p.Partner, p.Amount.Plain())
		}
		f.check(t)
	})
}

// A bill properly cancelled (Reverse letters it with its reversal) is not
// paid; the run goes on with the others.
func TestHrev16RunReversedBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		a := discountBill(t, f, "S2", d(3, 1), "500.00", "F-A")
		_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: a.ID})
		require.NoError(t, err)
		c := discountBill(t, f, "S2", d(3, 2), "250.00", "F-C")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(4, 5)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		require.Equal(t, []journal.ID{c.ID}, run.Payments[0].Bills)
		require.Equal(t, "294.00", run.Payments[0].Amount.Plain())
		f.check(t)
	})
}

// A bill in dollars offering a discount is left out (runs pay company
// currency bills); the others are paid.
func TestHrev16RunForeignBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		usd := f.post(t, journal.Entry{Journal: "AC", Date: d(3, 1), Type: journal.TypeInvoice, Ref: "F-USD", Currency: currency.MustLookup("USD"), Lines: []journal.Line{
			{Account: "401000", Partner: "S2", AmountCurrency: hrev16USD("-1000.00"), Balance: e("-900.00"), DueDate: d(3, 20)},
			{Account: "607000", AmountCurrency: hrev16USD("1000.00"), Balance: e("900.00")},
		}, DiscountOffer: &journal.DiscountOffer{Amount: hrev16USD("20.00"), Until: d(3, 11)}})
		a := discountBill(t, f, "S2", d(3, 1), "500.00", "F-A")
		for _, early := range []bool{false, true} {
			before := f.snapshot(t)
			_ = before
			run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31),
				EarlyForDiscount: early, Partners: []string{"S2"}})
			if early {
				// F-A was paid by the first run: nothing left but the dollars.
				require.ErrorIs(t, err, reconcile.ErrRun)
				f.unchanged(t, before)
				continue
			}
			require.NoError(t, err)
			require.Len(t, run.Payments, 1)
			require.Equal(t, []journal.ID{a.ID}, run.Payments[0].Bills)
			require.Equal(t, "588.00", run.Payments[0].Amount.Plain())
			_, has := hrev16Discounts(run.Result)[usd.ID]
			require.False(t, has)
		}
		require.Equal(t, reconcile.NotPaid, f.state(t, usd).State)
		f.check(t)
	})
}

// A retry with the same operation id replays the run: same payments,
// discounts reported, nothing written.
func TestHrev16RunRetryReplays(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		discountBill(t, f, "S2", d(3, 1), "500.00", "F-A")
		discountBill(t, f, "S2", d(3, 5), "250.00", "F-C")
		req := reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), EarlyForDiscount: true}
		first, err := f.rec.RunPayments(ctx, req)
		require.NoError(t, err)
		require.Len(t, first.Payments, 1)
		require.Equal(t, "882.00", first.Payments[0].Amount.Plain())
		require.Equal(t, "18.00", first.Payments[0].Discount.Plain())
		before := f.snapshot(t)
		again, err := f.rec.RunPayments(ctx, req)
		require.NoError(t, err)
		f.unchanged(t, before)
		require.Equal(t, first.ID, again.ID)
		require.Len(t, again.Payments, 1)
		require.Equal(t, first.Payments[0].Amount.Plain(), again.Payments[0].Amount.Plain())
		require.Equal(t, first.Payments[0].Discount.Plain(), again.Payments[0].Discount.Plain())
		require.ElementsMatch(t, first.Payments[0].Bills, again.Payments[0].Bills)
		// The same id with NoDiscount is another request.
		req.NoDiscount = true
		_, err = f.rec.RunPayments(ctx, req)
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		f.check(t)
	})
}

// A run whose only bills are early for their discount pays them; without
// EarlyForDiscount, or with NoDiscount, there is nothing to pay (ErrRun,
// nothing written).
func TestHrev16RunOnlyEarlyBills(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrSupplier(t, f, "S3", "Fournisseur S3", "", ledger.Address{})
		b2 := discountBill(t, f, "S2", d(3, 5), "250.00", "F-C")
		b3 := discountBill(t, f, "S3", d(3, 6), "1000.00", "F-D")
		for _, r := range []reconcile.RunRequest{
			{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31)},
			{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), EarlyForDiscount: true, NoDiscount: true},
		} {
			before := f.snapshot(t)
			_, err := f.rec.RunPayments(ctx, r)
			require.ErrorIs(t, err, reconcile.ErrRun)
			f.unchanged(t, before)
		}
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), EarlyForDiscount: true})
		require.NoError(t, err)
		got := map[string]string{}
		for _, p := range run.Payments {
			got[p.Partner] = p.Amount.Plain() + "/" + p.Discount.Plain()
		}
		require.Equal(t, map[string]string{"S2": "294.00/6.00", "S3": "1176.00/24.00"}, got)
		ds := hrev16Discounts(run.Result)
		require.Equal(t, map[string]string{"401000": "24.00", "765000": "-20.00", "445660": "-4.00"}, ds[b3.ID])
		require.Equal(t, map[string]string{"401000": "6.00", "765000": "-5.00", "445660": "-1.00"}, ds[b2.ID])
		ctrl, _ := hrev16Sums(t, f, run)
		for _, x := range ctrl {
			require.Equal(t, "1470.00", x)
		}
		f.check(t)
	})
}

func hrev16USD(s string) currency.Amount { return currency.MustParse(currency.MustLookup("USD"), s) }

// A bill dated after the run's date, offering a discount still open:
// changed when runs stopped paying bills not received on their date — the
// run of 10/03 leaves the bill of 15/03 (nothing to pay), the run of
// 16/03 pays it early for its discount; the books hold (Check), the
// discount and payment close it.
func TestHrev16RunBillDatedAfterRun(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		bill := discountBill(t, f, "S2", d(3, 15), "500.00", "F-FUT") // offer to 3/25, due 4/14
		_, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), EarlyForDiscount: true})
		require.ErrorIs(t, err, reconcile.ErrRun, "not received on 10/03")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 16), DueBy: d(3, 31), EarlyForDiscount: true})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		require.Equal(t, "588.00", run.Payments[0].Amount.Plain())
		require.True(t, f.residual(t, line0(bill)).IsZero())
		for _, x := range run.Result.Entries {
			t.Logf("%s %s %s", x.Type, x.Date, x.Name())
		}
		f.check(t)
	})
}
