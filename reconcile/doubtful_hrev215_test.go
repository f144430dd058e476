package reconcile_test

import (
	"testing"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Doubtful debts (clients douteux ou litigieux, PCG 416): the debt moves
// from 411000 to 416000, is impaired there, and is written off from there
// when it proves lost.

// hrev215Move moves inv's debt to 416000 on date and returns the entry.
func (f *fixture) hrev215Move(t *testing.T, inv journal.Entry, date journal.Date) journal.Entry {
	t.Helper()
	res, err := f.rec.MoveToDoubtful(ctx, reconcile.DoubtfulMove{Invoice: inv.ID, Date: date})
	require.NoError(t, err)
	require.Len(t, res.Entries, 1, "a move is one entry: no exchange, no VAT")
	f.check(t)
	return res.Entries[0]
}

// hrev215Pay posts a receipt of amount on 416000 by hand and letters it
// with the move's line there (its first line).
func (f *fixture) hrev215Pay(t *testing.T, move journal.Entry, date journal.Date, amount string) journal.Entry {
	t.Helper()
	pay := f.post(t, journal.Entry{Journal: "BQD", Date: date, Type: journal.TypePayment, Lines: []journal.Line{
		{Account: "512000", Balance: e(amount)},
		{Account: "416000", Partner: "C1", Balance: e(amount).Neg()},
	}})
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{move.LineRef(0), pay.LineRef(1)}})
	require.NoError(t, err)
	f.check(t)
	return pay
}

func TestHrev215MoveImpairWriteOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
		move := f.hrev215Move(t, inv, d(9, 30))
		assert.Equal(t, "416000 1200.00, 411000 -1200.00", hrev182Lines(move))
		assert.Equal(t, journal.TypeMisc, move.Type)
		assert.Equal(t, "OD", move.Journal)
		assert.Equal(t, inv.Name(), move.Ref)
		assert.Equal(t, inv.ID, move.Document)
		assert.Equal(t, "Créance douteuse "+inv.Name(), move.Label)
		assert.Equal(t, "C1 C1", move.Lines[0].Partner+" "+move.Lines[1].Partner)
		assert.Equal(t, inv.Date, move.Lines[0].DueDate, "no due date: due on the invoice's date, its age kept")
		assert.Equal(t, "411000 0.00, 416000 1200.00, 445710 -200.00", f.hrev190Bal(t, "411000", "416000", "445710"))
		st := f.state(t, inv)
		assert.Equal(t, reconcile.NotPaid, st.State, "moving a debt is no payment")
		assert.Equal(t, "1200.00", st.Residual.Plain())

		f.impair(t, d(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("500.00")})
		assert.Equal(t, []string{"C1 500.00 of 1200.00"}, f.impaired(t, d(12, 31)))

		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: hrev202Y27(3, 15)})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "416000 -1200.00, 654000 1000.00, 445710 200.00", hrev182Lines(res.Entries[0]))
		assert.Equal(t, journal.TypeWriteOff, res.Entries[0].Type)
		assert.Equal(t, "411000 0.00, 416000 0.00, 491000 -500.00, 654000 1000.00, 445710 0.00",
			f.hrev190Bal(t, "411000", "416000", "491000", "654000", "445710"))
		st = f.state(t, inv)
		assert.Equal(t, reconcile.Paid, st.State)
		assert.Equal(t, "0.00", st.Residual.Plain())

		// The next closing takes the impairment back.
		f.impair(t, hrev202Y27(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("0")})
		assert.Equal(t, "491000 0.00, 681740 500.00, 781740 -500.00", f.hrev190Bal(t, "491000", "681740", "781740"))
		assert.Empty(t, f.impaired(t, hrev202Y27(12, 31)))
		f.check(t)
	})
}

// 480,00 received before the move, 240,00 after it on 416000: 480,00 is
// lost, 400,00 HT and 80,00 of VAT recovered.
func TestHrev215PaymentsBeforeAndAfterTheMove(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
		f.receive(t, "BQD", "C1", d(4, 10), "480.00", inv)
		move := f.hrev215Move(t, inv, d(6, 1))
		assert.Equal(t, "416000 720.00, 411000 -720.00", hrev182Lines(move))
		st := f.state(t, inv)
		assert.Equal(t, reconcile.Partial, st.State)
		assert.Equal(t, "720.00", st.Residual.Plain())

		// A receipt registered against the entry that moved the debt.
		pay := f.receive(t, "BQD", "C1", d(7, 10), "240.00", move)
		assert.Contains(t, hrev182Lines(pay), "416000 -240.00")
		f.check(t)
		st = f.state(t, inv)
		assert.Equal(t, reconcile.Partial, st.State)
		assert.Equal(t, "480.00", st.Residual.Plain())

		_, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(7, 1)})
		assert.ErrorIs(t, err, journal.ErrDate, "before the receipt on 416000")

		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(9, 15)})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "416000 -480.00, 654000 400.00, 445710 80.00", hrev182Lines(res.Entries[0]))
		assert.Equal(t, "411000 0.00, 416000 0.00, 654000 400.00, 445710 -120.00",
			f.hrev190Bal(t, "411000", "416000", "654000", "445710"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
	})
}

// VAT on receipts: the move makes nothing due; the receipt on 416000
// after it does, as a payment of the invoice; the loss takes the rest out
// of 445740, none of it to 445710.
func TestHrev215CashBasis(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		f.receive(t, "BQD", "C1", d(4, 10), "480.00", inv)
		assert.Equal(t, "445740 -120.00, 445710 -80.00", f.hrev190Bal(t, "445740", "445710"))
		move := f.hrev215Move(t, inv, d(6, 1))
		assert.Equal(t, "445740 -120.00, 445710 -80.00", f.hrev190Bal(t, "445740", "445710"), "a move collects nothing")
		f.hrev215Pay(t, move, d(7, 10), "240.00")
		assert.Equal(t, "445740 -80.00, 445710 -120.00", f.hrev190Bal(t, "445740", "445710"), "40,00 due on 240,00 received")

		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(9, 15)})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Entries, 2)
		assert.Equal(t, "416000 -480.00, 654000 480.00", hrev182Lines(res.Entries[0]))
		assert.Equal(t, "445740 80.00, 654000 -80.00", hrev182Lines(res.Entries[1]))
		assert.Equal(t, "416000 0.00, 445740 0.00, 445710 -120.00, 654000 400.00",
			f.hrev190Bal(t, "416000", "445740", "445710", "654000"))
		assert.Equal(t, "445710 E20 600.00 120.00; collected 120.00 deductible 0.00", f.hrev182VAT(t, d(1, 1), d(12, 31)))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
	})
}

// A USD invoice moved at its book value, whatever the rate of the day:
// no exchange difference, and written off at that value.
func TestHrev215ForeignInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(4, 1), currency.MustParseRate("1.20")))
		x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{UnitPrice: currency.MustParse(usd, "1000.00"), Taxes: []tax.Tax{hrev182VAT20}, Account: "707000"}}}.Entry()
		require.NoError(t, err)
		inv := f.post(t, x)
		move := f.hrev215Move(t, inv, d(6, 1))
		assert.Equal(t, "416000 1090.91 (1200.00 USD), 411000 -1090.91 (-1200.00 USD)", hrev190LinesFX(move))
		assert.Equal(t, usd, move.Currency)
		st := f.state(t, inv)
		assert.Equal(t, "1200.00 USD 1090.91", st.ResidualCurrency.String()+" "+st.Residual.Plain())

		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "416000 -1090.91 (-1200.00 USD), 654000 909.09 (1000.00 USD), 445710 181.82 (200.00 USD)", hrev190LinesFX(res.Entries[0]))
		assert.Equal(t, "411000 0.00, 416000 0.00, 654000 909.09, 445710 0.00, 656000 0.00, 756000 0.00",
			f.hrev190Bal(t, "411000", "416000", "654000", "445710", "656000", "756000"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
	})
}

// Unlettering the 416000 line reverses the write-off, and the debt waits
// on 416000 again; unlettering the invoice reverses the move too.
func TestHrev215Unletter(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		move := f.hrev215Move(t, inv, d(6, 1))
		_, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(9, 15)})
		require.NoError(t, err)
		assert.Equal(t, "416000 0.00, 445740 0.00, 654000 1000.00", f.hrev190Bal(t, "416000", "445740", "654000"))

		_, err = f.rec.Unletter(ctx, journal.NoID, move.LineRef(0))
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "411000 0.00, 416000 1200.00, 445740 -200.00, 654000 0.00", f.hrev190Bal(t, "411000", "416000", "445740", "654000"))
		st := f.state(t, inv)
		assert.Equal(t, reconcile.NotPaid, st.State)
		assert.Equal(t, "1200.00", st.Residual.Plain())

		// Written off again, then the invoice unlettered: all undone.
		_, err = f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(9, 20)})
		require.NoError(t, err)
		f.check(t)
		_, err = f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "411000 1200.00, 416000 0.00, 445740 -200.00, 654000 0.00", f.hrev190Bal(t, "411000", "416000", "445740", "654000"))
		st = f.state(t, inv)
		assert.Equal(t, reconcile.NotPaid, st.State)
		assert.Equal(t, "1200.00", st.Residual.Plain())
		// And it moves again.
		f.hrev215Move(t, inv, d(10, 1))
		assert.Equal(t, "411000 0.00, 416000 1200.00", f.hrev190Bal(t, "411000", "416000"))
	})
}

func TestHrev215Replay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
		other := f.hrev182Goods(t, "C1", d(3, 2), "100.00", hrev182VAT20)
		op := journal.NewID()
		m := reconcile.DoubtfulMove{Operation: op, Invoice: inv.ID, Date: d(9, 30), Label: "Redressement judiciaire"}
		first, err := f.rec.MoveToDoubtful(ctx, m)
		require.NoError(t, err)
		n, snap := f.hrev182Count(t), f.snapshot(t)
		again, err := f.rec.MoveToDoubtful(ctx, m)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, first.Entries[0].ID, again.Entries[0].ID)
		assert.Equal(t, "Redressement judiciaire", again.Entries[0].Label)
		assert.Equal(t, n, f.hrev182Count(t))
		f.unchanged(t, snap)
		m.Invoice = other.ID
		_, err = f.rec.MoveToDoubtful(ctx, m)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		assert.Equal(t, n, f.hrev182Count(t))
		f.unchanged(t, snap)
	})
}

func TestHrev215Refusals(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
		paidInv := f.hrev182Goods(t, "C2", d(3, 1), "100.00", hrev182VAT20)
		f.receive(t, "BQD", "C2", d(3, 10), "120.00", paidInv)
		partly := f.hrev182Goods(t, "C3", d(3, 1), "100.00", hrev182VAT20)
		f.receive(t, "BQD", "C3", d(5, 10), "20.00", partly)
		cn := f.creditNote(t, "C1", d(3, 5), "60.00")
		sup := f.bill(t, "S1", d(3, 5), "60.00")
		cancelled := f.hrev182Goods(t, "C1", d(3, 6), "10.00", hrev182VAT20)
		_, err := f.book.Reverse(ctx, cancelled.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		moved := f.hrev182Goods(t, "C1", d(3, 7), "10.00", hrev182VAT20)
		f.hrev215Move(t, moved, d(4, 1))
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(3, 31), "mars clos"))

		noChart, err := reconcile.New(ctx, f.book, reconcile.Config{DoubtfulReceivable: "416999"})
		require.NoError(t, err)
		notReceivable, err := reconcile.New(ctx, f.book, reconcile.Config{DoubtfulReceivable: "512000"})
		require.NoError(t, err)

		for _, c := range []struct {
			name string
			rec  *reconcile.Reconciler
			m    reconcile.DoubtfulMove
			want error
		}{
			{"no date", f.rec, reconcile.DoubtfulMove{Invoice: inv.ID}, journal.ErrNoDate},
			{"unknown invoice", f.rec, reconcile.DoubtfulMove{Invoice: journal.NewID(), Date: d(9, 30)}, reconcile.ErrNotPosted},
			{"credit note", f.rec, reconcile.DoubtfulMove{Invoice: cn.ID, Date: d(9, 30)}, reconcile.ErrNotDocument},
			{"supplier bill", f.rec, reconcile.DoubtfulMove{Invoice: sup.ID, Date: d(9, 30)}, reconcile.ErrNotDocument},
			{"cancelled", f.rec, reconcile.DoubtfulMove{Invoice: cancelled.ID, Date: d(9, 30)}, reconcile.ErrNotDocument},
			{"settled", f.rec, reconcile.DoubtfulMove{Invoice: paidInv.ID, Date: d(9, 30)}, reconcile.ErrSettled},
			{"moved already", f.rec, reconcile.DoubtfulMove{Invoice: moved.ID, Date: d(9, 30)}, reconcile.ErrSettled},
			{"before the invoice", f.rec, reconcile.DoubtfulMove{Invoice: inv.ID, Date: d(2, 28)}, journal.ErrDate},
			{"before a payment", f.rec, reconcile.DoubtfulMove{Invoice: partly.ID, Date: d(5, 1)}, journal.ErrDate},
			{"locked", f.rec, reconcile.DoubtfulMove{Invoice: inv.ID, Date: d(3, 20)}, ledger.ErrLocked},
			{"no 416000", noChart, reconcile.DoubtfulMove{Invoice: inv.ID, Date: d(9, 30)}, reconcile.ErrConfig},
			{"416000 not a receivable", notReceivable, reconcile.DoubtfulMove{Invoice: inv.ID, Date: d(9, 30)}, reconcile.ErrConfig},
			{"bad label", f.rec, reconcile.DoubtfulMove{Invoice: inv.ID, Date: d(9, 30), Label: "a\x00b"}, nil},
		} {
			t.Run(c.name, func(t *testing.T) {
				n, snap := f.hrev182Count(t), f.snapshot(t)
				_, err := c.rec.MoveToDoubtful(ctx, c.m)
				require.Error(t, err)
				if c.want != nil {
					assert.ErrorIs(t, err, c.want)
				} else {
					var te *journal.TextError
					assert.ErrorAs(t, err, &te)
				}
				t.Log(err)
				assert.Equal(t, n, f.hrev182Count(t))
				f.unchanged(t, snap)
			})
		}
		f.check(t)
	})
}

// A closed year refuses the move; the open year takes it.
func TestHrev215ClosedYear(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(11, 1), "1000.00", hrev182VAT20)
		*f.now = time.Date(2027, time.February, 15, 9, 0, 0, 0, time.UTC)
		_, _, err := f.book.CloseFiscalYear(ctx, "2026", "alice")
		require.NoError(t, err)
		n, snap := f.hrev182Count(t), f.snapshot(t)
		_, err = f.rec.MoveToDoubtful(ctx, reconcile.DoubtfulMove{Invoice: inv.ID, Date: d(12, 20)})
		assert.ErrorIs(t, err, ledger.ErrYearClosed)
		assert.Equal(t, n, f.hrev182Count(t))
		f.unchanged(t, snap)
		move := f.hrev215Move(t, inv, hrev202Y27(2, 1))
		assert.Equal(t, "2027", move.FiscalYear)
	})
}

// Overdue and moved: no reminder on 411000, no penalty, and the aged
// balance shows the debt on 416000 by its due date.
func TestHrev215DunningPenaltiesAged(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(1, 10), "1200.00") // due 2026-02-09
		f.receive(t, "BQD", "C1", d(3, 1), "200.00", inv)
		late := f.invoice(t, "C2", d(1, 10), "600.00")
		move := f.hrev215Move(t, inv, d(3, 15))
		assert.Equal(t, inv.Lines[0].DueDate, move.Lines[0].DueDate)

		dun, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(6, 30)})
		require.NoError(t, err)
		var dunned []string
		for _, r := range dun.Rows {
			dunned = append(dunned, r.Partner)
		}
		assert.Equal(t, []string{"C2"}, dunned, "C1's debt is in litigation on 416000")

		pen, err := f.rec.LatePenalties(ctx, reconcile.PenaltyQuery{At: d(6, 30), Rate: apd.New(12, 0)})
		require.NoError(t, err)
		var owing []string
		for _, r := range pen.Rows {
			for _, it := range r.Items {
				owing = append(owing, it.Number)
			}
		}
		assert.Equal(t, []string{late.Name()}, owing, "no penalty on a moved debt, not even its days before the move")
		pen416, err := f.rec.LatePenalties(ctx, reconcile.PenaltyQuery{At: d(6, 30), Rate: apd.New(12, 0), Account: "416000"})
		require.NoError(t, err)
		assert.Empty(t, pen416.Rows)

		aged, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(6, 30), Partners: []string{"C1"}})
		require.NoError(t, err)
		require.Len(t, aged.Rows, 1)
		row := aged.Rows[0]
		assert.Equal(t, "416000 C1 1000.00", row.Account+" "+row.Partner+" "+row.Total.Plain())
		for i, b := range aged.Buckets {
			if b.From <= 141 && (b.To < 0 || 141 <= b.To) { // 2026-02-09 to 2026-06-30
				assert.Equal(t, "1000.00", row.Amounts[i].Plain(), b.Label)
			} else {
				assert.True(t, row.Amounts[i].IsZero(), b.Label)
			}
		}
	})
}
