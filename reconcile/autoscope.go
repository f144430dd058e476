package reconcile

import (
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// Scope is what automatic lettering looks at: open items of reconcilable
// accounts, narrowed by partner, date and currency.
type Scope struct {
	// Accounts are the reconcilable accounts to letter; none means every
	// reconcilable account of the book (All must then be set), or, with
	// Partners, every receivable and payable account: name the accounts
	// lettered across partners to letter these partners' lines there too.
	Accounts []string
	// Partners, when given, limits the scope to the lines of these
	// partners, on every account. On an account lettered across partners
	// (outstanding, suspense, transfer, advance accounts) the rules still
	// run over the whole account, as on the whole book, and a lettering
	// holding a line of another partner, or of none, is not proposed: its
	// lines of these partners stay open, with why ("lettered by the
	// exact-amount rule with entry OD/2026/00003, which the scope's
	// partners leave out"), as From and To below.
	Partners []string
	// From and To, when set, keep only lines dated within them
	// (inclusive).
	//
	// A run narrowed by dates or currency letters nothing the whole
	// book's run would not: the rules run over all of a partner's open
	// items, as on the whole book, and only the letterings that lie
	// wholly within the dates and currency are proposed. A line the whole
	// book's run letters with one they leave out stays open, with why
	// ("lettered by the reference rule with payment BQ/2026/00012, which
	// the scope's dates leave out").
	From, To journal.Date
	// Currency, when set, keeps only lines in that currency, as From and
	// To keep dates.
	Currency currency.Currency
	// All must be set to letter the whole book (no account and no
	// partner named): a book-wide run is never an accident.
	All bool
}

// leftOut names what of the scope leaves out a line of that date and
// currency: "dates", "currency", else its partner: "partners".
func (s *Scope) leftOut(d journal.Date, c currency.Currency) string {
	switch {
	case !s.From.IsZero() && d.Before(s.From) || !s.To.IsZero() && d.After(s.To):
		return "dates"
	case !s.Currency.IsZero() && s.Currency != c:
		return "currency"
	}
	return "partners"
}

// keepsLine reports whether a line of an account lettered across
// partners, of that partner ("" for none), is the scope's: every line
// when no partner is named, else only the named partners' lines.
func (s *Scope) keepsLine(partner string) bool {
	return len(s.Partners) == 0 || partner != "" && slices.Contains(s.Partners, partner)
}

// canonical returns s with its accounts and partners sorted, once each:
// the sets a walk reads.
func (s Scope) canonical() Scope {
	if len(s.Accounts) > 1 {
		s.Accounts = slices.Compact(slices.Sorted(slices.Values(s.Accounts)))
	}
	if len(s.Partners) > 1 {
		s.Partners = slices.Compact(slices.Sorted(slices.Values(s.Partners)))
	}
	return s
}

func (s *Scope) validate() error {
	if len(s.Accounts) == 0 && len(s.Partners) == 0 && !s.All {
		return fmt.Errorf("%w: name accounts or partners, or set All to letter the whole book", ErrScope)
	}
	for _, p := range s.Partners {
		if p == "" {
			return fmt.Errorf("%w: an empty partner code; name partners, or none for all", ErrScope)
		}
	}
	if !s.From.IsZero() && !s.To.IsZero() && s.To.Before(s.From) {
		return fmt.Errorf("%w: the range ends (%s) before it starts (%s)", ErrScope, s.To, s.From)
	}
	return nil
}

// keeps reports whether a line dated d in currency c is in the scope.
func (s *Scope) keeps(d journal.Date, c currency.Currency) bool {
	if !s.From.IsZero() && d.Before(s.From) || !s.To.IsZero() && d.After(s.To) {
		return false
	}
	return s.Currency.IsZero() || s.Currency == c
}

// partner reports whether a partner account's partner is in the scope.
func (s *Scope) partner(p string) bool {
	return len(s.Partners) == 0 || slices.Contains(s.Partners, p)
}

// Rule is one rule of automatic lettering. They run in the order of their
// values, each on what the earlier ones left.
type Rule uint8

const (
	// RuleReference: an entry that reverses another is lettered with it
	// (and with nothing else: when the scope's dates leave one of the two
	// out, the other is left open), whatever rules are on; a payment's
	// reference or label (a communication, an end-to-end id, an ISO 11649
	// creditor reference) names a document's number or reference; or a
	// line of the side settled names a settling one (a refund names the
	// credit note it pays back). A payment one of whose words names
	// several documents (an order number two invoices bear), or a
	// document in another currency, is not lettered by reference, and
	// the later rules letter it only with documents it names (the two
	// invoices of the order summing to it), else leave it open with that
	// reason; a payment naming two documents, each by its own number,
	// pays them in the order named. Lines naming one document are
	// lettered together, in due order.
	RuleReference Rule = iota + 1
	// RuleExactAmount: one payment and one document of the same residual,
	// each the other's only candidate within the date window. An
	// invoice's instalments of that amount count as one candidate, the
	// earliest due: as many payments of the amount as it has instalments
	// take them in turn, in payment order.
	RuleExactAmount
	// RuleCombination: several documents whose residuals sum exactly to
	// one payment (or several payments to one document), unless one
	// document (or payment) of exactly its amount is open: that is the
	// exact-amount rule's to letter, or to leave when it is off. Last, a
	// partner's open items of one currency the earlier rules left, at
	// least three and at most CombinationSize + 1, within the date window
	// of one another, that sum to zero (invoices of 100 and 50 paid by
	// receipts of 80 and 70) are lettered together, each side in due
	// order: however they pair, all end settled. Not when the scope
	// leaves out an item of theirs, an earlier proposal leaves part of
	// one of the partner's lines open, a payment names documents it could
	// not be lettered with, or, the exact-amount rule off, a payment and
	// a document among them are of one amount.
	RuleCombination
	// RuleOldestFirst: what remains of a partner's payments pays its
	// oldest documents first (opt-in). On an account lettered across
	// partners, one stream of all lines where no allocation would pair
	// two partners' lines (lines without a partner face anyone's);
	// otherwise each partner's lines with those without a partner, then
	// what is left of these among themselves.
	RuleOldestFirst
	// RuleTolerance: a payment within the write-off tolerance of one
	// document or a combination (net of the partner's credit notes, as
	// RuleCombination), proposed with the write-off when it pays less; one
	// that pays more letters them and keeps what was overpaid as an
	// outstanding credit unless Rules.WriteOffOverpayment. A payment and a
	// document of exactly one amount are left to RuleExactAmount, even
	// when that rule is off or found a tie; a document within the
	// tolerance of two payments, or a payment with another document (one
	// the scope leaves out too) as close, is left to a person. One
	// document within the tolerance is preferred to a combination, and of
	// several combinations the nearest is taken (the earliest due of the
	// equally near): the least written off. Last, a remainder: a document
	// lettered in part whose residual is within the tolerance, with no
	// payment of the partner left open, is proposed written off alone.
	RuleTolerance
	ruleEnd
)

var ruleNames = [...]string{"", "reference", "exact_amount", "combination", "oldest_first", "tolerance"}

// String returns the rule's name as printed and stored ("reference", "exact_amount"…), or Rule(n) for an unknown value.
func (r Rule) String() string {
	if r == 0 || r >= ruleEnd {
		return fmt.Sprintf("Rule(%d)", uint8(r))
	}
	return ruleNames[r]
}

// Confidence is how sure a proposal is, from most to least.
type Confidence uint8

const (
	ExactReference  Confidence = iota + 1 // the payment names the document, amounts agree or one pays part of the other
	ExactAmount                           // one payment, one document, the same amount, no other candidate
	Combination                           // several documents sum exactly to the payment
	OldestFirst                           // allocated by due date, by policy
	WithinTolerance                       // equal but for a difference written off
	confidenceEnd
)

var confidenceNames = [...]string{"", "exact_reference", "exact_amount", "combination", "oldest_first", "within_tolerance"}

// String returns the confidence's name as printed and stored ("exact_reference", "within_tolerance"…), or Confidence(n) for an unknown value.
func (c Confidence) String() string {
	if c == 0 || c >= confidenceEnd {
		return fmt.Sprintf("Confidence(%d)", uint8(c))
	}
	return confidenceNames[c]
}

// Rule defaults and bounds.
const (
	// DateWindowDefault is how many days apart a payment and a document
	// may be dated for the amount rules.
	DateWindowDefault = 120
	// CombinationDefault is how many documents a combination may hold.
	CombinationDefault = 6
	// CombinationMax is the largest combination size a caller may ask.
	CombinationMax = 12
	// WorkLimitDefault is how many candidate sets the combination search
	// explores for one payment before it gives up (and says so).
	WorkLimitDefault = 20_000
)

// Rules switch and tune the rules of automatic lettering. The zero value
// runs the default rules: reference, exact amount, combination and
// tolerance; oldest-first is a policy the caller turns on.
type Rules struct {
	NoReference bool // turns off RuleReference, but for an entry and its reversal, which go together always
	// NoReferenceDigits compares references only as written (case, spaces
	// and separators aside). Otherwise a payment's word that names no
	// document as written, of at least DigitsMin digits, names the one
	// invoice or credit note it settles whose number or reference has the
	// same digits, as Odoo's invoice matching does: "Facture 2026-00197",
	// "F202600197" and "n°2026/00197" name VT/2026/00197. Nothing is named
	// so when the digits are another document's too: an open one of the
	// partner (for a bank entry, of the partner holding its IBAN or
	// bearing its name, else of any), a credit note of the payment's
	// side, or any entry another journal of the kind has numbered alike,
	// paid or not (VE/2026/00197, AV/2026/00197). Nor is it by a word
	// starting with another prefix or one of the book's journal codes
	// ("VE2026-00197"), an amount ("1 250.00") or a date ("2026-03-15"),
	// nor by a bank entry whose partner is not known for the amount it
	// does not owe. Only a payment's words are read so, not a credit
	// note's.
	NoReferenceDigits bool
	NoExactAmount     bool // turns off RuleExactAmount
	NoCombination     bool // turns off RuleCombination
	NoTolerance       bool // turns off RuleTolerance: no write-off is proposed
	// NoDiscount turns off early-payment discounts. Otherwise a payment of
	// what an invoice owes less the discount it offers
	// (journal.Entry.DiscountOffer), dated on or before the offer's last
	// day, is lettered with the invoice and the discount posted: by the
	// reference rule when the payment names the invoice (or several, each
	// paid in time taking its own, the payment paying what they owe less
	// those), by the exact amount rule when it is the only such invoice.
	// Only an invoice with one partner line and nothing lettered yet takes
	// it, as only a first payment may.
	NoDiscount bool
	// NoCounterpartyNames identifies the partner of a bank statement
	// entry (ProposeImported) by the counterparty's IBAN only. Otherwise
	// a counterparty whose IBAN is neither a partner's nor one of the
	// book's bank accounts, and whose name is one partner's, is taken for
	// that partner, as Odoo does: names are compared without accents,
	// case, word order, legal forms (SARL, SAS, GmbH…) and titles (M.,
	// Mme), "&" being "et", "Ste" "Société" and "St" "Saint", an umlaut
	// written as German does or not ("MUELLER" and "MULLER" are
	// "Müller"); a person's name (with a title) is never a company's
	// (with a legal form), and a name of initials only names nobody. A
	// name as long as a bank's field (27, 32, 35, 70 or 140 characters,
	// or one less: cut at a space) may be one the bank cut: the partners
	// whose names it begins, word by word in order, the last maybe cut
	// ("SARL DUPONT ET FILS MENUISERIE GENE"), are as much its own as one
	// whose whole name it is, and one alone is it. An entry of several
	// counterparties is no one partner's. An entry whose bank gives no
	// name, from no known account, may name its partner in its texts
	// (label, remittance): a run of words that is the whole name of one
	// partner, of two words or more, in any order, standing alone in its
	// part of the text ("1234//HADDOCK-Archibald" is Archibald Haddock's;
	// "DUPONT JEAN LUC" is not Jean Dupont's). That pays only the
	// partner's waiting payment or one open document of the amount; it is
	// the last rule tried, after every reference and amount rule, and
	// never narrows whose documents they look at.
	NoCounterpartyNames bool
	// OldestFirst lets what remains of a partner's payments pay its
	// oldest documents first: a supplier run, or a customer known to pay
	// on account. Never the default for customers.
	OldestFirst bool

	// DateWindow is how many days apart (either way) a payment and a
	// document may be for the amount rules; 0 means DateWindowDefault.
	DateWindow int
	// CombinationSize is the most documents in a combination, 2 to
	// CombinationMax; 0 means CombinationDefault, 1 turns combinations off.
	CombinationSize int
	// WorkLimit is how many candidate sets the combination search may
	// explore per payment; 0 means WorkLimitDefault.
	WorkLimit int
	// Tolerance, when given, narrows the reconciler's write-off tolerance
	// for proposals, per currency; it may not exceed it. A currency the
	// reconciler has no tolerance for gets no write-off.
	Tolerance []currency.Amount
	// WriteOffOverpayment writes off what a payment pays over the
	// documents it letters, when within the tolerance, as what it pays
	// under them is. Off by default: a customer who paid a few cents too
	// much is owed them, and the overpayment stays on the payment as an
	// outstanding credit, usable on the next invoice (as in Odoo, whose
	// payment tolerance covers underpayments only).
	WriteOffOverpayment bool
}

func (r *Rules) validate(cfg *Config) error {
	if r.CombinationSize < 0 || r.CombinationSize > CombinationMax {
		return fmt.Errorf("%w: combination size %d, from 1 to %d (0 for the default %d)", ErrRules,
			r.CombinationSize, CombinationMax, CombinationDefault)
	}
	if r.DateWindow < 0 || r.WorkLimit < 0 {
		return fmt.Errorf("%w: date window %d and work limit %d must not be negative", ErrRules, r.DateWindow, r.WorkLimit)
	}
	seen := map[currency.Currency]bool{}
	for _, t := range r.Tolerance {
		if !t.IsSet() || t.Sign() < 0 || seen[t.Currency()] {
			return fmt.Errorf("%w: tolerance %s must be set, non-negative and one per currency", ErrRules, t)
		}
		seen[t.Currency()] = true
		if max := cfg.tolerance(t.Currency()); mustCmp(t, max) > 0 {
			return fmt.Errorf("%w: tolerance %s above the reconciler's %s", ErrRules, t, max)
		}
	}
	return nil
}

func (r *Rules) window() int {
	if r.DateWindow == 0 {
		return DateWindowDefault
	}
	return r.DateWindow
}

func (r *Rules) combination() int {
	if r.CombinationSize == 0 {
		return CombinationDefault
	}
	return r.CombinationSize
}

func (r *Rules) workLimit() int {
	if r.WorkLimit == 0 {
		return WorkLimitDefault
	}
	return r.WorkLimit
}

// writesOff reports whether paying paid for owed, a difference within
// the tolerance, is proposed with a write-off: always when it pays less,
// when it pays more only if the caller asked.
func (r *Rules) writesOff(paid, owed currency.Amount) bool {
	return mustCmp(paid, owed) < 0 || r.WriteOffOverpayment
}

// tolerance is the write-off tolerance for c in minor units.
func (r *Rules) tolerance(cfg *Config, c currency.Currency) int64 {
	if r.NoTolerance {
		return 0
	}
	t := cfg.tolerance(c)
	for _, n := range r.Tolerance {
		if n.Currency() == c {
			t = n
		}
	}
	m, _ := t.MinorUnits()
	return m
}
