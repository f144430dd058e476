package report_test

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/store/storetest"
)

// Review 20: the FEC's opening carried item by item on lettrable
// accounts. Every file is checked the way an auditor reads it: the file
// and its opening entry balance, the validator finds nothing, and each
// letter dated in the year ties up within the file (the lines of one
// account, partner and EcritureLet sum to zero).

// rv20 is a book of three calendar years, 2026 to 2028, the French
// chart, customers C1 and C2, a dollar customer U1 and a reconciler.
type rv20 struct {
	b   *ledger.Book
	r   *reconcile.Reconciler
	usd currency.Currency
}

func rv20Book(t *testing.T, s storetest.Backend) *rv20 {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2029, 2, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: fecEUR, Clock: clock})
	require.NoError(t, err)
	for _, y := range []int{2026, 2027, 2028} {
		require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(y)))
	}
	require.NoError(t, b.InstallFrenchChart(ctx))
	usd := currency.MustLookup("USD")
	require.NoError(t, b.SetRate(ctx, usd, fecDay(2026, 1, 1), currency.MustParseRate("1.25")))  // 1 USD = 0,80 EUR
	require.NoError(t, b.SetRate(ctx, usd, fecDay(2026, 12, 1), currency.MustParseRate("1.00"))) // 1 USD = 1,00 EUR
	require.NoError(t, b.SetRate(ctx, usd, fecDay(2027, 3, 1), currency.MustParseRate("1.60")))  // 1 USD = 0,625 EUR
	for _, p := range []ledger.Partner{{Code: "C1", Name: "Martin"}, {Code: "C2", Name: "Durand"}, {Code: "U1", Name: "Acme Inc."}} {
		require.NoError(t, b.AddPartner(ctx, p))
	}
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	return &rv20{b: b, r: r, usd: usd}
}

func (x *rv20) post(t *testing.T, e journal.Entry) journal.Entry {
	t.Helper()
	res, err := x.b.Post(context.Background(), e)
	require.NoError(t, err)
	return res.Entry
}

// sale posts an invoice (or, amount negative, a credit note) on 411000.
func (x *rv20) sale(t *testing.T, partner string, on journal.Date, ref, amount string) journal.Entry {
	typ := journal.TypeInvoice
	if strings.HasPrefix(amount, "-") {
		typ = journal.TypeCreditNote
	}
	return x.post(t, journal.Entry{Journal: "VT", Date: on, Type: typ, Ref: ref, Label: "Facture " + ref, Lines: []journal.Line{
		{Account: "411000", Partner: partner, DueDate: on.AddDays(30), Balance: fecAmt(amount)},
		{Account: "706000", Balance: fecAmt(amount).Neg()}}})
}

func (x *rv20) letter(t *testing.T, refs ...journal.LineRef) reconcile.Result {
	t.Helper()
	res, err := x.r.Reconcile(context.Background(), reconcile.Request{Lines: refs})
	require.NoError(t, err)
	return res
}

func (x *rv20) receive(t *testing.T, partner string, on journal.Date, amount currency.Amount, invoices ...journal.Entry) reconcile.Result {
	t.Helper()
	var ids []journal.ID
	for _, inv := range invoices {
		ids = append(ids, inv.ID)
	}
	res, err := x.r.RegisterPayment(context.Background(), reconcile.Payment{Direction: reconcile.Inbound, Partner: partner, Journal: "BQD",
		Date: on, Amount: amount, Method: reconcile.MethodTransfer, Ref: "VIR-" + partner + "-" + on.String(), Invoices: ids})
	require.NoError(t, err)
	return res
}

// rv20Row is a FEC line's fields.
type rv20Row []string

func (r rv20Row) amount(t *testing.T) currency.Amount {
	t.Helper()
	parse := func(s string) currency.Amount {
		a, err := currency.Parse(fecEUR, strings.ReplaceAll(s, ",", "."))
		require.NoError(t, err, s)
		return a
	}
	d, err := parse(r[11]).Sub(parse(r[12]))
	require.NoError(t, err)
	return d
}

// fecOf writes the FEC of year with pipes and checks what every file must
// satisfy; it returns its rows.
func (x *rv20) fecOf(t *testing.T, year string) []rv20Row {
	t.Helper()
	var buf bytes.Buffer
	sum, err := report.WriteFEC(context.Background(), x.b, year, &buf, report.FECOptions{Separator: fec.Pipe})
	require.NoError(t, err)
	assert.True(t, sum.Debit.Equal(sum.Credit), "FEC %s: debit %s, credit %s", year, sum.Debit, sum.Credit)
	rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: sum.Year.Start, YearEnd: sum.Year.End})
	require.NoError(t, err)
	assert.True(t, rep.OK(), "FEC %s findings: %v", year, rep.Findings)
	var rows []rv20Row
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n")[1:] {
		f := strings.Split(l, "|")
		require.Len(t, f, fec.ColumnCount, l)
		rows = append(rows, f)
	}
	// The opening entry balances.
	open := fecAmt("0.00")
	for _, r := range rows {
		if r[0] == "AN" {
			open, err = open.Add(r.amount(t))
			require.NoError(t, err)
		}
	}
	assert.True(t, open.IsZero(), "FEC %s: the opening entry is off by %s", year, open)
	// Every letter dated in the year ties up within the file.
	assert.Empty(t, rv20Unbalanced(t, rows, sum.Year), "FEC %s: letters that do not tie up within the file\n%s", year, buf.String())
	return rows
}

// rv20Unbalanced returns "account partner letter: sum" for each letter
// dated in the year whose lines in the file do not sum to zero.
func rv20Unbalanced(t *testing.T, rows []rv20Row, y ledger.FiscalYear) []string {
	sums := map[string]currency.Amount{}
	for _, r := range rows {
		if r[13] == "" {
			continue
		}
		k := r[4] + " " + r[6] + " " + r[13]
		if _, ok := sums[k]; !ok {
			sums[k] = fecAmt("0.00")
		}
		s, err := sums[k].Add(r.amount(t))
		require.NoError(t, err)
		sums[k] = s
		dl := r[14]
		require.True(t, dl >= fmt.Sprint(y.Start.Key()) && dl <= fmt.Sprint(y.End.Key()), "DateLet %s outside the year: %v", dl, r)
	}
	var out []string
	for k, s := range sums {
		if !s.IsZero() {
			out = append(out, fmt.Sprintf("%s: %s", k, s.Plain()))
		}
	}
	sort.Strings(out)
	return out
}

// rv20Opening returns the opening rows of an account: "partner piece
// piecedate amount let datelet montantdevise idevise".
func rv20Opening(t *testing.T, rows []rv20Row, account string) []string {
	var out []string
	for _, r := range rows {
		if r[0] == "AN" && r[4] == account {
			out = append(out, strings.Join([]string{r[6], r[8], r[9], r.amount(t).Plain(), r[13], r[14], r[16], r[17]}, " "))
		}
	}
	return out
}

// A customer whose open items net to zero at the year's end — an invoice
// and a receipt not yet lettered to it — has no opening balance, but
// still two open items. When, next year, the invoice is settled by a
// credit note and the receipt by a new invoice, both letters hold a line
// of the earlier year: the opening must carry both items (with their
// letters) for the letters to tie up within the 2027 file and for the open
// items to be rebuilt from it. The item-by-item opening is skipped when
// the partner's balance is zero, so the 2027 file shows the credit note
// lettered AAA alone (-1 000,00) and the invoice FA-2 lettered AAB alone.
func TestReview20FECOpeningItemsOfAZeroBalance(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			x := rv20Book(t, s)
			inv := x.sale(t, "C1", fecDay(2026, 11, 10), "FA-1", "1000.00")
			rec := x.receive(t, "C1", fecDay(2026, 12, 15), fecAmt("1000.00")) // on account, not lettered
			x.fecOf(t, "2026")
			av := x.sale(t, "C1", fecDay(2027, 1, 10), "AV-1", "-1000.00")
			x.letter(t, inv.LineRef(0), av.LineRef(0))
			fa2 := x.sale(t, "C1", fecDay(2027, 2, 1), "FA-2", "1000.00")
			x.letter(t, fa2.LineRef(0), rec.Entries[0].LineRef(rvReceivableLine(t, rec.Entries[0])))
			rows := x.fecOf(t, "2027")
			assert.Equal(t, []string{
				"C1 FA-1 20261110 1000.00 AAA 20270110  ",
				"C1 VIR-C1-2026-12-15 20261215 -1000.00 AAB 20270201  ",
			}, rv20Opening(t, rows, "411000"), "the invoice and the receipt open at the end of 2026")
		})
	}
}

// rvReceivableLine is the index of an entry's line on 411000.
func rvReceivableLine(t *testing.T, e journal.Entry) int {
	t.Helper()
	for i, l := range e.Lines {
		if l.Account == "411000" {
			return i
		}
	}
	t.Fatalf("no 411000 line in %s", e.Name())
	return -1
}

// The same on the suspense account 471000, lettrable and without
// partner: two receipts parked there in 2026 (+100,00 and -100,00, a
// zero balance) are cleared in 2027 each against a new line; the 2027
// opening must carry both, else each 2027 letter holds one line.
func TestReview20FECOpeningSuspenseZeroBalance(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			x := rv20Book(t, s)
			a := x.post(t, journal.Entry{Journal: "OD", Date: fecDay(2026, 12, 1), Ref: "ATT-1", Label: "Attente 1", Lines: []journal.Line{
				{Account: "471000", Balance: fecAmt("100.00")}, {Account: "512000", Balance: fecAmt("-100.00")}}})
			b := x.post(t, journal.Entry{Journal: "OD", Date: fecDay(2026, 12, 2), Ref: "ATT-2", Label: "Attente 2", Lines: []journal.Line{
				{Account: "512000", Balance: fecAmt("100.00")}, {Account: "471000", Balance: fecAmt("-100.00")}}})
			x.fecOf(t, "2026")
			c := x.post(t, journal.Entry{Journal: "OD", Date: fecDay(2027, 1, 5), Ref: "SOLDE-1", Label: "Solde attente 1", Lines: []journal.Line{
				{Account: "471000", Balance: fecAmt("-100.00")}, {Account: "467000", Balance: fecAmt("100.00")}}})
			d := x.post(t, journal.Entry{Journal: "OD", Date: fecDay(2027, 1, 6), Ref: "SOLDE-2", Label: "Solde attente 2", Lines: []journal.Line{
				{Account: "471000", Balance: fecAmt("100.00")}, {Account: "467000", Balance: fecAmt("-100.00")}}})
			x.letter(t, a.LineRef(0), c.LineRef(0))
			x.letter(t, b.LineRef(1), d.LineRef(0))
			rows := x.fecOf(t, "2027")
			assert.Equal(t, []string{
				" ATT-1 20261201 100.00 AAA 20270105  ",
				" ATT-2 20261202 -100.00 AAB 20270106  ",
			}, rv20Opening(t, rows, "471000"), "the two items open at the end of 2026")
		})
	}
}

// Suspense items with a balance: +150,00 and -100,00 open at the end of
// 2026 on 471000; the -100,00 is cleared in 2027. The opening carries
// both items without partner, the cleared one lettered.
func TestReview20FECOpeningSuspenseItems(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			x := rv20Book(t, s)
			x.post(t, journal.Entry{Journal: "OD", Date: fecDay(2026, 12, 1), Ref: "ATT-1", Label: "Attente 1", Lines: []journal.Line{
				{Account: "471000", Balance: fecAmt("150.00")}, {Account: "512000", Balance: fecAmt("-150.00")}}})
			b := x.post(t, journal.Entry{Journal: "OD", Date: fecDay(2026, 12, 2), Ref: "ATT-2", Label: "Attente 2", Lines: []journal.Line{
				{Account: "512000", Balance: fecAmt("100.00")}, {Account: "471000", Balance: fecAmt("-100.00")}}})
			d := x.post(t, journal.Entry{Journal: "OD", Date: fecDay(2027, 1, 6), Ref: "SOLDE-2", Label: "Solde attente 2", Lines: []journal.Line{
				{Account: "471000", Balance: fecAmt("100.00")}, {Account: "467000", Balance: fecAmt("-100.00")}}})
			x.letter(t, b.LineRef(1), d.LineRef(0))
			rows := x.fecOf(t, "2027")
			assert.Equal(t, []string{
				" ATT-1 20261201 150.00    ",
				" ATT-2 20261202 -100.00 AAA 20270106  ",
			}, rv20Opening(t, rows, "471000"))
		})
	}
}

// A dollar invoice of 1 000 USD booked at 0,80 (800,00 €), paid 400 USD
// in December 2026 at 1,00 (an exchange gain of 80,00 on the paid share),
// the other 600 USD in March 2027 at 0,625 (375,00 €, a loss of 105,00).
// The 2027 opening carries the invoice at its residual: 480,00 € and
// 600,00 USD, lettered with the March payment and its exchange
// difference, which tie up to zero in the file.
func TestReview20FECOpeningForeignPartlyPaid(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			x := rv20Book(t, s)
			inv := x.post(t, journal.Entry{Journal: "VT", Date: fecDay(2026, 6, 1), Type: journal.TypeInvoice, Ref: "FA-U", Label: "Invoice FA-U",
				Currency: x.usd, Lines: []journal.Line{{Account: "411000", Partner: "U1", AmountCurrency: currency.MustParse(x.usd, "1000.00")},
					{Account: "706000", AmountCurrency: currency.MustParse(x.usd, "-1000.00")}}})
			require.Equal(t, "800.00", inv.Lines[0].Balance.Plain())
			x.receive(t, "U1", fecDay(2026, 12, 10), currency.MustParse(x.usd, "400.00"), inv)
			x.fecOf(t, "2026")
			x.receive(t, "U1", fecDay(2027, 3, 10), currency.MustParse(x.usd, "600.00"), inv)
			rows := x.fecOf(t, "2027")
			assert.Equal(t, []string{"U1 FA-U 20260601 480.00 AAA 20270310 600,00 USD"}, rv20Opening(t, rows, "411000"))
			x.fecOf(t, "2028")
		})
	}
}

// A credit note open on 411000 at the year's end (a credit-side item) is
// carried on the credit side, with its piece, and lettered with the 2027
// invoice it settles.
func TestReview20FECOpeningCreditNote(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			x := rv20Book(t, s)
			av := x.sale(t, "C2", fecDay(2026, 12, 20), "AV-9", "-300.00")
			x.sale(t, "C2", fecDay(2026, 12, 21), "FA-8", "50.00")
			inv := x.sale(t, "C2", fecDay(2027, 2, 3), "FA-20", "300.00")
			x.letter(t, av.LineRef(0), inv.LineRef(0))
			rows := x.fecOf(t, "2027")
			assert.Equal(t, []string{"C2 AV-9 20261220 -300.00 AAA 20270203  ", "C2 FA-8 20261221 50.00    "}, rv20Opening(t, rows, "411000"))
		})
	}
}

// Three years: an invoice of October 2026 paid in January 2028. The 2027
// opening carries it unlettered (the match is dated after 2027); the 2028
// opening carries it again, with its 2026 piece date, lettered with the
// 2028 receipt.
func TestReview20FECOpeningThreeYears(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			x := rv20Book(t, s)
			inv := x.sale(t, "C1", fecDay(2026, 10, 1), "FA-3", "700.00")
			x.receive(t, "C1", fecDay(2028, 1, 15), fecAmt("700.00"), inv)
			x.fecOf(t, "2026")
			rows := x.fecOf(t, "2027")
			assert.Equal(t, []string{"C1 FA-3 20261001 700.00    "}, rv20Opening(t, rows, "411000"))
			rows = x.fecOf(t, "2028")
			assert.Equal(t, []string{"C1 FA-3 20261001 700.00 AAA 20280115  "}, rv20Opening(t, rows, "411000"))
		})
	}
}

// An invoice of December 2026 cancelled by its reversal in January 2027:
// the opening carries it lettered with the reversal, which ties up.
func TestReview20FECOpeningReversal(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			x := rv20Book(t, s)
			inv := x.sale(t, "C2", fecDay(2026, 12, 28), "FA-R", "250.00")
			_, err := x.r.Reverse(context.Background(), reconcile.Reversal{Entry: inv.ID, Date: fecDay(2027, 1, 5)})
			require.NoError(t, err)
			rows := x.fecOf(t, "2027")
			assert.Equal(t, []string{"C2 FA-R 20261228 250.00 AAA 20270105  "}, rv20Opening(t, rows, "411000"))
		})
	}
}

// A dollar invoice revalued at the 2026 closing (écart de conversion: the
// revaluation line on 411000 against 476000/477000, reversed on 1 January
// 2027 and lettered with its reversal): the 2027 opening carries the
// invoice at its booked value with its dollars and the revaluation line in
// euros only, lettered with its reversal; every letter ties up.
func TestReview20FECOpeningRevaluedItem(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			x := rv20Book(t, s)
			inv := x.post(t, journal.Entry{Journal: "VT", Date: fecDay(2026, 6, 1), Type: journal.TypeInvoice, Ref: "FA-U", Label: "Invoice FA-U",
				Currency: x.usd, Lines: []journal.Line{{Account: "411000", Partner: "U1", AmountCurrency: currency.MustParse(x.usd, "1000.00")},
					{Account: "706000", AmountCurrency: currency.MustParse(x.usd, "-1000.00")}}})
			_, err := x.r.Revalue(context.Background(), reconcile.Revaluation{Date: fecDay(2026, 12, 31)}) // 1,00: +200,00
			require.NoError(t, err)
			x.receive(t, "U1", fecDay(2027, 3, 10), currency.MustParse(x.usd, "1000.00"), inv) // 625,00 €
			x.fecOf(t, "2026")
			rows := x.fecOf(t, "2027")
			open := rv20Opening(t, rows, "411000")
			require.Len(t, open, 2, "%v", open)
			assert.Equal(t, "U1 FA-U 20260601 800.00 AAB 20270310 1000,00 USD", open[0])
			assert.Contains(t, open[1], " 20261231 200.00 AAA 20270101  ", "the revaluation line, lettered with its reversal")
			x.fecOf(t, "2028")
		})
	}
}

// An invoice of 2026 paid 400,00 in 2027 and 600,00 in 2028: the 2027
// file carries it whole and unlettered (the match is of 2028), the 2028
// file at its 600,00 residual, lettered with the 2028 receipt only.
func TestReview20FECOpeningPartlyPaidAcrossYears(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			x := rv20Book(t, s)
			inv := x.sale(t, "C1", fecDay(2026, 11, 1), "FA-4", "1000.00")
			x.receive(t, "C1", fecDay(2027, 5, 2), fecAmt("400.00"), inv)
			x.receive(t, "C1", fecDay(2028, 2, 3), fecAmt("600.00"), inv)
			rows := x.fecOf(t, "2027")
			assert.Equal(t, []string{"C1 FA-4 20261101 1000.00    "}, rv20Opening(t, rows, "411000"))
			rows = x.fecOf(t, "2028")
			assert.Equal(t, []string{"C1 FA-4 20261101 600.00 AAA 20280203  "}, rv20Opening(t, rows, "411000"))
		})
	}
}

// A dollar invoice of 1 000 USD at 0,80 (800,00 €) and a receipt of
// 1 000 USD on 20 December 2026 at 1,00 (1 000,00 €), posted in 2026 but
// lettered only after 2026 is locked: the exchange gain of 200,00 moves to
// 1 January 2027, the first open date. At the end of 2026 the invoice is
// settled and the receipt still owes 200,00 € (0 USD): the 2027 opening
// carries it, lettered with the exchange line of 1 January, and the letter
// ties up in the 2027 file.
func TestReview20FECOpeningExchangeAfterLock(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			x := rv20Book(t, s)
			inv := x.post(t, journal.Entry{Journal: "VT", Date: fecDay(2026, 6, 1), Type: journal.TypeInvoice, Ref: "FA-U", Label: "Invoice FA-U",
				Currency: x.usd, Lines: []journal.Line{{Account: "411000", Partner: "U1", AmountCurrency: currency.MustParse(x.usd, "1000.00")},
					{Account: "706000", AmountCurrency: currency.MustParse(x.usd, "-1000.00")}}})
			rec := x.receive(t, "U1", fecDay(2026, 12, 20), currency.MustParse(x.usd, "1000.00"))
			require.NoError(t, x.b.SetLockDate(ctx, ledger.LockGeneral, fecDay(2026, 12, 31), "clôture"))
			x.letter(t, inv.LineRef(0), rec.Entries[0].LineRef(rvReceivableLine(t, rec.Entries[0])))
			rows := x.fecOf(t, "2026")
			for _, r := range rows {
				if r[4] == "411000" {
					assert.Empty(t, r[13], "lettered in 2027: %v", r)
				}
			}
			rows = x.fecOf(t, "2027")
			open := rv20Opening(t, rows, "411000")
			require.Len(t, open, 1, "%v", open)
			assert.Contains(t, open[0], " 20261220 -200.00 AAA 20270101", "the receipt's euro residual")
		})
	}
}
