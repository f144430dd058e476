package ledger

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ChartAccountsMax is the most accounts one InstallChart call (or one
// chart file) holds.
const ChartAccountsMax = 100_000

// ChartError is a chart of accounts refused by InstallChart, or by a
// reader of chart files: the line of the file, or the account's position
// in the list InstallChart was given (0 when it is no account's), the
// account's code when it has one, and the problem, which errors.Is
// matches: ErrChartCSV, ErrAccountCode, ErrAuxiliaryCode, ErrKind,
// ErrDuplicate, ErrUnit, journal.ErrText.
type ChartError struct {
	// Line is the line of the file from 1, or the account's position in the
	// list from 1; 0 when the problem is no account's.
	Line int
	// Code is the refused account's code, empty when it has none.
	Code string
	// Err is the problem, one of the sentinels listed above.
	Err error
}

// Error names the line, the account and the problem.
func (e *ChartError) Error() string {
	var b strings.Builder
	b.WriteString("ledger: chart of accounts")
	if e.Line > 0 {
		fmt.Fprintf(&b, ", line %d", e.Line)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ", account %q", e.Code)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the problem.
func (e *ChartError) Unwrap() error { return e.Err }

// accountKindWords are the French words ParseAccountKind reads, folded.
var accountKindWords = map[string]AccountKind{
	"client": KindReceivable, "clients": KindReceivable,
	"fournisseur": KindPayable, "fournisseurs": KindPayable,
	"avance_client": KindCustomerAdvance, "acompte_client": KindCustomerAdvance, "avances_clients": KindCustomerAdvance,
	"avance_fournisseur": KindSupplierAdvance, "acompte_fournisseur": KindSupplierAdvance, "avances_fournisseurs": KindSupplierAdvance,
	"banque": KindBank, "caisse": KindCash,
	"encaissements_en_attente": KindOutstandingReceipts, "cheques_a_encaisser": KindOutstandingReceipts,
	"decaissements_en_attente": KindOutstandingPayments,
	"virement_interne":         KindInternalTransfer, "virements_internes": KindInternalTransfer,
	"attente": KindSuspense, "compte_d_attente": KindSuspense,
	"produit": KindIncome, "produits": KindIncome, "vente": KindIncome, "ventes": KindIncome,
	"charge": KindExpense, "charges": KindExpense, "achat": KindExpense, "achats": KindExpense,
	"tva": KindTax, "taxe": KindTax, "tva_en_attente": KindTaxTransition, "tva_sur_encaissements": KindTaxTransition,
	"gain_de_change": KindExchangeGain, "perte_de_change": KindExchangeLoss,
	"ecart_de_conversion_actif": KindUnrealisedFXAsset, "ecart_de_conversion_passif": KindUnrealisedFXLiability,
	"provision": KindProvision, "provisions": KindProvision,
	"escompte_accorde": KindDiscountGranted, "escompte_obtenu": KindDiscountObtained,
	"produit_divers": KindWriteOffGain, "charge_diverse": KindWriteOffLoss,
	"capitaux_propres": KindEquity, "capital": KindEquity,
	"autre": KindOther, "divers": KindOther,
}

// ParseAccountKind reads an account kind by its String ("receivable",
// "tax_transition"), spaces or hyphens standing for underscores, or by a
// French word ("client", "fournisseur", "banque", "tva", "charge",
// "produit", "capitaux propres"…), case and accents not mattering. It
// reports false for any other text.
func ParseAccountKind(s string) (AccountKind, bool) {
	f := fold(s)
	for k := range accountKindEnd {
		if accountKindNames[k] == f {
			return k, true
		}
	}
	k, ok := accountKindWords[f]
	return k, ok
}

// fold lowers s, takes the accents off French letters and turns every run
// of spaces, hyphens, apostrophes and underscores into one underscore.
func fold(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case ' ', '-', '_', '\'', '\u2019', '\u00a0':
			sep = true
			continue
		case 'à', 'â', 'ä':
			r = 'a'
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'î', 'ï':
			r = 'i'
		case 'ô', 'ö':
			r = 'o'
		case 'ù', 'û', 'ü':
			r = 'u'
		case 'ç':
			r = 'c'
		}
		if sep && b.Len() > 0 {
			b.WriteByte('_')
		}
		sep = false
		b.WriteRune(r)
	}
	return b.String()
}

// InstallChart adds accounts in one transaction, as AddAccount adds each
// (an auxiliary account with KindOther takes its class's kind): all of
// them or, on the first problem, none. Problems are returned as a
// *ChartError whose Line is the account's position in accounts, counted
// from 1: a code the book refuses (ErrAccountCode, ErrAuxiliaryCode in a
// book without auxiliary codes), ErrKind, a name journal.CheckText
// refuses, ErrDuplicate for a code the book or the list already has, ErrUnit
// for a fixed currency the book does not record, or ErrChartCSV for more
// than 100 000 accounts.
func (b *Book) InstallChart(ctx context.Context, accounts []Account) error {
	if len(accounts) > ChartAccountsMax {
		return &ChartError{Err: fmt.Errorf("%w: more than %d accounts", ErrChartCSV, ChartAccountsMax)}
	}
	list := make([]Account, len(accounts))
	for i, a := range accounts {
		list[i] = b.withAuxiliaryKind(a)
		if err := validateAccount(list[i], b.aux); err != nil {
			return &ChartError{Line: i + 1, Code: a.Code, Err: err}
		}
	}
	return b.Update(ctx, func(t *Tx) error {
		for i, a := range list {
			if !a.Currency.IsZero() {
				if ok, err := t.knows(a.Currency); err != nil {
					return err
				} else if !ok {
					return &ChartError{Line: i + 1, Code: a.Code, Err: fmt.Errorf("%w: %s", ErrUnit, a.Currency)}
				}
			}
			if err := t.putAccount(a); err != nil {
				if errors.Is(err, ErrDuplicate) {
					return &ChartError{Line: i + 1, Code: a.Code, Err: err}
				}
				return err
			}
		}
		return nil
	})
}
