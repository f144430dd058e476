package ledger

import (
	"bytes"
	"errors"
	"fmt"
)

// errStopGroups ends EachOpenGroup's scan early without an error.
var errStopGroups = errors.New("ledger: stop")

// EachOpenGroup calls fn with the open items of a reconcilable account,
// partner by partner in partner-code order, beginning after partner after
// ("" starts at the first; lines without a partner come first as partner
// ""). Items come in (date, sequence, line) order, from the open-items
// index. fn returns false to stop. Only one partner's items are in memory
// at a time, so a caller can walk a book of any size.
func (t *Tx) EachOpenGroup(account, after string, fn func(partner string, items []OpenItem) (bool, error)) error {
	a, err := t.Account(account)
	if err != nil {
		return err
	}
	if !a.Reconcilable {
		return fmt.Errorf("%w: %s", ErrNotReconcilable, account)
	}
	prefix := str(nil, account)
	from := prefix
	if after != "" {
		from = prefixEnd(openPrefix(account, after))
	}
	var (
		partner []byte
		items   []OpenItem
	)
	flush := func() error {
		if len(items) == 0 {
			return nil
		}
		more, err := fn(string(partner), items)
		// fn may keep items: the next partner's get a slice of their own,
		// sized like this one's so that it is rarely regrown.
		items = make([]OpenItem, 0, max(len(items), 8))
		if err == nil && !more {
			err = errStopGroups
		}
		return err
	}
	err = t.st.Scan(ixOpen, from, prefixEnd(prefix), false, func(k, _ []byte) error {
		p, err := openKeyPartner(k, len(prefix))
		if err != nil {
			return err
		}
		if len(items) > 0 && !bytes.Equal(p, partner) {
			if err := flush(); err != nil {
				return err
			}
		}
		if len(items) == 0 {
			partner = append(partner[:0], p...)
		}
		item, err := t.openItem(k)
		if err != nil {
			return err
		}
		items = append(items, item)
		return nil
	})
	if err == nil {
		err = flush()
	}
	if errors.Is(err, errStopGroups) {
		return nil
	}
	return err
}

// PartnerCount is how many open items a partner has on an account.
type PartnerCount struct {
	Partner string // partner code
	Open    int    // open items on the account, ≥ 1
}

// OpenCounts returns the partners with open items on a reconcilable
// account and how many each has, in partner-code order. It reads the keys
// of the open-items index only.
func (t *Tx) OpenCounts(account string) ([]PartnerCount, error) {
	a, err := t.Account(account)
	if err != nil {
		return nil, err
	}
	if !a.Reconcilable {
		return nil, fmt.Errorf("%w: %s", ErrNotReconcilable, account)
	}
	prefix := str(nil, account)
	var out []PartnerCount
	err = t.st.Scan(ixOpen, prefix, prefixEnd(prefix), false, func(k, _ []byte) error {
		p, err := openKeyPartner(k, len(prefix))
		if err != nil {
			return err
		}
		if n := len(out); n > 0 && out[n-1].Partner == string(p) {
			out[n-1].Open++
			return nil
		}
		out = append(out, PartnerCount{Partner: string(p), Open: 1})
		return nil
	})
	return out, err
}

// openKeyPartner returns the partner part of an open-items key whose
// account prefix is n bytes long.
func openKeyPartner(k []byte, n int) ([]byte, error) {
	if len(k) < n+1+openKeyTail {
		return nil, fmt.Errorf("%w: open-item key %x", ErrFormat, k)
	}
	rest := k[n : len(k)-openKeyTail]
	if len(rest) == 0 || rest[len(rest)-1] != 0 || bytes.IndexByte(rest[:len(rest)-1], 0) >= 0 {
		return nil, fmt.Errorf("%w: open-item key %x", ErrFormat, k)
	}
	return rest[:len(rest)-1], nil
}
