package fec_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report/fec"
)

// odooHrev83 has the shape of the FEC Odoo's l10n_fr_fec wizard writes
// (expected content of test_generate_fec_sanitize_pieceref,
// addons/l10n_fr_fec/tests/test_wizard.py): pipe separator, CRLF, no line
// break after the last line, PieceRef "-", Debit/Credit and Montantdevise
// from PostgreSQL to_char(…, '000000000000000D99'), whose sign position is
// a space (" 000000000000500,00") or a minus, and Idevise EUR on lines in
// euros.
const odooHrev83 = "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise\r\n" +
	"INV|Factures clients|INV/2024/00007|20240315|706000|Prestations de services|||-|20240315|Conseil mars|0,00| 000000000000500,00|||20240315|-000000000000500,00|EUR\r\n" +
	"INV|Factures clients|INV/2024/00007|20240315|411100|Clients|42|Durand SARL|-|20240315|INV/2024/00007| 000000000000500,00|0,00|||20240315| 000000000000500,00|EUR"

// Was failing, fixed: Validate reports 3 amount errors on a genuine Odoo FEC: the
// space Odoo's to_char puts in the sign position is read as "not an
// amount". The file is balanced (500,00 = 500,00) and should validate
// with no error; the package already reads surrounding spaces as the
// administration's tool does for header names and empty columns (header.go
// columnOf, check.go blank). Source: Odoo addons/l10n_fr_fec/tests/
// test_wizard.py test_generate_fec_sanitize_pieceref (" 000000000001437,12").
func TestHrev83ValidateOdooFEC(t *testing.T) {
	rep, err := fec.Validate(strings.NewReader(odooHrev83), fec.Options{})
	require.NoError(t, err)
	assert.Equal(t, 2, rep.Lines)
	assert.Equal(t, 1, rep.Entries)
	assert.Zero(t, rep.Errors, "findings: %v", rep.Findings)
	assert.Equal(t, "500.00", rep.Debit().Text('f'))
	assert.Equal(t, "500.00", rep.Credit().Text('f'))
}

// Was failing, fixed: Reader.Row refuses both lines of the Odoo FEC above with
// ErrAmount, so the file cannot be imported; it should read Credit 500.00
// EUR and Montantdevise -500.00 EUR on line 2, Debit 500.00 EUR and the
// partner 42 on line 3. Source: as TestHrev83ValidateOdooFEC.
func TestHrev83ReadOdooFECRows(t *testing.T) {
	rd := fec.NewReader(strings.NewReader(odooHrev83), 0)
	require.True(t, rd.Next()) // header
	require.True(t, rd.Next())
	r, err := rd.Row()
	require.NoError(t, err)
	assert.Equal(t, "500.00 EUR", r.Credit.String())
	assert.True(t, r.Debit.IsZero())
	assert.Equal(t, "-500.00 EUR", r.Montantdevise.String())
	require.True(t, rd.Next())
	r, err = rd.Row()
	require.NoError(t, err)
	assert.Equal(t, "500.00 EUR", r.Debit.String())
	assert.Equal(t, "42", r.CompAuxNum)
	assert.Equal(t, "INV/2024/00007", r.EcritureLib)
	assert.False(t, rd.Next())
}

// Was failing, fixed: a FEC whose amounts are in the Montant + Sens form is refused
// with 4 header errors (Montant, Sens unknown; Debit, Credit missing) and
// its lines read as zero lines. Article A47 A-1 LPF (and BOI-CF-IOR-60-40-20)
// lets the two columns Debit and Credit be replaced by Montant and Sens
// ("D"/"C" or "+1"/"-1"); programs export it (RhesusP/FEC-cleaner README
// gives the header …|EcritureLib|Montant|Sens|EcritureLet|…). DESIGN §13
// says the validator reports what the administration's checks report on
// another program's file. Want: no error, debit 500,00 = credit 500,00.
func TestHrev83ValidateMontantSens(t *testing.T) {
	h := strings.Replace(strings.Join(fec.Header[:], "|"), "Debit|Credit", "Montant|Sens", 1)
	data := h + "\n" +
		"VT|Ventes|VT2024-0001|20240315|706000|Prestations de services|||F1|20240315|Conseil|500,00|C|||20240315||\n" +
		"VT|Ventes|VT2024-0001|20240315|411000|Clients|C1|Durand|F1|20240315|Conseil|500,00|D|||20240315||\n"
	rep, err := fec.Validate(strings.NewReader(data), fec.Options{})
	require.NoError(t, err)
	assert.Zero(t, rep.Errors, "findings: %v", rep.Findings)
	assert.Zero(t, rep.Warnings, "findings: %v", rep.Findings)
	assert.Equal(t, "500.00", rep.Debit().Text('f'))
	assert.Equal(t, "500.00", rep.Credit().Text('f'))
}

// A Latin-9 FEC (CRLF, no BOM) is valid: one encoding warning, no error,
// and its amounts and partner are read.
func TestHrev83ValidateLatin9(t *testing.T) {
	h := strings.Join(fec.Header[:], "\t")
	data := h + "\r\n" +
		"VT\tVentes\t1\t20240315\t706000\tPrestations\t\t\tF1\t20240315\tR\xe9gul \xa4\t0,00\t500,00\t\t\t20240315\t\t\r\n" +
		"VT\tVentes\t1\t20240315\t411000\tClients\tC1\tDurand\tF1\t20240315\tConseil\t500,00\t0,00\t\t\t20240315\t\t\r\n"
	rep, err := fec.Validate(strings.NewReader(data), fec.Options{})
	require.NoError(t, err)
	assert.Zero(t, rep.Errors, "findings: %v", rep.Findings)
	require.Len(t, rep.Findings, 1)
	assert.Equal(t, fec.CodeEncoding, rep.Findings[0].Code)
	assert.Equal(t, "500.00", rep.Debit().Text('f'))
}
