package reconcile_test

// h-rev35: automatic lettering's tolerance rule (rule 5, a remainder
// within the write-off tolerance proposed with a write-off) and the
// oldest-first policy (rule 4), against DESIGN.md §5, §11 and what Odoo and
// Tryton do. Tests marked "Was failing, fixed" failed on the code
// reviewed; the others are pins.

import (
	"slices"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// hrev35Apply applies one proposal and requires it applied.
func hrev35Apply(t *testing.T, f *fixture, r *reconcile.Reconciler, pr reconcile.Proposal) reconcile.Outcome {
	t.Helper()
	applied, err := r.Apply(ctx, journal.NoID, []reconcile.Proposal{pr})
	require.NoError(t, err)
	require.NoError(t, applied.Outcomes[0].Err)
	return applied.Outcomes[0]
}

// hrev35Residual is a line's residual in both currencies.
func hrev35Residual(t *testing.T, f *fixture, ref journal.LineRef) ledger.Residual {
	t.Helper()
	var out ledger.Residual
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		var err error
		out, err = tx.Residual(ref)
		return err
	}))
	return out
}

// hrev35Code is a line's letter code ("" when open).
func hrev35Code(t *testing.T, f *fixture, ref journal.LineRef) (string, bool) {
	t.Helper()
	code, prov, err := f.rec.Code(ctx, ref)
	require.NoError(t, err)
	return code, prov
}

// hrev35WriteOff returns the write-off entry among entries.
func hrev35WriteOff(t *testing.T, es []journal.Entry) journal.Entry {
	t.Helper()
	var out []journal.Entry
	for _, x := range es {
		if x.Type == journal.TypeWriteOff {
			out = append(out, x)
		}
	}
	require.Len(t, out, 1, "one write-off entry")
	return out[0]
}

// Payment 99.98 € for an invoice of 100.00 € (tolerance 0.05 €): DESIGN §6
// example 8 (write-off 0.02 to 658000, match); Odoo
// test_reconciliation_matching_rules.py test_enough_payment_tolerance
// (underpaid within tolerance: status 'write_off'). The write-off line on
// 411000 carries the partner, 658000 takes the loss, the invoice is settled
// under code AAA, the reason states 0,02 €.
// Pin (passes).
func TestHrev35UnderpaidWithinToleranceWriteOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(1, 5), "100.00")
		p := f.pay(t, "C1", d(2, 1), "99.98", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleTolerance, pr.Rule)
		require.Equal(t, reconcile.WithinTolerance, pr.Confidence)
		require.True(t, pr.WriteOff.Equal(e("0.02")), "write-off %s", pr.WriteOff)
		require.Contains(t, pr.Reason, "0,02\u00a0€ written off")
		o := hrev35Apply(t, f, f.rec, pr)
		wo := hrev35WriteOff(t, o.Entries)
		require.Equal(t, "OD", wo.Journal)
		require.Len(t, wo.Lines, 2)
		for _, l := range wo.Lines {
			switch l.Account {
			case "411000":
				require.Equal(t, "C1", l.Partner)
				require.True(t, l.Balance.Equal(e("-0.02")), "411000 %s", l.Balance)
			case "658000":
				require.True(t, l.Balance.Equal(e("0.02")), "658000 %s", l.Balance)
			default:
				t.Fatalf("write-off on %s", l.Account)
			}
		}
		require.Equal(t, d(2, 1), wo.Date)
		require.True(t, f.residual(t, line0(inv)).IsZero())
		require.True(t, f.residual(t, line0(p)).IsZero())
		require.Len(t, o.Matches, 1)
		require.Equal(t, "AAA", o.Matches[0].Code)
		code, prov := hrev35Code(t, f, line0(inv))
		require.Equal(t, "AAA", code)
		require.False(t, prov)
		f.check(t)
	})
}

// Supplier side: payment 479.97 € of a bill of 480.00 €: the 0.03 € left
// on the bill (a credit on 401000) is a gain: Dr 401000 / Cr 758000. Odoo
// test_enough_payment_tolerance runs in_invoice with the sign reversed.
// Pin (passes).
func TestHrev35SupplierUnderpaidWithinToleranceIsAGain(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := f.bill(t, "S1", d(1, 5), "480.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(2, 1), Method: reconcile.MethodTransfer, Amount: e("479.97")})
		require.NoError(t, err)
		out := propose(t, f, reconcile.Scope{Partners: []string{"S1"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.True(t, pr.WriteOff.Equal(e("0.03")))
		o := hrev35Apply(t, f, f.rec, pr)
		wo := hrev35WriteOff(t, o.Entries)
		for _, l := range wo.Lines {
			switch l.Account {
			case "401000":
				require.Equal(t, "S1", l.Partner)
				require.True(t, l.Balance.Equal(e("0.03")), "401000 %s", l.Balance)
			case "758000":
				require.True(t, l.Balance.Equal(e("-0.03")), "758000 %s", l.Balance)
			default:
				t.Fatalf("write-off on %s", l.Account)
			}
		}
		require.True(t, f.residual(t, line0(b)).IsZero())
		require.True(t, f.residual(t, line0(res.Entries[0])).IsZero())
		f.check(t)
	})
}

// Overpaid within the tolerance: Odoo's tolerance covers underpayments
// only (test_enough_payment_tolerance: 1010 for 1000 matches with no
// write-off; _check_rule_propositions "The payment amount is higher than
// the sum of invoices ... don't try to generate any write-off"); DESIGN
// §5 "an overpayment stays an outstanding credit unless the caller asks".
// Invoice settled, 0.03 € open on the receipt; with WriteOffOverpayment
// 758000 takes it.
// Pin (passes).
func TestHrev35OverpaidWithinTolerance(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(1, 5), "100.00")
		p := f.pay(t, "C1", d(2, 1), "100.03", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.False(t, pr.WriteOff.IsSet())
		require.Contains(t, pr.Reason, "0,03\u00a0€ overpaid stays open")
		o := hrev35Apply(t, f, f.rec, pr)
		require.Empty(t, o.Entries)
		require.True(t, f.residual(t, line0(inv)).IsZero())
		require.True(t, f.residual(t, line0(p)).Equal(e("-0.03")))
		f.check(t)
	})
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(1, 5), "100.00")
		p := f.pay(t, "C1", d(2, 1), "100.03", "", "")
		out := propose(t, f, customers, reconcile.Rules{WriteOffOverpayment: true})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.True(t, pr.WriteOff.Equal(e("0.03")))
		o := hrev35Apply(t, f, f.rec, pr)
		wo := hrev35WriteOff(t, o.Entries)
		for _, l := range wo.Lines {
			switch l.Account {
			case "411000":
				require.Equal(t, "C1", l.Partner)
				require.True(t, l.Balance.Equal(e("0.03")))
			case "758000":
				require.True(t, l.Balance.Equal(e("-0.03")))
			default:
				t.Fatalf("write-off on %s", l.Account)
			}
		}
		require.True(t, f.residual(t, line0(inv)).IsZero())
		require.True(t, f.residual(t, line0(p)).IsZero())
		f.check(t)
	})
}

// The tolerance is inclusive (DESIGN §5; Odoo's fixed_amount compares
// `<= 0`): 99.95 € for 100.00 € is proposed, 99.94 € is not.
// Pin (passes).
func TestHrev35ToleranceBoundary(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(1, 5), "100.00")
		f.pay(t, "C1", d(2, 1), "99.95", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.True(t, out.Proposals[0].WriteOff.Equal(e("0.05")))
	})
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(1, 5), "100.00")
		p := f.pay(t, "C1", d(2, 1), "99.94", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Empty(t, out.Proposals)
		require.Len(t, out.Unmatched, 1)
		require.Equal(t, line0(p), out.Unmatched[0].Line)
	})
}

// Tolerance against a combination: invoices 40.00 + 60.00, receipt 99.97:
// both settled, one write-off of 0.03 € on 658000, one match.
// Pin (passes).
func TestHrev35CombinationWithinTolerance(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 5), "40.00")
		b := f.invoice(t, "C1", d(1, 6), "60.00")
		p := f.pay(t, "C1", d(2, 1), "99.97", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleTolerance, pr.Rule)
		require.True(t, pr.WriteOff.Equal(e("0.03")))
		require.Contains(t, pr.Reason, "0,03\u00a0€ written off")
		o := hrev35Apply(t, f, f.rec, pr)
		wo := hrev35WriteOff(t, o.Entries)
		sum := currency.Zero(eur)
		for _, l := range wo.Lines {
			if l.Account == "658000" {
				sum, _ = sum.Add(l.Balance)
			}
		}
		require.True(t, sum.Equal(e("0.03")))
		for _, l := range []journal.LineRef{line0(a), line0(b), line0(p)} {
			require.True(t, f.residual(t, l).IsZero(), "%v open", l)
		}
		require.Len(t, o.Matches, 1)
		f.check(t)
	})
}

// Unlettering a proposal applied with a write-off (DESIGN §5 "a write-off
// belongs to its match: detaching any line from that match reverses it
// too", §7 invariant 10): exactly the write-off entry is reversed, every
// residual restored, code AAA retired.
// Pin (passes).
func TestHrev35UnletterAutoWriteOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(1, 5), "100.00")
		p := f.pay(t, "C1", d(2, 1), "99.98", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		o := hrev35Apply(t, f, f.rec, out.Proposals[0])
		wo := hrev35WriteOff(t, o.Entries)
		res, err := f.rec.UnletterCode(ctx, journal.NoID, "411000", "C1", "AAA")
		require.NoError(t, err)
		reversals := res.Entries
		require.Len(t, reversals, 1, "only the write-off is reversed")
		require.Equal(t, wo.ID, reversals[0].ReversalOf)
		require.True(t, f.residual(t, line0(inv)).Equal(e("100.00")))
		require.True(t, f.residual(t, line0(p)).Equal(e("-99.98")))
		for i, l := range wo.Lines {
			if l.Account == "411000" {
				require.True(t, f.residual(t, wo.LineRef(i)).IsZero(), "the write-off line is lettered with its reversal")
			}
		}
		code, _ := hrev35Code(t, f, line0(inv))
		require.Equal(t, "", code)
		// Proposed and applied again: a new code (AAB went to the write-off
		// line lettered with its reversal), never AAA again.
		out = propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		o = hrev35Apply(t, f, f.rec, out.Proposals[0])
		require.Equal(t, "AAC", o.Matches[0].Code)
		f.check(t)
	})
}

// hrev35USD sets USD rates (1.20 on 5 January, 1.25 from 1 February) and
// returns a reconciler on f's book with a 0.05 tolerance in EUR and USD.
func hrev35USD(t *testing.T, f *fixture) (*reconcile.Reconciler, currency.Currency, func(string) currency.Amount) {
	t.Helper()
	usd := currency.MustLookup("USD")
	u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 5), currency.MustParseRate("1.20")))
	require.NoError(t, f.book.SetRate(ctx, usd, d(2, 1), currency.MustParseRate("1.25")))
	r, err := reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("0.05"), u("0.05")}})
	require.NoError(t, err)
	return r, usd, u
}

// hrev35USDInvoice posts a USD invoice (411000 line first).
func hrev35USDInvoice(t *testing.T, f *fixture, usd currency.Currency, p string, date journal.Date, dollars, euros string) journal.Entry {
	t.Helper()
	u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
	return f.post(t, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: p, DueDate: date.AddDays(30), AmountCurrency: u(dollars), Balance: e(euros)},
		{Account: "706000", AmountCurrency: u(dollars).Neg(), Balance: e(euros).Neg()}}})
}

// hrev35USDReceipt posts an unlettered USD receipt (411000 line first).
func hrev35USDReceipt(t *testing.T, f *fixture, usd currency.Currency, p string, date journal.Date, dollars, euros string) journal.Entry {
	t.Helper()
	u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
	return f.post(t, journal.Entry{Journal: "BQ", Date: date, Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: p, AmountCurrency: u(dollars).Neg(), Balance: e(euros).Neg()},
		{Account: "512000", AmountCurrency: u(dollars), Balance: e(euros)}}})
}

// A USD invoice of 120.00 $US at 1.20 (100.00 €) paid 119.98 $US at 1.25
// (95.98 €), tolerance 0.05 $US. Tryton
// scenario_account_reconciliation_alternate_currency_write_off.rst: the
// write-off takes the second-currency difference only (0.50 of a 45.00
// payment) and the rest of the company difference goes to the currency
// exchange account (4.50); Odoo _check_rule_propositions checks the
// tolerance in the statement line's currency. DESIGN §5 (write-off within
// a tolerance per currency) and writeoff.go ("a foreign item is written off
// at the rate of the write-off's date and what remains of its company
// residual is an exchange difference"). Expected: proposal in USD, write-off
// 0.02 $US (0.02 € at 1.25) on 658000, 4.00 € exchange loss on 656000, every
// line settled in both currencies, reason "0,02 $US written off".
// Pin (passes).
func TestHrev35ForeignWithinToleranceSplitsWriteOffAndExchange(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		r, usd, u := hrev35USD(t, f)
		inv := hrev35USDInvoice(t, f, usd, "C1", d(1, 5), "120.00", "100.00")
		p := hrev35USDReceipt(t, f, usd, "C1", d(2, 1), "119.98", "95.98")
		out, err := r.Propose(ctx, customers, reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleTolerance, pr.Rule)
		require.Equal(t, usd, pr.Currency)
		require.True(t, pr.WriteOff.Equal(u("0.02")), "write-off %s", pr.WriteOff)
		require.Contains(t, pr.Reason, "0,02\u00a0$US written off")
		o := hrev35Apply(t, f, r, pr)
		wo := hrev35WriteOff(t, o.Entries)
		acct := map[string]currency.Amount{}
		for _, x := range o.Entries {
			for _, l := range x.Lines {
				if prev, ok := acct[l.Account]; ok {
					acct[l.Account], _ = prev.Add(l.Balance)
				} else {
					acct[l.Account] = l.Balance
				}
			}
		}
		for _, l := range wo.Lines {
			if l.Account == "411000" {
				require.Equal(t, "C1", l.Partner)
				require.True(t, l.AmountCurrency.Equal(u("-0.02")), "write-off line %s", l.AmountCurrency)
			}
		}
		require.True(t, acct["658000"].Equal(e("0.02")), "658000 %v", acct["658000"])
		require.True(t, acct["656000"].Equal(e("4.00")), "656000 %v", acct["656000"])
		for _, l := range []journal.LineRef{line0(inv), line0(p)} {
			res := hrev35Residual(t, f, l)
			require.True(t, res.Balance.IsZero() && res.AmountCurrency.IsZero(), "%v left %s / %s", l, res.AmountCurrency, res.Balance)
		}
		require.Len(t, o.Matches, 1)
		f.check(t)
	})
}

// Oldest first with a receipt of 500.00 € and invoices of 100.00 € and
// 150.00 €: both paid in due order, 250.00 € stays open on the receipt as
// an outstanding credit (DESIGN §5 "what is left is an outstanding
// credit"; §11 rule 4). No write-off, no match of the receipt.
// Pin (passes).
func TestHrev35OldestFirstPaymentLargerThanAllInvoices(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 5), "100.00")
		b := f.invoice(t, "C1", d(1, 6), "150.00")
		p := f.pay(t, "C1", d(2, 1), "500.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{OldestFirst: true})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleOldestFirst, pr.Rule)
		require.Equal(t, []journal.LineRef{line0(p), line0(a), line0(b)}, pr.Lines)
		require.False(t, pr.WriteOff.IsSet())
		o := hrev35Apply(t, f, f.rec, pr)
		require.Empty(t, o.Entries)
		require.True(t, f.residual(t, line0(a)).IsZero())
		require.True(t, f.residual(t, line0(b)).IsZero())
		require.True(t, f.residual(t, line0(p)).Equal(e("-250.00")))
		require.Empty(t, o.Matches)
		f.check(t)
	})
}

// Oldest first with a credit note among the open items: invoice A 100.00
// (due 4 Feb), credit note 30.00 (10 Jan), invoice B 100.00 (due 14 Feb),
// receipt 120.00: the credit note and the receipt, in due order, pay A then
// B; B keeps 50.00.
// Pin (passes).
func TestHrev35OldestFirstWithCreditNote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 5), "100.00")
		cn := f.creditNote(t, "C1", d(1, 10), "30.00")
		b := f.invoice(t, "C1", d(1, 15), "100.00")
		p := f.pay(t, "C1", d(2, 1), "120.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{OldestFirst: true})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleOldestFirst, pr.Rule)
		require.Equal(t, []journal.LineRef{line0(cn), line0(p), line0(a), line0(b)}, pr.Lines)
		hrev35Apply(t, f, f.rec, pr)
		require.True(t, f.residual(t, line0(a)).IsZero())
		require.True(t, f.residual(t, line0(b)).Equal(e("50.00")))
		require.True(t, f.residual(t, line0(cn)).IsZero())
		require.True(t, f.residual(t, line0(p)).IsZero())
		f.check(t)
	})
}

// Oldest first never pays an invoice of another currency: an older USD
// invoice stays open, the EUR receipt pays the EUR invoice.
// Pin (passes).
func TestHrev35OldestFirstSkipsOtherCurrencies(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		_, usd, _ := hrev35USD(t, f)
		old := hrev35USDInvoice(t, f, usd, "C1", d(1, 5), "120.00", "100.00")
		a := f.invoice(t, "C1", d(1, 10), "80.00")
		p := f.pay(t, "C1", d(2, 1), "90.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{OldestFirst: true})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, []journal.LineRef{line0(p), line0(a)}, out.Proposals[0].Lines)
		hrev35Apply(t, f, f.rec, out.Proposals[0])
		res := hrev35Residual(t, f, line0(old))
		require.True(t, res.Balance.Equal(e("100.00")))
		require.True(t, f.residual(t, line0(p)).Equal(e("-10.00")))
		f.check(t)
	})
}

// Equal due dates: the invoice posted first is paid first, whatever its
// amount (DESIGN §11 "candidates in (due date, posting sequence, line
// index) order; ties broken the same way every run").
// Pin (passes).
func TestHrev35OldestFirstTieByPostingSequence(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		first := f.invoice(t, "C1", d(1, 5), "200.00")
		second := f.invoice(t, "C1", d(1, 5), "100.00")
		p := f.pay(t, "C1", d(2, 1), "150.00", "", "")
		for run := 0; run < 3; run++ {
			out := propose(t, f, customers, reconcile.Rules{OldestFirst: true})
			require.Len(t, out.Proposals, 1)
			require.Equal(t, []journal.LineRef{line0(p), line0(first)}, out.Proposals[0].Lines)
		}
		out := propose(t, f, customers, reconcile.Rules{OldestFirst: true})
		hrev35Apply(t, f, f.rec, out.Proposals[0])
		require.True(t, f.residual(t, line0(first)).Equal(e("50.00")))
		require.True(t, f.residual(t, line0(second)).Equal(e("100.00")))
	})
}

// Instalments: the earliest due date first, whichever invoice and line
// order (DESIGN §10 pitfall "Allocate to the earliest due date first").
// Invoice X (10 Jan) has its second instalment due 1 Feb written first, its
// first due 1 Mar second; invoice Y (5 Jan) is due 15 Feb. A receipt of
// 75.00 pays X's 1 Feb instalment (50.00), then 25.00 of Y.
// Pin (passes).
func TestHrev35OldestFirstInstalmentsByDueDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		y := f.post(t, journal.Entry{Journal: "VT", Date: d(1, 5), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("60.00"), DueDate: d(2, 15)},
			{Account: "706000", Balance: e("-60.00")}}})
		x := f.instalments(t, "C1", d(1, 10),
			struct {
				due    journal.Date
				amount string
			}{d(3, 1), "50.00"},
			struct {
				due    journal.Date
				amount string
			}{d(2, 1), "50.00"})
		p := f.pay(t, "C1", d(2, 1), "75.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{OldestFirst: true})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, []journal.LineRef{line0(p), x.LineRef(1), line0(y)}, out.Proposals[0].Lines)
		hrev35Apply(t, f, f.rec, out.Proposals[0])
		require.True(t, f.residual(t, x.LineRef(1)).IsZero())
		require.True(t, f.residual(t, line0(y)).Equal(e("35.00")))
		require.True(t, f.residual(t, x.LineRef(0)).Equal(e("50.00")))
	})
}

// A combination net of a credit note within the tolerance: invoices 100.00
// and 50.00 less a credit note of 30.00, receipt 119.97: 0.03 € written
// off, the reason names the three documents and the true difference.
// Pin (passes).
func TestHrev35ToleranceNetOfCreditNoteReason(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 5), "100.00")
		b := f.invoice(t, "C1", d(1, 6), "50.00")
		cn := f.creditNote(t, "C1", d(1, 7), "30.00")
		p := f.pay(t, "C1", d(2, 1), "119.97", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleTolerance, pr.Rule)
		require.True(t, pr.WriteOff.Equal(e("0.03")))
		require.Contains(t, pr.Reason, "0,03\u00a0€ written off")
		require.Contains(t, pr.Reason, cn.Name())
		o := hrev35Apply(t, f, f.rec, pr)
		hrev35WriteOff(t, o.Entries)
		for _, l := range []journal.LineRef{line0(a), line0(b), line0(cn), line0(p)} {
			require.True(t, f.residual(t, l).IsZero(), "%v open", l)
		}
		f.check(t)
	})
}

// A combination settled within the tolerance (A 40.00 + B 60.00, receipt
// 99.97, 0.03 € written off on B), then invoice A detached: the write-off
// belongs to the match (DESIGN §5 "detaching any line from that match
// reverses it too"), so it is reversed: B keeps 0.03 € open (nothing
// written off for a lettering that no longer exists), the receipt 40.00 €.
// Pin (passes).
func TestHrev35DetachFromToleranceCombinationReversesWriteOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 5), "40.00")
		b := f.invoice(t, "C1", d(1, 6), "60.00")
		p := f.pay(t, "C1", d(2, 1), "99.97", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		o := hrev35Apply(t, f, f.rec, out.Proposals[0])
		wo := hrev35WriteOff(t, o.Entries)
		res, err := f.rec.Detach(ctx, journal.NoID, line0(a))
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		require.Equal(t, wo.ID, res.Entries[0].ReversalOf)
		require.True(t, f.residual(t, line0(a)).Equal(e("40.00")))
		require.True(t, f.residual(t, line0(b)).Equal(e("0.03")), "B %s", f.residual(t, line0(b)))
		require.True(t, f.residual(t, line0(p)).Equal(e("-40.00")))
		f.check(t)
	})
}

// The foreign case unlettered: the write-off and the exchange entry are
// both reversed, and the invoice and receipt get back 120.00 $US / 100.00 €
// and 119.98 $US / 95.98 € exactly (DESIGN §7 invariant 10).
// Pin (passes).
func TestHrev35UnletterForeignToleranceRestoresBothCurrencies(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		r, usd, u := hrev35USD(t, f)
		inv := hrev35USDInvoice(t, f, usd, "C1", d(1, 5), "120.00", "100.00")
		p := hrev35USDReceipt(t, f, usd, "C1", d(2, 1), "119.98", "95.98")
		out, err := r.Propose(ctx, customers, reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, out.Proposals, 1)
		o := hrev35Apply(t, f, r, out.Proposals[0])
		gen := len(o.Entries)
		require.GreaterOrEqual(t, gen, 2, "a write-off and an exchange difference")
		res, err := r.Unletter(ctx, journal.NoID, line0(inv))
		require.NoError(t, err)
		require.Len(t, res.Entries, gen, "every generated entry reversed, nothing else")
		ri := hrev35Residual(t, f, line0(inv))
		require.True(t, ri.AmountCurrency.Equal(u("120.00")) && ri.Balance.Equal(e("100.00")), "invoice %s / %s", ri.AmountCurrency, ri.Balance)
		rp := hrev35Residual(t, f, line0(p))
		require.True(t, rp.AmountCurrency.Equal(u("-119.98")) && rp.Balance.Equal(e("-95.98")), "receipt %s / %s", rp.AmountCurrency, rp.Balance)
		f.check(t)
	})
}

// AutoLetter (propose and apply in one run) writes the same write-off as
// Apply: one tolerance proposal, its write-off entry counted. C2's receipt
// 0.06 € over its invoice is above the tolerance and left open (Odoo's
// invoice matching would still match an overpayment without checking the
// tolerance, test_not_enough_payment_tolerance; here only the opt-in
// oldest-first policy does: DESIGN §11 lists the rules, not a defect).
// Pin (passes).
func TestHrev35AutoLetterToleranceSummary(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(1, 5), "100.00")
		f.invoice(t, "C2", d(1, 5), "50.00")
		f.pay(t, "C1", d(2, 1), "99.98", "", "")
		f.pay(t, "C2", d(2, 1), "50.06", "", "")
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
		require.Equal(t, 1, sum.ByRule[reconcile.RuleTolerance])
		require.Equal(t, 1, sum.Entries)
		require.Equal(t, 1, sum.UnmatchedCount)
		require.True(t, f.residual(t, line0(inv)).IsZero())
		f.check(t)
	})
}

// A narrower scope letters nothing the whole book's run would not (DESIGN
// §11 scope; autorules.go: "a narrower run letters nothing the whole
// book's would not"). C1: invoice X 100.00 € (20 January), invoices A 40.00
// € and B 60.02 € (5 and 6 February), receipt 100.00 € (10 February). On
// the whole book rule 2 letters the receipt with X. With Scope.From = 1
// February, rule 2 holds the receipt ("left out by the scope's dates") and
// no write-off against A + B is proposed.
// Pin (passes).
func TestHrev35ScopeToleranceCombinationExactDocumentLeftOut(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := f.invoice(t, "C1", d(1, 20), "100.00")
		f.invoice(t, "C1", d(2, 5), "40.00")
		f.invoice(t, "C1", d(2, 6), "60.02")
		p := f.pay(t, "C1", d(2, 10), "100.00", "", "")
		whole := proposalWith(propose(t, f, customers, reconcile.Rules{}), line0(p))
		require.NotNil(t, whole)
		require.Equal(t, []journal.LineRef{line0(p), line0(x)}, whole.Lines)
		out := propose(t, f, feb, reconcile.Rules{})
		require.Nil(t, proposalWith(out, line0(p)))
	})
}

// The same book with the exact-amount rule switched off
// (Rules.NoExactAmount). On the whole book rule 5 sees X, of exactly the
// receipt's amount, and leaves the receipt ("of exactly its amount: the
// exact-amount rule's to letter, not the tolerance's"; RuleTolerance's
// doc: "A payment and a document of exactly one amount are left to
// RuleExactAmount, even when that rule is off"). With Scope.From = 1
// February, X is left out: rule 3 still counts it (its `left` rivals), but
// rule 5 looks for a document of exactly the amount among the scope's
// documents only, and its combination branch never calls closeOutside.
//
// Was failing, fixed: the narrowed run proposed the receipt against A + B with 0.02 €
// written off, a lettering the whole run refuses. Expected: left open, as
// on the whole book (DESIGN §11: "a narrower run letters nothing the whole
// book's would not" is the scope rule the code states; Odoo's
// match_batch_amls in account_reconcile_model.py submits a line of exactly
// the amount before any batch, so a batch never wins over an exact line).
func TestHrev35ScopeToleranceCombinationIgnoresAnExactDocumentLeftOut(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(1, 20), "100.00")
		f.invoice(t, "C1", d(2, 5), "40.00")
		f.invoice(t, "C1", d(2, 6), "60.02")
		p := f.pay(t, "C1", d(2, 10), "100.00", "", "")
		rules := reconcile.Rules{NoExactAmount: true}

		whole := propose(t, f, customers, rules)
		require.Nil(t, proposalWith(whole, line0(p)), "the whole book leaves the receipt to the exact-amount rule")
		require.Contains(t, unmatchedOf(whole, line0(p)), "exactly its amount")

		out := propose(t, f, feb, rules)
		if pr := proposalWith(out, line0(p)); pr != nil {
			t.Fatalf("a narrowed run letters what the whole one does not: %s: %s", pr.Rule, pr.Reason)
		}
	})
}

// The same defect with the default rules: invoice X 100.01 € (20
// January), A 40.00 € and B 60.02 € (5 and 6 February), receipt 100.00 €
// (10 February). On the whole book rule 5 takes the single document within
// the tolerance, X (0.01 € written off), before any combination. With
// Scope.From = 1 February X is left out, and rule 5 goes on to the
// combination A + B (0.02 € written off) without asking whether a left-out
// document is as close (closeOutside is only called for a single best
// document).
//
// Was failing, fixed: the narrowed run wrote off 0.02 € against A + B, a lettering the
// whole run never makes. Expected: the receipt left open, noted ambiguous
// like the single-document case (RuleTolerance's doc: "a payment with
// another document (one the scope leaves out too) as close, is left to a
// person"; autorules.go groupRun.outTargets: "a narrower run must not
// letter what a whole one would not").
func TestHrev35ScopeToleranceCombinationIgnoresANearDocumentLeftOut(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := f.invoice(t, "C1", d(1, 20), "100.01")
		f.invoice(t, "C1", d(2, 5), "40.00")
		f.invoice(t, "C1", d(2, 6), "60.02")
		p := f.pay(t, "C1", d(2, 10), "100.00", "", "")

		whole := proposalWith(propose(t, f, customers, reconcile.Rules{}), line0(p))
		require.NotNil(t, whole)
		require.Equal(t, []journal.LineRef{line0(p), line0(x)}, whole.Lines, "the whole book writes off 0,01 € against X")

		out := propose(t, f, feb, reconcile.Rules{})
		if pr := proposalWith(out, line0(p)); pr != nil {
			t.Fatalf("a narrowed run letters what the whole one does not: %s: %s", pr.Rule, pr.Reason)
		}
	})
}

// Two combinations within the tolerance: invoices A 60.00 € (due first),
// B 40.04 €, C 40.01 €, receipt 100.00 €. A + B is 0.04 € off, A + C 0.01 €.
// For one document rule 5 takes the nearest (bestDiff) and calls a tie
// ambiguous; for a combination, cover() takes the first set in due order
// whose sum falls anywhere within ±tolerance.
//
// Was failing, fixed: proposed against A + B with 0.04 € written off to
// 658000, leaving C open, when A + C needs 0.01 € (and would leave B).
// The rule now takes the nearest set (the earliest-due of the nearest),
// as the single-document branch takes the nearest document. DESIGN §11 rule 3 prefers
// the earliest due dates only "among equal sums"; Odoo's tolerance
// (account_reconcile_model.py _check_rule_propositions) is a bound on one
// batch, never a reason to pick the larger write-off among several.
func TestHrev35ToleranceCombinationTakesTheFartherSet(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 5), "60.00")
		b := f.invoice(t, "C1", d(1, 6), "40.04")
		c := f.invoice(t, "C1", d(1, 7), "40.01")
		p := f.pay(t, "C1", d(2, 1), "100.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		pr := proposalWith(out, line0(p))
		require.NotNil(t, pr)
		if slices.Equal([]journal.LineRef{line0(p), line0(a), line0(b)}, pr.Lines) {
			t.Fatalf("proposed against A + B, %s written off, when A + C is 0,01 € off: %s", pr.WriteOff, pr.Reason)
		}
		// The nearest set, the least written off.
		require.Equal(t, []journal.LineRef{line0(p), line0(a), line0(c)}, pr.Lines, pr.Reason)
		require.Contains(t, pr.Reason, "0,01")
	})
}

// Oldest first runs before the tolerance rule (DESIGN §11: rule 4 then
// rule 5, "each rule only on what the previous left"): with the policy on,
// a receipt of 99.98 € for an invoice of 100.00 € is allocated by rule 4
// and the invoice keeps 0.02 € due, no write-off; without it rule 5 writes
// the 0.02 € off. DESIGN decides the order, so not a defect; pinned so
// that a change is deliberate.
// Pin (passes).
func TestHrev35OldestFirstRunsBeforeTolerance(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(1, 5), "100.00")
		p := f.pay(t, "C1", d(2, 1), "99.98", "", "")
		out := propose(t, f, customers, reconcile.Rules{OldestFirst: true})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleOldestFirst, pr.Rule)
		require.False(t, pr.WriteOff.IsSet())
		require.Equal(t, []journal.LineRef{line0(p), line0(inv)}, pr.Lines)
		out = propose(t, f, customers, reconcile.Rules{})
		require.Equal(t, reconcile.RuleTolerance, out.Proposals[0].Rule)
	})
}
