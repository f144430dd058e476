package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev198Pair is a EUR invoice of amount to p and its payment (not posted).
func hrev198Pair(p string, day int, amount string) (inv, pay journal.Entry) {
	inv = journal.Entry{ID: journal.NewID(), Journal: "VT", Date: d(3, day), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: p, Balance: e(amount)},
		{Account: "706000", Balance: e("-" + amount)}}}
	pay = journal.Entry{ID: journal.NewID(), Journal: "BQD", Date: d(3, day+10), Type: journal.TypePayment, Lines: []journal.Line{
		{Account: "512000", Balance: e(amount)},
		{Account: "411000", Partner: p, Balance: e("-" + amount)}}}
	return inv, pay
}

// hrev198Letter posts a pair and letters it in one PostAndLetter asking code.
func hrev198Letter(t *testing.T, f *fixture, p string, day int, code string) (journal.Entry, journal.Entry) {
	t.Helper()
	inv, pay := hrev198Pair(p, day, "100.00")
	_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
		{Entry: &inv}, {Entry: &pay},
		{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Code: code}}})
	require.NoError(t, err)
	return inv, pay
}

// hrev198Ordinary posts a pair and letters it by Reconcile.
func hrev198Ordinary(t *testing.T, f *fixture, p string, day int) journal.Entry {
	t.Helper()
	inv, pay := hrev198Pair(p, day, "100.00")
	f.post(t, inv)
	f.post(t, pay)
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}})
	require.NoError(t, err)
	return inv
}

func hrev198Code(t *testing.T, f *fixture, ref journal.LineRef) string {
	t.Helper()
	c, prov, err := f.rec.Code(ctx, ref)
	require.NoError(t, err)
	assert.False(t, prov)
	return c
}

// Pin: AAC, AAA, AAB asked in that order are given; the next ordinary
// match takes AAD.
func TestHrev198CodesOutOfOrder(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		var invs []journal.Entry
		for i, c := range []string{"AAC", "AAA", "AAB"} {
			inv, _ := hrev198Letter(t, f, "C1", i+1, c)
			invs = append(invs, inv)
		}
		for i, c := range []string{"AAC", "AAA", "AAB"} {
			assert.Equal(t, c, hrev198Code(t, f, invs[i].LineRef(0)))
		}
		inv := hrev198Ordinary(t, f, "C1", 5)
		assert.Equal(t, "AAD", hrev198Code(t, f, inv.LineRef(0)))
		// Another partner's counter is its own.
		inv2, _ := hrev198Letter(t, f, "C2", 6, "AAC")
		assert.Equal(t, "AAC", hrev198Code(t, f, inv2.LineRef(0)))
		inv3 := hrev198Ordinary(t, f, "C2", 7)
		assert.Equal(t, "AAD", hrev198Code(t, f, inv3.LineRef(0)))
		f.check(t)
	})
}

// Pin: a code given then unlettered (retired) is not given again when
// asked: the match takes the next code.
func TestHrev198RetiredCodeNotReused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := hrev198Ordinary(t, f, "C1", 1)
		require.Equal(t, "AAA", hrev198Code(t, f, inv.LineRef(0)))
		_, err := f.rec.UnletterCode(ctx, journal.NoID, "411000", "C1", "AAA")
		require.NoError(t, err)
		inv2, _ := hrev198Letter(t, f, "C1", 2, "AAA")
		assert.Equal(t, "AAB", hrev198Code(t, f, inv2.LineRef(0)))

		// A code asked ahead, then unlettered: asked again, not given.
		inv3, _ := hrev198Letter(t, f, "C1", 3, "AAF")
		require.Equal(t, "AAF", hrev198Code(t, f, inv3.LineRef(0)))
		_, err = f.rec.UnletterCode(ctx, journal.NoID, "411000", "C1", "AAF")
		require.NoError(t, err)
		inv4, _ := hrev198Letter(t, f, "C1", 4, "AAF")
		assert.Equal(t, "AAG", hrev198Code(t, f, inv4.LineRef(0)))
		// A passed-over code is still free.
		inv5, _ := hrev198Letter(t, f, "C1", 5, "AAD")
		assert.Equal(t, "AAD", hrev198Code(t, f, inv5.LineRef(0)))
		inv6 := hrev198Ordinary(t, f, "C1", 6)
		assert.Equal(t, "AAH", hrev198Code(t, f, inv6.LineRef(0)))
		f.check(t)
	})
}

// Pin: codes far ahead: ZZZ then the next ordinary AAAA; AAAA asked once
// given is not given twice.
func TestHrev198CodeFarAhead(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, _ := hrev198Letter(t, f, "C1", 1, "ZZZ")
		assert.Equal(t, "ZZZ", hrev198Code(t, f, inv.LineRef(0)))
		inv = hrev198Ordinary(t, f, "C1", 2)
		assert.Equal(t, "AAAA", hrev198Code(t, f, inv.LineRef(0)))
		inv, _ = hrev198Letter(t, f, "C1", 3, "AAAA")
		assert.Equal(t, "AAAB", hrev198Code(t, f, inv.LineRef(0)))
		inv, _ = hrev198Letter(t, f, "C1", 4, "AAA")
		assert.Equal(t, "AAA", hrev198Code(t, f, inv.LineRef(0)))
		f.check(t)
	})
}

// Was failing, fixed: a 13-letter code asked (ZZZZZZZZZZZZZ) is accepted and moves the counter so that the next ordinary code is AAAAAAAAAAAAAA (14 letters), a code the book gave that PostAndLetter then refuses as Code (ErrLetterCode): the book's own lettering cannot be moved; expected the code the book gave to be accepted as Code (or the code that exhausts 13 letters refused)
func TestHrev198CodeThirteenLetters(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, _ := hrev198Letter(t, f, "C1", 1, "ZZZZZZZZZZZZZ")
		assert.Equal(t, "ZZZZZZZZZZZZZ", hrev198Code(t, f, inv.LineRef(0)))
		inv = hrev198Ordinary(t, f, "C1", 2)
		given := hrev198Code(t, f, inv.LineRef(0))
		assert.Equal(t, "AAAAAAAAAAAAAA", given)
		f.check(t)
		// The same lettering moved to another book, with the code it had.
		g := newFixture(t, stores[0].Open(t))
		inv2, pay2 := hrev198Pair("C1", 3, "100.00")
		_, err := g.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv2}, {Entry: &pay2},
			{Letter: []journal.LineRef{inv2.LineRef(0), pay2.LineRef(1)}, Code: given}}})
		assert.NoError(t, err, "a code the book gives is a letter code")
	})
}

// Pin: codes that are not letter codes are refused, nothing written (a
// letter code in lower case, an open group's, is one a Letter step takes:
// see TestHrev211LowerCaseCodeKept).
func TestHrev198BadCodes(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev198Pair("C1", 1, "100.00")
		before := f.snapshot(t)
		for _, c := range []string{"aa", "AA", "A1B", "AAb", " AAA", "ÀAA"} {
			_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
				{Entry: &inv}, {Entry: &pay},
				{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Code: c}}})
			assert.ErrorIs(t, err, reconcile.ErrLetterCode, c)
			var se *reconcile.StepError
			if assert.ErrorAs(t, err, &se) {
				assert.Equal(t, 2, se.Step)
			}
		}
		f.unchanged(t, before)
	})
}

// Pin: a Code asked on a step whose lettering leaves an open group is not
// given, and does not leak to a later step's or operation's match.
func TestHrev198CodeOpenGroupNoLeak(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev198Pair("C1", 1, "100.00")
		pay.Lines[0].Balance, pay.Lines[1].Balance = e("60.00"), e("-60.00")
		inv2, pay2 := hrev198Pair("C1", 2, "50.00")
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay}, {Entry: &inv2}, {Entry: &pay2},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Code: "AAF"},
			{Letter: []journal.LineRef{inv2.LineRef(0), pay2.LineRef(1)}}}})
		require.NoError(t, err)
		c, prov, err := f.rec.Code(ctx, inv.LineRef(0))
		require.NoError(t, err)
		assert.True(t, prov, c)
		assert.Equal(t, "AAA", hrev198Code(t, f, inv2.LineRef(0)))
		// The rest paid and lettered ordinarily: the next code, AAB.
		rest := f.post(t, journal.Entry{Journal: "BQD", Date: d(4, 1), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "512000", Balance: e("40.00")}, {Account: "411000", Partner: "C1", Balance: e("-40.00")}}})
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rest.LineRef(1)}})
		require.NoError(t, err)
		assert.Equal(t, "AAB", hrev198Code(t, f, inv.LineRef(0)))
		f.check(t)
	})
}

// Pin: a step whose lines complete an open group takes the code asked.
func TestHrev198CodeCompletingOpenGroup(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev198Pair("C1", 1, "100.00")
		pay.Lines[0].Balance, pay.Lines[1].Balance = e("60.00"), e("-60.00")
		rest := journal.Entry{ID: journal.NewID(), Journal: "BQD", Date: d(4, 1), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "512000", Balance: e("40.00")}, {Account: "411000", Partner: "C1", Balance: e("-40.00")}}}
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay}, {Entry: &rest},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Code: "AAK"},
			{Letter: []journal.LineRef{inv.LineRef(0), rest.LineRef(1)}, Code: "AAK"}}})
		require.NoError(t, err)
		assert.Equal(t, "AAK", hrev198Code(t, f, rest.LineRef(1)))
		f.check(t)
	})
}

// Pin: two Letter steps asking the same code: the first takes it, the
// second the next code of the counter.
func TestHrev198SameCodeTwice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev198Pair("C1", 1, "100.00")
		inv2, pay2 := hrev198Pair("C1", 2, "100.00")
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay}, {Entry: &inv2}, {Entry: &pay2},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Code: "AAC"},
			{Letter: []journal.LineRef{inv2.LineRef(0), pay2.LineRef(1)}, Code: "AAC"}}})
		require.NoError(t, err)
		require.Len(t, out.Matches, 2)
		assert.Equal(t, "AAC", hrev198Code(t, f, inv.LineRef(0)))
		assert.Equal(t, "AAD", hrev198Code(t, f, inv2.LineRef(0)))
		f.check(t)
	})
}

// Pin: Code on accounts without partners (580000, 471000).
func TestHrev198CodeNoPartnerAccount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		for _, acct := range []string{"580000", "471000"} {
			a, err := f.book.Account(ctx, acct)
			require.NoError(t, err)
			require.True(t, a.Reconcilable, acct)
			out := journal.Entry{ID: journal.NewID(), Journal: "OD", Date: d(3, 1), Lines: []journal.Line{
				{Account: acct, Balance: e("70.00")}, {Account: "512000", Balance: e("-70.00")}}}
			in := journal.Entry{ID: journal.NewID(), Journal: "OD", Date: d(3, 2), Lines: []journal.Line{
				{Account: "512000", Balance: e("70.00")}, {Account: acct, Balance: e("-70.00")}}}
			_, err = f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
				{Entry: &out}, {Entry: &in},
				{Letter: []journal.LineRef{out.LineRef(0), in.LineRef(1)}, Code: "ABC"}}})
			require.NoError(t, err, acct)
			assert.Equal(t, "ABC", hrev198Code(t, f, out.LineRef(0)), acct)
			require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
				m, err := tx.MatchByCode(acct, "", "ABC")
				require.NoError(t, err, acct)
				assert.Equal(t, "", m.Partner)
				return nil
			}))
		}
		f.check(t)
	})
}

// Pin: NotBefore before the general lock date: the exchange difference
// goes to the first open date; after it, to NotBefore.
func TestHrev198NotBeforeAndLock(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(4, 30), "closing April"))
		inv, pay := hrev186USD()
		inv.Date, pay.Date = d(5, 4), d(5, 15)
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay}, {Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, NotBefore: d(4, 20)}}})
		require.NoError(t, err)
		require.Len(t, out.Entries, 1)
		assert.Equal(t, d(5, 15), out.Entries[0].Date)

		inv, pay = hrev186USD()
		inv.Date, pay.Date = d(5, 4), d(5, 15)
		out, err = f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay}, {Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, NotBefore: d(6, 3)}}})
		require.NoError(t, err)
		require.Len(t, out.Entries, 1)
		assert.Equal(t, d(6, 3), out.Entries[0].Date)
		assert.Equal(t, []int{2}, out.EntrySteps)

		// Unlettered: the reversal of the exchange difference dated on or
		// after it.
		res, err := f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		for _, x := range res.Entries {
			assert.False(t, x.Date.Before(d(6, 3)), "reversal %s dated %s", x.Name(), x.Date)
		}
		f.check(t)
	})
}

// Pin: a request made again is a replay; the same operation with another
// Code or NotBefore is ErrIdempotencyConflict, nothing written.
func TestHrev198Replay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		op := journal.NewID()
		inv, pay := hrev198Pair("C1", 1, "100.00")
		req := reconcile.PostLetterRequest{Operation: op, Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay},
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Code: "AAE"}}}
		_, err := f.rec.PostAndLetter(ctx, req)
		require.NoError(t, err)
		before := f.snapshot(t)
		again, err := f.rec.PostAndLetter(ctx, req)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		require.Len(t, again.Matches, 1)
		assert.Equal(t, "AAE", again.Matches[0].Code)
		f.unchanged(t, before)

		other := req
		other.Steps = append([]reconcile.PostLetterStep(nil), req.Steps...)
		other.Steps[2].Code = "AAF"
		_, err = f.rec.PostAndLetter(ctx, other)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		other.Steps[2].Code = "AAE"
		other.Steps[2].NotBefore = d(5, 1)
		_, err = f.rec.PostAndLetter(ctx, other)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)

		// Same content, a fresh operation: entries replayed, step skipped.
		req.Operation = journal.NoID
		out, err := f.rec.PostAndLetter(ctx, req)
		require.NoError(t, err)
		assert.Equal(t, 1, out.Skipped)
		assert.Equal(t, []bool{true, true}, out.Replayed)
		f.check(t)
	})
}

// Pin: NotBefore dates the cash-basis VAT entry no earlier than it, and
// a NotBefore on or before the tax lock takes the first open date.
func TestHrev198NotBeforeCashBasis(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		pay := journal.Entry{ID: journal.NewID(), Journal: "BQD", Date: d(3, 20), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "512000", Balance: e("1200.00")}, {Account: "411000", Partner: "C1", Balance: e("-1200.00")}}}
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &pay}, {Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, NotBefore: d(5, 10)}}})
		require.NoError(t, err)
		cb := cashBasisEntries(out.Entries)
		require.Len(t, cb, 1)
		assert.Equal(t, d(5, 10), cb[0].Date)
		assert.Equal(t, "-200.00", finalMove(cb[0], "445710"))

		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockTax, d(5, 31), "VAT return May"))
		inv2 := f.cashBasisDoc(t, journal.CustomerInvoice, "C2", d(6, 1), "500.00")
		pay2 := journal.Entry{ID: journal.NewID(), Journal: "BQD", Date: d(6, 5), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "512000", Balance: e("300.00")}, {Account: "411000", Partner: "C2", Balance: e("-300.00")}}}
		out, err = f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &pay2}, {Letter: []journal.LineRef{inv2.LineRef(0), pay2.LineRef(1)}, NotBefore: d(5, 20), Code: "AAC"}}})
		require.NoError(t, err)
		cb = cashBasisEntries(out.Entries)
		require.Len(t, cb, 1)
		assert.Equal(t, d(6, 5), cb[0].Date)
		assert.Equal(t, "-50.00", finalMove(cb[0], "445710"))
		c, prov, err := f.rec.Code(ctx, inv2.LineRef(0))
		require.NoError(t, err)
		assert.True(t, prov, "an open group: %s", c)
		f.check(t)
	})
}

// Pin: a step whose lettering closes two matches: the first takes the
// code, the second the next code of the counter; the next operation's
// match does not take the code.
func TestHrev198CodeTwoMatchesOneStep(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev198Pair("C1", 1, "100.00")
		inv2, pay2 := hrev198Pair("C1", 2, "50.00")
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay}, {Entry: &inv2}, {Entry: &pay2},
			{Letter: []journal.LineRef{inv.LineRef(0), inv2.LineRef(0), pay.LineRef(1), pay2.LineRef(1)}, Code: "AAM"}}})
		require.NoError(t, err)
		var codes []string
		for _, m := range out.Matches {
			codes = append(codes, m.Code)
		}
		t.Logf("codes %v", codes)
		assert.Contains(t, codes, "AAM")
		for _, c := range codes {
			assert.NotEqual(t, "AAA", c, "a code below the one asked, passed over")
		}
		inv3 := hrev198Ordinary(t, f, "C1", 5)
		assert.NotContains(t, codes, hrev198Code(t, f, inv3.LineRef(0)))
		f.check(t)
	})
}
