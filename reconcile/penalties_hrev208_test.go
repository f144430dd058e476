package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev208Unletter unletters a payment's receivable line.
func (f *fixture) hrev208Unletter(t *testing.T, pay journal.Entry) {
	t.Helper()
	for i, l := range pay.Lines {
		if l.Account == "411000" {
			_, err := f.rec.Unletter(ctx, journal.NoID, pay.LineRef(i))
			require.NoError(t, err)
		}
	}
	f.check(t)
}

// A payment unlettered then another lettered at another date: what is owed
// is recomputed as the lettering stands, less what was invoiced, never
// below zero. 1 200,00 due 31/01 paid 02/03: invoiced at 31/03 1 200 × 30
// = 36 000 → 11,98 + 40. Lettered instead with a payment of 15/02: 1 200 ×
// 15 = 18 000 is less than invoiced: nothing more, no credit. Lettered
// with one of 20/03: 1 200 × 48 = 57 600, less 36 000 = 21 600 × 0,1215
// / 365 = 7,1901… = 7,19; 19,17 in all, as 57 600 once gives.
func TestHrev208ReletteredAtAnotherDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		first := f.receive(t, "BQD", "C1", d(3, 2), "1200.00", inv)
		res := f.hrev206Invoice(t, d(3, 31))
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "411000 51.98, 763100 -11.98, 758800 -40.00", hrev182Lines(res.Entries[0]))

		f.hrev208Unletter(t, first)
		earlier := f.receive(t, "BQD", "C1", d(2, 15), "1200.00", inv)
		f.check(t)
		assert.Equal(t, "total 0.00", hrev200Show(f.hrev200Query(t, d(4, 30))))
		res = f.hrev206Invoice(t, d(4, 30))
		assert.Empty(t, res.Entries)
		assert.Equal(t, "-11.98", f.balance(t, "763100"))

		f.hrev208Unletter(t, earlier)
		f.receive(t, "BQD", "C1", d(3, 20), "1200.00", inv)
		f.check(t)
		assert.Equal(t, "C1 FA-1 [1200.00×18] 7.19+0.00; total 7.19", hrev200Show(f.hrev200Query(t, d(4, 30))))
		res = f.hrev206Invoice(t, d(4, 30))
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "411000 7.19, 763100 -7.19", hrev182Lines(res.Entries[0]))
		assert.Equal(t, "-19.17", f.balance(t, "763100"))
		assert.Equal(t, "-40.00", f.balance(t, "758800"))
		assert.Equal(t, "total 0.00", hrev200Show(f.hrev200Query(t, d(6, 30))))
	})
}

// A partly credited invoice paid late: only what it still owes after the
// credit note bears penalties, from its due date. 1 200,00 due 31/01,
// credit note 200,00 of 15/02, 1 000,00 paid 02/03: 1 000 × 30 = 30 000 ×
// 0,1215 / 365 = 9,9863… = 9,99, and the indemnity. A credit note dated
// after the query's date corrects the invoice all the same.
func TestHrev208PartlyCreditedPaidLate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		cn := f.creditNote(t, "C1", d(2, 15), "200.00")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		f.receive(t, "BQD", "C1", d(3, 2), "1000.00", inv)
		f.check(t)
		assert.Equal(t, "C1 FA-1 [1000.00×30] 9.99+40.00; total 49.99", hrev200Show(f.hrev200Query(t, d(6, 30))))

		late := f.hrev200Inv(t, "C2", "FA-2", d(1, 31), "1200.00")
		cn2 := f.creditNote(t, "C2", d(4, 20), "200.00")
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{late.LineRef(0), cn2.LineRef(0)}})
		require.NoError(t, err)
		// 1 000 × 59 = 59 000 → 19,64.
		assert.Equal(t, "C2 FA-2 [1000.00×59] 19.64+40.00; total 59.64", hrev200Show(f.hrev200Query(t, d(3, 31), "C2")))
	})
}

// Credited in full after its penalties were invoiced: nothing more is
// owed, and nothing is credited back — what was invoiced stays until its
// penalty invoice is cancelled. Likewise for a bad debt written off after
// the invoicing.
func TestHrev208CreditedOrLostAfterInvoicing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		bad := f.hrev200Inv(t, "C2", "FA-2", d(1, 31), "1200.00")
		res := f.hrev206Invoice(t, d(3, 31))
		require.Len(t, res.Entries, 2)
		cn := f.creditNote(t, "C1", d(4, 15), "1200.00")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		_, err = f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: bad.ID, Date: d(4, 15)})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "total 0.00", hrev200Show(f.hrev200Query(t, d(6, 30))))
		res = f.hrev206Invoice(t, d(6, 30))
		assert.Empty(t, res.Entries)
		assert.Equal(t, "-47.14", f.balance(t, "763100"))
		assert.Equal(t, "-80.00", f.balance(t, "758800"))
	})
}
