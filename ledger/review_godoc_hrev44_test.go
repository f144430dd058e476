package ledger

import (
	"slices"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev44SmallBook is a strict book whose chart has no result account
// (neither class 120 nor class 129): 411000, 512000 and 706000, a sales
// journal, years 2026 and 2027 and one customer.
func hrev44SmallBook(t *testing.T, b *Book) {
	t.Helper()
	require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2026)))
	require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2027)))
	require.NoError(t, b.InstallChart(ctx, []Account{
		NewAccount("411000", "Clients", KindReceivable),
		NewAccount("512000", "Banque", KindBank),
		NewAccount("706000", "Ventes", KindIncome),
	}))
	require.NoError(t, b.AddJournal(ctx, Journal{Code: "VT", Name: "Ventes", Kind: JournalSale}))
	require.NoError(t, b.AddPartner(ctx, Partner{Code: "C1", Name: "Client"}))
}

// Was failing, fixed in the doc (the row with Account "" comes last, as
// in TrialBalance): Book.Opening said "the rows, in account then partner order, sum to
// zero", and OpeningRow.Account is "" for an earlier result in a book
// without result accounts; "" sorts before every code, but Opening appends
// that row after the accounts' rows. TrialBalance documents the same row as
// coming last ("accounts with movements by code, then any EarlierResultName
// row"): the code is probably right and Opening's doc should say "then the
// row with Account "" ".
func TestHrev44OpeningEarlierResultRowOrder(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b, err := Create(ctx, s.Open(t), Options{Currency: eur, Clock: fixedClock(), Strict: true})
			require.NoError(t, err)
			hrev44SmallBook(t, b)
			mustPost(t, b, journal.Entry{Journal: "VT", Date: d(6, 30), Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("100.00")},
				{Account: "706000", Balance: e("-100.00")},
			}})
			rows, err := b.Opening(ctx, "2027")
			require.NoError(t, err)
			require.Len(t, rows, 2, "the receivable of C1 and the 2026 profit on a row with Account \"\"")
			assert.Equal(t, "", rows[len(rows)-1].Account, "the earlier result's row last")
			rows = rows[:len(rows)-1]
			assert.True(t, slices.IsSortedFunc(rows, func(a, b OpeningRow) int {
				if c := strings.Compare(a.Account, b.Account); c != 0 {
					return c
				}
				return strings.Compare(a.Partner, b.Partner)
			}), "rows in account then partner order: %+v", rows)
		})
	}
}

// Was failing, fixed: the doc now says a filter names an account or a
// partner, and Lines says so with ErrFilter (the period's lines are
// Entries'; no index reads every line by date). LineFilter documented each field as optional ("Account: account
// code; empty means any", "Partner: partner code; empty means any"), and
// Book.Lines documents no error for a filter; a filter with neither an
// account nor a partner (every line between two dates, a journal listing
// by date) stops at once with ErrUnknownAccount ("Lines needs an account
// or a partner"), a sentinel that names no unknown account. Either the doc
// should say an account or a partner is required (and which error says
// so), or the filter should select every line.
func TestHrev44LinesFilterWithoutAccountOrPartner(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			mustPost(t, b, sale("C1", d(1, 5), "120.00"))
			mustPost(t, b, receipt("C1", d(1, 6), "120.00"))
			for _, err := range b.Lines(ctx, LineFilter{From: d(1, 1), To: d(1, 31)}) {
				assert.ErrorIs(t, err, ErrFilter)
				assert.NotErrorIs(t, err, ErrUnknownAccount, "no account is unknown")
			}
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				_, err := tx.Lines(LineFilter{From: d(1, 1)})
				assert.ErrorIs(t, err, ErrFilter)
				return nil
			}))
		})
	}
}

// Was failing, fixed: PostResult.Err is documented as "why this entry was not posted",
// and Post fills it for a refusal (an unknown journal: res.Err and the
// returned error are the same); with a ctx cancelled before the commit Post
// returns ctx.Err() as documented, but the PostResult it returns has Err nil
// and no entry: a caller that reads res.Err, as it must for PostBatch,
// takes the entry for posted.
func TestHrev44PostCancelledResultErr(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			c, cancel := contextWithCancel()
			cancel()
			res, err := b.Post(c, sale("C1", d(1, 5), "120.00"))
			require.ErrorIs(t, err, c.Err())
			assert.ErrorIs(t, res.Err, c.Err(), "PostResult.Err: why this entry was not posted")
		})
	}
}

// Was failing, fixed (a result per entry, each saying ErrBatchTooLarge): PostBatch "posts many entries in one transaction and returns a
// result per entry", and on a store failure or a cancelled ctx "every
// result says ErrBatchAborted"; a batch over BatchEntriesMax returns
// ErrBatchTooLarge with a nil slice instead, so a caller that reads
// results[i] for entries[i] (as the doc invites) panics. Either a result per
// entry saying ErrBatchTooLarge, or the doc should say the slice is nil.
func TestHrev44BatchTooLargeResultPerEntry(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			entries := make([]journal.Entry, BatchEntriesMax+1)
			res, err := b.PostBatch(ctx, entries, BatchOptions{})
			require.ErrorIs(t, err, ErrBatchTooLarge)
			require.Len(t, res, len(entries), "a result per entry")
			assert.ErrorIs(t, res[0].Err, ErrBatchTooLarge)
		})
	}
}
