package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// letteringFixture is newFixture's book (partials and matches in records
// of their own) with three letterings the layer above opened: a one-to-one
// lettering (one partial and its match), a payment of three invoices (three
// partials and their match) and a part payment (one partial, no match).
type letteringFixture struct {
	fixture
	one, three, part       journal.ID // the records' keys (base ids)
	oneMatch, threeMatch   journal.Match
	onePartial, partOpen   journal.Partial
	threePartials          []journal.Partial
	invA, invB, invC, pay3 journal.Entry
}

func newLetteringFixture(t *testing.T, s storetest.Backend) letteringFixture {
	t.Helper()
	f := letteringFixture{fixture: newFixture(t, s)}
	b := f.b
	addPartnersHrev225(t, b, "C3", "C4", "C5", "C6", "C7")
	inv := mustPost(t, b, sale("C3", d(3, 10), "100.00"))
	pay := mustPost(t, b, receipt("C3", d(3, 11), "100.00"))
	f.invA = mustPost(t, b, sale("C4", d(3, 10), "30.00"))
	f.invB = mustPost(t, b, sale("C4", d(3, 10), "30.00"))
	f.invC = mustPost(t, b, sale("C4", d(3, 10), "40.00"))
	f.pay3 = mustPost(t, b, receipt("C4", d(3, 12), "100.00"))
	part := mustPost(t, b, sale("C5", d(3, 10), "100.00"))
	partPay := mustPost(t, b, receipt("C5", d(3, 12), "40.00"))
	op := journal.NewID()
	require.NoError(t, b.Update(ctx, func(tx *Tx) error {
		f.threePartials = nil // fn may run more than once
		if err := tx.beginLettering(); err != nil {
			return err
		}
		var err error
		if f.onePartial, err = tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(1), "100.00", d(3, 11), op)); err != nil {
			return err
		}
		if f.oneMatch, err = putMatchCounted(tx, journal.Match{Code: "AAD", Account: "411000", Partner: "C3", Operation: op,
			Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Partials: []journal.ID{f.onePartial.ID}, Date: d(3, 11)}); err != nil {
			return err
		}
		if err := tx.beginLettering(); err != nil {
			return err
		}
		var ids []journal.ID
		for _, x := range []struct {
			e      journal.Entry
			amount string
		}{{f.invA, "30.00"}, {f.invB, "30.00"}, {f.invC, "40.00"}} {
			p, err := tx.putPartial(allocation(x.e.LineRef(0), f.pay3.LineRef(1), x.amount, d(3, 12), op))
			if err != nil {
				return err
			}
			f.threePartials = append(f.threePartials, p)
			ids = append(ids, p.ID)
		}
		if f.threeMatch, err = putMatchCounted(tx, journal.Match{Code: "AAA", Account: "411000", Partner: "C4", Operation: op,
			Lines:    []journal.LineRef{f.invA.LineRef(0), f.invB.LineRef(0), f.invC.LineRef(0), f.pay3.LineRef(1)},
			Partials: []journal.ID{ids[2], ids[0], ids[1]}, Date: d(3, 12)}); err != nil { // any order
			return err
		}
		if err := tx.beginLettering(); err != nil {
			return err
		}
		if f.partOpen, err = tx.putPartial(allocation(part.LineRef(0), partPay.LineRef(1), "40.00", d(3, 12), op)); err != nil {
			return err
		}
		return tx.recordOperation(op, []byte("letterings"), nil)
	}))
	f.one, f.three, f.part = letteringBase(f.oneMatch.ID), letteringBase(f.threeMatch.ID), letteringBase(f.partOpen.ID)
	require.NoError(t, b.Check(ctx))
	require.NoError(t, b.Verify(ctx))
	return f
}

func addPartnersHrev225(t *testing.T, b *Book, codes ...string) {
	t.Helper()
	for _, p := range codes {
		require.NoError(t, b.AddPartner(ctx, Partner{Code: p, Name: "Partner " + p}))
	}
}

// rawKeys lists the keys of a bucket, behind the book's back.
func rawKeys(t *testing.T, st store.Store, bucket []byte) [][]byte {
	t.Helper()
	var keys [][]byte
	require.NoError(t, st.View(ctx, func(tx store.Tx) error {
		return tx.Scan(bucket, nil, nil, false, func(k, _ []byte) error {
			keys = append(keys, bytes.Clone(k))
			return nil
		})
	}))
	return keys
}

// A lettering the layer above opened is one record: its partials and its
// match in the lettering bucket, under ids marked as a lettering's, none
// in the partial or match buckets; a part payment's partial is a lettering
// record with no match. Every read finds them.
func TestHrev225LetteringInOneRecord(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newLetteringFixture(t, s)
			assert.Equal(t, [][]byte{f.one[:], f.three[:], f.part[:]}, rawKeys(t, f.st, bLettering))
			for _, k := range append(rawKeys(t, f.st, bPartial), rawKeys(t, f.st, bMatch)...) {
				assert.False(t, inLettering(journal.ID(k)), "record of its own %x has a lettering's id", k)
			}
			assert.Len(t, rawKeys(t, f.st, bPartial), 3, "the records of their own of newFixture")
			assert.Len(t, rawKeys(t, f.st, bMatch), 2)
			for _, id := range []journal.ID{f.oneMatch.ID, f.threeMatch.ID, f.onePartial.ID, f.partOpen.ID} {
				assert.True(t, inLettering(id), "%s", id)
				assert.Equal(t, byte(letteringVersion<<4), id[6]&0xf0)
			}
			require.NoError(t, f.b.View(ctx, func(tx *Tx) error {
				m, err := tx.Match(f.threeMatch.ID)
				require.NoError(t, err)
				assert.Equal(t, f.threeMatch.Partials, m.Partials)
				assert.Equal(t, "AAA", m.Code)
				for _, p := range f.threePartials {
					got, err := tx.Partial(p.ID)
					require.NoError(t, err)
					assert.Equal(t, p.Amount.String(), got.Amount.String())
					assert.Equal(t, p.Debit, got.Debit)
				}
				got, err := tx.Partial(f.partOpen.ID)
				require.NoError(t, err)
				assert.True(t, got.Live())
				_, err = tx.Match(letteringMatchID(f.part))
				assert.ErrorIs(t, err, ErrNotFound, "a lettering with no match")
				mo, found, err := tx.MatchOf(f.invB.LineRef(0))
				require.NoError(t, err)
				require.True(t, found)
				assert.Equal(t, f.threeMatch.ID, mo.ID)
				partials, matches := 0, 0
				require.NoError(t, tx.EachPartial(func(journal.Partial) error { partials++; return nil }))
				require.NoError(t, tx.EachMatch(func(journal.Match) error { matches++; return nil }))
				assert.Equal(t, 3+5, partials)
				assert.Equal(t, 2+2, matches)
				return nil
			}))
		})
	}
}

func letteringMatchID(base journal.ID) journal.ID {
	base[15] = letteringMatchPlace
	return base
}

// What does not make one lettering stays in records of their own, as in
// format 12: a partial made outside a lettering, one made with an id
// NewPartialID made; a match naming other partials than exactly the open
// lettering's is a record of its own, and the lettering is kept with no
// match. Past letteringPartialsMax partials, the next are records of their
// own.
func TestHrev225RecordsOfTheirOwn(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			inv := mustPost(t, b, sale("C1", d(3, 1), "100.00"))
			pay := mustPost(t, b, receipt("C1", d(3, 2), "60.00"))
			pay2 := mustPost(t, b, receipt("C1", d(3, 3), "40.00"))
			var outside, given, grouped journal.Partial
			var m journal.Match
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				var err error
				if outside, err = tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(1), "30.00", d(3, 2), journal.NoID)); err != nil {
					return err
				}
				if err := tx.beginLettering(); err != nil {
					return err
				}
				p := allocation(inv.LineRef(0), pay.LineRef(1), "30.00", d(3, 2), journal.NoID)
				p.ID = tx.newLetterID()
				if given, err = tx.putPartial(p); err != nil {
					return err
				}
				if grouped, err = tx.putPartial(allocation(inv.LineRef(0), pay2.LineRef(1), "40.00", d(3, 3), journal.NoID)); err != nil {
					return err
				}
				m, err = putMatchCounted(tx, journal.Match{Code: "AAA", Account: "411000", Partner: "C1",
					Lines:    []journal.LineRef{inv.LineRef(0), pay.LineRef(1), pay2.LineRef(1)},
					Partials: []journal.ID{outside.ID, given.ID, grouped.ID}, Date: d(3, 3)})
				return err
			}))
			assert.False(t, inLettering(outside.ID))
			assert.False(t, inLettering(given.ID))
			assert.True(t, inLettering(grouped.ID))
			assert.False(t, inLettering(m.ID), "a match naming other partials too")
			assert.Len(t, rawKeys(t, b.st, bPartial), 2)
			assert.Len(t, rawKeys(t, b.st, bMatch), 1)
			assert.Equal(t, [][]byte{func() []byte { k := letteringBase(grouped.ID); return k[:] }()}, rawKeys(t, b.st, bLettering))
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))

			// A caller's id marked as a lettering's is refused, nothing written.
			before := dump(t, b.st)
			err := b.Update(ctx, func(tx *Tx) error {
				p := allocation(inv.LineRef(0), pay.LineRef(1), "1.00", d(3, 2), journal.NoID)
				p.ID = newLetteringBase()
				_, err := tx.putPartial(p)
				return err
			})
			require.ErrorIs(t, err, ErrPartial)
			assert.Equal(t, before, dump(t, b.st))
		})
	}
}

// A lettering of more partials than a record holds: the first
// letteringPartialsMax are one record (no match names exactly them), the
// others records of their own, and so is the match.
func TestHrev225LetteringPastItsMax(t *testing.T) {
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
	require.NoError(t, b.Update(ctx, func(tx *Tx) error {
		ids = nil // fn may run more than once
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
		_, err := putMatchCounted(tx, journal.Match{Code: "AAA", Account: "411000", Partner: "C1", Lines: refs, Partials: ids, Date: d(3, 2)})
		return err
	}))
	for i, id := range ids {
		assert.Equal(t, i < letteringPartialsMax, inLettering(id), "partial %d", i)
	}
	assert.Len(t, rawKeys(t, b.st, bLettering), 1)
	assert.Len(t, rawKeys(t, b.st, bPartial), 2)
	assert.Len(t, rawKeys(t, b.st, bMatch), 1)
	require.NoError(t, b.Check(ctx))
	require.NoError(t, b.Verify(ctx))
}

// The undos rewrite the whole record: an unlettering undoes the match
// and then the partials of a lettering record, in a later transaction; a
// partial undone in the transaction that made it, before any match, stays
// with its lettering, undone. Check passes and every read sees the undo,
// on every store, after the book is opened again.
func TestHrev225UndosRewriteTheRecord(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newLetteringFixture(t, s)
			undo := journal.NewID()
			require.NoError(t, f.b.Update(ctx, func(tx *Tx) error {
				if _, err := tx.undoMatch(f.threeMatch.ID, undo); err != nil {
					return err
				}
				for _, p := range f.threePartials[:2] { // the third stays live
					if _, err := tx.undoPartial(p.ID, undo); err != nil {
						return err
					}
				}
				return tx.recordOperation(undo, []byte("undo"), nil)
			}))
			inv := mustPost(t, f.b, sale("C6", d(3, 20), "100.00"))
			pay := mustPost(t, f.b, receipt("C6", d(3, 21), "100.00"))
			var pending, kept journal.Partial
			op := journal.NewID()
			require.NoError(t, f.b.Update(ctx, func(tx *Tx) error {
				if err := tx.beginLettering(); err != nil {
					return err
				}
				var err error
				if pending, err = tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(1), "70.00", d(3, 21), op)); err != nil {
					return err
				}
				if kept, err = tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(1), "30.00", d(3, 21), op)); err != nil {
					return err
				}
				if pending, err = tx.undoPartial(pending.ID, op); err != nil {
					return err
				}
				got, err := tx.Partial(pending.ID)
				require.NoError(t, err)
				assert.False(t, got.Live(), "undone, read in its own transaction")
				return tx.recordOperation(op, []byte("pending"), nil)
			}))
			assert.Equal(t, letteringBase(pending.ID), letteringBase(kept.ID), "one lettering")
			require.NoError(t, f.b.Check(ctx))
			require.NoError(t, f.b.Verify(ctx))

			b, err := Open(ctx, f.st, Options{})
			require.NoError(t, err)
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				m, err := tx.Match(f.threeMatch.ID)
				require.NoError(t, err)
				assert.False(t, m.Live())
				for i, p := range f.threePartials {
					got, err := tx.Partial(p.ID)
					require.NoError(t, err)
					assert.Equal(t, i == 2, got.Live(), "partial %d", i)
				}
				got, err := tx.Partial(pending.ID)
				require.NoError(t, err)
				assert.False(t, got.Live())
				assert.Equal(t, op, got.UndoneBy)
				got, err = tx.Partial(kept.ID)
				require.NoError(t, err)
				assert.True(t, got.Live())
				_, found, err := tx.MatchOf(f.invA.LineRef(0))
				require.NoError(t, err)
				assert.False(t, found)
				return nil
			}))
			require.NoError(t, b.Check(ctx))
		})
	}
}

// Two letterings written in one transaction each keep their own bytes: a
// record built in a buffer the book reuses would be overwritten by the
// next before boltstore writes it at the commit.
func TestHrev225LetteringBuffersNotReused(t *testing.T) {
	var bolt storetest.Backend
	for _, s := range stores {
		if strings.Contains(strings.ToLower(s.Name), "bolt") {
			bolt = s
		}
	}
	require.NotEmpty(t, bolt.Name, "no boltstore backend")
	st := bolt.Open(t)
	b := testBook(t, st)
	const n = 20
	var invs, pays []journal.Entry
	for i := range n {
		invs = append(invs, mustPost(t, b, sale("C1", d(3, 1), fmt.Sprintf("%d.00", 10+i))))
		pays = append(pays, mustPost(t, b, receipt("C1", d(3, 2), fmt.Sprintf("%d.00", 10+i))))
	}
	var ms []journal.Match
	op := journal.NewID()
	require.NoError(t, b.Update(ctx, func(tx *Tx) error {
		ms = nil // fn may run more than once
		for i := range n {
			if err := tx.beginLettering(); err != nil {
				return err
			}
			p, err := tx.putPartial(allocation(invs[i].LineRef(0), pays[i].LineRef(1), fmt.Sprintf("%d.00", 10+i), d(3, 2), journal.NoID))
			if err != nil {
				return err
			}
			m, err := putMatchCounted(tx, journal.Match{Code: fmt.Sprintf("L%02d", i+1), Account: "411000", Partner: "C1",
				Lines: []journal.LineRef{invs[i].LineRef(0), pays[i].LineRef(1)}, Partials: []journal.ID{p.ID}, Date: d(3, 2)})
			if err != nil {
				return err
			}
			// An undo in the same transaction rewrites the record: its new
			// value must not be built where the last one is.
			if i%2 == 1 {
				if _, err := tx.undoMatch(m.ID, op); err != nil {
					return err
				}
			}
			ms = append(ms, m)
		}
		return tx.recordOperation(op, []byte("letter and undo"), nil)
	}))
	require.NoError(t, b.Check(ctx))
	require.NoError(t, b.Verify(ctx))
	require.NoError(t, b.View(ctx, func(tx *Tx) error {
		for i, m := range ms {
			got, err := tx.Match(m.ID)
			require.NoError(t, err)
			assert.Equal(t, fmt.Sprintf("L%02d", i+1), got.Code)
			assert.Equal(t, i%2 == 0, got.Live())
			p, err := tx.Partial(m.Partials[0])
			require.NoError(t, err)
			assert.Equal(t, e(fmt.Sprintf("%d.00", 10+i)).String(), p.Amount.String())
		}
		return nil
	}))
}

// A book of format 12, its partials and matches in records of their own,
// opened by this version: upgraded in place, lettered further in lettering
// records, closed and opened again: Check passes, old and new records
// both read.
func TestHrev225UpgradeFromFormat12(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			createFormat = formatUpgradable
			t.Cleanup(func() { createFormat = bookFormat })
			f := newFixture(t, s) // records of their own only: format 12's layout, checked
			createFormat = bookFormat
			addPartnersHrev225(t, f.b, "C7")
			require.Empty(t, rawKeys(t, f.st, bLettering))
			partials, matches := rawKeys(t, f.st, bPartial), rawKeys(t, f.st, bMatch)

			b, err := Open(ctx, f.st, Options{})
			require.NoError(t, err)
			assert.Equal(t, bookFormat, b.format)
			require.NoError(t, b.Check(ctx))
			inv := mustPost(t, b, sale("C7", d(3, 20), "100.00"))
			pay := mustPost(t, b, receipt("C7", d(3, 21), "100.00"))
			var m journal.Match
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				if err := tx.beginLettering(); err != nil {
					return err
				}
				p, err := tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(1), "100.00", d(3, 21), journal.NoID))
				if err != nil {
					return err
				}
				m, err = putMatchCounted(tx, journal.Match{Code: "AAC", Account: "411000", Partner: "C7",
					Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Partials: []journal.ID{p.ID}, Date: d(3, 21)})
				return err
			}))
			assert.Equal(t, partials, rawKeys(t, f.st, bPartial), "no record moved")
			assert.Equal(t, matches, rawKeys(t, f.st, bMatch))
			assert.Len(t, rawKeys(t, f.st, bLettering), 1)

			b, err = Open(ctx, f.st, Options{})
			require.NoError(t, err)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				var meta bookRec
				v, err := tx.st.Get(bMeta, metaKey)
				require.NoError(t, err)
				require.NoError(t, decode(v, &meta))
				assert.Equal(t, bookFormat, meta.V, "a version reading format 12 only refuses it")
				v, err = tx.st.Get(bMeta, upgradeKey)
				require.NoError(t, err)
				var up upgradeRec
				require.NoError(t, decode(v, &up))
				assert.Equal(t, bookFormat, up.V)
				var was bookRec
				require.NoError(t, decode(up.Was, &was))
				assert.Equal(t, formatUpgradable, was.V)
				assert.Equal(t, meta.Created, was.Created)
				old, err := tx.Match(f.m2.ID)
				require.NoError(t, err)
				assert.Equal(t, "AAA", old.Code)
				_, err = tx.Partial(f.part1.ID)
				require.NoError(t, err)
				got, err := tx.Match(m.ID)
				require.NoError(t, err)
				assert.Equal(t, "AAC", got.Code)
				_, err = tx.Partial(got.Partials[0])
				return err
			}))
		})
	}
}

// The corruption corpus of a lettering record: each damage is named by
// Check, and a tamper names the lettering.
func TestHrev225LetteringCorruptionNamed(t *testing.T) {
	rewrite := func(t *testing.T, f letteringFixture, key journal.ID, fn func(v []byte) []byte) {
		t.Helper()
		f.raw(t, func(tx store.Tx) error {
			v, err := tx.Get(bLettering, key[:])
			if err != nil {
				return err
			}
			return tx.Put(bLettering, bytes.Clone(key[:]), fn(bytes.Clone(v)))
		})
	}
	rehash := func(v []byte) []byte { copy(v[8:chainPtrSize], sha256Of(v[chainPtrSize:])); return v }
	tests := []struct {
		name    string
		corrupt func(t *testing.T, f letteringFixture) (inv int, words []string)
		tamper  bool // Verify names the lettering too
	}{
		{"a partial's part altered", func(t *testing.T, f letteringFixture) (int, []string) {
			rewrite(t, f, f.three, func(v []byte) []byte { v[len(v)-1] ^= 1; return v })
			return 3, []string{"lettering " + f.three.String()}
		}, true},
		{"a partial's part altered and rehashed", func(t *testing.T, f letteringFixture) (int, []string) {
			rewrite(t, f, f.three, func(v []byte) []byte { v[len(v)-1] ^= 1; return rehash(v) })
			return 3, []string{"lettering " + f.three.String()}
		}, true},
		{"record cut short", func(t *testing.T, f letteringFixture) (int, []string) {
			rewrite(t, f, f.three, func(v []byte) []byte { return v[:len(v)-5] })
			return 6, []string{"lettering " + f.three.String(), "cut short"}
		}, true},
		{"record of its pointer only", func(t *testing.T, f letteringFixture) (int, []string) {
			rewrite(t, f, f.one, func(v []byte) []byte { return v[:chainPtrSize] })
			return 6, []string{"lettering " + f.one.String()}
		}, true},
		{"record deleted", func(t *testing.T, f letteringFixture) (int, []string) {
			f.del(t, bLettering, f.one[:])
			return 3, []string{"lettering " + f.one.String()}
		}, true},
		{"pointer rewritten to another chain record", func(t *testing.T, f letteringFixture) (int, []string) {
			rewrite(t, f, f.one, func(v []byte) []byte { copy(v, seqKey(u64From(v[:8])-1)); return v })
			return 3, []string{"lettering " + f.one.String()}
		}, true},
		{"pointer's hash rewritten", func(t *testing.T, f letteringFixture) (int, []string) {
			rewrite(t, f, f.part, func(v []byte) []byte { v[8] ^= 1; return v })
			return 3, []string{"lettering " + f.part.String()}
		}, true},
		{"a match's part naming a partial not in it, rehashed", func(t *testing.T, f letteringFixture) (int, []string) {
			m := f.oneMatch
			m.Partials = []journal.ID{f.part1.ID}
			rewrite(t, f, f.one, func(v []byte) []byte {
				_, ps, err := splitLettering(v[chainPtrSize:])
				require.NoError(t, err)
				out := appendSized(bytes.Clone(v[:chainPtrSize]), func(b []byte) []byte { return appendMatchValue(b, &m) })
				for _, p := range ps {
					out = appendSized(out, func(b []byte) []byte { return append(b, p...) })
				}
				return rehash(out)
			})
			return 7, []string{"lettering " + f.one.String(), "names partial " + f.part1.ID.String() + ", which the lettering does not hold"}
		}, true},
	}
	for _, s := range stores {
		for _, tt := range tests {
			t.Run(s.Name+"/"+tt.name, func(t *testing.T) {
				f := newLetteringFixture(t, s)
				inv, words := tt.corrupt(t, f)
				err := f.b.Check(ctx)
				require.Error(t, err)
				mustFind(t, err, inv, words...)
				if tt.tamper {
					var ve *VerifyError
					require.ErrorAs(t, f.b.Verify(ctx), &ve)
					require.Equal(t, words[0], ve.Key, "Verify: %v", ve)
				}
			})
		}
	}
}

// A match of a lettering record written by the book naming partials the
// record does not hold (a fault of the book, its chain intact) is named by
// Check's lettering invariant, not only by its chain.
func TestHrev225MatchNamingOtherPartialsNamed(t *testing.T) {
	f := newFixture(t, stores[0])
	addPartnersHrev225(t, f.b, "C3")
	inv := mustPost(t, f.b, sale("C3", d(3, 10), "100.00"))
	pay := mustPost(t, f.b, receipt("C3", d(3, 11), "100.00"))
	var base journal.ID
	require.NoError(t, f.b.Update(ctx, func(tx *Tx) error {
		if err := tx.beginLettering(); err != nil {
			return err
		}
		p, err := tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(1), "100.00", d(3, 11), journal.NoID))
		if err != nil {
			return err
		}
		base = letteringBase(p.ID)
		m := journal.Match{ID: letteringMatchID(base), Code: "AAD", Account: "411000", Partner: "C3", CreatedAt: f.b.clock().UTC(),
			Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Partials: []journal.ID{p.ID, f.part2.ID}, Date: d(3, 11)}
		return tx.putLettering(&m) // written as a faulty book would, through its chain
	}))
	err := f.b.Check(ctx)
	mustFind(t, err, 7, "lettering "+base.String(), "names partial "+f.part2.ID.String()+", which the lettering does not hold")
	assert.NoError(t, f.b.Verify(ctx), "the chain is intact")
	require.False(t, errors.Is(err, ErrFormat))
}

// The rewrites of a damaged lettering record are refused, nothing written
// (the twins of the tests of records of their own): a record deleted
// outside the book, one holding another lettering's value and pointer, one
// altered and rehashed under the pointer of the write it replaced.
func TestHrev225RewriteOfDamagedLetteringRefused(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(t *testing.T, f letteringFixture)
		undo    func(tx *Tx, f letteringFixture, op journal.ID) error
		wantErr error
	}{
		{"record deleted", func(t *testing.T, f letteringFixture) {
			f.del(t, bLettering, f.one[:])
		}, func(tx *Tx, f letteringFixture, op journal.ID) error {
			_, err := tx.undoMatch(f.oneMatch.ID, op)
			return err
		}, ErrNotFound},
		{"holding another lettering's value and pointer", func(t *testing.T, f letteringFixture) {
			v, _ := rawGetHrev11(t, f.fixture, bLettering, f.part[:])
			f.raw(t, func(tx store.Tx) error { return tx.Put(bLettering, bytes.Clone(f.one[:]), v) })
		}, func(tx *Tx, f letteringFixture, op journal.ID) error {
			_, err := tx.undoPartial(f.onePartial.ID, op)
			return err
		}, ErrIntegrity},
		{"altered, rehashed, pointing to the record that wrote its older value", func(t *testing.T, f letteringFixture) {
			v, _ := rawGetHrev11(t, f.fixture, bLettering, f.three[:])
			v[len(v)-1] ^= 1
			copy(v[8:chainPtrSize], sha256Of(v[chainPtrSize:]))
			f.raw(t, func(tx store.Tx) error { return tx.Put(bLettering, bytes.Clone(f.three[:]), v) })
		}, func(tx *Tx, f letteringFixture, op journal.ID) error {
			_, err := tx.undoMatch(f.threeMatch.ID, op)
			return err
		}, ErrIntegrity},
	}
	for _, s := range stores {
		for _, tt := range tests {
			t.Run(s.Name+"/"+tt.name, func(t *testing.T) {
				f := newLetteringFixture(t, s)
				tt.corrupt(t, f)
				before := dump(t, f.st)
				err := f.b.Update(ctx, func(tx *Tx) error {
					op := journal.NewID()
					if err := tt.undo(tx, f, op); err != nil {
						return err
					}
					return tx.recordOperation(op, []byte("undo"), nil)
				})
				require.ErrorIs(t, err, tt.wantErr)
				require.Equal(t, before, dump(t, f.st), "nothing written")
			})
		}
	}
}

// A lettering written while the lettering chain moved under the
// transaction fails, and writes nothing.
func TestHrev225LetteringChainMovedUnderTheTransaction(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newLetteringFixture(t, s)
			inv := mustPost(t, f.b, sale("C6", d(3, 20), "10.00"))
			pay := mustPost(t, f.b, receipt("C6", d(3, 21), "10.00"))
			var head uint64
			f.raw(t, func(tx store.Tx) error {
				var err error
				head, _, err = chainHead(tx, chainLetter)
				return err
			})
			err := f.b.Update(ctx, func(tx *Tx) error {
				if err := tx.beginLettering(); err != nil {
					return err
				}
				p, err := tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(1), "10.00", d(3, 21), journal.NoID))
				if err != nil {
					return err
				}
				if _, err := putMatchCounted(tx, journal.Match{Code: "AAZ", Account: "411000", Partner: "C6",
					Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Partials: []journal.ID{p.ID}, Date: d(3, 21)}); err != nil {
					return err
				}
				return tx.ct.Tx.Put(bLetterChain, seqKey(head+1), chainValue(&chainRec{Seq: head + 1}))
			})
			require.ErrorIs(t, err, ErrIntegrity)
			require.Len(t, rawKeys(t, f.st, bLettering), 3, "nothing written")
			require.NoError(t, f.b.Check(ctx))
		})
	}
}

// A lettering record brought back to an earlier value and rehashed along
// its chain passes Verify alone, and is found by a seal taken before.
func TestHrev225VerifyAnchorFindsRehashedLetteringRecord(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newLetteringFixture(t, s)
			seal, err := f.b.Seal(ctx)
			require.NoError(t, err)
			f.raw(t, func(tx store.Tx) error {
				v, err := tx.Get(bLettering, f.three[:])
				if err != nil {
					return err
				}
				v = bytes.Clone(v)
				v[len(v)-1] ^= 1
				copy(v[8:chainPtrSize], sha256Of(v[chainPtrSize:]))
				return tx.Put(bLettering, bytes.Clone(f.three[:]), v)
			})
			rehashChain(t, f.st, chainLetter, bLettering, f.three[:])
			require.NoError(t, f.b.Verify(ctx))
			var ae *AnchorError
			require.ErrorAs(t, f.b.Verify(ctx, WithAnchor(seal)), &ae)
			assert.Equal(t, ChainLettering, ae.Chain)
		})
	}
}

// A lettering record rolled back to its value before an undo, with the
// pointer of the record that made it, is named by Check: a later record
// of the chain rewrote it.
func TestHrev225LetteringRolledBackNamed(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newLetteringFixture(t, s)
			made, _ := rawGetHrev11(t, f.fixture, bLettering, f.three[:])
			undo := journal.NewID()
			require.NoError(t, f.b.Update(ctx, func(tx *Tx) error {
				if _, err := tx.undoMatch(f.threeMatch.ID, undo); err != nil {
					return err
				}
				return tx.recordOperation(undo, []byte("undo"), nil)
			}))
			f.raw(t, func(tx store.Tx) error { return tx.Put(bLettering, bytes.Clone(f.three[:]), made) })
			mustFind(t, f.b.Check(ctx), 3, "lettering "+f.three.String())
		})
	}
}

// What a transaction keeps of the partials and the match of a lettering
// is what the record it writes reads back, before and after an undo in
// the same transaction.
func TestHrev225TxKeepsWhatTheLetteringWrote(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			inv := mustPost(t, b, sale("C1", d(3, 10), "100.00"))
			pay := mustPost(t, b, receipt("C1", d(3, 12), "100.00"))
			same := func(tx *Tx, id journal.ID) {
				t.Helper()
				kept, err := tx.Partial(id)
				require.NoError(t, err)
				stored, err := tx.storedPartial(id)
				require.NoError(t, err)
				assert.True(t, samePartial(kept, stored), "kept %+v, stored %+v", kept, stored)
			}
			op := journal.NewID()
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				if err := tx.beginLettering(); err != nil {
					return err
				}
				p, err := tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(1), "100.00", d(3, 12), op))
				if err != nil {
					return err
				}
				_, err = tx.storedPartial(p.ID)
				require.ErrorIs(t, err, ErrNotFound, "not written before its match")
				m, err := putMatchCounted(tx, journal.Match{Code: "AAA", Account: "411000", Partner: "C1", Operation: op,
					Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Partials: []journal.ID{p.ID}, Date: d(3, 12)})
				if err != nil {
					return err
				}
				same(tx, p.ID)
				if _, err := tx.undoMatch(m.ID, op); err != nil {
					return err
				}
				if _, err := tx.undoPartial(p.ID, op); err != nil {
					return err
				}
				same(tx, p.ID)
				got, err := tx.Match(m.ID)
				require.NoError(t, err)
				assert.False(t, got.Live())
				return tx.recordOperation(op, []byte("letter and undo"), nil)
			}))
		})
	}
}

// A book of format 12 opened from a read-only store is read as it is, not
// upgraded: Open writes nothing, Check passes, its records read. Opened
// for writing later, it is upgraded then.
func TestHrev225Format12ReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.db")
	st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	createFormat = formatUpgradable
	t.Cleanup(func() { createFormat = bookFormat })
	b := testBook(t, st)
	createFormat = bookFormat
	inv := mustPost(t, b, sale("C1", d(3, 10), "100.00"))
	pay := mustPost(t, b, receipt("C1", d(3, 12), "40.00"))
	var p journal.Partial
	require.NoError(t, b.Update(ctx, func(tx *Tx) error {
		var err error
		p, err = tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(1), "40.00", d(3, 12), journal.NoID))
		return err
	}))
	require.NoError(t, b.Index(ctx))
	require.NoError(t, st.Close())

	ro, err := boltstore.Open(path, boltstore.Options{ReadOnly: true})
	require.NoError(t, err)
	rb, err := Open(ctx, ro, Options{})
	require.NoError(t, err)
	assert.Equal(t, formatUpgradable, rb.format)
	require.NoError(t, rb.Check(ctx))
	require.NoError(t, rb.View(ctx, func(tx *Tx) error {
		_, err := tx.Partial(p.ID)
		return err
	}))
	require.NoError(t, ro.Close())

	rw, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { rw.Close() })
	wb, err := Open(ctx, rw, Options{})
	require.NoError(t, err)
	assert.Equal(t, bookFormat, wb.format)
	require.NoError(t, wb.Check(ctx))
}

// The meta record is rewritten once, by the upgrade, beside its upgrade
// record: another rewrite through the chain is named by Verify, and a meta
// record that differs from the one the upgrade kept by more than its
// format is named by Check.
func TestHrev225MetaRewrittenOnlyByTheUpgrade(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(*bookRec)
		verify bool // Verify names it (a second rewrite); else Check does
	}{
		{"rewritten again, the same", func(*bookRec) {}, true},
		{"rewritten again, another rounding", func(r *bookRec) { r.Rounding++ }, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			createFormat = formatUpgradable
			t.Cleanup(func() { createFormat = bookFormat })
			f := newFixture(t, stores[0])
			createFormat = bookFormat
			b, err := Open(ctx, f.st, Options{})
			require.NoError(t, err)
			require.NoError(t, b.Verify(ctx))
			require.NoError(t, b.Check(ctx))
			b.strict = false
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				v, err := tx.st.Get(bMeta, metaKey)
				if err != nil {
					return err
				}
				var rec bookRec
				if err := decode(v, &rec); err != nil {
					return err
				}
				tt.change(&rec)
				return tx.st.Put(bMeta, metaKey, encode(rec))
			}))
			var ve *VerifyError
			require.ErrorAs(t, b.Verify(ctx), &ve)
			assert.Equal(t, "book meta record", ve.Key)
			assert.Contains(t, ve.Reason, "rewrites a record the book writes once")
		})
	}
	t.Run("meta changed beside the upgrade record", func(t *testing.T) {
		createFormat = formatUpgradable
		t.Cleanup(func() { createFormat = bookFormat })
		f := newFixture(t, stores[0])
		createFormat = bookFormat
		b, err := Open(ctx, f.st, Options{})
		require.NoError(t, err)
		f.raw(t, func(tx store.Tx) error { // behind the book's back
			v, err := tx.Get(bMeta, upgradeKey)
			if err != nil {
				return err
			}
			var up upgradeRec
			if err := decode(v, &up); err != nil {
				return err
			}
			var was bookRec
			if err := decode(up.Was, &was); err != nil {
				return err
			}
			was.Created++
			up.Was = encode(was)
			return tx.Put(bMeta, bytes.Clone(upgradeKey), encode(up))
		})
		mustFind(t, b.Check(ctx), 2, "book meta record", "is not the record the upgrade record keeps")
	})
}
