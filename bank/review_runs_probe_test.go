package bank_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/stretchr/testify/require"
)

// Refusals of WritePain001: typed, nothing written.
func TestReviewRunsProbePainRefusals(t *testing.T) {
	usd := currency.MustLookup("USD")
	for name, mut := range map[string]func(r *bank.CreditTransferRun){
		"zero amount":      func(r *bank.CreditTransferRun) { r.Payments[0].Amount = reviewE("0.00") },
		"negative amount":  func(r *bank.CreditTransferRun) { r.Payments[0].Amount = reviewE("-1.00") },
		"too large":        func(r *bank.CreditTransferRun) { r.Payments[0].Amount = reviewE("1000000000.00") },
		"usd":              func(r *bank.CreditTransferRun) { r.Payments[0].Amount = currency.MustParse(usd, "1.00") },
		"duplicate e2e":    func(r *bank.CreditTransferRun) { r.Payments[1].EndToEndID = r.Payments[0].EndToEndID },
		"e2e 36":           func(r *bank.CreditTransferRun) { r.Payments[0].EndToEndID = strings.Repeat("E", 36) },
		"msgid 36":         func(r *bank.CreditTransferRun) { r.MsgID = strings.Repeat("M", 36) },
		"msgid accent":     func(r *bank.CreditTransferRun) { r.MsgID = "RUN-é" },
		"bad iban":         func(r *bank.CreditTransferRun) { r.Payments[0].Creditor.IBAN = "FR7630006000011234567890188" },
		"bad bic":          func(r *bank.CreditTransferRun) { r.Payments[0].Creditor.BIC = "XXXX" },
		"no creditor name": func(r *bank.CreditTransferRun) { r.Payments[0].Creditor.Name = "  " },
		"no payments":      func(r *bank.CreditTransferRun) { r.Payments = nil },
		"bad creditor ref": func(r *bank.CreditTransferRun) { r.Payments[1].CreditorRef = "RF00 1234" },
	} {
		run := sampleRun()
		mut(&run)
		var buf bytes.Buffer
		require.ErrorIs(t, bank.WritePain001(&buf, run), bank.ErrTransfer, name)
		require.Zero(t, buf.Len(), name)
	}
}

// Counts and sums per PmtInf and in total, validated against the schema.
func TestReviewRunsProbePainSums(t *testing.T) {
	out := r15bLint(t, sampleRun())
	require.Equal(t, 1, strings.Count(out, "<NbOfTxs>3</NbOfTxs>"))
	require.Contains(t, out, "<CtrlSum>1714.57</CtrlSum>")
	require.Contains(t, out, "<NbOfTxs>2</NbOfTxs>\n      <CtrlSum>1714.56</CtrlSum>")
	require.Contains(t, out, "<NbOfTxs>1</NbOfTxs>\n      <CtrlSum>0.01</CtrlSum>")
	require.False(t, strings.HasPrefix(out, "\xef\xbb\xbf"))
}
