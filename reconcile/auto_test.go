package reconcile_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// pay registers an unlettered customer receipt with a reference and label:
// an open credit on 411000 (line 0) for automatic lettering to place.
func (f *fixture) pay(t testing.TB, p string, date journal.Date, amount, ref, label string) journal.Entry {
	t.Helper()
	res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: p, Journal: "BQ",
		Date: date, Method: reconcile.MethodTransfer, Amount: e(amount), Ref: ref, Label: label})
	require.NoError(t, err)
	return res.Entries[0]
}

func line0(x journal.Entry) journal.LineRef { return x.LineRef(0) }

var customers = reconcile.Scope{Accounts: []string{"411000"}}

func propose(t testing.TB, f *fixture, s reconcile.Scope, r reconcile.Rules) reconcile.Proposals {
	t.Helper()
	out, err := f.rec.Propose(ctx, s, r)
	require.NoError(t, err)
	return out
}

func TestAutoReferenceNamesTheInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(3, 1), "100.00")
		i2 := f.invoice(t, "C1", d(3, 2), "1200.00")
		p := f.pay(t, "C1", d(3, 20), "1200.00", i2.Name(), "VIR CLIENT C1")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleReference, pr.Rule)
		require.Equal(t, reconcile.ExactReference, pr.Confidence)
		require.Equal(t, []journal.LineRef{line0(p), line0(i2)}, pr.Lines)
		require.Equal(t, fmt.Sprintf("payment %s reference %q = invoice number %s; amount 1\u202f200,00\u00a0€ equal",
			p.Name(), i2.Name(), i2.Name()), pr.Reason)
		require.Len(t, pr.Partials, 1)
		require.True(t, pr.Partials[0].Amount.Equal(e("1200.00")))
		require.False(t, pr.WriteOff.IsSet())
		require.Empty(t, out.Unmatched)

		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.Len(t, applied.Outcomes[0].Matches, 1)
		// The planned partial is the partial recorded.
		got := applied.Outcomes[0].Partials[0]
		require.Equal(t, pr.Partials[0].Debit, got.Debit)
		require.Equal(t, pr.Partials[0].Credit, got.Credit)
		require.True(t, got.Amount.Equal(pr.Partials[0].Amount))
		require.Equal(t, reconcile.InPayment, f.state(t, i2).State)
		require.Equal(t, reconcile.NotPaid, f.state(t, i1).State)
		f.check(t)
	})
}

func TestAutoReferenceForms(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(3, 1), "100.00")
		i2 := f.invoice(t, "C1", d(3, 2), "200.00")
		i3 := f.invoice(t, "C2", d(3, 3), "300.00")
		rf, err := ident.CreditorReference(i3.Name())
		require.NoError(t, err)
		// One payment names two invoices in its label, in another spelling,
		// the second first: it pays them in the order named.
		both := f.pay(t, "C1", d(3, 20), "250.00", "", fmt.Sprintf("Factures %s, %s",
			strings.ReplaceAll(i2.Name(), "/", "-"), strings.ToLower(i1.Name())))
		// A creditor reference, with spaces as a bank prints it.
		byRF := f.pay(t, "C2", d(3, 21), "300.00", rf[:4]+" "+rf[4:8]+" "+rf[8:], "")
		out := propose(t, f, reconcile.Scope{All: true}, reconcile.Rules{})
		require.Len(t, out.Proposals, 2)
		p0, p1 := out.Proposals[0], out.Proposals[1]
		require.Equal(t, "C1", p0.Partner)
		require.Equal(t, []journal.LineRef{line0(both), line0(i2), line0(i1)}, p0.Lines)
		require.Equal(t, reconcile.ExactReference, p0.Confidence)
		require.Contains(t, p0.Reason, "250,00\u00a0€ paid of 300,00\u00a0€, 50,00\u00a0€ stays due")
		require.True(t, p0.Partials[0].Amount.Equal(e("200.00")))
		require.True(t, p0.Partials[1].Amount.Equal(e("50.00")))
		require.Equal(t, []journal.LineRef{line0(byRF), line0(i3)}, p1.Lines)
		require.Contains(t, p1.Reason, "(creditor reference) = invoice number "+i3.Name())

		// A creditor reference with wrong check digits names nothing.
		bad := rf[:2] + fmt.Sprintf("%02d", (int(rf[2]-'0')*10+int(rf[3]-'0')+1)%100) + rf[4:]
		_, ok := ident.ParseCreditorReference(bad)
		require.False(t, ok)
		_, ok = ident.ParseCreditorReference(rf)
		require.True(t, ok)
	})
}

func TestCreditorReference(t *testing.T) {
	t.Parallel()
	// The ISO 11649 example.
	body, ok := ident.ParseCreditorReference("RF18 5390 0754 7034")
	require.True(t, ok)
	require.Equal(t, "539007547034", body)
	rf, err := ident.CreditorReference("539007547034")
	require.NoError(t, err)
	require.Equal(t, "RF18539007547034", rf)
	for _, bad := range []string{"", "///", "ÉTÉ2026", strings.Repeat("1", 22)} {
		_, err := ident.CreditorReference(bad)
		require.ErrorIs(t, err, ident.ErrCreditorReference, bad)
	}
	// Check digits 98 have an alias, 01, that passes mod 97 but is not
	// allowed (they run from 02 to 98).
	for n := 1; ; n++ {
		rf, err := ident.CreditorReference(fmt.Sprint(n))
		require.NoError(t, err)
		if rf[2:4] == "98" {
			_, ok := ident.ParseCreditorReference(rf)
			require.True(t, ok, rf)
			_, ok = ident.ParseCreditorReference("RF01" + rf[4:])
			require.False(t, ok, "RF01"+rf[4:])
			break
		}
	}
	for _, bad := range []string{"RF19539007547034", "RF18", "RX18539007547034", "RF1853900754703!"} {
		_, ok := ident.ParseCreditorReference(bad)
		require.False(t, ok, bad)
	}
}

func TestAutoReferenceWinsOverAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "100.00")
		b := f.invoice(t, "C1", d(3, 2), "100.00")
		p := f.pay(t, "C1", d(3, 20), "100.00", "", "paiement "+b.Name())
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, reconcile.RuleReference, out.Proposals[0].Rule)
		require.Equal(t, []journal.LineRef{line0(p), line0(b)}, out.Proposals[0].Lines)
		_ = a
		// With the reference rule off, the two invoices of one amount are a
		// tie: no proposal, and the payment says why.
		out = propose(t, f, customers, reconcile.Rules{NoReference: true})
		require.Empty(t, out.Proposals)
		require.Len(t, out.Unmatched, 1)
		require.Equal(t, line0(p), out.Unmatched[0].Line)
		require.Contains(t, out.Unmatched[0].Reason, "ambiguous: 2 open items of 100,00\u00a0€")
	})
}

func TestAutoExactAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 10), "80.00")
		i2 := f.invoice(t, "C1", d(1, 11), "120.00")
		p := f.pay(t, "C1", d(2, 1), "120.00", "", "VIR")
		// Outside the window: an invoice of the same amount a year before
		// does not make a tie; with a narrow window none is found.
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleExactAmount, pr.Rule)
		require.Equal(t, reconcile.ExactAmount, pr.Confidence)
		require.Equal(t, []journal.LineRef{line0(p), line0(i2)}, pr.Lines)
		require.Contains(t, pr.Reason, "the only open item of that amount within 120 days")
		out = propose(t, f, customers, reconcile.Rules{DateWindow: 10})
		require.Empty(t, out.Proposals)
		_ = i1
		// Two payments of one amount for one invoice: a tie too.
		f.pay(t, "C1", d(2, 2), "120.00", "", "VIR")
		out = propose(t, f, customers, reconcile.Rules{NoCombination: true})
		require.Empty(t, out.Proposals)
		require.Len(t, out.Unmatched, 2)
		require.Contains(t, out.Unmatched[0].Reason, "ambiguous: 2 payments of 120,00\u00a0€ for invoice "+i2.Name())
	})
}

func TestAutoCombination(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 1), "100.00")
		b := f.invoice(t, "C1", d(1, 2), "200.00")
		c := f.invoice(t, "C1", d(1, 3), "300.00")
		x := f.invoice(t, "C1", d(1, 4), "50.00")
		p := f.pay(t, "C1", d(2, 1), "350.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleCombination, pr.Rule)
		// 300 + 50 sums too, but 100 + 200 + 50 are due earlier.
		require.Equal(t, []journal.LineRef{line0(p), line0(a), line0(b), line0(x)}, pr.Lines)
		require.Contains(t, pr.Reason, "3 invoices")
		_ = c
		// A combination of 1 is the exact-amount rule's, never this one's.
		out = propose(t, f, customers, reconcile.Rules{CombinationSize: 1})
		require.Empty(t, out.Proposals)
		out = propose(t, f, customers, reconcile.Rules{CombinationSize: 2})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, []journal.LineRef{line0(p), line0(c), line0(x)}, out.Proposals[0].Lines)
	})
}

func TestAutoCombinationOfPayments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(1, 1), "900.00")
		p1 := f.pay(t, "C1", d(1, 10), "300.00", "", "")
		p2 := f.pay(t, "C1", d(1, 20), "300.00", "", "")
		p3 := f.pay(t, "C1", d(1, 30), "300.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleCombination, pr.Rule)
		require.Equal(t, []journal.LineRef{line0(p1), line0(p2), line0(p3), line0(inv)}, pr.Lines)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.Len(t, applied.Outcomes[0].Matches, 1)
		require.Equal(t, reconcile.InPayment, f.state(t, inv).State)
	})
}

func TestAutoCombinationWorkLimit(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		// Forty invoices of even cents and a payment of odd cents: no
		// combination exists and proving it takes more than 500 sets.
		for i := 0; i < 40; i++ {
			f.invoice(t, "C1", d(1, 1+i%28), fmt.Sprintf("%d.02", 10+i))
		}
		p := f.pay(t, "C1", d(2, 1), "99.03", "", "")
		out := propose(t, f, customers, reconcile.Rules{WorkLimit: 500, NoTolerance: true})
		require.Empty(t, out.Proposals)
		require.Equal(t, 1, out.WorkLimitReached)
		require.Len(t, out.Unmatched, 1)
		require.Equal(t, line0(p), out.Unmatched[0].Line)
		require.Contains(t, out.Unmatched[0].Reason, "stopped after 500 candidate sets")
	})
}

// A combination nets open credit notes against the documents only when
// the documents alone sum to no set: the credit notes first in its lines,
// so that Apply letters each with the invoices it reduces and the payment
// pays what is left.
func TestAutoCombinationNetOfCreditNotes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		rules reconcile.Rules
		// book posts the items and returns the lines of the proposal
		// wanted (none: no proposal) and the words its reason holds.
		book func(t *testing.T, f *fixture) (want []journal.LineRef, reason string)
	}{
		{"credit note larger than any invoice", reconcile.Rules{}, func(t *testing.T, f *fixture) ([]journal.LineRef, string) {
			cn := f.creditNote(t, "C1", d(1, 2), "250.00")
			a := f.invoice(t, "C1", d(1, 5), "100.00")
			b := f.invoice(t, "C1", d(1, 6), "100.00")
			c := f.invoice(t, "C1", d(1, 7), "100.00")
			p := f.pay(t, "C1", d(2, 1), "50.00", "", "")
			return []journal.LineRef{line0(cn), line0(p), line0(a), line0(b), line0(c)}, "less credit note " + cn.Name()
		}},
		{"documents alone sum: no credit note", reconcile.Rules{}, func(t *testing.T, f *fixture) ([]journal.LineRef, string) {
			// 100 + 150 − 50 is due earlier than 100 + 100, but a set
			// that needs no credit note stays the proposal it was.
			f.creditNote(t, "C1", d(1, 2), "50.00")
			a := f.invoice(t, "C1", d(1, 5), "100.00")
			f.invoice(t, "C1", d(1, 6), "150.00")
			c := f.invoice(t, "C1", d(1, 7), "100.00")
			p := f.pay(t, "C1", d(2, 1), "200.00", "", "")
			return []journal.LineRef{line0(p), line0(a), line0(c)}, "combination of 2 that"
		}},
		{"credit notes count towards the size", reconcile.Rules{CombinationSize: 2}, func(t *testing.T, f *fixture) ([]journal.LineRef, string) {
			f.creditNote(t, "C1", d(1, 2), "50.00")
			f.invoice(t, "C1", d(1, 5), "100.00")
			f.invoice(t, "C1", d(1, 6), "100.00")
			f.pay(t, "C1", d(2, 1), "150.00", "", "")
			return nil, ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				want, reason := tt.book(t, f)
				out := propose(t, f, customers, tt.rules)
				if want == nil {
					require.Empty(t, out.Proposals)
					return
				}
				require.Len(t, out.Proposals, 1)
				pr := out.Proposals[0]
				require.Equal(t, reconcile.RuleCombination, pr.Rule)
				require.Equal(t, want, pr.Lines)
				require.Contains(t, pr.Reason, reason)
				if !strings.Contains(reason, "credit note") {
					require.NotContains(t, pr.Reason, "credit note")
				}
				applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
				require.NoError(t, err)
				require.NoError(t, applied.Outcomes[0].Err)
				made := applied.Outcomes[0].Partials
				require.Len(t, made, len(pr.Partials))
				for k, pp := range pr.Partials {
					require.Equal(t, pp.Debit, made[k].Debit, "partial %d", k)
					require.Equal(t, pp.Credit, made[k].Credit, "partial %d", k)
					require.True(t, pp.Amount.Equal(made[k].Amount), "partial %d: %s planned, %s made", k, pp.Amount, made[k].Amount)
				}
				for _, l := range want {
					require.True(t, residualOf(t, f, l).Balance.IsZero(), "%s left open", l)
				}
			})
		})
	}
}

// A tie of rule 2 is no reason to stop a policy the caller turned on:
// oldest first gives the receipt the invoice due first.
func TestAutoOldestFirstSettlesAnAmbiguousReceipt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 1), "100.00")
		f.invoice(t, "C1", d(1, 2), "100.00")
		p := f.pay(t, "C1", d(2, 1), "100.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{OldestFirst: true})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, reconcile.RuleOldestFirst, out.Proposals[0].Rule)
		require.Equal(t, []journal.LineRef{line0(p), line0(a)}, out.Proposals[0].Lines)
	})
}

func TestAutoOldestFirstIsOptIn(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 1), "100.00")
		b := f.invoice(t, "C1", d(1, 2), "100.00")
		p := f.pay(t, "C1", d(2, 1), "150.00", "", "acompte")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Empty(t, out.Proposals)
		require.Equal(t, "no document names it, has its amount or sums to it within 120 days", out.Unmatched[0].Reason)
		out = propose(t, f, customers, reconcile.Rules{OldestFirst: true})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.OldestFirst, pr.Confidence)
		require.Equal(t, []journal.LineRef{line0(p), line0(a), line0(b)}, pr.Lines)
		require.True(t, pr.Partials[1].Amount.Equal(e("50.00")))
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.Equal(t, reconcile.InPayment, f.state(t, a).State)
		require.Equal(t, reconcile.Partial, f.state(t, b).State)
	})
}

func TestAutoWithinTolerance(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(1, 1), "100.00")
		p := f.pay(t, "C1", d(2, 1), "99.98", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleTolerance, pr.Rule)
		require.True(t, pr.WriteOff.Equal(e("0.02")))
		require.Contains(t, pr.Reason, "0,02\u00a0€ written off (tolerance 0,05\u00a0€)")
		// A narrower tolerance finds nothing; one above the reconciler's is
		// refused.
		out = propose(t, f, customers, reconcile.Rules{Tolerance: []currency.Amount{e("0.01")}})
		require.Empty(t, out.Proposals)
		_, err := f.rec.Propose(ctx, customers, reconcile.Rules{Tolerance: []currency.Amount{e("0.06")}})
		require.ErrorIs(t, err, reconcile.ErrRules)

		applied, err := f.rec.Apply(ctx, journal.NoID, []reconcile.Proposal{pr})
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.Len(t, applied.Outcomes[0].Entries, 1)
		require.Equal(t, journal.TypeWriteOff, applied.Outcomes[0].Entries[0].Type)
		require.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		require.True(t, f.residual(t, line0(p)).IsZero())
		f.check(t)
	})
}

func TestAutoSupplierSide(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := f.post(t, journal.Entry{Journal: "AC", Date: d(1, 5), Type: journal.TypeInvoice, Ref: "FA-2026-118", Lines: []journal.Line{
			{Account: "401000", Partner: "S1", Balance: e("-480.00")},
			{Account: "607000", Balance: e("480.00")},
		}})
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(2, 1), Method: reconcile.MethodTransfer, Amount: e("480.00"), Ref: "fa 2026 118"})
		require.NoError(t, err)
		out := propose(t, f, reconcile.Scope{Partners: []string{"S1"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, "401000", pr.Account)
		require.Equal(t, []journal.LineRef{line0(res.Entries[0]), line0(b)}, pr.Lines)
		require.Contains(t, pr.Reason, "= invoice "+b.Name()+" reference ")
	})
}

func TestAutoAcrossPartnersOnAClearingAccount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		// Receipts posted to outstanding receipts, cleared by bank lines
		// that carry the end-to-end id of each payment.
		p1 := f.pay(t, "C1", d(3, 1), "100.00", "E2E-0001", "")
		p2 := f.pay(t, "C2", d(3, 1), "100.00", "E2E-0002", "")
		stmt := func(ref string) journal.Entry {
			return f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 3), Type: journal.TypeStatementLine, Ref: ref, Lines: []journal.Line{
				{Account: "512000", Balance: e("100.00")},
				{Account: "512100", Balance: e("-100.00")},
			}})
		}
		s2, s1 := stmt("E2E-0002"), stmt("E2E-0001")
		out := propose(t, f, reconcile.Scope{Accounts: []string{"512100"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 2)
		require.Equal(t, "", out.Proposals[0].Partner)
		require.Equal(t, []journal.LineRef{s2.LineRef(1), p2.LineRef(1)}, out.Proposals[0].Lines)
		require.Equal(t, []journal.LineRef{s1.LineRef(1), p1.LineRef(1)}, out.Proposals[1].Lines)
		require.Contains(t, out.Proposals[0].Reason, "statement line")
		require.Contains(t, out.Proposals[0].Reason, "= payment "+p2.Name()+` reference "E2E-0002"`)
	})
}

func TestAutoBadInput(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", "", "")
		before := f.snapshot(t)
		for name, c := range map[string]struct {
			s    reconcile.Scope
			r    reconcile.Rules
			want error
		}{
			"empty scope":              {reconcile.Scope{}, reconcile.Rules{}, reconcile.ErrScope},
			"range backwards":          {reconcile.Scope{All: true, From: d(3, 1), To: d(2, 1)}, reconcile.Rules{}, reconcile.ErrScope},
			"not reconcilable":         {reconcile.Scope{Accounts: []string{"706000"}}, reconcile.Rules{}, reconcile.ErrScope},
			"unknown account":          {reconcile.Scope{Accounts: []string{"411999"}}, reconcile.Rules{}, reconcile.ErrScope},
			"unknown partner":          {reconcile.Scope{Partners: []string{"C1", "c1"}}, reconcile.Rules{}, ledger.ErrUnknownPartner},
			"unknown partner, account": {reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"NOPE"}}, reconcile.Rules{}, reconcile.ErrScope},
			"combination -1":           {customers, reconcile.Rules{CombinationSize: -1}, reconcile.ErrRules},
			"combination 13":           {customers, reconcile.Rules{CombinationSize: 13}, reconcile.ErrRules},
			"negative window":          {customers, reconcile.Rules{DateWindow: -1}, reconcile.ErrRules},
			"negative limit":           {customers, reconcile.Rules{WorkLimit: -1}, reconcile.ErrRules},
			"negative tolerance":       {customers, reconcile.Rules{Tolerance: []currency.Amount{e("-0.01")}}, reconcile.ErrRules},
			"unset tolerance":          {customers, reconcile.Rules{Tolerance: []currency.Amount{{}}}, reconcile.ErrRules},
			"foreign tolerance":        {customers, reconcile.Rules{Tolerance: []currency.Amount{currency.MustParse(currency.MustLookup("USD"), "0.01")}}, reconcile.ErrRules},
		} {
			_, err := f.rec.Propose(ctx, c.s, c.r)
			require.ErrorIs(t, err, c.want, name)
			_, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: c.s, Rules: c.r})
			require.ErrorIs(t, err, c.want, name)
		}
		f.unchanged(t, before)
	})
}

func TestAutoStaleProposalIsRefusedAlone(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00")
		p1 := f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
		i2 := f.invoice(t, "C2", d(1, 1), "200.00")
		p2 := f.pay(t, "C2", d(2, 1), "200.00", i2.Name(), "")
		i3 := f.invoice(t, "C3", d(1, 1), "300.00")
		p3 := f.pay(t, "C3", d(2, 1), "300.00", i3.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 3)
		// Meanwhile someone letters C2's lines by hand, and C3's payment
		// in part.
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(p2), line0(i2)}})
		require.NoError(t, err)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(p3), line0(i3)}, Limit: e("10.00")})
		require.NoError(t, err)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.ErrorIs(t, applied.Outcomes[1].Err, reconcile.ErrStale)
		require.ErrorIs(t, applied.Outcomes[2].Err, reconcile.ErrStale)
		require.Equal(t, 2, applied.Failed())
		require.Empty(t, applied.Outcomes[1].Partials)
		require.Equal(t, reconcile.InPayment, f.state(t, i1).State)
		require.True(t, f.residual(t, line0(i3)).Equal(e("290.00")))
		_ = p1
		f.check(t)
	})
}

func TestAutoApplyIsReplaySafe(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
		i2 := f.invoice(t, "C2", d(1, 1), "250.00")
		f.pay(t, "C2", d(2, 1), "250.01", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 2)
		op := journal.NewID()
		first, err := f.rec.Apply(ctx, op, out.Proposals)
		require.NoError(t, err)
		require.False(t, first.Replay)
		require.Zero(t, first.Failed())
		before := f.snapshot(t)
		again, err := f.rec.Apply(ctx, op, out.Proposals)
		require.NoError(t, err)
		require.True(t, again.Replay)
		require.Len(t, again.Outcomes, 2)
		for i := range again.Outcomes {
			require.NoError(t, again.Outcomes[i].Err)
			require.Equal(t, first.Outcomes[i].Partials, again.Outcomes[i].Partials)
			require.Equal(t, len(first.Outcomes[i].Entries), len(again.Outcomes[i].Entries))
			require.Equal(t, len(first.Outcomes[i].Matches), len(again.Outcomes[i].Matches))
		}
		f.unchanged(t, before)
		_, err = f.rec.Apply(ctx, op, out.Proposals[:1])
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		require.Equal(t, reconcile.InPayment, f.state(t, i2).State)

		// A failed proposal replays as failed, with its error's kind.
		i3 := f.invoice(t, "C3", d(1, 1), "70.00")
		p3 := f.pay(t, "C3", d(2, 1), "70.00", i3.Name(), "")
		out = propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(p3), line0(i3)}})
		require.NoError(t, err)
		op = journal.NewID()
		first, err = f.rec.Apply(ctx, op, out.Proposals)
		require.NoError(t, err)
		require.ErrorIs(t, first.Outcomes[0].Err, reconcile.ErrStale)
		again, err = f.rec.Apply(ctx, op, out.Proposals)
		require.NoError(t, err)
		require.True(t, again.Replay)
		require.ErrorIs(t, again.Outcomes[0].Err, reconcile.ErrStale)
		require.Equal(t, first.Outcomes[0].Err.Error(), again.Outcomes[0].Err.Error())
	})
}

func TestAutoLetterOneCall(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
		i2 := f.invoice(t, "C2", d(1, 1), "40.00")
		i3 := f.invoice(t, "C2", d(1, 2), "60.00")
		f.pay(t, "C2", d(2, 1), "100.00", "", "")
		unknown := f.pay(t, "C3", d(2, 1), "12.34", "???", "")
		op := journal.NewID()
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{All: true}})
		require.NoError(t, err)
		require.Equal(t, 2, sum.Proposals)
		require.Equal(t, 2, sum.Applied)
		require.Equal(t, 1, sum.ByRule[reconcile.RuleReference])
		require.Equal(t, 1, sum.ByRule[reconcile.RuleCombination])
		require.Equal(t, 5, sum.Lines)
		require.Equal(t, 2, sum.Matches)
		require.Equal(t, 1, sum.UnmatchedCount)
		require.Equal(t, line0(unknown), sum.Unmatched[0].Line)
		for _, inv := range []journal.Entry{i1, i2, i3} {
			require.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		}
		before := f.snapshot(t)
		again, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{All: true}})
		require.NoError(t, err)
		require.True(t, again.Replay)
		again.Replay = false
		require.Equal(t, sum, again)
		f.unchanged(t, before)
		_, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.check(t)
	})
}

func TestAutoProposalsAreDeterministic(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		for i := 0; i < 30; i++ {
			p := fmt.Sprintf("C%d", 1+i%3)
			inv := f.invoice(t, p, d(time.Month(1+i%3), 1+i%27), fmt.Sprintf("%d.00", 10*(1+i%7)))
			if i%4 == 0 {
				f.pay(t, p, d(4, 1+i%27), fmt.Sprintf("%d.00", 10*(1+i%7)), inv.Name(), "")
			} else if i%4 == 1 {
				f.pay(t, p, d(4, 1+i%27), fmt.Sprintf("%d.00", 10*(1+i%5)), "", "")
			}
		}
		a := propose(t, f, reconcile.Scope{All: true}, reconcile.Rules{OldestFirst: true})
		b := propose(t, f, reconcile.Scope{All: true}, reconcile.Rules{OldestFirst: true})
		require.Equal(t, a, b)
		require.NotEmpty(t, a.Proposals)
		seen := map[journal.LineRef]bool{}
		for _, p := range a.Proposals {
			for _, l := range p.Lines {
				require.False(t, seen[l], "line %s in two proposals", l)
				seen[l] = true
			}
		}
	})
}

// TestAutoScope narrows by partner, date and currency.
func TestAutoScope(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
		i2 := f.invoice(t, "C2", d(1, 1), "100.00")
		f.pay(t, "C2", d(2, 1), "100.00", i2.Name(), "")
		require.Len(t, propose(t, f, reconcile.Scope{Partners: []string{"C2"}}, reconcile.Rules{}).Proposals, 1)
		require.Equal(t, "C2", propose(t, f, reconcile.Scope{Partners: []string{"C2"}}, reconcile.Rules{}).Proposals[0].Partner)
		require.Empty(t, propose(t, f, reconcile.Scope{All: true, From: d(1, 15)}, reconcile.Rules{}).Proposals)
		require.Len(t, propose(t, f, reconcile.Scope{All: true, To: d(2, 1)}, reconcile.Rules{}).Proposals, 2)
		require.Empty(t, propose(t, f, reconcile.Scope{All: true, Currency: currency.MustLookup("USD")}, reconcile.Rules{}).Proposals)
		require.Len(t, propose(t, f, reconcile.Scope{All: true, Currency: eur}, reconcile.Rules{}).Proposals, 2)
	})
}

// TestAutoReversedDocuments: an entry and its reversal letter together
// before any payment looks at them; an invoice reversed after a proposal
// was made refuses it.
func TestAutoReversedDocuments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 1), "100.00")
		rev, err := f.book.Reverse(ctx, a.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		b := f.invoice(t, "C1", d(1, 2), "100.00")
		p := f.pay(t, "C1", d(2, 1), "100.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 2)
		require.Equal(t, []journal.LineRef{rev.Entry.LineRef(0), line0(a)}, out.Proposals[0].Lines)
		require.Contains(t, out.Proposals[0].Reason, "reverses invoice "+a.Name())
		require.Equal(t, []journal.LineRef{line0(p), line0(b)}, out.Proposals[1].Lines)

		c := f.invoice(t, "C2", d(1, 3), "50.00")
		f.pay(t, "C2", d(2, 1), "50.00", c.Name(), "")
		out2 := propose(t, f, reconcile.Scope{Partners: []string{"C2"}}, reconcile.Rules{})
		require.Len(t, out2.Proposals, 1)
		_, err = f.book.Reverse(ctx, c.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		applied, err := f.rec.Apply(ctx, journal.NoID, append(out.Proposals, out2.Proposals...))
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.NoError(t, applied.Outcomes[1].Err)
		require.ErrorIs(t, applied.Outcomes[2].Err, reconcile.ErrStale)
		require.Contains(t, applied.Outcomes[2].Err.Error(), "was reversed since")
		require.Equal(t, reconcile.Reversed, f.state(t, a).State)
		f.check(t)
	})
}

// TestAutoCombinationNetOfCreditNotesInUSD: a receipt of 150,00 $US for
// two invoices of 100,00 $US less a credit note of 50,00 $US, all booked
// at 1.20 $US a euro and paid at 1.25: the netted combination is proposed
// in dollars, every line ends lettered in dollars and in euros, and the
// exchange difference is posted, the book consistent.
func TestAutoCombinationNetOfCreditNotesInUSD(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		doc := func(typ journal.EntryType, date journal.Date, dollars, euros string) journal.Entry {
			return f.post(t, journal.Entry{Journal: "VT", Date: date, Type: typ, Currency: usd, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", DueDate: date.AddDays(30), AmountCurrency: u(dollars), Balance: e(euros)},
				{Account: "706000", AmountCurrency: u(dollars).Neg(), Balance: e(euros).Neg()}}})
		}
		cn := doc(journal.TypeCreditNote, d(1, 2), "-50.00", "-41.67")
		a := doc(journal.TypeInvoice, d(1, 5), "100.00", "83.33")
		b := doc(journal.TypeInvoice, d(1, 6), "100.00", "83.33")
		pay := f.post(t, journal.Entry{Journal: "BQ", Date: d(2, 1), Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
			{Account: "512000", AmountCurrency: u("150.00"), Balance: e("120.00")},
			{Account: "411000", Partner: "C1", AmountCurrency: u("-150.00"), Balance: e("-120.00")}}})
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleCombination, pr.Rule)
		require.Equal(t, usd, pr.Currency)
		require.ElementsMatch(t, []journal.LineRef{line0(cn), pay.LineRef(1), line0(a), line0(b)}, pr.Lines)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.NotEmpty(t, applied.Outcomes[0].Entries, "the exchange difference: booked 125,00 €, paid 120,00 €")
		require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
			for _, l := range []journal.LineRef{line0(cn), pay.LineRef(1), line0(a), line0(b)} {
				r, err := tx.Residual(l)
				require.NoError(t, err)
				require.True(t, r.AmountCurrency.IsZero() && r.Balance.IsZero(), "%v left %s / %s", l, r.AmountCurrency, r.Balance)
			}
			return nil
		}))
		f.check(t)
	})
}

// The outcomes of one Apply share the chunk's arrays: appending to one
// outcome's partials must not write over the next one's, applied or
// replayed.
func TestApplyOutcomesDoNotShareRoom(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		for _, p := range []string{"C1", "C2"} {
			inv := f.invoice(t, p, d(1, 5), "100.00")
			f.pay(t, p, d(1, 20), "100.00", "", "Facture "+inv.Name())
		}
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 2)
		op := journal.NewID()
		for _, run := range []string{"applied", "replayed"} {
			applied, err := f.rec.Apply(ctx, op, out.Proposals)
			require.NoError(t, err, run)
			second := slices.Clone(applied.Outcomes[1].Partials)
			_ = append(applied.Outcomes[0].Partials, journal.Partial{})
			_ = append(applied.Outcomes[0].Matches, journal.Match{})
			require.Equal(t, second, applied.Outcomes[1].Partials, run)
		}
	})
}
