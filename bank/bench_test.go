package bank_test

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/boltstore"
)

var bankLines = flag.Int("banklines", 10_000, "entries of BenchmarkImportAndMatch's statement (100000 for the issue's figure)")

// BenchmarkImportAndMatch reads a camt.053 statement of n entries, each a
// customer's transfer naming its invoice, imports it into a durable bbolt
// book holding the n open invoices (over n/10 customers), matches every
// entry and posts it, lettered. Reported: entries per second end to end,
// and the heap after. The 100k figure:
//
//	go test ./bank -run '^$' -bench ImportAndMatch -benchtime 1x -banklines 100000 -timeout 30m
func BenchmarkImportAndMatch(b *testing.B) {
	n := *bankLines
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := boltstore.Open(filepath.Join(b.TempDir(), "bank.db"), boltstore.Options{})
		if err != nil {
			b.Fatal(err)
		}
		book, err := ledger.Create(ctx, st, ledger.Options{Currency: eur})
		if err != nil {
			b.Fatal(err)
		}
		must := func(err error) {
			if err != nil {
				b.Fatal(err)
			}
		}
		must(book.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
		must(book.InstallFrenchChart(ctx))
		must(book.AddJournal(ctx, ledger.Journal{Code: "BNP", Name: "BNP", Kind: ledger.JournalBank, BankAccount: "512000",
			IBAN: "FR7630006000011234567890189"}))
		partners := max(1, n/10)
		for p := 0; p < partners; p++ {
			must(book.AddPartner(ctx, ledger.Partner{Code: fmt.Sprintf("C%06d", p), Name: "x"}))
		}
		r, err := reconcile.New(ctx, book, reconcile.Config{})
		must(err)
		amount := func(k int) currency.Amount { return currency.FromMinor(eur, 1000+int64(k%5000)) }
		for k := 0; k < n; k += 1000 {
			batch := make([]journal.Entry, 0, 1000)
			for j := k; j < min(n, k+1000); j++ {
				a := amount(j)
				batch = append(batch, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 1, 1).AddDays(j % 200), Type: journal.TypeInvoice,
					Lines: []journal.Line{{Account: "411000", Partner: fmt.Sprintf("C%06d", j%partners), Balance: a}, {Account: "706000", Balance: a.Neg()}}})
			}
			_, err := book.PostBatch(ctx, batch, ledger.BatchOptions{AllOrNothing: true})
			must(err)
		}
		var x strings.Builder
		total := currency.Zero(eur)
		for k := 0; k < n; k++ {
			a := amount(k)
			total, _ = total.Add(a)
			fmt.Fprintf(&x, `<Ntry><Amt Ccy="EUR">%s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-09-01</Dt></BookgDt>`+
				`<AcctSvcrRef>E%d</AcctSvcrRef><NtryDtls><TxDtls><RmtInf><Ustrd>Facture %s</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
				a.Plain(), k, journal.FormatNumber("VT", "2026", int64(k+1)))
		}
		file := fmt.Sprintf(`<Document><BkToCstmrStmt><Stmt><Id>S1</Id><Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>`+
			`<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-09-01</Dt></Dt></Bal>`+
			`<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">%s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-09-30</Dt></Dt></Bal>%s</Stmt></BkToCstmrStmt></Document>`,
			total.Plain(), x.String())
		runtime.GC()
		b.StartTimer()
		start := time.Now()
		ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
		must(err)
		_, err = r.ImportStatement(ctx, ss[0])
		must(err)
		props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
		must(err)
		outs, err := r.ApplyImported(ctx, journal.NoID, props)
		must(err)
		elapsed := time.Since(start)
		b.StopTimer()
		for k, o := range outs {
			if o.Err != nil || !props[k].Matched {
				b.Fatalf("entry %d: %v %s", k, o.Err, props[k].Reason)
			}
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(n)/elapsed.Seconds(), "entries/s")
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
		st.Close()
		b.StartTimer()
	}
}
