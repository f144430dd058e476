package journal

import (
	"fmt"
	"slices"

	"github.com/cockroachdb/apd/v3"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/tax"
)

// InvoiceKind is the document the builder makes.
type InvoiceKind uint8

const (
	CustomerInvoice    InvoiceKind = iota // facture client: receivable debit
	CustomerCreditNote                    // avoir client: receivable credit
	SupplierBill                          // facture fournisseur: payable credit
	SupplierCreditNote                    // avoir fournisseur: payable debit
	invoiceKindEnd
)

// Quantity is an exact, immutable quantity (2, 0.5, -1 for a return).
type Quantity struct {
	_   [0]func()
	d   apd.Decimal
	set bool // the zero Quantity (not parsed) means 1
}

// ParseQuantity reads "2" or "0.25".
func ParseQuantity(s string) (Quantity, error) {
	d, _, err := apd.NewFromString(s)
	if err != nil || d.Form != apd.Finite || len(s) > 40 {
		return Quantity{}, fmt.Errorf("%w: quantity %q", ErrInvoice, s)
	}
	q := Quantity{set: true}
	q.d.Reduce(d)
	return q, nil
}

// MustQuantity is ParseQuantity for literals; it panics on error.
func MustQuantity(s string) Quantity {
	q, err := ParseQuantity(s)
	if err != nil {
		panic(err)
	}
	return q
}

// InvoiceLine is one line of an invoice as a user writes it.
type InvoiceLine struct {
	// Label is the line's text, copied to its base line.
	Label     string
	Quantity  Quantity        // the zero Quantity means 1
	UnitPrice currency.Amount // tax-excluded, or tax-included for PriceIncluded taxes
	Taxes     []tax.Tax       // flattened (tax.Flatten); their snapshot goes on the lines
	Account   string          // income (7…) or expense (6…) account
}

// Invoice is what the builder turns into a balanced entry.
type Invoice struct {
	// ID is caller-chosen for idempotency, or NoID to have one made; it
	// becomes the entry's ID.
	ID ID
	// Kind says whether it is a customer invoice, a supplier bill or a
	// credit note, and so on which side the partner line falls.
	Kind InvoiceKind
	// DocKind qualifies the document: normal, cancellation or penalty.
	DocKind DocKind
	// Journal is the code of the journal the entry goes to ("VT", "HA").
	Journal string
	// Date is the invoice date: the entry's accounting date and the start of
	// its due dates.
	Date Date
	// Partner is the customer's or supplier's partner code, set on the
	// receivable or payable lines.
	Partner        string
	PartnerAccount string // 411000, 401000…
	// Ref is the document's external reference, the invoice number.
	Ref string
	// Label is the text of the entry and of its receivable or payable lines.
	Label string
	// Lines are the invoice's lines, in order, all priced in one currency:
	// the invoice's.
	Lines []InvoiceLine
	// Terms split the total into due dates and may offer an early-payment
	// discount.
	Terms PaymentTerms
	// PerLineRounding rounds each line's tax; the default rounds once per
	// tax on the sum of its bases, as French invoices state VAT per rate on
	// that rate's HT total (and takes price-included taxes out of the sum
	// of the prices that hold them: see Totals).
	PerLineRounding bool
	// Rounding rounds line amounts, taxes and instalments; the zero value is
	// HalfAwayFromZero.
	Rounding currency.Rounding
}

// TaxTotal is one tax of an invoice: its base and amount.
type TaxTotal struct {
	// Tax is the tax definition, as the lines carry it.
	Tax tax.Tax
	// Base is the sum of the tax-excluded amounts of the lines that carry
	// the tax.
	Base currency.Amount
	// Amount is the tax on Base, rounded as the invoice says.
	Amount currency.Amount
}

// Totals are an invoice's amounts as printed: HT, each tax, TTC.
type Totals struct {
	// HT is the total excluding taxes, the sum of Bases.
	HT currency.Amount
	// Taxes are the invoice's taxes, one per tax ID, in the order the lines
	// first name them.
	Taxes []TaxTotal
	// TTC is the total including taxes: HT plus every tax amount.
	TTC currency.Amount
	// Bases are the tax-excluded amounts of the lines, in order.
	Bases []currency.Amount
}

// Totals computes the invoice's lines, taxes and total. Taxes that are
// not price-included are rounded per rate on the invoice, on the sum of
// their bases (default), or per line. Price-included taxes are taken out
// of the amounts that hold them (amount × 100 / (100 + Σ rates) is the
// base, amount × rate / (100 + Σ rates) each tax, the last with a rate
// taking what the rounding of the others left): by default out of the sum
// of the lines that share the same included taxes, rounded once, each
// line's base the growth of the rounded base of the running sum (within a
// cent of its own); per line with PerLineRounding. It returns ErrInvoice or a tax validation error.
func (inv Invoice) Totals() (Totals, error) {
	if len(inv.Lines) == 0 || len(inv.Lines) > EntryLinesMax/2 {
		return Totals{}, fmt.Errorf("%w: %d lines", ErrInvoice, len(inv.Lines))
	}
	cur := inv.Lines[0].UnitPrice.Currency()
	if cur.IsZero() {
		return Totals{}, fmt.Errorf("%w: line 1 has no unit price", ErrInvoice)
	}
	amounts := make([]currency.Amount, len(inv.Lines))
	for i, l := range inv.Lines {
		if l.Account == "" || l.UnitPrice.Currency() != cur {
			return Totals{}, fmt.Errorf("%w: line %d needs an account and a %s price", ErrInvoice, i+1, cur.Code())
		}
		for j, tx := range l.Taxes {
			if err := tx.Validate(); err != nil {
				return Totals{}, fmt.Errorf("line %d: %w", i+1, err)
			}
			if slices.ContainsFunc(l.Taxes[:j], func(o tax.Tax) bool { return o.ID == tx.ID }) {
				return Totals{}, fmt.Errorf("%w: line %d names tax %s twice", ErrInvoice, i+1, tx.ID)
			}
		}
		var err error
		if amounts[i], err = l.amount(inv.Rounding); err != nil {
			return Totals{}, err
		}
	}
	bases, included, err := inv.takeIncluded(amounts)
	if err != nil {
		return Totals{}, err
	}
	t := Totals{HT: currency.Zero(cur), TTC: currency.Zero(cur), Bases: bases}
	index := map[string]int{}
	for i, l := range inv.Lines {
		base := bases[i]
		if t.HT, err = t.HT.Add(base); err != nil {
			return Totals{}, err
		}
		for _, tx := range l.Taxes {
			k, ok := index[tx.ID]
			if !ok {
				k = len(t.Taxes)
				index[tx.ID] = k
				t.Taxes = append(t.Taxes, TaxTotal{Tax: tx, Base: currency.Zero(cur), Amount: currency.Zero(cur)})
			} else if !t.Taxes[k].Tax.Equal(tx) {
				return Totals{}, fmt.Errorf("%w: two definitions of tax %s", ErrInvoice, tx.ID)
			}
			tt := &t.Taxes[k]
			if tt.Base, err = tt.Base.Add(base); err != nil {
				return Totals{}, err
			}
			if tx.PriceIncluded || !inv.PerLineRounding {
				continue // taken out above, or rounded once on the sum of bases below
			}
			amt, err := tx.Amount(base, inv.Rounding)
			if err != nil {
				return Totals{}, err
			}
			if tt.Amount, err = tt.Amount.Add(amt); err != nil {
				return Totals{}, err
			}
		}
	}
	for k := range t.Taxes {
		tt := &t.Taxes[k]
		switch {
		case tt.Tax.PriceIncluded:
			if amt, ok := included[tt.Tax.ID]; ok {
				tt.Amount = amt
			}
		case !inv.PerLineRounding:
			if tt.Amount, err = tt.Tax.Amount(tt.Base, inv.Rounding); err != nil {
				return Totals{}, err
			}
		}
		if t.TTC, err = t.TTC.Add(tt.Amount); err != nil {
			return Totals{}, err
		}
	}
	if t.TTC, err = t.TTC.Add(t.HT); err != nil {
		return Totals{}, err
	}
	return t, nil
}

// takeIncluded returns the base of each line, its amount less the
// price-included taxes it holds, and what each included tax takes in all,
// by tax ID (see Totals).
func (inv Invoice) takeIncluded(amounts []currency.Amount) ([]currency.Amount, map[string]currency.Amount, error) {
	bases := slices.Clone(amounts)
	taken := map[string]currency.Amount{}
	// take takes the included taxes of a line out of total, an amount that
	// holds them, and returns its base.
	take := func(total currency.Amount, taxes []tax.Tax) (currency.Amount, error) {
		base, err := tax.BaseOf(total, taxes, inv.Rounding)
		if err != nil {
			return currency.Amount{}, err
		}
		left, err := total.Sub(base)
		if err != nil {
			return currency.Amount{}, err
		}
		for j, tx := range taxes {
			if !tx.PriceIncluded {
				continue
			}
			amt := currency.Zero(total.Currency()) // a tax of 0 % takes nothing, rounding included
			switch {
			case tx.Rate.IsZero():
			case lastIncluded(taxes, j):
				amt = left // the last with a rate takes what the price holds
			default:
				if amt, err = tx.AmountIn(total, taxes, inv.Rounding); err != nil {
					return currency.Amount{}, err
				}
				if left, err = left.Sub(amt); err != nil {
					return currency.Amount{}, err
				}
			}
			if sum, ok := taken[tx.ID]; ok {
				amt, err = sum.Add(amt)
			}
			taken[tx.ID] = amt
			if err != nil {
				return currency.Amount{}, err
			}
		}
		return base, nil
	}
	// Lines grouped by the included taxes with a rate they hold, in order
	// (a 0 % tax changes no base: 100 / (100 + 20 + 0)): per line, or each
	// group's sum taken out at once and its base handed back line by line
	// as the rounded base of the running sum grows, so that each line's
	// base is within a cent of its own amount's and the group's bases add
	// up to the base of its sum — spread by the lines' amounts, a rebate
	// line taking most of a group back would multiply the group's rounding.
	var order []string
	groups := map[string][]int{}
	for i, l := range inv.Lines {
		var key []byte
		for _, tx := range l.Taxes {
			if tx.PriceIncluded && !tx.Rate.IsZero() {
				key = append(append(key, tx.ID...), 0)
			}
		}
		switch {
		case !slices.ContainsFunc(l.Taxes, func(t tax.Tax) bool { return t.PriceIncluded }):
		case inv.PerLineRounding || key == nil:
			order = append(order, fmt.Sprint(i))
			groups[fmt.Sprint(i)] = []int{i}
		default:
			key = append(key, 0) // never a line number
			if _, ok := groups[string(key)]; !ok {
				order = append(order, string(key))
			}
			groups[string(key)] = append(groups[string(key)], i)
		}
	}
	for _, key := range order {
		lines := groups[key]
		cur := amounts[lines[0]].Currency()
		running, before := currency.Zero(cur), currency.Zero(cur)
		for _, i := range lines {
			var err error
			if running, err = running.Add(amounts[i]); err != nil {
				return nil, nil, err
			}
			upTo, err := tax.BaseOf(running, inv.Lines[i].Taxes, inv.Rounding)
			if err != nil {
				return nil, nil, err
			}
			if bases[i], err = upTo.Sub(before); err != nil {
				return nil, nil, err
			}
			before = upTo
		}
		// The group's taxes are taken out of its sum at once.
		var taxes []tax.Tax
		for _, i := range lines {
			for _, tx := range inv.Lines[i].Taxes {
				if !slices.ContainsFunc(taxes, func(o tax.Tax) bool { return o.ID == tx.ID }) {
					taxes = append(taxes, tx)
				}
			}
		}
		if _, err := take(running, taxes); err != nil {
			return nil, nil, err
		}
	}
	return bases, taken, nil
}

// lastIncluded reports whether taxes[j] is the last price-included tax
// of a line with a rate: the one that takes the rounding of the others.
func lastIncluded(taxes []tax.Tax, j int) bool {
	for _, t := range taxes[j+1:] {
		if t.PriceIncluded && !t.Rate.IsZero() {
			return false
		}
	}
	return true
}

// amount is quantity × unit price, rounded once.
func (l InvoiceLine) amount(rounding currency.Rounding) (currency.Amount, error) {
	if !l.Quantity.set {
		return l.UnitPrice, nil // the zero Quantity means 1
	}
	var p apd.Decimal
	if _, err := apd.BaseContext.WithPrecision(80).Mul(&p, &l.Quantity.d, l.UnitPrice.Decimal()); err != nil {
		return currency.Amount{}, fmt.Errorf("%w: %v", ErrInvoice, err)
	}
	return currency.RoundDecimal(l.UnitPrice.Currency(), &p, rounding)
}

// Entry builds the balanced entry of the invoice: one receivable or
// payable line per instalment of the payment terms (with its due date),
// one base line per invoice line with the snapshot of its taxes (none for a
// free line, whose amount is zero), and one line per tax on its final
// account (on-invoice) or transition account (on-payment); a tax of 0.00
// (exempt, or rounded to nothing) has no tax line, its base lines carry it.
// Amounts are in the prices' currency; the book converts them. It returns
// ErrInvoice, ErrTerms, a tax validation error or a *TextError for a text a
// book would refuse.
func (inv Invoice) Entry() (Entry, error) {
	switch {
	case inv.Kind >= invoiceKindEnd, inv.Partner == "", inv.PartnerAccount == "", inv.Journal == "":
		return Entry{}, fmt.Errorf("%w: needs a known kind, a journal, a partner and its account", ErrInvoice)
	}
	t, err := inv.Totals()
	if err != nil {
		return Entry{}, err
	}
	if err := inv.checkTexts(); err != nil {
		return Entry{}, err
	}
	if t.TTC.Sign() <= 0 {
		return Entry{}, fmt.Errorf("%w: total %s must be positive (use a credit note)", ErrInvoice, t.TTC)
	}
	dates, parts, err := inv.Terms.Split(t.TTC, inv.Date, inv.Rounding)
	if err != nil {
		return Entry{}, err
	}
	sign := func(a currency.Amount) currency.Amount { // the partner side
		if inv.Kind == CustomerCreditNote || inv.Kind == SupplierBill {
			return a.Neg()
		}
		return a
	}
	typ := TypeInvoice
	if inv.Kind == CustomerCreditNote || inv.Kind == SupplierCreditNote {
		typ = TypeCreditNote
	}
	e := Entry{ID: inv.ID, Journal: inv.Journal, Date: inv.Date, Type: typ, DocKind: inv.DocKind, Ref: inv.Ref,
		Label: inv.Label, Currency: t.TTC.Currency()}
	for i := range parts {
		e.Lines = append(e.Lines, Line{Account: inv.PartnerAccount, Partner: inv.Partner, Label: inv.Label,
			DueDate: dates[i], AmountCurrency: sign(parts[i])})
	}
	for i, l := range inv.Lines {
		if t.Bases[i].IsZero() {
			continue // a free line (price or quantity 0) books nothing
		}
		line := Line{Account: l.Account, Label: l.Label, AmountCurrency: sign(t.Bases[i]).Neg()}
		if len(l.Taxes) > 0 {
			line.TaxRole, line.Taxes = tax.RoleBase, append([]tax.Tax(nil), l.Taxes...)
		}
		e.Lines = append(e.Lines, line)
	}
	for _, tt := range t.Taxes {
		if tt.Amount.IsZero() {
			continue
		}
		account := tt.Tax.FinalAccount
		if tt.Tax.Exigibility == tax.OnPayment {
			account = tt.Tax.TransitionAccount
		}
		e.Lines = append(e.Lines, Line{Account: account, Label: tt.Tax.Name, TaxRole: tax.RoleTax,
			Taxes: []tax.Tax{tt.Tax}, AmountCurrency: sign(tt.Amount).Neg()})
	}
	return e, nil
}

// checkTexts returns the first text of the invoice CheckText refuses.
func (inv Invoice) checkTexts() error {
	texts := []struct{ field, text string }{{"journal", inv.Journal}, {"partner", inv.Partner},
		{"partner account", inv.PartnerAccount}, {"ref", inv.Ref}, {"label", inv.Label}}
	for i, l := range inv.Lines {
		texts = append(texts, struct{ field, text string }{fmt.Sprintf("line %d label", i+1), l.Label},
			struct{ field, text string }{fmt.Sprintf("line %d account", i+1), l.Account})
	}
	for _, t := range texts {
		if err := CheckText(t.field, t.text); err != nil {
			return err
		}
	}
	return nil
}
