package hledger_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

// FuzzHrev114Read: Read never panics, takes under a second on a small
// journal, and a book it posted to passes Check.
func FuzzHrev114Read(f *testing.F) {
	f.Add([]byte(handJournal))
	if b, err := os.ReadFile("testdata/small.journal"); err == nil && len(b) < 64<<10 {
		f.Add(b)
	}
	f.Add([]byte("2026-01-05 x\n    411000:C1  EUR 1,5\n    706000\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16<<10 {
			return
		}
		ctx := context.Background()
		b := newBook(t, storetest.Backends[0])
		start := time.Now()
		sum, err := hledger.Read(ctx, bytes.NewReader(data), b, hledger.ReadOptions{})
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("Read took %v on %d bytes", d, len(data))
		}
		if err == nil && sum.Posted > 0 {
			if err := b.Check(ctx); err != nil {
				t.Fatalf("book after Read fails Check: %v", err)
			}
		}
	})
}
