package main

import (
	"testing"

	"github.com/lettrage/lettrage/examples/internal/golden"
)

// TestQuickstart runs the example and compares its output with
// testdata/quickstart.golden (UPDATE_GOLDEN=1 go test ./examples/quickstart rewrites it).
func TestQuickstart(t *testing.T) { golden.Check(t, "quickstart", run) }
