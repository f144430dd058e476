package reconcile_test

// Review h-rev57: the godoc of the bank-statement import and matching read
// as a contract. The tests marked "Was failing, fixed" failed on the code
// they were written against; those marked "Passes" hold what was right.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev57Pay registers an outbound payment of S1 through BNP with a
// reference (the end-to-end id the bank will bring back).
func hrev57Pay(t *testing.T, b *rvBank, date journal.Date, amount, ref string, bills ...journal.Entry) journal.Entry {
	t.Helper()
	pay := reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNP", Date: date, Method: reconcile.MethodTransfer, Amount: e(amount), Ref: ref}
	for _, x := range bills {
		pay.Invoices = append(pay.Invoices, x.ID)
	}
	res, err := b.rec.RegisterPayment(ctx, pay)
	require.NoError(t, err)
	return res.Entries[0]
}

// hrev57Balance is the balance of an account over the book.
func hrev57Balance(t *testing.T, f *fixture, account string) string {
	t.Helper()
	var out string
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		bal, err := tx.Balance(ledger.BalanceQuery{Account: account})
		out = bal.Balance.Plain()
		return err
	}))
	return out
}

// Was failing, fixed: ProposeImported promises to clear our payments by end-to-end id "less the bank's fees" (doc.go; ProposeImported: "the bank's fees taken off within 5 %"), but an entry the bank booked for LESS than we sent (-998.00 for our -1 000.00 transfer) or a receipt for MORE than the payment (+1 020.00 for +1 000.00) is proposed as BankFees, and applying it credits the fees account 627000 (a negative bank charge) instead of leaving the difference to a person.
func TestHrev57EndToEndDifferenceTheWrongWayIsNoBankFee(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, paid, entry string
	}{{"outbound, bank took less", "-1000.00", "-998.00"}, {"inbound, bank gave more", "1000.00", "1020.00"}} {
		t.Run(c.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newRvBank(t, f)
				if c.paid[0] == '-' {
					bill := f.bill(t, "S1", d(3, 1), "1000.00")
					hrev57Pay(t, b, d(3, 10), "1000.00", "E2E-0001", bill)
				} else {
					inv := f.invoice(t, "K1", d(3, 1), "1000.00")
					b.receiveRef(t, "K1", d(3, 10), "1000.00", "E2E-0001", inv)
				}
				props := b.imports(t, d(3, 11), reconcile.Rules{}, rvEntry{amount: c.entry, e2e: "E2E-0001"})
				require.Len(t, props, 1)
				if props[0].Matched && props[0].Target.BankFees {
					_, err := f.rec.ApplyImported(ctx, journal.NewID(), props)
					require.NoError(t, err)
				}
				assert.False(t, props[0].Target.BankFees, "%s", rvDescribe(props[0]))
				assert.Equal(t, "0.00", hrev57Balance(t, f, "627000"), "bank fees credited by a difference in our favour")
			})
		})
	}
}

// Passes: PostImported replays under the same operation id, refuses another target under it (ErrIdempotencyConflict), an entry posted again (ErrPosted) or unknown (ErrNotFound), writing nothing.
func TestHrev57PostImportedIdempotency(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		inv := f.invoice(t, "K1", d(3, 1), "120.00")
		b.imports(t, d(3, 10), reconcile.Rules{}, rvEntry{amount: "120.00", iban: rvK1IBAN})
		op := journal.NewID()
		to := reconcile.ImportedTarget{Partner: "K1", Invoices: []journal.ID{inv.ID}}
		first, err := f.rec.PostImported(ctx, op, "BNP", "RV1", "RV1-1", to)
		require.NoError(t, err)
		again, err := f.rec.PostImported(ctx, op, "BNP", "RV1", "RV1-1", to)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		require.Len(t, again.Entries, len(first.Entries))
		for i := range first.Entries {
			assert.Equal(t, first.Entries[i].ID, again.Entries[i].ID)
		}
		before := f.snapshot(t)
		_, err = f.rec.PostImported(ctx, op, "BNP", "RV1", "RV1-1", reconcile.ImportedTarget{Account: "471000"})
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		_, err = f.rec.PostImported(ctx, journal.NewID(), "BNP", "RV1", "RV1-1", to)
		assert.ErrorIs(t, err, reconcile.ErrPosted)
		_, err = f.rec.PostImported(ctx, journal.NewID(), "BNP", "RV1", "RV1-9", to)
		assert.ErrorIs(t, err, reconcile.ErrNotFound)
		f.unchanged(t, before)
		f.check(t)
	})
}

// Passes: every malformed ImportedTarget is refused with an error and the store stays byte-identical.
func TestHrev57PostImportedBadTargetsWriteNothing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		inv := f.invoice(t, "K1", d(3, 1), "120.00")
		other := f.invoice(t, "K2", d(3, 1), "120.00")
		pay := b.receiveRef(t, "K2", d(3, 5), "120.00", "X1")
		b.imports(t, d(3, 10), reconcile.Rules{}, rvEntry{amount: "120.00", iban: rvK1IBAN})
		cases := map[string]reconcile.ImportedTarget{
			"unknown partner":            {Partner: "NOPE"},
			"other partner's invoice":    {Partner: "K1", Invoices: []journal.ID{other.ID}},
			"unknown invoice":            {Partner: "K1", Invoices: []journal.ID{journal.NewID()}},
			"unknown account":            {Account: "999999"},
			"bank account":               {Account: "512000"},
			"partner and payments":       {Partner: "K1", Invoices: []journal.ID{inv.ID}, Payments: []journal.ID{pay.ID}},
			"write-off, no invoices":     {Partner: "K1", WriteOff: true},
			"receivable with no partner": {Account: "411000"},
			"unknown payment":            {Payments: []journal.ID{journal.NewID()}},
			"invoice as payment":         {Payments: []journal.ID{inv.ID}},
			"booked on outstanding":      {Booked: []journal.ID{pay.ID}},
			"discount without offer":     {Partner: "K1", Invoices: []journal.ID{inv.ID}, EarlyDiscount: true},
			"returns with no partner":    {Returns: &reconcile.ImportedRef{Statement: "RV1", Ref: "RV1-1"}},
		}
		for name, to := range cases {
			before := f.snapshot(t)
			_, err := f.rec.PostImported(ctx, journal.NewID(), "BNP", "RV1", "RV1-1", to)
			assert.Error(t, err, name)
			t.Logf("%s: %v", name, err)
			f.unchanged(t, before)
		}
		f.check(t)
	})
}

// Passes: ImportStatement(s) refuse other content under the same id, a broken balance chain, unbalanced totals, an unknown IBAN, a foreign-currency entry and a duplicate ref with ErrStatement/ErrBankAccount, all or nothing.
func TestHrev57ImportStatementBadInput(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		s1 := b.statement(d(3, 10), rvEntry{amount: "100.00"}, rvEntry{amount: "-40.00"})
		got, err := f.rec.ImportStatement(ctx, s1)
		require.NoError(t, err)
		assert.Equal(t, reconcile.Imported{Journal: "BNP", Statement: "RV1", New: true, Entries: 2}, got)
		got, err = f.rec.ImportStatement(ctx, s1)
		require.NoError(t, err)
		assert.False(t, got.New)
		before := f.snapshot(t)
		// Same id, other content.
		s1b := s1
		s1b.Entries = append([]reconcile.BankEntry(nil), s1.Entries...)
		s1b.Entries[1].Label = "other"
		_, err = f.rec.ImportStatement(ctx, s1b)
		assert.ErrorIs(t, err, reconcile.ErrStatement)
		// Next statement not opening at 60.00.
		b.bal = e("61.00")
		s2 := b.statement(d(3, 11), rvEntry{amount: "5.00"})
		_, err = f.rec.ImportStatement(ctx, s2)
		assert.ErrorIs(t, err, reconcile.ErrStatement)
		// Balances that do not add up.
		b.bal = e("60.00")
		s3 := b.statement(d(3, 11), rvEntry{amount: "5.00"})
		s3.Closing = e("65.01")
		_, err = f.rec.ImportStatement(ctx, s3)
		assert.ErrorIs(t, err, reconcile.ErrStatement)
		// Unknown account.
		s4 := b.statement(d(3, 11), rvEntry{amount: "5.00"})
		s4.Account = rvK1IBAN
		_, err = f.rec.ImportStatement(ctx, s4)
		assert.ErrorIs(t, err, reconcile.ErrBankAccount)
		// Entry in another currency.
		s5 := b.statement(d(3, 11), rvEntry{amount: "5.00"})
		s5.Entries[0].Amount = currency.MustParse(currency.MustLookup("USD"), "5.00")
		_, err = f.rec.ImportStatement(ctx, s5)
		assert.ErrorIs(t, err, reconcile.ErrStatement)
		// Duplicate ref.
		s6 := b.statement(d(3, 11), rvEntry{amount: "5.00"}, rvEntry{amount: "5.00"})
		s6.Entries[1].Ref = s6.Entries[0].Ref
		_, err = f.rec.ImportStatement(ctx, s6)
		assert.ErrorIs(t, err, reconcile.ErrStatement)
		// Batch of two: the second refused, none written.
		s7 := b.statement(d(3, 11), rvEntry{amount: "5.00"})
		s8 := b.statement(d(3, 12), rvEntry{amount: "5.00"})
		s8.Opening, s8.Closing = e("1.00"), e("6.00")
		_, err = f.rec.ImportStatements(ctx, []reconcile.BankStatement{s7, s8})
		assert.ErrorIs(t, err, reconcile.ErrStatement)
		f.unchanged(t, before)
		// Chained in one call: both taken.
		s8.Opening, s8.Closing = e("65.00"), e("70.00")
		out, err := f.rec.ImportStatements(ctx, []reconcile.BankStatement{s7, s8})
		require.NoError(t, err)
		assert.True(t, out[0].New && out[1].New)
		open, err := f.rec.OpenImported(ctx, "BNP")
		require.NoError(t, err)
		assert.Len(t, open, 4)
		f.check(t)
	})
}

// Passes: ApplyImported replays the same op and proposals (Replay, same entries) and refuses other proposals under the op (ErrIdempotencyConflict).
func TestHrev57ApplyImportedIdempotency(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		inv := f.invoice(t, "K1", d(3, 1), "120.00")
		inv2 := f.invoice(t, "K2", d(3, 1), "80.00")
		props := b.imports(t, d(3, 10), reconcile.Rules{},
			rvEntry{amount: "120.00", iban: rvK1IBAN, remittance: inv.Name()},
			rvEntry{amount: "80.00", iban: rvK2IBAN, remittance: inv2.Name()},
			rvEntry{amount: "7.00"})
		require.Len(t, props, 3)
		require.True(t, props[0].Matched && props[1].Matched, "%s / %s", rvDescribe(props[0]), rvDescribe(props[1]))
		op := journal.NewID()
		first, err := f.rec.ApplyImported(ctx, op, props)
		require.NoError(t, err)
		require.Len(t, first, 3)
		require.NoError(t, first[0].Err)
		require.NoError(t, first[1].Err)
		assert.Empty(t, first[2].Entries)
		before := f.snapshot(t)
		again, err := f.rec.ApplyImported(ctx, op, props)
		require.NoError(t, err)
		for i := range 2 {
			assert.True(t, again[i].Replay, "proposal %d", i)
			require.Len(t, again[i].Entries, len(first[i].Entries))
			for k := range first[i].Entries {
				assert.Equal(t, first[i].Entries[k].ID, again[i].Entries[k].ID)
			}
		}
		f.unchanged(t, before)
		_, err = f.rec.ApplyImported(ctx, op, props[:1])
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)
	})
}

// Was failing, fixed: PostImported with ImportedTarget.Booked promises to record the entry "as them" ("records it posted"), but it accepts a payment already cancelled (reversed): it returns success and writes a posted record, yet the entry stays in OpenImported (postedImported drops a posting whose payment is reversed), so the bank money is shown by nothing and the call is neither refused nor effective.
func TestHrev57BookedCancelledPaymentIsNotRecorded(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev26Booked(t, f)
		inv := f.invoice(t, "C1", d(3, 1), "500.00")
		pay := f.receive(t, "CIC", "C1", d(3, 5), "500.00", inv)
		_, err := f.rec.CancelPayment(ctx, journal.NewID(), pay.ID)
		require.NoError(t, err)
		hrev26ImportCIC(t, f, d(3, 10), "500.00", "", "")
		before := f.snapshot(t)
		_, err = f.rec.PostImported(ctx, journal.NewID(), "CIC", "CIC1", "CIC1-1", reconcile.ImportedTarget{Booked: []journal.ID{pay.ID}})
		open, oerr := f.rec.OpenImported(ctx, "CIC")
		require.NoError(t, oerr)
		assert.ErrorIs(t, err, reconcile.ErrMatched, "a cancelled payment is no money the bank can show; open after: %d", len(open))
		f.unchanged(t, before)
	})
}
