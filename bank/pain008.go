package bank

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
)

// ErrDirectDebit is returned for a direct debit run a SEPA file cannot
// carry: not in euros, an amount outside 0.01–999 999 999.99, a party
// without a name or IBAN, an identifier empty or longer than 35
// characters, two debits with one end-to-end id, no debit, no creation
// time or collection date, a creditor identifier or mandate reference
// that is not one, a mandate without its signature date or signed after
// the collection date, an unknown sequence type, a debtor outside the
// EEA without its bank's BIC or its address, or a mandate amendment whose
// original account is no IBAN or is the one debited.
var ErrDirectDebit = errors.New("bank: invalid SEPA direct debit")

// The sequence types a direct debit may have (SeqTp).
var sequenceTypes = []string{"FRST", "RCUR", "OOFF", "FNAL"}

// DirectDebit is one collection of a run.
type DirectDebit struct {
	// EndToEndID comes back on the company's statement: the receipt's
	// reference in the book, so that the statement line clears it.
	EndToEndID    string
	Amount        currency.Amount // euros
	Debtor        Party           // the customer debited: name and IBAN required
	MandateID     string          // the mandate's unique reference (UMR)
	MandateSigned journal.Date    // the date the customer signed the mandate
	// Sequence is the sequence type: "OOFF" (one-off mandate), "FRST",
	// "RCUR" or "FNAL" (recurrent mandate).
	Sequence string
	// Remittance is the text the customer reads (the invoices' numbers).
	Remittance string
	// Amendment, when set, tells the debtor's bank that the mandate now
	// debits Debtor's account instead of another: set it on the first
	// debit after the change only.
	Amendment *MandateAmendment
}

// MandateAmendment is a change of the account a mandate debits, under the
// same mandate reference (a SEPA mandate amendment). The file carries the
// amendment indicator and, when both accounts are at one bank, the
// original IBAN; when the account moved to another bank, the code SMNDA
// (same mandate, new debtor agent) instead.
type MandateAmendment struct {
	OriginalIBAN ident.IBAN // the account the mandate debited before; required
	// OriginalBIC is the BIC of that account's bank, when known: where the
	// IBANs do not tell whether the two accounts are at one bank, the
	// BICs do; without both, they are taken for two banks.
	OriginalBIC ident.BIC
}

// DirectDebitRun is a batch of SEPA Core direct debits into one account:
// a collection run.
type DirectDebitRun struct {
	// MsgID identifies the file; written again for the same run it must
	// stay the same, so that the bank refuses a file sent twice.
	MsgID          string
	CreatedAt      time.Time        // when the file was made; written in UTC, with its "Z"
	Creditor       Party            // the company: the account credited
	CreditorID     ident.CreditorID // the company's SEPA creditor identifier (ICS)
	CollectionDate journal.Date     // the date the debtors' accounts are debited: a TARGET business day (TARGETClosed)
	Debits         []DirectDebit    // the collections, at least one, each end-to-end id once
}

// WritePain008 writes a run as an ISO 20022 pain.008.001.02 file, the
// version French banks take for SEPA Core direct debits: one payment
// information block per sequence type (FRST, RCUR, OOFF, FNAL, in that
// order), with the creditor's identifier, the mandate amendment of a
// debit that has one, exact transaction counts and control sums, names
// and remittance texts transliterated to the EPC character set and cut to
// their fields' lengths, no byte-order mark. It returns ErrDirectDebit,
// writing nothing, for a run it cannot carry.
func WritePain008(w io.Writer, run DirectDebitRun) error {
	doc, err := pain008Of(run)
	if err != nil {
		return err
	}
	return writeXML(w, doc, "pain.008")
}

type ddDocument struct {
	XMLName xml.Name `xml:"urn:iso:std:iso:20022:tech:xsd:pain.008.001.02 Document"`
	Init    struct {
		GrpHdr struct {
			MsgID    string  `xml:"MsgId"`
			CreDtTm  string  `xml:"CreDtTm"`
			NbOfTxs  int     `xml:"NbOfTxs"`
			CtrlSum  string  `xml:"CtrlSum"`
			InitgPty pParty0 `xml:"InitgPty"`
		} `xml:"GrpHdr"`
		PmtInf []ddPmtInf `xml:"PmtInf"`
	} `xml:"CstmrDrctDbtInitn"`
}

// ddAgent is a bank in pain.008.001.02, which names its BIC "BIC".
type ddAgent struct {
	FinInstnID struct {
		BIC  string  `xml:"BIC,omitempty"`
		Othr *pOther `xml:"Othr,omitempty"`
	} `xml:"FinInstnId"`
}

type ddPmtInf struct {
	PmtInfID     string     `xml:"PmtInfId"`
	PmtMtd       string     `xml:"PmtMtd"`
	NbOfTxs      int        `xml:"NbOfTxs"`
	CtrlSum      string     `xml:"CtrlSum"`
	SvcLvl       string     `xml:"PmtTpInf>SvcLvl>Cd"`
	LclInstrm    string     `xml:"PmtTpInf>LclInstrm>Cd"`
	SeqTp        string     `xml:"PmtTpInf>SeqTp"`
	ReqdColltnDt string     `xml:"ReqdColltnDt"`
	Cdtr         pParty     `xml:"Cdtr"`
	CdtrAcct     pAcct      `xml:"CdtrAcct"`
	CdtrAgt      ddAgent    `xml:"CdtrAgt"`
	ChrgBr       string     `xml:"ChrgBr"`
	CdtrSchmeID  ddSchemeID `xml:"CdtrSchmeId"`
	Txs          []ddTx     `xml:"DrctDbtTxInf"`
}

type ddSchemeID struct {
	ID   string `xml:"Id>PrvtId>Othr>Id"`
	Prty string `xml:"Id>PrvtId>Othr>SchmeNm>Prtry"`
}

type ddTx struct {
	EndToEndID    string       `xml:"PmtId>EndToEndId"`
	Amt           pAmount      `xml:"InstdAmt"`
	MndtID        string       `xml:"DrctDbtTx>MndtRltdInf>MndtId"`
	DtOfSgntr     string       `xml:"DrctDbtTx>MndtRltdInf>DtOfSgntr"`
	AmdmntInd     string       `xml:"DrctDbtTx>MndtRltdInf>AmdmntInd,omitempty"`
	AmdmntInfDtls *ddAmendment `xml:"DrctDbtTx>MndtRltdInf>AmdmntInfDtls,omitempty"`
	DbtrAgt       ddAgent      `xml:"DbtrAgt"`
	Dbtr          pParty       `xml:"Dbtr"`
	DbtrAcct      pAcct        `xml:"DbtrAcct"`
	RmtInf        *pRmt        `xml:"RmtInf,omitempty"`
}

// ddAmendment is a mandate amendment's details: the original account at
// the same bank, or the code SMNDA as the original agent for another bank.
type ddAmendment struct {
	OrgnlDbtrAcct *pAcct   `xml:"OrgnlDbtrAcct,omitempty"`
	OrgnlDbtrAgt  *ddAgent `xml:"OrgnlDbtrAgt,omitempty"`
}

// amendmentOf is the details of amendment a of a debit from account to.
func amendmentOf(a *MandateAmendment, to Party) *ddAmendment {
	if sameBank(a.OriginalIBAN, a.OriginalBIC, to.IBAN, to.BIC) {
		return &ddAmendment{OrgnlDbtrAcct: &pAcct{IBAN: string(a.OriginalIBAN)}}
	}
	agent := ddAgent{}
	agent.FinInstnID.Othr = &pOther{ID: "SMNDA"}
	return &ddAmendment{OrgnlDbtrAgt: &agent}
}

// ibanBankCodes is where an IBAN of a country carries its bank's code:
// the characters [from, to) of the IBAN (ISO 13616 registry).
var ibanBankCodes = map[string][2]int{
	"FR": {4, 9}, "MC": {4, 9}, "DE": {4, 12}, "ES": {4, 8}, "IT": {5, 10}, "SM": {5, 10}, "BE": {4, 7}, "NL": {4, 8},
	"LU": {4, 7}, "PT": {4, 8}, "AT": {4, 9}, "CH": {4, 9}, "LI": {4, 9}, "GB": {4, 8}, "IE": {4, 8},
}

// sameBank reports whether accounts a and b (with their banks' BICs, when
// known) are at one bank: by the bank codes their IBANs carry where the
// country's IBAN has one at a known place, else by the BICs' bank and
// country; without either, they are taken for two banks.
func sameBank(a ident.IBAN, abic ident.BIC, b ident.IBAN, bbic ident.BIC) bool {
	if a.Country() != b.Country() {
		return false
	}
	if at, ok := ibanBankCodes[a.Country()]; ok && len(a) >= at[1] && len(b) >= at[1] {
		return a[at[0]:at[1]] == b[at[0]:at[1]]
	}
	return len(abic) >= 6 && len(bbic) >= 6 && abic[:6] == bbic[:6]
}

func ddAgentOf(b ident.BIC) ddAgent {
	var a ddAgent
	if b == "" {
		a.FinInstnID.Othr = &pOther{ID: "NOTPROVIDED"}
	} else {
		a.FinInstnID.BIC = string(b)
	}
	return a
}

// pain008Of checks a run and builds its document.
func pain008Of(run DirectDebitRun) (*ddDocument, error) {
	eur := currency.MustLookup("EUR")
	party := func(what string, p *Party) error { return sepaParty(ErrDirectDebit, what, p) }
	run.Debits = slices.Clone(run.Debits)
	if err := sepaID(ErrDirectDebit, "message id", run.MsgID); err != nil {
		return nil, err
	}
	if run.CreatedAt.IsZero() {
		return nil, fmt.Errorf("%w: the file's creation time (CreatedAt) is not set", ErrDirectDebit)
	}
	if run.CollectionDate.IsZero() {
		return nil, fmt.Errorf("%w: the collection date (CollectionDate) is not set", ErrDirectDebit)
	}
	if err := party("creditor", &run.Creditor); err != nil {
		return nil, err
	}
	ics, err := ident.ParseCreditorID(string(run.CreditorID))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDirectDebit, err)
	}
	if len(run.Debits) == 0 {
		return nil, fmt.Errorf("%w: a run without debits", ErrDirectDebit)
	}
	seen := map[string]bool{}
	bySeq := map[string][]DirectDebit{}
	total := currency.Zero(eur)
	for i := range run.Debits {
		p := &run.Debits[i]
		if err := sepaID(ErrDirectDebit, "end-to-end id", p.EndToEndID); err != nil {
			return nil, err
		}
		if seen[p.EndToEndID] {
			return nil, fmt.Errorf("%w: end-to-end id %s given twice", ErrDirectDebit, p.EndToEndID)
		}
		seen[p.EndToEndID] = true
		if !p.Amount.IsSet() || p.Amount.Currency() != eur || p.Amount.Sign() <= 0 || mustCmpEUR(p.Amount, sepaMax) > 0 {
			return nil, fmt.Errorf("%w: debit %d (%s) of %s: SEPA direct debits are 0.01 to 999 999 999.99 EUR", ErrDirectDebit, i+1, p.EndToEndID, p.Amount)
		}
		if err := party("debtor", &p.Debtor); err != nil {
			return nil, err
		}
		if !ident.InEEA(p.Debtor.IBAN) && (p.Debtor.BIC == "" || p.Debtor.Address.IsZero()) {
			return nil, fmt.Errorf("%w: debit %s from %q: an account outside the EEA needs its bank's BIC and the debtor's address",
				ErrDirectDebit, p.EndToEndID, p.Debtor.Name)
		}
		if _, err := ident.ParseMandateReference(p.MandateID); err != nil {
			return nil, fmt.Errorf("%w: debit %s: %w", ErrDirectDebit, p.EndToEndID, err)
		}
		if p.MandateSigned.IsZero() || p.MandateSigned.After(run.CollectionDate) {
			return nil, fmt.Errorf("%w: debit %s: mandate %s needs its signature date, on or before the collection date %s",
				ErrDirectDebit, p.EndToEndID, p.MandateID, run.CollectionDate)
		}
		if a := p.Amendment; a != nil {
			orig, err := ident.ParseIBAN(string(a.OriginalIBAN))
			if err != nil {
				return nil, fmt.Errorf("%w: debit %s: the original account of mandate %s's amendment: %w", ErrDirectDebit, p.EndToEndID, p.MandateID, err)
			}
			if orig == p.Debtor.IBAN {
				return nil, fmt.Errorf("%w: debit %s: mandate %s's amendment names the account debited, %s, as the original: leave the amendment out",
					ErrDirectDebit, p.EndToEndID, p.MandateID, orig)
			}
			bic := a.OriginalBIC
			if bic != "" {
				if bic, err = ident.ParseBIC(string(bic)); err != nil {
					return nil, fmt.Errorf("%w: debit %s: the original bank of mandate %s's amendment: %w", ErrDirectDebit, p.EndToEndID, p.MandateID, err)
				}
			}
			p.Amendment = &MandateAmendment{OriginalIBAN: orig, OriginalBIC: bic}
		}
		if !slices.Contains(sequenceTypes, p.Sequence) {
			return nil, fmt.Errorf("%w: debit %s: sequence type %q, not one of %v", ErrDirectDebit, p.EndToEndID, p.Sequence, sequenceTypes)
		}
		bySeq[p.Sequence] = append(bySeq[p.Sequence], *p)
		total, _ = total.Add(p.Amount)
	}
	doc := &ddDocument{}
	h := &doc.Init.GrpHdr
	h.MsgID = run.MsgID
	h.CreDtTm = run.CreatedAt.UTC().Format("2006-01-02T15:04:05Z")
	h.NbOfTxs = len(run.Debits)
	h.CtrlSum = total.Plain()
	h.InitgPty.Nm = EPCText(run.Creditor.Name, 70)
	k := 0
	for _, seq := range sequenceTypes {
		ds := bySeq[seq]
		if len(ds) == 0 {
			continue
		}
		k++
		sum := currency.Zero(eur)
		for _, p := range ds {
			sum, _ = sum.Add(p.Amount)
		}
		// The same ids as a transfer file's blocks: a statement naming
		// the block is read the same way.
		suffix := fmt.Sprintf("-%d", k)
		inf := ddPmtInf{PmtInfID: run.MsgID[:min(len(run.MsgID), 35-len(suffix))] + suffix, PmtMtd: "DD", NbOfTxs: len(ds),
			CtrlSum: sum.Plain(), SvcLvl: "SEPA", LclInstrm: "CORE", SeqTp: seq, ReqdColltnDt: run.CollectionDate.String(),
			Cdtr: pParty1(run.Creditor), CdtrAcct: pAcct{IBAN: string(run.Creditor.IBAN)}, CdtrAgt: ddAgentOf(run.Creditor.BIC),
			ChrgBr: "SLEV", CdtrSchmeID: ddSchemeID{ID: string(ics), Prty: "SEPA"}}
		for _, p := range ds {
			tx := ddTx{EndToEndID: p.EndToEndID, Amt: pAmount{Ccy: "EUR", Value: p.Amount.Plain()}, MndtID: p.MandateID,
				DtOfSgntr: p.MandateSigned.String(), DbtrAgt: ddAgentOf(p.Debtor.BIC), Dbtr: pParty1(p.Debtor),
				DbtrAcct: pAcct{IBAN: string(p.Debtor.IBAN)}}
			if p.Amendment != nil {
				tx.AmdmntInd, tx.AmdmntInfDtls = "true", amendmentOf(p.Amendment, p.Debtor)
			}
			if r := EPCText(p.Remittance, remittanceMax); r != "" {
				tx.RmtInf = &pRmt{Ustrd: r}
			}
			inf.Txs = append(inf.Txs, tx)
		}
		doc.Init.PmtInf = append(doc.Init.PmtInf, inf)
	}
	return doc, nil
}
