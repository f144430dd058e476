package print_test

// Review h-rev50: the exported godoc of packages bank and print read as a
// contract. Every test here failed on the code it was written against;
// each says how it was fixed (the code, or the documentation where the
// code was right).

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/go-pdf/fpdf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
)

// hrev50Texts returns the texts a PDF of the package shows, one per cell,
// read from its (uncompressed) content stream: the strings of its Tj
// operators, UTF-16BE as fpdf writes them with the embedded fonts. It
// needs no external tool.
func hrev50Texts(t *testing.T, pdf []byte) []string {
	t.Helper()
	var out []string
	for _, c := range hrev50Cells(t, pdf) {
		out = append(out, c.text)
	}
	return out
}

// hrev50Cell is a text of a PDF and where it starts, in points from the
// page's left edge.
type hrev50Cell struct {
	x    float64 // float ok: page geometry, not money
	text string
}

// hrev50Cells returns the texts of a PDF with their positions (see
// hrev50Texts).
func hrev50Cells(t *testing.T, pdf []byte) []hrev50Cell {
	t.Helper()
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")), "a PDF")
	var out []hrev50Cell
	s := pdf
	for {
		i := bytes.Index(s, []byte(" Td ("))
		if i < 0 {
			return out
		}
		bt := bytes.LastIndex(s[:i], []byte("BT "))
		require.GreaterOrEqual(t, bt, 0)
		xy := strings.Fields(string(s[bt+3 : i]))
		require.Len(t, xy, 2)
		x, err := strconv.ParseFloat(xy[0], 64)
		require.NoError(t, err)
		s = s[i+len(" Td ("):]
		var raw []byte
		k := 0
		for ; k < len(s) && s[k] != ')'; k++ {
			c := s[k]
			if c == '\\' && k+1 < len(s) {
				k++
				switch s[k] {
				case 'n':
					c = '\n'
				case 'r':
					c = '\r'
				case 't':
					c = '\t'
				case 'b':
					c = '\b'
				case 'f':
					c = '\f'
				default:
					c = s[k]
				}
			}
			raw = append(raw, c)
		}
		s = s[k:]
		u := make([]uint16, 0, len(raw)/2)
		for j := 0; j+1 < len(raw); j += 2 {
			u = append(u, uint16(raw[j])<<8|uint16(raw[j+1]))
		}
		out = append(out, hrev50Cell{x: x, text: string(utf16.Decode(u))})
	}
}

// hrev50Run is a SEPA run WritePain001 accepts.
func hrev50Run() bank.CreditTransferRun {
	return bank.CreditTransferRun{MsgID: "RUN-50", CreatedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), ExecutionDate: journal.MustDate(2026, 3, 3),
		Debtor: bank.Party{Name: "Atelier", IBAN: "FR7630006000011234567890189"},
		Payments: []bank.CreditTransfer{
			{EndToEndID: "RUN-50-1", Amount: e("480.00"), Creditor: bank.Party{Name: "Fournisseur GmbH", IBAN: "DE89370400440532013000"}, Remittance: "FA-118"},
		}}
}

// Was failing, fixed: TransferSlip prints "the execution date" of the run, and
// CreditTransfer.ExecutionDate is "when the bank executes it" (WritePain001
// writes it in its own payment information block). A payment executed on
// 10/03 in a run of 03/03 is printed under "Exécution 03/03/2026" only: its
// own date appears nowhere on the slip the bank reads. Code wrong: the slip
// contradicts the file it accompanies.
func TestHrev50TransferSlipPaymentOwnExecutionDate(t *testing.T) {
	run := hrev50Run()
	run.Payments = append(run.Payments, bank.CreditTransfer{EndToEndID: "RUN-50-2", Amount: e("20.00"), ExecutionDate: journal.MustDate(2026, 3, 10),
		Creditor: bank.Party{Name: "Papeterie", IBAN: "BE68539007547034"}, Remittance: "F-9"})
	require.NoError(t, bank.WritePain001(&bytes.Buffer{}, run), "a run the SEPA file carries")
	var buf bytes.Buffer
	require.NoError(t, print.TransferSlip(&buf, run))
	got := strings.Join(hrev50Texts(t, buf.Bytes()), "|")
	require.Contains(t, got, "10/03/2026", "the second transfer is executed on 10/03; the slip says:\n%s", got)
}

// Was failing, fixed: TransferSlip prints "the execution date" (and the document's
// date). A run whose every payment sets its own ExecutionDate — which
// CreditTransferRun.ExecutionDate allows: "when the bank executes the
// payments that set none" — prints "Exécution" with no date at all, and
// "Date : " empty. Code wrong: the date is in the run, on each payment.
func TestHrev50TransferSlipRunWithoutOwnDate(t *testing.T) {
	run := hrev50Run()
	run.ExecutionDate = journal.Date{}
	run.Payments[0].ExecutionDate = journal.MustDate(2026, 3, 10)
	require.NoError(t, bank.WritePain001(&bytes.Buffer{}, run), "a run the SEPA file carries")
	var buf bytes.Buffer
	require.NoError(t, print.TransferSlip(&buf, run))
	got := strings.Join(hrev50Texts(t, buf.Bytes()), "|")
	require.Contains(t, got, "10/03/2026", "the transfer is executed on 10/03; the slip says:\n%s", got)
}

// Was failing, fixed: TransferSlip prints "the account debited ... and each transfer's
// beneficiary, account": an IBAN as a user types it ("de89 3704 …",
// which WritePain001 accepts and writes as DE89370400440532013000) is
// printed regrouped from its raw bytes ("de89  370 4 00…"). Code wrong: the
// slip must show the account the file debits and credits, in its paper
// form, as ident.ParseIBAN would give it.
func TestHrev50TransferSlipIBANAsTyped(t *testing.T) {
	run := hrev50Run()
	run.Payments[0].Creditor.IBAN = "de89 3704 0044 0532 0130 00"
	var file bytes.Buffer
	require.NoError(t, bank.WritePain001(&file, run))
	require.Contains(t, file.String(), "<IBAN>DE89370400440532013000</IBAN>")
	var buf bytes.Buffer
	require.NoError(t, print.TransferSlip(&buf, run))
	got := hrev50Texts(t, buf.Bytes())
	require.Contains(t, got, "DE89 3704 0044 0532 0130 00", "the creditor's IBAN on the slip: %q", got)
}

// Was failing, fixed: package doc: the Go fonts "cover every European script (Latin
// with its accents and extensions, Greek, Cyrillic), so … print as
// written". German's capital sharp s ẞ (U+1E9E, official since 2017: a
// name in capitals "GROẞMANN") and the Ukrainian apostrophe ʼ (U+02BC,
// "Дарʼя") are refused with ErrDocument. The claim is too wide for the
// fonts (WGL4): doc wrong, or the code should map them (ẞ → SS, ʼ → ').
func TestHrev50EuropeanLettersPrint(t *testing.T) {
	for _, name := range []string{"GROẞMANN GMBH", "Дарʼя Коваленко"} {
		d := print.ChequeDeposit{Company: "Atelier", Account: "FR7630006000011234567890189", ID: "REM-50", Date: journal.MustDate(2026, 3, 6),
			Cheques: []print.Cheque{{Drawer: name, Number: "1", Amount: e("10.00")}}}
		var buf bytes.Buffer
		assert.NoError(t, print.DepositSlip(&buf, d), "%s is European text", name)
	}
}

// Was failing, fixed: ErrDocument "is returned for a document that cannot be printed:
// … amounts in several currencies". PaymentReceipt prints a receipt of
// 100,00 € whose settled document is allocated 110,00 $US without a word.
// Code wrong by its own doc (DepositSlip and TransferSlip do refuse
// mixed currencies); or the doc should say receipts may mix them.
func TestHrev50ReceiptMixedCurrencies(t *testing.T) {
	usd := currency.MustLookup("USD")
	r := print.Receipt{Company: "Atelier", Partner: "Acme Inc", Number: "BQ/2026/00012", Date: journal.MustDate(2026, 3, 20),
		Amount: e("100.00"), Method: "Virement", Documents: []print.ReceiptLine{{Number: "VT/2026/00031", Amount: currency.MustParse(usd, "110.00")}}}
	var buf bytes.Buffer
	err := print.PaymentReceipt(&buf, r)
	require.ErrorIs(t, err, print.ErrDocument)
	require.Zero(t, buf.Len(), "nothing is written then")
}

// Was failing, fixed: Receipt.Method is "how it was paid, printed as given:
// \"Virement\"" (and reconcile.Payment.Method "is kept with the payment and
// printed on receipts"). ReceiptOf fills it with the entry's label
// ("Règlement C1"), so a receipt of a cheque never says it was a cheque.
// Code wrong: the method is kept with the payment (its event log).
func TestHrev50ReceiptOfSaysHowItWasPaid(t *testing.T) {
	ctx := context.Background()
	b, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "BQ50", Name: "Banque", Kind: ledger.JournalBank, BankAccount: "512000",
		IBAN: "FR7630006000011234567890189"}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Client"}))
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	amt := e("100.00")
	inv, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: amt}, {Account: "706000", Balance: amt.Neg()}}})
	require.NoError(t, err)
	pay, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ50",
		Date: journal.MustDate(2026, 3, 5), Method: reconcile.MethodCheque, Ref: "CHQ-778", Invoices: []journal.ID{inv.Entry.ID},
		Cheque: &reconcile.Cheque{Number: "0001234", Bank: "Crédit Agricole"}})
	require.NoError(t, err)
	rc, err := print.ReceiptOf(ctx, b, pay.Entries[0].ID, "Atelier")
	require.NoError(t, err)
	require.Regexp(t, `(?i)ch[eè]que`, rc.Method, "how it was paid, not the entry's label")
}

// Was failing, fixed: TransferSlip prints "each transfer's … reference": the
// structured creditor reference (ISO 11649, up to 25 characters, what the
// supplier reconciles by) of 25 characters is cut to "RF…JKLMN…" in the
// 44 mm Référence column, so the slip no longer shows the reference the
// file carries. Code wrong: a reference is an identifier, printed whole
// like the IBAN and the cheque numbers.
func TestHrev50TransferSlipCreditorRefWhole(t *testing.T) {
	ref, err := ident.CreditorReference("ABCDEFGHIJKLMNOPQRSTU")
	require.NoError(t, err)
	require.Len(t, ref, 25)
	run := hrev50Run()
	run.Payments[0].CreditorRef = ref
	require.NoError(t, bank.WritePain001(&bytes.Buffer{}, run))
	var buf bytes.Buffer
	require.NoError(t, print.TransferSlip(&buf, run))
	require.Contains(t, hrev50Texts(t, buf.Bytes()), ref, "the transfer's creditor reference on the slip")
}

// Was failing, fixed: TransferSlip prints "each transfer's beneficiary, account,
// reference and amount" in their columns. Malta's IBANs (31 characters, a
// SEPA and EEA country) are printed whole in the 62 mm IBAN column but run
// past it, over the reference printed in the next column. Code wrong: the
// column is too narrow for the longest SEPA IBAN.
func TestHrev50TransferSlipLongIBANStaysInColumn(t *testing.T) {
	run := hrev50Run()
	run.Payments[0].Creditor.IBAN = "MT84MALT011000012345MTLCAST001S"
	require.NoError(t, bank.WritePain001(&bytes.Buffer{}, run))
	var buf bytes.Buffer
	require.NoError(t, print.TransferSlip(&buf, run))
	paper := ident.IBAN("MT84MALT011000012345MTLCAST001S").Paper()
	var ibanX, refX float64 // float ok: page geometry, not money
	for _, c := range hrev50Cells(t, buf.Bytes()) {
		switch c.text {
		case paper:
			ibanX = c.x
		case "FA-118":
			refX = c.x
		}
	}
	require.NotZero(t, ibanX, "the IBAN is printed")
	require.NotZero(t, refX, "the reference is printed")
	// The IBAN's width in the slip's font: the Go regular font at 9 points.
	m := fpdf.New("P", "pt", "A4", "")
	m.AddUTF8FontFromBytes("Go", "", goregular.TTF)
	m.SetFont("Go", "", 9)
	end := ibanX + m.GetStringWidth(paper)
	require.LessOrEqual(t, end, refX, "the IBAN ends at %.1f mm, the reference starts at %.1f mm", end*25.4/72, refX*25.4/72)
}

// Was failing, fixed: the documents are French ("Amounts and dates are French"); the
// count under a slip of one transfer reads "1 virements" (and a deposit of
// one cheque "1 chèques"). Code wrong: French writes "1 virement", "1
// chèque" — the singular.
func TestHrev50SlipCountOfOne(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, print.TransferSlip(&buf, hrev50Run()))
	assert.Contains(t, hrev50Texts(t, buf.Bytes()), "1 virement")
	d := print.ChequeDeposit{Company: "Atelier", Account: "FR7630006000011234567890189", ID: "REM-50", Date: journal.MustDate(2026, 3, 6),
		Cheques: []print.Cheque{{Drawer: "Dupont", Number: "1", Amount: e("10.00")}}}
	buf.Reset()
	require.NoError(t, print.DepositSlip(&buf, d))
	assert.Contains(t, hrev50Texts(t, buf.Bytes()), "1 chèque")
}
