package ledger

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
)

// openItemsOf reads every open item of account in one transaction, keeping
// their entries (as AutoLetter's proposer does) or not.
func openItemsOf(t testing.TB, b *Book, account string, keep bool) []OpenItem {
	t.Helper()
	var out []OpenItem
	eachOpenItems(t, b, account, keep, func(items []OpenItem) { out = append(out, items...) })
	return out
}

// eachOpenItems calls fn with the open items of account, partner by
// partner, read in one transaction.
func eachOpenItems(t testing.TB, b *Book, account string, keep bool, fn func([]OpenItem)) {
	t.Helper()
	require.NoError(t, b.View(ctx, func(tx *Tx) error {
		tx.openEntries = keep
		return tx.EachOpenGroup(account, "", func(_ string, items []OpenItem) (bool, error) {
			fn(items)
			return true, nil
		})
	}))
}

// TestHrev234OpenItemReadsOneLine: an open item read without its entry
// (the record's one line converted) says what the entry says of it,
// field by field, and what an item read with its entry says; the entry
// an item carries is the posted entry, every line of it. Lines in a
// foreign currency, a discount offer, a reversal, a bank line labelled as
// its entry, an invoice with two due lines, on every backend.
func TestHrev234OpenItemReadsOneLine(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			inv := sale("C1", d(3, 10), "120.00")
			inv.Ref, inv.Label = "CMD-7", "Sale of March"
			inv.DiscountOffer = &journal.DiscountOffer{Amount: e("2.40"), Until: d(3, 20)}
			inv = mustPost(t, b, inv)
			pay := receipt("C1", d(3, 12), "70.00")
			pay.Label, pay.Lines[1].Label = "VIR C1 VT/2026/00001", "VIR C1 VT/2026/00001"
			pay = mustPost(t, b, pay)
			two := journal.Entry{Journal: "VT", Date: d(4, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: "C2", Balance: e("60.00"), DueDate: d(5, 1), Label: "first half"},
				{Account: "411000", Partner: "C2", Balance: e("60.00"), DueDate: d(6, 1)},
				{Account: "706000", Balance: e("-120.00")}}}
			two = mustPost(t, b, two)
			usdInv := journal.Entry{Journal: "VT", Date: d(4, 2), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
				{Account: "411000", Partner: "C2", AmountCurrency: u("100.00")},
				{Account: "706000", AmountCurrency: u("-100.00")}}}
			usdInv = mustPost(t, b, usdInv)
			rev, err := b.Reverse(ctx, pay.ID, ReverseOptions{Date: d(3, 15)})
			require.NoError(t, err)
			posted := map[journal.ID]journal.Entry{}
			for _, x := range []journal.Entry{inv, pay, two, usdInv, rev.Entry} {
				got, err := b.Entry(ctx, x.ID)
				require.NoError(t, err)
				posted[x.ID] = got
			}

			lean, kept := openItemsOf(t, b, "411000", false), openItemsOf(t, b, "411000", true)
			require.Len(t, lean, 6)
			require.Len(t, kept, len(lean))
			for i, it := range lean {
				e, ok := posted[it.Ref.Entry]
				require.True(t, ok, it.Ref)
				l := e.Lines[it.Ref.Index]
				require.Nil(t, it.entry)
				require.Equal(t, e.Name(), it.Number)
				require.Equal(t, e.Seq, it.Seq)
				require.Equal(t, e.Type, it.Type)
				require.Equal(t, e.Ref, it.EntryRef)
				require.Equal(t, e.ReversalOf, it.ReversalOf)
				require.Equal(t, e.Journal, it.Journal)
				require.Equal(t, e.Date, it.Date)
				require.Equal(t, e.Label, it.EntryLabel)
				require.Equal(t, e.DiscountOffer, it.DiscountOffer)
				require.Equal(t, l.DueDate, it.DueDate)
				require.Equal(t, l.Partner, it.Partner)
				require.Equal(t, l.Label, it.Label)
				require.True(t, l.Balance.Equal(it.Balance), "%s: %s", it.Ref, it.Balance)
				require.True(t, l.AmountCurrency.Equal(it.Amount), "%s: %s", it.Ref, it.Amount)
				require.True(t, l.Balance.Equal(it.Residual.Balance), it.Ref)
				require.True(t, l.AmountCurrency.Equal(it.Residual.AmountCurrency), it.Ref)

				k := kept[i]
				require.NotNil(t, k.entry, k.Ref)
				require.Equal(t, e, *k.entry, "the entry an item carries is the posted entry")
				k.entry = nil
				require.Equal(t, it, k, "an item read with its entry is the item read without")
			}
		})
	}
}

// BenchmarkHrev234OpenItems reads the open items of a bbolt book of
// 3 000 two- and three-line entries over 100 partners, partner by
// partner, as AutoLetter's proposer does: "entries" keeps each item's
// entry (AutoLetter), "items" does not (Propose, the listings).
//
//	go test ./ledger -run '^$' -bench Hrev234OpenItems -benchmem
func BenchmarkHrev234OpenItems(b *testing.B) {
	st, err := boltstore.Open(filepath.Join(b.TempDir(), "book.db"), boltstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	bk := testBook(b, st)
	const partners = 100
	for p := range partners {
		if err := bk.AddPartner(ctx, Partner{Code: fmt.Sprintf("P%04d", p)}); err != nil {
			b.Fatal(err)
		}
	}
	var entries []journal.Entry
	for i := range 2000 {
		p := fmt.Sprintf("P%04d", i%partners)
		entries = append(entries, sale(p, d(time.Month(1+i%12), 1+i%28), fmt.Sprintf("%d.%02d", 100+i, i%100)))
		if i%2 == 0 {
			pay := receipt(p, d(time.Month(1+i%12), 1+i%28), fmt.Sprintf("%d.%02d", 50+i, i%100))
			pay.Label = "VIR " + p
			pay.Lines[1].Label = pay.Label
			entries = append(entries, pay)
		}
	}
	if _, err := bk.PostBatch(ctx, entries, BatchOptions{}); err != nil {
		b.Fatal(err)
	}
	if err := bk.Index(ctx); err != nil {
		b.Fatal(err)
	}
	for _, keep := range []bool{true, false} {
		name := "items"
		if keep {
			name = "entries"
		}
		b.Run(name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = 0
				eachOpenItems(b, bk, "411000", keep, func(items []OpenItem) { n += len(items) })
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*b.N), "ns/item")
		})
	}
}

// TestHrev234InPlaceReadMatchesDecMode: a log record read in place (codes
// through a name table shared by every record, amounts parsed from the
// record, its lines lent by a buffer) gives the entry, or the error, that
// the reflection decoder's record gives; read for one line alone, the
// same header and that line, whenever the whole record makes an entry.
// Random records and entries, and those damaged at random (replay with
// -codecseed).
func TestHrev234InPlaceReadMatchesDecMode(t *testing.T) {
	t.Parallel()
	seed := *codecSeedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("replay with: go test ./ledger -run TestHrev234InPlaceReadMatchesDecMode -codecseed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x234))
	resolve := func(code string) (currency.Currency, error) { return currency.Lookup(code) }
	var lines []lineRec
	var names nameTable
	hash := bytes.Repeat([]byte{7}, sha256.Size)
	check := func(b []byte) {
		raw := append(bytes.Clone(hash), b...)
		var slow entryRec
		slowErr := decMode.Unmarshal(b, &slow)
		var r entryRec
		err := readLogRecord(raw, &r, &lines, &names, 0)
		if slowErr != nil {
			require.Error(t, err, "read in place what decMode refuses: %x", b)
			return
		}
		require.NoError(t, err, "%x", b)
		slow.Hash = hash
		want, wantErr := slow.entryWith(eur, resolve)
		got, gotErr := r.entryWith(eur, resolve)
		if wantErr != nil {
			require.EqualError(t, gotErr, wantErr.Error(), "%x", b)
			return
		}
		require.NoError(t, gotErr, "%x", b)
		require.Equal(t, want, got, "%x", b)
		for i := range want.Lines {
			var one entryRec
			require.NoError(t, readLogRecord(raw, &one, &lines, &names, i+1))
			var e journal.Entry
			require.NoError(t, one.entryInto(&e, eur, resolve, make([]journal.Line, 0, len(want.Lines)), i+1), "%x", b)
			require.Equal(t, want.Lines[i], e.Lines[i], "line %d of %x", i, b)
			for j := range e.Lines {
				if j != i {
					require.Equal(t, journal.Line{}, e.Lines[j], "line %d of %x, read for line %d", j, b, i)
				}
			}
			head, wantHead := e, want
			head.Lines, wantHead.Lines = nil, nil
			require.Equal(t, wantHead, head, "%x", b)
		}
	}
	for range 1500 {
		e := randomCodecEntry(rng)
		r := logRecordOf(&e, []byte{1, 2, 3})
		b := appendEntryRec(nil, &r)
		check(b)
		for range 8 {
			check(damaged(rng, b))
		}
		rr := randomEntryRec(rng)
		check(appendEntryRec(nil, &rr))
	}
}
