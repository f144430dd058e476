package report_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/store/storetest"
)

var updateFEC = flag.Bool("update-fec", false, "rewrite the golden FEC files")

var fecEUR = currency.MustLookup("EUR")

func fecAmt(s string) currency.Amount { return currency.MustParse(fecEUR, s) }

func fecDay(y, m, d int) journal.Date { return journal.MustDate(y, time.Month(m), d) }

// fecBook is two years of a small company: sales and purchases, a
// customer paying in full, one paying in the next year, a dollar invoice,
// an expense; 2026 closed in 2027 with its profit.
func fecBook(t *testing.T, s storetest.Backend) *ledger.Book {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC) // the books are kept up to date on 1 March 2027
	clock := func() time.Time { now = now.Add(time.Second); return now }
	b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: fecEUR, Clock: clock})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2027)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	usd := currency.MustLookup("USD")
	require.NoError(t, b.SetRate(ctx, usd, fecDay(2026, 1, 1), currency.MustParseRate("0.8")))
	for _, p := range []ledger.Partner{{Code: "C1", Name: "Boulangerie Martin"}, {Code: "C2", Name: "Café | du Port"},
		{Code: "C3", Name: "Acme Inc."}, {Code: "S1", Name: "Papeterie Durand"}} {
		require.NoError(t, b.AddPartner(ctx, p))
	}
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	post := func(e journal.Entry) journal.Entry {
		res, err := b.Post(ctx, e)
		require.NoError(t, err)
		return res.Entry
	}
	sale := func(partner string, on journal.Date, ref, ttc, ht, tva string) journal.Entry {
		return post(journal.Entry{Journal: "VT", Date: on, Type: journal.TypeInvoice, Ref: ref, Label: "Facture " + ref,
			Lines: []journal.Line{{Account: "411000", Partner: partner, Balance: fecAmt(ttc)},
				{Account: "706000", Balance: fecAmt(ht).Neg()}, {Account: "445710", Balance: fecAmt(tva).Neg()}}})
	}
	pay := func(partner string, on journal.Date, amount string, inv journal.Entry) {
		_, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: partner, Journal: "BQD", Date: on,
			Amount: fecAmt(amount), Method: reconcile.MethodTransfer, Ref: "VIR " + inv.Ref, Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
	}
	i1 := sale("C1", fecDay(2026, 3, 2), "FA-001", "1200.00", "1000.00", "200.00")
	pay("C1", fecDay(2026, 3, 20), "1200.00", i1)
	i2 := sale("C2", fecDay(2026, 11, 15), "FA-002", "600.00", "500.00", "100.00")
	pay("C2", fecDay(2026, 12, 10), "200.00", i2)
	post(journal.Entry{Journal: "VT", Date: fecDay(2026, 6, 1), Type: journal.TypeInvoice, Ref: "FA-003", Label: "Invoice FA-003",
		Currency: usd, Lines: []journal.Line{{Account: "411000", Partner: "C3", AmountCurrency: currency.MustParse(usd, "250.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-250.00")}}})
	post(journal.Entry{Journal: "AC", Date: fecDay(2026, 4, 3), Type: journal.TypeInvoice, Ref: "D-77", Label: "Papier",
		Lines: []journal.Line{{Account: "401000", Partner: "S1", Balance: fecAmt("-120.00")},
			{Account: "607000", Balance: fecAmt("100.00")}, {Account: "445660", Balance: fecAmt("20.00")}}})
	// 2027: C2 pays the rest of FA-002, a new sale.
	pay("C2", fecDay(2027, 1, 12), "400.00", i2)
	sale("C1", fecDay(2027, 2, 1), "FA-101", "240.00", "200.00", "40.00")
	return b
}

// The FEC of each year passes our validator, opens with the balances
// carried forward (2027: receivables per partner, the 2026 profit on
// 120000), letters only what was matched by the year's end, and matches
// the golden file.
func TestWriteFEC(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			b := fecBook(t, s)
			for _, year := range []string{"2026", "2027"} {
				var buf bytes.Buffer
				sum, err := report.WriteFEC(ctx, b, year, &buf, report.FECOptions{})
				require.NoError(t, err)
				require.True(t, sum.Debit.Equal(sum.Credit), "the FEC balances: %s / %s", sum.Debit, sum.Credit)
				rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: sum.Year.Start, YearEnd: sum.Year.End})
				require.NoError(t, err)
				require.True(t, rep.OK(), "findings: %v", rep.Findings)
				assert.Equal(t, sum.Lines, rep.Lines)
				assert.Equal(t, sum.Entries, rep.Entries)
				fecGolden(t, "fec-"+year+".txt", buf.Bytes())
			}
		})
	}
}

func fecGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateFEC {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./report -run FEC -update-fec to write it")
	require.Equal(t, string(want), string(got))
}

// The 2027 file's opening and letters, read as an accountant would.
func TestWriteFECOpeningAndLetters(t *testing.T) {
	ctx := context.Background()
	b := fecBook(t, storetest.Backends[0])
	var buf bytes.Buffer
	_, err := report.WriteFEC(ctx, b, "2026", &buf, report.FECOptions{Separator: fec.Pipe})
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	assert.Equal(t, strings.Join(fec.Header[:], "|"), lines[0])
	assert.NotContains(t, buf.String(), "AN/2026", "the first year opens with nothing")
	for _, l := range lines[1:] {
		f := strings.Split(l, "|")
		require.Len(t, f, fec.ColumnCount, l)
		if f[6] == "C2" {
			assert.Empty(t, f[13], "FA-002 is lettered only in 2027: %s", l)
		}
		if f[4] == "706000" && f[8] == "FA-003" {
			assert.Equal(t, "USD", f[17], "a dollar line: %s", l)
			assert.Equal(t, "-250,00", f[16])
		}
		if f[4] != "411000" && f[4] != "401000" {
			assert.Empty(t, f[6], "no partner on %s", l)
		}
		if f[6] == "C1" && f[4] == "411000" {
			assert.Equal(t, "AAA", f[13], l)
		}
	}
	assert.Contains(t, buf.String(), "Café   du Port", "a pipe in a name becomes a space")

	buf.Reset()
	_, err = report.WriteFEC(ctx, b, "2027", &buf, report.FECOptions{Separator: fec.Pipe})
	require.NoError(t, err)
	lines = strings.Split(strings.TrimSpace(buf.String()), "\n")
	var opening []string
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, "AN|") {
			opening = append(opening, l)
		} else {
			break
		}
	}
	require.NotEmpty(t, opening, "the opening comes first")
	joined := strings.Join(opening, "\n")
	assert.Contains(t, joined, "|411000|Clients|C2|Café   du Port|")
	assert.Contains(t, joined, "|120000|")
	assert.NotContains(t, joined, "|706000|", "income restarts at zero")
	assert.Contains(t, buf.String(), "|411000|Clients|C2|Café   du Port|VIR FA-002|20270112|Règlement Café   du Port FA-002|0,00|400,00|AAA|20270112|",
		"FA-002's payment is lettered in 2027")
}

// Bad input: an unknown year, another currency, an opening journal that
// is one of the book's; nothing is written.
func TestWriteFECRefused(t *testing.T) {
	ctx := context.Background()
	b := fecBook(t, storetest.Backends[0])
	var buf bytes.Buffer
	_, err := report.WriteFEC(ctx, b, "2030", &buf, report.FECOptions{})
	require.ErrorIs(t, err, ledger.ErrNoFiscalYear)
	_, err = report.WriteFEC(ctx, b, "2026", &buf, report.FECOptions{OpeningJournal: "VT"})
	require.ErrorIs(t, err, report.ErrFEC)
	_, err = report.WriteFEC(ctx, b, "2026", &buf, report.FECOptions{Separator: ';'})
	require.ErrorIs(t, err, report.ErrFEC)
	require.Zero(t, buf.Len())

	usdBook, err := ledger.Create(ctx, storetest.Backends[0].Open(t), ledger.Options{Currency: currency.MustLookup("USD")})
	require.NoError(t, err)
	require.NoError(t, usdBook.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	_, err = report.WriteFEC(ctx, usdBook, "2026", &buf, report.FECOptions{})
	require.ErrorIs(t, err, report.ErrFEC)
	require.Zero(t, buf.Len())
}

// A lettrable account's opening is carried item by item, and what the
// items leave of the partner's balance on its own row: a partial dated
// before the payment it letters (booked by a program, not by reconcile,
// which dates a partial at the later line's date) lowers the invoice's
// residual at the year's end while the payment is not yet in the book.
// The rows still sum to the partner's balance and the file balances.
func TestWriteFECOpeningItemsLeaveARest(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: fecEUR})
			require.NoError(t, err)
			require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
			require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2027)))
			require.NoError(t, b.InstallFrenchChart(ctx))
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Martin"}))
			post := func(on journal.Date, ref string, amt string) journal.Entry {
				res, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: on, Ref: ref, Label: ref, Lines: []journal.Line{
					{Account: "411000", Partner: "C1", Balance: fecAmt(amt)}, {Account: "706000", Balance: fecAmt(amt).Neg()}}})
				require.NoError(t, err)
				return res.Entry
			}
			inv := post(fecDay(2026, 12, 20), "FA-1", "1000.00")
			post(fecDay(2026, 12, 22), "FA-2", "50.00")
			pay := post(fecDay(2027, 1, 5), "AV-1", "-1000.00")
			require.NoError(t, b.Update(ctx, func(tx *ledger.Tx) error {
				_, err := booktx.Of(tx).PutPartial(journal.Partial{Debit: inv.LineRef(0), Credit: pay.LineRef(0),
					Amount: fecAmt("300.00"), DebitAmountCurrency: fecAmt("300.00"), CreditAmountCurrency: fecAmt("300.00"),
					Date: fecDay(2026, 12, 31), Kind: journal.KindPayment})
				return err
			}))
			var buf bytes.Buffer
			_, err = report.WriteFEC(ctx, b, "2027", &buf, report.FECOptions{Separator: fec.Pipe})
			require.NoError(t, err)
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n")[1:] {
				if f := strings.Split(l, "|"); f[0] == "AN" && f[4] == "411000" {
					got = append(got, strings.Join([]string{f[6], f[8], f[9], f[10], f[11], f[12]}, " "))
				}
			}
			assert.Equal(t, []string{
				"C1 FA-1 20261220 FA-1 700,00 0,00",
				"C1 FA-2 20261222 FA-2 50,00 0,00",
				"C1 AN/2027/00001 20270101 A nouveaux 300,00 0,00",
			}, got)
			rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: fecDay(2027, 1, 1), YearEnd: fecDay(2027, 12, 31)})
			require.NoError(t, err)
			require.True(t, rep.OK(), "findings: %v", rep.Findings)
		})
	}
}
