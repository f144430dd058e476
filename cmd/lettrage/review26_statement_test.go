package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The statement lines import --match posted (E1, E2, E3 of April) are not
// open, and statement post refuses them: a line is never posted twice.
// The bank journal holds them once.
func TestReview26StatementMatchedNotPostedTwice(t *testing.T) {
	t.Parallel()
	dir := review25Book(t)
	assert.Empty(t, mustOpen(t, dir))
	for _, ref := range []string{"E1", "E2", "E3"} {
		r := run(t, dir, "", "statement", "post", "BNP", "STMT-2026-04", ref, "--account", "471000")
		assert.Equal(t, 1, r.code, "%s matched by import --match, posted again: %s", ref, r.stdout)
		assert.Contains(t, r.stderr, "already posted")
	}
	r := must(t, dir, "", "report", "balance", "--year", "2026", "--csv")
	assert.NotContains(t, r.stdout, "471000", "nothing on suspense")
}
