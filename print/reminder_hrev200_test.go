package print_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cockroachdb/apd/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev200Row is the dunning row at 31/03 of an invoice of 1 200,00 due
// 31/01, open: 59 days late, at 12,15 % a year 1 200 × 0,1215 × 59 / 365
// = 23,57 of penalties, and the 40,00 indemnity. rate nil runs the
// dunning without penalties.
func hrev200Row(t *testing.T, rate *apd.Decimal) (reconcile.DunningRow, journal.Date) {
	t.Helper()
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 1, 2), journal.MustDate(2026, 1, 31), e("1200.00"))
	at := journal.MustDate(2026, 3, 31)
	run, err := r.Dunning(ctx, reconcile.DunningQuery{At: at, PenaltyRate: rate})
	require.NoError(t, err)
	require.Len(t, run.Rows, 1)
	return run.Rows[0], at
}

func TestHrev200ReminderLetterPenalties(t *testing.T) {
	rate, _, err := apd.NewFromString("12.15")
	require.NoError(t, err)
	row, at := hrev200Row(t, rate)
	assert.Equal(t, "23.57 40.00", row.Penalties.Plain()+" "+row.Indemnities.Plain())
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, len(row.Ladder), at))
	got := hrev200Squash(text(t, buf.Bytes()))
	assert.Contains(t, got, "pénalités de retard au taux de 12,15 % l'an, soit 23,57 € à ce jour")
	assert.Contains(t, got, "indemnité forfaitaire pour frais de recouvrement de 40,00 € par facture, soit 40,00 €")

	// A first reminder says nothing of them.
	buf.Reset()
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, 1, at))
	assert.NotContains(t, hrev200Squash(text(t, buf.Bytes())), "pénalités")
}

// Without a rate, the formal notice recalls the law without amounts.
func TestHrev200ReminderLetterNoPenalties(t *testing.T) {
	row, at := hrev200Row(t, nil)
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, len(row.Ladder), at))
	got := hrev200Squash(text(t, buf.Bytes()))
	assert.Contains(t, got, "pénalités de retard ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 € par facture.")
	assert.NotContains(t, got, "au taux de")
}

// hrev200Squash joins the words of a letter's text with single spaces.
func hrev200Squash(s string) string { return strings.Join(strings.Fields(s), " ") }
