package hledger_test

// Review h-rev154: importer.check refuses before anything is written.

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

// h154Refused reads j and requires an error matching target, with
// partner p not added and the chart unchanged.
func h154Refused(t *testing.T, b *ledger.Book, j string, target error, p string) {
	t.Helper()
	ctx := context.Background()
	before, err := b.Accounts(ctx)
	require.NoError(t, err)
	_, err = hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
	require.ErrorIs(t, err, target)
	_, perr := b.Partner(ctx, p)
	assert.ErrorIs(t, perr, ledger.ErrUnknownPartner, "partner %s added by a refused import (%v)", p, err)
	after, err := b.Accounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, len(before), len(after), "accounts added by a refused import")
}

// A line with a tax role on a non-tax account (the base on 706000) is
// judged by the tax lock, as the book judges it.
func TestHrev154TaxRoleOnNonTaxAccountTaxLock(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	require.NoError(t, b.SetLockDate(ctx, ledger.LockTax, day(2026, 2, 28), "TVA de février"))
	j := "2026-02-10 Vente\n    411000:C8  120.00 EUR\n    706000  -120.00 EUR  ; tax: TVA20, tax-role: base\n"
	h154Refused(t, b, j, ledger.ErrLocked, "C8")
}

// A transaction in dollars with a cost on one posting only is refused by
// the reader (it mixes EUR and USD); one without costs in a book with no
// dollar rate is refused by check (ErrNoRate): nothing added either way.
func TestHrev154PartialCostNoRate(t *testing.T) {
	b := newBook(t, storetest.Backends[0])
	j := "2026-01-05 Vente en dollars\n    411000:C9  100.00 USD @@ 90.00 EUR\n    706100  -100.00 USD\n"
	h154Refused(t, b, j, hledger.ErrUnbalanced, "C9")
	j = "2026-01-05 Vente en dollars\n    411000:C9  100.00 USD\n    706100  -100.00 USD\n"
	h154Refused(t, b, j, ledger.ErrNoRate, "C9")
}

// A transaction dated in a closed fiscal year: ErrYearClosed, nothing
// added.
func TestHrev154ClosedYearRefusedFirst(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	_, _, err := b.CloseFiscalYear(ctx, "2026", "test")
	require.NoError(t, err)
	j := "2026-05-10 Achat\n    607000  10.00 EUR\n    401000:S4  -10.00 EUR\n"
	h154Refused(t, b, j, ledger.ErrYearClosed, "S4")
}

// Was failing, fixed: a EUR transaction on an account fixed to USD passes check, then the book refuses it (ErrAccountCurrency) after addMissing added partner C7 and account 627100; expected the refusal before anything is written.
func TestHrev154FixedCurrencyAccountRefusedFirst(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	a := ledger.NewAccount("512400", "Banque USD", ledger.KindBank)
	a.Currency = usd
	require.NoError(t, b.AddAccount(ctx, a))
	j := "2026-03-10 Frais\n    627100  5.00 EUR\n    512400  -5.00 EUR\n2026-03-11 Achat\n    607000  10.00 EUR\n    401000:S7  -10.00 EUR\n"
	h154Refused(t, b, j, ledger.ErrAccountCurrency, "S7")
}

// Was failing, fixed: a transaction tagged with the id of an entry already in the book but different (another amount) is skipped by check as a replay; the book then refuses it (ErrIdempotencyConflict) after partner S6 was added; expected the refusal before anything is written.
func TestHrev154ConflictingIDRefusedFirst(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	first := "2026-03-10 Frais  ; id: 7b0c3f4e-1d2a-4b5c-8e9f-0a1b2c3d4e5f\n    627000  5.00 EUR\n    512000  -5.00 EUR\n"
	_, err := hledger.Read(ctx, strings.NewReader(first), b, hledger.ReadOptions{})
	require.NoError(t, err)
	second := "2026-03-10 Frais  ; id: 7b0c3f4e-1d2a-4b5c-8e9f-0a1b2c3d4e5f\n    627000  6.00 EUR\n    512000  -6.00 EUR\n" +
		"2026-03-11 Achat\n    607000  10.00 EUR\n    401000:S6  -10.00 EUR\n"
	h154Refused(t, b, second, ledger.ErrIdempotencyConflict, "S6")
}

// A replay in a period locked since, on an account deactivated since: a
// replay, nothing refused.
func TestHrev154ReplayLockedInactive(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	j := "2026-01-10 Frais\n    627000  5.00 EUR\n    401000:S5  -5.00 EUR\n"
	_, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
	require.NoError(t, err)
	require.NoError(t, b.SetAccountActive(ctx, "627000", false))
	require.NoError(t, b.SetLockDate(ctx, ledger.LockGeneral, day(2026, 1, 31), "janvier"))
	sum, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Replayed)
}
