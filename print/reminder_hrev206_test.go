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

// The formal notice with a rate given as 8 (no decimals) and a custom
// indemnity: French amounts, a comma, the euro sign.
func TestHrev206ReminderLetterFrenchAmounts(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 1, 2), journal.MustDate(2026, 1, 31), e("12000.00"))
	hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 1, 2), journal.MustDate(2026, 1, 31), e("1000.00"))
	at := journal.MustDate(2026, 3, 31)
	rate, _, err := apd.NewFromString("8")
	require.NoError(t, err)
	run, err := r.Dunning(ctx, reconcile.DunningQuery{At: at, PenaltyRate: rate})
	require.NoError(t, err)
	require.Len(t, run.Rows, 1)
	row := run.Rows[0]
	// 12 000 × 59 × 0,08 / 365 = 155,1780… = 155,18; 1 000 × 59 × 0,08 / 365
	// = 12,9315… = 12,93; 168,11 in all; two indemnities, 80,00.
	assert.Equal(t, "168.11 80.00", row.Penalties.Plain()+" "+row.Indemnities.Plain())
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, len(row.Ladder), at))
	got := hrev200Squash(text(t, buf.Bytes()))
	assert.Contains(t, got, "au taux de 8 % l'an, soit 168,11 € à ce jour")
	assert.Contains(t, got, "de 40,00 € par facture, soit 80,00 €")
}

// Was failing, fixed: after the penalties are invoiced (63,57 € due, unpaid), the formal notice with a rate tells the customer it owes "soit 0,00 € à ce jour" of penalties and "soit 0,00 €" of indemnity; expected the 23,57 € and 40,00 € it owes at date (or no zero figures), got the zeros
func TestHrev206ReminderLetterAfterInvoicing(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 1, 2), journal.MustDate(2026, 1, 31), e("1200.00"))
	at := journal.MustDate(2026, 3, 31)
	rate, _, err := apd.NewFromString("12.15")
	require.NoError(t, err)
	res, err := r.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Query: reconcile.PenaltyQuery{At: at, Rate: rate}})
	require.NoError(t, err)
	require.Len(t, res.Entries, 1)
	run, err := r.Dunning(ctx, reconcile.DunningQuery{At: at, PenaltyRate: rate})
	require.NoError(t, err)
	require.Len(t, run.Rows, 1)
	row := run.Rows[0]
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, len(row.Ladder), at))
	got := hrev200Squash(text(t, buf.Bytes()))
	assert.NotContains(t, got, "soit 0,00 €")
	assert.Contains(t, got, "23,57 €")
}
