package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A line CSV cannot read whose entry cannot be told either (no ref) stops
// the import, even with --skip-bad: skipping it could post part of an
// entry. Nothing is written.
func TestImportUnreadableLineOfNoEntry(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	in := "2026-01-12;OD;A1;ok;512000;;7,00;\n2026-01-12;OD;A1;ok;101000;;;7,00\n" +
		"2026-01-12;OD;;Tuyau 1/2\" cuivre;512000;;8,00;\n"
	r, same := hrev99Import(t, dir, "nokey.csv", in, "--skip-bad")
	assert.Equal(t, 1, r.code, r.stdout)
	assert.Contains(t, r.stderr, "line 3")
	assert.True(t, same, "a refused import leaves the book byte-identical")
}
