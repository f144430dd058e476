package storetest

import (
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

// Backend is a store the suites of the packages above run on.
type Backend struct {
	Name string                         // names the subtests: "memstore", "boltstore"
	Open func(t testing.TB) store.Store // returns a new, empty store, cleaned up when t ends
}

// Backends are the stores every book test runs on: memstore under Twice,
// so that every Update function is proved to survive a re-run, and under
// Owning, so that every slice passed to Put is proved left alone until
// commit (memstore copies what it is given, which would hide a reused
// buffer that bbolt commits as it is by then); and a boltstore file in
// t.TempDir() without fsync (durability has its own crash test), closed by
// t.Cleanup; and one with Options.WriteBehind, whose log is applied to the
// trees every 64 writes, so that the books' commits go through the log,
// its replay and its compaction in every suite. With LETTRAGE_PG_DSN set, a
// fourth: a pgstore book in a
// fresh schema of that server, dropped by t.Cleanup (see postgres.go).
var Backends = []Backend{
	{"memstore", func(t testing.TB) store.Store { return Owning(Twice(memstore.New())) }},
	{"boltstore", func(t testing.TB) store.Store {
		st, err := boltstore.Open(filepath.Join(t.TempDir(), "book.db"), boltstore.Options{NoSync: true})
		require.NoError(t, err)
		t.Cleanup(func() { st.Close() })
		return st
	}},
	{"boltstore-wb", func(t testing.TB) store.Store {
		st, err := boltstore.Open(filepath.Join(t.TempDir(), "book.db"), boltstore.Options{NoSync: true, WriteBehind: true, WriteBehindMax: 64})
		require.NoError(t, err)
		t.Cleanup(func() { st.Close() })
		return st
	}},
}
