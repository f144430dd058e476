package bank_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

var ctx = context.Background()

// bookWithBankAccount is a book with the French chart and a bank journal
// "BNP" holding the samples' account.
func bookWithBankAccount(t testing.TB, s storetest.Backend) (*ledger.Book, *reconcile.Reconciler) {
	b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: currency.MustLookup("EUR")})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "BNP", Name: "BNP Paribas", Kind: ledger.JournalBank,
		BankAccount: "512000", IBAN: "fr76 3000 6000 0112 3456 7890 189"}))
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	return b, r
}

func TestImportStatements(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, r := bookWithBankAccount(t, s)
			ss, err := bank.ReadCamt053(strings.NewReader(readFile(t, "camt053-08.xml")), bank.ReadOptions{})
			require.NoError(t, err)
			march, april := ss[0], ss[1]

			// The first statement of an account follows nothing; each next
			// one opens at the last one's closing balance.
			got, err := r.ImportStatement(ctx, march)
			require.NoError(t, err)
			require.Equal(t, reconcile.Imported{Journal: "BNP", Statement: "STMT-2026-03", New: true, Entries: 5}, got)
			// The same file again: nothing written, and said.
			again, err := r.ImportStatement(ctx, march)
			require.NoError(t, err)
			require.False(t, again.New)
			got, err = r.ImportStatement(ctx, april)
			require.NoError(t, err)
			require.True(t, got.New)
			kept, err := r.Statements(ctx, "BNP")
			require.NoError(t, err)
			require.Len(t, kept, 2)
			require.Equal(t, march, kept[0], "a statement reads back as imported")

			// The same id with other content; a statement that does not
			// follow the last one; an account no journal holds.
			other := april
			other.Entries = append([]reconcile.BankEntry(nil), april.Entries...)
			other.Entries[0].Label = "changed"
			_, err = r.ImportStatement(ctx, other)
			require.ErrorIs(t, err, reconcile.ErrStatement)
			require.Contains(t, err.Error(), "other content")
			may := april
			may.ID, may.Opening, may.Closing = "STMT-2026-05", currency.MustParse(march.Currency, "1.00"), currency.MustParse(march.Currency, "11.00")
			_, err = r.ImportStatement(ctx, may)
			require.ErrorIs(t, err, reconcile.ErrStatement)
			require.Contains(t, err.Error(), "opens at 1.00 EUR, but the last statement imported into BNP (STMT-2026-04) closed at 1940.00 EUR")
			foreign := april
			foreign.ID, foreign.Account = "X", "DE89370400440532013000"
			_, err = r.ImportStatement(ctx, foreign)
			require.ErrorIs(t, err, reconcile.ErrBankAccount)
			bad := april
			bad.ID, bad.Closing = "STMT-2026-05", currency.MustParse(march.Currency, "1.00")
			_, err = r.ImportStatement(ctx, bad)
			require.ErrorIs(t, err, reconcile.ErrStatement)
			kept, err = r.Statements(ctx, "BNP")
			require.NoError(t, err)
			require.Len(t, kept, 2)
			require.NoError(t, b.Check(ctx))

			// CFONB statements of the same account follow their own chain
			// of balances: a book takes one format per account.
			cf, err := bank.ReadCFONB120(strings.NewReader(readFile(t, "cfonb120.txt")), bank.ReadOptions{})
			require.NoError(t, err)
			_, err = r.ImportStatement(ctx, cf[0])
			require.ErrorIs(t, err, reconcile.ErrStatement)
		})
	}
}

func TestJournalIBAN(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, _ := bookWithBankAccount(t, s)
			j, err := b.Journal(ctx, "BNP")
			require.NoError(t, err)
			require.Equal(t, ident.IBAN("FR7630006000011234567890189"), j.IBAN)
			err = b.AddJournal(ctx, ledger.Journal{Code: "X1", Name: "x", Kind: ledger.JournalBank, BankAccount: "512000", IBAN: "FR7630006000011234567890198"})
			require.ErrorIs(t, err, ident.ErrIBAN)
			err = b.AddJournal(ctx, ledger.Journal{Code: "X2", Name: "x", Kind: ledger.JournalSale, IBAN: "DE89370400440532013000"})
			require.ErrorIs(t, err, ledger.ErrKind)
			err = b.AddJournal(ctx, ledger.Journal{Code: "X3", Name: "x", Kind: ledger.JournalBank, BankAccount: "512000", IBAN: "FR7630006000011234567890189"})
			require.ErrorIs(t, err, ledger.ErrDuplicate)
			require.NoError(t, b.View(ctx, func(tx *ledger.Tx) error {
				j, found, err := tx.JournalByIBAN("FR7630006000011234567890189")
				require.True(t, found)
				require.Equal(t, "BNP", j.Code)
				return err
			}))
			require.NoError(t, b.Check(ctx))
		})
	}
}

// TestMatchImported imports a statement and matches its entries: a
// receipt naming its invoice, the return of our own transfer by its
// end-to-end id, a receipt known by the payer's IBAN, and one nobody can
// name, sent to suspense.
func TestMatchImported(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, _ := bookWithBankAccount(t, s)
			eur := currency.MustLookup("EUR")
			e := func(v string) currency.Amount { return currency.MustParse(eur, v) }
			require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "BNPO", Name: "BNP (en attente)", Kind: ledger.JournalBank,
				BankAccount: "512000", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200",
				IBAN: "DE89370400440532013000"}))
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "DUPONT", Name: "Dupont SARL",
				BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "FOURN", Name: "Fournisseur GmbH"}))
			r, err := reconcile.New(ctx, b, reconcile.Config{})
			require.NoError(t, err)
			post := func(x journal.Entry) journal.Entry {
				res, err := b.Post(ctx, x)
				require.NoError(t, err)
				return res.Entry
			}
			day := func(d int) journal.Date { return journal.MustDate(2026, 3, d) }
			a := post(journal.Entry{Journal: "VT", Date: day(1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: "DUPONT", Balance: e("1200.00")}, {Account: "706000", Balance: e("-1200.00")}}})
			c := post(journal.Entry{Journal: "VT", Date: day(1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: "DUPONT", Balance: e("75.50")}, {Account: "706000", Balance: e("-75.50")}}})
			bill := post(journal.Entry{Journal: "AC", Date: day(1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "401000", Partner: "FOURN", Balance: e("-480.00")}, {Account: "607000", Balance: e("480.00")}}})
			_, err = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "FOURN", Journal: "BNPO",
				Date: day(4), Method: reconcile.MethodTransfer, Ref: "LTR-RUN1-0001", Invoices: []journal.ID{bill.ID}})
			require.NoError(t, err)
			st, err := r.State(ctx, bill.ID)
			require.NoError(t, err)
			require.Equal(t, reconcile.InPayment, st.State)

			stmt := reconcile.BankStatement{Account: "DE89370400440532013000", ID: "S1", Currency: eur,
				Opening: e("0.00"), OpeningDate: day(1), Closing: e("807.84"), ClosingDate: day(31),
				Entries: []reconcile.BankEntry{
					{Ref: "E1", BookingDate: day(5), Amount: e("1200.00"), Label: "VIR SEPA",
						Transactions: []reconcile.BankTransaction{{Remittance: "Facture " + a.Name()}}},
					{Ref: "E2", BookingDate: day(6), Amount: e("-480.00"),
						Transactions: []reconcile.BankTransaction{{EndToEndID: "LTR-RUN1-0001", Counterparty: "Fournisseur GmbH"}}},
					{Ref: "E3", BookingDate: day(7), Amount: e("75.50"),
						Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: "BE68539007547034", Remittance: "merci"}}},
					{Ref: "E4", BookingDate: day(8), Amount: e("12.34"), Label: "VIR INCONNU"},
				}}
			_, err = r.ImportStatement(ctx, stmt)
			require.NoError(t, err)
			props, err := r.ProposeImported(ctx, "BNPO", reconcile.Rules{})
			require.NoError(t, err)
			require.Len(t, props, 4)
			require.Equal(t, reconcile.ImportedTarget{Partner: "DUPONT", Invoices: []journal.ID{a.ID}}, props[0].Target)
			require.Contains(t, props[0].Reason, "names "+a.Name())
			require.Len(t, props[1].Target.Payments, 1)
			require.Contains(t, props[1].Reason, "end-to-end id LTR-RUN1-0001")
			require.Equal(t, reconcile.ImportedTarget{Partner: "DUPONT", Invoices: []journal.ID{c.ID}}, props[2].Target)
			require.Contains(t, props[2].Reason, "IBAN BE68 5390 0754 7034 is DUPONT's")
			require.False(t, props[3].Matched)
			require.Contains(t, props[3].Reason, "suspense account (471000)")

			outs, err := r.ApplyImported(ctx, journal.NoID, props)
			require.NoError(t, err)
			for i := 0; i < 3; i++ {
				require.NoError(t, outs[i].Err, "proposal %d", i)
			}
			for _, doc := range []journal.Entry{a, c, bill} {
				st, err := r.State(ctx, doc.ID)
				require.NoError(t, err)
				require.Equal(t, reconcile.Paid, st.State, doc.Name())
			}
			left, err := r.OpenImported(ctx, "BNPO")
			require.NoError(t, err)
			require.Len(t, left, 1)
			require.Equal(t, "E4", left[0].Ref)
			_, err = r.PostImported(ctx, journal.NoID, "BNPO", "S1", "E4", reconcile.ImportedTarget{Account: "471000"})
			require.NoError(t, err)
			left, err = r.OpenImported(ctx, "BNPO")
			require.NoError(t, err)
			require.Empty(t, left)
			bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: "471000"})
			require.NoError(t, err)
			require.Equal(t, "-12.34", bal.Balance.Plain())

			_, err = r.PostImported(ctx, journal.NoID, "BNPO", "S1", "E4", reconcile.ImportedTarget{Account: "471000"})
			require.ErrorIs(t, err, reconcile.ErrPosted)
			_, err = r.PostImported(ctx, journal.NoID, "BNPO", "S1", "E9", reconcile.ImportedTarget{})
			require.ErrorIs(t, err, reconcile.ErrNotFound)
			_, err = r.PostImported(ctx, journal.NoID, "BNPO", "S1", "E1", reconcile.ImportedTarget{Partner: "DUPONT", Account: "471000"})
			require.ErrorIs(t, err, reconcile.ErrPosted)
			require.NoError(t, b.Check(ctx))
		})
	}
}

// TestChequeDepositAndAmounts: a cheque deposit is cleared by the bank
// line of its total; a lone receipt by its amount.
func TestChequeDepositAndAmounts(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, _ := bookWithBankAccount(t, s)
			eur := currency.MustLookup("EUR")
			e := func(v string) currency.Amount { return currency.MustParse(eur, v) }
			require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "CHQ", Name: "Banque chèques", Kind: ledger.JournalBank,
				BankAccount: "512000", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200",
				IBAN: "DE89370400440532013000"}))
			for _, p := range []string{"C1", "C2", "C3"} {
				require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: p, Name: p}))
			}
			r, err := reconcile.New(ctx, b, reconcile.Config{})
			require.NoError(t, err)
			day := func(d int) journal.Date { return journal.MustDate(2026, 3, d) }
			var invoices, cheques []journal.ID
			for i, amt := range []string{"100.00", "250.00", "40.00", "77.70"} {
				p := []string{"C1", "C2", "C3", "C1"}[i]
				res, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: day(1), Type: journal.TypeInvoice, Lines: []journal.Line{
					{Account: "411000", Partner: p, Balance: e(amt)}, {Account: "706000", Balance: e(amt).Neg()}}})
				require.NoError(t, err)
				invoices = append(invoices, res.Entry.ID)
				pay, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: p, Journal: "CHQ",
					Date: day(5), Method: reconcile.MethodCheque, Invoices: []journal.ID{res.Entry.ID},
					Cheque: &reconcile.Cheque{Number: fmt.Sprintf("%07d", 1234+i), Bank: "Crédit Agricole"}})
				require.NoError(t, err)
				cheques = append(cheques, pay.Entries[0].ID)
			}
			dep, err := r.DepositCheques(ctx, reconcile.Deposit{Operation: journal.NewID(), Journal: "CHQ", Date: day(6), Payments: cheques[:3]})
			require.NoError(t, err)
			require.Equal(t, "390.00", dep.Total.Plain())
			_, err = r.DepositCheques(ctx, reconcile.Deposit{Journal: "CHQ", Date: day(6), Payments: cheques[2:]})
			require.ErrorIs(t, err, reconcile.ErrCleared, "a cheque in two deposits")
			_, err = r.DepositCheques(ctx, reconcile.Deposit{Journal: "CHQ", Date: day(6), Payments: []journal.ID{invoices[0]}})
			require.ErrorIs(t, err, reconcile.ErrNotDocument)
			transfer, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C2", Journal: "CHQ",
				Date: day(5), Method: reconcile.MethodTransfer, Amount: e("5.00")})
			require.NoError(t, err)
			_, err = r.DepositCheques(ctx, reconcile.Deposit{Journal: "CHQ", Date: day(6), Payments: []journal.ID{transfer.Entries[0].ID}})
			require.ErrorIs(t, err, reconcile.ErrNotDocument, "a transfer is no cheque")
			batches, err := r.Batches(ctx, "CHQ")
			require.NoError(t, err)
			require.Len(t, batches, 1)
			slip, err := print.DepositOf(ctx, r, dep, "Atelier")
			require.NoError(t, err)
			require.Equal(t, print.Cheque{Drawer: "C1", Bank: "Crédit Agricole", Number: "0001234", Amount: e("100.00")}, slip.Cheques[0])
			_, err = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "CHQ", Date: day(5),
				Method: reconcile.MethodTransfer, Amount: e("1.00"), Cheque: &reconcile.Cheque{Number: "1"}})
			require.ErrorIs(t, err, reconcile.ErrDirection, "cheque details on a transfer")

			_, err = r.ImportStatement(ctx, reconcile.BankStatement{Account: "DE89370400440532013000", ID: "S1", Currency: eur,
				Opening: e("0.00"), OpeningDate: day(1), Closing: e("467.70"), ClosingDate: day(31),
				Entries: []reconcile.BankEntry{
					{Ref: "R1", BookingDate: day(8), Amount: e("390.00"), Label: "REMISE CHEQUES"},
					{Ref: "R2", BookingDate: day(9), Amount: e("77.70"), Label: "REMISE CHEQUE"},
				}})
			require.NoError(t, err)
			props, err := r.ProposeImported(ctx, "CHQ", reconcile.Rules{})
			require.NoError(t, err)
			require.Len(t, props, 2)
			require.Equal(t, cheques[:3], props[0].Target.Payments)
			require.Contains(t, props[0].Reason, "= cheque deposit "+dep.ID+" of 3 payments")
			require.Equal(t, cheques[3:], props[1].Target.Payments)
			require.Contains(t, props[1].Reason, "the only payment waiting of 77,70")
			outs, err := r.ApplyImported(ctx, journal.NoID, props)
			require.NoError(t, err)
			for i, o := range outs {
				require.NoError(t, o.Err, props[i].Reason)
			}
			for _, id := range invoices {
				st, err := r.State(ctx, id)
				require.NoError(t, err)
				require.Equal(t, reconcile.Paid, st.State)
			}
			require.NoError(t, b.Check(ctx))
		})
	}
}

// TestBillsOfExchange: a customer's LCR and a BOR to a supplier move what
// the invoices owe to bills receivable and payable; the bank lines at
// maturity settle them.
func TestBillsOfExchange(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, r := bookWithBankAccount(t, s)
			eur := currency.MustLookup("EUR")
			e := func(v string) currency.Amount { return currency.MustParse(eur, v) }
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Client", BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "S1", Name: "Fournisseur"}))
			day := func(m, d int) journal.Date { return journal.MustDate(2026, time.Month(m), d) }
			post := func(x journal.Entry) journal.Entry {
				res, err := b.Post(ctx, x)
				require.NoError(t, err)
				return res.Entry
			}
			inv := post(journal.Entry{Journal: "VT", Date: day(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("500.00")}, {Account: "706000", Balance: e("-500.00")}}})
			bill := post(journal.Entry{Journal: "AC", Date: day(3, 2), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "401000", Partner: "S1", Balance: e("-300.00")}, {Account: "607000", Balance: e("300.00")}}})

			lcr, err := r.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: day(3, 5),
				DueDate: day(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-001"})
			require.NoError(t, err)
			require.Contains(t, lcr.Entries[0].Label, "LCR LCR-001 échéance 30/04/2026 BE68 5390 0754 7034")
			bor, err := r.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Outbound, Partner: "S1", Journal: "OD", Date: day(3, 6),
				DueDate: day(4, 15), Invoices: []journal.ID{bill.ID}, Ref: "BOR-001", Bank: "BNP"})
			require.NoError(t, err)
			require.Contains(t, bor.Entries[0].Label, "BOR BOR-001 échéance 15/04/2026 FR76 3000 6000 0112 3456 7890 189", "domiciled at the company's account")
			for acct, want := range map[string]string{"411000": "0.00", "413000": "500.00", "401000": "0.00", "403000": "-300.00"} {
				bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: acct})
				require.NoError(t, err)
				require.Equal(t, want, bal.Balance.Plain(), acct)
			}

			_, err = r.ImportStatement(ctx, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "AVR", Currency: eur,
				Opening: e("0.00"), OpeningDate: day(4, 1), Closing: e("200.00"), ClosingDate: day(4, 30),
				Entries: []reconcile.BankEntry{
					{Ref: "L1", BookingDate: day(4, 15), Amount: e("-300.00"), Label: "BOR ECHU"},
					{Ref: "L2", BookingDate: day(4, 30), Amount: e("500.00"), Label: "REMISE LCR"},
				}})
			require.NoError(t, err)
			props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
			require.NoError(t, err)
			require.Equal(t, reconcile.ImportedTarget{Partner: "S1", Invoices: []journal.ID{bor.Entries[0].ID}}, props[0].Target, props[0].Reason)
			require.Contains(t, props[0].Reason, "due 15/04/2026")
			require.Equal(t, reconcile.ImportedTarget{Partner: "C1", Invoices: []journal.ID{lcr.Entries[0].ID}}, props[1].Target, props[1].Reason)
			outs, err := r.ApplyImported(ctx, journal.NoID, props)
			require.NoError(t, err)
			for i, o := range outs {
				require.NoError(t, o.Err, props[i].Reason)
			}
			for acct, want := range map[string]string{"413000": "0.00", "403000": "0.00", "512000": "200.00"} {
				bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: acct})
				require.NoError(t, err)
				require.Equal(t, want, bal.Balance.Plain(), acct)
			}
			require.NoError(t, b.Check(ctx))

			// Bad input writes nothing.
			inv2 := post(journal.Entry{Journal: "VT", Date: day(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("50.00")}, {Account: "706000", Balance: e("-50.00")}}})
			bill2 := post(journal.Entry{Journal: "AC", Date: day(3, 2), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "401000", Partner: "S1", Balance: e("-30.00")}, {Account: "607000", Balance: e("30.00")}}})
			for name, c := range map[string]struct {
				bill reconcile.Bill
				want error
			}{
				"direction":   {reconcile.Bill{Partner: "C1", Journal: "OD", Date: day(3, 5), DueDate: day(4, 30), Invoices: []journal.ID{inv2.ID}}, reconcile.ErrDirection},
				"maturity":    {reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: day(3, 5), DueDate: day(3, 4), Invoices: []journal.ID{inv2.ID}}, reconcile.ErrAmount},
				"other party": {reconcile.Bill{Direction: reconcile.Inbound, Partner: "S1", Journal: "OD", Date: day(3, 5), DueDate: day(4, 30), Invoices: []journal.ID{inv2.ID}}, reconcile.ErrPartner},
				"paid":        {reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: day(3, 5), DueDate: day(4, 30), Invoices: []journal.ID{inv.ID}}, reconcile.ErrMatched},
				"no invoice":  {reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: day(3, 5), DueDate: day(4, 30)}, reconcile.ErrNotDocument},
				"bad IBAN":    {reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: day(3, 5), DueDate: day(4, 30), Invoices: []journal.ID{inv2.ID}, IBAN: "FR00"}, ident.ErrIBAN},
				"bank not a bank journal": {reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: day(3, 5), DueDate: day(4, 30),
					Invoices: []journal.ID{inv2.ID}, Bank: "OD"}, reconcile.ErrConfig},
				"unknown bank": {reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: day(3, 5), DueDate: day(4, 30),
					Invoices: []journal.ID{inv2.ID}, Bank: "XX"}, ledger.ErrUnknownJournal},
				"BOR without bank": {reconcile.Bill{Direction: reconcile.Outbound, Partner: "S1", Journal: "OD", Date: day(3, 5), DueDate: day(4, 30),
					Invoices: []journal.ID{bill2.ID}}, reconcile.ErrConfig},
				"BOR at a supplier's IBAN": {reconcile.Bill{Direction: reconcile.Outbound, Partner: "S1", Journal: "OD", Date: day(3, 5), DueDate: day(4, 30),
					Invoices: []journal.ID{bill2.ID}, IBAN: "DE89370400440532013000"}, reconcile.ErrConfig},
				"BOR IBAN not its bank's": {reconcile.Bill{Direction: reconcile.Outbound, Partner: "S1", Journal: "OD", Date: day(3, 5), DueDate: day(4, 30),
					Invoices: []journal.ID{bill2.ID}, Bank: "BNP", IBAN: "DE89370400440532013000"}, reconcile.ErrConfig},
			} {
				_, err := r.DrawBill(ctx, c.bill)
				require.ErrorIs(t, err, c.want, name)
			}
			for _, acct := range []string{"413000", "403000"} {
				bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: acct})
				require.NoError(t, err)
				require.Equal(t, "0.00", bal.Balance.Plain(), acct)
			}
		})
	}
}

// TestBillsSettledWhereDomiciled: a BOR is paid from the company's
// account it is domiciled at, an LCR from the customer's account: a line
// of the right amount and date on another account settles neither.
func TestBillsSettledWhereDomiciled(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, r := bookWithBankAccount(t, s)
			require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "SG", Name: "Société Générale", Kind: ledger.JournalBank,
				BankAccount: "512100", IBAN: "FR7630003030000001234567845"}))
			eur := currency.MustLookup("EUR")
			e := func(v string) currency.Amount { return currency.MustParse(eur, v) }
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Client", BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "S1", Name: "Fournisseur"}))
			day := func(m, d int) journal.Date { return journal.MustDate(2026, time.Month(m), d) }
			post := func(x journal.Entry) journal.Entry {
				res, err := b.Post(ctx, x)
				require.NoError(t, err)
				return res.Entry
			}
			inv := post(journal.Entry{Journal: "VT", Date: day(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("500.00")}, {Account: "706000", Balance: e("-500.00")}}})
			bill := post(journal.Entry{Journal: "AC", Date: day(3, 2), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "401000", Partner: "S1", Balance: e("-300.00")}, {Account: "607000", Balance: e("300.00")}}})
			_, err := r.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: day(3, 5),
				DueDate: day(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-001"})
			require.NoError(t, err)
			bor, err := r.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Outbound, Partner: "S1", Journal: "OD", Date: day(3, 6),
				DueDate: day(4, 15), Invoices: []journal.ID{bill.ID}, Ref: "BOR-001", IBAN: "FR76 3000 6000 0112 3456 7890 189"})
			require.NoError(t, err, "a BOR found its bank from the company's IBAN")
			require.Contains(t, bor.Entries[0].Label, "FR76 3000 6000 0112 3456 7890 189")

			// SG's statement shows both amounts at maturity: neither bill is
			// payable there (the LCR's line comes from another customer
			// account).
			_, err = r.ImportStatement(ctx, reconcile.BankStatement{Account: "FR7630003030000001234567845", ID: "SG-AVR", Currency: eur,
				Opening: e("0.00"), OpeningDate: day(4, 1), Closing: e("200.00"), ClosingDate: day(4, 30),
				Entries: []reconcile.BankEntry{
					{Ref: "L1", BookingDate: day(4, 15), Amount: e("-300.00"), Label: "BOR ECHU"},
					{Ref: "L2", BookingDate: day(4, 30), Amount: e("500.00"), Label: "REMISE LCR",
						Transactions: []reconcile.BankTransaction{{Counterparty: "Autre", CounterpartyIBAN: "DE89370400440532013000"}}},
				}})
			require.NoError(t, err)
			props, err := r.ProposeImported(ctx, "SG", reconcile.Rules{})
			require.NoError(t, err)
			require.Len(t, props, 2)
			for _, p := range props {
				require.False(t, p.Matched, "a line from another account settles no bill: %s", p.Reason)
			}

			// BNP's lines, the LCR's from the customer's account: both settled.
			_, err = r.ImportStatement(ctx, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "BNP-AVR", Currency: eur,
				Opening: e("0.00"), OpeningDate: day(4, 1), Closing: e("200.00"), ClosingDate: day(4, 30),
				Entries: []reconcile.BankEntry{
					{Ref: "L1", BookingDate: day(4, 15), Amount: e("-300.00"), Label: "BOR ECHU"},
					{Ref: "L2", BookingDate: day(4, 30), Amount: e("500.00"), Label: "REMISE LCR",
						Transactions: []reconcile.BankTransaction{{Counterparty: "Client", CounterpartyIBAN: "BE68 5390 0754 7034"}}},
				}})
			require.NoError(t, err)
			props, err = r.ProposeImported(ctx, "BNP", reconcile.Rules{})
			require.NoError(t, err)
			require.Len(t, props, 2)
			for _, p := range props {
				require.True(t, p.Matched, p.Reason)
				require.Contains(t, p.Reason, "bill ")
			}
		})
	}
}

// TestMatchFeesAndCombinations: our transfer comes back with the bank's
// fees off it; a customer known by IBAN pays two invoices at once.
func TestMatchFeesAndCombinations(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, _ := bookWithBankAccount(t, s)
			eur := currency.MustLookup("EUR")
			e := func(v string) currency.Amount { return currency.MustParse(eur, v) }
			require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "BNPO", Name: "BNP", Kind: ledger.JournalBank,
				BankAccount: "512000", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200",
				IBAN: "DE89370400440532013000"}))
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "x", BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "S1", Name: "y"}))
			r, err := reconcile.New(ctx, b, reconcile.Config{})
			require.NoError(t, err)
			day := func(d int) journal.Date { return journal.MustDate(2026, 3, d) }
			post := func(x journal.Entry) journal.Entry {
				res, err := b.Post(ctx, x)
				require.NoError(t, err)
				return res.Entry
			}
			var invs []journal.Entry
			for _, a := range []string{"100.00", "250.00", "75.00"} {
				invs = append(invs, post(journal.Entry{Journal: "VT", Date: day(1), Type: journal.TypeInvoice, Lines: []journal.Line{
					{Account: "411000", Partner: "C1", Balance: e(a)}, {Account: "706000", Balance: e(a).Neg()}}}))
			}
			bill := post(journal.Entry{Journal: "AC", Date: day(1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "401000", Partner: "S1", Balance: e("-1000.00")}, {Account: "607000", Balance: e("1000.00")}}})
			_, err = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNPO", Date: day(4),
				Method: reconcile.MethodSEPATransfer, Ref: "E2E-9", Invoices: []journal.ID{bill.ID}})
			require.NoError(t, err)
			_, err = r.ImportStatement(ctx, reconcile.BankStatement{Account: "DE89370400440532013000", ID: "S", Currency: eur,
				Opening: e("0.00"), OpeningDate: day(1), Closing: e("-657.50"), ClosingDate: day(31),
				Entries: []reconcile.BankEntry{
					{Ref: "F", BookingDate: day(5), Amount: e("-1007.50"), Transactions: []reconcile.BankTransaction{{EndToEndID: "E2E-9"}}},
					{Ref: "C", BookingDate: day(6), Amount: e("350.00"), Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: "BE68539007547034"}}},
				}})
			require.NoError(t, err)
			props, err := r.ProposeImported(ctx, "BNPO", reconcile.Rules{})
			require.NoError(t, err)
			require.True(t, props[0].Target.BankFees)
			require.Contains(t, props[0].Reason, "7,50\u00a0€ difference to bank fees (627000)")
			require.Equal(t, []journal.ID{invs[0].ID, invs[1].ID}, props[1].Target.Invoices, props[1].Reason)
			require.Equal(t, reconcile.Combination, props[1].Confidence)
			op := journal.NewID()
			outs, err := r.ApplyImported(ctx, op, props)
			require.NoError(t, err)
			for i, o := range outs {
				require.NoError(t, o.Err, props[i].Reason)
			}
			// The same call again replays; another set under its id is
			// refused.
			again, err := r.ApplyImported(ctx, op, props)
			require.NoError(t, err)
			require.True(t, again[0].Replay)
			_, err = r.ApplyImported(ctx, op, props[:1])
			require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
			fees, err := b.Balance(ctx, ledger.BalanceQuery{Account: "627000"})
			require.NoError(t, err)
			require.Equal(t, "7.50", fees.Balance.Plain())
			for i, inv := range invs {
				st, err := r.State(ctx, inv.ID)
				require.NoError(t, err)
				want := reconcile.Paid
				if i == 2 {
					want = reconcile.NotPaid
				}
				require.Equal(t, want, st.State)
			}
			st, err := r.State(ctx, bill.ID)
			require.NoError(t, err)
			require.Equal(t, reconcile.Paid, st.State)
			require.NoError(t, b.Check(ctx))
		})
	}
}

// TestRunExecutesScheduled: a payment scheduled on the run's journal by
// its due date goes out with the run.
func TestRunExecutesScheduled(t *testing.T) {
	s := storetest.Backends[0]
	b, _ := bookWithBankAccount(t, s)
	eur := currency.MustLookup("EUR")
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "SG", Name: "SG", Kind: ledger.JournalBank, BankAccount: "512000",
		UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200", IBAN: "DE89370400440532013000"}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "S1", Name: "S1", BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	res, err := b.Post(ctx, journal.Entry{Journal: "AC", Date: journal.MustDate(2026, 3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "S1", Balance: currency.MustParse(eur, "-90.00"), DueDate: journal.MustDate(2026, 6, 1)},
		{Account: "607000", Balance: currency.MustParse(eur, "90.00")}}})
	require.NoError(t, err)
	id := journal.NewID()
	require.NoError(t, r.Schedule(ctx, id, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "SG",
		Date: journal.MustDate(2026, 3, 20), Method: reconcile.MethodTransfer, Invoices: []journal.ID{res.Entry.ID}}))
	run, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "SG", Date: journal.MustDate(2026, 3, 25), DueBy: journal.MustDate(2026, 3, 31)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 1)
	require.Equal(t, "90.00", run.Payments[0].Amount.Plain())
	require.Equal(t, []journal.ID{res.Entry.ID}, run.Payments[0].Bills)
	left, err := r.ScheduledPayments(ctx, journal.Date{})
	require.NoError(t, err)
	require.Empty(t, left)
	_, err = r.ExecuteScheduled(ctx, id, journal.MustDate(2026, 4, 1))
	require.ErrorIs(t, err, reconcile.ErrScheduled, "executed in the run")
	require.NoError(t, b.Check(ctx))
}

// TestRunLeavesScheduledSuppliers: a supplier with a payment scheduled on
// account is paid as planned, not once more by the run.
func TestRunLeavesScheduledSuppliers(t *testing.T) {
	b, _ := bookWithBankAccount(t, storetest.Backends[0])
	eur := currency.MustLookup("EUR")
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "SG", Name: "SG", Kind: ledger.JournalBank, BankAccount: "512000",
		UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200", IBAN: "DE89370400440532013000"}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "S1", Name: "S1", BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	_, err = b.Post(ctx, journal.Entry{Journal: "AC", Date: journal.MustDate(2026, 3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "S1", Balance: currency.MustParse(eur, "-90.00"), DueDate: journal.MustDate(2026, 3, 10)},
		{Account: "607000", Balance: currency.MustParse(eur, "90.00")}}})
	require.NoError(t, err)
	require.NoError(t, r.Schedule(ctx, journal.NewID(), reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "SG",
		Date: journal.MustDate(2026, 3, 20), Method: reconcile.MethodTransfer, Amount: currency.MustParse(eur, "50.00")}))
	run, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "SG", Date: journal.MustDate(2026, 3, 25), DueBy: journal.MustDate(2026, 3, 31)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 1)
	require.Equal(t, "50.00", run.Payments[0].Amount.Plain())
	require.NoError(t, b.Check(ctx))
}
