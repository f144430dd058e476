package pgstore_test

// Review 23: the store contract on PostgreSQL (key order, bounds, large
// keys and values, empty values, reads of the transaction's own writes,
// values valid until the transaction ends, re-runs that see nothing of the
// run before). Run with LETTRAGE_PG_DSN set (TestMain skips otherwise).

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// review23Keys returns n distinct keys made mostly of 0x00, 0x01, 0x7f,
// 0x80, 0xfe and 0xff, of 1 to 6 bytes: prefixes of one another abound.
func review23Keys(r *mrand.Rand, n int) [][]byte {
	alphabet := []byte{0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff, 'a'}
	seen := map[string]bool{}
	var keys [][]byte
	for len(keys) < n {
		k := make([]byte, 1+r.IntN(6))
		for i := range k {
			k[i] = alphabet[r.IntN(len(alphabet))]
		}
		if !seen[string(k)] {
			seen[string(k)] = true
			keys = append(keys, k)
		}
	}
	return keys
}

// TestReview23ScanOrderMatchesBytesCompare: thousands of keys full of 0x00
// and 0xff bytes and of prefixes of each other, scanned over random ranges
// (nil bounds, bounds that are prefixes of stored keys, bounds not stored),
// forward and reverse, across several pages: exactly the keys bytes.Compare
// puts in [from, to), in its order.
func TestReview23ScanOrderMatchesBytesCompare(t *testing.T) {
	s := open(t)
	r := mrand.New(mrand.NewPCG(23, 23))
	keys := review23Keys(r, 3000)
	bk := []byte{0xff, 0x00} // a bucket name with the same bytes
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		for _, k := range keys {
			if err := tx.Put(bk, k, k); err != nil {
				return err
			}
		}
		// Neighbour buckets: one a prefix of bk, one bk plus a byte.
		if err := tx.Put([]byte{0xff}, []byte{0x00}, []byte("x")); err != nil {
			return err
		}
		return tx.Put([]byte{0xff, 0x00, 0x00}, []byte{0x00}, []byte("y"))
	}))
	sorted := slices.Clone(keys)
	slices.SortFunc(sorted, bytes.Compare)
	bounds := append(review23Keys(r, 60), nil, []byte{0x00}, []byte{0xff}, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	for i := 0; i < 200; i++ {
		from, to := bounds[r.IntN(len(bounds))], bounds[r.IntN(len(bounds))]
		if i%7 == 0 {
			from = nil
		}
		if i%5 == 0 {
			to = nil
		}
		reverse := i%2 == 1
		var want [][]byte
		for _, k := range sorted {
			if (from == nil || bytes.Compare(k, from) >= 0) && (to == nil || bytes.Compare(k, to) < 0) {
				want = append(want, k)
			}
		}
		if reverse {
			slices.Reverse(want)
		}
		var got [][]byte
		require.NoError(t, s.View(ctx, func(tx store.Tx) error {
			return tx.Scan(bk, from, to, reverse, func(k, v []byte) error {
				if !bytes.Equal(k, v) {
					return fmt.Errorf("key %x holds %x", k, v)
				}
				got = append(got, bytes.Clone(k))
				return nil
			})
		}))
		require.Equal(t, len(want), len(got), "[%x, %x) reverse=%v", from, to, reverse)
		for j := range want {
			require.Equal(t, want[j], got[j], "[%x, %x) reverse=%v, key %d", from, to, reverse, j)
		}
	}
}

// TestReview23KeyMax: every backend accepts keys and bucket names of up
// to store.KeyMax bytes. Random bytes do not compress: a key and a bucket
// name of KeyMax bytes each are one primary-key index row of pgstore, which
// PostgreSQL limits to 2 704 bytes (store.KeyMax was 32 KiB: a 4 KiB key
// failed at commit with SQLSTATE 54000). One byte more is ErrBadKey at
// Put, before anything is sent.
func TestReview23KeyMax(t *testing.T) {
	s := open(t)
	key := make([]byte, store.KeyMax+1)
	_, _ = rand.Read(key)
	bucket := make([]byte, store.KeyMax)
	_, _ = rand.Read(bucket)
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error { return tx.Put(bucket, key[:store.KeyMax], []byte("v")) }))
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bucket, key[:store.KeyMax])
		if err == nil && string(v) != "v" {
			err = fmt.Errorf("got %q", v)
		}
		return err
	}))
	err := s.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("b"), key, []byte("v")) })
	require.ErrorIs(t, err, store.ErrBadKey)
}

// TestReview23EmptyValues: a nil value and an empty value are both a
// value: Get finds it (non-nil, empty), Scan lists it, in the writing
// transaction (buffered and sent) and after commit; Delete then removes it.
func TestReview23EmptyValues(t *testing.T) {
	s := open(t)
	bk := []byte("b")
	checkEmpty := func(tx store.Tx, where string) error {
		for _, k := range []string{"nil", "empty"} {
			v, err := tx.Get(bk, []byte(k))
			if err != nil {
				return fmt.Errorf("%s: get %s: %w", where, k, err)
			}
			if v == nil || len(v) != 0 {
				return fmt.Errorf("%s: get %s: %#v", where, k, v)
			}
		}
		n := 0
		err := tx.Scan(bk, nil, nil, false, func(k, v []byte) error {
			if v == nil || len(v) != 0 {
				return fmt.Errorf("%s: scan %s: %#v", where, k, v)
			}
			n++
			return nil
		})
		if err == nil && n != 2 {
			err = fmt.Errorf("%s: scan saw %d keys", where, n)
		}
		return err
	}
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		if err := tx.Put(bk, []byte("nil"), nil); err != nil {
			return err
		}
		if err := tx.Put(bk, []byte("empty"), []byte{}); err != nil {
			return err
		}
		// Get from the buffer first, then Scan sends it, then Get from the server.
		for _, k := range []string{"nil", "empty"} {
			if v, err := tx.Get(bk, []byte(k)); err != nil || v == nil {
				return fmt.Errorf("buffered get %s: %#v %v", k, v, err)
			}
		}
		return checkEmpty(tx, "in the writing transaction")
	}))
	require.NoError(t, s.View(ctx, func(tx store.Tx) error { return checkEmpty(tx, "after commit") }))
}

// TestReview23GetAfterDelete: within one Update, a key deleted is gone for
// Get and Scan whether it was stored before, written by this transaction
// and already sent, or only buffered; put again, it is back.
func TestReview23GetAfterDelete(t *testing.T) {
	s := open(t)
	bk := []byte("b")
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error { return tx.Put(bk, []byte("stored"), []byte("1")) }))
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		if err := tx.Put(bk, []byte("sent"), []byte("2")); err != nil {
			return err
		}
		if err := tx.Scan(bk, nil, nil, false, func(k, v []byte) error { return nil }); err != nil { // sends the buffer
			return err
		}
		if err := tx.Put(bk, []byte("buffered"), []byte("3")); err != nil {
			return err
		}
		for _, k := range []string{"stored", "sent", "buffered"} {
			if err := tx.Delete(bk, []byte(k)); err != nil {
				return err
			}
			if _, err := tx.Get(bk, []byte(k)); !errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("get %s after delete: %v", k, err)
			}
		}
		n := 0
		if err := tx.Scan(bk, nil, nil, false, func(k, v []byte) error { n++; return nil }); err != nil {
			return err
		}
		if n != 0 {
			return fmt.Errorf("scan after deletes saw %d keys", n)
		}
		for _, k := range []string{"stored", "sent", "buffered"} {
			if _, err := tx.Get(bk, []byte(k)); !errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("get %s after the deletes were sent: %v", k, err)
			}
		}
		if err := tx.Put(bk, []byte("sent"), []byte("again")); err != nil {
			return err
		}
		v, err := tx.Get(bk, []byte("sent"))
		if err == nil && string(v) != "again" {
			err = fmt.Errorf("put after delete: %q", v)
		}
		return err
	}))
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		n := 0
		err := tx.Scan(bk, nil, nil, false, func(k, v []byte) error {
			n++
			if string(k) != "sent" || string(v) != "again" {
				return fmt.Errorf("committed %q=%q", k, v)
			}
			return nil
		})
		if err == nil && n != 1 {
			err = fmt.Errorf("%d keys committed", n)
		}
		return err
	}))
}

// TestReview23ValuesValidUntilEnd: values Get and Scan return stay as
// they were until the transaction ends, while the transaction overwrites
// their keys (buffered, sent, large and small), scans further pages and
// fills the write buffer.
func TestReview23ValuesValidUntilEnd(t *testing.T) {
	s := open(t)
	bk := []byte("b")
	big := bytes.Repeat([]byte("B"), 100<<10)
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		for i := 0; i < 600; i++ {
			if err := tx.Put(bk, []byte(fmt.Sprintf("k%04d", i)), []byte(fmt.Sprintf("v%04d", i))); err != nil {
				return err
			}
		}
		return tx.Put(bk, []byte("big"), big)
	}))
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		type kept struct{ key, got, want []byte }
		var all []kept
		keep := func(k, v []byte) { all = append(all, kept{bytes.Clone(k), v, bytes.Clone(v)}) }
		// From the server.
		v, err := tx.Get(bk, []byte("big"))
		if err != nil {
			return err
		}
		keep([]byte("big"), v)
		if err := tx.Scan(bk, nil, nil, false, func(k, v []byte) error { keep(k, v); return nil }); err != nil {
			return err
		}
		// From the buffer: small and large (the large one is not in the arena).
		if err := tx.Put(bk, []byte("k0001"), []byte("buffered")); err != nil {
			return err
		}
		if v, err = tx.Get(bk, []byte("k0001")); err != nil {
			return err
		}
		keep([]byte("k0001"), v)
		if err := tx.Put(bk, []byte("big"), bytes.Repeat([]byte("C"), 100<<10)); err != nil {
			return err
		}
		if v, err = tx.Get(bk, []byte("big")); err != nil {
			return err
		}
		keep([]byte("big"), v)
		// Now overwrite everything, twice, fill the buffer past a flush, scan again.
		for round := 0; round < 2; round++ {
			for i := 0; i < 600; i++ {
				if err := tx.Put(bk, []byte(fmt.Sprintf("k%04d", i)), []byte(fmt.Sprintf("w%d%04d", round, i))); err != nil {
					return err
				}
			}
			if err := tx.Put(bk, []byte("big"), bytes.Repeat([]byte{byte('D' + round)}, 100<<10)); err != nil {
				return err
			}
		}
		for i := 0; i < 5000; i++ {
			if err := tx.Put([]byte("other"), []byte(fmt.Sprintf("o%05d", i)), bytes.Repeat([]byte{'o'}, 50)); err != nil {
				return err
			}
		}
		if err := tx.Scan(bk, nil, nil, true, func(k, v []byte) error { return nil }); err != nil {
			return err
		}
		for _, k := range all {
			if !bytes.Equal(k.got, k.want) {
				return fmt.Errorf("the value read for %s changed before the transaction ended", k.key)
			}
		}
		return nil
	}))
}

// TestReview23RerunSeesNothingOfTheFirst: an Update whose first run wrote
// (buffered, sent, deleted) and then lost to another transaction runs
// again on a store that holds none of it.
func TestReview23RerunSeesNothingOfTheFirst(t *testing.T) {
	s := open(t)
	bk := []byte("b")
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		if err := tx.Put(bk, []byte("x"), []byte("0")); err != nil {
			return err
		}
		return tx.Put(bk, []byte("keep"), []byte("1"))
	}))
	runs := 0
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		runs++
		if runs > 1 {
			for _, k := range []string{"sent", "buffered"} {
				if _, err := tx.Get(bk, []byte(k)); !errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("run %d sees %s of the first run: %v", runs, k, err)
				}
			}
			if v, err := tx.Get(bk, []byte("keep")); err != nil || string(v) != "1" {
				return fmt.Errorf("run %d: the first run's delete of keep shows: %q %v", runs, v, err)
			}
			n := 0
			if err := tx.Scan(bk, nil, nil, false, func(k, v []byte) error { n++; return nil }); err != nil {
				return err
			}
			if n != 2 {
				return fmt.Errorf("run %d scans %d keys", runs, n)
			}
			return tx.Put(bk, []byte("x"), []byte("second"))
		}
		if _, err := tx.Get(bk, []byte("x")); err != nil {
			return err
		}
		if err := tx.Put(bk, []byte("sent"), []byte("s")); err != nil {
			return err
		}
		if err := tx.Delete(bk, []byte("keep")); err != nil {
			return err
		}
		if err := tx.Scan(bk, nil, nil, false, func(k, v []byte) error { return nil }); err != nil {
			return err
		}
		if err := tx.Put(bk, []byte("buffered"), []byte("b")); err != nil {
			return err
		}
		if err := s.Update(ctx, func(tx store.Tx) error { return tx.Put(bk, []byte("x"), []byte("other")) }); err != nil {
			return err
		}
		return tx.Put(bk, []byte("x"), []byte("first"))
	}))
	assert.Equal(t, 2, runs)
}

// TestReview23TwoHandlesOneSchema: two stores (two pools, as two
// processes) on one schema increment one counter and append to one
// sequence at once: every increment lands once and the sequence has no
// gap and no duplicate.
func TestReview23TwoHandlesOneSchema(t *testing.T) {
	a := storetest.OpenPostgres(t, pgstore.Options{MaxConns: 4})
	b, err := pgstore.Open(ctx, storetest.PostgresDSN(t), pgstore.Options{Schema: a.Schema(), MaxConns: 4})
	require.NoError(t, err)
	defer b.Close()
	bk := []byte("b")
	const per = 40
	errs := make(chan error, 8*per)
	done := make(chan struct{})
	for w := 0; w < 8; w++ {
		s := a
		if w%2 == 1 {
			s = b
		}
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; i < per; i++ {
				errs <- s.Update(ctx, func(tx store.Tx) error {
					v, err := tx.Get(bk, []byte("n"))
					n := 0
					switch {
					case errors.Is(err, store.ErrNotFound):
					case err != nil:
						return err
					default:
						fmt.Sscan(string(v), &n)
					}
					n++
					if err := tx.Put([]byte("seq"), []byte(fmt.Sprintf("%08d", n)), []byte(fmt.Sprint(w))); err != nil {
						return err
					}
					return tx.Put(bk, []byte("n"), []byte(fmt.Sprint(n)))
				})
			}
		}()
	}
	for w := 0; w < 8; w++ {
		<-done
	}
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.NoError(t, a.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bk, []byte("n"))
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprint(8*per), string(v))
		i := 0
		return tx.Scan([]byte("seq"), nil, nil, false, func(k, v []byte) error {
			i++
			if string(k) != fmt.Sprintf("%08d", i) {
				return fmt.Errorf("sequence: %s at %d", k, i)
			}
			return nil
		})
	}))
}
