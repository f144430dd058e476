package ledger

import (
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIsAuxiliaryCode(t *testing.T) {
	for code, want := range map[string]bool{
		"411MARTIN": true, "401DUPONT2": true, "4010A": true, "411A": true, "41100MARTIN": true,
		"411MARTINDUPONTSARL1": true, "411MARTINDUPONTSARL12": false, // 21 characters
		"411000": false, "41MARTIN": false, "911MARTIN": false, "011MARTIN": false, "411martin": false,
		"411MAR-TIN": false, "411MARTIN ": false, "411É": false, "4112": false, "": false, "411": false,
	} {
		assert.Equal(t, want, IsAuxiliaryCode(code), code)
	}
}

func TestKindOfCode(t *testing.T) {
	for code, want := range map[string]AccountKind{
		"411MARTIN": KindReceivable, "413000": KindReceivable, "401DUPONT2": KindPayable, "408100": KindOther, "418AB": KindOther,
		"4091X": KindSupplierAdvance, "4191CLIENT": KindCustomerAdvance, "445710": KindTax, "445740": KindTaxTransition,
		"445640": KindTaxTransition, "445660": KindTax, "512000": KindBank, "512BNP": KindBank, "530000": KindCash,
		"471000": KindSuspense, "607000": KindExpense, "706000": KindIncome, "656000": KindExchangeLoss,
		"756000": KindExchangeGain, "101000": KindEquity, "218000": KindOther, "421000": KindOther,
	} {
		assert.Equal(t, want, KindOfCode(code), code)
	}
}

// AccountOfCode makes the account the French chart would: accruals
// (408…, 418…) general and lettrable like the chart's 408100 and 418100.
func TestAccountOfCode(t *testing.T) {
	for _, tt := range []struct {
		code string
		kind AccountKind
		rec  bool
	}{{"408200", KindOther, true}, {"418100", KindOther, true}, {"411000", KindReceivable, true},
		{"401DUPONT", KindPayable, true}, {"706000", KindIncome, false}, {"218000", KindOther, false}} {
		a := AccountOfCode(tt.code, "x")
		assert.Equal(t, tt.kind, a.Kind, tt.code)
		assert.Equal(t, tt.rec, a.Reconcilable, tt.code)
	}
	for _, a := range FrenchChart() {
		if b := AccountOfCode(a.Code, a.Name); isAccrual(a.Code) {
			assert.Equal(t, a, b, "the chart's accrual %s", a.Code)
		}
	}
}

// auxBackends open a store, and reopen the same one after the book's first
// life: the memstore is kept, the bbolt file is closed and opened again.
var auxBackends = []struct {
	name string
	open func(t *testing.T) (store.Store, func() store.Store)
}{
	{"memstore", func(t *testing.T) (store.Store, func() store.Store) {
		st := memstore.New()
		return st, func() store.Store { return st }
	}},
	{"boltstore", func(t *testing.T) (store.Store, func() store.Store) {
		path := filepath.Join(t.TempDir(), "book.db")
		st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
		require.NoError(t, err)
		return st, func() store.Store {
			require.NoError(t, st.Close())
			st2, err := boltstore.Open(path, boltstore.Options{NoSync: true})
			require.NoError(t, err)
			t.Cleanup(func() { st2.Close() })
			return st2
		}
	}},
}

func TestAuxiliaryCodes(t *testing.T) {
	for _, bk := range auxBackends {
		t.Run(bk.name, func(t *testing.T) {
			st, reopen := bk.open(t)
			b, err := Create(ctx, st, Options{Currency: eur, Clock: fixedClock(), Strict: true, AuxiliaryCodes: true})
			require.NoError(t, err)
			assert.True(t, b.AuxiliaryCodes())
			require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2026)))
			require.NoError(t, b.InstallFrenchChart(ctx))
			require.NoError(t, b.AddPartner(ctx, Partner{Code: "MARTIN", Name: "Boulangerie Martin"}))

			require.NoError(t, b.AddAccount(ctx, Account{Code: "411MARTIN", Name: "Boulangerie Martin", Active: true}))
			require.NoError(t, b.AddAccount(ctx, NewAccount("401DUPONT2", "Dupont", KindPayable)))
			a, err := b.Account(ctx, "411MARTIN")
			require.NoError(t, err)
			assert.Equal(t, KindReceivable, a.Kind, "the kind of its class")
			assert.True(t, a.Reconcilable)
			err = b.AddAccount(ctx, NewAccount("411martin", "x", KindReceivable))
			assert.ErrorIs(t, err, ErrAccountCode)
			assert.NotErrorIs(t, err, ErrAuxiliaryCode)

			inv := mustPost(t, b, journal.Entry{Journal: "VT", Date: d(3, 2), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411MARTIN", Partner: "MARTIN", Balance: e("120.00")},
				{Account: "706000", Balance: e("-120.00")},
			}})
			_, err = b.Post(ctx, journal.Entry{Journal: "VT", Date: d(3, 2), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411MARTIN", Balance: e("10.00")}, {Account: "706000", Balance: e("-10.00")},
			}})
			assert.ErrorIs(t, err, ErrPartnerRequired, "a receivable by its class wants a partner")
			bal, err := b.Balance(ctx, BalanceQuery{Account: "411MARTIN", Partner: "MARTIN", At: d(12, 31)})
			require.NoError(t, err)
			assert.Equal(t, "120.00", bal.Balance.Plain())

			b2, err := Open(ctx, reopen(), Options{Clock: fixedClock(), Strict: true})
			require.NoError(t, err)
			assert.True(t, b2.AuxiliaryCodes(), "kept on reopen")
			require.NoError(t, b2.AddAccount(ctx, Account{Code: "411DURAND", Name: "Durand", Active: true}))
			got, err := b2.Entry(ctx, inv.ID)
			require.NoError(t, err)
			assert.Equal(t, "411MARTIN", got.Lines[0].Account)
			require.NoError(t, b2.Check(ctx))
		})
	}
}

func TestAuxiliaryCodesRefused(t *testing.T) {
	for _, bk := range auxBackends {
		t.Run(bk.name, func(t *testing.T) {
			st, reopen := bk.open(t)
			b, err := Create(ctx, st, Options{Currency: eur, Clock: fixedClock(), Strict: true})
			require.NoError(t, err)
			assert.False(t, b.AuxiliaryCodes())
			err = b.AddAccount(ctx, NewAccount("411MARTIN", "Martin", KindReceivable))
			assert.ErrorIs(t, err, ErrAccountCode)
			assert.ErrorIs(t, err, ErrAuxiliaryCode)
			_, err = b.Account(ctx, "411MARTIN")
			assert.ErrorIs(t, err, ErrUnknownAccount, "nothing written")

			st2 := reopen()
			_, err = Open(ctx, st2, Options{AuxiliaryCodes: true})
			assert.ErrorIs(t, err, ErrBookMismatch, "a book cannot take them after its creation")
			b2, err := Open(ctx, st2, Options{})
			require.NoError(t, err)
			assert.False(t, b2.AuxiliaryCodes())
			assert.ErrorIs(t, b2.AddAccount(ctx, NewAccount("401DUPONT", "Dupont", KindPayable)), ErrAuxiliaryCode)
		})
	}
}
