package reconcile

// CodeCounter exposes the letter-code counter name to the scenario
// harness, which fast-forwards it to test codes after ZZZ.
var CodeCounter = codeCounter

// SetAutoChunk sets how many proposals AutoLetter applies a commit, until
// the test ends.
func SetAutoChunk(t interface{ Cleanup(func()) }, n int) {
	old := autoChunk
	autoChunk = n
	t.Cleanup(func() { autoChunk = old })
}

// SetLetterPairs turns Apply's lettering of a company-currency pair
// without letter on or off until the test ends.
func SetLetterPairs(t interface{ Cleanup(func()) }, on bool) {
	old := letterPairs
	letterPairs = on
	t.Cleanup(func() { letterPairs = old })
}

// SetBeforeAutoApply makes r's AutoLetter call f between a chunk's
// proposals being made and their application, with the chunk's number.
func SetBeforeAutoApply(r *Reconciler, f func(chunk int)) { r.beforeAutoApply = f }
