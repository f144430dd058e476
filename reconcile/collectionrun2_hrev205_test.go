package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A one-off collection returned (AM04): its invoice reopened; the
// mandate counts as used (as Odoo closes a one-off mandate once used).
func TestHrev205OneOffReturned(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h205Setup(t, f)
		inv := h201Invoice(t, f, "C3", d(3, 1), d(3, 20), "300.00", "FA-1")
		run, err := f.rec.RunCollections(ctx, h205Req(journal.NewID()))
		require.NoError(t, err)
		col := run.Collections[0]
		back := reconcile.BankEntry{Ref: "L2", BookingDate: d(3, 27), Amount: e("-300.00"), Reversal: true, Label: "RETOUR PRLV SEPA AM04",
			BankCode: "PMNT/IDDT/UPDD", Transactions: []reconcile.BankTransaction{{Amount: e("-300.00"), EndToEndID: col.EndToEndID}}}
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 25), Amount: e("300.00"), Label: "PRLV SEPA",
			Transactions: []reconcile.BankTransaction{{Amount: e("300.00"), EndToEndID: col.EndToEndID}}}
		props := retImport(t, f, retStatement(t, "S1", "0.00", in, back))
		retApply(t, f, journal.NoID, props)
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		assert.Equal(t, "0.00", f.balance(t, "512000"))
		assert.Equal(t, "0.00", f.balance(t, "512100"))
		req := h205Req(journal.NewID())
		req.Date = d(4, 2)
		before := f.snapshot(t)
		_, err = f.rec.RunCollections(ctx, req)
		assert.ErrorIs(t, err, reconcile.ErrCollection)
		assert.ErrorContains(t, err, "one-off mandate RUM-C3 already collected")
		f.unchanged(t, before)
		f.check(t)
	})
}

// A mandate signed after the collection date: left out, nothing set off
// for that customer.
func TestHrev205SignedAfterLeftOut(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h205Setup(t, f)
		p, err := f.book.Partner(ctx, "C3")
		require.NoError(t, err)
		p.BankAccounts[0].Mandate.Signed = d(3, 26)
		require.NoError(t, f.book.UpdatePartner(ctx, p))
		h201Invoice(t, f, "C2", d(3, 1), d(3, 20), "100.00", "FA-1")
		c3 := h201Invoice(t, f, "C3", d(3, 1), d(3, 20), "300.00", "FA-2")
		note := f.creditNote(t, "C3", d(3, 2), "50.00")
		run, err := f.rec.RunCollections(ctx, h205Req(journal.NewID()))
		require.NoError(t, err)
		require.Len(t, run.Collections, 1)
		assert.Equal(t, []reconcile.LeftOut{{Partner: "C3", Reason: "mandate RUM-C3 signed on 2026-03-26, after the collection date"}}, run.LeftOut)
		assert.Equal(t, reconcile.NotPaid, f.state(t, c3).State)
		assert.Equal(t, "50.00", f.state(t, note).Residual.Plain())
		f.check(t)
	})
}

// Mandate references are unique in the book without regard to case.
func TestHrev205MandateUnique(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h205Setup(t, f)
		p, err := f.book.Partner(ctx, "C1")
		require.NoError(t, err)
		p.BankAccounts = []ledger.BankAccount{{IBAN: "NL91ABNA0417164300", Mandate: ledger.Mandate{Reference: "rum-c2", Signed: d(1, 2)}}}
		assert.ErrorIs(t, f.book.UpdatePartner(ctx, p), ledger.ErrMandate)
		err = f.book.AddPartner(ctx, ledger.Partner{Code: "C9", Name: "Neuf", BankAccounts: []ledger.BankAccount{
			{IBAN: "NL91ABNA0417164300", Mandate: ledger.Mandate{Reference: "Rum-C3", Signed: d(1, 2)}}}})
		assert.ErrorIs(t, err, ledger.ErrMandate)
		// Its own mandate kept on an update is no conflict.
		p, err = f.book.Partner(ctx, "C2")
		require.NoError(t, err)
		p.Name = "Renamed"
		require.NoError(t, f.book.UpdatePartner(ctx, p))
		p.BankAccounts = append(p.BankAccounts, ledger.BankAccount{IBAN: "NL91ABNA0417164300",
			Mandate: ledger.Mandate{Reference: "RUM-c2", Signed: d(1, 2)}})
		assert.ErrorIs(t, f.book.UpdatePartner(ctx, p), ledger.ErrMandate)
		p.BankAccounts[1].Mandate = ledger.Mandate{Reference: "RUM-X", OneOff: true}
		assert.ErrorIs(t, f.book.UpdatePartner(ctx, p), ledger.ErrMandate)
		f.check(t)
	})
}
