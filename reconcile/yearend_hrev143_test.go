package reconcile_test

// Review h-rev143: year end and lettering across fiscal years (DESIGN §4,
// §5, §13). Books with 2026 and 2027, on memstore and boltstore.

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var h143End26 = journal.MustDate(2026, time.December, 31)

// h143Close closes 2026 on 20/01/2027 through the Reconciler.
func h143Close(t *testing.T, f *fixture) {
	t.Helper()
	*f.now = time.Date(2027, time.January, 20, 10, 0, 0, 0, time.UTC)
	_, _, err := f.rec.CloseFiscalYear(ctx, "2026", "alice")
	require.NoError(t, err)
	f.check(t)
}

// h143Opening renders Book.Opening of a year as "account partner balance".
func h143Opening(t *testing.T, f *fixture, label string) []string {
	t.Helper()
	rows, err := f.book.Opening(ctx, label)
	require.NoError(t, err)
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s %s %s", r.Account, r.Partner, r.Balance.Plain()))
	}
	return out
}

// h143FEC writes and validates the FEC of label and returns its rows
// (without the header) as their 18 columns.
func h143FEC(t *testing.T, f *fixture, label string) [][]string {
	t.Helper()
	var buf bytes.Buffer
	sum, err := report.WriteFEC(ctx, f.book, label, &buf, report.FECOptions{})
	require.NoError(t, err)
	rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: sum.Year.Start, YearEnd: sum.Year.End})
	require.NoError(t, err)
	for _, x := range rep.Findings {
		if x.Code != fec.CodeDateOrder {
			assert.Fail(t, "the FEC validates", "%s: %v", label, x)
		}
	}
	var rows [][]string
	for i, l := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
		if i == 0 {
			continue
		}
		c := strings.Split(l, "\t")
		require.Len(t, c, 18)
		rows = append(rows, c)
	}
	return rows
}

// h143Rows keeps the rows of an account as "Journal Date PieceRef Aux Debit Credit Let DateLet".
func h143Rows(rows [][]string, account string) []string {
	var out []string
	for _, c := range rows {
		if c[4] == account {
			out = append(out, strings.Join([]string{c[0], c[3], c[8], c[6], c[11], c[12], c[13], c[14]}, " "))
		}
	}
	return out
}

func h143Bal(t *testing.T, f *fixture, account string, at journal.Date) string {
	t.Helper()
	b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: account, At: at})
	require.NoError(t, err)
	return b.Balance.Plain()
}

func h143Aged(t *testing.T, f *fixture, p string, at journal.Date) string {
	t.Helper()
	a, err := f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"411000"}, Partners: []string{p}, At: at})
	require.NoError(t, err)
	return a.CompanyTotal.Plain()
}

func h143Stmt(t *testing.T, f *fixture, p string, at journal.Date) string {
	t.Helper()
	s, err := f.rec.StatementAt(ctx, "411000", p, at)
	require.NoError(t, err)
	return s.Due.Plain() + "/" + s.Unallocated.Plain()
}

// A cash-basis invoice of 10/11/2026 (1 000.00 + 200.00 VAT on payment), a
// bill of 300.00, 2026 closed with a profit of 700.00; paid 480.00 on
// 10/02/2027 and 720.00 on 15/03/2027; then the first receipt detached.
func TestHrev143CashBasisInvoicePaidAcrossYears(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(11, 10), "1000.00")
		f.bill(t, "S1", d(12, 1), "300.00")
		h143Close(t, f)
		assert.Equal(t, []string{
			"120000  -700.00",
			"401000 S1 -300.00",
			"411000 C1 1200.00",
			"445740  -200.00",
		}, h143Opening(t, f, "2027"))

		p1 := f.receive(t, "BQD", "C1", d27(2, 10), "480.00", inv)
		f.check(t)
		assert.Equal(t, reconcile.Partial, f.state(t, inv).State)
		assert.Equal(t, "720.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, "-200.00", h143Bal(t, f, "445740", h143End26))
		assert.Equal(t, "-120.00", h143Bal(t, f, "445740", d27(2, 10)))
		assert.Equal(t, "-80.00", h143Bal(t, f, "445710", d27(2, 10)))
		assert.Equal(t, "0.00", h143Bal(t, f, "445710", h143End26))
		assert.Equal(t, "1200.00", h143Aged(t, f, "C1", h143End26))
		assert.Equal(t, "720.00", h143Aged(t, f, "C1", d27(2, 28)))
		assert.Equal(t, "1200.00/0.00", h143Stmt(t, f, "C1", h143End26))
		assert.Equal(t, "720.00/0.00", h143Stmt(t, f, "C1", d27(2, 10)))
		code, prov, err := f.rec.Code(ctx, inv.LineRef(0))
		require.NoError(t, err)
		assert.True(t, prov, "open group: provisional code %q", code)
		rows := h143FEC(t, f, "2027")
		// the open group's provisional code is not exported
		assert.Equal(t, []string{
			"AN 20270101 VT/2026/00001 C1 1200,00 0,00  ",
			"BQD 20270210 BQD/2027/00001 C1 0,00 480,00  ",
		}, h143Rows(rows, "411000"))

		p2 := f.receive(t, "BQD", "C1", d27(3, 15), "720.00", inv)
		f.check(t)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "0.00", h143Bal(t, f, "445740", d27(3, 15)))
		assert.Equal(t, "-200.00", h143Bal(t, f, "445710", d27(3, 15)))
		assert.Equal(t, "1200.00", h143Aged(t, f, "C1", h143End26))
		assert.Equal(t, "720.00", h143Aged(t, f, "C1", d27(3, 14)))
		assert.Equal(t, "0.00", h143Aged(t, f, "C1", d27(3, 15)))
		assert.Equal(t, "1200.00/0.00", h143Stmt(t, f, "C1", h143End26))
		assert.Equal(t, "AAA", f.code(t, inv.LineRef(0)))
		assert.Equal(t, "AAA", f.code(t, p1.LineRef(0)))
		assert.Equal(t, "AAA", f.code(t, p2.LineRef(0)))
		rows = h143FEC(t, f, "2027")
		assert.Equal(t, []string{
			"AN 20270101 VT/2026/00001 C1 1200,00 0,00 AAA 20270315",
			"BQD 20270210 BQD/2027/00001 C1 0,00 480,00 AAA 20270315",
			"BQD 20270315 BQD/2027/00002 C1 0,00 720,00 AAA 20270315",
		}, h143Rows(rows, "411000"))
		assert.Equal(t, []string{"AN 20270101 AN/2027/00001  0,00 200,00  "}, h143Rows(rows, "445740")[:1])
		for _, r := range h143Rows(h143FEC(t, f, "2026"), "411000") {
			assert.NotContains(t, r, "AAA")
		}

		// detach the first receipt in 2027: its 80.00 cash-basis share is
		// reversed at its own date, the second keeps 120.00.
		_, err = f.rec.Detach(ctx, journal.NoID, p1.LineRef(0))
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, reconcile.Partial, f.state(t, inv).State)
		assert.Equal(t, "480.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, "-80.00", h143Bal(t, f, "445740", journal.Date{}))
		assert.Equal(t, "-120.00", h143Bal(t, f, "445710", journal.Date{}))
		assert.Equal(t, "-200.00", h143Bal(t, f, "445740", d27(2, 10).AddDays(-1)))
		assert.Equal(t, "-200.00", h143Bal(t, f, "445740", d27(2, 10)), "the 80.00 share and its reversal are both dated 10/02/2027")
		assert.Equal(t, "720.00", h143Aged(t, f, "C1", d27(2, 28)), "1 200.00 open, 480.00 on account")
		assert.Equal(t, "0.00", h143Aged(t, f, "C1", d27(3, 31)), "480.00 open, 480.00 on account")
		assert.Equal(t, "1200.00/480.00", h143Stmt(t, f, "C1", d27(2, 28)))
		assert.Equal(t, "480.00/480.00", h143Stmt(t, f, "C1", d27(3, 31)))
		for _, r := range h143Rows(h143FEC(t, f, "2027"), "411000") {
			assert.NotContains(t, r, "AAA", "the code is retired")
		}
	})
}

// Three years: a profit of 1 000.00 in 2026, allocated in 2027 (Dr 120000
// / Cr 110000), a loss of 1 500.00 in 2027; the opening of 2028, its trial
// balance, its balance générale and its FEC's opening entry.
func TestHrev143OpeningAfterProfitAllocatedThenLoss(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.AddFiscalYear(ctx, ledger.CalendarYear(2028)))
		f.invoice(t, "C1", d(6, 1), "1000.00")
		assert.Equal(t, []string{"120000  -1000.00", "411000 C1 1000.00"}, h143Opening(t, f, "2027"))
		f.post(t, journal.Entry{Journal: "OD", Date: d27(6, 30), Label: "Affectation du résultat 2026", Lines: []journal.Line{
			{Account: "120000", Balance: e("1000.00")}, {Account: "110000", Balance: e("-1000.00")}}})
		f.bill(t, "S1", d27(9, 1), "1500.00")
		assert.Equal(t, []string{"120000  -1000.00", "411000 C1 1000.00"}, h143Opening(t, f, "2027"), "2027 opens as before")
		assert.Equal(t, []string{
			"110000  -1000.00",
			"129000  1500.00",
			"401000 S1 -1500.00",
			"411000 C1 1000.00",
		}, h143Opening(t, f, "2028"))
		tb, err := f.book.TrialBalance(ctx, journal.MustDate(2028, time.January, 1))
		require.NoError(t, err)
		var got []string
		for _, r := range tb.Rows {
			got = append(got, r.Account+" "+r.Balance.Plain())
		}
		assert.Equal(t, []string{"110000 -1000.00", "120000 0.00", "129000 1500.00", "401000 -1500.00", "411000 1000.00"}, got,
			"120000 has movements (the profit computed, the allocation posted): it shows at 0.00")
		assert.Equal(t, "0.00", tb.Total.Balance.Plain())

		bal, err := report.ReadGeneralBalance(ctx, f.book, report.BalanceQuery{Period: report.Period{
			From: journal.MustDate(2028, time.January, 1), To: journal.MustDate(2028, time.December, 31)}})
		require.NoError(t, err)
		got = got[:0]
		for _, r := range bal.Rows {
			got = append(got, r.Account+" "+r.Opening.Plain()+" "+r.Closing.Plain())
		}
		assert.Equal(t, []string{"110000 -1000.00 -1000.00", "129000 1500.00 1500.00", "401000 -1500.00 -1500.00", "411000 1000.00 1000.00"}, got)

		rows := h143FEC(t, f, "2028")
		got = got[:0]
		for _, c := range rows {
			got = append(got, strings.Join([]string{c[0], c[4], c[6], c[11], c[12]}, " "))
		}
		assert.Equal(t, []string{
			"AN 110000  0,00 1000,00",
			"AN 129000  1500,00 0,00",
			"AN 401000 S1 0,00 1500,00",
			"AN 411000 C1 1000,00 0,00",
		}, got)
	})
}

// A USD invoice of 10/11/2026 (1 200.00 USD at 1.20 = 1 000.00 EUR), 2026
// closed, a general lock date at 31/01/2027; receipts of 600.00 USD on
// 15/01/2027 and 20/02/2027 at 1.25 (480.00 EUR each). The exchange
// differences (20.00 each on 656000) are dated at their partials' dates,
// the first moved past the lock to 01/02/2027; nothing lands in 2026.
func TestHrev143ForeignInvoicePaidNextYearUnderLock(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d27(1, 1), currency.MustParseRate("1.25")))
		inv := f.foreignSale(t, "C1", d(11, 10), usd, "1200.00")
		assert.Equal(t, "1000.00", h143Bal(t, f, "411000", h143End26))
		h143Close(t, f)
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d27(1, 31), "january closed"))

		pay := func(date journal.Date) journal.Entry {
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
				Date: date, Method: reconcile.MethodTransfer, Amount: currency.MustParse(usd, "600.00"), Invoices: []journal.ID{inv.ID}})
			require.NoError(t, err)
			return res.Entries[0]
		}
		// a receipt dated in the locked January is refused, nothing written
		before := f.snapshot(t)
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d27(1, 15), Method: reconcile.MethodTransfer, Amount: currency.MustParse(usd, "600.00"), Invoices: []journal.ID{inv.ID}})
		require.ErrorIs(t, err, ledger.ErrLocked)
		f.unchanged(t, before)
		// move the lock back (allowed: after the closing) and pay on 15/01
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, h143End26, "reopen january"))
		p1 := pay(d27(1, 15))
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d27(1, 31), "january closed"))
		f.check(t)
		assert.Equal(t, "500.00", f.residual(t, inv.LineRef(0)).Plain(), "the invoice keeps 600.00 USD at its own rate 1.20")
		assert.Equal(t, "20.00", h143Bal(t, f, "656000", d27(1, 15)))
		p2 := pay(d27(2, 20))
		f.check(t)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "0.00", h143Bal(t, f, "656000", h143End26))
		assert.Equal(t, "40.00", h143Bal(t, f, "656000", d27(2, 20)))
		assert.Equal(t, "0.00", h143Bal(t, f, "411000", journal.Date{}))
		assert.Equal(t, "AAA", f.code(t, inv.LineRef(0)))

		// Unlettering the whole code now: the first FX entry is dated
		// 15/01 (locked): its reversal moves to 01/02/2027.
		_, err = f.rec.UnletterCode(ctx, journal.NoID, "411000", "C1", "AAA")
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "1000.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, "-480.00", f.residual(t, p1.LineRef(0)).Plain())
		assert.Equal(t, "-480.00", f.residual(t, p2.LineRef(0)).Plain())
		assert.Equal(t, "0.00", h143Bal(t, f, "656000", journal.Date{}))
		assert.Equal(t, "20.00", h143Bal(t, f, "656000", d27(1, 31)), "the January FX stays in January, its reversal is after the lock")
		assert.Equal(t, "", f.code(t, inv.LineRef(0)))
		rows := h143FEC(t, f, "2027")
		assert.Equal(t, "AN 20270101 VT/2026/00001 C1 1000,00 0,00  ", h143Rows(rows, "411000")[0])
		var item []string
		for _, c := range rows {
			if c[0] == "AN" && c[4] == "411000" {
				item = c
			}
		}
		require.NotNil(t, item)
		assert.Equal(t, "1200,00", item[16], "Montantdevise of the opening item")
		assert.Equal(t, "USD", item[17])
	})
}

// Closed-year refusals: a receipt dated in 2026 after the closing, a lock
// date before the closing; nothing is written.
func TestHrev143ClosedYearRefusesWritesNothing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(12, 10), "500.00")
		h143Close(t, f)
		before := f.snapshot(t)
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(12, 20), Method: reconcile.MethodTransfer, Amount: e("500.00"), Invoices: []journal.ID{inv.ID}})
		require.ErrorIs(t, err, ledger.ErrYearClosed)
		require.ErrorIs(t, err, ledger.ErrLocked)
		f.unchanged(t, before)
		err = f.book.SetLockDate(ctx, ledger.LockGeneral, d(11, 30), "back")
		require.ErrorIs(t, err, ledger.ErrYearClosed)
		f.unchanged(t, before)
		_, err = f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(12, 31), Amount: e("500.00"),
			Partner: "C1", Invoices: []journal.ID{inv.ID}})
		require.ErrorIs(t, err, ledger.ErrYearClosed)
		f.unchanged(t, before)
		f.check(t)
	})
}

// Lines of 2026 (invoice 100.03, receipt on account 100.00) lettered with
// a 0.03 write-off after 2026 is closed: the write-off is dated 01/01/2027,
// the match too, and 2026 is unchanged.
func TestHrev143WriteOffOfClosedYearLines(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(12, 10), "100.03")
		pay := f.receive(t, "BQD", "C1", d(12, 20), "100.00")
		h143Close(t, f)
		fec26 := h143FEC(t, f, "2026")
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(0)}, WriteOff: true})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Matches, 1)
		assert.Equal(t, d27(1, 1), res.Matches[0].Date)
		assert.Equal(t, "0.03", h143Bal(t, f, "658000", journal.Date{}))
		assert.Equal(t, "0.00", h143Bal(t, f, "658000", h143End26))
		assert.Equal(t, fec26, h143FEC(t, f, "2026"))
		rows := h143FEC(t, f, "2027")
		assert.Equal(t, []string{
			"AN 20270101 VT/2026/00001 C1 100,03 0,00 AAA 20270101",
			"AN 20270101 BQD/2026/00001 C1 0,00 100,00 AAA 20270101",
			"OD 20270101 OD/2027/00001 C1 0,00 0,03 AAA 20270101",
		}, h143Rows(rows, "411000"))
		assert.Equal(t, "100.03", h143Aged(t, f, "C1", h143End26)[:0]+h143Stmt(t, f, "C1", h143End26)[:6])
		assert.Equal(t, "0.00", h143Aged(t, f, "C1", d27(1, 1)))
	})
}

// A receipt through the bank journal with outstanding accounts on
// 28/12/2026 (Dr 512100 / Cr 411000), cleared by a statement line on
// 05/01/2027 after 2026 is closed: the invoice is in_payment at the year
// end and paid after; the 2027 FEC carries the 512100 item in its opening
// with the clearing's letter.
func TestHrev143OutstandingReceiptClearedNextYear(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(12, 10), "250.00")
		pay := f.receive(t, "BQ", "C1", d(12, 28), "250.00", inv)
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		h143Close(t, f)
		assert.Contains(t, h143Opening(t, f, "2027"), "512100  250.00")
		res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d27(1, 5), Amount: e("250.00"), Ref: "VIR C1"})
		require.NoError(t, err)
		st := res.Entries[0]
		_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: st.ID, Payments: []journal.ID{pay.ID}})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		rows := h143FEC(t, f, "2027")
		r512 := h143Rows(rows, "512100")
		require.Len(t, r512, 2)
		assert.Equal(t, "AN 20270101 BQ/2026/00001  250,00 0,00 AAA 20270105", r512[0])
		assert.Equal(t, "BQ 20270105 VIR C1  0,00 250,00 AAA 20270105", r512[1])
		// the 2026 FEC: the invoice and receipt are lettered in 2026, the
		// receipt's 512100 line is not
		r26 := h143FEC(t, f, "2026")
		assert.Equal(t, []string{"BQ 20261228 BQ/2026/00001  250,00 0,00  "}, h143Rows(r26, "512100"))
	})
}

// General ledger of January 2027: income accounts open at zero,
// balance-sheet accounts at their 2026 balance, the 2026 profit on 120000.
func TestHrev143GeneralLedgerOpensNextYear(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(11, 10), "900.00")
		h143Close(t, f)
		f.receive(t, "BQD", "C1", d27(1, 10), "900.00", inv)
		g, err := report.ReadGeneralLedger(ctx, f.book, report.LedgerQuery{Period: report.Period{From: d27(1, 1), To: d27(1, 31)}})
		require.NoError(t, err)
		var got []string
		for _, r := range g.Rows {
			if r.Kind == report.RowOpening || r.Kind == report.RowDetail {
				got = append(got, fmt.Sprintf("%s %s %s %s %s", r.Kind, r.Account, r.Number, r.Balance.Plain(), r.Letter))
			}
		}
		t.Logf("%q", got)
		assert.NotContains(t, strings.Join(got, "\n"), "706000", "706000 has no movement in January 2027 and opens at zero")
		assert.Contains(t, got, fmt.Sprintf("%s 411000  900.00 ", report.RowOpening))
		assert.Contains(t, got, fmt.Sprintf("%s 120000  -900.00 ", report.RowOpening))
		assert.Contains(t, got, fmt.Sprintf("%s 411000 BQD/2027/00001 0.00 AAA", report.RowDetail))
		assert.Equal(t, g.Debit.Plain(), g.Credit.Plain())
	})
}

// Retries after the closing of operations done before it: same ids, same
// content. DESIGN §4: same id and same content → the stored result,
// flagged as a replay; a retry after a crash can never double-post.
func TestHrev143RetryAfterClosingIsAReplay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		invID := journal.NewID()
		x := journal.Entry{ID: invID, Journal: "VT", Date: d(12, 10), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("300.00"), DueDate: d(12, 31)},
			{Account: "706000", Balance: e("-300.00")}}}
		first, err := f.book.Post(ctx, x)
		require.NoError(t, err)
		payOp := journal.NewID()
		p := reconcile.Payment{Operation: payOp, Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(12, 20),
			Method: reconcile.MethodTransfer, Amount: e("100.00"), Invoices: []journal.ID{invID}}
		pres, err := f.rec.RegisterPayment(ctx, p)
		require.NoError(t, err)
		h143Close(t, f)
		before := f.snapshot(t)

		again, err := f.book.Post(ctx, x)
		require.NoError(t, err, "retrying the post of a 2026 entry after the closing")
		assert.True(t, again.Replay)
		assert.Equal(t, first.Entry.Number, again.Entry.Number)

		pres2, err := f.rec.RegisterPayment(ctx, p)
		require.NoError(t, err, "retrying a 2026 payment after the closing")
		assert.True(t, pres2.Replay)
		assert.Equal(t, pres.Entries[0].ID, pres2.Entries[0].ID)
		f.unchanged(t, before)
		f.check(t)
	})
}

// Reversing a 2026 invoice after the closing: the reversal moves to
// 01/01/2027 and is lettered with the invoice; the 2027 FEC carries the
// invoice in its opening with that letter, the 2026 FEC is unchanged.
func TestHrev143ReverseClosedYearInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(12, 10), "300.00")
		h143Close(t, f)
		fec26 := h143FEC(t, f, "2026")
		res, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: inv.ID})
		require.NoError(t, err)
		f.check(t)
		require.NotEmpty(t, res.Entries)
		assert.Equal(t, d27(1, 1), res.Entries[0].Date)
		assert.Equal(t, reconcile.Reversed, f.state(t, inv).State)
		assert.Equal(t, "300.00", h143Bal(t, f, "411000", h143End26))
		assert.Equal(t, "0.00", h143Bal(t, f, "411000", d27(1, 1)))
		assert.Equal(t, "300.00", h143Aged(t, f, "C1", h143End26))
		assert.Equal(t, "0.00", h143Aged(t, f, "C1", d27(1, 1)))
		assert.Equal(t, fec26, h143FEC(t, f, "2026"))
		assert.Equal(t, []string{
			"AN 20270101 VT/2026/00001 C1 300,00 0,00 AAA 20270101",
			"VT 20270101 VT/2027/00001 C1 0,00 300,00 AAA 20270101",
		}, h143Rows(h143FEC(t, f, "2027"), "411000"))
	})
}

// Auto-lettering in 2027 of 2026 lines (an invoice of 400.00 and a receipt
// on account of 400.00), after 2026 is closed, with a cash-basis invoice
// among them: the match is dated 01/01/2027 as a manual lettering is, the
// cash-basis entry too, and 2026 does not change.
func TestHrev143AutoLetterClosedYearLines(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(12, 10), "400.00")
		pay := f.receive(t, "BQD", "C1", d(12, 20), "400.00")
		cb := f.cashBasisInvoice(t, journal.CustomerInvoice, "C2", d(12, 1), "100.00")
		pay2 := f.receive(t, "BQD", "C2", d(12, 21), "120.00")
		h143Close(t, f)
		fec26 := h143FEC(t, f, "2026")
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Accounts: []string{"411000"}}})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, 2, sum.Matches)
		assert.Equal(t, "AAA", f.code(t, inv.LineRef(0)))
		assert.Equal(t, "AAA", f.code(t, pay.LineRef(0)))
		assert.Equal(t, "AAA", f.code(t, cb.LineRef(0)))
		assert.Equal(t, "AAA", f.code(t, pay2.LineRef(0)))
		assert.Equal(t, "-20.00", h143Bal(t, f, "445740", h143End26))
		assert.Equal(t, "0.00", h143Bal(t, f, "445740", d27(1, 1)))
		assert.Equal(t, "-20.00", h143Bal(t, f, "445710", d27(1, 1)))
		assert.Equal(t, fec26, h143FEC(t, f, "2026"))
		assert.Equal(t, []string{
			"AN 20270101 VT/2026/00001 C1 400,00 0,00 AAA 20270101",
			"AN 20270101 BQD/2026/00001 C1 0,00 400,00 AAA 20270101",
			"AN 20270101 VT/2026/00002 C2 120,00 0,00 AAA 20270101",
			"AN 20270101 BQD/2026/00002 C2 0,00 120,00 AAA 20270101",
		}, h143Rows(h143FEC(t, f, "2027"), "411000"))
		assert.Equal(t, "0.00", h143Aged(t, f, "C2", d27(1, 1)))
		assert.Equal(t, "0.00", h143Aged(t, f, "C2", h143End26), "120.00 due, 120.00 on account")
		assert.Equal(t, "120.00/120.00", h143Stmt(t, f, "C2", h143End26))
	})
}

// Partner ledger and balance auxiliaire across the year end: an invoice
// of 2026 (700.00) paid in two receipts, 200.00 on 20/12/2026 and 500.00
// on 10/01/2027. The 2026 partner ledger shows no letter (the match is of
// 2027); the 2027 one opens C1 at 500.00 and letters the 2027 receipt;
// the 2027 balance auxiliaire opens C1 at 500.00 and closes at 0.00.
func TestHrev143PartnerLedgerAcrossYearEnd(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(11, 10), "700.00")
		f.receive(t, "BQD", "C1", d(12, 20), "200.00", inv)
		h143Close(t, f)
		f.receive(t, "BQD", "C1", d27(1, 10), "500.00", inv)
		f.check(t)
		lines := func(from, to journal.Date) []string {
			pl, err := report.ReadPartnerLedger(ctx, f.book, report.PartnerLedgerQuery{Period: report.Period{From: from, To: to}, Partners: []string{"C1"}})
			require.NoError(t, err)
			var out []string
			for _, r := range pl.Rows {
				if r.Kind == report.RowOpening || r.Kind == report.RowDetail {
					out = append(out, fmt.Sprintf("%s %s %s %s", r.Kind, r.Number, r.Balance.Plain(), r.Letter))
				}
			}
			return out
		}
		assert.Equal(t, []string{
			"opening  0.00 ",
			"detail VT/2026/00001 700.00 ",
			"detail BQD/2026/00001 500.00 ",
		}, lines(journal.MustDate(2026, time.January, 1), h143End26))
		assert.Equal(t, []string{
			"opening  500.00 ",
			"detail BQD/2027/00001 0.00 AAA",
		}, lines(d27(1, 1), d27(12, 31)))
		aux, err := report.ReadAuxiliaryBalance(ctx, f.book, report.BalanceQuery{Period: report.Period{From: d27(1, 1), To: d27(12, 31)}})
		require.NoError(t, err)
		var got []string
		for _, r := range aux.Rows {
			got = append(got, fmt.Sprintf("%s %s %s %s %s %s", r.Account, r.Partner, r.Opening.Plain(), r.Debit.Plain(), r.Credit.Plain(), r.Closing.Plain()))
		}
		assert.Contains(t, got, "411000 C1 500.00 0.00 500.00 0.00")
	})
}

// Closing refusals: 2027 before 2026 (ErrEarlierYearOpen); 2026 with
// 50.00 on suspense at 31/12/2026, even once cleared in 2027
// (ErrSuspense, the balance at the year's end counts); nothing written.
func TestHrev143CloseRefusals(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.post(t, journal.Entry{Journal: "BQD", Date: d(12, 30), Type: journal.TypeStatementLine, Lines: []journal.Line{
			{Account: "512000", Balance: e("50.00")}, {Account: "471000", Balance: e("-50.00")}}})
		f.post(t, journal.Entry{Journal: "OD", Date: d27(1, 5), Lines: []journal.Line{
			{Account: "471000", Balance: e("50.00")}, {Account: "411000", Partner: "C1", Balance: e("-50.00")}}})
		*f.now = time.Date(2028, time.January, 20, 10, 0, 0, 0, time.UTC)
		before := f.snapshot(t)
		_, _, err := f.rec.CloseFiscalYear(ctx, "2027", "alice")
		require.ErrorIs(t, err, ledger.ErrEarlierYearOpen)
		_, _, err = f.rec.CloseFiscalYear(ctx, "2026", "alice")
		require.ErrorIs(t, err, ledger.ErrSuspense)
		f.unchanged(t, before)
		closed, err := f.book.ClosedYears(ctx)
		require.NoError(t, err)
		assert.Empty(t, closed)
	})
}
