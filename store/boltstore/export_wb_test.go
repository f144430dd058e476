package boltstore

// SetWBBulk sets the write set size from which an Update writes through,
// and returns a function that restores it.
func SetWBBulk(n int) func() {
	old := wbBulk
	wbBulk = n
	return func() { wbBulk = old }
}

// WBLogBucket is the name of the write-behind log's bucket.
func WBLogBucket() []byte { return wbLog }

// SealRecord returns the stored form of a write set, as a commit stores
// it: its encoding byte and checksum, then the write set, deflated if
// long.
func SealRecord(ws []byte) []byte { return encodeRecord(ws) }
