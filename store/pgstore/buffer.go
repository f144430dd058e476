package pgstore

import "github.com/jackc/pgx/v5"

// An Update's Puts and Deletes wait in the transaction's write buffer and
// go to the server together, in one round trip: before a Scan (which the
// server answers), when the buffer is full, and before commit. Get reads
// the buffer first, so the transaction reads its own writes; a key the
// buffer does not hold is the same on the server as it was. A failure of
// the flush fails the transaction like any statement's.
const (
	// writeBufferOpsMax and writeBufferBytesMax bound what waits in the
	// buffer, in writes and in bytes of buckets, keys and values.
	writeBufferOpsMax   = 4096
	writeBufferBytesMax = 4 << 20
	// arenaChunkBytes is the size of the chunks the buffer copies what it
	// is given into: the caller's slices are not kept.
	arenaChunkBytes = 64 << 10
)

type write struct {
	bucket, key, value []byte
	del                bool
}

type writeBuffer struct {
	at     map[string]int // bucket length, bucket and key → index in ops
	ops    []write
	bytes  int
	arena  []byte
	keybuf []byte
}

func (w *writeBuffer) mapKey(bucket, key []byte) []byte {
	w.keybuf = append(w.keybuf[:0], byte(len(bucket)>>8), byte(len(bucket)))
	w.keybuf = append(w.keybuf, bucket...)
	return append(w.keybuf, key...)
}

// clone copies b into the arena.
func (w *writeBuffer) clone(b []byte) []byte {
	if len(b) > arenaChunkBytes/4 {
		return append([]byte{}, b...)
	}
	if cap(w.arena)-len(w.arena) < len(b) {
		w.arena = make([]byte, 0, arenaChunkBytes)
	}
	n := len(w.arena)
	w.arena = append(w.arena, b...)
	return w.arena[n:len(w.arena):len(w.arena)]
}

// add records a write, replacing an earlier one to the same key.
func (w *writeBuffer) add(bucket, key, value []byte, del bool) {
	if w.at == nil {
		w.at = map[string]int{}
	}
	mk := w.mapKey(bucket, key)
	if i, ok := w.at[string(mk)]; ok { // no allocation for the lookup
		o := &w.ops[i]
		w.bytes += len(value) - len(o.value)
		o.value, o.del = nil, del
		if !del {
			o.value = w.clone(value)
		}
		return
	}
	o := write{bucket: w.clone(bucket), key: w.clone(key), del: del}
	if !del {
		o.value = w.clone(value)
	}
	w.at[string(mk)] = len(w.ops)
	w.ops = append(w.ops, o)
	w.bytes += len(bucket) + len(key) + len(value)
}

// get returns the buffered write to key, if any.
func (w *writeBuffer) get(bucket, key []byte) (write, bool) {
	if len(w.ops) == 0 {
		return write{}, false
	}
	i, ok := w.at[string(w.mapKey(bucket, key))]
	if !ok {
		return write{}, false
	}
	return w.ops[i], true
}

func (w *writeBuffer) full() bool {
	return len(w.ops) >= writeBufferOpsMax || w.bytes >= writeBufferBytesMax
}

// flush sends the buffered writes in one round trip and empties the
// buffer.
func (t *tx) flush() error {
	w := &t.buf
	if len(w.ops) == 0 {
		return nil
	}
	var pb, pk, pv, db, dk [][]byte
	for _, o := range w.ops {
		if o.del {
			db, dk = append(db, o.bucket), append(dk, o.key)
		} else {
			pb, pk, pv = append(pb, o.bucket), append(pk, o.key), append(pv, o.value)
		}
	}
	batch := &pgx.Batch{}
	if len(pb) > 0 {
		batch.Queue(t.d.sql.putMany, pb, pk, pv)
	}
	if len(db) > 0 {
		batch.Queue(t.d.sql.delMany, db, dk)
	}
	clear(w.at)
	w.ops, w.bytes, w.arena = w.ops[:0], 0, nil
	if err := t.pg.SendBatch(t.ctx, batch).Close(); err != nil {
		return t.fail("writing", err)
	}
	return nil
}

func (s *statements) addBuffered(kv string) {
	s.putMany = `INSERT INTO ` + kv + ` (bucket, key, value)
		SELECT * FROM unnest($1::bytea[], $2::bytea[], $3::bytea[])
		ON CONFLICT (bucket, key) DO UPDATE SET value = excluded.value`
	s.delMany = `DELETE FROM ` + kv + ` AS kv USING unnest($1::bytea[], $2::bytea[]) AS d(bucket, key)
		WHERE kv.bucket = d.bucket AND kv.key = d.key`
}
