package print_test

import (
	"bytes"
	"testing"

	"github.com/cockroachdb/apd/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
)

// A formal notice to a consumer demands the sum and recalls neither the
// penalties nor the recovery indemnity, which L441-10 makes due between
// professionals only, even from a run asked with a rate.
func TestReminderLetterConsumerNoPenalties(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "P1", Name: "Mme Martin", Consumer: true}))
	hrev106Invoice(t, ctx, b, "P1", journal.MustDate(2026, 1, 2), journal.MustDate(2026, 1, 31), e("1200.00"))
	at := journal.MustDate(2026, 3, 31)
	rate, _, err := apd.NewFromString("12.15")
	require.NoError(t, err)
	run, err := r.Dunning(ctx, reconcile.DunningQuery{At: at, PenaltyRate: rate})
	require.NoError(t, err)
	require.Len(t, run.Rows, 1)
	row := run.Rows[0]
	assert.True(t, row.Consumer)
	assert.Nil(t, row.PenaltyRate)
	assert.False(t, row.Indemnity.IsSet())
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, len(row.Ladder), at))
	got := hrev200Squash(text(t, buf.Bytes()))
	assert.Contains(t, got, "nous vous mettons en demeure de nous régler la somme de 1 200,00 €")
	assert.NotContains(t, got, "L441-10")
	assert.NotContains(t, got, "pénalités")
	assert.NotContains(t, got, "indemnité")
}
