package ledger

import (
	"errors"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

func TestPartnerMasterData(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			in := Partner{Code: "DUPONT", Name: "Dupont SARL", SIREN: "303 265 045", VAT: "fr 40 303 265 045",
				Address:         Address{Street: "Rue de la Paix", BuildingNumber: "12", PostCode: "75002", Town: "Paris", Country: "FR"},
				BankAccounts:    []BankAccount{{IBAN: "fr76 3000 6000 0112 3456 7890 189", BIC: "bnpafrpp", Label: "BNP"}},
				PaymentTermDays: 30, PaymentMethod: "sepa_transfer"}
			require.NoError(t, b.AddPartner(ctx, in))
			got, err := b.Partner(ctx, "DUPONT")
			require.NoError(t, err)
			require.Equal(t, ident.SIREN("303265045"), got.SIREN)
			require.Equal(t, ident.VATNumber("FR40303265045"), got.VAT)
			require.Equal(t, ident.IBAN("FR7630006000011234567890189"), got.BankAccounts[0].IBAN)
			require.Equal(t, ident.BIC("BNPAFRPP"), got.BankAccounts[0].BIC)
			require.Equal(t, in.Address, got.Address)
			require.Equal(t, 30, got.PaymentTermDays)
			require.Equal(t, "sepa_transfer", got.PaymentMethod)

			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				ps, err := tx.PartnersByIBAN("FR7630006000011234567890189")
				require.Len(t, ps, 1)
				p := ps[0]
				require.Equal(t, "DUPONT", p.Code)
				// The caller's copy: changing it changes nothing kept.
				p.BankAccounts[0].Label = "changed"
				again, err2 := tx.Partner("DUPONT")
				require.NoError(t, err2)
				require.Equal(t, "BNP", again.BankAccounts[0].Label)
				again.BankAccounts[0].Label = "changed"
				third, _ := tx.Partner("DUPONT")
				require.Equal(t, "BNP", third.BankAccounts[0].Label)
				none, _ := tx.PartnersByIBAN("DE89370400440532013000")
				require.Empty(t, none)
				return err
			}))
			require.NoError(t, b.Check(ctx))

			before := dump(t, b.st)
			for name, c := range map[string]struct {
				p    Partner
				want error
			}{
				"bad IBAN":        {Partner{Code: "X", Name: "x", BankAccounts: []BankAccount{{IBAN: "FR7630006000011234567890198"}}}, ident.ErrIBAN},
				"no IBAN":         {Partner{Code: "X", Name: "x", BankAccounts: []BankAccount{{BIC: "BNPAFRPP"}}}, ident.ErrIBAN},
				"bad BIC":         {Partner{Code: "X", Name: "x", BankAccounts: []BankAccount{{IBAN: "FR7630006000011234567890189", BIC: "BNPA"}}}, ident.ErrBIC},
				"bad SIREN":       {Partner{Code: "X", Name: "x", SIREN: "303265046"}, ident.ErrSIREN},
				"bad SIRET":       {Partner{Code: "X", Name: "x", SIRET: "30326504500010"}, ident.ErrSIRET},
				"other SIRET":     {Partner{Code: "X", Name: "x", SIREN: "732829320", SIRET: "35600000000048"}, ErrPartnerData},
				"bad VAT":         {Partner{Code: "X", Name: "x", VAT: "FR41303265045"}, ident.ErrVAT},
				"other VAT":       {Partner{Code: "X", Name: "x", SIREN: "732829320", VAT: "FR40303265045"}, ErrPartnerData},
				"bad country":     {Partner{Code: "X", Name: "x", Address: Address{Country: "France"}}, ErrPartnerData},
				"long term":       {Partner{Code: "X", Name: "x", PaymentTermDays: 400}, ErrPartnerData},
				"negative term":   {Partner{Code: "X", Name: "x", PaymentTermDays: -1}, ErrPartnerData},
				"unknown method":  {Partner{Code: "X", Name: "x", PaymentMethod: "bitcoin"}, ErrPartnerData},
				"many accounts":   {Partner{Code: "X", Name: "x", BankAccounts: make([]BankAccount, PartnerBankAccountsMax+1)}, ErrPartnerData},
				"bad code":        {Partner{Code: "X Y", Name: "x"}, ErrCode},
				"duplicate":       {Partner{Code: "DUPONT", Name: "x"}, ErrDuplicate},
				"control in town": {Partner{Code: "X", Name: "x", Address: Address{Town: "Pa\x00ris"}}, journal.ErrText},
				"long street":     {Partner{Code: "X", Name: "x", Address: Address{Street: strings.Repeat("r", journal.TextMax+1)}}, journal.ErrText},
			} {
				err := b.AddPartner(ctx, c.p)
				if !errors.Is(err, c.want) {
					t.Fatalf("%s: %v, want %v", name, err, c.want)
				}
			}
			require.Equal(t, before, dump(t, b.st))
		})
	}
}

func TestUpdatePartner(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			require.NoError(t, b.AddPartner(ctx, Partner{Code: "DUPONT", Name: "Dupont SARL"}))
			before := dump(t, b.st)
			require.ErrorIs(t, b.UpdatePartner(ctx, Partner{Code: "NOBODY", Name: "x"}), ErrUnknownPartner)
			require.ErrorIs(t, b.UpdatePartner(ctx, Partner{Code: "DUPONT", Name: "x", BankAccounts: []BankAccount{{IBAN: "FR00"}}}), ident.ErrIBAN)
			require.Equal(t, before, dump(t, b.st))
			require.NoError(t, b.UpdatePartner(ctx, Partner{Code: "DUPONT", Name: "Dupont SAS",
				BankAccounts: []BankAccount{{IBAN: "BE68539007547034"}}}))
			p, err := b.Partner(ctx, "DUPONT")
			require.NoError(t, err)
			require.Equal(t, "Dupont SAS", p.Name)
			require.Equal(t, ident.IBAN("BE68539007547034"), p.BankAccounts[0].IBAN)
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				ps, err := tx.PartnersByIBAN("BE68539007547034")
				require.Len(t, ps, 1)
				all, err2 := tx.Partners()
				require.NoError(t, err2)
				found := false
				for _, q := range all {
					if q.Code == "DUPONT" {
						found = true
						require.Equal(t, "Dupont SAS", q.Name)
					}
				}
				require.True(t, found)
				return err
			}))
			// Updated twice: the latest wins.
			require.NoError(t, b.UpdatePartner(ctx, Partner{Code: "DUPONT", Name: "Dupont SA"}))
			p, err = b.Partner(ctx, "DUPONT")
			require.NoError(t, err)
			require.Equal(t, "Dupont SA", p.Name)
			require.Empty(t, p.BankAccounts)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}
