package ledger

// Review of the lag cache (lagcache.go, batch.go, index.go decodeLag), the
// blockAt refactor and the grouping of index writes (lineindex.go,
// numberindex.go) and flushAggs (tx.go) before aggregate reads.
//
// FAIL (regressions of cd5fae7, both pass on its parent):
// TestReview19bDamagedRunTail, TestReview19bDamagedBlockTail — numberSeqOf
// and hasLine now expand the whole run/block at or before the key instead
// of stopping at the key looked up, so damage after it fails
// EntryByNumber for sound numbers and makes Check blame every entry of
// the run/block (257 problems instead of 1).
//
// Pass, covering new ground: the cache after aborted/cancelled batches
// whose sequence numbers another handle reuses, two handles alternating
// (replays, refusals, reversals of cached entries), concurrent handles,
// USD and unit-of-account entries, callers mutating inputs and results,
// aggregate reads inside Update after Tx.Post, lettering inside Update
// after a catch-up, EntryByNumber and Lines inside Update between posts.

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// r19bModel sums what the book acknowledged: per (account, partner) the
// company-currency balance, and per (account, currency) the currency
// amount of foreign lines.
type r19bModel struct {
	bal map[[2]string]currency.Amount
	cur map[[2]string]currency.Amount
	n   int
}

func newR19bModel() *r19bModel {
	return &r19bModel{bal: map[[2]string]currency.Amount{}, cur: map[[2]string]currency.Amount{}}
}

func (m *r19bModel) add(t *testing.T, x journal.Entry) {
	t.Helper()
	m.n++
	for _, l := range x.Lines {
		for _, p := range []string{"", l.Partner} {
			k := [2]string{l.Account, p}
			old, ok := m.bal[k]
			if !ok {
				old = e("0")
			}
			sum, err := old.Add(l.Balance)
			require.NoError(t, err)
			m.bal[k] = sum
			if p == l.Partner {
				break
			}
		}
		if c := l.AmountCurrency.Currency(); c != eur && !l.AmountCurrency.IsZero() {
			k := [2]string{l.Account, c.Code()}
			old, ok := m.cur[k]
			if !ok {
				old = currency.Zero(c)
			}
			sum, err := old.Add(l.AmountCurrency)
			require.NoError(t, err)
			m.cur[k] = sum
		}
	}
}

func (m *r19bModel) record(t *testing.T, res []PostResult) {
	t.Helper()
	for _, r := range res {
		if r.Err == nil && !r.Replay {
			m.add(t, r.Entry)
		}
	}
}

// verify compares the balances of every (account, partner) the model knows
// with b's, then checks the book through b and through a fresh handle.
func (m *r19bModel) verify(t *testing.T, st store.Store, b *Book, units ...currency.Currency) {
	t.Helper()
	fresh, err := Open(ctx, st, Options{})
	require.NoError(t, err)
	for _, bk := range []*Book{b, fresh} {
		keys := make([][2]string, 0, len(m.bal))
		for k := range m.bal {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i][0]+"/"+keys[i][1] < keys[j][0]+"/"+keys[j][1] })
		for _, k := range keys {
			bal, err := bk.Balance(ctx, BalanceQuery{Account: k[0], Partner: k[1]})
			require.NoError(t, err)
			assert.Equal(t, m.bal[k].Plain(), bal.Balance.Plain(), "balance of %s/%s", k[0], k[1])
		}
		for k, want := range m.cur {
			bal, err := bk.Balance(ctx, BalanceQuery{Account: k[0], Currency: want.Currency()})
			require.NoError(t, err)
			assert.Equal(t, want.Plain(), bal.AmountCurrency.Plain(), "%s amount on %s", k[1], k[0])
		}
		n := 0
		for _, err := range bk.Entries(ctx, EntryFilter{}) {
			require.NoError(t, err)
			n++
		}
		assert.Equal(t, m.n, n, "entries")
		require.NoError(t, bk.Check(ctx))
	}
}

// flipCtx is a context whose Err turns to Canceled after `after` calls:
// cancelled in the middle of a batch, once the store has begun.
type flipCtx struct {
	context.Context
	calls atomic.Int64
	after int64
}

func (c *flipCtx) Err() error {
	if c.calls.Add(1) > c.after {
		return context.Canceled
	}
	return nil
}

func r19bSales(n int, p string, date journal.Date, amount string) []journal.Entry {
	in := make([]journal.Entry, n)
	for i := range in {
		in[i] = sale(p, date, amount)
	}
	return in
}

// TestReview19bCacheAfterFailedBatches: handle A leaves a batch lagging
// (in its cache); its next batches fail (AllOrNothing, a context cancelled
// mid-batch) after numbering entries at the sequence numbers that follow;
// handle B then posts other entries at those very sequence numbers and A
// catches them all up. The indexes must be those of what the log holds.
func TestReview19bCacheAfterFailedBatches(t *testing.T) {
	defer lowerBatchIndexLag(t, 700)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			a := lagBook(t, st)
			m := newR19bModel()
			res, err := a.PostBatch(ctx, r19bSales(300, "C1", d(7, 1), "1.20"), BatchOptions{})
			require.NoError(t, err)
			m.record(t, res)
			require.Equal(t, uint64(300), storedLag(t, st))

			// Aborted: one invalid entry. Every valid one was numbered
			// 301..., then rolled back.
			bad := r19bSales(100, "C2", d(7, 2), "2.40")
			bad[99].Lines[0].Partner = "NOPE"
			res, err = a.PostBatch(ctx, bad, BatchOptions{AllOrNothing: true})
			require.NoError(t, err)
			for _, r := range res {
				require.Error(t, r.Err)
			}
			// Cancelled mid-batch (small and pipelined).
			for _, n := range []int{10, IndexLagMax} {
				// Count the checks of a batch that commits on a copy of
				// the store's state: the cancelled one fails its last.
				probe := &flipCtx{Context: ctx, after: 1 << 40}
				_, err := lagBook(t, s.Open(t)).PostBatch(probe, r19bSales(n, "C2", d(7, 3), "3.60"), BatchOptions{})
				require.NoError(t, err)
				fc := &flipCtx{Context: ctx, after: probe.calls.Load() - 1}
				_, err = a.PostBatch(fc, r19bSales(n, "C2", d(7, 3), "3.60"), BatchOptions{})
				require.Error(t, err)
			}
			require.Equal(t, uint64(300), storedLag(t, st))

			// B posts at 301... other entries, with ids of its own.
			bh, err := Open(ctx, st, Options{Clock: fixedClock()})
			require.NoError(t, err)
			res, err = bh.PostBatch(ctx, r19bSales(100, "S1", d(7, 4), "6.00"), BatchOptions{})
			require.NoError(t, err)
			m.record(t, res)
			// A reaches the limit: catches up 1..400 (1..300 from its
			// cache) and its own.
			res, err = a.PostBatch(ctx, r19bSales(300, "C2", d(7, 5), "12.00"), BatchOptions{})
			require.NoError(t, err)
			m.record(t, res)
			require.Zero(t, storedLag(t, st))
			m.verify(t, st, a)
		})
	}
}

// TestReview19bTwoHandlesAlternate: two handles on one store post batches
// in turn, each with its own cache, with replays, refusals and reversals
// of entries the other handle's cache holds; catch-ups come from either
// handle's batches, posts and reads.
func TestReview19bTwoHandlesAlternate(t *testing.T) {
	defer lowerBatchIndexLag(t, 500)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			a := lagBook(t, st)
			bh, err := Open(ctx, st, Options{Clock: fixedClock()})
			require.NoError(t, err)
			handles := []*Book{a, bh}
			m := newR19bModel()
			var lastOf [2][]journal.Entry
			for round := 0; round < 12; round++ {
				h := round % 2
				b := handles[h]
				n := []int{40, IndexLagMax + 3, 120, 7}[round%4]
				in := make([]journal.Entry, 0, n+4)
				for i := 0; i < n; i++ {
					x := sale([]string{"C1", "C2", "S1"}[i%3], d(8, 1+round), fmt.Sprintf("%d.20", 1+i%9))
					if i%5 == 0 {
						x.ID = journal.NewID()
					}
					in = append(in, x)
				}
				// The other handle's last batch: a replay of one of its
				// entries, and the reversal of another (in its cache).
				if other := lastOf[1-h]; len(other) > 0 {
					for _, o := range other {
						if o.ID != journal.NoID {
							rep := o
							in = append(in, rep)
							break
						}
					}
				}
				refused := sale("C1", d(8, 1), "1.00")
				refused.Journal = "NOPE"
				in = append(in, refused)
				res, err := b.PostBatch(ctx, in, BatchOptions{})
				require.NoError(t, err, "round %d", round)
				m.record(t, res)
				lastOf[h] = in
				// A reversal, in a batch of the other handle, of an entry
				// this batch just posted (lagging, in this handle's cache).
				var orig journal.Entry
				for _, r := range res {
					if r.Err == nil && !r.Replay {
						orig = r.Entry
						break
					}
				}
				rev := orig.Reversal(journal.NoID, orig.Date)
				rres, err := handles[1-h].PostBatch(ctx, []journal.Entry{rev, sale("C2", d(8, 20), "2.40")}, BatchOptions{})
				require.NoError(t, err)
				require.NoError(t, rres[0].Err)
				m.record(t, rres)
				if round%5 == 4 {
					mustPostModel(t, m, handles[1-h], receipt("C1", d(8, 21), "1.00"))
				}
			}
			m.verify(t, st, a)
		})
	}
}

func mustPostModel(t *testing.T, m *r19bModel, b *Book, x journal.Entry) journal.Entry {
	t.Helper()
	got := mustPost(t, b, x)
	m.add(t, got)
	return got
}

// TestReview19bForeignAndUnitCached: lagging entries in USD (balance
// converted at the book's rate) and in a unit of account, some in the
// pipeline, some balance-only lines; caught up from the cache by the handle
// that posted them, the currency aggregates are those a fresh handle
// computes from the log.
func TestReview19bForeignAndUnitCached(t *testing.T) {
	defer lowerBatchIndexLag(t, 900)()
	gold, err := currency.NewUnit("GOLD", 3)
	require.NoError(t, err)
	g := func(s string) currency.Amount { return currency.MustParse(gold, s) }
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			a := lagBook(t, st)
			require.NoError(t, a.AddUnit(ctx, gold))
			require.NoError(t, a.SetRate(ctx, gold, d(1, 1), currency.MustParseRate("3")))
			m := newR19bModel()
			mk := func(n int) []journal.Entry {
				in := make([]journal.Entry, n)
				for i := range in {
					switch i % 4 {
					case 0:
						in[i] = journal.Entry{Journal: "VT", Date: d(9, 1+i%20), Type: journal.TypeInvoice, Currency: usd,
							Lines: []journal.Line{{Account: "411000", Partner: "C2", AmountCurrency: u("120.01")},
								{Account: "706000", AmountCurrency: u("-120.01")}}}
					case 1:
						in[i] = journal.Entry{Journal: "VT", Date: d(9, 2), Type: journal.TypeInvoice, Currency: gold,
							Lines: []journal.Line{{Account: "411000", Partner: "C1", AmountCurrency: g("1.001")},
								{Account: "706000", AmountCurrency: g("-1.001")}}}
					case 2: // a balance-only line in a foreign entry
						in[i] = journal.Entry{Journal: "VT", Date: d(9, 3), Currency: usd,
							Lines: []journal.Line{{Account: "411000", Partner: "C1", AmountCurrency: u("10.00"), Balance: e("8.33")},
								{Account: "706000", AmountCurrency: u("-10.00"), Balance: e("-8.30")},
								{Account: "766000", Balance: e("-0.03")}}}
					default:
						in[i] = sale("S1", d(9, 4), "1.20")
						in[i].Currency = eur // the company currency, named
					}
				}
				return in
			}
			for _, n := range []int{30, IndexLagMax + 1, 40} {
				res, err := a.PostBatch(ctx, mk(n), BatchOptions{})
				require.NoError(t, err)
				for i, r := range res {
					require.NoError(t, r.Err, "entry %d", i)
				}
				m.record(t, res)
			}
			require.NotZero(t, storedLag(t, st))
			res, err := a.PostBatch(ctx, mk(600), BatchOptions{})
			require.NoError(t, err)
			m.record(t, res)
			require.Zero(t, storedLag(t, st), "caught up, the first 327 from the cache")
			m.verify(t, st, a, gold)
			fresh, err := Open(ctx, st, Options{})
			require.NoError(t, err)
			for _, c := range []currency.Currency{usd, gold, {}} {
				for _, p := range []string{"", "C1", "C2"} {
					x, err := a.Balance(ctx, BalanceQuery{Account: "411000", Partner: p, Currency: c})
					require.NoError(t, err)
					y, err := fresh.Balance(ctx, BalanceQuery{Account: "411000", Partner: p, Currency: c})
					require.NoError(t, err)
					assert.Equal(t, fmt.Sprint(y), fmt.Sprint(x), "%s %s", p, c)
				}
			}
		})
	}
}

// TestReview19bCallerMutatesEverything: after PostBatch returns, the
// caller reuses its input slice and the results (lines, amounts, ids,
// sequence numbers) for something else; the catch-up indexes what was
// logged.
func TestReview19bCallerMutatesEverything(t *testing.T) {
	defer lowerBatchIndexLag(t, 600)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			a := lagBook(t, st)
			m := newR19bModel()
			for _, n := range []int{20, IndexLagMax} {
				in := r19bSales(n, "C1", d(10, 1), "1.20")
				res, err := a.PostBatch(ctx, in, BatchOptions{})
				require.NoError(t, err)
				m.record(t, res)
				for i := range in {
					in[i].Lines[0].Partner = "C2"
					in[i].Lines[0].Balance = e("5.00")
					in[i].Lines[1].Account = "707000"
					in[i].Lines = in[i].Lines[:1]
					res[i].Entry.Lines[0].Account = "401000"
					res[i].Entry.Seq += 3
					res[i].Entry.Date = d(11, 1)
				}
			}
			res, err := a.PostBatch(ctx, r19bSales(400, "C2", d(10, 2), "2.40"), BatchOptions{})
			require.NoError(t, err)
			m.record(t, res)
			require.Zero(t, storedLag(t, st))
			m.verify(t, st, a)
		})
	}
}

// TestReview19bUpdateReadsOwnPosts: inside Update, after Tx.Post, the
// aggregate reads (Tx.Balance with and without a currency, AccountPartners,
// Opening, EarlierResult) give what the same reads give after the commit;
// reading, posting more, reading again too.
func TestReview19bUpdateReadsOwnPosts(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			a := lagBook(t, st)
			// Lagging entries, both years.
			_, err := a.PostBatch(ctx, r19bSales(30, "C1", d(3, 1), "12.00"), BatchOptions{})
			require.NoError(t, err)
			type reads struct {
				bal      []string
				partners []string
				opening  string
				earlier  string
			}
			var inside []reads
			queries := []BalanceQuery{{Account: "411000"}, {Account: "411000", Partner: "C2"}, {Account: "411000", Currency: usd},
				{Account: "411000", Partner: "C2", Currency: usd}, {Account: "706000", At: d(12, 31)}, {Account: "411000", Currency: eur},
				{Account: "512000", At: journal.MustDate(2027, 1, 31)}, {Account: "706000", At: journal.MustDate(2027, 12, 31)}}
			readAll := func(tx *Tx) reads {
				var r reads
				for _, q := range queries {
					bal, err := tx.Balance(q)
					require.NoError(t, err)
					r.bal = append(r.bal, fmt.Sprint(bal))
				}
				r.partners, err = tx.AccountPartners("411000", "", 0)
				require.NoError(t, err)
				op, err := tx.Opening("2027")
				require.NoError(t, err)
				r.opening = fmt.Sprint(op)
				fy, err := tx.FiscalYearLabelled("2027")
				require.NoError(t, err)
				er, err := tx.EarlierResult(fy)
				require.NoError(t, err)
				r.earlier = fmt.Sprint(er)
				return r
			}
			posts := [][]journal.Entry{
				{sale("C2", d(5, 1), "24.00"), receipt("C1", d(5, 2), "12.00")},
				{{Journal: "VT", Date: d(6, 1), Type: journal.TypeInvoice, Currency: usd,
					Lines: []journal.Line{{Account: "411000", Partner: "C2", AmountCurrency: u("120.00")}, {Account: "706000", AmountCurrency: u("-120.00")}}}},
				{sale("S1", journal.MustDate(2027, 1, 3), "36.00"), receipt("C2", journal.MustDate(2027, 1, 4), "24.00")},
			}
			require.NoError(t, a.Update(ctx, func(tx *Tx) error {
				inside = inside[:0]
				for _, group := range posts {
					for _, x := range group {
						_, _, err := tx.Post(x)
						require.NoError(t, err)
					}
					inside = append(inside, readAll(tx))
				}
				return nil
			}))
			var after reads
			require.NoError(t, a.View(ctx, func(tx *Tx) error { after = readAll(tx); return nil }))
			assert.Equal(t, after, inside[len(inside)-1])
			tb, err := a.TrialBalance(ctx, journal.MustDate(2027, 12, 31))
			require.NoError(t, err)
			for _, row := range tb.Rows {
				if row.Account == "706000" {
					assert.Equal(t, "-30.00", row.Balance.Plain(), "2027 sales: 36.00 TTC")
				}
			}
			require.NoError(t, a.Check(ctx))
		})
	}
}

// TestReview19bLetterInUpdateAfterCatchUp: entries a batch left lagging
// (in the handle's cache) are lettered inside an Update that caught them
// up, then more batches lag and catch up over the lettered lines.
func TestReview19bLetterInUpdateAfterCatchUp(t *testing.T) {
	defer lowerBatchIndexLag(t, 400)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			a := lagBook(t, st)
			m := newR19bModel()
			in := append(r19bSales(100, "C1", d(4, 1), "12.00"), receipt("C1", d(4, 2), "12.00"), receipt("C1", d(4, 2), "6.00"))
			res, err := a.PostBatch(ctx, in, BatchOptions{})
			require.NoError(t, err)
			m.record(t, res)
			require.NotZero(t, storedLag(t, st))
			op := journal.NewID()
			require.NoError(t, a.Update(ctx, func(tx *Tx) error {
				if _, err := tx.putPartial(allocation(res[0].Entry.LineRef(0), res[100].Entry.LineRef(1), "12.00", d(4, 2), op)); err != nil {
					return err
				}
				if _, err := tx.putPartial(allocation(res[1].Entry.LineRef(0), res[101].Entry.LineRef(1), "6.00", d(4, 2), op)); err != nil {
					return err
				}
				if err := tx.recordOperation(op, []byte("op"), nil); err != nil {
					return err
				}
				items, err := tx.OpenItems("411000", "C1")
				require.NoError(t, err)
				assert.Len(t, items, 99, "100 invoices, one lettered, one half")
				return nil
			}))
			for i := 0; i < 3; i++ {
				res, err := a.PostBatch(ctx, r19bSales(150, "C1", d(4, 3+i), "1.20"), BatchOptions{})
				require.NoError(t, err)
				m.record(t, res)
			}
			items, err := a.OpenItems(ctx, "411000", "C1")
			require.NoError(t, err)
			assert.Len(t, items, 99+450)
			m.verify(t, st, a)
		})
	}
}

// TestReview19bEntryByNumberInUpdate: numbers posted inside an Update are
// found by number inside it, between posts, over runs a catch-up wrote.
func TestReview19bEntryByNumberInUpdate(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			a := lagBook(t, st)
			res, err := a.PostBatch(ctx, r19bSales(40, "C1", d(4, 1), "12.00"), BatchOptions{})
			require.NoError(t, err)
			require.NoError(t, a.Update(ctx, func(tx *Tx) error {
				for i := 0; i < 5; i++ {
					x, _, err := tx.Post(sale("C2", d(4, 2), "1.20"))
					require.NoError(t, err)
					got, err := r19bByNumber(tx, x.Name())
					require.NoError(t, err)
					assert.Equal(t, x.ID, got.ID)
					got, err = r19bByNumber(tx, res[i*7].Entry.Name())
					require.NoError(t, err)
					assert.Equal(t, res[i*7].Entry.ID, got.ID)
					lines, err := tx.Lines(LineFilter{Account: "411000", Partner: "C2"})
					require.NoError(t, err)
					assert.Len(t, lines, i+1)
				}
				return nil
			}))
			require.NoError(t, a.Check(ctx))
		})
	}
}

// r19bByNumber is EntryByNumber inside a transaction.
func r19bByNumber(tx *Tx, number string) (journal.Entry, error) {
	parts := strings.Split(number, "/")
	if len(parts) != 3 {
		return journal.Entry{}, fmt.Errorf("number %q", number)
	}
	n, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return journal.Entry{}, err
	}
	fy, err := tx.FiscalYearLabelled(parts[1])
	if err != nil {
		return journal.Entry{}, err
	}
	seq, found, err := tx.numberSeq(parts[0], fy.Start, n)
	if err != nil {
		return journal.Entry{}, err
	}
	if !found {
		return journal.Entry{}, fmt.Errorf("%w: %s", ErrNotFound, number)
	}
	id, _, err := tx.logRaw(seqKey(seq))
	if err != nil {
		return journal.Entry{}, err
	}
	return tx.Entry(id)
}

// TestReview19bConcurrentHandles: goroutines post batches through two
// handles at once (two per handle, so that one handle's cache is added to
// and cleared by interleaved commits), with single posts and reads between;
// everything acknowledged is indexed once.
func TestReview19bConcurrentHandles(t *testing.T) {
	defer lowerBatchIndexLag(t, 450)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			a := lagBook(t, st)
			bh, err := Open(ctx, st, Options{Clock: fixedClock()})
			require.NoError(t, err)
			type out struct {
				res []PostResult
				err error
			}
			outs := make(chan out, 1000)
			done := make(chan struct{})
			for g := 0; g < 4; g++ {
				b := []*Book{a, bh}[g%2]
				go func() {
					defer func() { done <- struct{}{} }()
					for i := 0; i < 10; i++ {
						n := []int{13, 90, IndexLagMax + 5, 1}[(g+i)%4]
						res, err := b.PostBatch(ctx, r19bSales(n, []string{"C1", "C2", "S1"}[(g+i)%3], d(5, 1+i), fmt.Sprintf("%d.20", g+1)), BatchOptions{})
						outs <- out{res, err}
						if i%3 == 2 {
							r, err := b.Post(ctx, receipt("C1", d(5, 20), "1.00"))
							outs <- out{[]PostResult{r}, err}
						}
						if i%4 == 3 {
							_, err := b.Balance(ctx, BalanceQuery{Account: "411000"})
							outs <- out{nil, err}
						}
					}
				}()
			}
			for g := 0; g < 4; g++ {
				<-done
			}
			close(outs)
			m := newR19bModel()
			for o := range outs {
				require.NoError(t, o.err)
				m.record(t, o.res)
			}
			m.verify(t, st, a)
		})
	}
}

// TestReview19bDamagedRunTail: a number run damaged after its first
// numbers (a bad varint appended) still gives those numbers, as it did
// before blockAt (numberSeqOf stopped at the number it looked for); the
// damage is Check's to report, once, as the run's.
func TestReview19bDamagedRunTail(t *testing.T) {
	defer lowerBatchIndexLag(t, 5000)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := lagBook(t, st)
			res, err := b.PostBatch(ctx, r19bSales(300, "C1", d(3, 2), "12.00"), BatchOptions{})
			require.NoError(t, err)
			require.NoError(t, b.Index(ctx))
			nk, nv := r19Stored(t, st, ixNumber, str(nil, "VT"))
			require.Len(t, nk, 2)
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
				return tx.Put(ixNumber, nk[0], append(bytes.Clone(nv[0]), 0x80))
			}))
			got, err := b.EntryByNumber(ctx, res[0].Entry.Name())
			if assert.NoError(t, err, "number 1, before the damage") {
				assert.Equal(t, res[0].Entry.ID, got.ID)
			}
			err = b.Check(ctx)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), res[0].Entry.Name(), "the entry is not to blame: its number is in the run")
		})
	}
}

// TestReview19bDamagedBlockTail: a line block damaged after its first
// lines (a bad varint appended): Check reports the block, as before
// blockAt, and not every sound line before the damage as missing from the
// index (hasLine used to stop at the line it looked for).
func TestReview19bDamagedBlockTail(t *testing.T) {
	defer lowerBatchIndexLag(t, 5000)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := lagBook(t, st)
			res, err := b.PostBatch(ctx, r19bSales(300, "C1", d(3, 2), "12.00"), BatchOptions{})
			require.NoError(t, err)
			require.NoError(t, b.Index(ctx))
			lk, lv := r19Stored(t, st, ixLines, str(nil, "411000"))
			require.Len(t, lk, 2)
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
				return tx.Put(ixLines, lk[0], append(bytes.Clone(lv[0]), 0x80))
			}))
			err = b.Check(ctx)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "entry "+res[0].Entry.Name()+":", "its line is in the block, before the damage")
		})
	}
}
