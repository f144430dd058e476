package main

import (
	"testing"

	"github.com/lettrage/lettrage/examples/internal/golden"
)

// TestMulticurrency runs the example and compares its output with
// testdata/multicurrency.golden (UPDATE_GOLDEN=1 go test ./examples/multicurrency rewrites it).
func TestMulticurrency(t *testing.T) { golden.Check(t, "multicurrency", run) }
