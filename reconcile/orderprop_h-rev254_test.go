package reconcile_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/stretchr/testify/require"
)

// Review h-rev254: results that must not depend on the order lettering is
// done in, nor on how it is split, in multi-currency books with cash-basis
// VAT and write-offs.
//
// TestHrev254RandomOrderSplit builds a small random book (one customer,
// company currency EUR, documents in USD, GBP, JPY, CHF or EUR, one to two
// invoices some with VAT on payment, maybe a credit note, one to three
// receipts, one maybe in euros, paying exactly, a few minor units short or
// over; rates set per date with six decimals, moving or not) and letters
// the same lines in five ways, each in a book of its own: all at once;
// pair by pair in a random order; in random partial steps (limit); pair by
// pair with a line detached and lettered again; all at once, everything
// unlettered, then pair by pair. Properties (DESIGN §5, §7):
//   - Check is clean after every command (scenario runner);
//   - unlettering everything restores every residual and every account's
//     balance to what it was before lettering;
//   - a fully lettered set leaves 411000 and 445740 at zero in both
//     currencies, 445710 holding the documents' whole VAT in their
//     currency, and the same 656000, 756000, 658000, 758000 and 445710
//     balances whatever the way;
//   - at one rate throughout, nothing reaches 656000/756000 but the cents
//     the set's lines do not sum to (no gain beside a loss);
//   - no foreign line keeps a company residual without a foreign one (or
//     the reverse).
//
// Every run plays a few fixed seeds (hrev254Seeds). Replay one round
// with -hrevseed N (or HREV254_SEED=N); -hrevrounds N plays N rounds from
// a time-based seed, or from -hrevseed N (HREV254_SURVEY=1 reports every
// failing round); -hrevstrict compares
// every watched account of books lettered in parts or with cash basis too,
// the exchange result (656000 with 756000) as one figure (off by default:
// TestHrev269JPYEntryRoundingNoGainBesideLoss pins one of its former
// failures).
var (
	hrev254Seed   = flag.Uint64("hrevseed", 0, "seed of one round of TestHrev254RandomOrderSplit (0: time-based rounds)")
	hrev254Rounds = flag.Int("hrevrounds", 0, "rounds of TestHrev254RandomOrderSplit (0: the fixed seeds, or the one seed given)")
)

func TestHrev254RandomOrderSplit(t *testing.T) {
	t.Parallel()
	randomRounds(t, *hrev254Seed, *hrev254Rounds, "HREV254", "hrevseed", hrev254Seeds, hrev254Round)
}

// hrev254Seeds are the rounds every run plays: at one rate a several-line
// invoice with cash basis and a credit note (1100) and a gain beside a
// loss (1160); a euro receipt of two invoices lettered pair by pair
// (1280) and detached and lettered again (1005).
var hrev254Seeds = []uint64{1100, 1160, 1280, 1005}

// hrev254Accounts are the accounts whose currency balances a book's state
// shows.
var hrev254Accounts = []string{"411000", "445740", "445710", "706000"}

func hrev254Round(t *testing.T, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 254))
	curs := []string{"USD", "GBP", "JPY", "CHF", "EUR"}
	code := curs[r.IntN(len(curs))]
	cur := currency.MustLookup(code)
	dates := []string{"2026-03-02", "2026-03-16", "2026-04-01"}
	oneRate := r.IntN(3) == 0
	var setup []string
	rates := map[string]currency.Rate{}
	if code != "EUR" {
		var q string
		for i, dt := range dates {
			if i == 0 || !oneRate {
				switch code {
				case "USD":
					q = fmt.Sprintf("1.%06d", r.IntN(300000))
				case "GBP":
					q = fmt.Sprintf("0.8%06d", r.IntN(1000000))
				case "JPY":
					q = fmt.Sprintf("1%02d.%03d", 50+r.IntN(20), r.IntN(1000))
				case "CHF":
					q = fmt.Sprintf("0.9%06d", r.IntN(1000000))
				}
			}
			rates[dt] = currency.MustParseRate(q)
			setup = append(setup, fmt.Sprintf("rate %s %s %s", code, dt, q))
		}
		tol := "0.05"
		if cur.Digits() == 0 {
			tol = "5"
		}
		setup = append(setup, fmt.Sprintf("tolerance %s cur=%s", tol, code))
	}
	scale := int64(1)
	if cur.Digits() == 0 {
		scale = 1 // yen amounts in units, as large in count as cents
	}
	money := func(lo, hi int64) string { return currency.FromMinor(cur, scale*(lo+r.Int64N(hi-lo))).Plain() }
	day := func() string { return dates[r.IntN(len(dates))] }
	curOpt := ""
	if code != "EUR" {
		curOpt = " cur=" + code
	}
	var set, debits []string
	cashBasis := false
	for i := 1; i <= 1+r.IntN(2); i++ {
		n := fmt.Sprintf("I%d", i)
		switch r.IntN(4) {
		case 0:
			setup = append(setup, fmt.Sprintf("invoice %s C1 %s %s%s", n, day(), money(100, 300000), curOpt))
		case 1:
			setup = append(setup, fmt.Sprintf("sale %s C1 %s %s@20%s", n, day(), money(100, 300000), curOpt))
		case 2:
			cashBasis = true
			setup = append(setup, fmt.Sprintf("sale %s C1 %s %s@20e%s", n, day(), money(100, 300000), curOpt))
		default:
			cashBasis = true
			setup = append(setup, fmt.Sprintf("sale %s C1 %s %s@20e %s@5.5e%s", n, day(), money(100, 200000), money(100, 100000), curOpt))
		}
		set, debits = append(set, n), append(debits, n)
	}
	if r.IntN(3) == 0 {
		if cashBasis && r.IntN(2) == 0 {
			setup = append(setup, fmt.Sprintf("salecredit CN C1 %s %s@20e%s", day(), money(10, 5000), curOpt))
		} else {
			setup = append(setup, fmt.Sprintf("creditnote CN C1 %s %s%s", day(), money(10, 5000), curOpt))
		}
		set = append(set, "CN")
	}
	// The probe book: the documents, then receipts that pay what they owe.
	probe := newOrderBook(t, "all at once", hrev254Accounts, setup)
	if probe.err != "" {
		return "setup: " + probe.err + "\n" + strings.Join(probe.cmds, "\n")
	}
	var owed int64
	for _, n := range set {
		owed += signedMinor(probe.res(t, n).AmountCurrency)
	}
	if owed <= 0 {
		// The credit note covers the invoices: no payment to make, and
		// payments drawn from a negative amount would go the wrong way.
		return ""
	}
	mode := r.IntN(10) // 0-5 exact, 6-7 short (written off), 8-9 over
	switch {
	case mode >= 8:
		owed += 1 + r.Int64N(max(1, owed/5))
	case mode >= 6:
		owed -= 1 + r.Int64N(4)
	}
	npay := 1 + r.IntN(3)
	cuts := []int64{0, owed}
	for i := 1; i < npay; i++ {
		cuts = append(cuts, 1+r.Int64N(max(1, owed-1)))
	}
	slicesSort(cuts)
	euroPay := code != "EUR" && npay > 1 && r.IntN(3) == 0
	var paid int64
	for i := 1; i <= npay; i++ {
		n := fmt.Sprintf("P%d", i)
		dt := day()
		part := cuts[i] - cuts[i-1]
		if i == npay {
			part = owed - paid
		}
		if part <= 0 {
			continue
		}
		if euroPay && i == 1 { // in euros, worth part at the day's rate
			eur0, err := rates[dt].ToCompany(currency.FromMinor(cur, part), eur, probe.f.book.Rounding())
			require.NoError(t, err)
			if eur0.IsZero() {
				continue
			}
			back, err := rates[dt].FromCompany(eur0, cur, probe.f.book.Rounding())
			require.NoError(t, err)
			part = signedMinor(back)
			setup = append(setup, fmt.Sprintf("pay %s C1 BQD %s %s", n, dt, eur0.Plain()))
		} else {
			setup = append(setup, fmt.Sprintf("pay %s C1 BQD %s %s%s", n, dt, currency.FromMinor(cur, part).Plain(), curOpt))
		}
		paid += part
		set = append(set, n)
		if !probe.do(t, setup[len(setup)-1]) {
			return "setup: " + probe.err + "\n" + strings.Join(probe.cmds, "\n")
		}
	}
	short := mode >= 6 && mode < 8
	before := probe.state(t, set, cur)
	isDebit := map[string]bool{}
	for _, n := range debits {
		isDebit[n] = true
	}
	open := func(b *orderBook, debit bool) []string {
		var out []string
		for _, n := range set {
			if isDebit[n] == debit && !b.res(t, n).IsZero() {
				out = append(out, n)
			}
		}
		return out
	}
	allOpen := func(b *orderBook) []string { return append(open(b, true), open(b, false)...) }
	// finish letters pair by pair (in parts when split), then writes off
	// what a short payment left.
	finish := func(b *orderBook, split bool) {
		for step := 0; step < 30; step++ {
			ds, cs := open(b, true), open(b, false)
			if len(ds) == 0 || len(cs) == 0 {
				break
			}
			dn, cn := ds[r.IntN(len(ds))], cs[r.IntN(len(cs))]
			cmd := "letter " + dn + " " + cn
			if split && r.IntN(2) == 0 {
				rd, rc := b.res(t, dn), b.res(t, cn)
				if rd.AmountCurrency.Currency() == cur && rc.AmountCurrency.Currency() == cur {
					m := min(minorOf(rd.AmountCurrency), minorOf(rc.AmountCurrency))
					if m > 1 {
						cmd += fmt.Sprintf(" limit=%s%s", currency.FromMinor(cur, 1+r.Int64N(m-1)).Plain(), curOpt)
					}
				}
			}
			if !b.do(t, cmd) {
				return
			}
		}
		if short {
			if rest := allOpen(b); len(rest) > 0 {
				b.do(t, "letter "+strings.Join(rest, " ")+" writeoff=1")
			}
		}
	}
	newBook := func(name string) *orderBook { return newOrderBook(t, name, hrev254Accounts, setup) }
	all := "letter " + strings.Join(set, " ")
	if short {
		all += " writeoff=1"
	}
	probe.do(t, all)
	books := []*orderBook{probe}
	pair := newBook("pair by pair")
	finish(pair, false)
	parts := newBook("in parts")
	finish(parts, true)
	det := newBook("detach and again")
	finish(det, false)
	if det.err == "" {
		var lettered []string
		for _, n := range set {
			if before.res[n] != det.state(t, []string{n}, cur).res[n] {
				lettered = append(lettered, n)
			}
		}
		if len(lettered) > 0 {
			det.do(t, "detach "+lettered[r.IntN(len(lettered))])
			finish(det, r.IntN(2) == 0)
		}
	}
	undo := newBook("all, unlettered, pair by pair")
	undo.do(t, all)
	var msgs []string
	for i := 0; i < 10 && undo.err == ""; i++ {
		st := undo.state(t, set, cur)
		var n string
		for _, x := range set {
			if st.res[x] != before.res[x] {
				n = x
				break
			}
		}
		if n == "" {
			break
		}
		undo.do(t, "unletter "+n)
	}
	if undo.err == "" {
		if d := before.diff(undo.state(t, set, cur)); d != "" {
			msgs = append(msgs, "unlettering everything does not restore the book: "+d)
		}
	}
	finish(undo, false)
	books = append(books, pair, parts, det, undo)
	for _, b := range books {
		if b.err != "" {
			msgs = append(msgs, fmt.Sprintf("%s: %s", b.name, b.err))
		}
	}
	if len(msgs) > 0 {
		return strings.Join(msgs, "\n") + "\n" + books[len(books)-1].dump() + "\n" + books[0].dump()
	}
	var ref *orderBook
	var refSt orderState
	var refAlloc string
	watched := []string{"656000", "756000", "658000", "758000", "445710", "445740", "411000", "411000/" + code, "445740/" + code, "445710/" + code}
	var setCompany int64
	for _, n := range set {
		for _, l := range probe.s.docs[n].Lines[:1] {
			setCompany += signedMinor(l.Balance)
		}
	}
	for _, b := range books {
		st := b.state(t, set, cur)
		full := true
		for _, n := range set {
			rs := b.res(t, n)
			if rs.Balance.IsZero() != rs.AmountCurrency.IsZero() && rs.AmountCurrency.Currency() != eur {
				msgs = append(msgs, fmt.Sprintf("%s: %s keeps %s", b.name, n, st.res[n]))
			}
			if !rs.IsZero() {
				full = false
			}
		}
		if mode < 8 && !full {
			msgs = append(msgs, fmt.Sprintf("%s: not fully lettered: %v", b.name, st.res))
		}
		if !full {
			continue
		}
		for _, a := range []string{"411000", "445740", "411000/" + code, "445740/" + code} {
			if v := st.bal[a]; v != "" && !(euroPay && a == "411000/"+code) { // a euro receipt pays dollars with none
				msgs = append(msgs, fmt.Sprintf("%s: fully lettered, %s at %s", b.name, a, v))
			}
		}
		if code != "EUR" && !short { // a write-off's share of the tax goes with the loss (DESIGN §5, CGI art. 269-2-c)
			minor := func(v string) int64 {
				if v == "" {
					return 0
				}
				return signedMinor(currency.MustParse(cur, v))
			}
			k := "445710/" + code
			if moved, vat := minor(st.bal[k])-minor(before.bal[k]), minor(before.bal["445740/"+code]); moved != vat {
				msgs = append(msgs, fmt.Sprintf("%s: 445710 took %d minor units of %s, the documents booked %d on 445740", b.name, moved, code, vat))
			}
		}
		if oneRate && !short && !euroPay {
			var fx int64
			var both bool
			for _, a := range []string{"656000", "756000"} {
				if v := st.bal[a]; v != "" {
					fx += signedMinor(currency.MustParse(eur, v))
				}
			}
			both = st.bal["656000"] != "" && st.bal["756000"] != ""
			if fx != setCompany || both {
				msgs = append(msgs, fmt.Sprintf("%s: one rate, the set's lines sum to %d cents, 656000 %q 756000 %q", b.name, setCompany, st.bal["656000"], st.bal["756000"]))
			}
			em := func(v string) int64 {
				if v == "" {
					return 0
				}
				return signedMinor(currency.MustParse(eur, v))
			}
			if moved, vat := em(st.bal["445710"])-em(before.bal["445710"]), em(before.bal["445740"]); moved != vat {
				msgs = append(msgs, fmt.Sprintf("%s: one rate, 445710 took %d cents for a VAT of %d on 445740", b.name, moved, vat))
			}
		}
		alloc, splits := b.allocation(t, set)
		if ref == nil {
			ref, refSt, refAlloc = b, st, alloc
			continue
		}
		if alloc != refAlloc {
			continue // another allocation pays each document at other rates
		}
		inParts := splits > strings.Count(alloc, ":") || cashBasis
		if inParts {
			// Lettered in parts: each partial's cash-basis share and
			// partial drop is rounded on its own (DESIGN §5, consume's
			// "rounded once per allocation"), which may move a cent
			// between 445710 and the exchange accounts, never their sum.
			// Cash-basis shares are cumulative (DESIGN §5): which receipt
			// takes the rounding unit depends on the order, and with it
			// the rate that unit is converted at — again never the sum.
			sum := func(st orderState) int64 {
				var n int64
				for _, a := range []string{"656000", "756000", "658000", "758000", "445710"} {
					if v := st.bal[a]; v != "" {
						n += signedMinor(currency.MustParse(eur, v))
					}
				}
				return n
			}
			if sum(st) != sum(refSt) {
				msgs = append(msgs, fmt.Sprintf("%s: 656000+756000+658000+758000+445710 at %d cents, %d %s (same allocation %s)", b.name, sum(st), sum(refSt), ref.name, alloc))
			}
			if !*orderStrict {
				continue
			}
		}
		for _, d := range orderDiffs(eur, watched, st, refSt, inParts) {
			msgs = append(msgs, fmt.Sprintf("%s: %s %s (same allocation %s, %d partials)", b.name, d, ref.name, alloc, splits))
		}
	}
	return roundFailure(msgs, books)
}

// allocation is how much of each set document each set line paid, in
// their currencies, and how many live partials between set lines there are.
func (b *orderBook) allocation(t *testing.T, set []string) (string, int) {
	names := map[journal.LineRef]string{}
	for _, n := range set {
		names[b.s.refs([]string{n})[0]] = n
	}
	sums := map[string]string{}
	n := 0
	require.NoError(t, b.f.book.View(ctx, func(tx *ledger.Tx) error {
		return tx.EachPartial(func(p journal.Partial) error {
			dn, ok1 := names[p.Debit]
			cn, ok2 := names[p.Credit]
			if !ok1 || !ok2 || p.UndoneBy != journal.NoID {
				return nil
			}
			n++
			k := dn + "-" + cn
			if old, ok := sums[k]; ok {
				a, _ := currency.MustParse(p.DebitAmountCurrency.Currency(), old).Add(p.DebitAmountCurrency)
				sums[k] = a.Plain()
			} else {
				sums[k] = p.DebitAmountCurrency.Plain()
			}
			return nil
		})
	}))
	var out []string
	for _, d := range set {
		for _, c := range set {
			if v, ok := sums[d+"-"+c]; ok {
				out = append(out, d+"-"+c+":"+v)
			}
		}
	}
	return strings.Join(out, ","), n
}

func slicesSort(a []int64) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}
