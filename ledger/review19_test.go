package ledger

// Review of the line blocks, number runs and lagging batches (review 19).
//
// FAIL (defects): TestReview19CloseYearSeesLaggingSuspense,
// TestReview19UpdateBalanceSeesLag. The others pass and cover new ground:
// TestReview19Random (model of posts, small and pipelined batches with
// replays, conflicts, reversals and refusals, reopen, AllOrNothing, against
// Lines paged and in a transaction, EntryByNumber, Check, Verify),
// TestReview19BigEntryBlocks, TestReview19OpenItemsAtLagging,
// TestReview19FullLagBoltReopen, TestReview19CheckStreamsLaggingBlocks,
// TestReview19CheckDamagedBlocksAndRuns, TestReview19LinesWhilePosting;
// reconcile/review19_test.go: TestReview19LetterLaggingBatches.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// r19Model is what the book should hold: every posted entry as stored.
type r19Model struct {
	posted   map[journal.ID]journal.Entry // as the book returned them
	inputs   map[journal.ID]journal.Entry // the caller's inputs, for replays and reversals
	order    []journal.ID
	reversed map[journal.ID]bool
}

func newR19Model() *r19Model {
	return &r19Model{posted: map[journal.ID]journal.Entry{}, inputs: map[journal.ID]journal.Entry{}, reversed: map[journal.ID]bool{}}
}

// r19Days are few, so that an (account, day) gathers blocks of many lines.
var r19Days = []journal.Date{
	journal.MustDate(2026, 3, 1), journal.MustDate(2026, 3, 2), journal.MustDate(2026, 3, 2),
	journal.MustDate(2026, 3, 2), journal.MustDate(2026, 7, 14), journal.MustDate(2027, 1, 5),
	journal.MustDate(2027, 1, 5), journal.MustDate(2027, 2, 1),
}

// r19Entry is a new valid entry with a caller id (or none when anon).
func r19Entry(rng *rand.Rand, anon bool) journal.Entry {
	date := r19Days[rng.IntN(len(r19Days))]
	p := []string{"C1", "C2", "S1"}[rng.IntN(3)]
	cents := int64(100 + rng.IntN(100000))
	var x journal.Entry
	switch rng.IntN(5) {
	case 0:
		x = receipt("C1", date, currency.FromMinor(eur, cents).Plain())
	case 1: // one account twice in one entry: lines of one block with a step of 0
		x = journal.Entry{Journal: "OD", Date: date, Label: "frais", Lines: []journal.Line{
			{Account: "627000", Balance: currency.FromMinor(eur, cents)},
			{Account: "627000", Balance: currency.FromMinor(eur, cents+1)},
			{Account: "512000", Balance: currency.FromMinor(eur, -2*cents-1)},
		}}
	case 2:
		x = journal.Entry{Journal: "AC", Date: date, Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "607000", Balance: currency.FromMinor(eur, cents)},
			{Account: "401000", Partner: "S1", Balance: currency.FromMinor(eur, -cents)},
		}}
	default:
		if p == "S1" {
			p = "C1"
		}
		x = sale(p, date, currency.FromMinor(eur, cents*6).Plain())
	}
	if !anon {
		x.ID = journal.NewID()
	}
	return x
}

// r19Kind is what a batch input is expected to give.
type r19Kind int

const (
	r19New r19Kind = iota
	r19Replay
	r19Conflict
	r19Refused
)

type r19Input struct {
	in   journal.Entry
	kind r19Kind
	of   journal.ID // the replayed entry
}

// r19Inputs makes n inputs: new entries, replays and conflicts of earlier
// entries (lagging or not) and of entries of the same batch, reversals of
// earlier entries and of entries of the batch, refused entries.
func (m *r19Model) r19Inputs(rng *rand.Rand, n int) []r19Input {
	var out []r19Input
	var fresh []journal.ID // ids new in this batch, in order
	reversedHere := map[journal.ID]bool{}
	pickOld := func() (journal.ID, bool) {
		if len(m.order) == 0 {
			return journal.NoID, false
		}
		// Mostly recent entries: those still lagging.
		i := len(m.order) - 1 - rng.IntN(min(len(m.order), 700))
		if rng.IntN(4) == 0 {
			i = rng.IntN(len(m.order))
		}
		return m.order[i], true
	}
	for len(out) < n {
		switch r := rng.IntN(100); {
		case r < 6: // replay of an earlier entry
			if id, ok := pickOld(); ok {
				if _, ok := m.inputs[id]; ok {
					out = append(out, r19Input{in: m.inputs[id], kind: r19Replay, of: id})
					continue
				}
			}
		case r < 9: // replay of an entry of this batch
			if len(fresh) > 0 {
				id := fresh[rng.IntN(len(fresh))]
				for _, x := range out {
					if x.in.ID == id && x.kind == r19New {
						out = append(out, r19Input{in: x.in, kind: r19Replay, of: id})
						break
					}
				}
				continue
			}
		case r < 11: // conflict
			if id, ok := pickOld(); ok {
				if in, ok := m.inputs[id]; ok {
					in.Label = "autre chose"
					out = append(out, r19Input{in: in, kind: r19Conflict, of: id})
					continue
				}
			}
		case r < 14: // reversal of an earlier entry, or of one of this batch
			var id journal.ID
			var orig journal.Entry
			if len(fresh) > 0 && rng.IntN(2) == 0 {
				id = fresh[rng.IntN(len(fresh))]
				for _, x := range out {
					if x.in.ID == id && x.kind == r19New {
						orig = x.in
					}
				}
			} else if old, ok := pickOld(); ok {
				id = old
				orig = m.inputs[id]
			}
			if id == journal.NoID || orig.ID == journal.NoID || orig.ReversalOf != journal.NoID || m.reversed[id] || reversedHere[id] {
				continue
			}
			reversedHere[id] = true
			rev := orig.Reversal(journal.NewID(), orig.Date)
			out = append(out, r19Input{in: rev, kind: r19New})
			fresh = append(fresh, rev.ID)
			continue
		case r < 16: // refused
			x := r19Entry(rng, false)
			x.Lines[0].Balance = x.Lines[0].Balance.Neg()
			out = append(out, r19Input{in: x, kind: r19Refused})
			continue
		}
		x := r19Entry(rng, rng.IntN(5) == 0)
		out = append(out, r19Input{in: x, kind: r19New})
		if x.ID != journal.NoID {
			fresh = append(fresh, x.ID)
		}
	}
	return out
}

// record checks a batch's results against what each input should give
// and adds the new entries to the model.
func (m *r19Model) record(t *testing.T, ins []r19Input, res []PostResult) {
	t.Helper()
	require.Len(t, res, len(ins))
	for i, x := range ins {
		r := res[i]
		switch x.kind {
		case r19New:
			require.NoError(t, r.Err, "input %d", i)
			require.False(t, r.Replay, "input %d", i)
			m.add(x.in, r.Entry)
		case r19Replay:
			require.NoError(t, r.Err, "input %d: replay of %s", i, x.of)
			require.True(t, r.Replay, "input %d: replay of %s", i, x.of)
			want := m.posted[x.of]
			require.Equal(t, want, r.Entry, "input %d: replay of %s", i, want.Name())
		case r19Conflict:
			require.ErrorIs(t, r.Err, ErrIdempotencyConflict, "input %d", i)
		case r19Refused:
			require.Error(t, r.Err, "input %d", i)
		}
	}
}

func (m *r19Model) clone() *r19Model {
	c := newR19Model()
	maps.Copy(c.posted, m.posted)
	maps.Copy(c.inputs, m.inputs)
	maps.Copy(c.reversed, m.reversed)
	c.order = slices.Clone(m.order)
	return c
}

func (m *r19Model) add(in, e journal.Entry) {
	if in.ID == journal.NoID {
		in.ID = e.ID
	} else {
		m.inputs[e.ID] = in
	}
	m.posted[e.ID] = e
	m.order = append(m.order, e.ID)
	if e.ReversalOf != journal.NoID {
		m.reversed[e.ReversalOf] = true
	}
}

// r19Line is a line as a listing orders it.
type r19Line struct {
	account string
	date    journal.Date
	seq     uint64
	idx     int
}

func (l r19Line) String() string { return fmt.Sprintf("%s %s %d#%d", l.account, l.date, l.seq, l.idx) }

// lines returns the model's lines matching f, in the listing's order.
func (m *r19Model) lines(f LineFilter) []r19Line {
	out := []r19Line{}
	for _, e := range m.posted {
		for i, l := range e.Lines {
			if f.Account != "" && l.Account != f.Account || f.Partner != "" && l.Partner != f.Partner {
				continue
			}
			if !f.From.IsZero() && e.Date.Before(f.From) || !f.To.IsZero() && e.Date.After(f.To) {
				continue
			}
			out = append(out, r19Line{l.Account, e.Date, e.Seq, i})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if f.Account == "" && a.account != b.account {
			return a.account < b.account
		}
		if a.date != b.date {
			return a.date.Before(b.date)
		}
		if a.seq != b.seq {
			return a.seq < b.seq
		}
		return a.idx < b.idx
	})
	return out
}

// requireLines compares listings, naming the first difference.
func requireLines(t *testing.T, want, got []r19Line, msg string, args ...any) {
	t.Helper()
	for i := 0; i < min(len(want), len(got)); i++ {
		if want[i] != got[i] {
			t.Fatalf("%s: line %d of %d/%d: want %v, got %v (got before: %v)", fmt.Sprintf(msg, args...), i, len(want), len(got), want[i], got[i], got[max(0, i-2):i])
		}
	}
	if len(want) != len(got) {
		t.Fatalf("%s: %d lines, want %d", fmt.Sprintf(msg, args...), len(got), len(want))
	}
}

func r19Items(items []LineItem) []r19Line {
	out := make([]r19Line, len(items))
	for i, it := range items {
		out[i] = r19Line{it.Line.Account, it.Date, it.Seq, it.Ref.Index}
	}
	return out
}

func bookLines(t *testing.T, b *Book, f LineFilter) []LineItem {
	t.Helper()
	var out []LineItem
	for it, err := range b.Lines(ctx, f) {
		require.NoError(t, err)
		out = append(out, it)
	}
	return out
}

var r19Filters = []LineFilter{
	{Account: "411000"}, {Account: "627000"}, {Account: "512000"}, {Account: "706000"}, {Account: "401000"},
	{Partner: "C1"}, {Partner: "S1"}, {Partner: "C2", Account: "411000"},
	{Account: "411000", From: journal.MustDate(2026, 3, 2)},
	{Account: "411000", From: journal.MustDate(2026, 3, 2), To: journal.MustDate(2026, 3, 2)},
	{Account: "627000", From: journal.MustDate(2026, 3, 2), To: journal.MustDate(2027, 1, 5)},
	{Partner: "C1", From: journal.MustDate(2026, 3, 2), To: journal.MustDate(2027, 1, 5)},
}

// verify compares the book with the model: Lines (paged and in a
// transaction), EntryByNumber of every entry, Check and Verify.
func (m *r19Model) verify(t *testing.T, b *Book) {
	t.Helper()
	for _, f := range r19Filters {
		want := m.lines(f)
		got := r19Items(bookLines(t, b, f))
		requireLines(t, want, got, "Book.Lines %+v", f)
		require.NoError(t, b.View(ctx, func(tx *Tx) error {
			items, err := tx.Lines(f)
			if err != nil {
				return err
			}
			requireLines(t, want, r19Items(items), "Tx.Lines %+v", f)
			return nil
		}))
	}
	for _, id := range m.order {
		e := m.posted[id]
		got, err := b.EntryByNumber(ctx, e.Name())
		require.NoError(t, err, "EntryByNumber %s", e.Name())
		require.Equal(t, e, got, "EntryByNumber %s", e.Name())
	}
	runs := checkLookupRuns.Load()
	require.NoError(t, b.Check(ctx))
	require.Equal(t, runs, checkLookupRuns.Load(), "a sound book matched its digests")
	require.NoError(t, b.Verify(ctx))
}

// TestReview19Random posts single entries, small and large batches (with
// replays, conflicts, reversals and refusals), reopens the book, letters
// nothing, and compares every listing and number with a model.
func TestReview19Random(t *testing.T) {
	defer lowerBatchIndexLag(t, 1800)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			for seed := uint64(1); seed <= r19Seeds; seed++ {
				t.Run(fmt.Sprint(seed), func(t *testing.T) {
					rng := rand.New(rand.NewPCG(seed, 19))
					st := s.Open(t)
					b := lagBook(t, st)
					m := newR19Model()
					for step := uint64(0); step < r19Steps; step++ {
						switch op := rng.IntN(10); {
						case op < 2: // single posts
							for range 1 + rng.IntN(5) {
								ins := m.r19Inputs(rng, 1)
								if ins[0].in.ReversalOf != journal.NoID {
									continue
								}
								res, err := b.Post(ctx, ins[0].in)
								if ins[0].kind != r19New && ins[0].kind != r19Replay {
									require.True(t, err != nil || res.Err != nil, "kind %d", ins[0].kind)
									continue
								}
								require.NoError(t, err)
								m.record(t, ins, []PostResult{res})
							}
						case op < 4: // a small batch
							ins := m.r19Inputs(rng, 1+rng.IntN(60))
							res, err := b.PostBatch(ctx, r19In(ins), BatchOptions{})
							require.NoError(t, err)
							m.record(t, ins, res)
						case op < 7: // a large batch, through the pipeline
							ins := m.r19Inputs(rng, IndexLagMax+rng.IntN(500))
							res, err := b.PostBatch(ctx, r19In(ins), BatchOptions{})
							require.NoError(t, err)
							m.record(t, ins, res)
						case op < 8: // all or nothing, refused
							ins := m.r19Inputs(rng, 1+rng.IntN(400))
							bad := r19Entry(rng, false)
							bad.Lines[0].Balance = bad.Lines[0].Balance.Neg()
							in := append(r19In(ins), bad)
							lag := storedLag(t, st)
							res, err := b.PostBatch(ctx, in, BatchOptions{AllOrNothing: true})
							require.NoError(t, err)
							for i := range ins {
								require.Error(t, res[i].Err)
							}
							require.Equal(t, lag, storedLag(t, st))
						case op < 9: // reopen
							again, err := Open(ctx, st, Options{Clock: b.clock})
							require.NoError(t, err)
							b = again
						default:
							m.verify(t, b)
						}
					}
					m.verify(t, b)
					t.Logf("%d entries, lag %d", len(m.order), storedLag(t, st))
				})
			}
		})
	}
}

var r19Seeds, r19Steps uint64 = 3, 40

func r19In(ins []r19Input) []journal.Entry {
	out := make([]journal.Entry, len(ins))
	for i := range ins {
		out[i] = ins[i].in
	}
	return out
}

// r19Check runs Check and Verify and fails on any problem.
func r19Check(t *testing.T, b *Book) {
	t.Helper()
	require.NoError(t, b.Check(ctx))
	require.NoError(t, b.Verify(ctx))
}

// r19Spread is an OD entry of n lines on 627000 and one on 512000: one
// (account, day) of n lines in one entry.
func r19Spread(date journal.Date, n int) journal.Entry {
	x := journal.Entry{ID: journal.NewID(), Journal: "OD", Date: date, Label: "ventilation"}
	for i := 0; i < n; i++ {
		x.Lines = append(x.Lines, journal.Line{Account: "627000", Balance: currency.FromMinor(eur, int64(i+1))})
	}
	x.Lines = append(x.Lines, journal.Line{Account: "512000", Balance: currency.FromMinor(eur, -int64(n*(n+1)/2))})
	return x
}

// TestReview19BigEntryBlocks (passes): one entry whose 700 lines on one
// account and day span three blocks, between other entries of that day,
// lagging; paged listings, date filters, Tx.Lines in a Update after
// posting more, OpenItemsAt.
func TestReview19BigEntryBlocks(t *testing.T) {
	defer lowerBatchIndexLag(t, 5000)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := lagBook(t, st)
			m := newR19Model()
			day := d(3, 2)
			post := func(in ...journal.Entry) {
				res, err := b.PostBatch(ctx, in, BatchOptions{})
				require.NoError(t, err)
				for i := range res {
					require.NoError(t, res[i].Err)
					m.add(in[i], res[i].Entry)
				}
			}
			post(r19Spread(day, 3))
			post(r19Spread(day, 700), r19Spread(d(3, 1), 255), r19Spread(d(3, 3), 257))
			var many []journal.Entry
			for i := 0; i < 300; i++ {
				many = append(many, r19Spread(day, 1+i%3))
			}
			post(many...)
			post(r19Spread(day, 256), r19Spread(day, 1))
			require.NotZero(t, storedLag(t, st))
			for _, f := range []LineFilter{{Account: "627000"}, {Account: "627000", From: day}, {Account: "627000", From: day, To: day},
				{Account: "627000", To: day}, {Account: "512000"}, {Account: "627000", From: d(3, 3)}} {
				requireLines(t, m.lines(f), r19Items(bookLines(t, b, f)), "%+v", f)
			}
			// An Update reads the lagging lines, then what it posts. Its
			// function may run twice (memstore's Twice): it works on a copy
			// of the model.
			var inTx *r19Model
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				inTx = m.clone()
				before, err := tx.Lines(LineFilter{Account: "627000", From: day, To: day})
				if err != nil {
					return err
				}
				requireLines(t, inTx.lines(LineFilter{Account: "627000", From: day, To: day}), r19Items(before), "before")
				for round := 0; round < 3; round++ {
					for i := 0; i < 150; i++ {
						x := r19Spread(day, 2)
						e, _, err := tx.Post(x)
						if err != nil {
							return err
						}
						inTx.add(x, e)
					}
					items, err := tx.Lines(LineFilter{Account: "627000", From: day, To: day})
					if err != nil {
						return err
					}
					requireLines(t, inTx.lines(LineFilter{Account: "627000", From: day, To: day}), r19Items(items), "round %d", round)
				}
				return nil
			}))
			m = inTx
			for _, f := range []LineFilter{{Account: "627000"}, {Account: "627000", From: day}, {Account: "512000", From: day, To: day}} {
				requireLines(t, m.lines(f), r19Items(bookLines(t, b, f)), "%+v", f)
			}
			for _, id := range m.order {
				e := m.posted[id]
				got, err := b.EntryByNumber(ctx, e.Name())
				require.NoError(t, err)
				require.Equal(t, id, got.ID)
			}
			r19Check(t, b)
		})
	}
}

// TestReview19OpenItemsAtLagging (passes): OpenItemsAt over blocks of
// lagging lines, across block boundaries, per partner and for all.
func TestReview19OpenItemsAtLagging(t *testing.T) {
	defer lowerBatchIndexLag(t, 5000)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := lagBook(t, st)
			var in []journal.Entry
			for i := 0; i < 700; i++ {
				in = append(in, sale([]string{"C1", "C2"}[i%2], d(3, 1+i/300), "12.00"))
			}
			res, err := b.PostBatch(ctx, in, BatchOptions{})
			require.NoError(t, err)
			_, err = b.PostBatch(ctx, in[:5], BatchOptions{})
			require.NoError(t, err)
			require.Equal(t, uint64(705), storedLag(t, st))
			for _, tc := range []struct {
				partner string
				date    journal.Date
				want    int
			}{{"", d(3, 1), 305}, {"", d(3, 2), 605}, {"", d(3, 3), 705}, {"C1", d(3, 1), 153}, {"C2", d(3, 3), 352}} {
				items, err := b.OpenItemsAt(ctx, "411000", tc.partner, tc.date)
				require.NoError(t, err)
				require.Equal(t, tc.want, len(items), "%+v", tc)
				for i := 1; i < len(items); i++ {
					require.True(t, items[i-1].Date.Before(items[i].Date) || items[i-1].Date == items[i].Date && items[i-1].Seq < items[i].Seq)
				}
			}
			require.Equal(t, res[0].Entry.ID, res[0].Entry.ID)
			r19Check(t, b)
		})
	}
}

// TestReview19FullLagBoltReopen (passes): batches reach the real
// BatchIndexLagMax less a few on a bbolt file, with entries in a unit of
// account a second handle added (the parallel decode finds it only in the
// store); the file is closed and opened again; replays of lagging entries
// past the map threshold, in a batch and one by one; then reads, Check,
// Verify against a seal.
func TestReview19FullLagBoltReopen(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("32 000 entries")
	}
	path := filepath.Join(t.TempDir(), "book.db")
	st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	b := lagBook(t, st)
	other, err := Open(ctx, st, Options{Clock: b.clock})
	require.NoError(t, err)
	pts, err := currency.NewUnit("PTS", 0)
	require.NoError(t, err)
	require.NoError(t, other.AddUnit(ctx, pts))
	m := newR19Model()
	rng := rand.New(rand.NewPCG(7, 19))
	total := 0
	for total < BatchIndexLagMax-300 {
		n := min(IndexLagMax+rng.IntN(3000), BatchIndexLagMax-300-total)
		in := make([]journal.Entry, n)
		for i := range in {
			in[i] = r19Entry(rng, false)
			if i%7 == 3 { // in points: the first handle does not know the unit
				c := int64(1 + rng.IntN(500))
				in[i] = journal.Entry{ID: journal.NewID(), Journal: "OD", Date: d(5, 5), Currency: pts, Lines: []journal.Line{
					{Account: "627000", AmountCurrency: currency.FromMinor(pts, c), Balance: currency.FromMinor(eur, c*10)},
					{Account: "512000", AmountCurrency: currency.FromMinor(pts, -c), Balance: currency.FromMinor(eur, -c*10)},
				}}
			}
		}
		poster := b
		if rng.IntN(2) == 0 {
			poster = other
		}
		res, err := poster.PostBatch(ctx, in, BatchOptions{})
		require.NoError(t, err)
		for i := range res {
			require.NoError(t, res[i].Err)
			m.add(in[i], res[i].Entry)
		}
		total += n
	}
	require.Equal(t, uint64(total), storedLag(t, st))
	require.NoError(t, st.Close())

	st, err = boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	defer st.Close()
	b, err = Open(ctx, st, Options{Clock: fixedClock()})
	require.NoError(t, err)
	b.units = units{} // as if the unit were added after this handle opened
	// Replays of lagging entries, far back and recent, in one batch with a
	// new entry and one of them twice.
	var in []journal.Entry
	var want []journal.ID
	for i := 0; i < 40; i++ {
		id := m.order[rng.IntN(len(m.order))]
		in = append(in, m.inputs[id])
		want = append(want, id)
	}
	in = append(in, in[3])
	want = append(want, want[3])
	res, err := b.PostBatch(ctx, in, BatchOptions{})
	require.NoError(t, err)
	for i := range want {
		require.NoError(t, res[i].Err)
		require.True(t, res[i].Replay, "entry %d", i)
		require.Equal(t, m.posted[want[i]].Seq, res[i].Entry.Seq)
	}
	require.Equal(t, uint64(total), storedLag(t, st))
	// A replay by Post finds the last lagging entry, and its commit
	// indexes the whole lag, past a post's own limit.
	r, err := b.Post(ctx, m.inputs[m.order[len(m.order)-1]])
	require.NoError(t, err)
	require.True(t, r.Replay)
	require.Zero(t, storedLag(t, st))
	x := r19Entry(rng, false)
	r, err = b.Post(ctx, x)
	require.NoError(t, err)
	m.add(x, r.Entry)
	t.Logf("%d entries", len(m.order))
	m.verify(t, b)
	seal, err := b.Seal(ctx)
	require.NoError(t, err)
	require.NoError(t, b.Verify(ctx, WithAnchor(seal)))
}

// TestReview19CheckStreamsLaggingBlocks (passes): a book with more
// aggregates than Check sums in memory, posted in lagging batches: the
// aggregates are recomputed from the line blocks.
func TestReview19CheckStreamsLaggingBlocks(t *testing.T) {
	defer lowerBatchIndexLag(t, 3000)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := lagBook(t, st)
			var in []journal.Entry
			for day := 0; day < 730; day++ {
				date := journal.MustDate(2026, 1, 1).AddDays(day)
				in = append(in, sale([]string{"C1", "C2"}[day%2], date, "12.00"), receipt("C1", date, "3.00"))
			}
			for len(in) > 0 {
				n := min(len(in), 400)
				_, err := b.PostBatch(ctx, in[:n], BatchOptions{})
				require.NoError(t, err)
				in = in[n:]
			}
			r19Check(t, b)
		})
	}
}

// TestReview19CloseYearSeesLaggingSuspense (FAILS): entries still lagging
// leave 10.00 on the suspense account 471000 in 2026. CloseFiscalYear must
// refuse (ErrSuspense): its doc promises that lagging entries "are indexed
// first, so the suspense balances read are complete". It closes the year
// for good instead: Update's catchUp adds the lagging entries' movements
// to the transaction's aggSet, which only flush writes, and checkSuspense
// reads the stored aggregates (sumAgg). Before the change only single
// posts and batches under IndexLagMax lagged (the "post" case fails on
// 63eff66 too); now every batch under BatchIndexLagMax does (the "batch
// of IndexLagMax" case passes on 63eff66, fails now).
func TestReview19CloseYearSeesLaggingSuspense(t *testing.T) {
	for _, s := range stores {
		for _, batch := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/batch=%v", s.Name, batch), func(t *testing.T) {
				st := s.Open(t)
				b := lagBook(t, st)
				b.clock = afterYears()
				suspense := od(d(6, 2), "471000", "512000", "10.00")
				if batch {
					in := make([]journal.Entry, IndexLagMax)
					for i := range in {
						in[i] = sale("C1", d(3, 1), "12.00")
					}
					in[7] = suspense
					res, err := b.PostBatch(ctx, in, BatchOptions{})
					require.NoError(t, err)
					require.NoError(t, res[7].Err)
				} else {
					mustPost(t, b, suspense)
				}
				require.NotZero(t, storedLag(t, st), "the entries lag")
				_, _, err := b.CloseFiscalYear(ctx, "2026", "alice")
				require.ErrorIs(t, err, ErrSuspense, "2026 closed for good with 10.00 in suspense")
			})
		}
	}
}

// TestReview19UpdateBalanceSeesLag (FAILS, older than the change, made
// wider by it): Update indexes the lag before its function runs (index.go:
// "no reader ever sees an entry without its indexes"), yet Tx.Balance in
// that function misses the lagging entries, whose aggregates wait in the
// transaction's aggSet for flush; AccountPartners (aggregates too) misses
// their partner, while OpenItems sees them. Batches now leave up to 16 383
// entries out of such reads, not 255: with a batch of IndexLagMax, as
// here, this passes on 63eff66.
func TestReview19UpdateBalanceSeesLag(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := lagBook(t, st)
			in := make([]journal.Entry, IndexLagMax)
			for i := range in {
				in[i] = sale("C1", d(3, 1), "12.00")
			}
			_, err := b.PostBatch(ctx, in, BatchOptions{})
			require.NoError(t, err)
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				bal, err := tx.Balance(BalanceQuery{Account: "411000"})
				require.NoError(t, err)
				assert.Equal(t, "3072.00", bal.Balance.Plain(), "256 × 12.00, acknowledged before the Update")
				partners, err := tx.AccountPartners("411000", "", 0)
				require.NoError(t, err)
				assert.Equal(t, []string{"C1"}, partners, "the partner of those lines")
				items, err := tx.OpenItems("411000", "C1")
				require.NoError(t, err)
				assert.Len(t, items, IndexLagMax, "open items do see them (applied by catchUp)")
				return nil
			}))
		})
	}
}

// r19Stored returns the stored keys and values of a bucket under prefix.
func r19Stored(t *testing.T, st store.Store, bucket, prefix []byte) (keys, vals [][]byte) {
	t.Helper()
	require.NoError(t, st.View(ctx, func(tx store.Tx) error {
		keys, vals = nil, nil
		return tx.Scan(bucket, prefix, prefixEnd(prefix), false, func(k, v []byte) error {
			keys, vals = append(keys, bytes.Clone(k)), append(vals, bytes.Clone(v))
			return nil
		})
	}))
	return keys, vals
}

// TestReview19CheckDamagedBlocksAndRuns (passes): Check names damage to
// line blocks and number runs of a book indexed by a catch-up, and takes a
// block or run split in two (same lines, same numbers) as sound.
func TestReview19CheckDamagedBlocksAndRuns(t *testing.T) {
	defer lowerBatchIndexLag(t, 5000)()
	type damage struct {
		name  string
		fix   func(t *testing.T, st store.Store, lk, lv, nk, nv [][]byte)
		words []string // nil: Check passes
	}
	put := func(t *testing.T, st store.Store, b, k, v []byte) {
		require.NoError(t, st.Update(ctx, func(tx store.Tx) error { return tx.Put(b, k, v) }))
	}
	del := func(t *testing.T, st store.Store, b, k []byte) {
		require.NoError(t, st.Update(ctx, func(tx store.Tx) error { return tx.Delete(b, k) }))
	}
	// lastOf returns the sequence and index of a block's last line.
	lastOf := func(t *testing.T, k, v []byte) (uint64, int) {
		last, err := lineBlockLast(k, v)
		require.NoError(t, err)
		_, s, i, err := lineKeyPos(last)
		require.NoError(t, err)
		return s, i
	}
	tests := []damage{
		{"block value cut inside a varint", func(t *testing.T, st store.Store, lk, lv, nk, nv [][]byte) {
			put(t, st, ixLines, lk[0], lv[0][:len(lv[0])-1])
		}, []string{"line index key", "does not decode"}},
		{"block listing its last line twice", func(t *testing.T, st store.Store, lk, lv, nk, nv [][]byte) {
			_, i := lastOf(t, lk[0], lv[0])
			put(t, st, ixLines, lk[0], binary.AppendUvarint(binary.AppendUvarint(bytes.Clone(lv[0]), 0), uint64(i)))
		}, []string{"line index key", "does not decode"}},
		{"block listing the next block's first line", func(t *testing.T, st store.Store, lk, lv, nk, nv [][]byte) {
			s, _ := lastOf(t, lk[0], lv[0]) // steps of 1, index 0: two bytes a line; replace the last
			_, s2, i2, err := lineKeyPos(lk[1])
			require.NoError(t, err)
			put(t, st, ixLines, lk[0], binary.AppendUvarint(binary.AppendUvarint(bytes.Clone(lv[0][:len(lv[0])-2]), s2-(s-1)), uint64(i2)))
		}, []string{"line index key", "past this key"}},
		{"a key stored at a line its block holds", func(t *testing.T, st store.Store, lk, lv, nk, nv [][]byte) {
			last, err := lineBlockLast(lk[0], lv[0])
			require.NoError(t, err)
			put(t, st, ixLines, last, nil)
		}, []string{"line index key", "past this key"}},
		{"block losing its last line", func(t *testing.T, st store.Store, lk, lv, nk, nv [][]byte) {
			put(t, st, ixLines, lk[0], lv[0][:len(lv[0])-2]) // steps of 1, index 0: two bytes a line
		}, []string{"line index has no key"}},
		{"block deleted", func(t *testing.T, st store.Store, lk, lv, nk, nv [][]byte) {
			del(t, st, ixLines, lk[1])
		}, []string{"line index has no key"}},
		{"run overlapping the next key", func(t *testing.T, st store.Store, lk, lv, nk, nv [][]byte) {
			// a key stored at number 256, which the first run holds
			var seq256 uint64
			require.NoError(t, expandNumberRun(nk[0], nv[0], func(_ []byte, s uint64) error { seq256 = s; return nil }))
			put(t, st, ixNumber, numberKey("VT", journal.MustDate(2026, 1, 1), 256), binary.AppendUvarint(nil, seq256))
		}, []string{"number index key", "past this key"}},
		{"run with a bad varint", func(t *testing.T, st store.Store, lk, lv, nk, nv [][]byte) {
			put(t, st, ixNumber, nk[0], append(bytes.Clone(nv[0]), 0x80))
		}, []string{"number index key", "does not decode"}},
		{"run with a step of zero", func(t *testing.T, st store.Store, lk, lv, nk, nv [][]byte) {
			v := bytes.Clone(nv[1])
			v[len(v)-1] = 0
			put(t, st, ixNumber, nk[1], v)
		}, []string{"number index key", "does not decode"}},
		{"run losing its last number", func(t *testing.T, st store.Store, lk, lv, nk, nv [][]byte) {
			put(t, st, ixNumber, nk[0], nv[0][:len(nv[0])-1])
		}, []string{"VT/2026/00256", "number index"}},
		{"run giving a number to the next entry", func(t *testing.T, st store.Store, lk, lv, nk, nv [][]byte) {
			v := bytes.Clone(nv[0])
			v[len(v)-1] = 2 // the last number's step: 1 → 2
			put(t, st, ixNumber, nk[0], v)
		}, []string{"number index"}},
		{"block split in two", func(t *testing.T, st store.Store, lk, lv, nk, nv [][]byte) {
			// lines of one sequence step each, two bytes a line: keep the
			// first 100 lines in the first block, the rest under the 101st.
			_, s, _, err := lineKeyPos(lk[0])
			require.NoError(t, err)
			put(t, st, ixLines, lk[0], lv[0][:99*2])
			put(t, st, ixLines, lineKey("411000", d(3, 2), s+100, 0), lv[0][100*2:])
		}, nil},
		{"run split in two", func(t *testing.T, st store.Store, lk, lv, nk, nv [][]byte) {
			seq, w := binary.Uvarint(nv[0])
			put(t, st, ixNumber, nk[0], nv[0][:w+99])
			put(t, st, ixNumber, numberKey("VT", journal.MustDate(2026, 1, 1), 101), append(binary.AppendUvarint(nil, seq+100), nv[0][w+100:]...))
		}, nil},
	}
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					st := s.Open(t)
					b := lagBook(t, st)
					in := make([]journal.Entry, 600)
					for i := range in {
						in[i] = sale("C1", d(3, 2), "12.00")
					}
					_, err := b.PostBatch(ctx, in, BatchOptions{})
					require.NoError(t, err)
					require.NoError(t, b.Index(ctx))
					require.NoError(t, b.Check(ctx))
					lk, lv := r19Stored(t, st, ixLines, str(nil, "411000"))
					nk, nv := r19Stored(t, st, ixNumber, str(nil, "VT"))
					require.Len(t, lk, 3, "600 lines of 411000 on one day: blocks of 256, 256, 88")
					require.Len(t, nk, 3, "600 numbers: runs of 256, 256, 88")
					tc.fix(t, st, lk, lv, nk, nv)
					err = b.Check(ctx)
					if tc.words == nil {
						require.NoError(t, err)
						return
					}
					p := mustFind(t, err, 2, tc.words...)
					t.Log(p)
				})
			}
		})
	}
}

// TestReview19LinesWhilePosting (passes): the loop body of Book.Lines
// posts lagging batches on the same account and day: every line that was
// there before the loop comes once, and all come in order, none twice.
func TestReview19LinesWhilePosting(t *testing.T) {
	defer lowerBatchIndexLag(t, 5000)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := lagBook(t, st)
			m := newR19Model()
			batch := func(n int) {
				in := make([]journal.Entry, n)
				for i := range in {
					in[i] = sale([]string{"C1", "C2"}[i%2], d(3, 2), "12.00")
				}
				res, err := b.PostBatch(ctx, in, BatchOptions{})
				require.NoError(t, err)
				for i := range res {
					m.add(in[i], res[i].Entry)
				}
			}
			batch(300)
			batch(400)
			for _, f := range []LineFilter{{Account: "411000"}, {Partner: "C1"}, {Account: "411000", From: d(3, 2), To: d(3, 2)}} {
				before := m.lines(f)
				var got []r19Line
				n := 0
				for it, err := range b.Lines(ctx, f) {
					require.NoError(t, err)
					got = append(got, r19Items([]LineItem{it})...)
					if n++; n%100 == 0 {
						batch(37)
					}
				}
				for i := 1; i < len(got); i++ {
					a, c := got[i-1], got[i]
					require.True(t, a.account < c.account || a.account == c.account && (a.date.Before(c.date) ||
						a.date == c.date && (a.seq < c.seq || a.seq == c.seq && a.idx < c.idx)), "%+v: %v then %v", f, a, c)
				}
				requireLines(t, before, got[:len(before)], "%+v", f)
			}
			r19Check(t, b)
		})
	}
}

// lineBlockLast returns the last logical key of a stored line block.
func lineBlockLast(k, v []byte) ([]byte, error) {
	var last []byte
	err := expandLineBlock(k, v, func(lk []byte) error {
		last = append(last[:0], lk...)
		return nil
	})
	return last, err
}
