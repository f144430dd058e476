package reconcile_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// Review h-rev258: results that must not depend on the order or the
// splitting of a lettering, on the SUPPLIER side, with early-payment
// discounts and two partners — what TestHrev254RandomOrderSplit (customer
// side) left out.
//
// TestHrev258RandomSupplierOrder alternates two kinds of rounds.
//
// Order rounds: a small random payables book (company EUR, documents in
// EUR, USD, GBP, JPY or CHF; rates per date with six decimals, moving or
// not): supplier S1 with one or two bills (untaxed, VAT on invoice, VAT on
// payment — TVA déductible sur encaissements, 445640 → 445660 —, or two
// rates on payment), maybe a credit note, one to three outbound payments
// (exact, a few minor units short — written off —, or over, one maybe in
// euros when there is one bill); and a second supplier S2 with a bill and
// its payment. Each book letters the same lines one way: all at once, pair
// by pair, in random partial steps, pair by pair with a line detached and
// lettered again, all at once then everything unlettered then pair by
// pair. Properties (DESIGN §5, §7):
//   - Check is clean after every command;
//   - lettering S1's bill with S2's payment, or using S2's payment on S1's
//     bill, is refused with ErrPartner and writes nothing (DESIGN §5 "same
//     partner is required on receivable and payable accounts");
//   - unlettering everything restores every residual and balance;
//   - a fully lettered book leaves 401000 and 445640 at zero in both
//     currencies, 445660 holding exactly what the bills put on 445640, in
//     their currency;
//   - with the same allocation and no split or cash basis, 656000, 756000,
//     658000, 758000 and 445660 are the same whatever the way; otherwise
//     their sum is (at moved rates a cent can still move between them:
//     see -hrevstrict below).
//
// Discount rounds: one bill of S1 offering an early-payment discount
// (journal.PaymentTerms.Discount, 1 to 3 %, 30 days; VAT on invoice, on
// payment, or both), maybe a credit note of S1, paid within the period for
// exactly what is owed less the offer, in seven ways: naming the bill (the
// discount is taken as offered); a bank statement line paying it directly
// (after one for the other supplier, naming it, refused: ErrPartner);
// EarlyDiscount asked; the payment
// unnamed (labelled with the bill and credit note when there is one) then
// automatic lettering; without a credit note, named then the bill
// unlettered (which must restore the book) and automatic lettering, and
// named then the payment detached and automatic lettering; with one, named
// then the payment unlettered and automatic lettering, and the credit note
// lettered first then the payment with EarlyDiscount. Properties: Check clean, everything lettered, 401000 and
// 445640 at zero in both currencies, and the same 765000 (both
// currencies), the same sum of 445660 + 656000 + 756000, and without cash
// basis the same balance on every account, whatever the way (DESIGN §5
// "Settling differences": one discount per invoice, its VAT share
// computed first).
//
// At one rate the one-rate property holds with cash basis, lettered in
// parts and with a euro payment of two bills too (every line is valued at
// the one quote). Left out, at moved rates only, unless -hrevstrict: the
// exact figures of books lettered in parts or with cash basis, where a
// cent can still move between 656000, 756000 and 445660, never their sum
// (known: TestHrev269CHFCashBasisOrderOneFigure pins one such case); their
// sum is compared instead.
//
// Every run plays a few fixed seeds (hrev258Seeds). Replay one round with
// -hrev258seed N (or HREV258_SEED=N); -hrev258rounds N plays N rounds
// from a time-based seed, or from -hrev258seed N (HREV258_SURVEY=1
// reports every failing round).
var (
	hrev258Seed   = flag.Uint64("hrev258seed", 0, "seed of one round of TestHrev258RandomSupplierOrder (0: time-based rounds)")
	hrev258Rounds = flag.Int("hrev258rounds", 0, "rounds of TestHrev258RandomSupplierOrder (0: the fixed seeds, or the one seed given)")
)

func TestHrev258RandomSupplierOrder(t *testing.T) {
	t.Parallel()
	randomRounds(t, *hrev258Seed, *hrev258Rounds, "HREV258", "hrev258seed", hrev258Seeds, func(t *testing.T, s uint64) string {
		if s%2 == 1 {
			return hrev258DiscountRound(t, s)
		}
		return hrev258OrderRound(t, s)
	})
}

// hrev258Seeds are the rounds every run plays: at one rate, a cent of
// loss on each partner beside nothing where the lines differ by one (1052)
// and lettered in parts a loss beside a gain (1080); a euro payment of two
// bills with cash basis (1014); a discount round (1001).
var hrev258Seeds = []uint64{1052, 1080, 1014, 1001}

// hrev258Accounts are the accounts whose currency balances a book's state
// shows.
var hrev258Accounts = []string{"401000", "445640", "445660", "607000", "765000"}

// hrev258NewBook is a supplier-side orderBook.
func hrev258NewBook(t *testing.T, name string, setup []string) *orderBook {
	return newOrderBook(t, name, hrev258Accounts, setup)
}

// hrev258DiscountBill posts a supplier bill built by the invoice builder
// with an early-payment discount of pct % within days.
func hrev258DiscountBill(s *scenario, a []string) (journal.Entry, error) {
	pos, opt := args(a)
	d, err := journal.ParseDate(pos[2])
	if err != nil {
		return journal.Entry{}, err
	}
	days, _ := strconv.Atoi(opt["days"])
	inv := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d, Partner: pos[1], PartnerAccount: "401000",
		Terms: journal.PaymentTerms{Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent(opt["pct"]), Days: days}}}
	for _, spec := range pos[3:] {
		amount, rate, taxed := strings.Cut(spec, "@")
		if !taxed {
			inv.Lines = append(inv.Lines, journal.InvoiceLine{Label: spec, UnitPrice: s.money(amount, opt["cur"]), Account: "607000"})
			continue
		}
		onPayment := strings.HasSuffix(rate, "e")
		rate = strings.TrimSuffix(rate, "e")
		vat := tax.Tax{ID: "V" + rate, Name: "TVA " + rate + " %", Rate: tax.MustParsePercent(rate), FinalAccount: "445660"}
		if onPayment {
			vat.ID, vat.Exigibility, vat.TransitionAccount = vat.ID+"E", tax.OnPayment, "445640"
		}
		inv.Lines = append(inv.Lines, journal.InvoiceLine{Label: spec, UnitPrice: s.money(amount, opt["cur"]), Taxes: []tax.Tax{vat}, Account: "607000"})
	}
	e, err := inv.Entry()
	if err != nil {
		return journal.Entry{}, err
	}
	res, err := s.f.book.Post(ctx, e)
	return res.Entry, err
}

// hrev258Setup draws a currency, its rates on three dates, and a
// tolerance; it returns the currency, the setup commands, the cur= option
// and whether the rate is one throughout.
func hrev258Setup(r *rand.Rand, dates []string) (currency.Currency, []string, string, bool) {
	curs := []string{"USD", "GBP", "JPY", "CHF", "EUR"}
	code := curs[r.IntN(len(curs))]
	cur := currency.MustLookup(code)
	oneRate := r.IntN(3) == 0
	var setup []string
	if code == "EUR" {
		return cur, nil, "", true
	}
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
		setup = append(setup, fmt.Sprintf("rate %s %s %s", code, dt, q))
	}
	tol := "0.05"
	if cur.Digits() == 0 {
		tol = "5"
	}
	setup = append(setup, fmt.Sprintf("tolerance %s cur=%s", tol, code))
	return cur, setup, " cur=" + code, oneRate
}

func hrev258Minor(cur currency.Currency, v string) int64 {
	if v == "" {
		return 0
	}
	return signedMinor(currency.MustParse(cur, v))
}

func hrev258OrderRound(t *testing.T, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 258))
	dates := []string{"2026-03-02", "2026-03-16", "2026-04-01"}
	cur, setup, curOpt, oneRate := hrev258Setup(r, dates)
	code := cur.Code()
	money := func(lo, hi int64) string { return currency.FromMinor(cur, lo+r.Int64N(hi-lo)).Plain() }
	day := func() string { return dates[r.IntN(len(dates))] }
	setup = append(setup, "partner S2")
	var set, debits []string
	cashBasis := false
	doc := func(n, p string) {
		switch r.IntN(4) {
		case 0:
			setup = append(setup, fmt.Sprintf("bill %s %s %s %s%s", n, p, day(), money(100, 300000), curOpt))
		case 1:
			setup = append(setup, fmt.Sprintf("purchase %s %s %s %s@20%s", n, p, day(), money(100, 300000), curOpt))
		case 2:
			cashBasis = true
			setup = append(setup, fmt.Sprintf("purchase %s %s %s %s@20e%s", n, p, day(), money(100, 300000), curOpt))
		default:
			cashBasis = true
			setup = append(setup, fmt.Sprintf("purchase %s %s %s %s@20e %s@5.5e%s", n, p, day(), money(100, 200000), money(100, 100000), curOpt))
		}
	}
	nbills := 1 + r.IntN(2)
	for i := 1; i <= nbills; i++ {
		n := fmt.Sprintf("B%d", i)
		doc(n, "S1")
		set = append(set, n)
	}
	if r.IntN(3) == 0 {
		if cashBasis && r.IntN(2) == 0 {
			setup = append(setup, fmt.Sprintf("purchasecredit N S1 %s %s@20e%s", day(), money(10, 5000), curOpt))
		} else {
			setup = append(setup, fmt.Sprintf("billcredit N S1 %s %s%s", day(), money(10, 5000), curOpt))
		}
		debits = append(debits, "N")
		set = append(set, "N")
	}
	// The second supplier's bill, paid exactly.
	doc("T", "S2")
	probe := hrev258NewBook(t, "all at once", setup)
	if probe.err != "" {
		return "setup: " + probe.err + "\n" + probe.dump()
	}
	tOwed := -signedMinor(probe.res(t, "T").AmountCurrency)
	setup = append(setup, fmt.Sprintf("paysupplier Q S2 BQD %s %s%s", day(), currency.FromMinor(cur, tOwed).Plain(), curOpt))
	if !probe.do(t, setup[len(setup)-1]) {
		return "setup: " + probe.err + "\n" + probe.dump()
	}
	var owed int64 // what S1 is owed, positive
	for _, n := range set {
		owed -= signedMinor(probe.res(t, n).AmountCurrency)
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
		if euroPay && i == 1 {
			var rt currency.Rate
			require.NoError(t, probe.f.book.View(ctx, func(tx *ledger.Tx) error {
				var err error
				rt, _, err = tx.Rate(cur, date(t, dt))
				return err
			}))
			eur0, err := rt.ToCompany(currency.FromMinor(cur, part), eur, probe.f.book.Rounding())
			require.NoError(t, err)
			if eur0.IsZero() {
				continue
			}
			back, err := rt.FromCompany(eur0, cur, probe.f.book.Rounding())
			require.NoError(t, err)
			part = signedMinor(back)
			setup = append(setup, fmt.Sprintf("paysupplier %s S1 BQD %s %s", n, dt, eur0.Plain()))
		} else {
			setup = append(setup, fmt.Sprintf("paysupplier %s S1 BQD %s %s%s", n, dt, currency.FromMinor(cur, part).Plain(), curOpt))
		}
		paid += part
		set = append(set, n)
		debits = append(debits, n)
		if !probe.do(t, setup[len(setup)-1]) {
			return "setup: " + probe.err + "\n" + probe.dump()
		}
	}
	short := mode >= 6 && mode < 8
	before := probe.state(t, set, cur)
	// Across partners: refused, nothing written.
	for _, p := range debits {
		if p != "N" {
			probe.do(t, "! ErrPartner letter B1 "+p+" Q")
			probe.do(t, "! ErrPartner letter T "+p)
			probe.do(t, "! ErrPartner use B1 Q")
			break
		}
	}
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
	finish := func(b *orderBook, split bool) {
		for step := 0; step < 30; step++ {
			ds, cs := open(b, true), open(b, false)
			if len(ds) == 0 || len(cs) == 0 {
				break
			}
			dn, cn := ds[r.IntN(len(ds))], cs[r.IntN(len(cs))]
			cmd := "letter " + dn + " " + cn
			if r.IntN(2) == 0 {
				cmd = "letter " + cn + " " + dn
			}
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
			if rest := append(open(b, false), open(b, true)...); len(rest) > 0 {
				b.do(t, "letter "+strings.Join(rest, " ")+" writeoff=1")
			}
		}
		if b.res(t, "T").IsZero() == false {
			b.do(t, "letter Q T")
		}
	}
	all := "letter " + strings.Join(set, " ")
	if short {
		all += " writeoff=1"
	}
	probe.do(t, all)
	probe.do(t, "letter T Q")
	pair := hrev258NewBook(t, "pair by pair", setup)
	finish(pair, false)
	parts := hrev258NewBook(t, "in parts", setup)
	finish(parts, true)
	det := hrev258NewBook(t, "detach and again", setup)
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
	undo := hrev258NewBook(t, "all, unlettered, pair by pair", setup)
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
	books := []*orderBook{probe, pair, parts, det, undo}
	for _, b := range books {
		if b.err != "" {
			msgs = append(msgs, fmt.Sprintf("%s: %s", b.name, b.err))
		}
	}
	if len(msgs) > 0 {
		return strings.Join(msgs, "\n") + "\n" + books[len(books)-1].dump() + "\n" + probe.dump()
	}
	var ref *orderBook
	var refSt orderState
	var refAlloc string
	var setCompany, s2Company int64 // what S1's and S2's lines sum to
	for _, n := range set {
		setCompany += signedMinor(probe.s.docs[n].Lines[0].Balance)
	}
	for _, n := range []string{"T", "Q"} {
		s2Company += signedMinor(probe.s.docs[n].Lines[0].Balance)
	}
	bothFX := setCompany*s2Company < 0 // a gain on one partner's, a loss on the other's
	watched := []string{"656000", "756000", "658000", "758000", "445660", "445640", "401000", "401000/" + code, "445640/" + code, "445660/" + code}
	for _, b := range books {
		st := b.state(t, set, cur)
		full := true
		for _, n := range append([]string{"T", "Q"}, set...) {
			rs := b.res(t, n)
			if rs.Balance.IsZero() != rs.AmountCurrency.IsZero() && rs.AmountCurrency.Currency() != eur {
				msgs = append(msgs, fmt.Sprintf("%s: %s keeps %s / %s", b.name, n, rs.Balance.Plain(), rs.AmountCurrency))
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
		for _, a := range []string{"401000", "445640", "401000/" + code, "445640/" + code} {
			if v := st.bal[a]; v != "" && !(euroPay && a == "401000/"+code) {
				msgs = append(msgs, fmt.Sprintf("%s: fully lettered, %s at %s", b.name, a, v))
			}
		}
		if code != "EUR" && !short {
			k := "445660/" + code
			if moved, vat := hrev258Minor(cur, st.bal[k])-hrev258Minor(cur, before.bal[k]), hrev258Minor(cur, before.bal["445640/"+code]); moved != vat {
				msgs = append(msgs, fmt.Sprintf("%s: 445660 took %d minor units of %s, the bills booked %d on 445640", b.name, moved, code, vat))
			}
		}
		// At one rate, lettered in parts or with cash basis too: every
		// line is valued at the one quote, so each partial's drop is the
		// same on both sides and nothing but the lines' own cents reaches
		// the exchange accounts.
		if oneRate && !short && !euroPay {
			fx := hrev258Minor(eur, st.bal["656000"]) + hrev258Minor(eur, st.bal["756000"])
			if fx != setCompany+s2Company || !bothFX && st.bal["656000"] != "" && st.bal["756000"] != "" {
				msgs = append(msgs, fmt.Sprintf("%s: one rate, S1's lines sum to %d cents, S2's to %d, 656000 %q 756000 %q", b.name, setCompany, s2Company, st.bal["656000"], st.bal["756000"]))
			}
			if moved, vat := hrev258Minor(eur, st.bal["445660"])-hrev258Minor(eur, before.bal["445660"]), hrev258Minor(eur, before.bal["445640"]); moved != vat {
				msgs = append(msgs, fmt.Sprintf("%s: one rate, 445660 took %d cents for a VAT of %d on 445640", b.name, moved, vat))
			}
		}
		alloc, splits := hrev258Allocation(t, b, set)
		if ref == nil {
			ref, refSt, refAlloc = b, st, alloc
			continue
		}
		if alloc != refAlloc {
			continue // another allocation pays each bill at other rates
		}
		inParts := splits > strings.Count(alloc, ":") || cashBasis
		if inParts {
			sum := func(st orderState) int64 {
				var n int64
				for _, a := range []string{"656000", "756000", "658000", "758000", "445660"} {
					n += hrev258Minor(eur, st.bal[a])
				}
				return n
			}
			if sum(st) != sum(refSt) {
				msgs = append(msgs, fmt.Sprintf("%s: 656000+756000+658000+758000+445660 at %d cents, %d %s (same allocation %s)", b.name, sum(st), sum(refSt), ref.name, alloc))
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

// hrev258Allocation is how much of each set line each other paid, in
// their currencies, and how many live partials between set lines there are.
func hrev258Allocation(t *testing.T, b *orderBook, set []string) (string, int) {
	names := map[journal.LineRef]string{}
	for _, n := range set {
		names[b.s.refs([]string{n})[0]] = n
	}
	sums := map[string]currency.Amount{}
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
				sums[k], _ = old.Add(p.CreditAmountCurrency)
			} else {
				sums[k] = p.CreditAmountCurrency
			}
			return nil
		})
	}))
	var out []string
	for _, d := range set {
		for _, c := range set {
			if v, ok := sums[d+"-"+c]; ok {
				out = append(out, d+"-"+c+":"+v.Plain())
			}
		}
	}
	return strings.Join(out, ","), n
}

func hrev258DiscountRound(t *testing.T, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 258))
	dates := []string{"2026-03-02", "2026-03-16", "2026-04-01"}
	cur, setup, curOpt, _ := hrev258Setup(r, dates)
	code := cur.Code()
	money := func(lo, hi int64) string { return currency.FromMinor(cur, lo+r.Int64N(hi-lo)).Plain() }
	pct := []string{"1", "1.5", "2", "3"}[r.IntN(4)]
	cashBasis := false
	var specs string
	switch r.IntN(4) {
	case 0:
		specs = money(1000, 300000) + "@20"
	case 1:
		cashBasis = true
		specs = money(1000, 300000) + "@20e"
	case 2:
		cashBasis = true
		specs = money(1000, 200000) + "@20e " + money(100, 100000) + "@5.5"
	default:
		cashBasis = true
		specs = money(1000, 200000) + "@20e " + money(100, 100000) + "@5.5e " + money(100, 5000)
	}
	setup = append(setup, fmt.Sprintf("dpurchase B S1 %s %s pct=%s days=30%s", dates[0], specs, pct, curOpt))
	withCredit := r.IntN(3) == 0
	if withCredit {
		if cashBasis && r.IntN(2) == 0 {
			setup = append(setup, fmt.Sprintf("purchasecredit N S1 %s %s@20e%s", dates[r.IntN(2)], money(10, 500), curOpt))
		} else {
			setup = append(setup, fmt.Sprintf("billcredit N S1 %s %s%s", dates[r.IntN(2)], money(10, 500), curOpt))
		}
	}
	probe := hrev258NewBook(t, "named", setup)
	if probe.err != "" {
		return "setup: " + probe.err + "\n" + probe.dump()
	}
	offer := probe.s.docs["B"].DiscountOffer
	if offer == nil {
		return "setup: the bill offers no discount\n" + probe.dump()
	}
	set := []string{"B"}
	owed := -signedMinor(probe.res(t, "B").AmountCurrency)
	if withCredit {
		owed -= signedMinor(probe.res(t, "N").AmountCurrency)
		set = append(set, "N")
	}
	owed -= signedMinor(offer.Amount)
	if owed <= 0 {
		return ""
	}
	before := probe.state(t, set, cur)
	set = append(set, "P")
	amt := currency.FromMinor(cur, owed).Plain() + curOpt
	dt := dates[1+r.IntN(2)]
	named := "B"
	if withCredit {
		named = "B N"
	}
	pay := fmt.Sprintf("paysupplier P S1 BQD %s %s %s", dt, amt, named)
	probe.do(t, pay)
	books := []*orderBook{probe}
	b := hrev258NewBook(t, "statement line", append(setup, "partner S2"))
	b.do(t, fmt.Sprintf("! ErrPartner statement X BQD %s -%s partner=S2 %s", dt, amt, named))
	b.do(t, fmt.Sprintf("statement P BQD %s -%s partner=S1 %s", dt, amt, named))
	books = append(books, b)
	b = hrev258NewBook(t, "EarlyDiscount asked", setup)
	b.do(t, pay+" discount=1")
	books = append(books, b)
	// Automatic lettering sets a credit note off against a discounted
	// payment only when the payment names it (the reference rule): an
	// unnamed payment is labelled with both, and the registered payment's
	// own label names the invoices only (not a set-off credit note).
	b = hrev258NewBook(t, "unnamed, then auto", setup)
	if withCredit {
		b.do(t, fmt.Sprintf("paysupplier P S1 BQD %s %s label=Règlement_@B_@N", dt, amt))
	} else {
		b.do(t, fmt.Sprintf("paysupplier P S1 BQD %s %s", dt, amt))
	}
	b.do(t, "auto partner=S1")
	books = append(books, b)
	if !withCredit {
		b = hrev258NewBook(t, "named, bill unlettered, auto", setup)
		b.do(t, pay)
		b.do(t, "unletter B")
		if b.err == "" {
			after := b.state(t, set[:1], cur)
			for _, k := range []string{"401000", "401000/" + code, "512000"} {
				delete(after.bal, k)
				delete(before.bal, k)
			}
			if d := before.diff(after); d != "" {
				return "the discounted bill unlettered does not restore the book: " + d + "\n" + b.dump()
			}
		}
		b.do(t, "auto partner=S1")
		books = append(books, b)
		b = hrev258NewBook(t, "named, payment detached, auto", setup)
		b.do(t, pay)
		b.do(t, "detach P")
		b.do(t, "auto partner=S1")
		books = append(books, b)
	} else {
		b = hrev258NewBook(t, "named, payment unlettered, auto", setup)
		b.do(t, fmt.Sprintf("paysupplier P S1 BQD %s %s B N label=Règlement_@B_@N", dt, amt))
		b.do(t, "unletter P")
		b.do(t, "auto partner=S1")
		books = append(books, b)
		b = hrev258NewBook(t, "credit note first, then EarlyDiscount", setup)
		b.do(t, "letter B N")
		b.do(t, fmt.Sprintf("paysupplier P S1 BQD %s %s B discount=1", dt, amt))
		books = append(books, b)
	}
	var msgs []string
	for _, b := range books {
		if b.err != "" {
			msgs = append(msgs, fmt.Sprintf("%s: %s", b.name, b.err))
		}
	}
	if len(msgs) > 0 {
		out := msgs
		for _, b := range books {
			out = append(out, b.dump())
		}
		return strings.Join(out, "\n")
	}
	var refSt orderState
	for i, b := range books {
		st := b.state(t, set, cur)
		for _, n := range set {
			if !b.res(t, n).IsZero() {
				msgs = append(msgs, fmt.Sprintf("%s: %s left open at %s", b.name, n, st.res[n]))
			}
		}
		for _, a := range []string{"401000", "445640", "401000/" + code, "445640/" + code} {
			if v := st.bal[a]; v != "" {
				msgs = append(msgs, fmt.Sprintf("%s: fully lettered, %s at %s", b.name, a, v))
			}
		}
		if st.bal["765000/"+code] == "" && code != "EUR" || st.bal["765000"] == "" {
			msgs = append(msgs, fmt.Sprintf("%s: no discount on 765000", b.name))
		}
		if i == 0 {
			refSt = st
			continue
		}
		watched := []string{"765000", "765000/" + code}
		if !cashBasis {
			watched = append(watched, "445660", "445660/"+code, "656000", "756000", "512000")
		}
		for _, a := range watched {
			if st.bal[a] != refSt.bal[a] {
				msgs = append(msgs, fmt.Sprintf("%s: %s at %q, %q %s", b.name, a, st.bal[a], refSt.bal[a], books[0].name))
			}
		}
		sum := func(st orderState) int64 {
			var n int64
			for _, a := range []string{"656000", "756000", "445660"} {
				n += hrev258Minor(eur, st.bal[a])
			}
			return n
		}
		if sum(st) != sum(refSt) {
			msgs = append(msgs, fmt.Sprintf("%s: 656000+756000+445660 at %d cents, %d %s", b.name, sum(st), sum(refSt), books[0].name))
		}
		if k := "445660/" + code; code != "EUR" && st.bal[k] != refSt.bal[k] {
			msgs = append(msgs, fmt.Sprintf("%s: %s at %q, %q %s", b.name, k, st.bal[k], refSt.bal[k], books[0].name))
		}
	}
	return roundFailure(msgs, books)
}
