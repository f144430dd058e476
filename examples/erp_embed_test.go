package examples_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/tax"
)

// The ERP embedding test: what an ERP does with the library over a month
// of a small company's books, written from the package documentation only,
// on a bbolt file closed and opened again halfway.

var erpEUR = currency.MustLookup("EUR")

func erpAmt(s string) currency.Amount { return currency.MustParse(erpEUR, s) }

func erpDay(m time.Month, d int) journal.Date { return journal.MustDate(2026, m, d) }

const erpIBAN = ident.IBAN("FR7630006000011234567890189")

// erpBooks opens the book and its reconciler on path: Create the first
// time, Open after.
func erpBooks(t *testing.T, ctx context.Context, path string, create bool) (*boltstore.DB, *ledger.Book, *reconcile.Reconciler) {
	t.Helper()
	st, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	clock := func() time.Time { return time.Date(2026, 3, 31, 18, 0, 0, 0, time.UTC) }
	opts := ledger.Options{Currency: erpEUR, Clock: clock}
	var book *ledger.Book
	if create {
		book, err = ledger.Create(ctx, st, opts)
	} else {
		book, err = ledger.Open(ctx, st, opts)
	}
	require.NoError(t, err)
	if create {
		// The reconciler checks its accounts: it comes after the chart.
		return st, book, nil
	}
	return st, book, erpReconciler(t, ctx, book)
}

func erpReconciler(t *testing.T, ctx context.Context, book *ledger.Book) *reconcile.Reconciler {
	t.Helper()
	rec, err := reconcile.New(ctx, book, reconcile.Config{Tolerance: []currency.Amount{erpAmt("0.05")}})
	require.NoError(t, err)
	return rec
}

func TestERPEmbed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "erp.db")
	st, book, _ := erpBooks(t, ctx, path, true)

	// --- Set up: year, French chart, a bank journal with its IBAN, partners.
	require.NoError(t, book.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, book.InstallFrenchChart(ctx))
	require.NoError(t, book.AddJournal(ctx, ledger.Journal{Code: "BNP", Name: "BNP Paribas", Kind: ledger.JournalBank,
		BankAccount: "512000", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200", IBAN: erpIBAN}))
	for _, p := range []ledger.Partner{
		{Code: "C1", Name: "Boulangerie Martin", PaymentTermDays: 30},
		{Code: "C2", Name: "Cabinet Roux"},
		{Code: "C3", Name: "Atelier Petit"},
		{Code: "S1", Name: "Grossiste Dupuis", BankAccounts: []ledger.BankAccount{{IBAN: "FR1420041010050500013M02606"}}},
		{Code: "S2", Name: "Kolb GmbH", BankAccounts: []ledger.BankAccount{{IBAN: "DE89370400440532013000", BIC: "COBADEFFXXX"}},
			Address: ledger.Address{Street: "Hohe Straße", BuildingNumber: "7", PostCode: "50667", Town: "Köln", Country: "DE"}},
	} {
		require.NoError(t, book.AddPartner(ctx, p))
	}
	_, err := book.Post(ctx, journal.Entry{Journal: "OD", Date: erpDay(3, 1), Type: journal.TypeOpening, Label: "Apport",
		Lines: []journal.Line{{Account: "512000", Balance: erpAmt("10000.00")}, {Account: "101000", Balance: erpAmt("-10000.00")}}})
	require.NoError(t, err)
	rec := erpReconciler(t, ctx, book)

	vat20 := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	vat10 := tax.MustFrenchVAT(tax.Intermediate, tax.Sales, tax.OnInvoice)
	vat55 := tax.MustFrenchVAT(tax.Reduced, tax.Sales, tax.OnInvoice)
	vat20enc := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnPayment)
	vat20ded := tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnInvoice)

	post := func(inv journal.Invoice) journal.Entry {
		t.Helper()
		e, err := inv.Entry()
		require.NoError(t, err)
		res, err := book.Post(ctx, e)
		require.NoError(t, err)
		return res.Entry
	}
	sale := func(partner string, d journal.Date, ref string, lines ...journal.InvoiceLine) journal.Invoice {
		return journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d, Partner: partner,
			PartnerAccount: "411000", Ref: ref, Label: "Facture " + ref, Lines: lines,
			Terms: journal.PaymentTerms{Due: journal.DueRule{Kind: journal.NetDays, Days: 30}}}
	}
	line := func(label, qty, price string, account string, taxes ...tax.Tax) journal.InvoiceLine {
		return journal.InvoiceLine{Label: label, Quantity: journal.MustQuantity(qty), UnitPrice: erpAmt(price), Taxes: taxes, Account: account}
	}
	state := func(id journal.ID) reconcile.DocumentState {
		t.Helper()
		s, err := rec.State(ctx, id)
		require.NoError(t, err)
		return s
	}

	// --- Sales invoices.
	// A: three VAT rates, 30 days net, 2 % off within 10 days.
	invA := sale("C1", erpDay(3, 2), "F-001",
		line("Farine T65", "10", "20.00", "707000", vat55),
		line("Four à sole", "1", "1000.00", "706000", vat20),
		line("Livraison", "1", "100.00", "708500", vat10))
	invA.Terms.Discount = &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 10}
	tot, err := invA.Totals()
	require.NoError(t, err)
	assert.Equal(t, "1300.00 EUR", tot.HT.String())
	assert.Equal(t, "1521.00 EUR", tot.TTC.String())
	require.Len(t, tot.Taxes, 3)
	disc, ok, err := invA.Terms.DiscountOn(tot.TTC, currency.HalfAwayFromZero)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "30.42 EUR", disc.String())
	a := post(invA)
	assert.Equal(t, "VT/2026/00001", a.Name())
	// B: a service with VAT due on payment (cash basis).
	b := post(sale("C2", erpDay(3, 5), "F-002", line("Conseil", "1", "500.00", "706000", vat20enc)))
	// C and D for C3, with a credit note against C.
	c := post(sale("C3", erpDay(3, 6), "F-003", line("Réparation", "1", "250.00", "706000", vat20)))
	cn := post(journal.Invoice{Kind: journal.CustomerCreditNote, Journal: "VT", Date: erpDay(3, 9), Partner: "C3",
		PartnerAccount: "411000", Ref: "AV-001", Label: "Avoir sur F-003", Lines: []journal.InvoiceLine{
			line("Remise commerciale", "1", "50.00", "709000", vat20)}})
	d := post(sale("C3", erpDay(3, 10), "F-004", line("Pièces", "3", "50.00", "706000", vat20)))
	// E, overpaid later; F, cancelled; G, paid by a receipt that names nothing.
	e := post(sale("C1", erpDay(3, 12), "F-005", line("Pétrin", "1", "200.00", "706000", vat20)))
	f := post(sale("C1", erpDay(3, 13), "F-006", line("Erreur", "1", "100.00", "706000", vat20)))
	g := post(sale("C2", erpDay(3, 16), "F-007", line("Audit", "1", "400.00", "706000", vat20)))
	// Supplier bills.
	bill := func(partner string, d journal.Date, ref, ht string, days int) journal.Entry {
		return post(journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d, Partner: partner,
			PartnerAccount: "401000", Ref: ref, Label: "Facture " + ref,
			Lines: []journal.InvoiceLine{line("Marchandises", "1", ht, "607000", vat20ded)},
			Terms: journal.PaymentTerms{Due: journal.DueRule{Kind: journal.NetDays, Days: days}}})
	}
	s1 := bill("S1", erpDay(3, 2), "DUP-778", "2000.00", 15)
	s2 := bill("S2", erpDay(3, 4), "KB-2026-118", "500.00", 10)
	assert.Equal(t, erpDay(4, 1), a.Lines[0].DueDate)

	// --- Credit note against C.
	_, err = rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{c.LineRef(0), cn.LineRef(0)}})
	require.NoError(t, err)
	assert.Equal(t, "240.00 EUR", state(c.ID).Residual.String())

	// --- Receipts, through the bank journal's outstanding receipts account.
	pay := func(p reconcile.Payment) reconcile.Result {
		t.Helper()
		if p.Direction == 0 {
			p.Direction = reconcile.Inbound
		}
		p.Journal, p.Method = "BNP", reconcile.MethodSEPATransfer
		res, err := rec.RegisterPayment(ctx, p)
		require.NoError(t, err)
		return res
	}
	// A paid within 10 days, discount taken.
	payA := pay(reconcile.Payment{Partner: "C1", Date: erpDay(3, 10), Amount: erpAmt("1490.58"),
		Invoices: []journal.ID{a.ID}, EarlyDiscount: true})
	assert.Equal(t, reconcile.InPayment, state(a.ID).State, "waits for the statement on 512100")
	assert.True(t, state(a.ID).Residual.IsZero())
	// B, partially: 240 of 600, VAT 40 of 100 becomes due.
	payB := pay(reconcile.Payment{Partner: "C2", Date: erpDay(3, 20), Amount: erpAmt("240.00"), Invoices: []journal.ID{b.ID}})
	assert.Equal(t, reconcile.Partial, state(b.ID).State)
	assert.Equal(t, "360.00 EUR", state(b.ID).Residual.String())
	bal, err := book.Balance(ctx, ledger.BalanceQuery{Account: "445740"})
	require.NoError(t, err)
	assert.Equal(t, "-60.00 EUR", bal.Balance.String(), "cash-basis VAT still pending on B")
	// One receipt paying C and D.
	payCD := pay(reconcile.Payment{Partner: "C3", Date: erpDay(3, 25), Amount: erpAmt("420.00"), Invoices: []journal.ID{c.ID, d.ID}})
	assert.True(t, state(c.ID).Residual.IsZero())
	assert.True(t, state(d.ID).Residual.IsZero())
	// E overpaid by 10.00: the rest stays an outstanding credit.
	payE := pay(reconcile.Payment{Partner: "C1", Date: erpDay(3, 28), Amount: erpAmt("250.00"), Ref: e.Name(), Invoices: []journal.ID{e.ID}})
	// G: the customer's transfer names nothing. The ERP gives the receipt
	// its id before the first attempt, so that a retry after a timeout
	// posts nothing twice.
	opG := journal.NewID()
	payG := pay(reconcile.Payment{Operation: opG, Partner: "C2", Date: erpDay(3, 27), Amount: erpAmt("480.00")})
	assert.Equal(t, reconcile.NotPaid, state(g.ID).State)
	again := pay(reconcile.Payment{Operation: opG, Partner: "C2", Date: erpDay(3, 27), Amount: erpAmt("480.00")})
	assert.True(t, again.Replay)
	assert.Equal(t, payG.Entries[0].ID, again.Entries[0].ID)
	_, err = rec.RegisterPayment(ctx, reconcile.Payment{Operation: opG, Direction: reconcile.Inbound, Partner: "C2", Journal: "BNP",
		Method: reconcile.MethodSEPATransfer, Date: erpDay(3, 27), Amount: erpAmt("490.00")})
	assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)

	// --- Close the file and open the book again.
	require.NoError(t, st.Close())
	st, book, rec = erpBooks(t, ctx, path, false)
	defer st.Close()
	assert.Equal(t, reconcile.InPayment, state(a.ID).State)
	assert.Equal(t, "360.00 EUR", state(b.ID).Residual.String())
	stE, err := rec.Statement(ctx, "411000", "C1")
	require.NoError(t, err)
	assert.Equal(t, "10.00 EUR", stE.Unallocated.String())

	// --- Unletter the overpayment, then let automatic lettering find it
	// again by its reference, and G's receipt by its amount.
	// The group stays open (the payment has 10.00 left): its code is
	// provisional.
	code, provisional, err := rec.Code(ctx, e.LineRef(0))
	require.NoError(t, err)
	assert.True(t, provisional, code)
	_, err = rec.Unletter(ctx, journal.NoID, payE.Entries[0].LineRef(0))
	require.NoError(t, err)
	assert.Equal(t, reconcile.NotPaid, state(e.ID).State)
	sum, err := rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Accounts: []string{"411000"}}})
	require.NoError(t, err)
	assert.Equal(t, 2, sum.Applied, "%+v", sum)
	assert.Equal(t, reconcile.InPayment, state(e.ID).State)
	assert.Equal(t, reconcile.InPayment, state(g.ID).State)
	code, _, err = rec.Code(ctx, a.LineRef(0))
	require.NoError(t, err)
	assert.Equal(t, "AAA", code, "A, its receipt and its discount")

	// --- Cancel F.
	rev, err := rec.Reverse(ctx, reconcile.Reversal{Entry: f.ID})
	require.NoError(t, err)
	require.NotEmpty(t, rev.Entries)
	assert.Equal(t, reconcile.Reversed, state(f.ID).State)

	// --- Supplier payment run, SEPA file.
	run, err := rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BNP", Date: erpDay(3, 18), DueBy: erpDay(3, 18)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 2)
	for _, id := range []journal.ID{s1.ID, s2.ID} {
		assert.Equal(t, reconcile.InPayment, state(id).State)
	}
	sepa, err := bank.CreditTransfers(ctx, book, run, "Boulangerie Industrielle SA")
	require.NoError(t, err)
	var pain bytes.Buffer
	require.NoError(t, bank.WritePain001(&pain, sepa))
	assert.Contains(t, pain.String(), "<CtrlSum>3000.00</CtrlSum>")
	assert.Contains(t, pain.String(), "DUP-778")

	// --- The March statement, built from the bank package's types.
	stmt := reconcile.BankStatement{Account: erpIBAN, ID: "BNP-2026-03", Currency: erpEUR,
		Opening: erpAmt("10000.00"), OpeningDate: erpDay(3, 1), ClosingDate: erpDay(3, 31)}
	add := func(ref string, on journal.Date, amount string, tx ...reconcile.BankTransaction) {
		stmt.Entries = append(stmt.Entries, reconcile.BankEntry{Ref: ref, BookingDate: on, Amount: erpAmt(amount),
			Label: "VIR " + ref, Transactions: tx})
	}
	for i, p := range run.Payments {
		add("R"+string(rune('1'+i)), erpDay(3, 19), p.Amount.Neg().Plain(), reconcile.BankTransaction{Amount: p.Amount.Neg(), EndToEndID: p.EndToEndID})
	}
	add("A1", erpDay(3, 11), "1490.58")
	add("B1", erpDay(3, 23), "240.00")
	add("CD1", erpDay(3, 26), "420.00")
	add("G1", erpDay(3, 30), "480.00")
	add("E1", erpDay(3, 30), "250.00")
	add("FEE", erpDay(3, 31), "-12.50")
	closing := stmt.Opening
	for _, en := range stmt.Entries {
		closing, err = closing.Add(en.Amount)
		require.NoError(t, err)
	}
	stmt.Closing = closing
	assert.Equal(t, "9868.08 EUR", closing.String())
	require.NoError(t, stmt.Check())
	imp, err := rec.ImportStatement(ctx, stmt)
	require.NoError(t, err)
	assert.True(t, imp.New)
	assert.Equal(t, "BNP", imp.Journal)
	// The same file imported twice writes nothing; the same id with other
	// content is refused.
	imp, err = rec.ImportStatement(ctx, stmt)
	require.NoError(t, err)
	assert.False(t, imp.New)
	changed := stmt
	changed.Entries = append([]reconcile.BankEntry(nil), stmt.Entries...)
	changed.Entries[len(changed.Entries)-1].Label = "FRAIS"
	_, err = rec.ImportStatement(ctx, changed)
	assert.ErrorIs(t, err, reconcile.ErrStatement)
	props, err := rec.ProposeImported(ctx, "BNP", reconcile.Rules{})
	require.NoError(t, err)
	matched := 0
	for _, p := range props {
		if p.Matched {
			matched++
		} else {
			t.Logf("unmatched %s: %s", p.Ref, p.Reason)
		}
	}
	assert.Equal(t, 7, matched)
	outs, err := rec.ApplyImported(ctx, journal.NoID, props)
	require.NoError(t, err)
	for i, o := range outs {
		if props[i].Matched {
			assert.NoError(t, o.Err, props[i].Ref)
		}
	}
	left, err := rec.OpenImported(ctx, "BNP")
	require.NoError(t, err)
	require.Len(t, left, 1)
	_, err = rec.PostImported(ctx, journal.NoID, "BNP", left[0].Statement, left[0].Ref, reconcile.ImportedTarget{Account: "627000"})
	require.NoError(t, err)
	for _, acct := range []struct{ code, want string }{{"512000", "9868.08 EUR"}, {"512100", "0.00 EUR"}, {"512200", "0.00 EUR"}} {
		bal, err := book.Balance(ctx, ledger.BalanceQuery{Account: acct.code})
		require.NoError(t, err)
		assert.Equal(t, acct.want, bal.Balance.String(), acct.code)
	}
	for _, id := range []journal.ID{a.ID, c.ID, d.ID, e.ID, g.ID, s1.ID, s2.ID} {
		assert.Equal(t, reconcile.Paid, state(id).State)
	}
	_ = payA
	_ = payB
	_ = payCD
	_ = payG

	// --- Aged balance at the end of April: only B's 360.00 is open, its
	// due date 4 April, 26 days past.
	aged, err := rec.Aged(ctx, reconcile.AgedQuery{At: erpDay(4, 30)})
	require.NoError(t, err)
	recv, err := book.Balance(ctx, ledger.BalanceQuery{Account: "411000", At: erpDay(4, 30)})
	require.NoError(t, err)
	assert.Equal(t, recv.Balance.String(), aged.CompanyTotal.String())
	require.Len(t, aged.Rows, 2, aged.String()) // B's residual, E's overpayment
	assert.Equal(t, "350.00 EUR", aged.CompanyTotal.String())
	t.Log("\n" + aged.String())

	// --- Partner statement, printed.
	ps, err := rec.Statement(ctx, "411000", "C1")
	require.NoError(t, err)
	assert.True(t, ps.Due.IsZero())
	assert.Equal(t, "10.00 EUR", ps.Unallocated.String())
	var pdf bytes.Buffer
	require.NoError(t, print.PartnerStatement(&pdf, "Boulangerie Industrielle SA", "Boulangerie Martin", erpDay(3, 31), ps))
	assert.True(t, bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")))

	// --- VAT report of March: its totals agree with the tax accounts.
	vr, err := rec.VATReport(ctx, erpDay(3, 1), erpDay(3, 31))
	require.NoError(t, err)
	t.Log("\n" + vr.String())
	mv := func(acct string) currency.Amount {
		bal, err := book.Balance(ctx, ledger.BalanceQuery{Account: acct, At: erpDay(3, 31)})
		require.NoError(t, err)
		return bal.Balance
	}
	assert.Equal(t, mv("445710").Neg().String(), vr.Collected.String())
	assert.Equal(t, mv("445660").String(), vr.Deductible.String())
	assert.Equal(t, "500.00 EUR", vr.Deductible.String())
	assert.Empty(t, vr.Untaxed)

	// --- FEC of 2026, validated.
	var buf bytes.Buffer
	fs, err := report.WriteFEC(ctx, book, "2026", &buf, report.FECOptions{})
	require.NoError(t, err)
	frep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: fs.Year.Start, YearEnd: fs.Year.End})
	require.NoError(t, err)
	assert.True(t, frep.OK(), "%v", frep.Findings)
	assert.True(t, fs.Debit.Equal(fs.Credit))
	assert.True(t, strings.HasPrefix(buf.String(), "JournalCode\t"))
	assert.Contains(t, buf.String(), "\tAAA\t20260310\t", "A's lines carry their letter code and its date")

	// --- Integrity, and once more after a reopen.
	require.NoError(t, book.Check(ctx))
	require.NoError(t, book.Verify(ctx))
	seal, err := book.Seal(ctx)
	require.NoError(t, err)
	require.NoError(t, st.Close())
	st, book, rec = erpBooks(t, ctx, path, false)
	defer st.Close()
	require.NoError(t, book.Verify(ctx, ledger.WithAnchor(seal)))
	assert.Equal(t, reconcile.Paid, state(a.ID).State)
}

// TestERPVATReportPeriods: the VAT report's period bounds. A zero date
// leaves its end open, as ledger.LineFilter's do; a period that ends before
// it starts is refused by every report of package report ("bad period"),
// but here gives an empty report and no error: a VAT return of zero.
func TestERPVATReportPeriods(t *testing.T) {
	ctx := context.Background()
	book, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: erpEUR})
	require.NoError(t, err)
	require.NoError(t, book.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, book.InstallFrenchChart(ctx))
	require.NoError(t, book.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Boulangerie Martin"}))
	rec := erpReconciler(t, ctx, book)
	inv, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: erpDay(3, 2), Partner: "C1", PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{{Label: "Four", UnitPrice: erpAmt("1000.00"), Account: "706000",
			Taxes: []tax.Tax{tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)}}}}.Entry()
	require.NoError(t, err)
	_, err = book.Post(ctx, inv)
	require.NoError(t, err)

	all, err := rec.VATReport(ctx, journal.Date{}, journal.Date{})
	require.NoError(t, err)
	assert.Equal(t, "200.00 EUR", all.Collected.String(), "zero dates leave the period open")
	open, err := rec.VATReport(ctx, erpDay(3, 1), journal.Date{})
	require.NoError(t, err)
	assert.Equal(t, "200.00 EUR", open.Collected.String())

	_, err = rec.VATReport(ctx, erpDay(3, 31), erpDay(3, 1))
	assert.ErrorIs(t, err, journal.ErrDate, "a period that ends before it starts")
	_, err = rec.CashBasisPayments(ctx, erpDay(3, 31), erpDay(3, 1))
	assert.ErrorIs(t, err, journal.ErrDate)
}
