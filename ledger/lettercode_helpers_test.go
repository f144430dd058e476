package ledger

import (
	"github.com/lettrage/lettrage/internal/lettercode"
	"github.com/lettrage/lettrage/journal"
)

// putMatchCounted is putMatch as the lettering layer makes it: the
// letter-code counter of the match's account and partner first moved to
// its code, if behind, since Check reports a code ahead of its counter.
func putMatchCounted(tx *Tx, m journal.Match) (journal.Match, error) {
	if n, ok := lettercode.Number(m.Code); ok {
		name := lettercode.Counter(m.Account, m.Partner)
		at, err := tx.Counter(name)
		if err != nil {
			return journal.Match{}, err
		}
		if at < n {
			if err := tx.advanceCounter(name, n); err != nil {
				return journal.Match{}, err
			}
		}
	}
	return tx.putMatch(m)
}
