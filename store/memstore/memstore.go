// Package memstore is an in-memory store.Store: for tests and ephemeral
// books. It keeps each bucket in a copy-on-write B-tree, so View
// transactions read an immutable snapshot without locks while one Update at
// a time builds the next version.
//
// # Caveats
//
// Nothing survives Close or the process. Memory grows with the data; there
// is no eviction.
package memstore

import (
	"bytes"
	"context"
	"sync"
	"sync/atomic"

	"github.com/google/btree"
	"github.com/lettrage/lettrage/store"
)

type item struct{ k, v []byte }

func less(a, b item) bool { return bytes.Compare(a.k, b.k) < 0 }

type tree = btree.BTreeG[item]

// snapshot is one committed version: bucket name → tree. Published trees
// are never written again; readers share them freely.
type snapshot map[string]*tree

// DB is an in-memory store.Store. The zero value is not usable; call New.
type DB struct {
	mu     sync.Mutex // serializes Update; guards master
	master snapshot   // the writer's private copy of the latest version
	state  atomic.Pointer[snapshot]
	closed atomic.Bool
	// vmu guards views, the running Views, and the closing of the store
	// against them: a View counted before Close set closed is waited for,
	// one after it is refused. (A WaitGroup cannot do this: its Add may not
	// race its Wait.)
	vmu      sync.Mutex
	views    int
	viewDone *sync.Cond
}

var _ store.Store = (*DB)(nil)

// New returns an empty store.
func New() *DB {
	db := &DB{master: snapshot{}}
	db.viewDone = sync.NewCond(&db.vmu)
	empty := snapshot{}
	db.state.Store(&empty)
	return db
}

// View implements store.Store.
func (db *DB) View(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	db.vmu.Lock()
	if db.closed.Load() {
		db.vmu.Unlock()
		return store.ErrClosed
	}
	db.views++
	db.vmu.Unlock()
	defer func() {
		db.vmu.Lock()
		if db.views--; db.views == 0 {
			db.viewDone.Broadcast()
		}
		db.vmu.Unlock()
	}()
	t := &tx{read: *db.state.Load()}
	defer func() { t.done = true }()
	return fn(t)
}

// Update implements store.Store.
func (db *DB) Update(ctx context.Context, fn func(store.Tx) error) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed.Load() {
		return store.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	t := &tx{read: db.master, writable: true, written: map[string]*tree{}}
	err := func() error {
		defer func() { t.done = true }() // a panic in fn ends the Tx too
		return fn(t)
	}()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(t.written) == 0 {
		return nil
	}
	// Commit: the written trees become the master; readers get clones of
	// them, which the writer never touches again.
	master := make(snapshot, len(db.master)+len(t.written))
	published := make(snapshot, len(master))
	for name, tr := range db.master {
		master[name] = tr
	}
	for name, tr := range t.written {
		master[name] = tr
	}
	old := *db.state.Load()
	for name, tr := range master {
		if _, changed := t.written[name]; changed {
			published[name] = tr.Clone()
		} else {
			published[name] = old[name]
		}
	}
	db.master = master
	db.state.Store(&published)
	return nil
}

// Close implements store.Store. It waits for running transactions.
func (db *DB) Close() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.vmu.Lock()
	defer db.vmu.Unlock()
	if db.closed.Swap(true) {
		return nil // closed already: a second Close does nothing, as on every backend
	}
	for db.views > 0 {
		db.viewDone.Wait()
	}
	return nil
}

type tx struct {
	read     snapshot
	writable bool
	written  map[string]*tree // buckets this Update changed: private clones
	done     bool
}

func (t *tx) tree(bucket []byte) *tree {
	if tr, ok := t.written[string(bucket)]; ok {
		return tr
	}
	return t.read[string(bucket)]
}

// check validates the bucket name and, unless scanning, the key.
func (t *tx) check(bucket, key []byte, scanning bool) error {
	if t.done {
		return store.ErrTxDone
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
	tr := t.tree(bucket)
	if tr == nil {
		return nil, store.ErrNotFound
	}
	it, ok := tr.Get(item{k: key})
	if !ok {
		return nil, store.ErrNotFound
	}
	return it.v, nil
}

func (t *tx) writeTree(bucket []byte) *tree {
	if tr, ok := t.written[string(bucket)]; ok {
		return tr
	}
	var tr *tree
	if base := t.read[string(bucket)]; base != nil {
		tr = base.Clone() // base is the master: only this writer touches it
	} else {
		tr = btree.NewG(32, less)
	}
	t.written[string(bucket)] = tr
	return tr
}

func (t *tx) Put(bucket, key, value []byte) error {
	if err := t.check(bucket, key, false); err != nil {
		return err
	}
	if !t.writable {
		return store.ErrReadOnly
	}
	// Copy: the store outlives the transaction, the caller's slices do not.
	t.writeTree(bucket).ReplaceOrInsert(item{k: bytes.Clone(key), v: append([]byte{}, value...)})
	return nil
}

func (t *tx) Delete(bucket, key []byte) error {
	if err := t.check(bucket, key, false); err != nil {
		return err
	}
	if !t.writable {
		return store.ErrReadOnly
	}
	if t.tree(bucket) == nil {
		return nil
	}
	t.writeTree(bucket).Delete(item{k: key})
	return nil
}

func (t *tx) Scan(bucket, from, to []byte, reverse bool, fn func(k, v []byte) error) error {
	if err := t.check(bucket, nil, true); err != nil {
		return err
	}
	tr := t.tree(bucket)
	if tr == nil {
		return nil
	}
	var err error
	visit := func(it item) bool {
		if from != nil && bytes.Compare(it.k, from) < 0 {
			return false
		}
		if to != nil && bytes.Compare(it.k, to) >= 0 {
			return reverse // forward: past the end, stop; reverse: skip the bound itself
		}
		err = fn(it.k, it.v)
		return err == nil
	}
	switch {
	case !reverse && from == nil:
		tr.Ascend(visit)
	case !reverse:
		tr.AscendGreaterOrEqual(item{k: from}, visit)
	case to == nil:
		tr.Descend(visit)
	default:
		tr.DescendLessOrEqual(item{k: to}, visit)
	}
	return err
}
