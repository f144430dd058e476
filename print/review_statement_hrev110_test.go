package print_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
)

// The book's clock says 10/03/2026. An invoice of 1 000,00 € of 01/03
// and a transfer of 400,00 € registered in advance, dated 20/03, lettered
// with it. Reconciler.Statement says it is as at today (At = 10/03) and
// PartnerStatement prints it under 10/03 — "Reste dû 600,00 €", the
// figures of 20/03, while the customer owed 1 000,00 € on 10/03
// (StatementAt(10/03) gives 1 000,00).
// Was failing, fixed (Statement is now as at the last date it counts,
// 20/03, and prints only under it): Statement counts partials (and lists documents) dated after the
// day it says it is as at, and PartnerStatement, whose godoc refuses a
// statement "as at another date than at ... [that] would print another
// day's figures under at", prints it. Expected: Reste dû 1 000,00 € on
// the page (Statement as at its At, equal to StatementAt(At)), or
// ErrDocument. Sources: PartnerStatement.At's godoc ("the date the
// statement is as at ... today on the book's clock for Statement"),
// print.PartnerStatement's godoc, TestHrev108StatementAsNowPaidAfterDatePrintsThatDay.
func TestHrev110StatementTodayWithLaterDatedPayment(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	b, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur, Clock: func() time.Time { return now }})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "BQR", Name: "Banque", Kind: ledger.JournalBank,
		BankAccount: "512000", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200",
		IBAN: "FR7630006000011234567890189"}))
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	inv := hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 3, 1), journal.MustDate(2026, 3, 31), e("1000.00"))
	_, err = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQR", Amount: e("400.00"),
		Date: journal.MustDate(2026, 3, 20), Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	today := journal.MustDate(2026, 3, 10)
	then, err := r.StatementAt(ctx, "411000", "C1", today)
	require.NoError(t, err)
	require.Equal(t, "1000.00", then.Due.Plain(), "what the customer owes today")

	// Statement counts everything posted: it is as at the transfer's date,
	// not today's, and prints only under it.
	st, err := r.Statement(ctx, "411000", "C1")
	require.NoError(t, err)
	require.Equal(t, journal.MustDate(2026, 3, 20), st.At, "as at the last date it counts")
	var buf bytes.Buffer
	err = print.PartnerStatement(&buf, "Atelier", "Dupont SARL", today, st)
	require.ErrorIs(t, err, print.ErrDocument, "20/03's figures under 10/03")
	buf.Reset()
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Dupont SARL", st.At, st))
	got := text(t, buf.Bytes())
	require.Contains(t, got, "Date : 20/03/2026")
	require.Regexp(t, `Reste dû +600,00 €`, got)
}
