package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

func cmdPartnerMandate(a *app, name string, args []string) error {
	l := leaf{name: name, args: "CUSTOMER", about: `Records the SEPA direct debit mandate a customer signed for one of its
bank accounts, so that 'lettrage collect' can debit it:

  lettrage partner mandate C001 --iban FR76… --reference RUM-C001-1 --signed 2026-01-15

An account the customer has already gets the mandate (replacing the one it
had); another is added to its accounts. The reference (RUM) is 1 to 35
letters, digits and / - ? : ( ) . , ' + without a space, and no other
mandate of the book may have it. A one-off mandate (--one-off) is collected
once; a recurrent one as often as invoices fall due.

When the customer has its mandate debit another account (at its bank or
at another), move the mandate there, keeping its reference and signature
date; the account is added when the customer does not have it yet:

  lettrage partner mandate C001 --move --reference RUM-C001-1 --iban FR76…

The next collection under it tells the customer's bank of the change (the
account it debited before, or SMNDA for another bank); the later ones do
not.`}
	fs := a.flagSet(name)
	iban := fs.String("iban", "", "the customer's account `IBAN` the mandate debits (required)")
	bic := fs.String("bic", "", "the `BIC` of its bank: needed outside the EEA")
	ref := fs.String("reference", "", "the unique mandate reference `UMR` (RUM) (required)")
	signed := fs.String("signed", "", "the `DATE` the customer signed the mandate (required)")
	oneOff := fs.Bool("one-off", false, "a one-off mandate, for one collection only (default: recurrent)")
	move := fs.Bool("move", false, "move mandate --reference to account --iban, under the same reference and signature date")
	rest, err := a.parse(fs, l, args, 1, 1)
	if err != nil {
		return err
	}
	if *move {
		if *iban == "" || *ref == "" || *signed != "" || *oneOff {
			return usagef(name, "%s --move: give --reference and --iban, not --signed nor --one-off: the mandate keeps them", name)
		}
		return moveMandate(a, name, rest[0], *ref, *iban, *bic)
	}
	if *iban == "" || *ref == "" || *signed == "" {
		return usagef(name, "%s: --iban, --reference and --signed are required", name)
	}
	acct := ledger.BankAccount{Mandate: ledger.Mandate{Reference: *ref, OneOff: *oneOff}}
	if acct.IBAN, err = ident.ParseIBAN(*iban); err != nil {
		return usagef(name, "--iban: %v", err)
	}
	if *bic != "" {
		if acct.BIC, err = ident.ParseBIC(*bic); err != nil {
			return usagef(name, "--bic: %v", err)
		}
	}
	if _, err := ident.ParseMandateReference(*ref); err != nil {
		return usagef(name, "--reference: %v", err)
	}
	if acct.Mandate.Signed, err = parseDate(*signed); err != nil {
		return usagef(name, "--signed: %v", err)
	}
	code := rest[0]
	return a.withBook(func(b *ledger.Book) error {
		p, err := b.Partner(a.ctx, code)
		if err != nil {
			return fmt.Errorf("partner %s: %w", code, err)
		}
		found := false
		for i, x := range p.BankAccounts {
			if x.IBAN == acct.IBAN {
				p.BankAccounts[i].Mandate, found = acct.Mandate, true
				if acct.BIC != "" {
					p.BankAccounts[i].BIC = acct.BIC
				}
			}
		}
		if !found {
			p.BankAccounts = append(p.BankAccounts, acct)
		}
		if err := b.UpdatePartner(a.ctx, p); err != nil {
			return fmt.Errorf("partner %s: %w", code, err)
		}
		return a.emit(partnerViewOf(p), func(w io.Writer) error {
			kind := "recurrent"
			if *oneOff {
				kind = "one-off"
			}
			_, err := fmt.Fprintf(w, "Mandate %s (%s, signed %s) recorded for %s on %s\n", *ref, kind,
				frenchDate(acct.Mandate.Signed.String()), code, acct.IBAN.Paper())
			return err
		})
	})
}

// moveMandate is 'partner mandate --move': mandate ref of customer code
// moved to the account of IBAN iban.
func moveMandate(a *app, name, code, ref, iban, bic string) error {
	to := ledger.BankAccount{}
	var err error
	if to.IBAN, err = ident.ParseIBAN(iban); err != nil {
		return usagef(name, "--iban: %v", err)
	}
	if bic != "" {
		if to.BIC, err = ident.ParseBIC(bic); err != nil {
			return usagef(name, "--bic: %v", err)
		}
	}
	return a.withBook(func(b *ledger.Book) error {
		if err := b.MoveMandate(a.ctx, code, ref, to); err != nil {
			return fmt.Errorf("partner %s: %w", code, err)
		}
		p, err := b.Partner(a.ctx, code)
		if err != nil {
			return err
		}
		var m ledger.Mandate
		for _, x := range p.BankAccounts {
			if x.IBAN == to.IBAN {
				m = x.Mandate
			}
		}
		return a.emit(partnerViewOf(p), func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "Mandate %s of %s moved from %s to %s: the next collection tells the customer's bank\n",
				m.Reference, code, m.OriginalIBAN.Paper(), to.IBAN.Paper())
			return err
		})
	})
}

// collectOutput is a direct debit collection run as printed.
type collectOutput struct {
	ID          string              `json:"id"`
	Journal     string              `json:"journal"`
	Date        string              `json:"date"`
	Total       string              `json:"total"`
	Currency    string              `json:"currency"`
	CreditorID  string              `json:"creditor_id"`
	Collections []collectCollection `json:"collections"`
	LeftOut     []collectLeftOut    `json:"left_out,omitempty"`
	File        string              `json:"file"`
	Replay      bool                `json:"replay,omitempty"`
	// Cancelled are the run's collections cancelled since it was booked,
	// left out of the file written again.
	Cancelled []string `json:"cancelled,omitempty"`
}

type collectCollection struct {
	Partner     string   `json:"partner"`
	Name        string   `json:"name"`
	Entry       string   `json:"entry"`
	Invoices    []string `json:"invoices"`
	CreditNotes []string `json:"credit_notes,omitempty"`
	OnAccount   []string `json:"on_account,omitempty"`
	Amount      string   `json:"amount"`
	EndToEndID  string   `json:"end_to_end_id"`
	Mandate     string   `json:"mandate"`
	Sequence    string   `json:"sequence"`
	// AmendedFrom is the account the mandate debited before it moved,
	// which this collection tells the customer's bank.
	AmendedFrom string `json:"amended_from,omitempty"`
}

type collectLeftOut struct {
	Partner string `json:"partner"`
	Reason  string `json:"reason"`
}

func cmdCollect(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Collects the customers' invoices due by a date in one SEPA Core direct
debit run: a collection per customer with a mandate, booked on the
journal's outstanding receipts account and lettered with its invoices
(credit notes and payments received on account set off first), and the
pain.008.001.02 file to send to the bank, whose end-to-end ids and message
id the statement brings back to clear the collections.

  lettrage collect --journal BNP --date 2026-04-10 --creditor-id FR72ZZZ123456 --company "Ma Société SAS" -o prelevements.xml

The journal is a bank journal with the company's IBAN that uses
outstanding accounts ('lettrage journal add BNP --kind bank --iban FR76…
--outstanding'); --creditor-id is the company's SEPA creditor identifier
(ICS) its bank gave it; each customer collected needs a mandate ('lettrage
partner mandate C001 --iban … --reference RUM --signed DATE'). Customers
without one, whose one-off mandate was collected already, or whose mandate
lapsed (nothing collected under it for more than 36 months) are left out
and listed. Nothing is written when the run is refused. Run again with
the same --id, nothing is collected twice: its file is written again,
identical but for the collections cancelled since, left out.`}
	fs := a.flagSet(name)
	jr := fs.String("journal", "", "the bank `JOURNAL` collecting (with its IBAN and outstanding accounts)")
	date := fs.String("date", "", "the collection `DATE` asked of the bank, the receipts' date (default: the book's clock)")
	dueBy := fs.String("due-by", "", "collect the invoices due on or before this `DATE` (default: --date)")
	var partners listFlag
	fs.Var(&partners, "partner", "collect only this customer `PARTNER` (repeatable)")
	ics := fs.String("creditor-id", "", "the company's SEPA creditor identifier `ICS` (required): FR72ZZZ123456")
	company := fs.String("company", "", "the company's `NAME`, the creditor of the debits (required)")
	out := fs.String("o", "", "the pain.008 `FILE` to write (default: the run's id .xml)")
	opText := opFlag(fs)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	op, err := operation(name, *opText)
	if err != nil {
		return err
	}
	if *jr == "" {
		return usagef(name, "%s: --journal is required: the bank journal collecting", name)
	}
	creditor := strings.TrimSpace(*company)
	if creditor == "" {
		return usagef(name, "%s: --company is required: the name the customers' banks show, written in the direct debit file", name)
	}
	if !ident.EPCCarries(creditor, 70) {
		return usagef(name, "--company: %q has no Latin letter or digit a SEPA file carries", creditor)
	}
	if *ics == "" {
		return usagef(name, "%s: --creditor-id is required: the company's SEPA creditor identifier (ICS)", name)
	}
	cid, err := ident.ParseCreditorID(*ics)
	if err != nil {
		return usagef(name, "--creditor-id: %v", err)
	}
	if err := canWrite(cmp.Or(*out, "run.xml")); err != nil {
		return err
	}
	return a.withBook(func(b *ledger.Book) error {
		req := reconcile.CollectionRequest{Operation: op, Journal: *jr, Partners: partners, Creditor: creditor, CreditorID: cid}
		if req.Date, err = dateOrToday(b, *date); err != nil {
			return usagef(name, "--date: %v", err)
		}
		req.DueBy = req.Date
		if *dueBy != "" {
			if req.DueBy, err = parseDate(*dueBy); err != nil {
				return usagef(name, "--due-by: %v", err)
			}
		}
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		run, err := rec.RunCollections(a.ctx, req)
		if err != nil {
			return fmt.Errorf("collection run on %s: %w", *jr, err)
		}
		if run.Creditor != "" && run.Creditor != creditor || run.CreditorID != cid {
			return fmt.Errorf("collection run %s was made for %q, %s, which its file carries: write it again with --company %q --creditor-id %s",
				run.ID, run.Creditor, run.CreditorID, run.Creditor, run.CreditorID)
		}
		dd, err := bank.DirectDebits(a.ctx, b, run, creditor)
		if errors.Is(err, bank.ErrDirectDebit) && run.Result.Replay {
			return fmt.Errorf("collection run %s: %w", run.ID, err)
		} else if err != nil {
			return fmt.Errorf("collection run %s, booked: %w; write its file again with --id %s", run.ID, err, run.Result.Operation)
		}
		if today := journal.DateOf(b.Now()); run.Date.Before(today) && !run.Result.Replay {
			fmt.Fprintf(a.stderr, "lettrage: collect: the collection date %s is past (today %s): the bank may refuse the file; a run to send is dated a few days ahead\n",
				frenchDate(run.Date.String()), frenchDate(today.String()))
		}
		if why, closed := bank.TARGETClosed(run.Date); closed && !run.Result.Replay {
			fmt.Fprintf(a.stderr, "lettrage: collect: the collection date %s is no TARGET business day (%s): the debtors' banks debit on %s, not on the day the receipts are booked; a run is dated a business day\n",
				frenchDate(run.Date.String()), why, frenchDate(bank.NextTARGETDay(run.Date).String()))
		}
		o := collectOutput{ID: run.ID, Journal: run.Journal, Date: run.Date.String(), File: *out, Replay: run.Result.Replay,
			Currency: b.Currency().Code(), CreditorID: string(run.CreditorID)}
		if o.File == "" {
			o.File = run.ID + ".xml"
		}
		if err := writeFileAtomic(o.File, func(w io.Writer) error { return bank.WritePain008(w, dd) }); err != nil {
			return fmt.Errorf("collection run %s, booked: %s: %w; write it again with --id %s", run.ID, o.File, err, run.Result.Operation)
		}
		inFile := map[string]bank.DirectDebit{}
		for _, d := range dd.Debits {
			inFile[d.EndToEndID] = d
		}
		names := func(ids []journal.ID) ([]string, error) {
			var out []string
			for _, id := range ids {
				e, err := b.Entry(a.ctx, id)
				if err != nil {
					return nil, err
				}
				out = append(out, e.Name())
			}
			return out, nil
		}
		total := currency.Zero(b.Currency())
		for _, c := range run.Collections {
			d, ok := inFile[c.EndToEndID]
			if !ok {
				o.Cancelled = append(o.Cancelled, c.Payment.Name())
				continue
			}
			cc := collectCollection{Partner: c.Partner, Name: d.Debtor.Name, Entry: c.Payment.Name(), Amount: c.Amount.Plain(),
				EndToEndID: c.EndToEndID, Mandate: d.MandateID, Sequence: d.Sequence}
			if d.Amendment != nil {
				cc.AmendedFrom = string(d.Amendment.OriginalIBAN)
			}
			if cc.Invoices, err = names(c.Invoices); err != nil {
				return err
			}
			if cc.CreditNotes, err = names(c.CreditNotes); err != nil {
				return err
			}
			if cc.OnAccount, err = names(c.OnAccount); err != nil {
				return err
			}
			if total, err = total.Add(c.Amount); err != nil {
				return err
			}
			o.Collections = append(o.Collections, cc)
		}
		for _, x := range run.LeftOut {
			o.LeftOut = append(o.LeftOut, collectLeftOut{Partner: x.Partner, Reason: x.Reason})
		}
		o.Total = total.Plain()
		return a.emit(o, func(w io.Writer) error {
			again := ""
			if o.Replay {
				again = " (already booked: replayed)"
			}
			fmt.Fprintf(w, "Collection run %s on %s, collected %s%s: %s, %s %s\n", o.ID, o.Journal, frenchDate(o.Date), again,
				plural(len(o.Collections), "customer"), currency.FrenchDecimal(o.Total), o.Currency)
			for _, c := range o.Collections {
				set := ""
				if more := append(append([]string(nil), c.CreditNotes...), c.OnAccount...); len(more) > 0 {
					set = "  less " + strings.Join(more, " ")
				}
				fmt.Fprintf(w, "  %-8s %-24s %-14s %14s  %s  %s %s  %s%s\n", c.Partner, c.Name, c.Entry, currency.FrenchDecimal(c.Amount),
					c.EndToEndID, c.Sequence, c.Mandate, strings.Join(c.Invoices, " "), set)
			}
			for _, x := range o.LeftOut {
				fmt.Fprintf(w, "  left out: %s, %s\n", x.Partner, x.Reason)
			}
			if len(o.Cancelled) > 0 {
				fmt.Fprintf(w, "  left out, cancelled since: %s\n", strings.Join(o.Cancelled, " "))
			}
			fmt.Fprintf(w, "SEPA direct debit file %s written\n", o.File)
			return nil
		})
	})
}
