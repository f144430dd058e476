// Package chart reads a chart of accounts from a file, beside the French
// chart a book installs itself (ledger.Book.InstallFrenchChart): a CSV of
// code, name and kind, as a spreadsheet or another accounting program
// exports it.
package chart

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// csvBytesMax is the longest chart file ReadCSV reads.
const csvBytesMax = 16 << 20

// ReadCSV reads a chart of accounts from CSV: one account a line,
// code, name and kind, the separator a semicolon or a comma (the one the
// first line that is not a comment has most of), an optional header line, lines starting with
// '#' left out, a UTF-8 byte order mark allowed. Without a header the
// columns are code, name and, optionally, kind; a header names them in any
// order: code (or compte, numero, comptenum, account), name (nom, libelle,
// intitule, comptelib) and kind (type, nature).
//
// A kind is a ledger.AccountKind's String ("receivable", "tax_transition"), with
// spaces or hyphens for the underscores, or a French word: client,
// fournisseur, banque, caisse, tva, tva en attente, charge, produit,
// capitaux propres, attente, avance client, avance fournisseur,
// encaissements en attente, decaissements en attente, virement interne,
// perte de change, gain de change, provision, escompte accorde, escompte
// obtenu, autre (case and accents do not matter). Each account is active.
// An account given a kind has that kind's reconcilable default
// (ledger.NewAccount); one with an empty kind is the account the French
// chart makes of its code (ledger.AccountOfCode): its class's kind, and
// reconcilable under the accrual prefixes 408, 418, 4098 and 4198 too.
//
// Codes are checked as ledger.CheckAccountCode checks them, auxiliary
// codes (411MARTIN) accepted: whether a book takes those is
// ledger.Book.InstallChart's check. The first
// problem is returned as a *ChartError with its line number, and no
// accounts: a bad line, a code or kind refused, an empty name, a name
// journal.CheckText refuses, a code given twice, more than 100 000
// accounts or more than 16 MiB.
func ReadCSV(r io.Reader) ([]ledger.Account, error) {
	accounts, _, err := readChart(r)
	return accounts, err
}

// readChart is ReadCSV, with the line of each account.
func readChart(r io.Reader) ([]ledger.Account, []int, error) {
	data, err := io.ReadAll(io.LimitReader(r, csvBytesMax+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > csvBytesMax {
		return nil, nil, &ledger.ChartError{Err: fmt.Errorf("%w: longer than %d bytes", ledger.ErrChartCSV, csvBytesMax)}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = chartSeparator(data)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cols := chartColumns{code: 0, name: 1, kind: 2}
	var (
		accounts []ledger.Account
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
				return nil, nil, &ledger.ChartError{Line: pe.Line, Err: fmt.Errorf("%w: %v", ledger.ErrChartCSV, pe.Err)}
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
					return nil, nil, &ledger.ChartError{Line: line, Err: err}
				}
				continue
			}
			if width < 2 || width > 3 {
				return nil, nil, &ledger.ChartError{Line: line, Err: fmt.Errorf("%w: %d columns, want code, name and kind", ledger.ErrChartCSV, width)}
			}
		}
		if len(rec) != width {
			return nil, nil, &ledger.ChartError{Line: line, Err: fmt.Errorf("%w: %d columns, the first line has %d", ledger.ErrChartCSV, len(rec), width)}
		}
		if len(accounts) == ledger.ChartAccountsMax {
			return nil, nil, &ledger.ChartError{Line: line, Err: fmt.Errorf("%w: more than %d accounts", ledger.ErrChartCSV, ledger.ChartAccountsMax)}
		}
		a, err := cols.account(rec)
		if err != nil {
			return nil, nil, &ledger.ChartError{Line: line, Code: rec[cols.code], Err: err}
		}
		if at, ok := seen[a.Code]; ok {
			return nil, nil, &ledger.ChartError{Line: line, Code: a.Code, Err: fmt.Errorf("%w: already on line %d", ledger.ErrDuplicate, at)}
		}
		seen[a.Code] = line
		accounts = append(accounts, a)
		lines = append(lines, line)
	}
	return accounts, lines, nil
}

// chartSeparator is ';' or ',', whichever the first line has more of
// (';' on a tie: French spreadsheets write it, and a French name may hold
// a comma). The line is the first the reader reads: a blank line or a
// comment ('#' first), which it leaves out, does not decide.
func chartSeparator(data []byte) rune {
	var first []byte
	for rest := data; len(rest) > 0; {
		first, rest, _ = bytes.Cut(rest, []byte("\n"))
		if t := bytes.TrimRight(first, "\r"); len(t) > 0 && t[0] != '#' {
			break
		}
		first = nil
	}
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
		col := map[string]*int{"code": &cols.code, "name": &cols.name, "kind": &cols.kind}[chartHeaderNames[headerName(h)]]
		switch {
		case col == nil:
			return cols, fmt.Errorf("%w: unknown column %q (code, name, kind)", ledger.ErrChartCSV, h)
		case *col >= 0:
			return cols, fmt.Errorf("%w: column %q twice", ledger.ErrChartCSV, h)
		}
		*col = i
	}
	if cols.code < 0 || cols.name < 0 {
		return cols, fmt.Errorf("%w: the header needs a code and a name column", ledger.ErrChartCSV)
	}
	return cols, nil
}

// account makes the account of one line.
func (c chartColumns) account(rec []string) (ledger.Account, error) {
	code, name := rec[c.code], rec[c.name]
	if err := ledger.CheckAccountCode(code, true); err != nil {
		return ledger.Account{}, err
	}
	if name == "" {
		return ledger.Account{}, fmt.Errorf("%w: no name", ledger.ErrChartCSV)
	}
	if err := journal.CheckText("account name", name); err != nil {
		return ledger.Account{}, err
	}
	if c.kind >= 0 && c.kind < len(rec) && rec[c.kind] != "" {
		k, ok := ledger.ParseAccountKind(rec[c.kind])
		if !ok {
			return ledger.Account{}, fmt.Errorf("%w: account kind %q", ledger.ErrKind, rec[c.kind])
		}
		return ledger.NewAccount(code, name, k), nil
	}
	return ledger.AccountOfCode(code, name), nil
}

// InstallCSV reads a chart with ReadCSV and installs it in the book with
// ledger.Book.InstallChart: all of it or nothing; a *ledger.ChartError
// names the file's line.
func InstallCSV(ctx context.Context, b *ledger.Book, r io.Reader) error {
	accounts, lines, err := readChart(r)
	if err != nil {
		return err
	}
	err = b.InstallChart(ctx, accounts)
	var ce *ledger.ChartError
	if errors.As(err, &ce) && ce.Line > 0 && ce.Line <= len(lines) {
		ce.Line = lines[ce.Line-1]
	}
	return err
}

// headerName folds a header's column name: lower case, accents off
// ("Libellé" is "libelle"), runs of spaces and punctuation one underscore.
func headerName(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range norm.NFD.String(strings.ToLower(strings.TrimSpace(s))) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // an accent, decomposed
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			sep = false
			b.WriteRune(r)
		default:
			sep = true
		}
	}
	return b.String()
}
