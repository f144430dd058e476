package reconcile

// CodeCounter exposes the letter-code counter name to the scenario
// harness, which fast-forwards it to test codes after ZZZ.
var CodeCounter = codeCounter
