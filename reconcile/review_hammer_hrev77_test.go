package reconcile_test

import (
	"flag"
	"math/rand"
	"sort"
	"sync"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev77Errs counts the errors the hammering goroutines met, by message,
// for the log: stale reads give typed refusals, never anything else.
type hrev77Errs struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *hrev77Errs) add(op string, err error) {
	if err == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[op+": "+err.Error()]++
}

func (c *hrev77Errs) log(t *testing.T) {
	keys := make([]string, 0, len(c.n))
	for k := range c.n {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%4d × %s", c.n[k], k)
	}
}

// hrev77Verify is what an ERP checks after a storm: Check passes, the
// balance of every (account, partner) the log touched equals the sum of
// the posted lines, and every line of 411000 has residual = balance − Σ
// live partials.
func hrev77Verify(t *testing.T, f *fixture) {
	t.Helper()
	require.NoError(t, f.book.Check(ctx))
	type key struct{ acct, partner string }
	sums := map[key]int64{}
	var refs []journal.LineRef
	for pe, err := range f.book.Entries(ctx, ledger.EntryFilter{}) {
		require.NoError(t, err)
		for i, l := range pe.Entry.Lines {
			n, _ := l.Balance.MinorUnits()
			sums[key{l.Account, l.Partner}] += n
			if l.Partner != "" {
				sums[key{l.Account, ""}] += n
			}
			if l.Account == "411000" {
				refs = append(refs, journal.LineRef{Entry: pe.Entry.ID, Index: i})
			}
		}
	}
	for k, n := range sums {
		bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: k.acct, Partner: k.partner})
		require.NoError(t, err)
		got, _ := bal.Balance.MinorUnits()
		assert.Equal(t, n, got, "balance of %s/%s", k.acct, k.partner)
	}
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		for _, ref := range refs {
			x, err := tx.Entry(ref.Entry)
			if err != nil {
				return err
			}
			want, _ := x.Lines[ref.Index].Balance.MinorUnits()
			ps, err := tx.LivePartials(ref)
			if err != nil {
				return err
			}
			for _, p := range ps {
				n, _ := p.Amount.MinorUnits()
				if p.Debit == ref {
					want -= n
				} else {
					want += n
				}
			}
			r, err := tx.Residual(ref)
			if err != nil {
				return err
			}
			got, _ := r.Balance.MinorUnits()
			assert.Equal(t, want, got, "residual of %v", ref)
		}
		return nil
	}))
}

// TestHrev77HammerPartners: several goroutines post invoices and credit
// notes, reverse them, register payments, letter, unletter, detach,
// AutoLetter and cancel through reconcile.Reverse the same three
// partners at once. Whatever each call answers, the book must pass Check,
// balances must be the sum of the posted lines and residuals balance − Σ
// live partials.
func TestHrev77HammerPartners(t *testing.T) {
	t.Parallel()
	hrev77Gate(t)
	onStores(t, func(t *testing.T, f *fixture) {
		var errs hrev77Errs
		partners := []string{"C1", "C2", "C3"}
		var mu sync.Mutex
		var docs []journal.ID          // invoices and credit notes posted
		var lettered []journal.LineRef // lines some result lettered
		docPartner := map[journal.ID]string{}
		remember := func(res reconcile.Result) {
			mu.Lock()
			defer mu.Unlock()
			for _, p := range res.Partials {
				lettered = append(lettered, p.Debit, p.Credit)
			}
		}
		pickDoc := func(rng *rand.Rand) (journal.ID, bool) {
			mu.Lock()
			defer mu.Unlock()
			if len(docs) == 0 {
				return journal.NoID, false
			}
			return docs[rng.Intn(len(docs))], true
		}
		pickLettered := func(rng *rand.Rand) (journal.LineRef, bool) {
			mu.Lock()
			defer mu.Unlock()
			if len(lettered) == 0 {
				return journal.LineRef{}, false
			}
			return lettered[rng.Intn(len(lettered))], true
		}
		amount := func(rng *rand.Rand) currency.Amount { return currency.FromMinor(eur, int64(1000+rng.Intn(50000))) }
		const rounds = 40
		workers := []func(rng *rand.Rand){
			func(rng *rand.Rand) { // poster
				p := partners[rng.Intn(3)]
				a := amount(rng)
				typ, sign := journal.TypeInvoice, a
				if rng.Intn(4) == 0 {
					typ, sign = journal.TypeCreditNote, a.Neg()
				}
				res, err := f.book.Post(ctx, journal.Entry{Journal: "VT", Date: d(3, 1+rng.Intn(27)), Type: typ, Lines: []journal.Line{
					{Account: "411000", Partner: p, Balance: sign},
					{Account: "706000", Balance: sign.Neg()},
				}})
				errs.add("post", err)
				if err == nil {
					mu.Lock()
					docs = append(docs, res.Entry.ID)
					docPartner[res.Entry.ID] = p
					mu.Unlock()
				}
			},
			func(rng *rand.Rand) { // ledger reverser
				if id, ok := pickDoc(rng); ok && rng.Intn(4) == 0 {
					_, err := f.book.Reverse(ctx, id, ledger.ReverseOptions{})
					errs.add("book.Reverse", err)
				}
			},
			func(rng *rand.Rand) { // payer
				p := partners[rng.Intn(3)]
				pay := reconcile.Payment{Direction: reconcile.Inbound, Partner: p, Journal: "BQD", Date: d(4, 1+rng.Intn(27)), Method: reconcile.MethodTransfer, Amount: amount(rng)}
				if id, ok := pickDoc(rng); ok && rng.Intn(2) == 0 {
					pay.Invoices = []journal.ID{id}
					mu.Lock()
					pay.Partner = docPartner[id]
					mu.Unlock()
					pay.Amount = currency.Amount{}
				}
				res, err := f.rec.RegisterPayment(ctx, pay)
				errs.add("pay", err)
				remember(res)
			},
			func(rng *rand.Rand) { // letterer
				p := partners[rng.Intn(3)]
				items, err := f.book.OpenItems(ctx, "411000", p)
				errs.add("openitems", err)
				var lines []journal.LineRef
				var deb, cred bool
				for _, it := range items {
					if it.Balance.Sign() > 0 && !deb {
						lines, deb = append(lines, it.Ref), true
					} else if it.Balance.Sign() < 0 && !cred {
						lines, cred = append(lines, it.Ref), true
					}
				}
				if deb && cred {
					res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: lines})
					errs.add("reconcile", err)
					remember(res)
				}
			},
			func(rng *rand.Rand) { // unletterer / detacher
				if ref, ok := pickLettered(rng); ok {
					var err error
					if rng.Intn(2) == 0 {
						_, err = f.rec.Unletter(ctx, journal.NoID, ref)
						errs.add("unletter", err)
					} else {
						_, err = f.rec.Detach(ctx, journal.NoID, ref)
						errs.add("detach", err)
					}
				}
			},
			func(rng *rand.Rand) { // auto
				p := partners[rng.Intn(3)]
				_, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Partners: []string{p}}})
				errs.add("auto", err)
			},
			func(rng *rand.Rand) { // reconcile reverser
				if id, ok := pickDoc(rng); ok && rng.Intn(4) == 0 {
					res, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: id})
					errs.add("rec.Reverse", err)
					remember(res)
				}
			},
		}
		var wg sync.WaitGroup
		for w, fn := range workers {
			wg.Add(1)
			go func(w int, fn func(*rand.Rand)) {
				defer wg.Done()
				rng := rand.New(rand.NewSource(int64(77 + w)))
				for i := 0; i < rounds; i++ {
					fn(rng)
				}
			}(w, fn)
		}
		wg.Wait()
		errs.log(t)
		hrev77Verify(t, f)
	})
}

// hammer runs the concurrency, fault-injection and ownership hammering of
// the TestHrev77 tests (about 20 s, best with -race):
//
//	go test ./reconcile -run TestHrev77 -hammer -race
var hammer = flag.Bool("hammer", false, "run the TestHrev77 concurrency and fault-injection hammering")

func hrev77Gate(t *testing.T) {
	t.Helper()
	if !*hammer {
		t.Skip("hammering: run with -hammer (about 20 s)")
	}
}
