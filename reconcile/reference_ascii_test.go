package reconcile

import (
	"math/rand/v2"
	"testing"
)

// normalizeRef's byte-at-a-time path for ASCII text gives what the
// rune-by-rune path gives: every ASCII character alone, and random ASCII
// strings of references, separators and control characters.
func TestNormalizeRefASCIIPath(t *testing.T) {
	t.Parallel()
	for c := 0; c < 128; c++ {
		s := string([]byte{'a', byte(c), 'b'})
		if got, want := normalizeRef(s), normalizeRefText(s); got != want {
			t.Errorf("%q: %q, the general path gives %q", s, got, want)
		}
	}
	r := rand.New(rand.NewPCG(11649, 1))
	for i := 0; i < 2000; i++ {
		b := make([]byte, r.IntN(30))
		for j := range b {
			b[j] = byte(r.IntN(128))
		}
		s := string(b)
		if got, want := normalizeRef(s), normalizeRefText(s); got != want {
			t.Fatalf("%q: %q, the general path gives %q", s, got, want)
		}
	}
}
