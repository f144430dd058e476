package reconcile_test

// h-rev91: published test cases of ERPNext
// (erpnext/accounts/doctype/payment_reconciliation/test_payment_reconciliation.py,
// payment_entry/test_payment_entry.py, unreconcile_payment/test_unreconcile_payment.py)
// translated to lettrage's API: ERPNext's Payment Reconciliation tool
// "allocate + reconcile" is Reconcile on the invoice's and payment's
// receivable lines; a Payment Entry with no reference is RegisterPayment
// with no invoices (an outstanding credit); cancelling a Payment Entry is
// CancelPayment; "Unreconcile Payment" on one invoice is Detach of that
// invoice's line. Company currency EUR (ERPNext's INR) unless said.

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev91Run runs scenario lines on a memstore book of company currency
// code (EUR when empty).
func hrev91Run(t *testing.T, code string, lines ...string) *scenario {
	t.Helper()
	c := eur
	if code != "" {
		c = currency.MustLookup(code)
	}
	f := newFixtureIn(t, memstore.New(), c)
	s := &scenario{t: t, f: f, docs: map[string]journal.Entry{}, ops: map[string]journal.ID{}, units: map[string]currency.Currency{},
		tol: []currency.Amount{currency.MustParse(c, "0.05")}}
	s.run(t.Name(), strings.NewReader(strings.Join(lines, "\n")))
	return s
}

// test_payment_against_invoice: invoice 200, two unallocated receipts 55
// and 35 reconciled against it → "Partly Paid", outstanding 110; the 55
// receipt cancelled → outstanding 165, no payment left to allocate.
func TestHrev91PaymentAgainstInvoice(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "",
		"invoice SI C1 2026-03-01 200.00",
		"pay PE1 C1 BQD 2026-03-02 55.00",
		"pay PE2 C1 BQD 2026-03-02 35.00",
		"letter SI PE1 PE2",
		"state SI partial 110.00",
		"residual PE1 0.00", "residual PE2 0.00",
		"unallocated C1 0.00",
		"cancel PE1",
		"state SI partial 165.00",
		"residual PE2 0.00",
		"unallocated C1 0.00",
		"due C1 165.00",
	)
}

// test_payment_against_multiple_invoices: invoices 150 and 400 (2 × 200),
// one receipt 400 reconciled against both → SI1 "Paid" (150 allocated),
// SI2 "Partly Paid", outstanding 150 (250 allocated).
func TestHrev91PaymentAgainstMultipleInvoices(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "",
		"invoice SI1 C1 2026-03-01 150.00",
		"invoice SI2 C1 2026-03-01 400.00",
		"pay PE C1 BQD 2026-03-02 400.00",
		"letter SI1 SI2 PE",
		"state SI1 paid 0.00",
		"state SI2 partial 150.00",
		"residual PE 0.00",
	)
	// The same through RegisterPayment naming both invoices (the Payment
	// Entry's references).
	hrev91Run(t, "",
		"invoice SI1 C1 2026-03-01 150.00",
		"invoice SI2 C1 2026-03-01 400.00",
		"pay PE C1 BQD 2026-03-02 400.00 SI1 SI2",
		"state SI1 paid 0.00",
		"state SI2 partial 150.00",
		"unallocated C1 0.00",
	)
}

// test_cr_note_against_invoice / test_matching_credit_note_with_sales_invoice_TC_ACC_009:
// invoice 300, return 300 reconciled → invoice outstanding 0, "Paid" in
// ERPNext; DESIGN §5 says an invoice settled only by credit notes is
// `reversed` (DESIGN wins on the state name).
func TestHrev91CreditNoteAgainstInvoice(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "",
		"invoice SI C1 2026-03-01 300.00",
		"creditnote CN C1 2026-03-01 300.00",
		"letter SI CN",
		"state SI reversed 0.00",
		"residual CN 0.00",
		"code SI AAA",
	)
}

// test_cr_note_partial_against_invoice: invoice 100, return 100, the
// allocation cut to 80 → invoice "Partly Paid", outstanding 20; the tool
// then lists invoice 20 and the credit note's 20 as payment.
func TestHrev91CreditNotePartialAgainstInvoice(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "",
		"invoice SI C1 2026-03-01 100.00",
		"creditnote CN C1 2026-03-01 100.00",
		"letter SI CN limit=80.00",
		"state SI partial 20.00",
		"state CN partial 20.00",
		"residual CN -20.00",
		"unallocated C1 20.00",
		"due C1 20.00",
		// and the rest: both close, one code
		"letter SI CN",
		"state SI reversed 0.00",
		"code SI AAA", "code CN AAA",
	)
}

// test_payment_with_sales_invoice_return: invoice 200, receipt 100
// (unallocated), return 100; all reconciled → invoice "Paid", outstanding 0.
func TestHrev91PaymentWithSalesInvoiceReturn(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "",
		"invoice SI C1 2026-03-01 200.00",
		"pay PE C1 BQD 2026-03-02 100.00",
		"creditnote CN C1 2026-03-03 100.00",
		"letter SI PE CN",
		"state SI paid 0.00",
		"residual PE 0.00", "residual CN 0.00",
		"code SI AAA",
	)
}

// test_filter_posting_date_case2: a receipt 25 dated 30 days before the
// invoice 25 reconciles with it; nothing stays open.
func TestHrev91AdvanceBeforeInvoice(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "",
		"pay PE C1 BQD 2026-02-01 25.00",
		"invoice SI C1 2026-03-03 25.00",
		"letter SI PE",
		"state SI paid 0.00",
		"unallocated C1 0.00",
		"due C1 0.00",
	)
}

// test_payment_adjustment_after_invoice_cancellation_TC_ACC_013: invoice
// 500 paid by a 500 receipt; the reconciliation undone (lettrage's
// Unletter) → the receipt is an unallocated 500 again; a new invoice 500
// (2 × 250) reconciled with it → paid.
func TestHrev91ReallocateAfterUnletter(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "",
		"invoice SI1 C1 2026-03-01 500.00",
		"pay PE C1 BQD 2026-03-02 500.00 SI1",
		"state SI1 paid 0.00",
		"unletter SI1",
		"state SI1 not_paid 500.00",
		"unallocated C1 500.00",
		"invoice SI2 C1 2026-03-05 500.00",
		"letter SI2 PE",
		"state SI2 paid 0.00",
		"state SI1 not_paid 500.00",
		"unallocated C1 0.00",
	)
}

// test_difference_amount_via_journal_entry (company INR): invoice 100 EUR
// at 85 (8 500 INR); receipts 100 EUR at 80 (8 000) and 200 EUR at 80
// (16 000). Allocating either to the invoice: allocated 100 EUR, difference
// −500 (a loss). Reconciling with the 200 EUR receipt posts the 500 to the
// exchange account, and the receipt keeps 100 EUR / 8 000 INR open.
func TestHrev91DifferenceAmountViaJournalEntry(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "INR",
		"invoice SI C1 2026-03-01 100.00 cur=EUR eur=8500.00",
		"pay PE1 C1 BQD 2026-03-02 100.00 cur=EUR eur=8000.00",
		"pay PE2 C1 BQD 2026-03-02 200.00 cur=EUR eur=16000.00",
		"letter SI PE2",
		"state SI paid 0.00 cur=0.00",
		"residual SI 0.00 cur=0.00",
		"residual PE2 -8000.00 cur=-100.00",
		"residual PE1 -8000.00 cur=-100.00",
		"balance 656000 500.00",
		"balance 756000 0.00",
		// the rest of PE2 pays a second invoice at 80: no difference
		"invoice SI2 C1 2026-03-03 100.00 cur=EUR eur=8000.00",
		"letter SI2 PE2",
		"residual PE2 0.00 cur=0.00",
		"balance 656000 500.00",
		"balance 756000 0.00",
		// unreconciling SI (ERPNext's Unreconcile Payment) reverses its 500
		"detach SI",
		"balance 656000 0.00",
		"residual SI 8500.00 cur=100.00",
		"residual PE2 -8000.00 cur=-100.00",
	)
}

// test_difference_amount_via_journal_entry, partial: the same invoice paid
// 50 EUR at 80 (4 000 INR): its share at 85 is 4 250, a 250 loss; the
// invoice keeps 50 EUR / 4 250 INR.
func TestHrev91PartialForeignAllocation(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "INR",
		"invoice SI C1 2026-03-01 100.00 cur=EUR eur=8500.00",
		"pay PE C1 BQD 2026-03-02 50.00 cur=EUR eur=4000.00 SI",
		"state SI partial 4250.00 cur=50.00",
		"balance 656000 250.00",
		"pay PE2 C1 BQD 2026-03-05 50.00 cur=EUR eur=4500.00 SI",
		"state SI paid 0.00",
		"balance 656000 250.00",
		"balance 756000 -250.00",
		"code SI AAA",
	)
}

// test_unreconcile_payment.py test_01_unreconcile_invoice: invoices 100
// and 100 paid by one receipt 200; unreconciling SI1 only → SI1
// outstanding 100, SI2 0, the receipt 100 unallocated.
func TestHrev91UnreconcileOneInvoice(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "",
		"invoice SI1 C1 2026-03-01 100.00",
		"invoice SI2 C1 2026-03-01 100.00",
		"pay PE C1 BQD 2026-03-02 200.00 SI1 SI2",
		"state SI1 paid 0.00", "state SI2 paid 0.00",
		"detach SI1",
		"state SI1 not_paid 100.00",
		"state SI2 paid 0.00",
		"residual PE -100.00",
		"unallocated C1 100.00",
		"due C1 100.00",
	)
}

// test_unreconcile_payment.py test_03_unreconciliation_on_multi_currency_invoice
// (company INR): SI1 and SI2 100 USD at 80 (8 000 INR each), one receipt
// 200 USD at 75 (15 000 INR) allocated 100 to each: a 500 loss each.
// Unreconciling SI1 → SI1 outstanding 100 USD, the receipt 100 USD
// unallocated, SI1's exchange entry cancelled, SI2's kept.
func TestHrev91UnreconcileForeignInvoice(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "INR",
		"invoice SI1 C1 2026-03-01 100.00 cur=USD eur=8000.00",
		"invoice SI2 C1 2026-03-01 100.00 cur=USD eur=8000.00",
		"pay PE C1 BQD 2026-03-02 200.00 cur=USD eur=15000.00 SI1 SI2",
		"state SI1 paid 0.00", "state SI2 paid 0.00",
		"residual PE 0.00 cur=0.00",
		"balance 656000 1000.00",
		"detach SI1",
		"residual SI1 8000.00 cur=100.00",
		"state SI2 paid 0.00",
		"residual PE -7500.00 cur=-100.00",
		"balance 656000 500.00",
		"balance 756000 0.00",
	)
}

// test_unreconcile_payment.py test_04_unreconciliation_on_multi_currency_invoice
// (company INR): SI1 and SI2 100 USD at 80; receipts PE1 and PE2 100 USD at
// 75 (7 500 INR) each split 50/50 over both invoices (a 250 loss per
// allocation, 1 000 in all). lettrage detaches a line from all its
// partials (DESIGN §5), so PE2 is taken off both invoices: SI1 and SI2
// keep 50 USD / 4 000 INR each, PE2 is 100 USD / 7 500 unallocated, and
// PE1's exchange entries (500) stay.
func TestHrev91UnreconcileOneOfTwoForeignPayments(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "INR",
		"invoice SI1 C1 2026-03-01 100.00 cur=USD eur=8000.00",
		"invoice SI2 C1 2026-03-01 100.00 cur=USD eur=8000.00",
		"pay PE1 C1 BQD 2026-03-02 100.00 cur=USD eur=7500.00",
		"pay PE2 C1 BQD 2026-03-02 100.00 cur=USD eur=7500.00",
		"letter SI1 PE1 limit=50.00 cur=USD",
		"letter SI2 PE1",
		"letter SI1 PE2",
		"letter SI2 PE2",
		"state SI1 paid 0.00", "state SI2 paid 0.00",
		"residual PE1 0.00 cur=0.00", "residual PE2 0.00 cur=0.00",
		"balance 656000 1000.00",
		"detach PE2",
		"residual SI1 4000.00 cur=50.00",
		"residual SI2 4000.00 cur=50.00",
		"residual PE2 -7500.00 cur=-100.00",
		"residual PE1 0.00 cur=0.00",
		"balance 656000 500.00",
		"balance 756000 0.00",
	)
}

// test_payment_entry.py test_payment_entry_write_off_difference: invoice
// 100, receipt 95 with a 5 deduction on the write-off account → invoice
// outstanding 0; GL: receivable Cr 100, cash Dr 95, write-off Dr 5. With
// a 5.00 tolerance lettrage writes the 5 off to 658000.
func TestHrev91WriteOffDifference(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "",
		"tolerance 5.00",
		"invoice SI C1 2026-03-01 100.00",
		"pay PE C1 BQD 2026-03-02 95.00 SI",
		"state SI partial 5.00",
		"letter SI PE writeoff=1",
		"state SI paid 0.00",
		"balance 658000 5.00",
		"balance 411000 0.00",
		"code SI AAA",
	)
}

// test_payment_reconciliation.py test_reconcile_advance_journal_entries,
// "Attempt to over allocate a partially allocated jv": allocating more than
// a payment has left raises ValidationError and writes nothing. Here:
// invoice 5 000, receipt 200 of which 100 is already used on another
// invoice; allocating 200 of it is refused (ErrOverAllocation), as is a
// UseCredit of 200.
func TestHrev91OverAllocationRefused(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "",
		"invoice SI0 C1 2026-03-01 100.00",
		"pay PE C1 BQD 2026-03-02 200.00 SI0",
		"invoice SI C1 2026-03-03 5000.00",
		"! ErrOverAllocation letter SI PE limit=200.00",
		"! ErrOverAllocation use SI PE amount=200.00",
		"letter SI PE limit=100.00",
		"state SI partial 4900.00",
		"residual PE 0.00",
	)
}

// test_payment_entry.py, supplier side of test_difference_amount (company
// INR): bill 100 USD at 80 (8 000 INR), paid 100 USD at 75 (7 500 INR):
// the supplier is paid less company money than booked, a 500 gain.
func TestHrev91ForeignBillGain(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "INR",
		"bill B S1 2026-03-01 100.00 cur=USD eur=8000.00",
		"paysupplier P S1 BQD 2026-03-02 100.00 cur=USD eur=7500.00 B",
		"state B paid 0.00",
		"balance 756000 -500.00",
		"balance 656000 0.00",
		"balance 401000 0.00",
		"code B AAA",
	)
}

// test_cr_note_partial_against_invoice in foreign currency (company INR,
// as test_pr_output_foreign_currency_and_amount): invoice 100 EUR at 80
// (8 000 INR), credit note 100 EUR at 85 (8 500 INR), 50 EUR allocated:
// the invoice keeps 50 EUR / 4 000, the credit note 50 EUR / 4 250 (each
// open residual at its own rate, DESIGN §5): the receivable keeps a net
// credit of 250 INR for nothing in EUR, cleared Dr 411000 / Cr 756000
// (a gain: the credit note took back more than the invoice booked); the
// rest then closes both with another 250.
func TestHrev91ForeignCreditNotePartial(t *testing.T) {
	t.Parallel()
	hrev91Run(t, "INR",
		"invoice SI C1 2026-03-01 100.00 cur=EUR eur=8000.00",
		"creditnote CN C1 2026-03-02 100.00 cur=EUR eur=8500.00",
		"letter SI CN limit=50.00 cur=EUR",
		"residual SI 4000.00 cur=50.00",
		"residual CN -4250.00 cur=-50.00",
		"balance 756000 -250.00",
		"letter SI CN",
		"residual SI 0.00 cur=0.00",
		"residual CN 0.00 cur=0.00",
		"balance 756000 -500.00",
		"balance 656000 0.00",
		"state SI reversed 0.00",
		// undoing it restores both exactly
		"unletter SI",
		"residual SI 8000.00 cur=100.00",
		"residual CN -8500.00 cur=-100.00",
		"balance 756000 0.00",
	)
}

// test_payment_reconciliation.py test_payment_against_foreign_currency_journal
// (company INR): one journal entry credits supplier S1 100 USD at 80
// (8 000 INR) and supplier S2 100 USD at 83 (8 300 INR) on the payable
// account, against expenses 16 300; a payment to S1 of 100 USD at 80
// (8 000 INR) reconciled with S1's line: no difference amount, nothing
// left open for S1, no exchange entry; S2's line untouched.
func TestHrev91PaymentAgainstForeignJournalTwoSuppliers(t *testing.T) {
	t.Parallel()
	inr, usd := currency.MustLookup("INR"), currency.MustLookup("USD")
	f := newFixtureIn(t, memstore.New(), inr)
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "S2", Name: "Partner S2"}))
	m := func(c currency.Currency, s string) currency.Amount { return currency.MustParse(c, s) }
	je := f.post(t, journal.Entry{Journal: "OD", Date: d(3, 1), Currency: usd, Lines: []journal.Line{
		{Account: "401000", Partner: "S1", Balance: m(inr, "-8000.00"), AmountCurrency: m(usd, "-100.00")},
		{Account: "401000", Partner: "S2", Balance: m(inr, "-8300.00"), AmountCurrency: m(usd, "-100.00")},
		{Account: "607000", Balance: m(inr, "16300.00"), AmountCurrency: m(usd, "200.00")},
	}})
	res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQD", Date: d(3, 2),
		Amount: m(usd, "100.00"), CompanyAmount: m(inr, "8000.00"), Method: reconcile.MethodTransfer})
	require.NoError(t, err)
	pe := res.Entries[0]
	res, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{{Entry: je.ID, Index: 0}, {Entry: pe.ID, Index: 0}}})
	require.NoError(t, err)
	assert.Empty(t, res.Entries, "no exchange entry: both at 80")
	assert.True(t, f.residual(t, journal.LineRef{Entry: je.ID, Index: 0}).IsZero())
	assert.True(t, f.residual(t, journal.LineRef{Entry: pe.ID, Index: 0}).IsZero())
	assert.Equal(t, "-8300.00 INR", f.residual(t, journal.LineRef{Entry: je.ID, Index: 1}).String())
	f.check(t)
}
