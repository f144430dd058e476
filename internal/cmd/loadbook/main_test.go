package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadBook loads a small book without fsync and auto-letters some
// customers, then opens it again as a program would and checks it: Check
// and Verify are clean, the customers owe what was invoiced less what they
// paid, and the progress lines were printed.
func TestLoadBook(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "book.db")
	var out bytes.Buffer
	tot, err := run(ctx, config{file: path, lines: 20_000, batch: 1000, partners: 10_000, seed: 7, noSync: true, every: 5_000, letter: 50}, &out)
	require.NoError(t, err)
	t.Log("\n" + out.String())
	assert.GreaterOrEqual(t, tot.lines, 20_000)
	assert.Less(t, tot.lines, 20_003, "stops at the entry that reaches -lines")
	assert.Equal(t, tot.entries, tot.invoices+tot.payments)
	for _, n := range []int{tot.pairs, tot.partials} {
		assert.Greater(t, n, tot.payments/20, "pairs and partial payments are a few percent of the payments")
	}
	assert.Equal(t, 5+tot.entries/5_000, strings.Count(out.String(), "\n"), "a header, a line per 5 000 entries, the end, the totals and the lettering")
	assert.Regexp(t, `auto-lettered 50 customers one call each: [1-9][0-9]* lines`, out.String())

	_, err = run(ctx, config{file: path, lines: 10, batch: 10, partners: 1, every: 1}, &out)
	assert.ErrorContains(t, err, "exists", "an existing book is left alone")

	st, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	defer st.Close()
	book, err := ledger.Open(ctx, st, ledger.Options{})
	require.NoError(t, err)
	require.NoError(t, book.Check(ctx))
	require.NoError(t, book.Verify(ctx))
	bal, err := book.Balance(ctx, ledger.BalanceQuery{Account: "411000"})
	require.NoError(t, err)
	assert.Equal(t, mustSub(tot.invoiced, tot.received).Plain(), bal.Balance.Plain())
	bank, err := book.Balance(ctx, ledger.BalanceQuery{Account: "512000"})
	require.NoError(t, err)
	assert.Equal(t, tot.received.Plain(), bank.Balance.Plain())
}

// TestWorkloadDeterministic: a seed makes the same entries, ids included;
// another seed other ones.
func TestWorkloadDeterministic(t *testing.T) {
	c := config{lines: 5_000, partners: 100, seed: 3}
	a, b, other := newWorkload(c), newWorkload(c), newWorkload(config{lines: 5_000, partners: 100, seed: 4})
	same := true
	var last journal.Date
	for i := 0; i < 500; i++ {
		x, ok1 := a.next()
		y, ok2 := b.next()
		z, _ := other.next()
		require.True(t, ok1 && ok2)
		require.Equal(t, x.ID, y.ID, "entry %d", i)
		require.Equal(t, x.Ref+x.Label+x.Date.String(), y.Ref+y.Label+y.Date.String(), "entry %d", i)
		for j := range x.Lines {
			require.Equal(t, x.Lines[j].Balance.Plain(), y.Lines[j].Balance.Plain(), "entry %d line %d", i, j)
		}
		same = same && x.ID == z.ID
		if i > 0 {
			require.False(t, x.Date.Before(last), "entry %d dated %s after %s", i, x.Date, last)
		}
		last = x.Date
	}
	assert.False(t, same, "another seed, other ids")
}
