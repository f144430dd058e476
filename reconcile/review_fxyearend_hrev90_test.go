package reconcile_test

// Review h-rev90: year-end treatment of foreign-currency receivables and
// payables read by a French chartered accountant. PCG art. 420-5
// (conversion at the closing rate, écarts de conversion 476/477, reversed
// at the opening), art. 420-6 (provision for unrealised losses: DESIGN §5
// books it on 151500 / 681500, a reprise on 781500 — the operating
// accounts of ANC 2015-05 for commercial items, as 656/756 are for the
// realised differences, DESIGN §5); realised differences at settlement are
// measured on the historical rate since the revaluation is reversed.
// Figures by hand, to the cent. Memstore only.

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// hr90 runs scenario lines on a memstore book, Check after each.
func hr90(t *testing.T, lines ...string) *scenario {
	t.Helper()
	return scenarioLines(t, newFixture(t, stores[0].Open(t)), lines...)
}

// hr90Lettered asserts that a line carries a final letter code.
func hr90Lettered(t *testing.T, s *scenario, ref string) string {
	t.Helper()
	code, prov, err := s.f.rec.Code(ctx, s.refs([]string{ref})[0])
	require.NoError(t, err)
	require.False(t, prov, "%s is in an open group", ref)
	require.NotEmpty(t, code, "%s is lettered", ref)
	return code
}

// 1 200.00 USD invoiced at 1.20 (1 000.00); closing at 1.25 (960.00):
// Dr 476000 40.00 / Cr 411000 40.00 on 31/12/2026, provision Dr 681500 /
// Cr 151500 40.00, reversal on 1/1/2027. Paid in 2027 at 1.10
// (1 090.91): the realised gain is 90.91 on the historical 1 000.00
// (756000), not 130.91 on the revalued 960.00. Unlettering the match in
// 2027 reverses the 90.91 only (dated 1/2/2027); the revaluation and its
// reversal stay lettered together and 476000 stays at 0.00 in 2027. The
// 2027 closing takes the provision back to 781500.
func TestHrev90ReceivableRevaluedPaidNextYearThenUnlettered(t *testing.T) {
	t.Parallel()
	s := hr90(t, "rate USD 2026-03-01 1.20", "rate USD 2027-02-01 1.10",
		"invoice A C1 2026-03-01 1200.00 cur=USD", "residual A 1000.00 cur=1200.00",
		"revalue 2026-12-31 USD=1.25 provision=1 name=V",
		"line V.0 411000 -40.00 date=2026-12-31", "line V+1.0 411000 40.00 date=2027-01-01",
		"balance 411000 960.00 at=2026-12-31", "balance 476000 40.00 at=2026-12-31", "balance 477000 0.00 at=2026-12-31",
		"balance 151500 -40.00 at=2026-12-31", "balance 681500 40.00 at=2026-12-31",
		"balance 476000 0.00 at=2027-01-01", "balance 411000 1000.00 at=2027-01-01", "residual A 1000.00 cur=1200.00",
		"pay R C1 BQD 2027-02-01 1200.00 A cur=USD", "line R.0 411000 -1090.91",
		"line R+1.0 411000 90.91 date=2027-02-01", "line R+1.1 756000 -90.91",
		"balance 656000 0.00", "state A paid 0.00", "balance 411000 0.00",
	)
	revCode := hr90Lettered(t, s, "V.0")
	require.Equal(t, revCode, hr90Lettered(t, s, "V+1.0"))
	scenarioMore(t, s, "unletter A name=U", "entries 1", "line U.0 411000 -90.91 date=2027-02-01",
		"balance 756000 0.00", "residual A 1000.00 cur=1200.00", "residual R.0 -1090.91 cur=-1200.00",
		"balance 476000 0.00 at=2027-12-31", "balance 476000 40.00 at=2026-12-31", "balance 411000 960.00 at=2026-12-31",
		"balance 411000 -90.91 at=2027-12-31", "code A -")
	require.Equal(t, revCode, hr90Lettered(t, s, "V.0"), "the revaluation stays lettered with its reversal")
	require.Equal(t, revCode, hr90Lettered(t, s, "V+1.0"))
	scenarioMore(t, s, "letter A R.0", "balance 756000 -90.91", "state A paid 0.00",
		"revalue 2027-12-31 provision=1", "balance 151500 0.00 at=2027-12-31", "balance 781500 -40.00 at=2027-12-31",
		"balance 681500 40.00 at=2027-12-31", "balance 681500 40.00 at=2026-12-31")
}

// scenarioMore runs further lines on s, Check after each.
func scenarioMore(t *testing.T, s *scenario, lines ...string) {
	t.Helper()
	for _, l := range lines {
		require.NoError(t, s.do(strings.Fields(l)), l)
		require.NoError(t, s.f.book.Check(ctx), l)
	}
}

// 1 200.00 USD at 1.20 (1 000.00), 600 USD received in 2026 at 1.25
// (480.00: loss 20.00, DESIGN §6 ex. 6), the 600 USD left (500.00)
// revalued at 1.30 (461.54: Dr 476000 38.46). In 2027 a credit note of
// 200 USD at 1.15 (173.91) on the invoice (share 166.67 at its rate): gain
// 7.24 on the credit note (Dr 411000 / Cr 756000); the 400 USD left
// (333.33) received at 1.10 (363.64): gain 30.31. Detaching the credit
// note reverses the 7.24 only; the 2026 figures are untouched.
func TestHrev90PartlyPaidAcrossClosingThenCreditNote(t *testing.T) {
	t.Parallel()
	hr90(t, "rate USD 2026-03-01 1.20", "rate USD 2026-06-01 1.25", "rate USD 2027-02-01 1.15", "rate USD 2027-03-01 1.10",
		"invoice A C1 2026-03-01 1200.00 cur=USD",
		"pay R1 C1 BQD 2026-06-01 600.00 A cur=USD", "balance 656000 20.00", "residual A 500.00 cur=600.00",
		"revalue 2026-12-31 USD=1.30 name=V", "line V.0 411000 -38.46 date=2026-12-31",
		"balance 476000 38.46 at=2026-12-31", "balance 411000 461.54 at=2026-12-31", "balance 411000 500.00 at=2027-01-01",
		"creditnote K C1 2027-02-01 200.00 cur=USD", "line K.0 411000 -173.91",
		"use A K.0 name=L", "line L.0 411000 7.24 date=2027-02-01", "line L.1 756000 -7.24",
		"residual A 333.33 cur=400.00", "residual K.0 0.00 cur=0.00",
		"pay R2 C1 BQD 2027-03-01 400.00 A cur=USD", "line R2.0 411000 -363.64", "line R2+1.0 411000 30.31 date=2027-03-01",
		"balance 756000 -37.55", "state A paid 0.00", "balance 411000 0.00",
		"detach K.0 name=D", "entries 1", "line D.0 411000 -7.24 date=2027-02-01",
		"balance 756000 -30.31", "residual K.0 -173.91 cur=-200.00", "residual A 166.67 cur=200.00",
		"balance 476000 38.46 at=2026-12-31", "balance 476000 0.00 at=2027-12-31", "balance 656000 20.00")
}

// The 2027 receipt is lettered (gain 90.91 on 1/2/2027) before the 2026
// closing is run: the invoice was open at 31/12/2026 and is revalued as it
// stood then (Dr 476000 40.00 at 1.25); the revaluation leaves the 2027
// match and its gain alone, and unlettering that match leaves the
// revaluation alone.
func TestHrev90ClosingRunAfterNextYearPayment(t *testing.T) {
	t.Parallel()
	s := hr90(t, "rate USD 2026-03-01 1.20", "rate USD 2027-02-01 1.10",
		"invoice A C1 2026-03-01 1200.00 cur=USD",
		"pay R C1 BQD 2027-02-01 1200.00 A cur=USD", "line R+1.0 411000 90.91 date=2027-02-01", "state A paid 0.00",
		"revalue 2026-12-31 USD=1.25 provision=1 name=V", "line V.0 411000 -40.00 date=2026-12-31",
		"balance 476000 40.00 at=2026-12-31", "balance 411000 960.00 at=2026-12-31", "balance 151500 -40.00",
		"balance 411000 0.00", "balance 756000 -90.91", "state A paid 0.00",
		"revalue 2026-12-31 USD=1.25 provision=1", "entries 0",
		"unletter A name=U", "entries 1", "balance 756000 0.00", "balance 476000 40.00 at=2026-12-31", "balance 476000 0.00",
		"residual A 1000.00 cur=1200.00")
	hr90Lettered(t, s, "V.0")
}

// A yen invoice (0 decimals) and a bill in Kuwaiti dinars (3 decimals)
// across the closing: 100 000 JPY at 160 (625.00) revalued at 165
// (606.06, loss 18.94), 1 000.000 KWD at 0.330 (3 030.30) at 0.320
// (3 125.00, loss 94.70): 476000 113.64, provided; settled in 2027 at 155
// (645.16: gain 20.16) and 0.310 (3 225.81: loss 195.51); unlettering
// reverses exactly those, 476000 staying at 0.00 in 2027 (DESIGN §10:
// test with 0, 2 and 3 decimals).
func TestHrev90ZeroAndThreeDecimalsAcrossClosing(t *testing.T) {
	t.Parallel()
	hr90(t, "rate JPY 2026-03-01 160", "rate JPY 2027-02-01 155", "rate KWD 2026-03-01 0.330", "rate KWD 2027-02-01 0.310",
		"invoice A C1 2026-03-01 100000 cur=JPY", "residual A 625.00 cur=100000",
		"bill B S1 2026-03-01 1000.000 cur=KWD", "residual B -3030.30 cur=-1000.000",
		"revalue 2026-12-31 JPY=165 KWD=0.320 provision=1 name=V",
		"balance 476000 113.64 at=2026-12-31", "balance 411000 606.06 at=2026-12-31", "balance 401000 -3125.00 at=2026-12-31",
		"balance 151500 -113.64 at=2026-12-31",
		"pay R C1 BQD 2027-02-01 100000 A cur=JPY", "balance 756000 -20.16",
		"paysupplier P S1 BQD 2027-02-01 1000.000 B cur=KWD", "balance 656000 195.51",
		"unletter A", "balance 756000 0.00", "residual A 625.00 cur=100000", "balance 476000 0.00",
		"unletter B", "balance 656000 0.00", "residual B -3030.30 cur=-1000.000", "balance 476000 113.64 at=2026-12-31")
}
