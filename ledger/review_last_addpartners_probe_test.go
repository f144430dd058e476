package ledger_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/storetest"
)

func reviewLastPartners(t *testing.T, b *ledger.Book) []string {
	t.Helper()
	var out []string
	require.NoError(t, b.View(context.Background(), func(tx *ledger.Tx) error {
		ps, err := tx.Partners()
		for _, p := range ps {
			out = append(out, p.Code)
		}
		return err
	}))
	return out
}

// Review probe: AddPartners is all or none — a duplicate within the call,
// a code already in the book, an invalid one each add nothing; an empty
// call is a no-op; after several batches Check, Verify and Verify
// against a Seal pass, and a partner added in a batch reads back.
func TestReviewLastProbeAddPartners(t *testing.T) {
	ctx := context.Background()
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: currency.MustLookup("EUR")})
			require.NoError(t, err)
			seal0, err := b.Seal(ctx)
			require.NoError(t, err)
			require.NoError(t, b.AddPartners(ctx))
			require.NoError(t, b.Verify(ctx, ledger.WithAnchor(seal0)))
			assert.Empty(t, reviewLastPartners(t, b))

			err = b.AddPartners(ctx, ledger.Partner{Code: "C1", Name: "Un"}, ledger.Partner{Code: "C2", Name: "Deux"}, ledger.Partner{Code: "C1", Name: "Encore"})
			require.ErrorIs(t, err, ledger.ErrDuplicate)
			assert.Contains(t, err.Error(), "C1")
			assert.Empty(t, reviewLastPartners(t, b), "a duplicate within the call adds none")

			require.NoError(t, b.AddPartners(ctx, ledger.Partner{Code: "C1", Name: "Un"}, ledger.Partner{Code: "C2", Name: "Deux"},
				ledger.Partner{Code: "S1", Name: "Fournisseur", BankAccounts: []ledger.BankAccount{{IBAN: "fr76 3000 6000 0112 3456 7890 189"}}}))
			err = b.AddPartners(ctx, ledger.Partner{Code: "C3", Name: "Trois"}, ledger.Partner{Code: "C2", Name: "Deux bis"})
			require.ErrorIs(t, err, ledger.ErrDuplicate)
			assert.Contains(t, err.Error(), "partner C2")
			err = b.AddPartners(ctx, ledger.Partner{Code: "C4", Name: "Quatre"}, ledger.Partner{Code: "bad code", Name: "X"})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "bad code")
			assert.Equal(t, []string{"C1", "C2", "S1"}, reviewLastPartners(t, b))
			p, err := b.Partner(ctx, "S1")
			require.NoError(t, err)
			assert.Equal(t, "FR7630006000011234567890189", string(p.BankAccounts[0].IBAN))
			// A single partner: the error is AddPartner's, unwrapped as before.
			err = b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Un"})
			require.True(t, errors.Is(err, ledger.ErrDuplicate))
			assert.NotContains(t, err.Error(), "partner C1")

			require.NoError(t, b.AddPartners(ctx, ledger.Partner{Code: "C5", Name: "Cinq"}, ledger.Partner{Code: "C6", Name: "Six"}))
			seal, err := b.Seal(ctx)
			require.NoError(t, err)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
			require.NoError(t, b.Verify(ctx, ledger.WithAnchor(seal)))
			require.NoError(t, b.Verify(ctx, ledger.WithAnchor(seal0)))
			assert.Equal(t, []string{"C1", "C2", "C5", "C6", "S1"}, reviewLastPartners(t, b))
		})
	}
}
