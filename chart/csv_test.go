package chart_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/chart"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/store/storetest"
)

var (
	ctx = context.Background()
	eur = currency.MustLookup("EUR")
)

func TestReadCSVFile(t *testing.T) {
	f, err := os.Open("testdata/chart.csv")
	require.NoError(t, err)
	defer f.Close()
	accounts, err := chart.ReadCSV(f)
	require.NoError(t, err)
	require.Len(t, accounts, 32)
	want := map[string]ledger.AccountKind{
		"101000": ledger.KindEquity, "106100": ledger.KindEquity, "164000": ledger.KindOther, "218300": ledger.KindOther,
		"401000": ledger.KindPayable, "404000": ledger.KindPayable, "411000": ledger.KindReceivable, "416000": ledger.KindReceivable,
		"419100": ledger.KindCustomerAdvance, "431000": ledger.KindOther, "445660": ledger.KindTax, "445640": ledger.KindTaxTransition,
		"445740": ledger.KindTaxTransition, "471000": ledger.KindSuspense, "512000": ledger.KindBank, "512100": ledger.KindOutstandingReceipts,
		"512200": ledger.KindOutstandingPayments, "530000": ledger.KindCash, "580000": ledger.KindInternalTransfer, "606400": ledger.KindExpense,
		"627000": ledger.KindExpense, "641000": ledger.KindExpense, "656000": ledger.KindExchangeLoss, "665000": ledger.KindDiscountGranted,
		"706000": ledger.KindIncome, "756000": ledger.KindExchangeGain, "765000": ledger.KindDiscountObtained,
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

func TestReadCSVForms(t *testing.T) {
	tests := []struct {
		name, in string
		codes    []string
		kinds    []ledger.AccountKind
	}{
		{"semicolons, no header", "411000;Clients;client\n401000;Fournisseurs;fournisseur\n",
			[]string{"411000", "401000"}, []ledger.AccountKind{ledger.KindReceivable, ledger.KindPayable}},
		{"commas, header in another order", "kind,code,name\nbank,512000,Banque\n,706000,\"Ventes, services\"\n",
			[]string{"512000", "706000"}, []ledger.AccountKind{ledger.KindBank, ledger.KindIncome}},
		{"two columns, kinds from the class", "\ufeff411000;Clients\r\n607000;Achats\r\n445710;TVA collectée\r\n",
			[]string{"411000", "607000", "445710"}, []ledger.AccountKind{ledger.KindReceivable, ledger.KindExpense, ledger.KindTax}},
		{"semicolon wins a tie, names with commas", "411000;Clients, France;Client\n",
			[]string{"411000"}, []ledger.AccountKind{ledger.KindReceivable}},
		{"String values and spaces", "476000;Écart actif;unrealised fx asset\n477000;Écart passif;Unrealised-FX-Liability\n",
			[]string{"476000", "477000"}, []ledger.AccountKind{ledger.KindUnrealisedFXAsset, ledger.KindUnrealisedFXLiability}},
		{"accruals are general accounts, as in the French chart", "408100;FNP\n418100;FAE\n",
			[]string{"408100", "418100"}, []ledger.AccountKind{ledger.KindOther, ledger.KindOther}},
		{"auxiliary codes are read", "411MARTIN;Boulangerie Martin;\n", []string{"411MARTIN"}, []ledger.AccountKind{ledger.KindReceivable}},
		{"empty", "", nil, nil},
		{"header only", "code;name;kind\n", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			accounts, err := chart.ReadCSV(strings.NewReader(tt.in))
			require.NoError(t, err)
			require.Len(t, accounts, len(tt.codes))
			for i, a := range accounts {
				assert.Equal(t, tt.codes[i], a.Code)
				assert.Equal(t, tt.kinds[i], a.Kind, a.Code)
			}
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		err      error
	}{
		{"bad code", "411000;Clients;client\n41A;Mauvais;client\n", 2, ledger.ErrAccountCode},
		{"unknown kind", "code;name;kind\n411000;Clients;client\n512000;Banque;coffre-fort\n", 3, ledger.ErrKind},
		{"duplicate", "411000;Clients\n# comment\n411000;Clients bis\n", 3, ledger.ErrDuplicate},
		{"no name", "411000;;client\n", 1, ledger.ErrChartCSV},
		{"control character in name", "411000;Cli\x01ents;client\n", 1, journal.ErrText},
		{"column count changes", "411000;Clients;client\n401000;Fournisseurs;fournisseur;extra\n", 2, ledger.ErrChartCSV},
		{"one column", "411000\n", 1, ledger.ErrChartCSV},
		{"four columns", "411000;a;b;c\n", 1, ledger.ErrChartCSV},
		{"unknown header", "code;name;colour\n", 1, ledger.ErrChartCSV},
		{"header without a name", "code;kind\n411000;client\n", 1, ledger.ErrChartCSV},
		{"bad quote", "411000;\"Clients;client\n", 1, ledger.ErrChartCSV},
		{"code too long", "4110000000000;Clients;client\n", 1, ledger.ErrAccountCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			accounts, err := chart.ReadCSV(strings.NewReader(tt.in))
			assert.Nil(t, accounts)
			var ce *ledger.ChartError
			require.True(t, errors.As(err, &ce), "%v", err)
			assert.Equal(t, tt.line, ce.Line)
			assert.ErrorIs(t, err, tt.err)
			assert.Contains(t, err.Error(), "line")
		})
	}
	_, err := chart.ReadCSV(strings.NewReader(strings.Repeat("#", 16<<20+1)))
	assert.ErrorIs(t, err, ledger.ErrChartCSV)
}

func TestInstallCSV(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: eur, Strict: true})
			require.NoError(t, err)
			f, err := os.Open("testdata/chart.csv")
			require.NoError(t, err)
			defer f.Close()
			require.NoError(t, chart.InstallCSV(ctx, b, f))
			list, err := b.Accounts(ctx)
			require.NoError(t, err)
			assert.Len(t, list, 32)
			a, err := b.Account(ctx, "419100")
			require.NoError(t, err)
			assert.Equal(t, ledger.KindCustomerAdvance, a.Kind)
			assert.True(t, a.Reconcilable)

			// A second chart naming an existing account installs nothing.
			before, err := b.Accounts(ctx)
			require.NoError(t, err)
			err = chart.InstallCSV(ctx, b, strings.NewReader("code;name\n654000;Pertes sur créances\n411000;Clients\n"))
			var ce *ledger.ChartError
			require.True(t, errors.As(err, &ce), "%v", err)
			assert.ErrorIs(t, err, ledger.ErrDuplicate)
			assert.Equal(t, 3, ce.Line, "the file's line")
			assert.Equal(t, "411000", ce.Code)
			after, err := b.Accounts(ctx)
			require.NoError(t, err)
			assert.Equal(t, before, after)

			err = b.InstallChart(ctx, []ledger.Account{ledger.NewAccount("654000", "Pertes", ledger.KindExpense), ledger.NewAccount("654000", "Pertes bis", ledger.KindExpense)})
			require.True(t, errors.As(err, &ce))
			assert.ErrorIs(t, err, ledger.ErrDuplicate)
			assert.Equal(t, 2, ce.Line, "the position in the list")
			after, err = b.Accounts(ctx)
			require.NoError(t, err)
			assert.Equal(t, before, after)
		})
	}
}

func TestInstallCSVAuxiliary(t *testing.T) {
	csv := "411MARTIN;Boulangerie Martin;\n401DUPONT2;Dupont;\n706000;Prestations;produit\n"
	b, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur})
	require.NoError(t, err)
	err = chart.InstallCSV(ctx, b, strings.NewReader(csv))
	assert.ErrorIs(t, err, ledger.ErrAuxiliaryCode)
	var ce *ledger.ChartError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, 1, ce.Line)
	list, err := b.Accounts(ctx)
	require.NoError(t, err)
	assert.Empty(t, list, "nothing installed")

	b, err = ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur, AuxiliaryCodes: true})
	require.NoError(t, err)
	require.NoError(t, chart.InstallCSV(ctx, b, strings.NewReader(csv)))
	a, err := b.Account(ctx, "401DUPONT2")
	require.NoError(t, err)
	assert.Equal(t, ledger.KindPayable, a.Kind)
	require.NoError(t, b.InstallChart(ctx, []ledger.Account{{Code: "411DURAND", Name: "Durand", Active: true}}))
	a, err = b.Account(ctx, "411DURAND")
	require.NoError(t, err)
	assert.Equal(t, ledger.KindReceivable, a.Kind, "ledger.KindOther takes the class's kind")
}
