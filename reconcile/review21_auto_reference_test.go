package reconcile_test

// Review 21 — issue 14, rule (1) reference: ISO 11649 RF creditor
// references (check digits, spaces, lower case) and an EndToEnd/payment id
// naming a payment. Each invoice pair below has the same amount, so that
// only the reference rule can place the payment: without it the exact
// amount rule says "ambiguous".

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// badCheckDigits returns rf with its check digits changed so that they no
// longer check (ISO 11649: 02..98, mod 97 = 1).
func badCheckDigits(rf string) string {
	n := int(rf[2]-'0')*10 + int(rf[3]-'0')
	m := n + 1
	if m > 98 {
		m = 2
	}
	return rf[:2] + fmt.Sprintf("%02d", m) + rf[4:]
}

// Requirement: (1) "the payment's reference, communication or structured
// creditor reference (ISO 11649 RF) names an invoice number". Expected: an
// RF printed in lower case, in groups of four, in the payment's Ref or
// inside its label, names the invoice (rule reference, confidence
// exact_reference, reason says "creditor reference").
func TestReview21AutoRFLowerCaseSpaced(t *testing.T) {
	t.Parallel()
	for _, where := range []string{"ref", "label"} {
		t.Run(where, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				f.invoice(t, "C1", d(3, 1), "150.00")
				i2 := f.invoice(t, "C1", d(3, 2), "150.00")
				rf, err := ident.CreditorReference(i2.Name())
				require.NoError(t, err)
				text := strings.ToLower(spacedRF(rf))
				ref, label := text, "VIR SEPA CLIENT C1"
				if where == "label" {
					ref, label = "", "virement "+text+" merci"
				}
				p := f.pay(t, "C1", d(3, 20), "150.00", ref, label)
				out := propose(t, f, customers, reconcile.Rules{})
				require.Len(t, out.Proposals, 1, "unmatched: %+v", out.Unmatched)
				pr := out.Proposals[0]
				require.Equal(t, reconcile.RuleReference, pr.Rule)
				require.Equal(t, reconcile.ExactReference, pr.Confidence)
				require.Equal(t, []journal.LineRef{line0(p), line0(i2)}, pr.Lines)
				require.Contains(t, pr.Reason, "creditor reference")
				require.Contains(t, pr.Reason, "invoice number "+i2.Name())
			})
		})
	}
}

// Requirement: (1) ISO 11649 — an RF with wrong check digits is no
// creditor reference. Expected: written in lower case and spaced, it names
// nothing; with two invoices of its amount the payment stays unmatched
// and the reason says "ambiguous".
func TestReview21AutoRFWrongCheckDigitsNamesNothing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "150.00")
		i2 := f.invoice(t, "C1", d(3, 2), "150.00")
		rf, err := ident.CreditorReference(i2.Name())
		require.NoError(t, err)
		bad := badCheckDigits(rf)
		_, ok := ident.ParseCreditorReference(bad)
		require.False(t, ok)
		p := f.pay(t, "C1", d(3, 20), "150.00", strings.ToLower(spacedRF(bad)), "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Empty(t, out.Proposals)
		require.Contains(t, unmatchedOf(out, line0(p)), "ambiguous")
	})
}

// Requirement: (1) an RF on the document's side. A supplier bill whose
// reference is a creditor reference (printed spaced on the bill) and a
// payment quoting it in one word, lower case: they meet.
func TestReview21AutoRFOnTheBillQuotedInOneWord(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rf, err := ident.CreditorReference("2026FA118")
		require.NoError(t, err)
		bill := func(ref string) journal.Entry {
			return f.post(t, journal.Entry{Journal: "AC", Date: d(1, 5), Type: journal.TypeInvoice, Ref: ref, Lines: []journal.Line{
				{Account: "401000", Partner: "S1", Balance: e("-480.00")},
				{Account: "607000", Balance: e("480.00")},
			}})
		}
		bill("")
		b := bill(spacedRF(rf))
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(2, 1), Method: reconcile.MethodTransfer, Amount: e("480.00"), Label: "paiement " + strings.ToLower(rf)})
		require.NoError(t, err)
		out := propose(t, f, reconcile.Scope{Partners: []string{"S1"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "unmatched: %+v", out.Unmatched)
		require.Equal(t, reconcile.RuleReference, out.Proposals[0].Rule)
		require.Equal(t, []journal.LineRef{line0(res.Entries[0]), line0(b)}, out.Proposals[0].Lines)
	})
}

// Requirement: (1) "a payment/EndToEnd id names a payment". Two receipts
// of one amount sit on the outstanding receipts account 512100; two bank
// statement lines of that amount carry each payment's EndToEndId inside
// their label (not the Ref, and in another spelling: lower case, slashes
// for dashes); a third receipt of that amount has no bank line yet.
// Expected: each statement line is lettered with the payment it names, by
// the reference rule, not left "ambiguous" by the amount.
func TestReview21AutoEndToEndIdInLabelNamesAPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		p1 := f.pay(t, "C1", d(3, 1), "100.00", "E2E-2026-0001", "")
		p2 := f.pay(t, "C2", d(3, 1), "100.00", "E2E-2026-0002", "")
		f.pay(t, "C3", d(3, 1), "100.00", "E2E-2026-0003", "")
		stmt := func(label string) journal.Entry {
			res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 3), Amount: e("100.00"), Label: label})
			require.NoError(t, err)
			x := res.Entries[0]
			require.Equal(t, "512100", x.Lines[0].Account)
			return x
		}
		s2 := stmt("VIR SEPA RECU /E2E e2e-2026-0002 /NOM CLIENT 2")
		s1 := stmt("VIR SEPA RECU /E2E E2E/2026/0001 /NOM CLIENT 1")
		out := propose(t, f, reconcile.Scope{Accounts: []string{"512100"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 2, "unmatched: %+v", out.Unmatched)
		got := map[journal.LineRef]journal.LineRef{}
		for _, pr := range out.Proposals {
			require.Equal(t, reconcile.RuleReference, pr.Rule, "%s: %s", pr.Rule, pr.Reason)
			require.Len(t, pr.Lines, 2)
			got[pr.Lines[0]] = pr.Lines[1]
		}
		require.Equal(t, p1.LineRef(1), got[s1.LineRef(0)])
		require.Equal(t, p2.LineRef(1), got[s2.LineRef(0)])
	})
}

// Requirement: (1) a statement line naming the payment by its number (a
// "payment id"), e.g. a bank that echoes our payment number BQ/2026/…
// Expected: lettered with that payment by the reference rule.
func TestReview21AutoPaymentNumberNamesAPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.pay(t, "C1", d(3, 1), "100.00", "", "")
		p2 := f.pay(t, "C2", d(3, 1), "100.00", "", "")
		s := f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 3), Type: journal.TypeStatementLine, Ref: strings.ToLower(p2.Name()), Lines: []journal.Line{
			{Account: "512000", Balance: e("100.00")},
			{Account: "512100", Balance: e("-100.00")},
		}})
		out := propose(t, f, reconcile.Scope{Accounts: []string{"512100"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "unmatched: %+v", out.Unmatched)
		require.Equal(t, reconcile.RuleReference, out.Proposals[0].Rule)
		require.Equal(t, []journal.LineRef{s.LineRef(1), p2.LineRef(1)}, out.Proposals[0].Lines)
		require.Contains(t, out.Proposals[0].Reason, "payment number "+p2.Name())
	})
}
