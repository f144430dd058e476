package ledger

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/lettrage/lettrage/journal"
)

// Limits of a chart of accounts read from CSV.
const (
	// chartAccountsMax is the most accounts one chart file or InstallChart
	// call holds.
	chartAccountsMax = 100_000
	// chartBytesMax is the longest chart file ReadChartCSV reads.
	chartBytesMax = 16 << 20
)

// ChartError is a chart of accounts refused by ReadChartCSV,
// InstallChartCSV or InstallChart: the line of the file (0 when the
// account did not come from a file), the account's code when it has one,
// and the problem, which errors.Is matches: ErrChartCSV, ErrAccountCode,
// ErrAuxiliaryCode, ErrKind, ErrDuplicate, ErrUnit, journal.ErrText.
type ChartError struct {
	Line int
	Code string
	Err  error
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

// ReadChartCSV reads a chart of accounts from CSV: one account a line,
// code, name and kind, the separator a semicolon or a comma (the one the
// first line has most of), an optional header line, lines starting with
// '#' left out, a UTF-8 byte order mark allowed. Without a header the
// columns are code, name and, optionally, kind; a header names them in any
// order: code (or compte, numero, comptenum, account), name (nom, libelle,
// intitule, comptelib) and kind (type, nature).
//
// A kind is an AccountKind's String ("receivable", "tax_transition"), with
// spaces or hyphens for the underscores, or a French word: client,
// fournisseur, banque, caisse, tva, tva en attente, charge, produit,
// capitaux propres, attente, avance client, avance fournisseur,
// encaissements en attente, decaissements en attente, virement interne,
// perte de change, gain de change, provision, escompte accorde, escompte
// obtenu, autre (case and accents do not matter). An empty kind takes the
// kind of the code's class (KindOfCode). Each account is active with its
// kind's reconcilable default (NewAccount).
//
// Codes are checked as AddAccount checks them, auxiliary codes (411MARTIN)
// accepted: whether a book takes those is InstallChart's check. The first
// problem is returned as a *ChartError with its line number, and no
// accounts: a bad line, a code or kind refused, an empty name, a name
// journal.CheckText refuses, a code given twice, more than 100 000
// accounts or more than 16 MiB.
func ReadChartCSV(r io.Reader) ([]Account, error) {
	accounts, _, err := readChart(r)
	return accounts, err
}

// readChart is ReadChartCSV, with the line of each account.
func readChart(r io.Reader) ([]Account, []int, error) {
	data, err := io.ReadAll(io.LimitReader(r, chartBytesMax+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > chartBytesMax {
		return nil, nil, &ChartError{Err: fmt.Errorf("%w: longer than %d bytes", ErrChartCSV, chartBytesMax)}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = chartSeparator(data)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cols := chartColumns{code: 0, name: 1, kind: 2}
	var (
		accounts []Account
		lines    []int
		seen     = map[string]int{}
		width    int
	)
	for first := true; ; first = false {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, &ChartError{Line: pe.Line, Err: fmt.Errorf("%w: %v", ErrChartCSV, pe.Err)}
			}
			return nil, nil, err
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if first {
			width = len(rec)
			if len(rec) == 0 || len(rec[0]) == 0 || rec[0][0] < '0' || rec[0][0] > '9' {
				if cols, err = chartHeader(rec); err != nil {
					return nil, nil, &ChartError{Line: line, Err: err}
				}
				continue
			}
			if width < 2 || width > 3 {
				return nil, nil, &ChartError{Line: line, Err: fmt.Errorf("%w: %d columns, want code, name and kind", ErrChartCSV, width)}
			}
		}
		if len(rec) != width {
			return nil, nil, &ChartError{Line: line, Err: fmt.Errorf("%w: %d columns, the first line has %d", ErrChartCSV, len(rec), width)}
		}
		if len(accounts) == chartAccountsMax {
			return nil, nil, &ChartError{Line: line, Err: fmt.Errorf("%w: more than %d accounts", ErrChartCSV, chartAccountsMax)}
		}
		a, err := cols.account(rec)
		if err != nil {
			return nil, nil, &ChartError{Line: line, Code: rec[cols.code], Err: err}
		}
		if at, ok := seen[a.Code]; ok {
			return nil, nil, &ChartError{Line: line, Code: a.Code, Err: fmt.Errorf("%w: already on line %d", ErrDuplicate, at)}
		}
		seen[a.Code] = line
		accounts = append(accounts, a)
		lines = append(lines, line)
	}
	return accounts, lines, nil
}

// chartSeparator is ';' or ',', whichever the first line has more of
// (';' on a tie: French spreadsheets write it, and a French name may hold
// a comma).
func chartSeparator(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(",")) > bytes.Count(first, []byte(";")) {
		return ','
	}
	return ';'
}

// chartColumns are the columns of code, name and kind; kind -1 when the
// file has none.
type chartColumns struct{ code, name, kind int }

var chartHeaderNames = map[string]string{
	"code": "code", "compte": "code", "numero": "code", "numero_de_compte": "code", "comptenum": "code",
	"account": "code", "name": "name", "nom": "name", "libelle": "name", "intitule": "name", "comptelib": "name",
	"kind": "kind", "type": "kind", "nature": "kind",
}

// chartHeader reads a header line.
func chartHeader(rec []string) (chartColumns, error) {
	cols := chartColumns{code: -1, name: -1, kind: -1}
	for i, h := range rec {
		col := map[string]*int{"code": &cols.code, "name": &cols.name, "kind": &cols.kind}[chartHeaderNames[fold(h)]]
		switch {
		case col == nil:
			return cols, fmt.Errorf("%w: unknown column %q (code, name, kind)", ErrChartCSV, h)
		case *col >= 0:
			return cols, fmt.Errorf("%w: column %q twice", ErrChartCSV, h)
		}
		*col = i
	}
	if cols.code < 0 || cols.name < 0 {
		return cols, fmt.Errorf("%w: the header needs a code and a name column", ErrChartCSV)
	}
	return cols, nil
}

// account makes the account of one line.
func (c chartColumns) account(rec []string) (Account, error) {
	code, name := rec[c.code], rec[c.name]
	if err := checkAccountCode(code, true); err != nil {
		return Account{}, err
	}
	if name == "" {
		return Account{}, fmt.Errorf("%w: no name", ErrChartCSV)
	}
	if err := journal.CheckText("account name", name); err != nil {
		return Account{}, err
	}
	kind := KindOfCode(code)
	if c.kind >= 0 && c.kind < len(rec) && rec[c.kind] != "" {
		k, ok := ParseAccountKind(rec[c.kind])
		if !ok {
			return Account{}, fmt.Errorf("%w: account kind %q", ErrKind, rec[c.kind])
		}
		kind = k
	}
	return NewAccount(code, name, kind), nil
}

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
// "produit"…; see ReadChartCSV), case and accents not mattering. It
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

// InstallChartCSV reads a chart with ReadChartCSV and installs it with
// InstallChart; a *ChartError names the file's line.
func (b *Book) InstallChartCSV(ctx context.Context, r io.Reader) error {
	accounts, lines, err := readChart(r)
	if err != nil {
		return err
	}
	err = b.InstallChart(ctx, accounts)
	var ce *ChartError
	if errors.As(err, &ce) && ce.Line > 0 && ce.Line <= len(lines) {
		ce.Line = lines[ce.Line-1]
	}
	return err
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
	if len(accounts) > chartAccountsMax {
		return &ChartError{Err: fmt.Errorf("%w: more than %d accounts", ErrChartCSV, chartAccountsMax)}
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
