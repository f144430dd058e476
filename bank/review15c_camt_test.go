package bank_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/stretchr/testify/require"
)

func r15cPage(n int, opening, openType, closing, closeType, entries string) string {
	return `<Stmt><Id>P-1</Id><StmtPgntn><PgNb>` + fmt.Sprint(n) + `</PgNb><LastPgInd>false</LastPgInd></StmtPgntn>` +
		`<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>` +
		`<Bal><Tp><CdOrPrtry><Cd>` + openType + `</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + opening + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>` +
		`<Bal><Tp><CdOrPrtry><Cd>` + closeType + `</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + closing + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>` +
		entries + `</Stmt>`
}

func r15cNtry(a string) string {
	return `<Ntry><Amt Ccy="EUR">` + a + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-10</Dt></BookgDt></Ntry>`
}

// Page 2 opens at 999.00 where page 1 closed at 130.00, and its one entry
// of 5.00 does not take 999.00 to 135.00: the pages do not follow each
// other and page 2 does not add up, yet the merged statement is accepted
// because only first opening + all entries = last closing is checked.
func TestR15cCamtPagesNotChained(t *testing.T) {
	file := `<Document><BkToCstmrStmt>` +
		r15cPage(1, "100.00", "OPBD", "130.00", "ITBD", r15cNtry("10.00")+r15cNtry("20.00")) +
		r15cPage(2, "999.00", "ITBD", "135.00", "CLBD", r15cNtry("5.00")) + `</BkToCstmrStmt></Document>`
	ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
	require.Error(t, err, "page 2 opens at 999.00, page 1 closed at 130.00; got %d statement(s)", len(ss))
}

// Each page adds up wrongly (page 1: 100+30 ≠ 125; page 2: 125+5 ≠ 135),
// the errors cancel out in the merged totals.
func TestR15cCamtPagesEachWrong(t *testing.T) {
	file := `<Document><BkToCstmrStmt>` +
		r15cPage(1, "100.00", "OPBD", "125.00", "ITBD", r15cNtry("10.00")+r15cNtry("20.00")) +
		r15cPage(2, "125.00", "ITBD", "135.00", "CLBD", r15cNtry("5.00")) + `</BkToCstmrStmt></Document>`
	ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
	require.Error(t, err, "neither page adds up; got %d statement(s)", len(ss))
}
