package reconcile_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// TestRandomizedAutoLettering builds random books — invoices (some offering
// an early-payment discount), credit notes and supplier bills; receipts and
// payments that name a document, pay an exact amount, several documents,
// a few cents off, a discounted amount, or anything — and
// checks that the proposals never put a line twice, name lines of one
// account and partner at the residuals they have, plan partials that only
// lower residuals, and that applying them records exactly the planned
// partials, settles what a write-off was proposed for, keeps Check clean,
// and that unlettering every applied proposal restores every residual and
// the trial balance exactly. Replay with -seed.
func TestRandomizedAutoLettering(t *testing.T) {
	t.Parallel()
	seed := testSeed(t)
	rounds := max(1, *modelSteps/25)
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 29))
			byRule := map[reconcile.Rule]int{}
			discounts, setOff, combined, byDigits, atZero := 0, 0, 0, 0, 0
			defer func() {
				t.Logf("proposals by rule: %v; %d discounts taken, %d of them by combination; %d credit notes named set off by reference; %d documents named by their digits; %d groups lettered at zero",
					byRule, discounts, combined, setOff, byDigits, atZero)
			}()
			for round := 0; round < rounds; round++ {
				f := newFixture(t, s.Open(t))
				fail := func(format string, args ...any) {
					t.Helper()
					t.Fatalf("round %d: %s", round, fmt.Sprintf(format, args...))
				}
				randomAutoBook(t, f, r)
				before := autoState(t, f)
				rules := reconcile.Rules{OldestFirst: r.IntN(3) == 0, CombinationSize: r.IntN(7), WorkLimit: []int{0, 50, 5000}[r.IntN(3)],
					NoReference: r.IntN(6) == 0, NoExactAmount: r.IntN(6) == 0, NoTolerance: r.IntN(4) == 0, DateWindow: []int{0, 15, 400}[r.IntN(3)],
					NoDiscount: r.IntN(5) == 0}
				props, err := f.rec.Propose(ctx, reconcile.Scope{All: true}, rules)
				if err != nil {
					fail("propose: %v", err)
				}
				planned := map[journal.LineRef]int64{} // what the plans take off each line
				seen := map[journal.LineRef]bool{}
				for i, p := range props.Proposals {
					byRule[p.Rule]++
					if len(p.Lines) != len(p.Seen) || len(p.Lines) < 2 {
						fail("proposal %d: %d lines, %d residuals", i, len(p.Lines), len(p.Seen))
					}
					for k, l := range p.Lines {
						if seen[l] {
							fail("line %s in two proposals", l)
						}
						seen[l] = true
						it, ok := before.items[l]
						if !ok {
							fail("proposal %d names %s, not open", i, l)
						}
						if it.account != p.Account || it.partner != p.Partner && p.Partner != "" {
							fail("proposal %d on %s/%s names a line of %s/%s", i, p.Account, p.Partner, it.account, it.partner)
						}
						if !p.Seen[k].Balance.Equal(it.residual.Balance) {
							fail("proposal %d saw %s at %s, it is %s", i, l, p.Seen[k].Balance, it.residual.Balance)
						}
					}
					for _, pp := range p.Partials {
						n := signedMinor(pp.Amount)
						if pp.WriteOff || pp.Discount {
							// One side is the write-off or discount line
							// Apply posts.
							l := pp.Debit
							if l == (journal.LineRef{}) {
								l = pp.Credit
							}
							if n <= 0 || (pp.Debit == journal.LineRef{}) == (pp.Credit == journal.LineRef{}) {
								fail("proposal %d plans a write-off of %s from %s to %s", i, pp.Amount, pp.Debit, pp.Credit)
							}
							planned[l] += n
							continue
						}
						if n <= 0 || before.items[pp.Debit].residual.Balance.Sign() <= 0 || before.items[pp.Credit].residual.Balance.Sign() >= 0 {
							fail("proposal %d plans %s from %s to %s", i, pp.Amount, pp.Debit, pp.Credit)
						}
						planned[pp.Debit] += n
						planned[pp.Credit] += n
					}
					for _, l := range p.Lines {
						if planned[l] > abs(signedMinor(before.items[l].residual.Balance)) {
							fail("proposal %d takes %d off %s, which has %s", i, planned[l], l, before.items[l].residual.Balance)
						}
					}
				}
				applied, err := f.rec.Apply(ctx, journal.NoID, props.Proposals)
				if err != nil {
					fail("apply: %v", err)
				}
				for i, o := range applied.Outcomes {
					p := props.Proposals[i]
					if o.Err != nil {
						fail("proposal %d (%s): %v", i, p.Reason, o.Err)
					}
					// A write-off's partials are planned too, after the
					// pairings: their write-off line is posted by Apply.
					if p.WriteOff.IsSet() {
						if len(o.Entries) != 1 || o.Entries[0].Type != journal.TypeWriteOff {
							fail("proposal %d (%s) wrote %d entries", i, p.Reason, len(o.Entries))
						}
					}
					if p.Rule == reconcile.RuleReference && strings.Contains(p.Reason, "credited") {
						setOff++
					}
					byDigits += strings.Count(p.Reason, " by its digits")
					if strings.Contains(p.Reason, " sum to zero: ") {
						atZero++
					}
					if p.Rule == reconcile.RuleCombination && p.Discount.IsSet() {
						combined++
					}
					if p.Discount.IsSet() {
						discounts++
						// One discount entry per invoice discounted, the
						// discount partials first and summing to it.
						sum, k := currency.Zero(p.Discount.Currency()), 0
						for k < len(p.Partials) && p.Partials[k].Discount {
							sum, _ = sum.Add(p.Partials[k].Amount)
							k++
						}
						if p.WriteOff.IsSet() || k == 0 || len(o.Entries) != k || !sum.Equal(p.Discount) ||
							slices.ContainsFunc(o.Entries, func(x journal.Entry) bool { return x.Type != journal.TypeDiscount }) {
							fail("proposal %d (%s) wrote %d entries for its %d discounts", i, p.Reason, len(o.Entries), k)
						}
					}
					if len(o.Partials) != len(p.Partials) {
						fail("proposal %d (%s) planned %d partials, made %d", i, p.Reason, len(p.Partials), len(o.Partials))
					}
					for k, got := range o.Partials {
						want := p.Partials[k]
						if want.WriteOff || want.Discount {
							// The side planned as the zero LineRef is the
							// write-off or discount entry's line.
							if (want.Debit == journal.LineRef{}) {
								want.Debit = got.Debit
							} else {
								want.Credit = got.Credit
							}
							// A write-off's entry, or the k-th invoice's
							// discount entry (one each, partials first).
							x := o.Entries[0]
							if want.Discount && k < len(o.Entries) {
								x = o.Entries[k]
							}
							if want.Debit.Entry != x.ID && want.Credit.Entry != x.ID {
								fail("proposal %d (%s) partial %d: %s→%s, no line of its write-off or discount entry %s", i, p.Reason, k, got.Debit, got.Credit, x.Name())
							}
						}
						if got.Debit != want.Debit || got.Credit != want.Credit || !got.Amount.Equal(want.Amount) {
							fail("proposal %d partial %d: planned %+v, made %s %s→%s", i, k, want, got.Amount, got.Debit, got.Credit)
						}
					}
					for _, l := range p.Lines {
						res := residualOf(t, f, l)
						want := abs(signedMinor(before.items[l].residual.Balance)) - planned[l]
						if abs(signedMinor(res.Balance)) != want {
							fail("proposal %d (%s): %s left at %s, want %d cents", i, p.Reason, l, res.Balance, want)
						}
					}
				}
				require.NoError(t, f.book.Check(ctx), "round %d", round)
				for _, p := range props.Proposals {
					for _, l := range p.Lines {
						ps := livePartials(t, f, l)
						if len(ps) == 0 {
							continue
						}
						if _, err := f.rec.Unletter(ctx, journal.NoID, l); err != nil {
							fail("unletter %s: %v", l, err)
						}
					}
				}
				after := autoState(t, f)
				if len(after.items) != len(before.items) {
					fail("%d open items before, %d after unlettering", len(before.items), len(after.items))
				}
				for l, it := range before.items {
					if got := after.items[l]; !got.residual.Balance.Equal(it.residual.Balance) || !got.residual.AmountCurrency.Equal(it.residual.AmountCurrency) {
						fail("%s: %s before, %s after unlettering", l, it.residual.Balance, got.residual.Balance)
					}
				}
				require.Equal(t, before.trial, after.trial, "round %d: trial balance", round)
				require.NoError(t, f.book.Check(ctx), "round %d", round)
			}
		})
	}
}

func livePartials(t *testing.T, f *fixture, l journal.LineRef) []journal.Partial {
	var out []journal.Partial
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		var err error
		out, err = tx.LivePartials(l)
		return err
	}))
	return out
}

type autoItem struct {
	account, partner string
	residual         ledger.Residual
}

type autoSnapshot struct {
	items map[journal.LineRef]autoItem
	trial []string
}

// autoState is every open item of the lettered accounts and the trial
// balance.
func autoState(t *testing.T, f *fixture) autoSnapshot {
	s := autoSnapshot{items: map[journal.LineRef]autoItem{}}
	for _, a := range []string{"411000", "401000", "512100", "512200"} {
		items, err := f.book.OpenItems(ctx, a, "")
		require.NoError(t, err)
		for _, it := range items {
			s.items[it.Ref] = autoItem{account: a, partner: it.Partner, residual: it.Residual}
		}
	}
	tb, err := f.book.TrialBalance(ctx, d(12, 31))
	require.NoError(t, err)
	for _, row := range tb.Rows {
		// A write-off and its reversal leave gross movements, not balances.
		if !row.Balance.IsZero() {
			s.trial = append(s.trial, fmt.Sprintf("%s %s", row.Account, row.Balance))
		}
	}
	return s
}

// randomAutoBook posts a random mix of documents and unlettered payments.
func randomAutoBook(t *testing.T, f *fixture, r *rand.Rand) {
	type doc struct {
		e       journal.Entry
		partner string
		cents   int64
	}
	var docs []doc
	amount := func() int64 {
		if r.IntN(3) == 0 {
			return []int64{10000, 25000, 4999}[r.IntN(3)] // ties
		}
		return 100 + r.Int64N(200000)
	}
	cur := func(n int64) string { return currency.FromMinor(eur, n).Plain() }
	day := func() journal.Date { return d(time.Month(1+r.IntN(6)), 1+r.IntN(28)) }
	partners := []string{"C1", "C2", "C3"}
	for i := 0; i < 6+r.IntN(14); i++ {
		p := partners[r.IntN(len(partners))]
		n := amount()
		switch r.IntN(8) {
		case 0:
			docs = append(docs, doc{f.creditNote(t, p, day(), cur(n)), p, -n})
		case 1:
			x := f.post(t, journal.Entry{Journal: "AC", Date: day(), Type: journal.TypeInvoice, Ref: fmt.Sprintf("F-%d", 100+i),
				Lines: []journal.Line{{Account: "401000", Partner: "S1", Balance: e(cur(n)).Neg()}, {Account: "607000", Balance: e(cur(n))}}})
			docs = append(docs, doc{x, "S1", n})
		case 2, 3: // an invoice offering 2 % off within 0 to 19 days
			date := day()
			off := max(1, n/50)
			if off >= n {
				docs = append(docs, doc{f.invoice(t, p, date, cur(n)), p, n})
				break
			}
			x := f.post(t, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: p, Balance: e(cur(n)), DueDate: date.AddDays(30)},
				{Account: "706000", Balance: e(cur(n)).Neg()},
			}, DiscountOffer: &journal.DiscountOffer{Amount: e(cur(off)), Until: date.AddDays(r.IntN(20))}})
			docs = append(docs, doc{x, p, n})
		default:
			docs = append(docs, doc{f.invoice(t, p, day(), cur(n)), p, n})
		}
	}
	// Some documents are paid and lettered by hand already.
	for i := range docs {
		if docs[i].partner != "S1" && docs[i].cents > 0 && r.IntN(6) == 0 {
			f.receive(t, "BQD", docs[i].partner, day(), "", docs[i].e)
			docs[i].cents = 0
		}
	}
	for i := 0; i < 4+r.IntN(14); i++ {
		k := r.IntN(len(docs))
		dc := docs[k]
		if dc.cents <= 0 {
			continue
		}
		n, ref, label, date := dc.cents, "", "", day()
		var second int64 // a second payment, the two paying two documents between them
		switch r.IntN(8) {
		case 0:
			ref = dc.e.Name()
		case 7: // an invoice less a credit note of the partner, named both, with the discount or not
			for _, o := range docs {
				if o.partner == dc.partner && o.cents < 0 && n+o.cents > 0 {
					n += o.cents
					ref = dc.e.Name() + " moins " + o.e.Name()
					if off := dc.e.DiscountOffer; off != nil && r.IntN(2) == 0 {
						m, _ := off.Amount.MinorUnits()
						n -= m
						date = dc.e.Date.AddDays(r.IntN(15))
					}
					break
				}
			}
		case 1:
			label = "Facture " + dc.e.Name()
			if r.IntN(2) == 0 {
				label = "Facture " + digitsOf(dc.e) // by its digits: "2026-00012"
			}
			n = 1 + r.Int64N(dc.cents)
		case 2: // two documents of the partner, sometimes each less its discount, naming neither
			for _, o := range docs {
				if o.partner == dc.partner && o.e.ID != dc.e.ID && o.cents > 0 {
					n += o.cents
					if r.IntN(2) == 0 {
						date = dc.e.Date
						if o.e.Date.After(date) {
							date = o.e.Date
						}
						for _, x := range []journal.Entry{dc.e, o.e} {
							if off := x.DiscountOffer; off != nil {
								m, _ := off.Amount.MinorUnits()
								n -= m
							}
						}
					}
					break
				}
			}
			if n > dc.cents && r.IntN(3) == 0 {
				// Two transfers of other amounts paying the two documents
				// between them: at zero together.
				second = 1 + r.Int64N(n-1)
				n -= second
			}
		case 3:
			n += int64(r.IntN(11)) - 5 // a few cents off
		case 4:
			n = 1 + r.Int64N(300000)
		case 5, 6: // what a discount offer asks, named or not
			if o := dc.e.DiscountOffer; o != nil {
				m, _ := o.Amount.MinorUnits()
				n -= m
				date = dc.e.Date.AddDays(r.IntN(25)) // in time, or a few days late
				if r.IntN(2) == 0 {
					ref = dc.e.Name()
				}
			}
		}
		if n <= 0 {
			continue
		}
		dir := reconcile.Inbound
		if dc.partner == "S1" {
			dir = reconcile.Outbound
			ref = dc.e.Ref
		}
		j := []string{"BQ", "BQD"}[r.IntN(2)]
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: dir, Partner: dc.partner, Journal: j, Date: date,
			Method: reconcile.MethodTransfer, Amount: currency.FromMinor(eur, n), Ref: ref, Label: label})
		require.NoError(t, err)
		if second > 0 {
			_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: dir, Partner: dc.partner, Journal: j, Date: date.AddDays(1),
				Method: reconcile.MethodTransfer, Amount: currency.FromMinor(eur, second), Ref: ref, Label: label})
			require.NoError(t, err)
		}
	}
	// Half the books: a customer whose two or three invoices (and maybe a
	// credit note) two or three transfers of other amounts pay between
	// them, naming nothing: its open items sum to zero.
	if r.IntN(2) == 0 {
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "C4", Name: "Partner C4"}))
		var total int64
		for k := 0; k < 2+r.IntN(2); k++ {
			n := 1000 + r.Int64N(100000)
			f.invoice(t, "C4", d(3, 1+k), cur(n))
			total += n
		}
		if r.IntN(3) == 0 {
			n := 1 + r.Int64N(total/2)
			f.creditNote(t, "C4", d(3, 5), cur(n))
			total -= n
		}
		for k, left := 0, total; left > 0; k++ {
			n := left
			if k < 2 && left > 1 && r.IntN(4) != 0 {
				n = 1 + r.Int64N(left-1)
			}
			_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C4", Journal: "BQ", Date: d(3, 10+k),
				Method: reconcile.MethodTransfer, Amount: currency.FromMinor(eur, n), Label: "VIREMENT"})
			require.NoError(t, err)
			left -= n
		}
	}
}
