package main_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// Each rule of auto can be turned off on its own: the month's dry run
// proposes by every rule, and by none of the one turned off (the lines it
// lettered go to another rule or stay open).
func TestAutoRulesTurnedOff(t *testing.T) {
	t.Parallel()
	dir := hrev130Book(t)
	byRule := func(extra ...string) map[string]int {
		r := hrev130Must(t, dir, "", append([]string{"auto", "--all", "--tolerance", "0.05", "--dry-run", "--json"}, extra...)...)
		var out struct {
			ByRule map[string]int `json:"by_rule"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
		return out.ByRule
	}
	all := byRule()
	for _, c := range []struct{ flag, rule string }{
		{"--no-reference", "reference"},
		{"--no-exact-amount", "exact_amount"},
		{"--no-combination", "combination"},
		{"--no-tolerance", "tolerance"},
	} {
		require.NotZero(t, all[c.rule], "the month letters by the %s rule: %v", c.rule, all)
		require.Zero(t, byRule(c.flag)[c.rule], "%s", c.flag)
	}
}
