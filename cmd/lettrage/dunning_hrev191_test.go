package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hrev191Text(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	require.NoError(t, err)
	return string(out)
}

// --dir that is a file: exit 1, no reminder recorded, the book unchanged.
func TestHrev191DunningSendDirNotWritable(t *testing.T) {
	t.Parallel()
	dir := hrev189Book(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "afile"), []byte("x"), 0o644))
	before, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	r := run(t, dir, "", "dunning", "send", "--at", "2026-06-30", "--company", "Atelier", "--dir", "afile")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "afile") // refused before any letter is made
	assert.Empty(t, r.stdout)
	after, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	assert.Equal(t, before, after, "nothing recorded")
	list := hrev189JSON(t, dir, "dunning", "list", "--at", "2026-06-30")
	require.Len(t, list.Customers, 1)
	assert.Equal(t, 3, list.Customers[0].Next)
}

// Was failing, fixed: a second send the same day overwrites the letter already sent: expected the formal notice relance-C01-2026-06-30.pdf ("mettons en demeure", 720,00 €) kept, got it replaced by a first reminder ("Première relance", no "mettons en demeure")
func TestHrev191DunningSecondSendSameDayKeepsFirstLetter(t *testing.T) {
	t.Parallel()
	dir := hrev189Book(t)
	sent := hrev189JSON(t, dir, "dunning", "send", "--at", "2026-06-30", "--company", "Atelier")
	require.Len(t, sent.Customers, 1)
	assert.Equal(t, 3, sent.Customers[0].Reminded)
	letter := filepath.Join(dir, "relance-C01-2026-06-30.pdf")
	first := hrev191Text(t, letter)
	require.Contains(t, first, "mettons en demeure")

	// The same day, an invoice of 11 May due 10 June (20 days late) is
	// entered late; the second send gives it its first reminder.
	hrev185Steps(t, dir, []string{"post", "--journal", "VT", "--date", "2026-05-11", "--type", "invoice", "--due", "2026-06-10",
		"--line", "411000:C01=40.00", "--line", "706000=-40.00"})
	again := hrev189JSON(t, dir, "dunning", "send", "--at", "2026-06-30", "--company", "Atelier")
	require.Len(t, again.Customers, 1)
	// h-rev194: the letter is at the customer's level, the formal notice
	// its other invoices were sent, not a first reminder.
	assert.Equal(t, 3, again.Customers[0].Next)
	assert.Equal(t, 1, again.Customers[0].Reminded, "the new invoice alone")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var letters []string
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".pdf" {
			letters = append(letters, e.Name())
		}
	}
	assert.Len(t, letters, 2, "two letters sent, two files: %v", letters)
	assert.Contains(t, hrev191Text(t, letter), "mettons en demeure", "the formal notice sent first is still on disk")
}

// A run where the second customer's letter cannot be written: the first
// customer's letter was written and recorded, the run fails with exit 1.
func TestHrev191DunningSendPartialFailure(t *testing.T) {
	t.Parallel()
	dir := hrev189Book(t)
	hrev185Steps(t, dir, []string{"post", "--journal", "VT", "--date", "2026-04-01", "--type", "invoice", "--due", "2026-05-01",
		"--line", "411000:C03=60.00", "--line", "706000=-60.00"})
	require.NoError(t, os.Mkdir(filepath.Join(dir, "relance-C03-2026-06-30.pdf"), 0o755))
	r := run(t, dir, "", "dunning", "send", "--at", "2026-06-30", "--company", "Atelier")
	assert.Equal(t, 1, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, "C03")
	list := hrev189JSON(t, dir, "dunning", "list", "--at", "2026-06-30")
	require.Len(t, list.Customers, 2)
	assert.Equal(t, "C01", list.Customers[0].Partner)
	assert.Equal(t, 0, list.Customers[0].Next, "C01's letter was written and recorded")
	assert.Equal(t, "C03", list.Customers[1].Partner)
	assert.Equal(t, 3, list.Customers[1].Next, "C03's was not recorded")
	_, err := os.Stat(filepath.Join(dir, "relance-C01-2026-06-30.pdf"))
	assert.NoError(t, err)
}
