package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
)

// chequeOutput is a cheque received as printed.
type chequeOutput struct {
	Payment string `json:"payment"`
	Date    string `json:"date"`
	Partner string `json:"partner"`
	Number  string `json:"number,omitempty"`
	Bank    string `json:"bank,omitempty"`
	Amount  string `json:"amount"`
	// Currency is the cheque's currency, given only when it is not the
	// book's.
	Currency string `json:"currency,omitempty"`
}

func chequeOutputOf(c reconcile.WaitingCheque) chequeOutput {
	return chequeOutput{Payment: c.Payment.Name(), Date: c.Payment.Date.String(), Partner: c.Partner, Number: c.Cheque.Number,
		Bank: c.Cheque.Bank, Amount: c.Amount.Plain(), Currency: foreignCode(c.Amount, c.Payment)}
}

// foreignCode is a's currency code when it is not the company's, the
// currency of the company's lines of e; "" otherwise.
func foreignCode(a currency.Amount, e journal.Entry) string {
	if len(e.Lines) == 0 || a.Currency() == e.Lines[0].Balance.Currency() {
		return ""
	}
	return a.Currency().Code()
}

func printCheques(w io.Writer, cs []chequeOutput) {
	for _, c := range cs {
		fmt.Fprintf(w, "  %-14s %s  %-8s %-12s %-16s %14s%s\n", c.Payment, frenchDate(c.Date), c.Partner, c.Number, c.Bank,
			currency.FrenchDecimal(c.Amount), strings.TrimRight(" "+c.Currency, " "))
	}
}

func cmdDepositList(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Lists the customer cheques received through a bank journal ('lettrage pay
--method cheque --cheque NUMBER') that wait on its outstanding receipts
account, in no deposit yet: what 'lettrage deposit add' hands to the bank.`}
	fs := a.flagSet(name)
	jr := fs.String("journal", "BQ", "the bank `JOURNAL` the cheques were received through")
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		waiting, err := rec.ChequesWaiting(a.ctx, *jr)
		if err != nil {
			return fmt.Errorf("cheques of %s: %w", *jr, err)
		}
		out := viewsOf(waiting, chequeOutputOf)
		if out == nil {
			out = []chequeOutput{}
		}
		return a.emit(out, func(w io.Writer) error {
			// A total per currency, the book's first: a slip holds
			// cheques of one currency.
			totals := []currency.Amount{currency.Zero(b.Currency())}
			for _, c := range waiting {
				i := slices.IndexFunc(totals, func(t currency.Amount) bool { return t.Currency() == c.Amount.Currency() })
				if i < 0 {
					i, totals = len(totals), append(totals, currency.Zero(c.Amount.Currency()))
				}
				if totals[i], err = totals[i].Add(c.Amount); err != nil {
					return err
				}
			}
			if len(totals) > 1 && totals[0].IsZero() {
				totals = totals[1:]
			}
			sums := make([]string, len(totals))
			for i, t := range totals {
				sums[i] = currency.FrenchNumber(t) + " " + t.Currency().Code()
			}
			fmt.Fprintf(w, "%s waiting to be deposited on %s: %s\n", plural(len(out), "cheque"), *jr, strings.Join(sums, " + "))
			printCheques(w, out)
			return nil
		})
	})
}

// depositOutput is a cheque deposit as printed.
type depositOutput struct {
	ID      string         `json:"id"`
	Journal string         `json:"journal"`
	Date    string         `json:"date"`
	Total   string         `json:"total"`
	Cheques []chequeOutput `json:"cheques"`
	Slip    string         `json:"slip,omitempty"`
	Replay  bool           `json:"replay,omitempty"`
}

func cmdDepositAdd(a *app, name string, args []string) error {
	l := leaf{name: name, args: "[PAYMENT...]", about: `Records a cheque deposit (remise de chèques): the cheques named by their
payment numbers (BQ/2026/00012), or with --all every cheque waiting on the
journal and received by --date, handed to the bank together. Nothing is
posted: the cheques wait on the outstanding receipts account until the
statement line of the deposit's total clears them all (lettrage import
camt053/cfonb matches it). --slip prints the deposit slip (bordereau de
remise) to hand in with them.`}
	fs := a.flagSet(name)
	jr := fs.String("journal", "BQ", "the bank `JOURNAL` the cheques were received through")
	date := fs.String("date", "", "the `DATE` of the deposit (default: the book's clock)")
	all := fs.Bool("all", false, "deposit every cheque waiting, received on or before --date")
	slip := fs.String("slip", "", "print the deposit slip to this PDF `FILE` (with --company)")
	company := fs.String("company", "", "the company's `NAME`, printed on the slip")
	opText := opFlag(fs)
	rest, err := a.parse(fs, l, args, 0, -1)
	if err != nil {
		return err
	}
	op, err := operation(name, *opText)
	if err != nil {
		return err
	}
	if op == journal.NoID {
		op = journal.NewID() // named in the message that says how to print the slip again
	}
	switch {
	case *all && len(rest) > 0:
		return usagef(name, "%s: payment numbers or --all, not both", name)
	case !*all && len(rest) == 0:
		return usagef(name, "%s: name the cheques' payments, or --all ('lettrage deposit list' shows them)", name)
	case *slip != "" && strings.TrimSpace(*company) == "":
		return usagef(name, "%s: --slip needs --company, the name printed on it", name)
	}
	if err := canWrite(*slip); err != nil {
		return err
	}
	return a.withBook(func(b *ledger.Book) error {
		d, err := dateOrToday(b, *date)
		if err != nil {
			return usagef(name, "--date: %v", err)
		}
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		dep := reconcile.Deposit{Operation: op, Journal: *jr, Date: d}
		// A deposit made before under this --id is replayed as it was
		// (its slip printed again): with --all, as the cheques it took
		// then, which wait no more; named, as the library checks them.
		replay := false
		if *opText != "" {
			made, found, err := rec.DepositOf(a.ctx, *jr, op)
			if err != nil {
				return fmt.Errorf("deposit on %s: %w", *jr, err)
			}
			if replay = found; found && *all {
				dep.Payments = made.Payments
			}
		}
		if *all && dep.Payments == nil {
			waiting, err := rec.ChequesWaiting(a.ctx, *jr)
			if err != nil {
				return fmt.Errorf("cheques of %s: %w", *jr, err)
			}
			for _, c := range waiting {
				if !c.Payment.Date.After(d) {
					dep.Payments = append(dep.Payments, c.Payment.ID)
				}
			}
			if len(dep.Payments) == 0 {
				return fmt.Errorf("no cheque received through %s by %s waits to be deposited", *jr, frenchDate(d.String()))
			}
		}
		for _, n := range rest {
			e, err := entryNamed(a, b, n)
			if err != nil {
				return err
			}
			dep.Payments = append(dep.Payments, e.ID)
		}
		batch, err := rec.DepositCheques(a.ctx, dep)
		if err != nil {
			return fmt.Errorf("deposit on %s: %w", *jr, err)
		}
		o := depositOutput{ID: batch.ID, Journal: batch.Journal, Date: batch.Date.String(), Total: batch.Total.Plain(), Slip: *slip, Replay: replay}
		for _, id := range batch.Payments {
			e, err := b.Entry(a.ctx, id)
			if err != nil {
				return err
			}
			c, _, err := rec.PaymentCheque(a.ctx, id)
			if err != nil {
				return err
			}
			// A receipt's first line is the customer's, of the cheque's
			// amount (as the deposit slip reads it).
			o.Cheques = append(o.Cheques, chequeOutput{Payment: e.Name(), Date: e.Date.String(), Partner: firstPartner([]journal.Entry{e}),
				Number: c.Number, Bank: c.Bank, Amount: e.Lines[0].AmountCurrency.Abs().Plain(), Currency: foreignCode(e.Lines[0].AmountCurrency, e)})
		}
		if *slip != "" {
			doc, err := print.DepositOf(a.ctx, rec, batch, *company)
			if err != nil {
				return err
			}
			if err := writeFileAtomic(*slip, func(w io.Writer) error { return print.DepositSlip(w, doc) }); err != nil {
				return fmt.Errorf("deposit %s, recorded: %s: %w; print it again with --id %s", batch.ID, *slip, err, dep.Operation)
			}
		}
		return a.emit(o, func(w io.Writer) error {
			again := ""
			if o.Replay {
				again = " (recorded before: replayed)"
			}
			fmt.Fprintf(w, "Deposit %s on %s, %s%s: %s, %s %s\n", o.ID, o.Journal, frenchDate(o.Date), again, plural(len(o.Cheques), "cheque"),
				currency.FrenchDecimal(o.Total), batch.Total.Currency().Code())
			printCheques(w, o.Cheques)
			if o.Slip != "" {
				fmt.Fprintf(w, "Deposit slip %s written\n", o.Slip)
			}
			return nil
		})
	})
}
