package main_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// After penalties were invoiced at 31/03 (600 × 30 + 600 × 59), the list
// at 30/04 in JSON gives what accrued since, 600 × 30 = 18 000 × 0,1215 /
// 365 = 5,9917… = 5,99, 30 days, invoiced through 31/03, no indemnity;
// posting it with one id then with another the same day invoices once;
// replaying the first id returns its invoice, replay true.
func TestHrev212PenaltiesJSONAfterInvoicing(t *testing.T) {
	t.Parallel()
	dir := hrev200Book(t)
	first := hrev200JSON(t, dir, "dunning", "penalties", "--date", "2026-03-31", "--rate", "12.15", "--post",
		"--id", "0b7c3f0e-8a43-4f57-9b8f-3c1f2d9e4b01")
	require.Len(t, first.Entries, 1)

	r := run(t, dir, "", "dunning", "penalties", "--date", "2026-04-30", "--rate", "12.15", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var raw struct {
		Customers []struct {
			Penalties, Indemnities, Total string
			Invoices                      []struct {
				Through   string `json:"invoiced_through"`
				Days      int    `json:"days"`
				Penalty   string `json:"penalty"`
				Indemnity string `json:"indemnity"`
			} `json:"invoices"`
		} `json:"customers"`
		Total string `json:"total"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &raw), r.stdout)
	require.Len(t, raw.Customers, 1)
	require.Len(t, raw.Customers[0].Invoices, 1)
	it := raw.Customers[0].Invoices[0]
	assert.Equal(t, "2026-03-31", it.Through)
	assert.Equal(t, 30, it.Days)
	assert.Equal(t, "5.99", it.Penalty)
	assert.Equal(t, "0.00", it.Indemnity)
	assert.Equal(t, "5.99", raw.Total)

	id := "0b7c3f0e-8a43-4f57-9b8f-3c1f2d9e4b02"
	second := hrev200JSON(t, dir, "dunning", "penalties", "--date", "2026-04-30", "--rate", "12.15", "--post", "--id", id)
	require.Len(t, second.Entries, 1)
	assert.False(t, second.Replay)
	other := hrev200JSON(t, dir, "dunning", "penalties", "--date", "2026-04-30", "--rate", "12.15", "--post",
		"--id", "0b7c3f0e-8a43-4f57-9b8f-3c1f2d9e4b03")
	assert.Empty(t, other.Entries)
	assert.Empty(t, other.Customers)
	replay := hrev200JSON(t, dir, "dunning", "penalties", "--date", "2026-04-30", "--rate", "12.15", "--post", "--id", id)
	assert.True(t, replay.Replay)
	require.Len(t, replay.Entries, 1)
	assert.Equal(t, second.Entries[0].Number, replay.Entries[0].Number)
	assert.Empty(t, replay.Customers)
	r = run(t, dir, "", "verify")
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)
}
