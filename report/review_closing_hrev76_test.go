package report_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/store/storetest"
)

// hrev76FEC writes the FEC of year with pipes.
func hrev76FEC(t *testing.T, x *rv20, year string) string {
	t.Helper()
	var buf bytes.Buffer
	_, err := report.WriteFEC(context.Background(), x.b, year, &buf, report.FECOptions{Separator: fec.Pipe})
	require.NoError(t, err)
	return buf.String()
}

// hrev76Line is the receivable line of an entry.
func hrev76Line(t *testing.T, e journal.Entry) journal.LineRef {
	t.Helper()
	for i, l := range e.Lines {
		if l.Account == "411000" {
			return e.LineRef(i)
		}
	}
	t.Fatalf("no 411000 line in %s", e.Name())
	return journal.LineRef{}
}

// A payment of the new year lettered with an invoice of the closed year:
// the new year's FEC carries the invoice item by item in its opening
// (partner detail, letter of the year) and the letter ties up within it;
// the closed year's file is the same before and after.
func TestHrev76NewYearPaymentLettersClosedYearInvoice(t *testing.T) {
	x := rv20Book(t, storetest.Backends[0])
	ctx := context.Background()
	inv := x.sale(t, "C1", fecDay(2026, 11, 10), "F26-90", "1000.00")
	before := hrev76FEC(t, x, "2026")
	_, _, err := x.b.CloseFiscalYear(ctx, "2026", "Expert")
	require.NoError(t, err)
	x.receive(t, "C1", fecDay(2027, 1, 15), fecAmt("1000.00"), inv)
	assert.Equal(t, before, hrev76FEC(t, x, "2026"), "the closed year's FEC changed")
	rows := x.fecOf(t, "2027")
	var item, pay rv20Row
	for _, r := range rows {
		if r[4] == "411000" && r[0] == "AN" {
			item = r
		}
		if r[4] == "411000" && r[0] == "BQD" {
			pay = r
		}
	}
	require.NotNil(t, item)
	require.NotNil(t, pay)
	assert.Equal(t, "C1", item[6])
	assert.Equal(t, "F26-90", item[8])
	assert.NotEmpty(t, item[13])
	assert.Equal(t, item[13], pay[13])
	assert.Equal(t, "20270115", item[14])
}

// Was failing, fixed: lettering, after the closing of 2026, an invoice and a receipt
// both of 2026 (open at the year's end, the receipt unallocated) dates the
// match 2026-12-20, in the closed year: the FEC of 2026, produced and
// closed before, now comes out with EcritureLet/DateLet it never had,
// lettering a year whose books are definitive (DESIGN §13: closing is "a
// definitive, irreversible lock"; PCG art. 911-4 / 420-5 intangibility:
// after the clôture the closed year's records, and so its FEC, no longer
// change); the 2027 à-nouveaux, which carried both lines as items open at
// 31/12/2026, lose them retroactively. Right behaviour: a lettering done after a
// closing of lines of the closed year is dated in the first open period
// (2027-01-01 here, as DESIGN §5 moves a generated entry whose date is
// locked), so the closed FEC stays as filed and the letter ties up in the
// 2027 file between the two à-nouveaux items.
func TestHrev76LetteringAfterClosingLeavesClosedFECUnchanged(t *testing.T) {
	x := rv20Book(t, storetest.Backends[0])
	ctx := context.Background()
	inv := x.sale(t, "C1", fecDay(2026, 11, 10), "F26-91", "1000.00")
	pay := x.receive(t, "C1", fecDay(2026, 12, 20), fecAmt("1000.00")) // on account
	require.NotEmpty(t, pay.Entries)
	before := hrev76FEC(t, x, "2026")
	_, _, err := x.b.CloseFiscalYear(ctx, "2026", "Expert")
	require.NoError(t, err)
	res := x.letter(t, hrev76Line(t, inv), hrev76Line(t, pay.Entries[0]))
	require.Len(t, res.Matches, 1)
	assert.False(t, res.Matches[0].Date.Before(fecDay(2027, 1, 1)),
		"a lettering done after the closing is dated %s, in the closed year", res.Matches[0].Date)
	assert.Equal(t, before, hrev76FEC(t, x, "2026"), "the closed year's FEC changed after its closing")
	x.fecOf(t, "2027")
}
