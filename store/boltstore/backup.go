package boltstore

import (
	"context"
	"io"

	"github.com/lettrage/lettrage/store"
)

// Backup implements store.Backuper: it writes the file as of one read
// transaction (bbolt's Tx.WriteTo), while writers go on. The copy is a
// bbolt file that Open opens: its two meta pages both record the copied
// transaction's state (the second as the one before it), and it holds the
// pages up to that transaction's high-water mark. A damaged file is copied
// as it is: check the copy (or the book on it) before relying on it.
func (d *DB) Backup(ctx context.Context, w io.Writer) (int64, error) {
	var n int64
	err := d.View(ctx, func(stx store.Tx) error {
		var err error
		n, err = stx.(*tx).btx.WriteTo(ctxWriter{ctx, w})
		return err
	})
	if err != nil && ctx.Err() != nil {
		return n, ctx.Err() // bbolt's WriteTo does not wrap its writer's errors
	}
	return n, err
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
