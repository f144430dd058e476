package ledger

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// sameAsDecMode checks the hand-written readers against the reflection
// decoder (decMode, the reference) on b: what a reader accepts, decMode
// accepts and decodes to the same value. A reader may refuse what decMode
// accepts (the caller then decodes by reflection), never the reverse.
func sameAsDecMode(t testing.TB, b []byte, must bool) {
	t.Helper()
	var fast, slow entryRec
	ok := readEntryRec(b, &fast, false, nil)
	err := decMode.Unmarshal(b, &slow)
	if must {
		require.True(t, ok, "the reader refused a record the encoder wrote: %x", b)
	}
	if ok {
		require.NoError(t, err, "the reader accepted what decMode refuses: %x", b)
		require.Equal(t, slow, fast, "%x", b)
	}
	var fastLines, slowLines logLines
	ok = readLogLines(b, &fastLines)
	err = decMode.Unmarshal(b, &slowLines)
	if must {
		require.True(t, ok, "the line reader refused a record the encoder wrote: %x", b)
	}
	if ok {
		require.NoError(t, err, "the line reader accepted what decMode refuses: %x", b)
		require.Equal(t, slowLines, fastLines, "%x", b)
		for _, l := range fastLines.Lines {
			var fl, sl lineRec
			ok := readLineRec(l, &fl)
			err := decMode.Unmarshal(l, &sl)
			if must {
				require.True(t, ok, "the reader refused a line the encoder wrote: %x", l)
			}
			if ok {
				require.NoError(t, err, "the reader accepted a line decMode refuses: %x", l)
				require.Equal(t, sl, fl, "%x", l)
			}
		}
	}
}

// TestReadEntryRecMatchesDecMode: the readers decode what the encoder
// writes as decMode does, for random records and entries (replay with
// -codecseed); and on those records damaged at random — a byte changed,
// cut short, a byte inserted or dropped — they never accept what decMode
// refuses nor decode it otherwise.
func TestReadEntryRecMatchesDecMode(t *testing.T) {
	t.Parallel()
	seed := *codecSeedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("replay with: go test ./ledger -run TestReadEntryRecMatchesDecMode -codecseed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed^0xdec0de))
	var recs [][]byte
	for range 3000 {
		r := randomEntryRec(rng)
		recs = append(recs, appendEntryRec(nil, &r))
	}
	for range 1000 {
		e := randomCodecEntry(rng)
		r := logRecordOf(&e, []byte{1, 2, 3})
		recs = append(recs, appendEntryRec(nil, &r))
	}
	for _, b := range recs {
		sameAsDecMode(t, b, true)
		for range 8 {
			sameAsDecMode(t, damaged(rng, b), false)
		}
	}
}

// damaged returns a copy of b with one random change.
func damaged(rng *rand.Rand, b []byte) []byte {
	d := bytes.Clone(b)
	if len(d) == 0 {
		return []byte{byte(rng.IntN(256))}
	}
	i := rng.IntN(len(d))
	switch rng.IntN(5) {
	case 0:
		d[i] = byte(rng.IntN(256))
	case 1:
		d[i] ^= 1 << rng.IntN(8)
	case 2:
		d = d[:i]
	case 3:
		d = append(d[:i], append([]byte{byte(rng.IntN(256))}, d[i:]...)...)
	default:
		d = append(d[:i], d[i+1:]...)
	}
	return d
}

// FuzzReadEntryRec: on any input, the readers accept only what decMode
// accepts, and decode it to the same value.
func FuzzReadEntryRec(f *testing.F) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		r := randomEntryRec(rng)
		f.Add(appendEntryRec(nil, &r))
	}
	f.Fuzz(func(t *testing.T, b []byte) { sameAsDecMode(t, b, false) })
}

// TestAggRecsMatchReflection: aggregate records are written byte for byte
// as encMode writes them, read as decMode reads them, and damaged ones are
// never read otherwise than decMode does.
func TestAggRecsMatchReflection(t *testing.T) {
	seed := *codecSeedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("replay with: go test ./ledger -run TestAggRecsMatchReflection -codecseed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed^0xa66))
	for range 3000 {
		a := aggRec{Debit: randomText(rng), Credit: randomText(rng), AmountCurrency: randomText(rng)}
		want, err := encMode.Marshal(&a)
		require.NoError(t, err)
		require.Equal(t, want, appendAggRec(nil, &a))
		for i := range 9 {
			b := want
			if i > 0 {
				b = damaged(rng, want)
			}
			var fast, slow aggRec
			if readAggRec(b, &fast) {
				require.NoError(t, decMode.Unmarshal(b, &slow), "%x", b)
				require.Equal(t, slow, fast, "%x", b)
			} else {
				require.NotZero(t, i, "the reader refused an aggregate the encoder wrote: %x", b)
			}
		}
	}
}
