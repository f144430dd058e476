package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// Each error RegisterPayment's godoc lists comes back for the input it
// describes, and writes nothing.
func TestHrev161RegisterPaymentDocumentedErrors(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		other := f.invoice(t, "C2", d(3, 1), "100.00")
		doubtful := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "416000", Partner: "C1", Balance: e("30.00")},
			{Account: "706000", Balance: e("-30.00")},
		}})
		avoir := f.creditNote(t, "C1", d(3, 1), "20.00")
		paid := f.invoice(t, "C1", d(3, 1), "10.00")
		f.receive(t, "BQD", "C1", d(3, 2), "10.00", paid)
		settled := f.invoice(t, "C1", d(3, 1), "40.00")
		f.receive(t, "BQD", "C1", d(3, 2), "60.00", settled) // 20.00 left on the receipt: no full match
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 3),
			Amount: e("20.00"), Method: reconcile.MethodCheque, Cheque: &reconcile.Cheque{Number: "1234567"}})
		require.NoError(t, err)
		op := journal.NewID()
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Operation: op, Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 3), Amount: e("1.00"), Method: reconcile.MethodTransfer})
		require.NoError(t, err)

		ids := func(es ...journal.Entry) []journal.ID {
			var out []journal.ID
			for _, x := range es {
				out = append(out, x.ID)
			}
			return out
		}
		for _, c := range []struct {
			name     string
			want     error
			contains string
			mod      func(p *reconcile.Payment)
		}{
			{"unknown method", reconcile.ErrDirection, "", func(p *reconcile.Payment) { p.Method = 99 }},
			{"amount negative", reconcile.ErrAmount, "-5.00", func(p *reconcile.Payment) { p.Amount = e("-5.00") }},
			{"discount without invoice", reconcile.ErrDiscount, "", func(p *reconcile.Payment) { p.EarlyDiscount = true }},
			{"sales journal", reconcile.ErrJournal, "VT", func(p *reconcile.Payment) { p.Journal = "VT" }},
			{"unknown journal", ledger.ErrUnknownJournal, "ZZ", func(p *reconcile.Payment) { p.Journal = "ZZ" }},
			{"unknown invoice", reconcile.ErrNotPosted, "", func(p *reconcile.Payment) { p.Invoices = []journal.ID{journal.NewID()} }},
			{"invoice refunded", reconcile.ErrNotDocument, "VT/2026/00001", func(p *reconcile.Payment) {
				p.Direction = reconcile.Outbound
				p.Invoices = ids(inv)
			}},
			{"document named twice", reconcile.ErrDuplicateLine, "named twice", func(p *reconcile.Payment) { p.Invoices = ids(inv, inv) }},
			{"another partner's invoice", reconcile.ErrPartner, "C2", func(p *reconcile.Payment) { p.Invoices = ids(other) }},
			{"two receivable accounts", reconcile.ErrAccount, "416000", func(p *reconcile.Payment) { p.Invoices = ids(inv, doubtful) }},
			{"cheque again", reconcile.ErrDuplicateCheque, "1234567", func(p *reconcile.Payment) {
				p.Method = reconcile.MethodCheque
				p.Cheque = &reconcile.Cheque{Number: "1234567"}
			}},
			{"paid invoice", reconcile.ErrMatched, "", func(p *reconcile.Payment) { p.Invoices = ids(paid) }},
			{"settled invoice", reconcile.ErrSettled, "", func(p *reconcile.Payment) { p.Invoices = ids(settled) }},
			{"refund above the credit note", reconcile.ErrOverAllocation, "", func(p *reconcile.Payment) {
				p.Direction = reconcile.Outbound
				p.Amount = e("50.00")
				p.Invoices = ids(avoir)
			}},
			{"unknown partner", ledger.ErrUnknownPartner, "ZZ", func(p *reconcile.Payment) { p.Partner = "ZZ" }},
			{"no fiscal year", ledger.ErrNoFiscalYear, "", func(p *reconcile.Payment) { p.Date = journal.MustDate(2030, 1, 1) }},
			{"too many invoices", reconcile.ErrTooManyLines, "1001", func(p *reconcile.Payment) {
				for range reconcile.RequestLinesMax + 1 {
					p.Invoices = append(p.Invoices, journal.NewID())
				}
			}},
			{"operation reused", reconcile.ErrIdempotencyConflict, "", func(p *reconcile.Payment) { p.Operation = op }},
		} {
			t.Run(c.name, func(t *testing.T) {
				hrev158Refused(t, f, c.want, c.contains, func() error {
					p := reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 5), Amount: e("5.00"),
						Method: reconcile.MethodTransfer}
					c.mod(&p)
					_, err := f.rec.RegisterPayment(ctx, p)
					return err
				})
			})
		}
		t.Run("bad ref", func(t *testing.T) {
			before := f.snapshot(t)
			_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 5),
				Amount: e("5.00"), Method: reconcile.MethodTransfer, Ref: "bad\x01ref"})
			var te *journal.TextError
			require.ErrorAs(t, err, &te)
			f.unchanged(t, before)
		})
		f.check(t)
	})
}
