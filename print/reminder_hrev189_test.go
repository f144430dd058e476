package print_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev189Row is Dupont SARL's dunning row at 30 June 2026: an invoice 50
// days late, another 20 days late paid 50,00 of 200,00, and a credit note
// of 30,00 not lettered.
func hrev189Row(t *testing.T) (reconcile.DunningRow, journal.Date) {
	t.Helper()
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 4, 11), journal.MustDate(2026, 5, 11), e("500.00"))
	inv := hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 5, 11), journal.MustDate(2026, 6, 10), e("200.00"))
	_, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQR", Amount: e("50.00"),
		Date: journal.MustDate(2026, 6, 15), Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 6, 1), journal.Date{}, e("-30.00"))
	at := journal.MustDate(2026, 6, 30)
	run, err := r.Dunning(ctx, reconcile.DunningQuery{At: at})
	require.NoError(t, err)
	require.Len(t, run.Rows, 1)
	return run.Rows[0], at
}

func TestHrev189ReminderLetterFirst(t *testing.T) {
	row, at := hrev189Row(t)
	var a, b bytes.Buffer
	require.NoError(t, print.ReminderLetter(&a, "Atelier Lévêque", row, 1, at))
	require.NoError(t, print.ReminderLetter(&b, "Atelier Lévêque", row, 1, at))
	require.Equal(t, a.Bytes(), b.Bytes(), "the same letter prints the same bytes")
	got := text(t, a.Bytes())
	for _, want := range []string{"Atelier Lévêque", "Première relance", "30/06/2026", "Dupont SARL (C1)", "Sauf erreur ou omission",
		"11/05/2026", "10/06/2026", "Jours de retard", "Total dû", "À déduire", "Net à régler", "ne pas tenir compte"} {
		assert.Contains(t, got, want)
	}
	assert.Len(t, regexpAll(`11/05/2026 +50 +500,00 € +500,00 €`, got), 1, "the 50-day invoice:\n%s", got)
	assert.Len(t, regexpAll(`10/06/2026 +20 +200,00 € +150,00 €`, got), 1, "the 20-day invoice, partly paid:\n%s", got)
	assert.Regexp(t, `Total dû +650,00 €`, got)
	assert.Regexp(t, `À déduire +30,00 €`, got)
	assert.Regexp(t, `Net à régler +620,00 €`, got)
	assert.NotContains(t, got, "mise en demeure")
	assert.NotContains(t, got, "40 €")
}

func TestHrev189ReminderLetterFormalNotice(t *testing.T) {
	row, at := hrev189Row(t)
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, 3, at))
	got := text(t, buf.Bytes())
	for _, want := range []string{"Mise en demeure de payer", "mettons en demeure", "620,00 €", "L441-10", "pénalités de retard",
		"indemnité", "frais de recouvrement de 40 €"} {
		assert.Contains(t, got, want)
	}
	buf.Reset()
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, 2, at))
	got = text(t, buf.Bytes())
	assert.Contains(t, got, "Deuxième relance")
	assert.Contains(t, got, "Malgré notre précédent courrier")
	assert.NotContains(t, got, "L441-10")
}

func TestHrev189ReminderLetterRefused(t *testing.T) {
	row, at := hrev189Row(t)
	var buf bytes.Buffer
	for name, level := range map[string]int{"zero": 0, "beyond the ladder": 4} {
		assert.ErrorIs(t, print.ReminderLetter(&buf, "Atelier", row, level, at), print.ErrDocument, name)
	}
	assert.ErrorIs(t, print.ReminderLetter(&buf, "Atelier", reconcile.DunningRow{Ladder: reconcile.DunningLevelsDefault}, 1, at), print.ErrDocument)
	assert.ErrorIs(t, print.ReminderLetter(&buf, "会社", row, 1, at), print.ErrDocument, "a name the fonts cannot show")
	assert.Zero(t, buf.Len(), "nothing written")
}
