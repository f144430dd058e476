package reconcile_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Bad debts (créances irrécouvrables, PCG 654; CGI art. 272-1): what a
// customer still owes is lost, and the VAT on the lost part is recovered.

var (
	hrev182VAT20 = tax.Tax{ID: "D20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnInvoice,
		FinalAccount: "445710"}
	hrev182VAT55 = tax.Tax{ID: "D55", Name: "TVA 5,5 %", Rate: tax.MustParsePercent("5.5"), Exigibility: tax.OnInvoice,
		FinalAccount: "445710"}
)

// hrev182Goods posts a customer invoice of goods (VAT on debits) of the
// given tax-excluded amounts, one line each with its tax.
func (f *fixture) hrev182Goods(t *testing.T, p string, date journal.Date, lines ...any) journal.Entry {
	t.Helper()
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: date, Partner: p, PartnerAccount: "411000"}
	for i := 0; i < len(lines); i += 2 {
		inv.Lines = append(inv.Lines, journal.InvoiceLine{UnitPrice: e(lines[i].(string)), Taxes: []tax.Tax{lines[i+1].(tax.Tax)}, Account: "707000"})
	}
	x, err := inv.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

// hrev182VAT prints the VAT report's lines of a period as
// "account tax base tax" and its collected total.
func (f *fixture) hrev182VAT(t *testing.T, from, to journal.Date) string {
	t.Helper()
	rep, err := f.rec.VATReport(ctx, from, to)
	require.NoError(t, err)
	var b strings.Builder
	for _, l := range rep.Lines {
		fmt.Fprintf(&b, "%s %s %s %s; ", l.Account, l.TaxID, l.Base.Plain(), l.Tax.Plain())
	}
	fmt.Fprintf(&b, "collected %s deductible %s", rep.Collected.Plain(), rep.Deductible.Plain())
	return b.String()
}

// hrev182Lines prints an entry's lines as "account balance" in order.
func hrev182Lines(x journal.Entry) string {
	var out []string
	for _, l := range x.Lines {
		out = append(out, l.Account+" "+l.Balance.Plain())
	}
	return strings.Join(out, ", ")
}

// hrev182Count is how many entries the book holds.
func (f *fixture) hrev182Count(t *testing.T) int {
	t.Helper()
	n := 0
	for _, err := range f.book.Entries(ctx, ledger.EntryFilter{}) {
		require.NoError(t, err)
		n++
	}
	return n
}

func TestHrev182BadDebtGoodsWhole(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20) // 1 200,00 TTC
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15), Label: "Liquidation clôturée"})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Entries, 1)
		x := res.Entries[0]
		assert.Equal(t, "411000 -1200.00, 654000 1000.00, 445710 200.00", hrev182Lines(x))
		assert.Equal(t, "OD", x.Journal)
		assert.Equal(t, d(6, 15), x.Date)
		assert.Equal(t, "Liquidation clôturée", x.Label)
		st := f.state(t, inv)
		assert.Equal(t, reconcile.Paid, st.State)
		assert.Equal(t, "0.00", st.Residual.Plain())
		assert.Equal(t, "0.00", f.balance(t, "411000"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		assert.Equal(t, "1000.00", f.balance(t, "654000"))
		assert.Equal(t, "445710 D20 1000.00 200.00; collected 200.00 deductible 0.00", f.hrev182VAT(t, d(3, 1), d(3, 31)))
		assert.Equal(t, "445710 D20 -1000.00 -200.00; collected -200.00 deductible 0.00", f.hrev182VAT(t, d(6, 1), d(6, 30)))
	})
}

func TestHrev182BadDebtGoodsPartlyPaid(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
		f.receive(t, "BQD", "C1", d(4, 10), "480.00", inv)
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "411000 -720.00, 654000 600.00, 445710 120.00", hrev182Lines(res.Entries[0]))
		assert.Equal(t, "Créance irrécouvrable "+inv.Name(), res.Entries[0].Label)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "-80.00", f.balance(t, "445710"))
		assert.Equal(t, "600.00", f.balance(t, "654000"))
		assert.Equal(t, "445710 D20 -600.00 -120.00; collected -120.00 deductible 0.00", f.hrev182VAT(t, d(6, 1), d(6, 30)))
		assert.Equal(t, "445710 D20 400.00 80.00; collected 80.00 deductible 0.00", f.hrev182VAT(t, d(1, 1), d(12, 31)))
	})
}

// Services, VAT on receipts: 480,00 of 1 200,00 received makes 80,00 due;
// the 120,00 waiting on the unpaid part goes back out of 445740 with the
// loss, none of it to 445710.
func TestHrev182BadDebtCashBasisPartlyPaid(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		f.receive(t, "BQD", "C1", d(4, 10), "480.00", inv)
		assert.Equal(t, "-120.00", f.balance(t, "445740"))
		before := f.hrev182VAT(t, d(6, 1), d(6, 30))
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "411000 -720.00, 654000 720.00", hrev182Lines(res.Entries[0]))
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, "-80.00", f.balance(t, "445710"))
		assert.Equal(t, "600.00", f.balance(t, "654000"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, before, f.hrev182VAT(t, d(6, 1), d(6, 30)), "nothing becomes due on a debt lost")
		assert.Equal(t, "445710 E20 400.00 80.00; collected 80.00 deductible 0.00", f.hrev182VAT(t, d(1, 1), d(12, 31)))
		rows, err := f.rec.CashBasisPayments(ctx, d(6, 1), d(6, 30))
		require.NoError(t, err)
		require.Len(t, rows, 1)
		assert.Equal(t, "0.00 0.00", rows[0].Collected.Plain()+" "+rows[0].VAT.Plain(), "the loss collected nothing, made nothing due")
	})
}

// Two rates, 500,00 of 1 305,50 received: 805,50 lost, each tax's share
// rounded (805,50 × 200 / 1 305,50 = 123,401 → 123,40; × 5,50 → 3,393 →
// 3,39), the loss taking the rest, 678,71, split on its two bases.
func TestHrev182BadDebtTwoRates(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20, "100.00", hrev182VAT55)
		f.receive(t, "BQD", "C1", d(4, 10), "500.00", inv)
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "411000 -805.50, 654000 617.01, 654000 61.70, 445710 123.40, 445710 3.39", hrev182Lines(res.Entries[0]))
		assert.Equal(t, "445710 D55 -61.70 -3.39; 445710 D20 -617.01 -123.40; collected -126.79 deductible 0.00",
			f.hrev182VAT(t, d(6, 1), d(6, 30)))
		assert.Equal(t, "-78.71", f.balance(t, "445710")) // 205,50 − 126,79
	})
}

// Taking the bad-debt line out of its lettering reverses the entry (and,
// for VAT on receipts, its cash-basis entry): residual, state, balances
// and the VAT report are what they were.
func TestHrev182BadDebtUndo(t *testing.T) {
	t.Parallel()
	for _, cashBasis := range []bool{false, true} {
		t.Run(fmt.Sprint("cashBasis=", cashBasis), func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				var inv journal.Entry
				if cashBasis {
					inv = f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
				} else {
					inv = f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
				}
				f.receive(t, "BQD", "C1", d(4, 10), "480.00", inv)
				accounts := []string{"411000", "445710", "445740", "654000", "658000"}
				balances := func() []string {
					var out []string
					for _, a := range accounts {
						out = append(out, a+" "+f.balance(t, a))
					}
					return out
				}
				before, vat := balances(), f.hrev182VAT(t, d(1, 1), d(12, 31))
				stBefore := f.state(t, inv)
				res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
				require.NoError(t, err)
				_, err = f.rec.Detach(ctx, journal.NoID, res.Entries[0].LineRef(0))
				require.NoError(t, err)
				f.check(t)
				st := f.state(t, inv)
				assert.Equal(t, reconcile.Partial, st.State)
				assert.Equal(t, stBefore.Residual.Plain(), st.Residual.Plain())
				assert.Equal(t, "720.00", st.Residual.Plain())
				assert.Equal(t, before, balances())
				assert.Equal(t, vat, f.hrev182VAT(t, d(1, 1), d(12, 31)))
				june, err := f.rec.VATReport(ctx, d(6, 1), d(6, 30))
				require.NoError(t, err)
				assert.Equal(t, "0.00", june.Collected.Plain())
				for _, l := range june.Lines {
					assert.True(t, l.Base.IsZero() && l.Tax.IsZero(), "June nets to nothing: %+v", l)
				}

				// Written off again after the undo: the same figures.
				_, err = f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 20)})
				require.NoError(t, err)
				f.check(t)
				assert.Equal(t, "-80.00", f.balance(t, "445710"))
				assert.Equal(t, "600.00", f.balance(t, "654000"))
			})
		})
	}
}

func TestHrev182BadDebtReplay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
		op := journal.NewID()
		b := reconcile.BadDebt{Operation: op, Invoice: inv.ID, Date: d(6, 15)}
		first, err := f.rec.WriteOffBadDebt(ctx, b)
		require.NoError(t, err)
		n, snap := f.hrev182Count(t), f.snapshot(t)
		again, err := f.rec.WriteOffBadDebt(ctx, b)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, first.Entries[0].ID, again.Entries[0].ID)
		assert.Equal(t, n, f.hrev182Count(t))
		f.unchanged(t, snap)
		b.Date = d(6, 16)
		_, err = f.rec.WriteOffBadDebt(ctx, b)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		assert.Equal(t, "1000.00", f.balance(t, "654000"))
		f.check(t)
	})
}

func TestHrev182BadDebtRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
		paid := f.hrev182Goods(t, "C2", d(3, 1), "100.00", hrev182VAT20)
		pay := f.receive(t, "BQD", "C2", d(3, 5), "120.00", paid)
		note := f.creditNote(t, "C1", d(3, 2), "60.00")
		bill := f.bill(t, "S1", d(3, 2), "240.00")
		cancelled := f.hrev182Goods(t, "C3", d(3, 1), "50.00", hrev182VAT20)
		_, err := f.book.Reverse(ctx, cancelled.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		taxLocked := f.hrev182Goods(t, "C3", d(4, 1), "10.00", hrev182VAT20)
		f.check(t)
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockTax, d(4, 30), "CA3 d'avril déposée"))
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(3, 31), "mars clos"))

		cases := []struct {
			name string
			b    reconcile.BadDebt
			want error
		}{
			{"settled", reconcile.BadDebt{Invoice: paid.ID, Date: d(6, 1)}, reconcile.ErrSettled},
			{"credit note", reconcile.BadDebt{Invoice: note.ID, Date: d(6, 1)}, reconcile.ErrNotDocument},
			{"payment", reconcile.BadDebt{Invoice: pay.ID, Date: d(6, 1)}, reconcile.ErrNotDocument},
			{"supplier bill", reconcile.BadDebt{Invoice: bill.ID, Date: d(6, 1)}, reconcile.ErrNotDocument},
			{"cancelled", reconcile.BadDebt{Invoice: cancelled.ID, Date: d(6, 1)}, reconcile.ErrNotDocument},
			{"unknown", reconcile.BadDebt{Invoice: journal.NewID(), Date: d(6, 1)}, reconcile.ErrNotPosted},
			{"before the invoice", reconcile.BadDebt{Invoice: taxLocked.ID, Date: d(3, 31)}, journal.ErrDate},
			{"locked", reconcile.BadDebt{Invoice: inv.ID, Date: d(3, 20)}, ledger.ErrLocked},
			{"tax lock", reconcile.BadDebt{Invoice: inv.ID, Date: d(4, 20)}, ledger.ErrLocked},
			{"no date", reconcile.BadDebt{Invoice: inv.ID}, journal.ErrNoDate},
			{"bad label", reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 1), Label: "a\x00b"}, journal.ErrText},
			{"unknown journal", reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 1), Journal: "ZZ"}, ledger.ErrUnknownJournal},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				n, snap, b654 := f.hrev182Count(t), f.snapshot(t), f.balance(t, "654000")
				_, err := f.rec.WriteOffBadDebt(ctx, c.b)
				require.Error(t, err)
				assert.True(t, errors.Is(err, c.want), "%v is not %v", err, c.want)
				assert.Equal(t, n, f.hrev182Count(t))
				assert.Equal(t, b654, f.balance(t, "654000"))
				f.unchanged(t, snap)
				f.check(t)
			})
		}
		// The same invoice on an open date goes through, once.
		_, err = f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(5, 2)})
		require.NoError(t, err)
		_, err = f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(5, 3)})
		assert.ErrorIs(t, err, reconcile.ErrSettled)
		f.check(t)
	})
}

// A chart without 654000 serves everything else; the bad debt is refused
// with ErrConfig.
func TestHrev182BadDebtNoLossAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	r, err := reconcile.New(ctx, f.book, reconcile.Config{BadDebtLoss: "654900"})
	require.NoError(t, err)
	inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
	_, err = r.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
	assert.ErrorIs(t, err, reconcile.ErrConfig)
	assert.Equal(t, "0.00", f.balance(t, "654000"))
}

// A foreign invoice is written off at its book value: its residual in
// euros, no exchange difference.
func TestHrev182BadDebtForeign(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
		inv := f.foreignSale(t, "C1", d(3, 1), usd, "1000.00")
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Entries, 1, "no exchange difference")
		assert.Equal(t, "0.00", f.balance(t, "411000"))
		assert.Equal(t, inv.Lines[0].Balance.Plain(), f.balance(t, "654000"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
	})
}
