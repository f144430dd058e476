package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// TestLineSlabCopiesShareNothing: entries copied from one slab share
// neither lines nor taxes with their originals or with each other, and an
// append to one entry's lines leaves the next entry's alone.
func TestLineSlabCopiesShareNothing(t *testing.T) {
	eur := currency.MustLookup("EUR")
	entry := func(label string, n int) journal.Entry {
		e := journal.Entry{Label: label}
		for i := 0; i < n; i++ {
			e.Lines = append(e.Lines, journal.Line{Account: "411000", Label: label, Balance: currency.FromMinor(eur, int64(i+1)),
				Taxes: []tax.Tax{{ID: "TVA20"}}})
		}
		return e
	}
	for _, chunk := range []int{0, 1, 3, 7, slabLinesMax} {
		s := newLineSlab(chunk)
		require.NotNil(t, s.clone(&journal.Entry{}).Lines, "as Clone: an empty, non-nil array")
		a, b := entry("a", 3), entry("b", 2)
		ca, cb := s.clone(&a), s.clone(&b)
		require.Equal(t, a, ca)
		require.Equal(t, b, cb)
		require.Equal(t, 3, cap(ca.Lines), "capped at its length")
		ca.Lines = append(ca.Lines, journal.Line{Account: "overwritten?"})
		ca.Lines[0].Label, ca.Lines[0].Taxes[0].ID = "changed", "changed"
		require.Equal(t, entry("b", 2), cb, "chunk %d: the next copy is untouched", chunk)
		require.Equal(t, entry("a", 3), a, "chunk %d: the original is untouched", chunk)
		empty := s.clone(&journal.Entry{})
		require.NotNil(t, empty.Lines, "as Clone: an empty, non-nil array")
		require.Empty(t, empty.Lines)
	}
}

// TestKeysHaveNoRoom: every key a builder returns ends at its capacity, so
// that two appends to one key never write into shared memory.
func TestKeysHaveNoRoom(t *testing.T) {
	d := journal.MustDate(2026, 3, 1)
	e := &journal.Entry{Seq: 9, Lines: []journal.Line{{}, {}, {Account: "411000", Partner: "C1"}}}
	for name, k := range map[string][]byte{
		"seq": seqKey(7), "number": numberKey("VT", d, 12), "line": lineKey("411000", d, 9, 1),
		"partner line": partnerLineKey("C1", "411000", d, 9, 1), "agg prefix": aggPrefix("411000", "C1", "USD"),
		"agg": aggKey("411000", "C1", "", aggMonth, 202603), "day agg": dayAggKey("411000", "C1", "", 20260301),
		"period agg": periodAggKey("411000", "C1", "", aggYear, 2026), "agg years": aggYearsKey("411000", "C1", ""),
		"agg years value": aggYearsValue(2025, 2026), "line state": lineStateKey(e, 2),
		"open prefix": openPrefix("411000", "C1"), "open": openKey("411000", "C1", d, 9, 1), "code": codeKey("411000", "C1", "AB"),
	} {
		require.Equal(t, len(k), cap(k), name)
	}
}
