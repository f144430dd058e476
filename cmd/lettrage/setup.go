package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/pgstore"
)

func cmdInit(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Creates a new book in the file --book names, which must not exist yet:
the company currency, the French chart of accounts and journals (unless
--chart none), and the fiscal years (calendar years by --year, or years
of --months months from --start, both repeatable, the n-th --months
going with the n-th --start; by default the current calendar year).
'lettrage year add' adds the next years later.`}
	fs := a.flagSet(name)
	code := fs.String("currency", "EUR", "the company `CURRENCY` (ISO 4217)")
	chart := fs.String("chart", "french", "the chart to install: french or none")
	yf := yearFlags(fs)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	cur, err := currency.Lookup(strings.ToUpper(*code))
	if err != nil {
		return usagef(name, "--currency: %v", err)
	}
	if *chart != "french" && *chart != "none" {
		return usagef(name, "--chart: %q is neither french nor none", *chart)
	}
	fys, err := yf.fiscalYears(name)
	if err != nil {
		return err
	}
	clock, err := a.now()
	if err != nil {
		return err
	}
	if len(fys) == 0 {
		fys = append(fys, ledger.CalendarYear(clock().Year()))
	}
	if !isPostgres(a.bookPath) {
		if _, err := os.Stat(a.bookPath); err == nil {
			return fmt.Errorf("%s exists: init creates a new book and leaves an existing file alone", a.bookPath)
		} else if !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	st, err := a.openStore(true)
	if err != nil {
		return err
	}
	defer st.Close()
	book, err := ledger.Create(a.ctx, st, ledger.Options{Currency: cur, Clock: clock})
	if errors.Is(err, ledger.ErrBookExists) {
		return fmt.Errorf("%s holds a book: init creates a new book and leaves an existing one alone", bookName(a.bookPath))
	} else if err != nil {
		return err
	}
	if err := setUpBook(a, book, fys, *chart); err != nil {
		// The book was made by this call, in a file or schema that held
		// none: it goes, so that init can be run again with the mistake
		// mended.
		if db, ok := st.(*pgstore.DB); ok {
			err = errors.Join(err, db.Drop(a.ctx))
		} else {
			err = errors.Join(err, st.Close(), os.Remove(a.bookPath))
		}
		return err
	}
	out := struct {
		Book        string     `json:"book"`
		Currency    string     `json:"currency"`
		Chart       string     `json:"chart"`
		FiscalYears []yearView `json:"fiscal_years"`
	}{bookName(a.bookPath), cur.Code(), *chart, yearViews(fys)}
	return a.emit(out, func(w io.Writer) error {
		fmt.Fprintf(w, "Book %s created: currency %s, chart %s\n", bookName(a.bookPath), cur.Code(), *chart)
		for _, y := range fys {
			fmt.Fprintf(w, "Fiscal year %s: %s to %s\n", y.Label, y.Start.French(), y.End.French())
		}
		return nil
	})
}

// yearView is a fiscal year as --json prints it, in the keys of every
// other output: init, year add and year list alike.
type yearView struct {
	Label  string `json:"label"`
	Start  string `json:"start"`
	End    string `json:"end"`
	Closed string `json:"closed,omitempty"` // the day it was closed
}

func yearViewOf(y ledger.FiscalYear, closed string) yearView {
	return yearView{y.Label, y.Start.String(), y.End.String(), closed}
}

func yearViews(fys []ledger.FiscalYear) []yearView {
	out := make([]yearView, len(fys))
	for i, y := range fys {
		out[i] = yearViewOf(y, "")
	}
	return out
}

// fiscalYearFlags are the flags that name fiscal years: calendar years,
// or years of some months from their first day.
type fiscalYearFlags struct {
	years          listFlag
	starts, months multiFlag
}

func yearFlags(fs *flag.FlagSet) *fiscalYearFlags {
	f := &fiscalYearFlags{}
	fs.Var(&f.years, "year", "a calendar fiscal `YEAR` (repeatable, or 2026,2027)")
	fs.Var(&f.starts, "start", "the first `DATE` of a fiscal year that is not a calendar year (repeatable)")
	fs.Var(&f.months, "months", "the `N`umber of months of the fiscal year starting at the --start of the same rank (default 12; a first year may have up to 24)")
	return f
}

// fiscalYears are the fiscal years the flags name, in date order; a
// --months without its --start, or flags naming the same days twice, are
// usage errors.
func (f *fiscalYearFlags) fiscalYears(name string) ([]ledger.FiscalYear, error) {
	var fys []ledger.FiscalYear
	var flags []string // the flag that named each of fys, "--year 2026"
	for _, y := range f.years {
		n, err := strconv.Atoi(y)
		if err != nil || n < journal.DateYearMin || n >= journal.DateYearMax {
			return nil, usagef(name, "--year: %q is not a year", y)
		}
		fys = append(fys, ledger.CalendarYear(n))
		flags = append(flags, "--year "+y)
	}
	if len(f.months) > len(f.starts) {
		return nil, usagef(name, "--months: %d given for %d --start", len(f.months), len(f.starts))
	}
	for i, s := range f.starts {
		d, err := parseDate(s)
		if err != nil {
			return nil, usagef(name, "--start: %v", err)
		}
		n, err := f.monthsAt(name, i)
		if err != nil {
			return nil, err
		}
		fys = append(fys, ledger.FiscalYearFrom(d, n))
		flags = append(flags, "--start "+s)
	}
	// In date order, whichever flag named them: a short first year by
	// --start, then calendar years.
	order := make([]int, len(fys))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(fys[i].Start.Key(), fys[j].Start.Key()) })
	sorted := make([]ledger.FiscalYear, len(fys))
	for k, i := range order {
		sorted[k] = fys[i]
		// Two flags whose years share days can never be added together,
		// whatever the book holds.
		if k == 0 || fys[i].Start.After(sorted[k-1].End) {
			continue
		}
		end := sorted[k-1].End
		if fys[i].End.Before(end) {
			end = fys[i].End
		}
		return nil, usagef(name, "%s and %s both name %s to %s: give each fiscal year once",
			flags[order[k-1]], flags[i], fys[i].Start.French(), end.French())
	}
	return sorted, nil
}

// monthsAt is the i-th --months, 12 when there is none.
func (f *fiscalYearFlags) monthsAt(name string, i int) (int, error) {
	if i >= len(f.months) {
		return 12, nil
	}
	n, err := strconv.Atoi(f.months[i])
	if err != nil || n < 1 {
		return 0, usagef(name, "--months: %q is not a number of months", f.months[i])
	}
	return n, nil
}

func cmdYearAdd(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Adds fiscal years to the book: calendar years by --year, years of
--months months from --start; with neither, the twelve months (or
--months months) that follow the book's last year. A year starts the day
after the one before it ends.`}
	fs := a.flagSet(name)
	yf := yearFlags(fs)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	// With neither --year nor --start: the year after the book's last,
	// of one --months or twelve.
	next := len(yf.years) == 0 && len(yf.starts) == 0
	var fys []ledger.FiscalYear
	var months int
	var err error
	switch {
	case next && len(yf.months) > 1:
		return usagef(name, "--months: one length for the next year")
	case next:
		months, err = yf.monthsAt(name, 0)
	default:
		fys, err = yf.fiscalYears(name)
	}
	if err != nil {
		return err
	}
	return a.withBook(func(b *ledger.Book) error {
		if next {
			have, err := b.FiscalYears(a.ctx)
			if err != nil {
				return err
			}
			if len(have) == 0 {
				return usagef(name, "the book has no fiscal year to follow: give --year or --start")
			}
			fys = []ledger.FiscalYear{ledger.FiscalYearFrom(have[len(have)-1].End.AddDays(1), months)}
		}
		// All or none: a refused year adds none of the others.
		if err := b.AddFiscalYears(a.ctx, fys...); err != nil {
			return err
		}
		return a.emit(struct {
			FiscalYears []yearView `json:"fiscal_years"`
		}{yearViews(fys)}, func(w io.Writer) error {
			for _, y := range fys {
				fmt.Fprintf(w, "Fiscal year %s: %s to %s\n", y.Label, y.Start.French(), y.End.French())
			}
			return nil
		})
	})
}

func cmdYearList(a *app, name string, args []string) error {
	l := leaf{name: name, about: "Lists the book's fiscal years, with the date each was closed."}
	fs := a.flagSet(name)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		fys, err := b.FiscalYears(a.ctx)
		if err != nil {
			return err
		}
		closed := map[string]string{}
		if err := b.View(a.ctx, func(t *ledger.Tx) error {
			cs, err := t.Closings()
			for _, c := range cs {
				closed[c.Year.Label] = c.At.UTC().Format("2006-01-02")
			}
			return err
		}); err != nil {
			return err
		}
		out := make([]yearView, 0, len(fys))
		for _, y := range fys {
			out = append(out, yearViewOf(y, closed[y.Label]))
		}
		return a.emit(struct {
			FiscalYears []yearView `json:"fiscal_years"`
		}{out}, func(w io.Writer) error {
			// Dates as every other text output prints them (dd/mm/yyyy);
			// --json keeps ISO.
			for i, y := range fys {
				state := "open"
				if c := out[i].Closed; c != "" {
					state = "closed on " + frenchDate(c)
				}
				fmt.Fprintf(w, "%-10s %s to %s  %s\n", y.Label, y.Start.French(), y.End.French(), state)
			}
			return nil
		})
	})
}

// setUpBook adds a new book's fiscal years and, when asked, its chart.
func setUpBook(a *app, book *ledger.Book, fys []ledger.FiscalYear, chart string) error {
	if err := book.AddFiscalYears(a.ctx, fys...); err != nil {
		return err
	}
	if chart == "french" {
		return book.InstallFrenchChart(a.ctx)
	}
	return nil
}

func cmdPartnerAdd(a *app, name string, args []string) error {
	l := leaf{name: name, args: "CODE...", about: "Adds customers or suppliers to the book: one with its details, or several by their codes."}
	fs := a.flagSet(name)
	pname := fs.String("name", "", "the partner's `NAME` (default: its code)")
	siren := fs.String("siren", "", "its `SIREN`")
	siret := fs.String("siret", "", "the `SIRET` of the establishment invoiced or paid (of its --siren when both are given)")
	vat := fs.String("vat", "", "its intra-community `VAT` number (FR44732829320): an invoice to another EU country must carry it")
	street := fs.String("street", "", "its postal address: the `STREET` name (SEPA files want the address structured)")
	building := fs.String("building", "", "its postal address: the building `NUMBER` (\"12 bis\")")
	postcode := fs.String("postcode", "", "its postal address: the `POSTCODE`")
	town := fs.String("town", "", "its postal address: the `TOWN`")
	country := fs.String("country", "", "its postal address: the `COUNTRY`, an ISO 3166 code (FR)")
	var ibans listFlag
	fs.Var(&ibans, "iban", "a bank account `IBAN` (repeatable): it identifies the partner on statements")
	bic := fs.String("bic", "", "the `BIC` of the --iban's bank (one --iban): needed to pay an account outside the EEA")
	terms := fs.Int("terms", 0, "default payment terms in days (0 to 366)")
	eom := fs.Bool("end-of-month", false, "the terms run to the end of the month they reach (\"45 jours fin de mois\"; alone: due at the end of the invoice's month)")
	day := fs.Int("day-of-month", 0, "then due on that `DAY` of a month, 1 to 31 (the last day of a shorter month): of the month after the end of month with --end-of-month (\"45 jours fin de mois le 10\": --terms 45 --end-of-month --day-of-month 10), else the first on or after the terms (\"à 30 jours le 10\")")
	method := fs.String("method", "", "default payment method (transfer, cheque, card, cash, sepa_debit…)")
	consumer := fs.Bool("consumer", false, "a private individual, not a professional: no late-payment penalties nor recovery indemnity are claimed of it")
	rest, err := a.parse(fs, l, args, 1, -1)
	if err != nil {
		return err
	}
	address := ledger.Address{Street: *street, BuildingNumber: *building, PostCode: *postcode, Town: *town, Country: strings.ToUpper(*country)}
	details := *pname != "" || *siren != "" || *siret != "" || *vat != "" || !address.IsZero() || len(ibans) > 0 || *bic != "" ||
		*terms != 0 || *eom || *day != 0 || *method != ""
	if len(rest) > 1 && details {
		return usagef(name, "%s: details (--name, --siren…) go with one partner", name)
	}
	if *terms < 0 || *terms > ledger.PaymentTermDaysMax {
		return usagef(name, "--terms: %d days; give 0 to %d", *terms, ledger.PaymentTermDaysMax)
	}
	if *day < 0 || *day > ledger.PaymentTermDayOfMonthMax {
		return usagef(name, "--day-of-month: %d; give a day of the month, 1 to %d", *day, ledger.PaymentTermDayOfMonthMax)
	}
	p := ledger.Partner{Name: *pname, PaymentTermDays: *terms, PaymentTermEndOfMonth: *eom, PaymentTermDayOfMonth: *day,
		PaymentMethod: *method, Consumer: *consumer, Address: address}
	if *siren != "" {
		if p.SIREN, err = ident.ParseSIREN(*siren); err != nil {
			return usagef(name, "--siren: %v", err)
		}
	}
	if *siret != "" {
		if p.SIRET, err = ident.ParseSIRET(*siret); err != nil {
			return usagef(name, "--siret: %v", err)
		}
	}
	if *vat != "" {
		if p.VAT, err = ident.ParseVATNumber(*vat); err != nil {
			return usagef(name, "--vat: %v", err)
		}
	}
	for _, s := range ibans {
		iban, err := ident.ParseIBAN(s)
		if err != nil {
			return usagef(name, "--iban: %v", err)
		}
		p.BankAccounts = append(p.BankAccounts, ledger.BankAccount{IBAN: iban})
	}
	if *bic != "" {
		if len(p.BankAccounts) != 1 {
			return usagef(name, "--bic goes with one --iban, the account of that bank")
		}
		if p.BankAccounts[0].BIC, err = ident.ParseBIC(*bic); err != nil {
			return usagef(name, "--bic: %v", err)
		}
	}
	return a.withBook(func(b *ledger.Book) error {
		var added []ledger.Partner
		for _, code := range rest {
			q := p
			q.Code = code
			if q.Name == "" {
				q.Name = code // files such as the FEC want a name
			}
			added = append(added, q)
		}
		// All or none: a refused code adds none of the others.
		if err := b.AddPartners(a.ctx, added...); err != nil {
			if len(added) == 1 {
				return fmt.Errorf("partner %s: %w", added[0].Code, err)
			}
			return err
		}
		return a.emit(viewsOf(added, partnerViewOf), func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "Partners added: %s\n", strings.Join(rest, " "))
			return err
		})
	})
}

func cmdPartnerList(a *app, name string, args []string) error {
	l := leaf{name: name, about: "Lists the partners of the book."}
	fs := a.flagSet(name)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		var ps []ledger.Partner
		err := b.View(a.ctx, func(t *ledger.Tx) error {
			var err error
			ps, err = t.Partners()
			return err
		})
		if err != nil {
			return err
		}
		return a.emit(viewsOf(ps, partnerViewOf), func(w io.Writer) error {
			for _, p := range ps {
				fmt.Fprintf(w, "%-12s %s\n", p.Code, p.Name)
			}
			return nil
		})
	})
}

func cmdJournalList(a *app, name string, args []string) error {
	l := leaf{name: name, about: "Lists the journals of the book: code, kind, name and, for a bank or cash journal, its account."}
	fs := a.flagSet(name)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		var js []ledger.Journal
		err := b.View(a.ctx, func(t *ledger.Tx) error {
			var err error
			js, err = t.Journals()
			return err
		})
		if err != nil {
			return err
		}
		return a.emit(viewsOf(js, journalViewOf), func(w io.Writer) error {
			for _, j := range js {
				line := fmt.Sprintf("%-6s %-10s %-30s %s", j.Code, j.Kind, j.Name, j.BankAccount)
				fmt.Fprintln(w, strings.TrimRight(line, " "))
			}
			return nil
		})
	})
}

func cmdAccountList(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Lists the chart of accounts: code, kind, L for a lettrable
(reconcilable) account, - for an inactive one, name.`}
	fs := a.flagSet(name)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		accts, err := b.Accounts(a.ctx)
		if err != nil {
			return err
		}
		return a.emit(viewsOf(accts, accountViewOf), func(w io.Writer) error {
			for _, ac := range accts {
				marks := []byte("  ")
				if ac.Reconcilable {
					marks[0] = 'L'
				}
				if !ac.Active {
					marks[1] = '-'
				}
				// 23: the longest kind, unrealised_fx_liability.
				held := ""
				if !ac.Currency.IsZero() {
					held = " [" + ac.Currency.Code() + "]"
				}
				fmt.Fprintf(w, "%-12s %-23s %s %s%s\n", ac.Code, ac.Kind, marks, ac.Name, held)
			}
			return nil
		})
	})
}

func cmdJournalAdd(a *app, name string, args []string) error {
	l := leaf{name: name, args: "CODE", about: `Adds a journal. A bank journal (--kind bank) books --bank-account; with
--iban, the statements of that account are imported into it.`}
	fs := a.flagSet(name)
	jname := fs.String("name", "", "the journal's `NAME`")
	kind := fs.String("kind", "general", "general, sale, purchase, bank or cash")
	bankAccount := fs.String("bank-account", "512000", "the bank or cash `ACCOUNT` of a bank or cash journal")
	iban := fs.String("iban", "", "the company's bank account `IBAN` this journal books")
	outstanding := fs.Bool("outstanding", false, "book payments on 512100/512200 until a statement line clears them")
	rest, err := a.parse(fs, l, args, 1, 1)
	if err != nil {
		return err
	}
	k, ok := journalKind(*kind)
	if !ok {
		return usagef(name, "--kind: unknown journal kind %q", *kind)
	}
	j := ledger.Journal{Code: rest[0], Name: *jname, Kind: k}
	if k == ledger.JournalBank || k == ledger.JournalCash {
		j.BankAccount = *bankAccount
	}
	if *outstanding {
		if k != ledger.JournalBank && k != ledger.JournalCash {
			return usagef(name, "--outstanding goes with a bank or cash journal (--kind bank or cash)")
		}
		j.UsesOutstanding, j.OutstandingReceipts, j.OutstandingPayments = true, "512100", "512200"
	}
	if *iban != "" {
		if j.IBAN, err = ident.ParseIBAN(*iban); err != nil {
			return usagef(name, "--iban: %v", err)
		}
	}
	return a.withBook(func(b *ledger.Book) error {
		if err := b.AddJournal(a.ctx, j); err != nil {
			return fmt.Errorf("journal %s: %w", j.Code, err)
		}
		return a.emit(journalViewOf(j), func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "Journal %s added\n", j.Code)
			return err
		})
	})
}

func cmdAccountAdd(a *app, name string, args []string) error {
	l := leaf{name: name, args: "CODE", about: "Adds an account to the chart."}
	fs := a.flagSet(name)
	aname := fs.String("name", "", "the account's `NAME`")
	kind := fs.String("kind", "", "its kind: receivable, payable, bank, income, expense, tax, equity, other… (default: its class's, 411… receivable, 445… tax, 6… expense)")
	rec := fs.Bool("reconcilable", false, "its lines can be lettered (receivable and payable accounts always are)")
	cur := fs.String("currency", "", "the `CURRENCY` the account is held in, when not the company's: a bank account in dollars (USD) takes only dollar lines, and 'lettrage revalue' brings it to the closing rate; a bank account may be fixed to the company's, for the journal in it of an IBAN held in several currencies")
	rest, err := a.parse(fs, l, args, 1, 1)
	if err != nil {
		return err
	}
	acct := ledger.AccountOfCode(rest[0], *aname)
	if *kind != "" {
		k, ok := accountKind(*kind)
		if !ok {
			return usagef(name, "--kind: unknown account kind %q", *kind)
		}
		acct = ledger.NewAccount(rest[0], *aname, k)
	}
	if *rec {
		acct.Reconcilable = true
	}
	if *cur != "" {
		c, err := currency.Lookup(strings.ToUpper(*cur))
		if err != nil {
			return usagef(name, "--currency: %v", err)
		}
		acct.Currency = c
	}
	return a.withBook(func(b *ledger.Book) error {
		if acct.Currency == b.Currency() && acct.Kind != ledger.KindBank {
			// The book keeps every account in its own currency: the flag
			// names the foreign currency an account is held in. A bank
			// account is the exception: an account held in several
			// currencies has a journal per currency, each on a bank
			// account fixed to its own, the book's currency included.
			example := "USD"
			if acct.Currency.Code() == example {
				example = "EUR"
			}
			return usagef(name, "--currency: %s is the book's own currency; leave --currency out for an account kept in it (give it for an account held in a foreign currency, a bank account in %s, or for the %s bank account of an IBAN held in several currencies)", acct.Currency.Code(), example, acct.Currency.Code())
		}
		if err := b.AddAccount(a.ctx, acct); err != nil {
			return fmt.Errorf("account %s: %w", acct.Code, err)
		}
		return a.emit(accountViewOf(acct), func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "Account %s added (%s)\n", acct.Code, acct.Kind)
			return err
		})
	})
}

func cmdAccountDeactivate(a *app, name string, args []string) error {
	l := leaf{name: name, args: "CODE", about: `Deactivates an account: the entries posted, imported or paid from then
on may not use it, and are refused. Its lines and balance stay, it can
still be lettered, and the entries the book makes itself (exchange
differences, write-offs, cash-basis VAT) and reversals still post to it.
'lettrage account activate CODE' takes it back.`}
	return setAccountActive(a, l, args, false)
}

func cmdAccountActivate(a *app, name string, args []string) error {
	l := leaf{name: name, args: "CODE", about: "Activates an inactive account again: entries may use it."}
	return setAccountActive(a, l, args, true)
}

// setAccountActive runs account activate and deactivate. An account
// already so is left as it is and said so.
func setAccountActive(a *app, l leaf, args []string, active bool) error {
	fs := a.flagSet(l.name)
	rest, err := a.parse(fs, l, args, 1, 1)
	if err != nil {
		return err
	}
	code := rest[0]
	return a.withBook(func(b *ledger.Book) error {
		acct, err := b.Account(a.ctx, code)
		if errors.Is(err, ledger.ErrUnknownAccount) {
			return fmt.Errorf("account %s: %w ('lettrage account list' lists the chart)", code, err)
		} else if err != nil {
			return fmt.Errorf("account %s: %w", code, err)
		}
		was := acct.Active == active
		if !was {
			if err := b.SetAccountActive(a.ctx, code, active); err != nil {
				return fmt.Errorf("account %s: %w", code, err)
			}
			acct.Active = active
		}
		return a.emit(accountViewOf(acct), func(w io.Writer) error {
			state := "inactive"
			if active {
				state = "active"
			}
			if was {
				_, err := fmt.Fprintf(w, "Account %s was already %s\n", code, state)
				return err
			}
			_, err := fmt.Fprintf(w, "Account %s is now %s\n", code, state)
			return err
		})
	})
}

// journalKind and accountKind read a kind by the name its String gives.
func journalKind(s string) (ledger.JournalKind, bool) {
	for k := ledger.JournalKind(0); k < 64; k++ {
		if k.String() == s {
			return k, true
		}
	}
	return 0, false
}

func accountKind(s string) (ledger.AccountKind, bool) {
	for k := ledger.AccountKind(0); k.Valid(); k++ {
		if k.String() == s {
			return k, true
		}
	}
	return 0, false
}

func cmdClose(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Closes a fiscal year for good: no entry can be added on or before its
end again. Refused while the year has a suspense balance, an earlier year
is open, or bank statement entries imported in it are not posted; run
'lettrage verify' and the reports first. Run again by the same person, it
says the year is closed and changes nothing.`}
	fs := a.flagSet(name)
	year := fs.String("year", "", "the fiscal `YEAR` to close, by its label (2026)")
	by := fs.String("by", os.Getenv("USER"), "who closes it (default $USER)")
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	if *year == "" {
		return usagef(name, "--year is required")
	}
	if *by == "" {
		return usagef(name, "--by is required (no $USER)")
	}
	return a.withBook(func(b *ledger.Book) error {
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		c, replay, err := rec.CloseFiscalYear(a.ctx, *year, *by)
		var stale *reconcile.StaleRevaluationError
		if errors.As(err, &stale) {
			return fmt.Errorf("close %s: %w (%s posts what is missing)", *year, err, revalueAgain(stale))
		}
		if err != nil {
			return fmt.Errorf("close %s: %w", *year, err)
		}
		out := struct {
			Year   string    `json:"year"`
			End    string    `json:"end"`
			By     string    `json:"by"`
			At     time.Time `json:"at"`
			Replay bool      `json:"replay,omitempty"`
		}{c.Year.Label, c.Year.End.String(), c.By, c.At, replay}
		return a.emit(out, func(w io.Writer) error {
			what := "closed"
			if replay {
				what = "was already closed"
			}
			_, err := fmt.Fprintf(w, "Fiscal year %s (to %s) %s by %s on %s\n", c.Year.Label, c.Year.End.French(), what, c.By,
				c.At.UTC().Format("02/01/2006 15:04 MST"))
			return err
		})
	})
}

// revalueAgain is the 'lettrage revalue' command that runs the closing
// revaluation a refused closing names again as it was asked: its rates
// (and a placeholder for a currency with none known), its provision.
func revalueAgain(e *reconcile.StaleRevaluationError) string {
	cmd := []string{"lettrage revalue --date", e.Date.String()}
	for _, code := range slices.Sorted(maps.Keys(e.Rates)) {
		cmd = append(cmd, "--rate", code+"="+e.Rates[code].String())
	}
	if _, given := e.Rates[e.Currency.Code()]; !given && e.Rate.IsZero() {
		cmd = append(cmd, "--rate", e.Currency.Code()+"=RATE")
	}
	if e.Provision {
		cmd = append(cmd, "--provision")
	}
	return strings.Join(cmd, " ")
}
