package pgstore_test

// Review 23: schemas. Run with LETTRAGE_PG_DSN set.

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// review23Holds reports whether schema exists and, if so, what it holds
// besides relations: functions and types.
func review23Holds(t *testing.T, schema string) (exists bool, funcs, types int) {
	t.Helper()
	c, err := pgx.Connect(ctx, storetest.PostgresDSN(t))
	require.NoError(t, err)
	defer c.Close(ctx)
	require.NoError(t, c.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1),
		(SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1),
		(SELECT count(*) FROM pg_type ty JOIN pg_namespace n ON n.oid = ty.typnamespace WHERE n.nspname = $1 AND ty.typtype IN ('e', 'd'))`,
		schema).Scan(&exists, &funcs, &types))
	return exists, funcs, types
}

// TestReview23ForeignSchemaWithoutTables: a schema of another application
// that holds functions, an enum type or a domain but no table is not
// empty: Open must refuse it with ErrForeignSchema (the package promises
// another application's data is never written to or taken over). Taking
// it over means a later Drop runs DROP SCHEMA … CASCADE over the other
// application's functions and types.
func TestReview23ForeignSchemaWithoutTables(t *testing.T) {
	for _, c := range []struct{ name, ddl string }{
		{"a function", `CREATE FUNCTION %s.app_total(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT a + b'`},
		{"an enum type", `CREATE TYPE %s.app_state AS ENUM ('draft', 'posted')`},
		{"a domain", `CREATE DOMAIN %s.app_amount AS numeric(18, 2)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			schema := storetest.PostgresSchema()
			q := pgx.Identifier{schema}.Sanitize()
			admin(t, `CREATE SCHEMA `+q)
			t.Cleanup(func() { admin(t, `DROP SCHEMA IF EXISTS `+q+` CASCADE`) })
			admin(t, fmt.Sprintf(c.ddl, q))
			s, err := pgstore.Open(ctx, storetest.PostgresDSN(t), pgstore.Options{Schema: schema})
			if err == nil {
				// Show what taking it over leads to: Drop deletes the other application's objects.
				dropErr := s.Drop(ctx)
				exists, funcs, types := review23Holds(t, schema)
				t.Logf("Open took the schema over; Drop then returned %v; schema exists: %v, functions left: %d, enum/domain types left: %d",
					dropErr, exists, funcs, types)
			}
			assert.ErrorIs(t, err, pgstore.ErrForeignSchema, "Open of a schema holding %s", c.name)
		})
	}
}

// TestReview23HalfABook: a schema holding the book's meta table (with the
// right version) but no kv table is not a book: Open must refuse it
// rather than succeed and leave every transaction to fail.
func TestReview23HalfABook(t *testing.T) {
	s := open(t)
	schema := s.Schema()
	admin(t, `DROP TABLE `+pgx.Identifier{schema, "kv"}.Sanitize())
	require.NoError(t, s.Close())
	// What is left of the book goes before the store's own clean-up, which
	// opens it again to drop it.
	t.Cleanup(func() { admin(t, `DROP TABLE `+pgx.Identifier{schema, "meta"}.Sanitize()) })
	s2, err := pgstore.Open(ctx, storetest.PostgresDSN(t), pgstore.Options{Schema: schema, NoCreate: true})
	if err == nil {
		uerr := s2.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("b"), []byte("k"), []byte("v")) })
		t.Logf("Open succeeded; the first Update returned %v", uerr)
		s2.Close()
	}
	assert.ErrorIs(t, err, store.ErrCorrupt, "Open of a schema whose kv table is missing")
}

// TestReview23OddSchemaNames: schema names the package accepts that SQL
// treats specially (reserved words, a lone underscore, the longest
// name, a name like another's with a suffix) each hold their own book, and
// two books never see each other's keys.
func TestReview23OddSchemaNames(t *testing.T) {
	suffix := storetest.PostgresSchema()[2:8]
	names := []string{"select_" + suffix, "user", "_", "t" + strings.Repeat("x", 56) + suffix, "order"}
	names = append(names, names[0]+"_kv")
	var stores []*pgstore.DB
	for _, name := range names {
		exists, _, _ := review23Holds(t, name)
		if exists {
			t.Logf("schema %q exists on this server already: left alone", name)
			continue
		}
		s, err := pgstore.Open(ctx, storetest.PostgresDSN(t), pgstore.Options{Schema: name, MaxConns: 2})
		if !assert.NoError(t, err, "Open %q", name) {
			continue
		}
		t.Cleanup(func() {
			if err := s.Drop(ctx); err != nil && !errors.Is(err, store.ErrClosed) {
				t.Errorf("drop %q: %v", name, err)
			}
		})
		stores = append(stores, s)
	}
	for i, s := range stores {
		require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
			return tx.Put([]byte("b"), []byte("who"), []byte(s.Schema()))
		}), "%d %q", i, s.Schema())
	}
	for _, s := range stores {
		require.NoError(t, s.View(ctx, func(tx store.Tx) error {
			n := 0
			return tx.Scan([]byte("b"), nil, nil, false, func(k, v []byte) error {
				n++
				if string(v) != s.Schema() || n > 1 {
					return fmt.Errorf("book %q sees %q=%q", s.Schema(), k, v)
				}
				return nil
			})
		}))
	}
}
