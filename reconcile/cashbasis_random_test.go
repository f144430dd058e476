package reconcile_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// TestRandomizedCashBasis pays cash-basis invoices (one or two on-payment
// VAT rates, bases from a cent to thousands) in random parts, detaching
// random payments on the way (the first payment sometimes with an
// early-payment discount), and checks that the transition account never
// moves more than the invoice's tax nor goes the wrong way, that it nets
// to zero once the invoice is settled (Σ cash-basis tax = invoice tax), and
// that unlettering the settled invoice restores its transition balance
// exactly. Replay with -seed.
func TestRandomizedCashBasis(t *testing.T) {
	t.Parallel()
	seed := testSeed(t)
	rounds := max(1, *modelSteps/20) // 7 rounds by default; -steps 500 for 25
	rates := []string{"20", "10", "5.5", "2.1"}
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s.Open(t))
			r := rand.New(rand.NewPCG(seed, 13))
			for round := 0; round < rounds; round++ {
				fail := func(format string, args ...any) {
					t.Helper()
					t.Fatalf("round %d: %s", round, fmt.Sprintf(format, args...))
				}
				inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(1, 1+r.IntN(28)), Partner: "C1",
					PartnerAccount: "411000", PerLineRounding: r.IntN(2) == 0}
				for l := 0; l < 1+r.IntN(2); l++ {
					rate := rates[r.IntN(len(rates))]
					vat := tax.Tax{ID: "E" + rate, Name: "TVA " + rate, Rate: tax.MustParsePercent(rate), Exigibility: tax.OnPayment,
						FinalAccount: "445710", TransitionAccount: "445740"}
					base := currency.FromMinor(eur, 1+r.Int64N([]int64{10, 1000, 1_000_000}[r.IntN(3)]))
					inv.Lines = append(inv.Lines, journal.InvoiceLine{UnitPrice: base, Taxes: []tax.Tax{vat}, Account: "706000"})
				}
				x, err := inv.Entry()
				require.NoError(t, err)
				doc := f.post(t, x)
				taxTotal := int64(0)
				for _, l := range doc.Lines {
					if l.Account == "445740" {
						taxTotal += signedMinor(l.Balance) // negative: credited
					}
				}
				transition := func() int64 {
					b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "445740"})
					require.NoError(t, err)
					return signedMinor(b.Balance)
				}
				var pays []journal.Entry
				for step := 0; ; step++ {
					res := residualOf(t, f, doc.LineRef(0))
					if res.Balance.IsZero() {
						break
					}
					if step > 60 {
						fail("invoice still open after 60 steps")
					}
					if len(pays) > 0 && r.IntN(4) == 0 { // detach a random payment
						k := r.IntN(len(pays))
						if residualOf(t, f, pays[k].LineRef(0)).Balance.IsZero() {
							if _, err := f.rec.Detach(ctx, journal.NoID, pays[k].LineRef(0)); err != nil {
								fail("detach: %v", err)
							}
						}
					} else {
						owed := signedMinor(res.Balance)
						amount := owed
						if r.IntN(3) != 0 && owed > 1 {
							amount = 1 + r.Int64N(owed-1)
						}
						// The first payment sometimes takes an early-payment
						// discount for the rest (escompte).
						discount := len(pays) == 0 && owed > 10 && r.IntN(3) == 0
						if discount {
							amount = owed * int64(90+r.IntN(10)) / 100
						}
						out, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
							Date: d(3, 1+r.IntN(28)), Amount: currency.FromMinor(eur, amount), Method: reconcile.MethodTransfer,
							Invoices: []journal.ID{doc.ID}, EarlyDiscount: discount})
						if err != nil {
							fail("pay %d: %v", amount, err)
						}
						pays = append(pays, out.Entries[0])
					}
					if got := transition(); got > 0 || got < taxTotal {
						fail("445740 at %d for a tax of %d: moved too much or the wrong way", got, taxTotal)
					}
				}
				if got := transition(); got != 0 {
					fail("settled invoice leaves 445740 at %d", got)
				}
				if _, err := f.rec.Unletter(ctx, journal.NoID, doc.LineRef(0)); err != nil {
					fail("unletter: %v", err)
				}
				if got := transition(); got != taxTotal {
					fail("after unlettering 445740 is %d, the invoice booked %d", got, taxTotal)
				}
				var refs []journal.LineRef
				refs = append(refs, doc.LineRef(0))
				for _, p := range pays {
					if !residualOf(t, f, p.LineRef(0)).Balance.IsZero() {
						refs = append(refs, p.LineRef(0))
					}
				}
				if _, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: refs}); err != nil {
					fail("letter again: %v", err)
				}
				// Unlettering reversed a discount; what it covered is paid now.
				if rest := residualOf(t, f, doc.LineRef(0)); !rest.Balance.IsZero() {
					if _, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1",
						Journal: "BQD", Date: d(4, 1), Amount: rest.Balance, Method: reconcile.MethodTransfer,
						Invoices: []journal.ID{doc.ID}}); err != nil {
						fail("pay the rest: %v", err)
					}
				}
				if got := transition(); got != 0 {
					fail("lettered again, 445740 is at %d", got)
				}
			}
		})
	}
}
