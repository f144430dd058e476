package reconcile_test

import (
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/ledger"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
)

// Review of the bills-of-exchange / cash-basis VAT change (commits
// 46f398d..e7ad9d6). Spec: DESIGN.md §5 (cash-basis VAT, unlettering,
// dates of generated entries), §7 invariants 8-10, §8, §12 (LCR/BOR).

var billSalesVAT55 = tax.Tax{ID: "V55E", Name: "TVA 5,5 %", Rate: tax.MustParsePercent("5.5"), Exigibility: tax.OnPayment,
	FinalAccount: "445710", TransitionAccount: "445740"}

// drawLCR draws an LCR for C1 on the given invoices, dated 10 March, due
// 30 April.
func (f *fixture) drawLCR(t *testing.T, ref string, invoices ...journal.Entry) journal.Entry {
	t.Helper()
	ids := make([]journal.ID, len(invoices))
	for i, x := range invoices {
		ids[i] = x.ID
	}
	drawn, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
		DueDate: d(4, 30), Invoices: ids, Ref: ref})
	require.NoError(t, err)
	return drawn.Entries[0]
}

// collect posts a BQD statement line for C1 paying amount on the bill.
func (f *fixture) collect(t *testing.T, bill journal.Entry, date journal.Date, amount string) reconcile.Result {
	t.Helper()
	res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: date, Amount: e(amount),
		Partner: "C1", Invoices: []journal.ID{bill.ID}, Ref: "REMISE LCR"})
	require.NoError(t, err)
	return res
}

// Case: an LCR of 1 200.00 on a cash-basis invoice (1 000.00 + 200.00 on
// 445740) is paid early with an escompte: a receipt of 1 176.00 naming
// the bill, EarlyDiscount. The bill is then fully lettered (matched).
// Expected (§5 "Settling differences" and worked example 10, §7 inv. 9):
// either the escompte is refused (an escompte is on an invoice, and the
// bill is no invoice), or, once the bill is settled and the invoice with
// it, 445740 is at exactly 0.00 for the invoice (196.00 due + 4.00 taken
// back by the discount's VAT share).
// The code refuses it (ErrDiscount: "OD/… is a payment"). Passes
// (checked).
func TestReviewBill2EscompteOnBillLeavesTransition(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-E1", inv)
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 15),
			Amount: e("1176.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{bill.ID}, EarlyDiscount: true})
		if err != nil {
			t.Logf("refused: %v", err)
			return // refused: acceptable
		}
		assert.Equal(t, "0.00", f.residual(t, bill.LineRef(1)).Plain(), "the bill is settled")
		assert.Equal(t, "0.00", f.balance(t, "445740"), "bill and invoice settled: the transition account is at zero")
		f.check(t)
	})
}

// Case: an LCR of 1 200.00 returned unpaid (misc entry Dr 411000 / Cr
// 413000, lettered with the bill's 413000 line, as in
// TestCashBasisLCRReturnedUnpaid); the customer then pays the 1 200.00 by
// transfer, lettered with the debt the misc entry put back on 411000.
// Expected (§5 cash-basis VAT, §7 inv. 9, CGI 269-2-c): the invoice's
// debt was paid in money, so its 200.00 are due and 445740 is at 0.00.
// Fixed: the misc entry carries the bill's debt on to 411000; the
// transfer paying it there collects the bill, and its cash-basis entry
// makes the invoice's tax due.
func TestReviewBill2ReturnedUnpaidThenPaidVATNeverDue(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-U1", inv)
		back := f.post(t, journal.Entry{Journal: "OD", Date: d(5, 2), Label: "LCR impayée", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1200.00")},
			{Account: "413000", Partner: "C1", Balance: e("-1200.00")},
		}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{bill.LineRef(1), back.LineRef(1)}})
		require.NoError(t, err)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(5, 20),
			Amount: e("1200.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{back.ID}})
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.residual(t, back.LineRef(0)).Plain())
		assert.Equal(t, "0.00", f.balance(t, "445740"), "the customer paid: the VAT is due")
		assert.Equal(t, "-200.00", f.balance(t, "445710"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)
	})
}

// Case: one LCR for two invoices at different rates: A 1 000.00 + 20 %
// (1 200.00), B 1 000.00 + 5.5 % (1 055.00); bill 2 255.00; collected
// 1 000.00 on 30 April, then 1 255.00 on 15 May.
// Expected (§5 cumulative shares, proportional collection as the commit
// says): A's paid part 1 200 × 1 000 / 2 255 = 532.15, share round(200 ×
// 532.15 / 1 200) = 88.69; B's 1 055 × 1 000 / 2 255 = 467.85, share
// round(55 × 467.85 / 1 055) = 24.39; April VAT 113.08. CashBasisPayments
// rows: 532.15 / 88.69 and 467.85 / 24.39. Second collection completes
// both: 445740 at 0.00, May VAT 255.00 − 113.08 = 141.92.
// Passes (checked).
func TestReviewBill2TwoRatesPartialCollection(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 2), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{UnitPrice: e("1000.00"), Taxes: []tax.Tax{billSalesVAT55}, Account: "706000"}}}.Entry()
		require.NoError(t, err)
		b := f.post(t, x)
		bill := f.drawLCR(t, "LCR-R1", a, b)
		assert.Equal(t, "2255.00", bill.Lines[1].Balance.Plain())
		f.collect(t, bill, d(4, 30), "1000.00")
		assert.Equal(t, "-113.08", f.balance(t, "445710"))
		f.check(t)
		april, err := f.rec.VATReport(ctx, d(4, 1), d(4, 30))
		require.NoError(t, err)
		assert.Equal(t, "113.08", april.Collected.Plain())
		rows, err := f.rec.CashBasisPayments(ctx, d(4, 1), d(4, 30))
		require.NoError(t, err)
		got := map[string][2]string{}
		for _, r := range rows {
			got[r.Invoice] = [2]string{r.Collected.Plain(), r.VAT.Plain()}
		}
		assert.Equal(t, map[string][2]string{a.Name(): {"532.15", "88.69"}, b.Name(): {"467.85", "24.39"}}, got)
		f.collect(t, bill, d(5, 15), "1255.00")
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		may, err := f.rec.VATReport(ctx, d(5, 1), d(5, 31))
		require.NoError(t, err)
		assert.Equal(t, "141.92", may.Collected.Plain())
		f.check(t)
	})
}

// Case: one LCR for two invoices (1 200.00 and 600.00, 200.00 and 100.00
// VAT), collected in part (900.00 of 1 800.00), then invoice A detached
// from the bill. Expected (§5 unlettering: "residuals are restored
// exactly"; §7 inv. 10): the collection that made A's tax due goes (the
// commit's rule), so every share it made is reversed; 445740 back to
// -300.00, 445710 to 0.00, A open at 1 200.00, B still on the bill, Check
// passes, and no cash-basis entry is left live.
// Passes (checked).
func TestReviewBill2PartialCollectionThenDetachInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		b := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 2), "500.00")
		bill := f.drawLCR(t, "LCR-D1", a, b)
		paid := f.collect(t, bill, d(4, 30), "900.00")
		assert.Equal(t, "-150.00", f.balance(t, "445710"))
		_, err := f.rec.Detach(ctx, journal.NoID, a.LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, "1200.00", f.residual(t, a.LineRef(0)).Plain())
		assert.Equal(t, "0.00", f.residual(t, b.LineRef(0)).Plain(), "B stays on the bill")
		assert.Equal(t, "-300.00", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		assert.Equal(t, "-900.00", f.residual(t, paid.Entries[0].LineRef(0)).Plain(), "the bank line is open again")
		f.check(t)
		// The 900.00 lettered again: half the 1 800.00 bill, so half of
		// B's 100.00 (50.00) is due, none of A's.
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{paid.Entries[0].LineRef(0), bill.LineRef(1)}})
		require.NoError(t, err)
		assert.Equal(t, "-250.00", f.balance(t, "445740"), "A's 200.00 and B's other 50.00 still wait")
		f.check(t)
	})
}

// Case: UnletterCode of the 411000 code that letters the invoice with the
// bill, after the bill was collected. Expected (§5 unlettering, commit
// 7ccadd7 "taking a collected bill off its invoice undoes the
// collection"): same as detaching: invoice open (1 200.00), 445740 at
// -200.00, 445710 at 0.00, each reversal dated at its original's date
// (30 April), Check passes.
// Passes (checked).
func TestReviewBill2UnletterCodeAfterCollection(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-C1", inv)
		paid := f.collect(t, bill, d(4, 30), "1200.00")
		cbs := cashBasisEntries(paid.Entries)
		require.Len(t, cbs, 1)
		code, provisional, err := f.rec.Code(ctx, inv.LineRef(0))
		require.NoError(t, err)
		require.False(t, provisional)
		undone, err := f.rec.UnletterCode(ctx, journal.NoID, "411000", "C1", code)
		require.NoError(t, err)
		for _, x := range undone.Entries {
			if x.ReversalOf == cbs[0].ID {
				assert.Equal(t, d(4, 30), x.Date)
			}
		}
		assert.Equal(t, "1200.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		f.check(t)
	})
}

// Case: LCR of 1 200.00 on one invoice, drawn, detached from the invoice
// before maturity; the bank collects 600.00 of it on 30 April; the bill
// is lettered with the invoice again on 5 May.
// Expected (commit 57fad75 "CashBasisPayments names the bank line";
// CashBasisRow doc: Collected is what was collected on the invoice):
// one row, VAT 100.00 (half the bill collected), Collected 600.00, Payment
// the bank line, dated 30 April (commit e7ad9d6: "due at the
// collection's date").
// The code: the cash-basis entry's Origin is the bill partial, which
// touches the invoice, so the row takes the bill partial's amount
// (1 200.00) as collected and names the bill (OD/…), which is no payment.
// Fixed: a cash-basis entry made due by a bill's collection records, when
// posted, what the collection paid of the invoice and the money that came
// last; the row reads that record.
func TestReviewBill2LetteredAfterPartialCollectionRow(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-P1", inv)
		_, err := f.rec.Detach(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		paid := f.collect(t, bill, d(4, 30), "600.00")
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), bill.LineRef(0)}})
		require.NoError(t, err)
		assert.Equal(t, "-100.00", f.balance(t, "445710"))
		f.check(t)
		rows, err := f.rec.CashBasisPayments(ctx, d(3, 1), d(5, 31))
		require.NoError(t, err)
		require.Len(t, rows, 1)
		assert.Equal(t, "100.00", rows[0].VAT.Plain())
		assert.Equal(t, d(4, 30), rows[0].Date)
		assert.Equal(t, "600.00", rows[0].Collected.Plain(), "600.00 of the bill was collected")
		assert.Equal(t, paid.Entries[0].Name(), rows[0].Payment, "the bank line collected it, not the bill")
	})
}

// Case: one LCR of 1 800.00 for A (1 200.00) and B (600.00), 900.00
// collected on 30 April: CashBasisPayments shows A 600.00 / 100.00 and B
// 300.00 / 50.00. Then A is detached from the bill (the collection goes,
// both shares reversed at 30 April).
// Expected: a posted entry never changes (§7 inv. 3), so April's row of
// A's cash-basis entry still reads 600.00 collected, and its reversal
// -600.00: A's rows net to 0.00 collected, 0.00 VAT.
// The code (billCollectedRow): once A is off the bill, "part" is zero
// and both rows of A take the whole collection, 900.00: the past row
// changes from 600.00 to 900.00 (and a reversal reads -900.00).
// Fixed: the rows read what the entry recorded when it was posted, and a
// reversal the negation of its original's record.
func TestReviewBill2PaymentsRowsAfterDetach(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		b := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 2), "500.00")
		bill := f.drawLCR(t, "LCR-D2", a, b)
		f.collect(t, bill, d(4, 30), "900.00")
		rowsOf := func() map[string][]string {
			rows, err := f.rec.CashBasisPayments(ctx, d(4, 1), d(4, 30))
			require.NoError(t, err)
			out := map[string][]string{}
			for _, r := range rows {
				out[r.Invoice] = append(out[r.Invoice], r.Collected.Plain()+"/"+r.VAT.Plain())
			}
			return out
		}
		assert.Equal(t, map[string][]string{a.Name(): {"600.00/100.00"}, b.Name(): {"300.00/50.00"}}, rowsOf())
		_, err := f.rec.Detach(ctx, journal.NoID, a.LineRef(0))
		require.NoError(t, err)
		got := rowsOf()
		assert.ElementsMatch(t, []string{"600.00/100.00", "-600.00/-100.00"}, got[a.Name()], "A's April rows")
		assert.ElementsMatch(t, []string{"300.00/50.00", "-300.00/-50.00"}, got[b.Name()], "B's April rows")
	})
}

// Case: CancelPayment of the collecting statement line, and separately
// CancelPayment of the bill entry itself after it was collected.
// Expected (§5 unlettering, commit 7ccadd7): the collection's cash-basis
// entry reversed at its date (30 April); 445740 back at -200.00, 445710
// at 0.00; for the bill's cancel, the invoice open again at 1 200.00;
// Check passes.
// Passes (checked).
func TestReviewBill2CancelCollectionAndBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-X1", inv)
		paid := f.collect(t, bill, d(4, 30), "1200.00")
		cbs := cashBasisEntries(paid.Entries)
		require.Len(t, cbs, 1)
		res, err := f.rec.CancelPayment(ctx, journal.NoID, paid.Entries[0].ID)
		require.NoError(t, err)
		n := 0
		for _, x := range res.Entries {
			if x.ReversalOf == cbs[0].ID {
				n++
				assert.Equal(t, d(4, 30), x.Date)
			}
		}
		assert.Equal(t, 1, n)
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		assert.Equal(t, "1200.00", f.residual(t, bill.LineRef(1)).Plain())
		f.check(t)
	})
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-X2", inv)
		paid := f.collect(t, bill, d(4, 30), "1200.00")
		_, err := f.rec.CancelPayment(ctx, journal.NoID, bill.ID)
		require.NoError(t, err)
		assert.Equal(t, "1200.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, "-1200.00", f.residual(t, paid.Entries[0].LineRef(0)).Plain())
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		f.check(t)
	})
}

// Case: replays with the same operation id of DrawBill and of the
// collecting statement line. Expected (§5 Request.Operation, §7 inv. 10):
// the second call is a Replay and writes nothing; one bill, one
// cash-basis entry, 445710 at -200.00.
// A different request under the same id: ErrIdempotencyConflict.
// Passes (checked).
func TestReviewBill2Replays(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		op := journal.NewID()
		b := reconcile.Bill{Operation: op, Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-RP"}
		first, err := f.rec.DrawBill(ctx, b)
		require.NoError(t, err)
		before := f.snapshot(t)
		again, err := f.rec.DrawBill(ctx, b)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, first.Entries[0].ID, again.Entries[0].ID)
		f.unchanged(t, before)
		b.Ref = "LCR-OTHER"
		_, err = f.rec.DrawBill(ctx, b)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)

		sop := journal.NewID()
		s := reconcile.StatementLine{Operation: sop, Journal: "BQD", Date: d(4, 30), Amount: e("1200.00"),
			Partner: "C1", Invoices: []journal.ID{first.Entries[0].ID}}
		_, err = f.rec.PostStatementLine(ctx, s)
		require.NoError(t, err)
		before = f.snapshot(t)
		r2, err := f.rec.PostStatementLine(ctx, s)
		require.NoError(t, err)
		assert.True(t, r2.Replay)
		f.unchanged(t, before)
		assert.Equal(t, "-200.00", f.balance(t, "445710"))
		f.check(t)
	})
}

// Case: bad DrawBill input writes nothing (§8, §7 inv. 10): maturity
// before the date, an unknown journal, an invoice named twice, a bank
// that is no bank journal, an invoice of another partner, a settled
// invoice (already on a bill).
// Passes (checked).
func TestReviewBill2BadInputWritesNothing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		other := f.cashBasisDoc(t, journal.CustomerInvoice, "C2", d(3, 1), "1000.00")
		before := f.snapshot(t)
		base := reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-B"}
		bads := map[string]func(b *reconcile.Bill){
			"maturity before date": func(b *reconcile.Bill) { b.DueDate = d(3, 1) },
			"unknown journal":      func(b *reconcile.Bill) { b.Journal = "ZZ" },
			"invoice twice":        func(b *reconcile.Bill) { b.Invoices = []journal.ID{inv.ID, inv.ID} },
			"bank not a bank":      func(b *reconcile.Bill) { b.Bank = "VT" },
			"other partner":        func(b *reconcile.Bill) { b.Invoices = []journal.ID{other.ID} },
			"no invoice":           func(b *reconcile.Bill) { b.Invoices = nil },
			"bad direction":        func(b *reconcile.Bill) { b.Direction = 0 },
			"bad ref":              func(b *reconcile.Bill) { b.Ref = "a\x00b" },
		}
		for name, mod := range bads {
			b := base
			mod(&b)
			_, err := f.rec.DrawBill(ctx, b)
			assert.Error(t, err, name)
			f.unchanged(t, before)
		}
		_, err := f.rec.DrawBill(ctx, base)
		require.NoError(t, err)
		before = f.snapshot(t)
		b := base
		b.Ref = "LCR-B2"
		_, err = f.rec.DrawBill(ctx, b)
		assert.Error(t, err, "already on a bill")
		f.unchanged(t, before)
	})
}

// Case (Revalue): the closing of 31 December, every account, with
// Provision: a 1 200.00 USD invoice booked at 1 000.00 EUR (1.20), 1.25 at
// closing: Dr 476000 40.00 / Cr 411000 40.00 and a provision Dr 681500
// 40.00 / Cr 151500 40.00. A second run for the same date, on 401000 only
// (the payables, none open), with Provision.
// Expected (Revaluation.Provision doc: the provision is for "the losses
// then unrealised"; DESIGN §5 "optional provision for losses"; the second
// run posts only what changed): the 40.00 loss on 411000 is still
// unrealised at 31 December (476000 still 40.00), so 151500 stays at
// -40.00 and nothing is posted.
// The code: the loss provided for is summed over the accounts of this run
// only (0.00 on 401000), so it reverses the 40.00 provision on 31
// December: 151500 at 0.00 while 476000 holds a 40.00 loss.
func TestReviewBill2RevalueProvisionOtherAccountsRun(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		scenarioLines(t, f, "rate USD 2026-11-01 1.20", "invoice A C1 2026-11-01 1200.00 cur=USD",
			"revalue 2026-12-31 USD=1.25 provision=1",
			"balance 476000 40.00 at=2026-12-31",
			"balance 151500 -40.00 at=2026-12-31")
		res, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Accounts: []string{"401000"}, Provision: true,
			Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.25")}})
		require.NoError(t, err)
		assert.Equal(t, 0, len(res.Entries), "nothing changed at 31 December")
		scenarioLines(t, f, "balance 476000 40.00 at=2026-12-31", "balance 151500 -40.00 at=2026-12-31")
	})
}

// Case (Check): an invoice taken over by an LCR not collected yet, and a
// cash-basis entry of 50.00 (less than its 200.00) posted on it while the
// bill waits, with the bill partial as Origin. Expected (commit 36db781:
// Check accepts such a document "its tax still on the transition
// account"; §7 inv. 9 "Check verifies it"; a bill pays nothing until
// collected, so nothing may be due on it): Check names invariant 9.
// The code: the uncollected bill makes the invoice read as unsettled, and
// for an unsettled document Check only bounds the moves by the tax: 50.00
// passes, the same way 200.00 (the whole tax due on a bill that paid
// nothing) would.
// Fixed: Check reads what was paid (a bill as far as its debt is
// collected) and bounds what moved by the share that makes due.
func TestReviewBill2CheckShareWhileWaiting(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		drawn, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-CK"})
		require.NoError(t, err)
		snap := []tax.Tax{billSalesVAT}
		err = f.book.Update(ctx, func(tx *ledger.Tx) error {
			_, _, err := booktx.Of(tx).PostGenerated(journal.Entry{Journal: "TVA", Date: d(3, 10), Type: journal.TypeCashBasis,
				Origin: drawn.Partials[0].ID, Document: inv.ID, Lines: []journal.Line{
					{Account: "445740", TaxRole: tax.RoleTax, Taxes: snap, Balance: e("50.00")},
					{Account: "445710", TaxRole: tax.RoleTax, Taxes: snap, Balance: e("-50.00")},
				}})
			return err
		})
		var ce *ledger.CheckError
		require.ErrorAs(t, err, &ce, "a share made due by a bill that nothing collected")
		assert.True(t, hasProblem(ce, 9, ""), "%v", ce)
	})
}

// Case (state): the invoice taken over by an LCR not collected yet.
// Expected (§5 payment state: in_payment while "some paying entry's
// liquidity line ... is not yet cleared by a bank statement line"; the
// commit: "a bill ... is no payment until collected"): not `paid` while
// the bill waits (in_payment), `paid` once the bank line collects it.
// Passes (checked).
func TestReviewBill2StateWhileBillWaits(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-ST", inv)
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State, "the bill is not collected")
		f.collect(t, bill, d(4, 30), "1200.00")
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
	})
}

// Case (state): an LCR returned unpaid (misc entry Dr 411000 / Cr 413000
// lettered with the bill's 413000 line): nothing was collected, the debt
// is back on the customer's account. Expected (commit b366d72 "a bill of
// exchange takes over what an invoice owes, no payment until collected";
// §5 `paid` means money, `in_payment` a payment not yet cleared): the
// invoice is not `paid` (its VAT stays on 445740, as the code itself
// holds, TestCashBasisLCRReturnedUnpaid). The code (uncleared): the
// bill's 413000 line has a zero residual, so the invoice reads `paid`.
func TestReviewBill2StateReturnedUnpaid(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-SU", inv)
		back := f.post(t, journal.Entry{Journal: "OD", Date: d(5, 2), Label: "LCR impayée", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1200.00")},
			{Account: "413000", Partner: "C1", Balance: e("-1200.00")},
		}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{bill.LineRef(1), back.LineRef(1)}})
		require.NoError(t, err)
		assert.Equal(t, "-200.00", f.balance(t, "445740"), "nothing paid")
		assert.NotEqual(t, reconcile.Paid, f.state(t, inv).State, "a bill returned unpaid paid nothing")
	})
}

// Case (state): an LCR collected by a receipt registered on BQ, a journal
// that goes through outstanding receipts (511200), not yet cleared by a
// statement line. Expected (§5 payment state: `in_payment` while "some
// paying entry's liquidity line sits on an outstanding account and is not
// yet cleared by a bank statement line"; worked example 1): the invoice is
// `in_payment` until the statement line clears the receipt, then `paid`.
// The code (uncleared) looks only at the bill's own lines: its 413000
// line is settled by the receipt, so the invoice reads `paid` at once.
func TestReviewBill2StateCollectedThroughOutstanding(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-SO", inv)
		pay, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(4, 30),
			Amount: e("1200.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{bill.ID}})
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.residual(t, bill.LineRef(1)).Plain())
		assert.Equal(t, reconcile.InPayment, f.state(t, bill).State, "the receipt waits on 511")
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State, "the money is not on the bank yet")
		_ = pay
	})
}

// Case: DrawBill dated 10 March in a period locked to 31 March.
// Expected (§5 "Dates of generated entries": only generated entries of
// lettering move to the first open date; a bill is a document the caller
// dates, like a payment; §8): refused with ledger.ErrLocked, nothing
// written, or at the very least the bill is dated as asked.
// Passes (checked).
func TestReviewBill2DrawBillOnLockedDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(3, 31), "march"))
		before := f.snapshot(t)
		res, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-LK"})
		for _, x := range res.Entries {
			t.Logf("posted %s on %s", x.Name(), x.Date)
		}
		assert.ErrorIs(t, err, ledger.ErrLocked)
		f.unchanged(t, before)
	})
}

// Case (mixed currency): an LCR of 1 200.00 EUR collected by a USD
// statement line of 1 500.00 USD booked at 1 190.00 EUR, the bank's
// agreed rate 1.25 (1 200.00 EUR = 1 500.00 USD): the bill is consumed in
// full in USD and an exchange line takes its 10.00 EUR company rest, so
// the bill's 413000 line is matched.
// Expected (§7 inv. 9 and §5 cash-basis VAT: "once the document is
// settled, whatever settled it (… an exchange line …), the transition
// account ends at exactly zero"): 445740 at 0.00, 445710 at -200.00.
// The code: an exchange partial is no collection (collects), so the bill
// reads 1 190.00 of 1 200.00 collected for ever; the invoice's tax keeps
// its 1.67 on 445740 and Check accepts it as a bill still waiting.
func TestReviewBill2CollectedInForeignCurrencyWithExchange(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-FX", inv)
		res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(4, 30), Amount: currency.MustParse(usd, "1500.00"),
			CompanyAmount: e("1190.00"), AgreedRate: currency.MustParseRate("1.25"), Partner: "C1", Invoices: []journal.ID{bill.ID}})
		if err != nil {
			t.Skipf("a USD statement line on BQD is refused: %v", err)
		}
		require.Len(t, res.Entries, 3, "statement line, exchange line, cash-basis entry")
		assert.Equal(t, "0.00", f.residual(t, bill.LineRef(1)).Plain(), "the bill is settled")
		assert.Equal(t, "0.00", f.balance(t, "445740"), "settled: the transition account is at zero")
		assert.Equal(t, "-200.00", f.balance(t, "445710"))
		f.check(t)
	})
}
