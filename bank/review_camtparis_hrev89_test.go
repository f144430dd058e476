package bank_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// hrev89Camt is a statement of January 2026 whose balances are taken at
// instants in Paris's winter offset (OPBD at the start of 1 January, CLBD
// at the end of 31 January), with period (FrToDt) or without, holding one
// entry booked at instant booking.
func hrev89Camt(period, booking string) string {
	return "<Document><BkToCstmrStmt><Stmt><Id>S-JAN</Id>\n" + period +
		`<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>` + "\n" +
		`<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><DtTm>2026-01-01T00:00:00+01:00</DtTm></Dt></Bal>` + "\n" +
		`<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">110.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><DtTm>2026-01-31T23:59:59+01:00</DtTm></Dt></Bal>` + "\n" +
		`<Ntry><AcctSvcrRef>BK-1</AcctSvcrRef><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><DtTm>` +
		booking + `</DtTm></BookgDt></Ntry>` + "\n" +
		`</Stmt></BkToCstmrStmt></Document>`
}

const hrev89January = `<FrToDt><FrDtTm>2026-01-01T00:00:00+01:00</FrDtTm><ToDtTm>2026-01-31T23:59:59+01:00</ToDtTm></FrToDt>`

// Was failing, fixed: a statement without FrToDt whose balances are in Paris's offset
// is checked in Paris days (inPeriod counts the booking in the CLBD's
// zone: 2025-12-31T23:30:00Z is 00:30 on 1 January 2026 there), but the
// booking is then stored on its UTC day, 31 December 2025 — the day
// before the statement opens, in the previous fiscal year — because
// bookedOn only looks at the period's start, which the CLBD-derived
// period lacks. The same file with those instants as FrToDt books it on
// 1 January 2026 (checked first). Expected: 2026-01-01 both ways; source:
// the change's own rule ("a UTC booking instant is put on its Paris
// day", internal/paris), bookedOn's godoc ("for an instant in UTC its day
// in the period's zone"), Camt053's godoc (a statement without FrToDt is
// bounded by its CLBD in that balance's zone).
func TestHrev89CamtNoPeriodUTCBookingStoredOnItsUTCDay(t *testing.T) {
	const booking = "2025-12-31T23:30:00Z"
	want := journal.MustDate(2026, 1, 1)
	got, err := bank.ReadCamt053(strings.NewReader(hrev89Camt(hrev89January, booking)), bank.ReadOptions{})
	require.NoError(t, err, "control: with the period")
	require.Equal(t, want, got[0].Entries[0].BookingDate, "control: with the period")
	got, err = bank.ReadCamt053(strings.NewReader(hrev89Camt("", booking)), bank.ReadOptions{})
	require.NoError(t, err)
	require.Equal(t, want, got[0].Entries[0].BookingDate, "without the period: its Paris day, as with it")
}
