package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// An invoice of 1 000.00 marked paid: state paid with the mark; residual
// 1 000.00; the statement still shows 1 000.00 due; the aged balance keeps
// it. A partial receipt of 400.00 leaves the mark in effect (paid,
// residual 600.00); a receipt of 600.00 zeroes it and supersedes it (no
// mark, paid); UnmarkPaid is then refused; detaching the 600.00 brings the
// mark back; UnmarkPaid removes it (partial).
func TestHrev156MarkPaidLifecycle(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "1000.00")
		m := reconcile.MarkPaid{Operation: journal.NewID(), Document: inv.ID, By: "alice", Reason: "paid in cash at the fair"}
		_, err := f.rec.MarkPaid(ctx, m)
		require.NoError(t, err)
		st := f.state(t, inv)
		assert.Equal(t, reconcile.Paid, st.State)
		require.NotNil(t, st.Mark)
		assert.Equal(t, "alice", st.Mark.By)
		assert.Equal(t, "1000.00", st.ResidualCurrency.Plain())
		stmt, err := f.rec.Statement(ctx, "411000", "C1")
		require.NoError(t, err)
		assert.Equal(t, "1000.00", stmt.Due.Plain())
		aged, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(6, 30), Partners: []string{"C1"}})
		require.NoError(t, err)
		assert.Equal(t, "1000.00", aged.CompanyTotal.Plain())
		f.check(t)

		// Replay and conflict.
		again, err := f.rec.MarkPaid(ctx, m)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		before := f.snapshot(t)
		m2 := m
		m2.Reason = "another reason"
		_, err = f.rec.MarkPaid(ctx, m2)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		m2.Operation = journal.NewID()
		_, err = f.rec.MarkPaid(ctx, m2)
		assert.ErrorIs(t, err, reconcile.ErrMarkPaid, "already marked")
		f.unchanged(t, before)

		f.receive(t, "BQD", "C1", d(4, 1), "400.00", inv)
		st = f.state(t, inv)
		assert.Equal(t, reconcile.Paid, st.State)
		assert.NotNil(t, st.Mark)
		assert.Equal(t, "600.00", st.ResidualCurrency.Plain())

		pay2 := f.receive(t, "BQD", "C1", d(4, 5), "600.00", inv)
		st = f.state(t, inv)
		assert.Equal(t, reconcile.Paid, st.State)
		assert.Nil(t, st.Mark, "superseded by the payment")
		before = f.snapshot(t)
		_, err = f.rec.UnmarkPaid(ctx, reconcile.MarkPaid{Document: inv.ID, By: "bob"})
		assert.ErrorIs(t, err, reconcile.ErrMarkPaid)
		f.unchanged(t, before)

		_, err = f.rec.Detach(ctx, journal.NewID(), pay2.LineRef(0))
		require.NoError(t, err)
		st = f.state(t, inv)
		assert.Equal(t, reconcile.Paid, st.State)
		assert.NotNil(t, st.Mark)
		assert.Equal(t, "600.00", st.ResidualCurrency.Plain())

		_, err = f.rec.UnmarkPaid(ctx, reconcile.MarkPaid{Document: inv.ID, By: "bob", Reason: "cheque never came"})
		require.NoError(t, err)
		st = f.state(t, inv)
		assert.Equal(t, reconcile.Partial, st.State)
		assert.Nil(t, st.Mark)
		f.check(t)
	})
}

// MarkPaid refusals: a payment, a settled invoice, an unknown id; nothing
// written.
func TestHrev156MarkPaidBadInput(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		pay := f.receive(t, "BQD", "C1", d(3, 2), "100.00", inv)
		unalloc := f.receive(t, "BQD", "C1", d(3, 3), "50.00")
		before := f.snapshot(t)
		_, err := f.rec.MarkPaid(ctx, reconcile.MarkPaid{Document: inv.ID, By: "a"})
		assert.ErrorIs(t, err, reconcile.ErrMarkPaid)
		_, err = f.rec.MarkPaid(ctx, reconcile.MarkPaid{Document: unalloc.ID, By: "a"})
		assert.ErrorIs(t, err, reconcile.ErrNotDocument)
		_, err = f.rec.MarkPaid(ctx, reconcile.MarkPaid{Document: pay.ID, By: "a"})
		assert.Error(t, err)
		_, err = f.rec.MarkPaid(ctx, reconcile.MarkPaid{Document: journal.NewID(), By: "a"})
		assert.ErrorIs(t, err, reconcile.ErrNotPosted)
		_, err = f.rec.UnmarkPaid(ctx, reconcile.MarkPaid{Document: inv.ID, By: "a"})
		assert.ErrorIs(t, err, reconcile.ErrMarkPaid)
		f.unchanged(t, before)
	})
}

// An unallocated receipt of 500.00 is listed on a later invoice of 300.00
// of the same customer; using 200.00 of it leaves the invoice 100.00 due
// (partial) and the credit 300.00; using the rest (unset amount) closes
// the invoice and leaves 200.00 to use. Another customer's credit is
// refused; a negative amount is refused; a replay is idempotent.
func TestHrev156UseCreditPartly(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		pay := f.receive(t, "BQD", "C1", d(3, 1), "500.00")
		otherPay := f.receive(t, "BQD", "C2", d(3, 1), "70.00")
		inv := f.invoice(t, "C1", d(3, 5), "300.00")
		credits, err := f.rec.OutstandingCredits(ctx, inv.ID)
		require.NoError(t, err)
		require.Len(t, credits, 1)
		assert.Equal(t, pay.LineRef(0), credits[0].Ref)
		assert.Equal(t, "-500.00", credits[0].Residual.Plain())

		before := f.snapshot(t)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: otherPay.LineRef(0)})
		assert.ErrorIs(t, err, reconcile.ErrPartner)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: pay.LineRef(0), Amount: e("-200.00")})
		assert.ErrorIs(t, err, reconcile.ErrAmount)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: pay.LineRef(0), Amount: e("600.00")})
		assert.Error(t, err, "more than both can take")
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: journal.NewID(), Credit: pay.LineRef(0)})
		assert.ErrorIs(t, err, reconcile.ErrNotPosted)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: journal.LineRef{Entry: journal.NewID()}})
		assert.ErrorIs(t, err, reconcile.ErrNotPosted)
		f.unchanged(t, before)

		u := reconcile.UseCredit{Operation: journal.NewID(), Document: inv.ID, Credit: pay.LineRef(0), Amount: e("200.00")}
		res, err := f.rec.UseCredit(ctx, u)
		require.NoError(t, err)
		require.Len(t, res.Partials, 1)
		assert.Equal(t, "200.00", res.Partials[0].Amount.Plain())
		assert.Equal(t, "100.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, "-300.00", f.residual(t, pay.LineRef(0)).Plain())
		assert.Equal(t, reconcile.Partial, f.state(t, inv).State)
		again, err := f.rec.UseCredit(ctx, u)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, "100.00", f.residual(t, inv.LineRef(0)).Plain())
		before = f.snapshot(t)
		u2 := u
		u2.Amount = e("100.00")
		_, err = f.rec.UseCredit(ctx, u2)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)

		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: pay.LineRef(0)})
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, "-200.00", f.residual(t, pay.LineRef(0)).Plain())
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		stmt, err := f.rec.Statement(ctx, "411000", "C1")
		require.NoError(t, err)
		assert.Equal(t, "0.00", stmt.Due.Plain())
		assert.Equal(t, "200.00", stmt.Unallocated.Plain())
		credits, err = f.rec.OutstandingCredits(ctx, inv.ID)
		require.NoError(t, err)
		assert.Empty(t, credits, "a settled invoice lists no credits")
		f.check(t)
	})
}

// A USD credit note of 600.00 USD at 1.25 (480.00 EUR) used on a 1 200.00
// USD invoice at 1.20 (1 000.00 EUR): as worked example 6, the invoice's
// share is 500.00 EUR → partial 480.00 and an exchange entry Dr 656000
// 20.00 / Cr 411000 20.00 lettered to the invoice; residual 600.00 USD /
// 500.00 EUR. Then 300.00 USD of a second credit note at 1.15 (260.87
// EUR) used for 100.00 USD only.
func TestHrev156UseCreditForeign(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 10), currency.MustParseRate("1.25")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 20), currency.MustParseRate("1.15")))
		inv := f.foreignSale(t, "C1", d(3, 1), usd, "1200.00")
		cn := f.foreignSale(t, "C1", d(3, 10), usd, "-600.00")
		assert.Equal(t, "1000.00", inv.Lines[0].Balance.Plain())
		assert.Equal(t, "-480.00", cn.Lines[0].Balance.Plain())
		credits, err := f.rec.OutstandingCredits(ctx, inv.ID)
		require.NoError(t, err)
		require.Len(t, credits, 1)
		assert.Equal(t, "-600.00", credits[0].ResidualCurrency.Plain())
		res, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: cn.LineRef(0)})
		require.NoError(t, err)
		assert.Equal(t, "500.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, "0.00", f.residual(t, cn.LineRef(0)).Plain())
		assert.Equal(t, "20.00", f.balance(t, "656000"))
		assert.Equal(t, "0.00", f.balance(t, "756000"))
		fx := 0
		for _, x := range res.Entries {
			if x.Journal != "" && hasAccount(x, "656000") {
				fx++
				assert.Equal(t, d(3, 10), x.Date)
			}
		}
		assert.Equal(t, 1, fx)
		st := f.state(t, inv)
		assert.Equal(t, "600.00", st.ResidualCurrency.Plain())
		assert.Equal(t, reconcile.Partial, st.State)
		f.check(t)

		cn2 := f.foreignSale(t, "C1", d(3, 20), usd, "-300.00")
		assert.Equal(t, "-260.87", cn2.Lines[0].Balance.Plain())
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: cn2.LineRef(0), Amount: currency.MustParse(usd, "100.00")})
		require.NoError(t, err)
		st = f.state(t, inv)
		assert.Equal(t, "500.00", st.ResidualCurrency.Plain())
		// Invoice's share of 100 USD at its rate 1.20: 83.33; the credit
		// note's at 1.15: 86.96; partial 83.33; the credit note keeps its
		// own rate on what remains: 200 USD → 173.91.
		assert.Equal(t, "416.67", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, "-173.91", f.residual(t, cn2.LineRef(0)).Plain())
		f.check(t)
	})
}

func hasAccount(x journal.Entry, account string) bool {
	for _, l := range x.Lines {
		if l.Account == account {
			return true
		}
	}
	return false
}
