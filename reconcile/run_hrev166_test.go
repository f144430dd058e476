package reconcile_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

const hrev166Schema = "/work/shared/formats/iso20022/pain.001.001.09.xsd"

// hrev166Book: BQO (outstanding 512200), suppliers F1 and F2 with IBANs.
func hrev166Book(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, stores[0].Open(t))
	rrJournal(t, f)
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "F1", Name: "Fournitures Élégance & Cie",
		BankAccounts: []ledger.BankAccount{{IBAN: "FR1420041010050500013M02606", BIC: "PSSTFRPPPAR"}}}))
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "F2", Name: "Papeterie Durand",
		BankAccounts: []ledger.BankAccount{{IBAN: "DE89370400440532013000"}}}))
	return f
}

// hrev166Bill posts a bill of ht + 20 % deductible VAT on invoice
// (445660), due days after date, offering pct % within ddays when pct != "".
func hrev166Bill(t *testing.T, f *fixture, p string, date journal.Date, days int, ht, ref, pct string, ddays int) journal.Entry {
	t.Helper()
	terms := journal.PaymentTerms{Due: journal.DueRule{Kind: journal.NetDays, Days: days}}
	if pct != "" {
		terms.Discount = &journal.EarlyDiscount{Percent: tax.MustParsePercent(pct), Days: ddays}
	}
	x, err := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: date, Ref: ref, Partner: p, PartnerAccount: "401000",
		Lines: []journal.InvoiceLine{{Label: "Fournitures", UnitPrice: e(ht), Taxes: []tax.Tax{hrev166VAT}, Account: "607000"}},
		Terms: terms}.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

var hrev166VAT = tax.Tax{ID: "D20", Name: "TVA deductible 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445660"}

func hrev166Note(t *testing.T, f *fixture, p string, date journal.Date, ht, ref string) journal.Entry {
	t.Helper()
	x, err := journal.Invoice{Kind: journal.SupplierCreditNote, Journal: "AC", Date: date, Ref: ref, Partner: p, PartnerAccount: "401000",
		Lines: []journal.InvoiceLine{{Label: "Retour", UnitPrice: e(ht), Taxes: []tax.Tax{hrev166VAT}, Account: "607000"}}}.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

func hrev166Bal(t *testing.T, f *fixture, account string) string {
	t.Helper()
	bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: account})
	require.NoError(t, err)
	return bal.Balance.Plain()
}

func hrev166File(t *testing.T, f *fixture, run reconcile.PaymentRun) string {
	t.Helper()
	ct, err := bank.CreditTransfers(ctx, f.book, run, "Atelier Lévêque & Fils")
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, bank.WritePain001(&buf, ct))
	if _, err := exec.LookPath("xmllint"); err == nil {
		path := filepath.Join(t.TempDir(), "run.xml")
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
		out, err := exec.Command("xmllint", "--noout", "--schema", hrev166Schema, path).CombinedOutput()
		require.NoError(t, err, "xmllint rejects the run's file:\n%s\n%s", out, buf.String())
	}
	return buf.String()
}

func hrev166Tag(t *testing.T, xml, tag string) []string {
	t.Helper()
	var out []string
	for _, part := range strings.Split(xml, "<"+tag+">")[1:] {
		out = append(out, part[:strings.Index(part, "</"+tag+">")])
	}
	return out
}

// A run of two suppliers: F1 has a bill due, one not due, and a credit
// note; F2 a bill not due whose discount is still offered (EarlyForDiscount).
func TestHrev166RunEndToEnd(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	b1 := hrev166Bill(t, f, "F1", d(3, 1), 30, "1000.00", "FA-101", "", 0)
	b2 := hrev166Bill(t, f, "F1", d(3, 5), 36, "500.00", "FA-102", "", 0)
	cn := hrev166Note(t, f, "F1", d(3, 6), "100.00", "AV-7")
	b3 := hrev166Bill(t, f, "F2", d(3, 2), 44, "1000.00", "D-55", "2", 18)
	req := reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31), EarlyForDiscount: true,
		Debtor: "Atelier Lévêque & Fils"}
	run, err := f.rec.RunPayments(ctx, req)
	require.NoError(t, err)
	require.Len(t, run.Payments, 2)
	byP := map[string]reconcile.RunPayment{}
	for _, p := range run.Payments {
		byP[p.Partner] = p
	}
	require.Equal(t, "1080.00", byP["F1"].Amount.Plain())
	require.Equal(t, []journal.ID{b1.ID}, byP["F1"].Bills)
	require.Equal(t, []journal.ID{cn.ID}, byP["F1"].CreditNotes)
	require.Equal(t, "1176.00", byP["F2"].Amount.Plain())
	require.Equal(t, "24.00", byP["F2"].Discount.Plain())
	require.Equal(t, "-2256.00", hrev166Bal(t, f, "512200"))
	require.Equal(t, "-20.00", hrev166Bal(t, f, "765000"))
	require.Equal(t, "-600.00", hrev166Bal(t, f, "401000"), "only FA-102 stays owed")
	// 445660: 200 + 100 + 200 - 20 - 4
	require.Equal(t, "476.00", hrev166Bal(t, f, "445660"))
	require.Equal(t, reconcile.InPayment, f.state(t, b1).State)
	require.Equal(t, reconcile.NotPaid, f.state(t, b2).State)
	require.Equal(t, reconcile.InPayment, f.state(t, b3).State)
	for _, p := range run.Payments {
		require.Equal(t, d(3, 18), p.Payment.Date)
		require.Equal(t, "401000", p.Payment.Lines[0].Account)
		require.Equal(t, p.Partner, p.Payment.Lines[0].Partner)
		require.Equal(t, "512200", p.Payment.Lines[1].Account)
	}
	f.check(t)

	xml := hrev166File(t, f, run)
	require.Equal(t, []string{run.ID}, hrev166Tag(t, xml, "MsgId"))
	require.Equal(t, []string{"2256.00", "2256.00"}, hrev166Tag(t, xml, "CtrlSum"))
	require.Equal(t, []string{"2", "2"}, hrev166Tag(t, xml, "NbOfTxs"))
	require.Equal(t, []string{"2026-03-18"}, hrev166Tag(t, xml, "Dt"))
	require.Contains(t, xml, "<IBAN>FR7630006000011234567890189</IBAN>")
	require.Contains(t, xml, "<IBAN>FR1420041010050500013M02606</IBAN>")
	require.Contains(t, xml, "<BICFI>PSSTFRPPPAR</BICFI>")
	rem := hrev166Tag(t, xml, "Ustrd")
	require.ElementsMatch(t, []string{"FA-101 AV-7", "D-55"}, rem)
	require.Contains(t, xml, "<Nm>Fournitures Elegance + Cie</Nm>")

	// Replay: same run, nothing written.
	snap := f.snapshot(t)
	again, err := f.rec.RunPayments(ctx, req)
	require.NoError(t, err)
	require.Equal(t, run.ID, again.ID)
	f.unchanged(t, snap)
	require.Equal(t, xml, hrev166File(t, f, again))

	// The bank books the run as one batch line naming its message id.
	st := reconcile.BankStatement{Account: ident.IBAN("FR7630006000011234567890189"), ID: "REL-1", Currency: eur,
		Opening: e("10000.00"), Closing: e("7744.00"), OpeningDate: d(3, 19), ClosingDate: d(3, 19),
		Entries: []reconcile.BankEntry{{Ref: "E1", BookingDate: d(3, 19), Amount: e("-2256.00"), Label: "VIREMENTS SEPA EMIS",
			Batch: reconcile.BankBatch{MsgID: run.ID, Count: 2}}}}
	_, err = f.rec.ImportStatement(ctx, st)
	require.NoError(t, err)
	props, err := f.rec.ProposeImported(ctx, "BQO", reconcile.Rules{})
	require.NoError(t, err)
	require.Len(t, props, 1)
	require.True(t, props[0].Matched, props[0].Reason)
	outs, err := f.rec.ApplyImported(ctx, journal.NewID(), props)
	require.NoError(t, err)
	require.NoError(t, outs[0].Err)
	require.Equal(t, "0.00", hrev166Bal(t, f, "512200"))
	require.Equal(t, "-2256.00", hrev166Bal(t, f, "512000"))
	require.Equal(t, reconcile.Paid, f.state(t, b1).State)
	require.Equal(t, reconcile.Paid, f.state(t, b3).State)
	f.check(t)

	// A second run: another message id.
	run2, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(4, 8), DueBy: d(4, 10)})
	require.NoError(t, err)
	require.NotEqual(t, run.ID, run2.ID)
	require.Len(t, run2.Payments, 1)
	require.Equal(t, "600.00", run2.Payments[0].Amount.Plain())
	xml2 := hrev166File(t, f, run2)
	require.Equal(t, []string{"FA-102"}, hrev166Tag(t, xml2, "Ustrd"))
	require.NotEqual(t, hrev166Tag(t, xml, "EndToEndId"), hrev166Tag(t, xml2, "EndToEndId"))
}

// hrev166Import imports a statement and applies every proposal.
func hrev166Import(t *testing.T, f *fixture, st reconcile.BankStatement) []reconcile.ImportedProposal {
	t.Helper()
	_, err := f.rec.ImportStatement(ctx, st)
	require.NoError(t, err)
	props, err := f.rec.ProposeImported(ctx, "BQO", reconcile.Rules{})
	require.NoError(t, err)
	outs, err := f.rec.ApplyImported(ctx, journal.NewID(), props)
	require.NoError(t, err)
	for i, o := range outs {
		if props[i].Matched {
			require.NoError(t, o.Err, props[i].Reason)
		}
	}
	return props
}

// hrev166Residual is the residual of a document's payable line.
func hrev166Residual(t *testing.T, f *fixture, doc journal.Entry) string {
	t.Helper()
	return f.residual(t, doc.LineRef(0)).Plain()
}

// One statement line per transfer clears each payment by its end-to-end
// id; then the bank returns F2's transfer (RRTN): F2's bill is owed again,
// in full — the discount obtained by paying early is lost with the
// payment (DESIGN §5: a discount belongs to its match) — and F1 stays paid.
func TestHrev166RunPerTransferLinesThenReturn(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	b1 := hrev166Bill(t, f, "F1", d(3, 1), 10, "1000.00", "FA-101", "", 0)
	b3 := hrev166Bill(t, f, "F2", d(3, 2), 28, "1000.00", "D-55", "2", 18)
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 2)
	e2e := map[string]string{}
	for _, p := range run.Payments {
		e2e[p.Partner] = p.EndToEndID
	}
	require.Equal(t, "-2376.00", hrev166Bal(t, f, "512200"))
	props := hrev166Import(t, f, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "REL-1", Currency: eur,
		Opening: e("5000.00"), Closing: e("2624.00"), OpeningDate: d(3, 19), ClosingDate: d(3, 19),
		Entries: []reconcile.BankEntry{
			{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1200.00"), Label: "VIR SEPA FOURNITURES",
				Transactions: []reconcile.BankTransaction{{EndToEndID: e2e["F1"]}}},
			{Ref: "E2", BookingDate: d(3, 19), Amount: e("-1176.00"), Label: "VIR SEPA DURAND",
				Transactions: []reconcile.BankTransaction{{EndToEndID: e2e["F2"]}}},
		}})
	for _, p := range props {
		require.True(t, p.Matched, p.Reason)
	}
	require.Equal(t, "0.00", hrev166Bal(t, f, "512200"))
	require.Equal(t, reconcile.Paid, f.state(t, b1).State)
	require.Equal(t, reconcile.Paid, f.state(t, b3).State)
	f.check(t)

	props = hrev166Import(t, f, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "REL-2", Currency: eur,
		Opening: e("2624.00"), Closing: e("3800.00"), OpeningDate: d(3, 23), ClosingDate: d(3, 23),
		Entries: []reconcile.BankEntry{
			{Ref: "R1", BookingDate: d(3, 23), Amount: e("1176.00"), Reversal: true, BankCode: "PMNT/ICDT/RRTN", Label: "RETOUR VIR SEPA",
				Transactions: []reconcile.BankTransaction{{EndToEndID: e2e["F2"]}}},
		}})
	require.True(t, props[0].Matched, props[0].Reason)
	require.Equal(t, "-1200.00", hrev166Bal(t, f, "512000"), "-1200 - 1176 + 1176")
	require.Equal(t, reconcile.Paid, f.state(t, b1).State)
	st := f.state(t, b3)
	require.Equal(t, reconcile.NotPaid, st.State)
	require.Equal(t, "-1200.00", hrev166Residual(t, f, b3), "the bill is owed again in full")
	require.Equal(t, "0.00", hrev166Bal(t, f, "765000"), "the discount is reversed with the payment it went with")
	require.Equal(t, "-1200.00", hrev166Bal(t, f, "401000"))
	f.check(t)

	// The next run pays it again, in full now that the offer has ended.
	run2, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, run2.Payments, 1)
	require.Equal(t, "F2", run2.Payments[0].Partner)
	require.Equal(t, "1200.00", run2.Payments[0].Amount.Plain())
	require.Equal(t, []journal.ID{b3.ID}, run2.Payments[0].Bills)
	f.check(t)
}

// Cancelling a run before it is sent: each of its payments cancelled
// (CancelPayment) leaves the bills owed and 512200 at zero; a later run
// pays them again under a new message id; a bank line of the cancelled
// run's total naming its message id is not taken as clearing it.
func TestHrev166RunCancelledBeforeSent(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	b1 := hrev166Bill(t, f, "F1", d(3, 1), 10, "1000.00", "FA-101", "", 0)
	b2 := hrev166Bill(t, f, "F2", d(3, 1), 10, "250.00", "D-56", "", 0)
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 2)
	for _, p := range run.Payments {
		_, err := f.rec.CancelPayment(ctx, journal.NewID(), p.Payment.ID)
		require.NoError(t, err)
	}
	require.Equal(t, "0.00", hrev166Bal(t, f, "512200"))
	require.Equal(t, "-1500.00", hrev166Bal(t, f, "401000"))
	require.Equal(t, reconcile.NotPaid, f.state(t, b1).State)
	require.Equal(t, reconcile.NotPaid, f.state(t, b2).State)
	f.check(t)

	run2, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 19), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.NotEqual(t, run.ID, run2.ID)
	require.Len(t, run2.Payments, 2)
	require.Equal(t, "-1500.00", hrev166Bal(t, f, "512200"))

	// The bank executes the second run; a line naming the first (which was
	// never sent) must not clear the second's payments nor the reversed ones.
	_, err = f.rec.ImportStatement(ctx, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "REL-1", Currency: eur,
		Opening: e("5000.00"), Closing: e("3500.00"), OpeningDate: d(3, 20), ClosingDate: d(3, 20),
		Entries: []reconcile.BankEntry{{Ref: "E1", BookingDate: d(3, 20), Amount: e("-1500.00"), Label: "VIREMENTS SEPA",
			Batch: reconcile.BankBatch{MsgID: run2.ID, Count: 2}}}})
	require.NoError(t, err)
	props, err := f.rec.ProposeImported(ctx, "BQO", reconcile.Rules{})
	require.NoError(t, err)
	require.True(t, props[0].Matched, props[0].Reason)
	outs, err := f.rec.ApplyImported(ctx, journal.NewID(), props)
	require.NoError(t, err)
	require.NoError(t, outs[0].Err)
	require.Equal(t, "0.00", hrev166Bal(t, f, "512200"))
	require.Equal(t, reconcile.Paid, f.state(t, b1).State)
	require.Equal(t, reconcile.Paid, f.state(t, b2).State)
	f.check(t)
}

// Same operation id, another request: refused, nothing written.
func TestHrev166RunReplayConflict(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	hrev166Bill(t, f, "F1", d(3, 1), 10, "1000.00", "FA-101", "", 0)
	hrev166Bill(t, f, "F2", d(3, 1), 40, "250.00", "D-56", "", 0)
	op := journal.NewID()
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: op, Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 1)
	snap := f.snapshot(t)
	_, err = f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: op, Journal: "BQO", Date: d(3, 18), DueBy: d(4, 30)})
	require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
	f.unchanged(t, snap)
	// Another debtor name is no conflict, and the file keeps the first name.
	again, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: op, Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31), Debtor: "Autre"})
	require.NoError(t, err)
	require.Equal(t, run.ID, again.ID)
	require.Equal(t, "", again.Debtor)
	f.unchanged(t, snap)
}

// The escompte deadline is inclusive: offered until the run's date, it is
// taken; ended the day before, the bill is paid in full.
func TestHrev166RunDiscountDeadline(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	on := hrev166Bill(t, f, "F1", d(3, 1), 30, "1000.00", "FA-1", "2", 17)    // until 3/18
	before := hrev166Bill(t, f, "F2", d(3, 1), 30, "1000.00", "D-1", "2", 16) // until 3/17
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
	require.NoError(t, err)
	got := map[string]string{}
	for _, p := range run.Payments {
		got[p.Partner] = p.Amount.Plain() + "/" + p.Discount.Plain()
	}
	require.Equal(t, map[string]string{"F1": "1176.00/24.00", "F2": "1200.00/0.00"}, got)
	require.Equal(t, reconcile.InPayment, f.state(t, on).State)
	require.Equal(t, reconcile.InPayment, f.state(t, before).State)
	require.Equal(t, "-20.00", hrev166Bal(t, f, "765000"))
	require.Equal(t, "396.00", hrev166Bal(t, f, "445660"))
	f.check(t)
}

// A SEPA credit transfer is in euros (DESIGN §12; bank.ErrTransfer "not in
// euros"). A book kept in Swiss francs (Switzerland is in the SEPA scheme,
// so the run's journal check lets it through) has its run booked —
// payments on 512200, bills in_payment — and only then is its file
// refused: the run can never be sent.
func TestHrev166RunInNonEuroBookBookedButUnsendable(t *testing.T) {
	t.Parallel()
	// Was failing, fixed: a run in a CHF book is booked (512200 -1000.00, bill in_payment), then bank.CreditTransfers/WritePain001 refuses it as not in euros; expected ErrRun, nothing written
	chf := currency.MustLookup("CHF")
	f := newFixtureIn(t, stores[0].Open(t), chf)
	require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BQO", Name: "Banque", Kind: ledger.JournalBank, BankAccount: "512000",
		UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200", IBAN: "CH9300762011623852957"}))
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "F1", Name: "Fournitures SA",
		BankAccounts: []ledger.BankAccount{{IBAN: "FR1420041010050500013M02606", BIC: "PSSTFRPPPAR"}}}))
	chfAmt := func(s string) currency.Amount { return currency.MustParse(chf, s) }
	f.post(t, journal.Entry{Journal: "AC", Date: d(3, 1), Type: journal.TypeInvoice, Ref: "FA-1", Lines: []journal.Line{
		{Account: "401000", Partner: "F1", Balance: chfAmt("-1000.00"), DueDate: d(3, 10)},
		{Account: "607000", Balance: chfAmt("1000.00")}}})
	snap := f.snapshot(t)
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31),
		Debtor: "Atelier SA", DebtorAddress: ledger.Address{Town: "Geneve", Country: "CH"}})
	if err == nil {
		ct, cerr := bank.CreditTransfers(ctx, f.book, run, "Atelier SA")
		if cerr == nil {
			var buf bytes.Buffer
			cerr = bank.WritePain001(&buf, ct)
		}
		bal, _ := f.book.Balance(ctx, ledger.BalanceQuery{Account: "512200"})
		t.Logf("run %s booked, 512200 %s; its file: %v", run.ID, bal.Balance.Plain(), cerr)
		require.NoError(t, cerr, "a run the book accepted must give a file the bank takes")
	}
	require.ErrorIs(t, err, reconcile.ErrRun)
	f.unchanged(t, snap)
}

// A supplier owed more than one SEPA transfer carries (999 999 999.99 EUR):
// the run books a payment the file then refuses.
func TestHrev166RunAboveSEPAMaximum(t *testing.T) {
	t.Parallel()
	// Was failing, fixed: a run owing 1000000000.00 EUR to one supplier is booked (512200 -1000000000.00), then WritePain001 refuses the transfer; expected ErrRun (or the transfer split), nothing unsendable written
	f := hrev166Book(t)
	rrBill(t, f, "F1", d(3, 1), d(3, 10), "1000000000.00", "FA-BIG")
	snap := f.snapshot(t)
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
	if err == nil {
		ct, cerr := bank.CreditTransfers(ctx, f.book, run, "Atelier")
		if cerr == nil {
			var buf bytes.Buffer
			cerr = bank.WritePain001(&buf, ct)
		}
		t.Logf("run %s booked, 512200 %s; its file: %v", run.ID, hrev166Bal(t, f, "512200"), cerr)
		require.NoError(t, cerr, "a run the book accepted must give a file the bank takes")
		return
	}
	require.ErrorIs(t, err, reconcile.ErrRun)
	f.unchanged(t, snap)
}

// One bank line clears the whole run; then the bank returns one of its
// transfers: only that supplier's bills are owed again.
func TestHrev166RunBatchLineThenOneReturned(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	b1 := hrev166Bill(t, f, "F1", d(3, 1), 10, "1000.00", "FA-101", "", 0)
	b2 := hrev166Bill(t, f, "F1", d(3, 2), 10, "500.00", "FA-102", "", 0)
	b3 := hrev166Bill(t, f, "F2", d(3, 2), 10, "250.00", "D-55", "", 0)
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 2, "one transfer per supplier")
	e2e := map[string]string{}
	for _, p := range run.Payments {
		e2e[p.Partner] = p.EndToEndID
		if p.Partner == "F1" {
			require.Equal(t, "1800.00", p.Amount.Plain())
			require.Equal(t, []journal.ID{b1.ID, b2.ID}, p.Bills)
		}
	}
	xml := hrev166File(t, f, run)
	require.ElementsMatch(t, []string{"FA-101 FA-102", "D-55"}, hrev166Tag(t, xml, "Ustrd"))
	props := hrev166Import(t, f, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "REL-1", Currency: eur,
		Opening: e("5000.00"), Closing: e("2900.00"), OpeningDate: d(3, 19), ClosingDate: d(3, 19),
		Entries: []reconcile.BankEntry{{Ref: "E1", BookingDate: d(3, 19), Amount: e("-2100.00"), Label: "REMISE VIREMENTS",
			Batch: reconcile.BankBatch{MsgID: run.ID, Count: 2}}}})
	require.True(t, props[0].Matched, props[0].Reason)
	require.Equal(t, "0.00", hrev166Bal(t, f, "512200"))
	for _, b := range []journal.Entry{b1, b2, b3} {
		require.Equal(t, reconcile.Paid, f.state(t, b).State)
	}
	props = hrev166Import(t, f, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "REL-2", Currency: eur,
		Opening: e("2900.00"), Closing: e("3200.00"), OpeningDate: d(3, 24), ClosingDate: d(3, 24),
		Entries: []reconcile.BankEntry{{Ref: "R1", BookingDate: d(3, 24), Amount: e("300.00"), Reversal: true, BankCode: "PMNT/ICDT/RRTN",
			Label: "RETOUR VIREMENT COMPTE CLOS", Transactions: []reconcile.BankTransaction{{EndToEndID: e2e["F2"]}}}}})
	require.True(t, props[0].Matched, props[0].Reason)
	require.Equal(t, reconcile.Paid, f.state(t, b1).State)
	require.Equal(t, reconcile.Paid, f.state(t, b2).State)
	require.Equal(t, reconcile.NotPaid, f.state(t, b3).State)
	require.Equal(t, "-300.00", hrev166Residual(t, f, b3))
	require.Equal(t, "-300.00", hrev166Bal(t, f, "401000"))
	require.Equal(t, "-1800.00", hrev166Bal(t, f, "512000"))
	f.check(t)
}

// Cash-basis deductible VAT (445640) on a bill paid by a run less its
// escompte: the discount's VAT share (4.00) comes out of 445640, the
// payment's cash-basis share (196.00) moves to 445660, and 445640 ends at
// zero (DESIGN §5, invariant 9).
func TestHrev166RunDiscountOnCashBasisBill(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	vat := tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnPayment)
	x, err := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d(3, 1), Ref: "SRV-9", Partner: "F1", PartnerAccount: "401000",
		Lines: []journal.InvoiceLine{{Label: "Prestation", UnitPrice: e("1000.00"), Taxes: []tax.Tax{vat}, Account: "604000"}},
		Terms: journal.PaymentTerms{Due: journal.DueRule{Kind: journal.NetDays, Days: 30},
			Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 10}}}.Entry()
	require.NoError(t, err)
	bill := f.post(t, x)
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 11), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 1)
	require.Equal(t, "1176.00", run.Payments[0].Amount.Plain())
	require.Equal(t, "24.00", run.Payments[0].Discount.Plain())
	require.Equal(t, "0.00", hrev166Bal(t, f, "445640"))
	require.Equal(t, "196.00", hrev166Bal(t, f, "445660"))
	require.Equal(t, "-20.00", hrev166Bal(t, f, "765000"))
	require.Equal(t, "0.00", hrev166Bal(t, f, "401000"))
	require.Equal(t, reconcile.InPayment, f.state(t, bill).State)
	f.check(t)
}

// A bill paid in part by hand before the run: the run pays the rest, no
// discount (something was paid on it), and names the bill.
func TestHrev166RunPaysRestOfPartlyPaidBill(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	bill := hrev166Bill(t, f, "F1", d(3, 1), 20, "1000.00", "FA-7", "2", 15)
	_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "F1", Journal: "BQO", Date: d(3, 5),
		Method: reconcile.MethodTransfer, Amount: e("400.00"), Invoices: []journal.ID{bill.ID}})
	require.NoError(t, err)
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 12), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 1)
	require.Equal(t, "800.00", run.Payments[0].Amount.Plain())
	require.Equal(t, "0.00", run.Payments[0].Discount.Plain())
	require.Equal(t, []journal.ID{bill.ID}, run.Payments[0].Bills)
	require.Equal(t, []string{"FA-7"}, hrev166Tag(t, hrev166File(t, f, run), "Ustrd"))
	require.Equal(t, "0.00", hrev166Bal(t, f, "401000"))
	f.check(t)
}

// A supplier with a bill in dollars and one in euros: the run pays the
// euro bill only; the dollar bill stays open. Bills in two instalments:
// only the one due is paid, and the bill matched once the second run
// pays the rest.
func TestHrev166RunForeignBillAndInstalments(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.25")))
	usdBill := f.post(t, journal.Entry{Journal: "AC", Date: d(3, 1), Type: journal.TypeInvoice, Ref: "US-1", Currency: usd, Lines: []journal.Line{
		{Account: "401000", Partner: "F1", Balance: e("-800.00"), AmountCurrency: currency.MustParse(usd, "-1000.00"), DueDate: d(3, 5)},
		{Account: "607000", Balance: e("800.00"), AmountCurrency: currency.MustParse(usd, "1000.00")}}})
	inst := f.post(t, journal.Entry{Journal: "AC", Date: d(3, 1), Type: journal.TypeInvoice, Ref: "FA-2X", Lines: []journal.Line{
		{Account: "401000", Partner: "F1", Balance: e("-500.00"), DueDate: d(3, 15)},
		{Account: "401000", Partner: "F1", Balance: e("-500.00"), DueDate: d(4, 15)},
		{Account: "607000", Balance: e("1000.00")}}})
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 16), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 1)
	require.Equal(t, "500.00", run.Payments[0].Amount.Plain())
	require.Equal(t, []journal.ID{inst.ID}, run.Payments[0].Bills)
	require.Equal(t, reconcile.NotPaid, f.state(t, usdBill).State)
	require.Equal(t, reconcile.Partial, f.state(t, inst).State)
	run2, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(4, 15), DueBy: d(4, 30)})
	require.NoError(t, err)
	require.Len(t, run2.Payments, 1)
	require.Equal(t, "500.00", run2.Payments[0].Amount.Plain())
	require.Equal(t, reconcile.InPayment, f.state(t, inst).State)
	code, prov, err := f.rec.Code(ctx, inst.LineRef(0))
	require.NoError(t, err)
	require.False(t, prov)
	require.Equal(t, "AAA", code)
	code2, _, err := f.rec.Code(ctx, inst.LineRef(1))
	require.NoError(t, err)
	require.Equal(t, "AAB", code2, "each instalment matched with its own payment")
	f.check(t)
}

// A supplier with a bill due and no bank account: the run is refused with
// ErrRun and writes nothing, for every supplier.
func TestHrev166RunSupplierWithoutIBAN(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "F3", Name: "Sans banque"}))
	hrev166Bill(t, f, "F1", d(3, 1), 10, "1000.00", "FA-1", "", 0)
	hrev166Bill(t, f, "F3", d(3, 1), 10, "100.00", "X-1", "", 0)
	snap := f.snapshot(t)
	_, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
	require.ErrorIs(t, err, reconcile.ErrRun)
	require.Contains(t, err.Error(), "F3")
	f.unchanged(t, snap)
	// Leaving it out of the run pays the others.
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31), Partners: []string{"F1"}})
	require.NoError(t, err)
	require.Len(t, run.Payments, 1)
}

// The bank executes a run but one transfer is rejected before execution
// (the supplier's account closed): it books one batch entry of what it
// paid, naming the run's message id and the transfer it carried by its
// end-to-end id. That entry clears F1's payment; F2's stays waiting on
// 512200, its bill in_payment.
func TestHrev166RunBatchLineShortOfOneTransfer(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	b1 := hrev166Bill(t, f, "F1", d(3, 1), 10, "1500.00", "FA-101", "", 0)
	b3 := hrev166Bill(t, f, "F2", d(3, 2), 10, "250.00", "D-55", "", 0)
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
	require.NoError(t, err)
	e2e := map[string]string{}
	for _, p := range run.Payments {
		e2e[p.Partner] = p.EndToEndID
	}
	props := hrev166Import(t, f, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "REL-1", Currency: eur,
		Opening: e("5000.00"), Closing: e("3200.00"), OpeningDate: d(3, 19), ClosingDate: d(3, 19),
		Entries: []reconcile.BankEntry{{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1800.00"), Label: "REMISE VIREMENTS",
			Batch:        reconcile.BankBatch{MsgID: run.ID, Count: 1},
			Transactions: []reconcile.BankTransaction{{Amount: e("-1800.00"), EndToEndID: e2e["F1"]}}}}})
	t.Log(props[0].Reason)
	require.True(t, props[0].Matched, props[0].Reason)
	require.Equal(t, "-300.00", hrev166Bal(t, f, "512200"), "F2's transfer still waits")
	require.Equal(t, reconcile.Paid, f.state(t, b1).State)
	require.Equal(t, reconcile.InPayment, f.state(t, b3).State)
	f.check(t)
}

// A run nets a credit note against a bill; the bank returns the transfer:
// the bill is owed again for what the transfer paid only (1 200.00 −
// 120.00 = 1 080.00), the credit note stays set off, and the next run pays
// 1 080.00 naming the bill.
func TestHrev166RunReturnKeepsCreditNoteSetOff(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	bill := hrev166Bill(t, f, "F1", d(3, 1), 10, "1000.00", "FA-101", "", 0)
	cn := hrev166Note(t, f, "F1", d(3, 3), "100.00", "AV-7")
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Equal(t, "1080.00", run.Payments[0].Amount.Plain())
	e2e := run.Payments[0].EndToEndID
	hrev166Import(t, f, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "REL-1", Currency: eur,
		Opening: e("5000.00"), Closing: e("3920.00"), OpeningDate: d(3, 19), ClosingDate: d(3, 19),
		Entries: []reconcile.BankEntry{{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1080.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: e2e}}}}})
	require.Equal(t, reconcile.Paid, f.state(t, bill).State)
	props := hrev166Import(t, f, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "REL-2", Currency: eur,
		Opening: e("3920.00"), Closing: e("5000.00"), OpeningDate: d(3, 24), ClosingDate: d(3, 24),
		Entries: []reconcile.BankEntry{{Ref: "R1", BookingDate: d(3, 24), Amount: e("1080.00"), BankCode: "PMNT/ICDT/RRTN",
			Label: "RETOUR VIR", Transactions: []reconcile.BankTransaction{{EndToEndID: e2e}}}}})
	require.True(t, props[0].Matched, props[0].Reason)
	require.Equal(t, reconcile.Partial, f.state(t, bill).State)
	require.Equal(t, "-1080.00", hrev166Residual(t, f, bill))
	require.Equal(t, "0.00", hrev166Residual(t, f, cn))
	require.Equal(t, "-1080.00", hrev166Bal(t, f, "401000"))
	f.check(t)
	run2, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 26), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, run2.Payments, 1)
	require.Equal(t, "1080.00", run2.Payments[0].Amount.Plain())
	require.Equal(t, []string{"FA-101"}, hrev166Tag(t, hrev166File(t, f, run2), "Ustrd"))
	require.Equal(t, reconcile.InPayment, f.state(t, bill).State)
	f.check(t)
}

// A run dated on or before the tax lock date (the last VAT return filed):
// its payment stays at the run's date, its escompte entry, which touches
// 445660, moves to the first open date (DESIGN §5); the run is not refused.
func TestHrev166RunDiscountUnderTaxLock(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	bill := hrev166Bill(t, f, "F1", d(3, 1), 30, "1000.00", "FA-1", "2", 20)
	require.NoError(t, f.book.SetLockDate(ctx, ledger.LockTax, d(3, 15), "CA3 de mars déposée"))
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 12), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Equal(t, "1176.00", run.Payments[0].Amount.Plain())
	require.Equal(t, d(3, 12), run.Payments[0].Payment.Date)
	var disc []journal.Entry
	for _, x := range run.Result.Entries {
		if x.Type == journal.TypeDiscount {
			disc = append(disc, x)
		}
	}
	require.Len(t, disc, 1)
	require.Equal(t, d(3, 16), disc[0].Date)
	require.Equal(t, bill.ID, disc[0].Document)
	require.Equal(t, reconcile.InPayment, f.state(t, bill).State)
	f.check(t)
}

// A supplier paid 120.00 USD on account (booked at 1.20: 100.00 EUR) has a
// 1 200.00 EUR bill due: the run sets the dollars off against the bill at
// the payment's booked rate (DESIGN §5) and pays 1 100.00 EUR; the
// transfer's remittance names the bill and the payment on account.
func TestHrev166RunSetsOffForeignPaymentOnAccount(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.20")))
	_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "F1", Journal: "BQO", Date: d(3, 2),
		Method: reconcile.MethodTransfer, Amount: currency.MustParse(usd, "120.00"), Ref: "ACOMPTE-1"})
	require.NoError(t, err)
	bill := hrev166Bill(t, f, "F1", d(3, 3), 10, "1000.00", "FA-1", "", 0)
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 1)
	require.Equal(t, "1100.00", run.Payments[0].Amount.Plain())
	require.Len(t, run.Payments[0].OnAccount, 1)
	require.Equal(t, []string{"FA-1 ACOMPTE-1"}, hrev166Tag(t, hrev166File(t, f, run), "Ustrd"))
	require.Equal(t, "0.00", hrev166Bal(t, f, "401000"))
	require.Equal(t, "0.00", hrev166Bal(t, f, "656000"))
	require.Equal(t, "0.00", hrev166Bal(t, f, "756000"))
	require.Equal(t, reconcile.InPayment, f.state(t, bill).State)
	f.check(t)
}

// One payment of a run cancelled before the file is sent (the supplier's
// bill disputed): the file written again from the run (a replay of its
// operation, as the CLI does with --id) must not carry the cancelled
// transfer — the bank would pay a bill the book shows unpaid, and the
// money would leave with no payment entry behind it.
func TestHrev166RunFileAfterOnePaymentCancelled(t *testing.T) {
	t.Parallel()
	// Was failing, fixed: after CancelPayment of F2's run payment, the run's file written again still carries F2's 300.00 transfer (NbOfTxs 2, CtrlSum 1500.00); expected only F1's 1200.00 (or a refusal)
	f := hrev166Book(t)
	hrev166Bill(t, f, "F1", d(3, 1), 10, "1000.00", "FA-101", "", 0)
	b3 := hrev166Bill(t, f, "F2", d(3, 2), 10, "250.00", "D-55", "", 0)
	req := reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)}
	run, err := f.rec.RunPayments(ctx, req)
	require.NoError(t, err)
	for _, p := range run.Payments {
		if p.Partner == "F2" {
			_, err := f.rec.CancelPayment(ctx, journal.NewID(), p.Payment.ID)
			require.NoError(t, err)
		}
	}
	require.Equal(t, reconcile.NotPaid, f.state(t, b3).State)
	require.Equal(t, "-1200.00", hrev166Bal(t, f, "512200"))
	again, err := f.rec.RunPayments(ctx, req)
	if err != nil {
		return // refusing to write the file again is fine
	}
	ct, err := bank.CreditTransfers(ctx, f.book, again, "Atelier")
	if err != nil {
		return
	}
	var buf bytes.Buffer
	if err := bank.WritePain001(&buf, ct); err != nil {
		return
	}
	xml := buf.String()
	require.Equal(t, []string{"1200.00", "1200.00"}, hrev166Tag(t, xml, "CtrlSum"), "the cancelled transfer is still in the file")
	require.NotContains(t, xml, "D-55")
}
