package ledger

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseAccountKind(t *testing.T) {
	for in, want := range map[string]AccountKind{
		"receivable": KindReceivable, "Client": KindReceivable, "FOURNISSEUR": KindPayable, "Banque": KindBank,
		"TVA": KindTax, "charge": KindExpense, "Produits": KindIncome, "Escompte accordé": KindDiscountGranted,
		"compte d'attente": KindSuspense, "write off loss": KindWriteOffLoss, "tax_transition": KindTaxTransition,
		"  caisse ": KindCash, "Capitaux propres": KindEquity, "other": KindOther,
	} {
		k, ok := ParseAccountKind(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, k, in)
	}
	for _, in := range []string{"", "coffre", "AccountKind(99)", "client fidèle"} {
		_, ok := ParseAccountKind(in)
		assert.False(t, ok, in)
	}
	for k := range accountKindEnd {
		got, ok := ParseAccountKind(k.String())
		assert.True(t, ok)
		assert.Equal(t, k, got)
	}
}

func TestInstallChartList(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b, err := Create(ctx, s.Open(t), Options{Currency: eur, Clock: fixedClock(), Strict: true})
			require.NoError(t, err)
			require.NoError(t, b.InstallChart(ctx, []Account{NewAccount("411000", "Clients", KindReceivable)}))
			before := dump(t, b.st)
			err = b.InstallChart(ctx, []Account{NewAccount("654000", "Pertes", KindExpense), NewAccount("654000", "Pertes bis", KindExpense)})
			var ce *ChartError
			require.True(t, errors.As(err, &ce))
			assert.ErrorIs(t, err, ErrDuplicate)
			assert.Equal(t, 2, ce.Line, "the position in the list")
			assert.Equal(t, before, dump(t, b.st))
			err = b.InstallChart(ctx, []Account{{Code: "411DURAND", Name: "Durand", Active: true}})
			assert.ErrorIs(t, err, ErrAuxiliaryCode)
			assert.Equal(t, before, dump(t, b.st))
		})
	}
}
