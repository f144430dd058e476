package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// Review h-rev26 of ae70d80..51bb302: waitingOfPartner (the oldest, never
// a cheque, partner from its receivable/payable line, onAccount);
// byNamedDocuments clears the named partner's payment waiting on account
// of the amount; severalPayers; partyKey ("&"/"+", joint holders, more
// legal forms and titles).

const hrev26CICIBAN = "FR1420041010050500013M02606"

// hrev26Booked adds bank journal CIC, which books payments straight to
// the bank account 512000 (no outstanding accounts), with its own IBAN.
func hrev26Booked(t *testing.T, f *fixture) {
	t.Helper()
	require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "CIC", Name: "CIC", Kind: ledger.JournalBank,
		BankAccount: "512000", IBAN: hrev26CICIBAN}))
}

// hrev26ImportCIC imports one statement of CIC with one entry and
// proposes its open entries.
func hrev26ImportCIC(t *testing.T, f *fixture, on journal.Date, amount, iban, remittance string) []reconcile.ImportedProposal {
	t.Helper()
	s := reconcile.BankStatement{Account: hrev26CICIBAN, ID: "CIC1", Currency: eur, Opening: e("0.00"), OpeningDate: on, ClosingDate: on,
		Closing: e(amount), Entries: []reconcile.BankEntry{{Ref: "CIC1-1", BookingDate: on, Amount: e(amount), Label: "VIR",
			Transactions: []reconcile.BankTransaction{{Counterparty: "someone", CounterpartyIBAN: ident.IBAN(iban), Remittance: remittance}}}}}
	_, err := f.rec.ImportStatement(ctx, s)
	require.NoError(t, err)
	props, err := f.rec.ProposeImported(ctx, "CIC", reconcile.Rules{})
	require.NoError(t, err)
	return props
}

// Was failing, fixed (pre-existing since 74cb058; 51bb302 excluded the cheque only). A card (or cash) payment is taken for a transfer from the
// customer's account. hrev25 excluded the cheque from the partner's
// waiting payments because it "reaches the bank in a deposit (remise),
// never as a transfer from the drawer's account" — and said the same of
// cash and card payments ("A cheque (like cash or a card payment)…");
// waitingOfPartner excludes MethodCheque alone. K1 paid invoice A by
// card at the counter (500, registered, waiting on 512100 for the card
// acquirer's settlement, which comes from the acquirer's account), and
// pays invoice B of 500 by transfer: the statement shows 500 from K1's
// IBAN, no remittance. fromPartner clears the card payment: B stays
// open although paid, and when the acquirer's settlement of 500 comes
// it finds nothing to clear (or clears something else). The same with a
// cash payment, paid in at the counter. Right: a waiting payment whose
// method never comes as the partner's transfer (cheque, card, cash) is
// no candidate; B, K1's only open document of 500, is paid.
func TestHrev26FromPartnerClearsACardOrCashPaymentWithATransfer(t *testing.T) {
	t.Parallel()
	for _, method := range []reconcile.Method{reconcile.MethodCard, reconcile.MethodCash} {
		t.Run(method.String(), func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newRvBank(t, f)
				a := f.invoice(t, "K1", d(3, 1), "500.00")
				bInv := f.invoice(t, "K1", d(3, 5), "500.00")
				pay := hrev25Pay(t, f, "K1", d(3, 10), "500.00", method, a)
				props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "500.00", iban: rvK1IBAN})
				require.Len(t, props, 1)
				pr := props[0]
				require.NotContains(t, pr.Target.Payments, pay.ID, "a transfer from K1's account clears K1's %s payment: %s", method, rvDescribe(pr))
				require.Equal(t, []journal.ID{bInv.ID}, pr.Target.Invoices, "%s", rvDescribe(pr))
			})
		})
	}
}

// Was failing, fixed (regression of 51bb302: passes at ae70d80, where the named B
// was paid). On a journal that books payments straight to the bank (no
// outstanding accounts), an entry naming an invoice is recorded as a
// payment lettered with ANOTHER invoice. byNamedDocuments clears the
// partner's waiting payment of the amount only "on account (lettered
// with nothing)… One lettered with another document is that
// document's": waitingOfPartner(onAccount) skips m.lettered — but
// m.lettered is filled by notePaid, which readWaiting calls for
// outstanding-account journals only. On CIC (booked), K1's payment P of
// 500 for invoice A is booked; the bank shows 500 from K1 naming invoice
// B (K1's second transfer, for B). The entry is recorded as P (Booked:
// P): B stays open although paid, and when P's own transfer (naming A)
// comes, byBooked finds no payment left and it is posted again or to
// suspense. Right: on a booked journal too, a payment lettered with a
// document is not the payment of the document named: B is paid
// (Partner K1, Invoices [B]), as on BNP (TestHrev25NamedInvoiceBeforeWaitingPayment).
func TestHrev26BookedJournalNamedInvoiceTakesAnotherInvoicesPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		newRvBank(t, f) // K1, K2
		hrev26Booked(t, f)
		a := f.invoice(t, "K1", d(3, 1), "500.00")
		bInv := f.invoice(t, "K1", d(3, 2), "500.00")
		pay := f.receive(t, "CIC", "K1", d(3, 10), "500.00", a)
		props := hrev26ImportCIC(t, f, d(3, 20), "500.00", rvK1IBAN, bInv.Name())
		require.Len(t, props, 1)
		pr := props[0]
		require.NotContains(t, pr.Target.Booked, pay.ID, "the entry naming B is recorded as A's payment: %s", rvDescribe(pr))
		require.Equal(t, []journal.ID{bInv.ID}, pr.Target.Invoices, "%s", rvDescribe(pr))
	})
}

// Was failing, fixed (regression of 51bb302: passes at ae70d80). The named invoice's money clears the partner's payment on the
// other partner account. K1 is a customer and a supplier. A refund from
// K1 as a supplier is registered on account on payables (512100 500 /
// 401000 K1, lettered with nothing), waiting. The bank shows 500 from
// K1's IBAN naming K1's customer invoice FA (411000). waitingOfPartner
// accepts a payment of the partner on receivables OR payables, whatever
// account the named documents are on: the entry clears the supplier
// refund, FA stays open on 411000 and the 500 sits on 401000 — two
// accounts never lettered together (a lettering never spans
// receivables and payables, partnerDocs), so K1 appears to owe FA as a
// customer and to be owed 500 as a supplier. Right: the payment on
// account a named document's money shows is one on the named documents'
// account; here FA is paid.
func TestHrev26NamedInvoiceClearsPaymentOnPayables(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		fa := f.invoice(t, "K1", d(3, 1), "500.00")
		refund := f.post(t, journal.Entry{Journal: "BNP", Date: d(3, 10), Type: journal.TypePayment, Label: "Remboursement fournisseur K1", Lines: []journal.Line{
			{Account: "401000", Partner: "K1", Balance: e("-500.00")},
			{Account: "512100", Balance: e("500.00")},
		}})
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "500.00", iban: rvK1IBAN, remittance: fa.Name()})
		require.Len(t, props, 1)
		pr := props[0]
		require.NotContains(t, pr.Target.Payments, refund.ID, "the entry naming %s clears K1's refund on payables: %s", fa.Name(), rvDescribe(pr))
		require.Equal(t, []journal.ID{fa.ID}, pr.Target.Invoices, "%s", rvDescribe(pr))
	})
}

// Was failing, fixed (regression of 51bb302: passes at ae70d80). A title word inside a
// company's name makes it a person's, and the company is no longer
// found by its name. 51bb302 added DR, DOCTEUR and MAITRE to the titles,
// which partyKey drops wherever they stand and which make an unsaid name
// a person's. "Dr. Oetker France" (the partner, no legal form) is now
// the person "FRANCE OETKER"; the bank writes "DR OETKER FRANCE SAS",
// the company "FRANCE OETKER"; a person and a company are never one
// party (sameParty), so the transfer names nobody — at ae70d80 both were
// "DR FRANCE OETKER" and the invoice was paid. The same for "Maître
// Kanter", "Le Maître Boulanger", "Docteur Auto"… Right: these words of
// a company's name are not a person's title (at the least: a name
// whose title word is followed by a legal form is not a person's, and
// a partner's name with such a word and a bank's with it plus a legal
// form are one party); the entry is K3's and pays its invoice.
func TestHrev26TitleWordInACompanyName(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ partner, bank string }{
		{"Dr. Oetker France", "DR OETKER FRANCE SAS"},
		{"Maître Kanter", "MAITRE KANTER SAS"},
	} {
		t.Run(c.partner, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newRvBank(t, f)
				require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K3", Name: c.partner}))
				inv := f.invoice(t, "K3", d(3, 1), "500.00")
				props := b.nameEntry(t, d(3, 20), "500.00", c.bank, "", reconcile.Rules{})
				require.Len(t, props, 1)
				require.Equal(t, "K3", props[0].Target.Partner, "%q does not name %q: %s", c.bank, c.partner, rvDescribe(props[0]))
				require.Equal(t, []journal.ID{inv.ID}, props[0].Target.Invoices, "%s", rvDescribe(props[0]))
			})
		})
	}
}

// passes. The new rule's own case: K1's payment of 500 registered on
// account waits; the bank shows 500 from K1 naming invoice FA of 500:
// the payment is cleared (FA stays open, letterable with it), and once
// applied the book checks with 512100 clean.
func TestHrev26NamedInvoiceClearsPaymentOnAccount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		fa := f.invoice(t, "K1", d(3, 1), "500.00")
		pay := hrev25Pay(t, f, "K1", d(3, 10), "500.00", reconcile.MethodTransfer)
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "500.00", iban: rvK1IBAN, remittance: fa.Name()})
		require.Len(t, props, 1)
		require.Equal(t, []journal.ID{pay.ID}, props[0].Target.Payments, "%s", rvDescribe(props[0]))
		require.Contains(t, props[0].Reason, pay.Name())
		_, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		f.check(t)
	})
}

// passes. A waiting payment on account in another currency, or of the
// other direction, is not the named invoice's money: USD 500 registered
// on account and an outgoing refund of -500 wait; the bank shows EUR 500
// naming FA: FA is paid.
func TestHrev26NamedInvoiceOtherCurrencyOrDirection(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		fa := f.invoice(t, "K1", d(3, 1), "500.00")
		usd := currency.MustLookup("USD")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "K1", Journal: "BNP", Date: d(3, 10),
			Method: reconcile.MethodTransfer, Amount: currency.MustParse(usd, "500.00"), CompanyAmount: e("460.00")})
		require.NoError(t, err)
		out, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "K1", Journal: "BNP", Date: d(3, 11),
			Method: reconcile.MethodTransfer, Amount: e("500.00")})
		require.NoError(t, err)
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "500.00", iban: rvK1IBAN, remittance: fa.Name()})
		require.Len(t, props, 1)
		pr := props[0]
		require.NotContains(t, pr.Target.Payments, res.Entries[0].ID, "%s", rvDescribe(pr))
		require.NotContains(t, pr.Target.Payments, out.Entries[0].ID, "%s", rvDescribe(pr))
		require.Equal(t, []journal.ID{fa.ID}, pr.Target.Invoices, "%s", rvDescribe(pr))
	})
}

// passes. The payment waiting on account is this journal's: K1's payment
// of 500 on account registered through BQ (another bank) is not what a
// BNP entry naming FA shows; FA is paid.
func TestHrev26NamedInvoiceWaitingOnAnotherBank(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		fa := f.invoice(t, "K1", d(3, 1), "500.00")
		pay := f.receive(t, "BQ", "K1", d(3, 10), "500.00")
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "500.00", iban: rvK1IBAN, remittance: fa.Name()})
		require.Len(t, props, 1)
		require.NotContains(t, props[0].Target.Payments, pay.ID, "%s", rvDescribe(props[0]))
		require.Equal(t, []journal.ID{fa.ID}, props[0].Target.Invoices, "%s", rvDescribe(props[0]))
	})
}

// passes. severalPayers: one partner's IBAN twice, once as the partner
// holds it and once in lower case with spaces, plus a transaction with
// no IBAN, is one payer: the entry pays K1's invoice of the total.
func TestHrev26OnePayerIBANWrittenTwoWays(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		inv := f.invoice(t, "K1", d(3, 1), "800.00")
		s := b.statement(d(3, 20), rvEntry{amount: "800.00"})
		s.Entries[0].Transactions = []reconcile.BankTransaction{
			{Amount: e("500.00"), Counterparty: "CLIENT K1", CounterpartyIBAN: rvK1IBAN},
			{Amount: e("200.00"), Counterparty: "CLIENT K1", CounterpartyIBAN: "be68 5390 0754 7034"},
			{Amount: e("100.00"), Counterparty: "CLIENT K1"},
		}
		_, err := b.rec.ImportStatement(ctx, s)
		require.NoError(t, err)
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 1)
		require.Equal(t, []journal.ID{inv.ID}, props[0].Target.Invoices, "%s", rvDescribe(props[0]))
	})
}

// passes. Joint holders and "&" glued: "M OU MME DUPONT JEAN" names the
// partner "Jean Dupont"; "DUPONT+FILS" names "Dupont & Fils".
func TestHrev26JointHoldersAndGluedPlus(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ partner, bank string }{
		{"Jean Dupont", "M OU MME DUPONT JEAN"},
		{"Dupont & Fils", "DUPONT+FILS"},
	} {
		t.Run(c.bank, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newRvBank(t, f)
				require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K3", Name: c.partner}))
				inv := f.invoice(t, "K3", d(3, 1), "500.00")
				props := b.nameEntry(t, d(3, 20), "500.00", c.bank, "", reconcile.Rules{})
				require.Len(t, props, 1)
				require.Equal(t, []journal.ID{inv.ID}, props[0].Target.Invoices, "%s", rvDescribe(props[0]))
			})
		})
	}
}
