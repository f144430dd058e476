package ledger

import (
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// lineSlab copies entries with their lines carved from a few large arrays:
// the thousand entries of a batch then cost a few allocations instead of
// one each (the copies were a tenth of a batch's allocated bytes, and the
// garbage collector's work with them). Each entry's lines are capped at
// their length, so an append by whoever holds the entry never reaches
// the next entry's lines. The zero lineSlab copies like Entry.Clone.
type lineSlab struct {
	free []journal.Line
	// chunk is how many lines an array holds; 0: one array per entry.
	chunk int
}

// slabLinesMax bounds an array (48 KB): an entry a caller keeps
// keeps its array alive, so arrays stay small; a batch takes several.
const slabLinesMax = 256

// newLineSlab returns a slab for about n lines.
func newLineSlab(n int) lineSlab { return lineSlab{chunk: min(n, slabLinesMax)} }

// clone returns a copy of e that shares nothing with it, as e.Clone does.
func (s *lineSlab) clone(e *journal.Entry) journal.Entry {
	c := *e
	n := len(e.Lines)
	if n == 0 {
		c.Lines = make([]journal.Line, 0)
		return c
	}
	if len(s.free) < n {
		s.free = make([]journal.Line, max(n, s.chunk))
	}
	c.Lines = s.free[:n:n]
	s.free = s.free[n:]
	for i := range e.Lines {
		c.Lines[i] = e.Lines[i]
		c.Lines[i].Taxes = append([]tax.Tax(nil), e.Lines[i].Taxes...)
	}
	return c
}
