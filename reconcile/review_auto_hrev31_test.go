package reconcile_test

// Review h-rev31: the published test cases of Odoo's automatic
// reconciliation wizard (addons/account/tests/
// test_account_auto_reconcile_wizard.py, wizard/
// account_auto_reconcile_wizard.py: modes one_to_one and zero_balance)
// and of Tryton's automatic reconcile (modules/account/tests/
// scenario_account_reconcile_automatic.rst; move.py Reconcile wizard,
// _default_lines: per account and party, the largest set of open lines
// summing to zero) ported to automatic lettering. Odoo's 2016/2017 are
// 2026/2027 here, its foreign currency USD, partner_a/partner_b C1/C2,
// create_line_for_reconciliation a misc entry (OD) with one line on the
// account and its counterpart on 706000. What lettrage does on purpose
// (ties are "ambiguous", a 120-day date window, oldest first opt-in,
// items the scope leaves out still contend) is taken as right.

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// hrev31Line posts Odoo's create_line_for_reconciliation: a misc entry
// with one line of company balance bal on acct for partner p (and, when
// usd is set, of that amount in USD), its counterpart on 706000.
func (f *fixture) hrev31Line(t *testing.T, acct, p string, date journal.Date, bal, usd string) journal.Entry {
	t.Helper()
	x := journal.Entry{Journal: "OD", Date: date, Type: journal.TypeMisc, Lines: []journal.Line{
		{Account: acct, Partner: p, Balance: e(bal)},
		{Account: "706000", Balance: e(bal).Neg()}}}
	if usd != "" {
		c := currency.MustLookup("USD")
		x.Currency = c
		x.Lines[0].AmountCurrency = currency.MustParse(c, usd)
		x.Lines[1].AmountCurrency = currency.MustParse(c, usd).Neg()
	}
	return f.post(t, x)
}

// hrev31Odoo posts Odoo's _create_many_lines and returns its lines by
// Odoo's names: g1 (C1, five lines of ±1000 on 2026-01-01…05), g2 (C2,
// ±500 on 2026-01-01 and ±500 on 2027-01-02), g3 (C2: +3000 $US booked
// 1500 € on 2026-01-01, −3000 $US booked −1000 € on 2027-01-01, then
// ±3000 € on 2026-01-01), g4 (C1 on the payable account, ±1000).
func (f *fixture) hrev31Odoo(t *testing.T) (g1, g2, g3, g4 []journal.LineRef) {
	y7 := func(day int) journal.Date { return journal.MustDate(2027, 1, day) }
	l := func(acct, p string, date journal.Date, bal, usd string) journal.LineRef {
		return line0(f.hrev31Line(t, acct, p, date, bal, usd))
	}
	for i, b := range []string{"1000.00", "-1000.00", "1000.00", "-1000.00", "1000.00"} {
		g1 = append(g1, l("411000", "C1", d(1, i+1), b, ""))
	}
	g2 = []journal.LineRef{l("411000", "C2", d(1, 1), "500.00", ""), l("411000", "C2", d(1, 1), "-500.00", ""),
		l("411000", "C2", y7(2), "500.00", ""), l("411000", "C2", y7(2), "-500.00", "")}
	g3 = []journal.LineRef{l("411000", "C2", d(1, 1), "1500.00", "3000.00"), l("411000", "C2", y7(1), "-1000.00", "-3000.00"),
		l("411000", "C2", d(1, 1), "3000.00", ""), l("411000", "C2", d(1, 1), "-3000.00", "")}
	g4 = []journal.LineRef{l("401000", "C1", d(1, 1), "1000.00", ""), l("401000", "C1", d(1, 2), "-1000.00", "")}
	return
}

// hrev31Odoo's wizard scope: receivable account, both partners, from
// 2026-01-01 to 2027-01-01.
var hrev31OdooScope = reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C1", "C2"},
	From: d(1, 1), To: journal.MustDate(2027, 1, 1)}

// hrev31Lettered maps each proposed line to the index of its proposal,
// requiring no line in two proposals.
func hrev31Lettered(t *testing.T, out reconcile.Proposals) map[journal.LineRef]int {
	t.Helper()
	at := map[journal.LineRef]int{}
	for i, p := range out.Proposals {
		for _, l := range p.Lines {
			j, dup := at[l]
			require.False(t, dup, "%v in proposals %d and %d", l, j, i)
			at[l] = i
		}
	}
	return at
}

// hrev31Settled requires every line lettered to zero, in both currencies.
func (f *fixture) hrev31Settled(t *testing.T, lines ...journal.LineRef) {
	t.Helper()
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		for _, l := range lines {
			r, err := tx.Residual(l)
			require.NoError(t, err)
			require.True(t, r.Balance.IsZero() && (!r.AmountCurrency.IsSet() || r.AmountCurrency.IsZero()),
				"%v left %s / %s", l, r.AmountCurrency, r.Balance)
		}
		return nil
	}))
}

// passes: Odoo test_auto_reconcile_one_to_one with lettrage's default
// rules: C2's ±500 in the range and C2's ±3000 € are proposed by exact
// amount, each pair alone; C2's $US pair (365 days apart) is outside the
// 120-day window and C1's five ±1000 lines tie ("ambiguous") — both on
// purpose; no line of two partners, two currencies or the payable account
// (out of scope) is proposed, and no line is in two proposals.
func TestReviewAutoHrev31OdooOneToOneDefaultRules(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		g1, g2, g3, g4 := f.hrev31Odoo(t)
		out := propose(t, f, hrev31OdooScope, reconcile.Rules{})
		at := hrev31Lettered(t, out)
		require.Len(t, out.Proposals, 2)
		require.ElementsMatch(t, []journal.LineRef{g2[0], g2[1]}, out.Proposals[0].Lines)
		require.ElementsMatch(t, []journal.LineRef{g3[2], g3[3]}, out.Proposals[1].Lines)
		for _, l := range append(append(g1, g4...), g2[2], g2[3], g3[0], g3[1]) {
			_, in := at[l]
			require.False(t, in, "%v proposed", l)
		}
		require.Contains(t, unmatchedOf(out, g1[1]), "ambiguous")
		require.Contains(t, unmatchedOf(out, g3[1]), "window")
	})
}

// passes: Odoo test_auto_reconcile_one_to_one, with the window widened to
// take the $US pair and oldest first on (Odoo pairs equal amounts by date):
// AutoLetter letters C1's 1st with 2nd and 3rd with 4th line, leaves the
// 5th open (the most recent, as Odoo); the $US pair together (with its
// exchange difference: booked 1500 € and 1000 €) and the ±3000 € pair
// together, never a $US line with a euro one; the payable lines (account
// out of scope) open. The book checks.
//
// C2's ±500 of 2026 stay open, where Odoo's wizard, which looks only at
// the lines of its range, reconciles them: the whole book's run letters
// them with those of 2027, after the range (the four sum to zero), and a
// narrower run letters nothing the whole book's would not. This test
// expected them lettered until the scope's dates became a filter on the
// whole book's proposals.
func TestReviewAutoHrev31OdooOneToOneAutoLetter(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		g1, g2, g3, g4 := f.hrev31Odoo(t)
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: hrev31OdooScope,
			Rules: reconcile.Rules{DateWindow: 400, OldestFirst: true}})
		require.NoError(t, err)
		require.Equal(t, 4, sum.Applied)
		require.Equal(t, 0, sum.FailedCount)
		f.check(t)
		f.hrev31Settled(t, g1[0], g1[1], g1[2], g1[3], g3[0], g3[1], g3[2], g3[3])
		require.Equal(t, f.code(t, g1[0]), f.code(t, g1[1]))
		require.Equal(t, f.code(t, g1[2]), f.code(t, g1[3]))
		require.NotEqual(t, f.code(t, g1[0]), f.code(t, g1[2]))
		require.Equal(t, f.code(t, g3[0]), f.code(t, g3[1]))
		require.Equal(t, f.code(t, g3[2]), f.code(t, g3[3]))
		require.NotEqual(t, f.code(t, g3[0]), f.code(t, g3[2]), "a $US line lettered with a euro one")
		for _, l := range []journal.LineRef{g1[4], g2[0], g2[1], g2[2], g2[3], g4[0], g4[1]} {
			require.False(t, f.residual(t, l).IsZero(), "%v lettered", l)
		}
		out := propose(t, f, hrev31OdooScope, reconcile.Rules{DateWindow: 400, OldestFirst: true})
		require.Contains(t, unmatchedOf(out, g2[1]), "which the scope's dates leave out")
	})
}

// FAILS: Odoo test_auto_reconcile_zero_balance ("Clear Account": the open
// lines of an account, partner and currency that sum to zero are
// reconciled together) and Tryton's automatic reconcile (_default_lines:
// the largest set of a party's open lines summing to zero). C1 owes two
// invoices, 100,00 € and 50,00 €, and paid 80,00 € and 70,00 €, no
// reference: its whole account is at zero, every line settles whatever
// pays what. With its default rules lettrage proposes nothing and tells
// each payment "no document names it, has its amount or sums to it"
// (the combination rule only sums documents to one payment, or payments
// to one document; only opt-in oldest first letters it) — while it letters the same shape when the
// two settling items are credit notes (credit note 30 = invoices 60 + 40
// less credit note 70, C2 here). Expected: the four lines proposed
// together (a combination, the payments summing exactly to the
// invoices), all settled once applied.
func TestReviewAutoHrev31ZeroBalanceTwoPaymentsTwoInvoices(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 5), "100.00")
		b := f.invoice(t, "C1", d(1, 6), "50.00")
		p := f.pay(t, "C1", d(2, 1), "80.00", "", "")
		q := f.pay(t, "C1", d(2, 2), "70.00", "", "")
		// The same shape with credit notes instead of payments is lettered.
		n1 := f.creditNote(t, "C2", d(1, 5), "30.00")
		n2 := f.creditNote(t, "C2", d(1, 6), "70.00")
		c := f.invoice(t, "C2", d(1, 7), "60.00")
		g := f.invoice(t, "C2", d(1, 8), "40.00")
		out := propose(t, f, customers, reconcile.Rules{})
		at := hrev31Lettered(t, out)
		c2, ok := at[line0(n1)]
		require.True(t, ok, "C2's credit notes and invoices at zero are lettered")
		require.ElementsMatch(t, []journal.LineRef{line0(n1), line0(n2), line0(c), line0(g)}, out.Proposals[c2].Lines)
		c1, ok := at[line0(p)]
		require.True(t, ok, "C1's account is at zero (100 + 50 = 80 + 70), left open: %q", unmatchedOf(out, line0(p)))
		require.ElementsMatch(t, []journal.LineRef{line0(p), line0(q), line0(a), line0(b)}, out.Proposals[c1].Lines)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		for _, o := range applied.Outcomes {
			require.NoError(t, o.Err)
		}
		f.check(t)
		f.hrev31Settled(t, line0(a), line0(b), line0(p), line0(q))
	})
}

// passes: Tryton scenario_account_reconcile_automatic: a receivable of 42
// and a receipt of 42 on the same day, the Reconcile wizard run with
// "automatic": both lines reconciled. AutoLetter letters them.
func TestReviewAutoHrev31TrytonAutomatic(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(1, 1), "42.00")
		p := f.pay(t, "C1", d(1, 1), "42.00", "", "")
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
		f.check(t)
		f.hrev31Settled(t, line0(inv), line0(p))
		require.Equal(t, f.code(t, line0(inv)), f.code(t, line0(p)))
	})
}

// passes: Odoo groups by account, partner and currency; Tryton reconciles
// per account and party. Never together, even with oldest first on every
// account: C1's invoice with C2's receipt of its amount; C1's invoice on
// 411000 with C1's receipt booked on 416000; C3's 90,00 € invoice with
// C3's receipt of 100,00 $US booked at 90,00 €.
func TestReviewAutoHrev31KeepsPartnersAccountsCurrenciesApart(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		i1 := f.invoice(t, "C1", d(1, 5), "100.00")
		p2 := f.pay(t, "C2", d(2, 1), "100.00", "", "")
		p416 := f.post(t, journal.Entry{Journal: "BQ", Date: d(1, 20), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "512000", Balance: e("100.00")},
			{Account: "416000", Partner: "C1", Balance: e("-100.00")}}})
		i3 := f.invoice(t, "C3", d(1, 5), "90.00")
		p3 := f.post(t, journal.Entry{Journal: "BQ", Date: d(1, 20), Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
			{Account: "512000", AmountCurrency: u("100.00"), Balance: e("90.00")},
			{Account: "411000", Partner: "C3", AmountCurrency: u("-100.00"), Balance: e("-90.00")}}})
		for _, r := range []reconcile.Rules{{}, {OldestFirst: true}} {
			out := propose(t, f, reconcile.Scope{All: true}, r)
			require.Empty(t, out.Proposals)
			for _, l := range []journal.LineRef{line0(p2), p416.LineRef(1), p3.LineRef(1)} {
				require.NotEmpty(t, unmatchedOf(out, l), "%v not reported", l)
			}
		}
		_, _ = i1, i3
	})
}

// passes: lines already partly lettered (Odoo reads amount_residual,
// Tryton the lines left open) are matched on what is left, to the cent:
// C1's invoice of 100,00 € paid 40,00 € takes a receipt of 60,00 €; C2's
// receipt of 150,00 €, 100,00 € of it used, pays a new invoice of 50,00 €;
// C3's invoice of 300,00 $US (250,00 €) paid 90,00 € (100,00 $US at the
// day's rate) takes a receipt of 200,00 $US (170,00 €). Applied, every
// line is at zero in both currencies and the book checks.
func TestReviewAutoHrev31PartlyLetteredLines(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 15), currency.MustParseRate("1.1111")))
		inv := f.invoice(t, "C1", d(1, 5), "100.00")
		f.receive(t, "BQ", "C1", d(1, 20), "40.00", inv)
		p := f.pay(t, "C1", d(2, 1), "60.00", "", "")
		inv2 := f.invoice(t, "C2", d(1, 5), "100.00")
		p2 := f.receive(t, "BQ", "C2", d(1, 20), "150.00", inv2)
		inv3 := f.invoice(t, "C2", d(1, 25), "50.00")
		fx := f.post(t, journal.Entry{Journal: "VT", Date: d(1, 10), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C3", DueDate: d(2, 10), AmountCurrency: u("300.00"), Balance: e("250.00")},
			{Account: "706000", AmountCurrency: u("-300.00"), Balance: e("-250.00")}}})
		eur := f.post(t, journal.Entry{Journal: "BQ", Date: d(1, 20), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "512000", Balance: e("90.00")},
			{Account: "411000", Partner: "C3", Balance: e("-90.00")}}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(fx), eur.LineRef(1)}})
		require.NoError(t, err)
		p3 := f.post(t, journal.Entry{Journal: "BQ", Date: d(2, 1), Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
			{Account: "512000", AmountCurrency: u("200.00"), Balance: e("170.00")},
			{Account: "411000", Partner: "C3", AmountCurrency: u("-200.00"), Balance: e("-170.00")}}})
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 3)
		require.Equal(t, []journal.LineRef{line0(p), line0(inv)}, out.Proposals[0].Lines)
		require.Equal(t, []journal.LineRef{line0(p2), line0(inv3)}, out.Proposals[1].Lines)
		require.Equal(t, []journal.LineRef{p3.LineRef(1), line0(fx)}, out.Proposals[2].Lines)
		require.True(t, out.Proposals[0].Partials[0].Amount.Equal(e("60.00")))
		require.True(t, out.Proposals[1].Partials[0].Amount.Equal(e("50.00")))
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		for _, o := range applied.Outcomes {
			require.NoError(t, o.Err)
		}
		f.check(t)
		f.hrev31Settled(t, line0(inv), line0(p), line0(inv2), line0(p2), line0(inv3), line0(fx), eur.LineRef(1), p3.LineRef(1))
		// Applied twice, nothing is lettered twice.
		again, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		for _, o := range again.Outcomes {
			require.ErrorIs(t, o.Err, reconcile.ErrStale)
		}
		f.check(t)
	})
}

// passes: zero-balance sets of credit notes, refunds and the payable side
// (Odoo zero_balance, Tryton automatic): C1's credit note of 80,00 €
// against an invoice of 50,00 € and the refund of 30,00 €; C2's invoice of
// 100,00 € against a credit note of 20,00 € and receipts of 50,00 € and
// 30,00 €; S1's bill of 100,00 € less a supplier credit note of 30,00 €
// paid 70,00 €; Odoo's group 4 (±1000 on 401000 for C1). Each is proposed
// whole; applied, all settle and the book checks.
func TestReviewAutoHrev31ZeroBalanceCreditNotesAndPayables(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 5), "50.00")
		n := f.creditNote(t, "C1", d(1, 6), "80.00")
		refund := f.post(t, journal.Entry{Journal: "BQ", Date: d(1, 20), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("30.00")},
			{Account: "512000", Balance: e("-30.00")}}})
		b := f.invoice(t, "C2", d(1, 5), "100.00")
		m := f.creditNote(t, "C2", d(1, 6), "20.00")
		p := f.pay(t, "C2", d(2, 1), "50.00", "", "")
		q := f.pay(t, "C2", d(2, 2), "30.00", "", "")
		bill := f.bill(t, "S1", d(1, 5), "100.00")
		sn := f.supplierCreditNote(t, "S1", d(1, 6), "30.00")
		sp := f.post(t, journal.Entry{Journal: "BQ", Date: d(1, 20), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "401000", Partner: "S1", Balance: e("70.00")},
			{Account: "512000", Balance: e("-70.00")}}})
		o1 := line0(f.hrev31Line(t, "401000", "C1", d(1, 1), "1000.00", ""))
		o2 := line0(f.hrev31Line(t, "401000", "C1", d(1, 2), "-1000.00", ""))
		out := propose(t, f, reconcile.Scope{Accounts: []string{"401000", "411000"}}, reconcile.Rules{})
		sets := [][]journal.LineRef{
			{o1, o2},
			{sp.LineRef(0), line0(bill), line0(sn)},
			{line0(n), line0(a), refund.LineRef(0)},
			{line0(b), line0(m), line0(p), line0(q)},
		}
		require.Len(t, out.Proposals, len(sets))
		for i, s := range sets {
			require.ElementsMatch(t, s, out.Proposals[i].Lines, "proposal %d: %s", i, out.Proposals[i].Reason)
		}
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		for _, o := range applied.Outcomes {
			require.NoError(t, o.Err)
		}
		f.check(t)
		for _, s := range sets {
			f.hrev31Settled(t, s...)
		}
	})
}

// passes: Odoo's date range (from_date, to_date): lines outside it are not
// reconciled. C1's receipt of 2026-03-01 is after To (2026-02-01): its
// invoice stays open; with From 2026-01-15, C2's invoice of 2026-01-01 is
// before it and its receipt of 2026-01-20 stays open; C2's pair, both in
// the first range, is lettered.
func TestReviewAutoHrev31DateRange(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "500.00")
		p1 := f.pay(t, "C1", d(3, 1), "500.00", "", "")
		i2 := f.invoice(t, "C2", d(1, 1), "300.00")
		p2 := f.pay(t, "C2", d(1, 20), "300.00", "", "")
		for _, r := range []reconcile.Rules{{}, {OldestFirst: true}} {
			out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, To: d(2, 1)}, r)
			require.Len(t, out.Proposals, 1)
			require.Equal(t, []journal.LineRef{line0(p2), line0(i2)}, out.Proposals[0].Lines)
			out = propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, From: d(1, 15)}, r)
			require.Empty(t, out.Proposals)
			require.NotEmpty(t, unmatchedOf(out, line0(p1)))
			require.NotEmpty(t, unmatchedOf(out, line0(p2)))
		}
		_ = i1
	})
}
