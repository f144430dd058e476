package ledger

import (
	"time"

	"bytes"
	"crypto/sha256"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSealText(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			seal, err := f.b.Seal(ctx)
			require.NoError(t, err)
			var chains []string
			for _, h := range seal.Heads {
				chains = append(chains, h.Chain)
				assert.NotZero(t, h.Length, h.Chain)
			}
			assert.Equal(t, []string{ChainConfig, ChainLettering, "journal/BQD", "journal/OD", "journal/VT"}, chains)
			vt := seal.Heads[4]
			assert.Equal(t, uint64(4), vt.Length, "inv, inv2, inv3, usdInv")
			assert.Equal(t, f.usdInv.Seq, vt.Seq)
			assert.Equal(t, f.usdInv.Hash, vt.Hash)

			text := seal.String()
			assert.True(t, strings.HasPrefix(text, "lettrage-seal/1 config="), text)
			assert.True(t, strings.HasSuffix(text, " digest="+seal.Digest()), text)
			back, err := ParseSeal(text)
			require.NoError(t, err)
			assert.Equal(t, seal, back)
			var m Seal
			raw, err := seal.MarshalText()
			require.NoError(t, err)
			require.NoError(t, m.UnmarshalText(raw))
			assert.Equal(t, seal, m)

			last := "0"
			if strings.HasSuffix(text, "0") {
				last = "1"
			}
			for _, bad := range []string{"", "lettrage-seal/1", "lettrage-seal/2 digest=00", text[:len(text)-1] + last,
				strings.Replace(text, "journal/VT=4@", "journal/VT=5@", 1), strings.Replace(text, "config=", "cfg=", 1)} {
				_, err := ParseSeal(bad)
				assert.ErrorIs(t, err, ErrSeal, bad)
			}
		})
	}
}

// TestSealOfEmptyBookVerifiesLater: a book sealed at creation still
// extends its seal after every kind of write.
func TestSealOfEmptyBookVerifiesLater(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b, err := Create(ctx, st, Options{Currency: eur, Clock: fixedClock()})
			require.NoError(t, err)
			first, err := b.Seal(ctx)
			require.NoError(t, err)
			require.Len(t, first.Heads, 2, "no journal has entries")
			require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2026)))
			require.NoError(t, b.InstallFrenchChart(ctx))
			require.NoError(t, b.AddPartner(ctx, Partner{Code: "C1"}))
			mid, err := b.Seal(ctx)
			require.NoError(t, err)
			mustPost(t, b, sale("C1", d(3, 1), "12.00"))
			require.NoError(t, b.Update(ctx, func(tx *Tx) error { return tx.recordOperation(journal.NewID(), []byte("fp"), nil) }))
			for _, seal := range []Seal{first, mid} {
				require.NoError(t, b.Verify(ctx, WithAnchor(seal)))
			}
		})
	}
}

// rehashJournal does what an attacker who edited an entry of journal j
// would do next: recompute every hash of j's chain from the first entry to
// the last, so that each points to the one before, and move the head.
func rehashJournal(t *testing.T, st store.Store, j string) {
	t.Helper()
	require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
		type logged struct{ k, v []byte }
		var all []logged
		if err := tx.Scan(bLog, nil, nil, false, func(k, v []byte) error {
			all = append(all, logged{bytes.Clone(k), bytes.Clone(v)})
			return nil
		}); err != nil {
			return err
		}
		var prev []byte
		for _, l := range all {
			_, raw := storedLog(t, tx, l.k, l.v)
			rec, err := decodeLogRecord(raw)
			require.NoError(t, err)
			if rec.Journal != j {
				continue
			}
			v, h := logValue(&rec, prev)
			prev = h[:]
			if err := tx.Put(bLog, l.k, v); err != nil {
				return err
			}
		}
		return tx.Put(ixHead, []byte(j), prev)
	}))
}

// rehashChain does what an attacker who changed a chained record would do
// next: make the chain record that last wrote it hold the new value's hash,
// and recompute every record's hash from there to the end of the chain.
func rehashChain(t *testing.T, st store.Store, k chainKind, bucket, key []byte) {
	t.Helper()
	require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
		value, err := tx.Get(bucket, key)
		require.NoError(t, err)
		if inlinePointer(bucket) {
			value = value[chainPtrSize:]
		}
		newHash := sha256.Sum256(value)
		seq, _, found, err := chainedSeq(tx, bucket, key)
		require.NoError(t, err)
		require.True(t, found)
		n, _, err := chainHead(tx, k)
		require.NoError(t, err)
		var prev []byte
		if seq > 1 {
			v, err := tx.Get(k.bucket(), seqKey(seq-1))
			require.NoError(t, err)
			prev = bytes.Clone(v[:sha256.Size])
		}
		for s := seq; s <= n; s++ {
			v, err := tx.Get(k.bucket(), seqKey(s))
			require.NoError(t, err)
			rec, _, _, err := decodeChainValue(v)
			require.NoError(t, err)
			var ws []chainWrite
			require.NoError(t, eachWrite(rec.Writes, func(w chainWrite) error {
				w = chainWrite{Bucket: bytes.Clone(w.Bucket), Key: bytes.Clone(w.Key), Hash: bytes.Clone(w.Hash),
					PrevSeq: w.PrevSeq, PrevHash: bytes.Clone(w.PrevHash)}
				if s == seq && bytes.Equal(w.Bucket, bucket) && bytes.Equal(w.Key, key) {
					w.Hash = newHash[:]
				}
				ws = append(ws, w)
				return nil
			}))
			nv := chainValue(&chainRec{Seq: s, Prev: prev, Writes: packWrites(ws)})
			prev = nv[:sha256.Size]
			if err := tx.Put(k.bucket(), seqKey(s), nv); err != nil {
				return err
			}
		}
		if inlinePointer(bucket) { // the record's own pointer
			return tx.Put(bucket, bytes.Clone(key), append(append(seqKey(seq), newHash[:]...), value...))
		}
		return tx.Put(ixChained, chainedKey(bucket, key), append(seqKey(seq), newHash[:]...))
	}))
}

func TestVerifyAnchorFindsRehashedJournal(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			seal, err := f.b.Seal(ctx)
			require.NoError(t, err)
			require.NoError(t, f.b.Verify(ctx, WithAnchor(seal)))

			f.rewriteEntry(t, f.inv2.ID, func(r *entryRec) { r.Ref = "not what was invoiced" }, true)
			require.Error(t, f.b.Verify(ctx), "an edit alone breaks the chain")
			rehashJournal(t, f.st, "VT")
			require.NoError(t, f.b.Verify(ctx), "a chain re-hashed to its end cannot be told from the truth")

			err = f.b.Verify(ctx, WithAnchor(seal))
			var ae *AnchorError
			require.ErrorAs(t, err, &ae)
			assert.ErrorIs(t, err, ErrAnchor)
			assert.Equal(t, "journal/VT", ae.Chain)
			assert.Contains(t, ae.Error(), "rewritten")
		})
	}
}

func TestVerifyAnchorFindsRehashedConfig(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			seal, err := f.b.Seal(ctx)
			require.NoError(t, err)

			edit(t, f, bAccount, []byte("411000"), func(r *accountRec) { r.Reconcilable = false })
			require.Error(t, f.b.Verify(ctx))
			rehashChain(t, f.st, chainConfig, bAccount, []byte("411000"))
			require.NoError(t, f.b.Verify(ctx), "a chain re-hashed to its end cannot be told from the truth")

			var ae *AnchorError
			require.ErrorAs(t, f.b.Verify(ctx, WithAnchor(seal)), &ae)
			assert.Equal(t, ChainConfig, ae.Chain)
		})
	}
}

func TestVerifyAnchorFindsRehashedLettering(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			seal, err := f.b.Seal(ctx)
			require.NoError(t, err)

			// Bring the undone partial back to life and hide it.
			editPartial(t, f, f.part3.ID, func(p *journal.Partial) { p.UndoneBy, p.UndoneAt = journal.NoID, time.Time{} })
			rehashChain(t, f.st, chainLetter, bPartial, f.part3.ID[:])
			require.NoError(t, f.b.Verify(ctx))

			var ae *AnchorError
			require.ErrorAs(t, f.b.Verify(ctx, WithAnchor(seal)), &ae)
			assert.Equal(t, ChainLettering, ae.Chain)
		})
	}
}

func TestVerifyAnchorFindsShorterChain(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			seal, err := f.b.Seal(ctx)
			require.NoError(t, err)
			n := seal.Heads[1].Length
			f.del(t, bLetterChain, seqKey(n))
			var ae *AnchorError
			require.ErrorAs(t, f.b.Verify(ctx, WithAnchor(seal)), &ae)
			assert.Equal(t, ChainLettering, ae.Chain)
			assert.Contains(t, ae.Reason, "records, the seal")

			// A journal's sealed entry gone from the log.
			g := newFixture(t, s)
			seal, err = g.b.Seal(ctx)
			require.NoError(t, err)
			g.del(t, bLog, seqKey(g.gen.Seq))
			require.ErrorAs(t, g.b.Verify(ctx, WithAnchor(seal)), &ae)
			assert.Equal(t, "journal/OD", ae.Chain)
		})
	}
}
