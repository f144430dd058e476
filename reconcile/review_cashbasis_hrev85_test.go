package reconcile_test

// Review h-rev85, property 2: cash-basis VAT equals the VAT on what was
// received (DESIGN §5 "Cash-basis VAT" and "Settling differences"; CGI art.
// 269-2-c: VAT on services is due on the price received). Random customer
// invoices and supplier bills with one or two on-payment rates, paid in
// random parts, with credit notes lettered against them, write-offs within
// tolerance (to 658000 / 758000), detaches, unletterings and re-letterings.
// A model of cents (written here, not read from the code) follows every
// document: what payments, credit notes and write-offs it has live. After
// every step, for each document and tax: its residual is the model's; its
// transition-account balance (445740 sales, 445640 purchases, the document's
// own tax line plus its cash-basis entries) is the tax still pending: the
// whole tax with nothing allocated, within a cent per live allocation of
// tax × (1 − allocated / total) while open, and zero once settled; once
// settled the VAT moved to the final account (445710 / 445660) for it is
// round(tax × received / total), received = total − written off (a credit
// note settles, and its own VAT comes back the same way); the VATReport's
// tax per rate is what the documents moved. Each round ends with everything
// settled, and the VATReport of its month then has, per tax, the sum of the
// model's bases round(base × received / total) and taxes. Replay with
// -hrev85seed; -hrev85rounds runs more seeds.

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
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
	h85Sales     = []tax.Tax{h85VATPay, h85VATPay10, cabaTax("V55E", "5.5")}
	h85Purchases = []tax.Tax{h85VATBuy, {ID: "A10E", Name: "TVA 10 % ded enc", Rate: tax.MustParsePercent("10"),
		Exigibility: tax.OnPayment, FinalAccount: "445660", TransitionAccount: "445640"}}
)

const h85Tolerance = 300 // cents

// h85tax is one tax of a model document, in cents, positive.
type h85tax struct {
	id, trans, final string
	base, tax        int64
}

// h85doc is the model of one document.
type h85doc struct {
	e        journal.Entry
	name     string
	supplier bool
	note     bool // a credit note, lettered against inv
	inv      *h85doc
	total    int64
	taxes    []h85tax
	pays     map[journal.ID]int64 // live payments (payment entry → cents)
	cns      map[*h85doc]int64    // live credit notes
	free     map[journal.ID]int64 // its payments detached, open
	wo       int64                // live write-off
	on       *h85doc              // a credit note: the invoice it is lettered with, nil when open
}

func (d *h85doc) ref() journal.LineRef { return d.e.LineRef(0) }

func (d *h85doc) allocated() int64 {
	if d.note {
		if d.on != nil {
			return d.total
		}
		return 0
	}
	n := d.wo
	for _, a := range d.pays {
		n += a
	}
	for _, a := range d.cns {
		n += a
	}
	return n
}

func (d *h85doc) live() int64 {
	if d.note {
		return min(1, d.allocated())
	}
	return int64(len(d.pays) + len(d.cns) + min(1, int(d.wo)))
}

// h85round is round(a × b / c), half away from zero, for a, b ≥ 0, c > 0.
func h85round(a, b, c int64) int64 { return (2*a*b + c) / (2 * c) }

type h85c struct {
	t     *testing.T
	f     *fixture
	r     *rand.Rand
	seed  uint64
	month int
	step  int
	op    string
	docs  []*h85doc
	log   []string
	seen  map[string]int // what the operations did, logged
}

func (h *h85c) fail(format string, args ...any) {
	h.t.Helper()
	h.t.Fatalf("seed %d (replay: go test ./reconcile -run '^%s$' -hrev85seed %d) month %d step %d (%s): %s\nsteps:\n%s",
		h.seed, h.t.Name(), h.seed, h.month, h.step, h.op, fmt.Sprintf(format, args...), strings.Join(h.log, "\n"))
}

func (h *h85c) must(err error) {
	h.t.Helper()
	if err != nil {
		h.fail("%v", err)
	}
}

func (h *h85c) day() journal.Date {
	return journal.MustDate(2026, 1, 1).AddDays(31*(h.month-1) + h.r.IntN(28))
}

// post posts a document of the partner's side with bases per tax.
func (h *h85c) post(supplier, note bool, taxes []tax.Tax, bases []int64) *h85doc {
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: h.day(), Partner: "C1", PartnerAccount: "411000"}
	account := "706000"
	if supplier {
		inv.Kind, inv.Journal, inv.Partner, inv.PartnerAccount, account = journal.SupplierBill, "AC", "S1", "401000", "607000"
	}
	if note {
		inv.Kind++ // CustomerCreditNote, SupplierCreditNote
	}
	for i, x := range taxes {
		inv.Lines = append(inv.Lines, journal.InvoiceLine{UnitPrice: currency.FromMinor(eur, bases[i]), Taxes: []tax.Tax{x}, Account: account})
	}
	x, err := inv.Entry()
	h.must(err)
	e := h.f.post(h.t, x)
	d := &h85doc{e: e, name: e.Name(), supplier: supplier, note: note, total: abs85(signedMinor(e.Lines[0].Balance)),
		pays: map[journal.ID]int64{}, cns: map[*h85doc]int64{}, free: map[journal.ID]int64{}}
	for i, x := range taxes {
		var amount int64
		for _, l := range e.Lines {
			if l.TaxRole == tax.RoleTax && l.Taxes[0].ID == x.ID {
				amount += abs85(signedMinor(l.Balance))
			}
		}
		d.taxes = append(d.taxes, h85tax{id: x.ID, trans: x.TransitionAccount, final: x.FinalAccount, base: bases[i], tax: amount})
	}
	h.docs = append(h.docs, d)
	h.log = append(h.log, fmt.Sprintf("  doc %s total %d taxes %+v", d.name, d.total, d.taxes))
	return d
}

func abs85(n int64) int64 { return max(n, -n) }

func (h *h85c) invoice() {
	supplier := h.r.IntN(3) == 0
	pool := h85Sales
	if supplier {
		pool = h85Purchases
	}
	taxes := []tax.Tax{pool[h.r.IntN(len(pool))]}
	if other := pool[h.r.IntN(len(pool))]; h.r.IntN(2) == 0 && other.ID != taxes[0].ID {
		taxes = append(taxes, other)
	}
	var bases []int64
	for range taxes {
		bases = append(bases, 1+h.r.Int64N([]int64{100, 10_000, 1_000_000}[h.r.IntN(3)]))
	}
	h.post(supplier, false, taxes, bases)
}

func (h *h85c) residual(d *h85doc) int64 {
	return abs85(signedMinor(residualOf(h.t, h.f, d.ref()).Balance))
}

func (h *h85c) direction(d *h85doc) reconcile.Direction {
	if d.supplier {
		return reconcile.Outbound
	}
	return reconcile.Inbound
}

// open returns the invoices (not credit notes) with something left to pay.
func (h *h85c) open() []*h85doc {
	var out []*h85doc
	for _, d := range h.docs {
		if !d.note && d.total-d.allocated() > 0 {
			out = append(out, d)
		}
	}
	return out
}

func (h *h85c) pay(d *h85doc, amount int64) {
	res, err := h.f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: h.direction(d), Partner: d.e.Lines[0].Partner,
		Journal: "BQD", Date: h.day(), Amount: currency.FromMinor(eur, amount), Method: reconcile.MethodTransfer,
		Invoices: []journal.ID{d.e.ID}})
	h.must(err)
	d.pays[res.Entries[0].ID] = amount
	h.log = append(h.log, fmt.Sprintf("  pay %s %d on %s", d.name, amount, res.Entries[0].Name()))
}

// step runs one random operation.
func (h *h85c) stepOnce() {
	open := h.open()
	var withAlloc []*h85doc
	for _, d := range h.docs {
		if !d.note && d.live() > 0 {
			withAlloc = append(withAlloc, d)
		}
	}
	switch k := h.r.IntN(10); {
	case k == 0 || len(open) == 0:
		h.op = "invoice"
		h.invoice()
	case k <= 3:
		h.op = "pay"
		d := open[h.r.IntN(len(open))]
		owed := d.total - d.allocated()
		amount := owed
		switch h.r.IntN(3) {
		case 0:
			if owed > 1 {
				amount = 1 + h.r.Int64N(owed-1)
			}
		case 1:
			if owed > h85Tolerance {
				amount = owed - 1 - h.r.Int64N(h85Tolerance)
			}
		}
		h.pay(d, amount)
	case k == 4:
		h.op = "credit note"
		d := open[h.r.IntN(len(open))]
		owed := d.total - d.allocated()
		x := d.taxes[h.r.IntN(len(d.taxes))]
		pool := h85Sales
		if d.supplier {
			pool = h85Purchases
		}
		t := pool[slices.IndexFunc(pool, func(t tax.Tax) bool { return t.ID == x.id })]
		// A base whose total with its tax stays within what is owed.
		maxBase := owed * 1000 / 1210
		if maxBase < 1 {
			return
		}
		cn := h.post(d.supplier, true, []tax.Tax{t}, []int64{1 + h.r.Int64N(maxBase)})
		cn.inv = d
		if cn.total > owed {
			return // left open
		}
		_, err := h.f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{d.ref(), cn.ref()}})
		h.must(err)
		cn.on, d.cns[cn] = d, cn.total
		h.log = append(h.log, fmt.Sprintf("  credit-note %s lettered with %s", cn.name, d.name))
	case k == 5:
		h.op = "write off"
		for _, d := range open {
			if owed := d.total - d.allocated(); owed <= h85Tolerance {
				_, err := h.f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{d.ref()}, WriteOff: true})
				h.must(err)
				d.wo = owed
				h.log = append(h.log, fmt.Sprintf("  write off %s %d", d.name, owed))
				return
			}
		}
	case k == 6 && len(withAlloc) > 0:
		h.op = "detach"
		d := withAlloc[h.r.IntN(len(withAlloc))]
		pays := h85ids(d.pays)
		cns := slices.SortedFunc(maps.Keys(d.cns), func(a, b *h85doc) int { return strings.Compare(a.name, b.name) })
		if len(pays)+len(cns) == 0 {
			return
		}
		if i := h.r.IntN(len(pays) + len(cns)); i < len(pays) {
			_, err := h.f.rec.Detach(ctx, journal.NoID, journal.LineRef{Entry: pays[i]})
			h.must(err)
			d.free[pays[i]] = d.pays[pays[i]]
			delete(d.pays, pays[i])
			h.log = append(h.log, fmt.Sprintf("  detach payment %s from %s", pays[i], d.name))
		} else {
			cn := cns[i-len(pays)]
			_, err := h.f.rec.Detach(ctx, journal.NoID, cn.ref())
			h.must(err)
			delete(d.cns, cn)
			cn.on = nil
			h.log = append(h.log, fmt.Sprintf("  detach %s from %s", cn.name, d.name))
		}
		d.wo = 0 // a write-off belongs to its match (DESIGN §5)
	case k == 7 && len(withAlloc) > 0:
		h.op = "unletter"
		d := withAlloc[h.r.IntN(len(withAlloc))]
		_, err := h.f.rec.Unletter(ctx, journal.NoID, d.ref())
		h.must(err)
		maps.Copy(d.free, d.pays)
		clear(d.pays)
		for cn := range d.cns {
			cn.on = nil
		}
		clear(d.cns)
		d.wo = 0
		h.log = append(h.log, fmt.Sprintf("  unletter %s", d.name))
	default:
		h.op = "reletter"
		for _, d := range open {
			owed := d.total - d.allocated()
			lines := []journal.LineRef{d.ref()}
			var took []func()
			for _, p := range h85ids(d.free) {
				if a := d.free[p]; a <= owed && h.r.IntN(3) != 0 {
					owed -= a
					lines = append(lines, journal.LineRef{Entry: p})
					took = append(took, func() { d.pays[p] = a; delete(d.free, p) })
				}
			}
			for _, cn := range h.docs {
				if cn.note && cn.inv == d && cn.on == nil && cn.total <= owed {
					owed -= cn.total
					lines = append(lines, cn.ref())
					took = append(took, func() { cn.on, d.cns[cn] = d, cn.total })
				}
			}
			if len(lines) == 1 {
				continue
			}
			_, err := h.f.rec.Reconcile(ctx, reconcile.Request{Lines: lines})
			h.must(err)
			for _, f := range took {
				f()
			}
			h.log = append(h.log, fmt.Sprintf("  reletter %s with %d lines", d.name, len(lines)-1))
			return
		}
	}
}

// moved reads, per document and tax, what its own lines and its
// cash-basis entries put on the transition and final accounts.
func (h *h85c) moved() (trans, final map[journal.ID]map[string]int64) {
	trans, final = map[journal.ID]map[string]int64{}, map[journal.ID]map[string]int64{}
	for pe, err := range h.f.book.Entries(ctx, ledger.EntryFilter{}) {
		h.must(err)
		x := pe.Entry
		doc := x.Document
		if x.IsDocument() && x.ReversalOf == journal.NoID {
			doc = x.ID
		} else if x.Type != journal.TypeCashBasis {
			continue
		}
		if trans[doc] == nil {
			trans[doc], final[doc] = map[string]int64{}, map[string]int64{}
		}
		for _, l := range x.Lines {
			if l.TaxRole != tax.RoleTax || len(l.Taxes) == 0 {
				continue
			}
			t := l.Taxes[0]
			switch l.Account {
			case t.TransitionAccount:
				trans[doc][t.ID] += signedMinor(l.Balance)
			case t.FinalAccount:
				final[doc][t.ID] += signedMinor(l.Balance)
			}
		}
	}
	return trans, final
}

// sign is the sign of a document's tax lines: sales invoices and purchase
// credit notes credit their tax, bills and sales credit notes debit it.
func (d *h85doc) sign() int64 {
	if d.supplier != d.note {
		return 1
	}
	return -1
}

func (h *h85c) check() {
	h.t.Helper()
	h.must(h.f.book.Check(ctx))
	trans, final := h.moved()
	reported := map[string]int64{}
	for _, d := range h.docs {
		if got, want := h.residual(d), d.total-d.allocated(); got != want {
			h.fail("%s: residual %d, the model says %d", d.name, got, want)
		}
		settled := d.total == d.allocated()
		for _, x := range d.taxes {
			tr, fi := d.sign()*trans[d.e.ID][x.id], d.sign()*final[d.e.ID][x.id]
			rs := int64(-1) // the report shows collected credits and deductible debits positive
			if d.supplier {
				rs = 1
			}
			reported[x.id] += rs * final[d.e.ID][x.id]
			switch {
			case settled:
				want := h85round(x.tax, d.total-d.wo, d.total)
				if fi != want || tr != 0 {
					h.fail("%s settled (total %d, written off %d), tax %s of %d: %d moved to %s, want round(%d × %d / %d) = %d; %d left on %s, want 0",
						d.name, d.total, d.wo, x.id, x.tax, fi, x.final, x.tax, d.total-d.wo, d.total, want, tr, x.trans)
				}
			case d.allocated() == 0:
				if fi != 0 || tr != x.tax {
					h.fail("%s, nothing allocated, tax %s of %d: %d on %s, %d on %s", d.name, x.id, x.tax, tr, x.trans, fi, x.final)
				}
			default:
				pending := x.tax - h85round(x.tax, d.allocated(), d.total)
				if abs85(tr-pending) > d.live() || tr+fi != x.tax {
					h.fail("%s open (%d of %d allocated in %d parts), tax %s of %d: %d pending on %s, want %d (± a cent a part); %d on %s",
						d.name, d.allocated(), d.total, d.live(), x.id, x.tax, tr, x.trans, pending, fi, x.final)
				}
			}
		}
	}
	from := journal.MustDate(2026, 1, 1).AddDays(31 * (h.month - 1))
	rep, err := h.f.rec.VATReport(ctx, from, from.AddDays(30))
	h.must(err)
	got := map[string]int64{}
	for _, l := range rep.Lines {
		got[l.TaxID] += signedMinor(l.Tax)
	}
	for id, want := range reported {
		if got[id] != want {
			h.fail("VATReport %s–%s: tax %s %d, the documents moved %d", from, from.AddDays(30), id, got[id], want)
		}
	}
}

// settleAll pays what is left, letters open credit notes, and checks the
// month's VATReport against the model's bases and taxes.
func (h *h85c) settleAll() {
	h.op = "settle all"
	for _, d := range h.docs {
		if d.note && d.on == nil && d.inv.total-d.inv.allocated() >= d.total {
			_, err := h.f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{d.inv.ref(), d.ref()}})
			h.must(err)
			d.on, d.inv.cns[d] = d.inv, d.total
		}
	}
	for _, d := range h.open() {
		h.pay(d, d.total-d.allocated())
	}
	h.check()
	base, vat := map[string]int64{}, map[string]int64{}
	for _, d := range h.docs {
		if d.note && d.on == nil {
			continue // a credit note larger than what its invoice had left: open, outside the report
		}
		s := int64(1)
		if d.note {
			s = -1
		}
		for _, x := range d.taxes {
			base[x.id] += s * h85round(x.base, d.total-d.wo, d.total)
			vat[x.id] += s * h85round(x.tax, d.total-d.wo, d.total)
		}
	}
	from := journal.MustDate(2026, 1, 1).AddDays(31 * (h.month - 1))
	rep, err := h.f.rec.VATReport(ctx, from, from.AddDays(30))
	h.must(err)
	gotBase, gotVAT := map[string]int64{}, map[string]int64{}
	for _, l := range rep.Lines {
		gotBase[l.TaxID] += signedMinor(l.Base)
		gotVAT[l.TaxID] += signedMinor(l.Tax)
	}
	for id := range base {
		if gotBase[id] != base[id] || gotVAT[id] != vat[id] {
			h.fail("VATReport %s–%s, tax %s: base %d tax %d, the model says base %d tax %d (Σ round(x × received / total))",
				from, from.AddDays(30), id, gotBase[id], gotVAT[id], base[id], vat[id])
		}
	}
}

// Passes (a regression test): cash-basis VAT is the VAT on what was
// received; see the file's comment. Each month of 2026 is a round.
func TestHrev85CashBasisIsVATOnReceived(t *testing.T) {
	t.Parallel()
	for _, seed := range hrev85Seeds(t) {
		for _, s := range stores[:2] { // memstore, boltstore
			t.Run(fmt.Sprintf("%s/%d", s.Name, seed), func(t *testing.T) {
				f := newFixture(t, s.Open(t))
				var err error
				f.rec, err = reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{currency.FromMinor(eur, h85Tolerance)}})
				require.NoError(t, err)
				h := &h85c{t: t, f: f, r: rand.New(rand.NewPCG(seed, 850)), seed: seed, seen: map[string]int{}}
				for h.month = 1; h.month <= 3; h.month++ {
					h.docs, h.log = nil, nil
					for i := 0; i < 2+h.r.IntN(3); i++ {
						h.invoice()
					}
					for h.step = 1; h.step <= 16; h.step++ {
						h.stepOnce()
						h.log = append(h.log, fmt.Sprintf("step %d: %s", h.step, h.op))
						h.check()
					}
					h.settleAll()
					for _, l := range h.log {
						if strings.HasPrefix(l, "  ") {
							h.seen[strings.Fields(l)[0]]++
						}
					}
				}
				t.Logf("operations: %v", h.seen)
			})
		}
	}
}

// h85ids are a map's ids in a stable order, for replays.
func h85ids(m map[journal.ID]int64) []journal.ID {
	return slices.SortedFunc(maps.Keys(m), func(a, b journal.ID) int { return strings.Compare(a.String(), b.String()) })
}
