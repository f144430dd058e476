package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every refused request returns its typed error and leaves the store
// byte-identical (checked on boltstore).
func TestBadInput(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		inv2 := f.invoice(t, "C2", d(3, 1), "100.00")
		pay := f.receive(t, "BQD", "C1", d(3, 2), "40.00")
		paid := f.invoice(t, "C1", d(3, 1), "10.00")
		full := f.receive(t, "BQD", "C1", d(3, 2), "10.00", paid)
		bill := f.bill(t, "S1", d(3, 1), "50.00")
		stmtRes, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 3), Amount: e("10.00")})
		require.NoError(t, err)
		stmt := stmtRes.Entries[0]
		other := f.invoice(t, "C1", d(3, 1), "10.00")
		note := f.creditNote(t, "C1", d(3, 1), "10.00")
		sale := journal.LineRef{Entry: inv.ID, Index: 1} // 706000, not reconcilable
		unknown := journal.LineRef{Entry: journal.NewID()}
		lines := func(refs ...journal.LineRef) reconcile.Request { return reconcile.Request{Lines: refs} }
		usd := currency.MustLookup("USD")

		cases := []struct {
			name string
			run  func() error
			want error
		}{
			{"different accounts", func() error {
				_, err := f.rec.Reconcile(ctx, lines(inv.LineRef(0), bill.LineRef(0)))
				return err
			}, reconcile.ErrAccount},
			{"different partners on 411000", func() error {
				_, err := f.rec.Reconcile(ctx, lines(inv2.LineRef(0), pay.LineRef(0)))
				return err
			}, reconcile.ErrPartner},
			{"non-reconcilable account", func() error {
				_, err := f.rec.Reconcile(ctx, lines(sale, pay.LineRef(0)))
				return err
			}, reconcile.ErrNotReconcilable},
			{"unposted line", func() error {
				_, err := f.rec.Reconcile(ctx, lines(unknown, pay.LineRef(0)))
				return err
			}, reconcile.ErrNotPosted},
			{"line index out of range", func() error {
				_, err := f.rec.Reconcile(ctx, lines(journal.LineRef{Entry: inv.ID, Index: 9}, pay.LineRef(0)))
				return err
			}, reconcile.ErrNotPosted},
			{"line already in a match", func() error {
				_, err := f.rec.Reconcile(ctx, lines(paid.LineRef(0), pay.LineRef(0)))
				return err
			}, reconcile.ErrMatched},
			{"line named twice", func() error {
				_, err := f.rec.Reconcile(ctx, lines(inv.LineRef(0), inv.LineRef(0)))
				return err
			}, reconcile.ErrDuplicateLine},
			{"two debits", func() error {
				_, err := f.rec.Reconcile(ctx, lines(inv.LineRef(0), other.LineRef(0)))
				return err
			}, reconcile.ErrNothingToLetter},
			{"allocating more than a residual", func() error {
				_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(0)}, Limit: e("40.01")})
				return err
			}, reconcile.ErrOverAllocation},
			{"limit not positive", func() error {
				_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(0)}, Limit: e("0.00")})
				return err
			}, reconcile.ErrAmount},
			{"write-off over tolerance", func() error {
				_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(0)}, WriteOff: true})
				return err
			}, reconcile.ErrTolerance},
			{"unlettering a line that is not lettered", func() error {
				_, err := f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
				return err
			}, reconcile.ErrNotLettered},
			{"unknown letter code", func() error {
				_, err := f.rec.UnletterCode(ctx, journal.NoID, "411000", "C1", "ZZZ")
				return err
			}, reconcile.ErrNotFound},
			{"payment amount zero", func() error {
				_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
					Date: d(3, 5), Amount: e("0.00"), Method: reconcile.MethodCash})
				return err
			}, reconcile.ErrAmount},
			{"payment amount negative", func() error {
				_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
					Date: d(3, 5), Amount: e("-5.00"), Method: reconcile.MethodCash})
				return err
			}, reconcile.ErrAmount},
			{"foreign payment without a rate", func() error {
				_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
					Date: d(3, 5), Amount: currency.MustParse(usd, "5.00"), Method: reconcile.MethodCash})
				return err
			}, ledger.ErrNoRate},
			{"company amount of a company-currency payment", func() error {
				_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
					Date: d(3, 5), Amount: e("5.00"), CompanyAmount: e("5.00"), Method: reconcile.MethodCash})
				return err
			}, reconcile.ErrAmount},
			{"payment without direction", func() error {
				_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Partner: "C1", Journal: "BQD", Date: d(3, 5), Amount: e("5.00"), Method: reconcile.MethodCash})
				return err
			}, reconcile.ErrDirection},
			{"payment through a sales journal", func() error {
				_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "VT",
					Date: d(3, 5), Amount: e("5.00"), Method: reconcile.MethodCash})
				return err
			}, reconcile.ErrJournal},
			{"paying another partner's invoice", func() error {
				_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
					Date: d(3, 5), Amount: e("5.00"), Method: reconcile.MethodCash, Invoices: []journal.ID{inv2.ID}})
				return err
			}, reconcile.ErrPartner},
			{"paying an unknown partner", func() error {
				_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "NOBODY", Journal: "BQD",
					Date: d(3, 5), Amount: e("5.00"), Method: reconcile.MethodCash})
				return err
			}, ledger.ErrUnknownPartner},
			{"clearing with a payment that is not on the outstanding account", func() error {
				_, err := f.rec.Clear(ctx, reconcile.Clearing{Statement: stmt.ID, Payments: []journal.ID{full.ID}})
				return err
			}, reconcile.ErrAccount},
			{"clearing with an invoice", func() error {
				_, err := f.rec.Clear(ctx, reconcile.Clearing{Statement: stmt.ID, Payments: []journal.ID{inv.ID}})
				return err
			}, reconcile.ErrNotDocument},
			{"mark paid with a zero residual", func() error {
				_, err := f.rec.MarkPaid(ctx, reconcile.MarkPaid{Document: paid.ID, By: "anne"})
				return err
			}, reconcile.ErrMarkPaid},
			{"reversing a lettered entry", func() error {
				_, err := f.book.Reverse(ctx, full.ID, ledger.ReverseOptions{})
				return err
			}, ledger.ErrLettered},
			{"an agreed rate with no foreign side", func() error {
				_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
					Date: d(3, 5), Amount: e("10.00"), Method: reconcile.MethodCash, Invoices: []journal.ID{inv.ID},
					AgreedRate: currency.MustParseRate("1.2")})
				return err
			}, reconcile.ErrAmount},
			{"an agreed rate on lines all in the company currency", func() error {
				req := lines(inv.LineRef(0), pay.LineRef(0))
				req.AgreedRate = currency.MustParseRate("1.2")
				return func() error { _, err := f.rec.Reconcile(ctx, req); return err }()
			}, reconcile.ErrAmount},
			{"a refund larger than the credit note owes", func() error {
				_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C1", Journal: "BQD",
					Date: d(3, 5), Amount: e("10.01"), Method: reconcile.MethodCash, Invoices: []journal.ID{note.ID}})
				return err
			}, reconcile.ErrOverAllocation},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := f.snapshot(t)
				assert.ErrorIs(t, c.run(), c.want)
				f.unchanged(t, before)
			})
		}
		f.check(t)
	})
}

// The same operation id replays; with other content it conflicts.
func TestIdempotentOperations(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		op := journal.NewID()
		pay := reconcile.Payment{Operation: op, Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 5),
			Amount: e("60.00"), Method: reconcile.MethodCard, Invoices: []journal.ID{inv.ID}}
		first, err := f.rec.RegisterPayment(ctx, pay)
		require.NoError(t, err)
		assert.False(t, first.Replay)
		again, err := f.rec.RegisterPayment(ctx, pay)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, first.Entries[0].ID, again.Entries[0].ID)
		assert.Equal(t, first.Partials[0].ID, again.Partials[0].ID)
		assert.Equal(t, "40.00", f.residual(t, inv.LineRef(0)).Plain(), "a retry allocates nothing twice")

		before := f.snapshot(t)
		pay.Amount = e("61.00")
		_, err = f.rec.RegisterPayment(ctx, pay)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)

		// Another kind of operation under the same id conflicts too.
		_, err = f.rec.Detach(ctx, op, first.Entries[0].LineRef(0))
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)

		undo := journal.NewID()
		d1, err := f.rec.Detach(ctx, undo, first.Entries[0].LineRef(0))
		require.NoError(t, err)
		d2, err := f.rec.Detach(ctx, undo, first.Entries[0].LineRef(0))
		require.NoError(t, err)
		assert.True(t, d2.Replay)
		assert.Equal(t, d1.UndonePartial[0].ID, d2.UndonePartial[0].ID)
		f.check(t)
	})
}

func TestNewRefusesBadConfig(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	_, err := reconcile.New(ctx, f.book, reconcile.Config{WriteOffLoss: "999999"})
	assert.ErrorIs(t, err, reconcile.ErrConfig)
	_, err = reconcile.New(ctx, f.book, reconcile.Config{WriteOffJournal: "XX"})
	assert.ErrorIs(t, err, reconcile.ErrConfig)
	_, err = reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("-0.01")}})
	assert.ErrorIs(t, err, reconcile.ErrConfig)
}

// A rate must be positive: the zero Rate is refused, and ParseRate refuses
// zero and negative text.
func TestRatesMustBePositive(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	assert.ErrorIs(t, f.book.SetRate(ctx, usd, d(3, 1), currency.Rate{}), currency.ErrRateNotPositive)
	for _, s := range []string{"0", "-1.2"} {
		_, err := currency.ParseRate(s)
		assert.ErrorIs(t, err, currency.ErrRateNotPositive, s)
	}
}
