package fec

import (
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/lettrage/lettrage/currency"
)

// row checks one line after the header, then adds it to its entry.
func (v *validator) row(n int, f []string) {
	if len(f) == 1 && f[0] == "" {
		v.add(n, -1, CodeEmptyLine, Error, "empty line")
		return
	}
	if len(f) != v.width {
		v.add(n, -1, CodeFieldCount, Error, "%d fields, the header has %d", len(f), v.width)
		v.cur.tainted, v.taint = true, true
		return
	}
	v.checkRequired(n, f)
	date := v.checkDates(n, f)
	v.checkText(n, f)
	ok := v.checkAmounts(n, f)
	v.entryLine(n, f, date, ok)
}

func (v *validator) checkRequired(n int, f []string) {
	for _, c := range requiredColumns {
		if !v.missing(c) && blank(v.get(f, c)) {
			v.add(n, c, CodeRequired, Error, "%s is empty", names[c])
		}
	}
}

// checkDates checks every date column and returns EcritureDate as a key (0
// when it is not a valid date).
func (v *validator) checkDates(n int, f []string) uint32 {
	var ecriture, let uint32
	for _, c := range [...]int{colEcritureDate, colPieceDate, colDateLet, colValidDate} {
		s := v.get(f, c)
		if blank(s) {
			continue
		}
		d, err := parseDate(s)
		if err != nil {
			v.add(n, c, CodeDate, Error, "%q is not an AAAAMMJJ date", s)
			continue
		}
		switch c {
		case colEcritureDate:
			ecriture = d.Key()
		case colDateLet:
			let = d.Key()
		}
	}
	if ecriture != 0 {
		v.checkYear(n, ecriture)
	}
	if let != 0 && ecriture != 0 && let < ecriture {
		v.add(n, colDateLet, CodeLetDate, Warning, "%08d is before the line's EcritureDate %08d: a line is lettered on or after its date", let, ecriture)
	}
	return ecriture
}

func (v *validator) checkYear(n int, date uint32) {
	start, end := v.opts.YearStart.Key(), v.opts.YearEnd.Key()
	if (start != 0 && date < start) || (end != 0 && date > end) {
		v.add(n, colEcritureDate, CodeOutsideYear, Error, "%08d is outside the fiscal year %s to %s",
			date, v.opts.YearStart, v.opts.YearEnd)
	}
}

// checkText checks the account number and the columns that go in pairs.
func (v *validator) checkText(n int, f []string) {
	if acc := v.get(f, colCompteNum); !blank(acc) && !validAccount(acc) {
		v.add(n, colCompteNum, CodeAccount, Error, "%q does not start with three digits, the first a class 1 to 8", acc)
	}
	v.pair(n, f, colCompAuxNum, colCompAuxLib, CodeAuxPair)
	v.pair(n, f, colEcritureLet, colDateLet, CodeLetPair)
	amount, code := v.get(f, colMontantdevise), v.get(f, colIdevise)
	if !noDevise(amount) && blank(code) && !v.missing(colMontantdevise) && !v.missing(colIdevise) {
		// A currency given with nothing in it (Odoo's exchange lines:
		// Idevise and an empty or zero Montantdevise) is no amount
		// without its currency.
		v.add(n, colMontantdevise, CodeDevisePair, Error, "Montantdevise %q without its currency (Idevise)", amount)
	}
	if !blank(code) && !currency.IsCodeForm(code) {
		v.add(n, colIdevise, CodeDevise, Error, "%q is not an ISO 4217 code of three upper-case letters", code)
	}
}

func (v *validator) pair(n int, f []string, a, b int, code Code) {
	if blank(v.get(f, a)) != blank(v.get(f, b)) && !v.missing(a) && !v.missing(b) {
		v.add(n, a, code, Error, "%s and %s must be both given or both empty", names[a], names[b])
	}
}

// noDevise reports an empty Montantdevise; a zero amount counts as empty,
// as several programs write 0 on lines in euros, and Odoo on exchange
// lines with their currency.
func noDevise(s string) bool {
	if blank(s) {
		return true
	}
	s = strings.Trim(s, " ") // as parseAmount reads it
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '0' && c != ',' && c != '.' && c != '-' && c != '+' {
			return false
		}
	}
	return true
}

// checkAmounts reads Debit and Credit into v.d and v.c (and Montantdevise)
// and checks them; it reports whether both could be read.
func (v *validator) checkAmounts(n int, f []string) bool {
	if v.sens {
		debit, credit, err := splitSens(v.get(f, colDebit), v.get(f, colCredit))
		if err != nil {
			v.add(n, colCredit, CodeAmount, Error, "%v", err)
			v.amount(n, f, colDebit, &v.d)
			return false
		}
		g := append([]string(nil), f...)
		if i := v.col[colDebit]; i >= 0 && i < len(g) {
			g[i] = debit
		}
		if i := v.col[colCredit]; i >= 0 && i < len(g) {
			g[i] = credit
		}
		f = g
	}
	okD := v.amount(n, f, colDebit, &v.d)
	okC := v.amount(n, f, colCredit, &v.c)
	if s := v.get(f, colMontantdevise); !blank(s) {
		v.amount(n, f, colMontantdevise, &v.m)
	}
	if !okD || !okC {
		return false
	}
	switch {
	case v.d.Sign() != 0 && v.c.Sign() != 0:
		v.add(n, colDebit, CodeBothSides, Error, "Debit %s and Credit %s are both non-zero", formatDecimal(&v.d), formatDecimal(&v.c))
	case v.d.Sign() == 0 && v.c.Sign() == 0:
		v.add(n, colDebit, CodeZeroLine, Warning, "Debit and Credit are both zero")
	}
	v.sum(n, &v.rep.debit, &v.d)
	v.sum(n, &v.rep.credit, &v.c)
	return true
}

// amount reads column c into d (empty is zero, as the administration's
// tool reads it) and reports whether it could.
func (v *validator) amount(n int, f []string, c int, d *apd.Decimal) bool {
	s := v.get(f, c)
	if blank(s) {
		d.SetInt64(0)
		return true
	}
	at := c // the column a finding names
	if v.sens && c == colCredit {
		at = colDebit // a credit's amount is in Montant too, Sens only says which side
	}
	point, err := parseAmount(s, d)
	if err != nil {
		v.add(n, at, CodeAmount, Error, "%q is not an amount: digits, a decimal comma, no thousands separator", s)
		return false
	}
	if point {
		// The administration's tool refuses a point in an amount (Test
		// Compta Demat, since 2019): the file is not compliant.
		v.addOnce(n, at, CodeDecimalMark, Error, "%q has a decimal point, the law's format a comma; first such line", s)
	}
	if c == colMontantdevise {
		return true
	}
	if d.Sign() < 0 {
		v.add(n, at, CodeNegative, Error, "%s %q is negative", v.name(at), s)
	}
	if !v.exactCents(d) {
		v.add(n, at, CodeCents, Warning, "%s %q has more than two decimals", v.name(at), s)
	}
	return true
}

// exactCents reports whether d is a whole number of cents ("1,500" is).
func (v *validator) exactCents(d *apd.Decimal) bool {
	if d.Exponent >= -2 {
		return true
	}
	var q apd.Decimal
	cond, err := v.ctx.Quantize(&q, d, -2)
	return err == nil && !cond.Inexact()
}

func (v *validator) sum(n int, total, d *apd.Decimal) {
	if _, err := v.ctx.Add(total, total, d); err != nil {
		v.addOnce(n, -1, CodeLimit, Warning, "totals overflow: %v", err)
	}
}
