package journal_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

func TestHrev11FormatNumberRandomized(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	names := []string{"", "VT", "BQ1", "Ventes", "é€", "A/B", "%d", "\x00", "日本"}
	for i := 0; i < 50000; i++ {
		var n int64
		switch r.IntN(4) {
		case 0:
			n = int64(r.IntN(200000))
		case 1:
			n = -int64(r.IntN(200000))
		case 2:
			n = int64(r.Uint64())
		default:
			n = []int64{0, math.MaxInt64, math.MinInt64, 9999, 10000, 99999, 100000}[r.IntN(7)]
		}
		j, fy := names[r.IntN(len(names))], names[r.IntN(len(names))]
		require.Equal(t, fmt.Sprintf("%s/%s/%05d", j, fy, n), journal.FormatNumber(j, fy, n))
	}
}
