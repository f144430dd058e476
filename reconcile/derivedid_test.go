package reconcile

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// A part's id is stable, differs from part to part and from the
// operation's, is a valid UUIDv8, and sorts after the operation's id and
// before the ids of every later millisecond, so that its records sit beside
// the operation's.
func TestDerivedIDSortsBesideItsOperation(t *testing.T) {
	t.Parallel()
	seen := map[journal.ID]bool{}
	for i := 0; i < 200; i++ {
		op := journal.NewID()
		time.Sleep(time.Duration(i%3) * time.Millisecond)
		later := journal.NewID()
		for _, part := range []string{"auto/0", "auto/1", "apply/0", "imported/0", "execute"} {
			id := derivedID(op, part)
			require.Equal(t, id, derivedID(op, part), "stable")
			require.False(t, seen[id], "distinct")
			seen[id] = true
			u := uuid.UUID(id)
			require.Equal(t, uuid.Version(8), u.Version())
			require.Equal(t, uuid.RFC4122, u.Variant())
			require.Positive(t, bytes.Compare(id[:], op[:]), "after the operation")
			if !bytes.Equal(later[:6], op[:6]) {
				require.Negative(t, bytes.Compare(id[:], later[:]), "before a later millisecond's ids")
			}
		}
	}
}
