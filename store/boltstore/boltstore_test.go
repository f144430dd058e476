package boltstore_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		db, err := boltstore.Open(filepath.Join(t.TempDir(), "s.db"), boltstore.Options{})
		require.NoError(t, err)
		return db
	})
}

func TestDurableByDefault(t *testing.T) {
	db, err := boltstore.Open(filepath.Join(t.TempDir(), "s.db"), boltstore.Options{})
	require.NoError(t, err)
	defer db.Close()
	assert.True(t, db.Durable())
	n, err := db.SizeOnDisk()
	require.NoError(t, err)
	assert.Positive(t, n)
}

func TestInvalidFiles(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "foreign.db")
	require.NoError(t, os.WriteFile(foreign, []byte("this is a spreadsheet, not a book\n"), 0o600))
	_, err := boltstore.Open(foreign, boltstore.Options{})
	assert.ErrorIs(t, err, boltstore.ErrInvalidFile)

	big := make([]byte, 64<<10)
	for i := range big {
		big[i] = byte(i * 7)
	}
	garbage := filepath.Join(dir, "garbage.db")
	require.NoError(t, os.WriteFile(garbage, big, 0o600))
	_, err = boltstore.Open(garbage, boltstore.Options{})
	assert.ErrorIs(t, err, boltstore.ErrInvalidFile)

	good := filepath.Join(dir, "good.db")
	db, err := boltstore.Open(good, boltstore.Options{})
	require.NoError(t, err)
	require.NoError(t, db.Close())
	require.NoError(t, os.Truncate(good, 100))
	_, err = boltstore.Open(good, boltstore.Options{})
	assert.ErrorIs(t, err, boltstore.ErrInvalidFile)

	dir2 := filepath.Join(dir, "a-directory")
	require.NoError(t, os.Mkdir(dir2, 0o700))
	_, err = boltstore.Open(dir2, boltstore.Options{})
	assert.Error(t, err)
}

func TestLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	defer db.Close()
	_, err = boltstore.Open(path, boltstore.Options{Timeout: 50 * time.Millisecond})
	assert.ErrorIs(t, err, boltstore.ErrLocked)
}
