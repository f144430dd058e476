package main_test

// Review hrev237 — issue 14 (automatic lettering) line by line, the
// command-line side: `lettrage auto`'s scope.

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev237Book is a book with a receivable account of its own, 411200
// "Clients export" (a second collective account, as the PCG's 411
// subdivisions allow), holding C01's invoice of 100,00 and its receipt of
// 100,00, with no reference: the exact-amount rule letters them.
func hrev237Book(t *testing.T) string {
	t.Helper()
	dir := newBook(t)
	r := run(t, dir, "", "account", "add", "--name", "Clients export", "--kind", "receivable", "411200")
	require.Equal(t, 0, r.code, r.stderr)
	inv := `{"journal":"VT","date":"2026-03-02","type":"invoice","ref":"FA-1","label":"Facture",
		"lines":[{"account":"411200","partner":"C01","debit":"100.00"},{"account":"706000","credit":"100.00"}]}`
	pay := `{"journal":"BQD","date":"2026-03-12","type":"payment","ref":"VIR-1","label":"Virement",
		"lines":[{"account":"512000","debit":"100.00"},{"account":"411200","partner":"C01","credit":"100.00"}]}`
	for _, e := range []string{inv, pay} {
		r := run(t, dir, e, "post", "-")
		require.Equal(t, 0, r.code, r.stderr)
	}
	return dir
}

// Was failing, fixed: `lettrage auto --partner C01` letters only 411000 and 401000 (the
// command fills Scope.Accounts with these two codes when no --account is
// given), so C01's invoice and receipt of 100,00 on the receivable account
// 411200 stay open: 0 proposals, where `auto --all` finds the one
// exact-amount proposal. Issue 14: "Receivable/payable per partner"; the
// library's Scope.Partners without accounts means "every receivable and
// payable account" (reconcile.Scope doc), and `report aged` and
// `statement` already cover every partner account. A partner's lettering
// must not depend on which 411 subdivision (PCG 411x) holds its items.
func TestHrev237AutoPartnerLettersEveryPartnerAccount(t *testing.T) {
	t.Parallel()
	dir := hrev237Book(t)
	var out struct {
		Proposals int `json:"proposals"`
	}
	r := run(t, dir, "", "auto", "--all", "--dry-run", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	require.Equal(t, 1, out.Proposals, "the whole book: %s", r.stdout)
	r = run(t, dir, "", "auto", "--partner", "C01", "--dry-run", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Equal(t, 1, out.Proposals, "C01's items on 411200: %s", r.stdout)
}

// Was failing, fixed: `lettrage auto --currency EUR` is refused ("flag provided but not
// defined: -currency", exit 2): the command's scope has accounts,
// partners and dates but no currency. Issue 14: proposals are computed
// "for a scope (accounts, partners, date range, currency)", and
// reconcile.Scope.Currency exists; an accountant lettering the USD
// customers after a rate update has no way to say so. Expected: accepted,
// the EUR lettering proposed, and none with --currency USD.
func TestHrev237AutoCurrencyScope(t *testing.T) {
	t.Parallel()
	dir := hrev237Book(t)
	var out struct {
		Proposals int `json:"proposals"`
	}
	r := run(t, dir, "", "auto", "--all", "--currency", "EUR", "--dry-run", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Equal(t, 1, out.Proposals, r.stdout)
	r = run(t, dir, "", "auto", "--all", "--currency", "USD", "--dry-run", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Equal(t, 0, out.Proposals, r.stdout)
}

// Was failing, fixed: `lettrage auto --combination-size 1` is refused ("--combination-size:
// 2 to 12 documents", exit 2). Issue 14's bad input is "combination size
// < 1 or > 12"; 1 is a valid size, and reconcile.Rules documents it
// ("1 turns combinations off"): the command offers no other way to turn
// the combination rule off. Expected: accepted (exit 0), and the
// exact-amount lettering still proposed; 0 and 13 stay refused.
func TestHrev237AutoCombinationSizeOne(t *testing.T) {
	t.Parallel()
	dir := hrev237Book(t)
	for _, bad := range []string{"0", "13"} {
		r := run(t, dir, "", "auto", "--all", "--dry-run", "--combination-size", bad)
		assert.Equal(t, 2, r.code, "size %s: %s", bad, r.stdout)
	}
	var out struct {
		Proposals int `json:"proposals"`
	}
	r := run(t, dir, "", "auto", "--all", "--dry-run", "--json", "--combination-size", "1")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Equal(t, 1, out.Proposals, r.stdout)
}

// Was failing, fixed: `lettrage auto --date-window 200` is refused ("flag provided but
// not defined: -date-window", exit 2). Issue 14 rule (2): "exact amount,
// one-to-one, unique candidate within a date window", every rule
// "configurable"; reconcile.Rules.DateWindow exists (default 120 days).
// A supplier paid at 180 days, or a customer paying a January invoice in
// July, is only lettered by amount with a wider window: the command gives
// no way to ask. Expected: accepted, and C02's invoice of 250,00 of
// 2026-01-05 lettered with its receipt of 2026-07-10 (186 days later),
// which the default window leaves open.
func TestHrev237AutoDateWindow(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	inv := `{"journal":"VT","date":"2026-01-05","type":"invoice","ref":"FA-9","label":"Facture",
		"lines":[{"account":"411000","partner":"C02","debit":"250.00"},{"account":"706000","credit":"250.00"}]}`
	pay := `{"journal":"BQD","date":"2026-07-10","type":"payment","ref":"VIR-9","label":"Virement",
		"lines":[{"account":"512000","debit":"250.00"},{"account":"411000","partner":"C02","credit":"250.00"}]}`
	for _, e := range []string{inv, pay} {
		r := run(t, dir, e, "post", "-")
		require.Equal(t, 0, r.code, r.stderr)
	}
	var out struct {
		Proposals int `json:"proposals"`
	}
	r := run(t, dir, "", "auto", "--partner", "C02", "--dry-run", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	require.Equal(t, 0, out.Proposals, "outside the default window: %s", r.stdout)
	r = run(t, dir, "", "auto", "--partner", "C02", "--date-window", "200", "--dry-run", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Equal(t, 1, out.Proposals, r.stdout)
}
