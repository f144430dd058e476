package print_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/print"
	"github.com/stretchr/testify/require"
)

// A Czech name typed on a Mac arrives decomposed (NFD: "r" + U+030C
// combining caron). It is the same text as "Dvořák", which prints; the
// fonts have ř, so it must print as written, not be refused for a
// combining mark the fonts lack.
func TestR16DecomposedNamePrints(t *testing.T) {
	nfd := "Dvor\u030ca\u0301k s.r.o."
	d := print.ChequeDeposit{Company: "Atelier", Account: "FR7630006000011234567890189", ID: "REM-9", Date: journal.MustDate(2026, 3, 6),
		Cheques: []print.Cheque{{Drawer: nfd, Number: "1", Amount: e("10.00")}}}
	var buf bytes.Buffer
	require.NoError(t, print.DepositSlip(&buf, d), "Dvořák in NFD")
	require.Contains(t, text(t, buf.Bytes()), "Dvořák s.r.o.")
}

// words returns pdftotext's word boxes (xMin, xMax in points) by word.
func words(t *testing.T, pdf []byte) map[string][2]float64 {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	require.NoError(t, os.WriteFile(path, pdf, 0o644))
	out, err := exec.Command("pdftotext", "-bbox", path, "-").CombinedOutput()
	require.NoError(t, err, string(out))
	re := regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)</word>`)
	got := map[string][2]float64{}
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		a, _ := strconv.ParseFloat(m[1], 64)
		b, _ := strconv.ParseFloat(m[2], 64)
		got[m[3]] = [2]float64{a, b}
	}
	return got
}

// Texts are "cut to fit their column": with the Go fonts, wider than
// Helvetica, an upper-case drawer's name cut at 31 characters runs out of
// the 60 mm Tireur column (15–75 mm) over the bank's.
func TestR16CutNameStaysInItsColumn(t *testing.T) {
	for _, name := range []string{"SOCIÉTÉ GÉNÉRALE D'ÉQUIPEMENTS MÉCANIQUES", "ООО МОСКОВСКИЙ ЗАВОД ШАРИКОПОДШИПНИКОВ"} {
		d := print.ChequeDeposit{Company: "Atelier", Account: "FR7630006000011234567890189", ID: "REM-9", Date: journal.MustDate(2026, 3, 6),
			Cheques: []print.Cheque{{Drawer: name, Bank: "BNP", Number: "1", Amount: e("10.00")}}}
		var buf bytes.Buffer
		require.NoError(t, print.DepositSlip(&buf, d))
		ws := words(t, buf.Bytes())
		columnEnd := 75 * 72 / 25.4 // points
		for w, box := range ws {
			if strings.HasSuffix(w, "…") {
				require.LessOrEqual(t, box[1], columnEnd, "%q ends at %.1f mm, past the Tireur column's edge at 75 mm", w, box[1]*25.4/72)
			}
		}
	}
}
