package reconcile_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func h205Req(op journal.ID) reconcile.CollectionRequest {
	return reconcile.CollectionRequest{Operation: op, Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31),
		Creditor: "Ma Société", CreditorID: "FR72ZZZ123456"}
}

func h205Setup(t *testing.T, f *fixture) {
	t.Helper()
	rrJournal(t, f)
	h201Mandate(t, f, "C2", "FR1420041010050500013M02606", "RUM-C2", false)
	h201Mandate(t, f, "C3", "DE89370400440532013000", "RUM-C3", true)
}

// h205File writes the pain.008 of a run and validates it with xmllint.
func h205File(t *testing.T, f *fixture, run reconcile.CollectionRun) string {
	t.Helper()
	dd, err := bank.DirectDebits(ctx, f.book, run, "Ma Société")
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, bank.WritePain008(&buf, dd))
	if _, err := exec.LookPath("xmllint"); err == nil {
		path := filepath.Join(t.TempDir(), "dd.xml")
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
		out, err := exec.Command("xmllint", "--noout", "--schema", "../bank/testdata/pain.008.001.02.xsd", path).CombinedOutput()
		require.NoError(t, err, "%s\n%s", out, buf.String())
	}
	return buf.String()
}

// A partly paid invoice: only its residual collected; an invoice in
// instalments: only the instalment due by DueBy.
func TestHrev205PartlyPaidAndInstalments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h205Setup(t, f)
		inv := h201Invoice(t, f, "C2", d(3, 1), d(3, 20), "500.00", "FA-1")
		f.receive(t, "BQO", "C2", d(3, 5), "200.00", inv)
		inst := f.instalments(t, "C3", d(3, 2), struct {
			due    journal.Date
			amount string
		}{d(3, 15), "100.00"}, struct {
			due    journal.Date
			amount string
		}{d(4, 30), "200.00"})
		run, err := f.rec.RunCollections(ctx, h205Req(journal.NewID()))
		require.NoError(t, err)
		require.Len(t, run.Collections, 2)
		assert.Equal(t, "C2", run.Collections[0].Partner)
		assert.Equal(t, "300.00", run.Collections[0].Amount.Plain())
		assert.Equal(t, "C3", run.Collections[1].Partner)
		assert.Equal(t, "100.00", run.Collections[1].Amount.Plain())
		assert.Equal(t, []journal.ID{inst.ID}, run.Collections[1].Invoices)
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		st := f.state(t, inst)
		assert.Equal(t, "200.00", st.Residual.Plain())
		assert.Equal(t, "200.00", f.residual(t, inst.LineRef(1)).Plain())
		assert.Equal(t, "0.00", f.residual(t, inst.LineRef(0)).Plain())
		bs, err := f.rec.Batches(ctx, "BQO")
		require.NoError(t, err)
		require.Len(t, bs, 1)
		assert.Equal(t, "400.00", bs[0].Total.Plain())
		out := h205File(t, f, run)
		assert.Contains(t, out, "<CtrlSum>400.00</CtrlSum>")
		f.check(t)
	})
}

// Invoices in USD are neither collected nor set off.
func TestHrev205ForeignInvoiceLeftAlone(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h205Setup(t, f)
		usdInv := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C2", DueDate: d(3, 12), AmountCurrency: currency.MustParse(usd, "240.00"), Balance: e("200.00")},
			{Account: "706000", Balance: e("-200.00"), AmountCurrency: currency.MustParse(usd, "-240.00")}}})
		before := f.snapshot(t)
		_, err := f.rec.RunCollections(ctx, h205Req(journal.NewID()))
		assert.ErrorIs(t, err, reconcile.ErrCollection)
		f.unchanged(t, before)
		eurInv := h201Invoice(t, f, "C2", d(3, 2), d(3, 20), "50.00", "FA-2")
		run, err := f.rec.RunCollections(ctx, h205Req(journal.NewID()))
		require.NoError(t, err)
		require.Len(t, run.Collections, 1)
		assert.Equal(t, "50.00", run.Collections[0].Amount.Plain())
		assert.Equal(t, []journal.ID{eurInv.ID}, run.Collections[0].Invoices)
		assert.Equal(t, reconcile.NotPaid, f.state(t, usdInv).State)
		f.check(t)
	})
}

// A customer whose credit notes exceed its invoices is not debited; the
// others are.
func TestHrev205CreditNotesExceed(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h205Setup(t, f)
		inv := h201Invoice(t, f, "C2", d(3, 1), d(3, 20), "100.00", "FA-1")
		note := f.creditNote(t, "C2", d(3, 2), "300.00")
		h201Invoice(t, f, "C3", d(3, 1), d(3, 20), "200.00", "FA-2")
		run, err := f.rec.RunCollections(ctx, h205Req(journal.NewID()))
		require.NoError(t, err)
		require.Len(t, run.Collections, 1)
		assert.Equal(t, "C3", run.Collections[0].Partner)
		assert.Equal(t, "200.00", run.Collections[0].Amount.Plain())
		assert.Equal(t, reconcile.Reversed, f.state(t, inv).State)
		assert.Equal(t, "200.00", f.state(t, note).Residual.Plain())
		assert.Equal(t, "200.00", f.balance(t, "512100"))
		h205File(t, f, run)
		f.check(t)
	})
}

// A customer with two bank accounts, the mandate on the second: that one
// is debited.
func TestHrev205SecondAccountMandate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		p, err := f.book.Partner(ctx, "C2")
		require.NoError(t, err)
		p.Name = "Café Zoé"
		p.BankAccounts = []ledger.BankAccount{{IBAN: "NL91ABNA0417164300"},
			{IBAN: "FR1420041010050500013M02606", Mandate: ledger.Mandate{Reference: "RUM-2", Signed: d(1, 5)}}}
		require.NoError(t, f.book.UpdatePartner(ctx, p))
		for i := 0; i < 20; i++ {
			ref := "FACTURE-2026-LONGREF-" + string(rune('A'+i))
			h201Invoice(t, f, "C2", d(3, 1), d(3, 20), "10.01", ref)
		}
		run, err := f.rec.RunCollections(ctx, h205Req(journal.NewID()))
		require.NoError(t, err)
		require.Len(t, run.Collections, 1)
		c := run.Collections[0]
		assert.Equal(t, ident.IBAN("FR1420041010050500013M02606"), c.Account.IBAN)
		assert.Equal(t, "200.20", c.Amount.Plain())
		assert.Len(t, c.Invoices, 20)
		out := h205File(t, f, run)
		assert.Contains(t, out, "<Nm>Cafe Zoe</Nm>")
		assert.Contains(t, out, "<IBAN>FR1420041010050500013M02606</IBAN>")
		assert.Contains(t, out, "<CtrlSum>200.20</CtrlSum>")
		assert.Contains(t, out, `<InstdAmt Ccy="EUR">200.20</InstdAmt>`)
		i := strings.Index(out, "<Ustrd>")
		j := strings.Index(out, "</Ustrd>")
		require.True(t, i > 0 && j > i)
		assert.LessOrEqual(t, j-i-len("<Ustrd>"), 140)
		f.check(t)
	})
}

// Run again with another id the same day: nothing is collected twice.
func TestHrev205SecondRunCollectsNothingTwice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h205Setup(t, f)
		h201Invoice(t, f, "C2", d(3, 1), d(3, 20), "100.00", "FA-1")
		_, err := f.rec.RunCollections(ctx, h205Req(journal.NewID()))
		require.NoError(t, err)
		before := f.snapshot(t)
		_, err = f.rec.RunCollections(ctx, h205Req(journal.NewID()))
		assert.ErrorIs(t, err, reconcile.ErrCollection)
		f.unchanged(t, before)
		// The same id with another due date: a conflict.
		op := journal.NewID()
		h201Invoice(t, f, "C2", d(3, 2), d(3, 20), "40.00", "FA-2")
		_, err = f.rec.RunCollections(ctx, h205Req(op))
		require.NoError(t, err)
		req := h205Req(op)
		req.DueBy = d(3, 30)
		_, err = f.rec.RunCollections(ctx, req)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		assert.Equal(t, "140.00", f.balance(t, "512100"))
		f.check(t)
	})
}

// A collection unlettered: its receipt is on account; the next run sets
// it off and debits nothing more.
func TestHrev205UnletteredCollection(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h205Setup(t, f)
		inv := h201Invoice(t, f, "C2", d(3, 1), d(3, 20), "100.00", "FA-1")
		run, err := f.rec.RunCollections(ctx, h205Req(journal.NewID()))
		require.NoError(t, err)
		_, err = f.rec.Unletter(ctx, journal.NewID(), run.Collections[0].Payment.LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		before := f.snapshot(t)
		_, err = f.rec.RunCollections(ctx, h205Req(journal.NewID()))
		assert.ErrorIs(t, err, reconcile.ErrCollection)
		f.unchanged(t, before)
		assert.Equal(t, "100.00", f.balance(t, "512100"))
		f.check(t)
	})
}

// A one-off collection cancelled (reversed) may be collected again, and
// the file written again leaves it out.
func TestHrev205OneOffCancelledCollectedAgain(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h205Setup(t, f)
		h201Invoice(t, f, "C2", d(3, 1), d(3, 20), "100.00", "FA-1")
		inv := h201Invoice(t, f, "C3", d(3, 1), d(3, 20), "300.00", "FA-2")
		run, err := f.rec.RunCollections(ctx, h205Req(journal.NewID()))
		require.NoError(t, err)
		require.Len(t, run.Collections, 2)
		_, err = f.rec.CancelPayment(ctx, journal.NewID(), run.Collections[1].Payment.ID)
		require.NoError(t, err)
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		bs, err := f.rec.Batches(ctx, "BQO")
		require.NoError(t, err)
		assert.Equal(t, "100.00", bs[0].Total.Plain())
		out := h205File(t, f, run)
		assert.Contains(t, out, "<CtrlSum>100.00</CtrlSum>")
		assert.NotContains(t, out, "OOFF")
		req := h205Req(journal.NewID())
		req.Date = d(3, 27)
		again, err := f.rec.RunCollections(ctx, req)
		require.NoError(t, err)
		require.Len(t, again.Collections, 1)
		assert.Equal(t, "C3", again.Collections[0].Partner)
		assert.Equal(t, "300.00", again.Collections[0].Amount.Plain())
		assert.Equal(t, reconcile.SequenceOneOff, again.Collections[0].Sequence)
		assert.Equal(t, "400.00", f.balance(t, "512100"))
		f.check(t)
	})
}

// The batch's total cleared, then one collection returned: its invoice
// reopened, the other stays paid; the batch total line then the return.
func TestHrev205TotalThenReturn(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h205Setup(t, f)
		a := h201Invoice(t, f, "C2", d(3, 1), d(3, 20), "100.00", "FA-1")
		b := h201Invoice(t, f, "C3", d(3, 1), d(3, 20), "300.00", "FA-2")
		run, err := f.rec.RunCollections(ctx, h205Req(journal.NewID()))
		require.NoError(t, err)
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 25), Amount: e("400.00"), Label: "REMISE PRLV SEPA",
			Batch: reconcile.BankBatch{MsgID: run.ID}}
		props := retImport(t, f, retStatement(t, "S1", "0.00", in))
		p := hrev45Find(t, props, "L1")
		require.True(t, p.Matched, rvDescribe(p))
		retApply(t, f, journal.NoID, props)
		assert.Equal(t, reconcile.Paid, f.state(t, a).State)
		assert.Equal(t, reconcile.Paid, f.state(t, b).State)
		assert.Equal(t, "0.00", f.balance(t, "512100"))
		col := run.Collections[0]
		back := reconcile.BankEntry{Ref: "L2", BookingDate: d(3, 30), Amount: e("-100.00"), Reversal: true, Label: "RETOUR PRLV SEPA MD06",
			BankCode: "PMNT/IDDT/UPDD", Transactions: []reconcile.BankTransaction{{Amount: e("-100.00"), EndToEndID: col.EndToEndID}}}
		props = retImport(t, f, retStatement(t, "S2", "400.00", back))
		p = hrev45Find(t, props, "L2")
		require.True(t, p.Matched, rvDescribe(p))
		retApply(t, f, journal.NoID, props)
		assert.Equal(t, reconcile.NotPaid, f.state(t, a).State)
		assert.Equal(t, reconcile.Paid, f.state(t, b).State)
		assert.Equal(t, "300.00", f.balance(t, "512000"))
		// C2's recurrent mandate: the invoice collected again.
		req := h205Req(journal.NewID())
		req.Date, req.DueBy = d(4, 5), d(4, 5)
		again, err := f.rec.RunCollections(ctx, req)
		require.NoError(t, err)
		require.Len(t, again.Collections, 1)
		assert.Equal(t, "100.00", again.Collections[0].Amount.Plain())
		assert.Equal(t, []journal.ID{a.ID}, again.Collections[0].Invoices)
		f.check(t)
	})
}
