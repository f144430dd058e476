package reconcile

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/tax"
)

// VATLine is one rate of a VAT report: the base and the tax that became
// due in the period on one final account.
type VATLine struct {
	Account     string          // the final account: 445710 collected, 445660 deductible
	Collected   bool            // collected (sales) rather than deductible (purchases)
	TaxID       string          // the tax's ID: "TVA20"
	Name        string          // the tax's name: "TVA 20 %"
	Rate        tax.Percent     // the tax's rate in percent
	Exigibility tax.Exigibility // on invoice or on payment
	Base        currency.Amount // the bases taxed, company currency (collected credits shown positive)
	Tax         currency.Amount // the tax that became due, company currency, signed like Base
}

// VATReport is the VAT that became due in a period: on-invoice taxes by
// the date of their invoices (and discounts, and reversals), on-payment
// taxes by the date of their cash-basis entries. It is read from the lines
// that carry a tax: with Untaxed, its totals agree with the movements of
// the tax accounts over the period.
type VATReport struct {
	// From and To are the period's first and last days, inclusive.
	From, To journal.Date
	// Lines are one per final account, tax and rate (a tax whose rate
	// changed has a line per rate), by account then rate.
	Lines      []VATLine
	Collected  currency.Amount // total of the collected lines' Tax, company currency
	Deductible currency.Amount // total of the deductible lines' Tax, company currency
	// Untaxed are the movements of tax accounts by lines that carry no tax
	// (entries imported without their taxes, the period's VAT settlement,
	// corrections posted by hand), one per account, by account: they are
	// in no rate above, and a report of imported books reads zero without
	// them.
	Untaxed []VATUntaxed
}

// VATUntaxed is what lines carrying no tax moved on one tax account over
// the period.
type VATUntaxed struct {
	Account  string          // the tax account: 445710
	Lines    int             // how many lines
	Movement currency.Amount // their sum, company currency, positive on the debit side
}

// VATReport reads the lines of every tax account from to to (inclusive)
// that carry a tax snapshot for which the account is the final one, and
// the base lines of the same entries carrying that tax. The other side of
// a self-assessed tax (reverse charge: 445200 due beside 445662
// deductible), a tax line on a tax account that is neither the tax's
// final nor its transition account, is a row of its own on the same
// bases, so that a reverse charge's base and tax show as collected and
// its tax again as deductible, netting to nothing. Collected is told from
// deductible by the French chart (4457… collected, 4456… deductible), else
// by the sign of the movement; the other side of a self-assessed tax is
// the opposite of its final side (due beside 4456…), and a reverse
// charge's due account (tax.Tax.DueAccount) is collected in any chart. A zero from or to leaves that end of the period open; a
// period that ends before it starts is refused (journal.ErrDate).
func (r *Reconciler) VATReport(ctx context.Context, from, to journal.Date) (VATReport, error) {
	if err := checkPeriod(from, to); err != nil {
		return VATReport{}, err
	}
	company := r.book.Currency()
	rep := VATReport{From: from, To: to, Collected: currency.Zero(company), Deductible: currency.Zero(company)}
	// Entries on tax accounts, cash-basis entries that moved only a base
	// (their tax share rounded to nothing) on income or expense, and
	// discounts whose VAT share rounded to nothing: their tax-excluded
	// share still lowers the base, on a discount account.
	ids, err := r.entriesOn(ctx, from, to, ledger.KindTax, ledger.KindIncome, ledger.KindExpense,
		ledger.KindDiscountGranted, ledger.KindDiscountObtained)
	if err != nil {
		return rep, err
	}
	taxAccounts, err := r.accountsOfKind(ctx, ledger.KindTax)
	if err != nil {
		return rep, err
	}
	// A tax whose rate changed (19,6 % to 20 % under one ID) is reported
	// at each rate, as a return has them.
	type key struct{ account, taxID, rate string }
	rows := map[key]*VATLine{}
	other := map[key]string{} // the other side of a self-assessed tax → the tax's final account
	due := map[key]bool{}     // the other side on a reverse charge's due account
	untaxed := map[string]*VATUntaxed{}
	err = r.book.View(ctx, func(t *ledger.Tx) error {
		clear(rows)
		clear(other)
		clear(due)
		clear(untaxed)
		for _, id := range ids {
			e, err := t.Entry(id)
			if err != nil {
				return err
			}
			row := func(account string, tx tax.Tax) *VATLine {
				k := key{account, tx.ID, tx.Rate.String()}
				r, ok := rows[k]
				if !ok {
					r = &VATLine{Account: account, TaxID: tx.ID, Name: tx.Name, Rate: tx.Rate, Exigibility: tx.Exigibility,
						Base: currency.Zero(company), Tax: currency.Zero(company)}
					rows[k] = r
				}
				return r
			}
			// The other side of a self-assessed tax (reverse charge: Cr
			// 445200 due beside Dr 445660 deductible): a tax line on a tax
			// account that is neither the tax's final nor its transition
			// account. It is due like the final side, on the same bases
			// taken the other way.
			var sides map[string][]string // tax ID → its other accounts in this entry
			addSide := func(l *journal.Line) {
				if sides == nil {
					sides = map[string][]string{}
				}
				if id := l.Taxes[0].ID; !slices.Contains(sides[id], l.Account) {
					sides[id] = append(sides[id], l.Account)
				}
			}
			// A tax booked on another account of the same side as its
			// final one (deductible VAT on a fixed asset on 445620 for a
			// tax whose final account is 445660) is that account's: its
			// tax, and its bases in proportion, are reported there.
			var bookedOn map[string][]taxOn // tax ID → the accounts it is booked on, when one is not its final one
			for _, l := range e.Lines {
				switch {
				case onFinalAccount(&l):
					r := row(l.Account, l.Taxes[0])
					r.Tax = mustAdd(r.Tax, l.Balance)
				case onSameSide(&l, taxAccounts):
					r := row(l.Account, l.Taxes[0])
					r.Tax = mustAdd(r.Tax, l.Balance)
					if bookedOn == nil {
						bookedOn = map[string][]taxOn{}
					}
					bookedOn[l.Taxes[0].ID] = nil
				case otherSide(&l, taxAccounts):
					r := row(l.Account, l.Taxes[0])
					r.Tax = mustAdd(r.Tax, l.Balance)
					k := key{l.Account, l.Taxes[0].ID, l.Taxes[0].Rate.String()}
					other[k] = l.Taxes[0].FinalAccount
					if l.Account == l.Taxes[0].DueAccount {
						due[k] = true
					}
					addSide(&l)
				case len(l.Taxes) == 0 && taxAccounts[l.Account]:
					u, ok := untaxed[l.Account]
					if !ok {
						u = &VATUntaxed{Account: l.Account, Movement: currency.Zero(company)}
						untaxed[l.Account] = u
					}
					u.Lines++
					u.Movement = mustAdd(u.Movement, l.Balance)
				}
			}
			for id := range bookedOn {
				for _, l := range e.Lines {
					if l.TaxRole == tax.RoleTax && len(l.Taxes) == 1 && l.Taxes[0].ID == id && (onFinalAccount(&l) || onSameSide(&l, taxAccounts)) {
						bookedOn[id] = addTaxOn(bookedOn[id], l.Account, l.Balance)
					}
				}
			}
			// A discount whose share of a self-assessed tax rounded to
			// nothing has no line on the tax's other side, and lowers its
			// base all the same: the invoice it names tells that side.
			if e.Type == journal.TypeDiscount && e.Document != journal.NoID {
				doc, err := t.Entry(e.Document)
				if err != nil {
					return err
				}
				for _, l := range doc.Lines {
					if otherSide(&l, taxAccounts) {
						addSide(&l)
					}
				}
			}
			// A base is reported when its tax becomes due: a tax due on
			// invoice with its document (a discount or a reversal lowers
			// it), a tax due on payment with its cash-basis entries. An
			// exempt or 0 % tax has no tax line, and its base is reported
			// all the same.
			cashBasis := e.Type == journal.TypeCashBasis
			for _, b := range e.Lines {
				if b.TaxRole != tax.RoleBase {
					continue
				}
				for _, tx := range b.Taxes {
					if cashBasis == (tx.Exigibility == tax.OnPayment) {
						on := bookedOn[tx.ID]
						if len(on) == 0 {
							r := row(tx.FinalAccount, tx)
							r.Base = mustAdd(r.Base, b.Balance)
						} else {
							weights := make([]currency.Amount, len(on))
							for k, o := range on {
								weights[k] = o.tax
							}
							parts, err := currency.Prorate(b.Balance, weights)
							if err != nil {
								return err
							}
							for k, o := range on {
								r := row(o.account, tx)
								r.Base = mustAdd(r.Base, parts[k])
							}
						}
					}
					if !cashBasis {
						// The other side is booked where it is due, with its
						// document, whenever the final side becomes due.
						for _, a := range sides[tx.ID] { // the other way, as its tax
							r := row(a, tx)
							r.Base = mustSub(r.Base, b.Balance)
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	for k, row := range rows {
		row.Collected = collected(row.Account, row.Tax)
		if due[k] {
			// A reverse charge's due side is VAT due, in any chart.
			row.Collected = true
		} else if final, ok := other[k]; ok && (strings.HasPrefix(final, "4456") || strings.HasPrefix(final, "4457")) {
			// The other side of a self-assessed tax is due when its final
			// side is deductible, and the other way round, whatever the
			// sign of the period's movement (a discount lowers it).
			row.Collected = !collected(final, row.Tax)
		}
		if row.Collected { // credits: show them positive
			row.Tax, row.Base = row.Tax.Neg(), row.Base.Neg()
			rep.Collected = mustAdd(rep.Collected, row.Tax)
		} else {
			rep.Deductible = mustAdd(rep.Deductible, row.Tax)
		}
		rep.Lines = append(rep.Lines, *row)
	}
	slices.SortFunc(rep.Lines, func(a, b VATLine) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), a.Rate.Decimal().Cmp(b.Rate.Decimal()), cmp.Compare(a.TaxID, b.TaxID))
	})
	for _, u := range untaxed {
		rep.Untaxed = append(rep.Untaxed, *u)
	}
	slices.SortFunc(rep.Untaxed, func(a, b VATUntaxed) int { return cmp.Compare(a.Account, b.Account) })
	return rep, nil
}

// otherSide reports whether l is on the other side of a self-assessed tax:
// a tax line on a tax account that is neither its tax's final nor its
// transition account, nor one of the final account's side (onSameSide,
// matched first, as the final account's lines are).
func otherSide(l *journal.Line, taxAccounts map[string]bool) bool {
	return l.TaxRole == tax.RoleTax && len(l.Taxes) == 1 && l.Account != l.Taxes[0].FinalAccount &&
		l.Account != l.Taxes[0].TransitionAccount && taxAccounts[l.Account]
}

// taxOn is what a tax line of an entry books on one account.
type taxOn struct {
	account string
	tax     currency.Amount
}

// addTaxOn adds amount to account's share in on.
func addTaxOn(on []taxOn, account string, amount currency.Amount) []taxOn {
	for k := range on {
		if on[k].account == account {
			on[k].tax = mustAdd(on[k].tax, amount)
			return on
		}
	}
	return append(on, taxOn{account, amount})
}

// onSameSide reports whether l is a tax line booked on another tax
// account of its tax's final account's side: deductible (4456…) for a
// deductible tax, as 445620 for VAT on a fixed asset, or collected (4457…)
// for a collected one.
func onSameSide(l *journal.Line, taxAccounts map[string]bool) bool {
	if !otherSide(l, taxAccounts) {
		return false
	}
	for _, side := range []string{"4456", "4457"} {
		if strings.HasPrefix(l.Account, side) && strings.HasPrefix(l.Taxes[0].FinalAccount, side) {
			return true
		}
	}
	return false
}

// onFinalAccount reports whether l is a tax line on its tax's final
// account (445710, 445660): the tax due, not the transition.
func onFinalAccount(l *journal.Line) bool {
	return l.TaxRole == tax.RoleTax && len(l.Taxes) == 1 && l.Account == l.Taxes[0].FinalAccount
}

// onSale reports whether the cash-basis entry e makes VAT collected on a
// sale due, rather than VAT deductible on a purchase: by its document's
// customer or supplier account, or without one by its tax line's final
// account (collected).
func onSale(t *ledger.Tx, e, doc *journal.Entry) (bool, error) {
	if doc != nil {
		for _, l := range doc.Lines {
			a, err := t.Account(l.Account)
			if err != nil {
				return false, err
			}
			switch a.Kind {
			case ledger.KindReceivable, ledger.KindCustomerAdvance:
				return true, nil
			case ledger.KindPayable, ledger.KindSupplierAdvance:
				return false, nil
			}
		}
	}
	for _, l := range e.Lines {
		if onFinalAccount(&l) {
			amount := l.Balance
			if e.ReversalOf != journal.NoID {
				amount = amount.Neg()
			}
			if doc != nil && doc.Type == journal.TypeCreditNote {
				amount = amount.Neg()
			}
			return collected(l.Account, amount), nil
		}
	}
	return true, nil
}

// collected tells collected VAT from deductible by the French chart (4457…
// collected, 4456… deductible), else by the sign of the movement tax.
func collected(account string, tax currency.Amount) bool {
	return strings.HasPrefix(account, "4457") || !strings.HasPrefix(account, "4456") && tax.Sign() < 0
}

// accountsOfKind returns the codes of the accounts of the given kinds.
func (r *Reconciler) accountsOfKind(ctx context.Context, kinds ...ledger.AccountKind) (map[string]bool, error) {
	accounts, err := r.book.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, a := range accounts {
		if slices.Contains(kinds, a.Kind) {
			out[a.Code] = true
		}
	}
	return out, nil
}

// String prints the report as a French VAT summary, rates written the
// French way ("5,5 %", a no-break space before the sign).
func (rep VATReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "TVA du %s au %s\n", rep.From.French(), rep.To.French())
	for _, l := range rep.Lines {
		what := "déductible"
		if l.Collected {
			what = "collectée"
		}
		when := "sur débits"
		if l.Exigibility == tax.OnPayment {
			when = "sur encaissements"
		}
		fmt.Fprintf(&b, "  %s %s %s %-17s base %s  TVA %s\n", l.Account, currency.PadRight(what, 10), currency.PadLeft(l.Rate.French(), 7), when,
			currency.PadLeft(l.Base.French(), 12), currency.PadLeft(l.Tax.French(), 10))
	}
	fmt.Fprintf(&b, "  TVA collectée  %s\n  TVA déductible %s\n", currency.PadLeft(rep.Collected.French(), 12),
		currency.PadLeft(rep.Deductible.French(), 12))
	for _, u := range rep.Untaxed {
		fmt.Fprintf(&b, "  %s sans taxe sur la ligne (%d) %s\n", u.Account, u.Lines, currency.PadLeft(u.Movement.French(), 12))
	}
	return b.String()
}

// CashBasisRow is one payment of a cash-basis invoice (the payment data
// France's e-reporting asks of service providers): when it was collected,
// how much, and the VAT that became due.
type CashBasisRow struct {
	Invoice string       // the invoice's number: "VT/2026/00031"
	Payment string       // the settling entry: payment, statement line, credit note, write-off
	Date    journal.Date // when the VAT became due: the cash-basis entry's date, which the period selects by
	// Paid is the settling entry's accounting date, when the money came in:
	// an advance received before its invoice was paid before its VAT fell
	// due. For a bill of exchange's collection, Date.
	Paid      journal.Date
	Collected currency.Amount // on the invoice, in its currency; negative for a credit note; zero for a write-off to the loss or gain account
	VAT       currency.Amount // became due (company currency); negative for a credit note's, the other way for a reversal
}

// CashBasisPayments lists, per cash-basis entry of a sale dated from to
// to, the invoice, the entry that paid it, the amount collected and the VAT
// that became due: positive for an invoice's, negative for a credit note's,
// and the other way for reversals (a detached payment). A supplier's bill
// paid makes VAT deductible, not collected: it has no row (VATReport
// gives it).
// A zero from or to leaves that end of the period open; a period that
// ends before it starts is refused (journal.ErrDate).
func (r *Reconciler) CashBasisPayments(ctx context.Context, from, to journal.Date) ([]CashBasisRow, error) {
	if err := checkPeriod(from, to); err != nil {
		return nil, err
	}
	ids, err := r.entriesOn(ctx, from, to, ledger.KindTaxTransition)
	if err != nil {
		return nil, err
	}
	var out []CashBasisRow
	err = r.book.View(ctx, func(t *ledger.Tx) error {
		out = out[:0]
		for _, id := range ids {
			e, err := t.Entry(id)
			if err != nil {
				return err
			}
			if e.Type != journal.TypeCashBasis {
				continue
			}
			var doc *journal.Entry
			if e.Document != journal.NoID {
				d, err := t.Entry(e.Document)
				if err != nil {
					return err
				}
				doc = &d
			}
			if sale, err := onSale(t, &e, doc); err != nil {
				return err
			} else if !sale {
				continue // deductible VAT on a paid bill: nothing collected
			}
			p, err := t.Partial(e.Origin)
			if err != nil {
				return err
			}
			row := CashBasisRow{Invoice: e.Ref, Date: e.Date, Paid: e.Date, VAT: currency.Zero(t.Book().Currency())}
			recorded, err := r.recordedCollection(t, &e)
			if err != nil {
				return err
			}
			if recorded != nil {
				// The collection of a bill of exchange: what it paid, as
				// recorded when its tax became due.
				row.Collected, row.Payment = recorded.Collected, recorded.Payment
			} else if row, err = r.paidRow(t, row, p, e.Document); err != nil {
				return err
			}
			for _, l := range e.Lines {
				if onFinalAccount(&l) {
					row.VAT = mustAdd(row.VAT, l.Balance.Abs())
				}
			}
			// A credit note's tax comes off what is due: its rows are
			// negative, as 445710 reads them, and a reversal's the other
			// way again.
			credit := doc != nil && doc.Type == journal.TypeCreditNote
			if credit != (e.ReversalOf != journal.NoID) {
				row.Collected, row.VAT = row.Collected.Neg(), row.VAT.Neg()
			}
			out = append(out, row)
		}
		slices.SortStableFunc(out, func(a, b CashBasisRow) int {
			return cmp.Or(cmp.Compare(a.Date.Key(), b.Date.Key()), cmp.Compare(a.Invoice, b.Invoice), cmp.Compare(a.Payment, b.Payment))
		})
		return nil
	})
	return out, err
}

// paidRow completes the row of a cash-basis entry that partial p made due
// on document doc, from p.
func (r *Reconciler) paidRow(t *ledger.Tx, row CashBasisRow, p journal.Partial, doc journal.ID) (CashBasisRow, error) {
	if p.Debit.Entry != doc && p.Credit.Entry != doc {
		// The collection of a bill of exchange that took the invoice
		// over, posted before collections were recorded: the money is
		// the bank's line.
		var err error
		if row, err = r.billCollectedRow(t, row, p, doc); err != nil {
			return row, err
		}
	}
	for _, side := range []journal.LineRef{p.Debit, p.Credit} {
		se, err := t.Entry(side.Entry)
		if err != nil {
			return row, err
		}
		switch {
		case se.ID == doc:
			row.Collected = p.DebitAmountCurrency
			if side == p.Credit {
				row.Collected = p.CreditAmountCurrency
			}
			// A write-off to the loss or gain account collected nothing:
			// its row shows what it took off with no tax due on it.
			w := &work{r: r, t: t}
			if wo, err := w.writtenOffBy(p, side); err != nil {
				return row, err
			} else if wo != nil {
				row.Collected = currency.Zero(row.Collected.Currency())
			}
		case row.Payment == "":
			// The date the money came in: an advance received before
			// its invoice was collected on its own date, though its VAT
			// fell due with the invoice (Date). An advance held on an
			// advances account paid through a transfer entry: the money
			// is the advance's.
			if isAdvanceTransfer(&se) {
				adv, _, err := advanceOf(t, &se)
				if err != nil {
					return row, err
				}
				se = adv
			}
			row.Payment, row.Paid = se.Name(), se.Date
		}
	}
	return row, nil
}

// recordedRow is what a cash-basis entry made due by collecting a bill of
// exchange recorded when it was posted.
type recordedRow struct {
	Collected currency.Amount
	Payment   string
}

// recordedCollection reads what cash-basis entry e (or the original e
// reverses) recorded of the bill collection that made it due; nil for an
// entry that recorded none (a payment of the invoice itself, or an entry
// posted before such records were kept).
func (r *Reconciler) recordedCollection(t *ledger.Tx, e *journal.Entry) (*recordedRow, error) {
	id := e.ID
	if e.ReversalOf != journal.NoID {
		id = e.ReversalOf
	}
	evs, err := t.Events(id)
	if err != nil {
		return nil, err
	}
	for _, ev := range evs {
		if ev.Kind != billCollectedEvent {
			continue
		}
		var bc billCollected
		if err := json.Unmarshal(ev.Data, &bc); err != nil {
			return nil, fmt.Errorf("%w: cash-basis entry %s: %v", ledger.ErrFormat, id, err)
		}
		doc, err := t.Entry(e.Document)
		if err != nil {
			return nil, err
		}
		cur := doc.Currency
		if cur.IsZero() {
			cur = t.Book().Currency()
		}
		amount, err := currency.Parse(cur, bc.Collected)
		if err != nil {
			return nil, fmt.Errorf("%w: cash-basis entry %s: %v", ledger.ErrFormat, id, err)
		}
		out := &recordedRow{Collected: amount}
		if bc.Payment != journal.NoID {
			pay, err := t.Entry(bc.Payment)
			if err != nil {
				return nil, err
			}
			out.Payment = pay.Name()
		}
		return out, nil
	}
	return nil, nil
}

// entriesOn returns the entries with a line dated from to to (inclusive) on
// an account of one of kinds, each once, account by account.
func (r *Reconciler) entriesOn(ctx context.Context, from, to journal.Date, kinds ...ledger.AccountKind) ([]journal.ID, error) {
	accounts, err := r.book.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	var ids []journal.ID
	seen := map[journal.ID]bool{}
	for _, a := range accounts {
		if !slices.Contains(kinds, a.Kind) {
			continue
		}
		for it, err := range r.book.Lines(ctx, ledger.LineFilter{Account: a.Code, From: from, To: to}) {
			if err != nil {
				return nil, err
			}
			if !seen[it.Ref.Entry] {
				seen[it.Ref.Entry] = true
				ids = append(ids, it.Ref.Entry)
			}
		}
	}
	return ids, nil
}

// billCollectedRow completes the row of a cash-basis entry that partial p,
// collecting a bill of exchange, made due on document doc: the paying
// entry is p's other side, and what it collected on doc is doc's part of
// the bill in proportion to what p paid of it.
func (r *Reconciler) billCollectedRow(t *ledger.Tx, row CashBasisRow, p journal.Partial, doc journal.ID) (CashBasisRow, error) {
	for _, x := range [][2]journal.LineRef{{p.Debit, p.Credit}, {p.Credit, p.Debit}} {
		bill, err := t.Entry(x[0].Entry)
		if err != nil {
			return row, err
		}
		l := bill.Lines[x[0].Index]
		if !r.cfg.billsAccount(l.Account) {
			continue
		}
		pay, err := t.Entry(x[1].Entry)
		if err != nil {
			return row, err
		}
		row.Payment = pay.Name()
		part := currency.Zero(l.Balance.Currency())
		for i := range bill.Lines {
			ps, err := t.LivePartials(bill.LineRef(i))
			if err != nil && !isNotReconcilable(err) {
				return row, err
			}
			for _, q := range ps {
				if q.Kind == journal.KindBill && (q.Debit.Entry == doc || q.Credit.Entry == doc) {
					part = mustAdd(part, q.Amount)
				}
			}
		}
		if part.IsZero() { // the bill was taken off the invoice since
			row.Collected = p.Amount
			return row, nil
		}
		row.Collected, err = currency.MulDiv(part, p.Amount, l.Balance.Abs(), part.Currency(), t.Book().Rounding())
		return row, err
	}
	return row, nil
}

// checkPeriod refuses a period [from, to] that ends before it starts: read
// as empty, it would be a VAT return of nothing.
func checkPeriod(from, to journal.Date) error {
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return fmt.Errorf("%w: the period ends on %s, before it starts on %s", journal.ErrDate, to, from)
	}
	return nil
}
