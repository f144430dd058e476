package boltstore

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/lettrage/lettrage/store"
	bolt "go.etcd.io/bbolt"
)

// Backup implements store.Backuper: it writes the file as of one read
// transaction (bbolt's Tx.WriteTo), while writers go on. The copy is a
// bbolt file that Open opens: its two meta pages both record the copied
// transaction's state (the second as the one before it), and it holds the
// pages up to that transaction's high-water mark. With Options.WriteBehind,
// the records the write-behind file holds are first applied to the trees
// (a compaction), so that the copy, one file, holds every commit. A
// damaged file is copied as it is: check the copy (or the book on it)
// before relying on it. A DB that met damage copies what its file holds,
// without compacting; with a write-behind file it refuses, since the copy
// would lack that file's commits.
func (d *DB) Backup(ctx context.Context, w io.Writer) (n int64, err error) {
	if broken := d.broken.Load(); broken != nil || d.opts.ReadOnly {
		// Read-only, the file holds every commit (Open refused a log
		// still to apply) and none can come: a View copies it.
		d.commitMu.Lock()
		withFile := d.gen != nil
		d.commitMu.Unlock()
		if withFile {
			// The copy would lack the commits the write-behind file
			// holds, and hold the generation of a file it lacks.
			return 0, fmt.Errorf("boltstore: backup of %s: the write-behind file holds commits a copy of the book file would leave out, and the DB can no longer apply them (%w): open the book again, then back it up", d.path, *broken)
		}
		err = d.View(ctx, func(stx store.Tx) error {
			var err error
			n, err = stx.(*tx).btx.WriteTo(ctxWriter{ctx, w})
			return err
		})
		return n, backupErr(ctx, err)
	}
	// In the writer's turn: the compaction, when the book stores a
	// write-behind generation, then the copy's read transaction, before
	// the next commit can write to a new file.
	var btx *bolt.Tx
	var berr error
	err = d.update(ctx, func(st store.Tx) error {
		if t := st.(*tx); t.db.gen != nil {
			return t.writeThrough()
		}
		return nil
	}, false, func() { btx, berr = d.db.Begin(false) })
	if err == nil {
		err = mapErr(berr)
	}
	if err != nil {
		return 0, err
	}
	defer btx.Rollback()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = d.damage(r)
		}
	}()
	n, err = btx.WriteTo(ctxWriter{ctx, w})
	return n, backupErr(ctx, err)
}

// backupErr is the context's error when the copy stopped for it: bbolt's
// WriteTo does not wrap its writer's errors.
func backupErr(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("boltstore: backup: %w", err)
	}
	return nil
}

// ctxWriter stops a copy once its context is done.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}
