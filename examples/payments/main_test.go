package main

import (
	"testing"

	"github.com/lettrage/lettrage/examples/internal/golden"
)

// TestPayments runs the example and compares its output with
// testdata/payments.golden (UPDATE_GOLDEN=1 go test ./examples/payments rewrites it).
func TestPayments(t *testing.T) { golden.Check(t, "payments", run) }
