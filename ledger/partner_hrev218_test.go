package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/ident"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A consumer whose mandate moved round-trips through its record and is
// re-encoded byte for byte; an original IBAN given in lower case with
// spaces is normalized; one that is no IBAN, or the account's own, is
// refused with ErrMandate and nothing is written.
func TestHrev218PartnerConsumerMovedMandateRoundTrip(t *testing.T) {
	b := testBook(t, stores[0].Open(t))
	const a, n = "FR7630006000011234567890189", "DE89370400440532013000"
	p := Partner{Code: "P1", Name: "Jeanne Martin", Consumer: true, BankAccounts: []BankAccount{
		{IBAN: n, Mandate: Mandate{Reference: "RUM-1", Signed: d(1, 10), OriginalIBAN: "fr76 3000 6000 0112 3456 7890 189"}}}}
	require.NoError(t, b.AddPartner(ctx, p))
	got, err := b.Partner(ctx, "P1")
	require.NoError(t, err)
	assert.True(t, got.Consumer)
	assert.Equal(t, Mandate{Reference: "RUM-1", Signed: d(1, 10), OriginalIBAN: a}, got.BankAccounts[0].Mandate)
	rec := encode(partnerRecOf(&got))
	var r partnerRec
	require.NoError(t, decode(rec, &r))
	back, err := r.partner()
	require.NoError(t, err)
	assert.Equal(t, got, back)
	assert.Equal(t, rec, encode(partnerRecOf(&back)))

	for name, orig := range map[string]string{"no IBAN": "FR7630006000011234567890198", "its own": "de89 3704 0044 0532 0130 00"} {
		q := got
		q.BankAccounts = []BankAccount{{IBAN: n, Mandate: Mandate{Reference: "RUM-1", Signed: d(1, 10), OriginalIBAN: ident.IBAN(orig)}}}
		assert.ErrorIs(t, b.UpdatePartner(ctx, q), ErrMandate, name)
	}
	after, err := b.Partner(ctx, "P1")
	require.NoError(t, err)
	assert.Equal(t, got, after)
	require.NoError(t, b.Check(ctx))
}
