package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hrev218Fixture(t *testing.T) *fixture {
	t.Helper()
	return newFixture(t, stores[0].Open(t))
}

// Was failing, fixed: an invoice without due date of a customer whose agreed payment terms are 60 days (Partner.PaymentTermDays) is taken due at +30 days: at 31/03 expected "total 0.00" (due 02/04), got 28 days of penalties "C1 FA-1 [1000.00×28] 9.32+40.00; total 49.32"
func TestHrev218PenaltiesNoDueDatePartnerTermsWin(t *testing.T) {
	t.Parallel()
	f := hrev218Fixture(t)
	p, err := f.book.Partner(ctx, "C1")
	require.NoError(t, err)
	p.PaymentTermDays = 60
	require.NoError(t, f.book.UpdatePartner(ctx, p))
	require.Equal(t, journal.MustDate(2026, 4, 2), p.Terms().Due.Due(d(2, 1)))
	f.post(t, journal.Entry{Journal: "VT", Date: d(2, 1), Type: journal.TypeInvoice, Ref: "FA-1", Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("1000.00")},
		{Account: "706000", Balance: e("-1000.00")},
	}})
	assert.Equal(t, "total 0.00", hrev200Show(f.hrev200Query(t, d(3, 31))),
		"the customer's agreed terms (60 days) were not over on 31/03")
	f.check(t)
}

// Two instalments without due date are both due on the 30th day after
// the invoice (03/03): open at 31/03, 28 days on 1 000,00 → 9,32 and one
// indemnity. A credit note without due date owes nothing, and credits
// what it corrects.
func TestHrev218PenaltiesNoDueDateInstalmentsAndCreditNote(t *testing.T) {
	t.Parallel()
	f := hrev218Fixture(t)
	f.post(t, journal.Entry{Journal: "VT", Date: d(2, 1), Type: journal.TypeInvoice, Ref: "FA-1", Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("600.00")},
		{Account: "411000", Partner: "C1", Balance: e("400.00")},
		{Account: "706000", Balance: e("-1000.00")},
	}})
	assert.Equal(t, "C1 FA-1 [600.00×28 400.00×28] 9.32+40.00; total 49.32", hrev200Show(f.hrev200Query(t, d(3, 31))))
	f.check(t)
}

// A customer invoiced penalties as a professional, then switched to
// consumer: nothing more is computed or invoiced; the penalty invoice
// stays, Check holds, and the InvoicePenalties call replayed with its
// operation id gives the same entry.
func TestHrev218ConsumerAfterPenaltyInvoice(t *testing.T) {
	t.Parallel()
	f := hrev218Fixture(t)
	f.hrev200Inv(t, "C2", "FA-2", d(1, 31), "1000.00")
	op := journal.NewID()
	req := reconcile.PenaltyInvoice{Operation: op, Query: reconcile.PenaltyQuery{At: d(2, 28), Rate: hrev200Rate("12.15")}}
	res, err := f.rec.InvoicePenalties(ctx, req)
	require.NoError(t, err)
	require.Len(t, res.Entries, 1)
	p, err := f.book.Partner(ctx, "C2")
	require.NoError(t, err)
	p.Consumer = true
	require.NoError(t, f.book.UpdatePartner(ctx, p))
	again, err := f.rec.InvoicePenalties(ctx, req)
	require.NoError(t, err)
	require.Len(t, again.Entries, 1)
	assert.Equal(t, res.Entries[0].ID, again.Entries[0].ID)
	assert.Equal(t, "total 0.00", hrev200Show(f.hrev200Query(t, d(3, 31))))
	none, err := f.rec.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Query: reconcile.PenaltyQuery{At: d(3, 31), Rate: hrev200Rate("12.15")}})
	require.NoError(t, err)
	assert.Empty(t, none.Entries)
	f.check(t)
}

// Was failing, fixed: Dunning asked with a penalty rate gives a consumer's row the rate and the 40,00 € indemnity per invoice (print.ReminderLetter's formal notice then claims L441-10 penalties and the indemnity of a private individual); expected PenaltyRate nil and Indemnity unset, got "12.15" and "40.00"
func TestHrev218DunningConsumerNoPenaltyTerms(t *testing.T) {
	t.Parallel()
	f := hrev218Fixture(t)
	p, err := f.book.Partner(ctx, "C2")
	require.NoError(t, err)
	p.Consumer = true
	require.NoError(t, f.book.UpdatePartner(ctx, p))
	f.hrev200Inv(t, "C2", "FA-2", d(1, 31), "1000.00")
	dn, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(3, 31), PenaltyRate: hrev200Rate("12.15")})
	require.NoError(t, err)
	require.Len(t, dn.Rows, 1)
	r := dn.Rows[0]
	rate := ""
	if r.PenaltyRate != nil {
		rate = r.PenaltyRate.Text('f')
	}
	ind := ""
	if r.Indemnity.IsSet() {
		ind = r.Indemnity.Plain()
	}
	assert.Equal(t, " ", rate+" "+ind, "a consumer's row claims no penalty rate nor indemnity")
	f.check(t)
}
