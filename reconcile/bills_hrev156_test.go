package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev156Line finds the line of x on account.
func hrev156Line(t *testing.T, x journal.Entry, account string) journal.Line {
	t.Helper()
	for _, l := range x.Lines {
		if l.Account == account {
			return l
		}
	}
	t.Fatalf("no line on %s in %s", account, x.Name())
	return journal.Line{}
}

// An LCR of 1 200.00 drawn on a 1 200.00 invoice of C1 on 10 March, due
// 30 April: Dr 413000 1 200.00 (due 30/04) / Cr 411000 1 200.00, lettered
// with the invoice (match AAA on 411000/C1); the invoice waits
// (in_payment) until the bank collects the bill; a statement line on 30
// April pays the bill; the invoice is then paid. Replays are idempotent.
func TestHrev156DrawBillThenCollect(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "1200.00")
		op := journal.NewID()
		b := reconcile.Bill{Operation: op, Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-1"}
		res, err := f.rec.DrawBill(ctx, b)
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		bill := res.Entries[0]
		assert.Equal(t, d(3, 10), bill.Date)
		l413 := hrev156Line(t, bill, "413000")
		assert.Equal(t, "1200.00", l413.Balance.Plain())
		assert.Equal(t, "C1", l413.Partner)
		assert.Equal(t, d(4, 30), l413.DueDate)
		assert.Equal(t, "-1200.00", hrev156Line(t, bill, "411000").Balance.Plain())
		assert.Equal(t, "0.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, "AAA", f.code(t, inv.LineRef(0)))
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State, "the bill is not collected yet")
		assert.Equal(t, "1200.00", f.balance(t, "413000"))
		f.check(t)

		// Replay: same op, same content.
		again, err := f.rec.DrawBill(ctx, b)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, bill.ID, again.Entries[0].ID)
		assert.Equal(t, "1200.00", f.balance(t, "413000"))

		// Same op, other content: conflict, nothing written.
		before := f.snapshot(t)
		b2 := b
		b2.Ref = "LCR-2"
		_, err = f.rec.DrawBill(ctx, b2)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)

		// Collection at maturity.
		f.collect(t, bill, d(4, 30), "1200.00")
		assert.Equal(t, "0.00", f.residual(t, bill.LineRef(1)).Plain())
		assert.Equal(t, "0.00", f.balance(t, "413000"))
		assert.Equal(t, "1200.00", f.balance(t, "512000"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)
	})
}

// Bad input to DrawBill: another partner's invoice, an unknown invoice, a
// maturity before the date, no invoices, a settled invoice, an unknown
// direction: each a typed error, nothing written.
func TestHrev156DrawBillBadInput(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "1200.00")
		other := f.invoice(t, "C2", d(3, 1), "300.00")
		paid := f.invoice(t, "C1", d(3, 2), "100.00")
		f.receive(t, "BQD", "C1", d(3, 3), "100.00", paid)
		base := reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-1"}
		cases := []struct {
			name string
			mod  func(b *reconcile.Bill)
			want error
		}{
			{"other partner", func(b *reconcile.Bill) { b.Invoices = []journal.ID{other.ID} }, reconcile.ErrPartner},
			{"mixed partners", func(b *reconcile.Bill) { b.Invoices = []journal.ID{inv.ID, other.ID} }, reconcile.ErrPartner},
			{"maturity before", func(b *reconcile.Bill) { b.DueDate = d(3, 9) }, reconcile.ErrAmount},
			{"no maturity", func(b *reconcile.Bill) { b.DueDate = journal.Date{} }, reconcile.ErrAmount},
			{"no invoices", func(b *reconcile.Bill) { b.Invoices = nil }, reconcile.ErrNotDocument},
			{"settled", func(b *reconcile.Bill) { b.Invoices = []journal.ID{paid.ID} }, reconcile.ErrMatched},
			{"direction", func(b *reconcile.Bill) { b.Direction = 9 }, reconcile.ErrDirection},
			{"unknown partner", func(b *reconcile.Bill) { b.Partner = "ZZ" }, ledger.ErrUnknownPartner},
			{"twice", func(b *reconcile.Bill) { b.Invoices = []journal.ID{inv.ID, inv.ID} }, reconcile.ErrDuplicateLine},
		}
		for _, c := range cases {
			b := base
			c.mod(&b)
			before := f.snapshot(t)
			_, err := f.rec.DrawBill(ctx, b)
			assert.ErrorIs(t, err, c.want, c.name)
			f.unchanged(t, before)
		}
		// Unknown invoice id: refused, nothing written.
		b := base
		b.Invoices = []journal.ID{journal.NewID()}
		before := f.snapshot(t)
		_, err := f.rec.DrawBill(ctx, b)
		assert.Error(t, err)
		assert.ErrorIs(t, err, reconcile.ErrNotPosted)
		f.unchanged(t, before)
		f.check(t)
	})
}

// A BOR of 800.00 to supplier S1, domiciled at BQD: Dr 401000 800.00 /
// Cr 403000 800.00 (due 31 May), then paid by a BQD statement line of
// -800.00 on 31 May.
func TestHrev156DrawBORThenPay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		bl := f.bill(t, "S1", d(4, 1), "800.00")
		res, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Outbound, Partner: "S1", Journal: "OD", Date: d(4, 5),
			DueDate: d(5, 31), Invoices: []journal.ID{bl.ID}, Ref: "BOR-7", Bank: "BQD"})
		require.NoError(t, err)
		bor := res.Entries[0]
		assert.Equal(t, "800.00", hrev156Line(t, bor, "401000").Balance.Plain())
		assert.Equal(t, "-800.00", hrev156Line(t, bor, "403000").Balance.Plain())
		assert.Equal(t, d(5, 31), hrev156Line(t, bor, "403000").DueDate)
		assert.Equal(t, "0.00", f.residual(t, bl.LineRef(0)).Plain())
		assert.Equal(t, reconcile.InPayment, f.state(t, bl).State)
		_, err = f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(5, 31), Amount: e("-800.00"),
			Partner: "S1", Invoices: []journal.ID{bor.ID}, Ref: "BOR-7"})
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.balance(t, "403000"))
		assert.Equal(t, "-800.00", f.balance(t, "512000"))
		assert.Equal(t, reconcile.Paid, f.state(t, bl).State)
		f.check(t)
		// A BOR without its bank: ErrConfig, nothing written.
		bl2 := f.bill(t, "S1", d(4, 2), "50.00")
		before := f.snapshot(t)
		_, err = f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Outbound, Partner: "S1", Journal: "OD", Date: d(4, 5),
			DueDate: d(5, 31), Invoices: []journal.ID{bl2.ID}, Ref: "BOR-8"})
		assert.ErrorIs(t, err, reconcile.ErrConfig)
		f.unchanged(t, before)
	})
}
