package reconcile_test

// Review h-rev36: a differential test of Propose's amount rules (exact
// amount, combination and its zero-balance pass, tolerance) against a
// brute-force model written from their documentation (reconcile/doc.go,
// type Rule in autoscope.go, DESIGN §11), on small random books of one
// customer in euros, with no references.

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

var (
	hrev36Seed  = flag.Uint64("hrev36seed", 0, "replay one book of TestHrev36RandomizedRules (its seed)")
	hrev36Books = flag.Int("hrev36books", 200, "books of TestHrev36RandomizedRules (its last runs: 1000 and 3000, clean)")
)

// h36Item is an open item of the model, in cents.
type h36Item struct {
	ref       journal.LineRef
	number    string
	payer     bool // a credit on 411000: a receipt or a credit note
	note      bool // a credit note
	amt       int64
	rank      int // its place in (due, sequence, line) order on its side
	taken     bool
	ambiguous bool // rule 2 found a tie for it
}

func (it *h36Item) String() string { return fmt.Sprintf("%s(%s)", it.number, h36Cents(it.amt)) }

func h36Cents(n int64) string {
	s := ""
	if n < 0 {
		s, n = "-", -n
	}
	return fmt.Sprintf("%s%d.%02d", s, n/100, n%100)
}

type h36Model struct {
	payers, targets []*h36Item // each in due order
	byRef           map[journal.LineRef]*h36Item
	size            int
	tol             int64
	woOver          bool
	problems        []string
	kinds           map[string]bool
	observations    []string
}

func (m *h36Model) bad(kind, format string, args ...any) {
	m.problems = append(m.problems, kind+": "+fmt.Sprintf(format, args...))
	m.kinds[kind] = true
}

func open36(cs []*h36Item) []*h36Item {
	var out []*h36Item
	for _, c := range cs {
		if !c.taken {
			out = append(out, c)
		}
	}
	return out
}

func sum36(cs []*h36Item) int64 {
	var s int64
	for _, c := range cs {
		s += c.amt
	}
	return s
}

func abs36(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// subsets calls fn with every subset of cs of minN to maxN items, in the
// order of cs; fn returns false to stop.
func subsets36(cs []*h36Item, minN, maxN int, fn func([]*h36Item) bool) {
	for mask := 1; mask < 1<<len(cs); mask++ {
		var s []*h36Item
		for i, c := range cs {
			if mask&(1<<i) != 0 {
				s = append(s, c)
			}
		}
		if len(s) >= minN && len(s) <= maxN && !fn(s) {
			return
		}
	}
}

func names36(cs []*h36Item) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.String())
	}
	return strings.Join(s, "+")
}

// newModel36 reads C1's open items on 411000.
func newModel36(t *testing.T, f *fixture, size int, tol int64, woOver bool) *h36Model {
	var items []ledger.OpenItem
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		var err error
		items, err = tx.OpenItems("411000", "C1")
		return err
	}))
	type keyed struct {
		it  *h36Item
		oi  ledger.OpenItem
		due journal.Date
	}
	var ps, ts []keyed
	m := &h36Model{byRef: map[journal.LineRef]*h36Item{}, size: size, tol: tol, woOver: woOver, kinds: map[string]bool{}}
	for _, oi := range items {
		n := signedMinor(oi.Residual.Balance)
		it := &h36Item{ref: oi.Ref, number: oi.Number, payer: n < 0, note: oi.Type == journal.TypeCreditNote, amt: abs36(n)}
		due := oi.DueDate
		if due.IsZero() {
			due = oi.Date
		}
		m.byRef[oi.Ref] = it
		if it.payer {
			ps = append(ps, keyed{it, oi, due})
		} else {
			ts = append(ts, keyed{it, oi, due})
		}
	}
	order := func(ks []keyed) []*h36Item {
		sort.Slice(ks, func(i, j int) bool {
			a, b := ks[i], ks[j]
			if c := a.due.Compare(b.due); c != 0 {
				return c < 0
			}
			if a.oi.Seq != b.oi.Seq {
				return a.oi.Seq < b.oi.Seq
			}
			return a.oi.Ref.Index < b.oi.Ref.Index
		})
		out := make([]*h36Item, len(ks))
		for i, k := range ks {
			k.it.rank = i
			out[i] = k.it
		}
		return out
	}
	m.payers, m.targets = order(ps), order(ts)
	return m
}

// split returns a proposal's lines as the model's payers and targets, in
// the proposal's order; nil when a line is no open item of the model.
func (m *h36Model) split(p *reconcile.Proposal) (ps, ts []*h36Item, ok bool) {
	for _, l := range p.Lines {
		it := m.byRef[l]
		if it == nil {
			return nil, nil, false
		}
		if it.payer {
			ps = append(ps, it)
		} else {
			ts = append(ts, it)
		}
	}
	return ps, ts, true
}

func take36(cs ...[]*h36Item) {
	for _, s := range cs {
		for _, c := range s {
			c.taken = true
		}
	}
}

// notesFor are the open credit notes rule 2 found no tie for, other than p.
func (m *h36Model) notesFor(p *h36Item) []*h36Item {
	var out []*h36Item
	for _, c := range open36(m.payers) {
		if c != p && c.note && !c.ambiguous {
			out = append(out, c)
		}
	}
	return out
}

// docsSet finds a set of 2..size items (docs alone) summing to amt
// within [lo, hi], not to exclude; the first in due order.
func (m *h36Model) docsSet(docs []*h36Item, lo, hi, exclude int64) []*h36Item {
	var found []*h36Item
	subsets36(docs, 2, m.size, func(s []*h36Item) bool {
		if v := sum36(s); v >= lo && v <= hi && v != exclude {
			found = s
			return false
		}
		return true
	})
	return found
}

// netSet finds documents and credit notes, at most size together, at
// least one of each, the documents summing to amt plus the notes within
// tol.
func (m *h36Model) netSet(docs, notes []*h36Item, amt, tol int64) (set, net []*h36Item) {
	subsets36(notes, 1, m.size-1, func(ns []*h36Item) bool {
		want := amt + sum36(ns)
		subsets36(docs, 1, m.size-len(ns), func(ds []*h36Item) bool {
			if abs36(sum36(ds)-want) <= tol {
				set, net = ds, ns
				return false
			}
			return true
		})
		return set == nil
	})
	return set, net
}

// dominated reports a set of the same size and sum as chosen among cs
// that is earlier in due order item by item (the documented preference
// for the earliest due dates among equal sums).
func (m *h36Model) dominated(chosen, cs []*h36Item) []*h36Item {
	ranks := func(s []*h36Item) []int {
		var r []int
		for _, c := range s {
			r = append(r, c.rank)
		}
		slices.Sort(r)
		return r
	}
	rc, want := ranks(chosen), sum36(chosen)
	var found []*h36Item
	subsets36(cs, len(chosen), len(chosen), func(s []*h36Item) bool {
		if sum36(s) != want {
			return true
		}
		rs := ranks(s)
		if slices.Equal(rs, rc) {
			return true
		}
		for i := range rs {
			if rs[i] > rc[i] {
				return true
			}
		}
		found = s
		return false
	})
	return found
}

func lastPayer(ps []*h36Item, p *h36Item) bool { return len(ps) > 0 && ps[len(ps)-1] == p }

func allNotes(ps []*h36Item) bool {
	for _, c := range ps {
		if !c.note {
			return false
		}
	}
	return true
}

// run checks the proposals against the documented rules, in their order,
// following the engine's choices where the documentation leaves one.
func (m *h36Model) run(props []reconcile.Proposal) {
	byRule := map[reconcile.Rule][]*reconcile.Proposal{}
	seen := map[journal.LineRef]bool{}
	last := reconcile.Rule(0)
	for i := range props {
		p := &props[i]
		if p.Rule < last {
			m.bad("order", "proposal %d (%s) after a %s one", i, p.Rule, last)
		}
		last = p.Rule
		for _, l := range p.Lines {
			if seen[l] {
				m.bad("twice", "line %v in two proposals", l)
			}
			seen[l] = true
		}
		if _, _, ok := m.split(p); !ok {
			m.bad("foreign", "proposal %d names a line that is no open item: %s", i, p.Reason)
			return
		}
		if p.Account != "411000" || p.Partner != "C1" || p.Currency != eur {
			m.bad("foreign", "proposal %d on %s/%s in %s", i, p.Account, p.Partner, p.Currency)
		}
		byRule[p.Rule] = append(byRule[p.Rule], p)
	}
	for _, r := range []reconcile.Rule{reconcile.RuleReference, reconcile.RuleOldestFirst} {
		for _, p := range byRule[r] {
			m.bad("rule", "a %s proposal in a book without references or oldest first: %s", r, p.Reason)
		}
	}

	// Rule 2: a payment and a document of one amount, each the other's
	// only candidate; otherwise a payment with a candidate is ambiguous.
	var want2 [][2]*h36Item
	for _, p := range m.payers {
		var ts, ps []*h36Item
		for _, t := range m.targets {
			if t.amt == p.amt {
				ts = append(ts, t)
			}
		}
		for _, q := range m.payers {
			if q.amt == p.amt {
				ps = append(ps, q)
			}
		}
		switch {
		case len(ts) == 1 && len(ps) == 1:
			want2 = append(want2, [2]*h36Item{p, ts[0]})
		case len(ts) > 0:
			p.ambiguous = true
		}
	}
	got2 := byRule[reconcile.RuleExactAmount]
	for i, p := range got2 {
		ps, ts, _ := m.split(p)
		if len(ps) != 1 || len(ts) != 1 || ps[0].amt != ts[0].amt {
			m.bad("exact", "exact-amount proposal %s + %s", names36(ps), names36(ts))
		} else if i >= len(want2) || want2[i][0] != ps[0] || want2[i][1] != ts[0] {
			m.bad("exact", "exact-amount proposal %s = %s, the model's #%d is %v (the model's %d)", ps[0], ts[0], i, want2, len(want2))
		}
		if p.Confidence != reconcile.ExactAmount || p.WriteOff.IsSet() {
			m.bad("exact", "exact-amount proposal %s: confidence %s, write-off %v", p.Reason, p.Confidence, p.WriteOff)
		}
		take36(ps, ts)
	}
	if len(got2) < len(want2) {
		m.bad("exact", "%d exact-amount proposals, the model %d: %v", len(got2), len(want2), want2)
		for _, w := range want2 {
			take36(w[:])
		}
	}

	// Rule 3, documents a payment pays.
	// The zero-balance pass's proposals say so; they come last.
	var comb, zero []*reconcile.Proposal
	for _, p := range byRule[reconcile.RuleCombination] {
		if strings.Contains(p.Reason, "sum to zero") {
			zero = append(zero, p)
		} else {
			if len(zero) > 0 {
				m.bad("order", "a combination after the zero-balance pass: %s", p.Reason)
			}
			comb = append(comb, p)
		}
	}
	ci := 0
	for _, o := range m.payers {
		if o.taken || o.ambiguous {
			continue
		}
		var docs []*h36Item
		exact := false
		for _, t := range open36(m.targets) {
			if t.amt == o.amt {
				exact = true
			}
			if t.amt <= o.amt {
				docs = append(docs, t)
			}
		}
		var want, wantNet []*h36Item
		if !exact {
			if want = m.docsSet(docs, o.amt, o.amt, -1); want == nil {
				want, wantNet = m.netSet(open36(m.targets), m.notesFor(o), o.amt, 0)
			}
		}
		var got *reconcile.Proposal
		if ci < len(comb) {
			ps, ts, _ := m.split(comb[ci])
			if lastPayer(ps, o) && allNotes(ps[:len(ps)-1]) && len(ts) > 0 {
				got = comb[ci]
			}
		}
		if got == nil {
			if want != nil {
				m.bad("combination-missed", "payment %s: documents %s less %s sum to it, no combination proposed", o, names36(want), names36(wantNet))
			}
			continue
		}
		ci++
		ps, ts, _ := m.split(got)
		net := ps[:len(ps)-1]
		switch {
		case exact:
			m.bad("combination-exact", "payment %s has a document of exactly its amount open, combination %s proposed", o, got.Reason)
		case sum36(ts) != o.amt+sum36(net):
			m.bad("combination-sum", "payment %s: %s less %s do not sum to it", o, names36(ts), names36(net))
		case len(ts)+len(net) > m.size || len(net) == 0 && len(ts) < 2:
			m.bad("combination-size", "payment %s: %d documents, %d credit notes (size %d)", o, len(ts), len(net), m.size)
		case len(net) > 0 && m.docsSet(docs, o.amt, o.amt, -1) != nil:
			m.bad("combination-net", "payment %s: documents alone sum to it, proposed net of credit notes %s", o, got.Reason)
		}
		for _, c := range slices.Concat(ts, net) {
			if c.taken || c.ambiguous {
				m.bad("combination-taken", "payment %s: %s taken already or ambiguous", o, c)
			}
		}
		if len(net) == 0 {
			if d := m.dominated(ts, docs); d != nil {
				m.bad("combination-earliest", "payment %s: %s proposed, %s sums alike and is earlier due", o, names36(ts), names36(d))
			}
		}
		take36(ps, ts)
	}
	// Rule 3, payments that pay one document.
	for _, o := range m.targets {
		if o.taken {
			continue
		}
		var pays []*h36Item
		exact := false
		for _, q := range open36(m.payers) {
			if q.amt == o.amt {
				exact = true // "unless one ... payment of exactly its amount is open"
			}
			if !q.ambiguous && q.amt <= o.amt {
				pays = append(pays, q)
			}
		}
		var want []*h36Item
		if !exact {
			want = m.docsSet(pays, o.amt, o.amt, -1)
		}
		var got *reconcile.Proposal
		if ci < len(comb) {
			ps, ts, _ := m.split(comb[ci])
			// Not one with a payment rule 2 found a tie for: that is the
			// zero-balance pass's, which takes them.
			if len(ts) == 1 && ts[0] == o && len(ps) >= 2 && sum36(ps) == o.amt && !slices.ContainsFunc(ps, func(c *h36Item) bool { return c.ambiguous }) {
				got = comb[ci]
			}
		}
		if got == nil {
			if want != nil {
				m.bad("reversed-missed", "document %s: payments %s sum to it, no combination proposed", o, names36(want))
			}
			continue
		}
		ci++
		ps, _, _ := m.split(got)
		switch {
		case exact:
			var ex []*h36Item
			for _, q := range open36(m.payers) {
				if q.amt == o.amt {
					ex = append(ex, q)
				}
			}
			m.bad("reversed-exact", "document %s: payments %s proposed while %s of exactly its amount is open", o, names36(ps), names36(ex))
		case len(ps) > m.size:
			m.bad("combination-size", "document %s: %d payments (size %d)", o, len(ps), m.size)
		}
		for _, c := range ps {
			if c.taken || c.ambiguous {
				m.bad("combination-taken", "document %s: payment %s taken already or ambiguous", o, c)
			}
		}
		if d := m.dominated(ps, pays); d != nil {
			m.bad("combination-earliest", "document %s: %s proposed, %s sums alike and is earlier", o, names36(ps), names36(d))
		}
		take36(ps, []*h36Item{o})
	}
	for ; ci < len(comb); ci++ {
		gps, gts, _ := m.split(comb[ci])
		m.bad("combination-unexpected", "combination %s + %s not expected here: %s", names36(gps), names36(gts), comb[ci].Reason)
		take36(gps, gts)
	}
	// Rule 3's last pass: the partner's open items summing to zero.
	ps, ts := open36(m.payers), open36(m.targets)
	zi := 0
	if n := len(ps) + len(ts); len(ps) > 0 && len(ts) > 0 && n >= 3 && n <= m.size+1 && sum36(ps) == sum36(ts) {
		if zi < len(zero) {
			gps, gts, _ := m.split(zero[zi])
			if !slices.Equal(gps, ps) || !slices.Equal(gts, ts) {
				m.bad("zero", "zero balance: %s pay %s expected, proposed %s", names36(ps), names36(ts), zero[zi].Reason)
			}
			zi++
			take36(gps, gts)
		} else {
			m.bad("zero", "zero balance: %s pay %s, not proposed", names36(ps), names36(ts))
		}
	}
	for ; zi < len(zero); zi++ {
		gps, gts, _ := m.split(zero[zi])
		m.bad("zero-unexpected", "zero balance %s + %s not expected: %s", names36(gps), names36(gts), zero[zi].Reason)
		take36(gps, gts)
	}

	// Rule 5.
	tolp := byRule[reconcile.RuleTolerance]
	ti := 0
	for _, p := range m.payers {
		if p.taken || p.ambiguous {
			continue
		}
		// A document with another payment of exactly its amount open is
		// left to rule 2.
		paidExactly := func(t *h36Item) bool {
			for _, q := range open36(m.payers) {
				if q != p && q.amt == t.amt {
					return true
				}
			}
			return false
		}
		exact := false
		var cands, best []*h36Item
		bestDiff := int64(-1)
		for _, t := range open36(m.targets) {
			d := abs36(t.amt - p.amt)
			if d == 0 {
				exact = true
				continue
			}
			if paidExactly(t) {
				continue
			}
			cands = append(cands, t)
			if d > m.tol {
				continue
			}
			switch {
			case bestDiff < 0 || d < bestDiff:
				best, bestDiff = []*h36Item{t}, d
			case d == bestDiff:
				best = append(best, t)
			}
		}
		why := "" // why nothing may be proposed
		var wantOne *h36Item
		var wantSet, wantNet []*h36Item
		switch {
		case exact:
			why = "a document of exactly its amount is open"
		case len(best) > 1:
			why = "documents " + names36(best) + " are as close"
		case len(best) == 1:
			var rivals []*h36Item
			for _, q := range open36(m.payers) {
				if q != p && abs36(best[0].amt-q.amt) <= m.tol {
					rivals = append(rivals, q)
				}
			}
			if len(rivals) > 0 {
				why = fmt.Sprintf("document %s is within the tolerance of %s too", best[0], names36(rivals))
			} else {
				wantOne = best[0]
			}
		default:
			if wantSet = m.docsSet(cands, p.amt-m.tol, p.amt+m.tol, p.amt); wantSet == nil {
				wantSet, wantNet = m.netSet(cands, m.notesFor(p), p.amt, m.tol)
			}
		}
		var got *reconcile.Proposal
		if ti < len(tolp) {
			gps, gts, _ := m.split(tolp[ti])
			if lastPayer(gps, p) && allNotes(gps[:len(gps)-1]) && len(gts) > 0 {
				got = tolp[ti]
			}
		}
		if got == nil {
			switch {
			case wantOne != nil:
				m.bad("tolerance-missed", "payment %s: document %s alone within the tolerance (%s), nothing proposed", p, wantOne, h36Cents(m.tol))
			case wantSet != nil:
				m.bad("tolerance-missed", "payment %s: documents %s less %s within the tolerance, nothing proposed", p, names36(wantSet), names36(wantNet))
			}
			continue
		}
		ti++
		gps, gts, _ := m.split(got)
		net := gps[:len(gps)-1]
		paid, owed := p.amt+sum36(net), sum36(gts)
		switch {
		case why != "":
			m.bad("tolerance-"+strings.Fields(why)[0], "payment %s: %s proposed while %s", p, got.Reason, why)
		case abs36(paid-owed) > m.tol:
			m.bad("tolerance-far", "payment %s: %s beyond the tolerance", p, got.Reason)
		case wantOne != nil && (len(gts) != 1 || gts[0] != wantOne || len(net) > 0):
			m.bad("tolerance-choice", "payment %s: %s proposed, the one document within the tolerance is %s", p, got.Reason, wantOne)
		case wantOne == nil && len(gts)+len(net) < 2:
			m.bad("tolerance-choice", "payment %s: %s proposed, no document alone within the tolerance", p, got.Reason)
		case len(gts)+len(net) > m.size:
			m.bad("combination-size", "payment %s: %s, more than %d", p, got.Reason, m.size)
		case len(net) > 0 && m.docsSet(cands, p.amt-m.tol, p.amt+m.tol, p.amt) != nil:
			m.bad("tolerance-net", "payment %s: documents alone within the tolerance, proposed net of credit notes %s", p, got.Reason)
		}
		for _, c := range slices.Concat(gts, net) {
			if c.taken || c.ambiguous || !c.payer && paidExactly(c) {
				m.bad("tolerance-taken", "payment %s: %s taken already, ambiguous or paid exactly by another", p, c)
			}
		}
		writeOff := paid != owed && (paid < owed || m.woOver)
		if writeOff != got.WriteOff.IsSet() || writeOff && signedMinor(got.WriteOff) != abs36(paid-owed) {
			m.bad("tolerance-writeoff", "payment %s: paid %s for %s, write-off %v", p, h36Cents(paid), h36Cents(owed), got.WriteOff)
		}
		// Not documented, observed only: a nearer combination or document.
		{
			diff := abs36(paid - owed)
			var nearer []*h36Item
			subsets36(cands, 1, m.size, func(s []*h36Item) bool {
				if abs36(sum36(s)-p.amt) < diff && (len(s) > 1 || len(best) <= 1) {
					nearer = s
					return false
				}
				return true
			})
			if nearer != nil {
				m.observations = append(m.observations, fmt.Sprintf("payment %s: %s proposed (%s off), %s is nearer", p, names36(gts), h36Cents(diff), names36(nearer)))
			}
		}
		take36(gps, gts)
	}
	for ; ti < len(tolp); ti++ {
		gps, gts, _ := m.split(tolp[ti])
		m.bad("tolerance-unexpected", "tolerance proposal %s + %s not expected here: %s", names36(gps), names36(gts), tolp[ti].Reason)
	}
}

// h36Spec is one entry of a random book.
type h36Spec struct {
	kind string // "invoice", "note", "pay"
	day  int    // days after 1 January
	amt  int64
}

func (s h36Spec) String() string { return fmt.Sprintf("%s d%d %s", s.kind, s.day, h36Cents(s.amt)) }

// randomBook36 makes 2–7 invoices, 1–3 receipts and sometimes credit
// notes, amounts from a small set so that ties, sums and near sums are
// common, all within 104 days.
func randomBook36(r *rand.Rand) []h36Spec {
	base := []int64{2000, 3000, 5000, 7000, 8000, 10000, 15000}
	jig := func() int64 { return int64(1+r.IntN(5)) * int64(1-2*r.IntN(2)) }
	var specs []h36Spec
	var invs []int64
	for range 2 + r.IntN(6) {
		a := base[r.IntN(len(base))]
		if r.IntN(4) == 0 {
			a += jig()
		}
		invs = append(invs, a)
		specs = append(specs, h36Spec{"invoice", 3 * r.IntN(20), a})
	}
	var notes []int64
	if r.IntN(2) == 0 {
		for range 1 + r.IntN(2) {
			a := []int64{1000, 2000, 3000, 5000}[r.IntN(4)]
			notes = append(notes, a)
			specs = append(specs, h36Spec{"note", r.IntN(100), a})
		}
	}
	var pays []int64
	for range 1 + r.IntN(3) {
		var a int64
		pick := func(k int) int64 {
			var s int64
			for _, i := range r.Perm(len(invs))[:min(k, len(invs))] {
				s += invs[i]
			}
			return s
		}
		switch r.IntN(8) {
		case 6: // another receipt's amount
			if len(pays) > 0 {
				a = pays[r.IntN(len(pays))]
			} else {
				a = pick(1)
			}
		case 7: // what is left of an invoice after a receipt of a usual amount
			a = pick(1) - base[r.IntN(3)]
		case 0:
			a = pick(1)
		case 1:
			a = pick(2 + r.IntN(2))
		case 2:
			a = pick(1) + jig()
		case 3:
			a = pick(1+r.IntN(3)) + jig()
		case 4:
			a = base[r.IntN(len(base))]
		default:
			a = pick(1 + r.IntN(2))
			if len(notes) > 0 {
				a -= notes[r.IntN(len(notes))]
			}
			if r.IntN(2) == 0 {
				a += jig()
			}
		}
		if a <= 0 {
			a = base[0]
		}
		pays = append(pays, a)
		specs = append(specs, h36Spec{"pay", 30 + r.IntN(75), a})
	}
	// Sometimes a last receipt leaves the customer owing nothing: the
	// zero-balance pass's case.
	if r.IntN(5) == 0 {
		var owed int64
		for _, a := range invs {
			owed += a
		}
		for _, a := range slices.Concat(notes, pays) {
			owed -= a
		}
		if owed > 0 {
			specs = append(specs, h36Spec{"pay", 30 + r.IntN(75), owed})
		}
	}
	r.Shuffle(len(specs), func(i, j int) { specs[i], specs[j] = specs[j], specs[i] })
	return specs
}

func (f *fixture) post36(t *testing.T, specs []h36Spec) {
	t.Helper()
	for _, s := range specs {
		date, amt := journal.MustDate(2026, 1, 1).AddDays(s.day), h36Cents(s.amt)
		switch s.kind {
		case "invoice":
			f.invoice(t, "C1", date, amt)
		case "note":
			f.creditNote(t, "C1", date, amt)
		default:
			f.pay(t, "C1", date, amt, "", "")
		}
	}
}

// h36Rules are a book's rules: default but for the tolerance, sometimes
// narrowed, the combination size, sometimes small, and sometimes
// overpayments written off.
type h36Rules struct {
	size   int
	tol    int64 // cents; 5 is the reconciler's
	woOver bool
}

func (h h36Rules) rules() reconcile.Rules {
	r := reconcile.Rules{CombinationSize: h.size, WriteOffOverpayment: h.woOver}
	if h.tol != 5 {
		r.Tolerance = []currency.Amount{currency.FromMinor(eur, h.tol)}
	}
	return r
}

// check36 proposes on the book, checks the proposals against the model,
// determinism, the unmatched list, then applies them and checks the book
// and the residuals. It returns the model's problems and observations.
func check36(t *testing.T, f *fixture, h h36Rules) (*h36Model, reconcile.Proposals) {
	t.Helper()
	size := h.size
	if size == 0 {
		size = reconcile.CombinationDefault
	}
	m := newModel36(t, f, size, h.tol, h.woOver)
	out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C1"}}, h.rules())
	again := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C1"}}, h.rules())
	if fmt.Sprintf("%+v", out) != fmt.Sprintf("%+v", again) {
		m.bad("determinism", "two Propose calls differ")
	}
	m.run(out.Proposals)
	// Every settling line left out of every proposal is listed unmatched,
	// once; one rule 2 found a tie for says "ambiguous".
	inProposal := map[journal.LineRef]bool{}
	for _, p := range out.Proposals {
		for _, l := range p.Lines {
			inProposal[l] = true
		}
	}
	listed := map[journal.LineRef]string{}
	for _, u := range out.Unmatched {
		if _, twice := listed[u.Line]; twice {
			m.bad("unmatched", "%s listed twice", u.Number)
		}
		listed[u.Line] = u.Reason
	}
	for _, p := range m.payers {
		why, ok := listed[p.ref]
		switch {
		case inProposal[p.ref] && ok:
			m.bad("unmatched", "%s proposed and listed unmatched (%s)", p, why)
		case !inProposal[p.ref] && !ok:
			m.bad("unmatched", "%s neither proposed nor listed unmatched", p)
		case !inProposal[p.ref] && p.ambiguous && !strings.Contains(why, "ambiguous"):
			m.bad("unmatched", "%s, which rule 2 found a tie for, left open as %q", p, why)
		}
	}
	// Apply, then the book checks and every line ends as planned.
	wantRes := map[journal.LineRef]int64{}
	for _, it := range m.byRef {
		n := it.amt
		if it.payer {
			n = -n
		}
		wantRes[it.ref] = n
	}
	for _, p := range out.Proposals {
		ps, ts, ok := m.split(&p)
		if !ok {
			continue
		}
		for _, c := range slices.Concat(ps, ts) {
			wantRes[c.ref] = 0
		}
		if paid, owed := sum36(ps), sum36(ts); paid > owed && !p.WriteOff.IsSet() {
			wantRes[ps[len(ps)-1].ref] = -(paid - owed)
		} else if paid < owed && !p.WriteOff.IsSet() {
			m.bad("partial", "proposal %s pays %s of %s, no write-off", p.Reason, h36Cents(paid), h36Cents(owed))
		}
	}
	applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
	require.NoError(t, err)
	for i, o := range applied.Outcomes {
		if o.Err != nil {
			m.bad("apply", "proposal %d (%s): %v", i, out.Proposals[i].Reason, o.Err)
		}
	}
	if err := f.book.Check(ctx); err != nil {
		m.bad("check", "%v", err)
	}
	for ref, n := range wantRes {
		if got := signedMinor(f.residual(t, ref)); got != n {
			m.bad("residual", "%s: residual %s after Apply, %s planned", m.byRef[ref], h36Cents(got), h36Cents(n))
		}
	}
	return m, out
}

func describe36(out reconcile.Proposals) string {
	var b strings.Builder
	for _, p := range out.Proposals {
		fmt.Fprintf(&b, "\n  %s: %s", p.Rule, p.Reason)
	}
	for _, u := range out.Unmatched {
		fmt.Fprintf(&b, "\n  unmatched %s %s: %s", u.Number, u.Residual, u.Reason)
	}
	return b.String()
}

// Was failing, fixed: the randomized differential test found the engine
// at odds with its documentation (kind reversed-exact, seed 699: payments
// summing to a document lettered with it while a payment of exactly its
// amount is open), pinned, minimised, by
// TestHrev36ReversedCombinationBeside… below; then (kind tolerance-net,
// seed 706) the nearest tolerance set netting a credit note where the
// documents alone were within the tolerance. Each kind found is printed
// with its first seed.
//
// TestHrev36RandomizedRules runs -hrev36books random books of customer C1
// (memstore), each with its seed (-hrev36seed replays one), and checks
// Propose against the model: rule 2's pairs and ties, rule 3's
// combinations (sum exact, size, credit notes only when the documents
// alone do not sum, no same-size equal-sum set earlier due item by item,
// none while an item of exactly the amount is open, none missed), the
// zero-balance pass, rule 5 (within the tolerance, the one nearest
// document, none when two are as close, when another payment is within
// the tolerance of it, or when a document of exactly the amount is open,
// the write-off as documented), one proposal a line, determinism, the
// unmatched list, and Apply: no error, the book checks, residuals as
// planned.
func TestHrev36RandomizedRules(t *testing.T) {
	t.Parallel()
	first, n := uint64(1), uint64(*hrev36Books)
	if *hrev36Seed != 0 {
		first, n = *hrev36Seed, 1
	}
	firstSeed := map[string]uint64{}
	count := map[string]int{}
	var examples []string
	clean, observed := 0, 0
	byRule := map[reconcile.Rule]int{}
	shapes := map[string]int{}
	for seed := first; seed < first+n; seed++ {
		r := rand.New(rand.NewPCG(seed, 36))
		specs := randomBook36(r)
		h := h36Rules{tol: 5}
		if r.IntN(4) == 0 {
			h.size = 2 + r.IntN(3)
		}
		if r.IntN(3) == 0 {
			h.tol = 3
		}
		h.woOver = r.IntN(4) == 0
		f := newFixture(t, memstore.New())
		f.post36(t, specs)
		m, out := check36(t, f, h)
		for _, p := range out.Proposals {
			byRule[p.Rule]++
			ps, ts, _ := m.split(&p)
			switch {
			case strings.Contains(p.Reason, "sum to zero"):
				shapes["zero balance"]++
			case p.Rule == reconcile.RuleCombination && len(ts) == 1:
				shapes["payments to one document"]++
			case p.Rule == reconcile.RuleCombination && len(ps) > 1:
				shapes["combination net of credit notes"]++
			case p.Rule == reconcile.RuleTolerance && len(ps) > 1:
				shapes["tolerance net of credit notes"]++
			case p.Rule == reconcile.RuleTolerance && len(ts) > 1:
				shapes["tolerance combination"]++
			case p.Rule == reconcile.RuleTolerance && p.WriteOff.IsSet():
				shapes["tolerance one document written off"]++
			case p.Rule == reconcile.RuleTolerance:
				shapes["tolerance one document overpaid"]++
			}
		}
		for _, u := range out.Unmatched {
			if strings.HasPrefix(u.Reason, "ambiguous") {
				shapes["unmatched ambiguous"]++
			}
		}
		if len(m.observations) > 0 {
			if observed++; observed <= 3 {
				t.Logf("observed (seed %d, rules %+v): %s", seed, h, strings.Join(m.observations, "; "))
			}
		}
		if len(m.problems) == 0 {
			clean++
			continue
		}
		for k := range m.kinds {
			if _, ok := firstSeed[k]; !ok {
				firstSeed[k] = seed
				examples = append(examples, fmt.Sprintf("%s (seed %d, rules %+v):\n book %v\n %s\n proposals:%s", k, seed, h, specs,
					strings.Join(m.problems, "\n "), describe36(out)))
			}
			count[k]++
		}
	}
	t.Logf("%d books, %d clean; proposals by rule %v, %v; %d books where a nearer combination or document than the tolerance proposal's existed (not documented, not asserted)",
		n, clean, byRule, shapes, observed)
	if len(examples) > 0 {
		t.Errorf("%d of %d books disagree with the documented rules; kinds %v\n%s", int(n)-clean, n, count, strings.Join(examples, "\n\n"))
	}
}

// C1 owes invoice A of 100,00 €; receipts P and Q of 100,00 € each
// (a tie rule 2 leaves for a person), R of 60,00 € and S of 40,00 €. The
// combination rule letters A with R + S, though RuleCombination's godoc
// says "several payments to one document, unless one document (or
// payment) of exactly its amount is open: that is the exact-amount rule's
// to letter, or to leave" (byCombination reversed leaves the tied payments
// out of its exact-amount check, since it leaves them out of the search).
// P and Q are left "ambiguous: 2 payments of 100,00 € for invoice A",
// which the proposal letters. Expected: no proposal holds A.
//
// Was failing, fixed: the payments of exactly A's amount that rule 2 held
// as a tie now keep A from any combination of the others.
func TestHrev36ReversedCombinationBesideTiedExactPayments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 2), "100.00")
		p := f.pay(t, "C1", d(2, 10), "100.00", "", "")
		q := f.pay(t, "C1", d(2, 11), "100.00", "", "")
		f.pay(t, "C1", d(2, 12), "60.00", "", "")
		f.pay(t, "C1", d(2, 13), "40.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Contains(t, unmatchedOf(out, line0(p)), "ambiguous")
		require.Contains(t, unmatchedOf(out, line0(q)), "ambiguous")
		require.True(t, proposalWith(out, line0(a)) == nil, "invoice A has 2 payments of exactly its amount open: %s", describe36(out))
	})
}

// C1 owes invoices A and B of 50,00 € each; receipt P of 50,00 €
// (a tie rule 2 leaves for a person: two invoices of its amount), R of
// 20,00 € and S of 30,00 € (the randomized test's seed 699, minimised).
// The combination rule letters A with R + S while P, a payment of exactly
// A's amount, is open: RuleCombination's godoc says "or several payments
// to one document, unless one document (or payment) of exactly its amount
// is open: that is the exact-amount rule's to letter, or to leave". P is
// left "ambiguous: 2 open items of 50,00 € (A, B)", A being lettered.
// Expected: no combination holds A beside P.
//
// Was failing, fixed: a tie of rule 2 now keeps a document of its amount
// from the combination of other payments; the five lines, summing to
// zero, are lettered together by the zero-balance pass.
func TestHrev36ReversedCombinationBesideTiedPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 2), "50.00")
		f.invoice(t, "C1", d(1, 3), "50.00")
		p := f.pay(t, "C1", d(2, 10), "50.00", "", "")
		f.pay(t, "C1", d(2, 12), "20.00", "", "")
		f.pay(t, "C1", d(2, 13), "30.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		// No combination letters A beside P. The five lines sum to zero:
		// the combination rule's last pass letters them together, P
		// with them, however they pair.
		pr := proposalWith(out, line0(a))
		require.NotNil(t, pr, describe36(out))
		require.Contains(t, pr.Lines, line0(p), describe36(out))
		require.Len(t, pr.Lines, 5)
		require.Contains(t, pr.Reason, "sum to zero")
	})
}
