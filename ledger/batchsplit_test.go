package ledger

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// splitEntriesN is how many entries TestBatchSplitIdentical posts: enough
// for one-by-one posting to cross IndexLagMax twice and for batches of
// splitPipelined to take the pipeline more than once.
const splitEntriesN = 2*IndexLagMax + 188

// splitPipelined is a batch size at or above IndexLagMax: each such batch
// goes through the pipeline (pipeline.go).
const splitPipelined = IndexLagMax + 44

// splitEntries returns n entries, every one with a caller id, of every kind
// a batch takes: sales, purchases, receipts and miscellaneous entries in
// four journals and two fiscal years, in euros and in dollars converted at
// the rate of their date (or with their euro amounts given), backdated
// ones, reversals of entries posted long before and just before, replays
// and conflicts of an earlier id, and refused entries (unbalanced, unknown
// account, reversal of a reversal).
func splitEntries(n int) []journal.Entry {
	id := func(i int) journal.ID {
		x, err := journal.ParseID(fmt.Sprintf("01900000-0000-7000-8000-%012d", i))
		if err != nil {
			panic(err)
		}
		return x
	}
	usd := currency.MustLookup("USD")
	partners := []string{"C1", "C2", "C3", "C4"}
	in := make([]journal.Entry, n)
	var plain []int // indexes of the entries posted as they are, for reversals and replays
	for i := range in {
		date := journal.MustDate(2026, 1, 1).AddDays(i * 700 / n) // two years, in order
		if i%13 == 6 {
			date = date.AddDays(-40) // backdated
		}
		p := partners[i*7%len(partners)]
		cents := int64(1000 + i*137%90_000)
		var x journal.Entry
		keep := !date.Before(journal.MustDate(2026, 1, 1)) // else refused: no fiscal year
		switch {
		case i%17 == 9 && len(plain) > 0: // replay of an earlier entry, maybe in an earlier batch
			x, keep = in[plain[i*31%len(plain)]], false
		case i%29 == 14 && len(plain) > 0: // same id, other content
			x, keep = in[plain[i*31%len(plain)]], false
			x.Label = "autre"
		case i%23 == 11 && len(plain) > 2: // reversal of an entry far back or just before
			orig := in[plain[len(plain)-1-i%3*(len(plain)-1)/2]]
			x, keep = orig.Reversal(id(i), orig.Date.AddDays(1)), false
		case i%41 == 20: // refused: does not balance
			x, keep = splitSale(id(i), p, date, cents), false
			x.Lines[0].Balance = currency.FromMinor(eur, cents+1)
		case i%43 == 21: // refused: unknown account
			x, keep = splitSale(id(i), p, date, cents), false
			x.Lines[1].Account = "999999"
		case i%5 == 1:
			x = journal.Entry{ID: id(i), Journal: "BQD", Date: date, Type: journal.TypePayment, Label: "Règlement " + p,
				Lines: []journal.Line{
					{Account: "512000", Balance: currency.FromMinor(eur, cents)},
					{Account: "411000", Partner: p, Balance: currency.FromMinor(eur, -cents)},
				}}
		case i%7 == 2:
			x = journal.Entry{ID: id(i), Journal: "AC", Date: date, Type: journal.TypeInvoice, Ref: fmt.Sprintf("F-%d", i),
				Lines: []journal.Line{
					{Account: "607000", Balance: currency.FromMinor(eur, cents)},
					{Account: "445660", Balance: currency.FromMinor(eur, cents/5)},
					{Account: "401000", Partner: "S1", DueDate: date.AddDays(45), Balance: currency.FromMinor(eur, -cents-cents/5)},
				}}
		case i%11 == 3: // dollars, converted at the rate of the date
			x = journal.Entry{ID: id(i), Journal: "VT", Date: date, Type: journal.TypeInvoice, Currency: usd,
				Lines: []journal.Line{
					{Account: "411000", Partner: p, DueDate: date.AddDays(30), AmountCurrency: currency.FromMinor(usd, cents)},
					{Account: "706000", AmountCurrency: currency.FromMinor(usd, -cents/3)},
					{Account: "707000", AmountCurrency: currency.FromMinor(usd, -cents+cents/3)},
				}}
		case i%19 == 4: // dollars with the euro amounts given
			x = journal.Entry{ID: id(i), Journal: "BQD", Date: date, Type: journal.TypePayment, Currency: usd,
				Lines: []journal.Line{
					{Account: "512000", AmountCurrency: currency.FromMinor(usd, cents), Balance: currency.FromMinor(eur, cents*5/6)},
					{Account: "411000", Partner: p, AmountCurrency: currency.FromMinor(usd, -cents), Balance: currency.FromMinor(eur, -cents*5/6)},
				}}
		case i%9 == 5:
			x = journal.Entry{ID: id(i), Journal: "OD", Date: date, Label: "Frais bancaires",
				Lines: []journal.Line{
					{Account: "627000", Balance: currency.FromMinor(eur, cents%5000+1)},
					{Account: "512000", Balance: currency.FromMinor(eur, -(cents%5000 + 1))},
				}}
		default:
			x = splitSale(id(i), p, date, cents)
		}
		if keep {
			plain = append(plain, i)
		}
		in[i] = x
	}
	// A reversal of a reversal, refused.
	for i := range in {
		if in[i].ReversalOf != journal.NoID && i+1 < n {
			in[n-1] = in[i].Reversal(id(n-1), in[i].Date)
			break
		}
	}
	return in
}

// splitSale is a three-line sales invoice of cents TTC with 20 % VAT.
func splitSale(id journal.ID, p string, date journal.Date, cents int64) journal.Entry {
	ht := cents * 5 / 6
	return journal.Entry{ID: id, Journal: "VT", Date: date, Type: journal.TypeInvoice, Ref: "FA-" + id.String()[24:],
		Lines: []journal.Line{
			{Account: "411000", Partner: p, DueDate: date.AddDays(30), Balance: currency.FromMinor(eur, cents)},
			{Account: "706000", Balance: currency.FromMinor(eur, -ht)},
			{Account: "445710", Balance: currency.FromMinor(eur, ht-cents)},
		}}
}

// splitBook is a book for TestBatchSplitIdentical: a fixed clock (one
// instant: the clock is read once per entry and once per transaction, so a
// ticking clock would give the same entry other posting times under other
// batchings), years 2026 and 2027, the French chart, partners and two USD
// rates.
func splitBook(t *testing.T, st store.Store) *Book {
	t.Helper()
	at := time.Date(2027, 12, 31, 18, 0, 0, 0, time.UTC)
	b, err := Create(ctx, st, Options{Currency: eur, Clock: func() time.Time { return at }})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2026)))
	require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2027)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	for _, p := range []string{"C1", "C2", "C3", "C4", "S1"} {
		require.NoError(t, b.AddPartner(ctx, Partner{Code: p, Name: "Partner " + p}))
	}
	require.NoError(t, b.SetRate(ctx, usd, journal.MustDate(2026, 1, 1), currency.MustParseRate("1.20")))
	require.NoError(t, b.SetRate(ctx, usd, journal.MustDate(2026, 9, 1), currency.MustParseRate("1.0875")))
	return b
}

// postInBatches posts in in batches of size (1: one Post per entry) and
// returns the results in order.
func postInBatches(t *testing.T, b *Book, in []journal.Entry, size int) []PostResult {
	t.Helper()
	out := make([]PostResult, 0, len(in))
	for i := 0; i < len(in); i += size {
		part := in[i:min(i+size, len(in))]
		if size == 1 {
			res, err := b.Post(ctx, part[0])
			if err != nil {
				require.True(t, isRefusal(err), "entry %d: %v", i, err)
			}
			out = append(out, res)
			continue
		}
		res, err := b.PostBatch(ctx, part, BatchOptions{})
		require.NoError(t, err)
		out = append(out, res...)
	}
	return out
}

// bucketDump renders the raw keys and values of bucket.
func bucketDump(t *testing.T, st store.Store, bucket []byte) string {
	t.Helper()
	var s strings.Builder
	require.NoError(t, st.View(ctx, func(tx store.Tx) error {
		s.Reset()
		return tx.Scan(bucket, nil, nil, false, func(k, v []byte) error {
			fmt.Fprintf(&s, "%x %x\n", k, v)
			return nil
		})
	}))
	return s.String()
}

// TestBatchSplitIdentical: the same entries posted one Post at a time, in
// batches of 7 and of 200, in batches of splitPipelined (through the
// pipeline) and in one batch make the same book: the same result per entry
// (refusals, replays, numbers, sequences, posting times, hashes), the same
// journal chain heads, the same log bucket byte for byte — its records
// plain up to the 64th entry and compressed after, with the dictionary
// the batches built as they posted (logdict.go) — and, once indexed, the
// same store byte for byte.
func TestBatchSplitIdentical(t *testing.T) {
	t.Parallel()
	in := splitEntries(splitEntriesN)
	sizes := []int{1, 7, 200, splitPipelined, len(in)}
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			var (
				sts     []store.Store
				books   []*Book
				results [][]PostResult
			)
			for _, size := range sizes {
				st := s.Open(t)
				b := splitBook(t, st)
				results = append(results, postInBatches(t, b, in, size))
				sts, books = append(sts, st), append(books, b)
			}
			assertSplitKinds(t, in, results[0])
			packedN := 0
			for seq, v := range logValues(t, sts[0]) {
				if packed(v) {
					packedN++
					assert.Greater(t, seq, uint64(logDictEntries), "compressed record %d", seq)
				}
			}
			assert.Greater(t, packedN, splitEntriesN/2, "records compressed")
			for k := 1; k < len(sizes); k++ {
				name := fmt.Sprintf("batches of %d vs one by one", sizes[k])
				for i := range in {
					w, g := results[0][i], results[k][i]
					if w.Err != nil || g.Err != nil {
						assert.Equal(t, fmt.Sprint(w.Err), fmt.Sprint(g.Err), "%s: entry %d", name, i)
						continue
					}
					assert.Equal(t, w.Replay, g.Replay, "%s: entry %d", name, i)
					assert.Equal(t, w.Entry.ID, g.Entry.ID, "%s: entry %d", name, i)
					assert.Equal(t, w.Entry.Name(), g.Entry.Name(), "%s: entry %d", name, i)
					assert.Equal(t, w.Entry.Seq, g.Entry.Seq, "%s: entry %d", name, i)
					assert.True(t, w.Entry.PostedAt.Equal(g.Entry.PostedAt), "%s: entry %d: posted at %s and %s", name, i, w.Entry.PostedAt, g.Entry.PostedAt)
					assert.Equal(t, fmt.Sprint(w.Entry.Lines), fmt.Sprint(g.Entry.Lines), "%s: entry %d", name, i)
					assert.Equal(t, w.Entry.Hash, g.Entry.Hash, "%s: entry %d", name, i)
				}
				assert.Equal(t, bucketDump(t, sts[0], ixHead), bucketDump(t, sts[k], ixHead), "%s: stored chain heads", name)
				assert.Equal(t, bucketDump(t, sts[0], bLog), bucketDump(t, sts[k], bLog), "%s: log bucket", name)
			}
			var seals []Seal
			for k, b := range books {
				require.NoError(t, b.Index(ctx))
				require.NoError(t, b.Check(ctx), "batches of %d", sizes[k])
				require.NoError(t, b.Verify(ctx), "batches of %d", sizes[k])
				seal, err := b.Seal(ctx)
				require.NoError(t, err)
				seals = append(seals, seal)
			}
			for k := 1; k < len(sizes); k++ {
				name := fmt.Sprintf("batches of %d vs one by one", sizes[k])
				assert.Equal(t, seals[0], seals[k], "%s: seal", name)
				assert.Equal(t, withoutZeroLag(logicalDump(t, sts[0])), withoutZeroLag(logicalDump(t, sts[k])), "%s: whole store, indexed", name)
			}
		})
	}
}

// logicalDump is dump with the blocks of the line and number indexes and
// the runs of the id index expanded: how a book groups their keys depends on which entries one
// transaction indexed together, what they hold does not.
func logicalDump(t testing.TB, st store.Store) string {
	var b strings.Builder
	require.NoError(t, st.View(ctx, func(tx store.Tx) error {
		b.Reset()
		for _, bk := range allBuckets {
			if string(bk) == string(bEntry) || string(bk) == string(bEntryRun) {
				// Whether an id sits alone or in a run depends on the
				// greatest id indexed when its transaction indexed it.
				var ids []string
				err := tx.Scan(bEntry, nil, nil, false, func(k, v []byte) error {
					ids = append(ids, fmt.Sprintf("%s %x %x\n", bEntry, k, v))
					return nil
				})
				if err != nil {
					return err
				}
				err = tx.Scan(bEntryRun, nil, nil, false, func(k, v []byte) error {
					return expandEntryRun(k, v, func(id []byte, seq uint64) error {
						ids = append(ids, fmt.Sprintf("%s %x %x\n", bEntry, id, seqKey(seq)))
						return nil
					})
				})
				if err != nil {
					return err
				}
				if string(bk) == string(bEntry) {
					slices.Sort(ids)
					b.WriteString(strings.Join(ids, ""))
				}
				continue
			}
			err := tx.Scan(bk, nil, nil, false, func(k, v []byte) error {
				switch {
				case isLineIndex(bk):
					return expandLineBlock(k, v, func(lk []byte) error {
						fmt.Fprintf(&b, "%s %x\n", bk, lk)
						return nil
					})
				case string(bk) == string(ixNumber):
					return expandNumberRun(k, v, func(lk []byte, seq uint64) error {
						fmt.Fprintf(&b, "%s %x %d\n", bk, lk, seq)
						return nil
					})
				}
				fmt.Fprintf(&b, "%s %x %x\n", bk, k, v)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	}))
	return b.String()
}

// withoutZeroLag removes from a dump the lag counter at 0. A book whose
// posts never lagged behind their indexes (one batch of IndexLagMax entries
// or more, indexed as it posts) never writes that counter; one whose posts
// lagged writes it back to 0 when it catches up. A missing counter reads as
// 0 (index.go), so both say the same: nothing lags.
func withoutZeroLag(dump string) string {
	zero := fmt.Sprintf("%s %x %x\n", bCounter, ctrLag, u64(nil, 0))
	return strings.Replace(dump, zero, "", 1)
}

// assertSplitKinds checks that the entries posted one by one hold every
// kind splitEntries means to make, and that the one-by-one posts crossed
// the index lag.
func assertSplitKinds(t *testing.T, in []journal.Entry, res []PostResult) {
	t.Helper()
	kinds := map[string]int{}
	journals := map[string]bool{}
	for i, r := range res {
		switch {
		case r.Err != nil:
			kinds["refused"]++
		case r.Replay:
			kinds["replay"]++
		case in[i].ReversalOf != journal.NoID:
			kinds["reversal"]++
		case !in[i].Currency.IsZero():
			kinds["usd"]++
		default:
			kinds["plain"]++
		}
		if r.Err == nil {
			journals[in[i].Journal] = true
		}
	}
	for _, k := range []string{"refused", "replay", "reversal", "usd"} {
		assert.GreaterOrEqual(t, kinds[k], 5, "%s entries: %v", k, kinds)
	}
	assert.Len(t, journals, 4, "journals: %v", journals)
	assert.Greater(t, kinds["plain"]+kinds["reversal"]+kinds["usd"], 2*IndexLagMax, "posted entries: %v", kinds)
}

// TestBatchIndexWritesKept: a batch that leaves its indexes to lag keeps
// the index writes its encoder made, and the catch-up applies them instead
// of decoding its entries: the book it makes is the one another handle
// makes from the log alone (its cache empty). Writes that went stale —
// another handle indexed the lag in between — are not applied: nothing is
// indexed twice, and Check finds nothing. (The test memstore runs each
// Update twice and rolls the first back, which takes the kept writes: on
// it the catch-up decodes; boltstore applies them.)
func TestBatchIndexWritesKept(t *testing.T) {
	in := splitEntries(splitEntriesN)
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			kept, cold := s.Open(t), s.Open(t)
			a, b := splitBook(t, kept), splitBook(t, cold)
			postInBatches(t, a, in, splitPipelined)
			postInBatches(t, b, in, splitPipelined)
			a.lagged.mu.Lock()
			runs := len(a.lagged.runs)
			a.lagged.mu.Unlock()
			require.NotZero(t, runs, "the batches kept their index writes")
			b2, err := Open(ctx, cold, Options{Currency: eur, Clock: b.clock})
			require.NoError(t, err)
			require.NoError(t, a.Index(ctx))
			require.NoError(t, b2.Index(ctx))
			a.lagged.mu.Lock()
			assert.Empty(t, a.lagged.runs, "taken by the catch-up")
			a.lagged.mu.Unlock()
			assert.Equal(t, withoutZeroLag(logicalDump(t, cold)), withoutZeroLag(logicalDump(t, kept)), "kept writes vs decoded from the log")
			require.NoError(t, a.Check(ctx))

			// Stale: a posts and keeps, another handle indexes, a posts
			// again and catches up.
			st := s.Open(t)
			c := splitBook(t, st)
			postInBatches(t, c, in[:2*splitPipelined], splitPipelined)
			other, err := Open(ctx, st, Options{Currency: eur, Clock: c.clock})
			require.NoError(t, err)
			require.NoError(t, other.Index(ctx))
			postInBatches(t, c, in[2*splitPipelined:], splitPipelined)
			require.NoError(t, c.Index(ctx))
			require.NoError(t, c.Check(ctx))
			assert.Equal(t, withoutZeroLag(logicalDump(t, kept)), withoutZeroLag(logicalDump(t, st)), "stale writes left out")
		})
	}
}
