package reconcile_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// hrev266Fill writes, for each of C1, C2, C3: six invoices, four receipts
// of the first four's amounts, one receipt paying the last two together,
// a credit note and an invoice of the same amount, and a receipt 0.03
// short of an invoice (a tolerance write-off). Nothing is lettered.
func hrev266Fill(t testing.TB, f *fixture) []journal.Entry {
	t.Helper()
	var docs []journal.Entry
	for i, p := range []string{"C1", "C2", "C3"} {
		for k := range 6 {
			a := fmt.Sprintf("%d.%02d", 100+11*k+i, 10+k)
			docs = append(docs, f.invoice(t, p, d(1, 2+k), a))
			if k < 4 {
				docs = append(docs, f.pay(t, p, d(2, 2+k), a, "", ""))
			}
		}
		docs = append(docs, f.pay(t, p, d(3, 1), fmt.Sprintf("%d.29", 299+2*i), "", "")) // the last two
		docs = append(docs, f.invoice(t, p, d(3, 2), "50.00"), f.creditNote(t, p, d(3, 3), "50.00"))
		docs = append(docs, f.invoice(t, p, d(3, 4), fmt.Sprintf("%d.00", 300+i)))
		docs = append(docs, f.pay(t, p, d(3, 20), fmt.Sprintf("%d.97", 299+i), "", ""))
	}
	return docs
}

// hrev266Clone is a deep copy of proposals.
func hrev266Clone(ps reconcile.Proposals) reconcile.Proposals {
	out := ps
	out.Proposals = make([]reconcile.Proposal, len(ps.Proposals))
	for i, p := range ps.Proposals {
		p.Lines = slices.Clone(p.Lines)
		p.Seen = slices.Clone(p.Seen)
		p.Partials = slices.Clone(p.Partials)
		out.Proposals[i] = p
	}
	out.Unmatched = slices.Clone(ps.Unmatched)
	return out
}

// hrev266States renders the payment state of every document by its
// number (numbers are the same on two books filled the same way, ids are
// not).
func hrev266States(t testing.TB, f *fixture, docs []journal.Entry) string {
	t.Helper()
	var out []string
	for _, x := range docs {
		s := f.state(t, x)
		out = append(out, fmt.Sprintf("%s %v %s/%s", x.Name(), s.State, s.Residual, s.Total))
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// Pins: proposals a caller keeps from Propose stay as returned while the
// Reconciler proposes again for other scopes (the proposer's arrays are
// its own per call), and Apply of the kept proposals records exactly the
// partials they planned (Proposal doc: "the partials Apply would record,
// in order").
func TestHrev266KeptProposalsSurviveLaterProposeAndApplyAsPlanned(t *testing.T) {
	t.Parallel()
	f := newFixture(t, storetest.Owning(storetest.Twice(memstore.New())))
	hrev266Fill(t, f)
	one := propose(t, f, reconcile.Scope{Partners: []string{"C1"}}, reconcile.Rules{})
	two := propose(t, f, reconcile.Scope{Partners: []string{"C2"}}, reconcile.Rules{})
	require.GreaterOrEqual(t, len(one.Proposals), 6)
	oneWas, twoWas := hrev266Clone(one), hrev266Clone(two)
	propose(t, f, customers, reconcile.Rules{})
	propose(t, f, reconcile.Scope{Partners: []string{"C3", "C1"}}, reconcile.Rules{})
	require.Equal(t, oneWas, one)
	require.Equal(t, twoWas, two)
	for _, kept := range []reconcile.Proposals{one, two} {
		applied, err := f.rec.Apply(ctx, journal.NoID, kept.Proposals)
		require.NoError(t, err)
		require.Len(t, applied.Outcomes, len(kept.Proposals))
		for i, o := range applied.Outcomes {
			require.NoError(t, o.Err, "proposal %d", i)
			var got []string
			for _, p := range o.Partials {
				got = append(got, fmt.Sprint(p.Debit, p.Credit, p.Amount))
			}
			var want []string
			for _, p := range kept.Proposals[i].Partials {
				if p.WriteOff {
					continue // the write-off line is posted by Apply: its ref is not known before
				}
				want = append(want, fmt.Sprint(p.Debit, p.Credit, p.Amount))
			}
			require.Subset(t, got, want, "proposal %d: %s", i, kept.Proposals[i].Reason)
		}
	}
	require.Equal(t, oneWas, one, "Apply must not change the caller's proposals")
	f.check(t)
}

// Pins: appending to one proposal's Lines, Seen and Partials, and writing
// over every element of them, changes no other proposal (Proposal doc:
// "appending to one copies it, and writing an element changes no other
// proposal").
func TestHrev266AppendToAProposalLeavesTheOthers(t *testing.T) {
	t.Parallel()
	f := newFixture(t, memstore.New())
	hrev266Fill(t, f)
	ps := propose(t, f, customers, reconcile.Rules{})
	require.Greater(t, len(ps.Proposals), 10)
	was := hrev266Clone(ps)
	junk := journal.LineRef{Entry: journal.NewID(), Index: 7}
	for i := range ps.Proposals {
		p := &ps.Proposals[i]
		_ = append(p.Lines, junk)
		_ = append(p.Seen, ledger.Residual{})
		_ = append(p.Partials, reconcile.PlannedPartial{Debit: junk, Amount: e("1.00")})
		// and an element written, then set back, of the next one only
		if i+1 < len(ps.Proposals) {
			q := &ps.Proposals[i+1]
			old := q.Lines[0]
			q.Lines[0] = junk
			for j := range ps.Proposals {
				if j != i+1 {
					require.Equal(t, was.Proposals[j].Lines, ps.Proposals[j].Lines, "proposal %d changed by a write to %d", j, i+1)
				}
			}
			q.Lines[0] = old
		}
	}
	require.Equal(t, was, ps)
}

// hrev266Poison wraps a store so that every value and key a transaction
// reads is a copy of its own, overwritten once the transaction has ended:
// what the book keeps of a read past its transaction (store.Tx.Get: "The
// value is valid only until the transaction ends"; DESIGN §3) shows as
// garbage, as it would on bbolt once its file is remapped.
type hrev266Poison struct{ store.Store }

type hrev266PoisonTx struct {
	store.Tx
	mu   sync.Mutex
	read *[][]byte
}

func (p hrev266Poison) wrap(fn func(store.Tx) error, read *[][]byte) func(store.Tx) error {
	return func(tx store.Tx) error {
		return fn(&hrev266PoisonTx{Tx: tx, read: read})
	}
}

func hrev266PoisonAll(read [][]byte) {
	for _, b := range read {
		for i := range b {
			b[i] = 0xA5
		}
	}
}

func (p hrev266Poison) View(ctx context.Context, fn func(store.Tx) error) error {
	var read [][]byte
	err := p.Store.View(ctx, p.wrap(fn, &read))
	hrev266PoisonAll(read)
	return err
}

func (p hrev266Poison) Update(ctx context.Context, fn func(store.Tx) error) error {
	var read [][]byte
	err := p.Store.Update(ctx, p.wrap(fn, &read))
	hrev266PoisonAll(read)
	return err
}

func (t *hrev266PoisonTx) keep(b []byte) []byte {
	if b == nil {
		return nil
	}
	c := bytes.Clone(b)
	t.mu.Lock()
	*t.read = append(*t.read, c)
	t.mu.Unlock()
	return c
}

func (t *hrev266PoisonTx) Get(bucket, key []byte) ([]byte, error) {
	v, err := t.Tx.Get(bucket, key)
	if err != nil {
		return v, err
	}
	return t.keep(v), nil
}

func (t *hrev266PoisonTx) Scan(bucket, from, to []byte, reverse bool, fn func(k, v []byte) error) error {
	return t.Tx.Scan(bucket, from, to, reverse, func(k, v []byte) error {
		return fn(t.keep(k), t.keep(v))
	})
}

// hrev266Run fills a book on st and letters it with AutoLetter in chunks
// of chunk proposals (the Reconciler proposing ahead on its other
// goroutine), then Checks it and returns its summary and states.
func hrev266Run(t *testing.T, st store.Store, chunk int) (string, string) {
	t.Helper()
	f := newFixture(t, st)
	docs := hrev266Fill(t, f)
	reconcile.SetAutoChunk(t, chunk)
	var lettered []reconcile.Proposal
	sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers, Lettered: func(p reconcile.Proposal) {
		lettered = append(lettered, p)
	}})
	require.NoError(t, err)
	require.NoError(t, f.book.Check(ctx))
	require.NoError(t, f.book.Verify(ctx))
	sum.Operation = journal.NoID
	var ls []string
	for _, p := range lettered {
		ls = append(ls, fmt.Sprintf("%s %s %d lines %d partials %s", p.Partner, p.Rule, len(p.Lines), len(p.Partials), p.WriteOff))
	}
	return fmt.Sprintf("%+v\n%s", sum, strings.Join(ls, "\n")), hrev266States(t, f, docs)
}

// Pins: AutoLetter run a proposal a chunk (the proposer running ahead,
// the apply lending its arrays chunk to chunk) on a store whose reads are
// poisoned once their transaction ends, and on bbolt, letters exactly what
// one chunk letters, Check and Verify clean (AutoLetter doc: chunks bound
// memory, they do not change what is lettered).
func TestHrev266AutoLetterChunkedOnPoisonedReadsEqualsOneChunk(t *testing.T) {
	// Not parallel: SetAutoChunk changes the whole process (helpers_test.go).
	wantSum, wantStates := hrev266Run(t, memstore.New(), 100000)
	require.Contains(t, wantStates, "paid")
	for name, open := range map[string]func() store.Store{
		"poisoned-owning-twice-memstore": func() store.Store {
			return hrev266Poison{storetest.Owning(storetest.Twice(memstore.New()))}
		},
		"boltstore": func() store.Store {
			st, err := boltstore.Open(filepath.Join(t.TempDir(), "b.db"), boltstore.Options{NoSync: true})
			require.NoError(t, err)
			t.Cleanup(func() { st.Close() })
			return st
		},
		"boltstore-wb": func() store.Store {
			st, err := boltstore.Open(filepath.Join(t.TempDir(), "b.db"), boltstore.Options{NoSync: true, WriteBehind: true, WriteBehindMax: 8})
			require.NoError(t, err)
			t.Cleanup(func() { st.Close() })
			return st
		},
	} {
		t.Run(name, func(t *testing.T) {
			for _, chunk := range []int{1, 3} {
				gotSum, gotStates := hrev266Run(t, open(), chunk)
				require.Equal(t, wantStates, gotStates, "chunk %d", chunk)
				require.Equal(t, wantSum, gotSum, "chunk %d", chunk)
			}
		})
	}
}

// Pins: on one Reconciler and Book, AutoLetter per partner (disjoint),
// AutoLetter and Propose+Apply on the same partners, posting, the aged
// balance and the trial balance all at once end with a clean Check and
// exactly the states of a serial run (DESIGN §1 "impossible to corrupt";
// a line is lettered at most once whoever letters it: the loser's
// proposals are stale, reported, not applied).
func TestHrev266ConcurrentLetteringEqualsSerial(t *testing.T) {
	t.Parallel()
	serial := newFixture(t, memstore.New())
	sdocs := hrev266Fill(t, serial)
	_, err := serial.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
	require.NoError(t, err)
	serial.bill(t, "S1", d(4, 1), "10.00")
	want := hrev266States(t, serial, sdocs)

	f := newFixture(t, storetest.Owning(memstore.New()))
	docs := hrev266Fill(t, f)
	kept := propose(t, f, reconcile.Scope{Partners: []string{"C3"}}, reconcile.Rules{})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	run := func(fn func() error) {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- fn() }()
	}
	for _, p := range []string{"C1", "C2", "C3", "C1"} {
		run(func() error {
			_, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Partners: []string{p}}})
			return err
		})
	}
	run(func() error { _, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers}); return err })
	run(func() error { _, err := f.rec.Apply(ctx, journal.NoID, kept.Proposals); return err })
	run(func() error { _, err := f.rec.Propose(ctx, customers, reconcile.Rules{}); return err })
	run(func() error {
		_, err := f.book.Post(ctx, journal.Entry{Journal: "AC", Date: d(4, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "401000", Partner: "S1", Balance: e("-10.00")}, {Account: "607000", Balance: e("10.00")}}})
		return err
	})
	run(func() error { _, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(12, 31)}); return err })
	run(func() error { _, err := f.book.TrialBalance(ctx, d(12, 31)); return err })
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.NoError(t, f.book.Check(ctx))
	require.Equal(t, want, hrev266States(t, f, docs))
	// and a last run finds nothing left
	again, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
	require.NoError(t, err)
	require.Zero(t, again.Applied)
}
