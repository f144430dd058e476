package bank_test

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/ident"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Names of SEPA-area suppliers with letters outside French: Czech, Polish,
// Hungarian, Romanian, Turkish-Romanian spellings, and a French name in
// decomposed form (NFD: "e" + U+0301, as macOS and PDF copies give it).
//
// Expected: the letters lose their diacritics ("Š" → "S", "ř" → "r",
// "Ł" → "L", "ő" → "o", "ș"/"ş" → "s", "ă" → "a"; "e"+U+0301 → "e"), as
// DESIGN.md §12 asks ("names and remittance transliterated to the EPC
// Latin set (é → e …)") and the EPC's conversion table does (EPC217-08,
// SEPA Requirements for an Extended Character Set, best practices: a
// character with a diacritic converts to its base letter). The SEPA area
// holds CZ, PL, HU, RO, SK, SI, HR…: these are creditors a run pays.
// Observed: each such letter, and each combining accent, becomes a full
// stop: "Socie.te. .koda Dvo.ak .od. Gy.r N.stase". The creditor's name
// the bank screens against its account holder (Verification of Payee,
// Regulation (EU) 2024/886) is mangled.
func TestReviewRunsEPCTextLatinLettersBecomeDots(t *testing.T) {
	for in, want := range map[string]string{
		"Socie\u0301te\u0301 Ge\u0301ne\u0301rale": "Societe Generale",
		"Škoda Dvořák":                             "Skoda Dvorak",
		"Łódź Kraków":                              "Lodz Krakow",
		"Győr Ştefan Năstase Țiriac":               "Gyor Stefan Nastase Tiriac",
		"Đuro Čačak Žilina":                        "Duro Cacak Zilina",
	} {
		assert.Equal(t, want, bank.EPCText(in, 70), "EPCText(%q)", in)
	}
	// Written into a file: the creditor's name.
	run := sampleRun()
	run.Payments[0].Creditor.Name = "Škoda Dvořák s.r.o."
	var buf bytes.Buffer
	require.NoError(t, bank.WritePain001(&buf, run))
	nm := regexp.MustCompile(`<Nm>[^<]*s\.r\.o\.</Nm>`).FindString(buf.String())
	assert.Equal(t, "<Nm>Skoda Dvorak s.r.o.</Nm>", nm)
}

// A creditor account in a country outside SEPA: Turkey (TR), Brazil (BR),
// United Arab Emirates (AE) have IBANs (ParseIBAN accepts them) but are not
// SEPA scheme countries.
//
// Expected: ErrTransfer, nothing written. The file says SvcLvl SEPA; the
// SCT rulebook (EPC125-05) covers only payment accounts in the SEPA scheme
// countries (EPC409-09 list), and ErrTransfer is documented for "a run a
// SEPA file cannot carry". The bank rejects such a transaction (or the
// whole file) on receipt.
// Observed: WritePain001 writes the transfer to TR33… in a SEPA PmtInf,
// and the file validates against the schema: the error comes back from
// the bank, days later, after the run's payments are booked.
func TestReviewRunsPainNonSEPACreditorIBAN(t *testing.T) {
	for _, iban := range []string{"TR330006100519786457841326", "BR1800360305000010009795493C1", "AE070331234567890123456"} {
		run := sampleRun()
		run.Payments[0].Creditor.IBAN = ident.IBAN(iban)
		run.Payments[0].Creditor.BIC = ""
		var buf bytes.Buffer
		err := bank.WritePain001(&buf, run)
		assert.ErrorIs(t, err, bank.ErrTransfer, "a SEPA transfer to %s", iban)
		if err != nil {
			assert.Zero(t, buf.Len(), "nothing written")
		}
	}
}
