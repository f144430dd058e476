package bank_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/stretchr/testify/require"
)

// hrev81Camt is a statement of March 2026 whose balances are given as
// date-times in Paris's offsets (OPBD at the start of 1 March, CLBD at the
// end of 31 March), with period (FrToDt) or without, holding one entry
// booked as booking.
func hrev81Camt(period, booking string) string {
	return "<Document><BkToCstmrStmt><Stmt><Id>S-1</Id>\n" + period +
		`<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>` + "\n" +
		`<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><DtTm>2026-03-01T00:00:00+01:00</DtTm></Dt></Bal>` + "\n" +
		`<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">110.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><DtTm>2026-03-31T23:59:59+02:00</DtTm></Dt></Bal>` + "\n" +
		`<Ntry><AcctSvcrRef>BK-7</AcctSvcrRef><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><DtTm>` +
		booking + `</DtTm></BookgDt></Ntry>` + "\n" +
		`</Stmt></BkToCstmrStmt></Document>`
}

const hrev81March = `<FrToDt><FrDtTm>2026-03-01T00:00:00+01:00</FrDtTm><ToDtTm>2026-03-31T23:59:59+02:00</ToDtTm></FrToDt>`

// Was failing, fixed: a statement without FrToDt is bounded by its balances' days, but
// those days are compared as written, not in the balances' zone as the
// period's are: an entry booked at 2026-02-28T23:30:00Z (00:30 on 1 March
// in Paris) in a statement whose opening balance is taken at
// 2026-03-01T00:00:00+01:00 is refused with a *PeriodError ("booked on
// 2026-02-28, outside 2026-03-01 to 2026-03-31"), though it is booked
// after the opening, and the same statement giving those instants as its
// FrToDt reads (checked first). Expected: read, as with FrToDt; source:
// Camt053's godoc and inPeriod's ("Days are compared, not times … a bank
// that writes its period in UTC … only makes it look a day longer"; "a
// statement without one has every entry booked between its opening and
// closing balances' days"), DESIGN §12 (a genuine statement is not
// refused).
func TestHrev81CamtNoPeriodBookedInUTCAfterTheOpeningInstant(t *testing.T) {
	const booking = "2026-02-28T23:30:00Z"
	_, err := bank.ReadCamt053(strings.NewReader(hrev81Camt(hrev81March, booking)), bank.ReadOptions{})
	require.NoError(t, err, "control: with the period")
	_, err = bank.ReadCamt053(strings.NewReader(hrev81Camt("", booking)), bank.ReadOptions{})
	require.NoError(t, err, "without the period, bounded by the balances")
}

// Was failing, fixed: the reverse: an entry booked at 2026-03-31T22:30:00Z (00:30 on 1
// April in Paris), after the closing balance taken at
// 2026-03-31T23:59:59+02:00, is taken from a statement without FrToDt
// (its day as written, 31 March, is the closing's), while the same
// statement with those instants as FrToDt refuses it (checked first).
// Expected: a *PeriodError, as with the period; source: Camt053's godoc
// ("an entry booked after the closing balance's day cannot be in that
// balance"), TestCamt053Period's "date-time after" case.
func TestHrev81CamtNoPeriodBookedInUTCAfterTheClosingInstant(t *testing.T) {
	const booking = "2026-03-31T22:30:00Z"
	_, err := bank.ReadCamt053(strings.NewReader(hrev81Camt(hrev81March, booking)), bank.ReadOptions{})
	require.ErrorIs(t, err, bank.ErrOutsidePeriod, "control: with the period")
	_, err = bank.ReadCamt053(strings.NewReader(hrev81Camt("", booking)), bank.ReadOptions{})
	require.ErrorIs(t, err, bank.ErrOutsidePeriod, "without the period, bounded by the balances")
}
