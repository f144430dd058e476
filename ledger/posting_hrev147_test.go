package ledger

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	hr147KWD = currency.MustLookup("KWD")
	hr147JPY = currency.MustLookup("JPY")
)

// hr147Book is testBook plus a USD-fixed bank account (512790), an
// inactive account (471790) and a general lock date on 31 January 2026.
func hr147Book(t *testing.T, s int) (*Book, func() string) {
	t.Helper()
	st := stores[s].Open(t)
	b := testBook(t, st)
	usdBank := NewAccount("512790", "Banque USD", KindBank)
	usdBank.Currency = usd
	require.NoError(t, b.AddAccount(ctx, usdBank))
	require.NoError(t, b.AddAccount(ctx, NewAccount("471790", "Attente inactif", KindSuspense)))
	require.NoError(t, b.SetAccountActive(ctx, "471790", false))
	require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(1, 31), "janvier"))
	require.NoError(t, b.Check(ctx))
	return b, func() string { return dump(t, st) }
}

func hr147Misc(date journal.Date, lines ...journal.Line) journal.Entry {
	return journal.Entry{Journal: "OD", Date: date, Type: journal.TypeMisc, Lines: lines}
}

// Every bad entry is refused with its sentinel, a message naming the
// problem, and nothing written, by Post and by a one-entry PostBatch.
func TestHrev147BadEntriesRefused(t *testing.T) {
	vat := tax.Tax{ID: "FR20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445710"}
	cases := []struct {
		name string
		x    func() journal.Entry
		want error
		msg  string
	}{
		{"no lines", func() journal.Entry { return hr147Misc(d(3, 1)) }, journal.ErrTooFewLines, "at least two lines"},
		{"one line", func() journal.Entry {
			return hr147Misc(d(3, 1), journal.Line{Account: "512000", Balance: e("0.00")})
		}, journal.ErrTooFewLines, "at least two lines"},
		{"unbalanced by 0.01", func() journal.Entry {
			return hr147Misc(d(3, 1), journal.Line{Account: "512000", Balance: e("100.01")}, journal.Line{Account: "758000", Balance: e("-100.00")})
		}, &journal.UnbalancedError{}, "debits exceed credits by 0.01"},
		{"unbalanced by -0.01", func() journal.Entry {
			return hr147Misc(d(3, 1), journal.Line{Account: "512000", Balance: e("99.99")}, journal.Line{Account: "758000", Balance: e("-100.00")})
		}, &journal.UnbalancedError{}, "credits exceed debits by 0.01"},
		{"balanced in USD only", func() journal.Entry {
			x := hr147Misc(d(3, 1), journal.Line{Account: "512000", Balance: e("100.00"), AmountCurrency: u("120.00")},
				journal.Line{Account: "758000", Balance: e("-100.01"), AmountCurrency: u("-120.00")})
			x.Currency = usd
			return x
		}, &journal.UnbalancedError{}, "credits exceed debits by 0.01"},
		{"negative zero line", func() journal.Entry {
			return hr147Misc(d(3, 1), journal.Line{Account: "512000", Balance: e("10.00")}, journal.Line{Account: "758000", Balance: e("-10.00")},
				journal.Line{Account: "758000", Balance: e("-0.00")})
		}, journal.ErrNoAmount, "neither balance nor currency amount"},
		{"just past the largest amount", func() journal.Entry {
			return hr147Misc(d(3, 1), journal.Line{Account: "512000", Balance: e("10000000000000000.00")},
				journal.Line{Account: "758000", Balance: e("-10000000000000000.00")})
		}, journal.ErrAmountTooLarge, "amount over"},
		{"just past the largest amount, JPY currency amount", func() journal.Entry {
			x := hr147Misc(d(3, 1), journal.Line{Account: "512000", Balance: e("10.00"), AmountCurrency: currency.MustParse(hr147JPY, "1000000000000000000")},
				journal.Line{Account: "758000", Balance: e("-10.00"), AmountCurrency: currency.MustParse(hr147JPY, "-1000000000000000000")})
			x.Currency = hr147JPY
			return x
		}, journal.ErrAmountTooLarge, "amount over"},
		{"EUR line on a USD account", func() journal.Entry {
			return hr147Misc(d(3, 1), journal.Line{Account: "512790", Balance: e("10.00")}, journal.Line{Account: "758000", Balance: e("-10.00")})
		}, ErrAccountCurrency, "512790"},
		{"receivable without partner", func() journal.Entry {
			x := sale("C1", d(3, 1), "120.00")
			x.Lines[0].Partner = ""
			return x
		}, ErrPartnerRequired, "411000"},
		{"payable without partner", func() journal.Entry {
			return hr147Misc(d(3, 1), journal.Line{Account: "401000", Balance: e("10.00")}, journal.Line{Account: "512000", Balance: e("-10.00")})
		}, ErrPartnerRequired, "401000"},
		{"unknown account", func() journal.Entry {
			return hr147Misc(d(3, 1), journal.Line{Account: "512999", Balance: e("10.00")}, journal.Line{Account: "758000", Balance: e("-10.00")})
		}, ErrUnknownAccount, "512999"},
		{"inactive account", func() journal.Entry {
			return hr147Misc(d(3, 1), journal.Line{Account: "471790", Balance: e("10.00")}, journal.Line{Account: "758000", Balance: e("-10.00")})
		}, ErrInactiveAccount, "471790"},
		{"unknown partner", func() journal.Entry { return sale("NOPE", d(3, 1), "120.00") }, ErrUnknownPartner, "NOPE"},
		{"unknown journal", func() journal.Entry {
			x := sale("C1", d(3, 1), "120.00")
			x.Journal = "ZZ"
			return x
		}, ErrUnknownJournal, "ZZ"},
		{"no journal", func() journal.Entry {
			x := sale("C1", d(3, 1), "120.00")
			x.Journal = ""
			return x
		}, journal.ErrNoJournal, "no journal"},
		{"no date", func() journal.Entry { return sale("C1", journal.Date{}, "120.00") }, journal.ErrNoDate, "no date"},
		{"before every fiscal year", func() journal.Entry { return sale("C1", journal.MustDate(2025, 12, 31), "120.00") }, ErrNoFiscalYear, "2025-12-31"},
		{"after every fiscal year", func() journal.Entry { return sale("C1", journal.MustDate(2028, 1, 1), "120.00") }, ErrNoFiscalYear, "2028-01-01"},
		{"locked date", func() journal.Entry { return sale("C1", d(1, 31), "120.00") }, ErrLocked, "2026-01-31"},
		{"label with a control character", func() journal.Entry {
			x := sale("C1", d(3, 1), "120.00")
			x.Label = "Facture\tMartin"
			return x
		}, journal.ErrTextControl, "label"},
		{"label with NEL (C1)", func() journal.Entry {
			x := sale("C1", d(3, 1), "120.00")
			x.Label = "Facture\u0085Martin"
			return x
		}, journal.ErrTextControl, "U+0085"},
		{"line label with U+2028", func() journal.Entry {
			x := sale("C1", d(3, 1), "120.00")
			x.Lines[1].Label = "a\u2028b"
			return x
		}, journal.ErrTextControl, "line 2"},
		{"ref with invalid UTF-8", func() journal.Entry {
			x := sale("C1", d(3, 1), "120.00")
			x.Ref = "F\xc3"
			return x
		}, journal.ErrTextEncoding, "ref"},
		{"ref with an encoded surrogate", func() journal.Entry {
			x := sale("C1", d(3, 1), "120.00")
			x.Ref = "F\xed\xa0\x80"
			return x
		}, journal.ErrTextEncoding, "ref"},
		{"label of 1025 bytes", func() journal.Entry {
			x := sale("C1", d(3, 1), "120.00")
			x.Label = strings.Repeat("é", 512) + "x"
			return x
		}, journal.ErrTextTooLong, "1024"},
		{"entry naming its own reversal", func() journal.Entry {
			x := sale("C1", d(3, 1), "120.00")
			x.ID = journal.NewID()
			x.ReversalOf = x.ID
			return x
		}, ErrNotFound, "is the entry itself"},
		{"origin set", func() journal.Entry {
			x := sale("C1", d(3, 1), "120.00")
			x.Origin = journal.NewID()
			return x
		}, ErrOrigin, "origin"},
		{"opposite signs", func() journal.Entry {
			x := hr147Misc(d(3, 1), journal.Line{Account: "512000", Balance: e("10.00"), AmountCurrency: u("-12.00")},
				journal.Line{Account: "758000", Balance: e("-10.00"), AmountCurrency: u("12.00")})
			x.Currency = usd
			return x
		}, journal.ErrOppositeSigns, "opposite signs"},
		{"USD balance in a EUR book", func() journal.Entry {
			return hr147Misc(d(3, 1), journal.Line{Account: "512000", Balance: u("10.00")}, journal.Line{Account: "758000", Balance: u("-10.00")})
		}, journal.ErrLineCurrency, "wrong currency"},
		{"unknown entry type", func() journal.Entry {
			x := sale("C1", d(3, 1), "120.00")
			x.Type = 99
			return x
		}, journal.ErrEntryType, "unknown entry type"},
		{"invoice running backwards", func() journal.Entry {
			x := sale("C1", d(3, 1), "120.00")
			for i := range x.Lines {
				x.Lines[i].Balance = x.Lines[i].Balance.Neg()
			}
			return x
		}, ErrDocumentDirection, "wrong way"},
		{"tax line without a tax", func() journal.Entry {
			x := sale("C1", d(3, 1), "120.00")
			x.Lines[2].TaxRole = tax.RoleTax
			return x
		}, journal.ErrTaxSnapshot, "tax"},
		{"tax entry in a tax-locked period", func() journal.Entry {
			x := sale("C1", d(2, 10), "120.00")
			x.Lines[2].TaxRole, x.Lines[2].Taxes = tax.RoleTax, []tax.Tax{vat}
			return x
		}, ErrLocked, "lock"},
		{"no rate for KWD", func() journal.Entry {
			x := hr147Misc(d(3, 1), journal.Line{Account: "512000", AmountCurrency: currency.MustParse(hr147KWD, "1.001")},
				journal.Line{Account: "758000", AmountCurrency: currency.MustParse(hr147KWD, "-1.001")})
			x.Currency = hr147KWD
			return x
		}, ErrNoRate, "rate"},
	}
	for s := range stores {
		t.Run(stores[s].Name, func(t *testing.T) {
			b, dumpNow := hr147Book(t, s)
			require.NoError(t, b.SetLockDate(ctx, LockTax, d(2, 28), "T1"))
			mustPost(t, b, sale("C1", d(3, 1), "12.00"))
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					before := dumpNow()
					check := func(err error) {
						t.Helper()
						require.Error(t, err)
						if ue, ok := c.want.(*journal.UnbalancedError); ok {
							_ = ue
							var got *journal.UnbalancedError
							assert.True(t, errors.As(err, &got), "%v", err)
						} else {
							assert.ErrorIs(t, err, c.want)
						}
						assert.Contains(t, err.Error(), c.msg)
						assert.Equal(t, before, dumpNow(), "a refused entry writes nothing")
					}
					res, err := b.Post(ctx, c.x())
					check(err)
					assert.False(t, res.Replay)
					rs, err := b.PostBatch(ctx, []journal.Entry{c.x()}, BatchOptions{})
					require.NoError(t, err)
					check(rs[0].Err)
					require.NoError(t, b.Check(ctx))
				})
			}
			// numbering stays gapless after all these refusals
			x := mustPost(t, b, sale("C1", d(3, 2), "24.00"))
			assert.Equal(t, "VT/2026/00002", x.Name())
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// Amounts with more decimals than the currency allows cannot be built;
// negative zero is zero.
func TestHrev147AmountPrecision(t *testing.T) {
	for _, c := range []struct {
		cur currency.Currency
		s   string
	}{{eur, "10.005"}, {hr147JPY, "100.5"}, {hr147KWD, "1.0005"}, {currency.MustLookup("TND"), "1.0005"}} {
		_, err := currency.Parse(c.cur, c.s)
		assert.ErrorIs(t, err, currency.ErrPrecision, "%s %s", c.s, c.cur)
	}
	z := currency.MustParse(eur, "-0.00")
	assert.Equal(t, 0, z.Sign())
	assert.Equal(t, "0.00", z.Plain())
	assert.True(t, z.Equal(e("0")))
	k := currency.MustParse(hr147KWD, "1.0010")
	assert.Equal(t, "1.001", k.Plain())
}

// Good borderline entries post, balance exactly, and pass Check.
func TestHrev147BorderlineAccepted(t *testing.T) {
	for s := range stores {
		t.Run(stores[s].Name, func(t *testing.T) {
			b, _ := hr147Book(t, s)
			require.NoError(t, b.SetRate(ctx, hr147KWD, d(1, 1), currency.MustParseRate("0.333")))
			max := "9999999999999999.99"
			x1 := mustPost(t, b, hr147Misc(d(3, 1), journal.Line{Account: "512000", Balance: e(max)}, journal.Line{Account: "758000", Balance: e("-" + max)}))
			require.NoError(t, b.Check(ctx))
			x2 := mustPost(t, b, hr147Misc(d(3, 2), journal.Line{Account: "512000", Balance: e(max)}, journal.Line{Account: "758000", Balance: e("-" + max)}))
			require.NoError(t, b.Check(ctx))
			bal, err := b.Balance(ctx, BalanceQuery{Account: "512000"})
			require.NoError(t, err)
			assert.Equal(t, "19999999999999999.98", bal.Balance.Plain())
			assert.Equal(t, "OD/2026/00001", x1.Name())
			assert.Equal(t, "OD/2026/00002", x2.Name())
			// three lines, two max debits against two max credits
			mustPost(t, b, hr147Misc(d(3, 3), journal.Line{Account: "512000", Balance: e(max)}, journal.Line{Account: "512000", Balance: e(max)},
				journal.Line{Account: "758000", Balance: e("-" + max)}, journal.Line{Account: "758000", Balance: e("-" + max)}))
			require.NoError(t, b.Check(ctx))
			bal, err = b.Balance(ctx, BalanceQuery{Account: "758000"})
			require.NoError(t, err)
			assert.Equal(t, "-39999999999999999.96", bal.Balance.Plain())

			// KWD at 3 decimals, converted at the rate: 1.001 / 0.333 = 3.006006 -> 3.01
			k := hr147Misc(d(3, 4), journal.Line{Account: "512000", AmountCurrency: currency.MustParse(hr147KWD, "1.001")},
				journal.Line{Account: "758000", AmountCurrency: currency.MustParse(hr147KWD, "-1.001")})
			k.Currency = hr147KWD
			kx := mustPost(t, b, k)
			assert.Equal(t, "3.01", kx.Lines[0].Balance.Plain())
			assert.Equal(t, "-3.01", kx.Lines[1].Balance.Plain())
			assert.Equal(t, "1.001", kx.Lines[0].AmountCurrency.Plain())
			require.NoError(t, b.Check(ctx))
			bk, err := b.Balance(ctx, BalanceQuery{Account: "512000", Currency: hr147KWD})
			require.NoError(t, err)
			assert.Equal(t, "1.001", bk.AmountCurrency.Plain())
			assert.Equal(t, "3.01", bk.Balance.Plain())

			// JPY with explicit balances, largest JPY amount
			j := hr147Misc(d(3, 5), journal.Line{Account: "512000", Balance: e("1.00"), AmountCurrency: currency.MustParse(hr147JPY, "999999999999999999")},
				journal.Line{Account: "758000", Balance: e("-1.00"), AmountCurrency: currency.MustParse(hr147JPY, "-999999999999999999")})
			j.Currency = hr147JPY
			mustPost(t, b, j)
			require.NoError(t, b.Check(ctx))

			// a line carrying only a currency amount (foreign dust), balanced in company currency
			dust := hr147Misc(d(3, 6), journal.Line{Account: "512000", Balance: e("10.00"), AmountCurrency: u("12.00")},
				journal.Line{Account: "758000", Balance: e("-10.00"), AmountCurrency: u("-11.99")},
				journal.Line{Account: "758000", Balance: e("0.00"), AmountCurrency: u("-0.01")})
			dust.Currency = usd
			mustPost(t, b, dust)
			require.NoError(t, b.Check(ctx))

			// texts at their limits
			lbl := hr147Misc(d(3, 7), journal.Line{Account: "512000", Balance: e("1.00"), Label: strings.Repeat("é", 512)},
				journal.Line{Account: "758000", Balance: e("-1.00"), Label: strings.Repeat("€", 341) + "a"})
			lbl.Label = strings.Repeat("x", 1024)
			lbl.Ref = "Réf 😀 \u00a0"
			lx := mustPost(t, b, lbl)
			got, err := b.Entry(ctx, lx.ID)
			require.NoError(t, err)
			assert.Equal(t, lbl.Label, got.Label)
			assert.Equal(t, lbl.Ref, got.Ref)
			assert.Equal(t, lbl.Lines[1].Label, got.Lines[1].Label)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))

			// the first open day after the lock
			mustPost(t, b, sale("C1", d(2, 1), "1.20"))
			require.NoError(t, b.Check(ctx))
			tb, err := b.TrialBalance(ctx, journal.MustDate(2026, 12, 31))
			require.NoError(t, err)
			_ = tb
		})
	}
}

// Reversals: a reversal of a reversal and a second reversal are refused and
// write nothing, by Reverse and by a hand-built reversal through Post.
func TestHrev147Reversals(t *testing.T) {
	for s := range stores {
		t.Run(stores[s].Name, func(t *testing.T) {
			b, dumpNow := hr147Book(t, s)
			x := mustPost(t, b, sale("C1", d(3, 1), "120.00"))
			r, err := b.Reverse(ctx, x.ID, ReverseOptions{})
			require.NoError(t, err)
			assert.Equal(t, "VT/2026/00002", r.Entry.Name())
			assert.Equal(t, "Extourne de VT/2026/00001", r.Entry.Label)
			require.NoError(t, b.Check(ctx))

			before := dumpNow()
			_, err = b.Reverse(ctx, r.Entry.ID, ReverseOptions{})
			assert.ErrorIs(t, err, ErrReverseReversal)
			_, err = b.Reverse(ctx, x.ID, ReverseOptions{})
			assert.ErrorIs(t, err, ErrAlreadyReversed)
			assert.Contains(t, err.Error(), "VT/2026/00001")
			hand := r.Entry.Reversal(journal.NewID(), d(3, 2))
			_, err = b.Post(ctx, hand)
			assert.ErrorIs(t, err, ErrReverseReversal)
			again := x.Reversal(journal.NewID(), d(3, 2))
			_, err = b.Post(ctx, again)
			assert.ErrorIs(t, err, ErrAlreadyReversed)
			_, err = b.Reverse(ctx, journal.NewID(), ReverseOptions{})
			assert.ErrorIs(t, err, ErrNotFound)
			_, err = b.Reverse(ctx, x.ID, ReverseOptions{Label: "bad\x01"})
			assert.Error(t, err)
			assert.Equal(t, before, dumpNow())

			// a reversal dated before its original, and one not mirroring it
			y := mustPost(t, b, sale("C1", d(3, 10), "60.00"))
			before = dumpNow()
			_, err = b.Reverse(ctx, y.ID, ReverseOptions{Date: d(3, 9)})
			assert.ErrorIs(t, err, ErrReversalDate)
			bad := y.Reversal(journal.NewID(), d(3, 10))
			bad.Lines[1].Account = "707000"
			_, err = b.Post(ctx, bad)
			assert.ErrorIs(t, err, ErrNotMirror)
			bad = y.Reversal(journal.NewID(), d(3, 10))
			bad.Lines[1].Balance, bad.Lines[2].Balance = e("49.99"), e("10.01")
			bad.Lines[1].AmountCurrency, bad.Lines[2].AmountCurrency = e("49.99"), e("10.01")
			_, err = b.Post(ctx, bad)
			assert.ErrorIs(t, err, ErrNotMirror)
			assert.Equal(t, before, dumpNow())

			// a reversal of an entry dated in the locked period moves to the first open date
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(3, 15), "mars"))
			ry, err := b.Reverse(ctx, y.ID, ReverseOptions{})
			require.NoError(t, err)
			assert.Equal(t, d(3, 16), ry.Entry.Date)
			assert.Equal(t, "VT/2026/00004", ry.Entry.Name())
			require.NoError(t, b.Check(ctx))
			// a Date asked for in the locked period also moves
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// A batch with a bad entry in the middle posts the others, numbered without
// gaps; with AllOrNothing it writes nothing.
func TestHrev147BatchBadMiddle(t *testing.T) {
	for _, n := range []int{3, IndexLagMax + 3} {
		for s := range stores {
			t.Run(stores[s].Name, func(t *testing.T) {
				b, dumpNow := hr147Book(t, s)
				mk := func() []journal.Entry {
					var in []journal.Entry
					for i := 0; i < n; i++ {
						in = append(in, sale("C1", d(4, 1+i%28), "12.00"))
					}
					in[n/2] = sale("C1", d(1, 10), "12.00") // locked
					return in
				}
				before := dumpNow()
				res, err := b.PostBatch(ctx, mk(), BatchOptions{AllOrNothing: true})
				require.NoError(t, err)
				for i, r := range res {
					if i == n/2 {
						assert.ErrorIs(t, r.Err, ErrLocked)
					} else {
						assert.ErrorIs(t, r.Err, ErrBatchAborted)
					}
				}
				assert.Equal(t, before, dumpNow())
				require.NoError(t, b.Check(ctx))

				res, err = b.PostBatch(ctx, mk(), BatchOptions{})
				require.NoError(t, err)
				num := int64(0)
				for i, r := range res {
					if i == n/2 {
						assert.ErrorIs(t, r.Err, ErrLocked)
						continue
					}
					require.NoError(t, r.Err)
					num++
					assert.Equal(t, num, r.Entry.Number, "entry %d", i)
				}
				require.NoError(t, b.Check(ctx))
				x := mustPost(t, b, sale("C1", d(5, 1), "1.00"))
				assert.Equal(t, int64(n), x.Number)
				require.NoError(t, b.Check(ctx))
				require.NoError(t, b.Verify(ctx))
			})
		}
	}
}

// Idempotency: same id and content replays and writes nothing, other
// content conflicts and writes nothing; a replay holds after the lock date
// moved past the entry and after its account was deactivated.
func TestHrev147Idempotency(t *testing.T) {
	for s := range stores {
		t.Run(stores[s].Name, func(t *testing.T) {
			b, dumpNow := hr147Book(t, s)
			x := sale("C1", d(3, 1), "120.00")
			x.ID = journal.NewID()
			first, err := b.Post(ctx, x)
			require.NoError(t, err)
			require.False(t, first.Replay)
			before := dumpNow()
			again, err := b.Post(ctx, x)
			require.NoError(t, err)
			assert.True(t, again.Replay)
			assert.Equal(t, first.Entry.Name(), again.Entry.Name())
			assert.Equal(t, first.Entry.Hash, again.Entry.Hash)
			assert.Equal(t, before, dumpNow())
			// spelled out: company currency named, currency amounts equal to balances
			spelled := x
			spelled.Currency = eur
			spelled.Lines = append([]journal.Line(nil), x.Lines...)
			for i := range spelled.Lines {
				spelled.Lines[i].AmountCurrency = spelled.Lines[i].Balance
			}
			sp, err := b.Post(ctx, spelled)
			require.NoError(t, err)
			assert.True(t, sp.Replay)
			assert.Equal(t, before, dumpNow())
			// other content
			other := x
			other.Label = "autre"
			_, err = b.Post(ctx, other)
			assert.ErrorIs(t, err, ErrIdempotencyConflict)
			other = sale("C1", d(3, 1), "120.01")
			other.ID = x.ID
			_, err = b.Post(ctx, other)
			assert.ErrorIs(t, err, ErrIdempotencyConflict)
			// other content that is also invalid: conflict or validation, nothing written
			other.Journal = "ZZ"
			_, err = b.Post(ctx, other)
			assert.Error(t, err)
			assert.Equal(t, before, dumpNow())
			// in a batch: replay, conflict, and the same new id twice
			y := sale("C2", d(3, 2), "24.00")
			y.ID = journal.NewID()
			y2 := y
			y2.Label = "autre"
			res, err := b.PostBatch(ctx, []journal.Entry{x, other, y, y, y2}, BatchOptions{})
			require.NoError(t, err)
			assert.True(t, res[0].Replay)
			assert.Error(t, res[1].Err)
			require.NoError(t, res[2].Err)
			assert.False(t, res[2].Replay)
			assert.True(t, res[3].Replay)
			assert.Equal(t, res[2].Entry.Number, res[3].Entry.Number)
			assert.ErrorIs(t, res[4].Err, ErrIdempotencyConflict)
			require.NoError(t, b.Check(ctx))

			// replays after the lock date moved and the account was deactivated
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(3, 31), "mars"))
			require.NoError(t, b.SetAccountActive(ctx, "706000", false))
			before = dumpNow()
			again, err = b.Post(ctx, x)
			require.NoError(t, err)
			assert.True(t, again.Replay)
			assert.Equal(t, before, dumpNow())
			// and a reversal id reused
			rid := journal.NewID()
			r1, err := b.Reverse(ctx, x.ID, ReverseOptions{ID: rid})
			require.NoError(t, err)
			assert.Equal(t, d(4, 1), r1.Entry.Date)
			before = dumpNow()
			r2, err := b.Reverse(ctx, x.ID, ReverseOptions{ID: rid})
			require.NoError(t, err)
			assert.True(t, r2.Replay)
			assert.Equal(t, r1.Entry.Name(), r2.Entry.Name())
			_, err = b.Reverse(ctx, y.ID, ReverseOptions{ID: rid})
			assert.ErrorIs(t, err, ErrIdempotencyConflict)
			_, err = b.Post(ctx, sale("C1", d(4, 2), "1.00"))
			assert.ErrorIs(t, err, ErrInactiveAccount)
			assert.Equal(t, before, dumpNow())
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// Numbering per journal and per fiscal year stays gapless across refusals
// and restarts in each year.
func TestHrev147NumberingPerYear(t *testing.T) {
	for s := range stores {
		t.Run(stores[s].Name, func(t *testing.T) {
			b, _ := hr147Book(t, s)
			a := mustPost(t, b, sale("C1", d(6, 1), "1.00"))
			_, err := b.Post(ctx, sale("C1", journal.MustDate(2028, 1, 1), "1.00"))
			require.ErrorIs(t, err, ErrNoFiscalYear)
			c := mustPost(t, b, sale("C1", journal.MustDate(2027, 1, 1), "1.00"))
			bad := sale("C1", journal.MustDate(2027, 1, 2), "1.00")
			bad.Lines[0].Partner = ""
			_, err = b.Post(ctx, bad)
			require.ErrorIs(t, err, ErrPartnerRequired)
			dd := mustPost(t, b, sale("C1", journal.MustDate(2027, 1, 3), "1.00"))
			e2 := mustPost(t, b, sale("C1", d(12, 31), "1.00"))
			f := mustPost(t, b, receipt("C1", d(12, 31), "1.00"))
			assert.Equal(t, "VT/2026/00001", a.Name())
			assert.Equal(t, "VT/2027/00001", c.Name())
			assert.Equal(t, "VT/2027/00002", dd.Name())
			assert.Equal(t, "VT/2026/00002", e2.Name())
			assert.Equal(t, "BQD/2026/00001", f.Name())
			// a reversal in the next year is numbered in the year of its date, in its original's journal
			r, err := b.Reverse(ctx, e2.ID, ReverseOptions{Date: journal.MustDate(2027, 1, 5)})
			require.NoError(t, err)
			assert.Equal(t, "VT/2027/00003", r.Entry.Name())
			require.NoError(t, b.Check(ctx))
		})
	}
}

// hr147Clock ticks one second per call from 1 February 2027.
func hr147Clock() func() time.Time {
	var mu sync.Mutex
	now := time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
}

// A closed year refuses entries with ErrYearClosed (matching ErrLocked),
// writes nothing, and the reversal of one of its entries lands in the
// next year.
func TestHrev147ClosedYear(t *testing.T) {
	for s := range stores {
		t.Run(stores[s].Name, func(t *testing.T) {
			st := stores[s].Open(t)
			b, err := Create(ctx, st, Options{Currency: eur, Clock: hr147Clock(), Strict: true})
			require.NoError(t, err)
			require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2026)))
			require.NoError(t, b.InstallFrenchChart(ctx))
			require.NoError(t, b.AddPartner(ctx, Partner{Code: "C1", Name: "C1"}))
			x := mustPost(t, b, sale("C1", d(12, 31), "120.00"))
			_, _, err = b.CloseFiscalYear(ctx, "2026", "expert")
			require.NoError(t, err)
			before := dump(t, st)
			_, err = b.Post(ctx, sale("C1", d(6, 1), "1.00"))
			assert.ErrorIs(t, err, ErrYearClosed)
			assert.ErrorIs(t, err, ErrLocked)
			_, err = b.Reverse(ctx, x.ID, ReverseOptions{})
			assert.ErrorIs(t, err, ErrNoFiscalYear, "the next year does not exist: %v", err)
			_, err = b.Reverse(ctx, x.ID, ReverseOptions{Date: d(12, 31)})
			assert.ErrorIs(t, err, ErrYearClosed)
			_, err = b.Post(ctx, x.Reversal(journal.NewID(), d(12, 31)))
			assert.ErrorIs(t, err, ErrYearClosed)
			assert.Equal(t, before, dump(t, st))
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2027)))
			r, err := b.Reverse(ctx, x.ID, ReverseOptions{})
			require.NoError(t, err)
			assert.Equal(t, journal.MustDate(2027, 1, 1), r.Entry.Date)
			assert.Equal(t, "VT/2027/00001", r.Entry.Name())
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// Assorted borderline calls: an empty batch writes nothing, a cancelled
// batch writes nothing, a tax account without a snapshot is under the tax
// lock, a converted amount past the largest is refused, an entry refused
// inside Update leaves the transaction usable, a reversal of an entry on
// an account deactivated since still posts.
func TestHrev147Assorted(t *testing.T) {
	for s := range stores {
		t.Run(stores[s].Name, func(t *testing.T) {
			b, dumpNow := hr147Book(t, s)
			mustPost(t, b, sale("C1", d(3, 1), "12.00"))
			require.NoError(t, b.Check(ctx))

			before := dumpNow()
			res, err := b.PostBatch(ctx, nil, BatchOptions{})
			require.NoError(t, err)
			assert.Empty(t, res)
			assert.Equal(t, before, dumpNow(), "an empty batch writes nothing")

			cctx, cancel := contextWithCancel()
			cancel()
			res, err = b.PostBatch(cctx, []journal.Entry{sale("C1", d(3, 2), "1.00")}, BatchOptions{})
			assert.ErrorIs(t, err, context.Canceled)
			require.Len(t, res, 1)
			assert.ErrorIs(t, res[0].Err, ErrBatchAborted)
			_, err = b.Post(cctx, sale("C1", d(3, 2), "1.00"))
			assert.ErrorIs(t, err, context.Canceled)
			assert.Equal(t, before, dumpNow())

			// tax lock: 445710 is a tax account even without a snapshot
			require.NoError(t, b.SetLockDate(ctx, LockTax, d(2, 28), "T1"))
			before = dumpNow()
			_, err = b.Post(ctx, sale("C1", d(2, 10), "12.00"))
			assert.ErrorIs(t, err, ErrLocked)
			assert.Equal(t, before, dumpNow())
			// not touching tax: open
			mustPost(t, b, receipt("C1", d(2, 10), "12.00"))
			require.NoError(t, b.Check(ctx))

			// a USD amount whose conversion passes the largest amount
			require.NoError(t, b.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("0.5")))
			big := hr147Misc(d(3, 3), journal.Line{Account: "512000", AmountCurrency: u("9999999999999999.99")},
				journal.Line{Account: "758000", AmountCurrency: u("-9999999999999999.99")})
			big.Currency = usd
			before = dumpNow()
			_, err = b.Post(ctx, big)
			assert.ErrorIs(t, err, journal.ErrAmountTooLarge)
			assert.Equal(t, before, dumpNow())
			// just at the largest once converted: 4999999999999999.995 USD is not a USD amount; 4999999999999999.99 USD -> 9999999999999999.98 EUR
			ok := hr147Misc(d(3, 3), journal.Line{Account: "512000", AmountCurrency: u("4999999999999999.99")},
				journal.Line{Account: "758000", AmountCurrency: u("-4999999999999999.99")})
			ok.Currency = usd
			okx := mustPost(t, b, ok)
			assert.Equal(t, "9999999999999999.98", okx.Lines[0].Balance.Plain())
			require.NoError(t, b.Check(ctx))

			// refused inside Update, the transaction goes on
			var n1, n2 journal.Entry
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				var err error
				if n1, _, err = tx.Post(sale("C2", d(4, 1), "12.00")); err != nil {
					return err
				}
				bad := sale("C2", d(4, 1), "12.00")
				bad.Lines[1].Account = "471790" // inactive
				if _, _, err := tx.Post(bad); !errors.Is(err, ErrInactiveAccount) {
					return fmt.Errorf("want ErrInactiveAccount, got %v", err)
				}
				if _, _, err := tx.Post(sale("C2", d(1, 4), "12.00")); !errors.Is(err, ErrLocked) {
					return fmt.Errorf("want ErrLocked, got %v", err)
				}
				n2, _, err = tx.Post(sale("C2", d(4, 2), "12.00"))
				return err
			}))
			assert.Equal(t, n1.Number+1, n2.Number)
			require.NoError(t, b.Check(ctx))

			// reversal of an entry whose account was deactivated since
			require.NoError(t, b.SetAccountActive(ctx, "706000", false))
			r, err := b.Reverse(ctx, n1.ID, ReverseOptions{})
			require.NoError(t, err)
			assert.Equal(t, n2.Number+1, r.Entry.Number)
			require.NoError(t, b.Check(ctx))

			// two reversals of one entry in one batch
			require.NoError(t, b.SetAccountActive(ctx, "706000", true))
			z := mustPost(t, b, sale("C2", d(4, 5), "6.00"))
			res, err = b.PostBatch(ctx, []journal.Entry{z.Reversal(journal.NewID(), d(4, 6)), z.Reversal(journal.NewID(), d(4, 7))}, BatchOptions{})
			require.NoError(t, err)
			require.NoError(t, res[0].Err)
			assert.ErrorIs(t, res[1].Err, ErrAlreadyReversed)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// A retry after the rate changed replays: the fingerprint holds the
// omitted balance, not the rate.
func TestHrev147ReplayAfterRateChange(t *testing.T) {
	for s := range stores {
		t.Run(stores[s].Name, func(t *testing.T) {
			b, dumpNow := hr147Book(t, s)
			x := hr147Misc(d(3, 3), journal.Line{Account: "512000", AmountCurrency: u("100.00")},
				journal.Line{Account: "758000", AmountCurrency: u("-100.00")})
			x.Currency = usd
			x.ID = journal.NewID()
			first := mustPost(t, b, x)
			assert.Equal(t, "83.33", first.Lines[0].Balance.Plain())
			require.NoError(t, b.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.10")))
			before := dumpNow()
			res, err := b.Post(ctx, x)
			require.NoError(t, err)
			assert.True(t, res.Replay)
			assert.Equal(t, "83.33", res.Entry.Lines[0].Balance.Plain())
			assert.Equal(t, before, dumpNow())
		})
	}
}

// Concurrent single posts, some bad and some repeating one id, are group
// committed: each gets its own outcome, the good ones number gaplessly,
// one id posts once.
func TestHrev147ConcurrentBadAndSameID(t *testing.T) {
	for s := range stores {
		t.Run(stores[s].Name, func(t *testing.T) {
			b, _ := hr147Book(t, s)
			same := sale("C1", d(5, 1), "50.00")
			same.ID = journal.NewID()
			const n = 48
			type out struct {
				res PostResult
				err error
			}
			outs := make([]out, n)
			var wg sync.WaitGroup
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					var x journal.Entry
					switch i % 4 {
					case 0:
						x = sale("C1", d(4, 1+i%28), "12.00")
					case 1:
						x = sale("C1", d(4, 1+i%28), "12.00")
						x.Lines[0].Balance = e("12.01") // unbalanced
					case 2:
						x = same
					case 3:
						x = sale("C1", d(1, 2), "12.00") // locked
					}
					outs[i].res, outs[i].err = b.Post(ctx, x)
				}(i)
			}
			wg.Wait()
			var numbers []int64
			posted, replays := 0, 0
			for i, o := range outs {
				switch i % 4 {
				case 0:
					require.NoError(t, o.err)
					numbers = append(numbers, o.res.Entry.Number)
				case 1:
					var ue *journal.UnbalancedError
					assert.True(t, errors.As(o.err, &ue), "%v", o.err)
				case 2:
					require.NoError(t, o.err)
					if o.res.Replay {
						replays++
					} else {
						posted++
						numbers = append(numbers, o.res.Entry.Number)
					}
				case 3:
					assert.ErrorIs(t, o.err, ErrLocked)
				}
			}
			assert.Equal(t, 1, posted)
			assert.Equal(t, n/4-1, replays)
			slices.Sort(numbers)
			for i, num := range numbers {
				assert.Equal(t, int64(i+1), num)
			}
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// The largest entry posts; one line more is refused and writes nothing.
func TestHrev147EntryLinesMax(t *testing.T) {
	for s := range stores {
		if stores[s].Name == "boltstore-wb" {
			continue
		}
		t.Run(stores[s].Name, func(t *testing.T) {
			b, dumpNow := hr147Book(t, s)
			mk := func(n int) journal.Entry {
				x := hr147Misc(d(3, 1))
				for i := 0; i < n-1; i++ {
					x.Lines = append(x.Lines, journal.Line{Account: "512000", Balance: e("0.01")})
				}
				x.Lines = append(x.Lines, journal.Line{Account: "758000", Balance: currency.FromMinor(eur, -int64(n-1))})
				return x
			}
			before := dumpNow()
			_, err := b.Post(ctx, mk(journal.EntryLinesMax+1))
			assert.ErrorIs(t, err, journal.ErrTooManyLines)
			assert.Equal(t, before, dumpNow())
			x := mustPost(t, b, mk(journal.EntryLinesMax))
			assert.Len(t, x.Lines, journal.EntryLinesMax)
			bal, err := b.Balance(ctx, BalanceQuery{Account: "512000"})
			require.NoError(t, err)
			assert.Equal(t, "99.99", bal.Balance.Plain())
			require.NoError(t, b.Check(ctx))
		})
	}
}

// A clock outside what the book can store refuses writes with ErrClock and
// writes nothing.
func TestHrev147ClockOutOfRange(t *testing.T) {
	for s := range stores {
		t.Run(stores[s].Name, func(t *testing.T) {
			st := stores[s].Open(t)
			late := false
			clock := fixedClock()
			b, err := Create(ctx, st, Options{Currency: eur, Strict: true, Clock: func() time.Time {
				if late {
					return time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
				}
				return clock()
			}})
			require.NoError(t, err)
			require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2026)))
			require.NoError(t, b.InstallFrenchChart(ctx))
			require.NoError(t, b.AddPartner(ctx, Partner{Code: "C1", Name: "C1"}))
			x := mustPost(t, b, sale("C1", d(3, 1), "12.00"))
			late = true
			before := dump(t, st)
			_, err = b.Post(ctx, sale("C1", d(3, 2), "12.00"))
			assert.ErrorIs(t, err, ErrClock)
			res, err := b.PostBatch(ctx, []journal.Entry{sale("C1", d(3, 2), "12.00")}, BatchOptions{})
			assert.ErrorIs(t, err, ErrClock)
			assert.ErrorIs(t, res[0].Err, ErrClock)
			_, err = b.Reverse(ctx, x.ID, ReverseOptions{})
			assert.ErrorIs(t, err, ErrClock)
			assert.Equal(t, before, dump(t, st))
			late = false
			y := mustPost(t, b, sale("C1", d(3, 2), "12.00"))
			assert.Equal(t, "VT/2026/00002", y.Name())
			require.NoError(t, b.Check(ctx))
		})
	}
}

// An invoice the builder makes past the largest amount is refused by the
// book with ErrAmountTooLarge and writes nothing; one of 0.005 × 1.00
// rounds to 0.01 and posts without a tax line.
func TestHrev147InvoiceBuilderBounds(t *testing.T) {
	vat := tax.Tax{ID: "FR20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445710"}
	for s := range stores {
		t.Run(stores[s].Name, func(t *testing.T) {
			b, dumpNow := hr147Book(t, s)
			inv := func(q string) journal.Invoice {
				return journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
					Lines: []journal.InvoiceLine{{Label: "x", Quantity: journal.MustQuantity(q), UnitPrice: e("1.00"), Taxes: []tax.Tax{vat}, Account: "706000"}}}
			}
			x, err := inv("1e16").Entry()
			require.NoError(t, err)
			before := dumpNow()
			_, err = b.Post(ctx, x)
			assert.ErrorIs(t, err, journal.ErrAmountTooLarge)
			assert.Equal(t, before, dumpNow())
			x, err = inv("0.005").Entry()
			require.NoError(t, err)
			p := mustPost(t, b, x)
			require.Len(t, p.Lines, 2)
			assert.Equal(t, "0.01", p.Lines[0].Balance.Plain())
			assert.Equal(t, "VT/2026/00001", p.Name())
			require.NoError(t, b.Check(ctx))
		})
	}
}
