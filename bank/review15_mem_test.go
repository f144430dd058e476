package bank_test

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/bank"
	"github.com/stretchr/testify/require"
)

// TestReviewCamtMemoryPerByte: reading a statement holds its values, not
// its XML: the heap stays within a small multiple of the file.
func TestReviewCamtMemoryPerByte(t *testing.T) {
	entry := `<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-03-02</Dt></BookgDt></Ntry>`
	const n = 40_000
	file := `<Document><BkToCstmrStmt><Stmt><Id>S</Id><Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>` +
		`<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>` +
		`<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">40000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>` +
		strings.Repeat(entry, n) + `</Stmt></BkToCstmrStmt></Document>`
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var peak uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			default:
			}
			time.Sleep(time.Millisecond)
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
		}
	}()
	ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
	close(done)
	require.NoError(t, err)
	require.Len(t, ss[0].Entries, n)
	grown := uint64(0)
	if peak > before.HeapAlloc {
		grown = peak - before.HeapAlloc
	}
	t.Logf("input %d bytes, peak heap growth %d MiB", len(file), grown>>20)
	require.Less(t, grown, uint64(16*len(file)), "memory stays within a small multiple of the input")
}
