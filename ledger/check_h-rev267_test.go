package ledger

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestHrev267OpenItemValue damages the value of an open-items row, the key
// left as it is (a line that is open, with a residual of 600.00).
// FAILS: Check returns nil. The open-items index maps a key to nil
// (keys.go: "→ nil"); Check's digest pass sees the index differ from what
// the records give (it falls back to key-by-key lookups:
// checkLookupRuns grows), but the lookup pass compares open-items keys
// only (found or not) and the stray pass counts keys, so the difference is
// never named. DESIGN §7 invariant 2: Check "compares values, not counts";
// §4: Check "returns every problem found" — an index it proved different
// must be named (invariant 5, the open-items row of VT/2026/00001 line 0).
func TestHrev267OpenItemValue(t *testing.T) {
	t.Parallel()
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
