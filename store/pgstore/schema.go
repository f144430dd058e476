package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/lettrage/lettrage/store"
)

// The book's schema holds two tables. kv holds every bucket: a bucket is
// the first column of the primary key, so that buckets come and go with
// their rows inside the transaction that writes them, as the store
// contract wants (a bucket is created by its first Put, and not by a Put
// that rolls back). A table per bucket would need DDL inside serializable
// transactions: concurrent first Puts to a bucket would fail on the
// catalog's unique indexes, not with a serialization failure Update can
// retry, and a ledger's forty buckets would be forty tables to check.
// bytea compares bytewise (memcmp, then length), the store's key order.
//
// meta holds the schema version, checked by Open.
var ours = map[string]byte{
	"meta": 'r', "meta_pkey": 'i',
	"kv": 'r', "kv_pkey": 'i',
}

// schemaTxOptions are those of the transactions that create, check and
// drop a schema: read committed, so that a statement run after the schema
// lock was granted sees what the holder before it committed.
var schemaTxOptions = pgx.TxOptions{IsoLevel: pgx.ReadCommitted}

// statements are the SQL texts of one schema, built once at Open; pgx
// prepares each on each connection the first time it runs there.
type statements struct {
	get              string
	putMany, delMany string // the write buffer's flush
	// scan[reverse][strictLower][bounded]: a forward scan's first page is
	// key >= from, its next pages key > last; a reverse scan's lower bound
	// is always key >= from, its upper key < to, then key < last.
	scan [2][2][2]string
}

func newStatements(schema string) statements {
	kv := pgx.Identifier{schema, "kv"}.Sanitize()
	var s statements
	s.get = `SELECT value FROM ` + kv + ` WHERE bucket = $1 AND key = $2`
	s.addBuffered(kv)
	for rev := range 2 {
		for strict := range 2 {
			for bounded := range 2 {
				q := `SELECT key, value FROM ` + kv + ` WHERE bucket = $1 AND key `
				if strict == 1 {
					q += `> $2`
				} else {
					q += `>= $2`
				}
				if bounded == 1 {
					q += ` AND key < $4`
				}
				if rev == 1 {
					q += ` ORDER BY key DESC LIMIT $3`
				} else {
					q += ` ORDER BY key LIMIT $3`
				}
				s.scan[rev][strict][bounded] = q
			}
		}
	}
	return s
}

// setUp creates the schema and its tables when they are missing, and
// checks them when they are there, under an advisory lock so that
// processes opening the same book at once do not race.
//
// A connection lost on the way (the server ended the session, the
// network failed) is reported as an error matching ErrConnLost: the
// schema's creation is one transaction, so nothing is half-created and
// Open may be called again.
func (d *DB) setUp(ctx context.Context) (err error) {
	conn, err := d.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrConnect, err)
	}
	defer conn.Release()
	defer func() {
		if err != nil && ctx.Err() == nil && !errors.Is(err, ErrConnLost) && (connClass(err) || conn.Conn().IsClosed()) {
			err = fmt.Errorf("%w: %w", ErrConnLost, err)
		}
	}()
	var fsync, syncCommit string
	if err := conn.QueryRow(ctx, `SELECT current_setting('fsync'), current_setting('synchronous_commit')`).Scan(&fsync, &syncCommit); err != nil {
		return fmt.Errorf("pgstore: reading settings: %w", err)
	}
	d.durable = fsync == "on" && syncCommit != "off"
	// Read committed whatever the server's default isolation: the schema
	// lock is waited for inside the transaction, and a snapshot taken
	// before the wait (repeatable read, serializable) would not see the
	// schema another Open created meanwhile.
	return pgx.BeginTxFunc(ctx, conn, schemaTxOptions, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('lettrage pgstore ' || $1, 0))`, d.schema); err != nil {
			return fmt.Errorf("pgstore: locking schema %s: %w", d.schema, err)
		}
		exists, rels, err := relations(ctx, tx, d.schema)
		if err != nil {
			return err
		}
		if err := d.onlyOurs(rels); err != nil {
			return err
		}
		if len(rels) == 0 {
			if d.noCreate {
				return fmt.Errorf("%w: %q", ErrNoSchema, d.schema)
			}
			return d.create(ctx, tx, exists)
		}
		if _, ok := rels["meta"]; !ok {
			return fmt.Errorf("%w: schema %q has no lettrage schema version", ErrForeignSchema, d.schema)
		}
		if err := d.checkVersion(ctx, tx); err != nil {
			return err
		}
		// A book's version, and a table of it gone.
		for name := range ours {
			if _, ok := rels[name]; !ok {
				return fmt.Errorf("%w: schema %q holds part of a book, %q is missing", store.ErrCorrupt, d.schema, name)
			}
		}
		return nil
	})
}

// onlyOurs returns ErrForeignSchema when rels hold anything but the
// book's tables and indexes.
func (d *DB) onlyOurs(rels map[string]byte) error {
	for name, kind := range rels {
		if ours[name] != kind {
			return fmt.Errorf("%w: schema %q holds %q", ErrForeignSchema, d.schema, name)
		}
	}
	return nil
}

// relations lists what schema holds, by name: its tables, indexes, views,
// sequences… (kind: pg_class.relkind), and its functions, types, domains,
// collations, operators, conversions and text search configurations and
// dictionaries (kind '-': never a book's), so that a schema of another
// application's functions or types is not taken for an empty one.
func relations(ctx context.Context, tx pgx.Tx, schema string) (exists bool, rels map[string]byte, err error) {
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists); err != nil {
		return false, nil, fmt.Errorf("pgstore: reading schema %s: %w", schema, err)
	}
	rows, err := tx.Query(ctx, `WITH n AS (SELECT oid FROM pg_namespace WHERE nspname = $1)
		SELECT c.relname, c.relkind::text FROM pg_class c, n WHERE c.relnamespace = n.oid
		UNION ALL SELECT 'function ' || p.proname, '-' FROM pg_proc p, n WHERE p.pronamespace = n.oid
		UNION ALL SELECT 'type ' || t.typname, '-' FROM pg_type t, n
			WHERE t.typnamespace = n.oid AND t.typrelid = 0 AND t.typelem = 0
		UNION ALL SELECT 'collation ' || o.collname, '-' FROM pg_collation o, n WHERE o.collnamespace = n.oid
		UNION ALL SELECT 'operator ' || o.oprname, '-' FROM pg_operator o, n WHERE o.oprnamespace = n.oid
		UNION ALL SELECT 'conversion ' || o.conname, '-' FROM pg_conversion o, n WHERE o.connamespace = n.oid
		UNION ALL SELECT 'text search configuration ' || o.cfgname, '-' FROM pg_ts_config o, n WHERE o.cfgnamespace = n.oid
		UNION ALL SELECT 'text search dictionary ' || o.dictname, '-' FROM pg_ts_dict o, n WHERE o.dictnamespace = n.oid`, schema)
	if err != nil {
		return false, nil, fmt.Errorf("pgstore: reading schema %s: %w", schema, err)
	}
	defer rows.Close()
	rels = map[string]byte{}
	for rows.Next() {
		var name, kind string
		if err := rows.Scan(&name, &kind); err != nil {
			return false, nil, fmt.Errorf("pgstore: reading schema %s: %w", schema, err)
		}
		rels[name] = kind[0]
	}
	if err := rows.Err(); err != nil {
		return false, nil, fmt.Errorf("pgstore: reading schema %s: %w", schema, err)
	}
	return exists, rels, nil
}

func (d *DB) create(ctx context.Context, tx pgx.Tx, exists bool) error {
	s := pgx.Identifier{d.schema}.Sanitize()
	var ddl []string
	if !exists {
		ddl = append(ddl, `CREATE SCHEMA `+s)
	}
	ddl = append(ddl,
		`CREATE TABLE `+s+`.meta (name text PRIMARY KEY, value text NOT NULL)`,
		`CREATE TABLE `+s+`.kv (bucket bytea NOT NULL, key bytea NOT NULL, value bytea NOT NULL,
			PRIMARY KEY (bucket, key))`,
	)
	for _, q := range ddl {
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("pgstore: creating schema %s: %w", d.schema, err)
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+s+`.meta (name, value) VALUES ('schema_version', $1), ('written_by', 'lettrage store/pgstore')`,
		strconv.Itoa(SchemaVersion))
	if err != nil {
		return fmt.Errorf("pgstore: creating schema %s: %w", d.schema, err)
	}
	return nil
}

func (d *DB) checkVersion(ctx context.Context, tx pgx.Tx) error {
	var v string
	err := tx.QueryRow(ctx, `SELECT value FROM `+pgx.Identifier{d.schema, "meta"}.Sanitize()+
		` WHERE name = 'schema_version'`).Scan(&v)
	var pe *pgconn.PgError
	switch {
	case errors.Is(err, pgx.ErrNoRows), errors.As(err, &pe) && pe.Code[:2] == "42": // no such table or column
		return fmt.Errorf("%w: schema %q has no lettrage schema version", ErrForeignSchema, d.schema)
	case err != nil:
		return fmt.Errorf("pgstore: reading the version of schema %s: %w", d.schema, err)
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return fmt.Errorf("%w: schema %q has version %q", ErrForeignSchema, d.schema, v)
	}
	if n != SchemaVersion {
		return &SchemaVersionError{Schema: d.schema, Found: n, Want: SchemaVersion}
	}
	return nil
}

// Drop waits for running transactions, deletes the book's schema and
// everything in it, and closes the store. It refuses, with
// ErrForeignSchema, a schema that holds anything but a book. The data is
// gone for good: tests and tools only.
func (d *DB) Drop(ctx context.Context) error {
	if !d.shut() {
		return store.ErrClosed
	}
	defer d.pool.Close()
	return pgx.BeginTxFunc(ctx, d.pool, schemaTxOptions, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('lettrage pgstore ' || $1, 0))`, d.schema); err != nil {
			return fmt.Errorf("pgstore: locking schema %s: %w", d.schema, err)
		}
		_, rels, err := relations(ctx, tx, d.schema)
		if err != nil {
			return err
		}
		if err := d.onlyOurs(rels); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{d.schema}.Sanitize()+` CASCADE`); err != nil {
			return fmt.Errorf("pgstore: dropping schema %s: %w", d.schema, err)
		}
		return nil
	})
}
