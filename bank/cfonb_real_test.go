package bank_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"
)

// The files of these tests reproduce the shapes real banks send, with our
// own data: LF line ends, lines cut of their trailing spaces, blank lines,
// a DOS end-of-file mark, Windows-1252 accents, two accounts, the common
// complement qualifiers; and accounts in JPY (no decimals) and in EUR
// with three.

func TestCFONB120Lines(t *testing.T) {
	raw := readFile(t, "cfonb120-lf.txt")
	utf, err := charmap.Windows1252.NewDecoder().String(raw)
	require.NoError(t, err)
	for name, file := range map[string]string{
		"Windows-1252, LF":   raw,
		"UTF-8, CRLF":        strings.ReplaceAll(utf, "\n", "\r\n"),
		"UTF-8 BOM, CR":      "\ufeff" + strings.ReplaceAll(utf, "\n", "\r"),
		"padded to 120 wide": pad120(raw),
	} {
		ss, err := bank.ReadCFONB120(strings.NewReader(file), bank.ReadOptions{})
		require.NoError(t, err, name)
		require.Len(t, ss, 2, name)
		s := ss[0]
		assert.Equal(t, "FR7630004008230001012345669", string(s.Account), name)
		assert.Equal(t, "20260331-20260430-c93fec60", s.ID, name)
		assert.Equal(t, "1286.50", s.Closing.Plain(), name)
		var refs []string
		for _, e := range s.Entries {
			refs = append(refs, e.Ref)
		}
		// The bank numbered two movements of one day alike, and gave the
		// deposit none (zeros).
		assert.Equal(t, []string{"2026-04-02/0000101", "2026-04-03/0000102", "2026-04-03/0000102/2", "#4"}, refs, name)

		in := s.Entries[0]
		require.Len(t, in.Transactions, 1, name)
		tx := in.Transactions[0]
		assert.Equal(t, "ALPHA MENUISERIE", tx.Counterparty, name)
		assert.Equal(t, "FACTURE VT/2026/00040 ET VT/2026/00041", tx.Remittance, name)
		assert.Equal(t, "CLI-ALPHA-77", tx.EndToEndID, name)
		assert.Equal(t, "RF492026000457", tx.CreditorRef, "LCS holds the creditor reference; REF is the bank's")

		out := s.Entries[1]
		assert.Equal(t, "-80.50", out.Amount.Plain(), name)
		assert.Equal(t, "ÉNERGIE DU SUD", out.Transactions[0].Counterparty, "the beneficiary of money out, though the payer comes after")
		assert.Empty(t, s.Entries[2].Transactions, name)
		dep := s.Entries[3]
		assert.Equal(t, "2026-04-06", dep.ValueDate.String(), name)
		assert.Equal(t, "REMISE 4521 2 CHEQUES", dep.Transactions[0].Remittance, "a complement without qualifier")

		usd := ss[1]
		assert.Equal(t, "FR8610278060760001234567A20", string(usd.Account), "a letter in the account number")
		assert.Equal(t, "USD", usd.Currency.Code(), name)
		assert.Equal(t, "-50.00", usd.Opening.Plain(), name)
		assert.Equal(t, "950.00", usd.Closing.Plain(), name)
		assert.Equal(t, "DELTA TOOLS INC", usd.Entries[0].Transactions[0].Counterparty, name)
	}
}

// pad120 pads every non-blank line back to 120 characters.
func pad120(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" && l != "\x1a" {
			lines[i] = l + strings.Repeat(" ", 120-len(l))
		}
	}
	return strings.Join(lines, "\n")
}

func TestCFONB120Currencies(t *testing.T) {
	raw := readFile(t, "cfonb120-currencies.txt")
	flat := strings.ReplaceAll(raw, "\r\n", "")
	for name, file := range map[string]string{"CRLF": raw, "flat": flat, "flat, BOM": "\ufeff" + flat} {
		ss, err := bank.ReadCFONB120(strings.NewReader(file), bank.ReadOptions{})
		require.NoError(t, err, name)
		require.Len(t, ss, 2, name)
		jpy := ss[0]
		assert.Equal(t, "150000 JPY", jpy.Opening.String(), name)
		assert.Equal(t, "-25000", jpy.Entries[0].Amount.Plain(), name)
		assert.Equal(t, "125000 JPY", jpy.Closing.String(), name)
		eur := ss[1]
		assert.Equal(t, "12.00 EUR", eur.Opening.String(), "three decimals, exact in euros")
		assert.Equal(t, "1.50", eur.Entries[0].Amount.Plain(), "the statement's decimals when the movement gives none")
		assert.Equal(t, "13.50 EUR", eur.Closing.String(), name)
	}
	// 0.001 EUR is not exact in euros.
	lines := strings.Split(raw, "\r\n")
	bad := strings.Replace(raw, lines[4], lines[4][:103]+"A"+lines[4][104:], 1)
	_, err := bank.ReadCFONB120(strings.NewReader(bad), bank.ReadOptions{})
	require.ErrorIs(t, err, bank.ErrFormat)
	require.Contains(t, err.Error(), "line 5, record 5: amount")
}

// TestCFONB120BalanceLine: movements that do not reach the closing
// balance are refused, naming the record 07, and nothing is returned.
func TestCFONB120BalanceLine(t *testing.T) {
	raw := readFile(t, "cfonb120-lf.txt")
	lines := strings.Split(raw, "\n")
	i := 16 // the record 07 of the first statement
	require.True(t, strings.HasPrefix(lines[i], "07"))
	lines[i] = lines[i][:102] + "6{"
	ss, err := bank.ReadCFONB120(strings.NewReader(strings.Join(lines, "\n")), bank.ReadOptions{})
	require.ErrorIs(t, err, reconcile.ErrStatement)
	require.Contains(t, err.Error(), "line 17, record 17: ")
	require.Contains(t, err.Error(), "(0.10 apart)")
	require.Nil(t, ss)
	// The same in the sequence: the error comes in place of the statement.
	var n int
	for s, err := range bank.CFONB120(strings.NewReader(strings.Join(lines, "\n")), bank.ReadOptions{}) {
		n++
		require.Error(t, err)
		require.Empty(t, s.Entries)
	}
	require.Equal(t, 1, n)
}

// TestCFONB120BlankCurrency: a bank that leaves the currency and the
// decimals of its records 01 and 07 blank keeps a euro account.
func TestCFONB120BlankCurrency(t *testing.T) {
	lines := strings.Split(strings.TrimRight(readFile(t, "cfonb120.txt"), "\r\n"), "\r\n")
	for _, i := range []int{0, 9} {
		lines[i] = lines[i][:16] + "    " + lines[i][20:]
	}
	ss, err := bank.ReadCFONB120(strings.NewReader(strings.Join(lines, "\r\n")), bank.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, "1000.00 EUR", ss[0].Opening.String())
	assert.Equal(t, "1580.00 EUR", ss[0].Closing.String())
}

// TestCFONB120Zero: a movement of zero is left out, with its complements.
func TestCFONB120Zero(t *testing.T) {
	lines := strings.Split(strings.TrimRight(readFile(t, "cfonb120.txt"), "\r\n"), "\r\n")
	zero := lines[5][:90] + "0000000000000{" + lines[5][104:]
	zero = zero[:81] + "0000008" + zero[88:]
	file := append(append(append([]string(nil), lines[:9]...), zero, lines[6]), lines[9:]...)
	ss, err := bank.ReadCFONB120(strings.NewReader(strings.Join(file, "\r\n")), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss[0].Entries, 4)
	assert.Equal(t, "#4", ss[0].Entries[3].Ref)
	assert.Empty(t, ss[0].Entries[3].Transactions, "the zero movement's complement is not the deposit's")
}
