package bank_test

// Review h-rev74 of 52a98d2: camt.053 booking instants in UTC.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev74Booked reads a statement of period from–to with one entry booked
// at the instant at, and returns its booking date.
func hrev74Booked(t *testing.T, from, to, at string) string {
	t.Helper()
	ntry := `<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
		`<BookgDt><DtTm>` + at + `</DtTm></BookgDt><AcctSvcrRef>N1</AcctSvcrRef></Ntry>`
	stmt := `<Stmt><Id>S1</Id><FrToDt><FrDtTm>` + from + `</FrDtTm><ToDtTm>` + to + `</ToDtTm></FrToDt>` +
		`<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>` +
		rrBal("PRCD", "100.00", "EUR", "CRDT", "2026-02-28") + rrBal("CLBD", "110.00", "EUR", "CRDT", "2026-03-31") + ntry + `</Stmt>`
	s := hrev69One(t, hrev69Doc(".001.08", stmt))
	require.Len(t, s.Entries, 1)
	return s.Entries[0].BookingDate.String()
}

// Was failing, fixed: Expected: in a March statement of Paris days (from
// 2026-03-01T00:00:00+01:00 to 2026-03-31T23:59:59+02:00), an entry booked
// at 2026-03-20T23:30:00Z — 21 March 00:30 in Paris, still in winter time
// (+01:00) until 29 March — is booked on 21 March, and one at
// 2026-03-20T22:30:00Z (23:30 in Paris) on 20 March. Observed: the second
// is booked on 21 March: bookedOn takes the offset of the period's nearer
// bound, and 20 March is nearer the end (+02:00, summer time) than the
// start, so every UTC instant between 22:00 and 23:00 from 16 to 28 March
// is put a day late; the bounds give offsets, not the zone's rule.
func TestHrev74CamtUTCBookingMidMonth(t *testing.T) {
	from, to := "2026-03-01T00:00:00+01:00", "2026-03-31T23:59:59+02:00"
	assert.Equal(t, "2026-03-21", hrev74Booked(t, from, to, "2026-03-20T23:30:00Z"))
	assert.Equal(t, "2026-03-20", hrev74Booked(t, from, to, "2026-03-20T22:30:00Z"))
}

// Passes: a period given as dates only keeps a UTC booking on its UTC
// day; a booking without a zone stays as written.
func TestHrev74CamtBookingPeriodOfDates(t *testing.T) {
	ntry := func(at string) string {
		return `<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
			`<BookgDt><DtTm>` + at + `</DtTm></BookgDt><AcctSvcrRef>N1</AcctSvcrRef></Ntry>`
	}
	for at, want := range map[string]string{"2026-03-10T23:30:00Z": "2026-03-10", "2026-03-10T23:30:00": "2026-03-10"} {
		stmt := `<Stmt><Id>S1</Id><FrToDt><FrDt>2026-03-01</FrDt><ToDt>2026-03-31</ToDt></FrToDt>` +
			`<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>` +
			rrBal("PRCD", "100.00", "EUR", "CRDT", "2026-02-28") + rrBal("CLBD", "110.00", "EUR", "CRDT", "2026-03-31") + ntry(at) + `</Stmt>`
		s := hrev69One(t, hrev69Doc(".001.08", stmt))
		require.Len(t, s.Entries, 1)
		assert.Equal(t, want, s.Entries[0].BookingDate.String(), at)
	}
}
