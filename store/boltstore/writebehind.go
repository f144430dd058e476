package boltstore

// Write-behind (Options.WriteBehind): the writes of a small Update to the
// buckets the caller hinted as deferred (HintDeferred) do not go to their
// trees. The Update logs its whole write set as one record under an 8-byte
// big-endian sequence: appended to the write-behind file when it wrote
// nothing else (wbfile.go), or in the log bucket wbLog of its own bbolt
// transaction; either way the record is as durable as any commit. Once
// committed, the write set is merged into an in-memory overlay that every
// later transaction reads before bbolt. When the overlay would exceed
// Options.WriteBehindMax writes, or an Update's own write set exceeds
// wbBulk, that Update applies the overlay and its write set to the trees,
// in key order, deletes the log bucket and the file's generation in the
// same bbolt transaction, removes the file after it, and publishes an
// empty overlay (compaction). Open replays the log; Close compacts.
//
// A commit that letters a customer writes a few keys into each of nine
// trees: written through, each tree's leaf and the branch pages above it,
// some 40 pages; written behind, its record in the file (two pages) and,
// at the compaction, the leaves many commits share.
//
// The overlay is a chain of immutable versions, each tagged with the bbolt
// transaction id from which it holds: a View takes the version of its
// bbolt snapshot (the newest whose id is not above the snapshot's), so it
// sees the trees and the overlay of the same commit without a lock. An
// Update publishes its version before bbolt's commit (readers of the older
// snapshot skip it) and takes it back if the commit fails. An Update whose
// record goes to the file commits nothing to bbolt: its version holds from
// the snapshot it read, and is published once the record is synced.

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/lettrage/lettrage/store"
	bolt "go.etcd.io/bbolt"
)

// wbLog is the bucket of the write-behind records: a name one byte longer
// than store.KeyMax, which no caller's bucket can have (CheckKey refuses
// it), so that the log never shares a bucket with data.
var wbLog = func() []byte {
	name := make([]byte, store.KeyMax+1)
	copy(name, "boltstore write-behind log")
	return name
}()

// wbBulk is the write set size from which an Update writes through
// (compacts) instead of appending a record.
var wbBulk = 2_000

// wbKeep is how many overlay versions the chain keeps for Views that began
// their bbolt snapshot before the newest commits.
const wbKeep = 16

// DefaultWriteBehindMax is the overlay size that triggers a compaction
// when Options.WriteBehindMax is 0.
const DefaultWriteBehindMax = 100_000

// wbEntry is one write: a value, or a deletion.
type wbEntry struct {
	k, v []byte
	del  bool
}

// wbEntries are a bucket's writes, sorted by key, one per key.
type wbEntries []wbEntry

// search returns the index of the first entry whose key is >= key.
func (s wbEntries) search(key []byte) int {
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if bytes.Compare(s[m].k, key) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func (s wbEntries) get(key []byte) (wbEntry, bool) {
	i := s.search(key)
	if i < len(s) && bytes.Equal(s[i].k, key) {
		return s[i], true
	}
	return wbEntry{}, false
}

// set inserts or replaces e, and reports whether the key is new.
func (s *wbEntries) set(e wbEntry) bool {
	// Keys mostly arrive in ascending order: try the end first.
	if n := len(*s); n == 0 || bytes.Compare((*s)[n-1].k, e.k) < 0 {
		*s = append(*s, e)
		return true
	}
	i := s.search(e.k)
	if i < len(*s) && bytes.Equal((*s)[i].k, e.k) {
		(*s)[i] = e
		return false
	}
	*s = append(*s, wbEntry{})
	copy((*s)[i+1:], (*s)[i:])
	(*s)[i] = e
	return true
}

// rng returns the entries with keys in [from, to).
func (s wbEntries) rng(from, to []byte) wbEntries {
	lo, hi := 0, len(s)
	if from != nil {
		lo = s.search(from)
	}
	if to != nil {
		hi = s.search(to)
	}
	if hi < lo {
		hi = lo
	}
	return s[lo:hi]
}

// merge returns a new sorted slice of old's entries and new's, new's
// winning on equal keys. Neither is changed.
func merge(old, new wbEntries) wbEntries {
	out := make(wbEntries, 0, len(old)+len(new))
	i, j := 0, 0
	for i < len(old) && j < len(new) {
		switch c := bytes.Compare(old[i].k, new[j].k); {
		case c < 0:
			out = append(out, old[i])
			i++
		case c > 0:
			out = append(out, new[j])
			j++
		default:
			out = append(out, new[j])
			i++
			j++
		}
	}
	out = append(out, old[i:]...)
	return append(out, new[j:]...)
}

// wbRuns are a bucket's overlay: immutable sorted runs, newest first, a
// key's newest entry winning. A commit pushes its write set as a new run
// and merges it with the runs not over twice its size (a binary counter):
// O(log n) runs, each entry copied O(log n) times, and a version shares
// every run it did not merge with the version before.
type wbRuns []wbEntries

// push returns the runs with s pushed, and the change in their total
// length.
func (r wbRuns) push(s wbEntries) (wbRuns, int) {
	cur, i, delta := s, 0, len(s)
	for i < len(r) && len(r[i]) <= 2*len(cur) {
		m := merge(r[i], cur)
		delta += len(m) - len(r[i]) - len(cur)
		cur = m
		i++
	}
	out := make(wbRuns, 0, len(r)-i+1)
	return append(append(out, cur), r[i:]...), delta
}

func (r wbRuns) get(key []byte) (wbEntry, bool) {
	for _, s := range r {
		if e, ok := s.get(key); ok {
			return e, true
		}
	}
	return wbEntry{}, false
}

// wbVersion is one immutable state of the overlay, valid for the bbolt
// snapshots from txid on (until the next version's).
type wbVersion struct {
	txid int
	b    map[string]wbRuns
	n    int // entries in all runs
	prev atomic.Pointer[wbVersion]
}

var wbEmpty = &wbVersion{}

// wbAt returns the overlay version of the bbolt snapshot txid, or nil
// when the chain no longer holds it.
func (d *DB) wbAt(txid int) *wbVersion {
	for v := d.wbHead.Load(); v != nil; v = v.prev.Load() {
		if v.txid <= txid {
			return v
		}
	}
	return nil
}

// publish makes v the newest version.
func (d *DB) publish(v *wbVersion) {
	old := d.wbHead.Load()
	v.prev.Store(old)
	d.wbHead.Store(v)
	// Cut the chain after wbKeep versions.
	p := v
	for i := 0; i < wbKeep && p != nil; i++ {
		p = p.prev.Load()
	}
	if p != nil {
		p.prev.Store(nil)
	}
}

// writesBehind reports whether a write to bucket goes to the write set.
func (t *tx) writesBehind(bucket []byte) bool {
	return t.deferred != nil && !t.through && t.deferred[string(bucket)]
}

// wsPut records a write in the write set, copying key and value (the
// overlay outlives the transaction).
func (t *tx) wsPut(bucket, key, value []byte, del bool) error {
	if t.ws == nil {
		t.ws = map[string]*wbEntries{}
	}
	s := t.ws[string(bucket)]
	if s == nil {
		s = new(wbEntries)
		t.ws[string(bucket)] = s
	}
	e := wbEntry{k: bytes.Clone(key), del: del}
	if !del {
		e.v = make([]byte, len(value))
		copy(e.v, value)
	}
	if s.set(e) {
		t.wsN++
	}
	if t.wsN > wbBulk && t.scanning == 0 {
		return t.writeThrough()
	}
	return nil
}

// wbGet looks key up in the write set, then in the overlay. Without
// either (write-behind off, or the log just applied), it costs a Get two
// comparisons.
func (t *tx) wbGet(bucket, key []byte) (wbEntry, bool) {
	if t.ws != nil {
		if s := t.ws[string(bucket)]; s != nil {
			if e, ok := s.get(key); ok {
				return e, true
			}
		}
	}
	if t.ov != nil && t.ov.n > 0 {
		if r := t.ov.b[string(bucket)]; r != nil {
			return r.get(key)
		}
	}
	return wbEntry{}, false
}

// wbRanges returns the write set's entries of bucket and the overlay's
// runs.
func (t *tx) wbRanges(bucket []byte) (ws wbEntries, ov wbRuns) {
	if t.ws != nil {
		if s := t.ws[string(bucket)]; s != nil {
			ws = *s
		}
	}
	if t.ov != nil && t.ov.n > 0 {
		ov = t.ov.b[string(bucket)]
	}
	return ws, ov
}

// mergedScan scans [from, to) of the write set ws, the overlay's runs ov
// and bbolt's bucket b (nil if missing), in that priority, skipping
// deletions.
func (t *tx) mergedScan(b *bolt.Bucket, ws wbEntries, ov wbRuns, from, to []byte, reverse bool,
	fn func(k, v []byte) error, calling *bool) error {
	srcs := make([]wbEntries, 0, 1+len(ov))
	if s := ws.rng(from, to); len(s) > 0 {
		srcs = append(srcs, s)
	}
	for _, r := range ov {
		if s := r.rng(from, to); len(s) > 0 {
			srcs = append(srcs, s)
		}
	}
	pos := make([]int, len(srcs)) // entries consumed from each source's scan end
	var c *bolt.Cursor
	var bk, bv []byte
	if b != nil {
		c = b.Cursor()
		if !reverse {
			if from == nil {
				bk, bv = c.First()
			} else {
				bk, bv = c.Seek(from)
			}
		} else if to == nil {
			bk, bv = c.Last()
		} else if bk, _ = c.Seek(to); bk == nil {
			bk, bv = c.Last()
		} else {
			bk, bv = c.Prev()
		}
	}
	inRange := func() {
		if bk == nil {
			return
		}
		if !reverse && to != nil && bytes.Compare(bk, to) >= 0 || reverse && from != nil && bytes.Compare(bk, from) < 0 {
			bk = nil
		}
	}
	inRange()
	step := func() {
		if reverse {
			bk, bv = c.Prev()
		} else {
			bk, bv = c.Next()
		}
		inRange()
	}
	// before reports whether a comes first in the scan's order.
	before := func(a, b []byte) bool {
		if reverse {
			return bytes.Compare(a, b) > 0
		}
		return bytes.Compare(a, b) < 0
	}
	at := func(s wbEntries, n int) *wbEntry {
		if n >= len(s) {
			return nil
		}
		if reverse {
			return &s[len(s)-1-n]
		}
		return &s[n]
	}
	for {
		var best []byte
		for i, s := range srcs {
			if e := at(s, pos[i]); e != nil && (best == nil || before(e.k, best)) {
				best = e.k
			}
		}
		if bk != nil && (best == nil || before(bk, best)) {
			best = bk
		}
		if best == nil {
			return nil
		}
		var v []byte
		del, set := false, false
		for i, s := range srcs {
			if e := at(s, pos[i]); e != nil && bytes.Equal(e.k, best) {
				if !set {
					v, del, set = e.v, e.del, true
				}
				pos[i]++
			}
		}
		if bk != nil && bytes.Equal(bk, best) {
			if !set {
				v = value(b, bk, bv)
			}
			step()
		}
		if del {
			continue
		}
		*calling = true
		err := fn(best, v)
		*calling = false
		if err != nil {
			return err
		}
	}
}

// writeThrough compacts inside this Update: it applies the overlay, then
// the write set, to bbolt in key order and drops the log; the rest of the
// transaction writes to bbolt.
func (t *tx) writeThrough() error {
	if t.through {
		return nil
	}
	if err := t.apply(t.ov); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(t.ws)) {
		for _, e := range *t.ws[name] {
			if err := t.apply1([]byte(name), e); err != nil {
				return err
			}
		}
	}
	if t.btx.Bucket(wbLog) != nil {
		if err := t.btx.DeleteBucket(wbLog); err != nil {
			return err
		}
	}
	// The write-behind file's records are applied: its generation goes
	// with this commit, the file after it.
	if t.btx.Bucket(wbGen) != nil {
		if err := t.btx.DeleteBucket(wbGen); err != nil {
			return err
		}
		t.dropGen = true
	}
	t.compacted = t.ov.n + t.wsN
	t.ov, t.ws, t.wsN, t.through = wbEmpty, nil, 0, true
	return nil
}

func (t *tx) apply(v *wbVersion) error {
	if v == nil {
		return nil
	}
	for _, name := range slices.Sorted(maps.Keys(v.b)) {
		runs := v.b[name]
		all := wbEntries(nil)
		for i := len(runs) - 1; i >= 0; i-- { // oldest first: newer entries win
			all = merge(all, runs[i])
		}
		for _, e := range all {
			if err := t.apply1([]byte(name), e); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *tx) apply1(bucket []byte, e wbEntry) error {
	if e.del {
		return t.bdel(bucket, e.k)
	}
	return t.bput(bucket, e.k, e.v)
}

// wbCommit prepares the commit of an Update: it compacts, or appends the
// write set's record to the log. It returns the overlay version to
// publish, or nil when the overlay does not change.
func (t *tx) wbCommit() (*wbVersion, error) {
	if !t.through && t.wsN > 0 && (t.ov.n+t.wsN > t.db.wbMax || t.wsN > wbBulk) {
		if err := t.writeThrough(); err != nil {
			return nil, err
		}
	}
	if t.through {
		return &wbVersion{txid: t.btx.ID()}, nil
	}
	if t.wsN == 0 {
		return nil, nil
	}
	names := slices.Sorted(maps.Keys(t.ws))
	rec := make([]byte, 0, 256)
	v := &wbVersion{txid: t.btx.ID(), b: make(map[string]wbRuns, len(t.ov.b)+len(names)), n: t.ov.n}
	for k, s := range t.ov.b {
		v.b[k] = s
	}
	for _, name := range names {
		s := *t.ws[name]
		rec = binary.AppendUvarint(rec, uint64(len(name)))
		rec = append(rec, name...)
		rec = binary.AppendUvarint(rec, uint64(len(s)))
		var prev []byte
		for _, e := range s {
			// Keys are sorted: each is stored as the length it shares
			// with the one before and the rest.
			shared := 0
			for shared < len(prev) && shared < len(e.k) && prev[shared] == e.k[shared] {
				shared++
			}
			prev = e.k
			rec = binary.AppendUvarint(rec, uint64(shared))
			rec = binary.AppendUvarint(rec, uint64(len(e.k)-shared))
			rec = append(rec, e.k[shared:]...)
			if e.del {
				rec = append(rec, 0)
			} else {
				rec = append(rec, 1)
				rec = binary.AppendUvarint(rec, uint64(len(e.v)))
				rec = append(rec, e.v...)
			}
		}
		runs, delta := t.ov.b[name].push(s)
		v.n += delta
		v.b[name] = runs
	}
	t.rec = encodeRecord(rec)
	return v, nil
}

// logRecord writes the record wbCommit made to the log bucket, under the
// next sequence. With Options.WriteBehind and no write-behind file, it
// stores a new generation for the file the commit then creates.
func (t *tx) logRecord() error {
	// A record of a page or more is stored alone (a bucket of its own,
	// written once): in the log's leaf, bbolt would rewrite it with each
	// of the next records appended to that leaf (a leaf of four keys or
	// fewer is never split).
	key := binary.BigEndian.AppendUint64(nil, t.db.wbSeq)
	if err := t.bput(wbLog, key, t.rec); err != nil {
		return err
	}
	if d := t.db; d.opts.WriteBehind && d.wbFile == nil && !d.wbFileFailed {
		// The file first, synced: a book that stores a generation has
		// its file, or lost it.
		gen := newGeneration()
		f, err := createWBFile(d.path+WBFileSuffix, gen, d.gen, !d.opts.NoSync)
		if err != nil {
			d.wbFileFailed = true // not tried again: the records stay in bbolt
			return nil
		}
		t.newFile = f
		return t.bput(wbGen, wbGenKey, gen)
	}
	return nil
}

// replayRecord pushes a log record's write set into v.
func replayRecord(rec []byte, v *wbVersion) error {
	bad := errors.New("damaged write set")
	uv := func() (uint64, bool) {
		x, n := binary.Uvarint(rec)
		if n <= 0 {
			return 0, false
		}
		rec = rec[n:]
		return x, true
	}
	take := func(n uint64) ([]byte, bool) {
		if uint64(len(rec)) < n {
			return nil, false
		}
		b := bytes.Clone(rec[:n])
		rec = rec[n:]
		return b, true
	}
	seen := map[string]bool{}
	for len(rec) > 0 {
		nl, ok := uv()
		if !ok {
			return bad
		}
		name, ok := take(nl)
		if !ok || store.CheckKey(name) != nil || seen[string(name)] {
			return bad
		}
		seen[string(name)] = true
		cnt, ok := uv()
		if !ok || cnt == 0 {
			return bad
		}
		var s wbEntries
		var prev []byte
		for ; cnt > 0; cnt-- {
			shared, ok := uv()
			if !ok || shared > uint64(len(prev)) {
				return bad
			}
			kl, ok := uv()
			if !ok {
				return bad
			}
			suffix, ok := take(kl)
			if !ok || len(rec) == 0 {
				return bad
			}
			k := append(bytes.Clone(prev[:shared]), suffix...)
			// A write set holds each key once, in order, as a commit
			// wrote it.
			if store.CheckKey(k) != nil || prev != nil && bytes.Compare(prev, k) >= 0 {
				return bad
			}
			prev = k
			if rec[0] > 1 {
				return bad
			}
			e := wbEntry{k: k, del: rec[0] == 0}
			rec = rec[1:]
			if !e.del {
				vl, ok := uv()
				if !ok {
					return bad
				}
				if e.v, ok = take(vl); !ok {
					return bad
				}
			}
			s = append(s, e)
		}
		runs, delta := v.b[string(name)].push(s)
		v.b[string(name)] = runs
		v.n += delta
	}
	return nil
}

// openWriteBehind replays the log into the overlay. The buckets it holds
// writes of stay deferred with Options.WriteBehind; without it, the
// overlay is applied to the trees at once (one commit), so that no write
// waits in a log this DB would not add to.
func (d *DB) openWriteBehind() (err error) {
	// Opened without verifying the file (Options.NoVerify), a damaged page
	// on the way to the log makes bbolt panic: that is damage, an error.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = d.damage(r)
		}
	}()
	d.wbMax = d.opts.WriteBehindMax
	if d.wbMax <= 0 {
		d.wbMax = DefaultWriteBehindMax
	}
	d.deferred.Store(&map[string]bool{})
	v := &wbVersion{b: map[string]wbRuns{}}
	var recs []logRec
	var gen []byte
	var reach uint64 // the sequence the records must reach
	err = d.db.View(func(btx *bolt.Tx) error {
		v.txid = btx.ID()
		gen = storedGeneration(btx)
		var err error
		if reach, err = storedSequence(btx); err != nil {
			return err
		}
		recs, err = bboltLog(btx)
		return err
	})
	if err != nil {
		return err
	}
	// What bbolt's state vouches for: frames after it are a bbolt
	// commit's to vouch for (update).
	d.wbSeqBolt = reach
	if len(recs) > 0 {
		d.wbSeqBolt = max(reach, recs[len(recs)-1].seq+1)
	}
	if d.opts.ReadOnly {
		// Without the log's commits the trees are an older book; applying
		// them is a write. A write-behind file without a generation
		// stored holds nothing the book lacks, and is left as it is.
		if gen != nil || len(recs) > 0 {
			return fmt.Errorf("%w: %s: open it for writing once, which applies them", ErrPendingLog, d.path)
		}
		d.wbHead.Store(v)
		return nil
	}
	d.gen = gen
	f, frames, err := openWBFile(d.path+WBFileSuffix, gen, !d.opts.NoSync, d.opts.AcceptRollback)
	if errors.Is(err, errWBFileMissing) {
		return fmt.Errorf("%w: boltstore: %s: its write-behind file %s is missing, and the commits it held with it: %v; put it back beside the book, or open with Options.AcceptRollback to go on without them",
			store.ErrCorrupt, d.path, d.path+WBFileSuffix, err)
	}
	if err != nil {
		return err
	}
	d.wbFile = f
	n, err := framesOver(frames, uint64(v.txid), d.path)
	if err != nil && d.opts.AcceptRollback {
		err = nil // the frames written over the transaction lost go with it
	}
	if n < len(frames) {
		f.size = frames[n].off
		frames = frames[:n]
	}
	if err == nil {
		recs, err = mergeLogs(recs, frames)
	}
	short := false // the records end before the sequence the book file vouches for
	if err == nil {
		if err = recordsReach(recs, reach, d.path+WBFileSuffix); err != nil && d.opts.AcceptRollback {
			err, short = nil, true
		}
	}
	if err == nil {
		var next uint64
		if next, err = replayRecords(recs, v); next > 0 {
			d.wbSeq = next
		}
	}
	// Only a book that opens has its file cut: back to the frames
	// replayed, a torn one after them cut off.
	if err == nil && f != nil {
		err = f.cutTail(!d.opts.NoSync)
	}
	if err != nil {
		if f != nil {
			f.f.Close()
			d.wbFile = nil
		}
		return err
	}
	d.wbHead.Store(v)
	if short {
		// Opened without records the book file vouches for: applied now,
		// and the generation dropped with the sequence it stores, so
		// that the next Open does not refuse it again.
		return d.forceCompact(context.Background(), false)
	}
	if !d.opts.WriteBehind {
		// Apply the log and drop the file: no write waits in a log this
		// DB would not add to.
		if v.n > 0 || d.gen != nil {
			return d.forceCompact(context.Background(), false)
		}
		return nil
	}
	if v.n == 0 {
		return nil
	}
	names := make([][]byte, 0, len(v.b))
	for k := range v.b {
		names = append(names, []byte(k))
	}
	d.HintDeferred(names...)
	return nil
}

// HintDeferred implements store.DeferHinter: with Options.WriteBehind, the
// small Updates' writes to buckets are logged and applied later, in key
// order (see Options.WriteBehind); without it, it does nothing. A bucket
// once deferred stays so until Close.
func (d *DB) HintDeferred(buckets ...[]byte) {
	if !d.opts.WriteBehind {
		return
	}
	d.hint(&d.deferred, buckets)
}

// Compact applies the writes the log holds to their buckets, in key order,
// and empties the log, in one commit. It does nothing when there are none.
// Close compacts; a caller may compact sooner, before a bulk read of the
// deferred buckets or at a quiet moment, so that the next small commit
// does not pay for it.
func (d *DB) Compact(ctx context.Context) error {
	return d.compact(ctx, false)
}

// compact is Compact; closing lets it through once Close began.
func (d *DB) compact(ctx context.Context, closing bool) error {
	if v := d.wbHead.Load(); v == nil || v.n == 0 {
		return nil
	}
	return d.forceCompact(ctx, closing)
}

// forceCompact compacts even an empty log: the commit also drops the
// write-behind file's generation, and the file after it.
func (d *DB) forceCompact(ctx context.Context, closing bool) error {
	return d.update(ctx, func(st store.Tx) error { return st.(*tx).writeThrough() }, closing, nil)
}

// WriteBehindStats are counters of the write-behind path since Open.
type WriteBehindStats struct {
	Records     int64 // log records appended
	RecordBytes int64 // their bytes, as stored
	Compactions int64 // commits that applied the log to the buckets
	Compacted   int64 // the writes they applied
	Overlay     int   // the writes the log holds now
}

// WriteBehindStats returns the write-behind counters since Open.
func (d *DB) WriteBehindStats() WriteBehindStats {
	s := WriteBehindStats{Records: d.wbRecords.Load(), RecordBytes: d.wbRecordBytes.Load(),
		Compactions: d.wbCompactions.Load(), Compacted: d.wbCompacted.Load()}
	if v := d.wbHead.Load(); v != nil {
		s.Overlay = v.n
	}
	return s
}

// errWBRetry makes View begin again: the overlay version of its snapshot
// was cut from the chain (more than wbKeep commits since it began).
var errWBRetry = errors.New("boltstore: overlay version gone, retry")

// A record begins with its encoding: recPlain, or recDeflate for a write
// set deflated (most are: the keys of a customer's lines repeat its
// account and code, the values their amounts).
const (
	recPlain   byte = 0
	recDeflate byte = 1
)

// recDeflateMin is the write set length from which a record is deflated.
const recDeflateMin = 256

// recHeader is a record's encoding byte and the CRC-32C of the write set,
// checked at replay: bbolt checks no page's content, and a damaged record
// replayed would write wrong keys and values into the trees.
const recHeader = 1 + 4

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// deflaters keeps flate writers for the next records: a new one allocates
// 1.2 MB of state, far more than a lettering call's record (8 KB) is.
var deflaters sync.Pool

// encodeRecord returns the stored form of a write set.
func encodeRecord(ws []byte) []byte {
	head := binary.LittleEndian.AppendUint32([]byte{recPlain}, crc32.Checksum(ws, crcTable))
	if len(ws) < recDeflateMin {
		return append(head, ws...)
	}
	buf := bytes.NewBuffer(head)
	w, _ := deflaters.Get().(*flate.Writer)
	var err error
	if w == nil {
		w, err = flate.NewWriter(buf, flate.BestSpeed)
	} else {
		w.Reset(buf)
	}
	if err == nil {
		_, err = w.Write(ws)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil { // flate fails only on a bad level: keep it plain
		return append(head, ws...)
	}
	deflaters.Put(w)
	out := buf.Bytes()
	out[0] = recDeflate
	return out
}

// decodeRecord returns the write set a stored record holds.
func decodeRecord(rec []byte) ([]byte, error) {
	if len(rec) < recHeader {
		return nil, errors.New("short record")
	}
	var ws []byte
	switch rec[0] {
	case recPlain:
		ws = rec[recHeader:]
	case recDeflate:
		var err error
		if ws, err = io.ReadAll(flate.NewReader(bytes.NewReader(rec[recHeader:]))); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("record encoding %d unknown", rec[0])
	}
	if crc32.Checksum(ws, crcTable) != binary.LittleEndian.Uint32(rec[1:recHeader]) {
		return nil, errors.New("checksum mismatch")
	}
	return ws, nil
}
