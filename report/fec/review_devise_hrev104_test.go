package fec_test

// Review h-rev104: real-file review of Validate and Reader against the
// FECs other programs write and the administration's Test Compta Demat.

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report/fec"
)

// exchangeHrev104 is an exchange-difference entry: a line of a foreign
// invoice's partner whose euro amount changes while its currency amount
// does not. Programs that always write the pair write a zero amount with
// the line's currency, and lines in euros as "0,00" with "EUR".
func exchangeHrev104(devise, code string) string {
	return strings.Join(fec.Header[:], "|") + "\n" +
		"OD|Operations diverses|OD2024-0007|20240331|411000|Clients|C002|Smith Ltd|-|20240331|Ecart de change F42|12,34|0,00|||20240331|" + devise + "|" + code + "\n" +
		"OD|Operations diverses|OD2024-0007|20240331|766000|Gains de change|||-|20240331|Ecart de change F42|0,00|12,34|||20240331|" + devise + "|" + code + "\n"
}

// Was failing, fixed: a Montantdevise of zero with its Idevise ("0,00" and "USD" on an
// exchange-difference line, "0,00" and "EUR" as generic exports write on
// euro lines) is reported as CodeDevisePair, "Montantdevise "0,00" and
// Idevise "USD": both or neither" — though both are given. noDevise counts
// a zero as an empty Montantdevise (meant for a zero without Idevise,
// doc.go), so the pair check then calls the given Idevise orphan. Reader.Row
// reads the same line as 0.00 USD without error. Expected: no finding;
// source: finding.go CodeDevisePair ("Montantdevise without Idevise, or the
// reverse": neither is the case), doc.go (only "a zero Montantdevise with an
// empty Idevise" is read as no currency amount), A47 A-1 LPF (17.
// Montantdevise, 18. Idevise: a zero is an amount).
func TestHrev104ValidateZeroMontantdeviseWithIdevise(t *testing.T) {
	for _, code := range []string{"USD", "EUR"} {
		data := exchangeHrev104("0,00", code)
		rep, err := fec.Validate(strings.NewReader(data), fec.Options{})
		require.NoError(t, err)
		assert.False(t, rep.Has(fec.CodeDevisePair), "Idevise %s: %v", code, rep.Findings)
		assert.True(t, rep.OK(), "Idevise %s: %v", code, rep.Findings)

		rd := fec.NewReader(strings.NewReader(data), 0)
		require.True(t, rd.Next())
		require.True(t, rd.Next())
		r, err := rd.Row()
		require.NoError(t, err)
		assert.Equal(t, "0.00 "+code, r.Montantdevise.String(), "the Reader reads the pair")
	}
}

// Was failing, fixed: Reader.Row refuses, with ErrAmount `not an amount: ""`, every line
// of a genuine Odoo FEC whose Montantdevise is empty and Idevise set. Odoo's
// l10n_fr_fec (odoo/odoo addons/l10n_fr_fec/wizard/account_fr_fec.py, the
// LINES query) writes an empty Montantdevise when aml.amount_currency is 0
// and Idevise the currency's name whenever aml.currency_id is set, as on
// exchange-difference lines; the line's Debit, Credit and accounts are lost
// to the import. Expected: the Row read, Debit 12.34 EUR, Montantdevise
// unset (an empty amount is the unset Amount, parse.go parseAmountOf;
// Reader.Row's godoc gives ErrAmount only for amounts not exact in their
// currency).
func TestHrev104ReaderOdooEmptyMontantdeviseWithIdevise(t *testing.T) {
	rd := fec.NewReader(strings.NewReader(exchangeHrev104("", "USD")), 0)
	require.True(t, rd.Next())
	require.True(t, rd.Next())
	r, err := rd.Row()
	require.NoError(t, err)
	assert.Equal(t, "12.34 EUR", r.Debit.String())
	assert.Equal(t, "C002", r.CompAuxNum)
	assert.False(t, r.Montantdevise.IsSet())
}
