package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A partner's terms "fin de mois" are stored and read back on every
// backend, and give the due dates French terms mean.
func TestPartnerTermsEndOfMonth(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			require.NoError(t, b.AddPartners(ctx,
				Partner{Code: "E45", Name: "Net 45 fin de mois", PaymentTermDays: 45, PaymentTermEndOfMonth: true},
				Partner{Code: "EOM", Name: "Fin de mois", PaymentTermEndOfMonth: true},
				Partner{Code: "N30", Name: "Net 30", PaymentTermDays: 30}))
			due := func(code string, date journal.Date) journal.Date {
				p, err := b.Partner(ctx, code)
				require.NoError(t, err)
				return p.Terms().Due.Due(date)
			}
			assert.Equal(t, d(2, 28), due("E45", journal.MustDate(2026, 1, 10)), "10 Jan + 45 days = 24 Feb, end of February")
			assert.Equal(t, d(3, 31), due("EOM", d(3, 10)))
			assert.Equal(t, d(4, 9), due("N30", d(3, 10)))
			p, err := b.Partner(ctx, "E45")
			require.NoError(t, err)
			assert.True(t, p.PaymentTermEndOfMonth)
			require.NoError(t, b.Check(ctx))
		})
	}
}
