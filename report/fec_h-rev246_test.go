package report_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/store/storetest"
)

// hrev246FECLetters returns, for each 411000 line of the FEC of year (pipe
// separated), "EcritureNum EcritureLet DateLet".
func hrev246FECLetters(t *testing.T, x *rv20, year string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, l := range strings.Split(strings.TrimSuffix(hrev76FEC(t, x, year), "\n"), "\n")[1:] {
		f := strings.Split(l, "|")
		require.Len(t, f, 18, l)
		if f[4] == "411000" && f[0] != "AN" {
			out[f[2]] = f[13]
		}
	}
	return out
}

// Was failing, fixed: the grand livre of a closed year and its FEC disagree on the
// lettering of the same line. An invoice and its receipt of 2026 are
// lettered in 2026 (match dated 20/12/2026), 2026 is closed, then the
// match is undone in 2027. The FEC of 2026 keeps EcritureLet on both
// lines, as it stood at the closing (WriteFEC's doc, TestHrev81…); the
// grand livre of the same closed year, 01/01/2026 – 31/12/2026, now shows
// them unlettered (pageDetails reads only the live match, no closing
// rule). Expected: the same letter in both books of the closed year
// (DESIGN §13 builds the grand livre and the FEC on one spine; a closed
// year's books are definitive: PCG art. 911-4, C. com. R123-172 — an
// auditor ticks the grand livre against the FEC he was given).
func TestHrev246ClosedYearGeneralLedgerLettersAgreeWithFEC(t *testing.T) {
	t.Parallel()
	x := rv20Book(t, storetest.Backends[0])
	ctx := context.Background()
	inv := x.sale(t, "C1", fecDay(2026, 11, 10), "F26-92", "1000.00")
	res := x.receive(t, "C1", fecDay(2026, 12, 20), fecAmt("1000.00"), inv)
	require.Len(t, res.Matches, 1)
	code := res.Matches[0].Code
	_, _, err := x.b.CloseFiscalYear(ctx, "2026", "Expert")
	require.NoError(t, err)
	_, err = x.r.Unletter(ctx, journal.NoID, hrev76Line(t, inv))
	require.NoError(t, err, "unlettering after the closing is allowed (the FEC keeps the closed year's letters)")

	fecLetters := hrev246FECLetters(t, x, "2026")
	require.Equal(t, code, fecLetters[inv.Name()], "the FEC keeps the letter as at the closing")

	g, err := report.ReadGeneralLedger(ctx, x.b, report.LedgerQuery{Period: report.Period{From: fecDay(2026, 1, 1), To: fecDay(2026, 12, 31)}, Accounts: []string{"411000"}})
	require.NoError(t, err)
	gl := map[string]string{}
	for _, r := range g.Rows {
		if r.Kind == report.RowDetail {
			gl[r.Number] = r.Letter
		}
	}
	assert.Equal(t, fecLetters, gl, "letters of the 2026 grand livre (right) against the 2026 FEC (left)")
}

// Was failing, fixed (its lines and reference now name the document
// adjusted): the exchange difference a lettering posts named no document. A
// dollar invoice FA-U (1 000,00 USD, 800,00 EUR) is received in full on
// 10/12/2026 at 1 USD = 1 EUR: the CHG entry of 200,00 carries PieceRef
// CHG/2026/00001 (its own number) and EcritureLib "Différence de change"
// on both lines, nothing that says which invoice or receipt it settles
// (only its letter, on the 411000 line, ties it). Expected: its PieceRef
// or EcritureLib names the invoice (FA-U or VT/2026/00001) or the receipt
// it comes from, as the other entries a lettering generates do (write-off
// "Écart de règlement VT/2026/00002", discount "Escompte VT/2026/00001",
// cash-basis VAT PieceRef VT/2026/00003). Rule: PCG art. 420-3 "tout
// enregistrement comptable précise l'origine, le contenu et l'imputation
// de chaque donnée, ainsi que les références de la pièce justificative
// qui l'appuie"; FEC PieceRef is "la référence de la pièce justificative"
// (art. A47 A-1 LPF, BOI-CF-IOR-60-40-20).
func TestHrev246ExchangeDifferenceNamesItsDocument(t *testing.T) {
	t.Parallel()
	x := rv20Book(t, storetest.Backends[0])
	inv := x.post(t, journal.Entry{Journal: "VT", Date: fecDay(2026, 6, 1), Type: journal.TypeInvoice, Ref: "FA-U", Label: "Invoice FA-U",
		Currency: x.usd, Lines: []journal.Line{{Account: "411000", Partner: "U1", AmountCurrency: currency.MustParse(x.usd, "1000.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(x.usd, "-1000.00")}}})
	x.receive(t, "U1", fecDay(2026, 12, 10), currency.MustParse(x.usd, "1000.00"), inv)
	var rows [][]string
	for _, l := range strings.Split(strings.TrimSuffix(hrev76FEC(t, x, "2026"), "\n"), "\n")[1:] {
		if f := strings.Split(l, "|"); f[0] == "CHG" {
			rows = append(rows, f)
		}
	}
	require.Len(t, rows, 2, "one exchange entry of two lines")
	for _, f := range rows {
		text := f[8] + " " + f[10] // PieceRef, EcritureLib
		assert.True(t, strings.Contains(text, "FA-U") || strings.Contains(text, inv.Name()) || strings.Contains(text, "BQD/2026/"),
			"the exchange line %s %s %s names no document: PieceRef %q, EcritureLib %q", f[2], f[4], f[11]+"/"+f[12], f[8], f[10])
	}
}

// Pins: a partial lettering gives no EcritureLet/DateLet (Martin SA's
// invoice of 2 400,00 paid 1 000,00: both lines blank), a full one gives
// both on every line of the match, DateLet the match's date (Dupont's
// 2025 invoice, carried in the 2026 opening, and its 15/01/2026 receipt:
// AAA 20260115), as Odoo's l10n_fr_fec writes them (EcritureLet/DateLet
// from the full reconcile only) and DESIGN §13 asks.
func TestHrev246PartialLetteringBlankFullLetteringPaired(t *testing.T) {
	t.Parallel()
	var buf strings.Builder
	_, err := report.WriteFEC(ctx, exampleMem(), "2026", &buf, report.FECOptions{Separator: fec.Pipe})
	require.NoError(t, err)
	got := map[string]string{}
	for _, l := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")[1:] {
		f := strings.Split(l, "|")
		require.Len(t, f, 18, l)
		if f[4] == "411000" {
			got[f[2]+" "+f[6]+" "+f[11]+"/"+f[12]] = f[13] + " " + f[14]
		}
	}
	assert.Equal(t, map[string]string{
		"AN/2026/00001 C1 1200,00/0,00":  "AAA 20260115", // the 2025 invoice, carried
		"VT/2026/00001 C1 600,00/0,00":   " ",
		"BQD/2026/00001 C1 0,00/1200,00": "AAA 20260115",
		"VT/2026/00002 C2 2400,00/0,00":  " ", // partly paid
		"BQD/2026/00002 C2 0,00/1000,00": " ",
	}, got, buf.String())
}
