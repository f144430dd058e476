package bank_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

func TestCFONB120(t *testing.T) {
	for _, name := range []string{"cfonb120.txt", "cfonb120-flat.txt"} {
		ss, err := bank.ReadCFONB120(strings.NewReader(readFile(t, name)), bank.ReadOptions{})
		require.NoError(t, err, name)
		require.Len(t, ss, 2)
		s := ss[0]
		require.Equal(t, "FR7630006000011234567890189", string(s.Account), "the IBAN rebuilt from the RIB")
		require.Equal(t, "20260228-20260331-679cc4d4", s.ID, "the dates and a digest of the records, whatever the line breaks")
		require.Equal(t, "1000.00 EUR", s.Opening.String())
		require.Equal(t, "1580.00 EUR", s.Closing.String())
		require.Len(t, s.Entries, 4)
		e := s.Entries[0]
		require.Equal(t, "2026-03-02/0000001", e.Ref)
		require.Equal(t, "1200.00", e.Amount.Plain())
		require.Equal(t, "05", e.BankCode)
		require.Equal(t, "VIR SEPA DUPONT SARL", e.Label)
		require.Equal(t, "2026-03-02", e.BookingDate.String())
		require.Equal(t, "DUPONT SARL", e.Transactions[0].Counterparty)
		require.Equal(t, "Facture VT/2026/00031", e.Transactions[0].Remittance)
		require.Equal(t, "E2E-DUPONT-1", e.Transactions[0].EndToEndID)
		require.Equal(t, "-480.00", s.Entries[1].Amount.Plain())
		require.Equal(t, "2026-03-05/0000002", s.Entries[1].Ref)
		require.Equal(t, "FOURNISSEUR GMBH", s.Entries[1].Transactions[0].Counterparty)
		require.Equal(t, "-200.01", s.Entries[2].Amount.Plain())
		require.Equal(t, "#4", s.Entries[3].Ref)
		require.True(t, s.Entries[3].ValueDate.IsZero())
		require.False(t, s.Entries[2].Reversal)
		require.Equal(t, "-50.00", ss[1].Opening.Plain())
		require.Equal(t, "-62.30", ss[1].Closing.Plain())
	}
}

// TestCFONB120RejectCode: a movement with a reject reason is a reversal.
func TestCFONB120RejectCode(t *testing.T) {
	lines := strings.Split(strings.TrimRight(readFile(t, "cfonb120.txt"), "\r\n"), "\r\n")
	lines[7] = lines[7][:40] + "12" + lines[7][42:]
	ss, err := bank.ReadCFONB120(strings.NewReader(strings.Join(lines, "\r\n")), bank.ReadOptions{})
	require.NoError(t, err)
	require.True(t, ss[0].Entries[2].Reversal)
}

func TestCFONB120BadInput(t *testing.T) {
	good := readFile(t, "cfonb120.txt")
	lines := strings.Split(strings.TrimRight(good, "\r\n"), "\r\n")
	edit := func(i, col int, s string) string {
		l := append([]string(nil), lines...)
		l[i] = l[i][:col-1] + s + l[i][col-1+len(s):]
		return strings.Join(l, "\r\n")
	}
	drop := func(i int) string {
		l := append(append([]string(nil), lines[:i]...), lines[i+1:]...)
		return strings.Join(l, "\r\n")
	}
	for name, c := range map[string]struct {
		file string
		want error
		says string
	}{
		"empty":           {"", bank.ErrFormat, "empty"},
		"short record":    {good[:200], bank.ErrFormat, "line 2, record 2: amount"},
		"short flat":      {strings.ReplaceAll(good, "\r\n", "")[:200], bank.ErrFormat, "record 2: 80 characters"},
		"long line":       {strings.Replace(good, lines[1], lines[1]+"X", 1), bank.ErrFormat, "line 2: 121 characters"},
		"unknown code":    {edit(1, 1, "09"), bank.ErrFormat, "record 2: unknown record code"},
		"no opening":      {drop(0), bank.ErrFormat, "record 1: record 04 before an opening"},
		"no closing":      {strings.Join(lines[:9], "\r\n"), bank.ErrFormat, "no closing record 07"},
		"other account":   {edit(1, 22, "99999999999"), bank.ErrFormat, "record 2: record 04 of account"},
		"bad sign":        {edit(1, 104, "X"), bank.ErrFormat, "record 2: amount"},
		"bad date":        {edit(1, 35, "310226"), bank.ErrFormat, "record 2: booking date"},
		"bad decimals":    {edit(0, 20, "X"), bank.ErrFormat, "line 1, record 1: \"X\" decimals"},
		"inexact":         {strings.Replace(good, lines[0], lines[0][:19]+"3"+lines[0][20:103]+"A"+lines[0][104:], 1), bank.ErrFormat, "line 1, record 1: opening balance: \"0000000010000A\" with 3 decimals"},
		"bad currency":    {edit(0, 17, "EUX"), bank.ErrFormat, "currency"},
		"balances":        {edit(9, 103, "9"), reconcile.ErrStatement, "line 10, record 10: reconcile: invalid bank statement: statement 20260228-20260331-17b48e4b: opening 1000.00 + entries = 1580.00, the closing balance is 1580.90 (0.90 apart)"},
		"complement only": {strings.Join([]string{lines[0], lines[2]}, "\r\n"), bank.ErrFormat, "record 2: a complement record 05 before any movement"},
		"two openings":    {strings.Join([]string{lines[0], lines[0]}, "\r\n"), bank.ErrFormat, "record 2: an opening record 01 before the closing"},
		"control":         {edit(1, 49, "\x01"), bank.ErrFormat, "line 2, record 2: character 49 is not printable"},
		"C1 control":      {edit(1, 49, "\u0085"), bank.ErrFormat, "line 2, record 2: character 49 is not printable"},
	} {
		_, err := bank.ReadCFONB120(strings.NewReader(c.file), bank.ReadOptions{})
		require.ErrorIs(t, err, c.want, name)
		require.Contains(t, err.Error(), c.says, name)
	}
	_, err := bank.ReadCFONB120(strings.NewReader(good), bank.ReadOptions{MaxBytes: 500})
	require.ErrorIs(t, err, bank.ErrTooLarge)
}

func FuzzCFONB120(f *testing.F) {
	for _, name := range []string{"testdata/cfonb120.txt", "testdata/cfonb120-flat.txt",
		"testdata/cfonb120-lf.txt", "testdata/cfonb120-currencies.txt"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for s, err := range bank.CFONB120(strings.NewReader(string(b)), bank.ReadOptions{MaxBytes: 1 << 20}) {
			if err != nil {
				if !errors.Is(err, bank.ErrFormat) && !errors.Is(err, reconcile.ErrStatement) && !errors.Is(err, bank.ErrTooLarge) {
					t.Fatalf("untyped error: %v", err)
				}
				return
			}
			require.NoError(t, s.Check())
		}
	})
}
