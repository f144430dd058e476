package main

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Changed (the comment was what was wrong; it now says one transfer per
// supplier, and the test asserts what runs): main.go says of the supplier
// run "every bill due by 10 March, one transfer each". Expected, as
// written: three bills are due (KB-2026-118, KB-2026-131, R-0042), so
// three transfers. Observed: "2 transfers": RunPayments makes one transfer
// per supplier (Kolb's two bills are paid by one transfer of 2 840,00, as
// `lettrage run --help` says: "a payment per supplier"). The comment
// should say one transfer per supplier.
func TestHrev66BankRunOneTransferPerBillAsCommented(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), t.TempDir(), &out))
	m := regexp.MustCompile(`== Payment run \S+: (\d+) transfers`).FindStringSubmatch(out.String())
	require.NotNil(t, m, "the run is printed")
	assert.Equal(t, "2", m[1], "one transfer for each supplier with bills due by 10 March")
}
