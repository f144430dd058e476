package print_test

import (
	"bytes"
	"testing"

	"github.com/cockroachdb/apd/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
)

// A month after the penalties were invoiced, the formal notice states
// what accrued in all and what of it was invoiced: 23,57 € invoiced at
// 31/03, 1 200 × 30 × 0,1215 / 365 = 11,98 € since, 35,55 € in all; the
// indemnity was invoiced.
func TestHrev208ReminderLetterInvoicedAndPending(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 1, 2), journal.MustDate(2026, 1, 31), e("1200.00"))
	rate, _, err := apd.NewFromString("12.15")
	require.NoError(t, err)
	_, err = r.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Query: reconcile.PenaltyQuery{At: journal.MustDate(2026, 3, 31), Rate: rate}})
	require.NoError(t, err)
	at := journal.MustDate(2026, 4, 30)
	run, err := r.Dunning(ctx, reconcile.DunningQuery{At: at, PenaltyRate: rate})
	require.NoError(t, err)
	require.Len(t, run.Rows, 1)
	row := run.Rows[0]
	assert.Equal(t, "11.98 0.00 23.57 40.00", row.Penalties.Plain()+" "+row.Indemnities.Plain()+" "+
		row.PenaltiesInvoiced.Plain()+" "+row.IndemnitiesInvoiced.Plain())
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, len(row.Ladder), at))
	got := hrev200Squash(text(t, buf.Bytes()))
	assert.Contains(t, got, "soit 35,55 € à ce jour, dont 23,57 € déjà facturés")
	assert.Contains(t, got, "soit 40,00 € pour les factures payées ou restées impayées après leur échéance, déjà facturés")
	assert.NotContains(t, got, "soit 0,00")
}

// Nothing owed at a zero rate and no indemnity claimed: the rate alone,
// no zero figure.
func TestHrev208ReminderLetterNothingOwed(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 1, 2), journal.MustDate(2026, 1, 31), e("1200.00"))
	at := journal.MustDate(2026, 3, 31)
	run, err := r.Dunning(ctx, reconcile.DunningQuery{At: at, PenaltyRate: apd.New(0, 0), Indemnity: currency.Zero(b.Currency())})
	require.NoError(t, err)
	require.Len(t, run.Rows, 1)
	row := run.Rows[0]
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, len(row.Ladder), at))
	got := hrev200Squash(text(t, buf.Bytes()))
	assert.Contains(t, got, "au taux de 0 % l'an.")
	assert.NotContains(t, got, "soit 0,00")
}
