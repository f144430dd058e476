package reconcile_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev172Line is one entry of a statement: its amount, the charges the
// bank states (empty for none), and its one transaction.
type hrev172Line struct {
	amount, charges string
	tx              reconcile.BankTransaction
}

// hrev172Statement builds the next statement of BNP, on one day.
func hrev172Statement(b *rvBank, on journal.Date, lines ...hrev172Line) reconcile.BankStatement {
	b.n++
	s := reconcile.BankStatement{Account: rvIBAN, ID: fmt.Sprintf("H172-%d", b.n), Currency: eur, Opening: b.bal, OpeningDate: on, ClosingDate: on}
	closing := b.bal
	for i, l := range lines {
		closing, _ = closing.Add(e(l.amount))
		be := reconcile.BankEntry{Ref: fmt.Sprintf("H172-%d-%d", b.n, i+1), BookingDate: on, Amount: e(l.amount), Label: "VIR",
			Transactions: []reconcile.BankTransaction{l.tx}}
		if l.charges != "" {
			be.Charges = e(l.charges)
		}
		s.Entries = append(s.Entries, be)
	}
	s.Closing = closing
	return s
}

func hrev172Import(t *testing.T, b *rvBank, s reconcile.BankStatement) {
	t.Helper()
	_, err := b.rec.ImportStatement(ctx, s)
	require.NoError(t, err)
	b.bal = s.Closing
}

// hrev172Pay registers a transfer to supplier S1 of amount through BNP,
// paying a bill of it, with reference ref (the end-to-end id it is sent
// with).
func hrev172Pay(t *testing.T, b *rvBank, amount, ref string) journal.Entry {
	t.Helper()
	bill := b.bill(t, "S1", d(3, 1), amount)
	res, err := b.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNP",
		Date: d(3, 2), Method: reconcile.MethodTransfer, Amount: e(amount), Invoices: []journal.ID{bill.ID}, Ref: ref})
	require.NoError(t, err)
	return res.Entries[0]
}

// A transfer we sent, debited with the charges the bank states (910,40
// + 5,00 = 915,40; 50,00 + 5,00 = 55,00, 10 %, beyond the fees a line
// is otherwise allowed), clears its payment and posts the charges to
// 627000, whether a write-off tolerance is configured or not: the bank
// states the amount.
func TestHrev172ChargesClearTransferSent(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		p1 := hrev172Pay(t, b, "910.40", "LTR-PAY-1")
		p2 := hrev172Pay(t, b, "50.00", "LTR-PAY-2")
		hrev172Import(t, b, hrev172Statement(b, d(3, 5),
			hrev172Line{"-915.40", "5.00", reconcile.BankTransaction{Amount: e("-910.40"), EndToEndID: "LTR-PAY-1", Counterparty: "Delta Tools"}},
			hrev172Line{"-55.00", "5.00", reconcile.BankTransaction{Amount: e("-50.00"), EndToEndID: "LTR-PAY-2"}}))

		none, err := reconcile.New(ctx, f.book, reconcile.Config{}) // no write-off tolerance at all
		require.NoError(t, err)
		for _, c := range []struct {
			name  string
			rec   *reconcile.Reconciler
			rules reconcile.Rules
		}{{"tolerance", f.rec, reconcile.Rules{}}, {"no tolerance rule", f.rec, reconcile.Rules{NoTolerance: true}}, {"no tolerance", none, reconcile.Rules{}}} {
			props, err := c.rec.ProposeImported(ctx, "BNP", c.rules)
			require.NoError(t, err, c.name)
			require.Len(t, props, 2)
			for i, pay := range []journal.Entry{p1, p2} {
				p := props[i]
				require.True(t, p.Matched, "%s: %s", c.name, rvDescribe(p))
				assert.Equal(t, []journal.ID{pay.ID}, p.Target.Payments, c.name)
				assert.True(t, p.Target.BankFees, c.name)
				assert.Contains(t, p.Reason, "bank charges 5,00\u00a0€ stated by the bank", c.name)
				assert.Contains(t, p.Reason, "627000", c.name)
			}
		}
		props := b.propose(t, reconcile.Rules{})
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		for _, o := range outs {
			require.NoError(t, o.Err)
		}
		assert.Equal(t, "10.00", f.balance(t, "627000"), "the charges, an expense")
		assert.Equal(t, "-970.40", f.balance(t, "512000"), "the bank account moves by what the bank booked")
		assert.Equal(t, "0.00", f.balance(t, "512200"), "the payments are cleared")
		f.check(t)
	})
}

// A customer's receipt of 1 000,00 credited 995,00, the bank stating
// 5,00 of charges, clears the receipt registered: named by the invoice
// it pays, or from the customer's account alone, or the one payment
// waiting of 1 000,00.
func TestHrev172ChargesClearReceipt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		i1 := f.invoice(t, "K1", d(3, 1), "1000.00")
		i2 := f.invoice(t, "K2", d(3, 1), "400.00")
		i3 := f.invoice(t, "C1", d(3, 1), "200.00")
		r1 := b.receiveRef(t, "K1", d(3, 2), "1000.00", "", i1)
		r2 := b.receiveRef(t, "K2", d(3, 2), "400.00", "", i2)
		r3 := b.receiveRef(t, "C1", d(3, 2), "200.00", "", i3)
		hrev172Import(t, b, hrev172Statement(b, d(3, 5),
			hrev172Line{"995.00", "5.00", reconcile.BankTransaction{Amount: e("1000.00"), CounterpartyIBAN: rvK1IBAN, Remittance: "FACTURE " + i1.Name()}},
			hrev172Line{"398.00", "2.00", reconcile.BankTransaction{CounterpartyIBAN: ident.IBAN(rvK2IBAN)}},
			hrev172Line{"199.00", "1.00", reconcile.BankTransaction{}}))
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 3)
		for i, c := range []struct {
			pay     journal.Entry
			charges string
		}{{r1, "5,00"}, {r2, "2,00"}, {r3, "1,00"}} {
			p := props[i]
			require.True(t, p.Matched, rvDescribe(p))
			assert.Equal(t, []journal.ID{c.pay.ID}, p.Target.Payments, rvDescribe(p))
			assert.True(t, p.Target.BankFees)
			assert.Contains(t, p.Reason, "bank charges "+c.charges+"\u00a0€ stated by the bank")
		}
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		for _, o := range outs {
			require.NoError(t, o.Err)
		}
		assert.Equal(t, "8.00", f.balance(t, "627000"))
		assert.Equal(t, "1592.00", f.balance(t, "512000"))
		assert.Equal(t, "0.00", f.balance(t, "512100"))
		for _, inv := range []journal.Entry{i1, i2, i3} {
			assert.Equal(t, reconcile.Paid, f.state(t, inv).State, inv.Name())
		}
		f.check(t)
	})
}

// Charges that do not make the line any payment's leave it to the rules
// as booked, the reason saying what the bank stated: a transfer of
// 910,40 debited 915,40 with 3,00 of charges stated is cleared by its
// end-to-end id with 5,00 of fees (within 5 %), as with none stated
// (h-rev179); a receipt of 995,00 for a payment of 1 000,00 is not.
func TestHrev172ChargesThatDoNotAgree(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		hrev172Pay(t, b, "910.40", "LTR-PAY-1")
		i1 := f.invoice(t, "K1", d(3, 1), "1000.00")
		b.receiveRef(t, "K1", d(3, 2), "1000.00", "", i1)
		hrev172Import(t, b, hrev172Statement(b, d(3, 5),
			hrev172Line{"-915.40", "3.00", reconcile.BankTransaction{Amount: e("-910.40"), EndToEndID: "LTR-PAY-1"}},
			hrev172Line{"995.00", "3.00", reconcile.BankTransaction{CounterpartyIBAN: rvK1IBAN}}))
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 2)
		out, in := props[0], props[1]
		assert.True(t, out.Matched, rvDescribe(out))
		assert.Len(t, out.Target.Payments, 1)
		assert.True(t, out.Target.BankFees)
		assert.Contains(t, out.Reason, "5,00\u00a0€ difference to bank fees (627000)")
		assert.Contains(t, out.Reason, "the bank states charges of 3,00\u00a0€ taken out of the line (912,40\u00a0€ before them)")
		assert.Empty(t, in.Target.Payments, rvDescribe(in))
		assert.False(t, in.Target.BankFees)
		assert.Contains(t, in.Reason, "the bank states charges of 3,00\u00a0€ taken out of the line (998,00\u00a0€ before them)")

		// Applied, the fees of the transfer alone reach the fees account.
		_, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		assert.Equal(t, "5.00", f.balance(t, "627000"))
		f.check(t)
	})
}

// The charges of an imported statement are kept: Statements reads them
// back on every backend, for the entry and the transaction.
func TestHrev172ChargesKept(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		s := hrev172Statement(b, d(3, 5),
			hrev172Line{"-915.40", "5.00", reconcile.BankTransaction{Amount: e("-910.40"), EndToEndID: "LTR-PAY-1", Charges: e("5.00")}},
			hrev172Line{"100.00", "", reconcile.BankTransaction{Amount: e("100.00")}})
		hrev172Import(t, b, s)
		got, err := f.rec.Statements(ctx, "BNP")
		require.NoError(t, err)
		require.Len(t, got, 1)
		require.Len(t, got[0].Entries, 2)
		charged, plain := got[0].Entries[0], got[0].Entries[1]
		assert.Equal(t, "5.00 EUR", charged.Charges.String())
		assert.Equal(t, "5.00 EUR", charged.Transactions[0].Charges.String())
		assert.False(t, plain.Charges.IsSet(), "none stated: unset")
		assert.False(t, plain.Transactions[0].Charges.IsSet())
		open, err := f.rec.OpenImported(ctx, "BNP")
		require.NoError(t, err)
		assert.Equal(t, "5.00", open[0].Charges.Plain())
	})
}

// A statement kept before charges were read (its entries encoded without
// them) reads back with none, and the same file read again with its
// charges is the same statement: nothing is written. Other charges than
// the ones kept are other content.
func TestHrev172ChargesOldRecords(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		withCharges := hrev172Statement(b, d(3, 5),
			hrev172Line{"-915.40", "5.00", reconcile.BankTransaction{Amount: e("-910.40"), Charges: e("5.00")}})
		old := withCharges
		old.Entries = []reconcile.BankEntry{withCharges.Entries[0]}
		old.Entries[0].Charges = currency.Amount{}
		old.Entries[0].Transactions = []reconcile.BankTransaction{{Amount: e("-910.40")}}
		data, err := json.Marshal(old)
		require.NoError(t, err)
		require.NotContains(t, string(data), "Charges", "an entry without charges is encoded as before they existed")

		hrev172Import(t, b, old)
		got, err := f.rec.Statements(ctx, "BNP")
		require.NoError(t, err)
		assert.False(t, got[0].Entries[0].Charges.IsSet())

		before := f.snapshot(t)
		imp, err := f.rec.ImportStatement(ctx, withCharges)
		require.NoError(t, err)
		assert.False(t, imp.New, "the same file, read with its charges")
		f.unchanged(t, before)

		other := withCharges
		other.Entries = []reconcile.BankEntry{withCharges.Entries[0]}
		other.Entries[0].Amount = e("-915.40")
		other.Entries[0].Label = "OTHER"
		_, err = f.rec.ImportStatement(ctx, other)
		require.ErrorIs(t, err, reconcile.ErrStatement)
	})
}

// Charges that are negative, or in another currency than the
// statement's, are refused (ErrStatement) and nothing is written.
func TestHrev172ChargesBadInput(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		usd := currency.MustLookup("USD")
		for _, c := range []struct {
			name string
			set  func(*reconcile.BankEntry)
		}{
			{"negative", func(be *reconcile.BankEntry) { be.Charges = e("-5.00") }},
			{"negative on a transaction", func(be *reconcile.BankEntry) { be.Transactions[0].Charges = e("-5.00") }},
			{"another currency", func(be *reconcile.BankEntry) { be.Charges = currency.MustParse(usd, "5.00") }},
		} {
			s := hrev172Statement(b, d(3, 5), hrev172Line{"-915.40", "", reconcile.BankTransaction{Amount: e("-910.40")}})
			b.n--
			c.set(&s.Entries[0])
			before := f.snapshot(t)
			_, err := f.rec.ImportStatement(ctx, s)
			require.ErrorIs(t, err, reconcile.ErrStatement, c.name)
			assert.Contains(t, err.Error(), "charges", c.name)
			f.unchanged(t, before)
		}
		got, err := f.rec.Statements(ctx, "BNP")
		require.NoError(t, err)
		assert.Empty(t, got)
	})
}
