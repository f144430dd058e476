package ledger

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// A partner on "45 jours fin de mois le 10" is stored and read back on
// every backend, added or updated, and its invoice of 10 January takes
// the due date 10 March through Terms (24 February, end of month 28
// February, then the 10th); one with the day alone ("le 10") is due on
// the next 10th. A day out of range is refused, writing nothing.
func TestPartnerDayOfMonthTerms(t *testing.T) {
	t.Parallel()
	vat := tax.Tax{ID: "FR20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445710"}
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			b := testBook(t, s.Open(t))
			require.NoError(t, b.AddPartner(ctx, Partner{Code: "K45", Name: "Dupont SA",
				PaymentTermDays: 45, PaymentTermEndOfMonth: true, PaymentTermDayOfMonth: 10}))
			p, err := b.Partner(ctx, "K45")
			require.NoError(t, err)
			assert.Equal(t, 10, p.PaymentTermDayOfMonth)
			assert.Equal(t, journal.PaymentTerms{Due: journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 45, DayOfMonth: 10}}, p.Terms())
			inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(1, 10), Partner: "K45", PartnerAccount: "411000",
				Lines: []journal.InvoiceLine{{Label: "x", UnitPrice: e("100.00"), Taxes: []tax.Tax{vat}, Account: "706000"}},
				Terms: p.Terms()}
			x, err := inv.Entry()
			require.NoError(t, err)
			posted := mustPost(t, b, x)
			assert.Equal(t, "2026-03-10", posted.Lines[0].DueDate.String())

			for _, bad := range []int{-1, 32} {
				q := p
				q.PaymentTermDayOfMonth = bad
				assert.ErrorIs(t, b.UpdatePartner(ctx, q), ErrPartnerData, "day %d", bad)
				assert.ErrorIs(t, b.AddPartner(ctx, Partner{Code: "K2", Name: "K2", PaymentTermDayOfMonth: bad}), ErrPartnerData)
			}
			_, err = b.Partner(ctx, "K2")
			assert.ErrorIs(t, err, ErrUnknownPartner)

			p.PaymentTermDays, p.PaymentTermEndOfMonth = 0, false // "le 10"
			require.NoError(t, b.UpdatePartner(ctx, p))
			p, err = b.Partner(ctx, "K45")
			require.NoError(t, err)
			assert.Equal(t, "2026-02-10", p.Terms().Due.Due(d(1, 11)).String())
			assert.Equal(t, "2026-01-10", p.Terms().Due.Due(d(1, 10)).String())
			p.PaymentTermDayOfMonth = 0 // no terms: due at once
			require.NoError(t, b.UpdatePartner(ctx, p))
			p, err = b.Partner(ctx, "K45")
			require.NoError(t, err)
			assert.Equal(t, journal.PaymentTerms{}, p.Terms())
			require.NoError(t, b.Check(ctx))
		})
	}
}

// A record with a day of the month out of range is damaged: reading it
// returns ErrFormat.
func TestPartnerDayOfMonthDamagedRecord(t *testing.T) {
	t.Parallel()
	r := partnerRec{Code: "C1", Name: "Dupont SA", Terms: 30, Day: 40}
	_, err := r.partner()
	assert.ErrorIs(t, err, ErrFormat)
	r.Day = 15
	p, err := r.partner()
	require.NoError(t, err)
	assert.Equal(t, 15, p.PaymentTermDayOfMonth)
}
