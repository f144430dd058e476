package reconcile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cockroachdb/apd/v3"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev200Rate is 12,15 % a year: the ECB's refinancing rate plus 10 points.
func hrev200Rate(s string) *apd.Decimal {
	r, _, err := apd.NewFromString(s)
	if err != nil {
		panic(err)
	}
	return r
}

// hrev200Inv posts an invoice of C1 dated 2 January with one receivable
// line per (due date, amount).
func (f *fixture) hrev200Inv(t *testing.T, p, ref string, parts ...any) journal.Entry {
	t.Helper()
	x := journal.Entry{Journal: "VT", Date: d(1, 2), Type: journal.TypeInvoice, Ref: ref}
	total := e("0.00")
	for i := 0; i < len(parts); i += 2 {
		amt := e(parts[i+1].(string))
		x.Lines = append(x.Lines, journal.Line{Account: "411000", Partner: p, DueDate: parts[i].(journal.Date), Balance: amt})
		total, _ = total.Add(amt)
	}
	x.Lines = append(x.Lines, journal.Line{Account: "706000", Balance: total.Neg()})
	return f.post(t, x)
}

func (f *fixture) hrev200Query(t *testing.T, at journal.Date, partners ...string) reconcile.Penalties {
	t.Helper()
	pen, err := f.rec.LatePenalties(ctx, reconcile.PenaltyQuery{At: at, Rate: hrev200Rate("12.15"), Partners: partners})
	require.NoError(t, err)
	return pen
}

// hrev200Show renders a penalty query: per invoice its penalty and
// indemnity, then the total.
func hrev200Show(p reconcile.Penalties) string {
	var out []string
	for _, r := range p.Rows {
		for _, it := range r.Items {
			var sl []string
			for _, s := range it.Slices {
				sl = append(sl, fmt.Sprintf("%s×%d", s.Amount.Plain(), s.Days))
			}
			out = append(out, fmt.Sprintf("%s %s [%s] %s+%s", r.Partner, it.Reference, strings.Join(sl, " "), it.Penalty.Plain(), it.Indemnity.Plain()))
		}
	}
	if p.Total.IsSet() {
		out = append(out, "total "+p.Total.Plain())
	}
	return strings.Join(out, "; ")
}

// 1 200,00 due 31/01, 600,00 paid 02/03, 600,00 open at 31/03, 12,15 %:
// the part paid counts 01/02–02/03, 30 days (February 2026 has 28); the
// part open counts 01/02–31/03, 59 days. (1 200 × 30 + 600 × 29 = 600 ×
// 30 + 600 × 59 = 53 400) × 0,1215 / 365 = 17,7756… = 17,78, rounded once
// for the invoice; the indemnity 40,00.
func TestHrev200PenaltiesPartlyPaid(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		f.receive(t, "BQD", "C1", d(3, 2), "600.00", inv)
		assert.Equal(t, "C1 FA-1 [600.00×30 600.00×59] 17.78+40.00; total 57.78", hrev200Show(f.hrev200Query(t, d(3, 31))))
		// Paid 600,00 on 02/03 only: at 02/03 what was paid that day counts to it.
		assert.Equal(t, "C1 FA-1 [600.00×30 600.00×30] 11.98+40.00; total 51.98", hrev200Show(f.hrev200Query(t, d(3, 2), "C1")))
		// Before the due date, and on it: nothing.
		assert.Equal(t, "total 0.00", hrev200Show(f.hrev200Query(t, d(1, 31))))
		f.check(t)
	})
}

// An invoice paid on its due date owes nothing, nor one paid earlier.
func TestHrev200PenaltiesPaidInTime(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		f.receive(t, "BQD", "C1", d(1, 31), "1200.00", a)
		b := f.hrev200Inv(t, "C2", "FA-2", d(1, 31), "300.00")
		f.receive(t, "BQD", "C2", d(1, 20), "300.00", b)
		assert.Equal(t, "total 0.00", hrev200Show(f.hrev200Query(t, d(6, 30))))
		dn, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(6, 30), PenaltyRate: hrev200Rate("12.15")})
		require.NoError(t, err)
		assert.Empty(t, dn.Rows)
	})
}

// Two instalments of one invoice, due 31/01 and 28/02, open at 31/03:
// 1 000 × 59 + 1 000 × 31 = 90 000 × 0,1215 / 365 = 29,9589… = 29,96, and
// one indemnity for the invoice. At 15/02 the second is not due yet:
// 1 000 × 15 × 0,1215 / 365 = 4,99.
func TestHrev200PenaltiesInstalments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1000.00", d(2, 28), "1000.00")
		assert.Equal(t, "C1 FA-1 [1000.00×59 1000.00×31] 29.96+40.00; total 69.96", hrev200Show(f.hrev200Query(t, d(3, 31))))
		assert.Equal(t, "C1 FA-1 [1000.00×15] 4.99+40.00; total 44.99", hrev200Show(f.hrev200Query(t, d(2, 15))))
		// Dunning shows them per customer.
		dn, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(3, 31), PenaltyRate: hrev200Rate("12.15")})
		require.NoError(t, err)
		require.Len(t, dn.Rows, 1)
		assert.Equal(t, "29.96 40.00", dn.Rows[0].Penalties.Plain()+" "+dn.Rows[0].Indemnities.Plain())
		// Without a rate, Dunning leaves them unset.
		dn, err = f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(3, 31)})
		require.NoError(t, err)
		assert.False(t, dn.Rows[0].Penalties.IsSet())
	})
}

// Invoicing the penalties posts one invoice to the customer; a second
// query gives only what accrued since; a replay writes nothing more;
// reversing the penalty invoice makes them count again.
func TestHrev200PenaltiesInvoiced(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		f.receive(t, "BQD", "C1", d(3, 2), "600.00", inv)
		op := journal.NewID()
		req := reconcile.PenaltyInvoice{Operation: op, Query: reconcile.PenaltyQuery{At: d(3, 31), Rate: hrev200Rate("12.15")}}
		res, err := f.rec.InvoicePenalties(ctx, req)
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Entries, 1)
		pe := res.Entries[0]
		assert.Equal(t, "VT", pe.Journal)
		assert.Equal(t, journal.TypeInvoice, pe.Type)
		assert.Equal(t, journal.DocPenalty, pe.DocKind)
		assert.Equal(t, "411000 57.78, 763100 -17.78, 758800 -40.00", hrev182Lines(pe))
		assert.Equal(t, d(3, 31), pe.Lines[0].DueDate)
		assert.Contains(t, pe.Lines[1].Label, "FA-1")
		assert.Contains(t, pe.Lines[2].Label, "FA-1")

		// At the same date nothing more; a month later, 600 × 30 days:
		// 18 000 × 0,1215 / 365 = 5,99, no indemnity. The penalty
		// invoice, overdue itself, owes none.
		assert.Equal(t, "total 0.00", hrev200Show(f.hrev200Query(t, d(3, 31))))
		assert.Equal(t, "C1 FA-1 [600.00×30] 5.99+0.00; total 5.99", hrev200Show(f.hrev200Query(t, d(4, 30))))

		n := f.hrev182Count(t)
		again, err := f.rec.InvoicePenalties(ctx, req)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, n, f.hrev182Count(t))
		assert.Equal(t, "-17.78", f.balance(t, "763100"))

		// Nothing to invoice at the same date: no entry.
		none, err := f.rec.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Query: reconcile.PenaltyQuery{At: d(3, 31), Rate: hrev200Rate("12.15")}})
		require.NoError(t, err)
		assert.Empty(t, none.Entries)

		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Entry: pe.ID, Date: d(4, 1)})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "C1 FA-1 [600.00×30 600.00×59] 17.78+40.00; total 57.78", hrev200Show(f.hrev200Query(t, d(3, 31))))
		assert.Equal(t, "0.00", f.balance(t, "763100"))
	})
}

// Bad input writes nothing: a negative or absurd rate, no rate, an
// unknown customer, a locked date, a missing account.
func TestHrev200PenaltiesRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		// A penalty account the book does not have: ErrConfig.
		other, err := reconcile.New(ctx, f.book, reconcile.Config{LatePenalties: "763900"})
		require.NoError(t, err)
		_, err = other.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Query: reconcile.PenaltyQuery{At: d(3, 31), Rate: hrev200Rate("12.15")}})
		require.ErrorIs(t, err, reconcile.ErrConfig)
		require.NoError(t, f.book.SetLockDates(ctx, ledger.LockChange{Kind: ledger.LockGeneral, Date: d(3, 31)}))
		snap := f.snapshot(t)
		for _, c := range []struct {
			name string
			q    reconcile.PenaltyQuery
			want error
		}{
			{"negative rate", reconcile.PenaltyQuery{At: d(4, 30), Rate: hrev200Rate("-1")}, reconcile.ErrPenaltyRate},
			{"rate above 100", reconcile.PenaltyQuery{At: d(4, 30), Rate: hrev200Rate("1215")}, reconcile.ErrPenaltyRate},
			{"no rate", reconcile.PenaltyQuery{At: d(4, 30)}, reconcile.ErrPenaltyRate},
			{"no date", reconcile.PenaltyQuery{Rate: hrev200Rate("12.15")}, journal.ErrNoDate},
			{"unknown customer", reconcile.PenaltyQuery{At: d(4, 30), Rate: hrev200Rate("12.15"), Partners: []string{"NOPE"}}, ledger.ErrUnknownPartner},
			{"indemnity in USD", reconcile.PenaltyQuery{At: d(4, 30), Rate: hrev200Rate("12.15"), Indemnity: currency.MustParse(usd, "40.00")}, reconcile.ErrAmount},
			{"locked date", reconcile.PenaltyQuery{At: d(3, 31), Rate: hrev200Rate("12.15")}, ledger.ErrLocked},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := f.rec.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Query: c.q})
				require.ErrorIs(t, err, c.want)
				if c.name != "locked date" {
					_, err = f.rec.LatePenalties(ctx, c.q)
					require.ErrorIs(t, err, c.want)
				}
				assert.Equal(t, snap, f.snapshot(t))
				f.check(t)
			})
		}
		// A zero indemnity claims none.
		pen, err := f.rec.LatePenalties(ctx, reconcile.PenaltyQuery{At: d(3, 31), Rate: hrev200Rate("12.15"), Indemnity: e("0.00")})
		require.NoError(t, err)
		assert.Equal(t, "C1 FA-1 [1200.00×59] 23.57+0.00; total 23.57", hrev200Show(pen))
	})
}

// A bad debt dated before a payment lettered with the invoice is refused,
// naming the payment's date; on that date it is accepted.
func TestHrev200BadDebtBeforePayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(2, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1200.00"), DueDate: d(3, 3)},
			{Account: "706000", Balance: e("-1200.00")},
		}})
		f.receive(t, "BQD", "C1", d(3, 20), "480.00", inv)
		snap := f.snapshot(t)
		_, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(3, 10)})
		require.ErrorIs(t, err, journal.ErrDate)
		assert.Contains(t, err.Error(), "2026-03-20")
		assert.Equal(t, snap, f.snapshot(t))
		f.check(t)
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(3, 20)})
		require.NoError(t, err)
		assert.Equal(t, "411000 -720.00, 654000 720.00", hrev182Lines(res.Entries[0]))
		f.check(t)
	})
}

// A dollar invoice: the penalties are counted in dollars and brought to
// euros at the book's rate of the date. 1 250,00 USD open 59 days: 1 250 ×
// 59 × 0,1215 / 365 = 24,5496… = 24,55 USD, at 1,25 USD to the euro 19,64
// EUR; the indemnity is in euros.
func TestHrev200PenaltiesForeignInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.25")))
		f.post(t, journal.Entry{Journal: "VT", Date: d(1, 2), Type: journal.TypeInvoice, Currency: usd, Ref: "FA-US", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", DueDate: d(1, 31), AmountCurrency: currency.MustParse(usd, "1250.00"), Balance: e("1000.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-1250.00"), Balance: e("-1000.00")},
		}})
		pen := f.hrev200Query(t, d(3, 31))
		assert.Equal(t, "C1 FA-US [1250.00×59] 19.64+40.00; total 59.64", hrev200Show(pen))
		assert.Equal(t, "24.55 USD", pen.Rows[0].Items[0].PenaltyCurrency.String())
	})
}
