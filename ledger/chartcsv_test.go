package ledger

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadChartCSVFile(t *testing.T) {
	f, err := os.Open("testdata/chart.csv")
	require.NoError(t, err)
	defer f.Close()
	accounts, err := ReadChartCSV(f)
	require.NoError(t, err)
	require.Len(t, accounts, 32)
	want := map[string]AccountKind{
		"101000": KindEquity, "106100": KindEquity, "164000": KindOther, "218300": KindOther,
		"401000": KindPayable, "404000": KindPayable, "411000": KindReceivable, "416000": KindReceivable,
		"419100": KindCustomerAdvance, "431000": KindOther, "445660": KindTax, "445640": KindTaxTransition,
		"445740": KindTaxTransition, "471000": KindSuspense, "512000": KindBank, "512100": KindOutstandingReceipts,
		"512200": KindOutstandingPayments, "530000": KindCash, "580000": KindInternalTransfer, "606400": KindExpense,
		"627000": KindExpense, "641000": KindExpense, "656000": KindExchangeLoss, "665000": KindDiscountGranted,
		"706000": KindIncome, "756000": KindExchangeGain, "765000": KindDiscountObtained,
	}
	for _, a := range accounts {
		if k, ok := want[a.Code]; ok {
			assert.Equal(t, k, a.Kind, a.Code)
		}
		assert.Equal(t, a.Kind.ReconcilableByDefault(), a.Reconcilable, a.Code)
		assert.True(t, a.Active)
	}
	assert.Equal(t, "Résultat de l'exercice (bénéfice)", accounts[2].Name)
}

func TestReadChartCSVForms(t *testing.T) {
	tests := []struct {
		name, in string
		codes    []string
		kinds    []AccountKind
	}{
		{"semicolons, no header", "411000;Clients;client\n401000;Fournisseurs;fournisseur\n",
			[]string{"411000", "401000"}, []AccountKind{KindReceivable, KindPayable}},
		{"commas, header in another order", "kind,code,name\nbank,512000,Banque\n,706000,\"Ventes, services\"\n",
			[]string{"512000", "706000"}, []AccountKind{KindBank, KindIncome}},
		{"two columns, kinds from the class", "\ufeff411000;Clients\r\n607000;Achats\r\n445710;TVA collectée\r\n",
			[]string{"411000", "607000", "445710"}, []AccountKind{KindReceivable, KindExpense, KindTax}},
		{"semicolon wins a tie, names with commas", "411000;Clients, France;Client\n",
			[]string{"411000"}, []AccountKind{KindReceivable}},
		{"String values and spaces", "476000;Écart actif;unrealised fx asset\n477000;Écart passif;Unrealised-FX-Liability\n",
			[]string{"476000", "477000"}, []AccountKind{KindUnrealisedFXAsset, KindUnrealisedFXLiability}},
		{"auxiliary codes are read", "411MARTIN;Boulangerie Martin;\n", []string{"411MARTIN"}, []AccountKind{KindReceivable}},
		{"empty", "", nil, nil},
		{"header only", "code;name;kind\n", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			accounts, err := ReadChartCSV(strings.NewReader(tt.in))
			require.NoError(t, err)
			require.Len(t, accounts, len(tt.codes))
			for i, a := range accounts {
				assert.Equal(t, tt.codes[i], a.Code)
				assert.Equal(t, tt.kinds[i], a.Kind, a.Code)
			}
		})
	}
}

func TestReadChartCSVErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		err      error
	}{
		{"bad code", "411000;Clients;client\n41A;Mauvais;client\n", 2, ErrAccountCode},
		{"unknown kind", "code;name;kind\n411000;Clients;client\n512000;Banque;coffre-fort\n", 3, ErrKind},
		{"duplicate", "411000;Clients\n# comment\n411000;Clients bis\n", 3, ErrDuplicate},
		{"no name", "411000;;client\n", 1, ErrChartCSV},
		{"control character in name", "411000;Cli\x01ents;client\n", 1, journal.ErrText},
		{"column count changes", "411000;Clients;client\n401000;Fournisseurs;fournisseur;extra\n", 2, ErrChartCSV},
		{"one column", "411000\n", 1, ErrChartCSV},
		{"four columns", "411000;a;b;c\n", 1, ErrChartCSV},
		{"unknown header", "code;name;colour\n", 1, ErrChartCSV},
		{"header without a name", "code;kind\n411000;client\n", 1, ErrChartCSV},
		{"bad quote", "411000;\"Clients;client\n", 1, ErrChartCSV},
		{"code too long", "4110000000000;Clients;client\n", 1, ErrAccountCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			accounts, err := ReadChartCSV(strings.NewReader(tt.in))
			assert.Nil(t, accounts)
			var ce *ChartError
			require.True(t, errors.As(err, &ce), "%v", err)
			assert.Equal(t, tt.line, ce.Line)
			assert.ErrorIs(t, err, tt.err)
			assert.Contains(t, err.Error(), "line")
		})
	}
	_, err := ReadChartCSV(strings.NewReader(strings.Repeat("#", chartBytesMax+1)))
	assert.ErrorIs(t, err, ErrChartCSV)
}

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

func TestInstallChart(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b, err := Create(ctx, s.Open(t), Options{Currency: eur, Clock: fixedClock(), Strict: true})
			require.NoError(t, err)
			f, err := os.Open("testdata/chart.csv")
			require.NoError(t, err)
			defer f.Close()
			require.NoError(t, b.InstallChartCSV(ctx, f))
			list, err := b.Accounts(ctx)
			require.NoError(t, err)
			assert.Len(t, list, 32)
			a, err := b.Account(ctx, "419100")
			require.NoError(t, err)
			assert.Equal(t, KindCustomerAdvance, a.Kind)
			assert.True(t, a.Reconcilable)

			// A second chart naming an existing account installs nothing.
			before := dump(t, b.st)
			err = b.InstallChartCSV(ctx, strings.NewReader("code;name\n654000;Pertes sur créances\n411000;Clients\n"))
			var ce *ChartError
			require.True(t, errors.As(err, &ce), "%v", err)
			assert.ErrorIs(t, err, ErrDuplicate)
			assert.Equal(t, 3, ce.Line, "the file's line")
			assert.Equal(t, "411000", ce.Code)
			assert.Equal(t, before, dump(t, b.st))

			err = b.InstallChart(ctx, []Account{NewAccount("654000", "Pertes", KindExpense), NewAccount("654000", "Pertes bis", KindExpense)})
			require.True(t, errors.As(err, &ce))
			assert.ErrorIs(t, err, ErrDuplicate)
			assert.Equal(t, 2, ce.Line, "the position in the list")
			assert.Equal(t, before, dump(t, b.st))
		})
	}
}

func TestInstallChartAuxiliary(t *testing.T) {
	csv := "411MARTIN;Boulangerie Martin;\n401DUPONT2;Dupont;\n706000;Prestations;produit\n"
	b, err := Create(ctx, memstore.New(), Options{Currency: eur, Clock: fixedClock()})
	require.NoError(t, err)
	err = b.InstallChartCSV(ctx, strings.NewReader(csv))
	assert.ErrorIs(t, err, ErrAuxiliaryCode)
	var ce *ChartError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, 1, ce.Line)
	list, err := b.Accounts(ctx)
	require.NoError(t, err)
	assert.Empty(t, list, "nothing installed")

	b, err = Create(ctx, memstore.New(), Options{Currency: eur, Clock: fixedClock(), AuxiliaryCodes: true})
	require.NoError(t, err)
	require.NoError(t, b.InstallChartCSV(ctx, strings.NewReader(csv)))
	a, err := b.Account(ctx, "401DUPONT2")
	require.NoError(t, err)
	assert.Equal(t, KindPayable, a.Kind)
	require.NoError(t, b.InstallChart(ctx, []Account{{Code: "411DURAND", Name: "Durand", Active: true}}))
	a, err = b.Account(ctx, "411DURAND")
	require.NoError(t, err)
	assert.Equal(t, KindReceivable, a.Kind, "KindOther takes the class's kind")
}
