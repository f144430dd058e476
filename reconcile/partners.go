package reconcile

import (
	"context"
	"fmt"
	"iter"
	"slices"

	"github.com/lettrage/lettrage/ledger"
)

// PartnerOrder is the order Partners walks partners in.
type PartnerOrder uint8

const (
	// ByCode walks partners in code order.
	ByCode PartnerOrder = iota
	// MostOpen walks the partners with the most open items first (ties by
	// code), as counted when the walk starts.
	MostOpen
)

// PartnerView is what a lettering screen shows for one partner: the open
// debits and credits of the account, and what the rules propose.
type PartnerView struct {
	// Account and Partner are the account and the partner shown.
	Account, Partner string
	// Debits and Credits are the partner's open items on the account, split
	// by side.
	Debits, Credits []ledger.OpenItem
	// Proposals are what the rules would letter, as Propose gives them.
	Proposals []Proposal
	// Unmatched are the settling lines no rule could place, with why.
	Unmatched []Unmatched
}

// Partners walks the partners with open items on a receivable or payable
// account one at a time, like an accountant lettering partner by partner:
// each view is read in its own short transaction when the loop asks for
// it, so what the caller letters between two steps (Apply, Reconcile) shows
// in the next views. A partner left with nothing open is skipped. The
// rules are those of Propose.
//
// It yields ErrScope for an account that is not a reconcilable partner
// account or an unknown order, ErrRules, or the book's read errors, and
// stops there.
func (r *Reconciler) Partners(ctx context.Context, account string, order PartnerOrder, rules Rules) iter.Seq2[PartnerView, error] {
	return func(yield func(PartnerView, error) bool) {
		if err := rules.validate(&r.cfg); err != nil {
			yield(PartnerView{}, err)
			return
		}
		if order != ByCode && order != MostOpen {
			yield(PartnerView{}, fmt.Errorf("%w: unknown partner order %d", ErrScope, order))
			return
		}
		var a ledger.Account
		var counts []ledger.PartnerCount
		err := r.book.View(ctx, func(t *ledger.Tx) error {
			accounts, err := scopeAccounts(t, &Scope{Accounts: []string{account}})
			if err != nil {
				return err
			}
			if a = accounts[0]; !a.Kind.NeedsPartner() {
				return fmt.Errorf("%w: account %s is not a receivable or payable account: propose across partners instead", ErrScope, account)
			}
			if order == MostOpen {
				counts, err = t.OpenCounts(account)
				slices.SortStableFunc(counts, func(x, y ledger.PartnerCount) int { return y.Open - x.Open })
			}
			return err
		})
		if err != nil {
			yield(PartnerView{}, err)
			return
		}
		scope := Scope{Accounts: []string{account}}
		next := func(after string, partner string) (PartnerView, bool, error) {
			var v PartnerView
			found := false
			err := r.book.View(ctx, func(t *ledger.Tx) error {
				var journals map[string]ledger.Journal
				if !rules.NoReferenceDigits {
					var err error
					if journals, err = journalCodes(t); err != nil {
						return err
					}
				}
				visit := func(p string, items []ledger.OpenItem) {
					found = true
					v = r.partnerView(t, a, p, items, &scope, &rules, journals)
				}
				if partner != "" {
					items, err := t.OpenItems(account, partner)
					if err == nil && len(items) > 0 {
						visit(partner, items)
					}
					return err
				}
				return t.EachOpenGroup(account, after, func(p string, items []ledger.OpenItem) (bool, error) {
					visit(p, items)
					return false, nil
				})
			})
			return v, found, err
		}
		if order == MostOpen {
			for _, c := range counts {
				if err := ctx.Err(); err != nil {
					yield(PartnerView{}, err)
					return
				}
				v, found, err := next("", c.Partner)
				if err != nil {
					yield(PartnerView{}, err)
					return
				}
				if found && !yield(v, nil) {
					return
				}
			}
			return
		}
		after := ""
		for {
			if err := ctx.Err(); err != nil {
				yield(PartnerView{}, err)
				return
			}
			v, found, err := next(after, "")
			if err != nil {
				yield(PartnerView{}, err)
				return
			}
			if !found || !yield(v, nil) {
				return
			}
			after = v.Partner
		}
	}
}

// partnerView runs the rules over one partner's open items.
func (r *Reconciler) partnerView(t *ledger.Tx, a ledger.Account, partner string, items []ledger.OpenItem, scope *Scope, rules *Rules, journals map[string]ledger.Journal) PartnerView {
	v := PartnerView{Account: a.Code, Partner: partner}
	for _, it := range items {
		if it.Balance.Sign() > 0 || it.Balance.IsZero() && it.Amount.Sign() > 0 {
			v.Debits = append(v.Debits, it)
		} else {
			v.Credits = append(v.Credits, it)
		}
	}
	var out Proposals
	p := &proposer{r: r, scope: scope, rules: rules, company: r.book.Currency(), out: &out, journals: journals, t: t}
	p.group(a, partner, items)
	p.join()
	v.Proposals, v.Unmatched = out.Proposals, out.Unmatched
	return v
}
