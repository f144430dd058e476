package bank_test

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
)

// A creditor whose name begins with more than 70 characters of Greek (or
// Cyrillic) letters and carries its Latin form only after them.
//
// Expected (66ff712: "refusing names and towns with no Latin letter";
// pain001.go: "the creditor has no name in Latin letters or digits"):
// WritePain001 refuses the run, since the <Nm> it would write — the name
// cut to 70 characters by pParty1 — holds no Latin letter or digit; or it
// writes a name that does carry letters.
// Observed: ident.EPCCarries looks at EPCText(s, 140) and finds the Latin
// letters past the 70th character, so the run is accepted and the file
// names the creditor
// "........ ........ ........ ........ ........ ........ ........ ......."
// — full stops only — exactly what the check was added to prevent. The
// same gap holds for a town (written cut to 35 characters) and in
// reconcile's payment runs, which call the same EPCCarries.
func TestReviewLastEPCCarriesPastTheCut(t *testing.T) {
	run := sampleRun()
	greek := strings.Repeat("Ελληνική ", 8) // 72 characters: 64 letters, 8 spaces
	run.Payments[0].Creditor.Name = greek + "(ELTA)"
	var buf bytes.Buffer
	err := bank.WritePain001(&buf, run)
	if errors.Is(err, bank.ErrTransfer) {
		return // refused: right
	}
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	for _, m := range regexp.MustCompile(`<Nm>([^<]*)</Nm>`).FindAllStringSubmatch(buf.String(), -1) {
		if !regexp.MustCompile(`[A-Za-z0-9]`).MatchString(m[1]) {
			t.Errorf("a party's name written without a Latin letter or digit: <Nm>%s</Nm>", m[1])
		}
	}
}
