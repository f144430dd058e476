package reconcile_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every text a lettering request stores — payment and statement line refs
// and labels, a paid mark's author and reason —, with invalid UTF-8 or a
// control character, is refused with a *journal.TextError at the entry
// point, and the store stays byte-identical (checked on boltstore).
func TestBadTextRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		marked := f.invoice(t, "C1", d(3, 1), "50.00")
		_, err := f.rec.MarkPaid(ctx, reconcile.MarkPaid{Document: marked.ID, By: "anne", Reason: "paid in cash"})
		require.NoError(t, err)
		payment := func(edit func(p *reconcile.Payment, s string)) func(s string) error {
			return func(s string) error {
				p := reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 5),
					Amount: e("10.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}}
				edit(&p, s)
				_, err := f.rec.RegisterPayment(ctx, p)
				return err
			}
		}
		statement := func(edit func(l *reconcile.StatementLine, s string)) func(s string) error {
			return func(s string) error {
				l := reconcile.StatementLine{Journal: "BQ", Date: d(3, 5), Amount: e("10.00")}
				edit(&l, s)
				_, err := f.rec.PostStatementLine(ctx, l)
				return err
			}
		}
		calls := []struct {
			field string
			call  func(s string) error
		}{
			{"payment ref", payment(func(p *reconcile.Payment, s string) { p.Ref = s })},
			{"payment label", payment(func(p *reconcile.Payment, s string) { p.Label = s })},
			{"statement line ref", statement(func(l *reconcile.StatementLine, s string) { l.Ref = s })},
			{"statement line label", statement(func(l *reconcile.StatementLine, s string) { l.Label = s })},
			{"mark-paid by", func(s string) error {
				_, err := f.rec.MarkPaid(ctx, reconcile.MarkPaid{Document: inv.ID, By: s, Reason: "ok"})
				return err
			}},
			{"mark-paid reason", func(s string) error {
				_, err := f.rec.MarkPaid(ctx, reconcile.MarkPaid{Document: inv.ID, By: "anne", Reason: s})
				return err
			}},
			{"unmark-paid reason", func(s string) error {
				_, err := f.rec.UnmarkPaid(ctx, reconcile.MarkPaid{Document: marked.ID, By: "anne", Reason: s})
				return err
			}},
		}
		for _, c := range calls {
			for _, bad := range []struct{ name, text string }{{"invalid UTF-8", "r\xe9gl\xe9"}, {"control character", "a\x1bb"}, {"tab", "a\tb"}} {
				t.Run(c.field+"/"+bad.name, func(t *testing.T) {
					before := f.snapshot(t)
					err := c.call(bad.text)
					assert.ErrorIs(t, err, journal.ErrText)
					var te *journal.TextError
					if assert.ErrorAs(t, err, &te) {
						assert.Equal(t, strings.TrimPrefix(c.field, "un"), te.Field)
					}
					f.unchanged(t, before)
				})
			}
		}
		st := f.state(t, marked)
		require.NotNil(t, st.Mark)
		assert.Equal(t, "paid in cash", st.Mark.Reason)
		f.receive(t, "BQD", "C1", d(3, 6), "100.00", inv)
		f.check(t)
	})
}
