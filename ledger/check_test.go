package ledger

import (
	"bytes"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lettered builds a book with an invoice half paid (a live partial), a
// second invoice fully paid and matched, and a reversal.
type fixture struct {
	st                 *memstore.DB
	b                  *Book
	inv, pay, inv2, p2 journal.Entry
}

func newFixture(t *testing.T) fixture {
	st := memstore.New()
	b := testBook(t, st)
	f := fixture{st: st, b: b}
	f.inv = mustPost(t, b, sale("C1", d(3, 1), "1200.00"))
	f.pay = mustPost(t, b, receipt("C1", d(3, 5), "600.00"))
	f.inv2 = mustPost(t, b, sale("C2", d(3, 2), "120.00"))
	f.p2 = mustPost(t, b, receipt("C2", d(3, 6), "120.00"))
	mistake := mustPost(t, b, receipt("C2", d(3, 7), "1.00"))
	_, err := b.Reverse(ctx, mistake.ID, ReverseOptions{})
	require.NoError(t, err)
	require.NoError(t, b.Update(ctx, func(tx *Tx) error {
		if _, err := tx.PutPartial(journal.Partial{Debit: f.inv.LineRef(0), Credit: f.pay.LineRef(1), Amount: e("600.00"),
			DebitAmountCurrency: e("600.00"), CreditAmountCurrency: e("600.00"), Date: d(3, 5), Kind: journal.KindPayment}); err != nil {
			return err
		}
		p, err := tx.PutPartial(journal.Partial{Debit: f.inv2.LineRef(0), Credit: f.p2.LineRef(1), Amount: e("120.00"),
			DebitAmountCurrency: e("120.00"), CreditAmountCurrency: e("120.00"), Date: d(3, 6), Kind: journal.KindPayment})
		if err != nil {
			return err
		}
		_, err = tx.PutMatch(journal.Match{Code: "AAA", Account: "411000", Partner: "C2",
			Lines: []journal.LineRef{f.inv2.LineRef(0), f.p2.LineRef(1)}, Partials: []journal.ID{p.ID}, Date: d(3, 6)})
		return err
	}))
	require.NoError(t, b.Check(ctx))
	require.NoError(t, b.Verify(ctx))
	return f
}

func (f fixture) raw(t *testing.T, fn func(tx store.Tx) error) {
	require.NoError(t, f.st.Update(ctx, fn))
}

func (f fixture) rewriteEntry(t *testing.T, id journal.ID, edit func(r *entryRec), rehash bool) {
	f.raw(t, func(tx store.Tx) error {
		seq, err := tx.Get(bEntry, id[:])
		require.NoError(t, err)
		v, err := tx.Get(bLog, seq)
		require.NoError(t, err)
		r, err := decodeLogRecord(v[16:])
		require.NoError(t, err)
		edit(&r)
		nv, _ := logValue(id, &r)
		if !rehash {
			copy(nv[16:logHeader], r.Hash) // the old hash, which no longer matches
		}
		return tx.Put(bLog, bytes.Clone(seq), nv)
	})
}

func invariants(err error) []int {
	ce, ok := err.(*CheckError)
	if !ok {
		return nil
	}
	var out []int
	for _, p := range ce.Problems {
		out = append(out, p.Invariant)
	}
	return out
}

func TestCheckFindsCorruption(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(t *testing.T, f fixture)
		want    int
	}{
		{"1 unbalanced entry", func(t *testing.T, f fixture) {
			f.rewriteEntry(t, f.inv.ID, func(r *entryRec) { r.Lines[1].Balance = "-999.00"; r.Lines[1].AmountCurrency = "-999.00" }, true)
		}, 1},
		{"1 non-canonical amount", func(t *testing.T, f fixture) {
			f.rewriteEntry(t, f.inv.ID, func(r *entryRec) { r.Lines[1].Balance = "-1000.0" }, true)
		}, 1},
		{"2 aggregate disagrees", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error {
				return tx.Put(ixAgg, aggKey("706000", "", "", aggMonth, aggPeriod(aggMonth, d(3, 1))), encode(aggRec{Debit: "0.00", Credit: "999.00"}))
			})
		}, 2},
		{"2 day aggregate disagrees", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error {
				return tx.Put(ixAggDay, dayAggKey("706000", "", "", d(3, 1).Key()), encode(aggRec{Debit: "0.00", Credit: "999.00"}))
			})
		}, 2},
		{"2 day aggregate nothing contributes to", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error {
				return tx.Put(ixAggDay, dayAggKey("706000", "C9", "", d(3, 1).Key()), encode(aggRec{Debit: "0.00", Credit: "1.00"}))
			})
		}, 2},
		{"2 index key missing", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error { return tx.Delete(bEntry, f.pay.ID[:]) })
		}, 2},
		{"3 content changed under its hash", func(t *testing.T, f fixture) {
			f.rewriteEntry(t, f.pay.ID, func(r *entryRec) { r.Label = "edited after posting" }, false)
		}, 3},
		{"3 link to another previous hash", func(t *testing.T, f fixture) {
			f.rewriteEntry(t, f.pay.ID, func(r *entryRec) { r.PrevHash = make([]byte, 32) }, true)
		}, 3},
		{"3 journal head is not its last entry", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error { return tx.Put(ixHead, []byte("VT"), make([]byte, 32)) })
		}, 3},
		{"3 reversal does not mirror", func(t *testing.T, f fixture) {
			var revID journal.ID
			f.raw(t, func(tx store.Tx) error {
				return tx.Scan(bReversed, nil, nil, false, func(k, v []byte) error { revID = journal.ID(v); return nil })
			})
			f.rewriteEntry(t, revID, func(r *entryRec) { r.Lines[0].Account = "530000" }, true)
		}, 3},
		{"4 numbering gap", func(t *testing.T, f fixture) {
			f.rewriteEntry(t, f.inv2.ID, func(r *entryRec) { r.Number = 7 }, true)
		}, 4},
		{"4 counter ahead", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error {
				fy, _ := newTx(f.b, tx).FiscalYear(d(1, 1))
				return tx.Put(bCounter, []byte(numberCounter("VT", fy)), u64(nil, 9))
			})
		}, 4},
		{"5 residual disagrees with partials", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error { return newTx(f.b, tx).putResidual(f.inv.LineRef(0), e("700.00"), e("700.00")) })
		}, 5},
		{"5 residual stored on a line no partial touched, wrong", func(t *testing.T, f fixture) {
			r := mustPost(t, f.b, receipt("C1", d(3, 9), "5.00"))
			f.raw(t, func(tx store.Tx) error { return newTx(f.b, tx).putResidual(r.LineRef(1), e("-1.00"), e("-1.00")) })
		}, 5},
		{"5 residual stored for a line of a non-reconcilable account", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error {
				return newTx(f.b, tx).putResidual(f.inv.LineRef(1), e("-1000.00"), e("-1000.00"))
			})
		}, 5},
		{"5 open index missing", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error {
				return tx.Delete(ixOpen, openKey("411000", "C1", f.inv.Date, f.inv.Seq, 0))
			})
		}, 5},
		{"6 partial across accounts", func(t *testing.T, f fixture) {
			p := journal.Partial{ID: journal.NewID(), Debit: f.pay.LineRef(0), Credit: f.inv.LineRef(1),
				Amount: e("1.00"), DebitAmountCurrency: e("1.00"), CreditAmountCurrency: e("1.00"), Date: d(3, 5)}
			f.raw(t, func(tx store.Tx) error { return tx.Put(bPartial, p.ID[:], encode(partialRecOf(&p))) })
		}, 6},
		{"7 match over an open line", func(t *testing.T, f fixture) {
			m := journal.Match{ID: journal.NewID(), Code: "AAB", Account: "411000", Partner: "C1",
				Lines: []journal.LineRef{f.inv.LineRef(0)}, Date: d(3, 5)}
			f.raw(t, func(tx store.Tx) error {
				if err := tx.Put(ixCode, codeKey("411000", "C1", "AAB"), m.ID[:]); err != nil {
					return err
				}
				return tx.Put(bMatch, m.ID[:], encode(matchRecOf(&m)))
			})
		}, 7},
		{"7 duplicate code", func(t *testing.T, f fixture) {
			m := journal.Match{ID: journal.NewID(), Code: "AAA", Account: "411000", Partner: "C2",
				Lines: []journal.LineRef{f.inv2.LineRef(0)}, Date: d(3, 5), UndoneBy: journal.NewID()}
			f.raw(t, func(tx store.Tx) error { return tx.Put(bMatch, m.ID[:], encode(matchRecOf(&m))) })
		}, 7},
		{"8 generated entry without origin", func(t *testing.T, f fixture) {
			x := receipt("C1", d(3, 9), "5.00")
			x.Origin = journal.NewID()
			f.b.strict = false
			require.NoError(t, f.b.Update(ctx, func(tx *Tx) error { _, _, err := tx.Post(x); return err }))
		}, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			tt.corrupt(t, f)
			err := f.b.Check(ctx)
			require.Error(t, err)
			assert.Contains(t, invariants(err), tt.want, err.Error())
		})
	}
}

func TestTamperOneByte(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			first := mustPost(t, b, sale("C1", d(3, 1), "1200.00"))
			target := mustPost(t, b, receipt("C1", d(3, 5), "600.00"))
			mustPost(t, b, receipt("C1", d(3, 6), "600.00"))
			_ = first
			// Flip one byte of the stored label of the second receipt entry's
			// journal: the bytes of "512000" become "512001".
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
				v, err := tx.Get(bLog, seqKey(target.Seq))
				require.NoError(t, err)
				v = bytes.Clone(v)
				i := bytes.Index(v, []byte("512000"))
				require.Positive(t, i)
				v[i+5] = '1'
				return tx.Put(bLog, seqKey(target.Seq), v)
			}))
			err := b.Verify(ctx)
			var ve *VerifyError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "BQD", ve.Journal)
			assert.Equal(t, target.ID.String(), ve.Entry)
			assert.Equal(t, "BQD/2026/00001", ve.Number)
			assert.Contains(t, invariants(b.Check(ctx)), 3)
		})
	}
}
