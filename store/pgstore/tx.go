package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/lettrage/lettrage/store"
)

// Scan pages: the first holds scanPageRowsFirst rows, each next one twice
// the previous, up to scanPageRowsMax. A floor lookup (a reverse scan that
// stops at its first key) then reads a few rows, and a long scan a few
// round trips per thousand keys; no page holds more than scanPageRowsMax
// rows in memory.
const (
	scanPageRowsFirst = 8
	scanPageRowsMax   = 512
)

type tx struct {
	d        *DB
	ctx      context.Context
	pg       pgx.Tx
	writable bool
	done     bool
	// err is the first failed statement's error: PostgreSQL aborted the
	// transaction then, so every later call returns it and it never
	// commits, whatever the function returns.
	err error
	buf writeBuffer // Update's writes not yet sent
}

// run calls fn; the Tx is finished when fn returns or panics.
func (t *tx) run(fn func(store.Tx) error) error {
	defer func() { t.done = true }()
	return fn(t)
}

// rollback ends the transaction unless it committed; it runs even when the
// caller's context is cancelled.
func (t *tx) rollback() {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(t.ctx), rollbackTimeout)
	defer cancel()
	_ = t.pg.Rollback(ctx) // after Commit, a no-op returning ErrTxClosed
}

func (t *tx) fail(op string, err error) error {
	if lost(t.ctx, t.pg, err) {
		err = fmt.Errorf("%w: %s: %w", ErrConnLost, op, err)
	} else {
		err = fmt.Errorf("pgstore: %s: %w", op, err)
	}
	if t.err == nil {
		t.err = err
	}
	return err
}

// check validates the bucket name and, unless scanning, the key.
func (t *tx) check(bucket, key []byte, scanning bool) error {
	if t.done {
		return store.ErrTxDone
	}
	if t.err != nil {
		return t.err
	}
	if err := store.CheckKey(bucket); err != nil {
		return err
	}
	if !scanning {
		return store.CheckKey(key)
	}
	return nil
}

func (t *tx) Get(bucket, key []byte) ([]byte, error) {
	if err := t.check(bucket, key, false); err != nil {
		return nil, err
	}
	if w, ok := t.buf.get(bucket, key); ok {
		if w.del {
			return nil, store.ErrNotFound
		}
		return w.value, nil
	}
	var v []byte // pgx copies the value out of its read buffer
	err := t.pg.QueryRow(t.ctx, t.d.sql.get, bucket, key).Scan(&v)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, store.ErrNotFound
	case err != nil:
		return nil, t.fail("get", err)
	}
	if v == nil {
		v = []byte{}
	}
	return v, nil
}

// Put copies bucket, key and value into the write buffer (see buffer.go):
// the store keeps none of the caller's slices.
func (t *tx) Put(bucket, key, value []byte) error {
	if err := t.check(bucket, key, false); err != nil {
		return err
	}
	if !t.writable {
		return store.ErrReadOnly
	}
	if value == nil {
		value = []byte{} // nil would be NULL; an empty value is a value
	}
	t.buf.add(bucket, key, value, false)
	if t.buf.full() {
		return t.flush()
	}
	return nil
}

func (t *tx) Delete(bucket, key []byte) error {
	if err := t.check(bucket, key, false); err != nil {
		return err
	}
	if !t.writable {
		return store.ErrReadOnly
	}
	t.buf.add(bucket, key, nil, true)
	if t.buf.full() {
		return t.flush()
	}
	return nil
}

// Scan reads [from, to) a page at a time (keyset pagination: each page
// starts after the last key of the previous one), and calls fn on a page
// once it is read whole, so that fn may read other keys of the
// transaction on the same connection.
func (t *tx) Scan(bucket, from, to []byte, reverse bool, fn func(k, v []byte) error) error {
	if err := t.check(bucket, nil, true); err != nil {
		return err
	}
	if err := t.flush(); err != nil { // the server answers scans: it must hold the transaction's writes
		return err
	}
	if from == nil {
		from = []byte{} // every key is >= the empty key
	}
	if to != nil && string(from) >= string(to) {
		return nil
	}
	var page []kv
	limit := scanPageRowsFirst
	lower, upper := from, to
	strict := false
	for {
		var err error
		page, err = t.page(page[:0], bucket, lower, upper, strict, reverse, limit)
		if err != nil {
			return err
		}
		for _, r := range page {
			if err := fn(r.k, r.v); err != nil {
				return err
			}
			if t.done {
				return store.ErrTxDone
			}
		}
		if len(page) < limit {
			return nil
		}
		last := page[len(page)-1].k
		if reverse {
			upper = last
		} else {
			lower, strict = last, true
		}
		limit = min(2*limit, scanPageRowsMax)
	}
}

type kv struct{ k, v []byte }

// page reads up to limit rows of bucket in key order (descending when
// reverse) above lower (strictly when strict) and, when upper is not nil,
// below upper.
func (t *tx) page(dst []kv, bucket, lower, upper []byte, strict, reverse bool, limit int) ([]kv, error) {
	q := t.d.sql.scan[b2i(reverse)][b2i(strict)][b2i(upper != nil)]
	args := []any{bucket, lower, limit}
	if upper != nil {
		args = append(args, upper)
	}
	rows, err := t.pg.Query(t.ctx, q, args...)
	if err != nil {
		return nil, t.fail("scan", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r kv // pgx copies each key and value: fn may keep them until the transaction ends
		if err := rows.Scan(&r.k, &r.v); err != nil {
			return nil, t.fail("scan", err)
		}
		if r.v == nil {
			r.v = []byte{}
		}
		dst = append(dst, r)
	}
	if err := rows.Err(); err != nil {
		return nil, t.fail("scan", err)
	}
	return dst, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
