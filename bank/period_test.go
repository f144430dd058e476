package bank_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// TestCamt053Period: an entry booked (BookgDt) outside the period its
// statement gives (FrToDt) is refused, naming its line and the period; a
// statement without a period is bounded by its closing balance's day
// (after it, see TestHrev69CamtEntryBookedAfterClosingBalance), and a
// value date outside the period is not checked. Date-times compare as days, in the period's time zone when
// both carry one.
func TestCamt053Period(t *testing.T) {
	const march = `<FrToDt><FrDtTm>2026-03-01T00:00:00+01:00</FrDtTm><ToDtTm>2026-03-31T23:59:59+02:00</ToDtTm></FrToDt>`
	for _, tc := range []struct {
		name, period, dates string
		outside             string // the booking date refused; empty when the statement reads
	}{
		{"no period", ``, `<BookgDt><Dt>2026-03-15</Dt></BookgDt>`, ""},
		{"no period, on the opening balance's day", ``, `<BookgDt><Dt>2026-02-28</Dt></BookgDt>`, ""},
		{"no period, on the closing balance's day", ``, `<BookgDt><Dt>2026-03-31</Dt></BookgDt>`, ""},
		{"inside", march, `<BookgDt><Dt>2026-03-10</Dt></BookgDt>`, ""},
		{"first day", march, `<BookgDt><Dt>2026-03-01</Dt></BookgDt>`, ""},
		{"last day", march, `<BookgDt><Dt>2026-03-31</Dt></BookgDt>`, ""},
		{"day after", march, `<BookgDt><Dt>2026-04-01</Dt></BookgDt>`, "2026-04-01"},
		{"day before", march, `<BookgDt><Dt>2026-02-28</Dt></BookgDt>`, "2026-02-28"},
		{"date-time after", march, `<BookgDt><DtTm>2026-04-01T08:00:00+02:00</DtTm></BookgDt>`, "2026-04-01"},
		{"date-time in UTC, 1 March in Paris", march, `<BookgDt><DtTm>2026-02-28T23:30:00Z</DtTm></BookgDt>`, ""},
		{"date-time in UTC, 28 February in Paris", march, `<BookgDt><DtTm>2026-02-28T22:30:00Z</DtTm></BookgDt>`, "2026-02-28"},
		{"date-time without zone", march, `<BookgDt><DtTm>2026-03-31T12:00:00</DtTm></BookgDt>`, ""},
		{"period in UTC", `<FrToDt><FrDtTm>2026-02-28T23:00:00Z</FrDtTm><ToDtTm>2026-03-31T21:59:59Z</ToDtTm></FrToDt>`,
			`<BookgDt><Dt>2026-03-01</Dt></BookgDt>`, ""},
		{"period ending at 24:00", `<FrToDt><FrDtTm>2026-03-01T00:00:00</FrDtTm><ToDtTm>2026-03-31T24:00:00</ToDtTm></FrToDt>`,
			`<BookgDt><Dt>2026-03-31</Dt></BookgDt>`, ""},
		{"period of dates", `<FrToDt><FrDt>2026-03-01</FrDt><ToDt>2026-03-31</ToDt></FrToDt>`,
			`<BookgDt><Dt>2026-04-01</Dt></BookgDt>`, "2026-04-01"},
		{"value date after, booked inside", march, `<BookgDt><Dt>2026-03-31</Dt></BookgDt><ValDt><Dt>2026-04-02</Dt></ValDt>`, ""},
		{"value date after, no booking date", march, `<ValDt><Dt>2026-04-02</Dt></ValDt>`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := "<Document><BkToCstmrStmt><Stmt><Id>S-1</Id>\n" + tc.period +
				`<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>` + "\n" +
				`<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-02-28</Dt></Dt></Bal>` + "\n" +
				`<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">110.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>` + "\n" +
				`<Ntry><AcctSvcrRef>BK-7</AcctSvcrRef><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` + tc.dates + `</Ntry>` + "\n" +
				`</Stmt></BkToCstmrStmt></Document>`
			ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
			if tc.outside == "" {
				require.NoError(t, err)
				require.Len(t, ss[0].Entries, 1)
				return
			}
			require.ErrorIs(t, err, bank.ErrOutsidePeriod)
			require.ErrorIs(t, err, reconcile.ErrStatement)
			var pe *bank.PeriodError
			require.True(t, errors.As(err, &pe))
			require.Equal(t, "line 5", pe.Where)
			require.Equal(t, "S-1", pe.Statement)
			require.Equal(t, "BK-7", pe.Ref)
			require.Equal(t, tc.outside, pe.Booked.String())
			require.Equal(t, "2026-03-01", pe.From.String())
			require.Equal(t, "2026-03-31", pe.To.String())
			require.Contains(t, err.Error(), "line 5: statement S-1: entry BK-7 is booked on "+tc.outside+
				", outside the statement's period 2026-03-01 to 2026-03-31")
		})
	}
}

// TestCamt053PeriodMalformed: a period that cannot be read, or that ends
// before it starts, is a malformed file.
func TestCamt053PeriodMalformed(t *testing.T) {
	for _, period := range []string{
		`<FrToDt><FrDtTm>2026-03-01T00:00:00</FrDtTm></FrToDt>`,
		`<FrToDt><FrDtTm>2026-03-01</FrDtTm><ToDtTm>2026-03-31T00:00:00</ToDtTm></FrToDt>`,
		`<FrToDt><FrDtTm>2026-03-31T00:00:00</FrDtTm><ToDtTm>2026-03-01T00:00:00</ToDtTm></FrToDt>`,
	} {
		t.Run(period, func(t *testing.T) {
			file := `<Document><BkToCstmrStmt><Stmt><Id>S-1</Id>` + period +
				`<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>` +
				`<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-02-28</Dt></Dt></Bal>` +
				`<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>` +
				`</Stmt></BkToCstmrStmt></Document>`
			_, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
			require.ErrorIs(t, err, bank.ErrFormat)
			require.Contains(t, err.Error(), "its period (<FrToDt>)")
		})
	}
}

// TestCFONB120Period: a movement booked (columns 35–40 of its record 04)
// before the date of its statement's record 01 or after the date of its
// record 07 is refused, naming its line; one booked on either day reads,
// and its value date (columns 43–48) may fall outside.
func TestCFONB120Period(t *testing.T) {
	lines := strings.Split(strings.TrimRight(readFile(t, "cfonb120.txt"), "\r\n"), "\r\n")
	for _, tc := range []struct {
		name    string
		col     int    // the column edited on line 2, the statement's first record 04
		text    string // what is written there
		outside string // the booking date refused; empty when the file reads
	}{
		{"booked on the old balance's day", 35, "280226", ""},
		{"booked on the new balance's day", 35, "310326", ""},
		{"booked the day before the old balance", 35, "270226", "2026-02-27"},
		{"booked the day after the new balance", 35, "010426", "2026-04-01"},
		{"valued before the period", 43, "150226", ""},
		{"valued after the period", 43, "030426", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := append([]string(nil), lines...)
			l[1] = l[1][:tc.col-1] + tc.text + l[1][tc.col-1+len(tc.text):]
			for _, flat := range []bool{false, true} {
				sep, where := "\r\n", "line 2, record 2"
				if flat {
					sep, where = "", "record 2"
				}
				ss, err := bank.ReadCFONB120(strings.NewReader(strings.Join(l, sep)), bank.ReadOptions{})
				if tc.outside == "" {
					require.NoError(t, err)
					require.Len(t, ss[0].Entries, 4)
					continue
				}
				require.ErrorIs(t, err, bank.ErrOutsidePeriod)
				require.ErrorIs(t, err, reconcile.ErrStatement)
				var pe *bank.PeriodError
				require.True(t, errors.As(err, &pe))
				require.Equal(t, where, pe.Where)
				require.Equal(t, tc.outside, pe.Booked.String())
				require.Equal(t, "2026-02-28", pe.From.String())
				require.Equal(t, "2026-03-31", pe.To.String())
				require.Contains(t, err.Error(), where+": statement "+pe.Statement+": entry "+pe.Ref+" is booked on "+tc.outside+
					", outside the statement's period 2026-02-28 to 2026-03-31; ask the bank for a corrected statement")
			}
		})
	}
}
