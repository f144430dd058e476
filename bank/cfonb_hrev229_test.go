package bank_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// hrev229Rec lays out a CFONB 120 record: each key is a 1-based column
// where its text starts.
func hrev229Rec(fields map[int]string) string {
	b := []byte(strings.Repeat(" ", 120))
	for c, s := range fields {
		copy(b[c-1:], s)
	}
	return string(b)
}

// hrev229Amt codes minor units as CFONB does: 13 digits, the last digit
// and the sign in one character ({, A–I positive; }, J–R negative).
func hrev229Amt(minor int64) string {
	neg := minor < 0
	if neg {
		minor = -minor
	}
	s := fmt.Sprintf("%014d", minor)
	d := s[13] - '0'
	var c byte
	switch {
	case !neg && d == 0:
		c = '{'
	case !neg:
		c = 'A' + d - 1
	case d == 0:
		c = '}'
	default:
		c = 'J' + d - 1
	}
	return s[:13] + string(c)
}

func hrev229Acct(bank, branch, acct, code string) map[int]string {
	return map[int]string{1: code, 3: bank, 12: branch, 17: "EUR", 20: "2", 22: acct}
}

func hrev229With(m map[int]string, more map[int]string) string {
	for k, v := range more {
		m[k] = v
	}
	return hrev229Rec(m)
}

// hrev229CFONB is a two-account file: the first account has five
// movements with complements, the second none.
func hrev229CFONB(closing int64) []string {
	a := func(code string) map[int]string { return hrev229Acct("30006", "00001", "12345678901", code) }
	c05 := func(date, q, info string) string {
		return hrev229With(a("05"), map[int]string{33: "05", 35: date, 46: q, 49: info})
	}
	b := func(code string) map[int]string { return hrev229Acct("20041", "01005", "0500013M026", code) }
	return []string{
		hrev229With(a("01"), map[int]string{35: "280226", 91: hrev229Amt(1000000)}),
		hrev229With(a("04"), map[int]string{8: "0159", 33: "05", 35: "020326", 43: "030326", 49: "VIR SEPA RECU CLIENT ALPHA", 82: "0000001", 91: hrev229Amt(145000), 105: "REFALPHA01"}),
		c05("020326", "NPY", "CLIENT ALPHA SARL"),
		c05("020326", "LIB", "FACTURE F-2026-001"),
		c05("020326", "RCN", "E2E-CLIENT-A-001"),
		c05("020326", "REF", "RF18539007547034"),
		hrev229With(a("04"), map[int]string{33: "11", 35: "050326", 43: "050326", 49: "COMMISSION TENUE DE COMPTE", 82: "0000002", 91: hrev229Amt(-1250)}),
		hrev229With(a("04"), map[int]string{33: "05", 35: "090326", 41: "01", 43: "030326", 49: "RETOUR VIR SEPA", 82: "0000003", 91: hrev229Amt(-100000)}),
		c05("090326", "NPY", "CLIENT ALPHA SARL"),
		hrev229With(a("04"), map[int]string{33: "06", 35: "200326", 43: "200326", 49: "VIR SEPA EMIS ACME", 82: "0000004", 91: hrev229Amt(-92543)}),
		c05("200326", "NPY", "MA SOCIETE SAS"),
		c05("200326", "NBE", "ACME SUPPLY INC"),
		c05("200326", "LCC", "INV 2026-88"),
		hrev229With(a("04"), map[int]string{33: "05", 35: "310326", 43: "310326", 49: "INTERETS CREDITEURS", 82: "0000005", 91: hrev229Amt(1701)}),
		hrev229With(a("07"), map[int]string{35: "310326", 91: hrev229Amt(closing)}),
		hrev229With(b("01"), map[int]string{35: "280226", 91: hrev229Amt(-25000)}),
		hrev229With(b("07"), map[int]string{35: "310326", 91: hrev229Amt(-25000)}),
	}
}

func TestHrev229CFONBRealFile(t *testing.T) {
	for _, nl := range []struct{ name, sep, end string }{{"crlf-nofinal", "\r\n", ""}, {"lf", "\n", "\n"}, {"flat", "", ""}, {"crlf-final", "\r\n", "\r\n"}} {
		t.Run(nl.name, func(t *testing.T) {
			file := strings.Join(hrev229CFONB(952908), nl.sep) + nl.end
			ss, err := bank.ReadCFONB120(strings.NewReader(file), bank.ReadOptions{})
			require.NoError(t, err)
			require.Len(t, ss, 2)
			s := ss[0]
			require.Equal(t, "FR7630006000011234567890189", string(s.Account))
			require.Equal(t, "10000.00", s.Opening.Plain())
			require.Equal(t, "9529.08", s.Closing.Plain())
			require.Equal(t, "2026-02-28", s.OpeningDate.String())
			require.Equal(t, "2026-03-31", s.ClosingDate.String())
			require.Len(t, s.Entries, 5)

			e := s.Entries[0]
			require.Equal(t, "1450.00", e.Amount.Plain())
			require.Equal(t, "2026-03-02", e.BookingDate.String())
			require.Equal(t, "2026-03-03", e.ValueDate.String())
			require.Equal(t, "2026-03-02/0000001", e.Ref)
			require.Equal(t, "05", e.BankCode)
			require.Equal(t, "VIR SEPA RECU CLIENT ALPHA", e.Label)
			require.Len(t, e.Transactions, 1)
			require.Equal(t, "CLIENT ALPHA SARL", e.Transactions[0].Counterparty)
			require.Equal(t, "FACTURE F-2026-001", e.Transactions[0].Remittance)
			require.Equal(t, "E2E-CLIENT-A-001", e.Transactions[0].EndToEndID)
			require.Equal(t, "RF18539007547034", e.Transactions[0].CreditorRef)

			require.Equal(t, "-12.50", s.Entries[1].Amount.Plain())
			require.False(t, s.Entries[1].Reversal)
			require.Equal(t, "-1000.00", s.Entries[2].Amount.Plain())
			require.True(t, s.Entries[2].Reversal)
			require.Equal(t, "-925.43", s.Entries[3].Amount.Plain())
			require.Equal(t, "ACME SUPPLY INC", s.Entries[3].Transactions[0].Counterparty)
			require.Equal(t, "INV 2026-88", s.Entries[3].Transactions[0].Remittance)
			require.Equal(t, "17.01", s.Entries[4].Amount.Plain())

			o := ss[1]
			require.Equal(t, "FR1420041010050500013M02606", string(o.Account))
			require.Equal(t, "-250.00", o.Opening.Plain())
			require.Equal(t, "-250.00", o.Closing.Plain())
			require.Empty(t, o.Entries)
		})
	}
}

// Every sign character reads as the bank meant.
func TestHrev229CFONBSignCharacters(t *testing.T) {
	for _, minor := range []int64{10, 11, 12, 13, 14, 15, 16, 17, 18, 19, -10, -11, -12, -13, -14, -15, -16, -17, -18, -19} {
		a := func(code string) map[int]string { return hrev229Acct("30006", "00001", "12345678901", code) }
		file := strings.Join([]string{
			hrev229With(a("01"), map[int]string{35: "280226", 91: hrev229Amt(0)}),
			hrev229With(a("04"), map[int]string{33: "05", 35: "020326", 43: "020326", 49: "X", 82: "0000001", 91: hrev229Amt(minor)}),
			hrev229With(a("07"), map[int]string{35: "310326", 91: hrev229Amt(minor)}),
		}, "\n")
		ss, err := bank.ReadCFONB120(strings.NewReader(file), bank.ReadOptions{})
		require.NoError(t, err)
		want := fmt.Sprintf("%d.%02d", minor/100, abs64(minor)%100)
		if minor < 0 && minor > -100 {
			want = fmt.Sprintf("-0.%02d", -minor)
		}
		require.Equal(t, want, ss[0].Entries[0].Amount.Plain(), hrev229Amt(minor))
	}
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// An 07 that does not agree with 01 and the movements: refused, typed,
// naming the line of the 07; importing writes nothing.
func TestHrev229CFONBClosingDisagrees(t *testing.T) {
	file := strings.Join(hrev229CFONB(952918), "\r\n")
	_, err := bank.ReadCFONB120(strings.NewReader(file), bank.ReadOptions{})
	require.ErrorIs(t, err, reconcile.ErrStatement)
	require.Contains(t, err.Error(), "line 15")

	for _, be := range storetest.Backends {
		t.Run(be.Name, func(t *testing.T) {
			_, r := bookWithBankAccount(t, be)
			ss, err := bank.ReadCFONB120(strings.NewReader(strings.Join(hrev229CFONB(952908), "\r\n")), bank.ReadOptions{})
			require.NoError(t, err)
			s := ss[0]
			s.Entries = s.Entries[:4] // one movement lost: the closing no longer agrees
			_, err = r.ImportStatement(ctx, s)
			require.True(t, errors.Is(err, reconcile.ErrStatement), "%v", err)
			kept, err := r.Statements(ctx, "BNP")
			require.NoError(t, err)
			require.Empty(t, kept)
			got, err := r.ImportStatement(ctx, ss[0])
			require.NoError(t, err)
			require.Equal(t, 5, got.Entries)
			again, err := r.ImportStatement(ctx, ss[0])
			require.NoError(t, err)
			require.False(t, again.New)
		})
	}
}

// Was failing, fixed: a returned incoming transfer (reject reason in columns 41–42, money out) names the original payer in NPY; the counterparty is dropped: expected "CLIENT ALPHA SARL", got ""
func TestHrev229CFONBReturnedTransferCounterparty(t *testing.T) {
	ss, err := bank.ReadCFONB120(strings.NewReader(strings.Join(hrev229CFONB(952908), "\n")), bank.ReadOptions{})
	require.NoError(t, err)
	rv := ss[0].Entries[2]
	require.True(t, rv.Reversal)
	require.Len(t, rv.Transactions, 1)
	require.Equal(t, "CLIENT ALPHA SARL", rv.Transactions[0].Counterparty)
}
