package main_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPostgresBook drives a book kept in a PostgreSQL schema named by
// --book: init, a second init refused, an invoice posted and paid, the
// trial balance, verify; a schema without a book is named with the way
// to create one, and a DSN's password is never printed.
func TestPostgresBook(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	schema := storetest.PostgresSchema()
	t.Cleanup(func() {
		st, err := pgstore.Open(context.Background(), dsn, pgstore.Options{Schema: schema})
		if err == nil {
			err = st.Drop(context.Background())
		}
		if err != nil {
			t.Errorf("dropping %s: %v", schema, err)
		}
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	book := dsn + sep + "schema=" + schema
	dir := t.TempDir()
	r := run(t, dir, "", "report", "trial", "--book", book)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "no book at")
	assert.Contains(t, r.stderr, "lettrage init --book")
	_, err := pgstore.Open(context.Background(), dsn, pgstore.Options{Schema: schema, NoCreate: true})
	require.ErrorIs(t, err, pgstore.ErrNoSchema, "a report on a schema without a book writes nothing")
	r = run(t, dir, "", "init", "--book", book, "--year", "2026")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "init", "--book", book, "--year", "2026")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "holds a book")
	r = run(t, dir, "", "partner", "add", "--book", book, "C01")
	require.Equal(t, 0, r.code, r.stderr)
	inv := `{"journal":"VT","date":"2026-03-02","type":"invoice","ref":"FA-1","label":"Facture",
		"lines":[{"account":"411000","partner":"C01","debit":"120.00"},{"account":"706000","credit":"120.00"}]}`
	r = run(t, dir, inv, "post", "--book", book, "-")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "pay", "--book", book, "VT/2026/00001", "--date", "2026-03-10")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Letter AAA on 411000 C01")
	r = run(t, dir, "", "report", "trial", "--book", book)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "512000")
	r = run(t, dir, "", "verify", "--book", book)
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "report", "trial", "--book", "postgres://u:s3cret@127.0.0.1:1/x?schema=a&connect_timeout=2")
	assert.Equal(t, 1, r.code)
	assert.NotContains(t, r.stderr, "s3cret")
	r = run(t, dir, "", "report", "trial", "--book", "postgres://u@127.0.0.1:1/x?password=s3cret&schema=a&connect_timeout=2")
	assert.Equal(t, 1, r.code)
	assert.NotContains(t, r.stderr, "s3cret", "a password given as a parameter")
}
