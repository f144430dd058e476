package boltstore

// SetWBBulk sets the write set size from which an Update writes through,
// and returns a function that restores it.
func SetWBBulk(n int) func() {
	old := wbBulk
	wbBulk = n
	return func() { wbBulk = old }
}
