package reconcile

import (
	"math"
	"testing"
)

// letterCodeNumber reads back every code LetterCode gives, to the last
// counter a uint64 holds, and nothing else.
func TestLetterCodeNumberRoundTrip(t *testing.T) {
	t.Parallel()
	for _, n := range []uint64{1, 2, 26, 17576, 17577, 475253, 475254, 1 << 40, 2481152873203736562, math.MaxUint64 - 1, math.MaxUint64} {
		code := LetterCode(n)
		got, ok := letterCodeNumber(code)
		if !ok || got != n {
			t.Errorf("letterCodeNumber(%s) = %d, %v; want %d", code, got, ok, n)
		}
	}
	for _, code := range []string{"", "AA", "aaa", "AAa", "A1B", "ZZZZZZZZZZZZZZ", "AAAAAAAAAAAAAAA"} {
		if n, ok := letterCodeNumber(code); ok {
			t.Errorf("letterCodeNumber(%q) = %d, want refused", code, n)
		}
	}
}
