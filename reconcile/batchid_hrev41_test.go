package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/reconcile"
)

// Was failing, fixed: BankBatch.Count "is the number of transactions the bank says
// the batch holds (NbOfTxs)", and Check accepts any count not negative,
// so a statement whose entry's batch gives a count but no id (a count
// alone names nothing, yet it is the bank's information) is imported —
// but the book keeps it without the count: BankEntry.Batch is
// `json:",omitzero"` and BankBatch.IsZero ignores Count, so encoding/json
// drops the whole Batch. Statements reads back another statement than
// the one imported (Batch{} for Batch{Count: 3}).
func TestHrev41BatchCountAloneLostOnImport(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		s := reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "S1", Currency: eur, Opening: e("0.00"), Closing: e("-300.00"),
			OpeningDate: d(4, 3), ClosingDate: d(4, 3), Entries: []reconcile.BankEntry{
				{Ref: "E1", BookingDate: d(4, 3), Amount: e("-300.00"), Label: "VIR SEPA EMIS", Batch: reconcile.BankBatch{Count: 3}}}}
		require.NoError(t, s.Check())
		_, err := f.rec.ImportStatement(ctx, s)
		require.NoError(t, err)
		kept, err := f.rec.Statements(ctx, "BQO")
		require.NoError(t, err)
		require.Equal(t, s.Entries[0].Batch, kept[0].Entries[0].Batch, "the statement reads back as imported")
	})
}
