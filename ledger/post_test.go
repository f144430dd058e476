package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPostRejects(t *testing.T) {
	tests := []struct {
		name string
		prep func(t *testing.T, b *Book)
		edit func(x *journal.Entry)
		want error
	}{
		{"unbalanced", nil, func(x *journal.Entry) { x.Lines[1].Balance = e("-999.00") }, &journal.UnbalancedError{}},
		{"unknown account", nil, func(x *journal.Entry) { x.Lines[1].Account = "709999" }, ErrUnknownAccount},
		{"inactive account", func(t *testing.T, b *Book) { require.NoError(t, b.SetAccountActive(ctx, "706000", false)) },
			func(x *journal.Entry) {}, ErrInactiveAccount},
		{"date outside every fiscal year", nil, func(x *journal.Entry) { x.Date = journal.MustDate(2025, 12, 31) }, ErrNoFiscalYear},
		{"receivable without partner", nil, func(x *journal.Entry) { x.Lines[0].Partner = "" }, ErrPartnerRequired},
		{"unknown partner", nil, func(x *journal.Entry) { x.Lines[0].Partner = "NOPE" }, ErrUnknownPartner},
		{"unknown journal", nil, func(x *journal.Entry) { x.Journal = "XX" }, ErrUnknownJournal},
		{"no rate for a missing company amount", nil, func(x *journal.Entry) {
			gbp := currency.MustLookup("GBP")
			x.Currency = gbp
			for i := range x.Lines {
				x.Lines[i].AmountCurrency = currency.MustParse(gbp, x.Lines[i].Balance.Plain())
				x.Lines[i].Balance = currency.Amount{}
			}
		}, ErrNoRate},
		{"line with neither amount", nil, func(x *journal.Entry) { x.Lines[2].Balance = currency.Amount{} }, journal.ErrNoAmount},
		{"locked period", func(t *testing.T, b *Book) {
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(3, 31), "Q1 closed"))
		}, func(x *journal.Entry) {}, ErrLocked},
		{"tax lock on a tax entry", func(t *testing.T, b *Book) {
			require.NoError(t, b.SetLockDate(ctx, LockTax, d(3, 31), "VAT return filed"))
		}, func(x *journal.Entry) {}, ErrLocked},
		// An exempt sale has no tax line, but its base line is a figure of
		// the filed VAT return all the same.
		{"tax lock on a base line without tax line", func(t *testing.T, b *Book) {
			require.NoError(t, b.SetLockDate(ctx, LockTax, d(3, 31), "VAT return filed"))
		}, func(x *journal.Entry) {
			exempt := tax.Tax{ID: "EXO", Name: "Exonéré", Rate: tax.MustParsePercent("0"), Exigibility: tax.OnInvoice, FinalAccount: "445710"}
			x.Lines = x.Lines[:2]
			x.Lines[0].Balance = e("1000.00")
			x.Lines[1].TaxRole, x.Lines[1].Taxes = tax.RoleBase, []tax.Tax{exempt}
		}, ErrLocked},
		{"wrong currency balance", nil, func(x *journal.Entry) { x.Lines[0].Balance = u("1200.00") }, journal.ErrLineCurrency},
		{"fixed-currency account", func(t *testing.T, b *Book) {
			a := NewAccount("512300", "Banque USD", KindBank)
			a.Currency = usd
			require.NoError(t, b.AddAccount(ctx, a))
		}, func(x *journal.Entry) { x.Lines[1].Account = "512300" }, ErrAccountCurrency},
	}
	for _, s := range stores {
		for _, tt := range tests {
			t.Run(s.Name+"/"+tt.name, func(t *testing.T) {
				st := s.Open(t)
				b := testBook(t, st)
				if tt.prep != nil {
					tt.prep(t, b)
				}
				before := dump(t, st)
				x := sale("C1", d(3, 15), "1200.00")
				tt.edit(&x)
				_, err := b.Post(ctx, x)
				if ue, ok := tt.want.(*journal.UnbalancedError); ok {
					require.ErrorAs(t, err, &ue)
				} else {
					require.ErrorIs(t, err, tt.want)
				}
				assert.Equal(t, before, dump(t, st), "a rejected post writes nothing")
			})
		}
	}
}

func TestNumberingAndIdempotency(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			first := mustPost(t, b, sale("C1", d(1, 5), "120.00"))
			second := mustPost(t, b, sale("C2", d(1, 6), "240.00"))
			next := mustPost(t, b, sale("C1", journal.MustDate(2027, 1, 2), "12.00"))
			assert.Equal(t, "VT/2026/00001", first.Name())
			assert.Equal(t, "VT/2026/00002", second.Name())
			assert.Equal(t, "VT/2027/00001", next.Name(), "numbering restarts per fiscal year")
			assert.Equal(t, uint64(3), next.Seq)

			// Same id, same input: a replay returning the stored entry.
			x := sale("C1", d(2, 1), "60.00")
			x.ID = journal.NewID()
			orig := mustPost(t, b, x)
			before := dump(t, st)
			again, err := b.Post(ctx, x)
			require.NoError(t, err)
			assert.True(t, again.Replay)
			assert.Equal(t, orig.Name(), again.Entry.Name())
			assert.Equal(t, before, dump(t, st))
			// Same id, other content: a conflict, nothing written.
			x.Lines[0].Label = "changed"
			_, err = b.Post(ctx, x)
			assert.ErrorIs(t, err, ErrIdempotencyConflict)
			assert.Equal(t, before, dump(t, st))

			got, err := b.EntryByNumber(ctx, "VT/2026/00002")
			require.NoError(t, err)
			assert.Equal(t, second.ID, got.ID)
			_, err = b.EntryByNumber(ctx, "VT/2026/00099")
			assert.ErrorIs(t, err, ErrNotFound)
			_, err = b.EntryByNumber(ctx, "garbage")
			assert.ErrorIs(t, err, ErrNotFound)
		})
	}
}

func TestConversion(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			// 100.00 USD split in three at 1.20: each third converts to
			// 27.78 EUR, 83.34 in all, not the 83.33 of the receivable;
			// the rounding cent goes to the receivable line.
			x := journal.Entry{Journal: "VT", Date: d(1, 10), Currency: usd, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", AmountCurrency: u("100.00")},
				{Account: "706000", AmountCurrency: u("-33.33")},
				{Account: "706000", AmountCurrency: u("-33.33")},
				{Account: "707000", AmountCurrency: u("-33.34")},
			}}
			got := mustPost(t, b, x)
			assert.Equal(t, "83.34", got.Lines[0].Balance.Plain())
			assert.Equal(t, "-27.78", got.Lines[1].Balance.Plain())
			assert.Equal(t, "-27.78", got.Lines[3].Balance.Plain())

			// A company amount given by the caller wins over the rate.
			y := journal.Entry{Journal: "BQD", Date: d(1, 20), Currency: usd, Lines: []journal.Line{
				{Account: "512000", AmountCurrency: u("100.00"), Balance: e("80.00")},
				{Account: "411000", Partner: "C1", AmountCurrency: u("-100.00"), Balance: e("-80.00")},
			}}
			got = mustPost(t, b, y)
			assert.Equal(t, "80.00", got.Lines[0].Balance.Plain())

			bal, err := b.Balance(ctx, BalanceQuery{Account: "411000", Partner: "C1", Currency: usd})
			require.NoError(t, err)
			assert.Equal(t, "3.34", bal.Balance.Plain())
			assert.Equal(t, "0.00", bal.AmountCurrency.Plain())
		})
	}
}

// TestBalancePerCurrency: the company-currency balance of an account that
// also has foreign lines is what its company-currency lines sum to, at any
// date, for one partner and for all (it has no aggregate of its own).
func TestBalancePerCurrency(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			mustPost(t, b, sale("C1", d(1, 5), "120.00"))
			mustPost(t, b, sale("C2", d(2, 5), "240.00"))
			mustPost(t, b, journal.Entry{Journal: "VT", Date: d(1, 10), Currency: usd, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", AmountCurrency: u("60.00"), Balance: e("50.00")},
				{Account: "706000", AmountCurrency: u("-60.00"), Balance: e("-50.00")},
			}})
			mustPost(t, b, journal.Entry{Journal: "CHG", Date: d(3, 1), Currency: usd, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", AmountCurrency: u("0.00"), Balance: e("-2.00")}, // exchange difference
				{Account: "656000", AmountCurrency: u("0.00"), Balance: e("2.00")},
			}})
			mustPost(t, b, receipt("C1", d(3, 2), "20.00"))
			for _, c := range []struct {
				partner    string
				cur        currency.Currency
				at         journal.Date
				bal, inCur string
			}{
				{"", eur, d(1, 31), "120.00", "120.00"},
				{"", eur, d(12, 31), "340.00", "340.00"},
				{"C1", eur, d(12, 31), "100.00", "100.00"},
				{"C2", eur, d(1, 31), "0.00", "0.00"},
				{"C2", eur, journal.Date{}, "240.00", "240.00"},
				{"", usd, d(1, 31), "50.00", "60.00"},
				{"C1", usd, d(12, 31), "48.00", "60.00"},
				{"", currency.Currency{}, d(12, 31), "388.00", ""},
			} {
				bal, err := b.Balance(ctx, BalanceQuery{Account: "411000", Partner: c.partner, Currency: c.cur, At: c.at})
				require.NoError(t, err)
				assert.Equal(t, c.bal, bal.Balance.Plain(), "%+v", c)
				if c.inCur != "" {
					assert.Equal(t, c.inCur, bal.AmountCurrency.Plain(), "%+v", c)
				}
			}
		})
	}
}

func TestReverse(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			inv := mustPost(t, b, sale("C1", d(2, 10), "120.00"))
			res, err := b.Reverse(ctx, inv.ID, ReverseOptions{})
			require.NoError(t, err)
			assert.Equal(t, "VT/2026/00002", res.Entry.Name(), "numbered in the original's journal")
			assert.Equal(t, inv.Date, res.Entry.Date, "dated at the original's date")
			assert.Equal(t, "-120.00", res.Entry.Lines[0].Balance.Plain())

			before := dump(t, st)
			_, err = b.Reverse(ctx, inv.ID, ReverseOptions{})
			assert.ErrorIs(t, err, ErrAlreadyReversed)
			_, err = b.Reverse(ctx, res.Entry.ID, ReverseOptions{})
			assert.ErrorIs(t, err, ErrReverseReversal)
			_, err = b.Reverse(ctx, journal.NewID(), ReverseOptions{})
			assert.ErrorIs(t, err, ErrNotFound)
			assert.Equal(t, before, dump(t, st))

			// A hand-built reversal that does not mirror its original is refused.
			fake := inv.Reversal(journal.NewID(), inv.Date)
			fake.ReversalOf = mustPost(t, b, sale("C2", d(2, 11), "12.00")).ID
			_, err = b.Post(ctx, fake)
			assert.ErrorIs(t, err, ErrNotMirror)

			// A locked date moves the reversal to the first open date.
			other := mustPost(t, b, receipt("C1", d(2, 15), "50.00"))
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(2, 28), "February closed"))
			res, err = b.Reverse(ctx, other.ID, ReverseOptions{})
			require.NoError(t, err)
			assert.Equal(t, d(3, 1), res.Entry.Date)

			// An entry with a live partial cannot be reversed.
			inv2 := mustPost(t, b, sale("C2", d(3, 10), "240.00"))
			pay := mustPost(t, b, receipt("C2", d(3, 12), "100.00"))
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				_, err := tx.putPartial(journal.Partial{Debit: inv2.LineRef(0), Credit: pay.LineRef(1),
					Amount: e("100.00"), DebitAmountCurrency: e("100.00"), CreditAmountCurrency: e("100.00"),
					Date: d(3, 12), Kind: journal.KindPayment})
				return err
			}))
			before = dump(t, st)
			_, err = b.Reverse(ctx, pay.ID, ReverseOptions{})
			assert.ErrorIs(t, err, ErrLettered)
			assert.Equal(t, before, dump(t, st))
		})
	}
}

func TestBatch(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			bad := sale("C1", d(1, 3), "10.00")
			bad.Lines[0].Account = "999999"
			batch := []journal.Entry{sale("C1", d(1, 1), "12.00"), bad, sale("C2", d(1, 2), "24.00")}

			before := dump(t, st)
			res, err := b.PostBatch(ctx, batch, BatchOptions{AllOrNothing: true})
			require.NoError(t, err)
			assert.ErrorIs(t, res[0].Err, ErrBatchAborted)
			assert.ErrorIs(t, res[1].Err, ErrUnknownAccount)
			assert.ErrorIs(t, res[2].Err, ErrBatchAborted)
			assert.Equal(t, before, dump(t, st))

			res, err = b.PostBatch(ctx, batch, BatchOptions{})
			require.NoError(t, err)
			require.NoError(t, res[0].Err)
			assert.ErrorIs(t, res[1].Err, ErrUnknownAccount)
			require.NoError(t, res[2].Err)
			assert.Equal(t, "VT/2026/00001", res[0].Entry.Name())
			assert.Equal(t, "VT/2026/00002", res[2].Entry.Name(), "numbering stays gapless around a skipped entry")

			// A cancelled context rolls everything back.
			c, cancel := contextWithCancel()
			cancel()
			before = dump(t, st)
			res, err = b.PostBatch(c, []journal.Entry{sale("C1", d(1, 5), "1.20")}, BatchOptions{})
			assert.Error(t, err)
			assert.ErrorIs(t, res[0].Err, ErrBatchAborted)
			assert.Equal(t, before, dump(t, st))

			_, err = b.PostBatch(ctx, make([]journal.Entry, BatchEntriesMax+1), BatchOptions{})
			assert.ErrorIs(t, err, ErrBatchTooLarge)
		})
	}
}

func TestConfigRejects(t *testing.T) {
	b := testBook(t, stores[0].Open(t))
	assert.ErrorIs(t, b.AddAccount(ctx, NewAccount("411000", "again", KindReceivable)), ErrDuplicate)
	assert.ErrorIs(t, b.AddAccount(ctx, NewAccount("41A000", "x", KindOther)), ErrAccountCode)
	assert.ErrorIs(t, b.AddAccount(ctx, NewAccount("911000", "x", KindOther)), ErrAccountCode)
	assert.ErrorIs(t, b.AddAccount(ctx, NewAccount("41", "x", KindOther)), ErrAccountCode)
	assert.ErrorIs(t, b.AddAccount(ctx, Account{Code: "471100", Kind: 99}), ErrKind)
	assert.ErrorIs(t, b.AddPartner(ctx, Partner{Code: "C1"}), ErrDuplicate)
	assert.ErrorIs(t, b.AddPartner(ctx, Partner{Code: "a b"}), ErrCode)
	assert.ErrorIs(t, b.AddJournal(ctx, Journal{Code: "VT"}), ErrDuplicate)
	assert.ErrorIs(t, b.AddJournal(ctx, Journal{Code: "BQ2", BankAccount: "512999"}), ErrUnknownAccount)
	assert.ErrorIs(t, b.AddFiscalYear(ctx, CalendarYear(2029)), ErrFiscalYear, "gap after 2027")
	assert.ErrorIs(t, b.AddFiscalYear(ctx, FiscalYearFrom(journal.MustDate(2028, 1, 1), 25)), ErrFiscalYear)
	assert.ErrorIs(t, b.AddFiscalYear(ctx, FiscalYear{Start: journal.MustDate(9999, 1, 1), End: journal.MustDate(9999, 12, 31)}), ErrFiscalYear)
	require.NoError(t, b.AddFiscalYear(ctx, FiscalYearFrom(journal.MustDate(2028, 1, 1), 18)))
	years, err := b.FiscalYears(ctx)
	require.NoError(t, err)
	assert.Equal(t, "2028-2029", years[2].Label)
	assert.ErrorIs(t, b.SetRate(ctx, eur, d(1, 1), currency.MustParseRate("1")), ErrRate)
	_, _, err = b.Rate(ctx, usd, journal.MustDate(2025, 6, 1))
	assert.ErrorIs(t, err, ErrNoRate)
	r, on, err := b.Rate(ctx, usd, d(6, 1))
	require.NoError(t, err)
	assert.Equal(t, "1.2", r.String())
	assert.Equal(t, d(1, 1), on)
	assert.ErrorIs(t, b.InstallFrenchChart(ctx), ErrDuplicate)

	require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(1, 31), "January"))
	require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(2, 28), "February"))
	hist, err := b.LockHistory(ctx)
	require.NoError(t, err)
	assert.Len(t, hist, 2)
	locks, err := b.LockDates(ctx)
	require.NoError(t, err)
	assert.Equal(t, d(2, 28), locks.General)
}

func TestCreateOpen(t *testing.T) {
	st := stores[1].Open(t)
	_, err := Open(ctx, st, Options{})
	assert.ErrorIs(t, err, ErrNotABook)
	_, err = Create(ctx, st, Options{})
	assert.ErrorIs(t, err, ErrOptions)
	_, err = Create(ctx, st, Options{Currency: eur})
	require.NoError(t, err)
	_, err = Create(ctx, st, Options{Currency: eur})
	assert.ErrorIs(t, err, ErrBookExists)
	_, err = Open(ctx, st, Options{Currency: usd})
	assert.ErrorIs(t, err, ErrBookMismatch)
	_, err = Open(ctx, st, Options{Currency: eur, Rounding: currency.HalfEven})
	assert.ErrorIs(t, err, ErrBookMismatch)
	b, err := Open(ctx, st, Options{})
	require.NoError(t, err)
	assert.Equal(t, eur, b.Currency())
	assert.NoError(t, b.Check(ctx))

	// A book of an earlier layout is refused, not misread (the one before
	// this version's is upgraded in place: formatUpgradable).
	require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bMeta, metaKey)
		require.NoError(t, err)
		var rec bookRec
		require.NoError(t, decode(v, &rec))
		rec.V = formatUpgradable - 1
		return tx.Put(bMeta, metaKey, encode(rec))
	}))
	_, err = Open(ctx, st, Options{})
	assert.ErrorIs(t, err, ErrFormat)
}

// A newcomer reads the message: lines count from 1, and a missing rate is
// reported once, not also as an amount in the wrong currency.
func TestPostErrorMessages(t *testing.T) {
	b := testBook(t, stores[0].Open(t))
	gbp := currency.MustLookup("GBP")
	_, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: d(3, 1), Currency: gbp, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", AmountCurrency: currency.MustParse(gbp, "10.00")},
		{Account: "706000", AmountCurrency: currency.MustParse(gbp, "-10.00")},
	}})
	require.ErrorIs(t, err, ErrNoRate)
	assert.NotErrorIs(t, err, journal.ErrLineCurrency, "the missing rate is the root cause")
	assert.Contains(t, err.Error(), "line 1: ")
	assert.NotContains(t, err.Error(), "line 0")
}
