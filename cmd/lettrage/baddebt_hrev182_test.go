package main_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A goods invoice of 1 200,00 paid 480,00, the rest lost: 654000 takes
// 600,00, 445710 gets 120,00 back; the invoice is paid.
func TestHrev182BadDebtCommand(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev181Step(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20")
	hrev181Step(t, dir, "", "pay", "VT/2026/00001", "--amount", "480", "--date", "2026-04-10")
	const id = "3b0b7c3e-8d3c-4a52-9b7e-0d3f1b1c2a10"
	r := hrev181Step(t, dir, "", "baddebt", "VT/2026/00001", "--date", "2026-06-15", "--label", "Liquidation clôturée",
		"--id", id, "--json")
	var out struct {
		Replay  bool
		Entries []struct {
			Number, Date, Label string
			Lines               []struct{ Account, Balance string }
		}
		State struct{ State, Total, Residual string }
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	require.Len(t, out.Entries, 1)
	x := out.Entries[0]
	assert.Equal(t, "OD/2026/00001 2026-06-15 Liquidation clôturée", x.Number+" "+x.Date+" "+x.Label)
	var lines []string
	for _, l := range x.Lines {
		lines = append(lines, l.Account+" "+l.Balance)
	}
	assert.Equal(t, []string{"411000 -720.00", "654000 600.00", "445710 120.00"}, lines)
	assert.Equal(t, "paid 1200.00 0.00", out.State.State+" "+out.State.Total+" "+out.State.Residual)

	trial := hrev181Step(t, dir, "", "report", "trial").stdout
	r = hrev181Step(t, dir, "", "baddebt", "VT/2026/00001", "--date", "2026-06-15", "--label", "Liquidation clôturée",
		"--id", id, "--json")
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.True(t, out.Replay)
	assert.Equal(t, trial, hrev181Step(t, dir, "", "report", "trial").stdout)

	// Settled now: refused, nothing written.
	r = run(t, dir, "", "baddebt", "VT/2026/00001", "--date", "2026-06-16")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "already settled")
	assert.Equal(t, trial, hrev181Step(t, dir, "", "report", "trial").stdout)

	hrev181Step(t, dir, "", "unletter", "VT/2026/00001")
	assert.Contains(t, hrev181Step(t, dir, "", "state", "VT/2026/00001").stdout, "not_paid")
	assert.Regexp(t, `654000 .*\s0,00\n`, hrev181Step(t, dir, "", "report", "trial", "--at", "2026-12-31").stdout)
}

func TestHrev182BadDebtCommandRefused(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev181Step(t, dir, "", "post", "--journal", "AC", "--date", "2026-04-15", "--type", "invoice", "--ref", "FF-1",
		"--line", "401000:C01=-1200.00", "--line", "607000=1200.00")
	hrev181Step(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20")
	trial := hrev181Step(t, dir, "", "report", "trial").stdout
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"baddebt", "VT/2026/00001"}, 2, "--date is required"},
		{[]string{"baddebt", "--date", "2026-06-15"}, 2, ""},
		{[]string{"baddebt", "VT/2026/00001", "--date", "15 juin"}, 2, "--date"},
		{[]string{"baddebt", "VT/2026/00001", "--date", "2026-06-15", "--id", "x"}, 2, "--id"},
		{[]string{"baddebt", "AC/2026/00001", "--date", "2026-06-15"}, 1, "supplier"},
		{[]string{"baddebt", "VT/2026/00001", "--date", "2026-03-01"}, 1, "before the invoice"},
		{[]string{"baddebt", "VT/2026/09999", "--date", "2026-06-15"}, 1, "no entry of that number"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s%s", c.args, r.stdout, r.stderr)
		assert.Contains(t, r.stderr, c.says, c.args)
	}
	assert.Equal(t, trial, hrev181Step(t, dir, "", "report", "trial").stdout)
	assert.Contains(t, hrev181Step(t, dir, "", "baddebt", "--help").stdout, "créance")
}
