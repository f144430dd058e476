package bank

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"iter"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/internal/paris"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// Camt053 reads the statements of an ISO 20022 camt.053 file
// (bank-to-customer statement, versions .001.02 to .001.13; the namespace
// is not checked, only element names), one at a time: memory holds one
// statement, and the file is read up to opts.MaxBytes. The file is UTF-8
// (a byte order mark is skipped), UTF-16 with its byte order mark, or
// declares ISO-8859-1, ISO-8859-15 or Windows-1252; a byte order mark
// decides over the declaration. Consecutive pages of one statement (same
// id and account; interim booked balances ITBD between them) are one
// statement; a statement followed by its copy (of one page or several)
// is read once. A file holding some pages of a statement only (a bank
// splits a large one over several messages: it opens or closes at an
// interim balance) gives them as a statement of their own, its id
// followed by "/p" and its first page's number ("STMT-2026-03/p2"), so
// that each file's lines import, each page run opening where the one
// before closed. Each statement is checked (reconcile.BankStatement.Check)
// before it is yielded.
//
// What is read, where banks differ:
//   - Balances: the opening is OPBD (else PRCD, else the first ITBD), the
//     closing CLBD (else the last ITBD); a statement of several days
//     giving a pair a day opens at the earliest and closes at the latest.
//   - Entries: only booked ones count (Sts BOOK, as text or as <Cd>, or
//     no status); an entry of another status, or of a proprietary one
//     (<Prtry>), is left out as pending; an entry of zero is no movement and is left out; the
//     booking date is the value date when the bank gives none, and a
//     booking given as an instant in UTC is on its day in the zone of the
//     statement's period when that has one (Paris's, summer time
//     included, when its bounds keep Paris's offsets). It is a
//     reversal (reconcile.BankEntry.Reversal) when RvslInd is true or a
//     transaction carries RtrInf (the return of an earlier one). Its Ref is
//     AcctSvcrRef, else NtryRef (NONREF and NOTPROVIDED are none), else
//     the statement's id and the entry's position ("STMT-1#3"); a
//     reference an earlier entry of the statement already has gets its
//     rank ("REF/2").
//   - Batches: an entry with several TxDtls (a cheque deposit, a batch of
//     transfers) stays one entry — the bank booked one amount, and the
//     batch is matched whole — with one BankTransaction per TxDtls, each
//     with its own amount, references, party and remittance. Entries are
//     not split into one line per transaction. When every transaction
//     gives its amount in the account's currency, they sum to the entry's
//     amount, or to it with the entry's charges put back (transactions
//     booked gross, the charges taken from the entry); a batch that does
//     not add up is refused (ErrFormat, naming the entry and both sums).
//   - A batch's identification (reconcile.BankEntry.Batch) is the MsgId,
//     PmtInfId and NbOfTxs of the entry's first NtryDtls/Btch; an id that
//     Btch lacks (or all of them, without Btch) is the one every TxDtls
//     gives alike in its Refs, if they do. A Btch without ids names no
//     batch (its count is not kept); TtlAmt is not read.
//   - A transaction's amount is its Amt, else AmtDtls/TxAmt, else
//     AmtDtls/CntrValAmt, else AmtDtls/InstdAmt, the first in the
//     account's currency: a transfer
//     in another currency keeps the amount booked in the account's; none
//     leaves it unset. The amount the payer gave in another currency
//     (AmtDtls/InstdAmt, else Amt, in a currency other than the
//     account's) is its Instructed amount, signed as the transaction.
//   - Charges (Chrgs, of the entry and of each transaction) are what the
//     bank took out of the entry's amount, the tax on them included
//     (reconcile.BankEntry.Charges, reconcile.BankTransaction.Charges).
//     A Chrgs counts as its total of charges and tax (TtlChrgsAndTaxAmt)
//     when that is in the account's currency and each of its charges is
//     a debit included in the amount, in that currency, its tax (Tax/Amt)
//     too; else as its charges (the Chrgs itself up to .001.02, its
//     records, Rcrd, later) that are included in the amount —
//     ChrgInclInd true or absent: false only advises a charge — and in
//     the account's currency (others are not counted), each with its tax
//     in that currency, debits less credits. Every charge is checked,
//     counted or not. The entry's are its own Chrgs, else its
//     transactions' added up.
//   - The counterparty is the debtor of money in and the creditor of
//     money out (its name direct or under Pty; its account an IBAN, or
//     an IBAN given as Othr/Id); when that side is not given, or is the
//     account itself, the other side. A return or a reversal may name the
//     parties as the payment it undoes did: its counterparty is the side
//     with an account other than the statement's, else the payment's (the
//     debtor of a direct debit returned, though the money goes out).
//   - The remittance is the Ustrd lines joined, else the structured
//     remittance's document numbers and free text, else AddtlTxInf,
//     else a return's explanation (RtrInf/AddtlInf); the creditor
//     reference is the first Strd/CdtrRefInf/Ref that passes ISO 11649's
//     check, and any other is added to the remittance. A cheque number given
//     in Refs/ChqNb only is put first in the remittance ("CHQ 1234567 …").
//   - Texts: line breaks, tabs and runs of spaces become one space, and a
//     text longer than the book stores (journal.TextMax) is cut there.
//
// A statement that gives its period (FrToDt) has every entry booked
// within it (the days of its start and end included); an entry booked
// outside is refused with a *PeriodError. A statement without one has
// every entry booked on or before the day its closing balance (CLBD) is
// taken on, which holds the entries booked until then. The booking date checked is
// BookgDt, not the value date that stands in for it when the bank gives
// none: a value date may fall outside the period.
//
// Errors are ErrFormat with the line of the file, ErrTooLarge,
// reconcile.ErrStatement, or a *PeriodError (which is also an
// ErrStatement); the sequence stops at the first.
func Camt053(r io.Reader, opts ReadOptions) iter.Seq2[reconcile.BankStatement, error] {
	return func(yield func(reconcile.BankStatement, error) bool) {
		lr := opts.limit(r)
		in, bom := unicodeByBOM(lr)
		d := xml.NewDecoder(in)
		d.Strict = true
		d.CharsetReader = charsetReader
		if bom {
			d.CharsetReader = bomCharsetReader
		}
		found := false
		// A statement sent in pages (StmtPgntn) comes as consecutive
		// <Stmt> of one id: they are one statement, opening at the first
		// page's balance and closing at the last's.
		var pending *reconcile.BankStatement
		var pendingLine int
		var pages []reconcile.BankStatement // pending's pages as read, before they are joined
		var firstPg, lastPg xPgntn          // pending's first and last page's pagination
		flush := func() bool {
			if pending == nil {
				return true
			}
			s := *pending
			pending = nil
			s.ID = pagesID(s.ID, firstPg, lastPg)
			nameEntries(&s)
			err := s.Check()
			if err != nil {
				err = fmt.Errorf("line %d: %w", pendingLine, err)
			}
			return yield(s, err) && err == nil
		}
		for {
			tok, err := d.Token()
			if errors.Is(err, io.EOF) {
				if !found {
					yield(reconcile.BankStatement{}, fmt.Errorf("%w: no <Stmt> element: not a camt.053 statement file", ErrFormat))
					return
				}
				flush()
				return
			}
			if err != nil {
				yield(reconcile.BankStatement{}, lr.wrap(d, err))
				return
			}
			start, ok := tok.(xml.StartElement)
			if !ok || start.Name.Local != "Stmt" {
				continue
			}
			found = true
			line, _ := d.InputPos()
			s, pg, err := readStmt(d, start, lr)
			if err == nil {
				err = pageAddsUp(&s, line)
			}
			if err != nil {
				// The statements before it are good: they come first.
				if pending != nil && (pending.ID != s.ID || pending.Account != s.Account) && !flush() {
					return
				}
				yield(reconcile.BankStatement{}, err)
				return
			}
			if pending != nil && slices.ContainsFunc(pages, func(p reconcile.BankStatement) bool { return samePage(&s, &p) }) {
				continue // a copy (CpyDplctInd) of a page of the statement, after it
			}
			if pending != nil && pending.ID == s.ID && pending.Account == s.Account && pending.Currency == s.Currency {
				if !s.Opening.Equal(pending.Closing) {
					yield(reconcile.BankStatement{}, fmt.Errorf("line %d: %w: statement %s: a page opens at %s, the one before closed at %s",
						line, reconcile.ErrStatement, s.ID, s.Opening.Plain(), pending.Closing.Plain()))
					return
				}
				pending.Entries = append(pending.Entries, s.Entries...)
				pending.Closing, pending.ClosingDate = s.Closing, s.ClosingDate
				pages = append(pages, s)
				lastPg = pg
				continue
			}
			if !flush() {
				return
			}
			pending, pendingLine = &s, line
			pages = append(pages[:0], s)
			firstPg, lastPg = pg, pg
		}
	}
}

// xPgntn is a <Stmt>'s StmtPgntn (its page number), and whether the
// <Stmt> opens and closes at interim booked balances (ITBD) rather than
// at the statement's opening (OPBD, PRCD) and closing (CLBD).
type xPgntn struct {
	PgNb                  string `xml:"PgNb"`
	given                 bool
	opensITBD, closesITBD bool
}

// number is the page's number, 0 when not given or not a number.
func (p xPgntn) number() int {
	n, err := strconv.Atoi(strings.TrimSpace(p.PgNb))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// interimEnds reports which ends of a <Stmt> are interim balances: it
// opens at one when it gives no OPBD nor PRCD, closes at one when it
// gives no CLBD (balances reads them the same way).
func interimEnds(bals []xBal) (opens, closes bool) {
	opens, closes = true, true
	for _, b := range bals {
		switch strings.TrimSpace(b.Tp.CdOrPrtry.Cd) {
		case "OPBD", "PRCD":
			opens = false
		case "CLBD":
			closes = false
		}
	}
	return opens, closes
}

// pagesID is the id a statement read from some of its pages only is kept
// under: a bank sends a statement too large for one message as several
// files (GrpHdr/MsgPgntn, Stmt/StmtPgntn), each page with the statement's
// id and interim booked balances where a page ends and the next begins.
// Each file's pages are then a statement of their own, opening where the
// file before closed, with lines of their own: "STMT-2026-03/p2" for the
// pages from the second. A statement read whole — from an opening to a
// closing balance — or whose pages are not numbered keeps its id.
func pagesID(id string, first, last xPgntn) string {
	if !first.given || first.number() == 0 || !first.opensITBD && !last.closesITBD {
		return id
	}
	return fmt.Sprintf("%s/p%d", id, first.number())
}

// samePage reports whether two <Stmt> read hold the same: a bank may send
// a statement and its copy or duplicate in one file.
func samePage(a, b *reconcile.BankStatement) bool {
	if a.ID != b.ID || a.Account != b.Account || a.Currency != b.Currency || !a.Opening.Equal(b.Opening) || !a.Closing.Equal(b.Closing) ||
		a.OpeningDate != b.OpeningDate || a.ClosingDate != b.ClosingDate || len(a.Entries) != len(b.Entries) {
		return false
	}
	for i, e := range a.Entries {
		f := b.Entries[i]
		if e.Ref != f.Ref || !e.Amount.Equal(f.Amount) || e.BookingDate != f.BookingDate || e.Label != f.Label || len(e.Transactions) != len(f.Transactions) {
			return false
		}
	}
	return true
}

// nameEntries gives every entry of a statement a reference unique in it:
// an entry without one is named by the statement's id and its position
// ("STMT-1#3"); an entry whose bank reference an earlier entry already
// has — some banks give one reference to all the entries of a batch or
// a day — gets its rank after it ("REF/2"). Reading the same file again
// gives the same names.
func nameEntries(s *reconcile.BankStatement) {
	seen := make(map[string]bool, len(s.Entries))
	for i := range s.Entries {
		e := &s.Entries[i]
		if e.Ref == "" {
			e.Ref = fmt.Sprintf("%s#%d", s.ID, i+1)
		}
		if seen[e.Ref] {
			base := e.Ref
			for n := 2; seen[e.Ref]; n++ {
				e.Ref = fmt.Sprintf("%s/%d", base, n)
			}
		}
		seen[e.Ref] = true
	}
}

// pageAddsUp checks that one <Stmt> — a statement or a page of one —
// adds up: its opening balance and its entries make its closing balance.
func pageAddsUp(s *reconcile.BankStatement, line int) error {
	sum := s.Opening
	for _, e := range s.Entries {
		var err error
		if sum, err = sum.Add(e.Amount); err != nil {
			return fmt.Errorf("line %d: %w: statement %s: %v", line, reconcile.ErrStatement, s.ID, err)
		}
	}
	if !sum.Equal(s.Closing) {
		diff, _ := s.Closing.Sub(sum)
		return fmt.Errorf("line %d: %w: statement %s: opening %s + entries = %s, the closing balance is %s (%s apart)",
			line, reconcile.ErrStatement, s.ID, s.Opening.Plain(), sum.Plain(), s.Closing.Plain(), diff.Plain())
	}
	return nil
}

// ReadCamt053 reads every statement of a camt.053 file (see Camt053).
func ReadCamt053(r io.Reader, opts ReadOptions) ([]reconcile.BankStatement, error) {
	var out []reconcile.BankStatement
	for s, err := range Camt053(r, opts) {
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// The elements read, by local name: the shape of camt.053.001.02 and .08
// where they differ (a status as text or as a code, a party's name direct
// or under Pty, a transaction amount under AmtDtls or direct).

type xAmt struct {
	Value string `xml:",chardata"`
	Ccy   string `xml:"Ccy,attr"`
}

type xDate struct {
	Dt   string `xml:"Dt"`
	DtTm string `xml:"DtTm"`
}

type xAcct struct {
	ID struct {
		IBAN string `xml:"IBAN"`
		Othr struct {
			ID string `xml:"Id"`
		} `xml:"Othr"`
	} `xml:"Id"`
	Ccy string `xml:"Ccy"`
}

// iban returns the account's IBAN, given as such or as Othr/Id; empty
// when it has none.
func (a *xAcct) iban() ident.IBAN {
	for _, id := range [...]string{a.ID.IBAN, a.ID.Othr.ID} {
		if iban, err := ident.ParseIBAN(id); err == nil {
			return iban
		}
	}
	return ""
}

type xBal struct {
	Tp struct {
		CdOrPrtry struct {
			Cd    string `xml:"Cd"`
			Prtry string `xml:"Prtry"`
		} `xml:"CdOrPrtry"`
	} `xml:"Tp"`
	Amt       xAmt   `xml:"Amt"`
	CdtDbtInd string `xml:"CdtDbtInd"`
	Dt        xDate  `xml:"Dt"`
	line      int    // of the file, where the balance starts
}

type xParty struct {
	Nm  string `xml:"Nm"`
	Pty struct {
		Nm string `xml:"Nm"`
	} `xml:"Pty"`
}

func (p *xParty) name() string {
	if p.Nm != "" {
		return p.Nm
	}
	return p.Pty.Nm
}

type xTx struct {
	Refs struct {
		MsgID       string `xml:"MsgId"`
		PmtInfID    string `xml:"PmtInfId"`
		EndToEndID  string `xml:"EndToEndId"`
		AcctSvcrRef string `xml:"AcctSvcrRef"`
		ChqNb       string `xml:"ChqNb"`
	} `xml:"Refs"`
	Amt     xAmt `xml:"Amt"`
	AmtDtls struct {
		TxAmt struct {
			Amt xAmt `xml:"Amt"`
		} `xml:"TxAmt"`
		CntrValAmt struct {
			Amt xAmt `xml:"Amt"`
		} `xml:"CntrValAmt"`
		InstdAmt struct {
			Amt xAmt `xml:"Amt"`
		} `xml:"InstdAmt"`
	} `xml:"AmtDtls"`
	CdtDbtInd string `xml:"CdtDbtInd"`
	RltdPties struct {
		Dbtr     xParty `xml:"Dbtr"`
		DbtrAcct xAcct  `xml:"DbtrAcct"`
		Cdtr     xParty `xml:"Cdtr"`
		CdtrAcct xAcct  `xml:"CdtrAcct"`
	} `xml:"RltdPties"`
	RmtInf struct {
		Ustrd []string `xml:"Ustrd"`
		Strd  []struct {
			RfrdDocInf []struct {
				Nb string `xml:"Nb"`
			} `xml:"RfrdDocInf"`
			CdtrRefInf struct {
				Ref string `xml:"Ref"`
			} `xml:"CdtrRefInf"`
			AddtlRmtInf []string `xml:"AddtlRmtInf"`
		} `xml:"Strd"`
	} `xml:"RmtInf"`
	// RtrInf is given only on the return of an earlier transaction
	// (a pacs.004 booked): nil otherwise.
	RtrInf *struct {
		AddtlInf []string `xml:"AddtlInf"`
	} `xml:"RtrInf"`
	AddtlTxInf string   `xml:"AddtlTxInf"`
	Chrgs      []xChrgs `xml:"Chrgs"`
}

// xChrgs is a Chrgs element of an entry or a transaction: up to
// camt.053.001.02 one charge (ChargesInformation6: Amt, CdtDbtInd, Tax;
// the element repeats for several), from .001.03 on the charges as
// records (Rcrd); both may give their total, charges and tax
// (TtlChrgsAndTaxAmt).
type xChrgs struct {
	TtlChrgsAndTaxAmt xAmt      `xml:"TtlChrgsAndTaxAmt"`
	Amt               xAmt      `xml:"Amt"`
	CdtDbtInd         string    `xml:"CdtDbtInd"`
	ChrgInclInd       string    `xml:"ChrgInclInd"`
	Tax               xChrgTax  `xml:"Tax"`
	Rcrd              []xChrgRc `xml:"Rcrd"`
}

// xChrgRc is one charge of a Chrgs (ChargesRecord).
type xChrgRc struct {
	Amt         xAmt     `xml:"Amt"`
	CdtDbtInd   string   `xml:"CdtDbtInd"`
	ChrgInclInd string   `xml:"ChrgInclInd"`
	Tax         xChrgTax `xml:"Tax"`
}

// xChrgTax is the tax on a charge (TaxCharges2): its amount, which the
// bank takes with the charge.
type xChrgTax struct {
	Amt xAmt `xml:"Amt"`
}

type xNtry struct {
	NtryRef   string `xml:"NtryRef"`
	Amt       xAmt   `xml:"Amt"`
	CdtDbtInd string `xml:"CdtDbtInd"`
	RvslInd   string `xml:"RvslInd"`
	Sts       struct {
		Cd    string `xml:"Cd"`
		Prtry string `xml:"Prtry"`
		Text  string `xml:",chardata"`
	} `xml:"Sts"`
	BookgDt     xDate  `xml:"BookgDt"`
	ValDt       xDate  `xml:"ValDt"`
	AcctSvcrRef string `xml:"AcctSvcrRef"`
	BkTxCd      struct {
		Domn struct {
			Cd   string `xml:"Cd"`
			Fmly struct {
				Cd        string `xml:"Cd"`
				SubFmlyCd string `xml:"SubFmlyCd"`
			} `xml:"Fmly"`
		} `xml:"Domn"`
		Prtry struct {
			Cd string `xml:"Cd"`
		} `xml:"Prtry"`
	} `xml:"BkTxCd"`
	AddtlNtryInf string   `xml:"AddtlNtryInf"`
	Chrgs        []xChrgs `xml:"Chrgs"`
	NtryDtls     []struct {
		Btch   *xBtch `xml:"Btch"`
		TxDtls []xTx  `xml:"TxDtls"`
	} `xml:"NtryDtls"`
}

// xBtch is the batch details of an entry (NtryDtls/Btch): the payer's
// file ids and the number of transactions (TtlAmt is not read: the
// entry's amount is what the bank booked).
type xBtch struct {
	MsgID    string `xml:"MsgId"`
	PmtInfID string `xml:"PmtInfId"`
	NbOfTxs  string `xml:"NbOfTxs"`
}

// readStmt reads one <Stmt> element, child by child: the account first
// (the schema puts it before the entries), each entry converted as it is
// read, so that memory holds the statement's values, not its XML, and an
// error names the line of the element at fault.
func readStmt(d *xml.Decoder, start xml.StartElement, lr *limitReader) (reconcile.BankStatement, xPgntn, error) {
	var s reconcile.BankStatement
	var pg xPgntn
	var bals []xBal
	var accountRead bool
	var accountLine int
	var period *xPeriod
	var bookings []booking // the entries' booking dates, checked against the period at the end
	for {
		tok, err := d.Token()
		if err != nil {
			return s, pg, lr.wrap(d, err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == start.Name.Local {
				if !accountRead || s.Currency.IsZero() {
					line, _ := d.InputPos()
					return s, pg, fmt.Errorf("%w: line %d: statement %s has no account or currency (<Acct>)", ErrFormat, line, s.ID)
				}
				line, _ := d.InputPos()
				pg.opensITBD, pg.closesITBD = interimEnds(bals)
				balanced, err := balances(&s, bals, line)
				if err != nil {
					return s, pg, err
				}
				if period == nil {
					// A statement without a period is bounded by the
					// day its closing balance is taken on.
					period = balanced
				}
				if err := inPeriod(&s, period, bookings); err != nil {
					return s, pg, err
				}
				if period != nil {
					// A booking given as an instant is on the day the
					// period counts it on (its zone's): 2025-12-31T23:30Z
					// in a period of Paris days is booked on 1 January.
					for _, b := range bookings {
						if at, err := stampOf(b.at); err == nil {
							s.Entries[b.index].BookingDate = at.bookedOn(period)
						}
					}
				}
				return s, pg, nil
			}
		case xml.StartElement:
			line, _ := d.InputPos()
			switch t.Name.Local {
			case "Id":
				err = d.DecodeElement(&s.ID, &t)
				s.ID = cleanText(s.ID)
			case "StmtPgntn":
				err = d.DecodeElement(&pg, &t)
				pg.given = err == nil
			case "FrToDt":
				var p xPeriod
				if err = d.DecodeElement(&p, &t); err == nil {
					if err = p.read(); err != nil {
						err = fmt.Errorf("%w: line %d: statement %s: its period (<FrToDt>): %v", ErrFormat, line, s.ID, err)
					}
					period = &p
				}
			case "Acct":
				if accountRead {
					err = fmt.Errorf("%w: line %d: a second account (<Acct>) in statement %s, which has one", ErrFormat, line, s.ID)
					break
				}
				var acct xAcct
				if err = d.DecodeElement(&acct, &t); err == nil {
					if err = account(&s, acct); err != nil {
						err = fmt.Errorf("%w: line %d: %v", ErrFormat, line, err)
					}
					accountRead, accountLine = true, line
				}
			case "Bal":
				var b xBal
				if err = d.DecodeElement(&b, &t); err == nil {
					b.line = line
					bals = append(bals, b)
					if s.Currency.IsZero() && accountRead {
						// The account did not say it.
						if err = statementCurrency(&s, b.Amt.Ccy); err != nil {
							err = fmt.Errorf("%w: line %d: %v", ErrFormat, accountLine, err)
						}
					}
				}
			case "Ntry":
				if !accountRead || s.Currency.IsZero() {
					return s, pg, fmt.Errorf("%w: line %d: statement %s: an entry before the account and its currency", ErrFormat, line, s.ID)
				}
				var n xNtry
				if err = d.DecodeElement(&n, &t); err != nil {
					break
				}
				if !booked(n) {
					continue // pending, information only or not known to be booked: not on the balance
				}
				e, err := buildEntry(s.Currency, s.Account, n)
				if err != nil {
					return s, pg, fmt.Errorf("%w: line %d: statement %s: %v", ErrFormat, line, s.ID, err)
				}
				if e.Amount.IsZero() {
					continue // a notice of nothing moved (a waived fee): not a movement
				}
				if strings.TrimSpace(n.BookgDt.Dt) != "" || strings.TrimSpace(n.BookgDt.DtTm) != "" {
					// Not the value date standing in for a booking date the
					// bank left out: a value date may fall outside the period.
					bookings = append(bookings, booking{line: line, ref: e.Ref, at: n.BookgDt, index: len(s.Entries)})
				}
				s.Entries = append(s.Entries, e) // an entry without a reference is named when its statement is whole
			default:
				err = d.Skip()
			}
			if errors.Is(err, ErrFormat) {
				return s, pg, err
			}
			if err != nil {
				return s, pg, lr.wrap(d, err)
			}
		}
	}
}

// booked reports whether an entry is booked: its status is BOOK, as a
// code (<Sts><Cd>BOOK</Cd></Sts>, camt.053.001.08 on) or as text
// (<Sts>BOOK</Sts>, up to .001.07), or it has none. Any other status is
// not on the balance: PDNG, INFO, FUTR and codes to come, and a
// proprietary status (<Sts><Prtry>…</Prtry></Sts>) whatever its text —
// its meaning is the bank's, and a bank's "BOOKED" may be its pending
// list. Leaving out an entry that was in fact booked loses nothing
// silently: the statement's balances then do not add up, and the
// statement is refused with the difference (reconcile.ErrStatement).
func booked(n xNtry) bool {
	if strings.TrimSpace(n.Sts.Prtry) != "" {
		return false
	}
	status := strings.TrimSpace(n.Sts.Cd)
	if status == "" {
		status = strings.TrimSpace(n.Sts.Text)
	}
	return status == "" || status == "BOOK"
}

// xPeriod is a statement's period (FrToDt): two date-times in the
// schema; two dates (FrDt, ToDt) as some banks write it are read too.
type xPeriod struct {
	FrDtTm   string `xml:"FrDtTm"`
	ToDtTm   string `xml:"ToDtTm"`
	FrDt     string `xml:"FrDt"`
	ToDt     string `xml:"ToDt"`
	from, to stamp
}

// read checks the period and reads its bounds.
func (p *xPeriod) read() error {
	var err error
	if p.from, err = stampOf(xDate{Dt: p.FrDt, DtTm: p.FrDtTm}); err != nil {
		return fmt.Errorf("its start: %v", err)
	}
	if p.to, err = stampOf(xDate{Dt: p.ToDt, DtTm: p.ToDtTm}); err != nil {
		return fmt.Errorf("its end: %v", err)
	}
	if p.to.day.Before(p.from.day) {
		return fmt.Errorf("it ends on %s, before it starts on %s", p.to.day, p.from.day)
	}
	return nil
}

// stamp is a date or date-time of the file: its day as written, and the
// instant it stands for when it is a date-time with a time zone.
type stamp struct {
	day journal.Date
	at  time.Time // zero for a date, or a date-time without a zone
}

func stampOf(x xDate) (stamp, error) {
	day, err := date(x)
	if err != nil {
		return stamp{}, err
	}
	st := stamp{day: day}
	if strings.TrimSpace(x.Dt) == "" {
		// A date-time without a zone, or at 24:00:00, stays a day.
		if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(x.DtTm)); err == nil {
			st.at = t
		}
	}
	return st, nil
}

// dayAt is the day of s as the bound b counts days: the day of s's
// instant in b's time zone when both carry one (a booking at
// 2026-02-28T23:30:00Z is on 1 March in Paris), else the day as written.
func (s stamp) dayAt(b stamp) journal.Date {
	if s.at.IsZero() || b.at.IsZero() {
		return s.day
	}
	return journal.DateOf(s.at.In(b.at.Location()))
}

// bookedOn is the day a booking given as s falls on in statement period
// p: the day as written when the bank wrote its own offset (its local
// time), and for an instant in UTC its day in the period's zone. A period
// whose bounds keep Paris's offsets (winter time +01:00, summer time
// +02:00) is in Paris's zone, summer time included; another, in the offset
// of its start (of its end for a period that has only an end, a closing
// balance's).
func (s stamp) bookedOn(p *xPeriod) journal.Date {
	first, other := p.from, p.to
	if first.at.IsZero() && p.from.day.IsZero() {
		first, other = p.to, p.from
	}
	if s.at.IsZero() || first.at.IsZero() {
		return s.day
	}
	if _, offset := s.at.Zone(); offset != 0 {
		return s.day
	}
	if isParis(first.at) && (other.at.IsZero() || isParis(other.at)) {
		return journal.DateOf(paris.In(s.at))
	}
	return s.dayAt(first)
}

// isParis reports whether t carries Paris's offset at that instant.
func isParis(t time.Time) bool {
	_, offset := t.Zone()
	return offset == paris.Offset(t)
}

// booking is an entry's booking date as the file gives it, and where.
type booking struct {
	line  int
	ref   string
	at    xDate
	index int // of the entry in its statement
}

// inPeriod checks that every entry of s is booked within period p, both
// days included: the statement's FrToDt, or without one up to the day its
// closing balance (CLBD) is taken on (balances' period; a zero start is
// not checked), nil when there is neither. Days are compared, not times: a
// booking is a day's (BookgDt is most often a date), and a bank that
// writes its period in UTC (2026-02-28T23:00:00Z for the start of 1 March
// in Paris) only makes it look a day longer. It returns a *PeriodError
// for the first entry outside.
func inPeriod(s *reconcile.BankStatement, p *xPeriod, bookings []booking) error {
	if p == nil {
		return nil
	}
	for _, b := range bookings {
		at, err := stampOf(b.at)
		if err != nil {
			return fmt.Errorf("%w: line %d: statement %s: booking date: %v", ErrFormat, b.line, s.ID, err)
		}
		if !p.from.day.IsZero() && at.dayAt(p.from).Before(p.from.day) || at.dayAt(p.to).After(p.to.day) {
			return &PeriodError{Where: fmt.Sprintf("line %d", b.line), Statement: s.ID, Ref: b.ref,
				Booked: at.day, From: p.from.day, To: p.to.day}
		}
	}
	return nil
}

// account reads the statement's account and currency.
func account(s *reconcile.BankStatement, acct xAcct) error {
	id := acct.ID.IBAN
	if strings.TrimSpace(id) == "" {
		// Some banks put the IBAN in the proprietary identification.
		id = acct.ID.Othr.ID
	}
	iban, err := ident.ParseIBAN(id)
	if err != nil {
		return fmt.Errorf("statement %s: the account: %v", s.ID, err)
	}
	s.Account = iban
	if strings.TrimSpace(acct.Ccy) == "" {
		return nil // the balances give it
	}
	return statementCurrency(s, acct.Ccy)
}

// statementCurrency sets the statement's currency from its code.
func statementCurrency(s *reconcile.BankStatement, code string) error {
	code = strings.TrimSpace(code)
	c, err := currency.Lookup(code)
	if err != nil {
		return fmt.Errorf("statement %s: the account's currency %q: %v", s.ID, code, err)
	}
	s.Currency = c
	return nil
}

// balances reads the opening and closing booked balances. A statement
// of several days may give a pair per day: it opens at the earliest
// opening (OPBD rather than PRCD, which some banks send alongside) and
// closes at the latest closing. Errors are ErrFormat naming the line of
// the balance at fault, or of the statement's end (line) for a balance
// missing. It returns, when the closing is a CLBD, a period ending on its
// date and with no start: a statement that gives none (FrToDt) is bounded
// by it.
func balances(s *reconcile.BankStatement, bals []xBal, line int) (*xPeriod, error) {
	var opening, closing, openingIsOPBD bool
	var closeAt xDate // the date of the closing balance taken, as written
	closedByCLBD := false
	var interim []struct {
		amt currency.Amount
		day journal.Date
	}
	for _, b := range bals {
		code := strings.TrimSpace(b.Tp.CdOrPrtry.Cd)
		switch code {
		case "OPBD", "PRCD", "CLBD", "ITBD":
		default:
			continue // available, forward or proprietary balances: not read
		}
		amt, err := signedAmount(s.Currency, b.Amt, b.CdtDbtInd)
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: statement %s: balance %s: %v", ErrFormat, b.line, s.ID, code, err)
		}
		day, err := date(b.Dt)
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: statement %s: balance %s: %v", ErrFormat, b.line, s.ID, code, err)
		}
		switch code {
		case "OPBD", "PRCD":
			isOPBD := code == "OPBD"
			if !opening || isOPBD && !openingIsOPBD || isOPBD == openingIsOPBD && day.Before(s.OpeningDate) {
				s.Opening, s.OpeningDate, opening, openingIsOPBD = amt, day, true, isOPBD
			}
		case "CLBD":
			if !closing || !day.Before(s.ClosingDate) {
				s.Closing, s.ClosingDate, closing, closeAt, closedByCLBD = amt, day, true, b.Dt, true
			}
		case "ITBD":
			// A page of a statement: its interim booked balances open
			// and close it (the first is the page's opening).
			interim = append(interim, struct {
				amt currency.Amount
				day journal.Date
			}{amt, day})
		}
	}
	if !opening && len(interim) > 0 {
		s.Opening, s.OpeningDate, opening = interim[0].amt, interim[0].day, true
		interim = interim[1:]
	}
	if !closing && len(interim) > 0 {
		last := interim[len(interim)-1]
		s.Closing, s.ClosingDate, closing = last.amt, last.day, true
	}
	if !opening || !closing {
		return nil, fmt.Errorf("%w: line %d: statement %s: an opening (OPBD, PRCD or ITBD) and a closing (CLBD or ITBD) booked balance are required", ErrFormat, line, s.ID)
	}
	if s.ClosingDate.Before(s.OpeningDate) {
		return nil, fmt.Errorf("%w: line %d: statement %s closes on %s, before it opens on %s", ErrFormat, line, s.ID, s.ClosingDate, s.OpeningDate)
	}
	// The closing balance's date, as the end of a period with no start:
	// a CLBD is the balance at the end of the reporting period, the sum
	// of the entries booked in it, so an entry booked after it cannot be
	// in it. The start is not checked: banks date an opening balance the
	// day before the period, its first day, or the statement's own date;
	// nor is the page of a statement that an interim balance (ITBD)
	// closes.
	if !closedByCLBD {
		return nil, nil
	}
	p := &xPeriod{}
	var err error
	if p.to, err = stampOf(closeAt); err != nil {
		return nil, fmt.Errorf("%w: line %d: statement %s: closing balance: %v", ErrFormat, line, s.ID, err)
	}
	return p, nil
}

func buildEntry(cur currency.Currency, own ident.IBAN, n xNtry) (reconcile.BankEntry, error) {
	var e reconcile.BankEntry
	var err error
	if e.Amount, err = signedAmount(cur, n.Amt, n.CdtDbtInd); err != nil {
		return e, err
	}
	booked := n.BookgDt
	if strings.TrimSpace(booked.Dt) == "" && strings.TrimSpace(booked.DtTm) == "" {
		booked = n.ValDt // the booking date is optional in the schema
	}
	if e.BookingDate, err = date(booked); err != nil {
		return e, fmt.Errorf("booking date: %v", err)
	}
	if n.ValDt.Dt != "" || n.ValDt.DtTm != "" {
		if e.ValueDate, err = date(n.ValDt); err != nil {
			return e, fmt.Errorf("value date: %v", err)
		}
	}
	switch strings.TrimSpace(n.RvslInd) { // an xs:boolean
	case "true", "1":
		e.Reversal = true
	}
	e.Ref = reference(n.AcctSvcrRef)
	if e.Ref == "" {
		e.Ref = reference(n.NtryRef)
	}
	if d := n.BkTxCd.Domn; d.Cd != "" {
		e.BankCode = cleanText(d.Cd + "/" + d.Fmly.Cd + "/" + d.Fmly.SubFmlyCd)
	} else {
		e.BankCode = cleanText(n.BkTxCd.Prtry.Cd)
	}
	e.Label = cleanText(n.AddtlNtryInf)
	if e.Charges, err = charges(cur, n.Chrgs); err != nil {
		return e, err
	}
	// The transactions' charges total the entry's when it states none of
	// its own.
	txCharges := currency.Zero(cur)
	// A batch netting money in and out gives each transaction the
	// direction it states, and so its counterparty; one that states none
	// goes the entry's way. A bank that marks every transaction of a debit
	// as a credit (or the other way round) has them all take the entry's.
	entryIn := e.Amount.Sign() > 0
	ownWay := ownDirections(n, entryIn)
	for _, dt := range n.NtryDtls {
		for _, x := range dt.TxDtls {
			in := entryIn
			if ownWay && x.CdtDbtInd != "" {
				in = x.CdtDbtInd == "CRDT"
			}
			t, err := buildTransaction(cur, own, in, e.Reversal, x)
			if err != nil {
				return e, err
			}
			e.Transactions = append(e.Transactions, t)
			if x.RtrInf != nil {
				e.Reversal = true // the return of an earlier transaction
			}
			if t.Charges.IsSet() {
				if txCharges, err = txCharges.Add(t.Charges); err != nil {
					return e, fmt.Errorf("charges: %v", err)
				}
			}
		}
	}
	if !e.Charges.IsSet() && txCharges.Sign() > 0 {
		e.Charges = txCharges
	}
	if err := transactionsAddUp(e); err != nil {
		return e, err
	}
	e.Batch = batchOf(n)
	return e, nil
}

// transactionsAddUp refuses an entry of several transactions that each
// state their amount in the account's currency and that do not sum to what
// the bank booked: the entry's amount, or, booked gross, that amount with
// the charges it states put back (a receipt of 1 000,00 credited 995,00,
// 5,00 taken), either sign when the transactions are all of one sign.
// Statement matching would otherwise clear payments of
// amounts the bank did not book. A transaction without an amount in that
// currency (a bank may give only some) leaves the entry unchecked.
func transactionsAddUp(e reconcile.BankEntry) error {
	if len(e.Transactions) < 2 {
		return nil
	}
	sum := currency.Zero(e.Amount.Currency())
	for _, t := range e.Transactions {
		if !t.Amount.IsSet() || t.Amount.Currency() != sum.Currency() {
			return nil
		}
		var err error
		if sum, err = sum.Add(t.Amount); err != nil {
			return fmt.Errorf("entry %s: its transactions: %v", entryName(e), err)
		}
	}
	// A bank may mark every transaction of a debit as a credit, or the
	// other way round (PostFinance does): amounts of one sign that add up
	// with the sign turned are the bank's booking still. A batch netting
	// money in and out must add up as it is.
	oneSign := !slices.ContainsFunc(e.Transactions, func(t reconcile.BankTransaction) bool { return t.Amount.Sign() > 0 }) ||
		!slices.ContainsFunc(e.Transactions, func(t reconcile.BankTransaction) bool { return t.Amount.Sign() < 0 })
	addsUp := func(booked currency.Amount) bool { return sum.Equal(booked) || oneSign && sum.Equal(booked.Neg()) }
	if addsUp(e.Amount) {
		return nil
	}
	if e.Charges.IsSet() && e.Charges.Currency() == sum.Currency() {
		if gross, err := e.Amount.Add(e.Charges); err == nil && addsUp(gross) {
			return nil
		}
		return fmt.Errorf("entry %s: its %d transactions sum to %s, the entry books %s with %s of charges: "+
			"the bank's file does not add up; ask the bank for a corrected statement",
			entryName(e), len(e.Transactions), sum.Plain(), e.Amount.Plain(), e.Charges.Plain())
	}
	return fmt.Errorf("entry %s: its %d transactions sum to %s, the entry books %s: "+
		"the bank's file does not add up; ask the bank for a corrected statement",
		entryName(e), len(e.Transactions), sum.Plain(), e.Amount.Plain())
}

// ownDirections reports whether an entry's transactions go the ways
// their CdtDbtInd state: when one states the way opposite to the entry's
// (in), unless every one of them states that same opposite way — a bank
// turning the sign of a whole batch, whose transactions then go the
// entry's way.
func ownDirections(n xNtry, in bool) bool {
	opposite := map[bool]string{true: "DBIT", false: "CRDT"}[in]
	some, all := false, true
	for _, dt := range n.NtryDtls {
		for _, x := range dt.TxDtls {
			if x.CdtDbtInd == opposite {
				some = true
			} else {
				all = false
			}
		}
	}
	return some && !all
}

// entryName is how an error names an entry being read: its reference, or
// a dash when the bank gives none (the error's line then tells it).
func entryName(e reconcile.BankEntry) string {
	if e.Ref == "" {
		return "-"
	}
	return e.Ref
}

// batchOf reads how the bank identifies the batch an entry books: the
// message and payment information ids of its first Btch, each of them,
// when that Btch lacks it, the one every transaction's Refs give alike
// (a bank may give the PmtInfId in Btch and the MsgId on each
// transaction). Placeholders (NOTPROVIDED) are none, and ids empty
// everywhere are no batch: the count of a Btch naming nothing is not
// kept. A count that is not a number is not kept either: it only
// informs, and a statement is not refused for it.
func batchOf(n xNtry) reconcile.BankBatch {
	var b reconcile.BankBatch
	var btch *xBtch
	for _, dt := range n.NtryDtls {
		if dt.Btch != nil {
			btch = dt.Btch
			break
		}
	}
	if btch != nil {
		b.MsgID, b.PmtInfID = reference(btch.MsgID), reference(btch.PmtInfID)
	}
	if b.MsgID == "" {
		b.MsgID = sharedRef(n, func(x *xTx) string { return x.Refs.MsgID })
	}
	if b.PmtInfID == "" {
		b.PmtInfID = sharedRef(n, func(x *xTx) string { return x.Refs.PmtInfID })
	}
	if !b.Named() {
		return reconcile.BankBatch{}
	}
	if btch != nil {
		if c, err := strconv.Atoi(strings.TrimSpace(btch.NbOfTxs)); err == nil && c > 0 {
			b.Count = c
		}
	}
	return b
}

// sharedRef is the reference every transaction of an entry gives alike
// (ref reads it from one), empty when one gives none or another.
func sharedRef(n xNtry, ref func(*xTx) string) string {
	shared, seen := "", false
	for _, dt := range n.NtryDtls {
		for i := range dt.TxDtls {
			r := reference(ref(&dt.TxDtls[i]))
			if r == "" || seen && r != shared {
				return ""
			}
			shared, seen = r, true
		}
	}
	return shared
}

// buildTransaction reads a TxDtls of an entry of the account own, money
// in or out, a reversal (RvslInd) or not.
func buildTransaction(cur currency.Currency, own ident.IBAN, in, returned bool, x xTx) (reconcile.BankTransaction, error) {
	var t reconcile.BankTransaction
	// The amount in the account's currency: the transaction's own, else
	// the one of its details (a transfer in a foreign currency gives the
	// instructed amount in Amt, the booked one in TxAmt or CntrValAmt).
	// None in that currency leaves only the entry's booked amount.
	for _, amt := range [...]xAmt{x.Amt, x.AmtDtls.TxAmt.Amt, x.AmtDtls.CntrValAmt.Amt, x.AmtDtls.InstdAmt.Amt} {
		if strings.TrimSpace(amt.Value) == "" || (amt.Ccy != "" && amt.Ccy != cur.Code()) {
			continue
		}
		ind := x.CdtDbtInd
		if ind == "" {
			ind = map[bool]string{true: "CRDT", false: "DBIT"}[in]
		}
		a, err := signedAmount(cur, amt, ind)
		if err != nil {
			return t, fmt.Errorf("transaction %s: %v", x.Refs.EndToEndID, err)
		}
		if !a.IsZero() {
			t.Amount = a
		}
		break
	}
	// The amount the payer gave in another currency, which the bank
	// converted: InstdAmt, else Amt when it is in that currency.
	indicator := "DBIT"
	if in {
		indicator = "CRDT"
	}
	for _, amt := range [...]xAmt{x.AmtDtls.InstdAmt.Amt, x.Amt} {
		if strings.TrimSpace(amt.Value) == "" || amt.Ccy == "" || amt.Ccy == cur.Code() {
			continue
		}
		foreign, err := currency.Lookup(amt.Ccy)
		if err != nil {
			return t, fmt.Errorf("transaction %s: instructed amount: currency %q: %v", x.Refs.EndToEndID, amt.Ccy, err)
		}
		a, err := signedAmount(foreign, amt, indicator)
		if err != nil {
			return t, fmt.Errorf("transaction %s: instructed amount: %v", x.Refs.EndToEndID, err)
		}
		if !a.IsZero() {
			t.Instructed = a
		}
		break
	}
	t.EndToEndID = reference(x.Refs.EndToEndID)
	var err error
	if t.Charges, err = charges(cur, x.Chrgs); err != nil {
		return t, fmt.Errorf("transaction %s: %v", x.Refs.EndToEndID, err)
	}
	// The counterparty of money in is the debtor; of money out, the
	// creditor. A return or a reversal may name the parties of the
	// transaction it undoes: the side that is the account itself, or
	// that is not given, gives way to the other.
	party, acct := x.RltdPties.Dbtr, x.RltdPties.DbtrAcct
	other, otherAcct := x.RltdPties.Cdtr, x.RltdPties.CdtrAcct
	if !in {
		party, acct, other, otherAcct = other, otherAcct, party, acct
	}
	if returned || x.RtrInf != nil {
		// A return names the parties as the payment it undoes did, or
		// as its own: the side with an account other than ours is the
		// counterparty; without that to tell, the payment's (a direct
		// debit we collected, returned: its debtor, our customer, though
		// the money now goes out).
		pIBAN, oIBAN := acct.iban(), otherAcct.iban()
		if pOther := pIBAN != "" && pIBAN != own; !pOther || oIBAN != "" && oIBAN != own {
			party, acct, other, otherAcct = other, otherAcct, party, acct
		}
	}
	name, iban := cleanText(party.name()), acct.iban()
	if iban == own || name == "" && iban == "" {
		if n, i := cleanText(other.name()), otherAcct.iban(); (n != "" || i != "") && i != own {
			name, iban = n, i
		}
	}
	t.Counterparty, t.CounterpartyIBAN = name, iban
	t.Remittance = remittance(x)
	// A cheque's number, given only in Refs/ChqNb, is what ties a cheque
	// returned unpaid to the one deposited: kept in the remittance when
	// the bank's texts do not already carry it.
	if n := cleanText(x.Refs.ChqNb); n != "" && !hasNumber(t.Remittance, n) {
		// First, so that cutting the text at the book's length keeps it.
		t.Remittance = cleanText("CHQ " + n + " " + t.Remittance)
	}
	// Only a reference that passes ISO 11649's check is a creditor
	// reference (as the CFONB reader decides): a bank also puts an
	// invoice number, or a mistyped RF reference, in CdtrRefInf/Ref, and
	// that text is kept as remittance, where the matching reads it too.
	for _, s := range x.RmtInf.Strd {
		ref := cleanText(s.CdtrRefInf.Ref)
		if ref == "" {
			continue
		}
		if _, ok := ident.ParseCreditorReference(ref); ok && t.CreditorRef == "" {
			t.CreditorRef = ref
		} else if !strings.Contains(t.Remittance, ref) {
			t.Remittance = cleanText(t.Remittance + " " + ref)
		}
	}
	return t, nil
}

// remittance is a transaction's remittance text: its unstructured lines
// joined; without them, the free text and document numbers of its
// structured remittance; without those, the bank's additional
// information on the transaction (AddtlTxInf), else a return's
// explanation.
func remittance(x xTx) string {
	var parts []string
	add := func(s string) {
		if s = cleanText(s); s != "" {
			parts = append(parts, s)
		}
	}
	for _, u := range x.RmtInf.Ustrd {
		add(u)
	}
	if len(parts) == 0 {
		for _, s := range x.RmtInf.Strd {
			for _, d := range s.RfrdDocInf {
				add(d.Nb)
			}
			for _, a := range s.AddtlRmtInf {
				add(a)
			}
		}
	}
	if len(parts) == 0 {
		add(x.AddtlTxInf)
	}
	if len(parts) == 0 && x.RtrInf != nil {
		for _, a := range x.RtrInf.AddtlInf {
			add(a)
		}
	}
	return cleanText(strings.Join(parts, " "))
}

// hasNumber reports whether text holds n as a word of its own: 4521 is
// not in "FACTURE 45210".
func hasNumber(text, n string) bool {
	for i := 0; ; {
		k := strings.Index(text[i:], n)
		if k < 0 {
			return false
		}
		start, end := i+k, i+k+len(n)
		if (start == 0 || !isAlnum(text[start-1])) && (end == len(text) || !isAlnum(text[end])) {
			return true
		}
		i = start + 1
	}
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// reference reads a bank's reference; the placeholders of references not
// given (NOTPROVIDED, NONREF, NONE) are none.
func reference(s string) string {
	s = cleanText(s)
	switch strings.ToUpper(s) {
	case "NOTPROVIDED", "NONREF", "NONE":
		return ""
	}
	return s
}

// charges reads the charges an entry or a transaction states (its Chrgs)
// that the bank took out of the amount it booked, tax on them included.
// Every charge is read first — its amount, indicator, ChrgInclInd and
// tax, whatever its currency — and one that cannot be read is an error;
// then each Chrgs counts as:
//   - its total (TtlChrgsAndTaxAmt), the bank's own sum of the charges
//     and their tax, taken, when it is in the account's currency and each
//     of its charges agrees with it: a debit included in the amount, in
//     that currency, its tax too;
//   - else its charges (the Chrgs itself up to .001.02, its records from
//     .001.03) that are included in the amount and in the account's
//     currency, each with its tax when that is in the same currency: a
//     debit (or a charge without indicator) taken, a credit (a charge
//     refunded) given back.
//
// ChrgInclInd says whether a charge is included in the amount or only
// advised; absent (always, up to .001.02), the charge is included:
// charges stated on a booked entry are what the bank took, an advice is
// the case a bank flags (false), and matching uses charges only when
// they make the amounts agree exactly, so a charge counted wrongly
// clears nothing. Charges in another currency are not counted: the
// account's amounts are what a match compares. It returns the amount
// taken, unset when none is (nothing stated, or as much refunded as
// taken), and an error for an amount, indicator, currency or ChrgInclInd
// that cannot be read.
func charges(cur currency.Currency, cs []xChrgs) (currency.Amount, error) {
	taken := currency.Zero(cur)
	for _, c := range cs {
		recs := c.Rcrd
		if strings.TrimSpace(c.Amt.Value) != "" || c.CdtDbtInd != "" || c.ChrgInclInd != "" || strings.TrimSpace(c.Tax.Amt.Value) != "" {
			// camt.053.001.02: the Chrgs is the charge.
			recs = append([]xChrgRc{{Amt: c.Amt, CdtDbtInd: c.CdtDbtInd, ChrgInclInd: c.ChrgInclInd, Tax: c.Tax}}, recs...)
		}
		counted := currency.Zero(cur) // the charges that count, signed: a debit negative
		agree := true                 // every charge a debit included, in cur, its tax too
		for _, r := range recs {
			a, counts, whole, err := chargeRecord(cur, r)
			if err != nil {
				return currency.Amount{}, fmt.Errorf("charges: %v", err)
			}
			agree = agree && whole
			if !counts {
				continue
			}
			if counted, err = counted.Add(a); err != nil {
				return currency.Amount{}, fmt.Errorf("charges: %v", err)
			}
		}
		if strings.TrimSpace(c.TtlChrgsAndTaxAmt.Value) != "" {
			// A total has no indicator: charges taken.
			total, in, err := chargeAmount(cur, c.TtlChrgsAndTaxAmt, "DBIT")
			if err != nil {
				return currency.Amount{}, fmt.Errorf("charges: total (TtlChrgsAndTaxAmt): %v", err)
			}
			if in && agree {
				counted = total
			}
		}
		var err error
		if taken, err = taken.Sub(counted); err != nil {
			return currency.Amount{}, fmt.Errorf("charges: %v", err)
		}
	}
	if taken.Sign() <= 0 {
		return currency.Amount{}, nil
	}
	return taken, nil
}

// chargeRecord reads one charge and its tax, checked whatever they count
// for. counts is false for a charge that takes nothing from the account:
// only advised (ChrgInclInd false), or in another currency. a is what a
// charge that counts took (signed, a credit positive), its tax added
// when that is in the account's currency too. whole says that it counts
// all of it: a debit whose tax, if any, is in the account's currency.
func chargeRecord(cur currency.Currency, r xChrgRc) (a currency.Amount, counts, whole bool, err error) {
	included := true
	switch strings.TrimSpace(r.ChrgInclInd) { // an xs:boolean
	case "", "true", "1":
	case "false", "0":
		included = false
	default:
		return currency.Amount{}, false, false, fmt.Errorf("ChrgInclInd %q: true or false", r.ChrgInclInd)
	}
	ind := r.CdtDbtInd
	if strings.TrimSpace(ind) == "" {
		ind = "DBIT" // a charge is a debit unless said otherwise
	}
	a, in, err := chargeAmount(cur, r.Amt, ind)
	if err != nil {
		return currency.Amount{}, false, false, err
	}
	taxIn := true
	if strings.TrimSpace(r.Tax.Amt.Value) != "" {
		// The tax on a charge goes the charge's way.
		var tax currency.Amount
		if tax, taxIn, err = chargeAmount(cur, r.Tax.Amt, ind); err != nil {
			return currency.Amount{}, false, false, fmt.Errorf("tax: %v", err)
		}
		if in && taxIn {
			if a, err = a.Add(tax); err != nil {
				return currency.Amount{}, false, false, err
			}
		}
	}
	counts = included && in
	return a, counts, counts && taxIn && a.Sign() <= 0, nil
}

// chargeAmount reads an amount of a charge with its indicator, in its own
// currency: in reports whether that is the account's (an amount without
// currency is), and a is then the signed amount; in another currency a
// is unset, the amount checked all the same.
func chargeAmount(cur currency.Currency, x xAmt, ind string) (a currency.Amount, in bool, err error) {
	c := cur
	if ccy := strings.TrimSpace(x.Ccy); ccy != "" {
		if c, err = currency.Lookup(ccy); err != nil {
			if !currency.IsCodeForm(ccy) {
				return currency.Amount{}, false, fmt.Errorf("amount %q in %q: an ISO 4217 currency code is required", x.Value, x.Ccy)
			}
			// A code this library does not know (a historic one, FRF) is
			// another currency than the account's: not counted, and no
			// reason to refuse the statement.
			return currency.Amount{}, false, nil
		}
	}
	if a, err = signedAmount(c, xAmt{Value: x.Value}, ind); err != nil {
		if c != cur {
			err = fmt.Errorf("in %s: %v", c, err)
		}
		return currency.Amount{}, false, err
	}
	if c != cur {
		return currency.Amount{}, false, nil
	}
	return a, true, nil
}

// signedAmount reads an amount and its credit/debit indicator: a credit
// is money in (positive).
func signedAmount(cur currency.Currency, a xAmt, ind string) (currency.Amount, error) {
	if a.Ccy != "" && a.Ccy != cur.Code() {
		return currency.Amount{}, fmt.Errorf("amount in %s on an account in %s", a.Ccy, cur)
	}
	v := strings.TrimSpace(a.Value)
	// An xs:decimal: no sign (the indicator gives it), no exponent.
	if v == "" || strings.HasPrefix(v, "-") || strings.HasPrefix(v, "+") || strings.ContainsAny(v, "eE") {
		return currency.Amount{}, fmt.Errorf("amount %q: an unsigned decimal is required", v)
	}
	amt, err := currency.Parse(cur, v)
	if err != nil {
		return currency.Amount{}, fmt.Errorf("amount %q: %v", v, err)
	}
	switch strings.TrimSpace(ind) {
	case "CRDT":
		return amt, nil
	case "DBIT":
		return amt.Neg(), nil
	}
	return currency.Amount{}, fmt.Errorf("credit/debit indicator %q: CRDT or DBIT", ind)
}

// date reads an ISO date (xs:date, which may carry a time zone: the date
// as written), or the date of an ISO date-time (xs:dateTime, checked
// whole).
func date(x xDate) (journal.Date, error) {
	s := strings.TrimSpace(x.Dt)
	day := s
	if s == "" {
		s = strings.TrimSpace(x.DtTm)
		m := isoDateTime.FindStringSubmatch(s)
		if m == nil {
			return journal.Date{}, fmt.Errorf("date-time %q: not yyyy-mm-ddThh:mm:ss", s)
		}
		// 24:00:00 is the end of the day (ISODateTime, xs:dateTime): the
		// date as written.
		if _, err := time.Parse("2006-01-02T15:04:05", m[1]); err != nil && m[1][11:] != "24:00:00" {
			return journal.Date{}, fmt.Errorf("date-time %q: %v", s, err)
		}
		day = s[:10]
	} else if m := isoDate.FindStringSubmatch(s); m != nil {
		day = m[1]
	}
	d, err := journal.ParseDate(day)
	if err != nil {
		return journal.Date{}, fmt.Errorf("date %q: %v", s, err)
	}
	return d, nil
}

var (
	// isoDate is an xs:date with its time zone: the date is m[1].
	isoDate = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})$`)
	// isoDateTime is an xs:dateTime: m[1] without fraction and zone.
	isoDateTime = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$`)
)
