package pgstore

import (
	"errors"
	"fmt"
)

// Errors returned by Open, before anything is written.
var (
	// ErrBadSchema is returned when Options.Schema is not a lower-case SQL
	// identifier of at most 63 bytes (letters, digits and underscores, not
	// starting with a digit, not starting with "pg_").
	ErrBadSchema = errors.New("pgstore: bad schema name")
	// ErrConnect is returned when the server cannot be reached or refuses
	// the connection (wrong credentials, unknown database, too many
	// clients). It wraps pgx's error, which says which. Open does not
	// retry: a server that is down or a wrong password is not a conflict.
	ErrConnect = errors.New("pgstore: cannot connect to the server")
	// ErrForeignSchema is returned when the book's schema holds tables or
	// other relations that are not a lettrage book's: another
	// application's data is never written to or taken over.
	ErrForeignSchema = errors.New("pgstore: schema holds data that is not a lettrage book")
	// ErrNoSchema is returned by Open with Options.NoCreate when the
	// schema does not exist or is empty.
	ErrNoSchema = errors.New("pgstore: no book schema")
	// ErrSchemaVersion is matched (errors.Is) by the *SchemaVersionError
	// returned when the book's schema was written by another version of
	// this package.
	ErrSchemaVersion = errors.New("pgstore: schema version differs")
)

// Errors returned by Update.
var (
	// ErrConflict is matched by the *ConflictError returned when an Update
	// kept failing on serialization failures or deadlocks through every
	// attempt.
	ErrConflict = errors.New("pgstore: transaction kept conflicting with others")
	// ErrConnLost is returned (wrapping the driver's error) by Open,
	// View, Update and the Tx methods when the connection to the server was lost
	// or closed by the server (a restart, pg_terminate_backend, a network
	// failure) before Update's commit was sent: nothing was committed.
	// Update does not retry it: the caller may, with the same ids.
	ErrConnLost = errors.New("pgstore: connection to the server lost, nothing committed")
	// ErrCommitUnknown is returned (wrapping the driver's error) by Update
	// when the connection was lost, or its context cancelled, while its
	// commit was under way: the
	// transaction may have committed or not, and only reading the book
	// tells. Retrying the same operation with the same ids (entry ids,
	// operation ids) is safe: what committed replays, what did not is
	// written.
	ErrCommitUnknown = errors.New("pgstore: connection lost during commit, the transaction may have committed")
)

// SchemaVersionError is returned by Open for a book whose schema another
// version of pgstore wrote. Nothing is changed in it.
type SchemaVersionError struct {
	Schema string // the PostgreSQL schema holding the book
	Found  int    // the version stored in the schema
	Want   int    // SchemaVersion, what this build reads and writes
}

// Error names the schema, the version found and the version this build reads.
func (e *SchemaVersionError) Error() string {
	return fmt.Sprintf("pgstore: schema %q is at version %d, this build reads version %d", e.Schema, e.Found, e.Want)
}

// Is matches ErrSchemaVersion.
func (e *SchemaVersionError) Is(target error) bool { return target == ErrSchemaVersion }

// ConflictError is returned by Update when each of its Attempts ended in a
// serialization failure (SQLSTATE 40001) or a deadlock (40P01). Nothing
// was committed. Err is the last failure.
type ConflictError struct {
	Attempts int   // how many times the transaction was run
	Err      error // the last failure
}

// Error says how many attempts conflicted and the last failure.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("pgstore: transaction conflicted %d times, gave up: %v", e.Attempts, e.Err)
}

// Is matches ErrConflict.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// Unwrap returns the last failure.
func (e *ConflictError) Unwrap() error { return e.Err }
