package reconcile_test

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLabels runs a payment, a write-off and the unlettering that reverses
// it under the default (French) labels and under the English ones. A
// payment given no label is labelled with the partner's name (and the
// documents it pays, none here).
func TestLabels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		book     ledger.Labels
		rec      reconcile.Labels
		payment  string
		writeOff string
		reversal string
	}{
		{"default French", ledger.Labels{}, reconcile.Labels{}, "Règlement Partner C1", "Écart de règlement", "Extourne de OD/2026/00001"},
		{"English", ledger.EnglishLabels(), reconcile.EnglishLabels(), "Payment Partner C1", "Write-off", "Reversal of OD/2026/00001"},
		{"one label changed", ledger.Labels{Reversal: "Annulation de"}, reconcile.Labels{WriteOff: "Perte sur créance"},
			"Règlement Partner C1", "Perte sur créance", "Annulation de OD/2026/00001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
			b, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur, Labels: tt.book, Strict: true,
				Clock: func() time.Time { now = now.Add(time.Second); return now }})
			require.NoError(t, err)
			require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
			require.NoError(t, b.InstallFrenchChart(ctx))
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Partner C1"}))
			r, err := reconcile.New(ctx, b, reconcile.Config{Labels: tt.rec, Tolerance: []currency.Amount{e("0.05")}})
			require.NoError(t, err)
			f := &fixture{book: b, rec: r, now: &now}

			inv := f.invoice(t, "C1", d(3, 2), "100.00")
			pay := f.receive(t, "BQD", "C1", d(3, 20), "99.98")
			assert.Equal(t, tt.payment, pay.Label)
			assert.Equal(t, tt.payment, pay.Lines[0].Label)
			res, err := r.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(0)}, WriteOff: true})
			require.NoError(t, err)
			var wo journal.Entry
			for _, x := range res.Entries {
				if x.Type == journal.TypeWriteOff {
					wo = x
				}
			}
			require.Equal(t, journal.TypeWriteOff, wo.Type)
			assert.Equal(t, tt.writeOff, wo.Label)
			assert.Equal(t, tt.writeOff+" "+inv.Name(), wo.Lines[0].Label)

			res, err = r.Unletter(ctx, journal.NoID, inv.LineRef(0))
			require.NoError(t, err)
			var labels []string
			for _, x := range res.Entries {
				labels = append(labels, x.Label)
			}
			assert.Contains(t, labels, tt.reversal)
		})
	}
}

func TestLabelsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t, memstore.New())
	_, err := reconcile.New(ctx, f.book, reconcile.Config{Labels: reconcile.Labels{Payment: "Règlement\tclient"}})
	assert.ErrorIs(t, err, reconcile.ErrConfig)
	assert.ErrorIs(t, err, journal.ErrText)
	long := make([]byte, 200)
	for i := range long {
		long[i] = 'a'
	}
	_, err = reconcile.New(ctx, f.book, reconcile.Config{Labels: reconcile.Labels{Discount: string(long)}})
	assert.ErrorIs(t, err, reconcile.ErrConfig)

	_, err = ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur, Labels: ledger.Labels{Reversal: "a\nb"}})
	assert.ErrorIs(t, err, ledger.ErrOptions)
	assert.ErrorIs(t, err, journal.ErrText)
}

func TestLabelSetsComplete(t *testing.T) {
	t.Parallel()
	for _, set := range []reconcile.Labels{reconcile.FrenchLabels(), reconcile.EnglishLabels()} {
		for _, s := range []string{set.Payment, set.StatementLine, set.WriteOff, set.BankFees, set.ExchangeDifference,
			set.CurrencyRounding, set.CashBasis, set.CashBasisBase, set.Discount, set.Revaluation, set.Provision, set.Transfer} {
			assert.NotEmpty(t, s)
			assert.NoError(t, journal.CheckText("label", s))
		}
	}
	assert.Equal(t, "Extourne de", ledger.FrenchLabels().Reversal)
	assert.Equal(t, "Reversal of", ledger.EnglishLabels().Reversal)
}

func TestVATReportFrenchRates(t *testing.T) {
	t.Parallel()
	rep := reconcile.VATReport{From: d(3, 1), To: d(3, 31), Collected: e("7.60"), Deductible: e("0.00"),
		Lines: []reconcile.VATLine{
			{Account: "445710", Collected: true, Rate: tax.MustParsePercent("5.5"), Base: e("100.00"), Tax: e("5.50")},
			{Account: "445710", Collected: true, Rate: tax.MustParsePercent("2.1"), Exigibility: tax.OnPayment, Base: e("99.99"), Tax: e("2.10")},
		}}
	s := rep.String()
	assert.Contains(t, s, "  445710 collectée    5,5\u00a0% sur débits ")
	assert.Contains(t, s, "  445710 collectée    2,1\u00a0% sur encaissements ")
	assert.NotContains(t, s, "5.5")
}
