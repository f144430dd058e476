package reconcile_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
)

// TestHrev243PairsLetteredAsLetterDoes letters one book twice, on every
// backend: once as Apply letters a company-currency pair (without
// letter's general walk), once through letter alone. Both must write the
// same partials, matches, letter codes and residuals, field for field
// (ids aside, which are new each time), and the same number of records in
// each bucket, of the same sizes in the buckets a lettering writes. The book holds exact payments, a part
// payment, an overpayment, an invoice paid in part before, a credit note
// a supplier payment and invoices with VAT due on payment, paid whole and
// in part (all pairs), and a payment of two invoices (not a pair).
func TestHrev243PairsLetteredAsLetterDoes(t *testing.T) {
	// Not parallel: it turns a setting of the whole package off and on.
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			op := journal.NewID()
			run := func(pairs bool) (string, string) {
				reconcile.SetLetterPairs(t, pairs)
				f := newFixture(t, s.Open(t))
				posted := pairBook(t, f)
				sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{All: true}})
				require.NoError(t, err)
				require.Equal(t, 10, sum.Applied, "%+v", sum)
				f.check(t)
				require.NoError(t, f.book.Verify(ctx))
				sum.Operation = journal.NoID
				var vat []string
				for _, a := range []string{"445740", "445710"} {
					b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: a})
					require.NoError(t, err)
					vat = append(vat, a+" "+b.Balance.String())
				}
				require.Equal(t, "445740 -10.00 EUR", vat[0]) // 40 due on payment; one paid whole, one half: 20 + 10 moved
				return fmt.Sprintf("%+v\n%v\n", sum, vat) + letteringOf(t, f, posted), bucketSizes(f.snapshot(t))
			}
			fast, fastSizes := run(true)
			general, generalSizes := run(false)
			require.Equal(t, general, fast)
			require.Equal(t, generalSizes, fastSizes)
			require.Contains(t, fast, "code AAB") // an invoice paid in part before, and its two payments
		})
	}
}

// pairBook posts pairBook's documents and payments, in order.
func pairBook(t *testing.T, f *fixture) []journal.Entry {
	var out []journal.Entry
	add := func(x ...journal.Entry) { out = append(out, x...) }
	i1 := f.invoice(t, "C1", d(1, 5), "100.00")
	add(i1, f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")) // exact
	i2 := f.invoice(t, "C1", d(1, 6), "250.00")
	add(i2, f.receive(t, "BQ", "C1", d(1, 20), "40.00", i2)) // lettered at registration
	add(f.pay(t, "C1", d(2, 2), "210.00", i2.Name(), ""))    // pays the rest
	i3 := f.invoice(t, "C1", d(1, 7), "300.00")
	add(i3, f.pay(t, "C1", d(2, 3), "120.00", i3.Name(), "")) // in part
	i4 := f.invoice(t, "C2", d(1, 5), "80.00")
	add(i4, f.pay(t, "C2", d(2, 1), "125.50", i4.Name(), "")) // too much
	i5, i6 := f.invoice(t, "C2", d(1, 8), "40.00"), f.invoice(t, "C2", d(1, 9), "60.00")
	add(i5, i6, f.pay(t, "C2", d(2, 4), "100.00", "", "")) // two invoices
	i7 := f.invoice(t, "C3", d(1, 5), "30.00")
	add(i7, f.creditNote(t, "C3", d(1, 10), "30.00")) // a credit note of the same amount
	i8 := f.invoice(t, "C3", d(1, 6), "55.55")
	add(i8, f.pay(t, "C3", d(2, 1), "55.55", "", "")) // the one receipt of that amount
	b1 := f.bill(t, "S1", d(1, 5), "70.00")
	res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
		Date: d(2, 1), Method: reconcile.MethodTransfer, Amount: e("70.00"), Ref: b1.Name()})
	require.NoError(t, err)
	add(b1, res.Entries[0])
	// VAT due on payment: paying the invoice, whole or in part, posts its
	// cash-basis entry.
	v := cabaTax("V20E", "20")
	for _, x := range []struct{ partner, paid string }{{"C3", "120.00"}, {"C2", "60.00"}} {
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(1, 12), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: x.partner, Balance: e("120.00")},
			{Account: "706000", Balance: e("-100.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{v}},
			{Account: "445740", Balance: e("-20.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{v}},
		}})
		add(inv, f.pay(t, x.partner, d(2, 5), x.paid, inv.Name(), ""))
	}
	return out
}

// letteringOf renders, for each line of posted on a reconcilable account,
// its residual, its live partials and its match, naming lines by their
// place in posted and ids by nothing.
func letteringOf(t *testing.T, f *fixture, posted []journal.Entry) string {
	place := map[journal.ID]int{}
	for k, x := range posted {
		place[x.ID] = k
	}
	name := func(ref journal.LineRef) string {
		k, ok := place[ref.Entry]
		if !ok {
			return "an entry not posted by the test " + ref.String()
		}
		return fmt.Sprintf("%d:%d", k, ref.Index)
	}
	partial := func(p journal.Partial) string {
		return fmt.Sprintf("%s→%s %s %s/%s %s kind %d at %s op %v live %v",
			name(p.Debit), name(p.Credit), p.Amount, p.DebitAmountCurrency, p.CreditAmountCurrency, p.Date, p.Kind,
			p.CreatedAt.Format("15:04:05.000000000"), p.Operation == journal.NoID, p.Live())
	}
	var b strings.Builder
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		for k, x := range posted {
			for i := range x.Lines {
				ref := x.LineRef(i)
				r, err := tx.Residual(ref)
				if err != nil {
					continue // not reconcilable
				}
				fmt.Fprintf(&b, "%d:%d residual %s / %s\n", k, i, r.Balance, r.AmountCurrency)
				ps, err := tx.LivePartials(ref)
				if err != nil {
					return err
				}
				var lines []string
				for _, p := range ps {
					lines = append(lines, "  partial "+partial(p))
				}
				sort.Strings(lines)
				b.WriteString(strings.Join(lines, "\n") + "\n")
				m, in, err := tx.MatchOf(ref)
				if err != nil || !in {
					continue
				}
				var refs []string
				for _, l := range m.Lines {
					refs = append(refs, name(l))
				}
				fmt.Fprintf(&b, "  match code %s %s %s %v %s at %s, %d partials\n", m.Code, m.Account, m.Partner, refs, m.Date,
					m.CreatedAt.Format("15:04:05.000000000"), len(m.Partials))
			}
		}
		return nil
	}))
	return b.String()
}

// letteringBuckets are the buckets a lettering writes, whose values are
// compared byte for byte in size. The others are compared by count only:
// the posting's indexes encode the entries' ids (made afresh for each
// book) in forms whose size depends on them (entry.run keeps an id run's
// deltas).
var letteringBuckets = map[string]bool{"partial": true, "match": true, "letter": true, "op": true, "ctr": true,
	"ix.line": true, "ix.open": true, "ix.code": true, "ix.origin": true, "chain.let": true}

// bucketSizes sums a boltstore snapshot by bucket: records, and value
// bytes of the letteringBuckets ("" on other stores, whose snapshot is
// empty).
func bucketSizes(snapshot string) string {
	type size struct{ n, bytes int }
	by := map[string]*size{}
	for _, l := range strings.Split(strings.TrimSpace(snapshot), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		s := by[f[0]]
		if s == nil {
			s = &size{}
			by[f[0]] = s
		}
		s.n++
		if len(f) == 3 && letteringBuckets[f[0]] {
			s.bytes += len(f[2]) / 2
		}
	}
	var out []string
	for k, s := range by {
		out = append(out, fmt.Sprintf("%s %d records %d bytes", k, s.n, s.bytes))
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}
