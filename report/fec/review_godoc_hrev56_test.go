package fec_test

// Review h-rev56: the fec package's godoc read as a contract. Every test
// here failed on the code it was written against and says how it was
// fixed.

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/report/fec"
)

func hrev56Row() fec.Row {
	d := journal.MustDate(2026, time.March, 2)
	return fec.Row{JournalCode: "VT", JournalLib: "Ventes", EcritureNum: "VT1", EcritureDate: d,
		CompteNum: "411000", CompteLib: "Clients", PieceRef: "F1", PieceDate: d, EcritureLib: "Facture",
		Debit: currency.MustParse(eur, "10.00"), ValidDate: d}
}

func hrev56Pair(r fec.Row) fec.Row {
	r.CompteNum, r.CompteLib, r.CompAuxNum, r.CompAuxLib = "706000", "Ventes", "", ""
	r.EcritureLet, r.DateLet = "", journal.Date{}
	r.Credit, r.Debit = r.Debit, currency.Amount{}
	return r
}

func hrev56Write(t *testing.T, sep fec.Separator, rows ...fec.Row) (string, error) {
	t.Helper()
	var buf bytes.Buffer
	w := fec.NewWriter(&buf, sep)
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			return buf.String(), err
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), nil
}

// Was failing, fixed: the Writer doc promises "a line break or any other control character inside a text is replaced by a space", but appendText only replaces ASCII controls: C1 controls U+0085 (NEL, also a line break) and U+009F, and the line separator U+2028, are written as they are.
func TestHrev56WriterReplacesC1Controls(t *testing.T) {
	r := hrev56Row()
	r.EcritureLib = "a\u0085b\u2028c\u009fd"
	out, err := hrev56Write(t, fec.Tab, r, hrev56Pair(r))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"\u0085", "\u2028", "\u009f"} {
		if strings.Contains(out, bad) {
			t.Errorf("output holds %q", bad)
		}
	}
}

// Was failing, fixed: Row.Check promises ErrPair when only one of CompAuxNum/CompAuxLib (EcritureLet/DateLet) is given and says a text of only control characters or a pipe is written empty, but the pair check uses blank() (spaces only), so CompAuxNum "\n" with CompAuxLib "Client", EcritureLet "\t" with a DateLet, or CompAuxLib "|" pass Check although the Writer writes that column empty.
func TestHrev56CheckAuxPairAfterWriting(t *testing.T) {
	r := hrev56Row()
	r.CompAuxNum, r.CompAuxLib = "\n", "Client"
	err := r.Check()
	if !errors.Is(err, fec.ErrPair) {
		t.Errorf("Check = %v, want ErrPair", err)
	}
	r = hrev56Row()
	r.EcritureLet, r.DateLet = "\t", r.EcritureDate
	if err := r.Check(); !errors.Is(err, fec.ErrPair) {
		t.Errorf("Check = %v, want ErrPair", err)
	}
	r = hrev56Row()
	r.CompAuxNum, r.CompAuxLib = "C1", "|"
	if err := r.Check(); !errors.Is(err, fec.ErrPair) {
		t.Errorf("Check = %v, want ErrPair (pipe)", err)
	}
}

// Was failing, fixed: Writer.Write checks each row (Row.Check: "every problem that makes r an invalid FEC line on its own"), yet it writes a row with CompAuxNum "\n" and CompAuxLib "Client" as a line that Validate rejects with aux-pair (CompAuxNum blank, CompAuxLib given).
func TestHrev56WrittenRowsValidate(t *testing.T) {
	r := hrev56Row()
	r.CompAuxNum, r.CompAuxLib = "\n", "Client"
	out, err := hrev56Write(t, fec.Pipe, r, hrev56Pair(r))
	if err != nil {
		return
	}
	rep, err := fec.Validate(strings.NewReader(out), fec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Errorf("Writer wrote a row Validate rejects: %v", rep.Findings)
	}
}
