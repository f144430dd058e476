package bank

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// ErrTransfer is returned for a credit transfer run a SEPA file cannot
// carry: not in euros, an amount outside 0.01–999 999 999.99, a party
// without a name or IBAN, an identifier empty or longer than 35
// characters, two payments with one end-to-end id, no payment, no
// creation time, a payment to an account outside the EEA without its
// bank's BIC or without the debtor's address.
var ErrTransfer = errors.New("bank: invalid SEPA credit transfer")

// Party is the debtor or a creditor of a credit transfer.
type Party struct {
	Name    string         // required; written in the EPC character set, cut at 70 characters
	Address ledger.Address // structured; optional
	IBAN    ident.IBAN     // required
	BIC     ident.BIC      // optional inside the EEA, required for a creditor's bank outside it
}

// CreditTransfer is one payment of a run.
type CreditTransfer struct {
	// EndToEndID comes back on the creditor's statement and on ours: the
	// payment's reference in the book, so that the returned statement line
	// clears it.
	EndToEndID string
	Amount     currency.Amount // euros
	Creditor   Party           // the supplier paid: name and IBAN required
	// Remittance is the text the creditor reads (their invoice number);
	// CreditorRef, when set instead, a structured creditor reference
	// (ISO 11649 RF…), which SEPA files carry apart.
	Remittance  string
	CreditorRef string // the structured creditor reference, set instead of Remittance
	// ExecutionDate is when the bank executes it; zero takes the run's.
	ExecutionDate journal.Date
}

// CreditTransferRun is a batch of SEPA credit transfers from one account:
// a supplier payment run.
type CreditTransferRun struct {
	// MsgID identifies the file; written again for the same run it must
	// stay the same, so that the bank refuses a file sent twice.
	MsgID         string
	CreatedAt     time.Time        // when the file was made; written in UTC, with its "Z"
	Debtor        Party            // the company: the account debited
	ExecutionDate journal.Date     // when the bank executes the payments that set none
	Payments      []CreditTransfer // the transfers, at least one, each end-to-end id once
}

// The largest amount of one SEPA credit transfer.
var sepaMax = currency.MustParse(currency.MustLookup("EUR"), "999999999.99")

// WritePain001 writes a run as an ISO 20022 pain.001.001.09 file as the EPC
// SEPA credit transfer customer-to-bank guidelines (2023) restrict it: one
// payment information block per execution date, exact transaction counts
// and control sums, names and remittance texts transliterated to the EPC
// character set and cut to their fields' lengths, no byte-order mark. It
// returns ErrTransfer, writing nothing, for a run it cannot carry.
func WritePain001(w io.Writer, run CreditTransferRun) error {
	doc, err := pain001Of(run)
	if err != nil {
		return err
	}
	return writeXML(w, doc, "pain.001")
}

// writeXML writes a SEPA document: the XML header, the document indented,
// a final newline, no byte-order mark. Nothing is written when the
// document cannot be marshalled.
func writeXML(w io.Writer, doc any, what string) error {
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("bank: writing %s: %w", what, err)
	}
	// The apostrophe is in the EPC character set, and some banks' parsers
	// refuse character references: it is written as itself, as XML
	// allows in text and in attributes quoted with ". The encoder writes
	// it "&#39;" and nothing else so (a "&" of the text is "&amp;"), so
	// the replacement touches only apostrophes.
	out = bytes.ReplaceAll(out, []byte("&#39;"), []byte("'"))
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	if _, err := w.Write(out); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

type pDocument struct {
	XMLName xml.Name `xml:"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09 Document"`
	Init    struct {
		GrpHdr struct {
			MsgID    string  `xml:"MsgId"`
			CreDtTm  string  `xml:"CreDtTm"`
			NbOfTxs  int     `xml:"NbOfTxs"`
			CtrlSum  string  `xml:"CtrlSum"`
			InitgPty pParty0 `xml:"InitgPty"`
		} `xml:"GrpHdr"`
		PmtInf []pPmtInf `xml:"PmtInf"`
	} `xml:"CstmrCdtTrfInitn"`
}

type pParty0 struct {
	Nm string `xml:"Nm"`
}

type pParty struct {
	Nm      string    `xml:"Nm"`
	PstlAdr *pAddress `xml:"PstlAdr,omitempty"`
}

type pAddress struct {
	StrtNm string `xml:"StrtNm,omitempty"`
	BldgNb string `xml:"BldgNb,omitempty"`
	PstCd  string `xml:"PstCd,omitempty"`
	TwnNm  string `xml:"TwnNm,omitempty"`
	Ctry   string `xml:"Ctry,omitempty"`
}

type pAcct struct {
	IBAN string `xml:"Id>IBAN"`
}

type pAgent struct {
	FinInstnID struct {
		BICFI string  `xml:"BICFI,omitempty"`
		Othr  *pOther `xml:"Othr,omitempty"`
	} `xml:"FinInstnId"`
}

type pOther struct {
	ID string `xml:"Id"`
}

type pPmtInf struct {
	PmtInfID    string `xml:"PmtInfId"`
	PmtMtd      string `xml:"PmtMtd"`
	NbOfTxs     int    `xml:"NbOfTxs"`
	CtrlSum     string `xml:"CtrlSum"`
	SvcLvl      string `xml:"PmtTpInf>SvcLvl>Cd"`
	ReqdExctnDt string `xml:"ReqdExctnDt>Dt"`
	Dbtr        pParty `xml:"Dbtr"`
	DbtrAcct    pAcct  `xml:"DbtrAcct"`
	DbtrAgt     pAgent `xml:"DbtrAgt"`
	ChrgBr      string `xml:"ChrgBr"`
	Txs         []pTx  `xml:"CdtTrfTxInf"`
}

type pTx struct {
	EndToEndID string  `xml:"PmtId>EndToEndId"`
	Amt        pAmount `xml:"Amt>InstdAmt"`
	CdtrAgt    *pAgent `xml:"CdtrAgt,omitempty"`
	Cdtr       pParty  `xml:"Cdtr"`
	CdtrAcct   pAcct   `xml:"CdtrAcct"`
	RmtInf     *pRmt   `xml:"RmtInf,omitempty"`
}

type pAmount struct {
	Ccy   string `xml:"Ccy,attr"`
	Value string `xml:",chardata"`
}

type pRmt struct {
	Ustrd string    `xml:"Ustrd,omitempty"`
	Strd  *pCdtrRef `xml:"Strd,omitempty"`
}

type pCdtrRef struct {
	Cd  string `xml:"CdtrRefInf>Tp>CdOrPrtry>Cd"`
	Ref string `xml:"CdtrRefInf>Ref"`
}

func pParty1(p Party) pParty {
	out := pParty{Nm: EPCText(p.Name, 70)}
	if a := p.Address; !a.IsZero() {
		out.PstlAdr = &pAddress{StrtNm: EPCText(a.Street, 70), BldgNb: EPCText(a.BuildingNumber, 16),
			PstCd: EPCText(a.PostCode, 16), TwnNm: EPCText(a.Town, 35), Ctry: a.Country}
	}
	return out
}

func pAgentOf(b ident.BIC) pAgent {
	var a pAgent
	if b == "" {
		a.FinInstnID.Othr = &pOther{ID: "NOTPROVIDED"}
	} else {
		a.FinInstnID.BICFI = string(b)
	}
	return a
}

// sepaParty checks a party of a SEPA file and puts its identifiers in
// their canonical form, which the schemas' patterns require; kind is the
// file's error (ErrTransfer, ErrDirectDebit).
func sepaParty(kind error, what string, p *Party) error {
	iban, err := ident.SEPAParty(p.Name, string(p.IBAN), !p.Address.IsZero(), p.Address.Town, p.Address.Country)
	if err != nil {
		return fmt.Errorf("%w: the %s %q: %v", kind, what, p.Name, err)
	}
	p.IBAN = iban
	if p.BIC != "" {
		if p.BIC, err = ident.ParseBIC(string(p.BIC)); err != nil {
			return fmt.Errorf("%w: the %s %q: %v", kind, what, p.Name, err)
		}
	}
	return nil
}

// pain001Of checks a run and builds its document.
func pain001Of(run CreditTransferRun) (*pDocument, error) {
	eur := currency.MustLookup("EUR")
	id := func(what, s string) error { return sepaID(ErrTransfer, what, s) }
	party := func(what string, p *Party) error { return sepaParty(ErrTransfer, what, p) }
	run.Payments = slices.Clone(run.Payments)
	if err := id("message id", run.MsgID); err != nil {
		return nil, err
	}
	if run.CreatedAt.IsZero() {
		return nil, fmt.Errorf("%w: the file's creation time (CreatedAt) is not set", ErrTransfer)
	}
	if err := party("debtor", &run.Debtor); err != nil {
		return nil, err
	}
	if len(run.Payments) == 0 {
		return nil, fmt.Errorf("%w: a run without payments", ErrTransfer)
	}
	seen := map[string]bool{}
	byDate := map[journal.Date][]CreditTransfer{}
	var dates []journal.Date
	total := currency.Zero(eur)
	for i := range run.Payments {
		p := &run.Payments[i]
		if err := id("end-to-end id", p.EndToEndID); err != nil {
			return nil, err
		}
		if seen[p.EndToEndID] {
			return nil, fmt.Errorf("%w: end-to-end id %s given twice", ErrTransfer, p.EndToEndID)
		}
		seen[p.EndToEndID] = true
		if !p.Amount.IsSet() || p.Amount.Currency() != eur || p.Amount.Sign() <= 0 || mustCmpEUR(p.Amount, sepaMax) > 0 {
			return nil, fmt.Errorf("%w: payment %d (%s) of %s: SEPA transfers are 0.01 to 999 999 999.99 EUR", ErrTransfer, i+1, p.EndToEndID, p.Amount)
		}
		if err := party("creditor", &p.Creditor); err != nil {
			return nil, err
		}
		if err := ident.SEPAReach(p.Creditor.IBAN, p.Creditor.BIC, !run.Debtor.Address.IsZero()); err != nil {
			return nil, fmt.Errorf("%w: payment %s to %q: %v", ErrTransfer, p.EndToEndID, p.Creditor.Name, err)
		}
		if p.CreditorRef != "" {
			if _, ok := ident.ParseCreditorReference(p.CreditorRef); !ok {
				return nil, fmt.Errorf("%w: payment %s: %q is not an ISO 11649 creditor reference", ErrTransfer, p.EndToEndID, p.CreditorRef)
			}
		}
		d := p.ExecutionDate
		if d.IsZero() {
			d = run.ExecutionDate
		}
		if d.IsZero() {
			return nil, fmt.Errorf("%w: payment %s has no execution date", ErrTransfer, p.EndToEndID)
		}
		if byDate[d] == nil {
			dates = append(dates, d)
		}
		byDate[d] = append(byDate[d], *p)
		total, _ = total.Add(p.Amount)
	}
	slices.SortFunc(dates, journal.Date.Compare)
	doc := &pDocument{}
	h := &doc.Init.GrpHdr
	h.MsgID = run.MsgID
	h.CreDtTm = run.CreatedAt.UTC().Format("2006-01-02T15:04:05Z")
	h.NbOfTxs = len(run.Payments)
	h.CtrlSum = total.Plain()
	h.InitgPty.Nm = EPCText(run.Debtor.Name, 70)
	for k, d := range dates {
		ps := byDate[d]
		sum := currency.Zero(eur)
		for _, p := range ps {
			sum, _ = sum.Add(p.Amount)
		}
		suffix := fmt.Sprintf("-%d", k+1)
		inf := pPmtInf{PmtInfID: run.MsgID[:min(len(run.MsgID), 35-len(suffix))] + suffix, PmtMtd: "TRF", NbOfTxs: len(ps), CtrlSum: sum.Plain(),
			SvcLvl: "SEPA", ReqdExctnDt: d.String(), Dbtr: pParty1(run.Debtor), DbtrAcct: pAcct{IBAN: string(run.Debtor.IBAN)},
			DbtrAgt: pAgentOf(run.Debtor.BIC), ChrgBr: "SLEV"}
		for _, p := range ps {
			tx := pTx{EndToEndID: p.EndToEndID, Amt: pAmount{Ccy: "EUR", Value: p.Amount.Plain()}, Cdtr: pParty1(p.Creditor),
				CdtrAcct: pAcct{IBAN: string(p.Creditor.IBAN)}}
			if p.Creditor.BIC != "" {
				a := pAgentOf(p.Creditor.BIC)
				tx.CdtrAgt = &a
			}
			switch {
			case p.CreditorRef != "":
				// The electronic form: no spaces nor dashes, upper case
				// (ISO 11649), as the check above read it.
				body, _ := ident.ParseCreditorReference(p.CreditorRef)
				ref, err := ident.CreditorReference(body)
				if err != nil {
					return nil, fmt.Errorf("%w: payment %s: %v", ErrTransfer, p.EndToEndID, err)
				}
				tx.RmtInf = &pRmt{Strd: &pCdtrRef{Cd: "SCOR", Ref: ref}}
			case EPCText(p.Remittance, 140) != "":
				tx.RmtInf = &pRmt{Ustrd: EPCText(p.Remittance, 140)}
			}
			inf.Txs = append(inf.Txs, tx)
		}
		doc.Init.PmtInf = append(doc.Init.PmtInf, inf)
	}
	return doc, nil
}

// sepaID checks an identifier a SEPA file carries (a message id, an
// end-to-end id), returning kind when it is not one.
func sepaID(kind error, what, s string) error {
	if s == "" || len(s) > 35 || EPCText(s, 35) != s {
		return fmt.Errorf("%w: %s %q: 1 to 35 characters of the EPC set", kind, what, s)
	}
	// EPC: no identifier starts or ends with a slash or holds two.
	if strings.HasPrefix(s, "/") || strings.HasSuffix(s, "/") || strings.Contains(s, "//") {
		return fmt.Errorf("%w: %s %q: no leading, trailing or double slash", kind, what, s)
	}
	return nil
}

func mustCmpEUR(a, b currency.Amount) int {
	c, err := a.Cmp(b)
	if err != nil {
		return 1
	}
	return c
}
