package currency

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

var fastSeed = flag.Uint64("fastseed", 0, "seed of TestFastPathsMatchGeneral (0: from the clock)")

// general is Parse without its fast path.
func general(c Currency, s string) (Amount, error) {
	d, err := parseDecimal(s)
	if err != nil {
		return Amount{}, err
	}
	return FromDecimal(c, d)
}

// generalAdd is Add without its fast path.
func generalAdd(a, b Amount) (Amount, error) {
	out := Amount{cur: a.cur}
	if _, err := workContext.Add(&out.d, &a.d, &b.d); err != nil {
		return Amount{}, err
	}
	return out.canonical()
}

// randomAmountText makes mostly plain decimals near the fast path's
// bounds, and some of every other form Parse accepts or refuses.
func randomAmountText(r *rand.Rand) string {
	var b strings.Builder
	switch r.IntN(10) {
	case 0:
		return []string{"", "-", ".", "-.", "5.", ".5", "-.5", "+5", "1e2", "1E-2", "NaN", "-Infinity", " 1", "1 ",
			"--1", "1..2", "1.2.3", "0x10", "٣", "-0", "-0.00", "0.000", "9223372036854775807", "-9223372036854775808",
			"999999999999999999", "9999999999999999.99", "99999999999999999.9", "1.000000000000000000001"}[r.IntN(28)]
	case 1:
		b.WriteByte('+')
	default:
		if r.IntN(3) == 0 {
			b.WriteByte('-')
		}
	}
	for i, n := 0, 1+r.IntN(21); i < n; i++ {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	if r.IntN(4) > 0 {
		b.WriteByte('.')
		for i, n := 0, r.IntN(6); i < n; i++ {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
	}
	return b.String()
}

// TestFastPathsMatchGeneral: Parse and Add give exactly what the general
// decimal arithmetic gives, value, form and error alike, on random input
// (replay a failure with -fastseed).
func TestFastPathsMatchGeneral(t *testing.T) {
	seed := *fastSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("-fastseed %d", seed)
	r := rand.New(rand.NewPCG(seed, 0))
	jpy, eur, kwd := MustLookup("JPY"), MustLookup("EUR"), MustLookup("KWD")
	unit, err := NewUnit("PTS", UnitDigitsMax)
	if err != nil {
		t.Fatal(err)
	}
	curs := []Currency{jpy, eur, kwd, unit, {}}
	for i := 0; i < 200000; i++ {
		c, s := curs[r.IntN(len(curs))], randomAmountText(r)
		got, gotErr := Parse(c, s)
		want, wantErr := general(c, s)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !same(got, want) {
			t.Fatalf("Parse(%s, %q) = %v, %v; the general way %v, %v (-fastseed %d)", c, s, got, gotErr, want, wantErr, seed)
		}
		if wantErr != nil || c.IsZero() {
			continue
		}
		if got, want := want.Plain(), want.d.Text('f'); got != want {
			t.Fatalf("Plain of %s: %q, the general way %q (-fastseed %d)", s, got, want, seed)
		}
		if got, want := string(want.AppendPlain([]byte("x"))), "x"+want.d.Text('f'); got != want {
			t.Fatalf("AppendPlain of %s: %q, the general way %q (-fastseed %d)", s, got, want, seed)
		}
		s2 := randomAmountText(r)
		other, err := general(c, s2)
		if err != nil {
			continue
		}
		sum, sumErr := want.Add(other)
		wantSum, wantSumErr := generalAdd(want, other)
		if (sumErr != nil) != (wantSumErr != nil) || !same(sum, wantSum) || sum.Plain() != wantSum.d.Text('f') {
			t.Fatalf("%v + %v = %v, %v; the general way %v, %v (-fastseed %d)", want, other, sum, sumErr, wantSum, wantSumErr, seed)
		}
		diff, diffErr := want.Sub(other)
		wantDiff, wantDiffErr := generalAdd(want, other.Neg())
		if (diffErr != nil) != (wantDiffErr != nil) || !same(diff, wantDiff) {
			t.Fatalf("%v - %v = %v, %v; the general way %v, %v (-fastseed %d)", want, other, diff, diffErr, wantDiff, wantDiffErr, seed)
		}
	}
}

// TestAddOverflowsToGeneral: sums past an int64 leave the fast path and
// stay exact.
func TestAddOverflowsToGeneral(t *testing.T) {
	eur := MustLookup("EUR")
	big := FromMinor(eur, 1<<63-1)
	for _, tc := range []struct{ a, b Amount }{
		{big, FromMinor(eur, 1)}, {big.Neg(), FromMinor(eur, -2)}, {big, big}, {big.Neg(), big.Neg()},
	} {
		if got, want := tc.a.Plain(), tc.a.d.Text('f'); got != want {
			t.Fatalf("Plain: %q, the general way %q", got, want)
		}
		got, err := tc.a.Add(tc.b)
		want, wantErr := generalAdd(tc.a, tc.b)
		if err != nil || wantErr != nil || !same(got, want) {
			t.Fatalf("%v + %v = %v, %v; want %v, %v", tc.a, tc.b, got, err, want, wantErr)
		}
	}
}

// same reports whether a and b are the same amount in the same form: the
// currency, the value and its printed text (exponent included).
func same(a, b Amount) bool {
	return a.cur == b.cur && a.d.Cmp(&b.d) == 0 && a.d.Text('f') == b.d.Text('f') && a.d.Exponent == b.d.Exponent &&
		a.d.Negative == b.d.Negative
}

func TestPlainEdges(t *testing.T) {
	eur, jpy, kwd := MustLookup("EUR"), MustLookup("JPY"), MustLookup("KWD")
	for _, a := range []Amount{{}, Zero(eur), Zero(jpy), Zero(kwd), FromMinor(eur, 5), FromMinor(eur, -5), FromMinor(eur, 100),
		FromMinor(jpy, -7), FromMinor(kwd, 1), FromMinor(eur, 1<<63-1), FromMinor(eur, -(1<<63 - 1))} {
		if got, want := a.Plain(), a.d.Text('f'); got != want {
			t.Errorf("Plain: %q, the general way %q", got, want)
		}
	}
}
