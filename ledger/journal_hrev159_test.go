package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A journal stored before AddJournal refused its outstanding accounts (a
// general or sales journal waiting on outstanding accounts, a bank
// journal waiting on its own bank account) does not fail Check; AddJournal
// refuses the same journals with ErrKind.
func TestHrev159CheckPassesStoredOutstandingJournals(t *testing.T) {
	bad := []journalRec{
		{Code: "OD9", Kind: uint8(JournalGeneral), UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"},
		{Code: "VT9", Kind: uint8(JournalSale), UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"},
		{Code: "BN8", Kind: uint8(JournalBank), BankAccount: "512100", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"},
	}
	st := memstore.New()
	b := testBook(t, st)
	for _, r := range bad {
		j := Journal{Code: r.Code, Name: "x", Kind: JournalKind(r.Kind), BankAccount: r.BankAccount, UsesOutstanding: true,
			OutstandingReceipts: r.OutstandingReceipts, OutstandingPayments: r.OutstandingPayments}
		require.ErrorIs(t, b.AddJournal(ctx, j), ErrKind, r.Code)
	}
	b.strict = false
	require.NoError(t, b.Update(ctx, func(t *Tx) error {
		for _, r := range bad {
			r.Name = "x"
			if err := putNew(t.st, bJournal, r.Code, r); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(t, b.Check(ctx))
}

// Every other Check finding about a stored journal still fires.
func TestHrev159CheckOtherJournalFindings(t *testing.T) {
	for _, c := range []struct {
		name string
		key  string
		rec  journalRec
		want string
	}{
		{"key differs", "ODX", journalRec{Code: "ODY", Kind: uint8(JournalGeneral)}, `journal "ODX"`},
		{"kind out of range", "ODK", journalRec{Code: "ODK", Kind: 200}, `journal "ODK"`},
		{"IBAN on a general journal", "ODI", journalRec{Code: "ODI", Kind: uint8(JournalGeneral), IBAN: "FR7630006000011234567890189"}, "holds IBAN"},
		{"unknown outstanding account", "BNU", journalRec{Code: "BNU", Kind: uint8(JournalBank), BankAccount: "512000",
			UsesOutstanding: true, OutstandingReceipts: "519999", OutstandingPayments: "512200"}, "names account 519999, which does not exist"},
		{"unknown outstanding on a general journal", "ODU", journalRec{Code: "ODU", Kind: uint8(JournalGeneral),
			UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "519998"}, "names account 519998, which does not exist"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := memstore.New()
			b := testBook(t, st)
			b.strict = false
			require.NoError(t, b.Update(ctx, func(t *Tx) error {
				c.rec.Name = "x"
				return putNew(t.st, bJournal, c.key, c.rec)
			}))
			err := b.Check(ctx)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}
