package ledger

// forget drops what the transaction kept of the lines it only read, and
// makes it read again even those it wrote: their states, waiting for
// flush, are then read where they wait, as from the store. A test's way
// to read a transaction's lines without its caches.
func (k *keptLines) forget() {
	k.dropRead()
	for i := range k.lines {
		k.lines[i].has = 0
	}
}
