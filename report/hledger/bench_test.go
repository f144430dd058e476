package hledger_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

var hlEntries = flag.Int("hlentries", 10000, "entries of the book BenchmarkHledger exports")

// benchBook is a book of n entries over 2026 and 2027: sales with VAT to
// 200 customers, one in ten in dollars, and their payments.
func benchBook(b *testing.B, n int) *ledger.Book {
	ctx := context.Background()
	bk := newBook(b, storetest.Backends[1])
	require.NoError(b, bk.SetRate(ctx, usd, day(2026, 1, 1), currency.MustParseRate("1.10")))
	const customers = 200
	for i := range customers {
		require.NoError(b, bk.AddPartner(ctx, ledger.Partner{Code: fmt.Sprintf("C%03d", i), Name: fmt.Sprintf("Client %d", i)}))
	}
	entries := make([]journal.Entry, 0, n)
	for i := range n {
		on := day(2026, 1, 1).AddDays(i * 729 / n)
		partner := fmt.Sprintf("C%03d", i%customers)
		ht := currency.FromMinor(eur, int64(10_000+i%9_000))
		tva := currency.FromMinor(eur, int64(2_000+i%9_000/5)) // 20 %, to the cent below
		ttc, _ := ht.Add(tva)
		switch {
		case i%10 == 9:
			q := currency.FromMinor(usd, int64(10_000+i))
			entries = append(entries, journal.Entry{Journal: "VT", Date: on, Type: journal.TypeInvoice, Label: "Invoice", Currency: usd,
				Lines: []journal.Line{{Account: "411000", Partner: partner, AmountCurrency: q}, {Account: "706000", AmountCurrency: q.Neg()}}})
		case i%2 == 1:
			entries = append(entries, journal.Entry{Journal: "BQD", Date: on, Type: journal.TypePayment, Label: "Payment " + partner,
				Lines: []journal.Line{{Account: "512000", Balance: ttc}, {Account: "411000", Partner: partner, Balance: ttc.Neg()}}})
		default:
			entries = append(entries, journal.Entry{Journal: "VT", Date: on, Type: journal.TypeInvoice, Label: fmt.Sprintf("Facture %d", i),
				Ref: fmt.Sprintf("FA-%06d", i), Lines: []journal.Line{{Account: "411000", Partner: partner, Balance: ttc},
					{Account: "706000", Balance: ht.Neg()}, {Account: "445710", Balance: tva.Neg()}}})
		}
	}
	for from := 0; from < n; from += 5000 {
		res, err := bk.PostBatch(ctx, entries[from:min(from+5000, n)], ledger.BatchOptions{AllOrNothing: true})
		require.NoError(b, err)
		for _, r := range res {
			require.NoError(b, r.Err)
		}
	}
	return bk
}

// BenchmarkHledger exports a generated book of -hlentries entries
// (entries/s), reads the export back into an empty book once
// (read-entries/s), then times hledger print and hledger balance -B on the
// export in the same run (seconds; skipped without hledger).
func BenchmarkHledger(b *testing.B) {
	ctx := context.Background()
	bk := benchBook(b, *hlEntries)
	file := filepath.Join(b.TempDir(), "book.journal")
	var sum hledger.Summary
	for b.Loop() {
		f, err := os.Create(file)
		require.NoError(b, err)
		sum, err = hledger.Write(ctx, bk, f, hledger.Options{})
		require.NoError(b, err)
		require.NoError(b, f.Close())
	}
	b.ReportMetric(float64(sum.Entries)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	f, err := os.Open(file)
	require.NoError(b, err)
	defer f.Close()
	t0 := time.Now()
	rs, err := hledger.Read(ctx, f, newBook(b, storetest.Backends[1]), hledger.ReadOptions{})
	require.NoError(b, err)
	require.Equal(b, sum.Entries, rs.Posted)
	b.ReportMetric(float64(rs.Posted)/time.Since(t0).Seconds(), "read-entries/s")
	if _, err := exec.LookPath("hledger"); err != nil {
		b.Log("hledger is not on PATH (.ci/run installs it): its timings are left out")
		return
	}
	for _, c := range []struct {
		metric string
		args   []string
	}{{"hledger-print-s", []string{"print"}}, {"hledger-bal-s", []string{"balance", "-B", "--flat"}}} {
		cmd := exec.Command("hledger", append([]string{"-f", file}, c.args...)...)
		cmd.Stdout = io.Discard
		t0 := time.Now()
		require.NoError(b, cmd.Run(), "hledger %v", c.args)
		b.ReportMetric(time.Since(t0).Seconds(), c.metric)
	}
}
