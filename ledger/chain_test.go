package ledger

import (
	"bytes"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLockHistoryDeleted is defect 10's first case: deleting the lock-date
// history used to reopen a locked period without a trace.
func TestLockHistoryDeleted(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			require.NoError(t, f.b.SetLockDate(ctx, LockGeneral, d(3, 31), "Q1 closed"))
			_, err := f.b.Post(ctx, sale("C1", d(3, 20), "10.00"))
			require.ErrorIs(t, err, ErrLocked)

			f.del(t, bLock, u64(nil, 2))
			before := dump(t, f.st)
			_, err = f.b.Post(ctx, sale("C1", d(3, 20), "10.00"))
			require.ErrorIs(t, err, ErrIntegrity, "a post into the period the deleted change locked")
			assert.Equal(t, before, dump(t, f.st), "the refused post wrote nothing")
			_, err = f.b.LockHistory(ctx)
			require.ErrorIs(t, err, ErrIntegrity)

			mustFind(t, f.b.Check(ctx), 3, "lock-date change 2", "missing")
			var ve *VerifyError
			require.ErrorAs(t, f.b.Verify(ctx), &ve)
			assert.Equal(t, ChainConfig, ve.Chain)
			assert.Equal(t, "lock-date change 2", ve.Key)
		})
	}
}

// TestConfigChangesVerify is defect 10's other cases: account kinds, fiscal
// years, rates and the company currency could be changed unseen. Verify
// names each.
func TestConfigChangesVerify(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(t *testing.T, f fixture)
		key     string
	}{
		{"account kind", func(t *testing.T, f fixture) {
			edit(t, f, bAccount, []byte("445710"), func(r *accountRec) { r.Kind = uint8(KindOther) })
		}, `account "445710"`},
		{"account added", func(t *testing.T, f fixture) {
			f.put(t, bAccount, []byte("471999"), encode(accountRecOf(NewAccount("471999", "Hidden", KindSuspense))))
		}, `account "471999"`},
		{"fiscal year", func(t *testing.T, f fixture) {
			edit(t, f, bFiscal, u32(nil, f.fy.Start.Key()), func(r *fiscalRec) { r.End = journal.MustDate(2026, 6, 30).Key() })
		}, "fiscal year starting 2026-01-01"},
		{"rate", func(t *testing.T, f fixture) {
			f.put(t, bRate, rateKey(usd, journal.MustDate(2026, 1, 1)), []byte("2"))
		}, "rate of USD on 2026-01-01"},
		{"rate deleted", func(t *testing.T, f fixture) { f.del(t, bRate, rateKey(usd, journal.MustDate(2026, 1, 1))) },
			"rate of USD on 2026-01-01"},
		{"company currency", func(t *testing.T, f fixture) {
			edit(t, f, bMeta, metaKey, func(r *bookRec) { r.Currency = "CHF" })
		}, "book meta record"},
		{"journal", func(t *testing.T, f fixture) {
			edit(t, f, bJournal, []byte("BQ"), func(r *journalRec) { r.UsesOutstanding = false })
		}, `journal "BQ"`},
	}
	for _, s := range stores {
		for _, tt := range tests {
			t.Run(s.Name+"/"+tt.name, func(t *testing.T) {
				f := newFixture(t, s)
				tt.corrupt(t, f)
				var ve *VerifyError
				require.ErrorAs(t, f.b.Verify(ctx), &ve)
				assert.Equal(t, ChainConfig, ve.Chain)
				assert.Equal(t, tt.key, ve.Key)
				mustFind(t, f.b.Check(ctx), 3, tt.key)
			})
		}
	}
}

// TestOperationRecordDeleted is defect 9 at the ledger's level (the
// reconcile retry is in integrity_test.go): an operation record the
// lettering chain holds and the store lacks is an integrity error, never
// "new operation".
func TestOperationRecordDeleted(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			f.del(t, bOp, f.op2[:])
			err := f.b.Update(ctx, func(tx *Tx) error {
				_, _, found, err := tx.Operation(f.op2)
				assert.False(t, found)
				return err
			})
			require.ErrorIs(t, err, ErrIntegrity)
			err = f.b.Update(ctx, func(tx *Tx) error { return tx.recordOperation(f.op2, []byte("op2"), nil) })
			require.ErrorIs(t, err, ErrIntegrity)
			// A new id is new.
			require.NoError(t, f.b.Update(ctx, func(tx *Tx) error {
				_, _, found, err := tx.Operation(journal.NewID())
				assert.False(t, found)
				return err
			}))
			var ve *VerifyError
			require.ErrorAs(t, f.b.Verify(ctx), &ve)
			assert.Equal(t, ChainLettering, ve.Chain)
			assert.Equal(t, "operation record "+f.op2.String(), ve.Key)
		})
	}
}

// TestChainRecordsOnePerTransaction: a transaction appends one record to
// each chain it wrote to, with the last value of each key it wrote, and
// writes nothing to a chain it did not touch.
func TestChainRecordsOnePerTransaction(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			length := func(k chainKind) uint64 {
				var n uint64
				require.NoError(t, st.View(ctx, func(tx store.Tx) error {
					var err error
					n, _, err = chainHead(tx, k)
					return err
				}))
				return n
			}
			cfg, let := length(chainConfig), length(chainLetter)
			mustPost(t, b, sale("C1", d(3, 1), "12.00"))
			assert.Equal(t, cfg, length(chainConfig), "a post chains in its journal only")
			assert.Equal(t, let, length(chainLetter))
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				for i := 0; i < 3; i++ {
					if _, err := tx.nextCounter("c"); err != nil {
						return err
					}
				}
				return tx.recordOperation(journal.NewID(), []byte("fp"), nil)
			}))
			assert.Equal(t, cfg, length(chainConfig))
			assert.Equal(t, let+1, length(chainLetter))
			require.NoError(t, st.View(ctx, func(tx store.Tx) error {
				v, err := tx.Get(bLetterChain, seqKey(let+1))
				require.NoError(t, err)
				rec, _, intact, err := decodeChainValue(v)
				require.NoError(t, err)
				assert.True(t, intact)
				n := 0
				require.NoError(t, eachWrite(rec.Writes, func(w chainWrite) error {
					n++
					return nil
				}))
				assert.Equal(t, 2, n, "the counter bumped three times is one write")
				return nil
			}))
			require.NoError(t, b.AddPartner(ctx, Partner{Code: "C9", Name: "New"}))
			assert.Equal(t, cfg+1, length(chainConfig))
		})
	}
}

// TestChainWriteLinkWrong: a chain record whose link to the previous write
// of a key is wrong (rewritten and re-hashed, the last record of its
// chain) leaves the chain index unexplained; Verify says so.
func TestChainWriteLinkWrong(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			f.raw(t, func(tx store.Tx) error {
				n, _, err := chainHead(tx, chainLetter)
				require.NoError(t, err)
				v, err := tx.Get(bLetterChain, seqKey(n))
				require.NoError(t, err)
				rec, _, _, err := decodeChainValue(v)
				require.NoError(t, err)
				var ws []chainWrite
				cut := false
				require.NoError(t, eachWrite(rec.Writes, func(w chainWrite) error {
					w = chainWrite{Bucket: bytes.Clone(w.Bucket), Key: bytes.Clone(w.Key), Hash: bytes.Clone(w.Hash),
						PrevSeq: w.PrevSeq, PrevHash: bytes.Clone(w.PrevHash)}
					if !cut && w.PrevSeq != 0 {
						w.PrevSeq, w.PrevHash, cut = 0, nil, true
					}
					ws = append(ws, w)
					return nil
				}))
				require.True(t, cut)
				return tx.Put(bLetterChain, seqKey(n), chainValue(&chainRec{Seq: n, Prev: bytes.Clone(rec.Prev), Writes: packWrites(ws)}))
			})
			var ve *VerifyError
			require.ErrorAs(t, f.b.Verify(ctx), &ve)
			assert.Equal(t, ChainLettering, ve.Chain)
			assert.Contains(t, ve.Reason, "link to the previous write")
			mustFind(t, f.b.Check(ctx), 3, "lettering chain", "link to the previous write")
		})
	}
}
