package reconcile

import (
	"context"
	"encoding/binary"
	"errors"

	"github.com/lettrage/lettrage/internal/lettercode"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// LetterCode returns the n-th letter code, from 1: AAA, AAB … AAZ, ABA …
// ZZZ (the 17 576th), then AAAA … ZZZZ, then five letters, and so on. Codes
// come from a counter per (account, partner), never from "the highest code
// plus one", which breaks after ZZZ; a retired code is never given again.
// It panics for n < 1.
func LetterCode(n uint64) string { return lettercode.Code(n) }

// letterCodeNumber is the n LetterCode(n) gives code, false when code is
// not one it gives: three or more capital letters, of a counter that
// fits a uint64 (up to fourteen letters).
func letterCodeNumber(code string) (uint64, bool) { return lettercode.Number(code) }

// ProvisionalCode is the code shown for an open group (not yet fully
// lettered): four lowercase letters derived from the group's smallest
// partial id. It consumes no counter and is never exported as lettered; it
// changes if that partial is undone.
func ProvisionalCode(smallestPartial journal.ID) string {
	n := binary.BigEndian.Uint64(smallestPartial[8:]) % (26 * 26 * 26 * 26)
	b := make([]byte, 4)
	for i := 3; i >= 0; i-- {
		b[i] = byte('a' + n%26)
		n /= 26
	}
	return string(b)
}

// codeCounter names the letter-code counter of (account, partner); partner
// is "" off receivable and payable accounts, where codes run per account.
func codeCounter(account, partner string) string { return lettercode.Counter(account, partner) }

// codeCounterOf is codeCounter, its name kept for the next match on the
// same account and partner: a run letters a partner's groups one after
// another.
func (w *work) codeCounterOf(account, partner string) string {
	if c := &w.code; c.name == "" || c.account != account || c.partner != partner {
		*c = counterName{account: account, partner: partner, name: codeCounter(account, partner)}
	}
	return w.code.name
}

// wantedCode is the code the PostAndLetter step being lettered asks for
// its match on account and partner ("" off receivable and payable
// accounts), when the book never
// gave it there: the counter is moved past it, so that the codes it gives
// next come after it; the codes it passes over stay free for a later step
// to ask. It returns "" when the step asks for none, or for one given
// already: the match takes the next code.
func (w *work) wantedCode(account, partner string) (string, error) {
	want := w.step.code
	// Off receivable and payable accounts a match has no partner, and its
	// lines may name several: the account alone says whose code it is.
	if want.code == "" || want.account != account || partner != "" && want.partner != partner {
		return "", nil
	}
	w.step.code = codeWanted{} // the step's first match on them
	_, err := w.t.MatchByCode(account, partner, want.code)
	if err == nil {
		return "", nil
	} else if !errors.Is(err, ledger.ErrNotFound) {
		return "", err
	}
	n, _ := letterCodeNumber(want.code)
	name := w.codeCounterOf(account, partner)
	at, err := w.t.Counter(name)
	if err != nil {
		return "", err
	}
	if at < n {
		if err := w.wr.AdvanceCounter(name, n); err != nil {
			return "", err
		}
	}
	return want.code, nil
}

// counterName is the letter-code counter's name of an account and
// partner.
type counterName struct{ account, partner, name string }

// Code returns the letter code of a line: its match's code, or the
// provisional lowercase code of its open group (provisional true), or ""
// when the line is not lettered. It returns ErrNotPosted for a line the
// book does not hold, and ledger.ErrNotReconcilable for one on an account
// that is not reconcilable.
func (r *Reconciler) Code(ctx context.Context, line journal.LineRef) (code string, provisional bool, err error) {
	err = r.book.View(ctx, func(t *ledger.Tx) error {
		w := &work{r: r, t: t}
		if _, err := w.load(line); err != nil {
			return err
		}
		m, in, err := t.MatchOf(line)
		if err != nil || in {
			code = m.Code
			return err
		}
		g, err := w.groupOf(line)
		if err != nil || len(g.partials) == 0 {
			return err
		}
		code, provisional = ProvisionalCode(g.partials[0]), true
		return nil
	})
	return code, provisional, err
}
