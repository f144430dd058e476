package reconcile_test

// Review 21 — issue 14, "Partner-by-partner lettering (Odoo's lettering
// tool): iterate partners with open items (most open first, or by code),
// showing for each the open debits and credits and the proposals, so a
// program can drive a screen that letters partner by partner."

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// Requirement: most open first, a partner lettered between two steps is
// skipped, each view shows debits, credits and the proposals, and what
// the caller applies from a view shows in the next ones. Expected: C3 (4
// open) then C1 (3) then C2 (2); applying C3's proposals between steps
// leaves the later views as they are; a ByCode walk afterwards skips C3
// (nothing open) and the supplier account walks S1.
func TestReview21AutoPartnersMostOpenDrivesAScreen(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00")
		f.invoice(t, "C1", d(1, 2), "40.00")
		f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
		f.invoice(t, "C2", d(1, 1), "70.00")
		f.pay(t, "C2", d(2, 1), "70.00", "", "")
		a := f.invoice(t, "C3", d(1, 1), "10.00")
		b := f.invoice(t, "C3", d(1, 2), "20.00")
		c := f.invoice(t, "C3", d(1, 3), "30.00")
		f.pay(t, "C3", d(2, 1), "60.00", "", "")
		var order []string
		for v, err := range f.rec.Partners(ctx, "411000", reconcile.MostOpen, reconcile.Rules{}) {
			require.NoError(t, err)
			order = append(order, v.Partner)
			switch v.Partner {
			case "C3":
				require.Len(t, v.Debits, 3)
				require.Len(t, v.Credits, 1)
				require.Len(t, v.Proposals, 1)
				require.Equal(t, reconcile.RuleCombination, v.Proposals[0].Rule)
				applied, err := f.rec.Apply(ctx, journal.NoID, v.Proposals)
				require.NoError(t, err)
				require.Zero(t, applied.Failed())
			case "C1":
				require.Len(t, v.Debits, 2)
				require.Len(t, v.Credits, 1)
				require.Len(t, v.Proposals, 1)
				require.Equal(t, reconcile.RuleReference, v.Proposals[0].Rule)
			case "C2":
				require.Len(t, v.Proposals, 1)
				require.Equal(t, reconcile.RuleExactAmount, v.Proposals[0].Rule)
			}
		}
		require.Equal(t, []string{"C3", "C1", "C2"}, order)
		for _, x := range []journal.Entry{a, b, c} {
			require.Equal(t, reconcile.InPayment, f.state(t, x).State)
		}
		order = nil
		for v, err := range f.rec.Partners(ctx, "411000", reconcile.ByCode, reconcile.Rules{}) {
			require.NoError(t, err)
			order = append(order, v.Partner)
		}
		require.Equal(t, []string{"C1", "C2"}, order)

		f.bill(t, "S1", d(1, 3), "480.00")
		order = nil
		for v, err := range f.rec.Partners(ctx, "401000", reconcile.ByCode, reconcile.Rules{}) {
			require.NoError(t, err)
			order = append(order, v.Partner)
			require.Len(t, v.Credits, 1)
			require.Empty(t, v.Proposals)
		}
		require.Equal(t, []string{"S1"}, order)

		for _, err := range f.rec.Partners(ctx, "512100", reconcile.ByCode, reconcile.Rules{}) {
			require.ErrorIs(t, err, reconcile.ErrScope)
		}
	})
}
