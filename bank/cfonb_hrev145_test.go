package bank_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// hrev145Rec builds a 120-character CFONB record from its columns (1-based).
func hrev145Rec(t *testing.T, fields map[int]string) string {
	t.Helper()
	b := []byte(strings.Repeat(" ", 120))
	for at, s := range fields {
		require.LessOrEqual(t, at-1+len(s), 120, "field at %d", at)
		copy(b[at-1:], s)
	}
	return string(b)
}

func hrev145Acct(code, bankc, branch, account string, rest map[int]string) map[int]string {
	m := map[int]string{1: code, 3: bankc, 12: branch, 17: "EUR", 20: "2", 22: account}
	for k, v := range rest {
		m[k] = v
	}
	return m
}

func hrev145CFONB(t *testing.T) string {
	a := func(code string, rest map[int]string) string {
		return hrev145Rec(t, hrev145Acct(code, "30006", "00001", "12345678901", rest))
	}
	bb := func(code string, rest map[int]string) string {
		return hrev145Rec(t, hrev145Acct(code, "30004", "00003", "12345678901", rest))
	}
	lines := []string{
		a("01", map[int]string{35: "280226", 91: "0000000010000{"}),                                                                          // 1000.00
		a("04", map[int]string{8: "0001", 33: "05", 35: "020326", 43: "030326", 49: "VIR SEPA DURAND", 82: "0000001", 91: "0000000012345E"}), // +1234.55
		a("05", map[int]string{33: "05", 35: "020326", 46: "NPY", 49: "DURAND ET FILS"}),
		a("05", map[int]string{33: "05", 35: "020326", 46: "LCC", 49: "FACTURE VT-2026-00031 ET VT-2026-00032"}),
		a("05", map[int]string{33: "05", 35: "020326", 46: "RCN", 49: "E2E-DURAND-1"}),
		a("04", map[int]string{33: "06", 35: "050326", 43: "050326", 49: "PRLV EDF", 82: "0000002", 91: "0000000000999R"}), // -99.99
		a("05", map[int]string{33: "06", 35: "050326", 46: "NBE", 49: "EDF"}),
		a("05", map[int]string{33: "06", 35: "050326", 46: "NPY", 49: "MA SOCIETE"}),
		a("04", map[int]string{33: "01", 35: "060326", 43: "060326", 49: "FRAIS", 82: "0000003", 91: "0000000000010}"}), // -1.00
		a("07", map[int]string{35: "310326", 91: "0000000021335F"}),                                                     // 1000+1234.55-99.99-1.00 = 2133.56
		bb("01", map[int]string{35: "280226", 91: "0000000000050J"}),                                                    // -5.01
		bb("04", map[int]string{33: "05", 35: "150326", 49: "VIR", 82: "0000001", 91: "0000000000501A"}),                // +50.11
		bb("07", map[int]string{35: "310326", 91: "0000000000451{"}),                                                    // 45.10
	}
	return strings.Join(lines, "\r\n") + "\r\n"
}

func TestHrev145CFONBSeveralAccounts(t *testing.T) {
	ss, err := bank.ReadCFONB120(strings.NewReader(hrev145CFONB(t)), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 2)
	a, b := ss[0], ss[1]
	require.Equal(t, "FR7630006000011234567890189", string(a.Account))
	require.Equal(t, "1000.00", a.Opening.Plain())
	require.Equal(t, "2133.56", a.Closing.Plain())
	require.Equal(t, "2026-02-28", a.OpeningDate.String())
	require.Equal(t, "2026-03-31", a.ClosingDate.String())
	require.Len(t, a.Entries, 3)
	e := a.Entries[0]
	require.Equal(t, "1234.55", e.Amount.Plain())
	require.Equal(t, "2026-03-02/0000001", e.Ref)
	require.Equal(t, "2026-03-02", e.BookingDate.String())
	require.Equal(t, "2026-03-03", e.ValueDate.String())
	require.Equal(t, "VIR SEPA DURAND", e.Label)
	require.Equal(t, "05", e.BankCode)
	require.Len(t, e.Transactions, 1)
	require.Equal(t, "DURAND ET FILS", e.Transactions[0].Counterparty)
	require.Equal(t, "FACTURE VT-2026-00031 ET VT-2026-00032", e.Transactions[0].Remittance)
	require.Equal(t, "E2E-DURAND-1", e.Transactions[0].EndToEndID)
	require.Equal(t, "-99.99", a.Entries[1].Amount.Plain())
	require.Equal(t, "EDF", a.Entries[1].Transactions[0].Counterparty)
	require.Equal(t, "-1.00", a.Entries[2].Amount.Plain())

	require.Equal(t, "FR7630004000031234567890143", string(b.Account))
	require.Equal(t, "-5.01", b.Opening.Plain())
	require.Equal(t, "50.11", b.Entries[0].Amount.Plain())
	require.Equal(t, "45.10", b.Closing.Plain())
}

func TestHrev145CFONBClosingRefused(t *testing.T) {
	f := strings.Replace(hrev145CFONB(t), "0000000021335F", "0000000021335G", 1)
	_, err := bank.ReadCFONB120(strings.NewReader(f), bank.ReadOptions{})
	require.ErrorIs(t, err, reconcile.ErrStatement)
	require.Contains(t, err.Error(), "0.01")
	require.Contains(t, err.Error(), "line 10")
}

// A file holding the same statement twice (a bank sending it again in the
// next file, or a file concatenated with itself): importing it is
// idempotent, the statement kept once.
func TestHrev145CFONBSameStatementTwiceInOneImport(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	one := strings.Join(strings.Split(hrev145CFONB(t), "\r\n")[:10], "\r\n") + "\r\n"
	ss, err := bank.ReadCFONB120(strings.NewReader(one+one), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 2)
	require.Equal(t, ss[0].ID, ss[1].ID)
	got, err := r.ImportStatements(ctx, ss)
	require.NoError(t, err)
	require.True(t, got[0].New)
	require.False(t, got[1].New)
	kept, err := r.Statements(ctx, "BNP")
	require.NoError(t, err)
	require.Len(t, kept, 1)
	require.NoError(t, b.Check(ctx))
}

// The second account of the file has no journal: the whole file is
// refused, nothing imported.
func TestHrev145CFONBUnknownAccountNothingImported(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	ss, err := bank.ReadCFONB120(strings.NewReader(hrev145CFONB(t)), bank.ReadOptions{})
	require.NoError(t, err)
	_, err = r.ImportStatements(ctx, ss)
	require.ErrorIs(t, err, reconcile.ErrBankAccount)
	kept, err := r.Statements(ctx, "BNP")
	require.NoError(t, err)
	require.Empty(t, kept)
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "SG", Name: "SG", Kind: ledger.JournalBank,
		BankAccount: "512000", IBAN: "FR7630004000031234567890143"}))
	got, err := r.ImportStatements(ctx, ss)
	require.NoError(t, err)
	require.Equal(t, "BNP", got[0].Journal)
	require.Equal(t, "SG", got[1].Journal)
	require.NoError(t, b.Check(ctx))
	_ = fmt.Sprint
}
