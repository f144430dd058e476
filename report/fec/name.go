package fec

import (
	"fmt"

	"github.com/lettrage/lettrage/journal"
)

// FileName returns the name the law gives a FEC: the company's SIREN, "FEC"
// and the fiscal year's end date as AAAAMMJJ, "123456782FEC20261231". It
// adds no extension: the name is fixed by law, the extension is not, and
// ".txt" is the usual one for a text file; add it when the file travels.
//
// FileName does not check siren (see CheckSIREN); it panics on a zero
// yearEnd, a caller's mistake.
func FileName(siren string, yearEnd journal.Date) string {
	if yearEnd.IsZero() {
		panic("fec: FileName needs the fiscal year's end date")
	}
	return fmt.Sprintf("%sFEC%08d", siren, yearEnd.Key())
}

// CheckSIREN returns ErrSIREN unless s is a SIREN: nine digits whose Luhn
// check digit is right.
func CheckSIREN(s string) error {
	if len(s) != 9 {
		return fmt.Errorf("%w: %q", ErrSIREN, s)
	}
	sum := 0
	for i := 0; i < 9; i++ {
		if !isDigit(s[i]) {
			return fmt.Errorf("%w: %q", ErrSIREN, s)
		}
		d := int(s[i] - '0')
		if i%2 == 1 { // from the right, every second digit is doubled
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	if sum%10 != 0 {
		return fmt.Errorf("%w: %q", ErrSIREN, s)
	}
	return nil
}

// ParseFileName reads a FEC's legal name, without its extension: nine
// digits, "FEC" and a valid AAAAMMJJ date. It does not check the SIREN's
// check digit (see CheckSIREN).
func ParseFileName(name string) (siren string, yearEnd journal.Date, ok bool) {
	if len(name) != 20 || name[9:12] != "FEC" {
		return "", journal.Date{}, false
	}
	for i := 0; i < 20; i++ {
		if (i < 9 || i >= 12) && !isDigit(name[i]) {
			return "", journal.Date{}, false
		}
	}
	d, err := journal.ParseDate(name[12:16] + "-" + name[16:18] + "-" + name[18:])
	if err != nil {
		return "", journal.Date{}, false
	}
	return name[:9], d, true
}
