package bank_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/stretchr/testify/require"
)

// The .08 sample with its E5 entry's <RvslInd> written as the schema's
// other lexical form of true (xs:boolean: "true" or "1").
func TestReviewCamtReversalIndicatorOne(t *testing.T) {
	good := readFile(t, "camt053-08.xml")
	file := strings.Replace(good, "<RvslInd>true</RvslInd>", "<RvslInd>1</RvslInd>", 1)
	require.NotEqual(t, good, file)
	ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
	require.NoError(t, err)
	rev := ss[0].Entries[3]
	require.Equal(t, "E5", rev.Ref)
	require.True(t, rev.Reversal, "xs:boolean \"1\" is true: the entry is a reversal")
}

// cfonbSet sets columns of a 120-character record.
func cfonbSet(rec string, col int, s string) string {
	return rec[:col-1] + s + rec[col-1+len(s):]
}

func TestReviewCFONBRCNReferenceAndPurpose(t *testing.T) {
	good := readFile(t, "cfonb120.txt")
	lines := strings.Split(strings.TrimRight(good, "\r\n"), "\r\n")
	// The RCN complement is the client reference (35 characters) then the
	// purpose of the transfer (as in real files: "RCNOTHER REFERENCE ... PURPOSE").
	require.True(t, strings.Contains(lines[4], "RCNE2E-DUPONT-1"))
	lines[4] = cfonbSet(lines[4], 49+35, "SUPP")
	ss, err := bank.ReadCFONB120(strings.NewReader(strings.Join(lines, "\r\n")), bank.ReadOptions{})
	require.NoError(t, err)
	require.Equal(t, "E2E-DUPONT-1", ss[0].Entries[0].Transactions[0].EndToEndID)
}

func TestReviewCFONBSameClientReferenceTwice(t *testing.T) {
	good := readFile(t, "cfonb120.txt")
	lines := strings.Split(strings.TrimRight(good, "\r\n"), "\r\n")
	// Two movements whose reference zone (105-120) is the same client
	// reference, e.g. two rents paid with "LOYER MARS"; the bank's entry
	// numbers (82-88) differ: 0000001 and 0000002.
	lines[1] = cfonbSet(lines[1], 105, "LOYER MARS      ")
	lines[5] = cfonbSet(lines[5], 105, "LOYER MARS      ")
	ss, err := bank.ReadCFONB120(strings.NewReader(strings.Join(lines, "\r\n")), bank.ReadOptions{})
	require.NoError(t, err, "a statement whose movements share a client reference is a valid statement")
	require.Len(t, ss[0].Entries, 4)
}
