package main

import (
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// csvImpairmentAccount is the account 'lettrage impair' holds customers'
// impairments on: the command's reconciler keeps the default accounts.
const csvImpairmentAccount = "491000"

// csvImpairRun is the impairment entries of a file that one 'lettrage
// impair' posted for a customer: those marked generated, one after the
// other, for the same customer, date and journal, up to the first that
// is not a reversal (the reversals of what earlier runs of the year
// posted, then the new figure; impairmentPosting tells them apart). The
// import posts them anew by bringing the customer's impairment to what
// it is after them, so that a later 'impair' replaces them as it does in
// the book the file comes from.
type csvImpairRun struct {
	entries          []*csvEntry
	partner, journal string
	date             journal.Date
	// fileHeld is the impairment the file's lines hold after the run;
	// target adds what the book held before the import (findReplayed).
	fileHeld, target currency.Amount
	// off says why the import posts the run's entries as written, ""
	// while it posts them anew.
	off string
}

// impairmentLine is the index of the line of ce that holds a customer's
// impairment when ce has the shape of an entry of 'lettrage impair' (a
// misc entry marked generated, of two lines and no ref nor letter code,
// one on the impairment account naming the customer), -1 otherwise.
func impairmentLine(ce *csvEntry) int {
	e := &ce.entry
	if !ce.generated || e.Type != journal.TypeMisc || e.Ref != "" || e.ReversalOf != journal.NoID || len(e.Lines) != 2 {
		return -1
	}
	for _, code := range ce.letters {
		if code != "" {
			return -1
		}
	}
	for i, l := range e.Lines {
		if l.Account == csvImpairmentAccount && l.Partner != "" && e.Lines[1-i].Partner == "" {
			return i
		}
	}
	return -1
}

// csvImpairRuns gathers the impairment entries of entries in runs, in
// file order, and sets the run of each.
func csvImpairRuns(entries []*csvEntry) []*csvImpairRun {
	var runs []*csvImpairRun
	held := map[string]currency.Amount{} // by customer, what the file's lines hold so far
	var last *csvImpairRun               // the run of the entry before
	for _, ce := range entries {
		for _, l := range ce.entry.Lines {
			if l.Account == csvImpairmentAccount && l.Partner != "" && l.Balance.IsSet() {
				h, ok := held[l.Partner]
				if !ok {
					h = currency.Zero(l.Balance.Currency())
				}
				if sum, err := h.Sub(l.Balance); err == nil {
					held[l.Partner] = sum
				}
			}
		}
		i := impairmentLine(ce)
		if i < 0 {
			last = nil
			continue
		}
		l := &ce.entry.Lines[i]
		if last == nil || last.partner != l.Partner || last.date != ce.entry.Date || last.journal != ce.entry.Journal ||
			impairmentPosting(last.entries[len(last.entries)-1]) {
			// A run ends with its new figure: what follows it at the
			// same closing is another run's (a second 'impair').
			last = &csvImpairRun{partner: l.Partner, date: ce.entry.Date, journal: ce.entry.Journal}
			runs = append(runs, last)
		}
		last.entries = append(last.entries, ce)
		last.fileHeld = held[l.Partner]
		ce.impairment = last
	}
	return runs
}

// impairmentPosting reports whether ce, an impairment entry
// (impairmentLine), posts a new figure rather than reversing an earlier
// one: 'lettrage impair' puts the debit line first, a reversal keeps the
// lines of the entry it reverses, negated, so its first is a credit.
func impairmentPosting(ce *csvEntry) bool {
	return ce.entry.Lines[0].Balance.Sign() > 0
}

// request is the impairment that posts the run anew.
func (run *csvImpairRun) request() *reconcile.Impairment {
	return &reconcile.Impairment{Date: run.date, Journal: run.journal,
		Debts: []reconcile.DoubtfulDebt{{Partner: run.partner, Amount: run.target}}}
}

// difference says how the entries that bringing the impairment to the
// run's figure posted differ from the file's, "" when they are the same.
func (run *csvImpairRun) difference(got []*journal.Entry) string {
	what := fmt.Sprintf("bringing the impairment of %s to %s again would post ", run.partner, currency.FrenchNumber(run.target))
	for i := 0; i < max(len(got), len(run.entries)); i++ {
		switch {
		case i >= len(got):
			return what + "no more entries, the file has " + generatedText(&run.entries[i].entry)
		case i >= len(run.entries):
			return what + generatedText(got[i]) + ", the file has none"
		}
		g, f := got[i], &run.entries[i].entry
		if g.Type != f.Type || g.Journal != f.Journal || g.Date != f.Date || !sameLines(g.Lines, f.Lines) {
			return what + generatedText(g) + ", the file has " + generatedText(f)
		}
	}
	return ""
}

// impairRefused reports whether err is the reconciler's refusal of an
// impairment, rather than a failure.
func impairRefused(err error) bool {
	for _, refusal := range []error{reconcile.ErrAmount, reconcile.ErrLaterImpairment, reconcile.ErrConfig} {
		if errors.Is(err, refusal) {
			return true
		}
	}
	return false
}

// badDebtRefused reports whether err is the reconciler's refusal of a
// bad debt, rather than a failure.
func badDebtRefused(err error) bool {
	for _, refusal := range []error{reconcile.ErrNotDocument, reconcile.ErrSettled, reconcile.ErrConfig, journal.ErrDate} {
		if errors.Is(err, refusal) {
			return true
		}
	}
	return false
}

// findReplayed finds the bad debts, moves to doubtful customers and
// impairment runs of the file that the book holds already (the file
// imported again): a bad debt whose invoice the book holds settled, a
// move whose entry it holds, a run whose last entry the book holds
// as 'lettrage impair' posted it. It sets the figure the other runs bring
// the impairment to: what the book held before the import, and the
// file's lines up to the run.
func (lt *csvLettering) findReplayed(a *app, b *ledger.Book) error {
	lt.replayed = map[any]bool{}
	return b.View(a.ctx, func(t *ledger.Tx) error {
		clear(lt.replayed) // a retried view starts over
		for _, g := range lt.groups {
			for _, l := range g.all {
				if l.e.doubtful() && l.e.cluster != nil && l.e.cluster.off == "" {
					// Posted with the file's id: the book holds it.
					_, err := t.Entry(l.e.entry.ID)
					if err != nil && !errors.Is(err, ledger.ErrNotFound) {
						return err
					}
					lt.replayed[l.e] = err == nil
					continue
				}
				if !l.e.badDebt() || l.e.cluster == nil || l.e.cluster.off != "" {
					continue
				}
				settled, err := csvSettled(t, lt, l.e)
				if err != nil {
					return err
				}
				lt.replayed[l.e] = settled
			}
		}
		for _, run := range lt.impairments {
			bal, err := t.Balance(ledger.BalanceQuery{Account: csvImpairmentAccount, Partner: run.partner})
			if errors.Is(err, ledger.ErrUnknownAccount) {
				run.target = run.fileHeld
				continue // the import refuses the entries
			} else if err != nil {
				return err
			}
			if run.target, err = run.fileHeld.Sub(bal.Balance); err != nil {
				return err
			}
			if lt.replayed[run], err = csvImpairHeld(t, run); err != nil {
				return err
			}
		}
		return nil
	})
}

// csvSettled reports whether the book holds the invoice that the bad
// debt bad writes off with its lettered lines settled: those the file
// letters, or, for an invoice of the book, those on the accounts and
// partners the bad debt's lettered lines are on.
func csvSettled(t *ledger.Tx, lt *csvLettering, bad *csvEntry) (bool, error) {
	inv := lt.invoiceOf(bad)
	if _, err := t.Entry(inv.entry.ID); errors.Is(err, ledger.ErrNotFound) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	lettered := func(i int) bool { return lt.byLine[csvLetterLine{inv, i}] != nil }
	if lt.bookInvoices[inv.entry.ID] == inv {
		lettered = func(i int) bool {
			l := &inv.entry.Lines[i]
			for j, b := range bad.entry.Lines {
				if lt.byLine[csvLetterLine{bad, j}] != nil && b.Account == l.Account && b.Partner == l.Partner {
					return true
				}
			}
			return false
		}
	}
	for i := range inv.entry.Lines {
		if !lettered(i) {
			continue
		}
		r, err := t.Residual(inv.entry.LineRef(i))
		if err != nil {
			return false, err
		}
		if !r.IsZero() {
			return false, nil
		}
	}
	return true, nil
}

// csvImpairHeld reports whether the book holds the last entry of run as
// 'lettrage impair' posts it: generated, of the same date, journal and
// amount on the customer's impairment.
func csvImpairHeld(t *ledger.Tx, run *csvImpairRun) (bool, error) {
	last := run.entries[len(run.entries)-1]
	want := last.entry.Lines[impairmentLine(last)].Balance
	lines, err := t.Lines(ledger.LineFilter{Account: csvImpairmentAccount, Partner: run.partner, From: run.date, To: run.date})
	if err != nil {
		return false, err
	}
	for _, l := range lines {
		if l.Journal != run.journal || amountText(l.Line.Balance) != amountText(want) {
			continue
		}
		e, err := t.Entry(l.Ref.Entry)
		if err != nil {
			return false, err
		}
		if e.Origin != journal.NoID {
			return true, nil
		}
	}
	return false, nil
}
