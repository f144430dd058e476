package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// unpostedLine is a statement line imported and not posted yet, as the
// statement commands and import --match print it.
type unpostedLine struct {
	Journal   string `json:"journal"`
	Statement string `json:"statement"`
	Ref       string `json:"ref"`
	Date      string `json:"date"`
	Amount    string `json:"amount"`
	Currency  string `json:"currency"` // the statement's: a USD account's lines are in USD
	Label     string `json:"label,omitempty"`
	// Counterparty and Remittance are who paid or was paid and what for,
	// as the bank's transaction details give them (a batch's, each once,
	// joined by "; "): what the accountant posting the line needs to know.
	Counterparty string `json:"counterparty,omitempty"`
	Remittance   string `json:"remittance,omitempty"`
	cur          currency.Currency
}

func unpostedOf(e reconcile.ImportedEntry) unpostedLine {
	var who, why []string
	for _, tx := range e.Transactions {
		if tx.Counterparty != "" && !slices.Contains(who, tx.Counterparty) {
			who = append(who, tx.Counterparty)
		}
		if tx.Remittance != "" && !slices.Contains(why, tx.Remittance) && !strings.Contains(e.Label, tx.Remittance) {
			why = append(why, tx.Remittance)
		}
	}
	return unpostedLine{Journal: e.Journal, Statement: e.Statement, Ref: e.Ref, Date: e.BookingDate.String(),
		Amount: e.Amount.Plain(), Currency: e.Amount.Currency().Code(), Label: e.Label,
		Counterparty: strings.Join(who, "; "), Remittance: strings.Join(why, "; "), cur: e.Amount.Currency()}
}

// text is the line as the commands print it: what 'statement post' takes
// first, then the date, the amount (with its currency when it is not the
// book's, c), the bank's label, who paid or was paid and what for.
func (u unpostedLine) text(c currency.Currency) string {
	s := fmt.Sprintf("%s %s %s  %s  %s", u.Journal, u.Statement, u.Ref, frenchDate(u.Date), lineAmount(u.Amount, u.cur, c))
	for _, x := range []string{u.Label, u.Counterparty, u.Remittance} {
		if x != "" {
			s += "  " + x
		}
	}
	return s
}

// lineAmount is a statement line's amount as the commands print it: in
// French, with its currency, cur, when it is not the book's, c.
func lineAmount(plain string, cur, c currency.Currency) string {
	a, err := currency.Parse(cmp.Or(cur, c), plain)
	if err != nil {
		return plain
	}
	if cur != c && cur != (currency.Currency{}) {
		return currency.FrenchNumber(a) + " " + cur.Code()
	}
	return currency.FrenchNumber(a)
}

func cmdStatementOpen(a *app, name string, args []string) error {
	l := leaf{name: name, args: "[JOURNAL...]", about: `Lists the bank statement lines imported and not posted yet, of the bank
journals named or of every bank journal: the lines 'import --match'
matched with nothing. Post each with 'lettrage statement post', to the
suspense account 471000 or to the account it belongs on (627000 for bank
fees); a fiscal year holding one cannot be closed.`}
	fs := a.flagSet(name)
	journals, err := a.parse(fs, l, args, 0, -1)
	if err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		var js []ledger.Journal
		if err := b.View(a.ctx, func(t *ledger.Tx) error {
			var err error
			js, err = t.Journals()
			return err
		}); err != nil {
			return err
		}
		bank := map[string]bool{}
		for _, j := range js {
			if j.Kind == ledger.JournalBank {
				bank[j.Code] = true
			}
		}
		if len(journals) == 0 {
			for _, j := range js {
				if bank[j.Code] {
					journals = append(journals, j.Code)
				}
			}
		}
		for _, j := range journals {
			if !bank[j] {
				return usagef(name, "%s is not a bank journal: statements are imported into bank journals", j)
			}
		}
		out := []unpostedLine{}
		for _, j := range journals {
			open, err := rec.OpenImported(a.ctx, j)
			if err != nil {
				return fmt.Errorf("journal %s: %w", j, err)
			}
			for _, e := range open {
				out = append(out, unpostedOf(e))
			}
		}
		return a.emit(out, func(w io.Writer) error {
			for _, u := range out {
				fmt.Fprintln(w, u.text(b.Currency()))
			}
			if len(out) == 0 {
				fmt.Fprintln(w, "Every imported statement line is posted")
			}
			return nil
		})
	})
}

func cmdStatementPost(a *app, name string, args []string) error {
	l := leaf{name: name, args: "JOURNAL STATEMENT REF", about: `Posts an imported bank statement line that matched nothing (see
'lettrage statement open') as a statement line of its journal, dated at
its booking date, against --account: by default the suspense account
471000, for money nobody can name yet (letter it later with what it
pays), or the account it belongs on (627000 for bank fees, 661600 for
interest; 411000 with --partner for a customer's money).

A line the bank booked as the return of an earlier one (a cheque returned
unpaid, a direct debit refused, a transfer sent back) is posted with
--returns REF (and --returns-statement ID when the earlier line came in
another statement) and --partner: the documents the earlier line paid are
owed again, and it is lettered with its return. 'import --match' does it
when the return names what the earlier line named.`}
	fs := a.flagSet(name)
	account := fs.String("account", "471000", "the counterpart `ACCOUNT`")
	partner := fs.String("partner", "", "the `PARTNER` of a receivable or payable --account (a customer's refund), or whose money --returns takes back")
	returns := fs.String("returns", "", "the `REF` of the earlier statement line this one returns")
	returnsIn := fs.String("returns-statement", "", "the statement `ID` of --returns, when not this line's")
	opText := opFlag(fs)
	rest, err := a.parse(fs, l, args, 3, 3)
	if err != nil {
		return err
	}
	to := reconcile.ImportedTarget{Account: *account, Partner: *partner}
	switch {
	case *returns != "" && *partner == "":
		return usagef(name, "%s: --returns needs the --partner whose money the line takes back", name)
	case *returns == "" && *returnsIn != "":
		return usagef(name, "%s: --returns-statement goes with --returns", name)
	case *returns != "":
		to = reconcile.ImportedTarget{Partner: *partner, Returns: &reconcile.ImportedRef{Statement: cmp.Or(*returnsIn, rest[1]), Ref: *returns}}
	}
	op, err := operation(name, *opText)
	if err != nil {
		return err
	}
	return a.withBook(func(b *ledger.Book) error {
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		res, err := rec.PostImported(a.ctx, op, rest[0], rest[1], rest[2], to)
		if err != nil {
			if errors.Is(err, reconcile.ErrAccount) {
				// The account's own words, without the package's prefix:
				// the accountant chose --account, and reads what to do.
				return fmt.Errorf("statement line %s %s %s: --account %s: %s", rest[0], rest[1], rest[2], *account,
					strings.TrimPrefix(err.Error(), "reconcile: "))
			}
			return fmt.Errorf("statement line %s %s %s: %w", rest[0], rest[1], rest[2], err)
		}
		o := resultOutput(a, b, res)
		return a.emit(o, func(w io.Writer) error {
			for i, e := range o.Entries {
				switch {
				case to.Returns == nil:
					fmt.Fprintf(w, "Posted %s: statement line %s %s to %s\n", e, rest[1], rest[2], *account)
				case i == 0:
					fmt.Fprintf(w, "Posted %s: statement line %s %s, the return of %s %s: what it paid is owed again\n", e, rest[1], rest[2], to.Returns.Statement, to.Returns.Ref)
				default:
					fmt.Fprintf(w, "Posted %s\n", e)
				}
			}
			return nil
		})
	})
}
