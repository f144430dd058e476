package print_test

// Review h-rev106: the printed documents read back (pdftotext) as a French
// accountant and office clerk use them, built from real books through
// DepositOf, ReceiptOf and reconcile.Reconciler.Statement.

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
)

// hrev106Book is a book of 2026 with the French chart, a bank journal
// "BQR" whose cheques wait on 512100 until deposited, and a reconciler.
func hrev106Book(t *testing.T) (context.Context, *ledger.Book, *reconcile.Reconciler) {
	t.Helper()
	ctx := context.Background()
	b, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "BQR", Name: "Banque", Kind: ledger.JournalBank,
		BankAccount: "512000", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200",
		IBAN: "FR7630006000011234567890189"}))
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	return ctx, b, r
}

// hrev106Invoice posts a customer invoice (or, negative, a credit note)
// of amount in the company currency.
func hrev106Invoice(t *testing.T, ctx context.Context, b *ledger.Book, partner string, on, due journal.Date, amount currency.Amount) journal.Entry {
	t.Helper()
	typ := journal.TypeInvoice
	if amount.Sign() < 0 {
		typ = journal.TypeCreditNote
	}
	res, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: on, Type: typ, Label: "Facture " + partner, Lines: []journal.Line{
		{Account: "411000", Partner: partner, Balance: amount, DueDate: due}, {Account: "706000", Balance: amount.Neg()}}})
	require.NoError(t, err)
	return res.Entry
}

// A remittance of 60 cheques of over a million euros each, from drawers
// with accents, œ, ’ and « », runs over two pages: every cheque's number
// and amount is printed once, none lost or repeated at the break, and the
// count and the total are the book's (the batch DepositCheques recorded).
func TestHrev106DepositSlipManyChequesOverPages(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	var pays []journal.ID
	var amounts []currency.Amount
	for i := 0; i < 60; i++ {
		code := fmt.Sprintf("C%02d", i)
		require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: code, Name: fmt.Sprintf("SEM « Cœur d’Île » %d", i)}))
		amt := currency.MustParse(eur, fmt.Sprintf("%d.%02d", 1000000+i*1234, i))
		amounts = append(amounts, amt)
		inv := hrev106Invoice(t, ctx, b, code, journal.MustDate(2026, 3, 1), journal.MustDate(2026, 3, 31), amt)
		res, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: code, Journal: "BQR",
			Date: journal.MustDate(2026, 3, 5), Method: reconcile.MethodCheque, Invoices: []journal.ID{inv.ID},
			Cheque: &reconcile.Cheque{Number: fmt.Sprintf("%07d", 1000+i), Bank: "Crédit Agricole"}})
		require.NoError(t, err)
		pays = append(pays, res.Entries[0].ID)
	}
	dep, err := r.DepositCheques(ctx, reconcile.Deposit{Journal: "BQR", Date: journal.MustDate(2026, 3, 6), Payments: pays})
	require.NoError(t, err)
	slip, err := print.DepositOf(ctx, r, dep, "Atelier Lévêque & Fils")
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, print.DepositSlip(&buf, slip))
	got := text(t, buf.Bytes())
	require.Greater(t, strings.Count(got, "\f"), 1, "two pages at least")
	for i, amt := range amounts {
		row := fmt.Sprintf("SEM « Cœur d’Île » %d +Crédit Agricole +%07d +%s", i, 1000+i, amt.French())
		require.Len(t, regexpAll(row, got), 1, "cheque %07d once, with its drawer and amount", 1000+i)
	}
	require.Len(t, regexpAll(`60 chèques +`+dep.Total.French(), got), 1, "the count and the total")
	require.Equal(t, "62184197.70", dep.Total.Plain(), "Σ of the cheques")
}
