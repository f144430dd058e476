package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const h201ICS = "FR72ZZZ123456"

// h201Mandate gives customer code a bank account with a mandate.
func h201Mandate(t *testing.T, f *fixture, code, iban, ref string, oneOff bool) {
	t.Helper()
	p, err := f.book.Partner(ctx, code)
	require.NoError(t, err)
	p.BankAccounts = []ledger.BankAccount{{IBAN: ident.IBAN(iban), Mandate: ledger.Mandate{Reference: ref, Signed: d(1, 10), OneOff: oneOff}}}
	require.NoError(t, f.book.UpdatePartner(ctx, p))
}

// h201Invoice posts a customer invoice of ttc due on due, with a reference.
func h201Invoice(t *testing.T, f *fixture, p string, date, due journal.Date, ttc, ref string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Ref: ref, Lines: []journal.Line{
		{Account: "411000", Partner: p, Balance: e(ttc), DueDate: due},
		{Account: "706000", Balance: e(ttc).Neg()},
	}})
}

// h201Three: C1 without a mandate (100,00 due), C2 recurrent with a
// 500,00 invoice and a 120,00 credit note, C3 one-off with two invoices of
// 200,00 and 300,00.
func h201Three(t *testing.T, f *fixture) (c2, note, c3a, c3b journal.Entry) {
	t.Helper()
	rrJournal(t, f)
	h201Mandate(t, f, "C2", "FR7630006000011234567890189", "RUM-C2", false)
	h201Mandate(t, f, "C3", "DE89370400440532013000", "RUM-C3", true)
	h201Invoice(t, f, "C1", d(3, 1), d(3, 15), "100.00", "FA-1")
	c2 = h201Invoice(t, f, "C2", d(3, 2), d(3, 31), "500.00", "FA-2")
	note = f.creditNote(t, "C2", d(3, 3), "120.00")
	c3a = h201Invoice(t, f, "C3", d(3, 4), d(3, 20), "300.00", "FA-4")
	c3b = h201Invoice(t, f, "C3", d(3, 3), d(3, 15), "200.00", "FA-3")
	return c2, note, c3a, c3b
}

func h201Request(op journal.ID) reconcile.CollectionRequest {
	return reconcile.CollectionRequest{Operation: op, Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31),
		Creditor: "Atelier Lévêque & Fils", CreditorID: h201ICS}
}

func TestHrev201CollectionRun(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		c2, note, c3a, c3b := h201Three(t, f)
		op := journal.NewID()
		run, err := f.rec.RunCollections(ctx, h201Request(op))
		require.NoError(t, err)
		assert.Equal(t, []reconcile.LeftOut{{Partner: "C1", Reason: "no direct debit mandate"}}, run.LeftOut)
		assert.Equal(t, ident.CreditorID(h201ICS), run.CreditorID)
		assert.Equal(t, "Atelier Lévêque & Fils", run.Creditor)
		require.Len(t, run.Collections, 2)

		col := run.Collections[0]
		assert.Equal(t, "C2", col.Partner)
		assert.Equal(t, "380.00", col.Amount.Plain())
		assert.Equal(t, run.ID+"-1", col.EndToEndID)
		assert.Equal(t, reconcile.SequenceRecurrent, col.Sequence)
		assert.Equal(t, "RUM-C2", col.Account.Mandate.Reference)
		assert.Equal(t, []journal.ID{c2.ID}, col.Invoices)
		assert.Equal(t, []journal.ID{note.ID}, col.CreditNotes)
		p := col.Payment
		assert.Equal(t, d(3, 25), p.Date)
		assert.Equal(t, col.EndToEndID, p.Ref)
		require.Len(t, p.Lines, 2)
		assert.Equal(t, "411000", p.Lines[0].Account)
		assert.Equal(t, "C2", p.Lines[0].Partner)
		assert.Equal(t, "-380.00", p.Lines[0].Balance.Plain())
		assert.Equal(t, "512100", p.Lines[1].Account)
		assert.Equal(t, "380.00", p.Lines[1].Balance.Plain())
		require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
			method, _, err := reconcile.PaymentMethodOf(tx, p.ID)
			assert.Equal(t, reconcile.MethodSEPADebit, method)
			return err
		}))

		col = run.Collections[1]
		assert.Equal(t, "C3", col.Partner)
		assert.Equal(t, "500.00", col.Amount.Plain())
		assert.Equal(t, run.ID+"-2", col.EndToEndID)
		assert.Equal(t, reconcile.SequenceOneOff, col.Sequence)
		assert.Equal(t, []journal.ID{c3b.ID, c3a.ID}, col.Invoices) // oldest due first
		assert.Equal(t, "-500.00", col.Payment.Lines[0].Balance.Plain())
		assert.Equal(t, "500.00", col.Payment.Lines[1].Balance.Plain())

		for _, inv := range []journal.Entry{c2, c3a, c3b} {
			assert.Equal(t, reconcile.InPayment, f.state(t, inv).State, inv.Ref)
		}
		assert.Equal(t, "880.00", f.balance(t, "512100"))

		// The run is a batch of 880,00 the bank's line may settle.
		bs, err := f.rec.Batches(ctx, "BQO")
		require.NoError(t, err)
		require.Len(t, bs, 1)
		assert.Equal(t, reconcile.BatchCollection, bs[0].Kind)
		assert.Equal(t, "880.00", bs[0].Total.Plain())

		// A retry writes nothing and returns the same run.
		before := f.snapshot(t)
		again, err := f.rec.RunCollections(ctx, h201Request(op))
		require.NoError(t, err)
		f.unchanged(t, before)
		assert.Equal(t, run.ID, again.ID)
		assert.Equal(t, run.LeftOut, again.LeftOut)
		require.Len(t, again.Collections, 2)
		for i := range run.Collections {
			assert.Equal(t, run.Collections[i].Payment.ID, again.Collections[i].Payment.ID)
			assert.Equal(t, run.Collections[i].Invoices, again.Collections[i].Invoices)
			assert.Equal(t, run.Collections[i].CreditNotes, again.Collections[i].CreditNotes)
		}
		f.check(t)
	})
}

// A one-off mandate collected once is left out of the next run; a
// recurrent one is collected again.
func TestHrev201OneOffMandateUsedOnce(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h201Three(t, f)
		_, err := f.rec.RunCollections(ctx, h201Request(journal.NewID()))
		require.NoError(t, err)
		h201Invoice(t, f, "C2", d(4, 1), d(4, 10), "50.00", "FA-5")
		h201Invoice(t, f, "C3", d(4, 1), d(4, 10), "70.00", "FA-6")
		req := h201Request(journal.NewID())
		req.Date, req.DueBy = d(4, 20), d(4, 30)
		run, err := f.rec.RunCollections(ctx, req)
		require.NoError(t, err)
		require.Len(t, run.Collections, 1)
		assert.Equal(t, "C2", run.Collections[0].Partner)
		assert.Equal(t, "50.00", run.Collections[0].Amount.Plain())
		assert.Contains(t, run.LeftOut, reconcile.LeftOut{Partner: "C3", Reason: "one-off mandate RUM-C3 already collected"})
		f.check(t)
	})
}

// Bad requests are refused with typed errors and write nothing.
func TestHrev201CollectionRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h201Three(t, f)
		require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BQN", Name: "Sans IBAN", Kind: ledger.JournalBank, BankAccount: "512000",
			UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"}))
		require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BQX", Name: "Direct", Kind: ledger.JournalBank, BankAccount: "512000",
			IBAN: "FR1420041010050500013M02606"}))
		before := f.snapshot(t)
		for name, c := range map[string]struct {
			edit func(*reconcile.CollectionRequest)
			want error
		}{
			"no date":        {func(r *reconcile.CollectionRequest) { r.Date = journal.Date{} }, reconcile.ErrCollection},
			"no due date":    {func(r *reconcile.CollectionRequest) { r.DueBy = journal.Date{} }, reconcile.ErrCollection},
			"no ICS":         {func(r *reconcile.CollectionRequest) { r.CreditorID = "" }, ident.ErrCreditorID},
			"wrong ICS":      {func(r *reconcile.CollectionRequest) { r.CreditorID = "FR73ZZZ123456" }, ident.ErrCreditorID},
			"no IBAN":        {func(r *reconcile.CollectionRequest) { r.Journal = "BQN" }, reconcile.ErrCollection},
			"no outstanding": {func(r *reconcile.CollectionRequest) { r.Journal = "BQX" }, reconcile.ErrCollection},
			"nothing due":    {func(r *reconcile.CollectionRequest) { r.DueBy = d(3, 1) }, reconcile.ErrCollection},
			"only left out":  {func(r *reconcile.CollectionRequest) { r.Partners = []string{"C1"} }, reconcile.ErrCollection},
			"unknown":        {func(r *reconcile.CollectionRequest) { r.Partners = []string{"C9"} }, ledger.ErrUnknownPartner},
		} {
			req := h201Request(journal.NewID())
			c.edit(&req)
			_, err := f.rec.RunCollections(ctx, req)
			assert.ErrorIs(t, err, c.want, name)
			f.unchanged(t, before)
		}
		// A collection date in a locked period.
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(3, 26), "TVA de mars déclarée"))
		before = f.snapshot(t)
		_, err := f.rec.RunCollections(ctx, h201Request(journal.NewID()))
		assert.ErrorIs(t, err, ledger.ErrLocked)
		f.unchanged(t, before)
		f.check(t)
	})
}

// A book kept in another currency than the euro cannot collect.
func TestHrev201CollectionNotInEuros(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixtureIn(t, s.Open(t), currency.MustLookup("USD"))
			rrJournal(t, f)
			_, err := f.rec.RunCollections(ctx, h201Request(journal.NewID()))
			assert.ErrorIs(t, err, reconcile.ErrCollection)
			assert.ErrorContains(t, err, "euros")
		})
	}
}

// A statement line of the collection's amount naming its end-to-end id
// clears it: its invoices are paid. Its return (AM04, insufficient funds)
// reopens them.
func TestHrev201CollectionClearedThenReturned(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		c2, _, c3a, c3b := h201Three(t, f)
		run, err := f.rec.RunCollections(ctx, h201Request(journal.NewID()))
		require.NoError(t, err)
		col := run.Collections[1]
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 25), Amount: e("500.00"), Label: "PRLV SEPA CLIENT C3",
			BankCode: "PMNT/IDDT/ESDD", Transactions: []reconcile.BankTransaction{{Amount: e("500.00"), EndToEndID: col.EndToEndID}}}
		props := retImport(t, f, retStatement(t, "S1", "0.00", in))
		p := hrev45Find(t, props, "L1")
		require.True(t, p.Matched, rvDescribe(p))
		assert.Equal(t, []journal.ID{col.Payment.ID}, p.Target.Payments, rvDescribe(p))
		retApply(t, f, journal.NoID, props)
		assert.Equal(t, reconcile.Paid, f.state(t, c3a).State)
		assert.Equal(t, reconcile.Paid, f.state(t, c3b).State)
		assert.Equal(t, reconcile.InPayment, f.state(t, c2).State) // C2's collection still waits

		back := reconcile.BankEntry{Ref: "L2", BookingDate: d(3, 30), Amount: e("-500.00"), Reversal: true, Label: "RETOUR PRLV SEPA AM04",
			BankCode: "PMNT/IDDT/UPDD", Transactions: []reconcile.BankTransaction{{Amount: e("-500.00"), EndToEndID: col.EndToEndID}}}
		props = retImport(t, f, retStatement(t, "S2", "500.00", back))
		p = hrev45Find(t, props, "L2")
		require.NotNil(t, p.Target.Returns, rvDescribe(p))
		retApply(t, f, journal.NoID, props)
		assert.Equal(t, reconcile.NotPaid, f.state(t, c3a).State)
		assert.Equal(t, reconcile.NotPaid, f.state(t, c3b).State)
		f.check(t)
	})
}

// The bank's single line of the run's total, naming its message id,
// clears every collection of it.
func TestHrev201CollectionClearedByItsTotal(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		c2, _, c3a, _ := h201Three(t, f)
		run, err := f.rec.RunCollections(ctx, h201Request(journal.NewID()))
		require.NoError(t, err)
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 25), Amount: e("880.00"), Label: "REMISE PRLV SEPA",
			Batch: reconcile.BankBatch{MsgID: run.ID}}
		props := retImport(t, f, retStatement(t, "S1", "0.00", in))
		p := hrev45Find(t, props, "L1")
		require.True(t, p.Matched, rvDescribe(p))
		retApply(t, f, journal.NoID, props)
		assert.Equal(t, reconcile.Paid, f.state(t, c2).State)
		assert.Equal(t, reconcile.Paid, f.state(t, c3a).State)
		f.check(t)
	})
}
