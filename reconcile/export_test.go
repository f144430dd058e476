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
