package bank_test

import (
	"testing"
)

// A camt.053 whose closing balance and an entry's booking date are dated
// "2026-03-31T24:00:00" (end of the day).
//
// Expected: read, the date being 31 March (ISO 20022 ISODateTime, the
// type of DtTm: "beginning / end of calendar day: 00:00:00 = the
// beginning of a calendar day, 24:00:00 = the end of a calendar day";
// xs:dateTime 1.0 allows hour 24 with 00:00 minutes and seconds). 1 April
// (xs:dateTime's canonical value) is accepted too by this test; a refusal
// is not.
// Observed: 16c2c7d checks DtTm with time.Parse("2006-01-02T15:04:05"),
// which refuses hour 24: "parsing time "2026-03-31T24:00:00": hour out of
// range" — the whole file is refused (ErrFormat), where before it was read
// (its first ten characters). Conversely 23:59:60 is refused too, which is
// right for xs:dateTime 1.0.
func TestReviewLateCamtDateTimeEndOfDay(t *testing.T) {
	bal := `<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">90.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><DtTm>2026-03-31T24:00:00</DtTm></Dt></Bal>`
	ntry := rrNtry("10.00", "EUR", "DBIT", "BOOK", `<DtTm>2026-03-10T24:00:00+01:00</DtTm>`, "")
	out, err := rrRead(t, rrCamt1(rrOB+bal, ntry))
	if err != nil {
		t.Fatalf("a valid ISODateTime refused: %v", err)
	}
	if c := out[0].ClosingDate.String(); c != "2026-03-31" && c != "2026-04-01" {
		t.Fatalf("closing date %s", c)
	}
	if b := out[0].Entries[0].BookingDate.String(); b != "2026-03-10" && b != "2026-03-11" {
		t.Fatalf("booking date %s", b)
	}
}
