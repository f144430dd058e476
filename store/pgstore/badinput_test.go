package pgstore_test

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// admin runs SQL on the test server outside any store.
func admin(t *testing.T, sql string, args ...any) {
	t.Helper()
	c, err := pgx.Connect(ctx, storetest.PostgresDSN(t))
	require.NoError(t, err)
	defer c.Close(ctx)
	_, err = c.Exec(ctx, sql, args...)
	require.NoError(t, err)
}

// dsnWith returns the test DSN with its user or database replaced.
func dsnWith(t *testing.T, user, database string) string {
	u, err := url.Parse(storetest.PostgresDSN(t))
	require.NoError(t, err)
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		t.Skip("the test DSN is not a URL")
	}
	if user != "" {
		u.User = url.UserPassword(user, "not-the-password")
	}
	if database != "" {
		u.Path = "/" + database
	}
	return u.String()
}

func TestOpenUnreachable(t *testing.T) {
	// A port nothing listens on: a closed listener's.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	start := time.Now()
	_, err = pgstore.Open(ctx, "postgres://lettrage@"+addr+"/books?connect_timeout=2", pgstore.Options{})
	assert.ErrorIs(t, err, pgstore.ErrConnect)
	assert.Less(t, time.Since(start), 2*time.Second, "refused at once, not retried")
}

func TestOpenWrongCredentials(t *testing.T) {
	_, err := pgstore.Open(ctx, dsnWith(t, "no_such_role", ""), pgstore.Options{Schema: storetest.PostgresSchema()})
	assert.ErrorIs(t, err, pgstore.ErrConnect)
	assert.NotContains(t, err.Error(), "not-the-password", "the password never shows in an error")
	_, err = pgstore.Open(ctx, dsnWith(t, "", "no_such_database"), pgstore.Options{Schema: storetest.PostgresSchema()})
	assert.ErrorIs(t, err, pgstore.ErrConnect)
	_, err = pgstore.Open(ctx, "postgres://u:secret@host:notaport/db", pgstore.Options{})
	assert.ErrorIs(t, err, pgstore.ErrConnect)
	assert.NotContains(t, err.Error(), "secret")
}

func TestOpenBadSchema(t *testing.T) {
	for _, name := range []string{"Upper", "with space", "9lives", "pg_catalog", `quo"te`, string(make([]byte, 64))} {
		_, err := pgstore.Open(ctx, "postgres://never-dialled/db", pgstore.Options{Schema: name})
		assert.ErrorIs(t, err, pgstore.ErrBadSchema, name)
	}
}

func TestOpenOtherVersion(t *testing.T) {
	s := open(t)
	schema := s.Schema()
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("b"), []byte("k"), []byte("v")) }))
	require.NoError(t, s.Close())
	admin(t, `UPDATE `+pgx.Identifier{schema, "meta"}.Sanitize()+` SET value = '7' WHERE name = 'schema_version'`)
	_, err := pgstore.Open(ctx, storetest.PostgresDSN(t), pgstore.Options{Schema: schema})
	var ve *pgstore.SchemaVersionError
	require.ErrorAs(t, err, &ve)
	assert.ErrorIs(t, err, pgstore.ErrSchemaVersion)
	assert.Equal(t, 7, ve.Found)
	assert.Equal(t, pgstore.SchemaVersion, ve.Want)
	assert.Contains(t, err.Error(), "version 7")
	assert.Contains(t, err.Error(), "version 1")
	admin(t, `UPDATE `+pgx.Identifier{schema, "meta"}.Sanitize()+` SET value = '1' WHERE name = 'schema_version'`) // so that cleanup drops it
}

func TestOpenForeignSchema(t *testing.T) {
	for name, ddl := range map[string]string{
		"another table":       `CREATE TABLE %s.invoices (id int PRIMARY KEY, total numeric)`,
		"a view":              `CREATE VIEW %s.v AS SELECT 1 AS one`,
		"our names, not ours": `CREATE TABLE %s.meta (id int)`,
	} {
		t.Run(name, func(t *testing.T) {
			schema := storetest.PostgresSchema()
			q := pgx.Identifier{schema}.Sanitize()
			admin(t, `CREATE SCHEMA `+q)
			t.Cleanup(func() { admin(t, `DROP SCHEMA `+q+` CASCADE`) })
			admin(t, fmt.Sprintf(ddl, q))
			_, err := pgstore.Open(ctx, storetest.PostgresDSN(t), pgstore.Options{Schema: schema})
			assert.ErrorIs(t, err, pgstore.ErrForeignSchema)
			// Nothing was written: the schema holds what it held.
			c, err := pgx.Connect(ctx, storetest.PostgresDSN(t))
			require.NoError(t, err)
			defer c.Close(ctx)
			var n int
			require.NoError(t, c.QueryRow(ctx, `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = $1 AND c.relname IN ('kv', 'kv_pkey', 'meta_pkey')`, schema).Scan(&n))
			assert.Zero(t, n)
		})
	}
	// A book's schema to which someone added a table is refused too.
	s := open(t)
	admin(t, `CREATE TABLE `+pgx.Identifier{s.Schema(), "extra"}.Sanitize()+` (x int)`)
	_, err := pgstore.Open(ctx, storetest.PostgresDSN(t), pgstore.Options{Schema: s.Schema()})
	assert.ErrorIs(t, err, pgstore.ErrForeignSchema)
	assert.ErrorIs(t, s.Drop(ctx), pgstore.ErrForeignSchema, "Drop refuses it as well")
	admin(t, `DROP TABLE `+pgx.Identifier{s.Schema(), "extra"}.Sanitize())
	require.NoError(t, storetest.OpenPostgres(t, pgstore.Options{Schema: s.Schema()}).Close())
}

// TestConnectionLostNotRetried: the server ends the connection in the
// middle of an Update. Update returns the error after one run: a lost
// connection is not a conflict, and nothing was committed.
func TestConnectionLostNotRetried(t *testing.T) {
	s := open(t)
	runs := 0
	err := s.Update(ctx, func(tx store.Tx) error {
		runs++
		if err := tx.Put([]byte("b"), []byte("k"), []byte("v")); err != nil {
			return err
		}
		if _, err := tx.Get([]byte("b"), []byte("other")); !errors.Is(err, store.ErrNotFound) {
			return err
		}
		// Only this store's connection: its last statement names its schema.
		admin(t, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE pid <> pg_backend_pid() AND state LIKE 'idle in transaction%' AND position($1 in query) > 0`, s.Schema())
		return tx.Put([]byte("b"), []byte("k2"), []byte("v"))
	})
	require.Error(t, err)
	assert.Equal(t, 1, runs)
	assert.NotErrorIs(t, err, pgstore.ErrConflict)
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		_, err := tx.Get([]byte("b"), []byte("k"))
		assert.ErrorIs(t, err, store.ErrNotFound)
		return nil
	}), "the pool replaces the lost connection")
}
