package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// BenchmarkProposeShapes proposes over a book of 200 partners on a bbolt
// file, each with one shape of payment, to set what the rules for
// early-payment discounts and credit notes set off cost against the plain
// rules they extend, in one run:
//
//   - reference: an invoice and a payment naming it (the plain rule 1);
//   - setoff-discount: an invoice offering a discount, a credit note, and a
//     payment naming both that pays the invoice less both;
//   - combination: three invoices and a payment of their sum, naming none
//     (the plain rule 3);
//   - combination-discount: the same three, two offering a discount, and a
//     payment of the sum less both discounts (rule 3 searched at full
//     residuals first, then with the discounts).
//
// It reports the time a proposal takes; every shape gives one proposal a
// partner.
func BenchmarkProposeShapes(b *testing.B) {
	const partners = 200
	for _, shape := range []string{"reference", "setoff-discount", "combination", "combination-discount"} {
		b.Run(shape, func(b *testing.B) {
			f := newFixture(b, stores[1].Open(b))
			for i := range partners {
				p := fmt.Sprintf("P%03d", i)
				require.NoError(b, f.book.AddPartner(ctx, ledger.Partner{Code: p, Name: "Partner " + p}))
				switch shape {
				case "reference":
					inv := f.invoice(b, p, d(3, 1), "1200.00")
					f.pay(b, p, d(3, 10), "1200.00", inv.Name(), "")
				case "setoff-discount":
					inv := f.discountInvoice(b, p, d(3, 1), "1000.00") // 1 200.00, 24.00 off
					cn := f.creditNote(b, p, d(3, 2), "100.00")
					f.pay(b, p, d(3, 10), "1076.00", inv.Name()+" moins "+cn.Name(), "")
				case "combination":
					f.invoice(b, p, d(3, 1), "1200.00")
					f.invoice(b, p, d(3, 2), "500.00")
					f.invoice(b, p, d(3, 3), "300.00")
					f.pay(b, p, d(3, 10), "2000.00", "", "VIREMENT")
				case "combination-discount":
					f.discountInvoice(b, p, d(3, 1), "1000.00") // 1 200.00, 24.00 off
					f.invoice(b, p, d(3, 2), "500.00")
					f.discountInvoice(b, p, d(3, 3), "250.00") // 300.00, 6.00 off
					f.pay(b, p, d(3, 10), "1970.00", "", "VIREMENT")
				}
			}
			var out reconcile.Proposals
			b.ResetTimer()
			for b.Loop() {
				var err error
				if out, err = f.rec.Propose(ctx, reconcile.Scope{Accounts: []string{"411000"}}, reconcile.Rules{}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if len(out.Proposals) != partners {
				b.Fatalf("%d proposals for %d partners", len(out.Proposals), partners)
			}
			if (shape == "setoff-discount" || shape == "combination-discount") != out.Proposals[0].Discount.IsSet() {
				b.Fatalf("%s: %s", shape, out.Proposals[0].Reason)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*partners), "ns/proposal")
		})
	}
}
