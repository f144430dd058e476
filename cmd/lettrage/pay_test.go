package main_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPayOutput pays invoices of 120,00 in full, in part, beyond what they
// owe, and on account: the first line says what happened to the invoices
// and to the payment, never a count of allocations ("1 partial" read as a
// partial payment).
func TestPayOutput(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"full", []string{"VT/2026/00001"}, "Payment BQD/2026/00001 posted: 1 invoice paid in full, letter AAA"},
		{"two in full", []string{"VT/2026/00001", "VT/2026/00002"}, "Payment BQD/2026/00001 posted: 2 invoices paid in full, letter AAA"},
		{"part", []string{"VT/2026/00001", "--amount", "50"}, "Payment BQD/2026/00001 posted: 1 invoice paid in part, 70,00 still due"},
		{"full and part", []string{"VT/2026/00001", "VT/2026/00002", "--amount", "200"},
			"Payment BQD/2026/00001 posted: 1 invoice paid in full; 1 invoice paid in part, 40,00 still due"},
		{"beyond", []string{"VT/2026/00001", "--amount", "200"}, "Payment BQD/2026/00001 posted: 1 invoice paid in full; 80,00 left as an outstanding credit"},
		{"on account", []string{"--partner", "C01", "--amount", "30"}, "Payment BQD/2026/00001 posted: nothing lettered; 30,00 left as an outstanding credit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := newBook(t)
			for _, ref := range []string{"FA-1", "FA-2"} {
				r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", ref,
					"--line", "411000:C01=120", "--line", "707000=-100", "--line", "445710=-20")
				require.Equal(t, 0, r.code, r.stderr)
			}
			r := run(t, dir, "", append([]string{"pay", "--date", "2026-03-20"}, c.args...)...)
			require.Equal(t, 0, r.code, r.stderr)
			first, _, _ := strings.Cut(r.stdout, "\n")
			assert.Equal(t, c.want, first)
			assert.NotContains(t, r.stdout, "partial\n")
		})
	}
}

// TestPaySetsOffACreditNote pays an invoice of 120,00 less a credit note
// of 20,00 named beside it: the payment is 100,00, the three lettered
// together, and the summary says the credit note was set off, not paid.
func TestPaySetsOffACreditNote(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=120", "--line", "707000=-100", "--line", "445710=-20")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-03", "--type", "credit_note", "--ref", "AV-1",
		"--line", "411000:C01=-20", "--line", "707000=16.67", "--line", "445710=3.33")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "pay", "--date", "2026-03-20", "VT/2026/00001", "VT/2026/00002")
	require.Equal(t, 0, r.code, r.stderr)
	first, _, _ := strings.Cut(r.stdout, "\n")
	assert.Equal(t, "Payment BQD/2026/00001 posted: 1 invoice paid in full, letter AAA; 1 credit note set off", first)
	r = run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-04", "--type", "credit_note", "--ref", "AV-2",
		"--line", "411000:C01=-20", "--line", "707000=16.67", "--line", "445710=3.33")
	require.Equal(t, 0, r.code, r.stderr)
	// A credit note named alone is refunded: the money goes out to the
	// customer (it was refused as a receipt set off against nothing until
	// the direction followed the documents named).
	r = run(t, dir, "", "pay", "--date", "2026-03-20", "--amount", "5", "VT/2026/00003")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "paid in part, 15,00 still due", r.stdout)
	r = run(t, dir, "", "pay", "--date", "2026-03-20", "--amount", "5", "--direction", "in", "VT/2026/00003")
	assert.Equal(t, 1, r.code, r.stdout)
	assert.Contains(t, r.stderr, "set off against documents the payment pays, and none is named")
}
