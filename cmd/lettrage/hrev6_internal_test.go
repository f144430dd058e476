package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
)

// hrev6Counting counts the transactions run on a store.
type hrev6Counting struct {
	store.Store
	views, updates atomic.Int64
}

func (c *hrev6Counting) View(ctx context.Context, fn func(store.Tx) error) error {
	c.views.Add(1)
	return c.Store.View(ctx, fn)
}

func (c *hrev6Counting) Update(ctx context.Context, fn func(store.Tx) error) error {
	c.updates.Add(1)
	return c.Store.Update(ctx, fn)
}

// hrev6ImportBatch prepares the batch 'import entries' posts for a CSV of
// n invoices of C01 (no due column), as cmdImportEntries does, on a book
// whose store counts its transactions.
func hrev6ImportBatch(t *testing.T, n int) (*hrev6Counting, func() []journal.Entry) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "book.db")
	var out, errb bytes.Buffer
	require.Equal(t, exitOK, runMain(ctx, []string{"--book", path, "init", "--year", "2026"}, strings.NewReader(""), &out, &errb), errb.String())
	require.Equal(t, exitOK, runMain(ctx, []string{"--book", path, "partner", "add", "C01", "--terms", "30"}, strings.NewReader(""), &out, &errb), errb.String())

	var csv strings.Builder
	csv.WriteString("date;journal;ref;label;account;partner;debit;credit\n")
	for i := range n {
		fmt.Fprintf(&csv, "2026-03-02;VT;FA-%05d;Facture;411000;C01;120,00;\n", i)
		fmt.Fprintf(&csv, "2026-03-02;VT;FA-%05d;Facture;706000;;;100,00\n", i)
		fmt.Fprintf(&csv, "2026-03-02;VT;FA-%05d;Facture;445710;;;20,00\n", i)
	}
	st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	cs := &hrev6Counting{Store: st}
	b, err := ledger.Open(ctx, cs, ledger.Options{})
	require.NoError(t, err)
	a := &app{ctx: ctx, stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, bookPath: path}
	entries, problems, err := readCSVEntries(strings.NewReader(csv.String()), ';', b.Currency())
	require.NoError(t, err)
	require.Empty(t, problems)
	require.Len(t, entries, n)
	kinds, err := journalKinds(a, b, entries)
	require.NoError(t, err)
	finishCSVEntries(entries, kinds, nil)
	return cs, func() []journal.Entry {
		batch := make([]journal.Entry, len(entries))
		for i, e := range entries {
			batch[i] = e.entry
		}
		require.NoError(t, importDue(a, b, batch))
		return batch
	}
}

// importDue looks each imported invoice up in the book, one read
// transaction per entry (b.Entry opens its own View), before the batch is
// posted in one transaction. DESIGN §14 has imports of 10 000 entries
// (TestEndToEnd); on the PostgreSQL store each View is a round trip to
// the server (BEGIN, SELECT, COMMIT), so a first import of a 10 000-entry
// file makes 10 000 extra transactions to learn that none of its
// entries exist, and a re-import as many again. The lookup belongs in one
// read (or in the batch's own transaction), as partnerDue caches the
// partners' terms per partner.
//
// Expected: preparing the batch of 1 000 invoices reads the store in a
// bounded number of transactions (here at most 10), whatever the number
// of entries.
// Observed: 1 001 transactions: one View per entry (b.Entry) and one
// for the partner's terms.
func TestHrev6ImportDueOneReadPerEntry(t *testing.T) {
	const n = 1000
	cs, prepare := hrev6ImportBatch(t, n)
	before := cs.views.Load() + cs.updates.Load()
	prepare()
	first := cs.views.Load() + cs.updates.Load() - before
	assert.LessOrEqual(t, first, int64(10), "store transactions to prepare %d new invoices", n)
}
