package reconcile

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/cockroachdb/apd/v3"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// DunningLevelsMax is the most levels a dunning ladder may have.
const DunningLevelsMax = 10

// DunningLevel is a step of the dunning ladder (relances): an overdue
// item reaches it Days days past its due date.
type DunningLevel struct {
	// Days is how many days past due an item reaches the level, > 0.
	Days int
	// Name is the level's name, the title of its letter.
	Name string
}

// DunningLevelsDefault is the default ladder: a first, courteous reminder
// at 15 days past due, a second at 30, and a formal notice (mise en
// demeure de payer) at 45. Fifteen days apart, each letter leaves a
// customer paying by transfer time for its payment to arrive before the
// next; the formal notice a month and a half after the due date is the
// letter French practice sends before a payment order (injonction de
// payer) or a collection agency.
var DunningLevelsDefault = []DunningLevel{
	{Days: 15, Name: "Première relance"},
	{Days: 30, Name: "Deuxième relance"},
	{Days: 45, Name: "Mise en demeure de payer"},
}

// DunningQuery asks which customers are due a reminder (relance) at a date.
type DunningQuery struct {
	// At is the date of the run: an item is overdue when its due date
	// (DunningItem.DueDate) is before At and something of it remains due
	// at the end of At (partials dated later do not count, as in Aged).
	At journal.Date
	// Levels is the ladder, by ascending days; none means
	// DunningLevelsDefault.
	Levels []DunningLevel
	// Partners, when given, limits the run to these customers, each of
	// which the book must know; none means every customer.
	Partners []string
	// Account is the receivable account; empty means the reconciler's
	// (Config.Receivable, 411000).
	Account string
	// Exclude are documents left out of the run: invoices in dispute
	// (litigieuses), which no reminder should claim. (An invoice whose
	// debt was moved to 416000, clients douteux ou litigieux, by
	// MoveToDoubtful or by hand, owes nothing more on 411000: a run on it
	// leaves it out already.)
	Exclude []journal.ID
	// PenaltyRate, when given, has each row show the late-payment
	// penalties and recovery indemnities its customer owes at At, as
	// LatePenalties computes them at this annual rate in percent (12.15
	// for 12,15 %) with this Indemnity (unset: 40,00 EUR; zero: none).
	PenaltyRate *apd.Decimal    `json:",omitempty"`
	Indemnity   currency.Amount // the recovery indemnity per invoice, with PenaltyRate
}

// ReminderSent is a reminder recorded on a document (RecordReminder).
type ReminderSent struct {
	Level int          // the level, from 1, in the ladder it was sent with
	Name  string       // the level's name then
	Date  journal.Date // the day it was sent
}

// DunningItem is an overdue open item of a customer.
type DunningItem struct {
	Ref       journal.LineRef // the entry's id and the line's index
	Number    string          // the entry's number: "VT/2026/00042"
	Reference string          // the entry's reference: the document's own number ("FA-210")
	Date      journal.Date    // the entry's accounting date
	// DueDate is the day the item fell due, which DaysOverdue counts
	// from: the line's due date; for an invoice line without one, as
	// LatePenalties counts it, the customer's payment terms
	// (ledger.Partner.Terms) from Date, or, without terms, Date + 30 days
	// for a professional (Code de commerce L441-10 I) and Date for a
	// consumer; for an opening balance or miscellaneous line without one,
	// Date. Never zero.
	DueDate journal.Date
	// DaysOverdue is how many days past its due date the item is at the
	// run's date, > 0.
	DaysOverdue int
	// Amount and Residual are the line's amount and what remains of it at
	// the run's date, positive, in the company currency.
	Amount, Residual currency.Amount
	// AmountCurrency and ResidualCurrency are the same in the document's
	// own currency (equal to the above for a company-currency document).
	AmountCurrency, ResidualCurrency currency.Amount
	// Level is the level the item has reached by its days overdue, from 1;
	// 0 when it is overdue by fewer days than the first level's.
	Level int
	// Last is the last reminder recorded on its line on or before the
	// run's date; nil when none. A reminder claims lines, not whole
	// documents: the instalment of an invoice that was not overdue when
	// another was reminded of has its own reminders.
	Last *ReminderSent
	// Reminded is the highest level its line was reminded at on or before
	// the run's date; 0 when none.
	Reminded int
}

// Proposed reports whether the item is due a reminder: it has reached a
// level above every level it was reminded at.
func (it *DunningItem) Proposed() bool { return it.Level > it.Reminded }

// DunningRow is one customer's overdue items at a run's date.
type DunningRow struct {
	Partner string // the customer's code
	Name    string // the customer's name
	Account string // the receivable account
	// Consumer says the customer is a consumer (ledger.Partner.Consumer):
	// late-payment penalties and the recovery indemnity are not claimed of
	// it, and a letter must not recall them.
	Consumer bool
	// Items are the overdue items, by due date, then number.
	Items []DunningItem
	// Credits are the customer's unapplied credits on the account at the
	// run's date — credit notes, payments on account and overpayments not
	// lettered — which a reminder deducts from what it claims.
	Credits []Item
	// Due is what the items owe, Unallocated what the credits hold,
	// positive, in the company currency; Net is Due less Unallocated,
	// negative when the credits exceed the debts.
	Due, Unallocated, Net currency.Amount
	// Totals are the same per currency the items and credits are in, by
	// currency code: a customer owes an invoice in its own currency, and a
	// letter claims it in that currency.
	Totals []DunningTotal
	// Level is the customer's level: the highest of its items', 0 when none
	// has reached the first level.
	Level int
	// Next is the level of the letter to send now, 0 when none is due. A
	// letter is due when an item is Proposed and the customer owes
	// something net: Net positive and, in at least one currency of Totals,
	// a positive Net; credits that cover the debts leave nothing to claim.
	// Its level is the highest of the items' levels and of the levels they
	// were reminded at — the customer's level, as Odoo's follow-ups read
	// it: a customer sent a formal notice that has a new invoice reach the
	// first level is due a formal notice again, listing the new invoice
	// with the others, not a courteous first reminder.
	Next int
	// Ladder is the ladder the levels are of: Level and Next index it from
	// 1.
	Ladder []DunningLevel
	// Penalties and Indemnities are the late-payment penalties and
	// recovery indemnities the customer owes at the run's date and has not
	// been invoiced yet (LatePenalties), in the company currency; unset
	// when the run was asked without DunningQuery.PenaltyRate, and for a
	// Consumer, as are the four fields below.
	Penalties, Indemnities currency.Amount
	// PenaltiesInvoiced and IndemnitiesInvoiced are what the customer's
	// penalty invoices dated up to the run's date and not cancelled
	// (InvoicePenalties) invoiced it of each, paid or not, in the company
	// currency; unset when the run was asked without
	// DunningQuery.PenaltyRate.
	PenaltiesInvoiced, IndemnitiesInvoiced currency.Amount
	// PenaltyRate and Indemnity are the annual rate in percent and the
	// indemnity per invoice they were counted with; nil and unset without
	// DunningQuery.PenaltyRate.
	PenaltyRate *apd.Decimal
	Indemnity   currency.Amount // the indemnity per invoice counted
}

// DunningTotal is what a customer owes in one currency.
type DunningTotal struct {
	Currency currency.Currency // the currency the items and credits of the total are in
	// Due is what the items in the currency owe, Unallocated what the
	// credits in it hold, positive; Net is Due less Unallocated, negative
	// when the credits exceed the debts.
	Due, Unallocated, Net currency.Amount
}

// Dunning is a dunning run: the customers with overdue items at a date.
type Dunning struct {
	At     journal.Date   // the run's date
	Levels []DunningLevel // the ladder
	Rows   []DunningRow   // by customer code
}

// Dunning returns, per customer with overdue open items at q.At on the
// receivable account, those items with the level each reached, the
// reminders recorded on them, and the customer's unapplied credits. An
// item is an open debit line of an invoice, or of an opening balance or
// miscellaneous entry carrying one forward; payments and refunds,
// exchange differences and revaluations are never dunned. Open means as
// Aged reads it at q.At: a payment dated after q.At does not reduce what
// was overdue then. A customer whose items all reached levels they were
// reminded at, or whose credits cover its debts, is listed with Next 0;
// one with no overdue item is not listed.
//
// Levels are reached by days overdue alone: an invoice 50 days late that
// was never reminded is at the third level of the default ladder, as
// Odoo's follow-ups and Tryton's dunnings read it. Nothing is posted.
// With q.PenaltyRate, each row also shows the late-payment penalties and
// the indemnité forfaitaire pour frais de recouvrement (Code de commerce
// L441-10) its customer owes at q.At, not invoiced yet (InvoicePenalties
// invoices them), and what its penalty invoices invoiced already.
//
// It returns journal.ErrNoDate without a date, ErrDunningLevels,
// ErrPenaltyRate or ErrAmount for a penalty rate or indemnity
// LatePenalties refuses, ErrScope
// for an account that is not a reconcilable receivable account or that
// the book does not know (wrapping ledger.ErrUnknownAccount), for an
// empty partner code or one the book does not know (wrapping
// ledger.ErrUnknownPartner), or the book's read errors.
func (r *Reconciler) Dunning(ctx context.Context, q DunningQuery) (Dunning, error) {
	if q.At.IsZero() {
		return Dunning{}, fmt.Errorf("%w: a dunning run needs its date (DunningQuery.At)", journal.ErrNoDate)
	}
	levels, err := dunningLadder(q.Levels)
	if err != nil {
		return Dunning{}, err
	}
	pq := PenaltyQuery{At: q.At, Rate: q.PenaltyRate, Indemnity: q.Indemnity, Account: q.Account, Exclude: q.Exclude}
	if q.PenaltyRate != nil {
		if _, _, err := penaltyTerms(&pq, r.book.Currency()); err != nil {
			return Dunning{}, err
		}
	}
	account := cmp.Or(q.Account, r.cfg.Receivable)
	partners := slices.Clone(q.Partners)
	slices.Sort(partners)
	partners = slices.Compact(partners)
	exclude := map[journal.ID]bool{}
	for _, id := range q.Exclude {
		exclude[id] = true
	}
	out := Dunning{At: q.At, Levels: levels}
	err = r.book.View(ctx, func(t *ledger.Tx) error {
		if err := dunningAccount(t, account); err != nil {
			return err
		}
		for _, p := range partners {
			if p == "" {
				return fmt.Errorf("%w: an empty partner code; name customers, or none for all", ErrScope)
			}
			if _, err := t.Partner(p); err != nil {
				return fmt.Errorf("%w: %w", ErrScope, err)
			}
		}
		byPartner := map[string][]ledger.OpenItem{}
		keep := func(it ledger.OpenItem) error {
			if it.Partner != "" {
				byPartner[it.Partner] = append(byPartner[it.Partner], it)
			}
			return ctx.Err()
		}
		if len(partners) > 0 {
			for _, p := range partners {
				if err := t.EachOpenItemAt(account, p, q.At, keep); err != nil {
					return err
				}
			}
		} else if err := t.EachOpenItemAt(account, "", q.At, keep); err != nil {
			return err
		}
		codes := make([]string, 0, len(byPartner))
		for p := range byPartner {
			codes = append(codes, p)
		}
		slices.Sort(codes)
		for _, p := range codes {
			row, err := dunningRow(t, account, p, q.At, levels, byPartner[p], exclude)
			if err != nil {
				return err
			}
			if len(row.Items) > 0 {
				out.Rows = append(out.Rows, row)
			}
		}
		if q.PenaltyRate == nil || len(out.Rows) == 0 {
			return nil
		}
		return dunningPenalties(ctx, t, &r.cfg, pq, out.Rows)
	})
	if err != nil {
		return Dunning{}, err
	}
	return out, nil
}

// dunningPenalties sets the penalties and indemnities each row's
// customer owes (DunningRow.Penalties).
func dunningPenalties(ctx context.Context, t *ledger.Tx, cfg *Config, q PenaltyQuery, rows []DunningRow) error {
	company := t.Book().Currency()
	for i := range rows {
		q.Partners = append(q.Partners, rows[i].Partner)
	}
	pen, err := latePenalties(ctx, t, cfg, q)
	if err != nil {
		return err
	}
	_, indemnity, err := penaltyTerms(&q, company)
	if err != nil {
		return err
	}
	for i := range rows {
		if rows[i].Consumer {
			continue // L441-10 binds professionals only
		}
		rows[i].Penalties, rows[i].Indemnities = currency.Zero(company), currency.Zero(company)
		rows[i].PenaltyRate, rows[i].Indemnity = new(apd.Decimal).Set(q.Rate), indemnity
		if rows[i].PenaltiesInvoiced, rows[i].IndemnitiesInvoiced, err = penaltiesBilled(t, cfg, cmp.Or(q.Account, cfg.Receivable),
			rows[i].Partner, q.At); err != nil {
			return err
		}
		for _, pr := range pen.Rows {
			if pr.Partner == rows[i].Partner {
				rows[i].Penalties, rows[i].Indemnities = pr.Penalties, pr.Indemnities
			}
		}
	}
	return nil
}

// dunningLadder checks a ladder and returns a copy of it, the default one
// when none is given.
func dunningLadder(levels []DunningLevel) ([]DunningLevel, error) {
	if len(levels) == 0 {
		levels = DunningLevelsDefault
	}
	if len(levels) > DunningLevelsMax {
		return nil, fmt.Errorf("%w: %d levels, at most %d", ErrDunningLevels, len(levels), DunningLevelsMax)
	}
	for i, l := range levels {
		switch {
		case l.Days <= 0 || i > 0 && l.Days <= levels[i-1].Days:
			return nil, fmt.Errorf("%w: level %d at %d days: days must be positive and ascending", ErrDunningLevels, i+1, l.Days)
		case l.Name == "":
			return nil, fmt.Errorf("%w: level %d has no name", ErrDunningLevels, i+1)
		}
		if err := journal.CheckText("dunning level name", l.Name); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrDunningLevels, err)
		}
	}
	return slices.Clone(levels), nil
}

// dunningAccount refuses an account a dunning run cannot read: one the
// book does not know, or not a reconcilable receivable account.
func dunningAccount(t *ledger.Tx, code string) error {
	a, err := t.Account(code)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrScope, err)
	}
	if a.Kind != ledger.KindReceivable || !a.Reconcilable {
		return fmt.Errorf("%w: %s is not a reconcilable receivable account", ErrScope, code)
	}
	return nil
}

// dunnable reports whether line i of e is a debt a reminder may claim: a
// debit of an invoice, or of an opening balance or miscellaneous entry
// carrying one forward.
func dunnable(e *journal.Entry, i int) bool {
	switch e.Type {
	case journal.TypeInvoice, journal.TypeOpening, journal.TypeMisc:
		return lineSign(&e.Lines[i]) > 0
	}
	return false
}

// dunningRow builds one customer's row from its open items at at.
func dunningRow(t *ledger.Tx, account, partner string, at journal.Date, levels []DunningLevel,
	open []ledger.OpenItem, exclude map[journal.ID]bool) (DunningRow, error) {
	company := t.Book().Currency()
	p, err := t.Partner(partner)
	if err != nil {
		return DunningRow{}, err
	}
	row := DunningRow{Partner: partner, Name: p.Name, Account: account, Consumer: p.Consumer, Due: currency.Zero(company),
		Unallocated: currency.Zero(company), Ladder: levels}
	reminders := map[journal.ID][]reminderRecord{}
	for _, o := range open {
		e, err := booktx.Entry(t, o.Ref.Entry)
		if err != nil {
			return DunningRow{}, err
		}
		if lineSign(&e.Lines[o.Ref.Index]) < 0 {
			row.Credits = append(row.Credits, Item{Ref: o.Ref, Number: o.Number, Type: e.Type, DocKind: e.DocKind, Date: o.Date,
				DueDate: o.DueDate, Label: cmp.Or(o.Label, e.Label), Reference: e.Ref, Amount: o.Balance,
				Residual: o.Residual.Balance, AmountCurrency: o.Amount, ResidualCurrency: o.Residual.AmountCurrency})
			row.Unallocated = mustAdd(row.Unallocated, o.Residual.Balance.Abs())
			continue
		}
		due := itemDue(&p, e.Type, o.Date, o.DueDate)
		days := at.DaysSince(due)
		if days <= 0 || exclude[o.Ref.Entry] || !dunnable(e, o.Ref.Index) {
			continue
		}
		sent, ok := reminders[o.Ref.Entry]
		if !ok {
			if sent, err = remindersOf(t, o.Ref.Entry, at); err != nil {
				return DunningRow{}, err
			}
			reminders[o.Ref.Entry] = sent
		}
		it := DunningItem{Ref: o.Ref, Number: o.Number, Reference: e.Ref, Date: o.Date, DueDate: due, DaysOverdue: days,
			Amount: o.Balance.Abs(), Residual: o.Residual.Balance.Abs(), AmountCurrency: o.Amount.Abs(),
			ResidualCurrency: o.Residual.AmountCurrency.Abs(), Level: levelOf(levels, days)}
		for i := range sent {
			if !sent[i].claims(o.Ref.Index) {
				continue
			}
			it.Reminded = max(it.Reminded, sent[i].Level)
			last := sent[i].ReminderSent
			it.Last = &last
		}
		row.Items = append(row.Items, it)
		row.Due = mustAdd(row.Due, it.Residual)
		row.Level = max(row.Level, it.Level)
	}
	row.Net = mustSub(row.Due, row.Unallocated)
	row.Totals = dunningTotals(row.Items, row.Credits)
	row.Next = nextLetter(&row)
	slices.SortStableFunc(row.Items, func(a, b DunningItem) int {
		if c := cmp.Compare(a.DueDate.Key(), b.DueDate.Key()); c != 0 {
			return c
		}
		return cmp.Compare(a.Number, b.Number)
	})
	sortItems(row.Credits)
	return row, nil
}

// dunningTotals sums items and credits per currency, by currency code.
func dunningTotals(items []DunningItem, credits []Item) []DunningTotal {
	var out []DunningTotal
	total := func(c currency.Currency) *DunningTotal {
		for i := range out {
			if out[i].Currency == c {
				return &out[i]
			}
		}
		out = append(out, DunningTotal{Currency: c, Due: currency.Zero(c), Unallocated: currency.Zero(c)})
		return &out[len(out)-1]
	}
	for _, it := range items {
		own := ownAmount(it.ResidualCurrency, it.Residual)
		t := total(own.Currency())
		t.Due = mustAdd(t.Due, own)
	}
	for _, c := range credits {
		own := ownAmount(c.ResidualCurrency, c.Residual).Abs()
		t := total(own.Currency())
		t.Unallocated = mustAdd(t.Unallocated, own)
	}
	for i := range out {
		out[i].Net = mustSub(out[i].Due, out[i].Unallocated)
	}
	slices.SortFunc(out, func(a, b DunningTotal) int { return cmp.Compare(a.Currency.Code(), b.Currency.Code()) })
	return out
}

// ownAmount is an amount in the document's currency, or in the company's
// when the document gives none.
func ownAmount(own, company currency.Amount) currency.Amount {
	if own.IsSet() {
		return own
	}
	return company
}

// nextLetter is the level of the letter due to a customer now (see
// DunningRow.Next).
func nextLetter(row *DunningRow) int {
	owes := false
	for _, t := range row.Totals {
		owes = owes || t.Net.Sign() > 0
	}
	if !owes || row.Net.Sign() <= 0 || !slices.ContainsFunc(row.Items, func(it DunningItem) bool { return it.Proposed() }) {
		return 0
	}
	next := row.Level
	for _, it := range row.Items {
		next = max(next, it.Reminded)
	}
	return next
}

// levelOf is the level, from 1, an item days overdue has reached; 0
// before the first.
func levelOf(levels []DunningLevel, days int) int {
	n := 0
	for i, l := range levels {
		if days >= l.Days {
			n = i + 1
		}
	}
	return n
}

// eventReminder is the event a reminder appends to its document's log.
const eventReminder = "dunning_reminder"

// reminderMeta is the payload of a reminder event.
type reminderMeta struct {
	Partner string       `json:"partner"`
	Level   int          `json:"level"`
	Name    string       `json:"name"`
	Days    int          `json:"days"`
	Date    journal.Date `json:"date"`
	// Lines are the indexes of the document's lines the reminder claims;
	// none, as in the events recorded before reminders named their lines,
	// is every line of the document.
	Lines []int `json:"lines,omitempty"`
}

// reminderRecord is a reminder read from a document's log.
type reminderRecord struct {
	ReminderSent
	lines []int // the lines it claims; none: all the document's
}

// claims reports whether the reminder claims line i of its document.
func (r *reminderRecord) claims(i int) bool { return len(r.lines) == 0 || slices.Contains(r.lines, i) }

// remindersOf returns the reminders recorded on a document dated on or
// before at, in the order they were sent.
func remindersOf(t *ledger.Tx, id journal.ID, at journal.Date) ([]reminderRecord, error) {
	evs, err := t.Events(id)
	if err != nil {
		return nil, err
	}
	var out []reminderRecord
	for _, ev := range evs {
		if ev.Kind != eventReminder {
			continue
		}
		var m reminderMeta
		if err := json.Unmarshal(ev.Data, &m); err != nil {
			return nil, fmt.Errorf("reconcile: reminder event of %s: %w", id, err)
		}
		if !m.Date.After(at) {
			out = append(out, reminderRecord{ReminderSent: ReminderSent{Level: m.Level, Name: m.Name, Date: m.Date}, lines: m.Lines})
		}
	}
	// The last reminder is the latest sent; two of one day keep the order
	// they were recorded in.
	slices.SortStableFunc(out, func(a, b reminderRecord) int { return cmp.Compare(a.Date.Key(), b.Date.Key()) })
	return out, nil
}

// Reminder records that a reminder was sent to a customer.
type Reminder struct {
	Operation journal.ID   // the caller's id for retries; NoID: a fresh one
	Partner   string       // the customer reminded
	Date      journal.Date // the day the reminder was sent
	// Level is the reminder's level, from 1, in Levels.
	Level int
	// Levels is the ladder Level is of; none means DunningLevelsDefault.
	Levels []DunningLevel `json:",omitempty"`
	// Documents are customer invoices the reminder claims, by entry id:
	// each claims those of its lines of Partner that are overdue at Date,
	// not an instalment due later.
	Documents []journal.ID
	// Lines are overdue items the reminder claims, by line (DunningItem's
	// Ref), beside or instead of Documents.
	Lines []journal.LineRef `json:",omitempty"`
}

// RecordReminder records that a reminder of r.Level was sent to r.Partner
// on r.Date for the overdue lines of r.Documents and for r.Lines: an
// event in each document's log naming its lines, which Dunning then reads
// as those items' last reminder, and does not propose that level (or a
// lower one) for them again; another line of the document, an instalment
// not overdue then, keeps its own reminders. Nothing is posted: the
// late-payment penalties and the 40 € indemnité forfaitaire pour frais de
// recouvrement (Code de commerce L441-10) are invoiced by
// InvoicePenalties.
//
// Each line must be one Dunning may list at r.Date: a debit of the
// partner on a receivable account, of an invoice (or of an opening
// balance or miscellaneous entry carrying one forward) dated on or before
// r.Date, open at the end of r.Date and overdue then (due before r.Date,
// its due date counted as DunningItem.DueDate says).
// Its level need not be one the line has reached by its days overdue: as
// in Odoo, where a follow-up can be sent by hand at any level, and as
// Dunning's letters are at the customer's level (DunningRow.Next), a
// newer invoice a formal notice lists is recorded at the formal notice's
// level.
//
// It returns journal.ErrNoDate without a date, ErrPartner for an empty
// partner code or ledger.ErrUnknownPartner for an unknown one,
// ErrDunningLevels for a ladder Dunning refuses or a level not in it,
// ErrNotDocument for no document or line named, or one that is no
// customer's invoice debit (a supplier bill, a payment, a credit note, a
// sales line), ErrNotPosted for an entry the book does not have or a
// line it does not have, ErrPartner for another customer's invoice,
// ErrDuplicateLine for a document or line named twice, ErrTooManyLines
// beyond RequestLinesMax documents and lines, ErrReminderDate for a
// document dated after r.Date, ErrSettled for one with nothing due at the
// end of r.Date, ErrNotOverdue for one with nothing overdue at r.Date
// (not due yet, or due that day), or ErrIdempotencyConflict. Nothing is
// written when it returns an error.
func (r *Reconciler) RecordReminder(ctx context.Context, rm Reminder) (Result, error) {
	return r.operation(ctx, rm.Operation, "reminder", rm, func(w *work) error { return w.recordReminder(rm) })
}

// recordReminder is RecordReminder inside an operation.
func (w *work) recordReminder(rm Reminder) error {
	if rm.Date.IsZero() {
		return fmt.Errorf("%w: a reminder needs the day it was sent (Reminder.Date)", journal.ErrNoDate)
	}
	if rm.Partner == "" {
		return fmt.Errorf("%w: a reminder needs its customer (Reminder.Partner)", ErrPartner)
	}
	if _, err := w.t.Partner(rm.Partner); err != nil {
		return err
	}
	levels, err := dunningLadder(rm.Levels)
	if err != nil {
		return err
	}
	if rm.Level < 1 || rm.Level > len(levels) {
		return fmt.Errorf("%w: level %d, the ladder has levels 1 to %d", ErrDunningLevels, rm.Level, len(levels))
	}
	switch n := len(rm.Documents) + len(rm.Lines); {
	case n == 0:
		return fmt.Errorf("%w: a reminder names no document or line", ErrNotDocument)
	case n > RequestLinesMax:
		return fmt.Errorf("%w: %d documents and lines, at most %d", ErrTooManyLines, n, RequestLinesMax)
	}
	var docs []journal.ID // in the order first named
	claimed := map[journal.ID][]int{}
	open := map[string]map[journal.LineRef]ledger.OpenItem{}
	claim := func(id journal.ID, index int) error {
		lines, err := w.remindable(id, index, rm.Partner, rm.Date, open)
		if err != nil {
			return err
		}
		if _, ok := claimed[id]; !ok {
			docs = append(docs, id)
		}
		for _, i := range lines {
			if slices.Contains(claimed[id], i) {
				return fmt.Errorf("%w: line %s", ErrDuplicateLine, journal.LineRef{Entry: id, Index: i})
			}
			claimed[id] = append(claimed[id], i)
		}
		return nil
	}
	seen := map[journal.ID]bool{}
	for _, id := range rm.Documents {
		if seen[id] {
			return fmt.Errorf("%w: document %s", ErrDuplicateLine, id)
		}
		seen[id] = true
		if err := claim(id, -1); err != nil {
			return err
		}
	}
	for _, ref := range rm.Lines {
		if ref.Index < 0 {
			return fmt.Errorf("%w: line %s", ErrNotPosted, ref)
		}
		if err := claim(ref.Entry, ref.Index); err != nil {
			return err
		}
	}
	l := levels[rm.Level-1]
	for _, id := range docs {
		lines := claimed[id]
		slices.Sort(lines)
		data, err := json.Marshal(reminderMeta{Partner: rm.Partner, Level: rm.Level, Name: l.Name, Days: l.Days, Date: rm.Date, Lines: lines})
		if err != nil {
			return err
		}
		if err := w.wr.AppendEvent(id, eventReminder, data); err != nil {
			return err
		}
	}
	return nil
}

// remindable returns the lines of document id a reminder of partner on
// date claims — line index alone when index >= 0, else every line of the
// partner overdue at date — or refuses them (see RecordReminder). open
// caches, per account, the partner's items open at the end of date.
func (w *work) remindable(id journal.ID, index int, partner string, date journal.Date,
	open map[string]map[journal.LineRef]ledger.OpenItem) ([]int, error) {
	e, err := booktx.Entry(w.t, id)
	if errors.Is(err, ledger.ErrNotFound) {
		return nil, fmt.Errorf("%w: entry %s", ErrNotPosted, id)
	} else if err != nil {
		return nil, err
	}
	if index >= len(e.Lines) {
		return nil, fmt.Errorf("%w: %s has no line %d", ErrNotPosted, e.Name(), index)
	}
	var mine []int
	other := ""
	for i := range e.Lines {
		if index >= 0 && i != index {
			continue
		}
		a, err := w.t.Account(e.Lines[i].Account)
		if err != nil {
			return nil, err
		}
		if a.Kind != ledger.KindReceivable || !a.Reconcilable || !dunnable(e, i) {
			continue
		}
		if e.Lines[i].Partner != partner {
			other = e.Lines[i].Partner
			continue
		}
		mine = append(mine, i)
	}
	what := e.Name()
	if index >= 0 {
		what = fmt.Sprintf("line %d of %s", index, e.Name())
	}
	switch {
	case len(mine) == 0 && other != "":
		return nil, fmt.Errorf("%w: %s is %s's, not %s's", ErrPartner, what, other, partner)
	case len(mine) == 0:
		return nil, fmt.Errorf("%w: %s (a %s) is no customer's debit: no invoice to remind of", ErrNotDocument, what, e.Type)
	case e.Date.After(date):
		return nil, fmt.Errorf("%w: %s is dated %s, the reminder %s", ErrReminderDate, e.Name(), e.Date, date)
	}
	p, err := w.t.Partner(partner)
	if err != nil {
		return nil, err
	}
	var overdue []int
	due := journal.Date{} // the earliest due date of a line open at date
	for _, i := range mine {
		o, ok, err := w.openAt(e.Lines[i].Account, partner, date, e.LineRef(i), open)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		on := itemDue(&p, e.Type, o.Date, o.DueDate) // as Dunning counts it
		if date.DaysSince(on) > 0 {
			overdue = append(overdue, i)
		} else if due.IsZero() || on.Before(due) {
			due = on
		}
	}
	switch {
	case len(overdue) > 0:
		return overdue, nil
	case due.IsZero():
		return nil, fmt.Errorf("%w: %s has nothing due at the end of %s", ErrSettled, what, date)
	}
	return nil, fmt.Errorf("%w: %s is due %s, the reminder %s", ErrNotOverdue, what, due, date)
}

// openAt returns the item of line ref of partner on account open at the
// end of date, and whether it is open; open caches the account's items.
func (w *work) openAt(account, partner string, date journal.Date, ref journal.LineRef,
	open map[string]map[journal.LineRef]ledger.OpenItem) (ledger.OpenItem, bool, error) {
	if open[account] == nil {
		items := map[journal.LineRef]ledger.OpenItem{}
		err := w.t.EachOpenItemAt(account, partner, date, func(o ledger.OpenItem) error {
			items[o.Ref] = o
			return nil
		})
		if err != nil {
			return ledger.OpenItem{}, false, err
		}
		open[account] = items
	}
	o, ok := open[account][ref]
	return o, ok && lineSign(&journal.Line{Balance: o.Balance, AmountCurrency: o.Amount}) > 0, nil
}
