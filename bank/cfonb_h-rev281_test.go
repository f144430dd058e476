package bank_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// rev281Rec lays out a CFONB 120 record of the account 30006 00001
// 12345678901 (in EUR): each key is the 1-based column its text starts at.
func rev281Rec(code string, fields map[int]string) string {
	b := []byte(strings.Repeat(" ", 120))
	for c, s := range map[int]string{1: code, 3: "30006", 12: "00001", 17: "EUR", 20: "2", 22: "12345678901"} {
		copy(b[c-1:], s)
	}
	for c, s := range fields {
		copy(b[c-1:], s)
	}
	return string(b)
}

// rev281Amt codes minor units as the records 04 do: 13 digits, the last
// digit and the sign in one character.
func rev281Amt(minor int64) string {
	s := fmt.Sprintf("%014d", max(minor, -minor))
	d := s[13] - '0'
	if minor < 0 {
		return s[:13] + string("}JKLMNOPQR"[d])
	}
	return s[:13] + string("{ABCDEFGHI"[d])
}

// rev281Digits writes an amount of a record 05 (MMO, FEE): 14 digits.
func rev281Digits(minor int64) string { return fmt.Sprintf("%014d", minor) }

// rev281Foreign is a month of a euro account with two transfers in other
// currencies, as a French bank writes them: 1 000,00 USD received,
// booked 902,43 EUR after 15,00 EUR of commissions (FEE), and 500,00
// GBP sent, booked −587,20 EUR, the correspondent's 10,00 USD of fees
// told in a FEE of its own currency. The MMO records carry the rate after
// the amount (decimals, then 11 digits).
func rev281Foreign(mmoUSD string) string {
	c05 := func(day, q, info string) string {
		return rev281Rec("05", map[int]string{8: "0158", 33: "05", 35: day, 46: q, 49: info})
	}
	return strings.Join([]string{
		rev281Rec("01", map[int]string{35: "280226", 91: rev281Amt(10000)}),
		rev281Rec("04", map[int]string{8: "0158", 33: "05", 35: "050326", 43: "050326", 49: "VIR INTERNATIONAL RECU", 82: "0000011", 91: rev281Amt(90243)}),
		c05("050326", "NPY", "DELTA TOOLS INC"),
		c05("050326", "MMO", mmoUSD),
		c05("050326", "FEE", "EUR2"+rev281Digits(1500)),
		c05("050326", "LIB", "INVOICE VT/2026/00052"),
		rev281Rec("04", map[int]string{8: "0168", 33: "06", 35: "120326", 43: "120326", 49: "VIR INTERNATIONAL EMIS", 82: "0000012", 91: rev281Amt(-58720)}),
		c05("120326", "NBE", "BRITISH PARTS LTD"),
		c05("120326", "MMO", "GBP2"+rev281Digits(50000)+"400000085150"),
		c05("120326", "FEE", "USD2"+rev281Digits(1000)),
		rev281Rec("07", map[int]string{35: "310326", 91: rev281Amt(10000 + 90243 - 58720)}),
	}, "\r\n") + "\r\n"
}

// TestRev281CFONBOriginalAmountAndFees pins the MMO and FEE complements:
// the amount in the original currency becomes the transaction's
// Instructed amount, signed as the movement; commissions in the
// account's currency its charges and the entry's, in another the
// remittance.
func TestRev281CFONBOriginalAmountAndFees(t *testing.T) {
	t.Parallel()
	ss, err := bank.ReadCFONB120(strings.NewReader(rev281Foreign("USD2"+rev281Digits(100000)+"400000010850")), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 1)
	in, out := ss[0].Entries[0], ss[0].Entries[1]

	require.Equal(t, "902.43 EUR", in.Amount.String())
	require.Equal(t, "1000.00 USD", in.Transactions[0].Instructed.String())
	require.Equal(t, "15.00 EUR", in.Charges.String(), "the entry's charges: what matching puts back")
	require.Equal(t, "15.00 EUR", in.Transactions[0].Charges.String())
	require.Equal(t, "DELTA TOOLS INC", in.Transactions[0].Counterparty)
	require.Equal(t, "INVOICE VT/2026/00052", in.Transactions[0].Remittance)

	require.Equal(t, "-587.20 EUR", out.Amount.String())
	require.Equal(t, "-500.00 GBP", out.Transactions[0].Instructed.String(), "signed as the movement")
	require.False(t, out.Charges.IsSet(), "fees in dollars were not taken from a euro account")
	require.False(t, out.Transactions[0].Charges.IsSet())
}

// TestRev281CFONBOriginalAmountTable pins what an MMO says in its
// currency, decimals and amount, and what it refuses.
func TestRev281CFONBOriginalAmountTable(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ mmo, want, err string }{
		{mmo: "USD2" + rev281Digits(100000), want: "1000.00 USD"},
		{mmo: "JPY0" + rev281Digits(155), want: "155 JPY"},
		{mmo: "USD3" + rev281Digits(1000000), want: "1000.00 USD"}, // three decimals, exact in cents
		{mmo: "EUR2" + rev281Digits(90243), want: ""},              // the account's currency: nothing more to say
		{mmo: "USD2" + rev281Amt(100000), want: "1000.00 USD"},     // the records 04's form of the last digit
		{mmo: "XXQ2" + rev281Digits(100000), err: "MMO (amount in the original currency): currency"},
		{mmo: "USD " + rev281Digits(100000), err: "decimals"},
		{mmo: "USD3" + rev281Digits(100001), err: "MMO"}, // 100.001 USD is not exact in cents
		{mmo: "USD2" + "0000000010O000", err: "MMO"},
	} {
		ss, err := bank.ReadCFONB120(strings.NewReader(rev281Foreign(c.mmo)), bank.ReadOptions{})
		if c.err != "" {
			require.ErrorIs(t, err, bank.ErrFormat, c.mmo)
			require.ErrorContains(t, err, c.err, c.mmo)
			require.ErrorContains(t, err, "line 4", c.mmo)
			continue
		}
		require.NoError(t, err, c.mmo)
		got := ss[0].Entries[0].Transactions[0].Instructed
		if c.want == "" {
			require.False(t, got.IsSet(), c.mmo)
			continue
		}
		require.Equal(t, c.want, got.String(), c.mmo)
	}
}

// TestRev281CFONBReimportBeforeInstructed: a statement imported before
// the reader read MMO and FEE, read again now, is the same statement:
// nothing written, on every backend.
func TestRev281CFONBReimportBeforeInstructed(t *testing.T) {
	t.Parallel()
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, r := bookWithBankAccount(t, s)
			ss, err := bank.ReadCFONB120(strings.NewReader(rev281Foreign("USD2"+rev281Digits(100000)+"400000010850")), bank.ReadOptions{})
			require.NoError(t, err)
			old := ss[0]
			old.Entries = append(old.Entries[:0:0], old.Entries...)
			for i := range old.Entries {
				e := &old.Entries[i]
				e.Charges = currency.Amount{}
				e.Transactions = append(e.Transactions[:0:0], e.Transactions...)
				for k := range e.Transactions {
					e.Transactions[k].Instructed, e.Transactions[k].Charges = currency.Amount{}, currency.Amount{}
				}
			}
			got, err := r.ImportStatement(ctx, old)
			require.NoError(t, err)
			require.True(t, got.New)
			again, err := r.ImportStatement(ctx, ss[0])
			require.NoError(t, err, "the same file, read with what the reader now reads")
			require.False(t, again.New)
			kept, err := r.Statements(ctx, "BNP")
			require.NoError(t, err)
			require.Len(t, kept, 1)
			require.False(t, kept[0].Entries[0].Transactions[0].Instructed.IsSet(), "the one kept keeps its entries as imported")
			require.NoError(t, b.Check(ctx))
		})
	}
}

// TestRev281CamtInstructedAmount: camt.053 fills the Instructed amount
// as the CFONB MMO does, from AmtDtls/InstdAmt in another currency than
// the account's, signed as the transaction; a transaction in the
// account's currency has none.
func TestRev281CamtInstructedAmount(t *testing.T) {
	t.Parallel()
	var found []string
	for _, file := range []string{hrev229Camt02, hrev229Camt08} {
		ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
		require.NoError(t, err)
		for _, s := range ss {
			for _, e := range s.Entries {
				for _, x := range e.Transactions {
					if x.Instructed.IsSet() {
						found = append(found, x.EndToEndID+" "+x.Amount.String()+" = "+x.Instructed.String())
					}
				}
			}
		}
	}
	require.Equal(t, []string{"PAY-0042 -920.40 EUR = -1000.00 USD", "PAY-0099 -1000.00 EUR = -1086.95 USD"}, found)
}
