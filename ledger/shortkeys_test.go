package ledger

import (
	"bytes"
	stdcmp "cmp"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The sequences and line indexes at the edges of a line position.
var (
	edgeSeqs = []uint64{0, 1, 255, 256, 1<<16 - 1, 1 << 16, 1<<32 - 1, 1 << 32, BookEntriesMax, linePosSeqMax - 1, linePosSeqMax}
	edgeIdxs = []int{0, 1, 255, 256, journal.EntryLinesMax - 1, linePosIdxMax}
)

// Every key that ends with a line position gives back the sequence and
// line index it was built with, at the edges of both.
func TestLinePosRoundTrip(t *testing.T) {
	x := sale("C1", d(3, 1), "12.00")
	for _, seq := range edgeSeqs {
		for _, idx := range edgeIdxs {
			name := fmt.Sprintf("seq %d line %d", seq, idx)
			pos := appendLinePos(nil, seq, idx)
			require.Len(t, pos, linePosSize, name)
			s, i := linePos(pos)
			require.Equal(t, [2]uint64{seq, uint64(idx)}, [2]uint64{s, uint64(i)}, name)

			for _, k := range [][]byte{lineKey("411000", x.Date, seq, idx), partnerLineKey("C1", "411000", x.Date, seq, idx)} {
				date, s, i, err := lineKeyPos(k)
				require.NoError(t, err, name)
				assert.Equal(t, x.Date.Key(), date, name)
				assert.Equal(t, [2]uint64{seq, uint64(idx)}, [2]uint64{s, uint64(i)}, name)
			}
			assert.Len(t, lineKey("411000", x.Date, seq, idx), len("411000")+1+4+6+2, name)

			k := openKey("411000", "C1", x.Date, seq, idx)
			assert.Len(t, k, len("411000\x00C1\x00")+4+6+2, name)
			s, i, ok := openKeyPos(k)
			require.True(t, ok, name)
			assert.Equal(t, [2]uint64{seq, uint64(idx)}, [2]uint64{s, uint64(i)}, name)
			p, err := openKeyPartner(k, len("411000\x00"))
			require.NoError(t, err, name)
			assert.Equal(t, "C1", string(p), name)

			if idx < len(x.Lines) {
				y := x.Clone()
				y.Seq = seq
				s, i, ok := lineStateAt(lineStateKey(&y, idx))
				require.True(t, ok, name)
				assert.Equal(t, [2]uint64{seq, uint64(idx)}, [2]uint64{s, uint64(i)}, name)
			}
		}
	}
	// A block of a line index steps from its first line to the next: the
	// steps reach the last sequence, not past it.
	k := lineKey("411000", x.Date, linePosSeqMax-1, 9_999)
	var got [][2]uint64
	require.NoError(t, expandLineBlock(k, []byte{1, 0}, func(lk []byte) error {
		_, s, i, err := lineKeyPos(lk)
		got = append(got, [2]uint64{s, uint64(i)})
		return err
	}))
	assert.Equal(t, [][2]uint64{{linePosSeqMax - 1, 9_999}, {linePosSeqMax, 0}}, got)
	assert.ErrorIs(t, expandLineBlock(k, []byte{2, 0}, func([]byte) error { return nil }), ErrFormat, "a step past the last sequence")
	assert.ErrorIs(t, expandLineBlock(k, []byte{1, 0x80, 0x80, 0x04}, func([]byte) error { return nil }), ErrFormat, "a line index past two bytes")

	// A position out of range is a bug, never a key naming another line.
	for _, bad := range []struct {
		seq uint64
		idx int
	}{{linePosSeqMax + 1, 0}, {math.MaxUint64, 0}, {1, linePosIdxMax + 1}, {1, -1}} {
		assert.Panics(t, func() { appendLinePos(nil, bad.seq, bad.idx) }, "seq %d line %d", bad.seq, bad.idx)
	}
}

// The byte order of keys ending with a line position is the order of
// (date, sequence, line index), in memory and as each store scans them.
func TestLinePosOrder(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 48))
	type pos struct {
		date     journal.Date
		seq      uint64
		idx      int
		lk, open []byte
	}
	dates := []journal.Date{journal.MustDate(1, 1, 1), d(3, 1), d(3, 2), journal.MustDate(9999, 12, 31)}
	seen := map[string]bool{}
	var all []pos
	add := func(date journal.Date, seq uint64, idx int) {
		p := pos{date: date, seq: seq, idx: idx, lk: lineKey("411000", date, seq, idx), open: openKey("411000", "C1", date, seq, idx)}
		if !seen[string(p.lk)] {
			seen[string(p.lk)] = true
			all = append(all, p)
		}
	}
	for _, date := range dates {
		for _, seq := range edgeSeqs {
			for _, idx := range edgeIdxs {
				add(date, seq, idx)
			}
		}
	}
	for range 500 {
		add(dates[rng.IntN(len(dates))], rng.Uint64N(linePosSeqMax+1), rng.IntN(linePosIdxMax+1))
	}
	byPos := func(a, b pos) int {
		return stdcmp.Or(stdcmp.Compare(a.date.Key(), b.date.Key()), stdcmp.Compare(a.seq, b.seq), stdcmp.Compare(a.idx, b.idx))
	}
	want := slices.Clone(all)
	slices.SortFunc(want, byPos)
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })

	got := slices.Clone(all)
	slices.SortFunc(got, func(a, b pos) int { return bytes.Compare(a.lk, b.lk) })
	require.Equal(t, want, got, "line keys")
	slices.SortFunc(got, func(a, b pos) int { return bytes.Compare(a.open, b.open) })
	require.Equal(t, want, got, "open-item keys")

	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
				for _, p := range all {
					if err := tx.Put(ixOpen, bytes.Clone(p.open), nil); err != nil {
						return err
					}
				}
				return nil
			}))
			var scanned [][3]uint64
			require.NoError(t, st.View(ctx, func(tx store.Tx) error {
				return tx.Scan(ixOpen, nil, nil, false, func(k, _ []byte) error {
					seq, idx, ok := openKeyPos(k)
					require.True(t, ok)
					date := uint64(k[len(k)-openKeyTail])<<24 | uint64(k[len(k)-openKeyTail+1])<<16 | uint64(k[len(k)-openKeyTail+2])<<8 | uint64(k[len(k)-openKeyTail+3])
					scanned = append(scanned, [3]uint64{date, seq, uint64(idx)})
					return nil
				})
			}))
			require.Len(t, scanned, len(want))
			for i, p := range want {
				require.Equal(t, [3]uint64{uint64(p.date.Key()), p.seq, uint64(p.idx)}, scanned[i], "key %d", i)
			}
		})
	}
}

// The posting sequence stops at BookEntriesMax, far below the last one a
// line position holds (2^48 − 1): a book whose counter was pushed towards
// that limit through the store refuses to post, with ErrBookFull, and
// writes nothing; so does the numbering every posting path goes through.
func TestSeqLimit(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			for _, at := range []uint64{BookEntriesMax, linePosSeqMax - 1, linePosSeqMax} {
				st := s.Open(t)
				b := testBook(t, st)
				b.strict = false
				first := mustPost(t, b, sale("C1", d(3, 1), "12.00"))
				// The counter and the log's last key agree, as a post
				// checks before it writes.
				require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
					v, err := tx.Get(bLog, seqKey(first.Seq))
					if err != nil {
						return err
					}
					if err := tx.Put(bLog, seqKey(at), bytes.Clone(v)); err != nil {
						return err
					}
					return tx.Put(bCounter, []byte(ctrSeq), u64(nil, at))
				}))
				before := dump(t, st)
				_, err := b.Post(ctx, sale("C1", d(3, 1), "12.00"))
				assert.ErrorIs(t, err, ErrBookFull, "counter at %d", at)
				res, err := b.PostBatch(ctx, []journal.Entry{sale("C1", d(3, 1), "12.00"), receipt("C1", d(3, 2), "12.00")}, BatchOptions{})
				require.NoError(t, err)
				for _, r := range res {
					assert.ErrorIs(t, r.Err, ErrBookFull, "counter at %d", at)
				}
				err = b.Update(ctx, func(tx *Tx) error {
					fy, err := tx.FiscalYear(d(3, 1))
					if err != nil {
						return err
					}
					x := sale("C1", d(3, 1), "12.00")
					return tx.number(&x, fy)
				})
				assert.ErrorIs(t, err, ErrBookFull, "numbering past the counter at %d", at)
				assert.Equal(t, before, dump(t, st), "counter at %d", at)
			}
		})
	}
	// A log record past either bound does not decode: no key is built
	// from it.
	for _, r := range []entryRec{{V: formatVersion, Seq: BookEntriesMax + 1}, {V: formatVersion, Seq: 1, Lines: make([]lineRec, journal.EntryLinesMax+1)}} {
		_, err := r.entryWith(eur, func(string) (currency.Currency, error) { return eur, nil })
		assert.ErrorIs(t, err, ErrFormat, "sequence %d, %d lines", r.Seq, len(r.Lines))
	}
}

// aggValue is the value the book stores for an aggregate of debit and
// credit in EUR and, when given, an amount in its currency.
func aggValue(debit, credit string, amount ...currency.Amount) []byte {
	a := aggDelta{debit: e(debit), credit: e(credit)}
	if len(amount) > 0 {
		a.amountCurrency = amount[0]
	}
	return appendAggValue(nil, &a)
}

// Aggregate values round-trip in the binary form while every amount fits
// an int64 of minor units of its currency, and keep the text form past
// that, losing no digit either way.
func TestAggValueRoundTrip(t *testing.T) {
	jpy, kwd := currency.MustLookup("JPY"), currency.MustLookup("KWD")
	maxEUR := "92233720368547758.07" // math.MaxInt64 cents
	tests := []struct {
		name           string
		debit, credit  string
		amount         currency.Amount // unset: an aggregate of all currencies
		binary         bool
		size           int // of the binary form
		wantFirstBytes []byte
	}{
		{"zero", "0.00", "0.00", currency.Amount{}, true, 3, []byte{aggBinary, 0, 0}},
		{"one cent", "0.01", "0.00", currency.Amount{}, true, 3, []byte{aggBinary, 1, 0}},
		{"a realistic month", "1065.80", "2505508436.62", currency.Amount{}, true, 1 + 3 + 6, nil},
		{"int64 cents", maxEUR, maxEUR, currency.Amount{}, true, 1 + 9 + 9, nil},
		{"one cent past int64", "92233720368547758.08", "0.00", currency.Amount{}, false, 0, nil},
		{"far past int64", "0.00", "99999999999999999999999999999999.99", currency.Amount{}, false, 0, nil},
		{"zero in USD", "0.00", "0.00", u("0.00"), true, 4, []byte{aggBinary, 0, 0, 0}},
		{"credit in USD", "0.00", "120.00", u("-100.00"), true, 1 + 1 + 2 + 3, nil},
		{"USD past int64", "1.00", "0.00", u("-92233720368547758.09"), false, 0, nil},
		{"USD at int64's least", "1.00", "0.00", u("-92233720368547758.08"), false, 0, nil}, // MinorUnits gives no MinInt64
		{"USD at −int64's most", "1.00", "0.00", u("-92233720368547758.07"), true, 1 + 1 + 1 + 10, nil},
		{"JPY, no decimals", "4521.37", "0.00", currency.MustParse(jpy, "-123456789"), true, 0, nil},
		{"JPY past int64", "0.00", "0.00", currency.MustParse(jpy, "9223372036854775808"), false, 0, nil},
		{"KWD, three decimals", "0.00", "3.75", currency.MustParse(kwd, "1.235"), true, 0, nil},
		{"KWD, a thousandth", "0.00", "0.01", currency.MustParse(kwd, "-0.001"), true, 4, []byte{aggBinary, 0, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := aggDelta{debit: e(tt.debit), credit: e(tt.credit), amountCurrency: tt.amount}
			v := appendAggValue(nil, &want)
			if tt.binary {
				require.Equal(t, aggBinary, v[0], "%x", v)
				if tt.size > 0 {
					assert.Len(t, v, tt.size, "%x", v)
				}
				if tt.wantFirstBytes != nil {
					assert.Equal(t, tt.wantFirstBytes, v)
				}
			} else {
				require.True(t, v[0] >= 0xa0 && v[0] <= 0xbf, "the text form is a CBOR map: %x", v)
				rec := want.rec()
				assert.Equal(t, encode(rec), v, "the text form is aggRec's encoding")
			}
			got, err := decodeAgg(v, eur, tt.amount.Currency())
			require.NoError(t, err)
			assert.True(t, got.debit.Equal(want.debit), "debit %s", got.debit)
			assert.True(t, got.credit.Equal(want.credit), "credit %s", got.credit)
			assert.Equal(t, want.amountCurrency.IsSet(), got.amountCurrency.IsSet())
			assert.True(t, got.amountCurrency.Equal(want.amountCurrency), "amount %s", amountText(got.amountCurrency))
			assert.Equal(t, v, appendAggValue(nil, &got), "what is read is written back alike")
		})
	}
	// The text form of an older writer (every record before binary values)
	// still reads.
	old := encode(aggRec{Debit: "1065.80", Credit: "0.00", AmountCurrency: "-12.5"})
	got, err := decodeAgg(old, eur, usd)
	require.NoError(t, err)
	assert.Equal(t, "1065.80 0.00 -12.50", got.debit.Plain()+" "+got.credit.Plain()+" "+got.amountCurrency.Plain())

	// Anything else in the binary form is a format error, never a guess.
	for _, bad := range []struct {
		name string
		v    []byte
		cur  currency.Currency
	}{
		{"tag alone", []byte{aggBinary}, currency.Currency{}},
		{"no credit", []byte{aggBinary, 1}, currency.Currency{}},
		{"varint cut short", []byte{aggBinary, 0x80}, currency.Currency{}},
		{"byte left over", []byte{aggBinary, 1, 2, 3}, currency.Currency{}},
		{"currency amount missing", []byte{aggBinary, 1, 2}, usd},
		{"currency amount cut short", []byte{aggBinary, 1, 2, 0x81}, usd},
		{"debit past int64", append([]byte{aggBinary}, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0), currency.Currency{}},
		{"credit past int64", append([]byte{aggBinary, 0}, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), currency.Currency{}},
		{"varint past 64 bits", append([]byte{aggBinary}, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0), currency.Currency{}},
	} {
		_, err := decodeAgg(bad.v, eur, bad.cur)
		assert.ErrorIs(t, err, ErrFormat, bad.name)
	}
}

// On every store, aggregates are stored in the binary form — JPY's and
// KWD's in their own minor units —, one past an int64 of cents in the
// text form; balances read them back exactly, and Check agrees.
func TestAggValuesStored(t *testing.T) {
	jpy, kwd := currency.MustLookup("JPY"), currency.MustLookup("KWD")
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			require.NoError(t, b.SetRate(ctx, jpy, journal.MustDate(2026, 1, 1), currency.MustParseRate("0.01")))
			require.NoError(t, b.SetRate(ctx, kwd, journal.MustDate(2026, 1, 1), currency.MustParseRate("3")))
			foreign := func(c currency.Currency, amount string) journal.Entry {
				a := currency.MustParse(c, amount)
				return journal.Entry{Journal: "VT", Date: d(3, 4), Type: documentType(a), Currency: c,
					Lines: []journal.Line{{Account: "411000", Partner: "C2", AmountCurrency: a}, {Account: "706000", AmountCurrency: a.Neg()}}}
			}
			mustPost(t, b, foreign(jpy, "123457"))
			mustPost(t, b, foreign(jpy, "-7"))
			mustPost(t, b, foreign(kwd, "1.235"))
			mustPost(t, b, foreign(kwd, "0.001"))
			// Ten lines of the most a line holds, on one day of one
			// account: 10^19 − 10 cents, past an int64.
			big := journal.Entry{Journal: "OD", Date: d(3, 5), Type: journal.TypeMisc}
			for range 10 {
				big.Lines = append(big.Lines, journal.Line{Account: "512000", Balance: currency.FromMinor(eur, journal.AmountMinorUnitsMax)},
					journal.Line{Account: "101000", Balance: currency.FromMinor(eur, -journal.AmountMinorUnitsMax)})
			}
			mustPost(t, b, big)

			stored := func(bucket, k []byte) []byte {
				var v []byte
				require.NoError(t, st.View(ctx, func(tx store.Tx) error {
					got, err := tx.Get(bucket, k)
					v = bytes.Clone(got)
					return err
				}))
				return v
			}
			for _, c := range []struct {
				cur    currency.Currency
				amount string
			}{{jpy, "123450"}, {kwd, "1.236"}} {
				v := stored(ixAgg, periodAggKey("411000", "C2", c.cur.Code(), aggMonth, 202603))
				require.Equal(t, aggBinary, v[0], "%s: %x", c.cur, v)
				got, err := decodeAgg(v, eur, c.cur)
				require.NoError(t, err)
				assert.Equal(t, v, appendAggValue(nil, &got))
				assert.Equal(t, c.amount, got.amountCurrency.Plain(), c.cur.Code())
				// The amount ends the value, in its currency's minor units.
				n, _ := currency.MustParse(c.cur, c.amount).MinorUnits()
				assert.True(t, bytes.HasSuffix(v, binary.AppendVarint(nil, n)), "%s: %x", c.cur, v)
				bal, err := b.Balance(ctx, BalanceQuery{Account: "411000", Partner: "C2", Currency: c.cur})
				require.NoError(t, err)
				assert.Equal(t, c.amount, bal.AmountCurrency.Plain(), c.cur.Code())
				assert.True(t, bal.Debit.Equal(got.debit) && bal.Credit.Equal(got.credit), c.cur.Code())
				bal, err = b.Balance(ctx, BalanceQuery{Account: "706000", Currency: c.cur, At: d(3, 4)})
				require.NoError(t, err)
				assert.Equal(t, "-"+c.amount, bal.AmountCurrency.Plain(), c.cur.Code())
			}
			for _, k := range []struct {
				bucket, key []byte
			}{
				{ixAgg, periodAggKey("512000", "", "", aggYear, 2026)},
				{ixAgg, periodAggKey("512000", "", "", aggMonth, 202603)},
				{ixAggDay, dayAggKey("512000", "", "", d(3, 5).Key())},
			} {
				v := stored(k.bucket, k.key)
				require.True(t, v[0] >= 0xa0 && v[0] <= 0xbf, "text form past an int64: %x", v)
			}
			bal, err := b.Balance(ctx, BalanceQuery{Account: "512000"})
			require.NoError(t, err)
			assert.Equal(t, "99999999999999999.90", bal.Debit.Plain())
			bal, err = b.Balance(ctx, BalanceQuery{Account: "512000", At: d(3, 5)})
			require.NoError(t, err)
			assert.Equal(t, "99999999999999999.90", bal.Balance.Plain())
			before := checkLookupRuns.Load()
			require.NoError(t, b.Check(ctx))
			assert.Equal(t, before, checkLookupRuns.Load(), "a sound book matches its digests")
		})
	}
}
