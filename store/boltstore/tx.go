package boltstore

import (
	"runtime"

	"github.com/lettrage/lettrage/store"
	bolt "go.etcd.io/bbolt"
)

type tx struct {
	db       *DB
	btx      *bolt.Tx
	appended map[string]bool // append-ordered buckets (write transactions)
	done     bool
	// err is the first damage a method met: the transaction must not
	// commit, even if its function goes on and returns nil.
	err error
	// callerPanicked is set when the transaction's function panicked on
	// its own: View and Update let that panic through untouched.
	callerPanicked bool
}

// run calls fn. A panic in fn is fn's own and goes on, except a memory
// fault: fn was reading a key or value slice that a damaged page made
// point outside the file, which is damage, not a bug of fn's.
func (t *tx) run(fn func(store.Tx) error) (err error) {
	defer func() {
		t.done = true
		r := recover()
		if r == nil {
			return
		}
		if !memoryFault(r) {
			t.callerPanicked = true
			panic(r)
		}
		err = t.damaged(r)
	}()
	return fn(t)
}

// memoryFault reports whether r is what the runtime panics with, under
// debug.SetPanicOnFault, for a fault at an address that is not nil's: a
// runtime.Error with the faulting address. Safe Go code faults only on nil
// (the runtime reports that without an address, and the compiler checks
// large offsets from nil explicitly), so inside a transaction such a fault
// comes from reading the file's memory map through a slice that a damaged
// page made too long or misplaced.
func memoryFault(r any) bool {
	_, ok := r.(interface {
		runtime.Error
		Addr() uintptr
	})
	return ok
}

// damaged records the damage a panic or fault revealed and returns it.
func (t *tx) damaged(r any) error {
	err := t.db.damage(r)
	if t.err == nil {
		t.err = err
	}
	return err
}

// recoverDamage, deferred by the methods that call into bbolt, turns a
// panic bbolt raised on a damaged page into the method's error.
func (t *tx) recoverDamage(errp *error) {
	if r := recover(); r != nil {
		*errp = t.damaged(r)
	}
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

func (t *tx) Get(bucket, key []byte) (v []byte, err error) {
	if err := t.check(bucket, key, false); err != nil {
		return nil, err
	}
	defer t.recoverDamage(&err)
	b := t.btx.Bucket(bucket)
	if b == nil {
		return nil, store.ErrNotFound
	}
	if v = b.Get(key); v == nil {
		return nil, store.ErrNotFound
	}
	return v, nil
}

func (t *tx) Put(bucket, key, value []byte) (err error) {
	if err := t.check(bucket, key, false); err != nil {
		return err
	}
	if !t.btx.Writable() {
		return store.ErrReadOnly
	}
	defer t.recoverDamage(&err)
	b, err := t.btx.CreateBucketIfNotExists(bucket)
	if err != nil {
		return err
	}
	b.FillPercent = t.db.opts.FillPercent
	if t.appended[string(bucket)] { // no allocation: the compiler reads the bytes in place
		b.FillPercent = AppendFillPercent
	}
	if value == nil {
		value = []byte{} // bbolt stores nil as empty; Get must not say not-found
	}
	return b.Put(key, value)
}

func (t *tx) Delete(bucket, key []byte) (err error) {
	if err := t.check(bucket, key, false); err != nil {
		return err
	}
	if !t.btx.Writable() {
		return store.ErrReadOnly
	}
	defer t.recoverDamage(&err)
	b := t.btx.Bucket(bucket)
	if b == nil {
		return nil
	}
	return b.Delete(key)
}

func (t *tx) Scan(bucket, from, to []byte, reverse bool, fn func(k, v []byte) error) (err error) {
	if err := t.check(bucket, nil, true); err != nil {
		return err
	}
	calling := false // fn's panics are fn's own: run judges them
	defer func() {
		if calling {
			return
		}
		if r := recover(); r != nil {
			err = t.damaged(r)
		}
	}()
	b := t.btx.Bucket(bucket)
	if b == nil {
		return nil
	}
	c := b.Cursor()
	call := func(k, v []byte) error {
		calling = true
		err := fn(k, v)
		calling = false
		return err
	}
	if !reverse {
		var k, v []byte
		if from == nil {
			k, v = c.First()
		} else {
			k, v = c.Seek(from)
		}
		for ; k != nil && (to == nil || string(k) < string(to)); k, v = c.Next() {
			if err := call(k, v); err != nil {
				return err
			}
		}
		return nil
	}
	var k, v []byte
	if to == nil {
		k, v = c.Last()
	} else {
		// Seek lands on the first key >= to; the one before is the last < to.
		if k, _ = c.Seek(to); k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
	}
	for ; k != nil && (from == nil || string(k) >= string(from)); k, v = c.Prev() {
		if err := call(k, v); err != nil {
			return err
		}
	}
	return nil
}
