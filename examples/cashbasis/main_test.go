package main

import (
	"testing"

	"github.com/lettrage/lettrage/examples/internal/golden"
)

// TestCashbasis runs the example and compares its output with
// testdata/cashbasis.golden (UPDATE_GOLDEN=1 go test ./examples/cashbasis rewrites it).
func TestCashbasis(t *testing.T) { golden.Check(t, "cashbasis", run) }
