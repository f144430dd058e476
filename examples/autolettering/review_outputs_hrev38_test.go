package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: the reason of CLI13's zero-sum proposal named the
// invoices' due dates in ISO form ("2 invoices due 2026-07-02 to 2026-07-03"), while every
// other date the example prints, in the same proposal list too ("offered
// until 11/06/2026 taken"), and the aged balance header ("at 30/06/2026")
// are dd/mm/yyyy. A reason is "a sentence a person can check" (DESIGN §11)
// and a French reader reads dates jj/mm/aaaa; reconcile.dueText uses
// Date.String where the other reasons use Date.French. The golden file
// pins the ISO form and is wrong on this line.
func TestHrev38ReasonDatesAreFrench(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), filepath.Join(t.TempDir(), "book.db"), &out))
	s := out.String()
	line := regexp.MustCompile(`(?m)^- CLI13 combination.*$`).FindString(s)
	require.NotEmpty(t, line, "CLI13's zero-sum proposal is listed")
	// The invoices named too, since this fix.
	assert.Contains(t, line, "pay 2 invoices VT/2026/00243 + VT/2026/00244 due 02/07/2026 to 03/07/2026 (150,00\u00a0€)")
	assert.Empty(t, regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`).FindAllString(s, -1), "no ISO date in what a person reads")
}
