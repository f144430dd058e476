package bank_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/stretchr/testify/require"
)

// TestCamt053EntryStatus: only an entry booked — BOOK as a code, BOOK as
// the text of versions before .08, or no status — is on the statement;
// any other status, and a proprietary one whatever its text, is left out
// as pending. Each statement closes at its opening plus 10.00 and the
// entry of 5.00 under test: an entry taken wrongly makes it not add up.
func TestCamt053EntryStatus(t *testing.T) {
	for _, tc := range []struct {
		sts    string
		booked bool
	}{
		{`<Sts><Cd>BOOK</Cd></Sts>`, true},
		{`<Sts>BOOK</Sts>`, true},
		{``, true},
		{`<Sts><Cd>PDNG</Cd></Sts>`, false},
		{`<Sts>PDNG</Sts>`, false},
		{`<Sts><Cd>INFO</Cd></Sts>`, false},
		{`<Sts><Prtry>BOOK</Prtry></Sts>`, false},
		{`<Sts><Prtry>BOOKED</Prtry></Sts>`, false},
		{`<Sts><Prtry>ENCOURS</Prtry></Sts>`, false},
	} {
		t.Run(tc.sts, func(t *testing.T) {
			closing := "110.00"
			if tc.booked {
				closing = "115.00"
			}
			file := `<Document><BkToCstmrStmt><Stmt><Id>S-1</Id>` +
				`<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>` +
				`<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>` +
				`<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + closing + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>` +
				`<Ntry><NtryRef>A</NtryRef><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-10</Dt></BookgDt></Ntry>` +
				`<Ntry><NtryRef>B</NtryRef><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>` + tc.sts + `<BookgDt><Dt>2026-03-11</Dt></BookgDt></Ntry>` +
				`</Stmt></BkToCstmrStmt></Document>`
			ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
			require.NoError(t, err)
			require.Len(t, ss, 1)
			var refs []string
			for _, e := range ss[0].Entries {
				refs = append(refs, e.Ref)
			}
			if tc.booked {
				require.Equal(t, []string{"A", "B"}, refs)
			} else {
				require.Equal(t, []string{"A"}, refs)
			}
		})
	}
}
