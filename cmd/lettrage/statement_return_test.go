package main_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStatementPostReturns: a return the bank labels with nothing the
// deposit named is left to post by 'import --match'; 'statement post
// --returns' posts it by hand, and the invoice the cheque paid is owed
// again. --returns without --partner is a usage error.
func TestStatementPostReturns(t *testing.T) {
	t.Parallel()
	dir := hrev42Book(t, false)
	deposit, _, _ := strings.Cut(hrev42Cheque, "      <Ntry>\n        <Amt Ccy=\"EUR\">360.00</Amt><CdtDbtInd>DBIT")
	bare := deposit + `      <Ntry>
        <Amt Ccy="EUR">360.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-24</Dt></BookgDt><AcctSvcrRef>L6</AcctSvcrRef>
        <AddtlNtryInf>IMPAYE</AddtlNtryInf>
      </Ntry>`
	hrev42Camt(t, dir, "march.xml", "0.00", bare)
	r := hrev42Step(t, dir, "import", "camt053", "march.xml", "--match")
	require.Contains(t, r.stdout, "1 statement line matched", r.stdout)
	require.Contains(t, r.stdout, "L6", "the return is left to post: %s", r.stdout)

	r = run(t, dir, "", "statement", "post", "BNP", "RLV-2026-03", "L6", "--returns", "L3")
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, "--partner", r.stderr)

	r = hrev42Step(t, dir, "statement", "post", "BNP", "RLV-2026-03", "L6", "--returns", "L3", "--partner", "C003")
	assert.Contains(t, r.stdout, "the return of RLV-2026-03 L3", r.stdout)
	r = hrev42Step(t, dir, "state", "VT/2026/00001")
	assert.Contains(t, r.stdout, "not_paid", r.stdout)
	assert.Contains(t, r.stdout, "due       360,00", r.stdout)
	assert.Empty(t, mustOpen(t, dir), "every line posted")
	hrev42Step(t, dir, "verify")
}
