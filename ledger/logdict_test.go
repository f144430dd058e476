package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// storedLog returns the id and hashed record (hash, plain record) of the
// log value v stored under key k, with the dictionary read from tx: how a
// test reads the log beside the book.
func storedLog(t testing.TB, tx store.Tx, k, v []byte) (journal.ID, []byte) {
	t.Helper()
	logs, err := storedLogReader(tx)
	require.NoError(t, err)
	id, raw, err := splitLogRecord(logs.d, k, v, nil)
	require.NoError(t, err)
	return id, raw
}

// logBook is testBook with n sales posted, one by one or in one batch.
func logBook(t *testing.T, st store.Store, n int, batch bool) (*Book, []journal.Entry) {
	t.Helper()
	b := testBook(t, st)
	in := make([]journal.Entry, n)
	for i := range in {
		in[i] = sale([]string{"C1", "C2"}[i%2], d(time.Month(1+i%12), 1+i%28), fmt.Sprintf("%d.%02d", 10+i, i%100))
	}
	if !batch {
		out := make([]journal.Entry, n)
		for i := range in {
			out[i] = mustPost(t, b, in[i])
		}
		return b, out
	}
	res, err := b.PostBatch(ctx, in, BatchOptions{})
	require.NoError(t, err)
	out := make([]journal.Entry, n)
	for i, r := range res {
		require.NoError(t, r.Err)
		out[i] = r.Entry
	}
	return b, out
}

// logValues returns the log's values by sequence.
func logValues(t *testing.T, st store.Store) map[uint64][]byte {
	t.Helper()
	vs := map[uint64][]byte{}
	require.NoError(t, st.View(ctx, func(tx store.Tx) error {
		return tx.Scan(bLog, nil, nil, false, func(k, v []byte) error {
			vs[u64From(k)] = bytes.Clone(v)
			return nil
		})
	}))
	return vs
}

// assertEntries asserts that b reads every entry of want as it was posted.
func assertEntries(t *testing.T, b *Book, want []journal.Entry) {
	t.Helper()
	for _, w := range want {
		g, err := b.Entry(ctx, w.ID)
		require.NoError(t, err, "entry %d", w.Seq)
		assert.Equal(t, w.Seq, g.Seq)
		assert.Equal(t, w.Hash, g.Hash, "entry %d", w.Seq)
		assert.Equal(t, fmt.Sprint(w.Lines), fmt.Sprint(g.Lines), "entry %d", w.Seq)
		assert.Equal(t, w.Name(), g.Name(), "entry %d", w.Seq)
	}
}

// TestLogForms: a record up to the 64th entry is stored plain, exactly as
// encoded, and every record after it compressed, shorter; all read back,
// and Check and Verify pass, posted one by one or in one batch.
func TestLogForms(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		for _, batch := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/batch=%t", s.Name, batch), func(t *testing.T) {
				st := s.Open(t)
				b, posted := logBook(t, st, 150, batch)
				vs := logValues(t, st)
				require.Len(t, vs, len(posted))
				for _, e := range posted {
					v := vs[e.Seq]
					rec := logRecordOf(&e, fingerprintOf(t, st, e.Seq))
					plain := appendEntryRec(nil, &rec)
					if e.Seq <= logDictEntries {
						assert.Equal(t, plain, v[logHeader:], "entry %d stored plain", e.Seq)
						assert.True(t, v[logHeader] >= 0xa0 && v[logHeader] <= 0xbb, "entry %d: a CBOR map", e.Seq)
						continue
					}
					require.True(t, packed(v), "entry %d stored compressed", e.Seq)
					assert.Less(t, len(v), logHeader+len(plain), "entry %d: shorter", e.Seq)
					require.NoError(t, st.View(ctx, func(tx store.Tx) error {
						_, raw := storedLog(t, tx, seqKey(e.Seq), v)
						assert.Equal(t, plain, raw[logHeader:], "entry %d decompressed", e.Seq)
						assert.Equal(t, e.Hash[:], raw[:logHeader])
						return nil
					}))
				}
				assertEntries(t, b, posted)
				require.NoError(t, b.Index(ctx))
				require.NoError(t, b.Check(ctx))
				require.NoError(t, b.Verify(ctx))
			})
		}
	}
}

// fingerprintOf returns the input fingerprint the log holds for the entry
// at seq.
func fingerprintOf(t *testing.T, st store.Store, seq uint64) []byte {
	t.Helper()
	var fp []byte
	require.NoError(t, st.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bLog, seqKey(seq))
		require.NoError(t, err)
		_, raw := storedLog(t, tx, seqKey(seq), v)
		r, err := decodeLogRecord(raw)
		require.NoError(t, err)
		fp = r.Input
		return nil
	}))
	return fp
}

// TestLogPlainAfterDict: a record after the 64th stored plain (one that
// did not compress) reads back like a compressed one, and passes Check and
// Verify.
func TestLogPlainAfterDict(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b, posted := logBook(t, st, 100, true)
			for _, seq := range []uint64{65, 80, 100} {
				require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
					v, err := tx.Get(bLog, seqKey(seq))
					require.NoError(t, err)
					require.True(t, packed(v))
					_, raw := storedLog(t, tx, seqKey(seq), v)
					return tx.Put(bLog, seqKey(seq), bytes.Clone(raw))
				}))
			}
			b2, err := Open(ctx, st, Options{Currency: eur, Clock: fixedClock(), Strict: true})
			require.NoError(t, err)
			for _, bk := range []*Book{b, b2} {
				assertEntries(t, bk, posted)
				require.NoError(t, bk.Check(ctx))
				require.NoError(t, bk.Verify(ctx))
			}
		})
	}
}

// TestLogPackedEarlyRefused: a compressed record at the 64th entry or
// before, where only a plain one is valid, is a problem for Check and
// breaks Verify, even one that decompresses to the right record.
func TestLogPackedEarlyRefused(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b, _ := logBook(t, st, 100, false)
			b.strict = false
			const seq = 10
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
				logs, err := storedLogReader(tx)
				require.NoError(t, err)
				v, err := tx.Get(bLog, seqKey(seq))
				require.NoError(t, err)
				block := logs.d.d.Encode(nil, v[logHeader:])
				nv := append(append(bytes.Clone(v[:logHeader]), logPacked), block...)
				return tx.Put(bLog, seqKey(seq), nv)
			}))
			var ce *CheckError
			require.ErrorAs(t, b.Check(ctx), &ce)
			assert.Contains(t, ce.Error(), "log record 10 is compressed, where only a plain record is valid")
			var ve *VerifyError
			require.ErrorAs(t, b.Verify(ctx), &ve)
		})
	}
}

// TestLogPackedTampered: any byte of a compressed record flipped fails
// Check and Verify, without a panic: the block no longer decodes, or
// decodes to a record that no longer matches its hash.
func TestLogPackedTampered(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b, _ := logBook(t, st, 80, true)
			require.NoError(t, b.Index(ctx))
			b.strict = false
			const seq = 70
			orig := logValues(t, st)[seq]
			require.True(t, packed(orig))
			step := 1
			if s.Name != "memstore" {
				step = 7 // a sample: each round is a commit to a file
			}
			for i := logHeader + 1; i < len(orig); i += step {
				for _, flip := range []byte{0x01, 0x80} {
					v := bytes.Clone(orig)
					v[i] ^= flip
					require.NoError(t, st.Update(ctx, func(tx store.Tx) error { return tx.Put(bLog, seqKey(seq), v) }))
					require.NotPanics(t, func() {
						assert.Error(t, b.Check(ctx), "byte %d ^ %#x", i, flip)
						var ve *VerifyError
						assert.ErrorAs(t, b.Verify(ctx), &ve, "byte %d ^ %#x", i, flip)
					})
				}
			}
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error { return tx.Put(bLog, seqKey(seq), orig) }))
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// TestLogReopened: a book reopened from its file reads its compressed
// records with the dictionary it reads back from its log.
func TestLogReopened(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.db")
	st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	_, posted := logBook(t, st, 120, true)
	require.NoError(t, st.Close())
	st, err = boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	defer st.Close()
	b, err := Open(ctx, st, Options{Currency: eur, Clock: fixedClock(), Strict: true})
	require.NoError(t, err)
	assert.Nil(t, b.dict.Load(), "read on first use")
	assertEntries(t, b, posted)
	assert.NotNil(t, b.dict.Load(), "kept once read from the committed log")
	more := mustPost(t, b, sale("C1", d(5, 5), "99.99"))
	assertEntries(t, b, append(posted, more))
	require.NoError(t, b.Check(ctx))
	require.NoError(t, b.Verify(ctx))
}

// TestLogTwoHandles: two books open on one store, each posting and reading
// what the other posted, across the 64th entry.
func TestLogTwoHandles(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			a, posted := logBook(t, st, 40, false)
			b, err := Open(ctx, st, Options{Currency: eur, Clock: fixedClock(), Strict: true})
			require.NoError(t, err)
			assertEntries(t, b, posted)
			for i := range 60 {
				bk := []*Book{a, b}[i%2]
				posted = append(posted, mustPost(t, bk, sale("C1", d(6, 1+i%28), fmt.Sprintf("%d.00", 100+i))))
			}
			assertEntries(t, a, posted)
			assertEntries(t, b, posted)
			res, err := b.PostBatch(ctx, []journal.Entry{sale("C2", d(7, 1), "1.00"), sale("C2", d(7, 2), "2.00")}, BatchOptions{})
			require.NoError(t, err)
			for _, r := range res {
				require.NoError(t, r.Err)
				posted = append(posted, r.Entry)
			}
			assertEntries(t, a, posted)
			vs := logValues(t, st)
			assert.True(t, packed(vs[uint64(len(posted))]))
			require.NoError(t, a.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// TestLogDictNotKeptFromRollback: a dictionary a transaction read from
// records it logged itself is not kept for the Book: the transaction may
// roll back, and other entries take those sequences.
func TestLogDictNotKeptFromRollback(t *testing.T) {
	st := memstore.New()
	b := testBook(t, st)
	errBack := errors.New("roll back")
	err := b.Update(ctx, func(tx *Tx) error {
		var last journal.Entry
		for i := range 70 {
			e, _, err := tx.Post(sale("C1", d(2, 1+i%28), "12.00"))
			require.NoError(t, err)
			last = e
		}
		got, err := tx.Entry(last.ID)
		require.NoError(t, err)
		assert.Equal(t, last.Hash, got.Hash)
		return errBack
	})
	require.ErrorIs(t, err, errBack)
	assert.Nil(t, b.dict.Load())
	_, posted := func() (*Book, []journal.Entry) {
		var out []journal.Entry
		for i := range 70 {
			out = append(out, mustPost(t, b, sale("C2", d(3, 1+i%28), "13.00")))
		}
		return b, out
	}()
	assertEntries(t, b, posted)
	assert.NotNil(t, b.dict.Load())
	require.NoError(t, b.Check(ctx))
	require.NoError(t, b.Verify(ctx))
}

// TestLogDictFromANewerSnapshot: a Book's dictionary, read by a transaction
// that saw the book's first 64 entries, is not used by a transaction whose
// view of the log is older (with PostgreSQL, one that began before another
// process's entries were committed): that one posts entry 45 plain, where
// it once failed with "log record 45 after the log dictionary was
// complete".
func TestLogDictFromANewerSnapshot(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			for i := 0; i < 44; i++ {
				mustPost(t, b, sale("C1", d(3, 1), "12.00"))
			}
			// The dictionary another handle would have read once the book
			// held 64 entries.
			other := testBook(t, s.Open(t))
			for i := 0; i < logDictEntries+1; i++ {
				mustPost(t, other, sale("C1", d(3, 1), "12.00"))
			}
			require.NoError(t, other.View(ctx, func(tx *Tx) error {
				d, err := tx.ct.logDict()
				require.NotNil(t, d)
				b.dict.Store(d)
				return err
			}))
			e := mustPost(t, b, sale("C1", d(3, 2), "13.00"))
			require.Equal(t, uint64(45), e.Seq)
			require.NoError(t, b.Check(ctx))
		})
	}
}
