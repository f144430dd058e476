package store

import (
	"context"
	"io"
)

// Store is a transactional ordered key-value store.
//
// Implementations are safe for concurrent use: any number of View
// transactions may run at once; Update transactions are serializable.
type Store interface {
	// View runs fn in a read-only transaction over a consistent snapshot.
	// ctx is checked before fn runs. fn's error is returned as is.
	View(ctx context.Context, fn func(Tx) error) error
	// Update runs fn in a read-write transaction and commits it if fn
	// returns nil; otherwise everything fn wrote is discarded and fn's error
	// returned. ctx is checked before fn runs and again before commit: a
	// cancelled context rolls back and returns ctx.Err(). A backend whose
	// commit a cancel can reach once it is under way (a server's) returns
	// then an error matching ctx.Err() and its own "outcome unknown"
	// error, never ctx.Err() alone over a commit that may have happened.
	// fn may run more than once and must have no side effects outside the
	// transaction.
	Update(ctx context.Context, fn func(Tx) error) error
	// Close releases the store; later calls return ErrClosed, but for
	// Close itself: a second Close does nothing and returns nil. Close
	// waits for running transactions.
	Close() error
}

// Tx is a transaction, valid only while its function runs, and only on the
// goroutine that runs it.
type Tx interface {
	// Get returns the value stored under key in bucket, or ErrNotFound. The
	// value is valid only until the transaction ends.
	Get(bucket, key []byte) ([]byte, error)
	// Put stores value under key in bucket, creating the bucket on its first
	// Put. It returns ErrReadOnly in a View transaction. key and value must
	// not be changed until the transaction ends.
	Put(bucket, key, value []byte) error
	// Delete removes key from bucket; a missing key or bucket is not an
	// error. It returns ErrReadOnly in a View transaction.
	Delete(bucket, key []byte) error
	// Scan calls fn for each key in [from, to) of bucket, in key order, or
	// in reverse order when reverse is true. A nil bound is open. fn
	// returning an error stops the scan and Scan returns that error. A
	// missing bucket scans nothing. fn must not write to bucket; key and
	// value are valid only until the transaction ends.
	Scan(bucket, from, to []byte, reverse bool, fn func(key, value []byte) error) error
}

// CheckKey returns ErrBadKey if b is empty or over KeyMax bytes. Backends
// call it on every bucket name and key they receive.
func CheckKey(b []byte) error {
	if len(b) == 0 || len(b) > KeyMax {
		return ErrBadKey
	}
	return nil
}

// Syncer is an optional ability: a store that can say whether each commit
// is durable on disk before Update returns.
type Syncer interface {
	// Durable reports whether a committed Update is on disk when it
	// returns.
	Durable() bool
}

// Sizer is an optional ability: a store that can report its size on disk.
type Sizer interface {
	// SizeOnDisk returns the bytes the store takes on disk.
	SizeOnDisk() (int64, error)
}

// AppendHinter is an optional ability: a store that lays out a bucket
// better when told that its new keys mostly arrive in ascending order, each
// after the keys already stored around it (a log keyed by a sequence
// number, or a few such sequences side by side). A bucket whose keys land
// anywhere is laid out for that, which costs more space on an ordered one.
//
// HintAppend may be called at any time, from any goroutine, and more than
// once; it takes effect for the next Update. A hint changes how pages are
// filled, never what is read back: a wrong one costs only space.
type AppendHinter interface {
	// HintAppend says that the new keys of buckets mostly arrive in
	// ascending order.
	HintAppend(buckets ...[]byte)
}

// DeferHinter is an optional ability: a store that can be told which
// buckets small transactions write a few keys of at a time, scattered over
// the bucket (the lettering state of a customer's lines, its partials and
// matches). Such a store may log each small transaction's writes to them
// as one record, durable with the commit, and apply many transactions'
// writes to the buckets later, in key order: fewer pages written a commit.
// Every read sees every committed write either way.
//
// HintDeferred may be called at any time, from any goroutine, and more
// than once; it takes effect for the next Update.
type DeferHinter interface {
	// HintDeferred says that small transactions write buckets a few
	// scattered keys at a time.
	HintDeferred(buckets ...[]byte)
}

// Backuper is an optional ability: a store that writes a consistent copy
// of itself while writers go on.
type Backuper interface {
	// Backup writes to w a copy of the store as of one committed
	// transaction, every commit acknowledged before Backup was called
	// included, and returns the number of bytes written. Writers are not
	// blocked while it runs. The copy opens with the backend's own Open. A
	// cancelled ctx stops the copy with ctx.Err(): what was written to w is
	// then not a store.
	Backup(ctx context.Context, w io.Writer) (int64, error)
}

// Verifier is an optional ability: a store that can verify the structure
// that holds its data, which reading every key does not prove: a damaged
// index page of a B-tree can send a lookup astray while a scan still sees
// every key. VerifyStructure checks one consistent snapshot and returns
// nil, or an error matching ErrCorrupt that says where the damage is. It
// reads the whole store.
type Verifier interface {
	// VerifyStructure checks the structure of one consistent snapshot.
	VerifyStructure(ctx context.Context) error
}
