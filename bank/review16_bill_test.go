package bank_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/lettrage/lettrage/tax"
)

// billsBook: BNP (the company's account FR76 3000 6000 …) and SG; a BOR
// to supplier S1 domiciled at BNP, an LCR on customer C1 domiciled at
// its account BE68 5390 0754 7034 and remitted to BNP.
func billsBook(t *testing.T, s storetest.Backend) (*ledger.Book, *reconcile.Reconciler, journal.ID, journal.ID) {
	b, r := bookWithBankAccount(t, s)
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "SG", Name: "Société Générale", Kind: ledger.JournalBank,
		BankAccount: "512100", IBAN: "FR7630003030000001234567845"}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Client", BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "S1", Name: "Fournisseur"}))
	day := func(m, d int) journal.Date { return journal.MustDate(2026, time.Month(m), d) }
	post := func(x journal.Entry) journal.Entry {
		res, err := b.Post(ctx, x)
		require.NoError(t, err)
		return res.Entry
	}
	inv := post(journal.Entry{Journal: "VT", Date: day(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: eR("500.00")}, {Account: "706000", Balance: eR("-500.00")}}})
	bill := post(journal.Entry{Journal: "AC", Date: day(3, 2), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "S1", Balance: eR("-300.00")}, {Account: "607000", Balance: eR("300.00")}}})
	lcr, err := r.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: day(3, 5),
		DueDate: day(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-001", Bank: "BNP"})
	require.NoError(t, err)
	bor, err := r.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Outbound, Partner: "S1", Journal: "OD", Date: day(3, 6),
		DueDate: day(4, 15), Invoices: []journal.ID{bill.ID}, Ref: "BOR-001", Bank: "BNP"})
	require.NoError(t, err)
	return b, r, lcr.Entries[0].ID, bor.Entries[0].ID
}

// A BOR domiciled at BNP is not settled by Société Générale's line, even
// when the line is posted by hand naming it: applying a target that
// ProposeImported never makes must not bypass the domiciliation.
func TestR16BORSettledByAnotherBankOnApply(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, r, _, bor := billsBook(t, s)
			_, err := r.ImportStatement(ctx, reconcile.BankStatement{Account: "FR7630003030000001234567845", ID: "SG-AVR", Currency: eurR,
				Opening: eR("0.00"), OpeningDate: dayR(4, 1), Closing: eR("-300.00"), ClosingDate: dayR(4, 30),
				Entries: []reconcile.BankEntry{{Ref: "L1", BookingDate: dayR(4, 15), Amount: eR("-300.00"), Label: "BOR ECHU"}}})
			require.NoError(t, err)
			props, err := r.ProposeImported(ctx, "SG", reconcile.Rules{})
			require.NoError(t, err)
			require.False(t, props[0].Matched, props[0].Reason)
			_, err = r.PostImported(ctx, journal.NoID, "SG", "SG-AVR", "L1", reconcile.ImportedTarget{Partner: "S1", Invoices: []journal.ID{bor}})
			require.Error(t, err, "a BOR domiciled at BNP settled by SG's line")
			bal, berr := b.Balance(ctx, ledger.BalanceQuery{Account: "403000"})
			require.NoError(t, berr)
			require.Equal(t, "-300.00", bal.Balance.Plain(), "the bill stays open")
		})
	}
}

// The same with a statement line posted directly on SG.
func TestR16BORSettledByAnotherBankStatementLine(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			_, r, _, bor := billsBook(t, s)
			_, err := r.PostStatementLine(ctx, reconcile.StatementLine{Journal: "SG", Date: dayR(4, 15), Amount: eR("-300.00"),
				Partner: "S1", Invoices: []journal.ID{bor}})
			require.Error(t, err, "a BOR domiciled at BNP settled by SG's line")
		})
	}
}

// An LCR domiciled at C1's account is not settled, on apply, by a BNP
// line from another account.
func TestR16LCRFromAnotherAccountOnApply(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			_, r, lcr, _ := billsBook(t, s)
			_, err := r.ImportStatement(ctx, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "BNP-AVR", Currency: eurR,
				Opening: eR("0.00"), OpeningDate: dayR(4, 1), Closing: eR("500.00"), ClosingDate: dayR(4, 30),
				Entries: []reconcile.BankEntry{{Ref: "L2", BookingDate: dayR(4, 30), Amount: eR("500.00"), Label: "REMISE LCR",
					Transactions: []reconcile.BankTransaction{{Counterparty: "Autre", CounterpartyIBAN: "DE89370400440532013000"}}}}})
			require.NoError(t, err)
			props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
			require.NoError(t, err)
			require.False(t, props[0].Matched, props[0].Reason)
			_, err = r.PostImported(ctx, journal.NoID, "BNP", "BNP-AVR", "L2", reconcile.ImportedTarget{Partner: "C1", Invoices: []journal.ID{lcr}})
			require.Error(t, err, "an LCR domiciled at BE68… settled by a line from DE89…")
		})
	}
}

// An LCR is domiciled at the customer's account (Bill.IBAN: "for an LCR
// the customer's"): an LCR domiciled at the company's own BNP account can
// never be settled by the customer's line, and must be refused with
// nothing written.
func TestR16LCRDomiciledAtCompanyAccount(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, r := bookWithBankAccount(t, s)
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Client", BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
			res, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: dayR(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: eR("500.00")}, {Account: "706000", Balance: eR("-500.00")}}})
			require.NoError(t, err)
			_, err = r.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: dayR(3, 5),
				DueDate: dayR(4, 30), Invoices: []journal.ID{res.Entry.ID}, Ref: "LCR-001", IBAN: "FR7630006000011234567890189"})
			require.ErrorIs(t, err, reconcile.ErrConfig, "an LCR domiciled at the company's own account")
			bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: "413000"})
			require.NoError(t, err)
			require.True(t, bal.Balance.IsZero(), "nothing written")
		})
	}
}

// C1's LCR (no account on file: payable anywhere) falls due the day C2,
// known by its IBAN, transfers 500 € for its own 500 € invoice. The line
// is C2's money: it must pay C2's invoice, not settle C1's bill.
func TestR16LCRTakesAnotherCustomersTransfer(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, r := bookWithBankAccount(t, s)
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Client"}))
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C2", Name: "Autre", BankAccounts: []ledger.BankAccount{{IBAN: "DE89370400440532013000"}}}))
			var invs []journal.ID
			for _, c := range []string{"C1", "C2"} {
				res, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: dayR(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
					{Account: "411000", Partner: c, Balance: eR("500.00")}, {Account: "706000", Balance: eR("-500.00")}}})
				require.NoError(t, err)
				invs = append(invs, res.Entry.ID)
			}
			_, err := r.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: dayR(3, 5),
				DueDate: dayR(4, 30), Invoices: []journal.ID{invs[0]}, Ref: "LCR-001"})
			require.NoError(t, err)
			_, err = r.ImportStatement(ctx, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "BNP-AVR", Currency: eurR,
				Opening: eR("0.00"), OpeningDate: dayR(4, 1), Closing: eR("500.00"), ClosingDate: dayR(4, 30),
				Entries: []reconcile.BankEntry{{Ref: "L1", BookingDate: dayR(4, 30), Amount: eR("500.00"), Label: "VIR RECU",
					Transactions: []reconcile.BankTransaction{{Counterparty: "Autre", CounterpartyIBAN: "DE89370400440532013000"}}}}})
			require.NoError(t, err)
			props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
			require.NoError(t, err)
			require.Equal(t, "C2", props[0].Target.Partner, "C2's transfer proposed as: %s", props[0].Reason)
			require.Equal(t, []journal.ID{invs[1]}, props[0].Target.Invoices, props[0].Reason)
		})
	}
}

// An LCR on an invoice with VAT on payment, collected by an imported
// statement line at maturity: the VAT is due on the line's booking date,
// not on the day the bill was drawn.
func TestR16LCRCashBasisDueAtImportedCollection(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, r := bookWithBankAccount(t, s)
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Client", BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
			vat := tax.Tax{ID: "V20E", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
				FinalAccount: "445710", TransitionAccount: "445740"}
			x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: dayR(3, 1), Partner: "C1", PartnerAccount: "411000",
				Lines: []journal.InvoiceLine{{UnitPrice: eR("1000.00"), Taxes: []tax.Tax{vat}, Account: "706000"}}}.Entry()
			require.NoError(t, err)
			inv, err := b.Post(ctx, x)
			require.NoError(t, err)
			_, err = r.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: dayR(3, 10),
				DueDate: dayR(4, 30), Invoices: []journal.ID{inv.Entry.ID}, Ref: "LCR-001", Bank: "BNP"})
			require.NoError(t, err)
			balance := func(acct string) string {
				bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: acct})
				require.NoError(t, err)
				return bal.Balance.Plain()
			}
			require.Equal(t, "-200.00", balance("445740"), "drawing the bill makes no VAT due")
			_, err = r.ImportStatement(ctx, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "BNP-AVR", Currency: eurR,
				Opening: eR("0.00"), OpeningDate: dayR(4, 1), Closing: eR("1200.00"), ClosingDate: dayR(4, 30),
				Entries: []reconcile.BankEntry{{Ref: "L1", BookingDate: dayR(4, 30), Amount: eR("1200.00"), Label: "REMISE LCR",
					Transactions: []reconcile.BankTransaction{{Counterparty: "Client", CounterpartyIBAN: "BE68539007547034"}}}}})
			require.NoError(t, err)
			props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
			require.NoError(t, err)
			require.True(t, props[0].Matched, props[0].Reason)
			outs, err := r.ApplyImported(ctx, journal.NoID, props)
			require.NoError(t, err)
			require.NoError(t, outs[0].Err)
			var due []journal.Entry
			for _, e := range outs[0].Result.Entries {
				if e.Type == journal.TypeCashBasis {
					due = append(due, e)
				}
			}
			require.Len(t, due, 1)
			require.Equal(t, dayR(4, 30), due[0].Date)
			require.Equal(t, "0.00", balance("445740"))
			require.Equal(t, "-200.00", balance("445710"))
			require.NoError(t, b.Check(ctx))
		})
	}
}
