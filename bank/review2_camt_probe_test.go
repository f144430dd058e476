package bank_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
)

// Review probe (passes): the period check of camt.053 statements across
// time zones, DST, midnight and several statements in one file: an entry
// booked within the period (as an instant, or as a day) reads, one
// outside is refused as ErrOutsidePeriod; each statement's period is its
// own.
func TestReviewTwoProbeCamt053Periods(t *testing.T) {
	stmt := func(id, period, dates string) string {
		return `<Stmt><Id>` + id + `</Id>` + period +
			`<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>` +
			`<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-02-28</Dt></Dt></Bal>` +
			`<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">110.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>` +
			`<Ntry><AcctSvcrRef>BK-` + id + `</AcctSvcrRef><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>` + dates + `</Ntry></Stmt>`
	}
	per := func(from, to string) string {
		return `<FrToDt><FrDtTm>` + from + `</FrDtTm><ToDtTm>` + to + `</ToDtTm></FrToDt>`
	}
	bk := func(s string) string {
		if strings.Contains(s, "T") {
			return `<BookgDt><DtTm>` + s + `</DtTm></BookgDt>`
		}
		return `<BookgDt><Dt>` + s + `</Dt></BookgDt>`
	}
	dst := per("2026-03-29T00:00:00+01:00", "2026-03-29T23:59:59+02:00")
	night := per("2026-03-01T18:00:00+01:00", "2026-03-02T06:00:00+01:00")
	for _, tc := range []struct {
		name    string
		stmts   []string
		outside bool
	}{
		{"DST day, last minute in summer time", []string{stmt("A", dst, bk("2026-03-29T23:59:00+02:00"))}, false},
		{"DST day, first minute in winter time", []string{stmt("A", dst, bk("2026-03-29T00:00:00+01:00"))}, false},
		{"DST day, the next day in UTC", []string{stmt("A", dst, bk("2026-03-29T22:30:00Z"))}, true},
		{"over midnight, before midnight", []string{stmt("A", night, bk("2026-03-01T22:00:00+01:00"))}, false},
		{"over midnight, after midnight in UTC", []string{stmt("A", night, bk("2026-03-02T04:00:00Z"))}, false},
		{"over midnight, a day", []string{stmt("A", night, bk("2026-03-02"))}, false},
		{"over midnight, the day after", []string{stmt("A", night, bk("2026-03-03"))}, true},
		{"first statement fine, second outside its own period", []string{
			stmt("A", per("2026-03-01T00:00:00", "2026-03-31T23:59:59"), bk("2026-03-31")),
			stmt("B", per("2026-04-01T00:00:00", "2026-04-30T23:59:59"), bk("2026-03-31"))}, true},
		{"second statement without a period", []string{
			stmt("A", per("2026-03-01T00:00:00", "2026-03-31T23:59:59"), bk("2026-03-31")),
			stmt("B", "", bk("2026-03-31"))}, false},
		{"second statement without a period, booked after its closing balance", []string{
			stmt("A", per("2026-03-01T00:00:00", "2026-03-31T23:59:59"), bk("2026-03-31")),
			stmt("B", "", bk("2026-05-31"))}, true},
		{"value date only, outside", []string{stmt("A", dst, `<ValDt><Dt>2026-04-02</Dt></ValDt>`)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := "<Document><BkToCstmrStmt>" + strings.Join(tc.stmts, "\n") + "</BkToCstmrStmt></Document>"
			ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
			if tc.outside {
				require.ErrorIs(t, err, bank.ErrOutsidePeriod)
				return
			}
			require.NoError(t, err)
			require.Len(t, ss, len(tc.stmts))
		})
	}
}
