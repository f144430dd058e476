package fec

import "strings"

// header checks line 1. When it holds too few column names to be a header,
// it is reported and checked as a row.
func (v *validator) header(f []string) {
	if v.rep.Separator == 0 {
		v.add(1, -1, CodeNoHeader, Error, "line 1 has neither tab nor pipe: not a FEC header")
		return
	}
	if knownNames(f) < ColumnCount/2 {
		v.add(1, -1, CodeNoHeader, Error, "line 1 is not a header of FEC column names; read as a row")
		v.rep.Lines++
		v.row(1, f)
		return
	}
	v.width = len(f)
	if len(f) != ColumnCount {
		v.add(1, -1, CodeFieldCount, Error, "header has %d fields, not %d", len(f), ColumnCount)
	}
	if isSensHeader(f) {
		// The law's other form of the amounts: Montant and Sens in
		// place of Debit and Credit, checked as them.
		v.sens = true
		f = append([]string(nil), f...)
		f[colDebit], f[colCredit] = names[colDebit], names[colCredit]
	}
	v.mapColumns(f)
}

func knownNames(f []string) int {
	n := 0
	for _, name := range f {
		if columnOf(name) >= 0 || strings.EqualFold(strings.Trim(name, " "), nameMontant) || strings.EqualFold(strings.Trim(name, " "), nameSens) {
			n++
		}
	}
	return n
}

// columnOf returns the column a header name stands for, ignoring case and
// surrounding spaces as the administration's tool does, or -1.
func columnOf(name string) int {
	name = strings.Trim(name, " ")
	for c, h := range names {
		if strings.EqualFold(name, h) {
			return c
		}
	}
	return -1
}

// mapColumns finds each column's field from the header's names, so that a
// file with its columns in another order is still checked by name.
func (v *validator) mapColumns(f []string) {
	for c := range v.col {
		v.col[c] = -1
	}
	bad := false
	for i, name := range f {
		c := columnOf(name)
		switch {
		case c < 0:
			v.add(1, -1, CodeHeaderName, Error, "field %d: unknown column name %q", i+1, name)
			bad = true
		case v.col[c] >= 0:
			v.add(1, c, CodeHeaderName, Error, "field %d: column %s appears twice", i+1, names[c])
			bad = true
		default:
			v.col[c] = i
			if name != names[c] {
				v.add(1, c, CodeHeaderCase, Warning, "field %d: %q is spelt %q in the law", i+1, name, names[c])
			}
		}
	}
	for c, i := range v.col {
		if i < 0 {
			v.add(1, c, CodeHeaderName, Error, "column %s is missing", names[c])
			bad = true
		}
	}
	if !bad {
		v.checkOrder()
	}
}

func (v *validator) checkOrder() {
	for c, i := range v.col {
		if i != c {
			v.add(1, c, CodeHeaderOrder, Error, "column %s is field %d, the law puts it at %d", names[c], i+1, c+1)
			return
		}
	}
}
