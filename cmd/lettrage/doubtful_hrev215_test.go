package main_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An invoice of 1 200,00 paid 480,00, the rest moved to 416000, 120,00
// received there, then written off from there: 654000 takes 500,00,
// 445710 gets 100,00 back.
func TestHrev215DoubtfulCommand(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev181Step(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20")
	hrev181Step(t, dir, "", "pay", "VT/2026/00001", "--amount", "480", "--date", "2026-04-10")
	const id = "5e0c1a9e-3f3c-4b1a-8c1d-2b7e9f0a6d15"
	r := hrev181Step(t, dir, "", "doubtful", "VT/2026/00001", "--date", "2026-06-30", "--label", "Redressement judiciaire",
		"--id", id, "--json")
	var out struct {
		Replay  bool
		Entries []struct {
			Number, Date, Label, Ref string
			Lines                    []struct{ Account, Partner, Balance string }
		}
		State struct{ State, Total, Residual string }
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	require.Len(t, out.Entries, 1)
	x := out.Entries[0]
	assert.Equal(t, "OD/2026/00001 2026-06-30 Redressement judiciaire", x.Number+" "+x.Date+" "+x.Label)
	var lines []string
	for _, l := range x.Lines {
		lines = append(lines, l.Account+" "+l.Partner+" "+l.Balance)
	}
	assert.Equal(t, []string{"416000 C01 720.00", "411000 C01 -720.00"}, lines)
	assert.Equal(t, "partial 1200.00 720.00", out.State.State+" "+out.State.Total+" "+out.State.Residual)

	trial := hrev181Step(t, dir, "", "report", "trial").stdout
	r = hrev181Step(t, dir, "", "doubtful", "VT/2026/00001", "--date", "2026-06-30", "--label", "Redressement judiciaire",
		"--id", id, "--json")
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.True(t, out.Replay)
	assert.Equal(t, trial, hrev181Step(t, dir, "", "report", "trial").stdout)

	// Moved already: refused, nothing written.
	r = run(t, dir, "", "doubtful", "VT/2026/00001", "--date", "2026-07-01")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "doubtful VT/2026/00001")
	assert.Equal(t, trial, hrev181Step(t, dir, "", "report", "trial").stdout)

	// 120,00 received on 416000, the rest lost.
	hrev181Step(t, dir, "", "pay", "OD/2026/00001", "--amount", "120", "--date", "2026-08-10")
	assert.Contains(t, hrev181Step(t, dir, "", "state", "VT/2026/00001").stdout, "partial")
	r = hrev181Step(t, dir, "", "baddebt", "VT/2026/00001", "--date", "2026-09-15", "--json")
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	lines = nil
	for _, l := range out.Entries[0].Lines {
		lines = append(lines, l.Account+" "+l.Balance)
	}
	assert.Equal(t, []string{"416000 -600.00", "654000 500.00", "445710 100.00"}, lines)
	assert.Equal(t, "paid 1200.00 0.00", out.State.State+" "+out.State.Total+" "+out.State.Residual)
	hrev181Step(t, dir, "", "verify")

	// Unlettering the invoice undoes its lettering: the payment, the
	// move and, with it, the write-off and the lettering of the receipt
	// on 416000, left open there.
	hrev181Step(t, dir, "", "unletter", "VT/2026/00001")
	assert.Contains(t, hrev181Step(t, dir, "", "state", "VT/2026/00001").stdout, "not_paid")
	trial = hrev181Step(t, dir, "", "report", "trial", "--at", "2026-12-31").stdout
	assert.Regexp(t, `654000 .*\s0,00\n`, trial)
	assert.Regexp(t, `416000 .*\s-120,00\n`, trial)
	hrev181Step(t, dir, "", "verify")
}

func TestHrev215DoubtfulCommandRefused(t *testing.T) {
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
		{[]string{"doubtful", "VT/2026/00001"}, 2, "--date is required"},
		{[]string{"doubtful", "--date", "2026-06-15"}, 2, ""},
		{[]string{"doubtful", "VT/2026/00001", "VT/2026/00001", "--date", "2026-06-15"}, 2, ""},
		{[]string{"doubtful", "VT/2026/00001", "--date", "15 juin"}, 2, "--date"},
		{[]string{"doubtful", "VT/2026/00001", "--date", "2026-06-15", "--id", "x"}, 2, "--id"},
		{[]string{"doubtful", "VT/2026/00001", "--date", "2026-06-15", "--nope"}, 2, ""},
		{[]string{"doubtful", "AC/2026/00001", "--date", "2026-06-15"}, 1, "supplier"},
		{[]string{"doubtful", "VT/2026/00001", "--date", "2026-03-01"}, 1, "before the invoice"},
		{[]string{"doubtful", "VT/2026/09999", "--date", "2026-06-15"}, 1, "no entry of that number"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.says, "%v", c.args)
	}
	assert.Equal(t, trial, hrev181Step(t, dir, "", "report", "trial").stdout)
	assert.Contains(t, hrev181Step(t, dir, "", "doubtful", "--help").stdout, "416000")
}
