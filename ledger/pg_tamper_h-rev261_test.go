package ledger_test

// Review h-rev261: a book on PostgreSQL whose rows someone with SQL access
// changed. Run with LETTRAGE_PG_DSN set.

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Pins: on PostgreSQL, an UPDATE of one byte of a logged entry's record
// (its last byte) and a DELETE of one open-item index row, made in SQL
// behind the book's back, are each found by Check, and the first by Verify
// (DESIGN §7.3: posted entries never change, their stored hashes verify;
// §7.2: indexes agree with the data).
func TestHrev261PgTamperedRowsFound(t *testing.T) {
	ctx := context.Background()
	st := storetest.OpenPostgres(t, pgstore.Options{MaxConns: 2})
	bk := benchBook(t, st)
	addPartners(t, bk, 1)
	for i := 0; i < 3; i++ {
		e := benchEntry(i, "C000000")
		e.ID = journal.NewID()
		_, err := bk.Post(ctx, e)
		require.NoError(t, err)
	}
	require.NoError(t, bk.Check(ctx))
	require.NoError(t, bk.Verify(ctx))

	c, err := pgx.Connect(ctx, storetest.PostgresDSN(t))
	require.NoError(t, err)
	defer c.Close(ctx)
	kv := pgx.Identifier{st.Schema(), "kv"}.Sanitize()
	exec := func(q string) {
		t.Helper()
		tag, err := c.Exec(ctx, q)
		require.NoError(t, err)
		require.EqualValues(t, 1, tag.RowsAffected(), q)
	}

	// One byte of entry 2's record.
	exec(`UPDATE ` + kv + ` SET value = set_byte(value, length(value) - 1, get_byte(value, length(value) - 1) # 1)
		WHERE bucket = 'log'::bytea AND key = '\x0000000000000002'::bytea`)
	assert.Error(t, bk.Check(ctx), "Check after a logged record changed")
	assert.Error(t, bk.Verify(ctx), "Verify after a logged record changed")
	exec(`UPDATE ` + kv + ` SET value = set_byte(value, length(value) - 1, get_byte(value, length(value) - 1) # 1)
		WHERE bucket = 'log'::bytea AND key = '\x0000000000000002'::bytea`)
	require.NoError(t, bk.Check(ctx))

	// One open-item row gone.
	exec(`DELETE FROM ` + kv + ` WHERE (bucket, key) = (SELECT bucket, key FROM ` + kv + `
		WHERE bucket = 'ix.open'::bytea ORDER BY key LIMIT 1)`)
	assert.Error(t, bk.Check(ctx), "Check after an open-item index row was deleted")
}

// Pins: two processes (two stores on one schema) create the same book at
// once: exactly one Create succeeds, the other gets ErrBookExists, and both
// handles then open the one book (DESIGN §4: Create returns ErrBookExists
// on a store that holds one; §15: several processes may share a book).
func TestHrev261PgCreateTwiceAtOnce(t *testing.T) {
	ctx := context.Background()
	a := storetest.OpenPostgres(t, pgstore.Options{MaxConns: 2})
	b, err := pgstore.Open(ctx, storetest.PostgresDSN(t), pgstore.Options{Schema: a.Schema(), MaxConns: 2})
	require.NoError(t, err)
	defer b.Close()
	errs := make(chan error, 2)
	for _, st := range []*pgstore.DB{a, b} {
		go func() {
			_, err := ledger.Create(ctx, st, ledger.Options{Currency: currency.MustLookup("EUR")})
			errs <- err
		}()
	}
	e1, e2 := <-errs, <-errs
	if e1 != nil {
		e1, e2 = e2, e1
	}
	require.NoError(t, e1)
	require.ErrorIs(t, e2, ledger.ErrBookExists)
	for _, st := range []*pgstore.DB{a, b} {
		bk, err := ledger.Open(ctx, st, ledger.Options{})
		require.NoError(t, err)
		require.NoError(t, bk.Check(ctx))
	}
}
