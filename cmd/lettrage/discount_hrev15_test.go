package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Bad early-payment discount input, by flags or JSON, exits non-zero with
// a message naming the discount, and leaves the book file byte for byte.
func TestHrev15PostBadDiscount(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	book := filepath.Join(dir, "book.db")
	before, err := os.ReadFile(book)
	require.NoError(t, err)
	inv := []string{"post", "--journal", "VT", "--date", "2026-03-01", "--type", "invoice",
		"--line", "411000:C01=1200.00", "--line", "706000=-1200.00"}
	pay := []string{"post", "--journal", "BQD", "--date", "2026-03-01", "--type", "payment",
		"--line", "512000=1200.00", "--line", "411000:C01=-1200.00"}
	for _, c := range []struct {
		stdin string
		args  []string
	}{
		{"", append(append([]string(nil), inv...), "--discount", "-24.00", "--discount-until", "2026-03-11")},
		{"", append(append([]string(nil), inv...), "--discount", "0", "--discount-until", "2026-03-11")},
		{"", append(append([]string(nil), inv...), "--discount", "24.001", "--discount-until", "2026-03-11")},
		{"", append(append([]string(nil), inv...), "--discount", "24.00", "--discount-until", "2026-02-30")},
		{"", append(append([]string(nil), inv...), "--discount", "24.00", "--discount-until", "demain")},
		{"", append(append([]string(nil), pay...), "--discount", "24.00", "--discount-until", "2026-03-11")},
		{"", append(append([]string(nil), inv[:len(inv)-4]...), "--type", "credit_note",
			"--line", "411000:C01=-1200.00", "--line", "706000=1200.00", "--discount", "24.00", "--discount-until", "2026-03-11")},
		{`{"journal":"VT","date":"2026-03-02","type":"invoice","lines":[{"account":"411000","partner":"C01","debit":"600.00"},{"account":"706000","credit":"600.00"}],
			"discount":{"amount":"12.00"}}`, []string{"post", "-"}},
		{`{"journal":"VT","date":"2026-03-02","type":"invoice","lines":[{"account":"411000","partner":"C01","debit":"600.00"},{"account":"706000","credit":"600.00"}],
			"discount":{"amount":"600.00","until":"2026-03-12"}}`, []string{"post", "-"}},
		{`{"journal":"VT","date":"2026-03-02","type":"invoice","lines":[{"account":"411000","partner":"C01","debit":"600.00"},{"account":"706000","credit":"600.00"}],
			"discount":{"amount":"douze","until":"2026-03-12"}}`, []string{"post", "-"}},
		{`{"journal":"VT","date":"2026-03-02","type":"invoice","lines":[{"account":"411000","partner":"C01","debit":"600.00"},{"account":"706000","credit":"600.00"}],
			"discount":{}}`, []string{"post", "-"}},
	} {
		r := run(t, dir, c.stdin, c.args...)
		require.NotEqual(t, 0, r.code, "%v %s was not refused: %s", c.args, c.stdin, r.stdout)
		assert.Contains(t, r.stderr, "discount", "%v %s", c.args, c.stdin)
		after, err := os.ReadFile(book)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(before, after), "%v changed the book file", c.args)
	}
}
