package print_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
)

var hrev188USD = currency.MustLookup("USD")

// hrev188Word is a word pdftotext -bbox found, in points.
type hrev188Word struct {
	xMin, xMax float64
	text       string
}

func hrev188Words(t *testing.T, pdf []byte) []hrev188Word {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (Debian: poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	require.NoError(t, os.WriteFile(path, pdf, 0o644))
	out, err := exec.Command("pdftotext", "-bbox", path, "-").CombinedOutput()
	require.NoError(t, err, string(out))
	re := regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)</word>`)
	var ws []hrev188Word
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		x0, err := strconv.ParseFloat(m[1], 64)
		require.NoError(t, err)
		x1, err := strconv.ParseFloat(m[2], 64)
		require.NoError(t, err)
		ws = append(ws, hrev188Word{x0, x1, m[3]})
	}
	return ws
}

// hrev188Customer: an opening balance of 100,00 €, an invoice of 500,00 €
// paid 200,00 €, a credit note of 50,00 €, and a USD invoice of 1 200,00 $
// at 1,20 (1 000,00 €) paid 750,00 $: 450,00 $ left, 375,00 € at its rate.
func hrev188Customer(t *testing.T) (context.Context, *ledger.Book, *reconcile.Reconciler) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.SetRate(ctx, hrev188USD, journal.MustDate(2026, 1, 1), currency.MustParseRate("1.20")))
	require.NoError(t, b.SetRate(ctx, hrev188USD, journal.MustDate(2026, 4, 1), currency.MustParseRate("1.25")))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "S1", Name: "Fournisseur"}))
	_, err := b.Post(ctx, journal.Entry{Journal: "OD", Date: journal.MustDate(2026, 1, 1), Type: journal.TypeOpening, Label: "À nouveau", Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("100.00")}, {Account: "110000", Balance: e("-100.00")}}})
	require.NoError(t, err)
	inv := hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 2, 1), journal.MustDate(2026, 3, 3), e("500.00"))
	_, err = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Amount: e("200.00"),
		Date: journal.MustDate(2026, 2, 10), Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 2, 15), journal.Date{}, e("-50.00"))
	us, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 1), Type: journal.TypeInvoice, Currency: hrev188USD, Ref: "FA-US", Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("1000.00"), AmountCurrency: currency.MustParse(hrev188USD, "1200.00")},
		{Account: "706000", Balance: e("-1000.00"), AmountCurrency: currency.MustParse(hrev188USD, "-1200.00")}}})
	require.NoError(t, err)
	_, err = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Amount: currency.MustParse(hrev188USD, "750.00"),
		Date: journal.MustDate(2026, 4, 10), Method: reconcile.MethodTransfer, Invoices: []journal.ID{us.Entry.ID}})
	require.NoError(t, err)
	return ctx, b, r
}

// The customer's running balance is in euros beside the dollar columns
// of the USD invoice: 100,00, 475,00 (+ 375,00 € for 450,00 $), 775,00,
// then 725,00 € after the credit note, the closing Solde and the
// account's balance.
func TestHrev188StatementForeignCustomer(t *testing.T) {
	ctx, b, r := hrev188Customer(t)
	at := journal.MustDate(2026, 4, 30)
	st, err := r.StatementAt(ctx, "411000", "C1", at)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Dupont SARL", at, st))
	got := text(t, buf.Bytes())
	require.Len(t, regexpAll(`OD/2026/00001 +01/01/2026 +100,00 € +100,00 € +100,00 €`, got), 1, got)
	require.Len(t, regexpAll(`VT/2026/00003 \(FA-US\) +01/03/2026 +1 200,00 \$US +450,00 \$US +475,00 €`, got), 1, got)
	require.Len(t, regexpAll(`VT/2026/00001 +01/02/2026 +03/03/2026 +500,00 € +300,00 € +775,00 €`, got), 1, got)
	require.Len(t, regexpAll(`VT/2026/00002 +15/02/2026 +-50,00 € +-50,00 € +725,00 €`, got), 1, got)
	require.Regexp(t, `Solde +725,00 €`, got)
	bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: "411000", Partner: "C1"})
	require.NoError(t, err)
	net, err := bal.Debit.Sub(bal.Credit)
	require.NoError(t, err)
	require.Equal(t, "725.00", net.Plain())
}

// A supplier's statement runs on what we owe, as its Reste dû column:
// 1 000,00 € left of a 1 200,00 € bill paid 200,00 €, then 900,00 €
// after a credit note of 100,00 €, the closing Solde.
func TestHrev188StatementSupplier(t *testing.T) {
	ctx, b, r := hrev188Customer(t)
	sup, err := b.Post(ctx, journal.Entry{Journal: "AC", Date: journal.MustDate(2026, 3, 5), Type: journal.TypeInvoice, Ref: "F-77", Lines: []journal.Line{
		{Account: "401000", Partner: "S1", Balance: e("-1200.00")}, {Account: "607000", Balance: e("1200.00")}}})
	require.NoError(t, err)
	_, err = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQD", Amount: e("200.00"),
		Date: journal.MustDate(2026, 3, 20), Method: reconcile.MethodTransfer, Invoices: []journal.ID{sup.Entry.ID}})
	require.NoError(t, err)
	_, err = b.Post(ctx, journal.Entry{Journal: "AC", Date: journal.MustDate(2026, 3, 25), Type: journal.TypeCreditNote, Ref: "AV-9", Lines: []journal.Line{
		{Account: "401000", Partner: "S1", Balance: e("100.00")}, {Account: "607000", Balance: e("-100.00")}}})
	require.NoError(t, err)
	at := journal.MustDate(2026, 4, 30)
	st, err := r.StatementAt(ctx, "401000", "S1", at)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Fournisseur", at, st))
	got := text(t, buf.Bytes())
	require.Len(t, regexpAll(`AC/2026/00001 \(F-77\) +05/03/2026 +1 200,00 € +1 000,00 € +1 000,00 €`, got), 1, got)
	require.Len(t, regexpAll(`AC/2026/00002 \(AV-9\) +25/03/2026 +-100,00 € +-100,00 € +900,00 €`, got), 1, got)
	require.Regexp(t, `Reste dû +1 000,00 €`, got)
	require.Regexp(t, `Reste à utiliser +100,00 €`, got)
	require.Regexp(t, `Solde +900,00 €`, got)
}

// The largest amounts the book takes print whole and inside the page:
// the Solde column ends before the right margin (210 − 15 mm).
func TestHrev188StatementLargestAmountsInPage(t *testing.T) {
	big := e("9999999999999999.99")
	at := journal.MustDate(2026, 4, 30)
	st := reconcile.PartnerStatement{Partner: "C1", Account: "411000", At: at, Due: big, Unallocated: e("0.01"),
		Open: []reconcile.Item{{Number: "VT/2026/00001", Date: journal.MustDate(2026, 1, 1), DueDate: journal.MustDate(2026, 2, 1),
			Amount: big, Residual: big, AmountCurrency: big, ResidualCurrency: big}},
		Credits: []reconcile.Item{{Number: "VT/2026/00002", Date: journal.MustDate(2026, 1, 2),
			Amount: e("-0.01"), Residual: e("-0.01"), AmountCurrency: e("-0.01"), ResidualCurrency: e("-0.01")}}}
	var buf bytes.Buffer
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Dupont", at, st))
	got := text(t, buf.Bytes())
	require.Len(t, regexpAll(`9 999 999 999 999 999,99 € +9 999 999 999 999 999,99 € +9 999 999 999 999 999,99 €`, got), 1, got)
	require.Len(t, regexpAll(`-0,01 € +-0,01 € +9 999 999 999 999 999,98 €`, got), 1, got)
	require.Regexp(t, `Solde +9 999 999 999 999 999,98 €`, got)
	right := (210.0 - 15) / 25.4 * 72
	for _, w := range hrev188Words(t, buf.Bytes()) {
		require.LessOrEqual(t, w.xMax, right, "%q past the right margin", w.text)
	}
}

// Was failing, fixed (Pièce 57 mm, and a text too wide even at 5 points is cut, never printed over its neighbour): a bill whose own number is 38 characters ("AC/2026/00001 (FAC/2026/03/000123-PARIS-ATELIER-OUEST)") overprints the Date cell beside it even at the 5-point floor, since the Pièce column went from 55 to 50 mm for Solde: expected the Pièce text to end before the Date column (187.1 pt), got it ending at about 196 pt over "05/03/2026" (at 55 mm it ended before 201.3 pt).
func TestHrev188StatementLongReferenceOverprintsDate(t *testing.T) {
	ref := "FAC/2026/03/000123-PARIS-ATELIER-OUEST"
	require.Len(t, ref, 38)
	at := journal.MustDate(2026, 4, 30)
	st := reconcile.PartnerStatement{Partner: "S1", Account: "401000", At: at, Due: e("1200.00"), Unallocated: e("0.00"),
		Open: []reconcile.Item{{Number: "AC/2026/00001", Reference: ref, Date: journal.MustDate(2026, 3, 5),
			Amount: e("-1200.00"), Residual: e("-1200.00"), AmountCurrency: e("-1200.00"), ResidualCurrency: e("-1200.00")}}}
	var buf bytes.Buffer
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Fournisseur", at, st))
	var refEnd, dateStart float64
	for _, w := range hrev188Words(t, buf.Bytes()) {
		if strings.HasPrefix(w.text, "(FAC/") {
			refEnd = w.xMax
		}
		if w.text == "05/03/2026" {
			dateStart = w.xMin
		}
	}
	require.NotZero(t, refEnd)
	require.NotZero(t, dateStart)
	require.Less(t, refEnd, dateStart, "the document's number runs over the date beside it")
}
