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

// Was failing, fixed: the formal notice claims as "déjà facturés" and exigible penalties and an indemnity whose penalty invoice a credit note cancelled in full: expected neither "dont 23,57 € déjà facturés" nor the 40,00 € indemnity "déjà facturés", got "soit 35,55 € à ce jour, dont 23,57 € déjà facturés" and "soit 40,00 € pour les factures …, déjà facturés"
func TestHrev212ReminderLetterPenaltyInvoiceCredited(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 1, 2), journal.MustDate(2026, 1, 31), e("1200.00"))
	rate, _, err := apd.NewFromString("12.15")
	require.NoError(t, err)
	res, err := r.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Query: reconcile.PenaltyQuery{At: journal.MustDate(2026, 3, 31), Rate: rate}})
	require.NoError(t, err)
	require.Len(t, res.Entries, 1)
	pe := res.Entries[0]
	// The penalty invoice (23,57 + 40,00) cancelled by a credit note.
	cn, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 4, 10), Type: journal.TypeCreditNote, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("-63.57")},
		{Account: "763100", Balance: e("23.57")},
		{Account: "758800", Balance: e("40.00")},
	}})
	require.NoError(t, err)
	_, err = r.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{pe.LineRef(0), cn.Entry.LineRef(0)}})
	require.NoError(t, err)
	require.NoError(t, b.Check(ctx))
	at := journal.MustDate(2026, 4, 30)
	run, err := r.Dunning(ctx, reconcile.DunningQuery{At: at, PenaltyRate: rate})
	require.NoError(t, err)
	require.Len(t, run.Rows, 1)
	row := run.Rows[0]
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, len(row.Ladder), at))
	got := hrev200Squash(text(t, buf.Bytes()))
	assert.NotContains(t, got, "dont 23,57 € déjà facturés")
	assert.NotContains(t, got, "après leur échéance, déjà facturés")
}

// The formal notice of 30/04 after penalties invoiced at 31/03 and not
// cancelled: the penalty invoice is itself an overdue item of the letter
// (1 200,00 + 63,57 = 1 263,57 due), and the closing says 23,57 € of the
// 35,55 € (1 200 × 89 × 0,1215 / 365 = 35,5545…) were invoiced.
func TestHrev212ReminderLetterWithPenaltyInvoiceItem(t *testing.T) {
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
	assert.Equal(t, "1263.57", row.Net.Plain())
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, len(row.Ladder), at))
	got := hrev200Squash(text(t, buf.Bytes()))
	assert.Contains(t, got, "nous vous mettons en demeure de nous régler la somme de 1 263,57 €")
	assert.Contains(t, got, "au taux de 12,15 % l'an, soit 35,55 € à ce jour, dont 23,57 € déjà facturés")
}
