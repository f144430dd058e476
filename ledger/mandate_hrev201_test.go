package ledger_test

import (
	"context"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	h201ctx = context.Background()
	h201eur = currency.MustLookup("EUR")
)

func hrev201Book(t *testing.T, st store.Store) *ledger.Book {
	t.Helper()
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	b, err := ledger.Create(h201ctx, st, ledger.Options{Currency: h201eur, Clock: func() time.Time { now = now.Add(time.Second); return now }, Strict: true})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(h201ctx, ledger.CalendarYear(2026)))
	return b
}

func hrev201Customer(code, iban, ref string, signed journal.Date, oneOff bool) ledger.Partner {
	return ledger.Partner{Code: code, Name: "Client " + code, BankAccounts: []ledger.BankAccount{{IBAN: ident.IBAN(iban),
		Mandate: ledger.Mandate{Reference: ref, Signed: signed, OneOff: oneOff}}}}
}

// A mandate is kept with its bank account and read back after the book
// is opened again; a partner without one reads as before.
func TestHrev201MandateStored(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := hrev201Book(t, st)
			signed := journal.MustDate(2025, 11, 3)
			require.NoError(t, b.AddPartners(h201ctx, hrev201Customer("C1", "FR7630006000011234567890189", "RUM-C1-001", signed, false),
				ledger.Partner{Code: "C2", Name: "Client C2", BankAccounts: []ledger.BankAccount{{IBAN: "NL91ABNA0417164300"}}}))
			require.NoError(t, b.Check(h201ctx))
			b2, err := ledger.Open(h201ctx, st, ledger.Options{Currency: h201eur, Strict: true})
			require.NoError(t, err)
			p, err := b2.Partner(h201ctx, "C1")
			require.NoError(t, err)
			assert.Equal(t, ledger.Mandate{Reference: "RUM-C1-001", Signed: signed}, p.BankAccounts[0].Mandate)
			p, err = b2.Partner(h201ctx, "C2")
			require.NoError(t, err)
			assert.True(t, p.BankAccounts[0].Mandate.IsZero())
			// Set later, one-off.
			p.BankAccounts[0].Mandate = ledger.Mandate{Reference: "RUM-C2-001", Signed: signed, OneOff: true}
			require.NoError(t, b2.UpdatePartner(h201ctx, p))
			p, err = b2.Partner(h201ctx, "C2")
			require.NoError(t, err)
			assert.Equal(t, ledger.Mandate{Reference: "RUM-C2-001", Signed: signed, OneOff: true}, p.BankAccounts[0].Mandate)
			require.NoError(t, b2.Check(h201ctx))
		})
	}
}

// A malformed reference, no signature date, a reference another mandate
// has (in any case, or within one batch): refused, nothing written.
func TestHrev201MandateRefused(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b := hrev201Book(t, s.Open(t))
			signed := journal.MustDate(2026, 1, 5)
			require.NoError(t, b.AddPartner(h201ctx, hrev201Customer("C1", "FR7630006000011234567890189", "RUM-1", signed, false)))
			require.NoError(t, b.AddPartner(h201ctx, ledger.Partner{Code: "C3", Name: "Client C3"}))
			for name, c := range map[string]struct {
				ps   []ledger.Partner
				want error
			}{
				"space":       {[]ledger.Partner{hrev201Customer("C2", "NL91ABNA0417164300", "RUM 2", signed, false)}, ident.ErrMandateReference},
				"accent":      {[]ledger.Partner{hrev201Customer("C2", "NL91ABNA0417164300", "RUMé", signed, false)}, ident.ErrMandateReference},
				"too long":    {[]ledger.Partner{hrev201Customer("C2", "NL91ABNA0417164300", "R234567890123456789012345678901234567", signed, false)}, ident.ErrMandateReference},
				"no date":     {[]ledger.Partner{hrev201Customer("C2", "NL91ABNA0417164300", "RUM-2", journal.Date{}, false)}, ledger.ErrMandate},
				"no ref":      {[]ledger.Partner{hrev201Customer("C2", "NL91ABNA0417164300", "", signed, true)}, ledger.ErrMandate},
				"taken":       {[]ledger.Partner{hrev201Customer("C2", "NL91ABNA0417164300", "rum-1", signed, false)}, ledger.ErrMandate},
				"twice in ps": {[]ledger.Partner{hrev201Customer("C2", "NL91ABNA0417164300", "RUM-2", signed, false), hrev201Customer("C4", "NL91ABNA0417164300", "RUM-2", signed, false)}, ledger.ErrMandate},
			} {
				err := b.AddPartners(h201ctx, c.ps...)
				assert.ErrorIs(t, err, c.want, name)
				assert.ErrorIs(t, err, ledger.ErrMandate, name)
				_, err = b.Partner(h201ctx, "C2")
				assert.ErrorIs(t, err, ledger.ErrUnknownPartner, name)
			}
			// Updating another partner with C1's reference is refused too;
			// C1 itself keeps it.
			err := b.UpdatePartner(h201ctx, hrev201Customer("C3", "NL91ABNA0417164300", "RUM-1", signed, false))
			assert.ErrorIs(t, err, ledger.ErrMandate)
			assert.ErrorContains(t, err, "partner C1")
			p, err := b.Partner(h201ctx, "C3")
			require.NoError(t, err)
			assert.Empty(t, p.BankAccounts)
			require.NoError(t, b.UpdatePartner(h201ctx, hrev201Customer("C1", "NL91ABNA0417164300", "RUM-1", signed, true)))
			require.NoError(t, b.Check(h201ctx))
		})
	}
}
