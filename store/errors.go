package store

import "errors"

// Errors returned by every backend.
var (
	// ErrNotFound is returned by Get for a missing key or bucket.
	ErrNotFound = errors.New("store: not found")
	// ErrReadOnly is returned by Put and Delete inside a View transaction,
	// and by Update on a store a backend opened for reading only.
	ErrReadOnly = errors.New("store: write in a read-only transaction")
	// ErrClosed is returned by calls on a closed store.
	ErrClosed = errors.New("store: store is closed")
	// ErrBadKey is returned for an empty bucket name or key, or one over
	// KeyMax bytes.
	ErrBadKey = errors.New("store: empty or oversized bucket name or key")
	// ErrTxDone is returned when a Tx is used after its function returned.
	ErrTxDone = errors.New("store: transaction already finished")
)

// Errors returned when the stored bytes cannot be trusted.
var (
	// ErrCorrupt is returned when a backend finds its own data damaged: a
	// file shorter than its header says, a header that fails its checksum,
	// a newest commit that can no longer be read, a page that does not
	// parse. Backends wrap it with what they found (errors.Is matches).
	// Nothing is written on top of damaged data: restore a backup.
	ErrCorrupt = errors.New("store: data is damaged")
)

// KeyMax is the longest key or bucket name a backend must accept, in bytes.
// A PostgreSQL btree index row holds at most 2 704 bytes, and pgstore's
// primary key is the bucket and the key together: 1 KiB each fits with
// room to spare (a book's longest keys are a few hundred bytes).
const KeyMax = 1 << 10
