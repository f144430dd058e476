package reconcile

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// RequestLinesMax is the most lines one request may name.
const RequestLinesMax = 1000

// Request asks Reconcile to letter lines together.
type Request struct {
	// Operation is the caller's id for this operation: a retry with the same
	// id and request returns the first outcome (Result.Replay); NoID makes a
	// fresh id and gives no retry protection.
	Operation journal.ID
	// Lines are posted lines of one reconcilable account (and one partner on
	// a receivable or payable account), none in a match.
	Lines []journal.LineRef
	// KeepOrder pairs debits and credits in the order of Lines, across
	// currencies as they come, instead of in the default order (see
	// Reconcile).
	KeepOrder bool
	// Limit, when set, is the most to allocate in all, in the lines'
	// reconciliation currency (their shared currency; the foreign one
	// against a company-currency line; else the company currency): to use
	// an outstanding credit for a chosen amount. It must not exceed what the
	// lines can take (ErrOverAllocation).
	Limit currency.Amount
	// WriteOff writes off what remains open after pairing, if it is on
	// one side only and, for each match it closes, within the configured
	// tolerance for its currency (ErrTolerance otherwise: a Limit that
	// leaves debits and credits open leaves nothing to write off), to the
	// write-off loss or gain account, so that each group becomes a match
	// with a write-off entry of its own; a single open line (the cents
	// left on an invoice) may be written off alone. Without it, an
	// overpayment stays an outstanding credit.
	WriteOff bool
	// AgreedRate, when set, is the rate agreed between the company
	// currency and the one foreign currency of the lines (1 unit of the
	// company currency = AgreedRate units of it): it values the
	// company-currency lines facing foreign ones instead of the market
	// rate or a payment's booked rate.
	AgreedRate currency.Rate
}

// Reconcile letters lines together: it pairs debit and credit
// residuals greedily, recording a Partial per pair dated at the later of
// the two lines, and when every line of the connected group reaches zero it
// records a Match with the next letter code of the (account, partner).
//
// The default order sorts the lines by due date (or date), signed amount
// ascending in their own currency (larger credits first), posting sequence
// and line index, and walks the debits and the credits in that order, each
// pair taking the smaller of what both have open. When the lines letter in
// more than one currency (their own, or the company currency for a line
// carrying only a balance), the lines of each currency are first paired
// among themselves in that order — the company currency first, then the
// others by ISO code —, and what is left open is then paired across
// currencies in the same order: lettering lines of several currencies in
// one call settles each currency as lettering them one call per currency
// would, and values no line against another currency while a line of its
// own currency could take it. Lines of one currency, and a lettering with
// a Limit (an amount in the one currency its pairs letter in), are paired
// in a single walk. With KeepOrder the lines are paired in the order
// given, across currencies as they come.
//
// It returns ErrNotPosted, ErrAccount, ErrPartner, ErrNotReconcilable,
// ErrMatched, ErrDuplicateLine, ErrTooManyLines,
// ErrNothingToLetter, ErrOverAllocation, ErrAmount, ErrTolerance,
// ErrRevalued (a foreign line a closing revalued, lettered on or before
// that closing while its revaluation stands: see Revalue) or
// ErrIdempotencyConflict; nothing is written then.
func (r *Reconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	return r.operation(ctx, req.Operation, "reconcile", req, func(w *work) error {
		items, err := w.items(req.Lines)
		if err != nil {
			return err
		}
		o := letterOptions{keepOrder: req.KeepOrder, limit: req.Limit, writeOff: req.WriteOff}
		if !req.AgreedRate.IsZero() {
			company := w.t.Book().Currency()
			curs := make([]currency.Currency, len(items))
			for i, it := range items {
				curs[i] = it.lettersIn(company)
			}
			if o.agreed, err = agreedRateOf(req.AgreedRate, curs, company); err != nil {
				return err
			}
		}
		return w.letter(items, o)
	})
}

// letterOptions tune w.letter for the operations built on it.
type letterOptions struct {
	keepOrder bool
	limit     currency.Amount
	writeOff  bool
	// settleTo, when set, is the account a remaining difference is posted
	// to whatever its sign and size (bank fees on a statement line).
	settleTo string
	// feesOnly, with settleTo, refuses a difference that is not a cost:
	// bank fees take money, a surplus is no fee (ErrNotFee).
	feesOnly bool
	// agreed, when set, values the company-currency side of a pairing in
	// its foreign currency.
	agreed *agreedRate
}

// items loads and validates the lines of one lettering.
func (w *work) items(refs []journal.LineRef) ([]*item, error) {
	if len(refs) > RequestLinesMax {
		return nil, fmt.Errorf("%w: %d lines, at most %d", ErrTooManyLines, len(refs), RequestLinesMax)
	}
	return w.itemsInto(refs, make([]*item, 0, len(refs)), make([]item, len(refs))) // one allocation for the lettering's items
}

// proposalItems is items into arrays the work keeps from one proposal of
// a chunk to the next: a proposal's items live no longer than its
// lettering (nothing the work or the book keeps points to them), and the
// next proposal overwrites them.
func (w *work) proposalItems(refs []journal.LineRef) ([]*item, error) {
	if len(refs) > RequestLinesMax {
		return nil, fmt.Errorf("%w: %d lines, at most %d", ErrTooManyLines, len(refs), RequestLinesMax)
	}
	if cap(w.itemSlab) < len(refs) {
		w.itemSlab, w.itemPtrs = make([]item, len(refs)), make([]*item, 0, len(refs))
	}
	return w.itemsInto(refs, w.itemPtrs[:0], w.itemSlab[:len(refs)])
}

// itemsInto is items appending to items, reading each line into the
// slab's element of the same place.
func (w *work) itemsInto(refs []journal.LineRef, items []*item, slab []item) ([]*item, error) {
	// Lines named twice: looked up in the lines before while there are
	// few (a proposal names two or three), in a set past that.
	var seen map[journal.LineRef]bool
	if len(refs) > 16 {
		seen = make(map[journal.LineRef]bool, len(refs))
	}
	for i, ref := range refs {
		it := &slab[i]
		if err := w.read(ref, it); err != nil {
			return nil, err
		}
		if seen[ref] || seen == nil && slices.Contains(refs[:i], ref) {
			return nil, fmt.Errorf("%w: %s", ErrDuplicateLine, it)
		}
		if seen != nil {
			seen[ref] = true
		}
		if _, in, err := w.t.MatchOf(ref); err != nil {
			return nil, err
		} else if in {
			return nil, fmt.Errorf("%w: %s", ErrMatched, it)
		}
		if len(items) > 0 {
			first := items[0]
			if it.line.Account != first.line.Account {
				return nil, fmt.Errorf("%w: %s and %s", ErrAccount, first.line.Account, it.line.Account)
			}
			a, err := w.t.Account(it.line.Account)
			if err != nil {
				return nil, err
			}
			if a.Kind.NeedsPartner() && it.line.Partner != first.line.Partner {
				return nil, fmt.Errorf("%w: %s and %s on %s", ErrPartner, first.line.Partner, it.line.Partner, a.Code)
			}
		}
		items = append(items, it)
	}
	return items, nil
}

// lettingOrder sorts items by lettering's key: due date (or date), signed
// amount ascending in the lines' own currency (larger credits first; see
// compareSignedAmounts), posting sequence, line index.
func lettingOrder(items []*item) {
	slices.SortStableFunc(items, func(a, b *item) int {
		if c := int(a.sortDate().Key()) - int(b.sortDate().Key()); c != 0 {
			return c
		}
		if c := compareSignedAmounts(a, b); c != 0 {
			return c
		}
		if a.entry.Seq != b.entry.Seq {
			if a.entry.Seq < b.entry.Seq {
				return -1
			}
			return 1
		}
		return a.ref.Index - b.ref.Index
	})
}

// compareSignedAmounts orders two lines by signed amount, as Odoo does
// with (currency, amount_currency): in their own currency when they share
// one — two dollar invoices are ordered by their dollars, not by the rates
// they were booked at —, else by currency code, so that the order stays a
// total one across currencies. A line carrying only a balance counts in
// the company currency.
func compareSignedAmounts(a, b *item) int {
	company := a.line.Balance.Currency()
	ca, cb := a.lettersIn(company), b.lettersIn(company)
	if ca != cb {
		return strings.Compare(ca.Code(), cb.Code())
	}
	own := func(it *item) currency.Amount {
		if it.companyOnly(company) {
			return it.line.Balance
		}
		return it.line.AmountCurrency
	}
	return mustCmp(own(a), own(b))
}

// letter pairs the items' residuals and records the partials (with their
// exchange differences), writes off a remaining difference when asked, and
// settles the groups that reach zero. No foreign dust can stay: a side
// consumed to zero in the reconciliation currency gives up its whole
// currency residual, and an exchange line takes its company rest.
func (w *work) letter(items []*item, o letterOptions) error {
	if o.limit.IsSet() && o.limit.Sign() <= 0 {
		return fmt.Errorf("%w: limit %s", ErrAmount, o.limit)
	}
	passes := [][]*item{items}
	if !o.keepOrder {
		items = slices.Clone(items)
		lettingOrder(items)
		passes[0] = items
		// A limit is an amount in one reconciliation currency: a pass of
		// another currency would letter in another, so a limited lettering
		// keeps the single walk.
		if !o.limit.IsSet() {
			passes = currencyPasses(items, w.t.Book().Currency())
		}
	}
	debits, credits := openCounts(items)
	settles := o.writeOff || o.settleTo != "" // what stays open is written off
	if (debits == 0 || credits == 0) && !(settles && debits+credits > 0) {
		return fmt.Errorf("%w (%d open debit and %d open credit lines)", ErrNothingToLetter, debits, credits)
	}
	// The partials of this call and the match that closes them, when one
	// does, are one lettering: the book stores them as one record.
	if err := w.wr.BeginLettering(); err != nil {
		return err
	}
	left := o.limit
	for _, pass := range passes {
		var err error
		if left, err = w.pairGreedily(pass, left, o.agreed); err != nil {
			return err
		}
		if left.IsSet() && left.IsZero() {
			break
		}
	}
	if left.IsSet() && !left.IsZero() {
		return fmt.Errorf("%w: %s could not be allocated", ErrOverAllocation, left)
	}
	if settles {
		if err := w.writeOff(items, o.settleTo, o.feesOnly); err != nil {
			return err
		}
	}
	refs := make([]journal.LineRef, 0, 8) // a lettering's few lines: room on the stack
	for _, it := range items {
		refs = append(refs, it.ref)
	}
	return w.settle(refs...)
}

// openCounts counts the items with something open on each side.
func openCounts(items []*item) (debits, credits int) {
	eachOpen(items, func(it *item, debit bool) {
		if debit {
			debits++
		} else {
			credits++
		}
	})
	return debits, credits
}

// openSides splits the items with something open into debits and
// credits, each in the items' order, both in one array.
func openSides(items []*item) (debits, credits []*item) {
	nd, nc := openCounts(items)
	sides := make([]*item, 0, nd+nc)
	debits, credits = sides[:0:nd], sides[nd:nd:nd+nc]
	eachOpen(items, func(it *item, debit bool) {
		if debit {
			debits = append(debits, it)
		} else {
			credits = append(credits, it)
		}
	})
	return debits, credits
}

// eachOpen calls fn with each item that has something open, in order, and
// whether it is a debit.
func eachOpen(items []*item, fn func(it *item, debit bool)) {
	for _, it := range items {
		if !it.residual.IsZero() {
			fn(it, lineSign(it.line) > 0)
		}
	}
}

// pairGreedily pairs the open debits and credits of items, each side in
// the items' order, each pair taking the smaller of what both have open,
// until one side or left (when set) runs out. It returns what is left of
// left.
func (w *work) pairGreedily(items []*item, left currency.Amount, agreed *agreedRate) (currency.Amount, error) {
	debits, credits := openSides(items)
	for i, j := 0, 0; i < len(debits) && j < len(credits); {
		m, dDone, cDone, err := w.pair(debits[i], credits[j], left, agreed)
		if err != nil {
			return left, err
		}
		if left.IsSet() {
			if left = mustSub(left, m); left.IsZero() {
				break
			}
		}
		if dDone {
			i++
		}
		if cDone {
			j++
		}
	}
	return left, nil
}

// currencyPasses splits items, in lettering order, into the passes the
// default order pairs them in: the lines of each currency they letter in
// among themselves — the company currency first, then by ISO code —, then
// all of them again, for what is left open across currencies. Lines of one
// currency make a single pass, so that lettering them is unchanged.
func currencyPasses(items []*item, company currency.Currency) [][]*item {
	if !slices.ContainsFunc(items, func(it *item) bool { return it.lettersIn(company) != items[0].lettersIn(company) }) {
		return [][]*item{items}
	}
	byCur := map[currency.Currency][]*item{}
	var curs []currency.Currency
	for _, it := range items {
		c := it.lettersIn(company)
		if _, ok := byCur[c]; !ok {
			curs = append(curs, c)
		}
		byCur[c] = append(byCur[c], it)
	}
	slices.SortFunc(curs, func(a, b currency.Currency) int {
		if (a == company) != (b == company) {
			if a == company {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Code(), b.Code())
	})
	passes := make([][]*item, 0, len(curs)+1)
	for _, c := range curs {
		passes = append(passes, byCur[c])
	}
	return append(passes, items)
}

// partialKind says why two lines are lettered, from their entries: a bill
// of exchange's line on the invoices' own account takes over what they
// owe (a bill partial), its line on the bills account is what collecting
// it pays.
func (w *work) partialKind(d, c *item) journal.PartialKind {
	k := partialKind(d, c)
	if k == journal.KindPayment && !w.r.cfg.billsAccount(d.line.Account) && (w.isBill(d.entry) || w.isBill(c.entry)) {
		return journal.KindBill
	}
	return k
}

// partialKind says why two lines are lettered, from their entries.
func partialKind(d, c *item) journal.PartialKind {
	if d.entry.ReversalOf == c.entry.ID || c.entry.ReversalOf == d.entry.ID ||
		d.entry.ID == c.entry.ID && d.entry.Type == journal.TypeCashBasis {
		// An entry and its reversal, or the two lines of a cash-basis
		// entry's neutral base pair: lines that cancel out, no payment.
		return journal.KindReversal
	}
	has := func(t journal.EntryType) bool { return d.entry.Type == t || c.entry.Type == t }
	switch {
	case has(journal.TypeWriteOff):
		return journal.KindWriteOff
	case has(journal.TypeDiscount):
		return journal.KindDiscount
	case has(journal.TypeExchangeDifference):
		return journal.KindExchange
	case has(journal.TypeStatementLine):
		return journal.KindClearing
	case has(journal.TypePayment):
		return journal.KindPayment
	case has(journal.TypeCreditNote):
		return journal.KindCreditNote
	}
	return journal.KindPayment
}

func minAmount(a, b currency.Amount) currency.Amount {
	if mustCmp(a, b) <= 0 {
		return a
	}
	return b
}

// mustCmp compares two amounts the caller has already checked to share a
// currency; a mismatch is a bug.
func mustCmp(a, b currency.Amount) int {
	c, err := a.Cmp(b)
	if err != nil {
		panic("reconcile: " + err.Error())
	}
	return c
}

// mustSub subtracts amounts the caller has already checked to share a
// currency; a mismatch is a bug.
func mustSub(a, b currency.Amount) currency.Amount {
	out, err := a.Sub(b)
	if err != nil {
		panic("reconcile: " + err.Error())
	}
	return out
}

// mustAdd adds amounts the caller has already checked to share a currency.
func mustAdd(a, b currency.Amount) currency.Amount {
	out, err := a.Add(b)
	if err != nil {
		panic("reconcile: " + err.Error())
	}
	return out
}
