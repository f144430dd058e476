package reconcile_test

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAuxiliaryAccountLettering letters an invoice and its payment on an
// auxiliary customer account (411MARTIN) on both stores.
func TestAuxiliaryAccountLettering(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
			b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: eur, Strict: true, AuxiliaryCodes: true,
				Clock: func() time.Time { now = now.Add(time.Second); return now }})
			require.NoError(t, err)
			require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
			require.NoError(t, b.InstallFrenchChart(ctx))
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "MARTIN", Name: "Boulangerie Martin"}))
			require.NoError(t, b.AddAccount(ctx, ledger.Account{Code: "411MARTIN", Name: "Boulangerie Martin", Active: true}))
			r, err := reconcile.New(ctx, b, reconcile.Config{})
			require.NoError(t, err)
			f := &fixture{book: b, rec: r, now: &now}

			inv := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 2), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411MARTIN", Partner: "MARTIN", Balance: e("300.00"), DueDate: d(4, 1)},
				{Account: "706000", Balance: e("-300.00")},
			}})
			pay := f.receive(t, "BQD", "MARTIN", d(3, 20), "300.00", inv)
			assert.Equal(t, "411MARTIN", pay.Lines[0].Account, "the payment follows its invoice's account")
			assert.Equal(t, "Règlement Boulangerie Martin VT/2026/00001", pay.Label)
			assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
			code, provisional, err := r.Code(ctx, inv.LineRef(0))
			require.NoError(t, err)
			assert.Equal(t, "AAA", code)
			assert.False(t, provisional)
			require.NoError(t, b.Check(ctx))
		})
	}
}
