package ledger

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// Tests of the review of issue 13: each fails on the main it was written
// against, and says what it proves.

// appendChainRecord writes through a chainTx behind the book's back, as an
// attacker who knows the (public, unkeyed) chain format does: every write
// is appended to its chain, well linked, with the chain index updated, so
// the chains verify. Nothing is rewritten: the chains only grow.
func appendChainRecord(t *testing.T, st store.Store, fn func(ct *chainTx) error) {
	t.Helper()
	require.NoError(t, st.Update(ctx, func(stx store.Tx) error {
		ct := &chainTx{Tx: stx}
		if err := fn(ct); err != nil {
			return err
		}
		return ct.appendChains()
	}))
}

// TestAnchorFindsSealedRecordErasedByAppendedChainRecord proves that a
// Seal does not protect what it sealed in the configuration and lettering
// chains: one well-formed chain record appended after the seal deletes or
// rewrites records the book itself never deletes or rewrites (a lock-date
// change, "kept forever"; an operation record, the idempotency of a
// payment; an account's kind, which no call changes), and Check, Verify
// and Verify(WithAnchor(seal)) all pass. The consequences are defects 9
// and 10 again, with the seal held outside the book: a locked period
// reopens, a payment retried runs twice. A chain record that deletes or
// rewrites an append-only record (or a field no call changes) is tampering
// that Check or Verify must name.
func TestAnchorFindsSealedRecordErasedByAppendedChainRecord(t *testing.T) {
	tests := []struct {
		name    string
		erase   func(ct *chainTx, op journal.ID) error
		harmful func(t *testing.T, b *Book, op journal.ID)
	}{
		{"lock-date change deleted", func(ct *chainTx, _ journal.ID) error {
			if err := ct.Delete(bLock, u64(nil, 1)); err != nil {
				return err
			}
			return ct.Put(bCounter, []byte(ctrLock), binary.BigEndian.AppendUint64(nil, 0))
		}, func(t *testing.T, b *Book, _ journal.ID) {
			_, err := b.Post(ctx, sale("C1", d(3, 20), "10.00"))
			t.Logf("a post into the period sealed as locked: %v", err)
		}},
		{"operation record deleted", func(ct *chainTx, op journal.ID) error {
			return ct.Delete(bOp, op[:])
		}, func(t *testing.T, b *Book, op journal.ID) {
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				_, _, found, err := tx.Operation(op)
				t.Logf("the sealed operation record, read for a retry: found %v, %v", found, err)
				return nil
			}))
		}},
		{"account kind changed", func(ct *chainTx, _ journal.ID) error {
			v, err := ct.Get(bAccount, []byte("445710"))
			if err != nil {
				return err
			}
			var r accountRec
			if err := decode(v, &r); err != nil {
				return err
			}
			r.Kind = uint8(KindOther) // no longer a tax account: out of the tax lock's reach
			return ct.Put(bAccount, []byte("445710"), encode(r))
		}, func(t *testing.T, b *Book, _ journal.ID) {
			a, err := b.Account(ctx, "445710")
			require.NoError(t, err)
			t.Logf("445710 now reads as kind %s", a.Kind)
		}},
	}
	for _, s := range stores {
		for _, tt := range tests {
			t.Run(s.Name+"/"+tt.name, func(t *testing.T) {
				st := s.Open(t)
				b := testBook(t, st)
				b.strict = false
				require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(3, 31), "Q1 closed"))
				op := journal.NewID()
				require.NoError(t, b.Update(ctx, func(tx *Tx) error { return tx.recordOperation(op, []byte("fp"), []byte("result")) }))
				seal, err := b.Seal(ctx)
				require.NoError(t, err)

				appendChainRecord(t, st, func(ct *chainTx) error { return tt.erase(ct, op) })
				tt.harmful(t, b, op)

				checkErr, verifyErr := b.Check(ctx), b.Verify(ctx, WithAnchor(seal))
				require.True(t, checkErr != nil || verifyErr != nil,
					"a record sealed before was erased or rewritten by a chain record appended after the seal, and Check and Verify(WithAnchor(seal)) both pass")
				if verifyErr != nil {
					var ae *AnchorError
					var ve *VerifyError
					require.True(t, errors.As(verifyErr, &ae) || errors.As(verifyErr, &ve), "Verify's error is typed: %v", verifyErr)
				}
			})
		}
	}
}

// TestUnitAddedThroughAnotherHandle proves that a unit of account is read
// back only by the Book value that added it: a second Book opened on the
// same store before AddUnit (two handles in one program, or two processes
// on a shared store such as a database server) can no longer read the
// book once an entry in the unit is posted — not that entry, not a
// balance of an unrelated account (the read first indexes the lagging
// entry), not Check — and each says ErrFormat, "stored data has an
// unknown format", as if the book were damaged. What one handle accepted
// must read back through every handle: a unit the store records is known.
func TestUnitAddedThroughAnotherHandle(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			a := testBook(t, st)
			a.strict = false // as a program runs it: the entry lags behind its indexes
			other, err := Open(ctx, st, Options{Clock: fixedClock()})
			require.NoError(t, err)
			gold, err := currency.NewUnit("GOLD", 3)
			require.NoError(t, err)
			require.NoError(t, a.AddUnit(ctx, gold))
			x := mustPost(t, a, journal.Entry{Journal: "OD", Date: d(3, 1), Currency: gold, Lines: []journal.Line{
				{Account: "512000", AmountCurrency: currency.MustParse(gold, "1.000"), Balance: e("50.00")},
				{Account: "706000", AmountCurrency: currency.MustParse(gold, "-1.000"), Balance: e("-50.00")}}})

			_, err = other.Balance(ctx, BalanceQuery{Account: "411000"})
			assert.NoError(t, err, "a balance of an unrelated account, read through the other handle")
			got, err := other.Entry(ctx, x.ID)
			if assert.NoError(t, err, "the entry, read through the other handle") {
				assert.Equal(t, x.Lines[0].AmountCurrency.String(), got.Lines[0].AmountCurrency.String())
			}
			assert.NoError(t, other.Check(ctx), "Check through the other handle")
		})
	}
}

// TestPostedAtReadsBack proves that the posting time a clock gives is not
// bounded: with Options.Clock in 2500 (a test clock, or a far-future
// sentinel), Post acknowledges the entry posted in 2500 and reads it back
// posted in 1915 (UnixNano overflows int64 past 2262, and before 1678),
// while Check and Verify pass, since the hash covers what was stored. The
// same holds for lock changes, events and partials' times. A time the
// book cannot store must be refused, not stored as another.
func TestPostedAtReadsBack(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			far := time.Date(2500, 1, 1, 0, 0, 0, 0, time.UTC)
			b, err := Create(ctx, st, Options{Currency: eur, Clock: func() time.Time { return far }})
			if err != nil {
				require.ErrorIs(t, err, ErrClock, "refused at the door: fine")
				return
			}
			require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2026)))
			require.NoError(t, b.InstallFrenchChart(ctx))
			require.NoError(t, b.AddPartner(ctx, Partner{Code: "C1", Name: "Client"}))
			res, err := b.Post(ctx, sale("C1", d(3, 1), "12.00"))
			if err != nil {
				return // refused at the door: fine
			}
			got, err := b.Entry(ctx, res.Entry.ID)
			require.NoError(t, err)
			assert.Equal(t, res.Entry.PostedAt, got.PostedAt, "the posting time acknowledged and the one read back")
		})
	}
}

// noPanic runs call and fails the test if it panics: damaged stored data
// must come back as an error.
func noPanic(t *testing.T, what string, call func() error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked on a damaged store: %v", what, r)
		}
	}()
	err := call()
	t.Logf("%s: %v", what, err)
}

// TestDamagedIndexEntriesAreErrorsNotPanics proves that one index record
// of the wrong length — a value or a key cut short, as a torn write, a
// damaged page or a hand edit leaves it — makes public calls panic instead
// of returning an error: Check (on a number-index value that is not an
// id: it converts before checking the length), OpenItems (on an open-item
// key shorter than its fixed tail) and Tx.LivePartials, which every
// lettering operation calls (on a live-partial key shorter than an id).
// On bbolt the panic is raised inside a Scan callback, which boltstore
// passes on as the caller's own, so the process dies; the same holds on
// any store. Check is the call a user runs precisely when the book may be
// damaged.
func TestDamagedIndexEntriesAreErrorsNotPanics(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			ref := f.inv.LineRef(0) // a receivable line with a live partial (part1)
			openK := f.openKey(f.inv, 0)
			stateK := lineStateKey(&f.inv, 0)
			f.raw(t, func(tx store.Tx) error {
				if err := tx.Put(ixNumber, numberKey("VT", f.fy.Start, 1), []byte{1, 2, 3}); err != nil {
					return err
				}
				if err := tx.Delete(ixOpen, openK); err != nil {
					return err
				}
				if err := tx.Put(ixOpen, bytes.Clone(openK[:len(openK)-14]), nil); err != nil {
					return err
				}
				v, err := tx.Get(ixLine, stateK)
				if err != nil {
					return err
				}
				// A live partial's id cut short, and a key cut short.
				if err := tx.Put(ixLine, bytes.Clone(stateK), bytes.Clone(v[:len(v)-1])); err != nil {
					return err
				}
				return tx.Put(ixLine, bytes.Clone(stateK[:len(stateK)-1]), nil)
			})
			noPanic(t, "Check", func() error { return f.b.Check(ctx) })
			noPanic(t, "OpenItems", func() error { _, err := f.b.OpenItems(ctx, "411000", "C1"); return err })
			noPanic(t, "Tx.LivePartials", func() error {
				return f.b.View(ctx, func(tx *Tx) error { _, err := tx.LivePartials(ref); return err })
			})
		})
	}
}

// TestEntryWithManyTaxSnapshotsReadsBack proves that one acknowledged post
// bricks the book, as defects 1 and 3 did: nothing bounds how many tax
// snapshots a base line carries, and the decoder refuses arrays over 2 ×
// journal.EntryLinesMax elements. An entry whose base line carries 20 001
// snapshots is validated, logged and acknowledged; from then on reading
// it, every query (a balance of another account, which first indexes the
// lagging entry), Check (which cannot even list its problems) and every
// Update (a lock date, lettering) fail with ErrFormat, for good: posted
// entries are never changed. Refuse at the door, or read back forever.
func TestEntryWithManyTaxSnapshotsReadsBack(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.strict = false // as a program runs it: the entry lags behind its indexes
			x := sale("C1", d(3, 1), "120.00")
			x.Lines[1].TaxRole = tax.RoleBase
			for i := range 2*journal.EntryLinesMax + 1 {
				x.Lines[1].Taxes = append(x.Lines[1].Taxes, tax.Tax{ID: fmt.Sprint("T", i), Name: "TVA 20 %",
					Rate: tax.MustParsePercent("20"), Exigibility: tax.OnInvoice, FinalAccount: "445710"})
			}
			res, err := b.Post(ctx, x)
			if err != nil {
				return // refused at the door: fine
			}
			got, err := b.Entry(ctx, res.Entry.ID)
			if assert.NoError(t, err, "the acknowledged entry, read back") {
				assert.Len(t, got.Lines[1].Taxes, len(x.Lines[1].Taxes))
			}
			_, err = b.Balance(ctx, BalanceQuery{Account: "512000"})
			assert.NoError(t, err, "a balance of another account")
			assert.NoError(t, b.SetLockDate(ctx, LockGeneral, d(1, 31), "January closed"), "a later write")
			assert.NoError(t, b.Check(ctx))
		})
	}
}

// TestDamagedLagCounterIsNotIndexedAgain proves that one damaged counter
// makes a plain read return altered money without an error: the lag
// counter (8 bytes, in no chain) says how many of the last logged entries
// still wait for their indexes, and every read first indexes them.
// Raised from 0 to 1 after the last entry was indexed, it makes the next
// read index that entry a second time: its aggregates are added again and
// committed, and the balance read returns 200.00 where 100.00 was posted.
// Check names the aggregates afterwards, but the read already answered,
// and the damage is now written into every aggregate of the entry, the
// counter that caused it back at 0. Indexing must refuse an entry that is
// already indexed (its id is in the id index).
func TestDamagedLagCounterIsNotIndexedAgain(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.strict = false
			mustPost(t, b, receipt("C1", d(3, 5), "100.00"))
			require.NoError(t, b.Index(ctx))
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error { return tx.Put(bCounter, []byte(ctrLag), u64(nil, 1)) }))

			bal, err := b.Balance(ctx, BalanceQuery{Account: "512000"})
			if err == nil {
				assert.Equal(t, "100.00", bal.Balance.Plain(), "the balance read after the lag counter was damaged")
			} else {
				assert.ErrorIs(t, err, ErrIntegrity)
				assert.Contains(t, err.Error(), "BQD/2026/00001 is indexed", "the refusal names the entry")
			}
		})
	}
}

// TestDamagedSequenceCounterNeverOverwritesTheLog proves that the book
// itself destroys an acknowledged entry when one counter is damaged: the
// posting sequence counter (in no chain) gives the log key of the next
// entry, and Post writes there without looking. Lowered by one, it makes
// the next Post acknowledge a new entry written over the log record of
// the last one, which is gone for good (its id now leads to another
// entry: ErrFormat); Check and Verify notice only afterwards. Nothing
// acknowledged may ever be lost: a post must refuse a sequence number the
// log already holds.
func TestDamagedSequenceCounterNeverOverwritesTheLog(t *testing.T) {
	for _, s := range stores {
		for _, damage := range []string{"lowered", "deleted"} {
			t.Run(s.Name+"/"+damage, func(t *testing.T) {
				st := s.Open(t)
				b := testBook(t, st)
				b.strict = false
				first := mustPost(t, b, receipt("C1", d(3, 5), "100.00"))
				require.NoError(t, b.Index(ctx))
				require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
					if damage == "deleted" {
						return tx.Delete(bCounter, []byte(ctrSeq))
					}
					return tx.Put(bCounter, []byte(ctrSeq), u64(nil, first.Seq-1))
				}))

				_, err := b.Post(ctx, sale("C2", d(3, 6), "50.00"))
				require.ErrorIs(t, err, ErrIntegrity, "a post after the damage")
				got, err := b.Entry(ctx, first.ID)
				require.NoError(t, err, "the entry acknowledged before the damage")
				assert.Equal(t, first.Hash, got.Hash)
			})
		}
	}
}

// TestDamagedLockCounterIsNotLaunderedBySetLockDate proves that the
// book's own next write erases both a sealed lock-date change and the
// evidence of the tampering that made it do so. The lock counter says how
// many changes the history holds; SetLockDate writes the next change under
// counter+1 without looking. One raw 8-byte write lowering the counter
// from 2 to 1 (which Verify does name, at that moment) followed by the
// user's next, legitimate SetLockDate overwrites change 2 — the H1
// closing, sealed — with the new change: the general lock date falls back
// from 30 June to 31 March, reopening a quarter, and since the new write
// went through the chain, Check, Verify and Verify(WithAnchor(seal)) all
// pass. SetLockDate must refuse a history its counter contradicts
// (ErrIntegrity, as LockDates does) rather than write over it.
func TestDamagedLockCounterIsNotLaunderedBySetLockDate(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.strict = false
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(3, 31), "Q1 closed"))
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(6, 30), "H1 closed"))
			seal, err := b.Seal(ctx)
			require.NoError(t, err)
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error { return tx.Put(bCounter, []byte(ctrLock), u64(nil, 1)) }))

			err = b.SetLockDate(ctx, LockTax, d(1, 31), "VAT return of January")
			t.Logf("the next SetLockDate: %v", err)
			locks, lerr := b.LockDates(ctx)
			t.Logf("lock dates now: %+v, %v", locks, lerr)
			checkErr, verifyErr := b.Check(ctx), b.Verify(ctx, WithAnchor(seal))
			require.True(t, err != nil || checkErr != nil || verifyErr != nil,
				"the sealed H1 closing was overwritten by the book's own write, and Check and Verify(WithAnchor(seal)) pass")
		})
	}
}

// TestRawEditIsNotLaunderedByTheNextWrite proves that the chains protect a
// record only until the book next writes it: the book rewrites a chained
// record from what it reads, without comparing it with the hash its chain
// index holds, so a record altered outside the chain is re-recorded as
// the book's own. Here the kind of account 445710 (VAT collected) is
// changed outside the chain to "other" — out of the tax lock's reach, out
// of invariant 9's — which Verify names at once; then the user's next
// SetAccountActive on it (even one that changes nothing) writes the
// altered record back through the chain, and Check, Verify and
// Verify(WithAnchor(seal)) all pass, the kind still "other". Partials and
// matches, which tombstoning rewrites, are open to the same. A write must
// refuse to build on a chained record that is not the one its chain
// recorded (ErrIntegrity).
func TestRawEditIsNotLaunderedByTheNextWrite(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.strict = false
			seal, err := b.Seal(ctx)
			require.NoError(t, err)
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
				v, err := tx.Get(bAccount, []byte("445710"))
				if err != nil {
					return err
				}
				var r accountRec
				if err := decode(v, &r); err != nil {
					return err
				}
				r.Kind = uint8(KindOther)
				return tx.Put(bAccount, []byte("445710"), encode(r))
			}))
			require.Error(t, b.Verify(ctx, WithAnchor(seal)), "the edit, before the next write")

			err = b.SetAccountActive(ctx, "445710", true)
			t.Logf("the next SetAccountActive: %v", err)
			checkErr, verifyErr := b.Check(ctx), b.Verify(ctx, WithAnchor(seal))
			require.True(t, err != nil || checkErr != nil || verifyErr != nil,
				"an account's kind changed outside the chain, then written back by SetAccountActive: Check and Verify(WithAnchor(seal)) pass")
		})
	}
}

// TestBranchKeyDamageNeverDoublePosts proves that one damaged byte of a
// bbolt file makes a retry double-post: it raises a separator key in a
// branch page of the entry-id index, so that the lookup of the first id
// of one leaf goes to the leaf before and finds nothing, while scans
// still see every key. boltstore.Open checks the meta, root and freelist
// pages only, so the file opens; Post, looking the id of a retried entry
// up, takes it for a new one and posts it a second time — the double
// posting idempotency exists to prevent — and the bank balance reads
// 6 010.00 for 600 receipts of 10.00. Check (VerifyStructure) names the
// page, but only when someone runs it, after the fact. A write must not
// trust a lookup through a tree the store has not verified, or the store
// must verify before the first write.
func TestBranchKeyDamageNeverDoublePosts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.db")
	st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	b := testBook(t, st)
	b.strict = false
	batch := make([]journal.Entry, 600)
	byID := map[journal.ID]journal.Entry{}
	for i := range batch {
		batch[i] = receipt("C1", d(3, 5), "10.00")
		batch[i].ID = journal.NewID()
		byID[batch[i].ID] = batch[i]
	}
	_, err = b.PostBatch(ctx, batch, BatchOptions{AllOrNothing: true})
	require.NoError(t, err)
	require.NoError(t, b.Index(ctx))
	var root uint64
	require.NoError(t, st.Bolt().View(func(tx *bolt.Tx) error { root = uint64(tx.Bucket(bEntryRun).Root()); return nil }))
	pageSize := st.Bolt().Info().PageSize
	require.NoError(t, st.Close())

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	ne := binary.NativeEndian
	page := data[int(root)*pageSize:]
	require.Equal(t, uint16(0x01), ne.Uint16(page[8:]), "the id index's root is a branch page")
	require.Greater(t, ne.Uint16(page[10:]), uint16(1))
	elem := 16 + 16 // the second child's element: pos, ksize, child page id
	pos, ksize := int(ne.Uint32(page[elem:])), int(ne.Uint32(page[elem+4:]))
	sep := page[elem+pos : elem+pos+ksize]
	victim := journal.ID(sep) // the first id of the second child: a run's first id
	sep[len(sep)-1]++
	require.NoError(t, os.WriteFile(path, data, 0o600))

	st, err = boltstore.Open(path, boltstore.Options{NoSync: true})
	if err != nil {
		require.ErrorIs(t, err, store.ErrCorrupt)
		return // refused at open: fine
	}
	defer st.Close()
	b, err = Open(ctx, st, Options{Clock: fixedClock()})
	require.NoError(t, err)
	res, err := b.Post(ctx, byID[victim])
	if err != nil {
		return // refused: fine
	}
	assert.True(t, res.Replay, "the retry of an acknowledged post is a replay, not a second posting (sequence %d)", res.Entry.Seq)
	bal, err := b.Balance(ctx, BalanceQuery{Account: "512000"})
	if err == nil {
		assert.Equal(t, "6000.00", bal.Balance.Plain(), "600 receipts of 10.00")
	}
}

// TestMatchBounds: a match over MatchLinesMax lines is refused before it is
// written, and one of the largest size the bound allows decodes.
func TestMatchBounds(t *testing.T) {
	st := stores[0].Open(t)
	b := testBook(t, st)
	refs := make([]journal.LineRef, MatchLinesMax+1)
	for i := range refs {
		refs[i] = journal.LineRef{Entry: journal.NewID()}
	}
	err := b.Update(ctx, func(tx *Tx) error {
		_, err := putMatchCounted(tx, journal.Match{Code: "AAA", Account: "411000", Partner: "C1", Lines: refs, Date: d(3, 1)})
		return err
	})
	require.ErrorIs(t, err, ErrMatch)

	m := journal.Match{ID: journal.NewID(), Code: "AAA", Account: "411000", Partner: "C1", Lines: refs[:MatchLinesMax],
		Partials: make([]journal.ID, 2*MatchLinesMax), Date: d(3, 1)}
	for i := range m.Partials {
		m.Partials[i] = journal.NewID()
	}
	back, err := decodeMatch(m.ID[:], appendMatchValue(nil, &m))
	require.NoError(t, err)
	require.Len(t, back.Lines, MatchLinesMax)
	require.Len(t, back.Partials, 2*MatchLinesMax)
}

// TestActiveFlagIsKeptBesideTheAccount: SetAccountActive writes the flag,
// never the account; Check names a flag that belongs to no account or is
// not 0 or 1.
func TestActiveFlagIsKeptBesideTheAccount(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.strict = false
			var before []byte
			require.NoError(t, st.View(ctx, func(tx store.Tx) error {
				v, err := tx.Get(bAccount, []byte("706000"))
				before = bytes.Clone(v)
				return err
			}))
			require.NoError(t, b.SetAccountActive(ctx, "706000", false))
			a, err := b.Account(ctx, "706000")
			require.NoError(t, err)
			require.False(t, a.Active)
			require.NoError(t, st.View(ctx, func(tx store.Tx) error {
				v, err := tx.Get(bAccount, []byte("706000"))
				require.Equal(t, before, v, "the account record is written once")
				return err
			}))
			_, err = b.Post(ctx, sale("C1", d(3, 2), "12.00"))
			require.ErrorIs(t, err, ErrInactiveAccount)
			require.NoError(t, b.SetAccountActive(ctx, "706000", true))
			_, err = b.Post(ctx, sale("C1", d(3, 2), "12.00"))
			require.NoError(t, err)
			require.NoError(t, b.Check(ctx))

			for _, bad := range []struct{ key, value string }{{"999999", "\x01"}, {"706000", "\x02"}} {
				require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
					return tx.Put(bActive, []byte(bad.key), []byte(bad.value))
				}))
				require.Error(t, b.Check(ctx), "active flag %q = %x", bad.key, bad.value)
			}
		})
	}
}
