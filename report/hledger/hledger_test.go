package hledger_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

var update = flag.Bool("update-hledger", false, "rewrite the golden hledger journals")

var (
	eur = currency.MustLookup("EUR")
	usd = currency.MustLookup("USD")
)

func amt(s string) currency.Amount { return currency.MustParse(eur, s) }

func day(y, m, d int) journal.Date { return journal.MustDate(y, time.Month(m), d) }

// newBook is an empty book in euros with the French chart and the fiscal
// years 2026 and 2027.
func newBook(t testing.TB, s storetest.Backend) *ledger.Book {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: eur, Clock: clock})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2027)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	return b
}

// smallBook is two years of a small company: sales with VAT paid and
// lettered, a customer paying across the year end, a dollar invoice paid
// at another rate (an exchange difference), a supplier bill paid, labels
// hledger would misread.
func smallBook(t testing.TB, s storetest.Backend) *ledger.Book {
	t.Helper()
	ctx := context.Background()
	b := newBook(t, s)
	require.NoError(t, b.SetRate(ctx, usd, day(2026, 1, 1), currency.MustParseRate("1.25")))
	require.NoError(t, b.SetRate(ctx, usd, day(2026, 7, 1), currency.MustParseRate("1.10")))
	for _, p := range []ledger.Partner{{Code: "C1", Name: "Boulangerie Martin"}, {Code: "C2", Name: "Café ; du  Port"},
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
	sale := func(partner string, on journal.Date, ref, label, ttc, ht, tva string) journal.Entry {
		return post(journal.Entry{Journal: "VT", Date: on, Type: journal.TypeInvoice, Ref: ref, Label: label,
			Lines: []journal.Line{{Account: "411000", Partner: partner, Balance: amt(ttc), DueDate: on.AddDays(30)},
				{Account: "706000", Balance: amt(ht).Neg(), Label: "Prestations [mars] date: 2026-03-02"},
				{Account: "445710", Balance: amt(tva).Neg()}}})
	}
	pay := func(dir reconcile.Direction, partner string, on journal.Date, a currency.Amount, inv journal.Entry) {
		_, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: dir, Partner: partner, Journal: "BQD", Date: on,
			Amount: a, Method: reconcile.MethodTransfer, Ref: "VIR " + inv.Ref, Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
	}
	i1 := sale("C1", day(2026, 3, 2), "FA-001", "Facture FA-001; acompte 10%", "1200.00", "1000.00", "200.00")
	pay(reconcile.Inbound, "C1", day(2026, 3, 20), amt("1200.00"), i1)
	i2 := sale("C2", day(2026, 11, 15), "FA-002", " Facture FA-002 ", "600.00", "500.00", "100.00")
	pay(reconcile.Inbound, "C2", day(2026, 12, 10), amt("200.00"), i2)
	i3 := post(journal.Entry{Journal: "VT", Date: day(2026, 6, 1), Type: journal.TypeInvoice, Ref: "FA-003", Label: "Invoice FA-003",
		Currency: usd, Lines: []journal.Line{{Account: "411000", Partner: "C3", AmountCurrency: currency.MustParse(usd, "250.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-250.00")}}})
	pay(reconcile.Inbound, "C3", day(2026, 8, 3), currency.MustParse(usd, "250.00"), i3)
	bill := post(journal.Entry{Journal: "AC", Date: day(2026, 4, 3), Type: journal.TypeInvoice, Ref: "D-77", Label: "Papier",
		Lines: []journal.Line{{Account: "401000", Partner: "S1", Balance: amt("-120.00")},
			{Account: "607000", Balance: amt("100.00")}, {Account: "445660", Balance: amt("20.00")}}})
	pay(reconcile.Outbound, "S1", day(2026, 5, 3), amt("120.00"), bill)
	post(journal.Entry{Journal: "OD", Date: day(2026, 12, 31), Label: "Frais bancaires",
		Lines: []journal.Line{{Account: "627000", Balance: amt("12.34")}, {Account: "512000", Balance: amt("-12.34")}}})
	// 2027: C2 pays the rest of FA-002, a new sale.
	pay(reconcile.Inbound, "C2", day(2027, 1, 12), amt("400.00"), i2)
	sale("C1", day(2027, 2, 1), "FA-101", "Facture FA-101", "240.00", "200.00", "40.00")
	return b
}

func export(t testing.TB, b *ledger.Book, opts hledger.Options) ([]byte, hledger.Summary) {
	t.Helper()
	var buf bytes.Buffer
	sum, err := hledger.Write(context.Background(), b, &buf, opts)
	require.NoError(t, err)
	return buf.Bytes(), sum
}

// ids are random (UUIDv7): the golden file has them masked.
var idLine = regexp.MustCompile(`(?m)^    ; id: [0-9a-f-]{36}$`)

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	got = idLine.ReplaceAll(got, []byte("    ; id: (masked)"))
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./report/hledger -update-hledger to write it")
	require.Equal(t, string(want), string(got))
}

// The export of the small book matches the golden file, its totals balance,
// and every entry is there.
func TestWriteGolden(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b := smallBook(t, s)
			out, sum := export(t, b, hledger.Options{})
			assert.True(t, sum.Debit.Equal(sum.Credit), "%s / %s", sum.Debit, sum.Credit)
			last, err := b.LastSeq(context.Background())
			require.NoError(t, err)
			assert.Equal(t, int(last), sum.Entries)
			assert.Equal(t, 2, sum.Commodities)
			golden(t, "small.journal", out)
		})
	}
}

// A fiscal year selects its entries; a year and a range together are
// refused.
func TestWriteSelection(t *testing.T) {
	ctx := context.Background()
	b := smallBook(t, storetest.Backends[0])
	out, sum := export(t, b, hledger.Options{FiscalYear: "2027"})
	assert.Equal(t, 2, sum.Entries)
	assert.Equal(t, day(2027, 1, 1), sum.From)
	assert.NotContains(t, string(out), "\n2026-")
	_, err := hledger.Write(ctx, b, &bytes.Buffer{}, hledger.Options{FiscalYear: "2026", From: day(2026, 1, 1)})
	assert.ErrorIs(t, err, hledger.ErrOptions)
	_, err = hledger.Write(ctx, b, &bytes.Buffer{}, hledger.Options{FiscalYear: "2031"})
	assert.ErrorIs(t, err, ledger.ErrNoFiscalYear)
}

// hledgerBalances runs hledger bal at cost on file and returns each
// account's balance by name.
func hledgerBalances(t *testing.T, file string, args ...string) map[string]string {
	t.Helper()
	cmd := exec.Command("hledger", append([]string{"-f", file, "balance", "-B", "--flat", "--no-total", "-O", "csv"}, args...)...)
	out, err := cmd.Output()
	require.NoError(t, err, "hledger: %s", errText(err))
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	require.NoError(t, err)
	m := map[string]string{}
	for _, r := range rows[1:] {
		m[r[0]] = r[1]
	}
	return m
}

func errText(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

func hledgerPath(t testing.TB) string {
	p, err := exec.LookPath("hledger")
	if err != nil {
		t.Skip("hledger is not on PATH (.ci/run installs it)")
	}
	return p
}

// hledger's balance at cost of the export is the book's, to the cent:
// per partner subaccount, per account cumulatively at each year's end, and
// year to date for the income statement against the trial balance.
func TestHledgerAgrees(t *testing.T) {
	hledgerPath(t)
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			b := smallBook(t, s)
			out, _ := export(t, b, hledger.Options{})
			file := filepath.Join(t.TempDir(), "book.journal")
			require.NoError(t, os.WriteFile(file, out, 0o644))
			check, err := exec.Command("hledger", "-f", file, "check", "-s").CombinedOutput()
			require.NoError(t, err, "hledger check -s (accounts and commodities declared): %s", check)
			for _, y := range []ledger.FiscalYear{ledger.CalendarYear(2026), ledger.CalendarYear(2027)} {
				next := y.End.AddDays(1).String()
				// hledger's balance at the year's end is the trial balance's:
				// income and expense of the year, earlier results on 120000
				// (the export carries each year's result forward), partner
				// subaccounts the book's balance per partner.
				got := hledgerBalances(t, file, "-e", next)
				tb, err := b.TrialBalance(ctx, y.End)
				require.NoError(t, err)
				want := map[string]string{}
				for _, r := range tb.Rows {
					if !r.Balance.IsZero() {
						want[r.Account] = r.Balance.String()
					}
				}
				seen := 0
				for name, g := range got {
					code, p, sub := strings.Cut(name, ":")
					if !sub {
						if _, split := partnersOf(got)[code]; split {
							continue // an account's total: its subaccounts' sum, below
						}
						if currency.MustParse(eur, strings.TrimSuffix(g, " EUR")).IsZero() {
							assert.Empty(t, want[code], "%s: hledger 0", code)
							continue
						}
						assert.Equal(t, want[code], g, "%s at %s", code, y.End)
						seen++
						continue
					}
					bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: code, Partner: p, At: y.End})
					require.NoError(t, err)
					assert.Equal(t, bal.Balance.String(), g, "%s at %s", name, y.End)
					seen++
				}
				for code := range want {
					_, split := partnersOf(got)[code]
					_, ok := got[code]
					assert.True(t, ok || split, "%s (%s) missing from hledger's balance at %s", code, want[code], y.End)
				}
				assert.Greater(t, seen, 5)
			}
		})
	}
}

// partnersOf returns the accounts hledger shows split into partner
// subaccounts.
func partnersOf(bal map[string]string) map[string]bool {
	out := map[string]bool{}
	for name := range bal {
		if code, _, ok := strings.Cut(name, ":"); ok {
			out[code] = true
		}
	}
	return out
}

// trial is every account's balance per partner at a date.
func trial(t *testing.T, b *ledger.Book, at journal.Date) map[string]string {
	t.Helper()
	ctx := context.Background()
	tb, err := b.TrialBalance(ctx, at)
	require.NoError(t, err)
	m := map[string]string{}
	for _, r := range tb.Rows {
		m[r.Account] = r.Debit.String() + " / " + r.Credit.String()
	}
	partners := []string{"C1", "C2", "C3", "S1"}
	for _, a := range []string{"411000", "401000"} {
		for _, p := range partners {
			bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: a, Partner: p, At: at})
			require.NoError(t, err)
			m[a+":"+p] = bal.Balance.String()
		}
	}
	return m
}

// Export, import into an empty book with the same fiscal years: the same
// trial balance, per partner too; a second import replays; the second
// export is the first.
func TestRoundTrip(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			src := smallBook(t, s)
			out, wsum := export(t, src, hledger.Options{})
			dst := newBook(t, s)
			sum, err := hledger.Read(ctx, bytes.NewReader(out), dst, hledger.ReadOptions{})
			require.NoError(t, err)
			assert.Equal(t, wsum.Entries, sum.Transactions)
			assert.Equal(t, wsum.Entries, sum.Posted)
			assert.Equal(t, 4, sum.PartnersAdded)
			assert.Zero(t, sum.AccountsAdded)
			for _, at := range []journal.Date{day(2026, 6, 30), day(2026, 12, 31), day(2027, 12, 31)} {
				assert.Equal(t, trial(t, src, at), trial(t, dst, at), "at %s", at)
			}
			p, err := dst.Partner(ctx, "C2")
			require.NoError(t, err)
			assert.Equal(t, "Café ; du  Port", p.Name)
			again, err := hledger.Read(ctx, bytes.NewReader(out), dst, hledger.ReadOptions{})
			require.NoError(t, err)
			assert.Equal(t, wsum.Entries, again.Replayed)
			assert.Zero(t, again.Posted)
			out2, _ := export(t, dst, hledger.Options{})
			assert.Equal(t, string(out), string(out2))
		})
	}
}

// Texts hledger would misread come back as they were: a ';' and
// spaces at both ends of a label, a "date:" word and brackets in a line
// label, a literal %3B, a comma in a reference.
func TestRoundTripTexts(t *testing.T) {
	ctx := context.Background()
	src := newBook(t, storetest.Backends[0])
	in := journal.Entry{Journal: "OD", Date: day(2026, 5, 5), Ref: "a, b; c date: x", Label: "  50%3B off; date: 2026-01-01 [x]  ",
		Lines: []journal.Line{{Account: "627000", Balance: amt("1.00"), Label: " date2: 2026-02-02 [2026-03-03] 100%25 ; ok "},
			{Account: "512000", Balance: amt("-1.00"), Label: "Date:x,DATE:y"}}}
	_, err := src.Post(ctx, in)
	require.NoError(t, err)
	out, _ := export(t, src, hledger.Options{})
	if _, err := exec.LookPath("hledger"); err == nil {
		file := filepath.Join(t.TempDir(), "texts.journal")
		require.NoError(t, os.WriteFile(file, out, 0o644))
		got := hledgerBalances(t, file, "-e", "2027-01-01") // 2026's: 2027 opens with the result on 129000
		assert.Equal(t, map[string]string{"627000": "1.00 EUR", "512000": "-1.00 EUR"}, got)
	}
	dst := newBook(t, storetest.Backends[0])
	_, err = hledger.Read(ctx, bytes.NewReader(out), dst, hledger.ReadOptions{})
	require.NoError(t, err)
	e, err := dst.EntryByNumber(ctx, "OD/2026/00001")
	require.NoError(t, err)
	assert.Equal(t, in.Label, e.Label)
	assert.Equal(t, in.Ref, e.Ref)
	assert.Equal(t, day(2026, 5, 5), e.Date)
	for i := range in.Lines {
		assert.Equal(t, in.Lines[i].Label, e.Lines[i].Label)
	}
}
