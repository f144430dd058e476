package main

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/boltstore"
)

// Was failing, fixed: the example books "What the account held on 1 March" as
// OD/2026/00001 of 01/03/2026, label "Apport", Dr 512000 / Cr 101000
// Capital, of type journal.TypeOpening — the type of opening balances
// (à-nouveaux, journal/entry.go), which the FEC writer moves ahead of the
// year's entries as balances taken over. Expected: an opening entry is
// dated the fiscal year's first day (01/01/2026; the à-nouveaux open the
// year, art. A47 A-1 LPF / BOI-CF-IOR-60-40-20: "les écritures d'à-nouveau
// … en début d'exercice"), and a capital contribution received on
// 1 March (an "apport", credited to 101 Capital) is an operation of the
// year, of type misc; actual: an à-nouveau in the middle of the year. An
// example teaches typing a transaction of the year as an opening balance.
func TestBankOpeningEntryOnTheYearsFirstDay(t *testing.T) {
	_, _, book := runAndOpen(t)
	openings, capital := 0, 0
	for it, err := range book.Lines(ctx, ledger.LineFilter{Account: "512000"}) {
		require.NoError(t, err)
		e, err := book.Entry(ctx, it.Ref.Entry)
		require.NoError(t, err)
		if e.Type == journal.TypeOpening {
			openings++
			assert.Equal(t, journal.MustDate(2026, 1, 1), e.Date,
				"%s %q, of type opening (à-nouveaux), is dated the fiscal year's first day", e.Name(), e.Label)
		}
		if slices.ContainsFunc(e.Lines, func(l journal.Line) bool { return l.Account == "101000" }) {
			capital++
			assert.Equal(t, journal.TypeMisc, e.Type, "the capital paid in on %s is an operation of the year", e.Date)
		}
	}
	assert.Equal(t, 1, capital, "the capital paid in")
	t.Logf("%d opening entries on 512000", openings)
}

// ctx is the examples' tests' context.
var ctx = context.Background()

// runAndOpen runs the example in a folder of its own and opens the book
// it left there (closed at the test's end), with the folder and what the
// example printed.
func runAndOpen(t *testing.T) (string, string, *ledger.Book) {
	t.Helper()
	dir := t.TempDir()
	var out bytes.Buffer
	require.NoError(t, run(ctx, dir, &out))
	st, err := boltstore.Open(filepath.Join(dir, "book.db"), boltstore.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	book, err := ledger.Open(ctx, st, ledger.Options{})
	require.NoError(t, err)
	return dir, out.String(), book
}
