package reconcile

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

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
	// At is the date of the run: an item is overdue when its due date (its
	// entry's date when it has none) is before At and something of it
	// remains due at the end of At (partials dated later do not count, as
	// in Aged).
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
	// (litigieuses), which no reminder should claim. (An invoice moved to
	// 416000, clients douteux ou litigieux, is on another account, out of
	// a run on 411000 already.)
	Exclude []journal.ID
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
	DueDate   journal.Date    // the line's due date; zero if none (the item is then due on Date)
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
	// Last is the last reminder recorded on its document on or before the
	// run's date; nil when none.
	Last *ReminderSent
	// Reminded is the highest level its document was reminded at on or
	// before the run's date; 0 when none.
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
	// Items are the overdue items, by due date (or date), then number.
	Items []DunningItem
	// Credits are the customer's unapplied credits on the account at the
	// run's date — credit notes, payments on account and overpayments not
	// lettered — which a reminder deducts from what it claims.
	Credits []Item
	// Due is what the items owe, Unallocated what the credits hold,
	// positive, in the company currency.
	Due, Unallocated currency.Amount
	// Level is the customer's level: the highest of its items', 0 when none
	// has reached the first level.
	Level int
	// Next is the level of the reminder to send now: the highest level of
	// the items Proposed; 0 when nothing new is due (every item reached a
	// level it was reminded at already, or none reached one).
	Next int
	// Ladder is the ladder the levels are of: Level and Next index it from
	// 1.
	Ladder []DunningLevel
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
// reminded at is listed with Next 0; one with no overdue item is not
// listed.
//
// Levels are reached by days overdue alone: an invoice 50 days late that
// was never reminded is at the third level of the default ladder, as
// Odoo's follow-ups and Tryton's dunnings read it. Nothing is posted: the
// late-payment penalties and the 40 € indemnité forfaitaire pour frais de
// recouvrement that French law (Code de commerce L441-10) makes due from
// a business customer are neither computed nor posted here.
//
// It returns journal.ErrNoDate without a date, ErrDunningLevels, ErrScope
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
		return nil
	})
	if err != nil {
		return Dunning{}, err
	}
	return out, nil
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
	row := DunningRow{Partner: partner, Name: p.Name, Account: account, Due: currency.Zero(company),
		Unallocated: currency.Zero(company), Ladder: levels}
	reminders := map[journal.ID][]ReminderSent{}
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
		due := cmp.Or(o.DueDate, o.Date)
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
		it := DunningItem{Ref: o.Ref, Number: o.Number, Reference: e.Ref, Date: o.Date, DueDate: o.DueDate, DaysOverdue: days,
			Amount: o.Balance.Abs(), Residual: o.Residual.Balance.Abs(), AmountCurrency: o.Amount.Abs(),
			ResidualCurrency: o.Residual.AmountCurrency.Abs(), Level: levelOf(levels, days)}
		for i := range sent {
			it.Reminded = max(it.Reminded, sent[i].Level)
		}
		if len(sent) > 0 {
			last := sent[len(sent)-1]
			it.Last = &last
		}
		row.Items = append(row.Items, it)
		row.Due = mustAdd(row.Due, it.Residual)
		row.Level = max(row.Level, it.Level)
		if it.Proposed() {
			row.Next = max(row.Next, it.Level)
		}
	}
	slices.SortStableFunc(row.Items, func(a, b DunningItem) int {
		if c := cmp.Compare(cmp.Or(a.DueDate, a.Date).Key(), cmp.Or(b.DueDate, b.Date).Key()); c != 0 {
			return c
		}
		return cmp.Compare(a.Number, b.Number)
	})
	sortItems(row.Credits)
	return row, nil
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
}

// remindersOf returns the reminders recorded on a document dated on or
// before at, in the order they were recorded.
func remindersOf(t *ledger.Tx, id journal.ID, at journal.Date) ([]ReminderSent, error) {
	evs, err := t.Events(id)
	if err != nil {
		return nil, err
	}
	var out []ReminderSent
	for _, ev := range evs {
		if ev.Kind != eventReminder {
			continue
		}
		var m reminderMeta
		if err := json.Unmarshal(ev.Data, &m); err != nil {
			return nil, fmt.Errorf("reconcile: reminder event of %s: %w", id, err)
		}
		if !m.Date.After(at) {
			out = append(out, ReminderSent{Level: m.Level, Name: m.Name, Date: m.Date})
		}
	}
	// The last reminder is the latest sent; two of one day keep the order
	// they were recorded in.
	slices.SortStableFunc(out, func(a, b ReminderSent) int { return cmp.Compare(a.Date.Key(), b.Date.Key()) })
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
	// Documents are the customer's invoices the reminder claims, by entry
	// id.
	Documents []journal.ID
}

// RecordReminder records that a reminder of r.Level was sent to r.Partner
// on r.Date for r.Documents: an event in each document's log, which
// Dunning then reads as the item's last reminder, and does not propose
// that level (or a lower one) for it again. Nothing is posted: the
// late-payment penalties and the 40 € indemnité forfaitaire pour frais de
// recouvrement (Code de commerce L441-10) are not computed or posted by
// it.
//
// Each document must be one Dunning may list: an invoice (or an opening
// balance or miscellaneous entry carrying one forward) with a debit line
// of the partner on a receivable account, open at the end of r.Date,
// dated on or before it.
//
// It returns journal.ErrNoDate without a date, ErrPartner for an empty
// partner code or ledger.ErrUnknownPartner for an unknown one,
// ErrDunningLevels for a ladder Dunning refuses or a level not in it,
// ErrNotDocument for no document named or a document that is no
// customer invoice (a supplier bill, a payment, a credit note),
// ErrNotPosted for an entry the book does not have, ErrPartner for
// another customer's invoice, ErrDuplicateLine for a document named
// twice, ErrTooManyLines beyond RequestLinesMax documents,
// ErrReminderDate for a document dated after r.Date, ErrSettled for one
// with nothing due at the end of r.Date, or ErrIdempotencyConflict.
// Nothing is written when it returns an error.
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
	switch {
	case len(rm.Documents) == 0:
		return fmt.Errorf("%w: a reminder names no document", ErrNotDocument)
	case len(rm.Documents) > RequestLinesMax:
		return fmt.Errorf("%w: %d documents, at most %d", ErrTooManyLines, len(rm.Documents), RequestLinesMax)
	}
	seen := map[journal.ID]bool{}
	open := map[string]map[journal.ID]bool{} // per account, the documents open at the date
	for _, id := range rm.Documents {
		if seen[id] {
			return fmt.Errorf("%w: document %s", ErrDuplicateLine, id)
		}
		seen[id] = true
		if err := w.remindable(id, rm.Partner, rm.Date, open); err != nil {
			return err
		}
	}
	l := levels[rm.Level-1]
	data, err := json.Marshal(reminderMeta{Partner: rm.Partner, Level: rm.Level, Name: l.Name, Days: l.Days, Date: rm.Date})
	if err != nil {
		return err
	}
	for _, id := range rm.Documents {
		if err := w.wr.AppendEvent(id, eventReminder, data); err != nil {
			return err
		}
	}
	return nil
}

// remindable refuses a document a reminder of partner on date cannot
// claim (see RecordReminder). open caches, per account, the partner's
// documents with a dunnable line open at the end of date.
func (w *work) remindable(id journal.ID, partner string, date journal.Date, open map[string]map[journal.ID]bool) error {
	e, err := booktx.Entry(w.t, id)
	if errors.Is(err, ledger.ErrNotFound) {
		return fmt.Errorf("%w: entry %s", ErrNotPosted, id)
	} else if err != nil {
		return err
	}
	var accounts []string
	other := ""
	for i := range e.Lines {
		a, err := w.t.Account(e.Lines[i].Account)
		if err != nil {
			return err
		}
		if a.Kind != ledger.KindReceivable || !a.Reconcilable || !dunnable(e, i) {
			continue
		}
		if e.Lines[i].Partner != partner {
			other = e.Lines[i].Partner
			continue
		}
		if !slices.Contains(accounts, a.Code) {
			accounts = append(accounts, a.Code)
		}
	}
	switch {
	case len(accounts) == 0 && other != "":
		return fmt.Errorf("%w: %s is %s's, not %s's", ErrPartner, e.Name(), other, partner)
	case len(accounts) == 0:
		return fmt.Errorf("%w: %s is a %s without a customer's debit: no invoice to remind of", ErrNotDocument, e.Name(), e.Type)
	case e.Date.After(date):
		return fmt.Errorf("%w: %s is dated %s, the reminder %s", ErrReminderDate, e.Name(), e.Date, date)
	}
	for _, acc := range accounts {
		if open[acc] == nil {
			open[acc] = map[journal.ID]bool{}
			err := w.t.EachOpenItemAt(acc, partner, date, func(o ledger.OpenItem) error {
				if lineSign(&journal.Line{Balance: o.Balance, AmountCurrency: o.Amount}) > 0 {
					open[acc][o.Ref.Entry] = true
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		if open[acc][id] {
			return nil
		}
	}
	return fmt.Errorf("%w: %s has nothing due at the end of %s", ErrSettled, e.Name(), date)
}
