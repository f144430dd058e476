package reconcile_test

// Review hrev128: integrity across backends under concurrency. Every test
// runs on storetest.Backends (memstore, boltstore, boltstore-wb, and
// pgstore when LETTRAGE_PG_DSN is set).

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev128Retry retries op while PostgreSQL reports it ran out of attempts
// against other writers (what an application does, with the same ids).
func hrev128Retry(op func() error) error {
	for i := 0; ; i++ {
		err := op()
		if !errors.Is(err, pgstore.ErrConflict) || i == 30 {
			return err
		}
	}
}

// hrev128Res returns the residual of ref as a string.
func hrev128Res(t *testing.T, f *fixture, ref journal.LineRef) string {
	t.Helper()
	return f.residual(t, ref).Plain()
}

// hrev128Live counts the live partials of ref.
func hrev128Live(t *testing.T, f *fixture, ref journal.LineRef) int {
	t.Helper()
	var n int
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		ps, err := tx.LivePartials(ref)
		n = len(ps)
		return err
	}))
	return n
}

// hrev128Gapless asserts journal j's numbers are 1..n once each; returns n.
func hrev128Gapless(t *testing.T, f *fixture, j string) int {
	t.Helper()
	seen := map[int64]int{}
	for pe, err := range f.book.Entries(ctx, ledger.EntryFilter{Journal: j}) {
		require.NoError(t, err)
		seen[pe.Entry.Number]++
	}
	for n := int64(1); n <= int64(len(seen)); n++ {
		assert.Equal(t, 1, seen[n], "journal %s: number %d", j, n)
	}
	return len(seen)
}

// TestHrev128UseCreditRaceSameResidual: invoice 100.00, six outstanding
// receipts of 40.00; six goroutines each use one receipt on the invoice at
// once. Exactly 100.00 is allocated (40 + 40 + 20), the invoice is matched
// once, the unused receipts keep -40.00 each, and the losers get
// ErrSettled: two partials never both take the same residual.
func TestHrev128UseCreditRaceSameResidual(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(2, 1), "100.00")
		var credits []journal.LineRef
		for k := 0; k < 6; k++ {
			p := f.receive(t, "BQ", "C1", d(2, 2+k), "40.00")
			credits = append(credits, journal.LineRef{Entry: p.ID, Index: hrev128Line(t, p, "411000")})
		}
		var wg sync.WaitGroup
		errs := make([]error, len(credits))
		for k, c := range credits {
			wg.Add(1)
			go func() {
				defer wg.Done()
				u := reconcile.UseCredit{Operation: journal.NewID(), Document: inv.ID, Credit: c}
				errs[k] = hrev128Retry(func() error { _, err := f.rec.UseCredit(ctx, u); return err })
			}()
		}
		wg.Wait()
		ok := 0
		for k, err := range errs {
			if err == nil {
				ok++
			} else {
				assert.ErrorIs(t, err, reconcile.ErrSettled, "credit %d", k)
			}
		}
		assert.Equal(t, 3, ok, "three receipts take 40 + 40 + 20")
		assert.Equal(t, "0.00", hrev128Res(t, f, journal.LineRef{Entry: inv.ID}))
		sum := currency.Zero(eur)
		for _, c := range credits {
			sum, _ = sum.Add(f.residual(t, c))
		}
		assert.Equal(t, "-140.00", sum.Plain(), "240.00 received − 100.00 allocated")
		assert.Equal(t, "0.00", f.state(t, inv).ResidualCurrency.Plain())
		f.check(t)
	})
}

// hrev128Line is the index of x's line on account.
func hrev128Line(t *testing.T, x journal.Entry, account string) int {
	t.Helper()
	for i, l := range x.Lines {
		if l.Account == account {
			return i
		}
	}
	t.Fatalf("no line on %s", account)
	return -1
}

// TestHrev128SameOperationConcurrent: one Reconcile operation id sent by
// eight goroutines at once applies once: exactly one non-replay, all
// results name the same partial and match, and the invoice has one live
// partial. The same id with other content is refused
// (ErrIdempotencyConflict) and posts nothing.
func TestHrev128SameOperationConcurrent(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(2, 1), "100.00")
		pay := f.receive(t, "BQ", "C1", d(2, 3), "100.00")
		req := reconcile.Request{Operation: journal.NewID(), Lines: []journal.LineRef{{Entry: inv.ID}, {Entry: pay.ID, Index: hrev128Line(t, pay, "411000")}}}
		const n = 8
		var wg sync.WaitGroup
		res := make([]reconcile.Result, n)
		errs := make([]error, n)
		for k := 0; k < n; k++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[k] = hrev128Retry(func() (err error) { res[k], err = f.rec.Reconcile(ctx, req); return err })
			}()
		}
		wg.Wait()
		fresh := 0
		for k := 0; k < n; k++ {
			require.NoError(t, errs[k], "call %d", k)
			if !res[k].Replay {
				fresh++
			}
			require.Len(t, res[k].Partials, 1)
			require.Len(t, res[k].Matches, 1)
			assert.Equal(t, res[0].Partials[0].ID, res[k].Partials[0].ID)
			assert.Equal(t, res[0].Matches[0].Code, res[k].Matches[0].Code)
		}
		assert.Equal(t, 1, fresh, "one call applies, the others replay")
		assert.Equal(t, 1, hrev128Live(t, f, journal.LineRef{Entry: inv.ID}))
		assert.Equal(t, "AAA", res[0].Matches[0].Code)

		// same payment operation id, different amounts, at once
		op := journal.NewID()
		amounts := []string{"10.00", "20.00", "30.00", "40.00"}
		perrs := make([]error, len(amounts))
		for k, a := range amounts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p := reconcile.Payment{Operation: op, Direction: reconcile.Inbound, Partner: "C2", Journal: "BQ", Date: d(3, 1), Method: reconcile.MethodTransfer, Amount: e(a)}
				perrs[k] = hrev128Retry(func() error { _, err := f.rec.RegisterPayment(ctx, p); return err })
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range perrs {
			if err == nil {
				won++
			} else {
				assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
			}
		}
		assert.Equal(t, 1, won)
		assert.Equal(t, 2, hrev128Gapless(t, f, "BQ"), "one receipt before, one now")
		f.check(t)
	})
}

// TestHrev128DetachBothAtOnce: invoice 100.00 paid by two receipts of
// 60.00 and 40.00 (match AAA); two goroutines detach one receipt each, and
// two more replay each detach with the same ids. Both detaches apply once,
// the invoice is back at 100.00 with no live partial, each receipt at its
// own amount, and AAA is retired: a new lettering gets AAB.
func TestHrev128DetachBothAtOnce(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(2, 1), "100.00")
		p1 := f.receive(t, "BQ", "C1", d(2, 3), "60.00", inv)
		p2 := f.receive(t, "BQ", "C1", d(2, 4), "40.00", inv)
		r1 := journal.LineRef{Entry: p1.ID, Index: hrev128Line(t, p1, "411000")}
		r2 := journal.LineRef{Entry: p2.ID, Index: hrev128Line(t, p2, "411000")}
		code, prov, err := f.rec.Code(ctx, journal.LineRef{Entry: inv.ID})
		require.NoError(t, err)
		require.False(t, prov)
		require.Equal(t, "AAA", code)
		ops := []journal.ID{journal.NewID(), journal.NewID()}
		refs := []journal.LineRef{r1, r2}
		var wg sync.WaitGroup
		res := make([]reconcile.Result, 4)
		errs := make([]error, 4)
		for k := 0; k < 4; k++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[k] = hrev128Retry(func() (err error) { res[k], err = f.rec.Detach(ctx, ops[k%2], refs[k%2]); return err })
			}()
		}
		wg.Wait()
		for k := 0; k < 4; k++ {
			require.NoError(t, errs[k], "detach %d", k)
		}
		assert.True(t, res[0].Replay != res[2].Replay, "detach 1 applies once")
		assert.True(t, res[1].Replay != res[3].Replay, "detach 2 applies once")
		assert.Equal(t, "100.00", hrev128Res(t, f, journal.LineRef{Entry: inv.ID}))
		assert.Equal(t, "-60.00", hrev128Res(t, f, r1))
		assert.Equal(t, "-40.00", hrev128Res(t, f, r2))
		assert.Equal(t, 0, hrev128Live(t, f, journal.LineRef{Entry: inv.ID}))
		f.check(t)
		out, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{{Entry: inv.ID}, r1, r2}})
		require.NoError(t, err)
		require.Len(t, out.Matches, 1)
		assert.Equal(t, "AAB", out.Matches[0].Code, "AAA is retired, never reused")
		f.check(t)
	})
}

// TestHrev128ApplyStaleAfterPayment: proposals for C1 (two invoices, two
// receipts of the same amounts); then a new payment letters the first
// invoice; Apply refuses that proposal (ErrStale) and applies the other.
// The first invoice ends lettered with the new payment only (residual
// 0.00), the receipt its proposal named keeps -110.00.
func TestHrev128ApplyStaleAfterPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(2, 1), "110.00")
		i2 := f.invoice(t, "C1", d(2, 2), "220.00")
		p1 := f.receive(t, "BQ", "C1", d(2, 10), "110.00")
		p2 := f.receive(t, "BQ", "C1", d(2, 11), "220.00")
		props, err := f.rec.Propose(ctx, reconcile.Scope{Partners: []string{"C1"}}, reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, props.Proposals, 2)
		f.receive(t, "BQ", "C1", d(2, 12), "110.00", i1)
		app, err := f.rec.Apply(ctx, journal.NewID(), props.Proposals)
		require.NoError(t, err)
		stale, applied := 0, 0
		for _, o := range app.Outcomes {
			if o.Err == nil {
				applied++
			} else {
				assert.ErrorIs(t, o.Err, reconcile.ErrStale)
				stale++
			}
		}
		assert.Equal(t, 1, stale)
		assert.Equal(t, 1, applied)
		assert.Equal(t, "0.00", hrev128Res(t, f, journal.LineRef{Entry: i1.ID}))
		assert.Equal(t, "0.00", hrev128Res(t, f, journal.LineRef{Entry: i2.ID}))
		assert.Equal(t, "-110.00", hrev128Res(t, f, journal.LineRef{Entry: p1.ID, Index: hrev128Line(t, p1, "411000")}))
		assert.Equal(t, "0.00", hrev128Res(t, f, journal.LineRef{Entry: p2.ID, Index: hrev128Line(t, p2, "411000")}))
		f.check(t)
	})
}

// TestHrev128AutoLetterVsPayments: AutoLetter runs over C1 while other
// goroutines register payments naming C1's invoices. Whatever interleaving,
// no invoice is lettered beyond its amount: every invoice residual is
// 0.00 or its amount, the sum of 411000/C1 residuals equals its balance,
// and Check passes.
func TestHrev128AutoLetterVsPayments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		const n = 12
		var invs []journal.Entry
		for k := 0; k < n; k++ {
			amt := fmt.Sprintf("%d.00", 100+k)
			invs = append(invs, f.invoice(t, "C1", d(2, 1+k), amt))
			f.receive(t, "BQ", "C1", d(3, 1+k), amt) // an exact receipt for AutoLetter
		}
		var wg sync.WaitGroup
		var autoErr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			autoErr = hrev128Retry(func() error {
				_, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: journal.NewID(), Scope: reconcile.Scope{Partners: []string{"C1"}}})
				return err
			})
		}()
		payErrs := make([]error, n)
		for k := 0; k < n; k += 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p := reconcile.Payment{Operation: journal.NewID(), Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(4, 1), Method: reconcile.MethodTransfer, Amount: e(fmt.Sprintf("%d.00", 100+k)), Invoices: []journal.ID{invs[k].ID}}
				payErrs[k] = hrev128Retry(func() error { _, err := f.rec.RegisterPayment(ctx, p); return err })
			}()
		}
		wg.Wait()
		require.NoError(t, autoErr)
		extra := int64(0)
		for k := 0; k < n; k += 2 {
			if payErrs[k] == nil {
				extra += int64(100+k) * 100
			} else {
				// AutoLetter matched the invoice first: refused, nothing posted
				assert.ErrorIs(t, payErrs[k], reconcile.ErrMatched, "payment %d", k)
			}
		}
		for k, inv := range invs {
			r := hrev128Res(t, f, journal.LineRef{Entry: inv.ID})
			assert.Equal(t, "0.00", r, "invoice %d lettered once, never beyond its amount", k)
			assert.Equal(t, 1, hrev128Live(t, f, journal.LineRef{Entry: inv.ID}), "invoice %d: one payment", k)
		}
		// 12 invoices, 12 exact receipts, and the payments that went through
		items, err := f.book.OpenItems(ctx, "411000", "C1")
		require.NoError(t, err)
		sum := currency.Zero(eur)
		for _, it := range items {
			r := f.residual(t, it.Ref)
			sum, _ = sum.Add(r)
		}
		want := currency.FromMinor(eur, -extra).Plain()
		assert.Equal(t, want, sum.Plain(), "the surplus receipts stay outstanding in full")
		bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "411000", Partner: "C1"})
		require.NoError(t, err)
		assert.Equal(t, want, bal.Balance.Plain())
		assert.Equal(t, n+hrev128Count(payErrs), hrev128Gapless(t, f, "BQ"), "receipts posted")
		f.check(t)
	})
}

// TestHrev128BatchesWhileLettering: one goroutine posts batches of
// invoices for C2 while another registers payments on C1's invoices and a
// third unletters them again. Every journal is numbered 1..n without gap,
// every C1 invoice ends at 0.00 or 50.00, the 411000 balance equals the
// sum of what was posted, and Check passes.
func TestHrev128BatchesWhileLettering(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		const n = 10
		var invs []journal.Entry
		for k := 0; k < n; k++ {
			invs = append(invs, f.invoice(t, "C1", d(2, 1+k), "50.00"))
		}
		var wg sync.WaitGroup
		var batchErr error
		posted := 0
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := 0; b < 8; b++ {
				var batch []journal.Entry
				for i := 0; i < 15; i++ {
					batch = append(batch, journal.Entry{ID: journal.NewID(), Journal: "VT", Date: d(3, 1+i), Type: journal.TypeInvoice, Lines: []journal.Line{
						{Account: "411000", Partner: "C2", Balance: e("3.00")},
						{Account: "706000", Balance: e("-3.00")},
					}})
				}
				err := hrev128Retry(func() error {
					res, err := f.book.PostBatch(ctx, batch, ledger.BatchOptions{})
					if err != nil {
						return err
					}
					for _, r := range res {
						if r.Err != nil {
							return r.Err
						}
					}
					return nil
				})
				if err != nil {
					batchErr = err
					return
				}
				posted += len(batch)
			}
		}()
		payErrs := make([]error, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < n; k++ {
				p := reconcile.Payment{Operation: journal.NewID(), Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(4, 1+k), Method: reconcile.MethodTransfer, Invoices: []journal.ID{invs[k].ID}}
				payErrs[k] = hrev128Retry(func() error { _, err := f.rec.RegisterPayment(ctx, p); return err })
			}
		}()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < n; k += 3 {
				_ = hrev128Retry(func() error {
					_, err := f.rec.Unletter(ctx, journal.NewID(), journal.LineRef{Entry: invs[k].ID})
					return err
				})
			}
		}()
		wg.Wait()
		require.NoError(t, batchErr)
		for k := 0; k < n; k++ {
			require.NoError(t, payErrs[k])
			r := hrev128Res(t, f, journal.LineRef{Entry: invs[k].ID})
			assert.Contains(t, []string{"0.00", "50.00"}, r, "invoice %d", k)
		}
		assert.Equal(t, n+posted, hrev128Gapless(t, f, "VT"))
		assert.Equal(t, n, hrev128Gapless(t, f, "BQ"))
		bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "411000", Partner: "C2"})
		require.NoError(t, err)
		assert.Equal(t, currency.FromMinor(eur, int64(300*posted)).Plain(), bal.Balance.Plain())
		bal, err = f.book.Balance(ctx, ledger.BalanceQuery{Account: "411000", Partner: "C1"})
		require.NoError(t, err)
		assert.Equal(t, "0.00", bal.Balance.Plain())
		f.check(t)
	})
}

// hrev128Count counts the nil errors among the even indexes of errs.
func hrev128Count(errs []error) int {
	n := 0
	for k := 0; k < len(errs); k += 2 {
		if errs[k] == nil {
			n++
		}
	}
	return n
}

// TestHrev128AutoLetterSameIDTwice: two goroutines run AutoLetter under
// one operation id at once (a retry racing the first run). The run
// applies once: every invoice has exactly one live partial, both
// summaries report the same 6 proposals applied, the Lettered callbacks
// together name each proposal once, and Check passes.
func TestHrev128AutoLetterSameIDTwice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		var invs []journal.Entry
		for k := 0; k < 6; k++ {
			amt := fmt.Sprintf("%d.00", 200+k)
			invs = append(invs, f.invoice(t, "C1", d(2, 1+k), amt))
			f.receive(t, "BQ", "C1", d(3, 1+k), amt)
		}
		op := journal.NewID()
		var mu sync.Mutex
		lettered := 0
		req := reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{Partners: []string{"C1"}},
			Lettered: func(reconcile.Proposal) { mu.Lock(); lettered++; mu.Unlock() }}
		var wg sync.WaitGroup
		sums := make([]reconcile.AutoSummary, 2)
		errs := make([]error, 2)
		for k := 0; k < 2; k++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[k] = hrev128Retry(func() (err error) { sums[k], err = f.rec.AutoLetter(ctx, req); return err })
			}()
		}
		wg.Wait()
		for k := 0; k < 2; k++ {
			require.NoError(t, errs[k], "run %d", k)
			assert.Equal(t, 6, sums[k].Applied, "run %d reports the whole run", k)
			assert.Equal(t, 0, sums[k].FailedCount, "run %d: %+v", k, sums[k].Failed)
		}
		assert.Equal(t, 6, lettered, "each proposal reported lettered once")
		for k, inv := range invs {
			assert.Equal(t, 1, hrev128Live(t, f, journal.LineRef{Entry: inv.ID}), "invoice %d", k)
			assert.Equal(t, "0.00", hrev128Res(t, f, journal.LineRef{Entry: inv.ID}))
		}
		f.check(t)
	})
}

// TestHrev128CreditSplitRace: a 100.00 receipt; two goroutines use 60.00
// of it on two invoices of 80.00 at once. One gets ErrOverAllocation,
// the receipt keeps exactly -40.00, one invoice is at 20.00 and the other
// at 80.00.
func TestHrev128CreditSplitRace(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(2, 1), "80.00")
		b := f.invoice(t, "C1", d(2, 2), "80.00")
		p := f.receive(t, "BQ", "C1", d(2, 3), "100.00")
		cref := journal.LineRef{Entry: p.ID, Index: hrev128Line(t, p, "411000")}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for k, doc := range []journal.Entry{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				u := reconcile.UseCredit{Operation: journal.NewID(), Document: doc.ID, Credit: cref, Amount: e("60.00")}
				errs[k] = hrev128Retry(func() error { _, err := f.rec.UseCredit(ctx, u); return err })
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else {
				assert.ErrorIs(t, err, reconcile.ErrOverAllocation)
			}
		}
		assert.Equal(t, 1, ok)
		assert.Equal(t, "-40.00", hrev128Res(t, f, cref))
		got := []string{hrev128Res(t, f, journal.LineRef{Entry: a.ID}), hrev128Res(t, f, journal.LineRef{Entry: b.ID})}
		assert.ElementsMatch(t, []string{"20.00", "80.00"}, got)
		f.check(t)
	})
}

// TestHrev128CancelPaymentRace: a receipt of 100.00 paying an invoice
// (cash-basis VAT on it), cancelled by three goroutines under three
// operation ids at once. It is reversed once: one success, the others
// refused (already reversed); the bank journal holds the receipt and one
// reversal; the invoice is back at 120.00 and 445740 at -20.00.
func TestHrev128CancelPaymentRace(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: e("100.00"), Taxes: []tax.Tax{billSalesVAT}, Account: "706000"}}}.Entry()
		require.NoError(t, err)
		inv := f.post(t, x)
		pay := f.receive(t, "BQ", "C1", d(3, 5), "120.00", inv)
		assert.Equal(t, "0.00", hrev128Bal(t, f, "445740"))
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for k := 0; k < 3; k++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[k] = hrev128Retry(func() error { _, err := f.rec.CancelPayment(ctx, journal.NewID(), pay.ID); return err })
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else {
				t.Logf("refused: %v", err)
			}
		}
		assert.Equal(t, 1, ok, "one cancellation")
		assert.Equal(t, 2, hrev128Gapless(t, f, "BQ"), "the receipt and one reversal")
		assert.Equal(t, "120.00", hrev128Res(t, f, journal.LineRef{Entry: inv.ID}))
		assert.Equal(t, "-20.00", hrev128Bal(t, f, "445740"))
		assert.Equal(t, "0.00", hrev128Bal(t, f, "445710"))
		f.check(t)
	})
}

// TestHrev128TwoHandlesCodesAndAuto (PostgreSQL, two handles of one book
// as two processes): A and B letter ten different invoice/receipt pairs
// of C1 at once, then each runs AutoLetter over C2 under its own id at
// once. Letter codes are unique per (411000, C1), every C2 invoice is
// lettered once (one live partial, residual 0.00) and Check passes on
// both handles.
func TestHrev128TwoHandlesCodesAndAuto(t *testing.T) {
	t.Parallel()
	storetest.PostgresDSN(t)
	f, g := review23Book(t)
	type pair struct{ inv, pay journal.LineRef }
	var pairs []pair
	for k := 0; k < 10; k++ {
		amt := fmt.Sprintf("%d.00", 10+k)
		inv := f.invoice(t, "C1", d(2, 1+k), amt)
		p := f.receive(t, "BQ", "C1", d(3, 1+k), amt)
		pairs = append(pairs, pair{journal.LineRef{Entry: inv.ID}, journal.LineRef{Entry: p.ID, Index: hrev128Line(t, p, "411000")}})
	}
	var c2 []journal.Entry
	for k := 0; k < 8; k++ {
		amt := fmt.Sprintf("%d.00", 300+k)
		c2 = append(c2, f.invoice(t, "C2", d(2, 1+k), amt))
		f.receive(t, "BQ", "C2", d(3, 1+k), amt)
	}
	var wg sync.WaitGroup
	codes := make([]string, len(pairs))
	errs := make([]error, len(pairs))
	for k, p := range pairs {
		h := []*fixture{f, g}[k%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := reconcile.Request{Operation: journal.NewID(), Lines: []journal.LineRef{p.inv, p.pay}}
			errs[k] = hrev128Retry(func() error {
				res, err := h.rec.Reconcile(ctx, req)
				if err == nil && len(res.Matches) == 1 {
					codes[k] = res.Matches[0].Code
				}
				return err
			})
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for k := range pairs {
		require.NoError(t, errs[k], "pair %d", k)
		assert.False(t, seen[codes[k]], "code %q given twice", codes[k])
		seen[codes[k]] = true
	}
	aerrs := make([]error, 2)
	for k, h := range []*fixture{f, g} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := reconcile.AutoRequest{Operation: journal.NewID(), Scope: reconcile.Scope{Partners: []string{"C2"}}}
			aerrs[k] = hrev128Retry(func() error { _, err := h.rec.AutoLetter(ctx, req); return err })
		}()
	}
	wg.Wait()
	require.NoError(t, aerrs[0])
	require.NoError(t, aerrs[1])
	for k, inv := range c2 {
		assert.Equal(t, 1, hrev128Live(t, g, journal.LineRef{Entry: inv.ID}), "C2 invoice %d", k)
		assert.Equal(t, "0.00", hrev128Res(t, g, journal.LineRef{Entry: inv.ID}))
	}
	bal, err := g.book.Balance(ctx, ledger.BalanceQuery{Account: "411000"})
	require.NoError(t, err)
	assert.Equal(t, "0.00", bal.Balance.Plain())
	f.check(t)
	g.check(t)
}
