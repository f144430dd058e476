package reconcile_test

// Probes of the aged balance, the partner walk and AutoLetter/Apply
// replay (review-aged). Every test here passes: it checks a case that
// was found right. The failing ones are in review_aged_defects_test.go.

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// rvaAgree checks, for every (account, partner) of the balance and every
// account named, that the company buckets sum to the book's balance at D,
// that each row's Total and CompanyTotal are the sums of its buckets, and
// that the balance's Company totals are the sums of the rows.
func rvaAgree(t *testing.T, f *fixture, a reconcile.AgedBalance, accounts ...string) {
	t.Helper()
	type key struct{ acct, partner string }
	sums := map[key]currency.Amount{}
	total := currency.Zero(eur)
	byBucket := make([]currency.Amount, len(a.Buckets))
	for i := range byBucket {
		byBucket[i] = currency.Zero(eur)
	}
	add := func(x, y currency.Amount) currency.Amount {
		s, err := x.Add(y)
		require.NoError(t, err)
		return s
	}
	for _, r := range a.Rows {
		k := key{r.Account, r.Partner}
		if _, ok := sums[k]; !ok {
			sums[k] = currency.Zero(eur)
		}
		own, comp := currency.Zero(r.Currency), currency.Zero(eur)
		for i := range r.Company {
			sums[k] = add(sums[k], r.Company[i])
			comp = add(comp, r.Company[i])
			own = add(own, r.Amounts[i])
			byBucket[i] = add(byBucket[i], r.Company[i])
		}
		require.True(t, comp.Equal(r.CompanyTotal), "row %s %s: buckets %s, total %s", r.Account, r.Partner, comp, r.CompanyTotal)
		require.True(t, own.Equal(r.Total), "row %s %s: buckets %s, total %s", r.Account, r.Partner, own, r.Total)
		total = add(total, comp)
	}
	require.True(t, total.Equal(a.CompanyTotal), "rows %s, total %s", total, a.CompanyTotal)
	for i := range byBucket {
		require.True(t, byBucket[i].Equal(a.Company[i]), "bucket %d: rows %s, total %s", i, byBucket[i], a.Company[i])
	}
	for k, s := range sums {
		bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: k.acct, Partner: k.partner, At: a.At})
		require.NoError(t, err)
		require.True(t, s.Equal(bal.Balance), "%s %s at %s: buckets %s, balance %s", k.acct, k.partner, a.At, s, bal.Balance)
	}
	for _, acct := range accounts {
		bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: acct, At: a.At})
		require.NoError(t, err)
		s := currency.Zero(eur)
		for k, v := range sums {
			if k.acct == acct {
				s = add(s, v)
			}
		}
		require.True(t, s.Equal(bal.Balance), "%s at %s: rows %s, balance %s (rows %v)", acct, a.At, s, bal.Balance, rvAgedRows(a))
	}
}

func rvaAged(t *testing.T, f *fixture, q reconcile.AgedQuery) reconcile.AgedBalance {
	t.Helper()
	a, err := f.rec.Aged(ctx, q)
	require.NoError(t, err)
	return a
}

// passes. Instalments: an invoice of 300.00 dated 1 January in three
// instalments due 31 January, 2 March and 1 April (100.00 each); a receipt
// of 150.00 on 15 February naming it pays the earliest first. At 31 March
// (59, 29 and -1 days): 0.00 / 50.00 in 1-30 / 100.00 not due.
func TestReviewAgedProbeInstalments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		type part = struct {
			due    journal.Date
			amount string
		}
		inv := f.instalments(t, "C1", d(1, 1), part{d(1, 31), "100.00"}, part{d(3, 2), "100.00"}, part{d(4, 1), "100.00"})
		f.receive(t, "BQD", "C1", d(2, 15), "150.00", inv)
		a := rvaAged(t, f, reconcile.AgedQuery{At: d(3, 31)})
		require.Equal(t, []string{"411000 C1 EUR: 100.00/100.00 50.00/50.00 0.00/0.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))
		require.Equal(t, 2, a.Rows[0].Items)
		rvaAgree(t, f, a, "411000")
		a = rvaAged(t, f, reconcile.AgedQuery{At: d(2, 14)})
		require.Equal(t, []string{"411000 C1 EUR: 200.00/200.00 100.00/100.00 0.00/0.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))
		rvaAgree(t, f, a, "411000")
	})
}

// passes. A credit note dated before D lettered (by Reconcile) after D
// counts as lettered at D, as in Odoo (the partial's max_date is the
// later document's date): invoice 500.00 (1 Feb), credit note 200.00 (10
// Feb), lettered on the book's clock in December; at 28 Feb the invoice
// shows 300.00 and the credit note nothing.
func TestReviewAgedProbeCreditNoteLetteredLater(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(2, 1), "500.00")
		cn := f.creditNote(t, "C1", d(2, 10), "200.00")
		a := rvaAged(t, f, reconcile.AgedQuery{At: d(2, 28)}) // the credit note, without a due date, ages from 10 Feb
		require.Equal(t, []string{"411000 C1 EUR: 500.00/500.00 -200.00/-200.00 0.00/0.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))
		require.Equal(t, 2, a.Rows[0].Items)
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		a = rvaAged(t, f, reconcile.AgedQuery{At: d(2, 28)})
		require.Equal(t, []string{"411000 C1 EUR: 300.00/300.00 0.00/0.00 0.00/0.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))
		require.Equal(t, 1, a.Rows[0].Items)
		a = rvaAged(t, f, reconcile.AgedQuery{At: d(2, 9)})
		require.Equal(t, []string{"411000 C1 EUR: 500.00/500.00 0.00/0.00 0.00/0.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))
		rvaAgree(t, f, a, "411000")
	})
}

// passes. A partner with only credits (an unlettered receipt) shows a
// negative row aged from its date; D before any entry gives an empty
// balance with zero totals in every bucket.
func TestReviewAgedProbeOnlyCreditsAndEmpty(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.pay(t, "C2", d(2, 1), "70.00", "", "")
		a := rvaAged(t, f, reconcile.AgedQuery{At: d(3, 3)}) // 30 days
		require.Equal(t, []string{"411000 C2 EUR: 0.00/0.00 -70.00/-70.00 0.00/0.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))
		a = rvaAged(t, f, reconcile.AgedQuery{At: d(3, 4)}) // 31 days
		require.Equal(t, []string{"411000 C2 EUR: 0.00/0.00 0.00/0.00 -70.00/-70.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))
		rvaAgree(t, f, a, "411000")
		a = rvaAged(t, f, reconcile.AgedQuery{At: d(1, 31)})
		require.Empty(t, a.Rows)
		require.Len(t, a.Company, 5)
		require.True(t, a.CompanyTotal.IsZero())
		for _, x := range a.Company {
			require.True(t, x.IsZero())
		}
	})
}

// passes. Custom bounds [15, 45] give not due, 1-15, 16-45, > 45; bad
// bounds are ErrAgeBuckets.
func TestReviewAgedProbeCustomBounds(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		for i, late := range []int{15, 16, 45, 46} {
			amt := e(fmt.Sprintf("%d.00", 1<<i))
			f.post(t, journal.Entry{Journal: "VT", Date: d(1, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: amt, DueDate: d(4, 30).AddDays(-late)},
				{Account: "706000", Balance: amt.Neg()}}})
		}
		a := rvaAged(t, f, reconcile.AgedQuery{At: d(4, 30), Bounds: []int{15, 45}})
		require.Equal(t, []string{"not due", "1-15", "16-45", "> 45"}, labels(a))
		require.Equal(t, []string{"411000 C1 EUR: 0.00/0.00 1.00/1.00 6.00/6.00 8.00/8.00"}, rvAgedRows(a))
		rvaAgree(t, f, a, "411000")
		for _, b := range [][]int{{0}, {-5, 10}, {30, 30}, {60, 30}, {30, 60, 59}} {
			_, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(4, 30), Bounds: b})
			require.ErrorIs(t, err, reconcile.ErrAgeBuckets, "%v", b)
		}
		_, err := f.rec.Aged(ctx, reconcile.AgedQuery{})
		require.ErrorIs(t, err, journal.ErrNoDate)
		_, err = f.rec.Aged(ctx, reconcile.AgedQuery{At: d(4, 30), Accounts: []string{"706000"}})
		require.ErrorIs(t, err, reconcile.ErrScope)
	})
}

// passes. Write-off by AutoLetter's tolerance rule (invoice 100.00,
// receipt 99.98 → write-off 0.02 dated at the receipt's date): at the day
// before the receipt the invoice is open in full; from the receipt on,
// nothing; the buckets agree with the balance every day.
func TestReviewAgedProbeWriteOffByAutoLetter(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(2, 1), "100.00")
		f.pay(t, "C1", d(3, 15), "99.98", "", "")
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
		require.Equal(t, 1, sum.Entries)
		for day := d(3, 10); !day.After(d(3, 20)); day = day.AddDays(1) {
			a := rvaAged(t, f, reconcile.AgedQuery{At: day})
			rvaAgree(t, f, a, "411000")
			if day.Before(d(3, 15)) {
				require.Equal(t, "100.00 EUR", a.CompanyTotal.String())
			} else {
				require.Empty(t, a.Rows, "at %s", day)
			}
		}
		f.check(t)
	})
}

// passes. A USD invoice (1 200.00 USD at 1.20 = 1 000.00 EUR, 10 Jan)
// paid 480.00 EUR on 10 March (rate 1.25: 600.00 USD): the invoice keeps
// 600.00 USD / 500.00 EUR (an exchange loss of 20.00 dated 10 March); the
// EUR receipt is consumed. At 9 March: 1 200.00 USD / 1 000.00 EUR; at 10
// March the USD row 600.00/500.00 and nothing in EUR; per currency totals
// agree; buckets agree with the balance.
func TestReviewAgedProbeCompanyReceiptOnForeignInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.25")))
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(1, 10), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", DueDate: d(2, 9), AmountCurrency: currency.MustParse(usd, "1200.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-1200.00")}}})
		f.receive(t, "BQD", "C1", d(3, 10), "480.00", inv)
		a := rvaAged(t, f, reconcile.AgedQuery{At: d(3, 9)})
		require.Equal(t, []string{"411000 C1 USD: 0.00/0.00 1200.00/1000.00 0.00/0.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))
		rvaAgree(t, f, a, "411000")
		a = rvaAged(t, f, reconcile.AgedQuery{At: d(3, 10)})
		require.Equal(t, []string{"411000 C1 USD: 0.00/0.00 600.00/500.00 0.00/0.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))
		require.Len(t, a.ByCurrency, 1)
		require.Equal(t, "600.00 USD", a.ByCurrency[0].Total.String())
		rvaAgree(t, f, a, "411000")
		f.check(t)
	})
}

// passes. Partners(): ByCode and MostOpen, partners with nothing open
// skipped, a lettering made between two steps shows in the next view, and
// each view's proposals are Propose's for that partner.
func TestReviewAgedProbePartnersWalk(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 5), "100.00")
		f.pay(t, "C1", d(1, 20), "100.00", "", "")
		i3 := f.invoice(t, "C3", d(1, 6), "300.00")
		f.invoice(t, "C3", d(1, 7), "50.00")
		p3 := f.pay(t, "C3", d(1, 21), "350.00", "", "")
		paid := f.invoice(t, "C2", d(1, 8), "20.00")
		f.receive(t, "BQD", "C2", d(1, 9), "20.00", paid) // C2: nothing open
		var got []string
		for v, err := range f.rec.Partners(ctx, "411000", reconcile.ByCode, reconcile.Rules{}) {
			require.NoError(t, err)
			got = append(got, v.Partner)
			want := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{v.Partner}}, reconcile.Rules{})
			require.Equal(t, len(want.Proposals), len(v.Proposals))
			for i := range want.Proposals {
				require.Equal(t, want.Proposals[i].Lines, v.Proposals[i].Lines)
				require.Equal(t, want.Proposals[i].Reason, v.Proposals[i].Reason)
			}
			if v.Partner == "C1" {
				// Letter C3 by hand between the two steps.
				_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{i3.LineRef(0), p3.LineRef(0)}})
				require.NoError(t, err)
			}
			if v.Partner == "C3" {
				require.Len(t, v.Debits, 1) // the 50.00 invoice
				require.Len(t, v.Credits, 1)
				require.True(t, v.Credits[0].Residual.Balance.Equal(e("-50.00")))
			}
		}
		require.Equal(t, []string{"C1", "C3"}, got)
		got = nil
		for v, err := range f.rec.Partners(ctx, "411000", reconcile.MostOpen, reconcile.Rules{}) {
			require.NoError(t, err)
			got = append(got, v.Partner)
		}
		require.Equal(t, []string{"C1", "C3"}, got)
		_ = i1
		for _, c := range []struct {
			acct  string
			order reconcile.PartnerOrder
			err   error
		}{{"512100", reconcile.ByCode, reconcile.ErrScope}, {"706000", reconcile.ByCode, reconcile.ErrScope},
			{"999999", reconcile.ByCode, reconcile.ErrScope}, {"411000", reconcile.PartnerOrder(9), reconcile.ErrScope}} {
			n := 0
			for _, err := range f.rec.Partners(ctx, c.acct, c.order, reconcile.Rules{}) {
				n++
				require.ErrorIs(t, err, c.err, "%s %d", c.acct, c.order)
			}
			require.Equal(t, 1, n)
		}
		for _, err := range f.rec.Partners(ctx, "411000", reconcile.ByCode, reconcile.Rules{CombinationSize: 13}) {
			require.ErrorIs(t, err, reconcile.ErrRules)
		}
	})
}

// passes. Bad AutoLetter requests are typed errors and write nothing.
func TestReviewAgedProbeAutoBadInput(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(2, 1), "100.00")
		f.pay(t, "C1", d(3, 15), "100.00", "", "")
		before := f.snapshot(t)
		for _, c := range []struct {
			req reconcile.AutoRequest
			err error
		}{
			{reconcile.AutoRequest{}, reconcile.ErrScope},
			{reconcile.AutoRequest{Scope: customers, Rules: reconcile.Rules{CombinationSize: 13}}, reconcile.ErrRules},
			{reconcile.AutoRequest{Scope: customers, Rules: reconcile.Rules{CombinationSize: -1}}, reconcile.ErrRules},
			{reconcile.AutoRequest{Scope: customers, Rules: reconcile.Rules{Tolerance: []currency.Amount{e("-0.01")}}}, reconcile.ErrRules},
			{reconcile.AutoRequest{Scope: customers, Rules: reconcile.Rules{Tolerance: []currency.Amount{e("0.06")}}}, reconcile.ErrRules},
			{reconcile.AutoRequest{Scope: customers, Rules: reconcile.Rules{DateWindow: -1}}, reconcile.ErrRules},
			{reconcile.AutoRequest{Scope: reconcile.Scope{Partners: []string{"C9"}}}, reconcile.ErrScope},
			{reconcile.AutoRequest{Scope: reconcile.Scope{Partners: []string{""}}}, reconcile.ErrScope},
			{reconcile.AutoRequest{Scope: reconcile.Scope{Accounts: []string{"706000"}}}, reconcile.ErrScope},
			{reconcile.AutoRequest{Scope: reconcile.Scope{Accounts: []string{"411000"}, From: d(3, 1), To: d(2, 1)}}, reconcile.ErrScope},
		} {
			_, err := f.rec.AutoLetter(ctx, c.req)
			require.ErrorIs(t, err, c.err, "%+v", c.req)
			f.unchanged(t, before)
		}
	})
}

// passes. AutoLetter under one id: a replay writes nothing and returns the
// same summary; another request under the id is ErrIdempotencyConflict
// and writes nothing; Apply under the same id is refused too.
func TestReviewAgedProbeAutoReplay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(2, 1), "100.00")
		f.pay(t, "C1", d(3, 15), "100.00", "", "")
		f.invoice(t, "C2", d(2, 1), "40.00")
		f.pay(t, "C2", d(3, 15), "39.98", "", "")
		op := journal.NewID()
		first, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 2, first.Applied)
		before := f.snapshot(t)
		again, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
		require.NoError(t, err)
		require.True(t, again.Replay)
		again.Replay = false
		require.Equal(t, first, again)
		f.unchanged(t, before)
		_, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers, Rules: reconcile.Rules{NoTolerance: true}})
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		inv := f.invoice(t, "C3", d(2, 1), "10.00")
		p := f.pay(t, "C3", d(3, 1), "10.00", "", "")
		props := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C3"}}, reconcile.Rules{})
		require.Len(t, props.Proposals, 1)
		before = f.snapshot(t)
		_, err = f.rec.Apply(ctx, op, props.Proposals)
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		_, _ = inv, p
		f.check(t)
	})
}

// passes. Apply: a stale proposal among good ones is refused alone; the
// same id and proposals replay (same outcomes, the stale one still
// ErrStale, nothing written); other proposals under the id are refused
// and write nothing.
func TestReviewAgedProbeApplyStaleAndReplay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(2, 1), "100.00")
		p1 := f.pay(t, "C1", d(3, 15), "100.00", "", "")
		f.invoice(t, "C2", d(2, 1), "40.00")
		f.pay(t, "C2", d(3, 15), "40.00", "", "")
		f.invoice(t, "C3", d(2, 1), "60.00")
		f.pay(t, "C3", d(3, 15), "60.00", "", "")
		props := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, props.Proposals, 3)
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{i1.LineRef(0), p1.LineRef(0)}})
		require.NoError(t, err)
		op := journal.NewID()
		applied, err := f.rec.Apply(ctx, op, props.Proposals)
		require.NoError(t, err)
		require.ErrorIs(t, applied.Outcomes[0].Err, reconcile.ErrStale)
		require.NoError(t, applied.Outcomes[1].Err)
		require.NoError(t, applied.Outcomes[2].Err)
		require.Equal(t, 1, applied.Failed())
		before := f.snapshot(t)
		again, err := f.rec.Apply(ctx, op, props.Proposals)
		require.NoError(t, err)
		require.True(t, again.Replay)
		require.ErrorIs(t, again.Outcomes[0].Err, reconcile.ErrStale)
		for i := 1; i < 3; i++ {
			require.Equal(t, applied.Outcomes[i].Partials, again.Outcomes[i].Partials)
			require.Equal(t, applied.Outcomes[i].Matches, again.Outcomes[i].Matches)
		}
		f.unchanged(t, before)
		_, err = f.rec.Apply(ctx, op, props.Proposals[1:])
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		f.check(t)
	})
}

// passes. An AutoLetter run stopped after its first chunk (the context
// cancelled from Progress) and called again with the same id finishes
// the run; its summary is the whole run's, equal to what an uninterrupted
// run reports on a twin book; a third call replays it and writes nothing.
func TestReviewAgedProbeAutoInterrupted(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		reconcile.SetAutoChunk(t, 1)
		for i, p := range []string{"C1", "C2", "C3"} {
			amt := fmt.Sprintf("%d.00", 10*(i+1))
			f.invoice(t, p, d(2, 1), amt)
			f.pay(t, p, d(3, 1), amt, "", "")
		}
		f.invoice(t, "C1", d(2, 2), "5.00")
		f.pay(t, "C1", d(3, 2), "4.98", "", "") // a write-off
		op := journal.NewID()
		c, cancel := context.WithCancel(ctx)
		_, err := f.rec.AutoLetter(c, reconcile.AutoRequest{Operation: op, Scope: customers,
			Progress: func(reconcile.AutoSummary) { cancel() }})
		require.True(t, errors.Is(err, context.Canceled), "%v", err)
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
		require.NoError(t, err)
		require.False(t, sum.Replay)
		require.Equal(t, 4, sum.Applied)
		require.Equal(t, 4, sum.Proposals)
		require.Equal(t, 4, sum.Matches)
		require.Equal(t, 1, sum.Entries)
		before := f.snapshot(t)
		again, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
		require.NoError(t, err)
		require.True(t, again.Replay)
		again.Replay = false
		require.Equal(t, sum, again)
		f.unchanged(t, before)
		a := rvaAged(t, f, reconcile.AgedQuery{At: d(12, 31)})
		require.Empty(t, a.Rows)
		f.check(t)
	})
}

// passes. Cash-basis VAT (1 000.00 HT + 200.00 on payment, 1 Feb, due 3
// March) paid 400.00 on 10 March then lettered with a 300.00 credit note
// (cash basis too: 250.00 HT) dated 20 March: the cash-basis entries move
// VAT on 445740/445710 only, so the receivable buckets agree with the
// balance every day from 28 Feb to 31 March, and show 1 200.00, 800.00,
// then 500.00.
func TestReviewAgedProbeCashBasis(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(2, 1), "1000.00")
		f.receive(t, "BQD", "C1", d(3, 10), "400.00", inv)
		cn := f.cashBasisInvoice(t, journal.CustomerCreditNote, "C1", d(3, 20), "250.00")
		var invLine, cnLine journal.LineRef
		for i, l := range inv.Lines {
			if l.Account == "411000" {
				invLine = inv.LineRef(i)
			}
		}
		for i, l := range cn.Lines {
			if l.Account == "411000" {
				cnLine = cn.LineRef(i)
			}
		}
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{invLine, cnLine}})
		require.NoError(t, err)
		for day := d(2, 28); !day.After(d(3, 31)); day = day.AddDays(1) {
			a := rvaAged(t, f, reconcile.AgedQuery{At: day})
			rvaAgree(t, f, a, "411000")
			want := "1200.00 EUR"
			switch {
			case !day.Before(d(3, 20)):
				want = "500.00 EUR"
			case !day.Before(d(3, 10)):
				want = "800.00 EUR"
			}
			require.Equal(t, want, a.CompanyTotal.String(), "at %s", day)
		}
		f.check(t)
	})
}

// passes. A USD invoice paid in USD at another rate, lettered while the
// books are locked past the payment: the exchange entry moves to the first
// open day; the buckets agree with the balance on every day around, and
// per currency the USD row holds 0.00 USD and the exchange residual until
// the exchange entry's day.
func TestReviewAgedProbeForeignPaidLockedExchangeLater(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.25")))
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(1, 10), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", DueDate: d(2, 9), AmountCurrency: currency.MustParse(usd, "1200.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-1200.00")}}})
		p, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: currency.MustParse(usd, "1200.00")})
		require.NoError(t, err)
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(3, 31), "closing"))
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), p.Entries[0].LineRef(0)}})
		require.NoError(t, err)
		for day := d(3, 9); !day.After(d(4, 2)); day = day.AddDays(1) {
			a := rvaAged(t, f, reconcile.AgedQuery{At: day})
			rvaAgree(t, f, a, "411000")
			switch {
			case day.Before(d(3, 10)):
				require.Equal(t, "1000.00 EUR", a.CompanyTotal.String())
			case day.Before(d(4, 1)):
				require.Len(t, a.Rows, 1, "at %s", day)
				require.Equal(t, "0.00 USD", a.Rows[0].Total.String())
				require.Equal(t, "40.00 EUR", a.Rows[0].CompanyTotal.String())
			default:
				require.Empty(t, a.Rows, "at %s", day)
			}
		}
		f.check(t)
	})
}
