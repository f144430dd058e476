package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// Review h-rev30 of 5b0b1e2..b8f5550: byPaymentRef (waiting payments
// cleared by their memo), byNamedDocuments (a supplier's reference names
// only that supplier's documents; documents paid in part by an earlier
// line paid on; documents paid in full by an earlier line send the entry
// to their partner's account), byBatch (a deposit's total not another
// partner's transfer).

// hrev30Cheque registers a cheque received from p through BNP.
func hrev30Cheque(t *testing.T, f *fixture, p string, date journal.Date, amount string) journal.Entry {
	t.Helper()
	res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: p, Journal: "BNP", Date: date,
		Method: reconcile.MethodCheque, Amount: e(amount)})
	require.NoError(t, err)
	return res.Entries[0]
}

// hrev30Apply applies the proposals, each without error, and checks the
// books.
func hrev30Apply(t *testing.T, f *fixture, props []reconcile.ImportedProposal) {
	t.Helper()
	outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
	require.NoError(t, err)
	for i, o := range outs {
		if props[i].Matched {
			require.NoError(t, o.Err, rvDescribe(props[i]))
		}
	}
	f.check(t)
}

// Was failing, fixed: the "spent" rule (an entry naming only documents earlier entries
// pay in full goes to their partner's account) ignores who the money
// comes from. Customer K1's invoice A is paid by K1's first transfer;
// a second transfer of 500 from customer K2's known IBAN names A too
// (K2 copied the wrong number). It is proposed to K1's account: K1 is
// credited 500 it never paid, and K2's own invoice B of 500 stays due
// although K2 paid it (before 5b0b1e2..HEAD byCounterparty paid B).
// Expected: K2's money stays K2's (its invoice B, or its account).
func TestHrev30SpentDocumentNamedByAnotherKnownPayer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		a := f.invoice(t, "K1", d(3, 1), "500.00")
		inv := f.invoice(t, "K2", d(3, 2), "500.00")
		props := b.imports(t, d(3, 20), reconcile.Rules{},
			rvEntry{amount: "500.00", iban: rvK1IBAN, remittance: "Facture " + a.Name()},
			rvEntry{amount: "500.00", iban: rvK2IBAN, remittance: "Facture " + a.Name()})
		require.Len(t, props, 2)
		require.Equal(t, []journal.ID{a.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		pr := props[1]
		require.NotEqual(t, "K1", pr.Target.Partner, "K2's transfer credited to K1: %s", rvDescribe(pr))
		require.Equal(t, "K2", pr.Target.Partner, rvDescribe(pr))
		require.Equal(t, []journal.ID{inv.ID}, pr.Target.Invoices, rvDescribe(pr))
	})
}

// Was failing, fixed: the "spent" rule posts the entry as new money on the partner's
// account without looking for the partner's payment of that amount
// waiting for the bank, which every other path of byNamedDocuments and
// fromPartner clears first. K1's invoice A (500) is paid by K1's first
// transfer; K1's payment W of 300, registered on account, waits on
// 512100; K1's second transfer of 300 repeats A's number. It is
// proposed as a new receipt on K1's account: applied, K1 is credited 300
// twice and W waits on 512100 for ever (before this change fromPartner
// cleared W). Expected: the second entry clears W.
func TestHrev30SpentDocumentIgnoresPartnersWaitingPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		a := f.invoice(t, "K1", d(3, 1), "500.00")
		w := b.receiveRef(t, "K1", d(3, 10), "300.00", "")
		props := b.imports(t, d(3, 20), reconcile.Rules{},
			rvEntry{amount: "500.00", iban: rvK1IBAN, remittance: "Facture " + a.Name()},
			rvEntry{amount: "300.00", iban: rvK1IBAN, remittance: "Facture " + a.Name()})
		require.Len(t, props, 2)
		require.Equal(t, []journal.ID{a.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		pr := props[1]
		require.Equal(t, []journal.ID{w.ID}, pr.Target.Payments, "K1's payment of 300 left waiting, the money posted again: %s", rvDescribe(pr))
		require.Empty(t, pr.Target.Partner, rvDescribe(pr))
	})
}

// Was failing, fixed: the same on a journal that books payments straight to the bank:
// K1's payment of 300 booked on CIC is what the bank shows (byBooked),
// but the spent rule, which runs before it, posts the 300 a second time
// to K1's account: the bank account counts it twice. Expected: the
// second entry is recorded as the booked payment.
func TestHrev30SpentDocumentIgnoresBookedPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		newRvBank(t, f)
		hrev26Booked(t, f)
		a := f.invoice(t, "K1", d(3, 1), "500.00")
		w := f.receive(t, "CIC", "K1", d(3, 10), "300.00")
		s := reconcile.BankStatement{Account: hrev26CICIBAN, ID: "CIC1", Currency: eur, Opening: e("0.00"), OpeningDate: d(3, 20),
			ClosingDate: d(3, 20), Closing: e("800.00")}
		for i, amount := range []string{"500.00", "300.00"} {
			s.Entries = append(s.Entries, reconcile.BankEntry{Ref: []string{"CIC1-1", "CIC1-2"}[i], BookingDate: d(3, 20), Amount: e(amount),
				Label: "VIR", Transactions: []reconcile.BankTransaction{{Counterparty: "someone", CounterpartyIBAN: rvK1IBAN,
					Remittance: "Facture " + a.Name()}}})
		}
		_, err := f.rec.ImportStatement(ctx, s)
		require.NoError(t, err)
		props, err := f.rec.ProposeImported(ctx, "CIC", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, props, 2)
		require.Equal(t, []journal.ID{a.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		pr := props[1]
		require.Equal(t, []journal.ID{w.ID}, pr.Target.Booked, "K1's booked payment of 300 posted a second time: %s", rvDescribe(pr))
	})
}

// Was failing, fixed: byPaymentRef, the counterparty unknown, takes the oldest
// payment of the memo of ANY partner. Customers K1 and K2 each
// registered a transfer of 500 with the memo "CMD-7781" (each its own
// order number); a transfer of 500 from an account nobody holds names
// "CMD-7781": K1's payment is cleared, though the money may as well be
// K2's (byNamedPaid refuses a reference two partners' payments share,
// byLoneWaiting two payments of the amount). Expected: neither payment
// cleared (ambiguous), the entry left to the accountant.
func TestHrev30PaymentRefSharedByTwoPartnersUnknownPayer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		p1 := b.receiveRef(t, "K1", d(3, 5), "500.00", "CMD-7781")
		p2 := b.receiveRef(t, "K2", d(3, 6), "500.00", "CMD-7781")
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "500.00", remittance: "CMD-7781"})
		require.Len(t, props, 1)
		pr := props[0]
		require.NotContains(t, pr.Target.Payments, p1.ID, "K1's payment cleared by money that may be K2's: %s", rvDescribe(pr))
		require.NotContains(t, pr.Target.Payments, p2.ID, rvDescribe(pr))
	})
}

// passes: the memo of a partner's payments with the counterparty known
// clears that partner's payments only, summing to the entry, and the
// set applies cleanly.
func TestHrev30PaymentRefOfKnownPayer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		b.receiveRef(t, "K1", d(3, 4), "500.00", "CMD-7781")
		p1 := b.receiveRef(t, "K2", d(3, 5), "400.00", "CMD-7781")
		p2 := b.receiveRef(t, "K2", d(3, 6), "600.00", "CMD-7781")
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "1000.00", iban: rvK2IBAN, remittance: "cmd 7781"},
			rvEntry{amount: "500.00", iban: rvK2IBAN, remittance: "CMD-7781"})
		require.Len(t, props, 2)
		require.ElementsMatch(t, []journal.ID{p1.ID, p2.ID}, props[0].Target.Payments, rvDescribe(props[0]))
		require.Empty(t, props[1].Target.Payments, rvDescribe(props[1]))
		hrev30Apply(t, f, props[:1])
	})
}

// Was failing, fixed: byBatch leaves a deposit to a transfer from the account of a
// partner one of whose cheques it holds. Cheques of K1 (300) and K2
// (500) are deposited together (800); K1's transfer of 800 from its
// known IBAN names K1's invoice A of 800. byBatch, before the reference
// rule, clears the deposit with it: A stays due though K1 paid it, K2's
// cheque counts as collected by K1's money, and the deposit's own line
// finds nothing. A transfer from someone's account is never a deposit of
// cheques (fromAccount). Expected: A is paid.
func TestHrev30DepositHoldingPayersChequeTakesItsTransfer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		a := f.invoice(t, "K1", d(3, 1), "800.00")
		c1 := hrev30Cheque(t, f, "K1", d(3, 5), "300.00")
		c2 := hrev30Cheque(t, f, "K2", d(3, 5), "500.00")
		_, err := f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BNP", Date: d(3, 6), Payments: []journal.ID{c1.ID, c2.ID}})
		require.NoError(t, err)
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "800.00", iban: rvK1IBAN, remittance: "Facture " + a.Name()})
		require.Len(t, props, 1)
		pr := props[0]
		require.Empty(t, pr.Target.Payments, "K1's transfer clears the cheque deposit: %s", rvDescribe(pr))
		require.Equal(t, []journal.ID{a.ID}, pr.Target.Invoices, rvDescribe(pr))
	})
}

// passes: an invoice paid in part by one line, then its balance a few
// cents short by another (written off), each naming it; a third naming it
// finds it spent: K1's account. Applied together the books check.
func TestHrev30InstalmentThenBalanceWithinTolerance(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		a := f.invoice(t, "K1", d(3, 1), "1000.00")
		props := b.imports(t, d(3, 20), reconcile.Rules{},
			rvEntry{amount: "600.00", iban: rvK1IBAN, remittance: "Acompte " + a.Name()},
			rvEntry{amount: "399.97", iban: rvK1IBAN, remittance: "Solde " + a.Name()})
		require.Len(t, props, 2)
		require.Equal(t, []journal.ID{a.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		require.False(t, props[0].Target.WriteOff, rvDescribe(props[0]))
		require.Equal(t, []journal.ID{a.ID}, props[1].Target.Invoices, rvDescribe(props[1]))
		require.True(t, props[1].Target.WriteOff, rvDescribe(props[1]))
		hrev30Apply(t, f, props)
		require.True(t, f.residual(t, line0(a)).IsZero())
	})
}
