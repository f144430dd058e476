package bank_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/stretchr/testify/require"
)

func hrev145EUR(s string) currency.Amount { return currency.MustParse(currency.MustLookup("EUR"), s) }

func hrev145Run() bank.CreditTransferRun {
	return bank.CreditTransferRun{
		MsgID:         "RUN-2026-04-H145",
		CreatedAt:     time.Date(2026, 4, 2, 9, 30, 0, 0, time.FixedZone("CEST", 2*3600)),
		Debtor:        bank.Party{Name: "Société Générale d'Études & Cie", IBAN: "fr76 3000 6000 0112 3456 7890 189", BIC: "bnpafrpp"},
		ExecutionDate: journal.MustDate(2026, 4, 3),
		Payments: []bank.CreditTransfer{
			{EndToEndID: "H145-1", Amount: hrev145EUR("1200"), Creditor: bank.Party{Name: "Müller & Söhne GmbH", IBAN: "DE89370400440532013000",
				Address: ledger.Address{Street: "Königstraße", BuildingNumber: "12", PostCode: "70173", Town: "Stuttgart", Country: "DE"}},
				Remittance: "Facture n° 2026/001 — échéance"},
			{EndToEndID: "H145-2", Amount: hrev145EUR("0.01"), Creditor: bank.Party{Name: "Παπαδόπουλος ΑΕ", IBAN: "GR1601101250000000012300695"},
				CreditorRef: "RF18 5390 0754 7034", ExecutionDate: journal.MustDate(2026, 4, 10)},
			{EndToEndID: "H145-3", Amount: hrev145EUR("999999999.99"), Creditor: bank.Party{Name: "O'Brien Ltd", IBAN: "IE29AIBK93115212345678"},
				ExecutionDate: journal.MustDate(2026, 4, 3)},
		},
	}
}

type hrev145Doc struct {
	GrpHdr struct {
		MsgID   string `xml:"MsgId"`
		CreDtTm string `xml:"CreDtTm"`
		NbOfTxs string `xml:"NbOfTxs"`
		CtrlSum string `xml:"CtrlSum"`
		Nm      string `xml:"InitgPty>Nm"`
	} `xml:"CstmrCdtTrfInitn>GrpHdr"`
	PmtInf []struct {
		ID       string `xml:"PmtInfId"`
		NbOfTxs  string `xml:"NbOfTxs"`
		CtrlSum  string `xml:"CtrlSum"`
		Dt       string `xml:"ReqdExctnDt>Dt"`
		Dbtr     string `xml:"Dbtr>Nm"`
		DbtrIBAN string `xml:"DbtrAcct>Id>IBAN"`
		BIC      string `xml:"DbtrAgt>FinInstnId>BICFI"`
		Txs      []struct {
			E2E    string `xml:"PmtId>EndToEndId"`
			Amt    string `xml:"Amt>InstdAmt"`
			Nm     string `xml:"Cdtr>Nm"`
			Street string `xml:"Cdtr>PstlAdr>StrtNm"`
			IBAN   string `xml:"CdtrAcct>Id>IBAN"`
			Ustrd  string `xml:"RmtInf>Ustrd"`
			Ref    string `xml:"RmtInf>Strd>CdtrRefInf>Ref"`
		} `xml:"CdtTrfTxInf"`
	} `xml:"CstmrCdtTrfInitn>PmtInf"`
}

func hrev145Lint(t *testing.T, data []byte) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Log("xmllint not installed: schema not checked")
		return
	}
	path := filepath.Join(t.TempDir(), "p.xml")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	out, err := exec.Command("xmllint", "--noout", "--schema", "testdata/pain.001.001.09.xsd", path).CombinedOutput()
	require.NoError(t, err, string(out))
}

func TestHrev145Pain001(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, bank.WritePain001(&buf, hrev145Run()))
	hrev145Lint(t, buf.Bytes())
	require.False(t, bytes.HasPrefix(buf.Bytes(), []byte("\xef\xbb\xbf")))
	var d hrev145Doc
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &d))
	require.Equal(t, "RUN-2026-04-H145", d.GrpHdr.MsgID)
	require.Equal(t, "2026-04-02T07:30:00Z", d.GrpHdr.CreDtTm, "UTC, said so: without the Z the time reads as local")
	require.Equal(t, "3", d.GrpHdr.NbOfTxs)
	require.Equal(t, "1000001200.00", d.GrpHdr.CtrlSum)
	require.Equal(t, "Societe Generale d'Etudes + Cie", d.GrpHdr.Nm)
	require.Len(t, d.PmtInf, 2)
	p1, p2 := d.PmtInf[0], d.PmtInf[1]
	require.Equal(t, "2026-04-03", p1.Dt)
	require.Equal(t, "2", p1.NbOfTxs)
	require.Equal(t, "1000001199.99", p1.CtrlSum)
	require.Equal(t, "FR7630006000011234567890189", p1.DbtrIBAN)
	require.Equal(t, "BNPAFRPP", p1.BIC)
	require.Equal(t, "H145-1", p1.Txs[0].E2E)
	require.Equal(t, "1200.00", p1.Txs[0].Amt)
	require.Equal(t, "Muller + Sohne GmbH", p1.Txs[0].Nm)
	require.Equal(t, "Konigstrasse", p1.Txs[0].Street)
	require.Equal(t, "Facture n. 2026/001 - echeance", p1.Txs[0].Ustrd)
	require.Equal(t, "999999999.99", p1.Txs[1].Amt)
	require.Equal(t, "O'Brien Ltd", p1.Txs[1].Nm)
	require.Equal(t, "2026-04-10", p2.Dt)
	require.Equal(t, "1", p2.NbOfTxs)
	require.Equal(t, "0.01", p2.CtrlSum)
	require.Equal(t, "0.01", p2.Txs[0].Amt)
	require.Equal(t, "Papadopoulos AE", p2.Txs[0].Nm)
	require.Equal(t, "RF18539007547034", p2.Txs[0].Ref)
	require.NotEqual(t, p1.ID, p2.ID)

	// Written again: the same bytes.
	var again bytes.Buffer
	require.NoError(t, bank.WritePain001(&again, hrev145Run()))
	require.Equal(t, buf.String(), again.String())
}

func TestHrev145Pain001Refused(t *testing.T) {
	for name, change := range map[string]func(*bank.CreditTransferRun){
		"zero amount":     func(r *bank.CreditTransferRun) { r.Payments[0].Amount = hrev145EUR("0") },
		"negative amount": func(r *bank.CreditTransferRun) { r.Payments[1].Amount = hrev145EUR("-5.00") },
		"too large":       func(r *bank.CreditTransferRun) { r.Payments[2].Amount = hrev145EUR("1000000000.00") },
		"not euros": func(r *bank.CreditTransferRun) {
			r.Payments[0].Amount = currency.MustParse(currency.MustLookup("USD"), "10.00")
		},
		"creditor IBAN check digits": func(r *bank.CreditTransferRun) { r.Payments[0].Creditor.IBAN = "DE89370400440532013001" },
		"debtor IBAN length":         func(r *bank.CreditTransferRun) { r.Debtor.IBAN = "FR763000600001123456789018" },
		"debtor BIC":                 func(r *bank.CreditTransferRun) { r.Debtor.BIC = "BNPA1RPP" },
		"no execution date": func(r *bank.CreditTransferRun) {
			r.ExecutionDate = journal.Date{}
		},
		"creditor country lower case": func(r *bank.CreditTransferRun) { r.Payments[0].Creditor.Address.Country = "de" },
		"bad creditor reference":      func(r *bank.CreditTransferRun) { r.Payments[1].CreditorRef = "RF19 5390 0754 7034" },
		"unset amount":                func(r *bank.CreditTransferRun) { r.Payments[0].Amount = currency.Amount{} },
	} {
		t.Run(name, func(t *testing.T) {
			run := hrev145Run()
			run.Payments = append([]bank.CreditTransfer(nil), run.Payments...)
			change(&run)
			var buf bytes.Buffer
			err := bank.WritePain001(&buf, run)
			if name == "creditor country lower case" && err == nil {
				// Accepted: then it must be written as the schema wants.
				hrev145Lint(t, buf.Bytes())
				return
			}
			require.ErrorIs(t, err, bank.ErrTransfer)
			require.Zero(t, buf.Len(), "nothing written")
		})
	}
}
