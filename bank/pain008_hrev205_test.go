package bank_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Four sequence types, one block each in FRST, RCUR, OOFF, FNAL order,
// with exact counts and sums; a 35-character message id.
func TestHrev205Pain008Blocks(t *testing.T) {
	eur := currency.MustLookup("EUR")
	run := h201DebitRun()
	run.MsgID = strings.Repeat("M", 35)
	run.Debits = append(run.Debits,
		bank.DirectDebit{EndToEndID: "E-FNAL", Amount: currency.MustParse(eur, "1234567.89"), Sequence: "FNAL", MandateID: "RUM-F",
			MandateSigned: journal.MustDate(2025, 1, 1), Debtor: bank.Party{Name: "Café Zoé", IBAN: "FR1420041010050500013M02606"},
			Remittance: strings.Repeat("FA-2026-0001 ", 20)},
		bank.DirectDebit{EndToEndID: "E-FRST", Amount: currency.MustParse(eur, "0.10"), Sequence: "FRST", MandateID: "rum-f2",
			MandateSigned: journal.MustDate(2025, 1, 1), Debtor: bank.Party{Name: "Œuvre Sœurs", IBAN: "FR1420041010050500013M02606"}})
	var buf bytes.Buffer
	require.NoError(t, bank.WritePain008(&buf, run))
	out := buf.String()
	h201Validate(t, buf.Bytes())
	assert.Contains(t, out, "<NbOfTxs>5</NbOfTxs>")
	assert.Contains(t, out, "<CtrlSum>1235448.00</CtrlSum>")
	order := []string{"<SeqTp>FRST</SeqTp>", "<SeqTp>RCUR</SeqTp>", "<SeqTp>OOFF</SeqTp>", "<SeqTp>FNAL</SeqTp>"}
	last := -1
	for _, s := range order {
		i := strings.Index(out, s)
		require.Greater(t, i, last, s)
		last = i
	}
	assert.Contains(t, out, "<PmtInfId>"+strings.Repeat("M", 33)+"-1</PmtInfId>")
	assert.Contains(t, out, "<PmtInfId>"+strings.Repeat("M", 33)+"-4</PmtInfId>")
	assert.Contains(t, out, "<Nm>Cafe Zoe</Nm>")
	assert.Contains(t, out, "<Nm>OEuvre Soeurs</Nm>")
	assert.Contains(t, out, `<InstdAmt Ccy="EUR">0.10</InstdAmt>`)
	for _, u := range strings.Split(out, "<Ustrd>")[1:] {
		assert.LessOrEqual(t, strings.Index(u, "</Ustrd>"), 140)
	}
}

// Runs a file cannot carry are refused, nothing written.
func TestHrev205Pain008Refused(t *testing.T) {
	eur := currency.MustLookup("EUR")
	usd := currency.MustLookup("USD")
	for name, edit := range map[string]func(*bank.DirectDebitRun){
		"zero amount":      func(r *bank.DirectDebitRun) { r.Debits[0].Amount = currency.Zero(eur) },
		"negative":         func(r *bank.DirectDebitRun) { r.Debits[0].Amount = currency.MustParse(eur, "-1.00") },
		"dollars":          func(r *bank.DirectDebitRun) { r.Debits[0].Amount = currency.MustParse(usd, "1.00") },
		"signed after":     func(r *bank.DirectDebitRun) { r.Debits[0].MandateSigned = journal.MustDate(2026, 3, 26) },
		"no signature":     func(r *bank.DirectDebitRun) { r.Debits[0].MandateSigned = journal.Date{} },
		"mandate space":    func(r *bank.DirectDebitRun) { r.Debits[0].MandateID = "RUM 1" },
		"mandate slash":    func(r *bank.DirectDebitRun) { r.Debits[0].MandateID = "RUM//1" },
		"seq":              func(r *bank.DirectDebitRun) { r.Debits[0].Sequence = "rcur" },
		"e2e twice":        func(r *bank.DirectDebitRun) { r.Debits[1].EndToEndID = r.Debits[0].EndToEndID },
		"e2e 36":           func(r *bank.DirectDebitRun) { r.Debits[0].EndToEndID = strings.Repeat("E", 36) },
		"msgid 36":         func(r *bank.DirectDebitRun) { r.MsgID = strings.Repeat("M", 36) },
		"bad ICS":          func(r *bank.DirectDebitRun) { r.CreditorID = "FR73ZZZ123456" },
		"no debits":        func(r *bank.DirectDebitRun) { r.Debits = nil },
		"debtor not SEPA":  func(r *bank.DirectDebitRun) { r.Debits[0].Debtor.IBAN = "BR1800360305000010009795493C1" },
		"CH without BIC":   func(r *bank.DirectDebitRun) { r.Debits[0].Debtor.IBAN = "CH9300762011623852957" },
		"debtor no name":   func(r *bank.DirectDebitRun) { r.Debits[0].Debtor.Name = "東京" },
		"creditor no IBAN": func(r *bank.DirectDebitRun) { r.Creditor.IBAN = "" },
	} {
		run := h201DebitRun()
		edit(&run)
		var buf bytes.Buffer
		err := bank.WritePain008(&buf, run)
		assert.ErrorIs(t, err, bank.ErrDirectDebit, name)
		assert.Zero(t, buf.Len(), name)
	}
}
