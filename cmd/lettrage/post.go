package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
)

// decimalText is an amount in JSON input, a string or a number literal,
// kept as its text: never through a float.
type decimalText string

func (d *decimalText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*d = decimalText(s)
		return nil
	}
	if string(b) == "null" {
		return nil
	}
	*d = decimalText(b)
	return nil
}

// entryInput is an entry as post reads it from JSON.
type entryInput struct {
	Journal  string `json:"journal"`
	Date     string `json:"date"`
	Type     string `json:"type"`
	Ref      string `json:"ref"`
	Label    string `json:"label"`
	Currency string `json:"currency"`
	Lines    []struct {
		Account        string      `json:"account"`
		Partner        string      `json:"partner"`
		Label          string      `json:"label"`
		Due            string      `json:"due"`
		Debit          decimalText `json:"debit"`
		Credit         decimalText `json:"credit"`
		AmountCurrency decimalText `json:"amount_currency"`
		Tax            string      `json:"tax"`      // a French VAT id, as the CSV tax column
		TaxRole        string      `json:"tax_role"` // base or tax, as the CSV tax_role column
	} `json:"lines"`
	// Discount is an invoice's early-payment discount offer.
	Discount *struct {
		Amount decimalText `json:"amount"`
		Until  string      `json:"until"`
	} `json:"discount"`
}

// entryOutput is a posted entry as the commands print it.
type entryOutput struct {
	Number string     `json:"number"`
	ID     journal.ID `json:"id"`
	Replay bool       `json:"replay,omitempty"`
	Date   string     `json:"date"`
	Type   string     `json:"type"`
	Ref    string     `json:"ref,omitempty"`
	Label  string     `json:"label,omitempty"`
	Lines  []lineOut  `json:"lines"`
	// Discount is the early-payment discount an invoice offers.
	Discount *discountOut `json:"discount,omitempty"`
}

type discountOut struct {
	Amount string `json:"amount"`
	Until  string `json:"until"`
}

type lineOut struct {
	Index          int    `json:"index"`
	Account        string `json:"account"`
	Partner        string `json:"partner,omitempty"`
	Label          string `json:"label,omitempty"`
	Due            string `json:"due,omitempty"`
	Balance        string `json:"balance"`
	AmountCurrency string `json:"amount_currency,omitempty"`
	Currency       string `json:"currency,omitempty"`
}

func outputOf(e journal.Entry, replay bool) entryOutput {
	o := entryOutput{Number: e.Name(), ID: e.ID, Replay: replay, Date: e.Date.String(), Type: e.Type.String(), Ref: e.Ref, Label: e.Label}
	for i, l := range e.Lines {
		lo := lineOut{Index: i, Account: l.Account, Partner: l.Partner, Label: l.Label, Balance: amountText(l.Balance)}
		if !l.DueDate.IsZero() {
			lo.Due = l.DueDate.String()
		}
		if !e.Currency.IsZero() && l.AmountCurrency.IsSet() {
			lo.AmountCurrency, lo.Currency = l.AmountCurrency.Plain(), l.AmountCurrency.Currency().Code()
		}
		o.Lines = append(o.Lines, lo)
	}
	if d := e.DiscountOffer; d != nil {
		o.Discount = &discountOut{Amount: d.Amount.Plain(), Until: d.Until.String()}
	}
	return o
}

func printEntry(w io.Writer, o entryOutput) {
	fmt.Fprintf(w, "%s %s %s %s\n", o.Number, frenchDate(o.Date), o.Type, strings.TrimSpace(o.Ref+" "+o.Label))
	for _, l := range o.Lines {
		fmt.Fprintf(w, "  %d %-8s %-8s %14s %s\n", l.Index, l.Account, l.Partner, currency.FrenchDecimal(l.Balance), strings.TrimSpace(currency.FrenchDecimal(l.AmountCurrency)+" "+l.Currency))
	}
	if d := o.Discount; d != nil {
		fmt.Fprintf(w, "  early-payment discount %s until %s\n", currency.FrenchDecimal(d.Amount), frenchDate(d.Until))
	}
}

func cmdPost(a *app, name string, args []string) error {
	l := leaf{name: name, args: "[-]", about: `Posts one entry, from flags (its partners and accounts must be in the
book: 'lettrage partner add C001' first, on a new book):

  lettrage post --journal VT --date 2026-03-02 --type invoice --ref FA-1 \
    --line 411000:C001=1200.00 --line 706000=-1000.00@TVA20 --line 445710=-200.00@TVA20

(a line is ACCOUNT[:PARTNER]=AMOUNT[@TAX[:ROLE]], positive on the debit,
negative on the credit, with the tax it carries), or from a JSON object on
standard input ("-"):

  {"journal":"VT","date":"2026-03-02","type":"invoice","ref":"FA-1",
   "lines":[{"account":"411000","partner":"C001","debit":"1200.00","due":"2026-04-01"},
            {"account":"706000","credit":"1000.00","tax":"TVA20-ENC"},
            {"account":"445740","credit":"200.00","tax":"TVA20-ENC"}]}

A line's tax (@TAX, or "tax" in JSON) names a French VAT by its id (TVA20, TVA10, TVA5.5, TVA2.1,
EXO, EXPORT, and TVA8.5 and TVA1.05 in Guadeloupe, Martinique and La
Réunion, then -DED on purchases, then -ENC when due on payment; or a
reverse charge on a purchase, the rate's id then -AIC for goods from
another EU country, -AL-SERV for a service from a supplier established
abroad, -AL-BTP for subcontracted building work: TVA20-AIC, deductible on
445662 and due on 445200), on the base lines and on the lines on the
tax's accounts; a role "tax" (@TAX:tax, "tax_role":"tax") marks a tax
line on another account (a VAT self-assessed under TVA20-DED on 445200).

A supplier bill or credit note whose supplier already has one under the
same --ref (compared without surrounding spaces and case; a reversed one
does not count) is refused as the same document entered twice, naming
the entry posted first: when the supplier really reused the number, post
it with --allow-duplicate-ref.

An invoice may offer an early-payment discount: --discount AMOUNT (in
the entry's currency) with --discount-until DATE, or in JSON
"discount":{"amount":"24.00","until":"2026-03-12"}. Automatic lettering
(lettrage auto) takes it for a payment of what is owed less it, made by
that date.`}
	fs := a.flagSet(name)
	jr := fs.String("journal", "", "the `JOURNAL` code")
	date := fs.String("date", "", "the accounting `DATE`")
	typ := fs.String("type", "misc", "the entry type: misc, invoice, credit_note, payment, opening…")
	ref := fs.String("ref", "", "the document's reference")
	label := fs.String("label", "", "the entry's label")
	due := fs.String("due", "", "the due `DATE` of the lines with a partner (an invoice's or a credit note's default: the date plus the partner's payment term days)")
	discount := fs.String("discount", "", "the early-payment discount `AMOUNT` an invoice offers (with --discount-until)")
	until := fs.String("discount-until", "", "the last `DATE` a payment takes the discount on")
	allowDup := fs.Bool("allow-duplicate-ref", false, "post a supplier bill or credit note whose supplier already has one under the same --ref")
	var lines multiFlag
	fs.Var(&lines, "line", "a line `ACCOUNT[:PARTNER]=AMOUNT[@TAX[:ROLE]]` (repeatable)")
	rest, err := a.parse(fs, l, args, 0, 1)
	if err != nil {
		return err
	}
	return a.withBook(func(b *ledger.Book) error {
		var e journal.Entry
		if len(rest) == 1 {
			if rest[0] != "-" {
				return usagef(name, "%s: the only argument is \"-\" (JSON on standard input)", name)
			}
			if e, err = entryFromJSON(a.stdin, b.Currency()); err != nil {
				return err
			}
		} else if e, err = entryFromFlags(b.Currency(), *jr, *date, *typ, *ref, *label, *due, lines); err != nil {
			return usagef(name, "%v", err)
		}
		if *discount != "" || *until != "" {
			if len(rest) == 1 {
				return usagef(name, "%s: --discount goes in the JSON on standard input", name)
			}
			if e.DiscountOffer, err = discountOffer(b.Currency(), e, *discount, *until); err != nil {
				return usagef(name, "--discount: %v", err)
			}
			if err := offerProblem(func(c string) (ledger.Account, error) { return b.Account(a.ctx, c) }, e); err != nil {
				return usagef(name, "--%v", err)
			}
		}
		if err := checkTaxedLines(a, b, e); err != nil {
			return err
		}
		if err := partnerDue(a, b, &e); err != nil {
			return err
		}
		res, err := postEntry(a, b, e, *allowDup)
		if err != nil {
			return err
		}
		o := outputOf(res.Entry, res.Replay)
		return a.emit(o, func(w io.Writer) error { printEntry(w, o); return nil })
	})
}

// postEntry posts e; allowDup lets a supplier document repeat its
// supplier's reference, which is otherwise refused with the flag named.
func postEntry(a *app, b *ledger.Book, e journal.Entry, allowDup bool) (ledger.PostResult, error) {
	if !allowDup {
		res, err := b.Post(a.ctx, e)
		return res, duplicateHint(err)
	}
	// Only a batch takes the override: a batch of one.
	results, err := b.PostBatch(a.ctx, []journal.Entry{e}, ledger.BatchOptions{AllowDuplicateRef: true})
	if err != nil {
		return ledger.PostResult{}, err
	}
	return results[0], results[0].Err
}

// duplicateHint adds to a refused duplicate supplier reference the flag
// that posts it all the same.
func duplicateHint(err error) error {
	if errors.Is(err, ledger.ErrDuplicateReference) {
		return fmt.Errorf("%w (if the supplier really reused the number: --allow-duplicate-ref)", err)
	}
	return err
}

// partnerDue gives the partner lines of an invoice or a credit note that
// have no due date the partner's default payment terms: the entry's date
// plus its PaymentTermDays, to the end of that month for terms "fin de
// mois". A partner without terms leaves the line due on the entry's date,
// as before; an unknown one is left to Post, which names it with its line.
func partnerDue(a *app, b *ledger.Book, e *journal.Entry) error {
	if !needsDue(e) {
		return nil // no read for an entry without such a line
	}
	return b.View(a.ctx, func(t *ledger.Tx) error { return dueFromTerms(t, e, nil) })
}

// dueFromTerms is partnerDue in a read transaction; terms keeps the terms
// read, by partner code (nil: read each time).
func dueFromTerms(t *ledger.Tx, e *journal.Entry, terms map[string]journal.DueRule) error {
	if !needsDue(e) {
		return nil
	}
	for i := range e.Lines {
		l := &e.Lines[i]
		if l.Partner == "" || !l.DueDate.IsZero() {
			continue
		}
		rule, ok := terms[l.Partner]
		if !ok {
			p, err := t.Partner(l.Partner)
			if errors.Is(err, ledger.ErrNotFound) || errors.Is(err, ledger.ErrUnknownPartner) {
				continue
			} else if err != nil {
				return err
			}
			rule = p.Terms().Due
			if terms != nil {
				terms[l.Partner] = rule
			}
		}
		if rule.Kind != journal.Immediate {
			l.DueDate = rule.Due(e.Date)
		}
	}
	return nil
}

// needsDue reports whether e is an invoice or a credit note with a
// partner line that has no due date.
func needsDue(e *journal.Entry) bool {
	return (e.Type == journal.TypeInvoice || e.Type == journal.TypeCreditNote) &&
		slices.ContainsFunc(e.Lines, func(l journal.Line) bool { return l.Partner != "" && l.DueDate.IsZero() })
}

func entryFromFlags(c currency.Currency, jr, date, typ, ref, label, due string, lines []string) (journal.Entry, error) {
	e := journal.Entry{Journal: jr, Ref: ref, Label: label}
	var err error
	if jr == "" || date == "" || len(lines) == 0 {
		return e, errors.New("--journal, --date and --line are required (or JSON on standard input)")
	}
	if e.Date, err = parseDate(date); err != nil {
		return e, fmt.Errorf("--date: %v", err)
	}
	var ok bool
	if e.Type, ok = entryType(typ); !ok {
		return e, fmt.Errorf("--type: unknown entry type %q", typ)
	}
	var dueDate journal.Date
	if due != "" {
		if dueDate, err = parseDate(due); err != nil {
			return e, fmt.Errorf("--due: %v", err)
		}
	}
	for _, s := range lines {
		acct, amount, ok := strings.Cut(s, "=")
		if !ok {
			return e, fmt.Errorf("--line %q: want ACCOUNT[:PARTNER]=AMOUNT[@TAX[:ROLE]]", s)
		}
		amount, taxed, hasTax := strings.Cut(amount, "@")
		l := journal.Line{}
		l.Account, l.Partner, _ = strings.Cut(acct, ":")
		if l.Balance, err = parseAmount(c, amount); err != nil {
			return e, fmt.Errorf("--line %q: %v", s, err)
		}
		if hasTax {
			id, role, _ := strings.Cut(taxed, ":")
			if id == "" {
				return e, fmt.Errorf("--line %q: a tax id after @ (TVA20, TVA20-DED…)", s)
			}
			if err := lineTax(&l, id, role); err != nil {
				return e, fmt.Errorf("--line %q: %v", s, err)
			}
		}
		if l.Partner != "" {
			l.DueDate = dueDate
		}
		e.Lines = append(e.Lines, l)
	}
	return e, nil
}

func entryFromJSON(r io.Reader, c currency.Currency) (journal.Entry, error) {
	var in entryInput
	dec := json.NewDecoder(io.LimitReader(r, 64<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return journal.Entry{}, fmt.Errorf("standard input: %w", err)
	}
	// One entry a call: a second object after it would be dropped.
	if _, err := dec.Token(); err != io.EOF {
		return journal.Entry{}, errors.New("standard input: more after the entry's JSON object: post one entry a call (or 'lettrage import entries' for many)")
	}
	e := journal.Entry{Journal: in.Journal, Ref: in.Ref, Label: in.Label, Type: journal.TypeMisc}
	var err error
	if e.Date, err = parseDate(in.Date); err != nil {
		return e, err
	}
	if in.Type != "" {
		var ok bool
		if e.Type, ok = entryType(in.Type); !ok {
			return e, fmt.Errorf("unknown entry type %q", in.Type)
		}
	}
	lc := c
	if in.Currency != "" && !strings.EqualFold(in.Currency, c.Code()) {
		if lc, err = currency.Lookup(strings.ToUpper(in.Currency)); err != nil {
			return e, err
		}
		e.Currency = lc
	}
	// Lines are numbered from 1, as the book's own errors number them.
	for i, jl := range in.Lines {
		l := journal.Line{Account: jl.Account, Partner: jl.Partner, Label: jl.Label}
		if jl.Due != "" {
			if l.DueDate, err = parseDate(jl.Due); err != nil {
				return e, fmt.Errorf("line %d: due: %v", i+1, err)
			}
			if jl.Partner == "" {
				// A due date says when a customer or supplier pays: on a
				// line without one nothing reads it, and the partner's
				// line would fall due by the partner's terms instead.
				return e, fmt.Errorf("line %d: due: a due date goes on the customer's or supplier's line; %s names no partner", i+1, jl.Account)
			}
		}
		if jl.Debit != "" || jl.Credit != "" {
			if l.Balance, err = debitCredit(c, string(jl.Debit), string(jl.Credit)); err != nil {
				return e, fmt.Errorf("line %d: %v", i+1, err)
			}
		}
		if jl.AmountCurrency != "" {
			if l.AmountCurrency, err = parseAmount(lc, string(jl.AmountCurrency)); err != nil {
				return e, fmt.Errorf("line %d: amount_currency: %v", i+1, err)
			}
		}
		if err := lineTax(&l, jl.Tax, jl.TaxRole); err != nil {
			return e, fmt.Errorf("line %d: %w", i+1, err)
		}
		e.Lines = append(e.Lines, l)
	}
	if in.Discount != nil {
		if e.DiscountOffer, err = discountOffer(c, e, string(in.Discount.Amount), in.Discount.Until); err != nil {
			return e, fmt.Errorf("discount: %v", err)
		}
	}
	return e, nil
}

// discountOffer is the early-payment discount offer of amount, in e's
// currency (the company's when e has none), until the date given; both are
// needed. The book checks the rest when it posts e.
func discountOffer(company currency.Currency, e journal.Entry, amount, until string) (*journal.DiscountOffer, error) {
	if amount == "" || until == "" {
		return nil, errors.New("an offer needs an amount and the date it ends")
	}
	c := e.Currency
	if c.IsZero() {
		c = company
	}
	a, err := parseAmount(c, amount)
	if err != nil {
		return nil, err
	}
	d, err := parseDate(until)
	if err != nil {
		return nil, err
	}
	return &journal.DiscountOffer{Amount: a, Until: d}, nil
}

func cmdReverse(a *app, name string, args []string) error {
	l := leaf{name: name, args: "NUMBER", about: `Reverses a posted entry (extourne), on its date or --date, and letters
its receivable, payable and other reconcilable lines with the reversal's,
so that a cancelled invoice reads reversed and leaves the partner's open
items. An entry with lettered lines is refused: unletter it first.`}
	fs := a.flagSet(name)
	date := fs.String("date", "", "the reversal's `DATE`")
	label := fs.String("label", "", "the reversal's label")
	rest, err := a.parse(fs, l, args, 1, 1)
	if err != nil {
		return err
	}
	return a.withBook(func(b *ledger.Book) error {
		e, err := entryNamed(a, b, rest[0])
		if err != nil {
			return err
		}
		rv := reconcile.Reversal{Entry: e.ID, Label: *label}
		if *date != "" {
			if rv.Date, err = parseDate(*date); err != nil {
				return usagef(name, "--date: %v", err)
			}
		}
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		res, err := rec.Reverse(a.ctx, rv)
		if err != nil {
			return fmt.Errorf("reverse %s: %w", rest[0], err)
		}
		o := reverseOutput{entryOutput: outputOf(res.Entries[0], res.Replay)}
		for _, m := range res.Matches {
			o.Matches = append(o.Matches, matchOf(a, b, m))
		}
		return a.emit(o, func(w io.Writer) error {
			printEntry(w, o.entryOutput)
			printMatches(w, o.Matches)
			return nil
		})
	})
}

// reverseOutput is what reverse did: the reversal and the letters that
// pair it with the entry it reverses.
type reverseOutput struct {
	entryOutput
	Matches []matchOutput `json:"matches,omitempty"`
}

// paymentOutput is what pay did.
type paymentOutput struct {
	Entries  []string      `json:"entries"`
	Partials int           `json:"partials"`
	Matches  []matchOutput `json:"matches,omitempty"`
	States   []stateOutput `json:"states,omitempty"`
	// Unallocated is what the payment leaves as an outstanding credit,
	// when it leaves something.
	Unallocated string `json:"unallocated,omitempty"`
	// Discounts are the early-payment discounts the payment took, each
	// posted as an entry of its own.
	Discounts []discountTaken `json:"discounts,omitempty"`
}

// discountTaken is an early-payment discount a payment took.
type discountTaken struct {
	Entry   string `json:"entry"`   // the discount entry: "VT/2026/00002"
	Invoice string `json:"invoice"` // the invoice it closes
	Amount  string `json:"amount"`  // plain decimal, in the invoice's currency
}

// summary says what the payment did to its invoices as an accountant
// says it: "2 invoices paid in full, letter AAA", "1 invoice paid in part,
// 140,00 still due", "nothing lettered, 300,00 left as an outstanding
// credit".
func (o paymentOutput) summary() string {
	var full, part int
	var due []string
	var setOff []string
	for _, s := range o.States {
		if s.setOff != "" {
			setOff = append(setOff, s.setOff)
			continue
		}
		if isZeroAmount(s.Residual) {
			full++
		} else {
			part++
			due = append(due, s.amount(s.Residual))
		}
	}
	var codes []string
	for _, m := range o.Matches {
		codes = append(codes, m.Code)
	}
	var said []string
	// What was paid, by its kind when all are one ("invoice", "credit
	// note"), else "document".
	paidKind := ""
	for _, s := range o.States {
		switch {
		case s.setOff != "":
		case paidKind == "":
			paidKind = s.kind
		case s.kind != paidKind:
			paidKind = "document"
		}
	}
	if paidKind == "" {
		paidKind = "invoice"
	}
	if full > 0 {
		s := plural(full, paidKind) + " paid in full"
		if len(codes) == 1 {
			s += ", letter " + codes[0]
		} else if len(codes) > 1 {
			s += ", letters " + strings.Join(codes, " ")
		}
		said = append(said, s)
	}
	if part > 0 {
		said = append(said, fmt.Sprintf("%s paid in part, %s still due", plural(part, paidKind), strings.Join(due, " and ")))
	}
	if full == 0 && part == 0 {
		said = append(said, "nothing lettered")
	}
	if len(setOff) > 0 {
		what := setOff[0]
		for _, w := range setOff {
			if w != what {
				what = "document"
			}
		}
		said = append(said, plural(len(setOff), what)+" set off")
	}
	for _, d := range o.Discounts {
		said = append(said, fmt.Sprintf("early-payment discount of %s taken on %s (%s)", currency.FrenchDecimal(d.Amount), d.Invoice, d.Entry))
	}
	if o.Unallocated != "" {
		said = append(said, currency.FrenchDecimal(o.Unallocated)+" left as an outstanding credit")
	}
	return strings.Join(said, "; ")
}

// isZeroAmount reports whether a plain decimal ("0.00", "-0") is zero.
func isZeroAmount(s string) bool {
	return strings.Trim(strings.TrimLeft(s, "+-"), "0.") == ""
}

func cmdPay(a *app, name string, args []string) error {
	l := leaf{name: name, args: "[INVOICE...]", about: `Registers a customer receipt or a supplier payment and letters it with
the invoices named by their numbers (VT/2026/00042), in that order. What
the payment leaves is an outstanding credit. Without --amount, the
payment is what the invoices still owe. The money goes in for what is owed
to the company (a customer's invoice, a supplier's credit note it
refunds) and out for what the company owes (a supplier's bill, a
customer's credit note refunded), unless --direction says.
A credit note named beside the invoices (a customer paying VT/2026/00042
less AV/2026/00007) is set off against them: the payment pays the rest.
An --amount that pays exactly what the invoices owe less the early-payment
discounts they offer, by the offers' last day, takes those discounts.`}
	fs := a.flagSet(name)
	partner := fs.String("partner", "", "the `PARTNER` code (default: the first invoice's)")
	amount := fs.String("amount", "", "the `AMOUNT` paid (default: what the invoices owe)")
	jr := fs.String("journal", "BQD", "the bank or cash `JOURNAL`")
	date := fs.String("date", "", "the `DATE` paid (default: the book's clock)")
	method := fs.String("method", "", "transfer, cash, cheque, card, sepa_transfer, sepa_debit or lcr_bor (default: the partner's, else transfer)")
	direction := fs.String("direction", "", "in (from a customer, a supplier's refund) or out (to a supplier, a customer's refund); default from the documents named")
	ref := fs.String("ref", "", "the payment's reference")
	label := fs.String("label", "", "the payment's label")
	chequeNumber := fs.String("cheque", "", "the `NUMBER` of the cheque paid with (implies --method cheque)")
	chequeBank := fs.String("cheque-bank", "", "the `BANK` the cheque is drawn on (with --cheque)")
	rateText := fs.String("rate", "", "the `RATE` the bank converted at, 1 company unit = RATE foreign ones, for a payment and invoices in different currencies (default: the book's rate of --date, 'lettrage rate set')")
	noDiscount := fs.Bool("no-discount", false, "pay --amount without the early-payment discounts the invoices offer, even when it is what they owe less those")
	opText := opFlag(fs)
	rest, err := a.parse(fs, l, args, 0, -1)
	if err != nil {
		return err
	}
	op, err := operation(name, *opText)
	if err != nil {
		return err
	}
	var m reconcile.Method // 0: the partner's usual method, else a transfer (the library's default)
	if *method != "" {
		var ok bool
		if m, ok = paymentMethod(*method); !ok {
			return usagef(name, "--method: unknown method %q", *method)
		}
	}
	var cheque *reconcile.Cheque
	switch {
	case isFlagSet(fs, "cheque") && strings.TrimSpace(*chequeNumber) == "":
		return usagef(name, "--cheque: the cheque's number, printed on the deposit slip, is blank")
	case *chequeNumber != "":
		if m != 0 && m != reconcile.MethodCheque {
			return usagef(name, "--cheque: the payment is by %s, not by cheque", *method)
		}
		m, cheque = reconcile.MethodCheque, &reconcile.Cheque{Number: strings.TrimSpace(*chequeNumber), Bank: strings.TrimSpace(*chequeBank)}
	case *chequeBank != "":
		return usagef(name, "--cheque-bank goes with --cheque, the cheque's number")
	}
	return a.withBook(func(b *ledger.Book) error {
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		p := reconcile.Payment{Operation: op, Partner: *partner, Journal: *jr, Method: m, Ref: *ref, Label: *label, Direction: reconcile.Inbound,
			NoDiscount: *noDiscount, Cheque: cheque}
		if *date != "" {
			if p.Date, err = parseDate(*date); err != nil {
				return usagef(name, "--date: %v", err)
			}
		} else {
			p.Date = journal.DateOf(b.Now())
		}
		if *amount != "" {
			if p.Amount, err = parseAmount(b.Currency(), *amount); err != nil {
				return usagef(name, "--amount: %v", err)
			}
			if p.Amount.Sign() <= 0 {
				return usagef(name, "--amount: %s: what was paid, more than zero (--direction says which way)", *amount)
			}
		}
		if *rateText != "" {
			if p.AgreedRate, err = parseRate(*rateText); err != nil {
				return usagef(name, "--rate: %v", err)
			}
			if *amount == "" {
				return usagef(name, "--rate goes with --amount: what the bank debited or credited in %s, converted at that rate", b.Currency().Code())
			}
		}
		var invoices []journal.Entry
		for _, n := range rest {
			e, err := entryNamed(a, b, n)
			if err != nil {
				return err
			}
			invoices = append(invoices, e)
			p.Invoices = append(p.Invoices, e.ID)
		}
		if p.Partner == "" {
			p.Partner = firstPartner(invoices)
		}
		if p.Partner == "" {
			return usagef(name, "--partner is required without an invoice")
		}
		switch *direction {
		case "in":
		case "out":
			p.Direction = reconcile.Outbound
		case "":
			// The money goes the way that settles what is named: in for
			// what is owed to the company (a customer's invoice, a
			// supplier's credit note to refund), out for what it owes.
			switch owedSign(a, b, invoices, p.Partner) {
			case -1:
				p.Direction = reconcile.Outbound
			case 0:
				if len(invoices) > 0 && isSupplierDoc(a, b, invoices[0]) {
					p.Direction = reconcile.Outbound
				}
			}
		default:
			return usagef(name, "--direction: %q is neither in nor out", *direction)
		}
		res, err := rec.RegisterPayment(a.ctx, p)
		if errors.Is(err, ledger.ErrNoRate) {
			code := "CURRENCY"
			for _, e := range invoices {
				if e.Currency.IsZero() || e.Currency == b.Currency() {
					continue
				}
				if _, _, err := b.Rate(a.ctx, e.Currency, p.Date); errors.Is(err, ledger.ErrNoRate) {
					code = e.Currency.Code()
					break
				}
			}
			return fmt.Errorf("payment of %s: the book has no %s rate on %s: record it with 'lettrage rate set %s %s RATE', or give what the bank debited or credited with --amount and its rate with --rate",
				strings.Join(rest, ", "), code, frenchDate(p.Date.String()), code, p.Date)
		}
		if err != nil {
			return fmt.Errorf("payment of %s: %w", strings.Join(rest, ", "), err)
		}
		out := paymentOutput{Partials: len(res.Partials)}
		for _, e := range res.Entries {
			if e.Type == journal.TypeDiscount {
				// No payment: what the payment took off an invoice.
				d := discountTaken{Entry: e.Name(), Amount: e.Lines[0].AmountCurrency.Abs().Plain()}
				for _, inv := range invoices {
					if inv.ID == e.Document {
						d.Invoice = inv.Name()
					}
				}
				out.Discounts = append(out.Discounts, d)
				continue
			}
			out.Entries = append(out.Entries, e.Name())
		}
		for _, m := range res.Matches {
			out.Matches = append(out.Matches, matchOf(a, b, m))
		}
		for _, e := range invoices {
			s, err := stateOfPartner(a, b, rec, e, p.Partner)
			if err != nil {
				return err
			}
			s.kind = typeWord(e.Type)
			// A document on the payment's own side (a credit note named
			// beside the invoices) is set off against them.
			if len(res.Entries) > 0 && partnerSign(e, p.Partner) == res.Entries[0].Lines[0].Balance.Sign() {
				s.setOff = typeWord(e.Type)
			}
			out.States = append(out.States, s)
		}
		if len(res.Entries) > 0 {
			paid, err := rec.State(a.ctx, res.Entries[0].ID)
			if err != nil {
				return fmt.Errorf("%s: %w", res.Entries[0].Name(), err)
			}
			if !paid.Residual.IsZero() {
				out.Unallocated = amountText(paid.Residual)
			}
		}
		return a.emit(out, func(w io.Writer) error {
			fmt.Fprintf(w, "Payment %s posted: %s\n", strings.Join(out.Entries, ", "), out.summary())
			printMatches(w, out.Matches)
			printStates(w, out.States)
			return nil
		})
	})
}

// partnerSign is the sign of e's first line of partner: 1 for a debit.
func partnerSign(e journal.Entry, partner string) int {
	for _, l := range e.Lines {
		if l.Partner != "" && l.Partner == partner {
			return l.Balance.Sign()
		}
	}
	return 0
}

// typeWord names an entry's type as a person says it: "credit note".
func typeWord(t journal.EntryType) string {
	return strings.ReplaceAll(t.String(), "_", " ")
}

func firstPartner(es []journal.Entry) string {
	for _, e := range es {
		for _, l := range e.Lines {
			if l.Partner != "" {
				return l.Partner
			}
		}
	}
	return ""
}

// owedSign is the sign of what docs' lines of partner still owe, in the
// company currency: 1 when they are owed to the company, -1 when it owes
// them, 0 when they net to nothing (or none is named, or cannot be read).
func owedSign(a *app, b *ledger.Book, docs []journal.Entry, partner string) int {
	sum := currency.Zero(b.Currency())
	err := b.View(a.ctx, func(t *ledger.Tx) error {
		for _, e := range docs {
			for i, l := range e.Lines {
				if l.Partner == "" || l.Partner != partner {
					continue
				}
				r, err := t.Residual(e.LineRef(i))
				if err != nil {
					return err
				}
				if sum, err = sum.Add(r.Balance); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0
	}
	return sum.Sign()
}

// isSupplierDoc reports whether e's partner line is on a payable account.
func isSupplierDoc(a *app, b *ledger.Book, e journal.Entry) bool {
	for _, l := range e.Lines {
		if l.Partner == "" {
			continue
		}
		acct, err := b.Account(a.ctx, l.Account)
		return err == nil && acct.Kind == ledger.KindPayable
	}
	return false
}

func paymentMethod(s string) (reconcile.Method, bool) {
	for m := reconcile.Method(1); m < 64; m++ {
		if m.String() == s {
			return m, true
		}
	}
	return 0, false
}

// checkTaxedLines refuses a tax where it cannot mean anything: on a
// receivable or payable line (the customer's 411000 is neither a base nor
// a tax: its amount would count in the tax's base), as a base on a tax
// account not the tax's own (445200 given TVA20-DED without the tax role
// would count as a base, and the self-assessed VAT as nothing due), and
// as a tax on an account that holds no tax (706000 marked :tax would
// declare its amount as VAT on a base of nothing).
func checkTaxedLines(a *app, b *ledger.Book, e journal.Entry) error {
	account := func(code string) (ledger.Account, error) { return b.Account(a.ctx, code) }
	if i, err := taxedLineProblem(account, e); err != nil {
		return fmt.Errorf("line %d: %w", i+1, err)
	}
	return offerProblem(account, e)
}

// taxedLineProblem is checkTaxedLines' refusal and the index of the line
// it is about; nil when there is none. account reads an account (an
// import reads them all in one transaction).
func taxedLineProblem(account func(string) (ledger.Account, error), e journal.Entry) (int, error) {
	for i, l := range e.Lines {
		if len(l.Taxes) == 0 {
			continue
		}
		acct, err := account(l.Account)
		if errors.Is(err, ledger.ErrUnknownAccount) && l.TaxRole == tax.RoleTax {
			// A tax's own account missing from the chart: a book made
			// before the tax existed (445662 for the reverse charges).
			return i, fmt.Errorf("%w: %q, the account of %s: add it to the chart first (%s), then try again",
				ledger.ErrUnknownAccount, l.Account, l.Taxes[0].ID, accountAddHint(l.Account))
		}
		if err != nil {
			continue // Post names an unknown account with its line
		}
		switch {
		case acct.Kind.NeedsPartner():
			return i, fmt.Errorf("%s is a %s account: its line carries no tax (%s goes on the base and tax lines)",
				l.Account, acct.Kind, l.Taxes[0].ID)
		case l.TaxRole == tax.RoleBase && acct.Kind.TouchesTax():
			return i, fmt.Errorf("%s is a tax account, not %s's: a self-assessed VAT line says so with the tax role (--line %s=AMOUNT@%s:tax, or tax_role \"tax\")",
				l.Account, l.Taxes[0].ID, l.Account, l.Taxes[0].ID)
		case l.TaxRole == tax.RoleTax && !acct.Kind.TouchesTax():
			return i, fmt.Errorf("%s is a %s account, not a tax account: the tax role goes on a line of VAT (445…); %s's base takes no role",
				l.Account, acct.Kind, l.Taxes[0].ID)
		}
	}
	return -1, nil
}

// offerProblem refuses an early-payment discount offered on an invoice
// of several lines on a customers' or suppliers' account (instalments):
// automatic lettering and pay take an offer on an invoice due at once, as
// Odoo allows one only on such terms, and nothing would take it. account
// reads an account.
func offerProblem(account func(string) (ledger.Account, error), e journal.Entry) error {
	if e.DiscountOffer == nil {
		return nil
	}
	n := 0
	for _, l := range e.Lines {
		if a, err := account(l.Account); err == nil && (a.Kind == ledger.KindReceivable || a.Kind == ledger.KindPayable) {
			n++
		}
	}
	if n > 1 {
		return fmt.Errorf("discount: an early-payment discount is offered on an invoice due at once, and this one has %d customer or supplier lines (instalments): post it without the discount, or with one such line", n)
	}
	return nil
}

// accountAddHint is the command that adds code to the chart: with the
// French chart's name and kind when it has the account.
func accountAddHint(code string) string {
	for _, acct := range ledger.FrenchChart() {
		if acct.Code == code {
			return fmt.Sprintf("'lettrage account add %s --name %q --kind %s'", code, acct.Name, acct.Kind)
		}
	}
	return fmt.Sprintf("'lettrage account add %s --name NAME'", code)
}
