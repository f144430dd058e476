package ledger

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"github.com/lettrage/lettrage/internal/lettercode"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixture is a book with one of everything Check reads: an invoice half
// paid (a live partial), an invoice paid and matched, an invoice whose
// match and partial were undone (tombstones), a reversal, a USD invoice, a
// generated entry, an event, a counter of the layer above, operation
// records and a lock date.
type fixture struct {
	st                     store.Store
	b                      *Book
	inv, pay, inv2, p2     journal.Entry
	inv3, p3, mistake, rev journal.Entry
	usdInv, gen            journal.Entry
	part1, part2, part3    journal.Partial
	m2, m3                 journal.Match
	op1, op2, op3, opUndo  journal.ID
	fy                     FiscalYear
}

func newFixture(t *testing.T, s storetest.Backend) fixture {
	t.Helper()
	st := s.Open(t)
	b := testBook(t, st)
	b.strict = false // checked once, below: the table builds hundreds of fixtures
	f := fixture{st: st, b: b, op1: journal.NewID(), op2: journal.NewID(), op3: journal.NewID(), opUndo: journal.NewID()}
	runs := checkLookupRuns.Load()
	f.inv = mustPost(t, b, sale("C1", d(3, 1), "1200.00"))
	f.pay = mustPost(t, b, receipt("C1", d(3, 5), "600.00"))
	f.inv2 = mustPost(t, b, sale("C2", d(3, 2), "120.00"))
	f.p2 = mustPost(t, b, receipt("C2", d(3, 6), "120.00"))
	f.inv3 = mustPost(t, b, sale("C1", d(3, 3), "60.00"))
	f.p3 = mustPost(t, b, receipt("C1", d(3, 7), "60.00"))
	f.mistake = mustPost(t, b, receipt("C2", d(3, 7), "1.00"))
	res, err := b.Reverse(ctx, f.mistake.ID, ReverseOptions{})
	require.NoError(t, err)
	f.rev = res.Entry
	f.usdInv = mustPost(t, b, journal.Entry{Journal: "VT", Date: d(3, 4), Type: journal.TypeInvoice, Currency: usd,
		Lines: []journal.Line{{Account: "411000", Partner: "C2", AmountCurrency: u("120.00")}, {Account: "706000", AmountCurrency: u("-120.00")}}})
	require.NoError(t, b.Update(ctx, func(tx *Tx) error {
		var err error
		if f.part1, err = tx.putPartial(allocation(f.inv.LineRef(0), f.pay.LineRef(1), "600.00", d(3, 5), f.op1)); err != nil {
			return err
		}
		if err := tx.recordOperation(f.op1, []byte("op1"), nil); err != nil {
			return err
		}
		if f.part2, err = tx.putPartial(allocation(f.inv2.LineRef(0), f.p2.LineRef(1), "120.00", d(3, 6), f.op2)); err != nil {
			return err
		}
		if _, err := tx.nextCounter(lettercode.Counter("411000", "C2")); err != nil { // AAA
			return err
		}
		if err := tx.advanceCounter(lettercode.Counter("411000", "C1"), 2); err != nil { // AAB, retired below
			return err
		}
		if f.m2, err = tx.putMatch(journal.Match{Code: "AAA", Account: "411000", Partner: "C2", Operation: f.op2,
			Lines: []journal.LineRef{f.inv2.LineRef(0), f.p2.LineRef(1)}, Partials: []journal.ID{f.part2.ID}, Date: d(3, 6)}); err != nil {
			return err
		}
		if err := tx.recordOperation(f.op2, []byte("op2"), nil); err != nil {
			return err
		}
		if f.part3, err = tx.putPartial(allocation(f.inv3.LineRef(0), f.p3.LineRef(1), "60.00", d(3, 7), f.op3)); err != nil {
			return err
		}
		if f.m3, err = tx.putMatch(journal.Match{Code: "AAB", Account: "411000", Partner: "C1", Operation: f.op3,
			Lines: []journal.LineRef{f.inv3.LineRef(0), f.p3.LineRef(1)}, Partials: []journal.ID{f.part3.ID}, Date: d(3, 7)}); err != nil {
			return err
		}
		if err := tx.recordOperation(f.op3, []byte("op3"), nil); err != nil {
			return err
		}
		if _, err := tx.appendEvent(f.inv.ID, "mark", []byte("paid by hand")); err != nil {
			return err
		}
		f.gen, _, err = tx.postGenerated(journal.Entry{Journal: "OD", Date: d(3, 5), Type: journal.TypeWriteOff, Origin: f.op1,
			Lines: []journal.Line{{Account: "658000", Balance: e("1.00")}, {Account: "512000", Balance: e("-1.00")}}})
		return err
	}))
	require.NoError(t, b.Update(ctx, func(tx *Tx) error {
		if _, err := tx.undoMatch(f.m3.ID, f.opUndo); err != nil {
			return err
		}
		if _, err := tx.undoPartial(f.part3.ID, f.opUndo); err != nil {
			return err
		}
		return tx.recordOperation(f.opUndo, []byte("undo"), nil)
	}))
	require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(2, 28), "February closed"))
	require.NoError(t, b.View(ctx, func(tx *Tx) error {
		f.fy, err = tx.FiscalYear(d(1, 1))
		return err
	}))
	require.NoError(t, b.Check(ctx))
	require.NoError(t, b.Verify(ctx))
	// A sound book matches every index digest: Check never had to look
	// keys up one by one.
	require.Equal(t, runs, checkLookupRuns.Load(), "a sound book fell back to key-by-key lookups")
	return f // not strict: tests corrupt the book and call Check themselves
}

// allocation is a partial of amount (EUR) between a debit and a credit line.
func allocation(debit, credit journal.LineRef, amount string, date journal.Date, op journal.ID) journal.Partial {
	return journal.Partial{Debit: debit, Credit: credit, Amount: e(amount), DebitAmountCurrency: e(amount),
		CreditAmountCurrency: e(amount), Date: date, Kind: journal.KindPayment, Operation: op}
}

// raw runs fn in a store transaction behind the book's back, as damage or
// an attacker would.
func (f fixture) raw(t *testing.T, fn func(tx store.Tx) error) {
	t.Helper()
	require.NoError(t, f.st.Update(ctx, fn))
}

// put stores value under key behind the book's back. A partial's or a
// match's value goes after the chain pointer the record already holds (an
// edit of the value alone), or a zero one (a record added).
func (f fixture) put(t *testing.T, bucket, key, value []byte) {
	t.Helper()
	f.raw(t, func(tx store.Tx) error {
		if inlinePointer(bucket) {
			ptr := make([]byte, chainPtrSize)
			if old, err := tx.Get(bucket, key); err == nil && len(old) >= chainPtrSize {
				copy(ptr, old)
			}
			return tx.Put(bucket, bytes.Clone(key), append(ptr, value...))
		}
		return tx.Put(bucket, bytes.Clone(key), bytes.Clone(value))
	})
}

func (f fixture) del(t *testing.T, bucket, key []byte) {
	t.Helper()
	f.raw(t, func(tx store.Tx) error {
		if _, err := tx.Get(bucket, key); err != nil {
			return fmt.Errorf("deleting %s %x: %w", bucket, key, err)
		}
		return tx.Delete(bucket, key)
	})
}

// edit rewrites the record under key by decoding it into rec, calling fn
// and encoding it again.
func edit[T any](t *testing.T, f fixture, bucket, key []byte, fn func(*T)) {
	t.Helper()
	f.raw(t, func(tx store.Tx) error {
		v, err := tx.Get(bucket, key)
		if err != nil {
			return err
		}
		var rec T
		if err := decode(v, &rec); err != nil {
			return err
		}
		fn(&rec)
		return tx.Put(bucket, bytes.Clone(key), encode(rec))
	})
}

// editPartial rewrites the record of partial id behind the book's back,
// as fn changes it.
func editPartial(t *testing.T, f fixture, id journal.ID, fn func(*journal.Partial)) {
	t.Helper()
	var p journal.Partial
	require.NoError(t, f.b.View(ctx, func(tx *Tx) error {
		var err error
		p, err = tx.storedPartial(id)
		return err
	}))
	fn(&p)
	f.put(t, bPartial, id[:], appendPartialValue(nil, &p, f.b.company))
}

// editState rewrites the stored state of line i of x behind the book's
// back, as fn changes it: a line with none starts from its own amounts.
func editState(t *testing.T, f fixture, x *journal.Entry, i int, fn func(*lineState)) {
	t.Helper()
	st := lineState{residual: Residual{Balance: x.Lines[i].Balance, AmountCurrency: x.Lines[i].AmountCurrency}}
	require.NoError(t, f.b.View(ctx, func(tx *Tx) error {
		got, stored, err := tx.storedLineState(x, i)
		if stored {
			st = got
		}
		return err
	}))
	fn(&st)
	f.put(t, ixLine, lineStateKey(x, i), appendLineState(nil, &st))
}

// putResidual stores a residual for line i of x behind the book's back.
func putResidual(t *testing.T, f fixture, x *journal.Entry, i int, bal, cur currency.Amount) {
	t.Helper()
	editState(t, f, x, i, func(st *lineState) { st.residual = Residual{Balance: bal, AmountCurrency: cur} })
}

// editMatch rewrites the record of match id behind the book's back, as fn
// changes it.
func editMatch(t *testing.T, f fixture, id journal.ID, fn func(*journal.Match)) {
	t.Helper()
	var m journal.Match
	require.NoError(t, f.b.View(ctx, func(tx *Tx) error {
		var err error
		m, err = tx.Match(id)
		return err
	}))
	fn(&m)
	f.put(t, bMatch, id[:], appendMatchValue(nil, &m))
}

func (f fixture) rewriteEntry(t *testing.T, id journal.ID, edit func(r *entryRec), rehash bool) {
	t.Helper()
	f.rechain(t, id, edit, rehash, nil)
}

// rechain edits the record of entry id and stores it: with its old hash,
// which no longer matches, unless rehash; re-hashed, chained to the hash
// of the entry before it in its journal, or to other when set.
func (f fixture) rechain(t *testing.T, id journal.ID, edit func(r *entryRec), rehash bool, other []byte) {
	t.Helper()
	f.raw(t, func(tx store.Tx) error {
		seq, err := rawEntrySeq(tx, id)
		require.NoError(t, err)
		v, err := tx.Get(bLog, seq)
		require.NoError(t, err)
		_, raw := storedLog(t, tx, seq, v)
		r, err := decodeLogRecord(raw)
		require.NoError(t, err)
		prev := other
		if prev == nil {
			logs, err := storedLogReader(tx)
			require.NoError(t, err)
			require.NoError(t, tx.Scan(bLog, nil, seq, false, func(k, w []byte) error {
				_, raw, err := logs.open(k, w)
				if err != nil {
					return nil
				}
				if o, err := decodeLogRecord(raw); err == nil && o.Journal == r.Journal {
					prev = bytes.Clone(o.Hash)
				}
				return nil
			}))
		}
		edit(&r)
		nv, _ := logValue(&r, prev)
		if !rehash {
			copy(nv[:logHeader], r.Hash) // the old hash, which no longer matches
		}
		return tx.Put(bLog, bytes.Clone(seq), nv)
	})
}

func (f fixture) lineKey(x journal.Entry, i int) []byte {
	return lineKey(x.Lines[i].Account, x.Date, x.Seq, i)
}

func (f fixture) lineViewOf(x journal.Entry, i int) lineView {
	return lineView{Entry: idBytes(x.ID), Index: i, Date: x.Date.Key(), Journal: x.Journal, FY: x.FiscalYear,
		Number: x.Number, Seq: x.Seq, Currency: x.Currency.Code(), Line: lineRecOf(&x.Lines[i])}
}

func (f fixture) openKey(x journal.Entry, i int) []byte {
	return openKey(x.Lines[i].Account, x.Lines[i].Partner, x.Date, x.Seq, i)
}

// mustFind returns the problem of invariant inv whose place or description
// contains every one of words, failing the test when there is none.
func mustFind(t *testing.T, err error, inv int, words ...string) Problem {
	t.Helper()
	var ce *CheckError
	require.ErrorAs(t, err, &ce)
	for _, p := range ce.Problems {
		if p.Invariant != inv {
			continue
		}
		text := p.Where + ": " + p.What
		found := true
		for _, w := range words {
			found = found && strings.Contains(text, w)
		}
		if found {
			return p
		}
	}
	t.Fatalf("no problem of invariant %d naming %q in:\n%s", inv, words, problemList(ce))
	return Problem{}
}

func problemList(ce *CheckError) string {
	var b strings.Builder
	for _, p := range ce.Problems {
		fmt.Fprintf(&b, "  %s\n", p)
	}
	return b.String()
}

func invariants(err error) []int {
	ce, ok := err.(*CheckError)
	if !ok {
		return nil
	}
	var out []int
	for _, p := range ce.Problems {
		out = append(out, p.Invariant)
	}
	return out
}

// TestCheckFindsCorruption damages one stored value or key at a time,
// through the store, and asserts that Check names it: every record kind
// and every index.
func TestCheckFindsCorruption(t *testing.T) {
	t.Parallel()
	type damage struct {
		name    string
		corrupt func(t *testing.T, f fixture)
		inv     int
		words   func(f fixture) []string // what the problem must name
	}
	words := func(w ...string) func(fixture) []string { return func(fixture) []string { return w } }
	tests := []damage{
		// The log.
		{"1 unbalanced entry", func(t *testing.T, f fixture) {
			f.rewriteEntry(t, f.inv.ID, func(r *entryRec) { r.Lines[1].Balance = "-999.00"; r.Lines[1].AmountCurrency = "-999.00" }, true)
		}, 1, words("VT/2026/00001")},
		{"1 non-canonical amount", func(t *testing.T, f fixture) {
			f.rewriteEntry(t, f.inv.ID, func(r *entryRec) { r.Lines[1].Balance = "-1000.0" }, true)
		}, 1, words("not canonical")},
		{"2 log record deleted", func(t *testing.T, f fixture) { f.del(t, bLog, seqKey(f.pay.Seq)) }, 2, words("gap")},
		{"2 posting sequence counter", func(t *testing.T, f fixture) {
			f.put(t, bCounter, []byte(ctrSeq), u64(nil, 99))
		}, 2, words("posting sequence", "99")},
		{"3 content changed under its hash", func(t *testing.T, f fixture) {
			f.rewriteEntry(t, f.pay.ID, func(r *entryRec) { r.Label = "edited after posting" }, false)
		}, 3, func(f fixture) []string { return []string{f.pay.ID.String(), "content does not match its hash"} }},
		{"3 link to another previous hash", func(t *testing.T, f fixture) {
			f.rechain(t, f.pay.ID, func(*entryRec) {}, true, bytes.Repeat([]byte{1}, 32))
		}, 3, words("previous entry's hash")},
		{"3 journal head is not its last entry", func(t *testing.T, f fixture) {
			f.put(t, ixHead, []byte("VT"), make([]byte, 32))
		}, 3, words("journal VT", "head hash")},
		{"3 reversal does not mirror", func(t *testing.T, f fixture) {
			f.rewriteEntry(t, f.rev.ID, func(r *entryRec) { r.Lines[0].Account = "530000" }, true)
		}, 3, words("does not mirror")},
		{"4 numbering gap", func(t *testing.T, f fixture) {
			f.rewriteEntry(t, f.inv2.ID, func(r *entryRec) { r.Number = 7 }, true)
		}, 4, words("number 7")},
		{"4 counter ahead", func(t *testing.T, f fixture) {
			f.put(t, bCounter, []byte(numberCounter("VT", f.fy)), u64(nil, 9))
		}, 4, words("VT 2026", "counter is 9")},

		// The id, number, line, origin and reversal indexes.
		{"2 id index points to another entry", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error {
				if err := rawDropEntryID(tx, f.pay.ID); err != nil {
					return err
				}
				return tx.Put(bEntry, f.pay.ID[:], seqKey(f.inv.Seq))
			})
		}, 2, words("BQD/2026/00001", "id index")},
		{"2 id index holds an id twice", func(t *testing.T, f fixture) {
			f.put(t, bEntry, f.pay.ID[:], seqKey(f.inv.Seq))
		}, 2, words("id index key", "stray", "the log holds entry")},
		{"2 id index key missing", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error { return rawDropEntryID(tx, f.pay.ID) })
		}, 2, words("BQD/2026/00001", "id index")},
		{"2 id index run out of order", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error {
				// A run whose second id sorts before its first.
				lo, hi := journal.NewID(), journal.NewID()
				return tx.Put(bEntryRun, hi[:], appendRunID(binary.AppendUvarint(nil, f.inv.Seq), hi[:], lo[:], f.inv.Seq, f.pay.Seq))
			})
		}, 2, words("id index run key", "does not decode", "out of order")},
		{"2 id index run holds a stray id", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error {
				id := journal.NewID()
				return tx.Put(bEntryRun, id[:], binary.AppendUvarint(nil, f.inv.Seq))
			})
		}, 2, words("id index key", "stray", "the log holds entry")},
		{"2 stray id index key", func(t *testing.T, f fixture) {
			id := journal.NewID()
			f.put(t, bEntry, id[:], seqKey(f.inv.Seq))
		}, 2, words("id index key", "stray")},
		{"2 number index points to another entry", func(t *testing.T, f fixture) {
			f.put(t, ixNumber, numberKey("VT", f.fy.Start, 1), binary.AppendUvarint(nil, f.inv2.Seq))
		}, 2, words("VT/2026/00001", "number index")},
		{"2 stray number index key", func(t *testing.T, f fixture) {
			f.put(t, ixNumber, numberKey("VT", f.fy.Start, 99), binary.AppendUvarint(nil, f.inv.Seq))
		}, 2, words("number index key", "stray")},
		{"2 line index block naming lines the log lacks", func(t *testing.T, f fixture) {
			v := f.lineViewOf(f.inv, 1)
			v.Line.Balance, v.Line.AmountCurrency = "-100.00", "-100.00"
			f.put(t, ixLines, f.lineKey(f.inv, 1), encode(v)) // a line view, as an older layout stored, read as a block
		}, 2, words("line index key", "stray", "the log has no entry")},
		{"2 line index key missing", func(t *testing.T, f fixture) { f.del(t, ixLines, f.lineKey(f.inv, 1)) }, 2,
			words("VT/2026/00001", "line index has no key")},
		{"2 stray line index key", func(t *testing.T, f fixture) {
			f.put(t, ixLines, lineKey("706000", d(3, 9), f.inv.Seq, 7), encode(f.lineViewOf(f.inv, 1)))
		}, 2, words("line index key", "stray")},
		{"2 partner line index block that does not decode", func(t *testing.T, f fixture) {
			f.put(t, ixPLines, partnerLineKey("C1", "411000", f.inv.Date, f.inv.Seq, 0), []byte{0x80})
		}, 2, words("partner line index key", "does not decode")},
		{"2 line index key pointing at another line", func(t *testing.T, f fixture) {
			f.put(t, ixLines, lineKey("706000", f.inv.Date, f.inv.Seq, 0), nil)
		}, 2, words("line index key", "stray")},
		{"2 partner line index key missing", func(t *testing.T, f fixture) {
			f.del(t, ixPLines, partnerLineKey("C1", "411000", f.inv.Date, f.inv.Seq, 0))
		}, 2, words("partner line index has no key")},
		{"2 stray partner line index key", func(t *testing.T, f fixture) {
			f.put(t, ixPLines, partnerLineKey("C2", "411000", f.inv.Date, f.inv.Seq, 0), encode(f.lineViewOf(f.inv, 0)))
		}, 2, words("partner line index key", "stray")},
		{"2 origin index key missing", func(t *testing.T, f fixture) { f.del(t, ixOrigin, originKey(f.op1, f.gen.ID)) }, 2,
			words("OD/2026/00001", "origin index")},
		{"2 stray origin index key", func(t *testing.T, f fixture) {
			f.put(t, ixOrigin, originKey(journal.NewID(), f.inv.ID), nil)
		}, 2, words("origin index key", "stray")},
		{"2 stray document index key", func(t *testing.T, f fixture) {
			f.put(t, ixDocument, originKey(f.inv.ID, f.gen.ID), nil)
		}, 2, words("document index key", "stray")},
		{"3 unit of account added outside the chain", func(t *testing.T, f fixture) {
			f.put(t, bUnit, []byte("GOLD"), encode(unitRec{Code: "GOLD", Digits: 3}))
		}, 3, words(`unit "GOLD"`, "written outside the chain")},
		{"2 unit of account under another code", func(t *testing.T, f fixture) {
			f.put(t, bUnit, []byte("GOLD"), encode(unitRec{Code: "SILVER", Digits: 3}))
		}, 2, words(`unit "GOLD"`, "holds unit SILVER")},
		{"3 reversal link missing", func(t *testing.T, f fixture) { f.del(t, bReversed, f.mistake.ID[:]) }, 3,
			words("reversal index does not link")},
		{"3 stray reversal link", func(t *testing.T, f fixture) { f.put(t, bReversed, f.inv.ID[:], f.pay.ID[:]) }, 3,
			words("reversal index key", "does not reverse")},

		// Aggregates.
		{"2 month aggregate disagrees", func(t *testing.T, f fixture) {
			f.put(t, ixAgg, periodAggKey("706000", "", "", aggMonth, aggPeriod(aggMonth, d(3, 1))), aggValue("0.00", "999.00"))
		}, 2, words("aggregate of 706000 for month 2026-03", "stored 0.00 EUR / 999.00 EUR")},
		{"2 month aggregate disagrees in the text form", func(t *testing.T, f fixture) {
			f.put(t, ixAgg, periodAggKey("706000", "", "", aggMonth, aggPeriod(aggMonth, d(3, 1))), encode(aggRec{Debit: "0.00", Credit: "999.00"}))
		}, 2, words("aggregate of 706000 for month 2026-03", "stored 0.00 EUR / 999.00 EUR")},
		{"2 binary month aggregate tampered by a byte", func(t *testing.T, f fixture) {
			k := periodAggKey("706000", "", "", aggMonth, aggPeriod(aggMonth, d(3, 1)))
			f.raw(t, func(tx store.Tx) error {
				v, err := tx.Get(ixAgg, k)
				if err != nil {
					return err
				}
				if !bytes.Equal(v, []byte{aggBinary, 0, 0xc8, 0xd0, 0x07}) { // no debit, a credit of 1250.00
					return fmt.Errorf("month aggregate %x: not the binary form of a credit of 1250.00", v)
				}
				v = bytes.Clone(v)
				v[2]++ // one cent more of credit
				return tx.Put(ixAgg, k, v)
			})
		}, 2, words("aggregate of 706000 for month 2026-03", "stored 0.00 EUR / 1250.01 EUR", "its lines give 0.00 EUR / 1250.00 EUR")},
		{"2 binary aggregate cut short", func(t *testing.T, f fixture) {
			f.put(t, ixAgg, periodAggKey("706000", "", "", aggYear, 2026), []byte{aggBinary, 0})
		}, 2, words("aggregate of 706000 for year 2026", "does not decode")},
		{"2 binary aggregate with its currency amount cut off", func(t *testing.T, f fixture) {
			f.put(t, ixAgg, periodAggKey("411000", "C2", "USD", aggMonth, 202603), aggValue("100.00", "0.00"))
		}, 2, words("aggregate of 411000 partner C2 in USD for month 2026-03", "does not decode")},
		{"2 aggregate of the right amounts in the text form", func(t *testing.T, f fixture) {
			k := periodAggKey("706000", "", "", aggMonth, aggPeriod(aggMonth, d(3, 1)))
			f.raw(t, func(tx store.Tx) error {
				v, err := tx.Get(ixAgg, k)
				if err != nil {
					return err
				}
				a, err := decodeAgg(v, eur, currency.Currency{})
				if err != nil {
					return err
				}
				return tx.Put(ixAgg, k, encode(a.rec()))
			})
		}, 2, words("aggregate of 706000 for month 2026-03", "holds its amounts as a2", "the book writes them as 01")},
		{"2 year aggregate missing", func(t *testing.T, f fixture) {
			f.del(t, ixAgg, periodAggKey("706000", "", "", aggYear, 2026))
		}, 2, words("aggregate of 706000 for year 2026", "missing")},
		{"2 partner month aggregate missing", func(t *testing.T, f fixture) {
			f.del(t, ixAgg, periodAggKey("411000", "C1", "", aggMonth, 202603))
		}, 2, words("aggregate of 411000 partner C1 for month 2026-03", "missing")},
		{"2 partner aggregate in USD disagrees", func(t *testing.T, f fixture) {
			f.put(t, ixAgg, periodAggKey("411000", "C2", "USD", aggMonth, 202603), aggValue("100.00", "0.00", u("999.00")))
		}, 2, words("aggregate of 411000 partner C2 in USD for month 2026-03")},
		{"2 partner year aggregate that does not decode", func(t *testing.T, f fixture) {
			f.put(t, ixAgg, periodAggKey("411000", "C1", "", aggYear, 2026), []byte{0x80})
		}, 2, words("aggregate of 411000 partner C1 for year 2026", "does not decode")},
		{"2 month aggregate nothing contributes to", func(t *testing.T, f fixture) {
			f.put(t, ixAgg, periodAggKey("411000", "C9", "", aggMonth, 202603), aggValue("1.00", "0.00"))
		}, 2, words("aggregate index key", "stray", "aggregate of 411000 partner C9 for month 2026-03", "no line contributes")},
		{"2 year aggregate of a year without lines", func(t *testing.T, f fixture) {
			f.put(t, ixAgg, periodAggKey("706000", "", "", aggYear, 2027), aggValue("1.00", "0.00"))
		}, 2, words("aggregate of 706000 for year 2027", "no line contributes")},
		{"2 aggregate stored under the partner-first layout", func(t *testing.T, f fixture) {
			f.put(t, ixAgg, aggKey("706000", "", "", aggYear, 2026), aggValue("0.00", "1000.00"))
		}, 2, words("aggregate index key", "stray")},
		{"2 malformed aggregate key", func(t *testing.T, f fixture) {
			f.put(t, ixAgg, []byte("706000"), aggValue("0.00", "1.00"))
		}, 2, words("aggregate index key", "stray", "malformed")},
		{"2 aggregate years missing", func(t *testing.T, f fixture) {
			f.del(t, ixAggYears, aggYearsKey("411000", "C1", ""))
		}, 2, words("aggregate years of 411000 partner C1", "missing", "2026 to 2026")},
		{"2 aggregate years disagree", func(t *testing.T, f fixture) {
			f.put(t, ixAggYears, aggYearsKey("706000", "", ""), aggYearsValue(2026, 2027))
		}, 2, words("aggregate years of 706000", "stored 2026 to 2027", "from 2026 to 2026")},
		{"2 aggregate years that do not decode", func(t *testing.T, f fixture) {
			f.put(t, ixAggYears, aggYearsKey("411000", "C2", "USD"), aggYearsValue(2027, 2026))
		}, 2, words("aggregate years of 411000 partner C2 in USD", "does not decode")},
		{"2 stray aggregate years", func(t *testing.T, f fixture) {
			f.put(t, ixAggYears, aggYearsKey("411000", "C9", ""), aggYearsValue(2026, 2026))
		}, 2, words("aggregate years index key", "stray", "aggregate years of 411000 partner C9", "no line contributes")},
		{"2 day aggregate disagrees", func(t *testing.T, f fixture) {
			f.put(t, ixAggDay, dayAggKey("706000", "", "", d(3, 1).Key()), aggValue("0.00", "999.00"))
		}, 2, words("aggregate of 706000 for day 2026-03-01")},
		{"2 day aggregate missing", func(t *testing.T, f fixture) {
			f.del(t, ixAggDay, dayAggKey("411000", "", "", d(3, 1).Key()))
		}, 2, words("aggregate of 411000 for day 2026-03-01", "missing")},
		{"2 day aggregate nothing contributes to", func(t *testing.T, f fixture) {
			f.put(t, ixAggDay, dayAggKey("706000", "", "", d(3, 9).Key()), aggValue("0.00", "1.00"))
		}, 2, words("aggregate of 706000 for day 2026-03-09", "no line contributes")},
		// A partner's day movements are read from its lines: a stored day
		// aggregate of a partner is a stray, even one its lines agree with.
		{"2 partner day aggregate stored", func(t *testing.T, f fixture) {
			f.put(t, ixAggDay, dayAggKey("411000", "C1", "", d(3, 1).Key()), aggValue("1200.00", "0.00"))
		}, 2, words("aggregate of 411000 partner C1 for day 2026-03-01", "day aggregates are not stored")},
		{"2 partner day aggregate nothing contributes to", func(t *testing.T, f fixture) {
			f.put(t, ixAggDay, dayAggKey("706000", "C9", "", d(3, 1).Key()), aggValue("0.00", "1.00"))
		}, 2, words("aggregate of 706000 partner C9", "day aggregates are not stored")},

		// Residuals, open items and the lettering indexes.
		{"5 residual disagrees with partials", func(t *testing.T, f fixture) {
			putResidual(t, f, &f.inv, 0, e("700.00"), e("700.00"))
		}, 5, words("stored residual 700.00")},
		{"5 residual stored on a line no partial touched, wrong", func(t *testing.T, f fixture) {
			putResidual(t, f, &f.usdInv, 0, e("-1.00"), u("-1.00"))
		}, 5, words("flipped sign")},
		{"5 residual stored for a line of a non-reconcilable account", func(t *testing.T, f fixture) {
			putResidual(t, f, &f.inv, 1, e("-1000.00"), e("-1000.00"))
		}, 5, words("line-state index key", "not on a reconcilable account")},
		{"5 open item missing", func(t *testing.T, f fixture) { f.del(t, ixOpen, f.openKey(f.inv, 0)) }, 5,
			words("open-items index says open=false")},
		{"5 stray open item on a matched line", func(t *testing.T, f fixture) { f.put(t, ixOpen, f.openKey(f.p2, 1), nil) }, 5,
			words("open-items index says open=true")},
		{"5 live-partial key missing", func(t *testing.T, f fixture) {
			editState(t, f, &f.inv, 0, func(st *lineState) {
				st.live = slices.DeleteFunc(st.live, func(id journal.ID) bool { return id == f.part1.ID })
			})
		}, 5, func(f fixture) []string { return []string{"partial " + f.part1.ID.String(), "live-partial index"} }},
		{"5 stray live-partial key of an undone partial", func(t *testing.T, f fixture) {
			editState(t, f, &f.inv3, 0, func(st *lineState) { st.live = append(st.live, f.part3.ID) })
		}, 5, words("line-state index lists partial", "undone")},
		{"7 matched key missing", func(t *testing.T, f fixture) {
			editState(t, f, &f.inv2, 0, func(st *lineState) { st.match = journal.NoID })
		}, 7,
			words("match AAA", "not indexed as matched")},
		{"7 matched key names another match", func(t *testing.T, f fixture) {
			editState(t, f, &f.inv2, 0, func(st *lineState) { st.match = f.m3.ID })
		}, 7, words("match AAA", "not indexed as matched")},
		{"7 stray matched key", func(t *testing.T, f fixture) {
			editState(t, f, &f.inv, 0, func(st *lineState) { st.match = f.m2.ID })
		}, 7, words("line-state index holds it in match", "does not hold it")},
		{"7 code key missing", func(t *testing.T, f fixture) { f.del(t, ixCode, codeKey("411000", "C2", "AAA")) }, 7,
			words("match AAA on 411000 C2", "not reserved")},
		{"7 stray code key", func(t *testing.T, f fixture) { f.put(t, ixCode, codeKey("411000", "C1", "ZZZ"), f.m2.ID[:]) }, 7,
			words("letter-code index key", "holds code AAA")},

		// Lettering records.
		{"3 partial altered outside its chain", func(t *testing.T, f fixture) {
			editPartial(t, f, f.part1.ID, func(p *journal.Partial) {
				p.Amount, p.DebitAmountCurrency, p.CreditAmountCurrency = e("500.00"), e("500.00"), e("500.00")
			})
		}, 3, func(f fixture) []string {
			return []string{"partial " + f.part1.ID.String(), "altered outside the chain"}
		}},
		{"5 partial altered: residuals disagree", func(t *testing.T, f fixture) {
			editPartial(t, f, f.part1.ID, func(p *journal.Partial) {
				p.Amount, p.DebitAmountCurrency, p.CreditAmountCurrency = e("500.00"), e("500.00"), e("500.00")
			})
		}, 5, words("stored residual 600.00", "gives 700.00")},
		{"3 partial deleted", func(t *testing.T, f fixture) { f.del(t, bPartial, f.part1.ID[:]) }, 3,
			func(f fixture) []string { return []string{"partial " + f.part1.ID.String(), "missing"} }},
		{"3 undone partial brought back to life", func(t *testing.T, f fixture) {
			editPartial(t, f, f.part3.ID, func(p *journal.Partial) { p.UndoneBy, p.UndoneAt = journal.NoID, time.Time{} })
		}, 3, func(f fixture) []string { return []string{"partial " + f.part3.ID.String(), "altered"} }},
		{"6 partial across accounts", func(t *testing.T, f fixture) {
			p := journal.Partial{ID: journal.NewID(), Debit: f.pay.LineRef(0), Credit: f.inv.LineRef(1), Kind: journal.KindPayment,
				Amount: e("1.00"), DebitAmountCurrency: e("1.00"), CreditAmountCurrency: e("1.00"), Date: d(3, 5)}
			f.put(t, bPartial, p.ID[:], appendPartialValue(nil, &p, f.b.company))
		}, 6, words("links lines of 512000")},
		{"6 partial names an unrecorded operation", func(t *testing.T, f fixture) {
			editPartial(t, f, f.part1.ID, func(p *journal.Partial) { p.Operation = journal.NewID() })
		}, 6, words("not recorded")},
		{"6 partial with half a tombstone", func(t *testing.T, f fixture) {
			editPartial(t, f, f.part3.ID, func(p *journal.Partial) { p.UndoneAt = time.Time{} })
		}, 6, words("tombstone is incomplete")},
		{"7 match deleted", func(t *testing.T, f fixture) { f.del(t, bMatch, f.m2.ID[:]) }, 7,
			func(f fixture) []string {
				return []string{"letter-code index key", fmt.Sprintf("%x", f.m2.ID[:]), "does not exist"}
			}},
		{"7 match over an open line", func(t *testing.T, f fixture) {
			m := journal.Match{ID: journal.NewID(), Code: "AAC", Account: "411000", Partner: "C1",
				Lines: []journal.LineRef{f.inv.LineRef(0)}, Date: d(3, 5)}
			f.put(t, ixCode, codeKey("411000", "C1", "AAC"), m.ID[:])
			f.put(t, bMatch, m.ID[:], appendMatchValue(nil, &m))
		}, 7, words("match AAC", "has residual 600.00")},
		{"7 duplicate code", func(t *testing.T, f fixture) {
			m := journal.Match{ID: journal.NewID(), Code: "AAA", Account: "411000", Partner: "C2",
				Lines: []journal.LineRef{f.inv2.LineRef(0)}, Date: d(3, 5), UndoneBy: f.opUndo, UndoneAt: f.m2.CreatedAt}
			f.put(t, bMatch, m.ID[:], appendMatchValue(nil, &m))
		}, 7, words("match AAA", "duplicate code")},
		{"7 live match over an undone partial", func(t *testing.T, f fixture) {
			editMatch(t, f, f.m2.ID, func(m *journal.Match) { m.Partials = []journal.ID{f.part3.ID} })
		}, 7, words("match AAA", "undone")},
		{"3 operation record deleted", func(t *testing.T, f fixture) { f.del(t, bOp, f.op2[:]) }, 3,
			func(f fixture) []string { return []string{"operation record " + f.op2.String(), "missing"} }},
		{"3 event deleted", func(t *testing.T, f fixture) { f.del(t, bEvent, u64(bytes.Clone(f.inv.ID[:]), 1)) }, 3,
			words("event 1 of", "missing")},
		{"3 counter of the layer above changed", func(t *testing.T, f fixture) {
			f.put(t, bCounter, []byte(ctrUser+lettercode.Counter("411000", "C2")), u64(nil, 0))
		}, 3, words("lettercode", "altered")},
		{"8 generated entry without origin", func(t *testing.T, f fixture) {
			f.rewriteEntry(t, f.gen.ID, func(r *entryRec) { r.Origin = idBytes(journal.NewID()) }, true)
		}, 8, words("OD/2026/00001", "neither a partial nor an operation")},
		{"8 entry generated by an undone partial, not reversed", func(t *testing.T, f fixture) {
			f.rewriteEntry(t, f.gen.ID, func(r *entryRec) { r.Origin = idBytes(f.part3.ID) }, true)
		}, 8, words("OD/2026/00001", "undone but it is not reversed")},

		// Configuration.
		{"3 lock-date change deleted", func(t *testing.T, f fixture) { f.del(t, bLock, u64(nil, 1)) }, 3,
			words("lock-date change 1", "missing")},
		{"2 lock-date history shorter than its counter", func(t *testing.T, f fixture) { f.del(t, bLock, u64(nil, 1)) }, 2,
			words("lock-date history", "holds 0 changes")},
		{"3 account kind changed", func(t *testing.T, f fixture) {
			edit(t, f, bAccount, []byte("411000"), func(r *accountRec) { r.Kind = uint8(KindIncome) })
		}, 3, words(`account "411000"`, "altered")},
		{"3 fiscal year changed", func(t *testing.T, f fixture) {
			edit(t, f, bFiscal, u32(nil, f.fy.Start.Key()), func(r *fiscalRec) { r.Label = "FY26" })
		}, 3, words("fiscal year starting 2026-01-01", "altered")},
		{"3 rate changed", func(t *testing.T, f fixture) {
			f.put(t, bRate, rateKey(usd, journal.MustDate(2026, 1, 1)), []byte("1.1"))
		}, 3, words("rate of USD on 2026-01-01", "altered")},
		{"3 company currency changed", func(t *testing.T, f fixture) {
			edit(t, f, bMeta, metaKey, func(r *bookRec) { r.Currency = "USD" })
		}, 3, words("book meta record", "altered")},
		{"2 company currency changed", func(t *testing.T, f fixture) {
			edit(t, f, bMeta, metaKey, func(r *bookRec) { r.Currency = "USD" })
		}, 2, words("book meta record", "currency USD")},
		{"3 account added outside the chain", func(t *testing.T, f fixture) {
			f.put(t, bAccount, []byte("999000"), encode(accountRecOf(NewAccount("999000", "Hidden", KindOther))))
		}, 3, words(`account "999000"`, "written outside the chain")},
		{"3 configuration chain record altered", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error {
				v, err := tx.Get(bConfigChain, seqKey(2))
				if err != nil {
					return err
				}
				v = bytes.Clone(v)
				v[len(v)-1] ^= 1
				return tx.Put(bConfigChain, seqKey(2), v)
			})
		}, 3, words("config chain", "record 2", "does not match its hash")},
		{"3 configuration chain record deleted", func(t *testing.T, f fixture) { f.del(t, bConfigChain, seqKey(2)) }, 3,
			words("config chain", "where record 2 was expected")},
		{"3 rolled back behind the chain index", func(t *testing.T, f fixture) {
			// An attacker restores the partial as it was made, live, and
			// points the chain index at the record that made it: a later
			// record undid it.
			var made uint64
			var hash []byte
			f.raw(t, func(tx store.Tx) error {
				return tx.Scan(bLetterChain, nil, nil, false, func(k, v []byte) error {
					rec, _, _, err := decodeChainValue(v)
					if err != nil {
						return err
					}
					return eachWrite(rec.Writes, func(w chainWrite) error {
						if made == 0 && bytes.Equal(w.Bucket, bPartial) && bytes.Equal(w.Key, f.part3.ID[:]) {
							made, hash = rec.Seq, bytes.Clone(w.Hash)
						}
						return nil
					})
				})
			})
			require.NotZero(t, made)
			live := f.part3
			live.UndoneBy, live.UndoneAt = journal.NoID, time.Time{}
			f.raw(t, func(tx store.Tx) error { // with the pointer it had then
				return tx.Put(bPartial, bytes.Clone(f.part3.ID[:]), appendPartialValue(append(seqKey(made), hash...), &live, f.b.company))
			})
		}, 3, func(f fixture) []string {
			return []string{"partial " + f.part3.ID.String(), "indexed as last written by the earlier record"}
		}},
		{"3 partner renamed", func(t *testing.T, f fixture) {
			edit(t, f, bPartner, []byte("C1"), func(r *partnerRec) { r.Name = "Someone else" })
		}, 3, words(`partner "C1"`, "altered")},
		{"3 journal deleted", func(t *testing.T, f fixture) { f.del(t, bJournal, []byte("OD")) }, 3,
			words(`journal "OD"`, "missing")},
		{"2 journal deleted: its entries have none", func(t *testing.T, f fixture) { f.del(t, bJournal, []byte("OD")) }, 2,
			words("OD/2026/00001", `journal "OD" does not exist`)},
		{"2 counter the book does not keep", func(t *testing.T, f fixture) { f.put(t, bCounter, []byte("stray"), u64(nil, 1)) }, 2,
			words(`counter "stray"`)},
		{"2 greatest entry id lowered", func(t *testing.T, f fixture) { f.put(t, bCounter, []byte(ctrIDTop), f.inv.ID[:]) }, 2,
			func(f fixture) []string { return []string{"entry ids", "its counter says " + f.inv.ID.String()} }},
		{"2 greatest entry id of 8 bytes", func(t *testing.T, f fixture) { f.put(t, bCounter, []byte(ctrIDTop), u64(nil, 1)) }, 2,
			words(`counter "idtop"`, "holds 8 bytes")},
	}
	for _, s := range stores {
		for _, tt := range tests {
			t.Run(s.Name+"/"+tt.name, func(t *testing.T) {
				f := newFixture(t, s)
				tt.corrupt(t, f)
				err := f.b.Check(ctx)
				require.Error(t, err)
				mustFind(t, err, tt.inv, tt.words(f)...)
			})
		}
	}
}

func TestTamperOneByte(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			mustPost(t, b, sale("C1", d(3, 1), "1200.00"))
			target := mustPost(t, b, receipt("C1", d(3, 5), "600.00"))
			mustPost(t, b, receipt("C1", d(3, 6), "600.00"))
			// Flip one byte of the stored account of the second receipt
			// entry's journal: the bytes of "512000" become "512001".
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
				v, err := tx.Get(bLog, seqKey(target.Seq))
				require.NoError(t, err)
				v = bytes.Clone(v)
				i := bytes.Index(v, []byte("512000"))
				require.Positive(t, i)
				v[i+5] = '1'
				return tx.Put(bLog, seqKey(target.Seq), v)
			}))
			err := b.Verify(ctx)
			var ve *VerifyError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "BQD", ve.Journal)
			assert.Equal(t, target.ID.String(), ve.Entry)
			assert.Equal(t, "BQD/2026/00001", ve.Number)
			assert.Contains(t, invariants(b.Check(ctx)), 3)
		})
	}
}

// TestCheckLineIndexValue: the line indexes are keys, stored in blocks (a
// key and the lines after it on the same day). A block that claims a line
// stored under a later key lists that line twice — Lines sums too much
// while the balance, from the aggregates, is right — and Check reports the
// block running past the next key. (When the index held a copy of each
// line, a changed copy made Lines sum to another amount than the balance
// and Check counted keys only.)
func TestCheckLineIndexValue(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			x := mustPost(t, b, receipt("C1", d(3, 5), "792.43"))
			_, err := b.Balance(ctx, BalanceQuery{Account: "512000"}) // indexes x in its own block
			require.NoError(t, err)
			y := mustPost(t, b, receipt("C2", d(3, 5), "100.00"))
			_, err = b.Balance(ctx, BalanceQuery{Account: "512000"})
			require.NoError(t, err)
			b.strict = false
			block := binary.AppendUvarint(binary.AppendUvarint(nil, y.Seq-x.Seq), 0)
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
				return tx.Put(ixLines, lineKey("512000", x.Date, x.Seq, 0), block)
			}))

			sum := e("0.00")
			for item, err := range b.Lines(ctx, LineFilter{Account: "512000"}) {
				require.NoError(t, err)
				sum, err = sum.Add(item.Line.Balance)
				require.NoError(t, err)
			}
			bal, err := b.Balance(ctx, BalanceQuery{Account: "512000"})
			require.NoError(t, err)
			require.Equal(t, "992.43", sum.Plain(), "y listed twice")
			require.Equal(t, "892.43", bal.Balance.Plain())

			err = b.Check(ctx)
			p := mustFind(t, err, 2, "line index key", "past this key")
			t.Log(p)
		})
	}
}

// TestCheckDeletedMatch is defect 8's second case: a deleted match record
// went unnoticed.
func TestCheckDeletedMatch(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			f.del(t, bMatch, f.m2.ID[:])
			err := f.b.Check(ctx)
			mustFind(t, err, 7, "AAA", "does not exist")
			mustFind(t, err, 3, "match "+f.m2.ID.String(), "missing")
			var ve *VerifyError
			require.ErrorAs(t, f.b.Verify(ctx), &ve)
			assert.Equal(t, ChainLettering, ve.Chain)
			assert.Equal(t, "match "+f.m2.ID.String(), ve.Key)
		})
	}
}

// TestPostRefusesDamagedHead: a journal head that is not a hash is not
// chained onto: the post is refused with ErrFormat and writes nothing, a
// single post and a batch alike; Check names the head.
func TestPostRefusesDamagedHead(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			f.put(t, ixHead, []byte("VT"), []byte("short"))
			before := bucketDump(t, f.st, bLog)
			_, err := f.b.Post(ctx, sale("C1", d(3, 9), "10.00"))
			require.ErrorIs(t, err, ErrFormat)
			assert.Contains(t, err.Error(), "head of journal VT")
			_, err = f.b.PostBatch(ctx, []journal.Entry{sale("C1", d(3, 9), "10.00"), sale("C2", d(3, 9), "20.00")}, BatchOptions{})
			require.ErrorIs(t, err, ErrFormat)
			assert.Equal(t, before, bucketDump(t, f.st, bLog), "nothing logged")
			mustFind(t, f.b.Check(ctx), 3, "journal VT", "head hash")
		})
	}
}

// TestPostWithoutJournalRefused: an entry naming no journal is refused as
// invalid input, alone or in a batch whose other entries post; the head
// check must not take its empty code to the store.
func TestPostWithoutJournalRefused(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			x := sale("C1", d(3, 9), "10.00")
			x.Journal = ""
			_, err := b.Post(ctx, x)
			var ve *journal.ValidationError
			require.ErrorAs(t, err, &ve)
			res, err := b.PostBatch(ctx, []journal.Entry{x, sale("C1", d(3, 9), "10.00")}, BatchOptions{})
			require.NoError(t, err)
			require.ErrorAs(t, res[0].Err, &ve)
			require.NoError(t, res[1].Err)
		})
	}
}

// TestCheckProblemsBounded damages every line of a book: Check lists
// CheckProblemsMax problems and counts the rest.
func TestCheckProblemsBounded(t *testing.T) {
	st := stores[0].Open(t)
	b := testBook(t, st)
	b.strict = false
	batch := make([]journal.Entry, 400)
	for i := range batch {
		batch[i] = sale("C1", d(1, 1+i%28), "12.00")
	}
	_, err := b.PostBatch(ctx, batch, BatchOptions{AllOrNothing: true})
	require.NoError(t, err)
	require.NoError(t, b.Check(ctx))
	require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
		var keys [][]byte
		if err := tx.Scan(ixLines, nil, nil, false, func(k, v []byte) error {
			keys = append(keys, bytes.Clone(k))
			return nil
		}); err != nil {
			return err
		}
		for _, k := range keys {
			if err := tx.Delete(ixLines, k); err != nil {
				return err
			}
		}
		return nil
	}))
	var ce *CheckError
	require.ErrorAs(t, b.Check(ctx), &ce)
	assert.Len(t, ce.Problems, CheckProblemsMax)
	assert.Positive(t, ce.Omitted)
	assert.Contains(t, ce.Error(), fmt.Sprintf("%d problem(s) and %d more", CheckProblemsMax, ce.Omitted))
}

func TestCanonicalRate(t *testing.T) {
	for _, s := range []string{"1.2", "1.25", "0.5", "100", "1000000", "0.0001", "12345.678"} {
		assert.True(t, canonicalRate([]byte(currency.MustParseRate(s).String())), s)
	}
	for _, s := range []string{"0", "00.1", "1.20", "-1", "1.", ".5", "1e5", "", "0.0", "01"} {
		assert.False(t, canonicalRate([]byte(s)), s)
	}
}
