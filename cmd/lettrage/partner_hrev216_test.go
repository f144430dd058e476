package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// partner add --consumer records a private individual; its late invoice
// bears no penalties nor indemnity, the professional's (C01, of the new book) does.
func TestHrev216PartnerConsumerNoPenalties(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "--json", "partner", "add", "P01", "--name", "Jeanne Martin", "--consumer")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"consumer": true`)
	r = run(t, dir, "", "--json", "partner", "add", "C09")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, `"consumer"`)
	for _, p := range []string{"P01", "C01"} {
		hrev185Steps(t, dir, []string{"post", "--journal", "VT", "--date", "2026-01-02", "--type", "invoice", "--due", "2026-01-31",
			"--line", "411000:" + p + "=1200.00", "--line", "706000=-1200.00"})
	}
	list := hrev200JSON(t, dir, "dunning", "penalties", "--date", "2026-03-31", "--rate", "12,15")
	require.Len(t, list.Customers, 1)
	assert.Equal(t, "C01", list.Customers[0].Partner)
	list = hrev200JSON(t, dir, "dunning", "penalties", "P01", "--date", "2026-03-31", "--rate", "12,15")
	assert.Empty(t, list.Customers)
}
