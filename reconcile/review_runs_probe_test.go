package reconcile_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// A bill partly paid by hand, a second bill fully due, a credit note set
// off, a supplier covered by its credit note: the run pays what is left,
// no zero transfer, the file's counts and sums are exact and validate.
func TestReviewRunsProbePartialCreditNotes(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Société Générale d'Équipement", "", ledger.Address{Street: "Rue de la Paix", BuildingNumber: "12", PostCode: "75002", Town: "Paris", Country: "FR"})
		rrSupplier(t, f, "S3", "Fournisseur GmbH – Köln", "", ledger.Address{})
		rrSupplier(t, f, "S4", "Covered SARL", "", ledger.Address{})
		b1 := rrBill(t, f, "S2", d(2, 1), d(3, 1), "1200.00", "FA-1")
		rrBill(t, f, "S2", d(2, 2), d(3, 2), "300.33", "FA-2")
		// 200.00 of FA-1 paid by hand.
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(2, 10),
			Method: reconcile.MethodTransfer, Amount: e("200.00"), Invoices: []journal.ID{b1.ID}})
		require.NoError(t, err)
		rrBill(t, f, "S3", d(2, 3), d(3, 3), "480.00", "FB-1")
		f.post(t, journal.Entry{Journal: "AC", Date: d(2, 4), Type: journal.TypeCreditNote, Ref: "AV-1", Lines: []journal.Line{
			{Account: "401000", Partner: "S3", Balance: e("80.10")}, {Account: "607000", Balance: e("-80.10")}}})
		rrBill(t, f, "S4", d(2, 5), d(3, 4), "50.00", "FC-1")
		f.post(t, journal.Entry{Journal: "AC", Date: d(2, 6), Type: journal.TypeCreditNote, Ref: "AV-2", Lines: []journal.Line{
			{Account: "401000", Partner: "S4", Balance: e("70.00")}, {Account: "607000", Balance: e("-70.00")}}})
		// Not due yet.
		rrBill(t, f, "S2", d(2, 7), d(4, 30), "999.99", "FA-3")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 5), DueBy: d(3, 31)})
		require.NoError(t, err)
		got := map[string]string{}
		for _, p := range run.Payments {
			got[p.Partner] = p.Amount.Plain()
		}
		require.Equal(t, map[string]string{"S2": "1300.33", "S3": "399.90"}, got)
		f.check(t)
		out, err := rrFile(t, f, run)
		require.NoError(t, err)
		require.Equal(t, 2, strings.Count(out, "<NbOfTxs>2</NbOfTxs>"), out)
		require.Equal(t, 2, strings.Count(out, "<CtrlSum>1700.23</CtrlSum>"), out)
		require.Contains(t, out, "<Nm>Societe Generale d'Equipement</Nm>")
		require.Contains(t, out, "<Dt>2026-03-05</Dt>")
		ids := regexp.MustCompile(`<EndToEndId>([^<]*)</EndToEndId>`).FindAllStringSubmatch(out, -1)
		require.Len(t, ids, 2)
		for _, m := range ids {
			require.LessOrEqual(t, len(m[1]), 35)
		}
		msg := regexp.MustCompile(`<MsgId>([^<]*)</MsgId>`).FindStringSubmatch(out)
		require.LessOrEqual(t, len(msg[1]), 35)
	})
}

// The same run asked twice: the first is returned, nothing more written;
// a new run then finds nothing due (typed, nothing written).
func TestReviewRunsProbeRetryAndSecondRun(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur", "", ledger.Address{})
		rrBill(t, f, "S2", d(2, 1), d(3, 1), "100.00", "FA-1")
		req := reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 5), DueBy: d(3, 31)}
		first, err := f.rec.RunPayments(ctx, req)
		require.NoError(t, err)
		before := f.snapshot(t)
		again, err := f.rec.RunPayments(ctx, req)
		require.NoError(t, err)
		f.unchanged(t, before)
		require.Equal(t, first.ID, again.ID)
		require.Equal(t, first.Payments[0].EndToEndID, again.Payments[0].EndToEndID)
		a, err := rrFile(t, f, first)
		require.NoError(t, err)
		b, err := rrFile(t, f, again)
		require.NoError(t, err)
		require.Equal(t, a, b)
		_, err = f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 6), DueBy: d(3, 31)})
		require.ErrorIs(t, err, reconcile.ErrRun)
		f.unchanged(t, before)
		f.check(t)
	})
}

// A supplier without a bank account: ErrRun, nothing written. Only foreign
// bills: ErrRun, nothing written.
func TestReviewRunsProbeRefusals(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrBill(t, f, "S1", d(2, 1), d(3, 1), "100.00", "FA-1")
		before := f.snapshot(t)
		_, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 5), DueBy: d(3, 31)})
		require.ErrorIs(t, err, reconcile.ErrRun)
		f.unchanged(t, before)
		rrSupplier(t, f, "S2", "Fournisseur", "", ledger.Address{})
		usd := currency.MustLookup("USD")
		f.post(t, journal.Entry{Journal: "AC", Date: d(2, 10), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "401000", Partner: "S2", DueDate: d(3, 1), AmountCurrency: currency.MustParse(usd, "-240.00"), Balance: e("-200.00")},
			{Account: "607000", AmountCurrency: currency.MustParse(usd, "240.00"), Balance: e("200.00")}}})
		before = f.snapshot(t)
		_, err = f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 5), DueBy: d(3, 31), Partners: []string{"S2"}})
		require.ErrorIs(t, err, reconcile.ErrRun)
		f.unchanged(t, before)
	})
}

// A scheduled payment executed cannot be cancelled nor executed again.
func TestReviewRunsProbeScheduledExecutedThenCancelled(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur", "", ledger.Address{})
		b := rrBill(t, f, "S2", d(2, 1), d(3, 1), "100.00", "FA-1")
		id := journal.NewID()
		require.NoError(t, f.rec.Schedule(ctx, id, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 10),
			Method: reconcile.MethodSEPATransfer, Amount: e("100.00"), Invoices: []journal.ID{b.ID}}))
		_, err := f.rec.ExecuteScheduled(ctx, id, d(3, 9))
		require.ErrorIs(t, err, reconcile.ErrScheduled)
		_, err = f.rec.ExecuteScheduled(ctx, id, d(3, 10))
		require.NoError(t, err)
		before := f.snapshot(t)
		require.ErrorIs(t, f.rec.CancelScheduled(ctx, id), reconcile.ErrScheduled)
		_, err = f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 15), DueBy: d(3, 31)})
		require.ErrorIs(t, err, reconcile.ErrRun)
		f.unchanged(t, before)
		f.check(t)
	})
}
