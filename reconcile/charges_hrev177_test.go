package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev177Apply applies the proposals under op and requires every matched
// one applied.
func hrev177Apply(t *testing.T, f *fixture, op journal.ID, props []reconcile.ImportedProposal) []reconcile.Outcome {
	t.Helper()
	outs, err := f.rec.ApplyImported(ctx, op, props)
	require.NoError(t, err)
	for i, o := range outs {
		if props[i].Matched {
			require.NoError(t, o.Err, rvDescribe(props[i]))
		}
	}
	return outs
}

// A transfer of 910,40 debited 915,40 with 5,00 of charges: the fees
// entry is 627000 debit 5,00 against the outstanding account, no VAT;
// the bill is paid; replaying the apply writes nothing; a second apply
// under another id writes nothing either; unlettering the clearing
// reverses the fees entry and the bill is in payment again.
func TestHrev177ChargesPostingReplayUnletter(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		hrev172Pay(t, b, "910.40", "LTR-PAY-9")
		hrev172Import(t, b, hrev172Statement(b, d(3, 5),
			hrev172Line{"-915.40", "5.00", reconcile.BankTransaction{Amount: e("-910.40"), EndToEndID: "LTR-PAY-9", Counterparty: "Delta Tools"}}))
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 1)
		require.True(t, props[0].Matched, rvDescribe(props[0]))
		require.True(t, props[0].Target.BankFees)

		op := journal.NewID()
		outs := hrev177Apply(t, f, op, props)
		var line, fees journal.Entry
		for _, x := range outs[0].Entries {
			switch {
			case x.Type == journal.TypeStatementLine:
				line = x
			case x.Type == journal.TypeWriteOff:
				fees = x
			}
		}
		require.NotEqual(t, journal.NoID, line.ID, "a statement line posted")
		require.NotEqual(t, journal.NoID, fees.ID, "a fees entry posted")
		got := map[string]string{}
		for _, l := range fees.Lines {
			got[l.Account] = l.Balance.Plain()
		}
		assert.Equal(t, map[string]string{"627000": "5.00", "512200": "-5.00"}, got, "627000 debit 5,00, the outstanding account credited, no VAT")
		assert.Equal(t, "5.00", f.balance(t, "627000"))
		assert.Equal(t, "-915.40", f.balance(t, "512000"))
		assert.Equal(t, "0.00", f.balance(t, "512200"))
		assert.Equal(t, "0.00", f.balance(t, "445660"), "no VAT on the charges")
		f.check(t)

		// Replay: same op, nothing written again.
		before := f.snapshot(t)
		again, err := f.rec.ApplyImported(ctx, op, props)
		require.NoError(t, err)
		require.NoError(t, again[0].Err)
		f.unchanged(t, before)
		// Another id: the line is posted already, nothing written.
		_, _ = f.rec.ApplyImported(ctx, journal.NewID(), props) // refused or skipped: checked by the balances
		assert.Equal(t, "5.00", f.balance(t, "627000"))
		assert.Equal(t, "-915.40", f.balance(t, "512000"))
		f.check(t)

		// Unlettering the clearing reverses the fees.
		var ref journal.LineRef
		for i, l := range line.Lines {
			if l.Account == "512200" {
				ref = line.LineRef(i)
			}
		}
		_, err = f.rec.Unletter(ctx, journal.NoID, ref)
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.balance(t, "627000"), "the fees entry reversed")
		assert.Equal(t, "5.00", f.balance(t, "512200"), "the line (915,40) against the payment (910,40) waits again")
		assert.Equal(t, "-915.40", f.balance(t, "512000"))
		f.check(t)
	})
}

// A line naming an invoice whose payment of 1 000,00 waits, of 990,00
// with 5,00 of charges stated (995,00 before them): the charges do not
// make the payment's amount; the payment is not cleared with fees.
func TestHrev177NamedPaymentOtherAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		i1 := f.invoice(t, "K1", d(3, 1), "1000.00")
		b.receiveRef(t, "K1", d(3, 2), "1000.00", "", i1)
		hrev172Import(t, b, hrev172Statement(b, d(3, 5),
			hrev172Line{"990.00", "5.00", reconcile.BankTransaction{CounterpartyIBAN: rvK1IBAN, Remittance: "FACTURE " + i1.Name()}},
			hrev172Line{"990.00", "5.00", reconcile.BankTransaction{Remittance: "FACTURE " + i1.Name()}}))
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 2)
		for _, p := range props {
			assert.Empty(t, p.Target.Payments, rvDescribe(p))
			assert.False(t, p.Target.BankFees, rvDescribe(p))
			assert.Contains(t, p.Reason, "the bank states charges of 5,00\u00a0€ taken out of the line (995,00\u00a0€ before them)")
		}
	})
}

// Another customer's line (K2's IBAN) of 995,00 with 5,00 of charges
// does not clear K1's one payment of 1 000,00 waiting; nor does K1's
// line of 990,00 + 5,00.
func TestHrev177PartnerWaitingNotAnothers(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		i1 := f.invoice(t, "K1", d(3, 1), "1000.00")
		r1 := b.receiveRef(t, "K1", d(3, 2), "1000.00", "", i1)
		hrev172Import(t, b, hrev172Statement(b, d(3, 5),
			hrev172Line{"995.00", "5.00", reconcile.BankTransaction{CounterpartyIBAN: rvK2IBAN}},
			hrev172Line{"990.00", "5.00", reconcile.BankTransaction{CounterpartyIBAN: rvK1IBAN}}))
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 2)
		for _, p := range props {
			assert.NotContains(t, p.Target.Payments, r1.ID, rvDescribe(p))
			assert.False(t, p.Target.BankFees, rvDescribe(p))
		}
	})
}

// The same statement without charges: K2's line of 1 000,00 and K1's of
// 995,00 are proposed as before the change (pin of the path without
// charges, compared with f3a32b9).
func TestHrev177NoChargesUnchanged(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		i1 := f.invoice(t, "K1", d(3, 1), "1000.00")
		r1 := b.receiveRef(t, "K1", d(3, 2), "1000.00", "", i1)
		hrev172Pay(t, b, "910.40", "LTR-PAY-8")
		hrev172Import(t, b, hrev172Statement(b, d(3, 5),
			hrev172Line{"1000.00", "", reconcile.BankTransaction{CounterpartyIBAN: rvK2IBAN}},
			hrev172Line{"995.00", "", reconcile.BankTransaction{CounterpartyIBAN: rvK1IBAN, Remittance: "FACTURE " + i1.Name()}},
			hrev172Line{"-915.40", "", reconcile.BankTransaction{Amount: e("-910.40"), EndToEndID: "LTR-PAY-8"}}))
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 3)
		for i, p := range props {
			t.Logf("%d: %s", i, rvDescribe(p))
		}
		assert.NotContains(t, props[0].Target.Payments, r1.ID, rvDescribe(props[0]))
		assert.NotContains(t, props[1].Target.Payments, r1.ID, rvDescribe(props[1]))
		assert.True(t, props[2].Matched, rvDescribe(props[2]))
		assert.True(t, props[2].Target.BankFees, "5,00 apart, within 5 %: fees as before")
	})
}

// A statement kept with its batches but before charges were read, and
// one kept before both, are the same file read again with both: nothing
// is written, and it reads back as kept.
func TestHrev177ReimportOldWithBatchesAndCharges(t *testing.T) {
	t.Parallel()
	for _, keepBatch := range []bool{true, false} {
		t.Run(fmt.Sprintf("batch kept %v", keepBatch), func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newRvBank(t, f)
				full := hrev172Statement(b, d(3, 5),
					hrev172Line{"-1252.00", "2.00", reconcile.BankTransaction{Amount: e("-1000.00"), Charges: e("1.00")}},
					hrev172Line{"995.00", "5.00", reconcile.BankTransaction{Amount: e("1000.00"), Charges: e("5.00")}})
				full.Entries[0].Transactions = append(full.Entries[0].Transactions, reconcile.BankTransaction{Amount: e("-250.00"), Charges: e("1.00")})
				full.Entries[0].Batch = reconcile.BankBatch{PmtInfID: "RUN-1", Count: 2}

				old := full
				old.Entries = make([]reconcile.BankEntry, len(full.Entries))
				for i, x := range full.Entries {
					x.Charges = currency.Amount{}
					if !keepBatch {
						x.Batch = reconcile.BankBatch{}
					}
					x.Transactions = append([]reconcile.BankTransaction(nil), x.Transactions...)
					for k := range x.Transactions {
						x.Transactions[k].Charges = currency.Amount{}
					}
					old.Entries[i] = x
				}
				hrev172Import(t, b, old)
				before := f.snapshot(t)
				imp, err := f.rec.ImportStatement(ctx, full)
				require.NoError(t, err)
				assert.False(t, imp.New)
				f.unchanged(t, before)
				got, err := f.rec.Statements(ctx, "BNP")
				require.NoError(t, err)
				require.Len(t, got, 1)
				assert.False(t, got[0].Entries[0].Charges.IsSet(), "kept as imported")
			})
		})
	}
}
