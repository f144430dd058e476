package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a supplier bill F-A (100,00) cancelled by Book.Reverse, whose
// reversal was then lettered with another bill F-B of the same supplier,
// is due again (F-B is settled by the reversal, F-A reads not_paid 100,00,
// and RegisterPayment since 5dd665b takes it) — but RunPayments drops
// every reversed bill whatever became of its reversal (paymentrun.go "A
// bill cancelled by a reversal is not paid") and fails "no bill due by
// 2026-03-31". Expected: one payment of 100,00 for F-A. Source: the rule
// 5dd665b applies in namedDocuments and autoapply.go ("Once the reversal
// is lettered with another document, the entry is due again ... and
// takes a payment as any other"), importmatch.go ("One whose reversal
// went with another document is due again"), RunPayments godoc (bills
// "not yet paid" due by DueBy).
func TestHrev122RunSkipsBillDueAgain(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	newRvBank(t, f)
	rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
	a := rrBill(t, f, "S2", d(3, 1), d(3, 20), "100.00", "F-A")
	b := rrBill(t, f, "S2", d(3, 2), d(3, 20), "100.00", "F-B")
	rev, err := f.book.Reverse(ctx, a.ID, ledger.ReverseOptions{})
	require.NoError(t, err)
	_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{rev.Entry.LineRef(0), b.LineRef(0)}})
	require.NoError(t, err)
	require.Equal(t, "-100.00", f.residual(t, a.LineRef(0)).Plain(), "F-A is due again")
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BNP", Date: d(3, 25), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 1)
	assert.Equal(t, "100.00", run.Payments[0].Amount.Plain())
	assert.Equal(t, []journal.ID{a.ID}, run.Payments[0].Bills)
	f.check(t)
}

// Was failing, fixed: the mirror of 5dd665b's fix. Invoice VT/00001 (100,00) cancelled
// by Book.Reverse, both still open: a refund (outbound payment) naming the
// reversal is accepted and posted — the customer, who never paid, is sent
// 100,00 and the cancelled invoice reads not_paid 100,00 again. The
// reversal goes with its invoice while the invoice is open to go with it,
// exactly as the invoice goes with its reversal. Expected: ErrNotDocument
// ("cancelled ... letter them together"), nothing written. Source: the
// 5dd665b rule in namedDocuments, DESIGN §5 Append-only ("cancelling ... =
// letter the original with its reversal"), reconcile.Reverse godoc ("A
// ledger reversal alone would leave the entry and its reversal open side
// by side until someone letters them"); Odoo's reversal of an invoice
// (account.move._reverse_moves with cancel) reconciles the two, the
// reversal never offered to a payment.
func TestHrev122RefundNamingOpenReversal(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	inv := f.invoice(t, "C1", d(3, 1), "100.00")
	rev, err := f.book.Reverse(ctx, inv.ID, ledger.ReverseOptions{})
	require.NoError(t, err)
	before, err := f.book.LastSeq(ctx)
	require.NoError(t, err)
	_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C1", Journal: "BQ",
		Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: e("100.00"), Invoices: []journal.ID{rev.Entry.ID}})
	assert.ErrorIs(t, err, reconcile.ErrNotDocument)
	after, err := f.book.LastSeq(ctx)
	require.NoError(t, err)
	assert.Equal(t, before, after, "nothing written")
}

// Was failing, fixed: a receipt of 80,00 naming the cancelled invoice VT/00001
// (100,00), its own open reversal (set off, "less") and invoice VT/00002
// (80,00) — the invoice and its reversal lettered together in the one
// match, as the refusal itself asks ("letter them together") — is refused
// with ErrNotDocument: namedDocuments refuses a reversed document whose
// reversal is open even when that reversal is named in the same payment.
// Expected: accepted, one match of VT/00001, its reversal, VT/00002 and the
// 80,00 receipt. Source: autoapply.go (5dd665b says it follows automatic
// lettering), which refuses a reversed entry only when its reversal is
// not among the proposal's lines (slices.ContainsFunc(items, ... == by)).
func TestHrev122PaymentNamingInvoiceAndItsReversal(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	inv := f.invoice(t, "C1", d(3, 1), "100.00")
	other := f.invoice(t, "C1", d(3, 2), "80.00")
	rev, err := f.book.Reverse(ctx, inv.ID, ledger.ReverseOptions{})
	require.NoError(t, err)
	_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
		Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: e("80.00"), Invoices: []journal.ID{inv.ID, rev.Entry.ID, other.ID}})
	require.NoError(t, err)
	for _, ref := range []journal.LineRef{inv.LineRef(0), rev.Entry.LineRef(0), other.LineRef(0)} {
		assert.True(t, f.residual(t, ref).IsZero(), "%v settled", ref)
	}
	f.check(t)
}

// An instalment invoice cancelled by Book.Reverse, its first instalment
// lettered with the reversal's first line and the reversal's second line
// with another invoice: the second instalment is due again and takes a
// payment (the reversal has nothing open left).
func TestHrev122InstalmentDueAgainTakesPayment(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	type part = struct {
		due    journal.Date
		amount string
	}
	inv := f.instalments(t, "C1", d(3, 1), part{d(4, 1), "60.00"}, part{d(5, 1), "40.00"})
	other := f.instalments(t, "C1", d(3, 2), part{d(4, 1), "40.00"})
	rev, err := f.book.Reverse(ctx, inv.ID, ledger.ReverseOptions{})
	require.NoError(t, err)
	_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rev.Entry.LineRef(0)}})
	require.NoError(t, err)
	_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{other.LineRef(0), rev.Entry.LineRef(1)}})
	require.NoError(t, err)
	_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
		Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: e("40.00"), Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	assert.True(t, f.residual(t, inv.LineRef(1)).IsZero())
	f.check(t)
}

// Was failing, fixed: the same hole on the statement path: a bank line of -100,00
// posted with PostImported against the open reversal of the cancelled
// invoice VT/00001 (Target.Invoices = the reversal, as a refund of a
// credit note) is accepted, though ProposeImported never proposes a
// reversal (importmatch.go skips ReversalOf entries) and the invoice it
// cancels stays due. Expected: ErrNotDocument, nothing posted. Source: as
// TestHrev122RefundNamingOpenReversal; the brief's rule that apply must
// not take what the matcher does not propose.
func TestHrev122StatementLinePaysOpenReversal(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	b := newRvBank(t, f)
	inv := f.invoice(t, "C1", d(3, 1), "100.00")
	rev, err := f.book.Reverse(ctx, inv.ID, ledger.ReverseOptions{})
	require.NoError(t, err)
	b.imports(t, d(3, 10), reconcile.Rules{}, rvEntry{amount: "-100.00", remittance: "REMBOURSEMENT"})
	_, err = f.rec.PostImported(ctx, journal.NoID, "BNP", "RV1", "RV1-1",
		reconcile.ImportedTarget{Partner: "C1", Invoices: []journal.ID{rev.Entry.ID}})
	assert.ErrorIs(t, err, reconcile.ErrNotDocument)
	assert.Equal(t, "100.00", f.residual(t, inv.LineRef(0)).Plain())
}

// Book.Reverse, as reconcile.Reverse, refuses an invoice partly paid
// (ErrLettered): the payment is detached first, so a cancelled invoice
// never has a payment and an open reversal at once.
func TestHrev122LedgerReverseRefusesPartlyPaid(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	inv := f.invoice(t, "C1", d(3, 1), "100.00")
	f.receive(t, "BQ", "C1", d(3, 5), "40.00", inv)
	_, err := f.book.Reverse(ctx, inv.ID, ledger.ReverseOptions{})
	require.ErrorIs(t, err, ledger.ErrLettered)
}
