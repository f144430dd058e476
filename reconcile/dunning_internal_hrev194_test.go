package reconcile

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
)

// A reminder event recorded before reminders named their lines (no
// "lines") claims every line of its document; one naming lines claims
// those alone.
func TestHrev194LegacyReminderEventClaimsAllLines(t *testing.T) {
	t.Parallel()
	legacy := []byte(`{"partner":"C1","level":1,"name":"Première relance","days":15,"date":"2026-05-20"}`)
	var m reminderMeta
	require.NoError(t, json.Unmarshal(legacy, &m))
	assert.Equal(t, journal.MustDate(2026, 5, 20), m.Date)
	old := reminderRecord{ReminderSent: ReminderSent{Level: m.Level}, lines: m.Lines}
	for _, i := range []int{0, 1, 7} {
		assert.True(t, old.claims(i), "line %d", i)
	}
	data, err := json.Marshal(reminderMeta{Partner: "C1", Level: 1, Date: m.Date, Lines: []int{0, 2}})
	require.NoError(t, err)
	assert.Contains(t, string(data), `"lines":[0,2]`)
	require.NoError(t, json.Unmarshal(data, &m))
	per := reminderRecord{lines: m.Lines}
	assert.True(t, per.claims(0))
	assert.False(t, per.claims(1))
	assert.True(t, per.claims(2))
}
