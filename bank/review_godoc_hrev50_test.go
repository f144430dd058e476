package bank_test

// Review h-rev50: the exported godoc of packages bank and print read as a
// contract. Every test here failed on the code it was written against;
// each says how it was fixed (the code, or the documentation where the
// code was right).

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
)

// Changed (the documentation was ambiguous): CFONB120 said "An entry's
// Ref is its booking date and the bank's entry number (its position when
// the bank gives none, or zeros)"; a movement without an entry number gets
// "#4", its position alone. The code is kept — a statement imported
// before is recognised by its entries' Refs, and changing them would
// import it twice — and the doc now says "#" and the position. This test
// holds the code to the new doc.
func TestHrev50CFONBRefWithoutNumberHasBookingDate(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "cfonb120.txt"))
	require.NoError(t, err)
	defer f.Close()
	ss, err := bank.ReadCFONB120(f, bank.ReadOptions{})
	require.NoError(t, err)
	e := ss[0].Entries[3]
	require.Equal(t, "2026-03-20", e.BookingDate.String())
	assert.Equal(t, "#4", e.Ref, "its position in the statement")
	assert.True(t, strings.HasPrefix(ss[0].Entries[0].Ref, ss[0].Entries[0].BookingDate.String()+"/"), ss[0].Entries[0].Ref)
}

// Was failing, fixed: CFONB120: "LIB, LCC, LC2 and complements without a qualifier the
// remittance text …, a record repeating what the remittance already says
// (LIB and LCC of the same text) read once". A second free-text
// complement "F-1" — another invoice, not a repetition — is dropped
// because the characters "F-1" occur inside "F-10" of the first: the
// remittance the lettering searches for document numbers loses an
// invoice. Code wrong: repetition is tested as a substring, not as the
// same text (or the same words).
func TestHrev50CFONBComplementInsideAnotherNumberKept(t *testing.T) {
	tx := hrev37Tx(t, hrev37In(), hrev37Rec05("   ", "REGLEMENT FACTURES F-10 F-11"), hrev37Rec05("   ", "F-1"))
	assert.Equal(t, "REGLEMENT FACTURES F-10 F-11 F-1", tx.Remittance)
}
