package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

func TestHrev121PartnersMostOpenTiesByCode(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "C10", Name: "Partner C10"}))
		f.invoice(t, "C2", d(1, 1), "10.00")
		f.invoice(t, "C2", d(1, 2), "11.00")
		f.invoice(t, "C10", d(1, 1), "10.00")
		f.invoice(t, "C10", d(1, 2), "11.00")
		f.invoice(t, "C1", d(1, 1), "10.00")
		f.invoice(t, "C1", d(1, 2), "11.00")
		f.invoice(t, "C3", d(1, 1), "10.00")
		f.invoice(t, "C3", d(1, 2), "11.00")
		f.invoice(t, "C3", d(1, 3), "12.00")
		i := f.invoice(t, "C1", d(1, 3), "50.00")
		f.receive(t, "BQ", "C1", d(1, 10), "50.00", i)
		var order []string
		for v, err := range f.rec.Partners(ctx, "411000", reconcile.MostOpen, reconcile.Rules{}) {
			require.NoError(t, err)
			order = append(order, v.Partner)
		}
		require.Equal(t, []string{"C3", "C1", "C10", "C2"}, order)
		order = nil
		for v, err := range f.rec.Partners(ctx, "411000", reconcile.ByCode, reconcile.Rules{}) {
			require.NoError(t, err)
			order = append(order, v.Partner)
			if v.Partner == "C1" {
				break
			}
		}
		require.Equal(t, []string{"C1"}, order)
	})
}
