package ledger

import (
	"bytes"
	"sync"
)

// configCache keeps the accounts, partners, journals and fiscal years
// transactions read, for the transactions after them. A post resolves each line's account and
// partner, two reads each, the same records batch after batch (and on
// PostgreSQL every read is a round trip). Every change to them is a
// record of the configuration chain, so what the cache holds is valid
// while the chain's head — its last sequence number and hash — is the
// one it was read under: a transaction reads the head once, and uses the
// cache only when the head is the cache's and the transaction has written
// no configuration itself (its own writes reach the head when it
// commits). Another process's change moves the head; on PostgreSQL the
// transaction's read of the head makes it conflict with such a change.
type configCache struct {
	mu       sync.Mutex
	seq      uint64
	hash     []byte
	accounts map[string]Account
	partners map[string]Partner
	journals map[string]Journal
	years    []FiscalYear // nil until read
}

// configCacheMax bounds the records a cache holds; past it, it starts
// afresh.
const configCacheMax = 1 << 16

// at makes the cache the one of head (seq, hash), emptying it if it was
// another's or is full. c.mu is held.
func (c *configCache) at(seq uint64, hash []byte) {
	if c.seq != seq || !bytes.Equal(c.hash, hash) || c.accounts == nil ||
		len(c.accounts)+len(c.partners)+len(c.journals) >= configCacheMax {
		c.seq, c.hash = seq, hash
		c.accounts, c.partners, c.journals, c.years = map[string]Account{}, map[string]Partner{}, map[string]Journal{}, nil
	}
}

// clear forgets everything kept: Check calls it, so that records repaired
// outside the book under an unchanged chain head are read again.
func (c *configCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.accounts, c.partners, c.journals, c.years = nil, nil, nil, nil
}

// current reports whether the cache is head (seq, hash)'s. c.mu is held.
func (c *configCache) current(seq uint64, hash []byte) bool {
	return c.accounts != nil && c.seq == seq && bytes.Equal(c.hash, hash)
}

func (c *configCache) journal(seq uint64, hash []byte, code string) (Journal, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.current(seq, hash) {
		return Journal{}, false
	}
	j, ok := c.journals[code]
	return j, ok
}

// keepJournal keeps j under the code it was read under.
func (c *configCache) keepJournal(seq uint64, hash []byte, code string, j Journal) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at(seq, hash)
	c.journals[code] = j
}

// fiscalYears returns a copy of the fiscal years kept, nil if none.
func (c *configCache) fiscalYears(seq uint64, hash []byte) []FiscalYear {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.current(seq, hash) || c.years == nil {
		return nil
	}
	return append([]FiscalYear{}, c.years...)
}

func (c *configCache) keepFiscalYears(seq uint64, hash []byte, years []FiscalYear) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at(seq, hash)
	c.years = append([]FiscalYear{}, years...)
}

func (c *configCache) account(seq uint64, hash []byte, code string) (Account, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.current(seq, hash) {
		return Account{}, false
	}
	a, ok := c.accounts[code]
	return a, ok
}

// keepAccount keeps a under the code it was read under (a damaged record
// could name another).
func (c *configCache) keepAccount(seq uint64, hash []byte, code string, a Account) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at(seq, hash)
	c.accounts[code] = a
}

// partner returns a copy of the partner kept under code.
func (c *configCache) partner(seq uint64, hash []byte, code string) (Partner, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.current(seq, hash) {
		return Partner{}, false
	}
	p, ok := c.partners[code]
	return p.clone(), ok
}

// keepPartner keeps a copy of p under code.
func (c *configCache) keepPartner(seq uint64, hash []byte, code string, p Partner) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at(seq, hash)
	c.partners[code] = p.clone()
}

// configHead returns the configuration chain's head as this transaction
// reads it, and whether the Book's configuration cache may serve it and
// keep what it reads: not once it has written configuration, nor in
// Check.
func (t *Tx) configHead() (seq uint64, hash []byte, ok bool, err error) {
	if t.noConfigCache || len(t.ct.pending[chainConfig-1].writes) > 0 {
		return 0, nil, false, nil
	}
	if !t.cfgRead {
		if t.cfgSeq, t.cfgHash, err = chainHead(t.ct.Tx, chainConfig); err != nil {
			return 0, nil, false, err
		}
		t.cfgRead = true
	}
	return t.cfgSeq, t.cfgHash, true, nil
}
