package ledger

import (
	"errors"
	"testing"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a partner may hold the same bank account twice: BankAccounts
// "FR76 3000 6000 0112 3456 7890 189" (label "Courant") and
// "fr7630006000011234567890189" (label "Paie") are both accepted and
// stored as two accounts FR7630006000011234567890189; expected
// ErrPartnerData naming the IBAN. The account identifies the partner on a
// statement and carries at most one mandate (AddPartner's own rule "an
// account has one mandate"), so two records of one account with two
// labels, BICs or mandates make the book say two different things of one
// account. Odoo refuses it: res.partner.bank's constraint
// unique(sanitized_acc_number, partner_id), "The combination Account
// Number/Partner must be unique" (odoo/addons/base/models/res_bank.py).
func TestHrev275PartnerSameIBANTwice(t *testing.T) {
	p := Partner{Code: "S9", Name: "Fournisseur", BankAccounts: []BankAccount{
		{IBAN: "FR76 3000 6000 0112 3456 7890 189", Label: "Courant"},
		{IBAN: "fr7630006000011234567890189", Label: "Paie"},
	}}
	b := testBook(t, memstore.New())
	assert.ErrorIs(t, b.AddPartner(ctx, p), ErrPartnerData)
}

// Pins: partner master data is stored canonical, and a SIRET or a French
// VAT number of another SIREN is refused with ErrPartnerData, a wrong
// identifier with its ident error (La Poste's SIRET by its own rule).
func TestHrev275PartnerIdentifiers(t *testing.T) {
	p, err := Partner{Code: "C9", Name: "La Poste", SIREN: "356 000 000", SIRET: "356 000 000 49837",
		VAT: "fr 39 356000000", BankAccounts: []BankAccount{{IBAN: "fr76 3000 6000 0112 3456 7890 189", BIC: "bnpafrpp"}}}.normalize()
	require.NoError(t, err)
	assert.Equal(t, ident.SIRET("35600000049837"), p.SIRET)
	assert.Equal(t, ident.VATNumber("FR39356000000"), p.VAT)
	assert.Equal(t, ident.IBAN("FR7630006000011234567890189"), p.BankAccounts[0].IBAN)
	assert.Equal(t, ident.BIC("BNPAFRPP"), p.BankAccounts[0].BIC)
	for _, c := range []struct {
		p    Partner
		want error
	}{
		{Partner{Code: "C9", Name: "X", SIREN: "732829320", SIRET: "30326504500011"}, ErrPartnerData},
		{Partner{Code: "C9", Name: "X", SIRET: "73282932000074", VAT: "FR40303265045"}, ErrPartnerData},
		{Partner{Code: "C9", Name: "X", SIREN: "732829321"}, ident.ErrSIREN},
		{Partner{Code: "C9", Name: "X", VAT: "GR094259216"}, ident.ErrVAT},
		{Partner{Code: "C9", Name: "X", BankAccounts: []BankAccount{{IBAN: "FR7630006000011234567890188"}}}, ident.ErrIBAN},
		{Partner{Code: "C9", Name: "X", BankAccounts: []BankAccount{{IBAN: "FR7630006000011234567890189", BIC: "BNPAEUPP"}}}, ident.ErrBIC},
	} {
		_, err := c.p.normalize()
		assert.True(t, errors.Is(err, c.want), "%+v: %v", c.p, err)
	}
}
