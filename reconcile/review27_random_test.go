package reconcile_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// TestReview27RandomLetterUnletterRestoresBook posts customer invoices,
// credit notes and supplier bills in USD and EUR with VAT due on payment
// (one to three rates, some on invoice, some with two instalments), then
// runs random payments (in the document's currency or the other, partial
// or full, sometimes with an early-payment discount or an agreed rate),
// statement lines paying documents (with a write-off), letterings of open
// items (sometimes with a write-off), credits used for a chosen amount,
// detaches (of any lettered line, exchange lines included), unletterings
// and cancelled payments, with Check after every step. After every step,
// for each document with VAT due on payment, the bases its live
// cash-basis entries reported (in its currency) never exceed its base net
// of its discount, and equal it once it is settled (DESIGN §5: "once the
// document is settled ... what remains of each tax is due"; the base is
// reported as the tax is, cumulative shares). At the end it unletters
// everything and asserts DESIGN §5 "every entry those partials generated
// is reversed … residuals are restored exactly" and §7 invariants 8 and
// 10 as book-wide sums:
//   - every exchange, cash-basis, write-off and discount entry nets to zero
//     with its reversal, per account, in the company currency and in each
//     transaction currency;
//   - the VAT report of the year is what it was before any lettering;
//   - every document and payment line is open for its full amount.
//
// Seeds are fixed and printed on failure: REVIEW27_SEED=n replays one,
// REVIEW27_SEEDS=n runs seeds 1..n.
//
// Seeds 256, 310, 318, 385, 411 and 589 failed before the exchange line
// that settles part of a company-currency document counted in what was
// paid of it (nothing else failed among 1 to 600): Check reported
// invariant 9 after a Detach, Unletter or CancelPayment of the foreign
// line, the completing payment's share left live for less paid (seed 256,
// step 30: 28.05 EUR of V5.5E moved for 24.14 due on 686.16 paid of
// 1262.89). See TestReview27CompanyInvoice* for the reduced cases.
func TestReview27RandomLetterUnletterRestoresBook(t *testing.T) {
	t.Parallel()
	r27Seeds(t, []uint64{1, 2, 3, 4, 256, 385}, false)
}

// TestReview27RandomLetterUnletterOneCurrencyPerPartner is the same run
// with each partner's documents in one currency and no agreed rate on
// lettering: no company-currency document meets a foreign line other than
// a payment. Passes (checked on seeds 1 to 200).
func TestReview27RandomLetterUnletterOneCurrencyPerPartner(t *testing.T) {
	t.Parallel()
	r27Seeds(t, []uint64{1, 2, 3, 4, 5, 6}, true)
}

func r27Seeds(t *testing.T, seeds []uint64, noMix bool) {
	if s := os.Getenv("REVIEW27_SEEDS"); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err)
		seeds = nil
		from, _ := strconv.Atoi(os.Getenv("REVIEW27_FROM"))
		for i := max(1, from); i <= n; i++ {
			seeds = append(seeds, uint64(i))
		}
	}
	if s := os.Getenv("REVIEW27_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
		seeds = []uint64{n}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			f := newFixture(t, stores[0].Open(t))
			(&r27Run{t: t, f: f, seed: seed, noMix: noMix}).run()
		})
	}
}

type r27Doc struct {
	e       journal.Entry
	partner string
	sales   bool
}

type r27Run struct {
	t     *testing.T
	f     *fixture
	seed  uint64
	r     *rand.Rand
	step  int
	log   []string
	docs  []r27Doc
	lines []journal.LineRef // partner lines of documents, payments and statement lines
	pays  []journal.Entry
	// revalued are the closing dates revalued: taken back (Revalue with
	// Undo) before everything is unlettered, as a lettering dated on or
	// before a revaluation standing is refused.
	revalued []journal.Date
	// noMix keeps each partner's documents in one currency and gives
	// lettering no agreed rate: a company-currency document then never
	// meets a foreign line other than a payment.
	noMix bool
}

func (x *r27Run) fail(format string, args ...any) {
	x.t.Helper()
	if os.Getenv("REVIEW27_DUMP") != "" {
		for _, e := range x.entries() {
			x.t.Logf("%s %s %s %s doc=%v rev=%v id=%s", e.Name(), e.Date, e.Type, e.Label, e.Document, e.ReversalOf, e.ID)
			for i, l := range e.Lines {
				x.t.Logf("    .%d %s %s %s / %s role=%v", i, l.Account, l.Partner, l.Balance.Plain(), l.AmountCurrency, l.TaxRole)
			}
		}
	}
	x.t.Fatalf("seed %d (replay: REVIEW27_SEED=%d go test ./reconcile -run %s -v), step %d: %s\nlast steps:\n%s",
		x.seed, x.seed, strings.Split(x.t.Name(), "/")[0], x.step, fmt.Sprintf(format, args...), strings.Join(x.log[max(0, len(x.log)-15):], "\n"))
}

func (x *r27Run) logf(format string, args ...any) {
	x.log = append(x.log, fmt.Sprintf("%d: ", x.step)+fmt.Sprintf(format, args...))
}

var r27USD = currency.MustLookup("USD")

func r27VATTax(rate string, sales, onPayment bool) tax.Tax {
	x := tax.Tax{ID: "V" + rate, Name: "TVA " + rate, Rate: tax.MustParsePercent(rate), FinalAccount: "445710"}
	if !sales {
		x.FinalAccount = "445660"
	}
	if onPayment {
		x.ID, x.Exigibility, x.TransitionAccount = x.ID+"E", tax.OnPayment, "445740"
		if !sales {
			x.TransitionAccount = "445640"
		}
	}
	return x
}

func (x *r27Run) day() journal.Date { return journal.MustDate(2026, 1, 1).AddDays(x.r.IntN(365)) }

func (x *r27Run) run() {
	t, f := x.t, x.f
	var err error
	f.rec, err = reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("0.05"), currency.MustParse(r27USD, "0.05")}})
	require.NoError(t, err)
	x.r = rand.New(rand.NewPCG(x.seed, 27))
	for day := 0; day < 365; day++ {
		rate := currency.MustParseRate(fmt.Sprintf("1.%03d", 50+x.r.IntN(400)))
		require.NoError(t, f.book.SetRate(ctx, r27USD, journal.MustDate(2026, 1, 1).AddDays(day), rate))
	}
	for i := 0; i < 10; i++ {
		x.postDocument()
	}
	vat0, err := f.rec.VATReport(ctx, journal.MustDate(2026, 1, 1), journal.MustDate(2026, 12, 31))
	require.NoError(t, err)
	for x.step = 0; x.step < 60; x.step++ {
		x.do()
		if err := f.book.Check(ctx); err != nil {
			x.fail("Check: %v", err)
		}
		x.checkBases()
	}
	x.step = -1
	locks, err := f.book.LockDates(ctx)
	require.NoError(t, err)
	for _, at := range x.revalued {
		if !at.After(locks.General) {
			continue // final: it blocks no unlettering
		}
		x.logf("undo revaluation %s", at)
		if _, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: at, Undo: true}); err != nil {
			x.fail("undo revaluation: %v", err)
		}
	}
	cancelled := x.reversed()
	for _, ref := range x.lines {
		if !cancelled[ref.Entry] && x.lettered(ref) {
			x.logf("unletter %v", ref)
			if _, err := f.rec.Unletter(ctx, journal.NoID, ref); err != nil {
				x.fail("unletter: %v", err)
			}
		}
	}
	if err := f.book.Check(ctx); err != nil {
		x.fail("Check: %v", err)
	}
	for _, ref := range x.lines {
		it, err := f.book.Entry(ctx, ref.Entry)
		require.NoError(t, err)
		if _, rev := x.reversed()[ref.Entry]; rev || it.IsReversal() {
			continue // a cancelled payment stays lettered with its reversal
		}
		l := it.Lines[ref.Index]
		res := residualOf(t, f, ref)
		if !res.Balance.Equal(l.Balance) || !res.AmountCurrency.Equal(l.AmountCurrency) {
			x.fail("%s.%d: residual %s / %s after unlettering everything, the line is %s / %s", it.Name(), ref.Index,
				res.Balance, res.AmountCurrency, l.Balance, l.AmountCurrency)
		}
	}
	type key struct{ account, cur string }
	sums := map[key][2]int64{}
	for _, e := range x.entries() {
		switch e.Type {
		case journal.TypeExchangeDifference, journal.TypeCashBasis, journal.TypeWriteOff, journal.TypeDiscount:
		default:
			continue
		}
		for _, l := range e.Lines {
			k := key{l.Account, l.AmountCurrency.Currency().Code()}
			s := sums[k]
			s[0] += signedMinor(l.Balance)
			s[1] += signedMinor(l.AmountCurrency)
			sums[k] = s
		}
	}
	var bad []string
	for k, s := range sums {
		if s[0] != 0 || s[1] != 0 {
			bad = append(bad, fmt.Sprintf("%s: %d EUR cents, %d %s cents", k.account, s[0], s[1], k.cur))
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		x.fail("generated entries do not net to zero with their reversals:\n%s", strings.Join(bad, "\n"))
	}
	if os.Getenv("REVIEW27_STATS") != "" {
		t.Logf("log:\n%s", strings.Join(x.log, "\n"))
	}
	vat1, err := f.rec.VATReport(ctx, journal.MustDate(2026, 1, 1), journal.MustDate(2026, 12, 31))
	require.NoError(t, err)
	if r27VATRows(vat0) != r27VATRows(vat1) {
		x.fail("VAT report of the year before lettering:\n%s\nafter unlettering everything:\n%s", vat0, vat1)
	}
}

// postDocument posts an invoice, bill or credit note with one to three
// taxed lines.
func (x *r27Run) postDocument() {
	r := x.r
	sales := r.IntN(4) != 0
	partner := modelPartners[r.IntN(len(modelPartners))]
	kind := journal.CustomerInvoice
	inv := journal.Invoice{Journal: "VT", Date: x.day(), Partner: partner, PartnerAccount: "411000"}
	if !sales {
		partner, kind, inv.Journal, inv.Partner, inv.PartnerAccount = "S1", journal.SupplierBill, "AC", "S1", "401000"
	}
	if r.IntN(6) == 0 {
		kind = map[journal.InvoiceKind]journal.InvoiceKind{journal.CustomerInvoice: journal.CustomerCreditNote,
			journal.SupplierBill: journal.SupplierCreditNote}[kind]
	}
	inv.Kind = kind
	cur := eur
	if r.IntN(3) != 0 {
		cur = r27USD
	}
	if x.noMix { // each partner's documents in one currency
		cur = map[string]currency.Currency{"C1": eur, "C2": r27USD, "C3": r27USD, "S1": eur}[partner]
	}
	account := "706000"
	if !sales {
		account = "607000"
	}
	if r.IntN(5) == 0 {
		inv.Terms = journal.PaymentTerms{Instalments: []journal.Instalment{
			{Percent: tax.MustParsePercent("40"), Due: journal.DueRule{Kind: journal.NetDays, Days: 30}},
			{Percent: tax.MustParsePercent("60"), Due: journal.DueRule{Kind: journal.NetDays, Days: 60}}}}
	}
	for k, n := 0, 1+r.IntN(3); k < n; k++ {
		rate := []string{"20", "5.5", "10"}[r.IntN(3)]
		base := currency.FromMinor(cur, 100+r.Int64N(200_000))
		inv.Lines = append(inv.Lines, journal.InvoiceLine{UnitPrice: base, Taxes: []tax.Tax{r27VATTax(rate, sales, r.IntN(4) != 0)}, Account: account})
	}
	e, err := inv.Entry()
	require.NoError(x.t, err)
	doc := x.f.post(x.t, e)
	x.docs = append(x.docs, r27Doc{e: doc, partner: partner, sales: sales})
	for i, l := range doc.Lines {
		if l.Account == "411000" || l.Account == "401000" {
			x.lines = append(x.lines, doc.LineRef(i))
		}
	}
}

func (x *r27Run) lettered(ref journal.LineRef) bool {
	var n int
	require.NoError(x.t, x.f.book.View(ctx, func(tx *ledger.Tx) error {
		ps, err := tx.LivePartials(ref)
		n = len(ps)
		return err
	}))
	return n > 0
}

// allPartnerLines lists every line of the book on 411000 or 401000,
// generated ones included.
func (x *r27Run) allPartnerLines() []journal.LineRef {
	var out []journal.LineRef
	for _, e := range x.entries() {
		for i, l := range e.Lines {
			if l.Account == "411000" || l.Account == "401000" {
				out = append(out, e.LineRef(i))
			}
		}
	}
	return out
}

func (x *r27Run) entries() []journal.Entry {
	var out []journal.Entry
	for pe, err := range x.f.book.Entries(ctx, ledger.EntryFilter{}) {
		require.NoError(x.t, err)
		out = append(out, pe.Entry)
	}
	return out
}

func (x *r27Run) reversed() map[journal.ID]bool {
	out := map[journal.ID]bool{}
	for _, e := range x.entries() {
		if e.IsReversal() {
			out[e.ReversalOf] = true
		}
	}
	return out
}

func (x *r27Run) do() {
	t, f, r := x.t, x.f, x.r
	d := x.docs[r.IntN(len(x.docs))]
	res := residualOf(t, f, d.e.LineRef(0))
	for i, l := range d.e.Lines { // the first open partner line
		if (l.Account == "411000" || l.Account == "401000") && !residualOf(t, f, d.e.LineRef(i)).IsZero() {
			res = residualOf(t, f, d.e.LineRef(i))
			break
		}
	}
	debit := d.e.Lines[0].Balance.Sign() > 0 || d.e.Lines[0].Balance.IsZero() && d.e.Lines[0].AmountCurrency.Sign() > 0
	dir := reconcile.Inbound // money received settles a debit document
	if !debit {
		dir = reconcile.Outbound
	}
	isInvoice := d.e.Type == journal.TypeInvoice
	switch n := r.IntN(15); {
	case n < 4 && !res.IsZero(): // a payment naming the document
		p := reconcile.Payment{Direction: dir, Partner: d.partner, Journal: "BQD", Date: x.day(), Method: reconcile.MethodTransfer,
			Invoices: []journal.ID{d.e.ID}}
		owed := minorOf(res.AmountCurrency)
		docCur := res.AmountCurrency.Currency()
		switch k := r.IntN(5); {
		case k == 0 && owed > 2 && isInvoice: // an early-payment discount on the first payment
			p.Amount = currency.FromMinor(docCur, owed-1-r.Int64N(min(owed/20+1, owed-1)))
			p.EarlyDiscount = true
		case k == 1 && owed > 2:
			p.Amount = currency.FromMinor(docCur, 1+r.Int64N(owed-1))
		case k == 2 && docCur != eur:
			p.Amount = currency.FromMinor(eur, 1+r.Int64N(max(1, minorOf(res.Balance))))
			if r.IntN(2) == 0 {
				market, _, err := f.book.Rate(ctx, r27USD, p.Date)
				require.NoError(t, err)
				p.AgreedRate = market
			}
		case k == 3 && docCur == eur:
			p.Amount = currency.FromMinor(r27USD, 1+r.Int64N(max(1, minorOf(res.Balance))))
		}
		x.logf("pay %s %s discount=%v agreed=%v on %s (owes %s / %s)", p.Date, p.Amount, p.EarlyDiscount,
			!p.AgreedRate.IsZero(), d.e.Name(), res.Balance, res.AmountCurrency)
		out, err := f.rec.RegisterPayment(ctx, p)
		if err != nil {
			x.logf("   refused: %v", err)
			return
		}
		x.lines = append(x.lines, out.Entries[0].LineRef(0))
		x.pays = append(x.pays, out.Entries[0])
	case n < 5 && !res.IsZero(): // a statement line paying the document, the cents written off
		amount := res.AmountCurrency.Abs()
		if m := minorOf(amount); m > 10 {
			amount = currency.FromMinor(amount.Currency(), m+int64(r.IntN(9))-4)
		}
		if !debit {
			amount = amount.Neg()
		}
		sl := reconcile.StatementLine{Journal: "BQD", Date: x.day(), Amount: amount, Partner: d.partner, Invoices: []journal.ID{d.e.ID},
			WriteOff: true}
		x.logf("statement %s %s on %s (owes %s / %s)", sl.Date, sl.Amount, d.e.Name(), res.Balance, res.AmountCurrency)
		out, err := f.rec.PostStatementLine(ctx, sl)
		if err != nil {
			x.logf("   refused: %v", err)
			return
		}
		x.lines = append(x.lines, out.Entries[0].LineRef(0))
	case n < 7: // an unallocated payment, lettered with open items later
		p := reconcile.Payment{Direction: dir, Partner: d.partner, Journal: "BQD", Date: x.day(), Method: reconcile.MethodTransfer}
		cur := eur
		if r.IntN(2) == 0 {
			cur = r27USD
		}
		p.Amount = currency.FromMinor(cur, 1+r.Int64N(max(1, minorOf(d.e.Lines[0].Balance))))
		x.logf("pay %s %s unallocated %s", p.Date, p.Amount, d.partner)
		out, err := f.rec.RegisterPayment(ctx, p)
		if err != nil {
			x.fail("unallocated payment: %v", err)
		}
		x.lines = append(x.lines, out.Entries[0].LineRef(0))
		x.pays = append(x.pays, out.Entries[0])
	case n < 9: // letter open lines of one partner and account
		var pick []journal.LineRef
		for _, ref := range x.lines {
			it, err := f.book.Entry(ctx, ref.Entry)
			require.NoError(t, err)
			l := it.Lines[ref.Index]
			if l.Partner == d.partner && l.Account == d.e.Lines[0].Account && !residualOf(t, f, ref).IsZero() && r.IntN(2) == 0 {
				pick = append(pick, ref)
			}
		}
		if len(pick) < 2 {
			return
		}
		req := reconcile.Request{Lines: pick, WriteOff: r.IntN(3) == 0}
		if r.IntN(4) == 0 && !x.noMix {
			req.AgreedRate = currency.MustParseRate(fmt.Sprintf("1.%03d", 50+r.IntN(400)))
		}
		x.logf("letter %v writeoff=%v agreed=%v", pick, req.WriteOff, req.AgreedRate)
		if _, err := f.rec.Reconcile(ctx, req); err != nil {
			x.logf("   refused: %v", err)
		}
	case n == 9 && !res.IsZero(): // use an open credit for part of what it can
		for _, ref := range x.lines {
			it, err := f.book.Entry(ctx, ref.Entry)
			require.NoError(t, err)
			l := it.Lines[ref.Index]
			cr := residualOf(t, f, ref)
			if ref.Entry == d.e.ID || l.Partner != d.partner || l.Account != d.e.Lines[0].Account || cr.IsZero() ||
				cr.Balance.Sign() == res.Balance.Sign() && !cr.Balance.IsZero() {
				continue
			}
			u := reconcile.UseCredit{Document: d.e.ID, Credit: ref}
			if r.IntN(2) == 0 && res.AmountCurrency.Currency() == cr.AmountCurrency.Currency() && minorOf(cr.AmountCurrency) > 1 {
				u.Amount = currency.FromMinor(cr.AmountCurrency.Currency(), 1+r.Int64N(min(minorOf(cr.AmountCurrency), minorOf(res.AmountCurrency))))
			}
			x.logf("use %v on %s amount %s", ref, d.e.Name(), u.Amount)
			if _, err := f.rec.UseCredit(ctx, u); err != nil {
				x.logf("   refused: %v", err)
			}
			return
		}
	case n == 10: // detach any lettered partner line, a generated one included
		all := x.allPartnerLines()
		ref := all[r.IntN(len(all))]
		if !x.lettered(ref) {
			return
		}
		x.logf("detach %v", ref)
		if _, err := f.rec.Detach(ctx, journal.NoID, ref); err != nil {
			x.logf("   refused: %v", err)
		}
	case n == 12 && r.IntN(3) == 0: // move the tax lock date on (a VAT return filed)
		locks, err := f.book.LockDates(ctx)
		require.NoError(t, err)
		at := journal.MustDate(2026, 1, 31).AddDays(r.IntN(150))
		if locks.Tax.After(at) {
			return
		}
		x.logf("tax lock %s", at)
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockTax, at, "review27"))
	case n == 12: // revalue the open foreign items at a month end
		at := journal.MustDate(2026, time.Month(1+r.IntN(12)), 1).AddDays(-1)
		if at.Year() < 2026 {
			return
		}
		locks, err := f.book.LockDates(ctx)
		require.NoError(t, err)
		if !locks.General.Before(at) && !locks.General.IsZero() {
			return
		}
		x.logf("revalue %s", at)
		if _, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: at}); err != nil {
			x.logf("   refused: %v", err)
		} else {
			x.revalued = append(x.revalued, at)
		}
	case n == 11 && len(x.pays) > 0: // cancel a payment
		p := x.pays[r.IntN(len(x.pays))]
		if x.reversed()[p.ID] {
			return
		}
		x.logf("cancel %s", p.Name())
		if _, err := f.rec.CancelPayment(ctx, journal.NoID, p.ID); err != nil {
			x.fail("cancel: %v", err)
		}
	default: // unletter a group
		ref := x.lines[r.IntN(len(x.lines))]
		if !x.lettered(ref) {
			return
		}
		x.logf("unletter %v", ref)
		if _, err := f.rec.Unletter(ctx, journal.NoID, ref); err != nil {
			x.logf("   refused: %v", err)
		}
	}
}

// writtenOff is what live write-offs to the loss or gain account took
// off line ref, in its currency; unset when none.
func (x *r27Run) writtenOff(ref journal.LineRef) currency.Amount {
	var out currency.Amount
	require.NoError(x.t, x.f.book.View(ctx, func(tx *ledger.Tx) error {
		ps, err := tx.LivePartials(ref)
		if err != nil {
			return err
		}
		for _, q := range ps {
			if q.Kind != journal.KindWriteOff {
				continue
			}
			e, err := tx.Entry(q.Other(ref).Entry)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(e.Lines, func(l journal.Line) bool { return l.Account == "658000" || l.Account == "758000" }) {
				continue
			}
			own := q.DebitAmountCurrency
			if q.Credit == ref {
				own = q.CreditAmountCurrency
			}
			out = addAmounts(out, own)
		}
		return nil
	}))
	return out
}

func addAmounts(a, b currency.Amount) currency.Amount {
	if !a.IsSet() {
		return b
	}
	if !b.IsSet() {
		return a
	}
	sum, err := a.Add(b)
	if err != nil {
		panic(err)
	}
	return sum
}

// checkBases asserts, for every document with VAT due on payment, that
// the bases its live cash-basis entries reported, per tax and in its
// currency, are its base net of its live discount's and of the share its
// write-offs took off: no more, on the same side, and all of it once the
// document is settled.
func (x *r27Run) checkBases() {
	entries := x.entries()
	rev := map[journal.ID]bool{}
	for _, e := range entries {
		if e.IsReversal() {
			rev[e.ReversalOf] = true
		}
	}
	for _, d := range x.docs {
		if rev[d.e.ID] {
			continue
		}
		booked := map[string]int64{}
		for _, l := range d.e.Lines {
			if l.TaxRole == tax.RoleBase {
				for _, tx := range l.Taxes {
					if tx.Exigibility == tax.OnPayment {
						booked[tx.ID] += signedMinor(l.AmountCurrency)
					}
				}
			}
		}
		if len(booked) == 0 {
			continue
		}
		reported, discounted := map[string]int64{}, map[string]int64{}
		for _, e := range entries {
			if e.Document != d.e.ID || rev[e.ID] || e.IsReversal() {
				continue
			}
			for _, l := range e.Lines {
				if l.TaxRole != tax.RoleBase || len(l.Taxes) != 1 || l.Taxes[0].Exigibility != tax.OnPayment {
					continue
				}
				switch e.Type {
				case journal.TypeCashBasis:
					reported[l.Taxes[0].ID] += signedMinor(l.AmountCurrency)
				case journal.TypeDiscount:
					discounted[l.Taxes[0].ID] += signedMinor(l.AmountCurrency)
				}
			}
		}
		settled := true
		var total, writtenOff currency.Amount // the document's own, and what write-offs to 658000/758000 took off
		for i, l := range d.e.Lines {
			if l.Account == "411000" || l.Account == "401000" {
				if !residualOf(x.t, x.f, d.e.LineRef(i)).AmountCurrency.IsZero() {
					settled = false
				}
				total = addAmounts(total, l.AmountCurrency.Abs())
				writtenOff = addAmounts(writtenOff, x.writtenOff(d.e.LineRef(i)))
			}
		}
		for id, b := range booked {
			// What a write-off took off was not received: its share of
			// the base is never reported.
			net := b + discounted[id]
			if writtenOff.IsSet() && !writtenOff.IsZero() {
				cur := total.Currency()
				off, err := currency.MulDiv(currency.FromMinor(cur, b), writtenOff, total, cur, x.f.book.Rounding())
				require.NoError(x.t, err)
				net -= signedMinor(off)
			}
			got := reported[id]
			switch {
			case settled && got != net:
				x.fail("%s settled: its cash-basis entries reported a base of %d cents of %s for a base of %d net of its discount (%d booked)",
					d.e.Name(), got, id, net, b)
			case abs(got) > abs(net) || got != 0 && (got < 0) != (net < 0):
				x.fail("%s: its cash-basis entries reported a base of %d cents of %s for a base of %d net of its discount: too much",
					d.e.Name(), got, id, net)
			}
		}
	}
}

// r27VATRows renders a VAT report's non-zero rows.
func r27VATRows(rep reconcile.VATReport) string {
	var b strings.Builder
	for _, l := range rep.Lines {
		if l.Base.IsZero() && l.Tax.IsZero() {
			continue
		}
		fmt.Fprintf(&b, "%s %s base %s tax %s\n", l.Account, l.TaxID, l.Base.Plain(), l.Tax.Plain())
	}
	return b.String()
}
