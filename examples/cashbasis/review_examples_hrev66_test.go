package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed (headings are now 1., 2., 3.): Expected: the example's section headings are its own, numbered
// in the order it prints them (1, 2, 3) or not at all, as the payments
// example's "1. … 2. … 3. … 4.". Observed: "Example 7:", "Example 10:",
// "Example 9:": the numbers of the worked examples of the project's
// internal design document (its §6), which a user of the module cannot
// read; printed out of order (7, 10, 9) they read as a mistake and refer
// to nothing the user has. The golden file pins them too.
func TestHrev66CashbasisHeadingsCiteNoInternalNumbers(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), filepath.Join(t.TempDir(), "book.db"), &out))
	var got []int
	for _, m := range regexp.MustCompile(`(?m)^(\d+)\. `).FindAllStringSubmatch(out.String(), -1) {
		n, err := strconv.Atoi(m[1])
		require.NoError(t, err)
		got = append(got, n)
	}
	require.Len(t, got, 3, "the three sections are numbered")
	for i, n := range got {
		assert.Equal(t, i+1, n, "heading %d of the example is numbered %d (all: %v)", i+1, n, got)
	}
}
