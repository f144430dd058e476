package fec_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/report/fec"
)

// FuzzValidate feeds Validate arbitrary bytes: it must never panic, never
// fail without an I/O error, and keep its findings bounded.
func FuzzValidate(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const findingsMax = 50
		rep, err := fec.Validate(bytes.NewReader(data), fec.Options{LineBytesMax: 512, FindingsMax: findingsMax})
		if err != nil {
			t.Fatalf("error without I/O failure: %v", err)
		}
		if len(rep.Findings) > findingsMax {
			t.Fatalf("%d findings kept, limit %d", len(rep.Findings), findingsMax)
		}
		if rep.Errors+rep.Warnings != len(rep.Findings)+rep.Dropped {
			t.Fatalf("counts %d+%d, kept %d, dropped %d", rep.Errors, rep.Warnings, len(rep.Findings), rep.Dropped)
		}
		if rep.OK() != (rep.Errors == 0) {
			t.Fatal("OK disagrees with Errors")
		}
		if len(data) == 0 && rep.OK() {
			t.Fatal("an empty file passed")
		}
		rd := fec.NewReader(bytes.NewReader(data), 512)
		for rd.Next() {
			if row, err := rd.Row(); err == nil {
				_ = row.Check() // must not panic on any row read back
			}
		}
	})
}
