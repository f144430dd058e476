package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed (the type is read from the way the customers' or
// suppliers' lines run, as the book checks it): Expected: a sale invoice imported from a CSV without a type
// column posts as an invoice (exit 0) when the first line carrying the
// partner is its income line (Odoo and most exports put the partner on
// every line of an invoice). Observed: inferType reads the first partner
// line's side (706000, a credit) and types the entry a credit note, and
// the new direction check then refuses it ("a credit note credits its
// customer; this one does the opposite"): a file that imported before
// this change (mistyped, but imported) is now refused. The type must come from the receivable/payable side (the
// sign of the 411 total), which is what checkDirection itself judges.
func TestHrev67ImportInferredTypeByIncomeLinePartner(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	in := "date;journal;ref;label;account;partner;debit;credit\n" +
		"2026-03-02;VT;FA1;Vente;706000;C01;;100,00\n" +
		"2026-03-02;VT;FA1;Vente;445710;;;20,00\n" +
		"2026-03-02;VT;FA1;Vente;411000;C01;120,00;\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "e.csv"), []byte(in), 0o600))
	r := run(t, dir, "", "import", "entries", "e.csv")
	require.Equal(t, 0, r.code, "a plain sale invoice must import: %s", r.stderr)
	assert.Contains(t, r.stdout, "1 posted")
	r = run(t, dir, "", "export", "csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, ";VT;FA1;invoice;", "typed an invoice, not a credit note")
}

// Was failing, fixed (the type is read from the way the customers' or
// suppliers' lines run, as the book checks it): Expected: a final invoice of 1 440,00 TTC that deducts, on the
// customer's account itself, the 240,00 advance already invoiced ("acompte
// déduit", a negative line on 411 beside the positive one) imports as an
// invoice: its receivable side nets to a debit of 1 200,00. Observed:
// inferType takes the type from the first partner line (the negative one)
// and makes it a credit note, which the direction check then refuses
// (the same inference bug: the 411 total, not its first line, says which
// document it is).
func TestHrev67ImportInferredTypeNegativeLineFirst(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	in := "date;journal;ref;label;account;partner;debit;credit\n" +
		"2026-03-02;VT;FA2;Acompte deduit;411000;C01;;240,00\n" +
		"2026-03-02;VT;FA2;Facture finale;411000;C01;1440,00;\n" +
		"2026-03-02;VT;FA2;Facture finale;706000;;;1000,00\n" +
		"2026-03-02;VT;FA2;Facture finale;445710;;;200,00\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "e.csv"), []byte(in), 0o600))
	r := run(t, dir, "", "import", "entries", "e.csv")
	require.Equal(t, 0, r.code, "a final invoice deducting an advance must import: %s", r.stderr)
	r = run(t, dir, "", "export", "csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, ";VT;FA2;invoice;", "typed an invoice, not a credit note")
}

// Passes: an imported invoice without a due date takes its partner's terms
// "45 jours fin de mois" (2 March + 45 days = 16 April, due 30 April).
func TestHrev67ImportTakesEndOfMonthTerms(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "partner", "add", "C45", "--terms", "45", "--end-of-month")
	require.Equal(t, 0, r.code, r.stderr)
	in := "date;journal;ref;label;account;partner;debit;credit\n" +
		"2026-03-02;VT;FA3;Vente;411000;C45;120,00;\n" +
		"2026-03-02;VT;FA3;Vente;706000;;;100,00\n" +
		"2026-03-02;VT;FA3;Vente;445710;;;20,00\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "e.csv"), []byte(in), 0o600))
	r = run(t, dir, "", "import", "entries", "e.csv")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "export", "csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, ";411000;C45;2026-04-30;120.00;")
}
