package bank_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/stretchr/testify/require"
)

// r15bLint writes a run and validates it with xmllint against the EPC schema.
func r15bLint(t *testing.T, run bank.CreditTransferRun) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, bank.WritePain001(&buf, run))
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Log("schema not checked: xmllint not installed (Debian: libxml2-utils); .ci/run installs it")
		return buf.String()
	}
	path := filepath.Join(t.TempDir(), "run.xml")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	out, err := exec.Command("xmllint", "--noout", "--schema", "testdata/pain.001.001.09.xsd", path).CombinedOutput()
	require.NoError(t, err, "xmllint rejects a file WritePain001 accepted:\n%s", out)
	return buf.String()
}

// An IBAN written as people write it passes ParseIBAN (any case, spaces):
// WritePain001 accepts it, then copies it unchanged into the file.
func TestR15bPainIBANNotCanonical(t *testing.T) {
	run := sampleRun()
	run.Payments[0].Creditor.IBAN = "de89 3704 0044 0532 0130 00"
	r15bLint(t, run)
}

// Same for a BIC given in lower case: ParseBIC accepts it.
func TestR15bPainBICNotCanonical(t *testing.T) {
	run := sampleRun()
	run.Payments[0].Creditor.BIC = "cobadeffxxx"
	r15bLint(t, run)
}

// A 35-character message id (accepted) over two execution dates gives two
// payment information blocks with one PmtInfId.
func TestR15bPainPmtInfIdUnique(t *testing.T) {
	run := sampleRun()
	run.MsgID = strings.Repeat("M", 35)
	out := r15bLint(t, run)
	require.Equal(t, 2, strings.Count(out, "<PmtInf>"))
	ids := regexp.MustCompile(`<PmtInfId>([^<]*)</PmtInfId>`).FindAllStringSubmatch(out, -1)
	require.Len(t, ids, 2)
	require.NotEqual(t, ids[0][1], ids[1][1], "each PmtInf block needs its own PmtInfId:\n%s", out)
}

// EPC 2023 (and the schema's own note on PstlAdr): without AdrLine, a
// structured address holds at least TwnNm and Ctry. A partner address
// without town or country (the ledger accepts it) is written as is.
func TestR15bPainAddressWithoutTownOrCountry(t *testing.T) {
	run := sampleRun()
	run.Payments[0].Creditor.Address = ledger.Address{Street: "Hauptstrasse", BuildingNumber: "1"}
	var buf bytes.Buffer
	err := bank.WritePain001(&buf, run)
	if err == nil {
		out := buf.String()
		i := strings.Index(out, "<Nm>Fournisseur GmbH")
		adr := out[i : i+strings.Index(out[i:], "</PstlAdr>")]
		require.Contains(t, adr, "<TwnNm>", "structured address without TwnNm:\n%s", adr)
		require.Contains(t, adr, "<Ctry>", "structured address without Ctry:\n%s", adr)
	}
}

// EPC 2023 §1.4: identifiers must not start or end with '/' nor contain '//'.
func TestR15bPainSlashIdentifiers(t *testing.T) {
	run := sampleRun()
	run.MsgID = "/RUN//1/"
	run.Payments[0].EndToEndID = "/E2E//1/"
	var buf bytes.Buffer
	err := bank.WritePain001(&buf, run)
	require.ErrorIs(t, err, bank.ErrTransfer, "an identifier with a leading, trailing or double slash is refused")
}

// Many payments of the largest amount on several dates.
func TestR15bPainManyMaxAmounts(t *testing.T) {
	eur := currency.MustLookup("EUR")
	run := sampleRun()
	run.Payments = nil
	for i := 0; i < 2000; i++ {
		run.Payments = append(run.Payments, bank.CreditTransfer{EndToEndID: fmt.Sprintf("E-%d", i), Amount: currency.MustParse(eur, "999999999.99"),
			ExecutionDate: journal.MustDate(2026, 3, 1+i%5),
			Creditor:      bank.Party{Name: strings.Repeat("É&<>\"' ", 30), IBAN: "NL91ABNA0417164300", Address: ledger.Address{Street: strings.Repeat("Rue ", 30), BuildingNumber: strings.Repeat("1", 30), PostCode: strings.Repeat("7", 30), Town: strings.Repeat("Ville ", 20), Country: "FR"}},
			Remittance:    strings.Repeat("Fact ü ", 40)})
	}
	out := r15bLint(t, run)
	require.Contains(t, out, "<CtrlSum>1999999999980.00</CtrlSum>")
}
