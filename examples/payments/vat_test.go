package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/boltstore"
)

// Was failing, fixed: section 3 prints "Printed invoice: 5 000.00 + 280.00 HT, VAT
// 5.5 %" but the example types the VAT as a bare amount (445710 −290.40,
// TTC 5 570.40, both constants) on a line that carries no tax: nothing in
// the book says 5.5 %. The VAT report of May 2026 on the example's book
// has no rate line at all (expected: 445710, rate 5.5, base 5 280.00,
// tax 290.40; actual: no line, the 290.40 only under "lines without a
// tax"), so the CA3 could not put it on its 5.5 % line (ligne 09) — and
// the other invoices of the example (20 %) are in the same case. An
// example a reader copies teaches VAT computed by hand and posted
// untaxed, where the library has journal.Invoice with tax.FrenchVAT
// (rounding on the invoice total, DESIGN §2, ExampleInvoice_Totals gives
// exactly these figures) and snapshots each tax on its lines (DESIGN §2:
// "tax definitions, kept as snapshots on lines"; §10: "Select cash-basis
// lines by the tax snapshot on the line").
func TestPaymentsPrintedInvoiceVATAtItsRate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.db")
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), path, &out))

	ctx := context.Background()
	st, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	defer st.Close()
	book, err := ledger.Open(ctx, st, ledger.Options{})
	require.NoError(t, err)
	rec, err := reconcile.New(ctx, book, reconcile.Config{})
	require.NoError(t, err)
	rep, err := rec.VATReport(ctx, day(5, 1), day(5, 31))
	require.NoError(t, err)
	var got []string
	for _, l := range rep.Lines {
		got = append(got, l.Account+" "+l.Rate.String()+" "+l.Base.Plain()+" "+l.Tax.Plain())
	}
	assert.Contains(t, got, "445710 5.5 5280.00 290.40",
		"the 5.5 %% VAT of the printed invoice is reported at its rate (untaxed: %+v)", rep.Untaxed)
}
