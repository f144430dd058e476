package ledger

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

var codecSeedFlag = flag.Uint64("codecseed", 0, "seed of TestAppendEntryRecMatchesEncMode (0: from the clock)")

// TestAppendEntryRecMatchesEncMode: the hand-written encoder gives, byte
// for byte, what the reflection encoder (encMode, the reference) gives for
// random records: every field empty or not, nil and empty byte strings and
// arrays, integers at each boundary of their encoded length, negative
// numbers and times, long and non-ASCII text, lines with and without taxes;
// and for the records of random entries, foreign or not, as logged and as
// fingerprinted.
func TestAppendEntryRecMatchesEncMode(t *testing.T) {
	t.Parallel()
	seed := *codecSeedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("replay with: go test ./ledger -run TestAppendEntryRecMatchesEncMode -codecseed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	for i := 0; i < 5000; i++ {
		r := randomEntryRec(rng)
		want, err := encMode.Marshal(&r)
		require.NoError(t, err)
		got := appendEntryRec(nil, &r)
		require.Equal(t, want, got, "record %d: %#v", i, r)
		// Appended after other bytes, as logValue does.
		prefix := []byte{1, 2, 3}
		require.Equal(t, append(prefix, want...), appendEntryRec(bytes.Clone(prefix), &r), "record %d", i)
	}
	for i := 0; i < 2000; i++ {
		e := randomCodecEntry(rng)
		for _, r := range []entryRec{entryRecOf(&e), logRecordOf(&e, []byte{1, 2, 3})} {
			want, err := encMode.Marshal(&r)
			require.NoError(t, err)
			require.Equal(t, want, appendEntryRec(nil, &r), "entry %d", i)
		}
		rec := logRecordOf(&e, nil)
		v, h := logValue(&rec, nil)
		want, err := encMode.Marshal(&rec)
		require.NoError(t, err)
		require.Equal(t, want, v[logHeader:], "entry %d", i)
		require.Equal(t, h[:], v[:logHeader], "entry %d", i)
	}
}

// TestAppendEntryMatchesRecord: the record written straight from an entry
// is the one its entryRec gives, for the fingerprint's form and the log's
// (input, compaction), on random entries (-codecseed).
func TestAppendEntryMatchesRecord(t *testing.T) {
	seed := *codecSeedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("replay with: go test ./ledger -run TestAppendEntryMatchesRecord -codecseed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed^0xe17))
	for i := 0; i < 5000; i++ {
		e := randomCodecEntry(rng)
		rec := entryRecOf(&e)
		got := appendEntry([]byte{9}, &e, nil, false)
		require.Equal(t, append([]byte{9}, appendEntryRec(nil, &rec)...), got, "entry %d", i)
		input := make([]byte, rng.IntN(40))
		for k := range input {
			input[k] = byte(rng.Uint32())
		}
		rec = logRecordOf(&e, input)
		got = appendEntry(nil, &e, input, true)
		require.Equal(t, appendEntryRec(nil, &rec), got, "entry %d", i)
	}
}

// TestLogPutsChainHash: the hash logPuts writes, computed in place over
// the value's header, is chainHash of the journal's previous hash and the
// record, for a journal's first entry (no previous hash) and the others.
func TestLogPutsChainHash(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for i := 0; i < 200; i++ {
		e := randomCodecEntry(rng)
		var prev []byte
		if i%3 != 0 {
			prev = make([]byte, sha256.Size)
			for k := range prev {
				prev[k] = byte(rng.Uint32())
			}
		}
		e.Seq = 1 // logged plain, and the first of a dictionary
		lv, err := logValueOf(&e, []byte{1, 2}, &logPacker{build: newLogDictBuilder()}, nil)
		require.NoError(t, err)
		puts, head := logPuts(nil, &e, lv, prev)
		v := puts[0].v
		want := chainHash(sha256.New(), prev, v[logHeader:])
		require.Equal(t, want[:], v[:logHeader], "entry %d", i)
		require.Equal(t, want[:], head, "entry %d", i)
		require.Equal(t, want, e.Hash, "entry %d", i)
		require.True(t, recordIntact(sha256.New(), prev, v), "entry %d", i)
		if prev != nil {
			require.False(t, recordIntact(sha256.New(), nil, v), "entry %d: the same record after another hash", i)
		}
	}
}

// codecInts are integers at each boundary of CBOR's encoded lengths.
var codecInts = []uint64{0, 1, 23, 24, 255, 256, 65535, 65536, math.MaxUint32, math.MaxUint32 + 1, math.MaxInt64, math.MaxUint64}

func randomUint(rng *rand.Rand, max uint64) uint64 {
	if rng.IntN(2) == 0 {
		return min(codecInts[rng.IntN(len(codecInts))], max)
	}
	return rng.Uint64N(max) + rng.Uint64N(2)
}

func randomInt(rng *rand.Rand) int64 {
	n := int64(randomUint(rng, math.MaxInt64))
	if rng.IntN(3) == 0 {
		return -n - int64(rng.IntN(2))
	}
	return n
}

var codecTexts = []string{"", "a", "VT", "Facture n° 12 — été", "日本語の摘要", "\x00nul", "411000"}

func randomText(rng *rand.Rand) string {
	switch rng.IntN(12) {
	case 0:
		return strings.Repeat("é", rng.IntN(200)) // around 255 bytes
	case 1:
		if rng.IntN(20) == 0 {
			return strings.Repeat("x", 65530+rng.IntN(12)) // around 65535 bytes
		}
		return strings.Repeat("y", 20+rng.IntN(10)) // around 23 bytes
	case 2:
		return strings.Repeat("ab", rng.IntN(20))
	}
	return codecTexts[rng.IntN(len(codecTexts))]
}

func randomBytes(rng *rand.Rand) []byte {
	switch rng.IntN(5) {
	case 0:
		return nil
	case 1:
		return []byte{}
	case 2:
		return bytes.Repeat([]byte{0xab}, 300)
	}
	b := make([]byte, []int{16, 32, 1, 23, 24}[rng.IntN(5)])
	for i := range b {
		b[i] = byte(rng.IntN(256))
	}
	return b
}

func randomEntryRec(rng *rand.Rand) entryRec {
	r := entryRec{V: int(randomInt(rng)), ID: randomBytes(rng), Journal: randomText(rng),
		Date: uint32(randomUint(rng, math.MaxUint32)), Type: uint8(randomUint(rng, 255)), DocKind: uint8(randomUint(rng, 255)),
		Ref: randomText(rng), Label: randomText(rng), Currency: randomText(rng),
		ReversalOf: randomBytes(rng), Origin: randomBytes(rng), FiscalYear: randomText(rng), Number: randomInt(rng),
		Seq: randomUint(rng, math.MaxUint64), PostedAt: randomInt(rng), Input: randomBytes(rng),
		Document: randomBytes(rng), Discount: randomText(rng), DiscountUntil: uint32(randomUint(rng, math.MaxUint32)), Hash: randomBytes(rng)}
	switch n := rng.IntN(8); n {
	case 0: // nil: null
	case 1:
		r.Lines = []lineRec{}
	default:
		if rng.IntN(20) == 0 {
			n = 300 // a two-byte array head
		}
		r.Lines = make([]lineRec, n)
		for i := range r.Lines {
			l := &r.Lines[i]
			*l = lineRec{Account: randomText(rng), Partner: randomText(rng), Label: randomText(rng),
				Due: uint32(randomUint(rng, math.MaxUint32)), Role: uint8(randomUint(rng, 255)),
				Balance: randomText(rng), AmountCurrency: randomText(rng)}
			switch rng.IntN(3) {
			case 0:
			case 1:
				l.Taxes = []taxRec{}
			default:
				l.Taxes = make([]taxRec, 1+rng.IntN(3))
				for j := range l.Taxes {
					l.Taxes[j] = taxRec{ID: randomText(rng), Name: randomText(rng), Rate: randomText(rng),
						PriceIncluded: rng.IntN(2) == 0, Exigibility: uint8(randomUint(rng, 255)),
						Final: randomText(rng), Transition: randomText(rng), Base: randomText(rng)}
				}
			}
		}
	}
	return r
}

// randomCodecEntry is a random posted or input entry: in euros or in a
// foreign currency, with taxes or not, book-assigned fields set or not.
func randomCodecEntry(rng *rand.Rand) journal.Entry {
	cur := []currency.Currency{{}, currency.MustLookup("USD"), currency.MustLookup("JPY")}[rng.IntN(3)]
	e := journal.Entry{ID: journal.NewID(), Journal: "VT", Date: journal.MustDate(2026, time.Month(1+rng.IntN(12)), 1+rng.IntN(28)),
		Type: journal.TypeInvoice, Ref: randomText(rng), Label: randomText(rng), Currency: cur}
	if rng.IntN(2) == 0 {
		e.FiscalYear, e.Number, e.Seq = "2026", int64(rng.IntN(1e6)), uint64(rng.IntN(1e9))
		e.PostedAt = time.Unix(0, rng.Int64()).UTC()
	}
	if rng.IntN(4) == 0 {
		e.ReversalOf = journal.NewID()
	}
	if rng.IntN(4) == 0 {
		e.Document = journal.NewID()
	}
	if rng.IntN(4) == 0 {
		e.Origin, e.DocKind = journal.NewID(), journal.DocKind(1+rng.IntN(2))
	}
	lineCur := cur
	if lineCur.IsZero() {
		lineCur = eur
	}
	if rng.IntN(4) == 0 {
		e.DiscountOffer = &journal.DiscountOffer{Amount: currency.FromMinor(lineCur, 1+rng.Int64N(1e9)), Until: e.Date.AddDays(rng.IntN(60))}
	}
	for i := 0; i < 1+rng.IntN(6); i++ {
		cents := rng.Int64N(1e12) - 5e11
		l := journal.Line{Account: "706000", Label: randomText(rng), Balance: currency.FromMinor(eur, cents)}
		if rng.IntN(2) == 0 {
			l.Partner, l.DueDate = "C1", e.Date.AddDays(30)
		}
		switch rng.IntN(3) {
		case 0:
			l.AmountCurrency = currency.FromMinor(lineCur, cents*3)
		case 1:
			l.AmountCurrency = currency.FromMinor(lineCur, cents)
		}
		if rng.IntN(20) == 0 {
			l.Balance = currency.Amount{} // not given, as in a caller's input
		}
		if rng.IntN(3) == 0 {
			l.TaxRole = tax.RoleBase
			l.Taxes = []tax.Tax{{ID: "TVA20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), PriceIncluded: rng.IntN(2) == 0,
				Exigibility: tax.Exigibility(rng.IntN(2)), FinalAccount: "445710", TransitionAccount: "445740"}}
		}
		e.Lines = append(e.Lines, l)
	}
	return e
}
