package report

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Was failing, fixed: cut kept a label's last word when it "holds a digit", so that
// the number of the document a generated label ends with stays; the
// label of a bill of exchange (reconcile.Bill: "LCR <ref> échéance
// <date> <IBAN in paper form>") ends with the IBAN's last group of
// digits ("189"), no document number — in the 32-rune label column the
// due date is cut to "15/03/2" to keep "189", where a plain cut at the
// end showed the whole date: "LCR L-0042 échéance 15/03/2… 189".
func TestHrev41CutKeepsAnIBANGroupOverTheDate(t *testing.T) {
	got := cut("LCR L-0042 échéance 15/03/2026 FR76 3000 6000 0112 3456 7890 189", 32)
	assert.Contains(t, got, "15/03/2026", "the bill's due date is cut: %q", got)
	assert.False(t, strings.HasSuffix(got, "… 189"), "a fragment of the IBAN is kept as if a document number: %q", got)
}

// Was failing, fixed: a label ending in an amount written with a space between
// thousands ("1 250,00", as a French label writes it) keeps only the
// amount's last group: the cut cell reads "… 250,00", another amount
// than the label's, where the reader must see either the whole amount
// or a plain cut ending in "…" — instead "Remboursement trop… 250,00".
func TestHrev41CutSplitsAnAmount(t *testing.T) {
	got := cut("Remboursement trop-perçu 1 250,00", 26)
	assert.False(t, strings.HasSuffix(got, "… 250,00"), "the cell shows 250,00 for 1 250,00: %q", got)
	got = cut("Virement reçu client Dupont 12 500", 20)
	assert.False(t, strings.HasSuffix(got, "… 500"), "the cell shows 500 for 12 500: %q", got)
}
