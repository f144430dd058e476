package reconcile_test

// Review h-rev146: automatic lettering's functional surface (DESIGN §11):
// references, amounts, combinations, scope, bad input, Apply, replay,
// AutoLetter, Partners and the aged balance at a past date. Every test
// here pins behaviour checked correct against DESIGN and the godoc.

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// hrev146Twelve posts twelve invoices for C1 dated 1 March: the first and
// the twelfth of 100.00, the others of other amounts.
func hrev146Twelve(t *testing.T, f *fixture) []journal.Entry {
	t.Helper()
	var out []journal.Entry
	for i := 1; i <= 12; i++ {
		amt := "100.00"
		if i != 1 && i != 12 {
			amt = fmt.Sprintf("7%d.00", i%10)
		}
		out = append(out, f.invoice(t, "C1", d(3, 1), amt))
	}
	require.Equal(t, "VT/2026/00001", out[0].Name())
	require.Equal(t, "VT/2026/00012", out[11].Name())
	return out
}

// A payment quoting "VT/2026/0001" (a digit short) names neither
// VT/2026/00001 nor VT/2026/00012, whose number it is a prefix of: both
// of its amount, it stays open as ambiguous.
func TestHrev146ReferencePrefixNamesNoLongerNumber(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev146Twelve(t, f)
		p := f.pay(t, "C1", d(3, 20), "100.00", "VT/2026/0001", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Empty(t, out.Proposals)
		require.Contains(t, unmatchedOf(out, line0(p)), "ambiguous: 2 open items of 100,00")
	})
}

// A payment larger than the invoice it names, in lower case with spaces
// and dashes ("vt 2026-00012"): lettered with VT/2026/00012 (not
// VT/2026/00001 of the same amount), 100.00 allocated, 50.00 left on the
// payment; the other 100.00 payment then takes VT/2026/00001 by amount.
func TestHrev146SpacedLowerCaseReferenceLargerPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		invs := hrev146Twelve(t, f)
		p1 := f.pay(t, "C1", d(3, 20), "100.00", "VT/2026/0001", "")
		p2 := f.pay(t, "C1", d(3, 21), "150.00", "", "vt 2026-00012 reglement")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 2)
		ref := out.Proposals[0]
		require.Equal(t, reconcile.RuleReference, ref.Rule)
		require.Equal(t, []journal.LineRef{line0(p2), line0(invs[11])}, ref.Lines)
		require.Len(t, ref.Partials, 1)
		require.Equal(t, "100.00", ref.Partials[0].Amount.Plain())
		require.Contains(t, ref.Reason, "50,00\u00a0€ stays open on the payment")
		amt := out.Proposals[1]
		require.Equal(t, reconcile.RuleExactAmount, amt.Rule)
		require.Equal(t, []journal.LineRef{line0(p1), line0(invs[0])}, amt.Lines)

		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.Zero(t, applied.Failed())
		require.Equal(t, "-50.00", f.residual(t, line0(p2)).Plain())
		require.Equal(t, "0.00", f.residual(t, line0(invs[11])).Plain())
		require.Equal(t, "0.00", f.residual(t, line0(invs[0])).Plain())
		require.Equal(t, "70.00", f.residual(t, line0(invs[9])).Plain()) // VT/2026/00010 untouched
		f.check(t)
	})
}

// A payment and a credit note of the same amount as one invoice: neither
// is the invoice's only candidate, no proposal; both are listed
// ambiguous. Alone (no payment), the credit note and the invoice are
// lettered by the exact amount rule.
func TestHrev146CreditNoteAndInvoiceOfOneAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "300.00")
		cn := f.creditNote(t, "C1", d(3, 2), "300.00")
		p := f.pay(t, "C1", d(3, 20), "300.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Empty(t, out.Proposals)
		require.Contains(t, unmatchedOf(out, line0(p)), "ambiguous")
		require.Contains(t, unmatchedOf(out, line0(cn)), "ambiguous")

		inv2 := f.invoice(t, "C2", d(3, 1), "300.00")
		cn2 := f.creditNote(t, "C2", d(3, 2), "300.00")
		out = propose(t, f, reconcile.Scope{Partners: []string{"C2"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, reconcile.RuleExactAmount, out.Proposals[0].Rule)
		require.Equal(t, []journal.LineRef{line0(cn2), line0(inv2)}, out.Proposals[0].Lines)
		_ = inv
	})
}

// A EUR payment worth a USD invoice's company value (200.00 EUR for
// 100.00 USD) is not its amount: no proposal, whatever the rules. A USD
// payment of 100.00 USD at another rate is, and Apply posts the exchange
// gain on 756000 at the payment's date.
func TestHrev146OtherCurrencyNeverByAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("0.5")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 15), currency.MustParseRate("0.4")))
		inv := f.foreignSale(t, "C1", d(3, 1), usd, "100.00")
		require.Equal(t, "200.00", inv.Lines[0].Balance.Plain())
		eurPay := f.pay(t, "C1", d(3, 20), "200.00", "", "")
		for _, r := range []reconcile.Rules{{}, {OldestFirst: true}} {
			out := propose(t, f, customers, r)
			require.Empty(t, out.Proposals)
			require.NotEmpty(t, unmatchedOf(out, line0(eurPay)))
		}
		usdPay := f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 20), Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: currency.MustParse(usd, "-100.00")},
			{Account: "512000", AmountCurrency: currency.MustParse(usd, "100.00")}}})
		require.Equal(t, "-250.00", usdPay.Lines[0].Balance.Plain())
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, []journal.LineRef{line0(usdPay), line0(inv)}, out.Proposals[0].Lines)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.Len(t, applied.Outcomes[0].Entries, 1)
		x := applied.Outcomes[0].Entries[0]
		require.Equal(t, d(3, 20), x.Date)
		got := map[string]string{}
		for _, l := range x.Lines {
			got[l.Account] = l.Balance.Plain()
		}
		require.Equal(t, map[string]string{"411000": "50.00", "756000": "-50.00"}, got)
		require.Equal(t, "-200.00", f.residual(t, line0(eurPay)).Plain())
		f.check(t)
	})
}

// Items dated after the scope's end are left out, and with them what the
// whole book's run letters with them; an exact amount that is ambiguous
// on the whole book stays ambiguous when the scope leaves the rival out.
func TestHrev146ItemsAfterScopeEnd(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "100.00")
		f.invoice(t, "C1", d(4, 5), "100.00")
		p1 := f.pay(t, "C1", d(3, 20), "100.00", "", "")
		f.invoice(t, "C2", d(3, 1), "100.00")
		f.invoice(t, "C2", d(4, 5), "200.00")
		p2 := f.pay(t, "C2", d(3, 20), "300.00", "", "")
		f.invoice(t, "C3", d(4, 5), "500.00")
		p3 := f.pay(t, "C3", d(3, 20), "500.00", "", "")
		whole := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, whole.Proposals, 2) // C2 combination, C3 exact amount
		scoped := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, To: d(3, 31)}, reconcile.Rules{})
		require.Empty(t, scoped.Proposals)
		require.Contains(t, unmatchedOf(scoped, line0(p1)), "ambiguous")
		require.Contains(t, unmatchedOf(scoped, line0(p2)), "which the scope's dates leave out")
		require.Contains(t, unmatchedOf(scoped, line0(p3)), "which the scope's dates leave out")
	})
}

// A partner who is customer and supplier: its lines on 411000 and 401000
// are lettered each on its account, never across.
func TestHrev146PartnerOn411And401(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "S1", d(3, 1), "400.00")
		b := f.bill(t, "S1", d(3, 2), "400.00")
		p := f.pay(t, "S1", d(3, 20), "400.00", "", "")
		out := propose(t, f, reconcile.Scope{Partners: []string{"S1"}}, reconcile.Rules{OldestFirst: true})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, "411000", out.Proposals[0].Account)
		require.Equal(t, []journal.LineRef{line0(p), line0(inv)}, out.Proposals[0].Lines)
		for _, pr := range out.Proposals {
			require.NotContains(t, pr.Lines, line0(b))
		}
	})
}

// Bad input — no scope without All, a combination size out of 1..12, a
// negative tolerance, a negative window or work limit, an inverted date
// range, an unknown partner or account — is refused with ErrScope or
// ErrRules by Propose and AutoLetter, and nothing is written.
func TestHrev146BadInputTypedAndNothingWritten(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "100.00")
		f.pay(t, "C1", d(3, 20), "100.00", "", "")
		before := f.snapshot(t)
		cases := []struct {
			name string
			s    reconcile.Scope
			r    reconcile.Rules
			want error
		}{
			{"empty scope", reconcile.Scope{}, reconcile.Rules{}, reconcile.ErrScope},
			{"size 13", customers, reconcile.Rules{CombinationSize: 13}, reconcile.ErrRules},
			{"size -1", customers, reconcile.Rules{CombinationSize: -1}, reconcile.ErrRules},
			{"negative tolerance", customers, reconcile.Rules{Tolerance: []currency.Amount{e("-0.01")}}, reconcile.ErrRules},
			{"tolerance above the reconciler's", customers, reconcile.Rules{Tolerance: []currency.Amount{e("0.06")}}, reconcile.ErrRules},
			{"negative window", customers, reconcile.Rules{DateWindow: -1}, reconcile.ErrRules},
			{"negative work limit", customers, reconcile.Rules{WorkLimit: -5}, reconcile.ErrRules},
			{"inverted dates", reconcile.Scope{Accounts: []string{"411000"}, From: d(4, 1), To: d(3, 1)}, reconcile.Rules{}, reconcile.ErrScope},
			{"unknown partner", reconcile.Scope{Partners: []string{"ZZ"}}, reconcile.Rules{}, ledger.ErrUnknownPartner},
			{"unknown account", reconcile.Scope{Accounts: []string{"411999"}}, reconcile.Rules{}, ledger.ErrUnknownAccount},
			{"not reconcilable", reconcile.Scope{Accounts: []string{"706000"}}, reconcile.Rules{}, reconcile.ErrScope},
		}
		for _, c := range cases {
			_, err := f.rec.Propose(ctx, c.s, c.r)
			require.ErrorIs(t, err, c.want, c.name)
			_, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: c.s, Rules: c.r})
			require.ErrorIs(t, err, c.want, c.name)
			f.unchanged(t, before)
		}
		for _, err := range f.rec.Partners(ctx, "411000", reconcile.ByCode, reconcile.Rules{CombinationSize: 13}) {
			require.ErrorIs(t, err, reconcile.ErrRules)
		}
		f.unchanged(t, before)
	})
}

// Apply re-reads each proposal: one whose invoice was paid in part since
// is refused (ErrStale) and the other applies; the same call again
// replays without writing; the id with other proposals is a conflict.
func TestHrev146ApplyStaleOneRestAppliesThenReplay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(3, 1), "100.00")
		f.pay(t, "C1", d(3, 20), "100.00", "", "")
		i2 := f.invoice(t, "C2", d(3, 1), "120.00")
		p2 := f.pay(t, "C2", d(3, 20), "120.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 2)
		f.receive(t, "BQ", "C1", d(3, 21), "10.00", i1)
		op := journal.NewID()
		applied, err := f.rec.Apply(ctx, op, out.Proposals)
		require.NoError(t, err)
		require.ErrorIs(t, applied.Outcomes[0].Err, reconcile.ErrStale)
		require.NoError(t, applied.Outcomes[1].Err)
		require.Equal(t, "0.00", f.residual(t, line0(i2)).Plain())
		require.Equal(t, "0.00", f.residual(t, line0(p2)).Plain())
		require.Equal(t, "90.00", f.residual(t, line0(i1)).Plain())
		before := f.snapshot(t)
		again, err := f.rec.Apply(ctx, op, out.Proposals)
		require.NoError(t, err)
		require.True(t, again.Replay)
		require.ErrorIs(t, again.Outcomes[0].Err, reconcile.ErrStale)
		require.NoError(t, again.Outcomes[1].Err)
		f.unchanged(t, before)
		_, err = f.rec.Apply(ctx, op, out.Proposals[1:])
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		f.check(t)
	})
}

// AutoLetter: a reference with a write-off, an overpayment left open, a
// write-off by tolerance; the summary counts them exactly, a retry with
// the id replays without writing, another scope under it conflicts.
func TestHrev146AutoLetterSummaryAndReplay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i := f.invoice(t, "C1", d(3, 1), "100.00")
		f.pay(t, "C1", d(3, 20), "99.98", i.Name(), "")
		f.invoice(t, "C2", d(3, 1), "100.00")
		over := f.pay(t, "C2", d(3, 20), "100.03", "", "")
		f.invoice(t, "C3", d(3, 1), "100.00")
		f.pay(t, "C3", d(3, 20), "99.97", "", "")
		left := f.pay(t, "C3", d(3, 21), "55.00", "", "")
		op := journal.NewID()
		n := 0
		s, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers, Lettered: func(reconcile.Proposal) { n++ }})
		require.NoError(t, err)
		require.False(t, s.Replay)
		require.Equal(t, 3, s.Applied)
		require.Equal(t, 3, n)
		require.Equal(t, map[reconcile.Rule]int{reconcile.RuleReference: 1, reconcile.RuleTolerance: 2}, s.ByRule)
		require.Equal(t, 6, s.Lines)
		require.Equal(t, 5, s.Partials)
		require.Equal(t, 2, s.Matches)
		require.Equal(t, 2, s.Entries)
		require.Equal(t, 1, s.UnmatchedCount)
		require.Equal(t, line0(left), s.Unmatched[0].Line)
		require.Equal(t, "-0.03", f.residual(t, line0(over)).Plain())
		require.Equal(t, "0.00", f.residual(t, line0(i)).Plain())
		before := f.snapshot(t)
		again, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
		require.NoError(t, err)
		require.True(t, again.Replay)
		require.Equal(t, 3, again.Applied)
		f.unchanged(t, before)
		_, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{Accounts: []string{"411000"}, To: d(3, 31)}})
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		f.check(t)
	})
}

// Oldest first is off by default: a customer's receipt of 150.00 for
// invoices of 100.00 and 80.00 stays open; turned on, it pays the oldest
// in full and 50.00 of the next.
func TestHrev146OldestFirstOnlyWhenTurnedOn(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "100.00")
		b := f.invoice(t, "C1", d(3, 2), "80.00")
		p := f.pay(t, "C1", d(3, 20), "150.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Empty(t, out.Proposals)
		require.NotEmpty(t, unmatchedOf(out, line0(p)))
		out = propose(t, f, customers, reconcile.Rules{OldestFirst: true})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleOldestFirst, pr.Rule)
		require.Equal(t, []journal.LineRef{line0(p), line0(a), line0(b)}, pr.Lines)
		require.Equal(t, "100.00", pr.Partials[0].Amount.Plain())
		require.Equal(t, "50.00", pr.Partials[1].Amount.Plain())
	})
}

// Combination size bounds the documents, credit notes counted: size 2
// finds nothing for 100 + 200 − 50 = 250 or 100 + 200 + 300 = 600, size
// 3 finds both; the zero-sum pass takes up to size + 1 items.
func TestHrev146CombinationSizeCountsCreditNotes(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "100.00")
		f.invoice(t, "C1", d(3, 2), "200.00")
		f.creditNote(t, "C1", d(3, 3), "50.00")
		f.pay(t, "C1", d(3, 20), "250.00", "", "")
		f.invoice(t, "C2", d(3, 1), "100.00")
		f.invoice(t, "C2", d(3, 2), "200.00")
		f.invoice(t, "C2", d(3, 3), "300.00")
		f.pay(t, "C2", d(3, 20), "600.00", "", "")
		f.invoice(t, "C3", d(3, 1), "100.00")
		f.invoice(t, "C3", d(3, 2), "50.00")
		f.pay(t, "C3", d(3, 20), "80.00", "", "")
		f.pay(t, "C3", d(3, 21), "70.00", "", "")
		for _, n := range []int{1, 2} {
			require.Empty(t, propose(t, f, customers, reconcile.Rules{CombinationSize: n}).Proposals, "size %d", n)
		}
		out := propose(t, f, customers, reconcile.Rules{CombinationSize: 3})
		require.Len(t, out.Proposals, 3)
		for _, pr := range out.Proposals {
			require.Equal(t, reconcile.RuleCombination, pr.Rule)
		}
	})
}

// The work limit reached is counted and named: in Unmatched, or in the
// reason of the oldest-first proposal that letters the payment.
func TestHrev146WorkLimitReported(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		for i := 0; i < 14; i++ {
			f.invoice(t, "C1", d(3, 1+i), fmt.Sprintf("2.%02d", 2*i))
		}
		p := f.pay(t, "C1", d(3, 20), "9.01", "", "")
		out := propose(t, f, customers, reconcile.Rules{WorkLimit: 10})
		require.Equal(t, 1, out.WorkLimitReached)
		require.Contains(t, unmatchedOf(out, line0(p)), "work limit")
		out = propose(t, f, customers, reconcile.Rules{WorkLimit: 10, OldestFirst: true})
		require.Equal(t, 1, out.WorkLimitReached)
		require.Len(t, out.Proposals, 1)
		require.Contains(t, out.Proposals[0].Reason, "1,19\u00a0€ stays due on VT/2026/00005")
		require.Contains(t, out.Proposals[0].Reason, "combination search")
		out = propose(t, f, customers, reconcile.Rules{})
		require.Zero(t, out.WorkLimitReached)
		require.Empty(t, out.Proposals)
	})
}

// The same book gives the same proposals in the same order, and a line is
// in one proposal at most.
func TestHrev146DeterministicAndOneProposalALine(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		for _, p := range []string{"C1", "C2", "C3"} {
			i := f.invoice(t, p, d(3, 1), "100.00")
			f.invoice(t, p, d(3, 2), "100.00")
			f.invoice(t, p, d(3, 3), "60.00")
			f.invoice(t, p, d(3, 4), "40.00")
			f.pay(t, p, d(3, 20), "100.00", i.Name(), "")
			f.pay(t, p, d(3, 21), "100.00", "", "")
			f.pay(t, p, d(3, 22), "99.98", "", "")
		}
		a := propose(t, f, customers, reconcile.Rules{})
		b := propose(t, f, customers, reconcile.Rules{})
		require.Equal(t, a, b)
		seen := map[journal.LineRef]bool{}
		for _, pr := range a.Proposals {
			for _, l := range pr.Lines {
				require.False(t, seen[l], "line %v in two proposals", l)
				seen[l] = true
			}
		}
		applied, err := f.rec.Apply(ctx, journal.NoID, a.Proposals)
		require.NoError(t, err)
		require.Zero(t, applied.Failed())
		f.check(t)
	})
}

// Partners walks by code or most open first (ties by code), with each
// partner's open debits, credits and proposals.
func TestHrev146PartnersOrders(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "10.00")
		f.invoice(t, "C1", d(3, 1), "20.00")
		f.invoice(t, "C2", d(3, 1), "10.00")
		f.invoice(t, "C2", d(3, 1), "11.00")
		f.pay(t, "C2", d(3, 5), "11.00", "", "")
		f.invoice(t, "C3", d(3, 1), "10.00")
		f.pay(t, "C3", d(3, 5), "10.00", "", "")
		walk := func(o reconcile.PartnerOrder) []string {
			var got []string
			for v, err := range f.rec.Partners(ctx, "411000", o, reconcile.Rules{}) {
				require.NoError(t, err)
				got = append(got, fmt.Sprintf("%s D%d C%d P%d", v.Partner, len(v.Debits), len(v.Credits), len(v.Proposals)))
			}
			return got
		}
		require.Equal(t, []string{"C1 D2 C0 P0", "C2 D2 C1 P1", "C3 D1 C1 P1"}, walk(reconcile.ByCode))
		require.Equal(t, []string{"C2 D2 C1 P1", "C1 D2 C0 P0", "C3 D1 C1 P1"}, walk(reconcile.MostOpen))
	})
}

// The aged balance at a past date: an invoice paid after the date is
// open at it, a payment before its invoice's date is open alone, a USD
// item counts in its own currency and company value; by due or document
// date; the company total equals 411000's balance at the date.
func TestHrev146AgedAtPastDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("0.5")))
		i := f.invoice(t, "C1", d(1, 10), "1000.00")
		f.receive(t, "BQ", "C1", d(4, 10), "400.00", i)
		f.invoice(t, "C2", d(3, 20), "250.00")
		f.pay(t, "C2", d(3, 1), "80.00", "", "")
		f.foreignSale(t, "C3", d(2, 1), usd, "300.00")
		plain := func(xs []currency.Amount) string {
			var s []string
			for _, x := range xs {
				s = append(s, x.Plain())
			}
			return strings.Join(s, " ")
		}
		for _, c := range []struct {
			at      journal.Date
			byDoc   bool
			company string
			total   string
		}{
			{d(3, 31), false, "250.00 -80.00 1600.00 0.00 0.00", "1770.00"},
			{d(3, 31), true, "0.00 170.00 600.00 1000.00 0.00", "1770.00"},
			{d(4, 30), false, "0.00 250.00 -80.00 1200.00 0.00", "1370.00"},
		} {
			a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: c.at, ByDocumentDate: c.byDoc})
			require.NoError(t, err)
			require.Equal(t, c.company, plain(a.Company))
			require.Equal(t, c.total, a.CompanyTotal.Plain())
			bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "411000", At: c.at})
			require.NoError(t, err)
			require.Equal(t, bal.Balance.Plain(), a.CompanyTotal.Plain())
			require.Len(t, a.ByCurrency, 2)
			require.Equal(t, "USD", a.ByCurrency[1].Currency.Code())
			require.Equal(t, "300.00", a.ByCurrency[1].Total.Plain())
			require.Equal(t, "600.00", a.ByCurrency[1].CompanyTotal.Plain())
		}
		_, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31), Bounds: []int{30, 30}})
		require.True(t, errors.Is(err, reconcile.ErrAgeBuckets))
	})
}
