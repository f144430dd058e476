package fec

import (
	"fmt"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// amountDigitsMax is the most digits an amount's text may have: more than
// any real amount, few enough that sums of a file's amounts stay exact.
const amountDigitsMax = 30

var eur = currency.MustLookup("EUR")

// parseRow reads a line's fields; with sens, its columns 12 and 13 are
// Montant and Sens rather than Debit and Credit.
func parseRow(f []string, sens bool) (Row, error) {
	if len(f) != ColumnCount {
		return Row{}, fmt.Errorf("%w: %d", ErrFieldCount, len(f))
	}
	if sens {
		debit, credit, err := splitSens(f[colDebit], f[colCredit])
		if err != nil {
			return Row{}, err
		}
		g := append([]string(nil), f...)
		g[colDebit], g[colCredit] = debit, credit
		f = g
	}
	r := Row{
		JournalCode: f[colJournalCode], JournalLib: f[colJournalLib],
		EcritureNum: f[colEcritureNum], CompteNum: f[colCompteNum],
		CompteLib: f[colCompteLib], CompAuxNum: f[colCompAuxNum],
		CompAuxLib: f[colCompAuxLib], PieceRef: f[colPieceRef],
		EcritureLib: f[colEcritureLib], EcritureLet: f[colEcritureLet],
	}
	var err error
	for _, d := range [...]struct {
		col int
		v   *journal.Date
	}{{colEcritureDate, &r.EcritureDate}, {colPieceDate, &r.PieceDate}, {colDateLet, &r.DateLet}, {colValidDate, &r.ValidDate}} {
		if *d.v, err = parseDate(f[d.col]); err != nil {
			return Row{}, fmt.Errorf("%s: %w", names[d.col], err)
		}
	}
	if r.Debit, err = parseAmountOf(eur, f[colDebit]); err != nil {
		return Row{}, fmt.Errorf("%s: %w", names[colDebit], err)
	}
	if r.Credit, err = parseAmountOf(eur, f[colCredit]); err != nil {
		return Row{}, fmt.Errorf("%s: %w", names[colCredit], err)
	}
	if r.Montantdevise, err = parseDevise(f[colMontantdevise], f[colIdevise]); err != nil {
		return Row{}, fmt.Errorf("%s: %w", names[colMontantdevise], err)
	}
	return r, nil
}

// The column names of the law's other form of a line's amount: an amount
// and its direction, in place of Debit and Credit.
const (
	nameMontant = "Montant"
	nameSens    = "Sens"
)

// splitSens reads an amount and its direction (Sens: D or +1 for a debit,
// C or -1 for a credit, in any case) as the Debit and Credit texts they
// stand for. An empty amount is zero, on either side; so is a zero amount
// ("0,00") without a Sens, which has no side to say.
func splitSens(montant, sens string) (debit, credit string, err error) {
	switch strings.ToUpper(strings.TrimSpace(sens)) {
	case "D", "+1", "1":
		return montant, "", nil
	case "C", "-1":
		return "", montant, nil
	case "":
		if blank(montant) || strings.Trim(montant, " +-0,.") == "" && strings.Contains(montant, "0") {
			return "", "", nil // no amount, or nothing on either side: no side to say
		}
	}
	return "", "", fmt.Errorf("%w: %s %q: D or C (or +1 or -1)", ErrAmount, nameSens, sens)
}

// isSensHeader reports whether header fields f put Montant and Sens where
// the law's first form puts Debit and Credit.
func isSensHeader(f []string) bool {
	return len(f) > colCredit && strings.EqualFold(strings.Trim(f[colDebit], " "), nameMontant) &&
		strings.EqualFold(strings.Trim(f[colCredit], " "), nameSens)
}

// parseDate reads AAAAMMJJ; empty text is the zero Date.
func parseDate(s string) (journal.Date, error) {
	if s == "" {
		return journal.Date{}, nil
	}
	k, ok := dateKey(s)
	if !ok {
		return journal.Date{}, fmt.Errorf("%w: %q", ErrDate, s)
	}
	d, err := journal.DateFromKey(k)
	if err != nil || d.IsZero() {
		return journal.Date{}, fmt.Errorf("%w: %q", ErrDate, s)
	}
	return d, nil
}

// dateKey reads eight digits as yyyymmdd, without checking the calendar.
func dateKey(s string) (uint32, bool) {
	if len(s) != 8 {
		return 0, false
	}
	var k uint32
	for i := 0; i < 8; i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		k = k*10 + uint32(s[i]-'0')
	}
	return k, true
}

// parseAmountOf reads an amount of c; empty text (or spaces only) is the
// unset Amount.
func parseAmountOf(c currency.Currency, s string) (currency.Amount, error) {
	if blank(s) {
		return currency.Amount{}, nil
	}
	var d apd.Decimal
	if _, err := parseAmount(s, &d); err != nil {
		return currency.Amount{}, err
	}
	a, err := currency.FromDecimal(c, &d)
	if err != nil {
		return currency.Amount{}, fmt.Errorf("%w: %q: %w", ErrAmount, s, err)
	}
	return a, nil
}

// parseDevise reads Montantdevise in the currency Idevise names. A code
// our table does not know becomes a unit of account with the text's
// decimals. Both blank is the unset Amount, and so is a zero amount with
// no code, as several programs write on lines in euros (Validate reads it
// alike).
func parseDevise(amount, code string) (currency.Amount, error) {
	if blank(amount) {
		return currency.Amount{}, nil // none, whether its currency is given or not (Odoo's exchange lines)
	}
	var d apd.Decimal
	if _, err := parseAmount(amount, &d); err != nil {
		return currency.Amount{}, err
	}
	if blank(code) && d.IsZero() {
		return currency.Amount{}, nil // a zero without a currency: none
	}
	c, err := currency.Lookup(code)
	if err != nil {
		if c, err = currency.NewUnit(code, max(int(-d.Exponent), 0)); err != nil {
			return currency.Amount{}, fmt.Errorf("%w: Idevise %q: %w", ErrAmount, code, err)
		}
	}
	a, err := currency.FromDecimal(c, &d)
	if err != nil {
		return currency.Amount{}, fmt.Errorf("%w: %q: %w", ErrAmount, amount, err)
	}
	return a, nil
}

// parseAmount reads FEC amount text into d: an optional sign, digits, and
// optionally a decimal comma or point and more digits — no thousands
// separator, no exponent, at most amountDigitsMax digits. Spaces around
// it are no part of it: Odoo writes amounts with a space where a minus
// would stand (" 000000000000500,00"). It reports whether the decimal
// mark was a point.
func parseAmount(s string, d *apd.Decimal) (point bool, err error) {
	neg, body := false, strings.Trim(s, " ")
	if body != "" && (body[0] == '-' || body[0] == '+') {
		neg, body = body[0] == '-', body[1:]
	}
	var coeff apd.BigInt
	var small uint64
	digits, frac, mark := 0, 0, false
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case isDigit(c):
			digits++
			if mark {
				frac++
			}
			small = small*10 + uint64(c-'0') // exact while digits <= 19
		case (c == ',' || c == '.') && !mark:
			mark, point = true, c == '.'
		default:
			return false, fmt.Errorf("%w: %q", ErrAmount, s)
		}
	}
	if digits == 0 || digits > amountDigitsMax {
		return false, fmt.Errorf("%w: %q", ErrAmount, s)
	}
	if digits <= 19 {
		coeff.SetUint64(small)
	} else if _, ok := coeff.SetString(stripMark(body), 10); !ok {
		return false, fmt.Errorf("%w: %q", ErrAmount, s)
	}
	d.Coeff.Set(&coeff)
	d.Exponent, d.Form = -int32(frac), apd.Finite
	d.Negative = neg && coeff.Sign() != 0
	return point, nil
}

// stripMark returns digits without their decimal mark.
func stripMark(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}
