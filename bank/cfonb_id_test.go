package bank_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// intraday is a CFONB file of two statements of one account over the
// same dates, from the sample's records: 1000.00 + 1200.00 = 2200.00,
// then 2200.00 - 480.00 = 1720.00, both from 28 February to 31 March.
func intraday(t *testing.T) []string {
	l := strings.Split(strings.TrimRight(readFile(t, "cfonb120.txt"), "\r\n"), "\r\n")
	balance := func(line, amount string) string { return line[:90] + amount + line[104:] } // columns 91–104
	opening, closing := l[0], l[9]
	return []string{
		opening, l[1], l[2], l[3], l[4], balance(closing, "0000000022000{"),
		balance(opening, "0000000022000{"), l[5], l[6], balance(closing, "0000000017200{"),
	}
}

// TestCFONB120StatementID: a statement's ID is its dates and a digest of
// its records, the same each time the same statement is read — whatever
// the line breaks, the encoding or the file around it — and different
// for two statements over the same dates.
func TestCFONB120StatementID(t *testing.T) {
	form := regexp.MustCompile(`^20260228-20260331-[0-9a-f]{8}$`)
	read := func(file string) []string {
		ss, err := bank.ReadCFONB120(strings.NewReader(file), bank.ReadOptions{})
		require.NoError(t, err)
		var ids []string
		for _, s := range ss {
			require.Regexp(t, form, s.ID)
			ids = append(ids, s.ID)
		}
		return ids
	}
	lines := intraday(t)
	ids := read(strings.Join(lines, "\r\n"))
	require.Len(t, ids, 2)
	require.NotEqual(t, ids[0], ids[1], "two statements over the same dates")
	for name, file := range map[string]string{
		"the same file":             strings.Join(lines, "\r\n"),
		"with LF":                   strings.Join(lines, "\n") + "\n",
		"without line breaks":       strings.Join(lines, ""),
		"trailing spaces cut":       strings.Join(trimRight(lines), "\r\n"),
		"the first statement alone": strings.Join(lines[:6], "\r\n"),
	} {
		got := read(file)
		require.Equal(t, ids[:len(got)], got, name)
	}
	require.Equal(t, ids[1:], read(strings.Join(lines[6:], "\r\n")), "the second statement alone")

	// Same dates, same balances, other movements: another statement.
	other := append([]string(nil), lines[:6]...)
	other[1] = other[1][:48] + "VIR SEPA DUPONT SA  " + other[1][68:]
	require.NotEqual(t, ids[0], read(strings.Join(other, "\r\n"))[0])
}

func trimRight(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(l, " ")
	}
	return out
}

// TestImportCFONB120SameDates: two statements of an account over the
// same dates both import; importing the file again is a no-op; a
// statement that takes the ID of one imported with other content is
// refused, not skipped.
func TestImportCFONB120SameDates(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			_, r := bookWithBankAccount(t, s)
			file := strings.Join(intraday(t), "\r\n")
			ss, err := bank.ReadCFONB120(strings.NewReader(file), bank.ReadOptions{})
			require.NoError(t, err)
			got, err := r.ImportStatements(ctx, ss)
			require.NoError(t, err)
			require.True(t, got[0].New)
			require.True(t, got[1].New)

			again, err := bank.ReadCFONB120(strings.NewReader(file), bank.ReadOptions{})
			require.NoError(t, err)
			got, err = r.ImportStatements(ctx, again)
			require.NoError(t, err)
			require.False(t, got[0].New)
			require.False(t, got[1].New)

			clash := ss[1]
			clash.ID = ss[0].ID
			_, err = r.ImportStatement(ctx, clash)
			require.ErrorIs(t, err, reconcile.ErrStatement)
			require.Contains(t, err.Error(), "other content")
			kept, err := r.Statements(ctx, "BNP")
			require.NoError(t, err)
			require.Len(t, kept, 2)
		})
	}
}
