package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"

	"github.com/stretchr/testify/require"
)

// TestHrev267OpenItemValue damages the value of an open-items row, the key
// left as it is (a line that is open, with a residual of 600.00).
// Was failing, fixed: Check returned nil. The open-items index maps a key to nil
// (keys.go: "→ nil"); Check's digest pass sees the index differ from what
// the records give (it falls back to key-by-key lookups:
// checkLookupRuns grows), but the lookup pass compares open-items keys
// only (found or not) and the stray pass counts keys, so the difference is
// never named. DESIGN §7 invariant 2: Check "compares values, not counts";
// §4: Check "returns every problem found" — an index it proved different
// must be named (invariant 5, the open-items row of VT/2026/00001 line 0).
// Not parallel: its Check counts in checkLookupRuns, which every
// fixture of a parallel test asserts unchanged.
func TestHrev267OpenItemValue(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			runs := checkLookupRuns.Load()
			f.put(t, ixOpen, f.openKey(f.inv, 0), []byte("residual 1.00"))
			err := f.b.Check(ctx)
			require.Greater(t, checkLookupRuns.Load(), runs, "the digest pass saw the index differ")
			require.Error(t, err, "an open-items row holding a value the book never writes")
			mustFind(t, err, 5, "open-items")
		})
	}
}

// TestHrev268CheckLetteringStored stores behind the book's back what the
// writes now refuse, and Check must name it: a match on a receivable
// account without its lines' partner, which reuses code AAA of C2 unseen
// (invariant 7), and a partial on two euro lines taking 500.00 in the debit
// line's currency but 600.00 in the company currency, two residuals of one
// amount (invariant 6). Not parallel: its Check counts in
// checkLookupRuns, which every fixture of a parallel test asserts
// unchanged.
func TestHrev268CheckLetteringStored(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			m := journal.Match{ID: journal.NewID(), Code: "AAA", Account: "411000", Partner: "",
				Lines: []journal.LineRef{f.inv2.LineRef(0)}, Date: d(3, 5), UndoneBy: f.opUndo, UndoneAt: f.m2.CreatedAt}
			f.put(t, ixCode, codeKey("411000", "", "AAA"), m.ID[:])
			f.put(t, bMatch, m.ID[:], appendMatchValue(nil, &m))
			editPartial(t, f, f.part1.ID, func(p *journal.Partial) { p.DebitAmountCurrency = e("500.00") })
			err := f.b.Check(ctx)
			mustFind(t, err, 7, "match AAA on 411000", "of 411000 C2")
			mustFind(t, err, 6, "partial "+f.part1.ID.String(), "debit line", "500.00", "600.00")
		})
	}
}
