package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

func dump(t *testing.T, out reconcile.Proposals) {
	for _, p := range out.Proposals {
		t.Logf("P %s %v wo=%s %s", p.Rule, len(p.Lines), p.WriteOff, p.Reason)
	}
	for _, u := range out.Unmatched {
		t.Logf("U %s: %s", u.Number, u.Reason)
	}
}

func TestProbeW(t *testing.T) {
	for _, c := range []struct {
		pay string
		wo  bool
	}{{"89.97", false}, {"90.03", false}, {"90.03", true}} {
		onStores(t, func(t *testing.T, f *fixture) {
			f.invoice(t, "C1", d(1, 5), "100.00")
			f.invoice(t, "C1", d(1, 6), "40.00")
			f.creditNote(t, "C1", d(1, 7), "10.00")
			f.creditNote(t, "C1", d(1, 8), "20.00")
			f.pay(t, "C1", d(2, 1), c.pay, "", "VIR")
			out := propose(t, f, customers, reconcile.Rules{WriteOffOverpayment: c.wo})
			dump(t, out)
			sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers, Rules: reconcile.Rules{WriteOffOverpayment: c.wo}})
			require.NoError(t, err)
			require.Zero(t, sum.FailedCount, "%+v", sum.Failed)
			f.check(t)
		})
	}
}

func TestProbeHold(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		x := f.invoice(t, "C1", d(3, 1), "100.00")
		_, err := f.book.Reverse(ctx, x.ID, ledger.ReverseOptions{Date: d(4, 5)})
		require.NoError(t, err)
		f.invoice(t, "C1", d(3, 2), "60.00")
		f.invoice(t, "C1", d(3, 3), "40.00")
		p := f.pay(t, "C1", d(3, 20), "100.00", "", "VIR")
		scope := reconcile.Scope{Accounts: []string{"411000"}, To: d(3, 31)}
		dump(t, propose(t, f, scope, reconcile.Rules{}))
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: scope})
		require.NoError(t, err)
		t.Logf("%+v", sum)
		f.check(t)
		_ = p
		_ = journal.NoID
	})
}
