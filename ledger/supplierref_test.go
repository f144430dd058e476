package ledger

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
)

// purchase is a supplier bill (or, with typ journal.TypeCreditNote, a
// supplier credit note) of 120.00 to partner p under reference ref.
func purchase(p string, date journal.Date, typ journal.EntryType, ref string) journal.Entry {
	sign := e("120.00")
	if typ == journal.TypeCreditNote {
		sign = sign.Neg()
	}
	ht, _ := sign.Sub(e("20.00"))
	vat := e("20.00")
	if typ == journal.TypeCreditNote {
		ht, _ = sign.Add(e("20.00"))
		vat = vat.Neg()
	}
	return journal.Entry{Journal: "AC", Date: date, Type: typ, Ref: ref, Lines: []journal.Line{
		{Account: "401000", Partner: p, Balance: sign.Neg()},
		{Account: "607000", Balance: ht},
		{Account: "445660", Balance: vat},
	}}
}

func bill(p string, date journal.Date, ref string) journal.Entry {
	return purchase(p, date, journal.TypeInvoice, ref)
}

// TestSupplierRefDuplicates posts, on one book per backend, a first
// document then a second, and says whether the book refuses the second
// as the same supplier document entered twice. The first documents lie
// in the entries lagging behind the indexes, or, after a read that
// indexes them, in the partner line index: both are searched.
func TestSupplierRefDuplicates(t *testing.T) {
	t.Parallel()
	bill2 := func(ref string) journal.Entry { return bill("S1", d(3, 2), ref) }
	cases := []struct {
		name          string
		first, second journal.Entry
		refused       bool
	}{
		{"same supplier, same reference", bill("S1", d(3, 1), "FA-001"), bill2("FA-001"), true},
		{"another date", bill("S1", d(1, 15), "FA-002"), bill("S1", d(6, 30), "FA-002"), true},
		{"surrounding spaces and case", bill("S1", d(3, 1), "fa-003"), bill2("  FA-003 "), true},
		{"inner spaces", bill("S1", d(3, 1), "FA  004"), bill2("FA 004"), true},
		{"separators count", bill("S1", d(3, 1), "FA-005"), bill2("FA005"), false},
		{"another supplier", bill("S1", d(3, 1), "FA-006"), bill("S2", d(3, 2), "FA-006"), false},
		{"bill then credit note", bill("S1", d(3, 1), "FA-007"), purchase("S1", d(3, 2), journal.TypeCreditNote, "FA-007"), false},
		{"credit note twice", purchase("S1", d(3, 1), journal.TypeCreditNote, "AV-001"), purchase("S1", d(3, 2), journal.TypeCreditNote, "av-001"), true},
		{"empty reference", bill("S1", d(3, 1), ""), bill2(""), false},
		{"reference of spaces", bill("S1", d(3, 1), "  "), bill2(" "), false},
		{"customer invoices", withRef(sale("C1", d(3, 1), "120.00"), "VT-1"), withRef(sale("C1", d(3, 2), "120.00"), "VT-1"), false},
		{"a bill on the customer's side", withRef(sale("S1", d(3, 1), "120.00"), "FA-008"), bill2("FA-008"), false},
	}
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			require.NoError(t, b.AddPartner(ctx, Partner{Code: "S2", Name: "Partner S2"}))
			for _, indexed := range []bool{false, true} {
				for _, c := range cases {
					first, second := c.first, c.second
					if indexed {
						// Other numbers, alike as the first round's.
						first.Ref, second.Ref = strings.Replace(first.Ref, "0", "9", 1), strings.Replace(second.Ref, "0", "9", 1)
					}
					posted := mustPost(t, b, first)
					if indexed {
						_, err := b.OpenItems(ctx, "401000", "S1") // a read indexes the lag
						require.NoError(t, err)
					}
					// A refusal writes nothing: compared byte for byte on
					// one backend, the dump being most of the test's time.
					var before string
					if s.Name == "boltstore" {
						before = dump(t, st)
					}
					_, err := b.Post(ctx, second)
					if !c.refused {
						assert.NoError(t, err, "%s (indexed %v)", c.name, indexed)
						continue
					}
					var dup *DuplicateReferenceError
					if !assert.ErrorAs(t, err, &dup, "%s (indexed %v)", c.name, indexed) {
						continue
					}
					assert.ErrorIs(t, err, ErrDuplicateReference)
					assert.Equal(t, posted.ID, dup.Existing, c.name)
					assert.Equal(t, posted.Name(), dup.ExistingNumber, c.name)
					assert.Equal(t, posted.Date, dup.ExistingDate, c.name)
					assert.Equal(t, first.Ref, dup.ExistingRef, c.name)
					assert.Equal(t, second.Ref, dup.Ref, c.name)
					assert.Equal(t, "S1", dup.Supplier, c.name)
					assert.Contains(t, err.Error(), posted.Name())
					if before != "" {
						assert.Equal(t, before, dump(t, st), "%s: a refusal writes nothing", c.name)
					}
				}
			}
			require.NoError(t, b.Check(ctx))
		})
	}
}

func withRef(x journal.Entry, ref string) journal.Entry {
	x.Ref = ref
	return x
}

// TestSupplierRefOverridesAndBatches pins what lets a reference repeat
// (the override, a reversal, a replay) and the check inside one batch.
func TestSupplierRefOverridesAndBatches(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)

			// A replay of the very entry is no duplicate.
			first := bill("S1", d(3, 1), "FA-100")
			first.ID = journal.NewID()
			mustPost(t, b, first)
			res, err := b.Post(ctx, first)
			require.NoError(t, err)
			assert.True(t, res.Replay)

			// The override, in a batch and in Book.Update.
			results, err := b.PostBatch(ctx, []journal.Entry{bill("S1", d(3, 2), "FA-100")}, BatchOptions{AllowDuplicateRef: true})
			require.NoError(t, err)
			require.NoError(t, results[0].Err)
			require.NoError(t, b.Update(ctx, func(t *Tx) error {
				t.AllowDuplicateRefs()
				_, _, err := t.Post(bill("S1", d(3, 3), "FA-100"))
				return err
			}))
			err = b.Update(ctx, func(t *Tx) error {
				_, _, err := t.Post(bill("S1", d(3, 3), "FA-100"))
				return err
			})
			assert.ErrorIs(t, err, ErrDuplicateReference)

			// A reversed bill no longer counts, in a later post and
			// within the transaction that reverses it.
			cancelled := mustPost(t, b, bill("S1", d(3, 1), "FA-200"))
			_, err = b.Reverse(ctx, cancelled.ID, ReverseOptions{})
			require.NoError(t, err)
			mustPost(t, b, bill("S1", d(3, 5), "FA-200"))
			_, err = b.Post(ctx, bill("S1", d(3, 6), "FA-200"))
			assert.ErrorIs(t, err, ErrDuplicateReference, "the bill entered again counts")
			require.NoError(t, b.Update(ctx, func(t *Tx) error {
				x, _, err := t.Post(bill("S1", d(3, 1), "FA-300"))
				if err != nil {
					return err
				}
				if _, _, err := t.Post(x.Reversal(journal.NoID, x.Date)); err != nil {
					return err
				}
				_, _, err = t.Post(bill("S1", d(3, 2), "FA-300"))
				return err
			}))

			// Two bills alike in one batch: the second is refused, the
			// other entries post; all or nothing posts none.
			batch := []journal.Entry{bill("S1", d(4, 1), "FA-400"), bill("S1", d(4, 1), "FA-402"), bill("S1", d(4, 2), "fa-400"), bill("S1", d(4, 2), "FA-401")}
			results, err = b.PostBatch(ctx, batch, BatchOptions{})
			require.NoError(t, err)
			assert.NoError(t, results[0].Err)
			assert.NoError(t, results[1].Err)
			var dup *DuplicateReferenceError
			require.ErrorAs(t, results[2].Err, &dup)
			assert.Equal(t, results[0].Entry.ID, dup.Existing)
			assert.Equal(t, results[0].Entry.Name(), dup.ExistingNumber)
			assert.NoError(t, results[3].Err)

			before := dump(t, st)
			batch = []journal.Entry{bill("S1", d(5, 1), "FA-500"), bill("S1", d(5, 2), "FA-500")}
			results, err = b.PostBatch(ctx, batch, BatchOptions{AllOrNothing: true})
			require.NoError(t, err)
			assert.ErrorIs(t, results[0].Err, ErrBatchAborted)
			assert.ErrorIs(t, results[1].Err, ErrDuplicateReference)
			assert.Equal(t, before, dump(t, st), "an aborted batch writes nothing")
			require.NoError(t, b.Check(ctx))
		})
	}
}

// TestSupplierRefLargeBatch posts a batch large enough to run the
// pipeline (IndexLagMax entries and more) after a batch left lagging: a
// bill of the first batch repeated in the second, and two alike inside
// the second, are refused; nothing else is.
func TestSupplierRefLargeBatch(t *testing.T) {
	t.Parallel()
	st := stores[1].Open(t)
	b := testBook(t, st)
	mk := func(n int, prefix string) []journal.Entry {
		out := make([]journal.Entry, n)
		for i := range out {
			out[i] = bill("S1", d(2, 1+i%28), prefix+string(rune('A'+i%26))+string(rune('A'+i/26%26))+string(rune('A'+i/676)))
		}
		return out
	}
	first := mk(IndexLagMax, "A-")
	results, err := b.PostBatch(ctx, first, BatchOptions{})
	require.NoError(t, err)
	for _, r := range results {
		require.NoError(t, r.Err)
	}
	second := mk(IndexLagMax+10, "B-")
	second[7] = bill("S1", d(3, 1), first[100].Ref)
	second[IndexLagMax+3] = bill("S1", d(3, 1), second[200].Ref)
	results, err = b.PostBatch(ctx, second, BatchOptions{})
	require.NoError(t, err)
	for i, r := range results {
		switch i {
		case 7, IndexLagMax + 3:
			assert.True(t, errors.Is(r.Err, ErrDuplicateReference), "entry %d: %v", i, r.Err)
		default:
			assert.NoError(t, r.Err, "entry %d", i)
		}
	}
	require.NoError(t, b.Check(ctx))
}

// TestSupplierRefHashNormalises pins that the Book's cache keys a
// reference as the check compares it: a reference and its normal form
// hash alike, another supplier, type or reference does not.
func TestSupplierRefHashNormalises(t *testing.T) {
	t.Parallel()
	c := newSupplierCache()
	for _, ref := range []string{"FA-001", "  fa  001 ", "é\tß 12", "x", " ǆ\u00a0y ", "e\u00ad\u0301 ﬁ\u200b２", "µ μ Μ", "\ufeff"} {
		assert.Equal(t, c.hash("S1", journal.TypeInvoice, normalRef(ref)), c.hash("S1", journal.TypeInvoice, ref), "%q", ref)
	}
	h := c.hash("S1", journal.TypeInvoice, "FA-001")
	assert.NotEqual(t, h, c.hash("S2", journal.TypeInvoice, "FA-001"))
	assert.NotEqual(t, h, c.hash("S1", journal.TypeCreditNote, "FA-001"))
	assert.NotEqual(t, h, c.hash("S1", journal.TypeInvoice, "FA001"))
}

// TestSupplierRefCacheHandles pins the Book's cache of supplier documents
// on every backend, with two handles of one book as two processes have:
// a bill the other handle posts after this one's cache was filled is
// refused here; a bill of a rolled-back transaction, and one whose
// reversal another handle posted, are not remembered; a supplier first
// met after the cache was filled is read in full; and Check empties it.
func TestSupplierRefCacheHandles(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			a := testBook(t, st)
			a.strict = false // Check would empty the cache after each write
			for _, p := range []string{"S2", "S3"} {
				require.NoError(t, a.AddPartner(ctx, Partner{Code: p, Name: "Partner " + p}))
			}
			other, err := Open(ctx, st, Options{Clock: fixedClock()})
			require.NoError(t, err)

			mustPost(t, a, bill("S1", d(3, 1), "FA-1"))
			mustPost(t, other, bill("S2", d(3, 1), "FA-2")) // S2, before a reads it
			_, err = a.Post(ctx, bill("S1", d(3, 2), "FA-1"))
			require.ErrorIs(t, err, ErrDuplicateReference, "the cache filled")

			// The other handle's bill, in the log's tail a reads next.
			x := mustPost(t, other, bill("S1", d(3, 3), "FA-3"))
			_, err = a.Post(ctx, bill("S1", d(3, 4), "fa-3"))
			var dup *DuplicateReferenceError
			require.ErrorAs(t, err, &dup, "a bill another handle posted")
			assert.Equal(t, x.ID, dup.Existing)
			_, err = a.Post(ctx, bill("S2", d(3, 4), "FA-2"))
			assert.ErrorIs(t, err, ErrDuplicateReference, "a supplier met after the cache was filled")

			// Reversed through the other handle: a bill may repeat it.
			_, err = other.Reverse(ctx, x.ID, ReverseOptions{})
			require.NoError(t, err)
			mustPost(t, a, bill("S1", d(3, 5), "FA-3"))

			// A rolled-back bill is not remembered, by either handle.
			rollback := errors.New("rolled back")
			err = a.Update(ctx, func(t *Tx) error {
				if _, _, err := t.Post(bill("S1", d(3, 6), "FA-4")); err != nil {
					return err
				}
				return rollback
			})
			require.ErrorIs(t, err, rollback)
			// And one posted under the override before its supplier was
			// read: the transaction's own, never the cache's.
			err = a.Update(ctx, func(t *Tx) error {
				t.AllowDuplicateRefs()
				if _, _, err := t.Post(bill("S3", d(3, 6), "FA-5")); err != nil {
					return err
				}
				t.dupRefsAllowed = false // as no caller can: S3 read after its bill
				if _, _, err := t.Post(bill("S3", d(3, 6), "FA-6")); err != nil {
					return err
				}
				return rollback
			})
			require.ErrorIs(t, err, rollback)
			mustPost(t, a, bill("S1", d(3, 7), "FA-4"))
			mustPost(t, a, bill("S3", d(3, 7), "FA-5"))
			_, err = other.Post(ctx, bill("S1", d(3, 8), "FA-4"))
			assert.ErrorIs(t, err, ErrDuplicateReference)
			_, err = other.Post(ctx, bill("S3", d(3, 8), "FA-5"))
			assert.ErrorIs(t, err, ErrDuplicateReference)

			require.NoError(t, a.Check(ctx))
			a.supplier.mu.Lock()
			assert.False(t, a.supplier.ok, "Check empties the cache")
			a.supplier.mu.Unlock()
			_, err = a.Post(ctx, bill("S1", d(3, 9), "FA-1"))
			assert.ErrorIs(t, err, ErrDuplicateReference, "read again after Check")
			require.NoError(t, other.Check(ctx))
		})
	}
}

// TestSupplierRefCopiedFromPDF pins what a copy from a PDF or a
// spreadsheet changes unseen: a soft hyphen where the line was broken, a
// zero-width space, a byte-order mark, a ligature, full-width digits, an
// accent typed apart from its letter. Each is the reference typed by
// hand; a visible difference (another digit, a hyphen) is not.
func TestSupplierRefCopiedFromPDF(t *testing.T) {
	t.Parallel()
	b := testBook(t, stores[0].Open(t))
	mustPost(t, b, bill("S1", d(3, 1), "FA-2026-0142 Café fiscal"))
	for _, ref := range []string{
		"FA-2026-01\u00ad42 Café fiscal",
		"\ufeffFA-2026-0142\u200b Café fiscal",
		"FA-2026-0142 Café ﬁscal",
		"FA-２０２６-0142 Café fiscal",
		"FA-2026-0142 Cafe\u0301 fiscal",
		"FA-2026-0142 CAFE\u00ad\u0301 FISCAL",
	} {
		_, err := b.Post(ctx, bill("S1", d(3, 2), ref))
		assert.ErrorIs(t, err, ErrDuplicateReference, "%q", ref)
	}
	for _, ref := range []string{"FA-2026-0143 Café fiscal", "FA-2026-0142 Cafe fiscal", "FA2026-0142 Café fiscal"} {
		_, err := b.Post(ctx, bill("S1", d(3, 2), ref))
		assert.NoError(t, err, "%q", ref)
	}
}

// TestSupplierRefFoldEveryRune pins, over every rune of the scripts with
// case and of the compatibility blocks (the ideographs, without case,
// are left out for time), that the comparison is what strings.EqualFold makes
// it — one folded rune for the whole case orbit — and that a reference
// compared once compares equal to itself again (normalRef idempotent,
// alone and after a letter it could compose with), so that the cache's
// hash of a reference is the hash of its compared form.
func TestSupplierRefFoldEveryRune(t *testing.T) {
	t.Parallel()
	c := newSupplierCache()
	for r := rune(0); r < 0x20000; r++ {
		switch {
		case r == 0x3000:
			r = 0xA640 // Cyrillic extended-B, Latin extended-D, then on to the compatibility forms
		case r == 0xAC00:
			r = 0xF900
		case r == 0x10000:
			r = 0x10400 // Deseret (cased), then the mathematical letters
		case r == 0x10500:
			r = 0x1D400
		case r == 0x1D800:
			r = 0x1E900 // Adlam (cased)
		case r == 0x1E960:
			r = 0x20000
			continue
		}
		if !utf8.ValidRune(r) {
			continue
		}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if foldRune(f) != foldRune(r) {
				t.Fatalf("%U and %U fold to %U and %U", r, f, foldRune(r), foldRune(f))
			}
		}
		for _, ref := range [...]string{string(r), "Α" + string(r), "e" + string(r) + "\u0301"} {
			n := normalRef(ref)
			if normalRef(n) != n {
				t.Fatalf("%+q compares as %+q, which compares as %+q", ref, n, normalRef(n))
			}
			if c.hash("S1", journal.TypeInvoice, ref) != c.hash("S1", journal.TypeInvoice, n) {
				t.Fatalf("%+q and its compared form %+q hash apart", ref, n)
			}
		}
	}
}
