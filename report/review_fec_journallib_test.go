package report_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
)

// A journal the book accepted without a name makes the whole FEC of the
// year impossible to write.
//
// Expected: WriteFEC writes the file, JournalLib falling back to the
// journal's code, as CompteLib falls back to the account's code,
// CompAuxLib to the partner's code and EcritureLib to the entry number
// (DESIGN.md §13: one FEC per fiscal year, 18 columns; JournalLib, the
// journal's label, is one of the columns of art. A47 A-1 LPF that the
// DGFiP's tool and our own validator, fec.requiredColumns, require).
// Observed: ledger.Book.AddJournal accepts Name "" and WriteFEC then
// fails with "fec: required column is empty: JournalLib": the company
// cannot hand over its FEC at all.
func TestReviewFecJournalWithoutName(t *testing.T) {
	b := reviewFecNew(t, nil, ledger.CalendarYear(2026))
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "XX", Name: "", Kind: ledger.JournalGeneral}))
	reviewFecPost(t, b, journal.Entry{Journal: "XX", Date: date(2026, 3, 1), Label: "x", Lines: []journal.Line{
		{Account: "613200", Balance: e("10.00")}, {Account: "512000", Balance: e("-10.00")}}})
	var buf bytes.Buffer
	sum, err := report.WriteFEC(ctx, b, "2026", &buf, report.FECOptions{Separator: fec.Pipe})
	require.NoError(t, err)
	require.Contains(t, buf.String(), "\nXX|XX|XX/2026/00001|")
	rep := reviewFecValidate(t, buf.String(), sum)
	require.True(t, rep.OK(), "%v", rep.Findings)
}
