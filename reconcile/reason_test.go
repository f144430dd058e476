package reconcile_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// Was failing, fixed: a receipt whose label names the invoice's own reference
// ("Règlement FA-2026-118", the invoice VT/2026/00001 posted with Ref
// FA-2026-118) is proposed with the reason `payment BQD/2026/00001 label
// "Règlement FA-2026-118" = invoice reference VT/2026/00001; …`: the
// sentence says the invoice's reference is VT/2026/00001, which is its
// number; its reference, the text that matched, FA-2026-118, is not
// written on the invoice's side. Expected: the invoice's side names what
// matched, e.g. `= invoice VT/2026/00001 reference "FA-2026-118"`. A
// proposal's reason is "a sentence a person can check" (DESIGN §11: the
// example given is `reference VT/2026/00031 in the payment's
// communication`), and the accountant checking it looks for FA-2026-118
// on VT/2026/00001; `lettrage auto --dry-run` prints the same sentence.
func TestReasonNamesTheInvoiceReferenceThatMatched(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	book, r := exampleBook()
	inv, err := book.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 1), Type: journal.TypeInvoice,
		Ref: "FA-2026-118", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", DueDate: journal.MustDate(2026, 3, 31), Balance: currency.MustParse(eur, "1200.00")},
			{Account: "706000", Balance: currency.MustParse(eur, "-1200.00")},
		}})
	require.NoError(t, err)
	_, err = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
		Date: journal.MustDate(2026, 3, 20), Amount: currency.MustParse(eur, "1200.00"), Method: reconcile.MethodTransfer,
		Label: "Règlement FA-2026-118"})
	require.NoError(t, err)
	props, err := r.Propose(ctx, reconcile.Scope{Accounts: []string{"411000"}}, reconcile.Rules{})
	require.NoError(t, err)
	require.Len(t, props.Proposals, 1)
	reason := props.Proposals[0].Reason
	require.Contains(t, reason, inv.Entry.Name())
	i := strings.Index(reason, " = ")
	require.GreaterOrEqual(t, i, 0, reason)
	invoiceSide, _, _ := strings.Cut(reason[i:], ";")
	assert.Contains(t, invoiceSide, "FA-2026-118", "the invoice's side of the reason names the reference that matched: %s", reason)
	assert.NotContains(t, invoiceSide, "reference "+inv.Entry.Name(), "the invoice's number is not its reference: %s", reason)
}
