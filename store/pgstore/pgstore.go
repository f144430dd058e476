package pgstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/lettrage/lettrage/store"
)

// SchemaVersion is the version of the tables this build reads and writes,
// stored in the book's meta table when the schema is created.
const SchemaVersion = 1

// DefaultSchema is the book's schema when Options.Schema is empty.
const DefaultSchema = "lettrage"

// Limits and timings of Update's retries and of Open.
const (
	// updateAttemptsDefault is how many times Update runs its function
	// when every run ends in a serialization failure or a deadlock, when
	// Options.UpdateAttempts is 0.
	updateAttemptsDefault = 30
	// retryBackoffMin and retryBackoffMax bound the wait before a retry:
	// the n-th retry waits a random time in [0, min(max, min·2ⁿ)] (full
	// jitter), so that transactions that collided do not collide again in
	// step.
	retryBackoffMin = time.Millisecond
	retryBackoffMax = 100 * time.Millisecond
	// connectTimeoutDefault bounds each connection attempt when the DSN
	// sets no connect_timeout: an unreachable server fails Open quickly.
	connectTimeoutDefault = 5 * time.Second
	// rollbackTimeout bounds a rollback, which runs even when the
	// caller's context is cancelled.
	rollbackTimeout = 5 * time.Second
)

// Options configure Open. The zero value uses the schema "lettrage".
type Options struct {
	// Schema is the PostgreSQL schema that holds the book: one database
	// holds as many books as schemas. It must be a lower-case identifier
	// (ErrBadSchema otherwise). Empty means DefaultSchema.
	Schema string
	// MaxConns bounds the connections the store opens; 0 means pgxpool's
	// default (the larger of 4 and the number of CPUs).
	MaxConns int32
	// UpdateAttempts bounds how many times Update runs its function when
	// each run ends in a serialization failure or a deadlock; then Update
	// returns a *ConflictError. 0 means 30.
	UpdateAttempts int
	// SerializableViews runs View transactions as SERIALIZABLE READ ONLY
	// DEFERRABLE instead of REPEATABLE READ READ ONLY: a View then waits,
	// when read-write transactions are running, for a snapshot that no
	// serial order of them contradicts (see the package's Caveats).
	SerializableViews bool
	// NoCreate refuses a schema that does not exist or is empty
	// (ErrNoSchema) instead of creating it: a program that only opens
	// existing books writes nothing when given a wrong name.
	NoCreate bool
}

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// DB is a store.Store on one schema of a PostgreSQL database.
type DB struct {
	pool     *pgxpool.Pool
	schema   string
	attempts int
	noCreate bool // Options.NoCreate
	viewOpts pgx.TxOptions
	durable  bool
	sql      statements
	// writerLock is the text whose hash keys the advisory lock that
	// Update's retries queue on.
	writerLock string

	mu      sync.Mutex // guards closed and the Add of running
	closed  bool
	running sync.WaitGroup // transactions under way
}

var (
	_ store.Store  = (*DB)(nil)
	_ store.Syncer = (*DB)(nil)
	_ store.Sizer  = (*DB)(nil)
)

// Open connects to the database dsn names (a postgres:// URL or a
// key=value string, as pgx reads them) and opens the book in
// Options.Schema, creating the schema and its tables when the schema does
// not exist or is empty (unless Options.NoCreate: ErrNoSchema).
//
// Open returns ErrBadSchema for a bad schema name, an error matching
// ErrConnect when the server cannot be reached or refuses the connection,
// a *SchemaVersionError when the schema was written by another version of
// this package, ErrForeignSchema when the schema holds anything else (a
// table, a function, a type…), and an error matching store.ErrCorrupt
// when it holds a book one of whose tables is gone. Nothing is written in
// those cases. A connection lost while Open reads or
// creates the schema is an error matching ErrConnLost: nothing is
// half-created, and Open may be called again.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	if opts.Schema == "" {
		opts.Schema = DefaultSchema
	}
	if !schemaName.MatchString(opts.Schema) || len(opts.Schema) >= 3 && opts.Schema[:3] == "pg_" {
		return nil, fmt.Errorf("%w: %q", ErrBadSchema, opts.Schema)
	}
	if opts.UpdateAttempts <= 0 {
		opts.UpdateAttempts = updateAttemptsDefault
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the DSN, password included: keep it out.
		return nil, fmt.Errorf("%w: the DSN does not parse", ErrConnect)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = connectTimeoutDefault
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConnect, err)
	}
	d := &DB{pool: pool, schema: opts.Schema, attempts: opts.UpdateAttempts, sql: newStatements(opts.Schema), noCreate: opts.NoCreate}
	d.writerLock = "lettrage pgstore writer " + opts.Schema
	// PostgreSQL takes a transaction's snapshot at its first statement,
	// not at BEGIN; a View's is taken at once, in the same round trip, so
	// that it reads the store as it was when View was called.
	d.viewOpts = pgx.TxOptions{BeginQuery: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1"}
	if opts.SerializableViews {
		d.viewOpts = pgx.TxOptions{BeginQuery: "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE; SELECT 1"}
	}
	if err := d.setUp(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return d, nil
}

// Schema returns the schema that holds the book.
func (d *DB) Schema() string { return d.schema }

// Pool returns the connection pool, for benchmarks and tools.
func (d *DB) Pool() *pgxpool.Pool { return d.pool }

// Durable reports whether the server makes each commit durable before
// acknowledging it: fsync on and synchronous_commit not off, as they were
// when Open connected.
func (d *DB) Durable() bool { return d.durable }

// SizeOnDisk returns the bytes the book's tables and indexes take, TOAST
// included.
func (d *DB) SizeOnDisk() (int64, error) {
	if err := d.enter(); err != nil {
		return 0, err
	}
	defer d.running.Done()
	ctx, cancel := context.WithTimeout(context.Background(), rollbackTimeout)
	defer cancel()
	var n int64
	err := d.pool.QueryRow(ctx, `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind = 'r'`, d.schema).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("pgstore: size of %s: %w", d.schema, err)
	}
	return n, nil
}

// enter registers a transaction, or returns ErrClosed.
func (d *DB) enter() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return store.ErrClosed
	}
	d.running.Add(1)
	return nil
}

// View implements store.Store: fn reads one snapshot, in a REPEATABLE READ
// READ ONLY transaction (SERIALIZABLE READ ONLY DEFERRABLE under
// Options.SerializableViews). Put and Delete return store.ErrReadOnly.
func (d *DB) View(ctx context.Context, fn func(store.Tx) error) error {
	if err := d.enter(); err != nil {
		return err
	}
	defer d.running.Done()
	if err := ctx.Err(); err != nil {
		return err
	}
	pg, err := d.pool.BeginTx(ctx, d.viewOpts)
	if err != nil {
		return d.beginErr(err)
	}
	t := &tx{d: d, ctx: ctx, pg: pg}
	defer t.rollback()
	if err := t.run(fn); err != nil {
		return err
	}
	if t.err != nil {
		return t.err
	}
	if err := pg.Commit(ctx); err != nil {
		if lost(ctx, pg, err) {
			return fmt.Errorf("%w: end of a read transaction: %w", ErrConnLost, err)
		}
		return fmt.Errorf("pgstore: end of a read transaction: %w", err)
	}
	return nil
}

// Update implements store.Store: fn runs in a SERIALIZABLE transaction.
// When the transaction fails on a serialization failure (SQLSTATE 40001)
// or a deadlock (40P01), at any statement or at commit, whatever fn
// returned, it is rolled back and fn runs again after a jittered backoff,
// queued behind the other retries of the book (see the package's
// Caveats), up to Options.UpdateAttempts runs; then Update returns a
// *ConflictError.
// No other error is retried: a connection lost before the commit is
// returned as an error matching ErrConnLost (nothing committed), one lost
// during the commit as an error matching ErrCommitUnknown (committed or
// not), and so is a ctx cancelled or past its deadline during the commit
// (the error matches ctx.Err() too): the commit may have been recorded
// before the cancel reached it. The caller retries with the same ids (see
// "Lost connections and crashes" in the package documentation).
func (d *DB) Update(ctx context.Context, fn func(store.Tx) error) error {
	if err := d.enter(); err != nil {
		return err
	}
	defer d.running.Done()
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := d.updateOnce(ctx, fn, attempt)
		if !retryable(err) {
			return err
		}
		if attempt >= d.attempts {
			return &ConflictError{Attempts: attempt, Err: err}
		}
		wait := min(retryBackoffMax, retryBackoffMin<<min(attempt-1, 16))
		timer := time.NewTimer(rand.N(wait + 1))
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
}

func (d *DB) updateOnce(ctx context.Context, fn func(store.Tx) error, attempt int) error {
	conn, err := d.pool.Acquire(ctx)
	if err != nil {
		return d.beginErr(err)
	}
	if attempt > 1 {
		// A run after a conflict queues behind the other retries of the
		// book; taken before BEGIN, so that the transaction's snapshot,
		// taken at its first statement, follows the commit of the one
		// before it.
		if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtextextended($1, 0))`, d.writerLock); err != nil {
			// Whether the lock was granted is unknown (a cancel can
			// arrive as it is): the session ends, and the lock with it.
			destroy(conn)
			return d.beginErr(err)
		}
		defer d.unlockWriter(conn)
	} else {
		defer release(conn)
	}
	pg, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable})
	if err != nil {
		return d.beginErr(err)
	}
	t := &tx{d: d, ctx: ctx, pg: pg, writable: true}
	defer t.rollback()
	err = t.run(fn)
	if t.err != nil && retryable(t.err) {
		return t.err // fn's error, if any, is most likely this one passed up
	}
	if err != nil {
		return err
	}
	if t.err != nil {
		return t.err // fn went on after a failed statement: never commit
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := t.flush(); err != nil {
		return err // retried when a serialization failure
	}
	if err := pg.Commit(ctx); err != nil {
		switch {
		case retryable(err), cancelledByServer(err):
			// The server refused the commit, or stopped it before it
			// committed (a deferred trigger cancelled): rolled back.
		case ctx.Err() != nil:
			// The cancel may have come once the commit was recorded (a
			// commit waiting for a synchronous standby is): only the book
			// tells.
			return fmt.Errorf("%w (%w): %w", ErrCommitUnknown, ctx.Err(), err)
		case lost(ctx, pg, err):
			return fmt.Errorf("%w: %w", ErrCommitUnknown, err)
		}
		return fmt.Errorf("pgstore: commit: %w", err)
	}
	return nil
}

// cancelledByServer reports whether err is the server's answer to a
// cancel request (SQLSTATE 57014): the statement stopped before it
// completed, and a COMMIT so stopped rolled back.
func cancelledByServer(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "57014"
}

// unlockWriter releases the writer lock conn holds and returns conn to the
// pool, or, when the unlock fails, closes the session so that the server
// releases the lock: a pooled session must never hold it.
func (d *DB) unlockWriter(conn *pgxpool.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), rollbackTimeout)
	defer cancel()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_unlock(hashtextextended($1, 0))`, d.writerLock); err != nil {
		destroy(conn)
		return
	}
	release(conn)
}

// release returns conn to the pool, or, when pgx gave up on it, ends its
// session at once (see destroy).
func release(conn *pgxpool.Conn) {
	if conn.Conn().IsClosed() {
		destroy(conn)
		return
	}
	conn.Release()
}

// destroy takes conn out of the pool and closes its session.
func destroy(conn *pgxpool.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), rollbackTimeout)
	defer cancel()
	c := conn.Hijack()
	_ = c.Close(ctx)
	// A connection pgx already gave up on (a statement cancelled half
	// sent) is closed by pgx in the background once the server answers,
	// which can take it 15 s; the session, and the writer lock with it,
	// would live that long. Closing the socket ends the session now.
	_ = c.PgConn().Conn().Close()
}

// beginErr wraps the error of starting a transaction: a connection that
// could not be made is ErrConnect.
func (d *DB) beginErr(err error) error {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return fmt.Errorf("%w: %w", ErrConnect, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	// A BEGIN the server did not refuse with an error of its own failed
	// on the connection: a pooled session the server ended while idle
	// (the pool checks only those idle for over a second), or the network.
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || connClass(err) {
		return fmt.Errorf("%w: begin: %w", ErrConnLost, err)
	}
	return fmt.Errorf("pgstore: begin: %w", err)
}

// lost reports whether err, returned by a statement of transaction pg,
// means the connection is gone rather than that the statement failed: the
// server ended the session (SQLSTATE class 08, or 57P01 after
// pg_terminate_backend and its kin), or pgx closed the connection on a
// network error. A cancelled context also closes the connection: that is
// the caller's doing, not a loss.
func lost(ctx context.Context, pg pgx.Tx, err error) bool {
	if ctx.Err() != nil || retryable(err) {
		return false
	}
	return connClass(err) || pg.Conn().IsClosed()
}

// connClass reports whether err is a server error of SQLSTATE class 08
// (connection exception) or one of 57P01 to 57P05 (the server shut down,
// crashed, is starting, or ended the session for idling); not 57014, a
// cancelled statement, which leaves the session alive.
func connClass(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && len(pe.Code) == 5 && (pe.Code[:2] == "08" || pe.Code[:4] == "57P0")
}

// retryable reports whether err is a serialization failure, a deadlock or
// a lock wait past the server's lock_timeout (a DBA's setting, met by a
// retry queued behind another writer's long run): contention, which
// running the transaction again can cure, and which rolled it back.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01" || pe.Code == "55P03")
}

// Close implements store.Store: it waits for running transactions, then
// closes every connection. Later calls return store.ErrClosed.
func (d *DB) Close() error {
	if !d.shut() {
		return nil
	}
	d.pool.Close()
	return nil
}

// shut marks the store closed and waits for running transactions; it
// reports false when the store was closed already.
func (d *DB) shut() bool {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return false
	}
	d.closed = true
	d.mu.Unlock()
	d.running.Wait()
	return true
}
