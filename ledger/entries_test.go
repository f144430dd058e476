package ledger

import (
	"context"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// collect reads every entry f selects through Book.Entries.
func collect(t *testing.T, b *Book, f EntryFilter) []PostedEntry {
	t.Helper()
	var out []PostedEntry
	for pe, err := range b.Entries(ctx, f) {
		require.NoError(t, err)
		out = append(out, pe)
	}
	return out
}

// postMany posts n entries alternating sales and receipts, dated from
// January on, and backdating every third entry, so that posting order and
// date order differ.
func postMany(t *testing.T, b *Book, n int) []journal.Entry {
	t.Helper()
	batch := make([]journal.Entry, n)
	for i := range batch {
		date := d(time.Month(1+i%6), 1+i%28)
		if i%3 == 2 {
			date = d(1, 1)
		}
		if i%2 == 0 {
			batch[i] = sale("C1", date, "120.00")
		} else {
			batch[i] = receipt("C2", date, "50.00")
		}
	}
	res, err := b.PostBatch(ctx, batch, BatchOptions{AllOrNothing: true})
	require.NoError(t, err)
	out := make([]journal.Entry, n)
	for i, r := range res {
		require.NoError(t, r.Err)
		out[i] = r.Entry
	}
	return out
}

func TestEntriesEmptyBook(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			assert.Empty(t, collect(t, b, EntryFilter{}))
			last, err := b.LastSeq(ctx)
			require.NoError(t, err)
			assert.Zero(t, last)
		})
	}
}

func TestEntriesPostingOrderAcrossPages(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			n := 2*entriesPageMax + 7
			posted := postMany(t, b, n)
			got := collect(t, b, EntryFilter{})
			require.Len(t, got, n)
			for i, pe := range got {
				assert.Equal(t, uint64(i+1), pe.Seq)
				assert.Equal(t, posted[i].ID, pe.Entry.ID)
				assert.Equal(t, posted[i].Name(), pe.Entry.Name())
				assert.Equal(t, pe.Seq, pe.Entry.Seq)
				assert.Len(t, pe.Entry.Lines, len(posted[i].Lines))
			}
			last, err := b.LastSeq(ctx)
			require.NoError(t, err)
			assert.Equal(t, uint64(n), last)

			// Resume from a sequence, right at and past a page boundary.
			for _, from := range []uint64{entriesPageMax, entriesPageMax + 1, uint64(n), uint64(n + 1)} {
				rest := collect(t, b, EntryFilter{FromSeq: from})
				require.Len(t, rest, n-int(from)+1, "from %d", from)
				if len(rest) > 0 {
					assert.Equal(t, from, rest[0].Seq)
				}
			}
			// A bounded range.
			mid := collect(t, b, EntryFilter{FromSeq: 10, ToSeq: 1500})
			require.Len(t, mid, 1491)
			assert.Equal(t, uint64(1500), mid[len(mid)-1].Seq)
		})
	}
}

func TestEntriesFilters(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			posted := postMany(t, b, 60)
			f := EntryFilter{Journal: "VT", From: d(1, 2), To: d(5, 20)}
			var want []uint64
			for _, x := range posted {
				if x.Journal == "VT" && !x.Date.Before(f.From) && !x.Date.After(f.To) {
					want = append(want, x.Seq)
				}
			}
			require.NotEmpty(t, want)
			var got []uint64
			for _, pe := range collect(t, b, f) {
				got = append(got, pe.Seq)
			}
			assert.Equal(t, want, got)

			// The transaction variant agrees, and stops when asked.
			var inTx []uint64
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				for pe, err := range tx.Entries(f) {
					if err != nil {
						return err
					}
					inTx = append(inTx, pe.Seq)
				}
				for range tx.Entries(EntryFilter{}) {
					break
				}
				return nil
			}))
			assert.Equal(t, want, inTx)
		})
	}
}

// TestEntriesWriteBetweenPages posts from the loop body: no read
// transaction is held across pages, so bbolt does not block the write, and
// the new entry, posted after the current page, is seen at the end.
func TestEntriesWriteBetweenPages(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			n := entriesPageMax + 5
			postMany(t, b, n)
			last, err := b.LastSeq(ctx)
			require.NoError(t, err)
			var seen []uint64
			var added journal.Entry
			done := make(chan struct{})
			go func() {
				defer close(done)
				for pe, err := range b.Entries(ctx, EntryFilter{}) {
					if !assert.NoError(t, err) {
						return
					}
					seen = append(seen, pe.Seq)
					if pe.Seq == 3 {
						res, err := b.Post(ctx, sale("C1", d(4, 1), "10.00"))
						if !assert.NoError(t, err) {
							return
						}
						added = res.Entry
					}
				}
			}()
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("a write during the iteration blocked")
			}
			require.Len(t, seen, n+1)
			assert.Equal(t, added.Seq, seen[n])
			// With ToSeq fixed before, the new entry is not read.
			fixed := collect(t, b, EntryFilter{ToSeq: last})
			assert.Len(t, fixed, n)
		})
	}
}

func TestEntriesCancelled(t *testing.T) {
	b := testBook(t, stores[0].Open(t))
	postMany(t, b, 3)
	c, cancel := context.WithCancel(ctx)
	cancel()
	var errs int
	for _, err := range b.Entries(c, EntryFilter{}) {
		assert.ErrorIs(t, err, context.Canceled)
		errs++
	}
	assert.Equal(t, 1, errs)
}

func TestAccountPartners(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			postMany(t, b, 4)
			var got []string
			for p, err := range b.AccountPartners(ctx, "411000") {
				require.NoError(t, err)
				got = append(got, p)
			}
			assert.Equal(t, []string{"C1", "C2"}, got)
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				after, err := tx.AccountPartners("411000", "C1", 0)
				assert.Equal(t, []string{"C2"}, after)
				return err
			}))
			for _, err := range b.AccountPartners(ctx, "999999") {
				assert.ErrorIs(t, err, ErrUnknownAccount)
			}
		})
	}
}

func TestJournals(t *testing.T) {
	b := testBook(t, stores[0].Open(t))
	require.NoError(t, b.View(ctx, func(tx *Tx) error {
		js, err := tx.Journals()
		require.NoError(t, err)
		require.NotEmpty(t, js)
		for i := 1; i < len(js); i++ {
			assert.Less(t, js[i-1].Code, js[i].Code)
		}
		return nil
	}))
}

// Numbered says how far a journal's numbering went in a fiscal year,
// inside the transaction that posts too, on every backend.
func TestNumbered(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			for i := 0; i < 3; i++ {
				_, err := b.Post(ctx, sale("C1", d(3, 1+i), "120.00"))
				require.NoError(t, err)
			}
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				fy, err := tx.FiscalYear(d(3, 1))
				require.NoError(t, err)
				for _, c := range []struct {
					code string
					want uint64
				}{{"VT", 3}, {"AC", 0}, {"XX", 0}} {
					n, err := tx.Numbered(c.code, fy)
					require.NoError(t, err)
					assert.Equal(t, c.want, n, c.code)
				}
				if _, _, err := tx.Post(sale("C1", d(3, 9), "10.00")); err != nil {
					return err
				}
				n, err := tx.Numbered("VT", fy)
				assert.Equal(t, uint64(4), n, "the transaction's own post")
				next, _ := tx.FiscalYear(journal.MustDate(2027, 1, 1))
				n2, _ := tx.Numbered("VT", next)
				assert.Zero(t, n2, "another year")
				return err
			}))
		})
	}
}

func TestTxBalanceAgreesWithBook(t *testing.T) {
	b := testBook(t, stores[0].Open(t))
	postMany(t, b, 10)
	q := BalanceQuery{Account: "411000", Partner: "C1", At: d(3, 31)}
	want, err := b.Balance(ctx, q)
	require.NoError(t, err)
	require.NoError(t, b.View(ctx, func(tx *Tx) error {
		got, err := tx.Balance(q)
		assert.True(t, got.Balance.Equal(want.Balance) && got.Debit.Equal(want.Debit))
		_, uerr := tx.Balance(BalanceQuery{Account: "999999"})
		assert.ErrorIs(t, uerr, ErrUnknownAccount)
		return err
	}))
}
