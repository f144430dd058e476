package journal

import (
	"fmt"
	"slices"
	"strings"

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
	// discount, which the entry carries (Entry.DiscountOffer).
	Terms PaymentTerms
	// PerLineRounding rounds each line's tax; the default rounds once per
	// tax on the sum of its bases, as French invoices state VAT per rate on
	// that rate's HT total (and each price-included tax once on the sum of
	// its parts in the prices that hold it: see Totals).
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
	// Amount is the tax (for a reverse charge, what is both due and
	// deductible), rounded as the invoice says: once on the exact
	// bases of the lines that carry it (Base is their sum rounded, so
	// Amount is within a unit of the rate on Base), or per line
	// (PerLineRounding); a price-included tax is its part of the prices.
	Amount currency.Amount
}

// Totals are an invoice's amounts as printed: HT, each tax, TTC.
type Totals struct {
	// HT is the total excluding taxes, the sum of Bases.
	HT currency.Amount
	// Taxes are the invoice's taxes, one per tax ID, in the order the lines
	// first name them.
	Taxes []TaxTotal
	// TTC is the total including taxes: HT plus every tax amount but the
	// reverse charges', which the buyer owes the state, not the supplier.
	TTC currency.Amount
	// Bases are the tax-excluded amounts of the lines, in order.
	Bases []currency.Amount
}

// Totals computes the invoice's lines, taxes and total. Taxes that are
// not price-included are rounded per rate on the invoice, on the sum of
// their bases (default), or per line. Price-included taxes are taken out
// of the prices that hold them: each tax is its exact part of them
// (price × rate / (100 + Σ included rates)), rounded once — by default on
// the sum of its parts in every line that holds it, per line with
// PerLineRounding — and the HT is what the prices hold beyond the taxes:
// the base, which nobody owes, takes the rounding, never a tax, so each
// tax is within a unit of its rate on its base (Odoo 18's rounding). The
// HT goes to the lines by the largest remainder on their exact bases,
// first to the groups of lines holding the same included taxes, then
// within each: each line's base within a unit of its own. A tax not
// included on such lines is rounded on their exact bases, so that the
// order of the lines changes no amount. It returns ErrInvoice or a tax
// validation error.
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
			return Totals{}, fmt.Errorf("line %d: %w", i+1, err)
		}
	}
	bases, exact, included, err := inv.takeIncluded(amounts)
	if err != nil {
		return Totals{}, err
	}
	t := Totals{HT: currency.Zero(cur), TTC: currency.Zero(cur), Bases: bases}
	index := map[string]int{}
	// The exact bases each tax not included rounds once on (the default):
	// a line's base as the prices hold it, before the HT's rounding is
	// spread — so that which line takes a cent of it, which depends on
	// the lines' order, never moves a tax.
	exactOf := map[string]*apd.Decimal{}
	overOf := map[string]*overSums{} // the same, as fractions (overSums), when they hold exactly
	sum := apd.BaseContext.WithPrecision(40)
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
			if tx.PriceIncluded {
				continue // taken out above
			}
			if !inv.PerLineRounding {
				if exactOf[tx.ID] == nil {
					exactOf[tx.ID] = new(apd.Decimal)
				}
				if _, err := sum.Add(exactOf[tx.ID], exactOf[tx.ID], &exact[i]); err != nil {
					return Totals{}, err
				}
				if overOf[tx.ID] == nil {
					overOf[tx.ID] = &overSums{}
				}
				overOf[tx.ID].add(amounts[i], l.Taxes)
				continue // rounded once on the sum of bases below
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
			// The tax on the bases as fractions, divided once: 1,5 % of
			// 10,00 TTC at 20 % included is 0,125 exactly (0,15 / 1,2),
			// where the base's 34 digits (8,333…3) gave 0,12499… and a
			// second rounding.
			if num, den, ok := overOf[tt.Tax.ID].fraction(tt.Tax.Rate.Decimal()); ok {
				if tt.Amount, err = currency.Divide(cur, num, den, inv.Rounding); err != nil {
					return Totals{}, fmt.Errorf("%w: tax %s: %v", ErrInvoice, tt.Tax.ID, err)
				}
				break
			}
			var p apd.Decimal
			if _, err := sum.Mul(&p, exactOf[tt.Tax.ID], tt.Tax.Rate.Decimal()); err != nil {
				return Totals{}, fmt.Errorf("%w: tax %s: %v", ErrInvoice, tt.Tax.ID, err)
			}
			if tt.Amount, err = currency.Divide(cur, &p, apd.New(100, 0), inv.Rounding); err != nil {
				return Totals{}, fmt.Errorf("%w: tax %s: %v", ErrInvoice, tt.Tax.ID, err)
			}
		}
		if tt.Tax.ReverseCharge() {
			continue // owed by the buyer to the state, not to the supplier
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

// overSums is the sum of exact bases a tax not included rounds once on,
// kept as fractions: by denominator (100 plus the included rates of the
// lines, 100 for a line without), the sum of the lines' amounts times
// 100. Dividing once, at the end, rounds the tax once on its true base.
type overSums struct {
	dens, nums []apd.Decimal
	inexact    bool // a sum did not hold exactly: the decimal bases serve
}

// overDensMax bounds the distinct denominators a tax's fraction is made
// of: their product is its denominator.
const overDensMax = 8

// overExact is exact decimal arithmetic: a result that does not hold in
// its precision is an error (Inexact), not rounded.
var overExact = func() *apd.Context {
	c := apd.BaseContext.WithPrecision(300)
	c.Traps = apd.DefaultTraps | apd.Inexact | apd.Rounded
	return c
}()

func (o *overSums) add(amount currency.Amount, taxes []tax.Tax) {
	if o.inexact {
		return
	}
	den := apd.New(100, 0)
	for _, t := range taxes {
		if t.PriceIncluded {
			if _, err := overExact.Add(den, den, t.Rate.Decimal()); err != nil {
				o.inexact = true
				return
			}
		}
	}
	var num apd.Decimal
	if _, err := overExact.Mul(&num, amount.Decimal(), apd.New(100, 0)); err != nil {
		o.inexact = true
		return
	}
	for i := range o.dens {
		if o.dens[i].Cmp(den) == 0 {
			if _, err := overExact.Add(&o.nums[i], &o.nums[i], &num); err != nil {
				o.inexact = true
			}
			return
		}
	}
	if len(o.dens) == overDensMax {
		o.inexact = true
		return
	}
	o.dens, o.nums = append(o.dens, *den), append(o.nums, num)
}

// fraction returns the tax at rate % on the sums as num / den, and false
// when they could not be kept exactly.
func (o *overSums) fraction(rate *apd.Decimal) (num, den *apd.Decimal, ok bool) {
	if o == nil || o.inexact || len(o.dens) == 0 {
		return nil, nil, false
	}
	// Σ nums[g] / dens[g] = (Σ nums[g] × Π dens[h≠g]) / Π dens.
	num, den = apd.New(0, 0), apd.New(100, 0) // the rate is a percentage
	for g := range o.dens {
		if _, err := overExact.Mul(den, den, &o.dens[g]); err != nil {
			return nil, nil, false
		}
		term := new(apd.Decimal).Set(&o.nums[g])
		for h := range o.dens {
			if h != g {
				if _, err := overExact.Mul(term, term, &o.dens[h]); err != nil {
					return nil, nil, false
				}
			}
		}
		if _, err := overExact.Add(num, num, term); err != nil {
			return nil, nil, false
		}
	}
	if _, err := overExact.Mul(num, num, rate); err != nil {
		return nil, nil, false
	}
	return num, den, true
}

// takeIncluded returns the base of each line, its amount less the
// price-included taxes it holds, rounded and exact, and what each included
// tax takes in all, by tax ID (see Totals).
func (inv Invoice) takeIncluded(amounts []currency.Amount) (bases []currency.Amount, exactBases []apd.Decimal, taken map[string]currency.Amount, err error) {
	bases = slices.Clone(amounts)
	exactBases = make([]apd.Decimal, len(amounts))
	for i, a := range amounts {
		exactBases[i].Set(a.Decimal())
	}
	var lines []heldLine
	for i, l := range inv.Lines {
		if !slices.ContainsFunc(l.Taxes, func(t tax.Tax) bool { return t.PriceIncluded }) {
			continue
		}
		base, parts, err := tax.IncludedParts(amounts[i], l.Taxes)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("%w: line %d: %v", ErrInvoice, i+1, err)
		}
		lines = append(lines, heldLine{line: i, base: base, parts: parts})
		exactBases[i].Set(&base)
	}
	if len(lines) == 0 {
		return bases, exactBases, map[string]currency.Amount{}, nil
	}
	if inv.PerLineRounding {
		taken, err = inv.includedPerLine(amounts, lines, bases)
	} else {
		taken, err = inv.includedOnTheSum(amounts, lines, bases)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	return bases, exactBases, taken, nil
}

// heldLine is a line that holds price-included taxes: its index, and its
// exact base and parts (tax.IncludedParts).
type heldLine struct {
	line  int
	base  apd.Decimal
	parts []apd.Decimal
}

// includedPerLine takes each line's included taxes out of its own price
// (see roundIncluded), sets its base in bases and returns what each tax
// takes in all.
func (inv Invoice) includedPerLine(amounts []currency.Amount, lines []heldLine, bases []currency.Amount) (map[string]currency.Amount, error) {
	taken := map[string]currency.Amount{}
	for _, h := range lines {
		var ids []string
		parts := map[string]*apd.Decimal{}
		for j, t := range inv.Lines[h.line].Taxes {
			if t.PriceIncluded {
				ids = append(ids, t.ID)
				parts[t.ID] = &h.parts[j]
			}
		}
		amts, base, err := roundIncluded(amounts[h.line], ids, parts, inv.Rounding)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if sum, ok := taken[id]; ok {
				if amts[id], err = sum.Add(amts[id]); err != nil {
					return nil, err
				}
			}
			taken[id] = amts[id]
		}
		bases[h.line] = base
	}
	return taken, nil
}

// includedOnTheSum rounds each included tax once on the sum of its parts
// in every line that holds it, and sets the lines' bases in bases: the HT
// the prices hold beyond the taxes goes to the groups of lines holding the
// same included taxes with a rate (as a set: a 0 % tax changes no base,
// 100 / (100 + 20 + 0)), then to each group's lines, by the largest
// remainder on their exact bases: each within a unit of its own (a rebate
// line that takes most of a group back does not multiply the group's
// rounding, as spreading it by the lines' amounts did), and each group's
// lines add up to the group's share, so a tax's base is its lines' within
// a unit a group.
func (inv Invoice) includedOnTheSum(amounts []currency.Amount, lines []heldLine, bases []currency.Amount) (map[string]currency.Amount, error) {
	ctx := apd.BaseContext.WithPrecision(40)
	exact := map[string]*apd.Decimal{} // tax ID → the sum of its exact parts
	var ids []string                   // the included taxes, as lines first name them
	groups := map[string][]int{}       // key → indexes into lines
	var order []string
	prices := currency.Zero(amounts[0].Currency())
	for n, h := range lines {
		var rated []string
		for j, t := range inv.Lines[h.line].Taxes {
			if !t.PriceIncluded {
				continue
			}
			if _, ok := exact[t.ID]; !ok {
				exact[t.ID] = new(apd.Decimal)
				ids = append(ids, t.ID)
			}
			if _, err := ctx.Add(exact[t.ID], exact[t.ID], &h.parts[j]); err != nil {
				return nil, err
			}
			if !t.Rate.IsZero() {
				rated = append(rated, t.ID)
			}
		}
		slices.Sort(rated)
		key := strings.Join(rated, "\x00")
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], n)
		var err error
		if prices, err = prices.Add(amounts[h.line]); err != nil {
			return nil, err
		}
	}
	taken, ht, err := roundIncluded(prices, ids, exact, inv.Rounding)
	if err != nil {
		return nil, err
	}
	exactOf := make([]apd.Decimal, len(order))
	for g, key := range order {
		for _, n := range groups[key] {
			if _, err := ctx.Add(&exactOf[g], &exactOf[g], &lines[n].base); err != nil {
				return nil, err
			}
		}
	}
	shares, err := apportion(ht, exactOf, order)
	if err != nil {
		return nil, err
	}
	for g, key := range order {
		exact := make([]apd.Decimal, len(groups[key]))
		keys := make([]string, len(groups[key]))
		for k, n := range groups[key] {
			exact[k].Set(&lines[n].base)
			keys[k] = inv.Lines[lines[n].line].tieKey()
		}
		parts, err := apportion(shares[g], exact, keys)
		if err != nil {
			return nil, err
		}
		for k, n := range groups[key] {
			bases[lines[n].line] = parts[k]
		}
	}
	return taken, nil
}

// roundIncluded rounds each included tax of ids once from its exact part
// and returns them, with the base: what prices, which hold them, hold
// beyond them. The base, which nobody owes, takes the rounding of the
// taxes, never a tax, as Odoo 18's rounding does (two 10 % taxes in
// 100.00: 8.33 each on 83.34; 12 % in 52.50, a tax of exactly 5.625:
// 5.63 on 46.87).
func roundIncluded(prices currency.Amount, ids []string, parts map[string]*apd.Decimal,
	rounding currency.Rounding) (map[string]currency.Amount, currency.Amount, error) {
	cur := prices.Currency()
	taxes := make(map[string]currency.Amount, len(ids))
	base := prices
	for _, id := range ids {
		amt, err := currency.RoundDecimal(cur, parts[id], rounding)
		if err != nil {
			return nil, currency.Amount{}, err
		}
		taxes[id] = amt
		if base, err = base.Sub(amt); err != nil {
			return nil, currency.Amount{}, err
		}
	}
	return taxes, base, nil
}

// apportion splits total into parts as close to exact as can be, by the
// largest remainder: each part the floor of its exact value in minor
// units, then the units left over, one each, to the parts of largest
// remainder (taken back, when the floors exceed total, from those of
// smallest), ties to the larger exact value, then the smaller key, then
// the earliest. Parts add up to total; each is within a
// unit of its exact value when total is within the parts' count of units
// of the exact values' sum.
//
// A credit note's parts are its invoice's, negated: the split is made on
// the values turned positive (by total's sign, else their sum's, else the
// first one's) and turned back.
func apportion(total currency.Amount, exact []apd.Decimal, keys []string) ([]currency.Amount, error) {
	if flip := apportionSign(total, exact); flip < 0 {
		turned := make([]apd.Decimal, len(exact))
		for i := range exact {
			turned[i].Neg(&exact[i])
		}
		parts, err := apportion(total.Neg(), turned, keys)
		for i := range parts {
			parts[i] = parts[i].Neg()
		}
		return parts, err
	}
	cur := total.Currency()
	floor := apd.BaseContext.WithPrecision(40)
	floor.Rounding = apd.RoundFloor
	parts := make([]currency.Amount, len(exact))
	rems := make([]apd.Decimal, len(exact))
	left := total
	for i := range exact {
		var f apd.Decimal
		if _, err := floor.Quantize(&f, &exact[i], -int32(cur.Digits())); err != nil {
			return nil, err
		}
		var err error
		if parts[i], err = currency.FromDecimal(cur, &f); err != nil {
			return nil, err
		}
		if _, err := floor.Sub(&rems[i], &exact[i], &f); err != nil {
			return nil, err
		}
		if left, err = left.Sub(parts[i]); err != nil {
			return nil, err
		}
	}
	units, ok := left.MinorUnits()
	if !ok {
		return nil, fmt.Errorf("%w: %s left to apportion", ErrInvoice, left)
	}
	if units == 0 || len(exact) == 0 {
		return parts, nil
	}
	order := make([]int, len(exact))
	for i := range order {
		order[i] = i
	}
	unit := currency.FromMinor(cur, 1)
	// Equal remainders go to the larger exact value first, then by key,
	// then to the earliest: which line takes a unit does not depend on the
	// lines' order, save between lines alike.
	larger := func(a, b int) int {
		var x, y apd.Decimal
		x.Abs(&exact[a])
		y.Abs(&exact[b])
		if c := y.Cmp(&x); c != 0 {
			return c
		}
		return strings.Compare(keys[a], keys[b])
	}
	if units > 0 { // largest remainders first
		slices.SortStableFunc(order, func(a, b int) int {
			if c := rems[b].Cmp(&rems[a]); c != 0 {
				return c
			}
			return larger(a, b)
		})
	} else { // smallest first
		slices.SortStableFunc(order, func(a, b int) int {
			if c := rems[a].Cmp(&rems[b]); c != 0 {
				return c
			}
			return larger(a, b)
		})
		unit, units = unit.Neg(), -units
	}
	for k := int64(0); k < units; k++ {
		i := order[k%int64(len(order))]
		var err error
		if parts[i], err = parts[i].Add(unit); err != nil {
			return nil, err
		}
	}
	return parts, nil
}

// apportionSign is the sign apportion splits under: total's, else the
// exact values' sum's, else the first non-zero one's; 1 for all zero.
func apportionSign(total currency.Amount, exact []apd.Decimal) int {
	if s := total.Sign(); s != 0 {
		return s
	}
	var sum apd.Decimal
	for i := range exact {
		if _, err := apd.BaseContext.WithPrecision(40).Add(&sum, &sum, &exact[i]); err != nil {
			return 1
		}
	}
	if s := sum.Sign(); s != 0 {
		return s
	}
	for i := range exact {
		if s := exact[i].Sign(); s != 0 {
			return s
		}
	}
	return 1
}

// tieKey orders lines of equal exact base when a unit of base goes to one
// of them: by their taxes, account and label, so that the order they are
// keyed in does not choose.
func (l InvoiceLine) tieKey() string {
	ids := make([]string, len(l.Taxes))
	for i, t := range l.Taxes {
		ids[i] = t.ID
	}
	slices.Sort(ids)
	return strings.Join(ids, "\x00") + "\x01" + l.Account + "\x01" + l.Label
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
	a, err := currency.RoundDecimal(l.UnitPrice.Currency(), &p, rounding)
	if err != nil {
		return currency.Amount{}, fmt.Errorf("%w: %v", ErrInvoice, err)
	}
	return a, nil
}

// Entry builds the balanced entry of the invoice: one receivable or
// payable line per instalment of the payment terms (with its due date;
// none for an instalment a small total leaves nothing),
// one base line per invoice line with the snapshot of its taxes (none for a
// free line, whose amount is zero; the invoice's partner on a line of a
// customer's or supplier's account of classes 40 and 41, such as a deposit
// invoice's advance on 419100), and one line per tax on its final
// account (on-invoice) or transition account (on-payment); a tax of 0.00
// (exempt, or rounded to nothing) has no tax line, its base lines carry it.
// A reverse charge (autoliquidation, on a supplier's bill or credit note
// only) has two: deductible on its final account and due on its due
// account, for the same amount, so that the payable is the base alone.
// Amounts are in the prices' currency; the book converts them. It returns
// ErrInvoice (with tax.ErrReverseChargeSales for a reverse charge on a
// customer's invoice or credit note), ErrTerms, a tax validation error or a *TextError for a text a
// book would refuse.
func (inv Invoice) Entry() (Entry, error) {
	switch {
	case inv.Kind >= invoiceKindEnd, inv.Partner == "", inv.PartnerAccount == "", inv.Journal == "":
		return Entry{}, fmt.Errorf("%w: needs a known kind, a journal, a partner and its account", ErrInvoice)
	case !inv.DocKind.Valid():
		return Entry{}, fmt.Errorf("%w: unknown document kind %d", ErrInvoice, inv.DocKind)
	}
	t, err := inv.Totals()
	if err != nil {
		return Entry{}, err
	}
	if inv.Kind == CustomerInvoice || inv.Kind == CustomerCreditNote {
		for _, tt := range t.Taxes {
			if tt.Tax.ReverseCharge() {
				return Entry{}, fmt.Errorf("%w: %w: %s on a customer's document (a sale to a business that self-assesses the VAT carries no VAT: EXO or EXPORT)",
					ErrInvoice, tax.ErrReverseChargeSales, tt.Tax.ID)
			}
		}
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
		if parts[i].IsZero() {
			continue // an instalment a small total leaves nothing: no line of nothing
		}
		e.Lines = append(e.Lines, Line{Account: inv.PartnerAccount, Partner: inv.Partner, Label: inv.Label,
			DueDate: dates[i], AmountCurrency: sign(parts[i])})
	}
	for i, l := range inv.Lines {
		if t.Bases[i].IsZero() {
			continue // a free line (price or quantity 0) books nothing
		}
		line := Line{Account: l.Account, Label: l.Label, AmountCurrency: sign(t.Bases[i]).Neg()}
		if thirdPartyAccount(l.Account) {
			// A deposit invoice's base on 419100, say: the customer's
			// advance, kept per partner like its receivable.
			line.Partner = inv.Partner
		}
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
		if tt.Tax.ReverseCharge() {
			// The same tax due, on the side of the supplier's line: the
			// two cancel out, and the supplier is owed the base alone.
			e.Lines = append(e.Lines, Line{Account: tt.Tax.DueAccount, Label: tt.Tax.Name, TaxRole: tax.RoleTax,
				Taxes: []tax.Tax{tt.Tax}, AmountCurrency: sign(tt.Amount)})
		}
	}
	// The discount the terms offer travels with the invoice, for whoever
	// letters its payment; a credit note offers none. A discount rounded
	// to nothing, or to the whole total (50 % of 0,01), is no offer: no
	// payment would take it.
	if typ == TypeInvoice {
		if d, ok, err := inv.Terms.DiscountOn(t.TTC, inv.Rounding); err != nil {
			return Entry{}, err
		} else if whole, err := d.Cmp(t.TTC); ok && err == nil && d.Sign() > 0 && whole < 0 {
			until, _ := inv.Terms.DiscountDeadline(inv.Date)
			if until.IsZero() {
				return Entry{}, fmt.Errorf("%w: the discount's last day, %d days after %s, is past year 9999", ErrTerms, inv.Terms.Discount.Days, inv.Date)
			}
			e.DiscountOffer = &DiscountOffer{Amount: d, Until: until}
		} else if ok && err != nil {
			return Entry{}, err
		}
	}
	return e, nil
}

// thirdPartyAccount reports whether a base line's account is a
// customer's or supplier's in the French chart (classes 40 and 41:
// advances and deposits on 419100 and 409100, invoices not yet received
// on 408100…), whose lines name the invoice's partner.
func thirdPartyAccount(code string) bool {
	return strings.HasPrefix(code, "40") || strings.HasPrefix(code, "41")
}

// checkTexts returns the first text of the invoice CheckText refuses.
func (inv Invoice) checkTexts() error {
	texts := []struct{ field, text string }{{"journal", inv.Journal}, {"partner", inv.Partner},
		{"partner account", inv.PartnerAccount}, {"ref", inv.Ref}, {"label", inv.Label}}
	for i, l := range inv.Lines {
		texts = append(texts, struct{ field, text string }{fmt.Sprintf("line %d label", i+1), l.Label},
			struct{ field, text string }{fmt.Sprintf("line %d account", i+1), l.Account})
		// The taxes' texts are copied onto the lines: a tax's name labels
		// its tax line.
		for _, t := range l.Taxes {
			texts = append(texts, struct{ field, text string }{fmt.Sprintf("line %d tax %s name", i+1, t.ID), t.Name},
				struct{ field, text string }{fmt.Sprintf("line %d tax id", i+1), t.ID})
		}
	}
	for _, t := range texts {
		if err := CheckText(t.field, t.text); err != nil {
			return err
		}
	}
	return nil
}
