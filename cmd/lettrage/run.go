package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
)

// runOutput is a supplier payment run as printed.
type runOutput struct {
	ID       string       `json:"id"`
	Journal  string       `json:"journal"`
	Date     string       `json:"date"`
	Total    string       `json:"total"`
	Currency string       `json:"currency"`
	Payments []runPayment `json:"payments"`
	File     string       `json:"file"`
	Slip     string       `json:"slip,omitempty"`
	Replay   bool         `json:"replay,omitempty"`
	// Cancelled are the run's payments cancelled since it was booked,
	// left out of the file written again.
	Cancelled []string `json:"cancelled,omitempty"`
}

type runPayment struct {
	Partner string   `json:"partner"`
	Name    string   `json:"name"`
	Entry   string   `json:"entry"`
	Bills   []string `json:"bills"`
	// CreditNotes are the supplier's credit notes set off against the
	// bills before the rest was paid.
	CreditNotes []string `json:"credit_notes,omitempty"`
	// OnAccount are the supplier's payments made before, on account, set
	// off against the bills before the rest was paid.
	OnAccount  []string `json:"on_account,omitempty"`
	Amount     string   `json:"amount"`
	Discount   string   `json:"discount,omitempty"`
	EndToEndID string   `json:"end_to_end_id"`
}

func cmdRun(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Pays the suppliers' bills due by a date in one SEPA credit transfer run:
a payment per supplier, booked on the journal's outstanding payments
account and lettered with its bills (credit notes and payments made on
account set off first, early-payment discounts taken when paid in time),
and the pain.001.001.09 file
to send to the bank, whose end-to-end ids and message id the statement
brings back to clear the payments.

  lettrage run --journal BNP --date 2026-04-10 --company "Ma Société SAS" -o virements.xml

The journal is a bank journal with the company's IBAN that uses
outstanding accounts ('lettrage journal add BNP --kind bank --iban FR76…
--outstanding'); each supplier paid needs a bank account ('lettrage
partner add S001 --iban …'); a supplier whose bank is outside the EEA
(Switzerland, the United Kingdom, Monaco…) needs its BIC, and the run the
company's address (--company-town and --company-country at least), which
the file then carries. Nothing is written when one is missing. Run
again with the same --id, the run is not paid twice: its file is written
again, identical but for the payments cancelled since, left out (the bank
must not pay a bill the book shows unpaid again).`}
	fs := a.flagSet(name)
	jr := fs.String("journal", "", "the bank `JOURNAL` paying (with its IBAN and outstanding accounts)")
	date := fs.String("date", "", "the execution `DATE`, the payments' date (default: the book's clock)")
	dueBy := fs.String("due-by", "", "pay the bills due on or before this `DATE` (default: --date)")
	var partners listFlag
	fs.Var(&partners, "partner", "pay only this supplier `PARTNER` (repeatable)")
	noDiscount := fs.Bool("no-discount", false, "pay bills in full, without the early-payment discounts they offer")
	early := fs.Bool("early-for-discount", false, "also pay the bills not yet due whose discount is offered at --date, less it")
	company := fs.String("company", "", "the company's `NAME`, the debtor of the transfers (required)")
	var addr ledger.Address
	fs.StringVar(&addr.Street, "company-street", "", "the company's `STREET`, in the file (needed with its town and country to pay outside the EEA)")
	fs.StringVar(&addr.BuildingNumber, "company-number", "", "the company's building `NUMBER` in its street")
	fs.StringVar(&addr.PostCode, "company-postcode", "", "the company's `POSTCODE`")
	fs.StringVar(&addr.Town, "company-town", "", "the company's `TOWN`")
	fs.StringVar(&addr.Country, "company-country", "", "the company's `COUNTRY` (ISO 3166 code: FR)")
	out := fs.String("o", "", "the pain.001 `FILE` to write (default: the run's id .xml)")
	slip := fs.String("slip", "", "also print the transfer slip (bordereau de virement) to this PDF `FILE`")
	opText := opFlag(fs)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	op, err := operation(name, *opText)
	if err != nil {
		return err
	}
	if *jr == "" {
		return usagef(name, "%s: --journal is required: the bank journal paying", name)
	}
	if strings.TrimSpace(*company) == "" {
		return usagef(name, "%s: --company is required: the name the bank debits, written in the transfer file", name)
	}
	if err := canWrite(cmp.Or(*out, "run.xml"), *slip); err != nil {
		return err
	}
	return a.withBook(func(b *ledger.Book) error {
		addr.Country = strings.ToUpper(strings.TrimSpace(addr.Country))
		req := reconcile.RunRequest{Operation: op, Journal: *jr, Partners: partners, NoDiscount: *noDiscount, EarlyForDiscount: *early,
			Debtor: strings.TrimSpace(*company), DebtorAddress: addr}
		if !addr.IsZero() {
			if err := ident.SEPAAddress(addr.Town, addr.Country); err != nil {
				return usagef(name, "--company-town and --company-country: %v (an ISO 3166 code: FR)", err)
			}
		}
		if req.Date, err = dateOrToday(b, *date); err != nil {
			return usagef(name, "--date: %v", err)
		}
		req.DueBy = req.Date
		if *dueBy != "" {
			if req.DueBy, err = parseDate(*dueBy); err != nil {
				return usagef(name, "--due-by: %v", err)
			}
		}
		j, err := b.Journal(a.ctx, *jr)
		if err != nil {
			return fmt.Errorf("journal %s: %w", *jr, err)
		}
		if j.Kind != ledger.JournalBank || j.IBAN == "" || !j.UsesOutstanding {
			return fmt.Errorf("journal %s cannot pay a SEPA run: it needs the company's IBAN and outstanding accounts (lettrage journal add CODE --kind bank --iban FR76… --outstanding)", *jr)
		}
		// What the transfer file needs of the company, checked before the
		// run is booked: a name the bank can carry.
		// A name the transfer file can carry, checked before the run is
		// booked (the journal's account is RunPayments' to check).
		if !ident.EPCCarries(req.Debtor, 70) {
			return usagef(name, "--company: %q has no Latin letter or digit a SEPA file carries", req.Debtor)
		}
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		run, err := rec.RunPayments(a.ctx, req)
		if err != nil {
			return fmt.Errorf("payment run on %s: %w", *jr, err)
		}
		if run.Debtor != "" && run.Debtor != req.Debtor {
			return fmt.Errorf("payment run %s was made for %q, whose name its file carries: write it again with --company %q", run.ID, run.Debtor, run.Debtor)
		}
		ct, err := bank.CreditTransfers(a.ctx, b, run, req.Debtor)
		if errors.Is(err, bank.ErrTransfer) && run.Result.Replay {
			return fmt.Errorf("payment run %s: %w", run.ID, err) // written again: the same answer again
		} else if err != nil {
			return fmt.Errorf("payment run %s, booked: %w; write its file again with --id %s", run.ID, err, run.Result.Operation)
		}
		if today := journal.DateOf(b.Now()); run.Date.Before(today) && !run.Result.Replay {
			// Booked as asked (a run recorded after the fact), but a bank
			// refuses a transfer file asking for a past execution date.
			fmt.Fprintf(a.stderr, "lettrage: run: the execution date %s is past (today %s): the bank may refuse the file; a run to send is dated today or later\n",
				frenchDate(run.Date.String()), frenchDate(today.String()))
		}
		if why, closed := bank.TARGETClosed(run.Date); closed && !run.Result.Replay {
			fmt.Fprintf(a.stderr, "lettrage: run: the execution date %s is no TARGET business day (%s): the bank executes the transfers on %s, not on the day the payments are booked; a run is dated a business day\n",
				frenchDate(run.Date.String()), why, frenchDate(bank.NextTARGETDay(run.Date).String()))
		}
		o := runOutput{ID: run.ID, Journal: run.Journal, Date: run.Date.String(), File: *out, Slip: *slip, Replay: run.Result.Replay,
			Currency: b.Currency().Code()}
		if o.File == "" {
			o.File = run.ID + ".xml"
		}
		if err := writeFileAtomic(o.File, func(w io.Writer) error { return bank.WritePain001(w, ct) }); err != nil {
			return fmt.Errorf("payment run %s, booked: %s: %w; write it again with --id %s", run.ID, o.File, err, run.Result.Operation)
		}
		if *slip != "" {
			if err := writeFileAtomic(*slip, func(w io.Writer) error { return print.TransferSlip(w, ct) }); err != nil {
				return fmt.Errorf("payment run %s, booked: %s: %w; print it again with --id %s", run.ID, *slip, err, run.Result.Operation)
			}
		}
		// What the file pays: a payment cancelled since the run was
		// booked is left out of it, and listed apart.
		inFile := map[string]bank.CreditTransfer{}
		for _, t := range ct.Payments {
			inFile[t.EndToEndID] = t
		}
		total := currency.Zero(b.Currency())
		for _, p := range run.Payments {
			t, ok := inFile[p.EndToEndID]
			if !ok {
				o.Cancelled = append(o.Cancelled, p.Payment.Name())
				continue
			}
			rp := runPayment{Partner: p.Partner, Name: t.Creditor.Name, Entry: p.Payment.Name(), Amount: p.Amount.Plain(),
				EndToEndID: p.EndToEndID}
			if !p.Discount.IsZero() {
				rp.Discount = p.Discount.Plain()
			}
			for _, id := range p.Bills {
				e, err := b.Entry(a.ctx, id)
				if err != nil {
					return err
				}
				rp.Bills = append(rp.Bills, e.Name())
			}
			for _, ids := range []struct {
				from []journal.ID
				to   *[]string
			}{{p.CreditNotes, &rp.CreditNotes}, {p.OnAccount, &rp.OnAccount}} {
				for _, id := range ids.from {
					e, err := b.Entry(a.ctx, id)
					if err != nil {
						return err
					}
					*ids.to = append(*ids.to, e.Name())
				}
			}
			if total, err = total.Add(p.Amount); err != nil {
				return err
			}
			o.Payments = append(o.Payments, rp)
		}
		o.Total = total.Plain()
		return a.emit(o, func(w io.Writer) error {
			again := ""
			if o.Replay {
				again = " (already booked: replayed)"
			}
			fmt.Fprintf(w, "Payment run %s on %s, executed %s%s: %s, %s %s\n", o.ID, o.Journal, frenchDate(o.Date), again,
				plural(len(o.Payments), "supplier"), currency.FrenchDecimal(o.Total), o.Currency)
			for _, p := range o.Payments {
				disc := ""
				if p.Discount != "" {
					disc = "  discount " + currency.FrenchDecimal(p.Discount)
				}
				if len(p.OnAccount) > 0 {
					disc += "  less paid on account " + strings.Join(p.OnAccount, " ")
				}
				fmt.Fprintf(w, "  %-8s %-24s %-14s %14s  %s  %s%s\n", p.Partner, p.Name, p.Entry, currency.FrenchDecimal(p.Amount),
					p.EndToEndID, strings.Join(slices.Concat(p.Bills, p.CreditNotes), " "), disc)
			}
			if len(o.Cancelled) > 0 {
				fmt.Fprintf(w, "  left out, cancelled since: %s\n", strings.Join(o.Cancelled, " "))
			}
			fmt.Fprintf(w, "SEPA credit transfer file %s written\n", o.File)
			if o.Slip != "" {
				fmt.Fprintf(w, "Transfer slip %s written\n", o.Slip)
			}
			return nil
		})
	})
}

// dateOrToday parses s, or gives the book's clock's date for "".
func dateOrToday(b *ledger.Book, s string) (journal.Date, error) {
	if s == "" {
		return journal.DateOf(b.Now()), nil
	}
	return parseDate(s)
}
