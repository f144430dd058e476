package store

import "errors"

// Errors returned by every backend.
var (
	// ErrNotFound is returned by Get for a missing key or bucket.
	ErrNotFound = errors.New("store: not found")
	// ErrReadOnly is returned by Put and Delete inside a View transaction.
	ErrReadOnly = errors.New("store: write in a read-only transaction")
	// ErrClosed is returned by calls on a closed store.
	ErrClosed = errors.New("store: store is closed")
	// ErrBadKey is returned for an empty bucket name or key, or one over
	// KeyMax bytes.
	ErrBadKey = errors.New("store: empty or oversized bucket name or key")
	// ErrTxDone is returned when a Tx is used after its function returned.
	ErrTxDone = errors.New("store: transaction already finished")
)

// KeyMax is the longest key or bucket name a backend must accept, in bytes.
const KeyMax = 32 << 10
