package ledger

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// review33Book posts, on a testBook, entries in EUR, JPY, KWD, BHD and a
// unit of account, negative and large, and 300 small entries so that the
// sequences cross 255/256; it returns the hand-computed expectations.
func review33Book(t *testing.T, st store.Store) (*Book, map[string]string) {
	b := testBook(t, st)
	jpy, kwd, bhd := currency.MustLookup("JPY"), currency.MustLookup("KWD"), currency.MustLookup("BHD")
	pts, err := currency.NewUnit("PTS", 4)
	require.NoError(t, err)
	require.NoError(t, b.AddUnit(ctx, pts))
	for _, r := range []struct {
		c    currency.Currency
		rate string
	}{{jpy, "0.01"}, {kwd, "3"}, {bhd, "2.5"}, {pts, "0.5"}} {
		require.NoError(t, b.SetRate(ctx, r.c, journal.MustDate(2026, 1, 1), currency.MustParseRate(r.rate)))
	}
	foreign := func(c currency.Currency, p string, date journal.Date, amount string) journal.Entry {
		a := currency.MustParse(c, amount)
		return journal.Entry{Journal: "VT", Date: date, Type: documentType(a), Currency: c,
			Lines: []journal.Line{{Account: "411000", Partner: p, AmountCurrency: a}, {Account: "706000", AmountCurrency: a.Neg()}}}
	}
	mustPost(t, b, foreign(jpy, "C2", d(2, 3), "123457"))  // 1234.57 EUR
	mustPost(t, b, foreign(jpy, "C2", d(2, 4), "-100001")) // -1000.01 EUR
	mustPost(t, b, foreign(kwd, "C2", d(2, 5), "1.235"))   // 3.71 EUR (3.705)
	mustPost(t, b, foreign(kwd, "C2", d(2, 6), "-0.001"))  // -0.00
	mustPost(t, b, foreign(bhd, "S1", d(2, 7), "10.005"))  // 25.01 (25.0125)
	mustPost(t, b, foreign(pts, "S1", d(2, 8), "1.2345"))  // 0.62 (0.61725)
	mustPost(t, b, foreign(pts, "S1", d(2, 9), "-0.0001")) // -0.00
	// 10^15 EUR, debit and credit, on C1
	mustPost(t, b, sale("C1", d(2, 10), "1000000000000000.00"))
	mustPost(t, b, receipt("C1", d(2, 11), "999999999999999.99"))
	var batch []journal.Entry
	for i := 0; i < 300; i++ {
		batch = append(batch, sale("C1", d(3, 1+i%28), "0.12"))
	}
	res, err := b.PostBatch(ctx, batch, BatchOptions{})
	require.NoError(t, err)
	for _, r := range res {
		require.NoError(t, r.Err)
	}
	return b, nil
}

// PIN (passes on 03dcee0): balances by currency read from the binary
// aggregates match hand-computed sums, in JPY, KWD, BHD and a unit; open
// items of a partner whose sequences cross 255/256 come in (date, seq,
// line) order; a clean book passes Check.
func TestReview33ForeignBalances(t *testing.T) {
	jpy, kwd, bhd := currency.MustLookup("JPY"), currency.MustLookup("KWD"), currency.MustLookup("BHD")
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b, _ := review33Book(t, st)
			pts, err := currency.NewUnit("PTS", 4)
			require.NoError(t, err)
			for _, c := range []struct {
				acct, partner string
				cur           currency.Currency
				at            journal.Date
				amount        string
			}{
				{"411000", "C2", jpy, journal.Date{}, "23456"},
				{"411000", "C2", jpy, d(2, 3), "123457"},
				{"411000", "", jpy, d(2, 28), "23456"},
				{"706000", "", jpy, journal.Date{}, "-23456"},
				{"411000", "C2", kwd, journal.Date{}, "1.234"},
				{"706000", "", kwd, d(2, 5), "-1.235"},
				{"411000", "S1", bhd, journal.Date{}, "10.005"},
				{"411000", "S1", pts, journal.Date{}, "1.2344"},
				{"706000", "", pts, d(2, 8), "-1.2345"},
			} {
				bal, err := b.Balance(ctx, BalanceQuery{Account: c.acct, Partner: c.partner, Currency: c.cur, At: c.at})
				require.NoError(t, err)
				assert.Equal(t, c.amount, bal.AmountCurrency.Plain(), "%+v", c)
			}
			bal, err := b.Balance(ctx, BalanceQuery{Account: "411000", Partner: "C1"})
			require.NoError(t, err)
			assert.Equal(t, "1000000000000036.00", bal.Debit.Plain())
			assert.Equal(t, "999999999999999.99", bal.Credit.Plain())
			assert.Equal(t, "36.01", bal.Balance.Plain())
			bal, err = b.Balance(ctx, BalanceQuery{Account: "411000", Partner: "C1", At: d(2, 28)})
			require.NoError(t, err)
			assert.Equal(t, "0.01", bal.Balance.Plain())
			items, err := b.OpenItems(ctx, "411000", "C1")
			require.NoError(t, err)
			require.Len(t, items, 302)
			for i := 1; i < len(items); i++ {
				p, q := items[i-1], items[i]
				ok := p.Date.Before(q.Date) || p.Date == q.Date && p.Seq < q.Seq
				assert.True(t, ok, "order %d: %v/%d then %v/%d", i, p.Date, p.Seq, q.Date, q.Seq)
			}
			// Lines by partner, From/To, sum 28 days × ... lines on 3/1
			n, sum := 0, currency.Zero(eur)
			for li, err := range b.Lines(ctx, LineFilter{Partner: "C1", From: d(3, 1), To: d(3, 1)}) {
				require.NoError(t, err)
				n++
				sum, _ = sum.Add(li.Line.Balance)
			}
			assert.Equal(t, 11, n) // i%28==0 for i<300: 0,28,...,280 → 11
			assert.Equal(t, "1.32", sum.Plain())
			n = 0
			for _, err := range b.Lines(ctx, LineFilter{Account: "411000", From: d(2, 5), To: d(2, 10)}) {
				require.NoError(t, err)
				n++
			}
			assert.Equal(t, 6, n)
			tb, err := b.TrialBalance(ctx, d(12, 31))
			require.NoError(t, err)
			assert.True(t, tb.Total.Balance.IsZero())
			require.NoError(t, b.Check(ctx))
		})
	}
}

// PIN (passes on 03dcee0): Check reports damage to an aggregate value of every kind, and never
// panics.
func TestReview33AggDamage(t *testing.T) {
	t.Parallel()
	kwd := currency.MustLookup("KWD")
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			keys := []struct {
				bucket, key []byte
			}{
				{ixAgg, periodAggKey("411000", "C2", "KWD", aggMonth, 202602)},
				{ixAgg, periodAggKey("411000", "", "KWD", aggYear, 2026)},
				{ixAggDay, dayAggKey("411000", "", "", d(2, 10).Key())},
				{ixAgg, periodAggKey("411000", "C1", "", aggMonth, 202602)},
			}
			mods := []struct {
				name string
				f    func(v []byte) []byte
			}{
				{"flip last byte", func(v []byte) []byte { v[len(v)-1] ^= 0x01; return v }},
				{"flip continuation bit", func(v []byte) []byte { v[1] ^= 0x80; return v }},
				{"truncate", func(v []byte) []byte { return v[:len(v)-1] }},
				{"tag only", func(v []byte) []byte { return v[:1] }},
				{"empty", func(v []byte) []byte { return []byte{} }},
				{"extra byte", func(v []byte) []byte { return append(v, 0) }},
				{"text wrong amounts", func(v []byte) []byte {
					return encode(aggRec{Debit: "1.00", Credit: "0.00", AmountCurrency: "0.001"})
				}},
				{"text same amounts", func(v []byte) []byte {
					got, err := decodeAgg(v, eur, kwd)
					if err != nil {
						got, _ = decodeAgg(v, eur, currency.Currency{})
					}
					rec := got.rec()
					return encode(rec)
				}},
				{"text garbage", func(v []byte) []byte { return []byte{0xa3, 0x01} }},
				{"binary of wrong currency arity", func(v []byte) []byte {
					if len(v) > 0 && v[0] == aggBinary {
						return append(v, 2)
					}
					return v
				}},
			}
			// One book for every case: each damages one value, asks a
			// book opened afresh (no cache of the damaged one's) for
			// Check, and puts the value back, which the next case's
			// clean Check below proves.
			st := s.Open(t)
			review33Book(t, st)
			for _, k := range keys {
				for _, m := range mods {
					name := fmt.Sprintf("%s %x %s", k.bucket, k.key, m.name)
					clean, err := Open(ctx, st, Options{Clock: fixedClock()})
					require.NoError(t, err)
					require.NoError(t, clean.Check(ctx), "%s: the book before the damage", name)
					var orig []byte
					require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
						v, err := tx.Get(k.bucket, k.key)
						if err != nil {
							return err
						}
						orig = bytes.Clone(v)
						return tx.Put(k.bucket, k.key, m.f(bytes.Clone(v)))
					}), name)
					var cur []byte
					require.NoError(t, st.View(ctx, func(tx store.Tx) error {
						v, err := tx.Get(k.bucket, k.key)
						cur = bytes.Clone(v)
						return err
					}))
					restore := func() {
						require.NoError(t, st.Update(ctx, func(tx store.Tx) error { return tx.Put(k.bucket, k.key, orig) }), name)
					}
					if bytes.Equal(cur, orig) {
						restore()
						continue
					}
					func() {
						defer func() {
							if r := recover(); r != nil {
								t.Errorf("%s: Check panicked: %v", name, r)
							}
						}()
						b, err := Open(ctx, st, Options{Clock: fixedClock()})
						if err == nil {
							err = b.Check(ctx)
						}
						assert.Error(t, err, "%s: %x → %x", name, orig, cur)
					}()
					restore()
				}
			}
		})
	}
}
