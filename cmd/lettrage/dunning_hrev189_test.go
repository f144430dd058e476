package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev189Book is a book where C01 owes, at 30 June 2026, invoices 50
// (VT/2026/00001, 500,00), 20 (VT/2026/00002, 200,00 paid 50,00) and 10
// days overdue (VT/2026/00003, 100,00) and holds a credit note of 30,00;
// C02 owes an invoice not due yet.
func hrev189Book(t *testing.T) string {
	t.Helper()
	dir := newBook(t)
	post := func(date, due, typ, line, amount string) []string {
		neg := "-" + amount
		if strings.HasPrefix(amount, "-") {
			neg = amount[1:]
		}
		args := []string{"post", "--journal", "VT", "--date", date, "--type", typ, "--line", line + "=" + amount, "--line", "706000=" + neg}
		if due != "" {
			args = append(args, "--due", due)
		}
		return args
	}
	hrev185Steps(t, dir,
		post("2026-04-11", "2026-05-11", "invoice", "411000:C01", "500.00"),
		post("2026-05-11", "2026-06-10", "invoice", "411000:C01", "200.00"),
		post("2026-05-21", "2026-06-20", "invoice", "411000:C01", "100.00"),
		post("2026-06-01", "", "credit_note", "411000:C01", "-30.00"),
		post("2026-06-01", "2026-07-31", "invoice", "411000:C02", "90.00"),
		[]string{"pay", "VT/2026/00002", "--amount", "50", "--date", "2026-06-15"},
	)
	return dir
}

type hrev189Run struct {
	At        string `json:"at"`
	Customers []struct {
		Partner  string `json:"partner"`
		Level    int    `json:"level"`
		Next     int    `json:"next"`
		NextName string `json:"next_name"`
		Due      string `json:"due"`
		Credits  string `json:"credits"`
		Net      string `json:"net"`
		Letter   string `json:"letter"`
		Reminded int    `json:"reminded"`
		Items    []struct {
			Number      string `json:"number"`
			DaysOverdue int    `json:"days_overdue"`
			Residual    string `json:"residual"`
			Level       int    `json:"level"`
			LastLevel   int    `json:"last_level"`
			LastDate    string `json:"last_date"`
			New         bool   `json:"new"`
		} `json:"items"`
	} `json:"customers"`
}

func hrev189JSON(t *testing.T, dir string, args ...string) hrev189Run {
	t.Helper()
	r := run(t, dir, "", append(args, "--json")...)
	require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
	var out hrev189Run
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	return out
}

func TestHrev189DunningListAndSend(t *testing.T) {
	t.Parallel()
	dir := hrev189Book(t)

	list := hrev189JSON(t, dir, "dunning", "list", "--at", "2026-06-30")
	assert.Equal(t, "2026-06-30", list.At)
	require.Len(t, list.Customers, 1, "C02 owes nothing overdue")
	c := list.Customers[0]
	assert.Equal(t, "C01", c.Partner)
	assert.Equal(t, 3, c.Level)
	assert.Equal(t, 3, c.Next)
	assert.Equal(t, "Mise en demeure de payer", c.NextName)
	assert.Equal(t, "750.00", c.Due)
	assert.Equal(t, "30.00", c.Credits)
	assert.Equal(t, "720.00", c.Net)
	require.Len(t, c.Items, 3)
	assert.Equal(t, "VT/2026/00001", c.Items[0].Number)
	assert.Equal(t, 50, c.Items[0].DaysOverdue)
	assert.Equal(t, "150.00", c.Items[1].Residual)
	assert.Equal(t, []int{3, 1, 0}, []int{c.Items[0].Level, c.Items[1].Level, c.Items[2].Level})

	r := run(t, dir, "", "dunning", "list", "--at", "2026-06-30")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "C01")
	assert.Contains(t, r.stdout, "would receive: Mise en demeure de payer")
	assert.Contains(t, r.stdout, "VT/2026/00002")

	// Send: one letter, the reminder recorded on the three invoices.
	out := filepath.Join(dir, "relances")
	require.NoError(t, os.Mkdir(out, 0o755))
	sent := hrev189JSON(t, dir, "dunning", "send", "--at", "2026-06-30", "--company", "Atelier Lévêque", "--dir", "relances")
	require.Len(t, sent.Customers, 1)
	letter := filepath.Join("relances", "relance-C01-2026-06-30.pdf")
	assert.Equal(t, letter, sent.Customers[0].Letter)
	assert.Equal(t, 3, sent.Customers[0].Reminded)
	pdf, err := os.ReadFile(filepath.Join(dir, letter))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(pdf), "%PDF-"))
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command("pdftotext", "-layout", filepath.Join(dir, letter), "-").Output()
		require.NoError(t, err)
		assert.Contains(t, string(txt), "mettons en demeure")
		assert.Contains(t, string(txt), "VT/2026/00003")
	}
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "one letter, no temporary file left")

	// The same day again: nothing new, no letter rewritten.
	require.NoError(t, os.Remove(filepath.Join(dir, letter)))
	again := hrev189JSON(t, dir, "dunning", "send", "--at", "2026-06-30", "--company", "Atelier", "--dir", "relances")
	assert.Empty(t, again.Customers)
	r = run(t, dir, "", "dunning", "send", "--at", "2026-06-30", "--company", "Atelier", "--dir", "relances")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "No reminder to send at 30/06/2026")
	entries, err = os.ReadDir(out)
	require.NoError(t, err)
	assert.Empty(t, entries)

	list = hrev189JSON(t, dir, "dunning", "list", "--at", "2026-06-30")
	require.Len(t, list.Customers, 1)
	assert.Equal(t, 0, list.Customers[0].Next)
	for _, it := range list.Customers[0].Items {
		assert.Equal(t, 3, it.LastLevel, it.Number)
		assert.Equal(t, "2026-06-30", it.LastDate, it.Number)
		assert.False(t, it.New, it.Number)
	}
	r = run(t, dir, "", "dunning", "list", "--at", "2026-06-30")
	assert.Contains(t, r.stdout, "nothing new to send")

	// A new invoice overdue 20 days by 31 July brings a letter, at the
	// customer's level (h-rev194: the formal notice its other invoices
	// were sent, which the letter lists too); a disputed one can be left
	// out.
	hrev185Steps(t, dir, []string{"post", "--journal", "VT", "--date", "2026-06-11", "--type", "invoice", "--due", "2026-07-11",
		"--line", "411000:C01=40.00", "--line", "706000=-40.00"})
	list = hrev189JSON(t, dir, "dunning", "list", "--at", "2026-07-31", "--partner", "C01")
	require.Len(t, list.Customers, 1)
	assert.Equal(t, 3, list.Customers[0].Next)
	list = hrev189JSON(t, dir, "dunning", "list", "--at", "2026-07-31", "--exclude", "VT/2026/00006")
	require.Len(t, list.Customers, 1)
	assert.Equal(t, 0, list.Customers[0].Next)
	sent = hrev189JSON(t, dir, "dunning", "send", "--at", "2026-07-31", "--company", "Atelier")
	require.Len(t, sent.Customers, 1)
	assert.Equal(t, 1, sent.Customers[0].Reminded, "the new invoice alone")
	assert.Equal(t, "relance-C01-2026-07-31.pdf", sent.Customers[0].Letter)
	_, err = os.Stat(filepath.Join(dir, "relance-C01-2026-07-31.pdf"))
	assert.NoError(t, err, "the current directory by default")
}

func TestHrev189DunningUsage(t *testing.T) {
	t.Parallel()
	dir := hrev189Book(t)
	before, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"dunning"}, 2, "dunning needs a subcommand"},
		{[]string{"dunning", "nope"}, 2, `unknown command "dunning nope"`},
		{[]string{"dunning", "send", "--company", "A"}, 2, "--at"},
		{[]string{"dunning", "send", "--at", "2026-06-30"}, 2, "--company"},
		{[]string{"dunning", "send", "--at", "2026-13-01", "--company", "A"}, 2, "--at"},
		{[]string{"dunning", "list", "--at", "demain"}, 2, "--at"},
		{[]string{"dunning", "list", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"dunning", "list", "--nope"}, 2, "-nope"},
		{[]string{"dunning", "list", "--partner", "NOPE"}, 1, "unknown partner"},
		{[]string{"dunning", "send", "--at", "2026-06-30", "--company", "A", "--partner", "NOPE"}, 1, "unknown partner"},
		{[]string{"dunning", "send", "--at", "2026-06-30", "--company", "A", "--exclude", "VT/2026/00042"}, 1, "VT/2026/00042"},
		// A missing --dir is made (as the README's example needs); one that
		// cannot be made is refused before any reminder is recorded.
		{[]string{"dunning", "send", "--at", "2026-06-30", "--company", "A", "--dir", filepath.Join("book.db", "letters")}, 1, "letters"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s%s", c.args, r.stdout, r.stderr)
		assert.Contains(t, r.stderr, c.want, c.args)
		assert.Empty(t, r.stdout, c.args)
	}
	after, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	assert.Equal(t, before, after, "nothing written")
	for _, args := range [][]string{{"dunning", "--help"}, {"dunning", "list", "--help"}, {"help", "dunning", "send"}} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 0, r.code, args)
		assert.True(t, strings.HasPrefix(r.stdout, "Usage: lettrage dunning"), "%v: %s", args, r.stdout)
	}
}
