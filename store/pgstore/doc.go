// Package pgstore is a store.Store on PostgreSQL 15 or later, through pgx:
// a book in a schema of a database, which several processes may share.
//
// # Basics
//
// Open connects and opens the book in Options.Schema ("lettrage" by
// default), creating the schema and its two tables on first use: kv holds
// every bucket's keys as (bucket, key, value) bytea rows under a primary
// key on (bucket, key), compared bytewise as the store's order wants; meta
// holds the schema version (SchemaVersion). One database holds as many
// books as schemas.
//
// To point a book at PostgreSQL, open the store and hand it to the ledger
// as any other:
//
//	st, err := pgstore.Open(ctx, "postgres://app@db.example/books", pgstore.Options{Schema: "acme_2026"})
//	if err != nil {
//		return err
//	}
//	defer st.Close()
//	book, err := ledger.Open(ctx, st, ledger.Options{}) // or ledger.Create for a new book
//
// Update runs its function in a SERIALIZABLE transaction. Its Puts and
// Deletes are copied into a write buffer (the store keeps none of the
// caller's slices) and sent together in one round trip before a Scan, when
// 4 096 writes or 4 MiB wait, and at commit; Get reads the buffer first, so
// the transaction reads its own writes. A transaction that fails on
// a serialization failure (SQLSTATE 40001) or a deadlock (40P01) is rolled
// back and its function run again after a jittered, growing wait, up to
// Options.UpdateAttempts runs (30 by default), then Update returns a
// *ConflictError. View runs in a REPEATABLE READ READ ONLY transaction
// whose snapshot is taken when View starts. Scan reads its range in pages
// (keyset pagination: each page starts after the previous page's last
// key; 8 rows first, doubling up to 512), so a scan never holds more than
// a page in memory, and its function may read other keys meanwhile.
//
// Open refuses, writing nothing: a server it cannot reach or that refuses
// it (ErrConnect, not retried), a schema written by another version
// (*SchemaVersionError, naming both), a schema holding anything but a
// book's two tables (ErrForeignSchema).
//
// # Caveats
//
// Every Get and Scan page is a round trip to the server, and so is each
// flush of the write buffer: a ledger posting reads tens of keys, so a book
// on PostgreSQL posts one entry at a time several times slower than on
// bbolt; batches and the Book's group commit pay the commit once for many
// entries. A write that breaks a constraint or conflicts is reported by
// the flush that sends it (the next Scan, or Update's commit), not by Put.
//
// A REPEATABLE READ View reads a state that existed (a prefix of the commit
// order), but under concurrent writers PostgreSQL's serializable order may
// differ from the commit order, so a View can see a state no serial run of
// those writers passed through (the read-only anomaly). Invariants each
// Update keeps on what it reads and writes still hold; set
// Options.SerializableViews for views that wait for a snapshot safe from
// it (SERIALIZABLE READ ONLY DEFERRABLE).
//
// Writers that meet on one key (a journal's numbering counter, the
// book's posting sequence: every post) conflict under SERIALIZABLE, and
// all but one fail and run again. A transaction runs side by side with
// the others the first time; each run after a conflict waits its turn on
// an advisory lock of the book's schema, taken before the transaction
// begins and released when it ends, so that retries do not conflict with
// one another over and over: they can lose only to first runs. An Update
// can still run out of attempts (*ConflictError, matching ErrConflict;
// nothing committed); a wait past the server's lock_timeout, for that
// turn or for a row, counts as a conflict too. And, as with a second writer of a bbolt file, an
// Update called from inside another's function waits for it when it has
// to run again. The lock belongs to the session: a process that dies
// frees it when the server sees its connection close (at once for a
// killed process; for a host that vanished, when the server's TCP
// keepalives or idle_session_timeout end the session).
//
// # Lost connections and crashes: what an application does
//
// A connection the server ends (a restart, a failover,
// pg_terminate_backend, idle_session_timeout) or the network drops is not
// retried by the store, and never taken for a serialization failure: Open,
// View, Update and the Tx methods return an error matching ErrConnLost
// when it happened before Update's commit was sent (nothing committed),
// and Update returns one matching ErrCommitUnknown when it happened during
// the commit (committed or not: only the book knows). So it does, matching
// ctx.Err() too, when the caller's context is cancelled or expires during
// the commit: a commit waiting for a synchronous standby is recorded before
// the cancel reaches it. The pool opens a new connection for the next
// call.
//
// The application retries the same operation with the same ids: the entry
// ids of Post and PostBatch, the operation ids of reconcile's calls
// (RegisterPayment, Reconcile, Unletter…). What committed comes back as a
// replay with the result first returned, what did not is written now; an
// operation is never half-written, because each is one transaction. The
// same holds after the application's own process is killed: a restarted
// process re-runs its unacknowledged operations with their ids. So choose
// the ids before the first attempt and keep them until an answer, not
// ErrConnLost or ErrCommitUnknown, comes back; ErrConflict may be retried
// the same way. reconcile's TestPostgresKillWriter and
// TestPostgresConnectionsDropped prove it with several processes on one
// book.
//
// The schema holds exactly the package's tables: Open refuses one where
// anything else was added, an index, a function or a type included. Drop deletes a book. There
// is no Backup: use pg_dump --schema. Durable reports the server's fsync
// and synchronous_commit as Open found them.
package pgstore
