package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hrev169Args(out string, id string, extra ...string) []string {
	return append([]string{"run", "--journal", "BNP", "--date", "2026-04-10", "--company", "Ma Société SAS", "-o", out, "--id", id}, extra...)
}

func hrev169Tag(xml, tag string) []string {
	var out []string
	for _, m := range regexp.MustCompile("<"+tag+">([^<]*)</"+tag+">").FindAllStringSubmatch(xml, -1) {
		out = append(out, m[1])
	}
	return out
}

// Pin: the text output of `run --id` after S2's payment was reversed:
// S1 alone, the file's total, S2's payment listed apart.
func TestHrev169CLIRunReplayTextListsCancelled(t *testing.T) {
	t.Parallel()
	dir, id := hrev168RunBook(t, "BNP/2026/00002")
	r := ok(t, dir, hrev169Args("again.xml", id)...)
	t.Logf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, "(already booked: replayed): 1 supplier, 1 200,00 EUR")
	assert.Contains(t, r.stdout, "  left out, cancelled since: BNP/2026/00002\n")
	assert.Contains(t, r.stdout, "Moulins de France")
	assert.NotContains(t, r.stdout, "Papeterie Dupont")
	assert.Empty(t, r.stderr)
}

// Pin: --json: cancelled names the reversed payment, total and payments
// are the file's; the file written again keeps the run's message id,
// payment information id and creation time, and two replays write the
// same bytes.
func TestHrev169CLIRunReplayJSONAndFile(t *testing.T) {
	t.Parallel()
	dir, id := hrev168RunBook(t, "BNP/2026/00001")
	r := ok(t, dir, append([]string{"--json"}, hrev169Args("again.xml", id)...)...)
	var out struct {
		Total     string
		Replay    bool
		Cancelled []string
		Payments  []struct{ Partner, Name, Entry, Amount string }
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.True(t, out.Replay)
	assert.Equal(t, []string{"BNP/2026/00001"}, out.Cancelled)
	assert.Equal(t, "360.00", out.Total)
	require.Len(t, out.Payments, 1)
	assert.Equal(t, "S2", out.Payments[0].Partner)
	assert.Equal(t, "Papeterie Dupont", out.Payments[0].Name)
	assert.Equal(t, "BNP/2026/00002", out.Payments[0].Entry)
	assert.Equal(t, "360.00", out.Payments[0].Amount)

	first, err := os.ReadFile(filepath.Join(dir, "vir.xml"))
	require.NoError(t, err)
	again, err := os.ReadFile(filepath.Join(dir, "again.xml"))
	require.NoError(t, err)
	for _, tag := range []string{"MsgId", "CreDtTm", "PmtInfId", "ReqdExctnDt"} {
		a, b := hrev169Tag(string(first), tag), hrev169Tag(string(again), tag)
		if tag == "ReqdExctnDt" {
			b = hrev169Tag(string(again), "Dt")
			a = hrev169Tag(string(first), "Dt")
		}
		assert.Equal(t, a, b, tag)
	}
	assert.Equal(t, []string{"1", "1"}, hrev169Tag(string(again), "NbOfTxs"))
	assert.Equal(t, []string{"360.00", "360.00"}, hrev169Tag(string(again), "CtrlSum"))
	ok(t, dir, hrev169Args("again2.xml", id)...)
	again2, err := os.ReadFile(filepath.Join(dir, "again2.xml"))
	require.NoError(t, err)
	assert.Equal(t, string(again), string(again2))
}

// Pin: the transfer slip written again carries S1 alone, and the file's
// total.
func TestHrev169CLIRunReplaySlip(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext")
	}
	dir, id := hrev168RunBook(t, "BNP/2026/00002")
	ok(t, dir, hrev169Args("again.xml", id, "--slip", "slip.pdf")...)
	txt, err := exec.Command("pdftotext", "-layout", filepath.Join(dir, "slip.pdf"), "-").Output()
	require.NoError(t, err)
	s := strings.ReplaceAll(string(txt), "\u202f", " ")
	t.Log(s)
	assert.Contains(t, s, "Moulins de France")
	assert.NotContains(t, s, "Papeterie Dupont")
	assert.NotContains(t, s, "360,00")
	assert.NotContains(t, s, "1 560,00")
	assert.Contains(t, s, "1 200,00")
}

// Pin: every payment reversed, with --json and --slip: exit 1, neither
// file written, nothing on stdout but the error, no advice to retry.
func TestHrev169CLIRunReplayAllCancelledJSON(t *testing.T) {
	t.Parallel()
	dir, id := hrev168RunBook(t, "BNP/2026/00002")
	ok(t, dir, "unletter", "BNP/2026/00001")
	ok(t, dir, "reverse", "BNP/2026/00001")
	r := run(t, dir, "", append([]string{"--json"}, hrev169Args("again.xml", id, "--slip", "slip.pdf")...)...)
	t.Logf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	assert.Equal(t, 1, r.code)
	assert.NotContains(t, r.stdout+r.stderr, "--id "+id)
	assert.Contains(t, r.stdout+r.stderr, "cancelled")
	_, err := os.Stat(filepath.Join(dir, "again.xml"))
	assert.True(t, os.IsNotExist(err))
	_, err = os.Stat(filepath.Join(dir, "slip.pdf"))
	assert.True(t, os.IsNotExist(err))
}

// Pin: the help says the file written again leaves out the payments
// cancelled since.
func TestHrev169CLIRunHelp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := run(t, dir, "", "run", "--help")
	s := strings.Join(strings.Fields(r.stdout+r.stderr), " ")
	assert.Contains(t, s, "identical but for the payments cancelled since, left out")
}
