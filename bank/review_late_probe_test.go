package bank_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/ident"
)

// Probe (passes): EPCText keeps the EPC set, transliterates Latin letters
// of the SEPA languages (composed or decomposed), cuts to n after
// transliteration (all ASCII, so bytes are characters), and
// transliterates Greek and Cyrillic letters (see
// reconcile/review_late_runs_test.go for a run).
func TestReviewLateProbeEPCText(t *testing.T) {
	for in, want := range map[string]string{
		"a/b-c?d:e(f).g,h'i+j k": "a/b-c?d:e(f).g,h'i+j k",
		"ßßß":                    "ssssss",
		"e\u0301\u0301":          "e",
		"x « y » z":              "x y z",
		"İstanbul Ștefan Łódź":   "Istanbul Stefan Lodz",
		"Œuvre":                  "OEuvre",
		"Παπαδόπουλος":           "Papadopoulos",
		"Иванов":                 "Ivanov",
	} {
		if got := bank.EPCText(in, 70); got != want {
			t.Errorf("EPCText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := bank.EPCText("Œuvre ßß Łódź", 5); got != "OEuvr" {
		t.Errorf("cut: %q", got)
	}
	if got := bank.EPCText(strings.Repeat("ß", 40), 70); len(got) != 70 {
		t.Errorf("cut after transliteration: %d", len(got))
	}
}

// Probe (passes): WritePain001 refuses a debtor account outside SEPA and a
// creditor with a BIC but no IBAN (typed, nothing written); a SEPA debtor
// in CH or GB is accepted.
func TestReviewLateProbePainParties(t *testing.T) {
	for name, mut := range map[string]func(r *bank.CreditTransferRun){
		"debtor TR":         func(r *bank.CreditTransferRun) { r.Debtor.IBAN = "TR330006100519786457841326"; r.Debtor.BIC = "" },
		"creditor BIC only": func(r *bank.CreditTransferRun) { r.Payments[0].Creditor.IBAN = "" },
		"creditor BR no BIC": func(r *bank.CreditTransferRun) {
			r.Payments[0].Creditor.IBAN = "BR1800360305000010009795493C1"
			r.Payments[0].Creditor.BIC = ""
		},
	} {
		run := sampleRun()
		mut(&run)
		var buf bytes.Buffer
		if err := bank.WritePain001(&buf, run); !errors.Is(err, bank.ErrTransfer) || buf.Len() != 0 {
			t.Errorf("%s: %v, %d bytes", name, err, buf.Len())
		}
	}
	for _, iban := range []ident.IBAN{"CH9300762011623852957", "GB29NWBK60161331926819"} {
		run := sampleRun()
		run.Debtor.IBAN, run.Debtor.BIC = iban, ""
		var buf bytes.Buffer
		if err := bank.WritePain001(&buf, run); err != nil {
			t.Errorf("debtor %s: %v", iban, err)
		}
	}
}

// Probe (passes): camt.053 date variants. xs:date with a zone and
// xs:dateTime with fraction and zone are read as the date written;
// DtTm without seconds, with a +hhmm zone or holding a bare date (all
// invalid xs:dateTime / ISODateTime) are refused; two ITBD balances on the
// same day open and close a statement; a second <Acct> is refused.
func TestReviewLateProbeCamtDates(t *testing.T) {
	cl := func(dt string) string {
		return `<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt>` + dt + `</Dt></Bal>`
	}
	for dt, want := range map[string]string{
		"<Dt>2026-03-31+02:00</Dt>":                  "2026-03-31",
		"<Dt>2026-03-31Z</Dt>":                       "2026-03-31",
		"<DtTm>2026-03-31T23:30:00.123-05:00</DtTm>": "2026-03-31",
		"<DtTm>2026-03-31T10:30</DtTm>":              "",
		"<DtTm>2026-03-31T10:30:00+0200</DtTm>":      "",
		"<DtTm>2026-03-31</DtTm>":                    "",
		"<DtTm>2026-03-31+02:00</DtTm>":              "",
		"<DtTm>2026-02-30T10:00:00</DtTm>":           "",
	} {
		out, err := rrRead(t, rrCamt1(rrOB+cl(dt), ""))
		switch {
		case want == "" && err == nil:
			t.Errorf("%s accepted", dt)
		case want != "" && err != nil:
			t.Errorf("%s: %v", dt, err)
		case want != "" && out[0].ClosingDate.String() != want:
			t.Errorf("%s: %s", dt, out[0].ClosingDate)
		}
	}
	it := rrBal("ITBD", "100.00", "EUR", "CRDT", "2026-03-10")
	if out, err := rrRead(t, rrCamt1(it+it, "")); err != nil || out[0].OpeningDate != out[0].ClosingDate {
		t.Errorf("ITBD same day: %v", err)
	}
	acct := `<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>`
	if _, err := rrRead(t, rrDoc(strings.Replace(rrStmt("S", "EUR", rrOB+rrCB("100.00"), ""), "</Acct>", "</Acct>"+acct, 1))); err == nil {
		t.Error("second Acct accepted")
	}
}

// Probe (passes): CFONB 120: a record 04 with a blank currency is in its
// statement's; a closing 07 on the opening's day is read; a 04 in USD in
// a EUR statement is refused.
func TestReviewLateProbeCFONB(t *testing.T) {
	o := rrRec("01", "EUR", "2", "020326", "", "", "", "", "", "0000000010000{", "")
	m := rrRec("04", "   ", "2", "020326", "05", "", "020326", "VIR", "0000001", "0000000001000{", "REF1")
	c := rrRec("07", "EUR", "2", "020326", "", "", "", "", "", "0000000011000{", "")
	ss, err := rrReadCFONB(t, strings.Join([]string{o, m, c}, "\r\n"))
	if err != nil || len(ss) != 1 || ss[0].Closing.Plain() != "1100.00" || ss[0].Entries[0].Amount.Plain() != "100.00" {
		t.Fatalf("%v %+v", err, ss)
	}
	usd := rrRec("04", "USD", "2", "020326", "05", "", "020326", "VIR", "0000001", "0000000001000{", "REF1")
	if _, err := rrReadCFONB(t, strings.Join([]string{o, usd, c}, "\r\n")); err == nil {
		t.Fatal("04 in USD accepted")
	}
}
