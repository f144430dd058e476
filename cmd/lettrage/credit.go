package main

import (
	"fmt"
	"io"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// creditOutput is an outstanding item that could settle a document.
type creditOutput struct {
	Line     string `json:"line"` // "BQD/2026/00003:0", what 'credit use' takes
	Type     string `json:"type"`
	Account  string `json:"account"`
	Date     string `json:"date"`
	Ref      string `json:"ref,omitempty"`
	Residual string `json:"residual"` // in Currency when set, else the company currency
	Currency string `json:"currency,omitempty"`
}

func cmdCreditList(a *app, name string, args []string) error {
	l := leaf{name: name, args: "NUMBER", about: `Lists what could settle invoice or bill NUMBER besides a payment: the
partner's open credit notes, overpayments and payments on account on its
account, then its advances (acomptes) on 419100 for a customer, 409100 for
a supplier. 'lettrage credit use NUMBER LINE' uses one.`}
	fs := a.flagSet(name)
	rest, err := a.parse(fs, l, args, 1, 1)
	if err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		doc, err := entryNamed(a, b, rest[0])
		if err != nil {
			return err
		}
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		items, err := rec.OutstandingCredits(a.ctx, doc.ID)
		if err != nil {
			return fmt.Errorf("%s: %w", rest[0], err)
		}
		out := []creditOutput{}
		for _, it := range items {
			x, err := b.Entry(a.ctx, it.Ref.Entry)
			if err != nil {
				return err
			}
			o := creditOutput{Line: fmt.Sprintf("%s:%d", it.Number, it.Ref.Index), Type: it.Type.String(),
				Account: x.Lines[it.Ref.Index].Account, Date: it.Date.String(), Ref: it.Reference, Residual: amountText(it.Residual.Abs())}
			if c := it.ResidualCurrency.Currency(); it.ResidualCurrency.IsSet() && c != b.Currency() {
				o.Residual, o.Currency = amountText(it.ResidualCurrency.Abs()), c.Code()
			}
			out = append(out, o)
		}
		return a.emit(out, func(w io.Writer) error {
			if len(out) == 0 {
				_, err := fmt.Fprintf(w, "%s: nothing outstanding of its partner to settle it with\n", doc.Name())
				return err
			}
			for _, o := range out {
				fmt.Fprintf(w, "%-20s %-12s %-8s %s %14s %s %s\n", o.Line, o.Type, o.Account, frenchDate(o.Date),
					currency.FrenchDecimal(o.Residual), o.Currency, o.Ref)
			}
			return nil
		})
	})
}

// documentResultOutput is what an operation on one document did (credit
// use, baddebt): the entries it posted, the matches it made, and the
// document's state after.
type documentResultOutput struct {
	Replay  bool          `json:"replay,omitempty"`
	Entries []entryOutput `json:"entries,omitempty"`
	Matches []matchOutput `json:"matches,omitempty"`
	State   stateOutput   `json:"state"`
}

func cmdCreditUse(a *app, name string, args []string) error {
	l := leaf{name: name, args: "NUMBER LINE", about: `Settles invoice or bill NUMBER with an outstanding item of its partner,
LINE as 'lettrage credit list NUMBER' names it ("AV/2026/00002:0"; an
entry's number alone takes its first line with a partner): a credit note,
an overpayment, a payment on account, or an advance (acompte) on 419100 or
409100, moved onto the invoice's account by a transfer entry that
unlettering either side reverses. --amount uses only that much of it.`}
	fs := a.flagSet(name)
	amount := fs.String("amount", "", "how much of the item to use, in the currency the two letter in: the item's, or a foreign invoice's for a euro item (default: as much as both can take)")
	rest, err := a.parse(fs, l, args, 2, 2)
	if err != nil {
		return err
	}
	return a.withBook(func(b *ledger.Book) error {
		doc, err := entryNamed(a, b, rest[0])
		if err != nil {
			return err
		}
		credit, err := lineRef(a, b, rest[1], "")
		if err != nil {
			return err
		}
		u := reconcile.UseCredit{Document: doc.ID, Credit: credit}
		if *amount != "" {
			ce, err := b.Entry(a.ctx, credit.Entry)
			if err != nil {
				return err
			}
			// The currency the two letter in: the credit's, or a foreign
			// document's when the credit is in the company currency.
			cur := ce.Lines[credit.Index].AmountCurrency.Currency()
			if cur.IsZero() || cur == b.Currency() {
				cur = b.Currency()
				if !doc.Currency.IsZero() {
					cur = doc.Currency
				}
			}
			if u.Amount, err = parseAmount(cur, *amount); err != nil {
				return usagef(name, "--amount: %v", err)
			}
			if u.Amount.Sign() <= 0 {
				return usagef(name, "--amount: %s: how much of the item to use, a positive amount (leave --amount out to use as much as both can take)", *amount)
			}
		}
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		res, err := rec.UseCredit(a.ctx, u)
		if err != nil {
			return fmt.Errorf("credit use %s %s: %w", rest[0], rest[1], err)
		}
		return emitDocumentResult(a, b, rec, res, doc)
	})
}

// emitDocumentResult prints what an operation on document doc did: its
// entries, its matches and the document's state after (--json: a
// documentResultOutput).
func emitDocumentResult(a *app, b *ledger.Book, rec *reconcile.Reconciler, res reconcile.Result, doc journal.Entry) error {
	o := documentResultOutput{Replay: res.Replay}
	for _, e := range res.Entries {
		o.Entries = append(o.Entries, outputOf(e, res.Replay))
	}
	for _, m := range res.Matches {
		o.Matches = append(o.Matches, matchOf(a, b, m))
	}
	var err error
	if o.State, err = stateOf(a, b, rec, doc); err != nil {
		return err
	}
	return a.emit(o, func(w io.Writer) error {
		for _, e := range o.Entries {
			printEntry(w, e)
		}
		printMatches(w, o.Matches)
		printStates(w, []stateOutput{o.State})
		return nil
	})
}
