package ledger

// Review of txScratch (tx.go), putGroups (lineindex.go) and appendEntryRec
// (codec.go).
//
// Pass, covering ground the commits' own tests leave: putGroups against
// the grouping it replaced (inGroups, kept here as the reference) on random
// puts with interleaved buckets, group names that are prefixes of one
// another, duplicate keys, empty input, one group and many, more than
// lineBlockMax lines in one group, one putGroups reused across calls of
// different sizes; flushLines and applySorted, through a recording store,
// against the writes the old code made; appendEntryRec on taxes arrays of
// 24 and 256 entries, invalid UTF-8 and text over 65535 bytes.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// reviewInGroups is inGroups as it was before putGroups replaced it: the
// reference the new grouping must agree with.
func reviewInGroups(puts []put, group func(p *put) string) [][]put {
	groups := make(map[string][]put)
	for i := range puts {
		g := group(&puts[i])
		groups[g] = append(groups[g], puts[i])
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	slices.Sort(names)
	out := make([][]put, len(names))
	for i, g := range names {
		out[i] = groups[g]
	}
	return out
}

// reviewLineKey is a line index key: name (account, or partner 0
// account), 0, date, sequence (6 bytes), line index (2 bytes), built here
// without appendLinePos: the sequence and line index are one big-endian
// uint64, seq·2^16 + idx.
func reviewLineKey(name string, date uint32, seq uint64, idx uint32) []byte {
	k := append([]byte(name), 0)
	k = binary.BigEndian.AppendUint32(k, date)
	return binary.BigEndian.AppendUint64(k, seq<<16|uint64(idx))
}

// reviewLinePuts returns n line index puts in posting order: increasing
// sequence, a few lines each, over names that are prefixes of one another
// (4, 41, 411, 411000, 4110000), in both line indexes, a few days.
func reviewLinePuts(rng *rand.Rand, n int, names []string) []put {
	var puts []put
	seq := uint64(1 + rng.IntN(1000))
	for len(puts) < n {
		lines := 1 + rng.IntN(4)
		for i := 0; i < lines && len(puts) < n; i++ {
			b := ixLines
			if rng.IntN(2) == 0 {
				b = ixPLines
			}
			name := names[rng.IntN(len(names))]
			date := uint32(20260101 + rng.IntN(3))
			puts = append(puts, put{b: b, k: reviewLineKey(name, date, seq, uint32(i))})
		}
		seq += 1 + uint64(rng.IntN(3))
	}
	return puts
}

func reviewClonePuts(p []put) []put { return append([]put(nil), p...) }

func TestReviewTodayPutGroupsAsInGroups(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	names := []string{"4", "41", "411", "411000", "4110000", "C1\x00411000", "C1\x00411", "C\x00411000", "706000", "\xff"}
	g := &putGroups{} // reused across every call, as a Book reuses it
	for iter := 0; iter < 400; iter++ {
		var puts []put
		var group func(dst []byte, p *put) []byte
		var ref func(p *put) string
		switch iter % 3 {
		case 0: // line blocks
			n := []int{0, 1, 2, 7, 300, 1000}[rng.IntN(6)]
			puts = reviewLinePuts(rng, n, names[:1+rng.IntN(len(names))])
			group = lineGroupName
			ref = func(p *put) string { return string(p.b) + "\x00" + string(lineGroup(p.k)) }
		default: // a catch-up's writes: buckets interleaved, keys duplicated, out of order
			buckets := [][]byte{[]byte("a"), []byte("ab"), []byte("b"), []byte("ix.agg"), []byte("ix.aggd"), ixNumber, bEntry}
			n := rng.IntN(600)
			for i := 0; i < n; i++ {
				k := []byte(fmt.Sprintf("k%03d", rng.IntN(50)))
				puts = append(puts, put{b: buckets[rng.IntN(len(buckets))], k: k, v: []byte{byte(i), byte(i >> 8)}})
			}
			group = func(dst []byte, p *put) []byte { return append(dst, p.b...) }
			ref = func(p *put) string { return string(p.b) }
		}
		want := reviewInGroups(reviewClonePuts(puts), ref)
		got := reviewClonePuts(puts)
		var calls [][]put
		require.NoError(t, g.each(got, group, func(ps []put) error {
			calls = append(calls, reviewClonePuts(ps))
			return nil
		}))
		require.Equal(t, len(want), len(calls), "iteration %d: groups", iter)
		for i := range want {
			require.Equal(t, want[i], calls[i], "iteration %d, group %d", iter, i)
		}
		require.Equal(t, slices.Concat(want...), got, "iteration %d: puts reordered in place", iter)
	}
}

// reviewRecTx records the puts made through it, in order, and holds
// nothing: reads find nothing.
type reviewRecTx struct{ puts []put }

func (r *reviewRecTx) Get(bucket, key []byte) ([]byte, error) { return nil, store.ErrNotFound }
func (r *reviewRecTx) Put(bucket, key, value []byte) error {
	r.puts = append(r.puts, put{b: bytes.Clone(bucket), k: bytes.Clone(key), v: bytes.Clone(value)})
	return nil
}
func (r *reviewRecTx) Delete(bucket, key []byte) error { return nil }
func (r *reviewRecTx) Scan(bucket, from, to []byte, reverse bool, fn func(key, value []byte) error) error {
	return nil
}

// reviewOldFlushLines is flushLines as it was: the writes it made.
func reviewOldFlushLines(lines []put) []put {
	var out []put
	for _, ls := range reviewInGroups(lines, func(p *put) string { return string(p.b) + "\x00" + string(lineGroup(p.k)) }) {
		if !slices.IsSortedFunc(ls, byKey) {
			slices.SortFunc(ls, byKey)
		}
		for len(ls) > 0 {
			n := min(len(ls), lineBlockMax)
			block := ls[:n]
			_, seq, idx, _ := lineKeyPos(block[0].k)
			var v []byte
			for _, p := range block[1:] {
				_, s, x, _ := lineKeyPos(p.k)
				v = binary.AppendUvarint(binary.AppendUvarint(v, s-seq), uint64(x))
				seq, idx = s, x
			}
			_ = idx
			out = append(out, put{b: block[0].b, k: block[0].k, v: v})
			ls = ls[n:]
		}
	}
	return out
}

// TestReviewTodayFlushesWriteAsBefore: flushLines and applySorted, on a
// transaction whose arrays and putGroups are lent from one flush to the
// next, make exactly the writes, in exactly the order, the old grouping
// made.
func TestReviewTodayFlushesWriteAsBefore(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 11))
	b := &Book{}
	names := []string{"4", "41", "411000", "4110000", "C1\x00411000", "C1\x00411", "512000"}
	for iter := 0; iter < 60; iter++ {
		rec := &reviewRecTx{}
		tx := newTx(b, rec)
		b.scratch.lend(tx)
		n := []int{1, 255, 256, 257, 600, 2000}[rng.IntN(6)]
		lines := reviewLinePuts(rng, n, names[:1+rng.IntN(len(names))])
		if iter%4 == 0 { // one group of many lines
			lines = lines[:0]
			for i := 0; i < n; i++ {
				lines = append(lines, put{b: ixLines, k: reviewLineKey("411000", 20260101, uint64(i+1), 0)})
			}
		}
		want := reviewOldFlushLines(reviewClonePuts(lines))
		tx.lines = append(tx.lines, lines...)
		require.NoError(t, tx.flushLines())
		require.Equal(t, want, rec.puts, "iteration %d: line blocks", iter)
		require.Empty(t, tx.lines)

		rec.puts = nil
		var sorted []put
		for i := 0; i < rng.IntN(500); i++ {
			bk := [][]byte{[]byte("x"), []byte("xy"), bEntry, ixAggDay}[rng.IntN(4)]
			sorted = append(sorted, put{b: bk, k: []byte(fmt.Sprintf("%04d", rng.IntN(300))), v: []byte(strings.Repeat("v", i%5))})
		}
		var wantSorted []put
		for _, ps := range reviewInGroups(reviewClonePuts(sorted), func(p *put) string { return string(p.b) }) {
			if !slices.IsSortedFunc(ps, byKey) {
				slices.SortFunc(ps, byKey)
			}
			wantSorted = append(wantSorted, ps...)
		}
		tx.sorted = append(tx.sorted, sorted...)
		require.NoError(t, tx.applySorted())
		for i := range wantSorted {
			if wantSorted[i].v == nil {
				wantSorted[i].v = []byte{}
			}
		}
		for i := range rec.puts {
			if rec.puts[i].v == nil {
				rec.puts[i].v = []byte{}
			}
		}
		require.Equal(t, wantSorted, rec.puts, "iteration %d: catch-up writes", iter)
		b.scratch.reclaim(tx)
	}
}

// TestReviewTodayAppendEntryRecEdges: the hand-written encoder agrees with
// encMode on what the random records seldom or never hold: arrays of
// taxes with one- and two-byte heads, invalid UTF-8 (which neither
// encoder checks), text and byte strings over 65535 bytes, an entry of
// 70000 lines, negative numbers at each boundary.
func TestReviewTodayAppendEntryRecEdges(t *testing.T) {
	taxes := func(n int) []taxRec {
		ts := make([]taxRec, n)
		for i := range ts {
			ts[i] = taxRec{ID: fmt.Sprint("T", i), Rate: "20", PriceIncluded: i%2 == 0, Exigibility: uint8(i)}
		}
		return ts
	}
	cases := []entryRec{
		{},
		{Lines: []lineRec{}},
		{Journal: "\xff\xfe", Ref: "\xc3", Lines: []lineRec{{Account: "\xc3(", Balance: "\xed\xa0\x80"}}},
		{Lines: []lineRec{{Taxes: taxes(23)}, {Taxes: taxes(24)}}},
		{Lines: []lineRec{{Taxes: taxes(255)}, {Taxes: taxes(256)}}},
		{Lines: make([]lineRec, 70000)},
		{Label: strings.Repeat("z", 65536), Ref: strings.Repeat("é", 40000)},
		{ID: make([]byte, 65536), Input: make([]byte, 70000)},
		{V: -1, Number: -24, PostedAt: -25},
		{Number: -256, PostedAt: -257},
		{Number: -65536, PostedAt: -65537},
		{Number: -(1 << 32), PostedAt: -(1 << 32) - 1},
		{Number: -1 << 63, PostedAt: 1<<63 - 1, Seq: 1<<64 - 1, Date: 1<<32 - 1},
	}
	for i, r := range cases {
		want, err := encMode.Marshal(&r)
		require.NoError(t, err)
		require.Equal(t, want, appendEntryRec(nil, &r), "case %d", i)
	}
}
