package fec_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cockroachdb/apd/v3"

	"github.com/lettrage/lettrage/report/fec"
)

// FuzzHrev114ValidateRows: a file Validate finds no error nor warning in
// reads back, through Reader, into rows that parse, pass Row.Check, and
// add up to the Report's totals; nothing takes a second.
func FuzzHrev114ValidateRows(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		rep, err := fec.Validate(bytes.NewReader(data), fec.Options{LineBytesMax: 1024})
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("Validate took %v", d)
		}
		if !rep.OK() || rep.Warnings != 0 {
			return
		}
		rd := fec.NewReader(bytes.NewReader(data), 1024)
		var debit, credit apd.Decimal
		ctx := apd.BaseContext.WithPrecision(100)
		for rd.Next() {
			if rd.Line() == 1 {
				fields, _ := rd.Fields()
				if len(fields) != fec.ColumnCount {
					return
				}
				for i, name := range fields {
					if name != fec.Header[i] {
						return // columns by name, in another order: Reader reads by position
					}
				}
				continue
			}
			if fields, _ := rd.Fields(); len(fields) == fec.ColumnCount && !fec.Blank(fields[16]+fields[17]) {
				return // Montantdevise: Validate checks its form, Row its decimals and currency (documented apart)
			}
			row, err := rd.Row()
			if err != nil {
				t.Fatalf("line %d passed Validate, Row refuses it: %v", rd.Line(), err)
			}
			if err := row.Check(); err != nil {
				t.Fatalf("line %d passed Validate, Row.Check refuses it: %v", rd.Line(), err)
			}
			if row.Debit.IsSet() {
				ctx.Add(&debit, &debit, row.Debit.Decimal())
			}
			if row.Credit.IsSet() {
				ctx.Add(&credit, &credit, row.Credit.Decimal())
			}
		}
		if debit.Cmp(rep.Debit()) != 0 || credit.Cmp(rep.Credit()) != 0 {
			t.Fatalf("rows total %s / %s, Validate %s / %s", debit.String(), credit.String(), rep.Debit(), rep.Credit())
		}
	})
}
