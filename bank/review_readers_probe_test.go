package bank_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/reconcile"
)

// rrCamt builds a camt.053 file of one statement on an EUR account unless
// ccy says otherwise.
func rrStmt(id, ccy, bals, entries string) string {
	return `<Stmt><Id>` + id + `</Id><Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>` + ccy + `</Ccy></Acct>` + bals + entries + `</Stmt>`
}

func rrBal(tp, amt, ccy, ind, dt string) string {
	return `<Bal><Tp><CdOrPrtry><Cd>` + tp + `</Cd></CdOrPrtry></Tp><Amt Ccy="` + ccy + `">` + amt + `</Amt><CdtDbtInd>` + ind + `</CdtDbtInd><Dt><Dt>` + dt + `</Dt></Dt></Bal>`
}

func rrNtry(amt, ccy, ind, sts, bookg, extra string) string {
	return `<Ntry><Amt Ccy="` + ccy + `">` + amt + `</Amt><CdtDbtInd>` + ind + `</CdtDbtInd><Sts><Cd>` + sts + `</Cd></Sts><BookgDt>` + bookg + `</BookgDt>` + extra + `</Ntry>`
}

func rrDoc(stmts ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2026-03-31T10:00:00</CreDtTm></GrpHdr>` + strings.Join(stmts, "") + `</BkToCstmrStmt></Document>`
}

func rrRead(t *testing.T, file string) ([]reconcile.BankStatement, error) {
	t.Helper()
	var out []reconcile.BankStatement
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic: %v", r)
			}
		}()
		out, err = bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
	}()
	if err != nil && !errors.Is(err, bank.ErrFormat) && !errors.Is(err, reconcile.ErrStatement) && !errors.Is(err, bank.ErrTooLarge) {
		t.Fatalf("untyped error: %v", err)
	}
	return out, err
}

func rrReadCFONB(t *testing.T, file string) ([]reconcile.BankStatement, error) {
	t.Helper()
	var out []reconcile.BankStatement
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic: %v", r)
			}
		}()
		out, err = bank.ReadCFONB120(strings.NewReader(file), bank.ReadOptions{})
	}()
	if err != nil && !errors.Is(err, bank.ErrFormat) && !errors.Is(err, reconcile.ErrStatement) && !errors.Is(err, bank.ErrTooLarge) {
		t.Fatalf("untyped error: %v", err)
	}
	return out, err
}

// rrRec builds a 120-character CFONB record from its fields by column.
func rrRec(code, ccy, dec, date, opcode, reject, valdate, label, number, amount, ref string) string {
	b := []byte(strings.Repeat(" ", 120))
	put := func(col int, s string) { copy(b[col-1:], s) }
	put(1, code)
	put(3, "30006")
	put(12, "00001")
	put(17, ccy)
	put(20, dec)
	put(22, "12345678901")
	put(33, opcode)
	put(35, date)
	put(41, reject)
	put(43, valdate)
	put(49, label)
	put(82, number)
	put(91, amount)
	put(105, ref)
	return string(b)
}

func rrCompl(date, qual, info string) string {
	b := []byte(strings.Repeat(" ", 120))
	put := func(col int, s string) { copy(b[col-1:], s) }
	put(1, "05")
	put(3, "30006")
	put(12, "00001")
	put(17, "EUR")
	put(20, "2")
	put(22, "12345678901")
	put(35, date)
	put(46, qual)
	put(49, info)
	return string(b)
}

func rrCamt1(bals, entries string) string { return rrDoc(rrStmt("S", "EUR", bals, entries)) }

var (
	rrOB = rrBal("OPBD", "100.00", "EUR", "CRDT", "2026-03-01")
	rrD  = `<Dt>2026-03-10</Dt>`
)

func rrCB(a string) string { return rrBal("CLBD", a, "EUR", "CRDT", "2026-03-31") }

// Probes of camt.053 behaviour that is right (they pass).
func TestReviewReadersProbeCamt(t *testing.T) {
	one := func(t *testing.T, f string) reconcile.BankStatement {
		t.Helper()
		ss, err := rrRead(t, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) != 1 {
			t.Fatalf("%d statements", len(ss))
		}
		return ss[0]
	}
	eq := func(t *testing.T, want, got string) {
		t.Helper()
		if want != got {
			t.Fatalf("want %q, got %q", want, got)
		}
	}
	t.Run("pending and info entries left out", func(t *testing.T) {
		s := one(t, rrCamt1(rrOB+rrCB("110.00"), rrNtry("10.00", "EUR", "CRDT", "BOOK", rrD, "")+
			rrNtry("5.00", "EUR", "CRDT", "PDNG", rrD, "")+rrNtry("7.00", "EUR", "DBIT", "INFO", rrD, "")+rrNtry("3.00", "EUR", "CRDT", "FUTR", rrD, "")))
		eq(t, "1", string(rune('0'+len(s.Entries))))
	})
	t.Run("negative balances (DBIT)", func(t *testing.T) {
		s := one(t, rrCamt1(rrBal("OPBD", "100.00", "EUR", "DBIT", "2026-03-01")+rrBal("CLBD", "90.00", "EUR", "DBIT", "2026-03-31"), rrNtry("10.00", "EUR", "CRDT", "BOOK", rrD, "")))
		eq(t, "-100.00", s.Opening.Plain())
		eq(t, "-90.00", s.Closing.Plain())
	})
	t.Run("only PRCD opens; CLAV ignored; order of Bal free", func(t *testing.T) {
		s := one(t, rrCamt1(rrCB("110.00")+rrBal("CLAV", "999.00", "EUR", "CRDT", "2026-03-31")+rrBal("PRCD", "100.00", "EUR", "CRDT", "2026-02-28"), rrNtry("10.00", "EUR", "CRDT", "BOOK", rrD, "")))
		eq(t, "100.00", s.Opening.Plain())
		eq(t, "110.00", s.Closing.Plain())
	})
	t.Run("reversal keeps the indicator's sign", func(t *testing.T) {
		s := one(t, rrCamt1(rrOB+rrCB("90.00"), rrNtry("10.00", "EUR", "DBIT", "BOOK", rrD, `<RvslInd>true</RvslInd>`)))
		eq(t, "-10.00", s.Entries[0].Amount.Plain())
		if !s.Entries[0].Reversal {
			t.Fatal("not a reversal")
		}
	})
	t.Run("DtTm with a zone: the date as written", func(t *testing.T) {
		s := one(t, rrCamt1(rrOB+rrCB("110.00"), rrNtry("10.00", "EUR", "CRDT", "BOOK", `<DtTm>2026-03-10T23:30:00.123-05:00</DtTm>`, "")))
		eq(t, "2026-03-10", s.Entries[0].BookingDate.String())
	})
	t.Run("decimals: .5, 5., 005.00000; JPY written 1500.00; KWD 3 decimals", func(t *testing.T) {
		eq(t, "0.50", one(t, rrCamt1(rrOB+rrCB("100.50"), rrNtry(".5", "EUR", "CRDT", "BOOK", rrD, ""))).Entries[0].Amount.Plain())
		eq(t, "5.00", one(t, rrCamt1(rrOB+rrCB("105.00"), rrNtry("5.", "EUR", "CRDT", "BOOK", rrD, ""))).Entries[0].Amount.Plain())
		eq(t, "5.00", one(t, rrCamt1(rrOB+rrCB("105.00"), rrNtry("005.00000", "EUR", "CRDT", "BOOK", rrD, ""))).Entries[0].Amount.Plain())
		eq(t, "500 JPY", one(t, rrDoc(rrStmt("S", "JPY", rrBal("OPBD", "1000.00", "JPY", "CRDT", "2026-03-01")+rrBal("CLBD", "1500", "JPY", "CRDT", "2026-03-31"), rrNtry("500.00", "JPY", "CRDT", "BOOK", rrD, "")))).Entries[0].Amount.String())
		eq(t, "0.235 KWD", one(t, rrDoc(rrStmt("S", "KWD", rrBal("OPBD", "1", "KWD", "CRDT", "2026-03-01")+rrBal("CLBD", "1.235", "KWD", "CRDT", "2026-03-31"), rrNtry("0.235", "KWD", "CRDT", "BOOK", rrD, "")))).Entries[0].Amount.String())
	})
	t.Run("bad amounts are typed errors", func(t *testing.T) {
		for _, a := range []string{"5.005", "1,5", "1 000", "-5.00", "+5.00", "1e2", "", strings.Repeat("9", 400)} {
			_, err := rrRead(t, rrCamt1(rrOB+rrCB("105.00"), rrNtry(a, "EUR", "CRDT", "BOOK", rrD, "")))
			if !errors.Is(err, bank.ErrFormat) {
				t.Fatalf("%q: %v", a, err)
			}
		}
		_, err := rrRead(t, rrDoc(rrStmt("S", "JPY", rrBal("OPBD", "1000", "JPY", "CRDT", "2026-03-01")+rrBal("CLBD", "1500", "JPY", "CRDT", "2026-03-31"), rrNtry("500.5", "JPY", "CRDT", "BOOK", rrD, ""))))
		if !errors.Is(err, bank.ErrFormat) {
			t.Fatal(err)
		}
	})
	t.Run("foreign-currency transaction: the counter value in EUR", func(t *testing.T) {
		s := one(t, rrCamt1(rrOB+rrCB("110.00"), rrNtry("10.00", "EUR", "CRDT", "BOOK", rrD,
			`<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy="USD">11.00</Amt><AmtDtls><InstdAmt><Amt Ccy="USD">11.00</Amt></InstdAmt><TxAmt><Amt Ccy="USD">11.00</Amt></TxAmt><CntrValAmt><Amt Ccy="EUR">10.00</Amt></CntrValAmt></AmtDtls>`+
				`<RmtInf><Ustrd>INV 1</Ustrd><Ustrd>INV 2</Ustrd><Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls>`)))
		tx := s.Entries[0].Transactions[0]
		eq(t, "10.00", tx.Amount.Plain())
		eq(t, "", tx.EndToEndID)
		eq(t, "INV 1 INV 2", tx.Remittance)
		eq(t, "RF18539007547034", tx.CreditorRef)
	})
	t.Run("several statements, several accounts, same id", func(t *testing.T) {
		ss, err := rrRead(t, rrDoc(rrStmt("S", "EUR", rrOB+rrCB("110.00"), rrNtry("10.00", "EUR", "CRDT", "BOOK", rrD, "")),
			strings.Replace(rrStmt("S", "EUR", rrOB+rrCB("100.00"), ""), "FR7630006000011234567890189", "DE89370400440532013000", 1)))
		if err != nil || len(ss) != 2 || ss[1].Account != "DE89370400440532013000" {
			t.Fatalf("%v %d", err, len(ss))
		}
	})
	t.Run("prefixed namespace, BOM", func(t *testing.T) {
		f := "\ufeff" + `<?xml version="1.0"?><c:Document xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><c:BkToCstmrStmt><c:Stmt><c:Id>S</c:Id>` +
			`<c:Acct><c:Id><c:IBAN>FR7630006000011234567890189</c:IBAN></c:Id><c:Ccy>EUR</c:Ccy></c:Acct>` +
			`<c:Bal><c:Tp><c:CdOrPrtry><c:Cd>OPBD</c:Cd></c:CdOrPrtry></c:Tp><c:Amt Ccy="EUR">100.00</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Dt><c:Dt>2026-03-01</c:Dt></c:Dt></c:Bal>` +
			`<c:Bal><c:Tp><c:CdOrPrtry><c:Cd>CLBD</c:Cd></c:CdOrPrtry></c:Tp><c:Amt Ccy="EUR">110.00</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Dt><c:Dt>2026-03-31</c:Dt></c:Dt></c:Bal>` +
			`<c:Ntry><c:Amt Ccy="EUR">10.00</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Sts>BOOK</c:Sts><c:BookgDt><c:Dt>2026-03-10</c:Dt></c:BookgDt></c:Ntry></c:Stmt></c:BkToCstmrStmt></c:Document>`
		eq(t, "110.00", one(t, f).Closing.Plain())
	})
	t.Run("truncated or unbalanced: typed errors", func(t *testing.T) {
		full := rrCamt1(rrOB+rrCB("110.00"), rrNtry("10.00", "EUR", "CRDT", "BOOK", rrD, ""))
		for _, f := range []string{full[:strings.Index(full, "</Stmt>")+7], full[:200], rrCamt1(rrOB+rrCB("110.00")+rrCB("999.00"), rrNtry("10.00", "EUR", "CRDT", "BOOK", rrD, ""))} {
			if _, err := rrRead(t, f); err == nil {
				t.Fatal("accepted")
			}
		}
	})
}

// Probes of CFONB 120 behaviour that is right (they pass).
func TestReviewReadersProbeCFONB(t *testing.T) {
	o := func(dec, amt string) string { return rrRec("01", "EUR", dec, "280226", "", "", "", "", "", amt, "") }
	c := func(dec, amt string) string { return rrRec("07", "EUR", dec, "310326", "", "", "", "", "", amt, "") }
	m := func(dec, amt string) string {
		return rrRec("04", "EUR", dec, "020326", "05", "", "020326", "VIR", "0000001", amt, "REF1")
	}
	one := func(t *testing.T, f string) reconcile.BankStatement {
		t.Helper()
		ss, err := rrReadCFONB(t, f)
		if err != nil {
			t.Fatal(err)
		}
		return ss[0]
	}
	t.Run("every signed digit", func(t *testing.T) {
		lines := []string{o("2", "0000000000000{")}
		want := []string{}
		for i, ch := range "{ABCDEFGHI}JKLMNOPQR" {
			lines = append(lines, rrRec("04", "EUR", "2", "020326", "05", "", "", "X", "", "0000000000010"+string(ch), ""))
			sign := ""
			if i >= 10 {
				sign = "-"
			}
			want = append(want, sign+"1.0"+string(rune('0'+i%10)))
		}
		lines = append(lines, c("2", "0000000000000{"))
		s := one(t, strings.Join(lines, "\r\n"))
		for i, e := range s.Entries {
			if e.Amount.Plain() != want[i] {
				t.Fatalf("%d: want %s got %s", i, want[i], e.Amount.Plain())
			}
		}
	})
	t.Run("decimals 0 and 3 on EUR", func(t *testing.T) {
		s := one(t, strings.Join([]string{o("0", "0000000000100{"), m("0", "0000000000001A"), c("0", "0000000000101A")}, "\n"))
		if s.Entries[0].Amount.Plain() != "11.00" || s.Opening.Plain() != "1000.00" {
			t.Fatal(s.Entries[0].Amount, s.Opening)
		}
		s = one(t, strings.Join([]string{o("3", "0000000100000{"), m("3", "0000000001001}"), c("3", "0000000098999{")}, "\n"))
		if s.Entries[0].Amount.Plain() != "-10.01" {
			t.Fatal(s.Entries[0].Amount)
		}
	})
	t.Run("flat, EOF mark, LF with short lines, Windows-1252", func(t *testing.T) {
		recs := []string{o("2", "0000000010000{"), strings.Replace(m("2", "0000000001000{"), "VIR ", "VIR\xe9", 1), c("2", "0000000011000{")}
		for name, f := range map[string]string{
			"flat":     strings.Join(recs, ""),
			"flat EOF": strings.Join(recs, "") + "\x1a",
			"CRLF EOF": strings.Join(recs, "\r\n") + "\r\n\x1a",
			"LF short": strings.TrimRight(recs[0], " ") + "\n" + recs[1] + "\n" + strings.TrimRight(recs[2], " "),
		} {
			s := one(t, f)
			if s.Entries[0].Label != "VIRé" || s.Closing.Plain() != "1100.00" {
				t.Fatalf("%s: %q %s", name, s.Entries[0].Label, s.Closing)
			}
		}
	})
	t.Run("complements and several statements", func(t *testing.T) {
		f := strings.Join([]string{o("2", "0000000010000{"), m("2", "0000000001000{"), rrCompl("020326", "NPY", "DUPONT"), rrCompl("020326", "LIB", "FACT 1"), rrCompl("020326", "REF", "RF18539007547034"),
			c("2", "0000000011000{"), rrRec("01", "EUR", "2", "310326", "", "", "", "", "", "0000000011000{", ""), rrRec("07", "EUR", "2", "300426", "", "", "", "", "", "0000000011000{", "")}, "\r\n")
		ss, err := rrReadCFONB(t, f)
		if err != nil || len(ss) != 2 {
			t.Fatal(err)
		}
		tx := ss[0].Entries[0].Transactions[0]
		if tx.Counterparty != "DUPONT" || tx.Remittance != "FACT 1" || tx.CreditorRef != "RF18539007547034" || tx.EndToEndID != "REF1" {
			t.Fatalf("%+v", tx)
		}
	})
	t.Run("bad records are typed errors", func(t *testing.T) {
		for _, f := range []string{
			o("2", "0000000010000{") + "\r\n" + m("2", "0000000001000a") + "\r\n" + c("2", "0000000011000{"),
			o("2", "0000000010000{") + "\r\n" + m("2", "        1000{ ") + "\r\n" + c("2", "0000000011000{"),
			o("2", "0000000010000{") + "\r\n" + m("2", "0000000001000{"),
			o("2", "0000000010000{") + m("2", "0000000001000{")[:100],
		} {
			if _, err := rrReadCFONB(t, f); err == nil {
				t.Fatal("accepted")
			}
		}
	})
}
