package reconcile_test

// Review of today's changes to automatic lettering and the aged balance
// (1ed3125, 22dbdb4, 715f1a5, a18cde6, faa2a6c). Each test says what is
// expected, why, and what the code does. Tests marked "passes" are checks
// found right, kept as regression tests.

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// rec2ApplyAsPlanned applies proposals and asserts that every one applied,
// recorded exactly the partials it planned, and left its lines at zero.
func rec2ApplyAsPlanned(t *testing.T, f *fixture, prs []reconcile.Proposal) {
	t.Helper()
	applied, err := f.rec.Apply(ctx, journal.NoID, prs)
	require.NoError(t, err)
	for i, pr := range prs {
		require.NoError(t, applied.Outcomes[i].Err, "proposal %d: %s", i, pr.Reason)
		made := applied.Outcomes[i].Partials
		require.Len(t, made, len(pr.Partials), "proposal %d plans %d partials, Apply recorded %d", i, len(pr.Partials), len(made))
		for k, pp := range pr.Partials {
			require.True(t, pp.Amount.Equal(made[k].Amount), "proposal %d partial %d: %s planned, %s made", i, k, pp.Amount, made[k].Amount)
			if !pp.WriteOff {
				require.Equal(t, pp.Debit, made[k].Debit, "proposal %d partial %d", i, k)
				require.Equal(t, pp.Credit, made[k].Credit, "proposal %d partial %d", i, k)
			} else if pp.Debit.Entry != journal.NoID {
				require.Equal(t, pp.Debit, made[k].Debit, "proposal %d write-off partial %d", i, k)
			} else {
				require.Equal(t, pp.Credit, made[k].Credit, "proposal %d write-off partial %d", i, k)
			}
		}
		for _, l := range pr.Lines {
			require.True(t, residualOf(t, f, l).Balance.IsZero(), "%v left open by %s", l, pr.Reason)
		}
	}
	f.check(t)
}

// FAILS. Customer C1's invoice VT/…/00001 of 480,00 € carries the
// customer's order number "250" as its reference; invoice VT/…/00002 is of
// 250,00 €. C1 pays 250,00 € with the label "Paiement 250€".
//
// Expected: the receipt with VT/…/00002 by exact amount (rule 2); "250€"
// is an amount, not a reference. DESIGN §11 rule 1 compares references
// "normalised (case, spaces, separators)"; a currency sign is none of
// those, and before 715f1a5 "250€" stayed one word that named nothing.
//
// The code: refParts splits "250€" on the euro sign (a "sign" like n°) and
// gives the token "250", which is invoice 00001's reference: a reference
// proposal letters the 250,00 € receipt against the 480,00 € invoice
// ("230,00 € stays due") and the exactly matching invoice stays open.
func TestRec2AmountGluedToCurrencySignNamesADocument(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.post(t, journal.Entry{Journal: "VT", Date: d(1, 5), Type: journal.TypeInvoice, Ref: "250", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("480.00"), DueDate: d(2, 4)},
			{Account: "706000", Balance: e("-480.00")}}})
		exact := f.invoice(t, "C1", d(1, 6), "250.00")
		p := f.pay(t, "C1", d(2, 1), "250.00", "", "Paiement 250€")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "unmatched: %q", unmatchedOf(out, line0(p)))
		pr := out.Proposals[0]
		require.Equal(t, []journal.LineRef{line0(p), line0(exact)}, pr.Lines, "%s: %s", pr.Rule, pr.Reason)
		require.Equal(t, reconcile.RuleExactAmount, pr.Rule, pr.Reason)
	})
}

// FAILS. Supplier S1's bill carries the creditor reference "RF18 5390
// 0754 7034" (the ISO 11649 example); a second bill has the same amount.
// The payment's label is "VIR RF18 5390 0754 7034 19 MARS" (the bank
// appends the date).
//
// Expected: a reference proposal, payment with the bill carrying the RF
// (DESIGN §11 rule 1: "ISO 11649 creditor reference (RF + check digits,
// verified)"). The RF printed in groups is complete before "19".
//
// The code: groupedCreditorReference takes the longest run of groups with
// good check digits; "RF18539007547034" + "19" happens to check too (one
// run in 97 does), so the body read is "53900754703419", which names
// nothing, and the payment stays "ambiguous" between the two bills. The
// groups of a reference running into the next word is exactly the case
// the "longest run" choice gets wrong.
func TestRec2GroupedCreditorReferenceRunsIntoTheNextWord(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) { requireRFBillPaid(t, f, "", "VIR RF18 5390 0754 7034 19 MARS") })
}

// passes. A grouped RF with a wrong check digit inside a label names
// nothing, and a label that only quotes an amount with a decimal comma
// ("450,00") does not name a document numbered 45000.
func TestRec2GroupedCreditorReferenceWrongCheckAndDecimalComma(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.post(t, journal.Entry{Journal: "AC", Date: d(1, 5), Type: journal.TypeInvoice, Ref: "RF18 5390 0754 7034", Lines: []journal.Line{
			{Account: "401000", Partner: "S1", Balance: e("-480.00")},
			{Account: "607000", Balance: e("480.00")}}})
		f.post(t, journal.Entry{Journal: "AC", Date: d(1, 6), Type: journal.TypeInvoice, Ref: "45000", Lines: []journal.Line{
			{Account: "401000", Partner: "S1", Balance: e("-480.00")},
			{Account: "607000", Balance: e("480.00")}}})
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(2, 1), Method: reconcile.MethodTransfer, Amount: e("480.00"), Label: "VIR RF19 5390 0754 7034 MONTANT 450,00"})
		require.NoError(t, err)
		out := propose(t, f, reconcile.Scope{Partners: []string{"S1"}}, reconcile.Rules{})
		require.Empty(t, out.Proposals)
		require.Contains(t, unmatchedOf(out, line0(res.Entries[0])), "ambiguous")
	})
}

// FAILS. Customer C1 has one invoice of 200,00 € payable in two
// instalments of 100,00 € (due 4 February and 4 March) and pays 100,00 €
// twice (5 February and 5 March), no reference.
//
// Expected: two exact-amount proposals, the first receipt with the first
// instalment, the second with the second. DESIGN §11 rule 2: "residual of
// a payment = residual of exactly one open document": there is one
// document; byExactAmount already treats "instalments of one invoice" as
// one candidate (oneDocument), and DESIGN §11 orders candidates by due
// date. Which receipt pays which instalment changes nothing to the
// invoice: there is nothing for a person to decide.
//
// The code: for each receipt the first instalment has two rival receipts
// of 100,00 €, so both are held "ambiguous" (and since 1ed3125 held from
// the later rules too): nothing is proposed. The rival check predates
// today; 1ed3125 makes the hold stick.
func TestRec2InstalmentsPaidOneByOneAreNotAmbiguous(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		type part = struct {
			due    journal.Date
			amount string
		}
		inv := f.instalments(t, "C1", d(1, 5), part{d(2, 4), "100.00"}, part{d(3, 4), "100.00"})
		p1 := f.pay(t, "C1", d(2, 5), "100.00", "", "")
		p2 := f.pay(t, "C1", d(3, 5), "100.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 2, "unmatched: %q / %q", unmatchedOf(out, line0(p1)), unmatchedOf(out, line0(p2)))
		require.Equal(t, []journal.LineRef{line0(p1), inv.LineRef(0)}, out.Proposals[0].Lines)
		require.Equal(t, []journal.LineRef{line0(p2), inv.LineRef(1)}, out.Proposals[1].Lines)
	})
}

// passes. Rivals in another currency or outside the window are no
// rivals: a 100,00 € receipt with one 100,00 € invoice, another 100,00 €
// receipt 200 days later and a 100,00 $US receipt is proposed.
func TestRec2RivalsOutsideWindowOrCurrencyDoNotHold(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.25")))
		inv := f.invoice(t, "C1", d(1, 5), "100.00")
		p := f.pay(t, "C1", d(1, 20), "100.00", "", "")
		f.pay(t, "C1", d(9, 1), "100.00", "", "")
		f.post(t, journal.Entry{Journal: "BQ", Date: d(1, 21), Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
			{Account: "512000", AmountCurrency: currency.MustParse(usd, "100.00"), Balance: e("80.00")},
			{Account: "411000", Partner: "C1", AmountCurrency: currency.MustParse(usd, "-100.00"), Balance: e("-80.00")}}})
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, []journal.LineRef{line0(p), line0(inv)}, out.Proposals[0].Lines)
	})
}

// passes (checked): a combination net of two credit notes plans the
// partials Apply records; a credit note is used in one proposal only; a
// credit note of another partner or another currency is not netted.
func TestRec2NetOfTwoCreditNotesAppliesAsPlanned(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cn1 := f.creditNote(t, "C1", d(1, 2), "30.00")
		cn2 := f.creditNote(t, "C1", d(1, 3), "20.00")
		f.creditNote(t, "C2", d(1, 3), "50.00")
		a := f.invoice(t, "C1", d(1, 5), "100.00")
		b := f.invoice(t, "C1", d(1, 6), "100.00")
		c := f.invoice(t, "C1", d(1, 7), "100.00")
		p := f.pay(t, "C1", d(2, 1), "250.00", "", "")
		// A second receipt that could only be placed with one of the
		// same credit notes: it must stay open.
		f.invoice(t, "C1", d(1, 8), "75.00")
		q := f.pay(t, "C1", d(2, 2), "50.00", "", "")
		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C1", "C2"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%v", out.Unmatched)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleCombination, pr.Rule)
		require.Equal(t, []journal.LineRef{line0(cn1), line0(cn2), line0(p), line0(a), line0(b), line0(c)}, pr.Lines)
		require.NotEmpty(t, unmatchedOf(out, line0(q)))
		rec2ApplyAsPlanned(t, f, out.Proposals)
	})
}

// passes (checked): the write-off partials of a reference proposal naming
// two invoices, paid short and paid over, are the ones Apply records,
// amount for amount, and the lines end at zero.
func TestRec2WriteOffPartialsOfSeveralLinesAsApplied(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 5), "100.00")
		i2 := f.invoice(t, "C1", d(1, 6), "100.00")
		f.pay(t, "C1", d(2, 1), "199.97", "", "Factures "+i1.Name()+" et "+i2.Name())
		i3 := f.invoice(t, "C2", d(1, 5), "60.00")
		i4 := f.invoice(t, "C2", d(1, 6), "40.00")
		f.pay(t, "C2", d(2, 1), "100.04", "", "Factures "+i3.Name()+" "+i4.Name())
		// The second pays four cents over: written off only when asked.
		out := propose(t, f, customers, reconcile.Rules{WriteOffOverpayment: true})
		require.Len(t, out.Proposals, 2)
		for _, pr := range out.Proposals {
			require.Equal(t, reconcile.WithinTolerance, pr.Confidence, pr.Reason)
			var wo currency.Amount
			for _, pp := range pr.Partials {
				if pp.WriteOff {
					if !wo.IsSet() {
						wo = pp.Amount
					} else {
						wo, _ = wo.Add(pp.Amount)
					}
				}
			}
			require.True(t, wo.Equal(pr.WriteOff), "write-off partials %s, write-off %s", wo, pr.WriteOff)
		}
		rec2ApplyAsPlanned(t, f, out.Proposals)
	})
}

// passes (checked): with many credit notes and invoices and no set that
// sums, the netting search stops at the work limit, reports it once on
// the receipt, and returns quickly.
func TestRec2NettingSearchStaysWithinTheWorkLimit(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		// Invoices end in ,30 €: no set of at most six sums to a whole
		// number of tens, so no search can succeed.
		for i := 0; i < 25; i++ {
			f.creditNote(t, "C1", d(1, 2), fmt.Sprintf("%d.00", 10*(i+1)))
			f.invoice(t, "C1", d(1, 3), fmt.Sprintf("%d.30", 1000+10*i))
		}
		p := f.pay(t, "C1", d(2, 1), "1.01", "", "")
		start := time.Now()
		out := propose(t, f, customers, reconcile.Rules{WorkLimit: 5000, NoTolerance: true})
		require.Less(t, time.Since(start), 10*time.Second)
		require.Empty(t, out.Proposals)
		// Every credit note now runs a netting search of its own (against
		// the other notes), so 51 searches report the limit, not 1: counted
		// as documented, each named in Unmatched.
		require.Positive(t, out.WorkLimitReached)
		require.Contains(t, unmatchedOf(out, line0(p)), "work limit")
	})
}

// passes (checked): a combination net of a credit note planned, then the
// credit note lettered by hand with another invoice, is refused as stale
// by Apply while the other proposal applies.
func TestRec2StaleNettedProposalRefusedAlone(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cn := f.creditNote(t, "C1", d(1, 2), "50.00")
		f.invoice(t, "C1", d(1, 5), "100.00")
		f.invoice(t, "C1", d(1, 6), "100.00")
		f.pay(t, "C1", d(2, 1), "150.00", "", "")
		i2 := f.invoice(t, "C2", d(1, 5), "70.00")
		f.pay(t, "C2", d(2, 1), "70.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 2)
		other := f.invoice(t, "C1", d(3, 1), "20.00")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(cn), line0(other)}})
		require.NoError(t, err)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.ErrorIs(t, applied.Outcomes[0].Err, reconcile.ErrStale)
		require.NoError(t, applied.Outcomes[1].Err)
		require.Equal(t, reconcile.InPayment, f.state(t, i2).State)
		f.check(t)
	})
}

// passes (checked): a bank statement line without partner clears a cheque
// deposit of receipts of two customers on the outstanding account
// (DESIGN §5: "a cheque deposit clears receipts of many customers"), while
// two customers' own lines are never lettered together.
func TestRec2ChequeDepositAcrossCustomers(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		p1 := f.pay(t, "C1", d(3, 1), "100.00", "", "")
		p2 := f.pay(t, "C2", d(3, 1), "200.00", "", "")
		stmt := f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 3), Type: journal.TypeStatementLine, Ref: "REMISE 42", Lines: []journal.Line{
			{Account: "512000", Balance: e("300.00")},
			{Account: "512100", Balance: e("-300.00")}}})
		out := propose(t, f, reconcile.Scope{Accounts: []string{"512100"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%v", out.Unmatched)
		require.Equal(t, reconcile.RuleCombination, out.Proposals[0].Rule)
		require.ElementsMatch(t, []journal.LineRef{stmt.LineRef(1), p1.LineRef(1), p2.LineRef(1)}, out.Proposals[0].Lines)
		rec2ApplyAsPlanned(t, f, out.Proposals)
	})
}

// passes (checked): AutoLetter replayed with the same operation id gives
// the same summary, writes nothing, and a netted combination is among
// what it lettered.
func TestRec2AutoLetterReplayWithNetting(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.creditNote(t, "C1", d(1, 2), "50.00")
		f.invoice(t, "C1", d(1, 5), "100.00")
		f.invoice(t, "C1", d(1, 6), "100.00")
		f.pay(t, "C1", d(2, 1), "150.00", "", "")
		f.invoice(t, "C2", d(1, 5), "100.00")
		f.invoice(t, "C2", d(1, 6), "100.00")
		f.pay(t, "C2", d(2, 1), "100.00", "", "")
		op := journal.NewID()
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{All: true}})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
		require.Equal(t, 1, sum.ByRule[reconcile.RuleCombination])
		require.Equal(t, 1, sum.UnmatchedCount)
		require.Contains(t, sum.Unmatched[0].Reason, "ambiguous")
		before := f.snapshot(t)
		again, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{All: true}})
		require.NoError(t, err)
		require.True(t, again.Replay)
		again.Replay = false
		require.Equal(t, sum, again)
		f.unchanged(t, before)
		f.check(t)
	})
}

// passes (checked): the same book on every store gives the same proposals
// (lines named by entry, rules, reasons) in the same order, twice.
func TestRec2ProposalsSameOnEveryStore(t *testing.T) {
	t.Parallel()
	var runs []string
	onStores(t, func(t *testing.T, f *fixture) {
		names := map[journal.ID]string{}
		keep := func(x journal.Entry) { names[x.ID] = x.Name() }
		keep(f.creditNote(t, "C1", d(1, 2), "50.00"))
		keep(f.invoice(t, "C1", d(1, 5), "100.00"))
		keep(f.invoice(t, "C1", d(1, 6), "100.00"))
		keep(f.pay(t, "C1", d(2, 1), "150.00", "", ""))
		i := f.invoice(t, "C2", d(1, 5), "60.00")
		keep(i)
		keep(f.invoice(t, "C2", d(1, 6), "40.00"))
		keep(f.pay(t, "C2", d(2, 1), "100.00", "", ""))
		keep(f.pay(t, "C3", d(2, 1), "12.34", "", ""))
		keep(f.invoice(t, "C3", d(1, 6), "12.30"))
		keep(f.pay(t, "C1", d(2, 3), "25.00", "", "Solde "+i.Name()))
		render := func() string {
			out := propose(t, f, reconcile.Scope{All: true}, reconcile.Rules{})
			var b strings.Builder
			for _, pr := range out.Proposals {
				fmt.Fprintf(&b, "%s %s %s:", pr.Account, pr.Partner, pr.Rule)
				for _, l := range pr.Lines {
					fmt.Fprintf(&b, " %s#%d", names[l.Entry], l.Index)
				}
				for _, pp := range pr.Partials {
					fmt.Fprintf(&b, " [%s#%d %s#%d %s %v]", names[pp.Debit.Entry], pp.Debit.Index, names[pp.Credit.Entry], pp.Credit.Index, pp.Amount, pp.WriteOff)
				}
				fmt.Fprintf(&b, " %s\n", pr.Reason)
			}
			for _, u := range out.Unmatched {
				fmt.Fprintf(&b, "open %s %s\n", names[u.Line.Entry], u.Reason)
			}
			return b.String()
		}
		first := render()
		require.Equal(t, first, render())
		runs = append(runs, first)
	})
	for _, r := range runs[1:] {
		require.Equal(t, runs[0], r)
	}
}

// FAILS. The aged balance asked for customer C1 (Partners: ["C1"]) on the
// customer-advance account 419100, where C1 and C2 each paid an advance.
//
// Expected: C1's row only. Since 22dbdb4 every line of 419100 counts
// under its own partner, so a partner filter can and must apply: a
// balance asked for one customer that lists another's advance discloses
// C2's position in C1's statement and its totals are not C1's (DESIGN
// §11: "buckets sum to the account's balance at D per partner").
//
// The code: Aged narrows only accounts whose kind NeedsPartner
// (receivable, payable); on 419100 it reads every partner's lines and now
// shows a row for C2, and the totals add C2's 300,00 €.
func TestRec2AgedPartnerFilterOnAnAdvanceAccount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		for _, x := range []struct {
			p   string
			day int
			amt string
		}{{"C1", 5, "500.00"}, {"C2", 6, "300.00"}} {
			f.post(t, journal.Entry{Journal: "OD", Date: d(1, x.day), Type: journal.TypeMisc, Lines: []journal.Line{
				{Account: "512000", Balance: e(x.amt)},
				{Account: "419100", Partner: x.p, Balance: e(x.amt).Neg()},
			}})
		}
		a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(2, 28), Accounts: []string{"419100"}, Partners: []string{"C1"}})
		require.NoError(t, err)
		for _, r := range a.Rows {
			require.Equal(t, "C1", r.Partner, "aged balance of C1 lists %v", rvAgedRows(a))
		}
		require.Equal(t, "-500.00 EUR", a.CompanyTotal.String())
	})
}

// passes (checked): with no account named the aged balance covers every
// receivable account of the chart (411000, 413000, and 416000, empty
// here); at a past date (a partial payment after it, another before
// it) each account's buckets sum to its balance per partner, to the cent;
// an unknown partner is refused with ErrScope wrapping
// ledger.ErrUnknownPartner, as is a lettering scope naming one.
func TestRec2AgedDefaultAccountsAgreeWithBalances(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 10), "100.01")
		f.post(t, journal.Entry{Journal: "VT", Date: d(1, 20), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "413000", Partner: "C1", Balance: e("250.33"), DueDate: d(2, 19)},
			{Account: "706000", Balance: e("-250.33")}}})
		i2 := f.invoice(t, "C2", d(1, 12), "80.00")
		f.receive(t, "BQ", "C1", d(2, 10), "33.33", i1)
		f.receive(t, "BQ", "C2", d(4, 10), "80.00", i2)
		a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31)})
		require.NoError(t, err)
		require.Equal(t, []string{"411000", "413000", "416000"}, a.Scope().Accounts)
		for _, acct := range []string{"411000", "413000"} {
			for _, p := range []string{"C1", "C2"} {
				rvAgedAgrees(t, f, a, acct, p)
			}
		}
		require.Equal(t, "397.01 EUR", a.CompanyTotal.String(), "%v", rvAgedRows(a))
		_, err = f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31), Partners: []string{"C9"}})
		require.ErrorIs(t, err, reconcile.ErrScope)
		require.True(t, errors.Is(err, ledger.ErrUnknownPartner))
		_, err = f.rec.Propose(ctx, reconcile.Scope{Partners: []string{"C9"}}, reconcile.Rules{})
		require.ErrorIs(t, err, reconcile.ErrScope)
		require.True(t, errors.Is(err, ledger.ErrUnknownPartner))
	})
}
