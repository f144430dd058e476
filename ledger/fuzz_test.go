package ledger

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// The fuzz targets of the ledger's entry points: entries (FuzzPost),
// batches (FuzzPostBatch) and configuration (FuzzConfig). Each builds a
// small book, decodes its input into the call's arguments, makes the call
// and asserts the book's promise: either a typed refusal and a store
// byte-identical to what it was, or success and then everything reads
// back — the entry by id and by number, with the texts and amounts given —,
// one more ordinary post succeeds, and Check and Verify find nothing.
//
// go test runs the seeds below and those in testdata/fuzz (the known bad
// inputs: invalid UTF-8, control characters, the overflowing X, the largest
// amounts, year 0). .ci/fuzz runs each target for a few seconds, longer
// with FUZZTIME.
//
// Inputs are text so that a seed reads as what it means. An entry is
// records separated by RS (0x1e), fields by US (0x1f): a header
// journal, date, type, document kind, ref, label, currency, caller id (1
// to 3 picks one of three ids, anything else none); then one record
// per line: account, partner, label, balance, currency amount, due date,
// tax role, and a tax snapshot (id, name, rate, exigibility, final and
// transition accounts). An amount is "12.50" in the company currency (for
// a balance) or the entry's (for a currency amount), or "12.50 USD"; an
// amount that does not parse is omitted. A batch is entries separated by GS
// (0x1d).

const (
	fuzzEntrySep = "\x1d"
	fuzzRecSep   = "\x1e"
	fuzzFieldSep = "\x1f"
)

// fuzzLinesMax bounds the lines a fuzzed entry decodes, and
// fuzzEntriesMax the entries of a fuzzed batch: larger inputs explore
// nothing more, only slower.
const (
	fuzzLinesMax   = 16
	fuzzEntriesMax = 8
)

// fuzzBook returns a book on memstore (under Twice) with the French chart,
// years 2026 and 2027, partners C1, C2 and S1, a USD rate, and two entries
// posted and indexed, so that a refused call finds no lag to index.
func fuzzBook(t testing.TB) (*Book, store.Store) {
	st := storetest.Backends[0].Open(t)
	b, err := Create(ctx, st, Options{Currency: eur, Clock: fixedClock()})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2026)))
	require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2027)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	for _, p := range []string{"C1", "C2", "S1"} {
		require.NoError(t, b.AddPartner(ctx, Partner{Code: p, Name: "Partner " + p}))
	}
	require.NoError(t, b.SetRate(ctx, usd, journal.MustDate(2026, 1, 1), currency.MustParseRate("1.20")))
	mustPost(t, b, sale("C1", d(2, 1), "120.00"))
	mustPost(t, b, receipt("C1", d(2, 2), "60.00"))
	require.NoError(t, b.Index(ctx))
	return b, st
}

// fuzzField returns field i of fs, "" past the end.
func fuzzField(fs []string, i int) string {
	if i < len(fs) {
		return fs[i]
	}
	return ""
}

// fuzzAmount reads "12.50" in c or "12.50 USD"; anything else is the
// unset Amount.
func fuzzAmount(s string, c currency.Currency) currency.Amount {
	if num, code, ok := strings.Cut(s, " "); ok {
		cur, err := currency.Lookup(code)
		if err != nil {
			return currency.Amount{}
		}
		s, c = num, cur
	}
	if c.IsZero() {
		return currency.Amount{}
	}
	a, err := currency.Parse(c, s)
	if err != nil {
		return currency.Amount{}
	}
	return a
}

// fuzzDate reads an ISO date, the zero Date when it does not parse. A
// date that parses is never the zero Date ("no date").
func fuzzDate(s string) journal.Date {
	dt, err := journal.ParseDate(s)
	if err == nil && dt.IsZero() {
		panic(fmt.Sprintf("ParseDate(%q) returned no date and no error", s))
	}
	return dt
}

func fuzzUint8(s string) uint8 {
	n, _ := strconv.ParseUint(s, 10, 8)
	return uint8(n)
}

// decodeEntry decodes an entry (see the format above).
func decodeEntry(spec string) journal.Entry {
	recs := strings.Split(spec, fuzzRecSep)
	h := strings.Split(recs[0], fuzzFieldSep)
	x := journal.Entry{Journal: fuzzField(h, 0), Date: fuzzDate(fuzzField(h, 1)), Type: journal.EntryType(fuzzUint8(fuzzField(h, 2))),
		DocKind: journal.DocKind(fuzzUint8(fuzzField(h, 3))), Ref: fuzzField(h, 4), Label: fuzzField(h, 5)}
	if c, err := currency.Lookup(fuzzField(h, 6)); err == nil {
		x.Currency = c
	}
	if n := fuzzUint8(fuzzField(h, 7)); n > 0 {
		x.ID = fuzzIDs[n%uint8(len(fuzzIDs))] // a caller id, shared by inputs that pick the same
	}
	cur := x.Currency
	if cur.IsZero() {
		cur = eur
	}
	for _, rec := range recs[1:min(len(recs), fuzzLinesMax+1)] {
		fs := strings.Split(rec, fuzzFieldSep)
		l := journal.Line{Account: fuzzField(fs, 0), Partner: fuzzField(fs, 1), Label: fuzzField(fs, 2),
			Balance: fuzzAmount(fuzzField(fs, 3), eur), AmountCurrency: fuzzAmount(fuzzField(fs, 4), cur),
			DueDate: fuzzDate(fuzzField(fs, 5)), TaxRole: tax.Role(fuzzUint8(fuzzField(fs, 6)))}
		if len(fs) > 7 {
			rate, _ := tax.ParsePercent(fuzzField(fs, 9))
			l.Taxes = []tax.Tax{{ID: fuzzField(fs, 7), Name: fuzzField(fs, 8), Rate: rate,
				Exigibility: tax.Exigibility(fuzzUint8(fuzzField(fs, 10))), FinalAccount: fuzzField(fs, 11),
				TransitionAccount: fuzzField(fs, 12)}}
		}
		x.Lines = append(x.Lines, l)
	}
	return x
}

// fuzzIDs are the caller ids a fuzzed entry may take.
var fuzzIDs = func() []journal.ID {
	var ids []journal.ID
	for _, s := range []string{"01900000-0000-7000-8000-000000000001", "01900000-0000-7000-8000-000000000002",
		"01900000-0000-7000-8000-000000000003"} {
		id, err := journal.ParseID(s)
		if err != nil {
			panic(err)
		}
		ids = append(ids, id)
	}
	return ids
}()

// entrySpec encodes an entry for a seed: header fields, then lines' fields.
func entrySpec(header []string, lines ...[]string) string {
	recs := []string{strings.Join(header, fuzzFieldSep)}
	for _, l := range lines {
		recs = append(recs, strings.Join(l, fuzzFieldSep))
	}
	return strings.Join(recs, fuzzRecSep)
}

// fuzzSeeds are ordinary entries, and the shapes the known defects took;
// testdata/fuzz holds the bad inputs themselves.
var fuzzSeeds = []string{
	entrySpec([]string{"VT", "2026-03-15", "1", "0", "F42", "Facture 42"},
		[]string{"411000", "C1", "Client", "1200.00", "", "2026-04-15"},
		[]string{"706000", "", "Prestation", "-1000.00"},
		[]string{"445710", "", "TVA", "-200.00", "", "", "2", "FR20", "TVA 20 %", "20", "0", "445710"}),
	entrySpec([]string{"VT", "2026-03-15", "1", "0", "", "", "USD"},
		[]string{"411000", "C1", "", "", "1200.00"},
		[]string{"706000", "", "", "", "-1200.00"}),
	entrySpec([]string{"BQD", "2026-03-20", "3", "0", "", "", "", "1"},
		[]string{"512000", "", "", "60.00"},
		[]string{"411000", "C1", "", "-60.00"}),
	entrySpec([]string{"OD", "2026-03-01"},
		[]string{"411000", "C1", "", "9999999999999999.99"},
		[]string{"706000", "", "", "-9999999999999999.99"}),
}

// ordinary is the post every fuzz target makes after its call: a book that
// still takes it, and reads it back, was not bricked by the call.
func ordinary() journal.Entry { return sale("C2", d(6, 15), "12.00") }

// FuzzPost posts one fuzzed entry.
func FuzzPost(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		b, st := fuzzBook(t)
		in := decodeEntry(spec)
		before := dump(t, st)
		res, err := b.Post(ctx, in)
		if err != nil {
			requireRefusal(t, err)
			require.Equal(t, before, dump(t, st), "a refused post wrote: %v", err)
			requireUsable(t, b)
			return
		}
		requireReadsBack(t, b, &in, res.Entry)
		if in.ID != journal.NoID {
			after := dump(t, st)
			again, err := b.Post(ctx, in)
			require.NoError(t, err, "the same entry again is a replay")
			require.True(t, again.Replay)
			require.Equal(t, render(res.Entry), render(again.Entry))
			require.Equal(t, after, dump(t, st), "a replay writes nothing")
		}
		requireUsable(t, b)
	})
}

// FuzzPostBatch posts a batch of fuzzed entries; long repeats the batch
// until it is large enough for the pipeline.
func FuzzPostBatch(f *testing.F) {
	f.Add(strings.Join(fuzzSeeds, fuzzEntrySep), false, false)
	f.Add(strings.Join(fuzzSeeds[:3], fuzzEntrySep), true, true)
	f.Add(fuzzSeeds[0]+fuzzEntrySep+entrySpec([]string{"VT", "2026-03-15"}), true, false)
	f.Add(fuzzSeeds[2]+fuzzEntrySep+fuzzSeeds[2]+fuzzEntrySep+fuzzSeeds[0], false, true)
	f.Fuzz(func(t *testing.T, spec string, allOrNothing, long bool) {
		b, st := fuzzBook(t)
		var in []journal.Entry
		for _, s := range strings.Split(spec, fuzzEntrySep)[:min(strings.Count(spec, fuzzEntrySep)+1, fuzzEntriesMax)] {
			in = append(in, decodeEntry(s))
		}
		for n := len(in); long && len(in) < IndexLagMax+1; {
			in = append(in, in[len(in)%n].Clone())
		}
		before := dump(t, st)
		results, err := b.PostBatch(ctx, in, BatchOptions{AllOrNothing: allOrNothing})
		require.NoError(t, err, "only a store failure fails a batch")
		require.Len(t, results, len(in))
		posted := 0
		for i, r := range results {
			if r.Err != nil {
				if !errors.Is(r.Err, ErrBatchAborted) {
					requireRefusal(t, r.Err)
				}
				continue
			}
			posted++
			requireReadsBack(t, b, &in[i], r.Entry)
		}
		if posted == 0 {
			require.Equal(t, before, dump(t, st), "a batch that posted nothing wrote")
		}
		requireUsable(t, b)
	})
}

// FuzzConfig makes up to four configuration calls: AddAccount, AddPartner,
// AddJournal, AddFiscalYear, SetRate, SetLockDate, SetAccountActive. A
// record's first field names the call, the others are its arguments.
func FuzzConfig(f *testing.F) {
	seeds := [][]string{
		{"account", "471900", "Attente bis", "10"},
		{"account", "512300", "Banque USD", "5", "1", "USD", "1"},
		{"partner", "C9", "Société Générale d'Électricité"},
		{"journal", "BQ2", "Banque 2", "3", "512000", "1", "512100", "512200"},
		{"year", "2028-01-01", "2028-12-31", ""},
		{"year", "2028-01-01", "2029-06-30", "2028-2029"},
		{"rate", "USD", "2026-06-01", "1.25"},
		{"rate", "JPY", "2026-06-01", "160"},
		{"lock", "0", "2026-01-31", "Clôture de janvier"},
		{"lock", "1", "2026-03-31", "Déclaration de TVA"},
		{"active", "706000", "0"},
		{"active", "706000", "1"},
	}
	for _, s := range seeds {
		f.Add(strings.Join(s, fuzzFieldSep))
	}
	f.Add(strings.Join(seeds[0], fuzzFieldSep) + fuzzRecSep + strings.Join(seeds[10], fuzzFieldSep))
	f.Fuzz(func(t *testing.T, spec string) {
		b, st := fuzzBook(t)
		for _, rec := range strings.Split(spec, fuzzRecSep)[:min(strings.Count(spec, fuzzRecSep)+1, 4)] {
			fuzzConfigCall(t, b, st, strings.Split(rec, fuzzFieldSep))
		}
		_, err := b.Post(ctx, ordinary())
		if err != nil && !errors.Is(err, ErrLocked) && !errors.Is(err, ErrInactiveAccount) {
			t.Fatalf("after configuration, an ordinary post fails: %v", err)
		}
		for _, read := range []func() error{
			func() error { _, err := b.Accounts(ctx); return err },
			func() error { _, err := b.FiscalYears(ctx); return err },
			func() error { _, err := b.LockHistory(ctx); return err },
			func() error { _, err := b.LockDates(ctx); return err },
			func() error { _, err := b.TrialBalance(ctx, d(12, 31)); return err },
		} {
			require.NoError(t, read())
		}
		require.NoError(t, b.Check(ctx))
		require.NoError(t, b.Verify(ctx))
	})
}

// fuzzConfigCall makes the configuration call fs names and asserts that it
// was refused with a typed error writing nothing, or reads back.
func fuzzConfigCall(t *testing.T, b *Book, st store.Store, fs []string) {
	arg := func(i int) string { return fuzzField(fs, i+1) }
	flag := func(i int) bool { return arg(i) == "1" }
	var call func() error
	var readBack func()
	switch fs[0] {
	case "account":
		a := Account{Code: arg(0), Name: arg(1), Kind: AccountKind(fuzzUint8(arg(2))), Reconcilable: flag(3), Active: flag(5)}
		a.Currency, _ = currency.Lookup(arg(4))
		call = func() error { return b.AddAccount(ctx, a) }
		readBack = func() {
			got, err := b.Account(ctx, a.Code)
			require.NoError(t, err)
			require.Equal(t, a, got)
		}
	case "partner":
		p := Partner{Code: arg(0), Name: arg(1)}
		call = func() error { return b.AddPartner(ctx, p) }
		readBack = func() {
			got, err := b.Partner(ctx, p.Code)
			require.NoError(t, err)
			require.Equal(t, p, got)
		}
	case "journal":
		j := Journal{Code: arg(0), Name: arg(1), Kind: JournalKind(fuzzUint8(arg(2))), BankAccount: arg(3),
			UsesOutstanding: flag(4), OutstandingReceipts: arg(5), OutstandingPayments: arg(6)}
		call = func() error { return b.AddJournal(ctx, j) }
		readBack = func() {
			got, err := b.Journal(ctx, j.Code)
			require.NoError(t, err)
			require.Equal(t, j, got)
		}
	case "year":
		y := FiscalYear{Start: fuzzDate(arg(0)), End: fuzzDate(arg(1)), Label: arg(2)}
		call = func() error { return b.AddFiscalYear(ctx, y) }
		readBack = func() {
			years, err := b.FiscalYears(ctx)
			require.NoError(t, err)
			last := years[len(years)-1]
			require.Equal(t, y.Start, last.Start)
			require.Equal(t, y.End, last.End)
			if y.Label != "" {
				require.Equal(t, y.Label, last.Label)
			}
		}
	case "rate":
		c, _ := currency.Lookup(arg(0))
		on := fuzzDate(arg(1))
		r, _ := currency.ParseRate(arg(2))
		call = func() error { return b.SetRate(ctx, c, on, r) }
		readBack = func() {
			got, at, err := b.Rate(ctx, c, on)
			require.NoError(t, err)
			require.Equal(t, on, at)
			require.True(t, r.Equal(got), "rate %s read back as %s", r, got)
		}
	case "lock":
		kind := LockKind(fuzzUint8(arg(0)))
		on := fuzzDate(arg(1))
		call = func() error { return b.SetLockDate(ctx, kind, on, arg(2)) }
		readBack = func() {
			hist, err := b.LockHistory(ctx)
			require.NoError(t, err)
			last := hist[len(hist)-1]
			require.Equal(t, LockChange{Kind: kind, Date: on, At: last.At, Reason: arg(2)}, last)
		}
	case "active":
		active := flag(1)
		call = func() error { return b.SetAccountActive(ctx, arg(0), active) }
		readBack = func() {
			got, err := b.Account(ctx, arg(0))
			require.NoError(t, err)
			require.Equal(t, active, got.Active)
		}
	default:
		return
	}
	before := dump(t, st)
	if err := call(); err != nil {
		requireTypedConfig(t, err)
		require.Equal(t, before, dump(t, st), "a refused %s call wrote: %v", fs[0], err)
		return
	}
	readBack()
}

// requireRefusal fails unless err is one by which Post turns down an input
// without writing.
func requireRefusal(t *testing.T, err error) {
	t.Helper()
	if !isRefusal(err) {
		t.Fatalf("not a documented refusal: %v", err)
	}
}

// configErrors are the errors the configuration calls document.
var configErrors = []error{ErrCode, ErrAccountCode, ErrKind, ErrDuplicate, ErrUnknownAccount, ErrFiscalYear, ErrNoFiscalYear, ErrRate,
	journal.ErrText, journal.ErrNoDate, currency.ErrRateNotPositive}

func requireTypedConfig(t *testing.T, err error) {
	t.Helper()
	for _, want := range configErrors {
		if errors.Is(err, want) {
			return
		}
	}
	t.Fatalf("not a documented configuration error: %v", err)
}

// requireReadsBack asserts that a posted entry reads back, by id and by
// number, as Post returned it, with the caller's texts and given amounts.
func requireReadsBack(t *testing.T, b *Book, in *journal.Entry, posted journal.Entry) {
	t.Helper()
	got, err := b.Entry(ctx, posted.ID)
	require.NoError(t, err, "a posted entry reads back by id")
	require.Equal(t, render(posted), render(got))
	byNumber, err := b.EntryByNumber(ctx, posted.Name())
	require.NoError(t, err, "a posted entry reads back by number %q", posted.Name())
	require.Equal(t, posted.ID, byNumber.ID)
	require.Equal(t, in.Ref, got.Ref)
	require.Equal(t, in.Label, got.Label)
	require.Len(t, got.Lines, len(in.Lines))
	for i, l := range in.Lines {
		g := got.Lines[i]
		require.Equal(t, l.Label, g.Label)
		require.Equal(t, l.Account, g.Account)
		require.Equal(t, l.Partner, g.Partner)
		if l.Balance.IsSet() {
			require.True(t, l.Balance.Equal(g.Balance), "line %d balance %s stored as %s", i, l.Balance, g.Balance)
		}
		if l.AmountCurrency.IsSet() {
			require.True(t, l.AmountCurrency.Equal(g.AmountCurrency), "line %d amount %s stored as %s", i, l.AmountCurrency, g.AmountCurrency)
		}
		require.Equal(t, render(l.Taxes), render(g.Taxes))
	}
}

// requireUsable asserts that the book still takes an ordinary post, reads
// it back, and passes Check and Verify.
func requireUsable(t *testing.T, b *Book) {
	t.Helper()
	in := ordinary()
	res, err := b.Post(ctx, in)
	require.NoError(t, err, "an ordinary post")
	requireReadsBack(t, b, &in, res.Entry)
	require.NoError(t, b.Check(ctx))
	require.NoError(t, b.Verify(ctx))
}

// render prints a value with its amounts, dates and rates as text: two
// renderings are equal when the values are.
func render(v any) string { return fmt.Sprintf("%+v", v) }
