package report_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/store/storetest"
)

// review16bBook: one calendar year 2026, French chart, customer C3, a USD
// invoice at 0.8 paid in USD at 0.9: reconcile posts an exchange
// difference (company-only lines in a USD entry).
func review16bFXBook(t *testing.T, s storetest.Backend) (*ledger.Book, *reconcile.Reconciler) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: fecEUR, Clock: clock})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2027)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	usd := currency.MustLookup("USD")
	require.NoError(t, b.SetRate(ctx, usd, fecDay(2026, 1, 1), currency.MustParseRate("0.8")))
	require.NoError(t, b.SetRate(ctx, usd, fecDay(2026, 7, 1), currency.MustParseRate("0.9")))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C3", Name: "Acme Inc."}))
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	res, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: fecDay(2026, 6, 1), Type: journal.TypeInvoice, Ref: "FA-003", Label: "Invoice FA-003",
		Currency: usd, Lines: []journal.Line{{Account: "411000", Partner: "C3", AmountCurrency: currency.MustParse(usd, "250.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-250.00")}}})
	require.NoError(t, err)
	_, err = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C3", Journal: "BQD", Date: fecDay(2026, 7, 10),
		Amount: currency.MustParse(usd, "250.00"), Method: reconcile.MethodTransfer, Ref: "VIR FA-003", Invoices: []journal.ID{res.Entry.ID}})
	require.NoError(t, err)
	return b, r
}

// A year with an exchange difference: our own FEC must pass our own
// validator. The exchange entry's lines carry a zero USD amount; the
// writer puts "0,00" / "USD" in Montantdevise/Idevise, which the validator
// reads as "Montantdevise empty, Idevise given" (CodeDevisePair).
func TestReview16bFECExchangeDifferenceValidates(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			b, _ := review16bFXBook(t, s)
			var buf bytes.Buffer
			sum, err := report.WriteFEC(ctx, b, "2026", &buf, report.FECOptions{})
			require.NoError(t, err)
			require.Contains(t, buf.String(), "Différence de change")
			rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: sum.Year.Start, YearEnd: sum.Year.End})
			require.NoError(t, err)
			require.True(t, rep.OK(), "our own FEC fails our validator: %v\n%s", rep.Findings, review16bGrep(buf.String(), "Exchange"))
		})
	}
}

func review16bGrep(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// An entry whose lines are all zero in euros (a posted zero invoice, here
// a USD entry worth nothing once converted) is left out whole, so the
// FEC's numbering of its journal has a gap that our validator reports
// (CodeNumberGap): the numbering must stay continuous.
func TestReview16bFECZeroEntryKeepsNumbering(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			b, _ := review16bFXBook(t, s)
			usd := currency.MustLookup("USD")
			post := func(cur currency.Currency, lines ...journal.Line) {
				_, err := b.Post(ctx, journal.Entry{Journal: "OD", Date: fecDay(2026, 8, 1), Label: "Zero", Currency: cur, Lines: lines})
				require.NoError(t, err)
			}
			post(currency.Currency{}, journal.Line{Account: "411000", Partner: "C3", Balance: fecAmt("10.00")}, journal.Line{Account: "706000", Balance: fecAmt("-10.00")})
			post(usd, journal.Line{Account: "411000", Partner: "C3", Balance: fecAmt("0.00"), AmountCurrency: currency.MustParse(usd, "0.01")},
				journal.Line{Account: "706000", Balance: fecAmt("0.00"), AmountCurrency: currency.MustParse(usd, "-0.01")})
			post(currency.Currency{}, journal.Line{Account: "411000", Partner: "C3", Balance: fecAmt("20.00")}, journal.Line{Account: "706000", Balance: fecAmt("-20.00")})
			var buf bytes.Buffer
			sum, err := report.WriteFEC(ctx, b, "2026", &buf, report.FECOptions{})
			require.NoError(t, err)
			rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: sum.Year.Start, YearEnd: sum.Year.End})
			require.NoError(t, err)
			for _, f := range rep.Findings {
				require.NotEqual(t, fec.CodeNumberGap, f.Code, "our own FEC has a numbering gap: %v\n%s", f, review16bGrep(buf.String(), "OD/"))
			}
		})
	}
}

// An entry the book accepted with a label or reference of spaces (or a
// pipe, with the pipe separator) makes WriteFEC fail altogether: the
// writer refuses a blank EcritureLib/PieceRef, and WriteFEC falls back to
// the entry's number only for empty texts. The year has no FEC.
func TestReview16bFECBlankLabelAndRef(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			b, _ := review16bFXBook(t, s)
			_, err := b.Post(ctx, journal.Entry{Journal: "OD", Date: fecDay(2026, 8, 1), Label: "   ", Ref: "|",
				Lines: []journal.Line{{Account: "627000", Balance: fecAmt("1.00")}, {Account: "512000", Balance: fecAmt("-1.00"), Label: " "}}})
			require.NoError(t, err, "the book accepts the entry")
			for _, sep := range []fec.Separator{fec.Tab, fec.Pipe} {
				var buf bytes.Buffer
				sum, err := report.WriteFEC(ctx, b, "2026", &buf, report.FECOptions{Separator: sep})
				require.NoError(t, err, "separator %s: the FEC of 2026 cannot be written", sep)
				rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: sum.Year.Start, YearEnd: sum.Year.End})
				require.NoError(t, err)
				for _, f := range rep.Findings {
					require.NotEqual(t, fec.CodeRequired, f.Code, "%v", f)
				}
			}
		})
	}
}

// A book may keep entries in a unit of account (ledger.Book.AddUnit: gold
// in grams, say). The writer refuses a Montantdevise whose currency has no
// ISO code, and WriteFEC passes it on: the whole year has no FEC. A line
// in a unit should be written in euros alone (Montantdevise/Idevise
// empty), not make the export fail.
func TestReview16bFECUnitOfAccount(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			b, _ := review16bFXBook(t, s)
			gold, err := currency.NewUnit("GOLD", 3)
			require.NoError(t, err)
			require.NoError(t, b.AddUnit(ctx, gold))
			require.NoError(t, b.SetRate(ctx, gold, fecDay(2026, 1, 1), currency.MustParseRate("3")))
			_, err = b.Post(ctx, journal.Entry{Journal: "VT", Date: fecDay(2026, 9, 1), Currency: gold, Label: "Or",
				Lines: []journal.Line{{Account: "411000", Partner: "C3", AmountCurrency: currency.MustParse(gold, "120.000")},
					{Account: "706000", AmountCurrency: currency.MustParse(gold, "-120.000")}}})
			require.NoError(t, err)
			var buf bytes.Buffer
			_, err = report.WriteFEC(ctx, b, "2026", &buf, report.FECOptions{})
			require.NoError(t, err, "the FEC of a year with an entry in a unit of account cannot be written")
		})
	}
}
