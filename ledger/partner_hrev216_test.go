package ledger

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev216PartnerRecBefore is the partner record as books wrote it before
// Consumer: keys 1 to 10.
type hrev216PartnerRecBefore struct {
	Code     string                    `cbor:"1,keyasint"`
	Name     string                    `cbor:"2,keyasint"`
	SIREN    string                    `cbor:"3,keyasint,omitempty"`
	SIRET    string                    `cbor:"4,keyasint,omitempty"`
	VAT      string                    `cbor:"5,keyasint,omitempty"`
	Address  *addressRec               `cbor:"6,keyasint,omitempty"`
	Accounts []hrev216AccountRecBefore `cbor:"7,keyasint,omitempty"`
	Terms    int                       `cbor:"8,keyasint,omitempty"`
	Method   string                    `cbor:"9,keyasint,omitempty"`
	EOM      bool                      `cbor:"10,keyasint,omitempty"`
}

type hrev216AccountRecBefore struct {
	IBAN    string                   `cbor:"1,keyasint"`
	BIC     string                   `cbor:"2,keyasint,omitempty"`
	Label   string                   `cbor:"3,keyasint,omitempty"`
	Mandate *hrev216MandateRecBefore `cbor:"4,keyasint,omitempty"`
}

type hrev216MandateRecBefore struct {
	Ref    string `cbor:"1,keyasint"`
	Signed uint32 `cbor:"2,keyasint"`
	OneOff bool   `cbor:"3,keyasint,omitempty"`
}

// A partner recorded before Consumer and Mandate.OriginalIBAN existed
// reads as a professional whose mandate never moved, and such a partner is
// written byte for byte as before: the books' chains and hashes do not
// move.
func TestHrev216PartnerBeforeConsumerReadsAsBefore(t *testing.T) {
	old := encode(hrev216PartnerRecBefore{Code: "C1", Name: "Dupont SA", Terms: 30, Method: "transfer", EOM: true,
		Accounts: []hrev216AccountRecBefore{{IBAN: "FR7630006000011234567890189", Mandate: &hrev216MandateRecBefore{Ref: "RUM-1", Signed: d(1, 10).Key()}}}})
	var r partnerRec
	require.NoError(t, decode(old, &r))
	p, err := r.partner()
	require.NoError(t, err)
	assert.False(t, p.Consumer)
	assert.Equal(t, Partner{Code: "C1", Name: "Dupont SA", PaymentTermDays: 30, PaymentTermEndOfMonth: true, PaymentMethod: "transfer",
		BankAccounts: []BankAccount{{IBAN: "FR7630006000011234567890189", Mandate: Mandate{Reference: "RUM-1", Signed: d(1, 10)}}}}, p)
	assert.Equal(t, old, encode(partnerRecOf(&p)))
}

// A consumer is stored and read back on every backend, added or updated.
func TestHrev216PartnerConsumerStored(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			require.NoError(t, b.AddPartners(ctx, Partner{Code: "P1", Name: "Jeanne Martin", Consumer: true},
				Partner{Code: "B1", Name: "Dupont SA"}))
			p, err := b.Partner(ctx, "P1")
			require.NoError(t, err)
			assert.True(t, p.Consumer)
			q, err := b.Partner(ctx, "B1")
			require.NoError(t, err)
			assert.False(t, q.Consumer)
			q.Consumer = true
			require.NoError(t, b.UpdatePartner(ctx, q))
			q, err = b.Partner(ctx, "B1")
			require.NoError(t, err)
			assert.True(t, q.Consumer)
			require.NoError(t, b.Check(ctx))
		})
	}
}

// MoveMandate moves a mandate to another account of its partner, new or
// not, keeping it and recording the account it left; a mandate's reference
// stays the partner's: another partner, or a second account of the same,
// still cannot have it.
func TestHrev216MoveMandate(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			const a, n, x = "FR7630006000011234567890189", "DE89370400440532013000", "NL91ABNA0417164300"
			signed := d(1, 10)
			require.NoError(t, b.AddPartners(ctx,
				Partner{Code: "K1", Name: "Dupont SA", BankAccounts: []BankAccount{{IBAN: a, Mandate: Mandate{Reference: "RUM-1", Signed: signed}}}},
				Partner{Code: "K2", Name: "Martin SARL", BankAccounts: []BankAccount{{IBAN: x, Mandate: Mandate{Reference: "RUM-2", Signed: signed}}}}))

			require.NoError(t, b.MoveMandate(ctx, "K1", "rum-1", BankAccount{IBAN: "de89 3704 0044 0532 0130 00", BIC: "COBADEFFXXX"}))
			p, err := b.Partner(ctx, "K1")
			require.NoError(t, err)
			require.Len(t, p.BankAccounts, 2)
			assert.Equal(t, BankAccount{IBAN: a}, p.BankAccounts[0])
			assert.Equal(t, BankAccount{IBAN: n, BIC: "COBADEFFXXX", Mandate: Mandate{Reference: "RUM-1", Signed: signed, OriginalIBAN: a}}, p.BankAccounts[1])

			// And back to the first account, which it leaves again.
			require.NoError(t, b.MoveMandate(ctx, "K1", "RUM-1", BankAccount{IBAN: a}))
			p, err = b.Partner(ctx, "K1")
			require.NoError(t, err)
			assert.Equal(t, Mandate{Reference: "RUM-1", Signed: signed, OriginalIBAN: n}, p.BankAccounts[0].Mandate)
			assert.True(t, p.BankAccounts[1].Mandate.IsZero())

			for _, c := range []struct {
				code, ref string
				to        BankAccount
			}{
				{"K1", "RUM-1", BankAccount{IBAN: a}},                                                       // there already
				{"K1", "RUM-2", BankAccount{IBAN: n}},                                                       // another partner's
				{"K1", "RUM-1", BankAccount{IBAN: n, Mandate: Mandate{Reference: "RUM-3", Signed: signed}}}, // brings its own
				{"K2", "RUM-2", BankAccount{IBAN: x, Label: "x"}},                                           // there already
				{"C9", "RUM-2", BankAccount{IBAN: n}},                                                       // no such partner
			} {
				err := b.MoveMandate(ctx, c.code, c.ref, c.to)
				if c.code == "C9" {
					assert.ErrorIs(t, err, ErrUnknownPartner)
					continue
				}
				assert.ErrorIs(t, err, ErrMandate, "%+v", c)
			}
			// To an account carrying another mandate.
			q, err := b.Partner(ctx, "K1")
			require.NoError(t, err)
			q.BankAccounts[1].Mandate = Mandate{Reference: "RUM-1B", Signed: signed}
			require.NoError(t, b.UpdatePartner(ctx, q))
			assert.ErrorIs(t, b.MoveMandate(ctx, "K1", "RUM-1", BankAccount{IBAN: n}), ErrMandate)
			after, err := b.Partner(ctx, "K1")
			require.NoError(t, err)
			assert.Equal(t, q, after, "a move refused writes nothing")

			// The reference stays the partner's.
			r, err := b.Partner(ctx, "K2")
			require.NoError(t, err)
			r.BankAccounts = append(r.BankAccounts, BankAccount{IBAN: "BE68539007547034", Mandate: Mandate{Reference: "rum-1", Signed: signed}})
			assert.ErrorIs(t, b.UpdatePartner(ctx, r), ErrMandate)
			q.BankAccounts = append(q.BankAccounts, BankAccount{IBAN: "BE68539007547034", Mandate: Mandate{Reference: "RUM-1", Signed: signed}})
			assert.ErrorIs(t, b.UpdatePartner(ctx, q), ErrMandate)
			require.NoError(t, b.Check(ctx))
		})
	}
}
