package bank_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
)

// Our transfer debited for less than we paid is no fee: the end-to-end id
// matches, but the proposal does not post 7,50 € to the fees account as a
// credit. The line is left to the rules after it (here none applies).
func TestMatchSurplusIsNoFee(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, _ := bookWithBankAccount(t, s)
			eur := currency.MustLookup("EUR")
			e := func(v string) currency.Amount { return currency.MustParse(eur, v) }
			require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "BNPO", Name: "BNP", Kind: ledger.JournalBank,
				BankAccount: "512000", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200",
				IBAN: "DE89370400440532013000"}))
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "S1", Name: "y"}))
			r, err := reconcile.New(ctx, b, reconcile.Config{})
			require.NoError(t, err)
			day := func(d int) journal.Date { return journal.MustDate(2026, 3, d) }
			res, err := b.Post(ctx, journal.Entry{Journal: "AC", Date: day(1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "401000", Partner: "S1", Balance: e("-1000.00")}, {Account: "607000", Balance: e("1000.00")}}})
			require.NoError(t, err)
			_, err = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNPO", Date: day(4),
				Method: reconcile.MethodSEPATransfer, Ref: "E2E-9", Invoices: []journal.ID{res.Entry.ID}})
			require.NoError(t, err)
			_, err = r.ImportStatement(ctx, reconcile.BankStatement{Account: "DE89370400440532013000", ID: "S", Currency: eur,
				Opening: e("0.00"), OpeningDate: day(1), Closing: e("-992.50"), ClosingDate: day(31),
				Entries: []reconcile.BankEntry{
					{Ref: "F", BookingDate: day(5), Amount: e("-992.50"), Transactions: []reconcile.BankTransaction{{EndToEndID: "E2E-9"}}},
				}})
			require.NoError(t, err)
			props, err := r.ProposeImported(ctx, "BNPO", reconcile.Rules{})
			require.NoError(t, err)
			for _, p := range props {
				require.False(t, p.Target.BankFees, p.Reason)
			}
		})
	}
}
