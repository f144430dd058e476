package reconcile_test

import (
	"regexp"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A supplier the ledger accepts but a SEPA file cannot carry as creditor:
// an address without its town (AddPartner accepts it; WritePain001 refuses
// it, EPC 2023: a structured address holds at least TwnNm and Ctry), or a
// name with no character of the EPC set ("«»", which EPCText empties;
// Nm is mandatory, Max70Text minLength 1).
//
// Expected: RunPayments refuses the run with ErrRun and writes nothing, as
// it does for a supplier without a bank account ("every supplier paid
// needs a bank account (ErrRun otherwise, nothing written)"; brief: "a
// supplier without IBAN (typed error, nothing written)"). A run is made to
// be sent as one SEPA file (DESIGN.md §12: "one file per run").
// Observed: RunPayments posts the payment (the bill goes in_payment,
// 512200 is credited, a batch is recorded), and only CreditTransfers /
// WritePain001 then returns ErrTransfer: the run's file can never be
// produced and the payments wait on 512200 for a transfer that is never
// sent.
func TestReviewRunsSupplierNotSEPACreditorWritesRun(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, partner string
		addr          ledger.Address
	}{
		{"address without town", "Fournisseur", ledger.Address{Street: "Rue de la Paix", PostCode: "75002"}},
		{"name outside the EPC set", "«»", ledger.Address{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				rrJournal(t, f)
				rrSupplier(t, f, "S2", c.partner, "", c.addr)
				rrBill(t, f, "S2", d(2, 1), d(3, 1), "100.00", "FA-1")
				before := f.snapshot(t)
				run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 5), DueBy: d(3, 31)})
				if err == nil {
					_, ferr := rrFile(t, f, run)
					bal, _ := f.book.Balance(ctx, ledger.BalanceQuery{Account: "512200"})
					t.Logf("run %s written, 512200 %s; its SEPA file: %v", run.ID, bal.Balance.Plain(), ferr)
				}
				require.ErrorIs(t, err, reconcile.ErrRun, "a run whose SEPA file cannot be written is refused before writing")
				f.unchanged(t, before)
			})
		})
	}
}

// A transfer scheduled on the run's journal without an amount (Schedule
// allows it: the documents named are paid in full), paying a USD bill.
//
// Expected: a SEPA run carries euros only (EPC SCT rulebook: SCT is in
// euro; WritePain001 refuses other currencies), and RunPayments already
// leaves out a scheduled payment whose amount is in another currency
// (`p.Amount.IsSet() && p.Amount.Currency() != company`): one that will
// pay a foreign bill must be left out too (or the run refused with ErrRun,
// nothing written).
// Observed: the run executes it as a 240.00 USD payment with a SEPA
// end-to-end id ("RUN-…-1", method SEPA transfer); the scheduled payment
// is marked executed and then CreditTransfers/WritePain001 refuses the
// run (ErrTransfer: 240.00 USD), so the run's file cannot be written.
func TestReviewRunsScheduledForeignBillInSEPARun(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "American Supplier", "", ledger.Address{})
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.2")))
		bill := f.post(t, journal.Entry{Journal: "AC", Date: d(2, 10), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "401000", Partner: "S2", DueDate: d(3, 1), AmountCurrency: currency.MustParse(usd, "-240.00"), Balance: e("-200.00")},
			{Account: "607000", AmountCurrency: currency.MustParse(usd, "240.00"), Balance: e("200.00")}}})
		id := journal.NewID()
		require.NoError(t, f.rec.Schedule(ctx, id, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 10),
			Method: reconcile.MethodTransfer, Invoices: []journal.ID{bill.ID}}))
		// A euro bill of another supplier makes the run worth making.
		rrSupplier(t, f, "S3", "Fournisseur", "", ledger.Address{})
		rrBill(t, f, "S3", d(2, 1), d(3, 1), "100.00", "FA-1")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 12), DueBy: d(3, 31)})
		require.NoError(t, err)
		for _, p := range run.Payments {
			assert.Equal(t, eur, p.Amount.Currency(), "payment %s to %s in a SEPA run: %s", p.EndToEndID, p.Partner, p.Amount)
		}
		_, err = rrFile(t, f, run)
		require.NoError(t, err, "the run's SEPA file")
		left, err := f.rec.ScheduledPayments(ctx, journal.Date{})
		require.NoError(t, err)
		assert.Len(t, left, 1, "the USD transfer is left scheduled, for its own execution")
		_ = bank.ErrTransfer
	})
}

// A supplier with bill B1 in two instalments (500.00 due 5 March, 500.00
// due 30 April) and bill B2 (300.00 due 20 March); a run on 6 March takes
// what is due by 31 March: 500.00 + 300.00.
//
// Expected (RunPayments' doc: "each paying its supplier's bills oldest due
// first", "a bill's instalments not yet due wait"; Odoo pays the selected
// due lines, not other lines of their moves): the 800.00 settles B1's
// first instalment and B2; B1's April instalment stays open in full; the
// run's Bills (the remittance of the SEPA file) name B1 and B2.
// Observed: the 800.00 is spread over B1's lines: its April instalment is
// paid 300.00 early and B2, due 20 March, is left unpaid (-300.00); the
// run's Bills list B1 twice and not B2, so the transfer's remittance text
// tells the supplier "B1 B1".
func TestReviewRunsInstalmentNotDuePaidInsteadOfDueBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur", "", ledger.Address{})
		b1 := f.post(t, journal.Entry{Journal: "AC", Date: d(2, 1), Type: journal.TypeInvoice, Ref: "B1", Lines: []journal.Line{
			{Account: "401000", Partner: "S2", Balance: e("-500.00"), DueDate: d(3, 5)},
			{Account: "401000", Partner: "S2", Balance: e("-500.00"), DueDate: d(4, 30)},
			{Account: "607000", Balance: e("1000.00")}}})
		b2 := rrBill(t, f, "S2", d(2, 10), d(3, 20), "300.00", "B2")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 6), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "800.00", run.Payments[0].Amount.Plain())
		assert.Equal(t, "0.00", f.residual(t, b2.LineRef(0)).Plain(), "B2, due 20 March, is paid by the run")
		assert.Equal(t, "-500.00", f.residual(t, b1.LineRef(1)).Plain(), "B1's instalment due 30 April waits")
		assert.ElementsMatch(t, []journal.ID{b1.ID, b2.ID}, run.Payments[0].Bills, "the bills the transfer pays")
		out, err := rrFile(t, f, run)
		require.NoError(t, err)
		assert.Equal(t, "<Ustrd>B1 B2</Ustrd>", regexp.MustCompile(`<Ustrd>[^<]*</Ustrd>`).FindString(out), "the remittance of the transfer")
		f.check(t)
	})
}

// The same run retried with its suppliers listed in another order (a
// caller building Partners from a Go map gets a new order on each call).
//
// Expected: RunPayments sorts Partners before use (`slices.Sort`), so the
// two requests are the same run: the retry returns the first run (doc:
// "a retry returns the first run, and the SEPA file written from it keeps
// its message id").
// Observed: the retry is refused, "ledger: id already used with other
// content": the request is compared as given, before Partners is sorted.
// The caller cannot get its run back to write the file.
func TestReviewRunsRetryPartnersReordered(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur 2", "", ledger.Address{})
		rrSupplier(t, f, "S3", "Fournisseur 3", "", ledger.Address{})
		rrBill(t, f, "S2", d(2, 1), d(3, 1), "100.00", "B2")
		rrBill(t, f, "S3", d(2, 1), d(3, 1), "10.00", "B3")
		req := reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 6), DueBy: d(3, 31), Partners: []string{"S3", "S2"}}
		first, err := f.rec.RunPayments(ctx, req)
		require.NoError(t, err)
		before := f.snapshot(t)
		req.Partners = []string{"S2", "S3"}
		again, err := f.rec.RunPayments(ctx, req)
		require.NoError(t, err, "the same run, retried")
		assert.Equal(t, first.ID, again.ID)
		f.unchanged(t, before)
	})
}
