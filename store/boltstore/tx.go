package boltstore

import (
	"bytes"
	"errors"
	"runtime"

	"github.com/lettrage/lettrage/store"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
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
	// seekers holds, per bucket a Get found, the bucket and the cursor Get
	// seeks with. bbolt grows a new cursor's path from nothing on its
	// first seek, and in a read transaction opens the bucket anew on every
	// lookup: a cursor kept per bucket saves both (a third of the
	// allocations of an auto-lettering). A seek starts from the bucket's
	// root whatever the cursor did before, as a new cursor's would, writes
	// in between included; Get lends the cursor to nothing that could call
	// back into it. A missing bucket is remembered as missing until bput
	// creates it (every bucket is created there).
	seekers map[string]seeker
	// wrote is set by the first write to bbolt's trees: an Update that
	// wrote nothing (a refused input, a read in a write transaction) is
	// rolled back rather than committed, and the file is left untouched.
	wrote bool

	// Write-behind (see writebehind.go): ov is the committed overlay as of
	// this transaction's snapshot; deferred the buckets an Update writes
	// behind; ws its write set, per bucket, sorted; wsN its number of
	// entries. through is set once this Update applied the overlay and its
	// write set to bbolt (compaction): later writes go to bbolt, ov is
	// empty.
	ov       *wbVersion
	deferred map[string]bool
	// scanning counts the Scans in progress: a write set that outgrows
	// wbBulk then waits for the commit to write through, which would
	// otherwise change a tree under the scan's cursor.
	scanning int
	ws       map[string]*wbEntries
	wsN      int
	through  bool
	// rec is the write set's record, as stored; newFile the write-behind
	// file created for the generation this commit stores, dropGen set
	// when it drops the stored one (see wbfile.go).
	rec     []byte
	newFile *wbFile
	dropGen bool
	// compacted counts for WriteBehindStats.
	compacted int
}

// seeker is a bucket and the cursor Get seeks in it with.
type seeker struct {
	b *bolt.Bucket
	c *bolt.Cursor
}

// seekerOf returns the bucket's seeker, and false if the bucket does not
// exist. A missing bucket is remembered too (a seeker without a bucket),
// until bput creates it: bbolt allocates a handle on every lookup, and a
// book's first lettering reads line states from a bucket its commit
// creates, half a million lookups on the benchmark's million lines.
func (t *tx) seekerOf(bucket []byte) (seeker, bool) {
	if s, ok := t.seekers[string(bucket)]; ok { // no allocation: the compiler reads the bytes in place
		return s, s.b != nil
	}
	b := t.btx.Bucket(bucket)
	if t.seekers == nil {
		t.seekers = map[string]seeker{}
	}
	var s seeker
	if b != nil {
		s = seeker{b: b, c: b.Cursor()}
	}
	t.seekers[string(bucket)] = s
	return s, b != nil
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

// aloneKey is the one key of the bucket that holds a large value alone
// (see the package doc).
var aloneKey = []byte{'v'}

// aloneMin is the length from which a value is stored alone: a page, the
// length from which bbolt puts a leaf holding it on overflow pages. Below
// it a value shares a page or two with its neighbours, and a write beside
// it costs no more than storing it alone would (its own page and its
// key's leaf).
func (d *DB) aloneMin() int { return d.pageSize }

func (t *tx) Get(bucket, key []byte) (v []byte, err error) {
	if err := t.check(bucket, key, false); err != nil {
		return nil, err
	}
	defer t.recoverDamage(&err)
	if e, ok := t.wbGet(bucket, key); ok {
		if e.del {
			return nil, store.ErrNotFound
		}
		return e.v, nil
	}
	s, ok := t.seekerOf(bucket)
	if !ok {
		return nil, store.ErrNotFound
	}
	// One descent for both kinds of key: bbolt's Bucket.Get gives nil for
	// a value stored alone, and telling it from a missing key took a
	// second descent, 4 % of auto-lettering's time (they miss a lot). A
	// cursor lands on the same key; unlike Get it also finds a key that a
	// damaged branch page sends one leaf too far left.
	k, v := s.c.Seek(key)
	if k == nil || !bytes.Equal(k, key) {
		return nil, store.ErrNotFound
	}
	return value(s.b, k, v), nil
}

// value returns the value of key k, read as v by a cursor of b: a nested
// bucket's (v is nil; bbolt gives an empty value as an empty slice) is the
// large value it holds alone.
func value(b *bolt.Bucket, k, v []byte) []byte {
	if v != nil {
		return v
	}
	if alone := b.Bucket(k); alone != nil {
		if v = alone.Get(aloneKey); v != nil {
			return v
		}
	}
	return []byte{} // an empty value, as bbolt may give it
}

func (t *tx) Put(bucket, key, value []byte) (err error) {
	if err := t.check(bucket, key, false); err != nil {
		return err
	}
	if !t.btx.Writable() {
		return store.ErrReadOnly
	}
	defer t.recoverDamage(&err)
	if t.writesBehind(bucket) {
		return t.wsPut(bucket, key, value, false)
	}
	return t.bput(bucket, key, value)
}

// bput stores value under key in bbolt's bucket.
func (t *tx) bput(bucket, key, value []byte) (err error) {
	t.wrote = true
	var b *bolt.Bucket
	s, known := t.seekers[string(bucket)]
	if b = s.b; b == nil { // unknown, or known missing: this put creates it
		if b, err = t.btx.CreateBucketIfNotExists(bucket); err != nil {
			return err
		}
		if known {
			t.seekers[string(bucket)] = seeker{b: b, c: b.Cursor()}
		}
	}
	t.fill(bucket, b)
	if len(value) >= t.db.aloneMin() {
		return putAlone(b, key, value)
	}
	if value == nil {
		value = []byte{} // bbolt stores nil as empty; Get must not say not-found
	}
	err = b.Put(key, value)
	if errors.Is(err, berrors.ErrIncompatibleValue) { // key held a large value alone
		if err := b.DeleteBucket(key); err != nil {
			return err
		}
		return b.Put(key, value)
	}
	return err
}

// fill sets how full bbolt packs b's pages, the bucket named bucket, in
// this transaction: bbolt keeps it with the bucket's handle, which starts
// at bbolt's own default (a half) in every transaction, and reads it when
// the commit splits a page that grew and when it merges one that shrank.
// Every write sets it, deletes too: a transaction that only deleted from
// a bucket merged its pages at bbolt's default, not the book's.
func (t *tx) fill(bucket []byte, b *bolt.Bucket) {
	b.FillPercent = t.db.opts.FillPercent
	if t.appended[string(bucket)] { // no allocation: the compiler reads the bytes in place
		b.FillPercent = AppendFillPercent
	}
}

// putAlone stores a large value under key in a bucket of its own.
func putAlone(b *bolt.Bucket, key, value []byte) error {
	alone := b.Bucket(key)
	if alone == nil {
		if err := b.Delete(key); err != nil { // a shorter value stored before
			return err
		}
		var err error
		if alone, err = b.CreateBucket(key); err != nil {
			return err
		}
	}
	return alone.Put(aloneKey, value)
}

func (t *tx) Delete(bucket, key []byte) (err error) {
	if err := t.check(bucket, key, false); err != nil {
		return err
	}
	if !t.btx.Writable() {
		return store.ErrReadOnly
	}
	defer t.recoverDamage(&err)
	if t.writesBehind(bucket) {
		return t.wsPut(bucket, key, nil, true)
	}
	return t.bdel(bucket, key)
}

// bdel deletes key from bbolt's bucket.
func (t *tx) bdel(bucket, key []byte) (err error) {
	// Through the bucket's seeker: bbolt's Bucket.Delete makes a cursor
	// of its own, whose path down the tree is allocated afresh (three
	// allocations a delete, a twentieth of auto-lettering's).
	s, ok := t.seekerOf(bucket)
	if !ok {
		return nil
	}
	t.wrote = true
	t.fill(bucket, s.b)
	k, v := s.c.Seek(key)
	switch {
	case k == nil || !bytes.Equal(k, key):
		return nil
	case v == nil: // a large value alone, in a nested bucket (value)
		return s.b.DeleteBucket(key)
	}
	return s.c.Delete()
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
	t.scanning++
	defer func() { t.scanning-- }()
	b := t.btx.Bucket(bucket)
	if ws, ov := t.wbRanges(bucket); len(ws) > 0 || len(ov) > 0 {
		return t.mergedScan(b, ws, ov, from, to, reverse, fn, &calling)
	}
	if b == nil {
		return nil
	}
	c := b.Cursor()
	call := func(k, v []byte) error {
		v = value(b, k, v)
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
