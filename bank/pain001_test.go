package bank_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/stretchr/testify/require"
)

func sampleRun() bank.CreditTransferRun {
	eur := currency.MustLookup("EUR")
	return bank.CreditTransferRun{MsgID: "LTR-RUN-2026-03-01", CreatedAt: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
		ExecutionDate: journal.MustDate(2026, 3, 3),
		Debtor: bank.Party{Name: "Atelier Lévêque & Fils", IBAN: "FR7630006000011234567890189", BIC: "BNPAFRPP",
			Address: ledger.Address{Street: "Rue de la Paix", BuildingNumber: "12", PostCode: "75002", Town: "Paris", Country: "FR"}},
		Payments: []bank.CreditTransfer{
			{EndToEndID: "LTR-RUN1-0001", Amount: currency.MustParse(eur, "480.00"),
				Creditor:   bank.Party{Name: "Fournisseur GmbH – Köln", IBAN: "DE89370400440532013000", BIC: "COBADEFFXXX"},
				Remittance: "Facture FA-2026-118 « mars » : 480,00 €"},
			{EndToEndID: "LTR-RUN1-0002", Amount: currency.MustParse(eur, "1234.56"),
				Creditor:    bank.Party{Name: "Société Générale d'Équipement", IBAN: "BE68539007547034"},
				CreditorRef: "RF18 5390 0754 7034"},
			{EndToEndID: "LTR-RUN1-0003", Amount: currency.MustParse(eur, "0.01"), ExecutionDate: journal.MustDate(2026, 3, 10),
				Creditor:   bank.Party{Name: strings.Repeat("Très long nom ", 10), IBAN: "NL91ABNA0417164300"},
				Remittance: strings.Repeat("x", 200)},
		}}
}

func TestPain001(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, bank.WritePain001(&a, sampleRun()))
	require.NoError(t, bank.WritePain001(&b, sampleRun()))
	require.Equal(t, a.String(), b.String(), "the same run writes the same file")
	out := a.String()
	require.True(t, strings.HasPrefix(out, "<?xml"), "no byte-order mark")
	for _, want := range []string{
		"<MsgId>LTR-RUN-2026-03-01</MsgId>", "<NbOfTxs>3</NbOfTxs>", "<CtrlSum>1714.57</CtrlSum>",
		"<Nm>Atelier Leveque + Fils</Nm>", "<Nm>Fournisseur GmbH - Koln</Nm>", "<Nm>Societe Generale d'Equipement</Nm>",
		"<Ustrd>Facture FA-2026-118 mars : 480,00 .</Ustrd>", "<Ref>RF18539007547034</Ref>", "<Cd>SCOR</Cd>",
		"<ReqdExctnDt>\n        <Dt>2026-03-03</Dt>", "<Dt>2026-03-10</Dt>", "<EndToEndId>LTR-RUN1-0002</EndToEndId>",
		`<InstdAmt Ccy="EUR">0.01</InstdAmt>`, "<BICFI>BNPAFRPP</BICFI>",
	} {
		require.Contains(t, out, want)
	}
	require.Contains(t, out, "<Nm>"+strings.TrimSpace(strings.Repeat("Tres long nom ", 6)[:70])+"</Nm>")
	require.Contains(t, out, "<Ustrd>"+strings.Repeat("x", 140)+"</Ustrd>")
	golden := filepath.Join("testdata", "pain001.golden.xml")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		require.NoError(t, os.WriteFile(golden, a.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), out)
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not installed (Debian: libxml2-utils); .ci/run installs it")
	}
	msg, err := exec.Command("xmllint", "--noout", "--schema", "testdata/pain.001.001.09.xsd", golden).CombinedOutput()
	require.NoError(t, err, string(msg))
}

func TestPain001BadInput(t *testing.T) {
	usd := currency.MustLookup("USD")
	eur := currency.MustLookup("EUR")
	for name, edit := range map[string]func(r *bank.CreditTransferRun){
		"no payments":      func(r *bank.CreditTransferRun) { r.Payments = nil },
		"dollars":          func(r *bank.CreditTransferRun) { r.Payments[0].Amount = currency.MustParse(usd, "10.00") },
		"zero":             func(r *bank.CreditTransferRun) { r.Payments[0].Amount = currency.Zero(eur) },
		"too much":         func(r *bank.CreditTransferRun) { r.Payments[0].Amount = currency.MustParse(eur, "1000000000.00") },
		"no amount":        func(r *bank.CreditTransferRun) { r.Payments[0].Amount = currency.Amount{} },
		"no creditor IBAN": func(r *bank.CreditTransferRun) { r.Payments[1].Creditor.IBAN = "" },
		"bad debtor IBAN":  func(r *bank.CreditTransferRun) { r.Debtor.IBAN = "FR7630006000011234567890198" },
		"bad BIC":          func(r *bank.CreditTransferRun) { r.Payments[0].Creditor.BIC = "COBA" },
		"no name":          func(r *bank.CreditTransferRun) { r.Payments[0].Creditor.Name = "   " },
		"no msg id":        func(r *bank.CreditTransferRun) { r.MsgID = "" },
		"long msg id":      func(r *bank.CreditTransferRun) { r.MsgID = strings.Repeat("M", 36) },
		"msg id charset":   func(r *bank.CreditTransferRun) { r.MsgID = "RUN#1" },
		"twice":            func(r *bank.CreditTransferRun) { r.Payments[1].EndToEndID = r.Payments[0].EndToEndID },
		"no date":          func(r *bank.CreditTransferRun) { r.ExecutionDate = journal.Date{} },
		"bad RF":           func(r *bank.CreditTransferRun) { r.Payments[1].CreditorRef = "RF19539007547034" },
		"bad country":      func(r *bank.CreditTransferRun) { r.Debtor.Address.Country = "France" },
	} {
		run := sampleRun()
		edit(&run)
		var buf bytes.Buffer
		err := bank.WritePain001(&buf, run)
		require.ErrorIs(t, err, bank.ErrTransfer, name)
		require.Zero(t, buf.Len(), name)
	}
}

func TestEPCText(t *testing.T) {
	for in, want := range map[string]string{
		"Société Générale":   "Societe Generale",
		"Œuvre & Cie":        "OEuvre + Cie",
		"Straße 1 @ Köln":    "Strasse 1 . Koln",
		"  a   b  ":          "a b",
		"l’été « chaud »":    "l'ete chaud",
		"日本":                 "..",
		"line\nbreak\ttab":   "line break tab",
		"ok/-?:().,'+":       "ok/-?:().,'+",
		"trop long à couper": "trop long a",
	} {
		n := 140
		if in == "trop long à couper" {
			n = 12
		}
		require.Equal(t, want, bank.EPCText(in, n), in)
	}
	// A field length computed by the caller may come out zero or negative:
	// nothing fits, and nothing panics.
	require.Equal(t, "", bank.EPCText("Société", 0))
	require.Equal(t, "", bank.EPCText("Société", -1))
}
