package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A negative number among a command's arguments reaches the command,
// which refuses it with its reason (exit 2), in any spelling; a flag's
// negative value is the flag's; a repeated flag of any kind is named as
// written; a lock past the years is refused (exit 1) and "none" lifts it.
func TestHrev150CLIChanges(t *testing.T) {
	dir := t.TempDir()
	require.Equal(t, 0, run(t, dir, "", "init", "--year", "2026").code)
	for _, v := range []string{"-1.1", "-0", "-.5", "-,5"} {
		r := run(t, dir, "", "rate", "set", "USD", "2026-03-01", v)
		assert.Equal(t, 2, r.code, v)
		assert.Contains(t, r.stderr, "exchange rate must be positive", v)
	}
	// A rate is a plain decimal, as amounts are: no exponent.
	r0 := run(t, dir, "", "rate", "set", "USD", "2026-03-01", "-1e3")
	assert.Equal(t, 2, r0.code)
	assert.Contains(t, r0.stderr, "no exponent")
	r := run(t, dir, "", "rate", "set", "USD", "2026-03-01", "--", "-5")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "must be positive")
	for _, args := range [][]string{
		{"year", "list", "--wait", "1s", "--wait", "2s"},
		{"--wait", "1s", "--wait", "2s", "year", "list"},
		{"rate", "set", "USD", "2026-03-01", "-1.1", "--wait", "1s", "--wait", "2s"},
	} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 2, r.code, "%v", args)
		assert.Contains(t, r.stderr, "lettrage: --wait given more than once", "%v", args)
	}
	r = run(t, dir, "", "--wait", "1s", "year", "list", "--wait", "2s")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--wait given more than once (before and after the command's name)")
	r = run(t, dir, "", "partner", "add", "C1", "--terms", "30", "--terms", "45")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--terms given more than once")
	for _, v := range []string{"-1", "367"} {
		r := run(t, dir, "", "partner", "add", "C1", "--terms", v)
		assert.Equal(t, 2, r.code, v)
		assert.Contains(t, r.stderr, "give 0 to 366", v)
	}
	require.Equal(t, 0, run(t, dir, "", "partner", "add", "C1", "--terms", "366").code)
	r = run(t, dir, "", "export", "hledger", "--from", "2026-03-02", "--to", "2026-03-01")
	assert.Equal(t, 2, r.code)
	r = run(t, dir, "", "lock", "--period", "2027-01-01")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "after the last fiscal year's end, 2026-12-31")
	require.Equal(t, 0, run(t, dir, "", "lock", "--period", "2026-12-31", "--tax", "2026-12-31").code)
	r = run(t, dir, "", "lock", "--period", "none", "--tax", "none")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Period locked up to none; tax locked up to none")
	r = run(t, dir, "", "journal", "add", "BN2", "--kind", "bank", "--bank-account", "512100", "--outstanding")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "is its bank account")
	// The balance auxiliaire of any account lists the partners its lines
	// name (the refusal of a non-partner account was withdrawn: an
	// advance account's lines name partners too).
	r = run(t, dir, "", "report", "aux", "--account", "706000")
	assert.Equal(t, 0, r.code, r.stderr)
	require.Equal(t, 0, run(t, dir, "", "verify").code)
}
