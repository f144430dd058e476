package reconcile_test

// Review h-rev64: a randomized test of lettering with write-offs per
// match, limits, detaches and unletterings on books of several customers
// with cash-basis VAT, dollar invoices and receipts paying several
// invoices short or in part, checked against invariants after every step.

import (
	"errors"
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
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

var (
	hrev64Seed   = flag.Uint64("hrev64seed", 0, "seed of TestHrev64RandomizedWriteOffs (0: time-based, printed)")
	hrev64Rounds = flag.Int("hrev64rounds", 3, "rounds of TestHrev64RandomizedWriteOffs per store")
	hrev64Steps  = flag.Int("hrev64steps", 14, "random operations per round of TestHrev64RandomizedWriteOffs")
)

var h64Partners = []string{"C1", "C2", "C3"}

// h64 is one store's run: the book, the lines the test posted and every
// partial and match the operations reported.
type h64 struct {
	t           *testing.T
	f           *fixture
	r           *rand.Rand
	usd         currency.Currency
	round, step int
	op          string
	docs        []journal.Entry   // invoices and credit notes
	lines       []journal.LineRef // the 411000 lines of the documents and receipts, in posting order
	partnerOf   map[journal.LineRef]string
	balanceOf   map[journal.LineRef]int64
	names       map[journal.ID]string
	partials    []journal.ID
	matches     []journal.ID
	snaps       []string            // each round's state after undoing everything, for the other stores
	seen        map[string]int      // what the operations did, logged at the end
	plans       [][]journal.LineRef // a receipt's line with the lines of the invoices it pays
}

// Passes: TestHrev64RandomizedWriteOffs runs, on every store, rounds of:
// random invoices (euros or dollars, some with VAT on payment), credit
// notes and receipts (paying several invoices short by a few cents, in
// part, or a little over; some registered against their invoices, then
// unlettered), then random Reconcile (several groups' lines in one call,
// with WriteOff, sometimes with a Limit), Detach, Unletter and
// UnletterCode, refused calls (which must write nothing), and lettering of
// fresh lines undone at once (which must restore the state). After every
// step: Book.Check; every live match's lines are at zero and sum to zero
// in the company currency and, on one currency, in it; every generated
// entry (write-off, exchange, cash-basis) is live exactly while its origin
// partial is, and reversed once when not; each write-off closes one match
// and is dated within it; a euro lettering allocates min(limit, debits,
// credits) and refuses what a write-off may not close. Each round ends by
// undoing everything: residuals, balances per account, partner and
// currency, and document states come back byte for byte, and are the same
// on every store. Replay with -hrev64seed; -hrev64rounds and -hrev64steps
// run longer.
func TestHrev64RandomizedWriteOffs(t *testing.T) {
	t.Parallel()
	seed := *hrev64Seed
	if seed == 0 {
		seed = uint64(rand.Int64())
	}
	t.Logf("seed %d (go test ./reconcile -run '^TestHrev64RandomizedWriteOffs$' -hrev64seed %d)", seed, seed)
	var first []string
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			h := newH64(t, newFixture(t, s.Open(t)), seed)
			for h.round = 0; h.round < *hrev64Rounds; h.round++ {
				h.runRound()
			}
			t.Logf("operations: %v", h.seen)
			if first == nil {
				first = h.snaps
				return
			}
			for i := range first {
				if first[i] != h.snaps[i] {
					t.Fatalf("seed %d: round %d ends otherwise than on %s:\n%s", seed, i, stores[0].Name, h64Diff(first[i], h.snaps[i]))
				}
			}
		})
	}
}

func newH64(t *testing.T, f *fixture, seed uint64) *h64 {
	usd := currency.MustLookup("USD")
	var err error
	f.rec, err = reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("0.05"), currency.MustParse(usd, "0.05")}})
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(seed, 64))
	for day := 0; day < 365; day += 7 {
		rate := currency.MustParseRate(fmt.Sprintf("1.%04d", r.IntN(4000)))
		require.NoError(t, f.book.SetRate(ctx, usd, journal.MustDate(2026, 1, 1).AddDays(day), rate))
	}
	return &h64{t: t, f: f, r: r, usd: usd, partnerOf: map[journal.LineRef]string{}, balanceOf: map[journal.LineRef]int64{},
		names: map[journal.ID]string{}, seen: map[string]int{}}
}

func (h *h64) fail(format string, args ...any) {
	h.t.Helper()
	h.t.Fatalf("round %d step %d (%s): %s", h.round, h.step, h.op, fmt.Sprintf(format, args...))
}

func (h *h64) must(err error) {
	h.t.Helper()
	if err != nil {
		h.fail("%v", err)
	}
}

func (h *h64) day(from int) journal.Date {
	return journal.MustDate(2026, 1, 1).AddDays(from + h.r.IntN(max(1, 360-from)))
}

func (h *h64) name(ref journal.LineRef) string {
	return fmt.Sprintf("%s:%d", h.names[ref.Entry], ref.Index)
}

// track records the 411000 lines of a posted entry.
func (h *h64) track(x journal.Entry) {
	h.names[x.ID] = x.Name()
	for i, l := range x.Lines {
		if l.Account == "411000" {
			ref := x.LineRef(i)
			h.lines = append(h.lines, ref)
			h.partnerOf[ref] = l.Partner
			h.balanceOf[ref] = signedMinor(l.Balance)
		}
	}
}

// apply records what an operation reported.
func (h *h64) apply(res reconcile.Result) {
	for _, x := range res.Entries {
		h.names[x.ID] = x.Name()
	}
	for _, p := range res.Partials {
		h.partials = append(h.partials, p.ID)
	}
	for _, m := range res.Matches {
		h.matches = append(h.matches, m.ID)
	}
}

var h64VAT = tax.Tax{ID: "E20", Name: "TVA 20 enc", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
	FinalAccount: "445710", TransitionAccount: "445740"}

// document posts an invoice or a credit note: euros or dollars, VAT on
// payment or none.
func (h *h64) document(partner string, note bool) journal.Entry {
	cur := eur
	if h.r.IntN(3) == 0 {
		cur = h.usd
	}
	kind := journal.CustomerInvoice
	if note {
		kind = journal.CustomerCreditNote
	}
	inv := journal.Invoice{Kind: kind, Journal: "VT", Date: h.day(0), Partner: partner, PartnerAccount: "411000"}
	for l := 0; l < 1+h.r.IntN(2); l++ {
		line := journal.InvoiceLine{UnitPrice: currency.FromMinor(cur, 100+h.r.Int64N(200_000)), Account: "706000"}
		if h.r.IntN(2) == 0 {
			line.Taxes = []tax.Tax{h64VAT}
		}
		inv.Lines = append(inv.Lines, line)
	}
	x, err := inv.Entry()
	h.must(err)
	posted := h.f.post(h.t, x)
	h.track(posted)
	h.docs = append(h.docs, posted)
	return posted
}

// receipt registers a payment of some of a partner's open invoices: their
// total short by a few cents, a part of it, or a few cents over; in their
// currency, or in euros. Against the invoices (allocated) when allocate.
func (h *h64) receipt(partner string, allocate bool) {
	var invoices []journal.ID
	var owed int64
	cur := eur
	for _, ref := range h.openLines(partner) {
		if h.balanceOf[ref] <= 0 || h.r.IntN(2) == 0 || len(invoices) == 3 {
			continue
		}
		res := residualOf(h.t, h.f, ref)
		c := res.AmountCurrency.Currency()
		if len(invoices) > 0 && c != cur {
			continue
		}
		cur = c
		invoices = append(invoices, ref.Entry)
		owed += signedMinor(res.AmountCurrency)
	}
	if len(invoices) == 0 {
		return
	}
	date := h.day(60)
	if cur != eur && h.r.IntN(3) == 0 { // a dollar debt paid in euros, at the day's rate
		rate, _, err := h.f.book.Rate(ctx, cur, date)
		h.must(err)
		v, err := rate.ToCompany(currency.FromMinor(cur, owed), eur, h.f.book.Rounding())
		h.must(err)
		cur, owed = eur, signedMinor(v)
	}
	amount := owed - h.r.Int64N(6) // short by a few cents
	switch h.r.IntN(4) {
	case 0:
		amount = 1 + h.r.Int64N(max(1, owed-1)) // in part
	case 1:
		amount = owed + h.r.Int64N(4) // over
	}
	amount = max(1, amount)
	pay := reconcile.Payment{Direction: reconcile.Inbound, Partner: partner, Journal: "BQD", Date: date,
		Amount: currency.FromMinor(cur, amount), Method: reconcile.MethodTransfer}
	if allocate {
		pay.Invoices = invoices
	}
	res, err := h.f.rec.RegisterPayment(ctx, pay)
	if err != nil {
		h.fail("receipt of %s for %v: %v", pay.Amount, invoices, err)
	}
	h.track(res.Entries[0])
	h.apply(res)
	plan := []journal.LineRef{res.Entries[0].LineRef(0)}
	for _, ref := range h.lines {
		if slices.Contains(invoices, ref.Entry) {
			plan = append(plan, ref)
		}
	}
	h.plans = append(h.plans, plan)
	if !allocate && len(res.Partials) > 0 {
		h.fail("a receipt registered without invoices lettered %d partials", len(res.Partials))
	}
}

// openLines are the tracked lines of a partner left open (not matched).
func (h *h64) openLines(partner string) []journal.LineRef {
	var out []journal.LineRef
	h.must(h.f.book.View(ctx, func(tx *ledger.Tx) error {
		for _, ref := range h.lines {
			if h.partnerOf[ref] != partner {
				continue
			}
			r, err := tx.Residual(ref)
			if err != nil {
				return err
			}
			if !r.IsZero() {
				out = append(out, ref)
			}
		}
		return nil
	}))
	return out
}

// lettered are the tracked lines with a live partial other than a
// reversal's.
func (h *h64) lettered() []journal.LineRef {
	var out []journal.LineRef
	h.must(h.f.book.View(ctx, func(tx *ledger.Tx) error {
		for _, ref := range h.lines {
			ps, err := tx.LivePartials(ref)
			if err != nil {
				return err
			}
			if slices.ContainsFunc(ps, func(p journal.Partial) bool { return p.Kind != journal.KindReversal }) {
				out = append(out, ref)
			}
		}
		return nil
	}))
	return out
}

func (h *h64) pick(refs []journal.LineRef) journal.LineRef { return refs[h.r.IntN(len(refs))] }

func (h *h64) runRound() {
	h.step, h.op = -1, "books"
	for _, p := range h64Partners {
		for i := 0; i < 2+h.r.IntN(3); i++ {
			h.document(p, false)
		}
		if h.r.IntN(2) == 0 {
			h.document(p, true)
		}
	}
	for _, p := range h64Partners {
		for i := 0; i < 1+h.r.IntN(3); i++ {
			h.receipt(p, h.r.IntN(3) == 0)
		}
	}
	h.verify()
	h.op = "undo the receipts' allocations"
	h.undoAll()
	start := h.snapshot()
	for h.step = 0; h.step < *hrev64Steps; h.step++ {
		partner := h64Partners[h.r.IntN(len(h64Partners))]
		switch n := h.r.IntN(100); {
		case n < 45:
			h.letter(partner, false)
		case n < 58:
			h.detach()
		case n < 66:
			h.unletter()
		case n < 74:
			h.unletterCode()
		case n < 86:
			h.refused(partner)
		default:
			h.letter(partner, true)
		}
		h.verify()
	}
	h.step, h.op = *hrev64Steps, "undo everything"
	h.undoAll()
	h.verify()
	if end := h.snapshot(); end != start {
		h.fail("undoing everything does not restore the state:\n%s", h64Diff(start, end))
	}
	h.snaps = append(h.snaps, start)
}

// undoAll unletters every tracked line's group until none is lettered.
func (h *h64) undoAll() {
	for i := 0; ; i++ {
		lettered := h.lettered()
		if len(lettered) == 0 {
			return
		}
		if i > 200 {
			h.fail("%d lines still lettered after 200 unletterings", len(lettered))
		}
		res, err := h.f.rec.Unletter(ctx, journal.NoID, lettered[0])
		if err != nil {
			h.fail("unletter %s: %v", h.name(lettered[0]), err)
		}
		h.apply(res)
	}
}

// letter reconciles 2–6 open lines of a partner, from one or several
// groups, with a write-off or not, sometimes with a limit. fresh takes
// only lines without partials and undoes the lettering at once, which must
// restore the state.
func (h *h64) letter(partner string, fresh bool) {
	h.op = "reconcile"
	open := h.openLines(partner)
	if fresh {
		h.op = "reconcile and undo"
		lettered := h.lettered()
		open = slices.DeleteFunc(open, func(ref journal.LineRef) bool { return slices.Contains(lettered, ref) })
	}
	if len(open) < 2 {
		return
	}
	h.r.Shuffle(len(open), func(i, j int) { open[i], open[j] = open[j], open[i] })
	lines := open[:min(len(open), 2+h.r.IntN(5))]
	if h.r.IntN(3) > 0 {
		// One or two receipts of the partner with the invoices they pay,
		// and sometimes another open line.
		lines = nil
		for _, i := range h.r.Perm(len(h.plans)) {
			plan := h.plans[i]
			if h.partnerOf[plan[0]] != partner || !slices.Contains(open, plan[0]) {
				continue
			}
			for _, ref := range plan {
				if slices.Contains(open, ref) && !slices.Contains(lines, ref) {
					lines = append(lines, ref)
				}
			}
			if len(lines) > 4 || h.r.IntN(2) == 0 {
				break
			}
		}
		if h.r.IntN(4) == 0 {
			if ref := h.pick(open); !slices.Contains(lines, ref) {
				lines = append(lines, ref)
			}
		}
		if len(lines) < 2 {
			return
		}
		h.r.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	}
	req := reconcile.Request{Lines: lines, WriteOff: h.r.IntN(4) > 0}
	// The lines' residuals in cents, when all are kept in euros only.
	var debit, credit int64
	euros := true
	var curs []currency.Currency
	h.must(h.f.book.View(ctx, func(tx *ledger.Tx) error {
		for _, ref := range lines {
			r, err := tx.Residual(ref)
			if err != nil {
				return err
			}
			c := r.AmountCurrency.Currency()
			if !slices.Contains(curs, c) {
				curs = append(curs, c)
			}
			euros = euros && c == eur
			if n := signedMinor(r.Balance); n > 0 {
				debit += n
			} else {
				credit -= n
			}
		}
		return nil
	}))
	if len(curs) == 1 && h.r.IntN(6) == 0 && min(debit, credit) > 0 {
		var most int64 = min(debit, credit)
		if !euros {
			most = 100
		}
		req.Limit = currency.FromMinor(curs[0], 1+h.r.Int64N(most+most/10))
	}
	var before string
	if fresh {
		before = h.snapshot()
	}
	raw := h.f.snapshot(h.t)
	res, err := h.f.rec.Reconcile(ctx, req)
	h.count(req, curs, res, err)
	desc := fmt.Sprintf("lines %v (debits %d, credits %d, euros %v), write-off %v, limit %v", h.names64(lines), debit, credit, euros, req.WriteOff, req.Limit)
	if euros {
		want := h.euroOutcome(debit, credit, req)
		if !errors.Is(err, want) && !(want == nil && err == nil) {
			h.fail("%s: got %v, want %v", desc, err, want)
		}
	}
	if err != nil {
		if !slices.ContainsFunc([]error{reconcile.ErrTolerance, reconcile.ErrNothingToLetter, reconcile.ErrOverAllocation}, func(x error) bool { return errors.Is(err, x) }) {
			h.fail("%s: %v", desc, err)
		}
		h.f.unchanged(h.t, raw)
		return
	}
	h.apply(res)
	if euros {
		want := min(debit, credit)
		if req.Limit.IsSet() {
			want = min(want, signedMinor(req.Limit))
		}
		if got := allocated(res); got != want {
			h.fail("%s: allocated %d, want %d", desc, got, want)
		}
	}
	if req.WriteOff {
		h.checkWriteOffs(lines, res, desc)
	}
	if fresh {
		for _, ref := range lines {
			if !slices.Contains(h.lettered(), ref) {
				continue
			}
			undo, err := h.f.rec.Unletter(ctx, journal.NoID, ref)
			if err != nil {
				h.fail("%s: unletter %s: %v", desc, h.name(ref), err)
			}
			h.apply(undo)
		}
		if after := h.snapshot(); after != before {
			h.fail("%s: lettering and unlettering does not restore the state:\n%s", desc, h64Diff(before, after))
		}
	}
}

func (h *h64) count(req reconcile.Request, curs []currency.Currency, res reconcile.Result, err error) {
	k := fmt.Sprintf("reconcile %d currencies", len(curs))
	if req.WriteOff {
		k += " write-off"
	}
	if req.Limit.IsSet() {
		k += " limit"
	}
	if err != nil {
		k += " refused: " + strings.SplitN(err.Error(), ":", 3)[1]
	}
	h.seen[k]++
	for _, x := range res.Entries {
		h.seen[x.Type.String()+" "+x.Lines[0].AmountCurrency.Currency().Code()]++
	}
	h.seen[fmt.Sprintf("matches %d", len(res.Matches))]++
}

func (h *h64) names64(refs []journal.LineRef) []string {
	var out []string
	for _, ref := range refs {
		out = append(out, h.name(ref))
	}
	return out
}

// euroOutcome is what lettering euro lines must give: the error, or nil.
func (h *h64) euroOutcome(debit, credit int64, req reconcile.Request) error {
	if (debit == 0 || credit == 0) && !req.WriteOff {
		return reconcile.ErrNothingToLetter
	}
	a := min(debit, credit)
	if req.Limit.IsSet() {
		l := signedMinor(req.Limit)
		if l > a {
			return reconcile.ErrOverAllocation
		}
		a = l
	}
	if !req.WriteOff {
		return nil
	}
	d, c := debit-a, credit-a
	if d > 0 && c > 0 {
		return reconcile.ErrTolerance
	}
	if d+c > 5 {
		return reconcile.ErrTolerance
	}
	return nil
}

// checkWriteOffs checks a lettering with WriteOff: every line given is at
// zero, and in a match when its whole group is; each write-off entry
// posted lies in one group (a match when closed) of its own and is dated
// within it: no earlier than the given lines of the group, no later than
// its latest line.
func (h *h64) checkWriteOffs(lines []journal.LineRef, res reconcile.Result, desc string) {
	h.must(h.f.book.View(ctx, func(tx *ledger.Tx) error {
		for _, ref := range lines {
			r, err := tx.Residual(ref)
			if err != nil {
				return err
			}
			if !r.IsZero() {
				h.fail("%s: written off, %s is left at %s / %s", desc, h.name(ref), r.Balance, r.AmountCurrency)
			}
			group, err := h64Group(tx, ref)
			if err != nil {
				return err
			}
			closed := true
			for _, l := range group {
				r, err := tx.Residual(l)
				if err != nil {
					return err
				}
				closed = closed && r.IsZero()
			}
			if _, in, err := tx.MatchOf(ref); err != nil {
				return err
			} else if in != closed {
				h.fail("%s: written off, %s is in a match: %v, its group is closed: %v", desc, h.name(ref), in, closed)
			}
		}
		type key struct {
			first journal.LineRef
			cur   currency.Currency
		}
		seen := map[key]string{} // one write-off per group and currency
		for _, x := range res.Entries {
			if x.Type != journal.TypeWriteOff {
				continue
			}
			var group []journal.LineRef
			for i, l := range x.Lines {
				if l.Account != "411000" {
					continue
				}
				g, err := h64Group(tx, x.LineRef(i))
				if err != nil {
					return err
				}
				if group != nil && !slices.Equal(g, group) {
					h.fail("%s: write-off %s is not in one group", desc, x.Name())
				}
				group = g
			}
			k := key{group[0], x.Lines[0].AmountCurrency.Currency()}
			if other, ok := seen[k]; ok {
				h.fail("%s: write-offs %s and %s close the same group in %s", desc, other, x.Name(), k.cur.Code())
			}
			seen[k] = x.Name()
			var given, latest journal.Date
			for _, ref := range group {
				le, err := tx.Entry(ref.Entry)
				if err != nil {
					return err
				}
				if le.Origin != journal.NoID {
					continue // a generated line
				}
				latest = laterDate64(latest, le.Date)
				if slices.Contains(lines, ref) {
					given = laterDate64(given, le.Date)
				}
			}
			if x.Date.Before(given) || x.Date.After(latest) {
				h.fail("%s: write-off %s dated %s, its group's given lines up to %s, all up to %s", desc, x.Name(), x.Date, given, latest)
			}
		}
		return nil
	}))
}

// h64Group is the group of ref: the lines connected to it by live
// partials other than reversals', sorted.
func h64Group(tx *ledger.Tx, ref journal.LineRef) ([]journal.LineRef, error) {
	out := []journal.LineRef{ref}
	for i := 0; i < len(out); i++ {
		ps, err := tx.LivePartials(out[i])
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if o := p.Other(out[i]); p.Kind != journal.KindReversal && !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	slices.SortFunc(out, func(a, b journal.LineRef) int {
		if c := slices.Compare(a.Entry[:], b.Entry[:]); c != 0 {
			return c
		}
		return a.Index - b.Index
	})
	return out, nil
}

func laterDate64(a, b journal.Date) journal.Date {
	if b.After(a) {
		return b
	}
	return a
}

// reversalPair says whether undoing ref's partials would separate an
// entry from its reversal: one of its group's partials is a reversal's.
func (h *h64) reversalPair(ref journal.LineRef) bool {
	pair := false
	h.must(h.f.book.View(ctx, func(tx *ledger.Tx) error {
		ps, err := tx.LivePartials(ref)
		for _, p := range ps {
			pair = pair || p.Kind == journal.KindReversal
		}
		return err
	}))
	return pair
}

func (h *h64) detach() {
	h.op = "detach"
	lettered := h.lettered()
	if len(lettered) == 0 {
		return
	}
	ref := h.pick(lettered)
	var wos []journal.ID // the write-off partials of its match
	h.must(h.f.book.View(ctx, func(tx *ledger.Tx) error {
		m, in, err := tx.MatchOf(ref)
		if err != nil || !in {
			return err
		}
		for _, id := range m.Partials {
			p, err := tx.Partial(id)
			if err != nil {
				return err
			}
			if p.Kind == journal.KindWriteOff {
				wos = append(wos, id)
			}
		}
		return nil
	}))
	res, err := h.f.rec.Detach(ctx, journal.NoID, ref)
	if err != nil {
		h.fail("detach %s: %v", h.name(ref), err)
	}
	h.apply(res)
	if slices.Contains(h.lettered(), ref) {
		h.fail("detached, %s is still lettered", h.name(ref))
	}
	h.checkUndone(wos, "detach "+h.name(ref))
}

func (h *h64) checkUndone(ids []journal.ID, desc string) {
	h.must(h.f.book.View(ctx, func(tx *ledger.Tx) error {
		for _, id := range ids {
			p, err := tx.Partial(id)
			if err != nil {
				return err
			}
			if p.Live() {
				h.fail("%s: the match's write-off partial %s stays live", desc, id)
			}
		}
		return nil
	}))
}

func (h *h64) unletter() {
	h.op = "unletter"
	lettered := h.lettered()
	if len(lettered) == 0 {
		return
	}
	ref := h.pick(lettered)
	group := h.groupLines(ref)
	res, err := h.f.rec.Unletter(ctx, journal.NoID, ref)
	if err != nil {
		h.fail("unletter %s: %v", h.name(ref), err)
	}
	h.apply(res)
	still := h.lettered()
	for _, l := range group {
		if slices.Contains(still, l) {
			h.fail("unlettered %s, %s of its group is still lettered", h.name(ref), h.name(l))
		}
	}
}

// groupLines are the tracked lines connected to ref by live partials
// other than reversals'.
func (h *h64) groupLines(ref journal.LineRef) []journal.LineRef {
	out := []journal.LineRef{ref}
	h.must(h.f.book.View(ctx, func(tx *ledger.Tx) error {
		for i := 0; i < len(out); i++ {
			ps, err := tx.LivePartials(out[i])
			if err != nil && !errors.Is(err, ledger.ErrNotReconcilable) {
				return err
			}
			for _, p := range ps {
				if p.Kind == journal.KindReversal {
					continue
				}
				if o := p.Other(out[i]); !slices.Contains(out, o) {
					out = append(out, o)
				}
			}
		}
		return nil
	}))
	return slices.DeleteFunc(out, func(l journal.LineRef) bool { return h.partnerOf[l] == "" })
}

func (h *h64) liveMatches() (live, pairs []journal.Match) {
	h.must(h.f.book.View(ctx, func(tx *ledger.Tx) error {
		for _, id := range h.matches {
			m, err := tx.Match(id)
			if err != nil {
				return err
			}
			if !m.Live() {
				continue
			}
			pair := false
			for _, pid := range m.Partials {
				p, err := tx.Partial(pid)
				if err != nil {
					return err
				}
				pair = pair || p.Kind == journal.KindReversal
			}
			if pair {
				pairs = append(pairs, m)
			} else {
				live = append(live, m)
			}
		}
		return nil
	}))
	return live, pairs
}

func (h *h64) unletterCode() {
	h.op = "unletter code"
	live, _ := h.liveMatches()
	if len(live) == 0 {
		return
	}
	m := live[h.r.IntN(len(live))]
	wos := append([]journal.ID(nil), m.Partials...)
	res, err := h.f.rec.UnletterCode(ctx, journal.NoID, m.Account, m.Partner, m.Code)
	if err != nil {
		h.fail("unletter code %s/%s: %v", m.Partner, m.Code, err)
	}
	h.apply(res)
	h.checkUndone(wos, "unletter code "+m.Code)
}

// refused sends a call that must be refused and write nothing: lettering
// a matched line, detaching a line not lettered, unlettering a retired
// code or a reversal pair, writing off more than the tolerance.
func (h *h64) refused(partner string) {
	h.op = "refused"
	raw := h.f.snapshot(h.t)
	var err error
	var want error
	live, pairs := h.liveMatches()
	switch n := h.r.IntN(5); {
	case n == 0 && len(live) > 0:
		m := live[h.r.IntN(len(live))]
		open := h.openLines(m.Partner)
		want = reconcile.ErrMatched
		_, err = h.f.rec.Reconcile(ctx, reconcile.Request{Lines: append(open, m.Lines[0]), WriteOff: true})
	case n == 1:
		lettered := h.lettered()
		var free []journal.LineRef
		for _, ref := range h.lines {
			if !slices.Contains(lettered, ref) && h.balanceOf[ref] != 0 {
				if _, in := h.matchOf(ref); !in {
					free = append(free, ref)
				}
			}
		}
		if len(free) == 0 {
			return
		}
		want = reconcile.ErrNotLettered
		_, err = h.f.rec.Detach(ctx, journal.NoID, h.pick(free))
	case n == 2:
		var retired []journal.Match
		h.must(h.f.book.View(ctx, func(tx *ledger.Tx) error {
			for _, id := range h.matches {
				m, err := tx.Match(id)
				if err != nil {
					return err
				}
				if !m.Live() {
					retired = append(retired, m)
				}
			}
			return nil
		}))
		if len(retired) == 0 {
			return
		}
		m := retired[h.r.IntN(len(retired))]
		want = reconcile.ErrNotFound
		_, err = h.f.rec.UnletterCode(ctx, journal.NoID, m.Account, m.Partner, m.Code)
	case n == 3 && len(pairs) > 0:
		m := pairs[h.r.IntN(len(pairs))]
		want = reconcile.ErrReversalPair
		if h.r.IntN(2) == 0 {
			_, err = h.f.rec.UnletterCode(ctx, journal.NoID, m.Account, m.Partner, m.Code)
		} else {
			_, err = h.f.rec.Detach(ctx, journal.NoID, m.Lines[h.r.IntN(len(m.Lines))])
		}
	default: // a euro invoice and a receipt too far apart to write off
		open := h.openLines(partner)
		var inv, pay []journal.LineRef
		h.must(h.f.book.View(ctx, func(tx *ledger.Tx) error {
			for _, ref := range open {
				r, err := tx.Residual(ref)
				if err != nil {
					return err
				}
				if r.AmountCurrency.Currency() != eur || h.reversalPair(ref) {
					continue
				}
				if r.Balance.Sign() > 0 {
					inv = append(inv, ref)
				} else {
					pay = append(pay, ref)
				}
			}
			return nil
		}))
		if len(inv) == 0 || len(pay) == 0 {
			return
		}
		i, p := h.pick(inv), h.pick(pay)
		diff := signedMinor(residualOf(h.t, h.f, i).Balance) + signedMinor(residualOf(h.t, h.f, p).Balance)
		if abs(diff) <= 5 {
			return
		}
		want = reconcile.ErrTolerance
		_, err = h.f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{i, p}, WriteOff: true})
	}
	if want == nil {
		return
	}
	if !errors.Is(err, want) {
		h.fail("want %v, got %v", want, err)
	}
	h.f.unchanged(h.t, raw)
}

func (h *h64) matchOf(ref journal.LineRef) (journal.Match, bool) {
	var m journal.Match
	var in bool
	h.must(h.f.book.View(ctx, func(tx *ledger.Tx) error {
		var err error
		m, in, err = tx.MatchOf(ref)
		return err
	}))
	return m, in
}

// verify checks the invariants of the book as it stands.
func (h *h64) verify() {
	h.t.Helper()
	if err := h.f.book.Check(ctx); err != nil {
		h.fail("Check: %v", err)
	}
	company := eur
	var generated []journal.Entry
	reversals := map[journal.ID]int{}
	for pe, err := range h.f.book.Entries(ctx, ledger.EntryFilter{}) {
		h.must(err)
		x := pe.Entry
		if x.ReversalOf != journal.NoID {
			reversals[x.ReversalOf]++
		} else if x.Origin != journal.NoID {
			generated = append(generated, x)
		}
	}
	h.must(h.f.book.View(ctx, func(tx *ledger.Tx) error {
		// A generated entry is live exactly while its origin partial is.
		for _, x := range generated {
			p, err := tx.Partial(x.Origin)
			if err != nil {
				return fmt.Errorf("origin of %s: %w", x.Name(), err)
			}
			if n := reversals[x.ID]; p.Live() && n != 0 || !p.Live() && n != 1 {
				h.fail("%s %s (origin partial %s live: %v) is reversed %d times", x.Type, x.Name(), p.ID, p.Live(), n)
			}
		}
		// Every live match is at zero and sums to zero.
		for _, id := range h.matches {
			m, err := tx.Match(id)
			if err != nil {
				return err
			}
			if !m.Live() {
				continue
			}
			sum := currency.Zero(company)
			sums := map[currency.Currency]currency.Amount{}
			for _, ref := range m.Lines {
				x, err := tx.Entry(ref.Entry)
				if err != nil {
					return err
				}
				l := x.Lines[ref.Index]
				sum, _ = sum.Add(l.Balance)
				c := l.AmountCurrency.Currency()
				if s, ok := sums[c]; ok {
					sums[c], _ = s.Add(l.AmountCurrency)
				} else {
					sums[c] = l.AmountCurrency
				}
				r, err := tx.Residual(ref)
				if err != nil {
					return err
				}
				if !r.IsZero() {
					h.fail("line %s:%d of match %s/%s is at %s / %s", x.Name(), ref.Index, m.Partner, m.Code, r.Balance, r.AmountCurrency)
				}
			}
			if !sum.IsZero() {
				h.fail("match %s/%s sums to %s", m.Partner, m.Code, sum)
			}
			if len(sums) == 1 {
				for c, s := range sums {
					if !s.IsZero() {
						h.fail("match %s/%s sums to %s in %s", m.Partner, m.Code, s, c.Code())
					}
				}
			}
		}
		// Residuals keep their line's sign and size.
		for _, ref := range h.lines {
			r, err := tx.Residual(ref)
			if err != nil {
				return err
			}
			got, bal := signedMinor(r.Balance), h.balanceOf[ref]
			if got*bal < 0 || abs(got) > abs(bal) {
				h.fail("residual %d of %s passes its balance %d", got, h.name(ref), bal)
			}
		}
		return nil
	}))
}

// snapshot renders, by entry number: the tracked lines' residuals, every
// balance per account, partner and currency (summed from the lines, and
// read from the book's aggregates for the accounts lettering moves), and
// the documents' states.
func (h *h64) snapshot() string {
	var b strings.Builder
	h.must(h.f.book.View(ctx, func(tx *ledger.Tx) error {
		for _, ref := range h.lines {
			r, err := tx.Residual(ref)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "residual %s %s %s\n", h.name(ref), r.Balance, r.AmountCurrency)
		}
		return nil
	}))
	sums := map[string][2]currency.Amount{}
	for pe, err := range h.f.book.Entries(ctx, ledger.EntryFilter{}) {
		h.must(err)
		for _, l := range pe.Entry.Lines {
			k := fmt.Sprintf("%s/%s/%s", l.Account, l.Partner, l.AmountCurrency.Currency().Code())
			s, ok := sums[k]
			if !ok {
				s = [2]currency.Amount{currency.Zero(eur), currency.Zero(l.AmountCurrency.Currency())}
			}
			s[0], _ = s[0].Add(l.Balance)
			s[1], _ = s[1].Add(l.AmountCurrency)
			sums[k] = s
		}
	}
	keys := make([]string, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if sums[k][0].IsZero() && sums[k][1].IsZero() {
			continue // an account lettering moved and moved back
		}
		fmt.Fprintf(&b, "lines %s %s %s\n", k, sums[k][0], sums[k][1])
	}
	for _, account := range []string{"411000", "445740", "445710", "658000", "758000", "656000", "756000", "706000"} {
		partners := []string{""}
		if account == "411000" {
			partners = append(partners, h64Partners...)
		}
		for _, p := range partners {
			for _, c := range []currency.Currency{eur, h.usd} {
				bal, err := h.f.book.Balance(ctx, ledger.BalanceQuery{Account: account, Partner: p, Currency: c})
				h.must(err)
				fmt.Fprintf(&b, "balance %s/%s/%s %s %s\n", account, p, c.Code(), bal.Balance, bal.AmountCurrency)
			}
		}
	}
	for _, x := range h.docs {
		st := h.f.state(h.t, x)
		fmt.Fprintf(&b, "state %s %v %s %s\n", x.Name(), st.State, st.ResidualCurrency, st.Residual)
	}
	return b.String()
}

// h64Diff shows the lines of one snapshot missing from the other.
func h64Diff(a, b string) string {
	as, bs := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for _, x := range as {
		if !slices.Contains(bs, x) && len(out) < 12 {
			out = append(out, "- "+x)
		}
	}
	for _, y := range bs {
		if !slices.Contains(as, y) && len(out) < 24 {
			out = append(out, "+ "+y)
		}
	}
	return strings.Join(out, "\n")
}

// h64Probe is a written-off invoice left in an open group: invoice A of
// 100,00 lettered with a receipt of 69,98 for 20,00 (Limit), then invoice
// B of 50,00 lettered with what is left of the receipt (49,98) and its
// 0,02 written off: A stays open, so the group makes no match.
func h64Probe(t *testing.T, f *fixture) (a, b, r journal.Entry, wo journal.Entry) {
	t.Helper()
	a = f.invoice(t, "C1", d(3, 1), "100.00")
	b = f.invoice(t, "C1", d(3, 2), "50.00")
	r = f.receive(t, "BQ", "C1", d(3, 10), "69.98")
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{a.LineRef(0), r.LineRef(0)}, Limit: e("20.00")})
	require.NoError(t, err)
	res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{b.LineRef(0), r.LineRef(0)}, WriteOff: true})
	require.NoError(t, err)
	for _, x := range res.Entries {
		if x.Type == journal.TypeWriteOff {
			wo = x
		}
	}
	require.NotEqual(t, journal.NoID, wo.ID, "a write-off of 0,02 posted")
	require.Empty(t, res.Matches, "A is still open: no match")
	return a, b, r, wo
}

// Was failing, fixed: detaching the receipt of 69,98 (h64Probe) should give invoice B
// its 50,00 back and reverse the 0,02 written off with that receipt, as it
// does when the group was a match; instead the write-off stays live and B
// owes 49,98, because Detach reverses only a match's write-offs and a
// write-off in a group a Limit left open makes none.
func TestHrev64DetachReceiptOfOpenGroupReversesItsWriteOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		_, b, r, wo := h64Probe(t, f)
		_, err := f.rec.Detach(ctx, journal.NoID, r.LineRef(0))
		require.NoError(t, err)
		f.check(t)
		var reversed bool
		require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
			_, reversed, err = tx.ReversedBy(wo.ID)
			return err
		}))
		require.Equal(t, "50.00", f.residual(t, b.LineRef(0)).Plain(), "B owes its 50,00 again")
		require.True(t, reversed, "the write-off of the receipt's shortfall is reversed")
	})
}
