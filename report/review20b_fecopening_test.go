package report_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/store/storetest"
)

// Review 20b: the FEC's opening item by item, on books the review 20
// tests did not build.

// A book with auxiliary account codes (Options.AuxiliaryCodes): the
// customer Martin on 411MARTIN, added with KindOther and so receivable,
// with an invoice and a receipt on account open at the end of 2026 (a nil
// balance), each lettered in 2027. The 2027 opening carries both on
// 411MARTIN, with the partner, and the letters tie up in the file.
func TestReview20bFECOpeningAuxiliaryCodes(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			now := time.Date(2029, 2, 1, 9, 0, 0, 0, time.UTC)
			clock := func() time.Time { now = now.Add(time.Second); return now }
			b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: fecEUR, Clock: clock, AuxiliaryCodes: true})
			require.NoError(t, err)
			for _, y := range []int{2026, 2027} {
				require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(y)))
			}
			require.NoError(t, b.InstallFrenchChart(ctx))
			require.NoError(t, b.AddAccount(ctx, ledger.NewAccount("411MARTIN", "Martin", ledger.KindOther)))
			a, err := b.Account(ctx, "411MARTIN")
			require.NoError(t, err)
			require.Equal(t, ledger.KindReceivable, a.Kind)
			require.True(t, a.Reconcilable)
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "MARTIN", Name: "Martin SARL"}))
			r, err := reconcile.New(ctx, b, reconcile.Config{})
			require.NoError(t, err)
			x := &rv20{b: b, r: r}
			inv := x.post(t, journal.Entry{Journal: "VT", Date: fecDay(2026, 11, 10), Type: journal.TypeInvoice, Ref: "FA-1", Label: "Facture FA-1",
				Lines: []journal.Line{{Account: "411MARTIN", Partner: "MARTIN", Balance: fecAmt("600.00")}, {Account: "706000", Balance: fecAmt("-600.00")}}})
			rec := x.post(t, journal.Entry{Journal: "BQD", Date: fecDay(2026, 12, 15), Ref: "VIR-1", Label: "Virement Martin",
				Lines: []journal.Line{{Account: "512000", Balance: fecAmt("600.00")}, {Account: "411MARTIN", Partner: "MARTIN", Balance: fecAmt("-600.00")}}})
			av := x.post(t, journal.Entry{Journal: "VT", Date: fecDay(2027, 1, 10), Type: journal.TypeCreditNote, Ref: "AV-1", Label: "Avoir AV-1",
				Lines: []journal.Line{{Account: "411MARTIN", Partner: "MARTIN", Balance: fecAmt("-600.00")}, {Account: "706000", Balance: fecAmt("600.00")}}})
			fa2 := x.post(t, journal.Entry{Journal: "VT", Date: fecDay(2027, 2, 1), Type: journal.TypeInvoice, Ref: "FA-2", Label: "Facture FA-2",
				Lines: []journal.Line{{Account: "411MARTIN", Partner: "MARTIN", Balance: fecAmt("600.00")}, {Account: "706000", Balance: fecAmt("-600.00")}}})
			x.letter(t, inv.LineRef(0), av.LineRef(0))
			x.letter(t, fa2.LineRef(0), rec.LineRef(1))
			rows := x.fecOf(t, "2027")
			assert.Equal(t, []string{
				"MARTIN FA-1 20261110 600.00 AAA 20270110  ",
				"MARTIN VIR-1 20261215 -600.00 AAB 20270201  ",
			}, rv20Opening(t, rows, "411MARTIN"))
		})
	}
}

// A partner both customer and supplier (C1 on 411000 and on 401000), each
// side open at the end of 2026 and settled in 2027: the opening carries
// the invoice on 411000 and the bill on 401000, each on its own account,
// each lettered with its 2027 settlement.
func TestReview20bFECOpeningPartnerOnBothSides(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			x := rv20Book(t, s)
			inv := x.sale(t, "C1", fecDay(2026, 11, 10), "FA-1", "500.00")
			bill := x.post(t, journal.Entry{Journal: "AC", Date: fecDay(2026, 11, 12), Type: journal.TypeInvoice, Ref: "F-S1", Label: "Facture fournisseur",
				Lines: []journal.Line{{Account: "401000", Partner: "C1", Balance: fecAmt("-200.00")}, {Account: "607000", Balance: fecAmt("200.00")}}})
			net := x.post(t, journal.Entry{Journal: "OD", Date: fecDay(2027, 1, 20), Ref: "COMP-1", Label: "Compensation",
				Lines: []journal.Line{{Account: "401000", Partner: "C1", Balance: fecAmt("200.00")}, {Account: "411000", Partner: "C1", Balance: fecAmt("-200.00")}}})
			x.letter(t, bill.LineRef(0), net.LineRef(0))
			x.receive(t, "C1", fecDay(2027, 2, 1), fecAmt("300.00"))
			rows := x.fecOf(t, "2027")
			assert.Equal(t, []string{"C1 FA-1 20261110 500.00    "}, rv20Opening(t, rows, "411000"))
			assert.Equal(t, []string{"C1 F-S1 20261112 -200.00 AAA 20270120  "}, rv20Opening(t, rows, "401000"))
			_ = inv
		})
	}
}

// An opening that holds only items of nil balances: an invoice and a
// credit note of the same amount, not lettered, at the end of 2026 (the
// result is nil too, so Opening has no row). The opening entry still
// writes the two items: the summary counts it as one entry of two lines,
// as the file holds it.
func TestReview20bFECOpeningOnlyZeroBalanceItems(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			x := rv20Book(t, s)
			x.sale(t, "C1", fecDay(2026, 11, 10), "FA-1", "100.00")
			x.sale(t, "C1", fecDay(2026, 11, 11), "AV-1", "-100.00")
			rows, err := x.b.Opening(context.Background(), "2027")
			require.NoError(t, err)
			require.Empty(t, rows)
			var buf bytes.Buffer
			sum, err := report.WriteFEC(context.Background(), x.b, "2027", &buf, report.FECOptions{Separator: fec.Pipe})
			require.NoError(t, err)
			lines := strings.Split(strings.TrimSpace(buf.String()), "\n")[1:]
			assert.Len(t, lines, 2, buf.String())
			assert.Equal(t, 1, sum.Entries)
			assert.Equal(t, 2, sum.Lines)
			x.fecOf(t, "2027")
		})
	}
}
