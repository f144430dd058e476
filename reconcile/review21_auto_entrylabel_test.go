package reconcile_test

// Review 21 — issue 14, rule (1): "the payment's reference, communication
// … names an invoice number". A payment's communication is its label;
// the library's own listings read "the line's label, else the entry's"
// (report/journals.go, report/ledger.go, the FEC's EcritureLib). Entries
// posted through Book.Post, and every entry the hledger import makes
// (report/hledger/read.go: the transaction's description is the entry's
// Label, a posting has a label only from a comment), carry the
// communication on the entry, none on the lines.

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// FAILS if the reference rule reads only the line's label. Two invoices of
// 150,00 € for C1; a receipt posted as an entry labelled "Règlement
// facture <second invoice>" with no line label. Expected: the reference
// rule letters the receipt with the invoice its label names (as it does
// when the same text is the line's label, TestAutoReferenceForms).
// Otherwise the exact amount rule reports the receipt "ambiguous" and
// nothing is proposed.
func TestReview21AutoEntryLabelNamesTheInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "150.00")
		i2 := f.invoice(t, "C1", d(3, 2), "150.00")
		p := f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 20), Type: journal.TypePayment,
			Label: "Règlement facture " + i2.Name(), Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("-150.00")},
				{Account: "512000", Balance: e("150.00")},
			}})
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "unmatched: %+v", out.Unmatched)
		require.Equal(t, reconcile.RuleReference, out.Proposals[0].Rule)
		require.Equal(t, []journal.LineRef{line0(p), line0(i2)}, out.Proposals[0].Lines)
	})
}

// FAILS for the same reason on a clearing account: a bank line posted
// with the payment's EndToEndId in the entry's label (no line label)
// among three receipts of one amount on 512100. Expected: lettered with
// the payment it names by the reference rule.
func TestReview21AutoEntryLabelEndToEndIdNamesAPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.pay(t, "C1", d(3, 1), "100.00", "E2E-2026-0001", "")
		p2 := f.pay(t, "C2", d(3, 1), "100.00", "E2E-2026-0002", "")
		f.pay(t, "C3", d(3, 1), "100.00", "E2E-2026-0003", "")
		s := f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 3), Type: journal.TypeStatementLine,
			Label: "VIR SEPA RECU /E2E E2E-2026-0002 /NOM CLIENT 2", Lines: []journal.Line{
				{Account: "512000", Balance: e("100.00")},
				{Account: "512100", Balance: e("-100.00")},
			}})
		out := propose(t, f, reconcile.Scope{Accounts: []string{"512100"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "unmatched: %+v", out.Unmatched)
		require.Equal(t, reconcile.RuleReference, out.Proposals[0].Rule)
		require.Equal(t, []journal.LineRef{s.LineRef(1), p2.LineRef(1)}, out.Proposals[0].Lines)
	})
}
