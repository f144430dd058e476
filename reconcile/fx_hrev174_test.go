package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/ledger"
	"github.com/stretchr/testify/require"
)

// A USD invoice partly paid in 2026 and a USD bill, open at the year end,
// revalued at 1.25 with a provision: invoice 1 000.00 USD at 1.10 =
// 909.09, 400.00 USD received at 1.15 = 347.83 (share 363.64, loss 15.81),
// 600.00 USD left = 545.45, worth 480.00: 65.45 on 476000 and provided
// for; bill 2 000.00 USD = 1 818.18, worth 1 600.00: 218.18 on 477000.
// 2026 ends on a loss of 990.35 (909.09 − 1 818.18 − 15.81 − 65.45) on
// 129000. In 2027 the revaluations are reversed and the payments' realised
// differences computed on the historical values: 545.45 − 500.00 = 45.45
// lost, 1 818.18 − 1 666.67 = 151.51 gained; the provision is taken back
// at the 2027 closing.
func TestHrev174FXPartialRevaluationProvision(t *testing.T) {
	t.Parallel()
	hrev174Run(t, func(t *testing.T, s *scenario) {
		require.NoError(t, s.f.book.AddFiscalYear(ctx, ledger.CalendarYear(2028)))
	}, `
	rate USD 2026-12-01 1.10
	invoice U C3 2026-12-01 1000.00 cur=USD
	rate USD 2026-12-15 1.15
	pay PU C3 BQD 2026-12-15 400.00 U cur=USD
	state U partial 545.45
	line PU+1 411000 -15.81
	bill G S1 2026-12-01 2000.00 cur=USD
	revalue 2026-12-31 USD=1.25 provision=1 name=R
	balance 476000 65.45 at=2026-12-31
	balance 477000 -218.18 at=2026-12-31
	balance 681500 65.45
	balance 151500 -65.45
	`, hrev174Close, func(t *testing.T, s *scenario) {
		require.Equal(t, []string{"129000  990.35", "151500  -65.45", "401000 S1 -1600.00", "411000 C3 480.00",
			"476000  65.45", "477000  -218.18", "512000  347.83"}, hrev174Opening(t, s))
	}, `
	rate USD 2027-02-01 1.20
	pay P2 C3 BQD 2027-02-01 600.00 U cur=USD
	state U paid 0.00
	line P2+1 411000 -45.45
	paysupplier P3 S1 BQD 2027-02-01 2000.00 G cur=USD
	line P3+1 401000 151.51
	revalue 2027-12-31 provision=1 name=R2
	balance 151500 0.00
	balance 781500 -65.45
	`)
}
