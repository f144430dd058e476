package ledger_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

var (
	seedFlag  = flag.Uint64("seed", 0, "seed of the randomized model tests (0: from the clock)")
	stepsFlag = flag.Int("steps", 1500, "steps of the randomized model tests")
)

// model is the reference the book is compared with. It imports neither
// ledger nor reconcile: balances are minor units per account, numbering is
// a counter per journal and year.
type model struct {
	balance  map[string]int64 // account → Σ balance, in cents
	numbers  map[string]int64 // journal/year → last number
	entries  map[journal.ID]modelEntry
	posted   []journal.ID
	reversed map[journal.ID]bool
}

type modelEntry struct {
	in       journal.Entry
	journal  string
	year     int
	date     journal.Date
	lines    map[string]int64
	reversal bool
}

func newModel() *model {
	return &model{balance: map[string]int64{}, numbers: map[string]int64{}, entries: map[journal.ID]modelEntry{}, reversed: map[journal.ID]bool{}}
}

func (m *model) apply(me modelEntry, id journal.ID) string {
	for a, c := range me.lines {
		m.balance[a] += c
	}
	k := fmt.Sprintf("%s/%d", me.journal, me.year)
	m.numbers[k]++
	m.entries[id] = me
	m.posted = append(m.posted, id)
	return journal.FormatNumber(me.journal, fmt.Sprint(me.year), m.numbers[k])
}

// balanceAt sums account's movements dated on or before at.
func (m *model) balanceAt(account string, at journal.Date) int64 {
	var sum int64
	for _, me := range m.entries {
		if me.date.Key() <= at.Key() {
			sum += me.lines[account]
		}
	}
	return sum
}

var modelAccounts = []string{"411000", "401000", "512000", "706000", "707000", "607000", "445710", "445660", "471000"}

func cents(a currency.Amount) int64 { n, _ := a.MinorUnits(); return n }

// randomEntry returns a balanced entry, or an invalid one with the error
// the book must give.
func randomEntry(r *rand.Rand, eur currency.Currency) (journal.Entry, modelEntry, error) {
	year := 2026 + r.IntN(2)
	date := journal.MustDate(year, time.Month(1+r.IntN(12)), 1+r.IntN(28))
	jn := []string{"VT", "AC", "BQD", "OD"}[r.IntN(4)]
	n := 2 + r.IntN(3)
	x := journal.Entry{ID: journal.NewID(), Journal: jn, Date: date, Type: journal.TypeMisc}
	me := modelEntry{journal: jn, year: year, date: date, lines: map[string]int64{}}
	var sum int64
	for i := 0; i < n; i++ {
		acct := modelAccounts[r.IntN(len(modelAccounts))]
		c := int64(1 + r.IntN(100000))
		if r.IntN(2) == 0 {
			c = -c
		}
		if i == n-1 {
			c = -sum
			if c == 0 {
				c = 1
				x.Lines[0].Balance = currency.FromMinor(eur, cents(x.Lines[0].Balance)-1)
				me.lines[x.Lines[0].Account]--
			}
		}
		sum += c
		l := journal.Line{Account: acct, Balance: currency.FromMinor(eur, c)}
		if acct == "411000" || acct == "401000" {
			l.Partner = []string{"C1", "C2", "S1"}[r.IntN(3)]
		}
		x.Lines = append(x.Lines, l)
		me.lines[acct] += c
	}
	me.in = x
	switch r.IntN(10) {
	case 0:
		x.Lines[0].Balance = currency.FromMinor(eur, cents(x.Lines[0].Balance)+7)
		return x, me, &journal.UnbalancedError{}
	case 1:
		x.Lines[1].Account = "999999"
		return x, me, ledger.ErrUnknownAccount
	case 2:
		x.Date = journal.MustDate(2030, 1, 1)
		return x, me, ledger.ErrNoFiscalYear
	}
	return x, me, nil
}

func openStores(t *testing.T) map[string]store.Store {
	bolt, err := boltstore.Open(filepath.Join(t.TempDir(), "model.db"), boltstore.Options{NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { bolt.Close() })
	return map[string]store.Store{"memstore": storetest.Owning(memstore.New()), "boltstore": bolt}
}

func TestRandomizedAgainstModel(t *testing.T) {
	t.Parallel()
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("replay with: go test ./ledger -run TestRandomizedAgainstModel -seed %d", seed)
	for name, st := range openStores(t) {
		t.Run(name, func(t *testing.T) {
			runModel(t, st, seed, *stepsFlag)
		})
	}
}

func runModel(t *testing.T, st store.Store, seed uint64, steps int) {
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	r := rand.New(rand.NewPCG(seed, 42))
	fail := func(step int, format string, args ...any) {
		t.Helper()
		t.Fatalf("seed %d step %d: %s", seed, step, fmt.Sprintf(format, args...))
	}
	b, err := ledger.Create(ctx, st, ledger.Options{Currency: eur})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2027)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	for _, p := range []string{"C1", "C2", "S1"} {
		require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: p}))
	}
	m := newModel()
	checkPost := func(step int, res ledger.PostResult, err error, me modelEntry, want error) {
		switch {
		case want == nil && err != nil:
			fail(step, "valid entry refused: %v", err)
		case want == nil:
			if got, exp := res.Entry.Name(), m.apply(me, res.Entry.ID); got != exp {
				fail(step, "numbered %s, model says %s", got, exp)
			}
		case err == nil:
			fail(step, "invalid entry posted (want %v)", want)
		}
	}
	for step := 0; step < steps; step++ {
		switch op := r.IntN(10); {
		case op < 5: // single post
			x, me, want := randomEntry(r, eur)
			res, err := b.Post(ctx, x)
			checkPost(step, res, err, me, want)
		case op < 7: // batch: now and then one large enough for the pipeline
			n := 1 + r.IntN(8)
			if r.IntN(10) == 0 {
				n = ledger.IndexLagMax + r.IntN(64)
			}
			var in []journal.Entry
			var mes []modelEntry
			var wants []error
			for i := 0; i < n; i++ {
				x, me, want := randomEntry(r, eur)
				in, mes, wants = append(in, x), append(mes, me), append(wants, want)
			}
			res, err := b.PostBatch(ctx, in, ledger.BatchOptions{})
			if err != nil {
				fail(step, "batch: %v", err)
			}
			for i := range res {
				checkPost(step, res[i], res[i].Err, mes[i], wants[i])
			}
		case op < 9 && len(m.posted) > 0: // reverse
			id := m.posted[r.IntN(len(m.posted))]
			me := m.entries[id]
			res, err := b.Reverse(ctx, id, ledger.ReverseOptions{})
			switch {
			case me.reversal:
				if !errors.Is(err, ledger.ErrReverseReversal) {
					fail(step, "reversing a reversal: %v", err)
				}
			case m.reversed[id]:
				if !errors.Is(err, ledger.ErrAlreadyReversed) {
					fail(step, "reversing twice: %v", err)
				}
			case err != nil:
				fail(step, "reverse: %v", err)
			default:
				rev := modelEntry{journal: me.journal, year: me.year, date: me.date, lines: map[string]int64{}, reversal: true}
				for a, c := range me.lines {
					rev.lines[a] = -c
				}
				m.reversed[id] = true
				if got, exp := res.Entry.Name(), m.apply(rev, res.Entry.ID); got != exp {
					fail(step, "reversal numbered %s, model says %s", got, exp)
				}
			}
		case len(m.posted) > 0: // retry an earlier post: replay, or conflict when changed
			id := m.posted[r.IntN(len(m.posted))]
			me := m.entries[id]
			if me.reversal {
				continue
			}
			x := me.in.Clone()
			changed := r.IntN(2) == 0
			if changed {
				x.Label = "changed"
			}
			res, err := b.Post(ctx, x)
			if changed && !errors.Is(err, ledger.ErrIdempotencyConflict) || !changed && (err != nil || !res.Replay) {
				fail(step, "retry (changed=%v): replay=%v err=%v", changed, res.Replay, err)
			}
		}
		// Reads come after one step in three, so that runs of posts leave
		// their indexes lagging behind the log (retries then find their
		// entry in the log's tail, reversals and reads index the lag).
		if r.IntN(3) != 0 && step != steps-1 {
			continue
		}
		// A balance at a random date exercises the year, month and day
		// aggregates; the model sums its entries up to that date.
		at := journal.MustDate(2026+r.IntN(2), time.Month(1+r.IntN(12)), 1+r.IntN(31)%28)
		for _, a := range modelAccounts[:3] {
			bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: a, At: at})
			if err != nil {
				fail(step, "balance %s at %s: %v", a, at, err)
			}
			if got, want := cents(bal.Balance), m.balanceAt(a, at); got != want {
				fail(step, "balance of %s at %s is %d, model says %d", a, at, got, want)
			}
		}
		for _, a := range modelAccounts {
			bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: a})
			if err != nil {
				fail(step, "balance %s: %v", a, err)
			}
			if got := cents(bal.Balance); got != m.balance[a] {
				fail(step, "balance of %s is %d, model says %d", a, got, m.balance[a])
			}
		}
		if step%25 == 0 || step == steps-1 {
			if err := b.Check(ctx); err != nil {
				fail(step, "check: %v", err)
			}
		}
	}
}
