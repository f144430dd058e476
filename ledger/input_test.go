package ledger

import (
	"bytes"
	"encoding/binary"
	"math/big"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// badTexts are a text with invalid UTF-8 and one with a control character:
// each was stored, then refused by the decoder, making the book unreadable.
var badTexts = []struct{ name, text string }{{"invalid UTF-8", "Bad \xff text"}, {"control character", "Bad\x00text"},
	{"line feed", "two\nlines"}}

// Every text a caller gives the ledger, with invalid UTF-8 or a control
// character, is refused with a *journal.TextError and leaves the store
// byte-identical; the book stays readable.
func TestBadTextRefused(t *testing.T) {
	vat := tax.Tax{ID: "FR20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445710"}
	withText := func(edit func(x *journal.Entry, s string)) func(b *Book, s string) error {
		return func(b *Book, s string) error {
			x := sale("C1", d(3, 15), "120.00")
			x.Lines[2].TaxRole, x.Lines[2].Taxes = tax.RoleTax, []tax.Tax{vat}
			edit(&x, s)
			_, err := b.Post(ctx, x)
			return err
		}
	}
	calls := []struct {
		field string
		call  func(b *Book, s string) error
		want  error
	}{
		{"partner name", func(b *Book, s string) error { return b.AddPartner(ctx, Partner{Code: "C9", Name: s}) }, journal.ErrText},
		{"account name", func(b *Book, s string) error { return b.AddAccount(ctx, NewAccount("471900", s, KindSuspense)) }, journal.ErrText},
		{"journal name", func(b *Book, s string) error {
			return b.AddJournal(ctx, Journal{Code: "J9", Name: s, Kind: JournalGeneral})
		}, journal.ErrText},
		{"lock reason", func(b *Book, s string) error { return b.SetLockDate(ctx, LockGeneral, d(1, 31), s) }, journal.ErrText},
		{"fiscal-year label", func(b *Book, s string) error {
			return b.AddFiscalYear(ctx, FiscalYear{Start: journal.MustDate(2028, 1, 1), End: journal.MustDate(2028, 12, 31), Label: s})
		}, ErrFiscalYear},
		{"entry ref", withText(func(x *journal.Entry, s string) { x.Ref = s }), journal.ErrText},
		{"entry label", withText(func(x *journal.Entry, s string) { x.Label = s }), journal.ErrText},
		{"line label", withText(func(x *journal.Entry, s string) { x.Lines[1].Label = s }), journal.ErrText},
		{"tax name", withText(func(x *journal.Entry, s string) { x.Lines[2].Taxes[0].Name = s }), journal.ErrText},
		{"tax id", withText(func(x *journal.Entry, s string) { x.Lines[2].Taxes[0].ID = s }), journal.ErrText},
		{"batch entry label", func(b *Book, s string) error {
			x := sale("C1", d(3, 15), "120.00")
			x.Label = s
			res, err := b.PostBatch(ctx, []journal.Entry{sale("C1", d(3, 15), "12.00"), x}, BatchOptions{AllOrNothing: true})
			require.NoError(t, err)
			assert.ErrorIs(t, res[0].Err, ErrBatchAborted)
			return res[1].Err
		}, journal.ErrText},
		{"reversal label", func(b *Book, s string) error {
			_, err := b.Reverse(ctx, b.mustFirst(t), ReverseOptions{Label: s})
			return err
		}, journal.ErrText},
		{"event kind", func(b *Book, s string) error {
			return b.Update(ctx, func(tx *Tx) error {
				_, err := tx.appendEvent(journal.NewID(), s, nil)
				return err
			})
		}, journal.ErrText},
	}
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			mustPost(t, b, sale("C1", d(3, 1), "12.00"))
			for _, c := range calls {
				for _, bad := range badTexts {
					t.Run(c.field+"/"+bad.name, func(t *testing.T) {
						before := dump(t, st)
						assert.ErrorIs(t, c.call(b, bad.text), c.want)
						assert.Equal(t, before, dump(t, st), "a refused call writes nothing")
					})
				}
			}
			mustPost(t, b, sale("C1", d(3, 2), "24.00"))
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// mustFirst returns the id of the book's first entry.
func (b *Book) mustFirst(t *testing.T) journal.ID {
	e, err := b.EntryByNumber(ctx, "VT/2026/00001")
	require.NoError(t, err)
	return e.ID
}

// Defect: a lock reason with invalid UTF-8 was stored, then every later
// post failed with ErrFormat reading the lock dates.
func TestBadLockReasonDoesNotStopPosts(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			before := dump(t, st)
			assert.ErrorIs(t, b.SetLockDate(ctx, LockGeneral, d(1, 31), "cl\xf4ture"), journal.ErrTextEncoding)
			assert.Equal(t, before, dump(t, st))
			x := mustPost(t, b, sale("C1", d(3, 1), "12.00"))
			got, err := b.Entry(ctx, x.ID)
			require.NoError(t, err)
			assert.Equal(t, x.Name(), got.Name())
			_, err = b.LockHistory(ctx)
			require.NoError(t, err)
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(1, 31), "clôture"))
			mustPost(t, b, sale("C1", d(3, 2), "12.00"))
		})
	}
}

// overflowX is the largest amount a currency.Amount holds in EUR (34
// digits).
const overflowX = "99999999999999999999999999999999.99"

// Defect: lines [+X, +X, −X] made Validate's running sum overflow, taken
// for an error reported elsewhere: the unbalanced entry was posted, and
// Check skipped the same overflow. It is refused now; and a book that holds
// one (written past validation) fails Check.
func TestOverflowingEntry(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			x := e(overflowX)
			in := journal.Entry{Journal: "OD", Date: d(3, 1), Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: x},
				{Account: "512000", Balance: x},
				{Account: "706000", Balance: x.Neg()},
			}}
			before := dump(t, st)
			_, err := b.Post(ctx, in)
			assert.ErrorIs(t, err, journal.ErrAmountTooLarge)
			assert.Equal(t, before, dump(t, st))

			// Check names the overflow of a book holding such an entry.
			b.strict = false
			require.NoError(t, b.Update(ctx, func(t *Tx) error {
				e := in.Clone()
				e.ID = journal.NewID()
				for i := range e.Lines {
					e.Lines[i].AmountCurrency = e.Lines[i].Balance
				}
				fy, err := t.FiscalYear(e.Date)
				if err != nil {
					return err
				}
				return t.write(&e, fy, fingerprint(&e))
			}))
			var ce *CheckError
			require.ErrorAs(t, b.Check(ctx), &ce)
			found := false
			for _, p := range ce.Problems {
				found = found || p.Invariant == 2 && strings.Contains(p.What, "overflow")
			}
			assert.True(t, found, "the book-wide sum's overflow is a problem: %v", ce)
		})
	}
}

// Defect: an amount of 34 digits was accepted one by one, then summed with
// a 1.00 post into an aggregate of 35 digits when the lag was indexed:
// every read, Check and update failed with currency.ErrTooLarge, and the
// acknowledged entries could not be read back. The large amount is refused
// at the door now, and the book stays usable.
func TestMaxAmountDoesNotBrick(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			before := dump(t, st)
			big := e(overflowX)
			_, err := b.Post(ctx, journal.Entry{Journal: "OD", Date: d(3, 1), Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: big}, {Account: "706000", Balance: big.Neg()}}})
			assert.ErrorIs(t, err, journal.ErrAmountTooLarge)
			assert.Equal(t, before, dump(t, st), "refused at the door: nothing written")

			one := mustPost(t, b, journal.Entry{Journal: "OD", Date: d(3, 1), Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("1.00")}, {Account: "706000", Balance: e("-1.00")}}})
			got, err := b.Entry(ctx, one.ID)
			require.NoError(t, err)
			assert.Equal(t, one.Name(), got.Name())
			_, err = b.EntryByNumber(ctx, one.Name())
			require.NoError(t, err)
			bal, err := b.Balance(ctx, BalanceQuery{Account: "411000"})
			require.NoError(t, err)
			assert.Equal(t, "1.00", bal.Balance.Plain())
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
			require.NoError(t, b.AddPartner(ctx, Partner{Code: "C7", Name: "after"}))
		})
	}
}

// Entries at exactly journal.AmountMinorUnitsMax, more than IndexLagMax of
// them on one account, posted one by one and in a batch large enough for
// the pipeline: every total they make reads back, and Check and Verify
// pass.
func TestLargestAmountsSum(t *testing.T) {
	max := currency.FromMinor(eur, journal.AmountMinorUnitsMax)
	entry := func() journal.Entry {
		return journal.Entry{Journal: "OD", Date: d(3, 1), Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: max}, {Account: "706000", Balance: max.Neg()}}}
	}
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			b.strict = false
			for range IndexLagMax + 10 {
				mustPost(t, b, entry())
			}
			batch := make([]journal.Entry, IndexLagMax+10)
			for i := range batch {
				batch[i] = entry()
			}
			res, err := b.PostBatch(ctx, batch, BatchOptions{AllOrNothing: true})
			require.NoError(t, err)
			require.NoError(t, res[len(res)-1].Err)
			n := big.NewInt(2 * (IndexLagMax + 10))
			minor := n.Mul(n, big.NewInt(journal.AmountMinorUnitsMax)).String()
			bal, err := b.Balance(ctx, BalanceQuery{Account: "411000", Partner: "C1"})
			require.NoError(t, err)
			assert.Equal(t, minor[:len(minor)-2]+"."+minor[len(minor)-2:], bal.Debit.Plain())
			tb, err := b.TrialBalance(ctx, d(12, 31))
			require.NoError(t, err)
			assert.True(t, tb.Total.Balance.IsZero())
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// The book refuses entries past BookEntriesMax, the bound every total
// relies on, and writes nothing.
func TestBookFull(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.strict = false
			first := mustPost(t, b, sale("C1", d(3, 1), "12.00"))
			// A book one entry from full: the counter and the log's last key
			// agree (a post compares them before it writes).
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
				v, err := tx.Get(bLog, seqKey(first.Seq))
				if err != nil {
					return err
				}
				if err := tx.Put(bLog, seqKey(BookEntriesMax-1), bytes.Clone(v)); err != nil {
					return err
				}
				return tx.Put(bCounter, []byte(ctrSeq), binary.BigEndian.AppendUint64(nil, BookEntriesMax-1))
			}))
			mustPost(t, b, sale("C1", d(3, 1), "12.00")) // the last one
			before := dump(t, st)
			_, err := b.Post(ctx, sale("C1", d(3, 1), "12.00"))
			assert.ErrorIs(t, err, ErrBookFull)
			res, err := b.PostBatch(ctx, []journal.Entry{sale("C1", d(3, 1), "12.00")}, BatchOptions{})
			require.NoError(t, err)
			assert.ErrorIs(t, res[0].Err, ErrBookFull)
			assert.Equal(t, before, dump(t, st))
		})
	}
}

// Found by FuzzConfig: a rate set on 9999-12-31 did not read back, since
// the lookup scanned up to the next day, which does not exist.
func TestRateOnLastDay(t *testing.T) {
	b := testBook(t, stores[0].Open(t))
	last := journal.MustDate(9999, 12, 31)
	require.NoError(t, b.SetRate(ctx, usd, last, currency.MustParseRate("1.25")))
	r, on, err := b.Rate(ctx, usd, last)
	require.NoError(t, err)
	assert.Equal(t, last, on)
	assert.Equal(t, "1.25", r.String())
}
