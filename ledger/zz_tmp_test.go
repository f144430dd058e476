package ledger_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

func BenchmarkTmpBatchNoSync(b *testing.B) {
	for _, nosync := range []bool{false, true} {
		b.Run(fmt.Sprint("nosync=", nosync), func(b *testing.B) {
			st := durable(b, 0)
			st.Bolt().NoSync = nosync
			bk := benchBook(b, st)
			addPartners(b, bk, 100)
			ctx := context.Background()
			var build time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				batch := make([]journal.Entry, 1000)
				for j := range batch {
					batch[j] = benchEntry(i*1000+j, fmt.Sprintf("C%06d", j%100))
				}
				build += time.Since(t0)
				res, err := bk.PostBatch(ctx, batch, ledger.BatchOptions{})
				if err != nil || res[0].Err != nil {
					b.Fatal(err, res[0].Err)
				}
			}
			indexAll(b, bk)
			b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "entries/s")
			b.ReportMetric(float64(build.Microseconds())/float64(b.N), "build-us/batch")
		})
	}
}
