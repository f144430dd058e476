package reconcile_test

// Review h-rev95: h-rev85's closed-year properties over three calendar
// years. A random book over 2026, 2027 and 2028 (customers C1–C3 and a
// supplier, invoices, bills and credit notes with VAT on debits or on
// payment, receipts and payments in full, in part or a few cents short,
// by transfer or cheque); 2026 and then 2027 are closed
// (ledger.Book.CloseFiscalYear) at random steps; between and after the
// closings, random operations on lines of any year: payments dated in an
// open year, full and partial lettering (Reconcile with a Limit), write-offs
// within tolerance, unlettering (Unletter) and detaching (Detach) of lines
// of closed and open years, relettering what was undone, cancelled
// payments. After every step:
//
//  1. the FEC (pipe separated) of each closed year is byte-identical to
//     the one written right after its closing, its opening entry included
//     (DESIGN §13: closing is a definitive, irreversible lock; PCG art.
//     911-4; fecexport.go: "so that the file filed does not change");
//  2. the FEC of each open year validates (report/fec.Validate, no error)
//     and each of its letters ties up: the lines of one CompteNum,
//     CompAuxNum and EcritureLet sum to zero (DESIGN §13: only matches are
//     exported lettered, open groups are not; the opening carries each open
//     item at its residual "so that a letter of the year on an older item
//     ties up within the year's file");
//  3. Book.Check passes, and on each lettrable balance-sheet account the
//     sum of the items open at a date (ledger.Tx.OpenItemsAt) is the
//     account's balance at that date (ledger.Tx.Balance);
//  4. at random checkpoints, new payments and letterings made in the open
//     year and then undone (Detach of the new payments, Unletter of the new
//     groups) restore every earlier line's residual exactly (DESIGN §7.10).
//
// Replay with -hrev95seed; -hrev95rounds runs more seeds.

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/tax"
)

var (
	hrev95Seed   = flag.Uint64("hrev95seed", 0, "seed of the TestHrev95 randomized tests (0: time-based, logged)")
	hrev95Rounds = flag.Int("hrev95rounds", 3, "seeds run by each TestHrev95 randomized test")
	hrev95Bolt   = flag.Bool("hrev95bolt", false, "run the TestHrev95 randomized tests on boltstore too")
)

// hrev95Seeds are the seeds a randomized test runs: -hrev95seed alone, or
// -hrev95rounds seeds derived from the time.
func hrev95Seeds() []uint64 {
	if *hrev95Seed != 0 {
		return []uint64{*hrev95Seed}
	}
	base := uint64(time.Now().UnixNano())
	out := make([]uint64, *hrev95Rounds)
	for i := range out {
		out[i] = base + uint64(i)*7919
	}
	return out
}

// h95Years are the book's calendar years.
var h95Years = []int{2026, 2027, 2028}

// h95 is one run of the three-year closed-year properties.
type h95 struct {
	t      *testing.T
	f      *fixture
	r      *rand.Rand
	seed   uint64
	step   int
	op     string
	closed int // the last closed year, 2025 for none
	lines  []journal.LineRef
	acct   map[journal.LineRef]string
	part   map[journal.LineRef]string
	year   map[journal.LineRef]int
	date   map[journal.LineRef]journal.Date
	bal    map[journal.LineRef]int64 // the line's balance, in cents
	usd    currency.Currency
	dollar map[journal.LineRef]bool // a line in dollars
	pays   []journal.ID
	undone [][]journal.LineRef // lines of groups undone, to letter again
	fecs   map[int][]byte      // FEC of each closed year, right after its closing
	cheque int
	log    []string
}

func newH95(t *testing.T, f *fixture, seed uint64) *h95 {
	h := &h95{t: t, f: f, r: rand.New(rand.NewPCG(seed, 95)), seed: seed, closed: 2025,
		acct: map[journal.LineRef]string{}, part: map[journal.LineRef]string{}, year: map[journal.LineRef]int{},
		date: map[journal.LineRef]journal.Date{}, bal: map[journal.LineRef]int64{}, fecs: map[int][]byte{},
		usd: currency.MustLookup("USD"), dollar: map[journal.LineRef]bool{}}
	h.must(f.book.AddFiscalYear(ctx, ledger.CalendarYear(2028)))
	var err error
	f.rec, err = reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("0.05"), currency.MustParse(h.usd, "0.05")}})
	h.must(err)
	for day := 0; day < 3*365; day += 7 {
		rate := currency.MustParseRate(fmt.Sprintf("1.%04d", 500+h.r.IntN(3000)))
		h.must(f.book.SetRate(ctx, h.usd, journal.MustDate(2026, 1, 1).AddDays(day), rate))
	}
	return h
}

func (h *h95) fail(format string, args ...any) {
	h.t.Helper()
	h.t.Fatalf("seed %d (replay: go test ./reconcile -run '^%s$' -hrev95seed %d) step %d (%s): %s\nsteps:\n%s",
		h.seed, strings.SplitN(h.t.Name(), "/", 2)[0], h.seed, h.step, h.op, fmt.Sprintf(format, args...), strings.Join(h.log, "\n"))
}

func (h *h95) must(err error) {
	h.t.Helper()
	if err != nil {
		h.fail("%v", err)
	}
}

func (h *h95) logf(format string, args ...any) { h.log = append(h.log, fmt.Sprintf(format, args...)) }

// track records the partner lines (411000, 401000) of an entry.
func (h *h95) track(x journal.Entry) {
	for i, l := range x.Lines {
		if l.Account == "411000" || l.Account == "401000" {
			ref := x.LineRef(i)
			h.lines = append(h.lines, ref)
			h.acct[ref], h.part[ref], h.year[ref], h.date[ref] = l.Account, l.Partner, x.Date.Year(), x.Date
			h.bal[ref] = signedMinor(l.Balance)
			h.dollar[ref] = l.AmountCurrency.Currency() == h.usd
		}
	}
}

// openYear is a random year the book still takes entries in, not before
// from.
func (h *h95) openYear(from int) int {
	lo := max(from, h.closed+1)
	if h.r.IntN(5) < 3 { // the earliest open year mostly: lettering before the closings
		return lo
	}
	return lo + h.r.IntN(2029-lo)
}

// day is a random day of year, not before from.
func (h *h95) day(year int, from journal.Date) journal.Date {
	d := journal.MustDate(year, 1, 1).AddDays(h.r.IntN(364))
	if d.Before(from) {
		return from
	}
	return d
}

func (h *h95) residual(ref journal.LineRef) int64 {
	return signedMinor(residualOf(h.t, h.f, ref).Balance)
}

// owed95 is a residual in the line's own currency, in minor units.
func owed95(r ledger.Residual) int64 { return signedMinor(r.AmountCurrency) }

// residuals reads every tracked line's residual in one transaction.
func (h *h95) residuals() map[journal.LineRef]ledger.Residual {
	out := make(map[journal.LineRef]ledger.Residual, len(h.lines))
	h.must(h.f.book.View(ctx, func(t *ledger.Tx) error {
		for _, ref := range h.lines {
			r, err := t.Residual(ref)
			if err != nil {
				return err
			}
			out[ref] = r
		}
		return nil
	}))
	return out
}

// document posts a random invoice, bill or credit note dated in year.
func (h *h95) document(year int) journal.Entry {
	supplier := h.r.IntN(4) == 0
	note := h.r.IntN(5) == 0
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: h.day(year, journal.Date{}), PartnerAccount: "411000",
		Partner: h64Partners[h.r.IntN(len(h64Partners))]}
	if note {
		inv.Kind = journal.CustomerCreditNote
	}
	if supplier {
		inv.Kind, inv.Journal, inv.PartnerAccount, inv.Partner = journal.SupplierBill, "AC", "401000", "S1"
		if note {
			inv.Kind = journal.SupplierCreditNote
		}
	}
	price := eur
	if !supplier && h.r.IntN(4) == 0 {
		price = h.usd
	}
	for l := 0; l < 1+h.r.IntN(2); l++ {
		line := journal.InvoiceLine{UnitPrice: currency.FromMinor(price, 100+h.r.Int64N(100_000)), Account: "706000"}
		if supplier {
			line.Account = "607000"
			line.Taxes = []tax.Tax{[]tax.Tax{h85VATBuy, h85VATBuyDebits}[h.r.IntN(2)]}
		} else {
			line.Taxes = []tax.Tax{[]tax.Tax{h85VATDebits, h85VATPay, h85VATPay10}[h.r.IntN(3)]}
		}
		inv.Lines = append(inv.Lines, line)
	}
	x, err := inv.Entry()
	h.must(err)
	posted := h.f.post(h.t, x)
	h.track(posted)
	h.logf("  %s %s %s (%s %s) on %s", posted.Name(), inv.Partner, posted.Lines[0].Balance.Plain(),
		posted.Lines[0].AmountCurrency.Plain(), posted.Lines[0].AmountCurrency.Currency(), posted.Date)
	return posted
}

// pay pays an open document line in full, in part or a few cents short
// (the cents sometimes written off), dated in an open year; it returns
// the payment's partner line, or false when the line is a credit note.
func (h *h95) pay(ref journal.LineRef) (journal.LineRef, bool) {
	owed := owed95(residualOf(h.t, h.f, ref))
	dir := reconcile.Inbound
	if owed < 0 {
		dir, owed = reconcile.Outbound, -owed
	}
	if owed == 0 || (h.acct[ref] == "411000") != (dir == reconcile.Inbound) {
		return journal.LineRef{}, false // a credit note: refunds are not part of this walk
	}
	amount, short := owed, false
	switch h.r.IntN(4) {
	case 0:
		if owed > 2 {
			amount = 1 + h.r.Int64N(owed-1)
		}
	case 1:
		if owed > 10 {
			amount, short = owed-1-h.r.Int64N(5), true
		}
	}
	date := h.day(h.openYear(h.year[ref]), h.date[ref])
	p := reconcile.Payment{Direction: dir, Partner: h.part[ref], Journal: "BQD", Date: date,
		Amount: currency.FromMinor(eur, amount), Method: reconcile.MethodTransfer, Invoices: []journal.ID{ref.Entry}}
	if h.dollar[ref] {
		p.Amount = currency.FromMinor(h.usd, amount)
	}
	if dir == reconcile.Inbound && h.r.IntN(3) == 0 {
		h.cheque++
		p.Method, p.Cheque = reconcile.MethodCheque, &reconcile.Cheque{Number: fmt.Sprintf("%07d", h.cheque), Bank: "BNP"}
	}
	res, err := h.f.rec.RegisterPayment(ctx, p)
	h.must(err)
	h.track(res.Entries[0])
	h.pays = append(h.pays, res.Entries[0].ID)
	h.logf("  pay %v with %s: %d of %d on %s", ref, res.Entries[0].Name(), amount, owed, date)
	if short && h.r.IntN(2) == 0 {
		_, err := h.f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{ref}, WriteOff: true})
		h.must(err)
		h.logf("  write off the rest of %v", ref)
	}
	return res.Entries[0].LineRef(0), true
}

// pair finds two lines of one account and partner with residuals of
// opposite signs among refs, of one currency when same.
func (h *h95) pair(refs []journal.LineRef, res map[journal.LineRef]ledger.Residual, same bool) (journal.LineRef, journal.LineRef, bool) {
	h.r.Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
	for i, a := range refs {
		for _, b := range refs[i+1:] {
			ra, rb := owed95(res[a]), owed95(res[b])
			if h.acct[a] == h.acct[b] && h.part[a] == h.part[b] && ra != 0 && rb != 0 && (ra > 0) != (rb > 0) &&
				(!same || h.dollar[a] == h.dollar[b]) {
				return a, b, true
			}
		}
	}
	return journal.LineRef{}, journal.LineRef{}, false
}

// letter letters two open lines, in full or for part of the smaller.
func (h *h95) letter(partial bool) {
	res := h.residuals()
	a, b, ok := h.pair(h.openOf(res), res, partial)
	if !ok {
		return
	}
	req := reconcile.Request{Lines: []journal.LineRef{a, b}}
	if most := min(abs64(owed95(res[a])), abs64(owed95(res[b]))); partial && most > 1 {
		c := eur
		if h.dollar[a] {
			c = h.usd
		}
		req.Limit = currency.FromMinor(c, 1+h.r.Int64N(most-1))
	}
	_, err := h.f.rec.Reconcile(ctx, req)
	h.must(err)
	h.logf("  letter %v %v limit %v", a, b, req.Limit)
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// openOf lists the tracked lines with a residual.
func (h *h95) openOf(res map[journal.LineRef]ledger.Residual) []journal.LineRef {
	var out []journal.LineRef
	for _, ref := range h.lines {
		if !res[ref].IsZero() {
			out = append(out, ref)
		}
	}
	return out
}

// lettered lists the tracked lines something is lettered on.
func (h *h95) lettered(res map[journal.LineRef]ledger.Residual) []journal.LineRef {
	var out []journal.LineRef
	for _, ref := range h.lines {
		if signedMinor(res[ref].Balance) != h.bal[ref] {
			out = append(out, ref)
		}
	}
	return out
}

// unletter unletters or detaches a lettered line of any year and keeps
// the tracked lines it touched, to letter them again later.
func (h *h95) unletter(detach bool) {
	res := h.residuals()
	refs := h.lettered(res)
	if len(refs) == 0 {
		return
	}
	ref := refs[h.r.IntN(len(refs))]
	var out reconcile.Result
	var err error
	if detach {
		out, err = h.f.rec.Detach(ctx, journal.NoID, ref)
	} else {
		out, err = h.f.rec.Unletter(ctx, journal.NoID, ref)
	}
	h.logf("  unletter %v (year %d, detach %v): %v", ref, h.year[ref], detach, err)
	if err != nil {
		return
	}
	seen := map[journal.LineRef]bool{}
	var group []journal.LineRef
	for _, p := range out.UndonePartial {
		for _, l := range []journal.LineRef{p.Debit, p.Credit} {
			if _, ok := h.acct[l]; ok && !seen[l] {
				seen[l] = true
				group = append(group, l)
			}
		}
	}
	if len(group) > 1 {
		h.undone = append(h.undone, group)
	}
}

// reletter letters again the still open lines of a group undone earlier.
func (h *h95) reletter() {
	if len(h.undone) == 0 {
		return
	}
	k := h.r.IntN(len(h.undone))
	group := h.undone[k]
	h.undone = append(h.undone[:k], h.undone[k+1:]...)
	res := h.residuals()
	var lines []journal.LineRef
	pos, neg := false, false
	for _, ref := range group {
		if n := owed95(res[ref]); n != 0 && h.acct[ref] == h.acct[group[0]] && h.part[ref] == h.part[group[0]] {
			lines = append(lines, ref)
			pos, neg = pos || n > 0, neg || n < 0
		}
	}
	if !pos || !neg {
		return
	}
	_, err := h.f.rec.Reconcile(ctx, reconcile.Request{Lines: lines})
	h.must(err)
	h.logf("  letter again %v", lines)
}

// writeOff writes off a residual of at most 5 cents.
func (h *h95) writeOff() bool {
	res := h.residuals()
	for _, ref := range h.openOf(res) {
		if n := owed95(res[ref]); n != 0 && abs64(n) <= 5 {
			_, err := h.f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{ref}, WriteOff: true})
			h.must(err)
			h.logf("  write off %v (%d)", ref, n)
			return true
		}
	}
	return false
}

// payOpen pays a random open document line.
func (h *h95) payOpen() {
	res := h.residuals()
	open := h.openOf(res)
	h.r.Shuffle(len(open), func(i, j int) { open[i], open[j] = open[j], open[i] })
	for _, ref := range open {
		if e, err := h.f.book.Entry(ctx, ref.Entry); err == nil && (e.Type == journal.TypeInvoice || e.Type == journal.TypeCreditNote) {
			if _, ok := h.pay(ref); ok {
				return
			}
		}
	}
}

// apply runs one random operation.
func (h *h95) apply() {
	switch k := h.r.IntN(12); k {
	case 0, 1:
		h.op = "document"
		h.document(h.openYear(2026))
	case 2, 3:
		h.op = "payment"
		h.payOpen()
	case 4:
		h.op = "letter in full"
		h.letter(false)
	case 5:
		h.op = "letter in part"
		h.letter(true)
	case 6, 7:
		h.op = "unletter"
		h.unletter(false)
	case 8:
		h.op = "detach"
		h.unletter(true)
	case 9:
		h.op = "letter again"
		h.reletter()
	case 10:
		h.op = "write off"
		if !h.writeOff() {
			h.payOpen()
		}
	default:
		h.op = "cancel a payment"
		if len(h.pays) > 0 {
			k := h.r.IntN(len(h.pays))
			_, err := h.f.rec.CancelPayment(ctx, journal.NoID, h.pays[k])
			h.logf("  cancel %s: %v", h.pays[k], err)
			if err == nil {
				h.pays = append(h.pays[:k], h.pays[k+1:]...)
			}
		}
	}
	h.logf("step %d: %s", h.step, h.op)
}

// closeYear closes the next year and keeps its FEC.
func (h *h95) closeYear() {
	year := h.closed + 1
	if at := time.Date(year+1, time.January, 20, 10, 0, 0, 0, time.UTC); h.f.now.Before(at) {
		*h.f.now = at
	}
	_, _, err := h.f.book.CloseFiscalYear(ctx, strconv.Itoa(year), "alice")
	h.must(err)
	h.closed = year
	h.fecs[year] = h.fecOf(year)
	h.logf("close %d", year)
}

func (h *h95) fecOf(year int) []byte {
	var buf bytes.Buffer
	_, err := report.WriteFEC(ctx, h.f.book, strconv.Itoa(year), &buf, report.FECOptions{Separator: fec.Pipe})
	h.must(err)
	return buf.Bytes()
}

// check checks properties 1 to 3.
func (h *h95) check() {
	h.t.Helper()
	for _, y := range h95Years {
		file := h.fecOf(y)
		if y <= h.closed {
			if !bytes.Equal(file, h.fecs[y]) {
				h.fail("the FEC of %d changed after its closing:\n%s", y, fecDiff(string(h.fecs[y]), string(file)))
			}
			continue
		}
		rep, err := fec.Validate(bytes.NewReader(file), fec.Options{YearStart: journal.MustDate(y, 1, 1), YearEnd: journal.MustDate(y, 12, 31)})
		h.must(err)
		if rep.Errors > 0 {
			h.fail("the %d FEC does not validate: %v", y, rep.Findings)
		}
		if bad := h95Untied(string(file)); bad != "" {
			h.fail("a letter of the %d FEC does not tie up: %s\n%s", y, bad, file)
		}
	}
	h.must(h.f.book.Check(ctx))
	h.openItemsTie()
}

// h95Untied returns the letters of a pipe-separated FEC whose lines (of
// one CompteNum and CompAuxNum) do not sum to zero, "" when all tie up.
func h95Untied(file string) string {
	sums := map[string]int64{}
	for i, line := range strings.Split(strings.TrimRight(file, "\n"), "\n") {
		f := strings.Split(strings.TrimRight(line, "\r"), "|")
		if i == 0 || len(f) < 18 || f[13] == "" {
			continue
		}
		key := f[4] + " " + f[6] + " " + f[13]
		sums[key] += h95Cents(f[11]) - h95Cents(f[12])
	}
	var out []string
	for k, v := range sums {
		if v != 0 {
			out = append(out, fmt.Sprintf("%s: %d", k, v))
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// h95Cents reads a FEC amount (decimal comma) in cents.
func h95Cents(s string) int64 {
	if s == "" {
		return 0
	}
	a, err := currency.Parse(eur, strings.Replace(s, ",", ".", 1))
	if err != nil {
		panic(err)
	}
	return signedMinor(a)
}

// openItemsTie checks that on each lettrable balance-sheet account the
// items open at a date sum to the account's balance then.
func (h *h95) openItemsTie() {
	dates := []journal.Date{journal.MustDate(2026, 12, 31), journal.MustDate(2027, 12, 31), journal.MustDate(2028, 12, 31),
		journal.MustDate(2026, 1, 1).AddDays(h.r.IntN(3 * 365))}
	h.must(h.f.book.View(ctx, func(t *ledger.Tx) error {
		accounts, err := t.Accounts()
		if err != nil {
			return err
		}
		for _, a := range accounts {
			if !a.Reconcilable || a.IsIncomeStatement() {
				continue
			}
			for _, d := range dates {
				items, err := t.OpenItemsAt(a.Code, "", d)
				if err != nil {
					return err
				}
				var sum int64
				for _, it := range items {
					sum += signedMinor(it.Residual.Balance)
				}
				b, err := t.Balance(ledger.BalanceQuery{Account: a.Code, At: d})
				if err != nil {
					return err
				}
				if bal := signedMinor(b.Balance); bal != sum {
					h.fail("account %s on %s: open items sum to %d, the balance is %d", a.Code, d, sum, bal)
				}
			}
		}
		return nil
	}))
}

// undoCheckpoint is property 4: new payments and letterings made now, then
// undone, restore every earlier line's residual.
func (h *h95) undoCheckpoint() {
	h.op = "checkpoint: letter then undo"
	before := h.residuals()
	var detach, unletter []journal.LineRef
	for i := 0; i < 1+h.r.IntN(4); i++ {
		if h.r.IntN(2) == 0 {
			res := h.residuals()
			var fresh []journal.LineRef // lines nothing is lettered on
			for _, ref := range h.lines {
				if _, old := before[ref]; old && signedMinor(res[ref].Balance) == h.bal[ref] {
					fresh = append(fresh, ref)
				}
			}
			if a, b, ok := h.pair(fresh, res, false); ok {
				_, err := h.f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{a, b}})
				h.must(err)
				unletter = append(unletter, a)
				h.logf("  letter %v %v", a, b)
				continue
			}
		}
		res := h.residuals()
		for _, ref := range h.openOf(res) {
			if _, old := before[ref]; !old {
				continue
			}
			if e, err := h.f.book.Entry(ctx, ref.Entry); err != nil || e.Type != journal.TypeInvoice {
				continue
			}
			if p, ok := h.pay(ref); ok {
				detach = append(detach, p)
				break
			}
		}
	}
	h.check()
	for _, ref := range detach {
		if h.residual(ref) != h.bal[ref] {
			_, err := h.f.rec.Detach(ctx, journal.NoID, ref)
			h.must(err)
			h.logf("  detach %v", ref)
		}
	}
	for _, ref := range unletter {
		if h.residual(ref) != h.bal[ref] {
			_, err := h.f.rec.Unletter(ctx, journal.NoID, ref)
			h.must(err)
			h.logf("  unletter %v", ref)
		}
	}
	after := h.residuals()
	for ref, r := range before {
		if !r.Balance.Equal(after[ref].Balance) || !r.AmountCurrency.Equal(after[ref].AmountCurrency) {
			h.fail("undoing what was lettered since the checkpoint leaves %v (year %d) at %s, it was at %s",
				ref, h.year[ref], after[ref].Balance.Plain(), r.Balance.Plain())
		}
	}
	for _, ref := range detach {
		if n := h.residual(ref); n != h.bal[ref] {
			h.fail("the new payment line %v is left at %d after its detach, its balance is %d", ref, n, h.bal[ref])
		}
	}
	h.logf("step %d: %s", h.step, h.op)
}

// run is one run: a few documents of each year, then random steps, 2026
// closed at a random step and 2027 at a later one.
func (h *h95) run() {
	h.op = "documents"
	for _, y := range h95Years {
		for i := 0; i < 4+h.r.IntN(4); i++ {
			h.document(y)
		}
	}
	close1 := 6 + h.r.IntN(14)
	close2 := close1 + 4 + h.r.IntN(14)
	steps := close2 + 6 + h.r.IntN(14)
	check1, check2 := 1+h.r.IntN(close1-1), close2+1+h.r.IntN(steps-close2)
	for h.step = 1; h.step <= steps; h.step++ {
		switch h.step {
		case close1, close2:
			h.op = "close"
			h.closeYear()
		case check1, check2:
			h.undoCheckpoint()
		default:
			h.apply()
		}
		h.check()
	}
	h.t.Logf("seed %d:\n%s", h.seed, strings.Join(h.log, "\n"))
}

// Passes (a regression test) unless a failure says otherwise: see the
// file's comment. Runs -hrev95rounds seeds on memstore (-hrev95bolt adds
// boltstore).
func TestHrev95ThreeYearsClosedTwice(t *testing.T) {
	t.Parallel()
	backends := stores[:1]
	if *hrev95Bolt {
		backends = stores[:2]
	}
	for _, seed := range hrev95Seeds() {
		for _, s := range backends {
			t.Run(fmt.Sprintf("%s/%d", s.Name, seed), func(t *testing.T) {
				newH95(t, newFixture(t, s.Open(t)), seed).run()
			})
		}
	}
}
