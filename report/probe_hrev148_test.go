package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A partner on an expense line stays out of CompAuxNum/CompAuxLib (only
// receivable and payable lines carry them); a reference holding the pipe
// has it replaced in PieceRef.
func TestHrev148FECAuxOnlyOnPartnerAccounts(t *testing.T) {
	book := hrev148Book(t)
	must(book.Post(ctx, journal.Entry{Journal: "OD", Date: date(2026, 4, 2), Label: "Partner on income", Ref: "R|1", Lines: []journal.Line{
		{Account: "627000", Balance: e("10.00"), Partner: "C1"}, {Account: "512000", Balance: e("-10.00")}}}))
	var buf bytes.Buffer
	_, err := report.WriteFEC(ctx, book, "2026", &buf, report.FECOptions{Separator: fec.Pipe})
	require.NoError(t, err)
	out := buf.String()
	assert.True(t, strings.HasSuffix(out,
		"OD|Opérations diverses|OD/2026/00003|20260402|627000|Services bancaires|||R 1|20260402|Partner on income|10,00|0,00|||20260101||\n"+
			"OD|Opérations diverses|OD/2026/00003|20260402|512000|Banque|||R 1|20260402|Partner on income|0,00|10,00|||20260101||\n"), out)
	rep, err := fec.Validate(strings.NewReader(out), fec.Options{})
	require.NoError(t, err)
	assert.True(t, rep.OK(), "%v", rep.Findings)
}
