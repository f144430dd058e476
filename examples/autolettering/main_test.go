package main

import (
	"testing"

	"github.com/lettrage/lettrage/examples/internal/golden"
)

// TestAutolettering runs the example and compares its output with
// testdata/autolettering.golden (UPDATE_GOLDEN=1 go test ./examples/autolettering rewrites it).
func TestAutolettering(t *testing.T) { golden.Check(t, "autolettering", run) }
