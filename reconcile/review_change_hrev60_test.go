package reconcile_test

// Review h-rev60 of b8163ce..HEAD: bank fees, cheque deposits and numbers,
// revaluation gross of gains and losses, a write-off per match. Every test
// here failed on the code it was written against and says how it was
// fixed.

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// Was failing, fixed: a lettering making two matches, A 100.00 paid exactly by RA on
// 31/03 and B 50.00 paid 49.97 by RB on 10/02, writes B's 0.03 off at its
// own match's date, 10/02 (as when B and RB are lettered in a call of their
// own, and as writeOff's doc says: "those of its match, when the lettering
// makes several"); instead it is dated 31/03, the date of A's match, which
// it does not belong to (only several write-off entries get per-match dates).
func TestHrev60WriteOffDatedAtItsMatchOneWriteOff(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"invoice A C1 2026-02-01 100.00", "invoice B C1 2026-02-02 50.00",
		"pay RA C1 BQD 2026-03-31 100.00", "pay RB C1 BQD 2026-02-10 49.97",
		"letter A RA B RB keep=1 writeoff=1 name=W", "entries 1", "matches 2",
		"line W.0 411000 -0.03 date=2026-02-10")
}

// Was failing, fixed: C2's cheque n° 2222222 of 200.00, deposited then returned unpaid
// by the bank (UPCQ, the invoice owed again), was never paid: registering
// it again when C2 re-presents it should be accepted; instead
// RegisterPayment refuses it with ErrDuplicateCheque (the returned payment
// is not "cancelled"), and cancelling that payment, as the error advises,
// would undo the return's lettering.
func TestHrev60ChequeReturnedUnpaidCanBePresentedAgain(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		i1 := f.invoice(t, "C1", d(3, 1), "360.00")
		i2 := f.invoice(t, "C2", d(3, 1), "200.00")
		var pays []journal.ID
		for _, x := range []struct {
			p, number string
			inv       journal.Entry
		}{{"C1", "1111111", i1}, {"C2", "2222222", i2}} {
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: x.p, Journal: "BQO", Date: d(3, 10),
				Method: reconcile.MethodCheque, Cheque: &reconcile.Cheque{Number: x.number, Bank: "LCL"}, Invoices: []journal.ID{x.inv.ID}})
			require.NoError(t, err)
			pays = append(pays, res.Entries[0].ID)
		}
		_, err := f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BQO", Date: d(3, 11), Payments: pays})
		require.NoError(t, err)
		dep := reconcile.BankEntry{Ref: "L3", BookingDate: d(3, 12), Amount: e("560.00"), Label: "REMISE 2 CHEQUES"}
		ret := reconcile.BankEntry{Ref: "L6", BookingDate: d(3, 20), Amount: e("-200.00"), Label: "CHQ IMPAYE 2222222",
			Reversal: true, BankCode: "PMNT/RCHQ/UPCQ"}
		props := retImport(t, f, retStatement(t, "S1", "0.00", dep, ret))
		require.True(t, props[1].Matched, rvDescribe(props[1]))
		retApply(t, f, journal.NoID, props)
		require.Equal(t, reconcile.NotPaid, f.state(t, i2).State)
		f.check(t)

		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C2", Journal: "BQO", Date: d(3, 25),
			Method: reconcile.MethodCheque, Cheque: &reconcile.Cheque{Number: "2222222", Bank: "LCL"}, Invoices: []journal.ID{i2.ID}})
		require.NoError(t, err, "the cheque returned unpaid, presented again")
		require.Equal(t, reconcile.InPayment, f.state(t, i2).State)
		f.check(t)
	})
}
