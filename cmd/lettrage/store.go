package main

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/pgstore"
)

// A book lives in a bbolt file, or in a PostgreSQL schema when --book is
// a DSN: postgres://user@host/db?schema=book_acme (the schema defaults to
// pgstore.DefaultSchema; every other parameter goes to the driver).

// bookStore is the store a command opened, closed when it is done.
type bookStore interface {
	store.Store
	Close() error
}

// isPostgres reports whether --book names a PostgreSQL database.
func isPostgres(book string) bool {
	return strings.HasPrefix(book, "postgres://") || strings.HasPrefix(book, "postgresql://")
}

// postgresDSN splits a --book DSN into the driver's DSN and the schema
// its schema parameter names.
func postgresDSN(book string) (dsn, schema string, err error) {
	u, err := url.Parse(book)
	if err != nil {
		return "", "", errors.New("--book: the PostgreSQL DSN does not parse") // the DSN may hold a password: not quoted
	}
	q := u.Query()
	schema = q.Get("schema")
	q.Del("schema")
	u.RawQuery = q.Encode()
	return u.String(), schema, nil
}

// bookName is --book as printed: a DSN without its password.
func bookName(book string) string {
	if !isPostgres(book) {
		return book
	}
	if u, err := url.Parse(book); err == nil {
		// A password may also come as a parameter, which Redacted keeps.
		q := u.Query()
		for _, k := range []string{"password", "sslpassword"} {
			if q.Has(k) {
				q.Set(k, "xxxxx")
			}
		}
		u.RawQuery = q.Encode()
		return u.Redacted()
	}
	return "the PostgreSQL book"
}

// openStore opens the store --book names: the bbolt file (created when
// missing; the callers check first), or the PostgreSQL schema, created
// only when create is set (init).
func (a *app) openStore(create bool) (bookStore, error) {
	if !isPostgres(a.bookPath) {
		st, err := boltstore.Open(a.bookPath, boltstore.Options{})
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	dsn, schema, err := postgresDSN(a.bookPath)
	if err != nil {
		return nil, err
	}
	st, err := pgstore.Open(a.ctx, dsn, pgstore.Options{Schema: schema, NoCreate: !create})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", bookName(a.bookPath), err)
	}
	return st, nil
}
