package reconcile_test

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

var (
	modelSeed  = flag.Uint64("seed", 0, "seed of TestRandomizedLettering (0: time-based, printed)")
	modelSteps = flag.Int("steps", 150, "steps of TestRandomizedLettering per store, and the rounds of the other randomized tests (-steps 500 or more for a long run)")
)

// testSeed returns -seed, or a time-based seed, and logs how to replay it.
func testSeed(t *testing.T) uint64 {
	seed := *modelSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (go test ./reconcile -run '^%s$' -seed %d)", seed, t.Name(), seed)
	return seed
}

// TestRandomizedLettering applies random invoices, credit notes, payments,
// letterings, detaches, unletterings and retries to a Reconciler and to a
// reference model of cents that imports neither ledger nor reconcile, and
// after every step checks DESIGN §7 invariants 5–8 and 10: residuals are
// balance minus live partials and never flip sign, partials link a debit
// and a credit of one partner, matched lines are at zero under codes never
// reused, generated entries are reversed with their partials (Check), a
// lettering allocates exactly min(Σ debits, Σ credits), and undoing a
// fresh lettering restores every residual exactly. Replay a failure with
// -seed.
func TestRandomizedLettering(t *testing.T) {
	t.Parallel()
	seed := testSeed(t)
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s.Open(t))
			m := &model{t: t, f: f, r: rand.New(rand.NewPCG(seed, 7)), lines: map[journal.LineRef]*mline{},
				live: map[journal.ID]*mpartial{}, codes: map[string]bool{}}
			for step := 0; step < *modelSteps; step++ {
				m.step = step
				m.do()
				m.verify()
			}
		})
	}
}

// mline is a receivable line as the model knows it, in cents.
type mline struct {
	ref     journal.LineRef
	partner string
	balance int64
}

type mpartial struct {
	id            journal.ID
	debit, credit journal.LineRef
	amount        int64
	writeOff      bool
	reversal      bool       // an entry lettered with its own reversal
	op            journal.ID // the operation that made it
}

type model struct {
	t     *testing.T
	f     *fixture
	r     *rand.Rand
	step  int
	lines map[journal.LineRef]*mline
	order []journal.LineRef // lines in creation order, for reproducible picks
	live  map[journal.ID]*mpartial
	codes map[string]bool // partner/code ever given
	ops   []retry
}

// retry is an operation the model may send again under the same id.
type retry struct {
	run    func(changed bool) (reconcile.Result, error)
	result reconcile.Result
}

var modelPartners = []string{"C1", "C2", "C3"}

func (m *model) fail(format string, args ...any) {
	m.t.Helper()
	m.t.Fatalf("step %d: %s", m.step, fmt.Sprintf(format, args...))
}

func cents(a currency.Amount) int64 { n, _ := a.MinorUnits(); return n }

func (m *model) residual(ref journal.LineRef) int64 {
	r := m.lines[ref].balance
	for _, p := range m.live {
		if p.debit == ref {
			r -= p.amount
		}
		if p.credit == ref {
			r += p.amount
		}
	}
	return r
}

// addEntries records the receivable lines of posted entries.
func (m *model) addEntries(es []journal.Entry) {
	for _, e := range es {
		for i, l := range e.Lines {
			if l.Account == "411000" {
				ref := e.LineRef(i)
				m.lines[ref] = &mline{ref: ref, partner: l.Partner, balance: cents(l.Balance)}
				m.order = append(m.order, ref)
			}
		}
	}
}

// apply folds an operation's result into the model, checking invariant 6
// on each new partial and that no code is given twice.
func (m *model) apply(res reconcile.Result) {
	m.addEntries(res.Entries)
	for _, p := range res.UndonePartial {
		if _, ok := m.live[p.ID]; !ok {
			m.fail("undid partial %s the model does not hold live", p.ID)
		}
		delete(m.live, p.ID)
	}
	for _, p := range res.Partials {
		d, c := m.lines[p.Debit], m.lines[p.Credit]
		if d == nil || c == nil || d.partner != c.partner || d.balance <= 0 || c.balance >= 0 {
			m.fail("partial %s does not link a debit and a credit of one partner", p.ID)
		}
		m.live[p.ID] = &mpartial{id: p.ID, debit: p.Debit, credit: p.Credit, amount: cents(p.Amount),
			writeOff: p.Kind == journal.KindWriteOff, reversal: p.Kind == journal.KindReversal, op: p.Operation}
	}
	for _, mt := range res.Matches {
		k := mt.Partner + "/" + mt.Code
		if m.codes[k] {
			m.fail("code %s given twice", k)
		}
		m.codes[k] = true
	}
}

// verify checks invariants 5 and 7 against the book.
func (m *model) verify() {
	err := m.f.book.View(ctx, func(tx *ledger.Tx) error {
		for _, ref := range m.order {
			r, err := tx.Residual(ref)
			if err != nil {
				return err
			}
			got, want, bal := cents(r.Balance), m.residual(ref), m.lines[ref].balance
			if got != want {
				m.fail("residual of %s is %d, model says %d", ref, got, want)
			}
			if got*bal < 0 || abs(got) > abs(bal) {
				m.fail("residual %d of %s passes its balance %d", got, ref, bal)
			}
			if mt, in, err := tx.MatchOf(ref); err != nil {
				return err
			} else if in && got != 0 {
				m.fail("line %s in match %s has residual %d", ref, mt.Code, got)
			}
		}
		return nil
	})
	require.NoError(m.t, err)
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

func (m *model) amount() currency.Amount { return currency.FromMinor(eur, 1+m.r.Int64N(50000)) }

func (m *model) date() journal.Date { return d(time.Month(1+m.r.IntN(12)), 1+m.r.IntN(28)) }

// openLines returns the unmatched lines of a partner with a residual.
func (m *model) openLines(partner string) []journal.LineRef {
	var out []journal.LineRef
	for _, ref := range m.order {
		if m.lines[ref].partner == partner && m.residual(ref) != 0 {
			out = append(out, ref)
		}
	}
	return out
}

func (m *model) lettered() []journal.LineRef {
	var out []journal.LineRef
	for _, ref := range m.order {
		for _, p := range m.live {
			if p.debit == ref || p.credit == ref {
				out = append(out, ref)
				break
			}
		}
	}
	return out
}

func (m *model) do() {
	partner := modelPartners[m.r.IntN(len(modelPartners))]
	switch n := m.r.IntN(100); {
	case n < 20:
		x := journal.Entry{Journal: "VT", Date: m.date(), Type: journal.TypeInvoice}
		a := m.amount()
		if m.r.IntN(4) == 0 {
			x.Type, a = journal.TypeCreditNote, a.Neg()
		}
		x.Lines = []journal.Line{{Account: "411000", Partner: partner, Balance: a}, {Account: "706000", Balance: a.Neg()}}
		m.addEntries([]journal.Entry{m.f.post(m.t, x)})
	case n < 30:
		m.pay(partner)
	case n < 33:
		m.refund(partner)
	case n < 40:
		m.nearPayment(partner)
	case n < 65:
		m.letter(partner)
	case n < 75:
		m.undo(false)
	case n < 82:
		m.undo(true)
	case n < 90:
		m.letterThenUndo(partner)
	default:
		m.retry()
	}
}

func (m *model) pay(partner string) {
	open := m.openLines(partner)
	var invoices []journal.ID
	owed := int64(0)
	for _, ref := range open {
		if m.lines[ref].balance > 0 && len(invoices) < 2 && m.r.IntN(2) == 0 && !slices.Contains(invoices, ref.Entry) {
			invoices = append(invoices, ref.Entry)
		}
	}
	for _, ref := range open {
		if slices.Contains(invoices, ref.Entry) && m.lines[ref].balance > 0 {
			owed += m.residual(ref)
		}
	}
	amount, date := m.amount(), m.date()
	id := journal.NewID()
	run := func(changed bool) (reconcile.Result, error) {
		p := reconcile.Payment{Operation: id, Direction: reconcile.Inbound, Partner: partner, Journal: "BQD", Date: date,
			Amount: amount, Method: reconcile.MethodTransfer, Invoices: invoices}
		if changed {
			p.Amount = currency.FromMinor(eur, cents(amount)+1)
		}
		return m.f.rec.RegisterPayment(ctx, p)
	}
	res, err := run(false)
	if err != nil {
		m.fail("payment: %v", err)
	}
	m.apply(res)
	if len(invoices) > 0 {
		if got, want := allocated(res), min(owed, cents(amount)); got != want {
			m.fail("payment of %d on %d owed allocated %d", cents(amount), owed, got)
		}
	}
	m.ops = append(m.ops, retry{run: run, result: res})
}

// refund pays a random open credit note of the partner back, in part or in
// full, or for more than it owes (refused, nothing written).
func (m *model) refund(partner string) {
	var note journal.LineRef
	found := false
	for _, ref := range m.openLines(partner) {
		e, err := m.f.book.Entry(ctx, ref.Entry)
		require.NoError(m.t, err)
		if e.Type == journal.TypeCreditNote && m.residual(ref) < 0 {
			note, found = ref, true
		}
	}
	if !found {
		return
	}
	owed := -m.residual(note)
	amount := 1 + m.r.Int64N(owed)
	if m.r.IntN(4) == 0 {
		amount = owed
	}
	over := m.r.IntN(6) == 0
	if over {
		amount = owed + 1 + m.r.Int64N(100)
	}
	before := m.f.snapshot(m.t)
	res, err := m.f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: partner, Journal: "BQD",
		Date: m.date(), Amount: currency.FromMinor(eur, amount), Method: reconcile.MethodTransfer, Invoices: []journal.ID{note.Entry}})
	if over {
		if !errors.Is(err, reconcile.ErrOverAllocation) {
			m.fail("refund of %d on %d owed: %v", amount, owed, err)
		}
		m.f.unchanged(m.t, before)
		return
	}
	if err != nil {
		m.fail("refund of %d on %d owed: %v", amount, owed, err)
	}
	m.apply(res)
	if got := allocated(res); got != amount {
		m.fail("refund of %d on %d owed allocated %d", amount, owed, got)
	}
}

func allocated(res reconcile.Result) int64 {
	var sum int64
	for _, p := range res.Partials {
		if p.Kind != journal.KindWriteOff {
			sum += cents(p.Amount)
		}
	}
	return sum
}

// nearPayment pays an open invoice within a few cents and letters both with
// a write-off, which must close the group.
func (m *model) nearPayment(partner string) {
	var inv journal.LineRef
	found := false
	for _, ref := range m.openLines(partner) {
		if r := m.residual(ref); r > 10 {
			inv, found = ref, true
		}
	}
	if !found {
		return
	}
	owed := m.residual(inv)
	paid := owed + m.r.Int64N(11) - 5
	res, err := m.f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: partner, Journal: "BQD",
		Date: m.date(), Amount: currency.FromMinor(eur, paid), Method: reconcile.MethodCash})
	if err != nil {
		m.fail("near payment: %v", err)
	}
	m.apply(res)
	pay := res.Entries[0].LineRef(0)
	id := journal.NewID()
	run := func(changed bool) (reconcile.Result, error) {
		return m.f.rec.Reconcile(ctx, reconcile.Request{Operation: id, Lines: []journal.LineRef{inv, pay}, WriteOff: !changed})
	}
	res, err = run(false)
	if err != nil {
		m.fail("letter with write-off: %v", err)
	}
	m.apply(res)
	closed := true // the match comes when the whole connected group is at zero
	for _, id := range m.component(inv) {
		p := m.live[id]
		closed = closed && m.residual(p.debit) == 0 && m.residual(p.credit) == 0
	}
	if wantWO := paid != owed; (len(res.Entries) == 1) != wantWO || (len(res.Matches) == 1) != closed {
		m.fail("paying %d on %d: %d write-off entries, %d matches (group closed: %v)", paid, owed, len(res.Entries), len(res.Matches), closed)
	}
	m.ops = append(m.ops, retry{run: run, result: res})
}

// letter letters 2–4 random open lines of a partner and checks the total
// allocated, or the refusal.
func (m *model) letter(partner string) {
	open := m.openLines(partner)
	m.r.Shuffle(len(open), func(i, j int) { open[i], open[j] = open[j], open[i] })
	if len(open) < 2 {
		return
	}
	pick := open[:min(len(open), 2+m.r.IntN(3))]
	var debit, credit int64
	for _, ref := range pick {
		if r := m.residual(ref); r > 0 {
			debit += r
		} else {
			credit -= r
		}
	}
	writeOff := m.r.IntN(3) == 0
	id := journal.NewID()
	run := func(changed bool) (reconcile.Result, error) {
		return m.f.rec.Reconcile(ctx, reconcile.Request{Operation: id, Lines: pick, WriteOff: writeOff != changed})
	}
	res, err := run(false)
	switch {
	case (debit == 0 || credit == 0) && !writeOff:
		if !errors.Is(err, reconcile.ErrNothingToLetter) {
			m.fail("lettering only debits or credits: %v", err)
		}
		return
	case writeOff && abs(debit-credit) > 5:
		if !errors.Is(err, reconcile.ErrTolerance) {
			m.fail("write-off of %d: %v", abs(debit-credit), err)
		}
		return
	case errors.Is(err, reconcile.ErrMatched):
		return // a zero-residual line of a match cannot be picked: openLines skips them
	case err != nil:
		m.fail("letter: %v", err)
	}
	m.apply(res)
	if got := allocated(res); got != min(debit, credit) {
		m.fail("lettering %d against %d allocated %d", debit, credit, got)
	}
	if writeOff {
		for _, ref := range pick {
			if r := m.residual(ref); r != 0 {
				m.fail("written off, %s still has %d", ref, r)
			}
		}
	}
	m.ops = append(m.ops, retry{run: run, result: res})
}

// undo detaches (or unletters the group of) a random lettered line and
// checks that exactly the expected partials were undone.
func (m *model) undo(group bool) {
	lettered := m.lettered()
	if len(lettered) == 0 {
		return
	}
	ref := lettered[m.r.IntN(len(lettered))]
	want := map[journal.ID]bool{}
	if group {
		for _, id := range m.component(ref) {
			want[id] = true
		}
	} else {
		for _, p := range m.live {
			if p.debit == ref || p.credit == ref {
				want[p.id] = true
			}
		}
		// A write-off that completed a match belongs to the match: any
		// detach from it undoes it. One made earlier, in the group still
		// open, belongs to the line it closed: undoing a partial of that
		// line undoes it (Detach's godoc, h-rev197). So for every line an
		// undone partial touches, its own write-offs and those of its
		// match's completing operation.
		matchOp := func(l journal.LineRef) (op journal.ID, in bool) {
			_ = m.f.book.View(ctx, func(tx *ledger.Tx) error {
				mt, ok, _ := tx.MatchOf(l)
				op, in = mt.Operation, ok
				return nil
			})
			return op, in
		}
		seen := map[journal.LineRef]bool{}
		for grew := true; grew; {
			grew = false
			for id := range want {
				p := m.live[id]
				for _, side := range []journal.LineRef{p.debit, p.credit} {
					if seen[side] {
						continue
					}
					seen[side] = true
					var wos []journal.ID
					for _, q := range m.live {
						if q.writeOff && (q.debit == side || q.credit == side) {
							wos = append(wos, q.id)
						}
					}
					if op, in := matchOp(side); in {
						for _, c := range m.component(side) {
							if m.live[c].writeOff && m.live[c].op == op {
								wos = append(wos, c)
							}
						}
					}
					for _, w := range wos {
						if !want[w] {
							want[w], grew = true, true
						}
					}
				}
			}
		}
	}
	id := journal.NewID()
	run := func(changed bool) (reconcile.Result, error) {
		if group != changed {
			return m.f.rec.Unletter(ctx, id, ref)
		}
		return m.f.rec.Detach(ctx, id, ref)
	}
	res, err := run(false)
	pair := false
	for id := range want {
		pair = pair || m.live[id].reversal
	}
	if pair {
		if !errors.Is(err, reconcile.ErrReversalPair) {
			m.fail("undo (group %v) of a reversal pair %s: %v", group, ref, err)
		}
		return
	}
	if err != nil {
		m.fail("undo (group %v) of %s: %v", group, ref, err)
	}
	got := map[journal.ID]bool{}
	for _, p := range res.UndonePartial {
		got[p.ID] = true
	}
	for id := range want {
		if !got[id] {
			m.fail("undo (group %v) of %s kept partial %s", group, ref, id)
		}
	}
	for id := range got {
		if !want[id] {
			m.fail("undo (group %v) of %s undid partial %s", group, ref, id)
		}
	}
	m.apply(res)
	m.ops = append(m.ops, retry{run: run, result: res})
}

// component returns the live partials connected to ref.
func (m *model) component(ref journal.LineRef) []journal.ID {
	seen := map[journal.LineRef]bool{ref: true}
	queue := []journal.LineRef{ref}
	var out []journal.ID
	taken := map[journal.ID]bool{}
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		for _, p := range m.live {
			if (p.debit == r || p.credit == r) && !taken[p.id] {
				taken[p.id] = true
				out = append(out, p.id)
				for _, o := range []journal.LineRef{p.debit, p.credit} {
					if !seen[o] {
						seen[o] = true
						queue = append(queue, o)
					}
				}
			}
		}
	}
	return out
}

// letterThenUndo letters fresh lines and unletters them again: every
// residual must come back exactly (invariant 10).
func (m *model) letterThenUndo(partner string) {
	var fresh []journal.LineRef
	for _, ref := range m.openLines(partner) {
		if len(m.component(ref)) == 0 {
			fresh = append(fresh, ref)
		}
	}
	if len(fresh) < 2 {
		return
	}
	before := map[journal.LineRef]int64{}
	for _, ref := range m.order {
		before[ref] = m.residual(ref)
	}
	res, err := m.f.rec.Reconcile(ctx, reconcile.Request{Lines: fresh})
	if errors.Is(err, reconcile.ErrNothingToLetter) {
		return
	} else if err != nil {
		m.fail("letter fresh lines: %v", err)
	}
	m.apply(res)
	// Greedy pairing may leave several groups (two lines exhausted at once
	// start a new one): unletter each.
	for _, p := range res.Partials {
		if m.live[p.ID] == nil {
			continue
		}
		undo, err := m.f.rec.Unletter(ctx, journal.NoID, p.Debit)
		if err != nil {
			m.fail("unletter fresh lines: %v", err)
		}
		m.apply(undo)
	}
	m.verify()
	for ref, r := range before {
		if got := m.residual(ref); got != r {
			m.fail("undoing a lettering left %s at %d, it was %d", ref, got, r)
		}
	}
}

// retry sends an earlier operation again: the same request replays the
// stored result; a changed one conflicts.
func (m *model) retry() {
	if len(m.ops) == 0 {
		return
	}
	op := m.ops[m.r.IntN(len(m.ops))]
	changed := m.r.IntN(2) == 0
	res, err := op.run(changed)
	if changed {
		if !errors.Is(err, reconcile.ErrIdempotencyConflict) {
			m.fail("changed retry: %v", err)
		}
		return
	}
	if err != nil || !res.Replay || len(res.Partials) != len(op.result.Partials) ||
		len(res.UndonePartial) != len(op.result.UndonePartial) {
		m.fail("retry: replay %v, err %v", res.Replay, err)
	}
	for i := range res.Partials {
		if res.Partials[i].ID != op.result.Partials[i].ID {
			m.fail("retry returned other partials")
		}
	}
}
