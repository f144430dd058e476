package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
)

// Was failing, fixed (the reason says what lettered it, read from its
// partials): the CHANGELOG (Unreleased, Added) says the tolerance rule writes
// off "a document its payments or credit notes settled all but a few
// cents of". Expected: for an invoice of 100,00 a credit note of 99,98
// settled, nothing else lettered on it, the proposal's reason (the
// sentence a person checks against the documents) says what settled it,
// and does not speak of payments. Observed: "invoice VT/2026/00001: 0,02 €
// left after its payments, written off (tolerance 0,05 €)": the invoice
// has no payment at all; the reason is the payment case's text
// (remaindersWithinTolerance formats one sentence for both).
func TestHrev66RemainderAfterCreditNoteReasonNamesNoPayments(t *testing.T) {
	t.Parallel()
	f := newFixture(t, memstore.New())
	inv := f.invoice(t, "C1", d(3, 1), "100.00")
	cn := f.creditNote(t, "C1", d(3, 2), "99.98")
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(inv), line0(cn)}})
	require.NoError(t, err)

	out := propose(t, f, customers, reconcile.Rules{})
	require.Len(t, out.Proposals, 1, "%+v", out.Proposals)
	pr := out.Proposals[0]
	require.Equal(t, reconcile.RuleTolerance, pr.Rule)
	require.Equal(t, "0.02", pr.WriteOff.Plain())
	assert.NotContains(t, pr.Reason, "payment", "no payment settled %s: %q", inv.Name(), pr.Reason)
	assert.Contains(t, pr.Reason, "credit note", "the reason names what settled it: %q", pr.Reason)
}
