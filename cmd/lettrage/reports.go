package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/tax"
)

func reportCommands() []*command {
	return []*command{
		{name: "trial", summary: "trial balance at a date", run: cmdReportTrial},
		{name: "ledger", summary: "general ledger (grand livre)", run: cmdReportLedger},
		{name: "balance", summary: "balance générale", run: cmdReportBalance},
		{name: "aux", summary: "balance auxiliaire (customers and suppliers)", run: cmdReportAux},
		{name: "journals", summary: "journal listing", run: cmdReportJournals},
		{name: "lettering", summary: "lettering list: documents and what settled them", run: cmdReportLettering},
		{name: "statement", summary: "a partner's statement: what it owes, its credits", run: cmdReportStatement},
		{name: "vat", summary: "VAT due over a period", run: cmdReportVAT},
		{name: "aged", summary: "balance âgée: open items by days past due", run: cmdReportAged},
	}
}

// outFlags choose how a report is written.
type outFlags struct {
	cmd    string // the command's name, for a usage error
	csv    bool
	french bool
	xlsx   string
}

func addOutFlags(fs *flag.FlagSet) *outFlags {
	o := &outFlags{cmd: fs.Name()}
	fs.BoolVar(&o.csv, "csv", false, "write CSV (decimal point, ISO dates)")
	fs.BoolVar(&o.french, "french", false, "with --csv: ';', decimal comma, dd/mm/yyyy dates")
	fs.StringVar(&o.xlsx, "xlsx", "", "write an Excel workbook to `FILE`")
	return o
}

// validate refuses output flags that contradict each other, before the
// book is opened (the commands call it after parsing).
func (o *outFlags) validate() error {
	switch {
	case o.csv && o.xlsx != "":
		return usagef(o.cmd, "%s: --csv or --xlsx, not both", o.cmd)
	case o.french && !o.csv:
		return usagef(o.cmd, "%s: --french goes with --csv", o.cmd)
	}
	return nil
}

// writeTable writes t as text, CSV, XLSX or JSON.
func (a *app) writeTable(t report.Table, o *outFlags) error {
	switch {
	case o.xlsx != "":
		if err := writeFileAtomic(o.xlsx, func(w io.Writer) error { return report.WriteXLSX(w, t) }); err != nil {
			return err
		}
		return a.emit(map[string]string{"file": o.xlsx}, func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "%s written\n", o.xlsx)
			return err
		})
	case a.json:
		return writeJSONTable(a.stdout, t)
	case o.csv:
		opts := report.CSVOptions{}
		if o.french {
			opts = report.CSVFrench
		}
		return report.WriteCSV(a.stdout, t, opts)
	}
	return report.WriteText(a.stdout, t)
}

// writeJSONTable streams t as one JSON object: its title, its columns and
// its rows, each cell a string (amounts as exact decimals, dates ISO) or
// null when blank.
func writeJSONTable(w io.Writer, t report.Table) error {
	type col struct {
		Name string `json:"name"`
		Kind string `json:"kind"`
	}
	cols := make([]col, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = col{c.Name, [...]string{"text", "date", "amount", "rate"}[c.Kind]}
	}
	head, err := json.Marshal(struct {
		Title   string `json:"title"`
		Columns []col  `json:"columns"`
	}{t.Title, cols})
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "%s,\"rows\":[", head[:len(head)-1]); err != nil {
		return err
	}
	first := true
	if t.Rows != nil {
		for r, err := range t.Rows {
			if err != nil {
				return err
			}
			cells := make([]any, len(r.Cells))
			for i, c := range r.Cells {
				if i >= len(t.Columns) {
					break
				}
				switch t.Columns[i].Kind {
				case report.ColDate:
					if !c.Date.IsZero() {
						cells[i] = c.Date.String()
					}
				case report.ColAmount:
					if c.Amount.IsSet() {
						cells[i] = c.Amount.Plain()
					}
				default:
					cells[i] = c.Text
				}
			}
			b, err := json.Marshal(struct {
				Kind  string `json:"kind"`
				Cells []any  `json:"cells"`
			}{r.Kind.String(), cells})
			if err != nil {
				return err
			}
			sep := ",\n"
			if first {
				sep, first = "\n", false
			}
			if _, err := fmt.Fprintf(w, "%s%s", sep, b); err != nil {
				return err
			}
		}
	}
	_, err = io.WriteString(w, "\n]}\n")
	return err
}

// periodFlags select a period within one fiscal year.
type periodFlags struct {
	cmd, year, from, to string
}

func addPeriodFlags(fs *flag.FlagSet) *periodFlags {
	p := &periodFlags{cmd: fs.Name()}
	fs.StringVar(&p.year, "year", "", "the fiscal `YEAR` (its label; default: the year of --to, or of today)")
	fs.StringVar(&p.from, "from", "", "the first `DATE` (default: the year's first day)")
	fs.StringVar(&p.to, "to", "", "the last `DATE` (default: the year's last day)")
	return p
}

// period resolves the flags against the book's fiscal years.
func (p *periodFlags) period(a *app, b *ledger.Book) (report.Period, error) {
	var per report.Period
	var err error
	if p.from != "" {
		if per.From, err = parseDate(p.from); err != nil {
			return per, usagef(p.cmd, "--from: %v", err)
		}
	}
	if p.to != "" {
		if per.To, err = parseDate(p.to); err != nil {
			return per, usagef(p.cmd, "--to: %v", err)
		}
	}
	if err := checkPeriod(p.cmd, per.From, per.To); err != nil {
		return per, err
	}
	if !per.From.IsZero() && !per.To.IsZero() && p.year == "" {
		return per, nil
	}
	fy, err := fiscalYear(a, b, p.year, per.To, per.From)
	if err != nil {
		return per, err
	}
	if p.year != "" {
		// Dates given with a year are in it: a report of another period
		// under the year asked for is no answer to it.
		for _, d := range []struct {
			flag string
			on   journal.Date
		}{{"--from", per.From}, {"--to", per.To}} {
			if !d.on.IsZero() && !fy.Contains(d.on) {
				return per, usagef(p.cmd, "%s %s is outside fiscal year %s (%s to %s): give the year or the dates, or dates within it",
					d.flag, d.on, fy.Label, fy.Start, fy.End)
			}
		}
	}
	if per.From.IsZero() {
		per.From = fy.Start
	}
	if per.To.IsZero() {
		per.To = fy.End
	}
	return per, nil
}

// checkPeriod refuses, as a usage error, a period that ends before it
// starts.
func checkPeriod(cmd string, from, to journal.Date) error {
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return usagef(cmd, "--to %s is before --from %s: give a period that ends after it starts", to.French(), from.French())
	}
	return nil
}

// fiscalYear returns the fiscal year labelled label, else the one holding
// the first non-zero date given or the book's today, else the last one.
func fiscalYear(a *app, b *ledger.Book, label string, dates ...journal.Date) (ledger.FiscalYear, error) {
	years, err := b.FiscalYears(a.ctx)
	if err != nil {
		return ledger.FiscalYear{}, err
	}
	if len(years) == 0 {
		return ledger.FiscalYear{}, fmt.Errorf("the book has no fiscal year")
	}
	if label != "" {
		for _, y := range years {
			if y.Label == label {
				return y, nil
			}
		}
		return ledger.FiscalYear{}, fmt.Errorf("no fiscal year %q", label)
	}
	at := journal.DateOf(b.Now())
	for _, d := range dates {
		if !d.IsZero() {
			at = d
			break
		}
	}
	for _, y := range years {
		if y.Contains(at) {
			return y, nil
		}
	}
	return years[len(years)-1], nil
}

func cmdReportTrial(a *app, name string, args []string) error {
	l := leaf{name: name, about: "Prints the balance of every account at --at (default: the end of the fiscal year of today)."}
	fs := a.flagSet(name)
	at := fs.String("at", "", "the `DATE` of the balances")
	o := addOutFlags(fs)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		var d journal.Date
		if *at != "" {
			var err error
			if d, err = parseDate(*at); err != nil {
				return usagef(name, "--at: %v", err)
			}
		} else {
			fy, err := fiscalYear(a, b, "")
			if err != nil {
				return err
			}
			d = fy.End
		}
		tb, err := b.TrialBalance(a.ctx, d)
		if err != nil {
			return err
		}
		t := report.Table{Title: fmt.Sprintf("Trial balance at %s (fiscal year %s)", d.French(), tb.FiscalYear.Label), Sheet: "Trial balance",
			Columns: []report.Column{{Name: "Account", Width: 8}, {Name: "Name", Width: 40},
				{Name: "Debit", Kind: report.ColAmount, Width: 16}, {Name: "Credit", Kind: report.ColAmount, Width: 16},
				{Name: "Balance", Kind: report.ColAmount, Width: 16}}}
		row := func(k report.RowKind, r ledger.TrialRow) report.Row {
			return report.Row{Kind: k, Cells: []report.Cell{{Text: r.Account}, {Text: r.Name}, {Amount: r.Debit}, {Amount: r.Credit}, {Amount: r.Balance}}}
		}
		t.Rows = func(yield func(report.Row, error) bool) {
			for _, r := range tb.Rows {
				if !yield(row(report.RowDetail, r), nil) {
					return
				}
			}
			yield(row(report.RowGrandTotal, tb.Total), nil)
		}
		return a.writeTable(t, o)
	})
}

func cmdReportLedger(a *app, name string, args []string) error {
	l := leaf{name: name, about: "Prints the general ledger (grand livre) of a period within one fiscal year."}
	fs := a.flagSet(name)
	var accounts listFlag
	fs.Var(&accounts, "account", "an `ACCOUNT` to list (repeatable; default: every account)")
	byPartner := fs.Bool("by-partner", false, "list receivable and payable accounts partner by partner")
	p := addPeriodFlags(fs)
	o := addOutFlags(fs)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		per, err := p.period(a, b)
		if err != nil {
			return err
		}
		t, err := report.GeneralLedgerTable(a.ctx, b, report.LedgerQuery{Period: per, Accounts: accounts, ByPartner: *byPartner})
		if err != nil {
			return err
		}
		return a.writeTable(t, o)
	})
}

func cmdReportBalance(a *app, name string, args []string) error {
	return a.balanceReport(name, args, false)
}

func cmdReportAux(a *app, name string, args []string) error {
	return a.balanceReport(name, args, true)
}

func (a *app) balanceReport(name string, args []string, aux bool) error {
	about := "Prints the balance générale of a period within one fiscal year: every account's opening, movements and closing."
	if aux {
		about = "Prints the balance auxiliaire of a period within one fiscal year: each partner's opening, movements and closing on the receivable and payable accounts."
	}
	l := leaf{name: name, about: about}
	fs := a.flagSet(name)
	var accounts listFlag
	fs.Var(&accounts, "account", "an `ACCOUNT` to list (repeatable)")
	p := addPeriodFlags(fs)
	o := addOutFlags(fs)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		per, err := p.period(a, b)
		if err != nil {
			return err
		}
		q := report.BalanceQuery{Period: per, Accounts: accounts}
		var rep report.BalanceReport
		if aux {
			rep, err = report.ReadAuxiliaryBalance(a.ctx, b, q)
		} else {
			rep, err = report.ReadGeneralBalance(a.ctx, b, q)
		}
		if err != nil {
			return err
		}
		return a.writeTable(rep.Table(), o)
	})
}

func cmdReportJournals(a *app, name string, args []string) error {
	l := leaf{name: name, about: "Prints the journal listing: every entry of the period, journal by journal, line by line; or with --central the journal centralisateur: each journal's debits and credits month by month."}
	fs := a.flagSet(name)
	var journals listFlag
	fs.Var(&journals, "journal", "a `JOURNAL` to list (repeatable; default: every journal)")
	central := fs.Bool("central", false, "print the journal centralisateur: one row per journal and month")
	p := addPeriodFlags(fs)
	o := addOutFlags(fs)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		per, err := p.period(a, b)
		if err != nil {
			return err
		}
		table := report.JournalTable
		if *central {
			table = report.CentralJournalTable
		}
		t, err := table(a.ctx, b, report.JournalQuery{Period: per, Journals: journals})
		if err != nil {
			return err
		}
		return a.writeTable(t, o)
	})
}

func cmdReportLettering(a *app, name string, args []string) error {
	l := leaf{name: name, about: "Prints the lettering list: one row per document and what settled it (payment, credit note, write-off…)."}
	fs := a.flagSet(name)
	account := fs.String("account", "", "the receivable or payable `ACCOUNT` (default 411000)")
	partner := fs.String("partner", "", "only this `PARTNER`")
	o := addOutFlags(fs)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		rows, err := rec.LetteringList(a.ctx, reconcile.LetteringFilter{Account: *account, Partner: *partner})
		if err != nil {
			return err
		}
		t := report.Table{Title: "Lettering list", Sheet: "Lettering", Columns: []report.Column{
			{Name: "Partner", Width: 10}, {Name: "Name", Width: 20}, {Name: "Document", Width: 16}, {Name: "Kind", Width: 19},
			{Name: "Date", Kind: report.ColDate, Width: 10}, {Name: "Total", Kind: report.ColAmount, Width: 14},
			{Name: "Settled by", Width: 16}, {Name: "Paid on", Kind: report.ColDate, Width: 10},
			{Name: "Settled", Kind: report.ColAmount, Width: 14},
			{Name: "Currency", Width: 8}, {Name: "Settled in currency", Kind: report.ColAmount, Width: 19}}}
		t.Rows = func(yield func(report.Row, error) bool) {
			for _, r := range rows {
				// The company's amounts, as the ledger reads; a foreign
				// document's own currency beside them, where its state is
				// decided (an exchange difference settles none of it).
				var cur report.Cell
				var own report.Cell
				if c := r.InvoiceTotal.Currency(); c != b.Currency() {
					cur, own = report.Cell{Text: c.Code()}, report.Cell{Amount: r.Settled}
				}
				if !yield(report.Row{Cells: []report.Cell{{Text: r.Partner}, {Text: r.PartnerName}, {Text: r.Invoice}, {Text: invoiceKindWord(r.InvoiceKind)},
					{Date: r.InvoiceDate}, {Amount: r.InvoiceTotalCompany}, {Text: r.Payment}, {Date: r.PaymentDate}, {Amount: r.SettledCompany}, cur, own}}, nil) {
					return
				}
			}
		}
		return a.writeTable(t, o)
	})
}

func cmdReportStatement(a *app, name string, args []string) error {
	l := leaf{name: name, args: "PARTNER", about: `Prints where a partner stands: the documents it still owes (reste dû) and its
unallocated credits (reste à utiliser), each line with the running
balance (solde progressif) of the lines so far, in the company currency,
debit positive; the last is the Balance.`}
	fs := a.flagSet(name)
	account := fs.String("account", "", "the receivable or payable `ACCOUNT` (default: each one the partner has lines on, 411000 when none)")
	atFlag := fs.String("at", "", "the `DATE` the statement is as at: what was due then, and what remained of it (default: as it stands)")
	o := addOutFlags(fs)
	rest, err := a.parse(fs, l, args, 1, 1)
	if err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	var at journal.Date
	if *atFlag != "" {
		if at, err = parseDate(*atFlag); err != nil {
			return usagef(name, "--at: %v", err)
		}
	}
	return a.readBook(func(b *ledger.Book) error {
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		p, err := b.Partner(a.ctx, rest[0])
		if err != nil {
			return err
		}
		accounts := []string{*account}
		if *account == "" {
			if accounts, err = partnerAccounts(a, b, p.Code); err != nil {
				return err
			}
		}
		for _, acc := range accounts {
			var st reconcile.PartnerStatement
			today := journal.DateOf(b.Now())
			if at.IsZero() {
				st, err = rec.Statement(a.ctx, acc, rest[0])
			} else {
				st, err = rec.StatementAt(a.ctx, acc, rest[0], at)
				today = at
			}
			if err != nil {
				return fmt.Errorf("statement of %s on %s: %w", rest[0], acc, err)
			}
			t := statementTable(rest[0], p.Name, acc, st, today, b.Rounding())
			if !at.IsZero() {
				t.Title += " at " + frenchDate(at.String())
			}
			if err := a.writeTable(t, o); err != nil {
				return err
			}
		}
		return nil
	})
}

// partnerAccounts lists the receivable, payable and advance accounts a
// partner the book knows has lines on, in code order: 411000 when it has none,
// so that a new customer's statement reads empty rather than failing.
func partnerAccounts(a *app, b *ledger.Book, partner string) ([]string, error) {
	accounts, err := b.Accounts(a.ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, acc := range accounts {
		// A partner's accounts: its receivable or payable ones, and the
		// advances it paid or was paid (419100, 409100), which hold what
		// it has to use.
		advance := (acc.Kind == ledger.KindCustomerAdvance || acc.Kind == ledger.KindSupplierAdvance) && acc.Reconcilable
		if !acc.Kind.NeedsPartner() && !advance {
			continue
		}
		bal, err := b.Balance(a.ctx, ledger.BalanceQuery{Account: acc.Code, Partner: partner})
		if err != nil {
			return nil, err
		}
		if !bal.Debit.IsZero() || !bal.Credit.IsZero() {
			out = append(out, acc.Code)
		}
	}
	if len(out) == 0 {
		out = []string{"411000"}
	}
	return out, nil
}

// typeText is what a statement's reader calls an entry of type t.
func typeText(t journal.EntryType) string {
	switch t {
	case journal.TypeCreditNote:
		return "credit note"
	case journal.TypeStatementLine:
		return "bank line"
	case journal.TypeExchangeDifference:
		return "exchange"
	case journal.TypeCashBasis:
		return "cash basis"
	case journal.TypeWriteOff:
		return "write-off"
	}
	return t.String() // invoice, payment, discount, revaluation, opening, misc
}

// statementTable is a partner's statement on one account as a table, the
// early-payment discounts offered until today or later beside their
// invoices, each line's running balance last.
func statementTable(partner, name, account string, st reconcile.PartnerStatement, today journal.Date, rounding currency.Rounding) report.Table {
	title := fmt.Sprintf("Statement of %s on %s", partner, account)
	if name != "" && name != partner { // a partner added without a name is named by its code
		title = fmt.Sprintf("Statement of %s %s on %s", partner, name, account)
	}
	t := report.Table{Title: title, Sheet: "Statement", Columns: []report.Column{
		{Name: "Document", Width: 16}, {Name: "Type", Width: 12}, {Name: "Date", Kind: report.ColDate, Width: 10},
		{Name: "Due", Kind: report.ColDate, Width: 10}, {Name: "Label", Width: 24},
		{Name: "Amount", Kind: report.ColAmount, Width: 14}, {Name: "Residual", Kind: report.ColAmount, Width: 14},
		{Name: "Discount", Kind: report.ColAmount, Width: 12}, {Name: "Until", Kind: report.ColDate, Width: 10},
		{Name: "Currency", Width: 8}, {Name: "Residual in currency", Kind: report.ColAmount, Width: 20},
		{Name: "Running balance", Kind: report.ColAmount, Width: 16}}}
	t.Rows = func(yield func(report.Row, error) bool) {
		// The running balance (solde progressif) of the lines, signed as
		// their residuals, in the company currency: it ends on Balance.
		running := currency.Zero(st.Due.Currency())
		items := func(its []reconcile.Item) bool {
			for _, it := range its {
				// The document's own number beside its label, as the
				// partner knows it; a foreign one's residual in its
				// currency, what the partner owes in it.
				label := it.Label
				if it.Reference != "" && !strings.Contains(label, it.Reference) {
					label = strings.TrimSpace(it.Reference + " " + label)
				}
				var cur, own report.Cell
				if c := it.AmountCurrency.Currency(); it.AmountCurrency.IsSet() && c != it.Amount.Currency() {
					cur, own = report.Cell{Text: c.Code()}, report.Cell{Amount: it.ResidualCurrency}
				}
				// The early-payment discount the invoice still offers, and
				// until when: what the partner may pay less. In the company
				// currency, as the amounts beside it, at the invoice's rate.
				var offer report.Cell
				var until report.Cell
				if o := it.DiscountOffer; o != nil && !today.After(o.Until) {
					v := o.Amount
					if c := it.Amount.Currency(); o.Amount.Currency() != c && !it.AmountCurrency.IsZero() {
						var err error
						if v, err = currency.MulDiv(o.Amount, it.Amount.Abs(), it.AmountCurrency.Abs(), c, rounding); err != nil {
							yield(report.Row{}, err)
							return false
						}
					}
					offer, until = report.Cell{Amount: v}, report.Cell{Date: o.Until}
				}
				var err error
				if running, err = running.Add(it.Residual); err != nil {
					yield(report.Row{}, err)
					return false
				}
				if !yield(report.Row{Cells: []report.Cell{{Text: fmt.Sprintf("%s:%d", it.Number, it.Ref.Index)}, {Text: typeText(it.Type)},
					{Date: it.Date}, {Date: it.DueDate}, {Text: label}, {Amount: it.Amount}, {Amount: it.Residual}, offer, until, cur, own, {Amount: running}}}, nil) {
					return false
				}
			}
			return true
		}
		total := func(label string, a currency.Amount) bool {
			return yield(report.Row{Kind: report.RowTotal, Cells: []report.Cell{{Text: label}, {}, {}, {}, {}, {}, {Amount: a}, {}, {}, {}, {}, {}}}, nil)
		}
		// The subtotals and the partner's balance, signed as the lines
		// above them and as in the balance auxiliaire (debit positive):
		// what remains of the open lines. (The statement's own Due and
		// Unallocated are magnitudes.)
		sum := func(list []reconcile.Item) (currency.Amount, bool) {
			s := currency.Zero(st.Due.Currency())
			for _, it := range list {
				var err error
				if s, err = s.Add(it.Residual); err != nil {
					yield(report.Row{}, err)
					return s, false
				}
			}
			return s, true
		}
		due, ok := sum(st.Open)
		if !ok {
			return
		}
		credits, ok := sum(st.Credits)
		if !ok {
			return
		}
		balance, err := due.Add(credits)
		if err != nil {
			yield(report.Row{}, err)
			return
		}
		_ = items(st.Open) && total("Due", due) && items(st.Credits) && total("Unallocated", credits) &&
			yield(report.Row{Kind: report.RowGrandTotal, Cells: []report.Cell{{Text: "Balance"}, {}, {}, {}, {}, {}, {Amount: balance}, {}, {}, {}, {}, {}}}, nil)
	}
	return t
}

func cmdReportAged(a *app, name string, args []string) error {
	l := leaf{name: name, about: "Prints the balance âgée at a date: each partner's open items on the receivable and payable accounts, by days past due (not due, 1-30, 31-60, 61-90, > 90, or the buckets --buckets sets), signed debit positive; each account's total is its balance at that date."}
	fs := a.flagSet(name)
	var accounts, partners listFlag
	fs.Var(&accounts, "account", "a receivable or payable `ACCOUNT` (repeatable; default: every one)")
	fs.Var(&partners, "partner", "a `PARTNER` to list (repeatable; default: every one)")
	at := fs.String("at", "", "the `DATE` of the balance (default: today)")
	byDate := fs.Bool("by-document-date", false, "age items from their document's date rather than their due date")
	buckets := fs.String("buckets", "", "the last `DAYS` past due of each overdue bucket but the open-ended last, comma-separated, rising (default 30,60,90)")
	o := addOutFlags(fs)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	var bounds []int
	if *buckets != "" {
		for _, f := range strings.Split(*buckets, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 || len(bounds) > 0 && n <= bounds[len(bounds)-1] {
				return usagef(name, "--buckets: %q: give rising numbers of days from 1, such as 30,60,90", *buckets)
			}
			bounds = append(bounds, n)
		}
	}
	return a.readBook(func(b *ledger.Book) error {
		d := journal.DateOf(b.Now())
		if *at != "" {
			var err error
			if d, err = parseDate(*at); err != nil {
				return usagef(name, "--at: %v", err)
			}
		}
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		named := len(accounts) > 0
		if !named {
			all, err := b.Accounts(a.ctx)
			if err != nil {
				return err
			}
			for _, acc := range all {
				if acc.Kind.NeedsPartner() && acc.Reconcilable {
					accounts = append(accounts, acc.Code)
				}
			}
		}
		// One balance per account: customers' and suppliers' open items
		// are not summed together, and each total is its account's
		// balance at the date.
		var out []reconcile.AgedBalance
		var last reconcile.AgedBalance
		for _, acc := range accounts {
			aged, err := rec.Aged(a.ctx, reconcile.AgedQuery{At: d, Accounts: []string{acc}, Partners: partners, ByDocumentDate: *byDate, Bounds: bounds})
			if err != nil {
				return err
			}
			if named || len(aged.Rows) > 0 {
				out = append(out, aged)
			}
			last = aged
		}
		if a.json && o.xlsx == "" {
			return a.emit(viewsOf(out, agedViewOf), nil)
		}
		shown := out
		if len(shown) == 0 && len(accounts) > 0 {
			// Nothing open anywhere: the title and zero totals, as the
			// other reports print; blank output looks like a fault.
			shown = []reconcile.AgedBalance{last}
		}
		t, err := agedTable(a, b, d, *byDate, shown)
		if err != nil {
			return err
		}
		return a.writeTable(t, o)
	})
}

// agedTable is the balance âgée as the other reports print it: a row per
// account and partner, with the partner's name, the residuals by bucket
// and their total, in the items' currency (named when it is not the
// company's); then each account's total in the company currency, which
// is its balance at the date. Customers and suppliers are totalled apart.
func agedTable(a *app, b *ledger.Book, at journal.Date, byDate bool, balances []reconcile.AgedBalance) (report.Table, error) {
	basis := "due date"
	if byDate {
		basis = "document date"
	}
	t := report.Table{Title: fmt.Sprintf("Aged balance at %s (days past %s)", at.French(), basis), Sheet: "Aged balance",
		Columns: []report.Column{{Name: "Account", Width: 8}, {Name: "Partner", Width: 10}, {Name: "Name", Width: 28}}}
	var buckets []reconcile.AgeBucket
	if len(balances) > 0 {
		buckets = balances[0].Buckets
	}
	for _, k := range buckets {
		t.Columns = append(t.Columns, report.Column{Name: k.Label, Kind: report.ColAmount, Width: 13})
	}
	t.Columns = append(t.Columns, report.Column{Name: "Total", Kind: report.ColAmount, Width: 13}, report.Column{Name: "Currency", Width: 8})
	names := map[string]string{}
	nameOf := func(code string) (string, error) {
		if n, ok := names[code]; ok || code == "" {
			return n, nil
		}
		p, err := b.Partner(a.ctx, code)
		if err != nil && !errors.Is(err, ledger.ErrNotFound) && !errors.Is(err, ledger.ErrUnknownPartner) {
			return "", err
		}
		names[code] = p.Name
		return p.Name, nil
	}
	var rows []report.Row
	row := func(kind report.RowKind, account, partner, name string, amounts []currency.Amount, total currency.Amount, company currency.Currency) {
		cells := []report.Cell{{Text: account}, {Text: partner}, {Text: name}}
		for _, x := range amounts {
			cells = append(cells, report.Cell{Amount: x})
		}
		cells = append(cells, report.Cell{Amount: total}, report.Cell{})
		if c := total.Currency(); c != company {
			cells[len(cells)-1].Text = c.Code()
		}
		rows = append(rows, report.Row{Kind: kind, Cells: cells})
	}
	for _, aged := range balances {
		company := aged.CompanyTotal.Currency()
		account := ""
		for _, r := range aged.Rows {
			name, err := nameOf(r.Partner)
			if err != nil {
				return report.Table{}, err
			}
			account = r.Account
			row(report.RowDetail, r.Account, r.Partner, name, r.Amounts, r.Total, company)
		}
		label := "Total"
		if account != "" {
			acc, err := b.Account(a.ctx, account)
			if err != nil {
				return report.Table{}, err
			}
			label = strings.TrimSpace("Total " + acc.Name)
		}
		row(report.RowTotal, account, "", label, aged.Company, aged.CompanyTotal, company)
	}
	t.Rows = func(yield func(report.Row, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
	return t, nil
}

func cmdReportVAT(a *app, name string, args []string) error {
	l := leaf{name: name, about: "Prints the VAT that became due over a period: per rate, its base and tax, collected and deductible."}
	fs := a.flagSet(name)
	p := addPeriodFlags(fs)
	o := addOutFlags(fs)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		per, err := p.period(a, b)
		if err != nil {
			return err
		}
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		rep, err := rec.VATReport(a.ctx, per.From, per.To)
		if err != nil {
			return err
		}
		t := report.Table{Title: "VAT " + per.String(), Sheet: "VAT", Columns: []report.Column{
			{Name: "Account", Width: 8}, {Name: "Tax", Width: 14}, {Name: "Name", Width: 32}, {Name: "Rate", Kind: report.ColRate, Width: 6},
			{Name: "Due on", Width: 10}, {Name: "Side", Width: 10}, {Name: "Base", Kind: report.ColAmount, Width: 16},
			{Name: "Tax amount", Kind: report.ColAmount, Width: 16}}}
		t.Rows = func(yield func(report.Row, error) bool) {
			for _, v := range rep.Lines {
				// A reverse-charge tax has a row on each side: the same tax,
				// due on 445200 and deductible on 445660.
				side := "deductible"
				if v.Collected {
					side = "collected"
				}
				if !yield(report.Row{Cells: []report.Cell{{Text: v.Account}, {Text: v.TaxID}, {Text: v.Name}, {Text: v.Rate.String()},
					{Text: dueOnWord(v.Exigibility)}, {Text: side}, {Amount: v.Base}, {Amount: v.Tax}}}, nil) {
					return
				}
			}
			// What the return comes to: collected less deductible, to pay
			// when positive, a credit to carry forward or claim otherwise.
			net, err := rep.Collected.Sub(rep.Deductible)
			if err != nil {
				yield(report.Row{}, err)
				return
			}
			netText := "Net due"
			if net.Sign() < 0 {
				netText, net = "Net credit", net.Neg()
			}
			if !(yield(report.Row{Kind: report.RowTotal, Cells: []report.Cell{{}, {}, {Text: "Collected"}, {}, {}, {}, {}, {Amount: rep.Collected}}}, nil) &&
				yield(report.Row{Kind: report.RowTotal, Cells: []report.Cell{{}, {}, {Text: "Deductible"}, {}, {}, {}, {}, {Amount: rep.Deductible}}}, nil)) {
				return
			}
			// The net only when the rates tell the whole story: beside
			// lines without a tax it would leave them out.
			if len(rep.Untaxed) == 0 && !yield(report.Row{Kind: report.RowTotal, Cells: []report.Cell{{}, {}, {Text: netText}, {}, {}, {}, {}, {Amount: net}}}, nil) {
				return
			}
			// Tax accounts moved by lines that carry no tax (imported
			// entries, the VAT settlement): not in the rates above, shown
			// so that an imported book does not read as owing nothing.
			for _, u := range rep.Untaxed {
				side, amount := untaxedSide(u)
				if !yield(report.Row{Cells: []report.Cell{{Text: u.Account}, {}, {Text: "lines without a tax"},
					{}, {}, {Text: side}, {}, {Amount: amount}}}, nil) {
					return
				}
			}
		}
		return a.writeTable(t, o)
	})
}

// untaxedSide is how the VAT report shows what lines without a tax moved
// on a tax account: on a collected VAT account (4457…, 4452… for VAT
// self-assessed) as collected, positive when credited, on a deductible
// one (4456…) as deductible, positive when debited, as the rate rows read;
// on another (4455… VAT to pay, 4458… pending) by its side, debit or
// credit.
func untaxedSide(u reconcile.VATUntaxed) (string, currency.Amount) {
	switch {
	case strings.HasPrefix(u.Account, "4457"), strings.HasPrefix(u.Account, "4452"):
		return "collected", u.Movement.Neg()
	case strings.HasPrefix(u.Account, "4456"):
		return "deductible", u.Movement
	case u.Movement.Sign() < 0:
		return "credit", u.Movement.Neg()
	}
	return "debit", u.Movement
}

// dueOnWord is when a tax falls due, as the VAT report's "Due on" column
// says it: on the invoice (débits) or on the payment (encaissements).
func dueOnWord(e tax.Exigibility) string {
	if e == tax.OnPayment {
		return "payment"
	}
	return "invoice"
}

// invoiceKindWord names a document's kind in the lettering list as a
// person says it: an invoice, a credit note, a cancellation, a penalty,
// or another entry's type (a payment refunded).
func invoiceKindWord(kind string) string {
	if kind == "normal" {
		return "invoice"
	}
	return strings.ReplaceAll(kind, "_", " ")
}
