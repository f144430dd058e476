package ledger

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

var (
	ctx = context.Background()
	eur = currency.MustLookup("EUR")
	usd = currency.MustLookup("USD")
)

func e(s string) currency.Amount { return currency.MustParse(eur, s) }
func u(s string) currency.Amount { return currency.MustParse(usd, s) }

// stores are the backends every test runs on (storetest.Backends).
//
// The package's longest tests call t.Parallel, so that two run at once on
// a machine with two cores; a test that changes a setting every book of
// the process reads (lowerBatchIndexLag, borrowEntryIDs, chainWroteBytes)
// must not: Go runs the parallel tests after all the others, never beside
// them.
var stores = storetest.Backends

// fixedClock ticks one second per call from a fixed instant; handles of
// one book may call it at once.
func fixedClock() func() time.Time {
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
}

// testBook returns a strict book with the French chart, years 2026 and 2027,
// partners C1, C2 and S1, and a USD rate.
func testBook(t testing.TB, st store.Store) *Book {
	t.Helper()
	b, err := Create(ctx, st, Options{Currency: eur, Clock: fixedClock(), Strict: true})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2026)))
	require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2027)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	for _, p := range []string{"C1", "C2", "S1"} {
		require.NoError(t, b.AddPartner(ctx, Partner{Code: p, Name: "Partner " + p}))
	}
	require.NoError(t, b.SetRate(ctx, usd, journal.MustDate(2026, 1, 1), currency.MustParseRate("1.20")))
	return b
}

func d(m time.Month, day int) journal.Date { return journal.MustDate(2026, m, day) }

// sale is an invoice of ttc to partner p, with 20 % VAT.
func sale(p string, date journal.Date, ttc string) journal.Entry {
	total := e(ttc)
	ht, _ := currency.Divide(eur, total.Decimal(), currency.MustParseRate("1.2").Decimal(), currency.HalfAwayFromZero)
	vat, _ := total.Sub(ht)
	return journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: p, Balance: total},
		{Account: "706000", Balance: ht.Neg()},
		{Account: "445710", Balance: vat.Neg()},
	}}
}

func receipt(p string, date journal.Date, amount string) journal.Entry {
	return journal.Entry{Journal: "BQD", Date: date, Type: journal.TypePayment, Lines: []journal.Line{
		{Account: "512000", Balance: e(amount)},
		{Account: "411000", Partner: p, Balance: e(amount).Neg()},
	}}
}

// allBuckets lists every bucket the ledger writes, for dumps and Check
// coverage.
var allBuckets = [][]byte{bMeta, bFiscal, bLock, bClose, bAccount, bActive, bPartner, bPData, bJournal, bRate, bUnit, bLog, bEntry, bEntryRun, bCounter,
	bPartial, bMatch, bLettering, bOp, bReversed, ixNumber, ixLines, ixPLines, ixAgg, ixAggDay, ixAggYears, ixLine, ixDocument,
	ixOpen, ixCode, ixHead, ixOrigin, bEvent, bConfigChain, bLetterChain, ixChained}

// dump renders the whole store, to prove a rejected operation wrote nothing.
func dump(t testing.TB, st store.Store) string {
	var b strings.Builder
	require.NoError(t, st.View(ctx, func(tx store.Tx) error {
		b.Reset()
		for _, bk := range allBuckets {
			if err := tx.Scan(bk, nil, nil, false, func(k, v []byte) error {
				fmt.Fprintf(&b, "%s %x %x\n", bk, k, v)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	}))
	return b.String()
}

func mustPost(t testing.TB, b *Book, x journal.Entry) journal.Entry {
	t.Helper()
	res, err := b.Post(ctx, x)
	require.NoError(t, err)
	return res.Entry
}

func contextWithCancel() (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }

// rawEntrySeq returns the log key the id index holds for id, reading a
// store transaction directly: the run at or before id, else id's own key.
func rawEntrySeq(tx store.Tx, id journal.ID) ([]byte, error) {
	var seq uint64
	err := tx.Scan(bEntryRun, nil, append(bytes.Clone(id[:]), 0), true, func(k, v []byte) error {
		err := expandEntryRun(k, v, func(x []byte, s uint64) error {
			if bytes.Equal(x, id[:]) {
				seq = s
			}
			return nil
		})
		if err != nil {
			return err
		}
		return errStop
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	if seq != 0 {
		return seqKey(seq), nil
	}
	return tx.Get(bEntry, id[:])
}

// rawDropEntryID removes id from the id index, rewriting the run that holds
// it without it (the ids after it, if any, become a run of their own), or
// deleting its own key.
func rawDropEntryID(tx store.Tx, id journal.ID) error {
	var runKey, runVal []byte
	err := tx.Scan(bEntryRun, nil, append(bytes.Clone(id[:]), 0), true, func(k, v []byte) error {
		runKey, runVal = bytes.Clone(k), bytes.Clone(v)
		return errStop
	})
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	type idSeq struct {
		id  []byte
		seq uint64
	}
	var before, after []idSeq
	found := false
	if runKey != nil {
		err := expandEntryRun(runKey, runVal, func(x []byte, s uint64) error {
			switch {
			case bytes.Equal(x, id[:]):
				found = true
			case found:
				after = append(after, idSeq{bytes.Clone(x), s})
			default:
				before = append(before, idSeq{bytes.Clone(x), s})
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if !found {
		if _, err := tx.Get(bEntry, id[:]); err != nil {
			return err
		}
		return tx.Delete(bEntry, id[:])
	}
	if err := tx.Delete(bEntryRun, runKey); err != nil {
		return err
	}
	for _, part := range [][]idSeq{before, after} {
		if len(part) == 0 {
			continue
		}
		v := binary.AppendUvarint(nil, part[0].seq)
		for i := 1; i < len(part); i++ {
			v = appendRunID(v, part[i-1].id, part[i].id, part[i-1].seq, part[i].seq)
		}
		if err := tx.Put(bEntryRun, part[0].id, v); err != nil {
			return err
		}
	}
	return nil
}

// documentType is the type of a sales document debiting its customer by
// a: an invoice, or a credit note when a is negative (a document runs the
// way of its type).
func documentType(a currency.Amount) journal.EntryType {
	if a.Sign() < 0 {
		return journal.TypeCreditNote
	}
	return journal.TypeInvoice
}
