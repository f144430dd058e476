package bank_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/stretchr/testify/require"
)

// An xs:date may carry a time zone. ISO 20022 types every Dt of camt.053
// (BookgDt/Dt, ValDt/Dt, Bal/Dt/Dt) as ISODate, a restriction of xs:date
// with no pattern (camt.053.001.08.xsd: <xs:simpleType name="ISODate">
// <xs:restriction base="xs:date"/>), and XML Schema Part 2 §3.2.9 gives
// xs:date the lexical form yyyy-mm-dd followed by an optional zone
// ("Z", "+01:00"). Java/JAXB bank back ends write dates that way
// (XMLGregorianCalendar of a date with a zone).
//
// Expected: the file is read, the entry booked on 2026-03-10, the value
// date 2026-03-11, the opening dated 2026-03-01.
// Observed: ErrFormat `booking date: date "2026-03-10+01:00": journal:
// invalid date` — a schema-valid statement is refused.
func TestReviewReadersCamtDateWithTimeZone(t *testing.T) {
	file := rrDoc(rrStmt("S", "EUR",
		rrBal("OPBD", "100.00", "EUR", "CRDT", "2026-03-01Z")+rrBal("CLBD", "110.00", "EUR", "CRDT", "2026-03-31+01:00"),
		rrNtry("10.00", "EUR", "CRDT", "BOOK", `<Dt>2026-03-10+01:00</Dt>`, `<ValDt><Dt>2026-03-11+01:00</Dt></ValDt>`)))
	ss, err := rrRead(t, file)
	require.NoError(t, err, "a schema-valid xs:date with a time zone")
	require.Len(t, ss, 1)
	require.Equal(t, "2026-03-01", ss[0].OpeningDate.String())
	require.Equal(t, "2026-03-31", ss[0].ClosingDate.String())
	require.Equal(t, "2026-03-10", ss[0].Entries[0].BookingDate.String())
	require.Equal(t, "2026-03-11", ss[0].Entries[0].ValueDate.String())
}

// A date-time is only checked on its first ten characters: "2026-03-10
// 25:99" (no T, hour 25, no seconds) is taken for 2026-03-10.
// ISODateTime is xs:dateTime (XML Schema Part 2 §3.2.7:
// yyyy-mm-ddThh:mm:ss(.s+)?(zzzzzz)?), so this is not a camt.053 value.
//
// Expected: ErrFormat naming the booking date, as for a bad Dt.
// Observed: the entry is imported booked on 2026-03-10.
func TestReviewReadersCamtDateTimeGarbageAccepted(t *testing.T) {
	for _, bad := range []string{"2026-03-10 25:99", "2026-03-10garbage", "2026-03-10T99:00:00"} {
		file := rrDoc(rrStmt("S", "EUR",
			rrBal("OPBD", "100.00", "EUR", "CRDT", "2026-03-01")+rrBal("CLBD", "110.00", "EUR", "CRDT", "2026-03-31"),
			rrNtry("10.00", "EUR", "CRDT", "BOOK", `<DtTm>`+bad+`</DtTm>`, "")))
		ss, err := rrRead(t, file)
		require.ErrorIs(t, err, bank.ErrFormat, "DtTm %q is not an xs:dateTime; got %d statement(s)", bad, len(ss))
	}
}

// A <Stmt> holding two <Acct> (the schema allows exactly one: Acct
// [1..1] of AccountStatement) is read as a statement of the second
// account: the FR account's entries are silently given to the DE one.
//
// Expected: ErrFormat naming the line of the second <Acct>.
// Observed: one statement of DE89370400440532013000 with the entry.
func TestReviewReadersCamtTwoAccountsInOneStatement(t *testing.T) {
	file := rrDoc(`<Stmt><Id>S</Id>` +
		`<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>` +
		`<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>` +
		rrBal("OPBD", "100.00", "EUR", "CRDT", "2026-03-01") + rrBal("CLBD", "110.00", "EUR", "CRDT", "2026-03-31") +
		rrNtry("10.00", "EUR", "CRDT", "BOOK", `<Dt>2026-03-10</Dt>`, "") + `</Stmt>`)
	ss, err := rrRead(t, file)
	if err == nil {
		t.Fatalf("two accounts in one statement accepted: read as a statement of %s", ss[0].Account)
	}
	require.ErrorIs(t, err, bank.ErrFormat)
}

// The opening balance dated after the closing one (OPBD 2026-04-30, CLBD
// 2026-03-31) is accepted: the statement runs backwards. ISO 20022
// camt.053: OPBD is the "book balance of the account at the beginning of
// the account reporting period", CLBD the one "at the end of the
// pre-agreed account reporting period"; a period that ends before it
// starts is not a statement.
//
// Expected: ErrFormat (or reconcile.ErrStatement) naming the balances.
// Observed: a statement from 2026-04-30 to 2026-03-31.
func TestReviewReadersCamtOpeningAfterClosing(t *testing.T) {
	file := rrDoc(rrStmt("S", "EUR",
		rrBal("OPBD", "100.00", "EUR", "CRDT", "2026-04-30")+rrBal("CLBD", "110.00", "EUR", "CRDT", "2026-03-31"),
		rrNtry("10.00", "EUR", "CRDT", "BOOK", `<Dt>2026-03-10</Dt>`, "")))
	ss, err := rrRead(t, file)
	if err == nil {
		t.Fatalf("accepted a statement from %s to %s", ss[0].OpeningDate, ss[0].ClosingDate)
	}
}

// CFONB 120: records 04 and 07 carry the account's currency code
// (columns 17–19, "code devise") like record 01. The reader checks that
// they repeat the bank, branch and account numbers of the record 01, but
// not the currency: a movement or closing balance in USD inside a EUR
// statement is read as euros.
//
// Expected: ErrFormat "record 04 in USD inside the statement in EUR"
// (a blank code may stay the statement's, as for records 01).
// Observed: the USD figures read as 1000.00 EUR and a closing of
// 11000.00 EUR.
func TestReviewReadersCFONBRecordInAnotherCurrency(t *testing.T) {
	o := rrRec("01", "EUR", "2", "280226", "", "", "", "", "", "0000000100000{", "")
	m := rrRec("04", "EUR", "2", "020326", "05", "", "020326", "VIR", "0000001", "0000000010000{", "")
	c := rrRec("07", "EUR", "2", "310326", "", "", "", "", "", "0000000110000{", "")
	usd := func(rec string) string { return rec[:16] + "USD" + rec[19:] }
	for name, lines := range map[string][]string{
		"record 04 in USD": {o, usd(m), c},
		"record 07 in USD": {o, m, usd(c)},
	} {
		ss, err := rrReadCFONB(t, strings.Join(lines, "\r\n")+"\r\n")
		if err == nil {
			t.Errorf("%s: accepted as %s, closing %s", name, ss[0].Entries[0].Amount, ss[0].Closing)
			continue
		}
		require.True(t, errors.Is(err, bank.ErrFormat), "%s: %v", name, err)
	}
}

// CFONB 120: the record 01 gives the date of the previous balance
// ("date de l'ancien solde"), the record 07 the date of the new one
// ("date du nouveau solde"); a 07 dated before its 01 is a broken file.
//
// Expected: ErrFormat naming the record 07.
// Observed: a statement "20260331-20260228", from 2026-03-31 to
// 2026-02-28.
func TestReviewReadersCFONBClosingBeforeOpening(t *testing.T) {
	o := rrRec("01", "EUR", "2", "310326", "", "", "", "", "", "0000000100000{", "")
	c := rrRec("07", "EUR", "2", "280226", "", "", "", "", "", "0000000100000{", "")
	ss, err := rrReadCFONB(t, o+"\r\n"+c+"\r\n")
	if err == nil {
		t.Fatalf("accepted statement %s from %s to %s", ss[0].ID, ss[0].OpeningDate, ss[0].ClosingDate)
	}
}
