package reconcile_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// One auto-lettering run over customers C1, C2, C3 and supplier S1, their
// invoices and payments interleaved: each (account, partner) numbers its
// own codes from the first, A, B, C… with no gap and no code shared.
func TestHrev13CodesPerPartnerInOneRun(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		type pair struct{ doc, pay journal.LineRef }
		byPartner := map[string][]pair{}
		for k := range 4 {
			for _, p := range []string{"C1", "C2", "C3", "S1"} {
				amount := fmt.Sprintf("%d.00", 100+k*10+len(byPartner[p]))
				if p == "S1" {
					b := f.bill(t, p, d(3, 1+k), amount)
					pay := f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 10+k), Type: journal.TypePayment, Lines: []journal.Line{
						{Account: "401000", Partner: p, Balance: e(amount)},
						{Account: "512000", Balance: e(amount).Neg()},
					}})
					byPartner[p] = append(byPartner[p], pair{b.LineRef(0), pay.LineRef(0)})
					continue
				}
				inv := f.invoice(t, p, d(3, 1+k), amount)
				pay := f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 10+k), Type: journal.TypePayment, Lines: []journal.Line{
					{Account: "512000", Balance: e(amount)},
					{Account: "411000", Partner: p, Balance: e(amount).Neg()},
				}})
				byPartner[p] = append(byPartner[p], pair{inv.LineRef(0), pay.LineRef(1)})
			}
		}
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Accounts: []string{"411000", "401000"}}})
		require.NoError(t, err)
		_ = sum
		for p, pairs := range byPartner {
			var codes []string
			for _, x := range pairs {
				c := f.code(t, x.doc)
				require.NotEmpty(t, c, "%s lettered", p)
				assert.Equal(t, c, f.code(t, x.pay), "%s: invoice and payment share a code", p)
				codes = append(codes, c)
			}
			slices.Sort(codes)
			want := []string{reconcile.LetterCode(1), reconcile.LetterCode(2), reconcile.LetterCode(3), reconcile.LetterCode(4)}
			assert.Equal(t, want, codes, "%s's codes", p)
		}
		f.check(t)
	})
}
