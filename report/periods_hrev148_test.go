package report_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type hrev148Bal struct{ open, debit, credit, close string }

func hrev148Balances(t *testing.T, book *ledger.Book, from, to journal.Date, aux bool) (map[string]hrev148Bal, report.BalanceReport) {
	t.Helper()
	q := report.BalanceQuery{Period: report.Period{From: from, To: to}}
	var b report.BalanceReport
	var err error
	if aux {
		b, err = report.ReadAuxiliaryBalance(ctx, book, q)
	} else {
		b, err = report.ReadGeneralBalance(ctx, book, q)
	}
	require.NoError(t, err)
	out := map[string]hrev148Bal{}
	for _, r := range b.Rows {
		if r.Kind != report.RowDetail {
			continue
		}
		k := r.Account
		if r.Partner != "" {
			k += "/" + r.Partner
		}
		out[k] = hrev148Bal{r.Opening.Plain(), r.Debit.Plain(), r.Credit.Plain(), r.Closing.Plain()}
	}
	return out, b
}

// Month by month through 2026: each month opens where the previous closed,
// and the twelve months' movements add to the year's.
func TestHrev148MonthsChain(t *testing.T) {
	book := hrev148Book(t)
	for _, aux := range []bool{false, true} {
		prev, _ := hrev148Balances(t, book, date(2026, 1, 1), date(2026, 1, 31), aux)
		for m := time.February; m <= time.December; m++ {
			from := date(2026, m, 1)
			to := from.AddDays(40)
			to = journal.MustDate(to.Year(), to.Month(), 1).AddDays(-1)
			cur, rep := hrev148Balances(t, book, from, to, aux)
			for k, c := range cur {
				if p, ok := prev[k]; ok {
					assert.Equal(t, p.close, c.open, "aux=%v %s opening of %v", aux, k, m)
				} else {
					assert.Equal(t, "0.00", c.open, "aux=%v %s opening of %v", aux, k, m)
				}
			}
			for k, p := range prev {
				if _, ok := cur[k]; !ok {
					assert.Equal(t, "0.00", p.close, "aux=%v %s vanished in %v with a balance", aux, k, m)
				}
			}
			if !aux {
				assert.Equal(t, rep.Total.Debit.Plain(), rep.Total.Credit.Plain(), "month %v", m)
			}
			prev = cur
		}
	}
}

// The year boundary: balance-sheet accounts carry over from 31/12/2025 to
// 01/01/2026, income and expense restart, the 2025 profit shows on 120000.
func TestHrev148YearBoundary(t *testing.T) {
	book := hrev148Book(t)
	dec, _ := hrev148Balances(t, book, date(2025, 12, 1), date(2025, 12, 31), false)
	assert.Equal(t, map[string]hrev148Bal{
		"411000": {"0.00", "1200.00", "0.00", "1200.00"},
		"445710": {"0.00", "0.00", "200.00", "-200.00"},
		"706000": {"0.00", "0.00", "1000.00", "-1000.00"},
	}, dec)
	jan, rep := hrev148Balances(t, book, date(2026, 1, 1), date(2026, 1, 31), false)
	assert.Equal(t, hrev148Bal{"1200.00", "1509.09", "1200.00", "1509.09"}, jan["411000"])
	assert.Equal(t, hrev148Bal{"-200.00", "0.00", "100.00", "-300.00"}, jan["445710"])
	assert.Equal(t, hrev148Bal{"0.00", "0.00", "1409.09", "-1409.09"}, jan["706000"])
	assert.Equal(t, hrev148Bal{"-1000.00", "0.00", "0.00", "-1000.00"}, jan["120000"])
	assert.Equal(t, "0.00", rep.Total.Opening.Plain())
	assert.Equal(t, "0.00", rep.Total.Closing.Plain())

	// A ledger over the boundary is refused with a *PeriodError.
	_, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: report.Period{From: date(2025, 12, 1), To: date(2026, 1, 31)}})
	var pe *report.PeriodError
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.ErrorIs(t, err, report.ErrPeriod)
	// Outside every fiscal year.
	_, err = report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: report.Period{From: date(2027, 1, 1), To: date(2027, 1, 31)}})
	assert.ErrorIs(t, err, report.ErrNoFiscalYear)
	// The journal listing may span the two years: its total is both.
	jl, err := report.ReadJournals(ctx, book, report.JournalQuery{Period: report.Period{From: date(2025, 12, 1), To: date(2026, 3, 31)}})
	require.NoError(t, err)
	assert.Equal(t, "5183.64", jl.Debit.Plain())
	assert.Equal(t, "5183.64", jl.Credit.Plain())
}

// A period without entries (November 2026): no movement, every opening
// equals its closing and the general ledger's totals are zero.
func TestHrev148EmptyPeriod(t *testing.T) {
	book := hrev148Book(t)
	nov, rep := hrev148Balances(t, book, date(2026, 11, 1), date(2026, 11, 30), false)
	require.NotEmpty(t, nov)
	for k, b := range nov {
		assert.Equal(t, "0.00", b.debit, k)
		assert.Equal(t, "0.00", b.credit, k)
		assert.Equal(t, b.open, b.close, k)
	}
	assert.Equal(t, "1054.54", nov["411000"].close)
	assert.Equal(t, "-1409.09", nov["706000"].open)
	assert.Equal(t, "0.00", rep.Total.Closing.Plain())
	gl, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: report.Period{From: date(2026, 11, 1), To: date(2026, 11, 30)}})
	require.NoError(t, err)
	assert.Equal(t, "0.00", gl.Debit.Plain())
	assert.Equal(t, "0.00", gl.Credit.Plain())
	for _, r := range gl.Rows {
		assert.NotEqual(t, report.RowDetail, r.Kind)
		if r.Kind == report.RowTotal {
			assert.Equal(t, nov[r.Account].close, r.Balance.Plain(), r.Account)
		}
	}
	jl, err := report.ReadJournals(ctx, book, report.JournalQuery{Period: report.Period{From: date(2026, 11, 1), To: date(2026, 11, 30)}})
	require.NoError(t, err)
	assert.Equal(t, "0.00", jl.Debit.Plain())
	auxNov, _ := hrev148Balances(t, book, date(2026, 11, 1), date(2026, 11, 30), true)
	assert.Equal(t, map[string]hrev148Bal{
		"411000/C1": {"600.00", "0.00", "0.00", "600.00"},
		"411000/C2": {"454.54", "0.00", "0.00", "454.54"},
	}, auxNov)
}
