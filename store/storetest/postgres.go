package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/stretchr/testify/require"
)

// PostgresDSNVar names the environment variable that points the tests at a
// PostgreSQL server: with it set, Backends holds a PostgreSQL backend and
// the pgstore tests run; .ci/run starts a throwaway server and sets it.
const PostgresDSNVar = "LETTRAGE_PG_DSN"

// PostgresSkip is the line a PostgreSQL test prints when it skips.
const PostgresSkip = PostgresDSNVar + " is not set: run LETTRAGE_PG_DSN=postgres://user@host/db go test ./..., or .ci/run, which starts a server"

// PostgresDSN returns the server the tests use, or skips t with
// PostgresSkip.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(PostgresDSNVar)
	if dsn == "" {
		t.Skip(PostgresSkip)
	}
	return dsn
}

// PostgresSchema returns a new schema name, one no other test uses.
func PostgresSchema() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "t_" + hex.EncodeToString(b[:])
}

// OpenPostgres opens a book in a fresh schema of the server PostgresDSN
// names, dropped with everything in it by t.Cleanup.
func OpenPostgres(t testing.TB, opts pgstore.Options) *pgstore.DB {
	t.Helper()
	dsn := PostgresDSN(t)
	if opts.Schema == "" {
		opts.Schema = PostgresSchema()
	}
	if opts.MaxConns == 0 {
		opts.MaxConns = 4 // many tests hold a store open at once; the server serves 100 connections by default
	}
	st, err := pgstore.Open(context.Background(), dsn, opts)
	require.NoError(t, err)
	t.Cleanup(func() {
		err := st.Drop(context.Background())
		if errors.Is(err, store.ErrClosed) { // the test closed it: open it again to drop it
			if st, err = pgstore.Open(context.Background(), dsn, opts); err == nil {
				err = st.Drop(context.Background())
			}
		}
		if err != nil {
			t.Errorf("dropping the test schema %s: %v", opts.Schema, err)
		}
	})
	return st
}

func init() {
	if os.Getenv(PostgresDSNVar) == "" {
		return
	}
	Backends = append(Backends, Backend{"pgstore", func(t testing.TB) store.Store { return OpenPostgres(t, pgstore.Options{}) }})
}
