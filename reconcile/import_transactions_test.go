package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// TestImportedTransactionsClearPaymentsMadeOneByOne: supplier payments
// registered one by one (no run) that the bank booked as one entry of
// several transactions are cleared by it when each transaction shows its
// own payment — of its amount, to the partner its IBAN or name is — and
// they add up to the entry. Otherwise the entry is left for the other
// rules: a transaction no payment or two payments show, one to another
// partner, transactions that do not add up.
func TestImportedTransactionsClearPaymentsMadeOneByOne(t *testing.T) {
	t.Parallel()
	type tx struct{ amount, iban, name string }
	for _, c := range []struct {
		name  string
		txs   []tx
		total string
		want  []int // the payments cleared, by index (nil: not matched)
	}{
		{"each by its creditor's IBAN", []tx{{"-480.00", "BE68539007547034", ""}, {"-720.00", "NL91ABNA0417164300", ""}}, "-1200.00", []int{0, 1}},
		{"by name", []tx{{"-480.00", "", "Moulins de France"}, {"-720.00", "", "Emballages Dupuis"}}, "-1200.00", []int{0, 1}},
		{"no party: each the only payment of its amount", []tx{{"-480.00", "", ""}, {"-720.00", "", ""}}, "-1200.00", []int{0, 1}},
		{"a transaction of no payment's amount", []tx{{"-480.00", "", ""}, {"-700.00", "", ""}}, "-1180.00", nil},
		{"the IBAN of another supplier than the payment's", []tx{{"-480.00", "NL91ABNA0417164300", ""}, {"-720.00", "NL91ABNA0417164300", ""}}, "-1200.00", nil},
		{"transactions that do not add up to the entry", []tx{{"-480.00", "", ""}, {"-720.00", "", ""}}, "-1229.40", nil},
		{"one payment shown twice", []tx{{"-480.00", "", ""}, {"-480.00", "", ""}}, "-960.00", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				rrJournal(t, f)
				rrSupplier(t, f, "F1", "Moulins de France", "BE68539007547034", ledger.Address{})
				rrSupplier(t, f, "F2", "Emballages Dupuis", "NL91ABNA0417164300", ledger.Address{})
				var pays []journal.ID
				for _, b := range []struct{ p, ttc, ref string }{{"F1", "480.00", "FF-77"}, {"F2", "720.00", "FF-88"}} {
					bill := rrBill(t, f, b.p, d(3, 1), d(3, 31), b.ttc, b.ref)
					res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: b.p, Journal: "BQO", Date: d(3, 19),
						Method: reconcile.MethodTransfer, Invoices: []journal.ID{bill.ID}})
					require.NoError(t, err)
					pays = append(pays, res.Entries[0].ID)
				}
				entry := reconcile.BankEntry{Ref: "L4", BookingDate: d(3, 20), Amount: e(c.total), Label: "VIR SEPA EMIS REMISE 2 OPERATIONS"}
				for _, x := range c.txs {
					entry.Transactions = append(entry.Transactions, reconcile.BankTransaction{Amount: e(x.amount), CounterpartyIBAN: ident.IBAN(x.iban), Counterparty: x.name})
				}
				s := reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "S1", Currency: eur, Opening: e("5000.00"),
					Closing: mustAddT(t, e("5000.00"), e(c.total)), OpeningDate: d(3, 20), ClosingDate: d(3, 20), Entries: []reconcile.BankEntry{entry}}
				_, err := f.rec.ImportStatement(ctx, s)
				require.NoError(t, err)
				props, err := f.rec.ProposeImported(ctx, "BQO", reconcile.Rules{})
				require.NoError(t, err)
				require.Len(t, props, 1)
				p := props[0]
				if c.want == nil {
					assert.False(t, p.Matched && len(p.Target.Payments) > 1, "%s", rvDescribe(p))
					return
				}
				require.True(t, p.Matched, rvDescribe(p))
				var want []journal.ID
				for _, i := range c.want {
					want = append(want, pays[i])
				}
				assert.Equal(t, want, p.Target.Payments, rvDescribe(p))
				assert.Contains(t, p.Reason, "its 2 transactions are the payments")
				outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
				require.NoError(t, err)
				require.NoError(t, outs[0].Err)
				for _, id := range pays {
					st, err := f.rec.State(ctx, id)
					require.NoError(t, err)
					assert.True(t, st.Residual.IsZero(), "payment %v cleared from the outstanding account", id)
				}
				require.NoError(t, f.book.Check(ctx))
			})
		})
	}
}
