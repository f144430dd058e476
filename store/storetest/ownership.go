package storetest

import (
	"bytes"
	"context"
	"fmt"

	"github.com/lettrage/lettrage/store"
)

// Owning wraps s so that every Update proves its caller honours the store's
// ownership of what it passes to Put: the bucket, key and value slices
// belong to the store until the transaction ends, and the caller never
// changes or recycles them before commit. A backend that keeps the
// caller's slices (bbolt keeps values) would otherwise commit whatever a
// reused buffer holds by then, silently; a backend that copies them
// (memstore) would hide the mistake from every test.
//
// Inside each Update, Owning keeps every slice passed to Put, exactly as
// passed, with a copy of its content at Put time. When the function
// returns nil, before the inner store commits, it compares each kept slice
// with its copy; the first difference fails the Update with an
// *OwnershipError, and nothing commits. Wrap Twice inside Owning, not the
// reverse, so that both runs of each function are checked.
func Owning(s store.Store) store.Store { return owning{s} }

// OwnershipError is returned by an Update under Owning whose function
// changed a slice it had passed to Put before the transaction ended.
type OwnershipError struct {
	Bucket, Key []byte // as they were at Put time
	Part        string // "bucket", "key" or "value": the slice that changed
	Was, Now    []byte // its content at Put time and at commit
}

// Error names the slice that changed, its bucket and key, and both contents.
func (e *OwnershipError) Error() string {
	return fmt.Sprintf("storetest: the %s passed to Put(%q, %x) changed before commit: was %x, now %x",
		e.Part, e.Bucket, e.Key, e.Was, e.Now)
}

type owning struct{ store.Store }

func (w owning) Update(ctx context.Context, fn func(store.Tx) error) error {
	return w.Store.Update(ctx, func(tx store.Tx) error {
		o := &owningTx{Tx: tx}
		if err := fn(o); err != nil {
			return err
		}
		return o.verify()
	})
}

// owningTx keeps what each Put was given: the caller's slices, and their
// content then, appended to one buffer so that a large batch costs a few
// allocations, not three per Put.
type owningTx struct {
	store.Tx
	puts []keptPut
	was  []byte
}

type keptPut struct {
	b, k, v    []byte // the caller's slices
	bEnd, kEnd int    // where their copies end in was; the value's ends at the next put's start
	start      int
}

func (o *owningTx) Put(bucket, key, value []byte) error {
	if err := o.Tx.Put(bucket, key, value); err != nil {
		return err // not stored: nothing to own
	}
	p := keptPut{b: bucket, k: key, v: value, start: len(o.was)}
	o.was = append(o.was, bucket...)
	p.bEnd = len(o.was)
	o.was = append(o.was, key...)
	p.kEnd = len(o.was)
	o.was = append(o.was, value...)
	o.puts = append(o.puts, p)
	return nil
}

// verify compares every kept slice with its content at Put time.
func (o *owningTx) verify() error {
	for i, p := range o.puts {
		end := len(o.was)
		if i+1 < len(o.puts) {
			end = o.puts[i+1].start
		}
		b, k, v := o.was[p.start:p.bEnd], o.was[p.bEnd:p.kEnd], o.was[p.kEnd:end]
		for _, part := range [3]struct {
			name     string
			was, now []byte
		}{{"bucket", b, p.b}, {"key", k, p.k}, {"value", v, p.v}} {
			if !bytes.Equal(part.was, part.now) {
				return &OwnershipError{Bucket: bytes.Clone(b), Key: bytes.Clone(k), Part: part.name,
					Was: bytes.Clone(part.was), Now: bytes.Clone(part.now)}
			}
		}
	}
	return nil
}
