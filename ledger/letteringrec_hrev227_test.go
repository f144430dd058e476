package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

func hrev227Get(t *testing.T, f letteringFixture, key journal.ID) []byte {
	t.Helper()
	var v []byte
	f.raw(t, func(tx store.Tx) error {
		got, err := tx.Get(bLettering, key[:])
		v = bytes.Clone(got)
		return err
	})
	return v
}

func hrev227Put(t *testing.T, f letteringFixture, key journal.ID, v []byte) {
	t.Helper()
	f.raw(t, func(tx store.Tx) error { return tx.Put(bLettering, bytes.Clone(key[:]), bytes.Clone(v)) })
}

// hrev227Check runs Check, turning a panic into a failure naming what.
func hrev227Check(t *testing.T, b *Book, what string) (err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%s: Check panicked: %v", what, r)
		}
	}()
	return b.Check(ctx)
}

// Every byte of a lettering record flipped, and the record cut at every
// length: Check reports a problem and never panics.
func TestHrev227CheckEveryByteOfALettering(t *testing.T) {
	f := newLetteringFixture(t, stores[0])
	for _, key := range []journal.ID{f.three, f.part} {
		orig := hrev227Get(t, f, key)
		for i := range orig {
			v := bytes.Clone(orig)
			v[i] ^= 0x41
			hrev227Put(t, f, key, v)
			require.Error(t, hrev227Check(t, f.b, fmt.Sprintf("byte %d of %s", i, key)), "byte %d of %s flipped", i, key)
		}
		for n := 0; n < len(orig); n++ {
			hrev227Put(t, f, key, orig[:n])
			require.Error(t, hrev227Check(t, f.b, fmt.Sprintf("%s cut at %d", key, n)), "%s cut at %d", key, n)
		}
		hrev227Put(t, f, key, orig)
		require.NoError(t, f.b.Check(ctx))
	}
}

// A lettering record copied under another lettering's id, live or
// undone, is named by Check.
func TestHrev227LetteringDuplicatedUnderAnotherID(t *testing.T) {
	for _, undone := range []bool{false, true} {
		t.Run(fmt.Sprintf("undone=%t", undone), func(t *testing.T) {
			f := newLetteringFixture(t, stores[0])
			if undone {
				op := journal.NewID()
				require.NoError(t, f.b.Update(ctx, func(tx *Tx) error {
					if _, err := tx.undoMatch(f.oneMatch.ID, op); err != nil {
						return err
					}
					if _, err := tx.undoPartial(f.onePartial.ID, op); err != nil {
						return err
					}
					return tx.recordOperation(op, []byte("undo"), nil)
				}))
				require.NoError(t, f.b.Check(ctx))
			}
			dup := newLetteringBase()
			hrev227Put(t, f, dup, hrev227Get(t, f, f.one))
			err := hrev227Check(t, f.b, "duplicate")
			require.Error(t, err)
			var ce *CheckError
			require.ErrorAs(t, err, &ce)
			require.Contains(t, problemList(ce), dup.String()[:34], "a problem names the copy")
			require.Error(t, f.b.Verify(ctx))
		})
	}
}

// Two lettering records' values swapped: Check names both.
func TestHrev227LetteringsSwapped(t *testing.T) {
	f := newLetteringFixture(t, stores[0])
	one, three := hrev227Get(t, f, f.one), hrev227Get(t, f, f.three)
	hrev227Put(t, f, f.one, three)
	hrev227Put(t, f, f.three, one)
	err := hrev227Check(t, f.b, "swap")
	var ce *CheckError
	require.ErrorAs(t, err, &ce)
	list := problemList(ce)
	require.Contains(t, list, f.one.String()[:34])
	require.Contains(t, list, f.three.String()[:34])
}

// The match of a lettering record removed (the record rewritten with its
// partials only, rehashed): Check names the lines that say they are in it.
func TestHrev227LetteringMatchRemoved(t *testing.T) {
	f := newLetteringFixture(t, stores[0])
	v := hrev227Get(t, f, f.one)
	_, ps, err := splitLettering(v[chainPtrSize:])
	require.NoError(t, err)
	out := appendSized(bytes.Clone(v[:chainPtrSize]), func(b []byte) []byte { return b })
	for _, p := range ps {
		out = appendSized(out, func(b []byte) []byte { return append(b, p...) })
	}
	copy(out[8:chainPtrSize], sha256Of(out[chainPtrSize:]))
	hrev227Put(t, f, f.one, out)
	err = hrev227Check(t, f.b, "match removed")
	var ce *CheckError
	require.ErrorAs(t, err, &ce)
	require.True(t, strings.Contains(problemList(ce), letteringMatchID(f.one).String()) || strings.Contains(problemList(ce), f.one.String()), problemList(ce))
}

// An Update whose function fails after a lettering's partials leaves
// nothing: no record, residuals as before, the partial not found.
func TestHrev227FailedUpdateLeavesNoLettering(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			inv := mustPost(t, b, sale("C1", d(3, 1), "100.00"))
			pay := mustPost(t, b, receipt("C1", d(3, 2), "100.00"))
			boom := errors.New("boom")
			var id journal.ID
			err := b.Update(ctx, func(tx *Tx) error {
				if err := tx.beginLettering(); err != nil {
					return err
				}
				p, err := tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(1), "40.00", d(3, 2), journal.NoID))
				if err != nil {
					return err
				}
				id = p.ID
				return boom
			})
			require.ErrorIs(t, err, boom)
			require.Empty(t, rawKeys(t, b.st, bLettering))
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				_, err := tx.Partial(id)
				require.ErrorIs(t, err, ErrNotFound)
				n := 0
				require.NoError(t, tx.EachPartial(func(journal.Partial) error { n++; return nil }))
				require.Equal(t, 0, n)
				return nil
			}))
			require.NoError(t, b.Check(ctx))
		})
	}
}

// Lettering, unlettering and lettering again in one transaction: the
// first lettering undone, the second live, every read and Check agree.
func TestHrev227LetterUnletterLetterInOneTx(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			inv := mustPost(t, b, sale("C1", d(3, 1), "100.00"))
			pay := mustPost(t, b, receipt("C1", d(3, 2), "100.00"))
			var m1, m2 journal.Match
			var p1, p2 journal.Partial
			op := journal.NewID()
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				var err error
				if err := tx.beginLettering(); err != nil {
					return err
				}
				if p1, err = tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(1), "100.00", d(3, 2), op)); err != nil {
					return err
				}
				if m1, err = putMatchCounted(tx, journal.Match{Code: "AAA", Account: "411000", Partner: "C1", Operation: op,
					Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Partials: []journal.ID{p1.ID}, Date: d(3, 2)}); err != nil {
					return err
				}
				if _, err := tx.undoMatch(m1.ID, op); err != nil {
					return err
				}
				if _, err := tx.undoPartial(p1.ID, op); err != nil {
					return err
				}
				if err := tx.beginLettering(); err != nil {
					return err
				}
				if p2, err = tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(1), "100.00", d(3, 2), op)); err != nil {
					return err
				}
				if m2, err = putMatchCounted(tx, journal.Match{Code: "AAB", Account: "411000", Partner: "C1", Operation: op,
					Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Partials: []journal.ID{p2.ID}, Date: d(3, 2)}); err != nil {
					return err
				}
				return tx.recordOperation(op, []byte("x"), nil)
			}))
			require.True(t, inLettering(m1.ID) && inLettering(m2.ID))
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				g1, err := tx.Match(m1.ID)
				require.NoError(t, err)
				require.False(t, g1.Live())
				g2, err := tx.Match(m2.ID)
				require.NoError(t, err)
				require.True(t, g2.Live())
				q1, err := tx.Partial(p1.ID)
				require.NoError(t, err)
				require.False(t, q1.Live())
				q2, err := tx.Partial(p2.ID)
				require.NoError(t, err)
				require.True(t, q2.Live())
				mo, found, err := tx.MatchOf(inv.LineRef(0))
				require.NoError(t, err)
				require.True(t, found)
				require.Equal(t, m2.ID, mo.ID)
				ms := 0
				require.NoError(t, tx.EachMatch(func(journal.Match) error { ms++; return nil }))
				require.Equal(t, 2, ms)
				return nil
			}))
		})
	}
}

// A lettering of more than 255 partials undone in a later transaction:
// first one partial (the match with it), then the rest; Check passes and
// every partial reads as undone, the residuals back.
func TestHrev227PastMaxUndone(t *testing.T) {
	s := stores[0]
	b := testBook(t, s.Open(t))
	n := letteringPartialsMax + 2
	inv := mustPost(t, b, sale("C1", d(3, 1), fmt.Sprintf("%d.00", n)))
	lines := []journal.Line{{Account: "512000", Balance: e(fmt.Sprintf("%d.00", n))}}
	for range n {
		lines = append(lines, journal.Line{Account: "411000", Partner: "C1", Balance: e("-1.00")})
	}
	pay := mustPost(t, b, journal.Entry{Journal: "BQ", Date: d(3, 2), Type: journal.TypePayment, Lines: lines})
	var ids []journal.ID
	var m journal.Match
	require.NoError(t, b.Update(ctx, func(tx *Tx) error {
		ids = nil
		if err := tx.beginLettering(); err != nil {
			return err
		}
		refs := []journal.LineRef{inv.LineRef(0)}
		for i := 1; i <= n; i++ {
			p, err := tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(i), "1.00", d(3, 2), journal.NoID))
			if err != nil {
				return err
			}
			ids = append(ids, p.ID)
			refs = append(refs, pay.LineRef(i))
		}
		var err error
		m, err = putMatchCounted(tx, journal.Match{Code: "AAA", Account: "411000", Partner: "C1", Lines: refs, Partials: ids, Date: d(3, 2)})
		return err
	}))
	op := journal.NewID()
	require.NoError(t, b.Update(ctx, func(tx *Tx) error {
		if _, err := tx.undoMatch(m.ID, op); err != nil {
			return err
		}
		if _, err := tx.undoPartial(ids[7], op); err != nil {
			return err
		}
		return tx.recordOperation(op, []byte("one"), nil)
	}))
	require.NoError(t, b.Check(ctx))
	op2 := journal.NewID()
	require.NoError(t, b.Update(ctx, func(tx *Tx) error {
		for i, id := range ids {
			if i == 7 {
				continue
			}
			if _, err := tx.undoPartial(id, op2); err != nil {
				return err
			}
		}
		return tx.recordOperation(op2, []byte("rest"), nil)
	}))
	require.NoError(t, b.Check(ctx))
	require.NoError(t, b.Verify(ctx))
	require.NoError(t, b.View(ctx, func(tx *Tx) error {
		for i, id := range ids {
			p, err := tx.Partial(id)
			require.NoError(t, err)
			require.False(t, p.Live(), "partial %d", i)
		}
		r, err := tx.Residual(inv.LineRef(0))
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("%d.00 EUR", n), r.Balance.String())
		return nil
	}))
}
