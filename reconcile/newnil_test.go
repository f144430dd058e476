package reconcile_test

import (
	"context"
	"testing"

	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// New without a book is a configuration error, not a nil dereference.
func TestNewNilBook(t *testing.T) {
	t.Parallel()
	_, err := reconcile.New(context.Background(), nil, reconcile.Config{})
	require.ErrorIs(t, err, reconcile.ErrConfig)
}
