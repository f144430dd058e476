package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
)

// BenchmarkProposeDigitsLargeGroup proposes for one customer with 3 000
// open invoices and 3 000 receipts whose labels hold words of digits
// naming nothing (a bank's ids), by the reference rule alone: with
// references compared as written, and by their digits too. The digits of
// the group's documents are indexed once, so the two stay alike.
//
//	go test ./reconcile -run '^$' -bench ProposeDigitsLargeGroup -benchtime 3x
func BenchmarkProposeDigitsLargeGroup(b *testing.B) {
	f := newFixture(b, memstore.New())
	const n = 3000
	var xs []journal.Entry
	for i := 0; i < n; i++ {
		amt := fmt.Sprintf("%d.%02d", 100+i, i%100)
		xs = append(xs, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e(amt), DueDate: d(4, 1)},
			{Account: "706000", Balance: e(amt).Neg()}}})
	}
	for i := 0; i < n; i++ {
		amt := fmt.Sprintf("%d.%02d", 50000+i, i%100) // pays nothing exactly
		// Words of digits alone naming nothing: a bank id, a mandate.
		label := fmt.Sprintf("VIR SEPA %010d C%07d %012d", 7000000000+i, i, 900000000000+i)
		xs = append(xs, journal.Entry{Journal: "BQ", Date: d(3, 20), Type: journal.TypePayment, Label: label, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e(amt).Neg()},
			{Account: "512100", Balance: e(amt)}}})
	}
	for k := 0; k < len(xs); k += 500 {
		_, err := f.book.PostBatch(ctx, xs[k:min(k+500, len(xs))], ledger.BatchOptions{})
		require.NoError(b, err)
	}
	// The reference rule alone: what the digits add to it.
	refOnly := reconcile.Rules{NoExactAmount: true, NoCombination: true, NoTolerance: true, NoDiscount: true}
	exact := refOnly
	exact.NoReferenceDigits = true
	for _, c := range []struct {
		name  string
		rules reconcile.Rules
	}{{"exact", exact}, {"digits", refOnly}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				propose(b, f, customers, c.rules)
			}
		})
	}
}
