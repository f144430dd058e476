package main_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --outstanding on a journal that is no bank or cash journal is a usage
// error (exit 2) writing nothing; on a bank journal naming its bank
// account among 512100/512200 it is ErrKind (exit 1); a cash journal
// takes it.
func TestHrev159JournalAddOutstanding(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for _, kind := range []string{"general", "sale", "purchase"} {
		before := snapshot(t, dir)
		r := run(t, dir, "", "journal", "add", "XX1", "--kind", kind, "--outstanding")
		assert.Equal(t, 2, r.code, "%s: %s", kind, r.stderr)
		assert.Contains(t, r.stderr, "--outstanding goes with a bank or cash journal", kind)
		assert.True(t, bytes.Equal(before, snapshot(t, dir)), kind)
	}
	before := snapshot(t, dir)
	r := run(t, dir, "", "journal", "add", "BN2", "--kind", "bank", "--bank-account", "512100", "--outstanding")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "is its bank account")
	assert.True(t, bytes.Equal(before, snapshot(t, dir)))
	ok(t, dir, "journal", "add", "CA2", "--kind", "cash", "--outstanding")
	ok(t, dir, "journal", "add", "BN3", "--kind", "bank", "--outstanding")
	ok(t, dir, "verify")
}

// init --json, year add --json and year list --json print fiscal years
// with the keys label, start, end (closed for a closed year in year list).
func TestHrev159YearJSONKeys(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := ok(t, dir, "--json", "init", "--year", "2025")
	var ini struct {
		FiscalYears []map[string]any `json:"fiscal_years"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &ini), r.stdout)
	require.Len(t, ini.FiscalYears, 1, r.stdout)
	assert.Equal(t, map[string]any{"label": "2025", "start": "2025-01-01", "end": "2025-12-31"}, ini.FiscalYears[0])

	r = ok(t, dir, "--json", "year", "add")
	var add struct {
		FiscalYears []map[string]any `json:"fiscal_years"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &add), r.stdout)
	require.Len(t, add.FiscalYears, 1, r.stdout)
	assert.Equal(t, map[string]any{"label": "2026", "start": "2026-01-01", "end": "2026-12-31"}, add.FiscalYears[0])

	r = run(t, dir, "", "close", "--year", "2025", "--by", "rev")
	require.Equal(t, 0, r.code, r.stderr)
	r = ok(t, dir, "--json", "year", "list")
	var list struct {
		FiscalYears []map[string]any `json:"fiscal_years"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list), r.stdout)
	require.Len(t, list.FiscalYears, 2, r.stdout)
	assert.Equal(t, "2025", list.FiscalYears[0]["label"])
	assert.Equal(t, "2025-01-01", list.FiscalYears[0]["start"])
	assert.Equal(t, "2025-12-31", list.FiscalYears[0]["end"])
	assert.NotEmpty(t, list.FiscalYears[0]["closed"], r.stdout)
	assert.Equal(t, map[string]any{"label": "2026", "start": "2026-01-01", "end": "2026-12-31"}, list.FiscalYears[1])
}
