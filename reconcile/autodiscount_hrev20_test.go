package reconcile_test

// Review h-rev20: rule 3 with early-payment discounts (byDiscountedCombination).

import (
	"errors"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

func hrev20Bill(t *testing.T, f *fixture, day int, ref, ht string, terms bool) journal.Entry {
	t.Helper()
	b := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d(3, day), Ref: ref, Partner: "S1", PartnerAccount: "401000",
		Lines: []journal.InvoiceLine{{Label: "Fournitures", UnitPrice: e(ht), Taxes: []tax.Tax{billPurchaseVAT}, Account: "607000"}}}
	if terms {
		b.Terms = epdTerms("2", 10)
	}
	x, err := b.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

func hrev20Discounted(pr reconcile.Proposal) []journal.LineRef {
	var out []journal.LineRef
	for _, pp := range pr.Partials {
		if pp.Discount {
			ref := pp.Debit
			if ref == (journal.LineRef{}) {
				ref = pp.Credit
			}
			out = append(out, ref)
		}
	}
	return out
}

// An invoice of 1 200.00 offering 24.00 and a small one of 10.00, paid
// 1 186.00 in time: 1 176.00 + 10.00 sums exactly with the discount. The
// invoice's full amount exceeds the payment, so the search at full
// residuals has one candidate only: the discounted search must still run.
func TestHrev20DiscountedInvoiceLargerThanPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00") // 1 200.00, 24.00 until 3/11
		b := f.invoice(t, "C1", d(3, 2), "10.00")
		p := f.pay(t, "C1", d(3, 10), "1186.00", "", "VIREMENT C1")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "1 176.00 + 10.00 = 1 186.00: %+v", out.Unmatched)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleCombination, pr.Rule)
		require.Equal(t, []journal.LineRef{line0(p), line0(a), line0(b)}, pr.Lines)
		require.True(t, pr.Discount.Equal(e("24.00")), pr.Reason)
	})
}

// Same with both discounted: 1 200.00 offering 24.00 and 10.00 offering
// 0.20, paid 1 185.80 (1 176.00 + 9.80): the larger exceeds the payment at
// full residual.
func TestHrev20DiscountedPairLargerThanPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00") // 1 200.00, 24.00
		c := f.discountInvoice(t, "C1", d(3, 2), "8.33")    // 10.00 (9.996), 0.20
		require.True(t, c.DiscountOffer.Amount.Equal(e("0.20")), c.DiscountOffer.Amount.String())
		f.pay(t, "C1", d(3, 10), "1185.80", "", "VIREMENT C1")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "1 176.00 + 9.80 = 1 185.80: %+v", out.Unmatched)
		require.Equal(t, []journal.LineRef{line0(a), line0(c)}, hrev20Discounted(out.Proposals[0]))
	})
}

// Two payments, one of the two invoices at full residual, one of them
// discounted. The full-residual combination is the likelier match: the
// discounted one must not take the invoices from it.
func TestHrev20FullCombinationOfAnotherPaymentWins(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00") // 1 200.00, 24.00 until 3/11
		b := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		p1 := f.pay(t, "C1", d(3, 5), "2352.00", "", "VIREMENT C1")
		p2 := f.pay(t, "C1", d(3, 6), "2400.00", "", "VIREMENT C1")
		out := propose(t, f, customers, reconcile.Rules{})
		for _, pr := range out.Proposals {
			require.NotContains(t, pr.Lines, line0(p1), "a discounted combination took %s, %s while %s pays them in full: %s",
				a.Name(), b.Name(), p2.Name(), pr.Reason)
		}
	})
}

// One payment: a set at full residuals and a set with discounts both sum:
// the full one wins.
func TestHrev20FullSetBeforeDiscountedSet(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00") // 1 200.00, 24.00
		x := f.invoice(t, "C1", d(3, 2), "1176.00")
		y := f.invoice(t, "C1", d(3, 3), "1200.00")
		p := f.pay(t, "C1", d(3, 10), "2376.00", "", "VIREMENT C1")
		for i := 0; i < 2; i++ {
			out := propose(t, f, customers, reconcile.Rules{})
			require.Len(t, out.Proposals, 1)
			pr := out.Proposals[0]
			require.False(t, pr.Discount.IsSet(), pr.Reason)
			require.Equal(t, []journal.LineRef{line0(p), line0(a), line0(x)}, pr.Lines, pr.Reason)
		}
		_ = y
	})
}

// Exact amount before the combination: an invoice of 2 352.00 is the match.
func TestHrev20ExactBeforeDiscountedCombination(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		x := f.invoice(t, "C1", d(3, 3), "2352.00")
		p := f.pay(t, "C1", d(3, 10), "2352.00", "", "VIREMENT C1")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, reconcile.RuleExactAmount, out.Proposals[0].Rule)
		require.Equal(t, []journal.LineRef{line0(p), line0(x)}, out.Proposals[0].Lines)
	})
}

// Cash-basis VAT, two invoices discounted in one proposal: the transition
// account ends at 0, and unlettering restores the trial balance exactly.
func TestHrev20CashBasisTwoDiscountedByCombination(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.hrev17CashInvoice(t, "C1", d(3, 1), "1000.00") // 1 200.00, 24.00
		c := f.hrev17CashInvoice(t, "C1", d(3, 3), "333.33")  // 399.996 → 400.00
		f.invoice(t, "C1", d(3, 4), "7.00")
		owed, _ := a.Lines[0].Balance.Add(c.Lines[0].Balance)
		off, _ := a.DiscountOffer.Amount.Add(c.DiscountOffer.Amount)
		paid, _ := owed.Sub(off)
		p := f.pay(t, "C1", d(3, 10), paid.Plain(), "", "VIREMENT C1")
		before := hrev17Balances(t, f)
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		require.True(t, out.Proposals[0].Discount.Equal(off), out.Proposals[0].Reason)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		f.check(t)
		after := hrev17Balances(t, f)
		require.Equal(t, "", after["445740"], "%v", after)
		for _, x := range []journal.Entry{a, c, p} {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		_, err = f.rec.Unletter(ctx, journal.NoID, line0(p))
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, before, hrev17Balances(t, f))
		// proposed again after unlettering: the same proposal
		again := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, again.Proposals, 1)
		require.Equal(t, out.Proposals[0].Lines, again.Proposals[0].Lines)
		require.Equal(t, out.Proposals[0].Partials, again.Proposals[0].Partials)
	})
}

// Supplier side: two bills offering discounts and one without, paid by an
// outbound transfer naming none.
func TestHrev20SupplierDiscountedCombination(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := hrev20Bill(t, f, 1, "FA-1", "1000.00", true) // 1 200.00, 24.00
		b := hrev20Bill(t, f, 2, "FA-2", "100.00", false) // 120.00
		c := hrev20Bill(t, f, 3, "FA-3", "500.00", true)  // 600.00, 12.00
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: e("1884.00"), Label: "VIR FOURNISSEUR"})
		require.NoError(t, err)
		p := res.Entries[0]
		before := hrev17Balances(t, f)
		out := propose(t, f, reconcile.Scope{Accounts: []string{"401000"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleCombination, pr.Rule)
		require.True(t, pr.Discount.Equal(e("36.00")), pr.Reason)
		require.Equal(t, []journal.LineRef{line0(a), line0(c)}, hrev20Discounted(pr))
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		f.check(t)
		for _, x := range []journal.Entry{a, b, c, p} {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		after := hrev17Balances(t, f)
		require.Equal(t, "", after["445640"], "%v", after)
		_, err = f.rec.Unletter(ctx, journal.NoID, line0(p))
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, before, hrev17Balances(t, f))
	})
}

// A credit note among the candidates: the discounted search does not net
// notes. A payment of both invoices discounted less the note is not
// proposed wrongly; a payment of both discounted leaves the note open.
func TestHrev20CreditNoteAmongCandidates(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.discountInvoice(t, "C1", d(3, 1), "1000.00") // 1 200.00, 24.00
		f.discountInvoice(t, "C1", d(3, 3), "250.00")  // 300.00, 6.00
		n := f.creditNote(t, "C1", d(3, 4), "100.00")
		p := f.pay(t, "C1", d(3, 10), "1370.00", "", "VIREMENT C1")
		out := propose(t, f, customers, reconcile.Rules{})
		for _, pr := range out.Proposals {
			if pr.Discount.IsSet() {
				require.NotContains(t, pr.Lines, line0(p), "a discount never taken on a credit note net: %s", pr.Reason)
			}
			applied, err := f.rec.Apply(ctx, journal.NoID, []reconcile.Proposal{pr})
			require.NoError(t, err)
			require.NoError(t, applied.Outcomes[0].Err, pr.Reason)
			f.check(t)
		}
		_ = n
	})
}

// Apply of an edited combination proposal: one discount partial dropped
// (Discount lowered to match), or a discounted amount changed: refused
// with ErrDiscount, nothing written; another partner's proposal applies.
func TestHrev20ApplyEditedDiscountedCombination(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		c := f.discountInvoice(t, "C1", d(3, 3), "250.00")
		p := f.pay(t, "C1", d(3, 10), "1470.00", "", "VIREMENT C1")
		x := f.invoice(t, "C2", d(3, 1), "77.00")
		q := f.pay(t, "C2", d(3, 10), "77.00", "", "VIREMENT C2")
		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 2, "%+v", out.Unmatched)
		var disc, plain reconcile.Proposal
		for _, pr := range out.Proposals {
			if pr.Discount.IsSet() {
				disc = pr
			} else {
				plain = pr
			}
		}
		require.Equal(t, "30.00", disc.Discount.Plain())
		edits := map[string]func(pr *reconcile.Proposal){
			"one discount dropped": func(pr *reconcile.Proposal) {
				var ps []reconcile.PlannedPartial
				for _, pp := range pr.Partials {
					if pp.Discount && pp.Debit == line0(c) {
						continue
					}
					ps = append(ps, pp)
				}
				pr.Partials, pr.Discount = ps, e("24.00")
			},
			"discount swapped": func(pr *reconcile.Proposal) {
				for i := range pr.Partials {
					if pr.Partials[i].Discount {
						if pr.Partials[i].Amount.Equal(e("24.00")) {
							pr.Partials[i].Amount = e("6.00")
						} else {
							pr.Partials[i].Amount = e("24.00")
						}
					}
				}
			},
			"no discount at all": func(pr *reconcile.Proposal) {
				var ps []reconcile.PlannedPartial
				for _, pp := range pr.Partials {
					if !pp.Discount {
						ps = append(ps, pp)
					}
				}
				pr.Partials, pr.Discount = ps, currency.Amount{}
			},
		}
		for name, edit := range edits {
			before := hrev17Balances(t, f)
			ed := hrev17Clone(disc)
			edit(&ed)
			applied, err := f.rec.Apply(ctx, journal.NoID, []reconcile.Proposal{ed})
			require.NoError(t, err, name)
			outErr := applied.Outcomes[0].Err
			if name == "no discount at all" {
				// without discount partials, plain lettering of 1 470.00 against
				// 1 500.00: refused or partial, but never a discount entry.
				for _, en := range applied.Outcomes[0].Entries {
					require.NotEqual(t, journal.TypeDiscount, en.Type, name)
				}
				if outErr == nil {
					_, err := f.rec.Unletter(ctx, journal.NoID, line0(p))
					require.NoError(t, err)
				}
				continue
			}
			require.True(t, errors.Is(outErr, reconcile.ErrDiscount), "%s: %v", name, outErr)
			require.Equal(t, before, hrev17Balances(t, f), name)
			f.check(t)
		}
		applied, err := f.rec.Apply(ctx, journal.NoID, []reconcile.Proposal{plain, disc})
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.NoError(t, applied.Outcomes[1].Err)
		for _, y := range []journal.Entry{a, c, p, x, q} {
			require.True(t, f.residual(t, line0(y)).IsZero(), y.Name())
		}
		f.check(t)
	})
}

// The work limit: a small limit stops the search and is reported.
func TestHrev20WorkLimitReported(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		for i := 0; i < 8; i++ {
			f.invoice(t, "C1", d(3, 1+i), "1"+strings.Repeat("1", i)+".37")
		}
		f.discountInvoice(t, "C1", d(3, 9), "1000.00") // 1 200.00, 24.00
		f.discountInvoice(t, "C1", d(3, 10), "250.00") // 300.00, 6.00
		f.pay(t, "C1", d(3, 12), "1470.00", "", "VIR") // 1 176 + 294
		out := propose(t, f, customers, reconcile.Rules{WorkLimit: 3})
		require.Empty(t, out.Proposals)
		require.GreaterOrEqual(t, out.WorkLimitReached, 1)
		require.Len(t, out.Unmatched, 1)
		require.Contains(t, out.Unmatched[0].Reason, "work limit")
		out = propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		require.Zero(t, out.WorkLimitReached)
	})
}

// NoDiscount: no discounted combination.
func TestHrev20NoDiscount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		f.discountInvoice(t, "C1", d(3, 3), "250.00")
		f.invoice(t, "C1", d(3, 4), "5.00")
		f.pay(t, "C1", d(3, 10), "1475.00", "", "VIR")
		out := propose(t, f, customers, reconcile.Rules{NoDiscount: true})
		require.Empty(t, out.Proposals)
		out = propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
	})
}

// A payment in another currency than the invoices': no discount.
func TestHrev20OtherCurrencyPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.00")))
		f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		f.discountInvoice(t, "C1", d(3, 3), "250.00")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: currency.MustParse(usd, "1470.00")})
		require.NoError(t, err)
		out := propose(t, f, customers, reconcile.Rules{})
		for _, pr := range out.Proposals {
			require.False(t, pr.Discount.IsSet(), pr.Reason)
		}
	})
}

// Foreign invoices with offers in their currency, paid in that currency
// less both discounts: proposed, applied, transition account at 0.
func TestHrev20ForeignDiscountedCombination(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 8), currency.MustParseRate("1.25")))
		var docs []journal.Entry
		owed, off := u("0.00"), u("0.00")
		for i, ht := range []string{"1000.00", "333.33", "50.00"} {
			inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1+i), Partner: "C3", PartnerAccount: "411000",
				Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: u(ht), Taxes: []tax.Tax{billSalesVAT}, Account: "706000"}}}
			if i < 2 {
				inv.Terms = epdTerms("2", 10)
			}
			x, err := inv.Entry()
			require.NoError(t, err)
			x = f.post(t, x)
			docs = append(docs, x)
			owed, _ = owed.Add(x.Lines[0].AmountCurrency)
			if x.DiscountOffer != nil {
				off, _ = off.Add(x.DiscountOffer.Amount)
			}
		}
		paid, _ := owed.Sub(off)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C3", Journal: "BQ",
			Date: d(3, 9), Method: reconcile.MethodTransfer, Amount: paid})
		require.NoError(t, err)
		p := res.Entries[0]
		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C3"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		require.True(t, out.Proposals[0].Discount.Equal(off), out.Proposals[0].Reason)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		for _, x := range append(docs, p) {
			require.True(t, f.residual(t, line0(x)).IsZero(), x.Name())
		}
		f.check(t)
		require.Equal(t, "", hrev17Balances(t, f)["445740"])
	})
}
