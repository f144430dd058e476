package reconcile_test

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hrev206D28(m time.Month, day int) journal.Date { return journal.MustDate(2028, m, day) }

// hrev206Inv posts an invoice of p dated date with one receivable line per
// (due date, amount).
func (f *fixture) hrev206Inv(t *testing.T, p, ref string, date journal.Date, parts ...any) journal.Entry {
	t.Helper()
	x := journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Ref: ref}
	total := e("0.00")
	for i := 0; i < len(parts); i += 2 {
		amt := e(parts[i+1].(string))
		x.Lines = append(x.Lines, journal.Line{Account: "411000", Partner: p, DueDate: parts[i].(journal.Date), Balance: amt})
		total, _ = total.Add(amt)
	}
	x.Lines = append(x.Lines, journal.Line{Account: "706000", Balance: total.Neg()})
	return f.post(t, x)
}

func (f *fixture) hrev206Invoice(t *testing.T, at journal.Date) reconcile.Result {
	t.Helper()
	res, err := f.rec.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Query: reconcile.PenaltyQuery{At: at, Rate: hrev200Rate("12.15")}})
	require.NoError(t, err)
	f.check(t)
	return res
}

// Leap year 2028: February has 29 days. 1 000,00 due 31/01 open at 31/03:
// 60 days, 1 000 × 60 × 0,1215 / 365 = 19,9726… = 19,97. Paid on the due
// date: nothing. Paid the day after: 1 day, 0,3328… = 0,33 and the full
// indemnity. Due 29/02 (month end), paid 01/03: 1 day.
func TestHrev206LeapYearDays(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.AddFiscalYear(ctx, ledger.CalendarYear(2028)))
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "C4", Name: "Partner C4"}))
		f.hrev206Inv(t, "C1", "FA-1", hrev206D28(1, 15), hrev206D28(1, 31), "1000.00")
		b := f.hrev206Inv(t, "C2", "FA-2", hrev206D28(1, 15), hrev206D28(1, 31), "1000.00")
		f.receive(t, "BQD", "C2", hrev206D28(1, 31), "1000.00", b)
		c := f.hrev206Inv(t, "C3", "FA-3", hrev206D28(1, 15), hrev206D28(1, 31), "1000.00")
		f.receive(t, "BQD", "C3", hrev206D28(2, 1), "1000.00", c)
		x := f.hrev206Inv(t, "C4", "FA-4", hrev206D28(1, 15), hrev206D28(2, 29), "1000.00")
		f.receive(t, "BQD", "C4", hrev206D28(3, 1), "1000.00", x)
		assert.Equal(t, "C1 FA-1 [1000.00×60] 19.97+40.00; C3 FA-3 [1000.00×1] 0.33+40.00; C4 FA-4 [1000.00×1] 0.33+40.00; total 140.63",
			hrev200Show(f.hrev200Query(t, hrev206D28(3, 31))))
		f.check(t)
	})
}

// Rounded once per invoice, not per slice: three instalments of 100,00
// each one day late: 300 × 0,1215 / 365 = 0,0998… = 0,10 (per slice it
// would be 3 × 0,03 = 0,09).
func TestHrev206RoundedOncePerInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev206Inv(t, "C1", "FA-1", d(1, 2), d(1, 31), "100.00", d(2, 28), "100.00", d(3, 31), "100.00")
		_ = inv
		f.receive(t, "BQD", "C1", d(2, 1), "100.00", inv)
		f.receive(t, "BQD", "C1", d(3, 1), "100.00", inv)
		f.receive(t, "BQD", "C1", d(4, 1), "100.00", inv)
		assert.Equal(t, "C1 FA-1 [100.00×1 100.00×1 100.00×1] 0.10+40.00; total 40.10", hrev200Show(f.hrev200Query(t, d(6, 30))))
	})
}

// Invoiced in two steps, an instalment not due at the first: the sum is
// what one invoicing at the end gives. 1 000,00 due 31/01 and 1 000,00 due
// 28/02, open; invoiced at 15/02: 1 000 × 15 = 4,99 + 40; at 31/03:
// 1 000 × 44 + 1 000 × 31 = 75 000 × 0,1215 / 365 = 24,97: 29,96 in all.
func TestHrev206InvoicedInTwoSteps(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1000.00", d(2, 28), "1000.00")
		res := f.hrev206Invoice(t, d(2, 15))
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "411000 44.99, 763100 -4.99, 758800 -40.00", hrev182Lines(res.Entries[0]))
		assert.Equal(t, "C1 FA-1 [1000.00×44 1000.00×31] 24.97+0.00; total 24.97", hrev200Show(f.hrev200Query(t, d(3, 31))))
		res = f.hrev206Invoice(t, d(3, 31))
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "411000 24.97, 763100 -24.97", hrev182Lines(res.Entries[0]))
		assert.Equal(t, "-29.96", f.balance(t, "763100"))
		assert.Equal(t, "-40.00", f.balance(t, "758800"))
	})
}

// Was failing, fixed: penalties invoiced at 31/03 counted 600,00 as paid on 02/03; that payment unlettered, the 600,00 was in fact open 02/03–31/03 too and those 29 days were never invoiced: at 30/04 expected 1 200 × 30 + 600 × 29 = 53 400 → 17.78, got 1 200 × 30 only → 11.98
func TestHrev206UnletteredAfterInvoicing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		pay := f.receive(t, "BQD", "C1", d(3, 2), "600.00", inv)
		res := f.hrev206Invoice(t, d(3, 31))
		assert.Equal(t, "411000 57.78, 763100 -17.78, 758800 -40.00", hrev182Lines(res.Entries[0]))
		// The payment was another invoice's: unlettered.
		for i, l := range pay.Lines {
			if l.Account == "411000" {
				_, err := f.rec.Unletter(ctx, journal.NoID, pay.LineRef(i))
				require.NoError(t, err)
			}
		}
		f.check(t)
		pen := f.hrev200Query(t, d(4, 30))
		require.Len(t, pen.Rows, 1)
		// Invoiced: 600 × 30 + 600 × 59. Owed over the whole life at 30/04:
		// 1 200 × 89 = 106 800 → 35,55; so 35,55 − 17,78 = 17,77 remains,
		// or, slice by slice, 1 200 × 30 + 600 × 29 = 53 400 → 17,78.
		assert.Equal(t, "17.78", pen.Rows[0].Items[0].Penalty.Plain())
	})
}

// A credit note lettered with part of an invoice corrects it: the part it
// credits was never owed and bears no penalties, not even up to the credit
// note's date. 1 200,00 due 31/01, credit note 200,00 on 15/02, the rest
// open at 31/03: 1 000 × 59 = 59 000 × 0,1215 / 365 = 19,6393… = 19,64.
func TestHrev206PartialCreditNote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		cn := f.creditNote(t, "C1", d(2, 15), "200.00")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "C1 FA-1 [1000.00×59] 19.64+40.00; total 59.64", hrev200Show(f.hrev200Query(t, d(3, 31))))
	})
}

// Was failing, fixed: an invoice cancelled in full by a credit note (the French way to cancel an invoice) was never paid late, nothing was ever due: expected no penalties nor indemnity ("total 0.00"), got "C1 FA-1 [1200.00×15] 5.99+40.00; total 45.99"
func TestHrev206InvoiceCancelledByCreditNote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		cn := f.creditNote(t, "C1", d(2, 15), "1200.00")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "total 0.00", hrev200Show(f.hrev200Query(t, d(3, 31))))
	})
}

// No days run after a bad debt: 1 200,00 due 31/01, 480,00 paid 20/03, the
// rest lost 31/03: at 30/06 the slices stop at 20/03 and 31/03.
func TestHrev206BadDebtStopsDays(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		f.receive(t, "BQD", "C1", d(3, 20), "480.00", inv)
		_, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(3, 31)})
		require.NoError(t, err)
		f.check(t)
		pen := f.hrev200Query(t, d(6, 30))
		for _, r := range pen.Rows {
			for _, it := range r.Items {
				for _, s := range it.Slices {
					assert.False(t, s.To.After(d(3, 31)), "a slice runs after the loss: %+v", s)
				}
			}
		}
	})
}

// Was failing, fixed: a debt written off as definitively lost (654000) still owes penalties and the 40 € indemnity, and InvoicePenalties invoices them as new revenue on the insolvent customer: expected the bad-debted invoice left out ("total 0.00", nothing posted), got "C1 FA-1 [480.00×48 720.00×59] 21.81+40.00; total 61.81" and a penalty invoice 411000 61.81 / 763100 -21.81 / 758800 -40.00
func TestHrev206BadDebtNotInvoiced(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		f.receive(t, "BQD", "C1", d(3, 20), "480.00", inv)
		_, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(3, 31)})
		require.NoError(t, err)
		assert.Equal(t, "total 0.00", hrev200Show(f.hrev200Query(t, d(6, 30))))
		res := f.hrev206Invoice(t, d(6, 30))
		assert.Empty(t, res.Entries)
	})
}

// An unlettered payment makes the invoice late again: the penalties count
// the days to the query's date (nothing invoiced yet).
func TestHrev206UnletteredRecomputed(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		pay := f.receive(t, "BQD", "C1", d(2, 10), "1200.00", inv)
		assert.Equal(t, "C1 FA-1 [1200.00×10] 3.99+40.00; total 43.99", hrev200Show(f.hrev200Query(t, d(3, 31))))
		_, err := f.rec.Unletter(ctx, journal.NoID, pay.LineRef(0))
		if err != nil {
			_, err = f.rec.Unletter(ctx, journal.NoID, pay.LineRef(1))
		}
		require.NoError(t, err)
		f.check(t)
		// 1 200 × 59 × 0,1215 / 365 = 23,5660… = 23,57.
		assert.Equal(t, "C1 FA-1 [1200.00×59] 23.57+40.00; total 63.57", hrev200Show(f.hrev200Query(t, d(3, 31))))
	})
}

// The penalty invoice, paid, then reversed: the book still checks, and the
// penalties count again; a penalty invoice overdue owes nothing itself.
func TestHrev206PenaltyInvoicePaidThenReversed(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		res := f.hrev206Invoice(t, d(3, 31))
		require.Len(t, res.Entries, 1)
		pe := res.Entries[0]
		// 1 200 × 59 = 23,57 + 40.
		assert.Equal(t, "411000 63.57, 763100 -23.57, 758800 -40.00", hrev182Lines(pe))
		// Overdue itself at 30/06: only FA-1 counts (1 200 × 91 days from
		// 31/03 = 36,35; 1 200 × 91 × 0,1215 / 365 = 36,3501… = 36,35).
		assert.Equal(t, "C1 FA-1 [1200.00×91] 36.35+0.00; total 36.35", hrev200Show(f.hrev200Query(t, d(6, 30))))
		f.receive(t, "BQD", "C1", d(4, 10), "63.57", pe)
		f.check(t)
		// Paid, it cannot be reversed before it is unlettered.
		_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: pe.ID, Date: d(4, 15)})
		require.ErrorIs(t, err, ledger.ErrLettered)
		assert.Equal(t, "C1 FA-1 [1200.00×91] 36.35+0.00; total 36.35", hrev200Show(f.hrev200Query(t, d(6, 30))))
		_, err = f.rec.Unletter(ctx, journal.NoID, pe.LineRef(0))
		require.NoError(t, err)
		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Entry: pe.ID, Date: d(4, 15)})
		require.NoError(t, err)
		f.check(t)
		// 1 200 × 150 × 0,1215 / 365 = 59,9178… = 59,92, and the indemnity again.
		assert.Equal(t, "C1 FA-1 [1200.00×150] 59.92+40.00; total 99.92", hrev200Show(f.hrev200Query(t, d(6, 30))))
		assert.Equal(t, "0.00", f.balance(t, "763100"))
		assert.Equal(t, "0.00", f.balance(t, "758800"))
	})
}

// The indemnity alone (rate 0) invoiced first does not stop the penalties
// being counted from the due date later, nor is the indemnity claimed
// twice.
func TestHrev206IndemnityAloneThenPenalties(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		res, err := f.rec.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Query: reconcile.PenaltyQuery{At: d(2, 15), Rate: hrev200Rate("0")}})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "411000 40.00, 758800 -40.00", hrev182Lines(res.Entries[0]))
		f.check(t)
		assert.Equal(t, "C1 FA-1 [1200.00×59] 23.57+0.00; total 23.57", hrev200Show(f.hrev200Query(t, d(3, 31))))
	})
}

// Two runs with different operations the same day invoice once; a replay
// of one operation with another query is refused.
func TestHrev206TwiceSameDay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		op := journal.NewID()
		q := reconcile.PenaltyQuery{At: d(3, 31), Rate: hrev200Rate("12.15")}
		res, err := f.rec.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Operation: op, Query: q})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		res, err = f.rec.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Query: q})
		require.NoError(t, err)
		assert.Empty(t, res.Entries)
		q2 := q
		q2.Rate = hrev200Rate("10")
		_, err = f.rec.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Operation: op, Query: q2})
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		assert.Equal(t, "-23.57", f.balance(t, "763100"))
		assert.Equal(t, "-40.00", f.balance(t, "758800"))
		f.check(t)
	})
}

// The penalty invoice carries no VAT and no base in the VAT report; it is
// an open item of the aged balance.
func TestHrev206VATAndAged(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		f.hrev206Invoice(t, d(3, 31))
		assert.Equal(t, "collected 0.00 deductible 0.00", f.hrev182VAT(t, d(1, 1), d(12, 31)))
		ag, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31), Partners: []string{"C1"}})
		require.NoError(t, err)
		assert.Equal(t, "1263.57", ag.CompanyTotal.Plain())
	})
}

// Dunning with a rate shows the penalties not invoiced yet, leaving out
// an excluded invoice.
func TestHrev206DunningExclude(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		f.hrev200Inv(t, "C1", "FA-2", d(1, 31), "600.00")
		dn, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(3, 31), PenaltyRate: hrev200Rate("12.15"), Exclude: []journal.ID{a.ID}})
		require.NoError(t, err)
		require.Len(t, dn.Rows, 1)
		// 600 × 59 × 0,1215 / 365 = 11,78.
		assert.Equal(t, "11.78 40.00", dn.Rows[0].Penalties.Plain()+" "+dn.Rows[0].Indemnities.Plain())
		_, err = f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(3, 31), PenaltyRate: hrev200Rate("101")})
		require.ErrorIs(t, err, reconcile.ErrPenaltyRate)
		_, err = f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(3, 31), PenaltyRate: hrev200Rate("12"), Indemnity: currency.MustParse(usd, "40.00")})
		require.ErrorIs(t, err, reconcile.ErrAmount)
	})
}

// The penalty invoice is a document issued to the customer, not an entry
// a lettering implies: it has no Origin, is of kind penalty, and Reverse
// cancels it as any invoice.
func TestHrev206PenaltyInvoiceOrigin(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		res := f.hrev206Invoice(t, d(3, 31))
		require.Len(t, res.Entries, 1)
		pe := res.Entries[0]
		assert.Equal(t, journal.NoID, pe.Origin)
		assert.Equal(t, journal.DocPenalty, pe.DocKind)
		_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: pe.ID, Date: d(4, 1)})
		require.NoError(t, err)
		f.check(t)
	})
}
