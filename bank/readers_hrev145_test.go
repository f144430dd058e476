package bank_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// Bad amounts and dates are refused, with the line.
func TestHrev145ReadersBadInput(t *testing.T) {
	camt := strings.NewReplacer(`<Amt Ccy="EUR">494.90</Amt>`, `<Amt Ccy="EUR">494.905</Amt>`,
		`<Amt Ccy="EUR">1520.55</Amt>`, `<Amt Ccy="EUR">1520.545</Amt>`).Replace(hrev145Camt)
	_, err := bank.ReadCamt053(strings.NewReader(camt), bank.ReadOptions{})
	require.ErrorIs(t, err, bank.ErrFormat)

	// Trailing zeros past the currency's decimals are exact.
	camt = strings.NewReplacer(`<Amt Ccy="EUR">494.90</Amt>`, `<Amt Ccy="EUR">494.900</Amt>`).Replace(hrev145Camt)
	ss, err := bank.ReadCamt053(strings.NewReader(camt), bank.ReadOptions{})
	require.NoError(t, err)
	require.Equal(t, "-494.90", ss[0].Entries[3].Amount.Plain())

	cf := hrev145CFONB(t)
	_, err = bank.ReadCFONB120(strings.NewReader(strings.Replace(cf, "020326  030326", "270226  030326", 1)), bank.ReadOptions{})
	var pe *bank.PeriodError
	require.ErrorAs(t, err, &pe, "booked before the opening balance's day")
	require.ErrorIs(t, err, reconcile.ErrStatement)
	require.Equal(t, "2026-02-27", pe.Booked.String())

	_, err = bank.ReadCFONB120(strings.NewReader(strings.Replace(cf, "020326  030326", "310226  030326", 1)), bank.ReadOptions{})
	require.ErrorIs(t, err, bank.ErrFormat)
	require.Contains(t, err.Error(), "line 2")

	// Three decimals said in column 20 for an amount not exact in euros.
	lines := strings.Split(cf, "\r\n")
	r := []rune(lines[5])
	r[19] = '3'
	lines[5] = string(r)
	_, err = bank.ReadCFONB120(strings.NewReader(strings.Join(lines, "\r\n")), bank.ReadOptions{})
	require.ErrorIs(t, err, bank.ErrFormat)
	require.Contains(t, err.Error(), "line 6")
}
