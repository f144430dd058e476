package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// balanceAuxiliaire returns the rows of the printed balance auxiliaire of 2026,
// spaces normalised (narrow and no-break spaces to plain ones).
func balanceAuxiliaire(t *testing.T) string {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), t.TempDir(), &out))
	s := strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(out.String())
	i := strings.Index(s, "== Balance auxiliaire, 2026")
	require.GreaterOrEqual(t, i, 0, "the example prints the balance auxiliaire")
	j := strings.Index(s[i:], "== FEC")
	require.Greater(t, j, 0)
	return s[i : i+j]
}

// Was failing, fixed: the example impairs Leroy Travaux's debt at the 2026 closing
// (customer "in receivership since October", 750,00 on 491000) but
// leaves the debt itself on 411000 Clients: the balance auxiliaire of
// 2026 shows "411000 LEROY … 1 800,00" and no 416000 row; expected
// 416000 LEROY closing 1 800,00 and 411000 LEROY at 0,00. French practice
// (PCG, compte 416 « Clients douteux ou litigieux »; every French
// textbook and the Mémento: a debt becomes doubtful → virement
// Dr 416 / Cr 411, then the impairment Dr 6817 / Cr 491) moves a debt
// in a collective procedure to 416 before impairing it, so that the
// balance sheet and the aged balance tell the doubtful debts from the
// sound ones. The library does it (Reconciler.MoveToDoubtful, 'lettrage
// doubtful'; the README lists "doubtful debts moved to 416000 and
// impaired") but the example that shows the closing teaches skipping it.
func TestClosingDoubtfulDebtOn416BeforeImpairment(t *testing.T) {
	aux := balanceAuxiliaire(t)
	assert.Regexp(t, regexp.MustCompile(`(?m)^416000\s+LEROY\s+Leroy Travaux\s.*\s1 800,00\s+1 800,00\s*$`), aux,
		"the doubtful debt of the customer in receivership is on 416000 at the closing")
	assert.NotRegexp(t, regexp.MustCompile(`(?m)^411000\s+LEROY\s.*\s1 800,00\s+1 800,00\s*$`), aux,
		"no doubtful debt left among the sound ones on 411000")
}

// Pins: the 2027 trial balance the example prints sums to zero, and the
// 2026 profit it shows on 120000 is the 2026 income less charges read
// from the printed balance générale (5 800,00 − 300,00 − 750,00 =
// 4 750,00, a credit): computed, not typed.
func TestClosingResultCarriedTo120000(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), t.TempDir(), &out))
	s := strings.NewReplacer("\u202f", "", "\u00a0", " ").Replace(out.String())
	cents := func(v string) int64 {
		v = strings.ReplaceAll(strings.ReplaceAll(v, " ", ""), ",", "")
		n := int64(0)
		neg := strings.HasPrefix(v, "-")
		for _, c := range strings.TrimPrefix(v, "-") {
			n = n*10 + int64(c-'0')
		}
		if neg {
			return -n
		}
		return n
	}
	closing := func(acct string) int64 { // the balance générale's Closing column
		m := regexp.MustCompile(`(?m)^` + acct + `\s+\S.*?\s(-?[\d]+,\d\d)\s+(-?[\d]+,\d\d)\s+(-?[\d]+,\d\d)\s+(-?[\d]+,\d\d)`).FindStringSubmatch(s)
		require.NotNil(t, m, acct)
		return cents(m[4])
	}
	result := closing("706000") + closing("606400") + closing("681740")
	tb := regexp.MustCompile(`(?m)^   (\d{6})\s+.*?\s(-?[\d]+,\d\d) €$`).FindAllStringSubmatch(s[strings.Index(s, "== Trial balance at 31/01/2027"):], -1)
	require.NotEmpty(t, tb)
	var sum int64
	got := map[string]int64{}
	for _, m := range tb {
		got[m[1]] = cents(m[2])
		sum += cents(m[2])
	}
	assert.Zero(t, sum, "the trial balance balances")
	assert.Equal(t, result, got["120000"], "the 2026 result on 120000")
	assert.Equal(t, int64(-475000), got["120000"])
}
