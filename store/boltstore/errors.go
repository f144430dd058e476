package boltstore

import "errors"

// Errors returned by Open. A damaged file gets an error that matches
// store.ErrCorrupt (errors.Is); ErrDamagedMeta says more about one kind of
// damage.
var (
	// ErrInvalidFile is returned when the file is not a bbolt database (a
	// foreign file: no bbolt header anywhere) or is one of a format version
	// this build does not read.
	ErrInvalidFile = errors.New("boltstore: not a bbolt database")
	// ErrLocked is returned when another process holds the file.
	ErrLocked = errors.New("boltstore: file is locked by another process")
	// ErrDamagedMeta is returned, with store.ErrCorrupt, when one of the
	// file's two meta pages (the headers that say which transaction is the
	// last committed) fails validation while the other passes. bbolt would
	// open the other one's state without a word, losing the last commit if
	// the damaged page recorded it; the error names that transaction.
	// Restore a backup, or open with Options.AcceptRollback to accept the
	// older state.
	ErrDamagedMeta = errors.New("boltstore: a meta page is damaged")
	// ErrPendingLog is returned by Open with Options.ReadOnly when the
	// file's write-behind log holds commits not yet applied to the trees
	// (a process that wrote with Options.WriteBehind ended without
	// Close): open it for writing once, which applies them.
	ErrPendingLog = errors.New("boltstore: the write-behind log holds commits a read-only open cannot apply")
)
