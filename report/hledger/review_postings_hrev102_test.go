package hledger_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a balance assignment in a foreign currency ("512100  = 100 USD",
// a posting with no amount and a balance assertion) is read as an
// inferred posting: 512100 gets 90.00 EUR in euros and the 100 USD are
// lost, without a word. In hledger an assignment gives the posting the
// amount that brings the balance to the assertion (hledger manual,
// Balance assignments), here 100 USD, then the two commodities balance
// by an implicit cost: hledger 1.25 "print -x" shows "512100  100 USD @@
// 90 EUR = 100 USD" and "bal" 100 USD on 512100. Want the 512100 line
// 100.00 USD at 90.00 EUR, or a refusal (read.go Read takes "@" and "@@"
// costs and counts assertions; an assignment is neither).
func TestHrev102ForeignBalanceAssignment(t *testing.T) {
	b, err := hrev93Read(t, "2026-01-05 Vente\n    512100  = 100 USD\n    706000  -90 EUR\n")
	if err != nil {
		return // a refusal is acceptable
	}
	for _, l := range hrev93Entry(t, b).Lines {
		if l.Account == "512100" {
			assert.Equal(t, "100.00 USD", l.AmountCurrency.String())
			assert.Equal(t, "90.00 EUR", l.Balance.String())
		}
	}
}

// Was failing, fixed: a posting's status mark written against its account
// ("*622700", "!401000:S9") is refused with ErrAccount ("*622700" is not
// a book account, "map it with ReadOptions.Accounts"). hledger reads the
// mark, then optional spaces, then the account: hledger 1.25 prints this
// transaction as "* 622700  10 EUR" and "! 401000:S9". Status marks are
// in Read's subset (read.go Read: "status marks"), and Read takes the
// header's "*desc" so. Want 10.00 EUR on 622700.
func TestHrev102PostingStatusWithoutSpace(t *testing.T) {
	b, err := hrev93Read(t, "2026-01-05 x\n    *622700  10 EUR\n    !401000:S9\n")
	require.NoError(t, err)
	assert.Equal(t, "10.00 EUR", balanceHrev83(t, b, "622700"))
}
