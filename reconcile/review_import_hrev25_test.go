package reconcile_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// Review h-rev25 of 3d4370c..ae70d80: fromPartner clears the partner's
// payment waiting of the amount before paying its one invoice of the
// amount; an entry whose IBANs are several partners' is no one partner's
// (byCounterparty); nameParties (own accounts, one counterparty, person
// or company); digits never after a journal code nor from a signed
// amount.

// hrev25Pay registers a receipt of partner p through BNP by method,
// lettered with invoices when some are given.
func hrev25Pay(t *testing.T, f *fixture, p string, date journal.Date, amount string, method reconcile.Method, invoices ...journal.Entry) journal.Entry {
	t.Helper()
	pay := reconcile.Payment{Direction: reconcile.Inbound, Partner: p, Journal: "BNP", Date: date, Method: method, Amount: e(amount)}
	for _, inv := range invoices {
		pay.Invoices = append(pay.Invoices, inv.ID)
	}
	res, err := f.rec.RegisterPayment(ctx, pay)
	require.NoError(t, err)
	return res.Entries[0]
}

// Was failing (regression of 74cb058: passes at f6c0f8d), fixed. A cheque in hand is taken for a transfer from the customer's
// account. K1 sent a cheque of 500 for invoice A (registered, method
// cheque, waiting on 512100 for the deposit the company has not made
// yet), and pays invoice B of 500 by transfer: the statement shows 500
// from K1's IBAN. fromPartner now clears the partner's payment waiting
// of the amount first, whatever its method: the cheque is shown as
// cleared by the transfer, B stays open although paid, and when the
// deposit of the cheque comes on the next statement it finds nothing
// to clear. Before 74cb058, byCounterparty paid B (K1's only open
// document of 500). A cheque (like cash or a card payment)
// reaches the bank in a deposit (remise), never as a transfer from the
// drawer's account: a waiting payment whose method cannot come from the
// counterparty's account is no candidate for an entry known by that
// account. Right: B paid (or at least the cheque not cleared).
func TestHrev25FromPartnerClearsAChequeWithATransfer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		a := f.invoice(t, "K1", d(3, 1), "500.00")
		bInv := f.invoice(t, "K1", d(3, 5), "500.00")
		chq := hrev25Pay(t, f, "K1", d(3, 10), "500.00", reconcile.MethodCheque, a)
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "500.00", iban: rvK1IBAN})
		require.Len(t, props, 1)
		pr := props[0]
		require.NotContains(t, pr.Target.Payments, chq.ID, "a transfer from K1's account clears K1's cheque in hand: %s", rvDescribe(pr))
		require.Equal(t, []journal.ID{bInv.ID}, pr.Target.Invoices, "%s", rvDescribe(pr))
	})
}

// Was failing, fixed (not a regression: C was paid before 74cb058 too; the new rule
// is incomplete). Two payments of the amount waiting: the invoice is paid with
// the money instead. K1 announced and registered two transfers of 500,
// for invoices A and B (in payment, waiting on 512100); a third invoice
// C of 500 is open. The bank shows 500 from K1's IBAN, no remittance.
// fromPartner clears the partner's waiting payment only when it has
// exactly one (waitingOfPartner), else pays its one open document of the
// amount: C is paid, and one of the two registered payments waits for
// ever — exactly what the new order is meant to prevent ("paying an
// invoice with the money instead would leave that payment waiting for
// ever"). Two alike payments of one partner are interchangeable:
// byNamedPaid clears "the oldest of n alike", whichever the bank shows
// the books end the same. Right: the oldest waiting payment cleared
// (at least C not paid with it).
func TestHrev25FromPartnerTwoWaitingPaymentsOfTheAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		a := f.invoice(t, "K1", d(3, 1), "500.00")
		bInv := f.invoice(t, "K1", d(3, 2), "500.00")
		c := f.invoice(t, "K1", d(3, 3), "500.00")
		p1 := hrev25Pay(t, f, "K1", d(3, 10), "500.00", reconcile.MethodTransfer, a)
		hrev25Pay(t, f, "K1", d(3, 11), "500.00", reconcile.MethodTransfer, bInv)
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "500.00", iban: rvK1IBAN})
		require.Len(t, props, 1)
		pr := props[0]
		require.NotContains(t, pr.Target.Invoices, c.ID, "C paid while two payments of 500 of K1 wait: %s", rvDescribe(pr))
		require.Equal(t, []journal.ID{p1.ID}, pr.Target.Payments, "%s", rvDescribe(pr))
	})
}

// Was failing, fixed (pre-existing in forPartner, now in the rule that runs first).
// A payment waiting whose partner line is not its first line is
// not the partner's. waitingOfPartner reads the partner of a waiting
// payment from e.Lines[0] only: RegisterPayment writes the partner line
// first, but a payment entry posted otherwise (by hand, an import:
// 512100 first, then 411000 K1) has no partner on its first line. K1's
// payment of 500 on account waits on 512100; the bank shows it (500 from
// K1's IBAN); fromPartner does not see K1's payment and pays invoice A
// with the money: the payment waits for ever and K1 is credited twice
// (A paid, and 500 unallocated on its account). Right: the payment's
// partner is that of its receivable/payable line, wherever it stands;
// the entry clears it.
func TestHrev25FromPartnerWaitingPaymentPartnerOnItsSecondLine(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		a := f.invoice(t, "K1", d(3, 1), "500.00")
		pay := f.post(t, journal.Entry{Journal: "BNP", Date: d(3, 10), Type: journal.TypePayment, Label: "Virement K1", Lines: []journal.Line{
			{Account: "512100", Balance: e("500.00")},
			{Account: "411000", Partner: "K1", Balance: e("-500.00")},
		}})
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "500.00", iban: rvK1IBAN})
		require.Len(t, props, 1)
		pr := props[0]
		require.NotContains(t, pr.Target.Invoices, a.ID, "A paid while K1's payment of 500 waits: %s", rvDescribe(pr))
		require.Equal(t, []journal.ID{pay.ID}, pr.Target.Payments, "%s", rvDescribe(pr))
	})
}

// Was failing (pre-existing; ae70d80's refusal leaves it), fixed. An entry grouping a known partner's transfer and an unknown
// payer's is taken whole for the partner. One entry of 800: 500 from
// K1's IBAN ("CLIENT K1"), 300 from an account no partner holds ("PIERRE
// MARTIN"). ae70d80 refuses an entry whose IBANs are several partners',
// and nameParties (f6c0f8d) refuses an entry of several counterparties'
// names, but byCounterparty only compares the IBANs partners hold: an
// account of nobody is skipped, K1 is the entry's partner, forPartner
// finds K1's invoices of 500 + 300 and pays both — Pierre Martin's 300
// pays K1's invoice, K1 shown as having paid what it did not (the case
// of TestHrev24NameSeveralCounterpartiesInOneEntry, by IBAN). Right: an
// entry whose transactions come from different counterparties (a
// partner's account and another account of another name) is no one
// partner's: at least not K1's 800.
func TestHrev25PartnerPlusUnknownPayerInOneEntry(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		f.invoice(t, "K1", d(3, 1), "500.00")
		i300 := f.invoice(t, "K1", d(3, 2), "300.00")
		s := b.statement(d(3, 20), rvEntry{amount: "800.00"})
		s.Entries[0].Transactions = []reconcile.BankTransaction{
			{Amount: e("500.00"), Counterparty: "CLIENT K1", CounterpartyIBAN: rvK1IBAN},
			{Amount: e("300.00"), Counterparty: "PIERRE MARTIN", CounterpartyIBAN: "FR7630004000031234567890143"},
		}
		_, err := b.rec.ImportStatement(ctx, s)
		require.NoError(t, err)
		b.bal = s.Closing
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 1)
		pr := props[0]
		require.False(t, pr.Matched && pr.Target.Partner == "K1" && slices.Contains(pr.Target.Invoices, i300.ID),
			"Pierre Martin's 300 pays K1's invoice: %s", rvDescribe(pr))
	})
}

// Was failing (pre-existing; ae70d80's refusal does not reach it), fixed. The refusal of an entry of several partners' IBANs is
// byCounterparty's alone: byNamedDocuments, which runs before it, takes
// the entry for the first partner whose document a remittance names.
// One entry of 800: 500 from K1's IBAN naming K1's invoice, 300 from
// K2's IBAN naming K2's invoice. The documents of two partners cannot be
// one lettering, so K2's is skipped and K1's invoice of 500 is paid with
// the 800, "300,00 € overpaid stays as an outstanding credit" — on K1,
// with K2's money; K2's invoice stays open although paid. ae70d80's own
// reason ("each would be paid with the others' money") holds here too.
// Right: an entry whose transactions come from several partners'
// accounts is not one partner's, whichever rule names it (left to a
// person, or split by transaction).
func TestHrev25SeveralPartnersIBANsNamedDocuments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		k1 := f.invoice(t, "K1", d(3, 1), "500.00")
		k2 := f.invoice(t, "K2", d(3, 1), "300.00")
		s := b.statement(d(3, 20), rvEntry{amount: "800.00"})
		s.Entries[0].Transactions = []reconcile.BankTransaction{
			{Amount: e("500.00"), Counterparty: "CLIENT K1", CounterpartyIBAN: rvK1IBAN, Remittance: k1.Name()},
			{Amount: e("300.00"), Counterparty: "CLIENT K2", CounterpartyIBAN: rvK2IBAN, Remittance: k2.Name()},
		}
		_, err := b.rec.ImportStatement(ctx, s)
		require.NoError(t, err)
		b.bal = s.Closing
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 1)
		pr := props[0]
		require.False(t, pr.Matched && pr.Target.Partner == "K1", "K2's 300 left on K1's account: %s", rvDescribe(pr))
	})
}

// Was failing, fixed (regression of f6c0f8d: passes at 3d4370c, where "+" split
// words). "&" glued to the words is not read as "et". EPCText turns "&"
// into "+" (the EPC character set has no "&"), and partyKey reads a word
// of "+" alone as "ET" — but splits words on everything but letters,
// digits and "+", so "DUPONT&FILS" (as banks and payers very often write
// it, and "DUPONT+FILS" as SEPA converters give it) stays one word
// "DUPONT+FILS": "SARL DUPONT&FILS" does not name "Dupont & Fils SARL",
// whose key is "DUPONT ET FILS". Right: "&"/"+" between words is "ET"
// wherever it stands; the entry is K3's and pays its invoice.
func TestHrev25NameGluedAmpersand(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K3", Name: "Dupont & Fils SARL"}))
		inv := f.invoice(t, "K3", d(3, 1), "500.00")
		props := b.nameEntry(t, d(3, 20), "500.00", "SARL DUPONT&FILS", "", reconcile.Rules{})
		require.Len(t, props, 1)
		require.Equal(t, "K3", props[0].Target.Partner, "%s", rvDescribe(props[0]))
		require.Equal(t, []journal.ID{inv.ID}, props[0].Target.Invoices, "%s", rvDescribe(props[0]))
	})
}

// passes. One partner paying from two of its accounts in one entry: the
// refusal of several partners' IBANs does not apply; its invoice of the
// total is paid, and the book checks once applied.
func TestHrev25OnePartnerTwoIBANsInOneEntry(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		const second = "FR7630004000031234567890143"
		hrev24Partner(t, f, "K4", "Client K4", "FR7610107001011234567890129", second)
		inv := f.invoice(t, "K4", d(3, 1), "800.00")
		s := b.statement(d(3, 20), rvEntry{amount: "800.00"})
		s.Entries[0].Transactions = []reconcile.BankTransaction{
			{Amount: e("500.00"), Counterparty: "CLIENT K4", CounterpartyIBAN: "FR7610107001011234567890129"},
			{Amount: e("300.00"), Counterparty: "CLIENT K4", CounterpartyIBAN: second},
		}
		_, err := b.rec.ImportStatement(ctx, s)
		require.NoError(t, err)
		b.bal = s.Closing
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 1)
		require.Equal(t, []journal.ID{inv.ID}, props[0].Target.Invoices, "%s", rvDescribe(props[0]))
		_, err = f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.True(t, f.residual(t, line0(inv)).IsZero())
		f.check(t)
	})
}

// passes. The company's own account written in lower case with spaces
// on its journal is still its own: the journal's IBAN is kept canonical,
// and an internal transfer from it is not taken for a customer of the
// company's name.
func TestHrev25OwnAccountWrittenLoosely(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "CIC", Name: "CIC", Kind: ledger.JournalBank,
			BankAccount: "512000", IBAN: "fr14 2004 1010 0505 0001 3m02 606"}))
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K3", Name: "Dupont Holding SARL"}))
		inv := f.invoice(t, "K3", d(3, 1), "10000.00")
		props := b.nameEntry(t, d(3, 20), "10000.00", "DUPONT HOLDING", "FR14 2004 1010 0505 0001 3M02 606", reconcile.Rules{})
		require.Len(t, props, 1)
		require.NotEqual(t, "K3", props[0].Target.Partner, "%s", rvDescribe(props[0]))
		require.NotContains(t, props[0].Target.Invoices, inv.ID)
	})
}

// Was a gap (the entry was left to a person), now matched. A name the
// bank cut at its field's width (70 characters of a SEPA name, 35 of a
// CFONB 120 record 05) in the middle of a word is the partner's whose
// name it begins, as Odoo's _retrieve_partner finds it by 'complete_name
// ilike' (the cut name is a part of one partner's name alone).
func TestHrev25TruncatedNameMatched(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K3",
			Name: "Société Coopérative Agricole des Producteurs de Lait du Grand Ouest Atlantique"}))
		inv := f.invoice(t, "K3", d(3, 1), "500.00")
		cut := "SOCIETE COOPERATIVE AGRICOLE DES PRODUCTEURS DE LAIT DU GRAND OUEST AT" // 70
		require.Len(t, cut, 70)
		props := b.nameEntry(t, d(3, 20), "500.00", cut, "", reconcile.Rules{})
		require.Len(t, props, 1)
		require.True(t, props[0].Matched, "%s", rvDescribe(props[0]))
		require.Equal(t, "K3", props[0].Target.Partner, "%s", rvDescribe(props[0]))
		require.Equal(t, []journal.ID{inv.ID}, props[0].Target.Invoices, "%s", rvDescribe(props[0]))
		require.Contains(t, props[0].Reason, "begins K3's name, cut by the bank")
	})
}

// passes. With the exact-amount rule off, a partner known by its IBAN
// with a payment waiting of the amount is not cleared by amount: the
// entry goes to its account, to letter (as before 74cb058).
func TestHrev25NoExactAmountKeepsWaitingPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		f.invoice(t, "K1", d(3, 1), "500.00")
		pay := hrev25Pay(t, f, "K1", d(3, 10), "500.00", reconcile.MethodTransfer)
		props := b.imports(t, d(3, 20), reconcile.Rules{NoExactAmount: true}, rvEntry{amount: "500.00", iban: rvK1IBAN})
		require.Len(t, props, 1)
		require.NotContains(t, props[0].Target.Payments, pay.ID, "%s", rvDescribe(props[0]))
		require.Equal(t, "K1", props[0].Target.Partner, "%s", rvDescribe(props[0]))
		require.Empty(t, props[0].Target.Invoices, "%s", rvDescribe(props[0]))
	})
}

// passes. The remittance naming another invoice than the one the
// waiting payment of the amount is lettered with: byNamedDocuments runs
// first, the named invoice is paid and the payment keeps waiting; applied,
// the book checks.
func TestHrev25NamedInvoiceBeforeWaitingPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		a := f.invoice(t, "K1", d(3, 1), "500.00")
		c := f.invoice(t, "K1", d(3, 2), "500.00")
		pay := hrev25Pay(t, f, "K1", d(3, 10), "500.00", reconcile.MethodTransfer, a)
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "500.00", iban: rvK1IBAN, remittance: c.Name()})
		require.Len(t, props, 1)
		require.Equal(t, []journal.ID{c.ID}, props[0].Target.Invoices, "%s", rvDescribe(props[0]))
		require.NotContains(t, props[0].Target.Payments, pay.ID)
		_, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.True(t, f.residual(t, line0(c)).IsZero())
		f.check(t)
	})
}

// passes. The journal-prefix guard of digits naming is the same in
// Propose and in the partner-by-partner Partners: a payment's word
// "VE2026-00002" (journal VE's own prefix) names no invoice VT/2026/00002
// by its digits in either, and both propose the same.
func TestHrev25JournalPrefixPartnersAsPropose(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev23Journal(t, f, "VE")
		f.invoice(t, "C1", d(3, 1), "100.00")
		inv := f.invoice(t, "C1", d(3, 2), "200.00") // VT/2026/00002
		f.invoice(t, "C1", d(3, 3), "200.00")
		require.Equal(t, "VT/2026/00002", inv.Name())
		f.pay(t, "C1", d(3, 20), "200.00", "", "VE2026-00002")
		out := propose(t, f, customers, reconcile.Rules{})
		var views []reconcile.PartnerView
		for v, err := range f.rec.Partners(ctx, "411000", reconcile.ByCode, reconcile.Rules{}) {
			require.NoError(t, err)
			views = append(views, v)
		}
		require.Len(t, views, 1)
		require.Equal(t, len(out.Proposals), len(views[0].Proposals), "%s", hrev23Describe(out))
		for i := range out.Proposals {
			require.Equal(t, out.Proposals[i].Lines, views[0].Proposals[i].Lines)
			require.NotContains(t, out.Proposals[i].Lines, line0(inv), "%s", hrev23Describe(out))
		}
	})
}
